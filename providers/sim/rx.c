// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The receive path of the model: transport domains, RQs, RQ tables and
 * TIRs, judged as firmware judges their commands (prm/rx.md), and the
 * delivery of a packet that a JUMP_TO_TIR action sent to a TIR: directly to
 * its RQ, or through its RQT by the Toeplitz hash of the selected fields.
 * An RQ takes packets once MODIFY_RQ made it ready; until then, and after
 * an error, the NIC drops what reaches it.
 *
 * An object another one uses is held: an RQ by each RQT entry or direct TIR
 * naming it, an RQT by its TIRs, a TIR by the STC slots jumping to it, a
 * CQ and a PD by their RQs, a TD by its TIRs.  Destroying a held object is
 * refused with RES_BUSY, as firmware does.
 *
 * What the model does not do, it refuses rather than ignore: RMP and hairpin
 * RQs, LRO, the INVERTED_XOR8 hash, the symmetric hash, IPsec SPI hashing
 * and RQTs whose size is not a power of two (both drivers only make powers
 * of two; how firmware indexes others is not known).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim_cmd.h"

/* the hash input: source and destination IPv6 addresses, then the ports */
#define SIM_RX_HASH_INPUT_MAX (16 + 16 + 2 + 2)

/* Create within the kind's cap; the number goes out as create_qnum_out. */
static uint8_t sim_rx_new(struct sim_req *req, enum sim_obj_kind kind,
			  enum sim_id_space space)
{
	uint8_t st = sim_cmd_new_obj(req, kind, space, 0);

	if (!st)
		SET(create_qnum_out, req->out, num, req->created->id);
	return st;
}

/* Destroy commands name the object where destroy_qnum_in has num. */
struct sim_obj *sim_target_td(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_TD, GET(destroy_qnum_in, in, num));
}

struct sim_obj *sim_target_rq(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_RQ, GET(destroy_qnum_in, in, num));
}

struct sim_obj *sim_target_rqt(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_RQT, GET(destroy_qnum_in, in, num));
}

struct sim_obj *sim_target_tir(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_TIR, GET(destroy_qnum_in, in, num));
}

/* ALLOC_TRANSPORT_DOMAIN */

const struct sim_field sim_alloc_td_fields[3] = {
	FLD(alloc_transport_domain_in, opcode),
	FLD(alloc_transport_domain_in, uid),
	FLD(alloc_transport_domain_in, op_mod),
};

uint8_t sim_exec_alloc_td(struct sim_req *req)
{
	return sim_rx_new(req, SIM_OBJ_TD, SIM_SPACE_TD);
}

/* CREATE_RQ: an inline cyclic RQ in user memory, completing to a CQ */

#define RQC(fld) FLD(create_rq_in, ctx.fld)
const struct sim_field sim_create_rq_fields[25] = {
	FLD(create_rq_in, opcode),
	FLD(create_rq_in, uid),
	FLD(create_rq_in, op_mod),
	RQC(scatter_fcs),
	RQC(vsd),
	RQC(mem_rq_type),
	RQC(state),
	RQC(flush_in_error_en),
	RQC(hairpin),
	RQC(ts_format),
	RQC(user_index),
	RQC(cqn),
	RQC(wq.wq_type),
	RQC(wq.page_offset),
	RQC(wq.pd),
	RQC(wq.uar_page),
	RQC(wq.dbr_addr),
	RQC(wq.log_wq_stride),
	RQC(wq.log_wq_pg_sz),
	RQC(wq.log_wq_sz),
	RQC(wq.dbr_umem_valid),
	RQC(wq.wq_umem_valid),
	RQC(wq.dbr_umem_id),
	RQC(wq.wq_umem_id),
	RQC(wq.wq_umem_offset),
};
#undef RQC

uint8_t sim_exec_create_rq(struct sim_req *req)
{
	const uint8_t *rqc = DEVX_ADDR_OF(create_rq_in, req->in, ctx);
	const uint8_t *wq = DEVX_ADDR_OF(rqc, rqc, wq);
	uint8_t log_size = GET(wq, wq, log_wq_sz);
	uint8_t log_stride = GET(wq, wq, log_wq_stride);
	struct sim_obj *cq, *pd;
	uint8_t *ring, *dbr;
	uint8_t st;

	if (GET(rqc, rqc, state) != MLX5_RQC_STATE_RST)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RQ_BAD_STATE);
	if (GET(rqc, rqc, mem_rq_type) != MLX5_RQC_MEM_RQ_TYPE_INLINE ||
	    GET(rqc, rqc, hairpin))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RQ_TYPE_NOT_SUPPORTED);
	/* a receive WQE holds at least one 16-byte data segment */
	if (GET(wq, wq, wq_type) != MLX5_WQ_TYPE_CYCLIC || log_stride < 4 ||
	    log_size > SIM_CAP(&req->nic->profile, general, cmd_hca_cap,
			       log_max_wq_sz) ||
	    GET(rqc, rqc, ts_format) > 2)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RQ_BAD_WQ);
	if (!GET(wq, wq, wq_umem_valid) || !GET(wq, wq, dbr_umem_valid))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_UMEM_REQUIRED);
	st = sim_cmd_ref_obj(req, SIM_SPACE_CQ, SIM_OBJ_CQ, GET(rqc, rqc, cqn),
			     &cq);
	if (!st)
		st = sim_cmd_ref_obj(req, SIM_SPACE_PD, SIM_OBJ_PD,
				     GET(wq, wq, pd), &pd);
	if (!st)
		st = sim_queue_umem_range(req, GET(wq, wq, wq_umem_id),
					  DEVX_GET64(wq, wq, wq_umem_offset),
					  1ull << (log_stride + log_size),
					  &ring);
	if (!st)
		st = sim_queue_dbr_range(req, GET(wq, wq, dbr_umem_id),
					 DEVX_GET64(wq, wq, dbr_addr), &dbr);
	if (!st)
		st = sim_rx_new(req, SIM_OBJ_RQ, SIM_SPACE_RQ);
	if (st)
		return st;
	req->created->rq.cq = cq;
	req->created->rq.pd = pd;
	req->created->rq.state = MLX5_RQC_STATE_RST;
	sim_obj_hold(cq);
	sim_obj_hold(pd);
	return MLX5_CMD_STAT_OK;
}

/* MODIFY_RQ: the state only, from the state the caller names */

const struct sim_field sim_modify_rq_fields[6] = {
	FLD(modify_rq_in, opcode), FLD(modify_rq_in, uid),
	FLD(modify_rq_in, op_mod), FLD(modify_rq_in, rq_state),
	FLD(modify_rq_in, rqn),	   FLD(modify_rq_in, ctx.state),
};

struct sim_obj *sim_target_modify_rq(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_RQ, GET(modify_rq_in, in, rqn));
}

static bool sim_rx_rq_transition_valid(uint8_t from, uint8_t to)
{
	switch (from) {
	case MLX5_RQC_STATE_RST:
		return to == MLX5_RQC_STATE_RST || to == MLX5_RQC_STATE_RDY;
	case MLX5_RQC_STATE_RDY:
		return to == MLX5_RQC_STATE_RDY || to == MLX5_RQC_STATE_ERR ||
		       to == MLX5_RQC_STATE_RST;
	default: /* ERR */
		return to == MLX5_RQC_STATE_RST;
	}
}

uint8_t sim_exec_modify_rq(struct sim_req *req)
{
	struct sim_obj *rq = req->target;
	uint8_t from = GET(modify_rq_in, req->in, rq_state);
	uint8_t to = GET(modify_rq_in, req->in, ctx.state);

	if (from != rq->rq.state)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_RES_STATE_ERR,
				      SIM_SYND_RQ_STATE_MISMATCH);
	if (!sim_rx_rq_transition_valid(from, to))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RQ_BAD_STATE);
	rq->rq.state = to;
	return MLX5_CMD_STAT_OK;
}

/* CREATE_RQT: the fixed part, then rqt_actual_size entries */

const struct sim_field sim_create_rqt_fields[5] = {
	FLD(create_rqt_in, opcode),
	FLD(create_rqt_in, uid),
	FLD(create_rqt_in, op_mod),
	FLD(create_rqt_in, rqt_context.rqt_max_size),
	FLD(create_rqt_in, rqt_context.rqt_actual_size),
};

static bool sim_rx_pow2(uint32_t n)
{
	return n && !(n & (n - 1));
}

uint8_t sim_exec_create_rqt(struct sim_req *req)
{
	const struct sim_profile *p = &req->nic->profile;
	const size_t fixed = DEVX_ST_SZ_BYTES(create_rqt_in);
	const size_t entry = DEVX_ST_SZ_BYTES(rq_num);
	uint32_t max = GET(create_rqt_in, req->in, rqt_context.rqt_max_size);
	uint32_t size =
		GET(create_rqt_in, req->in, rqt_context.rqt_actual_size);
	uint32_t cap = 1u << SIM_CAP(p, general, cmd_hca_cap, log_max_rqt_size);
	const uint8_t *list = req->raw_in + fixed;
	struct sim_obj **rqs;
	uint32_t i;
	uint8_t st;

	if (!size || size > max || max > cap || !sim_rx_pow2(size))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RQT_BAD_SIZE);
	if (req->raw_inlen < fixed + size * entry)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_INP_LEN_ERR,
				      SIM_SYND_INPUT_TOO_SHORT);
	rqs = calloc(size, sizeof(*rqs));
	if (!rqs)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
				      SIM_SYND_NONE);
	for (i = 0, st = 0; i < size && !st; i++) {
		const uint8_t *e = list + i * entry;

		if (GET(rq_num, e, reserved_at_0))
			st = sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					    SIM_SYND_RESERVED_BITS_SET);
		else
			st = sim_cmd_ref_obj(req, SIM_SPACE_RQ, SIM_OBJ_RQ,
					     GET(rq_num, e, rq_num), &rqs[i]);
	}
	if (!st)
		st = sim_rx_new(req, SIM_OBJ_RQT, SIM_SPACE_RQT);
	if (st) {
		free(rqs);
		return st;
	}
	for (i = 0; i < size; i++)
		sim_obj_hold(rqs[i]);
	req->created->rqt.size = size;
	req->created->rqt.rqs = rqs;
	return MLX5_CMD_STAT_OK;
}

/* CREATE_TIR */

#define TIRC(fld) FLD(create_tir_in, ctx.fld)
const struct sim_field sim_create_tir_fields[14] = {
	FLD(create_tir_in, opcode),
	FLD(create_tir_in, uid),
	FLD(create_tir_in, op_mod),
	TIRC(disp_type),
	TIRC(inline_rqn),
	TIRC(rx_hash_symmetric),
	TIRC(tunneled_offload_en),
	TIRC(indirect_table),
	TIRC(rx_hash_fn),
	TIRC(self_lb_block),
	TIRC(transport_domain),
	TIRC(rx_hash_toeplitz_key),
	TIRC(rx_hash_field_selector_outer),
	TIRC(rx_hash_field_selector_inner),
};
#undef TIRC

/* The hash settings of an indirect TIR; the model keeps them in tir. */
static uint8_t sim_rx_tir_hash(struct sim_req *req, const uint8_t *tirc,
			       struct sim_obj *tir)
{
	const uint8_t *outer =
		DEVX_ADDR_OF(tirc, tirc, rx_hash_field_selector_outer);
	const uint8_t *inner =
		DEVX_ADDR_OF(tirc, tirc, rx_hash_field_selector_inner);
	const uint32_t known =
		MLX5_HASH_FIELD_SEL_SRC_IP | MLX5_HASH_FIELD_SEL_DST_IP |
		MLX5_HASH_FIELD_SEL_L4_SPORT | MLX5_HASH_FIELD_SEL_L4_DPORT;
	const uint8_t *sel;
	uint8_t fn = GET(tirc, tirc, rx_hash_fn);

	if (fn == MLX5_RX_HASH_FN_INVERTED_XOR8 ||
	    fn > MLX5_RX_HASH_FN_TOEPLITZ || GET(tirc, tirc, rx_hash_symmetric))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TIR_HASH_NOT_SUPPORTED);
	if (DEVX_GET(rx_hash_field_select, outer, selected_fields) &&
	    DEVX_GET(rx_hash_field_select, inner, selected_fields))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TIR_BAD_HASH_FIELDS);
	tir->tir.inner =
		DEVX_GET(rx_hash_field_select, inner, selected_fields) != 0;
	sel = tir->tir.inner ? inner : outer;
	tir->tir.fields = DEVX_GET(rx_hash_field_select, sel, selected_fields);
	if (tir->tir.fields & MLX5_HASH_FIELD_SEL_IPSEC_SPI)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TIR_HASH_NOT_SUPPORTED);
	if (tir->tir.fields & ~known)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TIR_BAD_HASH_FIELDS);
	tir->tir.hash_fn = fn;
	tir->tir.l3_prot_type =
		DEVX_GET(rx_hash_field_select, sel, l3_prot_type);
	tir->tir.l4_prot_type =
		DEVX_GET(rx_hash_field_select, sel, l4_prot_type);
	memcpy(tir->tir.key, DEVX_ADDR_OF(tirc, tirc, rx_hash_toeplitz_key),
	       PRM_TOEPLITZ_KEY_SIZE);
	return MLX5_CMD_STAT_OK;
}

uint8_t sim_exec_create_tir(struct sim_req *req)
{
	const uint8_t *tirc = DEVX_ADDR_OF(create_tir_in, req->in, ctx);
	uint8_t disp = GET(tirc, tirc, disp_type);
	struct sim_obj tmp = { 0 }, *td, *dest;
	uint8_t st;

	if (disp == MLX5_TIRC_DISP_TYPE_DIRECT)
		st = sim_cmd_ref_obj(req, SIM_SPACE_RQ, SIM_OBJ_RQ,
				     GET(tirc, tirc, inline_rqn), &dest);
	else if (disp == MLX5_TIRC_DISP_TYPE_INDIRECT)
		st = sim_rx_tir_hash(req, tirc, &tmp);
	else
		st = sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				    SIM_SYND_TIR_BAD_DISP_TYPE);
	if (!st && disp == MLX5_TIRC_DISP_TYPE_INDIRECT)
		st = sim_cmd_ref_obj(req, SIM_SPACE_RQT, SIM_OBJ_RQT,
				     GET(tirc, tirc, indirect_table), &dest);
	if (!st)
		st = sim_cmd_ref_obj(req, SIM_SPACE_TD, SIM_OBJ_TD,
				     GET(tirc, tirc, transport_domain), &td);
	if (!st)
		st = sim_rx_new(req, SIM_OBJ_TIR, SIM_SPACE_TIR);
	if (st)
		return st;
	req->created->tir = tmp.tir;
	req->created->tir.disp_type = disp;
	req->created->tir.td = td;
	if (disp == MLX5_TIRC_DISP_TYPE_DIRECT)
		req->created->tir.rq = dest;
	else
		req->created->tir.rqt = dest;
	sim_obj_hold(td);
	sim_obj_hold(dest);
	return MLX5_CMD_STAT_OK;
}

void sim_rx_release_refs(struct sim_obj *obj)
{
	uint32_t i;

	switch (obj->kind) {
	case SIM_OBJ_RQ:
		sim_obj_release(obj->rq.cq);
		sim_obj_release(obj->rq.pd);
		obj->rq.cq = obj->rq.pd = NULL;
		break;
	case SIM_OBJ_RQT:
		for (i = 0; i < obj->rqt.size; i++) {
			sim_obj_release(obj->rqt.rqs[i]);
			obj->rqt.rqs[i] = NULL;
		}
		break;
	case SIM_OBJ_TIR:
		sim_obj_release(obj->tir.td);
		sim_obj_release(obj->tir.rq);
		sim_obj_release(obj->tir.rqt);
		obj->tir.td = obj->tir.rq = obj->tir.rqt = NULL;
		break;
	default:
		break;
	}
}

void sim_rx_free(struct sim_obj *obj)
{
	if (obj->kind == SIM_OBJ_RQT)
		free(obj->rqt.rqs);
}

uint32_t sim_toeplitz_hash(const uint8_t *key, const uint8_t *in, size_t len)
{
	/* the 32 key bits at the current input bit, and the 8 after them */
	uint64_t window = (uint64_t)key[0] << 32 | (uint64_t)key[1] << 24 |
			  (uint64_t)key[2] << 16 | (uint64_t)key[3] << 8 |
			  key[4];
	uint32_t hash = 0;
	size_t i;
	int b;

	for (i = 0; i < len; i++) {
		for (b = 7; b >= 0; b--)
			if (in[i] >> b & 1)
				hash ^= (uint32_t)(window >> (b + 1));
		window = (window << 8 & 0xffffffffffull) |
			 (i + 5 < PRM_TOEPLITZ_KEY_SIZE ? key[i + 5] : 0);
	}
	return hash;
}

/*
 * The hash input of a packet, as the NIC builds it: source IP, destination
 * IP, source port, destination port, each in network order, of the fields
 * the TIR selects.  A packet of another L3 or L4 type than the TIR's gets
 * no input, so hash 0.
 */
static size_t sim_rx_hash_input(const struct sim_obj *tir,
				const struct hws_packet *pkt, uint8_t *buf)
{
	size_t lyr = tir->tir.inner ?
			     PRM_BIT_OFF(fte_match_param, inner_headers) :
			     PRM_BIT_OFF(fte_match_param, outer_headers);
	const uint8_t *m = pkt->match;
	uint32_t version = _devx_get(
		m, lyr + PRM_BIT_OFF(fte_match_set_lyr_2_4, ip_version), 4);
	uint32_t proto = _devx_get(
		m, lyr + PRM_BIT_OFF(fte_match_set_lyr_2_4, ip_protocol), 8);
	bool v6 = tir->tir.l3_prot_type == MLX5_L3_PROT_TYPE_IPV6;
	bool udp = tir->tir.l4_prot_type == MLX5_L4_PROT_TYPE_UDP;
	size_t addr = v6 ? 16 : 4, n = 0, src, dst, sport;
	uint32_t f = tir->tir.fields;

	if (version != (v6 ? 6u : 4u))
		return 0;
	if (f & (MLX5_HASH_FIELD_SEL_L4_SPORT | MLX5_HASH_FIELD_SEL_L4_DPORT) &&
	    proto != (udp ? 17u : 6u))
		return 0;
	/* byte offsets; an IPv4 address is the last 4 bytes of its field */
	src = (lyr + PRM_BIT_OFF(fte_match_set_lyr_2_4, src_ipv4_src_ipv6)) /
		      8 +
	      16 - addr;
	dst = (lyr + PRM_BIT_OFF(fte_match_set_lyr_2_4, dst_ipv4_dst_ipv6)) /
		      8 +
	      16 - addr;
	sport = (lyr + (udp ? PRM_BIT_OFF(fte_match_set_lyr_2_4, udp_sport) :
			      PRM_BIT_OFF(fte_match_set_lyr_2_4, tcp_sport))) /
		8;
	if (f & MLX5_HASH_FIELD_SEL_SRC_IP) {
		memcpy(buf + n, m + src, addr);
		n += addr;
	}
	if (f & MLX5_HASH_FIELD_SEL_DST_IP) {
		memcpy(buf + n, m + dst, addr);
		n += addr;
	}
	/* the destination port follows the source port in both layouts */
	if (f & MLX5_HASH_FIELD_SEL_L4_SPORT) {
		memcpy(buf + n, m + sport, 2);
		n += 2;
	}
	if (f & MLX5_HASH_FIELD_SEL_L4_DPORT) {
		memcpy(buf + n, m + sport + 2, 2);
		n += 2;
	}
	return n;
}

void sim_rx_deliver(const struct sim_obj *tir, const struct hws_packet *pkt,
		    struct hws_verdict *v)
{
	uint8_t in[SIM_RX_HASH_INPUT_MAX];
	const struct sim_obj *rqt = tir->tir.rqt, *rq;
	size_t len;

	v->tir = tir->id;
	v->rss_hash = 0;
	if (tir->tir.disp_type == MLX5_TIRC_DISP_TYPE_DIRECT) {
		rq = tir->tir.rq;
	} else {
		if (tir->tir.hash_fn == MLX5_RX_HASH_FN_TOEPLITZ) {
			len = sim_rx_hash_input(tir, pkt, in);
			v->rss_hash = sim_toeplitz_hash(tir->tir.key, in, len);
		}
		/* the hash's low bits index the table (prm/rx.md §6) */
		rq = rqt->rqt.rqs[v->rss_hash & (rqt->rqt.size - 1)];
	}
	v->rq = rq->id;
	v->result = rq->rq.state == MLX5_RQC_STATE_RDY ? HWS_RESULT_TIR :
							 HWS_RESULT_DROP;
}
