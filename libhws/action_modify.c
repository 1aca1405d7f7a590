// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Modify-header actions.  One action executes inline: an STC of its type
 * (SET, ADD, COPY, ADD_FIELD) in the STE's double slot, the value of SET and
 * ADD in DW7.  A list becomes a pattern (NOPs inserted, shared through the
 * context's cache) and an ARG object of 2^log_bulk_size rule arguments; its
 * STC is ACC_MODIFY_LIST, DW7 holds the rule's argument offset and each
 * rule writes its argument with MOD_ARG WQEs before its STEs.
 */
#include <errno.h>
#include <string.h>

#include "action.h"

#define HWS_MH "modify header"

/* The STC type of a single action of this modification type. */
static uint8_t hws_action_modify_stc_type(uint32_t type)
{
	switch (type) {
	case MLX5_MODIFICATION_TYPE_SET:
		return MLX5_IFC_STC_ACTION_TYPE_SET;
	case MLX5_MODIFICATION_TYPE_ADD:
		return MLX5_IFC_STC_ACTION_TYPE_ADD;
	case MLX5_MODIFICATION_TYPE_COPY:
		return MLX5_IFC_STC_ACTION_TYPE_COPY;
	default:
		return MLX5_IFC_STC_ACTION_TYPE_ADD_FIELD;
	}
}

static bool hws_action_modify_has_data(const uint8_t *act)
{
	uint32_t type = DEVX_GET(set_action_in, act, action_type);

	return type == MLX5_MODIFICATION_TYPE_SET ||
	       type == MLX5_MODIFICATION_TYPE_ADD;
}

static int
hws_action_modify_check(struct mlx5hws_context *ctx,
			const struct mlx5hws_action_modify_header_attr *attr,
			uint8_t max)
{
	uint32_t i;
	int err;

	if (!ctx || !attr || attr->comp_mask || !attr->num_actions ||
	    !attr->actions) {
		hws_err(HWS_MH
			" action: no context, attributes or actions, or comp_mask 0x%llx",
			attr ? (unsigned long long)attr->comp_mask : 0ull);
		return EINVAL;
	}
	if (attr->num_actions > max) {
		hws_err(HWS_MH " action: %u actions; the device takes %u",
			attr->num_actions, max);
		return E2BIG;
	}
	for (i = 0; i < attr->num_actions; i++) {
		err = hws_pat_check_action(HWS_MH " action", i,
					   (const uint8_t *)&attr->actions[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Pattern, ARG and the ACC_MODIFY_LIST STC of a list. */
static int hws_action_modify_list(struct mlx5hws_action *a, uint8_t max,
				  uint32_t log_bulk_size, bool *reparse)
{
	struct mlx5hws_context *ctx = a->ctx;
	const struct hws_modify_caps *caps = &ctx->modify_caps;
	uint8_t pat[HWS_PAT_MAX_ACTIONS * PRM_MODIFY_ACTION_SIZE];
	uint8_t len, log;
	int err;

	if (!caps->arg_log_max || !caps->log_max_patterns) {
		hws_err(HWS_MH
			" action: the device has no modify-header patterns or arguments (log_max_num_header_modify_pattern %u, log_header_modify_argument_max_alloc %u)",
			caps->log_max_patterns, caps->arg_log_max);
		return EOPNOTSUPP;
	}
	err = hws_pat_build(a->modify.actions, a->modify.num, pat, max, &len,
			    &a->modify.nops);
	if (err) {
		hws_err(HWS_MH
			" action: %u actions need NOPs between dependent neighbours, which makes more than the %u the device takes",
			a->modify.num, max);
		return err;
	}
	a->modify.chunk_log = hws_arg_chunk_log(len * PRM_MODIFY_ACTION_SIZE);
	if (log_bulk_size + a->modify.chunk_log > caps->arg_log_max) {
		hws_err(HWS_MH
			" action: 2^%u rule arguments of 2^%u entries; the device allocates at most 2^%u entries",
			log_bulk_size, a->modify.chunk_log, caps->arg_log_max);
		return E2BIG;
	}
	log = log_bulk_size + a->modify.chunk_log;
	if (log < caps->arg_log_min)
		log = caps->arg_log_min;
	err = hws_pat_get(&ctx->patterns, ctx->dev, &ctx->mem, pat, len,
			  &a->modify.pat);
	if (err)
		return err;
	err = hws_cmd_arg_create(ctx->dev, log, ctx->pd.id, &a->modify.arg);
	if (err) {
		hws_pat_put(&ctx->patterns, &ctx->mem, a->modify.pat);
		a->modify.pat = NULL;
		return err;
	}
	a->modify.bulk = 1u << log_bulk_size;
	a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST;
	a->stc_attr.modify_list.pattern_id = a->modify.pat->obj.id;
	a->stc_attr.modify_list.arg_id = a->modify.arg.id;
	*reparse = hws_pat_needs_reparse(pat, len);
	return 0;
}

/*
 * The caller's data of SET and ADD is the value rules take when they give
 * none.  A single action has no argument, so log_bulk_size does not apply.
 */
struct mlx5hws_action *mlx5hws_action_create_modify_header(
	struct mlx5hws_context *ctx,
	const struct mlx5hws_action_modify_header_attr *attr, uint32_t flags)
{
	uint8_t max = HWS_PAT_MAX_ACTIONS;
	struct mlx5hws_action *a;
	bool reparse = false;
	size_t len;
	int err;

	if (ctx && ctx->modify_caps.max_pattern_len &&
	    ctx->modify_caps.max_pattern_len < max)
		max = ctx->modify_caps.max_pattern_len;
	err = hws_action_modify_check(ctx, attr, max);
	if (err) {
		errno = err;
		return NULL;
	}
	a = hws_action_new(ctx, MLX5HWS_ACTION_TYP_MODIFY_HDR, flags);
	if (!a)
		return NULL;
	len = (size_t)attr->num_actions * PRM_MODIFY_ACTION_SIZE;
	a->modify.actions = hws_zalloc(&ctx->mem, len);
	if (!a->modify.actions) {
		hws_free(&ctx->mem, a);
		errno = ENOMEM;
		return NULL;
	}
	memcpy(a->modify.actions, attr->actions, len);
	a->modify.num = attr->num_actions;
	a->stc_attr.action_offset = MLX5_IFC_STC_ACTION_OFFSET_DW6;
	if (a->modify.num == 1) {
		uint8_t *m = a->stc_attr.modify;

		memcpy(m, a->modify.actions, PRM_MODIFY_ACTION_SIZE);
		/* the value comes from the STE's DW7 */
		if (hws_action_modify_has_data(m))
			DEVX_SET(set_action_in, m, data, 0);
		a->stc_attr.action_type = hws_action_modify_stc_type(
			DEVX_GET(set_action_in, m, action_type));
		reparse = hws_pat_needs_reparse(m, 1);
	} else {
		err = hws_action_modify_list(a, max, attr->log_bulk_size,
					     &reparse);
		if (err) {
			hws_action_modify_release(a);
			hws_free(&ctx->mem, a);
			errno = err;
			return NULL;
		}
	}
	/* with RTCs that reparse by STC; otherwise they reparse always */
	if (reparse &&
	    ctx->caps.rtc_reparse_mode & 1u << MLX5_IFC_RTC_REPARSE_BY_STC)
		a->stc_attr.reparse_mode = MLX5_IFC_STC_REPARSE_ALWAYS;
	return hws_action_finish(a);
}

void hws_action_modify_release(struct mlx5hws_action *a)
{
	struct mlx5hws_context *ctx = a->ctx;

	hws_cmd_destroy(&a->modify.arg);
	if (a->modify.pat)
		hws_pat_put(&ctx->patterns, &ctx->mem, a->modify.pat);
	hws_free(&ctx->mem, a->modify.actions);
}

static const uint8_t *
hws_action_modify_data(const struct mlx5hws_action *a,
		       const struct mlx5hws_rule_action *ra)
{
	return ra->modify_header.data ? ra->modify_header.data :
					a->modify.actions;
}

int hws_action_modify_resolve(const struct mlx5hws_action *a,
			      enum hws_domain domain,
			      const struct mlx5hws_rule_action *ra,
			      struct hws_action_ste *ste)
{
	uint32_t v;

	/* a double action: its STC governs DW6-7, the DW7 slot stays empty */
	ste->stc_ix[PRM_STC_IX_DW6] = a->stc[domain];
	ste->stc_ix[PRM_STC_IX_DW7] = 0;
	ste->dw[1] = 0;
	if (!a->modify.pat) {
		ste->dw[2] = 0;
		if (hws_action_modify_has_data(a->modify.actions)) {
			memcpy(&v, hws_action_modify_data(a, ra) + 4, 4);
			ste->dw[2] = be32toh(v);
		}
		return 0;
	}
	if (ra->modify_header.offset >= a->modify.bulk) {
		hws_err(HWS_MH ": argument offset %u outside a bulk of %u",
			ra->modify_header.offset, a->modify.bulk);
		return EINVAL;
	}
	ste->dw[2] = ra->modify_header.offset << a->modify.chunk_log;
	return 0;
}

unsigned int hws_action_modify_arg(const struct mlx5hws_action *a,
				   const struct mlx5hws_rule_action *ra,
				   uint32_t *index, uint8_t *buf)
{
	uint32_t bytes;

	if (a->type != MLX5HWS_ACTION_TYP_MODIFY_HDR || !a->modify.pat)
		return 0;
	if (buf) {
		hws_arg_fill(hws_action_modify_data(a, ra), a->modify.num,
			     a->modify.nops, a->modify.chunk_log, buf);
		*index = a->modify.arg.id +
			 (ra->modify_header.offset << a->modify.chunk_log);
	}
	bytes = a->modify.pat->num * PRM_MODIFY_ACTION_SIZE;
	return (bytes + PRM_ARG_ENTRY_SIZE - 1) / PRM_ARG_ENTRY_SIZE;
}
