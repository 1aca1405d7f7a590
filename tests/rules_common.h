/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The rules suites' table: one of a type on the model NIC NIC, with a drop,
 * a counter and, in the FDB, a vport and a tag; matchers and rules on it.
 */
#ifndef HWS_TEST_RULES_COMMON_H
#define HWS_TEST_RULES_COMMON_H

#include <stdint.h>

#include "helpers.h"

#define NIC "rules"

struct env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *drop, *vport, *ctr, *tag;
	struct mlx5hws_action_template *at_drop, *at_full;
};

/*
 * keys: more of the model's profile keys, comma separated, or ""; the
 * context has one queue of queue_size.
 */
void env_open(struct env *e, const char *keys, uint16_t queue_size,
	      enum mlx5hws_table_type type);

/* Destroy what env_open() made; the NIC must then be gone. */
void env_close(struct env *e);

/* A matcher of one template on mask and criteria, of 2^num_log rules. */
struct mlx5hws_matcher *make_matcher(struct env *e, struct mlx5hws_table *tbl,
				     struct mlx5hws_match_template **mt,
				     const struct t_param *mask,
				     uint8_t criteria,
				     struct mlx5hws_action_template *at,
				     uint32_t priority, uint8_t num_log);

/* Create a rule and complete it; either must succeed. */
struct mlx5hws_rule *add_rule(struct env *e, struct mlx5hws_matcher *m,
			      const struct t_param *v,
			      const struct mlx5hws_rule_action *ra,
			      uint32_t flow_source);

/* Destroy a rule and complete it; either must succeed. */
void del_rule(struct env *e, struct mlx5hws_rule *r);

#endif /* HWS_TEST_RULES_COMMON_H */
