// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Matchers of several match templates: one definer per template, RTCs that
 * hash by what the templates share, STEs that name their own definer; the
 * refusals and the limits (the model's checks of the definer an STE names:
 * test_multi_mt_model.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "helpers.h"
#include "libhws/cmd.h"
#include "libhws/prm.h"

#define NIC "multimt"

struct env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *tag, *vport;
	struct mlx5hws_action_template *at;
};

static void env_open_spec(struct env *e, const char *spec)
{
	struct mlx5hws_context_attr attr = { .queues = 1, .queue_size = 64 };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_FDB,
					    .level = 1 };
	enum mlx5hws_action_type types[] = { MLX5HWS_ACTION_TYP_TAG,
					     MLX5HWS_ACTION_TYP_VPORT };
	uint32_t flags = 1u << MLX5HWS_TABLE_TYPE_FDB;

	memset(e, 0, sizeof(*e));
	e->ctx = t_ctx_open(spec, &attr);
	ck_assert_ptr_nonnull(e->ctx);
	e->tbl = mlx5hws_table_create(e->ctx, &tattr);
	ck_assert_ptr_nonnull(e->tbl);
	e->tag = mlx5hws_action_create_tag(e->ctx, flags);
	e->vport = mlx5hws_action_create_dest_vport(e->ctx, 3, flags);
	ck_assert_ptr_nonnull(e->tag);
	ck_assert_ptr_nonnull(e->vport);
	e->at = mlx5hws_action_template_create(types, 2);
	ck_assert_ptr_nonnull(e->at);
}

static void env_open(struct env *e)
{
	env_open_spec(e, "sim:nic=" NIC);
}

static void env_close(struct env *e)
{
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->vport), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->tag), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

static struct mlx5hws_match_template *make_mt(struct env *e,
					      const struct t_param *mask)
{
	struct mlx5hws_match_template *mt;

	mt = mlx5hws_match_template_create(e->ctx, mask->buf,
					   MLX5HWS_MATCH_PARAM_SZ,
					   MLX5_MATCH_OUTER_HEADERS);
	ck_assert_msg(mt, "template: %s", strerror(errno));
	return mt;
}

static struct mlx5hws_matcher *
make_matcher(struct env *e, struct mlx5hws_match_template **mt, uint8_t n)
{
	struct mlx5hws_matcher_attr attr = { 0 };

	attr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].rule.num_log = 4;
	attr.size[MLX5HWS_MATCHER_SIZE_TYPE_TX].rule.num_log = 4;
	return mlx5hws_matcher_create(e->tbl, mt, n, &e->at, 1, &attr);
}

static struct mlx5hws_rule *add_rule(struct env *e, struct mlx5hws_matcher *m,
				     uint8_t mt_idx, const struct t_param *v,
				     uint32_t tag)
{
	struct mlx5hws_rule_attr attr = { .flow_source =
						  MLX5HWS_FLOW_SOURCE_UPLINK };
	struct mlx5hws_rule_action ra[2] = { { .action = e->tag },
					     { .action = e->vport } };
	struct mlx5hws_rule *r;

	ra[0].tag.value = tag;
	r = mlx5hws_rule_create(m, mt_idx, v->buf, 0, ra, &attr);
	ck_assert_msg(r, "rule of template %u: %s", mt_idx, strerror(errno));
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
	return r;
}

static void del_rule(struct env *e, struct mlx5hws_rule *r)
{
	struct mlx5hws_rule_attr attr = { 0 };

	ck_assert_int_eq(mlx5hws_rule_destroy(r, &attr), 0);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
}

/* IPv4 dst, and IPv4 dst with TCP dport: the hash takes dst and version. */
static void masks_dst_dport(struct t_param *dst, struct t_param *dport)
{
	memset(dst, 0, sizeof(*dst));
	t_mask(dst, "outer.ip_version");
	t_mask(dst, "outer.ipv4_dst");
	*dport = *dst;
	t_mask(dport, "outer.ip_protocol");
	t_mask(dport, "outer.tcp_dport");
}

static void flow(struct t_param *p, uint32_t dst, uint8_t proto, uint16_t dport)
{
	memset(p, 0, sizeof(*p));
	t_set(p, "outer.ip_version", 4);
	t_set(p, "outer.ipv4_dst", dst);
	if (proto)
		t_set(p, "outer.ip_protocol", proto);
	if (dport)
		t_set(p, "outer.tcp_dport", dport);
}

/* The tag of the rule a packet hits, or -1 on a miss. */
static long hit_tag(uint32_t dst, uint8_t proto, uint16_t dport,
		    struct mlx5hws_table *tbl)
{
	struct t_param pkt;
	struct hws_verdict v;

	flow(&pkt, dst, proto, dport);
	v = t_classify(NIC, tbl, HWS_SIDE_RX, 0, &pkt);
	if (v.result == HWS_RESULT_MISS)
		return -1;
	ck_assert_int_eq(v.result, HWS_RESULT_VPORT);
	ck_assert_int_eq(v.has_tag, 1);
	return v.tag;
}

/*
 * Two templates on one matcher: rules of each, packets that hit each and
 * miss, a tag two definers share that stays two rules, deletions.
 */
START_TEST(test_two_templates)
{
	struct mlx5hws_rule_action ra[2] = { { .action = NULL } };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_match_template *mt[2];
	struct t_param m_dst, m_dport, v;
	struct mlx5hws_rule *r_dst, *r_web, *r_zero;
	struct mlx5hws_rule_info info = { 0 };
	struct mlx5hws_matcher *m;
	struct hws_verdict vd;
	struct env e;

	env_open(&e);
	masks_dst_dport(&m_dst, &m_dport);
	mt[0] = make_mt(&e, &m_dst);
	mt[1] = make_mt(&e, &m_dport);
	m = make_matcher(&e, mt, 2);
	ck_assert_msg(m, "matcher: %s", strerror(errno));

	flow(&v, 0x0a000001, 0, 0);
	r_dst = add_rule(&e, m, 0, &v, 0x10);
	/* firmware wrote it: the device takes no WQE on these RTCs */
	ck_assert_uint_eq(t_stats(NIC).last_opcode, MLX5_CMD_OP_GENERATE_WQE);
	ck_assert_uint_eq(t_stats(NIC).stes, 1);
	flow(&v, 0x0a000002, 6, 80);
	r_web = add_rule(&e, m, 1, &v, 0x20);
	/* the same tag bytes as r_dst, under the other definer */
	flow(&v, 0x0a000001, 0, 0);
	r_zero = add_rule(&e, m, 1, &v, 0x40);

	ck_assert_int_eq(hit_tag(0x0a000001, 17, 53, e.tbl), 0x10);
	ck_assert_int_eq(hit_tag(0x0a000002, 6, 80, e.tbl), 0x20);
	ck_assert_int_eq(hit_tag(0x0a000002, 6, 81, e.tbl), -1);
	ck_assert_int_eq(hit_tag(0x0a000002, 17, 80, e.tbl), -1);
	ck_assert_int_eq(hit_tag(0x0a000003, 6, 80, e.tbl), -1);

	/* the library's hash is the row the device placed the rule in */
	ck_assert_int_eq(mlx5hws_rule_query(r_web, &info), 0);
	flow(&v, 0x0a000002, 6, 80);
	vd = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &v);
	ck_assert_uint_eq(vd.num_hits, 1);
	ck_assert_uint_eq(vd.hits[0].rtc_id, info.rtc_id[0]);
	ck_assert_uint_eq(vd.hits[0].ste_index % 16, info.hash % 16);

	/* new actions for a rule of the second template: its STE in place */
	ra[0].action = e.tag;
	ra[0].tag.value = 0x21;
	ra[1].action = e.vport;
	ck_assert_int_eq(mlx5hws_rule_action_update(r_web, 0, ra, &rattr), 0);
	ck_assert_uint_eq(t_stats(NIC).last_opcode, MLX5_CMD_OP_GENERATE_WQE);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert_int_eq(hit_tag(0x0a000002, 6, 80, e.tbl), 0x21);
	ck_assert_int_eq(hit_tag(0x0a000001, 17, 53, e.tbl), 0x10);

	/* deleting r_dst leaves the rule of the same tag in the other */
	del_rule(&e, r_dst);
	ck_assert_int_eq(hit_tag(0x0a000001, 17, 53, e.tbl), -1);
	ck_assert_int_eq(hit_tag(0x0a000001, 0, 0, e.tbl), 0x40);
	del_rule(&e, r_zero);
	ck_assert_int_eq(hit_tag(0x0a000001, 0, 0, e.tbl), -1);
	del_rule(&e, r_web);
	ck_assert_uint_eq(t_stats(NIC).last_opcode, MLX5_CMD_OP_GENERATE_WQE);
	ck_assert_int_eq(hit_tag(0x0a000002, 6, 80, e.tbl), -1);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);

	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), EBUSY);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[1]), 0);
	env_close(&e);
}
END_TEST

/* Templates that select alike share the template's definer: no hash one. */
START_TEST(test_alike_templates)
{
	struct mlx5hws_match_template *mt[3];
	struct t_param m_dst, m_dport, v;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
	uint32_t objs;
	struct env e;

	env_open(&e);
	masks_dst_dport(&m_dst, &m_dport);
	mt[0] = make_mt(&e, &m_dst);
	mt[1] = make_mt(&e, &m_dst);
	mt[2] = mt[0];
	objs = t_objects(NIC);
	m = make_matcher(&e, mt, 3);
	ck_assert_ptr_nonnull(m);
	/* per direction an RTC and an STE range, and an end flow table */
	ck_assert_uint_eq(t_objects(NIC), objs + 5);
	flow(&v, 0x0a000009, 0, 0);
	r = add_rule(&e, m, 2, &v, 0x99);
	ck_assert_int_eq(hit_tag(0x0a000009, 6, 1, e.tbl), 0x99);
	del_rule(&e, r);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[1]), 0);
	env_close(&e);
}
END_TEST

/* The API's limit: 255 templates (here one, 255 times); mt_idx 255 is not. */
START_TEST(test_template_count_limit)
{
	struct mlx5hws_match_template *mt[255];
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra[2] = { { .action = NULL } };
	struct t_param m_dst, m_dport, v;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
	struct env e;
	int i;

	env_open(&e);
	masks_dst_dport(&m_dst, &m_dport);
	mt[0] = make_mt(&e, &m_dst);
	for (i = 1; i < 255; i++)
		mt[i] = mt[0];
	m = make_matcher(&e, mt, 255);
	ck_assert_ptr_nonnull(m);
	flow(&v, 0x0a0000fe, 0, 0);
	r = add_rule(&e, m, 254, &v, 0xfe);
	ck_assert_int_eq(hit_tag(0x0a0000fe, 0, 0, e.tbl), 0xfe);
	ra[0].action = e.tag;
	ra[1].action = e.vport;
	ck_assert_ptr_null(mlx5hws_rule_create(m, 255, v.buf, 0, ra, &rattr));
	ck_assert_int_eq(errno, EINVAL);
	del_rule(&e, r);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), EBUSY);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), 0);
	env_close(&e);
}
END_TEST

/*
 * Sixteen templates, src prefixes /1 to /16 next to the dst: one definer
 * each plus the hash definer, every rule found by its own.
 */
START_TEST(test_many_templates)
{
	enum { N = 16 };
	struct mlx5hws_match_template *mt[N];
	struct mlx5hws_rule *r[N];
	struct mlx5hws_matcher *m;
	struct t_param mask, v;
	struct hws_verdict vd;
	uint32_t objs;
	struct env e;
	int i;

	env_open(&e);
	for (i = 0; i < N; i++) {
		memset(&mask, 0, sizeof(mask));
		t_mask(&mask, "outer.ip_version");
		t_mask(&mask, "outer.ipv4_dst");
		t_mask_prefix(&mask, "outer.ipv4_src", i + 1);
		mt[i] = make_mt(&e, &mask);
	}
	objs = t_objects(NIC);
	m = make_matcher(&e, mt, N);
	ck_assert_msg(m, "matcher: %s", strerror(errno));
	ck_assert_uint_eq(t_objects(NIC), objs + 5 + N + 1);
	for (i = 0; i < N; i++) {
		flow(&v, 0x0a000100 + i, 0, 0);
		t_set(&v, "outer.ipv4_src", 0xffffffffu << (31 - i));
		r[i] = add_rule(&e, m, i, &v, 0x100 + i);
	}
	for (i = 0; i < N; i++) {
		flow(&v, 0x0a000100 + i, 0, 0);
		t_set(&v, "outer.ipv4_src", 0xffffffff);
		vd = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &v);
		ck_assert_int_eq(vd.result, HWS_RESULT_VPORT);
		ck_assert_uint_eq(vd.tag, 0x100 + i);
		/* the last bit of the prefix clear: a miss */
		t_set(&v, "outer.ipv4_src", ~(0x80000000u >> i));
		vd = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &v);
		ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
	}
	for (i = 0; i < N; i++)
		del_rule(&e, r[i]);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_uint_eq(t_objects(NIC), objs);
	for (i = 0; i < N; i++)
		ck_assert_int_eq(mlx5hws_match_template_destroy(mt[i]), 0);
	env_close(&e);
}
END_TEST

/*
 * More distinct templates than the device has definers: the device refuses
 * one of the matcher's definers, and the matcher leaves nothing behind.
 */
START_TEST(test_definers_run_out)
{
	enum { N = 120 };
	struct mlx5hws_match_template *mt[N];
	struct t_param mask;
	uint32_t objs;
	struct env e;
	int i;

	env_open(&e);
	for (i = 0; i < N; i++) {
		memset(&mask, 0, sizeof(mask));
		t_mask(&mask, "outer.ip_version");
		t_mask_prefix(&mask, "outer.ipv4_src", i % 30 + 1);
		t_mask_prefix(&mask, "outer.ipv4_dst", 32 - i / 30);
		mt[i] = make_mt(&e, &mask);
	}
	objs = t_objects(NIC);
	t_log_capture();
	ck_assert_ptr_null(make_matcher(&e, mt, N));
	ck_assert_int_eq(errno, EREMOTEIO);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "(DEFINER)"));
	ck_assert_ptr_nonnull(strstr(t_log_text(), "NO_RES"));
	ck_assert_uint_eq(t_objects(NIC), objs);
	/* the templates are free again */
	for (i = 0; i < N; i++)
		ck_assert_int_eq(mlx5hws_match_template_destroy(mt[i]), 0);
	env_close(&e);
}
END_TEST

/* Refused with a clear error, and nothing made on the device. */
static void refused(struct env *e, struct mlx5hws_match_template **mt,
		    uint8_t n, int err, const char *words)
{
	uint32_t objs = t_objects(NIC);

	t_log_capture();
	ck_assert_ptr_null(make_matcher(e, mt, n));
	ck_assert_int_eq(errno, err);
	ck_assert_msg(strstr(t_log_text(), words), "log: %s", t_log_text());
	ck_assert_uint_eq(t_objects(NIC), objs);
}

/* The kernel's root matcher takes one mask. */
static void refused_on_root(struct env *e, struct mlx5hws_match_template **mt)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX };
	struct mlx5hws_matcher_attr attr = { 0 };
	struct mlx5hws_table *root = mlx5hws_table_create(e->ctx, &ta);

	ck_assert_ptr_nonnull(root);
	t_log_capture();
	ck_assert_ptr_null(mlx5hws_matcher_create(root, mt, 2, NULL, 0, &attr));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "root table"));
	ck_assert_int_eq(mlx5hws_table_destroy(root), 0);
}

/* A template of another context. */
static void refused_other_ctx(struct env *e, const struct t_param *mask)
{
	struct mlx5hws_context_attr attr = { .queues = 1 };
	struct mlx5hws_context *other = t_ctx_open("sim:nic=" NIC "2", &attr);
	struct mlx5hws_match_template *mt[2];

	ck_assert_ptr_nonnull(other);
	mt[0] = make_mt(e, mask);
	mt[1] = mlx5hws_match_template_create(other, mask->buf,
					      MLX5HWS_MATCH_PARAM_SZ,
					      MLX5_MATCH_OUTER_HEADERS);
	ck_assert_ptr_nonnull(mt[1]);
	refused(e, mt, 2, EINVAL, "match template 1 is of another context");
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[1]), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), 0);
	ck_assert_int_eq(mlx5hws_context_close(other), 0);
}

START_TEST(test_refusals)
{
	struct mlx5hws_match_template *dst, *dport, *jumbo, *port, *v6[2],
		*big[2], *mt[2];
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra[2] = { { .action = NULL } };
	const enum mlx5hws_action_type two_ste_types[] = {
		MLX5HWS_ACTION_TYP_MODIFY_HDR, MLX5HWS_ACTION_TYP_CTR,
		MLX5HWS_ACTION_TYP_TAG, MLX5HWS_ACTION_TYP_MODIFY_HDR,
		MLX5HWS_ACTION_TYP_DROP
	};
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct mlx5hws_action_template *two_stes;
	struct t_param m_dst, m_dport, mask, v;
	struct mlx5hws_matcher *m;
	struct env e;
	int i;

	env_open(&e);
	masks_dst_dport(&m_dst, &m_dport);
	dst = make_mt(&e, &m_dst);
	dport = make_mt(&e, &m_dport);
	mt[0] = dst;
	mt[1] = NULL;
	refused(&e, mt, 0, EINVAL, "at least one");
	refused(&e, mt, 2, EINVAL, "match template 1 is NULL");
	mt[1] = dport;
	refused_on_root(&e, mt);
	refused_other_ctx(&e, &m_dst);

	/* a match-STE template and a jumbo one */
	memset(&mask, 0, sizeof(mask));
	t_mask(&mask, "outer.ip_version");
	t_mask(&mask, "outer.ipv6_src");
	t_mask(&mask, "outer.ipv6_dst");
	jumbo = make_mt(&e, &mask);
	mt[1] = jumbo;
	refused(&e, mt, 2, EOPNOTSUPP, "template 1 needs a jumbo STE");

	/* match-STE templates that together need a jumbo STE */
	for (i = 0; i < 2; i++) {
		memset(&mask, 0, sizeof(mask));
		t_mask(&mask, "outer.ip_version");
		t_mask(&mask, "outer.ip_protocol");
		t_mask(&mask, i ? "outer.ipv6_dst" : "outer.ipv6_src");
		v6[i] = make_mt(&e, &mask);
	}
	refused(&e, v6, 2, EOPNOTSUPP, "together need a jumbo STE");

	/* ... or more selectors than even a jumbo STE has */
	for (i = 0; i < 2; i++) {
		memset(&mask, 0, sizeof(mask));
		t_mask(&mask, "outer.ip_version");
		t_mask(&mask, i ? "outer.ipv6_dst" : "outer.ipv6_src");
		t_mask(&mask, i ? "outer.dmac" : "outer.smac");
		big[i] = make_mt(&e, &mask);
	}
	refused(&e, big, 2, E2BIG, "more selectors");

	/* nothing in common to hash on */
	memset(&mask, 0, sizeof(mask));
	t_mask(&mask, "outer.tcp_dport");
	port = make_mt(&e, &mask);
	mt[1] = port;
	refused(&e, mt, 2, EINVAL, "no field to hash on");

	/* a rule names a template the matcher lacks, or strays from its own */
	mt[1] = dport;
	m = make_matcher(&e, mt, 2);
	ck_assert_ptr_nonnull(m);
	ra[0].action = e.tag;
	ra[1].action = e.vport;
	flow(&v, 0x0a000001, 6, 80);
	t_log_capture();
	ck_assert_ptr_null(mlx5hws_rule_create(m, 2, v.buf, 0, ra, &rattr));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "match template 2"));
	ck_assert_ptr_null(mlx5hws_rule_create(m, 0, v.buf, 0, ra, &rattr));
	ck_assert_int_eq(errno, EINVAL);
	/* firmware writes the match STEs: no actions that need action STEs */
	two_stes = mlx5hws_action_template_create(
		two_ste_types,
		sizeof(two_ste_types) / sizeof(two_ste_types[0]));
	ck_assert_ptr_nonnull(two_stes);
	t_log_capture();
	ck_assert_int_eq(mlx5hws_matcher_attach_at(m, two_stes), EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "action STEs"));
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	m = mlx5hws_matcher_create(e.tbl, mt, 2, &two_stes, 1, &mattr);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_int_eq(mlx5hws_action_template_destroy(two_stes), 0);

	mt[0] = dst;
	mt[1] = dport;
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(mlx5hws_match_template_destroy(mt[i]), 0);
		ck_assert_int_eq(mlx5hws_match_template_destroy(v6[i]), 0);
		ck_assert_int_eq(mlx5hws_match_template_destroy(big[i]), 0);
	}
	ck_assert_int_eq(mlx5hws_match_template_destroy(port), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(jumbo), 0);
	env_close(&e);
}
END_TEST

/* The debug dump: each template with its definer, and the hash definer. */
START_TEST(test_dump)
{
	struct mlx5hws_match_template *mt[2];
	struct t_param m_dst, m_dport;
	struct mlx5hws_matcher *m;
	char *buf = NULL, *p;
	size_t len = 0;
	int n4202 = 0, n4203 = 0, n4205 = 0;
	struct env e;
	FILE *f;

	env_open(&e);
	masks_dst_dport(&m_dst, &m_dport);
	mt[0] = make_mt(&e, &m_dst);
	mt[1] = make_mt(&e, &m_dport);
	m = make_matcher(&e, mt, 2);
	ck_assert_ptr_nonnull(m);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(mlx5hws_debug_dump(e.ctx, f), 0);
	fclose(f);
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		n4202 += !strncmp(p, "4202,", 5);
		n4203 += !strncmp(p, "4203,", 5);
		n4205 += !strncmp(p, "4205,", 5);
	}
	free(buf);
	ck_assert_int_eq(n4202, 2);
	ck_assert_int_eq(n4203, 2);
	ck_assert_int_eq(n4205, 1);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[1]), 0);
	env_close(&e);
}
END_TEST

/*
 * A device without GENERATE_WQE: a matcher that needs a hash definer is
 * refused before any command; templates that select alike still work.
 */
START_TEST(test_no_fw_write)
{
	struct mlx5hws_match_template *mt[2];
	struct t_param m_dst, m_dport;
	struct mlx5hws_matcher *m;
	struct env e;

	env_open_spec(&e, "sim:nic=" NIC ",generate_wqe_type=0");
	masks_dst_dport(&m_dst, &m_dport);
	mt[0] = make_mt(&e, &m_dst);
	mt[1] = make_mt(&e, &m_dport);
	refused(&e, mt, 2, EOPNOTSUPP, "GENERATE_WQE");
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[1]), 0);
	mt[1] = make_mt(&e, &m_dst);
	m = make_matcher(&e, mt, 2);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[1]), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), 0);
	env_close(&e);

	/* ... or with it, but not for match STEs */
	env_open_spec(&e, "sim:nic=" NIC ",ste_format_gen_wqe=0");
	mt[0] = make_mt(&e, &m_dst);
	mt[1] = make_mt(&e, &m_dport);
	refused(&e, mt, 2, EOPNOTSUPP, "GENERATE_WQE");
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[1]), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), 0);
	env_close(&e);
}
END_TEST

/* A rule of both FDB directions; its state once its operation completed. */
static struct mlx5hws_rule *add_rule_both(struct env *e,
					  struct mlx5hws_matcher *m,
					  const struct t_param *v,
					  unsigned int errors)
{
	struct mlx5hws_rule_attr attr = { 0 };
	struct mlx5hws_rule_action ra[2] = { { .action = e->tag },
					     { .action = e->vport } };
	struct mlx5hws_rule *r;

	ra[0].tag.value = 0x77;
	r = mlx5hws_rule_create(m, 1, v->buf, 0, ra, &attr);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(t_drain(e->ctx, 0), errors);
	return r;
}

static enum mlx5hws_rule_state rule_state(struct mlx5hws_rule *r)
{
	struct mlx5hws_rule_info info = { 0 };

	ck_assert_int_eq(mlx5hws_rule_query(r, &info), 0);
	return info.state;
}

/*
 * GENERATE_WQE refused by the device: the rule fails, what was written
 * goes with its deletion, and nothing stays on the device.
 */
START_TEST(test_fw_write_faults)
{
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra[2] = { { .action = NULL } };
	struct mlx5hws_match_template *mt[2];
	struct t_param m_dst, m_dport, v;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
	uint32_t objs;
	struct env e;

	env_open(&e);
	masks_dst_dport(&m_dst, &m_dport);
	mt[0] = make_mt(&e, &m_dst);
	mt[1] = make_mt(&e, &m_dport);
	objs = t_objects(NIC);
	m = make_matcher(&e, mt, 2);
	ck_assert_ptr_nonnull(m);
	flow(&v, 0x0a000005, 6, 443);

	/* the first write (TX) refused: nothing written, the rule failed */
	sim_inject_cmd_fault(t_nic(NIC), 1, MLX5_CMD_OP_GENERATE_WQE,
			     MLX5_CMD_STAT_INT_ERR);
	t_log_capture();
	r = add_rule_both(&e, m, &v, 1);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "GENERATE_WQE"));
	ck_assert_int_eq(rule_state(r), MLX5HWS_RULE_STATE_FAILED);
	ck_assert_uint_eq(t_stats(NIC).stes, 1);
	ck_assert_int_eq(hit_tag(0x0a000005, 6, 443, e.tbl), 0x77);
	/* its deletion takes the STE that was written */
	del_rule(&e, r);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	ck_assert_int_eq(hit_tag(0x0a000005, 6, 443, e.tbl), -1);

	/* the second write (RX) refused */
	sim_inject_cmd_fault(t_nic(NIC), 2, MLX5_CMD_OP_GENERATE_WQE,
			     MLX5_CMD_STAT_BAD_RES_ERR);
	r = add_rule_both(&e, m, &v, 1);
	ck_assert_int_eq(rule_state(r), MLX5HWS_RULE_STATE_FAILED);
	ck_assert_int_eq(hit_tag(0x0a000005, 6, 443, e.tbl), -1);
	del_rule(&e, r);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);

	/* both refused */
	sim_inject_cmd_faults(t_nic(NIC), 1, 2, MLX5_CMD_OP_GENERATE_WQE,
			      MLX5_CMD_STAT_INT_ERR);
	r = add_rule_both(&e, m, &v, 1);
	ck_assert_int_eq(rule_state(r), MLX5HWS_RULE_STATE_FAILED);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	del_rule(&e, r);

	/* a refused update of both: the rule keeps its actions */
	r = add_rule_both(&e, m, &v, 0);
	ck_assert_uint_eq(t_stats(NIC).stes, 2);
	ra[0].action = e.tag;
	ra[0].tag.value = 0x78;
	ra[1].action = e.vport;
	sim_inject_cmd_faults(t_nic(NIC), 1, 2, MLX5_CMD_OP_GENERATE_WQE,
			      MLX5_CMD_STAT_INT_ERR);
	ck_assert_int_eq(mlx5hws_rule_action_update(r, 0, ra, &rattr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 1);
	ck_assert_int_eq(rule_state(r), MLX5HWS_RULE_STATE_INSERTED);
	ck_assert_int_eq(hit_tag(0x0a000005, 6, 443, e.tbl), 0x77);

	/* a refused deletion leaves the rule to delete again */
	sim_inject_cmd_fault(t_nic(NIC), 1, MLX5_CMD_OP_GENERATE_WQE,
			     MLX5_CMD_STAT_INT_ERR);
	ck_assert_int_eq(mlx5hws_rule_destroy(r, &rattr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 1);
	ck_assert_int_eq(rule_state(r), MLX5HWS_RULE_STATE_FAILED);
	ck_assert_uint_eq(t_stats(NIC).stes, 1);
	del_rule(&e, r);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);

	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_uint_eq(t_objects(NIC), objs);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[1]), 0);
	env_close(&e);
}
END_TEST

/* A SET of a whole 32-bit field, as a caller writes the PRM action. */
static uint64_t mh_set(uint16_t field, uint32_t data)
{
	uint64_t a = 0;

	DEVX_SET(set_action_in, &a, action_type, MLX5_MODIFICATION_TYPE_SET);
	DEVX_SET(set_action_in, &a, field, field);
	DEVX_SET(set_action_in, &a, data, data);
	return a;
}

/* A UDP frame to dst through the table; out is the IPv4 dst it leaves with. */
static struct hws_verdict frame_to(struct mlx5hws_table *tbl, uint32_t dst,
				   uint32_t *out)
{
	struct hws_packet pkt = { .side = HWS_SIDE_RX };
	uint8_t in[FRAME_BUILD_MAX];
	struct hws_verdict v;
	const char *why = "";
	struct t_param p;
	size_t len;

	flow(&p, dst, 17, 0);
	t_set(&p, "outer.ethertype", 0x0800);
	t_set(&p, "outer.ipv4_src", 0x01020304);
	t_set(&p, "outer.udp_dport", 53);
	t_check(!frame_build((const uint8_t *)p.buf, in, &len, &why),
		"frame_build: %s", why);
	pkt.frame = in;
	pkt.frame_len = len;
	pkt.bytes = len;
	t_check(!sim_classify(t_nic(NIC), mlx5hws_table_get_id(tbl), &pkt, &v),
		"classify");
	*out = v.out_len ? (uint32_t)v.out_frame[30] << 24 |
				   (uint32_t)v.out_frame[31] << 16 |
				   (uint32_t)v.out_frame[32] << 8 |
				   v.out_frame[33] :
			   dst;
	return v;
}

/* Poll queue 0, never drain, until one operation completed: its status. */
static int poll_one(struct env *e)
{
	struct mlx5hws_flow_op_result res;
	uint32_t n = 0;
	int i;

	for (i = 0; i < 100000 && !n; i++)
		ck_assert_int_eq(
			mlx5hws_send_queue_poll(e->ctx, 0, &res, 1, &n), 0);
	ck_assert_msg(n == 1, "no completion after %d polls", i);
	return res.status;
}

/*
 * Firmware writes a hash-definer matcher's match STEs at once; the
 * arguments of a modify header go through the ring: they are in the device
 * before the STE that reads them, and an operation without burst completes
 * from polling alone.  Actions that need action STEs are refused.
 */
START_TEST(test_fw_write_args)
{
	enum mlx5hws_action_type types[] = { MLX5HWS_ACTION_TYP_MODIFY_HDR,
					     MLX5HWS_ACTION_TYP_TAG,
					     MLX5HWS_ACTION_TYP_VPORT };
	enum mlx5hws_action_type ste2[] = {
		MLX5HWS_ACTION_TYP_MODIFY_HDR, MLX5HWS_ACTION_TYP_PUSH_VLAN,
		MLX5HWS_ACTION_TYP_CTR,	       MLX5HWS_ACTION_TYP_TAG,
		MLX5HWS_ACTION_TYP_MODIFY_HDR, MLX5HWS_ACTION_TYP_VPORT
	};
	const uint64_t acts[2] = { mh_set(MLX5_MODI_OUT_DIPV4, 0x0b000001),
				   mh_set(MLX5_MODI_OUT_SIPV4, 0x0b000002) };
	const uint64_t mine[2][2] = {
		{ mh_set(MLX5_MODI_OUT_DIPV4, 0x0c000001),
		  mh_set(MLX5_MODI_OUT_SIPV4, 0x0c000002) },
		{ mh_set(MLX5_MODI_OUT_DIPV4, 0x0d000001),
		  mh_set(MLX5_MODI_OUT_SIPV4, 0x0d000002) },
	};
	struct mlx5hws_action_modify_header_attr mattr = {
		.log_bulk_size = 1,
		.num_actions = 2,
		.actions = acts,
	};
	struct mlx5hws_matcher_attr attr = { 0 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra[3] = { { .action = NULL } };
	struct mlx5hws_action_template *at, *at2;
	struct mlx5hws_match_template *mt[2];
	struct t_param m_dst, m_dport, v;
	struct mlx5hws_rule *r[3];
	struct mlx5hws_matcher *m;
	struct mlx5hws_action *mh;
	struct hws_verdict vd;
	uint32_t out, stes;
	struct env e;

	env_open(&e);
	masks_dst_dport(&m_dst, &m_dport);
	mt[0] = make_mt(&e, &m_dst);
	mt[1] = make_mt(&e, &m_dport);
	at = mlx5hws_action_template_create(types, 3);
	at2 = mlx5hws_action_template_create(ste2, 6);
	mh = mlx5hws_action_create_modify_header(e.ctx, &mattr,
						 MLX5HWS_ACTION_FLAG_FDB);
	ck_assert(at && at2 && mh);
	attr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].rule.num_log = 4;
	attr.size[MLX5HWS_MATCHER_SIZE_TYPE_TX].rule.num_log = 4;
	t_log_capture();
	ck_assert_ptr_null(
		mlx5hws_matcher_create(e.tbl, mt, 2, &at2, 1, &attr));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "action STEs"));
	m = mlx5hws_matcher_create(e.tbl, mt, 2, &at, 1, &attr);
	ck_assert_msg(m, "matcher: %s", strerror(errno));
	ck_assert_int_eq(mlx5hws_matcher_attach_at(m, at2), EOPNOTSUPP);

	/* no burst: polling alone completes it, and the rule rewrites */
	ra[0].action = mh;
	ra[0].modify_header.data = (const uint8_t *)mine[0];
	ra[1].action = e.tag;
	ra[1].tag.value = 0x51;
	ra[2].action = e.vport;
	flow(&v, 0x0a000001, 0, 0);
	r[0] = mlx5hws_rule_create(m, 0, v.buf, 0, ra, &rattr);
	ck_assert_ptr_nonnull(r[0]);
	ck_assert_int_eq(poll_one(&e), MLX5HWS_FLOW_OP_SUCCESS);
	vd = frame_to(e.tbl, 0x0a000001, &out);
	ck_assert_int_eq(vd.result, HWS_RESULT_VPORT);
	ck_assert_uint_eq(vd.tag, 0x51);
	ck_assert_uint_eq(out, 0x0c000001);

	/*
	 * a burst: firmware wrote the match STE before the call returned,
	 * so its argument is in the device by then too
	 */
	rattr.burst = 1;
	ra[0].modify_header.offset = 1;
	ra[0].modify_header.data = (const uint8_t *)mine[1];
	ra[1].tag.value = 0x52;
	flow(&v, 0x0a000002, 0, 0);
	r[1] = mlx5hws_rule_create(m, 0, v.buf, 0, ra, &rattr);
	ck_assert_ptr_nonnull(r[1]);
	vd = frame_to(e.tbl, 0x0a000002, &out);
	ck_assert_int_eq(vd.result, HWS_RESULT_VPORT);
	ck_assert_uint_eq(out, 0x0d000001);
	ck_assert_int_eq(poll_one(&e), MLX5HWS_FLOW_OP_SUCCESS);

	/* an update of the first, no burst: new argument, polling alone */
	rattr.burst = 0;
	ra[0].modify_header.offset = 0;
	ra[0].modify_header.data = (const uint8_t *)mine[1];
	ra[1].tag.value = 0x53;
	ck_assert_int_eq(mlx5hws_rule_action_update(r[0], 0, ra, &rattr), 0);
	ck_assert_int_eq(poll_one(&e), MLX5HWS_FLOW_OP_SUCCESS);
	vd = frame_to(e.tbl, 0x0a000001, &out);
	ck_assert_uint_eq(vd.tag, 0x53);
	ck_assert_uint_eq(out, 0x0d000001);

	/* an argument the device refuses: the rule fails, with no STE */
	stes = t_stats(NIC).stes;
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_ERROR_CQE);
	t_log_capture();
	flow(&v, 0x0a000003, 0, 0);
	r[2] = mlx5hws_rule_create(m, 0, v.buf, 0, ra, &rattr);
	ck_assert_ptr_nonnull(r[2]);
	ck_assert_int_eq(poll_one(&e), MLX5HWS_FLOW_OP_ERROR);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "through firmware"));
	ck_assert_int_eq(rule_state(r[2]), MLX5HWS_RULE_STATE_FAILED);
	ck_assert_uint_eq(t_stats(NIC).stes, stes);
	ck_assert_int_eq(hit_tag(0x0a000003, 0, 0, e.tbl), -1);

	del_rule(&e, r[0]);
	del_rule(&e, r[1]);
	del_rule(&e, r[2]);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(mh), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at2), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[0]), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt[1]), 0);
	env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("multi_mt");
	TCase *tc = tcase_create("multi_mt");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_two_templates);
	tcase_add_test(tc, test_alike_templates);
	tcase_add_test(tc, test_template_count_limit);
	tcase_add_test(tc, test_many_templates);
	tcase_add_test(tc, test_definers_run_out);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_dump);
	tcase_add_test(tc, test_no_fw_write);
	tcase_add_test(tc, test_fw_write_faults);
	tcase_add_test(tc, test_fw_write_args);
	suite_add_tcase(s, tc);
	return t_run(s);
}
