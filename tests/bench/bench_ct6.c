// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The conntrack shape of the kernel's HWS offload (an IPv6 5-tuple with
 * reg_c0 and reg_c6), which needs a complex BWC matcher, next to an IPv4
 * 5-tuple matcher of the same size, on the device model: rules per second,
 * ICM pages, and every rule's packet classified.
 *
 *   bench_ct6 [--rules N]
 *
 * Prints figures; exits non-zero when a rule fails or a packet does not
 * classify as its rule says.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <infiniband/mlx5hws.h>

#include "libhws/tools/five_tuple.h"
#include "providers/sim/sim.h"

struct bench_ct6 {
	const char *nic;
	int v6;
	struct five_tuple ft;
	const struct mlx5hws_match_field *f[8];
};

static const char *const bench_ct6_fields[] = {
	"outer.ip_version", "outer.ip_protocol", "outer.ipv6_src",
	"outer.ipv6_dst",   "outer.tcp_sport",	 "outer.tcp_dport",
	"meta.reg_c0",	    "meta.reg_c6",
};

static double bench_ct6_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void bench_ct6_put(void *param, const struct mlx5hws_match_field *f,
			  uint64_t v)
{
	uint8_t b[8];
	size_t len = (f->bit_width + 7) / 8, i;

	for (i = 0; i < len; i++)
		b[len - 1 - i] = v >> (8 * i);
	mlx5hws_match_param_set(param, f, b, len);
}

static void bench_ct6_addr(void *param, const struct mlx5hws_match_field *f,
			   uint32_t net, unsigned long i)
{
	uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	a[4] = net >> 8;
	a[5] = net;
	a[12] = i >> 24;
	a[13] = i >> 16;
	a[14] = i >> 8;
	a[15] = i;
	mlx5hws_match_param_set(param, f, a, 16);
}

/* Rule i's values: a connection of its own, in zone 1, from vport i % 8. */
static void bench_ct6_value(const struct bench_ct6 *b, void *param,
			    unsigned long i)
{
	if (!b->v6) {
		five_tuple_value(&b->ft, param, i);
		return;
	}
	memset(param, 0, MLX5HWS_MATCH_PARAM_SZ);
	bench_ct6_put(param, b->f[0], 6);
	bench_ct6_put(param, b->f[1], 6);
	bench_ct6_addr(param, b->f[2], 1, i);
	bench_ct6_addr(param, b->f[3], 2, i / 3);
	bench_ct6_put(param, b->f[4], 1024 + i % 50000);
	bench_ct6_put(param, b->f[5], 443);
	bench_ct6_put(param, b->f[6], i % 8);
	bench_ct6_put(param, b->f[7], 1);
}

static void bench_ct6_mask(struct bench_ct6 *b, void *mask, uint8_t *criteria)
{
	unsigned int i;

	memset(mask, 0, MLX5HWS_MATCH_PARAM_SZ);
	if (!b->v6) {
		five_tuple_mask(&b->ft, mask);
		*criteria = five_tuple_criteria(&b->ft);
		return;
	}
	*criteria = 0;
	for (i = 0; i < 8; i++) {
		uint8_t ones[16];

		memset(ones, 0xff, sizeof(ones));
		if (b->f[i]->bit_width > 64)
			mlx5hws_match_param_set(mask, b->f[i], ones, 16);
		else
			bench_ct6_put(mask, b->f[i],
				      (1ull << b->f[i]->bit_width) - 1);
		*criteria |= b->f[i]->criteria;
	}
}

/* Insert, classify and delete n rules; 0 when every step holds. */
static int bench_ct6_run(struct bench_ct6 *b, unsigned long n)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC
	};
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					    .level = 1 };
	uint32_t param[MLX5HWS_MATCH_PARAM_SZ / 4];
	struct mlx5hws_bwc_matcher_info info = { 0 };
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_bwc_rule **rule;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct sim_stats s0, s1;
	unsigned long i, bad = 0;
	char spec[64];
	uint8_t crit;
	double t0, t;

	snprintf(spec, sizeof(spec), "sim:nic=%s", b->nic);
	ctx = mlx5hws_context_open(spec, &cattr);
	rule = calloc(n, sizeof(*rule));
	if (!ctx || !rule) {
		fprintf(stderr, "bench_ct6: setup: %s\n", strerror(errno));
		return 1;
	}
	sim_nic_stats(sim_nic_find(b->nic), &s0);
	tbl = mlx5hws_table_create(ctx, &tattr);
	ra.action = mlx5hws_action_create_dest_drop(ctx,
						    MLX5HWS_ACTION_FLAG_NIC_RX);
	bench_ct6_mask(b, param, &crit);
	bm = tbl && ra.action ?
		     mlx5hws_bwc_matcher_create(tbl, 0, crit, param) :
		     NULL;
	if (!bm) {
		fprintf(stderr, "bench_ct6: matcher: %s\n", strerror(errno));
		return 1;
	}
	t0 = bench_ct6_now();
	for (i = 0; i < n; i++) {
		bench_ct6_value(b, param, i);
		rule[i] = mlx5hws_bwc_rule_create(
			bm, param, MLX5HWS_FLOW_SOURCE_ANY, &ra, 1);
		if (!rule[i]) {
			fprintf(stderr, "bench_ct6: rule %lu: %s\n", i,
				strerror(errno));
			return 1;
		}
	}
	mlx5hws_bwc_matcher_flush_moves(bm);
	t = bench_ct6_now() - t0;
	sim_nic_stats(sim_nic_find(b->nic), &s1);
	mlx5hws_bwc_matcher_query(bm, &info);
	for (i = 0; i < n; i++) {
		struct hws_packet pkt = { .side = HWS_SIDE_RX, .bytes = 64 };
		struct hws_verdict v;

		bench_ct6_value(b, pkt.match, i);
		if (sim_classify(sim_nic_find(b->nic),
				 mlx5hws_table_get_id(tbl), &pkt, &v) ||
		    v.result != HWS_RESULT_DROP)
			bad++;
	}
	printf("%-5s rules %lu  seconds %.2f  rules/s %.0f  icm_pages %llu  size_log %u  misclassified %lu\n",
	       b->v6 ? "ct6" : "ipv4", n, t, n / t,
	       (unsigned long long)(s1.icm_pages - s0.icm_pages),
	       info.dir[0].size_log, bad);
	for (i = 0; i < n; i++)
		if (mlx5hws_bwc_rule_destroy(rule[i]))
			bad++;
	free(rule);
	if (mlx5hws_bwc_matcher_destroy(bm) ||
	    mlx5hws_action_destroy(ra.action) || mlx5hws_table_destroy(tbl) ||
	    mlx5hws_context_close(ctx))
		bad++;
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench_ct6 v4 = { .nic = "ct4" }, v6 = { .nic = "ct6", .v6 = 1 };
	unsigned long n = 100000;
	unsigned int i;
	int c;

	while ((c = getopt_long(argc, argv, "n:", opts, NULL)) != -1) {
		if (c != 'n') {
			fprintf(stderr, "usage: bench_ct6 [--rules N]\n");
			return 2;
		}
		n = strtoul(optarg, NULL, 0);
	}
	five_tuple_init(&v4.ft);
	for (i = 0; i < 8; i++) {
		v6.f[i] = mlx5hws_match_field_find(bench_ct6_fields[i]);
		if (!v6.f[i])
			return 1;
	}
	return bench_ct6_run(&v4, n) || bench_ct6_run(&v6, n);
}
