// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl apply with header rewrites: push_vlan, pop_vlan, encap=, decap;
 * the frames each destination got, read back from its capture.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#define OUT_MAX 65536

static char out[OUT_MAX];

static int hwsctl(const char *args)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s", HWSCTL, args);
	return t_command(out, OUT_MAX, cmd);
}

/* Ethernet/IPv4/UDP to 10.0.0.<dst>:53 */
static void hr_frame(uint8_t *f, uint8_t dst)
{
	static const uint8_t base[50] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02, 0,	0, 0,
		0,    0xbb, 0x08, 0x00, 0x45, 0,    0,	  0x24, 0, 0,
		0,    0,    0x40, 0x11, 0,    0,    10,	  0,	0, 1,
		10,   0,    0,	  2,	0xd4, 0x31, 0,	  0x35, 0, 0x10,
		0,    0,    1,	  2,	3,    4,    5,	  6,	7, 8
	};

	memcpy(f, base, sizeof(base));
	f[33] = dst;
}

static void hr_write(const char *path, const uint8_t *f, uint32_t len)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	struct pcap_pkthdr h = { .ts = { 1, 0 }, .caplen = len, .len = len };
	pcap_dumper_t *d = pcap_dump_open(dead, path);

	ck_assert_ptr_nonnull(d);
	pcap_dump((u_char *)d, &h, f);
	pcap_dump_close(d);
	pcap_close(dead);
}

/* The first frame of a capture; its length. */
static uint32_t hr_read(const char *path, uint8_t *f)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	uint32_t len;
	pcap_t *p = pcap_open_offline(path, err);

	ck_assert_msg(p, "%s: %s", path, err);
	ck_assert_int_eq(pcap_next_ex(p, &h, &data), 1);
	len = h->caplen;
	memcpy(f, data, len);
	pcap_close(p);
	return len;
}

static const char rules[] =
	"table A fdb level 1\n"
	"table B fdb level 2\n"
	"table C fdb level 3\n"
	"matcher M table A mask outer.ip_version outer.ipv4_dst\n"
	"matcher P table B mask outer.udp_dport\n"
	"matcher Q table C mask outer.vlan_id\n"
	"rule ENC matcher M match outer.ip_version=4 outer.ipv4_dst=10.0.0.2"
	" action encap=vxlan(src=192.168.0.1,dst=192.168.0.2,vni=42) goto=B\n"
	"rule VX matcher P match outer.udp_dport=4789 action vport=5\n"
	"rule GEN matcher M match outer.ip_version=4 outer.ipv4_dst=10.0.0.3"
	" action encap=geneve(src=192.168.0.1,dst=192.168.0.2,vni=7) goto=B\n"
	"rule DEC matcher P match outer.udp_dport=6081 action decap vport=6\n"
	"rule PUSH1 matcher M match outer.ip_version=4 outer.ipv4_dst=10.0.0.5"
	" action push_vlan=100,prio=3 goto=C\n"
	"rule POP matcher Q match outer.vlan_id=100 action pop_vlan vport=7\n";

/*
 * One frame to 10.0.0.<dst> through the rules; the frame vport <port>
 * got goes to got.
 */
static uint32_t hr_run(const char *text, uint8_t dst, unsigned int port,
		       uint8_t *got)
{
	char rules_path[] = "/tmp/hwsctl_rw_XXXXXX",
	     cap[] = "/tmp/hwsctl_rwin_XXXXXX",
	     dir[] = "/tmp/hwsctl_rwdir_XXXXXX", args[700], path[600];
	uint8_t f[50];
	uint32_t len;
	int fd;

	fd = mkstemp(rules_path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	fd = mkstemp(cap);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	t_write_file(rules_path, text);
	hr_frame(f, dst);
	hr_write(cap, f, sizeof(f));
	snprintf(args, sizeof(args), "apply %s --pcap-in %s --pcap-out %s",
		 rules_path, cap, dir);
	ck_assert_msg(hwsctl(args) == 0, "%s", out);
	snprintf(path, sizeof(path), "%s/vport%u.pcap", dir, port);
	ck_assert_msg(!access(path, R_OK), "no %s: %s", path, out);
	len = hr_read(path, got);
	/* tshark, when installed, decodes the encap */
	if (port == 5 && !t_command(out, OUT_MAX, "command -v tshark")) {
		snprintf(args, sizeof(args), "tshark -r %s -V 2>/dev/null",
			 path);
		ck_assert_int_eq(t_command(out, OUT_MAX, args), 0);
		ck_assert_msg(strstr(out,
				     "VXLAN Network Identifier (VNI): 42") &&
				      strstr(out, "Source Address: 10.0.0.1"),
			      "%s", out);
	} else if (port == 5) {
		fprintf(stderr,
			"test_hwsctl_rewrite: tshark is not installed; its decode is skipped\n");
	}
	unlink(path);
	rmdir(dir);
	unlink(cap);
	unlink(rules_path);
	return len;
}

/* VXLAN encap: the 50-byte outer headers, then the frame as it came. */
START_TEST(encap_vxlan)
{
	uint8_t f[50], got[HWS_FRAME_MAX];

	hr_frame(f, 2);
	ck_assert_uint_eq(hr_run(rules, 2, 5, got), 100);
	ck_assert_int_eq(got[12], 0x08);
	ck_assert_int_eq(got[14 + 9], 17);
	ck_assert_int_eq(got[36] << 8 | got[37], 4789);
	ck_assert_int_eq(got[46] << 16 | got[47] << 8 | got[48], 42);
	ck_assert_int_eq(memcmp(got + 50, f, 50), 0);
}
END_TEST

/* GENEVE encap in table A, decap in table B: the frame as it came. */
START_TEST(encap_decap_geneve)
{
	uint8_t f[50], got[HWS_FRAME_MAX];

	hr_frame(f, 3);
	ck_assert_uint_eq(hr_run(rules, 3, 6, got), 50);
	ck_assert_int_eq(memcmp(got, f, 50), 0);
}
END_TEST

/* Push VLAN 100 (priority 3), table C matches it and pops it. */
START_TEST(push_pop)
{
	uint8_t f[50], got[HWS_FRAME_MAX];

	hr_frame(f, 5);
	ck_assert_uint_eq(hr_run(rules, 5, 7, got), 50);
	ck_assert_int_eq(memcmp(got, f, 50), 0);
}
END_TEST

/* Malformed rewrite terms: exit 2 with the line named. */
START_TEST(malformed)
{
	static const char *const bad[] = {
		"push_vlan=5000",
		"push_vlan=1,prio=9",
		"encap=vxlan(src=1.2.3.4,vni=1)",
		"encap=vxlan(src=1.2.3.4,dst=1.2.3.5,vni=0x1000000)",
		"encap=ipip(src=1.2.3.4,dst=1.2.3.5)",
		"encap=vxlan(src=1.2.3.4,dst=1.2.3.5,color=1)",
		"encap=vxlan",
		"count pop_vlan",
		"encap=nvgre(src=1.2.3.4,dst=1.2.3.5) decap",
		"pop_vlan pop_vlan pop_vlan",
		"count add=outer.ipv4_ttl:-1",
		"add=outer.ipv4_ttl:-1 pop_vlan",
		"push_vlan=5 add=outer.ipv4_ttl:-1",
		"decap decap",
		"push_vlan=1 push_vlan=2 push_vlan=3",
		"mirror=vport1",
		"mirror=vport1,port2",
		"mirror=vport1,vport0x10000",
	};
	char rules_path[] = "/tmp/hwsctl_rwbad_XXXXXX", text[512], args[128];
	size_t i;
	int fd;

	fd = mkstemp(rules_path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(
			text, sizeof(text),
			"table A fdb level 1\n"
			"matcher M table A mask outer.ip_version\n"
			"rule R matcher M match outer.ip_version=4 action %s drop\n",
			bad[i]);
		t_write_file(rules_path, text);
		snprintf(args, sizeof(args), "apply %s", rules_path);
		ck_assert_msg(hwsctl(args) == 2, "%s: %s", bad[i], out);
		ck_assert_msg(strstr(out, ":3: "), "%s: %s", bad[i], out);
	}
	unlink(rules_path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hwsctl_rewrite");
	TCase *tc = tcase_create("hwsctl_rewrite");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, encap_vxlan);
	tcase_add_test(tc, encap_decap_geneve);
	tcase_add_test(tc, push_pop);
	tcase_add_test(tc, malformed);
	suite_add_tcase(s, tc);
	return t_run(s);
}
