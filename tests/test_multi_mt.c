// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Matchers of several match templates: one definer per template, RTCs that
 * hash by what the templates share, STEs that name their own definer; the
 * refusals, the limits, and the model's checks of the definer an STE names.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "model_queue.h"

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

/* The model: an RTC that hashes by a definer, and raw WQEs against it. */
struct mdev {
	struct hws_dev *dev;
	struct hws_obj pd, hash, same, wider, other, narrower, stc, ste, rtc;
	struct hws_obj fw_ste, fw_rtc; /* update_method 1 */
};

static void mdef(struct mdev *d, uint8_t dw0, const uint8_t *mask,
		 struct hws_obj *o)
{
	struct hws_cmd_definer_attr a = { 0 };

	a.dw_sel[0] = dw0;
	memcpy(a.mask, mask, PRM_JUMBO_TAG_SIZE);
	ck_assert_int_eq(hws_cmd_definer_create(d->dev, &a, o), 0);
}

static void mdev_open(struct mdev *d)
{
	/* DW selector 0 lands at tag bytes 32..35 */
	uint8_t m_hash[PRM_JUMBO_TAG_SIZE] = { [32] = 0xff };
	uint8_t m_wide[PRM_JUMBO_TAG_SIZE] = { [32] = 0xff, [33] = 0xff };
	uint8_t m_narrow[PRM_JUMBO_TAG_SIZE] = { [32] = 0x0f };
	struct hws_cmd_rtc_attr a = {
		.table_type = MLX5_FT_TYPE_NIC_RX,
		.log_hash_size = 2,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_ALWAYS,
		.num_hash_definer = 1,
	};
	struct hws_obj jumbo_rtc;

	memset(d, 0, sizeof(*d));
	d->dev = t_dev_open("sim:nic=" NIC);
	ck_assert_int_eq(hws_cmd_alloc_pd(d->dev, &d->pd), 0);
	mdef(d, 64, m_hash, &d->hash);
	mdef(d, 64, m_hash, &d->same);
	mdef(d, 64, m_wide, &d->wider);
	mdef(d, 65, m_hash, &d->other);
	mdef(d, 64, m_narrow, &d->narrower);
	ck_assert_int_eq(
		hws_cmd_stc_create(d->dev, MLX5_FT_TYPE_NIC_RX, 4, &d->stc), 0);
	ck_assert_int_eq(
		hws_cmd_ste_create(d->dev, MLX5_FT_TYPE_NIC_RX, 4, &d->ste), 0);
	a.pdn = d->pd.id;
	a.definer_id = d->hash.id;
	a.stc_id = d->stc.id;
	a.ste_id = d->ste.id;
	/* a hash definer hashes match STEs only */
	a.ste_format = MLX5_IFC_RTC_STE_FORMAT_11DW;
	ck_assert_int_ne(hws_cmd_rtc_create(d->dev, &a, &jumbo_rtc), 0);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RTC_STE_FORMAT_NOT_SUPPORTED);
	a.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW;
	ck_assert_int_eq(hws_cmd_rtc_create(d->dev, &a, &d->rtc), 0);
	/* as the library makes them: firmware writes their STEs */
	ck_assert_int_eq(hws_cmd_ste_create(d->dev, MLX5_FT_TYPE_NIC_RX, 4,
					    &d->fw_ste),
			 0);
	a.ste_id = d->fw_ste.id;
	a.update_method = PRM_RTC_UPDATE_METHOD_FW;
	ck_assert_int_eq(hws_cmd_rtc_create(d->dev, &a, &d->fw_rtc), 0);
}

static void mdev_close(struct mdev *d)
{
	struct hws_obj *o[] = { &d->fw_rtc, &d->fw_ste, &d->rtc,   &d->ste,	 &d->stc,
				&d->hash,  &d->same,	 &d->wider,
				&d->other, &d->narrower, &d->pd };
	size_t i;

	for (i = 0; i < sizeof(o) / sizeof(o[0]); i++)
		ck_assert_int_eq(hws_cmd_destroy(o[i]), 0);
	ck_assert_uint_eq(t_objects(NIC), 0);
	hws_dev_close(d->dev);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

/*
 * One WQE on a fresh queue whose STE names definer id: the vendor syndrome
 * of its error CQE.  A definer that passes meets the STC check next (the
 * WQE names no STC), so a good one reads as BAD_STC.
 */
static uint8_t post_naming_on(struct mdev *d, uint32_t rtc_id, uint32_t id)
{
	static const uint32_t no_stc[PRM_STC_IX_MAX];
	uint8_t ste[PRM_STE_SIZE] = { 0 };
	uint32_t dw = htobe32(id << PRM_STE_DEFINER_SHIFT);
	const struct prm_cqe64 *cqe;
	struct t_queue q;
	uint8_t synd;

	memcpy(ste + 4 * PRM_STE_DW_DEFINER, &dw, 4);
	t_queue_open(&q, d->dev, d->pd.id, true);
	t_queue_post(&q, rtc_id, 0, no_stc, ste, true, true);
	ck_assert_uint_eq(t_queue_cqes(&q, T_QUEUE_LOG_SIZE), 1);
	cqe = t_queue_cqe(&q, 0);
	ck_assert_uint_eq(cqe->op_own >> 4, PRM_CQE_OPCODE_REQ_ERR);
	ck_assert_uint_eq(cqe->syndrome, PRM_CQE_SYNDROME_LOCAL_QP_OP_ERR);
	synd = cqe->vendor_err_synd;
	t_queue_close(&q);
	return synd;
}

static uint8_t post_naming(struct mdev *d, uint32_t id)
{
	return post_naming_on(d, d->rtc.id, id);
}

START_TEST(test_model_ste_definer)
{
	struct mdev d;

	mdev_open(&d);
	/* no definer named, or an id no definer has */
	ck_assert_uint_eq(post_naming(&d, 0), SIM_WQE_ERR_BAD_DEFINER);
	ck_assert_uint_eq(post_naming(&d, 0xff), SIM_WQE_ERR_BAD_DEFINER);
	/* other selectors, or fewer of the hashed bits */
	ck_assert_uint_eq(post_naming(&d, d.other.id),
			  SIM_WQE_ERR_DEFINER_MISMATCH);
	ck_assert_uint_eq(post_naming(&d, d.narrower.id),
			  SIM_WQE_ERR_DEFINER_MISMATCH);
	/* the hash definer itself, an equal one, one that compares more */
	ck_assert_uint_eq(post_naming(&d, d.hash.id), SIM_WQE_ERR_BAD_STC);
	ck_assert_uint_eq(post_naming(&d, d.same.id), SIM_WQE_ERR_BAD_STC);
	ck_assert_uint_eq(post_naming(&d, d.wider.id), SIM_WQE_ERR_BAD_STC);
	mdev_close(&d);
}
END_TEST

/* GENERATE_WQE of an STE naming definer id on rtc_id: the command's result. */
static int gen_wqe(struct mdev *d, uint32_t pdn, uint32_t rtc_id, uint32_t id,
		   struct prm_cqe64 *cqe)
{
	struct prm_wqe_ctrl_seg ctrl = {
		.opmod_idx_opcode = htobe32(PRM_OPCODE_TBL_ACCESS),
		.qpn_ds = htobe32(PRM_GTA_WQE_DS),
		.imm = htobe32(rtc_id),
	};
	struct prm_wqe_gta_ctrl_seg gta = { 0 };
	uint8_t ste[PRM_STE_SIZE] = { 0 };
	uint32_t dw = htobe32(id << PRM_STE_DEFINER_SHIFT);

	memcpy(ste + 4 * PRM_STE_DW_DEFINER, &dw, 4);
	return hws_cmd_generate_wqe(d->dev, pdn, &ctrl, &gta, ste, cqe);
}

static void gen_wqe_refused(struct mdev *d, uint32_t pdn, uint32_t rtc_id,
			    uint32_t id, uint8_t status, uint32_t synd)
{
	struct prm_cqe64 cqe;

	ck_assert_int_eq(gen_wqe(d, pdn, rtc_id, id, &cqe), EREMOTEIO);
	t_assert_refused(NIC, status, synd);
}

/* The control segment of a raw GENERATE_WQE, with extra DW0 and DW1 bits. */
static void raw_ctrl(uint8_t *in, uint32_t dw0, uint32_t dw1, uint32_t rtc_id)
{
	struct prm_wqe_ctrl_seg ctrl = {
		.opmod_idx_opcode = htobe32(dw0 | PRM_OPCODE_TBL_ACCESS),
		.qpn_ds = htobe32(dw1 | PRM_GTA_WQE_DS),
		.imm = htobe32(rtc_id),
	};

	memcpy(DEVX_ADDR_OF(generate_wqe_in, in, wqe_ctrl), &ctrl,
	       sizeof(ctrl));
}

/*
 * An update_method 1 RTC: the send queue's WQEs are refused; GENERATE_WQE
 * is judged as firmware judges it.
 */
START_TEST(test_model_fw_rtc)
{
	uint8_t in[DEVX_ST_SZ_BYTES(generate_wqe_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(generate_wqe_out)];
	struct prm_cqe64 cqe;
	struct hws_obj pd2;
	struct mdev d;

	mdev_open(&d);
	/* a good STE, on the queue: an error CQE */
	ck_assert_uint_eq(post_naming_on(&d, d.fw_rtc.id, d.hash.id),
			  SIM_WQE_ERR_RTC_FW_UPDATE);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);

	/* no such RTC, an RTC of update_method 0, an STE that is not one */
	gen_wqe_refused(&d, d.pd.id, 0xffffff, d.hash.id,
			MLX5_CMD_STAT_BAD_RES_ERR, SIM_SYND_OBJECT_MISSING);
	gen_wqe_refused(&d, d.pd.id, d.stc.id, d.hash.id,
			MLX5_CMD_STAT_BAD_RES_ERR, SIM_SYND_OBJECT_WRONG_TYPE);
	gen_wqe_refused(&d, d.pd.id, d.rtc.id, d.hash.id,
			MLX5_CMD_STAT_BAD_PARAM_ERR, SIM_SYND_GEN_WQE_RTC_NOT_FW);
	/* definers: none, an id none has, other selectors, fewer bits */
	gen_wqe_refused(&d, d.pd.id, d.fw_rtc.id, 0,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_BAD_DEFINER);
	gen_wqe_refused(&d, d.pd.id, d.fw_rtc.id, 0xff,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_BAD_DEFINER);
	gen_wqe_refused(&d, d.pd.id, d.fw_rtc.id, d.other.id,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_DEFINER_MISMATCH);
	gen_wqe_refused(&d, d.pd.id, d.fw_rtc.id, d.narrower.id,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_DEFINER_MISMATCH);
	/* another PD than the RTC's */
	ck_assert_int_eq(hws_cmd_alloc_pd(d.dev, &pd2), 0);
	gen_wqe_refused(&d, pd2.id, d.fw_rtc.id, d.hash.id,
			MLX5_CMD_STAT_BAD_PARAM_ERR,
			SIM_SYND_GEN_WQE_PD_MISMATCH);
	ck_assert_int_eq(hws_cmd_destroy(&pd2), 0);

	/* a good definer meets the STC check: an error CQE in the output */
	ck_assert_int_eq(gen_wqe(&d, d.pd.id, d.fw_rtc.id, d.wider.id, &cqe),
			 0);
	ck_assert_uint_eq(cqe.op_own >> 4, PRM_CQE_OPCODE_REQ_ERR);
	ck_assert_uint_eq(cqe.vendor_err_synd, SIM_WQE_ERR_BAD_STC);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);

	/* the WQE as the send queue has it (index, SQ), or a range STE */
	DEVX_SET(generate_wqe_in, in, opcode, MLX5_CMD_OP_GENERATE_WQE);
	DEVX_SET(generate_wqe_in, in, pdn, d.pd.id);
	raw_ctrl(in, 5 << 8, 0x42 << 8, d.fw_rtc.id);
	ck_assert_int_eq(d.dev->ops->general_cmd(d.dev, in, sizeof(in), out,
						 sizeof(out)),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_GEN_WQE_BAD_WQE);
	raw_ctrl(in, 0, 0, d.fw_rtc.id);
	*(uint8_t *)DEVX_ADDR_OF(generate_wqe_in, in, wqe_gta_data_1) = 1;
	ck_assert_int_eq(d.dev->ops->general_cmd(d.dev, in, sizeof(in), out,
						 sizeof(out)),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RESERVED_BITS_SET);
	mdev_close(&d);
}
END_TEST

/* Without the capability: no update_method 1 RTC, no GENERATE_WQE. */
START_TEST(test_model_no_gen_wqe)
{
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC ",generate_wqe_type=0");
	struct hws_cmd_rtc_attr a = {
		.table_type = MLX5_FT_TYPE_NIC_RX,
		.log_hash_size = 2,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_ALWAYS,
		.num_hash_definer = 1,
		.update_method = PRM_RTC_UPDATE_METHOD_FW,
	};
	uint8_t m_hash[PRM_JUMBO_TAG_SIZE] = { [32] = 0xff };
	struct mdev d = { .dev = dev };
	struct hws_obj stc, ste, rtc;
	struct prm_cqe64 cqe;

	ck_assert_int_eq(hws_cmd_alloc_pd(dev, &d.pd), 0);
	mdef(&d, 64, m_hash, &d.hash);
	ck_assert_int_eq(hws_cmd_stc_create(dev, MLX5_FT_TYPE_NIC_RX, 4, &stc),
			 0);
	ck_assert_int_eq(hws_cmd_ste_create(dev, MLX5_FT_TYPE_NIC_RX, 4, &ste),
			 0);
	a.pdn = d.pd.id;
	a.definer_id = d.hash.id;
	a.stc_id = stc.id;
	a.ste_id = ste.id;
	ck_assert_int_eq(hws_cmd_rtc_create(dev, &a, &rtc), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_RTC_FW_UPDATE_NOT_SUPPORTED);
	ck_assert_int_eq(gen_wqe(&d, d.pd.id, 1, d.hash.id, &cqe), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_OP_ERR,
			 SIM_SYND_GEN_WQE_NOT_SUPPORTED);
	ck_assert_int_eq(hws_cmd_destroy(&ste), 0);
	ck_assert_int_eq(hws_cmd_destroy(&stc), 0);
	ck_assert_int_eq(hws_cmd_destroy(&d.hash), 0);
	ck_assert_int_eq(hws_cmd_destroy(&d.pd), 0);
	hws_dev_close(dev);
	ck_assert_ptr_null(sim_nic_find(NIC));
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
	tcase_add_test(tc, test_model_ste_definer);
	tcase_add_test(tc, test_model_fw_rtc);
	tcase_add_test(tc, test_model_no_gen_wqe);
	tcase_add_test(tc, test_no_fw_write);
	tcase_add_test(tc, test_fw_write_faults);
	suite_add_tcase(s, tc);
	return t_run(s);
}
