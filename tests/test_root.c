// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Root tables (level 0): the model's root matchers and rules refuse what
 * the kernel refuses, packets start at the port and meet the roots first,
 * and libhws writes root matchers and rules through both APIs.
 */
#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "libhws/cmd.h"
#include "libhws/context.h"

#define NIC "roottest"
#define UPLINK 0xffff

static const uint8_t dst_a[4] = { 10, 0, 0, 1 };
static const uint8_t dst_b[4] = { 10, 0, 0, 2 };

/* A mask on the outer IPv4 destination (and, as required, the version). */
static void dst_mask(struct t_param *m)
{
	memset(m, 0, sizeof(*m));
	t_mask(m, "outer.ip_version");
	t_mask(m, "outer.ipv4_dst");
}

static void dst_value(struct t_param *v, const uint8_t *dst)
{
	memset(v, 0, sizeof(*v));
	t_set(v, "outer.ip_version", 4);
	t_set_bytes(v, "outer.ipv4_dst", dst, 4);
}

static struct hws_root_matcher *root_matcher(struct hws_dev *dev,
					     uint8_t ft_type, uint16_t prio,
					     const struct t_param *mask,
					     uint8_t criteria)
{
	struct hws_root_matcher_attr attr = {
		.ft_type = ft_type,
		.priority = prio,
		.match_criteria_enable = criteria,
		.mask = mask->buf,
		.mask_sz = sizeof(mask->buf),
	};

	errno = 0;
	return dev->ops->root_matcher_create(dev, &attr);
}

static struct hws_root_rule *root_rule(struct hws_root_matcher *m,
				       const struct t_param *v,
				       const struct hws_root_action *a,
				       unsigned int n)
{
	struct hws_root_rule_attr attr = {
		.value = v->buf,
		.value_sz = sizeof(v->buf),
		.num_actions = n,
		.actions = a,
	};

	errno = 0;
	return m->dev->ops->root_rule_create(m, &attr);
}

static struct hws_verdict inject(struct hws_dev *dev, enum hws_side side,
				 uint16_t vport, const struct t_param *p)
{
	struct hws_packet pkt = { .side = side, .vport = vport, .bytes = 64 };
	struct hws_verdict v;

	memcpy(pkt.match, p->buf, sizeof(pkt.match));
	ck_assert_int_eq(hws_dev_inject_packet(dev, &pkt, &v), 0);
	return v;
}

/* The kernel's checks of a root matcher, as the model makes them. */
START_TEST(test_root_matcher_checks)
{
	uint8_t crit = t_criteria("outer.ipv4_dst");
	struct hws_root_matcher_attr attr = { 0 };
	struct hws_root_matcher *m;
	struct hws_dev *dev, *noesw;
	struct t_param mask, bad;

	dev = t_dev_open("sim:nic=" NIC);
	dst_mask(&mask);
	/* priorities 0..15; the kernel codes a higher one as ENOMEM */
	m = root_matcher(dev, HWS_ROOT_FT_NIC_RX, HWS_ROOT_PRIO_MAX + 1, &mask,
			 crit);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(errno, ENOMEM);
	m = root_matcher(dev, HWS_ROOT_FT_NIC_RX, HWS_ROOT_PRIO_MAX, &mask,
			 crit);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(dev->ops->root_matcher_destroy(m), 0);
	/* mask bits in a block match_criteria_enable leaves out */
	bad = mask;
	t_mask(&bad, "misc.gre_key");
	ck_assert_ptr_null(
		root_matcher(dev, HWS_ROOT_FT_NIC_RX, 0, &bad, crit));
	ck_assert_int_eq(errno, EINVAL);
	/* misc_parameters_6 is not in the kernel's match parameters */
	ck_assert_ptr_null(
		root_matcher(dev, HWS_ROOT_FT_NIC_RX, 0, &mask, crit | 0x80));
	ck_assert_int_eq(errno, EINVAL);
	/* the kernel's buffer is 1..640 bytes */
	attr.mask = mask.buf;
	errno = 0;
	ck_assert_ptr_null(dev->ops->root_matcher_create(dev, &attr));
	ck_assert_int_eq(errno, EINVAL);
	/* the RDMA tables are not modelled */
	ck_assert_ptr_null(root_matcher(dev, 3, 0, &mask, crit));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	hws_dev_close(dev);

	/* FDB only for the E-Switch manager */
	noesw = t_dev_open("sim:nic=" NIC "x,eswitch_manager=0");
	ck_assert_ptr_null(
		root_matcher(noesw, HWS_ROOT_FT_FDB, 0, &mask, crit));
	ck_assert_int_eq(errno, EINVAL);
	m = root_matcher(noesw, HWS_ROOT_FT_NIC_TX, 0, &mask, crit);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(noesw->ops->root_matcher_destroy(m), 0);
	hws_dev_close(noesw);
	ck_assert_ptr_null(sim_nic_find(NIC));
}
END_TEST

/* The kernel's checks of a root rule: values, actions, destinations. */
START_TEST(test_root_rule_checks)
{
	uint8_t crit = t_criteria("outer.ipv4_dst");
	struct hws_obj ft, tx_ft, other_ft, fc, other_fc;
	struct hws_root_matcher *m, *tx, *fdb;
	struct hws_root_action a[3] = { 0 };
	struct hws_dev *dev, *other;
	struct hws_root_rule *r;
	struct t_param mask, v;

	dev = t_dev_open("sim:nic=" NIC);
	other = t_dev_open("sim:nic=" NIC);
	ck_assert_int_eq(hws_cmd_ft_create(dev, MLX5_FT_TYPE_NIC_RX, 1, &ft),
			 0);
	ck_assert_int_eq(hws_cmd_ft_create(dev, MLX5_FT_TYPE_NIC_TX, 1, &tx_ft),
			 0);
	ck_assert_int_eq(
		hws_cmd_ft_create(other, MLX5_FT_TYPE_NIC_RX, 1, &other_ft), 0);
	ck_assert_int_eq(hws_cmd_counter_alloc(dev, 0, &fc), 0);
	ck_assert_int_eq(hws_cmd_counter_alloc(other, 0, &other_fc), 0);
	dst_mask(&mask);
	m = root_matcher(dev, HWS_ROOT_FT_NIC_RX, 0, &mask, crit);
	tx = root_matcher(dev, HWS_ROOT_FT_NIC_TX, 0, &mask, crit);
	fdb = root_matcher(dev, HWS_ROOT_FT_FDB, 0, &mask, crit);
	ck_assert(m && tx && fdb);
	dst_value(&v, dst_a);

	/* a value bit outside the mask */
	t_set(&v, "outer.ip_protocol", 6);
	a[0].type = HWS_ROOT_ACTION_DROP;
	ck_assert_ptr_null(root_rule(m, &v, a, 1));
	ck_assert_int_eq(errno, EINVAL);
	dst_value(&v, dst_a);
	/* a flow table of another DevX context */
	a[0].type = HWS_ROOT_ACTION_DEST_FT;
	a[0].obj = other_ft.devx;
	ck_assert_ptr_null(root_rule(m, &v, a, 1));
	ck_assert_int_eq(errno, EPERM);
	/* a counter of another context */
	a[0].type = HWS_ROOT_ACTION_COUNTER;
	a[0].obj = other_fc.devx;
	ck_assert_ptr_null(root_rule(m, &v, a, 1));
	ck_assert_int_eq(errno, EPERM);
	/* a TIR that does not exist */
	a[0].type = HWS_ROOT_ACTION_DEST_TIR;
	a[0].obj = NULL;
	a[0].value = 0x70fff;
	ck_assert_ptr_null(root_rule(m, &v, a, 1));
	ck_assert_int_eq(errno, ENOENT);
	/* a flow table of another type */
	a[0].type = HWS_ROOT_ACTION_DEST_FT;
	a[0].obj = tx_ft.devx;
	ck_assert_ptr_null(root_rule(m, &v, a, 1));
	ck_assert_int_eq(errno, EINVAL);
	/* a counter where a flow table goes */
	a[0].obj = fc.devx;
	ck_assert_ptr_null(root_rule(m, &v, a, 1));
	ck_assert_int_eq(errno, EINVAL);
	/* two destinations */
	a[0].obj = ft.devx;
	a[1].type = HWS_ROOT_ACTION_DROP;
	ck_assert_ptr_null(root_rule(m, &v, a, 2));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	/* a counter offset past the bulk */
	a[1].type = HWS_ROOT_ACTION_COUNTER;
	a[1].obj = fc.devx;
	a[1].value = 1u << 20;
	ck_assert_ptr_null(root_rule(m, &v, a, 2));
	ck_assert_int_eq(errno, EINVAL);
	/* tags: 24 bits, and on NIC RX only */
	a[1].type = HWS_ROOT_ACTION_TAG;
	a[1].value = 1u << 24;
	ck_assert_ptr_null(root_rule(m, &v, a, 2));
	ck_assert_int_eq(errno, EINVAL);
	a[1].value = 0x1234;
	ck_assert_ptr_null(root_rule(tx, &v, &a[1], 1));
	ck_assert_int_eq(errno, EINVAL);
	/* a TIR only from NIC RX */
	a[2].type = HWS_ROOT_ACTION_DEST_TIR;
	a[2].value = 0x70000;
	ck_assert_ptr_null(root_rule(tx, &v, &a[2], 1));
	ck_assert_int_eq(errno, EINVAL);
	/* an FDB rule forwards or drops */
	ck_assert_ptr_null(root_rule(fdb, &v, &a[1], 0));
	ck_assert_int_eq(errno, EINVAL);

	/* a good one holds its table and counter */
	a[1].type = HWS_ROOT_ACTION_COUNTER;
	a[1].value = 0;
	r = root_rule(m, &v, a, 2);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(hws_cmd_destroy(&ft), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(dev->ops->root_matcher_destroy(m), EBUSY);
	ck_assert_int_eq(dev->ops->root_rule_destroy(r), 0);
	ck_assert_int_eq(hws_cmd_destroy(&ft), 0);
	ck_assert_int_eq(hws_cmd_destroy(&fc), 0);

	/* what a closing context leaves is reaped, and its holds go */
	a[0].type = HWS_ROOT_ACTION_DEST_FT;
	a[0].obj = tx_ft.devx;
	ck_assert_ptr_nonnull(root_rule(tx, &v, a, 1));
	hws_dev_close(dev);
	ck_assert_int_eq(hws_cmd_destroy(&other_fc), 0);
	ck_assert_int_eq(hws_cmd_destroy(&other_ft), 0);
	hws_dev_close(other);
	ck_assert_ptr_null(sim_nic_find(NIC));
}
END_TEST

/*
 * Where packets start: from the wire the FDB root, then NIC RX; from a
 * vport NIC TX, then the FDB.  No rule: the kernel's default, a miss.
 * Lower priorities first, and the oldest rule of a matcher first.
 */
START_TEST(test_root_packet_start)
{
	uint8_t crit = t_criteria("outer.ipv4_dst");
	struct hws_root_matcher *rx, *rx_hi, *tx, *fdb;
	struct hws_root_action drop = { .type = HWS_ROOT_ACTION_DROP };
	struct hws_root_action tag = { .type = HWS_ROOT_ACTION_TAG };
	struct hws_root_rule *r[5];
	struct t_param mask, v;
	struct hws_verdict vd;
	struct hws_dev *dev;
	unsigned int i;

	dev = t_dev_open("sim:nic=" NIC);
	dst_mask(&mask);
	dst_value(&v, dst_a);
	vd = inject(dev, HWS_SIDE_RX, UPLINK, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_MISS);

	rx_hi = root_matcher(dev, HWS_ROOT_FT_NIC_RX, 3, &mask, crit);
	rx = root_matcher(dev, HWS_ROOT_FT_NIC_RX, 1, &mask, crit);
	tx = root_matcher(dev, HWS_ROOT_FT_NIC_TX, 0, &mask, crit);
	fdb = root_matcher(dev, HWS_ROOT_FT_FDB, 0, &mask, crit);
	ck_assert(rx && rx_hi && tx && fdb);
	tag.value = 7;
	r[0] = root_rule(rx_hi, &v, &drop, 1);
	r[1] = root_rule(rx, &v, &tag, 1);
	tag.value = 8;
	r[2] = root_rule(rx, &v, &tag, 1);
	/* priority 1 before 3; the first of two equal rules */
	vd = inject(dev, HWS_SIDE_RX, UPLINK, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
	ck_assert(vd.has_tag);
	ck_assert_uint_eq(vd.tag, 7);
	/* NIC TX for what a vport sends; the RX rules do not see it */
	vd = inject(dev, HWS_SIDE_TX, 0, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
	ck_assert(!vd.has_tag);
	r[3] = root_rule(tx, &v, &drop, 1);
	vd = inject(dev, HWS_SIDE_TX, 0, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_DROP);
	/* the E-Switch sees the wire's packets before the NIC */
	dst_value(&v, dst_b);
	r[4] = root_rule(fdb, &v, &drop, 1);
	vd = inject(dev, HWS_SIDE_RX, UPLINK, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_DROP);
	dst_value(&v, dst_a);
	vd = inject(dev, HWS_SIDE_RX, UPLINK, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
	ck_assert_uint_eq(vd.tag, 7);
	/* a vport that does not exist */
	{
		struct hws_packet pkt = { .side = HWS_SIDE_TX, .vport = 999 };

		ck_assert_int_eq(hws_dev_inject_packet(dev, &pkt, &vd), ENOENT);
	}
	for (i = 0; i < 5; i++) {
		ck_assert_ptr_nonnull(r[i]);
		ck_assert_int_eq(dev->ops->root_rule_destroy(r[i]), 0);
	}
	/* destroyed rules match no more */
	vd = inject(dev, HWS_SIDE_RX, UPLINK, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
	ck_assert(!vd.has_tag);
	ck_assert_int_eq(dev->ops->root_matcher_destroy(rx), 0);
	ck_assert_int_eq(dev->ops->root_matcher_destroy(rx_hi), 0);
	ck_assert_int_eq(dev->ops->root_matcher_destroy(tx), 0);
	ck_assert_int_eq(dev->ops->root_matcher_destroy(fdb), 0);
	hws_dev_close(dev);
}
END_TEST

/*
 * libhws: a root table takes matchers and rules through the template and
 * the BWC API; a root rule into a level-1 table brings the packet to the
 * HWS rules, and once destroyed it sends nothing there.
 */
START_TEST(test_root_api)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.queue_size = 16,
	};
	struct mlx5hws_table_attr ra = { .type = MLX5HWS_TABLE_TYPE_NIC_RX };
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 1 };
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct mlx5hws_rule_attr rattr = { .user_data = &ra };
	enum mlx5hws_action_type goto_type[] = { MLX5HWS_ACTION_TYP_TBL };
	struct mlx5hws_action *go, *drop, *tag, *miss, *go_root;
	struct mlx5hws_rule_action act[2] = { 0 };
	struct mlx5hws_bwc_matcher *bm, *leaf;
	struct mlx5hws_flow_op_result res[2];
	struct mlx5hws_action_template *at;
	struct mlx5hws_match_template *mt;
	struct mlx5hws_table *root, *tbl;
	struct mlx5hws_bwc_rule *br, *leaf_rule;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *rule;
	struct t_param mask, v;
	struct mlx5hws_context *ctx;
	struct mlx5hws_rule_info info = { 0 };
	struct hws_verdict vd;
	uint32_t n;
	FILE *f;

	ctx = t_ctx_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(ctx);
	root = mlx5hws_table_create(ctx, &ra);
	tbl = mlx5hws_table_create(ctx, &ta);
	ck_assert(root && tbl);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(root, tbl), EOPNOTSUPP);
	ck_assert_int_eq(mlx5hws_table_set_default_miss(root, NULL), 0);
	go_root = mlx5hws_action_create_dest_table(ctx, root,
						   MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_null(go_root);
	ck_assert_int_eq(errno, EINVAL);
	go = mlx5hws_action_create_dest_table(ctx, tbl,
					      MLX5HWS_ACTION_FLAG_NIC_RX);
	drop = mlx5hws_action_create_dest_drop(ctx, MLX5HWS_ACTION_FLAG_NIC_RX);
	tag = mlx5hws_action_create_tag(ctx, MLX5HWS_ACTION_FLAG_NIC_RX);
	miss = mlx5hws_action_create_default_miss(ctx,
						  MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert(go && drop && tag && miss);
	dst_mask(&mask);

	/* the leaf: a BWC rule in the level-1 table tags and drops */
	leaf = mlx5hws_bwc_matcher_create(tbl, 0, t_criteria("outer.ipv4_dst"),
					  mask.buf);
	ck_assert_ptr_nonnull(leaf);
	dst_value(&v, dst_a);
	act[0].action = tag;
	act[0].tag.value = 0x42;
	act[1].action = drop;
	leaf_rule = mlx5hws_bwc_rule_create(leaf, v.buf, 0, act, 2);
	ck_assert_ptr_nonnull(leaf_rule);

	/* BWC on the root: priorities the kernel takes, actions it offers */
	ck_assert_ptr_null(mlx5hws_bwc_matcher_create(
		root, HWS_ROOT_PRIO_MAX + 1, t_criteria("outer.ipv4_dst"),
		mask.buf));
	ck_assert_int_eq(errno, EINVAL);
	bm = mlx5hws_bwc_matcher_create(root, 2, t_criteria("outer.ipv4_dst"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	act[0].action = miss;
	t_log_capture();
	ck_assert_ptr_null(mlx5hws_bwc_rule_create(bm, v.buf, 0, act, 1));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "not offered on a root"));
	act[0].action = go;
	br = mlx5hws_bwc_rule_create(bm, v.buf, 0, act, 1);
	ck_assert_ptr_nonnull(br);
	ck_assert_int_eq(mlx5hws_bwc_rule_action_update(br, act, 1),
			 EOPNOTSUPP);
	/* in the kernel's table: no RTC, no tag */
	ck_assert_int_eq(mlx5hws_bwc_rule_query(br, &info), 0);
	ck_assert_int_eq(info.state, MLX5HWS_RULE_STATE_INSERTED);
	ck_assert_uint_eq(info.tag_len, 0);
	ck_assert_uint_eq(info.rtc_id[0] | info.rtc_id[1], 0);

	/* at the port: root, then the level-1 table's rule */
	vd = t_inject(NIC, HWS_SIDE_RX, UPLINK, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_DROP);
	ck_assert(vd.has_tag);
	ck_assert_uint_eq(vd.tag, 0x42);
	ck_assert_uint_eq(vd.num_hits, 1);
	ck_assert_uint_eq(vd.hits[0].ft_id, mlx5hws_table_get_id(tbl));
	/* a destroyed root rule sends nothing to the table */
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(br), 0);
	vd = t_inject(NIC, HWS_SIDE_RX, UPLINK, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
	ck_assert(!vd.has_tag);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);

	/* the template API: written at once, completed on the queue */
	mt = mlx5hws_match_template_create(ctx, mask.buf, sizeof(mask.buf),
					   t_criteria("outer.ipv4_dst"));
	at = mlx5hws_action_template_create(goto_type, 1);
	ck_assert(mt && at);
	m = mlx5hws_matcher_create(root, &mt, 1, &at, 1, &mattr);
	ck_assert_ptr_nonnull(m);
	rule = mlx5hws_rule_create(m, 0, v.buf, 0, act, &rattr);
	ck_assert_ptr_nonnull(rule);
	ck_assert_int_eq(mlx5hws_send_queue_poll(ctx, 0, res, 2, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(res[0].status, MLX5HWS_FLOW_OP_SUCCESS);
	ck_assert_ptr_eq(res[0].user_data, &ra);
	vd = t_inject(NIC, HWS_SIDE_RX, UPLINK, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_DROP);
	/* the dump leaves out the kernel's table */
	f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(mlx5hws_debug_dump(ctx, f), 0);
	fclose(f);
	ck_assert_int_eq(mlx5hws_table_destroy(root), EBUSY);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), EBUSY);
	ck_assert_int_eq(mlx5hws_rule_destroy(rule, &rattr), 0);
	ck_assert_int_eq(mlx5hws_send_queue_poll(ctx, 0, res, 2, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(res[0].status, MLX5HWS_FLOW_OP_SUCCESS);
	vd = t_inject(NIC, HWS_SIDE_RX, UPLINK, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);

	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(leaf_rule), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(leaf), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(miss), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(tag), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(drop), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(go), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(root), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
	ck_assert_ptr_null(sim_nic_find(NIC));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("root");
	TCase *tc = tcase_create("root");

	tcase_add_test(tc, test_root_matcher_checks);
	tcase_add_test(tc, test_root_rule_checks);
	tcase_add_test(tc, test_root_packet_start);
	tcase_add_test(tc, test_root_api);
	suite_add_tcase(s, tc);
	return t_run(s);
}
