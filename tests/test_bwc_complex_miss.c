// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * A complex BWC rule that a frame matches in part is no rule: the frame
 * goes on to the matchers of lower priority in the table, whichever part it
 * misses, while either matcher moves to new sizes, and after the rule goes.
 * Frames are built from the rule values and classified by the model through
 * the flow tables and RTCs the library chained.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "frame.h"
#include "helpers.h"
#include "libhws/prm.h"

#define NIC "cplxmiss"
#define LOW_TAG 0xabcd
#define DPORT 80
/*
 * Rules enough for a move that a step (256 rules) does not finish: 2^9
 * rows grow at 359 rules.
 */
#define MANY 600

struct env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *drop, *tag;
	struct mlx5hws_bwc_matcher *cplx, *low;
	struct mlx5hws_bwc_rule *low_rule;
	struct t_param mask; /* the complex matcher's */
	uint8_t criteria;
};

/* No STE holds them together, and a frame carries each of them. */
static const char *const cplx_fields[] = {
	"outer.ip_version", "outer.ip_protocol", "outer.ipv6_src",
	"outer.ipv6_dst",   "outer.tcp_sport",	 "outer.tcp_dport",
	"outer.tcp_seq",    "outer.tcp_ack",	 NULL,
};

/* The same with MACs first: a later part takes an IPv6 address. */
static const char *const mac_fields[] = {
	"outer.dmac",	     "outer.smac",	"outer.ip_version",
	"outer.ip_protocol", "outer.ipv6_src",	"outer.ipv6_dst",
	"outer.tcp_sport",   "outer.tcp_dport", NULL,
};

/* Those a frame can differ in and still be TCP to DPORT. */
static const char *const flip_fields[] = {
	"outer.dmac",	   "outer.smac",    "outer.ipv6_src", "outer.ipv6_dst",
	"outer.tcp_sport", "outer.tcp_seq", "outer.tcp_ack",
};

#define NUM_FLIPS (sizeof(flip_fields) / sizeof(flip_fields[0]))

static struct mlx5hws_bwc_rule *rule_add(struct env *e,
					 struct mlx5hws_bwc_matcher *bm,
					 const struct t_param *v, uint32_t tag)
{
	struct mlx5hws_rule_action ra[2] = { 0 };

	ra[0].action = e->tag;
	ra[0].tag.value = tag;
	ra[1].action = e->drop;
	return mlx5hws_bwc_rule_create(bm, v->buf, MLX5HWS_FLOW_SOURCE_ANY, ra,
				       2);
}

/* A complex rule of the fields of v that its matcher matches. */
static struct mlx5hws_bwc_rule *cplx_add(struct env *e, const struct t_param *v,
					 uint32_t tag)
{
	struct t_param m = *v;
	unsigned int i;

	for (i = 0; i < MLX5HWS_MATCH_PARAM_SZ / 4; i++)
		m.buf[i] &= e->mask.buf[i];
	return rule_add(e, e->cplx, &m, tag);
}

static bool in_mask(const struct env *e, const char *name)
{
	const struct mlx5hws_match_field *f = mlx5hws_match_field_find(name);

	return e->mask.buf[f->bit_offset / 32] &
	       htobe32(1u << (31 - f->bit_offset % 32));
}

/* A matcher of destination ports in tbl at priority prio. */
static struct mlx5hws_bwc_matcher *port_open(struct mlx5hws_table *tbl,
					     uint32_t prio)
{
	struct mlx5hws_bwc_matcher *bm;
	struct t_param m = { 0 };

	t_mask(&m, "outer.tcp_dport");
	bm = mlx5hws_bwc_matcher_create(tbl, prio,
					t_criteria("outer.tcp_dport"), m.buf);
	ck_assert_msg(bm, "port matcher: %s", strerror(errno));
	return bm;
}

static struct mlx5hws_bwc_rule *port_add(struct env *e,
					 struct mlx5hws_bwc_matcher *bm,
					 uint32_t port, uint32_t tag)
{
	struct t_param v = { 0 };

	t_set(&v, "outer.tcp_dport", port);
	return rule_add(e, bm, &v, tag);
}

/*
 * The complex matcher of fields (to NULL) at priority 2, and one of DPORT
 * at priority 4.
 */
static void env_open_fields(struct env *e, const char *const *fields)
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
	ck_assert(e->drop && e->tag);
	for (i = 0; fields[i]; i++) {
		t_mask(&e->mask, fields[i]);
		e->criteria |= t_criteria(fields[i]);
	}
	e->cplx =
		mlx5hws_bwc_matcher_create(e->tbl, 2, e->criteria, e->mask.buf);
	ck_assert_msg(e->cplx, "complex matcher: %s", strerror(errno));
	e->low = port_open(e->tbl, 4);
	e->low_rule = port_add(e, e->low, DPORT, LOW_TAG);
	ck_assert_ptr_nonnull(e->low_rule);
}

static void env_open(struct env *e)
{
	env_open_fields(e, cplx_fields);
}

static void env_close(struct env *e)
{
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(e->low_rule), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e->low), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e->cplx), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
}

/* Rule i's values: each field differs from every other rule's. */
static void values(struct t_param *v, uint32_t i)
{
	uint8_t dmac[6] = { 0x02, 0, 0, 0, i >> 8, i };
	uint8_t smac[6] = { 0x02, 0, 0, 1, i >> 8, i };
	uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };

	memset(v, 0, sizeof(*v));
	src[14] = dst[14] = i >> 8;
	src[15] = dst[15] = i;
	t_set_bytes(v, "outer.dmac", dmac, 6);
	t_set_bytes(v, "outer.smac", smac, 6);
	t_set(v, "outer.ip_version", 6);
	t_set(v, "outer.ip_protocol", 6);
	t_set_bytes(v, "outer.ipv6_src", src, 16);
	t_set_bytes(v, "outer.ipv6_dst", dst, 16);
	t_set(v, "outer.tcp_sport", 1000 + i);
	t_set(v, "outer.tcp_dport", DPORT);
	t_set(v, "outer.tcp_seq", 0x5e000000 + i);
	t_set(v, "outer.tcp_ack", 0xac000000 + i);
}

/* Flip the lowest bit of a field in v. */
static void flip(struct t_param *v, const char *name)
{
	const struct mlx5hws_match_field *f = mlx5hws_match_field_find(name);
	uint32_t bit = f->bit_offset + f->bit_width - 1;

	v->buf[bit / 32] ^= htobe32(1u << (31 - bit % 32));
}

/* The verdict on the frame of v received by the table. */
static struct hws_verdict classify(struct env *e, const struct t_param *v)
{
	struct hws_packet pkt = { .side = HWS_SIDE_RX };
	uint8_t frame[FRAME_BUILD_MAX];
	const char *why = "";
	struct hws_verdict vd;
	size_t len;

	ck_assert_msg(!frame_build((const uint8_t *)v->buf, frame, &len, &why),
		      "frame_build: %s", why);
	pkt.frame = frame;
	pkt.frame_len = len;
	pkt.bytes = len;
	ck_assert_int_eq(sim_classify(t_nic(NIC), mlx5hws_table_get_id(e->tbl),
				      &pkt, &vd),
			 0);
	return vd;
}

/* The tag the frame of v gets, 0 when it misses. */
static uint32_t tag_of(struct env *e, const struct t_param *v)
{
	struct hws_verdict vd = classify(e, v);

	if (vd.result == HWS_RESULT_MISS)
		return 0;
	ck_assert_msg(vd.result == HWS_RESULT_DROP, "result %d", vd.result);
	ck_assert(vd.has_tag);
	return vd.tag;
}

/*
 * Rule i's frame hits it (tag 100 + i); with any field but the port off it
 * goes on to the lower rule.  Returns how many of those frames matched a
 * part of the complex rule first (two hits).
 */
static unsigned int check_rule(struct env *e, uint32_t i, bool present)
{
	unsigned int f, partial = 0;
	struct t_param v, w;

	values(&v, i);
	ck_assert_uint_eq(tag_of(e, &v), present ? 100 + i : LOW_TAG);
	for (f = 0; f < NUM_FLIPS; f++) {
		struct hws_verdict vd;

		if (!in_mask(e, flip_fields[f]))
			continue;
		w = v;
		flip(&w, flip_fields[f]);
		vd = classify(e, &w);
		ck_assert_msg(vd.result == HWS_RESULT_DROP && vd.has_tag &&
				      vd.tag == LOW_TAG,
			      "rule %u with %s off: result %d, tag 0x%x", i,
			      flip_fields[f], vd.result, vd.tag);
		partial += vd.num_hits == 2;
	}
	/* and nothing takes another port */
	w = v;
	flip(&w, "outer.tcp_dport");
	ck_assert_uint_eq(tag_of(e, &w), 0);
	return partial;
}

static uint32_t moves_pending(struct mlx5hws_bwc_matcher *bm)
{
	struct mlx5hws_bwc_matcher_info info = {
		.comp_mask = MLX5HWS_BWC_MATCHER_INFO_MOVES,
	};

	ck_assert_int_eq(mlx5hws_bwc_matcher_query(bm, &info), 0);
	return info.moves_pending;
}

/* A frame that misses a later part hits the lower rule, not the miss. */
START_TEST(test_partial_goes_on)
{
	struct mlx5hws_bwc_rule *r;
	struct t_param v;
	struct env e;

	env_open(&e);
	values(&v, 0);
	r = cplx_add(&e, &v, 100);
	ck_assert_ptr_nonnull(r);
	/* some field is in a later part: those frames matched the first */
	ck_assert_uint_gt(check_rule(&e, 0, true), 0);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	/* without the rule the whole frame goes on too */
	check_rule(&e, 0, false);
	env_close(&e);
}
END_TEST

/*
 * The first part's matcher moves to new sizes: at the first step some
 * rules are in the new matcher, some still in the old one, and a partial
 * frame of either goes on to the lower rule, not round again.
 */
START_TEST(test_complex_moves)
{
	struct mlx5hws_bwc_rule *r[MANY];
	struct t_param v;
	struct env e;
	uint32_t i, n;

	env_open(&e);
	for (n = 0; n < MANY; n++) {
		values(&v, n);
		r[n] = cplx_add(&e, &v, 100 + n);
		ck_assert_msg(r[n], "rule %u: %s", n, strerror(errno));
		if (n > 256 && moves_pending(e.cplx))
			break;
	}
	ck_assert_uint_lt(n, MANY);
	for (i = 0; i <= n; i++)
		check_rule(&e, i, true);
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.cplx), 0);
	for (i = 0; i <= n; i++)
		check_rule(&e, i, true);
	/* shrinking moves too */
	for (i = 0; i <= n; i++) {
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
		if (i % 16 == 0 && i < n)
			check_rule(&e, i + 1, true);
	}
	check_rule(&e, 0, false);
	env_close(&e);
}
END_TEST

/*
 * The table misses to the next level, which the later parts' tables take:
 * they miss behind the first part, not to that table, so that is no
 * conflict.
 */
START_TEST(test_miss_table_next_level)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 2 };
	struct mlx5hws_bwc_matcher *catch_all;
	struct mlx5hws_bwc_rule *r, *cr;
	struct mlx5hws_table *miss;
	struct t_param v, w;
	struct env e;

	env_open(&e);
	miss = mlx5hws_table_create(e.ctx, &ta);
	ck_assert_ptr_nonnull(miss);
	catch_all = port_open(miss, 0);
	cr = port_add(&e, catch_all, DPORT, 0x7777);
	ck_assert_ptr_nonnull(cr);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e.cplx), 0);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(e.tbl, miss), 0);
	e.cplx = mlx5hws_bwc_matcher_create(e.tbl, 2, e.criteria, e.mask.buf);
	ck_assert_msg(e.cplx, "complex matcher: %s", strerror(errno));
	values(&v, 5);
	r = cplx_add(&e, &v, 105);
	ck_assert_ptr_nonnull(r);
	check_rule(&e, 5, true);
	/* without the lower matcher, partial frames take the table's miss */
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(e.low_rule), 0);
	w = v;
	flip(&w, "outer.tcp_ack");
	ck_assert_uint_eq(tag_of(&e, &w), 0x7777);
	ck_assert_uint_eq(tag_of(&e, &v), 105);
	e.low_rule = port_add(&e, e.low, DPORT, LOW_TAG);
	ck_assert_ptr_nonnull(e.low_rule);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(e.tbl, NULL), 0);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(cr), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(catch_all), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(miss), 0);
	env_close(&e);
}
END_TEST

/*
 * MACs come first in the split, so that an IPv6 address lands in a later
 * part: the IP version goes with it, and the matcher works.
 */
START_TEST(test_address_in_later_part)
{
	struct mlx5hws_bwc_rule *r[4];
	struct t_param v;
	struct env e;
	uint32_t i;

	env_open_fields(&e, mac_fields);
	for (i = 0; i < 4; i++) {
		values(&v, i);
		r[i] = cplx_add(&e, &v, 100 + i);
		ck_assert_ptr_nonnull(r[i]);
	}
	for (i = 0; i < 4; i++)
		ck_assert_uint_gt(check_rule(&e, i, true), 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r[i]), 0);
	check_rule(&e, 0, false);
	env_close(&e);
}
END_TEST

/*
 * The device refuses the nth flow table change of the growth that a
 * second rule calls for, which points the later parts behind the new
 * first-part matcher among others: whether the rule goes in or not, every
 * rule classifies and partial frames go on, during the move and after.
 */
START_TEST(test_growth_faults)
{
	struct mlx5hws_bwc_rule *r0, *r1;
	struct t_param v;
	uint32_t nth;
	struct env e;

	for (nth = 1; nth <= 16; nth++) {
		env_open(&e);
		values(&v, 0);
		r0 = cplx_add(&e, &v, 100);
		ck_assert_ptr_nonnull(r0);
		values(&v, 1);
		sim_inject_cmd_fault(t_nic(NIC), nth,
				     MLX5_CMD_OP_MODIFY_FLOW_TABLE,
				     MLX5_CMD_STAT_NO_RES_ERR);
		r1 = cplx_add(&e, &v, 101);
		sim_clear_faults(t_nic(NIC));
		check_rule(&e, 0, true);
		check_rule(&e, 1, r1);
		ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.cplx), 0);
		check_rule(&e, 0, true);
		check_rule(&e, 1, r1);
		if (r1)
			ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r1), 0);
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r0), 0);
		env_close(&e);
	}
}
END_TEST

/* The lower matcher moves: the complex one's misses follow it. */
START_TEST(test_lower_moves)
{
	struct mlx5hws_bwc_rule *r, *lr[MANY];
	struct t_param v;
	struct env e;
	uint32_t i, n;

	env_open(&e);
	values(&v, 7);
	r = cplx_add(&e, &v, 107);
	ck_assert_ptr_nonnull(r);
	for (n = 0; n < MANY; n++) {
		lr[n] = port_add(&e, e.low, 2000 + n, 1);
		ck_assert_msg(lr[n], "lower rule %u: %s", n, strerror(errno));
		if (n > 256 && moves_pending(e.low))
			break;
	}
	ck_assert_uint_lt(n, MANY);
	check_rule(&e, 7, true);
	ck_assert_int_eq(mlx5hws_bwc_matcher_flush_moves(e.low), 0);
	check_rule(&e, 7, true);
	for (i = 0; i <= n; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(lr[i]), 0);
	check_rule(&e, 7, true);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	env_close(&e);
}
END_TEST

/*
 * Matchers come and go behind the complex one; with none left the partial
 * frame takes the table's default miss, as set now.
 */
START_TEST(test_neighbours_change)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 9 };
	struct mlx5hws_bwc_matcher *mid, *catch_all;
	struct mlx5hws_bwc_rule *r, *mr, *cr;
	struct mlx5hws_table *miss;
	struct t_param v, w;
	struct env e;

	env_open(&e);
	values(&v, 3);
	r = cplx_add(&e, &v, 103);
	ck_assert_ptr_nonnull(r);
	/* a matcher between the complex and the lower one takes over */
	mid = port_open(e.tbl, 3);
	mr = port_add(&e, mid, DPORT, 0x5555);
	ck_assert_ptr_nonnull(mr);
	w = v;
	flip(&w, "outer.tcp_sport");
	flip(&w, "outer.ipv6_dst");
	ck_assert_uint_eq(tag_of(&e, &w), 0x5555);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(mr), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(mid), 0);
	check_rule(&e, 3, true);
	/* none behind it: the table's miss, set after the complex matcher */
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(e.low_rule), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e.low), 0);
	miss = mlx5hws_table_create(e.ctx, &ta);
	ck_assert_ptr_nonnull(miss);
	catch_all = port_open(miss, 0);
	cr = port_add(&e, catch_all, DPORT, 0x7777);
	ck_assert_ptr_nonnull(cr);
	ck_assert_uint_eq(tag_of(&e, &w), 0);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(e.tbl, miss), 0);
	ck_assert_uint_eq(tag_of(&e, &w), 0x7777);
	ck_assert_uint_eq(tag_of(&e, &v), 103);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(e.tbl, NULL), 0);
	ck_assert_uint_eq(tag_of(&e, &w), 0);
	/* env_close() takes a lower matcher and rule */
	e.low = port_open(e.tbl, 4);
	e.low_rule = port_add(&e, e.low, DPORT, LOW_TAG);
	ck_assert_ptr_nonnull(e.low_rule);
	check_rule(&e, 3, true);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(cr), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(catch_all), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(miss), 0);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	env_close(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bwc_complex_miss");
	TCase *tc = tcase_create("miss");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_partial_goes_on);
	tcase_add_test(tc, test_complex_moves);
	tcase_add_test(tc, test_lower_moves);
	tcase_add_test(tc, test_neighbours_change);
	tcase_add_test(tc, test_address_in_later_part);
	tcase_add_test(tc, test_miss_table_next_level);
	tcase_add_test(tc, test_growth_faults);
	suite_add_tcase(s, tc);
	return t_run(s);
}
