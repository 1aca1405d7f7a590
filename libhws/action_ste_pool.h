/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Action STEs: the STEs a rule's actions continue in when its match STE
 * cannot hold them all.  Each queue keeps, per domain, STE_ARRAY tables:
 * an STE range per direction with an RTC written by offset (the trivial
 * match definer: every STE there matches), and a JUMP_TO_STE_TABLE STC into
 * it.  Tables grow in size as the pool adds them (2^10, 2^11, ... 2^20
 * STEs) and go when their last chunk does.  A rule takes one chunk of
 * 2^order consecutive STEs from its queue's pool.
 */
#ifndef HWS_ACTION_STE_POOL_H
#define HWS_ACTION_STE_POOL_H

#include "context.h"

#define HWS_ACTION_STE_TABLE_LOG_MIN 10
#define HWS_ACTION_STE_TABLE_LOG_MAX 20

struct hws_action_ste_table {
	struct hws_list node; /* in the pool's tables */
	struct hws_action_ste_pool *pool;
	uint8_t log_size;
	uint32_t used; /* STEs in chunks */
	struct hws_obj ste[HWS_DIR_MAX];
	struct hws_obj rtc[HWS_DIR_MAX];
	uint32_t jump_stc; /* a slot in the domain's STC ranges */
	struct hws_buddy buddy;
};

/* A rule's action STEs: offset .. offset + 2^order - 1 of tbl. */
struct hws_action_ste_chunk {
	struct hws_action_ste_table *tbl;
	uint32_t offset;
	uint8_t order;
};

/* The pool of queue (an index of ctx->queues) for domain. */
static inline struct hws_action_ste_pool *
hws_action_ste_pool_of(struct mlx5hws_context *ctx, uint16_t queue,
		       enum hws_domain domain)
{
	return &ctx->ste_pools[queue * HWS_DOMAIN_MAX + domain];
}

/* The order of a chunk for n action STEs: 2^order >= n. */
uint8_t hws_action_ste_order(uint8_t n);

/*
 * A chunk of 2^order STEs from the pool, adding a table when none has
 * room.  ENOMEM, or ENOSPC and the device's word when it cannot grow.
 */
int hws_action_ste_chunk_alloc(struct mlx5hws_context *ctx,
			       struct hws_action_ste_pool *pool, uint8_t order,
			       struct hws_action_ste_chunk *chunk);
/* Return a chunk; its table goes with its last chunk. */
void hws_action_ste_chunk_free(struct mlx5hws_context *ctx,
			       struct hws_action_ste_chunk *chunk);

/*
 * A chunk the device may still use though its rule moved on (a partly
 * failed update): kept on an owner's list and freed with the owner.
 */
struct hws_action_ste_chunk_ref {
	struct hws_action_ste_chunk_ref *next;
	struct hws_action_ste_chunk chunk;
};

void hws_action_ste_chunk_park(struct mlx5hws_context *ctx,
			       struct hws_action_ste_chunk_ref **list,
			       struct hws_action_ste_chunk *chunk);
void hws_action_ste_chunk_release_parked(
	struct mlx5hws_context *ctx, struct hws_action_ste_chunk_ref **list);

/* For the dump: call fn on each table of each pool, under the pool's lock. */
void hws_action_ste_pools_each(struct mlx5hws_context *ctx,
			       void (*fn)(const struct hws_action_ste_table *,
					  void *),
			       void *arg);

#endif /* HWS_ACTION_STE_POOL_H */
