// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* The BWC matcher's index of its rules by tag, and its failed insertions. */
#include <errno.h>
#include <string.h>

#include "bwc.h"

#define HWS_BWC_INDEX_MIN_LOG 4

int hws_bwc_index_init(struct mlx5hws_bwc_matcher *bm)
{
	struct mlx5hws_context *ctx = hws_bwc_ctx(bm);
	struct hws_bwc_index *ix = &bm->index;
	int i;

	ix->size_log = HWS_BWC_INDEX_MIN_LOG;
	ix->buckets =
		hws_zalloc(&ctx->mem, sizeof(*ix->buckets) << ix->size_log);
	ix->stripes = hws_zalloc_aligned(&ctx->mem, HWS_CACHE_APART,
					 HWS_BWC_INDEX_STRIPES *
						 sizeof(*ix->stripes));
	if (!ix->buckets || !ix->stripes) {
		hws_free(&ctx->mem, ix->buckets);
		hws_free(&ctx->mem, ix->stripes);
		return ENOMEM;
	}
	for (i = 0; i < HWS_BWC_INDEX_STRIPES; i++)
		pthread_spin_init(&ix->stripes[i].lock,
				  PTHREAD_PROCESS_PRIVATE);
	pthread_spin_init(&ix->orphan_lock, PTHREAD_PROCESS_PRIVATE);
	return 0;
}

void hws_bwc_index_fini(struct mlx5hws_bwc_matcher *bm)
{
	struct mlx5hws_context *ctx = hws_bwc_ctx(bm);
	struct hws_bwc_index *ix = &bm->index;
	int i;

	for (i = 0; i < HWS_BWC_INDEX_STRIPES; i++)
		pthread_spin_destroy(&ix->stripes[i].lock);
	pthread_spin_destroy(&ix->orphan_lock);
	hws_free(&ctx->mem, ix->stripes);
	hws_free(&ctx->mem, ix->buckets);
	hws_free(&ctx->mem, ix->old);
}

uint32_t hws_bwc_index_count(const struct mlx5hws_bwc_matcher *bm)
{
	uint32_t n = 0;
	int i;

	for (i = 0; i < HWS_BWC_INDEX_STRIPES; i++)
		n += bm->index.stripes[i].count;
	return n;
}

/*
 * Not the device's CRC: that is linear, and the few bits that tell a rule
 * set apart would land in few buckets.  Multiply-xorshift mixes them all.
 */
static inline __attribute__((always_inline)) uint32_t
hws_bwc_index_hash_of(const uint8_t *tag, uint8_t len)
{
	uint64_t h = len, w = 0;
	uint8_t i;

	/* tags are 32 or 44 bytes: whole words, then a 4-byte tail */
	for (i = 0; i + sizeof(w) <= len; i += sizeof(w)) {
		memcpy(&w, tag + i, sizeof(w));
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	if (i < len) {
		w = 0;
		memcpy(&w, tag + i, 4);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	return h ^ (h >> 32);
}

/* A match STE's tag, the common one, at a length the compiler unrolls. */
static uint32_t hws_bwc_index_hash(const uint8_t *tag, uint8_t len)
{
	if (len == PRM_MATCH_TAG_SIZE)
		return hws_bwc_index_hash_of(tag, PRM_MATCH_TAG_SIZE);
	return hws_bwc_index_hash_of(tag, len);
}

/*
 * A tag of a match or a jumbo STE: compares of a size the compiler knows
 * are a few loads, not a call.
 */
static bool hws_bwc_index_same(const uint8_t *a, const uint8_t *b, uint8_t len)
{
	if (len == PRM_MATCH_TAG_SIZE)
		return !memcmp(a, b, PRM_MATCH_TAG_SIZE);
	if (len == PRM_JUMBO_TAG_SIZE)
		return !memcmp(a, b, PRM_JUMBO_TAG_SIZE);
	return !memcmp(a, b, len);
}

/*
 * A bucket is the top size_log bits of a hash, its stripe the top few: the
 * stripe of a tag's bucket is the same at any size, and a stripe's buckets
 * are a range, which its re-bucketing empties in order.
 */
_Static_assert(HWS_BWC_INDEX_MIN_LOG >= HWS_BWC_INDEX_STRIPES_LOG,
	       "a tag's bucket stays in its stripe at every index size");

static uint32_t hws_bwc_index_slot(uint32_t h, uint8_t size_log)
{
	return h >> (32 - size_log);
}

/* Slot's place in its stripe's range of buckets. */
static uint32_t hws_bwc_index_in_stripe(uint32_t slot, uint8_t size_log)
{
	return slot & ((1u << (size_log - HWS_BWC_INDEX_STRIPES_LOG)) - 1);
}

/* The stripe of a bucket of an index of 2^size_log buckets. */
static struct hws_bwc_stripe *
hws_bwc_index_stripe_at(struct hws_bwc_index *ix, uint32_t slot,
			uint8_t size_log)
{
	return &ix->stripes[slot >> (size_log - HWS_BWC_INDEX_STRIPES_LOG)];
}

static struct hws_bwc_stripe *hws_bwc_index_stripe(struct hws_bwc_index *ix,
						   uint32_t slot)
{
	return hws_bwc_index_stripe_at(ix, slot, ix->size_log);
}

/* The stripe of a hash: that of its bucket, a bucket of all 32 bits. */
static struct hws_bwc_stripe *hws_bwc_index_stripe_of(struct hws_bwc_index *ix,
						      uint32_t h)
{
	return hws_bwc_index_stripe_at(ix, h, 32);
}

/*
 * The bucket of hash h, under its stripe's lock: an old one while the
 * stripe's re-bucketing has not reached it.
 */
static struct mlx5hws_rule **
hws_bwc_index_bucket(struct hws_bwc_index *ix, const struct hws_bwc_stripe *st,
		     uint32_t h)
{
	uint32_t slot;

	if (ix->old) {
		slot = hws_bwc_index_slot(h, ix->old_size_log);
		if (hws_bwc_index_in_stripe(slot, ix->old_size_log) >=
		    st->migrated)
			return &ix->old[slot];
	}
	return &ix->buckets[hws_bwc_index_slot(h, ix->size_log)];
}

static uint32_t hws_bwc_index_hash_tag(const struct mlx5hws_bwc_matcher *bm,
				       const uint8_t *tag)
{
	return hws_bwc_index_hash(tag, bm->mt->definer.tag_len);
}

/*
 * An orphan's STEs count where they are, whatever directions it asked for.
 * Under the stripe of tag: an orphan with this tag left its bucket under
 * the same stripe, so it is in one list or the other.  Inline: every
 * insertion looks.
 */
static inline __attribute__((always_inline)) int
hws_bwc_index_find_in(struct mlx5hws_bwc_matcher *bm,
		      struct mlx5hws_rule *chain, const uint8_t *tag,
		      unsigned int dirs)
{
	uint8_t len = bm->mt->definer.tag_len;
	struct mlx5hws_rule *r;
	int err = 0;

	for (r = chain; r; r = r->bwc_next) {
		if (r->dirs & dirs && hws_bwc_index_same(r->tag, tag, len)) {
			hws_err("BWC rule: the matcher has a rule with these values");
			return EEXIST;
		}
	}
	if (!__atomic_load_n(&bm->orphans, __ATOMIC_ACQUIRE))
		return 0;
	pthread_spin_lock(&bm->index.orphan_lock);
	for (r = bm->orphans; r; r = r->bwc_next) {
		if (hws_rule_placed_dirs(r->placed) & dirs &&
		    hws_bwc_index_same(r->tag, tag, len)) {
			hws_err("BWC rule: the device still holds the STE of a failed insertion with these values; try again");
			err = EAGAIN;
			break;
		}
	}
	pthread_spin_unlock(&bm->index.orphan_lock);
	return err;
}

int hws_bwc_index_find(struct mlx5hws_bwc_matcher *bm, const uint8_t *tag,
		       unsigned int dirs)
{
	struct hws_bwc_index *ix = &bm->index;
	uint32_t h = hws_bwc_index_hash_tag(bm, tag);
	struct hws_bwc_stripe *st = hws_bwc_index_stripe_of(ix, h);
	int err;

	pthread_spin_lock(&st->lock);
	err = hws_bwc_index_find_in(bm, *hws_bwc_index_bucket(ix, st, h), tag,
				    dirs);
	pthread_spin_unlock(&st->lock);
	return err;
}

int hws_bwc_index_add(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_rule *rule)
{
	struct hws_bwc_index *ix = &bm->index;
	uint32_t h = hws_bwc_index_hash_tag(bm, rule->tag);
	struct hws_bwc_stripe *st = hws_bwc_index_stripe_of(ix, h);
	struct mlx5hws_rule **bucket;
	int err;

	pthread_spin_lock(&st->lock);
	bucket = hws_bwc_index_bucket(ix, st, h);
	err = hws_bwc_index_find_in(bm, *bucket, rule->tag, rule->dirs);
	if (!err) {
		rule->bwc_next = *bucket;
		*bucket = rule;
		st->count++;
		bm->per_queue[rule->bwc_queue].indexed++;
	}
	pthread_spin_unlock(&st->lock);
	return err;
}

void hws_bwc_index_del(struct mlx5hws_bwc_matcher *bm,
		       struct mlx5hws_rule *rule, bool orphan)
{
	struct hws_bwc_index *ix = &bm->index;
	uint32_t h = hws_bwc_index_hash_tag(bm, rule->tag);
	struct hws_bwc_stripe *st = hws_bwc_index_stripe_of(ix, h);
	struct mlx5hws_rule **pp;

	pthread_spin_lock(&st->lock);
	for (pp = hws_bwc_index_bucket(ix, st, h); *pp != rule;
	     pp = &(*pp)->bwc_next)
		;
	*pp = rule->bwc_next;
	st->count--;
	bm->per_queue[rule->bwc_queue].indexed--;
	if (orphan) {
		rule->bwc_orphan = 1;
		pthread_spin_lock(&bm->index.orphan_lock);
		rule->bwc_next = bm->orphans;
		__atomic_store_n(&bm->orphans, rule, __ATOMIC_RELEASE);
		pthread_spin_unlock(&bm->index.orphan_lock);
	}
	pthread_spin_unlock(&st->lock);
}

/* About two rules a bucket at the matcher's size. */
static uint8_t hws_bwc_index_size_log(const struct mlx5hws_bwc_matcher *bm)
{
	uint8_t size_log = HWS_BWC_INDEX_MIN_LOG + 1;
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		if (bm->dir[dir].size_log > size_log)
			size_log = bm->dir[dir].size_log;
	return size_log - 1;
}

/*
 * Rules lie all over the heap: while walking bucket b, fetch the first
 * rule of a bucket a few ahead, before end.
 */
#define HWS_BWC_PREFETCH_AHEAD 8

static void hws_bwc_index_prefetch(struct mlx5hws_rule **buckets, uint32_t b,
				   uint32_t end)
{
	if (b + HWS_BWC_PREFETCH_AHEAD < end)
		__builtin_prefetch(buckets[b + HWS_BWC_PREFETCH_AHEAD]);
}

void hws_bwc_index_each(struct mlx5hws_bwc_matcher *bm,
			void (*fn)(struct mlx5hws_bwc_matcher *bm,
				   struct mlx5hws_rule *rule, void *arg),
			void *arg)
{
	struct hws_bwc_index *ix = &bm->index;
	struct mlx5hws_rule *r, *next;
	uint32_t b;

	for (b = 0; ix->old && b < 1u << ix->old_size_log; b++) {
		if (hws_bwc_index_in_stripe(b, ix->old_size_log) <
		    hws_bwc_index_stripe_at(ix, b, ix->old_size_log)->migrated)
			continue;
		for (r = ix->old[b]; r; r = next) {
			next = r->bwc_next;
			fn(bm, r, arg);
		}
	}
	for (b = 0; b < 1u << ix->size_log; b++) {
		hws_bwc_index_prefetch(ix->buckets, b, 1u << ix->size_log);
		for (r = ix->buckets[b]; r; r = next) {
			next = r->bwc_next;
			fn(bm, r, arg);
		}
	}
}

/*
 * Re-bucket stripe s's old buckets (its lock held) until work is spent;
 * what is left of work.
 */
static uint32_t hws_bwc_index_migrate_stripe(struct mlx5hws_bwc_matcher *bm,
					     unsigned int s, uint32_t work)
{
	struct hws_bwc_index *ix = &bm->index;
	struct hws_bwc_stripe *st = &ix->stripes[s];
	uint8_t range_log = ix->old_size_log - HWS_BWC_INDEX_STRIPES_LOG;
	uint32_t first = s << range_log, end = (s + 1) << range_log;
	struct mlx5hws_rule *r, *next;
	uint32_t b, slot;

	if (first + st->migrated == end)
		return work;
	/* a rule costs a miss or two: the count of rules bounds the step */
	while (work && first + st->migrated < end) {
		b = first + st->migrated;
		hws_bwc_index_prefetch(ix->old, b, end);
		work--;
		for (r = ix->old[b]; r; r = next) {
			next = r->bwc_next;
			slot = hws_bwc_index_slot(hws_bwc_index_hash_tag(bm,
									 r->tag),
						  ix->size_log);
			r->bwc_next = ix->buckets[slot];
			ix->buckets[slot] = r;
			work -= !!work;
		}
		st->migrated++;
	}
	if (first + st->migrated == end)
		__atomic_sub_fetch(&ix->stripes_left, 1, __ATOMIC_RELEASE);
	return work;
}

bool hws_bwc_index_migrate(struct mlx5hws_bwc_matcher *bm, uint32_t work)
{
	struct hws_bwc_index *ix = &bm->index;
	unsigned int first, tries, s;

	if (!ix->old)
		return true;
	/*
	 * Threads start at stripes apart and keep to theirs; a stripe another
	 * queue holds is that queue's to re-bucket now.
	 */
	first = hws_thread_slot() * (HWS_BWC_INDEX_STRIPES / 2 + 1);
	for (tries = 0; work && tries < HWS_BWC_INDEX_STRIPES; tries++) {
		if (!__atomic_load_n(&ix->stripes_left, __ATOMIC_ACQUIRE))
			return true;
		s = (first + tries) % HWS_BWC_INDEX_STRIPES;
		if (pthread_spin_trylock(&ix->stripes[s].lock))
			continue;
		work = hws_bwc_index_migrate_stripe(bm, s, work);
		pthread_spin_unlock(&ix->stripes[s].lock);
	}
	return !__atomic_load_n(&ix->stripes_left, __ATOMIC_ACQUIRE);
}

void hws_bwc_index_migrated(struct mlx5hws_bwc_matcher *bm)
{
	struct hws_bwc_index *ix = &bm->index;

	hws_free(&hws_bwc_ctx(bm)->mem, ix->old);
	ix->old = NULL;
}

/*
 * Without memory for new buckets the old ones keep serving.  What a
 * re-bucketing before left is done first; a move finishes only after it.
 */
void hws_bwc_index_resize(struct mlx5hws_bwc_matcher *bm)
{
	struct mlx5hws_context *ctx = hws_bwc_ctx(bm);
	struct hws_bwc_index *ix = &bm->index;
	uint8_t size_log = hws_bwc_index_size_log(bm);
	struct mlx5hws_rule **fresh;
	unsigned int s;

	hws_bwc_index_migrate(bm, UINT32_MAX);
	hws_bwc_index_migrated(bm);
	if (size_log == ix->size_log)
		return;
	fresh = hws_zalloc(&ctx->mem, sizeof(*fresh) << size_log);
	if (!fresh)
		return;
	ix->old = ix->buckets;
	ix->old_size_log = ix->size_log;
	for (s = 0; s < HWS_BWC_INDEX_STRIPES; s++)
		ix->stripes[s].migrated = 0;
	ix->stripes_left = HWS_BWC_INDEX_STRIPES;
	ix->buckets = fresh;
	ix->size_log = size_log;
}

bool hws_bwc_index_scan(struct mlx5hws_bwc_matcher *bm, uint32_t *cursor,
			uint32_t work,
			bool (*fn)(struct mlx5hws_bwc_matcher *bm,
				   struct mlx5hws_rule *rule, void *arg),
			void *arg)
{
	struct hws_bwc_index *ix = &bm->index;
	uint32_t b = *cursor;
	struct mlx5hws_rule *r;

	if (b >= 1u << ix->size_log)
		b = 0;
	/* a rule looked at is a miss: the count of rules bounds the scan */
	while (work) {
		struct hws_bwc_stripe *st = hws_bwc_index_stripe(ix, b);
		bool more = true;

		work--;
		/* other queues add and delete rules under a queue lock */
		pthread_spin_lock(&st->lock);
		for (r = ix->buckets[b]; r && more; r = r->bwc_next) {
			more = fn(bm, r, arg);
			work -= !!work;
		}
		pthread_spin_unlock(&st->lock);
		if (!more) {
			/* the bucket again: it may hold more */
			*cursor = b;
			return false;
		}
		if (++b == 1u << ix->size_log) {
			*cursor = 0;
			return true;
		}
	}
	*cursor = b;
	return false;
}
