// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * libFuzzer: the model's WQE executor.  GTA WQEs from the input go into a
 * live SQ of a context that holds a table, a matcher and an action
 * (setup.c), and doorbells make the model run them.  The seeds are the
 * WQEs libhws writes for a rule (record_seeds), which name the same RTC
 * and STCs here.  An input is a flags byte, then WQEs of 128 bytes:
 *   bit 0  keep each WQE's index and SQ number as given; else they are
 *          set right, so that the rest of the WQE is reached
 *   bit 1  one doorbell after all WQEs; else one after each
 *   bit 2  the last doorbell announces one basic block less than was
 *          written, which software may do and the device must survive
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "libhws/cmd.h"
#include "libhws/context.h"
#include "libhws/prm.h"

#define WQE_LOG_BBS 6
#define WQE_BYTES (PRM_GTA_WQE_BBS * PRM_SEND_WQE_BB)
#define WQE_MAX ((1u << WQE_LOG_BBS) / PRM_GTA_WQE_BBS)
/* the queue memory: CQ ring, SQ ring, then the doorbell records */
#define WQE_CQ_RING 0
#define WQE_SQ_RING 4096
#define WQE_CQ_DBR 8192
#define WQE_SQ_DBR 8256
#define WQE_MEM 12288

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct wqe_queue {
	struct hws_dev *dev;
	uint8_t *mem;
	struct hws_umem *umem;
	struct hws_uar *uar;
	uint32_t umem_id, page, eqn;
	struct hws_obj cq, sq;
};

static int wqe_queue_open(struct wqe_queue *q, struct mlx5hws_context *ctx)
{
	struct hws_cmd_cq_attr cq = { .log_size = WQE_LOG_BBS };
	struct hws_cmd_sq_attr sq = { .log_size = WQE_LOG_BBS };
	unsigned int i;

	q->dev = ctx->dev;
	q->mem = aligned_alloc(4096, WQE_MEM);
	if (!q->mem)
		return -1;
	memset(q->mem, 0, WQE_MEM);
	for (i = 0; i < 1u << WQE_LOG_BBS; i++)
		((struct prm_cqe64 *)(q->mem + WQE_CQ_RING))[i].op_own =
			PRM_CQE_OPCODE_INVALID << 4;
	q->umem = q->dev->ops->umem_reg(q->dev, q->mem, WQE_MEM,
					HWS_UMEM_ACCESS_LOCAL_WRITE,
					&q->umem_id);
	if (!q->umem)
		return -1;
	q->uar = q->dev->ops->uar_alloc(q->dev, &q->page);
	if (!q->uar || q->dev->ops->query_eqn(q->dev, 0, &q->eqn))
		return -1;
	cq.eqn = q->eqn;
	cq.uar_page = q->page;
	cq.umem_id = q->umem_id;
	cq.umem_offset = WQE_CQ_RING;
	cq.dbr_umem_id = q->umem_id;
	cq.dbr_offset = WQE_CQ_DBR;
	if (hws_cmd_cq_create(q->dev, &cq, &q->cq))
		return -1;
	sq.cqn = q->cq.id;
	sq.pdn = ctx->pd.id;
	sq.uar_page = q->page;
	sq.umem_id = q->umem_id;
	sq.umem_offset = WQE_SQ_RING;
	sq.dbr_umem_id = q->umem_id;
	sq.dbr_offset = WQE_SQ_DBR;
	if (hws_cmd_sq_create(q->dev, &sq, &q->sq))
		return -1;
	return hws_cmd_sq_modify_state(&q->sq, MLX5_SQC_STATE_RST,
				       MLX5_SQC_STATE_RDY);
}

static void wqe_queue_close(struct wqe_queue *q)
{
	if (q->sq.devx)
		hws_cmd_destroy(&q->sq);
	if (q->cq.devx)
		hws_cmd_destroy(&q->cq);
	if (q->uar)
		q->dev->ops->uar_free(q->uar);
	if (q->umem)
		q->dev->ops->umem_dereg(q->umem);
	free(q->mem);
}

/* WQE n of the input into the ring at producer counter pi. */
static struct prm_wqe_ctrl_seg *
wqe_post(struct wqe_queue *q, const uint8_t *wqe, uint16_t pi, bool raw)
{
	uint32_t mask = (1u << WQE_LOG_BBS) - 1;
	uint8_t *bb0 = q->mem + WQE_SQ_RING + (pi & mask) * PRM_SEND_WQE_BB;
	uint8_t *bb1 =
		q->mem + WQE_SQ_RING + ((pi + 1) & mask) * PRM_SEND_WQE_BB;
	struct prm_wqe_ctrl_seg *ctrl = (void *)bb0;

	memcpy(bb0, wqe, PRM_SEND_WQE_BB);
	memcpy(bb1, wqe + PRM_SEND_WQE_BB, PRM_SEND_WQE_BB);
	if (!raw) {
		uint32_t w0 = be32toh(ctrl->opmod_idx_opcode);
		uint32_t w1 = be32toh(ctrl->qpn_ds);

		ctrl->opmod_idx_opcode =
			htobe32((w0 & 0xff0000ff) | (uint32_t)pi << 8);
		ctrl->qpn_ds = htobe32(q->sq.id << 8 | (w1 & 0xff));
	}
	return ctrl;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t wqe[WQE_BYTES];
	struct prm_wqe_ctrl_seg *ctrl = NULL;
	struct fuzz_steering s;
	struct wqe_queue q = { 0 };
	__be32 *dbrec;
	bool raw, one_doorbell, short_pi;
	uint16_t pi = 0;
	unsigned int n;

	if (!size || fuzz_steering_open(&s, FUZZ_WQE_NIC))
		return 0;
	raw = data[0] & 1;
	one_doorbell = data[0] & 2;
	short_pi = data[0] & 4;
	data++;
	size--;
	if (wqe_queue_open(&q, s.ctx))
		goto out;
	dbrec = (__be32 *)(q.mem + WQE_SQ_DBR);
	for (n = 0; n < WQE_MAX && size; n++) {
		size_t len = size < WQE_BYTES ? size : WQE_BYTES;

		memset(wqe, 0, sizeof(wqe));
		memcpy(wqe, data, len);
		data += len;
		size -= len;
		ctrl = wqe_post(&q, wqe, pi, raw);
		pi += PRM_GTA_WQE_BBS;
		if (!one_doorbell)
			q.dev->ops->ring_doorbell(q.uar, dbrec, pi, ctrl);
	}
	if ((one_doorbell || short_pi) && ctrl)
		q.dev->ops->ring_doorbell(q.uar, dbrec, pi - short_pi, ctrl);
out:
	wqe_queue_close(&q);
	fuzz_steering_close(&s);
	return 0;
}
