// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The command plane of the device model, as a caller of libhws's command
 * layer sees it: every refusal comes back as EREMOTEIO with the PRM status
 * and the model's syndrome for that check, and changes nothing.
 */
#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "libhws/cmd.h"

#define NIC "cmdtest"

struct fixture {
	struct hws_dev *dev;
	struct hws_obj pd, definer, stc, ste, ft;
};

static uint32_t total_objects(void)
{
	struct sim_stats s = t_stats(NIC);
	uint32_t n = 0;
	int k;

	for (k = 0; k < SIM_OBJ_KIND_MAX; k++)
		n += s.objects[k];
	return n;
}

static void fixture_open(struct fixture *f, const char *keys)
{
	struct hws_cmd_definer_attr def = { 0 };
	char spec[256];

	snprintf(spec, sizeof(spec), "sim:nic=" NIC "%s%s", *keys ? "," : "",
		 keys);
	memset(f, 0, sizeof(*f));
	f->dev = t_dev_open(spec);
	def.dw_sel[0] = 65;
	memset(def.mask + 32, 0xff, 4);
	ck_assert_int_eq(hws_cmd_alloc_pd(f->dev, &f->pd), 0);
	ck_assert_int_eq(hws_cmd_definer_create(f->dev, &def, &f->definer), 0);
	ck_assert_int_eq(hws_cmd_stc_create(f->dev, MLX5_FT_TYPE_NIC_RX, 4,
					    &f->stc), 0);
	ck_assert_int_eq(hws_cmd_ste_create(f->dev, MLX5_FT_TYPE_NIC_RX, 4,
					    &f->ste), 0);
	ck_assert_int_eq(hws_cmd_ft_create(f->dev, MLX5_FT_TYPE_NIC_RX, 1,
					   &f->ft), 0);
}

static void fixture_close(struct fixture *f)
{
	ck_assert_int_eq(hws_cmd_destroy(&f->ft), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->ste), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->stc), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->definer), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->pd), 0);
	ck_assert_uint_eq(total_objects(), 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, 0);
	hws_dev_close(f->dev);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

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

static struct hws_cmd_rtc_attr rtc_attr(const struct fixture *f)
{
	struct hws_cmd_rtc_attr a = {
		.table_type = MLX5_FT_TYPE_NIC_RX,
		.log_hash_size = 2,
		.log_depth = 1,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_ALWAYS,
		.pdn = f->pd.id,
		.definer_id = f->definer.id,
		.stc_id = f->stc.id,
		.ste_id = f->ste.id,
		.miss_ft_id = f->ft.id,
	};

	return a;
}

/* A refused RTC create: the error, the status and syndrome, no new object */
static void expect_rtc_refused(struct fixture *f,
			       const struct hws_cmd_rtc_attr *a,
			       uint8_t status, uint32_t synd)
{
	uint32_t before = total_objects();
	struct hws_obj rtc;

	ck_assert_int_eq(hws_cmd_rtc_create(f->dev, a, &rtc), EREMOTEIO);
	t_assert_refused(NIC, status, synd);
	ck_assert_uint_eq(total_objects(), before);
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

/* Raw bytes through the seam, for what the encoders never produce. */
static int raw_create(struct hws_dev *dev, void *in, size_t inlen, void *out,
		      size_t outlen, struct hws_devx_obj **obj)
{
	*obj = dev->ops->obj_create(dev, in, inlen, out, outlen);
	return *obj ? 0 : errno;
}

START_TEST(test_malformed_commands)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_ste_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };
	struct hws_devx_obj *obj;
	uint32_t before;
	struct fixture f;

	fixture_open(&f, "");
	before = total_objects();

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
	ck_assert_int_eq(raw_create(f.dev, in, sizeof(in), out, sizeof(out),
				    &obj), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_OP_ERR,
			 SIM_SYND_UNKNOWN_OBJ_TYPE);

	/* a reserved bit of the STE context */
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_type, MLX5_OBJ_TYPE_STE);
	DEVX_SET(general_obj_in_cmd_hdr, in, op_param.create.log_obj_range, 4);
	DEVX_SET(create_ste_in, in, ste.table_type, MLX5_FT_TYPE_NIC_RX);
	in[sizeof(in) - 1] = 0x01;
	ck_assert_int_eq(raw_create(f.dev, in, sizeof(in), out, sizeof(out),
				    &obj), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RESERVED_BITS_SET);
	in[sizeof(in) - 1] = 0;

	/* a short input and a short output buffer */
	ck_assert_int_eq(raw_create(f.dev, in, sizeof(in) - 4, out,
				    sizeof(out), &obj), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_INP_LEN_ERR,
			 SIM_SYND_INPUT_TOO_SHORT);
	ck_assert_int_eq(raw_create(f.dev, in, sizeof(in), out, 12, &obj),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_OUTP_LEN_ERR,
			 SIM_SYND_OUTPUT_TOO_SHORT);

	/* an object create through the general command is the kernel's EINVAL */
	ck_assert_int_eq(f.dev->ops->general_cmd(f.dev, in, sizeof(in), out,
						 sizeof(out)), EINVAL);

	/* the same bytes, well formed, work */
	ck_assert_int_eq(raw_create(f.dev, in, sizeof(in), out, sizeof(out),
				    &obj), 0);
	ck_assert_uint_eq(total_objects(), before + 1);
	ck_assert_int_eq(f.dev->ops->obj_destroy(obj), 0);
	ck_assert_uint_eq(total_objects(), before);
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
	tcase_add_test(tc, test_stc_refusals);
	tcase_add_test(tc, test_flow_table_refusals);
	tcase_add_test(tc, test_queue_refusals);
	tcase_add_test(tc, test_cross_uid);
	tcase_add_test(tc, test_hws_off_profile);
	tcase_add_test(tc, test_injected_command_fault);
	tcase_add_test(tc, test_close_reaps_objects);
	tcase_add_test(tc, test_profile_keys);
	tcase_add_test(tc, test_introspection);
	suite_add_tcase(s, tc);
	return t_run(s);
}
