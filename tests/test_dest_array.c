// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Destination arrays (mirroring): the action's refusals, its forward island
 * on the device (flow table, group, entry, reformat contexts) and what a
 * packet that hits it becomes: one copy per destination, each with its own
 * encap header; and the firmware checks of the island's commands.
 */
#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "libhws/cmd.h"

#define NIC "datest"

/* Ethernet, IPv4 10.0.0.1 -> 10.0.0.2, UDP 1234 -> 5678, "abcd" */
static const uint8_t frame[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, 0x88, 0x99, 0xaa,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x40, 0x11,
	0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x04, 0xd2,
	0x16, 0x2e, 0x00, 0x0c, 0x00, 0x00, 'a',  'b',	'c',  'd',
};

/* An outer Ethernet, IPv4 1.1.1.1 -> 2.2.2.2, UDP to 4789, VXLAN VNI 42 */
static const uint8_t vxlan_hdr[50] = {
	0x02, 0,    0,	  0,	0,    0x02, 0x02, 0,	0,    0,
	0,    0x01, 0x08, 0x00, 0x45, 0x00, 0x00, 0x4e, 0x00, 0x00,
	0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 0x01, 0x01, 0x01, 0x01,
	0x02, 0x02, 0x02, 0x02, 0x30, 0x39, 0x12, 0xb5, 0x00, 0x3a,
	0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, 0x00,
};

struct env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *vport[4];
};

static void env_open(struct env *e, const char *keys)
{
	struct mlx5hws_context_attr ca = { .flags = MLX5HWS_CONTEXT_FLAG_BWC };
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	char spec[128];
	int i;

	snprintf(spec, sizeof(spec), "sim:nic=" NIC "%s%s", *keys ? "," : "",
		 keys);
	memset(e, 0, sizeof(*e));
	e->ctx = t_ctx_open(spec, &ca);
	ck_assert_ptr_nonnull(e->ctx);
	e->tbl = mlx5hws_table_create(e->ctx, &ta);
	ck_assert_ptr_nonnull(e->tbl);
	for (i = 1; i < 4; i++) {
		e->vport[i] = mlx5hws_action_create_dest_vport(
			e->ctx, i, MLX5HWS_ACTION_FLAG_FDB);
		ck_assert_ptr_nonnull(e->vport[i]);
	}
}

static void env_close(struct env *e)
{
	int i;

	for (i = 1; i < 4; i++)
		ck_assert_int_eq(mlx5hws_action_destroy(e->vport[i]), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
}

static struct mlx5hws_action *
dest_array(struct env *e, const struct mlx5hws_action_dest_attr *d, size_t n,
	   uint32_t flags)
{
	struct mlx5hws_action_dest_array_attr attr = { .num_dest = n,
						       .dests = d };

	return mlx5hws_action_create_dest_array(e->ctx, &attr, flags);
}

static void refused(struct mlx5hws_action *a, int err)
{
	ck_assert_ptr_null(a);
	ck_assert_int_eq(errno, err);
}

/* The island on the device, and nothing of it after the action goes. */
START_TEST(test_create_destroy)
{
	struct mlx5hws_action_dest_attr d[2] = { { .dest = NULL } };
	struct sim_stats before, s;
	struct mlx5hws_action *a;
	struct env e;

	env_open(&e, "");
	before = t_stats(NIC);
	d[0].dest = e.vport[1];
	d[1].dest = e.vport[2];
	d[1].reformat_data = vxlan_hdr;
	d[1].reformat_size = sizeof(vxlan_hdr);
	a = dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(a);
	s = t_stats(NIC);
	ck_assert_uint_eq(s.objects[SIM_OBJ_FT],
			  before.objects[SIM_OBJ_FT] + 1);
	ck_assert_uint_eq(s.objects[SIM_OBJ_FG], 1);
	ck_assert_uint_eq(s.objects[SIM_OBJ_FTE], 1);
	ck_assert_uint_eq(s.objects[SIM_OBJ_REFORMAT], 1);
	/* the entry and the reformat context take device memory */
	ck_assert_uint_ge(s.icm_pages, before.icm_pages + 2);
	/* the destinations may go: the array copied what they name */
	ck_assert_int_eq(mlx5hws_action_destroy(e.vport[2]), 0);
	e.vport[2] = mlx5hws_action_create_dest_vport(e.ctx, 2,
						      MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(e.vport[2]);
	ck_assert_int_eq(mlx5hws_action_destroy(a), 0);
	s = t_stats(NIC);
	ck_assert_uint_eq(s.objects[SIM_OBJ_FT], before.objects[SIM_OBJ_FT]);
	ck_assert_uint_eq(s.objects[SIM_OBJ_FG], 0);
	ck_assert_uint_eq(s.objects[SIM_OBJ_FTE], 0);
	ck_assert_uint_eq(s.objects[SIM_OBJ_REFORMAT], 0);
	ck_assert_uint_eq(s.icm_pages, before.icm_pages);
	env_close(&e);
}
END_TEST

START_TEST(test_refusals)
{
	struct mlx5hws_action_dest_array_attr attr = { 0 };
	struct mlx5hws_action_dest_attr d[3] = { { .dest = NULL } };
	struct mlx5hws_context *other;
	struct mlx5hws_action *a, *tag, *other_vport;
	uint8_t big[129] = { 0 };
	struct env e;

	env_open(&e, "fdb_log_max_destination=1");
	d[0].dest = e.vport[1];
	d[1].dest = e.vport[2];
	d[2].dest = e.vport[3];
	refused(mlx5hws_action_create_dest_array(e.ctx, NULL,
						 MLX5HWS_ACTION_FLAG_FDB),
		EINVAL);
	refused(mlx5hws_action_create_dest_array(NULL, &attr,
						 MLX5HWS_ACTION_FLAG_FDB),
		EINVAL);
	/* no destinations, one, or no list */
	refused(dest_array(&e, d, 0, MLX5HWS_ACTION_FLAG_FDB), EINVAL);
	refused(dest_array(&e, d, 1, MLX5HWS_ACTION_FLAG_FDB), EINVAL);
	refused(dest_array(&e, NULL, 2, MLX5HWS_ACTION_FLAG_FDB), EINVAL);
	attr.comp_mask = 1;
	attr.num_dest = 2;
	attr.dests = d;
	refused(mlx5hws_action_create_dest_array(e.ctx, &attr,
						 MLX5HWS_ACTION_FLAG_FDB),
		EINVAL);
	/* more than the device's log_max_destination (2^1) */
	refused(dest_array(&e, d, 3, MLX5HWS_ACTION_FLAG_FDB), E2BIG);
	/* one table type, FDB or NIC RX */
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_NIC_TX), EOPNOTSUPP);
	refused(dest_array(&e, d, 2,
			   MLX5HWS_ACTION_FLAG_FDB |
				   MLX5HWS_ACTION_FLAG_NIC_RX),
		EOPNOTSUPP);
	/* a vport is no destination of a NIC RX table */
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_NIC_RX), EINVAL);
	/* a missing destination, a tag, another context's action */
	d[1].dest = NULL;
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB), EINVAL);
	tag = mlx5hws_action_create_tag(e.ctx, MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(tag);
	d[1].dest = tag;
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB), EOPNOTSUPP);
	other = mlx5hws_context_open("sim:nic=" NIC "other", NULL);
	ck_assert_ptr_nonnull(other);
	other_vport = mlx5hws_action_create_dest_vport(other, 2,
						       MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(other_vport);
	d[1].dest = other_vport;
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB), EINVAL);
	/* reformats: not an encap action, no data, too long, on a drop */
	d[1].dest = e.vport[2];
	d[1].reformat = e.vport[3];
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB), EOPNOTSUPP);
	d[1].reformat = NULL;
	d[1].reformat_size = 50;
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB), EINVAL);
	d[1].reformat_data = big;
	d[1].reformat_size = sizeof(big);
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB), E2BIG);
	/* nothing of the refused ones stays on the device */
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_FG], 0);
	ck_assert_uint_eq(t_stats(NIC).objects[SIM_OBJ_REFORMAT], 0);
	d[1].reformat_size = 0;
	a = dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(mlx5hws_action_destroy(a), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(other_vport), 0);
	ck_assert_int_eq(mlx5hws_context_close(other), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(tag), 0);
	env_close(&e);
}
END_TEST

/* A command the device refuses midway: nothing of the island stays. */
START_TEST(test_device_refuses)
{
	static const uint16_t ops[] = {
		MLX5_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT,
		MLX5_CMD_OP_CREATE_FLOW_TABLE,
		MLX5_CMD_OP_CREATE_FLOW_GROUP,
		MLX5_CMD_OP_SET_FLOW_TABLE_ENTRY,
		MLX5_CMD_OP_MODIFY_GENERAL_OBJECT, /* the STC into the island */
	};
	struct mlx5hws_action_dest_attr d[2] = { { .dest = NULL } };
	struct sim_stats before, s;
	struct env e;
	size_t i;

	env_open(&e, "");
	d[0].dest = e.vport[1];
	d[1].dest = e.vport[2];
	d[1].reformat_data = vxlan_hdr;
	d[1].reformat_size = sizeof(vxlan_hdr);
	before = t_stats(NIC);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		sim_inject_cmd_fault(t_nic(NIC), 1, ops[i],
				     MLX5_CMD_STAT_BAD_RES_ERR);
		/* EREMOTEIO: the device refused, and only the fault does */
		refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB),
			EREMOTEIO);
		s = t_stats(NIC);
		ck_assert_uint_eq(s.objects[SIM_OBJ_FT],
				  before.objects[SIM_OBJ_FT]);
		ck_assert_uint_eq(s.objects[SIM_OBJ_FG], 0);
		ck_assert_uint_eq(s.objects[SIM_OBJ_FTE], 0);
		ck_assert_uint_eq(s.objects[SIM_OBJ_REFORMAT], 0);
		ck_assert_uint_eq(s.icm_pages, before.icm_pages);
	}
	sim_clear_faults(t_nic(NIC));
	env_close(&e);
}
END_TEST

static struct mlx5hws_bwc_matcher *matcher_on(struct mlx5hws_table *tbl,
					      const char *field)
{
	struct t_param mask = { 0 };

	t_mask(&mask, field);
	/* an IPv4 field is matched on IPv4 packets */
	if (strstr(field, "ipv4"))
		t_mask(&mask, "outer.ip_version");
	return mlx5hws_bwc_matcher_create(tbl, 0, t_criteria(field), mask.buf);
}

static struct hws_verdict send_frame(struct mlx5hws_table *tbl)
{
	struct hws_packet pkt = { .frame = frame,
				  .frame_len = sizeof(frame),
				  .side = HWS_SIDE_RX };
	struct hws_verdict v;

	ck_assert_int_eq(sim_classify(t_nic(NIC), mlx5hws_table_get_id(tbl),
				      &pkt, &v),
			 0);
	return v;
}

/*
 * A mirror to two vports: each gets the frame as it came, and the array
 * stays while a rule uses it.
 */
START_TEST(test_mirror_two_vports)
{
	static const uint8_t dst[4] = { 10, 0, 0, 2 };
	struct mlx5hws_action_dest_attr d[2] = { { .dest = NULL } };
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_table_attr root_attr = { .type = MLX5HWS_TABLE_TYPE_FDB };
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_table *root;
	struct mlx5hws_bwc_rule *rule;
	struct t_param v = { 0 };
	struct hws_verdict vd;
	struct env e;

	/* merged: each vport names its E-Switch owner, which the device checks */
	env_open(&e, "merged_eswitch=1");
	d[0].dest = e.vport[1];
	d[1].dest = e.vport[2];
	ra.action = dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(ra.action);
	bm = matcher_on(e.tbl, "outer.ipv4_dst");
	ck_assert_ptr_nonnull(bm);
	t_set_bytes(&v, "outer.ipv4_dst", dst, 4);
	t_set(&v, "outer.ip_version", 4);
	rule = mlx5hws_bwc_rule_create(bm, v.buf, 0, &ra, 1);
	ck_assert_ptr_nonnull(rule);

	vd = send_frame(e.tbl);
	ck_assert_int_eq(vd.result, HWS_RESULT_COPIES);
	ck_assert_uint_eq(vd.num_copies, 2);
	ck_assert_int_eq(vd.copies[0].result, HWS_RESULT_VPORT);
	ck_assert_uint_eq(vd.copies[0].vport, 1);
	ck_assert_int_eq(vd.copies[1].result, HWS_RESULT_VPORT);
	ck_assert_uint_eq(vd.copies[1].vport, 2);
	/* nothing in front: each copy is the frame byte for byte */
	ck_assert_uint_eq(vd.copies[0].header_len, 0);
	ck_assert_uint_eq(vd.copies[1].header_len, 0);

	ck_assert_int_eq(mlx5hws_action_destroy(ra.action), EBUSY);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rule), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);

	/* the kernel's root table has no such destination */
	root = mlx5hws_table_create(e.ctx, &root_attr);
	ck_assert_ptr_nonnull(root);
	bm = matcher_on(root, "outer.ipv4_dst");
	ck_assert_ptr_nonnull(bm);
	ck_assert_ptr_null(mlx5hws_bwc_rule_create(bm, v.buf, 0, &ra, 1));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(root), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra.action), 0);
	env_close(&e);
}
END_TEST

/*
 * A copy to vport 1 in a VXLAN tunnel of VNI 7, and one in VNI 42 to a table
 * that sees the new headers (the device parses the copy again) and sends
 * it to vport 3; the table stays while the array names it.
 */
START_TEST(test_mirror_encap_to_table)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 2 };
	struct mlx5hws_action_dest_attr d[2] = { { .dest = NULL } };
	struct mlx5hws_bwc_matcher *bm, *bm2;
	struct mlx5hws_bwc_rule *rule, *rule2;
	struct mlx5hws_rule_action ra = { 0 }, ra2 = { 0 };
	uint8_t vxlan_vni7[sizeof(vxlan_hdr)];
	struct mlx5hws_action_reformat_attr
		enc = { .type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
			.hdr_size = sizeof(vxlan_vni7),
			.hdr = vxlan_vni7 },
		enc_per_rule = {
			.type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
			.hdr_size = sizeof(vxlan_vni7)
		};
	struct mlx5hws_action *goto_t2, *encap, *per_rule;
	struct mlx5hws_table *t2;
	struct t_param v = { 0 };
	struct hws_verdict vd;
	struct env e;

	memcpy(vxlan_vni7, vxlan_hdr, sizeof(vxlan_hdr));
	vxlan_vni7[48] = 7;
	env_open(&e, "");
	t2 = mlx5hws_table_create(e.ctx, &ta);
	ck_assert_ptr_nonnull(t2);
	goto_t2 = mlx5hws_action_create_dest_table(e.ctx, t2,
						   MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(goto_t2);
	/* table 2 sends VXLAN (UDP port 4789) to vport 3 */
	bm2 = matcher_on(t2, "outer.udp_dport");
	ck_assert_ptr_nonnull(bm2);
	t_set(&v, "outer.udp_dport", 4789);
	ra2.action = e.vport[3];
	rule2 = mlx5hws_bwc_rule_create(bm2, v.buf, 0, &ra2, 1);
	ck_assert_ptr_nonnull(rule2);

	/* the first copy's header from an L2 encap action's shared one */
	encap = mlx5hws_action_create_reformat(e.ctx, &enc,
					       MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(encap);
	per_rule = mlx5hws_action_create_reformat(e.ctx, &enc_per_rule,
						  MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(per_rule);
	d[0].dest = e.vport[1];
	d[0].reformat = encap;
	d[1].dest = goto_t2;
	d[1].reformat_data = vxlan_hdr;
	d[1].reformat_size = sizeof(vxlan_hdr);
	/* not both; not an encap whose header is each rule's */
	d[0].reformat_data = vxlan_vni7;
	d[0].reformat_size = sizeof(vxlan_vni7);
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB), EINVAL);
	d[0].reformat_data = NULL;
	d[0].reformat_size = 0;
	d[0].reformat = per_rule;
	refused(dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB), EINVAL);
	d[0].reformat = encap;
	ra.action = dest_array(&e, d, 2, MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_nonnull(ra.action);
	/* the array copied the header */
	ck_assert_int_eq(mlx5hws_action_destroy(encap), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(per_rule), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(goto_t2), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(t2), EBUSY);
	bm = matcher_on(e.tbl, "outer.udp_dport");
	ck_assert_ptr_nonnull(bm);
	memset(&v, 0, sizeof(v));
	t_set(&v, "outer.udp_dport", 5678);
	rule = mlx5hws_bwc_rule_create(bm, v.buf, 0, &ra, 1);
	ck_assert_ptr_nonnull(rule);

	vd = send_frame(e.tbl);
	ck_assert_int_eq(vd.result, HWS_RESULT_COPIES);
	ck_assert_uint_eq(vd.num_copies, 2);
	ck_assert_int_eq(vd.copies[0].result, HWS_RESULT_VPORT);
	ck_assert_uint_eq(vd.copies[0].vport, 1);
	ck_assert_uint_eq(vd.copies[0].header_len, sizeof(vxlan_vni7));
	ck_assert_mem_eq(vd.copies[0].header, vxlan_vni7, sizeof(vxlan_vni7));
	ck_assert_int_eq(vd.copies[1].result, HWS_RESULT_VPORT);
	ck_assert_uint_eq(vd.copies[1].vport, 3);
	ck_assert_uint_eq(vd.copies[1].ft_id, mlx5hws_table_get_id(t2));
	ck_assert_uint_eq(vd.copies[1].header_len, sizeof(vxlan_hdr));
	ck_assert_mem_eq(vd.copies[1].header, vxlan_hdr, sizeof(vxlan_hdr));

	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rule), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra.action), 0);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rule2), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm2), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(t2), 0);
	env_close(&e);
}
END_TEST

/* The island's commands as firmware judges them, through the encoders. */
struct island {
	struct hws_dev *dev;
	struct hws_obj ft, fg, reformat, hws_ft;
};

static void island_open(struct island *is, const char *keys)
{
	char spec[128];

	snprintf(spec, sizeof(spec), "sim:nic=" NIC "%s%s", *keys ? "," : "",
		 keys);
	memset(is, 0, sizeof(*is));
	is->dev = t_dev_open(spec);
	ck_assert_int_eq(hws_cmd_fw_ft_create(is->dev, MLX5_FT_TYPE_FDB, 10, 0,
					      &is->ft),
			 0);
	ck_assert_int_eq(hws_cmd_fg_create(is->dev, MLX5_FT_TYPE_FDB, is->ft.id,
					   0, 0, &is->fg),
			 0);
	ck_assert_int_eq(hws_cmd_reformat_alloc(
				 is->dev, MLX5_REFORMAT_TYPE_L2_TO_L2_TUNNEL,
				 vxlan_hdr, sizeof(vxlan_hdr), &is->reformat),
			 0);
	ck_assert_int_eq(hws_cmd_ft_create(is->dev, MLX5_FT_TYPE_FDB, 1,
					   &is->hws_ft),
			 0);
}

static void island_close(struct island *is)
{
	ck_assert_int_eq(hws_cmd_destroy(&is->hws_ft), 0);
	ck_assert_int_eq(hws_cmd_destroy(&is->reformat), 0);
	ck_assert_int_eq(hws_cmd_destroy(&is->fg), 0);
	ck_assert_int_eq(hws_cmd_destroy(&is->ft), 0);
	ck_assert_uint_eq(t_objects(NIC), 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, 0);
	hws_dev_close(is->dev);
}

static void fte_refused(struct island *is, struct hws_cmd_fte_dest *dests,
			uint32_t n, uint8_t status, uint32_t synd)
{
	struct hws_cmd_fte_attr a = {
		.table_type = MLX5_FT_TYPE_FDB,
		.ft_id = is->ft.id,
		.group_id = is->fg.id,
		.action = MLX5_FLOW_CONTEXT_ACTION_FWD_DEST,
		.num_dests = n,
		.dests = dests,
	};
	uint32_t before = t_objects(NIC);
	struct hws_obj fte;

	ck_assert_int_eq(hws_cmd_fte_set(is->dev, &a, &fte), EREMOTEIO);
	t_assert_refused(NIC, status, synd);
	ck_assert_uint_eq(t_objects(NIC), before);
}

START_TEST(test_firmware_refusals)
{
	struct hws_cmd_fte_dest d[3] = {
		{ .type = MLX5_FLOW_DESTINATION_TYPE_VPORT, .id = 1 },
		{ .type = MLX5_FLOW_DESTINATION_TYPE_VPORT, .id = 2 },
		{ .type = MLX5_FLOW_DESTINATION_TYPE_VPORT, .id = 3 },
	};
	struct hws_cmd_fte_attr a = {
		.table_type = MLX5_FT_TYPE_FDB,
		.action = MLX5_FLOW_CONTEXT_ACTION_FWD_DEST,
		.num_dests = 2,
		.dests = d,
	};
	uint8_t big[129] = { 0 };
	struct island is;
	struct hws_obj o, fte;

	island_open(&is, "fdb_log_max_destination=1");
	a.ft_id = is.ft.id;
	a.group_id = is.fg.id;
	/* more destinations than log_max_destination */
	fte_refused(&is, d, 3, MLX5_CMD_STAT_BAD_PARAM_ERR,
		    SIM_SYND_FTE_TOO_MANY_DESTS);
	/* a vport the E-Switch does not have, a foreign owner */
	d[1].id = 999;
	fte_refused(&is, d, 2, MLX5_CMD_STAT_BAD_PARAM_ERR,
		    SIM_SYND_FTE_DEST_VPORT_UNKNOWN);
	d[1].id = 2;
	d[1].vhca_id_valid = true;
	d[1].vhca_id = 0x77;
	fte_refused(&is, d, 2, MLX5_CMD_STAT_BAD_PARAM_ERR,
		    SIM_SYND_FTE_DEST_VPORT_UNKNOWN);
	d[1].vhca_id_valid = false;
	/* a type firmware does not know; a TIR in an FDB table */
	d[1].type = 0x5;
	fte_refused(&is, d, 2, MLX5_CMD_STAT_BAD_PARAM_ERR,
		    SIM_SYND_FTE_DEST_TYPE_NOT_SUPPORTED);
	d[1].type = MLX5_FLOW_DESTINATION_TYPE_TIR;
	fte_refused(&is, d, 2, MLX5_CMD_STAT_BAD_PARAM_ERR,
		    SIM_SYND_FTE_DEST_TYPE_NOT_ALLOWED);
	/* an unknown table; a shallower one without ignore_flow_level */
	d[1].type = MLX5_FLOW_DESTINATION_TYPE_FLOW_TABLE;
	d[1].id = 0x7777;
	fte_refused(&is, d, 2, MLX5_CMD_STAT_BAD_RES_ERR,
		    SIM_SYND_OBJECT_MISSING);
	d[1].id = is.hws_ft.id;
	fte_refused(&is, d, 2, MLX5_CMD_STAT_BAD_PARAM_ERR,
		    SIM_SYND_FTE_DEST_LEVEL);
	/* an unknown reformat context */
	d[1].type = MLX5_FLOW_DESTINATION_TYPE_VPORT;
	d[1].id = 2;
	d[1].reformat_id = 0x7777;
	fte_refused(&is, d, 2, MLX5_CMD_STAT_BAD_RES_ERR,
		    SIM_SYND_OBJECT_MISSING);

	/* reformats the caps refuse: a decap type, too long, empty */
	ck_assert_int_eq(hws_cmd_reformat_alloc(
				 is.dev, MLX5_REFORMAT_TYPE_L3_TUNNEL_TO_L2,
				 vxlan_hdr, 14, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_REFORMAT_TYPE_NOT_SUPPORTED);
	ck_assert_int_eq(hws_cmd_reformat_alloc(
				 is.dev, MLX5_REFORMAT_TYPE_L2_TO_L2_TUNNEL,
				 big, sizeof(big), &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_REFORMAT_BAD_SIZE);
	ck_assert_int_eq(hws_cmd_reformat_alloc(
				 is.dev, MLX5_REFORMAT_TYPE_L2_TO_L2_TUNNEL,
				 big, 0, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_REFORMAT_BAD_SIZE);
	/* groups only in tables firmware manages, and inside their size */
	ck_assert_int_eq(hws_cmd_fg_create(is.dev, MLX5_FT_TYPE_FDB,
					   is.hws_ft.id, 0, 0, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_FT_NOT_FW_MANAGED);
	ck_assert_int_eq(hws_cmd_fg_create(is.dev, MLX5_FT_TYPE_FDB, is.ft.id,
					   1, 1, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_FG_BAD_RANGE);

	/* a good entry; then what it holds cannot go */
	d[1].reformat_id = is.reformat.id;
	ck_assert_int_eq(hws_cmd_fte_set(is.dev, &a, &fte), 0);
	ck_assert_int_eq(hws_cmd_fte_set(is.dev, &a, &o), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_FTE_INDEX_IN_USE);
	ck_assert_int_eq(hws_cmd_destroy(&is.reformat), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(hws_cmd_destroy(&is.fg), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(hws_cmd_destroy(&is.ft), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(hws_cmd_destroy(&fte), 0);
	island_close(&is);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dest_array");
	TCase *tc = tcase_create("dest_array");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_create_destroy);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_device_refuses);
	tcase_add_test(tc, test_mirror_two_vports);
	tcase_add_test(tc, test_mirror_encap_to_table);
	tcase_add_test(tc, test_firmware_refusals);
	suite_add_tcase(s, tc);
	return t_run(s);
}
