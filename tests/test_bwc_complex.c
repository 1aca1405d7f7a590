// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Complex BWC matchers: the conntrack mask (IPv6 addresses, ports,
 * protocol, reg_c0, reg_c6), which no single STE holds, split over a chain
 * of matchers; classification of every rule and of the bit next to each
 * field, duplicates, a failed second sub-rule, shared first parts, action
 * update and counters.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "helpers.h"
#include "libhws/prm.h"

#define NIC "complex"
#define N 64

struct env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *drop, *tag, *cnt;
	struct mlx5hws_bwc_matcher *bm;
	uint8_t criteria;
	struct t_param mask;
};

static const char *const ct_fields[] = {
	"outer.ip_version", "outer.ip_protocol", "outer.ipv6_src",
	"outer.ipv6_dst",   "outer.tcp_sport",	 "outer.tcp_dport",
	"meta.reg_c0",	    "meta.reg_c6",
};

#define NUM_FIELDS (sizeof(ct_fields) / sizeof(ct_fields[0]))

static void env_open(struct env *e)
{
	struct mlx5hws_context_attr attr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.queue_size = 64,
	};
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 1 };
	unsigned int i;

	memset(e, 0, sizeof(*e));
	e->ctx = t_ctx_open("sim:nic=" NIC, &attr);
	e->tbl = mlx5hws_table_create(e->ctx, &ta);
	ck_assert_ptr_nonnull(e->tbl);
	e->drop = mlx5hws_action_create_dest_drop(e->ctx,
						  MLX5HWS_ACTION_FLAG_NIC_RX);
	e->tag = mlx5hws_action_create_tag(e->ctx, MLX5HWS_ACTION_FLAG_NIC_RX);
	e->cnt = mlx5hws_action_create_counter(e->ctx, 8,
					       MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert(e->drop && e->tag && e->cnt);
	for (i = 0; i < NUM_FIELDS; i++) {
		t_mask(&e->mask, ct_fields[i]);
		e->criteria |= t_criteria(ct_fields[i]);
	}
	e->bm = mlx5hws_bwc_matcher_create(e->tbl, 0, e->criteria, e->mask.buf);
	ck_assert_msg(e->bm, "complex matcher: %s", strerror(errno));
}

static void env_close(struct env *e)
{
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e->bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->cnt), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
}

/* Rule i's values; rules of the same group share all but reg_c6. */
static void values(struct t_param *v, uint32_t i, uint32_t group)
{
	uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };

	memset(v, 0, sizeof(*v));
	src[15] = group;
	src[14] = group >> 8;
	dst[15] = group * 7;
	t_set(v, "outer.ip_version", 6);
	t_set(v, "outer.ip_protocol", 6);
	t_set_bytes(v, "outer.ipv6_src", src, 16);
	t_set_bytes(v, "outer.ipv6_dst", dst, 16);
	t_set(v, "outer.tcp_sport", 1000 + group);
	t_set(v, "outer.tcp_dport", 80);
	t_set(v, "meta.reg_c0", 0x10000 + group);
	/* even: the bit next to one is no other rule's */
	t_set(v, "meta.reg_c6", 0xc6000000 + 2 * i);
}

static struct mlx5hws_bwc_rule *add(struct env *e, uint32_t i, uint32_t group,
				    uint32_t tag)
{
	struct mlx5hws_rule_action ra[3] = { 0 };
	struct t_param v;

	values(&v, i, group);
	ra[0].action = e->cnt;
	ra[0].counter.offset = i;
	ra[1].action = e->tag;
	ra[1].tag.value = tag;
	ra[2].action = e->drop;
	return mlx5hws_bwc_rule_create(e->bm, v.buf, MLX5HWS_FLOW_SOURCE_ANY,
				       ra, 3);
}

/* The tag packet v gets, or 0 when it misses. */
static uint32_t hit(struct env *e, const struct t_param *v)
{
	struct hws_verdict vd = t_classify(NIC, e->tbl, HWS_SIDE_RX, 0, v);

	if (vd.result == HWS_RESULT_MISS)
		return 0;
	ck_assert_int_eq(vd.result, HWS_RESULT_DROP);
	ck_assert(vd.has_tag);
	return vd.tag;
}

/* The STEs packet v hits: a sub-rule left behind is one. */
static unsigned int hops(struct env *e, const struct t_param *v)
{
	return t_classify(NIC, e->tbl, HWS_SIDE_RX, 0, v).num_hits;
}

/* Flip the lowest bit of a field in v. */
static void flip(struct t_param *v, const char *name)
{
	const struct mlx5hws_match_field *f = mlx5hws_match_field_find(name);
	uint32_t bit = f->bit_offset + f->bit_width - 1;

	v->buf[bit / 32] ^= htobe32(1u << (31 - bit % 32));
}

/*
 * The STEs on the device once the moves in progress are done; action STEs
 * go back to their pool, and leave the count, later.
 */
static uint64_t stes_of(struct env *e)
{
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e->bm), 0);
	return t_stats(NIC).stes;
}

#define stes() stes_of(&e)

/* The mask E2BIGs as one template, and works as a BWC matcher. */
START_TEST(test_classify)
{
	struct mlx5hws_bwc_rule *r[N];
	struct mlx5hws_match_template *mt;
	uint64_t packets, bytes;
	struct t_param v;
	struct env e;
	unsigned int i, f;

	env_open(&e);
	mt = mlx5hws_match_template_create(e.ctx, e.mask.buf,
					   MLX5HWS_MATCH_PARAM_SZ, e.criteria);
	ck_assert_ptr_null(mt);
	ck_assert_int_eq(errno, E2BIG);
	for (i = 0; i < N; i++) {
		r[i] = add(&e, i, i / 4, 100 + i);
		ck_assert_msg(r[i], "rule %u: %s", i, strerror(errno));
	}
	for (i = 0; i < N; i++) {
		values(&v, i, i / 4);
		ck_assert_uint_eq(hit(&e, &v), 100 + i);
		for (f = 0; f < NUM_FIELDS; f++) {
			struct t_param w = v;

			flip(&w, ct_fields[f]);
			ck_assert_msg(!hit(&e, &w), "rule %u hits with %s off",
				      i, ct_fields[f]);
		}
		/* the counter is the last sub-rule's: one packet, once */
		ck_assert_int_eq(mlx5hws_action_query_counter(e.cnt, i,
							      &packets, &bytes),
				 0);
		ck_assert_uint_eq(packets, 1);
	}
	values(&v, 5, 5 / 4);
	ck_assert_ptr_null(add(&e, 5, 5 / 4, 1));
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_uint_eq(hit(&e, &v), 105);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e.bm), EBUSY);
	for (i = 0; i < N; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	for (i = 0; i < N; i++) {
		values(&v, i, i / 4);
		ck_assert_uint_eq(hit(&e, &v), 0);
	}
	ck_assert_uint_eq(stes(), 0);
	env_close(&e);
}
END_TEST

/* Rules with the same first part share its sub-rule until the last goes. */
START_TEST(test_shared_first_part)
{
	struct mlx5hws_bwc_rule *a, *b, *c;
	uint64_t s0, s1, s2;
	struct t_param v;
	struct env e;

	env_open(&e);
	s0 = stes();
	a = add(&e, 0, 9, 1);
	ck_assert_ptr_nonnull(a);
	s1 = stes();
	b = add(&e, 1, 9, 2);
	ck_assert_ptr_nonnull(b);
	s2 = stes();
	/* b added its last sub-rule only */
	ck_assert_uint_lt(s2 - s1, s1 - s0);
	c = add(&e, 2, 10, 3);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(stes() - s2, s1 - s0);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(a), 0);
	/* a's last sub-rule went, the first part stays for b */
	values(&v, 1, 9);
	ck_assert_uint_eq(hit(&e, &v), 2);
	values(&v, 0, 9);
	ck_assert_uint_eq(hit(&e, &v), 0);
	ck_assert_uint_eq(hops(&e, &v), 1);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(b), 0);
	/* and goes with b */
	ck_assert_uint_eq(hops(&e, &v), 0);
	values(&v, 2, 10);
	ck_assert_uint_eq(hit(&e, &v), 3);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(c), 0);
	ck_assert_uint_eq(hops(&e, &v), 0);
	ck_assert_uint_eq(stes(), s0);
	env_close(&e);
}
END_TEST

/*
 * A write of the rule fails, whichever it is, and so does the growth that
 * would retry it: what the rule wrote so far goes again, nothing stays.
 * One of the writes is the second sub-rule's, after the first one landed.
 */
START_TEST(test_second_fails)
{
	struct mlx5hws_bwc_rule *a, *r;
	uint64_t w0, w, nth;
	struct t_param v;
	struct env e;

	env_open(&e);
	a = add(&e, 0, 1, 1);
	ck_assert_ptr_nonnull(a);
	w0 = t_stats(NIC).wqes;
	r = add(&e, 2, 2, 3);
	ck_assert_ptr_nonnull(r);
	w = t_stats(NIC).wqes - w0;
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	values(&v, 2, 2);
	ck_assert_uint_eq(hops(&e, &v), 0);
	for (nth = 1; nth <= w; nth++) {
		sim_inject_wqe_fault(t_nic(NIC), nth, 0,
				     SIM_WQE_FAULT_GTA_FAILED);
		sim_inject_cmd_fault(t_nic(NIC), 1, 0,
				     MLX5_CMD_STAT_NO_RES_ERR);
		r = add(&e, 2, 2, 3);
		sim_clear_faults(t_nic(NIC));
		if (r) {
			/* the fault hit the write of a move, not the rule */
			ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
			continue;
		}
		ck_assert_uint_eq(hops(&e, &v), 0);
	}
	/* and the same rule goes in afterwards */
	r = add(&e, 2, 2, 3);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(hit(&e, &v), 3);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(a), 0);
	ck_assert_uint_eq(stes(), 0);
	env_close(&e);
}
END_TEST

START_TEST(test_action_update)
{
	struct mlx5hws_rule_action ra[3] = { 0 };
	struct mlx5hws_rule_info info = { 0 };
	struct mlx5hws_bwc_rule *r;
	uint64_t packets, bytes;
	struct t_param v;
	struct env e;

	env_open(&e);
	r = add(&e, 3, 3, 7);
	ck_assert_ptr_nonnull(r);
	values(&v, 3, 3);
	ck_assert_uint_eq(hit(&e, &v), 7);
	ra[0].action = e.cnt;
	ra[0].counter.offset = 200;
	ra[1].action = e.tag;
	ra[1].tag.value = 8;
	ra[2].action = e.drop;
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(r, ra, 3), 0);
	ck_assert_uint_eq(hit(&e, &v), 8);
	ck_assert_int_eq(
		mlx5hws_action_query_counter(e.cnt, 200, &packets, &bytes), 0);
	ck_assert_uint_eq(packets, 1);
	ck_assert_int_eq(mlx5hws_bwc_rule_query(r, &info), 0);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	env_close(&e);
}
END_TEST

static struct mlx5hws_bwc_matcher_info query(struct env *e)
{
	struct mlx5hws_bwc_matcher_info info = {
		.comp_mask = MLX5HWS_BWC_MATCHER_INFO_MOVES |
			     MLX5HWS_BWC_MATCHER_INFO_SIZING,
	};

	ck_assert_int_eq(mlx5hws_bwc_matcher_query(e->bm, &info), 0);
	return info;
}

/*
 * The query speaks of the whole matcher: its rules once, the size of the
 * part that holds them all, the growths and matchers of every part.
 */
START_TEST(test_query)
{
	struct mlx5hws_bwc_matcher_info info;
	const struct mlx5hws_bwc_dir_info *rx =
		&info.dir[MLX5HWS_MATCHER_SIZE_TYPE_RX];
	struct mlx5hws_bwc_rule *r[N];
	struct env e;
	unsigned int i;

	env_open(&e);
	info = query(&e);
	/* a matcher per part, in its own table after the first */
	ck_assert_uint_ge(info.num_matchers, 2);
	ck_assert_uint_eq(rx->size_log, 1);
	/* every part as big as the last: each grows as often */
	for (i = 0; i < N; i++) {
		r[i] = add(&e, i, i, 100 + i);
		ck_assert_ptr_nonnull(r[i]);
	}
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.bm), 0);
	info = query(&e);
	ck_assert_uint_eq(rx->rules, N);
	ck_assert_uint_ge(rx->size_log, 7);
	ck_assert_uint_ge(rx->rehashes, info.num_matchers * (rx->size_log - 1));
	ck_assert_uint_eq(info.moves_pending, 0);
	ck_assert_uint_eq(info.num_action_templates, 1);
	for (i = 0; i < N; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	/* rules of one first part: still each counted once */
	for (i = 0; i < N; i++) {
		r[i] = add(&e, i, 0, 100 + i);
		ck_assert_ptr_nonnull(r[i]);
	}
	info = query(&e);
	ck_assert_uint_eq(rx->rules, N);
	for (i = 0; i < N; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	info = query(&e);
	ck_assert_uint_eq(rx->rules, 0);
	ck_assert_uint_ge(rx->shrinks, info.num_matchers);
	env_close(&e);
}
END_TEST

/*
 * Every REG_C from 1 to 7 in the mask: none is left for the chain id.  That
 * is logged, and nothing of the trials before it.
 */
START_TEST(test_no_free_register)
{
	struct env e;
	char name[16];
	int n;

	env_open(&e);
	for (n = 1; n <= 7; n++) {
		snprintf(name, sizeof(name), "meta.reg_c%d", n);
		t_mask(&e.mask, name);
	}
	t_log_capture();
	ck_assert_ptr_null(
		mlx5hws_bwc_matcher_create(e.tbl, 1, e.criteria, e.mask.buf));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_str_eq(t_log_text(),
			 "BWC complex matcher: the mask uses every REG_C from 1 to 7, none is left for the chain id\n");
	env_close(&e);
}
END_TEST

/*
 * The masks a complex matcher tries while it looks for a split are expected
 * not to fit one STE: a matcher that is made logs none of them.
 */
START_TEST(test_trials_quiet)
{
	struct env e;

	t_log_capture();
	env_open(&e);
	ck_assert_str_eq(t_log_text(), "");
	env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bwc_complex");
	TCase *tc = tcase_create("complex");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_classify);
	tcase_add_test(tc, test_shared_first_part);
	tcase_add_test(tc, test_second_fails);
	tcase_add_test(tc, test_action_update);
	tcase_add_test(tc, test_no_free_register);
	tcase_add_test(tc, test_query);
	tcase_add_test(tc, test_trials_quiet);
	suite_add_tcase(s, tc);
	return t_run(s);
}
