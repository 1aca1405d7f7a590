/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * hwsctl's frame builder: a well-formed frame from the header fields of a
 * packet line, the way a traffic generator would send it.
 */
#ifndef HWSCTL_FRAME_H
#define HWSCTL_FRAME_H

#include <stddef.h>
#include <stdint.h>

/*
 * The largest frame the builder writes: two full header stacks around a
 * GENEVE header with the most options (252 bytes).
 */
#define FRAME_BUILD_MAX 512
/* The shortest Ethernet frame, without its FCS; shorter ones are padded. */
#define FRAME_MIN_LEN 60

/*
 * Build a frame from field values in fte_match_param layout (512 bytes):
 * Ethernet, one or two VLAN tags where the fields name them, IPv4 or IPv6,
 * TCP, UDP or ICMP, and behind VXLAN (UDP 4789, or a VNI given), GENEVE (UDP 6081) or
 * GRE (protocol 47, or a key given) the inner headers.  Lengths and
 * checksums (IPv4 header, TCP, UDP, ICMP) are filled in.  Fields that no
 * frame carries (metadata registers, the source port) are refused: returns
 * EINVAL with a reason in *why; otherwise 0 and the length in *len.
 */
int frame_build(const uint8_t *match, uint8_t buf[FRAME_BUILD_MAX], size_t *len,
		const char **why);

#endif /* HWSCTL_FRAME_H */
