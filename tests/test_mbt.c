// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model-based test: random BWC operations (insert, delete, action
 * update, rule and matcher queries, matcher create and destroy) over three
 * matchers of one FDB table and two BWC queues, checked against a reference
 * (mbt_ref.c) of which rules exist and what each packet must hit.
 *
 * The library's reported outcome decides the reference: an insert that
 * returned a rule must classify; one that failed must not (a phantom), or,
 * if faults were armed, not after the next sweep that follows a rule create
 * or destroy on its matcher without faults (the library may only be able
 * to take its STE back on a later call, once the faults are gone); a
 * delete that returned 0 must not classify; a failed delete leaves the
 * rule, in the directions its query still names; a failed update leaves
 * the old actions, or (state FAILED) the old or the new per direction.
 * Errors must be among those the man pages list, and without an injected
 * fault only capacity errors may occur.
 *
 * Faults: about 1% of operations arm a command fault, a WQE fault (a full
 * row or an error CQE), a repeating WQE fault, both at once, or an error
 * CQE with MODIFY_SQ refused in the recovery (once, or more often than the
 * library retries).  Epochs of EPOCH_OPS operations each draw their own
 * key count, ICM limit (icm_pages_max), subset of fault kinds, and whether
 * duplicates are inserted (swarm testing, so that one defect does not hide
 * the others), and end with every object destroyed: the device's objects
 * and ICM pages must be back at their level before the matchers, and
 * nothing is reaped at close.
 *
 * After every operation the touched key and a few random ones classify as
 * the reference says, and the touched matcher counts its rules; every
 * SWEEP_OPS operations every key is checked.  Packets carry the values of
 * all three matchers, so priorities decide among them.
 *
 * HWS_MBT_SEED replays a seed, HWS_MBT_OPS sets the operation count
 * (default 1M), HWS_MBT_TRACE=1 prints every operation.  A divergence
 * names the seed, the operation's index, the operation with its faults,
 * and what differed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mbt.h"

static const char *const mbt_op_name[OP_MAX] = {
	"insert",	 "delete",	   "update",	      "query-rule",
	"query-matcher", "matcher-create", "matcher-destroy",
};

/* an IPv4 address needs the IP version in the mask */
static const char *const mbt_fields[MATCHERS][3] = {
	{ "outer.ipv4_dst", "outer.udp_dport", "outer.ip_version" },
	{ "meta.reg_c0", NULL },
	{ "outer.smac", NULL },
};

static uint64_t mbt_rnd(struct mbt *t)
{
	t->rng ^= t->rng >> 12;
	t->rng ^= t->rng << 25;
	t->rng ^= t->rng >> 27;
	return t->rng * 0x2545f4914f6cdd1dull;
}

static uint32_t mbt_below(struct mbt *t, uint32_t n)
{
	return mbt_rnd(t) % n;
}

/* The helper thread, so that inserts use both BWC queues. */

static void *mbt_helper_main(void *arg)
{
	struct mbt_helper *h = arg;

	pthread_mutex_lock(&h->lock);
	for (;;) {
		while (!h->busy && !h->quit)
			pthread_cond_wait(&h->cond, &h->lock);
		if (h->quit)
			break;
		pthread_mutex_unlock(&h->lock);
		h->fn(h->arg);
		pthread_mutex_lock(&h->lock);
		h->busy = false;
		pthread_cond_broadcast(&h->cond);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static void mbt_on_thread(struct mbt *t, unsigned int thread,
			  void (*fn)(void *arg), void *arg)
{
	struct mbt_helper *h = &t->helper;

	if (!thread) {
		fn(arg);
		return;
	}
	pthread_mutex_lock(&h->lock);
	h->fn = fn;
	h->arg = arg;
	h->busy = true;
	pthread_cond_broadcast(&h->cond);
	while (h->busy)
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
}

struct mbt_insert_call {
	struct mlx5hws_bwc_matcher *bm;
	const uint32_t *value;
	uint32_t source;
	struct mlx5hws_rule_action ra[3];
	unsigned int n;
	struct mlx5hws_bwc_rule *rule;
	int err;
};

static void mbt_insert_fn(void *arg)
{
	struct mbt_insert_call *c = arg;

	errno = 0;
	c->rule = mlx5hws_bwc_rule_create(c->bm, c->value, c->source, c->ra,
					  c->n);
	c->err = c->rule ? 0 : errno;
}

/* Operations */

static void mbt_insert(struct mbt *t)
{
	struct mbt_op *o = &t->op;
	struct mbt_matcher *ms = &t->ms[o->m];
	uint8_t dirs = mbt_dirs_of(o->source);
	struct mbt_insert_call c = {
		.bm = ms->bm,
		.value = t->value[o->m][o->key].buf,
		.source = o->source,
	};
	struct mbt_rule *held = NULL, *r;
	/* what a failed insert left, which the library may still hold */
	bool pending = t->limbo[o->m][o->key].dirs & dirs;
	int d, i;

	for (d = 0; d < 2 && !held; d++)
		if (dirs & (1u << d))
			held = mbt_owner(t, o->m, o->key, d, false);
	c.n = mbt_fill_actions(t, o->key, &o->act, c.ra);
	mbt_on_thread(t, o->thread, mbt_insert_fn, &c);
	if (held) {
		t->st.dups++;
		if (c.rule)
			mbt_diverge(
				t,
				"a rule with the values of a live one (directions %u) was inserted",
				held->dirs);
		/* a lingering STE in its other direction may answer first */
		if (c.err != EEXIST && !(c.err == EAGAIN && pending))
			mbt_diverge(
				t,
				"a duplicate of a live rule (directions %u) failed with %s, want EEXIST",
				held->dirs, strerror(c.err));
		return;
	}
	if (!c.rule) {
		t->st.insert_fail++;
		if (c.err == EAGAIN) {
			if (!pending)
				mbt_diverge(
					t,
					"EAGAIN, but no failed insert of these values left an STE in directions %u",
					dirs);
			return;
		}
		if (o->fault.armed && c.err != EEXIST) {
			t->limbo[o->m][o->key] =
				(struct mbt_limbo){ .dirs = dirs,
						    .act = o->act };
			ms->orphans = true;
		}
		if (c.err == EEXIST)
			mbt_diverge(
				t,
				"EEXIST, but no rule the caller holds has these values in directions %u (a phantom?)",
				dirs);
		mbt_check_error(t, c.err, "insert");
		return;
	}
	for (i = 0; ms->r[o->key][i].h; i++)
		;
	r = &ms->r[o->key][i];
	*r = (struct mbt_rule){ .h = c.rule,
				.dirs = dirs,
				.placed = dirs,
				.nvar = 1,
				.var = { o->act },
				.thread = o->thread };
	mbt_count(ms, dirs, 1);
	t->limbo[o->m][o->key].dirs &= ~dirs;
	t->st.insert_ok++;
}

/* The directions a rule's query says it is written in. */
static uint8_t mbt_query_placed(struct mbt *t, struct mbt_rule *r,
				enum mlx5hws_rule_state *state)
{
	struct mlx5hws_rule_info info = { 0 };
	uint8_t placed = 0;
	int err, d;

	err = mlx5hws_bwc_rule_query(r->h, &info);
	if (err)
		mbt_diverge(t, "rule query: %s", strerror(err));
	for (d = 0; d < 2; d++)
		if (info.rtc_id[d])
			placed |= 1u << d;
	*state = info.state;
	return placed;
}

static void mbt_delete(struct mbt *t, struct mbt_rule *r)
{
	struct mbt_matcher *ms = &t->ms[t->op.m];
	enum mlx5hws_rule_state state;
	uint8_t placed;
	int err = mlx5hws_bwc_rule_destroy(r->h);

	if (!err) {
		mbt_count(ms, r->dirs, -1);
		memset(r, 0, sizeof(*r));
		return;
	}
	t->st.delete_fail++;
	mbt_check_error(t, err, "delete");
	placed = mbt_query_placed(t, r, &state);
	if (placed & ~r->placed)
		mbt_diverge(
			t,
			"after a failed delete the rule's query names directions %u, it was in %u",
			placed, r->placed);
	t->st.half_deleted += placed && placed != r->placed;
	r->placed = placed;
	r->failed = true;
}

static void mbt_update(struct mbt *t, struct mbt_rule *r)
{
	struct mbt_op *o = &t->op;
	struct mlx5hws_rule_action ra[3];
	enum mlx5hws_rule_state state;
	unsigned int n = mbt_fill_actions(t, o->key, &o->act, ra);
	int err = mlx5hws_bwc_rule_action_update(r->h, ra, n);
	uint8_t placed;

	if (!err) {
		r->var[0] = o->act;
		r->nvar = 1;
		return;
	}
	t->st.update_fail++;
	mbt_check_error(t, err, "update");
	placed = mbt_query_placed(t, r, &state);
	if (placed != r->placed)
		mbt_diverge(
			t,
			"after a failed update the rule's query names directions %u, it was in %u",
			placed, r->placed);
	if (state == MLX5HWS_RULE_STATE_FAILED) {
		/* the device took the new actions in some directions */
		r->var[1] = o->act;
		r->nvar = 2;
		r->failed = true;
		t->st.update_mixed++;
	} else if (state != MLX5HWS_RULE_STATE_INSERTED) {
		mbt_diverge(t, "after a failed update the rule is in state %d",
			    state);
	}
}

static void mbt_query_rule(struct mbt *t, struct mbt_rule *r)
{
	enum mlx5hws_rule_state state;
	uint8_t placed = mbt_query_placed(t, r, &state);

	if (placed != r->placed)
		mbt_diverge(t,
			    "the rule's query names directions %u, it is in %u",
			    placed, r->placed);
	if (state != (r->failed ? MLX5HWS_RULE_STATE_FAILED :
				  MLX5HWS_RULE_STATE_INSERTED))
		mbt_diverge(t, "the rule is in state %d, want %s", state,
			    r->failed ? "FAILED" : "INSERTED");
}

static void mbt_matcher_create(struct mbt *t)
{
	struct mbt_matcher *ms = &t->ms[t->op.m];
	unsigned int m = t->op.m;

	errno = 0;
	ms->bm = mlx5hws_bwc_matcher_create(
		t->tbl, m, t_criteria(mbt_fields[m][0]), t->mask[m].buf);
	if (!ms->bm) {
		t->st.create_fail++;
		mbt_check_error(t, errno, "matcher create");
		return;
	}
	ms->mode = MODE_GROW;
	ms->dying = false;
}

static void mbt_tally_sizes(struct mbt *t, struct mbt_matcher *ms)
{
	struct mlx5hws_bwc_matcher_info info = { 0 };

	if (mlx5hws_bwc_matcher_query(ms->bm, &info))
		return;
	t->st.rehashes += info.dir[0].rehashes + info.dir[1].rehashes;
	t->st.shrinks += info.dir[0].shrinks + info.dir[1].shrinks;
}

static void mbt_matcher_destroy(struct mbt *t)
{
	struct mbt_matcher *ms = &t->ms[t->op.m];
	bool empty = !ms->rules[0] && !ms->rules[1];
	int err;

	if (empty && !ms->dying)
		mbt_tally_sizes(t, ms);
	err = mlx5hws_bwc_matcher_destroy(ms->bm);
	if (!empty) {
		t->st.busy++;
		if (err != EBUSY)
			mbt_diverge(
				t,
				"destroying a matcher with %u+%u rules gave %s, want EBUSY",
				ms->rules[0], ms->rules[1], strerror(err));
		return;
	}
	if (!err) {
		/* it took what failed inserts left along */
		ms->bm = NULL;
		ms->dying = false;
		ms->orphans = false;
		return;
	}
	t->st.destroy_fail++;
	mbt_check_error(t, err, "matcher destroy");
	ms->dying = true;
}

/* Choosing and running an operation */

static void mbt_arm(struct mbt *t, struct mbt_fault *f)
{
	static const uint16_t opcodes[] = {
		0,
		MLX5_CMD_OP_CREATE_GENERAL_OBJECT,
		MLX5_CMD_OP_DESTROY_GENERAL_OBJECT,
		MLX5_CMD_OP_CREATE_FLOW_TABLE,
		MLX5_CMD_OP_DESTROY_FLOW_TABLE,
		MLX5_CMD_OP_MODIFY_FLOW_TABLE,
		MLX5_CMD_OP_MODIFY_SQ,
	};
	static const uint8_t statuses[] = {
		MLX5_CMD_STAT_NO_RES_ERR,
		MLX5_CMD_STAT_BAD_PARAM_ERR,
		MLX5_CMD_STAT_INT_ERR,
		MLX5_CMD_STAT_BAD_RES_STATE_ERR,
	};
	unsigned int kinds[FK_MAX], n = 0, k;

	memset(f, 0, sizeof(*f));
	if (!t->sw.fault_kinds || mbt_below(t, 1000) >= FAULT_PER_MILLE)
		return;
	for (k = 0; k < FK_MAX; k++)
		if (t->sw.fault_kinds & (1u << k))
			kinds[n++] = k;
	f->armed = true;
	f->kind = kinds[mbt_below(t, n)];
	if (f->kind == FK_CMD || f->kind == FK_CMD_WQE) {
		f->cmd_nth = 1 + mbt_below(t, 6);
		f->cmd_opcode = opcodes[mbt_below(
			t, sizeof(opcodes) / sizeof(opcodes[0]))];
	}
	if (f->kind != FK_CMD) {
		f->wqe_nth = 1 + mbt_below(t, 4);
		f->wqe = mbt_below(t, 2) ? SIM_WQE_FAULT_ERROR_CQE :
					   SIM_WQE_FAULT_GTA_FAILED;
	}
	if (f->kind == FK_WQE_REPEAT)
		f->wqe_every = 1 + mbt_below(t, 2);
	if (f->kind == FK_SQ_RECOVERY) {
		/* ERR->RST is the first MODIFY_SQ of a recovery, RST->RDY the second */
		f->wqe = SIM_WQE_FAULT_ERROR_CQE;
		f->cmd_opcode = MLX5_CMD_OP_MODIFY_SQ;
		f->cmd_nth = 1 + mbt_below(t, 2);
		/* half of them more refusals than the library retries */
		f->cmd_count = f->wqe_nth % 2 ? 1 : 4;
	}
	if (f->cmd_nth)
		f->cmd_status = statuses[mbt_below(
			t, sizeof(statuses) / sizeof(statuses[0]))];
	t->st.faults[f->kind]++;
}

/* A live rule of matcher m, from a random key on: NULL if it has none. */
static struct mbt_rule *mbt_pick_rule(struct mbt *t, unsigned int m,
				      unsigned int *key)
{
	struct mbt_matcher *ms = &t->ms[m];
	uint32_t start = mbt_below(t, t->sw.keys), i, s0 = mbt_below(t, 2);
	int s;

	if (!ms->rules[0] && !ms->rules[1])
		return NULL;
	for (i = 0; i < t->sw.keys; i++) {
		uint32_t k = (start + i) % t->sw.keys;

		for (s = 0; s < 2; s++) {
			struct mbt_rule *r = &ms->r[k][(s0 + s) % 2];

			if (r->h) {
				*key = k;
				return r;
			}
		}
	}
	return NULL;
}

/*
 * A key free in dirs, or -1.  Epochs with duplicates try a few keys and
 * take the last; the others look harder and give up.
 */
static int mbt_free_key(struct mbt *t, unsigned int m, uint8_t dirs)
{
	unsigned int tries = t->sw.dups ? 3 : 64, i, d, key = 0;

	for (i = 0; i < tries; i++) {
		bool held = false;

		key = mbt_below(t, t->sw.keys);
		for (d = 0; d < 2; d++)
			held |= (dirs & (1u << d)) &&
				mbt_owner(t, m, key, d, false);
		if (!held)
			return key;
	}
	return t->sw.dups ? (int)key : -1;
}

static void mbt_pick_actions(struct mbt *t, struct mbt_actions *a)
{
	a->list = mbt_below(t, L_MAX);
	a->tag = 1 + mbt_below(t, 0xffff);
}

/* Choose the next operation; returns the rule it works on, if any. */
static struct mbt_rule *mbt_choose(struct mbt *t)
{
	/* percent: insert, delete, update, rule query; the rest queries */
	static const unsigned int mix[MODE_MAX][4] = {
		[MODE_GROW] = { 60, 80, 90, 95 },
		[MODE_CHURN] = { 40, 80, 90, 95 },
		[MODE_DRAIN] = { 0, 85, 92, 96 },
	};
	struct mbt_op *o = &t->op;
	struct mbt_matcher *ms;
	struct mbt_rule *r = NULL;
	unsigned int p;

	o->m = mbt_below(t, MATCHERS);
	ms = &t->ms[o->m];
	o->key = 0;
	if (!ms->bm) {
		o->kind = OP_MATCHER_CREATE;
		return NULL;
	}
	if (ms->dying) {
		o->kind = OP_MATCHER_DESTROY;
		return NULL;
	}
	if (!mbt_below(t, 2000))
		ms->mode = mbt_below(t, MODE_MAX);
	if (ms->mode == MODE_DRAIN && !ms->rules[0] && !ms->rules[1]) {
		o->kind = OP_MATCHER_DESTROY;
		return NULL;
	}
	p = mbt_below(t, 100);
	if (p < mix[ms->mode][0]) {
		int key;

		o->source = mbt_below(t, 3);
		key = mbt_free_key(t, o->m, mbt_dirs_of(o->source));
		if (key >= 0) {
			o->kind = OP_INSERT;
			o->key = key;
			o->thread = mbt_below(t, 2);
			mbt_pick_actions(t, &o->act);
			return NULL;
		}
		p = mix[ms->mode][0]; /* full: a delete instead */
	}
	if (p >= mix[ms->mode][3]) {
		o->kind = mbt_below(t, 32) ? OP_QUERY_MATCHER :
					     OP_MATCHER_DESTROY;
		return NULL;
	}
	r = mbt_pick_rule(t, o->m, &o->key);
	if (!r) {
		o->kind = OP_QUERY_MATCHER;
		return NULL;
	}
	o->thread = r->thread;
	if (p < mix[ms->mode][1] || r->failed) {
		o->kind = OP_DELETE;
	} else if (p < mix[ms->mode][2]) {
		o->kind = OP_UPDATE;
		mbt_pick_actions(t, &o->act);
	} else {
		o->kind = OP_QUERY_RULE;
	}
	return r;
}

static void mbt_describe(struct mbt *t, const struct mbt_rule *r)
{
	struct mbt_op *o = &t->op;
	char act[64] = "";
	int n;

	n = snprintf(o->text, sizeof(o->text), "%s matcher %u",
		     mbt_op_name[o->kind], o->m);
	if (o->kind == OP_INSERT || o->kind == OP_UPDATE)
		mbt_actions_text(&o->act, act, sizeof(act));
	if (o->kind == OP_INSERT)
		snprintf(o->text + n, sizeof(o->text) - n,
			 " key %u source %s actions %s queue %u", o->key,
			 mbt_source_name(o->source), act, o->thread);
	else if (r)
		snprintf(
			o->text + n, sizeof(o->text) - n,
			" key %u (rule of directions %u, in %u%s)%s%s queue %u",
			o->key, r->dirs, r->placed, r->failed ? ", failed" : "",
			*act ? " to " : "", act, r->thread);
}

static void mbt_step(struct mbt *t)
{
	struct mbt_op *o = &t->op;
	struct mbt_rule *r = mbt_choose(t);
	struct mbt_fault *f = &o->fault;
	char faults[160];
	unsigned int i, n;

	o->failed = false;
	mbt_describe(t, r);
	mbt_arm(t, f);
	mbt_fault_text(f, faults, sizeof(faults));
	snprintf(t->history[o->index % HISTORY], sizeof(t->history[0]),
		 "#%llu %s; %s", (unsigned long long)o->index, o->text, faults);
	if (t->trace)
		fprintf(stderr, "%s\n", t->history[o->index % HISTORY]);
	if (f->armed && o->kind != OP_QUERY_MATCHER)
		memcpy(t->last_fault[o->kind <= OP_QUERY_RULE ? o->thread : 2],
		       t->history[o->index % HISTORY],
		       sizeof(t->last_fault[0]));
	if (f->cmd_nth)
		sim_inject_cmd_faults(t->nic, f->cmd_nth,
				      f->cmd_count ? f->cmd_count : 1,
				      f->cmd_opcode, f->cmd_status);
	if (f->wqe_nth)
		sim_inject_wqe_fault(t->nic, f->wqe_nth, f->wqe_every, f->wqe);
	t->st.ops[o->kind]++;
	switch (o->kind) {
	case OP_INSERT:
		mbt_insert(t);
		break;
	case OP_DELETE:
		mbt_delete(t, r);
		break;
	case OP_UPDATE:
		mbt_update(t, r);
		break;
	case OP_QUERY_RULE:
		mbt_query_rule(t, r);
		break;
	case OP_MATCHER_CREATE:
		mbt_matcher_create(t);
		break;
	case OP_MATCHER_DESTROY:
		mbt_matcher_destroy(t);
		break;
	default:
		break;
	}
	if (f->armed)
		sim_clear_faults(t->nic);
	/* a rule create or destroy retries the removal of what inserts left */
	else if (o->kind == OP_INSERT || o->kind == OP_DELETE)
		t->ms[o->m].orphans = false;
	if (o->kind <= OP_QUERY_RULE) {
		t->last_op[o->m][o->key] = o->index + 1;
		if (o->failed)
			t->last_failed[o->m][o->key] = o->index + 1;
	}
	mbt_check_counts(t, o->m);
	mbt_check_key(t, o->key);
	n = f->armed ? RANDOM_KEYS_FAULT : RANDOM_KEYS;
	for (i = 0; i < n; i++)
		mbt_check_key(t, mbt_below(t, t->sw.keys));
}

/* Epochs */

static void mbt_open(struct mbt *t)
{
	struct mlx5hws_context_attr attr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.bwc_queues = 2,
		.queue_size = 256,
	};
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	char spec[96] = "sim:nic=" NIC;
	int v;

	if (t->sw.icm_max)
		snprintf(spec, sizeof(spec),
			 "sim:nic=" NIC ",icm_pages_max=%llu",
			 (unsigned long long)t->sw.icm_max);
	t->ctx = mlx5hws_context_open(spec, &attr);
	if (!t->ctx)
		mbt_diverge(t, "context open (%s): %s", spec, strerror(errno));
	t->nic = t_nic(NIC);
	sim_nic_hold(t->nic);
	t->tbl = mlx5hws_table_create(t->ctx, &ta);
	t->drop = mlx5hws_action_create_dest_drop(t->ctx,
						  MLX5HWS_ACTION_FLAG_FDB);
	t->ctr = mlx5hws_action_create_counter(t->ctx, CTR_LOG,
					       MLX5HWS_ACTION_FLAG_FDB);
	t->tag = mlx5hws_action_create_tag(t->ctx, MLX5HWS_ACTION_FLAG_FDB);
	for (v = 0; v < 3; v++)
		t->vport[v] = mlx5hws_action_create_dest_vport(
			t->ctx, v + 1, MLX5HWS_ACTION_FLAG_FDB);
	if (!t->tbl || !t->drop || !t->ctr || !t->tag || !t->vport[0] ||
	    !t->vport[1] || !t->vport[2])
		mbt_diverge(t, "epoch setup (%s): %s", spec, strerror(errno));
	t->ft_id = mlx5hws_table_get_id(t->tbl);
	memset(t->last_op, 0, sizeof(t->last_op));
	memset(t->last_failed, 0, sizeof(t->last_failed));
	memset(t->limbo, 0, sizeof(t->limbo));
	for (v = 0; v < MATCHERS; v++)
		t->ms[v].orphans = false;
	mbt_levels(t, &t->empty_icm, t->empty_objects);
}

/* Destroy everything the epoch made, with no faults: all must go. */
static void mbt_close(struct mbt *t)
{
	uint32_t objects[SIM_OBJ_KIND_MAX];
	struct sim_stats s;
	uint64_t icm;
	unsigned int m, k, i;
	int err, v;

	snprintf(t->op.text, sizeof(t->op.text), "end of epoch %llu",
		 (unsigned long long)t->st.epochs);
	memset(&t->op.fault, 0, sizeof(t->op.fault));
	for (m = 0; m < MATCHERS; m++) {
		struct mbt_matcher *ms = &t->ms[m];

		for (k = 0; k < MAX_KEYS; k++) {
			for (i = 0; i < 2; i++) {
				struct mbt_rule *r = &ms->r[k][i];

				if (!r->h)
					continue;
				err = mlx5hws_bwc_rule_destroy(r->h);
				if (err)
					mbt_diverge(
						t,
						"destroying matcher %u's rule of key %u (directions %u, in %u): %s",
						m, k, r->dirs, r->placed,
						strerror(err));
				memset(r, 0, sizeof(*r));
			}
		}
		ms->rules[0] = ms->rules[1] = 0;
		if (!ms->bm)
			continue;
		mbt_tally_sizes(t, ms);
		err = mlx5hws_bwc_matcher_destroy(ms->bm);
		if (err)
			mbt_diverge(t, "destroying matcher %u: %s", m,
				    strerror(err));
		ms->bm = NULL;
	}
	sim_nic_stats(t->nic, &s);
	if (s.stes)
		mbt_diverge(t, "%llu STEs left with no rule",
			    (unsigned long long)s.stes);
	mbt_levels(t, &icm, objects);
	for (k = 0; k < SIM_OBJ_KIND_MAX; k++)
		if (objects[k] != t->empty_objects[k])
			mbt_diverge(
				t,
				"%u %s objects with no matcher, %u before the first",
				objects[k], sim_obj_kind_name(k),
				t->empty_objects[k]);
	if (icm != t->empty_icm)
		mbt_diverge(
			t,
			"%llu ICM pages with no matcher, %llu before the first",
			(unsigned long long)icm,
			(unsigned long long)t->empty_icm);
	for (v = 0; v < 3; v++)
		mlx5hws_action_destroy(t->vport[v]);
	mlx5hws_action_destroy(t->drop);
	mlx5hws_action_destroy(t->ctr);
	mlx5hws_action_destroy(t->tag);
	err = mlx5hws_table_destroy(t->tbl);
	if (!err)
		err = mlx5hws_context_close(t->ctx);
	if (err)
		mbt_diverge(t, "table destroy or context close: %s",
			    strerror(err));
	sim_nic_stats(t->nic, &s);
	sim_nic_put(t->nic);
	if (s.objects_reaped || s.icm_pages || s.uids_open)
		mbt_diverge(
			t,
			"after close: %llu objects reaped, %llu ICM pages, %llu contexts open",
			(unsigned long long)s.objects_reaped,
			(unsigned long long)s.icm_pages,
			(unsigned long long)s.uids_open);
}

static void mbt_draw_swarm(struct mbt *t)
{
	static const uint32_t keys[] = { 64, 256, 1024 };

	t->sw.keys = keys[mbt_below(t, 3)];
	t->sw.fault_kinds = mbt_below(t, 1u << FK_MAX);
	t->sw.dups = mbt_below(t, 2);
	/* a third of the epochs get a tight ICM limit */
	t->sw.icm_max = 0;
	if (!mbt_below(t, 3)) {
		t->sw.icm_max = t->base_icm + 16 + mbt_below(t, 2048);
		t->st.icm_epochs++;
	}
}

/* The device memory of a context with its table and actions: the base. */
static void mbt_calibrate(struct mbt *t)
{
	t->sw.icm_max = 0;
	snprintf(t->op.text, sizeof(t->op.text), "calibration");
	mbt_open(t);
	t->base_icm = t->empty_icm;
	mbt_close(t);
}

static uint64_t mbt_env(const char *name, uint64_t dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : dflt;
}

static void mbt_values(struct mbt *t)
{
	unsigned int m, k, f;

	for (m = 0; m < MATCHERS; m++)
		for (f = 0; f < 3 && mbt_fields[m][f]; f++)
			t_mask(&t->mask[m], mbt_fields[m][f]);
	for (k = 0; k < MAX_KEYS; k++) {
		struct t_param *p = &t->packet[k];

		/* 0 is no value: keys start at 1 */
		t_set(&t->value[0][k], "outer.ipv4_dst", 0x0a000000 + k + 1);
		t_set(&t->value[0][k], "outer.udp_dport", 4789 + k % 3);
		t_set(&t->value[0][k], "outer.ip_version", 4);
		t_set(&t->value[1][k], "meta.reg_c0", k + 1);
		t_set(&t->value[2][k], "outer.smac", 0x020000000000ull + k + 1);
		t_set(p, "outer.ipv4_dst", 0x0a000000 + k + 1);
		t_set(p, "outer.udp_dport", 4789 + k % 3);
		t_set(p, "outer.ip_version", 4);
		t_set(p, "meta.reg_c0", k + 1);
		t_set(p, "outer.smac", 0x020000000000ull + k + 1);
	}
}

/*
 * Give each thread its BWC queue: a thread takes one at its first insert,
 * round robin, even one refused for a NULL action.  Main first: queue 0.
 */
static void mbt_bind_queues(struct mbt *t)
{
	struct mbt_insert_call c = { .value = t->value[0][0].buf, .n = 1 };
	unsigned int th;

	snprintf(t->op.text, sizeof(t->op.text), "binding the queues");
	t->op.m = 0;
	t->op.kind = OP_MATCHER_CREATE;
	mbt_matcher_create(t);
	if (!t->ms[0].bm)
		mbt_diverge(t, "matcher create failed");
	c.bm = t->ms[0].bm;
	for (th = 0; th < 2; th++) {
		mbt_on_thread(t, th, mbt_insert_fn, &c);
		if (c.err != EINVAL)
			mbt_diverge(
				t,
				"an insert with a NULL action gave %s, want EINVAL",
				strerror(c.err));
	}
}

static void mbt_run(void)
{
	struct mbt *t = calloc(1, sizeof(*t));
	uint64_t op = 0;
	struct timespec t0, t1;
	unsigned int k;

	ck_assert_ptr_nonnull(t);
	t->seed = mbt_env("HWS_MBT_SEED", 0);
	if (!t->seed)
		t->seed = (uint64_t)time(NULL) << 20 ^ getpid();
	t->nops = mbt_env("HWS_MBT_OPS", 1000000);
	t->trace = mbt_env("HWS_MBT_TRACE", 0);
	t->bad_key = -1;
	t->rng = t->seed * 0x9e3779b97f4a7c15ull | 1;
	fprintf(stderr,
		"test_mbt: seed %llu, %llu operations (replay: HWS_MBT_SEED=%llu HWS_MBT_OPS=%llu)\n",
		(unsigned long long)t->seed, (unsigned long long)t->nops,
		(unsigned long long)t->seed, (unsigned long long)t->nops);
	mlx5hws_set_log_fn(mbt_log, NULL);
	pthread_mutex_init(&t->helper.lock, NULL);
	pthread_cond_init(&t->helper.cond, NULL);
	ck_assert_int_eq(pthread_create(&t->helper.tid, NULL, mbt_helper_main,
					&t->helper),
			 0);
	mbt_values(t);
	mbt_calibrate(t);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (op < t->nops) {
		uint64_t end = op + EPOCH_OPS < t->nops ? op + EPOCH_OPS :
							  t->nops;

		mbt_draw_swarm(t);
		snprintf(
			t->epoch_text, sizeof(t->epoch_text),
			"epoch %llu from op %llu: %u keys, ICM limit %llu pages, fault kinds 0x%x, %sduplicates",
			(unsigned long long)t->st.epochs,
			(unsigned long long)op, t->sw.keys,
			(unsigned long long)t->sw.icm_max, t->sw.fault_kinds,
			t->sw.dups ? "" : "no ");
		if (t->trace)
			fprintf(stderr, "%s\n", t->epoch_text);
		snprintf(t->op.text, sizeof(t->op.text), "start of epoch %llu",
			 (unsigned long long)t->st.epochs);
		memset(&t->op.fault, 0, sizeof(t->op.fault));
		mbt_open(t);
		if (!t->st.epochs)
			mbt_bind_queues(t);
		for (; op < end; op++) {
			t->op.index = op;
			mbt_step(t);
			if (!((op + 1) % SWEEP_OPS))
				mbt_sweep(t);
			for (k = 0; k < MATCHERS; k++)
				if (t->st.peak_rules <
				    t->ms[k].rules[0] + t->ms[k].rules[1])
					t->st.peak_rules = t->ms[k].rules[0] +
							   t->ms[k].rules[1];
		}
		mbt_sweep(t);
		mbt_close(t);
		t->st.epochs++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pthread_mutex_lock(&t->helper.lock);
	t->helper.quit = true;
	pthread_cond_broadcast(&t->helper.cond);
	pthread_mutex_unlock(&t->helper.lock);
	pthread_join(t->helper.tid, NULL);
	mlx5hws_set_log_fn(NULL, NULL);

	fprintf(stderr,
		"test_mbt: seed %llu: %llu operations in %.1f s, %llu epochs (%llu with an ICM limit)\n"
		"  inserts %llu (%llu in, %llu failed, %llu duplicates), deletes %llu (%llu failed, %llu left half removed),\n"
		"  updates %llu (%llu failed, %llu half applied), rule queries %llu, matcher queries %llu,\n"
		"  matcher creates %llu (%llu failed), destroys %llu (%llu failed, %llu refused holding rules)\n"
		"  faults armed: %llu cmd, %llu wqe, %llu wqe-repeat, %llu cmd+wqe, %llu sq-recovery\n"
		"  classifications checked %llu, full sweeps %llu, peak rules in a matcher %llu,\n"
		"  growths %llu, shrinks %llu, library messages %llu\n",
		(unsigned long long)t->seed, (unsigned long long)t->nops,
		(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		(unsigned long long)t->st.epochs,
		(unsigned long long)t->st.icm_epochs,
		(unsigned long long)t->st.ops[OP_INSERT],
		(unsigned long long)t->st.insert_ok,
		(unsigned long long)t->st.insert_fail,
		(unsigned long long)t->st.dups,
		(unsigned long long)t->st.ops[OP_DELETE],
		(unsigned long long)t->st.delete_fail,
		(unsigned long long)t->st.half_deleted,
		(unsigned long long)t->st.ops[OP_UPDATE],
		(unsigned long long)t->st.update_fail,
		(unsigned long long)t->st.update_mixed,
		(unsigned long long)t->st.ops[OP_QUERY_RULE],
		(unsigned long long)t->st.ops[OP_QUERY_MATCHER],
		(unsigned long long)t->st.ops[OP_MATCHER_CREATE],
		(unsigned long long)t->st.create_fail,
		(unsigned long long)t->st.ops[OP_MATCHER_DESTROY],
		(unsigned long long)t->st.destroy_fail,
		(unsigned long long)t->st.busy,
		(unsigned long long)t->st.faults[FK_CMD],
		(unsigned long long)t->st.faults[FK_WQE],
		(unsigned long long)t->st.faults[FK_WQE_REPEAT],
		(unsigned long long)t->st.faults[FK_CMD_WQE],
		(unsigned long long)t->st.faults[FK_SQ_RECOVERY],
		(unsigned long long)t->st.classified,
		(unsigned long long)t->st.sweeps,
		(unsigned long long)t->st.peak_rules,
		(unsigned long long)t->st.rehashes,
		(unsigned long long)t->st.shrinks,
		(unsigned long long)mbt_log_count);
	pthread_cond_destroy(&t->helper.cond);
	pthread_mutex_destroy(&t->helper.lock);
	free(t);
}

START_TEST(test_model_based)
{
	mbt_run();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mbt");
	TCase *tc = tcase_create("mbt");

	/* generous: about 0.1 ms an operation under ASan */
	tcase_set_timeout(tc, 300 + mbt_env("HWS_MBT_OPS", 1000000) / 2000);
	tcase_add_test(tc, test_model_based);
	suite_add_tcase(s, tc);
	return t_run(s);
}
