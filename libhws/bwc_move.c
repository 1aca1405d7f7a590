// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * BWC sizing and moves: a direction that grows or shrinks gets a matcher of
 * the new sizes, chained right behind the old one, and the old rules move
 * over in bounded steps.
 *
 * Sizing (bwc_size.c) says when a direction grows or shrinks, unless its
 * next size would not fit the device (ste_alloc_log_max).  RX and TX keep
 * their own sizes: a move starts for the directions that are due and keeps
 * the others' sizes.
 *
 * A move: the new matcher has the old one's priority, so the table links it
 * right behind the old one, and a packet that misses the old one is looked
 * up in the new one.  New rules go to the new matcher at once.  A step
 * (at most HWS_BWC_MOVE_CHUNK rules) writes a copy of each old rule into
 * the new matcher, then removes the old copy: a packet finds the rule in
 * one of the two all along.  Every BWC rule operation on the matcher does
 * a step while a move is pending, and mlx5hws_bwc_matcher_flush_moves()
 * does them all.  Once the old matcher holds no rule it is unlinked and
 * destroyed.  Between steps each rule is in exactly one matcher, so a
 * delete removes it from rule->matcher.
 *
 * Locks: a rule changes only under its own queue's lock, so a queue's step
 * moves its own rules, on its own queue, holding that lock alone: queues
 * move in parallel as they insert.  They re-bucket the index in parallel
 * too, each in a stripe of buckets that it locks.  The rules a queue
 * leaves (it stopped, or they would not move) and the end of the move are
 * steps under every queue lock.
 *
 * Passes: the first moves the rules of the main tables, the second those
 * of the collision tables, both in small steps; the passes that retry what
 * would not move come after, in long steps.
 *
 * Failures: a rule whose copy fails stays in the old matcher, serving; the
 * copy is taken out again, the failure counted, and the rule retried on
 * the next pass.  A copy the device would not take back stays marked in
 * rule->moving, and a delete removes it too.  A new matcher that cannot be
 * created leaves every rule where it was.
 *
 * Growth during a move: the move is completed first, in bounded steps,
 * unless it is stuck (below).  With a step of HWS_BWC_MOVE_CHUNK
 * rules per operation, a move from 2^n rows (at most 0.7 * 2^n rules)
 * ends within 0.7 * 2^n / HWS_BWC_MOVE_CHUNK operations, well before the
 * new matcher of 2^(n+1) rows is due by count (0.7 * 2^n more rules); only
 * a collision comes earlier, and it then finishes the move in steps that
 * release the locks between them.  Two matchers, three while a stuck move
 * is passed, keep the table's chain, the ICM peak and the cases a delete
 * must consider bounded.  The chunk is small, so that the operations that
 * carry a step (every one while a move is due) take tens of microseconds,
 * not a millisecond.
 *
 * A stuck move: what it has left fits in no row of the new matcher (keys
 * the hash crowds into rows that doubling does not part).  Finishing it
 * first would refuse every growth, and so every later key of those rows.
 * Instead the growth chains a third matcher behind the two, and the rules
 * of both old ones move into it (bm->stuck, then bm->from): three at most,
 * as a move stuck again with a third in the chain waits for deletions.
 * The growth takes every direction a rule would not move in, and none at
 * the device's limit.  Not when the target holds a copy the device would
 * not take back: the copy would stay behind in a matcher that takes no
 * rule.
 */
#include <errno.h>
#include <string.h>

#include "bwc.h"

/* Matchers */

struct mlx5hws_matcher *hws_bwc_build_matcher(struct mlx5hws_bwc_matcher *bm,
					      const uint8_t size[HWS_DIR_MAX])
{
	struct mlx5hws_matcher_attr attr = {
		.priority = bm->priority,
		.mode = MLX5HWS_MATCHER_RESOURCE_MODE_RULE,
	};
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		attr.size[dir].rule.num_log = size[dir];
	return mlx5hws_matcher_create(bm->tbl, &bm->mt, 1,
				      bm->matcher ? bm->matcher->at : NULL,
				      bm->matcher ? bm->matcher->num_at : 0,
				      &attr);
}

int hws_bwc_lead(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_matcher *m)
{
	uint8_t i, j;
	int err;

	for (i = 0; i < bm->num_followers; i++) {
		err = hws_table_set_miss_ft(bm->followers[i],
					    m->link.exit_ft->id);
		if (!err)
			continue;
		hws_err("BWC matcher: a later part's table would not miss to the new matcher's exit (%s)",
			strerror(err));
		for (j = 0; j < i && bm->matcher != m; j++)
			hws_table_set_miss_ft(bm->followers[j],
					      bm->matcher->link.exit_ft->id);
		return err;
	}
	return 0;
}

/*
 * Out of the chain, what the device keeps goes to the context's zombies;
 * one still in the chain is kept here for another try.
 */
void hws_bwc_bury(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_matcher *m)
{
	int i;

	if (!mlx5hws_matcher_destroy(m))
		return;
	if (!m->connected) {
		hws_matcher_bury(m);
		return;
	}
	for (i = 0; i < HWS_BWC_MAX_ZOMBIES; i++) {
		if (!bm->zombies[i]) {
			bm->zombies[i] = m;
			return;
		}
	}
	hws_err("BWC matcher: could not take an old matcher out of its table; its device objects stay until the context closes");
}

bool hws_bwc_reap_zombies(struct mlx5hws_bwc_matcher *bm)
{
	bool clean = true;
	int i;

	for (i = 0; i < HWS_BWC_MAX_ZOMBIES; i++) {
		if (bm->zombies[i] && !mlx5hws_matcher_destroy(bm->zombies[i]))
			bm->zombies[i] = NULL;
		clean &= !bm->zombies[i];
	}
	return clean;
}

bool hws_bwc_orphans_in(struct mlx5hws_bwc_matcher *bm,
			const struct mlx5hws_matcher *m)
{
	struct mlx5hws_rule *r;
	bool found = false;

	if (!m || !__atomic_load_n(&bm->orphans, __ATOMIC_ACQUIRE))
		return false;
	pthread_spin_lock(&bm->index.orphan_lock);
	for (r = bm->orphans; r && !found; r = r->bwc_next)
		found = r->matcher == m;
	pthread_spin_unlock(&bm->index.orphan_lock);
	return found;
}

void hws_bwc_drop_orphans(struct mlx5hws_bwc_matcher *bm,
			  const struct mlx5hws_matcher *m)
{
	struct mlx5hws_rule **pp = &bm->orphans, *r;

	while ((r = *pp)) {
		if (r->matcher != m) {
			pp = &r->bwc_next;
			continue;
		}
		__atomic_store_n(pp, r->bwc_next, __ATOMIC_RELAXED);
		hws_rule_fini(r);
		hws_bwc_slab_free(bm, r);
	}
}

/* Moves */

/*
 * Chain a matcher of the new sizes behind the current one and make it the
 * one that takes new rules.  Without it, every rule stays where it was.
 */
static int hws_bwc_move_start(struct mlx5hws_bwc_matcher *bm,
			      const uint8_t size[HWS_DIR_MAX])
{
	struct mlx5hws_matcher *to;
	unsigned int dir;
	uint16_t q;
	int err;

	hws_bwc_reap_zombies(bm);
	to = hws_bwc_build_matcher(bm, size);
	if (!to)
		return errno;
	/*
	 * Lookups that follow the old matcher go on behind the new one before
	 * it takes a rule: behind the old one they would come back to it
	 */
	err = hws_bwc_lead(bm, to);
	if (err) {
		hws_bwc_bury(bm, to);
		return err;
	}
	/* read without every lock by rule operations that ask for a step */
	__atomic_store_n(&bm->from, bm->matcher, __ATOMIC_RELAXED);
	bm->matcher = to;
	bm->moves_pending = hws_bwc_index_count(bm);
	bm->walk = (struct hws_bwc_walk){ 0 };
	bm->move_stuck_dirs = 0;
	bm->move_unsure = false;
	for (q = 0; q < bm->num_queues; q++) {
		struct hws_bwc_per_queue *pq = &bm->per_queue[q];

		__atomic_store_n(&pq->move_pending, pq->indexed,
				 __ATOMIC_RELAXED);
		/* not quiet until a look finds it has taken no step */
		__atomic_store_n(&pq->stepped, true, __ATOMIC_RELAXED);
		pq->walk = (struct hws_bwc_walk){ 0 };
		hws_bwc_slab_rewind(bm, q);
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		/* the new matcher's collision tables are empty */
		bm->col[dir] = 0;
		hws_bwc_set_size(bm, dir, size[dir]);
	}
	hws_bwc_index_resize(bm);
	return 0;
}

/* An old matcher that holds no rule: out of the chain with it. */
static int hws_bwc_unchain(struct mlx5hws_bwc_matcher *bm,
			   struct mlx5hws_matcher *m)
{
	int err = hws_matcher_disconnect(m);

	if (err)
		return err;
	/* out of the chain, its orphans' STEs are unreachable */
	hws_bwc_drop_orphans(bm, m);
	hws_bwc_bury(bm, m);
	return 0;
}

/* The old matchers hold no rule. */
static int hws_bwc_move_finish(struct mlx5hws_bwc_matcher *bm)
{
	int err = 0;

	if (bm->stuck)
		err = hws_bwc_unchain(bm, bm->stuck);
	if (err)
		return err;
	bm->stuck = NULL;
	err = hws_bwc_unchain(bm, bm->from);
	if (err)
		return err;
	__atomic_store_n(&bm->from, NULL, __ATOMIC_RELAXED);
	hws_bwc_moved(bm);
	return 0;
}

/* The rules of a step: those of one queue, or of any (every lock held). */
#define HWS_BWC_STEP_ANY_QUEUE UINT16_MAX

struct hws_bwc_step {
	struct mlx5hws_rule *rules[HWS_BWC_MOVE_CHUNK_LONG];
	unsigned int n;
	unsigned int limit;
	unsigned int moved;
	uint16_t queue;
	uint8_t pass;
};

static bool hws_bwc_move_pick(struct mlx5hws_bwc_matcher *bm,
			      struct mlx5hws_rule *rule, void *arg)
{
	struct hws_bwc_step *s = arg;

	if (rule->matcher == bm->matcher ||
	    (s->pass < HWS_BWC_PASS_COL && rule->placed & HWS_BWC_IN_COL_ANY))
		return true;
	if (s->n == s->limit)
		return false;
	s->rules[s->n++] = rule;
	return true;
}

static int hws_bwc_drain(struct hws_send_queue *q)
{
	return hws_send_drain(q, hws_rule_wqe_done, NULL);
}

/*
 * Does the target hold a copy in every direction the rule has STEs in?  A
 * copy that landed whole stays across a failed removal of the old STEs.
 * One a device error left unsure is no copy: it goes, the old STEs serve.
 */
static bool hws_bwc_copied(const struct mlx5hws_rule *rule)
{
	return !(rule->moving & HWS_RULE_UNSURE_ANY) &&
	       hws_rule_placed_dirs(rule->moving) ==
	       (hws_rule_placed_dirs(rule->placed) |
		hws_rule_placed_dirs(rule->moving));
}

int hws_bwc_unmove(struct mlx5hws_bwc_matcher *bm, struct hws_send_queue *q,
		   struct mlx5hws_rule *rule)
{
	int err;

	if (!rule->moving)
		return 0;
	err = hws_rule_post_unmove(q, rule, bm->matcher);
	if (!err)
		err = hws_bwc_drain(q);
	return err ? err : rule->moving ? EIO : 0;
}

int hws_bwc_settle(struct mlx5hws_bwc_matcher *bm, struct hws_send_queue *q,
		   struct mlx5hws_rule *rule)
{
	/* a direction whose old STE went has only the copy: it must stay */
	uint8_t state = rule->state;
	int err = 0;

	if (!rule->moving || !hws_bwc_copied(rule))
		return hws_bwc_unmove(bm, q, rule);
	if (rule->placed) {
		err = hws_rule_post_delete(q, rule, NULL, false, false, true);
		if (!err)
			err = hws_bwc_drain(q);
		rule->state = state;
		if (!err && rule->placed)
			err = EIO;
		if (err)
			return err;
	}
	hws_rule_move_commit(rule, bm->matcher);
	hws_bwc_count_col(bm, rule->placed, 1);
	hws_bwc_left_from(bm, rule);
	return 0;
}

void hws_bwc_fill_info(const struct mlx5hws_rule *rule,
		       struct mlx5hws_rule_info *info)
{
	const struct mlx5hws_matcher *to = rule->bwc->matcher;
	unsigned int dir;

	hws_rule_fill_info(rule, info);
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (!(rule->moving & HWS_RULE_PLACED(dir)) ||
		    rule->placed & HWS_RULE_PLACED(dir))
			continue;
		info->rtc_id[dir] = rule->moving & HWS_RULE_IN_COL(dir) ?
					    to->col.rtc[dir].id :
					    to->main.rtc[dir].id;
	}
}

/* Post op for each rule of the step, draining a full queue; wait for all. */
static int hws_bwc_post_each(struct hws_send_queue *q, struct hws_bwc_step *s,
			     int (*op)(struct mlx5hws_bwc_matcher *bm,
				       struct hws_send_queue *q,
				       struct mlx5hws_rule *rule),
			     struct mlx5hws_bwc_matcher *bm)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < s->n && !err; i++) {
		/* a creation with action STEs may hold more of the ring */
		if (hws_send_queue_full(q) ||
		    hws_send_ring_room(q) < HWS_SEND_MAX_WQES_PER_OP)
			err = hws_bwc_drain(q);
		if (!err)
			err = op(bm, q, s->rules[i]);
	}
	return err ? err : hws_bwc_drain(q);
}

/*
 * A rule that still has a copy is not copied again: a whole one needs only
 * the old STEs' removal, and a part the uncopy could not take back would
 * be forgotten, serving, if a new copy took its place in rule->moving.
 */
static int hws_bwc_post_copy(struct mlx5hws_bwc_matcher *bm,
			     struct hws_send_queue *q,
			     struct mlx5hws_rule *rule)
{
	if (!rule->placed || rule->moving)
		return 0;
	return hws_rule_post_move(q, rule, bm->matcher);
}

/* The copy landed: the old STEs go, the rule stays allocated. */
static int hws_bwc_post_remove_old(struct mlx5hws_bwc_matcher *bm,
				   struct hws_send_queue *q,
				   struct mlx5hws_rule *rule)
{
	if (!rule->placed || !hws_bwc_copied(rule))
		return 0;
	return hws_rule_post_delete(q, rule, NULL, false, false, true);
}

/* A copy that failed in a direction goes again: the old STEs serve. */
static int hws_bwc_post_uncopy(struct mlx5hws_bwc_matcher *bm,
			       struct hws_send_queue *q,
			       struct mlx5hws_rule *rule)
{
	if (!rule->moving || hws_bwc_copied(rule))
		return 0;
	return hws_rule_post_unmove(q, rule, bm->matcher);
}

/*
 * Move the rules of the step: copies first, then the old STEs.  A rule
 * whose copy or removal failed stays in the old matcher, serving; a whole
 * copy stays too, in rule->moving, where a direction's old STE went.
 */
static int hws_bwc_move_rules(struct mlx5hws_bwc_matcher *bm,
			      struct hws_bwc_step *s)
{
	struct hws_send_queue *q = hws_bwc_queue(
		hws_bwc_ctx(bm),
		s->queue == HWS_BWC_STEP_ANY_QUEUE ? 0 : s->queue);
	uint8_t state[HWS_BWC_MOVE_CHUNK_LONG];
	unsigned int i;
	int err;

	for (i = 0; i < s->n; i++)
		state[i] = s->rules[i]->state;
	err = hws_bwc_post_each(q, s, hws_bwc_post_copy, bm);
	if (!err)
		err = hws_bwc_post_each(q, s, hws_bwc_post_remove_old, bm);
	hws_bwc_post_each(q, s, hws_bwc_post_uncopy, bm);
	for (i = 0; i < s->n; i++) {
		struct mlx5hws_rule *r = s->rules[i];

		r->state = state[i];
		if (r->placed) {
			__atomic_add_fetch(&bm->move_failures, 1,
					   __ATOMIC_RELAXED);
			__atomic_or_fetch(&bm->move_stuck_dirs,
					  hws_rule_placed_dirs(r->placed),
					  __ATOMIC_RELAXED);
			/* queues step at once: set, never cleared, here */
			if (r->moving)
				__atomic_store_n(&bm->move_unsure, true,
						 __ATOMIC_RELAXED);
			continue;
		}
		hws_rule_move_commit(r, bm->matcher);
		hws_bwc_count_col(bm, r->placed, 1);
		hws_bwc_queue_left(bm, r->bwc_queue);
		s->moved++;
	}
	/* once a step: the count is the queues' shared cache line */
	__atomic_sub_fetch(&bm->moves_pending, s->moved, __ATOMIC_RELAXED);
	return err;
}

/*
 * A step's chunk: small on the passes that move rules for the first time,
 * so that the operations that carry one stay short; long on the passes
 * that retry what would not move (a fault or a full row each costs a queue
 * recovery or a failed WQE, far more per rule in small chunks) and when
 * the move must end now.
 */
static unsigned int hws_bwc_step_limit(uint8_t pass, bool finish)
{
	return pass >= HWS_BWC_PASS_RETRY || finish ? HWS_BWC_MOVE_CHUNK_LONG :
						      HWS_BWC_MOVE_CHUNK;
}

/*
 * A step that moved none of a full chunk stopped inside a bucket, which the
 * next would start with again, trying the same rules: on past it, the rest
 * of the bucket waits for the next pass.  True when that ends the pass.
 */
static bool hws_bwc_step_past(const struct mlx5hws_bwc_matcher *bm,
			      const struct hws_bwc_step *s, uint32_t *cursor,
			      bool wrapped)
{
	if (wrapped || s->moved || s->n < s->limit)
		return wrapped;
	if (++*cursor < 1u << bm->index.size_log)
		return false;
	*cursor = 0;
	return true;
}

/*
 * Move the rules of s (its queue's, or any) that walk w comes to next.  At
 * the end of a pass, the next one: the retries go on until one moves
 * nothing, and w->stuck says whether the one that ended did.
 */
static int hws_bwc_walk_step(struct mlx5hws_bwc_matcher *bm,
			     struct hws_bwc_walk *w, struct hws_bwc_step *s,
			     bool finish, bool *ended)
{
	bool wrapped;
	int err;

	s->pass = w->pass;
	s->limit = hws_bwc_step_limit(w->pass, finish);
	/* a queue's own rules lie in its slab, in the order of their slots */
	if (s->queue == HWS_BWC_STEP_ANY_QUEUE)
		wrapped = hws_bwc_index_scan(bm, &w->cursor, HWS_BWC_MOVE_SCAN,
					     hws_bwc_move_pick, s);
	else
		wrapped = hws_bwc_slab_scan(bm, s->queue, HWS_BWC_MOVE_SCAN,
					    hws_bwc_move_pick, s);
	err = hws_bwc_move_rules(bm, s);
	/* a slab's scan goes on past the rules it took: only the index's */
	if (s->queue == HWS_BWC_STEP_ANY_QUEUE)
		wrapped = hws_bwc_step_past(bm, s, &w->cursor, wrapped);
	w->progress |= s->moved;
	*ended = !err && wrapped;
	if (!*ended)
		return err;
	w->stuck = w->pass && !w->progress;
	if (w->pass < HWS_BWC_PASS_RETRY)
		w->pass++;
	w->progress = false;
	return 0;
}

static int hws_bwc_move_step_all(struct mlx5hws_bwc_matcher *bm, bool finish)
{
	struct hws_bwc_step s = { .queue = HWS_BWC_STEP_ANY_QUEUE };
	bool ended;
	int err;

	if (!bm->from)
		return 0;
	/* the index first: the move walks its new buckets */
	if (!hws_bwc_index_migrate(bm, HWS_BWC_MIGRATE_WORK))
		return 0;
	hws_bwc_index_migrated(bm);
	if (!__atomic_load_n(&bm->moves_pending, __ATOMIC_RELAXED))
		return hws_bwc_move_finish(bm);
	err = hws_bwc_walk_step(bm, &bm->walk, &s, finish, &ended);
	if (err)
		return err;
	if (!bm->moves_pending)
		return hws_bwc_move_finish(bm);
	if (!ended || !bm->walk.stuck)
		return 0;
	hws_bwc_move_stuck(bm);
	return EBUSY;
}

int hws_bwc_move_step_locked(struct mlx5hws_bwc_matcher *bm, void *arg)
{
	return hws_bwc_move_step_all(bm, false);
}

int hws_bwc_move_finish_locked(struct mlx5hws_bwc_matcher *bm, void *arg)
{
	return hws_bwc_move_step_all(bm, true);
}

/*
 * Has a queue with rules left to move taken no step of its own since the
 * last look?
 */
static bool hws_bwc_queue_gone_quiet(struct mlx5hws_bwc_matcher *bm,
				     uint16_t qi)
{
	struct hws_bwc_per_queue *o;
	uint16_t q;

	for (q = 0; q < bm->num_queues; q++) {
		o = &bm->per_queue[q];
		if (q != qi &&
		    __atomic_load_n(&o->move_pending, __ATOMIC_RELAXED) &&
		    !__atomic_exchange_n(&o->stepped, false, __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

int hws_bwc_move_step_queue(struct mlx5hws_bwc_matcher *bm, uint16_t qi)
{
	struct hws_bwc_per_queue *pq = &bm->per_queue[qi];
	struct hws_bwc_step s = { .queue = qi };
	bool ended;

	if (!bm->from ||
	    !hws_bwc_index_migrate(bm, HWS_BWC_MIGRATE_WORK))
		return 0;
	/* the emptied old buckets go, and a move with no rules left ends */
	if (bm->index.old ||
	    !__atomic_load_n(&bm->moves_pending, __ATOMIC_RELAXED))
		return EAGAIN;
	if (!pq->move_pending || pq->walk.stuck) {
		/*
		 * The other queues move their own; now and then a step under
		 * every lock retries the rules that would not move, its own
		 * included, or moves those of a queue that went quiet.
		 */
		if (++pq->move_idle % HWS_BWC_MOVE_IDLE_EVERY)
			return 0;
		return pq->walk.stuck || hws_bwc_queue_gone_quiet(bm, qi) ?
			       EAGAIN :
			       0;
	}
	if (!__atomic_load_n(&pq->stepped, __ATOMIC_RELAXED))
		__atomic_store_n(&pq->stepped, true, __ATOMIC_RELAXED);
	return hws_bwc_walk_step(bm, &pq->walk, &s, false, &ended);
}

/* Growth and shrink */

/*
 * May a growth chain a third matcher behind a stuck move?  Once at a time,
 * and not while the target holds a copy the device would not take back: it
 * would be left in a matcher that no longer takes rules.
 */
static bool hws_bwc_may_pass_stuck(const struct mlx5hws_bwc_matcher *bm)
{
	unsigned int dir;

	if (bm->stuck || bm->move_unsure)
		return false;
	/* a size that stays would leave the same rows full */
	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		if (bm->move_stuck_dirs & HWS_DIR_BIT(dir) &&
		    hws_bwc_maxed_out(bm, dir))
			return false;
	return true;
}

/*
 * Start the growth of every direction that is due; *grown gets the
 * directions that grew.  A direction at the device's limit stays: that is
 * no error, its rows still take rules while they have room.  A move in
 * progress takes a step first: the growth waits for its end, unless the
 * move is stuck.  Then the growth goes ahead, and the rules of both old
 * matchers move to the new one; ENOSPC if it may not.
 */
int hws_bwc_grow_locked(struct mlx5hws_bwc_matcher *bm, void *arg)
{
	struct mlx5hws_matcher *stuck = NULL;
	unsigned int dir, *grown = arg;
	uint8_t size[HWS_DIR_MAX];
	int err;

	*grown = 0;
	if (bm->from && !bm->walk.stuck) {
		err = hws_bwc_move_finish_locked(bm, NULL);
		if (err && err != EBUSY)
			return err;
		if (bm->from && !bm->walk.stuck)
			return 0;
	}
	if (bm->from) {
		if (!hws_bwc_may_pass_stuck(bm))
			return ENOSPC;
		stuck = bm->from;
		for (dir = 0; dir < HWS_DIR_MAX; dir++)
			if (bm->move_stuck_dirs & HWS_DIR_BIT(dir))
				__atomic_store_n(&bm->dir[dir].grow_forced,
						 true, __ATOMIC_RELAXED);
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		size[dir] = bm->dir[dir].size_log;
		if (!hws_bwc_grow_dir_due(bm, dir))
			continue;
		size[dir] += HWS_BWC_SIZE_LOG_STEP;
		*grown |= HWS_DIR_BIT(dir);
	}
	if (!*grown)
		return 0;
	err = hws_bwc_move_start(bm, size);
	if (err) {
		hws_err("BWC matcher: growing failed (%s); every rule stays in the old matcher",
			strerror(err));
		*grown = 0;
		return err;
	}
	bm->stuck = stuck;
	/* a first step: an old matcher without rules goes at once */
	hws_bwc_move_step_locked(bm, NULL);
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (*grown & HWS_DIR_BIT(dir)) {
			bm->dir[dir].rehashes++;
			bm->dir[dir].shrink_retry_below = UINT32_MAX;
		}
	}
	return 0;
}

bool hws_bwc_shrink_due(const struct mlx5hws_bwc_matcher *bm)
{
	unsigned int dir;

	if (hws_bwc_moving(bm))
		return false;
	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		if (hws_bwc_shrink_target(bm, dir) != bm->dir[dir].size_log)
			return true;
	return false;
}

int hws_bwc_shrink_locked(struct mlx5hws_bwc_matcher *bm, void *arg)
{
	uint8_t size[HWS_DIR_MAX];
	unsigned int dir, changed = 0;

	if (bm->from)
		return 0;
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		size[dir] = hws_bwc_shrink_target(bm, dir);
		if (size[dir] != bm->dir[dir].size_log)
			changed |= HWS_DIR_BIT(dir);
	}
	if (!changed)
		return 0;
	if (hws_bwc_move_start(bm, size)) {
		/* try again once the count has halved */
		for (dir = 0; dir < HWS_DIR_MAX; dir++)
			if (changed & HWS_DIR_BIT(dir))
				bm->dir[dir].shrink_retry_below =
					hws_bwc_dir_rules(bm, dir) / 2;
		return 0;
	}
	hws_bwc_move_step_locked(bm, NULL);
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (!(changed & HWS_DIR_BIT(dir)))
			continue;
		bm->dir[dir].shrinks++;
		bm->dir[dir].shrink_retry_below = UINT32_MAX;
	}
	return 0;
}

int hws_bwc_matcher_flush_moves_basic(struct mlx5hws_bwc_matcher *bm)
{
	struct mlx5hws_context *ctx;
	int err = 0;

	if (!bm)
		return EINVAL;
	ctx = hws_bwc_ctx(bm);
	/* a step at a time: inserts on other queues go on between them */
	while (!err && hws_bwc_moving(bm)) {
		hws_bwc_lock_all(ctx);
		err = hws_bwc_move_finish_locked(bm, NULL);
		hws_bwc_unlock_all(ctx);
	}
	return err;
}
