// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The debug dump: the context's steering objects as CSV records in the
 * format of the Linux HWS debugfs dump (records 4000..4300), which NVIDIA's
 * mlx_steering_dump reads.  Ids of objects are their addresses' low 32
 * bits; device ids and sizes are decimal, ICM indexes hex.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "matcher.h"

enum {
	DUMP_CONTEXT = 4000,
	DUMP_CONTEXT_ATTR = 4001,
	DUMP_CONTEXT_CAPS = 4002,
	DUMP_SEND_ENGINE = 4003,
	DUMP_SEND_RING = 4004,
	DUMP_STC_POOL = 4005,
	DUMP_TABLE = 4100,
	DUMP_MATCHER = 4200,
	DUMP_MATCHER_ATTR = 4201,
	DUMP_MATCH_TEMPLATE = 4202,
	DUMP_MATCH_DEFINER = 4203,
	DUMP_ACTION_TEMPLATE = 4204,
	DUMP_ACTION_STE_TABLE = 4300,
	DUMP_HASH_DEFINER = 4205,
};

/* The dump version the tool accepts (at most 1.0), and who wrote it. */
#define DUMP_VERSION "1.0.LIBHWS_1_0"
/*
 * The firmware major the dump reports: the header layout the definers use
 * is the one of ConnectX-7 class devices (major 28).
 */
#define DUMP_FW_VERSION "28.0.0"

static unsigned long long id_of(const void *p)
{
	return (uintptr_t)p & 0xffffffff;
}

/* The tool's table type numbers: NIC_RX 0, NIC_TX 1, FDB 2. */
static int dump_type(enum hws_domain domain)
{
	return domain;
}

/* A queue's counters, read under its BWC lock if it has one. */
struct queue_snapshot {
	uint32_t used_ops, done_head, done_count, cq_ci;
	uint16_t poll_wqe, cur_post;
	bool err;
};

/*
 * Before ctrl_lock: a rehash holds every BWC lock and then takes ctrl_lock,
 * so the dump must not take them the other way round.  Template queues
 * belong to the caller's threads (mlx5hws_debug_dump(3)).
 */
static void snapshot_queues(struct mlx5hws_context *ctx,
			    struct queue_snapshot *snap)
{
	uint16_t i;

	for (i = 0; i < ctx->num_queues + ctx->num_bwc_queues; i++) {
		const struct hws_send_queue *q = &ctx->queues[i];
		pthread_mutex_t *lock =
			i < ctx->num_queues ?
				NULL :
				hws_bwc_lock(ctx, i - ctx->num_queues);

		if (lock)
			pthread_mutex_lock(lock);
		snap[i] = (struct queue_snapshot){
			.used_ops = q->used_ops,
			.done_head = q->done_head,
			.done_count = q->done_count,
			.cq_ci = q->cq_ci,
			.poll_wqe = q->poll_wqe,
			.cur_post = q->cur_post,
			.err = q->err,
		};
		if (lock)
			pthread_mutex_unlock(lock);
	}
}

static void dump_context(struct mlx5hws_context *ctx,
			 const struct queue_snapshot *snap, FILE *f)
{
	const struct mlx5hws_caps *c = &ctx->caps;
	uint16_t i;

	fprintf(f, "%d,0x%llx,1,%s,%s\n", DUMP_CONTEXT, id_of(ctx),
		ctx->dev->name, DUMP_VERSION);
	fprintf(f, "%d,0x%llx,%u,%u,%u,None,%u,65535\n", DUMP_CONTEXT_ATTR,
		id_of(ctx), ctx->pd.id, ctx->num_queues + ctx->num_bwc_queues,
		ctx->queues[0].num_ops, c->vhca_id);
	fprintf(f,
		"%d,0x%llx,%s,%u,%u,%u,0,0,%u,%u,%u,%u,%u,%u,0,0,0,0,%u,%u,%u,%u,0,0,regc_3\n",
		DUMP_CONTEXT_CAPS, id_of(ctx), DUMP_FW_VERSION,
		c->wqe_based_update, c->ste_format, c->ste_alloc_log_max,
		c->rtc_reparse_mode, c->rtc_index_mode,
		c->ste_alloc_log_granularity, c->stc_alloc_log_max,
		c->stc_alloc_log_granularity, c->rtc_log_depth_max,
		c->nic_max_ft_level, c->nic_reparse, c->fdb_max_ft_level,
		c->fdb_reparse);
	for (i = 0; i < ctx->num_queues + ctx->num_bwc_queues; i++) {
		const struct hws_send_queue *q = &ctx->queues[i];
		const struct queue_snapshot *s = &snap[i];

		fprintf(f, "%d,0x%llx,%u,%u,%u,1,%u,%d,%u,%u,%u\n",
			DUMP_SEND_ENGINE, id_of(ctx), i, s->used_ops,
			q->num_ops, q->num_ops, s->err, s->done_head,
			(s->done_head + s->done_count) % q->num_ops,
			q->num_ops - 1);
		fprintf(f, "%d,0x%llx,0,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u\n",
			DUMP_SEND_RING, id_of(ctx), i, q->cq.id, s->cq_ci,
			(1u << q->cq_log) - 1, PRM_CQE_SIZE << q->cq_log,
			1u << q->cq_log, q->cq_log, s->poll_wqe, PRM_CQE_SIZE,
			q->sq.id, q->sq.id, s->cur_post, q->sq_bbs - 1);
	}
	for (i = 0; i < HWS_DOMAIN_MAX; i++) {
		unsigned int dir;

		if (!ctx->stc[i].users)
			continue;
		for (dir = 0; dir < HWS_DIR_MAX; dir++)
			if (ctx->stc[i].stc[dir].devx)
				fprintf(f, "%d,0x%llx,%d,%u\n", DUMP_STC_POOL,
					id_of(ctx), dump_type(i),
					ctx->stc[i].stc[dir].id);
	}
}

/*
 * The tool's two slots of a matcher: RTC 0 / STE range 0 (4200 columns 6
 * and 7) with the sizes of 4201 columns 4 and 5, and RTC 1 / STE range 1
 * (columns 8 and 9) with the sizes of columns 12 and 13.  As in the kernel
 * and DPDK, slot 0 is a table's first (or only) direction and slot 1 the
 * FDB's TX mirror: FDB RX is 0 and FDB TX 1, and a NIC table's one
 * direction, RX or TX, is 0.  The tool reads STEs of NIC tables from range
 * 0 only.
 */
enum { DUMP_SLOTS = 2 };

/* The slot of a direction of a table type, or -1 if the type has none. */
static int dump_slot(enum hws_domain domain, enum hws_dir dir)
{
	if (!(hws_domain_dirs(domain) & HWS_DIR_BIT(dir)))
		return -1;
	return domain == HWS_DOMAIN_FDB ? (int)dir : 0;
}

/* A matcher layer's resources, by slot; an unused slot has none. */
struct dump_slots {
	uint32_t rtc[DUMP_SLOTS];	/* 0: none */
	long long ste[DUMP_SLOTS];	/* -1: none */
	int log_rows[DUMP_SLOTS];	/* -1: none */
	int log_depth[DUMP_SLOTS];
};

static void layer_slots(const struct mlx5hws_table *tbl,
			const struct hws_matcher_layer *l,
			struct dump_slots *s)
{
	unsigned int dir;
	int i;

	for (i = 0; i < DUMP_SLOTS; i++) {
		s->rtc[i] = 0;
		s->ste[i] = -1;
		s->log_rows[i] = -1;
		s->log_depth[i] = -1;
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		i = dump_slot(tbl->domain, dir);
		if (i < 0)
			continue;
		s->rtc[i] = l->rtc[dir].devx ? l->rtc[dir].id : 0;
		s->ste[i] = l->ste[dir].devx ? (long long)l->ste[dir].id : -1;
		s->log_rows[i] = l->log_rows[dir];
		s->log_depth[i] = l->log_depth[dir];
	}
}

static const char *action_name(enum mlx5hws_action_type type)
{
	static const char *const names[MLX5HWS_ACTION_TYP_MAX] = {
		[MLX5HWS_ACTION_TYP_DROP] = "DROP",
		[MLX5HWS_ACTION_TYP_MISS] = "DEFAULT_MISS",
		[MLX5HWS_ACTION_TYP_TBL] = "TBL",
		[MLX5HWS_ACTION_TYP_VPORT] = "VPORT",
		[MLX5HWS_ACTION_TYP_TAG] = "TAG",
		[MLX5HWS_ACTION_TYP_CTR] = "CTR",
		[MLX5HWS_ACTION_TYP_TIR] = "TIR",
		[MLX5HWS_ACTION_TYP_DEST_ARRAY] = "DEST_ARRAY",
	};

	return names[type];
}

/* A definer record: a template's (4203) or a matcher's hash definer (4205). */
static void dump_definer(int type, const void *parent,
			 const struct hws_definer *def, FILE *f)
{
	int i;

	fprintf(f, "%d,0x%llx,0x%llx,%u,%d,", type, id_of(def), id_of(parent),
		def->obj.id, def->jumbo);
	for (i = 0; i < PRM_DEFINER_DW_SELECTORS; i++)
		fprintf(f, "%s0x%x", i ? "-" : "", def->dw_sel[i]);
	fputc(',', f);
	for (i = 0; i < PRM_DEFINER_BYTE_SELECTORS; i++)
		fprintf(f, "%s0x%x", i ? "-" : "", def->byte_sel[i]);
	fputc(',', f);
	for (i = 0; i < PRM_JUMBO_TAG_SIZE; i++)
		fprintf(f, "%02x", def->mask[i]);
	fputc('\n', f);
}

/*
 * A matcher layer as the tool sees a matcher: the main table, or its
 * collision table (a matcher of its own, named by the main one).
 */
static int dump_layer(struct mlx5hws_matcher *m, struct hws_matcher_layer *l,
		      const void *id, const void *col_id, FILE *f)
{
	const struct mlx5hws_table *tbl = m->tbl;
	uint64_t rx_icm, tx_icm;
	struct dump_slots s;
	uint8_t i;
	int err;

	err = hws_cmd_ft_query_icm(&l->end_ft, hws_domain_ft_type(tbl->domain),
				   &rx_icm, &tx_icm);
	if (err)
		return err;
	layer_slots(tbl, l, &s);
	fprintf(f,
		"%d,0x%llx,0x%llx,1,%u,0x%llx,%u,%lld,%u,%lld,0,-1,0,-1,0,0x%llx,0x%llx\n",
		DUMP_MATCHER, id_of(id), id_of(tbl), l->end_ft.id,
		col_id ? id_of(col_id) : 0, s.rtc[0], s.ste[0], s.rtc[1],
		s.ste[1], (unsigned long long)rx_icm,
		(unsigned long long)tx_icm);
	/* the sizes of slot 0, then those of slot 1 (-1: no such slot) */
	fprintf(f, "%d,0x%llx,%u,%d,%d,%d,0,%d,0,0,0,0,%d,%d\n",
		DUMP_MATCHER_ATTR, id_of(id), m->link.priority,
		l == &m->col ? MLX5HWS_MATCHER_RESOURCE_MODE_HTABLE :
			       m->attr.mode,
		s.log_rows[0], s.log_depth[0], m->attr.optimize_flow_src,
		s.log_rows[1], s.log_depth[1]);
	/* each template with the definer its rules' STEs name */
	for (i = 0; i < m->num_mt; i++) {
		fprintf(f, "%d,0x%llx,0x%llx,%u,0,0\n", DUMP_MATCH_TEMPLATE,
			id_of(m->mt[i]), id_of(id), m->def[i]->num_fc);
		dump_definer(DUMP_MATCH_DEFINER, m->mt[i], m->def[i], f);
	}
	if (m->hash_def)
		dump_definer(DUMP_HASH_DEFINER, id, m->hash_def, f);
	for (i = 0; i < m->num_at; i++) {
		const struct mlx5hws_action_template *at = m->at[i];
		bool only_term = at->num == 1 &&
				 at->types[0] != MLX5HWS_ACTION_TYP_CTR &&
				 at->types[0] != MLX5HWS_ACTION_TYP_TAG;
		uint8_t k;

		fprintf(f, "%d,0x%llx,0x%llx,%d,0,%u", DUMP_ACTION_TEMPLATE,
			id_of(at), id_of(id), only_term, at->num);
		for (k = 0; k < at->num; k++)
			fprintf(f, ",%s", action_name(at->types[k]));
		fputc('\n', f);
	}
	return 0;
}

static int dump_table(struct mlx5hws_table *tbl, FILE *f)
{
	uint64_t rx_icm, tx_icm;
	struct hws_list *pos;
	int err;

	/* the kernel's root: no HWS resources behind it */
	if (hws_table_is_root(tbl))
		return 0;
	err = hws_cmd_ft_query_icm(&tbl->ft, hws_domain_ft_type(tbl->domain),
				   &rx_icm, &tx_icm);
	if (err)
		return err;
	fprintf(f, "%d,0x%llx,0x%llx,%u,%d,%u,%u,0,0x%llx,0x%llx,0x0,0x0,0x%llx\n",
		DUMP_TABLE, id_of(tbl), id_of(tbl->ctx), tbl->ft.id,
		dump_type(tbl->domain), hws_domain_ft_type(tbl->domain),
		tbl->level, (unsigned long long)rx_icm,
		(unsigned long long)tx_icm,
		tbl->miss_tbl ? id_of(tbl->miss_tbl) : 0);
	hws_list_for_each(pos, &tbl->matchers) {
		struct mlx5hws_matcher *m = hws_container_of(
			pos, struct mlx5hws_matcher, link.node);

		err = dump_layer(m, &m->main, m, m->has_col ? &m->col : NULL,
				 f);
		if (!err && m->has_col)
			err = dump_layer(m, &m->col, &m->col, NULL, f);
		if (err)
			return err;
	}
	return 0;
}

/*
 * An action STE table: its RTC and STE range in the two slots of a matcher
 * (dump_slot()), an unused slot as RTC 0 and STE range -1.  The rules'
 * action STEs are in those ranges of the device's resource dump.
 */
static void dump_action_ste_table(const struct hws_action_ste_table *tbl,
				  void *arg)
{
	enum hws_domain domain = tbl->pool->domain;
	uint32_t rtc[DUMP_SLOTS] = { 0 };
	long long ste[DUMP_SLOTS] = { -1, -1 };
	unsigned int dir;
	FILE *f = arg;
	int i;

	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		i = dump_slot(domain, dir);
		if (i < 0 || !tbl->rtc[dir].devx)
			continue;
		rtc[i] = tbl->rtc[dir].id;
		ste[i] = tbl->ste[dir].id;
	}
	fprintf(f, "%d,0x%llx,%u,%lld,%u,%lld\n", DUMP_ACTION_STE_TABLE,
		id_of(tbl), rtc[0], ste[0], rtc[1], ste[1]);
}

int mlx5hws_debug_dump(struct mlx5hws_context *ctx, FILE *f)
{
	struct queue_snapshot *snap;
	struct hws_list *pos;
	int err = 0;

	if (!ctx || !f)
		return EINVAL;
	snap = calloc(ctx->num_queues + ctx->num_bwc_queues, sizeof(*snap));
	if (!snap)
		return ENOMEM;
	snapshot_queues(ctx, snap);
	pthread_mutex_lock(&ctx->ctrl_lock);
	dump_context(ctx, snap, f);
	hws_list_for_each(pos, &ctx->tables) {
		err = dump_table(hws_container_of(pos, struct mlx5hws_table,
						  node),
				 f);
		if (err)
			break;
	}
	if (!err)
		hws_dest_array_dump(ctx, f);
	pthread_mutex_unlock(&ctx->ctrl_lock);
	/*
	 * Each pool under its own lock, not under ctrl_lock: a pool may
	 * take ctrl_lock to keep what the device would not destroy.
	 */
	if (!err)
		hws_action_ste_pools_each(ctx, dump_action_ste_table, f);
	free(snap);
	if (!err && ferror(f))
		err = EIO;
	return err;
}
