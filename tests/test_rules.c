// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Rules end to end on the device model: written by WQE, placed by hash,
 * found by classification (the queue's side of it: test_rules_queue.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rules_common.h"

START_TEST(test_smoke_fdb)
{
	struct mlx5hws_rule_action ra[3];
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct t_param mask = { 0 }, val = { 0 }, pkt = { 0 };
	struct mlx5hws_rule *r;
	struct hws_verdict v;
	uint64_t packets, bytes;
	struct env e;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	t_mask_prefix(&mask, "outer.ipv4_dst", 24);
	t_mask(&mask, "outer.ip_protocol");
	t_mask(&mask, "outer.ip_version");
	m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("outer.ipv4_dst"),
			 e.at_full, 0, 4);
	t_set(&val, "outer.ipv4_dst", 0x0a000000);
	t_set(&val, "outer.ip_version", 4);
	t_set(&val, "outer.ip_protocol", 17);
	memset(ra, 0, sizeof(ra));
	ra[0].action = e.ctr;
	ra[0].counter.offset = 2;
	ra[1].action = e.tag;
	ra[1].tag.value = 0x12;
	ra[2].action = e.vport;
	r = add_rule(&e, m, &val, ra, MLX5HWS_FLOW_SOURCE_UPLINK);

	t_set(&pkt, "outer.ipv4_dst", 0x0a000007);
	t_set(&pkt, "outer.ip_protocol", 17);
	t_set(&pkt, "outer.ip_version", 4);
	v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(v.result, HWS_RESULT_VPORT);
	ck_assert_uint_eq(v.vport, 3);
	ck_assert_int_eq(v.has_tag, 1);
	ck_assert_uint_eq(v.tag, 0x12);
	ck_assert_uint_eq(v.num_hits, 1);
	/* an uplink rule: a packet a vport sends does not see it */
	v = t_classify(NIC, e.tbl, HWS_SIDE_TX, 1, &pkt);
	ck_assert_int_eq(v.result, HWS_RESULT_MISS);
	ck_assert_int_eq(mlx5hws_action_query_counter(e.ctr, 2, &packets,
						      &bytes), 0);
	ck_assert_uint_eq(packets, 1);
	ck_assert_uint_eq(bytes, 100);
	/* another /24 misses */
	t_set(&pkt, "outer.ipv4_dst", 0x0a000107);
	v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(v.result, HWS_RESULT_MISS);
	del_rule(&e, r);
	t_set(&pkt, "outer.ipv4_dst", 0x0a000007);
	v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(v.result, HWS_RESULT_MISS);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

/*
 * A template made from the 448-byte fte_match_param (the kernel's size
 * before misc_parameters_6) takes rule values of 448 bytes: libhws must not
 * read past them (ASan watches the heap buffer's end).
 */
START_TEST(test_short_match_param)
{
	enum { SHORT_SZ = MLX5HWS_MATCH_PARAM_SZ - 64 };
	struct mlx5hws_rule_attr attr = { .flow_source =
						  MLX5HWS_FLOW_SOURCE_UPLINK };
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct t_param mask = { 0 }, val = { 0 }, pkt = { 0 };
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
	uint32_t *short_val;
	struct env e;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	mt = mlx5hws_match_template_create(e.ctx, mask.buf, SHORT_SZ,
					   t_criteria("outer.ipv4_dst"));
	ck_assert_ptr_nonnull(mt);
	m = mlx5hws_matcher_create(e.tbl, &mt, 1, &e.at_drop, 1, &mattr);
	ck_assert_ptr_nonnull(m);

	t_set(&val, "outer.ipv4_dst", 0x0a000001);
	t_set(&val, "outer.ip_version", 4);
	short_val = malloc(SHORT_SZ);
	ck_assert_ptr_nonnull(short_val);
	memcpy(short_val, val.buf, SHORT_SZ);
	ra.action = e.drop;
	r = mlx5hws_rule_create(m, 0, short_val, 0, &ra, &attr);
	free(short_val);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);

	t_set(&pkt, "outer.ipv4_dst", 0x0a000001);
	t_set(&pkt, "outer.ip_version", 4);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt).result,
			 HWS_RESULT_DROP);
	del_rule(&e, r);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

/*
 * One packet has one IP version: a mask with IPv6 source bits and only the
 * low word of the destination matches the destination as IPv6 too.
 */
START_TEST(test_mixed_address_mask)
{
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t dst[16] = { [12] = 10, [15] = 1 };
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_match_template *mt;
	struct t_param mask = { 0 }, val = { 0 }, pkt = { 0 };
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
	struct env e;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	t_mask(&mask, "outer.ipv6_src");
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("outer.ipv6_src"),
			 e.at_drop, 0, 4);
	t_set_bytes(&val, "outer.ipv6_src", src, 16);
	t_set(&val, "outer.ipv4_dst", 0x0a000001);
	t_set(&val, "outer.ip_version", 6);
	ra.action = e.drop;
	r = add_rule(&e, m, &val, &ra, MLX5HWS_FLOW_SOURCE_ANY);

	t_set(&pkt, "outer.ip_version", 6);
	t_set_bytes(&pkt, "outer.ipv6_src", src, 16);
	t_set_bytes(&pkt, "outer.ipv6_dst", dst, 16);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt).result,
			 HWS_RESULT_DROP);
	del_rule(&e, r);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

/* A value for a field that fits its width, and a different one. */
static void field_values(const struct mlx5hws_match_field *f, uint8_t *v,
			 uint8_t *other, size_t len)
{
	size_t i, skip = len * 8 - f->bit_width;

	for (i = 0; i < len; i++) {
		v[i] = 0x5a + 7 * i;
		other[i] = v[i] ^ 0x21;
	}
	/* clear the bits above the field's width */
	if (skip) {
		v[0] &= 0xff >> skip;
		other[0] &= 0xff >> skip;
	}
	if (f->bit_width == 1) {
		v[0] = 1;
		other[0] = 0;
	}
}

/* Every supported field matches its value and misses another. */
START_TEST(test_every_field)
{
	struct mlx5hws_geneve_opt_attr opt_attr = { .option_class = 0xffff,
						    .data_len = 1 };
	struct mlx5hws_geneve_opt *opt = NULL;
	const struct mlx5hws_match_field *fields;
	size_t n, i;
	struct env e;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	fields = mlx5hws_match_fields(&n);
	ck_assert_uint_ge(n, 50);
	for (i = 0; i < n; i++) {
		const struct mlx5hws_match_field *f = &fields[i];
		struct t_param mask = { 0 }, val = { 0 }, hit = { 0 },
			       miss = { 0 };
		size_t len = (f->bit_width + 7) / 8;
		struct mlx5hws_rule_action ra = { .action = e.drop };
		struct mlx5hws_match_template *mt;
		struct mlx5hws_matcher *m;
		uint8_t v[16], other[16];
		enum hws_side side = HWS_SIDE_RX;
		uint16_t vport = 0, miss_vport = 0;
		/* an address needs the IP version in the mask and packet */
		unsigned int ipv = strstr(f->name, "ipv4") ? 4 :
				   strstr(f->name, "ipv6") ? 6 : 0;
		const char *ver = strstr(f->name, "outer") ?
					  "outer.ip_version" :
					  "inner.ip_version";
		struct mlx5hws_rule *r;
		struct hws_verdict verdict;
		uint32_t type_value;
		const char *type;

		/* it goes with source_port: test_fields has it */
		if (!strcmp(f->name, "misc.source_eswitch_owner_vhca_id"))
			continue;
		field_values(f, v, other, len);
		t_mask(&mask, f->name);
		/* a tunnel's field goes with its tunnel type */
		type = t_tunnel_type(f->name, &type_value);
		if (type) {
			t_mask(&mask, type);
			t_set(&val, type, type_value);
			t_set(&hit, type, type_value);
			t_set(&miss, type, type_value);
		}
		if (strstr(f->name, "ip_version")) {
			v[0] = 4;
			other[0] = 6;
		}
		if (!strcmp(f->name, "misc.source_port")) {
			/* the source is where the packet comes from */
			v[0] = 0;
			v[1] = 2;
			side = HWS_SIDE_TX;
			vport = 2;
			miss_vport = 5;
			memcpy(other, v, len);
		}
		if (ipv) {
			t_mask(&mask, ver);
			t_set(&val, ver, ipv);
		}
		/* the option's data: the device parses the option named */
		if (!strcmp(f->name, "misc3.geneve_tlv_option_0_data")) {
			opt = mlx5hws_geneve_opt_create(e.ctx, &opt_attr);
			ck_assert_ptr_nonnull(opt);
		}
		m = make_matcher(&e, e.tbl, &mt, &mask,
				 f->criteria | (type ? t_criteria(type) : 0),
				 e.at_drop, 0, 4);
		t_set_bytes(&val, f->name, v, len);
		r = add_rule(&e, m, &val, &ra, MLX5HWS_FLOW_SOURCE_ANY);

		t_set_bytes(&hit, f->name, v, len);
		t_set_bytes(&miss, f->name, other, len);
		if (strstr(f->name, "cvlan_tag"))
			t_set(&miss, strstr(f->name, "outer") ?
					     "outer.svlan_tag" : "inner.svlan_tag", 1);
		if (ipv) {
			t_set(&hit, ver, ipv);
			t_set(&miss, ver, ipv);
		}
		if (strstr(f->name, "udp_")) {
			const char *proto = strstr(f->name, "outer") ?
						    "outer.ip_protocol" :
						    "inner.ip_protocol";

			t_set(&hit, proto, 17);
			t_set(&miss, proto, 17);
		}
		verdict = t_classify(NIC, e.tbl, side, vport, &hit);
		ck_assert_msg(verdict.result == HWS_RESULT_DROP,
			      "%s: its value misses", f->name);
		verdict = t_classify(NIC, e.tbl, side, miss_vport, &miss);
		ck_assert_msg(verdict.result == HWS_RESULT_MISS,
			      "%s: another value hits", f->name);
		del_rule(&e, r);
		ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
		ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
		if (opt)
			ck_assert_int_eq(mlx5hws_geneve_opt_destroy(opt), 0);
		opt = NULL;
	}
	env_close(&e);
}
END_TEST

/* Address prefixes: the rule covers exactly its prefix. */
START_TEST(test_prefixes)
{
	static const char *const names[] = { "outer.ipv4_src", "inner.ipv4_dst",
					     "outer.ipv6_dst", "inner.ipv6_src" };
	struct env e;
	size_t i;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	for (i = 0; i < 4; i++) {
		const struct mlx5hws_match_field *f =
			mlx5hws_match_field_find(names[i]);
		size_t len = f->bit_width / 8;
		unsigned int prefix = f->bit_width == 32 ? 20 : 52;
		struct mlx5hws_rule_action ra = { .action = e.drop };
		struct t_param mask = { 0 }, val = { 0 }, pkt = { 0 };
		struct mlx5hws_match_template *mt;
		struct mlx5hws_matcher *m;
		struct mlx5hws_rule *r;
		uint8_t v[16] = { 0 }, p[16];
		const char *ver = strstr(names[i], "outer") ?
					  "outer.ip_version" :
					  "inner.ip_version";
		unsigned int b, ipv = len == 4 ? 4 : 6;

		t_mask_prefix(&mask, names[i], prefix);
		t_mask(&mask, ver);
		t_set(&val, ver, ipv);
		m = make_matcher(&e, e.tbl, &mt, &mask, f->criteria, e.at_drop,
				 0, 4);
		v[0] = 0x20;
		v[1] = 0x01;
		v[2] = 0xd0;
		t_set_bytes(&val, names[i], v, len);
		r = add_rule(&e, m, &val, &ra, MLX5HWS_FLOW_SOURCE_ANY);
		/* flip each bit: inside the prefix it misses, after it hits */
		for (b = 0; b < f->bit_width; b += 3) {
			memcpy(p, v, len);
			p[b / 8] ^= 0x80 >> (b % 8);
			memset(&pkt, 0, sizeof(pkt));
			t_set_bytes(&pkt, names[i], p, len);
			t_set(&pkt, ver, ipv);
			ck_assert_msg(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0,
						 &pkt).result ==
					      (b < prefix ? HWS_RESULT_MISS :
							    HWS_RESULT_DROP),
				      "%s bit %u", names[i], b);
		}
		del_rule(&e, r);
		/* a value with a bit after the prefix is refused, by name */
		v[len - 1] = 1;
		t_set_bytes(&val, names[i], v, len);
		t_log_capture();
		ck_assert_ptr_null(mlx5hws_rule_create(m, 0, val.buf, 0, &ra,
						       &(struct mlx5hws_rule_attr){ 0 }));
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_msg(strstr(t_log_text(), names[i]), "%s: %s",
			      names[i], t_log_text());
		ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
		ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	}
	env_close(&e);
}
END_TEST

/* Lower priorities are checked first; equal ones in creation order. */
START_TEST(test_priorities)
{
	struct mlx5hws_match_template *mt[3];
	struct mlx5hws_matcher *m[3];
	struct mlx5hws_rule *r[3];
	struct t_param mask = { 0 }, val = { 0 };
	struct mlx5hws_rule_action ra[3][3];
	static const uint32_t prio[3] = { 5, 1, 5 };
	struct hws_verdict v;
	struct env e;
	int i;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	t_mask(&mask, "outer.udp_dport");
	t_set(&val, "outer.udp_dport", 4789);
	memset(ra, 0, sizeof(ra));
	for (i = 0; i < 3; i++) {
		m[i] = make_matcher(&e, e.tbl, &mt[i], &mask,
				    t_criteria("outer.udp_dport"), e.at_full,
				    prio[i], 2);
		ra[i][0].action = e.ctr;
		ra[i][0].counter.offset = i;
		ra[i][1].action = e.tag;
		ra[i][1].tag.value = 100 + i;
		ra[i][2].action = e.vport;
		r[i] = add_rule(&e, m[i], &val, ra[i], MLX5HWS_FLOW_SOURCE_ANY);
	}
	/* priority 1 first */
	v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val);
	ck_assert_uint_eq(v.tag, 101);
	/* then the first of the two at priority 5 */
	del_rule(&e, r[1]);
	v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val);
	ck_assert_uint_eq(v.tag, 100);
	del_rule(&e, r[0]);
	v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val);
	ck_assert_uint_eq(v.tag, 102);
	del_rule(&e, r[2]);
	v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val);
	ck_assert_int_eq(v.result, HWS_RESULT_MISS);
	/* matchers go in any order and the chain stays whole */
	ck_assert_int_eq(mlx5hws_matcher_destroy(m[1]), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m[2]), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m[0]), 0);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(mlx5hws_match_template_destroy(mt[i]), 0);
	env_close(&e);
}
END_TEST

/* Go-to-table chains and table default misses. */
START_TEST(test_goto_and_miss)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB };
	struct mlx5hws_match_template *mt1, *mt2, *mt3;
	struct mlx5hws_matcher *m1, *m2, *m3;
	struct mlx5hws_table *t2, *t3;
	struct mlx5hws_action *go2;
	struct mlx5hws_action_template *at_go;
	enum mlx5hws_action_type go = MLX5HWS_ACTION_TYP_TBL;
	struct t_param mask = { 0 }, val = { 0 }, pkt = { 0 };
	struct mlx5hws_rule_action ra = { 0 }, rd = { 0 };
	struct mlx5hws_rule *r1, *r2, *r3;
	struct hws_verdict v;
	struct env e;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	ta.level = 2;
	t2 = mlx5hws_table_create(e.ctx, &ta);
	ta.level = 3;
	t3 = mlx5hws_table_create(e.ctx, &ta);
	ck_assert_ptr_nonnull(t2);
	ck_assert_ptr_nonnull(t3);
	go2 = mlx5hws_action_create_dest_table(e.ctx, t2,
					       MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(go2);
	at_go = mlx5hws_action_template_create(&go, 1);

	t_mask(&mask, "outer.ip_protocol");
	m1 = make_matcher(&e, e.tbl, &mt1, &mask, t_criteria("outer.ip_protocol"),
			  at_go, 0, 2);
	t_set(&val, "outer.ip_protocol", 6);
	ra.action = go2;
	r1 = add_rule(&e, m1, &val, &ra, MLX5HWS_FLOW_SOURCE_ANY);

	memset(&mask, 0, sizeof(mask));
	t_mask(&mask, "outer.tcp_dport");
	m2 = make_matcher(&e, t2, &mt2, &mask, t_criteria("outer.tcp_dport"),
			  e.at_drop, 0, 2);
	memset(&val, 0, sizeof(val));
	t_set(&val, "outer.tcp_dport", 22);
	rd.action = e.drop;
	r2 = add_rule(&e, m2, &val, &rd, MLX5HWS_FLOW_SOURCE_ANY);

	t_set(&pkt, "outer.ip_protocol", 6);
	t_set(&pkt, "outer.tcp_dport", 22);
	v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(v.result, HWS_RESULT_DROP);
	ck_assert_uint_eq(v.num_hits, 2);
	ck_assert_uint_eq(v.hits[0].ft_id, mlx5hws_table_get_id(e.tbl));
	ck_assert_uint_eq(v.hits[1].ft_id, mlx5hws_table_get_id(t2));

	/* t2 misses to t3, where a rule on the same port drops too */
	t_set(&pkt, "outer.tcp_dport", 80);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt).result,
			 HWS_RESULT_MISS);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(t2, t3), 0);
	memset(&val, 0, sizeof(val));
	t_set(&val, "outer.tcp_dport", 80);
	m3 = make_matcher(&e, t3, &mt3, &mask, t_criteria("outer.tcp_dport"),
			  e.at_drop, 0, 2);
	r3 = add_rule(&e, m3, &val, &rd, MLX5HWS_FLOW_SOURCE_ANY);
	v = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(v.result, HWS_RESULT_DROP);
	ck_assert_uint_eq(v.hits[1].ft_id, mlx5hws_table_get_id(t3));

	/* a miss or a goto must go deeper; a table in use stays */
	ck_assert_int_eq(mlx5hws_table_set_default_miss(t3, t2), EINVAL);
	ck_assert_int_eq(mlx5hws_table_destroy(t3), EBUSY);
	ck_assert_int_eq(mlx5hws_table_destroy(t2), EBUSY);
	/* removing the miss restores the default */
	ck_assert_int_eq(mlx5hws_table_set_default_miss(t2, NULL), 0);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt).result,
			 HWS_RESULT_MISS);

	del_rule(&e, r1);
	del_rule(&e, r2);
	del_rule(&e, r3);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m1), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m2), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m3), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt1), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt2), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt3), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at_go), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(t2), EBUSY);
	ck_assert_int_eq(mlx5hws_action_destroy(go2), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(t2), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(t3), 0);
	env_close(&e);
}
END_TEST

/* A one-way rule never matches on the other side. */
START_TEST(test_one_way_rules)
{
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *rx, *tx;
	struct t_param mask = { 0 }, a = { 0 }, b = { 0 };
	struct mlx5hws_rule_info info = { 0 };
	struct env e;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	t_mask(&mask, "meta.reg_c0");
	m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("meta.reg_c0"),
			 e.at_drop, 0, 2);
	ra.action = e.drop;
	t_set(&a, "meta.reg_c0", 1);
	t_set(&b, "meta.reg_c0", 2);
	rx = add_rule(&e, m, &a, &ra, MLX5HWS_FLOW_SOURCE_UPLINK);
	tx = add_rule(&e, m, &b, &ra, MLX5HWS_FLOW_SOURCE_LOCAL_VPORT);
	ck_assert_int_eq(mlx5hws_rule_query(rx, &info), 0);
	ck_assert_uint_ne(info.rtc_id[0], 0);
	ck_assert_uint_eq(info.rtc_id[1], 0);
	ck_assert_int_eq(mlx5hws_rule_query(tx, &info), 0);
	ck_assert_uint_eq(info.rtc_id[0], 0);
	ck_assert_uint_ne(info.rtc_id[1], 0);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &a).result,
			 HWS_RESULT_DROP);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_TX, 1, &a).result,
			 HWS_RESULT_MISS);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_TX, 1, &b).result,
			 HWS_RESULT_DROP);
	ck_assert_int_eq(t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &b).result,
			 HWS_RESULT_MISS);
	del_rule(&e, rx);
	del_rule(&e, tx);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	env_close(&e);
}
END_TEST

/* NIC tables have one direction; a rule for the other has none. */
START_TEST(test_nic_tables)
{
	static const enum mlx5hws_table_type types[] = {
		MLX5HWS_TABLE_TYPE_NIC_RX, MLX5HWS_TABLE_TYPE_NIC_TX,
	};
	int i;

	for (i = 0; i < 2; i++) {
		struct mlx5hws_rule_action ra = { 0 };
		struct mlx5hws_rule_attr attr = { 0 };
		struct mlx5hws_match_template *mt;
		struct mlx5hws_matcher *m;
		struct mlx5hws_rule *r;
		struct t_param mask = { 0 }, val = { 0 };
		struct env e;

		env_open(&e, "", 64, types[i]);
		t_mask(&mask, "outer.dmac");
		m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("outer.dmac"),
				 e.at_drop, 0, 3);
		t_set(&val, "outer.dmac", 0x0000aabbccddeeffull);
		ra.action = e.drop;
		r = add_rule(&e, m, &val, &ra, MLX5HWS_FLOW_SOURCE_ANY);
		ck_assert_int_eq(t_classify(NIC, e.tbl, i ? HWS_SIDE_TX :
							    HWS_SIDE_RX,
					    0, &val).result,
				 HWS_RESULT_DROP);
		attr.flow_source = i ? MLX5HWS_FLOW_SOURCE_UPLINK :
				       MLX5HWS_FLOW_SOURCE_LOCAL_VPORT;
		t_log_capture();
		ck_assert_ptr_null(mlx5hws_rule_create(m, 0, val.buf, 0, &ra,
						       &attr));
		ck_assert_int_eq(errno, EINVAL);
		/* NIC tables have no vports and no flow-source optimisation */
		ck_assert_ptr_null(mlx5hws_action_create_dest_vport(
			e.ctx, 1, 1u << types[i]));
		del_rule(&e, r);
		ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
		ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
		env_close(&e);
	}
}
END_TEST

/* Each counter of a bulk counts its own rule's packets. */
START_TEST(test_counters)
{
	enum mlx5hws_action_type types[] = { MLX5HWS_ACTION_TYP_CTR,
					     MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_action_template *at;
	struct mlx5hws_rule_action ra[2] = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r[4];
	struct t_param mask = { 0 };
	uint64_t packets, bytes;
	struct env e;
	int i, k;

	env_open(&e, "", 64, MLX5HWS_TABLE_TYPE_FDB);
	at = mlx5hws_action_template_create(types, 2);
	t_mask(&mask, "outer.ttl");
	m = make_matcher(&e, e.tbl, &mt, &mask, t_criteria("outer.ttl"), at, 0,
			 3);
	ra[0].action = e.ctr;
	ra[1].action = e.drop;
	for (i = 0; i < 4; i++) {
		struct t_param val = { 0 };

		t_set(&val, "outer.ttl", 10 + i);
		ra[0].counter.offset = i;
		r[i] = add_rule(&e, m, &val, ra, MLX5HWS_FLOW_SOURCE_ANY);
		for (k = 0; k <= i; k++)
			t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &val);
	}
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(mlx5hws_action_query_counter(e.ctr, i,
							      &packets, &bytes),
				 0);
		ck_assert_uint_eq(packets, i + 1);
		ck_assert_uint_eq(bytes, 100 * (i + 1));
	}
	ck_assert_int_eq(mlx5hws_action_query_counter(e.ctr, 16, &packets,
						      &bytes), EINVAL);
	/* a counter that rules use cannot go */
	ck_assert_int_eq(mlx5hws_action_destroy(e.ctr), EBUSY);
	/* an offset past the bulk is refused */
	ra[0].counter.offset = 16;
	{
		struct mlx5hws_rule_attr attr = { 0 };
		struct t_param val = { 0 };

		t_set(&val, "outer.ttl", 99);
		t_log_capture();
		ck_assert_ptr_null(mlx5hws_rule_create(m, 0, val.buf, 0, ra,
						       &attr));
		ck_assert_int_eq(errno, EINVAL);
	}
	for (i = 0; i < 4; i++)
		del_rule(&e, r[i]);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), 0);
	env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_smoke_fdb);
	tcase_add_test(tc, test_short_match_param);
	tcase_add_test(tc, test_every_field);
	tcase_add_test(tc, test_prefixes);
	tcase_add_test(tc, test_mixed_address_mask);
	tcase_add_test(tc, test_priorities);
	tcase_add_test(tc, test_goto_and_miss);
	tcase_add_test(tc, test_one_way_rules);
	tcase_add_test(tc, test_nic_tables);
	tcase_add_test(tc, test_counters);
	suite_add_tcase(s, tc);
	return t_run(s);
}
