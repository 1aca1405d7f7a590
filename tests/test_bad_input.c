// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Bad input to every API call: a clear error, and nothing changed.
 */
#include <errno.h>
#include <string.h>

#include "helpers.h"

#define NIC "badinput"

/* A constructor refused with the errno given. */
#define refused(call, err)                                                     \
	do {                                                                   \
		errno = 0;                                                     \
		ck_assert_ptr_null(call);                                      \
		ck_assert_int_eq(errno, err);                                  \
	} while (0)


START_TEST(test_bad_input)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
	};
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	enum mlx5hws_action_type drop_t = MLX5HWS_ACTION_TYP_DROP;
	enum mlx5hws_action_type bad_order[] = { MLX5HWS_ACTION_TYP_DROP,
						 MLX5HWS_ACTION_TYP_CTR };
	enum mlx5hws_action_type bad_type = 99;
	struct mlx5hws_matcher_attr ma = { 0 };
	struct mlx5hws_rule_attr ra_attr = { 0 };
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_flow_op_result res;
	struct mlx5hws_rule_info info = { 0 };
	struct mlx5hws_caps caps = { 0 };
	struct mlx5hws_context_stats st = { 0 };
	struct mlx5hws_bwc_matcher_info binfo = { 0 };
	struct t_param mask = { 0 }, val = { 0 }, wide = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action_template *at;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl, *nic_tbl;
	struct mlx5hws_matcher *m;
	struct mlx5hws_action *drop, *nic_drop;
	struct mlx5hws_rule *r;
	struct mlx5hws_bwc_matcher *bm;
	uint64_t pk, by;
	uint32_t n, before;

	t_log_capture();
	ctx = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(ctx);
	tbl = mlx5hws_table_create(ctx, &ta);
	ck_assert_ptr_nonnull(tbl);
	ta.type = MLX5HWS_TABLE_TYPE_NIC_RX;
	nic_tbl = mlx5hws_table_create(ctx, &ta);
	ck_assert_ptr_nonnull(nic_tbl);
	drop = mlx5hws_action_create_dest_drop(ctx, MLX5HWS_ACTION_FLAG_FDB);
	nic_drop = mlx5hws_action_create_dest_drop(ctx,
						   MLX5HWS_ACTION_FLAG_NIC_RX);
	at = mlx5hws_action_template_create(&drop_t, 1);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	mt = mlx5hws_match_template_create(ctx, mask.buf,
					   MLX5HWS_MATCH_PARAM_SZ,
					   1);
	ck_assert_ptr_nonnull(mt);
	ma.size[0].rule.num_log = 2;
	ma.size[1].rule.num_log = 2;
	m = mlx5hws_matcher_create(tbl, &mt, 1, &at, 1, &ma);
	ck_assert_ptr_nonnull(m);
	before = t_objects(NIC);

	/* context */
	refused(mlx5hws_context_open(NULL, NULL), EINVAL);
	refused(mlx5hws_context_open_ibv(NULL, NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_context_close(ctx), EBUSY);
	ck_assert_int_eq(mlx5hws_context_query_caps(NULL, &caps), EINVAL);
	ck_assert_int_eq(mlx5hws_context_query_caps(ctx, NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_context_query_stats(ctx, NULL), EINVAL);
	st.comp_mask = 1;
	ck_assert_int_eq(mlx5hws_context_query_stats(ctx, &st), EINVAL);
	ck_assert_int_eq(mlx5hws_device_query_caps(NULL, &caps), EINVAL);

	/* tables */
	refused(mlx5hws_table_create(NULL, &ta), EINVAL);
	refused(mlx5hws_table_create(ctx, NULL), EINVAL);
	ta.type = 7;
	refused(mlx5hws_table_create(ctx, &ta), EINVAL);
	ta.type = MLX5HWS_TABLE_TYPE_FDB;
	ta.level = 64;
	refused(mlx5hws_table_create(ctx, &ta), EINVAL);
	ta.level = 1;
	ta.comp_mask = 1;
	refused(mlx5hws_table_create(ctx, &ta), EINVAL);
	ck_assert_int_eq(mlx5hws_table_destroy(NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), EBUSY);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(NULL, NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(tbl, nic_tbl), EINVAL);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(tbl, tbl), EINVAL);
	ck_assert_uint_eq(mlx5hws_table_get_id(NULL), 0);

	/* match fields and templates */
	ck_assert_ptr_null(mlx5hws_match_field_find(NULL));
	ck_assert_ptr_null(mlx5hws_match_field_find("outer.nonsense"));
	ck_assert_int_eq(mlx5hws_match_param_set(NULL, NULL, NULL, 0), EINVAL);
	{
		uint8_t too_big[4] = { 0x10, 0, 0, 0 };

		/* 1 byte for an 8-bit field, not 4; and no bits above it */
		ck_assert_int_eq(mlx5hws_match_param_set(
					 val.buf,
					 mlx5hws_match_field_find(
						 "outer.ip_protocol"),
					 too_big, 4),
				 EINVAL);
		ck_assert_int_eq(mlx5hws_match_param_set(
					 val.buf,
					 mlx5hws_match_field_find(
						 "outer.vlan_id"),
					 too_big, 2),
				 EINVAL);
	}
	{
		/* a field of the caller's own making, pointing past the buffer */
		struct mlx5hws_match_field forged = *mlx5hws_match_field_find(
			"outer.ip_protocol");
		uint8_t one = 1;

		forged.bit_offset = 60000;
		ck_assert_int_eq(mlx5hws_match_param_set(val.buf, &forged,
							 &one, 1),
				 EINVAL);
	}
	refused(mlx5hws_match_template_create(NULL, mask.buf, 512, 1), EINVAL);
	refused(mlx5hws_match_template_create(ctx, NULL, 512, 1), EINVAL);
	refused(mlx5hws_match_template_create(ctx, mask.buf, 100, 1), EINVAL);
	/* bits in a block the criteria leave out */
	refused(mlx5hws_match_template_create(ctx, mask.buf, 512,
					      2),
		EINVAL);
	/* a field libhws does not match */
	memset(&wide, 0, sizeof(wide));
	wide.buf[0xc0 / 32] = htobe32(1u << (31 - 0xc0 % 32)); /* l4_type */
	refused(mlx5hws_match_template_create(ctx, wide.buf, 512, 1),
		EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "outer.l4_type"));
	refused(mlx5hws_match_template_create(ctx, mask.buf, 512, 0x20),
		EOPNOTSUPP);
	/* tcp and udp ports are one field */
	memset(&wide, 0, sizeof(wide));
	t_mask(&wide, "outer.tcp_sport");
	t_mask(&wide, "outer.udp_sport");
	refused(mlx5hws_match_template_create(ctx, wide.buf, 512, 1), EINVAL);
	/* more than one STE's selectors */
	memset(&wide, 0, sizeof(wide));
	t_mask(&wide, "outer.ipv6_src");
	t_mask(&wide, "outer.ipv6_dst");
	t_mask(&wide, "inner.ipv6_src");
	t_mask(&wide, "outer.ip_version");
	t_mask(&wide, "inner.ip_version");
	refused(mlx5hws_match_template_create(ctx, wide.buf, 512, 5), E2BIG);
	ck_assert_int_eq(mlx5hws_match_template_destroy(NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), EBUSY);
	refused(mlx5hws_action_template_create(NULL, 1), EINVAL);
	refused(mlx5hws_action_template_create(bad_order, 2), EINVAL);
	refused(mlx5hws_action_template_create(&bad_type, 1), EOPNOTSUPP);
	refused(mlx5hws_action_template_create(bad_order, 4), EINVAL);
	ck_assert_int_eq(mlx5hws_action_template_destroy(NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), EBUSY);

	/* matchers */
	refused(mlx5hws_matcher_create(NULL, &mt, 1, &at, 1, &ma), EINVAL);
	refused(mlx5hws_matcher_create(tbl, &mt, 1, &at, 1, NULL), EINVAL);
	refused(mlx5hws_matcher_create(tbl, NULL, 1, &at, 1, &ma), EINVAL);
	refused(mlx5hws_matcher_create(tbl, &mt, 0, &at, 1, &ma), EINVAL);
	refused(mlx5hws_matcher_create(tbl, &mt, 1, NULL, 1, &ma), EINVAL);
	ma.comp_mask = 1;
	refused(mlx5hws_matcher_create(tbl, &mt, 1, &at, 1, &ma), EINVAL);
	ma.comp_mask = 0;
	ma.mode = 5;
	refused(mlx5hws_matcher_create(tbl, &mt, 1, &at, 1, &ma), EINVAL);
	ma.mode = MLX5HWS_MATCHER_RESOURCE_MODE_HTABLE;
	ma.size[0].table.sz_col_log = 9;
	refused(mlx5hws_matcher_create(tbl, &mt, 1, &at, 1, &ma), EOPNOTSUPP);
	ma.mode = MLX5HWS_MATCHER_RESOURCE_MODE_RULE;
	ma.optimize_flow_src = MLX5HWS_MATCHER_FLOW_SRC_WIRE;
	refused(mlx5hws_matcher_create(nic_tbl, &mt, 1, &at, 1, &ma),
		EOPNOTSUPP);
	ma.optimize_flow_src = 0;
	ck_assert_int_eq(mlx5hws_matcher_destroy(NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_matcher_attach_at(NULL, at), EINVAL);
	ck_assert_int_eq(mlx5hws_matcher_attach_at(m, NULL), EINVAL);

	/* actions */
	refused(mlx5hws_action_create_dest_drop(NULL, 4), EINVAL);
	refused(mlx5hws_action_create_dest_drop(ctx, 0), EINVAL);
	refused(mlx5hws_action_create_dest_drop(ctx, 8), EINVAL);
	refused(mlx5hws_action_create_dest_table(ctx, NULL, 4), EINVAL);
	refused(mlx5hws_action_create_dest_table(ctx, nic_tbl, 4), EINVAL);
	refused(mlx5hws_action_create_dest_vport(ctx, 1, 1), EOPNOTSUPP);
	refused(mlx5hws_action_create_tag(ctx, MLX5HWS_ACTION_FLAG_NIC_TX),
		EOPNOTSUPP);
	refused(mlx5hws_action_create_counter(ctx, 40, 4), EINVAL);
	ck_assert_int_eq(mlx5hws_action_destroy(NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_action_query_counter(drop, 0, &pk, &by),
			 EINVAL);
	ck_assert_int_eq(mlx5hws_action_query_counter(NULL, 0, &pk, &by),
			 EINVAL);

	/* rules */
	ra.action = drop;
	t_set(&val, "outer.ipv4_dst", 1);
	refused(mlx5hws_rule_create(NULL, 0, val.buf, 0, &ra, &ra_attr),
		EINVAL);
	refused(mlx5hws_rule_create(m, 0, NULL, 0, &ra, &ra_attr), EINVAL);
	refused(mlx5hws_rule_create(m, 1, val.buf, 0, &ra, &ra_attr), EINVAL);
	refused(mlx5hws_rule_create(m, 0, val.buf, 1, &ra, &ra_attr), EINVAL);
	refused(mlx5hws_rule_create(m, 0, val.buf, 0, &ra, NULL), EINVAL);
	ra_attr.queue_id = 1;
	refused(mlx5hws_rule_create(m, 0, val.buf, 0, &ra, &ra_attr), EINVAL);
	ra_attr.queue_id = 0;
	ra_attr.flow_source = 9;
	refused(mlx5hws_rule_create(m, 0, val.buf, 0, &ra, &ra_attr), EINVAL);
	ra_attr.flow_source = 0;
	refused(mlx5hws_rule_create(m, 0, val.buf, 0, NULL, &ra_attr), EINVAL);
	ra.action = nic_drop; /* for another table type */
	refused(mlx5hws_rule_create(m, 0, val.buf, 0, &ra, &ra_attr), EINVAL);
	ra.action = drop;
	/* a value outside its mask */
	t_set(&val, "outer.ip_protocol", 6);
	refused(mlx5hws_rule_create(m, 0, val.buf, 0, &ra, &ra_attr), EINVAL);
	ck_assert_int_eq(mlx5hws_rule_destroy(NULL, &ra_attr), EINVAL);
	ck_assert_int_eq(mlx5hws_rule_query(NULL, &info), EINVAL);
	ck_assert_int_eq(mlx5hws_rule_action_update(NULL, 0, &ra, &ra_attr),
			 EINVAL);
	ck_assert_int_eq(mlx5hws_send_queue_poll(NULL, 0, &res, 1, &n), EINVAL);
	ck_assert_int_eq(mlx5hws_send_queue_poll(ctx, 5, &res, 1, &n), EINVAL);
	ck_assert_int_eq(mlx5hws_send_queue_poll(ctx, 0, &res, 1, NULL),
			 EINVAL);
	ck_assert_int_eq(mlx5hws_send_queue_action(ctx, 0, 0), EINVAL);
	ck_assert_int_eq(mlx5hws_send_queue_action(ctx, 0, 8), EINVAL);
	ck_assert_int_eq(mlx5hws_send_queue_action(NULL, 0, 1), EINVAL);

	/* a good rule, then misuse of it */
	memset(&val, 0, sizeof(val));
	t_set(&val, "outer.ipv4_dst", 1);
	r = mlx5hws_rule_create(m, 0, val.buf, 0, &ra, &ra_attr);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(mlx5hws_rule_destroy(r, &ra_attr), EBUSY);
	ck_assert_uint_eq(t_drain(ctx, 0), 0);
	info.comp_mask = 1;
	ck_assert_int_eq(mlx5hws_rule_query(r, &info), EINVAL);
	ck_assert_int_eq(mlx5hws_rule_action_update(r, 3, &ra, &ra_attr),
			 EINVAL);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), EBUSY);
	ck_assert_int_eq(mlx5hws_action_destroy(drop), EBUSY);
	ck_assert_int_eq(mlx5hws_rule_destroy(r, &ra_attr), 0);
	ck_assert_uint_eq(t_drain(ctx, 0), 0);

	/* BWC */
	refused(mlx5hws_bwc_matcher_create(NULL, 0, 1, mask.buf), EINVAL);
	refused(mlx5hws_bwc_matcher_create(tbl, 0, 1, NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(NULL), EINVAL);
	refused(mlx5hws_bwc_rule_create(NULL, val.buf, 0, &ra, 1), EINVAL);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(NULL), EINVAL);
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(NULL, &ra, 1), EINVAL);
	ck_assert_int_eq(mlx5hws_bwc_rule_query(NULL, &info), EINVAL);
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(NULL, &binfo), EINVAL);
	refused(mlx5hws_bwc_matcher_create_attr(tbl, NULL), EINVAL);
	refused(mlx5hws_bwc_matcher_create_attr(
			tbl,
			&(struct mlx5hws_bwc_matcher_attr){
				.comp_mask = 1ull << 1,
				.match_criteria_enable = 1,
				.mask = mask.buf }),
		EINVAL);
	refused(mlx5hws_bwc_matcher_create_attr(
			tbl,
			&(struct mlx5hws_bwc_matcher_attr){
				.comp_mask =
					MLX5HWS_BWC_MATCHER_ATTR_SIZE_POLICY,
				.match_criteria_enable = 1,
				.mask = mask.buf,
				.size_policy = 2 }),
		EINVAL);
	bm = mlx5hws_bwc_matcher_create(tbl, 0, 1,
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	refused(mlx5hws_bwc_rule_create(bm, NULL, 0, &ra, 1), EINVAL);
	refused(mlx5hws_bwc_rule_create(bm, val.buf, 7, &ra, 1), EINVAL);
	refused(mlx5hws_bwc_rule_create(bm, val.buf, 0, &ra, 17), EINVAL);
	refused(mlx5hws_bwc_rule_create(bm, val.buf, 0, NULL, 1), EINVAL);
	binfo.comp_mask = MLX5HWS_BWC_MATCHER_INFO_SIZING << 1;
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(bm, &binfo), EINVAL);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);

	/* nothing of all that reached the device */
	ck_assert_uint_eq(t_objects(NIC), before);

	ck_assert_int_eq(mlx5hws_debug_dump(NULL, stdout), EINVAL);
	ck_assert_int_eq(mlx5hws_debug_dump(ctx, NULL), EINVAL);

	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(drop), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(nic_drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(nic_tbl), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bad_input");
	TCase *tc = tcase_create("bad_input");

	tcase_add_test(tc, test_bad_input);
	suite_add_tcase(s, tc);
	return t_run(s);
}
