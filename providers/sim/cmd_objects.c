// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* HWS general objects (STE, STC, RTC, definer) as firmware judges them. */
#include <stdlib.h>
#include <string.h>

#include "sim_cmd.h"

static bool is_fdb_type(uint8_t t)
{
	return t == MLX5_FT_TYPE_FDB_RX || t == MLX5_FT_TYPE_FDB_TX;
}

/* Table types of RTC, STE and STC objects. */
static bool obj_table_type_valid(uint8_t t)
{
	return t == MLX5_FT_TYPE_NIC_RX || t == MLX5_FT_TYPE_NIC_TX ||
	       is_fdb_type(t);
}

/* Can an object of table type t point at flow table ft? */
static bool ft_type_matches(uint8_t t, const struct sim_obj *ft)
{
	if (is_fdb_type(t))
		return ft->ft.table_type == MLX5_FT_TYPE_FDB;
	return ft->ft.table_type == t;
}

/* General objects */

#define HDR_FIELDS(typ)                                                        \
	FLD(typ, hdr.opcode), FLD(typ, hdr.uid), FLD(typ, hdr.obj_type),       \
		FLD(typ, hdr.op_param.create.alias_object),                    \
		FLD(typ, hdr.op_param.create.log_obj_range)

struct sim_obj *sim_target_general(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_GENERAL,
			    GET(general_obj_in_cmd_hdr, in, obj_id));
}

uint8_t sim_cmd_check_log_range(struct sim_req *req, bool ranged,
				uint32_t gran, uint32_t max)
{
	uint8_t log = GET(general_obj_in_cmd_hdr, req->in,
			  op_param.create.log_obj_range);

	if (GET(general_obj_in_cmd_hdr, req->in, op_param.create.alias_object))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_ALIAS_NOT_SUPPORTED);
	if (!ranged)
		return log ? sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					    SIM_SYND_LOG_RANGE_NOT_ALLOWED) :
			     MLX5_CMD_STAT_OK;
	if (log > max)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_LOG_RANGE_ABOVE_MAX);
	if (log < gran)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_LOG_RANGE_BELOW_GRANULARITY);
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_create_ste_fields[] = {
	HDR_FIELDS(create_ste_in),
	FLD(create_ste_in, ste.table_type),
};

uint8_t sim_exec_create_ste(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	uint8_t type = GET(create_ste_in, req->in, ste.table_type);
	uint8_t log = GET(create_ste_in, req->in,
			  hdr.op_param.create.log_obj_range);
	struct sim_ste_store store;
	uint8_t st;

	st = sim_cmd_check_log_range(req, true,
			     SIM_CAP(p, wqe, wqe_based_flow_table_cap,
				     ste_alloc_log_granularity),
			     SIM_CAP(p, wqe, wqe_based_flow_table_cap,
				     ste_alloc_log_max));
	if (st)
		return st;
	if (!obj_table_type_valid(type))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_BAD_TABLE_TYPE);
	if (sim_ste_store_init(&store))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
				      SIM_SYND_NONE);
	st = sim_cmd_new_obj(req, SIM_OBJ_STE, SIM_SPACE_GENERAL,
			     (uint64_t)PRM_STE_SIZE << log);
	if (st) {
		sim_ste_store_free(&store);
		return st;
	}
	req->created->ste.store = store;
	req->nic->stats.ste_bytes += sim_ste_store_bytes(&store);
	req->created->ste.table_type = type;
	req->created->ste.log_range = log;
	/* ICM indexes for dumps: consecutive ranges, wrapping in their area */
	if (req->nic->next_ste_icm < SIM_ICM_STE_BASE ||
	    req->nic->next_ste_icm + (1ull << log) > SIM_ICM_DEST_BASE)
		req->nic->next_ste_icm = SIM_ICM_STE_BASE;
	req->created->ste.icm_base = req->nic->next_ste_icm;
	req->nic->next_ste_icm += 1u << log;
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_create_stc_fields[] = {
	HDR_FIELDS(create_stc_in),
	FLD(create_stc_in, stc.table_type),
};

uint8_t sim_exec_create_stc(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	uint8_t type = GET(create_stc_in, req->in, stc.table_type);
	uint8_t log = GET(create_stc_in, req->in,
			  hdr.op_param.create.log_obj_range);
	struct sim_stc_slot *slots;
	uint8_t st;

	st = sim_cmd_check_log_range(req, true,
			     SIM_CAP(p, wqe, wqe_based_flow_table_cap,
				     stc_alloc_log_granularity),
			     SIM_CAP(p, wqe, wqe_based_flow_table_cap,
				     stc_alloc_log_max));
	if (st)
		return st;
	if (!obj_table_type_valid(type))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_BAD_TABLE_TYPE);
	slots = calloc(1u << log, sizeof(*slots));
	if (!slots)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
				      SIM_SYND_NONE);
	st = sim_cmd_new_obj(req, SIM_OBJ_STC, SIM_SPACE_GENERAL,
			     (uint64_t)SIM_STC_ICM_BYTES << log);
	if (st) {
		free(slots);
		return st;
	}
	req->created->stc.table_type = type;
	req->created->stc.log_range = log;
	req->created->stc.slots = slots;
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_modify_stc_fields[] = {
	FLD(create_stc_in, hdr.opcode), FLD(create_stc_in, hdr.uid),
	FLD(create_stc_in, hdr.obj_type), FLD(create_stc_in, hdr.obj_id),
	FLD(create_stc_in, hdr.op_param.query.obj_offset),
	FLD(create_stc_in, stc.modify_field_select),
	FLD(create_stc_in, stc.reparse_mode),
	FLD(create_stc_in, stc.table_type),
	FLD(create_stc_in, stc.ste_action_offset),
	FLD(create_stc_in, stc.action_type),
	FLD(create_stc_in, stc.stc_param),
};

static bool stc_offset_valid(uint8_t action, uint8_t offset)
{
	switch (action) {
	case MLX5_IFC_STC_ACTION_TYPE_NOP:
		return offset == MLX5_IFC_STC_ACTION_OFFSET_CTRL ||
		       offset == MLX5_IFC_STC_ACTION_OFFSET_HIT ||
		       offset >= MLX5_IFC_STC_ACTION_OFFSET_DW5;
	case MLX5_IFC_STC_ACTION_TYPE_COUNTER:
		return offset == MLX5_IFC_STC_ACTION_OFFSET_CTRL;
	case MLX5_IFC_STC_ACTION_TYPE_TAG:
	case MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE:
	case MLX5_IFC_STC_ACTION_TYPE_REMOVE_WORDS:
		/* single actions: one DW of the three */
		return offset >= MLX5_IFC_STC_ACTION_OFFSET_DW5 &&
		       offset <= MLX5_IFC_STC_ACTION_OFFSET_DW7;
	case MLX5_IFC_STC_ACTION_TYPE_SET:
	case MLX5_IFC_STC_ACTION_TYPE_ADD:
	case MLX5_IFC_STC_ACTION_TYPE_COPY:
	case MLX5_IFC_STC_ACTION_TYPE_ADD_FIELD:
	case MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST:
	case MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT:
		/* double actions: DW6 and DW7, whose data DW7 holds */
		return offset == MLX5_IFC_STC_ACTION_OFFSET_DW6;
	default: /* terminal actions take the hit slot */
		return offset == MLX5_IFC_STC_ACTION_OFFSET_HIT;
	}
}

/* Validate an STC action and find the object it names. */
static uint8_t stc_check_action(struct sim_req *req, uint8_t table_type,
				uint8_t action, const uint8_t *param,
				struct sim_obj **target,
				struct sim_obj **target2)
{
	const struct sim_profile *p = &req->nic->profile;
	uint16_t vport;
	uint8_t st;

	*target = *target2 = NULL;
	if (action == MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_STE_TABLE ||
	    sim_rewrite_action(action))
		return sim_stc_check_rewrite(req, table_type, action, param,
					     target, target2);
	switch (action) {
	case MLX5_IFC_STC_ACTION_TYPE_NOP:
	case MLX5_IFC_STC_ACTION_TYPE_DROP:
	case MLX5_IFC_STC_ACTION_TYPE_ALLOW:
		return MLX5_CMD_STAT_OK;
	case MLX5_IFC_STC_ACTION_TYPE_TAG:
		if (table_type == MLX5_FT_TYPE_NIC_RX ||
		    (table_type == MLX5_FT_TYPE_FDB_RX &&
		     SIM_CAP(p, wqe, wqe_based_flow_table_cap,
			     fdb_rx_set_flow_tag_stc)))
			return MLX5_CMD_STAT_OK;
		break;
	case MLX5_IFC_STC_ACTION_TYPE_COUNTER:
		st = sim_cmd_ref_obj(
			req, SIM_SPACE_COUNTER, SIM_OBJ_FLOW_COUNTER,
			GET(stc_ste_param_flow_counter, param, flow_counter_id),
			target);
		return st;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT:
		st = sim_cmd_ref_obj(
			req, SIM_SPACE_FT, SIM_OBJ_FT,
			GET(stc_ste_param_jump_to_ft, param, table_id), target);
		if (st)
			return st;
		if (!ft_type_matches(table_type, *target)) {
			*target = NULL;
			return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					      SIM_SYND_TABLE_TYPE_MISMATCH);
		}
		return MLX5_CMD_STAT_OK;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT:
		if (!is_fdb_type(table_type))
			break;
		vport = GET(stc_ste_param_vport, param, vport_number);
		if (!sim_vport_exists(p, vport) || vport == SIM_UPLINK_VPORT)
			return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					      SIM_SYND_STC_VPORT_UNKNOWN);
		return MLX5_CMD_STAT_OK;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_UPLINK:
		if (is_fdb_type(table_type))
			return MLX5_CMD_STAT_OK;
		break;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_TIR:
		if (table_type != MLX5_FT_TYPE_NIC_RX)
			break;
		return sim_cmd_ref_obj(req, SIM_SPACE_TIR, SIM_OBJ_TIR,
				       GET(stc_ste_param_tir, param, tirn),
				       target);
	}
	return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
			      SIM_SYND_STC_ACTION_NOT_SUPPORTED);
}

uint8_t sim_exec_modify_stc(struct sim_req *req)
{
	struct sim_obj *stc = req->target, *target, *target2;
	const uint8_t *in = req->in;
	uint32_t slot = GET(create_stc_in, in, hdr.op_param.query.obj_offset);
	uint8_t action = GET(create_stc_in, in, stc.action_type);
	uint8_t offset = GET(create_stc_in, in, stc.ste_action_offset);
	const uint8_t *param = DEVX_ADDR_OF(create_stc_in, in, stc.stc_param);
	struct sim_stc_slot *s;
	uint8_t st;

	if (stc->kind != SIM_OBJ_STC)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
				      SIM_SYND_OBJECT_WRONG_TYPE);
	if (slot >= 1u << stc->stc.log_range)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_STC_OFFSET_OUT_OF_RANGE);
	if (DEVX_GET64(create_stc_in, in, stc.modify_field_select) !=
	    MLX5_IFC_MODIFY_STC_FIELD_SELECT_NEW_STC)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_STC_MODIFY_SELECT_INVALID);
	/*
	 * table_type is not modified: it is the STC's, from its create.
	 * NEW_STC does not select it, and the kernel leaves it 0 (which is
	 * NIC_RX) for STCs of every type, so any value is ignored here.
	 */
	if (!sim_stc_action_supported(&req->nic->profile, action))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_STC_ACTION_NOT_SUPPORTED);
	/* 0 IGNORE, 1 NEVER, 2 ALWAYS; 3 is none */
	if (GET(create_stc_in, in, stc.reparse_mode) >
	    MLX5_IFC_STC_REPARSE_ALWAYS)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_STC_PARAM_INVALID);
	if (!stc_offset_valid(action, offset))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_STC_ACTION_OFFSET_INVALID);
	st = stc_check_action(req, stc->stc.table_type, action, param,
			      &target, &target2);
	if (st)
		return st;
	s = &stc->stc.slots[slot];
	sim_obj_release(s->target);
	sim_obj_release(s->target2);
	sim_obj_hold(target);
	sim_obj_hold(target2);
	s->target = target;
	s->target2 = target2;
	s->programmed = true;
	s->action_type = action;
	s->action_offset = offset;
	s->reparse_mode = GET(create_stc_in, in, stc.reparse_mode);
	memcpy(s->param, param, sizeof(s->param));
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_create_definer_fields[] = {
	HDR_FIELDS(create_definer_in),
	FLD(create_definer_in, definer.format_id),
	FLD(create_definer_in, definer.format_select_dw0),
	FLD(create_definer_in, definer.format_select_dw1),
	FLD(create_definer_in, definer.format_select_dw2),
	FLD(create_definer_in, definer.format_select_dw3),
	FLD(create_definer_in, definer.format_select_dw4),
	FLD(create_definer_in, definer.format_select_dw5),
	FLD(create_definer_in, definer.format_select_dw6),
	FLD(create_definer_in, definer.format_select_dw7),
	FLD(create_definer_in, definer.format_select_dw8),
	FLD(create_definer_in, definer.format_select_byte0),
	FLD(create_definer_in, definer.format_select_byte1),
	FLD(create_definer_in, definer.format_select_byte2),
	FLD(create_definer_in, definer.format_select_byte3),
	FLD(create_definer_in, definer.format_select_byte4),
	FLD(create_definer_in, definer.format_select_byte5),
	FLD(create_definer_in, definer.format_select_byte6),
	FLD(create_definer_in, definer.format_select_byte7),
	FLD(create_definer_in, definer.match_mask),
};

/* The HL DWs past this one are not parsed by the device. */
#define SIM_HL_DW_SUPPORTED 150

uint8_t sim_exec_create_definer(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	const uint8_t *d = DEVX_ADDR_OF(create_definer_in, req->in, definer);
	const uint8_t *mask = DEVX_ADDR_OF(definer, d, match_mask);
	uint16_t format = GET(definer, d, format_id);
	bool full_jumbo = SIM_CAP(p, general2, cmd_hca_cap_2,
				  format_select_dw_8_6_ext);
	uint8_t dw[PRM_DEFINER_DW_SELECTORS], byte[PRM_DEFINER_BYTE_SELECTORS];
	struct sim_obj *def;
	uint8_t st;
	int i;

	st = sim_cmd_check_log_range(req, false, 0, 0);
	if (st)
		return st;
	if (format != MLX5_IFC_DEFINER_FORMAT_ID_SELECT ||
	    !(SIM_CAP64(p, general, cmd_hca_cap,
			match_definer_format_supported) >>
	      format & 1))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_DEFINER_FORMAT_NOT_SUPPORTED);
	dw[0] = GET(definer, d, format_select_dw0);
	dw[1] = GET(definer, d, format_select_dw1);
	dw[2] = GET(definer, d, format_select_dw2);
	dw[3] = GET(definer, d, format_select_dw3);
	dw[4] = GET(definer, d, format_select_dw4);
	dw[5] = GET(definer, d, format_select_dw5);
	dw[6] = GET(definer, d, format_select_dw6);
	dw[7] = GET(definer, d, format_select_dw7);
	dw[8] = GET(definer, d, format_select_dw8);
	byte[0] = GET(definer, d, format_select_byte0);
	byte[1] = GET(definer, d, format_select_byte1);
	byte[2] = GET(definer, d, format_select_byte2);
	byte[3] = GET(definer, d, format_select_byte3);
	byte[4] = GET(definer, d, format_select_byte4);
	byte[5] = GET(definer, d, format_select_byte5);
	byte[6] = GET(definer, d, format_select_byte6);
	byte[7] = GET(definer, d, format_select_byte7);

	for (i = 0; i < PRM_DEFINER_DW_SELECTORS; i++) {
		const uint8_t *m = mask + 4 * (8 - i);
		bool used = m[0] | m[1] | m[2] | m[3];

		if (!used)
			continue;
		if (dw[i] >= SIM_HL_DW_SUPPORTED ||
		    (i >= PRM_DEFINER_DW_SELECTORS_MATCH && !full_jumbo &&
		     dw[i] >= 64))
			return sim_cmd_refuse(
				req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				SIM_SYND_DEFINER_SELECTOR_OUT_OF_RANGE);
	}
	if (req->nic->stats.objects[SIM_OBJ_DEFINER] >= SIM_DEFINER_IDS)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
				      SIM_SYND_DEFINER_TABLE_FULL);
	st = sim_cmd_new_obj(req, SIM_OBJ_DEFINER, SIM_SPACE_GENERAL, 0);
	if (st)
		return st;
	def = req->created;
	memcpy(def->definer.dw_sel, dw, sizeof(dw));
	memcpy(def->definer.byte_sel, byte, sizeof(byte));
	memcpy(def->definer.mask, mask, sizeof(def->definer.mask));
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_create_rtc_fields[] = {
	HDR_FIELDS(create_rtc_in),
	FLD(create_rtc_in, rtc.update_index_mode),
	FLD(create_rtc_in, rtc.reparse_mode),
	FLD(create_rtc_in, rtc.num_match_ste),
	FLD(create_rtc_in, rtc.pd),
	FLD(create_rtc_in, rtc.access_index_mode),
	FLD(create_rtc_in, rtc.num_hash_definer),
	FLD(create_rtc_in, rtc.update_method),
	FLD(create_rtc_in, rtc.log_depth),
	FLD(create_rtc_in, rtc.log_hash_size),
	FLD(create_rtc_in, rtc.ste_format_0),
	FLD(create_rtc_in, rtc.table_type),
	FLD(create_rtc_in, rtc.ste_format_1),
	FLD(create_rtc_in, rtc.match_definer_0),
	FLD(create_rtc_in, rtc.stc_id),
	FLD(create_rtc_in, rtc.ste_table_base_id),
	FLD(create_rtc_in, rtc.ste_table_offset),
	FLD(create_rtc_in, rtc.miss_flow_table_id),
	FLD(create_rtc_in, rtc.match_definer_1),
};

uint8_t sim_exec_create_rtc(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	const uint8_t *r = DEVX_ADDR_OF(create_rtc_in, req->in, rtc);
	uint8_t type = GET(rtc, r, table_type);
	uint8_t log_depth = GET(rtc, r, log_depth);
	uint8_t log_hash = GET(rtc, r, log_hash_size);
	uint8_t format = GET(rtc, r, ste_format_0);
	uint8_t update = GET(rtc, r, update_index_mode);
	uint8_t access = GET(rtc, r, access_index_mode);
	uint32_t offset = GET(rtc, r, ste_table_offset);
	uint32_t miss_id = GET(rtc, r, miss_flow_table_id);
	struct sim_obj *pd, *definer, *stc, *ste, *miss = NULL, *rtc;
	uint64_t span;
	uint8_t st;

	st = sim_cmd_check_log_range(req, false, 0, 0);
	if (st)
		return st;
	if (!obj_table_type_valid(type))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_BAD_TABLE_TYPE);
	/*
	 * The model executes insertion by hash and by offset, lookup by hash,
	 * one match STE and one hash definer (num_hash_definer 0 or 1).
	 */
	if ((update != MLX5_IFC_RTC_STE_UPDATE_MODE_BY_HASH &&
	     update != MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET) ||
	    !(SIM_CAP(p, wqe, wqe_based_flow_table_cap, rtc_index_mode) >>
	      update & 1) ||
	    access != MLX5_IFC_RTC_STE_ACCESS_MODE_BY_HASH ||
	    !(SIM_CAP(p, wqe, wqe_based_flow_table_cap, access_index_mode) >>
	      access & 1) ||
	    GET(rtc, r, num_hash_definer) > 1 ||
	    GET(rtc, r, num_match_ste) > 1 || GET(rtc, r, ste_format_1) ||
	    GET(rtc, r, match_definer_1))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RTC_MODE_NOT_SUPPORTED);
	if (!(SIM_CAP(p, wqe, wqe_based_flow_table_cap, rtc_reparse_mode) >>
	      GET(rtc, r, reparse_mode) & 1))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RTC_REPARSE_NOT_SUPPORTED);
	if ((format != MLX5_IFC_RTC_STE_FORMAT_8DW &&
	     format != MLX5_IFC_RTC_STE_FORMAT_11DW) ||
	    !(SIM_CAP(p, wqe, wqe_based_flow_table_cap, ste_format) >> format &
	      1))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RTC_STE_FORMAT_NOT_SUPPORTED);
	/* a hash definer hashes match STEs only (DPDK refuses jumbo too) */
	if (GET(rtc, r, num_hash_definer) &&
	    format != MLX5_IFC_RTC_STE_FORMAT_8DW)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RTC_STE_FORMAT_NOT_SUPPORTED);
	if (GET(rtc, r, update_method) &&
	    !sim_gen_wqe_rtc_supported(p, format,
				       GET(rtc, r, num_hash_definer)))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RTC_FW_UPDATE_NOT_SUPPORTED);
	if (log_depth > SIM_CAP(p, wqe, wqe_based_flow_table_cap,
				rtc_log_depth_max))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RTC_DEPTH_ABOVE_MAX);

	st = sim_cmd_ref_obj(req, SIM_SPACE_PD, SIM_OBJ_PD, GET(rtc, r, pd),
			     &pd);
	/* the trivial definer serves tables written by offset only */
	definer = NULL;
	if (!st && GET(rtc, r, match_definer_0) == SIM_TRIVIAL_DEFINER_ID &&
	    update != MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET)
		st = sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				    SIM_SYND_RTC_MODE_NOT_SUPPORTED);
	else if (!st && GET(rtc, r, match_definer_0) != SIM_TRIVIAL_DEFINER_ID)
		st = sim_cmd_ref_obj(req, SIM_SPACE_GENERAL, SIM_OBJ_DEFINER,
				     GET(rtc, r, match_definer_0), &definer);
	if (!st)
		st = sim_cmd_ref_obj(req, SIM_SPACE_GENERAL, SIM_OBJ_STC,
				     GET(rtc, r, stc_id), &stc);
	if (!st)
		st = sim_cmd_ref_obj(req, SIM_SPACE_GENERAL, SIM_OBJ_STE,
				     GET(rtc, r, ste_table_base_id), &ste);
	if (!st && miss_id)
		st = sim_cmd_ref_obj(req, SIM_SPACE_FT, SIM_OBJ_FT, miss_id,
				     &miss);
	if (st)
		return st;
	if (stc->stc.table_type != type || ste->ste.table_type != type ||
	    (miss && !ft_type_matches(type, miss)))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TABLE_TYPE_MISMATCH);
	span = 1ull << (log_hash + log_depth);
	if (log_hash + log_depth > 32 ||
	    offset + span > 1ull << ste->ste.log_range)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RTC_RANGE_OUTSIDE_STE);

	st = sim_cmd_new_obj(req, SIM_OBJ_RTC, SIM_SPACE_GENERAL, 0);
	if (st)
		return st;
	rtc = req->created;
	rtc->rtc.table_type = type;
	rtc->rtc.log_hash_size = log_hash;
	rtc->rtc.log_depth = log_depth;
	rtc->rtc.ste_format = format;
	rtc->rtc.update_mode = update;
	rtc->rtc.reparse_mode = GET(rtc, r, reparse_mode);
	rtc->rtc.hash_definer = GET(rtc, r, num_hash_definer);
	rtc->rtc.fw_update = GET(rtc, r, update_method);
	rtc->rtc.ste_offset = offset;
	rtc->rtc.pd = pd;
	rtc->rtc.definer = definer;
	rtc->rtc.stc = stc;
	rtc->rtc.ste = ste;
	rtc->rtc.miss_ft = miss;
	sim_obj_hold(pd);
	sim_obj_hold(definer);
	sim_obj_hold(stc);
	sim_obj_hold(ste);
	sim_obj_hold(miss);
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_destroy_general_fields[] = {
	FLD(general_obj_in_cmd_hdr, opcode), FLD(general_obj_in_cmd_hdr, uid),
	FLD(general_obj_in_cmd_hdr, obj_type),
	FLD(general_obj_in_cmd_hdr, obj_id),
};

static enum sim_obj_kind kind_of_obj_type(uint16_t obj_type)
{
	switch (obj_type) {
	case MLX5_OBJ_TYPE_STE:
		return SIM_OBJ_STE;
	case MLX5_OBJ_TYPE_STC:
		return SIM_OBJ_STC;
	case MLX5_OBJ_TYPE_RTC:
		return SIM_OBJ_RTC;
	case MLX5_OBJ_TYPE_MODIFY_HDR_PATTERN:
		return SIM_OBJ_PATTERN;
	case MLX5_OBJ_TYPE_HEADER_MODIFY_ARGUMENT:
		return SIM_OBJ_ARG;
	case MLX5_OBJ_TYPE_GENEVE_TLV_OPT:
		return SIM_OBJ_GENEVE_OPT;
	default:
		return SIM_OBJ_DEFINER;
	}
}

uint8_t sim_exec_destroy_general(struct sim_req *req)
{
	uint16_t type = GET(general_obj_in_cmd_hdr, req->in, obj_type);

	if (req->target->kind != kind_of_obj_type(type))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
				      SIM_SYND_OBJECT_WRONG_TYPE);
	return sim_cmd_destroy_unused(req);
}
