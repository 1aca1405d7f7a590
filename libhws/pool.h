/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * A buddy allocator over the slots of a ranged device object (an STC range):
 * blocks of 2^order slots, split and merged on demand.
 */
#ifndef HWS_POOL_H
#define HWS_POOL_H

#include <stdint.h>

#include "util.h"

struct hws_buddy {
	uint8_t log_size;
	/* free[o]: bitmap of free blocks of order o, one bit per block */
	uint64_t **free;
	uint32_t *nfree;
};

int hws_buddy_init(struct hws_buddy *b, struct hws_mem *mem, uint8_t log_size);
void hws_buddy_cleanup(struct hws_buddy *b, struct hws_mem *mem);
/* The first slot of a free block of 2^order slots, or -1 when full. */
int64_t hws_buddy_alloc(struct hws_buddy *b, uint8_t order);
void hws_buddy_free(struct hws_buddy *b, uint32_t offset, uint8_t order);

#endif /* HWS_POOL_H */
