// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Rule operations as the send queue and the device carry them out: a full
 * queue and bursts, error completions, the collision table's retry, full
 * rows, and action updates that succeed or fail.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rules_common.h"

/* A full queue says EBUSY; bursts reach the device only when drained. */
START_TEST(test_queue_full_and_burst)
{
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_rule_attr attr = { .burst = 1 };
	struct mlx5hws_flow_op_result res[8];
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r[4];
	struct t_param mask = { 0 }, val[5];
	uint32_t n, done;
	struct env e;
	int i;

	env_open(&e, "", 4, MLX5HWS_TABLE_TYPE_FDB);
	t_mask(&mask, "outer.udp_sport");
	m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("outer.udp_sport"),
			 e.at_drop, 0, 4);
	ra.action = e.drop;
	memset(val, 0, sizeof(val));
	for (i = 0; i < 4; i++) {
		t_set(&val[i], "outer.udp_sport", 1000 + i);
		attr.user_data = &r[i];
		r[i] = mlx5hws_rule_create(m, 0, val[i].buf, 0, &ra, &attr);
		ck_assert_ptr_nonnull(r[i]);
	}
	t_set(&val[4], "outer.udp_sport", 2000);
	ck_assert_ptr_null(mlx5hws_rule_create(m, 0, val[4].buf, 0, &ra,
					       &attr));
	ck_assert_int_eq(errno, EBUSY);
	/* posted in a burst: the device has not seen them */
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0,
					    &val[i]).result,
				 HWS_RESULT_MISS);
	ck_assert_int_eq(mlx5hws_send_queue_poll(e.ctx, 0, res, 8, &n), 0);
	ck_assert_uint_eq(n, 0);
	/* a destroy of a pending rule waits its turn */
	ck_assert_int_eq(mlx5hws_rule_destroy(r[0], &attr), EBUSY);
	ck_assert_int_eq(mlx5hws_send_queue_action(
				 e.ctx, 0,
				 MLX5HWS_SEND_QUEUE_ACTION_DRAIN_ASYNC), 0);
	/* the device works on its own time: the rules are live once polled */
	for (done = 0; done < 4; done += n)
		ck_assert_int_eq(mlx5hws_send_queue_poll(e.ctx, 0, res + done,
							 8 - done, &n),
				 0);
	ck_assert_uint_eq(done, 4);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0,
					    &val[i]).result,
				 HWS_RESULT_DROP);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(res[i].status, MLX5HWS_FLOW_OP_SUCCESS);
		ck_assert_ptr_eq(res[i].user_data, &r[i]);
	}
	for (i = 0; i < 4; i++)
		del_rule(&e, r[i]);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

/* An error CQE fails that rule cleanly; the queue goes on working. */
START_TEST(test_error_cqe)
{
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_rule_attr attr = { 0 };
	struct mlx5hws_rule_info info = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *bad, *good;
	struct t_param mask = { 0 }, v1 = { 0 }, v2 = { 0 };
	struct env e;

	env_open(&e, "", 16, MLX5HWS_TABLE_TYPE_FDB);
	/* VXLAN: the VNI with its tunnel type, the whole UDP port */
	t_mask(&mask, "misc.vxlan_vni");
	t_mask(&mask, "outer.udp_dport");
	m = make_matcher(&e, e.tbl, &mt, &mask,
			 t_criteria("misc.vxlan_vni") |
				 t_criteria("outer.udp_dport"),
			 e.at_drop, 0, 4);
	ra.action = e.drop;
	t_set(&v1, "misc.vxlan_vni", 100);
	t_set(&v2, "misc.vxlan_vni", 200);
	t_set(&v1, "outer.udp_dport", 4789);
	t_set(&v2, "outer.udp_dport", 4789);
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_ERROR_CQE);
	bad = mlx5hws_rule_create(m, 0, v1.buf, 0, &ra, &attr);
	ck_assert_ptr_nonnull(bad);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 1);
	ck_assert_int_eq(mlx5hws_rule_query(bad, &info), 0);
	ck_assert_int_eq(info.state, MLX5HWS_RULE_STATE_FAILED);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &v1).result,
			 HWS_RESULT_MISS);
	/* the queue recovered */
	good = add_rule(&e, m, &v2, &ra, MLX5HWS_FLOW_SOURCE_ANY);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &v2).result,
			 HWS_RESULT_DROP);
	/* a failed rule can be destroyed */
	del_rule(&e, bad);
	del_rule(&e, good);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

/*
 * The collision table: a write that fails on the main RTC lands in the
 * collision RTC, and still classifies.
 */
START_TEST(test_collision_retry)
{
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_rule_attr attr = { 0 };
	struct mlx5hws_rule_info info = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *first, **many;
	struct t_param mask = { 0 }, val = { 0 };
	uint32_t main_rtc, in_col = 0, i, n = 3000;
	struct env e;

	env_open(&e, "", 256, MLX5HWS_TABLE_TYPE_NIC_RX);
	t_mask(&mask, "outer.ipv4_src");
	t_mask(&mask, "outer.ip_version");
	/* 2^11 rows by 4: a collision table of 2^6 rows by 16 */
	m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("outer.ipv4_src"),
			 e.at_drop, 0, 11);
	ra.action = e.drop;

	/* an injected failure of the main write */
	t_set(&val, "outer.ipv4_src", 0x01020304);
	t_set(&val, "outer.ip_version", 4);
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_GTA_FAILED);
	first = add_rule(&e, m, &val, &ra, MLX5HWS_FLOW_SOURCE_ANY);
	ck_assert_int_eq(mlx5hws_rule_query(first, &info), 0);
	ck_assert_int_eq(info.state, MLX5HWS_RULE_STATE_INSERTED);
	main_rtc = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val).hits[0].rtc_id;
	ck_assert_uint_eq(main_rtc, info.rtc_id[0]);

	/* full rows, naturally: 3000 rules over 2048 rows of 4 */
	many = calloc(n, sizeof(*many));
	for (i = 0; i < n; i++) {
		memset(&val, 0, sizeof(val));
		t_set(&val, "outer.ipv4_src", 0x0b000000 + i * 7919);
		t_set(&val, "outer.ip_version", 4);
		many[i] = mlx5hws_rule_create(m, 0, val.buf, 0, &ra, &attr);
		ck_assert_ptr_nonnull(many[i]);
		if (i % 128 == 127)
			ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	}
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	for (i = 0; i < n; i++) {
		struct hws_verdict v;

		memset(&val, 0, sizeof(val));
		t_set(&val, "outer.ipv4_src", 0x0b000000 + i * 7919);
		t_set(&val, "outer.ip_version", 4);
		ck_assert_int_eq(mlx5hws_rule_query(many[i], &info), 0);
		v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val);
		ck_assert_int_eq(v.result, HWS_RESULT_DROP);
		ck_assert_uint_eq(v.hits[0].rtc_id, info.rtc_id[0]);
		in_col += info.rtc_id[0] != main_rtc;
	}
	ck_assert_uint_gt(in_col, 0);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(mlx5hws_rule_destroy(many[i], &attr), 0);
		if (i % 128 == 127)
			ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	}
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	free(many);
	del_rule(&e, first);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

/* A failed write without a collision table: the rule fails, then goes. */
START_TEST(test_full_row_fails)
{
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_rule_attr attr = { 0 };
	struct mlx5hws_rule_info info = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r[3];
	struct t_param mask = { 0 }, val = { 0 };
	struct env e;
	int i;

	env_open(&e, "", 16, MLX5HWS_TABLE_TYPE_NIC_RX);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	/* one row of two: the third rule has no room */
	{
		struct mlx5hws_matcher_attr mattr = {
			.mode = MLX5HWS_MATCHER_RESOURCE_MODE_HTABLE,
		};
		struct mlx5hws_action_template *at = e.at_drop;

		mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].table.sz_row_log = 0;
		mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].table.sz_col_log = 1;
		mt = mlx5hws_match_template_create(e.ctx, mask.buf,
						   MLX5HWS_MATCH_PARAM_SZ,
						   t_criteria("outer.ipv4_dst"));
		m = mlx5hws_matcher_create(e.tbl, &mt, 1, &at, 1, &mattr);
		ck_assert_ptr_nonnull(m);
	}
	ra.action = e.drop;
	for (i = 0; i < 3; i++) {
		t_set(&val, "outer.ipv4_dst", 100 + i);
		t_set(&val, "outer.ip_version", 4);
		r[i] = mlx5hws_rule_create(m, 0, val.buf, 0, &ra, &attr);
		ck_assert_ptr_nonnull(r[i]);
	}
	ck_assert_uint_eq(t_drain(e.ctx, 0), 1);
	ck_assert_int_eq(mlx5hws_rule_query(r[2], &info), 0);
	ck_assert_int_eq(info.state, MLX5HWS_RULE_STATE_FAILED);
	ck_assert_uint_eq(info.rtc_id[0], 0);
	for (i = 0; i < 3; i++)
		del_rule(&e, r[i]);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

START_TEST(test_action_update)
{
	struct mlx5hws_rule_action ra[3] = { 0 };
	struct mlx5hws_rule_attr attr = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
	struct t_param mask = { 0 }, val = { 0 };
	struct env e;

	env_open(&e, "", 16, MLX5HWS_TABLE_TYPE_FDB);
	t_mask(&mask, "outer.ethertype");
	m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("outer.ethertype"),
			 e.at_full, 0, 2);
	t_set(&val, "outer.ethertype", 0x0800);
	ra[0].action = e.ctr;
	ra[1].action = e.tag;
	ra[1].tag.value = 1;
	ra[2].action = e.vport;
	r = add_rule(&e, m, &val, ra, MLX5HWS_FLOW_SOURCE_UPLINK);
	ck_assert_uint_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val).tag, 1);
	ra[1].tag.value = 2;
	ck_assert_int_eq(mlx5hws_rule_action_update(r, 0, ra, &attr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert_uint_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val).tag, 2);
	ck_assert_uint_eq(t_stats(NIC).stes, 1);
	del_rule(&e, r);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

/* Rule r's state, as mlx5hws_rule_query() tells it. */
static uint8_t rule_state(struct mlx5hws_rule *r)
{
	struct mlx5hws_rule_info info = { 0 };

	ck_assert_int_eq(mlx5hws_rule_query(r, &info), 0);
	return info.state;
}

/*
 * An update the device refuses for every STE leaves the rule as it was; one
 * that changes RX and not TX fails the rule and keeps the old actions in
 * use (the TX STE still has them) until the matcher goes.
 */
START_TEST(test_failed_action_update)
{
	struct mlx5hws_rule_action ra[3] = { 0 };
	struct mlx5hws_rule_attr attr = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action *old_tag;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
	struct t_param mask = { 0 }, val = { 0 };
	struct env e;

	env_open(&e, "", 16, MLX5HWS_TABLE_TYPE_FDB);
	old_tag = mlx5hws_action_create_tag(e.ctx, MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(old_tag);
	t_mask(&mask, "outer.ethertype");
	m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("outer.ethertype"),
			 e.at_full, 0, 2);
	t_set(&val, "outer.ethertype", 0x0800);
	ra[0].action = e.ctr;
	ra[1].action = old_tag;
	ra[1].tag.value = 1;
	ra[2].action = e.vport;
	r = add_rule(&e, m, &val, ra, MLX5HWS_FLOW_SOURCE_ANY);

	/* both WQEs refused: the rule keeps tag 1 and stays inserted */
	ra[1].action = e.tag;
	ra[1].tag.value = 2;
	sim_inject_wqe_fault(t_nic(NIC), 1, 1, SIM_WQE_FAULT_GTA_FAILED);
	ck_assert_int_eq(mlx5hws_rule_action_update(r, 0, ra, &attr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 1);
	sim_clear_faults(t_nic(NIC));
	ck_assert_uint_eq(rule_state(r), MLX5HWS_RULE_STATE_INSERTED);
	ck_assert_uint_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val).tag, 1);

	/* TX (written first) refuses the update, RX takes it */
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_GTA_FAILED);
	ck_assert_int_eq(mlx5hws_rule_action_update(r, 0, ra, &attr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 1);
	ck_assert_uint_eq(rule_state(r), MLX5HWS_RULE_STATE_FAILED);
	ck_assert_uint_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val).tag, 2);
	del_rule(&e, r);
	/* the old set is parked on the matcher: its tag action is in use */
	ck_assert_int_eq(mlx5hws_action_destroy(old_tag), EBUSY);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(old_tag), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rules_queue");
	TCase *tc = tcase_create("rules");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_queue_full_and_burst);
	tcase_add_test(tc, test_error_cqe);
	tcase_add_test(tc, test_collision_retry);
	tcase_add_test(tc, test_full_row_fails);
	tcase_add_test(tc, test_action_update);
	tcase_add_test(tc, test_failed_action_update);
	suite_add_tcase(s, tc);
	return t_run(s);
}
