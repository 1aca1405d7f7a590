// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Four threads insert and delete 200k BWC rules across three matchers while
 * the matchers grow and shrink under them.  Afterwards every live rule
 * classifies, from its own sides only, and no deleted rule does.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define NIC "stress"
#define THREADS 4
#define OPS_PER_THREAD 50000
#define KEYS_PER_THREAD 20000
#define MATCHERS 3

struct key_state {
	struct mlx5hws_bwc_rule *rule;
	uint8_t dirs; /* bit 0 RX, bit 1 TX; 0 when not live */
};

struct worker {
	int id;
	struct mlx5hws_bwc_matcher **bm;
	struct mlx5hws_action **vport;
	struct key_state *keys;
	uint32_t rng;
	uint32_t inserts, deletes, failures;
	pthread_t tid;
};

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* The packet (or rule value) of key k: matcher k % 3 looks at it. */
static void key_value(struct t_param *p, uint32_t k)
{
	uint32_t id = k / MATCHERS + 1; /* never 0: 0 is "absent" */

	memset(p, 0, sizeof(*p));
	switch (k % MATCHERS) {
	case 0:
		t_set(p, "outer.ipv4_dst", 0x0a000000 + id);
		t_set(p, "outer.udp_dport", 1 + id % 60000);
		break;
	case 1:
		t_set(p, "meta.reg_c0", id);
		break;
	default:
		t_set(p, "outer.smac", 0x020000000000ull + id);
		break;
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;
	uint32_t base = w->id * KEYS_PER_THREAD, op;

	for (op = 0; op < OPS_PER_THREAD; op++) {
		uint32_t slot = rnd(&w->rng) % KEYS_PER_THREAD, k = base + slot;
		struct key_state *ks = &w->keys[k];

		if (ks->dirs) {
			if (mlx5hws_bwc_rule_destroy(ks->rule)) {
				w->failures++;
				continue;
			}
			ks->dirs = 0;
			w->deletes++;
		} else {
			struct mlx5hws_rule_action ra = {
				.action = w->vport[k % MATCHERS],
			};
			uint32_t source = rnd(&w->rng) % 3;
			struct t_param v;

			key_value(&v, k);
			ks->rule = mlx5hws_bwc_rule_create(w->bm[k % MATCHERS],
							   v.buf, source, &ra,
							   1);
			if (!ks->rule) {
				w->failures++;
				continue;
			}
			ks->dirs = source == MLX5HWS_FLOW_SOURCE_UPLINK ? 1 :
				   source == MLX5HWS_FLOW_SOURCE_LOCAL_VPORT ?
									 2 :
									 3;
			w->inserts++;
		}
	}
	return NULL;
}

START_TEST(test_stress)
{
	static const char *const fields[MATCHERS][2] = {
		{ "outer.ipv4_dst", "outer.udp_dport" },
		{ "meta.reg_c0", NULL },
		{ "outer.smac", NULL },
	};
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC, .bwc_queues = THREADS,
		.queue_size = 256,
	};
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	struct mlx5hws_bwc_matcher *bm[MATCHERS];
	struct mlx5hws_action *vport[MATCHERS];
	struct worker w[THREADS];
	struct key_state *keys;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	uint32_t k, live[2] = { 0 }, rehashes = 0;
	int m, t, f, d;

	keys = calloc(THREADS * KEYS_PER_THREAD, sizeof(*keys));
	ctx = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(ctx);
	tbl = mlx5hws_table_create(ctx, &ta);
	ck_assert_ptr_nonnull(tbl);
	for (m = 0; m < MATCHERS; m++) {
		struct t_param mask = { 0 };

		for (f = 0; f < 2 && fields[m][f]; f++)
			t_mask(&mask, fields[m][f]);
		bm[m] = mlx5hws_bwc_matcher_create(tbl, m,
						   t_criteria(fields[m][0]),
						   mask.buf);
		ck_assert_ptr_nonnull(bm[m]);
		vport[m] = mlx5hws_action_create_dest_vport(
			ctx, m + 1, MLX5HWS_ACTION_FLAG_FDB);
		ck_assert_ptr_nonnull(vport[m]);
	}
	for (t = 0; t < THREADS; t++) {
		w[t] = (struct worker){ .id = t, .bm = bm, .vport = vport,
					.keys = keys, .rng = 7919 * (t + 1) };
		ck_assert_int_eq(pthread_create(&w[t].tid, NULL, work, &w[t]),
				 0);
	}
	for (t = 0; t < THREADS; t++) {
		pthread_join(w[t].tid, NULL);
		ck_assert_uint_eq(w[t].failures, 0);
		ck_assert_uint_gt(w[t].deletes, OPS_PER_THREAD / 4);
	}

	/* every key: live ones hit from their sides, the rest miss */
	for (k = 0; k < THREADS * KEYS_PER_THREAD; k++) {
		struct t_param p;

		key_value(&p, k);
		for (d = 0; d < 2; d++) {
			struct hws_verdict v = t_classify(NIC, tbl, d ? HWS_SIDE_TX :
									HWS_SIDE_RX,
							  1, &p);
			bool want = keys[k].dirs & (1u << d);

			t_check(want ? v.result == HWS_RESULT_VPORT &&
					       v.vport == k % MATCHERS + 1 :
				       v.result == HWS_RESULT_MISS,
				"key %u side %d: result %d vport %u, live %d", k,
				d, v.result, v.vport, want);
			live[d] += want;
		}
	}
	for (m = 0; m < MATCHERS; m++) {
		struct mlx5hws_bwc_matcher_info info = { 0 };

		ck_assert_int_eq(mlx5hws_bwc_matcher_query(bm[m], &info), 0);
		for (d = 0; d < 2; d++) {
			live[d] -= info.dir[d].rules;
			rehashes += info.dir[d].rehashes;
		}
	}
	/* the matchers' counts are the rules' */
	ck_assert_uint_eq(live[0], 0);
	ck_assert_uint_eq(live[1], 0);
	ck_assert_uint_gt(rehashes, 20);

	for (k = 0; k < THREADS * KEYS_PER_THREAD; k++)
		if (keys[k].dirs)
			t_check(!mlx5hws_bwc_rule_destroy(keys[k].rule),
				"destroy %u", k);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	for (m = 0; m < MATCHERS; m++) {
		ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm[m]), 0);
		ck_assert_int_eq(mlx5hws_action_destroy(vport[m]), 0);
	}
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
	free(keys);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bwc_stress");
	TCase *tc = tcase_create("stress");

	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, test_stress);
	suite_add_tcase(s, tc);
	return t_run(s);
}
