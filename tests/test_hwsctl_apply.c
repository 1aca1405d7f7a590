// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl apply as its users run it: the example rule file classifies as
 * it says, and a malformed file, an overlong line, a NUL byte or a bad
 * value exits 2 naming the line; objects the device refuses exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hwsctl_common.h"

static char out[OUT_MAX];

START_TEST(apply_example_classifies)
{
	static const char expected[] =
		"packet 28: hits VM3 result vport=3 tag=0x3\n"
		"packet 29: hits VM3 result vport=3 tag=0x3\n"
		"packet 30: hits VM4 result vport=4\n"
		"packet 31: hits BLOCK result drop\n"
		"packet 32: hits SPLIT,DNS result vport=5\n"
		"packet 33: hits SPLIT result miss\n"
		"packet 34: hits - result miss\n"
		"packet 35: hits - result miss\n"
		"packet 54: hits SERVICE result rq=Q2 (tir SPREAD)\n"
		"packet 55: hits SERVICE result rq=Q3 (tir SPREAD)\n"
		"packet 56: hits SERVICE result rq=Q1 (tir SPREAD)\n"
		"packet 57: hits SERVICE result rq=Q0 (tir SPREAD)\n"
		"packet 58: hits ADMIN result rq=Q0 (tir MGMT)\n"
		"packet 62: hits - result miss\n"
		"counter VM3 packets 2\n"
		"counter VM4 packets 1\n"
		"counter DNS packets 1\n"
		"counter SERVICE packets 4\n";

	char path[] = "/tmp/hwsctl_nopkt_XXXXXX", args[128];

	if (via_device()) {
		/* rules and counters go through DevX; no packet was sent */
		example_without_packets(path);
		snprintf(args, sizeof(args), "apply %s", path);
		ck_assert_int_eq(hwsctl(out, args), 0);
		unlink(path);
		ck_assert_str_eq(out, "counter VM3 packets 0\n"
				      "counter VM4 packets 0\n"
				      "counter DNS packets 0\n"
				      "counter SERVICE packets 0\n");
		return;
	}
	ck_assert_int_eq(hwsctl(out, "apply " EXAMPLE_RULES), 0);
	ck_assert_str_eq(out, expected);
}
END_TEST

START_TEST(apply_malformed_file_exit_2)
{
	char path[] = "/tmp/hwsctl_bad_XXXXXX", args[128];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(args, sizeof(args), "apply %s", path);

	t_write_file(path, "table T fdb\nmatcher M table T mask\n");
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_ptr_nonnull(strstr(out, ":2: "));

	t_write_file(path, "table T fdb\nrule R matcher NOPE match "
			 "outer.ip_protocol=6 action drop\n");
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_ptr_nonnull(strstr(out, ":2: "));

	t_write_file(path, "table T fdb\nmatcher M table T mask "
			 "outer.no_such_field\n");
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_ptr_nonnull(strstr(out, "outer.no_such_field"));

	/* not a file to read */
	ck_assert_int_eq(hwsctl(out, "apply /"), 2);
	unlink(path);
}
END_TEST

/* A rule line of words words: "rule R matcher M match" and values. */
static void words_line(char *buf, size_t len, int words)
{
	size_t at = snprintf(buf, len,
			     "table T fdb\n"
			     "matcher M table T mask outer.ip_protocol\n"
			     "rule R matcher M match");
	int i;

	for (i = 5; i < words; i++)
		at += snprintf(buf + at, len - at, " outer.ip_protocol=6");
	snprintf(buf + at, len - at, "\ncounters\n");
}

/* A line of len characters: a statement padded with blanks. */
static void long_line(char *buf, size_t size, const char *stmt, size_t len,
		      const char *end)
{
	size_t n = strlen(stmt);

	ck_assert_uint_lt(len + strlen(end), size);
	memcpy(buf, stmt, n);
	memset(buf + n, ' ', len - n);
	strcpy(buf + len, end);
}

/* The limits of hwsctl(1): 64 words and 4095 characters a line. */
START_TEST(apply_line_limits)
{
	char path[] = "/tmp/hwsctl_lim_XXXXXX", args[128], *text;
	int fd = mkstemp(path);
	size_t size = 16384;

	ck_assert_int_ge(fd, 0);
	close(fd);
	text = malloc(size);
	snprintf(args, sizeof(args), "apply %s", path);

	words_line(text, size, 64);
	t_write_file(path, text);
	ck_assert_msg(hwsctl(out, args) == 0, "64 words: %s", out);
	words_line(text, size, 65);
	t_write_file(path, text);
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_ptr_nonnull(strstr(out, ":3: too many words"));

	/* 4095 characters and the newline; the last line without one */
	long_line(text, size, "table T fdb", 4095, "\ncounters\n");
	t_write_file(path, text);
	ck_assert_msg(hwsctl(out, args) == 0, "4095 characters: %s", out);
	long_line(text, size, "table T fdb", 4095, "");
	t_write_file(path, text);
	ck_assert_msg(hwsctl(out, args) == 0, "last line: %s", out);

	/* one more is malformed, wherever the line is, and is not split */
	long_line(text, size, "table T fdb", 4096, "\ntable U fdb\n");
	t_write_file(path, text);
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_msg(strstr(out, ":1: line too long"), "%s", out);
	long_line(text, size, "table T fdb level 1", 8000, "level 2\n");
	t_write_file(path, text);
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_msg(strstr(out, ":1: line too long"), "%s", out);
	ck_assert_ptr_null(strstr(out, ":2:"));
	strcpy(text, "table T fdb\n");
	long_line(text + 12, size - 12, "counters", 4096, "");
	t_write_file(path, text);
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_msg(strstr(out, ":2: line too long"), "%s", out);

	free(text);
	unlink(path);
}
END_TEST

static void write_bytes(const char *path, const char *bytes, size_t len)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
	fclose(f);
}

/* A NUL byte is malformed, and never hides the rest of a line. */
START_TEST(apply_nul_byte)
{
	static const char text[] = "table T fdb\n"
				   "table U fdb level 2\0 level 3\n"
				   "table V fdb\n";
	char path[] = "/tmp/hwsctl_nul_XXXXXX", args[128], *buf;
	size_t size = 16384, at;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(args, sizeof(args), "apply %s", path);

	write_bytes(path, text, sizeof(text) - 1);
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_msg(strstr(out, ":2: a NUL byte at column 20"), "%s", out);

	/* a long line with a NUL before its 4096th character is too long */
	buf = malloc(size);
	at = snprintf(buf, size, "table T fdb");
	memset(buf + at, ' ', 5000 - at);
	buf[100] = '\0';
	at = 5000;
	at += snprintf(buf + at, size - at, "table U fdb level 2\n"
					    "packet rx table T outer.ip_protocol=6\n");
	write_bytes(path, buf, at);
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_msg(strstr(out, ":1: line too long"), "%s", out);
	ck_assert_ptr_null(strstr(out, ":2:"));
	ck_assert_ptr_null(strstr(out, "packet"));

	/* a NUL on the last line, without a newline */
	write_bytes(path, "table T fdb\ntable U\0", 20);
	ck_assert_int_eq(hwsctl(out, args), 2);
	ck_assert_msg(strstr(out, ":2: a NUL byte at column 8"), "%s", out);
	free(buf);
	unlink(path);
}
END_TEST

/* Every value form is taken whole, or the line is malformed. */
START_TEST(apply_values_are_strict)
{
	static const char *const bad[] = {
		"match outer.smac=00:11:22:33:44:55:66:77",
		"match outer.smac=+1:0x2:3:4:5:6zzz",
		"match outer.smac=00:11:22:33:44:5zz",
		"match outer.smac=00:11:22:33:44",
		"match outer.smac=00:11:22:33:44:55:",
		"match outer.smac=00::11:22:33:44:55",
		"match outer.smac=000:11:22:33:44:55",
		"match outer.smac=-1:11:22:33:44:55",
		"match outer.smac=0x1000000000000",
		"match outer.ipv4_dst=10.0.1",
		"match outer.ipv4_dst=10.0.1.256",
		"match outer.ipv4_dst=10.0.1.0x",
		"match outer.ipv4_dst=10.0.1.0.0",
		"match outer.ipv4_dst=0x100000000",
		"match outer.ipv6_src=ffff::1::",
		"match outer.ipv6_src=ffff::g",
		"match outer.ipv6_src=1",
		"match outer.ipv6_src=10.0.0.1",
		"match outer.ip_protocol=256",
		"match outer.ip_protocol=0x",
		"match outer.ip_protocol=6x",
		"match outer.ip_protocol=08",
		"match outer.ip_protocol=-1",
		"match outer.ip_protocol=+6",
		"match outer.ip_protocol=",
		"match outer.ip_protocol=99999999999999999999999",
		"match outer.vlan_id=4096",
		"match outer.ip_protocol=6 action tag=0x100000000",
		"match outer.ip_protocol=6 action tag=1x",
		"match outer.ip_protocol=6 action vport=65536",
		"match outer.ip_protocol=6 action vport=0x",
	};
	static const char *const bad_mask[] = {
		"outer.ipv4_dst/33", "outer.ipv4_dst/", "outer.ipv4_dst/-1",
		"outer.ipv4_dst/2x", "outer.ipv4_dst/0x8",
		"outer.ipv4_dst&255.255.0", "outer.smac&ff:ff:ff:ff:ff:ff:ff",
		"outer.vlan_id&0x1000", "outer.ipv6_src/129",
	};
	char path[] = "/tmp/hwsctl_val_XXXXXX", args[128], text[512];
	const char *value;
	size_t i;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(args, sizeof(args), "apply %s", path);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text),
			 "table T fdb\n"
			 "matcher M table T mask outer.smac outer.ipv4_dst "
			 "outer.ipv6_src outer.ip_version outer.ip_protocol "
			 "outer.vlan_id\n"
			 "rule R matcher M %s\n", bad[i]);
		t_write_file(path, text);
		ck_assert_msg(hwsctl(out, args) == 2, "%s: %s", bad[i], out);
		/* the line, and the word, with what is wrong with it */
		value = strrchr(bad[i], '=') + 1;
		ck_assert_msg(strstr(out, ":3: ") && strstr(out, value) &&
				      strstr(out, "': "),
			      "%s: %s", bad[i], out);
	}
	for (i = 0; i < sizeof(bad_mask) / sizeof(bad_mask[0]); i++) {
		snprintf(text, sizeof(text),
			 "table T fdb\nmatcher M table T mask %s\n",
			 bad_mask[i]);
		t_write_file(path, text);
		ck_assert_msg(hwsctl(out, args) == 2, "%s: %s", bad_mask[i],
			      out);
		ck_assert_msg(strstr(out, ":2: ") && strstr(out, "': "),
			      "%s: %s", bad_mask[i], out);
	}

	/* every form at its limits */
	t_write_file(path, "table T fdb\n"
			 "matcher M table T mask outer.smac outer.ipv4_dst/32 "
			 "outer.ipv6_src&ffff:ffff:: outer.vlan_id&0xfff "
			 "outer.ip_protocol/0 outer.ip_version\n"
			 "rule R matcher M match outer.smac=0:a:Bb:cc:DD:ff "
			 "outer.ip_version=6 "
			 "outer.ipv4_dst=255.255.255.255 "
			 "outer.ipv6_src=ffff:ffff:: outer.vlan_id=07777 "
			 "action vport=65535\n"
			 "rule S matcher M match outer.smac=0xffffffffffff "
			 "outer.ipv4_dst=4294967295 outer.vlan_id=4095 "
			 "action drop\n"
			 "matcher N table T priority 1 mask outer.ip_protocol\n"
			 "rule Q matcher N match outer.ip_protocol=0377 "
			 "action tag=0xffffffff drop\n"
			 "packet rx table T outer.smac=0:a:bb:cc:dd:ff "
			 "outer.ip_version=6 outer.ipv4_dst=255.255.255.255 "
			 "outer.ipv6_src=ffff:ffff:: outer.vlan_id=4095\n"
			 "packet rx table T outer.ip_protocol=255\n");
	if (via_device()) {
		/* lines 1 to 6 went to the NIC; a NIC traces no packets */
		ck_assert_msg(hwsctl(out, args) == 2, "%s", out);
		ck_assert_msg(strstr(out, ":7: packets need the device model"),
			      "%s", out);
	} else {
		ck_assert_msg(hwsctl(out, args) == 0, "%s", out);
		ck_assert_str_eq(out,
				 "packet 7: hits R result uplink\n"
				 "packet 8: hits Q result drop tag=0xffffffff\n");
	}
	unlink(path);
}
END_TEST

/* A default miss the library refuses is reported where the file asks. */
START_TEST(apply_miss_error_names_both_tables)
{
	char path[] = "/tmp/hwsctl_mis_XXXXXX", args[128];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(args, sizeof(args), "apply %s", path);
	t_write_file(path, "table A fdb miss B\ntable X fdb\ntable B nic_rx\n");
	ck_assert_int_eq(hwsctl(out, args), 1);
	ck_assert_msg(strstr(out, ":1: table A: miss table B: "), "%s", out);
	ck_assert_ptr_null(strstr(out, ":3:"));
	t_write_file(path, "table A fdb\ntable B fdb level 2 miss A\n");
	ck_assert_int_eq(hwsctl(out, args), 1);
	ck_assert_msg(strstr(out, ":2: table B: miss table A: "), "%s", out);
	t_write_file(path, "table A fdb\ntable B fdb miss Z\n");
	ck_assert_int_eq(hwsctl(out, args), 0);
	ck_assert_msg(strstr(out, ":2: table B: miss table Z is never defined"),
		      "%s", out);
	unlink(path);
}
END_TEST

/* A table, matcher or rule defined after a matcher moves no one's data. */
START_TEST(apply_objects_after_a_matcher)
{
	char path[] = "/tmp/hwsctl_ord_XXXXXX", args[128];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(args, sizeof(args), "apply %s", path);
	t_write_file(path, "table A nic_rx\n"
			 "matcher M table A mask outer.ip_protocol\n"
			 "table B nic_rx level 2\ntable C nic_rx level 3\n"
			 "table D nic_rx level 4\ntable E nic_rx level 5\n"
			 "matcher N table B mask outer.ip_protocol\n"
			 "matcher O table C mask outer.ip_protocol\n"
			 "rule R matcher M match outer.ip_protocol=6 "
			 "action count tag=7 drop\n"
			 "packet rx table A outer.ip_protocol=6\n"
			 "counters\n");
	if (via_device()) {
		/* a NIC traces no packets: the line is refused */
		ck_assert_int_eq(hwsctl(out, args), 2);
		ck_assert_ptr_nonnull(
			strstr(out, "packets need the device model"));
	} else {
		ck_assert_int_eq(hwsctl(out, args), 0);
		ck_assert_str_eq(out, "packet 10: hits R result drop tag=0x7\n"
				      "counter R packets 1\n");
	}

	/* numbers out of range, and repeated actions, are malformed */
	t_write_file(path, "table A fdb level -1\n");
	ck_assert_int_eq(hwsctl(out, args), 2);
	t_write_file(path, "table A fdb\n"
			 "matcher M table A mask outer.ip_protocol\n"
			 "rule R matcher M match outer.ip_protocol=6 "
			 "action tag=0x100000000 drop\n");
	ck_assert_int_eq(hwsctl(out, args), 2);
	t_write_file(path, "table A fdb\n"
			 "matcher M table A mask outer.ip_protocol\n"
			 "rule R matcher M match outer.ip_protocol=6 "
			 "action count count drop\n");
	ck_assert_int_eq(hwsctl(out, args), 2);
	unlink(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hwsctl_apply");
	TCase *tc = tcase_create("apply");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, apply_example_classifies);
	tcase_add_test(tc, apply_malformed_file_exit_2);
	tcase_add_test(tc, apply_line_limits);
	tcase_add_test(tc, apply_nul_byte);
	tcase_add_test(tc, apply_values_are_strict);
	tcase_add_test(tc, apply_miss_error_names_both_tables);
	tcase_add_test(tc, apply_objects_after_a_matcher);
	suite_add_tcase(s, tc);
	return t_run(s);
}
