/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * PRM command encoders: one function per command, no policy.  Each builds
 * the command bytes, sends them through the provider seam and returns 0 or
 * an errno.  A command the device refused is logged with its opcode, status
 * and syndrome and returns EREMOTEIO.
 */
#ifndef HWS_CMD_H
#define HWS_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "../providers/provider.h"
#include "prm.h"

/* A device object: the provider's handle and the id the device gave it. */
struct hws_obj {
	struct hws_devx_obj *devx;
	uint32_t id;
};

/* QUERY_HCA_CAP: copy the capability block of cap_type (4096 bytes). */
int hws_cmd_query_caps(struct hws_dev *dev, uint8_t cap_type,
		       bool other_function, uint16_t function_id, void *cap);

int hws_cmd_alloc_pd(struct hws_dev *dev, struct hws_obj *pd);

struct hws_cmd_cq_attr {
	uint8_t log_size;
	uint32_t eqn;
	uint32_t uar_page;
	uint32_t umem_id;
	uint64_t umem_offset;
	uint32_t dbr_umem_id;
	uint64_t dbr_offset;
};

int hws_cmd_cq_create(struct hws_dev *dev, const struct hws_cmd_cq_attr *attr,
		      struct hws_obj *cq);

struct hws_cmd_sq_attr {
	uint32_t cqn;
	uint32_t pdn;
	uint32_t uar_page;
	uint8_t log_size; /* in 64-byte WQE basic blocks */
	uint8_t ts_format;
	uint32_t umem_id;
	uint64_t umem_offset;
	uint32_t dbr_umem_id;
	uint64_t dbr_offset;
};

int hws_cmd_sq_create(struct hws_dev *dev, const struct hws_cmd_sq_attr *attr,
		      struct hws_obj *sq);
int hws_cmd_sq_modify_state(struct hws_obj *sq, uint8_t from, uint8_t to);

int hws_cmd_ft_create(struct hws_dev *dev, uint8_t table_type, uint8_t level,
		      struct hws_obj *ft);
/* Point a flow table at RTCs (0 for none). */
int hws_cmd_ft_set_rtcs(struct hws_obj *ft, uint8_t table_type,
			uint32_t rtc_0, uint32_t rtc_1);
/* Send a flow table's misses to another table, or the default (0). */
int hws_cmd_ft_set_miss(struct hws_obj *ft, uint8_t table_type,
			uint32_t miss_ft_id);

/* The ICM indexes (64-byte units) where lookups enter a flow table. */
int hws_cmd_ft_query_icm(struct hws_obj *ft, uint8_t table_type,
			 uint64_t *rx_icm, uint64_t *tx_icm);

int hws_cmd_ste_create(struct hws_dev *dev, uint8_t table_type,
		       uint8_t log_range, struct hws_obj *ste);
int hws_cmd_stc_create(struct hws_dev *dev, uint8_t table_type,
		       uint8_t log_range, struct hws_obj *stc);

struct hws_cmd_stc_attr {
	uint8_t action_type;
	uint8_t action_offset;
	union {
		uint32_t table_id;
		uint32_t counter_id;
		uint32_t tirn;
		struct {
			uint16_t number;
			uint16_t owner_vhca_id;
			bool owner_vhca_id_valid;
		} vport;
		struct {
			uint32_t ste_obj_id;
			uint32_t match_definer_id;
		} ste_table; /* JUMP_TO_STE_TABLE */
	};
};

/* Program slot offset of a ranged STC object. */
int hws_cmd_stc_modify(struct hws_obj *stc, uint32_t offset,
		       const struct hws_cmd_stc_attr *attr);

struct hws_cmd_definer_attr {
	uint8_t dw_sel[PRM_DEFINER_DW_SELECTORS];
	uint8_t byte_sel[PRM_DEFINER_BYTE_SELECTORS];
	uint8_t mask[PRM_JUMBO_TAG_SIZE];
};

/* GENEVE_TLV_OPT: the option the flex parser reads; len in 4-byte words. */
int hws_cmd_geneve_opt_create(struct hws_dev *dev, uint16_t opt_class,
			      uint8_t type, uint8_t len, struct hws_obj *opt);

int hws_cmd_definer_create(struct hws_dev *dev,
			   const struct hws_cmd_definer_attr *attr,
			   struct hws_obj *definer);

struct hws_cmd_rtc_attr {
	uint8_t table_type;
	uint8_t log_hash_size;
	uint8_t log_depth;
	uint8_t ste_format;
	uint8_t reparse_mode;
	/* MLX5_IFC_RTC_STE_UPDATE_MODE_* and _ACCESS_MODE_*; 0: by hash */
	uint8_t update_mode;
	uint8_t access_mode;
	uint32_t pdn;
	uint32_t definer_id;
	/* 1: definer_id hashes only; each STE names the definer it matches by */
	uint8_t num_hash_definer;
	/* PRM_RTC_UPDATE_METHOD_FW: STEs are written by GENERATE_WQE only */
	uint8_t update_method;
	uint32_t stc_id;
	uint32_t ste_id;
	uint32_t ste_offset;
	uint32_t miss_ft_id;
};

int hws_cmd_rtc_create(struct hws_dev *dev, const struct hws_cmd_rtc_attr *attr,
		       struct hws_obj *rtc);

/*
 * GENERATE_WQE: firmware executes the GTA WQE given as its control, GTA
 * control and STE data segments, on an RTC of update_method FW, and hands
 * back the 64-byte CQE it made of it.
 */
int hws_cmd_generate_wqe(struct hws_dev *dev, uint32_t pdn,
			 const struct prm_wqe_ctrl_seg *ctrl,
			 const struct prm_wqe_gta_ctrl_seg *gta,
			 const uint8_t data[PRM_STE_SIZE],
			 struct prm_cqe64 *cqe);

int hws_cmd_counter_alloc(struct hws_dev *dev, uint8_t log_bulk,
			  struct hws_obj *fc);
int hws_cmd_counter_query(struct hws_obj *fc, uint32_t offset,
			  uint64_t *packets, uint64_t *octets);

/*
 * Create a device object from a command the caller built (cmd_fw_table.c);
 * a refusal is logged as every command's is.
 */
int hws_cmd_obj_create(struct hws_dev *dev, const void *in, size_t inlen,
		       void *out, size_t outlen, struct hws_obj *obj);

/* cmd_fw_table.c: firmware-managed flow tables */

/* A flow table firmware manages: entries in groups, 2^log_size of them. */
int hws_cmd_fw_ft_create(struct hws_dev *dev, uint8_t table_type, uint8_t level,
			 uint8_t log_size, struct hws_obj *ft);
/* A group of flow indexes first..last that matches every packet. */
int hws_cmd_fg_create(struct hws_dev *dev, uint8_t table_type, uint32_t ft_id,
		      uint32_t first, uint32_t last, struct hws_obj *fg);

struct hws_cmd_fte_dest {
	uint8_t type; /* MLX5_FLOW_DESTINATION_TYPE_* */
	uint32_t id; /* vport number, flow table id or TIR number */
	bool vhca_id_valid;
	uint16_t vhca_id; /* the E-Switch owner of a vport */
	uint32_t reformat_id; /* 0: none */
};

struct hws_cmd_fte_attr {
	uint8_t table_type;
	uint32_t ft_id;
	uint32_t group_id;
	uint32_t flow_index;
	uint16_t action; /* MLX5_FLOW_CONTEXT_ACTION_FWD_DEST or _DROP */
	bool ignore_flow_level;
	uint32_t num_dests;
	const struct hws_cmd_fte_dest *dests;
};

/* SET_FLOW_TABLE_ENTRY; the entry's handle deletes it. */
int hws_cmd_fte_set(struct hws_dev *dev, const struct hws_cmd_fte_attr *attr,
		    struct hws_obj *fte);
/* A packet reformat context: type MLX5_REFORMAT_TYPE_*, size bytes. */
int hws_cmd_reformat_alloc(struct hws_dev *dev, uint8_t type,
			   const uint8_t *data, size_t size,
			   struct hws_obj *reformat);

/* Destroy any object created above; the handle is gone on success. */
int hws_cmd_destroy(struct hws_obj *obj);

#endif /* HWS_CMD_H */
