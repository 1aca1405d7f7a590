// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The command plane of the device model, as a caller of libhws's command
 * layer sees it: every refusal comes back as EREMOTEIO with the PRM status
 * and the model's syndrome for that check, and changes nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model_commands_common.h"
#include "model_queue.h"

/* The seam's optional introspection, as the model offers it to tools. */
START_TEST(test_introspection)
{
	struct hws_packet pkt = { .side = HWS_SIDE_RX, .bytes = 64 };
	struct hws_dev_usage usage;
	struct hws_verdict v;
	struct fixture f;
	FILE *out;

	fixture_open(&f, "icm_pages_max=4096");
	ck_assert_int_eq(hws_dev_query_usage(f.dev, &usage), 0);
	ck_assert_uint_eq(usage.icm_pages, t_stats(NIC).icm_pages);
	ck_assert_uint_gt(usage.icm_pages, 0);
	ck_assert_uint_ge(usage.icm_pages_peak, usage.icm_pages);
	ck_assert_uint_eq(usage.icm_pages_max, 4096);

	/* an empty table: default processing */
	ck_assert_int_eq(hws_dev_trace_packet(f.dev, f.ft.id, &pkt, &v), 0);
	ck_assert_int_eq(v.result, HWS_RESULT_MISS);
	ck_assert_uint_eq(v.num_hits, 0);
	ck_assert_int_eq(hws_dev_trace_packet(f.dev, f.ste.id, &pkt, &v),
			 ENOENT);

	out = tmpfile();
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(hws_dev_dump_resources(f.dev, out), 0);
	ck_assert_int_gt(ftell(out), 0);
	fclose(out);
	fixture_close(&f);
}
END_TEST

/* A refused RTC create: the error, the status and syndrome, no new object */
static void expect_rtc_refused(struct fixture *f,
			       const struct hws_cmd_rtc_attr *a,
			       uint8_t status, uint32_t synd)
{
	uint32_t before = t_objects(NIC);
	struct hws_obj rtc;

	ck_assert_int_eq(hws_cmd_rtc_create(f->dev, a, &rtc), EREMOTEIO);
	t_assert_refused(NIC, status, synd);
	ck_assert_uint_eq(t_objects(NIC), before);
}

START_TEST(test_rtc_valid)
{
	struct hws_cmd_rtc_attr a;
	struct fixture f;
	struct hws_obj rtc;

	fixture_open(&f, "");
	a = rtc_attr(&f);
	ck_assert_int_eq(hws_cmd_rtc_create(f.dev, &a, &rtc), 0);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_RTC], 1);
	/* referenced objects cannot go while the RTC holds them */
	ck_assert_int_eq(hws_cmd_destroy(&f.ste), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(hws_cmd_destroy(&f.definer), EREMOTEIO);
	ck_assert_int_eq(hws_cmd_destroy(&f.stc), EREMOTEIO);
	ck_assert_int_eq(hws_cmd_destroy(&f.ft), EREMOTEIO);
	ck_assert_int_eq(hws_cmd_destroy(&f.pd), EREMOTEIO);
	ck_assert_int_eq(hws_cmd_destroy(&rtc), 0);
	fixture_close(&f);
}
END_TEST

START_TEST(test_rtc_refusals)
{
	struct hws_cmd_rtc_attr a;
	struct fixture f;

	fixture_open(&f, "rtc_log_depth_max=2");
	a = rtc_attr(&f);
	a.log_depth = 3;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_RTC_DEPTH_ABOVE_MAX);
	a = rtc_attr(&f);
	a.ste_id = 0x7777;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_RES_ERR,
			   SIM_SYND_OBJECT_MISSING);
	a = rtc_attr(&f);
	a.ste_id = f.stc.id;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_RES_ERR,
			   SIM_SYND_OBJECT_WRONG_TYPE);
	a = rtc_attr(&f);
	a.definer_id = 0x7777;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_RES_ERR,
			   SIM_SYND_OBJECT_MISSING);
	a = rtc_attr(&f);
	a.definer_id = f.ste.id;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_RES_ERR,
			   SIM_SYND_OBJECT_WRONG_TYPE);
	a = rtc_attr(&f);
	a.stc_id = 0x7777;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_RES_ERR,
			   SIM_SYND_OBJECT_MISSING);
	a = rtc_attr(&f);
	a.miss_ft_id = 0x7777;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_RES_ERR,
			   SIM_SYND_OBJECT_MISSING);
	a = rtc_attr(&f);
	a.pdn = 0x7777;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_RES_ERR,
			   SIM_SYND_OBJECT_MISSING);
	/* 2^(3+2) STEs from offset 0 do not fit a range of 2^4 */
	a = rtc_attr(&f);
	a.log_hash_size = 3;
	a.log_depth = 2;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_RTC_RANGE_OUTSIDE_STE);
	a = rtc_attr(&f);
	a.ste_offset = 12;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_RTC_RANGE_OUTSIDE_STE);
	a = rtc_attr(&f);
	a.table_type = MLX5_FT_TYPE_NIC_TX;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_TABLE_TYPE_MISMATCH);
	a = rtc_attr(&f);
	a.table_type = 7;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_BAD_TABLE_TYPE);
	a = rtc_attr(&f);
	a.ste_format = MLX5_IFC_RTC_STE_FORMAT_RANGE;
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_RTC_STE_FORMAT_NOT_SUPPORTED);
	fixture_close(&f);
}
END_TEST

START_TEST(test_ranged_objects)
{
	struct fixture f;
	struct hws_obj o;

	fixture_open(&f, "ste_alloc_log_max=10,ste_alloc_log_granularity=3,"
			 "stc_alloc_log_max=8,stc_alloc_log_granularity=2");
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_FDB_RX, 11, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_LOG_RANGE_ABOVE_MAX);
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_FDB_RX, 2, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_LOG_RANGE_BELOW_GRANULARITY);
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, 0x9, 4, &o), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_BAD_TABLE_TYPE);
	ck_assert_int_eq(hws_cmd_stc_create(f.dev, MLX5_FT_TYPE_FDB_TX, 9, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_LOG_RANGE_ABOVE_MAX);
	ck_assert_int_eq(hws_cmd_stc_create(f.dev, MLX5_FT_TYPE_FDB_TX, 1, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_LOG_RANGE_BELOW_GRANULARITY);
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_FDB_RX, 10, &o),
			 0);
	ck_assert_int_eq(hws_cmd_destroy(&o), 0);
	fixture_close(&f);
}
END_TEST

/* STE ranges take 2^log_obj_range x 64 B, counted in 4 KiB pages. */
START_TEST(test_icm_accounting)
{
	static const struct {
		uint8_t log;
		uint64_t pages;
	} cases[] = {
		{ 1, 1 }, { 6, 1 }, { 7, 2 }, { 10, 16 }, { 14, 256 },
		{ 20, 16384 },
	};
	struct hws_obj o[6];
	uint64_t base, sum = 0;
	struct fixture f;
	size_t i;

	fixture_open(&f, "");
	base = t_stats(NIC).icm_pages;
	/* the fixture holds a 2^4-slot STC (64 B each) and 16 STEs: 2 pages */
	ck_assert_uint_eq(base, 2);
	for (i = 0; i < 6; i++) {
		ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_NIC_RX,
						    cases[i].log, &o[i]), 0);
		sum += cases[i].pages;
		ck_assert_uint_eq(t_stats(NIC).icm_pages, base + sum);
	}
	ck_assert_uint_eq(t_stats(NIC).icm_pages_peak, base + sum);
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(hws_cmd_destroy(&o[i]), 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, base);
	ck_assert_uint_eq(t_stats(NIC).icm_pages_peak, base + sum);
	fixture_close(&f);
}
END_TEST

START_TEST(test_icm_exhaustion)
{
	struct hws_obj a, b;
	struct fixture f;
	struct sim_stats before;

	fixture_open(&f, "icm_pages_max=20");
	/* 2 pages held; 16 more fit, then 16 more do not */
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_NIC_RX, 10, &a),
			 0);
	before = t_stats(NIC);
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_NIC_RX, 10, &b),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_NO_RES_ERR,
			 SIM_SYND_ICM_EXHAUSTED);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, before.icm_pages);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_STE],
			  before.objects[SIM_OBJ_STE]);
	ck_assert_uint_eq(t_stats(NIC).icm_pages_max, 20);
	/* what fits still fits */
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_NIC_RX, 7, &b),
			 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, 20);
	ck_assert_int_eq(hws_cmd_destroy(&b), 0);
	ck_assert_int_eq(hws_cmd_destroy(&a), 0);
	fixture_close(&f);
}
END_TEST

START_TEST(test_malformed_commands)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_ste_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };
	struct hws_devx_obj *obj;
	uint32_t before;
	struct fixture f;

	fixture_open(&f, "");
	before = t_objects(NIC);

	/* unknown opcode */
	DEVX_SET(mbox_in, in, opcode, 0x999);
	ck_assert_int_eq(f.dev->ops->general_cmd(f.dev, in, 16, out, 16),
			 EREMOTEIO);
	ck_assert_uint_eq(DEVX_GET(mbox_out, out, status),
			  MLX5_CMD_STAT_BAD_OP_ERR);
	ck_assert_uint_eq(DEVX_GET(mbox_out, out, syndrome),
			  SIM_SYND_UNKNOWN_OPCODE);

	/* unknown general object type */
	memset(in, 0, sizeof(in));
	DEVX_SET(general_obj_in_cmd_hdr, in, opcode,
		 MLX5_CMD_OP_CREATE_GENERAL_OBJECT);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_type, 0x77);
	ck_assert_int_eq(t_raw_create(f.dev, in, sizeof(in), out, sizeof(out),
				    &obj), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_OP_ERR,
			 SIM_SYND_UNKNOWN_OBJ_TYPE);

	/* a reserved bit of the STE context */
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_type, MLX5_OBJ_TYPE_STE);
	DEVX_SET(general_obj_in_cmd_hdr, in, op_param.create.log_obj_range, 4);
	DEVX_SET(create_ste_in, in, ste.table_type, MLX5_FT_TYPE_NIC_RX);
	in[sizeof(in) - 1] = 0x01;
	ck_assert_int_eq(t_raw_create(f.dev, in, sizeof(in), out, sizeof(out),
				    &obj), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RESERVED_BITS_SET);
	in[sizeof(in) - 1] = 0;

	/* a short input and a short output buffer */
	ck_assert_int_eq(t_raw_create(f.dev, in, sizeof(in) - 4, out,
				    sizeof(out), &obj), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_INP_LEN_ERR,
			 SIM_SYND_INPUT_TOO_SHORT);
	ck_assert_int_eq(t_raw_create(f.dev, in, sizeof(in), out, 12, &obj),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_OUTP_LEN_ERR,
			 SIM_SYND_OUTPUT_TOO_SHORT);

	/* an object create through the general command is the kernel's EINVAL */
	ck_assert_int_eq(f.dev->ops->general_cmd(f.dev, in, sizeof(in), out,
						 sizeof(out)), EINVAL);

	/* the same bytes, well formed, work */
	ck_assert_int_eq(t_raw_create(f.dev, in, sizeof(in), out, sizeof(out),
				    &obj), 0);
	ck_assert_uint_eq(t_objects(NIC), before + 1);
	ck_assert_int_eq(f.dev->ops->obj_destroy(obj), 0);
	ck_assert_uint_eq(t_objects(NIC), before);
	fixture_close(&f);
}
END_TEST

/*
 * Firmware reads commands from a mailbox, not from the caller's memory: a
 * command and its output at odd addresses work through every call of the
 * seam (under UBSan a load in place would be misaligned).
 */
START_TEST(test_unaligned_mailbox)
{
	uint8_t cap_in[DEVX_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };
	uint8_t cap_out[DEVX_ST_SZ_BYTES(query_hca_cap_out)];
	uint8_t ste_in[DEVX_ST_SZ_BYTES(create_ste_in)] = { 0 };
	uint8_t ste_out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)];
	uint8_t *in = malloc(sizeof(cap_out) + 8);
	uint8_t *out = malloc(sizeof(cap_out) + 8);
	struct hws_devx_obj *obj;
	struct fixture f;
	size_t odd;

	fixture_open(&f, "");
	DEVX_SET(query_hca_cap_in, cap_in, opcode, MLX5_CMD_OP_QUERY_HCA_CAP);
	DEVX_SET(query_hca_cap_in, cap_in, op_mod, MLX5_CAP_GENERAL << 1);
	DEVX_SET(general_obj_in_cmd_hdr, ste_in, opcode,
		 MLX5_CMD_OP_CREATE_GENERAL_OBJECT);
	DEVX_SET(general_obj_in_cmd_hdr, ste_in, obj_type, MLX5_OBJ_TYPE_STE);
	DEVX_SET(general_obj_in_cmd_hdr, ste_in, op_param.create.log_obj_range,
		 4);
	DEVX_SET(create_ste_in, ste_in, ste.table_type, MLX5_FT_TYPE_NIC_RX);
	for (odd = 1; odd < 8; odd += 2) {
		memcpy(in + odd, cap_in, sizeof(cap_in));
		ck_assert_int_eq(f.dev->ops->general_cmd(f.dev, in + odd,
							 sizeof(cap_in),
							 out + 8 - odd,
							 sizeof(cap_out)),
				 0);
		memcpy(cap_out, out + 8 - odd, sizeof(cap_out));
		ck_assert_uint_eq(DEVX_GET(mbox_out, cap_out, status), 0);

		memcpy(in + odd, ste_in, sizeof(ste_in));
		obj = f.dev->ops->obj_create(f.dev, in + odd, sizeof(ste_in),
					     out + odd, sizeof(ste_out));
		ck_assert_ptr_nonnull(obj);
		memcpy(ste_out, out + odd, sizeof(ste_out));
		ck_assert_uint_ne(DEVX_GET(general_obj_out_cmd_hdr, ste_out,
					   obj_id),
				  0);
		ck_assert_int_eq(f.dev->ops->obj_destroy(obj), 0);
	}
	free(in);
	free(out);
	fixture_close(&f);
}
END_TEST

START_TEST(test_stc_refusals)
{
	struct hws_cmd_stc_attr a = { 0 };
	struct fixture f;
	struct hws_obj fdb_stc, fc;

	fixture_open(&f, "");
	/* slot beyond the range of 2^4 */
	a.action_type = MLX5_IFC_STC_ACTION_TYPE_DROP;
	a.action_offset = MLX5_IFC_STC_ACTION_OFFSET_HIT;
	ck_assert_int_eq(hws_cmd_stc_modify(&f.stc, 16, &a), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_STC_OFFSET_OUT_OF_RANGE);
	ck_assert_int_eq(hws_cmd_stc_modify(&f.stc, 15, &a), 0);
	/* drop belongs in the hit slot */
	a.action_offset = MLX5_IFC_STC_ACTION_OFFSET_DW5;
	ck_assert_int_eq(hws_cmd_stc_modify(&f.stc, 1, &a), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_STC_ACTION_OFFSET_INVALID);
	/* an action type the device does not offer */
	a.action_type = MLX5_IFC_STC_ACTION_TYPE_ASO;
	a.action_offset = MLX5_IFC_STC_ACTION_OFFSET_DW6;
	ck_assert_int_eq(hws_cmd_stc_modify(&f.stc, 1, &a), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_STC_ACTION_NOT_SUPPORTED);
	/* a jump to a missing table */
	a.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT;
	a.action_offset = MLX5_IFC_STC_ACTION_OFFSET_HIT;
	a.table_id = 0x7777;
	ck_assert_int_eq(hws_cmd_stc_modify(&f.stc, 1, &a), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_ERR,
			 SIM_SYND_OBJECT_MISSING);
	/* vports exist only in the FDB */
	a.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT;
	a.vport.number = 1;
	ck_assert_int_eq(hws_cmd_stc_modify(&f.stc, 1, &a), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_STC_ACTION_NOT_SUPPORTED);
	ck_assert_int_eq(hws_cmd_stc_create(f.dev, MLX5_FT_TYPE_FDB_RX, 2,
					    &fdb_stc), 0);
	a.vport.number = 999;
	ck_assert_int_eq(hws_cmd_stc_modify(&fdb_stc, 1, &a), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_STC_VPORT_UNKNOWN);
	a.vport.number = 3;
	ck_assert_int_eq(hws_cmd_stc_modify(&fdb_stc, 1, &a), 0);
	/* an FDB STC cannot jump to a NIC table */
	a.action_type = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT;
	a.table_id = f.ft.id;
	ck_assert_int_eq(hws_cmd_stc_modify(&fdb_stc, 2, &a), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_TABLE_TYPE_MISMATCH);
	/* a counter STC holds its counter */
	ck_assert_int_eq(hws_cmd_counter_alloc(f.dev, 4, &fc), 0);
	a.action_type = MLX5_IFC_STC_ACTION_TYPE_COUNTER;
	a.action_offset = MLX5_IFC_STC_ACTION_OFFSET_CTRL;
	a.counter_id = fc.id;
	ck_assert_int_eq(hws_cmd_stc_modify(&fdb_stc, 3, &a), 0);
	ck_assert_int_eq(hws_cmd_destroy(&fc), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	/* reprogramming the slot releases it */
	a.action_type = MLX5_IFC_STC_ACTION_TYPE_DROP;
	a.action_offset = MLX5_IFC_STC_ACTION_OFFSET_HIT;
	ck_assert_int_eq(hws_cmd_stc_modify(&fdb_stc, 3, &a), 0);
	ck_assert_int_eq(hws_cmd_destroy(&fc), 0);
	ck_assert_int_eq(hws_cmd_destroy(&fdb_stc), 0);
	fixture_close(&f);
}
END_TEST

START_TEST(test_flow_table_refusals)
{
	struct fixture f;
	struct hws_obj ft2, tx, fdb;

	fixture_open(&f, "nic_max_ft_level=8");
	ck_assert_int_eq(hws_cmd_ft_create(f.dev, MLX5_FT_TYPE_NIC_RX, 9, &ft2),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_FT_LEVEL_ABOVE_MAX);
	ck_assert_int_eq(hws_cmd_ft_create(f.dev, 0x3, 1, &ft2), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_BAD_TABLE_TYPE);
	ck_assert_int_eq(hws_cmd_ft_create(f.dev, MLX5_FT_TYPE_NIC_RX, 2, &ft2),
			 0);
	ck_assert_int_eq(hws_cmd_ft_create(f.dev, MLX5_FT_TYPE_NIC_TX, 2, &tx),
			 0);
	ck_assert_int_eq(hws_cmd_ft_create(f.dev, MLX5_FT_TYPE_FDB, 2, &fdb),
			 0);
	/* a miss to itself, to another type, to nothing */
	ck_assert_int_eq(hws_cmd_ft_set_miss(&f.ft, MLX5_FT_TYPE_NIC_RX,
					     f.ft.id), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_FT_MISS_LOOP);
	ck_assert_int_eq(hws_cmd_ft_set_miss(&f.ft, MLX5_FT_TYPE_NIC_RX,
					     tx.id), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_TABLE_TYPE_MISMATCH);
	ck_assert_int_eq(hws_cmd_ft_set_miss(&f.ft, MLX5_FT_TYPE_NIC_RX,
					     0x7777), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_ERR,
			 SIM_SYND_OBJECT_MISSING);
	/* the table type named must be the table's */
	ck_assert_int_eq(hws_cmd_ft_set_miss(&f.ft, MLX5_FT_TYPE_NIC_TX,
					     ft2.id), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_TABLE_TYPE_MISMATCH);
	/* a table another table misses to is in use */
	ck_assert_int_eq(hws_cmd_ft_set_miss(&f.ft, MLX5_FT_TYPE_NIC_RX,
					     ft2.id), 0);
	ck_assert_int_eq(hws_cmd_destroy(&ft2), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(hws_cmd_ft_set_miss(&f.ft, MLX5_FT_TYPE_NIC_RX, 0), 0);
	/* RTCs of another table type */
	ck_assert_int_eq(hws_cmd_ft_set_rtcs(&fdb, MLX5_FT_TYPE_FDB, 0x7777, 0),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_ERR,
			 SIM_SYND_OBJECT_MISSING);
	ck_assert_int_eq(hws_cmd_destroy(&ft2), 0);
	ck_assert_int_eq(hws_cmd_destroy(&tx), 0);
	ck_assert_int_eq(hws_cmd_destroy(&fdb), 0);
	fixture_close(&f);
}
END_TEST

START_TEST(test_cross_uid)
{
	struct hws_dev *other;
	struct hws_cmd_rtc_attr a;
	struct hws_obj pd2, rtc;
	uint8_t in[16] = { 0 }, out[16];
	struct fixture f;

	fixture_open(&f, "");
	other = t_dev_open("sim:nic=" NIC);
	ck_assert_uint_eq(t_stats(NIC).uids_open, 2);
	ck_assert_int_eq(hws_cmd_alloc_pd(other, &pd2), 0);
	/* the other uid names the first uid's STE range and definer */
	a = rtc_attr(&f);
	a.pdn = pd2.id;
	ck_assert_int_eq(hws_cmd_rtc_create(other, &a, &rtc), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_ERR,
			 SIM_SYND_OBJECT_OF_OTHER_UID);
	/* and tries to destroy it */
	DEVX_SET(general_obj_in_cmd_hdr, in, opcode,
		 MLX5_CMD_OP_DESTROY_GENERAL_OBJECT);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_type, MLX5_OBJ_TYPE_STE);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_id, f.ste.id);
	ck_assert_int_eq(other->ops->general_cmd(other, in, sizeof(in), out,
						 sizeof(out)), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_RES_ERR,
			 SIM_SYND_OBJECT_OF_OTHER_UID);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_STE], 1);
	ck_assert_int_eq(hws_cmd_destroy(&pd2), 0);
	hws_dev_close(other);
	ck_assert_uint_eq(t_stats(NIC).uids_open, 1);
	ck_assert_uint_eq(t_stats(NIC).objects_reaped, 0);
	fixture_close(&f);
}
END_TEST

START_TEST(test_hws_off_profile)
{
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC ",hws=0");
	struct hws_obj o;

	ck_assert_int_eq(hws_cmd_ste_create(dev, MLX5_FT_TYPE_NIC_RX, 4, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_OP_ERR,
			 SIM_SYND_OBJ_TYPE_NOT_SUPPORTED);
	hws_dev_close(dev);
}
END_TEST

START_TEST(test_injected_command_fault)
{
	struct fixture f;
	struct hws_obj o;

	fixture_open(&f, "");
	/* the second STE create fails, with the status asked for */
	sim_inject_cmd_fault(t_nic(NIC), 2, MLX5_CMD_OP_CREATE_GENERAL_OBJECT,
			     MLX5_CMD_STAT_NO_RES_ERR);
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_NIC_RX, 4, &o),
			 0);
	ck_assert_int_eq(hws_cmd_destroy(&o), 0);
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_NIC_RX, 4, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_NO_RES_ERR, SIM_SYND_INJECTED);
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_NIC_RX, 4, &o),
			 0);
	ck_assert_int_eq(hws_cmd_destroy(&o), 0);
	fixture_close(&f);
}
END_TEST

START_TEST(test_close_reaps_objects)
{
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC);
	struct sim_nic *nic = t_nic(NIC);
	struct sim_stats s;
	struct hws_obj o;

	sim_nic_hold(nic);
	ck_assert_int_eq(hws_cmd_ste_create(dev, MLX5_FT_TYPE_NIC_RX, 8, &o), 0);
	hws_dev_close(dev);
	sim_nic_stats(nic, &s);
	ck_assert_uint_eq(s.objects[SIM_OBJ_STE], 0);
	ck_assert_uint_eq(s.icm_pages, 0);
	ck_assert_uint_eq(s.objects_reaped, 1);
	sim_nic_put(nic);
	ck_assert_ptr_null(sim_nic_find(NIC));
}
END_TEST

START_TEST(test_profile_keys)
{
	char why[256];

	ck_assert_ptr_null(hws_dev_open("sim:bogus=1", why, sizeof(why)));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "bogus"));
	ck_assert_ptr_null(hws_dev_open("sim:ste_alloc_log_max=99", why,
					sizeof(why)));
	ck_assert_ptr_null(hws_dev_open("sim:ste_alloc_log_max", why,
					sizeof(why)));
	ck_assert_ptr_null(hws_dev_open("sim:ste_alloc_log_max=x", why,
					sizeof(why)));
}
END_TEST

/* Every STE format and RTC mode the profile reports, the model executes. */
START_TEST(test_caps_executed)
{
	enum {
		UPD_HASH = MLX5_IFC_RTC_STE_UPDATE_MODE_BY_HASH,
		UPD_OFFSET = MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET,
		ACC_HASH = MLX5_IFC_RTC_STE_ACCESS_MODE_BY_HASH,
		ACC_LINEAR = MLX5_IFC_RTC_STE_ACCESS_MODE_LINEAR,
	};
	uint32_t formats, update, access, i, u, m;
	struct hws_cmd_rtc_attr a;
	struct hws_obj rtc;
	struct fixture f;
	uint8_t cap[4096];

	fixture_open(&f, "");
	ck_assert_int_eq(hws_cmd_query_caps(f.dev,
					    MLX5_CAP_WQE_BASED_FLOW_TABLE,
					    false, 0, cap), 0);
	formats = DEVX_GET(wqe_based_flow_table_cap, cap, ste_format);
	update = DEVX_GET(wqe_based_flow_table_cap, cap, rtc_index_mode);
	access = DEVX_GET(wqe_based_flow_table_cap, cap, access_index_mode);
	for (i = 0; i < 16; i++) {
		if (!(formats >> i & 1))
			continue;
		a = rtc_attr(&f);
		a.ste_format = i;
		ck_assert_msg(!hws_cmd_rtc_create(f.dev, &a, &rtc),
			      "ste_format %u is reported but refused", i);
		ck_assert_int_eq(hws_cmd_destroy(&rtc), 0);
	}
	for (u = 0; u < 4; u++) {
		for (m = 0; m < 8; m++) {
			if (!(update >> u & 1) || !(access >> m & 1))
				continue;
			a = rtc_attr(&f);
			a.update_mode = u;
			a.access_mode = m;
			ck_assert_msg(!hws_cmd_rtc_create(f.dev, &a, &rtc),
				      "RTC modes %u/%u reported but refused", u,
				      m);
			ck_assert_int_eq(hws_cmd_destroy(&rtc), 0);
		}
	}
	/* the kinds of table are pairs of those modes */
	if (DEVX_GET(wqe_based_flow_table_cap, cap, rtc_hash_split_table))
		ck_assert(update >> UPD_OFFSET & 1 && access >> ACC_HASH & 1);
	if (DEVX_GET(wqe_based_flow_table_cap, cap, rtc_linear_lookup_table))
		ck_assert(access >> ACC_LINEAR & 1);
	/* libhws needs both insert modes reported */
	ck_assert_uint_eq(update, 1 << UPD_HASH | 1 << UPD_OFFSET);
	/* and what is not reported is refused */
	if (!(access >> ACC_LINEAR & 1)) {
		a = rtc_attr(&f);
		a.update_mode = UPD_OFFSET;
		a.access_mode = ACC_LINEAR;
		ck_assert_int_eq(hws_cmd_rtc_create(f.dev, &a, &rtc),
				 EREMOTEIO);
		t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
				 SIM_SYND_RTC_MODE_NOT_SUPPORTED);
	}
	fixture_close(&f);
}
END_TEST

/* Objects the profile caps by count: 2^log_max of each kind live. */
START_TEST(test_object_limits)
{
	struct hws_obj o, rtc, rtc2;
	struct hws_cmd_rtc_attr a;
	struct fixture f;

	fixture_open(&f, "log_max_pd=0,log_max_num_stc=0,log_max_num_ste=0,"
			 "log_max_num_rtc=0");
	/* the fixture holds one PD, STC and STE */
	ck_assert_int_eq(hws_cmd_alloc_pd(f.dev, &o), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_LIM_ERR, SIM_SYND_OBJECT_LIMIT);
	ck_assert_int_eq(hws_cmd_stc_create(f.dev, MLX5_FT_TYPE_NIC_RX, 4, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_LIM_ERR, SIM_SYND_OBJECT_LIMIT);
	ck_assert_int_eq(hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_NIC_RX, 4, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_LIM_ERR, SIM_SYND_OBJECT_LIMIT);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_STE], 1);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, 2);
	a = rtc_attr(&f);
	ck_assert_int_eq(hws_cmd_rtc_create(f.dev, &a, &rtc), 0);
	expect_rtc_refused(&f, &a, MLX5_CMD_STAT_LIM_ERR,
			   SIM_SYND_OBJECT_LIMIT);
	/* a destroyed object frees its place */
	ck_assert_int_eq(hws_cmd_destroy(&rtc), 0);
	ck_assert_int_eq(hws_cmd_rtc_create(f.dev, &a, &rtc2), 0);
	ck_assert_int_eq(hws_cmd_destroy(&rtc2), 0);
	fixture_close(&f);
}
END_TEST

/* MODIFY of an STC slot as the encoders send it, with table_type chosen. */
static int stc_modify_typed(struct hws_obj *stc, uint32_t slot, uint8_t type,
			    uint8_t action, uint8_t offset, uint16_t vport)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_stc_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };
	void *param = DEVX_ADDR_OF(create_stc_in, in, stc.stc_param);

	DEVX_SET(general_obj_in_cmd_hdr, in, opcode,
		 MLX5_CMD_OP_MODIFY_GENERAL_OBJECT);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_type, MLX5_OBJ_TYPE_STC);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_id, stc->id);
	DEVX_SET(general_obj_in_cmd_hdr, in, op_param.query.obj_offset, slot);
	DEVX_SET64(create_stc_in, in, stc.modify_field_select,
		   MLX5_IFC_MODIFY_STC_FIELD_SELECT_NEW_STC);
	DEVX_SET(create_stc_in, in, stc.table_type, type);
	DEVX_SET(create_stc_in, in, stc.ste_action_offset, offset);
	DEVX_SET(create_stc_in, in, stc.action_type, action);
	DEVX_SET(stc_ste_param_vport, param, vport_number, vport);
	return stc->devx->dev->ops->obj_modify(stc->devx, in, sizeof(in), out,
					       sizeof(out));
}

/*
 * An STC's table type is its create's: MODIFY does not select it (the
 * kernel leaves it 0, NIC_RX, for every STC), and actions are judged by
 * the STC's own type.
 */
START_TEST(test_stc_modify_table_type)
{
	enum { VPORT = MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT };
	struct fixture f;
	struct hws_obj fdb;

	fixture_open(&f, "");
	ck_assert_int_eq(stc_modify_typed(&f.stc, 1, MLX5_FT_TYPE_FDB_TX,
					  MLX5_IFC_STC_ACTION_TYPE_TAG,
					  MLX5_IFC_STC_ACTION_OFFSET_DW5, 0),
			 0);
	ck_assert_int_eq(stc_modify_typed(&f.stc, 1, MLX5_FT_TYPE_FDB_RX,
					  VPORT, MLX5_IFC_STC_ACTION_OFFSET_HIT,
					  1), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_STC_ACTION_NOT_SUPPORTED);
	ck_assert_int_eq(hws_cmd_stc_create(f.dev, MLX5_FT_TYPE_FDB_RX, 2,
					    &fdb), 0);
	ck_assert_int_eq(stc_modify_typed(&fdb, 1, MLX5_FT_TYPE_NIC_RX, VPORT,
					  MLX5_IFC_STC_ACTION_OFFSET_HIT, 1),
			 0);
	ck_assert_int_eq(hws_cmd_destroy(&fdb), 0);
	fixture_close(&f);
}
END_TEST

/* A context for the uid tests: t_dev_open's check costs a system call. */
static struct hws_dev *uid_open(void)
{
	char why[256];
	struct hws_dev *dev = hws_dev_open("sim:nic=" NIC, why, sizeof(why));

	t_check(dev, "open: %s", why);
	return dev;
}

/*
 * 65535 contexts take every uid; then a closed context's uid is the only
 * free one, and the next open finds it past the wrap.
 */
START_TEST(test_uid_reuse)
{
	static struct hws_dev *devs[UINT16_MAX];
	char why[256];
	unsigned int i;

	for (i = 0; i < UINT16_MAX; i++)
		devs[i] = uid_open();
	ck_assert_str_eq(devs[UINT16_MAX - 1]->name, "sim:" NIC "/uid65535");
	ck_assert_ptr_null(hws_dev_open("sim:nic=" NIC, why, sizeof(why)));
	ck_assert_int_eq(errno, EBUSY);
	ck_assert_ptr_nonnull(strstr(why, "uid"));
	hws_dev_close(devs[100]);
	devs[100] = uid_open();
	ck_assert_str_eq(devs[100]->name, "sim:" NIC "/uid101");
	ck_assert_uint_eq(t_stats(NIC).uids_open, UINT16_MAX);
	for (i = 0; i < UINT16_MAX; i++)
		hws_dev_close(devs[i]);
	ck_assert_ptr_null(sim_nic_find(NIC));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model_commands");
	TCase *tc = tcase_create("commands");

	tcase_add_test(tc, test_rtc_valid);
	tcase_add_test(tc, test_rtc_refusals);
	tcase_add_test(tc, test_ranged_objects);
	tcase_add_test(tc, test_icm_accounting);
	tcase_add_test(tc, test_icm_exhaustion);
	tcase_add_test(tc, test_malformed_commands);
	tcase_add_test(tc, test_unaligned_mailbox);
	tcase_add_test(tc, test_stc_refusals);
	tcase_add_test(tc, test_flow_table_refusals);
	tcase_add_test(tc, test_cross_uid);
	tcase_add_test(tc, test_hws_off_profile);
	tcase_add_test(tc, test_injected_command_fault);
	tcase_add_test(tc, test_close_reaps_objects);
	tcase_add_test(tc, test_profile_keys);
	tcase_add_test(tc, test_introspection);
	tcase_add_test(tc, test_caps_executed);
	tcase_add_test(tc, test_object_limits);
	tcase_add_test(tc, test_stc_modify_table_type);
	suite_add_tcase(s, tc);
	/* 65535 opens and closes take seconds with sanitizers */
	tc = tcase_create("uids");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_uid_reuse);
	suite_add_tcase(s, tc);
	return t_run(s);
}
