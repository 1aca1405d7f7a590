/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * hwsctl apply: the modify-header terms of a rule's actions,
 * set=FIELD:VALUE, add=FIELD:VALUE and copy=DST:SRC, and the actions they
 * make: one per pattern and table type, each rule with its own argument.
 */
#ifndef HWSCTL_APPLY_MODIFY_H
#define HWSCTL_APPLY_MODIFY_H

#include <stdbool.h>
#include <stdint.h>

#include <infiniband/mlx5hws.h>

/* The modify actions a rule line may carry: the library's limit. */
#define APPLY_MODIFY_MAX 32

struct apply_modify_key;

struct apply_modify {
	struct apply_modify_key *keys;
	size_t nkeys;
};

/*
 * Whether tok is a modify term; if so, parse it into the 8-byte PRM
 * action *act: NULL, or why it is malformed.
 */
bool apply_modify_is_term(const char *tok);
const char *apply_modify_term(const char *tok, uint64_t *act);

/*
 * The rule action of num parsed terms in a table of type: the action of
 * their pattern (created on first use), the next argument offset, the
 * terms as the rule's data (which must outlive the rule's creation).
 * 0, or an errno from the library, or E2BIG with why (the bulk is full).
 */
int apply_modify_action(struct apply_modify *m, struct mlx5hws_context *ctx,
			enum mlx5hws_table_type type, const uint64_t *acts,
			unsigned int num, struct mlx5hws_rule_action *ra,
			const char **why);
/* Destroy every action; the first error. */
int apply_modify_release(struct apply_modify *m);

#endif /* HWSCTL_APPLY_MODIFY_H */
