// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * libFuzzer: mlx5hws_match_param_set() and the definer, through the public
 * API.  An input picks fields, with a mask and a value for each, in buffers
 * of exactly the field's documented size; the mask becomes a match
 * template and a BWC matcher (the definer and the device's checks), and
 * the value a rule in it.
 *   byte 0   bit 0: take byte 1 as match_criteria_enable instead of the
 *            fields' own; bits 1-3: the matcher's priority
 *   then per field: its index in mlx5hws_match_fields(), its mask bytes,
 *   its value bytes
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define MATCH_MAX_FIELDS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* One context and table for all inputs: opening one per input is slow. */
static struct mlx5hws_context *match_ctx;
static struct mlx5hws_table *match_tbl;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
	};
	struct mlx5hws_table_attr tattr = {
		.type = MLX5HWS_TABLE_TYPE_FDB,
		.level = 1,
	};

	match_ctx = mlx5hws_context_open("sim:nic=fuzz_match", &cattr);
	if (!match_ctx)
		abort();
	match_tbl = mlx5hws_table_create(match_ctx, &tattr);
	if (!match_tbl)
		abort();
	return 0;
}

/* Set a field from len bytes of data, in a buffer of exactly len bytes. */
static void match_set(uint32_t *param, const struct mlx5hws_match_field *f,
		      const uint8_t *data, size_t len)
{
	uint8_t *bytes = malloc(len);

	if (!bytes)
		return;
	memcpy(bytes, data, len);
	mlx5hws_match_param_set(param, f, bytes, len);
	free(bytes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t *mask = calloc(1, MLX5HWS_MATCH_PARAM_SZ);
	uint32_t *value = calloc(1, MLX5HWS_MATCH_PARAM_SZ);
	const struct mlx5hws_match_field *fields, *f;
	struct mlx5hws_match_template *mt;
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_bwc_rule *rule;
	uint8_t criteria = 0, flags, raw_criteria;
	size_t count, len, i;

	if (!mask || !value || size < 2)
		goto out;
	fields = mlx5hws_match_fields(&count);
	flags = data[0];
	raw_criteria = data[1];
	data += 2;
	size -= 2;
	for (i = 0; i < MATCH_MAX_FIELDS && size; i++) {
		f = &fields[data[0] % count];
		len = (f->bit_width + 7) / 8;
		data++;
		size--;
		if (size < 2 * len)
			break;
		match_set(mask, f, data, len);
		match_set(value, f, data + len, len);
		criteria |= f->criteria;
		data += 2 * len;
		size -= 2 * len;
	}
	if (flags & 1)
		criteria = raw_criteria;
	mt = mlx5hws_match_template_create(match_ctx, mask,
					   MLX5HWS_MATCH_PARAM_SZ, criteria);
	if (mt)
		mlx5hws_match_template_destroy(mt);
	bm = mlx5hws_bwc_matcher_create(match_tbl, flags >> 1 & 7, criteria,
					mask);
	if (!bm)
		goto out;
	rule = mlx5hws_bwc_rule_create(bm, value, MLX5HWS_FLOW_SOURCE_ANY, NULL,
				       0);
	if (rule && mlx5hws_bwc_rule_destroy(rule))
		abort();
	if (mlx5hws_bwc_matcher_destroy(bm))
		abort();
out:
	free(mask);
	free(value);
	return 0;
}
