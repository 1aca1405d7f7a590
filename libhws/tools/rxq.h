/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * hwsctl's receive queues: the RQs, RQTs and TIRs an application creates
 * with DevX so that a TIR action has somewhere to deliver.
 */
#ifndef HWSCTL_RXQ_H
#define HWSCTL_RXQ_H

#include <stdint.h>

#include "libhws/cmd.h"

#define RXQ_MAX 64 /* RQs of one rule file */

/* What an application sets up once for its queues: memory, PD, CQ, TD. */
struct rxq_set {
	struct hws_dev *dev;
	uint8_t *mem; /* CQ ring, RQ rings, doorbell records */
	struct hws_umem *umem;
	uint32_t umem_id;
	struct hws_uar *uar;
	uint32_t page;
	struct hws_obj pd, cq;
	struct hws_obj td;
	unsigned int rings; /* RQ rings handed out */
	/* the last refusal's status and syndrome, for the message */
	uint8_t status;
	uint32_t syndrome;
};

/* An RSS hash: l3 and l4 are the PRM's prot types, fields its selector. */
struct rxq_hash {
	uint8_t l3, l4;
	uint32_t fields;
};

/*
 * The key of every RSS TIR: the default 40-byte Toeplitz key of Microsoft's
 * RSS specification, which NIC drivers use when none is given.
 */
extern const uint8_t rxq_toeplitz_key[PRM_TOEPLITZ_KEY_SIZE];

/* Each returns 0 or an errno (EREMOTEIO: the device refused). */
int rxq_set_open(struct rxq_set *s, struct hws_dev *dev);
/* A ring of 16 WQEs on the set's CQ, brought to RDY. */
int rxq_rq_create(struct rxq_set *s, struct hws_obj *rq);
/*
 * An RQT over n RQs; as DPDK does, the queues repeat to fill a power of
 * two, so that any number of queues shares the hash evenly enough.
 */
int rxq_rqt_create(struct rxq_set *s, const uint32_t *rqn, unsigned int n,
		   struct hws_obj *rqt);
int rxq_tir_direct(struct rxq_set *s, uint32_t rqn, struct hws_obj *tir);
int rxq_tir_rss(struct rxq_set *s, uint32_t rqtn, const struct rxq_hash *h,
		struct hws_obj *tir);
/* Everything of the set goes; the RQs, RQTs and TIRs must be gone. */
int rxq_set_close(struct rxq_set *s);

/*
 * The rule file's receive queues (apply_rx.c): rxq and tir lines, on the
 * DevX context of the steering context, as an application creates them on
 * the ibv_context it gives mlx5hws_context_open_ibv().
 */
struct apply_rx_queue {
	char name[64];
	struct hws_obj rq;
};

struct apply_rx_tir {
	char name[64];
	struct hws_obj tir;
	struct hws_obj rqt; /* devx NULL: a direct TIR */
};

struct apply_rx {
	struct rxq_set set; /* set.mem NULL: not opened yet */
	struct apply_rx_queue *q;
	size_t nq;
	struct apply_rx_tir *t;
	size_t nt;
	char why[256]; /* why a line failed */
};

struct mlx5hws_context;

/*
 * rxq NAME | tir NAME rq Q | tir NAME rss Q,Q... fields F,F...: 0, or the
 * exit status (2 malformed, 1 refused) with the reason in rx->why.
 */
int apply_rx_line(struct apply_rx *rx, struct mlx5hws_context *ctx, char **tok,
		  int n);
/* The number of TIR name, or -1. */
long long apply_rx_tirn(const struct apply_rx *rx, const char *name);
/* The names of RQ rqn and TIR tirn, or NULL. */
const char *apply_rx_rq_name(const struct apply_rx *rx, uint32_t rqn);
const char *apply_rx_tir_name(const struct apply_rx *rx, uint32_t tirn);
/* TIRs, RQTs, RQs, then the set; the first error, or 0. */
int apply_rx_close(struct apply_rx *rx);

#endif /* HWSCTL_RXQ_H */
