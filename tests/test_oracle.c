// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The oracle: 100k random rules over five matchers in three tables, and
 * 100k random packets, classified by the device model and by a plain
 * classifier written here.  Every verdict must agree.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define NIC "oracle"
#define NUM_RULES 100000
#define NUM_PACKETS 100000
#define NUM_TABLES 3
#define NUM_MATCHERS 5
#define MAX_FIELDS 3

struct ofield {
	const char *name;
	uint64_t mask;
};

struct omatcher {
	int table;
	uint32_t priority;
	int nf;
	struct ofield f[MAX_FIELDS];
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
};

/* priority order within a table is the order here */
static struct omatcher matchers[NUM_MATCHERS] = {
	{ .table = 0,
	  .priority = 0,
	  .nf = 3,
	  .f = { { "outer.ipv4_dst", 0xffffffff },
		 { "outer.ip_protocol", 0xff },
		 { "outer.ip_version", 0xf } } },
	{ .table = 0,
	  .priority = 1,
	  .nf = 2,
	  .f = { { "outer.udp_dport", 0xffff }, { "meta.reg_c0", 0xffff } } },
	{ .table = 1,
	  .priority = 0,
	  .nf = 2,
	  .f = { { "outer.ipv4_src", 0xffffff00 },
		 { "outer.ip_version", 0xf } } },
	{ .table = 1,
	  .priority = 0,
	  .nf = 1,
	  .f = { { "outer.smac", 0xffffffffffffull } } },
	{ .table = 2,
	  .priority = 2,
	  .nf = 2,
	  .f = { { "misc.vxlan_vni", 0xffffff },
		 { "outer.udp_dport", 0xffff } } },
};

enum okind { K_DROP, K_VPORT, K_TAG_VPORT, K_GOTO, K_MAX };

struct orule {
	int matcher;
	uint64_t key[MAX_FIELDS];
	uint8_t dirs; /* bit 0 RX, bit 1 TX */
	enum okind kind;
	uint32_t arg; /* vport or tag */
	bool live;
};

/* Packet fields: every field any matcher looks at. */
static const char *const pkt_fields[] = {
	"outer.ipv4_dst", "outer.ip_protocol", "outer.udp_dport",
	"meta.reg_c0", "outer.ipv4_src", "outer.smac", "misc.vxlan_vni",
	"outer.ip_version",
};
#define NUM_PKT_FIELDS (sizeof(pkt_fields) / sizeof(pkt_fields[0]))

struct opacket {
	uint64_t v[NUM_PKT_FIELDS];
	enum hws_side side;
	uint16_t vport;
};

static struct orule *rules;
static struct mlx5hws_rule **handles;
static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static int pkt_index(const char *name)
{
	size_t i;

	for (i = 0; i < NUM_PKT_FIELDS; i++)
		if (!strcmp(pkt_fields[i], name))
			return i;
	ck_abort_msg("no packet field %s", name);
	return -1;
}

/* Small value ranges, so that random packets often hit. */
static uint64_t random_value(const char *name)
{
	if (!strcmp(name, "outer.ip_protocol"))
		return rnd() % 2 ? 17 : 47;
	/* an address is matched with its IP version */
	if (!strcmp(name, "outer.ip_version"))
		return 4;
	if (!strcmp(name, "outer.ipv4_dst"))
		return 0x0a000000 + rnd() % 600000;
	if (!strcmp(name, "outer.ipv4_src"))
		return 0xc0000000 + rnd() % (1u << 26);
	/* VXLAN's port in a quarter of the packets, for the VNI matcher */
	if (!strcmp(name, "outer.udp_dport"))
		return rnd() % 4 ? rnd() % 65536 : 4789;
	if (!strcmp(name, "meta.reg_c0"))
		return rnd() % 16;
	if (!strcmp(name, "outer.smac"))
		return 0x020000000000ull + rnd() % 300000;
	return rnd() % 300000; /* vxlan_vni */
}

/* The plain classifier: tables, matchers in order, rules by masked key. */
static bool rule_matches(const struct orule *r, const struct opacket *p)
{
	const struct omatcher *om = &matchers[r->matcher];
	int i;

	if (!r->live || !(r->dirs & (1u << p->side)))
		return false;
	for (i = 0; i < om->nf; i++)
		if ((p->v[pkt_index(om->f[i].name)] & om->f[i].mask) !=
		    r->key[i])
			return false;
	return true;
}

/* Per matcher, live rules hashed by key, so the oracle is not O(rules). */
#define BUCKETS (1 << 18)
static int32_t *bucket_head;
static int32_t *bucket_next;

static uint32_t key_hash(int matcher, const uint64_t *key)
{
	uint64_t h = matcher * 0x9e3779b97f4a7c15ull;
	int i;

	for (i = 0; i < MAX_FIELDS; i++)
		h = (h ^ key[i]) * 0xff51afd7ed558ccdull;
	return (h >> 32) & (BUCKETS - 1);
}

static struct hws_verdict oracle(const struct opacket *p)
{
	struct hws_verdict v = { .result = HWS_RESULT_MISS };
	int table = 0, m, i;

	while (table < NUM_TABLES) {
		const struct orule *hit = NULL;

		for (m = 0; m < NUM_MATCHERS && !hit; m++) {
			uint64_t key[MAX_FIELDS] = { 0 };
			int32_t r;

			if (matchers[m].table != table)
				continue;
			for (i = 0; i < matchers[m].nf; i++)
				key[i] = p->v[pkt_index(matchers[m].f[i].name)] &
					 matchers[m].f[i].mask;
			for (r = bucket_head[key_hash(m, key)]; r >= 0;
			     r = bucket_next[r])
				if (rules[r].matcher == m &&
				    rule_matches(&rules[r], p))
					hit = &rules[r];
		}
		if (!hit) {
			/* table 0 misses to table 2; the others to default */
			if (table == 0) {
				table = 2;
				continue;
			}
			return v;
		}
		switch (hit->kind) {
		case K_DROP:
			v.result = HWS_RESULT_DROP;
			return v;
		case K_TAG_VPORT:
			v.has_tag = 1;
			v.tag = hit->arg;
			/* fall through */
		case K_VPORT:
			v.result = HWS_RESULT_VPORT;
			v.vport = hit->kind == K_VPORT ? hit->arg : 7;
			return v;
		default:
			table = matchers[hit->matcher].table + 1;
			break;
		}
	}
	return v;
}

START_TEST(test_oracle)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 1024 };
	enum mlx5hws_action_type t_drop[] = { MLX5HWS_ACTION_TYP_DROP };
	enum mlx5hws_action_type t_vport[] = { MLX5HWS_ACTION_TYP_VPORT };
	enum mlx5hws_action_type t_tag[] = { MLX5HWS_ACTION_TYP_TAG,
					     MLX5HWS_ACTION_TYP_VPORT };
	enum mlx5hws_action_type t_goto[] = { MLX5HWS_ACTION_TYP_TBL };
	struct mlx5hws_action_template *at[K_MAX];
	struct mlx5hws_table *tbl[NUM_TABLES];
	struct mlx5hws_action *drop, *tag, *vports[8], *go[NUM_TABLES];
	struct mlx5hws_context *ctx;
	uint32_t i, live = 0, mismatches = 0, hits = 0;
	int t, m, f;

	rules = calloc(NUM_RULES, sizeof(*rules));
	handles = calloc(NUM_RULES, sizeof(*handles));
	bucket_head = malloc(BUCKETS * sizeof(*bucket_head));
	bucket_next = malloc(NUM_RULES * sizeof(*bucket_next));
	memset(bucket_head, 0xff, BUCKETS * sizeof(*bucket_head));

	ctx = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(ctx);
	for (t = 0; t < NUM_TABLES; t++) {
		struct mlx5hws_table_attr ta = {
			.type = MLX5HWS_TABLE_TYPE_FDB, .level = t + 1,
		};

		tbl[t] = mlx5hws_table_create(ctx, &ta);
		ck_assert_ptr_nonnull(tbl[t]);
		go[t] = t ? mlx5hws_action_create_dest_table(
				    ctx, tbl[t], MLX5HWS_ACTION_FLAG_FDB) :
			    NULL;
	}
	ck_assert_int_eq(mlx5hws_table_set_default_miss(tbl[0], tbl[2]), 0);
	drop = mlx5hws_action_create_dest_drop(ctx, MLX5HWS_ACTION_FLAG_FDB);
	tag = mlx5hws_action_create_tag(ctx, MLX5HWS_ACTION_FLAG_FDB);
	for (i = 0; i < 8; i++)
		vports[i] = mlx5hws_action_create_dest_vport(
			ctx, i, MLX5HWS_ACTION_FLAG_FDB);
	at[K_DROP] = mlx5hws_action_template_create(t_drop, 1);
	at[K_VPORT] = mlx5hws_action_template_create(t_vport, 1);
	at[K_TAG_VPORT] = mlx5hws_action_template_create(t_tag, 2);
	at[K_GOTO] = mlx5hws_action_template_create(t_goto, 1);

	for (m = 0; m < NUM_MATCHERS; m++) {
		struct omatcher *om = &matchers[m];
		struct mlx5hws_matcher_attr ma = { .priority = om->priority };
		struct t_param mask = { 0 };
		uint8_t criteria = 0;

		for (f = 0; f < om->nf; f++) {
			t_set(&mask, om->f[f].name, om->f[f].mask);
			criteria |= t_criteria(om->f[f].name);
		}
		ma.size[0].rule.num_log = 15;
		ma.size[1].rule.num_log = 15;
		om->mt = mlx5hws_match_template_create(ctx, mask.buf,
						       MLX5HWS_MATCH_PARAM_SZ,
						       criteria);
		ck_assert_ptr_nonnull(om->mt);
		om->m = mlx5hws_matcher_create(tbl[om->table], &om->mt, 1, at,
					       om->table < 2 ? K_MAX : K_GOTO,
					       &ma);
		ck_assert_ptr_nonnull(om->m);
	}

	for (i = 0; i < NUM_RULES; i++) {
		struct orule *r = &rules[i];
		struct mlx5hws_rule_action ra[2] = { 0 };
		struct mlx5hws_rule_attr attr = { .user_data = r };
		struct omatcher *om;
		struct t_param val = { 0 };
		uint32_t h;
		int32_t o;
		bool dup = false;

		r->matcher = rnd() % NUM_MATCHERS;
		om = &matchers[r->matcher];
		for (f = 0; f < om->nf; f++) {
			r->key[f] = random_value(om->f[f].name) & om->f[f].mask;
			/* the VNI matcher's rules are on VXLAN's port */
			if (!strcmp(om->f[f].name, "outer.udp_dport") &&
			    !strcmp(om->f[0].name, "misc.vxlan_vni"))
				r->key[f] = 4789;
			t_set(&val, om->f[f].name, r->key[f]);
		}
		/* uplink (RX), local vport (TX) or any */
		attr.flow_source = rnd() % 3;
		r->dirs = attr.flow_source == MLX5HWS_FLOW_SOURCE_UPLINK ? 1 :
			  attr.flow_source == MLX5HWS_FLOW_SOURCE_LOCAL_VPORT ?
									  2 :
									  3;
		/* the same key twice in one direction would overwrite */
		h = key_hash(r->matcher, r->key);
		for (o = bucket_head[h]; o >= 0; o = bucket_next[o])
			if (rules[o].matcher == r->matcher &&
			    !memcmp(rules[o].key, r->key, sizeof(r->key)) &&
			    rules[o].dirs & r->dirs)
				dup = true;
		if (dup)
			continue;
		r->kind = rnd() % (om->table < 2 ? K_MAX : K_GOTO);
		switch (r->kind) {
		case K_DROP:
			ra[0].action = drop;
			break;
		case K_VPORT:
			r->arg = rnd() % 8;
			ra[0].action = vports[r->arg];
			break;
		case K_TAG_VPORT:
			r->arg = rnd();
			ra[0].action = tag;
			ra[0].tag.value = r->arg;
			ra[1].action = vports[7];
			break;
		default:
			ra[0].action = go[om->table + 1];
			break;
		}
		handles[i] = mlx5hws_rule_create(om->m, 0, val.buf, r->kind, ra,
						 &attr);
		t_check(handles[i], "rule %u: %s", i, strerror(errno));
		r->live = true;
		bucket_next[i] = bucket_head[h];
		bucket_head[h] = i;
		live++;
		if (live % 512 == 0)
			t_check(!t_drain(ctx, 0), "rules failed");
	}
	ck_assert_uint_eq(t_drain(ctx, 0), 0);
	ck_assert_uint_gt(live, NUM_RULES * 9 / 10);
	/* TX tags are NOPs in the FDB: compare tags on RX only */
	for (i = 0; i < NUM_PACKETS; i++) {
		struct opacket p = { 0 };
		struct t_param pkt = { 0 };
		struct hws_verdict got, want;
		size_t k;

		for (k = 0; k < NUM_PKT_FIELDS; k++)
			p.v[k] = random_value(pkt_fields[k]);
		if (rnd() % 2) {
			/* aim at a random rule's key */
			const struct orule *r = &rules[rnd() % NUM_RULES];
			const struct omatcher *om = &matchers[r->matcher];

			for (f = 0; f < om->nf; f++)
				p.v[pkt_index(om->f[f].name)] = r->key[f];
		}
		p.side = rnd() % 2 ? HWS_SIDE_RX : HWS_SIDE_TX;
		p.vport = p.side == HWS_SIDE_TX ? 1 + rnd() % 3 : 0;
		for (k = 0; k < NUM_PKT_FIELDS; k++)
			t_set(&pkt, pkt_fields[k], p.v[k]);
		got = t_classify(NIC, tbl[0], p.side, p.vport, &pkt);
		want = oracle(&p);
		if (p.side == HWS_SIDE_TX)
			got.has_tag = want.has_tag = 0;
		hits += want.result != HWS_RESULT_MISS;
		if (got.result != want.result ||
		    (want.result == HWS_RESULT_VPORT &&
		     got.vport != want.vport) ||
		    got.has_tag != want.has_tag ||
		    (want.has_tag && got.tag != want.tag)) {
			if (mismatches++ < 5)
				fprintf(stderr, "packet %u: model %d/%u tag %d/%u, oracle %d/%u tag %d/%u\n",
					i, got.result, got.vport, got.has_tag,
					got.tag, want.result, want.vport,
					want.has_tag, want.tag);
		}
	}
	ck_assert_uint_eq(mismatches, 0);
	ck_assert_uint_gt(hits, NUM_PACKETS / 8);

	for (i = 0; i < NUM_RULES; i++) {
		struct mlx5hws_rule_attr attr = { 0 };

		if (!handles[i])
			continue;
		t_check(!mlx5hws_rule_destroy(handles[i], &attr),
			"destroy of rule %u failed", i);
		if (--live % 512 == 0)
			t_check(!t_drain(ctx, 0), "deletes failed");
	}
	ck_assert_uint_eq(t_drain(ctx, 0), 0);
	ck_assert_uint_eq(t_stats(NIC).stes, 0);
	for (m = 0; m < NUM_MATCHERS; m++) {
		ck_assert_int_eq(mlx5hws_matcher_destroy(matchers[m].m), 0);
		ck_assert_int_eq(mlx5hws_match_template_destroy(matchers[m].mt),
				 0);
	}
	for (i = 0; i < K_MAX; i++)
		ck_assert_int_eq(mlx5hws_action_template_destroy(at[i]), 0);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(mlx5hws_action_destroy(vports[i]), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(drop), 0);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(tbl[0], NULL), 0);
	for (t = NUM_TABLES - 1; t >= 0; t--) {
		if (go[t])
			ck_assert_int_eq(mlx5hws_action_destroy(go[t]), 0);
		ck_assert_int_eq(mlx5hws_table_destroy(tbl[t]), 0);
	}
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
	free(rules);
	free(handles);
	free(bucket_head);
	free(bucket_next);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("oracle");
	TCase *tc = tcase_create("oracle");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_oracle);
	suite_add_tcase(s, tc);
	return t_run(s);
}
