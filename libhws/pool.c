// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Slot bitmaps and the buddy allocator built on them. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "pool.h"

static uint32_t hws_pool_words(uint32_t size)
{
	return (size + 63) / 64;
}

int hws_pool_init(struct hws_pool *p, struct hws_mem *mem, uint8_t log_size)
{
	uint32_t w;

	p->size = 1u << log_size;
	p->nfree = p->size;
	p->hint = 0;
	p->free_map =
		hws_zalloc(mem, hws_pool_words(p->size) * sizeof(uint64_t));
	if (!p->free_map)
		return ENOMEM;
	for (w = 0; w < p->size / 64; w++)
		p->free_map[w] = ~0ull;
	if (p->size % 64)
		p->free_map[w] = (1ull << (p->size % 64)) - 1;
	return 0;
}

void hws_pool_cleanup(struct hws_pool *p, struct hws_mem *mem)
{
	hws_free(mem, p->free_map);
	p->free_map = NULL;
}

int64_t hws_pool_alloc(struct hws_pool *p)
{
	uint32_t n = hws_pool_words(p->size), i, w;

	if (!p->nfree)
		return -1;
	for (i = 0; i < n; i++) {
		w = (p->hint + i) % n;
		if (p->free_map[w]) {
			uint32_t bit = __builtin_ctzll(p->free_map[w]);

			p->free_map[w] &= ~(1ull << bit);
			p->nfree--;
			p->hint = w;
			return (int64_t)w * 64 + bit;
		}
	}
	return -1;
}

void hws_pool_free(struct hws_pool *p, uint32_t slot)
{
	p->free_map[slot / 64] |= 1ull << (slot % 64);
	p->nfree++;
}

/* Take slot if it is free; false if it was not. */
static bool hws_pool_take(struct hws_pool *p, uint32_t slot)
{
	uint64_t bit = 1ull << (slot % 64);

	if (!(p->free_map[slot / 64] & bit))
		return false;
	p->free_map[slot / 64] &= ~bit;
	p->nfree--;
	return true;
}

int hws_buddy_init(struct hws_buddy *b, struct hws_mem *mem, uint8_t log_size)
{
	uint8_t o;
	int err;

	b->log_size = log_size;
	b->order = hws_zalloc(mem, (log_size + 1) * sizeof(*b->order));
	if (!b->order)
		return ENOMEM;
	for (o = 0; o <= log_size; o++) {
		err = hws_pool_init(&b->order[o], mem, log_size - o);
		if (err) {
			while (o--)
				hws_pool_cleanup(&b->order[o], mem);
			hws_free(mem, b->order);
			b->order = NULL;
			return err;
		}
		/* one block of the whole size is free, nothing smaller */
		if (o < log_size) {
			memset(b->order[o].free_map, 0,
			       hws_pool_words(b->order[o].size) *
				       sizeof(uint64_t));
			b->order[o].nfree = 0;
		}
	}
	return 0;
}

void hws_buddy_cleanup(struct hws_buddy *b, struct hws_mem *mem)
{
	int o;

	for (o = 0; b->order && o <= b->log_size; o++)
		hws_pool_cleanup(&b->order[o], mem);
	hws_free(mem, b->order);
	b->order = NULL;
}

int64_t hws_buddy_alloc(struct hws_buddy *b, uint8_t order)
{
	int64_t block;
	uint8_t o;

	/* the smallest free block that is large enough, split down */
	for (o = order; o <= b->log_size; o++) {
		block = hws_pool_alloc(&b->order[o]);
		if (block >= 0)
			break;
	}
	if (o > b->log_size)
		return -1;
	for (; o > order; o--) {
		block *= 2;
		hws_pool_free(&b->order[o - 1], block + 1);
	}
	return block << order;
}

void hws_buddy_free(struct hws_buddy *b, uint32_t offset, uint8_t order)
{
	uint32_t block = offset >> order;

	/* merge with the free buddy, as far up as it goes */
	for (; order < b->log_size; order++, block /= 2)
		if (!hws_pool_take(&b->order[order], block ^ 1))
			break;
	hws_pool_free(&b->order[order], block);
}
