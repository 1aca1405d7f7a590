// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * CQ and SQ commands as firmware judges them: the queue memory they name,
 * their sizes against the capabilities, and the SQ state machine.
 */
#include "sim_cmd.h"

/*
 * Queue memory of this uid, at least len bytes from off.  The model asks
 * local write of every ring and doorbell record, not only of the CQ ring
 * the device writes: queue memory the device may not write is a setup bug.
 */
uint8_t sim_queue_umem_range(struct sim_req *req, uint32_t umem_id,
			     uint64_t off, uint64_t len, uint8_t **addr)
{
	struct sim_umem *u = sim_umem_find(req->nic, umem_id);

	if (!u || u->res.uid != req->ctx->uid)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
				      SIM_SYND_UMEM_MISSING);
	if (!(u->access & HWS_UMEM_ACCESS_LOCAL_WRITE))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_UMEM_ACCESS);
	if (off > u->size || len > u->size - off)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_UMEM_TOO_SMALL);
	*addr = u->addr + off;
	return MLX5_CMD_STAT_OK;
}

/*
 * A doorbell record: 8 bytes of queue memory, 8-byte aligned, since the
 * device (and the model) reads and writes it as aligned 32-bit words.
 */
uint8_t sim_queue_dbr_range(struct sim_req *req, uint32_t umem_id,
			    uint64_t off, uint8_t **dbr)
{
	uint8_t st = sim_queue_umem_range(req, umem_id, off, 8, dbr);

	if (!st && (off | (uintptr_t)*dbr) & 7)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_DBR_MISALIGNED);
	return st;
}

static uint8_t sim_queue_uar_owned(struct sim_req *req, uint32_t page_id)
{
	struct sim_res *r;

	for (r = req->nic->uars; r; r = r->next) {
		struct sim_uar *u = sim_container_of(r, struct sim_uar, res);

		if (r->uid == req->ctx->uid && u->page_id == page_id)
			return MLX5_CMD_STAT_OK;
	}
	return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
			      SIM_SYND_UAR_MISSING);
}

struct sim_obj *sim_target_cq(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_CQ, GET(destroy_qnum_in, in, num));
}

struct sim_obj *sim_target_sq(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_SQ, GET(destroy_qnum_in, in, num));
}

/* CREATE_CQ */

const struct sim_field sim_create_cq_fields[] = {
	FLD(create_cq_in, opcode), FLD(create_cq_in, uid),
	FLD(create_cq_in, op_mod),
	FLD(create_cq_in, cq_context.dbr_umem_valid),
	FLD(create_cq_in, cq_context.cqe_sz),
	FLD(create_cq_in, cq_context.oi),
	FLD(create_cq_in, cq_context.dbr_umem_id),
	FLD(create_cq_in, cq_context.cq_timestamp_format),
	FLD(create_cq_in, cq_context.log_cq_size),
	FLD(create_cq_in, cq_context.uar_page),
	FLD(create_cq_in, cq_context.c_eqn_or_apu_element),
	FLD(create_cq_in, cq_context.log_page_size),
	FLD(create_cq_in, cq_context.dbr_addr),
	FLD(create_cq_in, cq_umem_offset),
	FLD(create_cq_in, cq_umem_id),
	FLD(create_cq_in, cq_umem_valid),
};

uint8_t sim_exec_create_cq(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	const uint8_t *in = req->in;
	uint8_t log_size = GET(create_cq_in, in, cq_context.log_cq_size);
	uint8_t *ring, *dbr;
	uint8_t st;

	if (GET(create_cq_in, in, cq_context.cqe_sz))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_CQE_SIZE_NOT_SUPPORTED);
	if (log_size > SIM_CAP(p, general, cmd_hca_cap, log_max_cq_sz))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_CQ_SIZE_ABOVE_MAX);
	if (!sim_comp_eqn_valid(p, GET(create_cq_in, in,
				       cq_context.c_eqn_or_apu_element)))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_CQ_EQN_UNKNOWN);
	if (!GET(create_cq_in, in, cq_umem_valid) ||
	    !GET(create_cq_in, in, cq_context.dbr_umem_valid))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_UMEM_REQUIRED);
	st = sim_queue_umem_range(req, GET(create_cq_in, in, cq_umem_id),
				  DEVX_GET64(create_cq_in, in, cq_umem_offset),
				  (uint64_t)PRM_CQE_SIZE << log_size, &ring);
	if (!st)
		st = sim_queue_dbr_range(
			req, GET(create_cq_in, in, cq_context.dbr_umem_id),
			DEVX_GET64(create_cq_in, in, cq_context.dbr_addr),
			&dbr);
	if (!st)
		st = sim_queue_uar_owned(req, GET(create_cq_in, in,
						  cq_context.uar_page));
	if (!st)
		st = sim_cmd_new_obj(req, SIM_OBJ_CQ, SIM_SPACE_CQ, 0);
	if (st)
		return st;
	req->created->cq.log_size = log_size;
	req->created->cq.ring = ring;
	req->created->cq.dbrec = (__be32 *)dbr;
	SET(create_qnum_out, req->out, num, req->created->id);
	return MLX5_CMD_STAT_OK;
}

/* CREATE_SQ / MODIFY_SQ */

/*
 * An SQ's timestamp format against what the device offers (sq_ts_format:
 * 0 free-running, 1 real time, 2 both); DEFAULT leaves the choice to it.
 */
static bool sim_queue_ts_format_valid(const struct sim_profile *p,
				      uint8_t ts_format)
{
	uint8_t cap = SIM_CAP(p, general, cmd_hca_cap, sq_ts_format);

	switch (ts_format) {
	case MLX5_SQC_TIMESTAMP_FORMAT_FREE_RUNNING:
		return cap != MLX5_SQ_TS_FORMAT_CAP_REAL_TIME;
	case MLX5_SQC_TIMESTAMP_FORMAT_DEFAULT:
		return true;
	case MLX5_SQC_TIMESTAMP_FORMAT_REAL_TIME:
		return cap != MLX5_SQ_TS_FORMAT_CAP_FREE_RUNNING;
	}
	return false;
}

const struct sim_field sim_create_sq_fields[] = {
	FLD(create_sq_in, opcode), FLD(create_sq_in, uid),
	FLD(create_sq_in, op_mod),
	FLD(create_sq_in, ctx.flush_in_error_en),
	FLD(create_sq_in, ctx.state), FLD(create_sq_in, ctx.non_wire),
	FLD(create_sq_in, ctx.ts_format), FLD(create_sq_in, ctx.user_index),
	FLD(create_sq_in, ctx.cqn), FLD(create_sq_in, ctx.wq.wq_type),
	FLD(create_sq_in, ctx.wq.page_offset), FLD(create_sq_in, ctx.wq.pd),
	FLD(create_sq_in, ctx.wq.uar_page), FLD(create_sq_in, ctx.wq.dbr_addr),
	FLD(create_sq_in, ctx.wq.log_wq_stride),
	FLD(create_sq_in, ctx.wq.log_wq_pg_sz),
	FLD(create_sq_in, ctx.wq.log_wq_sz),
	FLD(create_sq_in, ctx.wq.dbr_umem_valid),
	FLD(create_sq_in, ctx.wq.wq_umem_valid),
	FLD(create_sq_in, ctx.wq.dbr_umem_id),
	FLD(create_sq_in, ctx.wq.wq_umem_id),
	FLD(create_sq_in, ctx.wq.wq_umem_offset),
};

uint8_t sim_exec_create_sq(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	const uint8_t *sqc = DEVX_ADDR_OF(create_sq_in, req->in, ctx);
	const uint8_t *wq = DEVX_ADDR_OF(sqc, sqc, wq);
	uint8_t log_size = GET(wq, wq, log_wq_sz);
	struct sim_obj *cq, *pd;
	uint8_t *ring, *dbr;
	uint8_t st;

	if (GET(sqc, sqc, state) != MLX5_SQC_STATE_RST)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_SQ_BAD_STATE_TRANSITION);
	if (GET(wq, wq, wq_type) != MLX5_WQ_TYPE_CYCLIC ||
	    GET(wq, wq, log_wq_stride) != 6)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_SQ_BAD_WQ);
	if (!sim_queue_ts_format_valid(p, GET(sqc, sqc, ts_format)))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_SQ_TS_FORMAT_NOT_SUPPORTED);
	if (log_size > SIM_CAP(p, general, cmd_hca_cap, log_max_wq_sz))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_SQ_SIZE_ABOVE_MAX);
	if (!GET(wq, wq, wq_umem_valid) || !GET(wq, wq, dbr_umem_valid))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_UMEM_REQUIRED);
	st = sim_cmd_ref_obj(req, SIM_SPACE_CQ, SIM_OBJ_CQ, GET(sqc, sqc, cqn),
			     &cq);
	if (!st)
		st = sim_cmd_ref_obj(req, SIM_SPACE_PD, SIM_OBJ_PD,
				     GET(wq, wq, pd), &pd);
	if (!st)
		st = sim_queue_umem_range(req, GET(wq, wq, wq_umem_id),
					  DEVX_GET64(wq, wq, wq_umem_offset),
					  (uint64_t)PRM_SEND_WQE_BB << log_size,
					  &ring);
	if (!st)
		st = sim_queue_dbr_range(req, GET(wq, wq, dbr_umem_id),
					 DEVX_GET64(wq, wq, dbr_addr), &dbr);
	if (!st)
		st = sim_queue_uar_owned(req, GET(wq, wq, uar_page));
	if (!st)
		st = sim_cmd_new_obj(req, SIM_OBJ_SQ, SIM_SPACE_SQ, 0);
	if (st)
		return st;
	req->created->sq.cq = cq;
	req->created->sq.pd = pd;
	sim_obj_hold(cq);
	sim_obj_hold(pd);
	req->created->sq.state = MLX5_SQC_STATE_RST;
	req->created->sq.log_size = log_size;
	req->created->sq.flush_in_error = GET(sqc, sqc, flush_in_error_en);
	req->created->sq.ring = ring;
	req->created->sq.dbrec = (__be32 *)dbr;
	req->created->sq.uar_page = GET(wq, wq, uar_page);
	SET(create_qnum_out, req->out, num, req->created->id);
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_modify_sq_fields[] = {
	FLD(modify_sq_in, opcode), FLD(modify_sq_in, uid),
	FLD(modify_sq_in, op_mod), FLD(modify_sq_in, sq_state),
	FLD(modify_sq_in, sqn), FLD(modify_sq_in, ctx.state),
};

struct sim_obj *sim_target_modify_sq(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_SQ, GET(modify_sq_in, in, sqn));
}

static bool sim_queue_sq_transition_valid(uint8_t from, uint8_t to)
{
	switch (from) {
	case MLX5_SQC_STATE_RST:
		return to == MLX5_SQC_STATE_RDY;
	case MLX5_SQC_STATE_RDY:
		return to == MLX5_SQC_STATE_RST || to == MLX5_SQC_STATE_ERR;
	case MLX5_SQC_STATE_ERR:
		return to == MLX5_SQC_STATE_RST;
	}
	return false;
}

uint8_t sim_exec_modify_sq(struct sim_req *req)
{
	struct sim_obj *sq = req->target;
	uint8_t from = GET(modify_sq_in, req->in, sq_state);
	uint8_t to = GET(modify_sq_in, req->in, ctx.state);

	if (from != sq->sq.state)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_STATE_ERR,
				      SIM_SYND_SQ_STATE_MISMATCH);
	if (!sim_queue_sq_transition_valid(from, to))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_SQ_BAD_STATE_TRANSITION);
	sq->sq.state = to;
	/* A reset queue starts again at WQE counter 0. */
	if (to == MLX5_SQC_STATE_RST)
		sq->sq.consumer = 0;
	return MLX5_CMD_STAT_OK;
}
