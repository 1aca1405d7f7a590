// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Rewrite objects as firmware judges them: MODIFY_HEADER_PATTERN (0x43),
 * HEADER_MODIFY_ARGUMENT (0x23) and the MOD_ARG WQEs that fill an ARG, and
 * the stc_param of the STCs that name them (shared/prm/actions.md).
 *
 * ARG ids are aligned to the object's range (their own id space), so that
 * the absolute index of a MOD_ARG WQE, id + entry, names one entry of one
 * object.  A pattern takes 512 bytes of device memory (its 64 actions'
 * room), an ARG 64 bytes per entry.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_cmd.h"

#define PAT_HDR_FIELDS(typ)                                              \
	FLD(typ, hdr.opcode), FLD(typ, hdr.uid), FLD(typ, hdr.obj_type), \
		FLD(typ, hdr.op_param.create.alias_object),              \
		FLD(typ, hdr.op_param.create.log_obj_range)

#define SIM_PATTERN_ICM_BYTES (PRM_MAX_PATTERN_ACTIONS * PRM_MODIFY_ACTION_SIZE)
/* Anchor fields are 6 bits; the device knows anchors below this one. */
#define SIM_ANCHOR_MAX 0x26

static uint8_t sim_pat_bad(struct sim_req *req, uint32_t synd)
{
	return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR, synd);
}

/* A field id and the bits [off, off + len) of it that an action names. */
static uint8_t sim_pat_check_field(struct sim_req *req, uint32_t id,
				   uint32_t off, uint32_t len)
{
	unsigned int width = sim_modify_field_width(id);

	if (!width)
		return sim_pat_bad(req, SIM_SYND_MODIFY_FIELD_UNKNOWN);
	if (off + len > width)
		return sim_pat_bad(req, SIM_SYND_MODIFY_FIELD_RANGE);
	return MLX5_CMD_STAT_OK;
}

static uint8_t sim_pat_check_anchor(struct sim_req *req, uint32_t anchor)
{
	return anchor < SIM_ANCHOR_MAX ?
		       MLX5_CMD_STAT_OK :
		       sim_pat_bad(req, SIM_SYND_REFORMAT_ANCHOR_INVALID);
}

/*
 * One 8-byte action, in a pattern or as an STC's parameter.  An insert in
 * a pattern takes the 4 bytes of its argument slot's DW1 (actions.md 1.6).
 */
static uint8_t sim_pat_check_action(struct sim_req *req, const uint8_t *act,
				    bool in_pattern)
{
	uint32_t type = DEVX_GET(set_action_in, act, action_type);
	uint32_t len = DEVX_GET(set_action_in, act, length);
	uint32_t src, dst, soff, doff;
	uint8_t st;

	len = len ? len : 32;
	switch (type) {
	case MLX5_MODIFICATION_TYPE_SET:
	case MLX5_MODIFICATION_TYPE_ADD:
		return sim_pat_check_field(req,
					   DEVX_GET(set_action_in, act, field),
					   DEVX_GET(set_action_in, act, offset),
					   len);
	case MLX5_MODIFICATION_TYPE_COPY:
	case MLX5_MODIFICATION_TYPE_ADD_FIELD:
		src = DEVX_GET(copy_action_in, act, src_field);
		dst = DEVX_GET(copy_action_in, act, dst_field);
		soff = DEVX_GET(copy_action_in, act, src_offset);
		doff = DEVX_GET(copy_action_in, act, dst_offset);
		st = sim_pat_check_field(req, src, soff, len);
		if (!st)
			st = sim_pat_check_field(req, dst, doff, len);
		if (st)
			return st;
		/* a field onto an overlapping part of itself */
		if (src == dst && soff < doff + len && doff < soff + len)
			return sim_pat_bad(req, SIM_SYND_MODIFY_COPY_OVERLAP);
		return MLX5_CMD_STAT_OK;
	case MLX5_MODIFICATION_TYPE_INSERT:
		/* in a pattern: the 4 bytes of the argument slot's DW1 */
		if (!DEVX_GET(stc_ste_param_insert, act, insert_size) ||
		    (in_pattern &&
		     (!DEVX_GET(stc_ste_param_insert, act, inline_data) ||
		      DEVX_GET(stc_ste_param_insert, act, insert_size) != 2)))
			return sim_pat_bad(req, SIM_SYND_REFORMAT_SIZE_INVALID);
		return sim_pat_check_anchor(req, DEVX_GET(stc_ste_param_insert,
							  act, insert_anchor));
	case MLX5_MODIFICATION_TYPE_REMOVE:
		st = sim_pat_check_anchor(req,
					  DEVX_GET(stc_ste_param_remove, act,
						   remove_start_anchor));
		if (!st)
			st = sim_pat_check_anchor(
				req, DEVX_GET(stc_ste_param_remove, act,
					      remove_end_anchor));
		return st;
	case MLX5_MODIFICATION_TYPE_REMOVE_WORDS:
		if (!DEVX_GET(stc_ste_param_remove_words, act, remove_size))
			return sim_pat_bad(req, SIM_SYND_REFORMAT_SIZE_INVALID);
		return sim_pat_check_anchor(req,
					    DEVX_GET(stc_ste_param_remove_words,
						     act, remove_start_anchor));
	case MLX5_MODIFICATION_TYPE_NOP:
		return MLX5_CMD_STAT_OK;
	default: /* 0 and 9.. are no action */
		return sim_pat_bad(req, SIM_SYND_MODIFY_ACTION_TYPE_INVALID);
	}
}

/* MODIFY_HEADER_PATTERN */

const struct sim_field sim_create_pattern_fields[] = {
	PAT_HDR_FIELDS(create_header_modify_pattern_in),
	FLD(create_header_modify_pattern_in, pattern.pattern_length),
	FLD(create_header_modify_pattern_in, pattern.pattern_data),
};

uint8_t sim_exec_create_pattern(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	const uint8_t *data = DEVX_ADDR_OF(create_header_modify_pattern_in,
					   req->in, pattern.pattern_data);
	uint32_t len = GET(create_header_modify_pattern_in, req->in,
			   pattern.pattern_length);
	uint32_t max = SIM_CAP(p, wqe, wqe_based_flow_table_cap,
			       max_header_modify_pattern_length);
	uint8_t *actions;
	uint32_t k;
	uint8_t st;

	st = sim_cmd_check_log_range(req, false, 0, 0);
	if (st)
		return st;
	if (!len || len > max || len > PRM_MAX_PATTERN_ACTIONS)
		return sim_pat_bad(req, SIM_SYND_PATTERN_LENGTH_INVALID);
	for (k = 0; k < len; k++) {
		st = sim_pat_check_action(
			req, data + k * PRM_MODIFY_ACTION_SIZE, true);
		if (st)
			return st;
	}
	actions = malloc(len * PRM_MODIFY_ACTION_SIZE);
	if (!actions)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
				      SIM_SYND_NONE);
	st = sim_cmd_new_obj(req, SIM_OBJ_PATTERN, SIM_SPACE_GENERAL,
			     SIM_PATTERN_ICM_BYTES);
	if (st) {
		free(actions);
		return st;
	}
	memcpy(actions, data, len * PRM_MODIFY_ACTION_SIZE);
	req->created->pattern.len = len;
	req->created->pattern.actions = actions;
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_query_pattern_fields[] = {
	FLD(general_obj_in_cmd_hdr, opcode),
	FLD(general_obj_in_cmd_hdr, uid),
	FLD(general_obj_in_cmd_hdr, obj_type),
	FLD(general_obj_in_cmd_hdr, obj_id),
};

/* The output: the header, then the pattern as it was created. */
uint8_t sim_exec_query_pattern(struct sim_req *req)
{
	const struct sim_obj *pat = req->target;
	uint8_t *out = req->out + DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr);

	if (pat->kind != SIM_OBJ_PATTERN)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
				      SIM_SYND_OBJECT_WRONG_TYPE);
	SET(header_modify_pattern_in, out, pattern_length, pat->pattern.len);
	memcpy(DEVX_ADDR_OF(header_modify_pattern_in, out, pattern_data),
	       pat->pattern.actions, pat->pattern.len * PRM_MODIFY_ACTION_SIZE);
	return MLX5_CMD_STAT_OK;
}

/* HEADER_MODIFY_ARGUMENT */

const struct sim_field sim_create_arg_fields[] = {
	PAT_HDR_FIELDS(create_modify_header_arg_in),
	FLD(create_modify_header_arg_in, arg.access_pd),
};

uint8_t sim_exec_create_arg(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	uint32_t gran = SIM_CAP(p, general, cmd_hca_cap,
				log_header_modify_argument_granularity);
	uint32_t gran_off =
		SIM_CAP(p, general, cmd_hca_cap,
			log_header_modify_argument_granularity_offset);
	uint8_t log = GET(create_modify_header_arg_in, req->in,
			  hdr.op_param.create.log_obj_range);
	uint32_t *next = &req->nic->next_id[SIM_SPACE_ARG];
	struct sim_obj *pd, *arg;
	uint8_t *data;
	uint8_t st;

	st = sim_cmd_check_log_range(
		req, true, gran > gran_off ? gran - gran_off : 0,
		SIM_CAP(p, general, cmd_hca_cap,
			log_header_modify_argument_max_alloc));
	if (st)
		return st;
	pd = sim_obj_find(req->nic, SIM_SPACE_PD,
			  GET(create_modify_header_arg_in, req->in,
			      arg.access_pd));
	if (!pd || pd->uid != req->ctx->uid)
		return sim_pat_bad(req, SIM_SYND_ARG_PD_UNKNOWN);
	data = calloc(1, (size_t)PRM_ARG_ENTRY_SIZE << log);
	if (!data)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
				      SIM_SYND_NONE);
	/* the id space's next id, aligned to the range */
	*next = (*next + (1u << log) - 1) & ~((1u << log) - 1);
	st = sim_cmd_new_obj(req, SIM_OBJ_ARG, SIM_SPACE_ARG,
			     (uint64_t)PRM_ARG_ENTRY_SIZE << log);
	if (st) {
		free(data);
		return st;
	}
	*next += (1u << log) - 1;
	arg = req->created;
	arg->arg.log_range = log;
	arg->arg.data = data;
	arg->arg.pd = pd;
	sim_obj_hold(pd);
	return MLX5_CMD_STAT_OK;
}

struct sim_obj *sim_target_arg(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_ARG,
			    GET(general_obj_in_cmd_hdr, in, obj_id));
}

struct sim_obj *sim_arg_find(struct sim_nic *nic, uint32_t index,
			     uint32_t *entry)
{
	unsigned int log;

	for (log = 0; log < 32; log++) {
		uint32_t base = index & ~((1ull << log) - 1);
		struct sim_obj *arg = sim_obj_find(nic, SIM_SPACE_ARG, base);

		if (arg && arg->arg.log_range == log) {
			*entry = index - base;
			return arg;
		}
	}
	return NULL;
}

uint8_t sim_arg_write(struct sim_nic *nic, struct sim_obj *sq, uint32_t index,
		      const uint8_t *data)
{
	struct sim_obj *arg;
	uint32_t entry;

	arg = sim_arg_find(nic, index, &entry);
	if (!arg || arg->uid != sq->uid)
		return SIM_WQE_ERR_BAD_ARG;
	/* the SQ writes through its PD: the ARG's access PD */
	if (arg->arg.pd != sq->sq.pd)
		return SIM_WQE_ERR_PD_MISMATCH;
	memcpy(arg->arg.data + (size_t)entry * PRM_ARG_ENTRY_SIZE, data,
	       PRM_ARG_ENTRY_SIZE);
	return SIM_WQE_ERR_NONE;
}

/* The STCs of rewrites and of a jump to an action-STE table */

/* An insert's header must fit the ARG's entries. */
static uint8_t sim_pat_check_insert(struct sim_req *req, const uint8_t *param,
				    struct sim_obj **arg)
{
	uint32_t words = DEVX_GET(stc_ste_param_insert, param, insert_size);
	uint8_t st = sim_pat_check_action(req, param, false);

	if (st)
		return st;
	if (DEVX_GET(stc_ste_param_insert, param, inline_data)) {
		/* the 4 bytes of the STE's DW7, and no ARG */
		if (words != 2 ||
		    DEVX_GET(stc_ste_param_insert, param, insert_argument))
			return sim_pat_bad(req, SIM_SYND_REFORMAT_SIZE_INVALID);
		return MLX5_CMD_STAT_OK;
	}
	st = sim_cmd_ref_obj(
		req, SIM_SPACE_ARG, SIM_OBJ_ARG,
		DEVX_GET(stc_ste_param_insert, param, insert_argument), arg);
	if (st)
		return st;
	if (2u * words > (uint64_t)PRM_ARG_ENTRY_SIZE
				 << (*arg)->arg.log_range) {
		*arg = NULL;
		return sim_pat_bad(req, SIM_SYND_REFORMAT_SIZE_INVALID);
	}
	return MLX5_CMD_STAT_OK;
}

uint8_t sim_stc_check_rewrite(struct sim_req *req, uint8_t table_type,
			      uint8_t action, const uint8_t *param,
			      struct sim_obj **target, struct sim_obj **target2)
{
	uint32_t type = DEVX_GET(set_action_in, param, action_type);
	struct sim_obj *ste;
	uint32_t def;
	uint8_t st;

	switch (action) {
	case MLX5_IFC_STC_ACTION_TYPE_SET:
	case MLX5_IFC_STC_ACTION_TYPE_ADD:
	case MLX5_IFC_STC_ACTION_TYPE_COPY:
	case MLX5_IFC_STC_ACTION_TYPE_ADD_FIELD:
		/* the 8-byte action's own type must be the STC's */
		if ((action == MLX5_IFC_STC_ACTION_TYPE_SET &&
		     type != MLX5_MODIFICATION_TYPE_SET) ||
		    (action == MLX5_IFC_STC_ACTION_TYPE_ADD &&
		     type != MLX5_MODIFICATION_TYPE_ADD) ||
		    (action == MLX5_IFC_STC_ACTION_TYPE_COPY &&
		     type != MLX5_MODIFICATION_TYPE_COPY) ||
		    (action == MLX5_IFC_STC_ACTION_TYPE_ADD_FIELD &&
		     type != MLX5_MODIFICATION_TYPE_ADD_FIELD))
			return sim_pat_bad(req, SIM_SYND_STC_PARAM_INVALID);
		return sim_pat_check_action(req, param, false);
	case MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST:
		st = sim_cmd_ref_obj(req, SIM_SPACE_GENERAL, SIM_OBJ_PATTERN,
				     DEVX_GET(stc_ste_param_header_modify_list,
					      param, header_modify_pattern_id),
				     target);
		if (!st)
			st = sim_cmd_ref_obj(
				req, SIM_SPACE_ARG, SIM_OBJ_ARG,
				DEVX_GET(stc_ste_param_header_modify_list,
					 param, header_modify_argument_id),
				target2);
		if (st)
			*target = *target2 = NULL;
		return st;
	case MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT:
		if (type != MLX5_MODIFICATION_TYPE_INSERT)
			return sim_pat_bad(req, SIM_SYND_STC_PARAM_INVALID);
		return sim_pat_check_insert(req, param, target2);
	case MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE:
		if (type != MLX5_MODIFICATION_TYPE_REMOVE)
			return sim_pat_bad(req, SIM_SYND_STC_PARAM_INVALID);
		return sim_pat_check_action(req, param, false);
	case MLX5_IFC_STC_ACTION_TYPE_REMOVE_WORDS:
		if (type != MLX5_MODIFICATION_TYPE_REMOVE_WORDS)
			return sim_pat_bad(req, SIM_SYND_STC_PARAM_INVALID);
		return sim_pat_check_action(req, param, false);
	default: /* JUMP_TO_STE_TABLE */
		st = sim_cmd_ref_obj(req, SIM_SPACE_GENERAL, SIM_OBJ_STE,
				     DEVX_GET(stc_ste_param_ste_table, param,
					      ste_obj_id),
				     &ste);
		if (st)
			return st;
		if (ste->ste.table_type != table_type)
			return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					      SIM_SYND_TABLE_TYPE_MISMATCH);
		def = DEVX_GET(stc_ste_param_ste_table, param,
			       match_definer_id);
		if (def != SIM_TRIVIAL_DEFINER_ID) {
			st = sim_cmd_ref_obj(req, SIM_SPACE_GENERAL,
					     SIM_OBJ_DEFINER, def, target2);
			if (st)
				return st;
		}
		*target = ste;
		return MLX5_CMD_STAT_OK;
	}
}
