// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Rewrite actions executed by the device model on real frames: NAT with
 * its checksums, VLAN push and pop, VXLAN encap (read back by tshark when
 * it is installed) and decap, the L3 decap list, a copy into a register
 * that a later table matches, and a chain of action STEs.
 */
#include <endian.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "model_rewrite.h"

/* The ARG entry of a modify list: slot k's DW1 is data[k]. */
static void list_data(uint8_t entry[PRM_ARG_ENTRY_SIZE], const uint32_t *data,
		      unsigned int n)
{
	unsigned int k;

	memset(entry, 0, PRM_ARG_ENTRY_SIZE);
	for (k = 0; k < n; k++) {
		uint32_t be = htobe32(data[k]);

		memcpy(entry + 8 * k + 4, &be, 4);
	}
}

/* An ACC_MODIFY_LIST STC in slot over a new pattern and ARG. */
static void modify_list(struct t_rw *f, uint32_t slot, const uint8_t *acts,
			unsigned int n, struct hws_obj *pat,
			struct hws_obj *arg)
{
	uint8_t p[16] = { 0 };

	ck_assert_int_eq(t_rw_pattern(f->dev, acts, n, pat), 0);
	ck_assert_int_eq(t_rw_arg(f->dev, 2, f->pd.id, arg), 0);
	DEVX_SET(stc_ste_param_header_modify_list, p, header_modify_pattern_id,
		 pat->id);
	DEVX_SET(stc_ste_param_header_modify_list, p, header_modify_argument_id,
		 arg->id);
	ck_assert_int_eq(t_rw_stc(&f->stc, slot,
				  MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST,
				  MLX5_IFC_STC_ACTION_OFFSET_DW6,
				  MLX5_IFC_STC_REPARSE_ALWAYS, p),
			 0);
}

static uint16_t be16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * NAT: a modify list sets the destination address and port and adds -1 to
 * the TTL, with data from the rule's ARG entry (offset 1 in STE DW7); the
 * frame leaves with its checksums right.  A TTL taken to 0 stays so.
 */
START_TEST(test_nat)
{
	uint8_t acts[3 * PRM_MODIFY_ACTION_SIZE], entry[PRM_ARG_ENTRY_SIZE];
	uint32_t data[3] = { 0xc0a8640a, 8080, 0xff };
	struct hws_obj pat, arg;
	struct hws_verdict *v;
	struct t_frame in;
	const uint8_t *o;
	struct t_rw f;

	t_rw_open(&f, "");
	t_rw_set(acts, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_DIPV4, 0, 32,
		 0);
	t_rw_set(acts + 8, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_TCP_DPORT,
		 0, 16, 0);
	t_rw_set(acts + 16, MLX5_MODIFICATION_TYPE_ADD, MLX5_MODI_OUT_IPV4_TTL,
		 0, 8, 0);
	modify_list(&f, S_REWRITE1, acts, 3, &pat, &arg);
	list_data(entry, data, 3);
	t_rw_arg_put(&f, arg.id + 1, entry, 0);
	t_rw_rule(&f, &f.rtc_a, 0, S_ALLOW, S_NOP_DW5, S_REWRITE1, S_NOP_DW7, 0,
		  0, 1);

	in = t_rw_tcp(64);
	ck_assert_int_eq(t_rw_csum_bad(in.b, in.len, 14), 0);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_int_eq(v->result, HWS_RESULT_MISS); /* ALLOW */
	ck_assert_uint_eq(v->out_len, in.len);
	o = v->out_frame;
	ck_assert_uint_eq(o[14 + 8], 63);
	ck_assert_mem_eq(o + 14 + 16, "\xc0\xa8\x64\x0a", 4);
	ck_assert_uint_eq(be16_at(o + 34 + 2), 8080);
	ck_assert_int_eq(t_rw_csum_bad(o, v->out_len, 14), 0);
	/* the rest is as it came */
	ck_assert_mem_eq(o, in.b, 14 + 8);
	ck_assert_mem_eq(o + 54, in.b + 54, in.len - 54);

	in = t_rw_tcp(1);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_eq(v->out_frame[14 + 8], 0);
	ck_assert_int_eq(v->result, HWS_RESULT_MISS);
	ck_assert_int_eq(t_rw_csum_bad(v->out_frame, v->out_len, 14), 0);

	t_rw_rule(&f, &f.rtc_a, 0, S_ALLOW, S_NOP_DW5, S_NOP_DW6, S_NOP_DW7, 0,
		  0, 0);
	t_rw_stc_std(&f, S_REWRITE1, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_DW6, 0);
	ck_assert_int_eq(hws_cmd_destroy(&pat), 0);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	t_rw_close(&f);
}
END_TEST

/* A single SET STC on a UDP port: data from DW7; checksum 0 stays 0. */
START_TEST(test_single_set_udp)
{
	struct t_frame in = { .len = 0 };
	uint8_t p[16];
	struct hws_verdict *v;
	struct t_rw f;

	t_rw_open(&f, "");
	t_rw_set(p, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_UDP_DPORT, 0, 16,
		 0);
	memset(p + 8, 0, 8);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE1,
				  MLX5_IFC_STC_ACTION_TYPE_SET,
				  MLX5_IFC_STC_ACTION_OFFSET_DW6,
				  MLX5_IFC_STC_REPARSE_IGNORE, p),
			 0);
	t_rw_rule(&f, &f.rtc_a, 0, S_DROP, S_NOP_DW5, S_REWRITE1, S_NOP_DW7, 0,
		  0, 5353);
	t_rw_eth(&in, 1);
	t_rw_ipv4(&in, 17, 9, 1, 2, 53, 6, false);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_int_eq(v->result, HWS_RESULT_DROP);
	ck_assert_uint_eq(be16_at(v->out_frame + 36), 5353);
	ck_assert_uint_eq(be16_at(v->out_frame + 40), 0);
	/* with a checksum, the device writes it again */
	in.len = 0;
	t_rw_eth(&in, 1);
	t_rw_ipv4(&in, 17, 9, 1, 2, 53, 6, true);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_ne(be16_at(v->out_frame + 40), 0);
	ck_assert_int_eq(t_rw_csum_bad(v->out_frame, v->out_len, 14), 0);
	t_rw_close(&f);
}
END_TEST

/*
 * ADD wraps in its bits (TCP sequence), ADD_FIELD adds a field to another
 * (destination port onto source port), SET of the first VLAN id keeps the
 * tag's priority bits; the TCP checksum is right after.
 */
START_TEST(test_add_wraps_and_vid)
{
	uint8_t acts[3 * PRM_MODIFY_ACTION_SIZE], entry[PRM_ARG_ENTRY_SIZE];
	uint32_t data[3] = { 0xf0000000, 0, 0x123 };
	struct t_frame tcp, in = { .len = 0 };
	struct hws_obj pat, arg;
	struct hws_verdict *v;
	struct t_rw f;

	t_rw_open(&f, "");
	t_rw_set(acts, MLX5_MODIFICATION_TYPE_ADD, MLX5_MODI_OUT_TCP_SEQ_NUM, 0,
		 32, 0);
	t_rw_copy(acts + 8, MLX5_MODIFICATION_TYPE_ADD_FIELD,
		  MLX5_MODI_OUT_TCP_DPORT, 0, MLX5_MODI_OUT_TCP_SPORT, 0, 16);
	t_rw_set(acts + 16, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_FIRST_VID,
		 0, 12, 0);
	modify_list(&f, S_REWRITE1, acts, 3, &pat, &arg);
	list_data(entry, data, 3);
	t_rw_arg_put(&f, arg.id + 2, entry, 0);
	t_rw_rule(&f, &f.rtc_a, 0, S_ALLOW, S_NOP_DW5, S_REWRITE1, S_NOP_DW7, 0,
		  0, 2);
	tcp = t_rw_tcp(64);
	t_rw_put(&in, tcp.b, 12);
	t_rw_put(&in, "\x81\x00\xa0\x07", 4); /* priority 5, VID 7 */
	t_rw_put(&in, tcp.b + 12, tcp.len - 12);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_eq(v->out_len, in.len);
	ck_assert_mem_eq(v->out_frame + 12, "\x81\x00\xa1\x23", 4);
	ck_assert_mem_eq(v->out_frame + 38, "\x30\x89\x00\x50", 4);
	ck_assert_mem_eq(v->out_frame + 42, "\x01\x00\x00\x00", 4);
	ck_assert_int_eq(t_rw_csum_bad(v->out_frame, v->out_len, 18), 0);

	t_rw_stc_std(&f, S_REWRITE1, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_DW6, 0);
	ck_assert_int_eq(hws_cmd_destroy(&pat), 0);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	t_rw_close(&f);
}
END_TEST

/* An IPv6/TCP frame: hop limit 64, traffic class 0xb8, TCP to port 80. */
static struct t_frame ipv6_tcp(void)
{
	struct t_frame fr = { .len = 0 };
	uint8_t *h, *t;
	uint32_t sum;
	size_t i;

	t_rw_eth(&fr, 6);
	fr.b[12] = 0x86;
	fr.b[13] = 0xdd;
	h = fr.b + 14;
	t = h + 40;
	memset(h, 0, 40 + 28);
	h[0] = 0x6b; /* version 6, traffic class 0xb8 */
	h[1] = 0x80;
	h[5] = 28; /* payload length */
	h[6] = 6;
	h[7] = 64;
	for (i = 0; i < 16; i++) {
		h[8 + i] = 0x20 + i;
		h[24 + i] = 0x40 + i;
	}
	t[1] = 99;
	t[3] = 80;
	t[12] = 0x50;
	t[13] = 0x02;
	memcpy(t + 20, "ipv6data", 8);
	sum = t_rw_sum(h + 8, 32, 6 + 28);
	sum = t_rw_sum(t, 28, sum);
	t[16] = ~sum >> 8;
	t[17] = ~sum & 0xff;
	fr.len = 14 + 40 + 28;
	return fr;
}

/* 0 when the TCP checksum over IPv6 at 14 adds up */
static int ipv6_csum_bad(const uint8_t *f)
{
	return t_rw_sum(f + 54, 28, t_rw_sum(f + 22, 32, 6 + 28)) != 0xffff;
}

/*
 * IPv6 positions: hop limit - 1, DSCP and ECN inside the traffic class,
 * the low word of the destination; the TCP checksum is written again.
 */
START_TEST(test_ipv6_fields)
{
	uint8_t acts[4 * PRM_MODIFY_ACTION_SIZE], entry[PRM_ARG_ENTRY_SIZE];
	uint32_t data[4] = { 0xff, 0x0a, 0x1, 0xdeadbeef };
	struct hws_obj pat, arg;
	struct hws_verdict *v;
	struct t_frame in;
	struct t_rw f;

	t_rw_open(&f, "");
	t_rw_set(acts, MLX5_MODIFICATION_TYPE_ADD, MLX5_MODI_OUT_IPV6_HOPLIMIT,
		 0, 8, 0);
	t_rw_set(acts + 8, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_IP_DSCP, 0,
		 6, 0);
	t_rw_set(acts + 16, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_IP_ECN, 0,
		 2, 0);
	t_rw_set(acts + 24, MLX5_MODIFICATION_TYPE_SET,
		 MLX5_MODI_OUT_DIPV6_31_0, 0, 32, 0);
	modify_list(&f, S_REWRITE1, acts, 4, &pat, &arg);
	list_data(entry, data, 4);
	t_rw_arg_put(&f, arg.id, entry, 0);
	t_rw_rule(&f, &f.rtc_a, 0, S_ALLOW, S_NOP_DW5, S_REWRITE1, S_NOP_DW7, 0,
		  0, 0);
	in = ipv6_tcp();
	ck_assert_int_eq(ipv6_csum_bad(in.b), 0);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_eq(v->out_len, in.len);
	/* traffic class 0x0a << 2 | 1 = 0x29, flow label untouched */
	ck_assert_uint_eq(v->out_frame[14], 0x62);
	ck_assert_uint_eq(v->out_frame[15], 0x90);
	ck_assert_uint_eq(v->out_frame[14 + 7], 63);
	ck_assert_mem_eq(v->out_frame + 14 + 36, "\xde\xad\xbe\xef", 4);
	ck_assert_mem_eq(v->out_frame + 14 + 24, in.b + 14 + 24, 12);
	ck_assert_int_eq(ipv6_csum_bad(v->out_frame), 0);

	t_rw_stc_std(&f, S_REWRITE1, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_DW6, 0);
	ck_assert_int_eq(hws_cmd_destroy(&pat), 0);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	t_rw_close(&f);
}
END_TEST

/*
 * Push VLAN in table a (inline insert of DW7 at 12 bytes), pop it in table
 * b (2 words at FIRST_VLAN_START): the frame leaves as it came.
 */
START_TEST(test_vlan_push_pop)
{
	uint8_t p[16] = { 0 }, push[16];
	uint8_t r;
	struct hws_verdict *v;
	struct t_frame in;
	struct t_rw f;

	t_rw_open(&f, "");
	DEVX_SET(stc_ste_param_insert, p, action_type,
		 MLX5_MODIFICATION_TYPE_INSERT);
	DEVX_SET(stc_ste_param_insert, p, inline_data, 1);
	DEVX_SET(stc_ste_param_insert, p, insert_anchor,
		 MLX5_HEADER_ANCHOR_PACKET_START);
	DEVX_SET(stc_ste_param_insert, p, insert_offset, 6);
	DEVX_SET(stc_ste_param_insert, p, insert_size, 2);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE1,
				  MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT,
				  MLX5_IFC_STC_ACTION_OFFSET_DW6,
				  MLX5_IFC_STC_REPARSE_ALWAYS, p),
			 0);
	memcpy(push, p, sizeof(p));
	memset(p, 0, sizeof(p));
	DEVX_SET(stc_ste_param_remove_words, p, action_type,
		 MLX5_MODIFICATION_TYPE_REMOVE_WORDS);
	DEVX_SET(stc_ste_param_remove_words, p, remove_start_anchor,
		 MLX5_HEADER_ANCHOR_FIRST_VLAN_START);
	DEVX_SET(stc_ste_param_remove_words, p, remove_size, 2);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE2,
				  MLX5_IFC_STC_ACTION_TYPE_REMOVE_WORDS,
				  MLX5_IFC_STC_ACTION_OFFSET_DW5,
				  MLX5_IFC_STC_REPARSE_ALWAYS, p),
			 0);
	in = t_rw_tcp(64);

	/* the push alone */
	t_rw_rule(&f, &f.rtc_a, 0, S_ALLOW, S_NOP_DW5, S_REWRITE1, S_NOP_DW7, 0,
		  0, 0x81006064);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_eq(v->out_len, in.len + 4);
	ck_assert_mem_eq(v->out_frame, in.b, 12);
	ck_assert_mem_eq(v->out_frame + 12, "\x81\x00\x60\x64", 4);
	ck_assert_mem_eq(v->out_frame + 16, in.b + 12, in.len - 12);

	/* then the pop in table b, which found the tag where it is now */
	t_rw_rule(&f, &f.rtc_a, 0, S_JUMP_B, S_NOP_DW5, S_REWRITE1, S_NOP_DW7,
		  0, 0, 0x81006064);
	t_rw_rule(&f, &f.rtc_b, 0, S_ALLOW, S_REWRITE2, S_NOP_DW6, S_NOP_DW7, 0,
		  0, 0);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_eq(v->num_hits, 2);
	ck_assert_uint_eq(v->out_len, in.len);
	ck_assert_mem_eq(v->out_frame, in.b, in.len);

	/*
	 * A push whose STC says NEVER, or IGNORE under an RTC of mode
	 * BY_STC: the old parse stays, table b finds no tag to pop, and its
	 * TTL set finds the IP header where the push moved it.
	 */
	t_rw_set(p, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_IPV4_TTL, 0, 8,
		 0);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE3,
				  MLX5_IFC_STC_ACTION_TYPE_SET,
				  MLX5_IFC_STC_ACTION_OFFSET_DW6,
				  MLX5_IFC_STC_REPARSE_IGNORE, p),
			 0);
	t_rw_rule(&f, &f.rtc_b, 0, S_ALLOW, S_REWRITE2, S_REWRITE3, S_NOP_DW7,
		  0, 0, 5);
	for (r = MLX5_IFC_STC_REPARSE_IGNORE; r <= MLX5_IFC_STC_REPARSE_NEVER;
	     r++) {
		ck_assert_int_eq(
			t_rw_stc(&f.stc, S_REWRITE1,
				 MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT,
				 MLX5_IFC_STC_ACTION_OFFSET_DW6, r, push),
			0);
		v = t_rw_trace(&f, &f.ft_a, &in);
		ck_assert_uint_eq(v->num_hits, 2);
		ck_assert_uint_eq(v->out_len, in.len + 4);
		ck_assert_mem_eq(v->out_frame + 12, "\x81\x00\x60\x64", 4);
		ck_assert_uint_eq(v->out_frame[18 + 8], 5);
		ck_assert_int_eq(t_rw_csum_bad(v->out_frame, v->out_len, 18),
				 0);
	}
	t_rw_close(&f);
}
END_TEST

/* tshark, when installed, reads the capture as VXLAN with VNI 0x1234. */
static void tshark_reads_vxlan(const uint8_t *frame, uint32_t len)
{
	char path[] = "/tmp/hws_rewrite_XXXXXX.pcap", cmd[256], out[64];
	struct pcap_pkthdr h = { .caplen = len, .len = len };
	pcap_t *dead;
	pcap_dumper_t *d;
	int fd;

	if (t_command(out, sizeof(out), "command -v tshark") || !*out)
		return; /* not installed: the byte checks stand alone */
	fd = mkstemps(path, 5);
	ck_assert_int_ge(fd, 0);
	close(fd);
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	d = pcap_dump_open(dead, path);
	ck_assert_ptr_nonnull(d);
	pcap_dump((u_char *)d, &h, frame);
	pcap_dump_close(d);
	pcap_close(dead);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -T fields -e vxlan.vni -e ip.checksum.status"
		 " -o ip.check_checksum:TRUE 2>/dev/null | head -n 1",
		 path);
	ck_assert_int_eq(t_command(out, sizeof(out), cmd), 0);
	unlink(path);
	/* the VNI, and both IPv4 checksums good (1) */
	ck_assert_msg(!strncmp(out, "4660\t1,1", 8), "tshark read: %s", out);
}

/*
 * Encap: a 50-byte VXLAN header from the ARG inserted at the packet start
 * (the device sets its lengths and IPv4 checksum); decap L2 in table b
 * removes PACKET_START..INNER_MAC and gives the original frame back.
 */
START_TEST(test_vxlan_encap_decap)
{
	uint8_t p[16] = { 0 }, entry[PRM_ARG_ENTRY_SIZE] = { 0 };
	struct t_frame hdr = { .len = 0 }, in;
	struct hws_verdict *v;
	struct hws_obj arg;
	const uint8_t *o;
	struct t_rw f;

	t_rw_open(&f, "");
	t_rw_vxlan_hdr(&hdr, 0x1234);
	ck_assert_uint_eq(hdr.len, 50);
	memcpy(entry, hdr.b, hdr.len);
	ck_assert_int_eq(t_rw_arg(f.dev, 1, f.pd.id, &arg), 0);
	t_rw_arg_put(&f, arg.id + 1, entry, 0);
	DEVX_SET(stc_ste_param_insert, p, action_type,
		 MLX5_MODIFICATION_TYPE_INSERT);
	DEVX_SET(stc_ste_param_insert, p, encap, 1);
	DEVX_SET(stc_ste_param_insert, p, insert_anchor,
		 MLX5_HEADER_ANCHOR_PACKET_START);
	DEVX_SET(stc_ste_param_insert, p, insert_size, 25);
	DEVX_SET(stc_ste_param_insert, p, insert_argument, arg.id);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE1,
				  MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT,
				  MLX5_IFC_STC_ACTION_OFFSET_DW6,
				  MLX5_IFC_STC_REPARSE_ALWAYS, p),
			 0);
	t_rw_rule(&f, &f.rtc_a, 0, S_ALLOW, S_NOP_DW5, S_REWRITE1, S_NOP_DW7, 0,
		  0, 1);
	in = t_rw_tcp(64);
	v = t_rw_trace(&f, &f.ft_a, &in);
	o = v->out_frame;
	ck_assert_uint_eq(v->out_len, in.len + 50);
	ck_assert_mem_eq(o + 50, in.b, in.len);
	ck_assert_uint_eq(be16_at(o + 14 + 2), in.len + 36);
	ck_assert_uint_eq(t_rw_sum(o + 14, 20, 0), 0xffff);
	ck_assert_uint_eq(be16_at(o + 34 + 4), in.len + 16);
	ck_assert_uint_eq(be16_at(o + 34 + 6), 0);
	tshark_reads_vxlan(o, v->out_len);

	/* decap in table b, after the reparse found the inner MAC */
	memset(p, 0, sizeof(p));
	DEVX_SET(stc_ste_param_remove, p, action_type,
		 MLX5_MODIFICATION_TYPE_REMOVE);
	DEVX_SET(stc_ste_param_remove, p, decap, 1);
	DEVX_SET(stc_ste_param_remove, p, remove_start_anchor,
		 MLX5_HEADER_ANCHOR_PACKET_START);
	DEVX_SET(stc_ste_param_remove, p, remove_end_anchor,
		 MLX5_HEADER_ANCHOR_INNER_MAC);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE2,
				  MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE,
				  MLX5_IFC_STC_ACTION_OFFSET_DW5,
				  MLX5_IFC_STC_REPARSE_ALWAYS, p),
			 0);
	t_rw_rule(&f, &f.rtc_a, 0, S_JUMP_B, S_NOP_DW5, S_REWRITE1, S_NOP_DW7,
		  0, 0, 1);
	t_rw_rule(&f, &f.rtc_b, 0, S_ALLOW, S_REWRITE2, S_NOP_DW6, S_NOP_DW7, 0,
		  0, 0);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_eq(v->out_len, in.len);
	ck_assert_mem_eq(v->out_frame, in.b, in.len);

	t_rw_stc_std(&f, S_REWRITE1, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_DW6, 0);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	t_rw_close(&f);
}
END_TEST

/*
 * The kernel's decap L3 list (actions.md 1.6): remove up to the inner IP,
 * insert a 14-byte L2 header back to front in 4-byte pieces, strip the two
 * pad bytes.
 */
START_TEST(test_l3_decap_list)
{
	static const uint8_t l2[14] = { 0x0e, 1, 2, 3, 4,  5,	 0x0e,
					6,    7, 8, 9, 10, 0x08, 0x00 };
	uint8_t acts[6 * PRM_MODIFY_ACTION_SIZE] = { 0 };
	uint8_t entry[PRM_ARG_ENTRY_SIZE] = { 0 };
	struct t_frame hdr = { .len = 0 }, inner, in = { .len = 0 };
	struct hws_obj pat, arg;
	struct hws_verdict *v;
	unsigned int k;
	struct t_rw f;

	t_rw_open(&f, "");
	DEVX_SET(stc_ste_param_remove, acts, action_type,
		 MLX5_MODIFICATION_TYPE_REMOVE);
	DEVX_SET(stc_ste_param_remove, acts, decap, 1);
	DEVX_SET(stc_ste_param_remove, acts, remove_end_anchor,
		 MLX5_HEADER_ANCHOR_INNER_IPV6_IPV4);
	for (k = 1; k <= 4; k++) {
		uint8_t *a = acts + 8 * k;

		DEVX_SET(stc_ste_param_insert, a, action_type,
			 MLX5_MODIFICATION_TYPE_INSERT);
		DEVX_SET(stc_ste_param_insert, a, inline_data, 1);
		DEVX_SET(stc_ste_param_insert, a, insert_size, 2);
	}
	DEVX_SET(stc_ste_param_remove_words, acts + 40, action_type,
		 MLX5_MODIFICATION_TYPE_REMOVE_WORDS);
	DEVX_SET(stc_ste_param_remove_words, acts + 40, remove_size, 1);
	modify_list(&f, S_REWRITE1, acts, 6, &pat, &arg);
	memcpy(entry + 8 + 4, l2 + 10, 4);
	memcpy(entry + 16 + 4, l2 + 6, 4);
	memcpy(entry + 24 + 4, l2 + 2, 4);
	memcpy(entry + 32 + 6, l2, 2);
	t_rw_arg_put(&f, arg.id, entry, 0);
	t_rw_rule(&f, &f.rtc_a, 0, S_ALLOW, S_NOP_DW5, S_REWRITE1, S_NOP_DW7, 0,
		  0, 0);

	/* a VXLAN frame around an Ethernet + IPv4/TCP frame */
	inner = t_rw_tcp(33);
	t_rw_vxlan_hdr(&hdr, 7);
	t_rw_put(&in, hdr.b, hdr.len);
	t_rw_put(&in, inner.b, inner.len);
	in.b[16] = (in.len - 14) >> 8;
	in.b[17] = (in.len - 14) & 0xff;
	in.b[38] = (in.len - 34) >> 8;
	in.b[39] = (in.len - 34) & 0xff;
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_eq(v->out_len, inner.len);
	ck_assert_mem_eq(v->out_frame, l2, 14);
	ck_assert_mem_eq(v->out_frame + 14, inner.b + 14, inner.len - 14);

	t_rw_stc_std(&f, S_REWRITE1, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_DW6, 0);
	ck_assert_int_eq(hws_cmd_destroy(&pat), 0);
	ck_assert_int_eq(hws_cmd_destroy(&arg), 0);
	t_rw_close(&f);
}
END_TEST

/*
 * COPY of the source address into REG_C_0 in table a; table b's definer
 * selects REG_C_0, so only the packet whose address the STE's tag holds
 * hits there.
 */
START_TEST(test_copy_to_register)
{
	struct hws_cmd_definer_attr def = { 0 };
	struct hws_cmd_rtc_attr r = {
		.table_type = MLX5_FT_TYPE_NIC_RX,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_BY_STC,
	};
	uint32_t ix[PRM_STC_IX_MAX] = {
		S_NOP_CTRL | 4u << PRM_STC_IX_NUM_ACTIONS_SHIFT,
		S_DROP,
		S_TAG,
		S_NOP_DW6,
		S_NOP_DW7,
	};
	uint8_t p[16] = { 0 }, ste[PRM_STE_SIZE] = { 0 };
	struct hws_obj regdef, rtc;
	struct hws_verdict *v;
	struct t_frame in;
	struct t_rw f;
	uint32_t be;

	t_rw_open(&f, "");
	t_rw_copy(p, MLX5_MODIFICATION_TYPE_COPY, MLX5_MODI_OUT_SIPV4, 0,
		  MLX5_MODI_META_REG_C_0, 0, 32);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE1,
				  MLX5_IFC_STC_ACTION_TYPE_COPY,
				  MLX5_IFC_STC_ACTION_OFFSET_DW6,
				  MLX5_IFC_STC_REPARSE_IGNORE, p),
			 0);
	t_rw_rule(&f, &f.rtc_a, 0, S_JUMP_B, S_NOP_DW5, S_REWRITE1, S_NOP_DW7,
		  0, 0, 0);
	/* table b matches REG_C_0 with its own RTC */
	def.dw_sel[0] = PRM_BIT_OFF(definer_hl, registers.register_c_0) / 32;
	memset(def.mask + 32, 0xff, 4);
	ck_assert_int_eq(hws_cmd_definer_create(f.dev, &def, &regdef), 0);
	r.pdn = f.pd.id;
	r.definer_id = regdef.id;
	r.stc_id = f.stc.id;
	r.ste_id = f.ste.id;
	r.ste_offset = 2;
	ck_assert_int_eq(hws_cmd_rtc_create(f.dev, &r, &rtc), 0);
	ck_assert_int_eq(hws_cmd_ft_set_rtcs(&f.ft_b, MLX5_FT_TYPE_NIC_RX,
					     rtc.id, 0),
			 0);
	/* tag: DW selector 0 is tag bytes 32..35, STE bytes 0x34..0x37 */
	be = htobe32(0x0a000001);
	memcpy(ste + 0x34, &be, 4);
	be = htobe32(0xfeed);
	memcpy(ste + 4 * 5, &be, 4);
	t_queue_post(&f.q, rtc.id, 0, ix, ste, true, true);
	t_rw_expect_cqe(&f, t_queue_cqes(&f.q, T_QUEUE_LOG_SIZE) - 1, 0);

	in = t_rw_tcp(64);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_eq(v->num_hits, 2);
	ck_assert_uint_eq(v->hits[1].rtc_id, rtc.id);
	ck_assert_int_eq(v->result, HWS_RESULT_DROP);
	ck_assert(v->has_tag);
	ck_assert_uint_eq(v->tag, 0xfeed);
	ck_assert_uint_eq(v->out_len, 0); /* the frame is as it came */
	/* another source: the register does not match */
	in.b[14 + 15] = 9;
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_uint_eq(v->num_hits, 1);
	ck_assert_int_eq(v->result, HWS_RESULT_MISS);

	ck_assert_int_eq(hws_cmd_ft_set_rtcs(&f.ft_b, MLX5_FT_TYPE_NIC_RX,
					     f.rtc_b.id, 0),
			 0);
	ck_assert_int_eq(hws_cmd_destroy(&rtc), 0);
	ck_assert_int_eq(hws_cmd_destroy(&regdef), 0);
	t_rw_close(&f);
}
END_TEST

/*
 * Action STEs: an RTC written by offset over its own STE object with the
 * trivial definer; the match STE's hit jumps to action STE 0 (DW4 = 0 <<
 * 6), which sets the TTL and jumps to action STE 1, which tags and drops.
 */
START_TEST(test_action_ste_chain)
{
	struct hws_cmd_rtc_attr r = {
		.table_type = MLX5_FT_TYPE_NIC_RX,
		.log_hash_size = 3,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_BY_STC,
		.update_mode = MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET,
		.definer_id = 0x1f,
	};
	uint8_t p[16] = { 0 };
	struct hws_obj ste2, artc;
	struct hws_verdict *v;
	struct t_frame in;
	struct t_rw f;

	t_rw_open(&f, "");
	ck_assert_int_eq(
		hws_cmd_ste_create(f.dev, MLX5_FT_TYPE_NIC_RX, 3, &ste2), 0);
	r.pdn = f.pd.id;
	r.stc_id = f.stc.id;
	r.ste_id = ste2.id;
	ck_assert_int_eq(hws_cmd_rtc_create(f.dev, &r, &artc), 0);
	/* the trivial definer serves by-offset tables only */
	r.update_mode = MLX5_IFC_RTC_STE_UPDATE_MODE_BY_HASH;
	ck_assert_int_eq(hws_cmd_rtc_create(f.dev, &r, &(struct hws_obj){ 0 }),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RTC_MODE_NOT_SUPPORTED);
	DEVX_SET(stc_ste_param_ste_table, p, ste_obj_id, ste2.id);
	DEVX_SET(stc_ste_param_ste_table, p, match_definer_id, 0x1f);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_JUMP_STE,
				  MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_STE_TABLE,
				  MLX5_IFC_STC_ACTION_OFFSET_HIT,
				  MLX5_IFC_STC_REPARSE_IGNORE, p),
			 0);
	t_rw_set(p, MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_IPV4_TTL, 0, 8,
		 0);
	memset(p + 8, 0, 8);
	ck_assert_int_eq(t_rw_stc(&f.stc, S_REWRITE1,
				  MLX5_IFC_STC_ACTION_TYPE_SET,
				  MLX5_IFC_STC_ACTION_OFFSET_DW6,
				  MLX5_IFC_STC_REPARSE_IGNORE, p),
			 0);
	/* action STEs first, last to first, then the match STE */
	t_rw_rule(&f, &artc, 5, S_DROP, S_TAG, S_NOP_DW6, S_NOP_DW7, 0, 0xab,
		  0);
	t_rw_rule(&f, &artc, 4, S_JUMP_STE, S_NOP_DW5, S_REWRITE1, S_NOP_DW7,
		  5 << 6, 0, 7);
	t_rw_rule(&f, &f.rtc_a, 0, S_JUMP_STE, S_NOP_DW5, S_NOP_DW6, S_NOP_DW7,
		  4 << 6, 0, 0);
	in = t_rw_tcp(64);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_int_eq(v->result, HWS_RESULT_DROP);
	ck_assert(v->has_tag);
	ck_assert_uint_eq(v->tag, 0xab);
	ck_assert_uint_eq(v->out_frame[14 + 8], 7);
	ck_assert_int_eq(t_rw_csum_bad(v->out_frame, v->out_len, 14), 0);
	ck_assert_uint_eq(v->num_hits, 1);
	ck_assert_uint_eq(v->hits[0].actions[0].type, HWS_HIT_ACTION_STE);
	ck_assert_uint_eq(v->hits[0].actions[0].arg, 4);

	/* an index past the table: nothing there, the packet is dropped */
	t_rw_rule(&f, &f.rtc_a, 0, S_JUMP_STE, S_NOP_DW5, S_NOP_DW6, S_NOP_DW7,
		  9 << 6, 0, 0);
	v = t_rw_trace(&f, &f.ft_a, &in);
	ck_assert_int_eq(v->result, HWS_RESULT_DROP);
	ck_assert(!v->has_tag);
	ck_assert_uint_eq(v->out_len, 0);

	t_rw_rule(&f, &f.rtc_a, 0, S_ALLOW, S_NOP_DW5, S_NOP_DW6, S_NOP_DW7, 0,
		  0, 0);
	t_rw_stc_std(&f, S_JUMP_STE, MLX5_IFC_STC_ACTION_TYPE_DROP,
		     MLX5_IFC_STC_ACTION_OFFSET_HIT, 0);
	ck_assert_int_eq(hws_cmd_destroy(&artc), 0);
	ck_assert_int_eq(hws_cmd_destroy(&ste2), 0);
	t_rw_close(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model_rewrite_frames");
	TCase *tc = tcase_create("frames");

	tcase_add_test(tc, test_nat);
	tcase_add_test(tc, test_single_set_udp);
	tcase_add_test(tc, test_ipv6_fields);
	tcase_add_test(tc, test_add_wraps_and_vid);
	tcase_add_test(tc, test_vlan_push_pop);
	tcase_add_test(tc, test_vxlan_encap_decap);
	tcase_add_test(tc, test_l3_decap_list);
	tcase_add_test(tc, test_copy_to_register);
	tcase_add_test(tc, test_action_ste_chain);
	suite_add_tcase(s, tc);
	return t_run(s);
}
