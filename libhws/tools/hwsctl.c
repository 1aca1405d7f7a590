// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl: look at and exercise HWS on a device, by default the device model.
 *   hwsctl caps   capabilities and the HWS verdict
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <infiniband/mlx5hws.h>

#include "hwsctl.h"
#include "providers/provider.h"

static const char *default_device = "sim";

/* A JSON string: quotes, backslashes and control characters escaped. */
static void json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
	}
	putchar('"');
}

/* The separator and the quoted name of the next JSON member. */
static void json_name(struct out *o, const char *name)
{
	if (o->count++)
		fputs(", ", stdout);
	json_string(name);
	fputs(": ", stdout);
}

/* Output: "name: value" lines, or one JSON object. */
void out_begin(struct out *o, bool json)
{
	o->json = json;
	o->in_section = false;
	o->count = 0;
	o->outer_count = 0;
	if (json)
		printf("{");
}

void out_u64(struct out *o, const char *name, unsigned long long v)
{
	if (o->json) {
		json_name(o, name);
		printf("%llu", v);
	} else {
		printf("%s: %llu\n", name, v);
	}
}

/* Hex in lines; JSON has no hex numbers, so decimal there. */
void out_hex(struct out *o, const char *name, unsigned long long v)
{
	if (o->json) {
		json_name(o, name);
		printf("%llu", v);
	} else {
		printf("%s: 0x%llx\n", name, v);
	}
}

void out_dbl(struct out *o, const char *name, double v)
{
	if (o->json) {
		json_name(o, name);
		/* JSON has no NaN or infinity */
		if (isfinite(v))
			printf("%.3f", v);
		else
			fputs("null", stdout);
	} else {
		printf("%s: %.3f\n", name, v);
	}
}

void out_str(struct out *o, const char *name, const char *v)
{
	if (o->json) {
		json_name(o, name);
		json_string(v);
	} else {
		printf("%s: %s\n", name, v);
	}
}

void out_section(struct out *o, const char *name)
{
	if (!o->json) {
		if (name)
			printf("source: %s\n", name);
		return;
	}
	if (o->in_section) {
		putchar('}');
		o->count = o->outer_count;
	}
	o->in_section = name != NULL;
	if (name) {
		json_name(o, name);
		putchar('{');
		o->outer_count = o->count;
		o->count = 0;
	}
}

void out_end(struct out *o)
{
	if (o->json)
		printf("%s}\n", o->in_section ? "}" : "");
}

static const char caps_help[] =
	"Usage: hwsctl caps [--device NAME] [--json]\n"
	"Print the capabilities HWS relies on, as name: value lines, then\n"
	"hws_supported: yes|no.\n"
	"  -d, --device NAME  sim (default), sim:key=value,... or an RDMA device\n"
	"  -j, --json         one JSON object instead of lines\n"
	"  -h, --help         this text\n";

static int cmd_caps(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *device = default_device;
	struct mlx5hws_caps caps = { 0 };
	struct out o;
	bool json = false;
	int c, err;

	while ((c = getopt_long(argc, argv, "d:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			device = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(caps_help, stdout);
			return 0;
		default:
			return usage_error("caps", "bad option");
		}
	}
	if (optind != argc)
		return usage_error("caps", "unexpected argument '%s'",
				   argv[optind]);
	err = mlx5hws_device_query_caps(device, &caps);
	if (err) {
		fprintf(stderr, "hwsctl caps: %s: %s\n", device, strerror(err));
		return 1;
	}
	out_begin(&o, json);
	out_str(&o, "device", device);
	out_u64(&o, "wqe_based_update", caps.wqe_based_update);
	out_u64(&o, "eswitch_manager", caps.eswitch_manager);
	out_u64(&o, "vhca_id", caps.vhca_id);
	out_hex(&o, "ste_format", caps.ste_format);
	out_u64(&o, "ste_alloc_log_max", caps.ste_alloc_log_max);
	out_u64(&o, "ste_alloc_log_granularity",
		caps.ste_alloc_log_granularity);
	out_u64(&o, "stc_alloc_log_max", caps.stc_alloc_log_max);
	out_u64(&o, "stc_alloc_log_granularity",
		caps.stc_alloc_log_granularity);
	out_u64(&o, "rtc_log_depth_max", caps.rtc_log_depth_max);
	out_hex(&o, "rtc_reparse_mode", caps.rtc_reparse_mode);
	out_hex(&o, "rtc_index_mode", caps.rtc_index_mode);
	out_u64(&o, "nic_max_ft_level", caps.nic_max_ft_level);
	out_u64(&o, "fdb_max_ft_level", caps.fdb_max_ft_level);
	out_u64(&o, "nic_reparse", caps.nic_reparse);
	out_u64(&o, "fdb_reparse", caps.fdb_reparse);
	out_u64(&o, "ignore_flow_level_rtc_valid",
		caps.ignore_flow_level_rtc_valid);
	out_u64(&o, "definer_format_select", caps.definer_format_select);
	out_u64(&o, "full_dw_jumbo", caps.full_dw_jumbo);
	out_u64(&o, "flow_table_hash_type", caps.flow_table_hash_type);
	out_u64(&o, "fdb_rx_set_flow_tag", caps.fdb_rx_set_flow_tag);
	out_u64(&o, "log_max_flow_counter_bulk",
		caps.log_max_flow_counter_bulk);
	out_u64(&o, "esw_manager_vport_number", caps.esw_manager_vport_number);
	out_str(&o, "hws_supported", caps.hws_supported ? "yes" : "no");
	if (!caps.hws_supported)
		out_str(&o, "missing_cap",
			caps.missing_cap ? caps.missing_cap : "unknown");
	out_end(&o);
	return 0;
}

static const char main_help[] =
	"Usage: hwsctl COMMAND [OPTIONS]\n"
	"Commands:\n"
	"  caps    the device's HWS capabilities\n"
	"  apply   load a rule file and classify its packets\n"
	"  bench   insert many rules into a BWC matcher and measure\n"
	"  dump    load a rule file and write the steering dump\n"
	"  trace   load a rule file and trace its packets hop by hop\n"
	"Run 'hwsctl COMMAND --help' for a command's options.\n";

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "caps", cmd_caps },
		{ "apply", cmd_apply },
		{ "bench", cmd_bench },
		{ "dump", cmd_dump },
		{ "trace", cmd_trace },
	};
	size_t i;
	int ret, err;

	if (argc < 2) {
		fputs(main_help, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(main_help, stdout);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		ret = cmds[i].fn(argc - 1, argv + 1);
		/* output that could not be written is a failure too (a
		 * command that failed has said why already)
		 */
		err = fflush(stdout) ? errno : 0;
		if (!ret && (err || ferror(stdout))) {
			fprintf(stderr, "hwsctl %s: standard output: %s\n",
				argv[1], strerror(err ? err : EIO));
			ret = 1;
		}
		return ret;
	}
	fprintf(stderr, "hwsctl: unknown command '%s'\n", argv[1]);
	fputs(main_help, stderr);
	return 2;
}
