/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * A send queue that a test drives by hand on the model, in memory of its
 * own: the CQ ring, the SQ ring and the two doorbell records, with GTA
 * WQEs written byte by byte.
 */
#ifndef HWS_TEST_MODEL_QUEUE_H
#define HWS_TEST_MODEL_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "libhws/cmd.h"

#define T_QUEUE_LOG_SIZE 6
#define T_QUEUE_CQ_RING 0
#define T_QUEUE_SQ_RING 4096
#define T_QUEUE_CQ_DBR 8192
#define T_QUEUE_SQ_DBR (8192 + 64)
#define T_QUEUE_MEM 16384

struct t_queue {
	struct hws_dev *dev;
	uint8_t *mem; /* T_QUEUE_MEM bytes, page aligned */
	struct hws_umem *umem;
	struct hws_uar *uar;
	uint32_t umem_id, page, eqn;
	struct hws_obj cq, sq;
	uint16_t pi; /* producer counter, in WQE basic blocks */
};

/* Register the queue memory (every CQE invalid) and take a UAR and EQ. */
void t_queue_mem(struct t_queue *q, struct hws_dev *dev, uint32_t access);
struct hws_cmd_cq_attr t_queue_cq_attr(const struct t_queue *q);
struct hws_cmd_sq_attr t_queue_sq_attr(const struct t_queue *q, uint32_t pdn);
/* CREATE_SQ as libhws sends it, but with flush_in_error_en chosen. */
int t_queue_sq_create(struct t_queue *q, const struct hws_cmd_sq_attr *a,
		      bool flush);
/* Memory, a CQ and a ready SQ. */
void t_queue_open(struct t_queue *q, struct hws_dev *dev, uint32_t pdn,
		  bool flush);
void t_queue_close(struct t_queue *q);
/* Write a GTA WQE, asking for a CQE when signaled; ring when ring is set. */
void t_queue_post(struct t_queue *q, uint32_t rtc_id, uint32_t op_dirix,
		  const uint32_t ix[PRM_STC_IX_MAX],
		  const uint8_t ste[PRM_STE_SIZE], bool signaled, bool ring);
/* Write a MOD_ARG WQE: 64 bytes of argument data at ARG index index. */
void t_queue_post_arg(struct t_queue *q, uint32_t index,
		      const uint8_t data[PRM_ARG_ENTRY_SIZE], bool signaled,
		      bool ring);
const struct prm_cqe64 *t_queue_cqe(const struct t_queue *q, unsigned int n);
/* CQEs the device wrote in the first pass: the ring starts all INVALID. */
unsigned int t_queue_cqes(const struct t_queue *q, uint8_t cq_log);

/* Raw bytes through the seam, for what the encoders never produce. */
int t_raw_create(struct hws_dev *dev, void *in, size_t inlen, void *out,
		 size_t outlen, struct hws_devx_obj **obj);

#endif /* HWS_TEST_MODEL_QUEUE_H */
