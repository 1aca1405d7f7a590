// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* hwsctl's frame builder: header fields to a well-formed frame. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "frame.h"
#include "libhws/prm.h"

#define FRAME_ETH_P_IPV4 0x0800
#define FRAME_ETH_P_IPV6 0x86dd
#define FRAME_ETH_P_8021Q 0x8100
#define FRAME_ETH_P_8021AD 0x88a8
#define FRAME_ETH_P_TEB 0x6558
#define FRAME_ETH_P_MPLS 0x8847
#define FRAME_IPPROTO_ICMP 1
#define FRAME_IPPROTO_TCP 6
#define FRAME_IPPROTO_UDP 17
#define FRAME_IPPROTO_GRE 47
#define FRAME_IPPROTO_ICMPV6 58
#define FRAME_PORT_VXLAN 4789
#define FRAME_PORT_GENEVE 6081
#define FRAME_PORT_VXLAN_GPE 4790
#define FRAME_PORT_GTPU 2152
#define FRAME_PORT_ROCE 4791
#define FRAME_PORT_MPLS 6635
#define FRAME_GTPU_FLAGS 0x30 /* version 1, GTP (not GTP') */
#define FRAME_GTPU_TPDU 0xff /* a G-PDU: user data */
#define FRAME_BTH_PKEY 0xffff /* the default partition */
#define FRAME_GPE_FLAGS 0x0c /* I: a VNI; P: a next protocol */
#define FRAME_GPE_ETHERNET 3
#define FRAME_GENEVE_OPT_CLASS 0xffffu /* experimental use */
#define FRAME_MAX_FIXES 8
#define FRAME_IPV4_MF 0x2000

#define FRAME_LYR(fld)                           \
	PRM_BIT_OFF(fte_match_set_lyr_2_4, fld), \
		PRM_BIT_SZ(fte_match_set_lyr_2_4, fld)
#define FRAME_FTE(fld) \
	PRM_BIT_OFF(fte_match_param, fld), PRM_BIT_SZ(fte_match_param, fld)

/* A header whose length or checksum depends on what follows it. */
struct frame_fix {
	enum { FRAME_FIX_IPV4, FRAME_FIX_IPV6, FRAME_FIX_L4 } kind;
	size_t off;
	size_t ip_off; /* FRAME_FIX_L4: its IP header, for the pseudo-header */
	bool v6;
	uint8_t proto;
};

struct frame_out {
	const uint8_t *m;
	uint8_t *b;
	size_t n;
	struct frame_fix fix[FRAME_MAX_FIXES];
	int nfix;
	/* the tunnel header written, to check the fields that need one */
	enum {
		FRAME_NO_TUNNEL,
		FRAME_VXLAN,
		FRAME_GENEVE,
		FRAME_GRE,
		FRAME_VXLAN_GPE,
		FRAME_GTPU,
		FRAME_ROCE,
		FRAME_MPLS_UDP
	} tunnel;
	const char *why; /* a field the headers written have no room for */
};

/* The parsed fields of one layer, as the builder decides them. */
struct frame_layer {
	size_t lyr; /* bit offset of its fte_match_set_lyr_2_4 */
	bool inner;
	unsigned int version; /* 4, 6, or 0: no IP */
	uint32_t ethertype;
	uint8_t proto;
	uint32_t sport, dport;
};

static uint32_t frame_get(const struct frame_out *o, size_t off, size_t sz)
{
	return _devx_get(o->m, off, sz);
}

static uint32_t frame_lyr(const struct frame_out *o,
			  const struct frame_layer *l, size_t off, size_t sz)
{
	return frame_get(o, l->lyr + off, sz);
}

static void frame_put8(struct frame_out *o, uint32_t v)
{
	o->b[o->n++] = v;
}

static void frame_put16(struct frame_out *o, uint32_t v)
{
	frame_put8(o, v >> 8);
	frame_put8(o, v);
}

static void frame_put32(struct frame_out *o, uint32_t v)
{
	frame_put16(o, v >> 16);
	frame_put16(o, v);
}

static void frame_store16(uint8_t *p, uint32_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void frame_add_fix(struct frame_out *o, int kind, size_t ip_off, bool v6,
			  uint8_t proto)
{
	struct frame_fix *f = &o->fix[o->nfix++];

	f->kind = kind;
	f->off = o->n;
	f->ip_off = ip_off;
	f->v6 = v6;
	f->proto = proto;
}

/* Whether any bit of a field range is set. */
static bool frame_any(const struct frame_out *o, size_t off, size_t bits)
{
	size_t i;

	for (i = 0; i < bits; i += 32)
		if (frame_get(o, off + i, bits - i < 32 ? bits - i : 32))
			return true;
	return false;
}

/* A layer's TCP seq or ack number, which misc_parameters_3 holds. */
#define FRAME_TCP3(l, fld)                                             \
	((l)->inner ? PRM_BIT_OFF(fte_match_param,                     \
				  misc_parameters_3.inner_tcp_##fld) : \
		      PRM_BIT_OFF(fte_match_param,                     \
				  misc_parameters_3.outer_tcp_##fld)), \
		32

/* Whether GRE fields are given. */
static bool frame_gre(const struct frame_out *o)
{
	return frame_get(o, FRAME_FTE(misc_parameters.gre_c_present)) ||
	       frame_get(o, FRAME_FTE(misc_parameters.gre_k_present)) ||
	       frame_get(o, FRAME_FTE(misc_parameters.gre_s_present)) ||
	       frame_get(o, FRAME_FTE(misc_parameters.gre_protocol)) ||
	       frame_get(o, FRAME_FTE(misc_parameters.gre_key));
}

#define FRAME_GENEVE_OPT_DATA \
	FRAME_FTE(misc_parameters_3.geneve_tlv_option_0_data)

/* Whether GENEVE fields are given. */
static bool frame_geneve(const struct frame_out *o)
{
	return frame_get(o, FRAME_FTE(misc_parameters.geneve_vni)) ||
	       frame_get(o, FRAME_FTE(misc_parameters.geneve_oam)) ||
	       frame_get(o, FRAME_FTE(misc_parameters.geneve_opt_len)) ||
	       frame_get(o, FRAME_FTE(misc_parameters.geneve_protocol_type)) ||
	       frame_get(o, FRAME_GENEVE_OPT_DATA);
}

/* Whether VXLAN-GPE fields are given. */
static bool frame_gpe(const struct frame_out *o)
{
	return frame_get(o,
			 FRAME_FTE(misc_parameters_3.outer_vxlan_gpe_flags)) ||
	       frame_get(o,
			 FRAME_FTE(misc_parameters_3
					   .outer_vxlan_gpe_next_protocol)) ||
	       frame_get(o, FRAME_FTE(misc_parameters_3.outer_vxlan_gpe_vni));
}

/* Whether GTP-U fields are given. */
static bool frame_gtpu(const struct frame_out *o)
{
	return frame_get(o, FRAME_FTE(misc_parameters_3.gtpu_msg_flags)) ||
	       frame_get(o, FRAME_FTE(misc_parameters_3.gtpu_msg_type)) ||
	       frame_get(o, FRAME_FTE(misc_parameters_3.gtpu_teid));
}

/* Whether RoCE v2 BTH fields are given. */
static bool frame_bth(const struct frame_out *o)
{
	return frame_get(o, FRAME_FTE(misc_parameters.bth_opcode)) ||
	       frame_get(o, FRAME_FTE(misc_parameters.bth_dst_qp));
}

#define FRAME_F_MPLS_GRE FRAME_FTE(misc_parameters_2.outer_first_mpls_over_gre)
#define FRAME_F_MPLS_UDP FRAME_FTE(misc_parameters_2.outer_first_mpls_over_udp)

/* A layer's first MPLS label behind its Ethernet header. */
#define FRAME_MPLS(l)                                                   \
	((l)->inner ? PRM_BIT_OFF(fte_match_param,                      \
				  misc_parameters_2.inner_first_mpls) : \
		      PRM_BIT_OFF(fte_match_param,                      \
				  misc_parameters_2.outer_first_mpls)), \
		32

/* Whether the ICMPv4 (or ICMPv6) fields are given. */
static bool frame_icmp(const struct frame_out *o, bool v6)
{
	if (v6)
		return frame_get(o, FRAME_FTE(misc_parameters_3.icmpv6_type)) ||
		       frame_get(o, FRAME_FTE(misc_parameters_3.icmpv6_code)) ||
		       frame_get(
			       o,
			       FRAME_FTE(misc_parameters_3.icmpv6_header_data));
	return frame_get(o, FRAME_FTE(misc_parameters_3.icmp_type)) ||
	       frame_get(o, FRAME_FTE(misc_parameters_3.icmp_code)) ||
	       frame_get(o, FRAME_FTE(misc_parameters_3.icmp_header_data));
}

/* The IPv6 flow label of a layer, which misc_parameters holds. */
#define FRAME_FLOW_LABEL(l)                                                \
	((l)->inner ? PRM_BIT_OFF(fte_match_param,                         \
				  misc_parameters.inner_ipv6_flow_label) : \
		      PRM_BIT_OFF(fte_match_param,                         \
				  misc_parameters.outer_ipv6_flow_label)), \
		PRM_BIT_SZ(fte_match_param,                                \
			   misc_parameters.outer_ipv6_flow_label)

/* Decide what a layer holds from the fields given, filling in the rest. */
static void frame_decide(const struct frame_out *o, struct frame_layer *l,
			 bool tunnel)
{
	size_t src = PRM_BIT_OFF(fte_match_set_lyr_2_4, src_ipv4_src_ipv6),
	       dst = PRM_BIT_OFF(fte_match_set_lyr_2_4, dst_ipv4_dst_ipv6);
	bool v6addr = frame_any(o, l->lyr + src, 96) ||
		      frame_any(o, l->lyr + dst, 96);
	uint32_t tcp_sport = frame_lyr(o, l, FRAME_LYR(tcp_sport)),
		 tcp_dport = frame_lyr(o, l, FRAME_LYR(tcp_dport)),
		 udp_sport = frame_lyr(o, l, FRAME_LYR(udp_sport)),
		 udp_dport = frame_lyr(o, l, FRAME_LYR(udp_dport));

	l->version = frame_lyr(o, l, FRAME_LYR(ip_version));
	l->ethertype = frame_lyr(o, l, FRAME_LYR(ethertype));
	l->proto = frame_lyr(o, l, FRAME_LYR(ip_protocol));
	if (!l->proto) {
		if (tcp_sport || tcp_dport ||
		    frame_lyr(o, l, FRAME_LYR(tcp_flags)) ||
		    frame_get(o, FRAME_TCP3(l, seq_num)) ||
		    frame_get(o, FRAME_TCP3(l, ack_num)))
			l->proto = FRAME_IPPROTO_TCP;
		else if (udp_sport || udp_dport)
			l->proto = FRAME_IPPROTO_UDP;
		/* ICMP fields name no layer: the innermost gets them */
		else if (!tunnel && frame_icmp(o, false))
			l->proto = FRAME_IPPROTO_ICMP;
		else if (!tunnel && frame_icmp(o, true))
			l->proto = FRAME_IPPROTO_ICMPV6;
		else if (tunnel)
			l->proto =
				frame_gre(o) || frame_get(o, FRAME_F_MPLS_GRE) ?
					FRAME_IPPROTO_GRE :
					FRAME_IPPROTO_UDP;
	}
	if (l->proto == FRAME_IPPROTO_TCP) {
		l->sport = tcp_sport;
		l->dport = tcp_dport;
	} else if (l->proto == FRAME_IPPROTO_UDP) {
		l->sport = udp_sport;
		l->dport = udp_dport;
		if (tunnel && !l->dport)
			l->dport = frame_geneve(o) ? FRAME_PORT_GENEVE :
				   frame_gpe(o)	   ? FRAME_PORT_VXLAN_GPE :
				   frame_gtpu(o)   ? FRAME_PORT_GTPU :
				   frame_bth(o)	   ? FRAME_PORT_ROCE :
				   frame_get(o, FRAME_F_MPLS_UDP) ?
						  FRAME_PORT_MPLS :
						  FRAME_PORT_VXLAN;
	}
	if (!l->version) {
		if (l->ethertype == FRAME_ETH_P_IPV6 || v6addr ||
		    l->proto == FRAME_IPPROTO_ICMPV6 ||
		    frame_get(o, FRAME_FLOW_LABEL(l)))
			l->version = 6;
		else if (l->ethertype == FRAME_ETH_P_IPV4 || l->proto ||
			 frame_any(o, l->lyr + src + 96, 32) ||
			 frame_any(o, l->lyr + dst + 96, 32) ||
			 frame_lyr(o, l, FRAME_LYR(ip_dscp)) ||
			 frame_lyr(o, l, FRAME_LYR(ip_ecn)) ||
			 frame_lyr(o, l, FRAME_LYR(ipv4_ihl)) ||
			 frame_lyr(o, l, FRAME_LYR(frag)) ||
			 frame_lyr(o, l, FRAME_LYR(ttl_hoplimit)))
			l->version = 4;
	}
	if (l->version != 4 && l->version != 6)
		l->version = 0;
	if (!l->ethertype && l->version)
		l->ethertype = l->version == 4 ? FRAME_ETH_P_IPV4 :
						 FRAME_ETH_P_IPV6;
	if (!l->ethertype && frame_get(o, FRAME_MPLS(l)))
		l->ethertype = FRAME_ETH_P_MPLS;
}

/* The second tag's fields of a layer, which misc_parameters holds. */
#define FRAME_VLAN2(l, fld)                                             \
	((l)->inner ? PRM_BIT_OFF(fte_match_param,                      \
				  misc_parameters.inner_second_##fld) : \
		      PRM_BIT_OFF(fte_match_param,                      \
				  misc_parameters.outer_second_##fld)), \
		PRM_BIT_SZ(fte_match_param,                             \
			   misc_parameters.outer_second_##fld)

static void frame_eth(struct frame_out *o, const struct frame_layer *l)
{
	uint32_t cvlan = frame_lyr(o, l, FRAME_LYR(cvlan_tag)),
		 svlan = frame_lyr(o, l, FRAME_LYR(svlan_tag)),
		 prio = frame_lyr(o, l, FRAME_LYR(first_prio)),
		 cfi = frame_lyr(o, l, FRAME_LYR(first_cfi)),
		 vid = frame_lyr(o, l, FRAME_LYR(first_vid)),
		 cvlan2 = frame_get(o, FRAME_VLAN2(l, cvlan_tag)),
		 svlan2 = frame_get(o, FRAME_VLAN2(l, svlan_tag)),
		 prio2 = frame_get(o, FRAME_VLAN2(l, prio)),
		 cfi2 = frame_get(o, FRAME_VLAN2(l, cfi)),
		 vid2 = frame_get(o, FRAME_VLAN2(l, vid));
	bool tag2 = cvlan2 || svlan2 || prio2 || cfi2 || vid2;

	frame_put32(o, frame_lyr(o, l, FRAME_LYR(dmac_47_16)));
	frame_put16(o, frame_lyr(o, l, FRAME_LYR(dmac_15_0)));
	frame_put32(o, frame_lyr(o, l, FRAME_LYR(smac_47_16)));
	frame_put16(o, frame_lyr(o, l, FRAME_LYR(smac_15_0)));
	/* a second tag sits behind a first one, C-VLAN unless named S */
	if (cvlan || svlan || prio || cfi || vid || tag2) {
		frame_put16(o, svlan ? FRAME_ETH_P_8021AD : FRAME_ETH_P_8021Q);
		frame_put16(o, prio << 13 | cfi << 12 | vid);
	}
	if (tag2) {
		frame_put16(o, svlan2 ? FRAME_ETH_P_8021AD : FRAME_ETH_P_8021Q);
		frame_put16(o, prio2 << 13 | cfi2 << 12 | vid2);
	}
	frame_put16(o, l->ethertype);
}

static size_t frame_ip(struct frame_out *o, const struct frame_layer *l)
{
	uint32_t dscp = frame_lyr(o, l, FRAME_LYR(ip_dscp)),
		 ecn = frame_lyr(o, l, FRAME_LYR(ip_ecn)),
		 ttl = frame_lyr(o, l, FRAME_LYR(ttl_hoplimit)),
		 ihl = frame_lyr(o, l, FRAME_LYR(ipv4_ihl)),
		 frag = frame_lyr(o, l, FRAME_LYR(frag));
	size_t src = l->lyr +
		     PRM_BIT_OFF(fte_match_set_lyr_2_4, src_ipv4_src_ipv6),
	       dst = l->lyr +
		     PRM_BIT_OFF(fte_match_set_lyr_2_4, dst_ipv4_dst_ipv6),
	       start = o->n;
	int i;

	if (l->version == 4 && frame_get(o, FRAME_FLOW_LABEL(l)))
		o->why = "the flow label is an IPv6 field";
	if (l->version == 6 && (ihl || frag))
		o->why =
			"ihl and frag are IPv4 fields here: the builder writes no IPv6 fragment header";
	if (ihl && ihl < 5)
		o->why = "an IPv4 ihl below 5 is no header";
	if (!ihl)
		ihl = 5;
	if (l->version == 4) {
		/* options: NOPs; a fragment: the first, so L4 follows */
		frame_add_fix(o, FRAME_FIX_IPV4, 0, false, 0);
		frame_put8(o, 0x40 | ihl);
		frame_put8(o, dscp << 2 | ecn);
		frame_put16(o, 0); /* total length: fixed up */
		frame_put16(o, 0); /* identification */
		frame_put16(o, frag ? FRAME_IPV4_MF : 0);
		frame_put8(o, ttl);
		frame_put8(o, l->proto);
		frame_put16(o, 0); /* header checksum: fixed up */
		frame_put32(o, frame_get(o, src + 96, 32));
		frame_put32(o, frame_get(o, dst + 96, 32));
		for (i = 5; i < ihl; i++)
			frame_put32(o, 0x01010101);
		return start;
	}
	frame_add_fix(o, FRAME_FIX_IPV6, 0, true, 0);
	frame_put32(o, 6u << 28 | (dscp << 2 | ecn) << 20 |
			       frame_get(o, FRAME_FLOW_LABEL(l)));
	frame_put16(o, 0); /* payload length: fixed up */
	frame_put8(o, l->proto);
	frame_put8(o, ttl);
	for (i = 0; i < 4; i++)
		frame_put32(o, frame_get(o, src + 32 * i, 32));
	for (i = 0; i < 4; i++)
		frame_put32(o, frame_get(o, dst + 32 * i, 32));
	return start;
}

static void frame_layer(struct frame_out *o, struct frame_layer *l,
			bool tunnel);

/* The tunnel header after the outer L4, then the inner frame. */
static void frame_tunnel(struct frame_out *o, const struct frame_layer *l)
{
	struct frame_layer in = {
		.lyr = PRM_BIT_OFF(fte_match_param, inner_headers),
		.inner = true,
	};
	uint32_t key = frame_get(o, FRAME_FTE(misc_parameters.gre_key)),
		 proto = FRAME_ETH_P_TEB, words, n, i, flags, next, data;
	bool c, k, seq;

	if (l->proto == FRAME_IPPROTO_GRE) {
		o->tunnel = FRAME_GRE;
		c = frame_get(o, FRAME_FTE(misc_parameters.gre_c_present));
		k = key ||
		    frame_get(o, FRAME_FTE(misc_parameters.gre_k_present));
		seq = frame_get(o, FRAME_FTE(misc_parameters.gre_s_present));
		if (frame_get(o, FRAME_FTE(misc_parameters.gre_protocol)))
			proto = frame_get(
				o, FRAME_FTE(misc_parameters.gre_protocol));
		else if (frame_get(o, FRAME_F_MPLS_GRE))
			proto = FRAME_ETH_P_MPLS;
		frame_put16(o, c << 15 | k << 13 | seq << 12);
		frame_put16(o, proto);
		/* the checksum is left 0: the parser does not check it */
		if (c)
			frame_put32(o, 0);
		if (k)
			frame_put32(o, key);
		if (seq)
			frame_put32(o, 0);
		if (proto == FRAME_ETH_P_MPLS)
			frame_put32(o, frame_get(o, FRAME_F_MPLS_GRE));
	} else if (l->dport == FRAME_PORT_GTPU) {
		o->tunnel = FRAME_GTPU;
		flags = frame_get(o,
				  FRAME_FTE(misc_parameters_3.gtpu_msg_flags));
		next = frame_get(o, FRAME_FTE(misc_parameters_3.gtpu_msg_type));
		frame_put8(o, flags ? flags : FRAME_GTPU_FLAGS);
		frame_put8(o, next ? next : FRAME_GTPU_TPDU);
		frame_put16(o, 0); /* the length of what follows: nothing */
		frame_put32(o,
			    frame_get(o,
				      FRAME_FTE(misc_parameters_3.gtpu_teid)));
		proto = 0;
	} else if (l->dport == FRAME_PORT_ROCE) {
		o->tunnel = FRAME_ROCE;
		frame_put8(o,
			   frame_get(o, FRAME_FTE(misc_parameters.bth_opcode)));
		frame_put8(o, 0); /* SE, M, pad count, version 0 */
		frame_put16(o, FRAME_BTH_PKEY);
		frame_put32(
			o, frame_get(o, FRAME_FTE(misc_parameters.bth_dst_qp)));
		frame_put32(o, 0); /* A and the PSN */
		proto = 0;
	} else if (l->dport == FRAME_PORT_MPLS) {
		o->tunnel = FRAME_MPLS_UDP;
		frame_put32(o, frame_get(o, FRAME_F_MPLS_UDP));
		proto = 0;
	} else if (l->dport == FRAME_PORT_GENEVE) {
		o->tunnel = FRAME_GENEVE;
		words = frame_get(o, FRAME_FTE(misc_parameters.geneve_opt_len));
		data = frame_get(o, FRAME_GENEVE_OPT_DATA);
		/* option data: the first option, one word of it */
		if (data && words == 1)
			o->why =
				"misc3.geneve_tlv_option_0_data needs two words of options, not misc.geneve_opt_len 1";
		if (data && words < 2)
			words = 2;
		if (frame_get(o,
			      FRAME_FTE(misc_parameters.geneve_protocol_type)))
			proto = frame_get(
				o,
				FRAME_FTE(
					misc_parameters.geneve_protocol_type));
		frame_put8(o, words); /* version 0 */
		frame_put8(o,
			   frame_get(o, FRAME_FTE(misc_parameters.geneve_oam))
				   << 7);
		frame_put16(o, proto);
		frame_put32(o,
			    frame_get(o, FRAME_FTE(misc_parameters.geneve_vni))
				    << 8);
		if (data) {
			frame_put32(o, FRAME_GENEVE_OPT_CLASS << 16 | 1);
			frame_put32(o, data);
			words -= 2;
		}
		/* options of the experimental class, data of zeros */
		for (; words; words -= n + 1) {
			n = words - 1 > 31 ? 31 : words - 1;
			frame_put32(o, FRAME_GENEVE_OPT_CLASS << 16 | n);
			for (i = 0; i < n; i++)
				frame_put32(o, 0);
		}
	} else if (l->dport == FRAME_PORT_VXLAN_GPE) {
		o->tunnel = FRAME_VXLAN_GPE;
		flags = frame_get(
			o, FRAME_FTE(misc_parameters_3.outer_vxlan_gpe_flags));
		next = frame_get(
			o, FRAME_FTE(misc_parameters_3
					     .outer_vxlan_gpe_next_protocol));
		frame_put8(o, flags ? flags : FRAME_GPE_FLAGS);
		frame_put16(o, 0);
		frame_put8(o, next ? next : FRAME_GPE_ETHERNET);
		frame_put32(
			o, frame_get(o, FRAME_FTE(misc_parameters_3
							  .outer_vxlan_gpe_vni))
				   << 8);
		/* only Ethernet is written behind it */
		if (next && next != FRAME_GPE_ETHERNET)
			proto = 0;
	} else {
		o->tunnel = FRAME_VXLAN;
		frame_put32(o, 0x08000000); /* I: the VNI is valid */
		frame_put32(o,
			    frame_get(o, FRAME_FTE(misc_parameters.vxlan_vni))
				    << 8);
	}
	/* behind another protocol the builder writes no inner headers */
	if (proto != FRAME_ETH_P_TEB) {
		if (frame_any(o, in.lyr,
			      PRM_BIT_SZ(fte_match_param, inner_headers)) ||
		    frame_get(o, FRAME_MPLS(&in)))
			o->why =
				"inner headers follow a tunnel protocol 0x6558 (Ethernet) only";
		return;
	}
	frame_layer(o, &in, false);
}

/* The L4 header; on the outer layer, a tunnel the protocol or port names. */
static void frame_l4(struct frame_out *o, struct frame_layer *l, size_t ip)
{
	bool v6 = l->version == 6;

	switch (l->proto) {
	case FRAME_IPPROTO_TCP:
		frame_add_fix(o, FRAME_FIX_L4, ip, v6, l->proto);
		frame_put16(o, l->sport);
		frame_put16(o, l->dport);
		frame_put32(o, frame_get(o, FRAME_TCP3(l, seq_num)));
		frame_put32(o, frame_get(o, FRAME_TCP3(l, ack_num)));
		frame_put16(o,
			    5u << 12 | frame_lyr(o, l, FRAME_LYR(tcp_flags)));
		frame_put16(o, 0xffff); /* window */
		frame_put32(o, 0); /* checksum: fixed up; urgent pointer */
		return;
	case FRAME_IPPROTO_UDP:
		frame_add_fix(o, FRAME_FIX_L4, ip, v6, l->proto);
		frame_put16(o, l->sport);
		frame_put16(o, l->dport);
		frame_put32(o, 0); /* length and checksum: fixed up */
		if (!l->inner && (l->dport == FRAME_PORT_VXLAN ||
				  l->dport == FRAME_PORT_GENEVE ||
				  l->dport == FRAME_PORT_VXLAN_GPE ||
				  l->dport == FRAME_PORT_GTPU ||
				  l->dport == FRAME_PORT_ROCE ||
				  l->dport == FRAME_PORT_MPLS))
			frame_tunnel(o, l);
		return;
	case FRAME_IPPROTO_ICMP:
	case FRAME_IPPROTO_ICMPV6:
		frame_add_fix(o, FRAME_FIX_L4, ip, v6, l->proto);
		if (v6) {
			frame_put8(o,
				   frame_get(o,
					     FRAME_FTE(misc_parameters_3
							       .icmpv6_type)));
			frame_put8(o,
				   frame_get(o,
					     FRAME_FTE(misc_parameters_3
							       .icmpv6_code)));
			frame_put16(o, 0);
			frame_put32(
				o,
				frame_get(
					o,
					FRAME_FTE(misc_parameters_3
							  .icmpv6_header_data)));
		} else {
			frame_put8(o,
				   frame_get(o, FRAME_FTE(misc_parameters_3
								  .icmp_type)));
			frame_put8(o,
				   frame_get(o, FRAME_FTE(misc_parameters_3
								  .icmp_code)));
			frame_put16(o, 0);
			frame_put32(
				o,
				frame_get(o,
					  FRAME_FTE(misc_parameters_3
							    .icmp_header_data)));
		}
		return;
	case FRAME_IPPROTO_GRE:
		if (!l->inner)
			frame_tunnel(o, l);
		return;
	default: /* no header the builder knows: an empty payload */
		return;
	}
}

static void frame_layer(struct frame_out *o, struct frame_layer *l, bool tunnel)
{
	size_t ip;

	frame_decide(o, l, tunnel);
	frame_eth(o, l);
	if (l->ethertype == FRAME_ETH_P_MPLS) {
		frame_put32(o, frame_get(o, FRAME_MPLS(l)));
		if (l->version)
			o->why =
				"the builder writes no IP behind an MPLS label";
		return;
	}
	if (!l->version)
		return;
	ip = frame_ip(o, l);
	frame_l4(o, l, ip);
}

static uint32_t frame_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t frame_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* The L4 checksum over the pseudo-header (not for ICMPv4) and the data. */
static void frame_l4_csum(struct frame_out *o, const struct frame_fix *f)
{
	uint8_t *ip = o->b + f->ip_off, *h = o->b + f->off;
	size_t len = o->n - f->off;
	size_t at = f->proto == FRAME_IPPROTO_TCP ? 16 :
		    f->proto == FRAME_IPPROTO_UDP ? 6 :
						    2;
	uint32_t sum = 0;
	uint16_t csum;

	if (f->proto != FRAME_IPPROTO_ICMP) {
		sum = f->v6 ? frame_sum(ip + 8, 32, 0) :
			      frame_sum(ip + 12, 8, 0);
		sum += f->proto + len;
	}
	csum = frame_fold(frame_sum(h, len, sum));
	/* UDP sends a zero checksum as all ones: zero means none */
	if (!csum && f->proto == FRAME_IPPROTO_UDP)
		csum = 0xffff;
	frame_store16(h + at, csum);
}

/* Lengths first, all of them; then checksums from the innermost out. */
static void frame_fix_up(struct frame_out *o)
{
	int i;

	for (i = 0; i < o->nfix; i++) {
		const struct frame_fix *f = &o->fix[i];
		uint8_t *h = o->b + f->off;

		if (f->kind == FRAME_FIX_IPV4)
			frame_store16(h + 2, o->n - f->off);
		else if (f->kind == FRAME_FIX_IPV6)
			frame_store16(h + 4, o->n - f->off - 40);
		else if (f->proto == FRAME_IPPROTO_UDP)
			frame_store16(h + 4, o->n - f->off);
	}
	for (i = o->nfix - 1; i >= 0; i--) {
		const struct frame_fix *f = &o->fix[i];

		if (f->kind == FRAME_FIX_IPV4)
			frame_store16(o->b + f->off + 10,
				      frame_fold(frame_sum(
					      o->b + f->off,
					      4 * (o->b[f->off] & 0xf), 0)));
		else if (f->kind == FRAME_FIX_L4)
			frame_l4_csum(o, f);
	}
}

int frame_build(const uint8_t *match, uint8_t buf[FRAME_BUILD_MAX], size_t *len,
		const char **why)
{
	struct frame_out o = { .m = match, .b = buf };
	struct frame_layer outer = {
		.lyr = PRM_BIT_OFF(fte_match_param, outer_headers),
	};
	bool tunnel;

	/* misc_parameters_2 holds MPLS labels, then the registers */
	if (frame_any(&o,
		      PRM_BIT_OFF(fte_match_param,
				  misc_parameters_2.metadata_reg_c_7),
		      PRM_BIT_OFF(fte_match_param, misc_parameters_3) -
			      PRM_BIT_OFF(fte_match_param,
					  misc_parameters_2.metadata_reg_c_7))) {
		*why = "metadata registers are no part of a frame";
		return EINVAL;
	}
	if (frame_any(&o, PRM_BIT_OFF(fte_match_param, misc_parameters_5),
		      PRM_BIT_SZ(fte_match_param, misc_parameters_5))) {
		*why = "misc5 tunnel header words are the tunnel's: give its fields (misc.vxlan_vni, ...)";
		return EINVAL;
	}
	if (frame_get(&o, FRAME_FTE(misc_parameters.source_port)) ||
	    frame_get(&o, FRAME_FTE(misc_parameters.source_sqn)) ||
	    frame_get(&o,
		      FRAME_FTE(misc_parameters.source_eswitch_owner_vhca_id))) {
		*why = "the source is where the packet enters (rx, or tx vport K), not a frame field";
		return EINVAL;
	}
	tunnel = frame_any(&o, PRM_BIT_OFF(fte_match_param, inner_headers),
			   PRM_BIT_SZ(fte_match_param, inner_headers)) ||
		 frame_get(&o, FRAME_FTE(misc_parameters.vxlan_vni)) ||
		 frame_gre(&o) || frame_geneve(&o) || frame_gpe(&o) ||
		 frame_gtpu(&o) || frame_bth(&o) ||
		 frame_get(&o, FRAME_F_MPLS_GRE) ||
		 frame_get(&o, FRAME_F_MPLS_UDP) ||
		 frame_get(&o, FRAME_FTE(misc_parameters_2.inner_first_mpls)) ||
		 frame_get(&o,
			   FRAME_FTE(misc_parameters.inner_ipv6_flow_label)) ||
		 frame_get(&o, FRAME_FTE(misc_parameters.inner_second_prio)) ||
		 frame_get(&o, FRAME_FTE(misc_parameters.inner_second_cfi)) ||
		 frame_get(&o, FRAME_FTE(misc_parameters.inner_second_vid)) ||
		 frame_get(&o,
			   FRAME_FTE(misc_parameters.inner_second_cvlan_tag)) ||
		 frame_get(&o,
			   FRAME_FTE(misc_parameters.inner_second_svlan_tag));
	memset(buf, 0, FRAME_BUILD_MAX);
	/* a tunnel the fields name gets an outer IPv4 and UDP or GRE */
	frame_layer(&o, &outer, tunnel);
	/* fields the outer headers given leave no place for */
	if (frame_get(&o, FRAME_FTE(misc_parameters.vxlan_vni)) &&
	    o.tunnel != FRAME_VXLAN) {
		*why = "misc.vxlan_vni needs VXLAN: outer UDP to port 4789";
		return EINVAL;
	}
	if (frame_gre(&o) && o.tunnel != FRAME_GRE) {
		*why = "GRE fields (misc.gre_key, misc.gre_*) need GRE: outer IP protocol 47";
		return EINVAL;
	}
	if (frame_gpe(&o) && o.tunnel != FRAME_VXLAN_GPE) {
		*why = "VXLAN-GPE fields (misc3.vxlan_gpe_*) need VXLAN-GPE: outer UDP to port 4790";
		return EINVAL;
	}
	if (frame_geneve(&o) && o.tunnel != FRAME_GENEVE) {
		*why = "GENEVE fields (misc.geneve_*) need GENEVE: outer UDP to port 6081";
		return EINVAL;
	}
	if (frame_gtpu(&o) && o.tunnel != FRAME_GTPU) {
		*why = "GTP-U fields (misc3.gtpu_*) need GTP-U: outer UDP to port 2152";
		return EINVAL;
	}
	if (frame_bth(&o) && o.tunnel != FRAME_ROCE) {
		*why = "BTH fields (misc.bth_*) need RoCE v2: outer UDP to port 4791";
		return EINVAL;
	}
	if (frame_get(&o, FRAME_F_MPLS_UDP) && o.tunnel != FRAME_MPLS_UDP) {
		*why = "misc2.mpls_over_udp_* needs MPLS in UDP: outer UDP to port 6635";
		return EINVAL;
	}
	if (frame_get(&o, FRAME_F_MPLS_GRE) &&
	    (o.tunnel != FRAME_GRE ||
	     (frame_get(&o, FRAME_FTE(misc_parameters.gre_protocol)) &&
	      frame_get(&o, FRAME_FTE(misc_parameters.gre_protocol)) !=
		      FRAME_ETH_P_MPLS))) {
		*why = "misc2.mpls_over_gre_* needs GRE carrying MPLS (protocol 0x8847)";
		return EINVAL;
	}
	if (o.why) {
		*why = o.why;
		return EINVAL;
	}
	if (tunnel && !o.tunnel) {
		*why = "inner fields need a tunnel: VXLAN, GENEVE or GRE outside";
		return EINVAL;
	}
	frame_fix_up(&o);
	/* the padding is no part of the IP packet: lengths are fixed first */
	if (o.n < FRAME_MIN_LEN)
		o.n = FRAME_MIN_LEN;
	*len = o.n;
	return 0;
}
