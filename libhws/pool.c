// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <errno.h>

#include "pool.h"

static uint64_t words_of(uint8_t bits_log)
{
	return bits_log >= 6 ? 1ull << (bits_log - 6) : 1;
}

static void bit_set(uint64_t *map, uint32_t i)
{
	map[i / 64] |= 1ull << (i % 64);
}

static void bit_clear(uint64_t *map, uint32_t i)
{
	map[i / 64] &= ~(1ull << (i % 64));
}

static bool bit_test(const uint64_t *map, uint32_t i)
{
	return map[i / 64] >> (i % 64) & 1;
}

int hws_buddy_init(struct hws_buddy *b, struct hws_mem *mem, uint8_t log_size)
{
	uint8_t o;

	b->log_size = log_size;
	b->free = hws_zalloc(mem, (log_size + 1) * sizeof(*b->free));
	b->nfree = hws_zalloc(mem, (log_size + 1) * sizeof(*b->nfree));
	if (!b->free || !b->nfree)
		goto free_maps;
	for (o = 0; o <= log_size; o++) {
		b->free[o] = hws_zalloc(mem, words_of(log_size - o) *
						     sizeof(uint64_t));
		if (!b->free[o])
			goto free_maps;
	}
	/* one free block spans everything */
	bit_set(b->free[log_size], 0);
	b->nfree[log_size] = 1;
	return 0;

free_maps:
	hws_buddy_cleanup(b, mem);
	return ENOMEM;
}

void hws_buddy_cleanup(struct hws_buddy *b, struct hws_mem *mem)
{
	uint8_t o;

	for (o = 0; b->free && o <= b->log_size; o++)
		hws_free(mem, b->free[o]);
	hws_free(mem, b->free);
	hws_free(mem, b->nfree);
	b->free = NULL;
	b->nfree = NULL;
}

static int64_t find_free(const struct hws_buddy *b, uint8_t order)
{
	uint64_t w, n = words_of(b->log_size - order);

	for (w = 0; w < n; w++)
		if (b->free[order][w])
			return w * 64 + __builtin_ctzll(b->free[order][w]);
	return -1;
}

int64_t hws_buddy_alloc(struct hws_buddy *b, uint8_t order)
{
	uint8_t o = order;
	int64_t blk;

	if (order > b->log_size)
		return -1;
	while (o <= b->log_size && !b->nfree[o])
		o++;
	if (o > b->log_size)
		return -1;
	blk = find_free(b, o);
	bit_clear(b->free[o], blk);
	b->nfree[o]--;
	/* split down to the order asked for, freeing the upper halves */
	while (o > order) {
		o--;
		blk *= 2;
		bit_set(b->free[o], blk + 1);
		b->nfree[o]++;
	}
	return blk << order;
}

void hws_buddy_free(struct hws_buddy *b, uint32_t offset, uint8_t order)
{
	uint32_t blk = offset >> order;

	/* merge with the buddy while it is free */
	while (order < b->log_size && bit_test(b->free[order], blk ^ 1)) {
		bit_clear(b->free[order], blk ^ 1);
		b->nfree[order]--;
		blk /= 2;
		order++;
	}
	bit_set(b->free[order], blk);
	b->nfree[order]++;
}
