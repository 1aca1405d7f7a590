/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Root tables (level 0) are the kernel's: their matchers and rules go
 * through the seam's verbs operations (mlx5dv_create_flow_matcher,
 * mlx5dv_create_flow), not through RTCs and STEs, as DPDK writes its root
 * matchers.  Rules there are written at once, not on a send queue.
 */
#ifndef HWS_ROOT_H
#define HWS_ROOT_H

#include "action.h"
#include "definer.h"
#include "table.h"

/* A root matcher of the table's type: the template's mask and criteria. */
int hws_root_matcher_create(struct mlx5hws_table *tbl, uint32_t priority,
			    const struct hws_definer *def, uint8_t criteria,
			    struct hws_root_matcher **out);
int hws_root_matcher_destroy(struct mlx5hws_context *ctx,
			     struct hws_root_matcher *m);

/*
 * A root rule: the values (checked against def's mask) and the actions
 * that follow template at.  EOPNOTSUPP, with a message, for an action a
 * root rule cannot take.
 */
int hws_root_rule_create(struct mlx5hws_table *tbl, struct hws_root_matcher *m,
			 const struct hws_definer *def, const uint32_t *value,
			 const struct mlx5hws_action_template *at,
			 const struct mlx5hws_rule_action rule_actions[],
			 struct hws_root_rule **out);
int hws_root_rule_destroy(struct mlx5hws_context *ctx, struct hws_root_rule *r);

#endif /* HWS_ROOT_H */
