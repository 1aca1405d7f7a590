// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* The model's sparse STE store: lookups across a growth, and its bound. */
#include <stdlib.h>

#include "helpers.h"
#include "providers/sim/sim_internal.h"

#define STORE_SLOTS (1u << 17)

static uint64_t store_rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

/*
 * A growth doubles the buckets but moves the keys a few buckets per change,
 * and records stay where they are: the STE write that grows the store
 * neither rehashes nor copies them all (which took up to 20 ms at 2^18
 * STEs, the longest operation of a 1M-rule bench).
 */
START_TEST(test_store_growth_bounded)
{
	struct sim_ste_store store = { 0 };
	const struct sim_ste_shard *sh;
	uint32_t slot, buckets = 0, grew = 0;
	struct sim_ste_rec *first;
	int64_t bytes = 0;

	ck_assert_int_eq(sim_ste_store_init(&store), 0);
	sh = &store.shards[0];
	first = sim_ste_store_put(&store, 1u << 20, &bytes);
	ck_assert_ptr_nonnull(first);
	for (slot = 0; slot < 100000; slot++) {
		ck_assert_ptr_nonnull(
			sim_ste_store_put(&store, slot * 7, &bytes));
		if (sh->buckets == buckets)
			continue;
		buckets = sh->buckets;
		if (buckets <= 256)
			continue;
		/* the old keys are still there, all but a few buckets' */
		ck_assert_uint_eq(sh->old_buckets, buckets / 2);
		ck_assert_uint_ge(sh->old_used, buckets / 4 - 64);
		grew++;
	}
	ck_assert_uint_ge(grew, 3);
	/* what the store says it holds is what it took */
	ck_assert_int_eq(bytes + SIM_STE_SHARDS * sizeof(*store.shards),
			 sim_ste_store_bytes(&store));
	ck_assert_ptr_eq(sim_ste_store_get(&store, 1u << 20), first);
	for (slot = 0; slot < 100000; slot++) {
		struct sim_ste_rec *rec = sim_ste_store_get(&store, slot * 7);

		ck_assert_ptr_nonnull(rec);
		ck_assert_uint_eq(rec->slot, slot * 7);
	}
	sim_ste_store_free(&store);
}
END_TEST

/* Random puts and deletes against a bitmap: every slot found as written. */
START_TEST(test_store_random)
{
	struct sim_ste_store store = { 0 };
	uint8_t *in = calloc(STORE_SLOTS, 1);
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	const struct sim_ste_rec *seen;
	uint32_t i, n = 0, slot, live;
	uint64_t cursor = 0;
	int64_t bytes = 0;

	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(sim_ste_store_init(&store), 0);
	for (i = 0; i < 100000; i++) {
		/* mostly puts early, then churn that keeps the count */
		bool put = store_rnd(&rng) % 100 < (i < 50000 ? 75 : 50);

		slot = store_rnd(&rng) % STORE_SLOTS;
		if (put) {
			struct sim_ste_rec *rec =
				sim_ste_store_put(&store, slot, &bytes);

			ck_assert_ptr_nonnull(rec);
			ck_assert_uint_eq(rec->slot, slot);
			n += !in[slot];
			in[slot] = 1;
		} else {
			ck_assert(sim_ste_store_del(&store, slot, &bytes) ==
				  !!in[slot]);
			n -= in[slot];
			in[slot] = 0;
		}
		ck_assert_uint_eq(sim_ste_store_count(&store), n);
		if (i % 8192)
			continue;
		for (slot = 0; slot < STORE_SLOTS; slot += 61)
			ck_assert(!!sim_ste_store_get(&store, slot) ==
				  !!in[slot]);
	}
	for (slot = 0; slot < STORE_SLOTS; slot++)
		ck_assert(!!sim_ste_store_get(&store, slot) == !!in[slot]);
	/* a walk sees each live record once, and no free one */
	for (live = 0; (seen = sim_ste_store_next(&store, &cursor)); live++) {
		ck_assert(in[seen->slot] == 1);
		in[seen->slot] = 2;
	}
	ck_assert_uint_eq(live, n);
	ck_assert_int_eq(bytes + SIM_STE_SHARDS * sizeof(*store.shards),
			 sim_ste_store_bytes(&store));
	sim_ste_store_free(&store);
	free(in);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ste_store");
	TCase *tc = tcase_create("ste_store");

	/* under ASan on a busy machine: seconds, not the default 4 */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_store_growth_bounded);
	tcase_add_test(tc, test_store_random);
	suite_add_tcase(s, tc);
	return t_run(s);
}
