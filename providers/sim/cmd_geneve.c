// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* The GENEVE_TLV_OPT general object: the option the flex parser reads. */
#include "sim_cmd.h"

const struct sim_field sim_create_geneve_opt_fields[] = {
	FLD(create_geneve_tlv_option_in, hdr.opcode),
	FLD(create_geneve_tlv_option_in, hdr.uid),
	FLD(create_geneve_tlv_option_in, hdr.obj_type),
	FLD(create_geneve_tlv_option_in, geneve_tlv_opt.option_class),
	FLD(create_geneve_tlv_option_in, geneve_tlv_opt.option_type),
	FLD(create_geneve_tlv_option_in, geneve_tlv_opt.option_data_length),
};

/*
 * The device parses one option (option 0, in the flex parser that
 * flex_parser_id_geneve_tlv_option_0 names): a second object is refused
 * while the first lives, as the kernel's mlx5_geneve keeps one.  An option
 * without data has nothing to match.
 */
uint8_t sim_exec_create_geneve_opt(struct sim_req *req)
{
	const uint8_t *o = DEVX_ADDR_OF(create_geneve_tlv_option_in, req->in,
					geneve_tlv_opt);
	uint8_t len = GET(geneve_tlv_option, o, option_data_length);
	struct sim_geneve_opt *opt;
	uint8_t st;

	if (!len)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_GENEVE_OPT_BAD_LENGTH);
	if (req->nic->geneve_opt)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
				      SIM_SYND_GENEVE_OPT_TAKEN);
	st = sim_cmd_new_obj(req, SIM_OBJ_GENEVE_OPT, SIM_SPACE_GENERAL, 0);
	if (st)
		return st;
	opt = &req->created->geneve_opt;
	opt->opt_class = GET(geneve_tlv_option, o, option_class);
	opt->type = GET(geneve_tlv_option, o, option_type);
	opt->len = len;
	req->nic->geneve_opt = req->created;
	return MLX5_CMD_STAT_OK;
}
