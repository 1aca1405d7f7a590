/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Flow tables and the chain through them: the table's flow table points at
 * the first matcher's RTCs, each matcher's last flow table at the next
 * matcher's, and the last one misses to the table's default miss.
 */
#ifndef HWS_TABLE_H
#define HWS_TABLE_H

#include "context.h"

struct mlx5hws_table {
	struct mlx5hws_context *ctx;
	struct hws_list node;		/* ctx->tables */
	enum hws_domain domain;
	uint32_t level;
	struct hws_obj ft;
	struct hws_list matchers;	/* connected, by priority */
	struct mlx5hws_table *miss_tbl;	/* default miss, or NULL */
	/*
	 * A flow table of another table that a lookup leaving this one goes
	 * to instead of miss_tbl's, 0 if none: a complex matcher's later
	 * parts go on after its first part (hws_table_set_miss_ft()).
	 */
	uint32_t miss_ft_id;
	uint32_t miss_users;		/* tables that miss to this one */
	uint32_t action_refs;		/* go-to-table actions to this one */
};

/*
 * A link in the chain: the RTCs a lookup enters (by direction) and the flow
 * table it leaves through.  Matchers provide one each.
 */
struct hws_chain_link {
	struct hws_list node;		/* tbl->matchers */
	uint32_t priority;
	uint32_t rtc[HWS_DIR_MAX];
	struct hws_obj *exit_ft;
};

/* Level 0: the kernel's root table, reached through verbs (root.h). */
static inline bool hws_table_is_root(const struct mlx5hws_table *tbl)
{
	return !tbl->level;
}

/* A flow table of the table's type, at the level HWS tables use. */
int hws_table_ft_create(struct mlx5hws_table *tbl, struct hws_obj *ft);
/* Point a flow table of the table's type at RTCs, by direction. */
int hws_table_ft_set_rtcs(struct mlx5hws_table *tbl, struct hws_obj *ft,
			  const uint32_t rtc[HWS_DIR_MAX]);

/*
 * Link into the chain after every link of lower or equal priority, or take
 * it out.  Called under ctx->ctrl_lock.
 */
int hws_table_connect(struct mlx5hws_table *tbl, struct hws_chain_link *link);
int hws_table_disconnect(struct mlx5hws_table *tbl,
			 struct hws_chain_link *link);

/*
 * Send what leaves tbl to flow table ft_id of a table of the same type, the
 * exit of a link there, rather than to its default miss.  Takes
 * ctx->ctrl_lock.
 */
int hws_table_set_miss_ft(struct mlx5hws_table *tbl, uint32_t ft_id);

#endif /* HWS_TABLE_H */
