// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl as its users run it: the built binary (HWSCTL), on the device
 * model, with the example rule file (EXAMPLE_RULES).  Exit status 0 on
 * success, 2 on bad arguments or a malformed rule file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

#define OUT_MAX 65536

/* Run "HWSCTL args" with stderr folded into out; return the exit status. */
static int hwsctl(char *out, const char *args)
{
	char cmd[1024];
	size_t len = 0, got;
	FILE *p;
	int status;

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", HWSCTL, args);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while ((got = fread(out + len, 1, OUT_MAX - 1 - len, p)) > 0)
		len += got;
	out[len] = '\0';
	status = pclose(p);
	ck_assert_msg(WIFEXITED(status), "hwsctl %s: killed", args);
	return WEXITSTATUS(status);
}

static char out[OUT_MAX];

START_TEST(help_for_every_command)
{
	static const char *const commands[] = { "caps", "apply", "bench",
						"dump" };
	char args[64], usage[64];

	ck_assert_int_eq(hwsctl(out, "--help"), 0);
	for (size_t i = 0; i < 4; i++) {
		ck_assert_msg(strstr(out, commands[i]), "%s not listed",
			      commands[i]);
	}
	for (size_t i = 0; i < 4; i++) {
		snprintf(args, sizeof(args), "%s --help", commands[i]);
		snprintf(usage, sizeof(usage), "Usage: hwsctl %s",
			 commands[i]);
		ck_assert_int_eq(hwsctl(out, args), 0);
		ck_assert_msg(!strncmp(out, usage, strlen(usage)), "%s", out);
	}
}
END_TEST

START_TEST(bad_arguments_exit_2)
{
	static const char *const bad[] = {
		"",
		"frobnicate",
		"caps --bogus",
		"caps extra",
		"bench",
		"bench --rules 0",
		"bench --rules 12x",
		"bench --rules 10 --source sideways",
		"bench --rules 10 --table nic_xx",
		"bench --rules 10 --threads 0",
		"apply",
		"apply a.rules b.rules",
		"dump --output",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(hwsctl(out, bad[i]) == 2,
			      "'hwsctl %s' did not exit 2: %s", bad[i], out);
}
END_TEST

START_TEST(caps_lines_and_json)
{
	size_t len;

	ck_assert_int_eq(hwsctl(out, "caps"), 0);
	ck_assert_ptr_nonnull(strstr(out, "ste_alloc_log_max: 25\n"));
	ck_assert_ptr_nonnull(strstr(out, "hws_supported: yes\n"));

	ck_assert_int_eq(hwsctl(out, "caps --json"), 0);
	len = strlen(out);
	ck_assert_int_eq(out[0], '{');
	ck_assert_str_eq(out + len - 2, "}\n");
	ck_assert_ptr_nonnull(strstr(out, "\"rtc_log_depth_max\": 4,"));
	ck_assert_ptr_nonnull(strstr(out, "\"hws_supported\": \"yes\""));

	/* A device without the capability says so and names it. */
	ck_assert_int_eq(hwsctl(out, "caps --device sim:hws=0"), 0);
	ck_assert_ptr_nonnull(strstr(out, "hws_supported: no\n"));
	ck_assert_ptr_nonnull(strstr(out, "missing_cap: "));

	ck_assert_int_ne(hwsctl(out, "caps --device no_such_rdma_dev"), 0);
	ck_assert_ptr_nonnull(strstr(out, "no_such_rdma_dev"));
}
END_TEST

START_TEST(apply_example_classifies)
{
	static const char expected[] =
		"packet 19: hits VM3 result vport=3 tag=0x3\n"
		"packet 20: hits VM3 result vport=3 tag=0x3\n"
		"packet 21: hits VM4 result vport=4\n"
		"packet 22: hits BLOCK result drop\n"
		"packet 23: hits SPLIT,DNS result vport=5\n"
		"packet 24: hits SPLIT result miss\n"
		"packet 25: hits - result miss\n"
		"packet 29: hits - result miss\n"
		"counter VM3 packets 2\n"
		"counter VM4 packets 1\n"
		"counter DNS packets 1\n";

	ck_assert_int_eq(hwsctl(out, "apply " EXAMPLE_RULES), 0);
	ck_assert_str_eq(out, expected);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(apply_malformed_file_exit_2)
{
	char path[] = "/tmp/hwsctl_bad_XXXXXX", args[128];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(args, sizeof(args), "apply %s", path);

	write_file(path, "table T fdb\nmatcher M table T mask\n");
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_ptr_nonnull(strstr(out, ":2: "));

	write_file(path, "table T fdb\nrule R matcher NOPE match "
			 "outer.ip_protocol=6 action drop\n");
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_ptr_nonnull(strstr(out, ":2: "));

	write_file(path, "table T fdb\nmatcher M table T mask "
			 "outer.no_such_field\n");
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_ptr_nonnull(strstr(out, "outer.no_such_field"));
	unlink(path);
}
END_TEST

static unsigned long json_field(const char *json, const char *name)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "\"%s\": ", name);
	p = strstr(json, key);
	ck_assert_msg(p, "no %s in %s", name, json);
	return strtoul(p + strlen(key), NULL, 10);
}

START_TEST(bench_json_one_way)
{
	ck_assert_int_eq(hwsctl(out, "bench --rules 3000 --source uplink "
				     "--delete --json"), 0);
	ck_assert_uint_eq(json_field(out, "rules"), 3000);
	/* 3000 rules cross 70% of 2^12: RX grows to 2^13, TX never grows. */
	ck_assert_uint_eq(json_field(out, "size_log_rx"), 13);
	ck_assert_uint_eq(json_field(out, "size_log_tx"), 1);
	ck_assert_uint_eq(json_field(out, "rehash_tx"), 0);
	ck_assert_uint_gt(json_field(out, "icm_pages"), 0);
}
END_TEST

START_TEST(dump_example_is_csv)
{
	ck_assert_int_eq(hwsctl(out, "dump " EXAMPLE_RULES), 0);
	/* The dump opens with the context record: type 4000. */
	ck_assert_int_eq(strncmp(out, "4000,", 5), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n4001,"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hwsctl");
	TCase *tc = tcase_create("hwsctl");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, help_for_every_command);
	tcase_add_test(tc, bad_arguments_exit_2);
	tcase_add_test(tc, caps_lines_and_json);
	tcase_add_test(tc, apply_example_classifies);
	tcase_add_test(tc, apply_malformed_file_exit_2);
	tcase_add_test(tc, bench_json_one_way);
	tcase_add_test(tc, dump_example_is_csv);
	suite_add_tcase(s, tc);
	return t_run(s);
}
