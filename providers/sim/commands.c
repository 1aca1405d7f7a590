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
	case SIM_OBJ_PATTERN:
		return SIM_CAP(p, wqe, wqe_based_flow_table_cap,
			       log_max_num_header_modify_pattern);
	case SIM_OBJ_TD:
		return SIM_CAP(p, general, cmd_hca_cap,
			       log_max_transport_domain);
	case SIM_OBJ_RQ:
		return SIM_CAP(p, general, cmd_hca_cap, log_max_rq);
	case SIM_OBJ_RQT:
		return SIM_CAP(p, general, cmd_hca_cap, log_max_rqt);
	case SIM_OBJ_TIR:
		return SIM_CAP(p, general, cmd_hca_cap, log_max_tir);
	case SIM_OBJ_REFORMAT:
		return SIM_CAP(p, nic_ft, flow_table_nic_cap,
			       log_max_packet_reformat_context);
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

uint8_t sim_cmd_destroy_unused(struct sim_req *req)
{
	if (req->target->users)
		return sim_cmd_refuse_busy(req);
	return MLX5_CMD_STAT_OK;
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
	IN(create_header_modify_pattern_in);
	IN(create_modify_header_arg_in);
	IN(create_geneve_tlv_option_in);
	IN(general_obj_in_cmd_hdr);
	IN(alloc_transport_domain_in);
	IN(create_rq_in);
	IN(modify_rq_in);
	IN(create_rqt_in);
	IN(create_tir_in);
	IN(create_flow_group_in);
	IN(destroy_flow_group_in);
	IN(set_fte_in);
	IN(delete_fte_in);
	IN(alloc_packet_reformat_context_in);
	IN(dealloc_packet_reformat_context_in);
	IN(generate_wqe_in);
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
	    MBOX_OUT, destroy_qnum_fields, sim_cmd_destroy_unused, target_pd),
	CMD(MLX5_CMD_OP_CREATE_CQ, 0, SIM_PATH_CREATE, create_cq_in, MBOX_OUT,
	    sim_create_cq_fields, sim_exec_create_cq, NULL),
	CMD(MLX5_CMD_OP_DESTROY_CQ, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, sim_cmd_destroy_unused,
	    sim_target_cq),
	CMD(MLX5_CMD_OP_CREATE_SQ, 0, SIM_PATH_CREATE, create_sq_in, MBOX_OUT,
	    sim_create_sq_fields, sim_exec_create_sq, NULL),
	CMD(MLX5_CMD_OP_MODIFY_SQ, 0, SIM_PATH_MODIFY, modify_sq_in, MBOX_OUT,
	    sim_modify_sq_fields, sim_exec_modify_sq, sim_target_modify_sq),
	CMD(MLX5_CMD_OP_DESTROY_SQ, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, sim_cmd_destroy_unused,
	    sim_target_sq),
	CMD(MLX5_CMD_OP_CREATE_FLOW_TABLE, 0, SIM_PATH_CREATE,
	    create_flow_table_in, DEVX_ST_SZ_BYTES(create_flow_table_out),
	    sim_create_ft_fields, sim_exec_create_ft, NULL),
	CMD(MLX5_CMD_OP_MODIFY_FLOW_TABLE, 0, SIM_PATH_MODIFY,
	    modify_flow_table_in, MBOX_OUT, sim_modify_ft_fields,
	    sim_exec_modify_ft, sim_target_modify_ft),
	CMD(MLX5_CMD_OP_QUERY_FLOW_TABLE, 0, SIM_PATH_QUERY,
	    query_flow_table_in, DEVX_ST_SZ_BYTES(query_flow_table_out),
	    sim_query_ft_fields, sim_exec_query_ft, sim_target_query_ft),
	CMD(MLX5_CMD_OP_DESTROY_FLOW_TABLE, 0, SIM_PATH_DESTROY,
	    destroy_flow_table_in, MBOX_OUT, sim_destroy_ft_fields,
	    sim_exec_destroy_ft, sim_target_destroy_ft),
	CMD(MLX5_CMD_OP_ALLOC_FLOW_COUNTER, 0, SIM_PATH_CREATE,
	    alloc_flow_counter_in, DEVX_ST_SZ_BYTES(alloc_flow_counter_out),
	    sim_alloc_counter_fields, sim_exec_alloc_counter, NULL),
	CMD(MLX5_CMD_OP_DEALLOC_FLOW_COUNTER, 0, SIM_PATH_DESTROY,
	    dealloc_flow_counter_in, MBOX_OUT, sim_dealloc_counter_fields,
	    sim_cmd_destroy_unused, sim_target_dealloc_counter),
	CMD(MLX5_CMD_OP_QUERY_FLOW_COUNTER, 0, SIM_PATH_QUERY,
	    query_flow_counter_in, DEVX_ST_SZ_BYTES(query_flow_counter_out),
	    sim_query_counter_fields, sim_exec_query_counter,
	    sim_target_query_counter),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_STE,
	    SIM_PATH_CREATE, create_ste_in, HDR_OUT, sim_create_ste_fields,
	    sim_exec_create_ste, NULL),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_STC,
	    SIM_PATH_CREATE, create_stc_in, HDR_OUT, sim_create_stc_fields,
	    sim_exec_create_stc, NULL),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_RTC,
	    SIM_PATH_CREATE, create_rtc_in, HDR_OUT, sim_create_rtc_fields,
	    sim_exec_create_rtc, NULL),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_MATCH_DEFINER,
	    SIM_PATH_CREATE, create_definer_in, HDR_OUT,
	    sim_create_definer_fields, sim_exec_create_definer, NULL),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_GENEVE_TLV_OPT,
	    SIM_PATH_CREATE, create_geneve_tlv_option_in, HDR_OUT,
	    sim_create_geneve_opt_fields, sim_exec_create_geneve_opt, NULL),
	CMD(MLX5_CMD_OP_MODIFY_GENERAL_OBJECT, MLX5_OBJ_TYPE_STC,
	    SIM_PATH_MODIFY, create_stc_in, HDR_OUT, sim_modify_stc_fields,
	    sim_exec_modify_stc, sim_target_general),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_STE,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    sim_destroy_general_fields, sim_exec_destroy_general,
	    sim_target_general),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_STC,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    sim_destroy_general_fields, sim_exec_destroy_general,
	    sim_target_general),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_RTC,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    sim_destroy_general_fields, sim_exec_destroy_general,
	    sim_target_general),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_MATCH_DEFINER,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    sim_destroy_general_fields, sim_exec_destroy_general,
	    sim_target_general),
	/* rewrites (pat_arg.c) */
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT, MLX5_OBJ_TYPE_MODIFY_HDR_PATTERN,
	    SIM_PATH_CREATE, create_header_modify_pattern_in, HDR_OUT,
	    sim_create_pattern_fields, sim_exec_create_pattern, NULL),
	CMD(MLX5_CMD_OP_QUERY_GENERAL_OBJECT, MLX5_OBJ_TYPE_MODIFY_HDR_PATTERN,
	    SIM_PATH_QUERY, general_obj_in_cmd_hdr,
	    HDR_OUT + DEVX_ST_SZ_BYTES(header_modify_pattern_in),
	    sim_query_pattern_fields, sim_exec_query_pattern,
	    sim_target_general),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_MODIFY_HDR_PATTERN,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    sim_destroy_general_fields, sim_exec_destroy_general,
	    sim_target_general),
	CMD(MLX5_CMD_OP_CREATE_GENERAL_OBJECT,
	    MLX5_OBJ_TYPE_HEADER_MODIFY_ARGUMENT, SIM_PATH_CREATE,
	    create_modify_header_arg_in, HDR_OUT, sim_create_arg_fields,
	    sim_exec_create_arg, NULL),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT,
	    MLX5_OBJ_TYPE_HEADER_MODIFY_ARGUMENT, SIM_PATH_DESTROY,
	    general_obj_in_cmd_hdr, HDR_OUT, sim_destroy_general_fields,
	    sim_exec_destroy_general, sim_target_arg),
	CMD(MLX5_CMD_OP_DESTROY_GENERAL_OBJECT, MLX5_OBJ_TYPE_GENEVE_TLV_OPT,
	    SIM_PATH_DESTROY, general_obj_in_cmd_hdr, HDR_OUT,
	    sim_destroy_general_fields, sim_exec_destroy_general,
	    sim_target_general),
	/* the receive path (rx.c) */
	CMD(MLX5_CMD_OP_ALLOC_TRANSPORT_DOMAIN, 0, SIM_PATH_CREATE,
	    alloc_transport_domain_in, MBOX_OUT, sim_alloc_td_fields,
	    sim_exec_alloc_td, NULL),
	CMD(MLX5_CMD_OP_DEALLOC_TRANSPORT_DOMAIN, 0, SIM_PATH_DESTROY,
	    destroy_qnum_in, MBOX_OUT, destroy_qnum_fields,
	    sim_cmd_destroy_unused, sim_target_td),
	CMD(MLX5_CMD_OP_CREATE_RQ, 0, SIM_PATH_CREATE, create_rq_in, MBOX_OUT,
	    sim_create_rq_fields, sim_exec_create_rq, NULL),
	CMD(MLX5_CMD_OP_MODIFY_RQ, 0, SIM_PATH_MODIFY, modify_rq_in, MBOX_OUT,
	    sim_modify_rq_fields, sim_exec_modify_rq, sim_target_modify_rq),
	CMD(MLX5_CMD_OP_DESTROY_RQ, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, sim_cmd_destroy_unused,
	    sim_target_rq),
	CMD(MLX5_CMD_OP_CREATE_RQT, 0, SIM_PATH_CREATE, create_rqt_in, MBOX_OUT,
	    sim_create_rqt_fields, sim_exec_create_rqt, NULL),
	CMD(MLX5_CMD_OP_DESTROY_RQT, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, sim_cmd_destroy_unused,
	    sim_target_rqt),
	CMD(MLX5_CMD_OP_CREATE_TIR, 0, SIM_PATH_CREATE, create_tir_in, MBOX_OUT,
	    sim_create_tir_fields, sim_exec_create_tir, NULL),
	CMD(MLX5_CMD_OP_DESTROY_TIR, 0, SIM_PATH_DESTROY, destroy_qnum_in,
	    MBOX_OUT, destroy_qnum_fields, sim_cmd_destroy_unused,
	    sim_target_tir),
	/* firmware-managed flow tables (fw_table.c) */
	CMD(MLX5_CMD_OP_CREATE_FLOW_GROUP, 0, SIM_PATH_CREATE,
	    create_flow_group_in, DEVX_ST_SZ_BYTES(create_flow_group_out),
	    sim_create_fg_fields, sim_exec_create_fg, NULL),
	CMD(MLX5_CMD_OP_DESTROY_FLOW_GROUP, 0, SIM_PATH_DESTROY,
	    destroy_flow_group_in, MBOX_OUT, sim_destroy_fg_fields,
	    sim_exec_destroy_fg, sim_target_fg),
	CMD(MLX5_CMD_OP_SET_FLOW_TABLE_ENTRY, 0, SIM_PATH_CREATE, set_fte_in,
	    MBOX_OUT, sim_set_fte_fields, sim_exec_set_fte, NULL),
	CMD(MLX5_CMD_OP_DELETE_FLOW_TABLE_ENTRY, 0, SIM_PATH_DESTROY,
	    delete_fte_in, MBOX_OUT, sim_delete_fte_fields, sim_exec_delete_fte,
	    sim_target_fte),
	CMD(MLX5_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT, 0, SIM_PATH_CREATE,
	    alloc_packet_reformat_context_in,
	    DEVX_ST_SZ_BYTES(alloc_packet_reformat_context_out),
	    sim_alloc_reformat_fields, sim_exec_alloc_reformat, NULL),
	CMD(MLX5_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT, 0, SIM_PATH_DESTROY,
	    dealloc_packet_reformat_context_in, MBOX_OUT,
	    sim_dealloc_reformat_fields, sim_cmd_destroy_unused,
	    sim_target_reformat),
	CMD(MLX5_CMD_OP_GENERATE_WQE, 0, SIM_PATH_GENERAL, generate_wqe_in,
	    DEVX_ST_SZ_BYTES(generate_wqe_out), sim_generate_wqe_fields,
	    sim_exec_generate_wqe, NULL),
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

	sim_nic_lock(nic);
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
		sim_nic_unlock(nic);
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
	    (req.created->space == SIM_SPACE_GENERAL ||
	     req.created->space == SIM_SPACE_ARG))
		DEVX_SET(general_obj_out_cmd_hdr, out, obj_id, req.created->id);
	if (!status && created)
		*created = req.created;
	sim_nic_unlock(nic);
	return status ? EREMOTEIO : 0;
}

/* The destroy command the kernel builds from an object's create. */
int sim_destroy_obj(struct sim_ctx *ctx, struct sim_obj *obj)
{
	uint8_t in[DEVX_ST_SZ_BYTES(delete_fte_in)] = { 0 };
	uint8_t out[HDR_OUT] = { 0 };
	static const uint16_t general_type[SIM_OBJ_KIND_MAX] = {
		[SIM_OBJ_DEFINER] = MLX5_OBJ_TYPE_MATCH_DEFINER,
		[SIM_OBJ_STC] = MLX5_OBJ_TYPE_STC,
		[SIM_OBJ_RTC] = MLX5_OBJ_TYPE_RTC,
		[SIM_OBJ_STE] = MLX5_OBJ_TYPE_STE,
		[SIM_OBJ_PATTERN] = MLX5_OBJ_TYPE_MODIFY_HDR_PATTERN,
		[SIM_OBJ_ARG] = MLX5_OBJ_TYPE_HEADER_MODIFY_ARGUMENT,
		[SIM_OBJ_GENEVE_OPT] = MLX5_OBJ_TYPE_GENEVE_TLV_OPT,
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
	case SIM_OBJ_PATTERN:
	case SIM_OBJ_ARG:
	case SIM_OBJ_GENEVE_OPT:
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
		inlen = DEVX_ST_SZ_BYTES(destroy_flow_table_in);
		break;
	case SIM_OBJ_FG:
		DEVX_SET(destroy_flow_group_in, in, opcode,
			 MLX5_CMD_OP_DESTROY_FLOW_GROUP);
		DEVX_SET(destroy_flow_group_in, in, table_type,
			 obj->fg.ft->ft.table_type);
		DEVX_SET(destroy_flow_group_in, in, table_id, obj->fg.ft->id);
		DEVX_SET(destroy_flow_group_in, in, group_id, obj->id);
		inlen = DEVX_ST_SZ_BYTES(destroy_flow_group_in);
		break;
	case SIM_OBJ_FTE:
		DEVX_SET(delete_fte_in, in, opcode,
			 MLX5_CMD_OP_DELETE_FLOW_TABLE_ENTRY);
		DEVX_SET(delete_fte_in, in, table_type,
			 obj->fte.ft->ft.table_type);
		DEVX_SET(delete_fte_in, in, table_id, obj->fte.ft->id);
		DEVX_SET(delete_fte_in, in, flow_index, obj->fte.index);
		inlen = sizeof(in);
		break;
	case SIM_OBJ_REFORMAT:
		DEVX_SET(dealloc_packet_reformat_context_in, in, opcode,
			 MLX5_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT);
		DEVX_SET(dealloc_packet_reformat_context_in, in,
			 packet_reformat_id, obj->id);
		inlen = DEVX_ST_SZ_BYTES(dealloc_packet_reformat_context_in);
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
