// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The NIC's packet parser: frame bytes into the fields of fte_match_param,
 * the layout the definers select from.  It stops where it meets a header it
 * does not know or one the frame is too short to hold, as the NIC does; the
 * packet then matches on what was parsed.
 */
#include <string.h>

#include "sim_internal.h"

#define SIM_ETH_P_IPV4 0x0800
#define SIM_ETH_P_IPV6 0x86dd
#define SIM_ETH_P_8021Q 0x8100
#define SIM_ETH_P_8021AD 0x88a8
#define SIM_ETH_P_TEB 0x6558 /* transparent Ethernet bridging: inner L2 */
#define SIM_ETH_P_MPLS_UC 0x8847
#define SIM_ETH_P_MPLS_MC 0x8848
#define SIM_IPPROTO_ICMP 1
#define SIM_IPPROTO_TCP 6
#define SIM_IPPROTO_UDP 17
#define SIM_IPPROTO_GRE 47
#define SIM_IPPROTO_ICMPV6 58
#define SIM_UDP_PORT_VXLAN 4789
#define SIM_UDP_PORT_GENEVE 6081
#define SIM_UDP_PORT_VXLAN_GPE 4790
#define SIM_UDP_PORT_GTPU 2152
#define SIM_UDP_PORT_ROCE 4791
#define SIM_UDP_PORT_MPLS 6635 /* MPLS in UDP, RFC 7510 */
#define SIM_L4_TYPE_TCP 1 /* fte_match_set_lyr_2_4.l4_type */
#define SIM_L4_TYPE_UDP 2

struct sim_frame {
	const uint8_t *f;
	size_t len;
	uint8_t *m; /* fte_match_param */
	size_t lyr; /* bit offset of the layer's fte_match_set_lyr_2_4 */
	bool inner;
	size_t end; /* bytes parsed so far */
	struct sim_anchors *anc; /* where each header starts, or NULL */
	const struct sim_geneve_opt *opt; /* the option to read, or NULL */
};

#define SIM_FRAME_LYR(fld)                       \
	PRM_BIT_OFF(fte_match_set_lyr_2_4, fld), \
		PRM_BIT_SZ(fte_match_set_lyr_2_4, fld)
#define SIM_FRAME_FTE(fld) \
	PRM_BIT_OFF(fte_match_param, fld), PRM_BIT_SZ(fte_match_param, fld)

static void sim_frame_lyr_set(struct sim_frame *fr, size_t off, size_t sz,
			      uint32_t v)
{
	_devx_set(fr->m, v, fr->lyr + off, sz);
}

static void sim_frame_set(struct sim_frame *fr, size_t off, size_t sz,
			  uint32_t v)
{
	_devx_set(fr->m, v, off, sz);
}

static uint32_t sim_frame_be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t sim_frame_be32(const uint8_t *p)
{
	return sim_frame_be16(p) << 16 | sim_frame_be16(p + 2);
}

/* Whether n more bytes from off are in the frame. */
static bool sim_frame_has(const struct sim_frame *fr, size_t off, size_t n)
{
	return off <= fr->len && n <= fr->len - off;
}

static void sim_frame_ipv4(struct sim_frame *fr, size_t off);
static void sim_frame_ipv6(struct sim_frame *fr, size_t off);

/* Record where a header starts: the outer or the inner anchor. */
static void sim_frame_anchor(struct sim_frame *fr, unsigned int outer,
			     unsigned int inner, size_t off)
{
	unsigned int a = fr->inner ? inner : outer;

	if (!fr->anc)
		return;
	fr->anc->found |= 1u << a;
	fr->anc->off[a] = off;
}

/* Switch to the inner layer for what follows a tunnel header. */
static void sim_frame_enter_inner(struct sim_frame *fr)
{
	fr->inner = true;
	fr->lyr = PRM_BIT_OFF(fte_match_param, inner_headers);
}

static void sim_frame_eth(struct sim_frame *fr, size_t off);

static bool sim_frame_is_mpls(uint32_t type)
{
	return type == SIM_ETH_P_MPLS_UC || type == SIM_ETH_P_MPLS_MC;
}

/* The first label stack entry at off, into the field that says where. */
static void sim_frame_mpls(struct sim_frame *fr, size_t off, size_t fld)
{
	if (!sim_frame_has(fr, off, 4))
		return;
	sim_frame_set(fr, fld, 32, sim_frame_be32(fr->f + off));
	fr->end = off + 4;
}

/*
 * The first four DWs of a tunnel header as the parser gives them to the
 * header layout (misc_parameters_5 names them): those the frame holds.
 */
static void sim_frame_tunnel_words(struct sim_frame *fr, size_t off)
{
	size_t i;

	for (i = 0; i < 4 && sim_frame_has(fr, off, 4 * i + 4); i++)
		sim_frame_set(fr,
			      PRM_BIT_OFF(fte_match_param,
					  misc_parameters_5.tunnel_header_0) +
				      32 * i,
			      32, sim_frame_be32(fr->f + off + 4 * i));
}

/* What a tunnel carries, by its EtherType-valued protocol field. */
static void sim_frame_tunnel_payload(struct sim_frame *fr, size_t off,
				     uint32_t proto)
{
	sim_frame_enter_inner(fr);
	if (proto == SIM_ETH_P_TEB)
		sim_frame_eth(fr, off);
	else if (proto == SIM_ETH_P_IPV4)
		sim_frame_ipv4(fr, off);
	else if (proto == SIM_ETH_P_IPV6)
		sim_frame_ipv6(fr, off);
}

static void sim_frame_vxlan(struct sim_frame *fr, size_t off)
{
	const uint8_t *h = fr->f + off;

	if (!sim_frame_has(fr, off, 8))
		return;
	sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_TUNNEL_HEADER,
			 MLX5_HEADER_ANCHOR_TUNNEL_HEADER, off);
	sim_frame_tunnel_words(fr, off);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.vxlan_vni),
		      sim_frame_be32(h + 4) >> 8);
	fr->end = off + 8;
	sim_frame_tunnel_payload(fr, off + 8, SIM_ETH_P_TEB);
}

/* VXLAN-GPE: flags, next protocol (1 IPv4, 2 IPv6, 3 Ethernet), VNI. */
static void sim_frame_vxlan_gpe(struct sim_frame *fr, size_t off)
{
	static const uint32_t payload[] = { 0, SIM_ETH_P_IPV4, SIM_ETH_P_IPV6,
					    SIM_ETH_P_TEB };
	const uint8_t *h = fr->f + off;

	if (!sim_frame_has(fr, off, 8))
		return;
	sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_TUNNEL_HEADER,
			 MLX5_HEADER_ANCHOR_TUNNEL_HEADER, off);
	sim_frame_tunnel_words(fr, off);
	sim_frame_set(fr,
		      SIM_FRAME_FTE(misc_parameters_3.outer_vxlan_gpe_flags),
		      h[0]);
	sim_frame_set(
		fr,
		SIM_FRAME_FTE(misc_parameters_3.outer_vxlan_gpe_next_protocol),
		h[3]);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters_3.outer_vxlan_gpe_vni),
		      sim_frame_be32(h + 4) >> 8);
	fr->end = off + 8;
	if (h[3] < sizeof(payload) / sizeof(payload[0]))
		sim_frame_tunnel_payload(fr, off + 8, payload[h[3]]);
}

/*
 * The options between off and end: the flex parser reads the first data
 * word of the option the device was given (GENEVE_TLV_OPT object).
 */
static void sim_frame_geneve_opts(struct sim_frame *fr, size_t off, size_t end)
{
	const struct sim_geneve_opt *opt = fr->opt;
	const uint8_t *h;
	uint32_t len;

	for (; opt && off + 4 <= end; off += 4 + 4 * len) {
		h = fr->f + off;
		len = h[3] & 0x1f;
		if (sim_frame_be16(h) != opt->opt_class || h[2] != opt->type ||
		    len != opt->len)
			continue;
		if (off + 8 > end)
			return;
		sim_frame_set(
			fr,
			SIM_FRAME_FTE(
				misc_parameters_3.geneve_tlv_option_0_data),
			sim_frame_be32(h + 4));
		sim_frame_set(
			fr,
			SIM_FRAME_FTE(
				misc_parameters.geneve_tlv_option_0_exist),
			1);
		return;
	}
}

static void sim_frame_geneve(struct sim_frame *fr, size_t off)
{
	const uint8_t *h = fr->f + off;
	uint32_t opt_len, proto;

	if (!sim_frame_has(fr, off, 8) || h[0] >> 6) /* version 0 only */
		return;
	sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_TUNNEL_HEADER,
			 MLX5_HEADER_ANCHOR_TUNNEL_HEADER, off);
	sim_frame_tunnel_words(fr, off);
	opt_len = h[0] & 0x3f;
	proto = sim_frame_be16(h + 2);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.geneve_opt_len),
		      opt_len);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.geneve_oam), h[1] >> 7);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.geneve_protocol_type),
		      proto);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.geneve_vni),
		      sim_frame_be32(h + 4) >> 8);
	/* the options are 4-byte words; the inner frame follows them */
	if (!sim_frame_has(fr, off, 8 + 4 * opt_len))
		return;
	sim_frame_geneve_opts(fr, off + 8, off + 8 + 4 * opt_len);
	fr->end = off + 8 + 4 * opt_len;
	sim_frame_tunnel_payload(fr, fr->end, proto);
}

static void sim_frame_gre(struct sim_frame *fr, size_t off)
{
	const uint8_t *h = fr->f + off;
	uint32_t flags, proto;
	size_t len = 4;

	if (!sim_frame_has(fr, off, 4))
		return;
	flags = sim_frame_be16(h);
	if (flags & 0x7) /* version 0 only; 1 is PPTP's enhanced GRE */
		return;
	proto = sim_frame_be16(h + 2);
	sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_TUNNEL_HEADER,
			 MLX5_HEADER_ANCHOR_TUNNEL_HEADER, off);
	/* tunnel DW 0 the flags and protocol, 1 the checksum, 2 the key */
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters_5.tunnel_header_0),
		      sim_frame_be32(h));
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.gre_c_present),
		      flags >> 15);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.gre_k_present),
		      flags >> 13 & 1);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.gre_s_present),
		      flags >> 12 & 1);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.gre_protocol), proto);
	/* checksum and reserved, key, sequence number: 4 bytes each */
	if (flags & 0x8000) {
		if (!sim_frame_has(fr, off, len + 4))
			return;
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters_5.tunnel_header_1),
			      sim_frame_be32(h + len));
		len += 4;
	}
	if (flags & 0x2000) {
		if (!sim_frame_has(fr, off, len + 4))
			return;
		sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.gre_key),
			      sim_frame_be32(h + len));
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters_5.tunnel_header_2),
			      sim_frame_be32(h + len));
		len += 4;
	}
	if (flags & 0x1000) {
		if (!sim_frame_has(fr, off, len + 4))
			return;
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters_5.tunnel_header_3),
			      sim_frame_be32(h + len));
		len += 4;
	}
	fr->end = off + len;
	if (sim_frame_is_mpls(proto))
		sim_frame_mpls(
			fr, off + len,
			PRM_BIT_OFF(
				fte_match_param,
				misc_parameters_2.outer_first_mpls_over_gre));
	else
		sim_frame_tunnel_payload(fr, off + len, proto);
}

/* GTP-U: flags, message type, length, TEID; the parser stops there. */
static void sim_frame_gtpu(struct sim_frame *fr, size_t off)
{
	const uint8_t *h = fr->f + off;

	if (!sim_frame_has(fr, off, 8) || h[0] >> 5 != 1) /* version 1 */
		return;
	sim_frame_tunnel_words(fr, off);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters_3.gtpu_msg_flags),
		      h[0]);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters_3.gtpu_msg_type), h[1]);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters_3.gtpu_teid),
		      sim_frame_be32(h + 4));
	fr->end = off + 8;
}

/* RoCE v2's base transport header: opcode and destination QP. */
static void sim_frame_bth(struct sim_frame *fr, size_t off)
{
	const uint8_t *h = fr->f + off;

	if (!sim_frame_has(fr, off, 12))
		return;
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.bth_opcode), h[0]);
	sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters.bth_dst_qp),
		      sim_frame_be32(h + 4) & 0xffffff);
	fr->end = off + 12;
}

static void sim_frame_icmp(struct sim_frame *fr, size_t off, bool v6)
{
	const uint8_t *h = fr->f + off;

	if (!sim_frame_has(fr, off, 4))
		return;
	if (v6) {
		sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters_3.icmpv6_type),
			      h[0]);
		sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters_3.icmpv6_code),
			      h[1]);
	} else {
		sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters_3.icmp_type),
			      h[0]);
		sim_frame_set(fr, SIM_FRAME_FTE(misc_parameters_3.icmp_code),
			      h[1]);
	}
	fr->end = off + 4;
	/* the rest of the header: identifier and sequence for echo */
	if (!sim_frame_has(fr, off, 8))
		return;
	if (v6)
		sim_frame_set(
			fr, SIM_FRAME_FTE(misc_parameters_3.icmpv6_header_data),
			sim_frame_be32(h + 4));
	else
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters_3.icmp_header_data),
			      sim_frame_be32(h + 4));
	fr->end = off + 8;
}

static void sim_frame_l4(struct sim_frame *fr, size_t off, uint32_t proto)
{
	const uint8_t *h = fr->f + off;
	uint32_t dport;

	switch (proto) {
	case SIM_IPPROTO_TCP:
		if (!sim_frame_has(fr, off, 20))
			return;
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(l4_type), SIM_L4_TYPE_TCP);
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(tcp_sport),
				  sim_frame_be16(h));
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(tcp_dport),
				  sim_frame_be16(h + 2));
		/* NS, the low bit of the offset byte, then the flags byte */
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(tcp_flags),
				  (h[12] & 1u) << 8 | h[13]);
		if (fr->inner) {
			sim_frame_set(
				fr,
				SIM_FRAME_FTE(
					misc_parameters_3.inner_tcp_seq_num),
				sim_frame_be32(h + 4));
			sim_frame_set(
				fr,
				SIM_FRAME_FTE(
					misc_parameters_3.inner_tcp_ack_num),
				sim_frame_be32(h + 8));
		} else {
			sim_frame_set(
				fr,
				SIM_FRAME_FTE(
					misc_parameters_3.outer_tcp_seq_num),
				sim_frame_be32(h + 4));
			sim_frame_set(
				fr,
				SIM_FRAME_FTE(
					misc_parameters_3.outer_tcp_ack_num),
				sim_frame_be32(h + 8));
		}
		fr->end = off + 20;
		sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_TCP_UDP,
				 MLX5_HEADER_ANCHOR_INNER_TCP_UDP, off);
		sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_L4_PAYLOAD,
				 MLX5_HEADER_ANCHOR_INNER_L4_PAYLOAD,
				 off + 4 * (h[12] >> 4));
		return;
	case SIM_IPPROTO_UDP:
		if (!sim_frame_has(fr, off, 8))
			return;
		dport = sim_frame_be16(h + 2);
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(l4_type), SIM_L4_TYPE_UDP);
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(udp_sport),
				  sim_frame_be16(h));
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(udp_dport), dport);
		fr->end = off + 8;
		sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_TCP_UDP,
				 MLX5_HEADER_ANCHOR_INNER_TCP_UDP, off);
		sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_L4_PAYLOAD,
				 MLX5_HEADER_ANCHOR_INNER_L4_PAYLOAD, off + 8);
		/* one level of tunnel: an inner UDP port is only a port */
		if (fr->inner)
			return;
		if (dport == SIM_UDP_PORT_VXLAN)
			sim_frame_vxlan(fr, off + 8);
		else if (dport == SIM_UDP_PORT_GENEVE)
			sim_frame_geneve(fr, off + 8);
		else if (dport == SIM_UDP_PORT_VXLAN_GPE)
			sim_frame_vxlan_gpe(fr, off + 8);
		else if (dport == SIM_UDP_PORT_GTPU)
			sim_frame_gtpu(fr, off + 8);
		else if (dport == SIM_UDP_PORT_ROCE)
			sim_frame_bth(fr, off + 8);
		else if (dport == SIM_UDP_PORT_MPLS)
			sim_frame_mpls(
				fr, off + 8,
				PRM_BIT_OFF(fte_match_param,
					    misc_parameters_2
						    .outer_first_mpls_over_udp));
		return;
	case SIM_IPPROTO_ICMP:
	case SIM_IPPROTO_ICMPV6:
		sim_frame_icmp(fr, off, proto == SIM_IPPROTO_ICMPV6);
		return;
	case SIM_IPPROTO_GRE:
		if (!fr->inner)
			sim_frame_gre(fr, off);
		return;
	default: /* a protocol the parser does not know: it stops */
		return;
	}
}

static void sim_frame_ipv4(struct sim_frame *fr, size_t off)
{
	const uint8_t *h = fr->f + off;
	uint32_t ihl, frag;

	if (!sim_frame_has(fr, off, 20) || h[0] >> 4 != 4)
		return;
	ihl = h[0] & 0xf;
	/* a header shorter than 20 bytes or longer than the frame */
	if (ihl < 5 || !sim_frame_has(fr, off, 4 * ihl))
		return;
	frag = sim_frame_be16(h + 6);
	sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_IPV6_IPV4,
			 MLX5_HEADER_ANCHOR_INNER_IPV6_IPV4, off);
	if (fr->anc)
		fr->anc->l4_proto[fr->inner] = h[9];
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ip_version), 4);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ipv4_ihl), ihl);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ip_dscp), h[1] >> 2);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ip_ecn), h[1] & 3);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ttl_hoplimit), h[8]);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ip_protocol), h[9]);
	/* an IPv4 address is the last DW of the 128-bit field */
	sim_frame_lyr_set(
		fr, PRM_BIT_OFF(fte_match_set_lyr_2_4, src_ipv4_src_ipv6) + 96,
		32, sim_frame_be32(h + 12));
	sim_frame_lyr_set(
		fr, PRM_BIT_OFF(fte_match_set_lyr_2_4, dst_ipv4_dst_ipv6) + 96,
		32, sim_frame_be32(h + 16));
	/* more fragments, or an offset: a fragment */
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(frag), !!(frag & 0x3fff));
	fr->end = off + 4 * ihl;
	/* only the first fragment holds the L4 header */
	if (frag & 0x1fff)
		return;
	sim_frame_l4(fr, off + 4 * ihl, h[9]);
}

static void sim_frame_ipv6(struct sim_frame *fr, size_t off)
{
	const uint8_t *h = fr->f + off;
	size_t src = PRM_BIT_OFF(fte_match_set_lyr_2_4, src_ipv4_src_ipv6),
	       dst = PRM_BIT_OFF(fte_match_set_lyr_2_4, dst_ipv4_dst_ipv6);
	uint32_t tc, flow;
	int i;

	if (!sim_frame_has(fr, off, 40) || h[0] >> 4 != 6)
		return;
	tc = (h[0] & 0xfu) << 4 | h[1] >> 4;
	flow = sim_frame_be32(h) & 0xfffff;
	sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_IPV6_IPV4,
			 MLX5_HEADER_ANCHOR_INNER_IPV6_IPV4, off);
	if (fr->anc)
		fr->anc->l4_proto[fr->inner] = h[6];
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ip_version), 6);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ip_dscp), tc >> 2);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ip_ecn), tc & 3);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ip_protocol), h[6]);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ttl_hoplimit), h[7]);
	for (i = 0; i < 4; i++) {
		sim_frame_lyr_set(fr, src + 32 * i, 32,
				  sim_frame_be32(h + 8 + 4 * i));
		sim_frame_lyr_set(fr, dst + 32 * i, 32,
				  sim_frame_be32(h + 24 + 4 * i));
	}
	if (fr->inner)
		sim_frame_set(
			fr,
			SIM_FRAME_FTE(misc_parameters.inner_ipv6_flow_label),
			flow);
	else
		sim_frame_set(
			fr,
			SIM_FRAME_FTE(misc_parameters.outer_ipv6_flow_label),
			flow);
	fr->end = off + 40;
	/* extension headers are protocols the parser does not go into */
	sim_frame_l4(fr, off + 40, h[6]);
}

/* A VLAN tag: the first in the layer's own fields, the second in misc. */
static void sim_frame_vlan(struct sim_frame *fr, int n, uint32_t tpid,
			   uint32_t tci)
{
	bool s = tpid == SIM_ETH_P_8021AD;

	if (n == 0) {
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(first_prio), tci >> 13);
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(first_cfi), tci >> 12 & 1);
		sim_frame_lyr_set(fr, SIM_FRAME_LYR(first_vid), tci & 0xfff);
		if (s)
			sim_frame_lyr_set(fr, SIM_FRAME_LYR(svlan_tag), 1);
		else
			sim_frame_lyr_set(fr, SIM_FRAME_LYR(cvlan_tag), 1);
	} else if (fr->inner) {
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters.inner_second_prio),
			      tci >> 13);
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters.inner_second_cfi),
			      tci >> 12 & 1);
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters.inner_second_vid),
			      tci & 0xfff);
		if (s)
			sim_frame_set(
				fr,
				SIM_FRAME_FTE(
					misc_parameters.inner_second_svlan_tag),
				1);
		else
			sim_frame_set(
				fr,
				SIM_FRAME_FTE(
					misc_parameters.inner_second_cvlan_tag),
				1);
	} else {
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters.outer_second_prio),
			      tci >> 13);
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters.outer_second_cfi),
			      tci >> 12 & 1);
		sim_frame_set(fr,
			      SIM_FRAME_FTE(misc_parameters.outer_second_vid),
			      tci & 0xfff);
		if (s)
			sim_frame_set(
				fr,
				SIM_FRAME_FTE(
					misc_parameters.outer_second_svlan_tag),
				1);
		else
			sim_frame_set(
				fr,
				SIM_FRAME_FTE(
					misc_parameters.outer_second_cvlan_tag),
				1);
	}
}

static void sim_frame_eth(struct sim_frame *fr, size_t off)
{
	const uint8_t *h = fr->f + off;
	uint32_t type;
	int vlans;

	if (!sim_frame_has(fr, off, 14))
		return;
	sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_MAC, MLX5_HEADER_ANCHOR_INNER_MAC,
			 off);
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(dmac_47_16), sim_frame_be32(h));
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(dmac_15_0), sim_frame_be16(h + 4));
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(smac_47_16), sim_frame_be32(h + 6));
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(smac_15_0), sim_frame_be16(h + 10));
	off += 12;
	type = sim_frame_be16(fr->f + off);
	/* up to two tags; a third is an EtherType the parser stops at */
	for (vlans = 0;
	     vlans < 2 && (type == SIM_ETH_P_8021Q || type == SIM_ETH_P_8021AD);
	     vlans++) {
		if (!sim_frame_has(fr, off, 6))
			break;
		if (vlans)
			sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_SECOND_VLAN_START,
					 MLX5_HEADER_ANCHOR_INNER_SECOND_VLAN_START,
					 off);
		else
			sim_frame_anchor(fr, MLX5_HEADER_ANCHOR_FIRST_VLAN_START,
					 MLX5_HEADER_ANCHOR_INNER_FIRST_VLAN_START,
					 off);
		sim_frame_vlan(fr, vlans, type,
			       sim_frame_be16(fr->f + off + 2));
		off += 4;
		type = sim_frame_be16(fr->f + off);
	}
	sim_frame_lyr_set(fr, SIM_FRAME_LYR(ethertype), type);
	fr->end = off + 2;
	if (type == SIM_ETH_P_IPV4)
		sim_frame_ipv4(fr, off + 2);
	else if (type == SIM_ETH_P_IPV6)
		sim_frame_ipv6(fr, off + 2);
	else if (sim_frame_is_mpls(type))
		sim_frame_mpls(
			fr, off + 2,
			fr->inner ?
				PRM_BIT_OFF(fte_match_param,
					    misc_parameters_2.inner_first_mpls) :
				PRM_BIT_OFF(fte_match_param,
					    misc_parameters_2.outer_first_mpls));
}

size_t sim_frame_parse_anchors(const uint8_t *frame, size_t len,
			       uint8_t match[512],
			       const struct sim_geneve_opt *opt,
			       struct sim_anchors *anc)
{
	struct sim_frame fr = { .f = frame, .len = len, .m = match,
				.opt = opt, .anc = anc };

	memset(match, 0, PRM_FTE_MATCH_PARAM_BYTES);
	if (anc) {
		memset(anc, 0, sizeof(*anc));
		anc->found = 1u << MLX5_HEADER_ANCHOR_PACKET_START;
	}
	sim_frame_eth(&fr, 0);
	return fr.end;
}

size_t sim_frame_parse(const uint8_t *frame, size_t len, uint8_t match[512])
{
	return sim_frame_parse_anchors(frame, len, match, NULL, NULL);
}

const struct hws_packet *sim_frame_packet(const struct sim_nic *nic,
					  const struct hws_packet *in,
					  struct hws_packet *parsed,
					  struct hws_verdict *v)
{
	if (!in->frame)
		return in;
	v->parsed_len = sim_frame_parse_anchors(
		in->frame, in->frame_len, parsed->match,
		nic->geneve_opt ? &nic->geneve_opt->geneve_opt : NULL, NULL);
	parsed->frame = in->frame;
	parsed->frame_len = in->frame_len;
	parsed->bytes = in->frame_len;
	parsed->side = in->side;
	parsed->vport = in->vport;
	parsed->sqn = in->sqn;
	/* the sending SQ is metadata the device knows, not frame bytes */
	if (in->side == HWS_SIDE_TX)
		_devx_set(parsed->match, in->sqn & 0xffffff,
			  PRM_BIT_OFF(fte_match_param,
				      misc_parameters.source_sqn),
			  PRM_BIT_SZ(fte_match_param,
				     misc_parameters.source_sqn));
	return parsed;
}
