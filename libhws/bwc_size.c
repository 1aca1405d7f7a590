// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * BWC sizing policies: when a direction grows, shrinks or falls back.
 *
 * Both policies use the matcher's rule-mode shape for 2^size_log rows: 4
 * ways, and above 2^10 rows a collision table of 1/32 of the rows, 16 ways
 * deep (matcher.c).  They differ in how many rules they let it hold.
 *
 * Assured (the Linux driver's): growth at 70% of the rows, so that a main
 * table is at most 17.5% full and any key set fits; shrink below 1/4.
 *
 * Compact: from 2^11 rows on, where the collision table starts, growth
 * when the rules fill half the main table's STEs (2 per row), or half the
 * collision table's; smaller tables are sized as assured ones.  Under a
 * uniform hash a half-full 4-way table sends about 7.5% of its rules to
 * the collision table, whose 16 ways per 32 rows hold them with room to
 * spare: 2^19 rows carry 1M rules in about 38k ICM pages against the
 * assured shape's 148k.  A shrink comes below half the growth threshold
 * of the size below, so that the smaller table starts half way to its
 * own: 2^11 rows shrink under 358 rules (half of 2^10 rows' 717).
 *
 * Bad key sets: the hash (CRC-32) is linear, so keys that vary in bits it
 * maps onto few row bits crowd a few rows, whatever the table's size.  A
 * growth for room (a forced one, after an insert found its row and its
 * collision row full, or one for the collision table's fill) should bring
 * the share of rules in the collision table down, measured once every rule
 * is in the grown table.  One size can be unlucky (the rank of the hash
 * over the bits the keys vary in, cut to the row bits), so it takes two
 * such growths in a row, or one whose move gets stuck, the grown table
 * having no room for the old rules: then the direction falls back to the
 * assured policy, for good, and says so.
 */
#include "bwc.h"

/* compact: grow when the rules fill this share of the STEs */
#define HWS_BWC_COMPACT_MAIN_PERCENT 50
#define HWS_BWC_COMPACT_COL_PERCENT 50
/* growths for room in a row that bring no relief: a bad key set */
#define HWS_BWC_FALLBACK_UNHELPED 2
/* compact counts no more than 4 ways per row, the large tables' depth */
#define HWS_BWC_COMPACT_WAYS_LOG 2

static uint32_t hws_bwc_clamp(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : v;
}

bool hws_bwc_maxed_out(const struct mlx5hws_bwc_matcher *bm, unsigned int dir)
{
	return !hws_matcher_rule_size_fits(&hws_bwc_ctx(bm)->caps,
					   bm->dir[dir].size_log +
						   HWS_BWC_SIZE_LOG_STEP);
}

uint32_t hws_bwc_col_slots(const struct mlx5hws_bwc_matcher *bm,
			   unsigned int dir)
{
	uint8_t rows, depth, col_rows, col_depth;
	uint8_t size_log = bm->dir[dir].size_log;

	if (size_log <= HWS_MATCHER_ASSURED_RULES_TH)
		return 0;
	hws_matcher_rule_sizes(size_log,
			       hws_bwc_ctx(bm)->caps.rtc_log_depth_max, &rows,
			       &depth, &col_rows, &col_depth);
	return hws_bwc_clamp(1ull << (col_rows + col_depth));
}

/*
 * Compact sizes are those with a collision table: a smaller one is a few
 * hundred pages at most, and its rows are too few for a half-full 4-way
 * table to take a row's overflow.
 */
static bool hws_bwc_compact_size(uint8_t size_log)
{
	return size_log > HWS_MATCHER_ASSURED_RULES_TH;
}

/*
 * Resize a direction: the rules that call for growth (grow_at) and the
 * collision-table STEs that do (col_at), compared on insert, not divided.
 */
/* The rules at which a direction of the policy grows from size_log. */
static uint32_t hws_bwc_grow_at(const struct mlx5hws_bwc_matcher *bm,
				uint8_t policy, uint8_t size_log)
{
	uint8_t rows, depth, col_rows, col_depth;
	uint64_t at;

	if (policy == MLX5HWS_BWC_SIZE_ASSURED ||
	    !hws_bwc_compact_size(size_log)) {
		at = ((HWS_BWC_REHASH_PERCENT_TH << size_log) + 99) / 100;
		return hws_bwc_clamp(at);
	}
	hws_matcher_rule_sizes(size_log,
			       hws_bwc_ctx(bm)->caps.rtc_log_depth_max, &rows,
			       &depth, &col_rows, &col_depth);
	if (depth > HWS_BWC_COMPACT_WAYS_LOG)
		depth = HWS_BWC_COMPACT_WAYS_LOG;
	at = ((uint64_t)HWS_BWC_COMPACT_MAIN_PERCENT << (rows + depth)) / 100;
	return hws_bwc_clamp(at ? at : 1);
}

void hws_bwc_set_size(struct mlx5hws_bwc_matcher *bm, unsigned int dir,
		      uint8_t size_log)
{
	struct hws_bwc_dir *d = &bm->dir[dir];
	uint64_t at;

	d->size_log = size_log;
	d->grow_at = hws_bwc_grow_at(bm, d->policy, size_log);
	d->col_at = UINT32_MAX;
	if (d->policy == MLX5HWS_BWC_SIZE_ASSURED ||
	    !hws_bwc_compact_size(size_log))
		return;
	at = (uint64_t)hws_bwc_col_slots(bm, dir) *
	     HWS_BWC_COMPACT_COL_PERCENT / 100;
	if (at)
		d->col_at = hws_bwc_clamp(at);
}

uint8_t hws_bwc_shrink_target(const struct mlx5hws_bwc_matcher *bm,
			      unsigned int dir)
{
	const struct hws_bwc_dir *d = &bm->dir[dir];
	uint32_t rules = hws_bwc_dir_rules(bm, dir), below;

	if (d->size_log <= HWS_BWC_INIT_SIZE_LOG)
		return d->size_log;
	if (!rules)
		return HWS_BWC_INIT_SIZE_LOG;
	/* compact: half of the smaller size's threshold, assured or not */
	below = d->policy == MLX5HWS_BWC_SIZE_ASSURED ||
				!hws_bwc_compact_size(d->size_log) ?
			1u << (d->size_log - HWS_BWC_SHRINK_FRACTION_LOG) :
			hws_bwc_grow_at(bm, d->policy,
					d->size_log - HWS_BWC_SIZE_LOG_STEP) /
				2;
	if (rules < below && rules < d->shrink_retry_below)
		return d->size_log - HWS_BWC_SIZE_LOG_STEP;
	return d->size_log;
}

bool hws_bwc_count_col_in(struct mlx5hws_bwc_matcher *bm, uint8_t placed,
			  int delta)
{
	bool due = false;
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		struct hws_bwc_dir *d = &bm->dir[dir];
		uint32_t n;

		if (!(placed & HWS_RULE_IN_COL(dir)))
			continue;
		n = __atomic_add_fetch(&bm->col[dir], delta, __ATOMIC_RELAXED);
		if (delta > 0 && n >= d->col_at &&
		    !hws_bwc_maxed_out(bm, dir)) {
			__atomic_store_n(&d->grow_col, true, __ATOMIC_RELAXED);
			due = true;
		}
	}
	return due;
}

/* Collision-table rules per 2^16 rules: what a growth should bring down. */
static uint32_t hws_bwc_col_share(const struct mlx5hws_bwc_matcher *bm,
				  unsigned int dir)
{
	uint32_t rules = hws_bwc_dir_rules(bm, dir);

	return rules ? ((uint64_t)bm->col[dir] << 16) / rules : 0;
}

static void hws_bwc_fall_back(struct mlx5hws_bwc_matcher *bm, unsigned int dir,
			      uint32_t share)
{
	struct hws_bwc_dir *d = &bm->dir[dir];

	if (d->policy != MLX5HWS_BWC_SIZE_COMPACT)
		return;
	hws_err("BWC matcher %s: growing left %u of 65536 rules in the collision table (%u before); falling back to the assured size policy",
		dir == HWS_DIR_RX ? "RX" : "TX", share, d->col_share);
	d->policy = MLX5HWS_BWC_SIZE_ASSURED;
	d->fell_back = true;
	hws_bwc_set_size(bm, dir, d->size_log);
}

void hws_bwc_move_stuck(struct mlx5hws_bwc_matcher *bm)
{
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (bm->dir[dir].col_share == HWS_BWC_NOT_JUDGED)
			continue;
		hws_bwc_fall_back(bm, dir, hws_bwc_col_share(bm, dir));
		bm->dir[dir].col_share = HWS_BWC_NOT_JUDGED;
	}
}

void hws_bwc_moved(struct mlx5hws_bwc_matcher *bm)
{
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		struct hws_bwc_dir *d = &bm->dir[dir];
		uint32_t share;

		if (d->col_share == HWS_BWC_NOT_JUDGED)
			continue;
		share = hws_bwc_col_share(bm, dir);
		d->unhelped = share < d->col_share ? 0 : d->unhelped + 1;
		if (d->unhelped >= HWS_BWC_FALLBACK_UNHELPED)
			hws_bwc_fall_back(bm, dir, share);
		d->col_share = HWS_BWC_NOT_JUDGED;
	}
}

bool hws_bwc_grow_dir_due(struct mlx5hws_bwc_matcher *bm, unsigned int dir)
{
	struct hws_bwc_dir *d = &bm->dir[dir];
	/* the count may have fallen while this thread waited */
	bool by_count = d->grow_due && hws_bwc_dir_rules(bm, dir) >= d->grow_at;
	/* only compact sizes judge the keys: smaller ones are assured's */
	bool for_room = d->grow_forced || d->grow_col;
	bool judged = d->policy == MLX5HWS_BWC_SIZE_COMPACT &&
		      hws_bwc_compact_size(d->size_log);

	if (!by_count && !for_room)
		return false;
	if (hws_bwc_maxed_out(bm, dir)) {
		d->grow_due = d->grow_forced = d->grow_col = false;
		return false;
	}
	d->forced_growths += d->grow_forced;
	d->col_growths += d->grow_col && !d->grow_forced;
	/* judged once the rules are in the grown table (hws_bwc_moved) */
	d->col_share = judged && for_room && !by_count ?
			       hws_bwc_col_share(bm, dir) :
			       HWS_BWC_NOT_JUDGED;
	d->grow_due = d->grow_forced = d->grow_col = false;
	return true;
}
