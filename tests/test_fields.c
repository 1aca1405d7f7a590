// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Match fields on real frames: hwsctl's builder writes the frame, the
 * model parses and classifies it through a rule on the field.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "frame.h"
#include "helpers.h"

#define NIC "fields"
#define FIELDS_MAX_SETS 6

struct fields_set {
	const char *name;
	uint32_t value;
};

/*
 * One field: the rule matches sets[0] (its value), the packet carries
 * all of sets; miss[] turns the bit next to the value (or the tag's kind)
 * and the packet misses; near[] changes a neighbouring header field and
 * the packet still hits.
 */
struct fields_case {
	struct fields_set sets[FIELDS_MAX_SETS];
	struct fields_set miss[2];
	struct fields_set near[2];
};

struct fields_env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *drop;
	struct mlx5hws_action_template *at;
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
};

static void fields_apply(struct t_param *p, const struct fields_set *s,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i].name; i++)
		t_set(p, s[i].name, s[i].value);
}

/* Mask field, and its tunnel type if it has one: the criteria of both. */
static uint8_t fields_mask(struct t_param *mask, struct t_param *val,
			   const char *field)
{
	uint8_t crit = t_criteria(field);
	const char *type;
	uint32_t value;

	t_mask(mask, field);
	type = t_tunnel_type(field, &value);
	if (!type)
		return crit;
	t_mask(mask, type);
	if (val)
		t_set(val, type, value);
	return crit | t_criteria(type);
}

/*
 * A matcher on one field (and its tunnel type) in a table of type,
 * dropping what hits value, on the model with the capabilities spec
 * overrides (",key=value...").
 */
static void fields_open_spec(struct fields_env *e, const char *spec,
			     enum mlx5hws_table_type type, const char *field,
			     uint32_t value)
{
	enum mlx5hws_action_type drop_type = MLX5HWS_ACTION_TYP_DROP;
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_table_attr tattr = { .type = type, .level = 1 };
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra = { 0 };
	struct t_param mask = { 0 }, val = { 0 };
	char name[128];

	memset(e, 0, sizeof(*e));
	snprintf(name, sizeof(name), "sim:nic=" NIC "%s", spec);
	e->ctx = mlx5hws_context_open(name, &cattr);
	ck_assert_ptr_nonnull(e->ctx);
	e->tbl = mlx5hws_table_create(e->ctx, &tattr);
	ck_assert_ptr_nonnull(e->tbl);
	e->drop = mlx5hws_action_create_dest_drop(e->ctx, 1u << type);
	ck_assert_ptr_nonnull(e->drop);
	e->at = mlx5hws_action_template_create(&drop_type, 1);
	ck_assert_ptr_nonnull(e->at);
	e->mt = mlx5hws_match_template_create(e->ctx, mask.buf,
					      MLX5HWS_MATCH_PARAM_SZ,
					      fields_mask(&mask, &val, field));
	ck_assert_msg(e->mt, "a template on %s: %s", field, strerror(errno));
	e->m = mlx5hws_matcher_create(e->tbl, &e->mt, 1, &e->at, 1, &mattr);
	ck_assert_ptr_nonnull(e->m);
	t_set(&val, field, value);
	ra.action = e->drop;
	e->r = mlx5hws_rule_create(e->m, 0, val.buf, 0, &ra, &rattr);
	ck_assert_ptr_nonnull(e->r);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
}

static void fields_open_type(struct fields_env *e, enum mlx5hws_table_type type,
			     const char *field, uint32_t value)
{
	fields_open_spec(e, "", type, field, value);
}

static void fields_open(struct fields_env *e, const char *field, uint32_t value)
{
	fields_open_type(e, MLX5HWS_TABLE_TYPE_NIC_RX, field, value);
}

static void fields_close(struct fields_env *e)
{
	struct mlx5hws_rule_attr rattr = { 0 };

	ck_assert_int_eq(mlx5hws_rule_destroy(e->r, &rattr), 0);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(e->m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(e->mt), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
}

/*
 * Build the frame of p and classify it as sent by SQ sqn of vport (side
 * TX) or received (RX): does the rule drop it?
 */
static bool fields_hits_from(const struct fields_env *e,
			     const struct t_param *p, enum hws_side side,
			     uint16_t vport, uint32_t sqn)
{
	struct hws_packet pkt = { .side = side, .vport = vport, .sqn = sqn };
	uint8_t frame[FRAME_BUILD_MAX];
	const char *why = "";
	struct hws_verdict v;
	size_t len;

	ck_assert_msg(!frame_build((const uint8_t *)p->buf, frame, &len, &why),
		      "frame_build: %s", why);
	pkt.frame = frame;
	pkt.frame_len = len;
	pkt.bytes = len;
	ck_assert_int_eq(sim_classify(t_nic(NIC), mlx5hws_table_get_id(e->tbl),
				      &pkt, &v),
			 0);
	return v.result == HWS_RESULT_DROP;
}

static bool fields_hits(const struct fields_env *e, const struct t_param *p)
{
	return fields_hits_from(e, p, HWS_SIDE_RX, 0, 0);
}

static void fields_check_on(const char *spec, const struct fields_case *c)
{
	const char *field = c->sets[0].name;
	struct t_param pkt = { 0 }, other;
	struct fields_env e;

	fields_open_spec(&e, spec, MLX5HWS_TABLE_TYPE_NIC_RX, field,
			 c->sets[0].value);
	fields_apply(&pkt, c->sets, FIELDS_MAX_SETS);
	ck_assert_msg(fields_hits(&e, &pkt), "%s: the frame misses", field);
	other = pkt;
	fields_apply(&other, c->miss, 2);
	ck_assert_msg(!fields_hits(&e, &other), "%s: the bit next to it hits",
		      field);
	if (c->near[0].name) {
		other = pkt;
		fields_apply(&other, c->near, 2);
		ck_assert_msg(fields_hits(&e, &other),
			      "%s: %s changed and the frame misses", field,
			      c->near[0].name);
	}
	fields_close(&e);
}

static void fields_check(const struct fields_case *c)
{
	fields_check_on("", c);
}

/* A VXLAN tunnel, for the inner headers. */
#define FIELDS_VXLAN                   \
	{                              \
		"misc.vxlan_vni", 0x42 \
	}

static const struct fields_case fields_l2[] = {
	{ .sets = { { "outer.vlan_id", 0x123 } },
	  .miss = { { "outer.vlan_id", 0x122 } },
	  .near = { { "outer.vlan_cfi", 1 } } },
	{ .sets = { { "outer.vlan_prio", 5 } },
	  .miss = { { "outer.vlan_prio", 4 } },
	  .near = { { "outer.vlan_cfi", 1 } } },
	{ .sets = { { "outer.vlan_cfi", 1 }, { "outer.vlan_id", 7 } },
	  .miss = { { "outer.vlan_cfi", 0 } },
	  .near = { { "outer.vlan_prio", 1 }, { "outer.vlan_id", 0x807 } } },
	{ .sets = { { "outer.cvlan_tag", 1 }, { "outer.vlan_id", 7 } },
	  .miss = { { "outer.cvlan_tag", 0 }, { "outer.svlan_tag", 1 } },
	  .near = { { "outer.second_svlan_tag", 1 } } },
	{ .sets = { { "outer.svlan_tag", 1 }, { "outer.vlan_id", 7 } },
	  .miss = { { "outer.svlan_tag", 0 } },
	  .near = { { "outer.second_cvlan_tag", 1 } } },
	{ .sets = { { "outer.second_vlan_id", 0x456 },
		    { "outer.svlan_tag", 1 } },
	  .miss = { { "outer.second_vlan_id", 0x457 } },
	  .near = { { "outer.second_vlan_cfi", 1 },
		    { "outer.vlan_id", 0x456 } } },
	{ .sets = { { "outer.second_vlan_prio", 3 }, { "outer.svlan_tag", 1 } },
	  .miss = { { "outer.second_vlan_prio", 2 } },
	  .near = { { "outer.second_vlan_cfi", 1 },
		    { "outer.vlan_prio", 4 } } },
	{ .sets = { { "outer.second_vlan_cfi", 1 }, { "outer.svlan_tag", 1 } },
	  .miss = { { "outer.second_vlan_cfi", 0 },
		    { "outer.second_vlan_id", 1 } },
	  .near = { { "outer.second_vlan_prio", 1 },
		    { "outer.vlan_cfi", 1 } } },
	{ .sets = { { "outer.second_cvlan_tag", 1 }, { "outer.svlan_tag", 1 } },
	  .miss = { { "outer.second_cvlan_tag", 0 },
		    { "outer.second_svlan_tag", 1 } },
	  .near = { { "outer.cvlan_tag", 1 }, { "outer.svlan_tag", 0 } } },
	{ .sets = { { "outer.second_svlan_tag", 1 }, { "outer.svlan_tag", 1 } },
	  .miss = { { "outer.second_svlan_tag", 0 },
		    { "outer.second_cvlan_tag", 1 } } },
	{ .sets = { { "inner.vlan_id", 0x321 }, FIELDS_VXLAN },
	  .miss = { { "inner.vlan_id", 0x320 } },
	  .near = { { "outer.vlan_id", 0x321 } } },
	{ .sets = { { "inner.vlan_cfi", 1 },
		    { "inner.vlan_id", 9 },
		    FIELDS_VXLAN },
	  .miss = { { "inner.vlan_cfi", 0 } },
	  .near = { { "outer.vlan_cfi", 1 } } },
	{ .sets = { { "inner.svlan_tag", 1 },
		    { "inner.vlan_id", 9 },
		    FIELDS_VXLAN },
	  .miss = { { "inner.svlan_tag", 0 } },
	  .near = { { "outer.svlan_tag", 1 } } },
	{ .sets = { { "inner.second_vlan_id", 0xabc },
		    { "inner.cvlan_tag", 1 },
		    FIELDS_VXLAN },
	  .miss = { { "inner.second_vlan_id", 0xabd } },
	  .near = { { "outer.second_vlan_id", 0xabc } } },
	{ .sets = { { "inner.second_vlan_prio", 7 }, FIELDS_VXLAN },
	  .miss = { { "inner.second_vlan_prio", 6 } },
	  .near = { { "inner.vlan_prio", 7 } } },
	{ .sets = { { "inner.second_vlan_cfi", 1 }, FIELDS_VXLAN },
	  .miss = { { "inner.second_vlan_cfi", 0 },
		    { "inner.second_vlan_id", 1 } },
	  .near = { { "outer.second_vlan_cfi", 1 } } },
	{ .sets = { { "inner.second_svlan_tag", 1 }, FIELDS_VXLAN },
	  .miss = { { "inner.second_svlan_tag", 0 },
		    { "inner.second_cvlan_tag", 1 } },
	  .near = { { "outer.second_svlan_tag", 1 } } },
	{ .sets = { { "inner.second_cvlan_tag", 1 }, FIELDS_VXLAN },
	  .miss = { { "inner.second_cvlan_tag", 0 },
		    { "inner.second_svlan_tag", 1 } } },
};

static const struct fields_case fields_l3[] = {
	{ .sets = { { "outer.dscp", 0x2a } },
	  .miss = { { "outer.dscp", 0x2b } },
	  .near = { { "outer.ecn", 1 } } },
	{ .sets = { { "outer.ecn", 2 } },
	  .miss = { { "outer.ecn", 3 } },
	  .near = { { "outer.dscp", 1 } } },
	{ .sets = { { "outer.ecn", 1 }, { "outer.ip_version", 6 } },
	  .miss = { { "outer.ecn", 0 } },
	  .near = { { "outer.dscp", 1 } } },
	{ .sets = { { "outer.ihl", 6 }, { "outer.udp_dport", 53 } },
	  .miss = { { "outer.ihl", 7 } },
	  .near = { { "outer.dscp", 0x20 } } },
	{ .sets = { { "outer.ttl", 64 } },
	  .miss = { { "outer.ttl", 65 } },
	  .near = { { "outer.ecn", 1 } } },
	{ .sets = { { "outer.ttl", 255 }, { "outer.ip_version", 6 } },
	  .miss = { { "outer.ttl", 254 } },
	  .near = { { "outer.flow_label", 1 } } },
	{ .sets = { { "outer.frag", 1 }, { "outer.tcp_dport", 80 } },
	  .miss = { { "outer.frag", 0 } },
	  .near = { { "outer.tcp_flags", 0x02 } } },
	{ .sets = { { "outer.flow_label", 0x12345 } },
	  .miss = { { "outer.flow_label", 0x12344 } },
	  .near = { { "outer.ecn", 1 } } },
	{ .sets = { { "inner.dscp", 0x11 }, FIELDS_VXLAN },
	  .miss = { { "inner.dscp", 0x10 } },
	  .near = { { "outer.dscp", 0x11 } } },
	{ .sets = { { "inner.ecn", 3 }, FIELDS_VXLAN },
	  .miss = { { "inner.ecn", 2 } },
	  .near = { { "outer.ecn", 3 } } },
	{ .sets = { { "inner.ihl", 15 }, FIELDS_VXLAN },
	  .miss = { { "inner.ihl", 14 } },
	  .near = { { "outer.ihl", 15 } } },
	{ .sets = { { "inner.ttl", 3 }, FIELDS_VXLAN },
	  .miss = { { "inner.ttl", 2 } },
	  .near = { { "outer.ttl", 3 } } },
	{ .sets = { { "inner.frag", 1 },
		    { "inner.udp_dport", 9 },
		    FIELDS_VXLAN },
	  .miss = { { "inner.frag", 0 } },
	  .near = { { "outer.frag", 1 } } },
	{ .sets = { { "inner.flow_label", 0xfffff }, FIELDS_VXLAN },
	  .miss = { { "inner.flow_label", 0xffffe } },
	  .near = { { "outer.flow_label", 0xfffff } } },
};

START_TEST(test_l3)
{
	fields_check(&fields_l3[_i]);
}
END_TEST

/* Fields an IPv6 header has no room for are refused by the builder. */
START_TEST(test_l3_build_refused)
{
	uint8_t frame[FRAME_BUILD_MAX];
	struct t_param p = { 0 };
	const char *why = NULL;
	size_t len;

	t_set(&p, "outer.ip_version", 6);
	t_set(&p, "outer.frag", 1);
	ck_assert_int_eq(frame_build((const uint8_t *)p.buf, frame, &len, &why),
			 EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "frag"));
	memset(&p, 0, sizeof(p));
	t_set(&p, "outer.ihl", 4);
	ck_assert_int_eq(frame_build((const uint8_t *)p.buf, frame, &len, &why),
			 EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "ihl"));
}
END_TEST

static const struct fields_case fields_l4[] = {
	{ .sets = { { "outer.tcp_seq", 0x12345678 } },
	  .miss = { { "outer.tcp_seq", 0x12345679 } },
	  .near = { { "outer.tcp_ack", 1 } } },
	{ .sets = { { "outer.tcp_ack", 0x9abcdef0 } },
	  .miss = { { "outer.tcp_ack", 0x9abcdef1 } },
	  .near = { { "outer.tcp_seq", 0x9abcdef0 } } },
	{ .sets = { { "inner.tcp_seq", 0x80000000 }, FIELDS_VXLAN },
	  .miss = { { "inner.tcp_seq", 0x80000001 } },
	  .near = { { "inner.tcp_ack", 0x80000000 } } },
	{ .sets = { { "inner.tcp_ack", 7 }, FIELDS_VXLAN },
	  .miss = { { "inner.tcp_ack", 6 } },
	  .near = { { "inner.tcp_seq", 7 } } },
	{ .sets = { { "outer.tcp_flags", 0x102 } },
	  .miss = { { "outer.tcp_flags", 0x002 } },
	  .near = { { "outer.tcp_seq", 1 } } },
	{ .sets = { { "outer.tcp_flags", 0x010 } },
	  .miss = { { "outer.tcp_flags", 0x011 } },
	  .near = { { "outer.frag", 1 } } },
	{ .sets = { { "inner.tcp_flags", 0x100 }, FIELDS_VXLAN },
	  .miss = { { "inner.tcp_flags", 0x080 } },
	  .near = { { "inner.tcp_ack", 1 } } },
	{ .sets = { { "misc3.icmp_type", 8 } },
	  .miss = { { "misc3.icmp_type", 9 } },
	  .near = { { "misc3.icmp_code", 1 } } },
	{ .sets = { { "misc3.icmp_code", 3 } },
	  .miss = { { "misc3.icmp_code", 2 } },
	  .near = { { "misc3.icmp_type", 3 } } },
	{ .sets = { { "misc3.icmp_header_data", 0x00010002 } },
	  .miss = { { "misc3.icmp_header_data", 0x00010003 } },
	  .near = { { "misc3.icmp_code", 1 } } },
	{ .sets = { { "misc3.icmp_type", 0 },
		    { "misc3.icmp_code", 1 },
		    FIELDS_VXLAN },
	  .miss = { { "misc3.icmp_type", 1 } },
	  .near = { { "misc3.icmp_code", 0 } } },
	{ .sets = { { "misc3.icmpv6_type", 128 } },
	  .miss = { { "misc3.icmpv6_type", 129 } },
	  .near = { { "misc3.icmpv6_code", 1 } } },
	{ .sets = { { "misc3.icmpv6_code", 4 } },
	  .miss = { { "misc3.icmpv6_code", 5 } },
	  .near = { { "misc3.icmpv6_type", 1 } } },
	{ .sets = { { "misc3.icmpv6_header_data", 0xdeadbeef } },
	  .miss = { { "misc3.icmpv6_header_data", 0xdeadbeee } },
	  .near = { { "misc3.icmpv6_type", 135 } } },
};

START_TEST(test_l4)
{
	fields_check(&fields_l4[_i]);
}
END_TEST

/* A template on two fields, refused with err and a log that says why. */
static void fields_refused(const char *spec, const char *f1, const char *f2,
			   int err, const char *why)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_context *ctx;
	struct t_param mask = { 0 };
	char name[128];
	uint8_t crit;

	snprintf(name, sizeof(name), "sim:nic=" NIC "%s", spec);
	ctx = mlx5hws_context_open(name, &cattr);
	ck_assert_ptr_nonnull(ctx);
	crit = fields_mask(&mask, NULL, f1);
	if (f2)
		crit |= fields_mask(&mask, NULL, f2);
	t_log_capture();
	errno = 0;
	ck_assert_ptr_null(mlx5hws_match_template_create(
		ctx, mask.buf, MLX5HWS_MATCH_PARAM_SZ, crit));
	ck_assert_int_eq(errno, err);
	ck_assert_msg(strstr(t_log_text(), why), "the log says %s: %s", why,
		      t_log_text());
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}

/*
 * ICMP needs the device's parser for it (flex_parser_protocols bit 8 for
 * v4, 9 for v6); the header layout holds one TCP or ICMP header.
 */
START_TEST(test_l4_refused)
{
	fields_refused(",flex_parser_protocols=0", "misc3.icmp_type", NULL,
		       EOPNOTSUPP, "ICMPv4 parser");
	fields_refused(",flex_parser_protocols=0x100", "misc3.icmpv6_code",
		       NULL, EOPNOTSUPP, "ICMPv6 parser");
	fields_refused(",flex_parser_protocols=0x200", "misc3.icmp_header_data",
		       NULL, EOPNOTSUPP, "lacks 0x100");
	fields_refused(
		"", "outer.tcp_seq", "inner.tcp_ack", EINVAL,
		"outer.tcp_seq (outer TCP) and inner.tcp_ack (inner TCP)");
	fields_refused("", "outer.tcp_ack", "misc3.icmp_type", EINVAL,
		       "one TCP or ICMP header");
	fields_refused("", "misc3.icmp_code", "misc3.icmpv6_type", EINVAL,
		       "(ICMPv4) and misc3.icmpv6_type (ICMPv6)");
}
END_TEST

/* With only the parser for it, each ICMP version is taken. */
START_TEST(test_l4_one_parser)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_context *ctx;
	struct t_param mask = { 0 };

	ctx = mlx5hws_context_open(
		"sim:nic=" NIC ",flex_parser_protocols=0x200", &cattr);
	ck_assert_ptr_nonnull(ctx);
	t_mask(&mask, "misc3.icmpv6_type");
	mt = mlx5hws_match_template_create(ctx, mask.buf,
					   MLX5HWS_MATCH_PARAM_SZ,
					   t_criteria("misc3.icmpv6_type"));
	ck_assert_ptr_nonnull(mt);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/* A GRE packet carrying Ethernet, so that flags can be turned off. */
#define FIELDS_GRE                          \
	{                                   \
		"misc.gre_protocol", 0x6558 \
	}

static const struct fields_case fields_tunnel[] = {
	{ .sets = { { "misc.gre_c_present", 1 }, FIELDS_GRE },
	  .miss = { { "misc.gre_c_present", 0 } },
	  .near = { { "misc.gre_k_present", 1 } } },
	{ .sets = { { "misc.gre_k_present", 1 }, FIELDS_GRE },
	  .miss = { { "misc.gre_k_present", 0 } },
	  .near = { { "misc.gre_s_present", 1 }, { "misc.gre_key", 9 } } },
	{ .sets = { { "misc.gre_s_present", 1 }, FIELDS_GRE },
	  .miss = { { "misc.gre_s_present", 0 } },
	  .near = { { "misc.gre_k_present", 1 } } },
	{ .sets = { { "misc.gre_protocol", 0x0800 } },
	  .miss = { { "misc.gre_protocol", 0x0801 } },
	  .near = { { "misc.gre_s_present", 1 } } },
	{ .sets = { { "misc.gre_key", 0x01020304 } },
	  .miss = { { "misc.gre_key", 0x01020305 } },
	  .near = { { "misc.gre_s_present", 1 } } },
	{ .sets = { { "misc.geneve_vni", 0x123456 } },
	  .miss = { { "misc.geneve_vni", 0x123457 } },
	  .near = { { "misc.geneve_oam", 1 } } },
	{ .sets = { { "misc.geneve_oam", 1 }, { "misc.geneve_vni", 1 } },
	  .miss = { { "misc.geneve_oam", 0 } },
	  .near = { { "misc.geneve_opt_len", 1 } } },
	{ .sets = { { "misc.geneve_opt_len", 3 }, { "misc.geneve_vni", 1 } },
	  .miss = { { "misc.geneve_opt_len", 2 } },
	  .near = { { "misc.geneve_oam", 1 } } },
	{ .sets = { { "misc.geneve_opt_len", 63 } },
	  .miss = { { "misc.geneve_opt_len", 62 } },
	  .near = { { "misc.geneve_vni", 1 } } },
	{ .sets = { { "misc.geneve_protocol_type", 0x6558 } },
	  .miss = { { "misc.geneve_protocol_type", 0x6559 } },
	  .near = { { "misc.geneve_oam", 1 } } },
	{ .sets = { { "misc3.vxlan_gpe_vni", 0xabcdef } },
	  .miss = { { "misc3.vxlan_gpe_vni", 0xabcdee } },
	  .near = { { "misc3.vxlan_gpe_flags", 0x0e } } },
	{ .sets = { { "misc3.vxlan_gpe_flags", 0x0c } },
	  .miss = { { "misc3.vxlan_gpe_flags", 0x0d } },
	  .near = { { "misc3.vxlan_gpe_next_protocol", 1 } } },
	{ .sets = { { "misc3.vxlan_gpe_next_protocol", 3 } },
	  .miss = { { "misc3.vxlan_gpe_next_protocol", 2 } },
	  .near = { { "misc3.vxlan_gpe_flags", 0x08 } } },
	/* the inner frame behind VXLAN-GPE is parsed */
	{ .sets = { { "inner.ttl", 33 }, { "misc3.vxlan_gpe_vni", 2 } },
	  .miss = { { "inner.ttl", 32 } },
	  .near = { { "outer.ttl", 33 } } },
};

START_TEST(test_tunnel)
{
	fields_check(&fields_tunnel[_i]);
}
END_TEST

/*
 * A tunnel's fields without the tunnel type: the kernel's TC refuses a
 * decap filter without the whole UDP port as well.
 */
START_TEST(test_tunnel_type_refused)
{
	static const char *const udp[] = {
		"misc.vxlan_vni",      "misc.geneve_vni",
		"misc3.vxlan_gpe_vni", "misc3.gtpu_teid",
		"misc.bth_opcode",     "misc2.mpls_over_udp_label",
	};
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_context *ctx;
	struct t_param mask;
	size_t i;

	ctx = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(ctx);
	for (i = 0; i < sizeof(udp) / sizeof(udp[0]); i++) {
		memset(&mask, 0, sizeof(mask));
		t_mask(&mask, udp[i]);
		/* the port's low 15 bits are not the port */
		t_mask_prefix(&mask, "outer.udp_dport", 15);
		t_log_capture();
		errno = 0;
		ck_assert_ptr_null(mlx5hws_match_template_create(
			ctx, mask.buf, MLX5HWS_MATCH_PARAM_SZ,
			t_criteria(udp[i]) | t_criteria("outer.udp_dport")));
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_msg(
			strstr(t_log_text(),
			       "needs the tunnel type in the mask: all of outer.udp_dport, not 0xfffe"),
			"%s: %s", udp[i], t_log_text());
		/* the whole port: taken */
		t_mask(&mask, "outer.udp_dport");
		mt = mlx5hws_match_template_create(
			ctx, mask.buf, MLX5HWS_MATCH_PARAM_SZ,
			t_criteria(udp[i]) | t_criteria("outer.udp_dport"));
		ck_assert_ptr_nonnull(mt);
		ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	}
	/* GRE and MPLS over GRE: the IP protocol */
	memset(&mask, 0, sizeof(mask));
	t_mask(&mask, "misc.gre_protocol");
	t_log_capture();
	ck_assert_ptr_null(mlx5hws_match_template_create(
		ctx, mask.buf, MLX5HWS_MATCH_PARAM_SZ,
		t_criteria("misc.gre_protocol")));
	ck_assert_ptr_nonnull(strstr(
		t_log_text(),
		"misc.gre_protocol (GRE) needs the tunnel type in the mask: all of outer.ip_protocol, not 0x0"));
	memset(&mask, 0, sizeof(mask));
	t_mask(&mask, "misc2.mpls_over_gre_ttl");
	ck_assert_ptr_null(mlx5hws_match_template_create(
		ctx, mask.buf, MLX5HWS_MATCH_PARAM_SZ,
		t_criteria("misc2.mpls_over_gre_ttl")));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/* A packet has one tunnel: fields of two are refused together. */
START_TEST(test_tunnel_refused)
{
	fields_refused("", "misc.gre_protocol", "misc.geneve_vni", EINVAL,
		       "misc.gre_protocol (GRE) and misc.geneve_vni (GENEVE)");
	fields_refused("", "misc.vxlan_vni", "misc.geneve_oam", EINVAL,
		       "a packet has one tunnel");
	fields_refused("", "misc.gre_c_present", "misc.vxlan_vni", EINVAL,
		       "a packet has one tunnel");
	fields_refused("", "misc3.vxlan_gpe_vni", "misc.vxlan_vni", EINVAL,
		       "(VXLAN) and misc3.vxlan_gpe_vni (VXLAN-GPE)");
	/* VXLAN-GPE needs the device's parser: bit 7 */
	fields_refused(",flex_parser_protocols=0x300", "misc3.vxlan_gpe_flags",
		       NULL, EOPNOTSUPP, "VXLAN-GPE parser");
}
END_TEST

/*
 * source_sqn: the SQ that sent the packet, which the device knows from
 * the send queue; the frame is the same.
 */
START_TEST(test_source_sqn)
{
	struct t_param pkt = { 0 };
	struct fields_env e;

	fields_open_type(&e, MLX5HWS_TABLE_TYPE_FDB, "misc.source_sqn",
			 0x123456);
	t_set(&pkt, "outer.udp_dport", 53);
	ck_assert(fields_hits_from(&e, &pkt, HWS_SIDE_TX, 1, 0x123456));
	/* the bit next to it */
	ck_assert(!fields_hits_from(&e, &pkt, HWS_SIDE_TX, 1, 0x123457));
	ck_assert(!fields_hits_from(&e, &pkt, HWS_SIDE_TX, 1, 0x923456));
	/* another vport's SQ of that number; the wire has no SQ */
	ck_assert(fields_hits_from(&e, &pkt, HWS_SIDE_TX, 2, 0x123456));
	ck_assert(!fields_hits_from(&e, &pkt, HWS_SIDE_RX, 0, 0x123456));
	fields_close(&e);
}
END_TEST

/* MPLS: behind Ethernet (outer or inner), behind GRE, behind UDP 6635. */
static const struct fields_case fields_mpls[] = {
	{ .sets = { { "outer.mpls_label", 0x12345 } },
	  .miss = { { "outer.mpls_label", 0x12344 } },
	  .near = { { "outer.mpls_ttl", 64 } } },
	{ .sets = { { "outer.mpls_exp", 5 } },
	  .miss = { { "outer.mpls_exp", 4 } },
	  .near = { { "outer.mpls_s_bos", 1 } } },
	{ .sets = { { "outer.mpls_s_bos", 1 } },
	  .miss = { { "outer.mpls_s_bos", 0 } },
	  .near = { { "outer.mpls_exp", 1 }, { "outer.mpls_ttl", 1 } } },
	{ .sets = { { "outer.mpls_ttl", 64 } },
	  .miss = { { "outer.mpls_ttl", 65 } },
	  .near = { { "outer.mpls_s_bos", 1 } } },
	{ .sets = { { "inner.mpls_label", 0x777 }, FIELDS_VXLAN },
	  .miss = { { "inner.mpls_label", 0x776 } },
	  .near = { { "misc.vxlan_vni", 0x43 } } },
	{ .sets = { { "inner.mpls_ttl", 3 }, FIELDS_VXLAN },
	  .miss = { { "inner.mpls_ttl", 2 } },
	  .near = { { "inner.mpls_s_bos", 1 } } },
	{ .sets = { { "misc2.mpls_over_gre_label", 0xabcde } },
	  .miss = { { "misc2.mpls_over_gre_label", 0xabcdf } },
	  .near = { { "misc.gre_key", 5 }, { "misc2.mpls_over_gre_ttl", 9 } } },
	{ .sets = { { "misc2.mpls_over_gre_exp", 2 } },
	  .miss = { { "misc2.mpls_over_gre_exp", 3 } },
	  .near = { { "misc2.mpls_over_gre_s_bos", 1 } } },
	{ .sets = { { "misc2.mpls_over_gre_s_bos", 1 } },
	  .miss = { { "misc2.mpls_over_gre_s_bos", 0 } },
	  .near = { { "misc2.mpls_over_gre_exp", 1 } } },
	{ .sets = { { "misc2.mpls_over_gre_ttl", 0x80 } },
	  .miss = { { "misc2.mpls_over_gre_ttl", 0x81 } },
	  .near = { { "misc.gre_s_present", 1 } } },
	{ .sets = { { "misc2.mpls_over_udp_label", 0xfffff } },
	  .miss = { { "misc2.mpls_over_udp_label", 0xffffe } },
	  .near = { { "outer.udp_sport", 7 } } },
	{ .sets = { { "misc2.mpls_over_udp_exp", 7 } },
	  .miss = { { "misc2.mpls_over_udp_exp", 6 } },
	  .near = { { "misc2.mpls_over_udp_label", 1 } } },
	{ .sets = { { "misc2.mpls_over_udp_s_bos", 1 } },
	  .miss = { { "misc2.mpls_over_udp_s_bos", 0 } },
	  .near = { { "misc2.mpls_over_udp_ttl", 1 } } },
	{ .sets = { { "misc2.mpls_over_udp_ttl", 2 } },
	  .miss = { { "misc2.mpls_over_udp_ttl", 3 } },
	  .near = { { "misc2.mpls_over_udp_exp", 1 } } },
};

START_TEST(test_mpls)
{
	fields_check(&fields_mpls[_i]);
}
END_TEST

/*
 * The flex parser that takes the label is the device's to say: the
 * library reads it from QUERY_HCA_CAP (the model puts it there too).
 */
START_TEST(test_mpls_flex_parser_id)
{
	fields_check_on(",flex_parser_id_mpls_over_gre=6", &fields_mpls[6]);
	fields_check_on(",flex_parser_id_mpls_over_udp=7", &fields_mpls[10]);
}
END_TEST

/* GTP-U behind UDP 2152: flags, message type, TEID. */
static const struct fields_case fields_gtpu[] = {
	{ .sets = { { "misc3.gtpu_teid", 0x11223344 } },
	  .miss = { { "misc3.gtpu_teid", 0x11223345 } },
	  .near = { { "misc3.gtpu_msg_type", 1 } } },
	{ .sets = { { "misc3.gtpu_msg_type", 0xfe } },
	  .miss = { { "misc3.gtpu_msg_type", 0xff } },
	  .near = { { "misc3.gtpu_teid", 5 } } },
	{ .sets = { { "misc3.gtpu_msg_flags", 0x32 } },
	  .miss = { { "misc3.gtpu_msg_flags", 0x33 } },
	  .near = { { "misc3.gtpu_msg_type", 2 } } },
};

START_TEST(test_gtpu)
{
	fields_check(&fields_gtpu[_i]);
}
END_TEST

/* GTP-U's DWs sit where the format selects of cmd_hca_cap_2 say. */
START_TEST(test_gtpu_format_select)
{
	fields_check_on(",format_select_dw_gtpu_dw_1=130", &fields_gtpu[0]);
	fields_check_on(",format_select_dw_gtpu_dw_0=137", &fields_gtpu[1]);
}
END_TEST

/* RoCE v2 behind UDP 4791: the BTH's opcode and destination QP. */
static const struct fields_case fields_bth[] = {
	{ .sets = { { "misc.bth_opcode", 0x04 } },
	  .miss = { { "misc.bth_opcode", 0x05 } },
	  .near = { { "misc.bth_dst_qp", 9 } } },
	{ .sets = { { "misc.bth_dst_qp", 0x123456 } },
	  .miss = { { "misc.bth_dst_qp", 0x123457 } },
	  .near = { { "misc.bth_opcode", 0x0a } } },
};

START_TEST(test_bth)
{
	fields_check(&fields_bth[_i]);
}
END_TEST

/* Each parser and capability these fields need, and their conflicts. */
START_TEST(test_flex_refused)
{
	fields_refused(",flex_parser_protocols=0x300",
		       "misc2.mpls_over_gre_label", NULL, EOPNOTSUPP,
		       "MPLS over GRE parser");
	fields_refused(",flex_parser_protocols=0x310",
		       "misc2.mpls_over_udp_ttl", NULL, EOPNOTSUPP,
		       "lacks 0x20");
	fields_refused(",flex_parser_id_mpls_over_gre=9",
		       "misc2.mpls_over_gre_exp", NULL, EOPNOTSUPP,
		       "flex parser 9");
	fields_refused("", "misc2.mpls_over_gre_label",
		       "misc2.mpls_over_udp_label", EINVAL,
		       "behind GRE or UDP");
	fields_refused(",flex_parser_protocols=0x80000", "misc3.gtpu_msg_type",
		       NULL, EOPNOTSUPP, "GTP-U parser");
	fields_refused(",flex_parser_protocols=0x800", "misc3.gtpu_teid", NULL,
		       EOPNOTSUPP, "lacks 0x80000");
	fields_refused("", "misc3.gtpu_teid", "misc.vxlan_vni", EINVAL,
		       "(VXLAN) and misc3.gtpu_teid (GTP-U)");
	fields_refused(",roce=0", "misc.bth_dst_qp", NULL, EOPNOTSUPP,
		       "cmd_hca_cap.roce is 0");
}
END_TEST

/* A rule on one misc5 tunnel header DW; the packets are built apart. */
static void fields_tunnel_word(const char *field, uint32_t value,
			       const char *hit_field, uint64_t hit,
			       uint64_t miss)
{
	struct t_param pkt = { 0 };
	struct fields_env e;

	fields_open(&e, field, value);
	t_set(&pkt, hit_field, hit);
	ck_assert_msg(fields_hits(&e, &pkt), "%s: the frame misses", field);
	t_set(&pkt, hit_field, miss);
	ck_assert_msg(!fields_hits(&e, &pkt), "%s: the bit next to it hits",
		      field);
	fields_close(&e);
}

/*
 * misc5 names the tunnel header's first four DWs as the parser has them:
 * a UDP tunnel's first 16 bytes (VXLAN's flags and VNI, then the inner
 * frame; GENEVE's DWs, then its first option), GRE's flags and protocol,
 * checksum, key and sequence number.
 */
START_TEST(test_tunnel_header)
{
	struct t_param pkt = { 0 };
	struct fields_env e;

	fields_tunnel_word("misc5.tunnel_header_1", 0x00004200,
			   "misc.vxlan_vni", 0x42, 0x43);
	fields_tunnel_word("misc5.tunnel_header_0", 0x03006558,
			   "misc.geneve_opt_len", 3, 2);
	fields_tunnel_word("misc5.tunnel_header_2", 0x99, "misc.gre_key", 0x99,
			   0x98);
	/* VXLAN's I flag is in DW 0; a GENEVE packet has no such flag */
	fields_open(&e, "misc5.tunnel_header_0", 0x08000000);
	t_set(&pkt, "misc.vxlan_vni", 1);
	ck_assert(fields_hits(&e, &pkt));
	memset(&pkt, 0, sizeof(pkt));
	t_set(&pkt, "misc.geneve_vni", 1);
	ck_assert(!fields_hits(&e, &pkt));
	fields_close(&e);
	/* the builder's GENEVE option: class 0xffff, type 0, its length */
	fields_tunnel_word("misc5.tunnel_header_2", 0xffff0001,
			   "misc.geneve_opt_len", 2, 3);
	/* behind VXLAN's 8 bytes, the inner destination MAC */
	fields_tunnel_word("misc5.tunnel_header_3", 0x55660000, "inner.dmac",
			   0x112233445566ull, 0x112233445567ull);
}
END_TEST

/* The kernel's groups: DWs 0 and 1 are a tunnel's, DW 2 the GRE key's. */
START_TEST(test_tunnel_header_refused)
{
	fields_refused("", "misc5.tunnel_header_1", "misc.vxlan_vni", EINVAL,
		       "a packet has one tunnel");
	fields_refused("", "misc.gre_key", "misc5.tunnel_header_2", EINVAL,
		       "tunnel_header_2 holds one of them");
}
END_TEST

/*
 * source_port with the vhca_id of the E-Switch that owns the vport, on a
 * merged E-Switch: this context's own E-Switch (vhca_id 1) matches; a
 * vport of another is refused, for the context knows no other's GVMIs.
 */
START_TEST(test_source_port_owner)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_FDB,
					    .level = 1 };
	enum mlx5hws_action_type drop_type = MLX5HWS_ACTION_TYP_DROP;
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra = { 0 };
	struct t_param mask = { 0 }, val = { 0 }, pkt = { 0 };
	struct mlx5hws_rule *other;
	struct fields_env e;

	memset(&e, 0, sizeof(e));
	e.ctx = mlx5hws_context_open("sim:nic=" NIC ",merged_eswitch=1",
				     &cattr);
	ck_assert_ptr_nonnull(e.ctx);
	e.tbl = mlx5hws_table_create(e.ctx, &tattr);
	e.drop = mlx5hws_action_create_dest_drop(e.ctx,
						 1u << MLX5HWS_TABLE_TYPE_FDB);
	e.at = mlx5hws_action_template_create(&drop_type, 1);
	t_mask(&mask, "misc.source_port");
	t_mask(&mask, "misc.source_eswitch_owner_vhca_id");
	e.mt = mlx5hws_match_template_create(e.ctx, mask.buf,
					     MLX5HWS_MATCH_PARAM_SZ,
					     t_criteria("misc.source_port"));
	ck_assert_ptr_nonnull(e.mt);
	e.m = mlx5hws_matcher_create(e.tbl, &e.mt, 1, &e.at, 1, &mattr);
	ck_assert_ptr_nonnull(e.m);
	t_set(&val, "misc.source_port", 2);
	t_set(&val, "misc.source_eswitch_owner_vhca_id", 1);
	ra.action = e.drop;
	e.r = mlx5hws_rule_create(e.m, 0, val.buf, 0, &ra, &rattr);
	ck_assert_ptr_nonnull(e.r);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	t_set(&pkt, "outer.udp_dport", 53);
	ck_assert(fields_hits_from(&e, &pkt, HWS_SIDE_TX, 2, 0));
	ck_assert(!fields_hits_from(&e, &pkt, HWS_SIDE_TX, 3, 0));
	ck_assert(!fields_hits_from(&e, &pkt, HWS_SIDE_RX, 0, 0));
	/* another E-Switch's vport 2 */
	t_set(&val, "misc.source_eswitch_owner_vhca_id", 2);
	t_log_capture();
	errno = 0;
	other = mlx5hws_rule_create(e.m, 0, val.buf, 0, &ra, &rattr);
	ck_assert_ptr_null(other);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "vhca_id 0x2"));
	fields_close(&e);
}
END_TEST

/* Without a merged E-Switch, or without source_port, it is refused. */
START_TEST(test_source_port_owner_refused)
{
	fields_refused("", "misc.source_port",
		       "misc.source_eswitch_owner_vhca_id", EOPNOTSUPP,
		       "merged_eswitch is 0");
	fields_refused(",merged_eswitch=1", "misc.source_eswitch_owner_vhca_id",
		       NULL, EOPNOTSUPP, "mask misc.source_port with it");
}
END_TEST

START_TEST(test_l2_vlans)
{
	fields_check(&fields_l2[_i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fields");
	TCase *tc = tcase_create("l2");

	tcase_add_loop_test(tc, test_l2_vlans, 0,
			    sizeof(fields_l2) / sizeof(fields_l2[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("l3");
	tcase_add_loop_test(tc, test_l3, 0,
			    sizeof(fields_l3) / sizeof(fields_l3[0]));
	tcase_add_test(tc, test_l3_build_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("l4");
	tcase_add_loop_test(tc, test_l4, 0,
			    sizeof(fields_l4) / sizeof(fields_l4[0]));
	tcase_add_test(tc, test_l4_refused);
	tcase_add_test(tc, test_l4_one_parser);
	suite_add_tcase(s, tc);
	tc = tcase_create("tunnel");
	tcase_add_loop_test(tc, test_tunnel, 0,
			    sizeof(fields_tunnel) / sizeof(fields_tunnel[0]));
	tcase_add_test(tc, test_tunnel_refused);
	tcase_add_test(tc, test_tunnel_type_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("mpls");
	tcase_add_loop_test(tc, test_mpls, 0,
			    sizeof(fields_mpls) / sizeof(fields_mpls[0]));
	tcase_add_test(tc, test_mpls_flex_parser_id);
	suite_add_tcase(s, tc);
	tc = tcase_create("gtpu_roce");
	tcase_add_loop_test(tc, test_gtpu, 0,
			    sizeof(fields_gtpu) / sizeof(fields_gtpu[0]));
	tcase_add_test(tc, test_gtpu_format_select);
	tcase_add_loop_test(tc, test_bth, 0,
			    sizeof(fields_bth) / sizeof(fields_bth[0]));
	tcase_add_test(tc, test_flex_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("tunnel_header");
	tcase_add_test(tc, test_tunnel_header);
	tcase_add_test(tc, test_tunnel_header_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("metadata");
	tcase_add_test(tc, test_source_sqn);
	tcase_add_test(tc, test_source_port_owner);
	tcase_add_test(tc, test_source_port_owner_refused);
	suite_add_tcase(s, tc);
	return t_run(s);
}
