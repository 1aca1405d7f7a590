// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Encap and decap on real frames through the model: L2 and L3 tunnels
 * (VXLAN), with each rule's header or a shared one, pushes and modifies
 * around them, and BWC rules that take new ones.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libhws/prm.h"
#include "libhws/rule.h"
#include "reformat_common.h"

/*
 * L2 decap leaves the inner frame; table 2 matches the inner source
 * address as the outer one, which only a reparse after the decap sees.
 */
START_TEST(decap_l2_reparse)
{
	enum mlx5hws_action_type
		t0[] = { MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2,
			 MLX5HWS_ACTION_TYP_TBL },
		t1[] = { MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_action_reformat_attr attr = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2
	};
	struct mlx5hws_rule_action ra0[2] = { { 0 } }, ra1[1] = { { 0 } };
	struct rf_frame inner = rf_udp(NULL, 0, 0x0a000009),
			f = rf_vxlan(&inner);
	struct rf_env e;

	rf_nic_of(_i);
	rf_open(&e);
	ra0[0].action =
		rf_own(&e, mlx5hws_action_create_reformat(e.ctx, &attr, RX));
	ra0[1].action = e.to2;
	rf_rule(&e, 0, 0xc0a80001, t0, 2, ra0);
	ra1[0].action = e.drop;
	rf_rule(&e, 1, 0x0a000009, t1, 1, ra1);
	rf_expect(&e, &f, &inner);
	rf_close(&e);
}
END_TEST

/* The outer IPv4 header's checksum, as the device sets it on encap. */
static void rf_ipv4_csum(uint8_t *ip)
{
	uint32_t sum = 0;
	int i;

	ip[10] = ip[11] = 0;
	for (i = 0; i < 20; i += 2)
		sum += ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip[10] = ~sum >> 8;
	ip[11] = ~sum;
}

#define RF_VXLAN_HDR (14 + 20 + 8 + 8)

/*
 * A VXLAN encap's header (lengths and checksum 0: the device sets them)
 * and the frame it makes of inner, with them set.
 */
static void rf_encap(const struct rf_frame *inner, uint8_t *hdr,
		     struct rf_frame *want)
{
	*want = rf_vxlan(inner);
	memcpy(hdr, want->b, RF_VXLAN_HDR);
	hdr[14 + 2] = hdr[14 + 3] = hdr[14 + 10] = hdr[14 + 11] = 0;
	hdr[34 + 4] = hdr[34 + 5] = 0;
	rf_ipv4_csum(want->b + 14);
}

/* Write f as a one-frame pcap file (Ethernet link type). */
static void rf_pcap(const char *path, const uint8_t *f, uint32_t len)
{
	uint32_t gh[6] = { 0xa1b2c3d4, 2 | 4 << 16, 0, 0, 65535, 1 };
	uint32_t rh[4] = { 0, 0, len, len };
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(gh, sizeof(gh), 1, fp), 1);
	ck_assert_uint_eq(fwrite(rh, sizeof(rh), 1, fp), 1);
	ck_assert_uint_eq(fwrite(f, len, 1, fp), 1);
	ck_assert_int_eq(fclose(fp), 0);
}

/*
 * tshark's full decode of the frame the device sent: VXLAN with VNI 42 and
 * the inner frame's payload.  Without tshark the byte checks stand alone.
 */
static void rf_tshark(const struct hws_verdict *v)
{
	char path[] = "/tmp/hws_reformat_XXXXXX", cmd[256];
	static char out[65536];
	int fd;

	if (t_command(out, sizeof(out), "command -v tshark")) {
		fprintf(stderr,
			"test_reformat_encap: tshark is not installed; its decode of the encap is skipped\n");
		return;
	}
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	rf_pcap(path, v->out_frame, v->out_len);
	snprintf(cmd, sizeof(cmd), "tshark -r %s -V -o ip.check_checksum:TRUE",
		 path);
	ck_assert_int_eq(t_command(out, sizeof(out), cmd), 0);
	unlink(path);
	ck_assert_msg(strstr(out, "Virtual eXtensible Local Area Network"),
		      "no VXLAN: %s", out);
	ck_assert_msg(strstr(out, "VXLAN Network Identifier (VNI): 42"),
		      "VNI: %s", out);
	ck_assert_msg(strstr(out, "Source Address: 10.0.0.1"), "inner: %s",
		      out);
	ck_assert_msg(strstr(out, "[Header checksum status: Good]"),
		      "outer IPv4 checksum: %s", out);
}

static struct hws_verdict rf_send(const struct rf_env *e,
				  const struct rf_frame *f)
{
	struct hws_packet pkt = { .side = HWS_SIDE_RX };
	static struct hws_verdict v;

	pkt.frame = f->b;
	pkt.frame_len = f->n;
	pkt.bytes = f->n;
	ck_assert_int_eq(sim_classify(t_nic(rf_nic),
				      mlx5hws_table_get_id(e->tbl[0]), &pkt,
				      &v),
			 0);
	return v;
}

/*
 * VXLAN encap with each rule's header (two rules, two bulk entries), read
 * back by tshark; table 2 decaps it back to the original frame.
 */
START_TEST(encap_l2_per_rule)
{
	enum mlx5hws_action_type t[] = {
		MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
		MLX5HWS_ACTION_TYP_DROP
	};
	struct mlx5hws_action_reformat_attr attr = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
		.hdr_size = RF_VXLAN_HDR,
		.log_bulk_size = 1,
	};
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct rf_frame f = rf_udp(NULL, 0, 0x0a000001),
			g = rf_udp(NULL, 0, 0x0a000002), want, want2;
	uint8_t hdr[RF_VXLAN_HDR], hdr2[RF_VXLAN_HDR];
	struct t_param val = { 0 };
	struct mlx5hws_rule *r2;
	struct hws_verdict v;
	struct rf_env e;

	rf_open(&e);
	rf_encap(&f, hdr, &want);
	rf_encap(&g, hdr2, &want2);
	hdr2[RF_VXLAN_HDR - 2] = 43; /* the second rule's VNI */
	want2.b[RF_VXLAN_HDR - 2] = 43;
	ra[0].action =
		rf_own(&e, mlx5hws_action_create_reformat(e.ctx, &attr, RX));
	ra[0].reformat.data = hdr;
	ra[1].action = e.drop;
	rf_rule(&e, 0, 0x0a000001, t, 2, ra);
	ra[0].reformat.data = hdr2;
	ra[0].reformat.offset = 1;
	t_set(&val, "outer.ipv4_src", 0x0a000002);
	t_set(&val, "outer.ip_version", 4);
	r2 = mlx5hws_rule_create(e.m[0], 0, val.buf, 0, ra, &rattr);
	ck_assert_ptr_nonnull(r2);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	rf_expect(&e, &f, &want);
	rf_expect(&e, &g, &want2);
	v = rf_send(&e, &f);
	rf_tshark(&v);
	/* an offset past the bulk is refused */
	ra[0].reformat.offset = 2;
	errno = 0;
	ck_assert_ptr_null(
		mlx5hws_rule_create(e.m[0], 0, val.buf, 0, ra, &rattr));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(mlx5hws_rule_destroy(r2, &rattr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	rf_close(&e);
}
END_TEST

/*
 * Two pushes and an encap do not fit the match STE: they continue in an
 * action STE, and the frame leaves double-tagged inside the tunnel.
 */
START_TEST(push_push_encap)
{
	enum mlx5hws_action_type t[] = {
		MLX5HWS_ACTION_TYP_PUSH_VLAN, MLX5HWS_ACTION_TYP_PUSH_VLAN,
		MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
		MLX5HWS_ACTION_TYP_DROP
	};
	struct mlx5hws_action_reformat_attr attr = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
		.hdr_size = RF_VXLAN_HDR,
		.log_bulk_size = 1,
	};
	const uint32_t tags[2] = { rf_qinq, rf_vlan }; /* the outer first */
	struct rf_frame f = rf_udp(NULL, 0, 0x0a000001),
			tagged = rf_udp(tags, 2, 0x0a000001), want;
	struct mlx5hws_rule_action ra[4] = { { 0 } };
	uint8_t hdr[RF_VXLAN_HDR];
	struct mlx5hws_action *push;
	struct rf_env e;

	rf_open(&e);
	rf_encap(&tagged, hdr, &want);
	push = rf_own(&e, mlx5hws_action_create_push_vlan(e.ctx, RX));
	ra[0].action = push;
	ra[0].push_vlan.vlan_hdr = htobe32(rf_vlan);
	ra[1].action = push;
	ra[1].push_vlan.vlan_hdr = htobe32(rf_qinq);
	ra[2].action =
		rf_own(&e, mlx5hws_action_create_reformat(e.ctx, &attr, RX));
	ra[2].reformat.data = hdr;
	ra[3].action = e.drop;
	rf_rule(&e, 0, 0x0a000001, t, 4, ra);
	ck_assert_ptr_nonnull(hws_rule_chunk(e.r[0]).tbl);
	rf_expect(&e, &f, &want);
	rf_close(&e);
}
END_TEST

/* A PRM SET of a whole 32- or 16-bit field, as a caller writes it. */
static uint64_t rf_set(uint16_t field, uint32_t len, uint32_t data)
{
	uint64_t a = 0;

	DEVX_SET(set_action_in, &a, action_type, MLX5_MODIFICATION_TYPE_SET);
	DEVX_SET(set_action_in, &a, field, field);
	DEVX_SET(set_action_in, &a, length, len & 31);
	DEVX_SET(set_action_in, &a, data, data);
	return a;
}

/*
 * Six actions, which need action STEs: decap a VXLAN frame, pop its VLAN,
 * rewrite its source MAC from the rule's argument, push another VLAN,
 * count, drop.
 */
START_TEST(six_actions)
{
	enum mlx5hws_action_type t[] = {
		MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2,
		MLX5HWS_ACTION_TYP_POP_VLAN,
		MLX5HWS_ACTION_TYP_MODIFY_HDR,
		MLX5HWS_ACTION_TYP_PUSH_VLAN,
		MLX5HWS_ACTION_TYP_CTR,
		MLX5HWS_ACTION_TYP_DROP,
	};
	struct mlx5hws_action_reformat_attr dattr = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2,
	};
	const uint64_t acts[2] = { rf_set(MLX5_MODI_OUT_SMAC_47_16, 32, 0),
				   rf_set(MLX5_MODI_OUT_SMAC_15_0, 16, 0) };
	const uint64_t data[2] = {
		rf_set(MLX5_MODI_OUT_SMAC_47_16, 32, 0x11223344),
		rf_set(MLX5_MODI_OUT_SMAC_15_0, 16, 0x5566)
	};
	struct mlx5hws_action_modify_header_attr mattr = {
		.log_bulk_size = 1,
		.num_actions = 2,
		.actions = acts,
	};
	const uint32_t tag_in = rf_vlan, tag_out = rf_qinq;
	struct rf_frame inner = rf_udp(&tag_in, 1, 0x0a000001), f,
			want = rf_udp(&tag_out, 1, 0x0a000001);
	static const uint8_t smac[6] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
	struct mlx5hws_rule_action ra[6] = { { 0 } };
	struct mlx5hws_action *ctr;
	uint64_t packets, bytes;
	struct rf_env e;

	rf_open(&e);
	/* valid IPv4 checksums: the device fixes them after a rewrite */
	rf_ipv4_csum(inner.b + 18);
	f = rf_vxlan(&inner);
	memcpy(want.b + 6, smac, 6);
	rf_ipv4_csum(want.b + 18);
	ra[0].action =
		rf_own(&e, mlx5hws_action_create_reformat(e.ctx, &dattr, RX));
	ra[1].action = rf_own(&e, mlx5hws_action_create_pop_vlan(e.ctx, RX));
	ra[2].action = rf_own(
		&e, mlx5hws_action_create_modify_header(e.ctx, &mattr, RX));
	ra[2].modify_header.data = (const uint8_t *)data;
	ra[2].modify_header.offset = 1;
	ra[3].action = rf_own(&e, mlx5hws_action_create_push_vlan(e.ctx, RX));
	ra[3].push_vlan.vlan_hdr = htobe32(rf_qinq);
	ctr = rf_own(&e, mlx5hws_action_create_counter(e.ctx, 1, RX));
	ra[4].action = ctr;
	ra[4].counter.offset = 1;
	ra[5].action = e.drop;
	rf_rule(&e, 0, 0xc0a80001, t, 6, ra);
	ck_assert_ptr_nonnull(hws_rule_chunk(e.r[0]).tbl);
	rf_expect(&e, &f, &want);
	ck_assert_int_eq(mlx5hws_action_query_counter(ctr, 1, &packets, &bytes),
			 0);
	ck_assert_uint_eq(packets, 1);
	rf_close(&e);
}
END_TEST

/*
 * Encap with a shared header in table 1, decap in table 2, which matches
 * the outer source address of the header: the frame leaves as it came.
 */
START_TEST(encap_shared_then_decap)
{
	enum mlx5hws_action_type
		t0[] = { MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
			 MLX5HWS_ACTION_TYP_TBL },
		t1[] = { MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2,
			 MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_action_reformat_attr enc = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
		.hdr_size = RF_VXLAN_HDR,
	},
					    dec = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2,
	};
	struct mlx5hws_rule_action ra0[2] = { { 0 } }, ra1[2] = { { 0 } };
	struct rf_frame f = rf_udp(NULL, 0, 0x0a000001), want;
	uint8_t hdr[RF_VXLAN_HDR];
	struct rf_env e;

	rf_nic_of(_i);
	rf_open(&e);
	rf_encap(&f, hdr, &want);
	enc.hdr = hdr;
	ra0[0].action =
		rf_own(&e, mlx5hws_action_create_reformat(e.ctx, &enc, RX));
	memset(hdr, 0, sizeof(hdr)); /* the action keeps its own copy */
	ra0[1].action = e.to2;
	rf_rule(&e, 0, 0x0a000001, t0, 2, ra0);
	ra1[0].action =
		rf_own(&e, mlx5hws_action_create_reformat(e.ctx, &dec, RX));
	ra1[1].action = e.drop;
	rf_rule(&e, 1, 0xc0a80001, t1, 2, ra1);
	rf_expect(&e, &f, &f);
	rf_close(&e);
}
END_TEST

/*
 * L3 encap: the frame's Ethernet header goes and the tunnel's, with an
 * inner Ethernet header of its own, comes in.
 */
START_TEST(encap_l3)
{
	enum mlx5hws_action_type t[] = {
		MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3,
		MLX5HWS_ACTION_TYP_DROP
	};
	struct mlx5hws_action_reformat_attr attr = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3,
		.hdr_size = RF_VXLAN_HDR + 14,
	};
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct rf_frame f = rf_udp(NULL, 0, 0x0a000001), want;
	uint8_t hdr[RF_VXLAN_HDR + 14];
	struct rf_env e;

	rf_open(&e);
	rf_encap(&f, hdr, &want);
	memcpy(hdr + RF_VXLAN_HDR, f.b, 14);
	ra[0].action =
		rf_own(&e, mlx5hws_action_create_reformat(e.ctx, &attr, RX));
	ra[0].reformat.data = hdr;
	ra[1].action = e.drop;
	rf_rule(&e, 0, 0x0a000001, t, 2, ra);
	rf_expect(&e, &f, &want);
	rf_close(&e);
}
END_TEST

/*
 * L3 decap: everything up to the inner IP header goes and a new L2 header
 * comes in (a modify list of remove, 4-byte inserts and a 2-byte removal);
 * 14 bytes from each rule, 18 bytes with a VLAN shared.
 */
START_TEST(decap_l3)
{
	enum mlx5hws_action_type t[] = {
		MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2,
		MLX5HWS_ACTION_TYP_DROP
	};
	struct mlx5hws_action_reformat_attr attr = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2,
		.hdr_size = 14,
	};
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct rf_frame inner = rf_udp(NULL, 0, 0x0a000009),
			f = rf_vxlan(&inner),
			tagged = rf_udp(&rf_vlan, 1, 0x0a000009);
	struct rf_env e;

	rf_open(&e);
	ra[0].action =
		rf_own(&e, mlx5hws_action_create_reformat(e.ctx, &attr, RX));
	ra[0].reformat.data = inner.b;
	ra[1].action = e.drop;
	rf_rule(&e, 0, 0xc0a80001, t, 2, ra);
	rf_expect(&e, &f, &inner);
	rf_drop_rule(&e, 0);
	attr.hdr_size = 18;
	attr.hdr = tagged.b;
	ra[0].action =
		rf_own(&e, mlx5hws_action_create_reformat(e.ctx, &attr, RX));
	ra[0].reformat.data = NULL;
	rf_rule(&e, 0, 0xc0a80001, t, 2, ra);
	rf_expect(&e, &f, &tagged);
	rf_close(&e);
}
END_TEST

#define RF_BWC_RULES 200

/*
 * BWC rule r (source 10.0.0.2, encap at offset 1 with hdr) to a plain drop,
 * to push, push and encap (an action STE), and back to the encap alone.
 */
static void rf_bwc_updates(struct rf_env *e, struct mlx5hws_bwc_rule *r,
			   struct mlx5hws_action *encap, uint8_t *hdr)
{
	const uint32_t tags[2] = { rf_qinq, rf_vlan };
	struct rf_frame f = rf_udp(NULL, 0, 0x0a000002),
			tagged = rf_udp(tags, 2, 0x0a000002), want;
	struct mlx5hws_rule_action ra[4] = { { 0 } };
	struct mlx5hws_action *push =
		mlx5hws_action_create_push_vlan(e->ctx, RX);
	uint8_t hdr2[RF_VXLAN_HDR];
	struct hws_verdict v;

	ck_assert_ptr_nonnull(push);
	ra[0].action = e->drop;
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r, ra, 1), 0);
	v = rf_send(e, &f);
	ck_assert_int_eq(v.result, HWS_RESULT_DROP);
	ck_assert_uint_eq(v.out_len, 0); /* as it came */
	rf_encap(&tagged, hdr2, &want);
	ra[0].action = push;
	ra[0].push_vlan.vlan_hdr = htobe32(rf_vlan);
	ra[1].action = push;
	ra[1].push_vlan.vlan_hdr = htobe32(rf_qinq);
	ra[2].action = encap;
	ra[2].reformat.data = hdr2;
	ra[2].reformat.offset = 1;
	ra[3].action = e->drop;
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r, ra, 4), 0);
	ck_assert_ptr_nonnull(
		hws_rule_chunk((const struct mlx5hws_rule *)r).tbl);
	rf_expect(e, &f, &want);
	rf_encap(&f, hdr, &want);
	want.b[RF_VXLAN_HDR - 2] = 1;
	hdr[RF_VXLAN_HDR - 2] = 1;
	ra[0] = ra[2];
	ra[0].reformat.data = hdr;
	ra[1].action = e->drop;
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r, ra, 2), 0);
	ck_assert_ptr_null(hws_rule_chunk((const struct mlx5hws_rule *)r).tbl);
	rf_expect(e, &f, &want);
	ck_assert_int_eq(mlx5hws_action_destroy(push), 0);
}

/*
 * BWC rules with their own VLAN header (_i 0) or VXLAN header (_i 1),
 * enough that the matcher grows under them (rehash): the first and the
 * last rule still rewrite their frames.
 */
START_TEST(bwc_rewrites)
{
	struct mlx5hws_context_attr cattr = {
		.queues = 1, .queue_size = 16, .flags = MLX5HWS_CONTEXT_FLAG_BWC
	};
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					    .level = 1 };
	struct mlx5hws_action_reformat_attr enc = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
		.hdr_size = RF_VXLAN_HDR,
		.log_bulk_size = 8,
	};
	static uint8_t hdr[RF_BWC_RULES][RF_VXLAN_HDR];
	static struct mlx5hws_bwc_rule *r[RF_BWC_RULES];
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct t_param mask = { 0 }, val = { 0 };
	struct mlx5hws_bwc_matcher *bm;
	struct rf_frame f, want;
	struct rf_env e = { 0 };
	uint32_t tag;
	int i;

	e.ctx = t_ctx_open("sim:nic=" NIC, &cattr);
	e.tbl[0] = mlx5hws_table_create(e.ctx, &tattr);
	e.drop = mlx5hws_action_create_dest_drop(e.ctx, RX);
	ra[0].action = _i ? mlx5hws_action_create_reformat(e.ctx, &enc, RX) :
			    mlx5hws_action_create_push_vlan(e.ctx, RX);
	ck_assert_ptr_nonnull(ra[0].action);
	ra[1].action = e.drop;
	t_mask(&mask, "outer.ipv4_src");
	t_mask(&mask, "outer.ip_version");
	bm = mlx5hws_bwc_matcher_create(e.tbl[0], 0,
					t_criteria("outer.ipv4_src"), mask.buf);
	ck_assert_ptr_nonnull(bm);
	for (i = 0; i < RF_BWC_RULES; i++) {
		f = rf_udp(NULL, 0, 0x0a000001 + i);
		rf_encap(&f, hdr[i], &want);
		hdr[i][RF_VXLAN_HDR - 2] = i; /* each rule its VNI */
		t_set(&val, "outer.ipv4_src", 0x0a000001 + i);
		t_set(&val, "outer.ip_version", 4);
		ra[0].push_vlan.vlan_hdr = htobe32(0x81000064 + i);
		if (_i) {
			ra[0].reformat.data = hdr[i];
			ra[0].reformat.offset = i;
		}
		r[i] = mlx5hws_bwc_rule_create(bm, val.buf,
					       MLX5HWS_FLOW_SOURCE_ANY, ra, 2);
		ck_assert_ptr_nonnull(r[i]);
	}
	for (i = 0; i < RF_BWC_RULES; i += RF_BWC_RULES - 1) {
		f = rf_udp(NULL, 0, 0x0a000001 + i);
		tag = 0x81000064 + i;
		if (_i) {
			rf_encap(&f, hdr[i], &want);
			want.b[RF_VXLAN_HDR - 2] = i;
		} else {
			want = rf_udp(&tag, 1, 0x0a000001 + i);
		}
		rf_expect(&e, &f, &want);
	}
	if (_i)
		rf_bwc_updates(&e, r[1], ra[0].action, hdr[1]);
	for (i = 0; i < RF_BWC_RULES; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra[0].action), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e.drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e.tbl[0]), 0);
	ck_assert_int_eq(mlx5hws_context_close(e.ctx), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reformat_encap");
	TCase *tc = tcase_create("encap");

	/* via mlx5 the device answers each command late: the BWC growth */
	tcase_set_timeout(tc, 60);

	tcase_add_loop_test(tc, decap_l2_reparse, 0, 2);
	tcase_add_test(tc, encap_l2_per_rule);
	tcase_add_test(tc, push_push_encap);
	tcase_add_test(tc, six_actions);
	tcase_add_loop_test(tc, encap_shared_then_decap, 0, 2);
	tcase_add_test(tc, encap_l3);
	tcase_add_test(tc, decap_l3);
	tcase_add_loop_test(tc, bwc_rewrites, 0, 2);
	suite_add_tcase(s, tc);
	return t_run(s);
}
