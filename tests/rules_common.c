// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* The table, matchers and rules that the rules suites share. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rules_common.h"

void env_open(struct env *e, const char *keys, uint16_t queue_size,
	      enum mlx5hws_table_type type)
{
	struct mlx5hws_context_attr attr = { .queues = 1,
					     .queue_size = queue_size };
	struct mlx5hws_table_attr tattr = { .type = type, .level = 1 };
	enum mlx5hws_action_type drop = MLX5HWS_ACTION_TYP_DROP;
	enum mlx5hws_action_type full[] = { MLX5HWS_ACTION_TYP_CTR,
					    MLX5HWS_ACTION_TYP_TAG,
					    MLX5HWS_ACTION_TYP_VPORT };
	uint32_t flags = 1u << type;
	char spec[256];

	snprintf(spec, sizeof(spec), "sim:nic=" NIC "%s%s", *keys ? "," : "",
		 keys);
	memset(e, 0, sizeof(*e));
	e->ctx = t_ctx_open(spec, &attr);
	ck_assert_ptr_nonnull(e->ctx);
	e->tbl = mlx5hws_table_create(e->ctx, &tattr);
	ck_assert_ptr_nonnull(e->tbl);
	e->drop = mlx5hws_action_create_dest_drop(e->ctx, flags);
	ck_assert_ptr_nonnull(e->drop);
	e->ctr = mlx5hws_action_create_counter(e->ctx, 4, flags);
	ck_assert_ptr_nonnull(e->ctr);
	e->at_drop = mlx5hws_action_template_create(&drop, 1);
	ck_assert_ptr_nonnull(e->at_drop);
	if (type == MLX5HWS_TABLE_TYPE_FDB) {
		e->vport = mlx5hws_action_create_dest_vport(e->ctx, 3, flags);
		e->tag = mlx5hws_action_create_tag(e->ctx, flags);
		ck_assert_ptr_nonnull(e->vport);
		ck_assert_ptr_nonnull(e->tag);
		e->at_full = mlx5hws_action_template_create(full, 3);
		ck_assert_ptr_nonnull(e->at_full);
	}
}

void env_close(struct env *e)
{
	if (e->at_full)
		ck_assert_int_eq(mlx5hws_action_template_destroy(e->at_full),
				 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at_drop), 0);
	if (e->tag)
		ck_assert_int_eq(mlx5hws_action_destroy(e->tag), 0);
	if (e->vport)
		ck_assert_int_eq(mlx5hws_action_destroy(e->vport), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->ctr), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

struct mlx5hws_matcher *make_matcher(struct env *e, struct mlx5hws_table *tbl,
				     struct mlx5hws_match_template **mt,
				     const struct t_param *mask,
				     uint8_t criteria,
				     struct mlx5hws_action_template *at,
				     uint32_t priority, uint8_t num_log)
{
	struct mlx5hws_matcher_attr attr = { .priority = priority };
	struct mlx5hws_matcher *m;

	attr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].rule.num_log = num_log;
	attr.size[MLX5HWS_MATCHER_SIZE_TYPE_TX].rule.num_log = num_log;
	*mt = mlx5hws_match_template_create(e->ctx, mask->buf,
					    MLX5HWS_MATCH_PARAM_SZ, criteria);
	ck_assert_ptr_nonnull(*mt);
	m = mlx5hws_matcher_create(tbl, mt, 1, &at, 1, &attr);
	ck_assert_ptr_nonnull(m);
	return m;
}

struct mlx5hws_rule *add_rule(struct env *e, struct mlx5hws_matcher *m,
			      const struct t_param *v,
			      const struct mlx5hws_rule_action *ra,
			      uint32_t flow_source)
{
	struct mlx5hws_rule_attr attr = { .flow_source = flow_source };
	struct mlx5hws_rule *r;

	r = mlx5hws_rule_create(m, 0, v->buf, 0, ra, &attr);
	ck_assert_msg(r, "rule create: %s", strerror(errno));
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
	return r;
}

void del_rule(struct env *e, struct mlx5hws_rule *r)
{
	struct mlx5hws_rule_attr attr = { 0 };

	ck_assert_int_eq(mlx5hws_rule_destroy(r, &attr), 0);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
}
