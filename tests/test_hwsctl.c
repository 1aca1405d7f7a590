// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl as its users run it: the built binary (HWSCTL), on the device
 * model, with the example rule file (EXAMPLE_RULES).  Exit status 0 on
 * success, 1 when the device or the library refuses, 2 on bad arguments or
 * a malformed rule file.  JSON output is checked by a strict parser.
 * apply's rule files: test_hwsctl_apply.c.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hwsctl_common.h"

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
	tcase_add_test(tc, bench_json_one_way);
	tcase_add_test(tc, bench_rewrites_leave_nothing);
	tcase_add_test(tc, bench_modify_json);
	tcase_add_test(tc, bench_latency_json);
	tcase_add_test(tc, bench_compare_json);
	tcase_add_test(tc, dump_example_is_csv);
	suite_add_tcase(s, tc);
	return t_run(s);
}
