/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * BWC: the blocking API.  A BWC matcher wraps a native matcher that it sizes
 * itself, per direction: RX and TX each count their rules, grow past 70% of
 * their size, shrink below a quarter, and move to a matcher of the new sizes
 * in bounded chunks (bwc_move.c).
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
/*
 * Rules a move step writes, and index buckets and rules it looks through
 * at most: a step stops at its chunk, so the look is long only on the
 * passes that find few rules left, and bounded, as each rule looked at
 * costs a miss
 */
#define HWS_BWC_MOVE_CHUNK 8
/* ... on the passes that retry, and when a move must end now */
#define HWS_BWC_MOVE_CHUNK_LONG 256
#define HWS_BWC_MOVE_SCAN 256
/*
 * A move's passes: the rules of the main tables, then those of the
 * collision tables, then again what would not move, until a pass moves none
 */
#define HWS_BWC_PASS_COL 1
#define HWS_BWC_PASS_RETRY 2
/* old index buckets and the rules in them a step re-buckets, about */
#define HWS_BWC_MIGRATE_WORK 256
/* A queue with none of its rules left to move: an every-lock step per so
 * many of its operations, for the rules of queues that went quiet */
#define HWS_BWC_MOVE_IDLE_EVERY 16

#define HWS_BWC_NOT_JUDGED UINT32_MAX
/* tables that go on after a matcher: a complex matcher's parts but one */
#define HWS_BWC_MAX_FOLLOWERS 3

struct hws_bwc_dir {
	uint8_t size_log;	/* 0: the table has no such direction */
	uint8_t policy;		/* enum mlx5hws_bwc_size_policy */
	bool fell_back;		/* compact gave way to assured */
	bool grow_due;		/* the count passed the threshold */
	bool grow_forced; /* a rule collided */
	bool grow_col;	  /* the collision table passed its threshold */
	/*
	 * Before a growth for room, its collision-table rules per 2^16 rules,
	 * for hws_bwc_moved() to compare; HWS_BWC_NOT_JUDGED otherwise.
	 */
	uint32_t col_share;
	uint8_t unhelped; /* such growths in a row that did not lower it */
	uint32_t grow_at; /* the rules that call for growth */
	/* growth from col_at rules in the serving matcher's collision table */
	uint32_t col_at;
	uint32_t rehashes;
	uint32_t shrinks;
	uint32_t forced_growths;
	uint32_t col_growths;
	/* after a failed shrink: wait until the count falls to this */
	uint32_t shrink_retry_below;
};

/*
 * Buckets are locked by stripe (the top bits of the bucket number), each
 * stripe apart from the others, and count the rules of their buckets.
 * A tag's bucket is in the same stripe at every index size: a stripe
 * re-buckets on its own.
 */
#define HWS_BWC_INDEX_STRIPES_LOG 4
#define HWS_BWC_INDEX_STRIPES (1u << HWS_BWC_INDEX_STRIPES_LOG)

struct hws_bwc_stripe {
	pthread_spinlock_t lock;
	uint32_t count;
	/* its old buckets, in order, that a re-bucketing has emptied */
	uint32_t migrated;
} __attribute__((aligned(HWS_CACHE_APART)));

/*
 * Every rule of the matcher by tag: rejects a second rule with the same
 * values in a direction, and is what a rehash walks.  A bucket changes
 * under a queue lock and its stripe's lock; the orphans under a stripe's
 * and the orphan lock.  A resize, and the end of a re-bucketing, hold
 * every queue lock.
 */
struct hws_bwc_index {
	struct hws_bwc_stripe *stripes;
	pthread_spinlock_t orphan_lock;
	struct mlx5hws_rule **buckets;
	uint8_t size_log;
	/*
	 * A re-bucketing in progress, under a queue lock and a stripe's:
	 * each stripe's old buckets from its migrated on still hold their
	 * rules.  stripes_left changes atomically.
	 */
	uint8_t old_size_log;
	struct mlx5hws_rule **old;
	uint32_t stripes_left; /* stripes with old buckets to empty */
};

/*
 * A BWC queue's rules of one matcher, in chunks of HWS_BWC_CHUNK_SIZE
 * (bwc_slab.c); changed under the queue's lock, or every queue lock.
 */
#define HWS_BWC_CHUNK_SIZE 65536

struct hws_bwc_chunk;

struct hws_bwc_slab {
	struct hws_list chunks;
	struct hws_list avail; /* chunks with a free slot */
	uint32_t obj_size;
	uint32_t per_chunk;
	/*
	 * Where a scan of the queue's rules goes on (hws_bwc_slab_scan()):
	 * the chunk, NULL for the first, and the slot in it
	 */
	struct hws_bwc_chunk *scan;
	uint32_t scan_slot;
} __attribute__((aligned(HWS_CACHE_APART)));

/*
 * A walk for the rules a move has left: the move's own, through the index
 * under every lock, or a queue's, through its slab under its lock.
 */
struct hws_bwc_walk {
	uint32_t cursor; /* the index's walk: the bucket it goes on at */
	uint8_t pass; /* 0, HWS_BWC_PASS_COL, then HWS_BWC_PASS_RETRY */
	bool progress; /* a rule moved on this pass */
	bool stuck; /* the last whole pass after the first moved no rule */
};

/*
 * A BWC queue's own part of the matcher, written under the queue's lock:
 * its rules per direction, summed by whoever needs the total, and where
 * its own step of the move in progress goes on.
 */
struct hws_bwc_per_queue {
	uint32_t rules[HWS_DIR_MAX];
	uint32_t indexed; /* its rules in the index */
	/*
	 * Its part of the move in progress, set when the move starts: its
	 * rules the old matchers still hold (stored atomically, as other
	 * queues read it)
	 */
	uint32_t move_pending;
	uint32_t move_idle; /* its steps with none of its own left */
	/*
	 * It took a step of its own since another queue last looked (and
	 * cleared it): it has not gone quiet.  Atomic.
	 */
	bool stepped;
	struct hws_bwc_walk walk; /* through its own rules */
} __attribute__((aligned(HWS_CACHE_APART)));

struct mlx5hws_bwc_matcher {
	struct mlx5hws_table *tbl;
	uint32_t priority;
	struct mlx5hws_match_template *mt;
	/* the action templates are the matcher's (matcher->at) */
	struct mlx5hws_matcher *matcher;
	struct hws_bwc_dir dir[HWS_DIR_MAX];
	struct hws_bwc_index index;
	struct hws_bwc_slab *slabs; /* one per BWC queue */
	struct hws_bwc_per_queue *per_queue; /* one per BWC queue */
	uint16_t num_queues; /* the context's BWC queues */
	struct mlx5hws_matcher *zombies[HWS_BWC_MAX_ZOMBIES];
	/*
	 * A move in progress: from is chained ahead of matcher, and stuck,
	 * if not NULL, ahead of from; together they still hold moves_pending
	 * rules: on the first pass those in main tables only, then the
	 * rest.  Each queue moves its own rules under its own lock
	 * (per_queue), in its slab's order; what they leave moves in walk,
	 * in the index's order, under every lock.  Changed under every queue
	 * lock; moves_pending and move_failures also change under a queue
	 * lock, atomically.
	 */
	struct mlx5hws_matcher *from;
	/*
	 * The source of a move that got stuck (what it has left fits in no
	 * row of from) when a growth was due: its rules move with from's.
	 */
	struct mlx5hws_matcher *stuck;
	struct hws_bwc_walk walk;
	uint8_t move_stuck_dirs; /* directions of rules that would not move */
	/* a copy the device would not take back: hws_bwc_grow_locked() */
	bool move_unsure;
	/*
	 * Failed insertions whose STEs the device would not take back: not
	 * the user's, out of the index, chained by bwc_next.  Changed under
	 * the orphan lock, or under every queue lock.
	 */
	struct mlx5hws_rule *orphans;
	/* a mask split over a chain of matchers (bwc_complex.c); NULL if not */
	struct hws_bwc_complex *complex;
	/*
	 * Tables whose lookups end where this matcher's does, in its table:
	 * a complex matcher's later parts, behind its first.  A new matcher
	 * takes them over before its first rule (hws_bwc_lead()).  Set when
	 * the complex matcher is made, read under every queue lock.
	 */
	struct mlx5hws_table *followers[HWS_BWC_MAX_FOLLOWERS];
	uint8_t num_followers;
	/*
	 * Counts that every queue's steps change, apart from what they read
	 * (the struct ends with them): the rules the old matchers still hold,
	 * single rules whose move failed (retried), and per direction the
	 * rules in the serving matcher's collision table.
	 */
	uint32_t moves_pending __attribute__((aligned(HWS_CACHE_APART)));
	uint32_t move_failures;
	uint32_t col[HWS_DIR_MAX];
};

static inline struct mlx5hws_context *
hws_bwc_ctx(const struct mlx5hws_bwc_matcher *bm)
{
	return bm->tbl->ctx;
}

/* A direction's rules, the sum of the queues' counts. */
static inline uint32_t hws_bwc_dir_rules(const struct mlx5hws_bwc_matcher *bm,
					 unsigned int dir)
{
	uint32_t n = 0;
	uint16_t q;

	for (q = 0; q < bm->num_queues; q++)
		n += __atomic_load_n(&bm->per_queue[q].rules[dir],
				     __ATOMIC_RELAXED);
	return n;
}

/*
 * A matcher of one definer and its rules (bwc.c, bwc_move.c): the public
 * mlx5hws_bwc_* calls of bwc_complex.c, for masks that fit one STE.
 */
struct mlx5hws_bwc_matcher *
hws_bwc_matcher_create_basic(struct mlx5hws_table *table, uint32_t priority,
			     uint8_t match_criteria_enable,
			     const uint32_t *mask);
int hws_bwc_matcher_destroy_basic(struct mlx5hws_bwc_matcher *bm);
int hws_bwc_matcher_query_basic(struct mlx5hws_bwc_matcher *bm,
				struct mlx5hws_bwc_matcher_info *info);
int hws_bwc_matcher_flush_moves_basic(struct mlx5hws_bwc_matcher *bm);
struct mlx5hws_bwc_rule *
hws_bwc_rule_create_basic(struct mlx5hws_bwc_matcher *bm, const uint32_t *value,
			  uint32_t flow_source,
			  const struct mlx5hws_rule_action rule_actions[],
			  unsigned int num_actions);
int hws_bwc_rule_destroy_basic(struct mlx5hws_bwc_rule *bwc_rule);
int hws_bwc_rule_action_update_basic(struct mlx5hws_bwc_rule *bwc_rule,
				     const struct mlx5hws_rule_action actions[],
				     unsigned int num_actions);
int hws_bwc_rule_query_basic(const struct mlx5hws_bwc_rule *bwc_rule,
			     struct mlx5hws_rule_info *info);

/* Locks (bwc.c) */

void hws_bwc_lock_all(struct mlx5hws_context *ctx);
void hws_bwc_unlock_all(struct mlx5hws_context *ctx);

/* Sizing (bwc_size.c) and moves (bwc_move.c); *_locked: every queue lock */

void hws_bwc_set_size(struct mlx5hws_bwc_matcher *bm, unsigned int dir,
		      uint8_t size_log);
/* The STEs of a direction's collision table at size_log (0: none). */
uint32_t hws_bwc_col_slots(const struct mlx5hws_bwc_matcher *bm,
			   unsigned int dir);
/* A rule's STEs in collision tables, in either direction. */
#define HWS_BWC_IN_COL_ANY (HWS_RULE_IN_COL(0) | HWS_RULE_IN_COL(1))

/* hws_bwc_count_col() for a rule with STEs in collision tables. */
bool hws_bwc_count_col_in(struct mlx5hws_bwc_matcher *bm, uint8_t placed,
			  int delta);

/*
 * Count rule's STEs in the serving matcher's collision tables in (delta 1)
 * or out (-1); true when a direction passed its threshold by it.  Inline:
 * most rules have none there.
 */
static inline bool hws_bwc_count_col(struct mlx5hws_bwc_matcher *bm,
				     uint8_t placed, int delta)
{
	return placed & HWS_BWC_IN_COL_ANY &&
	       hws_bwc_count_col_in(bm, placed, delta);
}
/* The size a direction should shrink to, or its own size. */
/* A move ended: did the growths for room bring the collision share down? */
void hws_bwc_moved(struct mlx5hws_bwc_matcher *bm);
/* A pass of the move moved no rule: the growths for room did not help. */
void hws_bwc_move_stuck(struct mlx5hws_bwc_matcher *bm);
uint8_t hws_bwc_shrink_target(const struct mlx5hws_bwc_matcher *bm,
			      unsigned int dir);
/*
 * Under every lock: does the direction grow now?  Clears its calls for
 * growth, counts a growth for room, falls back to assured on bad keys.
 */
bool hws_bwc_grow_dir_due(struct mlx5hws_bwc_matcher *bm, unsigned int dir);
bool hws_bwc_maxed_out(const struct mlx5hws_bwc_matcher *bm, unsigned int dir);
struct mlx5hws_matcher *hws_bwc_build_matcher(struct mlx5hws_bwc_matcher *bm,
					      const uint8_t size[HWS_DIR_MAX]);
/*
 * Send the followers' misses to what follows m in the table.  On failure
 * those it changed go back to bm->matcher's exit.
 */
int hws_bwc_lead(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_matcher *m);
/* Destroy a matcher; what the device keeps is tried again later. */
void hws_bwc_bury(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_matcher *m);
/* Destroy the old matchers the device refused before; true if none is left. */
bool hws_bwc_reap_zombies(struct mlx5hws_bwc_matcher *bm);
/* Does an orphan have its STEs in m?  Under a queue lock. */
bool hws_bwc_orphans_in(struct mlx5hws_bwc_matcher *bm,
			const struct mlx5hws_matcher *m);
/* Free the orphans whose STEs are in m, which is out of the chain. */
void hws_bwc_drop_orphans(struct mlx5hws_bwc_matcher *bm,
			  const struct mlx5hws_matcher *m);
/* Start the growth of the directions that are due; *grown gets them. */
int hws_bwc_grow_locked(struct mlx5hws_bwc_matcher *bm, void *arg);
bool hws_bwc_shrink_due(const struct mlx5hws_bwc_matcher *bm);
int hws_bwc_shrink_locked(struct mlx5hws_bwc_matcher *bm, void *arg);
/*
 * One step of the move in progress, if any: at most HWS_BWC_MOVE_CHUNK
 * rules.  0 while it goes on or when it is done, EBUSY when a whole pass
 * of the index moved no rule.
 */
int hws_bwc_move_step_locked(struct mlx5hws_bwc_matcher *bm, void *arg);
/* The same, in long chunks: for a move that must end (growth, flush). */
int hws_bwc_move_finish_locked(struct mlx5hws_bwc_matcher *bm, void *arg);
/*
 * Queue qi's own step, under its lock alone: a chunk of the index's
 * re-bucketing while that goes on, then a chunk of its own rules, on its
 * own queue.  EAGAIN when the step must be taken under every lock
 * instead: the re-bucketing is done and its old buckets go, the move is
 * ready to end, or (one operation in
 * HWS_BWC_MOVE_IDLE_EVERY) the rules the queue has left would not move,
 * or it has none left and another queue that has took no step of its own
 * since the last look: it went quiet, and its rules wait.
 */
int hws_bwc_move_step_queue(struct mlx5hws_bwc_matcher *bm, uint16_t qi);
/* Take the copy a failed move left in the target out again; 0 if none. */
int hws_bwc_unmove(struct mlx5hws_bwc_matcher *bm, struct hws_send_queue *q,
		   struct mlx5hws_rule *rule);
/*
 * Before a rule's actions change: one matcher holds it.  A whole copy in
 * the target takes its place (the old STEs go), a partial one goes.
 */
int hws_bwc_settle(struct mlx5hws_bwc_matcher *bm, struct hws_send_queue *q,
		   struct mlx5hws_rule *rule);
/* A rule's info: a direction only its copy serves names the copy's RTC. */
void hws_bwc_fill_info(const struct mlx5hws_rule *rule,
		       struct mlx5hws_rule_info *info);

static inline bool hws_bwc_moving(const struct mlx5hws_bwc_matcher *bm)
{
	return __atomic_load_n(&bm->from, __ATOMIC_RELAXED);
}

/* Is rule in a matcher the move drains?  Under its queue's lock. */
static inline bool hws_bwc_rule_moves(const struct mlx5hws_bwc_matcher *bm,
				      const struct mlx5hws_rule *rule)
{
	return bm->from && rule->matcher != bm->matcher;
}

/* One of queue qi's rules left an old matcher, under the queue's lock. */
static inline void hws_bwc_queue_left(struct mlx5hws_bwc_matcher *bm,
				      uint16_t qi)
{
	uint32_t *pending = &bm->per_queue[qi].move_pending;

	__atomic_store_n(pending, *pending - 1, __ATOMIC_RELAXED);
}

/* A rule left an old matcher (moved or deleted), under its queue's lock. */
static inline void hws_bwc_left_from(struct mlx5hws_bwc_matcher *bm,
				     const struct mlx5hws_rule *rule)
{
	__atomic_sub_fetch(&bm->moves_pending, 1, __ATOMIC_RELAXED);
	hws_bwc_queue_left(bm, rule->bwc_queue);
}

/* The rules' memory (bwc_slab.c) */

int hws_bwc_slab_init(struct mlx5hws_bwc_matcher *bm);
void hws_bwc_slab_fini(struct mlx5hws_bwc_matcher *bm);
/*
 * Memory for a rule of queue qi (under its lock), its struct zeroed and
 * its tag not; NULL if none.
 */
struct mlx5hws_rule *hws_bwc_slab_alloc(struct mlx5hws_bwc_matcher *bm,
					uint16_t qi);
/* Back to its slab, under the lock of the queue it was allocated for. */
void hws_bwc_slab_free(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_rule *r);
/* The next scan of queue qi's slab starts at its first rule. */
void hws_bwc_slab_rewind(struct mlx5hws_bwc_matcher *bm, uint16_t qi);
/*
 * Call fn on queue qi's rules in the index (under its lock), in the order
 * of their slots from where the last scan stopped, until fn returns false
 * (the next scan starts with that rule) or work (one for each slot) is
 * spent; true once past the last, and the next scan starts at the first.
 */
bool hws_bwc_slab_scan(struct mlx5hws_bwc_matcher *bm, uint16_t qi,
		       uint32_t work,
		       bool (*fn)(struct mlx5hws_bwc_matcher *bm,
				  struct mlx5hws_rule *rule, void *arg),
		       void *arg);

/* The index (bwc_index.c) */

int hws_bwc_index_init(struct mlx5hws_bwc_matcher *bm);
void hws_bwc_index_fini(struct mlx5hws_bwc_matcher *bm);
/* The rules in the index (every queue lock held, or none in use). */
uint32_t hws_bwc_index_count(const struct mlx5hws_bwc_matcher *bm);
/*
 * May a rule with tag go into dirs?  EEXIST when a rule of the user has
 * these values in one of them; EAGAIN when an orphan's STE does.
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
 * Start re-bucketing the index for the matcher's new sizes (every queue
 * lock held); hws_bwc_index_migrate() carries it on.
 */
void hws_bwc_index_resize(struct mlx5hws_bwc_matcher *bm);
/*
 * Re-bucket whole old buckets, under a queue lock, until work (one for a
 * bucket, one for each of its rules) is spent; true once no old bucket
 * holds a rule.  Queues re-bucket in parallel, each in stripes the others
 * do not hold.
 */
bool hws_bwc_index_migrate(struct mlx5hws_bwc_matcher *bm, uint32_t work);
/* Free the emptied old buckets (every queue lock held). */
void hws_bwc_index_migrated(struct mlx5hws_bwc_matcher *bm);
/*
 * Call fn on the rules of buckets from *cursor on (no re-bucketing in
 * progress), until fn returns false or work (one for a bucket, one for
 * each rule) is spent; *cursor wraps to 0 after the last, and then the
 * call returns true.  fn runs under its bucket's
 * stripe lock and must not take rules out.
 */
bool hws_bwc_index_scan(struct mlx5hws_bwc_matcher *bm, uint32_t *cursor,
			uint32_t work,
			bool (*fn)(struct mlx5hws_bwc_matcher *bm,
				   struct mlx5hws_rule *rule, void *arg),
			void *arg);

#endif /* HWS_BWC_H */
