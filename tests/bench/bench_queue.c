// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Rule insertion and deletion rates on one send queue of the template API,
 * on the device model: with a doorbell for every rule, and in bursts that
 * ring once per BURST rules.  Also the memory a rule costs: the library's
 * host memory, the model's host memory and the device's ICM.
 *
 *   bench_queue [--rules N] [--burst B]
 *
 * Prints figures; exits non-zero only when a rule fails or a sampled rule
 * does not classify as inserted or deleted.
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

#define NIC_SPEC "sim:nic=bench"
#define QUEUE_SIZE 4096
#define POLL_BATCH 256

struct bench {
	unsigned long rules;
	unsigned int burst;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action_template *at;
	struct mlx5hws_matcher *matcher;
	struct mlx5hws_action *vport;
	struct mlx5hws_rule **rule;
	struct five_tuple ft;
	unsigned long pending, failed;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

/* Collect completions until at most 'keep' operations are in flight. */
static int poll_until(struct bench *b, unsigned long keep)
{
	struct mlx5hws_flow_op_result res[POLL_BATCH];
	uint32_t num, i;
	int err;

	while (b->pending > keep) {
		err = mlx5hws_send_queue_action(
			b->ctx, 0, MLX5HWS_SEND_QUEUE_ACTION_DRAIN_ASYNC);
		if (!err)
			err = mlx5hws_send_queue_poll(b->ctx, 0, res,
						      POLL_BATCH, &num);
		if (err)
			return err;
		for (i = 0; i < num; i++)
			b->failed += res[i].status != MLX5HWS_FLOW_OP_SUCCESS;
		b->pending -= num;
	}
	return 0;
}

/* Ring the doorbell on every burst-th operation, and on the last one. */
static void set_burst(const struct bench *b, struct mlx5hws_rule_attr *attr,
		      unsigned long i)
{
	attr->burst = (i + 1) % b->burst && i + 1 != b->rules;
}

static double insert_all(struct bench *b)
{
	uint32_t value[MLX5HWS_MATCH_PARAM_SZ / 4];
	struct mlx5hws_rule_action ra = { .action = b->vport };
	struct mlx5hws_rule_attr attr = {
		.flow_source = MLX5HWS_FLOW_SOURCE_ANY,
	};
	double start = now();

	for (unsigned long i = 0; i < b->rules; i++) {
		five_tuple_value(&b->ft, value, i);
		set_burst(b, &attr, i);
		if (poll_until(b, QUEUE_SIZE - 1))
			return -1;
		b->rule[i] = mlx5hws_rule_create(b->matcher, 0, value, 0, &ra,
						 &attr);
		if (!b->rule[i]) {
			fprintf(stderr, "rule %lu: %s\n", i, strerror(errno));
			return -1;
		}
		b->pending++;
	}
	if (poll_until(b, 0))
		return -1;
	return now() - start;
}

static double delete_all(struct bench *b)
{
	struct mlx5hws_rule_attr attr = { 0 };
	double start = now();

	for (unsigned long i = 0; i < b->rules; i++) {
		set_burst(b, &attr, i);
		if (poll_until(b, QUEUE_SIZE - 1))
			return -1;
		if (mlx5hws_rule_destroy(b->rule[i], &attr)) {
			fprintf(stderr, "delete %lu failed\n", i);
			return -1;
		}
		b->pending++;
	}
	if (poll_until(b, 0))
		return -1;
	return now() - start;
}

/* Does rule i's packet reach the vport? */
static int classifies(struct bench *b, unsigned long i)
{
	struct hws_packet pkt = { .side = HWS_SIDE_RX, .bytes = 64 };
	struct hws_verdict v;

	five_tuple_value(&b->ft, pkt.match, i);
	if (sim_classify(sim_nic_find("bench"), mlx5hws_table_get_id(b->tbl),
			 &pkt, &v))
		return -1;
	return v.result == HWS_RESULT_VPORT && v.vport == 1;
}

static int open_matcher(struct bench *b)
{
	struct mlx5hws_context_attr cattr = { .queues = 1,
					      .queue_size = QUEUE_SIZE };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_FDB,
					    .level = 1 };
	enum mlx5hws_action_type vport_type = MLX5HWS_ACTION_TYP_VPORT;
	struct mlx5hws_matcher_attr mattr = { 0 };
	uint32_t mask[MLX5HWS_MATCH_PARAM_SZ / 4] = { 0 };
	uint8_t num_log = 1;

	while ((1ul << num_log) < b->rules)
		num_log++;
	mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].rule.num_log = num_log;
	mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_TX].rule.num_log = num_log;
	b->ctx = mlx5hws_context_open(NIC_SPEC, &cattr);
	if (!b->ctx)
		return -1;
	five_tuple_init(&b->ft);
	five_tuple_mask(&b->ft, mask);
	b->tbl = mlx5hws_table_create(b->ctx, &tattr);
	b->vport = mlx5hws_action_create_dest_vport(b->ctx, 1,
						    MLX5HWS_ACTION_FLAG_FDB);
	b->mt = mlx5hws_match_template_create(
		b->ctx, mask, MLX5HWS_MATCH_PARAM_SZ,
		five_tuple_criteria(&b->ft));
	b->at = mlx5hws_action_template_create(&vport_type, 1);
	if (!b->tbl || !b->vport || !b->mt || !b->at)
		return -1;
	b->matcher = mlx5hws_matcher_create(b->tbl, &b->mt, 1, &b->at, 1,
					    &mattr);
	return b->matcher ? 0 : -1;
}

/* Every object open_matcher() made, in reverse; NULLs are skipped. */
static void close_matcher(struct bench *b)
{
	if (b->matcher)
		mlx5hws_matcher_destroy(b->matcher);
	if (b->at)
		mlx5hws_action_template_destroy(b->at);
	if (b->mt)
		mlx5hws_match_template_destroy(b->mt);
	if (b->vport)
		mlx5hws_action_destroy(b->vport);
	if (b->tbl)
		mlx5hws_table_destroy(b->tbl);
	if (b->ctx)
		mlx5hws_context_close(b->ctx);
}

static int run(struct bench *b)
{
	struct sim_stats before, s;
	double t_ins, t_del;
	long rss0, rss1;
	unsigned long probe = b->rules / 2;

	rss0 = rss_kib();
	sim_nic_stats(sim_nic_find("bench"), &before);
	t_ins = insert_all(b);
	if (t_ins < 0 || b->failed || classifies(b, probe) != 1) {
		fprintf(stderr, "insert: %lu failed completions\n", b->failed);
		return 1;
	}
	rss1 = rss_kib();
	sim_nic_stats(sim_nic_find("bench"), &s);
	t_del = delete_all(b);
	if (t_del < 0 || b->failed || classifies(b, probe) != 0) {
		fprintf(stderr, "delete: %lu failed completions\n", b->failed);
		return 1;
	}
	printf("burst: %u\n", b->burst);
	printf("insert_rules_per_sec: %.0f\n", b->rules / t_ins);
	printf("delete_rules_per_sec: %.0f\n", b->rules / t_del);
	printf("icm_pages: %llu\n", (unsigned long long)s.icm_pages);
	printf("model_bytes_per_rule: %.1f\n", (double)s.ste_bytes / b->rules);
	printf("process_bytes_per_rule: %.1f\n",
	       (rss1 - rss0) * 1024.0 / b->rules);
	printf("insert_wqes: %llu\n", (unsigned long long)(s.wqes - before.wqes));
	printf("insert_doorbells: %llu\n",
	       (unsigned long long)(s.doorbells - before.doorbells));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, 'n' },
		{ "burst", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench b = { .rules = 1000000, .burst = 1 };
	int c, rc;

	while ((c = getopt_long(argc, argv, "n:b:", opts, NULL)) != -1) {
		if (c == 'n')
			b.rules = strtoul(optarg, NULL, 0);
		else if (c == 'b')
			b.burst = strtoul(optarg, NULL, 0);
		else
			return 2;
	}
	if (!b.rules || b.rules > 1ul << 24 || !b.burst) {
		fprintf(stderr, "usage: bench_queue [--rules 1..2^24] "
				"[--burst B>0]\n");
		return 2;
	}
	b.rule = calloc(b.rules, sizeof(*b.rule));
	if (!b.rule || open_matcher(&b)) {
		fprintf(stderr, "setup: %s\n", strerror(errno));
		rc = 1;
	} else {
		rc = run(&b);
	}
	close_matcher(&b);
	free(b.rule);
	return rc;
}
