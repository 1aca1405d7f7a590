// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The steering objects the WQE seeds are recorded against and the WQE
 * fuzzer writes into: the same calls give the model the same object ids.
 */
#include <errno.h>

#include "fuzz.h"

static void setup_field(uint32_t *param, const char *name, uint64_t v,
			bool mask)
{
	const struct mlx5hws_match_field *f = mlx5hws_match_field_find(name);
	uint8_t bytes[8];
	size_t len = (f->bit_width + 7) / 8, i;

	if (mask)
		v = f->bit_width < 64 ? (1ull << f->bit_width) - 1 : ~0ull;
	for (i = 0; i < len; i++)
		bytes[len - 1 - i] = v >> (8 * i);
	mlx5hws_match_param_set(param, f, bytes, len);
}

int fuzz_steering_open(struct fuzz_steering *s, const char *device)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
	};
	struct mlx5hws_table_attr tattr = {
		.type = MLX5HWS_TABLE_TYPE_FDB,
		.level = 1,
	};
	uint32_t mask[MLX5HWS_MATCH_PARAM_SZ / 4] = { 0 };
	const struct mlx5hws_match_field *f;

	memset(s, 0, sizeof(*s));
	s->ctx = mlx5hws_context_open(device, &cattr);
	if (!s->ctx)
		return errno;
	s->tbl = mlx5hws_table_create(s->ctx, &tattr);
	if (!s->tbl)
		goto fail;
	setup_field(mask, "outer.ip_version", 0, true);
	setup_field(mask, "outer.ip_protocol", 0, true);
	setup_field(mask, "outer.ipv4_src", 0, true);
	setup_field(mask, "outer.ipv4_dst", 0, true);
	setup_field(mask, "outer.udp_sport", 0, true);
	setup_field(mask, "outer.udp_dport", 0, true);
	f = mlx5hws_match_field_find("outer.ip_protocol");
	s->bm = mlx5hws_bwc_matcher_create(s->tbl, 0, f->criteria, mask);
	if (!s->bm)
		goto fail;
	s->drop = mlx5hws_action_create_dest_drop(s->ctx,
						  1u << MLX5HWS_TABLE_TYPE_FDB);
	if (!s->drop)
		goto fail;
	return 0;
fail:
	fuzz_steering_close(s);
	return EIO;
}

void fuzz_steering_value(uint32_t *value, unsigned int n)
{
	memset(value, 0, MLX5HWS_MATCH_PARAM_SZ);
	setup_field(value, "outer.ip_version", 4, false);
	setup_field(value, "outer.ip_protocol", 17, false);
	setup_field(value, "outer.ipv4_src", 0x0a000001, false);
	setup_field(value, "outer.ipv4_dst", 0x0a000100 + n, false);
	setup_field(value, "outer.udp_sport", 1000 + n, false);
	setup_field(value, "outer.udp_dport", 53, false);
}

void fuzz_steering_close(struct fuzz_steering *s)
{
	if (s->drop)
		mlx5hws_action_destroy(s->drop);
	if (s->bm)
		mlx5hws_bwc_matcher_destroy(s->bm);
	if (s->tbl)
		mlx5hws_table_destroy(s->tbl);
	if (s->ctx)
		mlx5hws_context_close(s->ctx);
	memset(s, 0, sizeof(*s));
}
