// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* The model-based test's reference: what each packet must hit, and checks. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mbt.h"

static const char *const mbt_fk_name[FK_MAX] = {
	"cmd", "wqe", "wqe-repeat", "cmd+wqe", "sq-recovery",
};

/* Library messages: the latest, for a divergence report. */
char mbt_log_last[512];
uint64_t mbt_log_count;

void mbt_log(enum mlx5hws_log_level level, const char *msg, void *arg)
{
	snprintf(mbt_log_last, sizeof(mbt_log_last), "%s", msg);
	mbt_log_count++;
}

void mbt_fault_text(const struct mbt_fault *f, char *buf, size_t len)
{
	int n = 0;

	if (!f->armed) {
		snprintf(buf, len, "no faults");
		return;
	}
	n = snprintf(buf, len, "faults %s:", mbt_fk_name[f->kind]);
	if (f->cmd_nth)
		n += snprintf(buf + n, len - n,
			      " command %u (opcode 0x%x) status 0x%x x%u",
			      f->cmd_nth, f->cmd_opcode, f->cmd_status,
			      f->cmd_count ? f->cmd_count : 1);
	if (f->wqe_nth)
		snprintf(buf + n, len - n, " WQE %u every %u %s", f->wqe_nth,
			 f->wqe_every,
			 f->wqe == SIM_WQE_FAULT_ERROR_CQE ? "error-CQE" :
							     "full-row");
}

/* A divergence: the seed, the operation, what differed, and the history. */
__attribute__((format(printf, 2, 3), noreturn)) void
mbt_diverge(struct mbt *t, const char *fmt, ...)
{
	char what[512], faults[160];
	va_list ap;
	int i;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	mbt_fault_text(&t->op.fault, faults, sizeof(faults));
	fprintf(stderr,
		"test_mbt: divergence, seed %llu (replay: HWS_MBT_SEED=%llu HWS_MBT_OPS=%llu)\n",
		(unsigned long long)t->seed, (unsigned long long)t->seed,
		(unsigned long long)t->op.index + 1);
	fprintf(stderr, "  the operations before:\n");
	for (i = 0; i < HISTORY; i++) {
		const char *h = t->history[(t->op.index + 1 + i) % HISTORY];

		if (*h)
			fprintf(stderr, "    %s\n", h);
	}
	fprintf(stderr,
		"  last faulted op on queue 0: %s\n  last faulted op on queue 1: %s\n  last faulted matcher op: %s\n",
		t->last_fault[0], t->last_fault[1], t->last_fault[2]);
	for (i = 0; t->bad_key >= 0 && i < MATCHERS; i++)
		fprintf(stderr,
			"  key %d in matcher %d: last op #%lld, last failed op #%lld\n",
			t->bad_key, i, (long long)t->last_op[i][t->bad_key] - 1,
			(long long)t->last_failed[i][t->bad_key] - 1);
	fprintf(stderr, "  %s\n  last library message: %s\n", t->epoch_text,
		mbt_log_last);
	ck_abort_msg("seed %llu op %llu: %s; %s: %s",
		     (unsigned long long)t->seed,
		     (unsigned long long)t->op.index, t->op.text, faults, what);
}

/* Actions and what they do to a packet */

unsigned int mbt_fill_actions(const struct mbt *t, unsigned int key,
			      const struct mbt_actions *a,
			      struct mlx5hws_rule_action ra[3])
{
	unsigned int n = 0;

	memset(ra, 0, 3 * sizeof(*ra));
	if (a->list == L_DROP) {
		ra[n++].action = t->drop;
		return n;
	}
	if (a->list != L_VPORT) {
		ra[n].action = t->ctr;
		ra[n++].counter.offset = key % (1u << CTR_LOG);
	}
	if (a->list == L_CTR_TAG_VPORT) {
		ra[n].action = t->tag;
		ra[n++].tag.value = a->tag;
	}
	ra[n++].action = t->vport[a->list - L_VPORT];
	return n;
}

/* Vport lists send to vports 1, 2 and 3; FDB TX has no flow tag. */
static bool mbt_verdict_is(const struct hws_verdict *v,
			   const struct mbt_actions *a, unsigned int side)
{
	bool tag = a->list == L_CTR_TAG_VPORT && side == HWS_SIDE_RX;

	if (a->list == L_DROP)
		return v->result == HWS_RESULT_DROP && !v->has_tag;
	return v->result == HWS_RESULT_VPORT && v->vport == a->list &&
	       !!v->has_tag == tag && (!tag || v->tag == a->tag);
}

int mbt_actions_text(const struct mbt_actions *a, char *buf, size_t len)
{
	static const char *const names[L_MAX] = { "drop", "vport 1",
						  "counter, vport 2",
						  "counter, tag, vport 3" };

	if (a->list == L_CTR_TAG_VPORT)
		return snprintf(buf, len, "%s (tag 0x%x)", names[a->list],
				a->tag);
	return snprintf(buf, len, "%s", names[a->list]);
}

/* The reference */

struct mbt_rule *mbt_owner(struct mbt *t, unsigned int m, unsigned int key,
			   unsigned int side, bool placed)
{
	struct mbt_matcher *ms = &t->ms[m];
	int i;

	for (i = 0; i < 2; i++) {
		struct mbt_rule *r = &ms->r[key][i];

		if (r->h && ((placed ? r->placed : r->dirs) & (1u << side)))
			return r;
	}
	return NULL;
}

uint8_t mbt_dirs_of(uint32_t source)
{
	return source == MLX5HWS_FLOW_SOURCE_UPLINK	 ? 1 :
	       source == MLX5HWS_FLOW_SOURCE_LOCAL_VPORT ? 2 :
							   3;
}

const char *mbt_source_name(uint32_t source)
{
	return source == MLX5HWS_FLOW_SOURCE_UPLINK	 ? "uplink" :
	       source == MLX5HWS_FLOW_SOURCE_LOCAL_VPORT ? "local-vport" :
							   "any";
}

void mbt_count(struct mbt_matcher *ms, uint8_t dirs, int delta)
{
	int d;

	for (d = 0; d < 2; d++)
		if (dirs & (1u << d))
			ms->rules[d] += delta;
}

/*
 * Does the verdict of key's packet from side agree with the reference?
 * Matchers in priority order: the first with a rule placed in that
 * direction decides.  On disagreement, want describes the reference.
 */
static bool mbt_expect(struct mbt *t, unsigned int key, unsigned int side,
		       const struct hws_verdict *v, char *want, size_t len)
{
	unsigned int m;
	int i;

	for (m = 0; m < MATCHERS; m++) {
		const struct mbt_rule *r = mbt_owner(t, m, key, side, true);
		const struct mbt_limbo *l = &t->limbo[m][key];
		int n;

		if (l->dirs & (1u << side) && mbt_verdict_is(v, &l->act, side))
			return true;
		if (!r)
			continue;
		for (i = 0; i < r->nvar; i++)
			if (mbt_verdict_is(v, &r->var[i], side))
				return true;
		n = snprintf(want, len, "matcher %u's rule: ", m);
		for (i = 0; i < r->nvar; i++) {
			if (i)
				n += snprintf(want + n, len - n, " or ");
			n += mbt_actions_text(&r->var[i], want + n, len - n);
		}
		return false;
	}
	snprintf(want, len, "a miss (no rule holds key %u in %s)", key,
		 side ? "TX" : "RX");
	return v->result == HWS_RESULT_MISS && !v->has_tag;
}

void mbt_check_key(struct mbt *t, unsigned int key)
{
	unsigned int side;

	for (side = 0; side < 2; side++) {
		struct hws_packet pkt = { .side = side,
					  .vport = 1,
					  .bytes = 64 };
		struct hws_verdict v;
		char want[256];
		int err;

		memcpy(pkt.match, t->packet[key].buf, sizeof(pkt.match));
		t->bad_key = key;
		err = sim_classify(t->nic, t->ft_id, &pkt, &v);
		if (err)
			mbt_diverge(t, "classify: %s", strerror(err));
		t->st.classified++;
		if (!mbt_expect(t, key, side, &v, want, sizeof(want)))
			mbt_diverge(
				t,
				"key %u from %s: result %d vport %u tag %s0x%x, want %s",
				key, side ? "TX" : "RX", v.result, v.vport,
				v.has_tag ? "" : "(none) ", v.tag, want);
	}
	t->bad_key = -1;
}

void mbt_check_counts(struct mbt *t, unsigned int m)
{
	struct mbt_matcher *ms = &t->ms[m];
	struct mlx5hws_bwc_matcher_info info = { 0 };
	int err, d;

	if (!ms->bm)
		return;
	err = mlx5hws_bwc_matcher_query(ms->bm, &info);
	if (err)
		mbt_diverge(t, "matcher %u query: %s", m, strerror(err));
	for (d = 0; d < 2; d++)
		if (info.dir[d].rules != ms->rules[d])
			mbt_diverge(
				t,
				"matcher %u counts %u rules in %s, the reference %u",
				m, info.dir[d].rules, d ? "TX" : "RX",
				ms->rules[d]);
}

/* Errors the man pages list for each call (those the model can cause). */
static bool mbt_errno_listed(enum mbt_op_kind kind, int err)
{
	switch (kind) {
	case OP_INSERT:
		return err == ENOSPC || err == EIO || err == EREMOTEIO ||
		       err == ETIMEDOUT || err == ENOMEM;
	case OP_UPDATE:
		return err == EIO || err == ETIMEDOUT || err == ENOMEM;
	case OP_DELETE:
		return err == EIO || err == ETIMEDOUT;
	case OP_MATCHER_CREATE:
		return err == EREMOTEIO || err == ENOMEM;
	case OP_MATCHER_DESTROY:
		return err == EBUSY || err == EREMOTEIO || err == ENOMEM;
	default:
		return false;
	}
}

/* An error with no fault armed: only capacity, and ICM under a limit. */
void mbt_check_error(struct mbt *t, int err, const char *call)
{
	const struct mbt_fault *f = &t->op.fault;

	t->op.failed = true;
	if (!mbt_errno_listed(t->op.kind, err))
		mbt_diverge(
			t,
			"%s failed with %s, which its man page does not list",
			call, strerror(err));
	if (err == EIO && !f->wqe_nth)
		mbt_diverge(
			t,
			"%s failed with EIO, but no WQE fault was armed (a queue left in error by an earlier fault?)",
			call);
	if (!f->armed && !(err == ENOSPC && t->op.kind == OP_INSERT) &&
	    !(t->sw.icm_max && err == EREMOTEIO))
		mbt_diverge(t, "%s failed with %s, but no fault was armed%s",
			    call, strerror(err),
			    t->sw.icm_max ? "" : " and ICM is not limited");
}

void mbt_levels(struct mbt *t, uint64_t *icm, uint32_t *objects)
{
	struct hws_dev_usage usage;
	struct sim_stats s;
	int err = hws_dev_query_usage(t->ctx->dev, &usage);

	if (err)
		mbt_diverge(t, "query_usage: %s", strerror(err));
	sim_nic_stats(t->nic, &s);
	if (usage.icm_pages != s.icm_pages)
		mbt_diverge(
			t,
			"query_usage gives %llu ICM pages, the model's statistics %llu",
			(unsigned long long)usage.icm_pages,
			(unsigned long long)s.icm_pages);
	*icm = usage.icm_pages;
	memcpy(objects, s.objects, sizeof(s.objects));
}

/*
 * Every key, both sides; what failed inserts left must be gone now, unless
 * the library has had no rule call on their matcher to retry it since.
 */
void mbt_sweep(struct mbt *t)
{
	unsigned int m;
	uint32_t k;

	snprintf(
		t->op.text, sizeof(t->op.text),
		"the sweep of every key after op %llu (an STE a failed insert left must be gone by now)",
		(unsigned long long)t->op.index);
	memset(&t->op.fault, 0, sizeof(t->op.fault));
	for (m = 0; m < MATCHERS; m++)
		if (!t->ms[m].orphans)
			memset(t->limbo[m], 0, sizeof(t->limbo[m]));
	for (k = 0; k < t->sw.keys; k++)
		mbt_check_key(t, k);
	t->st.sweeps++;
}
