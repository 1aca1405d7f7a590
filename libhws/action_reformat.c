// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Header rewrites: push and pop VLAN, encap and decap, insert and remove. */
#include <errno.h>
#include <string.h>

#include "action.h"

#define HWS_REFORMAT_VLAN_HDR 4
#define HWS_REFORMAT_VLAN_OFFSET 12 /* after the MACs */
#define HWS_REFORMAT_INLINE 4 /* an inline insert: the STE's DW7 */
/* the PRM fields: insert_offset 7 bits, remove_size 6 bits, in words */
#define HWS_REFORMAT_MAX_OFFSET 254
#define HWS_REFORMAT_MAX_REMOVE 126

/*
 * A device that reparses by STC looks at the frame anew only after STCs
 * that ask for it; the others leave it to the RTC, which always reparses.
 */
static uint8_t hws_reformat_reparse(const struct mlx5hws_context *ctx)
{
	return ctx->caps.rtc_reparse_mode >> MLX5_IFC_RTC_REPARSE_BY_STC & 1 ?
		       MLX5_IFC_STC_REPARSE_ALWAYS :
		       MLX5_IFC_STC_REPARSE_IGNORE;
}

static bool hws_reformat_anchor_valid(uint32_t anchor)
{
	switch (anchor) {
	case MLX5HWS_ANCHOR_PACKET_START:
	case MLX5HWS_ANCHOR_MAC:
	case MLX5HWS_ANCHOR_FIRST_VLAN_START:
	case MLX5HWS_ANCHOR_SECOND_VLAN_START:
	case MLX5HWS_ANCHOR_IPV6_IPV4:
	case MLX5HWS_ANCHOR_TCP_UDP:
	case MLX5HWS_ANCHOR_TUNNEL_HEADER:
	case MLX5HWS_ANCHOR_INNER_MAC:
	case MLX5HWS_ANCHOR_INNER_IPV6_IPV4:
	case MLX5HWS_ANCHOR_INNER_TCP_UDP:
	case MLX5HWS_ANCHOR_L4_PAYLOAD:
	case MLX5HWS_ANCHOR_INNER_L4_PAYLOAD:
		return true;
	default:
		return false;
	}
}

/* A rewrite action with its STC's type, slot and reparse filled. */
static struct mlx5hws_action *hws_reformat_new(struct mlx5hws_context *ctx,
					       enum mlx5hws_action_type type,
					       uint32_t flags, uint8_t stc_type,
					       uint8_t offset)
{
	struct mlx5hws_action *a = hws_action_new(ctx, type, flags);

	if (!a)
		return NULL;
	a->stc_attr.action_type = stc_type;
	a->stc_attr.action_offset = offset;
	a->stc_attr.reparse_mode = hws_reformat_reparse(ctx);
	return a;
}

/* A 4-byte inline insert at anchor + offset bytes (push VLAN's too). */
static struct mlx5hws_action *hws_reformat_inline(struct mlx5hws_context *ctx,
						  enum mlx5hws_action_type type,
						  uint32_t flags,
						  uint32_t anchor,
						  uint32_t offset, bool encap)
{
	struct mlx5hws_action *a = hws_reformat_new(
		ctx, type, flags, MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT,
		MLX5_IFC_STC_ACTION_OFFSET_DW6);

	if (!a)
		return NULL;
	a->stc_attr.insert.anchor = anchor;
	a->stc_attr.insert.offset = offset / 2;
	a->stc_attr.insert.size = HWS_REFORMAT_INLINE / 2;
	a->stc_attr.insert.inline_data = true;
	a->stc_attr.insert.encap = encap;
	return a;
}

struct mlx5hws_action *
mlx5hws_action_create_push_vlan(struct mlx5hws_context *ctx, uint32_t flags)
{
	struct mlx5hws_action *a = hws_reformat_inline(
		ctx, MLX5HWS_ACTION_TYP_PUSH_VLAN, flags,
		MLX5HWS_ANCHOR_PACKET_START, HWS_REFORMAT_VLAN_OFFSET, false);

	return a ? hws_action_finish(a) : NULL;
}

static void hws_reformat_remove_words(struct hws_cmd_stc_attr *attr,
				      uint32_t anchor, uint32_t bytes)
{
	attr->action_type = MLX5_IFC_STC_ACTION_TYPE_REMOVE_WORDS;
	attr->action_offset = MLX5_IFC_STC_ACTION_OFFSET_DW5;
	attr->remove_words.anchor = anchor;
	attr->remove_words.size = bytes / 2;
}

/*
 * A pop action also holds an STC that pops two VLANs: a template with two
 * pops in a row gives the pair one slot, which the second pop fills.
 */
struct mlx5hws_action *
mlx5hws_action_create_pop_vlan(struct mlx5hws_context *ctx, uint32_t flags)
{
	struct hws_cmd_stc_attr attr[HWS_DIR_MAX];
	struct mlx5hws_action *a;
	enum hws_domain d;
	int err = 0;

	a = hws_reformat_new(ctx, MLX5HWS_ACTION_TYP_POP_VLAN, flags, 0, 0);
	if (!a)
		return NULL;
	hws_reformat_remove_words(&a->stc_attr, MLX5HWS_ANCHOR_FIRST_VLAN_START,
				  HWS_REFORMAT_VLAN_HDR);
	a = hws_action_finish(a);
	if (!a)
		return NULL;
	attr[HWS_DIR_RX] = a->stc_attr;
	hws_reformat_remove_words(&attr[HWS_DIR_RX],
				  MLX5HWS_ANCHOR_FIRST_VLAN_START,
				  2 * HWS_REFORMAT_VLAN_HDR);
	attr[HWS_DIR_TX] = attr[HWS_DIR_RX];
	for (d = 0; d < HWS_DOMAIN_MAX && !err; d++) {
		if (!(flags & 1u << d))
			continue;
		err = hws_stc_alloc(ctx, d, attr, &a->pop2.stc[d]);
		if (!err)
			a->pop2.flags |= 1u << d;
	}
	if (err) {
		mlx5hws_action_destroy(a);
		errno = err;
		return NULL;
	}
	return a;
}

void hws_action_reformat_release(struct mlx5hws_action *a)
{
	enum hws_domain d;

	if (a->type != MLX5HWS_ACTION_TYP_POP_VLAN)
		return;
	for (d = 0; d < HWS_DOMAIN_MAX; d++)
		if (a->pop2.flags & 1u << d)
			hws_stc_free(a->ctx, d, a->pop2.stc[d]);
	a->pop2.flags = 0;
}

/* Refusals common to headers: even sizes and offsets, known fields. */
static int hws_reformat_check_size(const char *what, uint32_t size,
				   uint32_t max)
{
	if (!size || size % 2 || size > max) {
		hws_err("%s: header of %u bytes; it must be even, 2 to %u",
			what, size, max);
		return EINVAL;
	}
	return 0;
}

/* L2 decap: everything before the inner Ethernet header goes. */
static struct mlx5hws_action *
hws_reformat_decap_l2(struct mlx5hws_context *ctx,
		      const struct mlx5hws_action_reformat_attr *attr,
		      uint32_t flags)
{
	struct mlx5hws_action *a;

	if (attr->hdr || attr->hdr_size || attr->log_bulk_size) {
		hws_err("L2 decap action: takes no header (hdr_size %u, log_bulk_size %u)",
			attr->hdr_size, attr->log_bulk_size);
		errno = EINVAL;
		return NULL;
	}
	a = hws_reformat_new(ctx, MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2,
			     flags, MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE,
			     MLX5_IFC_STC_ACTION_OFFSET_DW5);
	if (!a)
		return NULL;
	a->stc_attr.remove.anchor = MLX5HWS_ANCHOR_PACKET_START;
	a->stc_attr.remove.end_anchor = MLX5HWS_ANCHOR_INNER_MAC;
	a->stc_attr.remove.decap = true;
	return hws_action_finish(a);
}

struct mlx5hws_action *
mlx5hws_action_create_reformat(struct mlx5hws_context *ctx,
			       const struct mlx5hws_action_reformat_attr *attr,
			       uint32_t flags)
{
	if (!attr || attr->comp_mask) {
		hws_err("reformat action: %s",
			attr ? "unknown comp_mask bits" : "no attributes");
		errno = EINVAL;
		return NULL;
	}
	switch (attr->type) {
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2:
		return hws_reformat_decap_l2(ctx, attr, flags);
	case MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2:
	case MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3:
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2:
		/* their headers live in ARG objects, which come with rw-modify */
		hws_err("reformat action: %s needs a header argument object, not supported yet",
			hws_action_type_name(attr->type));
		errno = EOPNOTSUPP;
		return NULL;
	default:
		hws_err("reformat action: type %u is not a reformat",
			attr->type);
		errno = EINVAL;
		return NULL;
	}
}

struct mlx5hws_action *mlx5hws_action_create_insert_header(
	struct mlx5hws_context *ctx,
	const struct mlx5hws_action_insert_header_attr *attr, uint32_t flags)
{
	struct mlx5hws_action *a;

	if (!attr || attr->comp_mask) {
		hws_err("insert header action: %s",
			attr ? "unknown comp_mask bits" : "no attributes");
		errno = EINVAL;
		return NULL;
	}
	if (!hws_reformat_anchor_valid(attr->anchor)) {
		hws_err("insert header action: anchor %u is not supported",
			attr->anchor);
		errno = EOPNOTSUPP;
		return NULL;
	}
	if (attr->offset % 2 || attr->offset > HWS_REFORMAT_MAX_OFFSET) {
		hws_err("insert header action: offset %u bytes; it must be even, at most %u",
			attr->offset, HWS_REFORMAT_MAX_OFFSET);
		errno = EINVAL;
		return NULL;
	}
	if (hws_reformat_check_size("insert header action", attr->size,
				    HWS_REFORMAT_MAX_OFFSET)) {
		errno = EINVAL;
		return NULL;
	}
	if (attr->size != HWS_REFORMAT_INLINE) {
		/* larger headers live in ARG objects, which come with rw-modify */
		hws_err("insert header action: %u bytes; only 4-byte inline headers are supported yet",
			attr->size);
		errno = EOPNOTSUPP;
		return NULL;
	}
	if (attr->log_bulk_size) {
		hws_err("insert header action: an inline header is the rule's own (log_bulk_size %u, must be 0)",
			attr->log_bulk_size);
		errno = EINVAL;
		return NULL;
	}
	a = hws_reformat_inline(ctx, MLX5HWS_ACTION_TYP_INSERT_HEADER, flags,
				attr->anchor, attr->offset, attr->encap);
	if (!a)
		return NULL;
	if (attr->hdr) {
		memcpy(&a->insert.dw7, attr->hdr, HWS_REFORMAT_INLINE);
		a->insert.dw7 = be32toh(a->insert.dw7);
		a->insert.shared = true;
	}
	return hws_action_finish(a);
}

struct mlx5hws_action *mlx5hws_action_create_remove_header(
	struct mlx5hws_context *ctx,
	const struct mlx5hws_action_remove_header_attr *attr, uint32_t flags)
{
	struct mlx5hws_action *a;

	if (!attr || attr->comp_mask) {
		hws_err("remove header action: %s",
			attr ? "unknown comp_mask bits" : "no attributes");
		errno = EINVAL;
		return NULL;
	}
	if (!hws_reformat_anchor_valid(attr->anchor) ||
	    (attr->type == MLX5HWS_ACTION_REMOVE_HEADER_BY_ANCHORS &&
	     !hws_reformat_anchor_valid(attr->end_anchor))) {
		hws_err("remove header action: anchors %u, %u; not supported",
			attr->anchor, attr->end_anchor);
		errno = EOPNOTSUPP;
		return NULL;
	}
	switch (attr->type) {
	case MLX5HWS_ACTION_REMOVE_HEADER_BY_SIZE:
		if (hws_reformat_check_size("remove header action", attr->size,
					    HWS_REFORMAT_MAX_REMOVE) ||
		    attr->decap) {
			if (attr->decap)
				hws_err("remove header action: decap goes with BY_ANCHORS");
			errno = EINVAL;
			return NULL;
		}
		a = hws_reformat_new(ctx, MLX5HWS_ACTION_TYP_REMOVE_HEADER,
				     flags, 0, 0);
		if (!a)
			return NULL;
		hws_reformat_remove_words(&a->stc_attr, attr->anchor,
					  attr->size);
		break;
	case MLX5HWS_ACTION_REMOVE_HEADER_BY_ANCHORS:
		if (attr->end_anchor <= attr->anchor || attr->size) {
			hws_err("remove header action: from anchor %u to %u (size %u): the end must come later and the size be 0",
				attr->anchor, attr->end_anchor, attr->size);
			errno = EINVAL;
			return NULL;
		}
		a = hws_reformat_new(ctx, MLX5HWS_ACTION_TYP_REMOVE_HEADER,
				     flags,
				     MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE,
				     MLX5_IFC_STC_ACTION_OFFSET_DW5);
		if (!a)
			return NULL;
		a->stc_attr.remove.anchor = attr->anchor;
		a->stc_attr.remove.end_anchor = attr->end_anchor;
		a->stc_attr.remove.decap = attr->decap;
		break;
	default:
		hws_err("remove header action: unknown type %u", attr->type);
		errno = EINVAL;
		return NULL;
	}
	return hws_action_finish(a);
}

int hws_action_reformat_resolve(const struct mlx5hws_action *a,
				enum hws_domain domain, bool merged,
				const struct mlx5hws_rule_action *ra,
				struct hws_action_ste *ste)
{
	uint32_t dw7;

	switch (a->type) {
	case MLX5HWS_ACTION_TYP_PUSH_VLAN:
		ste->dw[2] = be32toh(ra->push_vlan.vlan_hdr);
		ste->stc_ix[PRM_STC_IX_DW6] = a->stc[domain];
		return 0;
	case MLX5HWS_ACTION_TYP_INSERT_HEADER:
		if (!a->insert.shared && !ra->reformat.data) {
			hws_err("insert header rule action: no header (reformat.data)");
			return EINVAL;
		}
		if (a->insert.shared) {
			dw7 = a->insert.dw7;
		} else {
			memcpy(&dw7, ra->reformat.data, sizeof(dw7));
			dw7 = be32toh(dw7);
		}
		ste->dw[2] = dw7;
		ste->stc_ix[PRM_STC_IX_DW6] = a->stc[domain];
		return 0;
	case MLX5HWS_ACTION_TYP_POP_VLAN:
		/* the second of a pair pops both in the first one's slot */
		ste->stc_ix[PRM_STC_IX_DW5] = merged ? a->pop2.stc[domain] :
						       a->stc[domain];
		return 0;
	default: /* removals: nothing per rule */
		ste->stc_ix[PRM_STC_IX_DW5] = a->stc[domain];
		return 0;
	}
}
