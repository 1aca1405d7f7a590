// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Flow counter bulks: the capability that governs their size, and queries
 * of a counter inside a bulk in the form every kernel accepts.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "libhws/cmd.h"

#define NIC "ctrtest"

/* The last QUERY_FLOW_COUNTER the library sent, as the device got it. */
static const struct hws_provider_ops *real_ops;
static uint8_t last_query[DEVX_ST_SZ_BYTES(query_flow_counter_in)];
static size_t last_query_outlen;

static int spy_obj_query(struct hws_devx_obj *obj, const void *in, size_t inlen,
			 void *out, size_t outlen)
{
	if (DEVX_GET(mbox_in, in, opcode) == MLX5_CMD_OP_QUERY_FLOW_COUNTER &&
	    inlen >= sizeof(last_query)) {
		memcpy(last_query, in, sizeof(last_query));
		last_query_outlen = outlen;
	}
	return real_ops->obj_query(obj, in, inlen, out, outlen);
}

/*
 * A counter inside a bulk is queried through the bulk's base id, with
 * num_of_counters reaching it: kernels before 6.4 refuse its own id.
 */
START_TEST(test_query_names_bulk_base)
{
	struct hws_provider_ops spy;
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC);
	uint64_t packets = 1, octets = 1;
	struct hws_obj fc;
	uint32_t offset;

	real_ops = dev->ops;
	spy = *dev->ops;
	spy.obj_query = spy_obj_query;
	dev->ops = &spy;
	ck_assert_int_eq(hws_cmd_counter_alloc(dev, 4, &fc), 0);
	for (offset = 0; offset < 16; offset += 5) {
		ck_assert_int_eq(hws_cmd_counter_query(&fc, offset, &packets,
						       &octets),
				 0);
		ck_assert_uint_eq(DEVX_GET(query_flow_counter_in, last_query,
					   flow_counter_id),
				  fc.id);
		ck_assert_uint_eq(DEVX_GET(query_flow_counter_in, last_query,
					   num_of_counters),
				  offset + 1);
		ck_assert_uint_ge(
			last_query_outlen,
			DEVX_ST_SZ_BYTES(query_flow_counter_out) +
				offset * DEVX_ST_SZ_BYTES(traffic_counter));
		ck_assert_uint_eq(packets, 0);
		ck_assert_uint_eq(octets, 0);
	}
	ck_assert_int_eq(hws_cmd_destroy(&fc), 0);
	dev->ops = real_ops;
	hws_dev_close(dev);
}
END_TEST

static struct mlx5hws_context *open_ctx(const char *keys)
{
	struct mlx5hws_context_attr attr = { .queues = 1 };
	struct mlx5hws_context *ctx;
	char spec[128];

	snprintf(spec, sizeof(spec), "sim:nic=" NIC ",%s", keys);
	ctx = mlx5hws_context_open(spec, &attr);
	ck_assert_ptr_nonnull(ctx);
	return ctx;
}

static struct mlx5hws_action *counter(struct mlx5hws_context *ctx,
				      uint32_t log_bulk)
{
	return mlx5hws_action_create_counter(ctx, log_bulk,
					     MLX5HWS_ACTION_FLAG_NIC_RX);
}

/*
 * Bulks by size are governed by cmd_hca_cap_2's
 * flow_counter_bulk_log_max_alloc, not by log_max_flow_counter_bulk.
 */
START_TEST(test_bulk_log_max_alloc)
{
	struct mlx5hws_caps caps = { 0 };
	struct mlx5hws_context *ctx;
	struct mlx5hws_action *a;

	ctx = open_ctx("log_max_flow_counter_bulk=2,"
		       "flow_counter_bulk_log_max_alloc=5");
	ck_assert_int_eq(mlx5hws_context_query_caps(ctx, &caps), 0);
	ck_assert_uint_eq(caps.log_max_flow_counter_bulk, 5);
	a = counter(ctx, 5);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(mlx5hws_action_destroy(a), 0);
	t_log_capture();
	ck_assert_ptr_null(counter(ctx, 6));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "at most 2^5"));
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/* Without bulks by size, a bulk is refused plainly; one counter works. */
START_TEST(test_no_bulk_alloc)
{
	struct mlx5hws_context *ctx;
	struct mlx5hws_action *a;

	ctx = open_ctx("flow_counter_bulk_log_max_alloc=0");
	t_log_capture();
	ck_assert_ptr_null(counter(ctx, 4));
	ck_assert_int_eq(errno, EOPNOTSUPP);
	ck_assert_ptr_nonnull(
		strstr(t_log_text(), "flow_counter_bulk_log_max_alloc is 0"));
	a = counter(ctx, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(mlx5hws_action_destroy(a), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/*
 * A bulk smaller than the device's granularity takes a whole granule;
 * rules still see the size asked for.
 */
START_TEST(test_bulk_granularity)
{
	struct mlx5hws_context *ctx;
	struct mlx5hws_action *a;
	uint64_t packets, bytes;

	ctx = open_ctx("flow_counter_bulk_log_granularity=3");
	a = counter(ctx, 1);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(mlx5hws_action_query_counter(a, 1, &packets, &bytes),
			 0);
	ck_assert_int_eq(mlx5hws_action_query_counter(a, 2, &packets, &bytes),
			 EINVAL);
	ck_assert_int_eq(mlx5hws_action_destroy(a), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("counters");
	TCase *tc = tcase_create("counters");

	tcase_add_test(tc, test_query_names_bulk_base);
	tcase_add_test(tc, test_bulk_log_max_alloc);
	tcase_add_test(tc, test_no_bulk_alloc);
	tcase_add_test(tc, test_bulk_granularity);
	suite_add_tcase(s, tc);
	return t_run(s);
}
