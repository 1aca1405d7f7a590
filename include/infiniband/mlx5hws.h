/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * libhws: hardware steering (HWS) of mlx5 NICs from user space.
 *
 * Objects: a context (one device), flow tables, match and action templates,
 * matchers (a definer plus one hash table per direction), actions, and rules.
 * Two APIs:
 *  - the template API: rules are written asynchronously on send queues, and
 *    completions are polled;
 *  - the BWC ("backward compatible") API: blocking calls on matchers that
 *    size and rehash themselves, RX and TX independently.
 *
 * Errors: functions that create an object return NULL and set errno; all
 * other functions return 0 or a positive errno value.  Every attribute
 * struct starts with comp_mask, which must be 0 in this version.
 */
#ifndef INFINIBAND_MLX5HWS_H
#define INFINIBAND_MLX5HWS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef MLX5HWS_API
#define MLX5HWS_API __attribute__((visibility("default")))
#endif

struct ibv_context;
struct mlx5hws_context;
struct mlx5hws_table;
struct mlx5hws_match_template;
struct mlx5hws_action_template;
struct mlx5hws_matcher;
struct mlx5hws_action;
struct mlx5hws_rule;
struct mlx5hws_bwc_matcher;
struct mlx5hws_bwc_rule;

/* Size of an fte_match_param buffer (match masks and values), in bytes. */
#define MLX5HWS_MATCH_PARAM_SZ 512

/* Logging */

enum mlx5hws_log_level {
	MLX5HWS_LOG_ERR,
	MLX5HWS_LOG_WARN,
	MLX5HWS_LOG_INFO,
	MLX5HWS_LOG_DEBUG,
};

typedef void (*mlx5hws_log_fn)(enum mlx5hws_log_level level, const char *msg,
			       void *arg);

/**
 * mlx5hws_set_log_fn() - Route the library's messages to fn.
 * @fn: called with one line per message; NULL restores the default, which
 *      writes errors and warnings to stderr.
 * @arg: passed to fn.
 */
MLX5HWS_API void mlx5hws_set_log_fn(mlx5hws_log_fn fn, void *arg);

/* Capabilities */

struct mlx5hws_caps {
	uint64_t comp_mask;
	/* HWS verdict, by the criteria the Linux driver uses */
	uint8_t hws_supported;
	/* when !hws_supported: the capability that is missing */
	const char *missing_cap;
	uint16_t vhca_id;
	uint8_t eswitch_manager;
	uint8_t wqe_based_update;
	uint16_t ste_format;		/* bit n: STE format n */
	uint8_t ste_alloc_log_max;
	uint8_t ste_alloc_log_granularity;
	uint8_t stc_alloc_log_max;
	uint8_t stc_alloc_log_granularity;
	uint8_t rtc_log_depth_max;
	uint8_t rtc_reparse_mode;	/* bit n: reparse mode n */
	uint8_t rtc_index_mode;		/* bit n: update index mode n */
	uint8_t nic_max_ft_level;
	uint8_t fdb_max_ft_level;
	uint8_t nic_reparse;
	uint8_t fdb_reparse;
	uint8_t ignore_flow_level_rtc_valid;
	uint8_t definer_format_select;
	uint8_t full_dw_jumbo;
	uint8_t flow_table_hash_type;
	uint8_t fdb_rx_set_flow_tag;
	uint8_t log_max_flow_counter_bulk;
	uint16_t esw_manager_vport_number;
};

/**
 * mlx5hws_device_query_caps() - Read a device's HWS capabilities.
 * @device: "sim", "sim:key=value,..." or an RDMA device name.
 * @caps: filled in, including the HWS verdict; comp_mask must be 0.
 *
 * Works on devices without HWS support, which mlx5hws_context_open() refuses.
 * Return: 0, or an errno (ENODEV: no such device).
 */
MLX5HWS_API int mlx5hws_device_query_caps(const char *device,
					  struct mlx5hws_caps *caps);

/* Context */

enum mlx5hws_context_flags {
	/* open BWC queues too, for the mlx5hws_bwc_* calls */
	MLX5HWS_CONTEXT_FLAG_BWC = 1 << 0,
};

struct mlx5hws_context_attr {
	uint64_t comp_mask;
	uint32_t flags;		/* enum mlx5hws_context_flags */
	uint16_t queues;	/* template API send queues: 1..64; 0 means 1 */
	/* rule operations in flight per queue, up to 8192, rounded up to a
	 * power of two; 0 means 256
	 */
	uint16_t queue_size;
	uint16_t bwc_queues;	/* with FLAG_BWC: 1..64; 0 means 1 */
};

/**
 * mlx5hws_context_open() - Open a device for hardware steering.
 * @device: "sim" (the device model), "sim:key=value,..." (the model with a
 *          capability profile), or an RDMA device name such as "mlx5_0".
 * @attr: queues and their size; NULL gives one queue of 256.
 *
 * Queries the device's capabilities, checks HWS support, allocates a PD and
 * opens the send queues.
 * Return: the context, or NULL with errno set (EOPNOTSUPP: no HWS support;
 * the log names the missing capability).
 */
MLX5HWS_API struct mlx5hws_context *
mlx5hws_context_open(const char *device,
		     const struct mlx5hws_context_attr *attr);

/**
 * mlx5hws_context_open_ibv() - Open HWS on an ibv_context the caller opened
 * with mlx5dv_open_device(MLX5DV_CONTEXT_FLAGS_DEVX).  The caller keeps
 * ownership of ibv_ctx and closes it after mlx5hws_context_close().
 */
MLX5HWS_API struct mlx5hws_context *
mlx5hws_context_open_ibv(struct ibv_context *ibv_ctx,
			 const struct mlx5hws_context_attr *attr);

/**
 * mlx5hws_context_close() - Close a context.
 * Return: 0, or EBUSY while tables, templates or actions of it exist.
 */
MLX5HWS_API int mlx5hws_context_close(struct mlx5hws_context *ctx);

/** mlx5hws_context_query_caps() - The capabilities read at open. */
MLX5HWS_API int mlx5hws_context_query_caps(struct mlx5hws_context *ctx,
					   struct mlx5hws_caps *caps);

struct mlx5hws_context_stats {
	uint64_t comp_mask;
	/* the library's heap for this context's objects and rules; the
	 * send rings, which the device reads, are not counted
	 */
	uint64_t host_bytes;
	uint64_t rules;		/* rules that exist now (both APIs) */
};

/** mlx5hws_context_query_stats() - The library's own bookkeeping. */
MLX5HWS_API int mlx5hws_context_query_stats(struct mlx5hws_context *ctx,
					    struct mlx5hws_context_stats *stats);

/* Tables */

enum mlx5hws_table_type {
	MLX5HWS_TABLE_TYPE_NIC_RX,
	MLX5HWS_TABLE_TYPE_NIC_TX,
	MLX5HWS_TABLE_TYPE_FDB,
};

struct mlx5hws_table_attr {
	uint64_t comp_mask;
	enum mlx5hws_table_type type;
	/* 1..max_ft_level-1; a goto or default miss must go to a higher level */
	uint32_t level;
};

/**
 * mlx5hws_table_create() - Create a flow table.
 * Return: the table, or NULL with errno set.
 */
MLX5HWS_API struct mlx5hws_table *
mlx5hws_table_create(struct mlx5hws_context *ctx,
		     const struct mlx5hws_table_attr *attr);

/**
 * mlx5hws_table_destroy() - Destroy a table.
 * Return: 0, or EBUSY while it has matchers, is another table's default miss,
 * or is the destination of an action.
 */
MLX5HWS_API int mlx5hws_table_destroy(struct mlx5hws_table *tbl);

/** mlx5hws_table_get_id() - The device's flow table id of tbl. */
MLX5HWS_API uint32_t mlx5hws_table_get_id(const struct mlx5hws_table *tbl);

/**
 * mlx5hws_table_set_default_miss() - Send packets that no matcher of tbl
 * decides to miss_tbl, or back to the default when miss_tbl is NULL.
 * miss_tbl must have the same type and a higher level.
 */
MLX5HWS_API int mlx5hws_table_set_default_miss(struct mlx5hws_table *tbl,
					       struct mlx5hws_table *miss_tbl);

/* Match fields */

/* A match field libhws supports, by its fte_match_param position. */
struct mlx5hws_match_field {
	const char *name;	/* e.g. "outer.ipv4_dst", "meta.reg_c0" */
	uint16_t bit_offset;	/* from the start of fte_match_param */
	uint16_t bit_width;
	uint8_t criteria;	/* its match_criteria_enable bit */
};

/** mlx5hws_match_field_find() - A supported field by name, or NULL. */
MLX5HWS_API const struct mlx5hws_match_field *
mlx5hws_match_field_find(const char *name);

/** mlx5hws_match_fields() - Every supported field; *count gets the number. */
MLX5HWS_API const struct mlx5hws_match_field *
mlx5hws_match_fields(size_t *count);

/**
 * mlx5hws_match_param_set() - Write a field into an fte_match_param buffer.
 * @param: MLX5HWS_MATCH_PARAM_SZ bytes.
 * @value: big-endian bytes, (bit_width + 7) / 8 of them, right-aligned.
 */
MLX5HWS_API int mlx5hws_match_param_set(void *param,
					const struct mlx5hws_match_field *f,
					const void *value, size_t len);

/* Templates */

/**
 * mlx5hws_match_template_create() - Create a match template.
 * @match_param: the mask, an fte_match_param of match_param_sz bytes (448 or
 *               512).
 * @match_criteria_enable: which blocks of the mask are used.
 *
 * Return: the template, or NULL with errno EOPNOTSUPP (a field libhws does
 * not match), E2BIG (more than one STE's selectors) or EINVAL.
 */
MLX5HWS_API struct mlx5hws_match_template *
mlx5hws_match_template_create(struct mlx5hws_context *ctx,
			      const uint32_t *match_param,
			      size_t match_param_sz,
			      uint8_t match_criteria_enable);

/** mlx5hws_match_template_destroy() - 0, or EBUSY while a matcher uses it. */
MLX5HWS_API int
mlx5hws_match_template_destroy(struct mlx5hws_match_template *mt);

/*
 * The GENEVE option the device's flex parser reads, so that templates may
 * match misc3.geneve_tlv_option_0_data (its first data word).  The device
 * reads one option at a time.
 */
struct mlx5hws_geneve_opt;

enum mlx5hws_geneve_opt_attr_mask {
	MLX5HWS_GENEVE_OPT_ATTR_MASK_ALL = 0,
};

struct mlx5hws_geneve_opt_attr {
	uint64_t comp_mask; /* enum mlx5hws_geneve_opt_attr_mask */
	uint16_t option_class;
	uint8_t option_type;
	uint8_t data_len; /* the option's data in 4-byte words: 1..31 */
};

/**
 * mlx5hws_geneve_opt_create() - Have the device parse a GENEVE option.
 *
 * Return: the option, or NULL with errno EINVAL, EOPNOTSUPP (the device has
 * no GENEVE option parser) or EBUSY (the context has an option already).
 */
MLX5HWS_API struct mlx5hws_geneve_opt *
mlx5hws_geneve_opt_create(struct mlx5hws_context *ctx,
			  const struct mlx5hws_geneve_opt_attr *attr);

/** mlx5hws_geneve_opt_destroy() - 0, or an errno; the device stops parsing. */
MLX5HWS_API int mlx5hws_geneve_opt_destroy(struct mlx5hws_geneve_opt *opt);

enum mlx5hws_action_type {
	MLX5HWS_ACTION_TYP_DROP,
	MLX5HWS_ACTION_TYP_MISS,	/* default miss */
	MLX5HWS_ACTION_TYP_TBL,		/* go to table */
	MLX5HWS_ACTION_TYP_VPORT,	/* go to vport (FDB) */
	MLX5HWS_ACTION_TYP_TAG,		/* flow tag (RX) */
	MLX5HWS_ACTION_TYP_CTR,		/* counter */
	MLX5HWS_ACTION_TYP_TIR,		/* deliver to a TIR (NIC RX) */
	MLX5HWS_ACTION_TYP_MODIFY_HDR,	/* set, add and copy header fields */
	MLX5HWS_ACTION_TYP_PUSH_VLAN,
	MLX5HWS_ACTION_TYP_POP_VLAN,
	MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2, /* L2 tunnel decap */
	MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2, /* L2 tunnel encap */
	MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2, /* L3 tunnel decap */
	MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3, /* L3 tunnel encap */
	MLX5HWS_ACTION_TYP_INSERT_HEADER,
	MLX5HWS_ACTION_TYP_REMOVE_HEADER,
	MLX5HWS_ACTION_TYP_DEST_ARRAY,	/* several destinations (mirror) */
	MLX5HWS_ACTION_TYP_MAX,
};

/**
 * mlx5hws_action_template_create() - The action types a rule will carry, in
 * the kernel's order: decap or remove header; up to two pop VLANs; modify
 * header; up to two push VLANs; encap or insert header; counter; tag; a
 * second modify header; then one terminal action (drop, miss, table, vport,
 * TIR or dest array).  A template without a terminal action uses the default
 * miss.  Any other order is EINVAL, and the log names the action out of
 * place.
 */
MLX5HWS_API struct mlx5hws_action_template *
mlx5hws_action_template_create(const enum mlx5hws_action_type types[],
			       unsigned int num);

/** mlx5hws_action_template_destroy() - 0, or EBUSY while a matcher uses it. */
MLX5HWS_API int
mlx5hws_action_template_destroy(struct mlx5hws_action_template *at);

/* Matchers */

enum mlx5hws_matcher_resource_mode {
	/* size[].rule.num_log: the table is sized for 2^num_log rules */
	MLX5HWS_MATCHER_RESOURCE_MODE_RULE,
	/* size[].table: rows and depth given directly */
	MLX5HWS_MATCHER_RESOURCE_MODE_HTABLE,
};

enum mlx5hws_matcher_flow_src {
	MLX5HWS_MATCHER_FLOW_SRC_ANY,
	MLX5HWS_MATCHER_FLOW_SRC_WIRE,	/* FDB rules from the uplink only */
	MLX5HWS_MATCHER_FLOW_SRC_VPORT,	/* FDB rules from vports only */
};

enum mlx5hws_matcher_size_type {
	MLX5HWS_MATCHER_SIZE_TYPE_RX,
	MLX5HWS_MATCHER_SIZE_TYPE_TX,
	MLX5HWS_MATCHER_SIZE_TYPE_MAX,
};

union mlx5hws_matcher_size {
	struct {
		uint8_t sz_row_log;
		uint8_t sz_col_log;
	} table;
	struct {
		uint8_t num_log;
	} rule;
};

struct mlx5hws_matcher_attr {
	uint64_t comp_mask;
	uint32_t priority;	/* lower is checked first */
	enum mlx5hws_matcher_resource_mode mode;
	enum mlx5hws_matcher_flow_src optimize_flow_src;
	/* per direction; NIC tables use RX for NIC_RX and TX for NIC_TX */
	union mlx5hws_matcher_size size[MLX5HWS_MATCHER_SIZE_TYPE_MAX];
};

/**
 * mlx5hws_matcher_create() - Create a matcher: a definer per match template
 * plus one hash table (RTC) per direction of the table, inserted by hash.
 * Rule mode above 2^10 rules adds a collision table.
 * @mt: the match templates (one on a root table); rules name one by index.
 * Templates that differ hash by the fields they all match.
 * @at: the action templates rules may use (more via attach_at).
 */
MLX5HWS_API struct mlx5hws_matcher *
mlx5hws_matcher_create(struct mlx5hws_table *tbl,
		       struct mlx5hws_match_template *mt[], uint8_t num_of_mt,
		       struct mlx5hws_action_template *at[], uint8_t num_of_at,
		       const struct mlx5hws_matcher_attr *attr);

/**
 * mlx5hws_matcher_destroy() - 0, or EBUSY while it holds rules.  When the
 * device refuses to destroy one of its objects, the error is returned and
 * the matcher is already out of its table's lookup: call it again.
 */
MLX5HWS_API int mlx5hws_matcher_destroy(struct mlx5hws_matcher *matcher);

/** mlx5hws_matcher_attach_at() - Let rules of matcher use another template. */
MLX5HWS_API int mlx5hws_matcher_attach_at(struct mlx5hws_matcher *matcher,
					  struct mlx5hws_action_template *at);

/* Actions */

enum mlx5hws_action_flags {
	MLX5HWS_ACTION_FLAG_NIC_RX = 1 << 0,
	MLX5HWS_ACTION_FLAG_NIC_TX = 1 << 1,
	MLX5HWS_ACTION_FLAG_FDB = 1 << 2,
};

/* Each creator takes the table types (flags) the action may be used in. */
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_dest_drop(struct mlx5hws_context *ctx, uint32_t flags);
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_default_miss(struct mlx5hws_context *ctx,
				   uint32_t flags);
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_dest_table(struct mlx5hws_context *ctx,
				 struct mlx5hws_table *tbl, uint32_t flags);
/* vport 0xffff is the uplink */
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_dest_vport(struct mlx5hws_context *ctx, uint16_t vport,
				 uint32_t flags);
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_tag(struct mlx5hws_context *ctx, uint32_t flags);
/* a bulk of 2^log_bulk_size counters; rules pick one by offset */
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_counter(struct mlx5hws_context *ctx,
			      uint32_t log_bulk_size, uint32_t flags);

/* Modify header: set, add and copy header fields (HWS_1.1) */
struct mlx5hws_action_modify_header_attr {
	uint64_t comp_mask;	/* 0: no optional field yet */
	/* 2^log_bulk_size rules with their own argument (a list of two or
	 * more actions); rules name theirs by offset
	 */
	uint32_t log_bulk_size;
	uint32_t num_actions;
	/*
	 * The PRM's 8-byte modification actions, big endian as the device
	 * reads them: SET (1), ADD (2), COPY (3), ADD_FIELD (8) on modify-field
	 * ids.  The data of SET and ADD is the default that rules which give
	 * none take.
	 */
	const uint64_t *actions;
};

/**
 * mlx5hws_action_create_modify_header() - An action that rewrites header
 * fields.  One action executes inline in the STE; a list uses a pattern,
 * shared with every action of the same pattern, and an argument per rule.
 * Return: the action, or NULL with errno: EINVAL (a bad action, field or
 * range), E2BIG (more actions than the device takes), EOPNOTSUPP (a root
 * table, or a device without patterns and arguments).
 */
MLX5HWS_API struct mlx5hws_action *mlx5hws_action_create_modify_header(
	struct mlx5hws_context *ctx,
	const struct mlx5hws_action_modify_header_attr *attr, uint32_t flags);

/*
 * Deliver to the receive queues behind a TIR (NIC RX only): tirn from
 * mlx5dv_init_obj() of a raw-packet or RSS QP, or from DevX CREATE_TIR.
 */
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_dest_tir(struct mlx5hws_context *ctx, uint32_t tirn,
			       uint32_t flags);

/* One destination of a destination array, with its own packet reformat. */
struct mlx5hws_action_dest_attr {
	/* a go to vport (FDB), go to TIR (NIC RX), go to table or drop action
	 * of the same context, created for the array's table type
	 */
	struct mlx5hws_action *dest;
	/*
	 * Optional: an L2 encap action (mlx5hws_action_create_reformat(),
	 * L2_TO_TNL_L2) with a shared header, which this destination's copy
	 * gets; the array copies the header.  Or NULL, and:
	 */
	struct mlx5hws_action *reformat;
	/*
	 * Optional: an L2 tunnel header (outer Ethernet, IP, UDP or GRE and
	 * the tunnel header, e.g. VXLAN) that this destination's copy gets in
	 * front of the packet; reformat_size bytes, 0 for none.
	 */
	const uint8_t *reformat_data;
	size_t reformat_size;
};

struct mlx5hws_action_dest_array_attr {
	uint64_t comp_mask;
	size_t num_dest;	/* at least 2 */
	const struct mlx5hws_action_dest_attr *dests;
};

/**
 * mlx5hws_action_create_dest_array() - Send a copy of the packet to each
 * destination (mirroring), each copy with its own optional reformat.
 * @flags: one table type, MLX5HWS_ACTION_FLAG_FDB or _NIC_RX.
 *
 * The device builds it as a firmware flow table with one entry that lists
 * the destinations.  The array copies what its destinations name: they may
 * be destroyed after; a destination table may not while the array exists.
 * Return: the action, or NULL with errno set (EINVAL, EOPNOTSUPP for a
 * destination or reformat the device or table type does not offer, E2BIG
 * for more destinations or a longer header than the device takes).
 */
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_dest_array(struct mlx5hws_context *ctx,
				 const struct mlx5hws_action_dest_array_attr *attr,
				 uint32_t flags);

/*
 * Header rewrites (mlx5hws_action_create_push_vlan(3)).  Sizes and offsets
 * are in bytes and must be even: the device counts 2-byte words.
 */

/* Where an inserted or removed header starts (the PRM's anchor numbers) */
enum mlx5hws_header_anchor {
	MLX5HWS_ANCHOR_PACKET_START = 0x00,
	MLX5HWS_ANCHOR_MAC = 0x01,
	MLX5HWS_ANCHOR_FIRST_VLAN_START = 0x02,
	MLX5HWS_ANCHOR_SECOND_VLAN_START = 0x03,
	MLX5HWS_ANCHOR_IPV6_IPV4 = 0x07,
	MLX5HWS_ANCHOR_TCP_UDP = 0x09,
	MLX5HWS_ANCHOR_TUNNEL_HEADER = 0x0a,
	MLX5HWS_ANCHOR_INNER_MAC = 0x13,
	MLX5HWS_ANCHOR_INNER_IPV6_IPV4 = 0x19,
	MLX5HWS_ANCHOR_INNER_TCP_UDP = 0x1a,
	MLX5HWS_ANCHOR_L4_PAYLOAD = 0x1b,
	MLX5HWS_ANCHOR_INNER_L4_PAYLOAD = 0x1c,
};

/* Push a VLAN header after the MACs; each rule gives it (push_vlan). */
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_push_vlan(struct mlx5hws_context *ctx, uint32_t flags);
/* Pop the outer VLAN header; two in a row pop both. */
MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_pop_vlan(struct mlx5hws_context *ctx, uint32_t flags);

/*
 * Tunnel encap and decap.  type: one of MLX5HWS_ACTION_TYP_REFORMAT_*.
 * Encap inserts hdr_size bytes: hdr for every rule (shared), or, when hdr
 * is NULL, each rule's own reformat.data, one of 2^log_bulk_size headers
 * (reformat.offset).  L2 decap takes no header.
 */
struct mlx5hws_action_reformat_attr {
	uint64_t comp_mask;
	uint32_t type;		/* enum mlx5hws_action_type */
	uint32_t hdr_size;
	const void *hdr;
	uint32_t log_bulk_size;
};

MLX5HWS_API struct mlx5hws_action *
mlx5hws_action_create_reformat(struct mlx5hws_context *ctx,
			       const struct mlx5hws_action_reformat_attr *attr,
			       uint32_t flags);

/*
 * Insert size bytes at offset bytes after anchor.  A 4-byte header travels
 * in the rule's STE (inline): hdr for every rule, or each rule's
 * reformat.data when hdr is NULL.  encap: the header is a tunnel's, whose
 * lengths the device fixes.
 */
struct mlx5hws_action_insert_header_attr {
	uint64_t comp_mask;
	uint32_t anchor;	/* enum mlx5hws_header_anchor */
	uint32_t offset;
	uint32_t size;
	const void *hdr;
	uint32_t log_bulk_size;
	uint8_t encap;		/* 0 or 1 */
};

MLX5HWS_API struct mlx5hws_action *mlx5hws_action_create_insert_header(
	struct mlx5hws_context *ctx,
	const struct mlx5hws_action_insert_header_attr *attr, uint32_t flags);

enum mlx5hws_action_remove_header_type {
	MLX5HWS_ACTION_REMOVE_HEADER_BY_SIZE,	 /* size bytes at anchor */
	MLX5HWS_ACTION_REMOVE_HEADER_BY_ANCHORS, /* anchor up to end_anchor */
};

struct mlx5hws_action_remove_header_attr {
	uint64_t comp_mask;
	uint32_t type;		/* enum mlx5hws_action_remove_header_type */
	uint32_t anchor;	/* enum mlx5hws_header_anchor */
	uint32_t size;		/* BY_SIZE: even, at most 126 */
	uint32_t end_anchor;	/* BY_ANCHORS: not removed */
	uint8_t decap;		/* BY_ANCHORS, 0 or 1: it ends a tunnel */
};

MLX5HWS_API struct mlx5hws_action *mlx5hws_action_create_remove_header(
	struct mlx5hws_context *ctx,
	const struct mlx5hws_action_remove_header_attr *attr, uint32_t flags);

/** mlx5hws_action_destroy() - 0, or EBUSY while rules use it. */
MLX5HWS_API int mlx5hws_action_destroy(struct mlx5hws_action *action);

/** mlx5hws_action_query_counter() - Packets and bytes of one counter. */
MLX5HWS_API int mlx5hws_action_query_counter(struct mlx5hws_action *action,
					     uint32_t offset,
					     uint64_t *packets,
					     uint64_t *bytes);

/* An action as a rule uses it, with the rule's own argument. */
struct mlx5hws_rule_action {
	struct mlx5hws_action *action;
	union {
		struct {
			uint32_t offset;
		} counter;
		struct {
			uint32_t value;
		} tag;
		/* modify header: the arguments of the action's pattern */
		struct {
			uint32_t offset;	/* into the action's bulk */
			const uint8_t *data;	/* 8 bytes per pattern action */
		} modify_header;
		/* encap and insert header: the header's bytes */
		struct {
			uint32_t offset;	/* into the action's bulk */
			const uint8_t *data;
		} reformat;
		struct {
			uint32_t vlan_hdr;	/* TPID << 16 | TCI, big endian */
		} push_vlan;
		uint64_t reserved[2];
	};
};

/* Rules (template API) */

enum mlx5hws_flow_source {
	MLX5HWS_FLOW_SOURCE_ANY,
	MLX5HWS_FLOW_SOURCE_UPLINK,	/* RX only */
	MLX5HWS_FLOW_SOURCE_LOCAL_VPORT, /* TX only */
};

struct mlx5hws_rule_attr {
	uint64_t comp_mask;
	uint16_t queue_id;
	uint8_t burst;		/* post without ringing the doorbell */
	uint32_t flow_source;	/* enum mlx5hws_flow_source */
	void *user_data;	/* returned with the completion */
};

/**
 * mlx5hws_rule_create() - Post a rule insertion on a queue.
 * @match_param: the values, an fte_match_param of the template's size.
 * @at_idx: which of the matcher's action templates rule_actions follow.
 *
 * The result arrives with a completion (mlx5hws_send_queue_poll()).  A rule
 * whose insertion failed stays, failed, until it is destroyed.
 * Return: the rule, or NULL with errno (EBUSY: the queue is full).
 */
MLX5HWS_API struct mlx5hws_rule *
mlx5hws_rule_create(struct mlx5hws_matcher *matcher, uint8_t mt_idx,
		    const uint32_t *match_param, uint8_t at_idx,
		    const struct mlx5hws_rule_action rule_actions[],
		    const struct mlx5hws_rule_attr *attr);

/**
 * mlx5hws_rule_destroy() - Post a rule deletion.  The library frees the rule
 * when the device has completed the deletion (found by a poll or a
 * DRAIN_SYNC), so do not use it after this call unless its completion
 * reports an error: the rule then stays, failed, to be destroyed again.
 */
MLX5HWS_API int mlx5hws_rule_destroy(struct mlx5hws_rule *rule,
				     const struct mlx5hws_rule_attr *attr);

/** mlx5hws_rule_action_update() - Post new actions for an inserted rule. */
MLX5HWS_API int
mlx5hws_rule_action_update(struct mlx5hws_rule *rule, uint8_t at_idx,
			   const struct mlx5hws_rule_action rule_actions[],
			   const struct mlx5hws_rule_attr *attr);

enum mlx5hws_rule_state {
	MLX5HWS_RULE_STATE_PENDING,
	MLX5HWS_RULE_STATE_INSERTED,
	MLX5HWS_RULE_STATE_FAILED,
	MLX5HWS_RULE_STATE_DELETING,
};

/* Where a rule sits in the device, for tools and debugging. */
struct mlx5hws_rule_info {
	uint64_t comp_mask;
	enum mlx5hws_rule_state state;
	uint32_t rtc_id[2];	/* RX, TX; 0 where not written */
	uint32_t hash;		/* the placement hash of the tag */
	uint8_t tag_len;
	uint8_t tag[44];
};

MLX5HWS_API int mlx5hws_rule_query(const struct mlx5hws_rule *rule,
				   struct mlx5hws_rule_info *info);

/* Completions */

enum mlx5hws_flow_op_status {
	MLX5HWS_FLOW_OP_SUCCESS,
	MLX5HWS_FLOW_OP_ERROR,
};

struct mlx5hws_flow_op_result {
	enum mlx5hws_flow_op_status status;
	void *user_data;
};

/**
 * mlx5hws_send_queue_poll() - Collect up to res_nb completions of a queue.
 * @num: the number collected.
 */
MLX5HWS_API int mlx5hws_send_queue_poll(struct mlx5hws_context *ctx,
					uint16_t queue_id,
					struct mlx5hws_flow_op_result res[],
					uint32_t res_nb, uint32_t *num);

enum mlx5hws_send_queue_action {
	/* ring the doorbell for everything posted in bursts */
	MLX5HWS_SEND_QUEUE_ACTION_DRAIN_ASYNC = 1 << 0,
	/* and wait until the device has executed it all */
	MLX5HWS_SEND_QUEUE_ACTION_DRAIN_SYNC = 1 << 1,
};

MLX5HWS_API int mlx5hws_send_queue_action(struct mlx5hws_context *ctx,
					  uint16_t queue_id, uint32_t actions);

/* BWC: the blocking API with self-sizing matchers */

/**
 * mlx5hws_bwc_matcher_create() - A matcher that starts small and grows (and
 * shrinks) each direction by itself.  The context must be opened with
 * MLX5HWS_CONTEXT_FLAG_BWC.
 * @mask: fte_match_param of MLX5HWS_MATCH_PARAM_SZ bytes.
 */
MLX5HWS_API struct mlx5hws_bwc_matcher *
mlx5hws_bwc_matcher_create(struct mlx5hws_table *table, uint32_t priority,
			   uint8_t match_criteria_enable, const uint32_t *mask);

/* How a BWC matcher sizes each direction's hash table for its rules. */
enum mlx5hws_bwc_size_policy {
	/*
	 * Half a row per rule (4 ways): grows when the rules fill half the
	 * main table's STEs, or half the collision table's.
	 */
	MLX5HWS_BWC_SIZE_COMPACT,
	/* the Linux driver's: a row per 0.7 rules, grows past 70% of them */
	MLX5HWS_BWC_SIZE_ASSURED,
};

enum mlx5hws_bwc_matcher_attr_mask {
	MLX5HWS_BWC_MATCHER_ATTR_SIZE_POLICY = 1 << 0,
};

struct mlx5hws_bwc_matcher_attr {
	uint64_t comp_mask;
	uint32_t priority;
	uint8_t match_criteria_enable;
	const uint32_t *mask; /* fte_match_param, MLX5HWS_MATCH_PARAM_SZ bytes */
	/* with MLX5HWS_BWC_MATCHER_ATTR_SIZE_POLICY; else compact */
	enum mlx5hws_bwc_size_policy size_policy;
};

/**
 * mlx5hws_bwc_matcher_create_attr() - mlx5hws_bwc_matcher_create() with
 * attributes: the sizing policy besides priority, criteria and mask.
 */
MLX5HWS_API struct mlx5hws_bwc_matcher *
mlx5hws_bwc_matcher_create_attr(struct mlx5hws_table *table,
				const struct mlx5hws_bwc_matcher_attr *attr);

/** mlx5hws_bwc_matcher_destroy() - 0, or EBUSY while it holds rules. */
MLX5HWS_API int
mlx5hws_bwc_matcher_destroy(struct mlx5hws_bwc_matcher *bwc_matcher);

/**
 * mlx5hws_bwc_rule_create() - Insert a rule and wait for the device.
 * @value: fte_match_param of MLX5HWS_MATCH_PARAM_SZ bytes.
 * @flow_source: enum mlx5hws_flow_source: which directions the rule uses.
 *
 * Grows the matcher when a direction passes its size policy's threshold,
 * or when the rule collides.  A failed growth keeps every earlier rule in
 * place.
 * Return: the rule, or NULL with errno.
 */
MLX5HWS_API struct mlx5hws_bwc_rule *
mlx5hws_bwc_rule_create(struct mlx5hws_bwc_matcher *bwc_matcher,
			const uint32_t *value, uint32_t flow_source,
			const struct mlx5hws_rule_action rule_actions[],
			unsigned int num_actions);

/** mlx5hws_bwc_rule_destroy() - Remove a rule and wait for the device. */
MLX5HWS_API int mlx5hws_bwc_rule_destroy(struct mlx5hws_bwc_rule *bwc_rule);

/** mlx5hws_bwc_rule_action_update() - Replace a rule's actions. */
MLX5HWS_API int
mlx5hws_bwc_rule_action_update(struct mlx5hws_bwc_rule *bwc_rule,
			       const struct mlx5hws_rule_action rule_actions[],
			       unsigned int num_actions);

MLX5HWS_API int mlx5hws_bwc_rule_query(const struct mlx5hws_bwc_rule *bwc_rule,
				       struct mlx5hws_rule_info *info);

struct mlx5hws_bwc_dir_info {
	uint8_t size_log;	/* the table holds 2^size_log rows */
	uint8_t maxed_out;	/* no further growth possible */
	uint32_t rules;
	uint32_t rehashes;	/* growths */
	uint32_t shrinks;
};

enum mlx5hws_bwc_matcher_info_mask {
	MLX5HWS_BWC_MATCHER_INFO_MOVES = 1 << 0,
	MLX5HWS_BWC_MATCHER_INFO_SIZING = 1 << 1,
};

/* With MLX5HWS_BWC_MATCHER_INFO_SIZING, per direction. */
struct mlx5hws_bwc_sizing_info {
	uint8_t size_policy;	/* enum mlx5hws_bwc_size_policy in force */
	uint8_t fell_back;	/* compact gave way to assured: bad keys */
	uint32_t col_rules;	/* rules in the collision table */
	uint32_t col_slots;	/* its STEs (0: no collision table) */
	uint32_t forced_growths; /* an insert found no room: grown, retried */
	uint32_t col_growths;	/* grown because the collision table filled */
};

struct mlx5hws_bwc_matcher_info {
	uint64_t comp_mask;
	struct mlx5hws_bwc_dir_info dir[MLX5HWS_MATCHER_SIZE_TYPE_MAX];
	uint32_t num_action_templates;
	/* filled when comp_mask has MLX5HWS_BWC_MATCHER_INFO_MOVES */
	uint32_t moves_pending;	/* rules still in the old matcher */
	uint32_t move_failures;	/* single moves that failed, retried */
	uint32_t num_matchers;	/* chained: 2 or 3 while a move goes on */
	struct mlx5hws_bwc_sizing_info sizing[MLX5HWS_MATCHER_SIZE_TYPE_MAX];
};

MLX5HWS_API int
mlx5hws_bwc_matcher_query(struct mlx5hws_bwc_matcher *bwc_matcher,
			  struct mlx5hws_bwc_matcher_info *info);

/**
 * mlx5hws_bwc_matcher_flush_moves() - Finish the matcher's move to its new
 * sizes now, in bounded steps, instead of a step per rule operation.
 */
MLX5HWS_API int
mlx5hws_bwc_matcher_flush_moves(struct mlx5hws_bwc_matcher *bwc_matcher);

/* Debug */

/**
 * mlx5hws_debug_dump() - Write the context's steering objects in the CSV
 * format of the Linux HWS debugfs dump, which mlx_steering_dump reads.
 */
MLX5HWS_API int mlx5hws_debug_dump(struct mlx5hws_context *ctx, FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* INFINIBAND_MLX5HWS_H */
