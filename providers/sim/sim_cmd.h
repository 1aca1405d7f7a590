/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The model's command plane, shared by its rooms: a request as the decoder
 * hands it to a command's handler, and the helpers handlers judge with.
 * The decoder and its table live in commands.c; flow tables and counters
 * in cmd_flow.c, general objects (STE, STC, RTC, definer) in
 * cmd_objects.c, pattern and ARG objects and the stc_param of rewrites in
 * pat_arg.c, queue commands in cmd_queues.c, capability queries in
 * cmd_caps.c, the receive path (TD, RQ, RQT, TIR) in rx.c, GENERATE_WQE
 * in cmd_gen_wqe.c.
 */
#ifndef HWS_SIM_CMD_H
#define HWS_SIM_CMD_H

#include "sim_internal.h"

#define GET(typ, p, fld) DEVX_GET(typ, p, fld)
#define SET(typ, p, fld, v) DEVX_SET(typ, p, fld, v)

struct sim_field {
	uint16_t off;
	uint16_t sz;
};

struct sim_req {
	struct sim_ctx *ctx;
	struct sim_nic *nic;
	const uint8_t *in;
	uint8_t *out;
	size_t outlen;
	struct sim_obj *target;
	struct sim_obj *created;
	uint32_t synd;
	/* the caller's bytes, for inputs longer than the table's (RQT) */
	const uint8_t *raw_in;
	size_t raw_inlen;
};

/* An input field a command may set: its bit offset and size. */
#define FLD(typ, fld) { PRM_BIT_OFF(typ, fld), PRM_BIT_SZ(typ, fld) }

/* Refuse a request: req->synd names the check; returns status. */
uint8_t sim_cmd_refuse(struct sim_req *req, uint8_t status, uint32_t synd);
uint8_t sim_cmd_refuse_busy(struct sim_req *req);
/* Look up a referenced object: it must exist, be of kind and be ours. */
uint8_t sim_cmd_ref_obj(struct sim_req *req, enum sim_id_space space,
			enum sim_obj_kind kind, uint32_t id,
			struct sim_obj **obj);
/* Create req->created within the profile's limit for its kind. */
uint8_t sim_cmd_new_obj(struct sim_req *req, enum sim_obj_kind kind,
			enum sim_id_space space, uint64_t icm_bytes);
/* A destroy's check: refused while another object uses req->target. */
uint8_t sim_cmd_destroy_unused(struct sim_req *req);
/* Ranged objects (STE, STC, ARG) take log_obj_range; others leave it 0. */
uint8_t sim_cmd_check_log_range(struct sim_req *req, bool ranged,
				uint32_t gran, uint32_t max);

/* cmd_flow.c: flow tables and flow counters */
/* The flow_table_prop_layout of a table type, or NULL if it has none. */
const uint8_t *sim_ft_props(const struct sim_profile *p, uint8_t type);
extern const struct sim_field sim_create_ft_fields[13];
extern const struct sim_field sim_modify_ft_fields[10];
extern const struct sim_field sim_query_ft_fields[5];
extern const struct sim_field sim_destroy_ft_fields[5];
extern const struct sim_field sim_alloc_counter_fields[5];
extern const struct sim_field sim_dealloc_counter_fields[4];
extern const struct sim_field sim_query_counter_fields[6];
uint8_t sim_exec_create_ft(struct sim_req *req);
uint8_t sim_exec_modify_ft(struct sim_req *req);
uint8_t sim_exec_query_ft(struct sim_req *req);
uint8_t sim_exec_destroy_ft(struct sim_req *req);
uint8_t sim_exec_alloc_counter(struct sim_req *req);
uint8_t sim_exec_query_counter(struct sim_req *req);
struct sim_obj *sim_target_modify_ft(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_query_ft(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_destroy_ft(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_dealloc_counter(struct sim_nic *nic,
					   const uint8_t *in);
struct sim_obj *sim_target_query_counter(struct sim_nic *nic,
					 const uint8_t *in);

/* cmd_objects.c: STE, STC, RTC and definer general objects */
extern const struct sim_field sim_create_ste_fields[6];
extern const struct sim_field sim_create_stc_fields[6];
extern const struct sim_field sim_modify_stc_fields[11];
extern const struct sim_field sim_create_definer_fields[24];
extern const struct sim_field sim_create_rtc_fields[23];
extern const struct sim_field sim_destroy_general_fields[4];
uint8_t sim_exec_create_ste(struct sim_req *req);
uint8_t sim_exec_create_stc(struct sim_req *req);
uint8_t sim_exec_modify_stc(struct sim_req *req);
uint8_t sim_exec_create_definer(struct sim_req *req);
uint8_t sim_exec_create_rtc(struct sim_req *req);
uint8_t sim_exec_destroy_general(struct sim_req *req);
struct sim_obj *sim_target_general(struct sim_nic *nic, const uint8_t *in);

/* pat_arg.c: pattern and ARG objects, rewrite and action-STE STCs */
extern const struct sim_field sim_create_pattern_fields[7];
extern const struct sim_field sim_query_pattern_fields[4];
extern const struct sim_field sim_create_arg_fields[6];
uint8_t sim_exec_create_pattern(struct sim_req *req);
uint8_t sim_exec_query_pattern(struct sim_req *req);
uint8_t sim_exec_create_arg(struct sim_req *req);
struct sim_obj *sim_target_arg(struct sim_nic *nic, const uint8_t *in);
/* The stc_param of a rewrite or JUMP_TO_STE_TABLE and what it names. */
uint8_t sim_stc_check_rewrite(struct sim_req *req, uint8_t table_type,
			      uint8_t action, const uint8_t *param,
			      struct sim_obj **target, struct sim_obj **target2);
/* cmd_geneve.c: the GENEVE option the flex parser reads */
extern const struct sim_field sim_create_geneve_opt_fields[6];
uint8_t sim_exec_create_geneve_opt(struct sim_req *req);
/* cmd_gen_wqe.c: GENERATE_WQE, firmware's writes into update_method 1 RTCs */
extern const struct sim_field sim_generate_wqe_fields[7];
uint8_t sim_exec_generate_wqe(struct sim_req *req);
/* May an RTC of this STE format and hash definers take update_method 1? */
bool sim_gen_wqe_rtc_supported(const struct sim_profile *p, uint8_t format,
			       uint8_t num_hash_definer);

/* cmd_caps.c: QUERY_HCA_CAP */
extern const struct sim_field sim_query_hca_cap_fields[7];
uint8_t sim_exec_query_hca_cap(struct sim_req *req);

/* cmd_queues.c: CQ and SQ */
extern const struct sim_field sim_create_cq_fields[16];
extern const struct sim_field sim_create_sq_fields[22];
extern const struct sim_field sim_modify_sq_fields[6];
uint8_t sim_exec_create_cq(struct sim_req *req);
uint8_t sim_exec_create_sq(struct sim_req *req);
uint8_t sim_exec_modify_sq(struct sim_req *req);
struct sim_obj *sim_target_cq(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_sq(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_modify_sq(struct sim_nic *nic, const uint8_t *in);
/* Queue memory of this uid, len bytes from off; a doorbell record. */
uint8_t sim_queue_umem_range(struct sim_req *req, uint32_t umem_id,
			     uint64_t off, uint64_t len, uint8_t **addr);
uint8_t sim_queue_dbr_range(struct sim_req *req, uint32_t umem_id,
			    uint64_t off, uint8_t **dbr);

/* rx.c: transport domain, RQ, RQT and TIR */
extern const struct sim_field sim_alloc_td_fields[3];
extern const struct sim_field sim_create_rq_fields[25];
extern const struct sim_field sim_modify_rq_fields[6];
extern const struct sim_field sim_create_rqt_fields[5];
extern const struct sim_field sim_create_tir_fields[14];
uint8_t sim_exec_alloc_td(struct sim_req *req);
uint8_t sim_exec_create_rq(struct sim_req *req);
uint8_t sim_exec_modify_rq(struct sim_req *req);
uint8_t sim_exec_create_rqt(struct sim_req *req);
uint8_t sim_exec_create_tir(struct sim_req *req);
struct sim_obj *sim_target_td(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_rq(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_modify_rq(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_rqt(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_tir(struct sim_nic *nic, const uint8_t *in);

/* fw_table.c: flow groups, flow table entries, packet reformat contexts */
extern const struct sim_field sim_create_fg_fields[7];
extern const struct sim_field sim_destroy_fg_fields[6];
extern const struct sim_field sim_set_fte_fields[11];
extern const struct sim_field sim_delete_fte_fields[6];
extern const struct sim_field sim_alloc_reformat_fields[6];
extern const struct sim_field sim_dealloc_reformat_fields[4];
uint8_t sim_exec_create_fg(struct sim_req *req);
uint8_t sim_exec_destroy_fg(struct sim_req *req);
uint8_t sim_exec_set_fte(struct sim_req *req);
uint8_t sim_exec_delete_fte(struct sim_req *req);
uint8_t sim_exec_alloc_reformat(struct sim_req *req);
struct sim_obj *sim_target_fg(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_fte(struct sim_nic *nic, const uint8_t *in);
struct sim_obj *sim_target_reformat(struct sim_nic *nic, const uint8_t *in);

#endif /* HWS_SIM_CMD_H */
