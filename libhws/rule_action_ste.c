// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* A rule's actions beyond its match STE: its own words, its action STEs. */
#include <errno.h>
#include <string.h>

#include "rule.h"

/*
 * A rule's own action data, for the rules with words of their own or action
 * STEs: rule->act points here with HWS_RULE_EXT set.
 */
struct hws_rule_ext {
	struct hws_action_set *set;
	/* where its actions continue when they need more than the match STE;
	 * a rehash moves the match STE only, so the chunk stays
	 */
	struct hws_action_ste_chunk chunk;
	uint32_t words[]; /* set->num_words */
};

#define HWS_RULE_EXT 1u

static struct hws_rule_ext *hws_rule_act_ext(uintptr_t act)
{
	return act & HWS_RULE_EXT ?
		       (struct hws_rule_ext *)(act & ~(uintptr_t)HWS_RULE_EXT) :
		       NULL;
}

struct hws_action_set *hws_rule_act_set(uintptr_t act)
{
	struct hws_rule_ext *x = hws_rule_act_ext(act);

	return x ? x->set : (struct hws_action_set *)act;
}

/* hws_rule_act_make() for a set with words or action STEs: out of line */
static __attribute__((noinline)) int
hws_rule_act_make_ext(struct mlx5hws_context *ctx, struct hws_action_set *set,
		      const uint32_t *words, uintptr_t *act)
{
	unsigned int n = set->num_words;
	struct hws_rule_ext *x;

	x = hws_zalloc(&ctx->mem, sizeof(*x) + n * sizeof(*words));
	if (!x)
		return ENOMEM;
	x->set = set;
	memcpy(x->words, words, n * sizeof(*words));
	*act = (uintptr_t)x | HWS_RULE_EXT;
	return 0;
}

int hws_rule_act_make(struct mlx5hws_context *ctx, struct hws_action_set *set,
		      const uint32_t *words, uintptr_t *act)
{
	if (set->num_words || set->num_stes > 1)
		return hws_rule_act_make_ext(ctx, set, words, act);
	*act = (uintptr_t)set;
	return 0;
}

void hws_rule_act_drop(struct mlx5hws_context *ctx, uintptr_t act)
{
	struct hws_rule_ext *x = hws_rule_act_ext(act);

	if (x)
		hws_free(&ctx->mem, x);
}

void hws_rule_act_release(struct mlx5hws_context *ctx, uintptr_t act)
{
	struct hws_rule_ext *x = hws_rule_act_ext(act);

	if (x) {
		hws_action_ste_chunk_free(ctx, &x->chunk);
		hws_action_set_put(ctx, x->set);
		hws_free(&ctx->mem, x);
	} else if (act) {
		hws_action_set_put(ctx, (struct hws_action_set *)act);
	}
}

void hws_rule_act_park(struct mlx5hws_context *ctx,
		       struct mlx5hws_matcher *matcher, uintptr_t act)
{
	struct hws_rule_ext *x = hws_rule_act_ext(act);

	hws_action_set_park(ctx, &matcher->parked_sets, hws_rule_act_set(act));
	if (x) {
		hws_action_ste_chunk_park(ctx, &matcher->parked_chunks,
					  &x->chunk);
		hws_free(&ctx->mem, x);
	}
}

struct hws_action_ste_chunk hws_rule_chunk(const struct mlx5hws_rule *rule)
{
	struct hws_rule_ext *x = hws_rule_act_ext(rule->act);
	struct hws_action_ste_chunk none = { 0 };

	return x ? x->chunk : none;
}

/* The chunk of x's action STEs, out of line: most sets have none. */
static __attribute__((noinline)) int
hws_rule_act_alloc_chunk(struct hws_send_queue *q,
			 const struct mlx5hws_matcher *matcher,
			 struct hws_rule_ext *x)
{
	struct mlx5hws_context *ctx = matcher->tbl->ctx;
	uint8_t n = x->set->num_stes - 1;
	int err;

	err = hws_action_ste_chunk_alloc(
		ctx, hws_action_ste_pool_of(ctx, q->id, matcher->tbl->domain),
		hws_action_ste_order(n), &x->chunk);
	if (err)
		hws_err("rule: no action STEs for %u of its actions' STEs: %s",
			n, strerror(err));
	return err;
}

int hws_rule_act_take_chunk(struct hws_send_queue *q,
			    const struct mlx5hws_matcher *matcher,
			    uintptr_t act)
{
	const struct hws_action_set *set = hws_rule_act_set(act);
	struct hws_rule_ext *x = hws_rule_act_ext(act);

	if (x)
		memset(&x->chunk, 0, sizeof(x->chunk));
	/* more than one STE: act_make gave it an ext */
	if (set->num_stes <= 1)
		return 0;
	return hws_rule_act_alloc_chunk(q, matcher, x);
}

void hws_rule_act_free_chunk(struct mlx5hws_context *ctx, uintptr_t act)
{
	struct hws_rule_ext *x = hws_rule_act_ext(act);

	if (x)
		hws_action_ste_chunk_free(ctx, &x->chunk);
}

/* Point an STE's hit at action STE index of chunk's table. */
static void hws_rule_act_jump_to(uint8_t ste[PRM_STE_SIZE], uint32_t stc_ix[],
				 const struct hws_action_ste_chunk *chunk,
				 uint32_t index)
{
	uint32_t v = htobe32(index << 6);

	stc_ix[PRM_STC_IX_HIT] = chunk->tbl->jump_stc;
	memcpy(ste + 4 * PRM_STE_DW_HIT_LSB, &v, 4);
}

const uint32_t *hws_rule_act_apply(uintptr_t act, uint8_t ste[PRM_STE_SIZE],
				   uint32_t stc_buf[PRM_STC_IX_MAX], bool jumbo)
{
	struct hws_rule_ext *x = hws_rule_act_ext(act);
	const uint32_t *stc_ix;

	if (!x)
		return hws_action_set_apply((struct hws_action_set *)act, 0,
					    NULL, ste, jumbo);
	stc_ix = hws_action_set_apply(x->set, 0, x->words, ste, jumbo);
	if (x->set->num_stes <= 1)
		return stc_ix;
	memcpy(stc_buf, stc_ix, PRM_STC_IX_MAX * sizeof(*stc_buf));
	hws_rule_act_jump_to(ste, stc_buf, &x->chunk, x->chunk.offset);
	return stc_buf;
}

/*
 * Last to first, so that each exists before anything jumps to it: STE k of
 * the set goes to index offset + k - 1, and all but the last jump to the
 * next.
 */
void hws_rule_act_post_stes(struct hws_send_queue *q, uint16_t op,
			    uintptr_t act, unsigned int dirs)
{
	const struct hws_rule_ext *x = hws_rule_act_ext(act);
	const struct hws_action_ste_chunk *chunk;
	const struct hws_action_set *set;
	uint32_t stc_ix[PRM_STC_IX_MAX];
	unsigned int dir;
	int k;

	if (!x || !x->chunk.tbl)
		return;
	chunk = &x->chunk;
	set = x->set;
	for (k = set->num_stes - 1; k >= 1; k--) {
		/* built in the ring: the first direction's WQE uses it as is */
		uint8_t *ste = hws_send_ste_data(q);
		struct hws_send_ste s = {
			.gta_op = PRM_GTA_OP_ACTIVATE,
			.stc_ix = stc_ix,
			.data = ste,
			.dirix = chunk->offset + k - 1,
		};

		memset(ste, 0, PRM_STE_SIZE);
		memcpy(stc_ix,
		       hws_action_set_apply(set, k, x->words, ste, false),
		       sizeof(stc_ix));
		if (k < set->num_stes - 1)
			hws_rule_act_jump_to(ste, stc_ix, chunk,
					     chunk->offset + k);
		for (dir = 0; dir < HWS_DIR_MAX; dir++) {
			if (!(dirs & HWS_DIR_BIT(dir)))
				continue;
			s.cookie = dir | HWS_RULE_COOKIE_ACTION;
			s.rtc_id = chunk->tbl->rtc[dir].id;
			hws_send_post_ste(q, op, &s, false);
		}
	}
}
