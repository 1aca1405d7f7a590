// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* The BWC matcher's index of its rules by tag, and its failed insertions. */
#include <errno.h>
#include <string.h>

#include "bwc.h"

#define HWS_BWC_INDEX_MIN_LOG 4

int hws_bwc_index_init(struct mlx5hws_bwc_matcher *bm)
{
	struct hws_bwc_index *ix = &bm->index;

	ix->size_log = HWS_BWC_INDEX_MIN_LOG;
	ix->buckets = hws_zalloc(&hws_bwc_ctx(bm)->mem,
				 sizeof(*ix->buckets) << ix->size_log);
	if (!ix->buckets)
		return ENOMEM;
	pthread_mutex_init(&ix->lock, NULL);
	return 0;
}

void hws_bwc_index_fini(struct mlx5hws_bwc_matcher *bm)
{
	pthread_mutex_destroy(&bm->index.lock);
	hws_free(&hws_bwc_ctx(bm)->mem, bm->index.buckets);
}

/*
 * Not the device's CRC: that is linear, and the few bits that tell a rule
 * set apart would land in few buckets.  Multiply-xorshift mixes them all.
 */
static uint32_t hws_bwc_index_hash(const uint8_t *tag, uint8_t len)
{
	uint64_t h = len, w;
	uint8_t i;

	for (i = 0; i < len; i += sizeof(w)) {
		w = 0;
		memcpy(&w, tag + i, len - i < sizeof(w) ? len - i : sizeof(w));
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	return h ^ (h >> 32);
}

static struct mlx5hws_rule **
hws_bwc_index_bucket(struct mlx5hws_bwc_matcher *bm, const uint8_t *tag)
{
	uint8_t len = bm->mt->definer.tag_len;

	return &bm->index.buckets[hws_bwc_index_hash(tag, len) &
				  ((1u << bm->index.size_log) - 1)];
}

/* An orphan's STEs count where they are, whatever directions it asked for. */
int hws_bwc_index_find(struct mlx5hws_bwc_matcher *bm, const uint8_t *tag,
		       unsigned int dirs)
{
	uint8_t len = bm->mt->definer.tag_len;
	struct mlx5hws_rule *r;

	for (r = *hws_bwc_index_bucket(bm, tag); r; r = r->bwc_next) {
		if (r->dirs & dirs && !memcmp(r->tag, tag, len)) {
			hws_err("BWC rule: the matcher has a rule with these values");
			return EEXIST;
		}
	}
	for (r = bm->orphans; r; r = r->bwc_next) {
		if (hws_rule_placed_dirs(r->placed) & dirs &&
		    !memcmp(r->tag, tag, len)) {
			hws_err("BWC rule: the device still holds the STE of a failed insertion with these values; try again");
			return EAGAIN;
		}
	}
	return 0;
}

int hws_bwc_index_add(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_rule *rule)
{
	struct mlx5hws_rule **bucket;
	int err;

	pthread_mutex_lock(&bm->index.lock);
	err = hws_bwc_index_find(bm, rule->tag, rule->dirs);
	if (!err) {
		bucket = hws_bwc_index_bucket(bm, rule->tag);
		rule->bwc_next = *bucket;
		*bucket = rule;
		bm->index.count++;
	}
	pthread_mutex_unlock(&bm->index.lock);
	return err;
}

void hws_bwc_index_del(struct mlx5hws_bwc_matcher *bm,
		       struct mlx5hws_rule *rule, bool orphan)
{
	struct mlx5hws_rule **pp;

	pthread_mutex_lock(&bm->index.lock);
	for (pp = hws_bwc_index_bucket(bm, rule->tag); *pp != rule;
	     pp = &(*pp)->bwc_next)
		;
	*pp = rule->bwc_next;
	bm->index.count--;
	if (orphan) {
		rule->bwc_next = bm->orphans;
		__atomic_store_n(&bm->orphans, rule, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&bm->index.lock);
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
 * rule of a bucket a few ahead.
 */
#define HWS_BWC_PREFETCH_AHEAD 8

static void hws_bwc_index_prefetch(struct mlx5hws_rule **buckets,
				   uint8_t size_log, uint32_t b)
{
	if (b + HWS_BWC_PREFETCH_AHEAD < 1u << size_log)
		__builtin_prefetch(buckets[b + HWS_BWC_PREFETCH_AHEAD]);
}

void hws_bwc_index_each(struct mlx5hws_bwc_matcher *bm,
			void (*fn)(struct mlx5hws_bwc_matcher *bm,
				   struct mlx5hws_rule *rule, void *arg),
			void *arg)
{
	struct mlx5hws_rule *r, *next;
	uint32_t b;

	for (b = 0; b < 1u << bm->index.size_log; b++) {
		hws_bwc_index_prefetch(bm->index.buckets, bm->index.size_log,
				       b);
		for (r = bm->index.buckets[b]; r; r = next) {
			next = r->bwc_next;
			fn(bm, r, arg);
		}
	}
}

/*
 * Switch every rule to the new matcher, and re-bucket the index for the
 * new size on the same walk.  Without memory for new buckets the old ones
 * keep serving.
 */
void hws_bwc_index_commit_moves(struct mlx5hws_bwc_matcher *bm,
				struct mlx5hws_matcher *to)
{
	struct mlx5hws_context *ctx = hws_bwc_ctx(bm);
	struct hws_bwc_index *ix = &bm->index;
	struct mlx5hws_rule **old = ix->buckets, **fresh = NULL, *r, *next;
	uint8_t old_log = ix->size_log, size_log = hws_bwc_index_size_log(bm);
	uint32_t b;

	if (size_log != old_log)
		fresh = hws_zalloc(&ctx->mem, sizeof(*fresh) << size_log);
	if (fresh) {
		ix->buckets = fresh;
		ix->size_log = size_log;
	}
	for (b = 0; b < 1u << old_log; b++) {
		hws_bwc_index_prefetch(old, old_log, b);
		for (r = old[b]; r; r = next) {
			next = r->bwc_next;
			hws_rule_move_commit(r, to);
			if (fresh) {
				struct mlx5hws_rule **bucket =
					hws_bwc_index_bucket(bm, r->tag);

				r->bwc_next = *bucket;
				*bucket = r;
			}
		}
	}
	if (fresh)
		hws_free(&ctx->mem, old);
}
