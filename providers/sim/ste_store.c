// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Sparse STE storage for an STE object: host memory grows with the STEs
 * written, not with the device memory the object spans.  Open addressing
 * with linear probing maps a slot to a record; records are recycled.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static uint32_t slot_hash(uint32_t slot, uint32_t buckets)
{
	return (slot * 2654435761u) & (buckets - 1);
}

void sim_ste_store_free(struct sim_ste_store *store)
{
	free(store->keys);
	free(store->vals);
	free(store->recs);
	free(store->free_recs);
	memset(store, 0, sizeof(*store));
}

uint64_t sim_ste_store_bytes(const struct sim_ste_store *store)
{
	return (uint64_t)store->buckets * 2 * sizeof(uint32_t) +
	       (uint64_t)store->recs_cap * sizeof(struct sim_ste_rec) +
	       (uint64_t)store->free_cap * sizeof(uint32_t);
}

static int64_t find_bucket(const struct sim_ste_store *store, uint32_t slot)
{
	uint32_t b;

	if (!store->buckets)
		return -1;
	for (b = slot_hash(slot, store->buckets); store->keys[b];
	     b = (b + 1) & (store->buckets - 1))
		if (store->keys[b] == slot + 1)
			return b;
	return -1;
}

struct sim_ste_rec *sim_ste_store_get(struct sim_ste_store *store,
				      uint32_t slot)
{
	int64_t b = find_bucket(store, slot);

	return b < 0 ? NULL : &store->recs[store->vals[b]];
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

static int grow_buckets(struct sim_ste_store *store)
{
	uint32_t n = store->buckets ? store->buckets * 2 : 64, i;
	uint32_t *keys = calloc(n, sizeof(*keys));
	uint32_t *vals = malloc(n * sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (i = 0; i < store->buckets; i++)
		if (store->keys[i])
			insert_key(keys, vals, n, store->keys[i],
				   store->vals[i]);
	free(store->keys);
	free(store->vals);
	store->keys = keys;
	store->vals = vals;
	store->buckets = n;
	return 0;
}

static int64_t take_record(struct sim_ste_store *store)
{
	if (store->nfree)
		return store->free_recs[--store->nfree];
	if (store->nrecs == store->recs_cap) {
		uint32_t cap = store->recs_cap ? store->recs_cap * 2 : 16;
		struct sim_ste_rec *recs;
		uint32_t *free_recs;

		/* The free list can hold every record, so a delete never
		 * needs memory.
		 */
		free_recs = realloc(store->free_recs, cap * sizeof(*free_recs));
		if (!free_recs)
			return -1;
		store->free_recs = free_recs;
		store->free_cap = cap;
		recs = realloc(store->recs, cap * sizeof(*recs));
		if (!recs)
			return -1;
		store->recs = recs;
		store->recs_cap = cap;
	}
	return store->nrecs++;
}

/* The record for slot, created empty if the slot was free; NULL on ENOMEM. */
struct sim_ste_rec *sim_ste_store_put(struct sim_ste_store *store,
				      uint32_t slot)
{
	struct sim_ste_rec *rec = sim_ste_store_get(store, slot);
	int64_t idx;

	if (rec)
		return rec;
	/* keep the load factor at or below 1/2 */
	if ((store->used + 1) * 2 > store->buckets && grow_buckets(store))
		return NULL;
	idx = take_record(store);
	if (idx < 0)
		return NULL;
	insert_key(store->keys, store->vals, store->buckets, slot + 1, idx);
	store->used++;
	rec = &store->recs[idx];
	memset(rec, 0, sizeof(*rec));
	rec->slot = slot;
	return rec;
}

void sim_ste_store_del(struct sim_ste_store *store, uint32_t slot)
{
	int64_t b = find_bucket(store, slot);
	uint32_t hole, next;

	if (b < 0)
		return;
	store->free_recs[store->nfree++] = store->vals[b];
	store->used--;
	/* backward-shift deletion keeps probe chains intact */
	hole = b;
	next = (hole + 1) & (store->buckets - 1);
	while (store->keys[next]) {
		uint32_t home = slot_hash(store->keys[next] - 1, store->buckets);

		if (((next - home) & (store->buckets - 1)) >=
		    ((next - hole) & (store->buckets - 1))) {
			store->keys[hole] = store->keys[next];
			store->vals[hole] = store->vals[next];
			hole = next;
		}
		next = (next + 1) & (store->buckets - 1);
	}
	store->keys[hole] = 0;
}
