// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The BWC matcher's walks over its rules while a move goes on: the index's
 * re-bucketing, a stripe at a time, a queue's scan of its own slab, and
 * the every-lock steps for a queue that went quiet.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "helpers.h"
#include "libhws/bwc.h"

#define NIC "walks"

static void env_open(struct t_bwc_env *e)
{
	t_bwc_env_open(e, NIC, "", MLX5HWS_TABLE_TYPE_NIC_RX, 2);
	t_bwc_env_matcher(e, MLX5HWS_BWC_SIZE_COMPACT);
}

static struct mlx5hws_bwc_rule *add(struct t_bwc_env *e, uint32_t i)
{
	struct mlx5hws_rule_action ra = { .action = e->drop };
	struct t_param v = { 0 };

	t_set(&v, "outer.ipv4_dst", 0x0a000000 + i);
	t_set(&v, "outer.ip_version", 4);
	return mlx5hws_bwc_rule_create(e->bm, v.buf, 0, &ra, 1);
}

static bool classifies(uint32_t i, struct t_bwc_env *e)
{
	struct t_param v = { 0 };

	t_set(&v, "outer.ipv4_dst", 0x0a000000 + i);
	t_set(&v, "outer.ip_version", 4);
	return t_classify(NIC, e->tbl, HWS_SIDE_RX, 1, &v).result ==
	       HWS_RESULT_DROP;
}

/* Stripes the re-bucketing has begun and not finished, and finished. */
static void stripes_begun(const struct hws_bwc_index *ix, unsigned int *part,
			  unsigned int *done)
{
	uint32_t end = (1u << ix->old_size_log) / HWS_BWC_INDEX_STRIPES;
	unsigned int s;

	*part = *done = 0;
	for (s = 0; s < HWS_BWC_INDEX_STRIPES; s++) {
		*part += ix->stripes[s].migrated &&
			 ix->stripes[s].migrated < end;
		*done += ix->stripes[s].migrated == end;
	}
}

/*
 * While the index re-buckets, a tag's lookup finds its rule in the old
 * bucket or in the new one, as its stripe has got: every value already in
 * the matcher is refused with EEXIST, whichever bucket holds it, until the
 * re-bucketing ends; and every rule classifies all along.
 */
START_TEST(test_duplicates_while_rebucketing)
{
	static struct mlx5hws_bwc_rule *r[5000];
	struct hws_bwc_index *ix;
	unsigned int part, done, most_part = 0, tries = 0;
	struct t_bwc_env e;
	uint32_t n, i;

	env_open(&e);
	ix = &e.bm->index;
	/* a growth that re-buckets 2^10 old buckets (at 4096 rules) */
	for (n = 0; n < 5000 && !(ix->old && ix->old_size_log >= 10); n++)
		ck_assert_ptr_nonnull(r[n] = add(&e, n));
	ck_assert_ptr_nonnull(ix->old);
	for (i = 0; ix->stripes_left; i = (i + 97) % n, tries++) {
		stripes_begun(ix, &part, &done);
		if (part > most_part)
			most_part = part;
		errno = 0;
		ck_assert_ptr_null(add(&e, i));
		t_check(errno == EEXIST, "value %u taken again: %s", i,
			strerror(errno));
		t_check(classifies(i, &e), "rule %u missed", i);
	}
	/* the lookups saw stripes half done */
	ck_assert_uint_gt(most_part, 0);
	ck_assert_uint_gt(tries, 4);
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
	ck_assert_uint_eq(hws_bwc_index_count(e.bm), n);
	for (i = 0; i < n; i++) {
		t_check(classifies(i, &e), "rule %u missed", i);
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	}
	t_bwc_env_close(&e);
}
END_TEST

struct seen {
	struct mlx5hws_rule *rule[4096];
	unsigned int n, stop_at;
};

/* Take rules until stop_at of them; the one after waits for the next. */
static bool see(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_rule *rule,
		void *arg)
{
	struct seen *s = arg;

	if (s->n == s->stop_at)
		return false;
	s->rule[s->n++] = rule;
	return true;
}

/* Scan steps of 8 rules until a pass ends; the rules it saw, in order. */
static void scan_pass(struct mlx5hws_bwc_matcher *bm, struct seen *s)
{
	s->n = 0;
	do
		s->stop_at = s->n + 8;
	while (!hws_bwc_slab_scan(bm, 0, 256, see, s));
}

/*
 * A queue's scan goes through its slab in the order of its slots, every
 * rule once a pass, free slots skipped.  When the chunk it stopped in goes
 * (its last rule freed), the scan goes on at the next chunk's first slot,
 * or, past the last chunk, ends the pass.
 */
START_TEST(test_slab_scan_past_freed_chunk)
{
	static struct mlx5hws_rule *r[3 * 1024];
	struct mlx5hws_bwc_matcher *bm;
	static struct seen s;
	uint32_t per, i, n;
	struct t_bwc_env e;

	env_open(&e);
	bm = e.bm;
	per = bm->slabs[0].per_chunk;
	n = 3 * per;
	ck_assert_uint_le(n, HWS_ARRAY_SIZE(r));
	for (i = 0; i < n; i++) {
		r[i] = hws_bwc_slab_alloc(bm, 0);
		ck_assert_ptr_nonnull(r[i]);
		r[i]->bwc = bm;
	}
	/* a free slot is skipped */
	hws_bwc_slab_free(bm, r[5]);
	r[5] = NULL;
	scan_pass(bm, &s);
	ck_assert_uint_eq(s.n, n - 1);
	for (i = 0; i < n - 1; i++)
		ck_assert_ptr_eq(s.rule[i], r[i < 5 ? i : i + 1]);
	/* stop in the middle chunk, then free it all */
	s.n = 0;
	s.stop_at = per + 10;
	ck_assert(!hws_bwc_slab_scan(bm, 0, 2 * per, see, &s));
	ck_assert_ptr_eq(s.rule[s.n - 1], r[per + 10]);
	for (i = per; i < 2 * per; i++) {
		hws_bwc_slab_free(bm, r[i]);
		r[i] = NULL;
	}
	s.n = 0;
	s.stop_at = 1;
	ck_assert(!hws_bwc_slab_scan(bm, 0, 256, see, &s));
	ck_assert_ptr_eq(s.rule[0], r[2 * per]);
	/* stop in the last chunk, then free it all: the pass ends */
	s.n = 0;
	s.stop_at = 20;
	ck_assert(!hws_bwc_slab_scan(bm, 0, 256, see, &s));
	for (i = 2 * per; i < n; i++) {
		hws_bwc_slab_free(bm, r[i]);
		r[i] = NULL;
	}
	s.n = 0;
	s.stop_at = UINT32_MAX;
	ck_assert(hws_bwc_slab_scan(bm, 0, 256, see, &s));
	ck_assert_uint_eq(s.n, 0);
	/* the next pass starts at the first chunk's first rule */
	scan_pass(bm, &s);
	ck_assert_uint_eq(s.n, per - 1);
	ck_assert_ptr_eq(s.rule[0], r[0]);
	for (i = 0; i < per; i++)
		if (r[i])
			hws_bwc_slab_free(bm, r[i]);
	t_bwc_env_close(&e);
}
END_TEST

struct adder {
	struct t_bwc_env *e;
	struct mlx5hws_bwc_rule **r;
	uint32_t first, n;
};

static void *add_then_stop(void *arg)
{
	struct adder *a = arg;
	uint32_t i;

	for (i = a->first; i < a->first + a->n; i++)
		a->r[i] = add(a->e, i);
	return NULL;
}

/*
 * A queue that goes quiet with rules in the old matcher: the queues still
 * working move their own, then, as the quiet one takes no step of its own,
 * move its rules too, in steps under every lock, without a flush.  The
 * growth and the quiet queue's rules come from a thread that stops.
 */
START_TEST(test_quiet_queue_moves)
{
	static struct mlx5hws_bwc_rule *r[5000];
	struct adder a;
	uint32_t n, i, ops = 0;
	uint16_t quiet;
	pthread_t tid;
	struct t_bwc_env e;

	env_open(&e);
	a = (struct adder){ .e = &e, .r = r, .first = 0, .n = 2000 };
	ck_assert_int_eq(pthread_create(&tid, NULL, add_then_stop, &a), 0);
	ck_assert_int_eq(pthread_join(tid, NULL), 0);
	for (i = 0; i < 2000; i++)
		ck_assert_ptr_nonnull(r[i]);
	/* this thread's queue is the other one: a growth, and its move */
	for (n = 2000; n < 5000 && !hws_bwc_moving(e.bm); n++)
		ck_assert_ptr_nonnull(r[n] = add(&e, n));
	ck_assert(hws_bwc_moving(e.bm));
	quiet = ((struct mlx5hws_rule *)r[0])->bwc_queue;
	ck_assert_uint_ne(quiet, ((struct mlx5hws_rule *)r[n - 1])->bwc_queue);
	ck_assert_uint_gt(e.bm->per_queue[quiet].move_pending, 0);
	/* deletes and inserts of this queue's rules, one step each */
	for (; hws_bwc_moving(e.bm); ops++) {
		ck_assert_uint_lt(ops, 20000);
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[n - 1]), 0);
		ck_assert_ptr_nonnull(r[n - 1] = add(&e, n - 1));
	}
	for (i = 0; i < n; i++) {
		t_check(classifies(i, &e), "rule %u missed", i);
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	}
	t_bwc_env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bwc_walks");
	TCase *tc = tcase_create("walks");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_duplicates_while_rebucketing);
	tcase_add_test(tc, test_slab_scan_past_freed_chunk);
	tcase_add_test(tc, test_quiet_queue_moves);
	suite_add_tcase(s, tc);
	return t_run(s);
}
