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
	HWS_CONV_L3_TYPE,	/* ip_version 4/6 -> l3_type 1/2 */
	HWS_CONV_VLAN_QUAL,	/* cvlan_tag/svlan_tag -> qualifier 2/1 */
	HWS_CONV_GVMI,		/* source_port -> the vport's GVMI */
	HWS_CONV_IPV4,		/* the low 32 bits of an address */
	HWS_CONV_IPV6,		/* the whole 128 bits */
	HWS_CONV_L4_PORT,	/* tcp and udp ports share one header field */
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
};

extern const struct hws_match_field hws_match_field_table[];
extern const size_t hws_match_field_count;

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
