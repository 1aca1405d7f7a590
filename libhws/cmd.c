// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

#define SET(typ, p, fld, v) DEVX_SET(typ, p, fld, v)
#define GET(typ, p, fld) DEVX_GET(typ, p, fld)

static const char *cmd_status_name(uint8_t status)
{
	switch (status) {
	case MLX5_CMD_STAT_OK: return "OK";
	case MLX5_CMD_STAT_INT_ERR: return "INT_ERR";
	case MLX5_CMD_STAT_BAD_OP_ERR: return "BAD_OP";
	case MLX5_CMD_STAT_BAD_PARAM_ERR: return "BAD_PARAM";
	case MLX5_CMD_STAT_BAD_SYS_STATE_ERR: return "BAD_SYS_STATE";
	case MLX5_CMD_STAT_BAD_RES_ERR: return "BAD_RES";
	case MLX5_CMD_STAT_RES_BUSY: return "RES_BUSY";
	case MLX5_CMD_STAT_LIM_ERR: return "LIM";
	case MLX5_CMD_STAT_BAD_RES_STATE_ERR: return "BAD_RES_STATE";
	case MLX5_CMD_STAT_IX_ERR: return "IX";
	case MLX5_CMD_STAT_NO_RES_ERR: return "NO_RES";
	case MLX5_CMD_STAT_BAD_QP_STATE_ERR: return "BAD_QP_STATE";
	case MLX5_CMD_STAT_BAD_PKT_ERR: return "BAD_PKT";
	case MLX5_CMD_STAT_BAD_SIZE_OUTS_CQES_ERR: return "BAD_SIZE_OUTS_CQES";
	case MLX5_CMD_STAT_BAD_INP_LEN_ERR: return "BAD_INP_LEN";
	case MLX5_CMD_STAT_BAD_OUTP_LEN_ERR: return "BAD_OUTP_LEN";
	}
	return "UNKNOWN";
}

static const char *opcode_name(uint16_t opcode)
{
	switch (opcode) {
	case MLX5_CMD_OP_QUERY_HCA_CAP: return "QUERY_HCA_CAP";
	case MLX5_CMD_OP_CREATE_CQ: return "CREATE_CQ";
	case MLX5_CMD_OP_DESTROY_CQ: return "DESTROY_CQ";
	case MLX5_CMD_OP_ALLOC_PD: return "ALLOC_PD";
	case MLX5_CMD_OP_DEALLOC_PD: return "DEALLOC_PD";
	case MLX5_CMD_OP_CREATE_SQ: return "CREATE_SQ";
	case MLX5_CMD_OP_MODIFY_SQ: return "MODIFY_SQ";
	case MLX5_CMD_OP_DESTROY_SQ: return "DESTROY_SQ";
	case MLX5_CMD_OP_CREATE_FLOW_TABLE: return "CREATE_FLOW_TABLE";
	case MLX5_CMD_OP_DESTROY_FLOW_TABLE: return "DESTROY_FLOW_TABLE";
	case MLX5_CMD_OP_QUERY_FLOW_TABLE: return "QUERY_FLOW_TABLE";
	case MLX5_CMD_OP_MODIFY_FLOW_TABLE: return "MODIFY_FLOW_TABLE";
	case MLX5_CMD_OP_ALLOC_FLOW_COUNTER: return "ALLOC_FLOW_COUNTER";
	case MLX5_CMD_OP_DEALLOC_FLOW_COUNTER: return "DEALLOC_FLOW_COUNTER";
	case MLX5_CMD_OP_QUERY_FLOW_COUNTER: return "QUERY_FLOW_COUNTER";
	case MLX5_CMD_OP_CREATE_GENERAL_OBJECT: return "CREATE_GENERAL_OBJECT";
	case MLX5_CMD_OP_MODIFY_GENERAL_OBJECT: return "MODIFY_GENERAL_OBJECT";
	case MLX5_CMD_OP_QUERY_GENERAL_OBJECT: return "QUERY_GENERAL_OBJECT";
	case MLX5_CMD_OP_DESTROY_GENERAL_OBJECT: return "DESTROY_GENERAL_OBJECT";
	case MLX5_CMD_OP_CREATE_FLOW_GROUP: return "CREATE_FLOW_GROUP";
	case MLX5_CMD_OP_DESTROY_FLOW_GROUP: return "DESTROY_FLOW_GROUP";
	case MLX5_CMD_OP_SET_FLOW_TABLE_ENTRY: return "SET_FLOW_TABLE_ENTRY";
	case MLX5_CMD_OP_DELETE_FLOW_TABLE_ENTRY: return "DELETE_FLOW_TABLE_ENTRY";
	case MLX5_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT: return "ALLOC_PACKET_REFORMAT_CONTEXT";
	case MLX5_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT: return "DEALLOC_PACKET_REFORMAT_CONTEXT";
	case MLX5_CMD_OP_GENERATE_WQE: return "GENERATE_WQE";
	}
	return "UNKNOWN_COMMAND";
}

static const char *obj_type_name(uint16_t opcode, uint16_t op_mod)
{
	if (opcode < MLX5_CMD_OP_CREATE_GENERAL_OBJECT ||
	    opcode > MLX5_CMD_OP_DESTROY_GENERAL_OBJECT)
		return "";
	switch (op_mod) {
	case MLX5_OBJ_TYPE_RTC: return "(RTC)";
	case MLX5_OBJ_TYPE_STC: return "(STC)";
	case MLX5_OBJ_TYPE_STE: return "(STE)";
	case MLX5_OBJ_TYPE_MATCH_DEFINER: return "(DEFINER)";
	case MLX5_OBJ_TYPE_GENEVE_TLV_OPT:
		return "(GENEVE_TLV_OPT)";
	}
	return "(?)";
}

/* Turn a seam result into the library's error, logging a device refusal. */
static int cmd_result(int err, const void *in, const void *out)
{
	uint16_t opcode, op_mod;

	if (!err)
		return 0;
	opcode = GET(mbox_in, in, opcode);
	op_mod = GET(mbox_in, in, op_mod);
	if (err == EREMOTEIO) {
		uint8_t status = GET(mbox_out, out, status);

		hws_err("%s%s (0x%x) failed: status %s (0x%x), syndrome 0x%x",
			opcode_name(opcode), obj_type_name(opcode, op_mod),
			opcode,
			cmd_status_name(status), status,
			GET(mbox_out, out, syndrome));
	} else {
		hws_err("%s%s (0x%x) failed: %s", opcode_name(opcode),
			obj_type_name(opcode, op_mod), opcode, strerror(err));
	}
	return err;
}

static int obj_create(struct hws_dev *dev, const void *in, size_t inlen,
		      void *out, size_t outlen, struct hws_obj *obj)
{
	obj->devx = dev->ops->obj_create(dev, in, inlen, out, outlen);
	if (!obj->devx)
		return cmd_result(errno ? errno : EIO, in, out);
	return 0;
}

int hws_cmd_obj_create(struct hws_dev *dev, const void *in, size_t inlen,
		       void *out, size_t outlen, struct hws_obj *obj)
{
	return obj_create(dev, in, inlen, out, outlen, obj);
}

static int obj_modify(struct hws_obj *obj, const void *in, size_t inlen,
		      void *out, size_t outlen)
{
	return cmd_result(obj->devx->dev->ops->obj_modify(obj->devx, in, inlen,
							  out, outlen),
			  in, out);
}

int hws_cmd_destroy(struct hws_obj *obj)
{
	int err;

	if (!obj->devx)
		return 0;
	err = obj->devx->dev->ops->obj_destroy(obj->devx);
	if (err) {
		hws_err("destroying device object 0x%x failed: %s", obj->id,
			strerror(err));
		return err;
	}
	obj->devx = NULL;
	obj->id = 0;
	return 0;
}

int hws_cmd_query_caps(struct hws_dev *dev, uint8_t cap_type,
		       bool other_function, uint16_t function_id, void *cap)
{
	uint8_t in[DEVX_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(query_hca_cap_out)];
	int err;

	SET(query_hca_cap_in, in, opcode, MLX5_CMD_OP_QUERY_HCA_CAP);
	SET(query_hca_cap_in, in, op_mod,
	    cap_type << 1 | MLX5_HCA_CAP_OPMOD_GET_CUR);
	SET(query_hca_cap_in, in, other_function, other_function);
	SET(query_hca_cap_in, in, function_id, function_id);
	err = cmd_result(dev->ops->general_cmd(dev, in, sizeof(in), out,
					       sizeof(out)),
			 in, out);
	if (!err)
		memcpy(cap, DEVX_ADDR_OF(query_hca_cap_out, out, capability),
		       DEVX_FLD_SZ_BYTES(query_hca_cap_out, capability));
	return err;
}

int hws_cmd_alloc_pd(struct hws_dev *dev, struct hws_obj *pd)
{
	uint8_t in[DEVX_ST_SZ_BYTES(alloc_pd_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(alloc_pd_out)] = { 0 };
	int err;

	SET(alloc_pd_in, in, opcode, MLX5_CMD_OP_ALLOC_PD);
	err = obj_create(dev, in, sizeof(in), out, sizeof(out), pd);
	if (!err)
		pd->id = GET(alloc_pd_out, out, pd);
	return err;
}

int hws_cmd_cq_create(struct hws_dev *dev, const struct hws_cmd_cq_attr *attr,
		      struct hws_obj *cq)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_cq_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(create_qnum_out)] = { 0 };
	void *cqc = DEVX_ADDR_OF(create_cq_in, in, cq_context);
	int err;

	SET(create_cq_in, in, opcode, MLX5_CMD_OP_CREATE_CQ);
	SET(cqc, cqc, cqe_sz, 0); /* 64-byte CQEs */
	SET(cqc, cqc, log_cq_size, attr->log_size);
	SET(cqc, cqc, c_eqn_or_apu_element, attr->eqn);
	SET(cqc, cqc, uar_page, attr->uar_page);
	SET(cqc, cqc, dbr_umem_valid, 1);
	SET(cqc, cqc, dbr_umem_id, attr->dbr_umem_id);
	DEVX_SET64(cqc, cqc, dbr_addr, attr->dbr_offset);
	SET(create_cq_in, in, cq_umem_valid, 1);
	SET(create_cq_in, in, cq_umem_id, attr->umem_id);
	DEVX_SET64(create_cq_in, in, cq_umem_offset, attr->umem_offset);
	err = obj_create(dev, in, sizeof(in), out, sizeof(out), cq);
	if (!err)
		cq->id = GET(create_qnum_out, out, num);
	return err;
}

int hws_cmd_sq_create(struct hws_dev *dev, const struct hws_cmd_sq_attr *attr,
		      struct hws_obj *sq)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_sq_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(create_qnum_out)] = { 0 };
	void *sqc = DEVX_ADDR_OF(create_sq_in, in, ctx);
	void *wq = DEVX_ADDR_OF(sqc, sqc, wq);
	int err;

	SET(create_sq_in, in, opcode, MLX5_CMD_OP_CREATE_SQ);
	SET(sqc, sqc, flush_in_error_en, 1);
	SET(sqc, sqc, non_wire, 1);
	SET(sqc, sqc, state, MLX5_SQC_STATE_RST);
	SET(sqc, sqc, ts_format, attr->ts_format);
	SET(sqc, sqc, cqn, attr->cqn);
	SET(wq, wq, wq_type, MLX5_WQ_TYPE_CYCLIC);
	SET(wq, wq, pd, attr->pdn);
	SET(wq, wq, uar_page, attr->uar_page);
	SET(wq, wq, log_wq_stride, 6);
	SET(wq, wq, log_wq_sz, attr->log_size);
	SET(wq, wq, dbr_umem_valid, 1);
	SET(wq, wq, wq_umem_valid, 1);
	SET(wq, wq, dbr_umem_id, attr->dbr_umem_id);
	DEVX_SET64(wq, wq, dbr_addr, attr->dbr_offset);
	SET(wq, wq, wq_umem_id, attr->umem_id);
	DEVX_SET64(wq, wq, wq_umem_offset, attr->umem_offset);
	err = obj_create(dev, in, sizeof(in), out, sizeof(out), sq);
	if (!err)
		sq->id = GET(create_qnum_out, out, num);
	return err;
}

int hws_cmd_sq_modify_state(struct hws_obj *sq, uint8_t from, uint8_t to)
{
	uint8_t in[DEVX_ST_SZ_BYTES(modify_sq_in)] = { 0 };
	uint8_t out[16] = { 0 };

	SET(modify_sq_in, in, opcode, MLX5_CMD_OP_MODIFY_SQ);
	SET(modify_sq_in, in, sq_state, from);
	SET(modify_sq_in, in, sqn, sq->id);
	SET(modify_sq_in, in, ctx.state, to);
	return obj_modify(sq, in, sizeof(in), out, sizeof(out));
}

int hws_cmd_ft_create(struct hws_dev *dev, uint8_t table_type, uint8_t level,
		      struct hws_obj *ft)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(create_flow_table_out)] = { 0 };
	void *ftc = DEVX_ADDR_OF(create_flow_table_in, in, flow_table_context);
	int err;

	SET(create_flow_table_in, in, opcode, MLX5_CMD_OP_CREATE_FLOW_TABLE);
	SET(create_flow_table_in, in, table_type, table_type);
	SET(flow_table_context, ftc, rtc_valid, 1);
	SET(flow_table_context, ftc, level, level);
	err = obj_create(dev, in, sizeof(in), out, sizeof(out), ft);
	if (!err)
		ft->id = GET(create_flow_table_out, out, table_id);
	return err;
}

static int ft_modify(struct hws_obj *ft, uint8_t table_type, uint16_t select,
		     uint32_t rtc_0, uint32_t rtc_1, uint32_t miss_ft_id)
{
	uint8_t in[DEVX_ST_SZ_BYTES(modify_flow_table_in)] = { 0 };
	uint8_t out[16] = { 0 };
	void *ftc = DEVX_ADDR_OF(modify_flow_table_in, in, flow_table_context);

	SET(modify_flow_table_in, in, opcode, MLX5_CMD_OP_MODIFY_FLOW_TABLE);
	SET(modify_flow_table_in, in, table_type, table_type);
	SET(modify_flow_table_in, in, table_id, ft->id);
	SET(modify_flow_table_in, in, modify_field_select, select);
	if (select & MLX5_IFC_MODIFY_FLOW_TABLE_RTC_ID) {
		SET(flow_table_context, ftc, hws.rtc_id_0, rtc_0);
		SET(flow_table_context, ftc, hws.rtc_id_1, rtc_1);
	}
	if (select & MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION && miss_ft_id) {
		SET(flow_table_context, ftc, table_miss_action,
		    MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION_GOTO_TBL);
		SET(flow_table_context, ftc, table_miss_id, miss_ft_id);
	}
	return obj_modify(ft, in, sizeof(in), out, sizeof(out));
}

int hws_cmd_ft_set_rtcs(struct hws_obj *ft, uint8_t table_type,
			uint32_t rtc_0, uint32_t rtc_1)
{
	return ft_modify(ft, table_type, MLX5_IFC_MODIFY_FLOW_TABLE_RTC_ID,
			 rtc_0, rtc_1, 0);
}

int hws_cmd_ft_set_miss(struct hws_obj *ft, uint8_t table_type,
			uint32_t miss_ft_id)
{
	return ft_modify(ft, table_type, MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION,
			 0, 0, miss_ft_id);
}

int hws_cmd_ft_query_icm(struct hws_obj *ft, uint8_t table_type,
			 uint64_t *rx_icm, uint64_t *tx_icm)
{
	uint8_t in[DEVX_ST_SZ_BYTES(query_flow_table_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(query_flow_table_out)] = { 0 };
	void *ftc = DEVX_ADDR_OF(query_flow_table_out, out, flow_table_context);
	int err;

	SET(query_flow_table_in, in, opcode, MLX5_CMD_OP_QUERY_FLOW_TABLE);
	SET(query_flow_table_in, in, table_type, table_type);
	SET(query_flow_table_in, in, table_id, ft->id);
	err = cmd_result(ft->devx->dev->ops->obj_query(ft->devx, in, sizeof(in),
						       out, sizeof(out)),
			 in, out);
	if (err)
		return err;
	*rx_icm = DEVX_GET64(flow_table_context, ftc,
			     sws.sw_owner_icm_root_0) >> 6;
	*tx_icm = DEVX_GET64(flow_table_context, ftc,
			     sws.sw_owner_icm_root_1) >> 6;
	return 0;
}

static int ranged_create(struct hws_dev *dev, uint16_t obj_type,
			 uint8_t table_type, uint8_t log_range,
			 struct hws_obj *obj)
{
	/* STE and STC share the shape: header, then table_type at 0x88 */
	uint8_t in[DEVX_ST_SZ_BYTES(create_ste_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };
	int err;

	SET(general_obj_in_cmd_hdr, in, opcode,
	    MLX5_CMD_OP_CREATE_GENERAL_OBJECT);
	SET(general_obj_in_cmd_hdr, in, obj_type, obj_type);
	SET(general_obj_in_cmd_hdr, in, op_param.create.log_obj_range,
	    log_range);
	if (obj_type == MLX5_OBJ_TYPE_STE)
		SET(create_ste_in, in, ste.table_type, table_type);
	else
		SET(create_stc_in, in, stc.table_type, table_type);
	err = obj_create(dev, in, sizeof(in), out, sizeof(out), obj);
	if (!err)
		obj->id = GET(general_obj_out_cmd_hdr, out, obj_id);
	return err;
}

int hws_cmd_ste_create(struct hws_dev *dev, uint8_t table_type,
		       uint8_t log_range, struct hws_obj *ste)
{
	return ranged_create(dev, MLX5_OBJ_TYPE_STE, table_type, log_range,
			     ste);
}

int hws_cmd_stc_create(struct hws_dev *dev, uint8_t table_type,
		       uint8_t log_range, struct hws_obj *stc)
{
	return ranged_create(dev, MLX5_OBJ_TYPE_STC, table_type, log_range,
			     stc);
}

int hws_cmd_stc_modify(struct hws_obj *stc, uint32_t offset,
		       const struct hws_cmd_stc_attr *attr)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_stc_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };
	void *param = DEVX_ADDR_OF(create_stc_in, in, stc.stc_param);

	SET(general_obj_in_cmd_hdr, in, opcode,
	    MLX5_CMD_OP_MODIFY_GENERAL_OBJECT);
	SET(general_obj_in_cmd_hdr, in, obj_type, MLX5_OBJ_TYPE_STC);
	SET(general_obj_in_cmd_hdr, in, obj_id, stc->id);
	SET(general_obj_in_cmd_hdr, in, op_param.query.obj_offset, offset);
	DEVX_SET64(create_stc_in, in, stc.modify_field_select,
		   MLX5_IFC_MODIFY_STC_FIELD_SELECT_NEW_STC);
	SET(create_stc_in, in, stc.ste_action_offset, attr->action_offset);
	/* reparse_mode stays 0: the RTC's mode decides */
	SET(create_stc_in, in, stc.action_type, attr->action_type);
	switch (attr->action_type) {
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT:
		SET(stc_ste_param_jump_to_ft, param, table_id, attr->table_id);
		break;
	case MLX5_IFC_STC_ACTION_TYPE_COUNTER:
		SET(stc_ste_param_flow_counter, param, flow_counter_id,
		    attr->counter_id);
		break;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_TIR:
		SET(stc_ste_param_tir, param, tirn, attr->tirn);
		break;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT:
		SET(stc_ste_param_vport, param, vport_number,
		    attr->vport.number);
		SET(stc_ste_param_vport, param, eswitch_owner_vhca_id,
		    attr->vport.owner_vhca_id);
		SET(stc_ste_param_vport, param, eswitch_owner_vhca_id_valid,
		    attr->vport.owner_vhca_id_valid);
		break;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_STE_TABLE:
		SET(stc_ste_param_ste_table, param, ste_obj_id,
		    attr->ste_table.ste_obj_id);
		SET(stc_ste_param_ste_table, param, match_definer_id,
		    attr->ste_table.match_definer_id);
		break;
	default:
		break;
	}
	return obj_modify(stc, in, sizeof(in), out, sizeof(out));
}

int hws_cmd_geneve_opt_create(struct hws_dev *dev, uint16_t opt_class,
			      uint8_t type, uint8_t len, struct hws_obj *opt)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_geneve_tlv_option_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };
	void *o = DEVX_ADDR_OF(create_geneve_tlv_option_in, in, geneve_tlv_opt);
	int err;

	SET(general_obj_in_cmd_hdr, in, opcode,
	    MLX5_CMD_OP_CREATE_GENERAL_OBJECT);
	SET(general_obj_in_cmd_hdr, in, obj_type, MLX5_OBJ_TYPE_GENEVE_TLV_OPT);
	SET(geneve_tlv_option, o, option_class, opt_class);
	SET(geneve_tlv_option, o, option_type, type);
	SET(geneve_tlv_option, o, option_data_length, len);
	err = obj_create(dev, in, sizeof(in), out, sizeof(out), opt);
	if (!err)
		opt->id = GET(general_obj_out_cmd_hdr, out, obj_id);
	return err;
}

int hws_cmd_definer_create(struct hws_dev *dev,
			   const struct hws_cmd_definer_attr *attr,
			   struct hws_obj *definer)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_definer_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };
	void *d = DEVX_ADDR_OF(create_definer_in, in, definer);
	const uint8_t *dw = attr->dw_sel, *b = attr->byte_sel;
	int err;

	SET(general_obj_in_cmd_hdr, in, opcode,
	    MLX5_CMD_OP_CREATE_GENERAL_OBJECT);
	SET(general_obj_in_cmd_hdr, in, obj_type, MLX5_OBJ_TYPE_MATCH_DEFINER);
	SET(definer, d, format_id, MLX5_IFC_DEFINER_FORMAT_ID_SELECT);
	SET(definer, d, format_select_dw0, dw[0]);
	SET(definer, d, format_select_dw1, dw[1]);
	SET(definer, d, format_select_dw2, dw[2]);
	SET(definer, d, format_select_dw3, dw[3]);
	SET(definer, d, format_select_dw4, dw[4]);
	SET(definer, d, format_select_dw5, dw[5]);
	SET(definer, d, format_select_dw6, dw[6]);
	SET(definer, d, format_select_dw7, dw[7]);
	SET(definer, d, format_select_dw8, dw[8]);
	SET(definer, d, format_select_byte0, b[0]);
	SET(definer, d, format_select_byte1, b[1]);
	SET(definer, d, format_select_byte2, b[2]);
	SET(definer, d, format_select_byte3, b[3]);
	SET(definer, d, format_select_byte4, b[4]);
	SET(definer, d, format_select_byte5, b[5]);
	SET(definer, d, format_select_byte6, b[6]);
	SET(definer, d, format_select_byte7, b[7]);
	memcpy(DEVX_ADDR_OF(definer, d, match_mask), attr->mask,
	       sizeof(attr->mask));
	err = obj_create(dev, in, sizeof(in), out, sizeof(out), definer);
	if (!err)
		definer->id = GET(general_obj_out_cmd_hdr, out, obj_id);
	return err;
}

int hws_cmd_rtc_create(struct hws_dev *dev, const struct hws_cmd_rtc_attr *attr,
		       struct hws_obj *rtc)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_rtc_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };
	void *r = DEVX_ADDR_OF(create_rtc_in, in, rtc);
	int err;

	SET(general_obj_in_cmd_hdr, in, opcode,
	    MLX5_CMD_OP_CREATE_GENERAL_OBJECT);
	SET(general_obj_in_cmd_hdr, in, obj_type, MLX5_OBJ_TYPE_RTC);
	SET(rtc, r, update_index_mode, attr->update_mode);
	SET(rtc, r, access_index_mode, attr->access_mode);
	SET(rtc, r, reparse_mode, attr->reparse_mode);
	SET(rtc, r, pd, attr->pdn);
	SET(rtc, r, log_depth, attr->log_depth);
	SET(rtc, r, log_hash_size, attr->log_hash_size);
	SET(rtc, r, ste_format_0, attr->ste_format);
	SET(rtc, r, table_type, attr->table_type);
	SET(rtc, r, match_definer_0, attr->definer_id);
	SET(rtc, r, num_hash_definer, attr->num_hash_definer);
	SET(rtc, r, update_method, attr->update_method);
	SET(rtc, r, stc_id, attr->stc_id);
	SET(rtc, r, ste_table_base_id, attr->ste_id);
	SET(rtc, r, ste_table_offset, attr->ste_offset);
	SET(rtc, r, miss_flow_table_id, attr->miss_ft_id);
	err = obj_create(dev, in, sizeof(in), out, sizeof(out), rtc);
	if (!err)
		rtc->id = GET(general_obj_out_cmd_hdr, out, obj_id);
	return err;
}

int hws_cmd_generate_wqe(struct hws_dev *dev, uint32_t pdn,
			 const struct prm_wqe_ctrl_seg *ctrl,
			 const struct prm_wqe_gta_ctrl_seg *gta,
			 const uint8_t data[PRM_STE_SIZE],
			 struct prm_cqe64 *cqe)
{
	uint8_t in[DEVX_ST_SZ_BYTES(generate_wqe_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(generate_wqe_out)] = { 0 };
	int err;

	SET(generate_wqe_in, in, opcode, MLX5_CMD_OP_GENERATE_WQE);
	SET(generate_wqe_in, in, pdn, pdn);
	memcpy(DEVX_ADDR_OF(generate_wqe_in, in, wqe_ctrl), ctrl,
	       sizeof(*ctrl));
	memcpy(DEVX_ADDR_OF(generate_wqe_in, in, wqe_gta_ctrl), gta,
	       sizeof(*gta));
	memcpy(DEVX_ADDR_OF(generate_wqe_in, in, wqe_gta_data_0), data,
	       PRM_STE_SIZE);
	err = cmd_result(dev->ops->general_cmd(dev, in, sizeof(in), out,
					       sizeof(out)),
			 in, out);
	if (!err)
		memcpy(cqe, DEVX_ADDR_OF(generate_wqe_out, out, cqe_data),
		       sizeof(*cqe));
	return err;
}

int hws_cmd_counter_alloc(struct hws_dev *dev, uint8_t log_bulk,
			  struct hws_obj *fc)
{
	uint8_t in[DEVX_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(alloc_flow_counter_out)] = { 0 };
	int err;

	SET(alloc_flow_counter_in, in, opcode, MLX5_CMD_OP_ALLOC_FLOW_COUNTER);
	SET(alloc_flow_counter_in, in, flow_counter_bulk_log_size, log_bulk);
	err = obj_create(dev, in, sizeof(in), out, sizeof(out), fc);
	if (!err)
		fc->id = GET(alloc_flow_counter_out, out, flow_counter_id);
	return err;
}

/*
 * Kernels before 6.4 refuse a DevX query that names a counter inside a bulk
 * by its own id: name the bulk's base id and read the counters up to
 * offset, which every kernel takes.
 */
int hws_cmd_counter_query(struct hws_obj *fc, uint32_t offset,
			  uint64_t *packets, uint64_t *octets)
{
	uint8_t in[DEVX_ST_SZ_BYTES(query_flow_counter_in)] = { 0 };
	size_t outlen = DEVX_ST_SZ_BYTES(query_flow_counter_out) +
			(size_t)offset * DEVX_ST_SZ_BYTES(traffic_counter);
	uint8_t *out = calloc(1, outlen);
	void *stats;
	int err;

	if (!out)
		return ENOMEM;
	SET(query_flow_counter_in, in, opcode, MLX5_CMD_OP_QUERY_FLOW_COUNTER);
	SET(query_flow_counter_in, in, flow_counter_id, fc->id);
	SET(query_flow_counter_in, in, num_of_counters, offset + 1);
	err = cmd_result(fc->devx->dev->ops->obj_query(fc->devx, in, sizeof(in),
						       out, outlen),
			 in, out);
	if (!err) {
		stats = DEVX_ADDR_OF(query_flow_counter_out, out,
				     flow_statistics) +
			(size_t)offset * DEVX_ST_SZ_BYTES(traffic_counter);
		*packets = DEVX_GET64(traffic_counter, stats, packets);
		*octets = DEVX_GET64(traffic_counter, stats, octets);
	}
	free(out);
	return err;
}
