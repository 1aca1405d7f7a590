// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The GENEVE option the flex parser reads: the GENEVE_TLV_OPT object as the
 * model's firmware judges it, and misc3.geneve_tlv_option_0_data matched on
 * frames from hwsctl's builder.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "frame.h"
#include "helpers.h"
#include "libhws/cmd.h"

#define NIC "geneveopt"
#define OPT_CLASS 0xffff /* what the frame builder writes */

struct opt_env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_geneve_opt *opt;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *drop;
	struct mlx5hws_action_template *at;
	struct mlx5hws_match_template *mt;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
};

static struct mlx5hws_geneve_opt *opt_create(struct mlx5hws_context *ctx,
					     uint8_t type, uint8_t len)
{
	struct mlx5hws_geneve_opt_attr a = { .option_class = OPT_CLASS,
					     .option_type = type,
					     .data_len = len };

	return mlx5hws_geneve_opt_create(ctx, &a);
}

/* A template on the option's data word and the GENEVE port. */
static struct mlx5hws_match_template *opt_template(struct mlx5hws_context *ctx)
{
	struct t_param mask = { 0 };

	t_mask(&mask, "misc3.geneve_tlv_option_0_data");
	t_mask(&mask, "outer.udp_dport");
	return mlx5hws_match_template_create(
		ctx, mask.buf, MLX5HWS_MATCH_PARAM_SZ,
		t_criteria("misc3.geneve_tlv_option_0_data") |
			t_criteria("outer.udp_dport"));
}

/* The device parses an option of type; a rule drops data. */
static void opt_open(struct opt_env *e, const char *spec, uint8_t type,
		     uint32_t data)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					    .level = 1 };
	enum mlx5hws_action_type drop_type = MLX5HWS_ACTION_TYP_DROP;
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_rule_action ra = { 0 };
	struct t_param val = { 0 };
	char name[128];

	memset(e, 0, sizeof(*e));
	snprintf(name, sizeof(name), "sim:nic=" NIC "%s", spec);
	e->ctx = mlx5hws_context_open(name, &cattr);
	ck_assert_ptr_nonnull(e->ctx);
	e->opt = opt_create(e->ctx, type, 1);
	ck_assert_ptr_nonnull(e->opt);
	e->tbl = mlx5hws_table_create(e->ctx, &tattr);
	e->drop = mlx5hws_action_create_dest_drop(
		e->ctx, 1u << MLX5HWS_TABLE_TYPE_NIC_RX);
	e->at = mlx5hws_action_template_create(&drop_type, 1);
	e->mt = opt_template(e->ctx);
	ck_assert_ptr_nonnull(e->mt);
	e->m = mlx5hws_matcher_create(e->tbl, &e->mt, 1, &e->at, 1, &mattr);
	ck_assert_ptr_nonnull(e->m);
	t_set(&val, "misc3.geneve_tlv_option_0_data", data);
	t_set(&val, "outer.udp_dport", 6081);
	ra.action = e->drop;
	e->r = mlx5hws_rule_create(e->m, 0, val.buf, 0, &ra, &rattr);
	ck_assert_ptr_nonnull(e->r);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
}

static void opt_close(struct opt_env *e)
{
	struct mlx5hws_rule_attr rattr = { 0 };

	ck_assert_int_eq(mlx5hws_rule_destroy(e->r, &rattr), 0);
	ck_assert_uint_eq(t_drain(e->ctx, 0), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(e->m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(e->mt), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(e->at), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	if (e->opt)
		ck_assert_int_eq(mlx5hws_geneve_opt_destroy(e->opt), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
}

/* Does a GENEVE frame whose first option (type 0) carries data drop? */
static bool opt_hits(const struct opt_env *e, uint32_t data, uint32_t opt_len)
{
	struct hws_packet pkt = { .side = HWS_SIDE_RX };
	uint8_t frame[FRAME_BUILD_MAX];
	struct t_param p = { 0 };
	const char *why = "";
	struct hws_verdict v;
	size_t len;

	t_set(&p, "misc3.geneve_tlv_option_0_data", data);
	if (opt_len)
		t_set(&p, "misc.geneve_opt_len", opt_len);
	ck_assert_msg(!frame_build((const uint8_t *)p.buf, frame, &len, &why),
		      "frame_build: %s", why);
	pkt.frame = frame;
	pkt.frame_len = len;
	pkt.bytes = len;
	ck_assert_int_eq(sim_classify(t_nic(NIC), mlx5hws_table_get_id(e->tbl),
				      &pkt, &v),
			 0);
	return v.result == HWS_RESULT_DROP;
}

START_TEST(test_option_data)
{
	struct opt_env e;

	opt_open(&e, "", 0, 0x11223344);
	ck_assert(opt_hits(&e, 0x11223344, 0));
	/* the bit next to it */
	ck_assert(!opt_hits(&e, 0x11223345, 0));
	/* more options behind it: the same option is found */
	ck_assert(opt_hits(&e, 0x11223344, 5));
	/* the device stops parsing the option once its object is gone */
	ck_assert_int_eq(mlx5hws_geneve_opt_destroy(e.opt), 0);
	e.opt = NULL;
	ck_assert(!opt_hits(&e, 0x11223344, 0));
	opt_close(&e);
}
END_TEST

/* An option of another type is not the one the device parses. */
START_TEST(test_option_other_type)
{
	struct opt_env e;

	opt_open(&e, "", 1, 0x11223344);
	ck_assert(!opt_hits(&e, 0x11223344, 0));
	opt_close(&e);
}
END_TEST

/* The flex parser is the device's to name; the library reads it. */
START_TEST(test_option_flex_parser_id)
{
	struct opt_env e;

	opt_open(&e, ",flex_parser_id_geneve_tlv_option_0=7", 0, 0xabcdef);
	ck_assert(opt_hits(&e, 0xabcdef, 0));
	ck_assert(!opt_hits(&e, 0xabcdee, 0));
	opt_close(&e);
}
END_TEST

START_TEST(test_option_refused)
{
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_geneve_opt_attr a = { .option_class = OPT_CLASS };
	struct mlx5hws_context *ctx, *other;
	struct mlx5hws_geneve_opt *opt;

	ctx = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(ctx);
	/* no option yet: the device would not parse one */
	t_log_capture();
	errno = 0;
	ck_assert_ptr_null(opt_template(ctx));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(
		strstr(t_log_text(), "mlx5hws_geneve_opt_create"));
	/* data lengths 1..31 words */
	errno = 0;
	ck_assert_ptr_null(mlx5hws_geneve_opt_create(ctx, &a));
	ck_assert_int_eq(errno, EINVAL);
	a.data_len = 32;
	ck_assert_ptr_null(mlx5hws_geneve_opt_create(ctx, &a));
	ck_assert_int_eq(errno, EINVAL);
	a.data_len = 1;
	a.comp_mask = 1;
	ck_assert_ptr_null(mlx5hws_geneve_opt_create(ctx, &a));
	ck_assert_int_eq(errno, EINVAL);
	/* one option a context */
	opt = opt_create(ctx, 0, 1);
	ck_assert_ptr_nonnull(opt);
	errno = 0;
	ck_assert_ptr_null(opt_create(ctx, 1, 1));
	ck_assert_int_eq(errno, EBUSY);
	/* and one a device: another context's is refused by the device */
	other = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(other);
	errno = 0;
	ck_assert_ptr_null(opt_create(other, 1, 1));
	ck_assert_int_eq(errno, EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_NO_RES_ERR,
			 SIM_SYND_GENEVE_OPT_TAKEN);
	ck_assert_int_eq(mlx5hws_context_close(other), 0);
	/* a context with the option is not closed */
	ck_assert_int_eq(mlx5hws_context_close(ctx), EBUSY);
	ck_assert_int_eq(mlx5hws_geneve_opt_destroy(opt), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
	/* a device without the parser */
	ctx = mlx5hws_context_open(
		"sim:nic=" NIC ",flex_parser_protocols=0x300", &cattr);
	ck_assert_ptr_nonnull(ctx);
	errno = 0;
	ck_assert_ptr_null(opt_create(ctx, 0, 1));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	t_log_capture();
	ck_assert_ptr_null(opt_template(ctx));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "lacks 0x400"));
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/* The device's own checks of GENEVE_TLV_OPT, through the command layer. */
START_TEST(test_option_command)
{
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC);
	struct hws_obj o, o2;

	/* an option without data */
	ck_assert_int_eq(hws_cmd_geneve_opt_create(dev, OPT_CLASS, 0, 0, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_GENEVE_OPT_BAD_LENGTH);
	ck_assert_uint_eq(t_objects(NIC), 0);
	ck_assert_int_eq(hws_cmd_geneve_opt_create(dev, OPT_CLASS, 0, 31, &o),
			 0);
	ck_assert_int_eq(hws_cmd_geneve_opt_create(dev, OPT_CLASS, 2, 1, &o2),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_NO_RES_ERR,
			 SIM_SYND_GENEVE_OPT_TAKEN);
	ck_assert_int_eq(hws_cmd_destroy(&o), 0);
	/* once it is gone, another may come */
	ck_assert_int_eq(hws_cmd_geneve_opt_create(dev, OPT_CLASS, 2, 1, &o2),
			 0);
	ck_assert_int_eq(hws_cmd_destroy(&o2), 0);
	hws_dev_close(dev);
	/* a device without GENEVE option objects */
	dev = t_dev_open("sim:nic=" NIC ",general_obj_types=0x1000000");
	ck_assert_int_eq(hws_cmd_geneve_opt_create(dev, OPT_CLASS, 0, 1, &o),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_OP_ERR,
			 SIM_SYND_OBJ_TYPE_NOT_SUPPORTED);
	hws_dev_close(dev);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("geneve_opt");
	TCase *tc = tcase_create("geneve_opt");

	tcase_add_test(tc, test_option_data);
	tcase_add_test(tc, test_option_other_type);
	tcase_add_test(tc, test_option_flex_parser_id);
	tcase_add_test(tc, test_option_refused);
	tcase_add_test(tc, test_option_command);
	suite_add_tcase(s, tc);
	return t_run(s);
}
