// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * GENERATE_WQE: firmware executes, on the caller's behalf, the GTA STE write
 * the command carries, on an RTC created with update_method 1, as the send
 * queue would, and returns the CQE it made of it.  Such an RTC takes no WQE
 * from a send queue (sq.c refuses them).
 */
#include <string.h>

#include "sim_cmd.h"

/* wqe_gta_data_1 carries a range STE's second half: the model has none. */
const struct sim_field sim_generate_wqe_fields[] = {
	FLD(generate_wqe_in, opcode),
	FLD(generate_wqe_in, uid),
	FLD(generate_wqe_in, op_mode),
	FLD(generate_wqe_in, pdn),
	FLD(generate_wqe_in, wqe_ctrl),
	FLD(generate_wqe_in, wqe_gta_ctrl),
	FLD(generate_wqe_in, wqe_gta_data_0),
};

static bool sim_gen_wqe_offered(const struct sim_profile *p)
{
	return SIM_CAP(p, general2, cmd_hca_cap_2, generate_wqe_type) &
	       MLX5_GENERATE_WQE_TYPE_FLOW_UPDATE;
}

bool sim_gen_wqe_rtc_supported(const struct sim_profile *p, uint8_t format,
			       uint8_t num_hash_definer)
{
	uint16_t formats =
		SIM_CAP(p, wqe, wqe_based_flow_table_cap, ste_format_gen_wqe);
	uint8_t max_hash = SIM_CAP(p, wqe, wqe_based_flow_table_cap,
				   rtc_max_num_hash_definer_gen_wqe);

	return sim_gen_wqe_offered(p) && (formats >> format & 1) &&
	       num_hash_definer <= max_hash;
}

/* The CQE firmware returns: as the send queue's, in the command output. */
static void sim_gen_wqe_cqe(struct sim_req *req, enum sim_gta_result res,
			    uint8_t err)
{
	struct prm_cqe64 *cqe =
		(void *)DEVX_ADDR_OF(generate_wqe_out, req->out, cqe_data);
	uint8_t opcode = PRM_CQE_OPCODE_REQ;

	memset(cqe, 0, sizeof(*cqe));
	if (res == SIM_GTA_ERROR) {
		opcode = PRM_CQE_OPCODE_REQ_ERR;
		cqe->syndrome = PRM_CQE_SYNDROME_LOCAL_QP_OP_ERR;
		cqe->vendor_err_synd = err ? err : SIM_WQE_ERR_BAD_STC;
		req->nic->stats.error_cqes++;
	}
	cqe->byte_cnt = htobe32(res == SIM_GTA_FAILED ? PRM_CQE_GTA_FAILED : 0);
	cqe->sop_drop_qpn = htobe32((uint32_t)PRM_OPCODE_TBL_ACCESS << 24);
	cqe->op_own = opcode << 4;
}

/* The WQE as firmware takes it: no WQE index, no SQ, one STE. */
static bool sim_gen_wqe_wellformed(const struct prm_wqe_ctrl_seg *ctrl)
{
	return be32toh(ctrl->opmod_idx_opcode) ==
		       ((uint32_t)PRM_GTA_OPMOD_STE << 24 |
			PRM_OPCODE_TBL_ACCESS) &&
	       be32toh(ctrl->qpn_ds) == PRM_GTA_WQE_DS;
}

uint8_t sim_exec_generate_wqe(struct sim_req *req)
{
	const struct prm_wqe_ctrl_seg *ctrl =
		(const void *)DEVX_ADDR_OF(generate_wqe_in, req->in, wqe_ctrl);
	const struct prm_wqe_gta_ctrl_seg *gta = (const void *)DEVX_ADDR_OF(
		generate_wqe_in, req->in, wqe_gta_ctrl);
	const uint8_t *data =
		DEVX_ADDR_OF(generate_wqe_in, req->in, wqe_gta_data_0);
	struct sim_obj *pd, *rtc, *def;
	enum sim_gta_result res;
	uint8_t st, err = 0;

	if (!sim_gen_wqe_offered(&req->nic->profile))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_OP_ERR,
				      SIM_SYND_GEN_WQE_NOT_SUPPORTED);
	if (GET(generate_wqe_in, req->in, op_mode) ||
	    !sim_gen_wqe_wellformed(ctrl))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_GEN_WQE_BAD_WQE);
	st = sim_cmd_ref_obj(req, SIM_SPACE_PD, SIM_OBJ_PD,
			     GET(generate_wqe_in, req->in, pdn), &pd);
	if (!st)
		st = sim_cmd_ref_obj(req, SIM_SPACE_GENERAL, SIM_OBJ_RTC,
				     be32toh(ctrl->imm), &rtc);
	if (st)
		return st;
	if (!rtc->rtc.fw_update)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_GEN_WQE_RTC_NOT_FW);
	if (rtc->rtc.pd != pd)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_GEN_WQE_PD_MISMATCH);
	if (!sim_sq_dirix_valid(rtc, be32toh(gta->op_dirix)))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_GEN_WQE_BAD_WQE);
	/* firmware reads the definer the STE names before it writes */
	switch (sim_rtc_hash_ste_definer(req->nic, rtc, data, &def)) {
	case SIM_WQE_ERR_NONE:
		break;
	case SIM_WQE_ERR_DEFINER_MISMATCH:
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_GEN_WQE_DEFINER_MISMATCH);
	default:
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_GEN_WQE_BAD_DEFINER);
	}
	req->nic->locks.sq[0].counts.wqes++;
	res = sim_sq_gta_execute(req->nic, rtc, gta, data, &err);
	sim_gen_wqe_cqe(req, res, err);
	return MLX5_CMD_STAT_OK;
}
