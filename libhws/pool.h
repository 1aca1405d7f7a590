/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/* The free slots of a ranged device object (an STC range), as a bitmap. */
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

#endif /* HWS_POOL_H */
