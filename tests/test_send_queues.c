// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Send queues against a device as strict as the hardware: recovery after an
 * error CQE that the device refuses at first, recreation after an error
 * event (catastrophic SQ, CQ in error), rules whose queue went through an
 * error, teardown that releases everything, and queue setup on NICs whose
 * numbers outgrow the old fields.
 */
#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>

#include "helpers.h"
#include "libhws/prm.h"
#include "libhws/send.h"

#define NIC "sendq"

struct env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *drop;
	struct mlx5hws_bwc_matcher *bm;
};

static void env_open_on(struct env *e, const char *keys)
{
	struct mlx5hws_context_attr attr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.queue_size = 16,
	};
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	struct t_param mask = { 0 };

	char spec[128];

	snprintf(spec, sizeof(spec), "sim:nic=" NIC "%s%s", *keys ? "," : "",
		 keys);
	memset(e, 0, sizeof(*e));
	e->ctx = mlx5hws_context_open(spec, &attr);
	ck_assert_ptr_nonnull(e->ctx);
	e->tbl = mlx5hws_table_create(e->ctx, &ta);
	ck_assert_ptr_nonnull(e->tbl);
	e->drop = mlx5hws_action_create_dest_drop(e->ctx,
						  MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(e->drop);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	e->bm = mlx5hws_bwc_matcher_create(
		e->tbl, 0, t_criteria("outer.ipv4_dst"), mask.buf);
	ck_assert_ptr_nonnull(e->bm);
}

static void env_open(struct env *e)
{
	env_open_on(e, "");
}

/*
 * Every destroy succeeds, and the close leaves nothing on the NIC for the
 * model to reap.
 */
static void env_close(struct env *e)
{
	struct sim_nic *nic = t_nic(NIC);
	struct sim_stats s;

	int err = mlx5hws_bwc_matcher_destroy(e->bm);

	ck_assert_msg(!err, "BWC matcher destroy: %s", strerror(err));
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	sim_nic_hold(nic);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
	sim_nic_stats(nic, &s);
	sim_nic_put(nic);
	ck_assert_uint_eq(s.objects_reaped, 0);
	ck_assert_uint_eq(s.uids_open, 0);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

static void value(struct t_param *p, uint32_t i)
{
	memset(p, 0, sizeof(*p));
	t_set(p, "outer.ipv4_dst", 0x0a000000 + i);
	t_set(p, "outer.ip_version", 4);
}

static struct mlx5hws_bwc_rule *add(struct env *e, uint32_t i)
{
	struct mlx5hws_rule_action ra = { .action = e->drop };
	struct t_param v;

	value(&v, i);
	return mlx5hws_bwc_rule_create(e->bm, v.buf, MLX5HWS_FLOW_SOURCE_UPLINK,
				       &ra, 1);
}

static bool hits(struct env *e, uint32_t i)
{
	struct t_param v;

	value(&v, i);
	return t_classify(NIC, e->tbl, HWS_SIDE_RX, 0, &v).result ==
	       HWS_RESULT_DROP;
}

/*
 * The recovery after an error CQE takes the SQ from error to reset, then
 * to ready.  The operation that met the error may fail; but a refusal of
 * either step (_i = 1, 2) is retried, so the queue goes on working, and
 * every rule and object can be destroyed.
 */
START_TEST(test_modify_sq_refused_once)
{
	struct mlx5hws_bwc_rule *r[3];
	struct env e;
	int i;

	env_open(&e);
	r[0] = add(&e, 0);
	ck_assert_ptr_nonnull(r[0]);
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_ERROR_CQE);
	sim_inject_cmd_fault(t_nic(NIC), _i, MLX5_CMD_OP_MODIFY_SQ,
			     MLX5_CMD_STAT_INT_ERR);
	r[1] = add(&e, 1);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "MODIFY_SQ"));
	/* the fault is spent: the queue works as before */
	r[2] = add(&e, 2);
	ck_assert_msg(r[2], "insert after a refused recovery: %s\n%s",
		      strerror(errno), t_log_text());
	for (i = 0; i < 3; i++)
		ck_assert(hits(&e, i) == !!r[i]);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(r[i] ? mlx5hws_bwc_rule_destroy(r[i]) : 0, 0);
	ck_assert(!hits(&e, 0));
	env_close(&e);
}
END_TEST

/*
 * A device that keeps refusing: the recovery gives up after its bound and
 * says so, the queue stays in error, and each later use tries again: a
 * rule removal refused then succeeds once the device accepts.
 */
START_TEST(test_modify_sq_refused_for_good)
{
	struct mlx5hws_bwc_rule *r;
	struct env e;

	env_open(&e);
	r = add(&e, 0);
	ck_assert_ptr_nonnull(r);
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_ERROR_CQE);
	sim_inject_cmd_faults(t_nic(NIC), 1, 1000, MLX5_CMD_OP_MODIFY_SQ,
			      MLX5_CMD_STAT_INT_ERR);
	ck_assert_ptr_null(add(&e, 1));
	ck_assert_int_eq(errno, EIO);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "refused 3 times"));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), EIO);
	ck_assert(hits(&e, 0));
	sim_clear_faults(t_nic(NIC));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	ck_assert(!hits(&e, 0));
	env_close(&e);
}
END_TEST

/* A queue left in error still closes, and releases everything. */
START_TEST(test_close_in_error)
{
	struct env e;

	env_open(&e);
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_ERROR_CQE);
	sim_inject_cmd_faults(t_nic(NIC), 1, 1000, MLX5_CMD_OP_MODIFY_SQ,
			      MLX5_CMD_STAT_INT_ERR);
	ck_assert_ptr_null(add(&e, 0));
	env_close(&e);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "stays in error"));
}
END_TEST

/*
 * A NIC with many functions numbers its completion EQs past 255: the CQ
 * takes the EQ in its 32-bit c_eqn_or_apu_element, and the queue works.
 */
START_TEST(test_eqn_above_255)
{
	struct mlx5hws_bwc_rule *r;
	struct env e;

	env_open_on(&e, "comp_eqn_base=0x12345");
	r = add(&e, 7);
	ck_assert_ptr_nonnull(r);
	ck_assert(hits(&e, 7));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	env_close(&e);
}
END_TEST

/*
 * The SQs ask for a timestamp format the device offers: free-running, or
 * real time where that is all there is (sq_ts_format = _i).
 */
START_TEST(test_ts_format_offered)
{
	struct mlx5hws_bwc_rule *r;
	char keys[32];
	struct env e;

	snprintf(keys, sizeof(keys), "sq_ts_format=%d", _i);
	env_open_on(&e, keys);
	r = add(&e, 3);
	ck_assert_ptr_nonnull(r);
	ck_assert(hits(&e, 3));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	env_close(&e);
}
END_TEST

/* A template-API matcher on a NIC RX table, two queues. */
struct tenv {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action_template *at;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule_action ra;
};

static void tenv_open(struct tenv *t)
{
	struct mlx5hws_context_attr cattr = { .queues = 2, .queue_size = 16 };
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 1 };
	enum mlx5hws_action_type types[] = { MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_matcher_attr ma = {
		.mode = MLX5HWS_MATCHER_RESOURCE_MODE_RULE,
		.size[0].rule.num_log = 4,
	};
	struct t_param mask = { 0 };

	memset(t, 0, sizeof(*t));
	t->ctx = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(t->ctx);
	t->tbl = mlx5hws_table_create(t->ctx, &ta);
	ck_assert_ptr_nonnull(t->tbl);
	t->ra.action = mlx5hws_action_create_dest_drop(
		t->ctx, MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(t->ra.action);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	t->mt = mlx5hws_match_template_create(t->ctx, mask.buf,
					      sizeof(mask.buf),
					      t_criteria("outer.ipv4_dst"));
	ck_assert_ptr_nonnull(t->mt);
	t->at = mlx5hws_action_template_create(types, 1);
	ck_assert_ptr_nonnull(t->at);
	t->m = mlx5hws_matcher_create(t->tbl, &t->mt, 1, &t->at, 1, &ma);
	ck_assert_ptr_nonnull(t->m);
}

static void tenv_close(struct tenv *t)
{
	ck_assert_int_eq(mlx5hws_matcher_destroy(t->m), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(t->at), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(t->mt), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(t->ra.action), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(t->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(t->ctx), 0);
}

static struct mlx5hws_rule *tenv_rule_on(struct tenv *t, uint16_t queue,
					 uint32_t i, bool burst)
{
	struct mlx5hws_rule_attr rattr = { .queue_id = queue, .burst = burst };
	struct t_param v;

	value(&v, i);
	return mlx5hws_rule_create(t->m, 0, v.buf, 0, &t->ra, &rattr);
}

static struct mlx5hws_rule *tenv_rule(struct tenv *t, uint32_t i, bool burst)
{
	return tenv_rule_on(t, 0, i, burst);
}

static bool tenv_hits(struct tenv *t, uint32_t i)
{
	struct t_param v;

	value(&v, i);
	return t_classify(NIC, t->tbl, HWS_SIDE_RX, 0, &v).result ==
	       HWS_RESULT_DROP;
}

static int tenv_destroy_on(struct mlx5hws_rule *r, uint16_t queue)
{
	struct mlx5hws_rule_attr rattr = { .queue_id = queue };

	return mlx5hws_rule_destroy(r, &rattr);
}

static enum mlx5hws_rule_state rule_state(struct mlx5hws_rule *r)
{
	struct mlx5hws_rule_info info = { 0 };

	ck_assert_int_eq(mlx5hws_rule_query(r, &info), 0);
	return info.state;
}

/*
 * After an error CQE the device flushes the rest coalesced: a WQE that
 * asked for no CQE is covered by the next flush CQE.  Such a WQE never
 * executed, and is reported as failed, not as done.
 */
START_TEST(test_flushed_burst_fails)
{
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule *r[3];
	struct t_param v;
	struct tenv t;
	int i;

	tenv_open(&t);
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_ERROR_CQE);
	for (i = 0; i < 3; i++) {
		r[i] = tenv_rule(&t, i, i < 2);
		ck_assert_ptr_nonnull(r[i]);
	}
	ck_assert_uint_eq(t_drain(t.ctx, 0), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(rule_state(r[i]), MLX5HWS_RULE_STATE_FAILED);
		value(&v, i);
		ck_assert_int_eq(
			t_classify(NIC, t.tbl, HWS_SIDE_RX, 0, &v).result,
			HWS_RESULT_MISS);
	}
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(mlx5hws_rule_destroy(r[i], &rattr), 0);
	ck_assert_uint_eq(t_drain(t.ctx, 0), 0);
	tenv_close(&t);
}
END_TEST

/*
 * The template API: a poll whose recovery the device refuses reports it
 * (EIO) and still hands out the results; the next poll tries again.
 */
START_TEST(test_poll_retries_recovery)
{
	struct mlx5hws_flow_op_result res[4];
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule *bad, *good;
	struct tenv t;
	uint32_t n;

	tenv_open(&t);
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_ERROR_CQE);
	sim_inject_cmd_faults(t_nic(NIC), 1, 3, MLX5_CMD_OP_MODIFY_SQ,
			      MLX5_CMD_STAT_INT_ERR);
	bad = tenv_rule(&t, 1, false);
	ck_assert_ptr_nonnull(bad);
	ck_assert_int_eq(mlx5hws_send_queue_poll(t.ctx, 0, res, 4, &n), EIO);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(res[0].status, MLX5HWS_FLOW_OP_ERROR);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "refused 3 times"));
	/* the device accepts now: the queue works again */
	ck_assert_int_eq(mlx5hws_send_queue_poll(t.ctx, 0, res, 4, &n), 0);
	good = tenv_rule(&t, 2, false);
	ck_assert_ptr_nonnull(good);
	ck_assert_uint_eq(t_drain(t.ctx, 0), 0);
	ck_assert_int_eq(rule_state(good), MLX5HWS_RULE_STATE_INSERTED);
	ck_assert_int_eq(mlx5hws_rule_destroy(bad, &rattr), 0);
	ck_assert_int_eq(mlx5hws_rule_destroy(good, &rattr), 0);
	ck_assert_uint_eq(t_drain(t.ctx, 0), 0);
	tenv_close(&t);
}
END_TEST

/*
 * A catastrophic error of its SQ (_i = 0) or an error of its CQ (_i = 1)
 * stops queue 0 with no CQE, in the middle of a burst: the device wrote two
 * rules' STEs unannounced and never reached the third.  Queue 1 works on meanwhile.  Queue 0's drain fails all
 * three and recreates the queue; the rule inserted before the error still
 * classifies, the failed ones go with their destroy, and queue 0 inserts
 * and deletes again.  Then every object is destroyed.
 */
START_TEST(test_queue_error_recovers)
{
	static const enum sim_wqe_fault faults[] = {
		SIM_WQE_FAULT_CATASTROPHIC,
		SIM_WQE_FAULT_CQ_ERROR,
	};
	struct mlx5hws_rule *r[6];
	struct tenv t;
	int i;

	tenv_open(&t);
	r[0] = tenv_rule(&t, 0, false);
	ck_assert_ptr_nonnull(r[0]);
	ck_assert_uint_eq(t_drain(t.ctx, 0), 0);
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 3, 0, faults[_i]);
	for (i = 1; i <= 3; i++) {
		r[i] = tenv_rule(&t, i, i < 3);
		ck_assert_ptr_nonnull(r[i]);
	}
	r[4] = tenv_rule_on(&t, 1, 4, false);
	ck_assert_ptr_nonnull(r[4]);
	ck_assert_uint_eq(t_drain(t.ctx, 1), 0);
	ck_assert_int_eq(rule_state(r[4]), MLX5HWS_RULE_STATE_INSERTED);
	ck_assert_uint_eq(t_drain(t.ctx, 0), 3);
	ck_assert_msg(strstr(t_log_text(), "raised an error on its CQ or SQ"),
		      "log: %s", t_log_text());
	for (i = 1; i <= 3; i++)
		ck_assert_int_eq(rule_state(r[i]), MLX5HWS_RULE_STATE_FAILED);
	ck_assert(tenv_hits(&t, 0));
	ck_assert(tenv_hits(&t, 4));
	/* the failed rules' destroy takes out what the device wrote */
	for (i = 1; i <= 3; i++)
		ck_assert_int_eq(tenv_destroy_on(r[i], 0), 0);
	ck_assert_uint_eq(t_drain(t.ctx, 0), 0);
	for (i = 1; i <= 3; i++)
		ck_assert(!tenv_hits(&t, i));
	/* the recreated queue inserts and deletes */
	r[5] = tenv_rule(&t, 5, false);
	ck_assert_ptr_nonnull(r[5]);
	ck_assert_uint_eq(t_drain(t.ctx, 0), 0);
	ck_assert_int_eq(rule_state(r[5]), MLX5HWS_RULE_STATE_INSERTED);
	ck_assert(tenv_hits(&t, 5));
	ck_assert(tenv_hits(&t, 0));
	ck_assert_int_eq(tenv_destroy_on(r[5], 0), 0);
	ck_assert_int_eq(tenv_destroy_on(r[0], 0), 0);
	ck_assert_int_eq(tenv_destroy_on(r[4], 1), 0);
	ck_assert_uint_eq(t_drain(t.ctx, 0), 0);
	ck_assert_uint_eq(t_drain(t.ctx, 1), 0);
	for (i = 0; i <= 5; i++)
		ck_assert(!tenv_hits(&t, i));
	tenv_close(&t);
}
END_TEST

/*
 * The device will not create the SQ again: the queue stays failed, with
 * EIO on each use, while queue 1 works and takes the failed rule's
 * destroy.  Once the device accepts, the queue comes back; and a close
 * with the queue still failed releases everything (ASan's leak check).
 */
START_TEST(test_recreate_refused)
{
	struct mlx5hws_flow_op_result res[4];
	struct mlx5hws_rule *bad, *good;
	struct sim_nic *nic;
	struct sim_stats s;
	struct tenv t;
	uint32_t n;
	int err;

	tenv_open(&t);
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_CATASTROPHIC);
	sim_inject_cmd_faults(t_nic(NIC), 1, 1000, MLX5_CMD_OP_CREATE_SQ,
			      MLX5_CMD_STAT_INT_ERR);
	bad = tenv_rule(&t, 1, false);
	ck_assert_ptr_nonnull(bad);
	ck_assert_int_eq(
		mlx5hws_send_queue_action(t.ctx, 0,
					  MLX5HWS_SEND_QUEUE_ACTION_DRAIN_SYNC),
		EIO);
	ck_assert_int_eq(mlx5hws_send_queue_poll(t.ctx, 0, res, 4, &n), EIO);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(res[0].status, MLX5HWS_FLOW_OP_ERROR);
	ck_assert_int_eq(rule_state(bad), MLX5HWS_RULE_STATE_FAILED);
	ck_assert_msg(strstr(t_log_text(), "stays failed") ||
			      strstr(t_log_text(), "fails each use"),
		      "log: %s", t_log_text());
	ck_assert_ptr_null(tenv_rule(&t, 2, false));
	ck_assert_int_eq(errno, EIO);
	ck_assert_int_eq(tenv_destroy_on(bad, 0), EIO);
	ck_assert_int_eq(mlx5hws_send_queue_poll(t.ctx, 0, res, 4, &n), EIO);
	/* queue 1 is another SQ: it works, and takes the failed rule */
	good = tenv_rule_on(&t, 1, 3, false);
	ck_assert_ptr_nonnull(good);
	ck_assert_uint_eq(t_drain(t.ctx, 1), 0);
	ck_assert(tenv_hits(&t, 3));
	ck_assert_int_eq(tenv_destroy_on(bad, 1), 0);
	ck_assert_uint_eq(t_drain(t.ctx, 1), 0);
	ck_assert(!tenv_hits(&t, 1));
	/* the device accepts: queue 0 is back */
	sim_clear_faults(t_nic(NIC));
	ck_assert_int_eq(tenv_destroy_on(good, 0), 0);
	ck_assert_uint_eq(t_drain(t.ctx, 0), 0);
	ck_assert(!tenv_hits(&t, 3));
	/* failed again for good, and closed so */
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_CATASTROPHIC);
	sim_inject_cmd_faults(t_nic(NIC), 1, 1000, MLX5_CMD_OP_CREATE_SQ,
			      MLX5_CMD_STAT_INT_ERR);
	bad = tenv_rule(&t, 4, false);
	ck_assert_ptr_nonnull(bad);
	do
		err = mlx5hws_send_queue_poll(t.ctx, 0, res, 4, &n);
	while (!n && !err);
	ck_assert_int_eq(err, EIO);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(tenv_destroy_on(bad, 1), 0);
	ck_assert_uint_eq(t_drain(t.ctx, 1), 0);
	/* the close leaves nothing on the NIC for the model to reap */
	nic = t_nic(NIC);
	sim_nic_hold(nic);
	tenv_close(&t);
	sim_nic_stats(nic, &s);
	sim_nic_put(nic);
	ck_assert_uint_eq(s.objects_reaped, 0);
	ck_assert_uint_eq(s.uids_open, 0);
	ck_assert_ptr_null(sim_nic_find(NIC));
}
END_TEST

/*
 * BWC: a catastrophic error of the SQ (_i 0, 1) or an error of the CQ
 * (_i 2, 3) during an insert.  The queue is recreated and the insert tried
 * once more: it succeeds, or, when the device stops every WQE (_i odd),
 * fails with EIO and leaves nothing in the device.  The queue then inserts
 * again, and the matcher, table and context are destroyed.
 */
START_TEST(test_bwc_queue_error)
{
	static const enum sim_wqe_fault faults[] = {
		SIM_WQE_FAULT_CATASTROPHIC,
		SIM_WQE_FAULT_CQ_ERROR,
	};
	bool every = _i & 1;
	struct mlx5hws_bwc_rule *r[3];
	struct env e;
	int i;

	env_open(&e);
	r[0] = add(&e, 0);
	ck_assert_ptr_nonnull(r[0]);
	t_log_capture();
	sim_inject_wqe_fault(t_nic(NIC), 1, every, faults[_i / 2]);
	r[1] = add(&e, 1);
	ck_assert_msg((r[1] == NULL) == every, "insert: %s\n%s",
		      strerror(errno), t_log_text());
	if (!r[1])
		ck_assert_msg(errno == EIO, "insert: %s\n%s", strerror(errno),
			      t_log_text());
	sim_clear_faults(t_nic(NIC));
	ck_assert(hits(&e, 0));
	ck_assert(hits(&e, 1) == !!r[1]);
	r[2] = add(&e, 2);
	ck_assert_msg(r[2], "insert after the recovery: %s\n%s",
		      strerror(errno), t_log_text());
	ck_assert(hits(&e, 2));
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(r[i] ? mlx5hws_bwc_rule_destroy(r[i]) : 0, 0);
	for (i = 0; i < 3; i++)
		ck_assert(!hits(&e, i));
	env_close(&e);
}
END_TEST

/*
 * A queue whose SQ or CQ the device would not destroy keeps its rings,
 * which the device may still write: they stay allocated and are counted.
 */
START_TEST(test_refused_teardown_keeps_rings)
{
	static const uint16_t opcodes[] = { MLX5_CMD_OP_DESTROY_SQ,
					    MLX5_CMD_OP_DESTROY_CQ };
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC);
	uint64_t before = hws_send_rings_kept();
	struct hws_mem mem = { 0 };
	struct hws_send_queue q;
	struct hws_obj pd;
	uint8_t *rings;

	ck_assert_int_eq(hws_cmd_alloc_pd(dev, &pd), 0);
	ck_assert_int_eq(hws_send_queue_open(&q, dev, &mem, pd.id, 0, 0, 4), 0);
	rings = q.buf;
	t_log_capture();
	sim_inject_cmd_fault(t_nic(NIC), 1, opcodes[_i], MLX5_CMD_STAT_INT_ERR);
	hws_send_queue_close(&q);
	/* as the device may: a write into the rings, which must still be ours */
	memset(rings, 0xa5, 64);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "stay allocated"));
	ck_assert_uint_gt(hws_send_rings_kept(), before);
	ck_assert_uint_eq(mem.bytes, 0);
	/* the model reaps what the device kept when the context closes */
	hws_dev_close(dev);
	ck_assert_ptr_null(sim_nic_find(NIC));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("send_queues");
	TCase *tc = tcase_create("send_queues");

	tcase_add_loop_test(tc, test_modify_sq_refused_once, 1, 3);
	tcase_add_test(tc, test_modify_sq_refused_for_good);
	tcase_add_test(tc, test_close_in_error);
	tcase_add_test(tc, test_eqn_above_255);
	tcase_add_loop_test(tc, test_ts_format_offered, 0, 3);
	tcase_add_test(tc, test_flushed_burst_fails);
	tcase_add_test(tc, test_poll_retries_recovery);
	tcase_add_loop_test(tc, test_queue_error_recovers, 0, 2);
	tcase_add_test(tc, test_recreate_refused);
	tcase_add_loop_test(tc, test_bwc_queue_error, 0, 4);
	tcase_add_loop_test(tc, test_refused_teardown_keeps_rings, 0, 2);
	suite_add_tcase(s, tc);
	return t_run(s);
}
