// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <errno.h>
#include <string.h>

#include "pool.h"

static uint32_t words_of(uint32_t size)
{
	return (size + 63) / 64;
}

int hws_pool_init(struct hws_pool *p, struct hws_mem *mem, uint8_t log_size)
{
	uint32_t w;

	p->size = 1u << log_size;
	p->nfree = p->size;
	p->hint = 0;
	p->free_map = hws_zalloc(mem, words_of(p->size) * sizeof(uint64_t));
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
	uint32_t n = words_of(p->size), i, w;

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
