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

int hws_rule_act_make(struct mlx5hws_context *ctx, struct hws_action_set *set,
		      const uint32_t *words, uintptr_t *act)
{
	unsigned int n = set->num_words;
	struct hws_rule_ext *x;

	if (!n && set->num_stes <= 1) {
		*act = (uintptr_t)set;
		return 0;
	}
	x = hws_zalloc(&ctx->mem, sizeof(*x) + n * sizeof(*words));
	if (!x)
		return ENOMEM;
	x->set = set;
	memcpy(x->words, words, n * sizeof(*words));
	*act = (uintptr_t)x | HWS_RULE_EXT;
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

int hws_rule_act_take_chunk(struct hws_send_queue *q,
			    const struct mlx5hws_matcher *matcher,
			    uintptr_t act, unsigned int dirs,
			    unsigned int arg_wqes)
{
	struct mlx5hws_context *ctx = matcher->tbl->ctx;
	const struct hws_action_set *set = hws_rule_act_set(act);
	struct hws_rule_ext *x = hws_rule_act_ext(act);
	/* two directions at most: no popcount call */
	unsigned int ndirs = !!(dirs & HWS_DIR_BIT(HWS_DIR_RX)) +
			     !!(dirs & HWS_DIR_BIT(HWS_DIR_TX));
	int err;

	if (x)
		memset(&x->chunk, 0, sizeof(x->chunk));
	if (hws_send_ring_room(q) < set->num_stes * ndirs + arg_wqes)
		return EBUSY;
	/* more than one STE: act_make gave it an ext */
	if (set->num_stes <= 1)
		return 0;
	err = hws_action_ste_chunk_alloc(
		ctx, hws_action_ste_pool_of(ctx, q->id, matcher->tbl->domain),
		hws_action_ste_order(set->num_stes - 1), &x->chunk);
	if (err)
		hws_err("rule: no action STEs for %u of its actions' STEs: %s",
			set->num_stes - 1, strerror(err));
	return err;
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

void hws_rule_act_apply(uintptr_t act, uint8_t ste[PRM_STE_SIZE],
			uint32_t stc_ix[PRM_STC_IX_MAX], bool jumbo)
{
	const struct hws_action_set *set = hws_rule_act_set(act);
	struct hws_rule_ext *x = hws_rule_act_ext(act);

	hws_action_set_apply(set, 0, x ? x->words : NULL, ste, jumbo);
	memcpy(stc_ix, set->ste[0].stc_ix, sizeof(set->ste[0].stc_ix));
	if (set->num_stes > 1)
		hws_rule_act_jump_to(ste, stc_ix, &x->chunk, x->chunk.offset);
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
	uint8_t ste[PRM_STE_SIZE];
	unsigned int dir;
	int k;

	if (!x || !x->chunk.tbl)
		return;
	chunk = &x->chunk;
	set = x->set;
	for (k = set->num_stes - 1; k >= 1; k--) {
		struct hws_send_ste s = {
			.gta_op = PRM_GTA_OP_ACTIVATE,
			.stc_ix = stc_ix,
			.data = ste,
			.dirix = chunk->offset + k - 1,
		};

		memset(ste, 0, sizeof(ste));
		hws_action_set_apply(set, k, x->words, ste, false);
		memcpy(stc_ix, set->ste[k].stc_ix, sizeof(stc_ix));
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
