/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Actions as STCs: each action takes a slot of its domains' STC ranges
 * (context.c).  A template places its actions in STEs (action_template.c).
 * A rule's actions resolve into an action set (action_set.c): the stc_ix
 * slots of each STE's WQE and the STE words they read.  Rules with the same
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
	struct hws_cmd_stc_attr stc_attr; /* what its STCs hold */
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
		/* header rewrites (action_reformat.c) */
		struct {
			/* a second STC: two pops; L3 encap's L2 removal */
			uint32_t stc2[HWS_DOMAIN_MAX];
			uint32_t stc2_flags; /* the domains that have one */
			struct hws_obj arg;  /* none: an inline header */
			struct hws_pattern *pat; /* L3 decap's list */
			uint8_t *hdr;	     /* shared; NULL: each rule's */
			uint32_t size;	     /* header bytes */
			uint32_t bulk;	     /* rules with their own header */
			uint8_t chunk_log;   /* ARG entries per header, log2 */
			uint32_t dw7;	     /* inline and shared: DW7 */
		} reformat;
		struct {
			/* NULL: one action, inline in its STC */
			struct hws_pattern *pat;
			struct hws_obj arg;
			uint8_t *actions; /* the caller's list, 8 B each */
			uint8_t num;
			uint8_t chunk_log; /* ARG entries per rule, log2 */
			uint32_t bulk; /* rules with their own argument */
			uint64_t nops; /* bit i: a NOP before action i */
		} modify;
	};
};

const char *hws_action_type_name(enum mlx5hws_action_type type);

/*
 * The creators of each action family: hws_action_new() checks the context
 * and flags; the creator fills stc_attr (and what its family owns), then
 * hws_action_finish() programs the STCs in each domain of the flags and
 * counts the action, or frees it and returns NULL with errno.
 */
struct mlx5hws_action *hws_action_new(struct mlx5hws_context *ctx,
				      enum mlx5hws_action_type type,
				      uint32_t flags);
struct mlx5hws_action *hws_action_finish(struct mlx5hws_action *action);

struct hws_action_ste;

/*
 * action_reformat.c: the STE words and slots of a header rewrite; merged:
 * a second pop VLAN that the template merged into the first one's slot.
 */
int hws_action_reformat_resolve(const struct mlx5hws_action *a,
				enum hws_domain domain, bool merged,
				const struct mlx5hws_rule_action *ra,
				struct hws_action_ste *ste);
/* Free what a rewrite action holds besides its STCs. */
void hws_action_reformat_release(struct mlx5hws_action *a);
/* The header a rule writes into the action's ARG, as hws_action_arg(). */
unsigned int hws_action_reformat_arg(const struct mlx5hws_action *a,
				     const struct mlx5hws_rule_action *ra,
				     uint32_t *index, uint8_t *buf);
/*
 * The ARG entries a rule of action a writes ahead of its STEs (0 for
 * none); unless buf is NULL, the absolute index of the first in *index and
 * their bytes in buf (HWS_ARG_MAX_BYTES).
 */
unsigned int hws_action_arg(const struct mlx5hws_action *a,
			    const struct mlx5hws_rule_action *ra,
			    uint32_t *index, uint8_t *buf);
/* Whether hws_action_arg() may write anything for a rule of action a. */
bool hws_action_has_arg(const struct mlx5hws_action *a);
bool hws_action_reformat_has_arg(const struct mlx5hws_action *a);
/* Modify header (action_modify.c): what a rule of the action writes. */
void hws_action_modify_release(struct mlx5hws_action *action);
int hws_action_modify_resolve(const struct mlx5hws_action *a,
			      enum hws_domain domain,
			      const struct mlx5hws_rule_action *ra,
			      struct hws_action_ste *ste);
/*
 * The argument a rule writes before its STEs: its entries (0 for an
 * action without a pattern); unless buf is NULL, the absolute index of the
 * first in *index and their bytes in buf (HWS_ARG_MAX_BYTES).
 */
unsigned int hws_action_modify_arg(const struct mlx5hws_action *a,
				   const struct mlx5hws_rule_action *ra,
				   uint32_t *index, uint8_t *buf);

#define HWS_AT_MAX_ACTIONS 16
/* STEs one rule's actions may take: the match STE and action STEs */
#define HWS_AT_MAX_STES 8
/* Words of an STE a rule may set: DW0 (counter), DW5, DW6, DW7 */
#define HWS_SET_STE_WORDS 4
#define HWS_SET_MAX_WORDS (HWS_AT_MAX_STES * HWS_SET_STE_WORDS)

/* Where one template action executes: an STE of the rule, and its slots. */
struct hws_action_place {
	uint8_t ste;
	uint8_t slots;		/* HWS_SLOT_* */
};

enum hws_action_slot {
	HWS_SLOT_CTR = 1 << 0,	  /* DW0: counter */
	HWS_SLOT_SINGLE = 1 << 1, /* DW5 */
	HWS_SLOT_DOUBLE = 1 << 2, /* DW6 and DW7 */
	HWS_SLOT_HIT = 1 << 3,	  /* DW3-4: where the packet goes */
};

struct mlx5hws_action_template {
	enum mlx5hws_action_type types[HWS_AT_MAX_ACTIONS];
	struct hws_action_place place[HWS_AT_MAX_ACTIONS];
	uint8_t num;
	uint8_t num_stes;	/* with an 8DW match STE */
	bool only_term;		/* one STE holding a counter and a hit only */
	uint32_t users; /* matchers */
};

/*
 * How many STEs a rule of the template writes: its actions' STEs, plus the
 * jumbo match STE, which holds a counter and a hit only, ahead of them
 * unless that is all they need.
 */
uint8_t hws_action_template_num_stes(const struct mlx5hws_action_template *at,
				     bool jumbo);

/* One STE's actions: its WQE's stc_ix slots and the STE words they read. */
struct hws_action_ste {
	uint32_t stc_ix[PRM_STC_IX_MAX];
	uint32_t ctr;		/* DW0 */
	uint32_t dw[3];		/* DW5, DW6, DW7 */
} __attribute__((aligned(8))); /* the set's action pointers follow */

/*
 * A rule's resolved actions, shared by every rule with the same ones: ste[0]
 * executes in the match STE, the others in action STEs.  The actions follow
 * the STEs in the same allocation.  Words that differ from rule to rule (an
 * argument offset, a VLAN header, a counter offset, a tag) are the rule's:
 * rule_words has bit HWS_SET_STE_WORDS * k + w for word w (DW0, DW5, DW6,
 * DW7) of STE k that the rule keeps, in that order, and the set holds 0.
 */
struct hws_action_set {
	struct hws_action_set *next;
	uint32_t users;
	uint32_t hash;
	uint32_t rule_words;
	enum hws_domain domain;
	uint8_t num_stes;
	uint8_t num_actions;
	uint8_t num_words; /* popcount(rule_words), counted once */
	uint16_t arg_actions; /* bit i: actions[i] may write an ARG */
	struct hws_action_ste ste[];
};

static inline struct mlx5hws_action **
hws_action_set_actions(const struct hws_action_set *set)
{
	return (struct mlx5hws_action **)(set->ste + set->num_stes);
}

/*
 * Resolve rule_actions, which follow template at, for a table of the domain
 * and level; takes a reference on the returned set.  The rule's own words
 * go to words, set->num_words of them.
 */
int hws_action_set_get(struct mlx5hws_context *ctx, enum hws_domain domain,
		       uint32_t tbl_level, bool jumbo,
		       const struct mlx5hws_action_template *at,
		       const struct mlx5hws_rule_action rule_actions[],
		       struct hws_action_set **set, uint32_t *words);
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
	uint32_t words[HWS_SET_MAX_WORDS]; /* those of ra */
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
			      struct hws_action_set **set, uint32_t *words);

/* Drop the cached sets that use action, so that it can go. */
void hws_action_cache_evict(struct mlx5hws_context *ctx,
			    const struct mlx5hws_action *action);

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

/*
 * Write the words of the set's STE k, with the rule's words, into an STE;
 * returns the stc_ix slots of its WQE.
 */
const uint32_t *hws_action_set_apply(const struct hws_action_set *set,
				     uint8_t k, const uint32_t *words,
				     uint8_t *ste, bool jumbo);

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
	HWS_DUMP_ACTION_DEST_ARRAY = 4400,
	HWS_DUMP_ACTION_DEST_ARRAY_DEST = 4401,
};

/* Write every destination array of ctx; under ctrl_lock. */
void hws_dest_array_dump(struct mlx5hws_context *ctx, FILE *f);

#endif /* HWS_ACTION_H */
