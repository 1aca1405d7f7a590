// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Receive queues, RQTs and TIRs by raw commands, for the rx suites. */
#include <errno.h>
#include <string.h>

#include "rx_common.h"

const uint8_t rss_key[PRM_TOEPLITZ_KEY_SIZE] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static uint8_t rxq_mem[RXQ_MEM] __attribute__((aligned(4096)));

int raw_create(struct hws_dev *dev, const void *in, size_t inlen,
	       struct hws_devx_obj **obj, uint32_t *num)
{
	uint8_t out[DEVX_ST_SZ_BYTES(create_qnum_out)] = { 0 };

	*obj = dev->ops->obj_create(dev, in, inlen, out, sizeof(out));
	if (!*obj)
		return errno;
	*num = DEVX_GET(create_qnum_out, out, num);
	return 0;
}

void rxq_env_open(struct rxq_env *e, struct hws_dev *dev)
{
	uint8_t in[DEVX_ST_SZ_BYTES(alloc_transport_domain_in)] = { 0 };
	struct hws_cmd_cq_attr cq = { 0 };
	uint32_t eqn;

	memset(e, 0, sizeof(*e));
	e->dev = dev;
	e->umem = dev->ops->umem_reg(dev, rxq_mem, sizeof(rxq_mem),
				     HWS_UMEM_ACCESS_LOCAL_WRITE, &e->umem_id);
	ck_assert_ptr_nonnull(e->umem);
	e->uar = dev->ops->uar_alloc(dev, &e->page);
	ck_assert_ptr_nonnull(e->uar);
	ck_assert_int_eq(dev->ops->query_eqn(dev, 0, &eqn), 0);
	ck_assert_int_eq(hws_cmd_alloc_pd(dev, &e->pd), 0);
	cq.log_size = 6;
	cq.eqn = eqn;
	cq.uar_page = e->page;
	cq.umem_id = e->umem_id;
	cq.dbr_umem_id = e->umem_id;
	cq.dbr_offset = RXQ_MEM - 8;
	ck_assert_int_eq(hws_cmd_cq_create(dev, &cq, &e->cq), 0);
	DEVX_SET(alloc_transport_domain_in, in, opcode,
		 MLX5_CMD_OP_ALLOC_TRANSPORT_DOMAIN);
	ck_assert_int_eq(raw_create(dev, in, sizeof(in), &e->td, &e->tdn), 0);
}

void rxq_env_close(struct rxq_env *e)
{
	ck_assert_int_eq(e->dev->ops->obj_destroy(e->td), 0);
	ck_assert_int_eq(hws_cmd_destroy(&e->cq), 0);
	ck_assert_int_eq(hws_cmd_destroy(&e->pd), 0);
	e->dev->ops->uar_free(e->uar);
	ck_assert_int_eq(e->dev->ops->umem_dereg(e->umem), 0);
}

void rq_in(struct rxq_env *e, uint8_t *in)
{
	void *rqc = DEVX_ADDR_OF(create_rq_in, in, ctx);
	void *wq = DEVX_ADDR_OF(rqc, rqc, wq);
	unsigned int ring = e->rings++;

	memset(in, 0, DEVX_ST_SZ_BYTES(create_rq_in));
	DEVX_SET(create_rq_in, in, opcode, MLX5_CMD_OP_CREATE_RQ);
	DEVX_SET(rqc, rqc, state, MLX5_RQC_STATE_RST);
	DEVX_SET(rqc, rqc, flush_in_error_en, 1);
	DEVX_SET(rqc, rqc, cqn, e->cq.id);
	DEVX_SET(wq, wq, wq_type, MLX5_WQ_TYPE_CYCLIC);
	DEVX_SET(wq, wq, pd, e->pd.id);
	DEVX_SET(wq, wq, log_wq_stride, 4);
	DEVX_SET(wq, wq, log_wq_sz, 4);
	DEVX_SET(wq, wq, wq_umem_valid, 1);
	DEVX_SET(wq, wq, wq_umem_id, e->umem_id);
	DEVX_SET64(wq, wq, wq_umem_offset, 4096 * (1 + ring));
	DEVX_SET(wq, wq, dbr_umem_valid, 1);
	DEVX_SET(wq, wq, dbr_umem_id, e->umem_id);
	DEVX_SET64(wq, wq, dbr_addr, RXQ_MEM - 4096 + 8 * ring);
}

int rq_modify(struct hws_devx_obj *rq, uint32_t rqn, uint8_t from, uint8_t to)
{
	uint8_t in[DEVX_ST_SZ_BYTES(modify_rq_in)] = { 0 };
	uint8_t out[16] = { 0 }; /* modify_rq_out */

	DEVX_SET(modify_rq_in, in, opcode, MLX5_CMD_OP_MODIFY_RQ);
	DEVX_SET(modify_rq_in, in, rq_state, from);
	DEVX_SET(modify_rq_in, in, rqn, rqn);
	DEVX_SET(modify_rq_in, in, ctx.state, to);
	return rq->dev->ops->obj_modify(rq, in, sizeof(in), out, sizeof(out));
}

struct hws_devx_obj *rq_create(struct rxq_env *e, uint32_t *rqn)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_rq_in)];
	struct hws_devx_obj *rq;

	rq_in(e, in);
	ck_assert_int_eq(raw_create(e->dev, in, sizeof(in), &rq, rqn), 0);
	ck_assert_int_eq(
		rq_modify(rq, *rqn, MLX5_RQC_STATE_RST, MLX5_RQC_STATE_RDY), 0);
	return rq;
}

size_t rqt_in(uint8_t *in, const uint32_t *rqn, uint32_t n)
{
	uint8_t *list = in + DEVX_ST_SZ_BYTES(create_rqt_in);
	uint32_t i;

	memset(in, 0, RQT_IN_MAX);
	DEVX_SET(create_rqt_in, in, opcode, MLX5_CMD_OP_CREATE_RQT);
	DEVX_SET(create_rqt_in, in, rqt_context.rqt_max_size, n);
	DEVX_SET(create_rqt_in, in, rqt_context.rqt_actual_size, n);
	for (i = 0; i < n; i++)
		DEVX_SET(rq_num, list + 4 * i, rq_num, rqn[i]);
	return DEVX_ST_SZ_BYTES(create_rqt_in) + 4 * n;
}

void tir_in(uint8_t *in, uint32_t tdn, enum tir_kind kind, uint32_t num)
{
	void *tirc = DEVX_ADDR_OF(create_tir_in, in, ctx);
	void *sel = DEVX_ADDR_OF(tirc, tirc, rx_hash_field_selector_outer);

	memset(in, 0, DEVX_ST_SZ_BYTES(create_tir_in));
	DEVX_SET(create_tir_in, in, opcode, MLX5_CMD_OP_CREATE_TIR);
	DEVX_SET(tirc, tirc, transport_domain, tdn);
	if (kind == TIR_DIRECT) {
		DEVX_SET(tirc, tirc, disp_type, MLX5_TIRC_DISP_TYPE_DIRECT);
		DEVX_SET(tirc, tirc, inline_rqn, num);
		return;
	}
	DEVX_SET(tirc, tirc, disp_type, MLX5_TIRC_DISP_TYPE_INDIRECT);
	DEVX_SET(tirc, tirc, indirect_table, num);
	DEVX_SET(tirc, tirc, rx_hash_fn, MLX5_RX_HASH_FN_TOEPLITZ);
	memcpy(DEVX_ADDR_OF(tirc, tirc, rx_hash_toeplitz_key), rss_key,
	       sizeof(rss_key));
	DEVX_SET(rx_hash_field_select, sel, l3_prot_type,
		 kind == TIR_RSS6 ? MLX5_L3_PROT_TYPE_IPV6 :
				    MLX5_L3_PROT_TYPE_IPV4);
	DEVX_SET(rx_hash_field_select, sel, l4_prot_type,
		 MLX5_L4_PROT_TYPE_TCP);
	DEVX_SET(rx_hash_field_select, sel, selected_fields,
		 MLX5_HASH_FIELD_SEL_SRC_IP | MLX5_HASH_FIELD_SEL_DST_IP |
			 MLX5_HASH_FIELD_SEL_L4_SPORT |
			 MLX5_HASH_FIELD_SEL_L4_DPORT);
}
