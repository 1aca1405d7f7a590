/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Match fields: the table of the fields libhws matches, where each sits in
 * fte_match_param and in the hardware header layout, and which fields a
 * mask may not combine.
 */
#ifndef HWS_MATCH_FIELD_H
#define HWS_MATCH_FIELD_H

#include "context.h"

#define FTE_OFF(fld) PRM_BIT_OFF(fte_match_param, fld)

/* How a match field reaches the header layout. */
enum hws_field_conv {
	HWS_CONV_COPY,
	HWS_CONV_L3_TYPE, /* ip_version 4/6 -> l3_type 1/2 */
	HWS_CONV_VLAN_QUAL, /* cvlan_tag/svlan_tag -> qualifier 2/1 */
	HWS_CONV_GVMI, /* source_port -> the vport's GVMI */
	HWS_CONV_IPV4, /* the low 32 bits of an address */
	HWS_CONV_IPV6, /* the whole 128 bits */
	HWS_CONV_L4_PORT, /* tcp and udp ports share one header field */
	/* source_port of the E-Switch whose owner the mask names too */
	HWS_CONV_GVMI_OWNER,
	/* no header field: it says how another field converts */
	HWS_CONV_NONE,
};

/*
 * Where a field sits in the header layout: a fixed place, or a DW the
 * device's capabilities name (a flex parser, a GTP-U format select).
 */
enum hws_field_hl {
	HWS_HL_FIXED,
	HWS_HL_FLEX_MPLS_GRE,
	HWS_HL_FLEX_MPLS_UDP,
	HWS_HL_FLEX_GENEVE_OPT,
	HWS_HL_GTPU_DW0,
	HWS_HL_GTPU_DW1,
};

/* One row of the table: the public field and its place in the header. */
struct hws_match_field {
	struct mlx5hws_match_field pub;
	uint16_t hl_off;
	uint16_t hl_sz;
	enum hws_field_conv conv;
	/* a VLAN qualifier: its cvlan bit, and the svlan bit's distance */
	uint16_t cvlan_off;
	uint8_t svlan_dist;
	/* not HWS_HL_FIXED: hl_off is the bit in the DW the caps name */
	enum hws_field_hl hl_at;
};

extern const struct hws_match_field hws_match_field_table[];
extern const size_t hws_match_field_count;

/* The header-layout bit where f starts on the device of ctx. */
uint16_t hws_match_field_hl_off(const struct mlx5hws_context *ctx,
				const struct hws_match_field *f);

/* The name of a field libhws refuses that bit falls in, or NULL. */
const char *hws_match_field_unsupported(size_t bit);

/* Copy width bits from src at src_off to dst at dst_off, any alignment. */
void hws_match_field_copy_bits(uint8_t *dst, size_t dst_off, const uint8_t *src,
			       size_t src_off, size_t width);
/* Whether the width bits at off are all 0. */
bool hws_match_field_bits_zero(const uint8_t *p, size_t off, size_t width);

/*
 * Refuse a mask that names two users of one header-layout block (two
 * tunnels, TCP and ICMP), or a user whose parser the device lacks.
 */
int hws_match_field_check_users(struct mlx5hws_context *ctx,
				const uint8_t *mask);

#endif /* HWS_MATCH_FIELD_H */
