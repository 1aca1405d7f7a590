// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Match fields: where each sits in fte_match_param and the header layout. */
#include <errno.h>
#include <string.h>

#include "match_field.h"

#define HL_OFF(fld) PRM_BIT_OFF(definer_hl, fld)

#define F(name, fte, w, crit, hl, hw, conv)                                    \
	{ { name, FTE_OFF(fte), w, crit }, HL_OFF(hl), hw, HWS_CONV_##conv,    \
	  0, 0, HWS_HL_FIXED }

/* cvlan_tag or svlan_tag: both set the one qualifier the header holds */
#define Q(name, fte, crit, hl, cvlan, svlan)                                   \
	{ { name, FTE_OFF(fte), 1, crit }, HL_OFF(hl), 2, HWS_CONV_VLAN_QUAL,  \
	  FTE_OFF(cvlan), FTE_OFF(svlan) - FTE_OFF(cvlan), HWS_HL_FIXED }

/* A field at a raw header-layout bit, for DWs prm.h keeps as arrays. */
#define FR(name, fte, w, crit, hl_bit, hw)                                     \
	{ { name, FTE_OFF(fte), w, crit }, hl_bit, hw, HWS_CONV_COPY, 0, 0,   \
	  HWS_HL_FIXED }

/* A field in a DW the device's capabilities place: bit is within it. */
#define FXB(name, fte_bit, w, crit, at, bit, hw)                          \
	{                                                                 \
		{ name, fte_bit, w, crit }, bit, hw, HWS_CONV_COPY, 0, 0, \
			HWS_HL_##at                                       \
	}
#define FX(name, fte, w, crit, at, bit, hw) \
	FXB(name, FTE_OFF(fte), w, crit, at, bit, hw)

/* The four parts of an MPLS label stack entry, as the wire has them. */
#define MPLS(pfx, fte, crit, at, hl)                                           \
	FXB(pfx "_label", FTE_OFF(fte), 20, crit, at, (hl) + 0, 20),           \
		FXB(pfx "_exp", FTE_OFF(fte) + 20, 3, crit, at, (hl) + 20, 3), \
		FXB(pfx "_s_bos", FTE_OFF(fte) + 23, 1, crit, at, (hl) + 23,   \
		    1),                                                        \
		FXB(pfx "_ttl", FTE_OFF(fte) + 24, 8, crit, at, (hl) + 24, 8)
#define MISC2 MLX5_MATCH_MISC_PARAMETERS_2
#define MISC5 MLX5_MATCH_MISC_PARAMETERS_5

/* tcp_icmp: DW 0 TCP seq or ICMP type/code, DW 1 ack, DW 2 ICMP data */
#define TCP_ICMP(dw) (HL_OFF(tcp_icmp) + 32 * (dw))
#define MISC3 MLX5_MATCH_MISC_PARAMETERS_3
#define MISC MLX5_MATCH_MISC_PARAMETERS
#define TNL(dw) (HL_OFF(tunnel_header.tunnel_header_0) + 32 * (dw))

/* The second VLAN of a layer, which misc_parameters holds. */
#define VLAN2(pfx, l2, o)                                                      \
	F(pfx ".second_vlan_id", misc_parameters.o##_second_vid, 12,           \
	  MLX5_MATCH_MISC_PARAMETERS, l2.second_vlan_id, 12, COPY),            \
	F(pfx ".second_vlan_prio", misc_parameters.o##_second_prio, 3,         \
	  MLX5_MATCH_MISC_PARAMETERS, l2.second_priority, 3, COPY),            \
	F(pfx ".second_vlan_cfi", misc_parameters.o##_second_cfi, 1,           \
	  MLX5_MATCH_MISC_PARAMETERS, l2.second_cfi, 1, COPY),                 \
	Q(pfx ".second_cvlan_tag", misc_parameters.o##_second_cvlan_tag,       \
	  MLX5_MATCH_MISC_PARAMETERS, l2.second_vlan_qualifier,                \
	  misc_parameters.o##_second_cvlan_tag,                                \
	  misc_parameters.o##_second_svlan_tag),                               \
	Q(pfx ".second_svlan_tag", misc_parameters.o##_second_svlan_tag,       \
	  MLX5_MATCH_MISC_PARAMETERS, l2.second_vlan_qualifier,                \
	  misc_parameters.o##_second_cvlan_tag,                                \
	  misc_parameters.o##_second_svlan_tag)

#define LAYER(pfx, b, crit, l2, l2s, l3, l4, v4, v6s, v6d)                     \
	F(pfx ".smac", b.smac_47_16, 48, crit, l2s.smac_47_16, 48, COPY),      \
	F(pfx ".dmac", b.dmac_47_16, 48, crit, l2.dmac_47_16, 48, COPY),       \
	F(pfx ".ethertype", b.ethertype, 16, crit, l2.l3_ethertype, 16, COPY), \
	F(pfx ".vlan_id", b.first_vid, 12, crit, l2.first_vlan_id, 12, COPY),  \
	F(pfx ".vlan_prio", b.first_prio, 3, crit, l2.first_priority, 3,       \
	  COPY),                                                               \
	F(pfx ".vlan_cfi", b.first_cfi, 1, crit, l2.first_cfi, 1, COPY),      \
	Q(pfx ".cvlan_tag", b.cvlan_tag, crit, l2.first_vlan_qualifier,        \
	  b.cvlan_tag, b.svlan_tag),                                           \
	Q(pfx ".svlan_tag", b.svlan_tag, crit, l2.first_vlan_qualifier,        \
	  b.cvlan_tag, b.svlan_tag),                                           \
	F(pfx ".ip_version", b.ip_version, 4, crit, l2.l3_type, 2, L3_TYPE),   \
	F(pfx ".ip_protocol", b.ip_protocol, 8, crit, l3.protocol_next_header, \
	  8, COPY),                                                            \
	F(pfx ".dscp", b.ip_dscp, 6, crit, l3.dscp, 6, COPY),                  \
	F(pfx ".ecn", b.ip_ecn, 2, crit, l3.ecn, 2, COPY),                     \
	F(pfx ".ihl", b.ipv4_ihl, 4, crit, l3.ihl, 4, COPY),                   \
	F(pfx ".frag", b.frag, 1, crit, l4.ip_fragmented, 1, COPY),            \
	F(pfx ".ttl", b.ttl_hoplimit, 8, crit, l3.time_to_live_hop_limit, 8,   \
	  COPY),                                                               \
	F(pfx ".tcp_flags", b.tcp_flags, 9, crit, l4.tcp_ns, 9, COPY),         \
	F(pfx ".ipv6_src", b.src_ipv4_src_ipv6, 128, crit, v6s, 128, IPV6),    \
	F(pfx ".ipv6_dst", b.dst_ipv4_dst_ipv6, 128, crit, v6d, 128, IPV6),    \
	{ { pfx ".ipv4_src", FTE_OFF(b.src_ipv4_src_ipv6) + 96, 32, crit },    \
	  HL_OFF(v4.source_address), 32, HWS_CONV_IPV4, 0, 0, HWS_HL_FIXED }, \
	{ { pfx ".ipv4_dst", FTE_OFF(b.dst_ipv4_dst_ipv6) + 96, 32, crit },    \
	  HL_OFF(v4.destination_address), 32, HWS_CONV_IPV4, 0, 0,          \
	  HWS_HL_FIXED },                                                      \
	F(pfx ".tcp_sport", b.tcp_sport, 16, crit, l4.source_port, 16,         \
	  L4_PORT),                                                            \
	F(pfx ".tcp_dport", b.tcp_dport, 16, crit, l4.destination_port, 16,    \
	  L4_PORT),                                                            \
	F(pfx ".udp_sport", b.udp_sport, 16, crit, l4.source_port, 16,         \
	  L4_PORT),                                                            \
	F(pfx ".udp_dport", b.udp_dport, 16, crit, l4.destination_port, 16,    \
	  L4_PORT)

#define REG_C(n)                                                               \
	F("meta.reg_c" #n, misc_parameters_2.metadata_reg_c_##n, 32,           \
	  MLX5_MATCH_MISC_PARAMETERS_2, registers.register_c_##n, 32, COPY)

const struct hws_match_field hws_match_field_table[] = {
	LAYER("outer", outer_headers, MLX5_MATCH_OUTER_HEADERS, eth_l2_outer,
	      eth_l2_src_outer, eth_l3_outer, eth_l4_outer, ipv4_src_dest_outer,
	      ipv6_src_outer, ipv6_dst_outer),
	LAYER("inner", inner_headers, MLX5_MATCH_INNER_HEADERS, eth_l2_inner,
	      eth_l2_src_inner, eth_l3_inner, eth_l4_inner, ipv4_src_dest_inner,
	      ipv6_src_inner, ipv6_dst_inner),
	VLAN2("outer", eth_l2_outer, outer),
	VLAN2("inner", eth_l2_inner, inner),
	F("outer.flow_label", misc_parameters.outer_ipv6_flow_label, 20,
	  MLX5_MATCH_MISC_PARAMETERS, eth_l3_outer.flow_label, 20, COPY),
	F("inner.flow_label", misc_parameters.inner_ipv6_flow_label, 20,
	  MLX5_MATCH_MISC_PARAMETERS, eth_l3_inner.flow_label, 20, COPY),
	FR("outer.tcp_seq", misc_parameters_3.outer_tcp_seq_num, 32, MISC3,
	   TCP_ICMP(0), 32),
	FR("outer.tcp_ack", misc_parameters_3.outer_tcp_ack_num, 32, MISC3,
	   TCP_ICMP(1), 32),
	FR("inner.tcp_seq", misc_parameters_3.inner_tcp_seq_num, 32, MISC3,
	   TCP_ICMP(0), 32),
	FR("inner.tcp_ack", misc_parameters_3.inner_tcp_ack_num, 32, MISC3,
	   TCP_ICMP(1), 32),
	FR("misc3.icmp_type", misc_parameters_3.icmp_type, 8, MISC3,
	   TCP_ICMP(0), 8),
	FR("misc3.icmp_code", misc_parameters_3.icmp_code, 8, MISC3,
	   TCP_ICMP(0) + 8, 8),
	FR("misc3.icmp_header_data", misc_parameters_3.icmp_header_data, 32,
	   MISC3, TCP_ICMP(2), 32),
	FR("misc3.icmpv6_type", misc_parameters_3.icmpv6_type, 8, MISC3,
	   TCP_ICMP(0), 8),
	FR("misc3.icmpv6_code", misc_parameters_3.icmpv6_code, 8, MISC3,
	   TCP_ICMP(0) + 8, 8),
	FR("misc3.icmpv6_header_data", misc_parameters_3.icmpv6_header_data, 32,
	   MISC3, TCP_ICMP(2), 32),
	F("misc.source_port", misc_parameters.source_port, 16,
	  MLX5_MATCH_MISC_PARAMETERS, source_qp_gvmi.source_gvmi, 16, GVMI),
	F("misc.source_sqn", misc_parameters.source_sqn, 24,
	  MLX5_MATCH_MISC_PARAMETERS, source_qp_gvmi.source_qp, 24, COPY),
	F("misc.vxlan_vni", misc_parameters.vxlan_vni, 24,
	  MLX5_MATCH_MISC_PARAMETERS, tunnel_header.tunnel_header_1, 24, COPY),
	F("misc.gre_key", misc_parameters.gre_key, 32,
	  MLX5_MATCH_MISC_PARAMETERS, tunnel_header.tunnel_header_2, 32, COPY),
	/* tunnel_header_0 and _1 hold the first two DWs of the header */
	FR("misc.gre_c_present", misc_parameters.gre_c_present, 1, MISC,
	   TNL(0) + 0, 1),
	FR("misc.gre_k_present", misc_parameters.gre_k_present, 1, MISC,
	   TNL(0) + 2, 1),
	FR("misc.gre_s_present", misc_parameters.gre_s_present, 1, MISC,
	   TNL(0) + 3, 1),
	FR("misc.gre_protocol", misc_parameters.gre_protocol, 16, MISC,
	   TNL(0) + 16, 16),
	FR("misc.geneve_opt_len", misc_parameters.geneve_opt_len, 6, MISC,
	   TNL(0) + 2, 6),
	FR("misc.geneve_oam", misc_parameters.geneve_oam, 1, MISC, TNL(0) + 8,
	   1),
	FR("misc.geneve_protocol_type", misc_parameters.geneve_protocol_type,
	   16, MISC, TNL(0) + 16, 16),
	FR("misc.geneve_vni", misc_parameters.geneve_vni, 24, MISC, TNL(1), 24),
	FR("misc3.vxlan_gpe_flags", misc_parameters_3.outer_vxlan_gpe_flags, 8,
	   MISC3, TNL(0), 8),
	FR("misc3.vxlan_gpe_next_protocol",
	   misc_parameters_3.outer_vxlan_gpe_next_protocol, 8, MISC3,
	   TNL(0) + 24, 8),
	FR("misc3.vxlan_gpe_vni", misc_parameters_3.outer_vxlan_gpe_vni, 24,
	   MISC3, TNL(1), 24),
	/* MPLS behind Ethernet: the parser's own MPLS block */
	MPLS("outer.mpls", misc_parameters_2.outer_first_mpls, MISC2, FIXED,
	     HL_OFF(mpls_outer)),
	MPLS("inner.mpls", misc_parameters_2.inner_first_mpls, MISC2, FIXED,
	     HL_OFF(mpls_inner)),
	/* behind GRE or UDP: the flex parser the device names */
	MPLS("misc2.mpls_over_gre", misc_parameters_2.outer_first_mpls_over_gre,
	     MISC2, FLEX_MPLS_GRE, 0),
	MPLS("misc2.mpls_over_udp", misc_parameters_2.outer_first_mpls_over_udp,
	     MISC2, FLEX_MPLS_UDP, 0),
	/* the first data word of the GENEVE option the device parses */
	FX("misc3.geneve_tlv_option_0_data",
	   misc_parameters_3.geneve_tlv_option_0_data, 32, MISC3,
	   FLEX_GENEVE_OPT, 0, 32),
	/* GTP-U DW 0: flags, message type, length; DW 1: the TEID */
	FX("misc3.gtpu_msg_flags", misc_parameters_3.gtpu_msg_flags, 8, MISC3,
	   GTPU_DW0, 0, 8),
	FX("misc3.gtpu_msg_type", misc_parameters_3.gtpu_msg_type, 8, MISC3,
	   GTPU_DW0, 8, 8),
	FX("misc3.gtpu_teid", misc_parameters_3.gtpu_teid, 32, MISC3, GTPU_DW1,
	   0, 32),
	/* the first four DWs of the tunnel header, whatever the tunnel */
	FR("misc5.tunnel_header_0", misc_parameters_5.tunnel_header_0, 32,
	   MISC5, TNL(0), 32),
	FR("misc5.tunnel_header_1", misc_parameters_5.tunnel_header_1, 32,
	   MISC5, TNL(1), 32),
	FR("misc5.tunnel_header_2", misc_parameters_5.tunnel_header_2, 32,
	   MISC5, TNL(2), 32),
	FR("misc5.tunnel_header_3", misc_parameters_5.tunnel_header_3, 32,
	   MISC5, TNL(3), 32),
	/* RoCE v2: the BTH's opcode and destination QP */
	FR("misc.bth_opcode", misc_parameters.bth_opcode, 8, MISC,
	   HL_OFF(ib_l4), 8),
	FR("misc.bth_dst_qp", misc_parameters.bth_dst_qp, 24, MISC,
	   HL_OFF(ib_l4) + 8, 24),
	/* which E-Switch's source_port that is: no header field of its own */
	{ { "misc.source_eswitch_owner_vhca_id",
	    FTE_OFF(misc_parameters.source_eswitch_owner_vhca_id), 16, MISC },
	  0,
	  0,
	  HWS_CONV_NONE,
	  0,
	  0,
	  HWS_HL_FIXED },
	REG_C(0),
	REG_C(1),
	REG_C(2),
	REG_C(3),
	REG_C(4),
	REG_C(5),
	REG_C(6),
	REG_C(7),
	F("meta.reg_a", misc_parameters_2.metadata_reg_a, 32,
	  MLX5_MATCH_MISC_PARAMETERS_2, metadata.general_purpose, 32, COPY),
};

/* Names for the fields libhws refuses, so that the error says which. */
static const struct {
	const char *name;
	uint16_t off, sz;
} unsupported_names[] = {
#define U(name, fld) { name, FTE_OFF(fld), PRM_BIT_SZ(fte_match_param, fld) }
	U("outer.l4_type", outer_headers.l4_type),
	U("inner.l4_type", inner_headers.l4_type),
	U("misc.outer_esp_spi", misc_parameters.outer_esp_spi),
	U("misc.inner_esp_spi", misc_parameters.inner_esp_spi),
	U("misc.geneve_tlv_option_0_exist",
	  misc_parameters.geneve_tlv_option_0_exist),
	U("misc3.gtpu_dw_0", misc_parameters_3.gtpu_dw_0),
	U("misc3.gtpu_dw_2", misc_parameters_3.gtpu_dw_2),
	U("misc3.gtpu_first_ext_dw_0", misc_parameters_3.gtpu_first_ext_dw_0),
	U("misc5.macsec_tag_0", misc_parameters_5.macsec_tag_0),
	U("misc5.macsec_tag_1", misc_parameters_5.macsec_tag_1),
	U("misc5.macsec_tag_2", misc_parameters_5.macsec_tag_2),
	U("misc5.macsec_tag_3", misc_parameters_5.macsec_tag_3),
#undef U
};

const size_t hws_match_field_count = HWS_ARRAY_SIZE(hws_match_field_table);

/* Flex parser n fills header-layout DW 137 - n. */
#define HWS_FLEX_PARSER_DW(n) (HL_OFF(flex_parser) / 32 + 7 - (n))

uint16_t hws_match_field_hl_off(const struct mlx5hws_context *ctx,
				const struct hws_match_field *f)
{
	const struct hws_match_caps *mc = &ctx->match_caps;
	unsigned int dw;

	switch (f->hl_at) {
	case HWS_HL_FLEX_MPLS_GRE:
		dw = HWS_FLEX_PARSER_DW(mc->flex_id_mpls_over_gre);
		break;
	case HWS_HL_FLEX_MPLS_UDP:
		dw = HWS_FLEX_PARSER_DW(mc->flex_id_mpls_over_udp);
		break;
	case HWS_HL_FLEX_GENEVE_OPT:
		dw = HWS_FLEX_PARSER_DW(mc->flex_id_geneve_opt0);
		break;
	case HWS_HL_GTPU_DW0:
		dw = mc->gtpu_dw0;
		break;
	case HWS_HL_GTPU_DW1:
		dw = mc->gtpu_dw1;
		break;
	default:
		return f->hl_off;
	}
	return dw * 32 + f->hl_off;
}

const char *hws_match_field_unsupported(size_t bit)
{
	size_t i;

	for (i = 0; i < HWS_ARRAY_SIZE(unsupported_names); i++)
		if (bit >= unsupported_names[i].off &&
		    bit < unsupported_names[i].off + unsupported_names[i].sz)
			return unsupported_names[i].name;
	return NULL;
}

/* The public view of the table: a contiguous array, built once. */
static struct mlx5hws_match_field
	public_fields[HWS_ARRAY_SIZE(hws_match_field_table)];
static pthread_once_t public_once = PTHREAD_ONCE_INIT;

static void hws_match_field_public_init(void)
{
	size_t i;

	for (i = 0; i < HWS_ARRAY_SIZE(hws_match_field_table); i++)
		public_fields[i] = hws_match_field_table[i].pub;
}

const struct mlx5hws_match_field *mlx5hws_match_fields(size_t *count)
{
	pthread_once(&public_once, hws_match_field_public_init);
	if (count)
		*count = HWS_ARRAY_SIZE(hws_match_field_table);
	return public_fields;
}

const struct mlx5hws_match_field *mlx5hws_match_field_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	pthread_once(&public_once, hws_match_field_public_init);
	for (i = 0; i < HWS_ARRAY_SIZE(hws_match_field_table); i++)
		if (!strcmp(public_fields[i].name, name))
			return &public_fields[i];
	return NULL;
}

void hws_match_field_copy_bits(uint8_t *dst, size_t dst_off, const uint8_t *src,
			       size_t src_off, size_t width)
{
	while (width) {
		size_t n = width;

		if (n > 32 - src_off % 32)
			n = 32 - src_off % 32;
		if (n > 32 - dst_off % 32)
			n = 32 - dst_off % 32;
		_devx_set(dst, _devx_get(src, src_off, n), dst_off, n);
		src_off += n;
		dst_off += n;
		width -= n;
	}
}

bool hws_match_field_bits_zero(const uint8_t *p, size_t off, size_t width)
{
	while (width) {
		size_t n = width > 32 - off % 32 ? 32 - off % 32 : width;

		if (_devx_get(p, off, n))
			return false;
		off += n;
		width -= n;
	}
	return true;
}

/* The widest field, in bytes, and the DWs of fte_match_param it can span. */
#define HWS_FIELD_MAX_BYTES 16
#define HWS_FIELD_MAX_DWS (HWS_FIELD_MAX_BYTES / 4 + 1)

int mlx5hws_match_param_set(void *param, const struct mlx5hws_match_field *f,
			    const void *value, size_t len)
{
	uintptr_t first = (uintptr_t)public_fields;
	uint32_t val[HWS_FIELD_MAX_BYTES / 4] = { 0 };
	uint32_t dws[HWS_FIELD_MAX_DWS];
	size_t dw0, ndw;

	/* f must be one of ours: its offset and width are trusted below */
	if (!param || !value || (uintptr_t)f < first ||
	    (uintptr_t)f >= first + sizeof(public_fields) ||
	    ((uintptr_t)f - first) % sizeof(*f) ||
	    len != (f->bit_width + 7u) / 8)
		return EINVAL;
	/*
	 * The caller's buffers are exactly as long as documented and may sit
	 * at any address: work on aligned copies, read and written bytewise.
	 */
	memcpy(val, value, len);
	if (!hws_match_field_bits_zero((uint8_t *)val, 0,
				       len * 8 - f->bit_width)) {
		hws_err("%s: value wider than %u bits", f->name, f->bit_width);
		return EINVAL;
	}
	dw0 = f->bit_offset / 32;
	ndw = (f->bit_offset + f->bit_width + 31) / 32 - dw0;
	memcpy(dws, (uint8_t *)param + 4 * dw0, 4 * ndw);
	hws_match_field_copy_bits((uint8_t *)dws, f->bit_offset % 32,
				  (uint8_t *)val, len * 8 - f->bit_width,
				  f->bit_width);
	memcpy((uint8_t *)param + 4 * dw0, dws, 4 * ndw);
	return 0;
}

/*
 * Headers that share a block of the header layout: a packet has one
 * tunnel, one TCP or ICMP header in tcp_icmp, one MPLS label the flex
 * parsers take, and tunnel_header_2 holds the GRE key or what misc5 names.
 * A mask names at most one user of each block, and some users need a
 * parser or a capability of the device.
 */
enum hws_match_field_block {
	HWS_BLOCK_NONE,
	HWS_BLOCK_TCP_ICMP,
	HWS_BLOCK_TUNNEL,
	HWS_BLOCK_TUNNEL_DW2,
	HWS_BLOCK_MPLS_FLEX,
	HWS_BLOCK_COUNT,
};

/*
 * What says the packet has the header: the whole outer UDP port or IP
 * protocol, which the mask must hold with the header's fields.
 */
enum hws_match_field_type {
	HWS_TYPE_NONE,
	HWS_TYPE_UDP_PORT,
	HWS_TYPE_IP_PROTOCOL,
};

enum hws_match_field_need {
	HWS_NEED_NONE,
	HWS_NEED_ROCE,
	HWS_NEED_MERGED_ESW,
	HWS_NEED_SOURCE_PORT,
	HWS_NEED_GENEVE_OPT,
};

static const struct hws_match_field_user {
	const char *what; /* users of one name are one header */
	enum hws_match_field_block block;
	uint32_t parser; /* MLX5_FLEX_PARSER_*, or 0 */
	enum hws_match_field_need need;
	enum hws_match_field_type type;
	const char *fields[5];
} hws_match_field_users[] = {
#define USER(what, blk, parser, need, type, ...)                \
	{                                                       \
		what, HWS_BLOCK_##blk, parser, HWS_NEED_##need, \
			HWS_TYPE_##type,                        \
		{                                               \
			__VA_ARGS__                             \
		}                                               \
	}
	USER("outer TCP", TCP_ICMP, 0, NONE, NONE, "outer.tcp_seq",
	     "outer.tcp_ack"),
	USER("inner TCP", TCP_ICMP, 0, NONE, NONE, "inner.tcp_seq",
	     "inner.tcp_ack"),
	USER("ICMPv4", TCP_ICMP, MLX5_FLEX_PARSER_ICMP_V4_ENABLED, NONE, NONE,
	     "misc3.icmp_type", "misc3.icmp_code", "misc3.icmp_header_data"),
	USER("ICMPv6", TCP_ICMP, MLX5_FLEX_PARSER_ICMP_V6_ENABLED, NONE, NONE,
	     "misc3.icmpv6_type", "misc3.icmpv6_code",
	     "misc3.icmpv6_header_data"),
	USER("VXLAN", TUNNEL, 0, NONE, UDP_PORT, "misc.vxlan_vni"),
	USER("GRE", TUNNEL, 0, NONE, IP_PROTOCOL, "misc.gre_c_present",
	     "misc.gre_k_present", "misc.gre_s_present", "misc.gre_protocol",
	     "misc.gre_key"),
	USER("GRE key", TUNNEL_DW2, 0, NONE, NONE, "misc.gre_key"),
	USER("GENEVE", TUNNEL, 0, NONE, UDP_PORT, "misc.geneve_vni",
	     "misc.geneve_oam", "misc.geneve_opt_len",
	     "misc.geneve_protocol_type"),
	USER("GENEVE", TUNNEL, MLX5_FLEX_PARSER_GENEVE_TLV_OPTION_0_ENABLED,
	     GENEVE_OPT, UDP_PORT, "misc3.geneve_tlv_option_0_data"),
	USER("VXLAN-GPE", TUNNEL, MLX5_FLEX_PARSER_VXLAN_GPE_ENABLED, NONE,
	     UDP_PORT, "misc3.vxlan_gpe_flags", "misc3.vxlan_gpe_next_protocol",
	     "misc3.vxlan_gpe_vni"),
	USER("GTP-U", TUNNEL, MLX5_FLEX_PARSER_GTPU_ENABLED, NONE, UDP_PORT,
	     "misc3.gtpu_msg_flags", "misc3.gtpu_msg_type"),
	USER("GTP-U", TUNNEL, MLX5_FLEX_PARSER_GTPU_TEID_ENABLED, NONE,
	     UDP_PORT, "misc3.gtpu_teid"),
	USER("tunnel header", TUNNEL, 0, NONE, NONE, "misc5.tunnel_header_0",
	     "misc5.tunnel_header_1"),
	USER("tunnel header DW 2", TUNNEL_DW2, 0, NONE, NONE,
	     "misc5.tunnel_header_2"),
	USER("MPLS over GRE", MPLS_FLEX, MLX5_FLEX_PARSER_MPLS_OVER_GRE_ENABLED,
	     NONE, IP_PROTOCOL, "misc2.mpls_over_gre_label",
	     "misc2.mpls_over_gre_exp", "misc2.mpls_over_gre_s_bos",
	     "misc2.mpls_over_gre_ttl"),
	USER("MPLS over UDP", MPLS_FLEX, MLX5_FLEX_PARSER_MPLS_OVER_UDP_ENABLED,
	     NONE, UDP_PORT, "misc2.mpls_over_udp_label",
	     "misc2.mpls_over_udp_exp", "misc2.mpls_over_udp_s_bos",
	     "misc2.mpls_over_udp_ttl"),
	USER("RoCE v2 BTH", NONE, 0, ROCE, UDP_PORT, "misc.bth_opcode",
	     "misc.bth_dst_qp"),
	USER("another E-Switch's vport", NONE, 0, MERGED_ESW, NONE,
	     "misc.source_eswitch_owner_vhca_id"),
	USER("another E-Switch's vport", NONE, 0, SOURCE_PORT, NONE,
	     "misc.source_eswitch_owner_vhca_id"),
#undef USER
};

static const struct hws_match_field *hws_match_field_by_name(const char *name)
{
	size_t i;

	for (i = 0; strcmp(hws_match_field_table[i].pub.name, name); i++)
		;
	return &hws_match_field_table[i];
}

/* The first field of u the mask has bits in, or NULL. */
static const struct hws_match_field *
hws_match_field_user_field(const struct hws_match_field_user *u,
			   const uint8_t *mask)
{
	const struct hws_match_field *f;
	size_t k;

	for (k = 0; k < HWS_ARRAY_SIZE(u->fields) && u->fields[k]; k++) {
		f = hws_match_field_by_name(u->fields[k]);
		if (!hws_match_field_bits_zero(mask, f->pub.bit_offset,
					       f->pub.bit_width))
			return f;
	}
	return NULL;
}

/* What the device must have for u, beyond its parser; 0 if it has it. */
static int hws_match_field_check_need(struct mlx5hws_context *ctx,
				      const struct hws_match_field_user *u,
				      const char *name, const uint8_t *mask)
{
	const struct hws_match_field *port;
	struct mlx5hws_geneve_opt *opt;

	switch (u->need) {
	case HWS_NEED_ROCE:
		if (ctx->match_caps.roce)
			return 0;
		hws_err("%s needs a device that parses RoCE (cmd_hca_cap.roce is 0)",
			name);
		return EOPNOTSUPP;
	case HWS_NEED_MERGED_ESW:
		if (ctx->match_caps.merged_eswitch)
			return 0;
		hws_err("%s names %s: the device has no merged E-Switch (esw_cap.merged_eswitch is 0)",
			name, u->what);
		return EOPNOTSUPP;
	case HWS_NEED_SOURCE_PORT:
		port = hws_match_field_by_name("misc.source_port");
		if (!hws_match_field_bits_zero(mask, port->pub.bit_offset,
					       port->pub.bit_width))
			return 0;
		hws_err("%s says whose misc.source_port it is: mask misc.source_port with it",
			name);
		return EOPNOTSUPP;
	case HWS_NEED_GENEVE_OPT:
		pthread_mutex_lock(&ctx->ctrl_lock);
		opt = ctx->geneve_opt;
		pthread_mutex_unlock(&ctx->ctrl_lock);
		if (opt)
			return 0;
		hws_err("%s needs the GENEVE option the device parses: mlx5hws_geneve_opt_create() first",
			name);
		return EINVAL;
	default:
		return 0;
	}
}

/* A flex parser's number must name one of the header layout's eight. */
static int hws_match_field_check_flex(const struct hws_match_field *f,
				      const struct hws_match_caps *mc)
{
	uint8_t id;

	switch (f->hl_at) {
	case HWS_HL_FLEX_MPLS_GRE:
		id = mc->flex_id_mpls_over_gre;
		break;
	case HWS_HL_FLEX_MPLS_UDP:
		id = mc->flex_id_mpls_over_udp;
		break;
	case HWS_HL_FLEX_GENEVE_OPT:
		id = mc->flex_id_geneve_opt0;
		break;
	default:
		return 0;
	}
	if (id < 8)
		return 0;
	hws_err("%s: the device puts it in flex parser %u; the header layout has 0..7",
		f->pub.name, id);
	return EOPNOTSUPP;
}

/*
 * A tunnel's fields say nothing of which tunnel the packet has: VXLAN's
 * VNI is GENEVE's too.  The mask must say it, as the kernel's TC wants a
 * decap filter's whole UDP port: all of outer.udp_dport or
 * outer.ip_protocol.
 */
static int hws_match_field_check_types(const uint8_t *mask)
{
	static const struct {
		const char *field;
		uint32_t full;
	} types[] = {
		[HWS_TYPE_UDP_PORT] = { "outer.udp_dport", 0xffff },
		[HWS_TYPE_IP_PROTOCOL] = { "outer.ip_protocol", 0xff },
	};
	const struct hws_match_field_user *u;
	const struct hws_match_field *f, *t;
	uint32_t m;
	size_t i;

	for (i = 0; i < HWS_ARRAY_SIZE(hws_match_field_users); i++) {
		u = &hws_match_field_users[i];
		f = u->type ? hws_match_field_user_field(u, mask) : NULL;
		if (!f)
			continue;
		t = hws_match_field_by_name(types[u->type].field);
		m = _devx_get(mask, t->pub.bit_offset, t->pub.bit_width);
		if (m == types[u->type].full)
			continue;
		hws_err("%s (%s) needs the tunnel type in the mask: all of %s, not 0x%x",
			f->pub.name, u->what, t->pub.name, m);
		return EINVAL;
	}
	return 0;
}

int hws_match_field_check_users(struct mlx5hws_context *ctx,
				const uint8_t *mask)
{
	static const char *const why[] = {
		[HWS_BLOCK_TCP_ICMP] =
			"the header layout holds one TCP or ICMP header",
		[HWS_BLOCK_TUNNEL] = "a packet has one tunnel",
		[HWS_BLOCK_TUNNEL_DW2] = "tunnel_header_2 holds one of them",
		[HWS_BLOCK_MPLS_FLEX] =
			"a packet's first label is behind GRE or UDP",
	};
	const struct hws_match_field_user *u, *first[HWS_BLOCK_COUNT] = { 0 };
	const char *first_name[HWS_BLOCK_COUNT] = { 0 };
	const struct hws_match_field *f;
	size_t i;
	int err;

	for (i = 0; i < HWS_ARRAY_SIZE(hws_match_field_users); i++) {
		u = &hws_match_field_users[i];
		f = hws_match_field_user_field(u, mask);
		if (!f)
			continue;
		if (u->block && first[u->block] &&
		    strcmp(first[u->block]->what, u->what)) {
			hws_err("%s (%s) and %s (%s) cannot be matched together: %s",
				first_name[u->block], first[u->block]->what,
				f->pub.name, u->what, why[u->block]);
			return EINVAL;
		}
		if (u->block && !first[u->block]) {
			first[u->block] = u;
			first_name[u->block] = f->pub.name;
		}
		if (u->parser & ~ctx->match_caps.flex_parser_protocols) {
			hws_err("%s needs the device's %s parser (flex_parser_protocols 0x%x lacks 0x%x)",
				f->pub.name, u->what,
				ctx->match_caps.flex_parser_protocols,
				u->parser);
			return EOPNOTSUPP;
		}
		err = hws_match_field_check_need(ctx, u, f->pub.name, mask);
		if (!err)
			err = hws_match_field_check_flex(f, &ctx->match_caps);
		if (err)
			return err;
	}
	return hws_match_field_check_types(mask);
}
