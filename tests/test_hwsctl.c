// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl as its users run it: the built binary (HWSCTL), on the device
 * model, with the example rule file (EXAMPLE_RULES).  Exit status 0 on
 * success, 1 when the device or the library refuses, 2 on bad arguments or
 * a malformed rule file.  JSON output is checked by a strict parser.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

#define OUT_MAX 65536

/*
 * The RDMA device the commands run on when the suite runs via mlx5
 * (HWS_TEST_DEVICE, with the stand-in preloaded from HWS_TEST_PRELOAD), or
 * NULL on the model.
 */
static const char *via_device(void)
{
	return getenv("HWS_TEST_DEVICE");
}

/*
 * Run "HWSCTL args" with stderr folded into out; return the exit status.
 * Via mlx5, a device command that names no device runs on that device.
 */
static int hwsctl(char *out, const char *args)
{
	static const char *const device_cmds[] = { "caps", "apply", "dump",
						   "bench" };
	const char *preload = getenv("HWS_TEST_PRELOAD");
	char cmd[1024], device[64] = "";
	size_t i;

	for (i = 0; via_device() && i < 4; i++)
		if (!strncmp(args, device_cmds[i], strlen(device_cmds[i])) &&
		    !strstr(args, "-d ") && !strstr(args, "--device"))
			snprintf(device, sizeof(device), "--device %s ",
				 via_device());
	i = strcspn(args, " ");
	snprintf(cmd, sizeof(cmd), "%s%s %s %.*s %s%s",
		 via_device() && preload ? "LD_PRELOAD=" : "",
		 via_device() && preload ? preload : "", HWSCTL, (int)i, args,
		 device, args + i);
	return t_command(out, OUT_MAX, cmd);
}

static char out[OUT_MAX];

/*
 * A strict JSON validator (RFC 8259), by recursive descent: objects,
 * arrays, strings with their escapes, numbers, true, false and null.
 */
static bool json_value(const char **p, int depth);

static void json_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static bool json_string(const char **p)
{
	const char *s = *p;
	int i;

	if (*s++ != '"')
		return false;
	for (; *s != '"'; s++) {
		if ((unsigned char)*s < 0x20) /* the end, or a raw control */
			return false;
		if (*s != '\\')
			continue;
		s++;
		if (*s == 'u') {
			for (i = 1; i <= 4; i++)
				if (!isxdigit((unsigned char)s[i]))
					return false;
			s += 4;
		} else if (!*s || !strchr("\"\\/bfnrt", *s)) {
			return false;
		}
	}
	*p = s + 1;
	return true;
}

static bool json_digits(const char **p)
{
	if (!isdigit((unsigned char)**p))
		return false;
	while (isdigit((unsigned char)**p))
		(*p)++;
	return true;
}

static bool json_number(const char **p)
{
	if (**p == '-')
		(*p)++;
	if (**p == '0')
		(*p)++;
	else if (!json_digits(p))
		return false;
	if (**p == '.') {
		(*p)++;
		if (!json_digits(p))
			return false;
	}
	if (**p == 'e' || **p == 'E') {
		(*p)++;
		if (**p == '+' || **p == '-')
			(*p)++;
		if (!json_digits(p))
			return false;
	}
	return true;
}

/* The members of an object ('}') or the elements of an array (']'). */
static bool json_items(const char **p, char close, int depth)
{
	(*p)++;
	json_ws(p);
	if (**p == close)
		goto done;
	for (;;) {
		json_ws(p);
		if (close == '}') {
			if (!json_string(p))
				return false;
			json_ws(p);
			if (*(*p)++ != ':')
				return false;
		}
		if (!json_value(p, depth + 1))
			return false;
		json_ws(p);
		if (**p != ',')
			break;
		(*p)++;
	}
	if (**p != close)
		return false;
done:
	(*p)++;
	return true;
}

static bool json_value(const char **p, int depth)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i;

	json_ws(p);
	if (depth > 64)
		return false;
	if (**p == '{' || **p == '[')
		return json_items(p, **p == '{' ? '}' : ']', depth);
	if (**p == '"')
		return json_string(p);
	for (i = 0; i < 3; i++) {
		if (!strncmp(*p, words[i], strlen(words[i]))) {
			*p += strlen(words[i]);
			return true;
		}
	}
	return json_number(p);
}

/* One JSON value and nothing else but white space. */
static bool json_valid(const char *text)
{
	const char *p = text;

	if (!json_value(&p, 0))
		return false;
	json_ws(&p);
	return !*p;
}

#define ck_assert_json(text)                                                   \
	ck_assert_msg(json_valid(text), "invalid JSON: %s", text)

START_TEST(json_validator_is_strict)
{
	static const char *const good[] = {
		"{}", "[]", "0", "-0.5e+3", "\"\"", " {\"a\": [1, true, null]} ",
		"{\"a\\\"b\": \"\\u00e9\\n\\\\\"}", "{\"a\": {\"b\": {}}}\n",
	};
	static const char *const bad[] = {
		"", "{", "{\"a\": 1,}", "{\"a\" 1}", "{a: 1}", "[1 2]", "01",
		"1.", "-", ".5", "1e", "\"a\"b\"", "{\"a\": \"x\"y\"}",
		"\"\\x\"", "\"\\u12g4\"", "\"tab\there\"", "tru", "nul",
		"{} {}", "{\"a\": 1}}", "[\"a\",]", "{\"a\": nan}",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(json_valid(good[i]), "rejected %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!json_valid(bad[i]), "accepted %s", bad[i]);
}
END_TEST

START_TEST(help_for_every_command)
{
	static const char *const commands[] = { "caps", "apply", "bench",
						"dump", "trace" };
	const size_t n = sizeof(commands) / sizeof(commands[0]);
	char args[64], usage[64];

	ck_assert_int_eq(hwsctl(out, "--help"), 0);
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(strstr(out, commands[i]), "%s not listed",
			      commands[i]);
	}
	for (size_t i = 0; i < n; i++) {
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
	ck_assert_int_eq(hwsctl(out, "caps"), 0);
	ck_assert_ptr_nonnull(strstr(out, "ste_alloc_log_max: 25\n"));
	ck_assert_ptr_nonnull(strstr(out, "hws_supported: yes\n"));

	ck_assert_int_eq(hwsctl(out, "caps --json"), 0);
	ck_assert_json(out);
	ck_assert_ptr_nonnull(strstr(out, "\"rtc_log_depth_max\": 4,"));
	ck_assert_ptr_nonnull(strstr(out, "\"hws_supported\": \"yes\""));

	/* a device name with a quote, a backslash and a tab, escaped */
	ck_assert_int_eq(hwsctl(out, "caps --json -d 'sim:nic=a\"b'"), 0);
	ck_assert_json(out);
	ck_assert_ptr_nonnull(strstr(out, "\"device\": \"sim:nic=a\\\"b\""));
	ck_assert_int_eq(hwsctl(out, "caps --json -d \"$(printf "
				     "'sim:nic=c\\\\d\\te')\""),
			 0);
	ck_assert_json(out);
	ck_assert_ptr_nonnull(
		strstr(out, "\"device\": \"sim:nic=c\\\\d\\te\""));

	/* without HWS, missing_cap too */
	ck_assert_int_eq(hwsctl(out, "caps --json --device sim:hws=0"), 0);
	ck_assert_json(out);
	ck_assert_ptr_nonnull(strstr(out, "\"missing_cap\": \""));

	/* A device without the capability says so and names it. */
	ck_assert_int_eq(hwsctl(out, "caps --device sim:hws=0"), 0);
	ck_assert_ptr_nonnull(strstr(out, "hws_supported: no\n"));
	ck_assert_ptr_nonnull(strstr(out, "missing_cap: "));

	ck_assert_int_ne(hwsctl(out, "caps --device no_such_rdma_dev"), 0);
	ck_assert_ptr_nonnull(strstr(out, "no_such_rdma_dev"));
}
END_TEST

/*
 * The example without its packet lines, in a file of its own: a NIC
 * cannot trace packets, so via mlx5 the suite applies this instead.
 */
static void example_without_packets(char *path)
{
	FILE *in = fopen(EXAMPLE_RULES, "r");
	FILE *f = fdopen(mkstemp(path), "w");
	char line[4096];

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), in))
		if (strncmp(line, "packet ", 7))
			fputs(line, f);
	fclose(in);
	fclose(f);
}

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

static unsigned long json_field(const char *json, const char *name)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "\"%s\": ", name);
	p = strstr(json, key);
	ck_assert_msg(p, "no %s in %s", name, json);
	return strtoul(p + strlen(key), NULL, 10);
}

/*
 * Per-rule modify-header arguments and encap headers: once the rules, the
 * matcher and the actions are gone, the device memory is where a run
 * without rewrites leaves it.
 */
START_TEST(bench_rewrites_leave_nothing)
{
	unsigned long plain;

	ck_assert_int_eq(hwsctl(out, "bench --rules 3000 --source uplink "
				     "--delete --json"),
			 0);
	plain = json_field(out, "icm_pages_after_destroy");
	ck_assert_int_eq(hwsctl(out, "bench --rules 3000 --source uplink "
				     "--modify --encap --delete --json"),
			 0);
	ck_assert_uint_eq(json_field(out, "icm_pages_after_destroy"), plain);
	if (!via_device())
		ck_assert_uint_gt(json_field(out, "icm_pages_after_delete"),
				  plain);
}
END_TEST

START_TEST(bench_json_one_way)
{
	ck_assert_int_eq(hwsctl(out, "bench --rules 3000 --source uplink "
				     "--delete --json"), 0);
	ck_assert_json(out);
	ck_assert_uint_eq(json_field(out, "rules"), 3000);
	/* --delete times the deletion and reports what is left */
	ck_assert_ptr_nonnull(strstr(out, "\"delete_seconds\": "));
	ck_assert_ptr_nonnull(strstr(out, "\"deletes_per_sec\": "));
	ck_assert_ptr_nonnull(strstr(out, "\"icm_pages_after_delete\": "));
	ck_assert_ptr_nonnull(strstr(out, "\"rss_peak_mib\": "));
	/*
	 * Compact: 3000 rules are under 2 x 2^11, RX stays at 2^11; TX never
	 * grows.
	 */
	ck_assert_uint_eq(json_field(out, "size_log_rx"), 11);
	ck_assert_uint_eq(json_field(out, "size_log_tx"), 1);
	ck_assert_uint_eq(json_field(out, "rehash_tx"), 0);
	ck_assert_uint_eq(json_field(out, "failed_inserts"), 0);
	ck_assert_ptr_nonnull(strstr(out, "\"policy_rx\": \"compact\""));
	/* assured: 3000 rules cross 70% of 2^12, RX grows to 2^13 */
	ck_assert_int_eq(hwsctl(out, "bench --rules 3000 --source uplink "
				     "--keys random --policy assured --json"),
			 0);
	ck_assert_uint_eq(json_field(out, "size_log_rx"), 13);
	ck_assert_ptr_nonnull(strstr(out, "\"policy_rx\": \"assured\""));
	ck_assert_int_ne(hwsctl(out, "bench --rules 10 --keys odd"), 0);
	ck_assert_int_ne(hwsctl(out, "bench --rules 10 --policy loose"), 0);
	ck_assert_int_eq(hwsctl(out, "bench --rules 3000 --source uplink "
				     "--delete --json"),
			 0);
	/* a NIC does not report its device memory */
	if (via_device())
		ck_assert_uint_eq(json_field(out, "icm_pages"), 0);
	else
		ck_assert_uint_gt(json_field(out, "icm_pages"), 0);
}
END_TEST

/*
 * --modify: every rule with its own argument; the ARG's pages are
 * reported and every page goes with the rules and the action.
 */
START_TEST(bench_modify_json)
{
	unsigned long arg;

	ck_assert_int_eq(hwsctl(out, "bench --rules 3000 --source uplink "
				     "--modify --delete --json"),
			 0);
	ck_assert_json(out);
	ck_assert_uint_eq(json_field(out, "rules"), 3000);
	if (via_device())
		return;
	/* 2^12 arguments of one 64-byte entry: 64 pages, and the pattern */
	arg = json_field(out, "icm_pages_arg");
	ck_assert_uint_ge(arg, 64);
	ck_assert_uint_le(arg, 66);
	ck_assert_uint_gt(json_field(out, "icm_pages"), arg);
}
END_TEST

/*
 * --latency: percentiles and maxima of inserts and deletes, and a cause
 * for the longest of each (which one is longest is up to the scheduler);
 * no progress line, as the output is no terminal.
 */
START_TEST(bench_latency_json)
{
	static const char *const keys[] = {
		"insert_p50_us", "insert_p99_us", "insert_p999_us",
		"insert_max_us", "delete_p50_us", "delete_p99_us",
		"delete_p999_us", "delete_max_us", "delete_stall_rule",
		"moves_pending", "matchers_peak",
	};
	size_t i;

	ck_assert_int_eq(hwsctl(out, "bench --rules 3000 --source uplink "
				     "--latency --json"), 0);
	ck_assert_json(out);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		json_field(out, keys[i]);
	ck_assert_ptr_nonnull(strstr(out, "\"insert_stall_cause\": \""));
	ck_assert_ptr_nonnull(strstr(out, "\"delete_stall_cause\": \""));
	/* 3000 rules grow past 2^11: a move chained a second matcher */
	ck_assert_ptr_nonnull(strstr(out, "\"matchers_peak\": 2"));
	ck_assert_ptr_null(strstr(out, "\r"));
	ck_assert_ptr_nonnull(strstr(out, "\"latency_clock\": \"wall\""));

	ck_assert_int_eq(hwsctl(out, "bench --rules 3000 --source uplink "
				     "--latency --cpu-time --json"),
			 0);
	ck_assert_json(out);
	json_field(out, "insert_max_us");
	ck_assert_ptr_nonnull(
		strstr(out, "\"latency_clock\": \"thread_cpu\""));
}
END_TEST

/* Occurrences of needle in haystack. */
static int count_of(const char *haystack, const char *needle)
{
	int n = 0;

	for (; (haystack = strstr(haystack, needle)); haystack++)
		n++;
	return n;
}

/*
 * Both runs of --compare in one valid object; rss_peak_mib, a figure of
 * the whole process, once and outside them.
 */
START_TEST(bench_compare_json)
{
	const char *any;

	ck_assert_int_eq(hwsctl(out, "bench --rules 200 --compare --json"), 0);
	ck_assert_json(out);
	ck_assert_ptr_nonnull(strstr(out, "{\"uplink\": {\"rules\": 200, "));
	any = strstr(out, "}, \"any\": {\"rules\": 200, ");
	ck_assert_ptr_nonnull(any);
	ck_assert_int_eq(count_of(out, "\"size_log_tx\": "), 2);
	ck_assert_int_eq(count_of(out, "\"rss_peak_mib\": "), 1);
	/* after the end of the any object */
	any = strchr(any + 1, '}');
	ck_assert_ptr_nonnull(strstr(any, "\"rss_peak_mib\": "));
	ck_assert_ptr_nonnull(strstr(any, "\"pages_ratio\": "));

	ck_assert_int_eq(hwsctl(out, "bench --rules 200 --compare"), 0);
	ck_assert_int_eq(count_of(out, "rss_peak_mib: "), 1);
	ck_assert_ptr_nonnull(
		strstr(strstr(out, "source: any\n"), "rss_peak_mib: "));
}
END_TEST

#define MAX_RECS 512
#define MAX_COLS 32

/* The dump's records: fields by record, split in place. */
struct csv {
	int n;
	int cols[MAX_RECS];
	char *f[MAX_RECS][MAX_COLS];
};

static void csv_parse(struct csv *c, char *text)
{
	char *line, *save = NULL;

	c->n = 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *fld = line, *comma;
		int k = 0;

		ck_assert_int_lt(c->n, MAX_RECS);
		do {
			comma = strchr(fld, ',');
			if (comma)
				*comma = '\0';
			ck_assert_int_lt(k, MAX_COLS);
			c->f[c->n][k++] = fld;
			fld = comma + 1;
		} while (comma);
		c->cols[c->n++] = k;
	}
}

static int csv_count(const struct csv *c, const char *type)
{
	int i, n = 0;

	for (i = 0; i < c->n; i++)
		n += !strcmp(c->f[i][0], type);
	return n;
}

/* The number of STEs in STE range id. */
static int csv_stes(const struct csv *c, const char *id)
{
	int i, n = 0;

	for (i = 0; i < c->n; i++)
		n += !strcmp(c->f[i][0], "4930") && !strcmp(c->f[i][2], id);
	return n;
}

/*
 * Every object of examples/example.rules in the dump: its 2 tables, its 2
 * matchers (with their templates, and an action template for each action
 * combination of their rules, deleted ones included), and the STEs of the
 * rules that live at its end: VM3 is deleted; VM4 is RX only; BLOCK, SPLIT
 * and DNS are both ways.
 */
START_TEST(dump_example_is_csv)
{
	static const char *const tenants_at[] = {
		"CTR,TAG,VPORT", "CTR,VPORT", "DROP", "TBL",
	};
	struct csv *c = malloc(sizeof(*c));
	const char *tbl_id[2] = { NULL, NULL }, *apps_id = NULL;
	int i, k, matchers = 0;

	char path[] = "/tmp/hwsctl_nopkt_XXXXXX", args[128];

	/* via mlx5: no packets, and no hardware records (4900 to 4930) */
	snprintf(args, sizeof(args), "dump %s", EXAMPLE_RULES);
	if (via_device()) {
		example_without_packets(path);
		snprintf(args, sizeof(args), "dump %s", path);
	}
	ck_assert_int_eq(hwsctl(out, args), 0);
	if (via_device())
		unlink(path);
	/* The dump opens with the context record: type 4000. */
	ck_assert_int_eq(strncmp(out, "4000,", 5), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n4001,"));
	csv_parse(c, out);
	ck_assert_int_eq(csv_count(c, "4100"), 3);
	ck_assert_int_eq(csv_count(c, "4200"), 3);
	ck_assert_int_eq(csv_count(c, "4201"), 3);
	ck_assert_int_eq(csv_count(c, "4202"), 3);
	ck_assert_int_eq(csv_count(c, "4203"), 3);
	ck_assert_int_eq(csv_count(c, "4204"), 7);
	ck_assert_int_eq(csv_count(c, "4930"), via_device() ? 0 : 9);
	ck_assert_int_eq(csv_count(c, "4900"), via_device() ? 0 : 1);
	ck_assert_int_eq(csv_count(c, "4901"), via_device() ? 0 : 1);

	for (i = 0; i < c->n; i++) {
		char *const *r = c->f[i];
		int level;

		if (!strcmp(r[0], "4100") && !strcmp(r[4], "0")) {
			/* APPS, the one NIC RX table */
			ck_assert_ptr_null(apps_id);
			apps_id = r[1];
			continue;
		}
		if (!strcmp(r[0], "4100")) {
			/* GW at level 1, PORTS at 2, both FDB; not the root */
			ck_assert_str_eq(r[4], "2");
			level = atoi(r[6]);
			ck_assert(level == 1 || level == 2);
			ck_assert_ptr_null(tbl_id[level - 1]);
			tbl_id[level - 1] = r[1];
			continue;
		}
		if (strcmp(r[0], "4200"))
			continue;
		matchers++;
		ck_assert_str_eq(c->f[i + 1][0], "4201");
		ck_assert_str_eq(c->f[i + 2][0], "4202");
		ck_assert_str_eq(c->f[i + 3][0], "4203");
		if (tbl_id[0] && !strcmp(r[2], tbl_id[0])) {
			/* TENANTS: VM4, BLOCK and SPLIT on RX; BLOCK and
			 * SPLIT on TX; its 4 action combinations
			 */
			ck_assert_int_eq(csv_stes(c, r[7]),
					 via_device() ? 0 : 3);
			ck_assert_int_eq(csv_stes(c, r[9]),
					 via_device() ? 0 : 2);
			for (k = 0; k < 4; k++) {
				char *const *at = c->f[i + 4 + k];
				char names[64] = "";
				int a;

				ck_assert_str_eq(at[0], "4204");
				ck_assert_str_eq(at[2], r[1]);
				for (a = 6; a < c->cols[i + 4 + k]; a++)
					snprintf(names + strlen(names),
						 sizeof(names) - strlen(names),
						 "%s%s", a > 6 ? "," : "",
						 at[a]);
				ck_assert_str_eq(names, tenants_at[k]);
			}
		} else if (apps_id && !strcmp(r[2], apps_id)) {
			/* SERVICES: SERVICE and ADMIN, received only */
			ck_assert_int_eq(csv_stes(c, r[7]),
					 via_device() ? 0 : 2);
			ck_assert_str_eq(c->f[i + 4][0], "4204");
			ck_assert_str_eq(c->f[i + 4][6], "CTR");
			ck_assert_str_eq(c->f[i + 4][7], "TIR");
			ck_assert_str_eq(c->f[i + 5][0], "4204");
			ck_assert_str_eq(c->f[i + 5][6], "TIR");
		} else {
			/* L4, in PORTS: DNS both ways */
			ck_assert_ptr_nonnull(tbl_id[1]);
			ck_assert_str_eq(r[2], tbl_id[1]);
			ck_assert_int_eq(csv_stes(c, r[7]),
					 via_device() ? 0 : 1);
			ck_assert_int_eq(csv_stes(c, r[9]),
					 via_device() ? 0 : 1);
			ck_assert_str_eq(c->f[i + 4][0], "4204");
			ck_assert_str_eq(c->f[i + 4][6], "CTR");
			ck_assert_str_eq(c->f[i + 4][7], "VPORT");
		}
	}
	ck_assert_int_eq(matchers, 3);
	ck_assert_ptr_nonnull(apps_id);
	free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hwsctl");
	TCase *tc = tcase_create("hwsctl");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, json_validator_is_strict);
	tcase_add_test(tc, help_for_every_command);
	tcase_add_test(tc, bad_arguments_exit_2);
	tcase_add_test(tc, caps_lines_and_json);
	tcase_add_test(tc, apply_example_classifies);
	tcase_add_test(tc, apply_malformed_file_exit_2);
	tcase_add_test(tc, apply_line_limits);
	tcase_add_test(tc, apply_nul_byte);
	tcase_add_test(tc, apply_values_are_strict);
	tcase_add_test(tc, apply_miss_error_names_both_tables);
	tcase_add_test(tc, apply_objects_after_a_matcher);
	tcase_add_test(tc, bench_json_one_way);
	tcase_add_test(tc, bench_rewrites_leave_nothing);
	tcase_add_test(tc, bench_modify_json);
	tcase_add_test(tc, bench_latency_json);
	tcase_add_test(tc, bench_compare_json);
	tcase_add_test(tc, dump_example_is_csv);
	suite_add_tcase(s, tc);
	return t_run(s);
}
