// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "table.h"

#define HWS_ACTION_FLAGS_ALL                                                   \
	(MLX5HWS_ACTION_FLAG_NIC_RX | MLX5HWS_ACTION_FLAG_NIC_TX |             \
	 MLX5HWS_ACTION_FLAG_FDB)
#define HWS_UPLINK_VPORT 0xffff

static uint32_t domain_flag(enum hws_domain domain)
{
	return 1u << domain;
}

const char *hws_action_type_name(enum mlx5hws_action_type type)
{
	static const char *const names[MLX5HWS_ACTION_TYP_MAX] = {
		[MLX5HWS_ACTION_TYP_DROP] = "drop",
		[MLX5HWS_ACTION_TYP_MISS] = "default miss",
		[MLX5HWS_ACTION_TYP_TBL] = "go to table",
		[MLX5HWS_ACTION_TYP_VPORT] = "go to vport",
		[MLX5HWS_ACTION_TYP_TAG] = "tag",
		[MLX5HWS_ACTION_TYP_CTR] = "counter",
		[MLX5HWS_ACTION_TYP_TIR] = "go to TIR",
		[MLX5HWS_ACTION_TYP_MODIFY_HDR] = "modify header",
		[MLX5HWS_ACTION_TYP_PUSH_VLAN] = "push VLAN",
		[MLX5HWS_ACTION_TYP_POP_VLAN] = "pop VLAN",
		[MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2] = "L2 decap",
		[MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2] = "L2 encap",
		[MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2] = "L3 decap",
		[MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3] = "L3 encap",
		[MLX5HWS_ACTION_TYP_INSERT_HEADER] = "insert header",
		[MLX5HWS_ACTION_TYP_REMOVE_HEADER] = "remove header",
		[MLX5HWS_ACTION_TYP_DEST_ARRAY] = "dest array",
	};

	return type < MLX5HWS_ACTION_TYP_MAX ? names[type] : "unknown";
}

/*
 * The STC of an action in each direction of a domain, with the fixup the
 * device needs: FDB TX has no flow tag (a NOP there).
 */
static void stc_attrs(const struct mlx5hws_action *action,
		      enum hws_domain domain,
		      struct hws_cmd_stc_attr attr[HWS_DIR_MAX])
{
	attr[HWS_DIR_RX] = action->stc_attr;
	attr[HWS_DIR_TX] = action->stc_attr;
	if (domain == HWS_DOMAIN_FDB &&
	    action->type == MLX5HWS_ACTION_TYP_TAG)
		attr[HWS_DIR_TX].action_type = MLX5_IFC_STC_ACTION_TYPE_NOP;
}

static void release_stcs(struct mlx5hws_action *action, uint32_t flags)
{
	enum hws_domain d;

	for (d = 0; d < HWS_DOMAIN_MAX; d++) {
		if (!(flags & domain_flag(d)))
			continue;
		hws_stc_free(action->ctx, d, action->stc[d]);
		hws_stc_domain_put(action->ctx, d);
	}
}

static int take_stcs(struct mlx5hws_action *action)
{
	struct hws_cmd_stc_attr attr[HWS_DIR_MAX];
	uint32_t done = 0;
	enum hws_domain d;
	int err = 0;

	for (d = 0; d < HWS_DOMAIN_MAX && !err; d++) {
		if (!(action->flags & domain_flag(d)))
			continue;
		err = hws_stc_domain_get(action->ctx, d);
		if (err)
			break;
		stc_attrs(action, d, attr);
		err = hws_stc_alloc(action->ctx, d, attr, &action->stc[d]);
		if (err) {
			hws_stc_domain_put(action->ctx, d);
			break;
		}
		done |= domain_flag(d);
	}
	if (err)
		release_stcs(action, done);
	return err;
}

struct mlx5hws_action *hws_action_new(struct mlx5hws_context *ctx,
				      enum mlx5hws_action_type type,
				      uint32_t flags)
{
	struct mlx5hws_action *action;

	if (!ctx || !flags || flags & ~HWS_ACTION_FLAGS_ALL) {
		hws_err("%s action: bad context or flags 0x%x", hws_action_type_name(type),
			flags);
		errno = EINVAL;
		return NULL;
	}
	action = hws_zalloc(&ctx->mem, sizeof(*action));
	if (!action) {
		errno = ENOMEM;
		return NULL;
	}
	action->ctx = ctx;
	action->type = type;
	action->flags = flags;
	/* most actions decide where the packet goes */
	action->stc_attr.action_offset = MLX5_IFC_STC_ACTION_OFFSET_HIT;
	return action;
}

/* On failure, also frees what the family made: a counter, a dest array,
 * a modify header's pattern and ARG. */
struct mlx5hws_action *hws_action_finish(struct mlx5hws_action *action)
{
	int err = take_stcs(action);

	if (err) {
		if (action->type == MLX5HWS_ACTION_TYP_CTR)
			hws_cmd_destroy(&action->counter.obj);
		if (action->type == MLX5HWS_ACTION_TYP_DEST_ARRAY)
			hws_dest_array_destroy(action->ctx, action->dest_array);
		if (action->type == MLX5HWS_ACTION_TYP_MODIFY_HDR)
			hws_action_modify_release(action);
		hws_action_reformat_release(action);
		hws_free(&action->ctx->mem, action);
		errno = err;
		return NULL;
	}
	__atomic_add_fetch(&action->ctx->num_actions, 1, __ATOMIC_RELAXED);
	return action;
}

struct mlx5hws_action *mlx5hws_action_create_dest_drop(
	struct mlx5hws_context *ctx, uint32_t flags)
{
	struct mlx5hws_action *a = hws_action_new(ctx, MLX5HWS_ACTION_TYP_DROP,
						  flags);

	if (!a)
		return NULL;
	a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_DROP;
	return hws_action_finish(a);
}

struct mlx5hws_action *mlx5hws_action_create_default_miss(
	struct mlx5hws_context *ctx, uint32_t flags)
{
	struct mlx5hws_action *a = hws_action_new(ctx, MLX5HWS_ACTION_TYP_MISS,
						  flags);

	if (!a)
		return NULL;
	a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_ALLOW;
	return hws_action_finish(a);
}

struct mlx5hws_action *mlx5hws_action_create_dest_table(
	struct mlx5hws_context *ctx, struct mlx5hws_table *tbl, uint32_t flags)
{
	struct mlx5hws_action *a;

	if (!tbl || tbl->ctx != ctx || flags != domain_flag(tbl->domain) ||
	    !tbl->level) {
		hws_err("go to table action: the table must be of this context, not a root table, and flags must name its type");
		errno = EINVAL;
		return NULL;
	}
	a = hws_action_new(ctx, MLX5HWS_ACTION_TYP_TBL, flags);
	if (!a)
		return NULL;
	a->tbl = tbl;
	a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT;
	a->stc_attr.table_id = tbl->ft.id;
	/* referenced before its STC points at the table */
	__atomic_add_fetch(&tbl->action_refs, 1, __ATOMIC_RELAXED);
	a = hws_action_finish(a);
	if (!a)
		__atomic_sub_fetch(&tbl->action_refs, 1, __ATOMIC_RELAXED);
	return a;
}

struct mlx5hws_action *mlx5hws_action_create_dest_vport(
	struct mlx5hws_context *ctx, uint16_t vport, uint32_t flags)
{
	struct mlx5hws_action *a;
	uint16_t gvmi;

	if (flags != MLX5HWS_ACTION_FLAG_FDB) {
		hws_err("go to vport action: only in FDB tables");
		errno = EOPNOTSUPP;
		return NULL;
	}
	a = hws_action_new(ctx, MLX5HWS_ACTION_TYP_VPORT, flags);
	if (!a)
		return NULL;
	/* the device refuses an STC to a function it does not know */
	if (hws_context_vport_gvmi(ctx, vport, &gvmi)) {
		hws_err("go to vport action: the device has no vport %u",
			vport);
		hws_free(&ctx->mem, a);
		errno = EINVAL;
		return NULL;
	}
	a->vport = vport;
	if (vport == HWS_UPLINK_VPORT) {
		a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_UPLINK;
	} else {
		a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT;
		a->stc_attr.vport.number = vport;
	}
	return hws_action_finish(a);
}

/*
 * The TIR is the caller's (a raw-packet or RSS QP's, or a DevX TIR of the
 * same device); the device checks that it exists when the STC is written.
 */
struct mlx5hws_action *mlx5hws_action_create_dest_tir(
	struct mlx5hws_context *ctx, uint32_t tirn, uint32_t flags)
{
	struct mlx5hws_action *a;

	if (flags != MLX5HWS_ACTION_FLAG_NIC_RX) {
		hws_err("go to TIR action: only in NIC RX tables (flags 0x%x)",
			flags);
		errno = EINVAL;
		return NULL;
	}
	if (tirn >> 24) {
		hws_err("go to TIR action: TIR number 0x%x is not 24 bits",
			tirn);
		errno = EINVAL;
		return NULL;
	}
	a = hws_action_new(ctx, MLX5HWS_ACTION_TYP_TIR, flags);
	if (!a)
		return NULL;
	a->tirn = tirn;
	a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_TIR;
	a->stc_attr.tirn = tirn;
	return hws_action_finish(a);
}

struct mlx5hws_action *mlx5hws_action_create_tag(struct mlx5hws_context *ctx,
						 uint32_t flags)
{
	struct mlx5hws_action *a;

	if (flags & MLX5HWS_ACTION_FLAG_NIC_TX ||
	    (flags & MLX5HWS_ACTION_FLAG_FDB && ctx &&
	     !ctx->caps.fdb_rx_set_flow_tag)) {
		hws_err("tag action: the flow tag is set on received packets only");
		errno = EOPNOTSUPP;
		return NULL;
	}
	a = hws_action_new(ctx, MLX5HWS_ACTION_TYP_TAG, flags);
	if (!a)
		return NULL;
	a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_TAG;
	a->stc_attr.action_offset = MLX5_IFC_STC_ACTION_OFFSET_DW5;
	return hws_action_finish(a);
}

struct mlx5hws_action *mlx5hws_action_create_counter(
	struct mlx5hws_context *ctx, uint32_t log_bulk_size, uint32_t flags)
{
	struct mlx5hws_action *a;
	uint32_t alloc_log;
	int err;

	if (ctx && log_bulk_size && !ctx->caps.log_max_flow_counter_bulk) {
		hws_err("counter action: the device allocates no counter bulks by size (flow_counter_bulk_log_max_alloc is 0); only single counters");
		errno = EOPNOTSUPP;
		return NULL;
	}
	if (ctx && log_bulk_size > ctx->caps.log_max_flow_counter_bulk) {
		hws_err("counter action: bulk of 2^%u counters, at most 2^%u",
			log_bulk_size, ctx->caps.log_max_flow_counter_bulk);
		errno = EINVAL;
		return NULL;
	}
	a = hws_action_new(ctx, MLX5HWS_ACTION_TYP_CTR, flags);
	if (!a)
		return NULL;
	/* the device allocates whole granules; the rest stays unused */
	alloc_log = log_bulk_size;
	if (alloc_log && alloc_log < ctx->counter_log_granularity)
		alloc_log = ctx->counter_log_granularity;
	err = hws_cmd_counter_alloc(ctx->dev, alloc_log, &a->counter.obj);
	if (err) {
		hws_free(&ctx->mem, a);
		errno = err;
		return NULL;
	}
	a->counter.size = 1u << log_bulk_size;
	a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_COUNTER;
	a->stc_attr.action_offset = MLX5_IFC_STC_ACTION_OFFSET_CTRL;
	a->stc_attr.counter_id = a->counter.obj.id;
	return hws_action_finish(a);
}

struct mlx5hws_action *mlx5hws_action_create_dest_array(
	struct mlx5hws_context *ctx,
	const struct mlx5hws_action_dest_array_attr *attr, uint32_t flags)
{
	struct mlx5hws_action *a =
		hws_action_new(ctx, MLX5HWS_ACTION_TYP_DEST_ARRAY, flags);
	int err;

	if (!a)
		return NULL;
	err = hws_dest_array_create(ctx, attr, flags, &a->dest_array);
	if (err) {
		hws_free(&ctx->mem, a);
		errno = err;
		return NULL;
	}
	a->stc_attr.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT;
	a->stc_attr.table_id = hws_dest_array_ft_id(a->dest_array);
	return hws_action_finish(a);
}

int mlx5hws_action_destroy(struct mlx5hws_action *action)
{
	struct mlx5hws_context *ctx;

	if (!action)
		return EINVAL;
	ctx = action->ctx;
	if (__atomic_load_n(&action->users, __ATOMIC_ACQUIRE))
		hws_action_cache_evict(ctx, action);
	if (__atomic_load_n(&action->users, __ATOMIC_ACQUIRE)) {
		hws_err("%s action is used by rules", hws_action_type_name(action->type));
		return EBUSY;
	}
	release_stcs(action, action->flags);
	/* after the STCs that name its ARG */
	hws_action_reformat_release(action);
	if (action->type == MLX5HWS_ACTION_TYP_CTR)
		hws_cmd_destroy(&action->counter.obj);
	if (action->type == MLX5HWS_ACTION_TYP_DEST_ARRAY)
		hws_dest_array_destroy(ctx, action->dest_array);
	if (action->type == MLX5HWS_ACTION_TYP_TBL)
		__atomic_sub_fetch(&action->tbl->action_refs, 1,
				   __ATOMIC_RELAXED);
	if (action->type == MLX5HWS_ACTION_TYP_MODIFY_HDR)
		hws_action_modify_release(action);
	hws_free(&ctx->mem, action);
	__atomic_sub_fetch(&ctx->num_actions, 1, __ATOMIC_RELAXED);
	return 0;
}

int mlx5hws_action_query_counter(struct mlx5hws_action *action,
				 uint32_t offset, uint64_t *packets,
				 uint64_t *bytes)
{
	if (!action || action->type != MLX5HWS_ACTION_TYP_CTR || !packets ||
	    !bytes || offset >= action->counter.size)
		return EINVAL;
	return hws_cmd_counter_query(&action->counter.obj, offset, packets,
				     bytes);
}

unsigned int hws_action_arg(const struct mlx5hws_action *a,
			    const struct mlx5hws_rule_action *ra,
			    uint32_t *index, uint8_t *buf)
{
	return a->type == MLX5HWS_ACTION_TYP_MODIFY_HDR ?
		       hws_action_modify_arg(a, ra, index, buf) :
		       hws_action_reformat_arg(a, ra, index, buf);
}

bool hws_action_has_arg(const struct mlx5hws_action *a)
{
	return a->type == MLX5HWS_ACTION_TYP_MODIFY_HDR ?
		       a->modify.pat != NULL :
		       hws_action_reformat_has_arg(a);
}
