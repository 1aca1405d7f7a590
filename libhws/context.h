/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/* The context: one device, its capabilities, PD, queues and STC ranges. */
#ifndef HWS_CONTEXT_H
#define HWS_CONTEXT_H

#include <pthread.h>

#include "cmd.h"
#include "pat_arg.h"
#include "pool.h"
#include "send.h"
#include "util.h"

/* Steering domains: the table types, and which directions each has. */
enum hws_domain {
	HWS_DOMAIN_NIC_RX,
	HWS_DOMAIN_NIC_TX,
	HWS_DOMAIN_FDB,
	HWS_DOMAIN_MAX,
};

enum hws_dir {
	HWS_DIR_RX,
	HWS_DIR_TX,
	HWS_DIR_MAX,
};

#define HWS_DIR_BIT(d) (1u << (d))

static inline unsigned int hws_domain_dirs(enum hws_domain domain)
{
	switch (domain) {
	case HWS_DOMAIN_NIC_RX:
		return HWS_DIR_BIT(HWS_DIR_RX);
	case HWS_DOMAIN_NIC_TX:
		return HWS_DIR_BIT(HWS_DIR_TX);
	default:
		return HWS_DIR_BIT(HWS_DIR_RX) | HWS_DIR_BIT(HWS_DIR_TX);
	}
}

/* The table type of flow tables of a domain. */
static inline uint8_t hws_domain_ft_type(enum hws_domain domain)
{
	static const uint8_t type[HWS_DOMAIN_MAX] = {
		MLX5_FT_TYPE_NIC_RX, MLX5_FT_TYPE_NIC_TX, MLX5_FT_TYPE_FDB,
	};

	return type[domain];
}

/* The table type of RTC, STE and STC objects of one direction. */
static inline uint8_t hws_domain_obj_type(enum hws_domain domain,
					  enum hws_dir dir)
{
	if (domain == HWS_DOMAIN_FDB)
		return dir == HWS_DIR_RX ? MLX5_FT_TYPE_FDB_RX :
					   MLX5_FT_TYPE_FDB_TX;
	return hws_domain_ft_type(domain);
}

/* STCs every rule may point at when a slot has nothing to do. */
enum hws_default_stc {
	HWS_STC_NOP_CTR,
	HWS_STC_NOP_DW5,
	HWS_STC_NOP_DW6,
	HWS_STC_NOP_DW7,
	HWS_STC_DEFAULT_HIT,
	HWS_STC_DEFAULT_MAX,
};

/*
 * The STC ranges of a domain: one per direction, all allocated at the same
 * offsets, so that one index names an action in both directions.
 */
struct hws_stc_domain {
	uint32_t users;
	struct hws_obj stc[HWS_DIR_MAX];
	struct hws_pool slots;
	uint32_t defaults[HWS_STC_DEFAULT_MAX];
};

/*
 * What the parsers of the device give the definer: which protocols they
 * parse, and where in the header layout the flexible ones put their words.
 */
struct hws_match_caps {
	uint32_t flex_parser_protocols; /* MLX5_FLEX_PARSER_* */
	/* flex parser numbers: header-layout DW 137 - n */
	uint8_t flex_id_geneve_opt0;
	uint8_t flex_id_mpls_over_gre;
	uint8_t flex_id_mpls_over_udp;
	/* the header-layout DWs of GTP-U's DW 0 (flags, type), 1 (TEID) */
	uint8_t gtpu_dw0, gtpu_dw1;
	uint8_t roce; /* the device parses RoCE v2's BTH */
	uint8_t merged_eswitch; /* vports of other PFs' E-Switches */
};

/* The GENEVE option the device parses (mlx5hws_geneve_opt_create). */
struct mlx5hws_geneve_opt {
	struct mlx5hws_context *ctx;
	struct hws_obj obj;
};

struct hws_vport_gvmi {
	uint16_t vport;
	uint16_t gvmi;
};

/*
 * A queue's action STE tables of one domain (action_ste_pool.c owns what is
 * in it; the context makes and frees it with the queue).
 */
struct hws_action_ste_pool {
	pthread_mutex_t lock; /* guards tables and their allocators */
	struct hws_list tables;
	uint16_t queue;
	uint8_t domain;
	uint8_t num_tables;
} __attribute__((aligned(HWS_CACHE_APART))); /* queues run in parallel */

/* A BWC queue's lock, apart from the others': queues run in parallel. */
struct hws_bwc_lock {
	pthread_mutex_t lock;
} __attribute__((aligned(HWS_CACHE_APART)));

/* Writing STEs through firmware (GENERATE_WQE), for RTCs of update_method 1. */
struct hws_fw_write_caps {
	uint16_t ste_formats;	/* bit n: STE format n; 0 without GENERATE_WQE */
	uint8_t max_hash_definers; /* num_hash_definer such an RTC may have */
};

/* What the device takes of modify-header patterns and arguments. */
struct hws_modify_caps {
	uint8_t max_pattern_len; /* actions, NOPs included; 0: none */
	uint8_t log_max_patterns;
	uint8_t arg_log_granularity;
	uint8_t arg_log_min; /* ARG object range, log2 entries */
	uint8_t arg_log_max; /* 0: no ARG objects */
};

struct mlx5hws_context {
	struct hws_dev *dev;
	struct mlx5hws_caps caps;
	struct hws_fw_write_caps fw_write;
	uint8_t sq_ts_format;
	uint8_t counter_log_granularity; /* the smallest counter bulk, log2 */
	uint32_t trivial_definer; /* cap trivial_match_definer */
	struct hws_match_caps match_caps;
	/* the GENEVE option, or NULL; under ctrl_lock */
	struct mlx5hws_geneve_opt *geneve_opt;
	struct hws_obj pd;
	struct hws_mem mem;
	/* guards the table chain, the STC domains' references, the GVMI
	 * cache, and matchers' template arrays against the debug dump
	 */
	pthread_mutex_t ctrl_lock;
	/* guards the STC slot allocators */
	pthread_mutex_t stc_lock;
	uint16_t num_queues;
	uint16_t num_bwc_queues;
	/* the template queues, then the BWC queues */
	struct hws_send_queue *queues;
	/* per queue, HWS_DOMAIN_MAX pools (hws_action_ste_pool_of()) */
	struct hws_action_ste_pool *ste_pools;
	struct hws_bwc_lock *bwc_locks;
	struct hws_stc_domain stc[HWS_DOMAIN_MAX];
	struct hws_list tables;
	/* device objects whose owner is gone but the device kept (ctrl_lock) */
	struct hws_list zombies;
	uint32_t num_templates;
	uint32_t num_actions;
	struct hws_count rules;
	struct hws_vport_gvmi *gvmi_cache;
	uint32_t gvmi_cache_len;
	/* rules with the same actions share one action set */
	pthread_mutex_t action_set_lock;
	struct hws_action_set **action_sets;
	uint32_t action_set_buckets;
	uint32_t action_set_count;
	struct hws_list action_caches; /* the matchers' hws_action_cache */
	struct hws_list dest_arrays; /* action_dest_array.c's, ctrl_lock */
	struct hws_modify_caps modify_caps;
	struct hws_pat_cache patterns; /* shared by modify-header actions */
};

/*
 * A domain's STC ranges, created with its default STCs on first use and
 * destroyed with the last user (tables and actions of the domain).
 */
int hws_stc_domain_get(struct mlx5hws_context *ctx, enum hws_domain domain);
void hws_stc_domain_put(struct mlx5hws_context *ctx, enum hws_domain domain);
/* Take a slot of the domain and program it in each direction it has. */
int hws_stc_alloc(struct mlx5hws_context *ctx, enum hws_domain domain,
		  const struct hws_cmd_stc_attr attr[HWS_DIR_MAX],
		  uint32_t *offset);
void hws_stc_free(struct mlx5hws_context *ctx, enum hws_domain domain,
		  uint32_t offset);

static inline struct hws_send_queue *hws_bwc_queue(struct mlx5hws_context *ctx,
						   uint16_t i)
{
	return &ctx->queues[ctx->num_queues + i];
}

static inline pthread_mutex_t *hws_bwc_lock(struct mlx5hws_context *ctx,
					    uint16_t i)
{
	return &ctx->bwc_locks[i].lock;
}

/*
 * Keep the objects of objs that still exist (devx set), in the order
 * given, for another try at destroying them: on later matcher operations
 * (hws_context_reap()) and at close, which releases them in any case.
 */
void hws_context_bury(struct mlx5hws_context *ctx, const struct hws_obj *objs,
		      unsigned int n);
/* Try again to destroy what was buried; under ctrl_lock. */
void hws_context_reap(struct mlx5hws_context *ctx);

/* The GVMI a source_port match on vport takes (queried once, cached). */
int hws_context_vport_gvmi(struct mlx5hws_context *ctx, uint16_t vport,
			   uint16_t *gvmi);

#endif /* HWS_CONTEXT_H */
