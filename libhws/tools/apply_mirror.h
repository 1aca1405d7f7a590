/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/* hwsctl apply: mirror=vportK,uplink,... as a destination array. */
#ifndef HWSCTL_APPLY_MIRROR_H
#define HWSCTL_APPLY_MIRROR_H

#include <stddef.h>
#include <stdint.h>

#include <infiniband/mlx5hws.h>

/* The destination arrays made, one per rule that mirrors. */
struct apply_mirror {
	struct mlx5hws_action **arrays;
	size_t num;
};

/* The shared vport action of a destination (its caller keeps it). */
typedef struct mlx5hws_action *(*apply_mirror_vport_fn)(
	void *arg, enum mlx5hws_table_type type, uint32_t vport);

/*
 * A destination array for the comma-separated list (modified) of a rule in
 * a table of type into *out: 0; 2 for a malformed list and 1 when the
 * library refused, with the message in why.  m keeps it.
 */
int apply_mirror_create(struct apply_mirror *m, struct mlx5hws_context *ctx,
			enum mlx5hws_table_type type, char *list,
			apply_mirror_vport_fn vport, void *arg,
			struct mlx5hws_action **out, char *why, size_t len);

/* Destroy the arrays; the first error, or 0. */
int apply_mirror_close(struct apply_mirror *m);

#endif /* HWSCTL_APPLY_MIRROR_H */
