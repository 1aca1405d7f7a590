// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * BWC size policies: compact's thresholds at the exact insert, growth for
 * the collision table's fill, the fallback to assured on keys the hash
 * crowds into one row, a forced growth the device refuses, and key sets
 * that vary in few bits, all classified through the model.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "helpers.h"
#include "libhws/prm.h"

#define NIC "bwcsize"
/* the first compact size: 2^11 rows, a collision table of 64 x 16 */
#define COMPACT_LOG 11
/* rules that take a table to size 11 (assured: 0.7 x 1024 = 717) */
#define BACKGROUND 800

static void env_open(struct t_bwc_env *e, const char *keys,
		     enum mlx5hws_bwc_size_policy policy)
{
	t_bwc_env_open(e, NIC, keys, MLX5HWS_TABLE_TYPE_NIC_RX, 0);
	t_bwc_env_matcher(e, policy);
}

static void value(struct t_param *p, uint32_t dst, uint16_t dport)
{
	memset(p, 0, sizeof(*p));
	t_set(p, "outer.ipv4_dst", dst);
	t_set(p, "outer.udp_dport", dport);
	t_set(p, "outer.ip_version", 4);
}

static struct mlx5hws_bwc_rule *add(struct t_bwc_env *e, uint32_t dst, uint16_t dport)
{
	struct mlx5hws_rule_action ra = { .action = e->drop };
	struct t_param v;

	value(&v, dst, dport);
	return mlx5hws_bwc_rule_create(e->bm, v.buf, MLX5HWS_FLOW_SOURCE_ANY,
				       &ra, 1);
}

static bool classifies(struct t_bwc_env *e, uint32_t dst, uint16_t dport)
{
	struct t_param v;

	value(&v, dst, dport);
	return t_classify(NIC, e->tbl, HWS_SIDE_RX, 1, &v).result ==
	       HWS_RESULT_DROP;
}

static struct mlx5hws_bwc_matcher_info query(struct t_bwc_env *e)
{
	struct mlx5hws_bwc_matcher_info info = {
		.comp_mask = MLX5HWS_BWC_MATCHER_INFO_SIZING |
			     MLX5HWS_BWC_MATCHER_INFO_MOVES,
	};

	ck_assert_int_eq(mlx5hws_bwc_matcher_query(e->bm, &info), 0);
	return info;
}

/* Scattered background keys, on a port of their own. */
#define BG_PORT 4789
#define BG_DST(i) ((uint32_t)(i)*2654435761u)

static void add_background(struct t_bwc_env *e, struct mlx5hws_bwc_rule **r,
			   uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		r[i] = add(e, BG_DST(i), BG_PORT);
		t_check(r[i], "background rule %u: %s", i, strerror(errno));
	}
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e->bm), 0);
}

static void destroy_all(struct mlx5hws_bwc_rule **r, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (r[i])
			ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
}

/*
 * The placement hash is linear in the tag bits (a CRC without init), so
 * the hash of ipv4_dst x is h0 ^ the XOR of c[b] over x's bits, measured
 * here through single-bit rules.
 */
struct hash_map {
	uint32_t h0, c[32];
};

static uint32_t rule_hash(struct t_bwc_env *e, uint32_t dst, uint16_t dport)
{
	struct mlx5hws_rule_info info = { 0 };
	struct mlx5hws_bwc_rule *r = add(e, dst, dport);
	uint32_t h;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(mlx5hws_bwc_rule_query(r, &info), 0);
	h = info.hash;
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	return h;
}

static void hash_map_measure(struct t_bwc_env *e, struct hash_map *m, uint16_t port)
{
	int b;

	m->h0 = rule_hash(e, 0, port);
	for (b = 0; b < 32; b++)
		m->c[b] = rule_hash(e, 1u << b, port) ^ m->h0;
}

/*
 * Gaussian elimination over the contributions cut to the low bits: x for
 * a wanted hash difference, and the kernel (values that keep the row).
 */
struct hash_solver {
	uint32_t vec[32], comb[32], kern[32];
	unsigned int n, nk;
};

static uint32_t top_bit(uint32_t v)
{
	return 1u << (31 - __builtin_clz(v));
}

/* Reduce v by the pivots, in the order they came; *c gets their XOR. */
static uint32_t solver_reduce(const struct hash_solver *s, uint32_t v,
			      uint32_t *c)
{
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		if (v & top_bit(s->vec[i])) {
			v ^= s->vec[i];
			*c ^= s->comb[i];
		}
	}
	return v;
}

static void solver_init(struct hash_solver *s, const struct hash_map *m,
			unsigned int bits)
{
	uint32_t low = (1u << bits) - 1;
	unsigned int b;

	memset(s, 0, sizeof(*s));
	for (b = 0; b < 32; b++) {
		uint32_t c = 1u << b;
		uint32_t v = solver_reduce(s, m->c[b] & low, &c);

		if (!v) {
			s->kern[s->nk++] = c;
			continue;
		}
		s->vec[s->n] = v;
		s->comb[s->n++] = c;
	}
}

/* An ipv4_dst whose hash differs from that of 0 by t in the low bits. */
static uint32_t solver_solve(const struct hash_solver *s, uint32_t t)
{
	uint32_t x = 0;

	ck_assert_uint_eq(solver_reduce(s, t, &x), 0);
	return x;
}

/* The value in the span of the kernel vectors that index j picks. */
static uint32_t span(const uint32_t *kern, unsigned int j)
{
	uint32_t x = 0;
	unsigned int i;

	for (i = 0; j; i++, j >>= 1)
		if (j & 1)
			x ^= kern[i];
	return x;
}

/*
 * Compact sizes from 2^11 rows on: the growth comes at exactly
 * 2 x 2^11 = 4096 rules, where assured would have gone to 2^13 rows; both
 * classify every rule, compact in fewer pages.
 */
START_TEST(test_compact_thresholds)
{
	static struct mlx5hws_bwc_rule *r[4096];
	uint64_t pages[2];
	int p;

	for (p = 0; p < 2; p++) {
		struct mlx5hws_bwc_matcher_info info;
		struct t_bwc_env e;
		uint32_t i;

		env_open(&e, "",
			 p ? MLX5HWS_BWC_SIZE_ASSURED :
			     MLX5HWS_BWC_SIZE_COMPACT);
		add_background(&e, r, 4095);
		info = query(&e);
		ck_assert_uint_eq(info.dir[0].size_log, p ? 13 : COMPACT_LOG);
		ck_assert_uint_eq(info.sizing[0].forced_growths, 0);
		ck_assert_uint_eq(info.sizing[0].col_growths, 0);
		ck_assert_uint_eq(info.sizing[0].size_policy,
				  p ? MLX5HWS_BWC_SIZE_ASSURED :
				      MLX5HWS_BWC_SIZE_COMPACT);
		/* the 4096th rule: at the threshold, compact grows */
		r[4095] = add(&e, BG_DST(4095), BG_PORT);
		ck_assert_ptr_nonnull(r[4095]);
		ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
		info = query(&e);
		ck_assert_uint_eq(info.dir[0].size_log,
				  p ? 13 : COMPACT_LOG + 1);
		ck_assert_uint_eq(info.sizing[0].fell_back, 0);
		pages[p] = t_stats(NIC).icm_pages;
		for (i = 0; i < 4096; i++)
			t_check(classifies(&e, BG_DST(i), BG_PORT),
				"policy %d: rule %u lost", p, i);
		ck_assert(!classifies(&e, BG_DST(4096), BG_PORT));
		destroy_all(r, 4096);
		t_bwc_env_close(&e);
	}
	ck_assert_uint_lt(pages[0], pages[1]);
}
END_TEST

/*
 * Keys the hash sends to 64 rows of a 2^11-row table, 12 each: the
 * collision table (1024 STEs) fills to half long before the count (4096)
 * calls for growth, and that grows the table, without a forced growth;
 * the next insert starts it.
 */
START_TEST(test_growth_by_collision_fill)
{
	static struct mlx5hws_bwc_rule *r[BACKGROUND + 1 + 64 * 12];
	struct mlx5hws_bwc_matcher_info info;
	struct hash_solver hs;
	struct hash_map m;
	unsigned int t, j;
	uint32_t n;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_BWC_SIZE_COMPACT);
	hash_map_measure(&e, &m, 1);
	add_background(&e, r, BACKGROUND);
	n = BACKGROUND;
	ck_assert_uint_eq(query(&e).dir[0].size_log, COMPACT_LOG);
	solver_init(&hs, &m, COMPACT_LOG);
	ck_assert_uint_ge(hs.nk, 4);
	for (j = 0; j < 12; j++) {
		for (t = 0; t < 64; t++) {
			uint32_t x = solver_solve(&hs, t) ^ span(hs.kern, j);

			r[n] = add(&e, x, 1);
			t_check(r[n], "crowded rule %u/%u: %s", t, j,
				strerror(errno));
			n++;
		}
	}
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
	info = query(&e);
	ck_assert_uint_eq(info.dir[0].size_log, COMPACT_LOG + 1);
	ck_assert_uint_eq(info.sizing[0].col_growths, 1);
	ck_assert_uint_eq(info.sizing[0].forced_growths, 0);
	ck_assert_uint_lt(info.dir[0].rules, 4096);
	ck_assert_uint_eq(info.sizing[0].fell_back, 0);
	for (j = 0; j < 12; j++)
		for (t = 0; t < 64; t++)
			t_check(classifies(&e,
					   solver_solve(&hs, t) ^
						   span(hs.kern, j),
					   1),
				"crowded rule %u/%u lost", t, j);
	destroy_all(r, n);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * Keys the hash sends to one row at every size up to 2^16 rows: a growth
 * for room leaves the collision share as it was, twice in a row, and the
 * direction falls back to assured, in the query; what fails fails with
 * ENOSPC and every rule in serves.
 */
START_TEST(test_fallback_on_crowded_keys)
{
	static struct mlx5hws_bwc_rule *r[BACKGROUND + 64];
	struct mlx5hws_bwc_matcher_info info;
	unsigned int j;
	struct hash_solver hs;
	struct hash_map m;
	bool in[64];
	uint32_t n;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_BWC_SIZE_COMPACT);
	t_log_capture();
	hash_map_measure(&e, &m, 1);
	add_background(&e, r, BACKGROUND);
	n = BACKGROUND;
	solver_init(&hs, &m, 16);
	ck_assert_uint_ge(hs.nk, 6);
	for (j = 0; j < 64; j++) {
		r[n] = add(&e, span(hs.kern, j), 1);
		in[j] = r[n];
		if (!r[n])
			ck_assert_int_eq(errno, ENOSPC);
		n++;
		/* a move the crowded row cannot take stays stuck: EBUSY */
		mlx5hws_bwc_matcher_flush_moves(e.bm);
		if (query(&e).sizing[0].fell_back)
			break;
	}
	info = query(&e);
	ck_assert_uint_eq(info.sizing[0].fell_back, 1);
	ck_assert_uint_eq(info.sizing[0].size_policy, MLX5HWS_BWC_SIZE_ASSURED);
	ck_assert_uint_ge(info.sizing[0].forced_growths, 1);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "falling back"));
	for (; j < 64; j--)
		t_check(classifies(&e, span(hs.kern, j), 1) == in[j],
			"crowded rule %u: serves %d, inserted %d", j,
			classifies(&e, span(hs.kern, j), 1), in[j]);
	for (j = 0; j < BACKGROUND; j++)
		t_check(classifies(&e, BG_DST(j), BG_PORT), "rule %u lost", j);
	destroy_all(r, n);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * Keys the hash sends to one row up to 2^(COMPACT_LOG + 1) rows: the
 * growth their row forces gets its move stuck, as the grown matcher has
 * that row full too.  The next collision chains a third matcher behind the
 * two, rather than refusing the key, and the rules of both move into it:
 * every key goes in and classifies all along.  Once the first keys are
 * gone the rest fit where the row bits part them, and the chain is one
 * matcher again.
 */
#define STUCK_GONE 20 /* the crowded keys deleted to make room */
START_TEST(test_growth_passes_stuck_move)
{
	static struct mlx5hws_bwc_rule *r[BACKGROUND + 64];
	struct mlx5hws_bwc_matcher_info info;
	unsigned int j, k, most = 1;
	struct hash_solver hs;
	struct hash_map m;
	uint32_t n;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_BWC_SIZE_COMPACT);
	hash_map_measure(&e, &m, 1);
	add_background(&e, r, BACKGROUND);
	n = BACKGROUND;
	solver_init(&hs, &m, COMPACT_LOG + 1);
	ck_assert_uint_ge(hs.nk, 6);
	for (j = 0; j < 64 && most < 3; j++, n++) {
		r[n] = add(&e, span(hs.kern, j), 1);
		t_check(r[n], "crowded key %u: %s", j, strerror(errno));
		info = query(&e);
		if (info.num_matchers > most)
			most = info.num_matchers;
		for (k = 0; k <= j; k++)
			t_check(classifies(&e, span(hs.kern, k), 1),
				"crowded key %u lost after key %u", k, j);
	}
	ck_assert_uint_eq(most, 3);
	ck_assert_uint_eq(info.dir[0].size_log, COMPACT_LOG + 2);
	for (k = 0; k < STUCK_GONE; k++) {
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[BACKGROUND + k]),
				 0);
		r[BACKGROUND + k] = NULL;
	}
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
	info = query(&e);
	ck_assert_uint_eq(info.num_matchers, 1);
	ck_assert_uint_eq(info.dir[0].size_log, COMPACT_LOG + 2);
	for (k = 0; k < j; k++) {
		bool hit = classifies(&e, span(hs.kern, k), 1);

		t_check(hit == (k >= STUCK_GONE), "crowded key %u: serves %d",
			k, hit);
	}
	for (k = 0; k < BACKGROUND; k++)
		t_check(classifies(&e, BG_DST(k), BG_PORT), "rule %u lost", k);
	destroy_all(r, n);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * A forced growth the device refuses (no resources for the new matcher):
 * the insert fails, the table keeps its size and every rule serves.
 */
START_TEST(test_forced_growth_refused)
{
	static struct mlx5hws_bwc_rule *r[BACKGROUND + 64];
	struct mlx5hws_bwc_matcher_info info;
	struct hash_solver hs;
	struct hash_map m;
	unsigned int j;
	uint32_t n;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_BWC_SIZE_COMPACT);
	t_log_capture();
	hash_map_measure(&e, &m, 1);
	add_background(&e, r, BACKGROUND);
	n = BACKGROUND;
	solver_init(&hs, &m, 16);
	/* inserts send no command: the growth's first one fails */
	sim_inject_cmd_fault(t_nic(NIC), 1, 0, MLX5_CMD_STAT_NO_RES_ERR);
	for (j = 0; j < 64; j++) {
		r[n] = add(&e, span(hs.kern, j), 1);
		if (!r[n])
			break;
		n++;
	}
	sim_clear_faults(t_nic(NIC));
	ck_assert_uint_lt(j, 64);
	ck_assert_int_ne(errno, 0);
	info = query(&e);
	ck_assert_uint_eq(info.dir[0].size_log, COMPACT_LOG);
	ck_assert_uint_eq(info.dir[0].rules, n);
	ck_assert(!classifies(&e, span(hs.kern, j), 1));
	while (j--)
		t_check(classifies(&e, span(hs.kern, j), 1), "rule %u lost", j);
	for (j = 0; j < BACKGROUND; j++)
		t_check(classifies(&e, BG_DST(j), BG_PORT), "rule %u lost", j);
	destroy_all(r, n);
	t_bwc_env_close(&e);
}
END_TEST

/*
 * Key sets that vary in 8 bits of one field, and in 12 bits over two: the
 * CRC maps such bits onto the row bits with full rank here, so they
 * spread, with no growth for room and no fallback.
 */
START_TEST(test_few_bit_key_sets)
{
	static struct mlx5hws_bwc_rule *r[BACKGROUND + 4096];
	int set;

	for (set = 0; set < 2; set++) {
		unsigned int keys = set ? 4096 : 256, j;
		struct mlx5hws_bwc_matcher_info info;
		uint32_t n = BACKGROUND;
		struct t_bwc_env e;

#define FEW_DST(j) (set ? 0xc0000000u | ((j)&63) << 20 : (j) << 4)
#define FEW_PORT(j) (set ? 2 + (((j) >> 6) << 3) : 2)
		env_open(&e, "", MLX5HWS_BWC_SIZE_COMPACT);
		add_background(&e, r, BACKGROUND);
		for (j = 0; j < keys; j++, n++) {
			r[n] = add(&e, FEW_DST(j), FEW_PORT(j));
			t_check(r[n], "set %d key %u: %s", set, j,
				strerror(errno));
		}
		ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
		info = query(&e);
		ck_assert_uint_eq(info.sizing[0].fell_back, 0);
		ck_assert_uint_eq(info.sizing[0].forced_growths, 0);
		for (j = 0; j < keys; j++)
			t_check(classifies(&e, FEW_DST(j), FEW_PORT(j)),
				"set %d key %u lost", set, j);
#undef FEW_DST
#undef FEW_PORT
		destroy_all(r, n);
		t_bwc_env_close(&e);
	}
}
END_TEST

/*
 * Compact shrinks below half the threshold of the size below: 2^12 rows
 * under 2048 rules, 2^11 under 358 (2^10 rows are assured's, 717); in
 * between, no size changes.
 */
START_TEST(test_compact_shrink)
{
	static struct mlx5hws_bwc_rule *r[4096];
	static const struct {
		uint32_t left;
		uint8_t size_log;
	} steps[] = { { 2048, 12 }, { 2047, 11 }, { 358, 11 }, { 357, 10 } };
	uint32_t n = 4096;
	unsigned int k;
	struct t_bwc_env e;

	env_open(&e, "", MLX5HWS_BWC_SIZE_COMPACT);
	add_background(&e, r, n);
	ck_assert_uint_eq(query(&e).dir[0].size_log, COMPACT_LOG + 1);
	for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		while (n > steps[k].left) {
			ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[--n]), 0);
			r[n] = NULL;
		}
		ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
		t_check(query(&e).dir[0].size_log == steps[k].size_log,
			"%u rules: size_log %u, want %u", n,
			query(&e).dir[0].size_log, steps[k].size_log);
	}
	ck_assert_uint_eq(query(&e).dir[0].shrinks, 2);
	while (n--)
		ck_assert(classifies(&e, BG_DST(n), BG_PORT));
	destroy_all(r, 357);
	t_bwc_env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bwc_size");
	TCase *tc = tcase_create("bwc_size");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_compact_thresholds);
	tcase_add_test(tc, test_growth_by_collision_fill);
	tcase_add_test(tc, test_fallback_on_crowded_keys);
	tcase_add_test(tc, test_growth_passes_stuck_move);
	tcase_add_test(tc, test_forced_growth_refused);
	tcase_add_test(tc, test_few_bit_key_sets);
	tcase_add_test(tc, test_compact_shrink);
	suite_add_tcase(s, tc);
	return t_run(s);
}
