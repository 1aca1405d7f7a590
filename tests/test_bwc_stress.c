// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Four threads drive about 100k BWC operations across three matchers, once
 * with two BWC queues (two threads on each queue) and once with four, in
 * three phases that the main thread checks in between:
 *
 *  grow:    each thread inserts, destroys, queries, updates and re-inserts
 *           (expecting EEXIST) its own keys, and hands some of its live
 *           rules to the next thread, which queries and destroys them;
 *  delete:  each thread destroys most rules of the next thread's keys, and
 *           every rule of one matcher, so directions fall below a quarter
 *           of their size and shrink, and that matcher empties to its
 *           initial size;
 *  refill:  as grow, with a fourth action list, so the matchers grow again
 *           and a template is added while they do.
 *
 * Rules use four action lists (drop; vport; counter and vport; counter, tag
 * and vport), each first seen by several threads at once.  Every worker
 * queries a matcher now and then, and another thread writes the debug dump
 * in a loop the whole time.  Afterwards every live rule classifies, from
 * its own sides only and with its own actions, no deleted rule does, the
 * matchers count what is live, and nothing is left in the device once
 * everything is destroyed.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

#define THREADS 4
#define MATCHERS 3
#define KEYS_PER_THREAD 12000
#define NKEYS (THREADS * KEYS_PER_THREAD)
#define OPS_GROW 14000
#define OPS_REFILL 5000
/* the matcher whose rules the delete phase takes all */
#define EMPTIED 2
#define CTR_LOG 4
#define CTR_SIZE (1u << CTR_LOG)

enum phase { PH_GROW, PH_DELETE, PH_REFILL, PH_MAX };

enum list {
	L_DROP,
	L_VPORT,
	L_CTR_VPORT,
	L_CTR_TAG_VPORT, /* from the refill phase on */
	L_MAX,
};

struct key_state {
	struct mlx5hws_bwc_rule *rule;
	uint8_t dirs; /* bit 0 RX, bit 1 TX; 0 when not live */
	uint8_t list;
	/* atomic: on its way to, or with, the next thread for destruction */
	uint8_t handed;
};

/* Keys a thread hands to the next one, which destroys their rules. */
struct mailbox {
	pthread_mutex_t lock;
	uint32_t n;
	uint32_t keys[KEYS_PER_THREAD];
};

struct stress {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_bwc_matcher *bm[MATCHERS];
	struct mlx5hws_action *drop, *vport[MATCHERS], *ctr, *tag;
	uint8_t init_log[MATCHERS][2];
	uint8_t used[MATCHERS]; /* atomic: the lists used, a bit each */
	struct key_state keys[NKEYS];
	struct mailbox box[THREADS];
	pthread_barrier_t barrier;
	int stop; /* atomic: the dumper stops */
};

struct counts {
	uint32_t inserts, deletes, handoffs, taken, remote_deletes, queries,
		updates, dups, matcher_queries;
	/*
	 * Matcher queries during a move.  Growths to 2^14 move thousands of
	 * rules, many steps of other threads' operations; only a sample of
	 * them meets a query, so this is a figure, not a check.
	 */
	uint32_t moves_seen;
};

struct worker {
	struct stress *s;
	int id;
	uint32_t rng;
	pthread_t tid;
	struct counts n;
	uint32_t failures;
	char err[256]; /* the first failure */
};

struct dumper {
	struct stress *s;
	pthread_t tid;
	uint32_t dumps, failures;
	char err[256];
};

/* The library's messages: one for each duplicate, and no other. */
struct log_tally {
	uint32_t dups, others;
	char first[256];
};

static void tally(enum mlx5hws_log_level level, const char *msg, void *arg)
{
	struct log_tally *l = arg; /* the library serializes its messages */

	if (strstr(msg, "a rule with these values"))
		l->dups++;
	else if (level <= MLX5HWS_LOG_WARN && !l->others++)
		snprintf(l->first, sizeof(l->first), "%s", msg);
}

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/*
 * Workers record a failure and go on (Check's assertions belong to the
 * main thread); the main thread reports the first at the phase's end.
 */
__attribute__((format(printf, 4, 5))) static void
note_failure(uint32_t *failures, char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!(*failures)++) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
}

#define w_check(w, expr, ...)                                        \
	do {                                                         \
		if (!(expr))                                         \
			note_failure(&(w)->failures, (w)->err,       \
				     sizeof((w)->err), __VA_ARGS__); \
	} while (0)

/* The packet (or rule value) of key k: matcher k % 3 looks at it. */
static void key_value(struct t_param *p, uint32_t k)
{
	uint32_t id = k / MATCHERS + 1; /* never 0: 0 is "absent" */

	memset(p, 0, sizeof(*p));
	switch (k % MATCHERS) {
	case 0:
		t_set(p, "outer.ipv4_dst", 0x0a000000 + id);
		t_set(p, "outer.udp_dport", 1 + id % 60000);
		t_set(p, "outer.ip_version", 4);
		break;
	case 1:
		t_set(p, "meta.reg_c0", id);
		break;
	default:
		t_set(p, "outer.smac", 0x020000000000ull + id);
		break;
	}
}

static uint32_t tag_of(uint32_t k)
{
	return k + 1;
}

static unsigned int fill_actions(const struct stress *s, uint32_t k,
				 unsigned int list,
				 struct mlx5hws_rule_action ra[3])
{
	unsigned int n = 0;

	memset(ra, 0, 3 * sizeof(*ra));
	if (list == L_DROP) {
		ra[n++].action = s->drop;
		return n;
	}
	if (list == L_CTR_VPORT || list == L_CTR_TAG_VPORT) {
		ra[n].action = s->ctr;
		ra[n++].counter.offset = k % CTR_SIZE;
	}
	if (list == L_CTR_TAG_VPORT) {
		ra[n].action = s->tag;
		ra[n++].tag.value = tag_of(k);
	}
	ra[n++].action = s->vport[k % MATCHERS];
	return n;
}

static uint8_t dirs_of(uint32_t source)
{
	return source == MLX5HWS_FLOW_SOURCE_UPLINK	 ? 1 :
	       source == MLX5HWS_FLOW_SOURCE_LOCAL_VPORT ? 2 :
							   3;
}

static void insert(struct worker *w, uint32_t k, unsigned int list)
{
	struct stress *s = w->s;
	struct key_state *ks = &s->keys[k];
	struct mlx5hws_rule_action ra[3];
	uint32_t source = rnd(&w->rng) % 3;
	struct mlx5hws_bwc_rule *rule;
	struct t_param v;
	unsigned int n;

	key_value(&v, k);
	n = fill_actions(s, k, list, ra);
	__atomic_fetch_or(&s->used[k % MATCHERS], 1u << list, __ATOMIC_RELAXED);
	rule = mlx5hws_bwc_rule_create(s->bm[k % MATCHERS], v.buf, source, ra,
				       n);
	w_check(w, rule, "thread %d: key %u list %u: create: %s", w->id, k,
		list, strerror(errno));
	if (!rule)
		return;
	ks->rule = rule;
	ks->dirs = dirs_of(source);
	ks->list = list;
	w->n.inserts++;
}

/* A live rule: inserted, and written to its own directions only. */
static void query_rule(struct worker *w, uint32_t k)
{
	const struct key_state *ks = &w->s->keys[k];
	struct mlx5hws_rule_info info = { 0 };
	int err = mlx5hws_bwc_rule_query(ks->rule, &info), d;

	w_check(w, !err, "thread %d: key %u: rule query: %s", w->id, k,
		strerror(err));
	w_check(w, info.state == MLX5HWS_RULE_STATE_INSERTED,
		"thread %d: key %u: state %d", w->id, k, info.state);
	w_check(w, info.tag_len, "thread %d: key %u: no tag", w->id, k);
	for (d = 0; d < 2; d++)
		w_check(w, !info.rtc_id[d] == !(ks->dirs & (1u << d)),
			"thread %d: key %u dirs %u: rtc %u in direction %d",
			w->id, k, ks->dirs, info.rtc_id[d], d);
	w->n.queries++;
}

static void destroy(struct worker *w, uint32_t k)
{
	struct key_state *ks = &w->s->keys[k];
	int err = mlx5hws_bwc_rule_destroy(ks->rule);

	w_check(w, !err, "thread %d: key %u: destroy: %s", w->id, k,
		strerror(err));
	if (err)
		return;
	ks->rule = NULL;
	ks->dirs = 0;
}

static void update(struct worker *w, uint32_t k, unsigned int lists)
{
	struct stress *s = w->s;
	struct key_state *ks = &s->keys[k];
	unsigned int list = rnd(&w->rng) % lists, n;
	struct mlx5hws_rule_action ra[3];
	int err;

	if (list == ks->list)
		list = (list + 1) % lists;
	n = fill_actions(s, k, list, ra);
	__atomic_fetch_or(&s->used[k % MATCHERS], 1u << list, __ATOMIC_RELAXED);
	err = mlx5hws_bwc_rule_action_update(ks->rule, ra, n);
	w_check(w, !err, "thread %d: key %u: update to list %u: %s", w->id, k,
		list, strerror(err));
	if (err)
		return;
	ks->list = list;
	w->n.updates++;
}

/* The values of a live rule again, from both sides: EEXIST. */
static void duplicate(struct worker *w, uint32_t k)
{
	struct stress *s = w->s;
	const struct key_state *ks = &s->keys[k];
	struct mlx5hws_rule_action ra[3];
	struct mlx5hws_bwc_rule *rule;
	struct t_param v;
	unsigned int n;

	key_value(&v, k);
	n = fill_actions(s, k, ks->list, ra);
	errno = 0;
	rule = mlx5hws_bwc_rule_create(s->bm[k % MATCHERS], v.buf,
				       MLX5HWS_FLOW_SOURCE_ANY, ra, n);
	w_check(w, !rule && errno == EEXIST,
		"thread %d: key %u: a duplicate gave %p, %s", w->id, k, rule,
		strerror(errno));
	if (rule)
		mlx5hws_bwc_rule_destroy(rule);
	w->n.dups++;
}

static void handoff(struct worker *w, uint32_t k)
{
	struct mailbox *box = &w->s->box[(w->id + 1) % THREADS];

	__atomic_store_n(&w->s->keys[k].handed, 1, __ATOMIC_RELAXED);
	pthread_mutex_lock(&box->lock);
	box->keys[box->n++] = k;
	pthread_mutex_unlock(&box->lock);
	w->n.handoffs++;
}

/* Destroy what the previous thread handed over: rules it created. */
static void drain_box(struct worker *w)
{
	struct mailbox *box = &w->s->box[w->id];
	uint32_t batch[64], n, i;

	do {
		pthread_mutex_lock(&box->lock);
		n = box->n < 64 ? box->n : 64;
		box->n -= n;
		memcpy(batch, &box->keys[box->n], n * sizeof(*batch));
		pthread_mutex_unlock(&box->lock);
		for (i = 0; i < n; i++) {
			struct key_state *ks = &w->s->keys[batch[i]];

			query_rule(w, batch[i]);
			destroy(w, batch[i]);
			w->n.taken++;
			__atomic_store_n(&ks->handed, 0, __ATOMIC_RELEASE);
		}
	} while (n);
}

/* A matcher's view while others change it: only bounds hold. */
static void query_matcher(struct worker *w, unsigned int m)
{
	struct mlx5hws_bwc_matcher_info info = {
		.comp_mask = MLX5HWS_BWC_MATCHER_INFO_MOVES,
	};
	int err = mlx5hws_bwc_matcher_query(w->s->bm[m], &info), d;

	w_check(w, !err, "thread %d: matcher %u: query: %s", w->id, m,
		strerror(err));
	/* a move chains the new matcher behind the old one: two at most */
	w_check(w,
		info.num_matchers >= 1 && info.num_matchers <= 2 &&
			(!info.moves_pending || info.num_matchers == 2),
		"thread %d: matcher %u: %u matchers, %u moves pending", w->id,
		m, info.num_matchers, info.moves_pending);
	w->n.moves_seen += info.num_matchers == 2;
	w_check(w, info.num_action_templates <= L_MAX,
		"thread %d: matcher %u: %u action templates", w->id, m,
		info.num_action_templates);
	for (d = 0; d < 2; d++) {
		w_check(w, info.dir[d].rules <= NKEYS / MATCHERS + THREADS,
			"thread %d: matcher %u dir %d: %u rules", w->id, m, d,
			info.dir[d].rules);
		w_check(w,
			info.dir[d].size_log >= 1 && info.dir[d].size_log <= 24,
			"thread %d: matcher %u dir %d: size 2^%u", w->id, m, d,
			info.dir[d].size_log);
	}
	w->n.matcher_queries++;
}

/* Grow or refill: churn on the thread's own keys. */
static void churn(struct worker *w, uint32_t ops, bool refill)
{
	/* percentages for a live key: destroy, hand off, query, update */
	static const unsigned int grow_mix[4] = { 35, 50, 75, 90 };
	static const unsigned int refill_mix[4] = { 10, 15, 50, 80 };
	const unsigned int *mix = refill ? refill_mix : grow_mix;
	unsigned int lists = refill ? L_MAX : L_CTR_TAG_VPORT;
	uint32_t base = w->id * KEYS_PER_THREAD, op;

	for (op = 0; op < ops; op++) {
		uint32_t k = base + rnd(&w->rng) % KEYS_PER_THREAD, r;
		struct key_state *ks = &w->s->keys[k];

		if (!(op % 32))
			drain_box(w);
		if (!(op % 256))
			query_matcher(w, op / 256 % MATCHERS);
		/* the next thread still has it */
		if (__atomic_load_n(&ks->handed, __ATOMIC_ACQUIRE))
			continue;
		if (!ks->dirs) {
			insert(w, k, rnd(&w->rng) % lists);
			continue;
		}
		r = rnd(&w->rng) % 100;
		if (r < mix[0]) {
			destroy(w, k);
			w->n.deletes++;
		} else if (r < mix[1]) {
			handoff(w, k);
		} else if (r < mix[2]) {
			query_rule(w, k);
		} else if (r < mix[3]) {
			update(w, k, lists);
		} else {
			duplicate(w, k);
		}
	}
}

/*
 * Destroy most rules the next thread created, and all of matcher EMPTIED:
 * every thread at once, so the matchers shrink under all of them.
 */
static void delete_next(struct worker *w)
{
	uint32_t base = (w->id + 1) % THREADS * KEYS_PER_THREAD, i;

	for (i = 0; i < KEYS_PER_THREAD; i++) {
		uint32_t k = base + i;

		if (!(i % 256))
			query_matcher(w, i / 256 % MATCHERS);
		if (!w->s->keys[k].dirs)
			continue;
		if (k % MATCHERS != EMPTIED && !(rnd(&w->rng) % 10))
			continue;
		if (!(rnd(&w->rng) % 4))
			query_rule(w, k);
		destroy(w, k);
		w->n.remote_deletes++;
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;
	int ph;

	for (ph = 0; ph < PH_MAX; ph++) {
		if (ph == PH_DELETE)
			delete_next(w);
		else
			churn(w, ph == PH_GROW ? OPS_GROW : OPS_REFILL,
			      ph == PH_REFILL);
		/* nobody hands over any more: empty the mailbox */
		pthread_barrier_wait(&w->s->barrier);
		drain_box(w);
		/* all still: the main thread checks */
		pthread_barrier_wait(&w->s->barrier);
		pthread_barrier_wait(&w->s->barrier);
	}
	return NULL;
}

/* Each dump complete: the context, the table and every matcher. */
static void *dump_loop(void *arg)
{
	struct dumper *d = arg;
	FILE *f = tmpfile();
	struct timespec pause = { .tv_nsec = 200000 };
	char line[512];

	if (!f) {
		note_failure(&d->failures, d->err, sizeof(d->err),
			     "tmpfile: %s", strerror(errno));
		return NULL;
	}
	while (!__atomic_load_n(&d->s->stop, __ATOMIC_ACQUIRE)) {
		unsigned int tables = 0, matchers = 0, ats = 0;
		int err;

		rewind(f);
		if (ftruncate(fileno(f), 0))
			note_failure(&d->failures, d->err, sizeof(d->err),
				     "ftruncate: %s", strerror(errno));
		err = mlx5hws_debug_dump(d->s->ctx, f);
		if (err)
			note_failure(&d->failures, d->err, sizeof(d->err),
				     "dump %u: %s", d->dumps, strerror(err));
		rewind(f);
		while (fgets(line, sizeof(line), f)) {
			tables += !strncmp(line, "4100,", 5);
			matchers += !strncmp(line, "4200,", 5);
			ats += !strncmp(line, "4204,", 5);
		}
		if (tables != 1 || matchers < MATCHERS ||
		    ats > matchers * L_MAX)
			note_failure(
				&d->failures, d->err, sizeof(d->err),
				"dump %u: %u tables, %u matchers, %u templates",
				d->dumps, tables, matchers, ats);
		d->dumps++;
		nanosleep(&pause, NULL);
	}
	fclose(f);
	return NULL;
}

static unsigned int popcount(unsigned int x)
{
	return __builtin_popcount(x);
}

static void worker_errors(const struct worker *w, const char *when)
{
	int t;

	for (t = 0; t < THREADS; t++)
		ck_assert_msg(!w[t].failures,
			      "%s: thread %d: %u failures, first: %s", when, t,
			      w[t].failures, w[t].err);
}

/*
 * With every worker waiting: the matchers count the live rules of each
 * direction, and have a template for each list used.
 */
static void check_counts(struct stress *s, const char *when,
			 struct mlx5hws_bwc_matcher_info info[MATCHERS])
{
	uint32_t live[MATCHERS][2] = { { 0 } }, k;
	int m, d;

	for (k = 0; k < NKEYS; k++) {
		t_check(!s->keys[k].handed, "%s: key %u still handed over",
			when, k);
		for (d = 0; d < 2; d++)
			live[k % MATCHERS][d] +=
				!!(s->keys[k].dirs & (1u << d));
	}
	for (m = 0; m < MATCHERS; m++) {
		memset(&info[m], 0, sizeof(info[m]));
		ck_assert_int_eq(mlx5hws_bwc_matcher_query(s->bm[m], &info[m]),
				 0);
		for (d = 0; d < 2; d++)
			ck_assert_msg(
				info[m].dir[d].rules == live[m][d],
				"%s: matcher %d dir %d counts %u, %u live",
				when, m, d, info[m].dir[d].rules, live[m][d]);
		ck_assert_msg(
			info[m].num_action_templates == popcount(s->used[m]),
			"%s: matcher %d: %u templates for %u lists", when, m,
			info[m].num_action_templates, popcount(s->used[m]));
	}
}

static uint32_t sum(const struct mlx5hws_bwc_matcher_info *info, bool shrinks)
{
	return shrinks ? info->dir[0].shrinks + info->dir[1].shrinks :
			 info->dir[0].rehashes + info->dir[1].rehashes;
}

/* Every key: live ones hit from their sides with their actions. */
static void check_classify(struct stress *s, const char *nic)
{
	uint64_t want_pkts[CTR_SIZE] = { 0 }, pkts, bytes;
	uint32_t k;
	unsigned int i;
	int d;

	for (k = 0; k < NKEYS; k++) {
		const struct key_state *ks = &s->keys[k];
		struct t_param p;

		key_value(&p, k);
		for (d = 0; d < 2; d++) {
			struct hws_verdict v = t_classify(
				nic, s->tbl, d ? HWS_SIDE_TX : HWS_SIDE_RX, 1,
				&p);
			bool live = ks->dirs & (1u << d);

			if (!live) {
				t_check(v.result == HWS_RESULT_MISS,
					"deleted key %u side %d: result %d", k,
					d, v.result);
				continue;
			}
			if (ks->list == L_DROP) {
				t_check(v.result == HWS_RESULT_DROP,
					"key %u side %d: result %d, want drop",
					k, d, v.result);
				continue;
			}
			t_check(v.result == HWS_RESULT_VPORT &&
					v.vport == k % MATCHERS + 1,
				"key %u side %d list %u: result %d vport %u", k,
				d, ks->list, v.result, v.vport);
			/* FDB TX has no flow tag */
			if (ks->list == L_CTR_TAG_VPORT && !d)
				t_check(v.has_tag && v.tag == tag_of(k),
					"key %u side %d: tag %d %u", k, d,
					v.has_tag, v.tag);
			else
				t_check(!v.has_tag, "key %u side %d: tag %u", k,
					d, v.tag);
			if (ks->list == L_CTR_VPORT ||
			    ks->list == L_CTR_TAG_VPORT)
				want_pkts[k % CTR_SIZE]++;
		}
	}
	for (i = 0; i < CTR_SIZE; i++) {
		ck_assert_int_eq(mlx5hws_action_query_counter(s->ctr, i, &pkts,
							      &bytes),
				 0);
		ck_assert_msg(pkts == want_pkts[i],
			      "counter %u: %llu packets, want %llu", i,
			      (unsigned long long)pkts,
			      (unsigned long long)want_pkts[i]);
	}
}

static void stress_run(uint16_t queues)
{
	static const char *const fields[MATCHERS][3] = {
		{ "outer.ipv4_dst", "outer.udp_dport", "outer.ip_version" },
		{ "meta.reg_c0", NULL },
		{ "outer.smac", NULL },
	};
	static const char *const phase_name[PH_MAX] = { "grow", "delete",
							"refill" };
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.bwc_queues = queues,
		.queue_size = 256,
	};
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	struct mlx5hws_bwc_matcher_info info[PH_MAX][MATCHERS];
	struct counts total = { 0 };
	struct worker w[THREADS];
	struct dumper dump = { 0 };
	struct log_tally log = { 0 };
	struct stress *s;
	char nic[32], spec[64];
	uint32_t k;
	int m, t, f, d, ph;

	snprintf(nic, sizeof(nic), "stress%u", queues);
	snprintf(spec, sizeof(spec), "sim:nic=%s", nic);
	s = calloc(1, sizeof(*s));
	ck_assert_ptr_nonnull(s);
	s->ctx = t_ctx_open(spec, &cattr);
	ck_assert_ptr_nonnull(s->ctx);
	s->tbl = mlx5hws_table_create(s->ctx, &ta);
	ck_assert_ptr_nonnull(s->tbl);
	s->drop = mlx5hws_action_create_dest_drop(s->ctx,
						  MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(s->drop);
	s->ctr = mlx5hws_action_create_counter(s->ctx, CTR_LOG,
					       MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(s->ctr);
	s->tag = mlx5hws_action_create_tag(s->ctx, MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(s->tag);
	for (m = 0; m < MATCHERS; m++) {
		struct mlx5hws_bwc_matcher_info mi = { 0 };
		struct t_param mask = { 0 };

		for (f = 0; f < 3 && fields[m][f]; f++)
			t_mask(&mask, fields[m][f]);
		/* the phases' key counts grow and shrink assured's sizes */
		s->bm[m] = mlx5hws_bwc_matcher_create_attr(
			s->tbl,
			&(struct mlx5hws_bwc_matcher_attr){
				.comp_mask =
					MLX5HWS_BWC_MATCHER_ATTR_SIZE_POLICY,
				.priority = m,
				.match_criteria_enable =
					t_criteria(fields[m][0]),
				.mask = mask.buf,
				.size_policy = MLX5HWS_BWC_SIZE_ASSURED,
			});
		ck_assert_ptr_nonnull(s->bm[m]);
		ck_assert_int_eq(mlx5hws_bwc_matcher_query(s->bm[m], &mi), 0);
		for (d = 0; d < 2; d++)
			s->init_log[m][d] = mi.dir[d].size_log;
		s->vport[m] = mlx5hws_action_create_dest_vport(
			s->ctx, m + 1, MLX5HWS_ACTION_FLAG_FDB);
		ck_assert_ptr_nonnull(s->vport[m]);
	}
	for (t = 0; t < THREADS; t++)
		pthread_mutex_init(&s->box[t].lock, NULL);
	ck_assert_int_eq(pthread_barrier_init(&s->barrier, NULL, THREADS + 1),
			 0);

	mlx5hws_set_log_fn(tally, &log);
	dump.s = s;
	ck_assert_int_eq(pthread_create(&dump.tid, NULL, dump_loop, &dump), 0);
	for (t = 0; t < THREADS; t++) {
		w[t] = (struct worker){ .s = s,
					.id = t,
					.rng = 7919 * (t + 1) + queues };
		ck_assert_int_eq(pthread_create(&w[t].tid, NULL, work, &w[t]),
				 0);
	}
	for (ph = 0; ph < PH_MAX; ph++) {
		pthread_barrier_wait(&s->barrier);
		pthread_barrier_wait(&s->barrier);
		worker_errors(w, phase_name[ph]);
		check_counts(s, phase_name[ph], info[ph]);
		pthread_barrier_wait(&s->barrier);
	}
	for (t = 0; t < THREADS; t++)
		pthread_join(w[t].tid, NULL);
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	pthread_join(dump.tid, NULL);
	ck_assert_msg(!dump.failures, "dump: %u failures, first: %s",
		      dump.failures, dump.err);
	ck_assert_uint_gt(dump.dumps, 0);

	for (t = 0; t < THREADS; t++) {
		total.inserts += w[t].n.inserts;
		total.deletes += w[t].n.deletes;
		total.handoffs += w[t].n.handoffs;
		total.taken += w[t].n.taken;
		total.remote_deletes += w[t].n.remote_deletes;
		total.queries += w[t].n.queries;
		total.updates += w[t].n.updates;
		total.dups += w[t].n.dups;
		total.matcher_queries += w[t].n.matcher_queries;
		total.moves_seen += w[t].n.moves_seen;
		/* each thread took rules of another */
		ck_assert_uint_gt(w[t].n.taken, 100);
		ck_assert_uint_gt(w[t].n.remote_deletes, 1000);
	}
	ck_assert_uint_eq(total.taken, total.handoffs);
	mlx5hws_set_log_fn(NULL, NULL);
	ck_assert_msg(!log.others, "%u messages, first: %s", log.others,
		      log.first);
	ck_assert_uint_eq(log.dups, total.dups);

	for (m = 0; m < MATCHERS; m++) {
		const struct mlx5hws_bwc_matcher_info *grow, *del, *refill;

		grow = &info[PH_GROW][m];
		del = &info[PH_DELETE][m];
		refill = &info[PH_REFILL][m];

		/* grown, shrunk while deleting, grown again */
		ck_assert_msg(sum(grow, false) > 0, "matcher %d never grew", m);
		ck_assert_msg(sum(del, true) > sum(grow, true),
			      "matcher %d: no shrink in the delete phase", m);
		ck_assert_msg(sum(refill, false) > sum(del, false),
			      "matcher %d: no growth in the refill phase", m);
		ck_assert_uint_eq(grow->num_action_templates, L_CTR_TAG_VPORT);
		ck_assert_uint_eq(refill->num_action_templates, L_MAX);
		for (d = 0; d < 2; d++) {
			ck_assert_uint_eq(del->dir[d].rules == 0, m == EMPTIED);
			if (m == EMPTIED)
				ck_assert_uint_eq(del->dir[d].size_log,
						  s->init_log[m][d]);
		}
		fprintf(stderr,
			"%u queues, matcher %d: rehashes %u+%u, shrinks %u+%u, "
			"size 2^%u+2^%u after grow, 2^%u+2^%u after delete, "
			"2^%u+2^%u after refill, %u templates\n",
			queues, m, refill->dir[0].rehashes,
			refill->dir[1].rehashes, refill->dir[0].shrinks,
			refill->dir[1].shrinks, grow->dir[0].size_log,
			grow->dir[1].size_log, del->dir[0].size_log,
			del->dir[1].size_log, refill->dir[0].size_log,
			refill->dir[1].size_log, refill->num_action_templates);
	}
	fprintf(stderr,
		"%u queues: %u inserts, %u deletes by the creator, "
		"%u handed over and deleted by the next thread, "
		"%u deleted by the next thread in the delete phase, "
		"%u rule queries, %u updates, %u duplicates, "
		"%u matcher queries (%u during a move), %u dumps\n",
		queues, total.inserts, total.deletes, total.handoffs,
		total.remote_deletes, total.queries, total.updates, total.dups,
		total.matcher_queries, total.moves_seen, dump.dumps);

	check_classify(s, nic);

	for (k = 0; k < NKEYS; k++)
		if (s->keys[k].dirs)
			t_check(!mlx5hws_bwc_rule_destroy(s->keys[k].rule),
				"destroy %u", k);
	for (m = 0; m < MATCHERS; m++) {
		struct mlx5hws_bwc_matcher_info mi = { 0 };

		ck_assert_int_eq(mlx5hws_bwc_matcher_query(s->bm[m], &mi), 0);
		for (d = 0; d < 2; d++) {
			ck_assert_uint_eq(mi.dir[d].rules, 0);
			ck_assert_uint_eq(mi.dir[d].size_log,
					  s->init_log[m][d]);
		}
	}
	ck_assert_uint_eq(t_stats(nic).stes, 0);
	for (m = 0; m < MATCHERS; m++) {
		ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(s->bm[m]), 0);
		ck_assert_int_eq(mlx5hws_action_destroy(s->vport[m]), 0);
	}
	ck_assert_int_eq(mlx5hws_action_destroy(s->drop), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(s->ctr), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(s->tag), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(s->tbl), 0);
	ck_assert_uint_eq(t_stats(nic).stes, 0);
	ck_assert_uint_eq(t_stats(nic).error_cqes, 0);
	ck_assert_uint_eq(t_stats(nic).cq_overruns, 0);
	ck_assert_int_eq(mlx5hws_context_close(s->ctx), 0);
	pthread_barrier_destroy(&s->barrier);
	for (t = 0; t < THREADS; t++)
		pthread_mutex_destroy(&s->box[t].lock);
	free(s);
}

/* Two threads on each queue. */
START_TEST(test_stress_shared_queues)
{
	stress_run(THREADS / 2);
}
END_TEST

/* A queue for each thread. */
START_TEST(test_stress_own_queues)
{
	stress_run(THREADS);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bwc_stress");
	TCase *tc = tcase_create("stress");

	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, test_stress_shared_queues);
	tcase_add_test(tc, test_stress_own_queues);
	suite_add_tcase(s, tc);
	return t_run(s);
}
