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
	ft->keys = FIVE_TUPLE_SEQUENTIAL;
	ft->seed = 0;
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

/* A bijection of 64 bits (the splitmix64 finaliser): distinct in, out. */
static uint64_t five_tuple_mix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Bits first.. of i, one every 4th bit of a field of width bits. */
static uint32_t five_tuple_spread(unsigned long i, unsigned int first,
				  unsigned int width)
{
	uint32_t v = 0;

	for (unsigned int b = 0; b < width / 4; b++)
		v |= (uint32_t)(i >> (first + b) & 1) << (4 * b);
	return v;
}

void five_tuple_value(const struct five_tuple *ft, void *param, unsigned long i)
{
	uint64_t addrs, ports;

	memset(param, 0, MLX5HWS_MATCH_PARAM_SZ);
	set_field(param, ft->f[FIVE_TUPLE_PROTOCOL], 17);
	set_field(param, ft->f[FIVE_TUPLE_VERSION], 4);
	switch (ft->keys) {
	case FIVE_TUPLE_RANDOM:
		/* the addresses are a bijection of i: distinct */
		addrs = five_tuple_mix(i + ft->seed * 0x9e3779b97f4a7c15ull);
		ports = five_tuple_mix(addrs ^ ft->seed);
		set_field(param, ft->f[FIVE_TUPLE_SRC], addrs >> 32);
		set_field(param, ft->f[FIVE_TUPLE_DST], (uint32_t)addrs);
		set_field(param, ft->f[FIVE_TUPLE_SPORT], ports & 0xffff);
		set_field(param, ft->f[FIVE_TUPLE_DPORT], ports >> 16 & 0xffff);
		return;
	case FIVE_TUPLE_SPARSE:
		set_field(param, ft->f[FIVE_TUPLE_SRC],
			  0x0a000000 | five_tuple_spread(i, 0, 32));
		set_field(param, ft->f[FIVE_TUPLE_DST],
			  0xc0a80000 | five_tuple_spread(i, 8, 32));
		set_field(param, ft->f[FIVE_TUPLE_SPORT],
			  five_tuple_spread(i, 16, 16));
		set_field(param, ft->f[FIVE_TUPLE_DPORT], 4789);
		return;
	case FIVE_TUPLE_SEQUENTIAL:
		break;
	}
	set_field(param, ft->f[FIVE_TUPLE_SRC], 0x0a000000 | (i & 0xffffff));
	set_field(param, ft->f[FIVE_TUPLE_DST],
		  0xc0a80000 | ((i >> 24) & 0xffff));
	set_field(param, ft->f[FIVE_TUPLE_SPORT], 1024 + (i % 7));
	set_field(param, ft->f[FIVE_TUPLE_DPORT], 4789);
}
