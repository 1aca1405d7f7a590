// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Flow tables and flow counters: their commands as firmware judges them. */
#include <stdlib.h>
#include <string.h>

#include "sim_cmd.h"

/* Flow tables */

const struct sim_field sim_create_ft_fields[] = {
	FLD(create_flow_table_in, opcode),
	FLD(create_flow_table_in, uid),
	FLD(create_flow_table_in, op_mod),
	FLD(create_flow_table_in, table_type),
	FLD(create_flow_table_in, flow_table_context.reformat_en),
	FLD(create_flow_table_in, flow_table_context.decap_en),
	FLD(create_flow_table_in, flow_table_context.table_miss_action),
	FLD(create_flow_table_in, flow_table_context.level),
	FLD(create_flow_table_in, flow_table_context.rtc_valid),
	FLD(create_flow_table_in, flow_table_context.log_size),
	FLD(create_flow_table_in, flow_table_context.table_miss_id),
	FLD(create_flow_table_in, flow_table_context.hws.rtc_id_0),
	FLD(create_flow_table_in, flow_table_context.hws.rtc_id_1),
};

const uint8_t *sim_ft_props(const struct sim_profile *p, uint8_t type)
{
	switch (type) {
	case MLX5_FT_TYPE_NIC_RX:
		return p->nic_ft + PRM_BIT_OFF(flow_table_nic_cap,
					      flow_table_properties_nic_receive) / 8;
	case MLX5_FT_TYPE_NIC_TX:
		return p->nic_ft + PRM_BIT_OFF(flow_table_nic_cap,
					      flow_table_properties_nic_transmit) / 8;
	case MLX5_FT_TYPE_FDB:
		if (!SIM_CAP(p, general, cmd_hca_cap, eswitch_manager))
			return NULL;
		return p->esw_ft + PRM_BIT_OFF(flow_table_eswitch_cap,
					      flow_table_properties_nic_esw_fdb) / 8;
	}
	return NULL;
}

/* Check the miss and RTC parts of a flow table context against ft. */
static uint8_t ft_check_miss(struct sim_req *req, const struct sim_obj *ft,
			     const uint8_t *ftc, struct sim_obj **miss)
{
	uint8_t action = GET(flow_table_context, ftc, table_miss_action);
	uint8_t st;

	*miss = NULL;
	if (action == MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION_DEFAULT)
		return MLX5_CMD_STAT_OK;
	if (action != MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION_GOTO_TBL)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FT_MISS_ACTION_INVALID);
	st = sim_cmd_ref_obj(req, SIM_SPACE_FT, SIM_OBJ_FT,
			     GET(flow_table_context, ftc, table_miss_id), miss);
	if (st)
		return st;
	if (*miss == ft)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FT_MISS_LOOP);
	if ((*miss)->ft.table_type != ft->ft.table_type)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TABLE_TYPE_MISMATCH);
	return MLX5_CMD_STAT_OK;
}

static uint8_t ft_check_rtcs(struct sim_req *req, uint8_t table_type,
			     const uint8_t *ftc, struct sim_obj *rtc[2])
{
	uint32_t ids[2] = { GET(flow_table_context, ftc, hws.rtc_id_0),
			    GET(flow_table_context, ftc, hws.rtc_id_1) };
	uint8_t want[2], st;
	int i;

	if (table_type == MLX5_FT_TYPE_FDB) {
		want[0] = MLX5_FT_TYPE_FDB_RX;
		want[1] = MLX5_FT_TYPE_FDB_TX;
	} else {
		want[0] = table_type;
		want[1] = 0xff; /* NIC tables have one RTC */
	}
	for (i = 0; i < 2; i++) {
		rtc[i] = NULL;
		if (!ids[i])
			continue;
		st = sim_cmd_ref_obj(req, SIM_SPACE_GENERAL, SIM_OBJ_RTC,
				     ids[i], &rtc[i]);
		if (st)
			return st;
		if (rtc[i]->rtc.table_type != want[i])
			return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					      SIM_SYND_TABLE_TYPE_MISMATCH);
	}
	return MLX5_CMD_STAT_OK;
}

static void ft_set_miss(struct sim_obj *ft, uint8_t action,
			struct sim_obj *miss)
{
	sim_obj_release(ft->ft.miss_ft);
	sim_obj_hold(miss);
	ft->ft.miss_ft = miss;
	ft->ft.miss_action = action;
}

static void ft_set_rtcs(struct sim_obj *ft, struct sim_obj *rtc[2])
{
	int i;

	for (i = 0; i < 2; i++) {
		sim_obj_release(ft->ft.rtc[i]);
		sim_obj_hold(rtc[i]);
		ft->ft.rtc[i] = rtc[i];
	}
}

uint8_t sim_exec_create_ft(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	const uint8_t *ftc = DEVX_ADDR_OF(create_flow_table_in, req->in,
					  flow_table_context);
	uint8_t type = GET(create_flow_table_in, req->in, table_type);
	const uint8_t *props = sim_ft_props(p, type);
	struct sim_obj probe, *miss, *rtc[2];
	uint8_t st;

	if (!props || !GET(flow_table_prop_layout, props, ft_support))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_BAD_TABLE_TYPE);
	if (GET(flow_table_context, ftc, level) >
	    GET(flow_table_prop_layout, props, max_ft_level))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FT_LEVEL_ABOVE_MAX);
	/*
	 * Without rtc_valid firmware manages the table (groups and entries);
	 * an HWS table has no size of its own.
	 */
	if (GET(flow_table_context, ftc, rtc_valid) ?
		    GET(flow_table_context, ftc, log_size) != 0 :
		    GET(flow_table_context, ftc, hws.rtc_id_0) ||
			    GET(flow_table_context, ftc, hws.rtc_id_1))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FT_NOT_RTC_VALID);
	if (GET(flow_table_context, ftc, log_size) >
	    GET(flow_table_prop_layout, props, log_max_ft_size))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_LOG_RANGE_ABOVE_MAX);
	memset(&probe, 0, sizeof(probe));
	probe.ft.table_type = type;
	st = ft_check_miss(req, &probe, ftc, &miss);
	if (!st)
		st = ft_check_rtcs(req, type, ftc, rtc);
	if (!st)
		st = sim_cmd_new_obj(req, SIM_OBJ_FT, SIM_SPACE_FT, 0);
	if (st)
		return st;
	req->created->ft.table_type = type;
	req->created->ft.level = GET(flow_table_context, ftc, level);
	req->created->ft.fw = !GET(flow_table_context, ftc, rtc_valid);
	req->created->ft.log_size = GET(flow_table_context, ftc, log_size);
	req->created->ft.icm_root[0] = SIM_ICM_FT_BASE +
				       2 * (req->created->id & 0x7ffffff);
	req->created->ft.icm_root[1] = req->created->ft.icm_root[0] + 1;
	ft_set_miss(req->created, GET(flow_table_context, ftc,
				      table_miss_action), miss);
	ft_set_rtcs(req->created, rtc);
	SET(create_flow_table_out, req->out, table_id, req->created->id);
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_modify_ft_fields[] = {
	FLD(modify_flow_table_in, opcode),
	FLD(modify_flow_table_in, uid),
	FLD(modify_flow_table_in, op_mod),
	FLD(modify_flow_table_in, modify_field_select),
	FLD(modify_flow_table_in, table_type),
	FLD(modify_flow_table_in, table_id),
	FLD(modify_flow_table_in, flow_table_context.table_miss_action),
	FLD(modify_flow_table_in, flow_table_context.table_miss_id),
	FLD(modify_flow_table_in, flow_table_context.hws.rtc_id_0),
	FLD(modify_flow_table_in, flow_table_context.hws.rtc_id_1),
};

struct sim_obj *sim_target_modify_ft(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_FT,
			    GET(modify_flow_table_in, in, table_id));
}

uint8_t sim_exec_modify_ft(struct sim_req *req)
{
	const uint8_t *ftc = DEVX_ADDR_OF(modify_flow_table_in, req->in,
					  flow_table_context);
	uint16_t select = GET(modify_flow_table_in, req->in,
			      modify_field_select);
	struct sim_obj *ft = req->target, *miss = NULL, *rtc[2];
	uint8_t st;

	if (GET(modify_flow_table_in, req->in, table_type) !=
	    ft->ft.table_type)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TABLE_TYPE_MISMATCH);
	if (!select || select & ~(MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION |
				  MLX5_IFC_MODIFY_FLOW_TABLE_RTC_ID))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FT_MODIFY_SELECT_INVALID);
	if (select & MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION) {
		st = ft_check_miss(req, ft, ftc, &miss);
		if (st)
			return st;
	}
	if (select & MLX5_IFC_MODIFY_FLOW_TABLE_RTC_ID && ft->ft.fw)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FT_NOT_RTC_VALID);
	if (select & MLX5_IFC_MODIFY_FLOW_TABLE_RTC_ID) {
		st = ft_check_rtcs(req, ft->ft.table_type, ftc, rtc);
		if (st)
			return st;
		ft_set_rtcs(ft, rtc);
	}
	if (select & MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION)
		ft_set_miss(ft, GET(flow_table_context, ftc, table_miss_action),
			    miss);
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_destroy_ft_fields[] = {
	FLD(destroy_flow_table_in, opcode),
	FLD(destroy_flow_table_in, uid),
	FLD(destroy_flow_table_in, op_mod),
	FLD(destroy_flow_table_in, table_type),
	FLD(destroy_flow_table_in, table_id),
};

struct sim_obj *sim_target_destroy_ft(struct sim_nic *nic,
					 const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_FT,
			    GET(destroy_flow_table_in, in, table_id));
}

uint8_t sim_exec_destroy_ft(struct sim_req *req)
{
	if (GET(destroy_flow_table_in, req->in, table_type) !=
	    req->target->ft.table_type)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TABLE_TYPE_MISMATCH);
	return sim_cmd_destroy_unused(req);
}

const struct sim_field sim_query_ft_fields[] = {
	FLD(query_flow_table_in, opcode),
	FLD(query_flow_table_in, uid),
	FLD(query_flow_table_in, op_mod),
	FLD(query_flow_table_in, table_type),
	FLD(query_flow_table_in, table_id),
};

struct sim_obj *sim_target_query_ft(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_FT,
			    GET(query_flow_table_in, in, table_id));
}

uint8_t sim_exec_query_ft(struct sim_req *req)
{
	const struct sim_obj *ft = req->target;
	uint8_t *ftc = DEVX_ADDR_OF(query_flow_table_out, req->out,
				    flow_table_context);

	if (GET(query_flow_table_in, req->in, table_type) != ft->ft.table_type)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TABLE_TYPE_MISMATCH);
	SET(flow_table_context, ftc, table_miss_action, ft->ft.miss_action);
	SET(flow_table_context, ftc, level, ft->ft.level);
	SET(flow_table_context, ftc, rtc_valid, 1);
	if (ft->ft.miss_ft)
		SET(flow_table_context, ftc, table_miss_id, ft->ft.miss_ft->id);
	/* ICM byte addresses of the roots, as the kernel reads them */
	DEVX_SET64(flow_table_context, ftc, sws.sw_owner_icm_root_0,
		   (uint64_t)ft->ft.icm_root[0] << 6);
	DEVX_SET64(flow_table_context, ftc, sws.sw_owner_icm_root_1,
		   (uint64_t)ft->ft.icm_root[1] << 6);
	return MLX5_CMD_STAT_OK;
}

/* Flow counters */

const struct sim_field sim_alloc_counter_fields[] = {
	FLD(alloc_flow_counter_in, opcode),
	FLD(alloc_flow_counter_in, uid),
	FLD(alloc_flow_counter_in, op_mod),
	FLD(alloc_flow_counter_in, flow_counter_bulk_log_size),
	FLD(alloc_flow_counter_in, flow_counter_bulk),
};

uint8_t sim_exec_alloc_counter(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	uint8_t log = GET(alloc_flow_counter_in, req->in,
			  flow_counter_bulk_log_size);
	uint8_t bulk = GET(alloc_flow_counter_in, req->in, flow_counter_bulk);
	uint32_t count = 1;
	struct sim_obj *fc;
	uint8_t st;

	if (log && bulk)
		goto invalid;
	if (log) {
		if (log > SIM_CAP(p, general2, cmd_hca_cap_2,
				  flow_counter_bulk_log_max_alloc) ||
		    log < SIM_CAP(p, general2, cmd_hca_cap_2,
				  flow_counter_bulk_log_granularity))
			goto invalid;
		count = 1u << log;
	} else if (bulk) {
		if (bulk & (bulk - 1) ||
		    !(bulk & SIM_CAP(p, general, cmd_hca_cap,
				     flow_counter_bulk_alloc)))
			goto invalid;
		count = 128u * bulk;
	}
	st = sim_cmd_new_obj(req, SIM_OBJ_FLOW_COUNTER, SIM_SPACE_COUNTER,
			     (uint64_t)count * SIM_COUNTER_ICM_BYTES);
	if (st)
		return st;
	fc = req->created;
	fc->counter.count = count;
	fc->counter.packets = calloc(count, sizeof(uint64_t));
	fc->counter.octets = calloc(count, sizeof(uint64_t));
	if (!fc->counter.packets || !fc->counter.octets) {
		sim_obj_free(req->nic, fc);
		req->created = NULL;
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
				      SIM_SYND_NONE);
	}
	/* A bulk owns count consecutive ids. */
	req->nic->next_id[SIM_SPACE_COUNTER] += count - 1;
	SET(alloc_flow_counter_out, req->out, flow_counter_id, fc->id);
	return MLX5_CMD_STAT_OK;
invalid:
	return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
			      SIM_SYND_COUNTER_BULK_INVALID);
}

const struct sim_field sim_dealloc_counter_fields[] = {
	FLD(dealloc_flow_counter_in, opcode),
	FLD(dealloc_flow_counter_in, uid),
	FLD(dealloc_flow_counter_in, op_mod),
	FLD(dealloc_flow_counter_in, flow_counter_id),
};

struct sim_obj *sim_target_dealloc_counter(struct sim_nic *nic,
					   const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_COUNTER,
			    GET(dealloc_flow_counter_in, in, flow_counter_id));
}

const struct sim_field sim_query_counter_fields[] = {
	FLD(query_flow_counter_in, opcode), FLD(query_flow_counter_in, uid),
	FLD(query_flow_counter_in, op_mod),
	FLD(query_flow_counter_in, clear),
	FLD(query_flow_counter_in, num_of_counters),
	FLD(query_flow_counter_in, flow_counter_id),
};

/* The bulk holding counter id: a counter may be named by any id in it. */
static struct sim_obj *find_counter_bulk(struct sim_nic *nic, uint32_t id)
{
	uint32_t b;

	for (b = 0; b < nic->obj_buckets; b++) {
		struct sim_obj *o;

		for (o = nic->objs[b]; o; o = o->hnext)
			if (o->space == SIM_SPACE_COUNTER && id >= o->id &&
			    id - o->id < o->counter.count)
				return o;
	}
	return NULL;
}

struct sim_obj *sim_target_query_counter(struct sim_nic *nic, const uint8_t *in)
{
	return find_counter_bulk(nic, GET(query_flow_counter_in, in,
					  flow_counter_id));
}

uint8_t sim_exec_query_counter(struct sim_req *req)
{
	struct sim_obj *fc = req->target;
	uint32_t first = GET(query_flow_counter_in, req->in, flow_counter_id) -
			 fc->id;
	uint32_t n = GET(query_flow_counter_in, req->in, num_of_counters);
	uint32_t i;

	if (!n)
		n = 1;
	if (n > fc->counter.count - first)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_COUNTER_OUT_OF_RANGE);
	if (req->outlen < 16 + 16ull * n)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_OUTP_LEN_ERR,
				      SIM_SYND_OUTPUT_TOO_SHORT);
	for (i = 0; i < n; i++) {
		uint8_t *tc = req->out + 16 + 16 * i;

		DEVX_SET64(traffic_counter, tc, packets,
			   fc->counter.packets[first + i]);
		DEVX_SET64(traffic_counter, tc, octets,
			   fc->counter.octets[first + i]);
		if (GET(query_flow_counter_in, req->in, clear))
			fc->counter.packets[first + i] =
				fc->counter.octets[first + i] = 0;
	}
	return MLX5_CMD_STAT_OK;
}
