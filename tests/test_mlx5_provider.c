// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * providers/mlx5 on the rdma-core stand-in (tests/fake_rdma): what differs
 * between kernels, contexts the caller opened, and the doorbell write.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <infiniband/verbs.h>
#include <infiniband/mlx5dv.h>

#include "helpers.h"
#include "fake_rdma.h"
#include "libhws/prm.h"
#include "providers/mlx5/doorbell.h"

/* Open mlx5_0 on a model NIC of its own, as kernel `kernel` would. */
static struct hws_dev *open_mlx5(const char *nic, const char *kernel)
{
	char spec[64];

	snprintf(spec, sizeof(spec), "nic=%s", nic);
	ck_assert_int_eq(setenv("FAKE_RDMA_MODEL", spec, 1), 0);
	ck_assert_int_eq(setenv("FAKE_RDMA_KERNEL", kernel, 1), 0);
	return t_dev_open(FAKE_RDMA_DEVICE);
}

/* A command the device refuses: an opcode it does not know. */
static int refused_cmd(struct hws_dev *dev, uint8_t *out, size_t outlen)
{
	uint8_t in[DEVX_ST_SZ_BYTES(general_obj_in_cmd_hdr)] = { 0 };

	DEVX_SET(general_obj_in_cmd_hdr, in, opcode, 0x7ff);
	memset(out, 0xee, outlen);
	return dev->ops->general_cmd(dev, in, sizeof(in), out, outlen);
}

START_TEST(test_status_and_syndrome_from_5_19)
{
	struct hws_dev *dev = open_mlx5("k619", "6.1");
	uint8_t out[16];

	ck_assert_int_eq(refused_cmd(dev, out, sizeof(out)), EREMOTEIO);
	ck_assert_uint_eq(DEVX_GET(general_obj_out_cmd_hdr, out, status),
			  MLX5_CMD_STAT_BAD_OP_ERR);
	ck_assert_uint_eq(DEVX_GET(general_obj_out_cmd_hdr, out, syndrome),
			  SIM_SYND_UNKNOWN_OPCODE);
	hws_dev_close(dev);
}
END_TEST

/* Before 5.19 the kernel turns the status into an errno, outbox empty. */
START_TEST(test_errno_only_before_5_19)
{
	static const uint8_t zero[16];
	struct hws_dev *dev = open_mlx5("k515", "5.15");
	uint8_t out[16];

	ck_assert_int_eq(refused_cmd(dev, out, sizeof(out)), EINVAL);
	ck_assert_mem_eq(out, zero, sizeof(out));
	hws_dev_close(dev);
}
END_TEST

/* Query counter `offset` of a bulk of 4 the way the kernel sees it. */
static int query_in_bulk(const char *nic, const char *kernel, uint32_t offset)
{
	uint8_t in[DEVX_ST_SZ_BYTES(alloc_flow_counter_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(alloc_flow_counter_out)] = { 0 };
	uint8_t qin[DEVX_ST_SZ_BYTES(query_flow_counter_in)] = { 0 };
	uint8_t qout[DEVX_ST_SZ_BYTES(query_flow_counter_out) +
		     DEVX_ST_SZ_BYTES(traffic_counter)] = { 0 };
	struct hws_dev *dev = open_mlx5(nic, kernel);
	struct hws_devx_obj *bulk;
	int err;

	DEVX_SET(alloc_flow_counter_in, in, opcode,
		 MLX5_CMD_OP_ALLOC_FLOW_COUNTER);
	DEVX_SET(alloc_flow_counter_in, in, flow_counter_bulk_log_size, 2);
	bulk = dev->ops->obj_create(dev, in, sizeof(in), out, sizeof(out));
	ck_assert_ptr_nonnull(bulk);
	DEVX_SET(query_flow_counter_in, qin, opcode,
		 MLX5_CMD_OP_QUERY_FLOW_COUNTER);
	DEVX_SET(query_flow_counter_in, qin, flow_counter_id,
		 DEVX_GET(alloc_flow_counter_out, out, flow_counter_id) +
			 offset);
	err = dev->ops->obj_query(bulk, qin, sizeof(qin), qout, sizeof(qout));
	ck_assert_int_eq(dev->ops->obj_destroy(bulk), 0);
	hws_dev_close(dev);
	return err;
}

/* Kernels before 6.4 take only the bulk's own id in a counter query. */
START_TEST(test_counter_in_bulk_from_6_4)
{
	ck_assert_int_eq(query_in_bulk("ctr515", "5.15", 0), 0);
	ck_assert_int_eq(query_in_bulk("ctr515", "5.15", 1), EINVAL);
	ck_assert_int_eq(query_in_bulk("ctr64", "6.4", 1), 0);
	ck_assert_int_eq(query_in_bulk("ctr64", "6.4", 4), EINVAL);
}
END_TEST

/*
 * MLX5DV_UAR_ALLOC_TYPE_NC gives every caller the context's one
 * non-cached page; a BlueFlame-only stack gives a page per queue.
 */
START_TEST(test_nc_page_is_shared)
{
	struct hws_dev *dev = open_mlx5("uar", "6.8");
	struct hws_uar *a, *b;
	uint32_t pa, pb;

	a = dev->ops->uar_alloc(dev, &pa);
	b = dev->ops->uar_alloc(dev, &pb);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(pa, pb);
	dev->ops->uar_free(a);
	dev->ops->uar_free(b);
	hws_dev_close(dev);

	ck_assert_int_eq(setenv("FAKE_RDMA_UAR", "bf", 1), 0);
	dev = open_mlx5("uar_bf", "6.8");
	a = dev->ops->uar_alloc(dev, &pa);
	b = dev->ops->uar_alloc(dev, &pb);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_ne(pa, pb);
	dev->ops->uar_free(a);
	dev->ops->uar_free(b);
	hws_dev_close(dev);
}
END_TEST

static struct ibv_context *open_ibv(uint32_t flags)
{
	struct mlx5dv_context_attr attr = { .flags = flags };
	struct ibv_device **list = ibv_get_device_list(NULL);
	struct ibv_context *ctx;

	ck_assert_ptr_nonnull(list);
	ck_assert_int_eq(setenv("FAKE_RDMA_MODEL", "nic=adopt", 1), 0);
	ctx = mlx5dv_open_device(list[0], &attr);
	ibv_free_device_list(list);
	ck_assert_ptr_nonnull(ctx);
	return ctx;
}

/* A context opened without DevX is refused at adopt time, and says why. */
START_TEST(test_adopt_needs_devx)
{
	struct mlx5hws_context_attr attr = { .queues = 1, .queue_size = 16 };
	struct ibv_context *ibv = open_ibv(0);
	struct mlx5hws_context *ctx;

	t_log_capture();
	ck_assert_ptr_null(mlx5hws_context_open_ibv(ibv, &attr));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_msg(strstr(t_log_text(), "without MLX5DV_CONTEXT_FLAGS_DEVX"),
		      "log: %s", t_log_text());
	ibv_close_device(ibv);

	ibv = open_ibv(MLX5DV_CONTEXT_FLAGS_DEVX);
	ctx = mlx5hws_context_open_ibv(ibv, &attr);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
	ibv_close_device(ibv);
}
END_TEST

/*
 * A source-vport match needs the vport's vhca_id.  A function that may not
 * query other functions' capabilities (an SF; a BlueField's Arm cores for
 * the host's functions) still gets it: from the kernel's IB port query.
 */
START_TEST(test_vport_vhca_id_from_port_query)
{
	struct mlx5hws_context_attr attr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.queue_size = 16,
	};
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	struct t_param mask = { 0 }, val = { 0 };
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_bwc_rule *rule;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;

	ck_assert_int_eq(setenv("FAKE_RDMA_MODEL", "nic=gvmi", 1), 0);
	ctx = mlx5hws_context_open(FAKE_RDMA_DEVICE, &attr);
	ck_assert_ptr_nonnull(ctx);
	tbl = mlx5hws_table_create(ctx, &ta);
	ck_assert_ptr_nonnull(tbl);
	ra.action = mlx5hws_action_create_dest_drop(
		ctx, 1u << MLX5HWS_TABLE_TYPE_FDB);
	ck_assert_ptr_nonnull(ra.action);
	t_mask(&mask, "misc.source_port");
	bm = mlx5hws_bwc_matcher_create(tbl, 0, t_criteria("misc.source_port"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);

	/* no capability query of another function gets through */
	sim_inject_cmd_fault(t_nic("gvmi"), 1, MLX5_CMD_OP_QUERY_HCA_CAP,
			     MLX5_CMD_STAT_BAD_PARAM_ERR);
	t_set(&val, "misc.source_port", 2);
	rule = mlx5hws_bwc_rule_create(bm, val.buf, MLX5HWS_FLOW_SOURCE_ANY,
				       &ra, 1);
	ck_assert_ptr_nonnull(rule);
	sim_clear_faults(t_nic("gvmi"));
	ck_assert_int_eq(t_classify("gvmi", tbl, HWS_SIDE_TX, 2, &val).result,
			 HWS_RESULT_DROP);

	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rule), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra.action), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/*
 * A queue the device gave up on, with no CQE (a catastrophic error, or a CQ
 * overrun), fails its operations at once: the device raises an event, and
 * the drain does not wait out its 60 s timeout.  The queue's SQ and CQ are
 * destroyed and created again through DevX, the insert is tried once more
 * on them, and every object is destroyed after.
 */
START_TEST(test_catastrophic_error_recovers)
{
	struct mlx5hws_context_attr attr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.queue_size = 16,
	};
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	struct t_param mask = { 0 }, val = { 0 };
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_bwc_rule *r;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;

	ck_assert_int_eq(setenv("FAKE_RDMA_MODEL", "nic=catas", 1), 0);
	ctx = mlx5hws_context_open(FAKE_RDMA_DEVICE, &attr);
	ck_assert_ptr_nonnull(ctx);
	tbl = mlx5hws_table_create(ctx, &ta);
	ck_assert_ptr_nonnull(tbl);
	ra.action = mlx5hws_action_create_dest_drop(
		ctx, 1u << MLX5HWS_TABLE_TYPE_FDB);
	ck_assert_ptr_nonnull(ra.action);
	t_mask(&mask, "outer.udp_sport");
	bm = mlx5hws_bwc_matcher_create(tbl, 0, t_criteria("outer.udp_sport"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);

	sim_inject_wqe_fault(t_nic("catas"), 1, 0, SIM_WQE_FAULT_CATASTROPHIC);
	t_set(&val, "outer.udp_sport", 53);
	t_log_capture();
	r = mlx5hws_bwc_rule_create(bm, val.buf, MLX5HWS_FLOW_SOURCE_ANY, &ra,
				    1);
	ck_assert_msg(r, "insert: %s\n%s", strerror(errno), t_log_text());
	ck_assert_msg(strstr(t_log_text(), "raised an error on its CQ or SQ"),
		      "log: %s", t_log_text());
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(r), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra.action), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/*
 * A doorbell written in two halves, by two threads on the page their
 * queues share: another holder of the doorbell lock always finds both
 * halves from the same write.
 */
#define SPLIT_WRITES 200000

struct split_page {
	pthread_spinlock_t lock;
	uint32_t reg[2];
};

struct split_writer {
	struct split_page *page;
	uint32_t tag; /* bit 31: which writer */
};

static void *split_write(void *arg)
{
	struct split_writer *w = arg;
	uint32_t i;

	for (i = 0; i < SPLIT_WRITES; i++) {
		uint64_t v = (uint64_t)(w->tag | i) << 32 | (w->tag | i);

		hws_mlx5_mmio_write64_split(&w->page->lock, w->page->reg, v);
	}
	return NULL;
}

START_TEST(test_split_doorbell_is_serialised)
{
	struct split_page page = { .reg = { 0, 0 } };
	struct split_writer w[2] = { { &page, 0 }, { &page, 1u << 31 } };
	unsigned int torn = 0, looks;
	pthread_t t[2];
	int i;

	pthread_spin_init(&page.lock, PTHREAD_PROCESS_PRIVATE);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(
			pthread_create(&t[i], NULL, split_write, &w[i]), 0);
	for (looks = 0; looks < SPLIT_WRITES; looks++) {
		pthread_spin_lock(&page.lock);
		torn += page.reg[0] != page.reg[1];
		pthread_spin_unlock(&page.lock);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_spin_destroy(&page.lock);
	ck_assert_msg(!torn, "%u of %u looks found a torn doorbell", torn,
		      looks);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mlx5_provider");
	TCase *tc = tcase_create("mlx5_provider");

	tcase_add_test(tc, test_status_and_syndrome_from_5_19);
	tcase_add_test(tc, test_errno_only_before_5_19);
	tcase_add_test(tc, test_counter_in_bulk_from_6_4);
	tcase_add_test(tc, test_nc_page_is_shared);
	tcase_add_test(tc, test_adopt_needs_devx);
	tcase_add_test(tc, test_vport_vhca_id_from_port_query);
	tcase_add_test(tc, test_catastrophic_error_recovers);
	tcase_add_test(tc, test_split_doorbell_is_serialised);
	suite_add_tcase(s, tc);
	return t_run(s);
}
