// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* hwsctl apply: modify-header terms and the actions they share. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apply_modify.h"
#include "hwsctl.h"
#include "libhws/pat_arg.h"

/* Rules of one pattern and table type with their own argument: 2^16. */
#define APPLY_MODIFY_LOG_BULK 16

struct apply_modify_key {
	enum mlx5hws_table_type type;
	unsigned int num;
	uint64_t pattern[APPLY_MODIFY_MAX]; /* the terms, values zeroed */
	struct mlx5hws_action *action;
	uint32_t next;
};

static uint64_t apply_modify_encode(uint32_t type, uint16_t field,
				    unsigned int width, uint32_t data)
{
	uint64_t a = 0;

	DEVX_SET(set_action_in, &a, action_type, type);
	DEVX_SET(set_action_in, &a, field, field);
	DEVX_SET(set_action_in, &a, length, width & 31);
	DEVX_SET(set_action_in, &a, data, data);
	return a;
}

bool apply_modify_is_term(const char *tok)
{
	return !strncmp(tok, "set=", 4) || !strncmp(tok, "add=", 4) ||
	       !strncmp(tok, "copy=", 5);
}

/* A value for a field of width bits: a number, an IPv4 address, or -N. */
static const char *apply_modify_value(const char *s, unsigned int width,
				      bool add, uint32_t *v)
{
	unsigned long long n;
	struct in_addr ip;
	const char *why;

	if (width == 32 && strchr(s, '.')) {
		if (inet_pton(AF_INET, s, &ip) != 1)
			return "not an IPv4 address";
		*v = ntohl(ip.s_addr);
		return NULL;
	}
	if (add && *s == '-') {
		why = hwsctl_parse_number(s + 1, width, &n);
		if (why)
			return why;
		/* two's complement in the field's width */
		*v = (uint32_t)(-n) & (uint32_t)((1ull << width) - 1);
		return NULL;
	}
	why = hwsctl_parse_number(s, width, &n);
	*v = n;
	return why;
}

const char *apply_modify_term(const char *tok, uint64_t *act)
{
	bool copy = tok[0] == 'c', add = tok[0] == 'a';
	const struct hws_pat_field *f, *src;
	char name[64];
	const char *colon, *why;
	uint32_t v;

	tok = strchr(tok, '=') + 1;
	colon = strchr(tok, ':');
	if (!colon || (size_t)(colon - tok) >= sizeof(name))
		return copy ? "copy=DST:SRC expected" : "FIELD:VALUE expected";
	memcpy(name, tok, colon - tok);
	name[colon - tok] = '\0';
	f = hws_pat_field_by_name(name);
	if (!f)
		return "not a field the device rewrites";
	if (copy) {
		src = hws_pat_field_by_name(colon + 1);
		if (!src)
			return "the source is not a field the device rewrites";
		if (src->width != f->width)
			return "the two fields differ in width";
		*act = 0;
		DEVX_SET(copy_action_in, act, action_type,
			 MLX5_MODIFICATION_TYPE_COPY);
		DEVX_SET(copy_action_in, act, src_field, src->id);
		DEVX_SET(copy_action_in, act, dst_field, f->id);
		DEVX_SET(copy_action_in, act, length, f->width & 31);
		return NULL;
	}
	why = apply_modify_value(colon + 1, f->width, add, &v);
	if (why)
		return why;
	*act = apply_modify_encode(add ? MLX5_MODIFICATION_TYPE_ADD :
					 MLX5_MODIFICATION_TYPE_SET,
				   f->id, f->width, v);
	return NULL;
}

int apply_modify_action(struct apply_modify *m, struct mlx5hws_context *ctx,
			enum mlx5hws_table_type type, const uint64_t *acts,
			unsigned int num, struct mlx5hws_rule_action *ra,
			const char **why)
{
	struct mlx5hws_action_modify_header_attr attr = {
		.log_bulk_size = APPLY_MODIFY_LOG_BULK,
		.num_actions = num,
		.actions = acts,
	};
	uint64_t pattern[APPLY_MODIFY_MAX] = { 0 };
	struct apply_modify_key *k = NULL;
	unsigned int i;
	size_t j;

	for (i = 0; i < num; i++) {
		pattern[i] = acts[i];
		if (DEVX_GET(set_action_in, &pattern[i], action_type) !=
		    MLX5_MODIFICATION_TYPE_COPY)
			DEVX_SET(set_action_in, &pattern[i], data, 0);
	}
	for (j = 0; j < m->nkeys; j++)
		if (m->keys[j].type == type && m->keys[j].num == num &&
		    !memcmp(m->keys[j].pattern, pattern, sizeof(pattern)))
			k = &m->keys[j];
	if (!k) {
		m->keys = hwsctl_grow(m->keys, m->nkeys, sizeof(*m->keys));
		k = &m->keys[m->nkeys];
		memset(k, 0, sizeof(*k));
		k->type = type;
		k->num = num;
		memcpy(k->pattern, pattern, sizeof(pattern));
		k->action = mlx5hws_action_create_modify_header(ctx, &attr,
								1u << type);
		if (!k->action)
			return errno;
		m->nkeys++;
	}
	if (num > 1 && k->next >= 1u << APPLY_MODIFY_LOG_BULK) {
		*why = "more rules with this modify header than its bulk holds";
		return E2BIG;
	}
	memset(ra, 0, sizeof(*ra));
	ra->action = k->action;
	ra->modify_header.offset = num > 1 ? k->next++ : 0;
	ra->modify_header.data = (const uint8_t *)acts;
	return 0;
}

int apply_modify_release(struct apply_modify *m)
{
	int err = 0, e;
	size_t j;

	for (j = 0; j < m->nkeys; j++) {
		e = mlx5hws_action_destroy(m->keys[j].action);
		if (!err)
			err = e;
	}
	free(m->keys);
	m->keys = NULL;
	m->nkeys = 0;
	return err;
}
