/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Actions as STCs: each action takes a slot of its domains' STC ranges
 * (context.c).  A rule's actions resolve into an action set: the stc_ix
 * slots of its WQE and the STE words they read.  Rules with the same
 * actions share one action set.
 */
#ifndef HWS_ACTION_H
#define HWS_ACTION_H

#include <stdio.h>

#include "context.h"

struct hws_dest_array;

struct mlx5hws_action {
	struct mlx5hws_context *ctx;
	enum mlx5hws_action_type type;
	uint32_t flags;		/* MLX5HWS_ACTION_FLAG_*: the domains */
	uint32_t users;		/* action sets that name it */
	uint32_t stc[HWS_DOMAIN_MAX];
	union {
		struct mlx5hws_table *tbl;
		uint16_t vport;
		uint32_t tirn;
		struct {
			struct hws_obj obj;
			uint32_t size;
		} counter;
		struct hws_dest_array *dest_array;
	};
};

#define HWS_AT_MAX_ACTIONS 3

struct mlx5hws_action_template {
	enum mlx5hws_action_type types[HWS_AT_MAX_ACTIONS];
	uint8_t num;
	uint32_t users; /* matchers */
};

/* A rule's resolved actions, shared by every rule with the same ones. */
struct hws_action_set {
	struct hws_action_set *next;
	uint32_t users;
	uint32_t hash;
	enum hws_domain domain;
	uint32_t stc_ix[PRM_STC_IX_MAX];
	uint32_t ctr_offset;	/* STE DW0 */
	uint32_t tag;		/* STE DW5 */
	struct mlx5hws_action *actions[HWS_AT_MAX_ACTIONS];
};

/* Does a template fit a jumbo STE (counter and hit only)? */
bool hws_action_template_fits_jumbo(const struct mlx5hws_action_template *at);

/*
 * Resolve rule_actions, which follow template at, for a table of the domain
 * and level; takes a reference on the returned set.
 */
int hws_action_set_get(struct mlx5hws_context *ctx, enum hws_domain domain,
		       uint32_t tbl_level, bool jumbo,
		       const struct mlx5hws_action_template *at,
		       const struct mlx5hws_rule_action rule_actions[],
		       struct hws_action_set **set);
void hws_action_set_put(struct mlx5hws_context *ctx,
			struct hws_action_set *set);

/*
 * The set a matcher's action template resolved last, kept with a reference
 * so that a rule with the same actions takes it without resolving, hashing
 * and the context's lock.  Destroying an action evicts the sets that use it.
 */
struct hws_action_cache {
	pthread_spinlock_t lock;
	struct hws_list node; /* in the context's, action_set_lock */
	struct hws_action_set *set;
	struct mlx5hws_rule_action ra[HWS_AT_MAX_ACTIONS];
};

void hws_action_cache_init(struct mlx5hws_context *ctx,
			   struct hws_action_cache *cache);
void hws_action_cache_fini(struct mlx5hws_context *ctx,
			   struct hws_action_cache *cache);
/* hws_action_set_get() through cache. */
int hws_action_set_get_cached(struct mlx5hws_context *ctx,
			      struct hws_action_cache *cache,
			      enum hws_domain domain, uint32_t tbl_level,
			      bool jumbo,
			      const struct mlx5hws_action_template *at,
			      const struct mlx5hws_rule_action rule_actions[],
			      struct hws_action_set **set);

/*
 * A reference whose end nobody can tell: the device may still use the set
 * (a rule some of whose STEs an update changed and some not).  It is parked
 * on an owner's list and released with the owner.
 */
struct hws_action_set_ref {
	struct hws_action_set_ref *next;
	struct hws_action_set *set;
};

void hws_action_set_park(struct mlx5hws_context *ctx,
			 struct hws_action_set_ref **list,
			 struct hws_action_set *set);
void hws_action_set_release_parked(struct mlx5hws_context *ctx,
				   struct hws_action_set_ref **list);

/* Write the set's action words into an STE image. */
void hws_action_set_apply(const struct hws_action_set *set, uint8_t *ste,
			  bool jumbo);

/*
 * action_dest_array.c: the forward island of a destination array.  Create
 * it for a table type (flags) from attr, judged as the API documents;
 * destroy it after the action's STCs are gone.
 */
int hws_dest_array_create(struct mlx5hws_context *ctx,
			  const struct mlx5hws_action_dest_array_attr *attr,
			  uint32_t flags, struct hws_dest_array **da);
void hws_dest_array_destroy(struct mlx5hws_context *ctx,
			    struct hws_dest_array *da);
/* The island's flow table, where the action's STC jumps. */
uint32_t hws_dest_array_ft_id(const struct hws_dest_array *da);

/* Debug dump records of the destination arrays (libhws's own ids). */
enum {
	HWS_DUMP_ACTION_DEST_ARRAY = 4300,
	HWS_DUMP_ACTION_DEST_ARRAY_DEST = 4301,
};

/* Write every destination array of ctx; under ctrl_lock. */
void hws_dest_array_dump(struct mlx5hws_context *ctx, FILE *f);

#endif /* HWS_ACTION_H */
