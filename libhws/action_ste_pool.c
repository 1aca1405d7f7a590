// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Per-queue pools of action STEs: STE_ARRAY tables and their chunks. */
#include <errno.h>
#include <string.h>

#include "action_ste_pool.h"

uint8_t hws_action_ste_order(uint8_t n)
{
	return n > 1 ? hws_ilog2_ceil(n) : 0;
}

/* Destroy what a table made; what the device keeps goes to the zombies. */
static void hws_action_ste_table_destroy(struct mlx5hws_context *ctx,
					 struct hws_action_ste_table *tbl,
					 bool has_stc)
{
	struct hws_obj objs[2 * HWS_DIR_MAX];
	unsigned int dir, n = 0;
	bool left = false;

	if (has_stc)
		hws_stc_free(ctx, tbl->pool->domain, tbl->jump_stc);
	/* each RTC before the STE range it writes */
	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		left |= hws_cmd_destroy(&tbl->rtc[dir]) != 0;
	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		left |= hws_cmd_destroy(&tbl->ste[dir]) != 0;
	if (left) {
		for (dir = 0; dir < HWS_DIR_MAX; dir++)
			objs[n++] = tbl->rtc[dir];
		for (dir = 0; dir < HWS_DIR_MAX; dir++)
			objs[n++] = tbl->ste[dir];
		hws_context_bury(ctx, objs, n);
	}
	hws_buddy_cleanup(&tbl->buddy, &ctx->mem);
	hws_free(&ctx->mem, tbl);
}

/* An RTC written by offset over the whole STE range of one direction. */
static int hws_action_ste_table_rtc(struct mlx5hws_context *ctx,
				    struct hws_action_ste_table *tbl,
				    unsigned int dir)
{
	enum hws_domain domain = tbl->pool->domain;
	uint8_t type = hws_domain_obj_type(domain, dir);
	uint8_t log = tbl->log_size;
	struct hws_cmd_rtc_attr attr = {
		.table_type = type,
		.log_hash_size = tbl->log_size,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_ALWAYS,
		.update_mode = MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET,
		.pdn = ctx->pd.id,
		.definer_id = ctx->trivial_definer,
		.stc_id = ctx->stc[domain].stc[dir].id,
	};
	int err;

	if (log < ctx->caps.ste_alloc_log_granularity)
		log = ctx->caps.ste_alloc_log_granularity;
	err = hws_cmd_ste_create(ctx->dev, type, log, &tbl->ste[dir]);
	if (err)
		return err;
	attr.ste_id = tbl->ste[dir].id;
	return hws_cmd_rtc_create(ctx->dev, &attr, &tbl->rtc[dir]);
}

static int hws_action_ste_table_create(struct mlx5hws_context *ctx,
				       struct hws_action_ste_pool *pool,
				       uint8_t order,
				       struct hws_action_ste_table **out)
{
	struct hws_cmd_stc_attr jump[HWS_DIR_MAX] = { 0 };
	uint8_t log = HWS_ACTION_STE_TABLE_LOG_MIN + pool->num_tables;
	struct hws_action_ste_table *tbl;
	unsigned int dir;
	int err;

	if (log > HWS_ACTION_STE_TABLE_LOG_MAX)
		log = HWS_ACTION_STE_TABLE_LOG_MAX;
	if (log > ctx->caps.ste_alloc_log_max)
		log = ctx->caps.ste_alloc_log_max;
	if (log < order) {
		hws_err("action STEs: a chunk of 2^%u STEs exceeds the device's 2^%u",
			order, ctx->caps.ste_alloc_log_max);
		return ENOSPC;
	}
	tbl = hws_zalloc(&ctx->mem, sizeof(*tbl));
	if (!tbl)
		return ENOMEM;
	tbl->pool = pool;
	tbl->log_size = log;
	err = hws_buddy_init(&tbl->buddy, &ctx->mem, log);
	if (err) {
		hws_free(&ctx->mem, tbl);
		return err;
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (!(hws_domain_dirs(pool->domain) & HWS_DIR_BIT(dir)))
			continue;
		err = hws_action_ste_table_rtc(ctx, tbl, dir);
		if (err)
			goto destroy;
		jump[dir].action_type =
			MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_STE_TABLE;
		jump[dir].action_offset = MLX5_IFC_STC_ACTION_OFFSET_HIT;
		jump[dir].ste_table.ste_obj_id = tbl->ste[dir].id;
		jump[dir].ste_table.match_definer_id = ctx->trivial_definer;
	}
	err = hws_stc_alloc(ctx, pool->domain, jump, &tbl->jump_stc);
	if (err)
		goto destroy;
	*out = tbl;
	return 0;

destroy:
	hws_err("action STEs: queue %u cannot add a table of 2^%u STEs: %s",
		pool->queue, log, strerror(err));
	hws_action_ste_table_destroy(ctx, tbl, false);
	/* the device is out of what a table needs */
	return err == ENOMEM ? ENOMEM : ENOSPC;
}

int hws_action_ste_chunk_alloc(struct mlx5hws_context *ctx,
			       struct hws_action_ste_pool *pool, uint8_t order,
			       struct hws_action_ste_chunk *chunk)
{
	struct hws_action_ste_table *tbl = NULL;
	struct hws_list *pos;
	int64_t offset = -1;
	int err = 0;

	pthread_mutex_lock(&pool->lock);
	hws_list_for_each(pos, &pool->tables) {
		tbl = hws_container_of(pos, struct hws_action_ste_table, node);
		if (tbl->log_size < order)
			continue;
		offset = hws_buddy_alloc(&tbl->buddy, order);
		if (offset >= 0)
			break;
	}
	if (offset < 0) {
		err = hws_action_ste_table_create(ctx, pool, order, &tbl);
		if (err)
			goto unlock;
		/* the newest, largest table first: it has the most room */
		hws_list_add_tail(pool->tables.next, &tbl->node);
		pool->num_tables++;
		offset = hws_buddy_alloc(&tbl->buddy, order);
	}
	tbl->used += 1u << order;
	chunk->tbl = tbl;
	chunk->offset = offset;
	chunk->order = order;
unlock:
	pthread_mutex_unlock(&pool->lock);
	return err;
}

void hws_action_ste_chunk_free(struct mlx5hws_context *ctx,
			       struct hws_action_ste_chunk *chunk)
{
	struct hws_action_ste_table *tbl = chunk->tbl;
	struct hws_action_ste_pool *pool;

	if (!tbl)
		return;
	pool = tbl->pool;
	pthread_mutex_lock(&pool->lock);
	hws_buddy_free(&tbl->buddy, chunk->offset, chunk->order);
	tbl->used -= 1u << chunk->order;
	if (!tbl->used) {
		hws_list_del(&tbl->node);
		pool->num_tables--;
		hws_action_ste_table_destroy(ctx, tbl, true);
	}
	pthread_mutex_unlock(&pool->lock);
	chunk->tbl = NULL;
}

void hws_action_ste_chunk_park(struct mlx5hws_context *ctx,
			       struct hws_action_ste_chunk_ref **list,
			       struct hws_action_ste_chunk *chunk)
{
	struct hws_action_ste_chunk_ref *ref;

	if (!chunk->tbl)
		return;
	ref = hws_zalloc(&ctx->mem, sizeof(*ref));
	if (!ref) {
		/* better lost STEs than STEs a live rule may still jump to */
		hws_err("action STEs: no memory to keep a chunk of 2^%u; it stays taken",
			chunk->order);
		chunk->tbl = NULL;
		return;
	}
	ref->chunk = *chunk;
	chunk->tbl = NULL;
	/* completions of several queues may park on one list */
	ref->next = __atomic_load_n(list, __ATOMIC_RELAXED);
	while (!__atomic_compare_exchange_n(list, &ref->next, ref, false,
					    __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		;
}

void hws_action_ste_chunk_release_parked(struct mlx5hws_context *ctx,
					 struct hws_action_ste_chunk_ref **list)
{
	struct hws_action_ste_chunk_ref *ref, *next;

	for (ref = *list; ref; ref = next) {
		next = ref->next;
		hws_action_ste_chunk_free(ctx, &ref->chunk);
		hws_free(&ctx->mem, ref);
	}
	*list = NULL;
}

void hws_action_ste_pools_each(struct mlx5hws_context *ctx,
			       void (*fn)(const struct hws_action_ste_table *,
					  void *),
			       void *arg)
{
	uint32_t i,
		n = (ctx->num_queues + ctx->num_bwc_queues) * HWS_DOMAIN_MAX;
	struct hws_list *pos;

	for (i = 0; i < n; i++) {
		struct hws_action_ste_pool *pool = &ctx->ste_pools[i];

		pthread_mutex_lock(&pool->lock);
		hws_list_for_each(pos, &pool->tables)
			fn(hws_container_of(pos, struct hws_action_ste_table,
					    node),
			   arg);
		pthread_mutex_unlock(&pool->lock);
	}
}
