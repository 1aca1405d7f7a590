/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * hwsctl apply: the header rewrites of a rule line (push_vlan=, pop_vlan,
 * decap, encap=TUNNEL(...)), one action of each kind per table type.
 */
#ifndef HWSCTL_APPLY_REWRITE_H
#define HWSCTL_APPLY_REWRITE_H

#include <stddef.h>
#include <stdint.h>

#include <infiniband/mlx5hws.h>

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
 * The rewrite term tok of a rule in a table of type into *ra, its kind in
 * *kind: 0; -1 when tok is no rewrite term; 2 for a malformed term and 1
 * when the library refused, with the message in why.
 */
int apply_rewrite_term(struct apply_rewrite *rw, struct mlx5hws_context *ctx,
		       enum mlx5hws_table_type type, const char *tok,
		       struct mlx5hws_rule_action *ra,
		       enum mlx5hws_action_type *kind, char *why, size_t len);

/* Destroy the actions; the first error, or 0. */
int apply_rewrite_close(struct apply_rewrite *rw);

#endif /* HWSCTL_APPLY_REWRITE_H */
