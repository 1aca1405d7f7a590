// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Action sets: a rule's actions resolved into the stc_ix slots and STE
 * words of each of its STEs, shared by the rules with the same ones, and the
 * matchers' caches of the last set they resolved.
 */
#include <errno.h>
#include <string.h>

#include "action.h"
#include "table.h"

/* The largest set, for building one on the stack */
union hws_action_set_buf {
	struct hws_action_set set;
	uint8_t bytes[sizeof(struct hws_action_set) +
		      HWS_AT_MAX_STES * sizeof(struct hws_action_ste) +
		      HWS_AT_MAX_ACTIONS * sizeof(struct mlx5hws_action *)];
};

static size_t hws_action_set_size(const struct hws_action_set *s)
{
	return sizeof(*s) + s->num_stes * sizeof(s->ste[0]) +
	       s->num_actions * sizeof(struct mlx5hws_action *);
}

static uint32_t hws_action_set_hash(const struct hws_action_set *s)
{
	const uint8_t *p = (const uint8_t *)s->ste,
		      *end = (const uint8_t *)s + hws_action_set_size(s);
	uint32_t h = 2166136261u;

	/* FNV-1a over the STEs and the actions that make a set what it is */
	for (; p < end; p++)
		h = (h ^ *p) * 16777619u;
	return h ^ s->domain ^ s->rule_words;
}

static bool hws_action_set_equal(const struct hws_action_set *a,
				 const struct hws_action_set *b)
{
	return a->domain == b->domain && a->num_stes == b->num_stes &&
	       a->num_actions == b->num_actions &&
	       a->rule_words == b->rule_words &&
	       !memcmp(a->ste, b->ste, hws_action_set_size(a) - sizeof(*a));
}

/* Check one rule action against its template slot and fill its STE. */
static int hws_action_set_resolve(struct mlx5hws_context *ctx,
				  enum hws_domain domain, uint32_t tbl_level,
				  enum mlx5hws_action_type want, uint8_t slots,
				  const struct mlx5hws_rule_action *ra,
				  struct hws_action_ste *ste)
{
	struct mlx5hws_action *a = ra->action;

	if (!a || a->type != want) {
		hws_err("rule action %s does not follow the template (%s expected)",
			a ? hws_action_type_name(a->type) : "(none)",
			hws_action_type_name(want));
		return EINVAL;
	}
	if (a->ctx != ctx || !(a->flags & (1u << domain))) {
		hws_err("%s action was not created for this table type",
			hws_action_type_name(a->type));
		return EINVAL;
	}
	switch (want) {
	case MLX5HWS_ACTION_TYP_CTR:
		if (ra->counter.offset >= a->counter.size) {
			hws_err("counter offset %u outside a bulk of %u",
				ra->counter.offset, a->counter.size);
			return EINVAL;
		}
		ste->ctr = ra->counter.offset;
		ste->stc_ix[PRM_STC_IX_CTRL] = a->stc[domain];
		break;
	case MLX5HWS_ACTION_TYP_TAG:
		ste->dw[0] = ra->tag.value;
		ste->stc_ix[PRM_STC_IX_DW5] = a->stc[domain];
		break;
	case MLX5HWS_ACTION_TYP_PUSH_VLAN:
	case MLX5HWS_ACTION_TYP_POP_VLAN:
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2:
	case MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2:
	case MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3:
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2:
	case MLX5HWS_ACTION_TYP_INSERT_HEADER:
	case MLX5HWS_ACTION_TYP_REMOVE_HEADER:
		/* no slots: merged into the previous action's */
		return hws_action_reformat_resolve(a, domain, !slots, ra, ste);
	case MLX5HWS_ACTION_TYP_MODIFY_HDR:
		return hws_action_modify_resolve(a, domain, ra, ste);
	case MLX5HWS_ACTION_TYP_TBL:
		if (a->tbl->level <= tbl_level) {
			hws_err("go to table of level %u from level %u: the destination must be deeper",
				a->tbl->level, tbl_level);
			return EINVAL;
		}
		__attribute__((__fallthrough__));
	default:
		ste->stc_ix[PRM_STC_IX_HIT] = a->stc[domain];
		break;
	}
	return 0;
}

/*
 * Every STE starts with NOPs and the default hit; the match STE of a jumbo
 * matcher holds a counter and a hit only.  The last slot each STE's WQE
 * sets up: hit only (jumbo), a double in DW6-7, or three single DWs.
 */
static void hws_action_set_defaults(const uint32_t *defaults,
				    struct hws_action_ste *ste, bool jumbo)
{
	ste->stc_ix[PRM_STC_IX_CTRL] = defaults[HWS_STC_NOP_CTR];
	ste->stc_ix[PRM_STC_IX_HIT] = defaults[HWS_STC_DEFAULT_HIT];
	if (jumbo)
		return;
	ste->stc_ix[PRM_STC_IX_DW5] = defaults[HWS_STC_NOP_DW5];
	ste->stc_ix[PRM_STC_IX_DW6] = defaults[HWS_STC_NOP_DW6];
	ste->stc_ix[PRM_STC_IX_DW7] = defaults[HWS_STC_NOP_DW7];
}

/* A word of STE k: DW0 (counter), then DW5, DW6, DW7. */
static uint32_t *hws_action_set_word(struct hws_action_ste *ste, unsigned int w)
{
	return w ? &ste->dw[w - 1] : &ste->ctr;
}

/*
 * Move the words that may differ between rules out of s into words: every
 * word a rule action set (0 is what the set holds anyway).
 */
static void hws_action_set_split(struct hws_action_set *s, uint32_t *words)
{
	unsigned int k, w, n = 0;
	uint32_t *v;

	s->rule_words = 0;
	for (k = 0; k < s->num_stes; k++)
		for (w = 0; w < HWS_SET_STE_WORDS; w++) {
			v = hws_action_set_word(&s->ste[k], w);
			if (!*v)
				continue;
			s->rule_words |= 1u << (HWS_SET_STE_WORDS * k + w);
			words[n++] = *v;
			*v = 0;
		}
	s->num_words = n;
}

static int hws_action_set_build(struct mlx5hws_context *ctx,
				enum hws_domain domain, uint32_t tbl_level,
				bool jumbo,
				const struct mlx5hws_action_template *at,
				const struct mlx5hws_rule_action rule_actions[],
				struct hws_action_set *s, uint32_t *words)
{
	const uint32_t *defaults = ctx->stc[domain].defaults;
	uint8_t lead = jumbo && !at->only_term, doubles = 0, i, k;
	struct mlx5hws_action **actions;
	int err;

	if (at->num && !rule_actions) {
		hws_err("rule without its actions");
		return EINVAL;
	}
	memset(s, 0, sizeof(union hws_action_set_buf));
	s->domain = domain;
	s->num_stes = hws_action_template_num_stes(at, jumbo);
	s->num_actions = at->num;
	for (k = 0; k < s->num_stes; k++)
		hws_action_set_defaults(defaults, &s->ste[k], jumbo && !k);
	for (i = 0; i < at->num; i++) {
		k = at->place[i].ste + lead;
		err = hws_action_set_resolve(ctx, domain, tbl_level,
					     at->types[i], at->place[i].slots,
					     &rule_actions[i], &s->ste[k]);
		if (err)
			return err;
		if (at->place[i].slots & HWS_SLOT_DOUBLE)
			doubles |= 1u << k;
	}
	/* a double in DW6 leaves the DW7 slot unused: 0 */
	for (k = 0; k < s->num_stes; k++)
		if (doubles & (1u << k))
			s->ste[k].stc_ix[PRM_STC_IX_DW7] = 0;
	for (k = 0; k < s->num_stes; k++)
		s->ste[k].stc_ix[PRM_STC_IX_CTRL] |=
			(jumbo && !k	     ? 1u :
			 doubles & (1u << k) ? 3u :
					       4u)
			<< PRM_STC_IX_NUM_ACTIONS_SHIFT;
	actions = hws_action_set_actions(s);
	for (i = 0; i < at->num; i++) {
		actions[i] = rule_actions[i].action;
		if (hws_action_has_arg(actions[i]))
			s->arg_actions |= 1u << i;
	}
	hws_action_set_split(s, words);
	s->hash = hws_action_set_hash(s);
	return 0;
}

static int hws_action_sets_grow(struct mlx5hws_context *ctx)
{
	uint32_t n = ctx->action_set_buckets ? ctx->action_set_buckets * 2 : 64,
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
		       struct hws_action_set **set, uint32_t *words)
{
	union hws_action_set_buf buf;
	struct hws_action_set *want = &buf.set, *s;
	struct mlx5hws_action **actions;
	int err, i;

	err = hws_action_set_build(ctx, domain, tbl_level, jumbo, at,
				   rule_actions, want, words);
	if (err)
		return err;
	pthread_mutex_lock(&ctx->action_set_lock);
	if (ctx->action_set_count >= ctx->action_set_buckets &&
	    hws_action_sets_grow(ctx)) {
		err = ENOMEM;
		goto unlock;
	}
	for (s = ctx->action_sets[want->hash & (ctx->action_set_buckets - 1)];
	     s; s = s->next)
		if (s->hash == want->hash && hws_action_set_equal(s, want))
			break;
	if (!s) {
		s = hws_zalloc(&ctx->mem, hws_action_set_size(want));
		if (!s) {
			err = ENOMEM;
			goto unlock;
		}
		memcpy(s, want, hws_action_set_size(want));
		s->next = ctx->action_sets[s->hash &
					   (ctx->action_set_buckets - 1)];
		ctx->action_sets[s->hash & (ctx->action_set_buckets - 1)] = s;
		ctx->action_set_count++;
		actions = hws_action_set_actions(s);
		for (i = 0; i < s->num_actions; i++)
			if (actions[i])
				__atomic_add_fetch(&actions[i]->users, 1,
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
	for (i = 0; i < set->num_actions; i++)
		if (hws_action_set_actions(set)[i])
			__atomic_sub_fetch(
				&hws_action_set_actions(set)[i]->users, 1,
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

/*
 * A miss of the cache: the set from scratch, then kept in the cache.  An
 * inline modify header takes the rule's value from its data: the cache,
 * which compares the data pointer and not the bytes, would give a caller
 * that reuses its buffer the value of another rule, so it never holds one.
 */
static __attribute__((noinline)) int
hws_action_set_cache_miss(struct mlx5hws_context *ctx,
			  struct hws_action_cache *cache,
			  enum hws_domain domain, uint32_t tbl_level,
			  bool jumbo, const struct mlx5hws_action_template *at,
			  const struct mlx5hws_rule_action rule_actions[],
			  struct hws_action_set **set, uint32_t *words)
{
	size_t len = at->num * sizeof(*rule_actions);
	struct hws_action_set *s, *old;
	uint8_t i;
	int err;

	for (i = 0; i < at->num; i++)
		if (rule_actions[i].action &&
		    rule_actions[i].action->type ==
			    MLX5HWS_ACTION_TYP_MODIFY_HDR &&
		    !rule_actions[i].action->modify.pat &&
		    rule_actions[i].modify_header.data)
			return hws_action_set_get(ctx, domain, tbl_level, jumbo,
						  at, rule_actions, set, words);
	err = hws_action_set_get(ctx, domain, tbl_level, jumbo, at,
				 rule_actions, &s, words);
	if (err)
		return err;
	__atomic_add_fetch(&s->users, 1, __ATOMIC_RELAXED);
	pthread_spin_lock(&cache->lock);
	old = cache->set;
	cache->set = s;
	/* a template without actions may come without rule_actions */
	if (len)
		memcpy(cache->ra, rule_actions, len);
	memcpy(cache->words, words, s->num_words * sizeof(*words));
	pthread_spin_unlock(&cache->lock);
	if (old)
		hws_action_set_put(ctx, old);
	*set = s;
	return 0;
}

int hws_action_set_get_cached(struct mlx5hws_context *ctx,
			      struct hws_action_cache *cache,
			      enum hws_domain domain, uint32_t tbl_level,
			      bool jumbo,
			      const struct mlx5hws_action_template *at,
			      const struct mlx5hws_rule_action rule_actions[],
			      struct hws_action_set **set, uint32_t *words)
{
	struct hws_action_set *s = NULL;
	uint8_t i;

	if (at->num && !rule_actions)
		return hws_action_set_get(ctx, domain, tbl_level, jumbo, at,
					  rule_actions, set, words);
	pthread_spin_lock(&cache->lock);
	/*
	 * The whole union: values that resolve alike may still differ here.
	 * Equal to what the cache holds, the actions are no inline modify
	 * header with data either.
	 */
	for (i = 0; cache->set && i < at->num; i++)
		if (cache->ra[i].action != rule_actions[i].action ||
		    cache->ra[i].reserved[0] != rule_actions[i].reserved[0] ||
		    cache->ra[i].reserved[1] != rule_actions[i].reserved[1])
			break;
	if (cache->set && i == at->num) {
		/* the cache's own reference keeps the set alive */
		s = cache->set;
		__atomic_add_fetch(&s->users, 1, __ATOMIC_RELAXED);
		memcpy(words, cache->words, s->num_words * sizeof(*words));
	}
	pthread_spin_unlock(&cache->lock);
	if (!s)
		return hws_action_set_cache_miss(ctx, cache, domain, tbl_level,
						 jumbo, at, rule_actions, set,
						 words);
	*set = s;
	return 0;
}

void hws_action_cache_evict(struct mlx5hws_context *ctx,
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
		for (i = 0; s && i < s->num_actions; i++)
			if (hws_action_set_actions(s)[i] == action)
				break;
		if (s && i < s->num_actions)
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

/* DW0 and DW5..7 of an STE; a jumbo STE's tag has DW5..7 */
static void hws_action_set_store(uint8_t *ste, uint32_t ctr,
				 const uint32_t dw[3], bool jumbo)
{
	uint32_t be = htobe32(ctr);
	int i;

	memcpy(ste + 4 * PRM_STE_DW_CTR, &be, 4);
	if (jumbo)
		return;
	for (i = 0; i < 3; i++) {
		be = htobe32(dw[i]);
		memcpy(ste + 4 * (PRM_STE_DW_ACTION0 + i), &be, 4);
	}
}

/* hws_action_set_apply() for an STE with words of the rule's: out of line */
static __attribute__((noinline)) const uint32_t *
hws_action_set_apply_words(const struct hws_action_set *set, uint8_t k,
			   const uint32_t *words, uint8_t *ste, bool jumbo)
{
	const struct hws_action_ste *a = &set->ste[k];
	uint32_t mine = set->rule_words >> (HWS_SET_STE_WORDS * k) &
			((1u << HWS_SET_STE_WORDS) - 1);
	uint32_t v[HWS_SET_STE_WORDS] = { a->ctr, a->dw[0], a->dw[1],
					  a->dw[2] };

	/* the rule's words of STE k follow those of the STEs before it */
	words += __builtin_popcount(set->rule_words &
				    ((1u << (HWS_SET_STE_WORDS * k)) - 1));
	for (; mine; mine &= mine - 1)
		v[__builtin_ctz(mine)] = *words++;
	hws_action_set_store(ste, v[0], v + 1, jumbo);
	return a->stc_ix;
}

const uint32_t *hws_action_set_apply(const struct hws_action_set *set,
				     uint8_t k, const uint32_t *words,
				     uint8_t *ste, bool jumbo)
{
	const struct hws_action_ste *a = &set->ste[k];

	if (set->rule_words >> (HWS_SET_STE_WORDS * k) &
	    ((1u << HWS_SET_STE_WORDS) - 1))
		return hws_action_set_apply_words(set, k, words, ste, jumbo);
	hws_action_set_store(ste, a->ctr, a->dw, jumbo);
	return a->stc_ix;
}
