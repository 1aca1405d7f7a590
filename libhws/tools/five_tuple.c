// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <string.h>

#include "five_tuple.h"

void five_tuple_init(struct five_tuple *ft)
{
	static const char *const names[FIVE_TUPLE_FIELDS] = {
		[FIVE_TUPLE_PROTOCOL] = "outer.ip_protocol",
		[FIVE_TUPLE_SRC] = "outer.ipv4_src",
		[FIVE_TUPLE_DST] = "outer.ipv4_dst",
		[FIVE_TUPLE_SPORT] = "outer.udp_sport",
		[FIVE_TUPLE_DPORT] = "outer.udp_dport",
		[FIVE_TUPLE_VERSION] = "outer.ip_version",
	};

	for (int i = 0; i < FIVE_TUPLE_FIELDS; i++)
		ft->f[i] = mlx5hws_match_field_find(names[i]);
}

uint8_t five_tuple_criteria(const struct five_tuple *ft)
{
	uint8_t criteria = 0;

	for (int i = 0; i < FIVE_TUPLE_FIELDS; i++)
		criteria |= ft->f[i]->criteria;
	return criteria;
}

static void set_field(void *param, const struct mlx5hws_match_field *f,
		      uint64_t v)
{
	size_t len = (f->bit_width + 7) / 8;
	uint8_t bytes[8];

	for (size_t i = 0; i < len; i++)
		bytes[len - 1 - i] = v >> (8 * i);
	mlx5hws_match_param_set(param, f, bytes, len);
}

void five_tuple_mask(const struct five_tuple *ft, void *mask)
{
	for (int i = 0; i < FIVE_TUPLE_FIELDS; i++)
		set_field(mask, ft->f[i], (1ull << ft->f[i]->bit_width) - 1);
}

void five_tuple_value(const struct five_tuple *ft, void *param,
		      unsigned long i)
{
	memset(param, 0, MLX5HWS_MATCH_PARAM_SZ);
	set_field(param, ft->f[FIVE_TUPLE_PROTOCOL], 17);
	set_field(param, ft->f[FIVE_TUPLE_SRC], 0x0a000000 | (i & 0xffffff));
	set_field(param, ft->f[FIVE_TUPLE_DST],
		  0xc0a80000 | ((i >> 24) & 0xffff));
	set_field(param, ft->f[FIVE_TUPLE_SPORT], 1024 + (i % 7));
	set_field(param, ft->f[FIVE_TUPLE_DPORT], 4789);
	set_field(param, ft->f[FIVE_TUPLE_VERSION], 4);
}
