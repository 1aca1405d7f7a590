// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Sparse STE storage for an STE object: host memory grows with the STEs
 * written, not with the device memory the object spans.  Open addressing
 * with linear probing maps a slot to a record; records are recycled.  The
 * slots are sharded by their low bits so that queues writing different
 * rows do not wait for each other, as the device's pipelines do not.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* Old buckets moved over per change while a growth is pending. */
#define SIM_STE_STORE_MIGRATE 8
#define SIM_STE_SHARD_MASK (SIM_STE_SHARDS - 1)

static struct sim_ste_shard *shard_of(const struct sim_ste_store *store,
				      uint32_t slot)
{
	return &store->shards[slot & SIM_STE_SHARD_MASK];
}

/* The low bits name the shard: hash the others. */
static uint32_t slot_hash(uint32_t slot, uint32_t buckets)
{
	return ((slot >> SIM_STE_SHARDS_LOG) * 2654435761u) & (buckets - 1);
}

static struct sim_ste_rec *shard_rec(const struct sim_ste_shard *sh,
				     uint32_t idx)
{
	return &sh->chunks[idx / SIM_STE_CHUNK][idx % SIM_STE_CHUNK];
}

int sim_ste_store_init(struct sim_ste_store *store)
{
	uint32_t i;

	store->shards = aligned_alloc(SIM_CACHE_APART, SIM_STE_SHARDS *
						  sizeof(*store->shards));
	if (!store->shards)
		return -1;
	memset(store->shards, 0, SIM_STE_SHARDS * sizeof(*store->shards));
	for (i = 0; i < SIM_STE_SHARDS; i++)
		pthread_spin_init(&store->shards[i].lock,
				  PTHREAD_PROCESS_PRIVATE);
	return 0;
}

void sim_ste_store_free(struct sim_ste_store *store)
{
	uint32_t s, i;

	if (!store->shards)
		return;
	for (s = 0; s < SIM_STE_SHARDS; s++) {
		struct sim_ste_shard *sh = &store->shards[s];

		free(sh->keys);
		free(sh->vals);
		free(sh->old_keys);
		free(sh->old_vals);
		for (i = 0; i < sh->nchunks; i++)
			free(sh->chunks[i]);
		free(sh->chunks);
		pthread_spin_destroy(&sh->lock);
	}
	free(store->shards);
	store->shards = NULL;
}

static uint64_t shard_bytes(const struct sim_ste_shard *sh)
{
	return ((uint64_t)sh->buckets + sh->old_buckets) * 2 *
		       sizeof(uint32_t) +
	       (uint64_t)sh->nchunks * SIM_STE_CHUNK * sizeof(**sh->chunks) +
	       (uint64_t)sh->chunks_cap * sizeof(*sh->chunks);
}

uint64_t sim_ste_store_bytes(const struct sim_ste_store *store)
{
	uint64_t bytes = SIM_STE_SHARDS * sizeof(*store->shards);
	uint32_t s;

	for (s = 0; s < SIM_STE_SHARDS; s++)
		bytes += shard_bytes(&store->shards[s]);
	return bytes;
}

uint32_t sim_ste_store_count(const struct sim_ste_store *store)
{
	uint32_t s, n = 0;

	for (s = 0; s < SIM_STE_SHARDS; s++)
		n += store->shards[s].used + store->shards[s].old_used;
	return n;
}

uint64_t sim_ste_store_shards_of(uint32_t first, uint32_t stride, uint32_t n)
{
	uint64_t mask = 0;

	/* a stride of a multiple of the shards stays in first's */
	if (!(stride & SIM_STE_SHARD_MASK))
		n = n ? 1 : 0;
	for (; n; n--, first += stride)
		mask |= 1ull << (first & SIM_STE_SHARD_MASK);
	return mask;
}

/* In ascending order, so that two writers never wait on each other. */
void sim_ste_store_lock(struct sim_ste_store *store, uint64_t shards)
{
	for (; shards; shards &= shards - 1)
		pthread_spin_lock(&store->shards[__builtin_ctzll(shards)].lock);
}

void sim_ste_store_unlock(struct sim_ste_store *store, uint64_t shards)
{
	for (; shards; shards &= shards - 1)
		pthread_spin_unlock(
			&store->shards[__builtin_ctzll(shards)].lock);
}

static int64_t find_in(const uint32_t *keys, uint32_t buckets, uint32_t slot)
{
	uint32_t b;

	if (!buckets)
		return -1;
	for (b = slot_hash(slot, buckets); keys[b]; b = (b + 1) & (buckets - 1))
		if (keys[b] == slot + 1)
			return b;
	return -1;
}

static struct sim_ste_rec *shard_get(const struct sim_ste_shard *sh,
				     uint32_t slot)
{
	int64_t b = find_in(sh->keys, sh->buckets, slot);

	if (b >= 0)
		return shard_rec(sh, sh->vals[b]);
	b = find_in(sh->old_keys, sh->old_buckets, slot);
	return b < 0 ? NULL : shard_rec(sh, sh->old_vals[b]);
}

struct sim_ste_rec *sim_ste_store_get(const struct sim_ste_store *store,
				      uint32_t slot)
{
	return shard_get(shard_of(store, slot), slot);
}

/* Fetch the buckets a get of slot reads first, ahead of it. */
void sim_ste_store_prefetch(const struct sim_ste_store *store, uint32_t slot)
{
	const struct sim_ste_shard *sh = shard_of(store, slot);
	uint32_t b;

	if (!sh->buckets)
		return;
	b = slot_hash(slot, sh->buckets);
	__builtin_prefetch(&sh->keys[b]);
	__builtin_prefetch(&sh->vals[b]);
}

const struct sim_ste_rec *sim_ste_store_next(const struct sim_ste_store *store,
					     uint64_t *cursor)
{
	for (; *cursor >> 32 < SIM_STE_SHARDS;
	     *cursor = ((*cursor >> 32) + 1) << 32) {
		const struct sim_ste_shard *sh = &store->shards[*cursor >> 32];

		while ((uint32_t)*cursor < sh->nrecs) {
			const struct sim_ste_rec *rec =
				shard_rec(sh, (uint32_t)(*cursor)++);

			/* a free record's slot is a free-list link */
			if (shard_get(sh, rec->slot) == rec)
				return rec;
		}
	}
	return NULL;
}

static void insert_key(uint32_t *keys, uint32_t *vals, uint32_t buckets,
		       uint32_t key, uint32_t val)
{
	uint32_t b = slot_hash(key - 1, buckets);

	while (keys[b])
		b = (b + 1) & (buckets - 1);
	keys[b] = key;
	vals[b] = val;
}

/* Empty bucket b; backward-shift deletion keeps probe chains intact. */
static void remove_at(uint32_t *keys, uint32_t *vals, uint32_t buckets,
		      uint32_t b)
{
	uint32_t hole = b, next = (b + 1) & (buckets - 1);

	while (keys[next]) {
		uint32_t home = slot_hash(keys[next] - 1, buckets);

		if (((next - home) & (buckets - 1)) >=
		    ((next - hole) & (buckets - 1))) {
			keys[hole] = keys[next];
			vals[hole] = vals[next];
			hole = next;
		}
		next = (next + 1) & (buckets - 1);
	}
	keys[hole] = 0;
}

/*
 * Move the keys of up to n old buckets into the new ones.  A key leaves
 * the old table as it moves, so what is left there is all that has not
 * moved, and the buckets below migrated stay empty: a shift only pulls a
 * key back along its chain, which an empty bucket ends.
 */
static void migrate(struct sim_ste_shard *sh, uint32_t n)
{
	uint32_t *keys = sh->old_keys, *vals = sh->old_vals;
	uint32_t b;

	for (; keys && n && sh->old_used && sh->migrated < sh->old_buckets;
	     n--) {
		b = sh->migrated;
		while (keys[b]) {
			insert_key(sh->keys, sh->vals, sh->buckets, keys[b],
				   vals[b]);
			remove_at(keys, vals, sh->old_buckets, b);
			sh->used++;
			sh->old_used--;
		}
		sh->migrated++;
	}
	if (keys && !sh->old_used) {
		free(keys);
		free(vals);
		sh->old_keys = sh->old_vals = NULL;
		sh->old_buckets = 0;
	}
}

/*
 * Twice the buckets; the old ones move over as the shard changes.  The new
 * table is at most a quarter full, and with SIM_STE_STORE_MIGRATE buckets
 * per insertion the old one empties before it is half full.
 */
static int grow_buckets(struct sim_ste_shard *sh)
{
	uint32_t n = sh->buckets ? sh->buckets * 2 : 16;
	uint32_t *keys = aligned_alloc(64, n * sizeof(*keys));
	uint32_t *vals = malloc(n * sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	/*
	 * Written, not calloc'ed (which the compiler makes of malloc and
	 * memset): a fresh page that calloc leaves untouched maps the zero
	 * page on a lookup's read, and the write after it then flushes the
	 * TLB of every CPU the other queues' threads run on.
	 */
	memset(keys, 0, n * sizeof(*keys));
	migrate(sh, UINT32_MAX);
	if (sh->used) {
		sh->old_keys = sh->keys;
		sh->old_vals = sh->vals;
		sh->old_buckets = sh->buckets;
		sh->old_used = sh->used;
		sh->migrated = 0;
	} else {
		free(sh->keys);
		free(sh->vals);
	}
	sh->keys = keys;
	sh->vals = vals;
	sh->buckets = n;
	sh->used = 0;
	return 0;
}

static int64_t take_record(struct sim_ste_shard *sh)
{
	uint32_t idx = sh->free_head;

	if (idx) {
		sh->free_head = shard_rec(sh, idx - 1)->slot;
		return idx - 1;
	}
	if (sh->nrecs == sh->nchunks * SIM_STE_CHUNK) {
		struct sim_ste_rec **chunks = sh->chunks;

		if (sh->nchunks == sh->chunks_cap) {
			uint32_t cap = sh->chunks_cap ? 2 * sh->chunks_cap : 4;

			/* a table of pointers: small, copied when it grows */
			chunks = realloc(chunks, cap * sizeof(*chunks));
			if (!chunks)
				return -1;
			sh->chunks = chunks;
			sh->chunks_cap = cap;
		}
		chunks[sh->nchunks] = malloc(SIM_STE_CHUNK * sizeof(**chunks));
		if (!chunks[sh->nchunks])
			return -1;
		sh->nchunks++;
	}
	return sh->nrecs++;
}

/* A delete needs no memory: the record joins the free list it heads. */
static void give_record(struct sim_ste_shard *sh, uint32_t idx)
{
	shard_rec(sh, idx)->slot = sh->free_head;
	sh->free_head = idx + 1;
}

struct sim_ste_rec *sim_ste_store_put(struct sim_ste_store *store,
				      uint32_t slot, int64_t *bytes)
{
	struct sim_ste_shard *sh = shard_of(store, slot);
	struct sim_ste_rec *rec = shard_get(sh, slot);
	uint64_t before = shard_bytes(sh);
	int64_t idx;

	if (rec)
		return rec;
	migrate(sh, SIM_STE_STORE_MIGRATE);
	/* keep the load factor at or below 1/2 */
	if ((sh->used + sh->old_used + 1) * 2 > sh->buckets &&
	    grow_buckets(sh))
		goto account;
	idx = take_record(sh);
	if (idx < 0)
		goto account;
	insert_key(sh->keys, sh->vals, sh->buckets, slot + 1, idx);
	sh->used++;
	rec = shard_rec(sh, idx);
	memset(rec, 0, sizeof(*rec));
	rec->slot = slot;
account:
	*bytes += shard_bytes(sh) - before;
	return rec;
}

bool sim_ste_store_del(struct sim_ste_store *store, uint32_t slot,
		       int64_t *bytes)
{
	struct sim_ste_shard *sh = shard_of(store, slot);
	int64_t b = find_in(sh->keys, sh->buckets, slot);
	uint64_t before = shard_bytes(sh);

	if (b >= 0) {
		give_record(sh, sh->vals[b]);
		remove_at(sh->keys, sh->vals, sh->buckets, b);
		sh->used--;
	} else {
		b = find_in(sh->old_keys, sh->old_buckets, slot);
		if (b < 0)
			return false;
		give_record(sh, sh->old_vals[b]);
		remove_at(sh->old_keys, sh->old_vals, sh->old_buckets, b);
		sh->old_used--;
	}
	migrate(sh, SIM_STE_STORE_MIGRATE);
	*bytes += (int64_t)shard_bytes(sh) - (int64_t)before;
	return true;
}
