// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * BWC matchers grow and shrink RX and TX separately.
 *
 * Counting: each direction counts the rules that use it (flow source
 * uplink: RX; local vport: TX; any: both; NIC tables have one direction).
 * A direction needs growth when rules * 100 / 70 >= 2^size_log, unless its
 * next size would not fit the device (ste_alloc_log_max).  A failed insert
 * (a full row, or an error CQE) forces growth of the rule's directions and
 * one retry.  A direction returns to the initial size when it empties, and
 * shrinks a step when it falls below a quarter of its size.
 *
 * Rehash: build a matcher with the new sizes, write every rule into it
 * while the old one keeps serving, then switch and destroy the old matcher,
 * which drops the old copies.  If any write fails, the copies are removed
 * and the new matcher destroyed: the old one never stopped serving.
 *
 * Locking: each BWC queue has a lock; rule operations hold their queue's.
 * Matcher-wide changes (rehash, shrink, new action templates) drop it, take
 * every queue lock in ascending order, and check their condition again.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "bwc.h"

static struct mlx5hws_context *bm_ctx(const struct mlx5hws_bwc_matcher *bm)
{
	return bm->tbl->ctx;
}

static struct mlx5hws_rule *rule_of(const struct mlx5hws_bwc_rule *r)
{
	return (struct mlx5hws_rule *)r;
}

/* Threads keep to one queue each, spread round robin. */
static uint16_t pick_queue(struct mlx5hws_context *ctx)
{
	static __thread unsigned int slot = UINT_MAX;
	static unsigned int next_slot;

	if (slot == UINT_MAX)
		slot = __atomic_fetch_add(&next_slot, 1, __ATOMIC_RELAXED);
	return slot % ctx->num_bwc_queues;
}

static void lock_all(struct mlx5hws_context *ctx)
{
	uint16_t i;

	for (i = 0; i < ctx->num_bwc_queues; i++)
		pthread_mutex_lock(&ctx->bwc_locks[i]);
}

static void unlock_all(struct mlx5hws_context *ctx)
{
	uint16_t i = ctx->num_bwc_queues;

	while (i--)
		pthread_mutex_unlock(&ctx->bwc_locks[i]);
}

/* Sizing */

/* Does a direction of 2^size_log rows fit the device? */
static bool size_fits(const struct mlx5hws_context *ctx, uint8_t size_log)
{
	uint8_t rows, depth, col_rows, col_depth;

	hws_matcher_rule_sizes(size_log, ctx->caps.rtc_log_depth_max, &rows,
			       &depth, &col_rows, &col_depth);
	if (rows + depth > ctx->caps.ste_alloc_log_max)
		return false;
	return size_log <= HWS_MATCHER_ASSURED_RULES_TH ||
	       col_rows + col_depth <= ctx->caps.ste_alloc_log_max;
}

static bool maxed_out(const struct mlx5hws_bwc_matcher *bm, unsigned int dir)
{
	return !size_fits(bm_ctx(bm),
			  bm->dir[dir].size_log + HWS_BWC_SIZE_LOG_STEP);
}

static bool needs_growth(uint8_t size_log, uint32_t rules)
{
	return (uint64_t)rules * 100 / HWS_BWC_REHASH_PERCENT_TH >=
	       1ull << size_log;
}

/* The size a direction should shrink to, or its own size. */
static uint8_t shrink_target(const struct hws_bwc_dir *d)
{
	uint32_t rules = __atomic_load_n(&d->rules, __ATOMIC_RELAXED);

	if (d->size_log <= HWS_BWC_INIT_SIZE_LOG)
		return d->size_log;
	if (!rules)
		return HWS_BWC_INIT_SIZE_LOG;
	if (rules < 1u << (d->size_log - HWS_BWC_SHRINK_FRACTION_LOG) &&
	    rules < d->shrink_retry_below)
		return d->size_log - HWS_BWC_SIZE_LOG_STEP;
	return d->size_log;
}

/* Count a rule in or out of its directions; true if growth is due. */
static bool count_rule(struct mlx5hws_bwc_matcher *bm, unsigned int dirs,
		       int delta)
{
	bool grow = false;
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		struct hws_bwc_dir *d = &bm->dir[dir];
		uint32_t n;

		if (!(dirs & HWS_DIR_BIT(dir)))
			continue;
		n = __atomic_add_fetch(&d->rules, delta, __ATOMIC_RELAXED);
		if (delta > 0 && needs_growth(d->size_log, n) &&
		    !maxed_out(bm, dir)) {
			__atomic_store_n(&d->rehash_needed, true,
					 __ATOMIC_RELAXED);
			grow = true;
		}
	}
	return grow;
}

/* Rehash */

static struct mlx5hws_matcher *build_matcher(struct mlx5hws_bwc_matcher *bm,
					     const uint8_t size[HWS_DIR_MAX])
{
	struct mlx5hws_matcher_attr attr = {
		.priority = bm->priority,
		.mode = MLX5HWS_MATCHER_RESOURCE_MODE_RULE,
	};
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		attr.size[dir].rule.num_log = size[dir];
	return mlx5hws_matcher_create(bm->tbl, &bm->mt, 1, bm->at, bm->num_at,
				      &attr);
}

/* Destroy a matcher; keep it for later if the device refuses. */
static void bury(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_matcher *m)
{
	int i;

	if (!mlx5hws_matcher_destroy(m))
		return;
	for (i = 0; i < HWS_BWC_MAX_ZOMBIES; i++) {
		if (!bm->zombies[i]) {
			bm->zombies[i] = m;
			return;
		}
	}
	hws_err("BWC matcher: could not destroy an old matcher; its device objects stay until the context closes");
}

static void reap_zombies(struct mlx5hws_bwc_matcher *bm)
{
	int i;

	for (i = 0; i < HWS_BWC_MAX_ZOMBIES; i++)
		if (bm->zombies[i] && !mlx5hws_matcher_destroy(bm->zombies[i]))
			bm->zombies[i] = NULL;
}

static int drain(struct hws_send_queue *q)
{
	return hws_send_drain(q, hws_rule_wqe_done, NULL);
}

/* Post op for every rule of the matcher, queue by queue. */
static int for_each_rule(struct mlx5hws_bwc_matcher *bm,
			 int (*op)(struct hws_send_queue *q,
				   struct mlx5hws_rule *rule,
				   struct mlx5hws_matcher *to),
			 struct mlx5hws_matcher *to)
{
	struct mlx5hws_context *ctx = bm_ctx(bm);
	int err = 0, e;
	uint16_t i;

	for (i = 0; i < ctx->num_bwc_queues; i++) {
		struct hws_send_queue *q = hws_bwc_queue(ctx, i);
		struct hws_list *pos;

		hws_list_for_each(pos, &bm->rules[i]) {
			struct mlx5hws_rule *rule = hws_container_of(
				pos, struct mlx5hws_rule, bwc_node);

			if (hws_send_queue_full(q)) {
				e = drain(q);
				err = err ? err : e;
			}
			e = op(q, rule, to);
			err = err ? err : e;
		}
		e = drain(q);
		err = err ? err : e;
	}
	return err;
}

static bool moved_whole(const struct mlx5hws_rule *rule)
{
	return (rule->moving & HWS_RULE_PLACED_ALL) ==
	       (rule->placed & HWS_RULE_PLACED_ALL);
}

static void each_rule(struct mlx5hws_bwc_matcher *bm,
		      void (*fn)(struct mlx5hws_rule *rule, void *arg),
		      void *arg)
{
	struct hws_list *pos;
	uint16_t i;

	for (i = 0; i < bm_ctx(bm)->num_bwc_queues; i++)
		hws_list_for_each(pos, &bm->rules[i])
			fn(hws_container_of(pos, struct mlx5hws_rule,
					    bwc_node),
			   arg);
}

static void count_unmoved(struct mlx5hws_rule *rule, void *arg)
{
	*(unsigned int *)arg += !moved_whole(rule);
}

static void clear_moving(struct mlx5hws_rule *rule, void *arg)
{
	rule->moving = 0;
}

static void commit_move(struct mlx5hws_rule *rule, void *arg)
{
	hws_rule_move_commit(rule, arg);
}

/* Write a copy of every rule into to; 0 when every copy landed. */
static int copy_rules(struct mlx5hws_bwc_matcher *bm,
		      struct mlx5hws_matcher *to)
{
	unsigned int unmoved = 0;
	int err;

	err = for_each_rule(bm, hws_rule_post_move, to);
	if (err)
		return err;
	each_rule(bm, count_unmoved, &unmoved);
	return unmoved ? ENOSPC : 0;
}

/* Take the copies out of to again (to goes next, with what is left). */
static void uncopy_rules(struct mlx5hws_bwc_matcher *bm,
			 struct mlx5hws_matcher *to)
{
	for_each_rule(bm, hws_rule_post_unmove, to);
	each_rule(bm, clear_moving, NULL);
}

/*
 * Rebuild at new sizes.  The old matcher serves until every rule has its
 * copy in the new one and the old is out of the chain; a failure before
 * that leaves everything as it was.
 */
static int rehash(struct mlx5hws_bwc_matcher *bm,
		  const uint8_t size[HWS_DIR_MAX])
{
	struct mlx5hws_matcher *to, *old = bm->matcher;
	unsigned int dir;
	int err;

	reap_zombies(bm);
	to = build_matcher(bm, size);
	if (!to)
		return errno;
	err = copy_rules(bm, to);
	if (!err)
		err = hws_matcher_disconnect(old);
	if (err) {
		uncopy_rules(bm, to);
		bury(bm, to);
		return err;
	}
	each_rule(bm, commit_move, to);
	bm->matcher = to;
	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		bm->dir[dir].size_log = size[dir];
	/* out of the chain: its copies are unreachable even if it lingers */
	bury(bm, old);
	return 0;
}

/*
 * Grow every direction that asked for it (all queue locks held).  Returns
 * ENOSPC when a direction must grow and cannot.
 */
static int grow_locked(struct mlx5hws_bwc_matcher *bm)
{
	uint8_t size[HWS_DIR_MAX];
	unsigned int dir, grown = 0, stuck = 0;
	int err;

	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		struct hws_bwc_dir *d = &bm->dir[dir];

		size[dir] = d->size_log;
		if (!__atomic_exchange_n(&d->rehash_needed, false,
					 __ATOMIC_RELAXED))
			continue;
		if (maxed_out(bm, dir)) {
			stuck |= HWS_DIR_BIT(dir);
			continue;
		}
		size[dir] += HWS_BWC_SIZE_LOG_STEP;
		grown |= HWS_DIR_BIT(dir);
	}
	if (!grown)
		return stuck ? ENOSPC : 0;
	err = rehash(bm, size);
	if (err) {
		hws_err("BWC matcher: growing failed (%s); every rule stays in the old matcher",
			strerror(err));
		return err;
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		if (grown & HWS_DIR_BIT(dir))
			bm->dir[dir].rehashes++;
	return 0;
}

static bool shrink_due(const struct mlx5hws_bwc_matcher *bm)
{
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		if (shrink_target(&bm->dir[dir]) != bm->dir[dir].size_log)
			return true;
	return false;
}

static void shrink_locked(struct mlx5hws_bwc_matcher *bm)
{
	uint8_t size[HWS_DIR_MAX];
	unsigned int dir, changed = 0;

	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		size[dir] = shrink_target(&bm->dir[dir]);
		if (size[dir] != bm->dir[dir].size_log)
			changed |= HWS_DIR_BIT(dir);
	}
	if (!changed)
		return;
	if (rehash(bm, size)) {
		/* try again once the count has halved */
		for (dir = 0; dir < HWS_DIR_MAX; dir++)
			if (changed & HWS_DIR_BIT(dir))
				bm->dir[dir].shrink_retry_below =
					bm->dir[dir].rules / 2;
		return;
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (!(changed & HWS_DIR_BIT(dir)))
			continue;
		bm->dir[dir].shrinks++;
		bm->dir[dir].shrink_retry_below = UINT32_MAX;
	}
}

typedef int (*hws_bwc_locked_fn)(struct mlx5hws_bwc_matcher *bm, void *arg);

/* Drop queue lock qi, run fn with every lock, take qi again. */
static int with_all_locks(struct mlx5hws_bwc_matcher *bm, uint16_t qi,
			  hws_bwc_locked_fn fn, void *arg)
{
	struct mlx5hws_context *ctx = bm_ctx(bm);
	int err;

	pthread_mutex_unlock(&ctx->bwc_locks[qi]);
	lock_all(ctx);
	err = fn(bm, arg);
	unlock_all(ctx);
	pthread_mutex_lock(&ctx->bwc_locks[qi]);
	return err;
}

static int shrink_fn(struct mlx5hws_bwc_matcher *bm, void *arg)
{
	shrink_locked(bm);
	return 0;
}

static int grow_fn(struct mlx5hws_bwc_matcher *bm, void *arg)
{
	return grow_locked(bm);
}

/* Action templates */

static int find_at(const struct mlx5hws_bwc_matcher *bm,
		   const enum mlx5hws_action_type *types, unsigned int n)
{
	uint8_t i;

	for (i = 0; i < bm->num_at; i++)
		if (bm->at[i]->num == n &&
		    !memcmp(bm->at[i]->types, types, n * sizeof(*types)))
			return i;
	return -1;
}

struct at_request {
	const enum mlx5hws_action_type *types;
	unsigned int n;
};

static int add_at(struct mlx5hws_bwc_matcher *bm, void *arg)
{
	const struct at_request *req = arg;
	struct mlx5hws_context *ctx = bm_ctx(bm);
	struct mlx5hws_action_template *at, **grown;
	int err;

	if (find_at(bm, req->types, req->n) >= 0)
		return 0; /* another thread added it meanwhile */
	if (bm->num_at == bm->at_size) {
		uint8_t size = bm->at_size ? bm->at_size * 2 : 4;

		grown = hws_zalloc(&ctx->mem, size * sizeof(*grown));
		if (!grown)
			return ENOMEM;
		if (bm->num_at)
			memcpy(grown, bm->at, bm->num_at * sizeof(*grown));
		hws_free(&ctx->mem, bm->at);
		bm->at = grown;
		bm->at_size = size;
	}
	at = mlx5hws_action_template_create(req->types, req->n);
	if (!at)
		return errno;
	/* the device needs nothing new: the actions fit the match STE */
	err = mlx5hws_matcher_attach_at(bm->matcher, at);
	if (err) {
		mlx5hws_action_template_destroy(at);
		return err;
	}
	bm->at[bm->num_at++] = at;
	return 0;
}

/* The template index for a rule's actions, adding one if needed. */
static int get_at(struct mlx5hws_bwc_matcher *bm, uint16_t qi,
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

/* Matchers */

struct mlx5hws_bwc_matcher *
mlx5hws_bwc_matcher_create(struct mlx5hws_table *table, uint32_t priority,
			   uint8_t match_criteria_enable, const uint32_t *mask)
{
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_context *ctx;
	uint8_t size[HWS_DIR_MAX] = { 0 };
	unsigned int dir;
	uint16_t i;
	int err;

	if (!table || !mask) {
		errno = EINVAL;
		return NULL;
	}
	ctx = table->ctx;
	if (!ctx->num_bwc_queues) {
		hws_err("BWC matcher: open the context with MLX5HWS_CONTEXT_FLAG_BWC");
		errno = EOPNOTSUPP;
		return NULL;
	}
	bm = hws_zalloc(&ctx->mem, sizeof(*bm));
	if (!bm) {
		errno = ENOMEM;
		return NULL;
	}
	bm->tbl = table;
	bm->priority = priority;
	bm->rules = hws_zalloc(&ctx->mem,
			       ctx->num_bwc_queues * sizeof(*bm->rules));
	if (!bm->rules) {
		err = ENOMEM;
		goto free_bm;
	}
	for (i = 0; i < ctx->num_bwc_queues; i++)
		hws_list_init(&bm->rules[i]);
	bm->mt = mlx5hws_match_template_create(ctx, mask,
					       MLX5HWS_MATCH_PARAM_SZ,
					       match_criteria_enable);
	if (!bm->mt) {
		err = errno;
		goto free_lists;
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		bm->dir[dir].shrink_retry_below = UINT32_MAX;
		if (hws_domain_dirs(table->domain) & HWS_DIR_BIT(dir))
			size[dir] = bm->dir[dir].size_log =
				HWS_BWC_INIT_SIZE_LOG;
	}
	bm->matcher = build_matcher(bm, size);
	if (!bm->matcher) {
		err = errno;
		goto destroy_mt;
	}
	return bm;

destroy_mt:
	mlx5hws_match_template_destroy(bm->mt);
free_lists:
	hws_free(&ctx->mem, bm->rules);
free_bm:
	hws_free(&ctx->mem, bm);
	errno = err;
	return NULL;
}

int mlx5hws_bwc_matcher_destroy(struct mlx5hws_bwc_matcher *bm)
{
	struct mlx5hws_context *ctx;
	unsigned int dir;
	uint8_t i;
	int err;

	if (!bm)
		return EINVAL;
	ctx = bm_ctx(bm);
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (__atomic_load_n(&bm->dir[dir].rules, __ATOMIC_ACQUIRE)) {
			hws_err("BWC matcher still holds rules");
			return EBUSY;
		}
	}
	reap_zombies(bm);
	err = mlx5hws_matcher_destroy(bm->matcher);
	if (err)
		return err;
	for (i = 0; i < HWS_BWC_MAX_ZOMBIES; i++)
		if (bm->zombies[i])
			hws_err("BWC matcher: an old matcher could not be destroyed");
	for (i = 0; i < bm->num_at; i++)
		mlx5hws_action_template_destroy(bm->at[i]);
	hws_free(&ctx->mem, bm->at);
	mlx5hws_match_template_destroy(bm->mt);
	hws_free(&ctx->mem, bm->rules);
	hws_free(&ctx->mem, bm);
	return 0;
}

int mlx5hws_bwc_matcher_query(struct mlx5hws_bwc_matcher *bm,
			      struct mlx5hws_bwc_matcher_info *info)
{
	unsigned int dir;

	if (!bm || !info || info->comp_mask)
		return EINVAL;
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		const struct hws_bwc_dir *d = &bm->dir[dir];

		info->dir[dir].size_log = d->size_log;
		info->dir[dir].maxed_out = d->size_log && maxed_out(bm, dir);
		info->dir[dir].rules = __atomic_load_n(&d->rules,
						       __ATOMIC_RELAXED);
		info->dir[dir].rehashes = d->rehashes;
		info->dir[dir].shrinks = d->shrinks;
	}
	info->num_action_templates = bm->num_at;
	return 0;
}

/* Rules */

/*
 * Take a failed rule's partial writes out of the device.  Returns 0 when
 * the rule is gone, or keeps it (failed) if the device refused.
 */
static int remove_failed(struct hws_send_queue *q, struct mlx5hws_rule *rule)
{
	struct mlx5hws_flow_op_result res;
	int err;

	err = hws_rule_post_delete(q, rule, NULL, true, false);
	if (!err)
		err = drain(q);
	if (hws_send_op_take_results(q, &res, 1) && !err &&
	    res.status != MLX5HWS_FLOW_OP_SUCCESS)
		err = EIO;
	return err;
}

/* One insertion attempt: ENOSPC for a collision, EIO for an error CQE. */
static int insert_once(struct mlx5hws_bwc_matcher *bm, struct hws_send_queue *q,
		       const uint32_t *value, uint32_t flow_source,
		       const struct mlx5hws_rule_action actions[],
		       uint8_t at_idx, struct mlx5hws_rule **out)
{
	struct mlx5hws_rule *rule;
	int err;

	err = hws_rule_alloc(bm->matcher, value, at_idx, actions, flow_source,
			     &rule);
	if (err)
		return err;
	err = hws_rule_post_create(q, rule, NULL, false, false);
	if (err) {
		hws_rule_free(rule);
		return err;
	}
	err = drain(q);
	if (!err && rule->state == MLX5HWS_RULE_STATE_INSERTED) {
		*out = rule;
		return 0;
	}
	if (!err)
		err = rule->error == HWS_WQE_ERROR ? EIO : ENOSPC;
	if (remove_failed(q, rule))
		hws_err("BWC rule: a failed insertion could not be taken back");
	return err;
}

struct mlx5hws_bwc_rule *
mlx5hws_bwc_rule_create(struct mlx5hws_bwc_matcher *bm, const uint32_t *value,
			uint32_t flow_source,
			const struct mlx5hws_rule_action rule_actions[],
			unsigned int num_actions)
{
	struct mlx5hws_rule *rule = NULL;
	struct mlx5hws_context *ctx;
	struct hws_send_queue *q;
	unsigned int dirs, dir;
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
	ctx = bm_ctx(bm);
	qi = pick_queue(ctx);
	q = hws_bwc_queue(ctx, qi);
	pthread_mutex_lock(&ctx->bwc_locks[qi]);
	err = get_at(bm, qi, rule_actions, num_actions, &at_idx);
	if (err)
		goto unlock;
	dirs = hws_rule_dirs(bm->matcher, flow_source);
	if (!dirs) {
		hws_err("BWC rule: flow source %u has no direction in this table",
			flow_source);
		err = EINVAL;
		goto unlock;
	}
	if (count_rule(bm, dirs, 1)) {
		err = with_all_locks(bm, qi, grow_fn, NULL);
		/* a full device still takes rules while rows have room */
		if (err && err != ENOSPC)
			goto uncount;
	}
	err = insert_once(bm, q, value, flow_source, rule_actions, at_idx,
			  &rule);
	if (err == ENOSPC || err == EIO) {
		/* a collision: grow the rule's directions, then once more */
		for (dir = 0; dir < HWS_DIR_MAX; dir++)
			if (dirs & HWS_DIR_BIT(dir))
				__atomic_store_n(&bm->dir[dir].rehash_needed,
						 true, __ATOMIC_RELAXED);
		err = with_all_locks(bm, qi, grow_fn, NULL);
		if (!err)
			err = insert_once(bm, q, value, flow_source,
					  rule_actions, at_idx, &rule);
	}
	if (err)
		goto uncount;
	rule->bwc = bm;
	rule->bwc_queue = qi;
	hws_list_add_tail(&bm->rules[qi], &rule->bwc_node);
	pthread_mutex_unlock(&ctx->bwc_locks[qi]);
	return (struct mlx5hws_bwc_rule *)rule;

uncount:
	count_rule(bm, dirs, -1);
unlock:
	pthread_mutex_unlock(&ctx->bwc_locks[qi]);
	errno = err;
	return NULL;
}

int mlx5hws_bwc_rule_destroy(struct mlx5hws_bwc_rule *bwc_rule)
{
	struct mlx5hws_rule *rule = rule_of(bwc_rule);
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_flow_op_result res;
	struct mlx5hws_context *ctx;
	struct hws_send_queue *q;
	unsigned int dirs;
	uint16_t qi;
	int err;

	if (!rule)
		return EINVAL;
	bm = rule->bwc;
	ctx = bm_ctx(bm);
	qi = rule->bwc_queue;
	q = hws_bwc_queue(ctx, qi);
	dirs = rule->dirs;
	/* the lock first: a rehash may be moving the rule */
	pthread_mutex_lock(&ctx->bwc_locks[qi]);
	hws_list_del(&rule->bwc_node);
	err = hws_rule_post_delete(q, rule, NULL, true, false);
	if (!err)
		err = drain(q);
	if (hws_send_op_take_results(q, &res, 1) && !err &&
	    res.status != MLX5HWS_FLOW_OP_SUCCESS)
		err = EIO;
	if (err) {
		/* still in the device: it stays a rule of the matcher */
		hws_list_add_tail(&bm->rules[qi], &rule->bwc_node);
		pthread_mutex_unlock(&ctx->bwc_locks[qi]);
		hws_err("BWC rule: removal failed (%s); the rule stays",
			strerror(err));
		return err;
	}
	count_rule(bm, dirs, -1);
	if (shrink_due(bm))
		with_all_locks(bm, qi, shrink_fn, NULL);
	pthread_mutex_unlock(&ctx->bwc_locks[qi]);
	return 0;
}

int mlx5hws_bwc_rule_action_update(struct mlx5hws_bwc_rule *bwc_rule,
				   const struct mlx5hws_rule_action actions[],
				   unsigned int num_actions)
{
	struct mlx5hws_rule *rule = rule_of(bwc_rule);
	struct mlx5hws_flow_op_result res;
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_context *ctx;
	struct hws_action_set *set;
	struct hws_send_queue *q;
	uint8_t at_idx;
	uint16_t qi;
	int err;

	if (!rule || num_actions > HWS_BWC_MAX_ACTIONS ||
	    (num_actions && !actions))
		return EINVAL;
	bm = rule->bwc;
	ctx = bm_ctx(bm);
	qi = rule->bwc_queue;
	q = hws_bwc_queue(ctx, qi);
	pthread_mutex_lock(&ctx->bwc_locks[qi]);
	err = get_at(bm, qi, actions, num_actions, &at_idx);
	if (err)
		goto unlock;
	err = hws_action_set_get(ctx, bm->tbl->domain, bm->tbl->level,
				 hws_matcher_jumbo(rule->matcher),
				 rule->matcher->at[at_idx], actions, &set);
	if (err)
		goto unlock;
	err = hws_rule_post_update(q, rule, set, NULL, true, false);
	if (err) {
		hws_action_set_put(ctx, set);
		goto unlock;
	}
	err = drain(q);
	if (hws_send_op_take_results(q, &res, 1) && !err &&
	    res.status != MLX5HWS_FLOW_OP_SUCCESS)
		err = EIO;
unlock:
	pthread_mutex_unlock(&ctx->bwc_locks[qi]);
	return err;
}

int mlx5hws_bwc_rule_query(const struct mlx5hws_bwc_rule *bwc_rule,
			   struct mlx5hws_rule_info *info)
{
	if (!bwc_rule || !info || info->comp_mask)
		return EINVAL;
	hws_rule_fill_info(rule_of(bwc_rule), info);
	return 0;
}
