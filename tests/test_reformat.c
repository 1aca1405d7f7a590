// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Header rewrites on real frames through the model: push and pop VLAN,
 * inline insert and remove header, and their refusals (encap and decap:
 * test_reformat_encap.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reformat_common.h"

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

	/* via mlx5 the device answers each command late */
	tcase_set_timeout(tc, 60);

	tcase_add_test(tc, push_bytes);
	tcase_add_loop_test(tc, push_then_pop, 0, 2);
	tcase_add_test(tc, double_pop);
	tcase_add_test(tc, remove_by_anchors);
	tcase_add_test(tc, remove_by_size);
	tcase_add_test(tc, insert_inline);
	tcase_add_test(tc, insert_from_arg);
	tcase_add_test(tc, dump_names);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, insert_without_data);
	suite_add_tcase(s, tc);
	return t_run(s);
}
