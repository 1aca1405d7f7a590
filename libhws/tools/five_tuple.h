/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The benchmarks' rules: distinct UDP 5-tuples, with the IP version that
 * an address match needs.
 */
#ifndef HWSCTL_FIVE_TUPLE_H
#define HWSCTL_FIVE_TUPLE_H

#include <stdint.h>

#include <infiniband/mlx5hws.h>

enum {
	FIVE_TUPLE_PROTOCOL,
	FIVE_TUPLE_SRC,
	FIVE_TUPLE_DST,
	FIVE_TUPLE_SPORT,
	FIVE_TUPLE_DPORT,
	FIVE_TUPLE_VERSION,
	FIVE_TUPLE_FIELDS,
};

/* Which distinct values rule i gets. */
enum five_tuple_keys {
	FIVE_TUPLE_SEQUENTIAL, /* i counts up in the source address */
	FIVE_TUPLE_RANDOM,     /* uniform 5-tuples, a permutation of the seed */
	FIVE_TUPLE_SPARSE,     /* i's bits spread, every 4th bit, over fields */
};

/* The fields, looked up once so that the hot loops skip the name search. */
struct five_tuple {
	const struct mlx5hws_match_field *f[FIVE_TUPLE_FIELDS];
	enum five_tuple_keys keys;
	uint64_t seed;
};

/* Sequential keys; set keys and seed after it for others. */
void five_tuple_init(struct five_tuple *ft);
/* The match_criteria_enable bits of the mask. */
uint8_t five_tuple_criteria(const struct five_tuple *ft);
/* Every field fully masked, in a zeroed fte_match_param. */
void five_tuple_mask(const struct five_tuple *ft, void *mask);
/* Rule i's values: distinct for every i below 2^40 (sparse: 2^20). */
void five_tuple_value(const struct five_tuple *ft, void *param,
		      unsigned long i);

#endif /* HWSCTL_FIVE_TUPLE_H */
