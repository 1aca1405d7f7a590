/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The receive side as the rx suites build it on the model NIC NIC: the
 * queues of one DevX user context, and RQs, RQTs and TIRs made by raw
 * commands as DPDK writes them.
 */
#ifndef HWS_TEST_RX_COMMON_H
#define HWS_TEST_RX_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "helpers.h"
#include "libhws/cmd.h"

#define NIC "rxtest"

#define RXQS 4

/* The default 40-byte Toeplitz key, that of the RSS verification suite. */
extern const uint8_t rss_key[PRM_TOEPLITZ_KEY_SIZE];

/* Queues of one DevX user context: PD, a CQ, memory for rings. */
struct rxq_env {
	struct hws_dev *dev;
	struct hws_umem *umem;
	struct hws_uar *uar;
	uint32_t umem_id, page;
	struct hws_obj pd, cq;
	struct hws_devx_obj *td;
	uint32_t tdn;
	unsigned int rings; /* RQ rings handed out */
};

/* The memory of the rings and doorbell records */
#define RXQ_MEM (1 << 17)

/* Create through the seam; 0, or errno with the status left in out. */
int raw_create(struct hws_dev *dev, const void *in, size_t inlen,
	       struct hws_devx_obj **obj, uint32_t *num);

/* The queues of dev, on memory of RXQ_MEM bytes, and a TD. */
void rxq_env_open(struct rxq_env *e, struct hws_dev *dev);

/* Destroy what rxq_env_open() made; its RQs must be gone. */
void rxq_env_close(struct rxq_env *e);

/* CREATE_RQ as DPDK writes it: cyclic, 16 WQEs of 16 bytes, user memory. */
void rq_in(struct rxq_env *e, uint8_t *in);

/* MODIFY_RQ from state from to state to; 0, or errno. */
int rq_modify(struct hws_devx_obj *rq, uint32_t rqn, uint8_t from, uint8_t to);

/* An RQ ready to receive, as an application brings it up. */
struct hws_devx_obj *rq_create(struct rxq_env *e, uint32_t *rqn);

#define RQT_IN_MAX (DEVX_ST_SZ_BYTES(create_rqt_in) + 4 * 16)

/* CREATE_RQT of the n RQs rqn into in (RQT_IN_MAX); returns its length. */
size_t rqt_in(uint8_t *in, const uint32_t *rqn, uint32_t n);

enum tir_kind {
	TIR_DIRECT,
	TIR_RSS4, /* Toeplitz over IPv4 TCP 4-tuples */
	TIR_RSS6, /* Toeplitz over IPv6 TCP 4-tuples */
};

/* CREATE_TIR as DPDK writes it: num is the RQ (direct) or the RQT. */
void tir_in(uint8_t *in, uint32_t tdn, enum tir_kind kind, uint32_t num);

#endif /* HWS_TEST_RX_COMMON_H */
