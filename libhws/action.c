// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "table.h"

#define HWS_ACTION_FLAGS_ALL                                                   \
	(MLX5HWS_ACTION_FLAG_NIC_RX | MLX5HWS_ACTION_FLAG_NIC_TX |             \
	 MLX5HWS_ACTION_FLAG_FDB)
#define HWS_UPLINK_VPORT 0xffff

static uint32_t domain_flag(enum hws_domain domain)
{
	return 1u << domain;
}

static const char *type_name(enum mlx5hws_action_type type)
{
	static const char *const names[MLX5HWS_ACTION_TYP_MAX] = {
		[MLX5HWS_ACTION_TYP_DROP] = "drop",
		[MLX5HWS_ACTION_TYP_MISS] = "default miss",
		[MLX5HWS_ACTION_TYP_TBL] = "go to table",
		[MLX5HWS_ACTION_TYP_VPORT] = "go to vport",
		[MLX5HWS_ACTION_TYP_TAG] = "tag",
		[MLX5HWS_ACTION_TYP_CTR] = "counter",
		[MLX5HWS_ACTION_TYP_TIR] = "go to TIR",
	};

	return type < MLX5HWS_ACTION_TYP_MAX ? names[type] : "unknown";
}

/* The STC of an action in each direction of a domain, with the fixups the
 * device needs: FDB TX has no flow tag (a NOP there), the uplink is its own
 * action type.
 */
static void stc_attrs(const struct mlx5hws_action *action,
		      enum hws_domain domain,
		      struct hws_cmd_stc_attr attr[HWS_DIR_MAX])
{
	struct hws_cmd_stc_attr a = { 0 };

	a.action_offset = MLX5_IFC_STC_ACTION_OFFSET_HIT;
	switch (action->type) {
	case MLX5HWS_ACTION_TYP_DROP:
		a.action_type = MLX5_IFC_STC_ACTION_TYPE_DROP;
		break;
	case MLX5HWS_ACTION_TYP_MISS:
		a.action_type = MLX5_IFC_STC_ACTION_TYPE_ALLOW;
		break;
	case MLX5HWS_ACTION_TYP_TBL:
		a.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT;
		a.table_id = action->tbl->ft.id;
		break;
	case MLX5HWS_ACTION_TYP_VPORT:
		if (action->vport == HWS_UPLINK_VPORT) {
			a.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_UPLINK;
		} else {
			a.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT;
			a.vport.number = action->vport;
		}
		break;
	case MLX5HWS_ACTION_TYP_TAG:
		a.action_type = MLX5_IFC_STC_ACTION_TYPE_TAG;
		a.action_offset = MLX5_IFC_STC_ACTION_OFFSET_DW5;
		break;
	case MLX5HWS_ACTION_TYP_CTR:
		a.action_type = MLX5_IFC_STC_ACTION_TYPE_COUNTER;
		a.action_offset = MLX5_IFC_STC_ACTION_OFFSET_CTRL;
		a.counter_id = action->counter.obj.id;
		break;
	case MLX5HWS_ACTION_TYP_TIR:
		a.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_TIR;
		a.tirn = action->tirn;
		break;
	default:
		break;
	}
	attr[HWS_DIR_RX] = a;
	attr[HWS_DIR_TX] = a;
	if (domain == HWS_DOMAIN_FDB &&
	    action->type == MLX5HWS_ACTION_TYP_TAG)
		attr[HWS_DIR_TX].action_type = MLX5_IFC_STC_ACTION_TYPE_NOP;
}

static void release_stcs(struct mlx5hws_action *action, uint32_t flags)
{
	enum hws_domain d;

	for (d = 0; d < HWS_DOMAIN_MAX; d++) {
		if (!(flags & domain_flag(d)))
			continue;
		hws_stc_free(action->ctx, d, action->stc[d]);
		hws_stc_domain_put(action->ctx, d);
	}
}

static int take_stcs(struct mlx5hws_action *action)
{
	struct hws_cmd_stc_attr attr[HWS_DIR_MAX];
	uint32_t done = 0;
	enum hws_domain d;
	int err = 0;

	for (d = 0; d < HWS_DOMAIN_MAX && !err; d++) {
		if (!(action->flags & domain_flag(d)))
			continue;
		err = hws_stc_domain_get(action->ctx, d);
		if (err)
			break;
		stc_attrs(action, d, attr);
		err = hws_stc_alloc(action->ctx, d, attr, &action->stc[d]);
		if (err) {
			hws_stc_domain_put(action->ctx, d);
			break;
		}
		done |= domain_flag(d);
	}
	if (err)
		release_stcs(action, done);
	return err;
}

static struct mlx5hws_action *action_new(struct mlx5hws_context *ctx,
					 enum mlx5hws_action_type type,
					 uint32_t flags)
{
	struct mlx5hws_action *action;

	if (!ctx || !flags || flags & ~HWS_ACTION_FLAGS_ALL) {
		hws_err("%s action: bad context or flags 0x%x", type_name(type),
			flags);
		errno = EINVAL;
		return NULL;
	}
	action = hws_zalloc(&ctx->mem, sizeof(*action));
	if (!action) {
		errno = ENOMEM;
		return NULL;
	}
	action->ctx = ctx;
	action->type = type;
	action->flags = flags;
	return action;
}

/* Program the STCs and count the action; on failure free it and its counter. */
static struct mlx5hws_action *action_finish(struct mlx5hws_action *action)
{
	int err = take_stcs(action);

	if (err) {
		if (action->type == MLX5HWS_ACTION_TYP_CTR)
			hws_cmd_destroy(&action->counter.obj);
		hws_free(&action->ctx->mem, action);
		errno = err;
		return NULL;
	}
	__atomic_add_fetch(&action->ctx->num_actions, 1, __ATOMIC_RELAXED);
	return action;
}

struct mlx5hws_action *mlx5hws_action_create_dest_drop(
	struct mlx5hws_context *ctx, uint32_t flags)
{
	struct mlx5hws_action *a = action_new(ctx, MLX5HWS_ACTION_TYP_DROP,
					      flags);

	return a ? action_finish(a) : NULL;
}

struct mlx5hws_action *mlx5hws_action_create_default_miss(
	struct mlx5hws_context *ctx, uint32_t flags)
{
	struct mlx5hws_action *a = action_new(ctx, MLX5HWS_ACTION_TYP_MISS,
					      flags);

	return a ? action_finish(a) : NULL;
}

struct mlx5hws_action *mlx5hws_action_create_dest_table(
	struct mlx5hws_context *ctx, struct mlx5hws_table *tbl, uint32_t flags)
{
	struct mlx5hws_action *a;

	if (!tbl || tbl->ctx != ctx || flags != domain_flag(tbl->domain) ||
	    !tbl->level) {
		hws_err("go to table action: the table must be of this context, not a root table, and flags must name its type");
		errno = EINVAL;
		return NULL;
	}
	a = action_new(ctx, MLX5HWS_ACTION_TYP_TBL, flags);
	if (!a)
		return NULL;
	a->tbl = tbl;
	/* referenced before its STC points at the table */
	__atomic_add_fetch(&tbl->action_refs, 1, __ATOMIC_RELAXED);
	a = action_finish(a);
	if (!a)
		__atomic_sub_fetch(&tbl->action_refs, 1, __ATOMIC_RELAXED);
	return a;
}

struct mlx5hws_action *mlx5hws_action_create_dest_vport(
	struct mlx5hws_context *ctx, uint16_t vport, uint32_t flags)
{
	struct mlx5hws_action *a;
	uint16_t gvmi;

	if (flags != MLX5HWS_ACTION_FLAG_FDB) {
		hws_err("go to vport action: only in FDB tables");
		errno = EOPNOTSUPP;
		return NULL;
	}
	a = action_new(ctx, MLX5HWS_ACTION_TYP_VPORT, flags);
	if (!a)
		return NULL;
	/* the device refuses an STC to a function it does not know */
	if (hws_context_vport_gvmi(ctx, vport, &gvmi)) {
		hws_err("go to vport action: the device has no vport %u",
			vport);
		hws_free(&ctx->mem, a);
		errno = EINVAL;
		return NULL;
	}
	a->vport = vport;
	return action_finish(a);
}

/*
 * The TIR is the caller's (a raw-packet or RSS QP's, or a DevX TIR of the
 * same device); the device checks that it exists when the STC is written.
 */
struct mlx5hws_action *mlx5hws_action_create_dest_tir(
	struct mlx5hws_context *ctx, uint32_t tirn, uint32_t flags)
{
	struct mlx5hws_action *a;

	if (flags != MLX5HWS_ACTION_FLAG_NIC_RX) {
		hws_err("go to TIR action: only in NIC RX tables (flags 0x%x)",
			flags);
		errno = EINVAL;
		return NULL;
	}
	if (tirn >> 24) {
		hws_err("go to TIR action: TIR number 0x%x is not 24 bits",
			tirn);
		errno = EINVAL;
		return NULL;
	}
	a = action_new(ctx, MLX5HWS_ACTION_TYP_TIR, flags);
	if (!a)
		return NULL;
	a->tirn = tirn;
	return action_finish(a);
}

struct mlx5hws_action *mlx5hws_action_create_tag(struct mlx5hws_context *ctx,
						 uint32_t flags)
{
	struct mlx5hws_action *a;

	if (flags & MLX5HWS_ACTION_FLAG_NIC_TX ||
	    (flags & MLX5HWS_ACTION_FLAG_FDB && ctx &&
	     !ctx->caps.fdb_rx_set_flow_tag)) {
		hws_err("tag action: the flow tag is set on received packets only");
		errno = EOPNOTSUPP;
		return NULL;
	}
	a = action_new(ctx, MLX5HWS_ACTION_TYP_TAG, flags);
	return a ? action_finish(a) : NULL;
}

struct mlx5hws_action *mlx5hws_action_create_counter(
	struct mlx5hws_context *ctx, uint32_t log_bulk_size, uint32_t flags)
{
	struct mlx5hws_action *a;
	uint32_t alloc_log;
	int err;

	if (ctx && log_bulk_size && !ctx->caps.log_max_flow_counter_bulk) {
		hws_err("counter action: the device allocates no counter bulks by size (flow_counter_bulk_log_max_alloc is 0); only single counters");
		errno = EOPNOTSUPP;
		return NULL;
	}
	if (ctx && log_bulk_size > ctx->caps.log_max_flow_counter_bulk) {
		hws_err("counter action: bulk of 2^%u counters, at most 2^%u",
			log_bulk_size, ctx->caps.log_max_flow_counter_bulk);
		errno = EINVAL;
		return NULL;
	}
	a = action_new(ctx, MLX5HWS_ACTION_TYP_CTR, flags);
	if (!a)
		return NULL;
	/* the device allocates whole granules; the rest stays unused */
	alloc_log = log_bulk_size;
	if (alloc_log && alloc_log < ctx->counter_log_granularity)
		alloc_log = ctx->counter_log_granularity;
	err = hws_cmd_counter_alloc(ctx->dev, alloc_log, &a->counter.obj);
	if (err) {
		hws_free(&ctx->mem, a);
		errno = err;
		return NULL;
	}
	a->counter.size = 1u << log_bulk_size;
	a = action_finish(a);
	return a;
}

static void hws_action_cache_evict(struct mlx5hws_context *ctx,
				   const struct mlx5hws_action *action);

int mlx5hws_action_destroy(struct mlx5hws_action *action)
{
	struct mlx5hws_context *ctx;

	if (!action)
		return EINVAL;
	ctx = action->ctx;
	if (__atomic_load_n(&action->users, __ATOMIC_ACQUIRE))
		hws_action_cache_evict(ctx, action);
	if (__atomic_load_n(&action->users, __ATOMIC_ACQUIRE)) {
		hws_err("%s action is used by rules", type_name(action->type));
		return EBUSY;
	}
	release_stcs(action, action->flags);
	if (action->type == MLX5HWS_ACTION_TYP_CTR)
		hws_cmd_destroy(&action->counter.obj);
	if (action->type == MLX5HWS_ACTION_TYP_TBL)
		__atomic_sub_fetch(&action->tbl->action_refs, 1,
				   __ATOMIC_RELAXED);
	hws_free(&ctx->mem, action);
	__atomic_sub_fetch(&ctx->num_actions, 1, __ATOMIC_RELAXED);
	return 0;
}

int mlx5hws_action_query_counter(struct mlx5hws_action *action,
				 uint32_t offset, uint64_t *packets,
				 uint64_t *bytes)
{
	if (!action || action->type != MLX5HWS_ACTION_TYP_CTR || !packets ||
	    !bytes || offset >= action->counter.size)
		return EINVAL;
	return hws_cmd_counter_query(&action->counter.obj, offset, packets,
				     bytes);
}

/* Action templates */

/* Position of a type in the order counter, tag, terminal. */
static int order_of(enum mlx5hws_action_type t)
{
	if (t == MLX5HWS_ACTION_TYP_CTR)
		return 0;
	if (t == MLX5HWS_ACTION_TYP_TAG)
		return 1;
	return 2;
}

struct mlx5hws_action_template *
mlx5hws_action_template_create(const enum mlx5hws_action_type types[],
			       unsigned int num)
{
	struct mlx5hws_action_template *at;
	unsigned int i;
	int last = -1;

	if (num > HWS_AT_MAX_ACTIONS || (num && !types)) {
		hws_err("action template: at most %d actions (counter, tag, terminal)",
			HWS_AT_MAX_ACTIONS);
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; i < num; i++) {
		if (types[i] >= MLX5HWS_ACTION_TYP_MAX) {
			hws_err("action template: unknown action type %d",
				types[i]);
			errno = EOPNOTSUPP;
			return NULL;
		}
		if (order_of(types[i]) <= last) {
			hws_err("action template: %s out of order; use counter, tag, then one terminal action",
				type_name(types[i]));
			errno = EINVAL;
			return NULL;
		}
		last = order_of(types[i]);
	}
	at = calloc(1, sizeof(*at));
	if (!at) {
		errno = ENOMEM;
		return NULL;
	}
	if (num)
		memcpy(at->types, types, num * sizeof(*types));
	at->num = num;
	return at;
}

int mlx5hws_action_template_destroy(struct mlx5hws_action_template *at)
{
	if (!at)
		return EINVAL;
	if (__atomic_load_n(&at->users, __ATOMIC_ACQUIRE)) {
		hws_err("action template is used by a matcher");
		return EBUSY;
	}
	free(at);
	return 0;
}

bool hws_action_template_fits_jumbo(const struct mlx5hws_action_template *at)
{
	uint8_t i;

	for (i = 0; i < at->num; i++)
		if (at->types[i] == MLX5HWS_ACTION_TYP_TAG)
			return false;
	return true;
}

/* Action sets */

static uint32_t set_hash(const struct hws_action_set *s)
{
	uint32_t h = 2166136261u, i;
	const uint8_t *p;

	/* FNV-1a over the fields that make a set what it is */
	for (p = (const uint8_t *)s->stc_ix; p < (const uint8_t *)(s->stc_ix +
								 PRM_STC_IX_MAX);
	     p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ s->ctr_offset) * 16777619u;
	h = (h ^ s->tag) * 16777619u;
	for (i = 0; i < HWS_AT_MAX_ACTIONS; i++)
		h = (h ^ (uint32_t)(uintptr_t)s->actions[i]) * 16777619u;
	return h ^ s->domain;
}

static bool set_equal(const struct hws_action_set *a,
		      const struct hws_action_set *b)
{
	return a->domain == b->domain &&
	       !memcmp(a->stc_ix, b->stc_ix, sizeof(a->stc_ix)) &&
	       a->ctr_offset == b->ctr_offset && a->tag == b->tag &&
	       !memcmp(a->actions, b->actions, sizeof(a->actions));
}

/* Check one rule action against its template slot and fill the set. */
static int resolve_action(struct mlx5hws_context *ctx, enum hws_domain domain,
			  uint32_t tbl_level, enum mlx5hws_action_type want,
			  const struct mlx5hws_rule_action *ra,
			  struct hws_action_set *s)
{
	struct mlx5hws_action *a = ra->action;

	if (!a || a->type != want) {
		hws_err("rule action %s does not follow the template (%s expected)",
			a ? type_name(a->type) : "(none)", type_name(want));
		return EINVAL;
	}
	if (a->ctx != ctx || !(a->flags & domain_flag(domain))) {
		hws_err("%s action was not created for this table type",
			type_name(a->type));
		return EINVAL;
	}
	switch (want) {
	case MLX5HWS_ACTION_TYP_CTR:
		if (ra->counter.offset >= a->counter.size) {
			hws_err("counter offset %u outside a bulk of %u",
				ra->counter.offset, a->counter.size);
			return EINVAL;
		}
		s->ctr_offset = ra->counter.offset;
		s->stc_ix[PRM_STC_IX_CTRL] = a->stc[domain];
		s->actions[0] = a;
		break;
	case MLX5HWS_ACTION_TYP_TAG:
		s->tag = ra->tag.value;
		s->stc_ix[PRM_STC_IX_DW5] = a->stc[domain];
		s->actions[1] = a;
		break;
	case MLX5HWS_ACTION_TYP_TBL:
		if (a->tbl->level <= tbl_level) {
			hws_err("go to table of level %u from level %u: the destination must be deeper",
				a->tbl->level, tbl_level);
			return EINVAL;
		}
		__attribute__((__fallthrough__));
	default:
		s->stc_ix[PRM_STC_IX_HIT] = a->stc[domain];
		s->actions[2] = a;
		break;
	}
	return 0;
}

static int set_build(struct mlx5hws_context *ctx, enum hws_domain domain,
		     uint32_t tbl_level, bool jumbo,
		     const struct mlx5hws_action_template *at,
		     const struct mlx5hws_rule_action rule_actions[],
		     struct hws_action_set *s)
{
	const uint32_t *defaults = ctx->stc[domain].defaults;
	uint8_t i;
	int err;

	memset(s, 0, sizeof(*s));
	s->domain = domain;
	s->stc_ix[PRM_STC_IX_CTRL] = defaults[HWS_STC_NOP_CTR];
	s->stc_ix[PRM_STC_IX_HIT] = defaults[HWS_STC_DEFAULT_HIT];
	if (!jumbo) {
		s->stc_ix[PRM_STC_IX_DW5] = defaults[HWS_STC_NOP_DW5];
		s->stc_ix[PRM_STC_IX_DW6] = defaults[HWS_STC_NOP_DW6];
		s->stc_ix[PRM_STC_IX_DW7] = defaults[HWS_STC_NOP_DW7];
	}
	if (at->num && !rule_actions) {
		hws_err("rule without its actions");
		return EINVAL;
	}
	for (i = 0; i < at->num; i++) {
		err = resolve_action(ctx, domain, tbl_level, at->types[i],
				     &rule_actions[i], s);
		if (err)
			return err;
	}
	/* the last valid slot: hit only (jumbo), or three single DWs */
	s->stc_ix[PRM_STC_IX_CTRL] |= (jumbo ? 1u : 4u)
				      << PRM_STC_IX_NUM_ACTIONS_SHIFT;
	s->hash = set_hash(s);
	return 0;
}

static int sets_grow(struct mlx5hws_context *ctx)
{
	uint32_t n = ctx->action_set_buckets ? ctx->action_set_buckets * 2 :
					       64,
		 i;
	struct hws_action_set **tab = hws_zalloc(&ctx->mem, n * sizeof(*tab));

	if (!tab)
		return ENOMEM;
	for (i = 0; i < ctx->action_set_buckets; i++) {
		struct hws_action_set *s = ctx->action_sets[i], *next;

		for (; s; s = next) {
			next = s->next;
			s->next = tab[s->hash & (n - 1)];
			tab[s->hash & (n - 1)] = s;
		}
	}
	hws_free(&ctx->mem, ctx->action_sets);
	ctx->action_sets = tab;
	ctx->action_set_buckets = n;
	return 0;
}

int hws_action_set_get(struct mlx5hws_context *ctx, enum hws_domain domain,
		       uint32_t tbl_level, bool jumbo,
		       const struct mlx5hws_action_template *at,
		       const struct mlx5hws_rule_action rule_actions[],
		       struct hws_action_set **set)
{
	struct hws_action_set want, *s;
	int err, i;

	err = set_build(ctx, domain, tbl_level, jumbo, at, rule_actions,
			&want);
	if (err)
		return err;
	pthread_mutex_lock(&ctx->action_set_lock);
	if (ctx->action_set_count >= ctx->action_set_buckets &&
	    sets_grow(ctx)) {
		err = ENOMEM;
		goto unlock;
	}
	for (s = ctx->action_sets[want.hash & (ctx->action_set_buckets - 1)];
	     s; s = s->next)
		if (s->hash == want.hash && set_equal(s, &want))
			break;
	if (!s) {
		s = hws_zalloc(&ctx->mem, sizeof(*s));
		if (!s) {
			err = ENOMEM;
			goto unlock;
		}
		*s = want;
		s->next = ctx->action_sets[s->hash &
					   (ctx->action_set_buckets - 1)];
		ctx->action_sets[s->hash & (ctx->action_set_buckets - 1)] = s;
		ctx->action_set_count++;
		for (i = 0; i < HWS_AT_MAX_ACTIONS; i++)
			if (s->actions[i])
				__atomic_add_fetch(&s->actions[i]->users, 1,
						   __ATOMIC_RELAXED);
	}
	/* cache hits take references without the lock */
	__atomic_add_fetch(&s->users, 1, __ATOMIC_RELAXED);
	*set = s;
unlock:
	pthread_mutex_unlock(&ctx->action_set_lock);
	return err;
}

/* Drop a reference, under action_set_lock: the last one frees the set. */
static void hws_action_set_put_locked(struct mlx5hws_context *ctx,
				      struct hws_action_set *set)
{
	struct hws_action_set **pp;
	int i;

	if (__atomic_sub_fetch(&set->users, 1, __ATOMIC_ACQ_REL))
		return;
	pp = &ctx->action_sets[set->hash & (ctx->action_set_buckets - 1)];
	while (*pp != set)
		pp = &(*pp)->next;
	*pp = set->next;
	ctx->action_set_count--;
	for (i = 0; i < HWS_AT_MAX_ACTIONS; i++)
		if (set->actions[i])
			__atomic_sub_fetch(&set->actions[i]->users, 1,
					   __ATOMIC_RELEASE);
	hws_free(&ctx->mem, set);
}

/*
 * A set reaches 0 users only under the lock, where lookups find it, and
 * only when no cache holds it, so cache hits never revive a dying set.
 */
void hws_action_set_put(struct mlx5hws_context *ctx, struct hws_action_set *set)
{
	uint32_t users = __atomic_load_n(&set->users, __ATOMIC_RELAXED);

	while (users > 1)
		if (__atomic_compare_exchange_n(&set->users, &users, users - 1,
						false, __ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			return;
	pthread_mutex_lock(&ctx->action_set_lock);
	hws_action_set_put_locked(ctx, set);
	pthread_mutex_unlock(&ctx->action_set_lock);
}

void hws_action_cache_init(struct mlx5hws_context *ctx,
			   struct hws_action_cache *cache)
{
	memset(cache, 0, sizeof(*cache));
	pthread_spin_init(&cache->lock, PTHREAD_PROCESS_PRIVATE);
	pthread_mutex_lock(&ctx->action_set_lock);
	hws_list_add_tail(&ctx->action_caches, &cache->node);
	pthread_mutex_unlock(&ctx->action_set_lock);
}

void hws_action_cache_fini(struct mlx5hws_context *ctx,
			   struct hws_action_cache *cache)
{
	pthread_mutex_lock(&ctx->action_set_lock);
	hws_list_del(&cache->node);
	if (cache->set)
		hws_action_set_put_locked(ctx, cache->set);
	pthread_mutex_unlock(&ctx->action_set_lock);
	pthread_spin_destroy(&cache->lock);
}

int hws_action_set_get_cached(struct mlx5hws_context *ctx,
			      struct hws_action_cache *cache,
			      enum hws_domain domain, uint32_t tbl_level,
			      bool jumbo,
			      const struct mlx5hws_action_template *at,
			      const struct mlx5hws_rule_action rule_actions[],
			      struct hws_action_set **set)
{
	size_t len = at->num * sizeof(*rule_actions);
	struct hws_action_set *s = NULL, *old;
	uint8_t i;
	int err;

	if (at->num && !rule_actions)
		return hws_action_set_get(ctx, domain, tbl_level, jumbo, at,
					  rule_actions, set);
	pthread_spin_lock(&cache->lock);
	/* the whole union: values that resolve alike may still differ here */
	for (i = 0; cache->set && i < at->num; i++)
		if (cache->ra[i].action != rule_actions[i].action ||
		    cache->ra[i].reserved[0] != rule_actions[i].reserved[0] ||
		    cache->ra[i].reserved[1] != rule_actions[i].reserved[1])
			break;
	if (cache->set && i == at->num) {
		/* the cache's own reference keeps the set alive */
		s = cache->set;
		__atomic_add_fetch(&s->users, 1, __ATOMIC_RELAXED);
	}
	pthread_spin_unlock(&cache->lock);
	if (s) {
		*set = s;
		return 0;
	}
	err = hws_action_set_get(ctx, domain, tbl_level, jumbo, at,
				 rule_actions, &s);
	if (err)
		return err;
	__atomic_add_fetch(&s->users, 1, __ATOMIC_RELAXED);
	pthread_spin_lock(&cache->lock);
	old = cache->set;
	cache->set = s;
	/* a template without actions may come without rule_actions */
	if (len)
		memcpy(cache->ra, rule_actions, len);
	pthread_spin_unlock(&cache->lock);
	if (old)
		hws_action_set_put(ctx, old);
	*set = s;
	return 0;
}

/* Drop the cached sets that use action, so that it can go. */
static void hws_action_cache_evict(struct mlx5hws_context *ctx,
				   const struct mlx5hws_action *action)
{
	struct hws_action_cache *cache;
	struct hws_action_set *s;
	struct hws_list *pos;
	int i;

	pthread_mutex_lock(&ctx->action_set_lock);
	hws_list_for_each(pos, &ctx->action_caches) {
		cache = hws_container_of(pos, struct hws_action_cache, node);
		pthread_spin_lock(&cache->lock);
		s = cache->set;
		for (i = 0; s && i < HWS_AT_MAX_ACTIONS; i++)
			if (s->actions[i] == action)
				break;
		if (s && i < HWS_AT_MAX_ACTIONS)
			cache->set = NULL;
		else
			s = NULL;
		pthread_spin_unlock(&cache->lock);
		if (s)
			hws_action_set_put_locked(ctx, s);
	}
	pthread_mutex_unlock(&ctx->action_set_lock);
}

void hws_action_set_park(struct mlx5hws_context *ctx,
			 struct hws_action_set_ref **list,
			 struct hws_action_set *set)
{
	struct hws_action_set_ref *ref = hws_zalloc(&ctx->mem, sizeof(*ref));

	if (!ref) {
		/* the set then stays until the context closes */
		hws_err("no memory to park an action set; its actions stay in use");
		return;
	}
	ref->set = set;
	pthread_mutex_lock(&ctx->action_set_lock);
	ref->next = *list;
	*list = ref;
	pthread_mutex_unlock(&ctx->action_set_lock);
}

void hws_action_set_release_parked(struct mlx5hws_context *ctx,
				   struct hws_action_set_ref **list)
{
	struct hws_action_set_ref *ref, *next;

	for (ref = *list; ref; ref = next) {
		next = ref->next;
		hws_action_set_put(ctx, ref->set);
		hws_free(&ctx->mem, ref);
	}
	*list = NULL;
}

void hws_action_set_apply(const struct hws_action_set *set, uint8_t *ste,
			  bool jumbo)
{
	uint32_t v;

	v = htobe32(set->ctr_offset);
	memcpy(ste + 4 * PRM_STE_DW_CTR, &v, 4);
	if (!jumbo) {
		v = htobe32(set->tag);
		memcpy(ste + 4 * PRM_STE_DW_ACTION0, &v, 4);
	}
}
