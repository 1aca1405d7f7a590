// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model's checks of the definer an STE names, for the matchers of
 * several match templates (test_multi_mt.c): raw WQEs and GENERATE_WQE
 * commands against an RTC that hashes by a definer.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "model_queue.h"

#define NIC "multimt"

/* The model: an RTC that hashes by a definer, and raw WQEs against it. */
struct mdev {
	struct hws_dev *dev;
	struct hws_obj pd, hash, same, wider, other, narrower, stc, ste, rtc;
	struct hws_obj fw_ste, fw_rtc; /* update_method 1 */
};

static void mdef(struct mdev *d, uint8_t dw0, const uint8_t *mask,
		 struct hws_obj *o)
{
	struct hws_cmd_definer_attr a = { 0 };

	a.dw_sel[0] = dw0;
	memcpy(a.mask, mask, PRM_JUMBO_TAG_SIZE);
	ck_assert_int_eq(hws_cmd_definer_create(d->dev, &a, o), 0);
}

static void mdev_open(struct mdev *d)
{
	/* DW selector 0 lands at tag bytes 32..35 */
	uint8_t m_hash[PRM_JUMBO_TAG_SIZE] = { [32] = 0xff };
	uint8_t m_wide[PRM_JUMBO_TAG_SIZE] = { [32] = 0xff, [33] = 0xff };
	uint8_t m_narrow[PRM_JUMBO_TAG_SIZE] = { [32] = 0x0f };
	struct hws_cmd_rtc_attr a = {
		.table_type = MLX5_FT_TYPE_NIC_RX,
		.log_hash_size = 2,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_ALWAYS,
		.num_hash_definer = 1,
	};
	struct hws_obj jumbo_rtc;

	memset(d, 0, sizeof(*d));
	d->dev = t_dev_open("sim:nic=" NIC);
	ck_assert_int_eq(hws_cmd_alloc_pd(d->dev, &d->pd), 0);
	mdef(d, 64, m_hash, &d->hash);
	mdef(d, 64, m_hash, &d->same);
	mdef(d, 64, m_wide, &d->wider);
	mdef(d, 65, m_hash, &d->other);
	mdef(d, 64, m_narrow, &d->narrower);
	ck_assert_int_eq(
		hws_cmd_stc_create(d->dev, MLX5_FT_TYPE_NIC_RX, 4, &d->stc), 0);
	ck_assert_int_eq(
		hws_cmd_ste_create(d->dev, MLX5_FT_TYPE_NIC_RX, 4, &d->ste), 0);
	a.pdn = d->pd.id;
	a.definer_id = d->hash.id;
	a.stc_id = d->stc.id;
	a.ste_id = d->ste.id;
	/* a hash definer hashes match STEs only */
	a.ste_format = MLX5_IFC_RTC_STE_FORMAT_11DW;
	ck_assert_int_ne(hws_cmd_rtc_create(d->dev, &a, &jumbo_rtc), 0);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RTC_STE_FORMAT_NOT_SUPPORTED);
	a.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW;
	ck_assert_int_eq(hws_cmd_rtc_create(d->dev, &a, &d->rtc), 0);
	/* as the library makes them: firmware writes their STEs */
	ck_assert_int_eq(hws_cmd_ste_create(d->dev, MLX5_FT_TYPE_NIC_RX, 4,
					    &d->fw_ste),
			 0);
	a.ste_id = d->fw_ste.id;
	a.update_method = PRM_RTC_UPDATE_METHOD_FW;
	ck_assert_int_eq(hws_cmd_rtc_create(d->dev, &a, &d->fw_rtc), 0);
}

static void mdev_close(struct mdev *d)
{
	struct hws_obj *o[] = { &d->fw_rtc, &d->fw_ste, &d->rtc,   &d->ste,	 &d->stc,
				&d->hash,  &d->same,	 &d->wider,
				&d->other, &d->narrower, &d->pd };
	size_t i;

	for (i = 0; i < sizeof(o) / sizeof(o[0]); i++)
		ck_assert_int_eq(hws_cmd_destroy(o[i]), 0);
	ck_assert_uint_eq(t_objects(NIC), 0);
	hws_dev_close(d->dev);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

/*
 * One WQE on a fresh queue whose STE names definer id: the vendor syndrome
 * of its error CQE.  A definer that passes meets the STC check next (the
 * WQE names no STC), so a good one reads as BAD_STC.
 */
static uint8_t post_naming_on(struct mdev *d, uint32_t rtc_id, uint32_t id)
{
	static const uint32_t no_stc[PRM_STC_IX_MAX];
	uint8_t ste[PRM_STE_SIZE] = { 0 };
	uint32_t dw = htobe32(id << PRM_STE_DEFINER_SHIFT);
	const struct prm_cqe64 *cqe;
	struct t_queue q;
	uint8_t synd;

	memcpy(ste + 4 * PRM_STE_DW_DEFINER, &dw, 4);
	t_queue_open(&q, d->dev, d->pd.id, true);
	t_queue_post(&q, rtc_id, 0, no_stc, ste, true, true);
	ck_assert_uint_eq(t_queue_cqes(&q, T_QUEUE_LOG_SIZE), 1);
	cqe = t_queue_cqe(&q, 0);
	ck_assert_uint_eq(cqe->op_own >> 4, PRM_CQE_OPCODE_REQ_ERR);
	ck_assert_uint_eq(cqe->syndrome, PRM_CQE_SYNDROME_LOCAL_QP_OP_ERR);
	synd = cqe->vendor_err_synd;
	t_queue_close(&q);
	return synd;
}

static uint8_t post_naming(struct mdev *d, uint32_t id)
{
	return post_naming_on(d, d->rtc.id, id);
}

START_TEST(test_model_ste_definer)
{
	struct mdev d;

	mdev_open(&d);
	/* no definer named, or an id no definer has */
	ck_assert_uint_eq(post_naming(&d, 0), SIM_WQE_ERR_BAD_DEFINER);
	ck_assert_uint_eq(post_naming(&d, 0xff), SIM_WQE_ERR_BAD_DEFINER);
	/* other selectors, or fewer of the hashed bits */
	ck_assert_uint_eq(post_naming(&d, d.other.id),
			  SIM_WQE_ERR_DEFINER_MISMATCH);
	ck_assert_uint_eq(post_naming(&d, d.narrower.id),
			  SIM_WQE_ERR_DEFINER_MISMATCH);
	/* the hash definer itself, an equal one, one that compares more */
	ck_assert_uint_eq(post_naming(&d, d.hash.id), SIM_WQE_ERR_BAD_STC);
	ck_assert_uint_eq(post_naming(&d, d.same.id), SIM_WQE_ERR_BAD_STC);
	ck_assert_uint_eq(post_naming(&d, d.wider.id), SIM_WQE_ERR_BAD_STC);
	mdev_close(&d);
}
END_TEST

/* GENERATE_WQE of an STE naming definer id on rtc_id: the command's result. */
static int gen_wqe(struct mdev *d, uint32_t pdn, uint32_t rtc_id, uint32_t id,
		   struct prm_cqe64 *cqe)
{
	struct prm_wqe_ctrl_seg ctrl = {
		.opmod_idx_opcode = htobe32(PRM_OPCODE_TBL_ACCESS),
		.qpn_ds = htobe32(PRM_GTA_WQE_DS),
		.imm = htobe32(rtc_id),
	};
	struct prm_wqe_gta_ctrl_seg gta = { 0 };
	uint8_t ste[PRM_STE_SIZE] = { 0 };
	uint32_t dw = htobe32(id << PRM_STE_DEFINER_SHIFT);

	memcpy(ste + 4 * PRM_STE_DW_DEFINER, &dw, 4);
	return hws_cmd_generate_wqe(d->dev, pdn, &ctrl, &gta, ste, cqe);
}

static void gen_wqe_refused(struct mdev *d, uint32_t pdn, uint32_t rtc_id,
			    uint32_t id, uint8_t status, uint32_t synd)
{
	struct prm_cqe64 cqe;

	ck_assert_int_eq(gen_wqe(d, pdn, rtc_id, id, &cqe), EREMOTEIO);
	t_assert_refused(NIC, status, synd);
}

/* The control segment of a raw GENERATE_WQE, with extra DW0 and DW1 bits. */
static void raw_ctrl(uint8_t *in, uint32_t dw0, uint32_t dw1, uint32_t rtc_id)
{
	struct prm_wqe_ctrl_seg ctrl = {
		.opmod_idx_opcode = htobe32(dw0 | PRM_OPCODE_TBL_ACCESS),
		.qpn_ds = htobe32(dw1 | PRM_GTA_WQE_DS),
		.imm = htobe32(rtc_id),
	};

	memcpy(DEVX_ADDR_OF(generate_wqe_in, in, wqe_ctrl), &ctrl,
	       sizeof(ctrl));
}

/*
 * An update_method 1 RTC: the send queue's WQEs are refused; GENERATE_WQE
 * is judged as firmware judges it.
 */
START_TEST(test_model_fw_rtc)
{
	uint8_t in[DEVX_ST_SZ_BYTES(generate_wqe_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(generate_wqe_out)];
	struct prm_cqe64 cqe;
	struct hws_obj pd2;
	struct mdev d;

	mdev_open(&d);
	/* a good STE, on the queue: an error CQE */
	ck_assert_uint_eq(post_naming_on(&d, d.fw_rtc.id, d.hash.id),
			  SIM_WQE_ERR_RTC_FW_UPDATE);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);

	/* no such RTC, an RTC of update_method 0, an STE that is not one */
	gen_wqe_refused(&d, d.pd.id, 0xffffff, d.hash.id,
			MLX5_CMD_STAT_BAD_RES_ERR, SIM_SYND_OBJECT_MISSING);
	gen_wqe_refused(&d, d.pd.id, d.stc.id, d.hash.id,
			MLX5_CMD_STAT_BAD_RES_ERR, SIM_SYND_OBJECT_WRONG_TYPE);
	gen_wqe_refused(&d, d.pd.id, d.rtc.id, d.hash.id,
			MLX5_CMD_STAT_BAD_PARAM_ERR, SIM_SYND_GEN_WQE_RTC_NOT_FW);
	/* definers: none, an id none has, other selectors, fewer bits */
	gen_wqe_refused(&d, d.pd.id, d.fw_rtc.id, 0,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_BAD_DEFINER);
	gen_wqe_refused(&d, d.pd.id, d.fw_rtc.id, 0xff,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_BAD_DEFINER);
	gen_wqe_refused(&d, d.pd.id, d.fw_rtc.id, d.other.id,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_DEFINER_MISMATCH);
	gen_wqe_refused(&d, d.pd.id, d.fw_rtc.id, d.narrower.id,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_DEFINER_MISMATCH);
	/* another PD than the RTC's */
	ck_assert_int_eq(hws_cmd_alloc_pd(d.dev, &pd2), 0);
	gen_wqe_refused(&d, pd2.id, d.fw_rtc.id, d.hash.id,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_PD_MISMATCH);
	ck_assert_int_eq(hws_cmd_destroy(&pd2), 0);

	/* a good definer meets the STC check: an error CQE in the output */
	ck_assert_int_eq(gen_wqe(&d, d.pd.id, d.fw_rtc.id, d.wider.id, &cqe),
			 0);
	ck_assert_uint_eq(cqe.op_own >> 4, PRM_CQE_OPCODE_REQ_ERR);
	ck_assert_uint_eq(cqe.vendor_err_synd, SIM_WQE_ERR_BAD_STC);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);

	/* the WQE as the send queue has it (index, SQ), or a range STE */
	DEVX_SET(generate_wqe_in, in, opcode, MLX5_CMD_OP_GENERATE_WQE);
	DEVX_SET(generate_wqe_in, in, pdn, d.pd.id);
	raw_ctrl(in, 5 << 8, 0x42 << 8, d.fw_rtc.id);
	ck_assert_int_eq(d.dev->ops->general_cmd(d.dev, in, sizeof(in), out,
						 sizeof(out)),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_GEN_WQE_BAD_WQE);
	raw_ctrl(in, 0, 0, d.fw_rtc.id);
	*(uint8_t *)DEVX_ADDR_OF(generate_wqe_in, in, wqe_gta_data_1) = 1;
	ck_assert_int_eq(d.dev->ops->general_cmd(d.dev, in, sizeof(in), out,
						 sizeof(out)),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RESERVED_BITS_SET);
	mdev_close(&d);
}
END_TEST

/* Without the capability: no update_method 1 RTC, no GENERATE_WQE. */
START_TEST(test_model_no_gen_wqe)
{
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC ",generate_wqe_type=0");
	struct hws_cmd_rtc_attr a = {
		.table_type = MLX5_FT_TYPE_NIC_RX,
		.log_hash_size = 2,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_ALWAYS,
		.num_hash_definer = 1,
		.update_method = PRM_RTC_UPDATE_METHOD_FW,
	};
	uint8_t m_hash[PRM_JUMBO_TAG_SIZE] = { [32] = 0xff };
	struct mdev d = { .dev = dev };
	struct hws_obj stc, ste, rtc;
	struct prm_cqe64 cqe;

	ck_assert_int_eq(hws_cmd_alloc_pd(dev, &d.pd), 0);
	mdef(&d, 64, m_hash, &d.hash);
	ck_assert_int_eq(hws_cmd_stc_create(dev, MLX5_FT_TYPE_NIC_RX, 4, &stc),
			 0);
	ck_assert_int_eq(hws_cmd_ste_create(dev, MLX5_FT_TYPE_NIC_RX, 4, &ste),
			 0);
	a.pdn = d.pd.id;
	a.definer_id = d.hash.id;
	a.stc_id = stc.id;
	a.ste_id = ste.id;
	ck_assert_int_eq(hws_cmd_rtc_create(dev, &a, &rtc), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RTC_FW_UPDATE_NOT_SUPPORTED);
	ck_assert_int_eq(gen_wqe(&d, d.pd.id, 1, d.hash.id, &cqe), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_OP_ERR,
			 SIM_SYND_GEN_WQE_NOT_SUPPORTED);
	ck_assert_int_eq(hws_cmd_destroy(&ste), 0);
	ck_assert_int_eq(hws_cmd_destroy(&stc), 0);
	ck_assert_int_eq(hws_cmd_destroy(&d.hash), 0);
	ck_assert_int_eq(hws_cmd_destroy(&d.pd), 0);
	hws_dev_close(dev);
	ck_assert_ptr_null(sim_nic_find(NIC));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("multi_mt_model");
	TCase *tc = tcase_create("model");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_model_ste_definer);
	tcase_add_test(tc, test_model_fw_rtc);
	tcase_add_test(tc, test_model_no_gen_wqe);
	suite_add_tcase(s, tc);
	return t_run(s);
}
