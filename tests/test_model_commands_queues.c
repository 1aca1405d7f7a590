// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model's queue commands and WQEs, as a caller of libhws's command
 * layer sees them: CQ and SQ creation refused with the PRM status and the
 * model's syndrome, and GTA WQEs posted by hand executed as the device
 * would.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_commands_common.h"
#include "model_queue.h"

START_TEST(test_queue_refusals)
{
	struct hws_cmd_cq_attr cq = { 0 };
	struct hws_cmd_sq_attr sq = { 0 };
	static uint8_t ring[1 << 16] __attribute__((aligned(4096)));
	struct hws_umem *umem;
	struct hws_uar *uar;
	struct hws_obj cqo, sqo;
	uint32_t umem_id, page, eqn;
	struct fixture f;

	fixture_open(&f, "log_max_cq_sz=8");
	umem = f.dev->ops->umem_reg(f.dev, ring, sizeof(ring),
				    HWS_UMEM_ACCESS_LOCAL_WRITE, &umem_id);
	ck_assert_ptr_nonnull(umem);
	uar = f.dev->ops->uar_alloc(f.dev, &page);
	ck_assert_ptr_nonnull(uar);
	cq.log_size = 9;
	cq.uar_page = page;
	cq.umem_id = umem_id;
	cq.dbr_umem_id = umem_id;
	cq.dbr_offset = sizeof(ring) - 64;
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &cqo), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_CQ_SIZE_ABOVE_MAX);
	cq.log_size = 8;
	/* EQ 0 is the async EQ, not one of the completion vectors */
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &cqo), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_CQ_EQN_UNKNOWN);
	ck_assert_int_eq(f.dev->ops->query_eqn(f.dev, 0, &eqn), 0);
	ck_assert_int_eq(f.dev->ops->query_eqn(f.dev, 1000, &eqn), EINVAL);
	cq.eqn = eqn;
	cq.umem_offset = sizeof(ring) - 1024;
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &cqo), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_UMEM_TOO_SMALL);
	cq.umem_offset = 0;
	cq.uar_page = page + 100;
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &cqo), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_ERR, SIM_SYND_UAR_MISSING);
	cq.uar_page = page;
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &cqo), 0);

	sq.cqn = cqo.id + 1;
	sq.pdn = f.pd.id;
	sq.uar_page = page;
	sq.log_size = 6;
	sq.umem_id = umem_id;
	sq.umem_offset = 16384;
	sq.dbr_umem_id = umem_id;
	sq.dbr_offset = sizeof(ring) - 128;
	ck_assert_int_eq(hws_cmd_sq_create(f.dev, &sq, &sqo), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_ERR,
			 SIM_SYND_OBJECT_MISSING);
	sq.cqn = cqo.id;
	sq.log_size = 17;
	ck_assert_int_eq(hws_cmd_sq_create(f.dev, &sq, &sqo), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_SQ_SIZE_ABOVE_MAX);
	sq.log_size = 6;
	ck_assert_int_eq(hws_cmd_sq_create(f.dev, &sq, &sqo), 0);
	/* state machine: RST -> RDY only; the current state must be named */
	ck_assert_int_eq(hws_cmd_sq_modify_state(&sqo, MLX5_SQC_STATE_RDY,
						 MLX5_SQC_STATE_RST),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_STATE_ERR,
			 SIM_SYND_SQ_STATE_MISMATCH);
	ck_assert_int_eq(hws_cmd_sq_modify_state(&sqo, MLX5_SQC_STATE_RST,
						 MLX5_SQC_STATE_ERR),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_SQ_BAD_STATE_TRANSITION);
	ck_assert_int_eq(hws_cmd_sq_modify_state(&sqo, MLX5_SQC_STATE_RST,
						 MLX5_SQC_STATE_RDY), 0);
	/* the CQ and its memory are in use while the SQ lives */
	ck_assert_int_eq(hws_cmd_destroy(&cqo), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(f.dev->ops->umem_dereg(umem), EBUSY);
	ck_assert_int_eq(hws_cmd_destroy(&sqo), 0);
	ck_assert_int_eq(hws_cmd_destroy(&cqo), 0);
	ck_assert_int_eq(f.dev->ops->umem_dereg(umem), 0);
	f.dev->ops->uar_free(uar);
	fixture_close(&f);
}
END_TEST

START_TEST(test_queue_object_limits)
{
	struct hws_cmd_cq_attr cq;
	struct hws_cmd_sq_attr sq;
	struct hws_obj o;
	struct fixture f;
	struct t_queue q;

	fixture_open(&f, "log_max_cq=0,log_max_sq=0");
	t_queue_open(&q, f.dev, f.pd.id, true);
	cq = t_queue_cq_attr(&q);
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &o), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_LIM_ERR, SIM_SYND_OBJECT_LIMIT);
	sq = t_queue_sq_attr(&q, f.pd.id);
	ck_assert_int_eq(hws_cmd_sq_create(f.dev, &sq, &o), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_LIM_ERR, SIM_SYND_OBJECT_LIMIT);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_CQ], 1);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_SQ], 1);
	t_queue_close(&q);
	fixture_close(&f);
}
END_TEST

START_TEST(test_dbr_alignment)
{
	struct hws_cmd_cq_attr cq;
	struct hws_cmd_sq_attr sq;
	struct fixture f;
	struct t_queue q;

	fixture_open(&f, "");
	t_queue_mem(&q, f.dev, HWS_UMEM_ACCESS_LOCAL_WRITE);
	cq = t_queue_cq_attr(&q);
	cq.dbr_offset += 4;
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &q.cq), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_DBR_MISALIGNED);
	cq = t_queue_cq_attr(&q);
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &q.cq), 0);
	sq = t_queue_sq_attr(&q, f.pd.id);
	sq.dbr_offset += 2;
	ck_assert_int_eq(hws_cmd_sq_create(f.dev, &sq, &q.sq), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_DBR_MISALIGNED);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_SQ], 0);
	sq = t_queue_sq_attr(&q, f.pd.id);
	ck_assert_int_eq(hws_cmd_sq_create(f.dev, &sq, &q.sq), 0);
	t_queue_close(&q);
	fixture_close(&f);
}
END_TEST

/* Queue rings and doorbell records need memory registered for writing. */
START_TEST(test_umem_access)
{
	struct hws_cmd_cq_attr cq;
	struct hws_cmd_sq_attr sq;
	struct hws_umem *ro;
	struct fixture f;
	struct t_queue q;
	uint32_t ro_id;

	fixture_open(&f, "");
	t_queue_mem(&q, f.dev, HWS_UMEM_ACCESS_LOCAL_WRITE);
	ro = f.dev->ops->umem_reg(f.dev, q.mem, T_QUEUE_MEM, 0, &ro_id);
	ck_assert_ptr_nonnull(ro);
	cq = t_queue_cq_attr(&q);
	cq.umem_id = ro_id;
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &q.cq), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_UMEM_ACCESS);
	cq = t_queue_cq_attr(&q);
	cq.dbr_umem_id = ro_id;
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &q.cq), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_UMEM_ACCESS);
	cq = t_queue_cq_attr(&q);
	ck_assert_int_eq(hws_cmd_cq_create(f.dev, &cq, &q.cq), 0);
	sq = t_queue_sq_attr(&q, f.pd.id);
	sq.umem_id = ro_id;
	ck_assert_int_eq(hws_cmd_sq_create(f.dev, &sq, &q.sq), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_UMEM_ACCESS);
	sq = t_queue_sq_attr(&q, f.pd.id);
	sq.dbr_umem_id = ro_id;
	ck_assert_int_eq(hws_cmd_sq_create(f.dev, &sq, &q.sq), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_UMEM_ACCESS);
	sq = t_queue_sq_attr(&q, f.pd.id);
	ck_assert_int_eq(hws_cmd_sq_create(f.dev, &sq, &q.sq), 0);
	t_queue_close(&q);
	ck_assert_int_eq(f.dev->ops->umem_dereg(ro), 0);
	fixture_close(&f);
}
END_TEST

/*
 * An error CQE moves the SQ to the error state whether or not it flushes;
 * flush_in_error_en only decides whether the rest completes with flush
 * errors.
 */
START_TEST(test_sq_error_state)
{
	static const uint32_t ix[PRM_STC_IX_MAX];
	static const uint8_t ste[PRM_STE_SIZE];
	struct fixture f;
	struct t_queue q;
	int flush;

	fixture_open(&f, "");
	for (flush = 0; flush <= 1; flush++) {
		t_queue_open(&q, f.dev, f.pd.id, flush);
		/* RTC 0x7777 does not exist: both WQEs are in error */
		t_queue_post(&q, 0x7777, 0, ix, ste, true, false);
		t_queue_post(&q, 0x7777, 0, ix, ste, true, true);
		ck_assert_uint_eq(t_queue_cqes(&q, T_QUEUE_LOG_SIZE), flush ? 2 : 1);
		ck_assert_uint_eq(t_queue_cqe(&q, 0)->op_own >> 4,
				  PRM_CQE_OPCODE_REQ_ERR);
		ck_assert_uint_eq(t_queue_cqe(&q, 0)->vendor_err_synd,
				  SIM_WQE_ERR_BAD_RTC);
		if (flush)
			ck_assert_uint_eq(t_queue_cqe(&q, 1)->vendor_err_synd,
					  SIM_WQE_ERR_FLUSHED);
		ck_assert_int_eq(hws_cmd_sq_modify_state(&q.sq,
							 MLX5_SQC_STATE_RDY,
							 MLX5_SQC_STATE_RST),
				 EREMOTEIO);
		t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_STATE_ERR,
				 SIM_SYND_SQ_STATE_MISMATCH);
		ck_assert_int_eq(hws_cmd_sq_modify_state(&q.sq,
							 MLX5_SQC_STATE_ERR,
							 MLX5_SQC_STATE_RST),
				 0);
		t_queue_close(&q);
	}
	fixture_close(&f);
}
END_TEST

/* STC slots of the fixture's STC that the WQE tests name. */
enum {
	SLOT_TAG_DW7, /* slot 0, as an unused stc_ix names it */
	SLOT_CTRL,
	SLOT_HIT,
	SLOT_DW5,
	SLOT_DW6,
};

/*
 * An RTC in the fixture's table, inserting by update_mode, with a definer
 * that masks everything: every packet's tag is zero, and hashes to row 0.
 */
static void rtc_open(struct fixture *f, uint8_t update_mode,
		     struct hws_obj *definer, struct hws_obj *rtc)
{
	static const struct {
		uint8_t slot, action, offset;
	} slots[] = {
		{ SLOT_TAG_DW7, MLX5_IFC_STC_ACTION_TYPE_TAG,
		  MLX5_IFC_STC_ACTION_OFFSET_DW7 },
		{ SLOT_CTRL, MLX5_IFC_STC_ACTION_TYPE_NOP,
		  MLX5_IFC_STC_ACTION_OFFSET_CTRL },
		{ SLOT_HIT, MLX5_IFC_STC_ACTION_TYPE_ALLOW,
		  MLX5_IFC_STC_ACTION_OFFSET_HIT },
		{ SLOT_DW5, MLX5_IFC_STC_ACTION_TYPE_NOP,
		  MLX5_IFC_STC_ACTION_OFFSET_DW5 },
		{ SLOT_DW6, MLX5_IFC_STC_ACTION_TYPE_NOP,
		  MLX5_IFC_STC_ACTION_OFFSET_DW6 },
	};
	struct hws_cmd_definer_attr def = { 0 };
	struct hws_cmd_rtc_attr a;
	size_t i;

	for (i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
		struct hws_cmd_stc_attr s = {
			.action_type = slots[i].action,
			.action_offset = slots[i].offset,
		};

		ck_assert_int_eq(hws_cmd_stc_modify(&f->stc, slots[i].slot, &s),
				 0);
	}
	ck_assert_int_eq(hws_cmd_definer_create(f->dev, &def, definer), 0);
	a = rtc_attr(f);
	a.definer_id = definer->id;
	a.miss_ft_id = 0;
	a.update_mode = update_mode;
	ck_assert_int_eq(hws_cmd_rtc_create(f->dev, &a, rtc), 0);
	ck_assert_int_eq(hws_cmd_ft_set_rtcs(&f->ft, MLX5_FT_TYPE_NIC_RX,
					     rtc->id, 0), 0);
}

static void rtc_close(struct fixture *f, struct hws_obj *definer,
		      struct hws_obj *rtc)
{
	ck_assert_int_eq(hws_cmd_ft_set_rtcs(&f->ft, MLX5_FT_TYPE_NIC_RX, 0,
					     0), 0);
	ck_assert_int_eq(hws_cmd_destroy(rtc), 0);
	ck_assert_int_eq(hws_cmd_destroy(definer), 0);
}

static struct hws_verdict trace(struct fixture *f)
{
	struct hws_packet pkt = { .side = HWS_SIDE_RX, .bytes = 64 };
	struct hws_verdict v;

	ck_assert_int_eq(hws_dev_trace_packet(f->dev, f->ft.id, &pkt, &v), 0);
	return v;
}

/* DW dw of the one STE image in the resource dump. */
static uint32_t dumped_ste_dw(struct fixture *f, unsigned int dw)
{
	char line[512], word[9] = { 0 };
	const char *img = NULL;
	FILE *out = tmpfile();

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(hws_dev_dump_resources(f->dev, out), 0);
	rewind(out);
	while (!img && fgets(line, sizeof(line), out))
		if (!strncmp(line, "4930,", 5))
			img = strrchr(line, 'x') + 1;
	fclose(out);
	ck_assert_ptr_nonnull(img);
	memcpy(word, img + 8 * dw, 8);
	return strtoul(word, NULL, 16);
}

/*
 * The action slots an STE names end at the last one its WQE gives: with
 * last = 3 (DW5, DW6 double) the zero in stc_ix[DW7] names no action, and
 * slot 0 is not applied or dumped for DW7.
 */
START_TEST(test_stc_slots_in_use)
{
	const uint32_t ix3[PRM_STC_IX_MAX] = {
		SLOT_CTRL | 3u << PRM_STC_IX_NUM_ACTIONS_SHIFT, SLOT_HIT,
		SLOT_DW5, SLOT_DW6, 0,
	};
	const uint32_t ix4[PRM_STC_IX_MAX] = {
		SLOT_CTRL | 4u << PRM_STC_IX_NUM_ACTIONS_SHIFT, SLOT_HIT,
		SLOT_DW5, SLOT_DW6, SLOT_TAG_DW7,
	};
	uint8_t ste[PRM_STE_SIZE] = { 0 };
	struct hws_obj definer, rtc;
	struct hws_verdict v;
	struct fixture f;
	struct t_queue q;
	uint32_t dw7 = htobe32(0xabcdef);

	fixture_open(&f, "");
	rtc_open(&f, MLX5_IFC_RTC_STE_UPDATE_MODE_BY_HASH, &definer, &rtc);
	t_queue_open(&q, f.dev, f.pd.id, true);
	memcpy(ste + 4 * 7, &dw7, 4);
	t_queue_post(&q, rtc.id, 0, ix3, ste, true, true);
	ck_assert_uint_eq(t_queue_cqes(&q, T_QUEUE_LOG_SIZE), 1);
	ck_assert_uint_eq(t_queue_cqe(&q, 0)->op_own >> 4, PRM_CQE_OPCODE_REQ);
	v = trace(&f);
	ck_assert_uint_eq(v.num_hits, 1);
	ck_assert_int_eq(v.has_tag, 0);
	ck_assert_uint_eq(dumped_ste_dw(&f, 7), 0);
	/* named, slot 0's tag action applies */
	t_queue_post(&q, rtc.id, 0, ix4, ste, true, true);
	ck_assert_uint_eq(t_queue_cqes(&q, T_QUEUE_LOG_SIZE), 2);
	ck_assert_uint_eq(t_queue_cqe(&q, 1)->op_own >> 4, PRM_CQE_OPCODE_REQ);
	v = trace(&f);
	ck_assert_int_eq(v.has_tag, 1);
	ck_assert_uint_eq(v.tag, 0xabcdef);
	ck_assert_uint_eq(dumped_ste_dw(&f, 7) >> 24,
			  MLX5_IFC_STC_ACTION_TYPE_TAG);
	t_queue_close(&q);
	rtc_close(&f, &definer, &rtc);
	fixture_close(&f);
}
END_TEST

/* Insertion by offset: the STE goes where the WQE's direct index says. */
START_TEST(test_insert_by_offset)
{
	const uint32_t ix[PRM_STC_IX_MAX] = {
		SLOT_CTRL | 3u << PRM_STC_IX_NUM_ACTIONS_SHIFT, SLOT_HIT,
		SLOT_DW5, SLOT_DW6, 0,
	};
	static const uint8_t ste[PRM_STE_SIZE];
	struct hws_obj definer, rtc;
	struct hws_verdict v;
	struct fixture f;
	struct t_queue q;

	fixture_open(&f, "");
	rtc_open(&f, MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET, &definer, &rtc);
	t_queue_open(&q, f.dev, f.pd.id, true);
	/* index 4: column 1 of row 0, where lookups of the zero tag go */
	t_queue_post(&q, rtc.id, 4, ix, ste, true, true);
	ck_assert_uint_eq(t_queue_cqes(&q, T_QUEUE_LOG_SIZE), 1);
	ck_assert_uint_eq(t_queue_cqe(&q, 0)->op_own >> 4, PRM_CQE_OPCODE_REQ);
	ck_assert_uint_eq(be32toh(t_queue_cqe(&q, 0)->byte_cnt), 0);
	ck_assert_uint_eq(t_stats(NIC).stes, 1);
	v = trace(&f);
	ck_assert_uint_eq(v.num_hits, 1);
	ck_assert_uint_eq(v.hits[0].rtc_id, rtc.id);
	ck_assert_uint_eq(v.hits[0].ste_index, 4);
	/* a deactivate clears that index */
	t_queue_post(&q, rtc.id, PRM_GTA_OP_DEACTIVATE << PRM_GTA_OP_SHIFT | 4,
		     ix, ste, true, true);
	ck_assert_uint_eq(t_queue_cqes(&q, T_QUEUE_LOG_SIZE), 2);
	ck_assert_uint_eq(be32toh(t_queue_cqe(&q, 1)->byte_cnt), 0);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	ck_assert_uint_eq(trace(&f).num_hits, 0);
	/* the RTC spans 2^(2 + 1) STEs: index 8 is outside */
	t_queue_post(&q, rtc.id, 8, ix, ste, true, true);
	ck_assert_uint_eq(t_queue_cqes(&q, T_QUEUE_LOG_SIZE), 3);
	ck_assert_uint_eq(t_queue_cqe(&q, 2)->op_own >> 4, PRM_CQE_OPCODE_REQ_ERR);
	ck_assert_uint_eq(t_queue_cqe(&q, 2)->vendor_err_synd,
			  SIM_WQE_ERR_BAD_DIRIX);
	t_queue_close(&q);
	rtc_close(&f, &definer, &rtc);
	fixture_close(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model_commands_queues");
	TCase *tc = tcase_create("queues");

	tcase_add_test(tc, test_queue_refusals);
	tcase_add_test(tc, test_queue_object_limits);
	tcase_add_test(tc, test_dbr_alignment);
	tcase_add_test(tc, test_umem_access);
	tcase_add_test(tc, test_sq_error_state);
	tcase_add_test(tc, test_stc_slots_in_use);
	tcase_add_test(tc, test_insert_by_offset);
	suite_add_tcase(s, tc);
	return t_run(s);
}
