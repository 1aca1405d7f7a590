// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* hwsctl's receive queues: TD, RQ, RQT and TIR commands as DPDK writes them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rxq.h"

#define RXQ_RING 4096 /* one page per ring */
#define RXQ_CQ_LOG 6 /* 64 CQEs of 64 bytes: the first page */
/* the CQ's ring, the RQs' rings, a page of doorbell records */
#define RXQ_MEM (RXQ_RING * (RXQ_MAX + 2))
#define RXQ_DBR (RXQ_MEM - RXQ_RING)
#define RXQT_MAX 256 /* RQT entries: RXQ_MAX rounded up, and room */

const uint8_t rxq_toeplitz_key[PRM_TOEPLITZ_KEY_SIZE] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* A refusal's status and syndrome are kept; err is returned. */
static int rxq_status(struct rxq_set *s, const uint8_t *out, int err)
{
	if (err == EREMOTEIO) {
		s->status = DEVX_GET(mbox_out, out, status);
		s->syndrome = DEVX_GET(mbox_out, out, syndrome);
	}
	return err;
}

/* Create through the seam; the device's number for it goes to obj->id. */
static int rxq_create(struct rxq_set *s, const void *in, size_t inlen,
		      struct hws_obj *obj)
{
	uint8_t out[DEVX_ST_SZ_BYTES(create_qnum_out)] = { 0 };

	obj->devx =
		s->dev->ops->obj_create(s->dev, in, inlen, out, sizeof(out));
	if (!obj->devx)
		return rxq_status(s, out, errno);
	obj->id = DEVX_GET(create_qnum_out, out, num);
	return 0;
}

int rxq_set_open(struct rxq_set *s, struct hws_dev *dev)
{
	uint8_t in[DEVX_ST_SZ_BYTES(alloc_transport_domain_in)] = { 0 };
	struct hws_cmd_cq_attr cq = { .log_size = RXQ_CQ_LOG };
	int err;

	memset(s, 0, sizeof(*s));
	s->dev = dev;
	s->mem = aligned_alloc(RXQ_RING, RXQ_MEM);
	if (!s->mem)
		return ENOMEM;
	memset(s->mem, 0, RXQ_MEM);
	s->umem = dev->ops->umem_reg(dev, s->mem, RXQ_MEM,
				     HWS_UMEM_ACCESS_LOCAL_WRITE, &s->umem_id);
	if (!s->umem) {
		err = errno;
		goto free_mem;
	}
	s->uar = dev->ops->uar_alloc(dev, &s->page);
	if (!s->uar) {
		err = errno;
		goto dereg;
	}
	err = dev->ops->query_eqn(dev, 0, &cq.eqn);
	if (err)
		goto free_uar;
	err = hws_cmd_alloc_pd(dev, &s->pd);
	if (err)
		goto free_uar;
	cq.uar_page = s->page;
	cq.umem_id = s->umem_id;
	cq.dbr_umem_id = s->umem_id;
	cq.dbr_offset = RXQ_DBR;
	err = hws_cmd_cq_create(dev, &cq, &s->cq);
	if (err)
		goto free_pd;
	DEVX_SET(alloc_transport_domain_in, in, opcode,
		 MLX5_CMD_OP_ALLOC_TRANSPORT_DOMAIN);
	err = rxq_create(s, in, sizeof(in), &s->td);
	if (err)
		goto free_cq;
	return 0;
free_cq:
	hws_cmd_destroy(&s->cq);
free_pd:
	hws_cmd_destroy(&s->pd);
free_uar:
	dev->ops->uar_free(s->uar);
dereg:
	dev->ops->umem_dereg(s->umem);
free_mem:
	free(s->mem);
	s->mem = NULL;
	return err;
}

int rxq_rq_create(struct rxq_set *s, struct hws_obj *rq)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_rq_in)] = { 0 };
	uint8_t mod[DEVX_ST_SZ_BYTES(modify_rq_in)] = { 0 };
	uint8_t out[16] = { 0 }; /* modify_rq_out */
	void *rqc = DEVX_ADDR_OF(create_rq_in, in, ctx);
	void *wq = DEVX_ADDR_OF(rqc, rqc, wq);
	unsigned int ring = s->rings;
	int err;

	if (ring >= RXQ_MAX)
		return ENOSPC;
	DEVX_SET(create_rq_in, in, opcode, MLX5_CMD_OP_CREATE_RQ);
	DEVX_SET(rqc, rqc, state, MLX5_RQC_STATE_RST);
	DEVX_SET(rqc, rqc, flush_in_error_en, 1);
	DEVX_SET(rqc, rqc, cqn, s->cq.id);
	DEVX_SET(wq, wq, wq_type, MLX5_WQ_TYPE_CYCLIC);
	DEVX_SET(wq, wq, pd, s->pd.id);
	DEVX_SET(wq, wq, log_wq_stride, 4);
	DEVX_SET(wq, wq, log_wq_sz, 4);
	DEVX_SET(wq, wq, wq_umem_valid, 1);
	DEVX_SET(wq, wq, wq_umem_id, s->umem_id);
	DEVX_SET64(wq, wq, wq_umem_offset, RXQ_RING * (1 + ring));
	DEVX_SET(wq, wq, dbr_umem_valid, 1);
	DEVX_SET(wq, wq, dbr_umem_id, s->umem_id);
	/* the CQ's record comes first */
	DEVX_SET64(wq, wq, dbr_addr, RXQ_DBR + 8 * (1 + ring));
	err = rxq_create(s, in, sizeof(in), rq);
	if (err)
		return err;
	s->rings++;
	/* an RQ starts in RST; only a ready one receives */
	DEVX_SET(modify_rq_in, mod, opcode, MLX5_CMD_OP_MODIFY_RQ);
	DEVX_SET(modify_rq_in, mod, rq_state, MLX5_RQC_STATE_RST);
	DEVX_SET(modify_rq_in, mod, rqn, rq->id);
	DEVX_SET(modify_rq_in, mod, ctx.state, MLX5_RQC_STATE_RDY);
	err = s->dev->ops->obj_modify(rq->devx, mod, sizeof(mod), out,
				      sizeof(out));
	rxq_status(s, out, err);
	if (err)
		hws_cmd_destroy(rq);
	return err;
}

int rxq_rqt_create(struct rxq_set *s, const uint32_t *rqn, unsigned int n,
		   struct hws_obj *rqt)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_rqt_in) + 4 * RXQT_MAX] = { 0 };
	uint8_t *list = in + DEVX_ST_SZ_BYTES(create_rqt_in);
	unsigned int size = 1, i;

	while (size < n)
		size <<= 1;
	if (!n || size > RXQT_MAX)
		return EINVAL;
	DEVX_SET(create_rqt_in, in, opcode, MLX5_CMD_OP_CREATE_RQT);
	DEVX_SET(create_rqt_in, in, rqt_context.rqt_max_size, size);
	DEVX_SET(create_rqt_in, in, rqt_context.rqt_actual_size, size);
	for (i = 0; i < size; i++)
		DEVX_SET(rq_num, list + 4 * i, rq_num, rqn[i % n]);
	return rxq_create(s, in, DEVX_ST_SZ_BYTES(create_rqt_in) + 4 * size,
			  rqt);
}

int rxq_tir_direct(struct rxq_set *s, uint32_t rqn, struct hws_obj *tir)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_tir_in)] = { 0 };
	void *tirc = DEVX_ADDR_OF(create_tir_in, in, ctx);

	DEVX_SET(create_tir_in, in, opcode, MLX5_CMD_OP_CREATE_TIR);
	DEVX_SET(tirc, tirc, transport_domain, s->td.id);
	DEVX_SET(tirc, tirc, disp_type, MLX5_TIRC_DISP_TYPE_DIRECT);
	DEVX_SET(tirc, tirc, inline_rqn, rqn);
	return rxq_create(s, in, sizeof(in), tir);
}

int rxq_tir_rss(struct rxq_set *s, uint32_t rqtn, const struct rxq_hash *h,
		struct hws_obj *tir)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_tir_in)] = { 0 };
	void *tirc = DEVX_ADDR_OF(create_tir_in, in, ctx);
	void *sel = DEVX_ADDR_OF(tirc, tirc, rx_hash_field_selector_outer);

	DEVX_SET(create_tir_in, in, opcode, MLX5_CMD_OP_CREATE_TIR);
	DEVX_SET(tirc, tirc, transport_domain, s->td.id);
	DEVX_SET(tirc, tirc, disp_type, MLX5_TIRC_DISP_TYPE_INDIRECT);
	DEVX_SET(tirc, tirc, indirect_table, rqtn);
	DEVX_SET(tirc, tirc, rx_hash_fn, MLX5_RX_HASH_FN_TOEPLITZ);
	memcpy(DEVX_ADDR_OF(tirc, tirc, rx_hash_toeplitz_key), rxq_toeplitz_key,
	       sizeof(rxq_toeplitz_key));
	DEVX_SET(rx_hash_field_select, sel, l3_prot_type, h->l3);
	DEVX_SET(rx_hash_field_select, sel, l4_prot_type, h->l4);
	DEVX_SET(rx_hash_field_select, sel, selected_fields, h->fields);
	return rxq_create(s, in, sizeof(in), tir);
}

int rxq_set_close(struct rxq_set *s)
{
	int err = 0, e;

	if (!s->mem)
		return 0;
	e = hws_cmd_destroy(&s->td);
	err = err ?: e;
	e = hws_cmd_destroy(&s->cq);
	err = err ?: e;
	e = hws_cmd_destroy(&s->pd);
	err = err ?: e;
	s->dev->ops->uar_free(s->uar);
	e = s->dev->ops->umem_dereg(s->umem);
	err = err ?: e;
	/* memory the device may still write stays: a leak, not a corruption */
	if (!err)
		free(s->mem);
	s->mem = NULL;
	return err;
}
