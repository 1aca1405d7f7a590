// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Match fields and definers: mlx5hws_match_param_set() with buffers of the
 * documented size, selector choice and the definer bytes.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static bool test_def_bit(const uint8_t *p, size_t bit)
{
	return p[bit / 8] & (0x80 >> (bit % 8));
}

/*
 * Write every field, mask and value alike, from a heap buffer of exactly
 * (bit_width + 7) / 8 bytes, at an aligned and an odd address, into an
 * fte_match_param at an odd address too: ASan sees a 1-byte over-read.
 */
static void test_def_set_exact(const struct mlx5hws_match_field *f, bool odd)
{
	size_t len = (f->bit_width + 7) / 8, skip = len * 8 - f->bit_width, b;
	uint8_t *vbuf = malloc(len + odd), *pbuf;
	uint8_t *value = vbuf + odd, *param;

	ck_assert_ptr_nonnull(vbuf);
	pbuf = malloc(MLX5HWS_MATCH_PARAM_SZ + odd);
	ck_assert_ptr_nonnull(pbuf);
	param = pbuf + odd;
	/* an alternating pattern, so that a shifted copy shows */
	for (b = 0; b < len; b++)
		value[b] = 0xa5 ^ (uint8_t)b;
	value[0] &= 0xff >> skip;
	memset(param, 0, MLX5HWS_MATCH_PARAM_SZ);

	ck_assert_int_eq(mlx5hws_match_param_set(param, f, value, len), 0);
	for (b = 0; b < MLX5HWS_MATCH_PARAM_SZ * 8u; b++) {
		bool in = b >= f->bit_offset &&
			  b < f->bit_offset + f->bit_width;
		bool want = in && test_def_bit(value, skip + b - f->bit_offset);

		t_check(test_def_bit(param, b) == want,
			"%s (%s): param bit 0x%zx is %d", f->name,
			odd ? "odd" : "aligned", b, !want);
	}
	free(pbuf);
	free(vbuf);
}

START_TEST(test_match_param_set_exact_size)
{
	const struct mlx5hws_match_field *fields;
	size_t n, i;
	unsigned int widths = 0;

	fields = mlx5hws_match_fields(&n);
	ck_assert_uint_gt(n, 0);
	for (i = 0; i < n; i++) {
		test_def_set_exact(&fields[i], false);
		test_def_set_exact(&fields[i], true);
		widths |= 1u << ((fields[i].bit_width + 7) / 8 % 32);
	}
	/* the table has 1-, 2-, 3-, 4-, 6- and 16-byte fields */
	ck_assert_uint_eq(widths, 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 |
					  1u << 6 | 1u << 16);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("definer");
	TCase *tc = tcase_create("match_param_set");

	tcase_add_test(tc, test_match_param_set_exact_size);
	suite_add_tcase(s, tc);
	return t_run(s);
}
