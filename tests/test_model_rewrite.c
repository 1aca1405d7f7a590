// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Rewrite objects on the device model as firmware judges them: pattern and
 * ARG creates, MOD_ARG WQEs and rewrite STCs, each refusal with its status
 * and syndrome, and the capabilities the model reports for them.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "model_rewrite.h"

/* A pattern create that firmware refuses with BAD_PARAM and synd. */
static void expect_pattern_refused(struct t_rw *f, const uint8_t *actions,
				   unsigned int n, uint32_t synd)
{
	uint32_t before = t_objects(NIC);
	struct hws_obj pat;

	ck_assert_int_eq(t_rw_pattern(f->dev, actions, n, &pat), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR, synd);
	ck_assert_uint_eq(t_objects(NIC), before);
}

START_TEST(test_pattern_refusals)
{
	uint8_t a[65 * PRM_MODIFY_ACTION_SIZE] = { 0 };
	struct t_rw f;
	unsigned int k;

	t_rw_open(&f, "");
	for (k = 0; k < 65; k++)
		t_rw_set(a + 8 * k, MLX5_MODIFICATION_TYPE_SET,
			 MLX5_MODI_OUT_DIPV4, 0, 32, 0);
	expect_pattern_refused(&f, a, 0, SIM_SYND_PATTERN_LENGTH_INVALID);
	/* the cap says 32; the command has room for 64 */
	expect_pattern_refused(&f, a, 33, SIM_SYND_PATTERN_LENGTH_INVALID);
	/* action types 0 and 9.. are none */
	t_rw_set(a + 8, 9, MLX5_MODI_OUT_DIPV4, 0, 32, 0);
	expect_pattern_refused(&f, a, 2, SIM_SYND_MODIFY_ACTION_TYPE_INVALID);
	t_rw_set(a + 8, 0, MLX5_MODI_OUT_DIPV4, 0, 32, 0);
	expect_pattern_refused(&f, a, 2, SIM_SYND_MODIFY_ACTION_TYPE_INVALID);
	/* a field id the device does not know */
	t_rw_set(a + 8, MLX5_MODIFICATION_TYPE_SET, 0x20, 0, 8, 0);
	expect_pattern_refused(&f, a, 2, SIM_SYND_MODIFY_FIELD_UNKNOWN);
	/* TTL is 8 bits: bits 4..11 are past it; length 0 means 32 */
	t_rw_set(a + 8, MLX5_MODIFICATION_TYPE_ADD, MLX5_MODI_OUT_IPV4_TTL, 4,
		 8, 0);
	expect_pattern_refused(&f, a, 2, SIM_SYND_MODIFY_FIELD_RANGE);
	t_rw_set(a + 8, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_TCP_DPORT, 0,
		 32, 0);
	expect_pattern_refused(&f, a, 2, SIM_SYND_MODIFY_FIELD_RANGE);
	/* a copy onto an overlapping part of its own source */
	t_rw_copy(a + 8, MLX5_MODIFICATION_TYPE_COPY, MLX5_MODI_META_REG_C_0, 0,
		  MLX5_MODI_META_REG_C_0, 8, 16);
	expect_pattern_refused(&f, a, 2, SIM_SYND_MODIFY_COPY_OVERLAP);
	t_rw_copy(a + 8, MLX5_MODIFICATION_TYPE_ADD_FIELD, MLX5_MODI_OUT_SIPV4,
		  16, MLX5_MODI_OUT_UDP_SPORT, 0, 20);
	expect_pattern_refused(&f, a, 2, SIM_SYND_MODIFY_FIELD_RANGE);
	/* a remove from an anchor the device does not have */
	memset(a + 8, 0, 8);
	DEVX_SET(stc_ste_param_remove_words, a + 8, action_type,
		 MLX5_MODIFICATION_TYPE_REMOVE_WORDS);
	DEVX_SET(stc_ste_param_remove_words, a + 8, remove_start_anchor, 0x3f);
	DEVX_SET(stc_ste_param_remove_words, a + 8, remove_size, 2);
	expect_pattern_refused(&f, a, 2, SIM_SYND_REFORMAT_ANCHOR_INVALID);
	/* an insert in a pattern is the 4 inline bytes of its slot */
	memset(a + 8, 0, 8);
	DEVX_SET(stc_ste_param_insert, a + 8, action_type,
		 MLX5_MODIFICATION_TYPE_INSERT);
	DEVX_SET(stc_ste_param_insert, a + 8, insert_size, 2);
	expect_pattern_refused(&f, a, 2, SIM_SYND_REFORMAT_SIZE_INVALID);
	DEVX_SET(stc_ste_param_insert, a + 8, inline_data, 1);
	DEVX_SET(stc_ste_param_insert, a + 8, insert_size, 4);
	expect_pattern_refused(&f, a, 2, SIM_SYND_REFORMAT_SIZE_INVALID);
	t_rw_close(&f);
}
END_TEST

/* A pattern reads back as written; an STC that names it keeps it. */
START_TEST(test_pattern_query_and_busy)
{
	uint8_t a[2 * PRM_MODIFY_ACTION_SIZE], param[16] = { 0 };
	uint8_t in[DEVX_ST_SZ_BYTES(general_obj_in_cmd_hdr)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr) +
		    DEVX_ST_SZ_BYTES(header_modify_pattern_in)];
	const uint8_t *q = out + DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr);
	uint64_t pages = 0;
	struct hws_obj pat, arg;
	struct t_rw f;

	t_rw_open(&f, "");
	pages = t_stats(NIC).icm_pages;
	t_rw_set(a, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_DIPV4, 0, 32, 0);
	t_rw_copy(a + 8, MLX5_MODIFICATION_TYPE_COPY, MLX5_MODI_OUT_SIPV4, 0,
		  MLX5_MODI_META_REG_C_0 + 1, 0, 32);
	ck_assert_int_eq(t_rw_pattern(f.dev, a, 2, &pat), 0);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_PATTERN], 1);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, pages + 1);
	DEVX_SET(general_obj_in_cmd_hdr, in, opcode,
		 MLX5_CMD_OP_QUERY_GENERAL_OBJECT);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_type,
		 MLX5_OBJ_TYPE_MODIFY_HDR_PATTERN);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_id, pat.id);
	ck_assert_int_eq(f.dev->ops->obj_query(pat.devx, in, sizeof(in), out,
					       sizeof(out)),
			 0);
	ck_assert_uint_eq(DEVX_GET(header_modify_pattern_in, q, pattern_length),
			  2);
	ck_assert_mem_eq(DEVX_ADDR_OF(header_modify_pattern_in, q,
				      pattern_data),
			 a, sizeof(a));

	/* 2^3 entries of 64 bytes, the access PD ours */
	ck_assert_int_eq(t_rw_arg(f.dev, 3, f.pd.id, &arg), 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, pages + 2);
	DEVX_SET(stc_ste_param_header_modify_list, param,
		 header_modify_pattern_id, pat.id);
	DEVX_SET(stc_ste_param_header_modify_list, param,
		 header_modify_argument_id, arg.id);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE1,
				  MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST,
				  MLX5_IFC_STC_ACTION_OFFSET_DW6,
				  MLX5_IFC_STC_REPARSE_IGNORE, param),
			 0);
	ck_assert_int_eq(hws_cmd_destroy(&pat), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(hws_cmd_destroy(&arg), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	/* the slot takes another action: both are free to go */
	t_rw_stc_std(&f, S_REWRITE1, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_DW6, 0);
	ck_assert_int_eq(hws_cmd_destroy(&pat), 0);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, pages);
	t_rw_close(&f);
}
END_TEST

/* The number of patterns the device holds: 2^0 here. */
START_TEST(test_pattern_limit)
{
	uint8_t a[PRM_MODIFY_ACTION_SIZE];
	struct hws_obj pat, pat2;
	struct t_rw f;

	t_rw_open(&f, "log_max_num_header_modify_pattern=0");
	t_rw_set(a, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_DIPV4, 0, 32, 0);
	ck_assert_int_eq(t_rw_pattern(f.dev, a, 1, &pat), 0);
	ck_assert_int_eq(t_rw_pattern(f.dev, a, 1, &pat2), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_LIM_ERR, SIM_SYND_OBJECT_LIMIT);
	ck_assert_int_eq(hws_cmd_destroy(&pat), 0);
	t_rw_close(&f);
}
END_TEST

START_TEST(test_arg_refusals)
{
	uint8_t data[PRM_ARG_ENTRY_SIZE];
	struct hws_obj arg, pd2;
	struct t_rw f;

	t_rw_open(&f, "log_header_modify_argument_max_alloc=6,"
		      "log_header_modify_argument_granularity=2");
	ck_assert_int_eq(t_rw_arg(f.dev, 7, f.pd.id, &arg), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_LOG_RANGE_ABOVE_MAX);
	ck_assert_int_eq(t_rw_arg(f.dev, 1, f.pd.id, &arg), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_LOG_RANGE_BELOW_GRANULARITY);
	ck_assert_int_eq(t_rw_arg(f.dev, 2, f.pd.id + 100, &arg), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_ARG_PD_UNKNOWN);
	ck_assert_int_eq(t_rw_arg(f.dev, 6, f.pd.id, &arg), 0);
	/* an ARG of another PD cannot be written from this SQ */
	ck_assert_int_eq(hws_cmd_alloc_pd(f.dev, &pd2), 0);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	ck_assert_int_eq(t_rw_arg(f.dev, 2, pd2.id, &arg), 0);
	memset(data, 0, sizeof(data));
	t_rw_arg_put(&f, arg.id, data, SIM_WQE_ERR_PD_MISMATCH);
	ck_assert_int_eq(hws_cmd_destroy(&pd2), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	ck_assert_int_eq(hws_cmd_destroy(&pd2), 0);
	t_rw_close(&f);
}
END_TEST

/* MOD_ARG WQEs: an entry by its absolute index; a bad one stops the SQ. */
START_TEST(test_mod_arg_wqe)
{
	uint8_t data[PRM_ARG_ENTRY_SIZE];
	struct hws_obj arg, arg2;
	struct t_rw f;

	memset(data, 0x5a, sizeof(data));
	t_rw_open(&f, "");
	ck_assert_int_eq(t_rw_arg(f.dev, 2, f.pd.id, &arg), 0);
	ck_assert_int_eq(t_rw_arg(f.dev, 0, f.pd.id, &arg2), 0);
	/* ranged ids: id + entry names one entry of one object */
	ck_assert_uint_eq(arg.id % 4, 0);
	ck_assert_uint_ge(arg2.id, arg.id + 4);
	t_rw_arg_put(&f, arg.id + 3, data, 0);
	t_rw_arg_put(&f, arg2.id, data, 0);
	/* past the object's 4 entries: an error CQE, the SQ in error */
	t_rw_arg_put(&f, arg.id + 4 == arg2.id ? arg2.id + 1 : arg.id + 4, data,
		     SIM_WQE_ERR_BAD_ARG);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	ck_assert_int_eq(hws_cmd_destroy(&arg2), 0);
	t_rw_close(&f);
}
END_TEST

/* An STC refused with BAD_PARAM (or BAD_RES) and synd. */
static void expect_stc_refused(struct t_rw *f, uint8_t action, uint8_t offset,
			       const uint8_t *param, uint8_t status,
			       uint32_t synd)
{
	ck_assert_int_eq(t_rw_stc(&f->stc, S_REWRITE2, action, offset,
				  MLX5_IFC_STC_REPARSE_ALWAYS, param),
			 EREMOTEIO);
	t_assert_refused(NIC, status, synd);
}

START_TEST(test_stc_rewrite_refusals)
{
	uint8_t p[16] = { 0 };
	struct hws_obj arg, pat;
	struct t_rw f;

	t_rw_open(&f, "");
	ck_assert_int_eq(t_rw_arg(f.dev, 0, f.pd.id, &arg), 0);
	t_rw_set(p, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_IPV4_TTL, 0, 8,
		 0);
	ck_assert_int_eq(t_rw_pattern(f.dev, p, 1, &pat), 0);
	/* reparse modes are 0..2 */
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE2,
				  MLX5_IFC_STC_ACTION_TYPE_SET,
				  MLX5_IFC_STC_ACTION_OFFSET_DW6, 3, p),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_STC_PARAM_INVALID);
	/* a double action: DW6 only */
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_SET,
			   MLX5_IFC_STC_ACTION_OFFSET_DW5, p,
			   MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_STC_ACTION_OFFSET_INVALID);
	/* the action's own type is not the STC's */
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_ADD,
			   MLX5_IFC_STC_ACTION_OFFSET_DW6, p,
			   MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_STC_PARAM_INVALID);
	t_rw_set(p, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_IPV4_TTL, 0, 16,
		 0);
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_SET,
			   MLX5_IFC_STC_ACTION_OFFSET_DW6, p,
			   MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_MODIFY_FIELD_RANGE);
	/* a modify list's pattern and ARG must be objects of theirs */
	memset(p, 0, sizeof(p));
	DEVX_SET(stc_ste_param_header_modify_list, p, header_modify_pattern_id,
		 arg.id);
	DEVX_SET(stc_ste_param_header_modify_list, p, header_modify_argument_id,
		 arg.id);
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST,
			   MLX5_IFC_STC_ACTION_OFFSET_DW6, p,
			   MLX5_CMD_STAT_BAD_RES_ERR, SIM_SYND_OBJECT_MISSING);
	DEVX_SET(stc_ste_param_header_modify_list, p, header_modify_pattern_id,
		 pat.id);
	DEVX_SET(stc_ste_param_header_modify_list, p, header_modify_argument_id,
		 pat.id);
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST,
			   MLX5_IFC_STC_ACTION_OFFSET_DW6, p,
			   MLX5_CMD_STAT_BAD_RES_ERR, SIM_SYND_OBJECT_MISSING);
	/* an insert of 66 bytes from an ARG of one 64-byte entry */
	memset(p, 0, sizeof(p));
	DEVX_SET(stc_ste_param_insert, p, action_type,
		 MLX5_MODIFICATION_TYPE_INSERT);
	DEVX_SET(stc_ste_param_insert, p, encap, 1);
	DEVX_SET(stc_ste_param_insert, p, insert_size, 33);
	DEVX_SET(stc_ste_param_insert, p, insert_argument, arg.id);
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT,
			   MLX5_IFC_STC_ACTION_OFFSET_DW6, p,
			   MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_REFORMAT_SIZE_INVALID);
	/* inline data is the 4 bytes of DW7 */
	DEVX_SET(stc_ste_param_insert, p, inline_data, 1);
	DEVX_SET(stc_ste_param_insert, p, insert_size, 4);
	DEVX_SET(stc_ste_param_insert, p, insert_argument, 0);
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT,
			   MLX5_IFC_STC_ACTION_OFFSET_DW6, p,
			   MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_REFORMAT_SIZE_INVALID);
	/* removes are single actions, from anchors the device has */
	memset(p, 0, sizeof(p));
	DEVX_SET(stc_ste_param_remove, p, action_type,
		 MLX5_MODIFICATION_TYPE_REMOVE);
	DEVX_SET(stc_ste_param_remove, p, remove_end_anchor, 0x30);
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE,
			   MLX5_IFC_STC_ACTION_OFFSET_DW5, p,
			   MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_REFORMAT_ANCHOR_INVALID);
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE,
			   MLX5_IFC_STC_ACTION_OFFSET_HIT, p,
			   MLX5_CMD_STAT_BAD_PARAM_ERR,
			   SIM_SYND_STC_ACTION_OFFSET_INVALID);
	/* a jump to an STE table: an STE object of the STC's type */
	memset(p, 0, sizeof(p));
	DEVX_SET(stc_ste_param_ste_table, p, ste_obj_id, f.rtc_a.id);
	DEVX_SET(stc_ste_param_ste_table, p, match_definer_id, 0x1f);
	expect_stc_refused(&f, MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_STE_TABLE,
			   MLX5_IFC_STC_ACTION_OFFSET_HIT, p,
			   MLX5_CMD_STAT_BAD_RES_ERR,
			   SIM_SYND_OBJECT_WRONG_TYPE);
	ck_assert_int_eq(hws_cmd_destroy(&pat), 0);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	t_rw_close(&f);
}
END_TEST

/* The caps the rewrites are judged against, as QUERY_HCA_CAP reports. */
START_TEST(test_rewrite_caps)
{
	uint8_t wqe[4096]; /* the capability area of query_hca_cap_out */
	uint64_t actions;
	struct t_rw f;

	t_rw_open(&f, "");
	ck_assert_int_eq(hws_cmd_query_caps(f.dev,
					    MLX5_CAP_WQE_BASED_FLOW_TABLE,
					    false, 0, wqe),
			 0);
	ck_assert_uint_eq(DEVX_GET(wqe_based_flow_table_cap, wqe,
				   max_header_modify_pattern_length),
			  32);
	ck_assert_uint_gt(DEVX_GET(wqe_based_flow_table_cap, wqe,
				   log_max_num_header_modify_pattern),
			  0);
	ck_assert_uint_eq(DEVX_GET(wqe_based_flow_table_cap, wqe,
				   trivial_match_definer),
			  0x1f);
	actions =
		DEVX_GET64(wqe_based_flow_table_cap, wqe, stc_action_type_63_0);
	ck_assert(actions >> MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST & 1);
	ck_assert(actions >> MLX5_IFC_STC_ACTION_TYPE_ADD_FIELD & 1);
	ck_assert(actions >> MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT & 1);
	ck_assert(DEVX_GET64(wqe_based_flow_table_cap, wqe,
			     stc_action_type_127_64) &
		  1);
	t_rw_close(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model_rewrite");
	TCase *tc = tcase_create("objects");

	tcase_add_test(tc, test_pattern_refusals);
	tcase_add_test(tc, test_pattern_query_and_busy);
	tcase_add_test(tc, test_pattern_limit);
	tcase_add_test(tc, test_arg_refusals);
	tcase_add_test(tc, test_mod_arg_wqe);
	tcase_add_test(tc, test_stc_rewrite_refusals);
	tcase_add_test(tc, test_rewrite_caps);
	suite_add_tcase(s, tc);
	return t_run(s);
}
