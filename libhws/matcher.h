/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Matchers: a definer (from the match template) plus a hash table per
 * direction: an RTC over its own STE range.  Large rule-mode matchers add a
 * collision table that takes the rows the main table cannot.
 */
#ifndef HWS_MATCHER_H
#define HWS_MATCHER_H

#include "action_ste_pool.h"
#include "root.h"

struct mlx5hws_match_template {
	struct mlx5hws_context *ctx;
	uint32_t users; /* matchers */
	uint8_t criteria; /* match_criteria_enable, for root matchers */
	struct hws_definer definer;
};

/* attach_at stops growing the template array here */
#define HWS_MATCHER_MAX_AT 128

/* The "assured" scheme of the Linux driver, for rule-mode sizes. */
#define HWS_MATCHER_ASSURED_RULES_TH 10
#define HWS_MATCHER_ASSURED_MAIN_DEPTH 2
#define HWS_MATCHER_ASSURED_COL_DEPTH 4
#define HWS_MATCHER_ASSURED_ROW_RATIO 5

/* One hash-table layer: per direction an STE range and an RTC. */
struct hws_matcher_layer {
	uint8_t log_rows[HWS_DIR_MAX];
	uint8_t log_depth[HWS_DIR_MAX];
	struct hws_obj ste[HWS_DIR_MAX];
	struct hws_obj rtc[HWS_DIR_MAX];
	struct hws_obj end_ft; /* where its RTCs miss to */
};

/* Action templates whose resolved set a matcher keeps. */
#define HWS_MATCHER_CACHED_AT 4

struct mlx5hws_matcher {
	struct mlx5hws_table *tbl;
	struct hws_chain_link link;
	struct mlx5hws_match_template **mt;
	uint8_t num_mt;
	/*
	 * Per template, the definer its rules' tags and STEs follow: the
	 * template's own while all templates select alike, else the matcher's
	 * own (own_defs), next to the hash definer its RTCs hash by.
	 */
	const struct hws_definer **def;
	struct hws_definer *own_defs;
	struct hws_definer *hash_def;
	struct mlx5hws_action_template **at;
	uint8_t num_at;
	uint8_t at_size;
	struct mlx5hws_matcher_attr attr;
	/* directions a rule may be written in (flow-source optimisation) */
	unsigned int dirs;
	bool has_col;
	struct hws_matcher_layer main;
	struct hws_matcher_layer col;
	struct hws_count num_rules;
	bool connected;
	/* action sets a partly failed update left in the device */
	struct hws_action_set_ref *parked_sets;
	/* and the action STEs they use */
	struct hws_action_ste_chunk_ref *parked_chunks;
	/* on a root table: the kernel's matcher, and no layers */
	struct hws_root_matcher *root;
	/*
	 * The last set of each of the first action templates: every rule
	 * writes one, on lines apart from what rules read
	 */
	struct hws_action_cache set_cache[HWS_MATCHER_CACHED_AT]
		__attribute__((aligned(HWS_CACHE_APART)));
};

/* Take a matcher out of its table's chain; mlx5hws_matcher_destroy() then
 * only frees its objects.
 */
int hws_matcher_disconnect(struct mlx5hws_matcher *matcher);

/*
 * Free a matcher out of its table's chain and without rules, whatever the
 * device says: objects it would not destroy go to the context's zombies.
 */
void hws_matcher_bury(struct mlx5hws_matcher *matcher);

/*
 * Sizes of a rule-mode direction: rows, depth (at most depth_max), and the
 * collision table's, used when num_log passes the threshold.
 */
/* Does a rule-mode direction of num_log fit the device? */
bool hws_matcher_rule_size_fits(const struct mlx5hws_caps *caps,
				uint8_t num_log);
void hws_matcher_rule_sizes(uint8_t num_log, uint8_t depth_max, uint8_t *rows,
			    uint8_t *depth, uint8_t *col_rows,
			    uint8_t *col_depth);

/*
 * Its RTCs hash by a hash definer (update_method 1): firmware writes their
 * STEs, through GENERATE_WQE, as the device refuses send-queue WQEs there.
 */
static inline bool hws_matcher_fw_write(const struct mlx5hws_matcher *matcher)
{
	return matcher->hash_def;
}

static inline bool hws_matcher_jumbo(const struct mlx5hws_matcher *matcher)
{
	return matcher->def[0]->jumbo;
}

#endif /* HWS_MATCHER_H */
