// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Faults on top of faults: an insertion whose take-back fails too, a
 * matcher build whose teardown the device refuses, a removal the device
 * refuses; and the errors the user sees for each.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "helpers.h"
#include "libhws/prm.h"

#define NIC "faults"

static void env_open(struct t_bwc_env *e, const char *keys,
		     enum mlx5hws_table_type type)
{
	struct t_param mask = { 0 };

	t_bwc_env_open(e, NIC, keys, type, 0);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	e->bm = mlx5hws_bwc_matcher_create(
		e->tbl, 0, t_criteria("outer.ipv4_dst"), mask.buf);
	ck_assert_ptr_nonnull(e->bm);
}

/* Close everything; no device object is left for the close to reap. */
static void env_close(struct t_bwc_env *e)
{
	struct sim_nic *nic = t_nic(NIC);
	struct sim_stats s;

	sim_nic_hold(nic);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e->bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
	sim_nic_stats(nic, &s);
	ck_assert_uint_eq(s.objects_reaped, 0);
	sim_nic_put(nic);
}

static struct mlx5hws_bwc_rule *add(struct t_bwc_env *e, uint32_t i, uint32_t source)
{
	struct mlx5hws_rule_action ra = { .action = e->drop };
	struct t_param v = { 0 };

	t_set(&v, "outer.ipv4_dst", 0x0a000000 + i);
	t_set(&v, "outer.ip_version", 4);
	return mlx5hws_bwc_rule_create(e->bm, v.buf, source, &ra, 1);
}

static bool classifies(struct t_bwc_env *e, uint32_t i, enum hws_side side)
{
	struct t_param v = { 0 };

	t_set(&v, "outer.ipv4_dst", 0x0a000000 + i);
	t_set(&v, "outer.ip_version", 4);
	return t_classify(NIC, e->tbl, side, 1, &v).result == HWS_RESULT_DROP;
}

/*
 * Insert rule i in both directions of an empty FDB matcher: its TX STE
 * lands, its RX write fails, and so does the take-back of the TX STE.
 * With hold, the growth that follows fails on its first command, so the
 * STE stays in the serving matcher.
 */
static void double_fault(struct t_bwc_env *e, uint32_t i, bool hold)
{
	/* WQE 1: TX write; 2: RX write; 3: TX removal */
	sim_inject_wqe_fault(t_nic(NIC), 2, 1, SIM_WQE_FAULT_GTA_FAILED);
	if (hold)
		sim_inject_cmd_fault(t_nic(NIC), 1, 0,
				     MLX5_CMD_STAT_NO_RES_ERR);
	ck_assert_ptr_null(add(e, i, MLX5HWS_FLOW_SOURCE_ANY));
	sim_clear_faults(t_nic(NIC));
}

/*
 * The STE a failed insertion left is no rule of the user's: the same
 * values go in again on the next try, and it stops classifying.
 */
START_TEST(test_phantom_is_removed)
{
	struct mlx5hws_bwc_rule *r;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	double_fault(&e, 1, true);
	/* the premise: the device kept the TX STE */
	ck_assert(classifies(&e, 1, HWS_SIDE_TX));
	ck_assert_uint_eq(t_stats(NIC).stes, 1);
	r = add(&e, 1, MLX5HWS_FLOW_SOURCE_ANY);
	ck_assert_msg(r, "insert after a phantom: %s", strerror(errno));
	ck_assert_uint_eq(t_stats(NIC).stes, 2);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	ck_assert(!classifies(&e, 1, HWS_SIDE_TX));
	ck_assert(!classifies(&e, 1, HWS_SIDE_RX));
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	env_close(&e);
}
END_TEST

/*
 * Two faults, the write and its take-back, leave nothing: the failed call
 * tries the removal once more before it returns.
 */
START_TEST(test_two_faults_leave_no_phantom)
{
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	/* WQE 1: TX write fails; 2: RX write; 3: RX removal fails; 4: again */
	sim_inject_wqe_fault(t_nic(NIC), 1, 2, SIM_WQE_FAULT_GTA_FAILED);
	/* and the growth for the collision fails on its first command */
	sim_inject_cmd_fault(t_nic(NIC), 1, 0, MLX5_CMD_STAT_NO_RES_ERR);
	ck_assert_ptr_null(add(&e, 1, MLX5HWS_FLOW_SOURCE_ANY));
	sim_clear_faults(t_nic(NIC));
	ck_assert(!classifies(&e, 1, HWS_SIDE_RX));
	ck_assert(!classifies(&e, 1, HWS_SIDE_TX));
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	env_close(&e);
}
END_TEST

/* Any later operation retries the removal, a rule of the other direction
 * with the same values included.
 */
START_TEST(test_phantom_other_direction)
{
	struct mlx5hws_bwc_rule *rx, *other;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	double_fault(&e, 1, true);
	other = add(&e, 2, MLX5HWS_FLOW_SOURCE_LOCAL_VPORT);
	ck_assert_ptr_nonnull(other);
	ck_assert(!classifies(&e, 1, HWS_SIDE_TX));
	ck_assert_uint_eq(t_stats(NIC).stes, 1);
	rx = add(&e, 1, MLX5HWS_FLOW_SOURCE_UPLINK);
	ck_assert_msg(rx, "RX insert after a TX phantom: %s", strerror(errno));
	ck_assert(classifies(&e, 1, HWS_SIDE_RX));
	ck_assert(!classifies(&e, 1, HWS_SIDE_TX));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rx), 0);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(other), 0);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	env_close(&e);
}
END_TEST

/* While the device still refuses, the same values fail with EAGAIN,
 * never EEXIST: the user has no such rule.
 */
START_TEST(test_phantom_refused_again)
{
	struct mlx5hws_bwc_rule *r;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	double_fault(&e, 1, true);
	sim_inject_wqe_fault(t_nic(NIC), 1, 1, SIM_WQE_FAULT_GTA_FAILED);
	ck_assert_ptr_null(add(&e, 1, MLX5HWS_FLOW_SOURCE_ANY));
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "failed insertion"));
	sim_clear_faults(t_nic(NIC));
	ck_assert_ptr_nonnull(r = add(&e, 1, MLX5HWS_FLOW_SOURCE_ANY));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	env_close(&e);
}
END_TEST

/* A rehash does not carry the phantom: it goes with the old matcher. */
START_TEST(test_rehash_drops_phantom)
{
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	double_fault(&e, 1, false);
	ck_assert(!classifies(&e, 1, HWS_SIDE_TX));
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	env_close(&e);
}
END_TEST

/* Destroying the matcher takes a phantom the device would not remove. */
START_TEST(test_matcher_destroy_takes_phantom)
{
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	double_fault(&e, 1, true);
	sim_inject_wqe_fault(t_nic(NIC), 1, 1, SIM_WQE_FAULT_GTA_FAILED);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e.bm), 0);
	sim_clear_faults(t_nic(NIC));
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_RTC], 0);
	e.bm = mlx5hws_bwc_matcher_create(e.tbl, 0, 1, (uint32_t[128]){ 0 });
	ck_assert_ptr_nonnull(e.bm);
	env_close(&e);
}
END_TEST

/*
 * A removal the device refuses is EIO, not the ENOSPC of a full row; the
 * rule stays and classifies, and the next try removes it.
 */
START_TEST(test_refused_removal_is_eio)
{
	struct mlx5hws_bwc_rule *r;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_NIC_RX);
	t_log_capture();
	ck_assert_ptr_nonnull(r = add(&e, 0, 0));
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_GTA_FAILED);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), EIO);
	ck_assert(classifies(&e, 0, HWS_SIDE_RX));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	ck_assert(!classifies(&e, 0, HWS_SIDE_RX));
	env_close(&e);
}
END_TEST

/* An update the device fails is EIO too; the rule keeps its old actions. */
START_TEST(test_refused_update_is_eio)
{
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_action *miss;
	struct mlx5hws_bwc_rule *r;
	struct mlx5hws_rule_info info = { 0 };
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_NIC_RX);
	t_log_capture();
	miss = mlx5hws_action_create_default_miss(e.ctx,
						  MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(miss);
	ck_assert_ptr_nonnull(r = add(&e, 0, 0));
	ra.action = miss;
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_GTA_FAILED);
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r, &ra, 1), EIO);
	ck_assert(classifies(&e, 0, HWS_SIDE_RX));
	ck_assert_int_eq(mlx5hws_bwc_rule_query(r, &info), 0);
	ck_assert_int_eq(info.state, MLX5HWS_RULE_STATE_INSERTED);
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r, &ra, 1), 0);
	ck_assert(!classifies(&e, 0, HWS_SIDE_RX));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(miss), 0);
	env_close(&e);
}
END_TEST

/* A duplicate is EEXIST even when its insert is due to grow the matcher
 * and the growth would fail.
 */
START_TEST(test_duplicate_before_growth)
{
	struct mlx5hws_bwc_rule *r[22];
	struct mlx5hws_bwc_matcher_info info = { 0 };
	uint32_t i;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	/* 22 rules: size 5; the 23rd is due to grow */
	for (i = 0; i < 22; i++)
		ck_assert_ptr_nonnull(r[i] = add(&e, i, 0));
	sim_inject_cmd_fault(t_nic(NIC), 1, 0, MLX5_CMD_STAT_NO_RES_ERR);
	ck_assert_ptr_null(add(&e, 3, 0));
	ck_assert_int_eq(errno, EEXIST);
	sim_clear_faults(t_nic(NIC));
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(e.bm, &info), 0);
	ck_assert_uint_eq(info.dir[0].rules, 22);
	ck_assert_uint_eq(info.dir[0].size_log, 5);
	for (i = 0; i < 22; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	env_close(&e);
}
END_TEST

/* A vport the device does not have is refused by name, as EINVAL. */
START_TEST(test_unknown_vport)
{
	struct mlx5hws_action *a;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	a = mlx5hws_action_create_dest_vport(e.ctx, 99,
					     MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "no vport 99"));
	a = mlx5hws_action_create_dest_vport(e.ctx, 3, MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(mlx5hws_action_destroy(a), 0);
	env_close(&e);
}
END_TEST

/* A native matcher of 2^num_log rules a direction. */
static struct mlx5hws_matcher *big_matcher(struct mlx5hws_table *tbl,
					   struct mlx5hws_match_template *mt,
					   uint8_t num_log)
{
	struct mlx5hws_matcher_attr attr = {
		.mode = MLX5HWS_MATCHER_RESOURCE_MODE_RULE,
	};

	attr.size[0].rule.num_log = num_log;
	attr.size[1].rule.num_log = num_log;
	return mlx5hws_matcher_create(tbl, &mt, 1, NULL, 0, &attr);
}

/*
 * A matcher build fails on device memory, and its teardown is refused:
 * the objects are kept and destroyed on the next matcher operation; at
 * close, whatever is left is released.
 */
START_TEST(test_failed_build_keeps_objects)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_matcher *m;
	struct t_param mask = { 0 };
	uint64_t pages, objects;
	struct sim_nic *nic;
	struct sim_stats s;
	int round;

	for (round = 0; round < 2; round++) {
		ctx = mlx5hws_context_open("sim:nic=" NIC ",icm_pages_max=1100",
					   NULL);
		ck_assert_ptr_nonnull(ctx);
		nic = t_nic(NIC);
		sim_nic_hold(nic);
		t_log_capture();
		tbl = mlx5hws_table_create(ctx, &ta);
		t_mask(&mask, "outer.ipv4_dst");
		t_mask(&mask, "outer.ip_version");
		mt = mlx5hws_match_template_create(ctx, mask.buf,
						   sizeof(mask.buf), 1);
		ck_assert_ptr_nonnull(mt);
		/* one small matcher sets up what every matcher shares */
		m = big_matcher(tbl, mt, 1);
		ck_assert_ptr_nonnull(m);
		ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
		objects = t_objects(NIC);
		pages = t_stats(NIC).icm_pages;

		sim_inject_cmd_fault(nic, 1, MLX5_CMD_OP_DESTROY_FLOW_TABLE,
				     MLX5_CMD_STAT_INT_ERR);
		ck_assert_ptr_null(big_matcher(tbl, mt, 16));
		ck_assert_int_eq(errno, EREMOTEIO);
		sim_clear_faults(nic);
		/* the device kept the flow table; the library did too */
		ck_assert_uint_eq(t_objects(NIC), objects + 1);
		if (round == 0) {
			/* the next matcher operation destroys it */
			m = big_matcher(tbl, mt, 1);
			ck_assert_ptr_nonnull(m);
			ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
			ck_assert_uint_eq(t_objects(NIC), objects);
			ck_assert_uint_eq(t_stats(NIC).icm_pages, pages);
		}
		ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
		ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
		/* in round 1, refused at close too: the close releases it */
		if (round == 1)
			sim_inject_cmd_fault(nic, 1,
					     MLX5_CMD_OP_DESTROY_FLOW_TABLE,
					     MLX5_CMD_STAT_INT_ERR);
		ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
		sim_nic_stats(nic, &s);
		ck_assert_uint_eq(s.objects_reaped, round);
		sim_nic_put(nic);
	}
}
END_TEST

/*
 * A match template whose definer the device would not destroy: the
 * definer is kept, the next matcher operation destroys it, and nothing
 * is left for the close to reap.
 */
START_TEST(test_refused_definer_destroy_is_kept)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	struct mlx5hws_match_template *mt, *mt2;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_matcher *m;
	struct t_param mask = { 0 };
	struct sim_nic *nic;
	struct sim_stats s;
	uint64_t objects;

	ctx = mlx5hws_context_open("sim:nic=" NIC, NULL);
	ck_assert_ptr_nonnull(ctx);
	nic = t_nic(NIC);
	sim_nic_hold(nic);
	t_log_capture();
	tbl = mlx5hws_table_create(ctx, &ta);
	ck_assert_ptr_nonnull(tbl);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	mt2 = mlx5hws_match_template_create(ctx, mask.buf, sizeof(mask.buf),
					    1);
	ck_assert_ptr_nonnull(mt2);
	objects = t_objects(NIC);
	mt = mlx5hws_match_template_create(ctx, mask.buf, sizeof(mask.buf), 1);
	ck_assert_ptr_nonnull(mt);
	ck_assert_uint_eq(t_objects(NIC), objects + 1);

	sim_inject_cmd_fault(nic, 1, MLX5_CMD_OP_DESTROY_GENERAL_OBJECT,
			     MLX5_CMD_STAT_INT_ERR);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	sim_clear_faults(nic);
	/* the device kept the definer; the library did too */
	ck_assert_uint_eq(t_objects(NIC), objects + 1);
	m = big_matcher(tbl, mt2, 1);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_uint_eq(t_objects(NIC), objects);

	ck_assert_int_eq(mlx5hws_match_template_destroy(mt2), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
	sim_nic_stats(nic, &s);
	ck_assert_uint_eq(s.objects_reaped, 0);
	sim_nic_put(nic);
}
END_TEST

/*
 * The same under BWC: growths fail on device memory while the device
 * refuses to destroy a flow table.  Once every rule goes, the objects and
 * ICM pages are those of the empty matcher.
 */
START_TEST(test_failed_growths_leak_nothing)
{
	struct mlx5hws_bwc_rule *r[400];
	uint64_t pages, objects;
	uint32_t n, failed = 0;
	struct t_bwc_env e;

	env_open(&e, "icm_pages_max=1100", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	objects = t_objects(NIC);
	pages = t_stats(NIC).icm_pages;
	for (n = 0; n < 400 && failed < 4;) {
		sim_inject_cmd_fault(t_nic(NIC), 1,
				     MLX5_CMD_OP_DESTROY_FLOW_TABLE,
				     MLX5_CMD_STAT_INT_ERR);
		r[n] = add(&e, n, MLX5HWS_FLOW_SOURCE_ANY);
		if (r[n])
			n++;
		else
			failed++;
		sim_clear_faults(t_nic(NIC));
	}
	ck_assert_uint_eq(failed, 4);
	while (n)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	ck_assert_uint_eq(t_objects(NIC), objects);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, pages);
	env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bwc_faults");
	TCase *tc = tcase_create("bwc_faults");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_phantom_is_removed);
	tcase_add_test(tc, test_refused_definer_destroy_is_kept);
	tcase_add_test(tc, test_two_faults_leave_no_phantom);
	tcase_add_test(tc, test_phantom_other_direction);
	tcase_add_test(tc, test_phantom_refused_again);
	tcase_add_test(tc, test_rehash_drops_phantom);
	tcase_add_test(tc, test_matcher_destroy_takes_phantom);
	tcase_add_test(tc, test_refused_removal_is_eio);
	tcase_add_test(tc, test_refused_update_is_eio);
	tcase_add_test(tc, test_duplicate_before_growth);
	tcase_add_test(tc, test_unknown_vport);
	tcase_add_test(tc, test_failed_build_keeps_objects);
	tcase_add_test(tc, test_failed_growths_leak_nothing);
	suite_add_tcase(s, tc);
	return t_run(s);
}
