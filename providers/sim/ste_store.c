// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Sparse STE storage for an STE object: host memory grows with the STEs
 * written, not with the device memory the object spans.  Open addressing
 * with linear probing maps a slot to a record; records are recycled.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* Old buckets moved over per change while a growth is pending. */
#define SIM_STE_STORE_MIGRATE 8

static uint32_t slot_hash(uint32_t slot, uint32_t buckets)
{
	return (slot * 2654435761u) & (buckets - 1);
}

struct sim_ste_rec *sim_ste_store_rec(const struct sim_ste_store *store,
				      uint32_t idx)
{
	return &store->chunks[idx / SIM_STE_CHUNK][idx % SIM_STE_CHUNK];
}

void sim_ste_store_free(struct sim_ste_store *store)
{
	uint32_t i;

	free(store->keys);
	free(store->vals);
	free(store->old_keys);
	free(store->old_vals);
	for (i = 0; i < store->nchunks; i++)
		free(store->chunks[i]);
	free(store->chunks);
	memset(store, 0, sizeof(*store));
}

uint64_t sim_ste_store_bytes(const struct sim_ste_store *store)
{
	return ((uint64_t)store->buckets + store->old_buckets) * 2 *
		       sizeof(uint32_t) +
	       (uint64_t)store->nchunks *
		       (SIM_STE_CHUNK * sizeof(struct sim_ste_rec) +
			sizeof(*store->chunks));
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

struct sim_ste_rec *sim_ste_store_get(struct sim_ste_store *store,
				      uint32_t slot)
{
	int64_t b = find_in(store->keys, store->buckets, slot);

	if (b >= 0)
		return sim_ste_store_rec(store, store->vals[b]);
	b = find_in(store->old_keys, store->old_buckets, slot);
	return b < 0 ? NULL : sim_ste_store_rec(store, store->old_vals[b]);
}

/* Fetch the buckets a get of slot reads first, ahead of it. */
void sim_ste_store_prefetch(const struct sim_ste_store *store, uint32_t slot)
{
	uint32_t b;

	if (!store->buckets)
		return;
	b = slot_hash(slot, store->buckets);
	__builtin_prefetch(&store->keys[b]);
	__builtin_prefetch(&store->vals[b]);
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
static void migrate(struct sim_ste_store *store, uint32_t n)
{
	uint32_t *keys = store->old_keys, *vals = store->old_vals;
	uint32_t b;

	for (; keys && n && store->old_used &&
	       store->migrated < store->old_buckets;
	     n--) {
		b = store->migrated;
		while (keys[b]) {
			insert_key(store->keys, store->vals, store->buckets,
				   keys[b], vals[b]);
			remove_at(keys, vals, store->old_buckets, b);
			store->used++;
			store->old_used--;
		}
		store->migrated++;
	}
	if (keys && !store->old_used) {
		free(keys);
		free(vals);
		store->old_keys = store->old_vals = NULL;
		store->old_buckets = 0;
	}
}

/*
 * Twice the buckets; the old ones move over as the store changes.  The new
 * table is at most a quarter full, and with SIM_STE_STORE_MIGRATE buckets
 * per insertion the old one empties before it is half full.
 */
static int grow_buckets(struct sim_ste_store *store)
{
	uint32_t n = store->buckets ? store->buckets * 2 : 64;
	uint32_t *keys = calloc(n, sizeof(*keys));
	uint32_t *vals = malloc(n * sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	migrate(store, UINT32_MAX);
	if (store->used) {
		store->old_keys = store->keys;
		store->old_vals = store->vals;
		store->old_buckets = store->buckets;
		store->old_used = store->used;
		store->migrated = 0;
	} else {
		free(store->keys);
		free(store->vals);
	}
	store->keys = keys;
	store->vals = vals;
	store->buckets = n;
	store->used = 0;
	return 0;
}

static int64_t take_record(struct sim_ste_store *store)
{
	uint32_t idx = store->free_head;

	if (idx) {
		store->free_head = sim_ste_store_rec(store, idx - 1)->slot;
		return idx - 1;
	}
	if (store->nrecs == store->nchunks * SIM_STE_CHUNK) {
		struct sim_ste_rec **chunks;

		/* a table of pointers: small, copied when it grows */
		chunks = realloc(store->chunks,
				 (store->nchunks + 1) * sizeof(*chunks));
		if (!chunks)
			return -1;
		store->chunks = chunks;
		chunks[store->nchunks] =
			malloc(SIM_STE_CHUNK * sizeof(**chunks));
		if (!chunks[store->nchunks])
			return -1;
		store->nchunks++;
	}
	return store->nrecs++;
}

/* A delete needs no memory: the record joins the free list it heads. */
static void give_record(struct sim_ste_store *store, uint32_t idx)
{
	sim_ste_store_rec(store, idx)->slot = store->free_head;
	store->free_head = idx + 1;
}

/* The record for slot, created empty if the slot was free; NULL on ENOMEM. */
struct sim_ste_rec *sim_ste_store_put(struct sim_ste_store *store,
				      uint32_t slot)
{
	struct sim_ste_rec *rec = sim_ste_store_get(store, slot);
	int64_t idx;

	if (rec)
		return rec;
	migrate(store, SIM_STE_STORE_MIGRATE);
	/* keep the load factor at or below 1/2 */
	if ((store->used + store->old_used + 1) * 2 > store->buckets &&
	    grow_buckets(store))
		return NULL;
	idx = take_record(store);
	if (idx < 0)
		return NULL;
	insert_key(store->keys, store->vals, store->buckets, slot + 1, idx);
	store->used++;
	rec = sim_ste_store_rec(store, idx);
	memset(rec, 0, sizeof(*rec));
	rec->slot = slot;
	return rec;
}

void sim_ste_store_del(struct sim_ste_store *store, uint32_t slot)
{
	int64_t b = find_in(store->keys, store->buckets, slot);

	if (b >= 0) {
		give_record(store, store->vals[b]);
		remove_at(store->keys, store->vals, store->buckets, b);
		store->used--;
	} else {
		b = find_in(store->old_keys, store->old_buckets, slot);
		if (b < 0)
			return;
		give_record(store, store->old_vals[b]);
		remove_at(store->old_keys, store->old_vals, store->old_buckets,
			  b);
		store->old_used--;
	}
	migrate(store, SIM_STE_STORE_MIGRATE);
}
