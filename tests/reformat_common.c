// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Frames, tables and rules that the reformat suites share. */
#include <errno.h>
#include <string.h>

#include "reformat_common.h"

void rf_put(struct rf_frame *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

struct rf_frame rf_udp(const uint32_t *tags, int ntags, uint32_t src)
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

struct rf_frame rf_vxlan(const struct rf_frame *inner)
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

const char *rf_spec = "sim:nic=" NIC, *rf_nic = NIC;

void rf_nic_of(int i)
{
	if (i) {
		rf_spec = "sim:nic=reformat_rtc,rtc_reparse_mode=3";
		rf_nic = "reformat_rtc";
	}
}

struct mlx5hws_action *rf_own(struct rf_env *e, struct mlx5hws_action *a)
{
	int i;

	ck_assert_msg(a, "action: %s", strerror(errno));
	for (i = 0; e->own[i]; i++)
		;
	e->own[i] = a;
	return a;
}

void rf_open(struct rf_env *e)
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

void rf_rule(struct rf_env *e, int i, uint32_t src,
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

void rf_close(struct rf_env *e)
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

void rf_expect(const struct rf_env *e, const struct rf_frame *f,
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

const uint32_t rf_vlan = 0x81000064, rf_qinq = 0x88a80005;

void rf_drop_rule(struct rf_env *e, int i)
{
	ck_assert_int_eq(mlx5hws_rule_destroy(e->r[i],
					      &(struct mlx5hws_rule_attr){ 0 }),
			 0);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(e->m[i]), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at[i]), 0);
	e->r[i] = NULL;
}
