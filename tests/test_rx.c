// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Delivery to receive queues: the model's TD, RQ, RQT and TIR commands as
 * firmware judges them (RSS, and the path of a packet to an RQ:
 * test_rx_rss.c).
 */
#include <errno.h>
#include <string.h>

#include "rx_common.h"

/* A refused create: EREMOTEIO, the status and syndrome, no new object. */
#define expect_refused(e, in, len, st, synd)                                  \
	do {                                                                  \
		uint32_t _before = t_objects(NIC), _num;                      \
		struct hws_devx_obj *_obj;                                    \
                                                                              \
		ck_assert_int_eq(raw_create((e)->dev, in, len, &_obj, &_num), \
				 EREMOTEIO);                                  \
		t_assert_refused(NIC, st, synd);                              \
		ck_assert_uint_eq(t_objects(NIC), _before);                   \
	} while (0)

START_TEST(test_rx_objects)
{
	uint8_t in[RQT_IN_MAX], tir[DEVX_ST_SZ_BYTES(create_tir_in)];
	struct hws_devx_obj *rq[RXQS], *rqt, *t, *t2;
	uint32_t rqn[RXQS], rqtn, tirn, tirn2, i;
	struct rxq_env e;
	struct hws_dev *dev;
	size_t len;

	dev = t_dev_open("sim:nic=" NIC ",log_max_rqt_size=3,log_max_tir=1");
	rxq_env_open(&e, dev);

	/* RQ: created in RST, inline, cyclic, on a CQ of this context */
	rq_in(&e, in);
	DEVX_SET(create_rq_in, in, ctx.state, 1);
	expect_refused(&e, in, DEVX_ST_SZ_BYTES(create_rq_in),
		       MLX5_CMD_STAT_BAD_PARAM_ERR, SIM_SYND_RQ_BAD_STATE);
	rq_in(&e, in);
	DEVX_SET(create_rq_in, in, ctx.mem_rq_type, 1);
	expect_refused(&e, in, DEVX_ST_SZ_BYTES(create_rq_in),
		       MLX5_CMD_STAT_BAD_PARAM_ERR,
		       SIM_SYND_RQ_TYPE_NOT_SUPPORTED);
	rq_in(&e, in);
	DEVX_SET(create_rq_in, in, ctx.wq.log_wq_stride, 3);
	expect_refused(&e, in, DEVX_ST_SZ_BYTES(create_rq_in),
		       MLX5_CMD_STAT_BAD_PARAM_ERR, SIM_SYND_RQ_BAD_WQ);
	rq_in(&e, in);
	DEVX_SET(create_rq_in, in, ctx.cqn, e.cq.id + 1);
	expect_refused(&e, in, DEVX_ST_SZ_BYTES(create_rq_in),
		       MLX5_CMD_STAT_BAD_RES_ERR, SIM_SYND_OBJECT_MISSING);
	rq_in(&e, in);
	DEVX_SET(create_rq_in, in, ctx.cqn, e.pd.id);
	expect_refused(&e, in, DEVX_ST_SZ_BYTES(create_rq_in),
		       MLX5_CMD_STAT_BAD_RES_ERR, SIM_SYND_OBJECT_MISSING);
	rq_in(&e, in);
	DEVX_SET64(create_rq_in, in, ctx.wq.wq_umem_offset, RXQ_MEM - 16);
	expect_refused(&e, in, DEVX_ST_SZ_BYTES(create_rq_in),
		       MLX5_CMD_STAT_BAD_PARAM_ERR, SIM_SYND_UMEM_TOO_SMALL);
	rq_in(&e, in);
	DEVX_SET(create_rq_in, in, ctx.counter_set_id, 1);
	expect_refused(&e, in, DEVX_ST_SZ_BYTES(create_rq_in),
		       MLX5_CMD_STAT_BAD_PARAM_ERR, SIM_SYND_RESERVED_BITS_SET);
	e.rings = 0;
	for (i = 0; i < RXQS; i++)
		rq[i] = rq_create(&e, &rqn[i]);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_RQ], RXQS);
	/* MODIFY_RQ: from the state the RQ is in, along a valid transition */
	ck_assert_int_eq(rq_modify(rq[0], rqn[0], MLX5_RQC_STATE_RST,
				   MLX5_RQC_STATE_RDY),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_STATE_ERR,
			 SIM_SYND_RQ_STATE_MISMATCH);
	ck_assert_int_eq(rq_modify(rq[0], rqn[0], MLX5_RQC_STATE_RDY,
				   MLX5_RQC_STATE_ERR),
			 0);
	ck_assert_int_eq(rq_modify(rq[0], rqn[0], MLX5_RQC_STATE_ERR,
				   MLX5_RQC_STATE_RDY),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RQ_BAD_STATE);
	ck_assert_int_eq(rq_modify(rq[0], rqn[0], MLX5_RQC_STATE_ERR,
				   MLX5_RQC_STATE_RST),
			 0);
	ck_assert_int_eq(rq_modify(rq[0], rqn[0], MLX5_RQC_STATE_RST,
				   MLX5_RQC_STATE_RDY),
			 0);
	ck_assert_int_eq(rq_modify(rq[0], rqn[1], MLX5_RQC_STATE_RDY,
				   MLX5_RQC_STATE_RDY),
			 EINVAL); /* another object than the handle's */

	/* RQT: a power of two up to the cap, every entry an RQ of ours */
	len = rqt_in(in, rqn, 3);
	expect_refused(&e, in, len, MLX5_CMD_STAT_BAD_PARAM_ERR,
		       SIM_SYND_RQT_BAD_SIZE);
	len = rqt_in(in, rqn, RXQS);
	DEVX_SET(create_rqt_in, in, rqt_context.rqt_max_size, 16);
	expect_refused(&e, in, len, MLX5_CMD_STAT_BAD_PARAM_ERR,
		       SIM_SYND_RQT_BAD_SIZE);
	len = rqt_in(in, rqn, RXQS);
	expect_refused(&e, in, len - 4, MLX5_CMD_STAT_BAD_INP_LEN_ERR,
		       SIM_SYND_INPUT_TOO_SHORT);
	len = rqt_in(in, rqn, RXQS);
	DEVX_SET(rq_num, in + len - 4, rq_num, e.cq.id);
	expect_refused(&e, in, len, MLX5_CMD_STAT_BAD_RES_ERR,
		       SIM_SYND_OBJECT_MISSING);
	len = rqt_in(in, rqn, RXQS);
	in[len - 4] = 1; /* the entry's reserved byte */
	expect_refused(&e, in, len, MLX5_CMD_STAT_BAD_PARAM_ERR,
		       SIM_SYND_RESERVED_BITS_SET);
	len = rqt_in(in, rqn, RXQS);
	ck_assert_int_eq(raw_create(dev, in, len, &rqt, &rqtn), 0);

	/* TIR: a known dispatch, a supported hash, our TD and RQT */
	tir_in(tir, e.tdn, TIR_RSS4, rqtn);
	DEVX_SET(create_tir_in, tir, ctx.disp_type, 2);
	expect_refused(&e, tir, sizeof(tir), MLX5_CMD_STAT_BAD_PARAM_ERR,
		       SIM_SYND_TIR_BAD_DISP_TYPE);
	tir_in(tir, e.tdn, TIR_RSS4, rqtn);
	DEVX_SET(create_tir_in, tir, ctx.rx_hash_fn,
		 MLX5_RX_HASH_FN_INVERTED_XOR8);
	expect_refused(&e, tir, sizeof(tir), MLX5_CMD_STAT_BAD_PARAM_ERR,
		       SIM_SYND_TIR_HASH_NOT_SUPPORTED);
	tir_in(tir, e.tdn, TIR_RSS4, rqtn);
	DEVX_SET(create_tir_in, tir,
		 ctx.rx_hash_field_selector_inner.selected_fields,
		 MLX5_HASH_FIELD_SEL_SRC_IP);
	expect_refused(&e, tir, sizeof(tir), MLX5_CMD_STAT_BAD_PARAM_ERR,
		       SIM_SYND_TIR_BAD_HASH_FIELDS);
	tir_in(tir, e.tdn, TIR_RSS4, rqtn);
	DEVX_SET(create_tir_in, tir,
		 ctx.rx_hash_field_selector_outer.selected_fields, 0x20);
	expect_refused(&e, tir, sizeof(tir), MLX5_CMD_STAT_BAD_PARAM_ERR,
		       SIM_SYND_TIR_BAD_HASH_FIELDS);
	tir_in(tir, e.tdn, TIR_RSS4, rqn[0]);
	expect_refused(&e, tir, sizeof(tir), MLX5_CMD_STAT_BAD_RES_ERR,
		       SIM_SYND_OBJECT_MISSING);
	tir_in(tir, e.tdn + 1, TIR_RSS4, rqtn);
	expect_refused(&e, tir, sizeof(tir), MLX5_CMD_STAT_BAD_RES_ERR,
		       SIM_SYND_OBJECT_MISSING);
	tir_in(tir, e.tdn, TIR_RSS4, rqtn);
	DEVX_SET(create_tir_in, tir, ctx.packet_merge_mask, 1); /* LRO */
	expect_refused(&e, tir, sizeof(tir), MLX5_CMD_STAT_BAD_PARAM_ERR,
		       SIM_SYND_RESERVED_BITS_SET);
	tir_in(tir, e.tdn, TIR_RSS4, rqtn);
	ck_assert_int_eq(raw_create(dev, tir, sizeof(tir), &t, &tirn), 0);
	tir_in(tir, e.tdn, TIR_DIRECT, rqn[0]);
	ck_assert_int_eq(raw_create(dev, tir, sizeof(tir), &t2, &tirn2), 0);
	ck_assert_uint_ne(tirn, tirn2);
	/* log_max_tir=1: two TIRs */
	expect_refused(&e, tir, sizeof(tir), MLX5_CMD_STAT_LIM_ERR,
		       SIM_SYND_OBJECT_LIMIT);

	/* what is in use stays */
	ck_assert_int_eq(dev->ops->obj_destroy(rq[1]), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(dev->ops->obj_destroy(rq[0]), EREMOTEIO);
	ck_assert_int_eq(dev->ops->obj_destroy(rqt), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(dev->ops->obj_destroy(e.td), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(hws_cmd_destroy(&e.cq), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);

	ck_assert_int_eq(dev->ops->obj_destroy(t2), 0);
	ck_assert_int_eq(dev->ops->obj_destroy(t), 0);
	ck_assert_int_eq(dev->ops->obj_destroy(rqt), 0);
	for (i = 0; i < RXQS; i++)
		ck_assert_int_eq(dev->ops->obj_destroy(rq[i]), 0);
	rxq_env_close(&e);
	ck_assert_uint_eq(t_objects(NIC), 0);
	hws_dev_close(dev);
	ck_assert_ptr_null(sim_nic_find(NIC));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rx");
	TCase *tc = tcase_create("rx");

	tcase_add_test(tc, test_rx_objects);
	suite_add_tcase(s, tc);
	return t_run(s);
}
