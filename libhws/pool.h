/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The free slots of a ranged device object (an STC range), as a bitmap; and
 * a buddy allocator of power-of-two blocks over such bitmaps (action STEs).
 */
#ifndef HWS_POOL_H
#define HWS_POOL_H

#include <stdint.h>

#include "util.h"

struct hws_pool {
	uint32_t size;
	uint32_t nfree;
	uint32_t hint;		/* a word to look in first */
	uint64_t *free_map;	/* one bit per free slot */
};

int hws_pool_init(struct hws_pool *p, struct hws_mem *mem, uint8_t log_size);
void hws_pool_cleanup(struct hws_pool *p, struct hws_mem *mem);
/* A free slot, or -1 when there is none. */
int64_t hws_pool_alloc(struct hws_pool *p);
void hws_pool_free(struct hws_pool *p, uint32_t slot);

/*
 * Blocks of 2^order slots out of 2^log_size, at offsets that are multiples
 * of their size: one bitmap of free blocks per order.
 */
struct hws_buddy {
	uint8_t log_size;
	struct hws_pool *order; /* log_size + 1 bitmaps */
};

int hws_buddy_init(struct hws_buddy *b, struct hws_mem *mem, uint8_t log_size);
void hws_buddy_cleanup(struct hws_buddy *b, struct hws_mem *mem);
/* The offset of a free block of 2^order slots, or -1 when there is none. */
int64_t hws_buddy_alloc(struct hws_buddy *b, uint8_t order);
void hws_buddy_free(struct hws_buddy *b, uint32_t offset, uint8_t order);

#endif /* HWS_POOL_H */
