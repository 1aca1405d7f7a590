// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Rules end to end on the device model: written by WQE, placed by hash,
 * found by classification.
 */
#include <errno.h>
#include <string.h>

#include "helpers.h"

#define NIC "rules"

struct env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *drop, *vport, *ctr, *tag;
	struct mlx5hws_action_template *at_drop, *at_full;
};

static void env_open(struct env *e, const char *keys, uint16_t queue_size,
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
	e->ctx = mlx5hws_context_open(spec, &attr);
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

static void env_close(struct env *e)
{
	if (e->at_full)
		ck_assert_int_eq(mlx5hws_action_template_destroy(e->at_full), 0);
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

static struct mlx5hws_matcher *
make_matcher(struct env *e, struct mlx5hws_table *tbl,
	     struct mlx5hws_match_template **mt, const struct t_param *mask,
	     uint8_t criteria, struct mlx5hws_action_template *at,
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

static struct mlx5hws_rule *add_rule(struct env *e, struct mlx5hws_matcher *m,
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

static void del_rule(struct env *e, struct mlx5hws_rule *r)
{
	struct mlx5hws_rule_attr attr = { 0 };

	ck_assert_int_eq(mlx5hws_rule_destroy(r, &attr), 0);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
}

START_TEST(test_smoke_fdb)
{
	struct mlx5hws_rule_action ra[3];
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct t_param mask = { 0 }, val = { 0 }, pkt = { 0 };
	struct mlx5hws_rule *r;
	struct sim_verdict v;
	uint64_t packets, bytes;
	struct env e;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	t_mask_prefix(&mask, "outer.ipv4_dst", 24);
	t_mask(&mask, "outer.ip_protocol");
	m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("outer.ipv4_dst"),
			 e.at_full, 0, 4);
	t_set(&val, "outer.ipv4_dst", 0x0a000000);
	t_set(&val, "outer.ip_protocol", 17);
	memset(ra, 0, sizeof(ra));
	ra[0].action = e.ctr;
	ra[0].counter.offset = 2;
	ra[1].action = e.tag;
	ra[1].tag.value = 0x12;
	ra[2].action = e.vport;
	r = add_rule(&e, m, &val, ra, MLX5HWS_FLOW_SOURCE_UPLINK);

	t_set(&pkt, "outer.ipv4_dst", 0x0a000007);
	t_set(&pkt, "outer.ip_protocol", 17);
	t_set(&pkt, "outer.ip_version", 4);
	v = t_classify(NIC, e.tbl, SIM_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(v.result, SIM_RESULT_VPORT);
	ck_assert_uint_eq(v.vport, 3);
	ck_assert_int_eq(v.has_tag, 1);
	ck_assert_uint_eq(v.tag, 0x12);
	ck_assert_uint_eq(v.num_hits, 1);
	/* an uplink rule: a packet a vport sends does not see it */
	v = t_classify(NIC, e.tbl, SIM_SIDE_TX, 1, &pkt);
	ck_assert_int_eq(v.result, SIM_RESULT_MISS);
	ck_assert_int_eq(mlx5hws_action_query_counter(e.ctr, 2, &packets,
						      &bytes), 0);
	ck_assert_uint_eq(packets, 1);
	ck_assert_uint_eq(bytes, 100);
	/* another /24 misses */
	t_set(&pkt, "outer.ipv4_dst", 0x0a000107);
	v = t_classify(NIC, e.tbl, SIM_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(v.result, SIM_RESULT_MISS);
	del_rule(&e, r);
	t_set(&pkt, "outer.ipv4_dst", 0x0a000007);
	v = t_classify(NIC, e.tbl, SIM_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(v.result, SIM_RESULT_MISS);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_smoke_fdb);
	suite_add_tcase(s, tc);
	return t_run(s);
}
