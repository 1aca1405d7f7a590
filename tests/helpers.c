// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static char log_buf[8192];

static void capture(enum mlx5hws_log_level level, const char *msg, void *arg)
{
	size_t len = strlen(log_buf);

	snprintf(log_buf + len, sizeof(log_buf) - len, "%s\n", msg);
}

void t_log_capture(void)
{
	log_buf[0] = '\0';
	mlx5hws_set_log_fn(capture, NULL);
}

const char *t_log_text(void)
{
	return log_buf;
}

struct hws_dev *t_dev_open(const char *spec)
{
	char why[256] = "";
	struct hws_dev *dev = hws_dev_open(spec, why, sizeof(why));

	ck_assert_msg(dev, "open %s: %s", spec, why);
	return dev;
}

struct sim_nic *t_nic(const char *name)
{
	struct sim_nic *nic = sim_nic_find(name);

	ck_assert_msg(nic, "no model NIC named %s", name);
	return nic;
}

struct sim_stats t_stats(const char *nic)
{
	struct sim_stats s;

	sim_nic_stats(t_nic(nic), &s);
	return s;
}

int t_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
