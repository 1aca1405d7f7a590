// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The value forms of a rule file (numbers, MACs, IPv4 and IPv6 addresses,
 * prefixes), parsed strictly: a word is taken whole or refused with the
 * reason, never read up to the first character that does not fit.
 */
#include <arpa/inet.h>
#include <string.h>

#include "hwsctl.h"

static int values_digit(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

const char *hwsctl_parse_number(const char *s, unsigned int bits,
				unsigned long long *v)
{
	unsigned long long max = bits >= 64 ? ~0ull : (1ull << bits) - 1;
	unsigned int base = 10;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
		s++;
	}
	if (!*s)
		return "not a number";
	for (*v = 0; *s; s++) {
		d = values_digit(*s, base);
		if (d < 0)
			return base == 16 ? "not a hex number" :
			       base == 8  ? "not an octal number" :
					    "not a number";
		if (*v > (max - d) / base)
			return "too large for the field";
		*v = *v * base + d;
	}
	return NULL;
}

/* Six bytes of one or two hex digits, with a colon between each two. */
static const char *values_mac(const char *s, uint8_t *out)
{
	int i, n, d;

	for (i = 0; i < 6; i++) {
		if (i && *s++ != ':')
			return "not a MAC address (six hex bytes with colons)";
		for (n = 0, out[i] = 0; (d = values_digit(*s, 16)) >= 0; s++) {
			if (++n > 2)
				return "a MAC byte has more than two hex digits";
			out[i] = out[i] << 4 | d;
		}
		if (!n)
			return "not a MAC address (six hex bytes with colons)";
	}
	if (*s == ':')
		return "a MAC address has six bytes, not more";
	if (*s)
		return "not a MAC address (six hex bytes with colons)";
	return NULL;
}

const char *hwsctl_parse_value(const struct mlx5hws_match_field *f,
			       const char *s, uint8_t *out, size_t len)
{
	unsigned long long v;
	const char *why;
	size_t i;

	memset(out, 0, len);
	if (f->bit_width == 128) {
		if (inet_pton(AF_INET6, s, out) != 1)
			return "not an IPv6 address";
		return NULL;
	}
	if (f->bit_width == 32 && strchr(s, '.')) {
		if (inet_pton(AF_INET, s, out) != 1)
			return "not an IPv4 address";
		return NULL;
	}
	if (f->bit_width == 48 && strchr(s, ':'))
		return values_mac(s, out);
	if (len > 8)
		return "the field takes no number";
	why = hwsctl_parse_number(s, f->bit_width, &v);
	if (why)
		return why;
	for (i = 0; i < len; i++)
		out[len - 1 - i] = v >> (8 * i);
	return NULL;
}

void hwsctl_prefix_mask(const struct mlx5hws_match_field *f, unsigned int bits,
			uint8_t *out, size_t len)
{
	size_t skip = len * 8 - f->bit_width, b;

	memset(out, 0, len);
	for (b = 0; b < bits; b++)
		out[(skip + b) / 8] |= 0x80 >> ((skip + b) % 8);
}

const char *hwsctl_parse_prefix(const struct mlx5hws_match_field *f,
				const char *s, uint8_t *out, size_t len)
{
	unsigned int bits = 0;

	if (!*s)
		return "no prefix length";
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return "the prefix length is not a decimal number";
		bits = bits * 10 + (*s - '0');
		if (bits > f->bit_width)
			return "the prefix is longer than the field";
	}
	hwsctl_prefix_mask(f, bits, out, len);
	return NULL;
}
