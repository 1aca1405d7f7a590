// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "helpers.h"

static char log_buf[8192];

static void capture(enum mlx5hws_log_level level, const char *msg, void *arg)
{
	size_t len = strlen(log_buf);

	snprintf(log_buf + len, sizeof(log_buf) - len, "%s\n", msg);
}

void t_log_capture(void)
{
	log_buf[0] = '\0';
	mlx5hws_set_log_fn(capture, NULL);
}

const char *t_log_text(void)
{
	return log_buf;
}

struct hws_dev *t_dev_open(const char *spec)
{
	char why[256] = "";
	struct hws_dev *dev = hws_dev_open(spec, why, sizeof(why));

	ck_assert_msg(dev, "open %s: %s", spec, why);
	return dev;
}

struct mlx5hws_context *t_ctx_open(const char *spec,
				   const struct mlx5hws_context_attr *attr)
{
	const char *device = getenv("HWS_TEST_DEVICE");

	if (!device || strncmp(spec, "sim:", 4))
		return mlx5hws_context_open(spec, attr);
	ck_assert_int_eq(setenv("FAKE_RDMA_MODEL", spec + 4, 1), 0);
	return mlx5hws_context_open(device, attr);
}

void t_bwc_env_open(struct t_bwc_env *e, const char *nic, const char *keys,
		    enum mlx5hws_table_type type, uint16_t bwc_queues)
{
	struct mlx5hws_context_attr attr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.queue_size = 64,
		.bwc_queues = bwc_queues,
	};
	struct mlx5hws_table_attr ta = { .type = type, .level = 1 };
	char spec[256];

	memset(e, 0, sizeof(*e));
	snprintf(e->nic, sizeof(e->nic), "%s", nic);
	snprintf(spec, sizeof(spec), "sim:nic=%s%s%s", nic, *keys ? "," : "",
		 keys);
	e->type = type;
	e->ctx = t_ctx_open(spec, &attr);
	ck_assert_ptr_nonnull(e->ctx);
	e->tbl = mlx5hws_table_create(e->ctx, &ta);
	ck_assert_ptr_nonnull(e->tbl);
	e->drop = mlx5hws_action_create_dest_drop(e->ctx, 1u << type);
	ck_assert_ptr_nonnull(e->drop);
}

void t_bwc_env_matcher(struct t_bwc_env *e,
		       enum mlx5hws_bwc_size_policy policy)
{
	struct t_param mask = { 0 };

	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.udp_dport");
	t_mask(&mask, "outer.ip_version");
	e->bm = mlx5hws_bwc_matcher_create_attr(
		e->tbl,
		&(struct mlx5hws_bwc_matcher_attr){
			.comp_mask = MLX5HWS_BWC_MATCHER_ATTR_SIZE_POLICY,
			.match_criteria_enable = t_criteria("outer.ipv4_dst"),
			.mask = mask.buf,
			.size_policy = policy,
		});
	ck_assert_ptr_nonnull(e->bm);
}

void t_bwc_env_close(struct t_bwc_env *e)
{
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(e->bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(e->drop), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(e->tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(e->ctx), 0);
	ck_assert_ptr_null(sim_nic_find(e->nic));
}

struct sim_nic *t_nic(const char *name)
{
	struct sim_nic *nic = sim_nic_find(name);

	t_check(nic, "no model NIC named %s", name);
	return nic;
}

struct sim_stats t_stats(const char *nic)
{
	struct sim_stats s;

	sim_nic_stats(t_nic(nic), &s);
	return s;
}

uint32_t t_objects(const char *nic)
{
	struct sim_stats s = t_stats(nic);
	uint32_t n = 0;
	int k;

	for (k = 0; k < SIM_OBJ_KIND_MAX; k++)
		n += s.objects[k];
	return n;
}

int t_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static const struct mlx5hws_match_field *field(const char *name)
{
	const struct mlx5hws_match_field *f = mlx5hws_match_field_find(name);

	t_check(f, "no match field %s", name);
	return f;
}

uint8_t t_criteria(const char *name)
{
	return field(name)->criteria;
}

const char *t_tunnel_type(const char *name, uint32_t *value)
{
	static const struct {
		const char *prefix;
		const char *type;
		uint32_t value;
	} types[] = {
		{ "misc.vxlan_vni", "outer.udp_dport", 4789 },
		{ "misc.geneve_", "outer.udp_dport", 6081 },
		{ "misc3.geneve_tlv_", "outer.udp_dport", 6081 },
		{ "misc3.vxlan_gpe_", "outer.udp_dport", 4790 },
		{ "misc3.gtpu_", "outer.udp_dport", 2152 },
		{ "misc.bth_", "outer.udp_dport", 4791 },
		{ "misc2.mpls_over_udp_", "outer.udp_dport", 6635 },
		{ "misc.gre_", "outer.ip_protocol", 47 },
		{ "misc2.mpls_over_gre_", "outer.ip_protocol", 47 },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strncmp(name, types[i].prefix, strlen(types[i].prefix)))
			continue;
		*value = types[i].value;
		return types[i].type;
	}
	return NULL;
}

void t_set_bytes(struct t_param *p, const char *name, const uint8_t *v,
		 size_t len)
{
	t_check(!mlx5hws_match_param_set(p->buf, field(name), v, len),
		"setting %s failed", name);
}

void t_set(struct t_param *p, const char *name, uint64_t value)
{
	const struct mlx5hws_match_field *f = field(name);
	size_t len = (f->bit_width + 7) / 8, i;
	uint8_t v[16] = { 0 };

	t_check(len <= 8, "%s is wider than 64 bits", name);
	for (i = 0; i < len; i++)
		v[len - 1 - i] = value >> (8 * i);
	t_set_bytes(p, name, v, len);
}

void t_mask_prefix(struct t_param *p, const char *name, unsigned int bits)
{
	const struct mlx5hws_match_field *f = field(name);
	size_t len = (f->bit_width + 7) / 8, skip = len * 8 - f->bit_width, b;
	uint8_t v[16] = { 0 };

	for (b = 0; b < bits; b++)
		v[(skip + b) / 8] |= 0x80 >> ((skip + b) % 8);
	t_set_bytes(p, name, v, len);
}

void t_mask(struct t_param *p, const char *name)
{
	t_mask_prefix(p, name, field(name)->bit_width);
}

unsigned int t_drain(struct mlx5hws_context *ctx, uint16_t queue)
{
	struct mlx5hws_flow_op_result res[64];
	unsigned int errors = 0;
	uint32_t n, i;

	t_check(!mlx5hws_send_queue_action(ctx, queue,
					   MLX5HWS_SEND_QUEUE_ACTION_DRAIN_SYNC),
		"drain failed");
	do {
		t_check(!mlx5hws_send_queue_poll(ctx, queue, res, 64, &n),
			"poll failed");
		for (i = 0; i < n; i++)
			errors += res[i].status != MLX5HWS_FLOW_OP_SUCCESS;
	} while (n);
	return errors;
}

struct hws_verdict t_classify(const char *nic, struct mlx5hws_table *tbl,
			      enum hws_side side, uint16_t vport,
			      const struct t_param *p)
{
	struct hws_packet pkt = { .side = side, .vport = vport, .bytes = 100 };
	struct hws_verdict v;

	memcpy(pkt.match, p->buf, sizeof(pkt.match));
	t_check(!sim_classify(t_nic(nic), mlx5hws_table_get_id(tbl), &pkt, &v),
		"classify failed");
	return v;
}

struct hws_verdict t_inject(const char *nic, enum hws_side side,
			    uint16_t vport, const struct t_param *p)
{
	struct hws_packet pkt = { .side = side, .vport = vport, .bytes = 100 };
	struct hws_verdict v;

	memcpy(pkt.match, p->buf, sizeof(pkt.match));
	t_check(!sim_root_inject(t_nic(nic), &pkt, &v), "inject failed");
	return v;
}

int t_command(char *out, size_t size, const char *cmd)
{
	char full[4096];
	size_t len = 0, got;
	FILE *p;
	int status;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	p = popen(full, "r");
	ck_assert_ptr_nonnull(p);
	while ((got = fread(out + len, 1, size - 1 - len, p)) > 0)
		len += got;
	out[len] = '\0';
	status = pclose(p);
	ck_assert_msg(WIFEXITED(status), "%s: killed", cmd);
	return WEXITSTATUS(status);
}

void t_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}
