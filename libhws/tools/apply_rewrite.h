/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * hwsctl apply: the header rewrites of a rule line (push_vlan=, pop_vlan,
 * decap, encap=TUNNEL(...)), one action of each kind per table type.
 */
#ifndef HWSCTL_APPLY_REWRITE_H
#define HWSCTL_APPLY_REWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <infiniband/mlx5hws.h>

#include "apply_modify.h"

#define APPLY_RW_LOG_BULK 16 /* encap headers of one table type */
#define APPLY_RW_HDR_MAX 64

struct apply_rewrite {
	struct mlx5hws_action *push[3], *pop[3], *decap[3];
	/* by header size: UDP tunnels (50 bytes), NVGRE (42) */
	struct mlx5hws_action *encap[2][3];
	uint32_t next_encap[2][3];
	/* the encap header of the rule being created */
	uint8_t hdr[APPLY_RW_HDR_MAX];
};

/*
 * The rewrites of a rule line in template order: decap, pops, the modify
 * terms, pushes, encap.  The rule's data points into it.
 */
struct apply_rewrite_rule {
	struct mlx5hws_rule_action decap, pop[2], push[2], encap, modify;
	uint64_t mods[APPLY_MODIFY_MAX];
	unsigned int npop, npush, nmods;
	bool have_decap, have_encap;
};

/*
 * A rewrite or modify term tok of a rule line into w, in its place
 * (after_ctr_tag: a counter or tag came before it): 0; -1 when tok is
 * neither; 2 for a malformed or misplaced term and 1 when the library
 * refused, with the message in why.
 */
int apply_rewrite_rule_term(struct apply_rewrite *rw,
			    struct mlx5hws_context *ctx,
			    enum mlx5hws_table_type type, const char *tok,
			    struct apply_rewrite_rule *w, bool after_ctr_tag,
			    char *why, size_t len);

/*
 * The rule actions of w into ra in template order, *num of them, the
 * modify-header action made from its terms: 0, or 1 or 2 with why.
 */
int apply_rewrite_rule_actions(struct apply_modify *m,
			       struct mlx5hws_context *ctx,
			       enum mlx5hws_table_type type,
			       struct apply_rewrite_rule *w,
			       struct mlx5hws_rule_action *ra,
			       unsigned int *num, char *why, size_t len);

/* Destroy the actions; the first error, or 0. */
int apply_rewrite_close(struct apply_rewrite *rw);

#endif /* HWSCTL_APPLY_REWRITE_H */
