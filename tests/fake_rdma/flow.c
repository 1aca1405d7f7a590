// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The stand-in's verbs flow calls for root tables: matchers and flows go
 * to the model's root tables through the seam, with rdma-core's own checks
 * first, as libmlx5 makes them before the kernel sees the call.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fake_internal.h"

struct mlx5dv_flow_matcher {
	struct fake_ctx *ctx;
	struct hws_root_matcher *model;
};

struct fake_flow {
	struct ibv_flow ibv;
	struct hws_root_rule *model;
};

static int fake_flow_destroy(struct ibv_flow *flow);

/*
 * ibv_destroy_flow() reaches the driver through the verbs_context of the
 * flow's context: flows point at this one.
 */
static struct verbs_context fake_flow_vctx = {
	.ibv_destroy_flow = fake_flow_destroy,
	.sz = sizeof(struct verbs_context),
	.context = { .abi_compat = __VERBS_ABI_IS_EXTENDED },
};

struct mlx5dv_flow_matcher *
mlx5dv_create_flow_matcher(struct ibv_context *ibv,
			   struct mlx5dv_flow_matcher_attr *attr)
{
	struct fake_ctx *ctx = fake_ctx_of(ibv);
	struct hws_root_matcher_attr m = { 0 };
	struct mlx5dv_flow_matcher *fm;

	/* rdma-core: normal flows only; ft_type only with its comp_mask bit */
	if (attr->type != IBV_FLOW_ATTR_NORMAL ||
	    attr->comp_mask & ~(uint64_t)MLX5DV_FLOW_MATCHER_MASK_FT_TYPE) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	if (!attr->match_mask) {
		errno = EINVAL;
		return NULL;
	}
	m.ft_type = attr->comp_mask & MLX5DV_FLOW_MATCHER_MASK_FT_TYPE ?
			    attr->ft_type :
		    attr->flags & IBV_FLOW_ATTR_FLAGS_EGRESS ?
			    HWS_ROOT_FT_NIC_TX :
			    HWS_ROOT_FT_NIC_RX;
	m.priority = attr->priority;
	m.match_criteria_enable = attr->match_criteria_enable;
	m.mask = attr->match_mask->match_buf;
	m.mask_sz = attr->match_mask->match_sz;
	fm = calloc(1, sizeof(*fm));
	if (!fm) {
		errno = ENOMEM;
		return NULL;
	}
	fm->ctx = ctx;
	fm->model = ctx->model->ops->root_matcher_create(ctx->model, &m);
	if (!fm->model) {
		int err = errno;

		free(fm);
		errno = err;
		return NULL;
	}
	return fm;
}

int mlx5dv_destroy_flow_matcher(struct mlx5dv_flow_matcher *fm)
{
	int err = fm->ctx->model->ops->root_matcher_destroy(fm->model);

	if (err)
		return err;
	free(fm);
	return 0;
}

/* A DevX destination: the kernel takes flow tables and TIRs only. */
static int fake_flow_dest(struct fake_obj *o, struct hws_root_action *a)
{
	a->obj = o->model;
	if (o->kind == FAKE_OBJ_FT)
		a->type = HWS_ROOT_ACTION_DEST_FT;
	else if (o->kind == FAKE_OBJ_TIR)
		a->type = HWS_ROOT_ACTION_DEST_TIR;
	else
		return EINVAL;
	return 0;
}

/* rdma-core's checks of the action list, then the seam's actions. */
static int fake_flow_actions(size_t n, struct mlx5dv_flow_action_attr *in,
			     struct hws_root_action *out)
{
	unsigned int dests = 0, tags = 0, ctrs = 0;
	size_t i;
	int err;

	if (n > HWS_ROOT_MAX_ACTIONS)
		return EOPNOTSUPP;
	for (i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		switch (in[i].type) {
		case MLX5DV_FLOW_ACTION_DEST_DEVX:
			dests++;
			err = fake_flow_dest((struct fake_obj *)in[i].obj,
					     &out[i]);
			if (err)
				return err;
			break;
		case MLX5DV_FLOW_ACTION_DROP:
			dests++;
			out[i].type = HWS_ROOT_ACTION_DROP;
			break;
		case MLX5DV_FLOW_ACTION_TAG:
			tags++;
			out[i].type = HWS_ROOT_ACTION_TAG;
			out[i].value = in[i].tag_value;
			break;
		case MLX5DV_FLOW_ACTION_COUNTERS_DEVX:
			ctrs++;
			out[i].type = HWS_ROOT_ACTION_COUNTER;
			out[i].obj = ((struct fake_obj *)in[i].obj)->model;
			break;
		default:
			return EOPNOTSUPP;
		}
	}
	if (dests > 1 || ctrs > 1)
		return EOPNOTSUPP;
	return tags > 1 ? EINVAL : 0;
}

struct ibv_flow *mlx5dv_create_flow(struct mlx5dv_flow_matcher *fm,
				    struct mlx5dv_flow_match_parameters *value,
				    size_t num_actions,
				    struct mlx5dv_flow_action_attr actions[])
{
	struct hws_root_action acts[HWS_ROOT_MAX_ACTIONS];
	struct hws_root_rule_attr r = {
		.value = value->match_buf,
		.value_sz = value->match_sz,
		.num_actions = num_actions,
		.actions = acts,
	};
	struct fake_flow *f;
	int err;

	err = fake_flow_actions(num_actions, actions, acts);
	if (err) {
		errno = err;
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		errno = ENOMEM;
		return NULL;
	}
	f->model = fm->ctx->model->ops->root_rule_create(fm->model, &r);
	if (!f->model) {
		err = errno;
		free(f);
		errno = err;
		return NULL;
	}
	f->ibv.context = &fake_flow_vctx.context;
	return &f->ibv;
}

static int fake_flow_destroy(struct ibv_flow *flow)
{
	struct fake_flow *f = (struct fake_flow *)flow;
	int err = f->model->dev->ops->root_rule_destroy(f->model);

	if (!err)
		free(f);
	return err;
}
