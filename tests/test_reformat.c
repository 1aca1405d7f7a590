// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Header rewrites on real frames through the model: push and pop VLAN,
 * L2 decap, inline insert and remove header, and their refusals.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "libhws/prm.h"
#include "libhws/rule.h"

#define NIC "reformat"
#define RX MLX5HWS_ACTION_FLAG_NIC_RX

struct rf_frame {
	uint8_t b[256];
	size_t n;
};

static void rf_put(struct rf_frame *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

/* Ethernet with VLAN tags (TPID << 16 | TCI), IPv4 from src, UDP, payload */
static struct rf_frame rf_udp(const uint32_t *tags, int ntags, uint32_t src)
{
	static const uint8_t macs[12] = { 0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10 };
	uint8_t ip[20] = { 0x45, 0, 0, 20 + 8 + 8, 0, 0, 0, 0, 64, 17 };
	uint8_t udp[8] = { 0x30, 0x39, 0x00, 0x35, 0, 16, 0, 0 };
	uint8_t pay[8] = { 'r', 'e', 'f', 'o', 'r', 'm', 'a', 't' };
	struct rf_frame f = { .n = 0 };
	uint8_t t[4];
	int i;

	rf_put(&f, macs, sizeof(macs));
	for (i = 0; i < ntags; i++) {
		t[0] = tags[i] >> 24;
		t[1] = tags[i] >> 16;
		t[2] = tags[i] >> 8;
		t[3] = tags[i];
		rf_put(&f, t, 4);
	}
	rf_put(&f, (uint8_t[]){ 0x08, 0x00 }, 2);
	ip[12] = src >> 24;
	ip[13] = src >> 16;
	ip[14] = src >> 8;
	ip[15] = src;
	memcpy(ip + 16, (uint8_t[]){ 10, 0, 0, 2 }, 4);
	rf_put(&f, ip, sizeof(ip));
	rf_put(&f, udp, sizeof(udp));
	rf_put(&f, pay, sizeof(pay));
	return f;
}

/* The inner frame in outer Ethernet/IPv4/UDP 4789/VXLAN VNI 42. */
static struct rf_frame rf_vxlan(const struct rf_frame *inner)
{
	struct rf_frame f = rf_udp(NULL, 0, 0xc0a80001);
	uint8_t vxlan[8] = { 0x08, 0, 0, 0, 0, 0, 42, 0 };
	size_t udp_len = 8 + 8 + inner->n;

	f.n = 14 + 20; /* the outer UDP follows */
	f.b[14 + 3] = 20 + udp_len;
	rf_put(&f, (uint8_t[]){ 0xc0, 0x00, 0x12, 0xb5, 0, udp_len, 0, 0 }, 8);
	rf_put(&f, vxlan, sizeof(vxlan));
	rf_put(&f, inner->b, inner->n);
	return f;
}

/*
 * The model NIC: by default one that reparses by STC; the loop tests'
 * second run takes one whose RTCs reparse after every STE (no BY_STC).
 */
static const char *rf_spec = "sim:nic=" NIC, *rf_nic = NIC;

static void rf_nic_of(int i)
{
	if (i) {
		rf_spec = "sim:nic=reformat_rtc,rtc_reparse_mode=3";
		rf_nic = "reformat_rtc";
	}
}

struct rf_env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl[2];
	struct mlx5hws_action *drop, *to2;
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action_template *at[2];
	struct mlx5hws_matcher *m[2];
	struct mlx5hws_rule *r[2];
	struct mlx5hws_action *own[6]; /* the test's, destroyed last */
	struct mlx5hws_match_template *own_mt;
};

static struct mlx5hws_action *rf_own(struct rf_env *e, struct mlx5hws_action *a)
{
	int i;

	ck_assert_msg(a, "action: %s", strerror(errno));
	for (i = 0; e->own[i]; i++)
		;
	e->own[i] = a;
	return a;
}

static void rf_open(struct rf_env *e)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX };
	struct t_param mask = { 0 };
	int i;

	memset(e, 0, sizeof(*e));
	e->ctx = t_ctx_open(rf_spec, &cattr);
	for (i = 0; i < 2; i++) {
		tattr.level = i + 1;
		e->tbl[i] = mlx5hws_table_create(e->ctx, &tattr);
		ck_assert_ptr_nonnull(e->tbl[i]);
	}
	e->drop = mlx5hws_action_create_dest_drop(e->ctx, RX);
	e->to2 = mlx5hws_action_create_dest_table(e->ctx, e->tbl[1], RX);
	ck_assert_ptr_nonnull(e->drop);
	ck_assert_ptr_nonnull(e->to2);
	t_mask(&mask, "outer.ipv4_src");
	t_mask(&mask, "outer.ip_version");
	e->mt = mlx5hws_match_template_create(e->ctx, mask.buf,
					      MLX5HWS_MATCH_PARAM_SZ,
					      t_criteria("outer.ipv4_src"));
	ck_assert_ptr_nonnull(e->mt);
}

/*
 * The rule of table i: the packets from src take the actions ra of types
 * (the last one the terminal).
 */
static void rf_rule(struct rf_env *e, int i, uint32_t src,
		    const enum mlx5hws_action_type *types, unsigned int n,
		    const struct mlx5hws_rule_action *ra)
{
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct t_param val = { 0 };

	/* room for a few rules */
	mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].rule.num_log = 4;
	e->at[i] = mlx5hws_action_template_create(types, n);
	ck_assert_ptr_nonnull(e->at[i]);
	e->m[i] = mlx5hws_matcher_create(e->tbl[i], &e->mt, 1, &e->at[i], 1,
					 &mattr);
	ck_assert_ptr_nonnull(e->m[i]);
	t_set(&val, "outer.ipv4_src", src);
	t_set(&val, "outer.ip_version", 4);
	e->r[i] = mlx5hws_rule_create(e->m[i], 0, val.buf, 0, ra, &rattr);
	ck_assert_ptr_nonnull(e->r[i]);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
}

static void rf_close(struct rf_env *e)
{
	struct mlx5hws_rule_attr rattr = { 0 };
	int i;

	for (i = 0; i < 2; i++) {
		if (!e->r[i])
			continue;
		ck_assert_int_eq(mlx5hws_rule_destroy(e->r[i], &rattr), 0);
		ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
		ck_assert_int_eq(mlx5hws_matcher_destroy(e->m[i]), 0);
		ck_assert_int_eq(mlx5hws_action_template_destroy(e->at[i]), 0);
	}
	ck_assert_int_eq(mlx5hws_match_template_destroy(e->mt), 0);
	if (e->own_mt)
		ck_assert_int_eq(mlx5hws_match_template_destroy(e->own_mt), 0);
	for (i = 0; i < 6 && e->own[i]; i++)
		ck_assert_int_eq(mlx5hws_action_destroy(e->own[i]), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->to2), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	for (i = 1; i >= 0; i--)
		ck_assert_int_eq(mlx5hws_table_destroy(e->tbl[i]), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
}

/* Send f into table 0; it must be dropped, and leave as want. */
static void rf_expect(const struct rf_env *e, const struct rf_frame *f,
		      const struct rf_frame *want)
{
	struct hws_packet pkt = { .side = HWS_SIDE_RX };
	static struct hws_verdict v;
	size_t i;

	pkt.frame = f->b;
	pkt.frame_len = f->n;
	pkt.bytes = f->n;
	ck_assert_int_eq(sim_classify(t_nic(rf_nic),
				      mlx5hws_table_get_id(e->tbl[0]), &pkt,
				      &v),
			 0);
	ck_assert_int_eq(v.result, HWS_RESULT_DROP);
	ck_assert_uint_eq(v.out_len, want->n);
	for (i = 0; i < want->n; i++)
		ck_assert_msg(v.out_frame[i] == want->b[i],
			      "byte %zu: 0x%02x, want 0x%02x", i,
			      v.out_frame[i], want->b[i]);
}

static const uint32_t rf_vlan = 0x81000064, rf_qinq = 0x88a80005;

/*
 * Push VLAN 100 in table 1, then table 2 matches the new header (the
 * STC's reparse) and pops it: the frame leaves as it came.
 */
START_TEST(push_then_pop)
{
	enum mlx5hws_action_type t0[] = { MLX5HWS_ACTION_TYP_PUSH_VLAN,
					  MLX5HWS_ACTION_TYP_TBL },
				 t1[] = { MLX5HWS_ACTION_TYP_POP_VLAN,
					  MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_rule_action ra0[2] = { { 0 } }, ra1[2] = { { 0 } };
	struct rf_frame f = rf_udp(NULL, 0, 0x0a000001);
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct t_param mask = { 0 }, val = { 0 };
	struct rf_env e;

	rf_nic_of(_i);
	rf_open(&e);
	ra0[0].action = rf_own(&e, mlx5hws_action_create_push_vlan(e.ctx, RX));
	ra0[0].push_vlan.vlan_hdr = htobe32(rf_vlan);
	ra0[1].action = e.to2;
	rf_rule(&e, 0, 0x0a000001, t0, 2, ra0);
	/* table 2 matches the pushed VLAN id */
	t_mask(&mask, "outer.vlan_id");
	e.own_mt = mlx5hws_match_template_create(e.ctx, mask.buf,
						 MLX5HWS_MATCH_PARAM_SZ,
						 t_criteria("outer.vlan_id"));
	ck_assert_ptr_nonnull(e.own_mt);
	e.at[1] = mlx5hws_action_template_create(t1, 2);
	e.m[1] = mlx5hws_matcher_create(e.tbl[1], &e.own_mt, 1, &e.at[1], 1,
					&mattr);
	ck_assert_ptr_nonnull(e.m[1]);
	t_set(&val, "outer.vlan_id", 100);
	ra1[0].action = rf_own(&e, mlx5hws_action_create_pop_vlan(e.ctx, RX));
	ra1[1].action = e.drop;
	e.r[1] = mlx5hws_rule_create(e.m[1], 0, val.buf, 0, ra1, &rattr);
	ck_assert_ptr_nonnull(e.r[1]);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	rf_expect(&e, &f, &f);
	ck_assert_int_eq(mlx5hws_action_destroy(ra0[0].action), EBUSY);
	rf_close(&e);
}
END_TEST

/* Push alone: the 4 bytes after the MACs, each rule its own. */
START_TEST(push_bytes)
{
	enum mlx5hws_action_type t[] = { MLX5HWS_ACTION_TYP_PUSH_VLAN,
					 MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct rf_frame f = rf_udp(NULL, 0, 0x0a000001),
			want = rf_udp(&rf_vlan, 1, 0x0a000001);
	struct rf_env e;

	rf_open(&e);
	ra[0].action = rf_own(&e, mlx5hws_action_create_push_vlan(e.ctx, RX));
	ra[0].push_vlan.vlan_hdr = htobe32(rf_vlan);
	ra[1].action = e.drop;
	rf_rule(&e, 0, 0x0a000001, t, 2, ra);
	rf_expect(&e, &f, &want);
	rf_close(&e);
}
END_TEST

static void rf_drop_rule(struct rf_env *e, int i)
{
	ck_assert_int_eq(mlx5hws_rule_destroy(e->r[i],
					      &(struct mlx5hws_rule_attr){ 0 }),
			 0);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(e->m[i]), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at[i]), 0);
	e->r[i] = NULL;
}

/* Two pops in a row: the template merges them into one 4-word removal. */
START_TEST(double_pop)
{
	enum mlx5hws_action_type t[] = { MLX5HWS_ACTION_TYP_POP_VLAN,
					 MLX5HWS_ACTION_TYP_POP_VLAN,
					 MLX5HWS_ACTION_TYP_DROP };
	const uint32_t tags[2] = { rf_qinq, rf_vlan };
	struct mlx5hws_rule_action ra[3] = { { 0 } };
	struct rf_frame f = rf_udp(tags, 2, 0x0a000001),
			want = rf_udp(NULL, 0, 0x0a000001),
			one = rf_udp(&tags[1], 1, 0x0a000001);
	struct rf_env e;

	rf_open(&e);
	ra[0].action = rf_own(&e, mlx5hws_action_create_pop_vlan(e.ctx, RX));
	ra[1].action = ra[0].action;
	ra[2].action = e.drop;
	rf_rule(&e, 0, 0x0a000001, t, 3, ra);
	rf_expect(&e, &f, &want);
	rf_drop_rule(&e, 0);
	/* a single pop takes the outer tag only */
	t[1] = MLX5HWS_ACTION_TYP_DROP;
	ra[1].action = e.drop;
	rf_rule(&e, 0, 0x0a000001, t, 2, ra);
	rf_expect(&e, &f, &one);
	rf_close(&e);
}
END_TEST

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

/* Remove from anchor to anchor, as a decap. */
START_TEST(remove_by_anchors)
{
	enum mlx5hws_action_type t[] = { MLX5HWS_ACTION_TYP_REMOVE_HEADER,
					 MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_action_remove_header_attr rattr = {
		.type = MLX5HWS_ACTION_REMOVE_HEADER_BY_ANCHORS,
		.anchor = MLX5HWS_ANCHOR_PACKET_START,
		.end_anchor = MLX5HWS_ANCHOR_INNER_MAC,
		.decap = 1,
	};
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct rf_frame inner = rf_udp(&rf_vlan, 1, 0x0a000009),
			f = rf_vxlan(&inner);
	struct rf_env e;

	rf_open(&e);
	ra[0].action = rf_own(
		&e, mlx5hws_action_create_remove_header(e.ctx, &rattr, RX));
	ra[1].action = e.drop;
	rf_rule(&e, 0, 0xc0a80001, t, 2, ra);
	rf_expect(&e, &f, &inner);
	rf_close(&e);
}
END_TEST

/* Remove by size: the 4 bytes of the outer VLAN, like a pop. */
START_TEST(remove_by_size)
{
	enum mlx5hws_action_type t[] = { MLX5HWS_ACTION_TYP_REMOVE_HEADER,
					 MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_action_remove_header_attr rattr = {
		.type = MLX5HWS_ACTION_REMOVE_HEADER_BY_SIZE,
		.anchor = MLX5HWS_ANCHOR_FIRST_VLAN_START,
		.size = 4,
	};
	const uint32_t tags[2] = { rf_qinq, rf_vlan };
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct rf_frame f = rf_udp(tags, 2, 0x0a000001),
			want = rf_udp(&rf_vlan, 1, 0x0a000001);
	struct rf_env e;

	rf_open(&e);
	ra[0].action = rf_own(
		&e, mlx5hws_action_create_remove_header(e.ctx, &rattr, RX));
	ra[1].action = e.drop;
	rf_rule(&e, 0, 0x0a000001, t, 2, ra);
	rf_expect(&e, &f, &want);
	rf_close(&e);
}
END_TEST

/* A 4-byte inline insert: the action's own header, then each rule's. */
START_TEST(insert_inline)
{
	enum mlx5hws_action_type t[] = { MLX5HWS_ACTION_TYP_INSERT_HEADER,
					 MLX5HWS_ACTION_TYP_DROP };
	const uint8_t qinq[4] = { 0x88, 0xa8, 0x00, 0x05 },
		      vlan[4] = { 0x81, 0x00, 0x00, 0x64 };
	struct mlx5hws_action_insert_header_attr iattr = {
		.anchor = MLX5HWS_ANCHOR_PACKET_START,
		.offset = 12,
		.size = 4,
		.hdr = qinq,
	};
	const uint32_t tags[2] = { rf_qinq, rf_vlan };
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct rf_frame f = rf_udp(&rf_vlan, 1, 0x0a000001),
			want = rf_udp(tags, 2, 0x0a000001),
			plain = rf_udp(NULL, 0, 0x0a000001);
	struct rf_env e;

	rf_open(&e);
	ra[0].action = rf_own(
		&e, mlx5hws_action_create_insert_header(e.ctx, &iattr, RX));
	ra[1].action = e.drop;
	rf_rule(&e, 0, 0x0a000001, t, 2, ra);
	rf_expect(&e, &f, &want);
	rf_drop_rule(&e, 0);
	iattr.hdr = NULL;
	ra[0].action = rf_own(
		&e, mlx5hws_action_create_insert_header(e.ctx, &iattr, RX));
	ra[0].reformat.data = vlan;
	rf_rule(&e, 0, 0x0a000001, t, 2, ra);
	rf_expect(&e, &plain, &f);
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
			"test_reformat: tshark is not installed; its decode of the encap is skipped\n");
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

/* Insert header of 8 bytes from the ARG after the IPv4 header. */
START_TEST(insert_from_arg)
{
	enum mlx5hws_action_type t[] = { MLX5HWS_ACTION_TYP_INSERT_HEADER,
					 MLX5HWS_ACTION_TYP_DROP };
	const uint8_t ins[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct mlx5hws_action_insert_header_attr iattr = {
		.anchor = MLX5HWS_ANCHOR_L4_PAYLOAD,
		.size = 8,
		.hdr = ins,
	};
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct rf_frame f = rf_udp(NULL, 0, 0x0a000001), want = f;
	struct rf_env e;

	/* the 8 bytes before the UDP payload */
	memmove(want.b + 14 + 20 + 8 + 8, want.b + 14 + 20 + 8, 8);
	memcpy(want.b + 14 + 20 + 8, ins, 8);
	want.n += 8;
	rf_open(&e);
	ra[0].action = rf_own(
		&e, mlx5hws_action_create_insert_header(e.ctx, &iattr, RX));
	ra[1].action = e.drop;
	rf_rule(&e, 0, 0x0a000001, t, 2, ra);
	rf_expect(&e, &f, &want);
	rf_close(&e);
}
END_TEST

/*
 * The debug dump names the rewrites of an action template as the kernel
 * does (mlx_steering_dump reads them).
 */
START_TEST(dump_names)
{
	static const struct {
		enum mlx5hws_action_type t;
		const char *csv;
	} cases[] = {
		{ MLX5HWS_ACTION_TYP_PUSH_VLAN, ",2,PUSH_VLAN,DROP\n" },
		{ MLX5HWS_ACTION_TYP_POP_VLAN, ",2,POP_VLAN,DROP\n" },
		{ MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2,
		  ",2,TNL_L2_TO_L2,DROP\n" },
		{ MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
		  ",2,L2_TO_TNL_L2,DROP\n" },
		{ MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2,
		  ",2,TNL_L3_TO_L2,DROP\n" },
		{ MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3,
		  ",2,L2_TO_TNL_L3,DROP\n" },
		{ MLX5HWS_ACTION_TYP_INSERT_HEADER, ",2,INSERT_HEADER,DROP\n" },
		{ MLX5HWS_ACTION_TYP_REMOVE_HEADER, ",2,REMOVE_HEADER,DROP\n" },
		{ MLX5HWS_ACTION_TYP_MODIFY_HDR, ",2,MODIFY_HDR,DROP\n" },
	};
	enum { N = sizeof(cases) / sizeof(cases[0]) };
	struct mlx5hws_action_template *at[N];
	struct mlx5hws_matcher_attr mattr = { 0 };
	enum mlx5hws_action_type t[2];
	char *text = NULL;
	size_t len = 0, i;
	struct rf_env e;
	FILE *f;

	rf_open(&e);
	t[1] = MLX5HWS_ACTION_TYP_DROP;
	for (i = 0; i < N; i++) {
		t[0] = cases[i].t;
		at[i] = mlx5hws_action_template_create(t, 2);
		ck_assert_ptr_nonnull(at[i]);
	}
	e.m[0] = mlx5hws_matcher_create(e.tbl[0], &e.mt, 1, at, N, &mattr);
	ck_assert_ptr_nonnull(e.m[0]);
	f = open_memstream(&text, &len);
	ck_assert_int_eq(mlx5hws_debug_dump(e.ctx, f), 0);
	fclose(f);
	for (i = 0; i < N; i++)
		ck_assert_msg(strstr(text, cases[i].csv), "%s: %s",
			      cases[i].csv, text);
	free(text);
	ck_assert_int_eq(mlx5hws_matcher_destroy(e.m[0]), 0);
	for (i = 0; i < N; i++)
		ck_assert_int_eq(mlx5hws_action_template_destroy(at[i]), 0);
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

#define rf_refused(expr, err)                 \
	do {                                  \
		errno = 0;                    \
		ck_assert_ptr_null(expr);     \
		ck_assert_int_eq(errno, err); \
	} while (0)

START_TEST(refusals)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_action_remove_header_attr rattr = {
		.type = MLX5HWS_ACTION_REMOVE_HEADER_BY_SIZE,
		.anchor = MLX5HWS_ANCHOR_MAC,
		.size = 3,
	};
	struct mlx5hws_action_insert_header_attr iattr = {
		.anchor = MLX5HWS_ANCHOR_PACKET_START,
		.offset = 12,
		.size = 4,
	};
	struct mlx5hws_action_reformat_attr fattr = {
		.type = MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2,
	};
	struct mlx5hws_context *ctx = t_ctx_open("sim:nic=" NIC, &cattr);
	uint32_t objects = t_objects(NIC);

	rf_refused(mlx5hws_action_create_push_vlan(NULL, RX), EINVAL);
	rf_refused(mlx5hws_action_create_pop_vlan(ctx, 0), EINVAL);
	rf_refused(mlx5hws_action_create_pop_vlan(ctx, 1u << 5), EINVAL);
	/* remove header: odd, too long, no size, unknown anchor, comp_mask */
	rf_refused(mlx5hws_action_create_remove_header(ctx, &rattr, RX),
		   EINVAL);
	rattr.size = 128;
	rf_refused(mlx5hws_action_create_remove_header(ctx, &rattr, RX),
		   EINVAL);
	rattr.size = 0;
	rf_refused(mlx5hws_action_create_remove_header(ctx, &rattr, RX),
		   EINVAL);
	rattr.size = 4;
	rattr.anchor = 0x3f;
	rf_refused(mlx5hws_action_create_remove_header(ctx, &rattr, RX),
		   EOPNOTSUPP);
	rattr.anchor = MLX5HWS_ANCHOR_MAC;
	rattr.decap = 1;
	rf_refused(mlx5hws_action_create_remove_header(ctx, &rattr, RX),
		   EINVAL);
	rattr.decap = 0;
	rattr.comp_mask = 1;
	rf_refused(mlx5hws_action_create_remove_header(ctx, &rattr, RX),
		   EINVAL);
	rattr.comp_mask = 0;
	rattr.type = MLX5HWS_ACTION_REMOVE_HEADER_BY_ANCHORS;
	rattr.size = 0;
	rattr.end_anchor = MLX5HWS_ANCHOR_MAC; /* not after the start */
	rf_refused(mlx5hws_action_create_remove_header(ctx, &rattr, RX),
		   EINVAL);
	rattr.type = 7;
	rf_refused(mlx5hws_action_create_remove_header(ctx, &rattr, RX),
		   EINVAL);
	rf_refused(mlx5hws_action_create_remove_header(ctx, NULL, RX), EINVAL);
	/* insert header: odd offset, odd size, past the field, anchor */
	iattr.offset = 13;
	rf_refused(mlx5hws_action_create_insert_header(ctx, &iattr, RX),
		   EINVAL);
	iattr.offset = 256;
	rf_refused(mlx5hws_action_create_insert_header(ctx, &iattr, RX),
		   EINVAL);
	iattr.offset = 12;
	iattr.size = 5;
	rf_refused(mlx5hws_action_create_insert_header(ctx, &iattr, RX),
		   EINVAL);
	iattr.size = 256;
	rf_refused(mlx5hws_action_create_insert_header(ctx, &iattr, RX),
		   EINVAL);
	iattr.size = 14;
	iattr.log_bulk_size = 30; /* past the ARG cap */
	rf_refused(mlx5hws_action_create_insert_header(ctx, &iattr, RX), E2BIG);
	iattr.hdr = "shared header!";
	iattr.log_bulk_size = 2; /* a shared header is one */
	rf_refused(mlx5hws_action_create_insert_header(ctx, &iattr, RX),
		   EINVAL);
	iattr.hdr = NULL;
	iattr.log_bulk_size = 0;
	iattr.encap = 2;
	rf_refused(mlx5hws_action_create_insert_header(ctx, &iattr, RX),
		   EINVAL);
	iattr.encap = 0;
	iattr.size = 4;
	iattr.log_bulk_size = 3;
	rf_refused(mlx5hws_action_create_insert_header(ctx, &iattr, RX),
		   EINVAL);
	iattr.log_bulk_size = 0;
	iattr.anchor = 0x20;
	rf_refused(mlx5hws_action_create_insert_header(ctx, &iattr, RX),
		   EOPNOTSUPP);
	/* reformat: a decap takes no header; not a reformat type */
	fattr.hdr_size = 14;
	rf_refused(mlx5hws_action_create_reformat(ctx, &fattr, RX), EINVAL);
	fattr.hdr_size = 0;
	fattr.type = MLX5HWS_ACTION_TYP_DROP;
	rf_refused(mlx5hws_action_create_reformat(ctx, &fattr, RX), EINVAL);
	fattr.type = MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2;
	fattr.comp_mask = 2;
	rf_refused(mlx5hws_action_create_reformat(ctx, &fattr, RX), EINVAL);
	/* encap: shorter than Ethernet and IPv4, odd, past the field */
	fattr.comp_mask = 0;
	fattr.type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2;
	fattr.hdr_size = 14;
	rf_refused(mlx5hws_action_create_reformat(ctx, &fattr, RX), EINVAL);
	fattr.hdr_size = 51;
	rf_refused(mlx5hws_action_create_reformat(ctx, &fattr, RX), EINVAL);
	fattr.type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3;
	fattr.hdr_size = 256;
	rf_refused(mlx5hws_action_create_reformat(ctx, &fattr, RX), EINVAL);
	fattr.type = MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2;
	fattr.hdr_size = 16; /* L2 headers of 14 or 18 bytes */
	rf_refused(mlx5hws_action_create_reformat(ctx, &fattr, RX), EINVAL);
	fattr.hdr_size = 14;
	fattr.log_bulk_size = 30;
	rf_refused(mlx5hws_action_create_reformat(ctx, &fattr, RX), E2BIG);
	ck_assert_uint_eq(t_objects(NIC), objects);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/* An inline insert without a shared header needs each rule's. */
START_TEST(insert_without_data)
{
	enum mlx5hws_action_type t[] = { MLX5HWS_ACTION_TYP_INSERT_HEADER,
					 MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_action_insert_header_attr iattr = {
		.anchor = MLX5HWS_ANCHOR_PACKET_START,
		.offset = 12,
		.size = 4,
	};
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra[2] = { { 0 } };
	struct t_param val = { 0 };
	struct rf_env e;

	rf_open(&e);
	ra[0].action = mlx5hws_action_create_insert_header(e.ctx, &iattr, RX);
	ck_assert_ptr_nonnull(ra[0].action);
	ra[1].action = e.drop;
	e.at[0] = mlx5hws_action_template_create(t, 2);
	e.m[0] =
		mlx5hws_matcher_create(e.tbl[0], &e.mt, 1, &e.at[0], 1, &mattr);
	ck_assert_ptr_nonnull(e.m[0]);
	errno = 0;
	ck_assert_ptr_null(
		mlx5hws_rule_create(e.m[0], 0, val.buf, 0, ra, &rattr));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(mlx5hws_matcher_destroy(e.m[0]), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e.at[0]), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra[0].action), 0);
	rf_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reformat");
	TCase *tc = tcase_create("reformat");

	/* via mlx5 the device answers each command late: the BWC growth */
	tcase_set_timeout(tc, 60);

	tcase_add_test(tc, push_bytes);
	tcase_add_loop_test(tc, push_then_pop, 0, 2);
	tcase_add_test(tc, double_pop);
	tcase_add_loop_test(tc, decap_l2_reparse, 0, 2);
	tcase_add_test(tc, remove_by_anchors);
	tcase_add_test(tc, remove_by_size);
	tcase_add_test(tc, insert_inline);
	tcase_add_test(tc, encap_l2_per_rule);
	tcase_add_test(tc, push_push_encap);
	tcase_add_test(tc, six_actions);
	tcase_add_loop_test(tc, encap_shared_then_decap, 0, 2);
	tcase_add_test(tc, encap_l3);
	tcase_add_test(tc, insert_from_arg);
	tcase_add_test(tc, decap_l3);
	tcase_add_loop_test(tc, bwc_rewrites, 0, 2);
	tcase_add_test(tc, dump_names);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, insert_without_data);
	suite_add_tcase(s, tc);
	return t_run(s);
}
