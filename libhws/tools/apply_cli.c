// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl apply, trace and dump: their command lines, around the rule-file
 * interpreter of apply.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "hwsctl.h"
#include "packets.h"

/* Apply a rule file; then dump to dump_path if it is set. */
static int apply_run(const char *file, const char *device,
		     const char *dump_path, bool quiet,
		     const struct packets_opts *opts)
{
	FILE *f = fopen(file, "r");
	int ret;

	if (!f) {
		fprintf(stderr, "hwsctl: %s: %s\n", file, strerror(errno));
		return 2;
	}
	ret = hwsctl_apply_stream(f, file, device, dump_path, quiet, opts);
	fclose(f);
	return ret;
}

static const char apply_help[] =
	"Usage: hwsctl apply FILE [--device NAME] [--dump OUT] [--trace]\n"
	"                         [--pcap-in IN [--pcap-out DIR] [--table T]\n"
	"                          [--side rx|tx] [--port uplink|vportN] [--rate]]\n"
	"Load a rule file (tables, matchers, rules, deletions) and print one\n"
	"line per packet: the rules it hits and what the device does with it.\n"
	"The format is in hwsctl(1).\n"
	"  -d, --device NAME  sim (default), sim:key=value,... or an RDMA device\n"
	"  -o, --dump OUT     write the steering state after FILE to OUT (- for\n"
	"                     stdout), in the CSV format mlx_steering_dump reads\n"
	"  -t, --trace        every hop of each packet: table, matcher, rule,\n"
	"                     STE and actions\n"
	"      --pcap-in IN   then run every frame of the capture IN through the\n"
	"                     rules, from table T (default: the file's first;\n"
	"                     from a root table, at the port)\n"
	"      --pcap-out DIR write the frames each destination got to\n"
	"                     DIR/vportN.pcap, rq-Q.pcap, drop.pcap, miss.pcap...\n"
	"      --side rx|tx   the frames arrive from the wire (rx, default) or\n"
	"                     are sent by a vport (tx)\n"
	"      --port P       where they enter: uplink (rx) or vportN (tx)\n"
	"      --rate         time the capture: frames classified per second\n"
	"  -h, --help         this text\n";

static const char trace_help[] =
	"Usage: hwsctl trace FILE [apply's options]\n"
	"hwsctl apply --trace: each packet hop by hop, with the table, matcher,\n"
	"rule, STE and actions of every hit.  See hwsctl apply --help.\n";

static const char dump_help[] =
	"Usage: hwsctl dump FILE [--device NAME] [--output OUT]\n"
	"Load a rule file and write the steering state it leaves, in the CSV\n"
	"format of the Linux HWS debug dump, which mlx_steering_dump reads.  On\n"
	"the device model the hardware resources (raw STEs) are appended.\n"
	"  -d, --device NAME  sim (default), sim:key=value,... or an RDMA device\n"
	"  -o, --output OUT   the dump file (default: stdout)\n"
	"  -h, --help         this text\n";

enum {
	OPT_PCAP_IN = 0x100,
	OPT_PCAP_OUT,
	OPT_SIDE,
	OPT_PORT,
	OPT_TABLE,
	OPT_RATE,
};

/* --port uplink|vportN against --side; 2 with a usage error. */
static int apply_check_port(const char *cmd, struct packets_opts *po,
			    const char *port)
{
	unsigned long long v;

	if (!port)
		return 0;
	if (!strcmp(port, "uplink")) {
		if (po->side != HWS_SIDE_RX)
			return usage_error(
				cmd,
				"--side tx enters from a vport, not the uplink");
		return 0;
	}
	if (strncmp(port, "vport", 5) ||
	    hwsctl_parse_number(port + 5, 16, &v) || v == 0xffff)
		return usage_error(cmd, "unknown port '%s' (uplink or vportN)",
				   port);
	if (po->side != HWS_SIDE_TX)
		return usage_error(
			cmd, "--side rx enters from the uplink, not %s", port);
	po->vport = v;
	return 0;
}

static int apply_main(const char *cmd, const char *help, int argc, char **argv,
		      bool dump_only, bool trace)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "dump", required_argument, NULL, 'o' },
		{ "output", required_argument, NULL, 'o' },
		{ "trace", no_argument, NULL, 't' },
		{ "pcap-in", required_argument, NULL, OPT_PCAP_IN },
		{ "pcap-out", required_argument, NULL, OPT_PCAP_OUT },
		{ "side", required_argument, NULL, OPT_SIDE },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "rate", no_argument, NULL, OPT_RATE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *device = "sim", *out = dump_only ? "-" : NULL, *port = NULL;
	struct packets_opts po = { .trace = trace, .side = HWS_SIDE_RX };
	int c, err;

	while ((c = getopt_long(argc, argv, "d:o:th", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			device = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 't':
			po.trace = true;
			break;
		case OPT_PCAP_IN:
			po.pcap_in = optarg;
			break;
		case OPT_PCAP_OUT:
			po.pcap_out = optarg;
			break;
		case OPT_SIDE:
			if (strcmp(optarg, "rx") && strcmp(optarg, "tx"))
				return usage_error(cmd,
						   "--side rx or tx, not '%s'",
						   optarg);
			po.side = optarg[0] == 'r' ? HWS_SIDE_RX : HWS_SIDE_TX;
			break;
		case OPT_PORT:
			port = optarg;
			break;
		case OPT_TABLE:
			po.table = optarg;
			break;
		case OPT_RATE:
			po.rate = true;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return usage_error(cmd, "bad option");
		}
	}
	if (optind + 1 != argc)
		return usage_error(cmd, "one rule FILE expected");
	err = apply_check_port(cmd, &po, port);
	if (err)
		return err;
	if (!po.pcap_in && (po.pcap_out || po.table || po.rate || port))
		return usage_error(
			cmd,
			"--pcap-out, --table, --port and --rate go with --pcap-in");
	return apply_run(argv[optind], device, out, dump_only, &po);
}

int cmd_apply(int argc, char **argv)
{
	return apply_main("apply", apply_help, argc, argv, false, false);
}

int cmd_trace(int argc, char **argv)
{
	return apply_main("trace", trace_help, argc, argv, false, true);
}

int cmd_dump(int argc, char **argv)
{
	return apply_main("dump", dump_help, argc, argv, true, false);
}
