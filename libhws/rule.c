// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Rule operations as GTA WQEs (match STEs, arguments) and their completions. */
#include <errno.h>
#include <string.h>

#include "rule.h"

static struct mlx5hws_context *hws_rule_ctx(const struct mlx5hws_rule *rule)
{
	return rule->matcher->tbl->ctx;
}

/* The matcher's definers share their tag length. */
static uint8_t hws_rule_tag_len(const struct mlx5hws_matcher *matcher)
{
	return matcher->def[0]->tag_len;
}

/*
 * Copy a tag of len bytes: a tag is a match or a jumbo one, and a copy of a
 * size the compiler knows is a few moves, not a byte loop.
 */
static void hws_rule_tag_copy(uint8_t *dst, const uint8_t *src, uint8_t len)
{
	if (len == PRM_MATCH_TAG_SIZE)
		memcpy(dst, src, PRM_MATCH_TAG_SIZE);
	else if (len == PRM_JUMBO_TAG_SIZE)
		memcpy(dst, src, PRM_JUMBO_TAG_SIZE);
	else
		memcpy(dst, src, len);
}

size_t hws_rule_size(const struct mlx5hws_matcher *matcher)
{
	return sizeof(struct mlx5hws_rule) + hws_rule_tag_len(matcher);
}

int hws_rule_init_dirs(struct mlx5hws_matcher *matcher, uint8_t mt_idx,
		       const uint32_t *match_param, uint8_t at_idx,
		       const struct mlx5hws_rule_action rule_actions[],
		       unsigned int dirs, struct mlx5hws_rule *r)
{
	struct mlx5hws_context *ctx = matcher->tbl->ctx;
	uint32_t words[HWS_SET_MAX_WORDS];
	struct hws_action_set *set;
	uint8_t tag[PRM_JUMBO_TAG_SIZE];
	int err;

	err = hws_definer_tag(ctx, matcher->def[mt_idx],
			      (const uint8_t *)match_param, tag);
	if (err)
		return err;
	err = at_idx < HWS_MATCHER_CACHED_AT ?
		      hws_action_set_get_cached(
			      ctx, &matcher->set_cache[at_idx],
			      matcher->tbl->domain, matcher->tbl->level,
			      hws_matcher_jumbo(matcher), matcher->at[at_idx],
			      rule_actions, &set, words) :
		      hws_action_set_get(ctx, matcher->tbl->domain,
					 matcher->tbl->level,
					 hws_matcher_jumbo(matcher),
					 matcher->at[at_idx], rule_actions,
					 &set, words);
	if (err)
		return err;
	err = hws_rule_act_make(ctx, set, words, &r->act);
	if (err) {
		hws_action_set_put(ctx, set);
		return err;
	}
	r->matcher = matcher;
	r->mt_idx = mt_idx;
	r->dirs = dirs;
	r->state = MLX5HWS_RULE_STATE_PENDING;
	hws_rule_tag_copy(r->tag,
			  tag + PRM_JUMBO_TAG_SIZE - hws_rule_tag_len(matcher),
			  hws_rule_tag_len(matcher));
	hws_count_add(&matcher->num_rules, 1);
	hws_count_add(&ctx->rules, 1);
	return 0;
}

int hws_rule_init(struct mlx5hws_matcher *matcher, uint8_t mt_idx,
		  const uint32_t *match_param, uint8_t at_idx,
		  const struct mlx5hws_rule_action rule_actions[],
		  uint32_t flow_source, struct mlx5hws_rule *r)
{
	unsigned int dirs;

	if (!match_param || at_idx >= matcher->num_at ||
	    flow_source > MLX5HWS_FLOW_SOURCE_LOCAL_VPORT) {
		hws_err("rule: no values, action template %u of %u, or flow source %u",
			at_idx, matcher->num_at, flow_source);
		return EINVAL;
	}
	if (mt_idx >= matcher->num_mt) {
		hws_err("rule: match template %u; the matcher has %u", mt_idx,
			matcher->num_mt);
		return EINVAL;
	}
	dirs = hws_rule_dirs(matcher, flow_source);
	if (!dirs) {
		hws_err("rule: flow source %u has no direction in this matcher",
			flow_source);
		return EINVAL;
	}
	return hws_rule_init_dirs(matcher, mt_idx, match_param, at_idx,
				  rule_actions, dirs, r);
}

int hws_rule_alloc(struct mlx5hws_matcher *matcher, uint8_t mt_idx,
		   const uint32_t *match_param, uint8_t at_idx,
		   const struct mlx5hws_rule_action rule_actions[],
		   uint32_t flow_source, struct mlx5hws_rule **rule)
{
	struct mlx5hws_context *ctx = matcher->tbl->ctx;
	struct mlx5hws_rule *r = hws_zalloc(&ctx->mem, hws_rule_size(matcher));
	int err;

	if (!r)
		return ENOMEM;
	err = hws_rule_init(matcher, mt_idx, match_param, at_idx, rule_actions,
			    flow_source, r);
	if (err) {
		hws_free(&ctx->mem, r);
		return err;
	}
	*rule = r;
	return 0;
}

void hws_rule_fini(struct mlx5hws_rule *rule)
{
	struct mlx5hws_context *ctx = hws_rule_ctx(rule);

	hws_count_add(&rule->matcher->num_rules, -1);
	hws_count_add(&ctx->rules, -1);
	/*
	 * its match STE is gone, or never was: nothing jumps to the chunk;
	 * a root rule has no action set
	 */
	hws_rule_act_release(ctx, rule->act);
}

void hws_rule_free(struct mlx5hws_rule *rule)
{
	struct mlx5hws_context *ctx = hws_rule_ctx(rule);

	hws_rule_fini(rule);
	hws_free(&ctx->mem, rule);
}

int hws_rule_root_create(struct mlx5hws_matcher *matcher,
			 const uint32_t *match_param, uint8_t at_idx,
			 const struct mlx5hws_rule_action rule_actions[],
			 struct mlx5hws_rule **rule)
{
	struct mlx5hws_context *ctx = matcher->tbl->ctx;
	struct hws_root_rule *root;
	struct mlx5hws_rule *r;
	int err;

	if (!match_param || at_idx >= matcher->num_at) {
		hws_err("root rule: no values, or action template %u of %u",
			at_idx, matcher->num_at);
		return EINVAL;
	}
	r = hws_zalloc(&ctx->mem, sizeof(*r) + sizeof(root));
	if (!r)
		return ENOMEM;
	err = hws_root_rule_create(matcher->tbl, matcher->root, matcher->def[0],
				   match_param, matcher->at[at_idx],
				   rule_actions, &root);
	if (err) {
		hws_free(&ctx->mem, r);
		return err;
	}
	/* where other rules keep their tag */
	memcpy(r->tag, &root, sizeof(root));
	r->matcher = matcher;
	r->dirs = matcher->dirs;
	r->state = MLX5HWS_RULE_STATE_INSERTED;
	hws_count_add(&matcher->num_rules, 1);
	hws_count_add(&ctx->rules, 1);
	*rule = r;
	return 0;
}

int hws_rule_root_destroy(struct mlx5hws_rule *rule)
{
	struct hws_root_rule *root;
	int err;

	memcpy(&root, rule->tag, sizeof(root));
	err = hws_root_rule_destroy(hws_rule_ctx(rule), root);

	if (!err)
		hws_rule_free(rule);
	return err;
}

/*
 * The 64-byte match STE, in the ring slot of q's next WQE: action words,
 * then the tag in the last bytes; with action STEs, its hit jumps to the
 * first of chunk.  Returns its WQE's stc_ix slots: act's own, or those in
 * stc_buf.  In a matcher whose RTCs hash by a hash definer, DW1 names the
 * definer the rule's template matches by; the device compares its tag by
 * that one.
 */
static inline const uint32_t *
hws_rule_build_ste(struct hws_send_queue *q, const struct mlx5hws_rule *rule,
		   uintptr_t act, uint32_t stc_buf[PRM_STC_IX_MAX])
{
	const struct mlx5hws_matcher *m = rule->matcher;
	uint8_t *ste = hws_send_ste_data(q);
	const uint32_t *stc_ix = NULL;
	uint8_t len = hws_rule_tag_len(m);
	uint32_t dw;

	memset(ste, 0, PRM_STE_SIZE);
	if (act)
		stc_ix = hws_rule_act_apply(act, ste, stc_buf,
					    hws_matcher_jumbo(m));
	if (m->hash_def) {
		dw = htobe32(m->def[rule->mt_idx]->obj.id
			     << PRM_STE_DEFINER_SHIFT);
		memcpy(ste + 4 * PRM_STE_DW_DEFINER, &dw, 4);
	}
	hws_rule_tag_copy(ste + PRM_STE_SIZE - len, rule->tag, len);
	return stc_ix;
}

/*
 * Write an activate or deactivate of the STE hws_rule_build_ste() put in
 * the ring for each direction in dirs, TX first, so that the last WQE (RX,
 * or the only one) asks for the completion; through firmware where the
 * matcher's RTCs take no WQE.  where names the layer per direction for
 * updates and removals; an insertion goes to the main table with the
 * collision table as the retry.  Inline, as hws_rule_build_ste(): each
 * caller's constants spare the insert two calls with many arguments.
 */
static inline void hws_rule_post_stes(struct hws_send_queue *q, uint16_t op,
				      struct mlx5hws_matcher *matcher,
				      uint8_t gta_op, const uint32_t *stc_ix,
				      unsigned int dirs, uint8_t where,
				      bool insert, bool burst)
{
	struct hws_send_ste s = {
		.gta_op = gta_op,
		.stc_ix = stc_ix,
		.data = hws_send_ste_data(q),
	};
	bool retry = insert && matcher->has_col;
	bool fw = hws_matcher_fw_write(matcher);
	unsigned int dir;

	/* the WQE is built only for a direction the rule has */
	while (dirs) {
		bool col;

		dir = 31 - __builtin_clz(dirs);
		dirs &= ~HWS_DIR_BIT(dir);
		col = where & HWS_RULE_IN_COL(dir);
		s.cookie = dir | (col ? HWS_RULE_COOKIE_COL : 0);
		s.rtc_id = col ? matcher->col.rtc[dir].id :
				 matcher->main.rtc[dir].id;
		s.retry_rtc_id = retry ? matcher->col.rtc[dir].id : 0;
		if (fw)
			hws_send_write_ste_fw(q, op, &s);
		else
			hws_send_post_ste(q, op, &s, !dirs && !burst);
	}
}

unsigned int hws_rule_placed_dirs(uint8_t placed)
{
	unsigned int dir, dirs = 0;

	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		if (placed & HWS_RULE_PLACED(dir))
			dirs |= HWS_DIR_BIT(dir);
	return dirs;
}

/* An operation slot for rule; its WQEs then report into rule->error. */
static int hws_rule_take_op(struct hws_send_queue *q, struct mlx5hws_rule *rule,
			    enum hws_op_kind kind, void *user_data, bool user,
			    uint16_t *op)
{
	int err = hws_send_op_alloc(q, rule, user_data, kind, user, op);

	if (!err)
		rule->error = HWS_WQE_OK;
	return err;
}

/* The directions in dirs: two at most, no popcount call. */
static inline unsigned int hws_rule_ndirs(unsigned int dirs)
{
	return !!(dirs & HWS_DIR_BIT(HWS_DIR_RX)) +
	       !!(dirs & HWS_DIR_BIT(HWS_DIR_TX));
}

/*
 * A slot for an operation that writes wqes WQEs: the queue must take them,
 * and its ring have room for them.  Operations with action STEs may hold
 * more than their share of the ring: what they have not run yet must not
 * be written over.
 */
static inline __attribute__((always_inline)) int
hws_rule_post_op(struct hws_send_queue *q, struct mlx5hws_rule *rule,
		 enum hws_op_kind kind, void *user_data, bool user,
		 unsigned int wqes, uint16_t *op)
{
	int err = hws_send_queue_ready(q);

	if (err)
		return err;
	if (hws_send_ring_room(q) < wqes)
		return EBUSY;
	return hws_rule_take_op(q, rule, kind, user_data, user, op);
}

/* MOD_ARG WQEs the set's actions write for a rule: only those with an ARG. */
static unsigned int hws_rule_arg_wqes(const struct hws_action_set *set,
				      const struct mlx5hws_rule_action ra[])
{
	struct mlx5hws_action *const *actions = hws_action_set_actions(set);
	uint32_t todo = ra ? set->arg_actions : 0;
	unsigned int n = 0, i;

	for (; todo; todo &= todo - 1) {
		i = __builtin_ctz(todo);
		n += hws_action_arg(actions[i], &ra[i], NULL, NULL);
	}
	return n;
}

/*
 * Write the rule's arguments ahead of its STEs on the same queue, which
 * executes in order; the ARG stays where it is when a rehash moves the rule.
 */
static void hws_rule_post_args(struct hws_send_queue *q, uint16_t op,
			       const struct hws_action_set *set,
			       const struct mlx5hws_rule_action ra[])
{
	struct mlx5hws_action *const *actions = hws_action_set_actions(set);
	uint32_t todo = ra ? set->arg_actions : 0, index;
	uint8_t buf[HWS_ARG_MAX_BYTES];
	unsigned int i, k, n;

	for (; todo; todo &= todo - 1) {
		i = __builtin_ctz(todo);
		n = hws_action_arg(actions[i], &ra[i], &index, buf);
		for (k = 0; k < n; k++)
			hws_send_post_arg(q, op, HWS_RULE_COOKIE_ARG, index + k,
					  buf + k * PRM_ARG_ENTRY_SIZE);
	}
}

static void hws_rule_finish_op(struct hws_send_queue *q, uint16_t op_idx);

/*
 * Firmware writes a hash-definer matcher's STEs at once, past the ring:
 * the arguments op just put there must be in the device before the STE
 * that reads them (the kernel and DPDK drain the queue for it).  If they
 * are not, op fails without its STEs: true.
 */
static bool hws_rule_fence_args(struct hws_send_queue *q,
				struct mlx5hws_rule *rule, uint16_t op)
{
	struct hws_send_op *o = hws_send_op(q, op);
	int err = hws_send_fence(q, op, hws_rule_wqe_done, NULL);

	if (!err && !o->failed)
		return false;
	hws_err("queue %u: the arguments of a rule written through firmware did not reach the device (%d); its STEs are not written",
		q->id, err);
	o->failed = 1;
	if (rule->error < HWS_WQE_ERROR)
		rule->error = HWS_WQE_ERROR;
	/* after a timeout its WQEs finish it when they complete */
	if (!o->pending)
		hws_rule_finish_op(q, op);
	return true;
}

int hws_rule_post_create(struct hws_send_queue *q, struct mlx5hws_rule *rule,
			 const struct mlx5hws_rule_action rule_actions[],
			 void *user_data, bool user, bool burst)
{
	struct hws_action_set *set = hws_rule_act_set(rule->act);
	unsigned int args = hws_rule_arg_wqes(set, rule_actions), wqes;
	uint32_t stc_buf[PRM_STC_IX_MAX];
	uint16_t op;
	int err;

	err = hws_rule_act_take_chunk(q, rule->matcher, rule->act);
	if (err)
		return err;
	wqes = set->num_stes * hws_rule_ndirs(rule->dirs) + args;
	err = hws_rule_post_op(q, rule, HWS_OP_CREATE, user_data, user, wqes,
			       &op);
	if (err) {
		hws_rule_act_free_chunk(hws_rule_ctx(rule), rule->act);
		return err;
	}
	/* most sets write no argument and have no action STE: no calls */
	if (args)
		hws_rule_post_args(q, op, set, rule_actions);
	rule->state = MLX5HWS_RULE_STATE_PENDING;
	if (args && hws_matcher_fw_write(rule->matcher) &&
	    hws_rule_fence_args(q, rule, op))
		return 0;
	if (set->num_stes > 1)
		hws_rule_act_post_stes(q, op, rule->act, rule->dirs);
	hws_rule_post_stes(q, op, rule->matcher, PRM_GTA_OP_ACTIVATE,
			   hws_rule_build_ste(q, rule, rule->act, stc_buf),
			   rule->dirs, 0, true, burst);
	return 0;
}

int hws_rule_post_delete(struct hws_send_queue *q, struct mlx5hws_rule *rule,
			 void *user_data, bool user, bool burst, bool keep)
{
	enum hws_op_kind kind = keep ? HWS_OP_REMOVE : HWS_OP_DELETE;
	uint16_t op;
	int err;

	/* with nothing in the device, even a queue in error completes it */
	if (rule->placed)
		err = hws_rule_post_op(
			q, rule, kind, user_data, user,
			hws_rule_ndirs(hws_rule_placed_dirs(rule->placed)),
			&op);
	else
		err = hws_rule_take_op(q, rule, kind, user_data, user, &op);
	if (err)
		return err;
	rule->state = MLX5HWS_RULE_STATE_DELETING;
	if (!rule->placed) {
		/* complete in software */
		if (!keep)
			hws_rule_free(rule);
		hws_send_op(q, op)->owner = NULL;
		hws_send_op_finish(q, op);
		return 0;
	}
	/* the match STE only: its action STEs go with the rule's chunk */
	hws_rule_build_ste(q, rule, 0, NULL);
	hws_rule_post_stes(q, op, rule->matcher, PRM_GTA_OP_DEACTIVATE, NULL,
			   hws_rule_placed_dirs(rule->placed), rule->placed,
			   false, burst);
	return 0;
}

int hws_rule_post_update(struct hws_send_queue *q, struct mlx5hws_rule *rule,
			 struct hws_action_set *set, const uint32_t *words,
			 const struct mlx5hws_rule_action rule_actions[],
			 void *user_data, bool user, bool burst)
{
	unsigned int dirs = hws_rule_placed_dirs(rule->placed);
	struct mlx5hws_context *ctx = hws_rule_ctx(rule);
	uint32_t stc_buf[PRM_STC_IX_MAX];
	unsigned int args, wqes;
	struct hws_send_op *o;
	uintptr_t act;
	uint16_t op;
	int err;

	/* the new words and action STEs go to an act of their own */
	err = hws_rule_act_make(ctx, set, words, &act);
	if (err)
		return err;
	args = hws_rule_arg_wqes(set, rule_actions);
	err = hws_rule_act_take_chunk(q, rule->matcher, act);
	if (err)
		goto free_ext;
	wqes = set->num_stes * hws_rule_ndirs(dirs) + args;
	err = hws_rule_post_op(q, rule, HWS_OP_UPDATE, user_data, user, wqes,
			       &op);
	if (err) {
		hws_rule_act_free_chunk(ctx, act);
		goto free_ext;
	}
	if (args)
		hws_rule_post_args(q, op, set, rule_actions);
	/* the old act goes when the device has the new one */
	o = hws_send_op(q, op);
	o->aux = (void *)rule->act;
	rule->act = act;
	rule->state = MLX5HWS_RULE_STATE_PENDING;
	if (args && hws_matcher_fw_write(rule->matcher) &&
	    hws_rule_fence_args(q, rule, op))
		return 0;
	if (set->num_stes > 1)
		hws_rule_act_post_stes(q, op, act, dirs);
	hws_rule_post_stes(q, op, rule->matcher, PRM_GTA_OP_ACTIVATE,
			   hws_rule_build_ste(q, rule, act, stc_buf), dirs,
			   rule->placed, false, burst);
	return 0;
free_ext:
	/* the set stays the caller's */
	hws_rule_act_drop(ctx, act);
	return err;
}

/* A rehash writes the match STE only: it jumps to the chunk the rule has. */
int hws_rule_post_move(struct hws_send_queue *q, struct mlx5hws_rule *rule,
		       struct mlx5hws_matcher *to)
{
	uint32_t stc_buf[PRM_STC_IX_MAX];
	uint16_t op;
	int err;

	err = hws_rule_post_op(
		q, rule, HWS_OP_MOVE, NULL, false,
		hws_rule_ndirs(hws_rule_placed_dirs(rule->placed)), &op);
	if (err)
		return err;
	rule->moving = 0;
	hws_rule_post_stes(q, op, to, PRM_GTA_OP_ACTIVATE,
			   hws_rule_build_ste(q, rule, rule->act, stc_buf),
			   hws_rule_placed_dirs(rule->placed), 0, true, true);
	return 0;
}

int hws_rule_post_unmove(struct hws_send_queue *q, struct mlx5hws_rule *rule,
			 struct mlx5hws_matcher *to)
{
	uint16_t op;
	int err;

	if (!rule->moving)
		return 0;
	err = hws_rule_post_op(
		q, rule, HWS_OP_UNMOVE, NULL, false,
		hws_rule_ndirs(hws_rule_placed_dirs(rule->moving)), &op);
	if (err)
		return err;
	hws_rule_build_ste(q, rule, 0, NULL);
	hws_rule_post_stes(q, op, to, PRM_GTA_OP_DEACTIVATE, NULL,
			   hws_rule_placed_dirs(rule->moving), rule->moving,
			   false, true);
	return 0;
}

void hws_rule_move_commit(struct mlx5hws_rule *rule, struct mlx5hws_matcher *to)
{
	hws_count_add(&rule->matcher->num_rules, -1);
	hws_count_add(&to->num_rules, 1);
	rule->matcher = to;
	rule->placed = rule->moving;
	rule->moving = 0;
}

/* A WQE failed: post it again on its collision RTC, if it has one. */
static bool hws_rule_retry_on_collision(struct hws_send_queue *q,
					const struct hws_wqe_done *done)
{
	uint32_t stc_ix[PRM_STC_IX_MAX];
	struct hws_send_ste s = {
		.cookie = done->wqe.cookie | HWS_RULE_COOKIE_COL,
		.rtc_id = done->wqe.retry_rtc_id,
		.stc_ix = stc_ix,
	};
	int i;

	if (done->status != HWS_WQE_FAILED || !done->wqe.retry_rtc_id)
		return false;
	s.gta_op = be32toh(done->gta->op_dirix) >> PRM_GTA_OP_SHIFT;
	s.dirix = be32toh(done->gta->op_dirix) & PRM_GTA_DIRIX_MASK;
	s.data = done->data;
	for (i = 0; i < PRM_STC_IX_MAX; i++)
		stc_ix[i] = be32toh(done->gta->stc_ix[i]);
	hws_send_post_ste(q, done->wqe.op, &s, true);
	return true;
}

/*
 * A failed WQE leaves its STE as it was.  So an update that changed no STE
 * leaves the rule as it was; one that changed some leaves the device using
 * both sets: the rule fails, and the old set stays until its matcher goes.
 */
static void hws_rule_finish_update(struct mlx5hws_rule *rule,
				   struct hws_send_op *op)
{
	struct mlx5hws_context *ctx = hws_rule_ctx(rule);
	uintptr_t old = (uintptr_t)op->aux;

	if (!op->failed) {
		hws_rule_act_release(ctx, old);
		rule->state = MLX5HWS_RULE_STATE_INSERTED;
	} else if (!op->done_bits) {
		/* no match STE jumps to the new chunk */
		hws_rule_act_release(ctx, rule->act);
		rule->act = old;
		rule->state = MLX5HWS_RULE_STATE_INSERTED;
	} else {
		hws_rule_act_park(ctx, rule->matcher, old);
		rule->state = MLX5HWS_RULE_STATE_FAILED;
	}
}

/* hws_rule_finish_op() for all but a create that succeeded: out of line */
static __attribute__((noinline)) void
hws_rule_finish_rest(struct hws_send_op *op)
{
	struct mlx5hws_rule *rule = op->owner;

	switch (op->kind) {
	case HWS_OP_CREATE: /* failed */
		rule->state = MLX5HWS_RULE_STATE_FAILED;
		/* action STEs that no match STE jumps to go back at once */
		if (!rule->placed)
			hws_rule_act_free_chunk(hws_rule_ctx(rule), rule->act);
		break;
	case HWS_OP_UPDATE:
		hws_rule_finish_update(rule, op);
		break;
	case HWS_OP_DELETE:
	case HWS_OP_REMOVE:
		/* a removal that failed leaves the rule to delete again */
		if (op->failed) {
			rule->state = MLX5HWS_RULE_STATE_FAILED;
		} else if (op->kind == HWS_OP_DELETE) {
			hws_rule_free(rule);
			op->owner = NULL;
		}
		break;
	default: /* moves report through rule->moving */
		break;
	}
}

static void hws_rule_finish_op(struct hws_send_queue *q, uint16_t op_idx)
{
	struct hws_send_op *op = hws_send_op(q, op_idx);
	struct mlx5hws_rule *rule = op->owner;

	/* the common case inline: a create that succeeded */
	if (op->kind == HWS_OP_CREATE && !op->failed)
		rule->state = MLX5HWS_RULE_STATE_INSERTED;
	else
		hws_rule_finish_rest(op);
	hws_send_op_finish(q, op_idx);
}

/* The rule's bits a WQE of op sets or clears: placed, or a move's copy. */
static uint8_t *hws_rule_op_bits(struct mlx5hws_rule *rule,
				 const struct hws_send_op *op)
{
	return op->kind == HWS_OP_MOVE || op->kind == HWS_OP_UNMOVE ?
		       &rule->moving :
		       &rule->placed;
}

/*
 * A match STE's WQE that a device error stopped with no completion: an
 * insertion may have written the STE, a removal may have left it.  Either
 * way it counts as there, unsure, so that a removal goes to the device.
 */
static void hws_rule_wqe_unsure(struct mlx5hws_rule *rule,
				struct hws_send_op *op, unsigned int dir,
				uint8_t bits)
{
	switch (op->kind) {
	case HWS_OP_CREATE:
	case HWS_OP_MOVE:
		*hws_rule_op_bits(rule, op) |= bits | HWS_RULE_UNSURE(dir);
		break;
	case HWS_OP_DELETE:
	case HWS_OP_REMOVE:
	case HWS_OP_UNMOVE:
		*hws_rule_op_bits(rule, op) |= HWS_RULE_UNSURE(dir);
		break;
	case HWS_OP_UPDATE:
		op->done_bits |= bits;
		break;
	default:
		break;
	}
}

/* A removal found no STE where one was unsure: it never landed. */
static bool hws_rule_absent(struct mlx5hws_rule *rule,
			    const struct hws_send_op *op,
			    const struct hws_wqe_done *done, unsigned int dir)
{
	if (done->status != HWS_WQE_FAILED ||
	    done->wqe.cookie & HWS_RULE_COOKIE_ACTION)
		return false;
	switch (op->kind) {
	case HWS_OP_DELETE:
	case HWS_OP_REMOVE:
	case HWS_OP_UNMOVE:
		return *hws_rule_op_bits(rule, op) & HWS_RULE_UNSURE(dir);
	default:
		return false;
	}
}

/*
 * A match or action STE's WQE failed: posted again on its collision RTC,
 * or its operation fails.  Out of line: most WQEs succeed.
 */
static __attribute__((noinline)) void
hws_rule_wqe_failed(struct hws_send_queue *q, struct hws_send_op *op,
		    const struct hws_wqe_done *done, unsigned int dir,
		    uint8_t bits)
{
	struct mlx5hws_rule *rule = op->owner;

	if (hws_rule_retry_on_collision(q, done))
		return;
	if (done->unsure && bits)
		hws_rule_wqe_unsure(rule, op, dir, bits);
	op->failed = 1;
	if (done->status > rule->error)
		rule->error = done->status;
}

void hws_rule_wqe_done(struct hws_send_queue *q,
		       const struct hws_wqe_done *done, void *arg)
{
	struct hws_send_op *op = hws_send_op(q, done->wqe.op);
	struct mlx5hws_rule *rule = op->owner;
	unsigned int dir = done->wqe.cookie & HWS_RULE_COOKIE_DIR;
	bool col = done->wqe.cookie & HWS_RULE_COOKIE_COL || done->retried;
	/* where a match STE is; an action STE's success places nothing */
	uint8_t bits = done->wqe.cookie & HWS_RULE_COOKIE_ACTION ?
			       0 :
			       HWS_RULE_PLACED(dir) |
				       (col ? HWS_RULE_IN_COL(dir) : 0);

	if (done->wqe.cookie & HWS_RULE_COOKIE_ARG) {
		/* an argument the device did not take fails the operation */
		if (done->status != HWS_WQE_OK) {
			op->failed = 1;
			if (done->status > rule->error)
				rule->error = done->status;
		}
	} else if (done->status == HWS_WQE_OK ||
		   hws_rule_absent(rule, op, done, dir)) {
		switch (op->kind) {
		case HWS_OP_CREATE:
			rule->placed |= bits;
			break;
		case HWS_OP_MOVE:
			rule->moving |= bits;
			break;
		case HWS_OP_DELETE:
		case HWS_OP_REMOVE:
			rule->placed &= ~(bits | HWS_RULE_UNSURE(dir));
			break;
		case HWS_OP_UNMOVE:
			rule->moving &= ~(bits | HWS_RULE_UNSURE(dir));
			break;
		case HWS_OP_UPDATE:
			op->done_bits |= bits;
			break;
		default:
			break;
		}
	} else {
		hws_rule_wqe_failed(q, op, done, dir, bits);
	}
	if (!op->pending)
		hws_rule_finish_op(q, done->wqe.op);
}

void hws_rule_fill_info(const struct mlx5hws_rule *rule,
			struct mlx5hws_rule_info *info)
{
	const struct mlx5hws_matcher *m = rule->matcher;
	/* a root rule has no STE, so no tag */
	uint8_t len = hws_rule_is_root(rule) ? 0 : hws_rule_tag_len(m);
	unsigned int dir;

	info->state = rule->state;
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		info->rtc_id[dir] = 0;
		if (!(rule->placed & HWS_RULE_PLACED(dir)))
			continue;
		info->rtc_id[dir] = rule->placed & HWS_RULE_IN_COL(dir) ?
					    m->col.rtc[dir].id :
					    m->main.rtc[dir].id;
	}
	info->tag_len = len;
	memset(info->tag, 0, sizeof(info->tag));
	memcpy(info->tag, rule->tag, len);
	/*
	 * The bytes the device hashes: the whole jumbo tag, or the match
	 * tag, under the hash definer's mask if the matcher has one.
	 */
	if (m->hash_def) {
		const uint8_t *mask =
			m->hash_def->mask + PRM_JUMBO_TAG_SIZE - len;
		uint8_t key[PRM_JUMBO_TAG_SIZE];
		uint8_t i;

		for (i = 0; i < len; i++)
			key[i] = rule->tag[i] & mask[i];
		info->hash = prm_ste_hash(key, len);
		return;
	}
	info->hash = prm_ste_hash(rule->tag, len);
}

/* The template API */

static int hws_rule_check_queue(struct mlx5hws_context *ctx, uint16_t queue_id)
{
	if (queue_id >= ctx->num_queues) {
		hws_err("queue %u: the context has %u queues", queue_id,
			ctx->num_queues);
		return EINVAL;
	}
	return 0;
}

static int hws_rule_check_attr(struct mlx5hws_context *ctx,
			       const struct mlx5hws_rule_attr *attr)
{
	if (!attr || attr->comp_mask) {
		hws_err("rule: bad attributes");
		return EINVAL;
	}
	return hws_rule_check_queue(ctx, attr->queue_id);
}

/* A software completion on q for an operation a root rule did at once. */
static void hws_rule_root_complete(struct hws_send_queue *q,
				   enum hws_op_kind kind, void *user_data)
{
	uint16_t op;

	/* the caller saw room on q */
	if (hws_send_op_alloc(q, NULL, user_data, kind, true, &op))
		return;
	hws_send_op_finish(q, op);
}

static struct mlx5hws_rule *
hws_rule_root_create_now(struct hws_send_queue *q,
			 struct mlx5hws_matcher *matcher,
			 const uint32_t *match_param, uint8_t at_idx,
			 const struct mlx5hws_rule_action rule_actions[],
			 const struct mlx5hws_rule_attr *attr)
{
	struct mlx5hws_rule *rule;
	int err;

	err = hws_rule_root_create(matcher, match_param, at_idx, rule_actions,
				   &rule);
	if (err) {
		errno = err;
		return NULL;
	}
	hws_rule_root_complete(q, HWS_OP_CREATE, attr->user_data);
	return rule;
}

struct mlx5hws_rule *
mlx5hws_rule_create(struct mlx5hws_matcher *matcher, uint8_t mt_idx,
		    const uint32_t *match_param, uint8_t at_idx,
		    const struct mlx5hws_rule_action rule_actions[],
		    const struct mlx5hws_rule_attr *attr)
{
	struct mlx5hws_context *ctx;
	struct hws_send_queue *q;
	struct mlx5hws_rule *rule;
	int err;

	if (!matcher) {
		errno = EINVAL;
		return NULL;
	}
	ctx = matcher->tbl->ctx;
	err = hws_rule_check_attr(ctx, attr);
	if (!err && mt_idx >= matcher->num_mt) {
		hws_err("rule: match template %u; the matcher has %u", mt_idx,
			matcher->num_mt);
		err = EINVAL;
	}
	if (err) {
		errno = err;
		return NULL;
	}
	q = &ctx->queues[attr->queue_id];
	if (hws_send_queue_full(q)) {
		errno = EBUSY;
		return NULL;
	}
	if (matcher->root)
		return hws_rule_root_create_now(q, matcher, match_param, at_idx,
						rule_actions, attr);
	err = hws_rule_alloc(matcher, mt_idx, match_param, at_idx, rule_actions,
			     attr->flow_source, &rule);
	if (err) {
		errno = err;
		return NULL;
	}
	err = hws_rule_post_create(q, rule, rule_actions, attr->user_data, true,
				   attr->burst);
	if (err) {
		hws_rule_free(rule);
		errno = err;
		return NULL;
	}
	return rule;
}

int mlx5hws_rule_destroy(struct mlx5hws_rule *rule,
			 const struct mlx5hws_rule_attr *attr)
{
	struct mlx5hws_context *ctx;
	int err;

	if (!rule)
		return EINVAL;
	ctx = hws_rule_ctx(rule);
	err = hws_rule_check_attr(ctx, attr);
	if (err)
		return err;
	if (rule->state == MLX5HWS_RULE_STATE_PENDING ||
	    rule->state == MLX5HWS_RULE_STATE_DELETING) {
		hws_err("rule: an operation on it is still in flight");
		return EBUSY;
	}
	if (hws_rule_is_root(rule)) {
		struct hws_send_queue *q = &ctx->queues[attr->queue_id];

		if (hws_send_queue_full(q))
			return EBUSY;
		err = hws_rule_root_destroy(rule);
		if (!err)
			hws_rule_root_complete(q, HWS_OP_DELETE,
					       attr->user_data);
		return err;
	}
	return hws_rule_post_delete(&ctx->queues[attr->queue_id], rule,
				    attr->user_data, true, attr->burst, false);
}

int mlx5hws_rule_action_update(struct mlx5hws_rule *rule, uint8_t at_idx,
			       const struct mlx5hws_rule_action rule_actions[],
			       const struct mlx5hws_rule_attr *attr)
{
	struct mlx5hws_matcher *matcher;
	struct mlx5hws_context *ctx;
	uint32_t words[HWS_SET_MAX_WORDS];
	struct hws_action_set *set;
	int err;

	if (!rule)
		return EINVAL;
	matcher = rule->matcher;
	ctx = hws_rule_ctx(rule);
	err = hws_rule_check_attr(ctx, attr);
	if (err)
		return err;
	if (rule->state != MLX5HWS_RULE_STATE_INSERTED) {
		hws_err("rule: only an inserted rule can take new actions");
		return EBUSY;
	}
	if (hws_rule_is_root(rule)) {
		hws_err("rule: a root rule's actions are the kernel's; destroy and create it again");
		return EOPNOTSUPP;
	}
	if (at_idx >= matcher->num_at)
		return EINVAL;
	err = hws_action_set_get(ctx, matcher->tbl->domain, matcher->tbl->level,
				 hws_matcher_jumbo(matcher),
				 matcher->at[at_idx], rule_actions, &set,
				 words);
	if (err)
		return err;
	err = hws_rule_post_update(&ctx->queues[attr->queue_id], rule, set,
				   words, rule_actions, attr->user_data, true,
				   attr->burst);
	if (err)
		hws_action_set_put(ctx, set);
	return err;
}

int mlx5hws_rule_query(const struct mlx5hws_rule *rule,
		       struct mlx5hws_rule_info *info)
{
	if (!rule || !info || info->comp_mask)
		return EINVAL;
	hws_rule_fill_info(rule, info);
	return 0;
}

int mlx5hws_send_queue_poll(struct mlx5hws_context *ctx, uint16_t queue_id,
			    struct mlx5hws_flow_op_result res[],
			    uint32_t res_nb, uint32_t *num)
{
	struct hws_send_queue *q;
	int err;

	if (!ctx || !num || (res_nb && !res))
		return EINVAL;
	err = hws_rule_check_queue(ctx, queue_id);
	if (err)
		return err;
	q = &ctx->queues[queue_id];
	err = hws_send_poll_cq(q, hws_rule_wqe_done, NULL);
	*num = hws_send_op_take_results(q, res, res_nb);
	return err;
}

int mlx5hws_send_queue_action(struct mlx5hws_context *ctx, uint16_t queue_id,
			      uint32_t actions)
{
	struct hws_send_queue *q;
	int err;

	if (!ctx || !actions ||
	    actions & ~(MLX5HWS_SEND_QUEUE_ACTION_DRAIN_ASYNC |
			MLX5HWS_SEND_QUEUE_ACTION_DRAIN_SYNC))
		return EINVAL;
	err = hws_rule_check_queue(ctx, queue_id);
	if (err)
		return err;
	q = &ctx->queues[queue_id];
	if (actions & MLX5HWS_SEND_QUEUE_ACTION_DRAIN_SYNC)
		return hws_send_drain(q, hws_rule_wqe_done, NULL);
	hws_send_flush(q);
	return 0;
}
