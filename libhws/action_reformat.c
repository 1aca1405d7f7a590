// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Header rewrites: push and pop VLAN, encap and decap, insert and remove.
 * A 4-byte insert travels in the STE (inline); a longer header lives in an
 * ARG object of 2^log_bulk_size headers that each rule writes with MOD_ARG
 * WQEs ahead of its STEs, DW7 naming its entry.  A shared header (given at
 * creation) is one entry that every rule rewrites with the same bytes.
 */
#include <errno.h>
#include <string.h>

#include "action.h"

#define HWS_REFORMAT_VLAN_HDR 4
#define HWS_REFORMAT_VLAN_OFFSET 12 /* after the MACs */
#define HWS_REFORMAT_INLINE 4 /* an inline insert: the STE's DW7 */
/* the PRM fields: insert_offset 7 bits, remove_size 6 bits, in words */
#define HWS_REFORMAT_MAX_OFFSET 254
#define HWS_REFORMAT_MAX_REMOVE 126
#define HWS_REFORMAT_MIN_ENCAP (14 + 20)

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
 * Give a finished action a second STC in each of its domains, of attr2;
 * on failure the action goes.
 */
static struct mlx5hws_action *
hws_reformat_stc2(struct mlx5hws_action *a,
		  const struct hws_cmd_stc_attr *attr2)
{
	struct hws_cmd_stc_attr attr[HWS_DIR_MAX] = { *attr2, *attr2 };
	enum hws_domain d;
	int err = 0;

	for (d = 0; d < HWS_DOMAIN_MAX && !err; d++) {
		if (!(a->flags & 1u << d))
			continue;
		/* its own hold on the domain: it may outlive the main STCs */
		err = hws_stc_domain_get(a->ctx, d);
		if (err)
			break;
		err = hws_stc_alloc(a->ctx, d, attr, &a->reformat.stc2[d]);
		if (err)
			hws_stc_domain_put(a->ctx, d);
		else
			a->reformat.stc2_flags |= 1u << d;
	}
	if (err) {
		mlx5hws_action_destroy(a);
		errno = err;
		return NULL;
	}
	return a;
}

/*
 * A pop action also holds an STC that pops two VLANs: a template with two
 * pops in a row gives the pair one slot, which the second pop fills.
 */
struct mlx5hws_action *
mlx5hws_action_create_pop_vlan(struct mlx5hws_context *ctx, uint32_t flags)
{
	struct hws_cmd_stc_attr two;
	struct mlx5hws_action *a;

	a = hws_reformat_new(ctx, MLX5HWS_ACTION_TYP_POP_VLAN, flags, 0, 0);
	if (!a)
		return NULL;
	hws_reformat_remove_words(&a->stc_attr, MLX5HWS_ANCHOR_FIRST_VLAN_START,
				  HWS_REFORMAT_VLAN_HDR);
	two = a->stc_attr;
	hws_reformat_remove_words(&two, MLX5HWS_ANCHOR_FIRST_VLAN_START,
				  2 * HWS_REFORMAT_VLAN_HDR);
	a = hws_action_finish(a);
	return a ? hws_reformat_stc2(a, &two) : NULL;
}

static bool hws_reformat_type(enum mlx5hws_action_type t)
{
	switch (t) {
	case MLX5HWS_ACTION_TYP_PUSH_VLAN:
	case MLX5HWS_ACTION_TYP_POP_VLAN:
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2:
	case MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2:
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2:
	case MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3:
	case MLX5HWS_ACTION_TYP_INSERT_HEADER:
	case MLX5HWS_ACTION_TYP_REMOVE_HEADER:
		return true;
	default:
		return false;
	}
}

void hws_action_reformat_release(struct mlx5hws_action *a)
{
	enum hws_domain d;

	if (!hws_reformat_type(a->type))
		return;
	for (d = 0; d < HWS_DOMAIN_MAX; d++)
		if (a->reformat.stc2_flags & 1u << d) {
			hws_stc_free(a->ctx, d, a->reformat.stc2[d]);
			hws_stc_domain_put(a->ctx, d);
		}
	a->reformat.stc2_flags = 0;
	hws_cmd_destroy(&a->reformat.arg);
	if (a->reformat.pat)
		hws_pat_put(&a->ctx->patterns, &a->ctx->mem, a->reformat.pat);
	a->reformat.pat = NULL;
	hws_free(&a->ctx->mem, a->reformat.hdr);
	a->reformat.hdr = NULL;
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

/* Keep the shared header: the bytes every rule of the action inserts. */
static int hws_reformat_keep_hdr(struct mlx5hws_action *a, const void *hdr,
				 uint32_t size)
{
	a->reformat.size = size;
	if (!hdr)
		return 0;
	a->reformat.hdr = hws_zalloc(&a->ctx->mem, size);
	if (!a->reformat.hdr)
		return ENOMEM;
	memcpy(a->reformat.hdr, hdr, size);
	return 0;
}

/*
 * The ARG of an insert from argument: 2^log_bulk_size headers of the
 * action's size, or one shared header.
 */
static int hws_reformat_arg_create(struct mlx5hws_action *a, const char *what,
				   uint32_t log_bulk_size)
{
	const struct hws_modify_caps *caps = &a->ctx->modify_caps;
	uint8_t chunk = hws_arg_chunk_log(a->reformat.size), log;

	if (!caps->arg_log_max) {
		hws_err("%s: the device has no header argument objects (log_header_modify_argument_max_alloc 0)",
			what);
		return EOPNOTSUPP;
	}
	if (a->reformat.hdr && log_bulk_size) {
		hws_err("%s: a shared header is one for all rules (log_bulk_size %u, must be 0)",
			what, log_bulk_size);
		return EINVAL;
	}
	if (log_bulk_size + chunk > caps->arg_log_max) {
		hws_err("%s: 2^%u headers of 2^%u argument entries; the device allocates at most 2^%u entries",
			what, log_bulk_size, chunk, caps->arg_log_max);
		return E2BIG;
	}
	log = log_bulk_size + chunk;
	if (log < caps->arg_log_min)
		log = caps->arg_log_min;
	a->reformat.chunk_log = chunk;
	a->reformat.bulk = 1u << log_bulk_size;
	return hws_cmd_arg_create(a->ctx->dev, log, a->ctx->pd.id,
				  &a->reformat.arg);
}

/*
 * An insert of size bytes at anchor + offset bytes: 4 bytes of an insert
 * header travel inline in DW7, others in an ARG.  hdr: the shared header.
 */
static struct mlx5hws_action *
hws_reformat_insert(struct mlx5hws_context *ctx, enum mlx5hws_action_type type,
		    uint32_t flags, const char *what,
		    const struct mlx5hws_action_insert_header_attr *attr)
{
	struct mlx5hws_action *a;
	int err;

	if (attr->size == HWS_REFORMAT_INLINE &&
	    type == MLX5HWS_ACTION_TYP_INSERT_HEADER && attr->log_bulk_size) {
		hws_err("%s: a 4-byte header is inline, the rule's own (log_bulk_size %u, must be 0)",
			what, attr->log_bulk_size);
		errno = EINVAL;
		return NULL;
	}
	if (attr->size == HWS_REFORMAT_INLINE &&
	    type == MLX5HWS_ACTION_TYP_INSERT_HEADER) {
		a = hws_reformat_inline(ctx, type, flags, attr->anchor,
					attr->offset, attr->encap);
		if (!a)
			return NULL;
		err = hws_reformat_keep_hdr(a, attr->hdr, attr->size);
		if (a->reformat.hdr)
			a->reformat.dw7 = be32toh(*(uint32_t *)a->reformat.hdr);
	} else {
		a = hws_reformat_new(ctx, type, flags,
				     MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT,
				     MLX5_IFC_STC_ACTION_OFFSET_DW6);
		if (!a)
			return NULL;
		a->stc_attr.insert.anchor = attr->anchor;
		a->stc_attr.insert.offset = attr->offset / 2;
		a->stc_attr.insert.size = attr->size / 2;
		a->stc_attr.insert.encap = attr->encap;
		err = hws_reformat_keep_hdr(a, attr->hdr, attr->size);
		if (!err)
			err = hws_reformat_arg_create(a, what,
						      attr->log_bulk_size);
		a->stc_attr.insert.arg_id = a->reformat.arg.id;
	}
	if (err) {
		hws_action_reformat_release(a);
		hws_free(&ctx->mem, a);
		errno = err;
		return NULL;
	}
	return hws_action_finish(a);
}

/* Encap: the tunnel's header at the packet start (L3: instead of L2). */
static struct mlx5hws_action *
hws_reformat_encap(struct mlx5hws_context *ctx,
		   const struct mlx5hws_action_reformat_attr *attr,
		   uint32_t flags)
{
	struct mlx5hws_action_insert_header_attr ins = {
		.anchor = MLX5HWS_ANCHOR_PACKET_START,
		.size = attr->hdr_size,
		.hdr = attr->hdr,
		.log_bulk_size = attr->log_bulk_size,
		.encap = 1,
	};
	struct hws_cmd_stc_attr l2 = {
		.action_type = MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE,
		.action_offset = MLX5_IFC_STC_ACTION_OFFSET_DW5,
		.remove = { MLX5HWS_ANCHOR_PACKET_START,
			    MLX5HWS_ANCHOR_IPV6_IPV4, false },
	};
	struct mlx5hws_action *a;

	/* the smallest tunnel: Ethernet and IPv4 */
	if (attr->hdr_size < HWS_REFORMAT_MIN_ENCAP || attr->hdr_size % 2 ||
	    attr->hdr_size > HWS_REFORMAT_MAX_OFFSET) {
		hws_err("encap action: header of %u bytes; it must be even, %u to %u",
			attr->hdr_size, HWS_REFORMAT_MIN_ENCAP,
			HWS_REFORMAT_MAX_OFFSET);
		errno = EINVAL;
		return NULL;
	}
	a = hws_reformat_insert(ctx, attr->type, flags, "encap action", &ins);
	if (!a || attr->type == MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2)
		return a;
	/* L3: the packet's own L2 header goes first (DW5) */
	return hws_reformat_stc2(a, &l2);
}

/*
 * L3 decap as a modify list (actions.md 1.6): remove up to the inner IP
 * header, insert the new L2 header 4 bytes at a time at the packet start,
 * last bytes first, from a header led by 2 pad bytes, then remove the pad.
 * The argument's slots 1..n carry the 4-byte pieces in their second DW.
 */
static uint8_t hws_reformat_l3_pieces(uint32_t hdr_size)
{
	return hdr_size / 4 + 1;
}

static void hws_reformat_l3_pattern(uint8_t *pat, uint8_t n)
{
	uint8_t *act = pat;
	uint8_t k;

	memset(pat, 0, (size_t)(n + 2) * PRM_MODIFY_ACTION_SIZE);
	DEVX_SET(stc_ste_param_remove, act, action_type,
		 MLX5_MODIFICATION_TYPE_REMOVE);
	DEVX_SET(stc_ste_param_remove, act, decap, 1);
	DEVX_SET(stc_ste_param_remove, act, remove_start_anchor,
		 MLX5HWS_ANCHOR_PACKET_START);
	DEVX_SET(stc_ste_param_remove, act, remove_end_anchor,
		 MLX5HWS_ANCHOR_INNER_IPV6_IPV4);
	for (k = 1; k <= n; k++) {
		act = pat + k * PRM_MODIFY_ACTION_SIZE;
		DEVX_SET(stc_ste_param_insert, act, action_type,
			 MLX5_MODIFICATION_TYPE_INSERT);
		DEVX_SET(stc_ste_param_insert, act, inline_data, 1);
		DEVX_SET(stc_ste_param_insert, act, insert_anchor,
			 MLX5HWS_ANCHOR_PACKET_START);
		DEVX_SET(stc_ste_param_insert, act, insert_size, 2);
	}
	act = pat + (n + 1) * PRM_MODIFY_ACTION_SIZE;
	DEVX_SET(stc_ste_param_remove_words, act, action_type,
		 MLX5_MODIFICATION_TYPE_REMOVE_WORDS);
	DEVX_SET(stc_ste_param_remove_words, act, remove_start_anchor,
		 MLX5HWS_ANCHOR_PACKET_START);
	DEVX_SET(stc_ste_param_remove_words, act, remove_size, 1);
}

/* A rule's argument: slot k (1..n) gets piece n - k of pad + header. */
static void hws_reformat_l3_arg(const struct mlx5hws_action *a,
				const uint8_t *hdr, uint8_t *buf)
{
	uint8_t padded[4 * 5] = { 0 }, n;
	uint8_t k;

	n = hws_reformat_l3_pieces(a->reformat.size);
	memcpy(padded + 2, hdr, a->reformat.size);
	for (k = 1; k <= n; k++)
		memcpy(buf + k * PRM_MODIFY_ACTION_SIZE + 4,
		       padded + 4 * (n - k), 4);
}

static struct mlx5hws_action *
hws_reformat_decap_l3(struct mlx5hws_context *ctx,
		      const struct mlx5hws_action_reformat_attr *attr,
		      uint32_t flags)
{
	uint8_t pat[(5 + 2) * PRM_MODIFY_ACTION_SIZE], n;
	struct mlx5hws_action *a;
	int err;

	if (attr->hdr_size != 14 && attr->hdr_size != 18) {
		hws_err("L3 decap action: a new L2 header of %u bytes; it must be 14, or 18 with a VLAN",
			attr->hdr_size);
		errno = EINVAL;
		return NULL;
	}
	if (!ctx->modify_caps.log_max_patterns) {
		hws_err("L3 decap action: the device has no modify-header patterns");
		errno = EOPNOTSUPP;
		return NULL;
	}
	a = hws_reformat_new(ctx, MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2,
			     flags, MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST,
			     MLX5_IFC_STC_ACTION_OFFSET_DW6);
	if (!a)
		return NULL;
	n = hws_reformat_l3_pieces(attr->hdr_size);
	hws_reformat_l3_pattern(pat, n);
	err = hws_reformat_keep_hdr(a, attr->hdr, attr->hdr_size);
	/* the ARG holds the list's slots, not the header itself */
	a->reformat.size = (n + 2) * PRM_MODIFY_ACTION_SIZE;
	if (!err)
		err = hws_reformat_arg_create(a, "L3 decap action",
					      attr->log_bulk_size);
	a->reformat.size = attr->hdr_size;
	if (!err)
		err = hws_pat_get(&ctx->patterns, ctx->dev, &ctx->mem, pat,
				  n + 2, &a->reformat.pat);
	if (err) {
		hws_action_reformat_release(a);
		hws_free(&ctx->mem, a);
		errno = err;
		return NULL;
	}
	a->stc_attr.modify_list.pattern_id = a->reformat.pat->obj.id;
	a->stc_attr.modify_list.arg_id = a->reformat.arg.id;
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
		return hws_reformat_encap(ctx, attr, flags);
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2:
		return hws_reformat_decap_l3(ctx, attr, flags);
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
	if (attr->offset % 2 || attr->offset > HWS_REFORMAT_MAX_OFFSET ||
	    attr->encap > 1) {
		hws_err("insert header action: offset %u bytes (even, at most %u), encap %u (0 or 1)",
			attr->offset, HWS_REFORMAT_MAX_OFFSET, attr->encap);
		errno = EINVAL;
		return NULL;
	}
	if (hws_reformat_check_size("insert header action", attr->size,
				    HWS_REFORMAT_MAX_OFFSET)) {
		errno = EINVAL;
		return NULL;
	}
	return hws_reformat_insert(ctx, MLX5HWS_ACTION_TYP_INSERT_HEADER, flags,
				   "insert header action", attr);
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

/* An insert from the ARG: DW7 names the rule's entry. */
static int hws_reformat_resolve_arg(const struct mlx5hws_action *a,
				    enum hws_domain domain,
				    const struct mlx5hws_rule_action *ra,
				    struct hws_action_ste *ste)
{
	uint32_t off = a->reformat.hdr ? 0 : ra->reformat.offset;

	if (!a->reformat.hdr && !ra->reformat.data) {
		hws_err("%s rule action: no header (reformat.data)",
			hws_action_type_name(a->type));
		return EINVAL;
	}
	if (off >= a->reformat.bulk) {
		hws_err("%s rule action: header %u outside a bulk of %u",
			hws_action_type_name(a->type), off, a->reformat.bulk);
		return EINVAL;
	}
	ste->stc_ix[PRM_STC_IX_DW6] = a->stc[domain];
	ste->stc_ix[PRM_STC_IX_DW7] = 0;
	ste->dw[1] = 0;
	ste->dw[2] = off << a->reformat.chunk_log;
	if (a->type == MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3)
		ste->stc_ix[PRM_STC_IX_DW5] = a->reformat.stc2[domain];
	return 0;
}

int hws_action_reformat_resolve(const struct mlx5hws_action *a,
				enum hws_domain domain, bool merged,
				const struct mlx5hws_rule_action *ra,
				struct hws_action_ste *ste)
{
	uint32_t dw7;

	if (a->reformat.arg.devx)
		return hws_reformat_resolve_arg(a, domain, ra, ste);
	switch (a->type) {
	case MLX5HWS_ACTION_TYP_PUSH_VLAN:
		ste->dw[2] = be32toh(ra->push_vlan.vlan_hdr);
		ste->stc_ix[PRM_STC_IX_DW6] = a->stc[domain];
		return 0;
	case MLX5HWS_ACTION_TYP_INSERT_HEADER:
		if (!a->reformat.hdr && !ra->reformat.data) {
			hws_err("insert header rule action: no header (reformat.data)");
			return EINVAL;
		}
		if (a->reformat.hdr) {
			dw7 = a->reformat.dw7;
		} else {
			memcpy(&dw7, ra->reformat.data, sizeof(dw7));
			dw7 = be32toh(dw7);
		}
		ste->dw[2] = dw7;
		ste->stc_ix[PRM_STC_IX_DW6] = a->stc[domain];
		return 0;
	case MLX5HWS_ACTION_TYP_POP_VLAN:
		/* the second of a pair pops both in the first one's slot */
		ste->stc_ix[PRM_STC_IX_DW5] =
			merged ? a->reformat.stc2[domain] : a->stc[domain];
		return 0;
	default: /* removals: nothing per rule */
		ste->stc_ix[PRM_STC_IX_DW5] = a->stc[domain];
		return 0;
	}
}

bool hws_action_reformat_has_arg(const struct mlx5hws_action *a)
{
	return hws_reformat_type(a->type) && a->reformat.arg.devx;
}

unsigned int hws_action_reformat_arg(const struct mlx5hws_action *a,
				     const struct mlx5hws_rule_action *ra,
				     uint32_t *index, uint8_t *buf)
{
	unsigned int n;
	const void *hdr;
	uint32_t off;

	if (!hws_action_reformat_has_arg(a))
		return 0;
	hdr = a->reformat.hdr ? a->reformat.hdr : ra->reformat.data;
	off = a->reformat.hdr ? 0 : ra->reformat.offset;
	/* a rule the set refuses writes nothing */
	if (!hdr || off >= a->reformat.bulk)
		return 0;
	n = a->reformat.pat ? 1 : /* 7 slots at most: one entry */
			      (a->reformat.size + PRM_ARG_ENTRY_SIZE - 1) /
			    PRM_ARG_ENTRY_SIZE;
	if (!buf)
		return n;
	memset(buf, 0, (size_t)PRM_ARG_ENTRY_SIZE << a->reformat.chunk_log);
	*index = a->reformat.arg.id + (off << a->reformat.chunk_log);
	if (a->reformat.pat)
		hws_reformat_l3_arg(a, hdr, buf);
	else
		memcpy(buf, hdr, a->reformat.size);
	return n;
}
