// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Destination arrays (mirroring): a packet goes on as one copy per
 * destination.  HWS has no STE action for it, so the action is a firmware
 * "forward island", as the kernel and DPDK build it: a firmware-managed flow
 * table at the deepest level, one flow group and one entry whose destination
 * list names every destination, each with its own packet reformat context.
 * The action's STC jumps into that table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "table.h"

/* A destination as the island's entry names it. */
struct hws_dest_array_dest {
	enum mlx5hws_action_type type;
	uint32_t id; /* vport number, TIR number or flow table id */
	struct mlx5hws_table *tbl; /* a destination table: referenced */
	struct hws_obj reformat; /* none when !reformat.devx */
	uint16_t reformat_size;
};

struct hws_dest_array {
	struct hws_list node; /* in the context's dest_arrays, ctrl_lock */
	uint8_t table_type; /* MLX5_FT_TYPE_* of the island */
	bool vport_owner; /* vports name the E-Switch owner (merged) */
	struct hws_obj ft, fg, fte;
	uint32_t num_dest;
	struct hws_dest_array_dest dests[];
};

/* What the device offers an island of one table type. */
struct hws_dest_array_caps {
	bool reformat;
	/* several E-Switches in one: a vport names its owner's vhca id */
	bool merged_eswitch;
	uint32_t max_dest;
	uint32_t max_header;
	uint8_t level; /* the island's: the deepest level */
};

static int hws_dest_array_query_caps(struct mlx5hws_context *ctx, bool fdb,
				     struct hws_dest_array_caps *c)
{
	uint8_t cap[4096];
	void *p;
	int err;

	memset(c, 0, sizeof(*c));
	err = hws_cmd_query_caps(ctx->dev,
				 fdb ? MLX5_CAP_ESWITCH_FLOW_TABLE :
				       MLX5_CAP_FLOW_TABLE,
				 false, 0, cap);
	if (err)
		return err;
	p = cap + (fdb ? PRM_BIT_OFF(flow_table_eswitch_cap,
				     flow_table_properties_nic_esw_fdb) :
			 PRM_BIT_OFF(flow_table_nic_cap,
				     flow_table_properties_nic_receive)) /
			  8;
	c->reformat = DEVX_GET(flow_table_prop_layout, p, reformat);
	c->max_dest =
		1u << DEVX_GET(flow_table_prop_layout, p, log_max_destination);
	c->level = DEVX_GET(flow_table_prop_layout, p, max_ft_level) - 1;
	if (!fdb) {
		c->max_header = DEVX_GET(flow_table_nic_cap, cap,
					 max_encap_header_size);
		return 0;
	}
	err = hws_cmd_query_caps(ctx->dev, MLX5_CAP_ESWITCH, false, 0, cap);
	if (err)
		return err;
	c->max_header = DEVX_GET(esw_cap, cap, max_encap_header_size);
	c->merged_eswitch = DEVX_GET(esw_cap, cap, merged_eswitch);
	return 0;
}

/*
 * The header destination d's copy gets: reformat_data, or the shared header
 * of an L2 encap action in reformat (the array copies it).
 */
static const uint8_t *
hws_dest_array_header(const struct mlx5hws_action_dest_attr *d, size_t *size)
{
	if (d->reformat) {
		*size = d->reformat->reformat.size;
		return d->reformat->reformat.hdr;
	}
	*size = d->reformat_size;
	return d->reformat_data;
}

/* An L2 encap action with a header of its own, of ctx and the flags. */
static int
hws_dest_array_check_reformat(struct mlx5hws_context *ctx, uint32_t flags,
			      size_t i,
			      const struct mlx5hws_action_dest_attr *d)
{
	const struct mlx5hws_action *r = d->reformat;

	if (d->reformat_data || d->reformat_size) {
		hws_err("dest array: destination %zu gives both a reformat action and reformat_data (%zu bytes)",
			i, d->reformat_size);
		return EINVAL;
	}
	if (r->ctx != ctx || !(r->flags & flags)) {
		hws_err("dest array: destination %zu: the reformat action is of another context or table type (its flags 0x%x, the array's 0x%x)",
			i, r->flags, flags);
		return EINVAL;
	}
	if (r->type != MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2) {
		hws_err("dest array: destination %zu: a reformat action of type %d; an array takes L2 encap",
			i, r->type);
		return EOPNOTSUPP;
	}
	if (!r->reformat.hdr) {
		hws_err("dest array: destination %zu: the L2 encap action has no shared header (each rule gives its own)",
			i);
		return EINVAL;
	}
	return 0;
}

/* Judge one destination; one message per refusal, naming it. */
static int hws_dest_array_check_dest(struct mlx5hws_context *ctx,
				     uint32_t flags, size_t i,
				     const struct mlx5hws_action_dest_attr *d,
				     const struct hws_dest_array_caps *caps)
{
	const struct mlx5hws_action *a = d->dest;
	const uint8_t *data;
	size_t size;
	int err;

	if (!a) {
		hws_err("dest array: destination %zu has no action", i);
		return EINVAL;
	}
	if (a->ctx != ctx) {
		hws_err("dest array: destination %zu is an action of another context",
			i);
		return EINVAL;
	}
	if (!(a->flags & flags)) {
		hws_err("dest array: destination %zu was not created for this table type (its flags 0x%x, the array's 0x%x)",
			i, a->flags, flags);
		return EINVAL;
	}
	if (a->type != MLX5HWS_ACTION_TYP_VPORT &&
	    a->type != MLX5HWS_ACTION_TYP_TIR &&
	    a->type != MLX5HWS_ACTION_TYP_TBL &&
	    a->type != MLX5HWS_ACTION_TYP_DROP) {
		hws_err("dest array: destination %zu is of action type %d; an array takes vport, TIR, table or drop",
			i, a->type);
		return EOPNOTSUPP;
	}
	if (d->reformat) {
		err = hws_dest_array_check_reformat(ctx, flags, i, d);
		if (err)
			return err;
	}
	data = hws_dest_array_header(d, &size);
	if (!size)
		return 0;
	if (!data || a->type == MLX5HWS_ACTION_TYP_DROP) {
		hws_err("dest array: destination %zu: a reformat of %zu bytes %s",
			i, size, data ? "on a dropped copy" : "without data");
		return EINVAL;
	}
	if (!caps->reformat) {
		hws_err("dest array: the device reformats no copies of this table type");
		return EOPNOTSUPP;
	}
	if (size > caps->max_header) {
		hws_err("dest array: destination %zu: a header of %zu bytes, the device takes %u",
			i, size, caps->max_header);
		return E2BIG;
	}
	return 0;
}

static int
hws_dest_array_check(struct mlx5hws_context *ctx,
		     const struct mlx5hws_action_dest_array_attr *attr,
		     uint32_t flags, const struct hws_dest_array_caps *caps)
{
	size_t i;
	int err;

	if (!attr || attr->comp_mask || !attr->dests || attr->num_dest < 2) {
		hws_err("dest array: %s",
			!attr		? "no attributes" :
			attr->comp_mask ? "comp_mask must be 0" :
					  "give at least 2 destinations");
		return EINVAL;
	}
	if (attr->num_dest > caps->max_dest) {
		hws_err("dest array: %zu destinations, the device takes %u",
			attr->num_dest, caps->max_dest);
		return E2BIG;
	}
	for (i = 0; i < attr->num_dest; i++) {
		err = hws_dest_array_check_dest(ctx, flags, i, &attr->dests[i],
						caps);
		if (err)
			return err;
	}
	return 0;
}

static void hws_dest_array_free(struct mlx5hws_context *ctx,
				struct hws_dest_array *da)
{
	uint32_t i;

	/* the entry first: it holds the group, the table and the reformats */
	hws_cmd_destroy(&da->fte);
	hws_cmd_destroy(&da->fg);
	hws_cmd_destroy(&da->ft);
	for (i = 0; i < da->num_dest; i++) {
		hws_cmd_destroy(&da->dests[i].reformat);
		if (da->dests[i].tbl)
			__atomic_sub_fetch(&da->dests[i].tbl->action_refs, 1,
					   __ATOMIC_RELAXED);
	}
	hws_free(&ctx->mem, da);
}

/* The entry: every destination but the dropped copies, or a drop. */
static int hws_dest_array_set_fte(struct mlx5hws_context *ctx,
				  struct hws_dest_array *da)
{
	struct hws_cmd_fte_dest *list = calloc(da->num_dest, sizeof(*list));
	struct hws_cmd_fte_attr fte = {
		.table_type = da->table_type,
		.ft_id = da->ft.id,
		.group_id = da->fg.id,
		.dests = list,
	};
	uint32_t i;
	int err;

	if (!list)
		return ENOMEM;
	for (i = 0; i < da->num_dest; i++) {
		const struct hws_dest_array_dest *d = &da->dests[i];
		struct hws_cmd_fte_dest *e = &list[fte.num_dests];

		switch (d->type) {
		case MLX5HWS_ACTION_TYP_VPORT:
			e->type = MLX5_FLOW_DESTINATION_TYPE_VPORT;
			/* as the kernel does: the owner only where it varies */
			e->vhca_id_valid = da->vport_owner;
			e->vhca_id = da->vport_owner ? ctx->caps.vhca_id : 0;
			break;
		case MLX5HWS_ACTION_TYP_TIR:
			e->type = MLX5_FLOW_DESTINATION_TYPE_TIR;
			break;
		case MLX5HWS_ACTION_TYP_TBL:
			/* the island is deeper than any table it feeds */
			e->type = MLX5_FLOW_DESTINATION_TYPE_FLOW_TABLE;
			fte.ignore_flow_level = true;
			break;
		default: /* drop: that copy is not made */
			continue;
		}
		e->id = d->id;
		e->reformat_id = d->reformat.devx ? d->reformat.id : 0;
		fte.num_dests++;
	}
	fte.action = fte.num_dests ? MLX5_FLOW_CONTEXT_ACTION_FWD_DEST :
				     MLX5_FLOW_CONTEXT_ACTION_DROP;
	err = hws_cmd_fte_set(ctx->dev, &fte, &da->fte);
	free(list);
	return err;
}

static int
hws_dest_array_build(struct mlx5hws_context *ctx,
		     const struct mlx5hws_action_dest_array_attr *attr,
		     uint8_t level, struct hws_dest_array *da)
{
	const uint8_t *data;
	size_t i, size;
	int err;

	for (i = 0; i < attr->num_dest; i++) {
		const struct mlx5hws_action_dest_attr *d = &attr->dests[i];
		struct hws_dest_array_dest *dd = &da->dests[i];
		const struct mlx5hws_action *a = d->dest;

		dd->type = a->type;
		if (a->type == MLX5HWS_ACTION_TYP_VPORT)
			dd->id = a->vport;
		else if (a->type == MLX5HWS_ACTION_TYP_TIR)
			dd->id = a->tirn;
		if (a->type == MLX5HWS_ACTION_TYP_TBL) {
			dd->tbl = a->tbl;
			dd->id = a->tbl->ft.id;
			__atomic_add_fetch(&dd->tbl->action_refs, 1,
					   __ATOMIC_RELAXED);
		}
		da->num_dest++;
		data = hws_dest_array_header(d, &size);
		if (!size)
			continue;
		dd->reformat_size = size;
		err = hws_cmd_reformat_alloc(ctx->dev,
					     MLX5_REFORMAT_TYPE_L2_TO_L2_TUNNEL,
					     data, size, &dd->reformat);
		if (err)
			return err;
	}
	err = hws_cmd_fw_ft_create(ctx->dev, da->table_type, level, 0, &da->ft);
	if (!err)
		err = hws_cmd_fg_create(ctx->dev, da->table_type, da->ft.id, 0,
					0, &da->fg);
	if (!err)
		err = hws_dest_array_set_fte(ctx, da);
	return err;
}

int hws_dest_array_create(struct mlx5hws_context *ctx,
			  const struct mlx5hws_action_dest_array_attr *attr,
			  uint32_t flags, struct hws_dest_array **out)
{
	struct hws_dest_array_caps caps;
	struct hws_dest_array *da;
	bool fdb = flags == MLX5HWS_ACTION_FLAG_FDB;
	int err;

	if (!fdb && flags != MLX5HWS_ACTION_FLAG_NIC_RX) {
		hws_err("dest array: flags 0x%x; one table type, FDB or NIC RX",
			flags);
		return EOPNOTSUPP;
	}
	err = hws_dest_array_query_caps(ctx, fdb, &caps);
	if (!err)
		err = hws_dest_array_check(ctx, attr, flags, &caps);
	if (err)
		return err;
	da = hws_zalloc(&ctx->mem,
			sizeof(*da) + attr->num_dest * sizeof(da->dests[0]));
	if (!da)
		return ENOMEM;
	da->table_type = fdb ? MLX5_FT_TYPE_FDB : MLX5_FT_TYPE_NIC_RX;
	da->vport_owner = caps.merged_eswitch;
	err = hws_dest_array_build(ctx, attr, caps.level, da);
	if (err) {
		hws_dest_array_free(ctx, da);
		return err;
	}
	pthread_mutex_lock(&ctx->ctrl_lock);
	hws_list_add_tail(&ctx->dest_arrays, &da->node);
	pthread_mutex_unlock(&ctx->ctrl_lock);
	*out = da;
	return 0;
}

void hws_dest_array_destroy(struct mlx5hws_context *ctx,
			    struct hws_dest_array *da)
{
	pthread_mutex_lock(&ctx->ctrl_lock);
	hws_list_del(&da->node);
	pthread_mutex_unlock(&ctx->ctrl_lock);
	hws_dest_array_free(ctx, da);
}

uint32_t hws_dest_array_ft_id(const struct hws_dest_array *da)
{
	return da->ft.id;
}

/* The dump's records: the island, then one line per destination. */
void hws_dest_array_dump(struct mlx5hws_context *ctx, FILE *f)
{
	struct hws_dest_array *da;
	struct hws_list *pos;
	uint32_t i;

	hws_list_for_each(pos, &ctx->dest_arrays) {
		da = hws_container_of(pos, struct hws_dest_array, node);
		fprintf(f, "%d,0x%llx,0x%llx,%u,%u,%u,%u\n",
			HWS_DUMP_ACTION_DEST_ARRAY,
			(unsigned long long)(uintptr_t)da,
			(unsigned long long)(uintptr_t)ctx, da->table_type,
			da->ft.id, da->fte.id, da->num_dest);
		for (i = 0; i < da->num_dest; i++)
			fprintf(f, "%d,0x%llx,%u,%d,0x%x,0x%x,%u\n",
				HWS_DUMP_ACTION_DEST_ARRAY_DEST,
				(unsigned long long)(uintptr_t)da, i,
				da->dests[i].type, da->dests[i].id,
				da->dests[i].reformat.devx ?
					da->dests[i].reformat.id :
					0,
				da->dests[i].reformat_size);
	}
}
