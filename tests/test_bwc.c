// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * BWC matchers: per-direction growth at exactly the documented insert,
 * one-way rule sets, the maxed-out limit, collisions, failed rehashes that
 * lose nothing, shrinking with hysteresis, and action templates.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "libhws/prm.h"

#define NIC "bwc"

static void env_open_policy(struct t_bwc_env *e, const char *keys,
			    enum mlx5hws_table_type type,
			    enum mlx5hws_bwc_size_policy policy)
{
	t_bwc_env_open(e, NIC, keys, type, 0);
	t_bwc_env_matcher(e, policy);
}

/* The sizes these tests document are the assured policy's. */
static void env_open(struct t_bwc_env *e, const char *keys,
		     enum mlx5hws_table_type type)
{
	env_open_policy(e, keys, type, MLX5HWS_BWC_SIZE_ASSURED);
}

static void rule_value(struct t_param *p, uint32_t i)
{
	memset(p, 0, sizeof(*p));
	t_set(p, "outer.ipv4_dst", 0x0a000000 + i);
	t_set(p, "outer.udp_dport", 4789);
	t_set(p, "outer.ip_version", 4);
}

static struct mlx5hws_bwc_rule *add(struct t_bwc_env *e, uint32_t i,
				    uint32_t source)
{
	struct mlx5hws_rule_action ra = { .action = e->drop };
	struct t_param v;

	rule_value(&v, i);
	return mlx5hws_bwc_rule_create(e->bm, v.buf, source, &ra, 1);
}

static struct mlx5hws_bwc_dir_info dir_info(struct t_bwc_env *e, int dir)
{
	struct mlx5hws_bwc_matcher_info info = { 0 };

	ck_assert_int_eq(mlx5hws_bwc_matcher_query(e->bm, &info), 0);
	return info.dir[dir];
}

/* Does rule i's packet hit, from the side of the given direction? */
static bool classifies(struct t_bwc_env *e, uint32_t i, int dir)
{
	struct t_param v;

	rule_value(&v, i);
	return t_classify(NIC, e->tbl, dir ? HWS_SIDE_TX : HWS_SIDE_RX, 1, &v)
		       .result == HWS_RESULT_DROP;
}

/* The sizes the documented rule gives after n rules, growing from 1. */
static uint8_t expected_size(uint32_t n)
{
	uint8_t s = 1;
	uint32_t i;

	for (i = 1; i <= n; i++)
		if ((uint64_t)i * 100 / 70 >= 1ull << s)
			s++;
	return s;
}

/*
 * Each direction grows at exactly the insert where rules * 100 / 70 reaches
 * 2^size_log, one step; rules of one direction never grow the other.
 */
START_TEST(test_growth_per_direction)
{
	static const uint32_t sources[2] = { MLX5HWS_FLOW_SOURCE_UPLINK,
					     MLX5HWS_FLOW_SOURCE_LOCAL_VPORT };
	struct mlx5hws_bwc_rule *r[2][400];
	struct t_bwc_env e;
	uint32_t i;
	int d;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	for (d = 0; d < 2; d++) {
		uint32_t rehashes = 0;

		for (i = 1; i <= 400; i++) {
			struct mlx5hws_bwc_dir_info own, other;

			r[d][i - 1] = add(&e, d * 1000 + i, sources[d]);
			t_check(r[d][i - 1], "rule %u: %s", i, strerror(errno));
			/* a growth waits for the move of the one before */
			ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm),
					 0);
			own = dir_info(&e, d);
			other = dir_info(&e, !d);
			t_check(own.size_log == expected_size(i),
				"dir %d after %u rules: size_log %u, want %u",
				d, i, own.size_log, expected_size(i));
			if (i > 1 && expected_size(i) != expected_size(i - 1))
				rehashes++;
			t_check(own.rehashes == rehashes, "rehash count");
			t_check(own.rules == i, "rule count");
			/* the other direction never moves */
			t_check(other.size_log == (d ? expected_size(400) : 1),
				"the other direction grew");
		}
	}
	/* 400 rules: 571 >= 512: size 10, nine growths each */
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 10);
	ck_assert_uint_eq(dir_info(&e, 1).rehashes, 9);
	for (d = 0; d < 2; d++)
		for (i = 1; i <= 400; i++) {
			t_check(classifies(&e, d * 1000 + i, d),
				"rule %u lost", i);
			t_check(!classifies(&e, d * 1000 + i, !d),
				"rule %u seen on the other side", i);
		}
	for (d = 0; d < 2; d++)
		for (i = 0; i < 400; i++)
			t_check(!mlx5hws_bwc_rule_destroy(r[d][i]), "destroy");
	t_bwc_env_close(&e);
}
END_TEST

/* NIC tables have one direction: it grows, the other does not exist. */
START_TEST(test_nic_tables)
{
	static const enum mlx5hws_table_type types[2] = {
		MLX5HWS_TABLE_TYPE_NIC_RX, MLX5HWS_TABLE_TYPE_NIC_TX,
	};
	struct mlx5hws_bwc_rule *r[100];
	int t, i;

	for (t = 0; t < 2; t++) {
		struct t_bwc_env e;

		env_open(&e, "", types[t]);
		for (i = 0; i < 100; i++) {
			r[i] = add(&e, i, MLX5HWS_FLOW_SOURCE_ANY);
			ck_assert_ptr_nonnull(r[i]);
		}
		ck_assert_uint_eq(dir_info(&e, t).size_log, expected_size(100));
		ck_assert_uint_eq(dir_info(&e, !t).size_log, 0);
		ck_assert_uint_eq(dir_info(&e, !t).rules, 0);
		for (i = 0; i < 100; i++)
			ck_assert(classifies(&e, i, t));
		/* a source from the other side has no direction here */
		t_log_capture();
		ck_assert_ptr_null(add(&e, 500,
				       t ? MLX5HWS_FLOW_SOURCE_UPLINK :
					   MLX5HWS_FLOW_SOURCE_LOCAL_VPORT));
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_uint_eq(dir_info(&e, t).rules, 100);
		for (i = 0; i < 100; i++)
			ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
		t_bwc_env_close(&e);
	}
}
END_TEST

/*
 * A small device: 2^6 STEs per range.  Size 3 (8 rows of 8) is the last
 * that fits; inserts go on while rows have room, then fail cleanly.
 */
START_TEST(test_maxed_out)
{
	struct mlx5hws_bwc_rule *r[64];
	struct mlx5hws_bwc_dir_info d;
	uint32_t n = 0, i;
	struct t_bwc_env e;

	env_open(&e, "ste_alloc_log_max=6", MLX5HWS_TABLE_TYPE_NIC_RX);
	t_log_capture();
	/*
	 * Scattered keys: sequential ones spread perfectly over the rows,
	 * the CRC being linear, and would fill all 64 places.
	 */
	while (n < 64) {
		r[n] = add(&e, n * 2654435761u, MLX5HWS_FLOW_SOURCE_ANY);
		if (!r[n])
			break;
		n++;
	}
	ck_assert_int_eq(errno, ENOSPC);
	d = dir_info(&e, 0);
	ck_assert_uint_eq(d.size_log, 3);
	ck_assert_uint_eq(d.maxed_out, 1);
	ck_assert_uint_eq(d.rules, n);
	ck_assert_uint_gt(n, 6);
	for (i = 0; i < n; i++)
		ck_assert(classifies(&e, i * 2654435761u, 0));
	/* the failed rule is nowhere */
	ck_assert(!classifies(&e, n * 2654435761u, 0));
	ck_assert_uint_eq(t_stats(NIC).stes, n);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	t_bwc_env_close(&e);
}
END_TEST

/* A collision forces growth of the rule's direction, then one retry. */
START_TEST(test_collision_forces_growth)
{
	struct mlx5hws_bwc_rule *r[3];
	struct t_bwc_env e;
	int i;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	r[0] = add(&e, 0, MLX5HWS_FLOW_SOURCE_UPLINK);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 1);
	/* TX's first rule: its write fails as a full row would */
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_GTA_FAILED);
	r[1] = add(&e, 1, MLX5HWS_FLOW_SOURCE_LOCAL_VPORT);
	ck_assert_ptr_nonnull(r[1]);
	/* one rule is far under 70% of size 1: only the collision grew it */
	ck_assert_uint_eq(dir_info(&e, 1).size_log, 2);
	ck_assert_uint_eq(dir_info(&e, 1).rehashes, 1);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 1);
	/* an error CQE counts as a collision too */
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_ERROR_CQE);
	r[2] = add(&e, 2, MLX5HWS_FLOW_SOURCE_LOCAL_VPORT);
	ck_assert_ptr_nonnull(r[2]);
	ck_assert_uint_eq(dir_info(&e, 1).size_log, 3);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 1);
	ck_assert(classifies(&e, 0, 0));
	ck_assert(classifies(&e, 1, 1));
	ck_assert(classifies(&e, 2, 1));
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * A growth that cannot be built (device memory exhausted) leaves every rule
 * in the old matcher, which goes on taking rules; only an insert that finds
 * it full fails, and its count rolls back.
 */
START_TEST(test_rehash_fails_on_icm)
{
	static struct mlx5hws_bwc_rule *r[2000];
	struct mlx5hws_bwc_dir_info before, after;
	uint32_t n = 0, i;
	struct t_bwc_env e;

	/* the STC ranges take 2 x 512 pages; little room beyond */
	env_open(&e, "icm_pages_max=1100", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	for (n = 0; n < 2000; n++) {
		before = dir_info(&e, 0);
		r[n] = add(&e, n, MLX5HWS_FLOW_SOURCE_ANY);
		if (!r[n])
			break;
		ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
	}
	ck_assert_uint_lt(n, 2000);
	ck_assert_int_eq(errno, EREMOTEIO);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "NO_RES"));
	after = dir_info(&e, 0);
	ck_assert_uint_eq(after.rules, n);
	ck_assert_uint_eq(after.size_log, before.size_log);
	/* the old matcher took rules past its growth point */
	ck_assert_uint_ge((uint64_t)n * 100 / 70, 2ull << after.size_log);
	ck_assert_uint_eq(dir_info(&e, 1).rules, n);
	for (i = 0; i < n; i++) {
		ck_assert(classifies(&e, i, 0));
		ck_assert(classifies(&e, i, 1));
	}
	ck_assert(!classifies(&e, n, 0));
	for (i = 0; i < n; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * An injected command fault at each step of a growth.  One that fails to
 * create and chain the new matcher leaves every rule in the old one, and
 * the insert goes there; one that fails to destroy the old matcher is
 * tried again later.  Every rule classifies, and no device object outlives
 * the matcher.
 */
START_TEST(test_rehash_fails_on_command_fault)
{
	struct mlx5hws_bwc_rule *r[23];
	uint32_t i, step, failed = 0;

	t_log_capture();
	for (step = 1; step <= 16; step++) {
		struct t_bwc_env e;

		env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
		/* 22 rules: size 5; the 23rd grows both directions to 6 */
		for (i = 0; i < 22; i++)
			ck_assert_ptr_nonnull(r[i] = add(&e, i, 0));
		ck_assert_uint_eq(dir_info(&e, 0).size_log, 5);
		sim_inject_cmd_fault(t_nic(NIC), step, 0,
				     MLX5_CMD_STAT_NO_RES_ERR);
		r[22] = add(&e, 22, 0);
		sim_clear_faults(t_nic(NIC));
		ck_assert_ptr_nonnull(r[22]);
		ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
		ck_assert_uint_eq(dir_info(&e, 0).rules, 23);
		ck_assert(classifies(&e, 22, 0));
		if (dir_info(&e, 0).size_log == 5) {
			failed++;
			ck_assert_uint_eq(dir_info(&e, 0).rehashes, 4);
		} else {
			ck_assert_uint_eq(dir_info(&e, 0).size_log, 6);
		}
		for (i = 0; i < 22; i++)
			t_check(classifies(&e, i, 0) && classifies(&e, i, 1),
				"step %u: rule %u lost", step, i);
		for (i = 0; i < 23; i++)
			ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
		ck_assert_uint_eq(t_stats(NIC).stes, 0);
		ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e.bm), 0);
		ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_RTC], 0);
		ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_STE], 0);
		e.bm = mlx5hws_bwc_matcher_create(e.tbl, 0, 1, (uint32_t[128]){ 0 });
		t_bwc_env_close(&e);
	}
	/*
	 * The 8 commands that create and chain the new matcher leave the
	 * old one serving; the one that unlinks the old one is tried again,
	 * and so are the ones that destroy it.
	 */
	ck_assert_uint_eq(failed, 8);
}
END_TEST

/*
 * A rule whose move fails stays in the old matcher, serving; the move goes
 * on without it, counts the failure and retries it.  The insertion that
 * asked for the growth goes to the new matcher.
 */
START_TEST(test_failed_move_rolls_back)
{
	struct mlx5hws_bwc_matcher_info info = {
		.comp_mask = MLX5HWS_BWC_MATCHER_INFO_MOVES,
	};
	struct mlx5hws_bwc_rule *r[64];
	uint32_t n, i;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_NIC_RX);
	t_log_capture();
	for (n = 0; n < 22; n++)
		ck_assert_ptr_nonnull(r[n] = add(&e, n, 0));
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
	/*
	 * The growth's first step moves 8 of the 22 rules (copies are WQEs
	 * 1-8); the 5th copy gets an error CQE
	 */
	sim_inject_wqe_fault(t_nic(NIC), 5, 0, SIM_WQE_FAULT_ERROR_CQE);
	ck_assert_ptr_nonnull(r[22] = add(&e, 22, 0));
	sim_clear_faults(t_nic(NIC));
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(e.bm, &info), 0);
	ck_assert_uint_eq(info.dir[0].size_log, 6);
	ck_assert_uint_eq(info.dir[0].rules, 23);
	/* the queue's error stops the step: the rest wait for the next */
	ck_assert_uint_ge(info.moves_pending, 1);
	ck_assert_uint_ge(info.move_failures, 1);
	ck_assert_uint_eq(info.num_matchers, 2);
	for (i = 0; i <= 22; i++)
		ck_assert(classifies(&e, i, 0));
	/* nothing stays behind in the new matcher */
	ck_assert_uint_eq(t_stats(NIC).stes, 23);
	/* the retry moves it, and the old matcher goes */
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(e.bm, &info), 0);
	ck_assert_uint_eq(info.moves_pending, 0);
	ck_assert_uint_eq(info.num_matchers, 1);
	ck_assert_uint_eq(t_stats(NIC).stes, 23);
	for (i = 0; i <= 22; i++) {
		ck_assert(classifies(&e, i, 0));
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
		ck_assert(!classifies(&e, i, 0));
	}
	t_bwc_env_close(&e);
}
END_TEST

static struct mlx5hws_bwc_matcher_info moves_info(struct t_bwc_env *e)
{
	struct mlx5hws_bwc_matcher_info info = {
		.comp_mask = MLX5HWS_BWC_MATCHER_INFO_MOVES,
	};

	ck_assert_int_eq(mlx5hws_bwc_matcher_query(e->bm, &info), 0);
	return info;
}

/* Every live rule hits from its side, and every deleted one misses. */
static void check_live(struct t_bwc_env *e, struct mlx5hws_bwc_rule **r,
		       uint32_t n, const char *when)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		t_check(classifies(e, i, 0) == !!r[i],
			"%s: rule %u %s", when, i, r[i] ? "missed" : "hit");
}

/*
 * Packets during moves: between every step (each rule operation takes
 * one) every live rule hits and no deleted one does, through growths and
 * shrinks with both matchers chained.
 */
START_TEST(test_packets_during_moves)
{
	static struct mlx5hws_bwc_rule *r[2000];
	uint32_t n, i, stepped = 0, peak = 0;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_NIC_RX);
	for (n = 0; n < 2000; n++) {
		struct mlx5hws_bwc_matcher_info info;

		ck_assert_ptr_nonnull(r[n] = add(&e, n, 0));
		info = moves_info(&e);
		if (info.num_matchers > peak)
			peak = info.num_matchers;
		if (!info.moves_pending && n % 128)
			continue;
		stepped += !!info.moves_pending;
		check_live(&e, r, n + 1, "growing");
	}
	/* every other rule goes, from the old or the new matcher */
	for (i = 1; i < 2000; i += 2) {
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
		r[i] = NULL;
		stepped += !!moves_info(&e).moves_pending;
		if (i % 128 == 1 || moves_info(&e).moves_pending)
			check_live(&e, r, 2000, "deleting");
	}
	/* then the rest, shrinking all the way */
	for (i = 0; i < 2000; i += 2) {
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
		r[i] = NULL;
		if (moves_info(&e).moves_pending)
			check_live(&e, r, 2000, "shrinking");
	}
	ck_assert_uint_eq(peak, 2);
	ck_assert_uint_gt(stepped, 10);
	ck_assert_uint_eq(moves_info(&e).dir[0].size_log, 1);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * A move whose removal of an old STE fails: the rule is in both matchers
 * for a while and hits; its delete takes both copies, so it never hits
 * again, and the move of the others ends.
 */
START_TEST(test_fault_in_move_removal)
{
	struct mlx5hws_bwc_rule *r[23];
	struct mlx5hws_bwc_matcher_info info;
	uint32_t n;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_NIC_RX);
	t_log_capture();
	for (n = 0; n < 22; n++)
		ck_assert_ptr_nonnull(r[n] = add(&e, n, 0));
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
	/*
	 * The growth's first step: the insert's write is WQE 1 after the
	 * step, whose 8 copies (of 22 rules) are WQEs 1-8 and removals 9-16;
	 * the 5th removal fails.
	 */
	sim_inject_wqe_fault(t_nic(NIC), 13, 0, SIM_WQE_FAULT_GTA_FAILED);
	ck_assert_ptr_nonnull(r[22] = add(&e, 22, 0));
	sim_clear_faults(t_nic(NIC));
	info = moves_info(&e);
	ck_assert_uint_eq(info.dir[0].size_log, 6);
	ck_assert_uint_ge(info.move_failures, 1);
	ck_assert_uint_ge(info.moves_pending, 1);
	check_live(&e, r, 23, "after the fault");
	/* every rule with a pending move goes; none of them hits again */
	for (n = 0; n < 23; n++) {
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[n]), 0);
		r[n] = NULL;
		check_live(&e, r, 23, "deleting");
	}
	ck_assert_uint_eq(moves_info(&e).moves_pending, 0);
	ck_assert_uint_eq(moves_info(&e).num_matchers, 1);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * Shrink: one step below a quarter, to the initial size when empty, each
 * direction on its own; and no thrash at a boundary.
 */
START_TEST(test_shrink_and_hysteresis)
{
	struct mlx5hws_bwc_rule *r[300], *tx;
	struct mlx5hws_bwc_dir_info d;
	uint32_t n = 300, i, rehashes, shrinks;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	for (i = 0; i < n; i++)
		ck_assert_ptr_nonnull(r[i] = add(&e, i,
						 MLX5HWS_FLOW_SOURCE_UPLINK));
	tx = add(&e, 1000, MLX5HWS_FLOW_SOURCE_LOCAL_VPORT);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 9);
	/* 300 -> 128: still a quarter of 512 or more; 127 is below */
	while (n > 128)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 9);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	d = dir_info(&e, 0);
	ck_assert_uint_eq(d.size_log, 8);
	ck_assert_uint_eq(d.shrinks, 1);
	rehashes = d.rehashes;
	shrinks = d.shrinks;
	/* insert and delete at the boundary: nothing moves */
	for (i = 0; i < 50; i++) {
		ck_assert_ptr_nonnull(r[n] = add(&e, n,
						 MLX5HWS_FLOW_SOURCE_UPLINK));
		n++;
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	}
	d = dir_info(&e, 0);
	ck_assert_uint_eq(d.size_log, 8);
	ck_assert_uint_eq(d.rehashes, rehashes);
	ck_assert_uint_eq(d.shrinks, shrinks);
	/* and at the growth boundary of size 8: 180 rules grow it */
	while (n < 180) {
		ck_assert_ptr_nonnull(r[n] = add(&e, n,
						 MLX5HWS_FLOW_SOURCE_UPLINK));
		n++;
	}
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 9);
	rehashes = dir_info(&e, 0).rehashes;
	for (i = 0; i < 50; i++) {
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
		ck_assert_ptr_nonnull(r[n] = add(&e, n,
						 MLX5HWS_FLOW_SOURCE_UPLINK));
		n++;
	}
	ck_assert_uint_eq(dir_info(&e, 0).rehashes, rehashes);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 9);
	/* empty RX: back to the initial size; TX untouched */
	while (n)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 1);
	ck_assert_uint_eq(dir_info(&e, 1).size_log, 1);
	ck_assert_uint_eq(dir_info(&e, 1).shrinks, 0);
	ck_assert(classifies(&e, 1000, 1));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(tx), 0);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * Destroy a rule while the device refuses the next command, which is then
 * the shrink's: no move is pending.
 */
static void destroy_refusing(struct t_bwc_env *e, struct mlx5hws_bwc_rule *r)
{
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e->bm), 0);
	sim_inject_cmd_fault(t_nic(NIC), 1, 0, MLX5_CMD_STAT_NO_RES_ERR);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	sim_clear_faults(t_nic(NIC));
}

/*
 * A shrink the device refuses keeps every rule and waits until the count
 * halves; a growth forgets that wait; and emptying a direction goes to the
 * initial size in one shrink however many failed before.
 */
START_TEST(test_failed_shrink)
{
	struct mlx5hws_bwc_rule *r[300];
	struct mlx5hws_bwc_dir_info d;
	uint32_t n = 0, i, shrinks;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	while (n < 300) {
		ck_assert_ptr_nonnull(r[n] = add(&e, n,
						 MLX5HWS_FLOW_SOURCE_UPLINK));
		n++;
	}
	while (n > 128)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	/* 127 < 512 / 4: the shrink is refused */
	destroy_refusing(&e, r[--n]);
	d = dir_info(&e, 0);
	ck_assert_uint_eq(d.size_log, 9);
	ck_assert_uint_eq(d.shrinks, 0);
	for (i = 0; i < n; i++)
		ck_assert(classifies(&e, i, 0));
	/* the next try comes below 127 / 2 */
	while (n > 63)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 9);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 8);

	/* refused again at size 8; then a growth to 9 forgets the wait */
	destroy_refusing(&e, r[--n]);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 8);
	while (n < 180) {
		ck_assert_ptr_nonnull(r[n] = add(&e, n,
						 MLX5HWS_FLOW_SOURCE_UPLINK));
		n++;
	}
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 9);
	while (n > 127)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	ck_assert_uint_eq(dir_info(&e, 0).size_log, 8);

	/* every shrink refused down to one rule; the last goes to size 1 */
	while (n > 1)
		destroy_refusing(&e, r[--n]);
	d = dir_info(&e, 0);
	ck_assert_uint_eq(d.size_log, 8);
	shrinks = d.shrinks;
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
	d = dir_info(&e, 0);
	ck_assert_uint_eq(d.size_log, 1);
	ck_assert_uint_eq(d.shrinks, shrinks + 1);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * Two rules with the same values in a direction would share one STE:
 * the second is refused, as long as the first lives.  One-way rules of
 * different directions do not meet.
 */
START_TEST(test_duplicate_values)
{
	struct mlx5hws_bwc_rule *any, *rx, *tx;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	t_log_capture();
	any = add(&e, 7, MLX5HWS_FLOW_SOURCE_ANY);
	ck_assert_ptr_nonnull(any);
	ck_assert_ptr_null(add(&e, 7, MLX5HWS_FLOW_SOURCE_ANY));
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_ptr_null(add(&e, 7, MLX5HWS_FLOW_SOURCE_UPLINK));
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_uint_eq(dir_info(&e, 0).rules, 1);
	ck_assert_uint_eq(dir_info(&e, 1).rules, 1);
	ck_assert_uint_eq(t_stats(NIC).stes, 2);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(any), 0);
	ck_assert(!classifies(&e, 7, 0));

	rx = add(&e, 7, MLX5HWS_FLOW_SOURCE_UPLINK);
	tx = add(&e, 7, MLX5HWS_FLOW_SOURCE_LOCAL_VPORT);
	ck_assert_ptr_nonnull(rx);
	ck_assert_ptr_nonnull(tx);
	ck_assert_ptr_null(add(&e, 7, MLX5HWS_FLOW_SOURCE_ANY));
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rx), 0);
	ck_assert(!classifies(&e, 7, 0));
	ck_assert(classifies(&e, 7, 1));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(tx), 0);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	t_bwc_env_close(&e);
}
END_TEST

/* Device memory after everything goes: the empty matcher's. */
START_TEST(test_pages_return)
{
	struct mlx5hws_bwc_rule *r[2000];
	uint64_t empty;
	struct t_bwc_env e;
	int i;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	empty = t_stats(NIC).icm_pages;
	for (i = 0; i < 2000; i++)
		t_check(r[i] = add(&e, i, MLX5HWS_FLOW_SOURCE_ANY), "insert");
	ck_assert_uint_gt(t_stats(NIC).icm_pages, empty);
	for (i = 0; i < 2000; i++)
		t_check(!mlx5hws_bwc_rule_destroy(r[i]), "destroy");
	ck_assert_uint_eq(t_stats(NIC).icm_pages, empty);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	t_bwc_env_close(&e);
}
END_TEST

/* New action lists add templates; the matcher is not rebuilt for them. */
START_TEST(test_action_templates)
{
	struct mlx5hws_action *ctr, *tag, *vport;
	struct mlx5hws_bwc_matcher_info info = { 0 };
	struct mlx5hws_rule_action ra[4][3];
	struct mlx5hws_bwc_rule *r[4];
	struct t_param v;
	struct t_bwc_env e;
	int i;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	ctr = mlx5hws_action_create_counter(e.ctx, 2, MLX5HWS_ACTION_FLAG_FDB);
	tag = mlx5hws_action_create_tag(e.ctx, MLX5HWS_ACTION_FLAG_FDB);
	vport = mlx5hws_action_create_dest_vport(e.ctx, 4,
						 MLX5HWS_ACTION_FLAG_FDB);
	memset(ra, 0, sizeof(ra));
	ra[0][0].action = e.drop;
	ra[1][0].action = ctr;
	ra[1][1].action = vport;
	ra[2][0].action = ctr;
	ra[2][1].action = tag;
	ra[2][1].tag.value = 77;
	ra[2][2].action = vport;
	ra[3][0].action = e.drop; /* the first template again */
	for (i = 0; i < 4; i++) {
		static const unsigned int n[4] = { 1, 2, 3, 1 };

		rule_value(&v, i);
		r[i] = mlx5hws_bwc_rule_create(e.bm, v.buf,
					       MLX5HWS_FLOW_SOURCE_UPLINK,
					       ra[i], n[i]);
		ck_assert_ptr_nonnull(r[i]);
	}
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(e.bm, &info), 0);
	ck_assert_uint_eq(info.num_action_templates, 3);
	ck_assert_uint_eq(info.dir[0].rehashes, 2); /* growth only */
	rule_value(&v, 2);
	{
		struct hws_verdict vd = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0,
						   &v);

		ck_assert_int_eq(vd.result, HWS_RESULT_VPORT);
		ck_assert_uint_eq(vd.vport, 4);
		ck_assert_uint_eq(vd.tag, 77);
	}
	/* an update to yet another list adds a template too: a tag alone
	 * leaves the packet to the default
	 */
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r[0], &ra[2][1], 1),
			 0);
	rule_value(&v, 0);
	{
		struct hws_verdict vd = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0,
						   &v);

		ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
		ck_assert_uint_eq(vd.tag, 77);
	}
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(e.bm, &info), 0);
	ck_assert_uint_eq(info.num_action_templates, 4);
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r[0], ra[1], 2), 0);
	ck_assert_uint_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &v).vport, 4);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ctr), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(vport), 0);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * The matcher keeps the set its template resolved last: a rule with other
 * values for the same actions (a tag) gets its own set, one with the first
 * values again shares; an action a cached set uses still goes once no rule
 * uses it, and not while one does.
 */
START_TEST(test_action_set_cache)
{
	static const uint32_t tags[4] = { 1, 2, 1, 3 };
	struct mlx5hws_rule_action ra[2] = { 0 };
	struct mlx5hws_bwc_rule *r[4];
	struct mlx5hws_action *tag;
	struct t_param v;
	struct t_bwc_env e;
	int i;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	tag = mlx5hws_action_create_tag(e.ctx, MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(tag);
	ra[0].action = tag;
	ra[1].action = e.drop;
	for (i = 0; i < 4; i++) {
		ra[0].tag.value = tags[i];
		rule_value(&v, i);
		r[i] = mlx5hws_bwc_rule_create(
			e.bm, v.buf, MLX5HWS_FLOW_SOURCE_UPLINK, ra, 2);
		ck_assert_ptr_nonnull(r[i]);
	}
	for (i = 0; i < 4; i++) {
		rule_value(&v, i);
		ck_assert_uint_eq(
			t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &v).tag,
			tags[i]);
	}
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	t_log_capture();
	ck_assert_int_eq(mlx5hws_action_destroy(tag), EBUSY);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[3]), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(tag), 0);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * Rules live in slabs of 64 KiB chunks: over three chunks' worth, half of
 * them freed and their slots taken again, every rule still classifies after
 * the growths that walked them in memory order, and once every rule is gone
 * the heap is back to what it was but for the one chunk a slab keeps.
 */
START_TEST(test_rule_slabs)
{
	struct mlx5hws_context_stats before = { 0 }, after = { 0 };
	static struct mlx5hws_bwc_rule *r[3000];
	struct t_bwc_env e;
	uint32_t i;

	env_open(&e, "", MLX5HWS_TABLE_TYPE_FDB);
	ck_assert_int_eq(mlx5hws_context_query_stats(e.ctx, &before), 0);
	for (i = 0; i < 2000; i++) {
		r[i] = add(&e, i, MLX5HWS_FLOW_SOURCE_UPLINK);
		ck_assert_ptr_nonnull(r[i]);
	}
	for (i = 1; i < 2000; i += 2)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	for (i = 2000; i < 3000; i++) {
		r[i] = add(&e, i, MLX5HWS_FLOW_SOURCE_UPLINK);
		ck_assert_ptr_nonnull(r[i]);
	}
	for (i = 0; i < 3000; i++)
		ck_assert_int_eq(classifies(&e, i, 0), i >= 2000 || !(i & 1));
	for (i = 0; i < 3000; i++)
		if (i >= 2000 || !(i & 1))
			ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	ck_assert_int_eq(mlx5hws_context_query_stats(e.ctx, &after), 0);
	ck_assert_uint_eq(after.rules, 0);
	ck_assert_uint_le(after.host_bytes, before.host_bytes + 65536 + 4096);
	t_bwc_env_close(&e);
}
END_TEST

START_TEST(test_needs_bwc_context)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	struct mlx5hws_context *ctx = t_ctx_open("sim:nic=" NIC,
							   NULL);
	struct mlx5hws_table *tbl = mlx5hws_table_create(ctx, &ta);
	struct t_param mask = { 0 };

	t_log_capture();
	t_mask(&mask, "outer.ipv4_dst");
	ck_assert_ptr_null(mlx5hws_bwc_matcher_create(tbl, 0, 1, mask.buf));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bwc");
	TCase *tc = tcase_create("bwc");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_growth_per_direction);
	tcase_add_test(tc, test_nic_tables);
	tcase_add_test(tc, test_maxed_out);
	tcase_add_test(tc, test_collision_forces_growth);
	tcase_add_test(tc, test_rehash_fails_on_icm);
	tcase_add_test(tc, test_rehash_fails_on_command_fault);
	tcase_add_test(tc, test_failed_move_rolls_back);
	tcase_add_test(tc, test_packets_during_moves);
	tcase_add_test(tc, test_fault_in_move_removal);
	tcase_add_test(tc, test_shrink_and_hysteresis);
	tcase_add_test(tc, test_failed_shrink);
	tcase_add_test(tc, test_duplicate_values);
	tcase_add_test(tc, test_pages_return);
	tcase_add_test(tc, test_action_templates);
	tcase_add_test(tc, test_action_set_cache);
	tcase_add_test(tc, test_rule_slabs);
	tcase_add_test(tc, test_needs_bwc_context);
	suite_add_tcase(s, tc);
	return t_run(s);
}
