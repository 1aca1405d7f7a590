// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Action STEs on the device model: rules whose actions do not fit their
 * match STE continue in their queue's STE_ARRAY tables.  Packets take every
 * action; pools grow, empty and give their ICM back; updates, rehashes and
 * faults keep the chunks accounted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "libhws/rule.h"

#define NIC "actste"

struct env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *ctr, *tag, *drop;
	struct mlx5hws_action_template *at[2];
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	uint64_t pages; /* ICM with the matcher and no rule */
};

/* IPv6 source and destination in full and the UDP port: a jumbo tag. */
static void jumbo_mask(struct t_param *mask)
{
	t_mask(mask, "outer.ipv6_src");
	t_mask(mask, "outer.ipv6_dst");
	t_mask(mask, "outer.udp_dport");
	t_mask(mask, "outer.ethertype");
}

static void jumbo_value(struct t_param *v, uint32_t i)
{
	uint8_t src[16] = {
		0x20, 0x01, 0x0d, 0xb8, [12] = i >> 24, i >> 16, i >> 8, i
	};
	uint8_t dst[16] = { 0xfd, [15] = 1 };

	memset(v, 0, sizeof(*v));
	t_set_bytes(v, "outer.ipv6_src", src, 16);
	t_set_bytes(v, "outer.ipv6_dst", dst, 16);
	t_set(v, "outer.udp_dport", 53);
	t_set(v, "outer.ethertype", 0x86dd);
}

static struct hws_verdict classify(struct env *e, uint32_t i)
{
	struct t_param pkt;

	jumbo_value(&pkt, i);
	t_set(&pkt, "outer.ip_version", 6);
	t_set(&pkt, "outer.ip_protocol", 17);
	return t_classify(NIC, e->tbl, HWS_SIDE_RX, 0, &pkt);
}

static struct hws_action_ste_pool *pool(struct env *e)
{
	return hws_action_ste_pool_of(e->ctx, 0, HWS_DOMAIN_NIC_RX);
}

static uint32_t pool_used(struct env *e)
{
	struct hws_action_ste_pool *p = pool(e);
	struct hws_list *pos;
	uint32_t used = 0;

	hws_list_for_each(pos, &p->tables)
		used += hws_container_of(pos, struct hws_action_ste_table, node)
				->used;
	return used;
}

static void env_open(struct env *e, const char *keys, uint16_t queue_size,
		     uint8_t num_log)
{
	struct mlx5hws_context_attr cattr = { .queues = 1,
					      .queue_size = queue_size };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					    .level = 1 };
	struct mlx5hws_matcher_attr mattr = { 0 };
	enum mlx5hws_action_type three[] = { MLX5HWS_ACTION_TYP_CTR,
					     MLX5HWS_ACTION_TYP_TAG,
					     MLX5HWS_ACTION_TYP_DROP };
	enum mlx5hws_action_type two[] = { MLX5HWS_ACTION_TYP_CTR,
					   MLX5HWS_ACTION_TYP_DROP };
	uint32_t flags = MLX5HWS_ACTION_FLAG_NIC_RX;
	struct t_param mask = { 0 };
	char spec[128];

	snprintf(spec, sizeof(spec), "sim:nic=" NIC "%s%s", *keys ? "," : "",
		 keys);
	memset(e, 0, sizeof(*e));
	e->ctx = t_ctx_open(spec, &cattr);
	ck_assert_ptr_nonnull(e->ctx);
	e->tbl = mlx5hws_table_create(e->ctx, &tattr);
	ck_assert_ptr_nonnull(e->tbl);
	e->ctr = mlx5hws_action_create_counter(e->ctx, 4, flags);
	e->tag = mlx5hws_action_create_tag(e->ctx, flags);
	e->drop = mlx5hws_action_create_dest_drop(e->ctx, flags);
	ck_assert(e->ctr && e->tag && e->drop);
	/* counter, tag, drop: the jumbo match STE and one action STE */
	e->at[0] = mlx5hws_action_template_create(three, 3);
	/* counter and drop: the jumbo match STE holds them */
	e->at[1] = mlx5hws_action_template_create(two, 2);
	ck_assert(e->at[0] && e->at[1]);
	jumbo_mask(&mask);
	e->mt = mlx5hws_match_template_create(e->ctx, mask.buf,
					      MLX5HWS_MATCH_PARAM_SZ,
					      t_criteria("outer.ethertype"));
	ck_assert_ptr_nonnull(e->mt);
	mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].rule.num_log = num_log;
	e->m = mlx5hws_matcher_create(e->tbl, &e->mt, 1, e->at, 2, &mattr);
	ck_assert_msg(e->m, "jumbo matcher with a tag: %s", strerror(errno));
	ck_assert(hws_matcher_jumbo(e->m));
	ck_assert_uint_eq(hws_action_template_num_stes(e->at[0], true), 2);
	ck_assert_uint_eq(hws_action_template_num_stes(e->at[1], true), 1);
	e->pages = t_stats(NIC).icm_pages;
}

static void env_close(struct env *e)
{
	ck_assert_int_eq(mlx5hws_matcher_destroy(e->m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(e->mt), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at[0]), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at[1]), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->ctr), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

static void set_actions(struct env *e, struct mlx5hws_rule_action ra[3],
			uint32_t tag)
{
	memset(ra, 0, 3 * sizeof(*ra));
	ra[0].action = e->ctr;
	ra[0].counter.offset = 1;
	ra[1].action = e->tag;
	ra[1].tag.value = tag;
	ra[2].action = e->drop;
}

static struct mlx5hws_rule *add(struct env *e, uint32_t i, uint32_t tag,
				bool burst)
{
	struct mlx5hws_rule_attr attr = { .burst = burst };
	struct mlx5hws_rule_action ra[3];
	struct mlx5hws_rule *r;
	struct t_param v;

	jumbo_value(&v, i);
	set_actions(e, ra, tag);
	r = mlx5hws_rule_create(e->m, 0, v.buf, 0, ra, &attr);
	t_check(r, "rule %u: %s", i, strerror(errno));
	return r;
}

static void del(struct env *e, struct mlx5hws_rule *r)
{
	struct mlx5hws_rule_attr attr = { 0 };

	ck_assert_int_eq(mlx5hws_rule_destroy(r, &attr), 0);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
}

/* Did the packet of rule i go through an action STE, tagged and dropped? */
static bool takes_actions(struct env *e, uint32_t i, uint32_t tag)
{
	struct hws_verdict v = classify(e, i);
	bool action_ste = false;
	unsigned int h, a;

	for (h = 0; h < v.num_hits; h++)
		for (a = 0; a < v.hits[h].num_actions; a++)
			action_ste |= v.hits[h].actions[a].type ==
				      HWS_HIT_ACTION_STE;
	return v.result == HWS_RESULT_DROP && v.has_tag && v.tag == tag &&
	       action_ste;
}

/*
 * A jumbo match STE holds the counter and the jump; the tag and the drop
 * execute in the action STE.  The counter counts the packet once.
 */
START_TEST(test_jumbo_with_tag)
{
	uint64_t packets, bytes;
	struct mlx5hws_rule *r;
	struct env e;

	env_open(&e, "", 16, 4);
	r = add(&e, 7, 0x77, false);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert_ptr_nonnull(hws_rule_chunk(r).tbl);
	ck_assert_uint_eq(hws_rule_chunk(r).order, 0);
	ck_assert_uint_eq(pool_used(&e), 1);
	ck_assert_uint_gt(t_stats(NIC).icm_pages, e.pages);

	ck_assert(takes_actions(&e, 7, 0x77));
	ck_assert_int_eq(
		mlx5hws_action_query_counter(e.ctr, 1, &packets, &bytes), 0);
	ck_assert_uint_eq(packets, 1);
	ck_assert_int_eq(classify(&e, 8).result, HWS_RESULT_MISS);

	del(&e, r);
	ck_assert(hws_list_empty(&pool(&e)->tables));
	ck_assert_uint_eq(t_stats(NIC).icm_pages, e.pages);
	ck_assert_int_eq(classify(&e, 7).result, HWS_RESULT_MISS);
	env_close(&e);
}
END_TEST

/*
 * Thousands of rules fill the first table (2^10 STEs) and the pool adds a
 * second, twice as large; deleting them all empties the pool and gives its
 * ICM back.
 */
START_TEST(test_pool_grows_and_empties)
{
	enum { N = 1500 };
	static struct mlx5hws_rule *r[N];
	struct mlx5hws_rule_attr attr = { .burst = true };
	struct hws_action_ste_table *tbl;
	uint32_t i;
	struct env e;

	env_open(&e, "", 256, 11);
	for (i = 0; i < N; i++) {
		if (i % 64 == 63)
			t_check(!t_drain(e.ctx, 0), "insert errors");
		r[i] = add(&e, i, i + 1, true);
	}
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert_uint_eq(pool(&e)->num_tables, 2);
	ck_assert_uint_eq(pool_used(&e), N);
	/* the newest table first, one step larger */
	tbl = hws_container_of(pool(&e)->tables.next,
			       struct hws_action_ste_table, node);
	ck_assert_uint_eq(tbl->log_size, HWS_ACTION_STE_TABLE_LOG_MIN + 1);
	for (i = 0; i < N; i += 97)
		t_check(takes_actions(&e, i, i + 1), "rule %u", i);
	ck_assert(takes_actions(&e, N - 1, N));

	for (i = 0; i < N; i++) {
		if (i % 64 == 63)
			t_check(!t_drain(e.ctx, 0), "delete errors");
		t_check(!mlx5hws_rule_destroy(r[i], &attr), "delete %u", i);
	}
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert(hws_list_empty(&pool(&e)->tables));
	ck_assert_uint_eq(pool(&e)->num_tables, 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, e.pages);
	env_close(&e);
}
END_TEST

/*
 * An update writes the new action STEs into a new chunk, points the match
 * STE there and frees the old chunk; to actions that fit the match STE, it
 * frees the chunk and takes none.
 */
START_TEST(test_action_update)
{
	struct mlx5hws_rule_attr attr = { 0 };
	struct mlx5hws_rule_action ra[3];
	struct hws_action_ste_chunk old;
	struct mlx5hws_rule *r;
	struct env e;

	env_open(&e, "", 16, 4);
	r = add(&e, 1, 0x10, false);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	old = hws_rule_chunk(r);

	set_actions(&e, ra, 0x20);
	ck_assert_int_eq(mlx5hws_rule_action_update(r, 0, ra, &attr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert_int_eq(r->state, MLX5HWS_RULE_STATE_INSERTED);
	ck_assert_ptr_nonnull(hws_rule_chunk(r).tbl);
	ck_assert_uint_ne(hws_rule_chunk(r).offset, old.offset);
	ck_assert_uint_eq(pool_used(&e), 1);
	ck_assert(takes_actions(&e, 1, 0x20));

	/* counter and drop fit the jumbo match STE */
	ra[1] = ra[2];
	ck_assert_int_eq(mlx5hws_rule_action_update(r, 1, ra, &attr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert_ptr_null(hws_rule_chunk(r).tbl);
	ck_assert(hws_list_empty(&pool(&e)->tables));
	ck_assert_int_eq(classify(&e, 1).result, HWS_RESULT_DROP);
	ck_assert_int_eq(classify(&e, 1).has_tag, 0);
	del(&e, r);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, e.pages);
	env_close(&e);
}
END_TEST

/*
 * A fault on the action STE's write: an error CQE flushes the match STE
 * behind it, and the chunk goes back at once; a failed GTA operation
 * leaves the match STE written, so the chunk stays until the rule goes.
 * Either way the rule reports its failure and nothing leaks.
 */
START_TEST(test_fault_on_action_ste)
{
	struct mlx5hws_rule_attr attr = { 0 };
	struct mlx5hws_rule *r;
	struct env e;

	env_open(&e, "", 16, 4);
	/* the action STE is the first WQE of the rule */
	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_ERROR_CQE);
	r = add(&e, 3, 0x30, false);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 1);
	ck_assert_int_eq(r->state, MLX5HWS_RULE_STATE_FAILED);
	ck_assert_uint_eq(r->placed, 0);
	ck_assert_ptr_null(hws_rule_chunk(r).tbl);
	ck_assert(hws_list_empty(&pool(&e)->tables));
	del(&e, r);

	sim_inject_wqe_fault(t_nic(NIC), 1, 0, SIM_WQE_FAULT_GTA_FAILED);
	r = add(&e, 3, 0x30, false);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 1);
	ck_assert_int_eq(r->state, MLX5HWS_RULE_STATE_FAILED);
	ck_assert_uint_ne(r->placed, 0);
	ck_assert_uint_eq(pool_used(&e), 1);
	del(&e, r);
	ck_assert(hws_list_empty(&pool(&e)->tables));

	/* the queue works on: a rule lands */
	r = add(&e, 3, 0x31, false);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert(takes_actions(&e, 3, 0x31));
	ck_assert_int_eq(mlx5hws_rule_destroy(r, &attr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, e.pages);
	env_close(&e);
}
END_TEST

/*
 * A pool that cannot add a table: the rule is refused with ENOSPC and
 * nothing changes.
 */
START_TEST(test_no_table_refused)
{
	struct mlx5hws_rule_attr attr = { 0 };
	struct mlx5hws_rule_action ra[3];
	struct t_param v;
	struct env e;

	env_open(&e, "", 16, 4);
	/* the STE range of the first table */
	sim_inject_cmd_fault(t_nic(NIC), 1, MLX5_CMD_OP_CREATE_GENERAL_OBJECT,
			     MLX5_CMD_STAT_NO_RES_ERR);
	jumbo_value(&v, 5);
	set_actions(&e, ra, 0x50);
	t_log_capture();
	ck_assert_ptr_null(mlx5hws_rule_create(e.m, 0, v.buf, 0, ra, &attr));
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "no action STEs"));
	ck_assert_int_eq(hws_count_read(&e.m->num_rules), 0);
	ck_assert(hws_list_empty(&pool(&e)->tables));
	ck_assert_uint_eq(t_stats(NIC).icm_pages, e.pages);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	env_close(&e);
}
END_TEST

/*
 * BWC: a jumbo matcher takes the counter, tag and drop template; its
 * rehashes move the match STEs only, each rule keeps its chunk and every
 * rule still classifies.
 */
START_TEST(test_bwc_rehash_keeps_chunks)
{
	enum { N = 200 };
	static struct mlx5hws_bwc_rule *br[N];
	static struct hws_action_ste_chunk chunk[N];
	struct mlx5hws_context_attr cattr = {
		.queues = 1, .flags = MLX5HWS_CONTEXT_FLAG_BWC
	};
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					    .level = 1 };
	struct mlx5hws_bwc_matcher_info info = { 0 };
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_rule_action ra[3];
	struct t_param mask = { 0 }, v;
	struct hws_action_ste_pool *p;
	struct env e = { 0 };
	uint32_t i;

	e.ctx = t_ctx_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(e.ctx);
	e.tbl = mlx5hws_table_create(e.ctx, &tattr);
	e.ctr = mlx5hws_action_create_counter(e.ctx, 4,
					      MLX5HWS_ACTION_FLAG_NIC_RX);
	e.tag = mlx5hws_action_create_tag(e.ctx, MLX5HWS_ACTION_FLAG_NIC_RX);
	e.drop = mlx5hws_action_create_dest_drop(e.ctx,
						 MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert(e.tbl && e.ctr && e.tag && e.drop);
	jumbo_mask(&mask);
	bm = mlx5hws_bwc_matcher_create(e.tbl, 0, t_criteria("outer.ethertype"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	p = hws_action_ste_pool_of(e.ctx, e.ctx->num_queues, HWS_DOMAIN_NIC_RX);

	for (i = 0; i < N; i++) {
		jumbo_value(&v, i);
		set_actions(&e, ra, 0x1000 + i);
		br[i] = mlx5hws_bwc_rule_create(bm, v.buf,
						MLX5HWS_FLOW_SOURCE_ANY, ra, 3);
		t_check(br[i], "BWC rule %u: %s", i, strerror(errno));
		chunk[i] = hws_rule_chunk((struct mlx5hws_rule *)br[i]);
		t_check(chunk[i].tbl, "rule %u has no action STEs", i);
	}
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(bm, &info), 0);
	ck_assert_uint_gt(info.dir[MLX5HWS_MATCHER_SIZE_TYPE_RX].rehashes, 2);
	for (i = 0; i < N; i++) {
		const struct mlx5hws_rule *r = (const void *)br[i];

		t_check(hws_rule_chunk(r).tbl == chunk[i].tbl &&
				hws_rule_chunk(r).offset == chunk[i].offset,
			"rule %u changed chunk", i);
		t_check(takes_actions(&e, i, 0x1000 + i), "rule %u", i);
	}
	ck_assert_uint_eq(p->num_tables, 1);

	/* an update takes a new chunk and returns the old one */
	set_actions(&e, ra, 0x2000);
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(br[0], ra, 3), 0);
	ck_assert(hws_rule_chunk((struct mlx5hws_rule *)br[0]).offset !=
		  chunk[0].offset);
	ck_assert(takes_actions(&e, 0, 0x2000));
	ck_assert(takes_actions(&e, 1, 0x1001));

	for (i = 0; i < N; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(br[i]), 0);
	ck_assert(hws_list_empty(&p->tables));
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e.ctr), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e.tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e.drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e.tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e.ctx), 0);
}
END_TEST

/*
 * The debug dump names the action STE table (record 4300) and the model's
 * resources hold the rule's action STE in that table's range.
 */
START_TEST(test_dump_action_ste_table)
{
	const struct hws_action_ste_table *tbl;
	struct mlx5hws_rule *r;
	char want[96], *text = NULL, *at;
	size_t len = 0;
	struct env e;
	FILE *f;
	int res;

	env_open(&e, "", 16, 4);
	r = add(&e, 9, 0x99, false);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	tbl = hws_rule_chunk(r).tbl;
	f = open_memstream(&text, &len);
	ck_assert_int_eq(mlx5hws_debug_dump(e.ctx, f), 0);
	/* through mlx5, the device does not dump its resources */
	res = hws_dev_dump_resources(e.ctx->dev, f);
	ck_assert(!res || res == EOPNOTSUPP);
	fclose(f);
	/* a NIC RX table: one slot used, the other RTC 0 and range -1 */
	snprintf(want, sizeof(want), "\n4300,0x%llx,%u,%u,0,-1\n",
		 (unsigned long long)((uintptr_t)tbl & 0xffffffff),
		 tbl->rtc[HWS_DIR_RX].id, tbl->ste[HWS_DIR_RX].id);
	ck_assert_msg(strstr(text, want), "no %s in\n%s", want + 1, text);
	snprintf(want, sizeof(want), "\n4920,%u\n4930,",
		 tbl->ste[HWS_DIR_RX].id);
	at = strstr(text, want);
	ck_assert_msg(at || res, "no action STE in the range of %u",
		      tbl->ste[HWS_DIR_RX].id);
	free(text);
	del(&e, r);
	env_close(&e);
}
END_TEST

/*
 * A BWC rule whose action STEs find no room is refused with ENOSPC: no
 * collision, so the matcher does not grow for it.
 */
START_TEST(test_bwc_no_table_no_growth)
{
	struct mlx5hws_context_attr cattr = {
		.queues = 1, .flags = MLX5HWS_CONTEXT_FLAG_BWC
	};
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					    .level = 1 };
	struct mlx5hws_bwc_matcher_info info = { 0 };
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_bwc_rule *br;
	struct mlx5hws_rule_action ra[3];
	struct t_param mask = { 0 }, v;
	struct env e = { 0 };

	e.ctx = t_ctx_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(e.ctx);
	e.tbl = mlx5hws_table_create(e.ctx, &tattr);
	e.ctr = mlx5hws_action_create_counter(e.ctx, 4,
					      MLX5HWS_ACTION_FLAG_NIC_RX);
	e.tag = mlx5hws_action_create_tag(e.ctx, MLX5HWS_ACTION_FLAG_NIC_RX);
	e.drop = mlx5hws_action_create_dest_drop(e.ctx,
						 MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert(e.tbl && e.ctr && e.tag && e.drop);
	jumbo_mask(&mask);
	bm = mlx5hws_bwc_matcher_create(e.tbl, 0, t_criteria("outer.ethertype"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	jumbo_value(&v, 1);
	set_actions(&e, ra, 0x11);
	/* the STE range of the pool's first table */
	sim_inject_cmd_fault(t_nic(NIC), 1, MLX5_CMD_OP_CREATE_GENERAL_OBJECT,
			     MLX5_CMD_STAT_NO_RES_ERR);
	ck_assert_ptr_null(mlx5hws_bwc_rule_create(
		bm, v.buf, MLX5HWS_FLOW_SOURCE_ANY, ra, 3));
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_int_eq(mlx5hws_bwc_matcher_query(bm, &info), 0);
	ck_assert_uint_eq(info.dir[MLX5HWS_MATCHER_SIZE_TYPE_RX].rehashes, 0);
	ck_assert_uint_eq(info.dir[MLX5HWS_MATCHER_SIZE_TYPE_RX].rules, 0);

	/* the next one lands */
	br = mlx5hws_bwc_rule_create(bm, v.buf, MLX5HWS_FLOW_SOURCE_ANY, ra, 3);
	ck_assert_ptr_nonnull(br);
	ck_assert(takes_actions(&e, 1, 0x11));
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(br), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e.ctr), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e.tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e.drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e.tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e.ctx), 0);
}
END_TEST

/*
 * FDB: both directions get their action STEs, in each direction's table of
 * the pool; a packet from the wire and one from a vport both take the
 * counter, the action STE and the vport.
 */
START_TEST(test_fdb_both_directions)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_FDB,
					    .level = 1 };
	struct mlx5hws_matcher_attr mattr = { 0 };
	enum mlx5hws_action_type types[] = { MLX5HWS_ACTION_TYP_CTR,
					     MLX5HWS_ACTION_TYP_TAG,
					     MLX5HWS_ACTION_TYP_VPORT };
	uint32_t flags = MLX5HWS_ACTION_FLAG_FDB;
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra[3] = { 0 };
	struct mlx5hws_action_template *at;
	struct mlx5hws_match_template *mt;
	const struct hws_action_ste_table *tbl;
	struct mlx5hws_action *vport;
	struct t_param mask = { 0 }, v, pkt;
	struct mlx5hws_rule *r;
	uint64_t packets, bytes, pages;
	struct hws_verdict vd;
	struct env e = { 0 };
	int side;

	e.ctx = t_ctx_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(e.ctx);
	e.tbl = mlx5hws_table_create(e.ctx, &tattr);
	e.ctr = mlx5hws_action_create_counter(e.ctx, 4, flags);
	e.tag = mlx5hws_action_create_tag(e.ctx, flags);
	vport = mlx5hws_action_create_dest_vport(e.ctx, 3, flags);
	at = mlx5hws_action_template_create(types, 3);
	jumbo_mask(&mask);
	mt = mlx5hws_match_template_create(e.ctx, mask.buf,
					   MLX5HWS_MATCH_PARAM_SZ,
					   t_criteria("outer.ethertype"));
	ck_assert(e.tbl && e.ctr && e.tag && vport && at && mt);
	mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].rule.num_log = 4;
	mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_TX].rule.num_log = 4;
	e.m = mlx5hws_matcher_create(e.tbl, &mt, 1, &at, 1, &mattr);
	ck_assert_ptr_nonnull(e.m);
	pages = t_stats(NIC).icm_pages;

	jumbo_value(&v, 4);
	ra[0].action = e.ctr;
	ra[1].action = e.tag;
	ra[1].tag.value = 0x44;
	ra[2].action = vport;
	r = mlx5hws_rule_create(e.m, 0, v.buf, 0, ra, &rattr);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	tbl = hws_rule_chunk(r).tbl;
	ck_assert_ptr_nonnull(tbl);
	ck_assert(tbl->rtc[HWS_DIR_RX].devx && tbl->rtc[HWS_DIR_TX].devx);

	pkt = v;
	t_set(&pkt, "outer.ip_version", 6);
	t_set(&pkt, "outer.ip_protocol", 17);
	for (side = 0; side < 2; side++) {
		vd = t_classify(NIC, e.tbl, side ? HWS_SIDE_TX : HWS_SIDE_RX,
				side, &pkt);
		ck_assert_int_eq(vd.result, HWS_RESULT_VPORT);
		ck_assert_uint_eq(vd.vport, 3);
	}
	/* the tag is for received packets */
	vd = t_classify(NIC, e.tbl, HWS_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(vd.has_tag, 1);
	ck_assert_uint_eq(vd.tag, 0x44);
	ck_assert_int_eq(
		mlx5hws_action_query_counter(e.ctr, 0, &packets, &bytes), 0);
	ck_assert_uint_eq(packets, 3);

	ck_assert_int_eq(mlx5hws_rule_destroy(r, &rattr), 0);
	ck_assert_uint_eq(t_drain(e.ctx, 0), 0);
	ck_assert(hws_list_empty(
		&hws_action_ste_pool_of(e.ctx, 0, HWS_DOMAIN_FDB)->tables));
	ck_assert_uint_eq(t_stats(NIC).icm_pages, pages);
	ck_assert_int_eq(mlx5hws_matcher_destroy(e.m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(vport), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e.tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e.ctr), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e.tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e.ctx), 0);
}
END_TEST

/*
 * One queue of 16 slots, a ring of 32 WQEs, and an FDB matcher whose rules
 * (counter, tag, vport) write an action STE and a match STE each way: four
 * WQEs a rule.
 */
struct ring_env {
	struct env e;
	struct mlx5hws_action *vport;
	struct mlx5hws_rule_action ra[3];
};

static void ring_open(struct ring_env *re)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_FDB,
					    .level = 1 };
	struct mlx5hws_matcher_attr mattr = { 0 };
	enum mlx5hws_action_type types[] = { MLX5HWS_ACTION_TYP_CTR,
					     MLX5HWS_ACTION_TYP_TAG,
					     MLX5HWS_ACTION_TYP_VPORT };
	uint32_t flags = MLX5HWS_ACTION_FLAG_FDB;
	struct env *e = &re->e;
	struct t_param mask = { 0 };

	memset(re, 0, sizeof(*re));
	e->ctx = t_ctx_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(e->ctx);
	e->tbl = mlx5hws_table_create(e->ctx, &tattr);
	e->ctr = mlx5hws_action_create_counter(e->ctx, 4, flags);
	e->tag = mlx5hws_action_create_tag(e->ctx, flags);
	re->vport = mlx5hws_action_create_dest_vport(e->ctx, 3, flags);
	e->at[0] = mlx5hws_action_template_create(types, 3);
	jumbo_mask(&mask);
	e->mt = mlx5hws_match_template_create(e->ctx, mask.buf,
					      MLX5HWS_MATCH_PARAM_SZ,
					      t_criteria("outer.ethertype"));
	ck_assert(e->tbl && e->ctr && e->tag && re->vport && e->at[0] && e->mt);
	mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].rule.num_log = 5;
	mattr.size[MLX5HWS_MATCHER_SIZE_TYPE_TX].rule.num_log = 5;
	e->m = mlx5hws_matcher_create(e->tbl, &e->mt, 1, e->at, 1, &mattr);
	ck_assert_ptr_nonnull(e->m);
	re->ra[0].action = e->ctr;
	re->ra[1].action = e->tag;
	re->ra[2].action = re->vport;
}

/* Rule i, tagged i. */
static struct mlx5hws_rule *ring_rule(struct ring_env *re, uint32_t i,
				      struct mlx5hws_rule_attr *rattr)
{
	struct t_param v;

	jumbo_value(&v, i);
	re->ra[1].tag.value = i;
	return mlx5hws_rule_create(re->e.m, 0, v.buf, 0, re->ra, rattr);
}

/* Rule i's packet: its vport and its tag, or a miss. */
static struct hws_verdict ring_classify(struct ring_env *re, uint32_t i)
{
	struct t_param pkt = { 0 };

	jumbo_value(&pkt, i);
	t_set(&pkt, "outer.ip_version", 6);
	t_set(&pkt, "outer.ip_protocol", 17);
	return t_classify(NIC, re->e.tbl, HWS_SIDE_RX, 0, &pkt);
}

static void ring_close(struct ring_env *re)
{
	struct env *e = &re->e;

	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(e->m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(e->mt), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at[0]), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(re->vport), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->ctr), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
}

/*
 * Posting stops with EBUSY when the ring is short of room, before it would
 * overwrite WQEs not yet executed, and every rule posted lands.
 */
START_TEST(test_ring_room)
{
	struct mlx5hws_rule_attr rattr = { .burst = 1 };
	struct mlx5hws_rule *r[16];
	struct ring_env re;
	uint32_t n, i;

	ring_open(&re);
	/* 16 slots, a ring of 32 WQEs: 8 rules of 4 WQEs */
	for (n = 0; n < 16; n++) {
		r[n] = ring_rule(&re, n, &rattr);
		if (!r[n])
			break;
	}
	ck_assert_uint_eq(n, 8);
	ck_assert_int_eq(errno, EBUSY);
	ck_assert_int_eq(hws_count_read(&re.e.m->num_rules), 8);
	ck_assert_uint_eq(t_drain(re.e.ctx, 0), 0);
	for (i = 0; i < n; i++) {
		struct hws_verdict vd = ring_classify(&re, i);

		ck_assert_int_eq(vd.result, HWS_RESULT_VPORT);
		ck_assert_uint_eq(vd.tag, i);
		ck_assert_int_eq(r[i]->state, MLX5HWS_RULE_STATE_INSERTED);
	}
	rattr.burst = 0;
	for (i = 0; i < n; i++)
		ck_assert_int_eq(mlx5hws_rule_destroy(r[i], &rattr), 0);
	ring_close(&re);
}
END_TEST

/*
 * Deletions take ring room too: behind creations with action STEs the
 * device has not run yet, a deletion that would wrap onto them stops with
 * EBUSY, and once the queue drained every posted rule is where it should be.
 */
START_TEST(test_ring_room_delete)
{
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule *r[16];
	struct ring_env re;
	uint32_t n, i;
	int err = 0;

	ring_open(&re);
	/* 12 rules in, in two rounds (the ring holds 8 of 4 WQEs) */
	for (n = 0; n < 16; n++) {
		if (n == 8 || n == 12)
			ck_assert_uint_eq(t_drain(re.e.ctx, 0), 0);
		/* the last 4 wait in the ring: 16 WQEs */
		rattr.burst = n >= 12;
		r[n] = ring_rule(&re, n, &rattr);
		ck_assert_ptr_nonnull(r[n]);
	}
	/* 8 deletions of 2 WQEs fill the ring; the 9th would wrap */
	for (i = 0; i < 12 && !err; i++)
		err = mlx5hws_rule_destroy(r[i], &rattr);
	ck_assert_int_eq(err, EBUSY);
	ck_assert_uint_eq(i, 9);
	ck_assert_uint_eq(t_drain(re.e.ctx, 0), 0);
	for (i = 8; i < 12; i++)
		ck_assert_int_eq(mlx5hws_rule_destroy(r[i], &rattr), 0);
	ck_assert_uint_eq(t_drain(re.e.ctx, 0), 0);
	for (i = 0; i < 16; i++) {
		struct hws_verdict vd = ring_classify(&re, i);

		t_check(vd.result == (i < 12 ? HWS_RESULT_MISS :
					       HWS_RESULT_VPORT),
			"rule %u: result %d", i, vd.result);
	}
	for (i = 12; i < 16; i++) {
		ck_assert_int_eq(r[i]->state, MLX5HWS_RULE_STATE_INSERTED);
		ck_assert_int_eq(mlx5hws_rule_destroy(r[i], &rattr), 0);
	}
	ring_close(&re);
}
END_TEST

/* Buddy blocks split from the largest and merge back into it. */
START_TEST(test_buddy)
{
	struct hws_mem mem = { 0 };
	struct hws_buddy b;
	int64_t a0, a1, a2, big;

	ck_assert_int_eq(hws_buddy_init(&b, &mem, 3), 0);
	a1 = hws_buddy_alloc(&b, 1);
	a0 = hws_buddy_alloc(&b, 0);
	a2 = hws_buddy_alloc(&b, 2);
	ck_assert_int_eq(a1 % 2, 0);
	ck_assert_int_eq(a2 % 4, 0);
	/* 2 + 1 + 4 of 8: one slot left, no pair */
	ck_assert(a0 >= 0 && a1 >= 0 && a2 >= 0);
	ck_assert_int_eq(hws_buddy_alloc(&b, 1), -1);
	ck_assert_int_ge(hws_buddy_alloc(&b, 0), 0);
	ck_assert_int_eq(hws_buddy_alloc(&b, 0), -1);
	hws_buddy_free(&b, a0 ^ 1, 0);
	hws_buddy_free(&b, a0, 0);
	hws_buddy_free(&b, a1, 1);
	hws_buddy_free(&b, a2, 2);
	/* everything merged: the whole range in one block */
	big = hws_buddy_alloc(&b, 3);
	ck_assert_int_eq(big, 0);
	hws_buddy_free(&b, 0, 3);
	hws_buddy_cleanup(&b, &mem);
	ck_assert_uint_eq(mem.bytes, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("action_ste");
	TCase *tc = tcase_create("action_ste");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_jumbo_with_tag);
	tcase_add_test(tc, test_pool_grows_and_empties);
	tcase_add_test(tc, test_action_update);
	tcase_add_test(tc, test_fault_on_action_ste);
	tcase_add_test(tc, test_no_table_refused);
	tcase_add_test(tc, test_bwc_rehash_keeps_chunks);
	tcase_add_test(tc, test_dump_action_ste_table);
	tcase_add_test(tc, test_bwc_no_table_no_growth);
	tcase_add_test(tc, test_fdb_both_directions);
	tcase_add_test(tc, test_ring_room);
	tcase_add_test(tc, test_ring_room_delete);
	tcase_add_test(tc, test_buddy);
	suite_add_tcase(s, tc);
	return t_run(s);
}
