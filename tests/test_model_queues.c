// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model's send queues as strict as the hardware: coalesced flushes
 * after an error, CQ overruns that stall the SQ, SQ timestamp formats and
 * queue sizes against the capabilities.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "model_queue.h"

#define NIC "qtest"

struct env {
	struct hws_dev *dev;
	struct hws_obj pd, definer, stc, ste, rtc;
};

static void env_open(struct env *e, const char *keys)
{
	char spec[256];

	snprintf(spec, sizeof(spec), "sim:nic=" NIC "%s%s", *keys ? "," : "",
		 keys);
	memset(e, 0, sizeof(*e));
	e->dev = t_dev_open(spec);
	ck_assert_int_eq(hws_cmd_alloc_pd(e->dev, &e->pd), 0);
}

/* An RTC for WQEs to name: executing them is not what these tests check. */
static void env_rtc(struct env *e)
{
	struct hws_cmd_definer_attr def = { 0 };
	struct hws_cmd_rtc_attr a = {
		.table_type = MLX5_FT_TYPE_NIC_RX,
		.log_hash_size = 2,
		.log_depth = 1,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_ALWAYS,
	};

	ck_assert_int_eq(hws_cmd_definer_create(e->dev, &def, &e->definer), 0);
	ck_assert_int_eq(
		hws_cmd_stc_create(e->dev, MLX5_FT_TYPE_NIC_RX, 4, &e->stc), 0);
	ck_assert_int_eq(
		hws_cmd_ste_create(e->dev, MLX5_FT_TYPE_NIC_RX, 4, &e->ste), 0);
	a.pdn = e->pd.id;
	a.definer_id = e->definer.id;
	a.stc_id = e->stc.id;
	a.ste_id = e->ste.id;
	ck_assert_int_eq(hws_cmd_rtc_create(e->dev, &a, &e->rtc), 0);
}

static void env_close(struct env *e)
{
	if (e->rtc.devx) {
		ck_assert_int_eq(hws_cmd_destroy(&e->rtc), 0);
		ck_assert_int_eq(hws_cmd_destroy(&e->ste), 0);
		ck_assert_int_eq(hws_cmd_destroy(&e->stc), 0);
		ck_assert_int_eq(hws_cmd_destroy(&e->definer), 0);
	}
	ck_assert_int_eq(hws_cmd_destroy(&e->pd), 0);
	ck_assert_uint_eq(t_objects(NIC), 0);
	hws_dev_close(e->dev);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

static const uint32_t no_stc[PRM_STC_IX_MAX];
static const uint8_t zero_ste[PRM_STE_SIZE];

/*
 * After an error CQE the flush completes the rest as hardware does,
 * coalesced: a WQE that asked for no CQE gets none, and the next flush
 * CQE covers it.
 */
START_TEST(test_flush_coalesced)
{
	struct t_queue q;
	struct env e;

	env_open(&e, "");
	t_queue_open(&q, e.dev, e.pd.id, true);
	/* RTC 0x7777 does not exist: the first WQE fails, the rest flush */
	t_queue_post(&q, 0x7777, 0, no_stc, zero_ste, false, false);
	t_queue_post(&q, 0x7777, 0, no_stc, zero_ste, false, false);
	t_queue_post(&q, 0x7777, 0, no_stc, zero_ste, false, false);
	t_queue_post(&q, 0x7777, 0, no_stc, zero_ste, true, true);
	ck_assert_uint_eq(t_queue_cqes(&q, T_QUEUE_LOG_SIZE), 2);
	ck_assert_uint_eq(t_queue_cqe(&q, 0)->op_own >> 4,
			  PRM_CQE_OPCODE_REQ_ERR);
	ck_assert_uint_eq(t_queue_cqe(&q, 0)->vendor_err_synd,
			  SIM_WQE_ERR_BAD_RTC);
	ck_assert_uint_eq(be16toh(t_queue_cqe(&q, 0)->wqe_counter), 0);
	ck_assert_uint_eq(t_queue_cqe(&q, 1)->vendor_err_synd,
			  SIM_WQE_ERR_FLUSHED);
	ck_assert_uint_eq(t_queue_cqe(&q, 1)->syndrome,
			  PRM_CQE_SYNDROME_WR_FLUSH_ERR);
	ck_assert_uint_eq(be16toh(t_queue_cqe(&q, 1)->wqe_counter),
			  3 * PRM_GTA_WQE_BBS);
	t_queue_close(&q);
	env_close(&e);
}
END_TEST

/*
 * A CQE with no room in the CQ overruns it, as on hardware: the CQ goes to
 * error and its SQ stalls; nothing executes any more, even once the CQ is
 * read.  Only destroying the queue helps.
 */
START_TEST(test_cq_overrun_stalls)
{
	struct hws_cmd_cq_attr cq;
	struct hws_cmd_sq_attr sq;
	struct t_queue q;
	struct env e;
	uint64_t wqes;
	int i;

	env_open(&e, "");
	env_rtc(&e);
	t_queue_mem(&q, e.dev, HWS_UMEM_ACCESS_LOCAL_WRITE);
	cq = t_queue_cq_attr(&q);
	cq.log_size = 2;
	ck_assert_int_eq(hws_cmd_cq_create(e.dev, &cq, &q.cq), 0);
	sq = t_queue_sq_attr(&q, e.pd.id);
	ck_assert_int_eq(t_queue_sq_create(&q, &sq, true), 0);
	ck_assert_int_eq(hws_cmd_sq_modify_state(&q.sq, MLX5_SQC_STATE_RST,
						 MLX5_SQC_STATE_RDY),
			 0);
	/* every WQE fails its GTA operation: each writes a CQE */
	sim_inject_wqe_fault(t_nic(NIC), 1, 1, SIM_WQE_FAULT_GTA_FAILED);
	for (i = 0; i < 5; i++)
		t_queue_post(&q, e.rtc.id, 0, no_stc, zero_ste, true, i == 4);
	ck_assert_uint_eq(t_queue_cqes(&q, 2), 4);
	ck_assert_uint_eq(t_stats(NIC).cq_overruns, 1);
	wqes = t_stats(NIC).wqes;
	ck_assert_uint_eq(wqes, 5);
	/* the CQ is read, and more is posted: the SQ stays stalled */
	*(__be32 *)(q.mem + T_QUEUE_CQ_DBR) = htobe32(4);
	t_queue_post(&q, e.rtc.id, 0, no_stc, zero_ste, true, true);
	ck_assert_uint_eq(t_stats(NIC).wqes, wqes);
	ck_assert_uint_eq(t_stats(NIC).cq_overruns, 1);
	sim_clear_faults(t_nic(NIC));
	t_queue_close(&q);
	env_close(&e);
}
END_TEST

/*
 * ts_format against sq_ts_format (0: free-running only, 1: real time only,
 * 2: both); DEFAULT always goes, the reserved 3 never.
 */
START_TEST(test_sq_ts_format)
{
	static const struct {
		const char *keys;
		uint8_t ok_mask; /* bit n: ts_format n is taken */
	} cases[] = {
		{ "sq_ts_format=0", 1 << 0 | 1 << 1 },
		{ "sq_ts_format=1", 1 << 1 | 1 << 2 },
		{ "sq_ts_format=2", 1 << 0 | 1 << 1 | 1 << 2 },
	};
	struct hws_cmd_cq_attr cq;
	struct hws_cmd_sq_attr sq;
	struct t_queue q;
	struct env e;
	size_t c;
	uint8_t ts;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		env_open(&e, cases[c].keys);
		t_queue_mem(&q, e.dev, HWS_UMEM_ACCESS_LOCAL_WRITE);
		cq = t_queue_cq_attr(&q);
		ck_assert_int_eq(hws_cmd_cq_create(e.dev, &cq, &q.cq), 0);
		for (ts = 0; ts < 4; ts++) {
			bool ok = cases[c].ok_mask >> ts & 1;

			sq = t_queue_sq_attr(&q, e.pd.id);
			sq.ts_format = ts;
			ck_assert_msg(t_queue_sq_create(&q, &sq, true) ==
					      (ok ? 0 : EREMOTEIO),
				      "%s, ts_format %u", cases[c].keys, ts);
			if (ok) {
				ck_assert_int_eq(hws_cmd_destroy(&q.sq), 0);
				continue;
			}
			t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
					 SIM_SYND_SQ_TS_FORMAT_NOT_SUPPORTED);
		}
		ck_assert_int_eq(hws_cmd_destroy(&q.cq), 0);
		ck_assert_int_eq(e.dev->ops->umem_dereg(q.umem), 0);
		e.dev->ops->uar_free(q.uar);
		free(q.mem);
		env_close(&e);
	}
}
END_TEST

/* Queue sizes against log_max_wq_sz and log_max_cq_sz. */
START_TEST(test_queue_size_caps)
{
	struct hws_cmd_cq_attr cq;
	struct hws_cmd_sq_attr sq;
	struct t_queue q;
	struct env e;

	env_open(&e, "log_max_wq_sz=5,log_max_cq_sz=5");
	t_queue_mem(&q, e.dev, HWS_UMEM_ACCESS_LOCAL_WRITE);
	cq = t_queue_cq_attr(&q);
	ck_assert_int_eq(hws_cmd_cq_create(e.dev, &cq, &q.cq), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_CQ_SIZE_ABOVE_MAX);
	cq.log_size = 5;
	ck_assert_int_eq(hws_cmd_cq_create(e.dev, &cq, &q.cq), 0);
	sq = t_queue_sq_attr(&q, e.pd.id);
	ck_assert_int_eq(t_queue_sq_create(&q, &sq, true), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_SQ_SIZE_ABOVE_MAX);
	sq.log_size = 5;
	ck_assert_int_eq(t_queue_sq_create(&q, &sq, true), 0);
	t_queue_close(&q);
	env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model_queues");
	TCase *tc = tcase_create("model_queues");

	tcase_add_test(tc, test_flush_coalesced);
	tcase_add_test(tc, test_cq_overrun_stalls);
	tcase_add_test(tc, test_sq_ts_format);
	tcase_add_test(tc, test_queue_size_caps);
	suite_add_tcase(s, tc);
	return t_run(s);
}
