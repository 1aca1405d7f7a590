// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * BWC matchers grow and shrink RX and TX separately.
 *
 * Counting: each direction counts the rules that use it (flow source
 * uplink: RX; local vport: TX; any: both; NIC tables have one direction),
 * each BWC queue for its own rules, on a cache line of its own.  When the
 * count calls for growth, a matcher of the new sizes is chained behind the
 * serving one and the rules move over in bounded steps (bwc_move.c): every
 * rule operation takes a step while a move is pending.  A failed insert (a
 * full row, or an error CQE) forces growth of the rule's directions, after
 * the move in progress, and one retry; a growth that fails otherwise only
 * leaves the rules where they are.
 *
 * Index: every rule by tag.  A second rule with the same values in one of
 * the directions is refused (EEXIST): the device would overwrite the first
 * one's STE, and deleting either would take both.
 *
 * Locking: each BWC queue has a lock; rule operations hold their queue's.
 * Matcher-wide changes (move steps, new action templates) drop it, take
 * every queue lock in ascending order, and check their condition again.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "bwc.h"

static struct mlx5hws_rule *rule_of(const struct mlx5hws_bwc_rule *r)
{
	return (struct mlx5hws_rule *)r;
}

/* Threads keep to one queue each, spread round robin. */
static uint16_t pick_queue(struct mlx5hws_context *ctx)
{
	return hws_thread_slot() % ctx->num_bwc_queues;
}

void hws_bwc_lock_all(struct mlx5hws_context *ctx)
{
	uint16_t i;

	for (i = 0; i < ctx->num_bwc_queues; i++)
		pthread_mutex_lock(hws_bwc_lock(ctx, i));
}

void hws_bwc_unlock_all(struct mlx5hws_context *ctx)
{
	uint16_t i = ctx->num_bwc_queues;

	while (i--)
		pthread_mutex_unlock(hws_bwc_lock(ctx, i));
}

/*
 * Count a rule of queue qi (under its lock) in or out of its directions;
 * true if growth is due.
 */
static bool count_rule(struct mlx5hws_bwc_matcher *bm, uint16_t qi,
		       unsigned int dirs, int delta)
{
	uint32_t *own = bm->per_queue[qi].rules;
	bool grow = false;
	unsigned int dir;

	for (; dirs; dirs &= dirs - 1) {
		struct hws_bwc_dir *d;

		dir = __builtin_ctz(dirs);
		d = &bm->dir[dir];
		__atomic_store_n(&own[dir], own[dir] + delta, __ATOMIC_RELAXED);
		if (delta > 0 && hws_bwc_dir_rules(bm, dir) >= d->grow_at &&
		    !hws_bwc_maxed_out(bm, dir)) {
			__atomic_store_n(&d->grow_due, true, __ATOMIC_RELAXED);
			grow = true;
		}
		/* a collision table that filled on an earlier insert or move */
		grow |= delta > 0 &&
			__atomic_load_n(&d->grow_col, __ATOMIC_RELAXED);
	}
	return grow;
}

/* A rule's release, back into its queue's slab. */
static void hws_bwc_rule_free(struct mlx5hws_bwc_matcher *bm,
			      struct mlx5hws_rule *rule)
{
	hws_rule_fini(rule);
	hws_bwc_slab_free(bm, rule);
}

/* Completions */

static int drain(struct hws_send_queue *q)
{
	return hws_send_drain(q, hws_rule_wqe_done, NULL);
}

/* Wait for the rule's operation: EIO for an error CQE, ENOSPC for a full row. */
static int wait_rule(struct hws_send_queue *q, const struct mlx5hws_rule *rule)
{
	int err = drain(q);

	if (err)
		return err;
	switch (rule->error) {
	case HWS_WQE_OK:
		return 0;
	case HWS_WQE_FAILED:
		return ENOSPC;
	default:
		return EIO;
	}
}

/*
 * Take a rule's STEs out of the device.  A removal the device refuses is
 * EIO, whatever the completion said: a full row means nothing to it.
 */
static int remove_stes(struct hws_send_queue *q, struct mlx5hws_rule *rule)
{
	int err = hws_rule_post_delete(q, rule, NULL, false, false, true);

	if (!err)
		err = wait_rule(q, rule);
	if (err == ENOSPC || (!err && rule->placed))
		err = EIO;
	return err;
}

/*
 * Remove a rule of the user and free it; one the device keeps stays.  A
 * rule still to move goes from the old matcher, with any copy a failed
 * move left in the new one.
 */
static int take_back(struct mlx5hws_bwc_matcher *bm, struct hws_send_queue *q,
		     struct mlx5hws_rule *rule)
{
	bool serving = rule->matcher == bm->matcher;
	uint8_t placed = rule->placed;
	int err = remove_stes(q, rule);

	if (!err)
		err = hws_bwc_unmove(bm, q, rule);
	if (err)
		return err;
	if (serving)
		hws_bwc_count_col(bm, placed, -1);
	if (hws_bwc_rule_moves(bm, rule))
		hws_bwc_left_from(bm, rule);
	hws_bwc_index_del(bm, rule, false);
	hws_bwc_rule_free(bm, rule);
	return 0;
}

/*
 * Orphans: an insertion failed and the device refused to take back the
 * STEs that landed.  They still classify packets, so their removal is
 * tried again on each later rule operation (under every queue lock, on
 * queue 0); a move leaves them in the old matcher, which takes them along.
 */
static int reap_orphans(struct mlx5hws_bwc_matcher *bm, void *arg)
{
	struct hws_send_queue *q = hws_bwc_queue(hws_bwc_ctx(bm), 0);
	struct mlx5hws_rule **pp = &bm->orphans, *r;

	while ((r = *pp)) {
		if (remove_stes(q, r)) {
			pp = &r->bwc_next;
			continue;
		}
		__atomic_store_n(pp, r->bwc_next, __ATOMIC_RELAXED);
		hws_bwc_rule_free(bm, r);
	}
	return bm->orphans ? EIO : 0;
}

typedef int (*hws_bwc_locked_fn)(struct mlx5hws_bwc_matcher *bm, void *arg);

/* Drop queue lock qi, run fn with every lock, take qi again. */
static int with_all_locks(struct mlx5hws_bwc_matcher *bm, uint16_t qi,
			  hws_bwc_locked_fn fn, void *arg)
{
	struct mlx5hws_context *ctx = hws_bwc_ctx(bm);
	int err;

	pthread_mutex_unlock(hws_bwc_lock(ctx, qi));
	hws_bwc_lock_all(ctx);
	err = fn(bm, arg);
	hws_bwc_unlock_all(ctx);
	pthread_mutex_lock(hws_bwc_lock(ctx, qi));
	return err;
}

/*
 * Finish the move in progress before a growth, a step at a time.  EBUSY:
 * it is stuck, what it has left fits in no row of the new matcher.
 */
static int finish_moves(struct mlx5hws_bwc_matcher *bm, uint16_t qi)
{
	int err = 0;

	while (!err && hws_bwc_moving(bm))
		err = with_all_locks(bm, qi, hws_bwc_move_finish_locked, NULL);
	return err;
}

/*
 * A step of the move in progress: queue qi's own rules under its lock, so
 * that queues move in parallel; the rest under every lock.
 */
static void move_step(struct mlx5hws_bwc_matcher *bm, uint16_t qi)
{
	if (hws_bwc_move_step_queue(bm, qi) == EAGAIN)
		with_all_locks(bm, qi, hws_bwc_move_step_locked, NULL);
}

/* Before a rule operation on queue qi: try the orphans' removal again. */
static void retry_orphans(struct mlx5hws_bwc_matcher *bm, uint16_t qi)
{
	if (__atomic_load_n(&bm->orphans, __ATOMIC_RELAXED))
		with_all_locks(bm, qi, reap_orphans, NULL);
}

/* Action templates */

static int find_at(const struct mlx5hws_bwc_matcher *bm,
		   const enum mlx5hws_action_type *types, unsigned int n)
{
	const struct mlx5hws_matcher *m = bm->matcher;
	unsigned int k;
	uint8_t i;

	for (i = 0; i < m->num_at; i++) {
		if (m->at[i]->num != n)
			continue;
		for (k = 0; k < n && m->at[i]->types[k] == types[k]; k++)
			;
		if (k == n)
			return i;
	}
	return -1;
}

struct at_request {
	const enum mlx5hws_action_type *types;
	unsigned int n;
};

static int add_at(struct mlx5hws_bwc_matcher *bm, void *arg)
{
	const struct at_request *req = arg;
	struct mlx5hws_action_template *at;
	int err, i;

	if (find_at(bm, req->types, req->n) >= 0)
		return 0; /* another thread added it meanwhile */
	at = mlx5hws_action_template_create(req->types, req->n);
	if (!at)
		return errno;
	/* the device needs nothing new: the actions fit the match STE */
	err = mlx5hws_matcher_attach_at(bm->matcher, at);
	if (err) {
		mlx5hws_action_template_destroy(at);
		return err;
	}
	/* the rules still to move are updated where they are: same index */
	for (i = 0; i < 2 && !err; i++) {
		struct mlx5hws_matcher *old = i ? bm->stuck : bm->from;

		if (old && old->num_at + 1 == bm->matcher->num_at)
			err = mlx5hws_matcher_attach_at(old, at);
	}
	return err;
}

/* Is template i that of the actions' types? */
static bool at_fits(const struct mlx5hws_bwc_matcher *bm, uint8_t i,
		    const struct mlx5hws_rule_action actions[], unsigned int n)
{
	const struct mlx5hws_action_template *at = bm->matcher->at[i];
	unsigned int k;

	if (at->num != n)
		return false;
	for (k = 0; k < n; k++)
		if (!actions[k].action ||
		    at->types[k] != actions[k].action->type)
			return false;
	return true;
}

/* get_at() for actions other than the first template's, out of line. */
static __attribute__((noinline)) int
find_or_add_at(struct mlx5hws_bwc_matcher *bm, uint16_t qi,
	       const struct mlx5hws_rule_action actions[], unsigned int n,
	       uint8_t *idx)
{
	enum mlx5hws_action_type types[HWS_BWC_MAX_ACTIONS];
	unsigned int i;
	int at, err;

	for (i = 0; i < n; i++) {
		if (!actions[i].action) {
			hws_err("BWC rule: action %u is NULL", i);
			return EINVAL;
		}
		types[i] = actions[i].action->type;
	}
	at = find_at(bm, types, n);
	if (at < 0) {
		struct at_request req = { types, n };

		err = with_all_locks(bm, qi, add_at, &req);
		if (err)
			return err;
		at = find_at(bm, types, n);
	}
	*idx = at;
	return 0;
}

/* The template index for a rule's actions, adding one if needed. */
static inline int get_at(struct mlx5hws_bwc_matcher *bm, uint16_t qi,
			 const struct mlx5hws_rule_action actions[],
			 unsigned int n, uint8_t *idx)
{
	/* most rules of a matcher have its first template: no frame for it */
	if (bm->matcher->num_at && at_fits(bm, 0, actions, n)) {
		*idx = 0;
		return 0;
	}
	return find_or_add_at(bm, qi, actions, n, idx);
}

/* Matchers */

struct mlx5hws_bwc_matcher *
hws_bwc_matcher_create_basic(struct mlx5hws_table *table, uint32_t priority,
			   uint8_t match_criteria_enable, const uint32_t *mask)
{
	struct mlx5hws_bwc_matcher_attr attr = {
		.priority = priority,
		.match_criteria_enable = match_criteria_enable,
		.mask = mask,
	};

	return mlx5hws_bwc_matcher_create_attr(table, &attr);
}

struct mlx5hws_bwc_matcher *
mlx5hws_bwc_matcher_create_attr(struct mlx5hws_table *table,
				const struct mlx5hws_bwc_matcher_attr *attr)
{
	enum mlx5hws_bwc_size_policy policy = MLX5HWS_BWC_SIZE_COMPACT;
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_context *ctx;
	uint8_t size[HWS_DIR_MAX] = { 0 };
	unsigned int dir;
	int err;

	if (!table || !attr || !attr->mask) {
		hws_err("BWC matcher: no table, attributes or mask");
		errno = EINVAL;
		return NULL;
	}
	if (attr->comp_mask & ~(uint64_t)MLX5HWS_BWC_MATCHER_ATTR_SIZE_POLICY) {
		hws_err("BWC matcher: unknown comp_mask bits 0x%llx",
			(unsigned long long)attr->comp_mask);
		errno = EINVAL;
		return NULL;
	}
	if (attr->comp_mask & MLX5HWS_BWC_MATCHER_ATTR_SIZE_POLICY) {
		policy = attr->size_policy;
		if (policy != MLX5HWS_BWC_SIZE_COMPACT &&
		    policy != MLX5HWS_BWC_SIZE_ASSURED) {
			hws_err("BWC matcher: unknown size policy %u", policy);
			errno = EINVAL;
			return NULL;
		}
	}
	ctx = table->ctx;
	if (!ctx->num_bwc_queues) {
		hws_err("BWC matcher: open the context with MLX5HWS_CONTEXT_FLAG_BWC");
		errno = EOPNOTSUPP;
		return NULL;
	}
	/* its counts that every queue changes are apart */
	bm = hws_zalloc_aligned(&ctx->mem, HWS_CACHE_APART, sizeof(*bm));
	if (!bm) {
		errno = ENOMEM;
		return NULL;
	}
	bm->tbl = table;
	bm->priority = attr->priority;
	bm->num_queues = ctx->num_bwc_queues;
	bm->per_queue =
		hws_zalloc_aligned(&ctx->mem, HWS_CACHE_APART,
				   ctx->num_bwc_queues * sizeof(*bm->per_queue));
	err = bm->per_queue ? hws_bwc_index_init(bm) : ENOMEM;
	if (err)
		goto free_bm;
	bm->mt = mlx5hws_match_template_create(ctx, attr->mask,
					       MLX5HWS_MATCH_PARAM_SZ,
					       attr->match_criteria_enable);
	if (!bm->mt) {
		err = errno;
		goto fini_index;
	}

	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		bm->dir[dir].shrink_retry_below = UINT32_MAX;
		bm->dir[dir].policy = policy;
		bm->dir[dir].col_share = HWS_BWC_NOT_JUDGED;
		if (!(hws_domain_dirs(table->domain) & HWS_DIR_BIT(dir)))
			continue;
		size[dir] = HWS_BWC_INIT_SIZE_LOG;
		hws_bwc_set_size(bm, dir, size[dir]);
	}
	bm->matcher = hws_bwc_build_matcher(bm, size);
	if (!bm->matcher) {
		err = errno;
		goto destroy_mt;
	}
	err = hws_bwc_slab_init(bm);
	if (err)
		goto destroy_matcher;
	return bm;

destroy_matcher:
	hws_bwc_bury(bm, bm->matcher);
destroy_mt:
	mlx5hws_match_template_destroy(bm->mt);
fini_index:
	hws_bwc_index_fini(bm);
free_bm:
	hws_free(&ctx->mem, bm->per_queue);
	hws_free(&ctx->mem, bm);
	errno = err;
	return NULL;
}

static void take_back_stray(struct mlx5hws_bwc_matcher *bm,
			    struct mlx5hws_rule *rule, void *arg)
{
	take_back(bm, arg, rule);
}

int hws_bwc_matcher_destroy_basic(struct mlx5hws_bwc_matcher *bm)
{
	struct mlx5hws_action_template **at;
	struct mlx5hws_context *ctx;
	unsigned int dir;
	uint8_t i, num_at;
	int err;

	if (!bm)
		return EINVAL;
	ctx = hws_bwc_ctx(bm);
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (hws_bwc_dir_rules(bm, dir)) {
			hws_err("BWC matcher still holds rules");
			return EBUSY;
		}
	}
	/* what is left are insertions whose completion timed out */
	hws_bwc_index_each(bm, take_back_stray, hws_bwc_queue(ctx, 0));
	/* a move left without rules: the old matcher goes */
	err = hws_bwc_index_count(bm) ? 0 : hws_bwc_matcher_flush_moves_basic(bm);
	if (err)
		return err;
	if (hws_bwc_index_count(bm) || !hws_bwc_reap_zombies(bm)) {
		hws_err("BWC matcher: the device keeps rules or an old matcher; try again");
		return EBUSY;
	}
	if (bm->orphans) {
		/* out of the chain, the matcher takes their STEs along */
		err = hws_matcher_disconnect(bm->matcher);
		if (err)
			return err;
		hws_bwc_drop_orphans(bm, bm->matcher);
	}
	num_at = bm->matcher->num_at;
	at = hws_zalloc(&ctx->mem, (num_at + 1) * sizeof(*at));
	if (!at)
		return ENOMEM;
	memcpy(at, bm->matcher->at, num_at * sizeof(*at));
	err = mlx5hws_matcher_destroy(bm->matcher);
	if (err) {
		hws_free(&ctx->mem, at);
		return err;
	}
	for (i = 0; i < num_at; i++)
		mlx5hws_action_template_destroy(at[i]);
	hws_free(&ctx->mem, at);
	hws_bwc_slab_fini(bm);
	mlx5hws_match_template_destroy(bm->mt);
	hws_bwc_index_fini(bm);
	hws_free(&ctx->mem, bm->per_queue);
	hws_free(&ctx->mem, bm);
	return 0;
}

int hws_bwc_matcher_query_basic(struct mlx5hws_bwc_matcher *bm,
			      struct mlx5hws_bwc_matcher_info *info)
{
	unsigned int dir;

	if (!bm || !info ||
	    info->comp_mask & ~(uint64_t)(MLX5HWS_BWC_MATCHER_INFO_MOVES |
					  MLX5HWS_BWC_MATCHER_INFO_SIZING))
		return EINVAL;
	/* moves change the sizes and the matcher under every lock */
	hws_bwc_lock_all(hws_bwc_ctx(bm));
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		const struct hws_bwc_dir *d = &bm->dir[dir];

		info->dir[dir].size_log = d->size_log;
		info->dir[dir].maxed_out = d->size_log &&
					   hws_bwc_maxed_out(bm, dir);
		info->dir[dir].rules = hws_bwc_dir_rules(bm, dir);
		info->dir[dir].rehashes = d->rehashes;
		info->dir[dir].shrinks = d->shrinks;
	}
	info->num_action_templates = bm->matcher->num_at;
	if (info->comp_mask & MLX5HWS_BWC_MATCHER_INFO_MOVES) {
		info->moves_pending = bm->from ? bm->moves_pending : 0;
		info->move_failures = bm->move_failures;
		info->num_matchers = 1 + !!bm->from + !!bm->stuck;
	}
	for (dir = 0; dir < HWS_DIR_MAX &&
		      info->comp_mask & MLX5HWS_BWC_MATCHER_INFO_SIZING;
	     dir++) {
		const struct hws_bwc_dir *d = &bm->dir[dir];
		struct mlx5hws_bwc_sizing_info *z = &info->sizing[dir];

		z->size_policy = d->policy;
		z->fell_back = d->fell_back;
		z->col_rules = bm->col[dir];
		z->col_slots = d->size_log ? hws_bwc_col_slots(bm, dir) : 0;
		z->forced_growths = d->forced_growths;
		z->col_growths = d->col_growths;
	}
	hws_bwc_unlock_all(hws_bwc_ctx(bm));
	return 0;
}

/* Rules */

/*
 * Refuse values a rule of dirs may not take before a growth for it, which
 * would be in vain: bad values (EINVAL), those of another rule (EEXIST).
 */
static int check_values(struct mlx5hws_bwc_matcher *bm, const uint32_t *value,
			unsigned int dirs)
{
	const struct hws_definer *def = &bm->mt->definer;
	uint8_t tag[PRM_JUMBO_TAG_SIZE];
	int err;

	err = hws_definer_tag(hws_bwc_ctx(bm), def, (const uint8_t *)value,
			      tag);
	if (err)
		return err;
	return hws_bwc_index_find(bm, tag + PRM_JUMBO_TAG_SIZE - def->tag_len,
				  dirs);
}

/*
 * One insertion attempt: ENOSPC for a collision, EIO for an error CQE,
 * both with *collided set (worth a growth and another try); EEXIST or
 * EAGAIN as hws_bwc_index_find() says; or what posting the rule says: EIO
 * also sets *collided, ENOSPC (its action STEs have no room) does not, as a
 * growth would not help.
 */
static inline __attribute__((always_inline)) int
insert_once(struct mlx5hws_bwc_matcher *bm, uint16_t qi, const uint32_t *value,
	    unsigned int dirs, const struct mlx5hws_rule_action actions[],
	    uint8_t at_idx, struct mlx5hws_rule **out, bool *collided)
{
	struct hws_send_queue *q = hws_bwc_queue(hws_bwc_ctx(bm), qi);
	struct mlx5hws_rule *rule;
	int err;

	*collided = false;
	rule = hws_bwc_slab_alloc(bm, qi);
	if (!rule)
		return ENOMEM;
	/* checked by the caller: bm's matchers share templates and dirs */
	err = hws_rule_init_dirs(bm->matcher, 0, value, at_idx, actions, dirs,
				 rule);
	if (err) {
		hws_bwc_slab_free(bm, rule);
		return err;
	}
	rule->bwc = bm;
	rule->bwc_queue = qi;
	err = hws_bwc_index_add(bm, rule);
	if (err) {
		hws_bwc_rule_free(bm, rule);
		return err;
	}
	err = hws_rule_post_create(q, rule, actions, NULL, false, false);
	if (err) {
		/* a queue in error recovers on the next try */
		*collided = err == EIO;
		hws_bwc_index_del(bm, rule, false);
		hws_bwc_rule_free(bm, rule);
		return err;
	}
	err = wait_rule(q, rule);
	*collided = err == ENOSPC || err == EIO;
	if (!err) {
		hws_bwc_count_col(bm, rule->placed, 1);
		*out = rule;
		return 0;
	}
	/* a late completion may still touch it: it stays in the index */
	if (err == ETIMEDOUT)
		return err;
	if (remove_stes(q, rule)) {
		hws_err("BWC rule: the device would not take back a failed insertion; its removal is retried");
		hws_bwc_index_del(bm, rule, true);
	} else {
		hws_bwc_index_del(bm, rule, false);
		hws_bwc_rule_free(bm, rule);
	}
	return err;
}

/*
 * After a collision (the first attempt's error): grow the rule's
 * directions, then try once more.  Out of line: few insertions collide.
 */
static __attribute__((noinline)) int
insert_grown(struct mlx5hws_bwc_matcher *bm, uint16_t qi, const uint32_t *value,
	     unsigned int dirs, const struct mlx5hws_rule_action actions[],
	     uint8_t at_idx, int first, struct mlx5hws_rule **out)
{
	unsigned int dir, grown;
	bool collided;
	int err;

	/*
	 * What the attempt could not take back goes before a move starts:
	 * once the matcher it is in is being drained, the move's copies come
	 * between it and the next try.
	 */
	retry_orphans(bm, qi);
	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		if (dirs & HWS_DIR_BIT(dir))
			__atomic_store_n(&bm->dir[dir].grow_forced, true,
					 __ATOMIC_RELAXED);
	err = finish_moves(bm, qi);
	/* a stuck move: the growth takes it along */
	if (!err || err == EBUSY)
		err = with_all_locks(bm, qi, hws_bwc_grow_locked, &grown);
	/*
	 * STEs the first attempt could not take back are in the matcher the
	 * growth drains, ahead of the new one: they go with it, so the move
	 * ends before the retry.
	 */
	if (!err && grown &&
	    hws_bwc_orphans_in(bm,
			       __atomic_load_n(&bm->from, __ATOMIC_RELAXED)))
		err = finish_moves(bm, qi);
	/*
	 * No room made (a stuck move that could not be passed, or a queue's
	 * error) is the first attempt's failure
	 */
	if (err == ENOSPC || err == EBUSY)
		err = first;
	if (!err)
		err = grown ? insert_once(bm, qi, value, dirs, actions, at_idx,
					  out, &collided) :
			      first;
	return err;
}

struct mlx5hws_bwc_rule *
hws_bwc_rule_create_basic(struct mlx5hws_bwc_matcher *bm, const uint32_t *value,
			uint32_t flow_source,
			const struct mlx5hws_rule_action rule_actions[],
			unsigned int num_actions)
{
	struct mlx5hws_rule *rule = NULL;
	struct mlx5hws_context *ctx;
	unsigned int dirs, grown;
	bool collided;
	uint8_t at_idx;
	uint16_t qi;
	int err;

	if (!bm || !value || flow_source > MLX5HWS_FLOW_SOURCE_LOCAL_VPORT ||
	    num_actions > HWS_BWC_MAX_ACTIONS ||
	    (num_actions && !rule_actions)) {
		hws_err("BWC rule: bad matcher, values, flow source or actions");
		errno = EINVAL;
		return NULL;
	}
	ctx = hws_bwc_ctx(bm);
	qi = pick_queue(ctx);
	pthread_mutex_lock(hws_bwc_lock(ctx, qi));
	retry_orphans(bm, qi);
	err = get_at(bm, qi, rule_actions, num_actions, &at_idx);
	if (err)
		goto unlock;
	if (bm->matcher->root) {
		/* the kernel's table: written at once, nothing to size */
		err = hws_rule_root_create(bm->matcher, value, at_idx,
					   rule_actions, &rule);
		if (err)
			goto unlock;
		rule->bwc = bm;
		rule->bwc_queue = qi;
		pthread_mutex_unlock(hws_bwc_lock(ctx, qi));
		return (struct mlx5hws_bwc_rule *)rule;
	}
	dirs = hws_rule_dirs(bm->matcher, flow_source);
	if (!dirs) {
		hws_err("BWC rule: flow source %u has no direction in this table",
			flow_source);
		err = EINVAL;
		goto unlock;
	}
	if (count_rule(bm, qi, dirs, 1)) {
		err = check_values(bm, value, dirs);
		if (err)
			goto uncount;
		/* one that fails leaves the rules serving where they are */
		with_all_locks(bm, qi, hws_bwc_grow_locked, &grown);
	} else if (hws_bwc_moving(bm)) {
		move_step(bm, qi);
	}
	err = insert_once(bm, qi, value, dirs, rule_actions, at_idx, &rule,
			  &collided);
	if (collided)
		err = insert_grown(bm, qi, value, dirs, rule_actions, at_idx,
				   err, &rule);
	if (err)
		goto uncount;
	pthread_mutex_unlock(hws_bwc_lock(ctx, qi));
	return (struct mlx5hws_bwc_rule *)rule;

uncount:
	count_rule(bm, qi, dirs, -1);
	/* a take-back that failed: once more, so that the fault must repeat */
	retry_orphans(bm, qi);
unlock:
	pthread_mutex_unlock(hws_bwc_lock(ctx, qi));
	errno = err;
	return NULL;
}

int hws_bwc_rule_destroy_basic(struct mlx5hws_bwc_rule *bwc_rule)
{
	struct mlx5hws_rule *rule = rule_of(bwc_rule);
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_context *ctx;
	unsigned int dirs;
	uint16_t qi;
	int err;

	if (!rule)
		return EINVAL;
	bm = rule->bwc;
	ctx = hws_bwc_ctx(bm);
	qi = rule->bwc_queue;
	dirs = rule->dirs;
	/* the lock first: a move step may be moving the rule */
	pthread_mutex_lock(hws_bwc_lock(ctx, qi));
	if (hws_rule_is_root(rule)) {
		err = hws_rule_root_destroy(rule);
		pthread_mutex_unlock(hws_bwc_lock(ctx, qi));
		return err;
	}
	retry_orphans(bm, qi);
	err = take_back(bm, hws_bwc_queue(ctx, qi), rule);
	if (err) {
		pthread_mutex_unlock(hws_bwc_lock(ctx, qi));
		hws_err("BWC rule: removal failed (%s); the rule stays",
			strerror(err));
		return err;
	}
	count_rule(bm, qi, dirs, -1);
	if (hws_bwc_moving(bm))
		move_step(bm, qi);
	if (hws_bwc_shrink_due(bm))
		with_all_locks(bm, qi, hws_bwc_shrink_locked, NULL);
	pthread_mutex_unlock(hws_bwc_lock(ctx, qi));
	return 0;
}

int hws_bwc_rule_action_update_basic(struct mlx5hws_bwc_rule *bwc_rule,
				   const struct mlx5hws_rule_action actions[],
				   unsigned int num_actions)
{
	struct mlx5hws_rule *rule = rule_of(bwc_rule);
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_context *ctx;
	uint32_t words[HWS_SET_MAX_WORDS];
	struct hws_action_set *set;
	struct hws_send_queue *q;
	uint8_t at_idx;
	uint16_t qi;
	int err;

	if (!rule || num_actions > HWS_BWC_MAX_ACTIONS ||
	    (num_actions && !actions))
		return EINVAL;
	bm = rule->bwc;
	ctx = hws_bwc_ctx(bm);
	qi = rule->bwc_queue;
	q = hws_bwc_queue(ctx, qi);
	/* the lock first: a move step may be moving the rule */
	pthread_mutex_lock(hws_bwc_lock(ctx, qi));
	if (hws_rule_is_root(rule)) {
		hws_err("BWC rule: a root rule's actions are the kernel's; destroy and create it again");
		err = EOPNOTSUPP;
		goto unlock;
	}
	err = get_at(bm, qi, actions, num_actions, &at_idx);
	/* a copy a failed move left would keep the old actions */
	if (!err)
		err = hws_bwc_settle(bm, q, rule);
	if (!err && at_idx >= rule->matcher->num_at) {
		hws_err("BWC rule: the old matcher of a move has no template %u for these actions (it has %u)",
			at_idx, rule->matcher->num_at);
		err = ENOSPC;
	}
	if (err)
		goto unlock;
	err = hws_action_set_get(ctx, bm->tbl->domain, bm->tbl->level,
				 hws_matcher_jumbo(rule->matcher),
				 rule->matcher->at[at_idx], actions, &set, words);
	if (err)
		goto unlock;
	err = hws_rule_post_update(q, rule, set, words, actions, NULL, false,
				   false);
	if (err) {
		hws_action_set_put(ctx, set);
		goto unlock;
	}
	err = wait_rule(q, rule);
	/* a rewrite in place has no row to find full: the device failed it */
	if (err == ENOSPC)
		err = EIO;
unlock:
	pthread_mutex_unlock(hws_bwc_lock(ctx, qi));
	return err;
}

int hws_bwc_rule_query_basic(const struct mlx5hws_bwc_rule *bwc_rule,
			   struct mlx5hws_rule_info *info)
{
	const struct mlx5hws_rule *rule = rule_of(bwc_rule);
	struct mlx5hws_context *ctx;

	if (!rule || !info || info->comp_mask)
		return EINVAL;
	/* a move step moves the rule under every queue lock */
	ctx = hws_bwc_ctx(rule->bwc);
	pthread_mutex_lock(hws_bwc_lock(ctx, rule->bwc_queue));
	hws_bwc_fill_info(rule, info);
	pthread_mutex_unlock(hws_bwc_lock(ctx, rule->bwc_queue));
	return 0;
}
