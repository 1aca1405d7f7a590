// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* QUERY_HCA_CAP as firmware answers it: the profile's capability blocks. */
#include <string.h>

#include "sim_cmd.h"

const struct sim_field sim_query_hca_cap_fields[] = {
	FLD(query_hca_cap_in, opcode), FLD(query_hca_cap_in, uid),
	FLD(query_hca_cap_in, op_mod), FLD(query_hca_cap_in, other_function),
	FLD(query_hca_cap_in, function_id),
};

uint8_t sim_exec_query_hca_cap(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	uint16_t cap_type = GET(query_hca_cap_in, req->in, op_mod) >> 1;
	bool other = GET(query_hca_cap_in, req->in, other_function);
	uint16_t function = GET(query_hca_cap_in, req->in, function_id);
	uint8_t *cap = DEVX_ADDR_OF(query_hca_cap_out, req->out, capability);
	bool esw = SIM_CAP(p, general, cmd_hca_cap, eswitch_manager);
	bool hws = SIM_CAP(p, general, cmd_hca_cap,
			   wqe_based_flow_table_update_cap);

	if (other) {
		/* Another function: only its general caps, for vhca_id. */
		if (cap_type != MLX5_CAP_GENERAL || !esw ||
		    !sim_vport_exists(p, function) ||
		    function == SIM_UPLINK_VPORT)
			return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					      SIM_SYND_FUNCTION_UNKNOWN);
		memcpy(cap, p->general, sizeof(p->general));
		SET(cmd_hca_cap, cap, vhca_id, sim_vport_vhca_id(p, function));
		return MLX5_CMD_STAT_OK;
	} else if (function) {
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FUNCTION_UNKNOWN);
	}

	switch (cap_type) {
	case MLX5_CAP_GENERAL:
		memcpy(cap, p->general, sizeof(p->general));
		break;
	case MLX5_CAP_GENERAL_2:
		memcpy(cap, p->general2, sizeof(p->general2));
		break;
	case MLX5_CAP_FLOW_TABLE:
		memcpy(cap, p->nic_ft, sizeof(p->nic_ft));
		break;
	case MLX5_CAP_ESWITCH_FLOW_TABLE:
		if (!esw)
			goto unknown;
		memcpy(cap, p->esw_ft, sizeof(p->esw_ft));
		break;
	case MLX5_CAP_ESWITCH:
		if (!esw)
			goto unknown;
		memcpy(cap, p->esw, sizeof(p->esw));
		break;
	case MLX5_CAP_WQE_BASED_FLOW_TABLE:
		if (!hws)
			goto unknown;
		memcpy(cap, p->wqe, sizeof(p->wqe));
		break;
	default:
		goto unknown;
	}
	return MLX5_CMD_STAT_OK;
unknown:
	return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
			      SIM_SYND_UNKNOWN_CAP_TYPE);
}
