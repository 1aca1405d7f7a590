// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * QUERY_HCA_CAP as firmware answers it: the profile's capability blocks,
 * for this function or, for an E-switch manager, for another one.
 */
#include <string.h>

#include "sim_cmd.h"

const struct sim_field sim_query_hca_cap_fields[] = {
	FLD(query_hca_cap_in, opcode),
	FLD(query_hca_cap_in, uid),
	FLD(query_hca_cap_in, op_mod),
	FLD(query_hca_cap_in, other_function),
	FLD(query_hca_cap_in, ec_vf_function),
	FLD(query_hca_cap_in, function_id_type),
	FLD(query_hca_cap_in, function_id),
};

/*
 * The function another-function query names, as a vport number: function
 * n is the PF (0) or VF n, which is vport n; by vhca_id, the function
 * whose vhca_id it is.  The model has no embedded CPU functions.
 */
static bool sim_caps_other_function(struct sim_req *req, uint16_t *vport)
{
	const struct sim_profile *p = &req->nic->profile;
	uint16_t id = GET(query_hca_cap_in, req->in, function_id);
	uint16_t n;

	if (GET(query_hca_cap_in, req->in, ec_vf_function))
		return false;
	if (!GET(query_hca_cap_in, req->in, function_id_type)) {
		*vport = id;
		return id != SIM_UPLINK_VPORT && sim_vport_exists(p, id);
	}
	for (n = 0; n < p->vports; n++) {
		if (sim_vport_vhca_id(p, n) == id) {
			*vport = n;
			return true;
		}
	}
	return false;
}

/*
 * Check a query for another function before answering it: the caller must
 * manage the E-switch, and the function must exist.  *vf gets the VF's
 * vport, or 0 for the PF itself.
 */
static uint8_t sim_caps_check_other(struct sim_req *req, uint16_t *vf)
{
	const struct sim_profile *p = &req->nic->profile;

	if (!SIM_CAP(p, general, cmd_hca_cap, eswitch_manager))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_OTHER_FUNCTION_NOT_PERMITTED);
	if (GET(query_hca_cap_in, req->in, function_id_type) &&
	    !SIM_CAP(p, general, cmd_hca_cap, function_id_type_vhca_id))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FUNCTION_UNKNOWN);
	if (!sim_caps_other_function(req, vf))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FUNCTION_UNKNOWN);
	return MLX5_CMD_STAT_OK;
}

uint8_t sim_exec_query_hca_cap(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	uint16_t cap_type = GET(query_hca_cap_in, req->in, op_mod) >> 1;
	uint8_t *cap = DEVX_ADDR_OF(query_hca_cap_out, req->out, capability);
	bool other = GET(query_hca_cap_in, req->in, other_function);
	bool esw = SIM_CAP(p, general, cmd_hca_cap, eswitch_manager);
	bool hws = SIM_CAP(p, general, cmd_hca_cap,
			   wqe_based_flow_table_update_cap);
	uint16_t vf = 0;
	uint8_t st;

	if (other) {
		st = sim_caps_check_other(req, &vf);
		if (st)
			return st;
	} else if (GET(query_hca_cap_in, req->in, function_id) ||
		   GET(query_hca_cap_in, req->in, function_id_type) ||
		   GET(query_hca_cap_in, req->in, ec_vf_function)) {
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FUNCTION_UNKNOWN);
	}
	/* a VF manages no E-switch */
	if (vf)
		esw = false;

	switch (cap_type) {
	case MLX5_CAP_GENERAL:
		memcpy(cap, p->general, sizeof(p->general));
		if (vf) {
			SET(cmd_hca_cap, cap, vhca_id,
			    sim_vport_vhca_id(p, vf));
			SET(cmd_hca_cap, cap, eswitch_manager, 0);
		}
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
