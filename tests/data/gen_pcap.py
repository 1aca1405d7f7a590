#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
"""Write the capture of the pcap test, and what each frame should meet.

frames.pcap holds COUNT frames of the kinds below, chosen at random with a
fixed seed; frame i has the timestamp i seconds, so that a capture written
out names its frames.  frames.expect gives, per frame, the destination that
frames.rules sends it to: a line "i dest".

    tests/data/gen_pcap.py tests/data            # the committed files
    tests/data/gen_pcap.py --count 1000000 --no-expect /tmp/big   # a bench

The pcap format is written by hand here (a 24-byte file header, then a
16-byte record header per frame); hwsctl reads it with libpcap.
"""
import argparse
import os
import random
import struct


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(dst, src, etype, vlans=()):
    h = dst + src
    for tpid, tci in vlans:
        h += struct.pack("!HH", tpid, tci)
    return h + struct.pack("!H", etype)


def ipv4(src, dst, proto, payload, opts=b"", frag=0, ttl=64):
    ihl = 5 + len(opts) // 4
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, 4 * ihl + len(payload),
                    0x1234, frag, ttl, proto, 0, src, dst) + opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ipv6(src, dst, nxt, payload):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), nxt, 64,
                       src, dst) + payload


def pseudo(src, dst, proto, length):
    if len(src) == 4:
        return src + dst + struct.pack("!BBH", 0, proto, length)
    return src + dst + struct.pack("!IxxxB", length, proto)


def udp(src, dst, sport, dport, payload):
    h = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
    c = csum(pseudo(src, dst, 17, 8 + len(payload)) + h + payload) or 0xFFFF
    return h[:6] + struct.pack("!H", c) + payload


def tcp(src, dst, sport, dport, flags=0x02, payload=b""):
    h = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, flags, 65535,
                    0, 0)
    c = csum(pseudo(src, dst, 6, 20 + len(payload)) + h + payload)
    return h[:16] + struct.pack("!H", c) + h[18:] + payload


def icmp_echo(ident, seq):
    h = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"ping"
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]


def ip4(a, b, c, d):
    return bytes((a, b, c, d))


V6_DST = bytes.fromhex("20010db8000000000000000000000001")
MAC_A = bytes.fromhex("0200000000aa")
MAC_B = bytes.fromhex("0200000000bb")


def inner_tcp(r, dport):
    src, dst = ip4(192, 168, 1, r.randrange(1, 255)), ip4(192, 168, 2, 1)
    return eth(MAC_B, MAC_A, 0x0800,
               ) + ipv4(src, dst, 6, tcp(src, dst, r.randrange(1024, 65535),
                                          dport))


def outer_udp4(r, dport, payload):
    src, dst = ip4(10, 0, 0, r.randrange(1, 255)), ip4(10, 0, 0, 254)
    return eth(MAC_A, MAC_B, 0x0800) + ipv4(
        src, dst, 17, udp(src, dst, r.randrange(49152, 65535), dport, payload))


def frame(r, kind):
    """A frame of kind, and where frames.rules sends it."""
    if kind == "vxlan":
        vni = r.choice((100, 101))
        f = outer_udp4(r, 4789, struct.pack("!II", 0x08000000, vni << 8) +
                       inner_tcp(r, r.randrange(1, 400)))
        return f, "vport3" if vni == 100 else "miss"
    if kind == "gre":
        key = r.choice((0x77, 0x78))
        src, dst = ip4(10, 1, 0, 1), ip4(10, 1, 0, 2)
        g = struct.pack("!HHI", 0x2000, 0x6558, key) + inner_tcp(r, 80)
        return (eth(MAC_A, MAC_B, 0x0800) + ipv4(src, dst, 47, g),
                "vport4" if key == 0x77 else "miss")
    if kind in ("dns", "dns_opts", "dns_frag"):
        src = ip4(10, 2, r.randrange(256), r.randrange(1, 255))
        dst = ip4(10, 3, 0, 53)
        u = udp(src, dst, r.randrange(1024, 65535), 53, b"\x12\x34" * 10)
        if kind == "dns_frag":
            # a later fragment: its payload is no UDP header
            return (eth(MAC_A, MAC_B, 0x0800) +
                    ipv4(src, dst, 17, u, frag=3), "miss")
        opts = b"\x01\x01\x01\x00" * 2 if kind == "dns_opts" else b""
        return eth(MAC_A, MAC_B, 0x0800) + ipv4(src, dst, 17, u, opts), \
            "vport5"
    if kind == "block":
        src, dst = ip4(10, 4, 0, 1), ip4(10, 9, r.randrange(256), 1)
        return (eth(MAC_A, MAC_B, 0x0800) +
                ipv4(src, dst, 6, tcp(src, dst, 4000, 25)), "drop")
    if kind in ("v6", "v6_hbh"):
        src = bytes.fromhex("fe800000000000000000000000000002")
        u = udp(src, V6_DST, 5000, r.randrange(1, 65535), b"six")
        if kind == "v6_hbh":
            # hop-by-hop options: the parser stops, the address still hits
            return (eth(MAC_A, MAC_B, 0x86DD) +
                    ipv6(src, V6_DST, 0, bytes((17, 0, 1, 4, 0, 0, 0, 0)) +
                         u), "vport6")
        return eth(MAC_A, MAC_B, 0x86DD) + ipv6(src, V6_DST, 17, u), "vport6"
    if kind in ("vlan", "qinq"):
        src, dst = ip4(172, 16, 0, 1), ip4(172, 16, 0, 2)
        vlans = ((0x8100, 42),) if kind == "vlan" else \
            ((0x88A8, 5), (0x8100, 42))
        return (eth(MAC_A, MAC_B, 0x0800, vlans) +
                ipv4(src, dst, 6, tcp(src, dst, 2222, 22)),
                "vport7" if kind == "vlan" else "miss")
    if kind == "geneve":
        port = r.choice((443, 8443))
        g = struct.pack("!BBHI", 0, 0, 0x6558, 7 << 8) + inner_tcp(r, port)
        return outer_udp4(r, 6081, g), "vport8" if port == 443 else "miss"
    if kind == "arp":
        arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MAC_A,
                          ip4(10, 0, 0, 1), b"\0" * 6, ip4(10, 0, 0, 2))
        return eth(b"\xff" * 6, MAC_A, 0x0806) + arp, "miss"
    src, dst = ip4(10, 5, 0, 1), ip4(10, 5, 0, 2)
    return (eth(MAC_A, MAC_B, 0x0800) +
            ipv4(src, dst, 1, icmp_echo(r.randrange(65536), 1)), "miss")


KINDS = ("vxlan", "gre", "dns", "dns_opts", "dns_frag", "block", "v6",
         "v6_hbh", "vlan", "qinq", "geneve", "arp", "icmp")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--no-expect", action="store_true")
    args = ap.parse_args()
    r = random.Random(9)
    with open(os.path.join(args.dir, "frames.pcap"), "wb") as pcap:
        pcap.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        expect = []
        for i in range(1, args.count + 1):
            f, dest = frame(r, r.choice(KINDS))
            f += b"\0" * (60 - len(f))  # the shortest Ethernet frame
            pcap.write(struct.pack("<IIII", i, 0, len(f), len(f)) + f)
            expect.append("%d %s\n" % (i, dest))
    if not args.no_expect:
        with open(os.path.join(args.dir, "frames.expect"), "w") as e:
            e.writelines(expect)


if __name__ == "__main__":
    main()
