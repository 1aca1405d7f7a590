// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The command plane of the model: it decodes each PRM command from its bytes
 * and judges it as firmware would.  A refused command gets a PRM status and
 * a syndrome naming the check (sim.h) and changes nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim_cmd.h"

struct sim_cmd {
	uint16_t opcode;
	uint16_t obj_type;
	enum sim_path path;
	uint16_t inlen;
	uint16_t outlen;
	const struct sim_field *fields;
	unsigned int nfields;
	/* status for a valid request; req->synd names a failed check */
	uint8_t (*exec)(struct sim_req *req);
	/* the object the command names, for modify, query and destroy */
	struct sim_obj *(*target)(struct sim_nic *nic, const uint8_t *in);
	uint8_t *allowed; /* input bits that may be set, built once */
};

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

uint8_t sim_cmd_refuse(struct sim_req *req, uint8_t status, uint32_t synd)
{
	req->synd = synd;
	return status;
}

uint8_t sim_cmd_ref_obj(struct sim_req *req, enum sim_id_space space,
			enum sim_obj_kind kind, uint32_t id,
			struct sim_obj **obj)
{
	struct sim_obj *o = sim_obj_find(req->nic, space, id);

	*obj = NULL;
	if (!o)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
				      SIM_SYND_OBJECT_MISSING);
	if (o->kind != kind)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
				      SIM_SYND_OBJECT_WRONG_TYPE);
	if (o->uid != req->ctx->uid)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
				      SIM_SYND_OBJECT_OF_OTHER_UID);
	*obj = o;
	return MLX5_CMD_STAT_OK;
}

/* log2 of the most live objects of a kind the profile allows; -1: no cap */
static int obj_log_max(const struct sim_profile *p, enum sim_obj_kind kind)
{
	switch (kind) {
	case SIM_OBJ_PD:
		return SIM_CAP(p, general, cmd_hca_cap, log_max_pd);
	case SIM_OBJ_CQ:
		return SIM_CAP(p, general, cmd_hca_cap, log_max_cq);
	case SIM_OBJ_SQ:
		return SIM_CAP(p, general, cmd_hca_cap, log_max_sq);
	case SIM_OBJ_STC:
		return SIM_CAP(p, wqe, wqe_based_flow_table_cap,
			       log_max_num_stc);
	case SIM_OBJ_RTC:
		return SIM_CAP(p, wqe, wqe_based_flow_table_cap,
			       log_max_num_rtc);
	case SIM_OBJ_STE:
		return SIM_CAP(p, wqe, wqe_based_flow_table_cap,
			       log_max_num_ste);
	case SIM_OBJ_TD:
		return SIM_CAP(p, general, cmd_hca_cap,
			       log_max_transport_domain);
	case SIM_OBJ_RQ:
		return SIM_CAP(p, general, cmd_hca_cap, log_max_rq);
	case SIM_OBJ_RQT:
		return SIM_CAP(p, general, cmd_hca_cap, log_max_rqt);
	case SIM_OBJ_TIR:
		return SIM_CAP(p, general, cmd_hca_cap, log_max_tir);
	default:
		return -1;
	}
}

uint8_t sim_cmd_new_obj(struct sim_req *req, enum sim_obj_kind kind,
			enum sim_id_space space, uint64_t icm_bytes)
{
	int log_max = obj_log_max(&req->nic->profile, kind);
	uint32_t synd;

	if (log_max >= 0 && req->nic->stats.objects[kind] >= 1ull << log_max)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_LIM_ERR,
				      SIM_SYND_OBJECT_LIMIT);
	req->created = sim_obj_new(req->ctx, kind, space, icm_bytes, &synd);
	if (req->created)
		return MLX5_CMD_STAT_OK;
	if (synd)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR, synd);
	return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR, SIM_SYND_NONE);
}

uint8_t sim_cmd_refuse_busy(struct sim_req *req)
{
	return sim_cmd_refuse(req, MLX5_CMD_STAT_RES_BUSY,
			      SIM_SYND_OBJECT_IN_USE);
}

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

/* ALLOC_PD / DEALLOC_PD */

static const struct sim_field alloc_pd_fields[] = {
	FLD(alloc_pd_in, opcode), FLD(alloc_pd_in, uid),
	FLD(alloc_pd_in, op_mod),
};

static uint8_t exec_alloc_pd(struct sim_req *req)
{
	uint8_t st = sim_cmd_new_obj(req, SIM_OBJ_PD, SIM_SPACE_PD, 0);

	if (!st)
		SET(alloc_pd_out, req->out, pd, req->created->id);
	return st;
}

static const struct sim_field destroy_qnum_fields[] = {
	FLD(destroy_qnum_in, opcode), FLD(destroy_qnum_in, uid),
	FLD(destroy_qnum_in, op_mod), FLD(destroy_qnum_in, num),
};

static struct sim_obj *target_pd(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_PD, GET(destroy_qnum_in, in, num));
}

static uint8_t exec_destroy_unused(struct sim_req *req)
{
	if (req->target->users)
		return sim_cmd_refuse_busy(req);
	return MLX5_CMD_STAT_OK;
}

/* Flow tables */

static const struct sim_field create_ft_fields[] = {
	FLD(create_flow_table_in, opcode), FLD(create_flow_table_in, uid),
	FLD(create_flow_table_in, op_mod),
	FLD(create_flow_table_in, table_type),
	FLD(create_flow_table_in, flow_table_context.reformat_en),
	FLD(create_flow_table_in, flow_table_context.decap_en),
	FLD(create_flow_table_in, flow_table_context.table_miss_action),
	FLD(create_flow_table_in, flow_table_context.level),
	FLD(create_flow_table_in, flow_table_context.rtc_valid),
	FLD(create_flow_table_in, flow_table_context.table_miss_id),
	FLD(create_flow_table_in, flow_table_context.hws.rtc_id_0),
	FLD(create_flow_table_in, flow_table_context.hws.rtc_id_1),
};

static const uint8_t *ft_props(const struct sim_profile *p, uint8_t type)
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

static uint8_t exec_create_ft(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	const uint8_t *ftc = DEVX_ADDR_OF(create_flow_table_in, req->in,
					  flow_table_context);
	uint8_t type = GET(create_flow_table_in, req->in, table_type);
	const uint8_t *props = ft_props(p, type);
	struct sim_obj probe, *miss, *rtc[2];
	uint8_t st;

	if (!props || !GET(flow_table_prop_layout, props, ft_support))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_BAD_TABLE_TYPE);
	if (GET(flow_table_context, ftc, level) >
	    GET(flow_table_prop_layout, props, max_ft_level))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FT_LEVEL_ABOVE_MAX);
	if (!GET(flow_table_context, ftc, rtc_valid))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FT_NOT_RTC_VALID);
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
	req->created->ft.icm_root[0] = SIM_ICM_FT_BASE +
				       2 * (req->created->id & 0x7ffffff);
	req->created->ft.icm_root[1] = req->created->ft.icm_root[0] + 1;
	ft_set_miss(req->created, GET(flow_table_context, ftc,
				      table_miss_action), miss);
	ft_set_rtcs(req->created, rtc);
	SET(create_flow_table_out, req->out, table_id, req->created->id);
	return MLX5_CMD_STAT_OK;
}

static const struct sim_field modify_ft_fields[] = {
	FLD(modify_flow_table_in, opcode), FLD(modify_flow_table_in, uid),
	FLD(modify_flow_table_in, op_mod),
	FLD(modify_flow_table_in, modify_field_select),
	FLD(modify_flow_table_in, table_type),
	FLD(modify_flow_table_in, table_id),
	FLD(modify_flow_table_in, flow_table_context.table_miss_action),
	FLD(modify_flow_table_in, flow_table_context.table_miss_id),
	FLD(modify_flow_table_in, flow_table_context.hws.rtc_id_0),
	FLD(modify_flow_table_in, flow_table_context.hws.rtc_id_1),
};

static struct sim_obj *target_modify_ft(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_FT,
			    GET(modify_flow_table_in, in, table_id));
}

static uint8_t exec_modify_ft(struct sim_req *req)
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

static const struct sim_field destroy_ft_fields[] = {
	FLD(destroy_flow_table_in, opcode), FLD(destroy_flow_table_in, uid),
	FLD(destroy_flow_table_in, op_mod),
	FLD(destroy_flow_table_in, table_type),
	FLD(destroy_flow_table_in, table_id),
};

static struct sim_obj *target_destroy_ft(struct sim_nic *nic,
					 const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_FT,
			    GET(destroy_flow_table_in, in, table_id));
}

static uint8_t exec_destroy_ft(struct sim_req *req)
{
	if (GET(destroy_flow_table_in, req->in, table_type) !=
	    req->target->ft.table_type)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TABLE_TYPE_MISMATCH);
	return exec_destroy_unused(req);
}

static const struct sim_field query_ft_fields[] = {
	FLD(query_flow_table_in, opcode), FLD(query_flow_table_in, uid),
	FLD(query_flow_table_in, op_mod), FLD(query_flow_table_in, table_type),
	FLD(query_flow_table_in, table_id),
};

static struct sim_obj *target_query_ft(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_FT,
			    GET(query_flow_table_in, in, table_id));
}

static uint8_t exec_query_ft(struct sim_req *req)
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

static const struct sim_field alloc_counter_fields[] = {
	FLD(alloc_flow_counter_in, opcode), FLD(alloc_flow_counter_in, uid),
	FLD(alloc_flow_counter_in, op_mod),
	FLD(alloc_flow_counter_in, flow_counter_bulk_log_size),
	FLD(alloc_flow_counter_in, flow_counter_bulk),
};

static uint8_t exec_alloc_counter(struct sim_req *req)
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

static const struct sim_field dealloc_counter_fields[] = {
	FLD(dealloc_flow_counter_in, opcode),
	FLD(dealloc_flow_counter_in, uid),
	FLD(dealloc_flow_counter_in, op_mod),
	FLD(dealloc_flow_counter_in, flow_counter_id),
};

static struct sim_obj *target_dealloc_counter(struct sim_nic *nic,
					      const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_COUNTER,
			    GET(dealloc_flow_counter_in, in, flow_counter_id));
}

static const struct sim_field query_counter_fields[] = {
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

static struct sim_obj *target_query_counter(struct sim_nic *nic,
					    const uint8_t *in)
{
	return find_counter_bulk(nic, GET(query_flow_counter_in, in,
					  flow_counter_id));
}

static uint8_t exec_query_counter(struct sim_req *req)
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

/* General objects */

#define HDR_FIELDS(typ)                                                        \
	FLD(typ, hdr.opcode), FLD(typ, hdr.uid), FLD(typ, hdr.obj_type),       \
		FLD(typ, hdr.op_param.create.alias_object),                    \
		FLD(typ, hdr.op_param.create.log_obj_range)

static struct sim_obj *target_general(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_GENERAL,
			    GET(general_obj_in_cmd_hdr, in, obj_id));
}

/* Ranged objects (STE, STC) take log_obj_range; others must leave it 0. */
static uint8_t check_log_range(struct sim_req *req, bool ranged,
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

static const struct sim_field create_ste_fields[] = {
	HDR_FIELDS(create_ste_in), FLD(create_ste_in, ste.table_type),
};

static uint8_t exec_create_ste(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	uint8_t type = GET(create_ste_in, req->in, ste.table_type);
	uint8_t log = GET(create_ste_in, req->in,
			  hdr.op_param.create.log_obj_range);
	uint8_t st;

	st = check_log_range(req, true,
			     SIM_CAP(p, wqe, wqe_based_flow_table_cap,
				     ste_alloc_log_granularity),
			     SIM_CAP(p, wqe, wqe_based_flow_table_cap,
				     ste_alloc_log_max));
	if (st)
		return st;
	if (!obj_table_type_valid(type))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_BAD_TABLE_TYPE);
	st = sim_cmd_new_obj(req, SIM_OBJ_STE, SIM_SPACE_GENERAL,
			     (uint64_t)PRM_STE_SIZE << log);
	if (st)
		return st;
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

static const struct sim_field create_stc_fields[] = {
	HDR_FIELDS(create_stc_in), FLD(create_stc_in, stc.table_type),
};

static uint8_t exec_create_stc(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	uint8_t type = GET(create_stc_in, req->in, stc.table_type);
	uint8_t log = GET(create_stc_in, req->in,
			  hdr.op_param.create.log_obj_range);
	struct sim_stc_slot *slots;
	uint8_t st;

	st = check_log_range(req, true,
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

static const struct sim_field modify_stc_fields[] = {
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
		return offset >= MLX5_IFC_STC_ACTION_OFFSET_DW5 &&
		       offset <= MLX5_IFC_STC_ACTION_OFFSET_DW7;
	default: /* terminal actions take the hit slot */
		return offset == MLX5_IFC_STC_ACTION_OFFSET_HIT;
	}
}

/* Validate an STC action and find the object it names. */
static uint8_t stc_check_action(struct sim_req *req, uint8_t table_type,
				uint8_t action, const uint8_t *param,
				struct sim_obj **target)
{
	const struct sim_profile *p = &req->nic->profile;
	uint16_t vport;
	uint8_t st;

	*target = NULL;
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

static uint8_t exec_modify_stc(struct sim_req *req)
{
	struct sim_obj *stc = req->target, *target;
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
	if (!stc_offset_valid(action, offset))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_STC_ACTION_OFFSET_INVALID);
	st = stc_check_action(req, stc->stc.table_type, action, param,
			      &target);
	if (st)
		return st;
	s = &stc->stc.slots[slot];
	sim_obj_release(s->target);
	sim_obj_hold(target);
	s->target = target;
	s->programmed = true;
	s->action_type = action;
	s->action_offset = offset;
	s->reparse_mode = GET(create_stc_in, in, stc.reparse_mode);
	memcpy(s->param, param, sizeof(s->param));
	return MLX5_CMD_STAT_OK;
}

static const struct sim_field create_definer_fields[] = {
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

static uint8_t exec_create_definer(struct sim_req *req)
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

	st = check_log_range(req, false, 0, 0);
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

static const struct sim_field create_rtc_fields[] = {
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

static uint8_t exec_create_rtc(struct sim_req *req)
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

	st = check_log_range(req, false, 0, 0);
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
	    GET(rtc, r, update_method) || GET(rtc, r, num_hash_definer) > 1 ||
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
	if (log_depth > SIM_CAP(p, wqe, wqe_based_flow_table_cap,
				rtc_log_depth_max))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RTC_DEPTH_ABOVE_MAX);

	st = sim_cmd_ref_obj(req, SIM_SPACE_PD, SIM_OBJ_PD, GET(rtc, r, pd),
			     &pd);
	if (!st)
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

static const struct sim_field destroy_general_fields[] = {
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
	default:
		return SIM_OBJ_DEFINER;
	}
}

static uint8_t exec_destroy_general(struct sim_req *req)
{
	uint16_t type = GET(general_obj_in_cmd_hdr, req->in, obj_type);

	if (req->target->kind != kind_of_obj_type(type))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
				      SIM_SYND_OBJECT_WRONG_TYPE);
	return exec_destroy_unused(req);
}

#define HDR_OUT DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)
#define MBOX_OUT 16

/*
 * Every input layout the table decodes.  sim_exec copies a command into a
 * buffer as large as the largest, and CMD() takes each entry's input size
 * from its member here: a command whose layout is missing does not build.
 */
#define IN(typ) uint8_t typ[DEVX_ST_SZ_BYTES(typ)]
union sim_cmd_in {
	IN(query_hca_cap_in);
	IN(alloc_pd_in);
	IN(destroy_qnum_in);
	IN(create_cq_in);
	IN(create_sq_in);
	IN(modify_sq_in);
	IN(create_flow_table_in);
	IN(modify_flow_table_in);
	IN(query_flow_table_in);
	IN(destroy_flow_table_in);
	IN(alloc_flow_counter_in);
	IN(dealloc_flow_counter_in);
	IN(query_flow_counter_in);
	IN(create_ste_in);
	IN(create_stc_in);
	IN(create_rtc_in);
	IN(create_definer_in);
	IN(general_obj_in_cmd_hdr);
	IN(alloc_transport_domain_in);
	IN(create_rq_in);
	IN(modify_rq_in);
	IN(create_rqt_in);
	IN(create_tir_in);
};
#undef IN

#define SIM_MAX_CMD_IN sizeof(union sim_cmd_in)
_Static_assert(SIM_MAX_CMD_IN <= UINT16_MAX, "sim_cmd.inlen is 16 bits");

#define CMD(op, type, path, in, out, fields, exec, target)                     \
	{ op, type, path, sizeof(((union sim_cmd_in *)0)->in), out, fields,    \
	  NFIELDS(fields), exec, target, NULL }

static struct sim_cmd cmd_table[] = {
	CMD(MLX5_CMD_OP_QUERY_HCA_CAP, 0, SIM_PATH_GENERAL, query_hca_cap_in,
	    DEVX_ST_SZ_BYTES(query_hca_cap_out), sim_query_hca_cap_fields,
	    sim_exec_query_hca_cap, NULL),
	CMD(MLX5_CMD_OP_ALLOC_PD, 0, SIM_PATH_CREATE, alloc_pd_in, MBOX_OUT,
	    alloc_pd_fields, exec_alloc_pd, NULL),
	CMD(MLX5_CMD_OP_DEALLOC_PD, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, exec_destroy_unused, target_pd),
	CMD(MLX5_CMD_OP_CREATE_CQ, 0, SIM_PATH_CREATE, create_cq_in, MBOX_OUT,
	    sim_create_cq_fields, sim_exec_create_cq, NULL),
	CMD(MLX5_CMD_OP_DESTROY_CQ, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, exec_destroy_unused, sim_target_cq),
	CMD(MLX5_CMD_OP_CREATE_SQ, 0, SIM_PATH_CREATE, create_sq_in, MBOX_OUT,
	    sim_create_sq_fields, sim_exec_create_sq, NULL),
	CMD(MLX5_CMD_OP_MODIFY_SQ, 0, SIM_PATH_MODIFY, modify_sq_in, MBOX_OUT,
	    sim_modify_sq_fields, sim_exec_modify_sq, sim_target_modify_sq),
	CMD(MLX5_CMD_OP_DESTROY_SQ, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, exec_destroy_unused, sim_target_sq),
	CMD(MLX5_CMD_OP_CREATE_FLOW_TABLE, 0, SIM_PATH_CREATE,
	    create_flow_table_in, DEVX_ST_SZ_BYTES(create_flow_table_out),
	    create_ft_fields, exec_create_ft, NULL),
	CMD(MLX5_CMD_OP_MODIFY_FLOW_TABLE, 0, SIM_PATH_MODIFY,
	    modify_flow_table_in, MBOX_OUT, modify_ft_fields, exec_modify_ft,
	    target_modify_ft),
	CMD(MLX5_CMD_OP_QUERY_FLOW_TABLE, 0, SIM_PATH_QUERY,
	    query_flow_table_in, DEVX_ST_SZ_BYTES(query_flow_table_out),
	    query_ft_fields, exec_query_ft, target_query_ft),
	CMD(MLX5_CMD_OP_DESTROY_FLOW_TABLE, 0, SIM_PATH_DESTROY,
	    destroy_flow_table_in, MBOX_OUT, destroy_ft_fields, exec_destroy_ft,
	    target_destroy_ft),
	CMD(MLX5_CMD_OP_ALLOC_FLOW_COUNTER, 0, SIM_PATH_CREATE,
	    alloc_flow_counter_in, DEVX_ST_SZ_BYTES(alloc_flow_counter_out),
	    alloc_counter_fields, exec_alloc_counter, NULL),
	CMD(MLX5_CMD_OP_DEALLOC_FLOW_COUNTER, 0, SIM_PATH_DESTROY,
	    dealloc_flow_counter_in, MBOX_OUT, dealloc_counter_fields,
	    exec_destroy_unused, target_dealloc_counter),
	CMD(MLX5_CMD_OP_QUERY_FLOW_COUNTER, 0, SIM_PATH_QUERY,
	    query_flow_counter_in, DEVX_ST_SZ_BYTES(query_flow_counter_out),
	    query_counter_fields, exec_query_counter, target_query_counter),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_STE,
	    SIM_PATH_CREATE, create_ste_in, HDR_OUT, create_ste_fields,
	    exec_create_ste, NULL),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_STC,
	    SIM_PATH_CREATE, create_stc_in, HDR_OUT, create_stc_fields,
	    exec_create_stc, NULL),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_RTC,
	    SIM_PATH_CREATE, create_rtc_in, HDR_OUT, create_rtc_fields,
	    exec_create_rtc, NULL),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_MATCH_DEFINER,
	    SIM_PATH_CREATE, create_definer_in, HDR_OUT, create_definer_fields,
	    exec_create_definer, NULL),
	CMD(MLX5_CMD_OP_MODIFY_GENERAL_OBJECT, MLX5_OBJ_TYPE_STC,
	    SIM_PATH_MODIFY, create_stc_in, HDR_OUT, modify_stc_fields,
	    exec_modify_stc, target_general),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_STE,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    destroy_general_fields, exec_destroy_general, target_general),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_STC,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    destroy_general_fields, exec_destroy_general, target_general),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_RTC,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    destroy_general_fields, exec_destroy_general, target_general),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_MATCH_DEFINER,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    destroy_general_fields, exec_destroy_general, target_general),
	/* the receive path (rx.c) */
	CMD(MLX5_CMD_OP_ALLOC_TRANSPORT_DOMAIN, 0, SIM_PATH_CREATE,
	    alloc_transport_domain_in, MBOX_OUT, sim_alloc_td_fields,
	    sim_exec_alloc_td, NULL),
	CMD(MLX5_CMD_OP_DEALLOC_TRANSPORT_DOMAIN, 0, SIM_PATH_DESTROY,
	    destroy_qnum_in, MBOX_OUT, destroy_qnum_fields,
	    exec_destroy_unused, sim_target_td),
	CMD(MLX5_CMD_OP_CREATE_RQ, 0, SIM_PATH_CREATE, create_rq_in, MBOX_OUT,
	    sim_create_rq_fields, sim_exec_create_rq, NULL),
	CMD(MLX5_CMD_OP_MODIFY_RQ, 0, SIM_PATH_MODIFY, modify_rq_in, MBOX_OUT,
	    sim_modify_rq_fields, sim_exec_modify_rq, sim_target_modify_rq),
	CMD(MLX5_CMD_OP_DESTROY_RQ, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, exec_destroy_unused, sim_target_rq),
	CMD(MLX5_CMD_OP_CREATE_RQT, 0, SIM_PATH_CREATE, create_rqt_in, MBOX_OUT,
	    sim_create_rqt_fields, sim_exec_create_rqt, NULL),
	CMD(MLX5_CMD_OP_DESTROY_RQT, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, exec_destroy_unused, sim_target_rqt),
	CMD(MLX5_CMD_OP_CREATE_TIR, 0, SIM_PATH_CREATE, create_tir_in, MBOX_OUT,
	    sim_create_tir_fields, sim_exec_create_tir, NULL),
	CMD(MLX5_CMD_OP_DESTROY_TIR, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, exec_destroy_unused, sim_target_tir),
};

#define NCMDS NFIELDS(cmd_table)

static bool is_general_obj_opcode(uint16_t opcode)
{
	return opcode >= MLX5_CMD_OP_CREATE_GENERAL_OBJECT &&
	       opcode <= MLX5_CMD_OP_DESTROY_GENERAL_OBJECT;
}

static const struct sim_cmd *find_cmd(uint16_t opcode, uint16_t obj_type,
				      uint32_t *synd)
{
	bool opcode_known = false;
	size_t i;

	for (i = 0; i < NCMDS; i++) {
		if (cmd_table[i].opcode != opcode)
			continue;
		opcode_known = true;
		if (!is_general_obj_opcode(opcode) ||
		    cmd_table[i].obj_type == obj_type)
			return &cmd_table[i];
	}
	*synd = opcode_known ? SIM_SYND_UNKNOWN_OBJ_TYPE :
			       SIM_SYND_UNKNOWN_OPCODE;
	return NULL;
}

static pthread_once_t allowed_once = PTHREAD_ONCE_INIT;

/* Each command's mask of input bits that may be non-zero. */
static void build_allowed_masks(void)
{
	size_t i, f, b;

	for (i = 0; i < NCMDS; i++) {
		struct sim_cmd *c = &cmd_table[i];
		uint8_t *m = calloc(1, c->inlen);

		if (!m)
			abort();
		for (f = 0; f < c->nfields; f++)
			for (b = c->fields[f].off;
			     b < c->fields[f].off + c->fields[f].sz; b++)
				m[b / 8] |= 0x80 >> (b % 8);
		/* opcode and op_mod/obj_type select the command */
		m[0] = m[1] = m[6] = m[7] = 0xff;
		c->allowed = m;
	}
}

static uint32_t reserved_bits_set(const struct sim_cmd *c, const uint8_t *in)
{
	uint16_t i;

	for (i = 0; i < c->inlen; i++)
		if (in[i] & ~c->allowed[i])
			return 1;
	return 0;
}

struct sim_umem *sim_umem_find(struct sim_nic *nic, uint32_t id)
{
	struct sim_res *r;

	for (r = nic->umems; r; r = r->next) {
		struct sim_umem *u = sim_container_of(r, struct sim_umem, res);

		if (u->id == id)
			return u;
	}
	return NULL;
}

static bool cmd_fault_fires(struct sim_nic *nic, uint16_t opcode)
{
	struct sim_fault_cmd *f = &nic->cmd_fault;

	if (!f->countdown || (f->opcode && f->opcode != opcode))
		return false;
	if (--f->countdown)
		return false;
	if (f->repeat) {
		f->repeat--;
		f->countdown = 1;
	}
	return true;
}

static void set_status(void *out, uint8_t status, uint32_t synd)
{
	DEVX_SET(mbox_out, out, status, status);
	DEVX_SET(mbox_out, out, syndrome, synd);
}

/* The kernel's DevX layer: which calls may carry which commands. */
static int check_path(struct sim_req *req, const struct sim_cmd *c,
		      enum sim_path path, uint8_t *status)
{
	struct sim_obj *named;

	*status = MLX5_CMD_STAT_OK;
	if (c->path == path && path != SIM_PATH_MODIFY &&
	    path != SIM_PATH_QUERY && path != SIM_PATH_DESTROY)
		return 0;
	if (path == SIM_PATH_CREATE || path == SIM_PATH_GENERAL) {
		if (path == SIM_PATH_CREATE || !c->target)
			return EINVAL;
		/*
		 * A destroy or modify through the general call: firmware
		 * refuses a foreign object; an own one must go through its
		 * handle.
		 */
		named = c->target(req->nic, req->in);
		if (named && named->uid != req->ctx->uid) {
			*status = sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
						 SIM_SYND_OBJECT_OF_OTHER_UID);
			return 0;
		}
		return EINVAL;
	}
	if (c->path != path)
		return EINVAL;
	named = c->target(req->nic, req->in);
	if (!named) {
		*status = sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
					 SIM_SYND_OBJECT_MISSING);
		return 0;
	}
	if (named->uid != req->ctx->uid) {
		*status = sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_ERR,
					 SIM_SYND_OBJECT_OF_OTHER_UID);
		return 0;
	}
	if (req->target && named != req->target)
		return EINVAL;
	req->target = named;
	return 0;
}

int sim_exec(struct sim_ctx *ctx, enum sim_path path, struct sim_obj *target,
	     const void *in, size_t inlen, void *out, size_t outlen,
	     struct sim_obj **created)
{
	struct sim_nic *nic = ctx->nic;
	uint8_t buf[SIM_MAX_CMD_IN] = { 0 };
	struct sim_req req = {
		.ctx = ctx, .nic = nic, .in = buf, .out = out,
		.outlen = outlen, .target = target, .raw_in = in,
		.raw_inlen = inlen,
	};
	const struct sim_cmd *c;
	uint16_t opcode, op_mod;
	uint8_t status;
	int err;

	if (!in || !out || inlen < 8 || outlen < 8)
		return EINVAL;
	pthread_once(&allowed_once, build_allowed_masks);
	memset(out, 0, outlen);
	opcode = DEVX_GET(mbox_in, in, opcode);
	op_mod = DEVX_GET(mbox_in, in, op_mod);

	pthread_mutex_lock(&nic->lock);
	nic->stats.commands++;
	c = find_cmd(opcode, op_mod, &req.synd);
	if (!c) {
		status = MLX5_CMD_STAT_BAD_OP_ERR;
		goto done;
	}
	if (c->obj_type && !sim_obj_type_supported(&nic->profile, c->obj_type)) {
		status = sim_cmd_refuse(&req, MLX5_CMD_STAT_BAD_OP_ERR,
					SIM_SYND_OBJ_TYPE_NOT_SUPPORTED);
		goto done;
	}
	if (inlen < c->inlen) {
		status = sim_cmd_refuse(&req, MLX5_CMD_STAT_BAD_INP_LEN_ERR,
					SIM_SYND_INPUT_TOO_SHORT);
		goto done;
	}
	if (outlen < c->outlen) {
		status = sim_cmd_refuse(&req, MLX5_CMD_STAT_BAD_OUTP_LEN_ERR,
					SIM_SYND_OUTPUT_TOO_SHORT);
		goto done;
	}
	memcpy(buf, in, c->inlen);
	/* The kernel stamps the DevX context's uid into every command. */
	DEVX_SET(mbox_in, buf, uid, ctx->uid);

	err = check_path(&req, c, path, &status);
	if (err) {
		pthread_mutex_unlock(&nic->lock);
		return err;
	}
	if (status)
		goto done;
	if (cmd_fault_fires(nic, opcode)) {
		status = sim_cmd_refuse(&req, nic->cmd_fault.status,
					SIM_SYND_INJECTED);
		goto done;
	}
	if (reserved_bits_set(c, buf)) {
		status = sim_cmd_refuse(&req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					SIM_SYND_RESERVED_BITS_SET);
		goto done;
	}
	status = c->exec(&req);
	if (!status && path == SIM_PATH_DESTROY)
		sim_obj_free(nic, req.target);
done:
	nic->stats.last_opcode = opcode;
	nic->stats.last_status = status;
	nic->stats.last_syndrome = status ? req.synd : 0;
	set_status(out, status, status ? req.synd : 0);
	if (!status && req.created &&
	    req.created->space == SIM_SPACE_GENERAL)
		DEVX_SET(general_obj_out_cmd_hdr, out, obj_id, req.created->id);
	if (!status && created)
		*created = req.created;
	pthread_mutex_unlock(&nic->lock);
	return status ? EREMOTEIO : 0;
}

/* The destroy command the kernel builds from an object's create. */
int sim_destroy_obj(struct sim_ctx *ctx, struct sim_obj *obj)
{
	uint8_t in[DEVX_ST_SZ_BYTES(destroy_flow_table_in)] = { 0 };
	uint8_t out[HDR_OUT] = { 0 };
	static const uint16_t general_type[SIM_OBJ_KIND_MAX] = {
		[SIM_OBJ_DEFINER] = MLX5_OBJ_TYPE_MATCH_DEFINER,
		[SIM_OBJ_STC] = MLX5_OBJ_TYPE_STC,
		[SIM_OBJ_RTC] = MLX5_OBJ_TYPE_RTC,
		[SIM_OBJ_STE] = MLX5_OBJ_TYPE_STE,
	};
	static const uint16_t opcode[SIM_OBJ_KIND_MAX] = {
		[SIM_OBJ_PD] = MLX5_CMD_OP_DEALLOC_PD,
		[SIM_OBJ_CQ] = MLX5_CMD_OP_DESTROY_CQ,
		[SIM_OBJ_SQ] = MLX5_CMD_OP_DESTROY_SQ,
		[SIM_OBJ_TD] = MLX5_CMD_OP_DEALLOC_TRANSPORT_DOMAIN,
		[SIM_OBJ_RQ] = MLX5_CMD_OP_DESTROY_RQ,
		[SIM_OBJ_RQT] = MLX5_CMD_OP_DESTROY_RQT,
		[SIM_OBJ_TIR] = MLX5_CMD_OP_DESTROY_TIR,
	};
	size_t inlen = DEVX_ST_SZ_BYTES(destroy_qnum_in);

	switch (obj->kind) {
	case SIM_OBJ_DEFINER:
	case SIM_OBJ_STC:
	case SIM_OBJ_RTC:
	case SIM_OBJ_STE:
		DEVX_SET(general_obj_in_cmd_hdr, in, opcode,
			 MLX5_CMD_OP_DESTROY_GENERAL_OBJECT);
		DEVX_SET(general_obj_in_cmd_hdr, in, obj_type,
			 general_type[obj->kind]);
		DEVX_SET(general_obj_in_cmd_hdr, in, obj_id, obj->id);
		inlen = DEVX_ST_SZ_BYTES(general_obj_in_cmd_hdr);
		break;
	case SIM_OBJ_FT:
		DEVX_SET(destroy_flow_table_in, in, opcode,
			 MLX5_CMD_OP_DESTROY_FLOW_TABLE);
		DEVX_SET(destroy_flow_table_in, in, table_type,
			 obj->ft.table_type);
		DEVX_SET(destroy_flow_table_in, in, table_id, obj->id);
		inlen = sizeof(in);
		break;
	case SIM_OBJ_FLOW_COUNTER:
		DEVX_SET(dealloc_flow_counter_in, in, opcode,
			 MLX5_CMD_OP_DEALLOC_FLOW_COUNTER);
		DEVX_SET(dealloc_flow_counter_in, in, flow_counter_id, obj->id);
		break;
	default:
		DEVX_SET(destroy_qnum_in, in, opcode, opcode[obj->kind]);
		DEVX_SET(destroy_qnum_in, in, num, obj->id);
		break;
	}
	return sim_exec(ctx, SIM_PATH_DESTROY, obj, in, inlen, out,
			sizeof(out), NULL);
}
