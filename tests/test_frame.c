// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model's frame parser on frames built here byte by byte: every header
 * it knows, the tunnels' inner headers, and where it stops.
 */
#include <string.h>

#include "frame.h"
#include "helpers.h"
#include "libhws/prm.h"

struct frame {
	uint8_t b[256];
	size_t n;
};

static void put(struct frame *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void put8(struct frame *f, uint8_t v)
{
	put(f, &v, 1);
}

static void put16(struct frame *f, uint16_t v)
{
	put8(f, v >> 8);
	put8(f, v);
}

static void put32(struct frame *f, uint32_t v)
{
	put16(f, v >> 16);
	put16(f, v);
}

static const uint8_t dmac[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t smac[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };

static void eth(struct frame *f, uint16_t type)
{
	put(f, dmac, 6);
	put(f, smac, 6);
	put16(f, type);
}

/* An IPv4 header of ihl words (options are NOPs); checksum left 0. */
static void ipv4(struct frame *f, uint8_t ihl, uint8_t tos, uint16_t frag,
		 uint8_t proto, uint32_t src, uint32_t dst)
{
	int i;

	put8(f, 0x40 | ihl);
	put8(f, tos);
	put16(f, 4 * ihl + 8);
	put16(f, 0x1234);
	put16(f, frag);
	put8(f, 63);
	put8(f, proto);
	put16(f, 0);
	put32(f, src);
	put32(f, dst);
	for (i = 5; i < ihl; i++)
		put32(f, 0x01010101);
}

static void ipv6(struct frame *f, uint8_t tc, uint32_t flow, uint8_t next)
{
	int i;

	put32(f, 6u << 28 | (uint32_t)tc << 20 | flow);
	put16(f, 8);
	put8(f, next);
	put8(f, 64);
	for (i = 0; i < 16; i++)
		put8(f, 0x20 + i); /* source */
	for (i = 0; i < 16; i++)
		put8(f, 0x40 + i); /* destination */
}

static void udp(struct frame *f, uint16_t sport, uint16_t dport)
{
	put16(f, sport);
	put16(f, dport);
	put16(f, 8);
	put16(f, 0);
}

static void tcp(struct frame *f, uint16_t sport, uint16_t dport, uint16_t flags)
{
	put16(f, sport);
	put16(f, dport);
	put32(f, 0x10203040); /* sequence */
	put32(f, 0x50607080); /* acknowledgement */
	put8(f, 5 << 4 | flags >> 8);
	put8(f, flags);
	put16(f, 0xffff);
	put32(f, 0);
}

#define M(fld) DEVX_GET(fte_match_param, m, fld)
/* DW i of a 128-bit address field; an IPv4 address is DW 3 */
#define ADDR(fld, i) \
	_devx_get(m, PRM_BIT_OFF(fte_match_param, fld) + 32 * (i), 32)

static size_t parse(const struct frame *f, uint8_t *m)
{
	return sim_frame_parse(f->b, f->n, m);
}

START_TEST(test_eth_unknown_type_stops)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x88cc); /* LLDP */
	put32(&f, 0x45000000);
	ck_assert_uint_eq(parse(&f, m), 14);
	ck_assert_uint_eq(M(outer_headers.dmac_47_16), 0x00112233);
	ck_assert_uint_eq(M(outer_headers.dmac_15_0), 0x4455);
	ck_assert_uint_eq(M(outer_headers.smac_47_16), 0x02aabbcc);
	ck_assert_uint_eq(M(outer_headers.smac_15_0), 0xddee);
	ck_assert_uint_eq(M(outer_headers.ethertype), 0x88cc);
	ck_assert_uint_eq(M(outer_headers.ip_version), 0);
}
END_TEST

START_TEST(test_runt_parses_nothing)
{
	struct frame f = { 0 };
	uint8_t m[512], zero[512] = { 0 };

	eth(&f, 0x0800);
	f.n = 13;
	ck_assert_uint_eq(parse(&f, m), 0);
	ck_assert(!memcmp(m, zero, sizeof(m)));
}
END_TEST

START_TEST(test_two_vlans)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x88a8);
	put16(&f, 5u << 13 | 1u << 12 | 100); /* S-tag: prio 5, DEI, VID 100 */
	put16(&f, 0x8100);
	put16(&f, 3u << 13 | 200); /* C-tag: prio 3, VID 200 */
	put16(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 17, 0x0a000001, 0x0a000002);
	udp(&f, 1000, 53);
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(outer_headers.svlan_tag), 1);
	ck_assert_uint_eq(M(outer_headers.cvlan_tag), 0);
	ck_assert_uint_eq(M(outer_headers.first_prio), 5);
	ck_assert_uint_eq(M(outer_headers.first_cfi), 1);
	ck_assert_uint_eq(M(outer_headers.first_vid), 100);
	ck_assert_uint_eq(M(misc_parameters.outer_second_cvlan_tag), 1);
	ck_assert_uint_eq(M(misc_parameters.outer_second_svlan_tag), 0);
	ck_assert_uint_eq(M(misc_parameters.outer_second_prio), 3);
	ck_assert_uint_eq(M(misc_parameters.outer_second_vid), 200);
	ck_assert_uint_eq(M(outer_headers.ethertype), 0x0800);
	ck_assert_uint_eq(M(outer_headers.ip_version), 4);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 53);
}
END_TEST

START_TEST(test_third_vlan_stops)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x8100);
	put16(&f, 10);
	put16(&f, 0x8100);
	put16(&f, 20);
	put16(&f, 0x8100);
	put16(&f, 30);
	put16(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 17, 1, 2);
	ck_assert_uint_eq(parse(&f, m), 22);
	ck_assert_uint_eq(M(outer_headers.cvlan_tag), 1);
	ck_assert_uint_eq(M(outer_headers.first_vid), 10);
	ck_assert_uint_eq(M(misc_parameters.outer_second_vid), 20);
	ck_assert_uint_eq(M(outer_headers.ethertype), 0x8100);
	ck_assert_uint_eq(M(outer_headers.ip_version), 0);
}
END_TEST

START_TEST(test_ipv4_options_tcp)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x0800);
	ipv4(&f, 7, 0xb9, 0x4000 /* DF */, 6, 0xc0a80001, 0xc0a80102);
	tcp(&f, 40000, 443, 0x112); /* NS, ACK, SYN */
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(outer_headers.ipv4_ihl), 7);
	ck_assert_uint_eq(M(outer_headers.ip_dscp), 0xb9 >> 2);
	ck_assert_uint_eq(M(outer_headers.ip_ecn), 1);
	ck_assert_uint_eq(M(outer_headers.ttl_hoplimit), 63);
	ck_assert_uint_eq(M(outer_headers.frag), 0);
	ck_assert_uint_eq(M(outer_headers.ip_protocol), 6);
	ck_assert_uint_eq(ADDR(outer_headers.src_ipv4_src_ipv6, 3), 0xc0a80001);
	ck_assert_uint_eq(ADDR(outer_headers.dst_ipv4_dst_ipv6, 3), 0xc0a80102);
	ck_assert_uint_eq(M(outer_headers.l4_type), 1);
	ck_assert_uint_eq(M(outer_headers.tcp_sport), 40000);
	ck_assert_uint_eq(M(outer_headers.tcp_dport), 443);
	ck_assert_uint_eq(M(outer_headers.tcp_flags), 0x112);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 0);
	ck_assert_uint_eq(M(misc_parameters_3.outer_tcp_seq_num), 0x10203040);
	ck_assert_uint_eq(M(misc_parameters_3.outer_tcp_ack_num), 0x50607080);
}
END_TEST

START_TEST(test_ipv4_fragments)
{
	struct frame f = { 0 };
	uint8_t m[512];

	/* the first fragment: more fragments, offset 0, the UDP header */
	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0x2000, 17, 1, 2);
	udp(&f, 7, 9);
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(outer_headers.frag), 1);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 9);
	/* a later one: payload where the header was, no ports */
	f.n = 0;
	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 185, 17, 1, 2);
	udp(&f, 7, 9);
	ck_assert_uint_eq(parse(&f, m), 34);
	ck_assert_uint_eq(M(outer_headers.frag), 1);
	ck_assert_uint_eq(M(outer_headers.ip_protocol), 17);
	ck_assert_uint_eq(M(outer_headers.l4_type), 0);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 0);
}
END_TEST

START_TEST(test_ipv4_bad_or_short_stops)
{
	struct frame f = { 0 };
	uint8_t m[512];

	/* options past the end of the frame */
	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 17, 1, 2);
	f.b[14] = 0x4f;
	ck_assert_uint_eq(parse(&f, m), 14);
	ck_assert_uint_eq(M(outer_headers.ethertype), 0x0800);
	ck_assert_uint_eq(M(outer_headers.ip_version), 0);
	/* IHL below 5 */
	f.b[14] = 0x44;
	ck_assert_uint_eq(parse(&f, m), 14);
	/* a version that is not 4 behind the IPv4 EtherType */
	f.b[14] = 0x65;
	ck_assert_uint_eq(parse(&f, m), 14);
	/* a UDP header cut short: the L3 fields stay */
	f.b[14] = 0x45;
	udp(&f, 7, 9);
	f.n -= 1;
	ck_assert_uint_eq(parse(&f, m), 34);
	ck_assert_uint_eq(M(outer_headers.ip_version), 4);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 0);
}
END_TEST

START_TEST(test_unknown_protocol_stops)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 132 /* SCTP */, 1, 2);
	udp(&f, 7, 9);
	ck_assert_uint_eq(parse(&f, m), 34);
	ck_assert_uint_eq(M(outer_headers.ip_protocol), 132);
	ck_assert_uint_eq(M(outer_headers.tcp_dport), 0);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 0);
}
END_TEST

START_TEST(test_ipv6_udp)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x86dd);
	ipv6(&f, 0x2e, 0xabcde, 17);
	udp(&f, 5000, 6000);
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(outer_headers.ip_version), 6);
	ck_assert_uint_eq(M(outer_headers.ip_dscp), 0x2e >> 2);
	ck_assert_uint_eq(M(outer_headers.ip_ecn), 2);
	ck_assert_uint_eq(M(outer_headers.ttl_hoplimit), 64);
	ck_assert_uint_eq(M(outer_headers.ip_protocol), 17);
	ck_assert_uint_eq(M(misc_parameters.outer_ipv6_flow_label), 0xabcde);
	ck_assert_uint_eq(ADDR(outer_headers.src_ipv4_src_ipv6, 0), 0x20212223);
	ck_assert_uint_eq(ADDR(outer_headers.dst_ipv4_dst_ipv6, 3), 0x4c4d4e4f);
	ck_assert_uint_eq(M(outer_headers.l4_type), 2);
	ck_assert_uint_eq(M(outer_headers.udp_sport), 5000);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 6000);
}
END_TEST

START_TEST(test_ipv6_extension_stops)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x86dd);
	ipv6(&f, 0, 0, 0 /* hop-by-hop options */);
	udp(&f, 5000, 6000);
	ck_assert_uint_eq(parse(&f, m), 54);
	ck_assert_uint_eq(M(outer_headers.ip_protocol), 0);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 0);
}
END_TEST

START_TEST(test_icmp)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 1, 1, 2);
	put8(&f, 8); /* echo request */
	put8(&f, 0);
	put16(&f, 0);
	put32(&f, 0x00070001); /* identifier, sequence */
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(misc_parameters_3.icmp_type), 8);
	ck_assert_uint_eq(M(misc_parameters_3.icmp_code), 0);
	ck_assert_uint_eq(M(misc_parameters_3.icmp_header_data), 0x00070001);
	ck_assert_uint_eq(M(outer_headers.l4_type), 0);

	f.n = 0;
	eth(&f, 0x86dd);
	ipv6(&f, 0, 0, 58);
	put8(&f, 1); /* destination unreachable */
	put8(&f, 4);
	put16(&f, 0);
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(misc_parameters_3.icmpv6_type), 1);
	ck_assert_uint_eq(M(misc_parameters_3.icmpv6_code), 4);
	ck_assert_uint_eq(M(misc_parameters_3.icmp_type), 0);
}
END_TEST

START_TEST(test_vxlan_inner)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 17, 0x01010101, 0x02020202);
	udp(&f, 49152, 4789);
	put32(&f, 0x08000000); /* I flag */
	put32(&f, 0x123456u << 8);
	put(&f, smac, 6); /* the inner L2 turns the MACs round */
	put(&f, dmac, 6);
	put16(&f, 0x8100);
	put16(&f, 42);
	put16(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 6, 0x0a000001, 0x0a000002);
	tcp(&f, 1111, 80, 0x02);
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 4789);
	ck_assert_uint_eq(M(misc_parameters.vxlan_vni), 0x123456);
	ck_assert_uint_eq(M(inner_headers.dmac_47_16), 0x02aabbcc);
	ck_assert_uint_eq(M(inner_headers.cvlan_tag), 1);
	ck_assert_uint_eq(M(inner_headers.first_vid), 42);
	ck_assert_uint_eq(M(inner_headers.ethertype), 0x0800);
	ck_assert_uint_eq(M(inner_headers.ip_version), 4);
	ck_assert_uint_eq(ADDR(inner_headers.src_ipv4_src_ipv6, 3), 0x0a000001);
	ck_assert_uint_eq(M(inner_headers.tcp_dport), 80);
	ck_assert_uint_eq(M(inner_headers.tcp_flags), 0x02);
	ck_assert_uint_eq(M(misc_parameters_3.inner_tcp_seq_num), 0x10203040);
	ck_assert_uint_eq(M(misc_parameters_3.outer_tcp_seq_num), 0);
	ck_assert_uint_eq(ADDR(outer_headers.src_ipv4_src_ipv6, 3), 0x01010101);
}
END_TEST

START_TEST(test_geneve_inner)
{
	struct frame f = { 0 };
	uint8_t m[512];

	eth(&f, 0x86dd);
	ipv6(&f, 0, 1, 17);
	udp(&f, 49152, 6081);
	put8(&f, 2); /* version 0, two option words */
	put8(&f, 0x80); /* OAM */
	put16(&f, 0x6558);
	put32(&f, 0xabcdefu << 8);
	put32(&f, 0x01020304); /* the options */
	put32(&f, 0x05060708);
	eth(&f, 0x86dd);
	ipv6(&f, 0, 0x54321, 17);
	udp(&f, 123, 456);
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(misc_parameters.geneve_vni), 0xabcdef);
	ck_assert_uint_eq(M(misc_parameters.geneve_oam), 1);
	ck_assert_uint_eq(M(misc_parameters.geneve_opt_len), 2);
	ck_assert_uint_eq(M(misc_parameters.geneve_protocol_type), 0x6558);
	ck_assert_uint_eq(M(inner_headers.ethertype), 0x86dd);
	ck_assert_uint_eq(M(inner_headers.ip_version), 6);
	ck_assert_uint_eq(M(misc_parameters.inner_ipv6_flow_label), 0x54321);
	ck_assert_uint_eq(M(misc_parameters.outer_ipv6_flow_label), 1);
	ck_assert_uint_eq(M(inner_headers.udp_sport), 123);
	ck_assert_uint_eq(M(inner_headers.udp_dport), 456);
}
END_TEST

START_TEST(test_gre_key_inner)
{
	struct frame f = { 0 };
	uint8_t m[512];

	/* NVGRE-style: key, Ethernet behind */
	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 47, 1, 2);
	put16(&f, 0x2000);
	put16(&f, 0x6558);
	put32(&f, 0xdeadbeef);
	eth(&f, 0x0800);
	ipv4(&f, 6, 0, 0, 17, 3, 4);
	udp(&f, 10, 20);
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(misc_parameters.gre_k_present), 1);
	ck_assert_uint_eq(M(misc_parameters.gre_c_present), 0);
	ck_assert_uint_eq(M(misc_parameters.gre_protocol), 0x6558);
	ck_assert_uint_eq(M(misc_parameters.gre_key), 0xdeadbeef);
	ck_assert_uint_eq(M(inner_headers.ipv4_ihl), 6);
	ck_assert_uint_eq(M(inner_headers.udp_dport), 20);

	/* checksum, key and sequence, IPv4 straight behind */
	f.n = 0;
	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 47, 1, 2);
	put16(&f, 0xb000);
	put16(&f, 0x0800);
	put32(&f, 0);
	put32(&f, 77);
	put32(&f, 1);
	ipv4(&f, 5, 0, 0, 6, 5, 6);
	tcp(&f, 30, 40, 0x10);
	ck_assert_uint_eq(parse(&f, m), f.n);
	ck_assert_uint_eq(M(misc_parameters.gre_c_present), 1);
	ck_assert_uint_eq(M(misc_parameters.gre_s_present), 1);
	ck_assert_uint_eq(M(misc_parameters.gre_key), 77);
	ck_assert_uint_eq(M(inner_headers.ethertype), 0);
	ck_assert_uint_eq(ADDR(inner_headers.src_ipv4_src_ipv6, 3), 5);
	ck_assert_uint_eq(M(inner_headers.tcp_dport), 40);

	/* MPLS behind GRE: the first label, then the parser stops there */
	f.b[34 + 2] = 0x88;
	f.b[34 + 3] = 0x47;
	ck_assert_uint_eq(parse(&f, m), 54);
	ck_assert_uint_eq(M(misc_parameters.gre_protocol), 0x8847);
	ck_assert_uint_eq(M(misc_parameters_2.outer_first_mpls_over_gre),
			  (uint32_t)f.b[50] << 24 | f.b[51] << 16 |
				  f.b[52] << 8 | f.b[53]);
	ck_assert_uint_eq(M(inner_headers.ip_version), 0);
}
END_TEST

START_TEST(test_inner_tunnel_port_is_a_port)
{
	struct frame f = { 0 };
	uint8_t m[512];

	/* VXLAN in VXLAN: the parser goes one tunnel deep */
	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 17, 1, 2);
	udp(&f, 1, 4789);
	put32(&f, 0x08000000);
	put32(&f, 7u << 8);
	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 17, 3, 4);
	udp(&f, 2, 4789);
	put32(&f, 0x08000000);
	put32(&f, 9u << 8);
	ck_assert_uint_eq(parse(&f, m), f.n - 8);
	ck_assert_uint_eq(M(misc_parameters.vxlan_vni), 7);
	ck_assert_uint_eq(M(inner_headers.udp_dport), 4789);
}
END_TEST

/*
 * Through the seam: a VXLAN frame hits a BWC rule on its VNI and inner
 * address; the counter counts the frame's length, and the hit lists the
 * actions the STE took.  A frame the parser stops in misses.
 */
START_TEST(test_frame_through_rules)
{
	struct mlx5hws_context_attr attr = { .flags =
						     MLX5HWS_CONTEXT_FLAG_BWC };
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 1 };
	struct mlx5hws_rule_action ra[2] = { 0 };
	struct hws_packet pkt = { .side = HWS_SIDE_RX };
	struct mlx5hws_action *ctr, *drop;
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_bwc_rule *rule;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct t_param mask = { 0 }, v = { 0 };
	struct frame f = { 0 };
	uint64_t packets, bytes;
	struct hws_verdict vd;

	ctx = mlx5hws_context_open("sim:nic=frametest", &attr);
	ck_assert_ptr_nonnull(ctx);
	tbl = mlx5hws_table_create(ctx, &ta);
	ck_assert_ptr_nonnull(tbl);
	ctr = mlx5hws_action_create_counter(ctx, 0, MLX5HWS_ACTION_FLAG_NIC_RX);
	drop = mlx5hws_action_create_dest_drop(ctx, MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(ctr);
	ck_assert_ptr_nonnull(drop);
	t_mask(&mask, "misc.vxlan_vni");
	t_mask(&mask, "outer.udp_dport");
	t_mask(&mask, "inner.ip_version");
	t_mask(&mask, "inner.ipv4_dst");
	bm = mlx5hws_bwc_matcher_create(tbl, 0,
					t_criteria("misc.vxlan_vni") |
						t_criteria("outer.udp_dport") |
						t_criteria("inner.ipv4_dst"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	t_set(&v, "misc.vxlan_vni", 0x123456);
	t_set(&v, "outer.udp_dport", 4789);
	t_set(&v, "inner.ip_version", 4);
	t_set(&v, "inner.ipv4_dst", 0x0a000002);
	ra[0].action = ctr;
	ra[1].action = drop;
	rule = mlx5hws_bwc_rule_create(bm, v.buf, 0, ra, 2);
	ck_assert_ptr_nonnull(rule);

	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 17, 0x01010101, 0x02020202);
	udp(&f, 49152, 4789);
	put32(&f, 0x08000000);
	put32(&f, 0x123456u << 8);
	eth(&f, 0x0800);
	ipv4(&f, 5, 0, 0, 6, 0x0a000001, 0x0a000002);
	tcp(&f, 1111, 80, 0x02);
	put32(&f, 0xcafef00d); /* payload */
	pkt.frame = f.b;
	pkt.frame_len = f.n;
	ck_assert_int_eq(sim_classify(t_nic("frametest"),
				      mlx5hws_table_get_id(tbl), &pkt, &vd),
			 0);
	ck_assert_int_eq(vd.result, HWS_RESULT_DROP);
	ck_assert_uint_eq(vd.parsed_len, f.n - 4); /* all but the payload */
	ck_assert_uint_eq(vd.num_hits, 1);
	ck_assert_uint_eq(vd.hits[0].ft_id, mlx5hws_table_get_id(tbl));
	ck_assert_uint_eq(vd.hits[0].num_actions, 2);
	ck_assert_int_eq(vd.hits[0].actions[0].type, HWS_HIT_COUNT);
	ck_assert_uint_eq(vd.hits[0].actions[0].arg2, 0);
	ck_assert_int_eq(vd.hits[0].actions[1].type, HWS_HIT_DROP);
	ck_assert_int_eq(mlx5hws_action_query_counter(ctr, 0, &packets, &bytes),
			 0);
	ck_assert_uint_eq(packets, 1);
	ck_assert_uint_eq(bytes, f.n);

	/* cut inside the inner IPv4 header: the inner address is not seen */
	pkt.frame_len = 14 + 20 + 8 + 8 + 14 + 10;
	ck_assert_int_eq(sim_classify(t_nic("frametest"),
				      mlx5hws_table_get_id(tbl), &pkt, &vd),
			 0);
	ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
	ck_assert_uint_eq(vd.parsed_len, 14 + 20 + 8 + 8 + 14);
	ck_assert_uint_eq(vd.num_hits, 0);

	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rule), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ctr), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/* The ones' complement sum of 16-bit words, folded. */
static uint32_t csum_add(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i < n; i++)
		sum += i & 1 ? p[i] : (uint32_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* A receiver's checks: IPv4 header, then the L4 checksum of proto. */
static void check_csums(const uint8_t *ip, const uint8_t *l4, size_t l4_len,
			bool v6, uint8_t proto)
{
	uint32_t sum = 0;

	if (!v6)
		ck_assert_uint_eq(csum_add(ip, 20, 0), 0xffff);
	if (proto != 1) {
		sum = v6 ? csum_add(ip + 8, 32, 0) : csum_add(ip + 12, 8, 0);
		sum = csum_add((const uint8_t[]){ 0, proto, l4_len >> 8,
						  l4_len },
			       4, sum);
	}
	ck_assert_uint_eq(csum_add(l4, l4_len, sum), 0xffff);
}

static size_t build(const struct t_param *p, uint8_t *b)
{
	const char *why = NULL;
	size_t len = 0;

	ck_assert_int_eq(frame_build((const uint8_t *)p->buf, b, &len, &why),
			 0);
	return len;
}

START_TEST(test_build_udp_vlan)
{
	struct t_param p = { 0 };
	uint8_t b[FRAME_BUILD_MAX], m[512];
	size_t len;

	t_set(&p, "outer.dmac", 0x001122334455ull);
	t_set(&p, "outer.cvlan_tag", 1);
	t_set(&p, "outer.vlan_id", 7);
	t_set(&p, "outer.ip_version", 4);
	t_set(&p, "outer.ipv4_src", 0x0a000001);
	t_set(&p, "outer.ipv4_dst", 0x0a000302);
	t_set(&p, "outer.ttl", 9);
	t_set(&p, "outer.udp_sport", 1234);
	t_set(&p, "outer.udp_dport", 53);
	len = build(&p, b);
	/* 18 + 20 + 8 bytes, padded to the shortest frame */
	ck_assert_uint_eq(len, 60);
	ck_assert_uint_eq(sim_frame_parse(b, len, m), 46);
	ck_assert_uint_eq(M(outer_headers.dmac_15_0), 0x4455);
	ck_assert_uint_eq(M(outer_headers.cvlan_tag), 1);
	ck_assert_uint_eq(M(outer_headers.first_vid), 7);
	ck_assert_uint_eq(M(outer_headers.ethertype), 0x0800);
	ck_assert_uint_eq(M(outer_headers.ip_protocol), 17);
	ck_assert_uint_eq(M(outer_headers.ttl_hoplimit), 9);
	ck_assert_uint_eq(ADDR(outer_headers.dst_ipv4_dst_ipv6, 3), 0x0a000302);
	ck_assert_uint_eq(M(outer_headers.udp_sport), 1234);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 53);
	/* the IP total length leaves the padding out */
	ck_assert_uint_eq(b[20] << 8 | b[21], 28);
	check_csums(b + 18, b + 38, 8, false, 17);
}
END_TEST

START_TEST(test_build_ipv6_tcp)
{
	struct t_param p = { 0 };
	uint8_t b[FRAME_BUILD_MAX], m[512], src[16] = { 0xfe, 0x80 };
	size_t len;

	src[15] = 1;
	t_set_bytes(&p, "outer.ipv6_src", src, 16);
	t_set(&p, "outer.tcp_dport", 22);
	t_set(&p, "outer.tcp_flags", 0x02);
	len = build(&p, b);
	ck_assert_uint_eq(len, 14 + 40 + 20);
	ck_assert_uint_eq(sim_frame_parse(b, len, m), len);
	ck_assert_uint_eq(M(outer_headers.ip_version), 6);
	ck_assert_uint_eq(M(outer_headers.ip_protocol), 6);
	ck_assert_uint_eq(ADDR(outer_headers.src_ipv4_src_ipv6, 0), 0xfe800000);
	ck_assert_uint_eq(M(outer_headers.tcp_dport), 22);
	ck_assert_uint_eq(M(outer_headers.tcp_flags), 0x02);
	check_csums(b + 14, b + 54, 20, true, 6);
}
END_TEST

START_TEST(test_build_vxlan)
{
	struct t_param p = { 0 };
	uint8_t b[FRAME_BUILD_MAX], m[512];
	size_t len;

	t_set(&p, "misc.vxlan_vni", 0x4242);
	t_set(&p, "inner.ipv4_dst", 0xc0a80001);
	t_set(&p, "inner.udp_dport", 8080);
	len = build(&p, b);
	ck_assert_uint_eq(len, 14 + 20 + 8 + 8 + 14 + 20 + 8);
	ck_assert_uint_eq(sim_frame_parse(b, len, m), len);
	ck_assert_uint_eq(M(outer_headers.ip_version), 4);
	ck_assert_uint_eq(M(outer_headers.udp_dport), 4789);
	ck_assert_uint_eq(M(misc_parameters.vxlan_vni), 0x4242);
	ck_assert_uint_eq(M(inner_headers.ip_version), 4);
	ck_assert_uint_eq(ADDR(inner_headers.dst_ipv4_dst_ipv6, 3), 0xc0a80001);
	ck_assert_uint_eq(M(inner_headers.udp_dport), 8080);
	check_csums(b + 14 + 50, b + 14 + 50 + 20, 8, false, 17);
	check_csums(b + 14, b + 34, len - 34, false, 17);
}
END_TEST

START_TEST(test_build_gre_key)
{
	struct t_param p = { 0 };
	uint8_t b[FRAME_BUILD_MAX], m[512];
	size_t len;

	t_set(&p, "misc.gre_key", 0x11223344);
	t_set(&p, "inner.tcp_sport", 99);
	len = build(&p, b);
	ck_assert_uint_eq(len, 14 + 20 + 8 + 14 + 20 + 20);
	ck_assert_uint_eq(sim_frame_parse(b, len, m), len);
	ck_assert_uint_eq(M(outer_headers.ip_protocol), 47);
	ck_assert_uint_eq(M(misc_parameters.gre_k_present), 1);
	ck_assert_uint_eq(M(misc_parameters.gre_key), 0x11223344);
	ck_assert_uint_eq(M(inner_headers.tcp_sport), 99);
	check_csums(b + 56, b + 76, 20, false, 6);
}
END_TEST

/* GENEVE by its port, with the inner headers behind it. */
START_TEST(test_build_geneve)
{
	struct t_param p = { 0 };
	uint8_t b[FRAME_BUILD_MAX], m[512];
	size_t len;

	t_set(&p, "outer.udp_dport", 6081);
	t_set(&p, "inner.ip_version", 6);
	t_set(&p, "inner.udp_dport", 4789);
	len = build(&p, b);
	ck_assert_uint_eq(len, 14 + 20 + 8 + 8 + 14 + 40 + 8);
	ck_assert_uint_eq(sim_frame_parse(b, len, m), len);
	ck_assert_uint_eq(M(misc_parameters.geneve_protocol_type), 0x6558);
	ck_assert_uint_eq(M(inner_headers.ip_version), 6);
	ck_assert_uint_eq(M(inner_headers.udp_dport), 4789);
	check_csums(b + 64, b + 104, 8, true, 17);
}
END_TEST

START_TEST(test_build_refuses_metadata)
{
	struct t_param p = { 0 };
	uint8_t b[FRAME_BUILD_MAX];
	const char *why = NULL;
	size_t len;

	t_set(&p, "meta.reg_c0", 1);
	ck_assert_int_eq(frame_build((const uint8_t *)p.buf, b, &len, &why),
			 EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "metadata"));
	memset(&p, 0, sizeof(p));
	t_set(&p, "misc.source_port", 3);
	ck_assert_int_eq(frame_build((const uint8_t *)p.buf, b, &len, &why),
			 EINVAL);
	/* tunnel fields the outer headers given have no place for */
	memset(&p, 0, sizeof(p));
	t_set(&p, "outer.ip_protocol", 6);
	t_set(&p, "inner.tcp_dport", 80);
	ck_assert_int_eq(frame_build((const uint8_t *)p.buf, b, &len, &why),
			 EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "tunnel"));
	t_set(&p, "outer.ip_protocol", 47);
	t_set(&p, "misc.vxlan_vni", 5);
	ck_assert_int_eq(frame_build((const uint8_t *)p.buf, b, &len, &why),
			 EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "vxlan_vni"));
	memset(&p, 0, sizeof(p));
	t_set(&p, "outer.udp_dport", 6081);
	t_set(&p, "misc.gre_key", 5);
	ck_assert_int_eq(frame_build((const uint8_t *)p.buf, b, &len, &why),
			 EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "gre_key"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("frame");
	TCase *tc = tcase_create("parser");

	tcase_add_test(tc, test_eth_unknown_type_stops);
	tcase_add_test(tc, test_runt_parses_nothing);
	tcase_add_test(tc, test_two_vlans);
	tcase_add_test(tc, test_third_vlan_stops);
	tcase_add_test(tc, test_ipv4_options_tcp);
	tcase_add_test(tc, test_ipv4_fragments);
	tcase_add_test(tc, test_ipv4_bad_or_short_stops);
	tcase_add_test(tc, test_unknown_protocol_stops);
	tcase_add_test(tc, test_ipv6_udp);
	tcase_add_test(tc, test_ipv6_extension_stops);
	tcase_add_test(tc, test_icmp);
	tcase_add_test(tc, test_vxlan_inner);
	tcase_add_test(tc, test_geneve_inner);
	tcase_add_test(tc, test_gre_key_inner);
	tcase_add_test(tc, test_inner_tunnel_port_is_a_port);
	suite_add_tcase(s, tc);
	tc = tcase_create("builder");
	tcase_add_test(tc, test_build_udp_vlan);
	tcase_add_test(tc, test_build_ipv6_tcp);
	tcase_add_test(tc, test_build_vxlan);
	tcase_add_test(tc, test_build_gre_key);
	tcase_add_test(tc, test_build_geneve);
	tcase_add_test(tc, test_build_refuses_metadata);
	suite_add_tcase(s, tc);
	tc = tcase_create("seam");
	tcase_add_test(tc, test_frame_through_rules);
	suite_add_tcase(s, tc);
	return t_run(s);
}
