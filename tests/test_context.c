// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Context open and close, capabilities and the HWS verdict. */
#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "libhws/prm.h"

#define NIC "ctxtest"

START_TEST(test_open_close)
{
	struct mlx5hws_context_attr attr = {
		.queues = 2, .queue_size = 64,
		.flags = MLX5HWS_CONTEXT_FLAG_BWC, .bwc_queues = 2,
	};
	struct mlx5hws_context *ctx;
	struct mlx5hws_caps caps = { 0 };
	struct sim_nic *nic;
	struct sim_stats s;

	ctx = mlx5hws_context_open("sim:nic=" NIC, &attr);
	ck_assert_ptr_nonnull(ctx);
	nic = t_nic(NIC);
	sim_nic_hold(nic);
	s = t_stats(NIC);
	/* a PD, and a CQ and an SQ per queue */
	ck_assert_uint_eq(s.objects[SIM_OBJ_PD], 1);
	ck_assert_uint_eq(s.objects[SIM_OBJ_CQ], 4);
	ck_assert_uint_eq(s.objects[SIM_OBJ_SQ], 4);
	ck_assert_int_eq(mlx5hws_context_query_caps(ctx, &caps), 0);
	ck_assert_uint_eq(caps.hws_supported, 1);
	ck_assert_uint_eq(caps.ste_alloc_log_max, 25);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
	sim_nic_stats(nic, &s);
	ck_assert_uint_eq(s.objects[SIM_OBJ_PD] + s.objects[SIM_OBJ_CQ] +
				  s.objects[SIM_OBJ_SQ],
			  0);
	ck_assert_uint_eq(s.objects_reaped, 0);
	sim_nic_put(nic);
}
END_TEST

START_TEST(test_caps_override)
{
	struct mlx5hws_caps caps = { 0 };

	ck_assert_int_eq(mlx5hws_device_query_caps(
				 "sim:ste_alloc_log_max=12,rtc_log_depth_max=2",
				 &caps), 0);
	ck_assert_uint_eq(caps.ste_alloc_log_max, 12);
	ck_assert_uint_eq(caps.rtc_log_depth_max, 2);
	ck_assert_uint_eq(caps.hws_supported, 1);
	caps.comp_mask = 1;
	ck_assert_int_eq(mlx5hws_device_query_caps("sim", &caps), EINVAL);
}
END_TEST

/* Each criterion of the Linux driver, switched off, names itself. */
START_TEST(test_hws_unsupported)
{
	static const struct {
		const char *keys;
		const char *missing;
	} cases[] = {
		{ "hws=0", "wqe_based_flow_table_update_cap" },
		{ "eswitch_manager=0", "eswitch_manager" },
		{ "nic_reparse=0", "reparse" },
		{ "rtc_reparse_mode=1", "reparse" },
		{ "ste_format=0x20", "ste_format 8DW" },
		{ "rtc_index_mode=1", "rtc_index_mode" },
		{ "match_definer_format_supported=0", "SELECT" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mlx5hws_caps caps = { 0 };
		char spec[128];

		snprintf(spec, sizeof(spec), "sim:%s", cases[i].keys);
		ck_assert_int_eq(mlx5hws_device_query_caps(spec, &caps), 0);
		ck_assert_uint_eq(caps.hws_supported, 0);
		ck_assert_ptr_nonnull(strstr(caps.missing_cap,
					     cases[i].missing));
		t_log_capture();
		ck_assert_ptr_null(mlx5hws_context_open(spec, NULL));
		ck_assert_int_eq(errno, EOPNOTSUPP);
		ck_assert_msg(strstr(t_log_text(), cases[i].missing),
			      "log '%s' lacks '%s'", t_log_text(),
			      cases[i].missing);
		/* nothing stays behind */
		ck_assert_ptr_null(sim_nic_find("sim"));
	}
}
END_TEST

START_TEST(test_missing_device)
{
	struct mlx5hws_caps caps = { 0 };
	const char *text;

	t_log_capture();
	errno = 0;
	ck_assert_ptr_null(mlx5hws_context_open("mlx5_nosuchdev", NULL));
	ck_assert_int_eq(errno, ENODEV);
	text = t_log_text();
	ck_assert_ptr_nonnull(strstr(text, "mlx5_nosuchdev"));
	/* one line */
	ck_assert_ptr_eq(strchr(text, '\n'), text + strlen(text) - 1);
	ck_assert_int_eq(mlx5hws_device_query_caps("mlx5_nosuchdev", &caps),
			 ENODEV);
}
END_TEST

START_TEST(test_bad_attrs)
{
	struct mlx5hws_context_attr attr = { 0 };

	t_log_capture();
	ck_assert_ptr_null(mlx5hws_context_open(NULL, NULL));
	ck_assert_int_eq(errno, EINVAL);
	attr.comp_mask = 1;
	ck_assert_ptr_null(mlx5hws_context_open("sim", &attr));
	ck_assert_int_eq(errno, EINVAL);
	attr.comp_mask = 0;
	attr.queues = 65;
	ck_assert_ptr_null(mlx5hws_context_open("sim", &attr));
	ck_assert_int_eq(errno, EINVAL);
	attr.queues = 1;
	attr.queue_size = 10000;
	ck_assert_ptr_null(mlx5hws_context_open("sim", &attr));
	attr.queue_size = 16;
	attr.bwc_queues = 2;
	ck_assert_ptr_null(mlx5hws_context_open("sim", &attr));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(mlx5hws_context_open("sim:nope=1", NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(mlx5hws_context_close(NULL), EINVAL);
	ck_assert_ptr_null(sim_nic_find("sim"));
}
END_TEST

/*
 * Fail each command of a context open in turn: the open fails cleanly with
 * the device's error, and the device holds nothing afterwards.
 */
START_TEST(test_open_unwinds_every_step)
{
	struct mlx5hws_context_attr attr = {
		.queues = 2, .flags = MLX5HWS_CONTEXT_FLAG_BWC,
	};
	uint64_t commands, n;
	struct mlx5hws_context *ctx;
	struct sim_nic *nic;
	struct sim_stats s;
	int k;

	ctx = mlx5hws_context_open("sim:nic=" NIC, &attr);
	ck_assert_ptr_nonnull(ctx);
	nic = t_nic(NIC);
	sim_nic_hold(nic);
	sim_nic_stats(nic, &s);
	commands = s.commands;
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);

	t_log_capture();
	for (n = 1; n <= commands; n++) {
		sim_nic_stats(nic, &s);
		/* the fault counts from the next command on this NIC */
		sim_inject_cmd_fault(nic, n, 0, MLX5_CMD_STAT_INT_ERR);
		ctx = mlx5hws_context_open("sim:nic=" NIC, &attr);
		ck_assert_msg(!ctx, "open survived a fault at command %llu",
			      (unsigned long long)n);
		ck_assert_int_eq(errno, EREMOTEIO);
		sim_nic_stats(nic, &s);
		for (k = 0; k < SIM_OBJ_KIND_MAX; k++)
			ck_assert_uint_eq(s.objects[k], 0);
		ck_assert_uint_eq(s.objects_reaped, 0);
		ck_assert_uint_eq(s.uids_open, 0);
	}
	sim_nic_put(nic);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("context");
	TCase *tc = tcase_create("context");

	tcase_add_test(tc, test_open_close);
	tcase_add_test(tc, test_caps_override);
	tcase_add_test(tc, test_hws_unsupported);
	tcase_add_test(tc, test_missing_device);
	tcase_add_test(tc, test_bad_attrs);
	tcase_add_test(tc, test_open_unwinds_every_step);
	suite_add_tcase(s, tc);
	return t_run(s);
}
