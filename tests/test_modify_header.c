// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Modify-header actions on real frames through the model: NAT with valid
 * checksums, inline single actions, pattern sharing, NOP insertion and the
 * argument shift it causes, per-rule arguments, every refusal, BWC rules
 * across rehashes and action updates both ways.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "helpers.h"
#include "libhws/action.h"
#include "libhws/context.h"
#include "libhws/pat_arg.h"
#include "libhws/prm.h"

#define NIC "modhdr"

/* The PRM's 8-byte actions, as a caller writes them. */
static uint64_t mh_set(uint32_t type, uint16_t field, uint8_t off, uint8_t len,
		       uint32_t data)
{
	uint64_t a = 0;

	DEVX_SET(set_action_in, &a, action_type, type);
	DEVX_SET(set_action_in, &a, field, field);
	DEVX_SET(set_action_in, &a, offset, off);
	DEVX_SET(set_action_in, &a, length, len & 31);
	DEVX_SET(set_action_in, &a, data, data);
	return a;
}

static uint64_t mh_copy(uint32_t type, uint16_t src, uint8_t soff, uint16_t dst,
			uint8_t doff, uint8_t len)
{
	uint64_t a = 0;

	DEVX_SET(copy_action_in, &a, action_type, type);
	DEVX_SET(copy_action_in, &a, src_field, src);
	DEVX_SET(copy_action_in, &a, src_offset, soff);
	DEVX_SET(copy_action_in, &a, dst_field, dst);
	DEVX_SET(copy_action_in, &a, dst_offset, doff);
	DEVX_SET(copy_action_in, &a, length, len & 31);
	return a;
}

#define SET(f, len, v) mh_set(MLX5_MODIFICATION_TYPE_SET, f, 0, len, v)
#define ADD(f, len, v) mh_set(MLX5_MODIFICATION_TYPE_ADD, f, 0, len, v)

struct env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *drop;
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action_template *at;
	struct mlx5hws_matcher *m;
};

static void env_open(struct env *e)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.queue_size = 64,
	};
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					    .level = 1 };
	const enum mlx5hws_action_type types[] = {
		MLX5HWS_ACTION_TYP_MODIFY_HDR, MLX5HWS_ACTION_TYP_DROP
	};
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct t_param mask = { 0 };

	mattr.size[0].rule.num_log = 11;
	memset(e, 0, sizeof(*e));
	e->ctx = t_ctx_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(e->ctx);
	e->tbl = mlx5hws_table_create(e->ctx, &tattr);
	ck_assert_ptr_nonnull(e->tbl);
	e->drop = mlx5hws_action_create_dest_drop(e->ctx,
						  MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(e->drop);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	e->mt = mlx5hws_match_template_create(e->ctx, mask.buf,
					      MLX5HWS_MATCH_PARAM_SZ,
					      t_criteria("outer.ipv4_dst"));
	ck_assert_ptr_nonnull(e->mt);
	e->at = mlx5hws_action_template_create(types, 2);
	ck_assert_ptr_nonnull(e->at);
	e->m = mlx5hws_matcher_create(e->tbl, &e->mt, 1, &e->at, 1, &mattr);
	ck_assert_ptr_nonnull(e->m);
}

static void env_close(struct env *e)
{
	ck_assert_int_eq(mlx5hws_matcher_destroy(e->m), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(e->mt), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

static struct mlx5hws_action *mh_create(struct env *e, const uint64_t *acts,
					uint32_t num, uint32_t log_bulk)
{
	struct mlx5hws_action_modify_header_attr attr = {
		.log_bulk_size = log_bulk,
		.num_actions = num,
		.actions = acts,
	};

	return mlx5hws_action_create_modify_header(e->ctx, &attr,
						   MLX5HWS_ACTION_FLAG_NIC_RX);
}

static struct mlx5hws_rule *rule_add(struct env *e, uint32_t dip,
				     struct mlx5hws_action *mh, uint32_t offset,
				     const uint64_t *data)
{
	struct mlx5hws_rule_action ra[2] = { { .action = mh },
					     { .action = e->drop } };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule *r;
	struct t_param v = { 0 };

	ra[0].modify_header.offset = offset;
	ra[0].modify_header.data = (const uint8_t *)data;
	t_set(&v, "outer.ipv4_dst", dip);
	t_set(&v, "outer.ip_version", 4);
	r = mlx5hws_rule_create(e->m, 0, v.buf, 0, ra, &rattr);
	if (r)
		t_check(t_drain(e->ctx, 0) == 0, "rule %x failed", dip);
	return r;
}

static void rule_del(struct env *e, struct mlx5hws_rule *r)
{
	struct mlx5hws_rule_attr rattr = { 0 };

	ck_assert_int_eq(mlx5hws_rule_destroy(r, &rattr), 0);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
}

/* A TCP (proto 6) or UDP (17) frame to dip, through the table. */
static struct hws_verdict send_frame(struct mlx5hws_table *tbl, uint32_t dip,
				     uint8_t proto, uint8_t *in, size_t *len)
{
	struct hws_packet pkt = { .side = HWS_SIDE_RX };
	const char *why = "";
	struct hws_verdict v;
	struct t_param p = { 0 };

	t_set(&p, "outer.ethertype", 0x0800);
	t_set(&p, "outer.ip_version", 4);
	t_set(&p, "outer.ipv4_src", 0x01020304);
	t_set(&p, "outer.ipv4_dst", dip);
	t_set(&p, "outer.ip_protocol", proto);
	t_set(&p, "outer.ttl", 64);
	if (proto == 6) {
		t_set(&p, "outer.tcp_sport", 1000);
		t_set(&p, "outer.tcp_dport", 80);
	} else {
		t_set(&p, "outer.udp_sport", 1000);
		t_set(&p, "outer.udp_dport", 53);
	}
	t_check(!frame_build((const uint8_t *)p.buf, in, len, &why),
		"frame_build: %s", why);
	pkt.frame = in;
	pkt.frame_len = *len;
	pkt.bytes = *len;
	t_check(!sim_classify(t_nic(NIC), mlx5hws_table_get_id(tbl), &pkt, &v),
		"classify");
	return v;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

/* The IPv4 header and TCP/UDP checksums of an untagged frame verify. */
static void check_checksums(const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + 14, *l4;
	size_t ihl = (ip[0] & 0xf) * 4, l4len;
	uint32_t sum;

	ck_assert_uint_eq(csum_fold(csum_add(0, ip, ihl)), 0xffff);
	l4 = ip + ihl;
	l4len = ((size_t)ip[2] << 8 | ip[3]) - ihl;
	ck_assert_uint_le(14 + ihl + l4len, len);
	sum = csum_add(0, ip + 12, 8) + ip[9] + (uint32_t)l4len;
	ck_assert_uint_eq(csum_fold(csum_add(sum, l4, l4len)), 0xffff);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* NAT: destination address and port, TTL - 1, checksums still valid. */
START_TEST(test_nat)
{
	const uint8_t protos[] = { 6, 17 };
	uint8_t in[FRAME_BUILD_MAX];
	unsigned int i;
	struct env e;

	env_open(&e);
	for (i = 0; i < 2; i++) {
		uint16_t dport = protos[i] == 6 ? MLX5_MODI_OUT_TCP_DPORT :
						  MLX5_MODI_OUT_UDP_DPORT;
		const uint64_t acts[] = {
			SET(MLX5_MODI_OUT_DIPV4, 32, 0xc0a80005),
			SET(dport, 16, 8080),
			ADD(MLX5_MODI_OUT_IPV4_TTL, 8, 0xff),
		};
		struct mlx5hws_action *mh = mh_create(&e, acts, 3, 0);
		struct mlx5hws_rule *r;
		struct hws_verdict v;
		size_t len;

		ck_assert_ptr_nonnull(mh);
		r = rule_add(&e, 0x0a000001, mh, 0, NULL);
		ck_assert_ptr_nonnull(r);
		v = send_frame(e.tbl, 0x0a000001, protos[i], in, &len);
		ck_assert_int_eq(v.result, HWS_RESULT_DROP);
		ck_assert_uint_eq(v.out_len, len);
		ck_assert_uint_eq(rd32(v.out_frame + 14 + 16), 0xc0a80005);
		ck_assert_uint_eq(v.out_frame[14 + 8], 63);
		ck_assert_uint_eq(rd16(v.out_frame + 14 + 20 + 2), 8080);
		ck_assert_uint_eq(rd32(v.out_frame + 14 + 12), 0x01020304);
		check_checksums(v.out_frame, v.out_len);
		/* another destination: no rule, no rewrite */
		v = send_frame(e.tbl, 0x0a000002, protos[i], in, &len);
		ck_assert_uint_eq(v.out_len, 0);
		rule_del(&e, r);
		ck_assert_int_eq(mlx5hws_action_destroy(mh), 0);
	}
	env_close(&e);
}
END_TEST

/* One action is an inline STC: a rule's own value, or the action's. */
START_TEST(test_single)
{
	const uint64_t set = SET(MLX5_MODI_OUT_DIPV4, 32, 0x0b000001);
	const uint64_t mine = SET(MLX5_MODI_OUT_DIPV4, 32, 0x0c000002);
	const uint64_t copy = mh_copy(MLX5_MODIFICATION_TYPE_COPY,
				      MLX5_MODI_OUT_SIPV4, 0,
				      MLX5_MODI_OUT_DIPV4, 0, 32);
	struct mlx5hws_action *mh, *cp;
	struct mlx5hws_rule *r1, *r2, *r3;
	uint8_t in[FRAME_BUILD_MAX];
	uint32_t objects;
	struct hws_verdict v;
	struct env e;
	size_t len;

	env_open(&e);
	objects = t_objects(NIC);
	mh = mh_create(&e, &set, 1, 0);
	ck_assert_ptr_nonnull(mh);
	/* no pattern, no ARG: only its STC slot */
	ck_assert_uint_eq(t_objects(NIC), objects);
	ck_assert_uint_eq(e.ctx->patterns.count, 0);
	cp = mh_create(&e, &copy, 1, 0);
	ck_assert_ptr_nonnull(cp);
	r1 = rule_add(&e, 0x0a000001, mh, 0, NULL);
	r2 = rule_add(&e, 0x0a000002, mh, 0, &mine);
	r3 = rule_add(&e, 0x0a000003, cp, 0, NULL);
	ck_assert(r1 && r2 && r3);
	v = send_frame(e.tbl, 0x0a000001, 17, in, &len);
	ck_assert_uint_eq(rd32(v.out_frame + 30), 0x0b000001);
	check_checksums(v.out_frame, v.out_len);
	v = send_frame(e.tbl, 0x0a000002, 17, in, &len);
	ck_assert_uint_eq(rd32(v.out_frame + 30), 0x0c000002);
	v = send_frame(e.tbl, 0x0a000003, 6, in, &len);
	ck_assert_uint_eq(rd32(v.out_frame + 30), 0x01020304);
	check_checksums(v.out_frame, v.out_len);
	rule_del(&e, r1);
	rule_del(&e, r2);
	rule_del(&e, r3);
	ck_assert_int_eq(mlx5hws_action_destroy(mh), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(cp), 0);
	env_close(&e);
}
END_TEST

/* Two actions of one pattern share its object; either may go first. */
START_TEST(test_pattern_sharing)
{
	const uint64_t a1[] = { SET(MLX5_MODI_OUT_DIPV4, 32, 0x0b000001),
				SET(MLX5_MODI_OUT_UDP_DPORT, 16, 1) };
	const uint64_t a2[] = { SET(MLX5_MODI_OUT_DIPV4, 32, 0x0b000002),
				SET(MLX5_MODI_OUT_UDP_DPORT, 16, 2) };
	const uint64_t a3[] = { SET(MLX5_MODI_OUT_DIPV4, 32, 0x0b000002),
				SET(MLX5_MODI_OUT_UDP_SPORT, 16, 2) };
	struct mlx5hws_action *m1, *m2, *m3;
	struct mlx5hws_rule *r1, *r2;
	uint8_t in[FRAME_BUILD_MAX];
	struct hws_verdict v;
	uint32_t objects;
	struct env e;
	size_t len;
	int order;

	for (order = 0; order < 2; order++) {
		env_open(&e);
		objects = t_objects(NIC);
		m1 = mh_create(&e, a1, 2, 0);
		ck_assert_ptr_nonnull(m1);
		/* a pattern and an ARG */
		ck_assert_uint_eq(t_objects(NIC), objects + 2);
		m2 = mh_create(&e, a2, 2, 0);
		ck_assert_ptr_nonnull(m2);
		/* its own ARG only */
		ck_assert_uint_eq(t_objects(NIC), objects + 3);
		ck_assert_uint_eq(e.ctx->patterns.count, 1);
		ck_assert_uint_eq(m1->modify.pat->users, 2);
		m3 = mh_create(&e, a3, 2, 0);
		ck_assert_ptr_nonnull(m3);
		ck_assert_uint_eq(e.ctx->patterns.count, 2);
		ck_assert_int_eq(mlx5hws_action_destroy(m3), 0);
		r1 = rule_add(&e, 0x0a000001, m1, 0, NULL);
		r2 = rule_add(&e, 0x0a000002, m2, 0, NULL);
		ck_assert(r1 && r2);
		rule_del(&e, order ? r2 : r1);
		ck_assert_int_eq(mlx5hws_action_destroy(order ? m2 : m1), 0);
		ck_assert_uint_eq(e.ctx->patterns.count, 1);
		ck_assert_uint_eq(t_objects(NIC), objects + 2);
		/* the other still rewrites through the shared pattern */
		v = send_frame(e.tbl, order ? 0x0a000001 : 0x0a000002, 17, in,
			       &len);
		ck_assert_uint_eq(rd32(v.out_frame + 30),
				  order ? 0x0b000001 : 0x0b000002);
		ck_assert_uint_eq(rd16(v.out_frame + 36), order ? 1 : 2);
		check_checksums(v.out_frame, v.out_len);
		rule_del(&e, order ? r1 : r2);
		ck_assert_int_eq(mlx5hws_action_destroy(order ? m1 : m2), 0);
		ck_assert_uint_eq(e.ctx->patterns.count, 0);
		ck_assert_uint_eq(t_objects(NIC), objects);
		env_close(&e);
	}
}
END_TEST

/* hws_pat_build on pairs: where a NOP goes. */
START_TEST(test_nop_rule)
{
	const uint16_t A = MLX5_MODI_OUT_DIPV4, B = MLX5_MODI_OUT_SIPV4,
		       C = MLX5_MODI_META_REG_C_0;
	const struct {
		uint64_t a[2];
		bool nop;
	} cases[] = {
		{ { SET(A, 32, 1), SET(A, 32, 2) }, true }, /* both write A */
		{ { SET(A, 32, 1), ADD(A, 32, 2) }, true },
		{ { SET(A, 32, 1), SET(B, 32, 2) }, false },
		/* copy B -> A, then write B: writes what the copy read */
		{ { mh_copy(3, B, 0, A, 0, 32), SET(B, 32, 1) }, true },
		/* write B, then copy B -> A: reads what was written */
		{ { SET(B, 32, 1), mh_copy(3, B, 0, A, 0, 32) }, true },
		{ { SET(C, 32, 1), mh_copy(3, B, 0, A, 0, 32) }, false },
		{ { SET(C, 32, 1), mh_copy(8, B, 0, A, 0, 32) }, false },
		{ { mh_copy(8, B, 0, C, 0, 32), ADD(C, 32, 1) }, true },
		{ { mh_copy(3, A, 0, C, 0, 32), mh_copy(3, A, 0, B, 0, 32) },
		  false },
	};
	uint8_t out[HWS_PAT_MAX_ACTIONS * 8];
	unsigned int i;
	uint64_t nops;
	uint8_t n;

	for (i = 0; i < HWS_ARRAY_SIZE(cases); i++) {
		ck_assert_int_eq(hws_pat_build((const uint8_t *)cases[i].a, 2,
					       out, HWS_PAT_MAX_ACTIONS, &n,
					       &nops),
				 0);
		ck_assert_msg(n == 2 + cases[i].nop, "case %u: %u actions", i,
			      n);
		ck_assert_uint_eq(nops, cases[i].nop ? 2 : 0);
		if (cases[i].nop)
			ck_assert_uint_eq(DEVX_GET(set_action_in, out + 8,
						   action_type),
					  MLX5_MODIFICATION_TYPE_NOP);
		/* SET and ADD keep no data in the pattern */
		ck_assert_uint_eq(
			DEVX_GET(set_action_in, out + 8 * (n - 1), data),
			DEVX_GET(set_action_in, out + 8 * (n - 1),
				 action_type) == 3 ||
					DEVX_GET(set_action_in,
						 out + 8 * (n - 1),
						 action_type) == 8 ?
				DEVX_GET(set_action_in, &cases[i].a[1], data) :
				0);
	}
	/* 17 writes of one field: 33 with their NOPs, past the limit */
	{
		uint64_t a[17];

		for (i = 0; i < 17; i++)
			a[i] = SET(A, 32, i);
		ck_assert_int_eq(hws_pat_build((const uint8_t *)a, 17, out,
					       HWS_PAT_MAX_ACTIONS, &n, &nops),
				 E2BIG);
	}
}
END_TEST

/*
 * TTL = 10, then TTL + 1: a NOP between them, and the ADD's value moves
 * one argument slot later; a third action after it moves too.
 */
START_TEST(test_nop_frames)
{
	const uint64_t acts[] = { SET(MLX5_MODI_OUT_IPV4_TTL, 8, 10),
				  ADD(MLX5_MODI_OUT_IPV4_TTL, 8, 1),
				  SET(MLX5_MODI_OUT_UDP_DPORT, 16, 99) };
	const uint64_t other[] = { SET(MLX5_MODI_OUT_IPV4_TTL, 8, 20),
				   ADD(MLX5_MODI_OUT_IPV4_TTL, 8, 5),
				   SET(MLX5_MODI_OUT_UDP_DPORT, 16, 7) };
	struct mlx5hws_action *mh;
	struct mlx5hws_rule *r1, *r2;
	uint8_t in[FRAME_BUILD_MAX];
	struct hws_verdict v;
	struct env e;
	size_t len;

	env_open(&e);
	mh = mh_create(&e, acts, 3, 1);
	ck_assert_ptr_nonnull(mh);
	ck_assert_uint_eq(mh->modify.pat->num, 4);
	ck_assert_uint_eq(mh->modify.nops, 2);
	r1 = rule_add(&e, 0x0a000001, mh, 0, NULL);
	r2 = rule_add(&e, 0x0a000002, mh, 1, other);
	ck_assert(r1 && r2);
	v = send_frame(e.tbl, 0x0a000001, 17, in, &len);
	ck_assert_uint_eq(v.out_frame[22], 11);
	ck_assert_uint_eq(rd16(v.out_frame + 36), 99);
	check_checksums(v.out_frame, v.out_len);
	v = send_frame(e.tbl, 0x0a000002, 17, in, &len);
	ck_assert_uint_eq(v.out_frame[22], 25);
	ck_assert_uint_eq(rd16(v.out_frame + 36), 7);
	check_checksums(v.out_frame, v.out_len);
	rule_del(&e, r1);
	rule_del(&e, r2);
	ck_assert_int_eq(mlx5hws_action_destroy(mh), 0);
	env_close(&e);
}
END_TEST

static void refused(struct env *e, const uint64_t *acts, uint32_t num,
		    uint32_t log_bulk, int err, const char *log)
{
	uint32_t objects = t_objects(NIC);

	t_log_capture();
	errno = 0;
	ck_assert_ptr_null(mh_create(e, acts, num, log_bulk));
	ck_assert_int_eq(errno, err);
	ck_assert_msg(strstr(t_log_text(), log), "log: %s", t_log_text());
	ck_assert_uint_eq(t_objects(NIC), objects);
	ck_assert_uint_eq(e->ctx->patterns.count, 0);
}

START_TEST(test_refusals)
{
	const uint64_t ok = SET(MLX5_MODI_OUT_DIPV4, 32, 1);
	uint64_t a[40];
	struct mlx5hws_action_modify_header_attr attr = { .comp_mask = 1,
							  .num_actions = 1,
							  .actions = &ok };
	struct mlx5hws_action *mh;
	struct env e;
	unsigned int i;

	env_open(&e);
	t_log_capture();
	errno = 0;
	ck_assert_ptr_null(mlx5hws_action_create_modify_header(
		e.ctx, &attr, MLX5HWS_ACTION_FLAG_NIC_RX));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(
		strstr(t_log_text(), "comp_mask 0x1 names no field"));
	refused(&e, &ok, 0, 0, EINVAL, "0 actions at");
	a[0] = ok;
	a[1] = mh_set(MLX5_MODIFICATION_TYPE_INSERT, 1, 0, 0, 0);
	refused(&e, a, 2, 0, EINVAL, "action 1: type 4");
	a[1] = mh_set(MLX5_MODIFICATION_TYPE_NOP, 0, 0, 0, 0);
	refused(&e, a, 2, 0, EINVAL, "action 1: type 6");
	a[1] = SET(0x99, 32, 0);
	refused(&e, a, 2, 0, EINVAL,
		"action 1: set field 0x99 is not a modify field");
	a[1] = mh_set(MLX5_MODIFICATION_TYPE_SET, MLX5_MODI_OUT_IPV4_TTL, 4, 8,
		      0);
	refused(&e, a, 2, 0, EINVAL, "OUT_IPV4_TTL is 8 bits; bits 4..11");
	a[1] = mh_copy(3, MLX5_MODI_META_REG_C_0, 0, MLX5_MODI_META_REG_C_0, 4,
		       8);
	refused(&e, a, 2, 0, EINVAL, "bits 0..7 onto its own bits 4..11");
	a[1] = mh_copy(8, MLX5_MODI_OUT_DIPV4, 0, 0x77, 0, 8);
	refused(&e, a, 2, 0, EINVAL, "destination field 0x77");
	for (i = 0; i < 40; i++)
		a[i] = SET(MLX5_MODI_META_REG_C_0 + i % 8, 32, i);
	refused(&e, a, 33, 0, E2BIG, "33 actions; the device takes 32");
	for (i = 0; i < 17; i++)
		a[i] = SET(MLX5_MODI_OUT_DIPV4, 32, i);
	refused(&e, a, 17, 0, E2BIG, "need NOPs");
	a[1] = SET(MLX5_MODI_OUT_SIPV4, 32, 0);
	refused(&e, a, 2, 24, E2BIG, "2^24 rule arguments");
	/* 32 independent actions fit; so does a bulk the device allocates */
	for (i = 0; i < 32; i++)
		a[i] = SET(MLX5_MODI_META_REG_C_0 + i % 8, 32, i);
	mh = mh_create(&e, a, 32, 10);
	ck_assert_ptr_nonnull(mh);
	ck_assert_uint_eq(mh->modify.chunk_log, 2);
	/* a rule's offset must be inside the bulk */
	t_log_capture();
	errno = 0;
	ck_assert_ptr_null(rule_add(&e, 1, mh, 1024, NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(
		strstr(t_log_text(), "offset 1024 outside a bulk of 1024"));
	{
		struct mlx5hws_rule *r = rule_add(&e, 1, mh, 1023, NULL);

		ck_assert_ptr_nonnull(r);
		rule_del(&e, r);
	}
	ck_assert_int_eq(mlx5hws_action_destroy(mh), 0);
	env_close(&e);
}
END_TEST

/* 1,000 rules, each with its own destination address in its argument. */
START_TEST(test_per_rule_args)
{
	const uint64_t acts[] = { SET(MLX5_MODI_OUT_DIPV4, 32, 0),
				  SET(MLX5_MODI_OUT_UDP_DPORT, 16, 0),
				  ADD(MLX5_MODI_OUT_IPV4_TTL, 8, 0xff) };
	static struct mlx5hws_rule *r[1000];
	uint8_t in[FRAME_BUILD_MAX];
	struct mlx5hws_action *mh;
	struct hws_verdict v;
	struct env e;
	unsigned int i;
	size_t len;

	env_open(&e);
	mh = mh_create(&e, acts, 3, 10);
	ck_assert_ptr_nonnull(mh);
	for (i = 0; i < 1000; i++) {
		uint64_t d[3] = { SET(MLX5_MODI_OUT_DIPV4, 32, 0xc0a80000 + i),
				  SET(MLX5_MODI_OUT_UDP_DPORT, 16, 2000 + i),
				  ADD(MLX5_MODI_OUT_IPV4_TTL, 8, 0xff) };

		r[i] = rule_add(&e, 0x0a000000 + i, mh, 999 - i, d);
		t_check(r[i], "rule %u: %s", i, strerror(errno));
	}
	/* the offsets are the rules' own: offset 0 or not, two sets in all */
	ck_assert_uint_le(e.ctx->action_set_count, 2);
	for (i = 0; i < 1000; i++) {
		v = send_frame(e.tbl, 0x0a000000 + i, 17, in, &len);
		t_check(rd32(v.out_frame + 30) == 0xc0a80000 + i,
			"rule %u: dst %x", i, rd32(v.out_frame + 30));
		t_check(rd16(v.out_frame + 36) == 2000 + i, "rule %u: port", i);
		t_check(v.out_frame[22] == 63, "rule %u: ttl", i);
	}
	check_checksums(v.out_frame, v.out_len);
	for (i = 0; i < 1000; i++)
		rule_del(&e, r[i]);
	ck_assert_int_eq(mlx5hws_action_destroy(mh), 0);
	env_close(&e);
}
END_TEST

/* BWC: modify-header rules across rehashes, and updates both ways. */
START_TEST(test_bwc)
{
	const uint64_t acts[] = { SET(MLX5_MODI_OUT_DIPV4, 32, 0),
				  SET(MLX5_MODI_OUT_UDP_DPORT, 16, 0) };
	static struct mlx5hws_bwc_rule *r[300];
	struct mlx5hws_bwc_matcher_info info = { 0 };
	uint64_t empty;
	struct mlx5hws_bwc_matcher *bm;
	uint8_t in[FRAME_BUILD_MAX];
	struct mlx5hws_action *mh;
	struct t_param mask = { 0 };
	struct hws_verdict v;
	struct env e;
	unsigned int i;
	size_t len;

	env_open(&e);
	empty = t_stats(NIC).icm_pages;
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	bm = mlx5hws_bwc_matcher_create(e.tbl, 1, t_criteria("outer.ipv4_dst"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	mh = mh_create(&e, acts, 2, 9);
	ck_assert_ptr_nonnull(mh);
	for (i = 0; i < 300; i++) {
		uint64_t d[2] = { SET(MLX5_MODI_OUT_DIPV4, 32, 0xc0a80000 + i),
				  SET(MLX5_MODI_OUT_UDP_DPORT, 16, 3000 + i) };
		struct mlx5hws_rule_action ra[2] = { { .action = mh },
						     { .action = e.drop } };
		struct t_param val = { 0 };

		ra[0].modify_header.offset = i;
		ra[0].modify_header.data = (const uint8_t *)d;
		t_set(&val, "outer.ipv4_dst", 0x0b000000 + i);
		t_set(&val, "outer.ip_version", 4);
		r[i] = mlx5hws_bwc_rule_create(bm, val.buf,
					       MLX5HWS_FLOW_SOURCE_ANY, ra, 2);
		t_check(r[i], "rule %u: %s", i, strerror(errno));
	}
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(bm, &info), 0);
	ck_assert_uint_ge(info.dir[0].rehashes, 3);
	for (i = 0; i < 300; i++) {
		v = send_frame(e.tbl, 0x0b000000 + i, 17, in, &len);
		t_check(v.result == HWS_RESULT_DROP, "rule %u", i);
		t_check(rd32(v.out_frame + 30) == 0xc0a80000 + i,
			"rule %u: dst %x after rehashes", i,
			rd32(v.out_frame + 30));
		t_check(rd16(v.out_frame + 36) == 3000 + i, "rule %u: port", i);
	}
	check_checksums(v.out_frame, v.out_len);
	/* to a plain drop and back, with a new argument */
	{
		struct mlx5hws_rule_action plain = { .action = e.drop };
		uint64_t d[2] = { SET(MLX5_MODI_OUT_DIPV4, 32, 0x08080808),
				  SET(MLX5_MODI_OUT_UDP_DPORT, 16, 4444) };
		struct mlx5hws_rule_action ra[2] = { { .action = mh },
						     { .action = e.drop } };

		ck_assert_int_eq(
			mlx5hws_bwc_rule_action_update(r[5], &plain, 1), 0);
		v = send_frame(e.tbl, 0x0b000005, 17, in, &len);
		ck_assert_int_eq(v.result, HWS_RESULT_DROP);
		ck_assert_uint_eq(v.out_len, 0);
		ra[0].modify_header.offset = 5;
		ra[0].modify_header.data = (const uint8_t *)d;
		ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r[5], ra, 2),
				 0);
		v = send_frame(e.tbl, 0x0b000005, 17, in, &len);
		ck_assert_uint_eq(rd32(v.out_frame + 30), 0x08080808);
		ck_assert_uint_eq(rd16(v.out_frame + 36), 4444);
		check_checksums(v.out_frame, v.out_len);
		/* an offset outside the bulk: refused, the rule unchanged */
		ra[0].modify_header.offset = 512;
		ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r[5], ra, 2),
				 EINVAL);
		v = send_frame(e.tbl, 0x0b000005, 17, in, &len);
		ck_assert_uint_eq(rd32(v.out_frame + 30), 0x08080808);
	}
	for (i = 0; i < 300; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(mh), 0);
	/* the matcher's STEs and the argument bulk are back */
	ck_assert_uint_eq(t_stats(NIC).icm_pages, empty);
	env_close(&e);
}
END_TEST

/*
 * A pattern that writes the ethertype or the IP protocol asks its STC for
 * a reparse (the model reparses by STC); other rewrites do not.
 */
START_TEST(test_reparse)
{
	const uint64_t proto[] = { SET(MLX5_MODI_OUT_DIPV4, 32, 1),
				   SET(MLX5_MODI_OUT_IP_PROTOCOL, 8, 6) };
	const uint64_t etype = SET(MLX5_MODI_OUT_ETHERTYPE, 16, 0x86dd);
	const uint64_t plain[] = { SET(MLX5_MODI_OUT_DIPV4, 32, 1),
				   SET(MLX5_MODI_OUT_UDP_DPORT, 16, 6) };
	struct mlx5hws_action *a[3];
	struct env e;
	int i;

	env_open(&e);
	a[0] = mh_create(&e, proto, 2, 0);
	a[1] = mh_create(&e, &etype, 1, 0);
	a[2] = mh_create(&e, plain, 2, 0);
	ck_assert(a[0] && a[1] && a[2]);
	ck_assert_uint_eq(a[0]->stc_attr.reparse_mode,
			  MLX5_IFC_STC_REPARSE_ALWAYS);
	ck_assert_uint_eq(a[1]->stc_attr.reparse_mode,
			  MLX5_IFC_STC_REPARSE_ALWAYS);
	ck_assert_uint_eq(a[2]->stc_attr.reparse_mode,
			  MLX5_IFC_STC_REPARSE_IGNORE);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(mlx5hws_action_destroy(a[i]), 0);
	env_close(&e);
}
END_TEST

/* The debug dump: the template names MODIFY_HDR, each pattern a record. */
START_TEST(test_dump)
{
	const uint64_t acts[] = { SET(MLX5_MODI_OUT_DIPV4, 32, 1),
				  ADD(MLX5_MODI_OUT_IPV4_TTL, 8, 0xff) };
	struct mlx5hws_action *mh;
	struct mlx5hws_rule *r;
	char *buf = NULL, want[256];
	size_t len = 0;
	struct env e;
	FILE *f;

	env_open(&e);
	mh = mh_create(&e, acts, 2, 0);
	ck_assert_ptr_nonnull(mh);
	r = rule_add(&e, 1, mh, 0, NULL);
	ck_assert_ptr_nonnull(r);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(mlx5hws_debug_dump(e.ctx, f), 0);
	fclose(f);
	ck_assert_msg(strstr(buf, ",2,MODIFY_HDR,DROP\n"), "%s", buf);
	snprintf(
		want, sizeof(want),
		"4911,0x%x,1016000000000000-0x1-Set field: OUT_DIPV4 offset: 0 length: 32,"
		"200a000800000000-0x2-Add field: OUT_IPV4_TTL offset: 0 length: 8\n",
		mh->modify.pat->obj.id);
	ck_assert_msg(strstr(buf, want), "%s", buf);
	free(buf);
	rule_del(&e, r);
	ck_assert_int_eq(mlx5hws_action_destroy(mh), 0);
	env_close(&e);
}
END_TEST

/* Root tables go through the kernel: a modify header is refused clearly. */
START_TEST(test_root)
{
	const uint64_t acts[] = { SET(MLX5_MODI_OUT_DIPV4, 32, 1),
				  SET(MLX5_MODI_OUT_UDP_DPORT, 16, 2) };
	const enum mlx5hws_action_type types[] = {
		MLX5HWS_ACTION_TYP_MODIFY_HDR, MLX5HWS_ACTION_TYP_DROP
	};
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX };
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_action_template *at;
	struct mlx5hws_rule_action ra[2];
	struct mlx5hws_matcher *m;
	struct mlx5hws_table *root;
	struct mlx5hws_action *mh;
	struct t_param v = { 0 };
	struct env e;

	env_open(&e);
	root = mlx5hws_table_create(e.ctx, &tattr);
	ck_assert_ptr_nonnull(root);
	at = mlx5hws_action_template_create(types, 2);
	ck_assert_ptr_nonnull(at);
	m = mlx5hws_matcher_create(root, &e.mt, 1, &at, 1, &mattr);
	ck_assert_ptr_nonnull(m);
	mh = mh_create(&e, acts, 2, 0);
	ck_assert_ptr_nonnull(mh);
	ra[0] = (struct mlx5hws_rule_action){ .action = mh };
	ra[1] = (struct mlx5hws_rule_action){ .action = e.drop };
	t_set(&v, "outer.ipv4_dst", 1);
	t_set(&v, "outer.ip_version", 4);
	t_log_capture();
	errno = 0;
	ck_assert_ptr_null(mlx5hws_rule_create(m, 0, v.buf, 0, ra, &rattr));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(
		t_log_text(),
		"a modify header action is not offered on a root table"));
	ck_assert_int_eq(mlx5hws_action_destroy(mh), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(root), 0);
	env_close(&e);
}
END_TEST

static Suite *modify_header_suite(void)
{
	Suite *s = suite_create("modify_header");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_nat);
	tcase_add_test(tc, test_single);
	tcase_add_test(tc, test_pattern_sharing);
	tcase_add_test(tc, test_nop_rule);
	tcase_add_test(tc, test_nop_frames);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_per_rule_args);
	tcase_add_test(tc, test_bwc);
	tcase_add_test(tc, test_root);
	tcase_add_test(tc, test_dump);
	tcase_add_test(tc, test_reparse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return t_run(modify_header_suite());
}
