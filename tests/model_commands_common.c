// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* The model command suites' fixture: the objects an RTC needs. */
#include <stdio.h>
#include <string.h>

#include "model_commands_common.h"

void fixture_open(struct fixture *f, const char *keys)
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
	ck_assert_int_eq(
		hws_cmd_stc_create(f->dev, MLX5_FT_TYPE_NIC_RX, 4, &f->stc), 0);
	ck_assert_int_eq(
		hws_cmd_ste_create(f->dev, MLX5_FT_TYPE_NIC_RX, 4, &f->ste), 0);
	ck_assert_int_eq(
		hws_cmd_ft_create(f->dev, MLX5_FT_TYPE_NIC_RX, 1, &f->ft), 0);
}

void fixture_close(struct fixture *f)
{
	ck_assert_int_eq(hws_cmd_destroy(&f->ft), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->ste), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->stc), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->definer), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->pd), 0);
	ck_assert_uint_eq(t_objects(NIC), 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, 0);
	hws_dev_close(f->dev);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

struct hws_cmd_rtc_attr rtc_attr(const struct fixture *f)
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
