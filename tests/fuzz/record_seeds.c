// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Records the seeds of the command and WQE fuzzers: the PRM commands and
 * GTA WQEs libhws sends while it opens a context and creates a table, a
 * matcher and a rule, as the model receives them.  Linked with
 * -Wl,--wrap=hws_dev_open, it puts a recording table of operations in
 * front of the model's.
 *
 *   record_seeds DIR    writes DIR/commands/corpus and DIR/wqe/corpus
 *
 * (record_seeds tests/fuzz refreshes the committed seeds.)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "libhws/prm.h"
#include "providers/provider.h"

#define RECORD_MAX_HANDLES 256
#define RECORD_MAX_WQES 8
#define RECORD_WQE_SIZE (PRM_GTA_WQE_BBS * PRM_SEND_WQE_BB)

struct hws_dev *__real_hws_dev_open(const char *name, char *why, size_t whylen);
struct hws_dev *__wrap_hws_dev_open(const char *name, char *why, size_t whylen);

static const struct hws_provider_ops *record_model;
static struct hws_provider_ops record_ops;
static uint8_t record_buf[1 << 20];
static size_t record_len;
/* objects, umems and UARs in the order they were made */
static const void *record_handles[3][RECORD_MAX_HANDLES];
static unsigned int record_count[3];
static uint8_t record_wqes[RECORD_MAX_WQES][RECORD_WQE_SIZE];
static unsigned int record_nwqes;

enum { RECORD_OBJ, RECORD_UMEM, RECORD_UAR };

static void record_call(uint8_t op, uint8_t index, const void *in, size_t inlen,
			size_t outlen, uint16_t arg)
{
	struct fuzz_rec r = {
		.op = op,
		.index = index,
		.inlen = inlen,
		.outlen = outlen,
		.arg = arg,
	};

	if (record_len + FUZZ_REC_SIZE + inlen > sizeof(record_buf) ||
	    inlen > UINT16_MAX || outlen > UINT16_MAX) {
		fprintf(stderr, "record_seeds: a call does not fit\n");
		exit(1);
	}
	fuzz_rec_put(&r, record_buf + record_len);
	if (inlen)
		memcpy(record_buf + record_len + FUZZ_REC_SIZE, in, inlen);
	record_len += FUZZ_REC_SIZE + inlen;
}

static void record_handle(int kind, const void *h)
{
	if (h && record_count[kind] < RECORD_MAX_HANDLES)
		record_handles[kind][record_count[kind]++] = h;
}

static uint8_t record_index(int kind, const void *h)
{
	unsigned int i;

	for (i = 0; i < record_count[kind]; i++)
		if (record_handles[kind][i] == h)
			return i;
	fprintf(stderr, "record_seeds: an unknown handle\n");
	exit(1);
}

static int record_general(struct hws_dev *dev, const void *in, size_t inlen,
			  void *out, size_t outlen)
{
	record_call(FUZZ_OP_GENERAL, 0, in, inlen, outlen, 0);
	return record_model->general_cmd(dev, in, inlen, out, outlen);
}

static struct hws_devx_obj *record_create(struct hws_dev *dev, const void *in,
					  size_t inlen, void *out,
					  size_t outlen)
{
	struct hws_devx_obj *obj;

	record_call(FUZZ_OP_CREATE, 0, in, inlen, outlen, 0);
	obj = record_model->obj_create(dev, in, inlen, out, outlen);
	record_handle(RECORD_OBJ, obj);
	return obj;
}

static int record_modify(struct hws_devx_obj *obj, const void *in, size_t inlen,
			 void *out, size_t outlen)
{
	record_call(FUZZ_OP_MODIFY, record_index(RECORD_OBJ, obj), in, inlen,
		    outlen, 0);
	return record_model->obj_modify(obj, in, inlen, out, outlen);
}

static int record_query(struct hws_devx_obj *obj, const void *in, size_t inlen,
			void *out, size_t outlen)
{
	record_call(FUZZ_OP_QUERY, record_index(RECORD_OBJ, obj), in, inlen,
		    outlen, 0);
	return record_model->obj_query(obj, in, inlen, out, outlen);
}

/* A handle gone: its address may come back for another one. */
static uint8_t record_forget(int kind, const void *h)
{
	uint8_t i = record_index(kind, h);

	record_handles[kind][i] = NULL;
	return i;
}

static int record_destroy(struct hws_devx_obj *obj)
{
	uint8_t i = record_index(RECORD_OBJ, obj);
	int err;

	record_call(FUZZ_OP_DESTROY, i, NULL, 0, 0, 0);
	err = record_model->obj_destroy(obj);
	if (!err)
		record_handles[RECORD_OBJ][i] = NULL;
	return err;
}

static struct hws_umem *record_umem_reg(struct hws_dev *dev, void *addr,
					size_t size, uint32_t access,
					uint32_t *umem_id)
{
	size_t pages = (size + 4095) / 4096;
	struct hws_umem *umem;

	if (pages >= FUZZ_UMEM_ACCESS) {
		fprintf(stderr, "record_seeds: a umem of %zu pages\n", pages);
		exit(1);
	}
	record_call(FUZZ_OP_UMEM_REG, 0, NULL, 0, 0,
		    pages | (access & HWS_UMEM_ACCESS_LOCAL_WRITE ?
				     FUZZ_UMEM_ACCESS :
				     0));
	umem = record_model->umem_reg(dev, addr, size, access, umem_id);
	record_handle(RECORD_UMEM, umem);
	return umem;
}

static int record_umem_dereg(struct hws_umem *umem)
{
	uint8_t i = record_index(RECORD_UMEM, umem);
	int err;

	record_call(FUZZ_OP_UMEM_DEREG, i, NULL, 0, 0, 0);
	err = record_model->umem_dereg(umem);
	if (!err)
		record_handles[RECORD_UMEM][i] = NULL;
	return err;
}

static int record_query_eqn(struct hws_dev *dev, uint32_t vector, uint32_t *eqn)
{
	record_call(FUZZ_OP_QUERY_EQN, 0, NULL, 0, 0, vector);
	return record_model->query_eqn(dev, vector, eqn);
}

static struct hws_uar *record_uar_alloc(struct hws_dev *dev, uint32_t *page_id)
{
	struct hws_uar *uar;

	record_call(FUZZ_OP_UAR_ALLOC, 0, NULL, 0, 0, 0);
	uar = record_model->uar_alloc(dev, page_id);
	record_handle(RECORD_UAR, uar);
	return uar;
}

static void record_uar_free(struct hws_uar *uar)
{
	record_call(FUZZ_OP_UAR_FREE, record_forget(RECORD_UAR, uar), NULL, 0,
		    0, 0);
	record_model->uar_free(uar);
}

/* The WQE before the doorbell: a GTA WQE is two basic blocks. */
static void record_doorbell(struct hws_uar *uar, __be32 *dbrec,
			    uint16_t producer_counter, const void *ctrl_seg)
{
	if (record_nwqes < RECORD_MAX_WQES)
		memcpy(record_wqes[record_nwqes++], ctrl_seg, RECORD_WQE_SIZE);
	record_model->ring_doorbell(uar, dbrec, producer_counter, ctrl_seg);
}

struct hws_dev *__wrap_hws_dev_open(const char *name, char *why, size_t whylen)
{
	struct hws_dev *dev = __real_hws_dev_open(name, why, whylen);

	if (!dev)
		return NULL;
	record_model = dev->ops;
	record_ops = *dev->ops;
	record_ops.general_cmd = record_general;
	record_ops.obj_create = record_create;
	record_ops.obj_modify = record_modify;
	record_ops.obj_query = record_query;
	record_ops.obj_destroy = record_destroy;
	record_ops.umem_reg = record_umem_reg;
	record_ops.umem_dereg = record_umem_dereg;
	record_ops.query_eqn = record_query_eqn;
	record_ops.uar_alloc = record_uar_alloc;
	record_ops.uar_free = record_uar_free;
	record_ops.ring_doorbell = record_doorbell;
	dev->ops = &record_ops;
	return dev;
}

static void record_write(const char *dir, const char *sub, const char *name,
			 const void *bytes, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/%s/corpus", dir, sub);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/%s/corpus/%s", dir, sub, name);
	f = fopen(path, "wb");
	if (!f || fwrite(bytes, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "record_seeds: %s: %s\n", path,
			strerror(errno));
		exit(1);
	}
}

static void record_reset(void)
{
	record_len = 0;
	memset(record_count, 0, sizeof(record_count));
	record_nwqes = 0;
}

/* A WQE seed: the flags byte (0: fix index and SQ number) and the WQEs. */
static void record_wqe_seeds(const char *dir, const char *what,
			     unsigned int from)
{
	uint8_t seed[1 + RECORD_MAX_WQES * RECORD_WQE_SIZE] = { 0 };
	char name[64];
	unsigned int i;

	for (i = from; i < record_nwqes; i++) {
		memcpy(seed + 1, record_wqes[i], RECORD_WQE_SIZE);
		snprintf(name, sizeof(name), "%s_%u.bin", what, i - from);
		record_write(dir, "wqe", name, seed, 1 + RECORD_WQE_SIZE);
	}
}

/* Every WQE recorded, in one seed. */
static void record_wqe_all(const char *dir, const char *name)
{
	uint8_t seed[1 + RECORD_MAX_WQES * RECORD_WQE_SIZE] = { 0 };

	memcpy(seed + 1, record_wqes, record_nwqes * RECORD_WQE_SIZE);
	record_write(dir, "wqe", name, seed,
		     1 + record_nwqes * RECORD_WQE_SIZE);
}

int main(int argc, char **argv)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
	};
	uint32_t value[MLX5HWS_MATCH_PARAM_SZ / 4];
	struct mlx5hws_rule_action ra;
	struct mlx5hws_context *ctx;
	struct mlx5hws_bwc_rule *rule;
	struct fuzz_steering s;
	unsigned int inserted;

	if (argc != 2) {
		fprintf(stderr, "usage: record_seeds DIR\n");
		return 2;
	}
	mkdir(argv[1], 0777);

	/* a context alone, opened and closed */
	ctx = mlx5hws_context_open("sim:nic=fuzz_record", &cattr);
	if (!ctx || mlx5hws_context_close(ctx))
		return 1;
	record_write(argv[1], "commands", "context_open_close.bin", record_buf,
		     record_len);

	/* the steering the WQE fuzzer replays its seeds on, and a rule */
	record_reset();
	if (fuzz_steering_open(&s, FUZZ_WQE_NIC))
		return 1;
	record_write(argv[1], "commands", "table_matcher.bin", record_buf,
		     record_len);
	fuzz_steering_value(value, 0);
	ra = (struct mlx5hws_rule_action){ .action = s.drop };
	rule = mlx5hws_bwc_rule_create(s.bm, value, MLX5HWS_FLOW_SOURCE_ANY,
				       &ra, 1);
	if (!rule)
		return 1;
	inserted = record_nwqes;
	record_wqe_seeds(argv[1], "rule_insert", 0);
	if (mlx5hws_bwc_rule_destroy(rule))
		return 1;
	record_wqe_seeds(argv[1], "rule_delete", inserted);
	record_wqe_all(argv[1], "rule_insert_delete.bin");
	fuzz_steering_close(&s);
	record_write(argv[1], "commands", "table_matcher_rule_close.bin",
		     record_buf, record_len);
	printf("record_seeds: %u WQEs\n", record_nwqes);
	return 0;
}
