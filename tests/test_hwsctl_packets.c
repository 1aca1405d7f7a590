// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl's packets as its users send them: hex frames and frames built from
 * fields, traces hop by hop, and captures (libpcap writes the ones here),
 * with exit status 2 and the file and packet named for what is malformed.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "libhws/prm.h"

#define OUT_MAX 65536

static char out[OUT_MAX];

static int hwsctl(const char *args)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s", HWSCTL, args);
	return t_command(out, OUT_MAX, cmd);
}

/* A temporary file's name, made once per test. */
static void tmp_name(char *path)
{
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
}

/* An Ethernet/IPv4/UDP frame to 10.0.0.2:53, checksums left 0. */
static const char dns_hex[] = "001122334455"
			      "0200000000bb"
			      "0800"
			      "45000024000000004011"
			      "0000"
			      "0a000001"
			      "0a000002"
			      "d43100350010"
			      "0000"
			      "0102030405060708";

static const char rules[] =
	"table A fdb level 1\n"
	"table B fdb level 2\n"
	"matcher M table A mask outer.ip_version outer.ipv4_dst\n"
	"matcher P table B mask outer.udp_dport\n"
	"rule TO_B matcher M match outer.ip_version=4 "
	"outer.ipv4_dst=10.0.0.2 action count goto=B\n"
	"rule DNS matcher P match outer.udp_dport=53 action tag=0x9 vport=5\n";

START_TEST(packet_hex_and_fields)
{
	char path[] = "/tmp/hwsctl_pkt_XXXXXX", text[2048], args[128];

	tmp_name(path);
	snprintf(
		text, sizeof(text),
		"%s"
		"packet rx table A hex %s\n"
		"packet rx table A outer.ipv4_dst=10.0.0.2 outer.udp_dport=53\n"
		"packet rx table A outer.ipv4_dst=10.0.0.2 outer.udp_dport=54\n"
		"packet rx table A outer.ipv4_dst=10.0.0.3 outer.udp_dport=53\n",
		rules, dns_hex);
	t_write_file(path, text);
	snprintf(args, sizeof(args), "apply %s", path);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_str_eq(out, "packet 7: hits TO_B,DNS result vport=5 tag=0x9\n"
			      "packet 8: hits TO_B,DNS result vport=5 tag=0x9\n"
			      "packet 9: hits TO_B result miss\n"
			      "packet 10: hits - result miss\n");
	unlink(path);
}
END_TEST

/* The tunnel fields in the rule grammar: MPLS over GRE, GTP-U, RoCE v2. */
START_TEST(packet_tunnel_fields)
{
	char path[] = "/tmp/hwsctl_pkt_XXXXXX", args[128];

	tmp_name(path);
	t_write_file(
		path,
		"table A fdb level 1\n"
		"matcher M table A priority 0 mask outer.ip_protocol "
		"misc2.mpls_over_gre_label\n"
		"matcher G table A priority 1 mask outer.udp_dport "
		"misc3.gtpu_teid\n"
		"matcher R table A priority 2 mask outer.udp_dport "
		"misc.bth_opcode misc.bth_dst_qp\n"
		"rule L matcher M match outer.ip_protocol=47 "
		"misc2.mpls_over_gre_label=0x12345 action tag=0x1 vport=1\n"
		"rule T matcher G match outer.udp_dport=2152 "
		"misc3.gtpu_teid=0xabcdef01 action tag=0x2 vport=1\n"
		"rule Q matcher R match outer.udp_dport=4791 misc.bth_opcode=0x4 "
		"misc.bth_dst_qp=0x99 action tag=0x3 vport=1\n"
		"packet rx table A misc2.mpls_over_gre_label=0x12345\n"
		"packet rx table A misc2.mpls_over_gre_label=0x12344\n"
		"packet rx table A misc3.gtpu_teid=0xabcdef01\n"
		"packet rx table A misc.bth_opcode=0x4 misc.bth_dst_qp=0x99\n"
		"packet rx table A misc.bth_opcode=0x4 misc.bth_dst_qp=0x98\n");
	snprintf(args, sizeof(args), "apply %s", path);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_str_eq(out, "packet 8: hits L result vport=1 tag=0x1\n"
			      "packet 9: hits - result miss\n"
			      "packet 10: hits T result vport=1 tag=0x2\n"
			      "packet 11: hits Q result vport=1 tag=0x3\n"
			      "packet 12: hits - result miss\n");
	unlink(path);
}
END_TEST

START_TEST(packet_trace)
{
	char path[] = "/tmp/hwsctl_trc_XXXXXX", text[2048], args[128];
	char *apply_out;

	tmp_name(path);
	snprintf(text, sizeof(text),
		 "%spacket rx table A hex %s\n"
		 "packet tx vport 4 table A outer.ipv4_dst=10.0.0.9\n",
		 rules, dns_hex);
	t_write_file(path, text);
	snprintf(args, sizeof(args), "apply --trace %s", path);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_msg(
		strstr(out,
		       "packet 7: rx from uplink, 50 bytes, 42 of headers parsed\n"
		       "  1. table A: matcher M, rule TO_B, STE "),
		"%s", out);
	ck_assert_msg(strstr(out, "     actions: count (counter 0x"), "%s",
		      out);
	ck_assert_msg(strstr(out, "), go to table B\n"
				  "  2. table B: matcher P, rule DNS, STE "),
		      "%s", out);
	ck_assert_msg(
		strstr(out,
		       "     actions: tag 0x9, vport 5\n"
		       "  result vport=5 tag=0x9\n"
		       "packet 8: tx from vport 4, 60 bytes, 34 of headers parsed\n"
		       "  no rule hit\n"
		       "  result miss\n"),
		"%s", out);
	/* hwsctl trace is apply --trace */
	apply_out = strdup(out);
	snprintf(args, sizeof(args), "trace %s", path);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_str_eq(out, apply_out);
	free(apply_out);
	unlink(path);
}
END_TEST

START_TEST(packet_lines_malformed)
{
	static const char *const bad[] = {
		"hex 0011223", /* odd */
		"hex 00112233445566778899aabbccdx",
		"hex 00112233445566778899aabbcc", /* 13 bytes: a runt */
		"hex 00112233445566778899aabbccdd extra",
		"meta.reg_c0=1", /* no frame carries it */
		"misc.source_port=3",
	};
	static const char *const why[] = {
		"odd number",
		"'dx' at byte 13 is not hex",
		"truncated: 13 bytes",
		"one HEX word",
		"metadata",
		"not a frame field",
	};
	char path[] = "/tmp/hwsctl_bad_XXXXXX", text[2048], args[128];
	size_t i;

	tmp_name(path);
	snprintf(args, sizeof(args), "apply %s", path);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%spacket rx table A %s\n", rules,
			 bad[i]);
		t_write_file(path, text);
		ck_assert_msg(hwsctl(args) == 2, "%s: %s", bad[i], out);
		ck_assert_msg(strstr(out, ":7: ") && strstr(out, why[i]),
			      "%s: %s", bad[i], out);
	}
	unlink(path);
}
END_TEST

/* Write frames to a capture with libpcap; lens[i] < caplens[i] cuts one. */
static void write_capture(const char *path, int linktype, unsigned int n,
			  const uint32_t *caplens, const uint32_t *lens)
{
	uint8_t frame[128];
	pcap_t *dead = pcap_open_dead(linktype, 65535);
	pcap_dumper_t *d;
	unsigned int i, k;

	ck_assert_ptr_nonnull(dead);
	d = pcap_dump_open(dead, path);
	ck_assert_ptr_nonnull(d);
	for (k = 0; k < sizeof(dns_hex) / 2; k++)
		sscanf(dns_hex + 2 * k, "%2hhx", &frame[k]);
	for (i = 0; i < n; i++) {
		struct pcap_pkthdr h = { .ts = { i + 1, 0 },
					 .caplen = caplens[i],
					 .len = lens[i] };

		pcap_dump((u_char *)d, &h, frame);
	}
	pcap_dump_close(d);
	pcap_close(dead);
}

static char rules_path[] = "/tmp/hwsctl_cap_XXXXXX";

static void capture_setup(void)
{
	strcpy(rules_path, "/tmp/hwsctl_cap_XXXXXX");
	tmp_name(rules_path);
	t_write_file(rules_path, rules);
}

static void capture_teardown(void)
{
	unlink(rules_path);
}

START_TEST(capture_counts_and_sides)
{
	static const uint32_t caplens[] = { 50, 50, 50 },
			      lens[] = { 50, 50, 50 };
	char cap[] = "/tmp/hwsctl_in_XXXXXX", dir[] = "/tmp/hwsctl_dir_XXXXXX";
	char args[512], path[600];

	tmp_name(cap);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	write_capture(cap, DLT_EN10MB, 3, caplens, lens);
	snprintf(args, sizeof(args), "apply %s --pcap-in %s --pcap-out %s",
		 rules_path, cap, dir);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_msg(strstr(out, ": 3 frames: vport5 3\n"), "%s", out);
	snprintf(path, sizeof(path), "%s/vport5.pcap", dir);
	ck_assert_int_eq(access(path, R_OK), 0);
	unlink(path);
	/* sent by vport 2, straight into table B */
	snprintf(
		args, sizeof(args),
		"apply %s --pcap-in %s --side tx --port vport2 --table B --rate",
		rules_path, cap);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_msg(strstr(out, ": 3 frames: vport5 3\n") &&
			      strstr(out, "classified 3 frames in "),
		      "%s", out);
	/* the trace of a capture names each frame */
	snprintf(args, sizeof(args), "apply %s --pcap-in %s --trace --table B",
		 rules_path, cap);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_msg(strstr(out, "frame 3: 50 bytes, 42 of headers parsed\n"
				  "  1. table B: matcher P, rule DNS"),
		      "%s", out);
	unlink(cap);
	rmdir(dir);
}
END_TEST

START_TEST(capture_malformed_exit_2)
{
	static const uint32_t cut_caplens[] = { 50, 50, 30 },
			      cut_lens[] = { 50, 50, 50 },
			      runt_caplens[] = { 50, 10 },
			      runt_lens[] = { 50, 10 };
	char cap[] = "/tmp/hwsctl_in_XXXXXX", args[512];
	static const char *const bad_opts[] = {
		"--port eth0",
		"--port vport",
		"--port vport65536",
		"--side rx --port vport3",
		"--side tx --port uplink",
		"--side up",
	};
	FILE *f;
	size_t i;

	tmp_name(cap);
	/* a frame the capture holds only in part */
	write_capture(cap, DLT_EN10MB, 3, cut_caplens, cut_lens);
	snprintf(args, sizeof(args), "apply %s --pcap-in %s", rules_path, cap);
	ck_assert_int_eq(hwsctl(args), 2);
	ck_assert_msg(strstr(out, cap) &&
			      strstr(out, ": packet 3: truncated: 30 of 50"),
		      "%s", out);
	/* a frame shorter than an Ethernet header */
	write_capture(cap, DLT_EN10MB, 2, runt_caplens, runt_lens);
	ck_assert_int_eq(hwsctl(args), 2);
	ck_assert_msg(strstr(out, ": packet 2: truncated: 10 bytes"), "%s",
		      out);
	/* a file that ends inside a record */
	write_capture(cap, DLT_EN10MB, 2, runt_caplens, runt_lens);
	ck_assert_int_eq(truncate(cap, 24 + 16 + 50 + 16 + 4), 0);
	ck_assert_int_eq(hwsctl(args), 2);
	ck_assert_msg(strstr(out, ": packet 2: "), "%s", out);
	/* not Ethernet */
	write_capture(cap, DLT_RAW, 2, runt_caplens, runt_lens);
	ck_assert_int_eq(hwsctl(args), 2);
	ck_assert_msg(strstr(out, "not Ethernet"), "%s", out);
	/* not a capture */
	f = fopen(cap, "w");
	ck_assert_ptr_nonnull(f);
	fputs("table A fdb\n", f);
	fclose(f);
	ck_assert_int_eq(hwsctl(args), 2);
	ck_assert_msg(strstr(out, cap) && strstr(out, "not a capture"), "%s",
		      out);
	/* no such table, port or side */
	snprintf(args, sizeof(args), "apply %s --pcap-in %s --table Z",
		 rules_path, cap);
	ck_assert_int_eq(hwsctl(args), 2);
	ck_assert_msg(strstr(out, "no table Z"), "%s", out);
	for (i = 0; i < sizeof(bad_opts) / sizeof(bad_opts[0]); i++) {
		snprintf(args, sizeof(args), "apply %s --pcap-in %s %s",
			 rules_path, cap, bad_opts[i]);
		ck_assert_msg(hwsctl(args) == 2, "%s: %s", bad_opts[i], out);
	}
	snprintf(args, sizeof(args), "apply %s --pcap-out /tmp", rules_path);
	ck_assert_int_eq(hwsctl(args), 2);
	unlink(cap);
}
END_TEST

/*
 * Receive queues: four RQs behind an RSS TIR hashing IPv4 UDP 4-tuples,
 * one behind a direct TIR.  Traffic to 10.0.0.1 is spread by the hash.
 */
static const char rx_rules[] =
	"table RX nic_rx level 1\n"
	"rxq Q0\n"
	"rxq Q1\n"
	"rxq Q2\n"
	"rxq Q3\n"
	"tir T1 rss Q0,Q1,Q2,Q3 fields ipv4,udp\n"
	"tir T2 rq Q0\n"
	"matcher M table RX mask outer.ip_version outer.ipv4_dst\n"
	"rule SPREAD matcher M match outer.ip_version=4 "
	"outer.ipv4_dst=10.0.0.1 action tir=T1\n"
	"rule ONE matcher M match outer.ip_version=4 "
	"outer.ipv4_dst=10.0.0.2 action tir=T2\n";

/* The key hwsctl's RSS TIRs use: the default key of Microsoft's RSS. */
static const uint8_t rx_key[PRM_TOEPLITZ_KEY_SIZE] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

#define RX_FLOWS 64

/* Flow i: 192.168.0.i:(1024 + 7i) to 10.0.0.1:(53 + i % 3). */
static void rx_flow(unsigned int i, uint8_t *src, uint16_t *sport,
		    uint16_t *dport)
{
	src[0] = 192;
	src[1] = 168;
	src[2] = 0;
	src[3] = i;
	*sport = 1024 + 7 * i;
	*dport = 53 + i % 3;
}

/* The RQ of T1 the NIC picks for flow i: the hash's low bits index Q0-Q3. */
static unsigned int rx_expected(unsigned int i)
{
	static const uint8_t dst[4] = { 10, 0, 0, 1 };
	uint16_t sport, dport;
	uint8_t in[12];

	rx_flow(i, in, &sport, &dport);
	memcpy(in + 4, dst, 4);
	in[8] = sport >> 8;
	in[9] = sport;
	in[10] = dport >> 8;
	in[11] = dport;
	return sim_toeplitz_hash(rx_key, in, sizeof(in)) & 3;
}

START_TEST(rxq_rss_lands_where_the_hash_says)
{
	char path[] = "/tmp/hwsctl_rxq_XXXXXX", args[128], want[128];
	static char text[RX_FLOWS * 200 + 2048];
	unsigned int i, used = 0, first = 11;
	size_t at;
	char *line;

	tmp_name(path);
	at = snprintf(text, sizeof(text), "%s", rx_rules);
	for (i = 0; i < RX_FLOWS; i++) {
		uint16_t sport, dport;
		uint8_t src[4];

		rx_flow(i, src, &sport, &dport);
		at += snprintf(
			text + at, sizeof(text) - at,
			"packet rx table RX outer.ip_version=4 "
			"outer.ip_protocol=17 outer.ipv4_src=%u.%u.%u.%u "
			"outer.ipv4_dst=10.0.0.1 outer.udp_sport=%u "
			"outer.udp_dport=%u\n",
			src[0], src[1], src[2], src[3], sport, dport);
	}
	/* the direct TIR, whatever the flow; no rule: the default miss */
	at += snprintf(text + at, sizeof(text) - at,
		       "packet rx table RX outer.ip_version=4 "
		       "outer.ip_protocol=17 outer.ipv4_dst=10.0.0.2 "
		       "outer.udp_sport=7\n"
		       "packet rx table RX outer.ip_version=4 "
		       "outer.ipv4_dst=10.0.0.3\n");
	t_write_file(path, text);
	snprintf(args, sizeof(args), "apply %s", path);
	ck_assert_int_eq(hwsctl(args), 0);
	line = out;
	for (i = 0; i < RX_FLOWS; i++) {
		unsigned int q = rx_expected(i);

		snprintf(want, sizeof(want),
			 "packet %u: hits SPREAD result rq=Q%u (tir T1)\n",
			 first + i, q);
		ck_assert_msg(!strncmp(line, want, strlen(want)),
			      "flow %u: expected %s got %s", i, want, line);
		line += strlen(want);
		used |= 1u << q;
	}
	/* the flows use every queue: a hash that picks one fails above */
	ck_assert_uint_eq(used, 0xf);
	snprintf(want, sizeof(want),
		 "packet %u: hits ONE result rq=Q0 (tir T2)\n"
		 "packet %u: hits - result miss\n",
		 first + RX_FLOWS, first + RX_FLOWS + 1);
	ck_assert_str_eq(line, want);
	/* the trace names the TIR the rule sends to */
	snprintf(args, sizeof(args), "apply --trace %s", path);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_msg(strstr(out, "     actions: tir T1\n  result rq=Q"), "%s",
		      out);
	unlink(path);
}
END_TEST

/* Frames per RQ of a capture written to DIR/rq-Qn.pcap, read back. */
static unsigned int rx_count_frames(const char *path, unsigned int q)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned int n = 0;
	pcap_t *p = pcap_open_offline(path, err);

	ck_assert_msg(p != NULL, "%s: %s", path, err);
	while (pcap_next_ex(p, &h, &data) == 1) {
		/* the UDP source port (bytes 34, 35) names the flow */
		unsigned int i = ((data[34] << 8 | data[35]) - 1024) / 7;

		ck_assert_uint_eq(rx_expected(i), q);
		n++;
	}
	pcap_close(p);
	return n;
}

START_TEST(rxq_pcap_out_per_queue)
{
	char rules_file[] = "/tmp/hwsctl_rxr_XXXXXX";
	char cap[] = "/tmp/hwsctl_rxi_XXXXXX", dir[] = "/tmp/hwsctl_rxd_XXXXXX";
	unsigned int i, k, per_q[4] = { 0 }, total = 0;
	char args[512], path[600];
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	uint8_t frame[64];
	pcap_dumper_t *d;

	tmp_name(rules_file);
	t_write_file(rules_file, rx_rules);
	tmp_name(cap);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* the DNS frame, to 10.0.0.1 from each flow's address and ports */
	ck_assert_ptr_nonnull(dead);
	d = pcap_dump_open(dead, cap);
	ck_assert_ptr_nonnull(d);
	for (k = 0; k < 50; k++)
		sscanf(dns_hex + 2 * k, "%2hhx", &frame[k]);
	frame[33] = 1;
	for (i = 0; i < RX_FLOWS; i++) {
		struct pcap_pkthdr h = { .ts = { i + 1, 0 },
					 .caplen = 50,
					 .len = 50 };
		uint16_t sport, dport;

		rx_flow(i, frame + 26, &sport, &dport);
		frame[34] = sport >> 8;
		frame[35] = sport;
		frame[36] = dport >> 8;
		frame[37] = dport;
		pcap_dump((u_char *)d, &h, frame);
		per_q[rx_expected(i)]++;
	}
	pcap_dump_close(d);
	pcap_close(dead);
	snprintf(args, sizeof(args), "apply %s --pcap-in %s --pcap-out %s",
		 rules_file, cap, dir);
	ck_assert_int_eq(hwsctl(args), 0);
	for (k = 0; k < 4; k++) {
		snprintf(path, sizeof(path), "%s/rq-Q%u.pcap", dir, k);
		ck_assert_uint_eq(rx_count_frames(path, k), per_q[k]);
		total += per_q[k];
		unlink(path);
	}
	ck_assert_uint_eq(total, RX_FLOWS);
	ck_assert_int_eq(rmdir(dir), 0); /* nothing else was written */
	unlink(cap);
	unlink(rules_file);
}
END_TEST

START_TEST(rxq_malformed_exit_2)
{
	static const char *const bad[] = {
		/* an RQ the file never made */
		"tir T rss Q0,Q9 fields ipv4",
		/* RSS without fields, or without an IP version */
		"tir T rss Q0",
		"tir T rss Q0 fields tcp",
		"tir T rss Q0 fields ipv4,sctp",
		"tir T rss Q0 fields ipv4,dst-port",
		/* a direct TIR has one RQ */
		"tir T rq Q0,Q0",
		"tir T",
		"rxq Q0",
		"rxq",
		/* a TIR action outside NIC RX, or a TIR never made */
		"rule R matcher F match outer.ip_version=4 action tir=D",
		"rule R matcher X match outer.ip_version=4 action tir=D",
		"rule R matcher N match outer.ip_version=4 action tir=NOPE",
	};
	static const char *const why[] = {
		"unknown rxq 'Q9'",
		"rss needs fields",
		"ipv4 or ipv6 is needed",
		"unknown field 'sctp'",
		"ports need tcp or udp",
		"a direct TIR has one rxq",
		"usage: tir NAME",
		"rxq Q0 is defined twice",
		"a NAME expected",
		"tir=D: a TIR action needs a nic_rx table",
		"tir=D: a TIR action needs a nic_rx table",
		"unknown tir 'NOPE'",
	};
	char path[] = "/tmp/hwsctl_rxb_XXXXXX", text[1024], args[128];
	size_t i;

	tmp_name(path);
	snprintf(args, sizeof(args), "apply %s", path);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text),
			 "table F fdb level 1\n"
			 "table X nic_tx level 1\n"
			 "table N nic_rx level 1\n"
			 "matcher F table F mask outer.ip_version\n"
			 "matcher X table X mask outer.ip_version\n"
			 "matcher N table N mask outer.ip_version\n"
			 "rxq Q0\n"
			 "tir D rq Q0\n"
			 "%s\n",
			 bad[i]);
		t_write_file(path, text);
		ck_assert_msg(hwsctl(args) == 2, "%s: %s", bad[i], out);
		ck_assert_msg(strstr(out, ":9: ") && strstr(out, why[i]),
			      "%s: %s", bad[i], out);
	}
	unlink(path);
}
END_TEST

/* What the device refuses is exit status 1, with its status and syndrome. */
START_TEST(rxq_refused_exit_1)
{
	char path[] = "/tmp/hwsctl_rxf_XXXXXX", args[128];

	tmp_name(path);
	t_write_file(path, "rxq Q0\ntir A rq Q0\ntir B rq Q0\n");
	/* room for one TIR */
	snprintf(args, sizeof(args), "apply --device sim:log_max_tir=0 %s",
		 path);
	ck_assert_int_eq(hwsctl(args), 1);
	ck_assert_msg(strstr(out,
			     ":3: tir B: the device refused it: status 0x"),
		      "%s", out);
	snprintf(args, sizeof(args), "apply %s", path);
	ck_assert_int_eq(hwsctl(args), 0);
	unlink(path);
}
END_TEST

/*
 * From a root table (level 0), frames enter at the port: the FDB root's
 * rule sends the DNS server's address to table A, the rest goes to the
 * kernel (miss).
 */
START_TEST(capture_from_root)
{
	static const uint32_t caplens[] = { 50, 50 }, lens[] = { 50, 50 };
	char cap[] = "/tmp/hwsctl_in_XXXXXX", path[] = "/tmp/hwsctl_rt_XXXXXX";
	char text[1024], args[512];
	static const char *const dst[] = { "10.0.0.2", "10.0.0.3" };
	static const char *const expect[] = { ": 2 frames: vport5 2\n",
					      ": 2 frames: miss 2\n" };
	int i;

	tmp_name(cap);
	tmp_name(path);
	write_capture(cap, DLT_EN10MB, 2, caplens, lens);
	for (i = 0; i < 2; i++) {
		snprintf(
			text, sizeof(text),
			"table WIRE fdb level 0\n%s"
			"matcher N table WIRE mask outer.ip_version "
			"outer.ipv4_dst\n"
			"rule IN matcher N match outer.ip_version=4 "
			"outer.ipv4_dst=%s action goto=A\n"
			"packet rx outer.ipv4_dst=10.0.0.2 outer.udp_dport=53\n",
			rules, dst[i]);
		t_write_file(path, text);
		snprintf(args, sizeof(args), "apply %s --pcap-in %s", path,
			 cap);
		ck_assert_int_eq(hwsctl(args), 0);
		ck_assert_msg(
			strstr(out,
			       i ? "packet 10: hits - result miss\n" :
				   "packet 10: hits TO_B,DNS result vport=5 tag=0x9\n") &&
				strstr(out, expect[i]),
			"%s", out);
	}
	unlink(path);
	unlink(cap);
}
END_TEST

/* The frames of a capture, each compared with want byte for byte. */
static unsigned int mirror_frames(const char *path, const uint8_t *want,
				  size_t len)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned int n = 0;
	pcap_t *p = pcap_open_offline(path, err);

	ck_assert_msg(p != NULL, "%s: %s", path, err);
	while (pcap_next_ex(p, &h, &data) == 1) {
		ck_assert_uint_eq(h->caplen, len);
		ck_assert_mem_eq(data, want, len);
		n++;
	}
	pcap_close(p);
	return n;
}

/*
 * mirror=vport1,vport2: the packet line reports both copies, each vport's
 * capture gets every frame as it came, and the dump writes the array.
 */
START_TEST(capture_mirror)
{
	static const uint32_t lens[] = { 50, 50, 50 };
	static const char mirror_rules[] =
		"table A fdb level 1\n"
		"matcher M table A mask outer.ip_version outer.ipv4_dst\n"
		"rule MIR matcher M match outer.ip_version=4 "
		"outer.ipv4_dst=10.0.0.2 action count mirror=vport1,vport2\n";
	char rules_file[] = "/tmp/hwsctl_mir_XXXXXX";
	char cap[] = "/tmp/hwsctl_mii_XXXXXX", dir[] = "/tmp/hwsctl_mid_XXXXXX";
	char text[1024], args[512], path[600];
	uint8_t frame[50];
	unsigned int k, v;

	for (k = 0; k < sizeof(frame); k++)
		sscanf(dns_hex + 2 * k, "%2hhx", &frame[k]);
	tmp_name(rules_file);
	tmp_name(cap);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(text, sizeof(text), "%spacket rx table A hex %s\n",
		 mirror_rules, dns_hex);
	t_write_file(rules_file, text);
	snprintf(args, sizeof(args), "apply %s", rules_file);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_str_eq(out,
			 "packet 4: hits MIR result copies vport1,vport2\n");

	write_capture(cap, DLT_EN10MB, 3, lens, lens);
	snprintf(args, sizeof(args), "apply %s --pcap-in %s --pcap-out %s",
		 rules_file, cap, dir);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_msg(strstr(out, ": 3 frames: vport1 3, vport2 3\n"), "%s",
		      out);
	for (v = 1; v <= 2; v++) {
		snprintf(path, sizeof(path), "%s/vport%u.pcap", dir, v);
		ck_assert_uint_eq(mirror_frames(path, frame, sizeof(frame)), 3);
		unlink(path);
	}

	/* the dump: the array, then its two destinations (vport, type 3) */
	t_write_file(rules_file, mirror_rules);
	snprintf(args, sizeof(args), "dump %s", rules_file);
	ck_assert_int_eq(hwsctl(args), 0);
	ck_assert_msg(strstr(out, "\n4400,0x") && strstr(out, ",4,") &&
			      strstr(out, "\n4401,0x") &&
			      strstr(out, ",0,3,0x1,0x0,0\n") &&
			      strstr(out, ",1,3,0x2,0x0,0\n"),
		      "%s", out);
	/* fewer than two, or not a vport */
	t_write_file(rules_file, "table A fdb level 1\n"
				 "matcher M table A mask outer.udp_dport\n"
				 "rule R matcher M match outer.udp_dport=53 "
				 "action mirror=vport1\n");
	snprintf(args, sizeof(args), "apply %s", rules_file);
	ck_assert_int_eq(hwsctl(args), 2);
	ck_assert_msg(strstr(out, "give two destinations or more"), "%s", out);
	unlink(rules_file);
	unlink(cap);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hwsctl_packets");
	TCase *tc = tcase_create("lines");
	/* each case runs hwsctl; a loaded machine takes more than 4 s */
	tcase_set_timeout(tc, 120);

	tcase_add_test(tc, packet_hex_and_fields);
	tcase_add_test(tc, packet_trace);
	tcase_add_test(tc, packet_tunnel_fields);
	tcase_add_test(tc, packet_lines_malformed);
	suite_add_tcase(s, tc);
	tc = tcase_create("captures");
	tcase_add_checked_fixture(tc, capture_setup, capture_teardown);
	tcase_add_test(tc, capture_counts_and_sides);
	tcase_add_test(tc, capture_malformed_exit_2);
	tcase_add_test(tc, capture_from_root);
	tcase_add_test(tc, capture_mirror);
	suite_add_tcase(s, tc);
	tc = tcase_create("rxq");
	tcase_add_test(tc, rxq_rss_lands_where_the_hash_says);
	tcase_add_test(tc, rxq_pcap_out_per_queue);
	tcase_add_test(tc, rxq_malformed_exit_2);
	tcase_add_test(tc, rxq_refused_exit_1);
	suite_add_tcase(s, tc);
	return t_run(s);
}
