/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * BWC: the blocking API.  A BWC matcher wraps a native matcher that it sizes
 * itself, per direction: RX and TX each count their rules, grow past 70% of
 * their size, shrink below a quarter, and are rebuilt by rehash.
 */
#ifndef HWS_BWC_H
#define HWS_BWC_H

#include "rule.h"

#define HWS_BWC_INIT_SIZE_LOG 1
#define HWS_BWC_SIZE_LOG_STEP 1
#define HWS_BWC_REHASH_PERCENT_TH 70
/* shrink a step when a direction falls below 1/4 of its size */
#define HWS_BWC_SHRINK_FRACTION_LOG 2
#define HWS_BWC_MAX_ACTIONS HWS_AT_MAX_ACTIONS
/* old matchers the device kept in the chain, destroyed again later */
#define HWS_BWC_MAX_ZOMBIES 4

struct hws_bwc_dir {
	uint8_t size_log;	/* 0: the table has no such direction */
	bool grow_due;		/* the count passed the threshold */
	bool grow_forced;	/* a rule collided */
	uint32_t rules;
	uint32_t rehashes;
	uint32_t shrinks;
	/* after a failed shrink: wait until the count falls to this */
	uint32_t shrink_retry_below;
};

/*
 * Every rule of the matcher by tag: rejects a second rule with the same
 * values in a direction, and is what a rehash walks.  Changed under a queue
 * lock and the index lock; a rehash holds every queue lock.
 */
struct hws_bwc_index {
	pthread_mutex_t lock;
	struct mlx5hws_rule **buckets;
	uint8_t size_log;
	uint32_t count;
};

struct mlx5hws_bwc_matcher {
	struct mlx5hws_table *tbl;
	uint32_t priority;
	struct mlx5hws_match_template *mt;
	/* the action templates are the matcher's (matcher->at) */
	struct mlx5hws_matcher *matcher;
	struct hws_bwc_dir dir[HWS_DIR_MAX];
	struct hws_bwc_index index;
	struct mlx5hws_matcher *zombies[HWS_BWC_MAX_ZOMBIES];
	/*
	 * Failed insertions whose STEs the device would not take back: not
	 * the user's, out of the index, chained by bwc_next.  Changed under
	 * the index lock, or under every queue lock.
	 */
	struct mlx5hws_rule *orphans;
};

static inline struct mlx5hws_context *
hws_bwc_ctx(const struct mlx5hws_bwc_matcher *bm)
{
	return bm->tbl->ctx;
}

/* The index (bwc_index.c) */

int hws_bwc_index_init(struct mlx5hws_bwc_matcher *bm);
void hws_bwc_index_fini(struct mlx5hws_bwc_matcher *bm);
/*
 * May a rule with tag go into dirs?  EEXIST when a rule of the user has
 * these values in one of them; EAGAIN when an orphan's STE does.  Under the
 * index lock.
 */
int hws_bwc_index_find(struct mlx5hws_bwc_matcher *bm, const uint8_t *tag,
		       unsigned int dirs);
/* Add rule unless hws_bwc_index_find() refuses its values. */
int hws_bwc_index_add(struct mlx5hws_bwc_matcher *bm,
		      struct mlx5hws_rule *rule);
/* Take rule out of the index; an orphan goes to the orphan list. */
void hws_bwc_index_del(struct mlx5hws_bwc_matcher *bm,
		       struct mlx5hws_rule *rule, bool orphan);
/* Call fn on every rule of the index; fn may take its rule out. */
void hws_bwc_index_each(struct mlx5hws_bwc_matcher *bm,
			void (*fn)(struct mlx5hws_bwc_matcher *bm,
				   struct mlx5hws_rule *rule, void *arg),
			void *arg);
/*
 * Switch every rule to the new matcher, and re-bucket the index for the
 * matcher's new sizes on the same walk.
 */
void hws_bwc_index_commit_moves(struct mlx5hws_bwc_matcher *bm,
				struct mlx5hws_matcher *to);

#endif /* HWS_BWC_H */
