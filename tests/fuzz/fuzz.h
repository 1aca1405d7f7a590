/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * What the fuzz harnesses and the seed recorder share: the record of one
 * call of the provider seam, and the steering objects the WQE seeds were
 * recorded against.
 */
#ifndef HWS_FUZZ_H
#define HWS_FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <infiniband/mlx5hws.h>

/* The calls a command sequence is made of. */
enum fuzz_op {
	FUZZ_OP_GENERAL,
	FUZZ_OP_CREATE,
	FUZZ_OP_MODIFY, /* of object index */
	FUZZ_OP_QUERY, /* of object index */
	FUZZ_OP_DESTROY, /* of object index, no command bytes */
	FUZZ_OP_UMEM_REG,
	FUZZ_OP_UMEM_DEREG, /* of umem index */
	FUZZ_OP_UAR_ALLOC,
	FUZZ_OP_UAR_FREE, /* of UAR index */
	FUZZ_OP_QUERY_EQN,
	FUZZ_OP_MAX,
};

/*
 * One call: 8 bytes, little endian, then inlen bytes of PRM command.
 * index counts objects, umems or UARs in the order they were made; arg is
 * the umem's size in 4 KiB pages with the access flag in bit 15, or the
 * completion vector.
 */
struct fuzz_rec {
	uint8_t op;
	uint8_t index;
	uint16_t inlen;
	uint16_t outlen;
	uint16_t arg;
};

#define FUZZ_REC_SIZE 8
#define FUZZ_UMEM_ACCESS (1u << 15)

static inline void fuzz_rec_get(struct fuzz_rec *r, const uint8_t *p)
{
	r->op = p[0];
	r->index = p[1];
	r->inlen = p[2] | p[3] << 8;
	r->outlen = p[4] | p[5] << 8;
	r->arg = p[6] | p[7] << 8;
}

static inline void fuzz_rec_put(const struct fuzz_rec *r, uint8_t *p)
{
	p[0] = r->op;
	p[1] = r->index;
	p[2] = r->inlen;
	p[3] = r->inlen >> 8;
	p[4] = r->outlen;
	p[5] = r->outlen >> 8;
	p[6] = r->arg;
	p[7] = r->arg >> 8;
}

/* The model NIC the WQE seeds were recorded on, and the fuzzer replays on. */
#define FUZZ_WQE_NIC "sim:nic=fuzz_wqe"

struct fuzz_steering {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_action *drop;
};

/*
 * A BWC context with an FDB table, a 5-tuple matcher and a drop action
 * (setup.c); 0 or an errno.
 */
int fuzz_steering_open(struct fuzz_steering *s, const char *device);
void fuzz_steering_close(struct fuzz_steering *s);
/* The value of the matcher's rule number n. */
void fuzz_steering_value(uint32_t *value, unsigned int n);

#endif /* HWS_FUZZ_H */
