// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Send queues driven by hand on the model, for the model's own tests. */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "model_queue.h"

int t_raw_create(struct hws_dev *dev, void *in, size_t inlen, void *out,
		 size_t outlen, struct hws_devx_obj **obj)
{
	*obj = dev->ops->obj_create(dev, in, inlen, out, outlen);
	return *obj ? 0 : errno;
}

void t_queue_mem(struct t_queue *q, struct hws_dev *dev, uint32_t access)
{
	unsigned int i;

	memset(q, 0, sizeof(*q));
	q->dev = dev;
	ck_assert_int_eq(posix_memalign((void **)&q->mem, 4096, T_QUEUE_MEM),
			 0);
	memset(q->mem, 0, T_QUEUE_MEM);
	for (i = 0; i < 1u << T_QUEUE_LOG_SIZE; i++)
		((struct prm_cqe64 *)(q->mem + T_QUEUE_CQ_RING))[i].op_own =
			PRM_CQE_OPCODE_INVALID << 4;
	q->umem = dev->ops->umem_reg(dev, q->mem, T_QUEUE_MEM, access,
				     &q->umem_id);
	ck_assert_ptr_nonnull(q->umem);
	q->uar = dev->ops->uar_alloc(dev, &q->page);
	ck_assert_ptr_nonnull(q->uar);
	ck_assert_int_eq(dev->ops->query_eqn(dev, 0, &q->eqn), 0);
}

struct hws_cmd_cq_attr t_queue_cq_attr(const struct t_queue *q)
{
	struct hws_cmd_cq_attr a = {
		.log_size = T_QUEUE_LOG_SIZE,
		.eqn = q->eqn,
		.uar_page = q->page,
		.umem_id = q->umem_id,
		.umem_offset = T_QUEUE_CQ_RING,
		.dbr_umem_id = q->umem_id,
		.dbr_offset = T_QUEUE_CQ_DBR,
	};

	return a;
}

struct hws_cmd_sq_attr t_queue_sq_attr(const struct t_queue *q, uint32_t pdn)
{
	struct hws_cmd_sq_attr a = {
		.cqn = q->cq.id,
		.pdn = pdn,
		.uar_page = q->page,
		.log_size = T_QUEUE_LOG_SIZE,
		.umem_id = q->umem_id,
		.umem_offset = T_QUEUE_SQ_RING,
		.dbr_umem_id = q->umem_id,
		.dbr_offset = T_QUEUE_SQ_DBR,
	};

	return a;
}

int t_queue_sq_create(struct t_queue *q, const struct hws_cmd_sq_attr *a,
		      bool flush)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_sq_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(create_qnum_out)] = { 0 };
	void *sqc = DEVX_ADDR_OF(create_sq_in, in, ctx);
	void *wq = DEVX_ADDR_OF(sqc, sqc, wq);
	int err;

	DEVX_SET(create_sq_in, in, opcode, MLX5_CMD_OP_CREATE_SQ);
	DEVX_SET(sqc, sqc, flush_in_error_en, flush);
	DEVX_SET(sqc, sqc, non_wire, 1);
	DEVX_SET(sqc, sqc, ts_format, a->ts_format);
	DEVX_SET(sqc, sqc, cqn, a->cqn);
	DEVX_SET(wq, wq, wq_type, MLX5_WQ_TYPE_CYCLIC);
	DEVX_SET(wq, wq, pd, a->pdn);
	DEVX_SET(wq, wq, uar_page, a->uar_page);
	DEVX_SET(wq, wq, log_wq_stride, 6);
	DEVX_SET(wq, wq, log_wq_sz, a->log_size);
	DEVX_SET(wq, wq, dbr_umem_valid, 1);
	DEVX_SET(wq, wq, wq_umem_valid, 1);
	DEVX_SET(wq, wq, dbr_umem_id, a->dbr_umem_id);
	DEVX_SET64(wq, wq, dbr_addr, a->dbr_offset);
	DEVX_SET(wq, wq, wq_umem_id, a->umem_id);
	DEVX_SET64(wq, wq, wq_umem_offset, a->umem_offset);
	err = t_raw_create(q->dev, in, sizeof(in), out, sizeof(out),
			   &q->sq.devx);
	if (!err)
		q->sq.id = DEVX_GET(create_qnum_out, out, num);
	return err;
}

void t_queue_open(struct t_queue *q, struct hws_dev *dev, uint32_t pdn,
		  bool flush)
{
	struct hws_cmd_cq_attr cq;
	struct hws_cmd_sq_attr sq;

	t_queue_mem(q, dev, HWS_UMEM_ACCESS_LOCAL_WRITE);
	cq = t_queue_cq_attr(q);
	ck_assert_int_eq(hws_cmd_cq_create(dev, &cq, &q->cq), 0);
	sq = t_queue_sq_attr(q, pdn);
	ck_assert_int_eq(t_queue_sq_create(q, &sq, flush), 0);
	ck_assert_int_eq(hws_cmd_sq_modify_state(&q->sq, MLX5_SQC_STATE_RST,
						 MLX5_SQC_STATE_RDY),
			 0);
}

void t_queue_close(struct t_queue *q)
{
	ck_assert_int_eq(hws_cmd_destroy(&q->sq), 0);
	ck_assert_int_eq(hws_cmd_destroy(&q->cq), 0);
	ck_assert_int_eq(q->dev->ops->umem_dereg(q->umem), 0);
	q->dev->ops->uar_free(q->uar);
	free(q->mem);
	q->mem = NULL;
}

static struct prm_wqe_ctrl_seg *t_queue_bb(struct t_queue *q, uint16_t index)
{
	return (void *)(q->mem + T_QUEUE_SQ_RING +
			(index & ((1u << T_QUEUE_LOG_SIZE) - 1)) *
				PRM_SEND_WQE_BB);
}

void t_queue_post(struct t_queue *q, uint32_t rtc_id, uint32_t op_dirix,
		  const uint32_t ix[PRM_STC_IX_MAX],
		  const uint8_t ste[PRM_STE_SIZE], bool signaled, bool ring)
{
	struct prm_wqe_ctrl_seg *ctrl = t_queue_bb(q, q->pi);
	struct prm_wqe_gta_ctrl_seg *gta = (void *)(ctrl + 1);
	int i;

	ctrl->opmod_idx_opcode =
		htobe32((uint32_t)PRM_GTA_OPMOD_STE << 24 |
			(uint32_t)q->pi << 8 | PRM_OPCODE_TBL_ACCESS);
	ctrl->qpn_ds = htobe32(q->sq.id << 8 | PRM_GTA_WQE_DS);
	ctrl->flags = htobe32(signaled ? PRM_WQE_CTRL_CQ_UPDATE : 0);
	ctrl->imm = htobe32(rtc_id);
	memset(gta, 0, sizeof(*gta));
	gta->op_dirix = htobe32(op_dirix);
	for (i = 0; i < PRM_STC_IX_MAX; i++)
		gta->stc_ix[i] = htobe32(ix[i]);
	memcpy(t_queue_bb(q, q->pi + 1), ste, PRM_STE_SIZE);
	q->pi += PRM_GTA_WQE_BBS;
	if (ring)
		q->dev->ops->ring_doorbell(q->uar,
					   (__be32 *)(q->mem + T_QUEUE_SQ_DBR),
					   q->pi, ctrl);
}

void t_queue_post_arg(struct t_queue *q, uint32_t index,
		      const uint8_t data[PRM_ARG_ENTRY_SIZE], bool signaled,
		      bool ring)
{
	struct prm_wqe_ctrl_seg *ctrl = t_queue_bb(q, q->pi);
	struct prm_wqe_gta_ctrl_seg *gta = (void *)(ctrl + 1);

	ctrl->opmod_idx_opcode =
		htobe32((uint32_t)PRM_GTA_OPMOD_MOD_ARG << 24 |
			(uint32_t)q->pi << 8 | PRM_OPCODE_TBL_ACCESS);
	ctrl->qpn_ds = htobe32(q->sq.id << 8 | PRM_GTA_WQE_DS);
	ctrl->flags = htobe32(signaled ? PRM_WQE_CTRL_CQ_UPDATE : 0);
	ctrl->imm = htobe32(index);
	memset(gta, 0, sizeof(*gta)); /* the GTA control segment is unused */
	memcpy(t_queue_bb(q, q->pi + 1), data, PRM_ARG_ENTRY_SIZE);
	q->pi += PRM_GTA_WQE_BBS;
	if (ring)
		q->dev->ops->ring_doorbell(q->uar,
					   (__be32 *)(q->mem + T_QUEUE_SQ_DBR),
					   q->pi, ctrl);
}

const struct prm_cqe64 *t_queue_cqe(const struct t_queue *q, unsigned int n)
{
	return (const struct prm_cqe64 *)(q->mem + T_QUEUE_CQ_RING) + n;
}

unsigned int t_queue_cqes(const struct t_queue *q, uint8_t cq_log)
{
	unsigned int n = 0;

	while (n < 1u << cq_log &&
	       t_queue_cqe(q, n)->op_own >> 4 != PRM_CQE_OPCODE_INVALID)
		n++;
	return n;
}
