/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Rules: written as GTA WQEs, one per direction, into a matcher's RTCs
 * (retried on the collision RTC), removed by their tag.  Actions that do not
 * fit the match STE go first, last to first, into action STEs of a chunk
 * from the queue's pool (action_ste_pool.h), which the match STE jumps to.
 * The operations here serve the template API and, through hws_rule_post_*(),
 * the BWC layer.
 */
#ifndef HWS_RULE_H
#define HWS_RULE_H

#include "matcher.h"

/* Where a rule lives, per direction: written, and in the collision table. */
#define HWS_RULE_PLACED(dir) (1u << (2 * (dir)))
#define HWS_RULE_IN_COL(dir) (2u << (2 * (dir)))
/*
 * The STE of dir may or may not be there: a device error stopped its WQE
 * with no completion.  Its removal also succeeds by finding nothing.
 */
#define HWS_RULE_UNSURE(dir) (16u << (dir))
#define HWS_RULE_UNSURE_ANY (HWS_RULE_UNSURE(0) | HWS_RULE_UNSURE(1))
#define HWS_RULE_PLACED_ALL (HWS_RULE_PLACED(0) | HWS_RULE_PLACED(1))

/*
 * cookie of a rule WQE: its direction, whether it targets collision,
 * whether it writes an action STE rather than the match STE, or an argument
 * ahead of the STEs
 */
#define HWS_RULE_COOKIE_DIR 0x01
#define HWS_RULE_COOKIE_ARG 0x20
#define HWS_RULE_COOKIE_ACTION 0x40
#define HWS_RULE_COOKIE_COL 0x80

struct mlx5hws_rule {
	struct mlx5hws_rule *bwc_next;	/* the BWC matcher's index chain */
	/* the BWC matcher, which stays while a rehash changes matcher */
	struct mlx5hws_bwc_matcher *bwc;
	struct mlx5hws_matcher *matcher;
	/*
	 * Its action set, or with bit 0 set its struct hws_rule_ext
	 * (rule_action_ste.c):
	 * the set, the rule's own words and the chunk of action STEs, for the
	 * rules that have them; the others pay for no more than the set.
	 */
	uintptr_t act;
	uint8_t state;			/* enum mlx5hws_rule_state */
	uint8_t dirs;			/* directions its flow source uses */
	uint8_t placed;			/* HWS_RULE_* in matcher */
	uint8_t moving;			/* HWS_RULE_* in a rehash's target */
	uint8_t bwc_queue;
	uint8_t error;			/* worst hws_wqe_status of the last op */
	uint8_t bwc_orphan; /* on the BWC matcher's orphan list */
	uint8_t mt_idx;			/* its match template in matcher */
	uint8_t tag[];			/* the matcher's tag_len bytes */
};

enum hws_op_kind {
	HWS_OP_CREATE,
	HWS_OP_DELETE,
	HWS_OP_REMOVE,	/* a deletion whose rule the owner frees */
	HWS_OP_UPDATE,
	HWS_OP_MOVE,	/* write into a rehash's target matcher */
	HWS_OP_UNMOVE,	/* take it out again */
};

/* The directions a flow source uses in a matcher (0 if none). */
static inline unsigned int hws_rule_dirs(const struct mlx5hws_matcher *matcher,
					 uint32_t flow_source)
{
	unsigned int dirs = matcher->dirs;

	if (flow_source == MLX5HWS_FLOW_SOURCE_UPLINK)
		dirs &= HWS_DIR_BIT(HWS_DIR_RX);
	else if (flow_source == MLX5HWS_FLOW_SOURCE_LOCAL_VPORT)
		dirs &= HWS_DIR_BIT(HWS_DIR_TX);
	return dirs;
}

/* Where the rule's actions continue: its chunk of action STEs (0: none). */
struct hws_action_ste_chunk hws_rule_chunk(const struct mlx5hws_rule *rule);

/* The bytes a rule of matcher takes, its tag included. */
size_t hws_rule_size(const struct mlx5hws_matcher *matcher);
/*
 * Make a rule of matcher (not yet written) in r, memory of hws_rule_size()
 * with the struct zeroed: tag from the values, actions resolved.
 * r->matcher is set only on success.  The rule counts against the matcher
 * until hws_rule_fini().
 */
int hws_rule_init(struct mlx5hws_matcher *matcher, uint8_t mt_idx,
		  const uint32_t *match_param, uint8_t at_idx,
		  const struct mlx5hws_rule_action rule_actions[],
		  uint32_t flow_source, struct mlx5hws_rule *r);
/*
 * hws_rule_init() for a caller that made its checks: match_param set,
 * mt_idx and at_idx templates of matcher, dirs the flow source's
 * directions in it, none missing.
 */
int hws_rule_init_dirs(struct mlx5hws_matcher *matcher, uint8_t mt_idx,
		       const uint32_t *match_param, uint8_t at_idx,
		       const struct mlx5hws_rule_action rule_actions[],
		       unsigned int dirs, struct mlx5hws_rule *r);
void hws_rule_fini(struct mlx5hws_rule *rule);
/* hws_rule_init() on memory of the context's heap, and its release. */
int hws_rule_alloc(struct mlx5hws_matcher *matcher, uint8_t mt_idx,
		   const uint32_t *match_param, uint8_t at_idx,
		   const struct mlx5hws_rule_action rule_actions[],
		   uint32_t flow_source, struct mlx5hws_rule **rule);
void hws_rule_free(struct mlx5hws_rule *rule);

/*
 * A rule of a root matcher, written at once through the kernel; it counts
 * against the matcher until hws_rule_root_destroy() frees it.  It keeps
 * the kernel's rule where other rules keep their tag.
 */
int hws_rule_root_create(struct mlx5hws_matcher *matcher,
			 const uint32_t *match_param, uint8_t at_idx,
			 const struct mlx5hws_rule_action rule_actions[],
			 struct mlx5hws_rule **rule);
int hws_rule_root_destroy(struct mlx5hws_rule *rule);

static inline bool hws_rule_is_root(const struct mlx5hws_rule *rule)
{
	return rule->matcher->root;
}

/* The directions whose bits are set in placed (HWS_RULE_*). */
unsigned int hws_rule_placed_dirs(uint8_t placed);

/* Post an operation on q; user asks for a result for mlx5hws_send_queue_poll. */
/*
 * rule_actions: the rule's, for the arguments of its modify-header actions,
 * which go ahead of its STEs; EBUSY while the ring has no room for them.
 */
int hws_rule_post_create(struct hws_send_queue *q, struct mlx5hws_rule *rule,
			 const struct mlx5hws_rule_action rule_actions[],
			 void *user_data, bool user, bool burst);
/*
 * keep: the rule stays allocated when its STEs are gone (rule->placed 0);
 * the caller frees it with hws_rule_free().
 */
int hws_rule_post_delete(struct hws_send_queue *q, struct mlx5hws_rule *rule,
			 void *user_data, bool user, bool burst, bool keep);
int hws_rule_post_update(struct hws_send_queue *q, struct mlx5hws_rule *rule,
			 struct hws_action_set *set, const uint32_t *words,
			 const struct mlx5hws_rule_action rule_actions[],
			 void *user_data, bool user, bool burst);
int hws_rule_post_move(struct hws_send_queue *q, struct mlx5hws_rule *rule,
		       struct mlx5hws_matcher *to);
int hws_rule_post_unmove(struct hws_send_queue *q, struct mlx5hws_rule *rule,
			 struct mlx5hws_matcher *to);
/* The move is done: the rule lives in to, where it was moved. */
void hws_rule_move_commit(struct mlx5hws_rule *rule,
			  struct mlx5hws_matcher *to);

/*
 * A rule's actions as rule->act holds them (rule_action_ste.c), for rule.c:
 * the action set alone, or with the rule's own words and the chunk of
 * action STEs its actions continue in.
 */
/* The act of set and words: the set alone if that is all; set passes to it. */
int hws_rule_act_make(struct mlx5hws_context *ctx, struct hws_action_set *set,
		      const uint32_t *words, uintptr_t *act);
/* Undo hws_rule_act_make() of an unused act; the set stays the caller's. */
void hws_rule_act_drop(struct mlx5hws_context *ctx, uintptr_t act);
/* Give back act's action STEs, its set and its memory. */
void hws_rule_act_release(struct mlx5hws_context *ctx, uintptr_t act);
/*
 * Park act's set and chunk with matcher until it goes: the device may use
 * them still; its memory goes.
 */
void hws_rule_act_park(struct mlx5hws_context *ctx,
		       struct mlx5hws_matcher *matcher, uintptr_t act);
struct hws_action_set *hws_rule_act_set(uintptr_t act);
/*
 * The chunk of act's action STEs from q's pool of matcher's domain (none
 * when the match STE holds them all); ENOMEM or ENOSPC when none can be
 * had.  The ring's room is the operation's to ask for.
 */
int hws_rule_act_take_chunk(struct hws_send_queue *q,
			    const struct mlx5hws_matcher *matcher,
			    uintptr_t act);
/* Give back act's chunk, if it has one. */
void hws_rule_act_free_chunk(struct mlx5hws_context *ctx, uintptr_t act);
/*
 * The match STE's share of act: its action words; with action STEs, its
 * hit jumps to the first of the chunk.  Returns its WQE's stc_ix slots:
 * the set's, or with a jump, those written to stc_buf.
 */
const uint32_t *hws_rule_act_apply(uintptr_t act, uint8_t ste[PRM_STE_SIZE],
				   uint32_t stc_buf[PRM_STC_IX_MAX],
				   bool jumbo);
/* Write act's action STEs, if any, into its chunk in each direction of dirs. */
void hws_rule_act_post_stes(struct hws_send_queue *q, uint16_t op,
			    uintptr_t act, unsigned int dirs);

/* The completion handler for every rule operation. */
void hws_rule_wqe_done(struct hws_send_queue *q,
		       const struct hws_wqe_done *done, void *arg);

void hws_rule_fill_info(const struct mlx5hws_rule *rule,
			struct mlx5hws_rule_info *info);

#endif /* HWS_RULE_H */
