/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * PRM layouts used by HWS, as mlx5_ifc-style bit structs: every field is an
 * array of uint8_t with one element per bit, so DEVX_SET/DEVX_GET from
 * rdma-core compute offsets and widths.  Positions follow the project's fact
 * sheets (shared/prm/commands.md and match.md).  Gaps are reserved and must
 * be zero.
 *
 * This header is shared by libhws and the device model; it holds layouts and
 * PRM constants only.
 */
#ifndef HWS_PRM_H
#define HWS_PRM_H

#include <stdint.h>
#include <stddef.h>
#include <endian.h>
#include <infiniband/mlx5dv.h>

/* Bit offset and width of a field, for code that works on raw bit ranges. */
#define PRM_BIT_OFF(typ, fld) __devx_bit_off(typ, fld)
#define PRM_BIT_SZ(typ, fld) __devx_bit_sz(typ, fld)

/* Command opcodes */
enum {
	MLX5_CMD_OP_QUERY_HCA_CAP = 0x100,
	MLX5_CMD_OP_CREATE_CQ = 0x400,
	MLX5_CMD_OP_DESTROY_CQ = 0x401,
	MLX5_CMD_OP_ALLOC_PD = 0x800,
	MLX5_CMD_OP_DEALLOC_PD = 0x801,
	MLX5_CMD_OP_CREATE_SQ = 0x904,
	MLX5_CMD_OP_MODIFY_SQ = 0x905,
	MLX5_CMD_OP_DESTROY_SQ = 0x906,
	MLX5_CMD_OP_CREATE_FLOW_TABLE = 0x930,
	MLX5_CMD_OP_DESTROY_FLOW_TABLE = 0x931,
	MLX5_CMD_OP_QUERY_FLOW_TABLE = 0x932,
	MLX5_CMD_OP_ALLOC_FLOW_COUNTER = 0x939,
	MLX5_CMD_OP_DEALLOC_FLOW_COUNTER = 0x93a,
	MLX5_CMD_OP_QUERY_FLOW_COUNTER = 0x93b,
	MLX5_CMD_OP_MODIFY_FLOW_TABLE = 0x93c,
	MLX5_CMD_OP_CREATE_GENERAL_OBJECT = 0xa00,
	MLX5_CMD_OP_MODIFY_GENERAL_OBJECT = 0xa01,
	MLX5_CMD_OP_QUERY_GENERAL_OBJECT = 0xa02,
	MLX5_CMD_OP_DESTROY_GENERAL_OBJECT = 0xa03,
	MLX5_CMD_OP_GENERATE_WQE = 0xb17,
};

/* Asynchronous events, as an EQE's event_type */
enum {
	MLX5_EVENT_TYPE_CQ_ERROR = 0x04,
	MLX5_EVENT_TYPE_WQ_CATAS_ERROR = 0x10,
};

/* Command status (output byte 0) */
enum {
	MLX5_CMD_STAT_OK = 0x00,
	MLX5_CMD_STAT_INT_ERR = 0x01,
	MLX5_CMD_STAT_BAD_OP_ERR = 0x02,
	MLX5_CMD_STAT_BAD_PARAM_ERR = 0x03,
	MLX5_CMD_STAT_BAD_SYS_STATE_ERR = 0x04,
	MLX5_CMD_STAT_BAD_RES_ERR = 0x05,
	MLX5_CMD_STAT_RES_BUSY = 0x06,
	MLX5_CMD_STAT_LIM_ERR = 0x08,
	MLX5_CMD_STAT_BAD_RES_STATE_ERR = 0x09,
	MLX5_CMD_STAT_IX_ERR = 0x0a,
	MLX5_CMD_STAT_NO_RES_ERR = 0x0f,
	MLX5_CMD_STAT_BAD_QP_STATE_ERR = 0x10,
	MLX5_CMD_STAT_BAD_PKT_ERR = 0x30,
	MLX5_CMD_STAT_BAD_SIZE_OUTS_CQES_ERR = 0x40,
	MLX5_CMD_STAT_BAD_INP_LEN_ERR = 0x50,
	MLX5_CMD_STAT_BAD_OUTP_LEN_ERR = 0x51,
};

/* General object types */
enum {
	MLX5_OBJ_TYPE_GENEVE_TLV_OPT = 0x000b,
	MLX5_OBJ_TYPE_MATCH_DEFINER = 0x0018,
	MLX5_OBJ_TYPE_HEADER_MODIFY_ARGUMENT = 0x0023,
	MLX5_OBJ_TYPE_STC = 0x0040,
	MLX5_OBJ_TYPE_RTC = 0x0041,
	MLX5_OBJ_TYPE_STE = 0x0042,
	MLX5_OBJ_TYPE_MODIFY_HDR_PATTERN = 0x0043,
};

/* QUERY_HCA_CAP op_mod = cap_type << 1 | cur_or_max */
enum {
	MLX5_HCA_CAP_OPMOD_GET_MAX = 0,
	MLX5_HCA_CAP_OPMOD_GET_CUR = 1,
};

enum {
	MLX5_CAP_GENERAL = 0x00,
	MLX5_CAP_FLOW_TABLE = 0x07,
	MLX5_CAP_ESWITCH_FLOW_TABLE = 0x08,
	MLX5_CAP_ESWITCH = 0x09,
	MLX5_CAP_WQE_BASED_FLOW_TABLE = 0x1b,
	MLX5_CAP_GENERAL_2 = 0x20,
};

/* Flow-table types (flow tables, RTC, STE and STC) */
enum {
	MLX5_FT_TYPE_NIC_RX = 0x0,
	MLX5_FT_TYPE_NIC_TX = 0x1,
	MLX5_FT_TYPE_FDB = 0x4,
	MLX5_FT_TYPE_FDB_RX = 0xa,
	MLX5_FT_TYPE_FDB_TX = 0xb,
};

enum {
	MLX5_IFC_RTC_STE_UPDATE_MODE_BY_HASH = 0,
	MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET = 1,
};

enum {
	MLX5_IFC_RTC_STE_ACCESS_MODE_BY_HASH = 0,
	MLX5_IFC_RTC_STE_ACCESS_MODE_LINEAR = 1,
};

enum {
	MLX5_IFC_RTC_REPARSE_NEVER = 0,
	MLX5_IFC_RTC_REPARSE_ALWAYS = 1,
	MLX5_IFC_RTC_REPARSE_BY_STC = 2,
};

enum {
	MLX5_IFC_RTC_STE_FORMAT_8DW = 0x4,
	MLX5_IFC_RTC_STE_FORMAT_11DW = 0x5,
	MLX5_IFC_RTC_STE_FORMAT_RANGE = 0x7,
};

enum {
	MLX5_IFC_DEFINER_FORMAT_ID_SELECT = 61,
};

enum {
	MLX5_IFC_STC_REPARSE_IGNORE = 0,
	MLX5_IFC_STC_REPARSE_NEVER = 1,
	MLX5_IFC_STC_REPARSE_ALWAYS = 2,
};

/* Which STE DW an STC action lands in */
enum {
	MLX5_IFC_STC_ACTION_OFFSET_CTRL = 0,
	MLX5_IFC_STC_ACTION_OFFSET_HIT = 3,
	MLX5_IFC_STC_ACTION_OFFSET_DW5 = 5,
	MLX5_IFC_STC_ACTION_OFFSET_DW6 = 6,
	MLX5_IFC_STC_ACTION_OFFSET_DW7 = 7,
};

enum {
	MLX5_IFC_STC_ACTION_TYPE_NOP = 0x00,
	MLX5_IFC_STC_ACTION_TYPE_COPY = 0x05,
	MLX5_IFC_STC_ACTION_TYPE_SET = 0x06,
	MLX5_IFC_STC_ACTION_TYPE_ADD = 0x07,
	MLX5_IFC_STC_ACTION_TYPE_REMOVE_WORDS = 0x08,
	MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE = 0x09,
	MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT = 0x0b,
	MLX5_IFC_STC_ACTION_TYPE_TAG = 0x0c,
	MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST = 0x0e,
	MLX5_IFC_STC_ACTION_TYPE_ASO = 0x12,
	MLX5_IFC_STC_ACTION_TYPE_COUNTER = 0x14,
	MLX5_IFC_STC_ACTION_TYPE_ADD_FIELD = 0x1b,
	MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_STE_TABLE = 0x80,
	MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_TIR = 0x81,
	MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT = 0x82,
	MLX5_IFC_STC_ACTION_TYPE_DROP = 0x83,
	MLX5_IFC_STC_ACTION_TYPE_ALLOW = 0x84,
	MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT = 0x85,
	MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_UPLINK = 0x86,
};

/* MODIFY_GENERAL_OBJECT(STC) modify_field_select */
enum {
	MLX5_IFC_MODIFY_STC_FIELD_SELECT_NEW_STC = 1 << 0,
};

/* MODIFY_FLOW_TABLE modify_field_select and table_miss_action */
enum {
	MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION = 1 << 0,
	MLX5_IFC_MODIFY_FLOW_TABLE_RTC_ID = 1 << 1,
};

enum {
	MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION_DEFAULT = 0,
	MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION_GOTO_TBL = 1,
};

enum {
	MLX5_SQC_STATE_RST = 0,
	MLX5_SQC_STATE_RDY = 1,
	MLX5_SQC_STATE_ERR = 3,
};

enum {
	MLX5_WQ_TYPE_CYCLIC = 1,
};

/* cmd_hca_cap.sq_ts_format: the formats an SQ may ask for */
enum {
	MLX5_SQ_TS_FORMAT_CAP_FREE_RUNNING = 0,
	MLX5_SQ_TS_FORMAT_CAP_REAL_TIME = 1,
	MLX5_SQ_TS_FORMAT_CAP_FREE_RUNNING_AND_REAL_TIME = 2,
};

/* sqc.ts_format */
enum {
	MLX5_SQC_TIMESTAMP_FORMAT_FREE_RUNNING = 0,
	MLX5_SQC_TIMESTAMP_FORMAT_DEFAULT = 1,
	MLX5_SQC_TIMESTAMP_FORMAT_REAL_TIME = 2,
};

/* Match criteria enable bits of fte_match_param */
enum {
	MLX5_MATCH_OUTER_HEADERS = 1 << 0,
	MLX5_MATCH_MISC_PARAMETERS = 1 << 1,
	MLX5_MATCH_INNER_HEADERS = 1 << 2,
	MLX5_MATCH_MISC_PARAMETERS_2 = 1 << 3,
	MLX5_MATCH_MISC_PARAMETERS_3 = 1 << 4,
	MLX5_MATCH_MISC_PARAMETERS_4 = 1 << 5,
	MLX5_MATCH_MISC_PARAMETERS_5 = 1 << 6,
};

/* cmd_hca_cap.flex_parser_protocols: the parsers a device has */
enum {
	MLX5_FLEX_PARSER_MPLS_OVER_GRE_ENABLED = 1 << 4,
	MLX5_FLEX_PARSER_MPLS_OVER_UDP_ENABLED = 1 << 5,
	MLX5_FLEX_PARSER_VXLAN_GPE_ENABLED = 1 << 7,
	MLX5_FLEX_PARSER_ICMP_V4_ENABLED = 1 << 8,
	MLX5_FLEX_PARSER_ICMP_V6_ENABLED = 1 << 9,
	MLX5_FLEX_PARSER_GENEVE_TLV_OPTION_0_ENABLED = 1 << 10,
	MLX5_FLEX_PARSER_GTPU_ENABLED = 1 << 11,
	MLX5_FLEX_PARSER_GTPU_DW_2_ENABLED = 1 << 16,
	MLX5_FLEX_PARSER_GTPU_FIRST_EXT_DW_0_ENABLED = 1 << 17,
	MLX5_FLEX_PARSER_GTPU_DW_0_ENABLED = 1 << 18,
	MLX5_FLEX_PARSER_GTPU_TEID_ENABLED = 1 << 19,
};

/* Command mailbox headers */

struct mlx5_ifc_mbox_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
};

struct mlx5_ifc_mbox_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
};

struct mlx5_ifc_general_obj_create_param_bits {
	uint8_t alias_object[0x1];
	uint8_t reserved_at_1[0x2];
	uint8_t log_obj_range[0x5];
	uint8_t reserved_at_8[0x18];
};

struct mlx5_ifc_general_obj_query_param_bits {
	uint8_t alias_object[0x1];
	uint8_t obj_offset[0x1f];
};

struct mlx5_ifc_general_obj_in_cmd_hdr_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t vhca_tunnel_id[0x10];
	uint8_t obj_type[0x10];
	uint8_t obj_id[0x20];
	union {
		struct mlx5_ifc_general_obj_create_param_bits create;
		struct mlx5_ifc_general_obj_query_param_bits query;
	} op_param;
};

struct mlx5_ifc_general_obj_out_cmd_hdr_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t obj_id[0x20];
	uint8_t reserved_at_60[0x20];
};

/* QUERY_HCA_CAP and the capability blocks HWS reads */

struct mlx5_ifc_query_hca_cap_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t other_function[0x1];
	uint8_t ec_vf_function[0x1];
	uint8_t reserved_at_42[0x1];
	uint8_t function_id_type[0x1]; /* 1: function_id is a vhca_id */
	uint8_t reserved_at_44[0xc];
	uint8_t function_id[0x10];
	uint8_t reserved_at_60[0x20];
};

struct mlx5_ifc_cmd_hca_cap_bits {
	uint8_t reserved_at_0[0x30];
	uint8_t vhca_id[0x10];
	uint8_t reserved_at_40[0x88];
	uint8_t log_max_cq_sz[0x8];
	uint8_t reserved_at_d0[0xb];
	uint8_t log_max_cq[0x5];
	uint8_t reserved_at_e0[0xc6];
	uint8_t nic_flow_table[0x1];
	uint8_t eswitch_manager[0x1];
	uint8_t reserved_at_1a8[0xe];
	uint8_t port_type[0x2];
	uint8_t reserved_at_1b8[0x43];
	uint8_t wqe_based_flow_table_update_cap[0x1];
	uint8_t cqe_version[0x4];
	uint8_t reserved_at_200[0x1d];
	uint8_t roce[0x1];
	uint8_t reserved_at_21e[0x22];
	uint8_t uar_4k[0x1];
	uint8_t reserved_at_241[0x9];
	uint8_t uar_sz[0x6];
	uint8_t reserved_at_250[0x1b];
	uint8_t log_bf_reg_size[0x5];
	uint8_t reserved_at_270[0xa0];
	uint8_t flow_counter_bulk_alloc[0x8];
	uint8_t reserved_at_318[0xb];
	uint8_t log_max_transport_domain[0x5];
	uint8_t reserved_at_328[0x3];
	uint8_t log_max_pd[0x5];
	uint8_t reserved_at_330[0x18];
	uint8_t log_max_flow_counter_bulk[0x8];
	uint8_t reserved_at_350[0x13];
	uint8_t log_max_rq[0x5];
	uint8_t reserved_at_368[0x3];
	uint8_t log_max_sq[0x5];
	uint8_t reserved_at_370[0x3];
	uint8_t log_max_tir[0x5];
	uint8_t reserved_at_378[0x13];
	uint8_t log_max_rqt[0x5];
	uint8_t reserved_at_390[0x3];
	uint8_t log_max_rqt_size[0x5];
	uint8_t reserved_at_398[0x43];
	uint8_t log_max_wq_sz[0x5];
	uint8_t reserved_at_3e0[0x20];
	uint8_t general_obj_types[0x40];
	uint8_t sq_ts_format[0x2];
	uint8_t reserved_at_442[0x28];
	uint8_t ipsec_offload[0x1];
	uint8_t reserved_at_46b[0xd5];
	uint8_t flex_parser_protocols[0x20];
	uint8_t reserved_at_560[0x62];
	uint8_t function_id_type_vhca_id[0x1];
	uint8_t reserved_at_5c3[0x101];
	uint8_t flex_parser_id_geneve_tlv_option_0[0x4];
	uint8_t reserved_at_6c8[0x10];
	uint8_t flex_parser_id_outer_first_mpls_over_gre[0x4];
	uint8_t flex_parser_id_outer_first_mpls_over_udp_label[0x4];
	uint8_t reserved_at_6e0[0x88];
	uint8_t log_header_modify_argument_granularity_offset[0x4];
	uint8_t log_header_modify_argument_granularity[0x4];
	uint8_t reserved_at_770[0x3];
	uint8_t log_header_modify_argument_max_alloc[0x5];
	uint8_t reserved_at_778[0x48];
	uint8_t match_definer_format_supported[0x40];
};

struct mlx5_ifc_cmd_hca_cap_2_bits {
	uint8_t reserved_at_0[0xe0];
	uint8_t cross_vhca_object_to_object_supported[0x20];
	uint8_t allowed_object_for_other_vhca_access_high[0x20];
	uint8_t allowed_object_for_other_vhca_access[0x20];
	uint8_t reserved_at_140[0x6a];
	uint8_t format_select_dw_8_6_ext[0x1];
	uint8_t reserved_at_1ab[0x15];
	uint8_t general_obj_types_127_64[0x40];
	uint8_t reserved_at_200[0x53];
	uint8_t flow_counter_bulk_log_max_alloc[0x5];
	uint8_t reserved_at_258[0x3];
	uint8_t flow_counter_bulk_log_granularity[0x5];
	uint8_t reserved_at_260[0x20];
	uint8_t format_select_dw_gtpu_dw_0[0x8];
	uint8_t format_select_dw_gtpu_dw_1[0x8];
	uint8_t format_select_dw_gtpu_dw_2[0x8];
	uint8_t format_select_dw_gtpu_first_ext_dw_0[0x8];
	uint8_t generate_wqe_type[0x20];
	uint8_t reserved_at_2c0[0x178];
	uint8_t encap_entropy_hash_type[0x4];
	uint8_t flow_table_hash_type[0x4];
	uint8_t reserved_at_440[0x3c0];
};

struct mlx5_ifc_flow_table_prop_layout_bits {
	uint8_t ft_support[0x1];
	uint8_t reserved_at_1[0x6];
	uint8_t reformat[0x1];
	uint8_t reserved_at_8[0x9];
	uint8_t sw_owner[0x1];
	uint8_t reserved_at_12[0xc];
	uint8_t sw_owner_v2[0x1];
	uint8_t reserved_at_1f[0x3];
	uint8_t log_max_ft_size[0x6];
	uint8_t reserved_at_28[0x10];
	uint8_t max_ft_level[0x8];
	uint8_t reserved_at_40[0x2a];
	uint8_t reparse[0x1];
	uint8_t reserved_at_6b[0x1];
	uint8_t cross_vhca_object[0x1];
	uint8_t reserved_at_6d[0x2];
	uint8_t ignore_flow_level_rtc_valid[0x1];
	uint8_t reserved_at_70[0x8];
	uint8_t log_max_ft_num[0x8];
	uint8_t reserved_at_80[0x10];
	uint8_t log_max_flow_counter[0x8];
	uint8_t log_max_destination[0x8];
	uint8_t reserved_at_a0[0x160];
};

struct mlx5_ifc_flow_table_nic_cap_bits {
	uint8_t reserved_at_0[0x2b];
	uint8_t log_max_packet_reformat_context[0x5];
	uint8_t reserved_at_30[0x6];
	uint8_t max_encap_header_size[0xa];
	uint8_t reserved_at_40[0x1c0];
	struct mlx5_ifc_flow_table_prop_layout_bits flow_table_properties_nic_receive;
	struct mlx5_ifc_flow_table_prop_layout_bits flow_table_properties_nic_receive_rdma;
	struct mlx5_ifc_flow_table_prop_layout_bits flow_table_properties_nic_receive_sniffer;
	struct mlx5_ifc_flow_table_prop_layout_bits flow_table_properties_nic_transmit;
	uint8_t reserved_at_a00[0x7600];
};

struct mlx5_ifc_flow_table_eswitch_cap_bits {
	uint8_t reserved_at_0[0x200];
	struct mlx5_ifc_flow_table_prop_layout_bits flow_table_properties_nic_esw_fdb;
	uint8_t reserved_at_400[0x7c00];
};

struct mlx5_ifc_esw_cap_bits {
	uint8_t reserved_at_0[0x1d];
	uint8_t merged_eswitch[0x1];
	uint8_t reserved_at_1e[0x2d];
	uint8_t log_max_packet_reformat_context[0x5];
	uint8_t reserved_at_50[0x6];
	uint8_t max_encap_header_size[0xa];
	uint8_t esw_manager_vport_number_valid[0x1];
	uint8_t reserved_at_61[0xf];
	uint8_t esw_manager_vport_number[0x10];
	uint8_t reserved_at_80[0x780];
};

struct mlx5_ifc_wqe_based_flow_table_cap_bits {
	uint8_t reserved_at_0[0x3];
	uint8_t log_max_num_ste[0x5];
	uint8_t reserved_at_8[0x3];
	uint8_t log_max_num_stc[0x5];
	uint8_t reserved_at_10[0x3];
	uint8_t log_max_num_rtc[0x5];
	uint8_t reserved_at_18[0x3];
	uint8_t log_max_num_header_modify_pattern[0x5];
	uint8_t rtc_hash_split_table[0x1];
	uint8_t rtc_linear_lookup_table[0x1];
	uint8_t reserved_at_22[0x1];
	uint8_t stc_alloc_log_granularity[0x5];
	uint8_t reserved_at_28[0x3];
	uint8_t stc_alloc_log_max[0x5];
	uint8_t reserved_at_30[0x3];
	uint8_t ste_alloc_log_granularity[0x5];
	uint8_t reserved_at_38[0x3];
	uint8_t ste_alloc_log_max[0x5];
	uint8_t reserved_at_40[0xb];
	uint8_t rtc_reparse_mode[0x5];
	uint8_t reserved_at_50[0x3];
	uint8_t rtc_index_mode[0x5];
	uint8_t reserved_at_58[0x3];
	uint8_t rtc_log_depth_max[0x5];
	uint8_t reserved_at_60[0x8];
	uint8_t max_header_modify_pattern_length[0x8];
	uint8_t ste_format[0x10];
	uint8_t stc_action_type_63_0[0x40];
	uint8_t stc_action_type_127_64[0x40];
	uint8_t header_insert_type[0x10];
	uint8_t header_remove_type[0x10];
	uint8_t trivial_match_definer[0x20];
	uint8_t reserved_at_140[0x1b];
	uint8_t rtc_max_num_hash_definer_gen_wqe[0x5];
	uint8_t reserved_at_160[0x18];
	uint8_t access_index_mode[0x8];
	uint8_t reserved_at_180[0x10];
	uint8_t ste_format_gen_wqe[0x10];
	uint8_t linear_match_definer_reg_c3[0x20];
	uint8_t fdb_jump_to_tir_stc[0x1];
	uint8_t fdb_rx_set_flow_tag_stc[0x1];
	uint8_t fdb_unified_en[0x1];
	uint8_t reserved_at_1c3[0x63d];
};

union mlx5_ifc_hca_cap_union_bits {
	struct mlx5_ifc_cmd_hca_cap_bits cmd_hca_cap;
	struct mlx5_ifc_cmd_hca_cap_2_bits cmd_hca_cap_2;
	struct mlx5_ifc_flow_table_nic_cap_bits flow_table_nic_cap;
	struct mlx5_ifc_flow_table_eswitch_cap_bits flow_table_eswitch_cap;
	struct mlx5_ifc_esw_cap_bits esw_cap;
	struct mlx5_ifc_wqe_based_flow_table_cap_bits wqe_based_flow_table_cap;
	uint8_t reserved_at_0[0x8000];
};

struct mlx5_ifc_query_hca_cap_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t reserved_at_40[0x40];
	union mlx5_ifc_hca_cap_union_bits capability;
};

/* cmd_hca_cap_2.generate_wqe_type: GENERATE_WQE writes flow-table STEs */
enum {
	MLX5_GENERATE_WQE_TYPE_FLOW_UPDATE = 1 << 1,
};

/* RTC, STE, STC and DEFINER general objects */

struct mlx5_ifc_rtc_bits {
	uint8_t modify_field_select[0x40];
	uint8_t reserved_at_40[0x40];
	uint8_t update_index_mode[0x2];
	uint8_t reparse_mode[0x2];
	uint8_t num_match_ste[0x4];
	uint8_t pd[0x18];
	uint8_t reserved_at_a0[0x9];
	uint8_t access_index_mode[0x3];
	uint8_t num_hash_definer[0x4];
	uint8_t update_method[0x1];
	uint8_t reserved_at_b1[0x2];
	uint8_t log_depth[0x5];
	uint8_t log_hash_size[0x8];
	uint8_t ste_format_0[0x8];
	uint8_t table_type[0x8];
	uint8_t ste_format_1[0x8];
	uint8_t reserved_at_d8[0x8];
	uint8_t match_definer_0[0x20];
	uint8_t stc_id[0x20];
	uint8_t ste_table_base_id[0x20];
	uint8_t ste_table_offset[0x20];
	uint8_t reserved_at_160[0x8];
	uint8_t miss_flow_table_id[0x18];
	uint8_t match_definer_1[0x20];
	uint8_t reserved_at_1a0[0x260];
};

struct mlx5_ifc_ste_bits {
	uint8_t modify_field_select[0x40];
	uint8_t reserved_at_40[0x48];
	uint8_t table_type[0x8];
	uint8_t reserved_at_90[0x370];
};

struct mlx5_ifc_stc_ste_param_ste_table_bits {
	uint8_t ste_obj_id[0x20];
	uint8_t match_definer_id[0x20];
	uint8_t reserved_at_40[0x3];
	uint8_t log_hash_size[0x5];
	uint8_t reserved_at_48[0x38];
};

struct mlx5_ifc_stc_ste_param_flow_counter_bits {
	uint8_t flow_counter_id[0x20];
	uint8_t reserved_at_20[0x60];
};

struct mlx5_ifc_stc_ste_param_jump_to_ft_bits {
	uint8_t reserved_at_0[0x8];
	uint8_t table_id[0x18];
	uint8_t reserved_at_20[0x60];
};

struct mlx5_ifc_stc_ste_param_vport_bits {
	uint8_t eswitch_owner_vhca_id[0x10];
	uint8_t vport_number[0x10];
	uint8_t eswitch_owner_vhca_id_valid[0x1];
	uint8_t reserved_at_21[0x5f];
};

/*
 * Rewrite actions (shared/prm/actions.md): the 8-byte modify actions that
 * patterns hold and single-action STCs carry, and the insert/remove
 * parameters of HEADER_INSERT, HEADER_REMOVE and REMOVE_WORDS STCs, whose
 * first DW pattern actions of type INSERT/REMOVE/REMOVE_WORDS reuse.
 */
enum {
	MLX5_MODIFICATION_TYPE_SET = 0x1,
	MLX5_MODIFICATION_TYPE_ADD = 0x2,
	MLX5_MODIFICATION_TYPE_COPY = 0x3,
	MLX5_MODIFICATION_TYPE_INSERT = 0x4,
	MLX5_MODIFICATION_TYPE_REMOVE = 0x5,
	MLX5_MODIFICATION_TYPE_NOP = 0x6,
	MLX5_MODIFICATION_TYPE_REMOVE_WORDS = 0x7,
	MLX5_MODIFICATION_TYPE_ADD_FIELD = 0x8,
	MLX5_MODIFICATION_TYPE_MAX = 0x9,
	PRM_MODIFY_ACTION_SIZE = 8,
	PRM_MAX_PATTERN_ACTIONS = 64, /* 512 bytes of pattern_data */
	PRM_ARG_ENTRY_SIZE = 64, /* one ARG index: 8 actions */
};

/* Header anchors of insert/remove actions (actions.md 5.2). */
enum {
	MLX5_HEADER_ANCHOR_PACKET_START = 0x00,
	MLX5_HEADER_ANCHOR_MAC = 0x01,
	MLX5_HEADER_ANCHOR_FIRST_VLAN_START = 0x02,
	MLX5_HEADER_ANCHOR_SECOND_VLAN_START = 0x03,
	MLX5_HEADER_ANCHOR_IPV6_IPV4 = 0x07,
	MLX5_HEADER_ANCHOR_ESP = 0x08,
	MLX5_HEADER_ANCHOR_TCP_UDP = 0x09,
	MLX5_HEADER_ANCHOR_TUNNEL_HEADER = 0x0a,
	MLX5_HEADER_ANCHOR_INNER_MAC = 0x13,
	MLX5_HEADER_ANCHOR_INNER_FIRST_VLAN_START = 0x14,
	MLX5_HEADER_ANCHOR_INNER_SECOND_VLAN_START = 0x15,
	MLX5_HEADER_ANCHOR_INNER_IPV6_IPV4 = 0x19,
	MLX5_HEADER_ANCHOR_INNER_TCP_UDP = 0x1a,
	MLX5_HEADER_ANCHOR_L4_PAYLOAD = 0x1b,
	MLX5_HEADER_ANCHOR_INNER_L4_PAYLOAD = 0x1c,
};

/* Modify-field ids (actions.md 2); inner = outer + 0x30 for 0x01..0x16. */
enum {
	MLX5_MODI_OUT_SMAC_47_16 = 0x01,
	MLX5_MODI_OUT_SMAC_15_0 = 0x02,
	MLX5_MODI_OUT_ETHERTYPE = 0x03,
	MLX5_MODI_OUT_DMAC_47_16 = 0x04,
	MLX5_MODI_OUT_DMAC_15_0 = 0x05,
	MLX5_MODI_OUT_IP_DSCP = 0x06,
	MLX5_MODI_OUT_TCP_FLAGS = 0x07,
	MLX5_MODI_OUT_TCP_SPORT = 0x08,
	MLX5_MODI_OUT_TCP_DPORT = 0x09,
	MLX5_MODI_OUT_IPV4_TTL = 0x0a,
	MLX5_MODI_OUT_UDP_SPORT = 0x0b,
	MLX5_MODI_OUT_UDP_DPORT = 0x0c,
	MLX5_MODI_OUT_SIPV6_127_96 = 0x0d,
	MLX5_MODI_OUT_SIPV6_95_64 = 0x0e,
	MLX5_MODI_OUT_SIPV6_63_32 = 0x0f,
	MLX5_MODI_OUT_SIPV6_31_0 = 0x10,
	MLX5_MODI_OUT_DIPV6_127_96 = 0x11,
	MLX5_MODI_OUT_DIPV6_95_64 = 0x12,
	MLX5_MODI_OUT_DIPV6_63_32 = 0x13,
	MLX5_MODI_OUT_DIPV6_31_0 = 0x14,
	MLX5_MODI_OUT_SIPV4 = 0x15,
	MLX5_MODI_OUT_DIPV4 = 0x16,
	MLX5_MODI_OUT_FIRST_VID = 0x17,
	MLX5_MODI_IN_OFFSET = 0x30, /* inner id of outer id x: x + 0x30 */
	MLX5_MODI_OUT_IPV6_HOPLIMIT = 0x47,
	MLX5_MODI_IN_IPV6_HOPLIMIT = 0x48,
	MLX5_MODI_META_DATA_REG_A = 0x49,
	MLX5_MODI_OUT_IP_PROTOCOL = 0x4a,
	MLX5_MODI_META_DATA_REG_B = 0x50,
	MLX5_MODI_META_REG_C_0 = 0x51,
	MLX5_MODI_META_REG_C_7 = 0x58,
	MLX5_MODI_OUT_TCP_SEQ_NUM = 0x59,
	MLX5_MODI_IN_TCP_SEQ_NUM = 0x5a,
	MLX5_MODI_OUT_TCP_ACK_NUM = 0x5b,
	MLX5_MODI_IN_TCP_ACK_NUM = 0x5c,
	MLX5_MODI_OUT_IP_ECN = 0x73,
	MLX5_MODI_IN_IP_ECN = 0x74,
};

struct mlx5_ifc_set_action_in_bits {
	uint8_t action_type[0x4];
	uint8_t field[0xc];
	uint8_t reserved_at_10[0x3];
	uint8_t offset[0x5];
	uint8_t reserved_at_18[0x3];
	uint8_t length[0x5];
	uint8_t data[0x20];
};

struct mlx5_ifc_copy_action_in_bits {
	uint8_t action_type[0x4];
	uint8_t src_field[0xc];
	uint8_t reserved_at_10[0x3];
	uint8_t src_offset[0x5];
	uint8_t reserved_at_18[0x3];
	uint8_t length[0x5];
	uint8_t reserved_at_20[0x4];
	uint8_t dst_field[0xc];
	uint8_t reserved_at_30[0x3];
	uint8_t dst_offset[0x5];
	uint8_t reserved_at_38[0x8];
};

struct mlx5_ifc_stc_ste_param_insert_bits {
	uint8_t action_type[0x4];
	uint8_t encap[0x1];
	uint8_t inline_data[0x1];
	uint8_t push_esp[0x1];
	uint8_t reserved_at_7[0x3];
	uint8_t insert_anchor[0x6];
	uint8_t reserved_at_10[0x1];
	uint8_t insert_offset[0x7];
	uint8_t reserved_at_18[0x1];
	uint8_t insert_size[0x7];
	uint8_t insert_argument[0x20];
};

struct mlx5_ifc_stc_ste_param_remove_bits {
	uint8_t action_type[0x4];
	uint8_t decap[0x1];
	uint8_t reserved_at_5[0x5];
	uint8_t remove_start_anchor[0x6];
	uint8_t reserved_at_10[0x2];
	uint8_t remove_end_anchor[0x6];
	uint8_t reserved_at_18[0x8];
};

struct mlx5_ifc_stc_ste_param_remove_words_bits {
	uint8_t action_type[0x4];
	uint8_t reserved_at_4[0x6];
	uint8_t remove_start_anchor[0x6];
	uint8_t reserved_at_10[0x1];
	uint8_t remove_offset[0x7];
	uint8_t reserved_at_18[0x2];
	uint8_t remove_size[0x6];
};

struct mlx5_ifc_stc_ste_param_header_modify_list_bits {
	uint8_t header_modify_pattern_id[0x20];
	uint8_t header_modify_argument_id[0x20];
};

union mlx5_ifc_stc_param_bits {
	struct mlx5_ifc_stc_ste_param_ste_table_bits ste_table;
	struct mlx5_ifc_stc_ste_param_flow_counter_bits flow_counter;
	struct mlx5_ifc_stc_ste_param_jump_to_ft_bits jump_to_ft;
	struct mlx5_ifc_stc_ste_param_vport_bits vport;
	struct mlx5_ifc_set_action_in_bits set;
	struct mlx5_ifc_set_action_in_bits add;
	struct mlx5_ifc_copy_action_in_bits copy;
	struct mlx5_ifc_copy_action_in_bits add_field;
	struct mlx5_ifc_stc_ste_param_insert_bits insert;
	struct mlx5_ifc_stc_ste_param_remove_bits remove;
	struct mlx5_ifc_stc_ste_param_remove_words_bits remove_words;
	struct mlx5_ifc_stc_ste_param_header_modify_list_bits modify_list;
	uint8_t reserved_at_0[0x80];
};

struct mlx5_ifc_stc_bits {
	uint8_t modify_field_select[0x40];
	uint8_t reserved_at_40[0x46];
	uint8_t reparse_mode[0x2];
	uint8_t table_type[0x8];
	uint8_t ste_action_offset[0x8];
	uint8_t action_type[0x8];
	uint8_t reserved_at_a0[0x60];
	union mlx5_ifc_stc_param_bits stc_param;
	uint8_t reserved_at_180[0x280];
};

struct mlx5_ifc_definer_bits {
	uint8_t modify_field_select[0x40];
	uint8_t reserved_at_40[0x50];
	uint8_t format_id[0x10];
	uint8_t reserved_at_a0[0x60];
	uint8_t format_select_dw3[0x8];
	uint8_t format_select_dw2[0x8];
	uint8_t format_select_dw1[0x8];
	uint8_t format_select_dw0[0x8];
	uint8_t format_select_dw7[0x8];
	uint8_t format_select_dw6[0x8];
	uint8_t format_select_dw5[0x8];
	uint8_t format_select_dw4[0x8];
	uint8_t reserved_at_140[0x18];
	uint8_t format_select_dw8[0x8];
	uint8_t reserved_at_160[0x20];
	uint8_t format_select_byte3[0x8];
	uint8_t format_select_byte2[0x8];
	uint8_t format_select_byte1[0x8];
	uint8_t format_select_byte0[0x8];
	uint8_t format_select_byte7[0x8];
	uint8_t format_select_byte6[0x8];
	uint8_t format_select_byte5[0x8];
	uint8_t format_select_byte4[0x8];
	uint8_t reserved_at_1c0[0x40];
	uint8_t ctrl[0xa0];
	uint8_t match_mask[0x160];
};

/*
 * GENERATE_WQE: firmware executes the GTA WQE carried in the command on an
 * RTC created with update_method 1, and returns the CQE it would have
 * written.  wqe_gta_data_1 carries a range STE's second half.
 */
struct mlx5_ifc_generate_wqe_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mode[0x10];
	uint8_t reserved_at_40[0x40];
	uint8_t reserved_at_80[0x8];
	uint8_t pdn[0x18];
	uint8_t reserved_at_a0[0x160];
	uint8_t wqe_ctrl[0x80];
	uint8_t wqe_gta_ctrl[0x180];
	uint8_t wqe_gta_data_0[0x200];
	uint8_t wqe_gta_data_1[0x200];
};

struct mlx5_ifc_generate_wqe_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t reserved_at_40[0x1c0];
	uint8_t cqe_data[0x200];
};

struct mlx5_ifc_create_rtc_in_bits {
	struct mlx5_ifc_general_obj_in_cmd_hdr_bits hdr;
	struct mlx5_ifc_rtc_bits rtc;
};

struct mlx5_ifc_create_ste_in_bits {
	struct mlx5_ifc_general_obj_in_cmd_hdr_bits hdr;
	struct mlx5_ifc_ste_bits ste;
};

struct mlx5_ifc_create_stc_in_bits {
	struct mlx5_ifc_general_obj_in_cmd_hdr_bits hdr;
	struct mlx5_ifc_stc_bits stc;
};

/* MODIFY_HEADER_PATTERN (0x43) and HEADER_MODIFY_ARGUMENT (0x23) objects */
struct mlx5_ifc_header_modify_pattern_in_bits {
	uint8_t modify_field_select[0x40];
	uint8_t reserved_at_40[0x40];
	uint8_t pattern_length[0x8];
	uint8_t reserved_at_88[0x78];
	uint8_t pattern_data[0x1000]; /* PRM_MAX_PATTERN_ACTIONS actions */
};

struct mlx5_ifc_create_header_modify_pattern_in_bits {
	struct mlx5_ifc_general_obj_in_cmd_hdr_bits hdr;
	struct mlx5_ifc_header_modify_pattern_in_bits pattern;
};

struct mlx5_ifc_arg_bits {
	uint8_t modify_field_select[0x40];
	uint8_t reserved_at_40[0x48];
	uint8_t access_pd[0x18];
};

struct mlx5_ifc_create_modify_header_arg_in_bits {
	struct mlx5_ifc_general_obj_in_cmd_hdr_bits hdr;
	struct mlx5_ifc_arg_bits arg;
};

/* The GENEVE option the device's flex parser reads (option 0). */
struct mlx5_ifc_geneve_tlv_option_bits {
	uint8_t modify_field_select[0x40];
	uint8_t reserved_at_40[0x18];
	uint8_t geneve_option_fte_index[0x8];
	uint8_t option_class[0x10];
	uint8_t option_type[0x8];
	uint8_t reserved_at_78[0x3];
	uint8_t option_data_length[0x5]; /* in 4-byte words */
	uint8_t reserved_at_80[0x180];
};

struct mlx5_ifc_create_geneve_tlv_option_in_bits {
	struct mlx5_ifc_general_obj_in_cmd_hdr_bits hdr;
	struct mlx5_ifc_geneve_tlv_option_bits geneve_tlv_opt;
};

struct mlx5_ifc_create_definer_in_bits {
	struct mlx5_ifc_general_obj_in_cmd_hdr_bits hdr;
	struct mlx5_ifc_definer_bits definer;
};

/* Flow tables */

struct mlx5_ifc_flow_table_context_bits {
	uint8_t reformat_en[0x1];
	uint8_t decap_en[0x1];
	uint8_t sw_owner[0x1];
	uint8_t termination_table[0x1];
	uint8_t table_miss_action[0x4];
	uint8_t level[0x8];
	uint8_t rtc_valid[0x1];
	uint8_t reserved_at_11[0x7];
	uint8_t log_size[0x8];
	uint8_t reserved_at_20[0x8];
	uint8_t table_miss_id[0x18];
	uint8_t reserved_at_40[0x8];
	uint8_t lag_master_next_table_id[0x18];
	uint8_t reserved_at_60[0x60];
	union {
		struct {
			uint8_t rtc_id_0[0x20];
			uint8_t rtc_id_1[0x20];
			uint8_t reserved_at_100[0x40];
		} hws;
		/* what QUERY_FLOW_TABLE reports: the ICM roots, TX then RX */
		struct {
			uint8_t sw_owner_icm_root_1[0x40];
			uint8_t sw_owner_icm_root_0[0x40];
		} sws;
	};
};

struct mlx5_ifc_create_flow_table_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t other_vport[0x1];
	uint8_t reserved_at_41[0xf];
	uint8_t vport_number[0x10];
	uint8_t reserved_at_60[0x20];
	uint8_t table_type[0x8];
	uint8_t reserved_at_88[0x38];
	struct mlx5_ifc_flow_table_context_bits flow_table_context;
};

struct mlx5_ifc_create_flow_table_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t reserved_at_40[0x8];
	uint8_t table_id[0x18];
	uint8_t reserved_at_60[0x20];
};

struct mlx5_ifc_modify_flow_table_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t other_vport[0x1];
	uint8_t reserved_at_41[0xf];
	uint8_t vport_number[0x10];
	uint8_t reserved_at_60[0x10];
	uint8_t modify_field_select[0x10];
	uint8_t table_type[0x8];
	uint8_t reserved_at_88[0x20];
	uint8_t table_id[0x18];
	struct mlx5_ifc_flow_table_context_bits flow_table_context;
};

struct mlx5_ifc_destroy_flow_table_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t other_vport[0x1];
	uint8_t reserved_at_41[0xf];
	uint8_t vport_number[0x10];
	uint8_t reserved_at_60[0x20];
	uint8_t table_type[0x8];
	uint8_t reserved_at_88[0x20];
	uint8_t table_id[0x18];
	uint8_t reserved_at_c0[0x140];
};

struct mlx5_ifc_query_flow_table_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0x40];
	uint8_t table_type[0x8];
	uint8_t reserved_at_88[0x20];
	uint8_t table_id[0x18];
	uint8_t reserved_at_c0[0x140];
};

struct mlx5_ifc_query_flow_table_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t reserved_at_40[0x80];
	struct mlx5_ifc_flow_table_context_bits flow_table_context;
};

/* Flow counters */

struct mlx5_ifc_alloc_flow_counter_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0x33];
	uint8_t flow_counter_bulk_log_size[0x5];
	uint8_t flow_counter_bulk[0x8];
};

struct mlx5_ifc_alloc_flow_counter_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t flow_counter_id[0x20];
	uint8_t reserved_at_60[0x20];
};

struct mlx5_ifc_dealloc_flow_counter_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t flow_counter_id[0x20];
	uint8_t reserved_at_60[0x20];
};

struct mlx5_ifc_query_flow_counter_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0x80];
	uint8_t clear[0x1];
	uint8_t dump_to_memory[0x1];
	uint8_t num_of_counters[0x1e];
	uint8_t flow_counter_id[0x20];
};

struct mlx5_ifc_traffic_counter_bits {
	uint8_t packets[0x40];
	uint8_t octets[0x40];
};

struct mlx5_ifc_query_flow_counter_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t reserved_at_40[0x40];
	struct mlx5_ifc_traffic_counter_bits flow_statistics;
};

/* PD, CQ and SQ */

struct mlx5_ifc_alloc_pd_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0x40];
};

struct mlx5_ifc_alloc_pd_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t reserved_at_40[0x8];
	uint8_t pd[0x18];
	uint8_t reserved_at_60[0x20];
};

/* DEALLOC_PD, DESTROY_CQ and DESTROY_SQ share this shape. */
struct mlx5_ifc_destroy_qnum_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0x8];
	uint8_t num[0x18];
	uint8_t reserved_at_60[0x20];
};

struct mlx5_ifc_cqc_bits {
	uint8_t status[0x4];
	uint8_t reserved_at_4[0x2];
	uint8_t dbr_umem_valid[0x1];
	uint8_t reserved_at_7[0x1];
	uint8_t cqe_sz[0x3];
	uint8_t cc[0x1];
	uint8_t reserved_at_c[0x2];
	uint8_t oi[0x1];
	uint8_t cq_period_mode[0x2];
	uint8_t cqe_comp_en[0x1];
	uint8_t reserved_at_12[0x2];
	uint8_t st[0x4];
	uint8_t reserved_at_18[0x8];
	uint8_t dbr_umem_id[0x20];
	uint8_t reserved_at_40[0x14];
	uint8_t page_offset[0x6];
	uint8_t reserved_at_5a[0x4];
	uint8_t cq_timestamp_format[0x2];
	uint8_t reserved_at_60[0x3];
	uint8_t log_cq_size[0x5];
	uint8_t uar_page[0x18];
	uint8_t reserved_at_80[0x4];
	uint8_t cq_period[0xc];
	uint8_t cq_max_count[0x10];
	uint8_t c_eqn_or_apu_element[0x20];
	uint8_t reserved_at_c0[0x3];
	uint8_t log_page_size[0x5];
	uint8_t reserved_at_c8[0x38];
	uint8_t reserved_at_100[0x8];
	uint8_t last_notified_index[0x18];
	uint8_t reserved_at_120[0x8];
	uint8_t last_solicit_index[0x18];
	uint8_t reserved_at_140[0x8];
	uint8_t consumer_counter[0x18];
	uint8_t reserved_at_160[0x8];
	uint8_t producer_counter[0x18];
	uint8_t reserved_at_180[0x40];
	uint8_t dbr_addr[0x40];
};

struct mlx5_ifc_create_cq_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0x40];
	struct mlx5_ifc_cqc_bits cq_context;
	uint8_t cq_umem_offset[0x40];
	uint8_t cq_umem_id[0x20];
	uint8_t cq_umem_valid[0x1];
	uint8_t reserved_at_2e1[0x59f];
};

struct mlx5_ifc_create_qnum_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t reserved_at_40[0x8];
	uint8_t num[0x18];
	uint8_t reserved_at_60[0x20];
};

struct mlx5_ifc_wq_bits {
	uint8_t wq_type[0x4];
	uint8_t reserved_at_4[0x27];
	uint8_t page_offset[0x5];
	uint8_t reserved_at_30[0x18];
	uint8_t pd[0x18];
	uint8_t reserved_at_60[0x8];
	uint8_t uar_page[0x18];
	uint8_t dbr_addr[0x40];
	uint8_t hw_counter[0x20];
	uint8_t sw_counter[0x20];
	uint8_t reserved_at_100[0xc];
	uint8_t log_wq_stride[0x4];
	uint8_t reserved_at_110[0x3];
	uint8_t log_wq_pg_sz[0x5];
	uint8_t reserved_at_118[0x3];
	uint8_t log_wq_sz[0x5];
	uint8_t dbr_umem_valid[0x1];
	uint8_t wq_umem_valid[0x1];
	uint8_t reserved_at_122[0x1e];
	uint8_t dbr_umem_id[0x20];
	uint8_t wq_umem_id[0x20];
	uint8_t wq_umem_offset[0x40];
	uint8_t reserved_at_1c0[0x440];
};

struct mlx5_ifc_sqc_bits {
	uint8_t rlky[0x1];
	uint8_t cd_master[0x1];
	uint8_t fre[0x1];
	uint8_t flush_in_error_en[0x1];
	uint8_t allow_multi_pkt_send_wqe[0x1];
	uint8_t min_wqe_inline_mode[0x3];
	uint8_t state[0x4];
	uint8_t reg_umr[0x1];
	uint8_t allow_swp[0x1];
	uint8_t hairpin[0x1];
	uint8_t non_wire[0x1];
	uint8_t static_sq_wq[0x1];
	uint8_t reserved_at_11[0x9];
	uint8_t ts_format[0x2];
	uint8_t reserved_at_1c[0x4];
	uint8_t reserved_at_20[0x8];
	uint8_t user_index[0x18];
	uint8_t reserved_at_40[0x8];
	uint8_t cqn[0x18];
	uint8_t reserved_at_60[0xa0];
	uint8_t tis_lst_sz[0x10];
	uint8_t reserved_at_110[0x58];
	uint8_t tis_num_0[0x18];
	struct mlx5_ifc_wq_bits wq;
};

struct mlx5_ifc_create_sq_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0xc0];
	struct mlx5_ifc_sqc_bits ctx;
};

struct mlx5_ifc_modify_sq_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t sq_state[0x4];
	uint8_t reserved_at_44[0x4];
	uint8_t sqn[0x18];
	uint8_t reserved_at_60[0x20];
	uint8_t modify_bitmask[0x40];
	uint8_t reserved_at_c0[0x40];
	struct mlx5_ifc_sqc_bits ctx;
};

/*
 * Receive path: transport domain, RQ, RQT and TIR (prm/rx.md).  DESTROY_RQ,
 * DESTROY_RQT, DESTROY_TIR and DEALLOC_TRANSPORT_DOMAIN take the number in
 * destroy_qnum_in's place; the create outputs return it as create_qnum_out.
 */
enum {
	MLX5_CMD_OP_ALLOC_TRANSPORT_DOMAIN = 0x816,
	MLX5_CMD_OP_DEALLOC_TRANSPORT_DOMAIN = 0x817,
	MLX5_CMD_OP_CREATE_TIR = 0x900,
	MLX5_CMD_OP_DESTROY_TIR = 0x902,
	MLX5_CMD_OP_CREATE_RQ = 0x908,
	MLX5_CMD_OP_MODIFY_RQ = 0x909,
	MLX5_CMD_OP_DESTROY_RQ = 0x90a,
	MLX5_CMD_OP_CREATE_RQT = 0x916,
	MLX5_CMD_OP_DESTROY_RQT = 0x918,
};

enum {
	MLX5_RQC_STATE_RST = 0,
	MLX5_RQC_STATE_RDY = 1,
	MLX5_RQC_STATE_ERR = 3,
	MLX5_RQC_MEM_RQ_TYPE_INLINE = 0,
	MLX5_TIRC_DISP_TYPE_DIRECT = 0,
	MLX5_TIRC_DISP_TYPE_INDIRECT = 1,
	MLX5_RX_HASH_FN_NONE = 0,
	MLX5_RX_HASH_FN_INVERTED_XOR8 = 1,
	MLX5_RX_HASH_FN_TOEPLITZ = 2,
	MLX5_L3_PROT_TYPE_IPV4 = 0,
	MLX5_L3_PROT_TYPE_IPV6 = 1,
	MLX5_L4_PROT_TYPE_TCP = 0,
	MLX5_L4_PROT_TYPE_UDP = 1,
};

/* rx_hash_field_select.selected_fields */
enum {
	MLX5_HASH_FIELD_SEL_SRC_IP = 1 << 0,
	MLX5_HASH_FIELD_SEL_DST_IP = 1 << 1,
	MLX5_HASH_FIELD_SEL_L4_SPORT = 1 << 2,
	MLX5_HASH_FIELD_SEL_L4_DPORT = 1 << 3,
	MLX5_HASH_FIELD_SEL_IPSEC_SPI = 1 << 4,
};

#define PRM_TOEPLITZ_KEY_SIZE 40

struct mlx5_ifc_alloc_transport_domain_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0x40];
};

struct mlx5_ifc_rqc_bits {
	uint8_t rlky[0x1];
	uint8_t delay_drop_en[0x1];
	uint8_t scatter_fcs[0x1];
	uint8_t vsd[0x1];
	uint8_t mem_rq_type[0x4];
	uint8_t state[0x4];
	uint8_t reserved_at_c[0x1];
	uint8_t flush_in_error_en[0x1];
	uint8_t hairpin[0x1];
	uint8_t reserved_at_f[0xb];
	uint8_t ts_format[0x2];
	uint8_t reserved_at_1c[0x4];
	uint8_t reserved_at_20[0x8];
	uint8_t user_index[0x18];
	uint8_t reserved_at_40[0x8];
	uint8_t cqn[0x18];
	uint8_t counter_set_id[0x8];
	uint8_t reserved_at_68[0x18];
	uint8_t reserved_at_80[0x8];
	uint8_t rmpn[0x18];
	uint8_t reserved_at_a0[0x8];
	uint8_t hairpin_peer_sq[0x18];
	uint8_t reserved_at_c0[0x10];
	uint8_t hairpin_peer_vhca[0x10];
	uint8_t reserved_at_e0[0xa0];
	struct mlx5_ifc_wq_bits wq;
};

struct mlx5_ifc_create_rq_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0xc0];
	struct mlx5_ifc_rqc_bits ctx;
};

struct mlx5_ifc_modify_rq_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t rq_state[0x4];
	uint8_t reserved_at_44[0x4];
	uint8_t rqn[0x18];
	uint8_t reserved_at_60[0x20];
	uint8_t modify_bitmask[0x40];
	uint8_t reserved_at_c0[0x40];
	struct mlx5_ifc_rqc_bits ctx;
};

/* The fixed part; rqt_actual_size rq_num entries follow it. */
struct mlx5_ifc_rqtc_bits {
	uint8_t reserved_at_0[0xa5];
	uint8_t list_q_type[0x3];
	uint8_t reserved_at_a8[0x8];
	uint8_t rqt_max_size[0x10];
	uint8_t rq_vhca_id_format[0x1];
	uint8_t reserved_at_c1[0xf];
	uint8_t rqt_actual_size[0x10];
	uint8_t reserved_at_e0[0x6a0];
};

struct mlx5_ifc_rq_num_bits {
	uint8_t reserved_at_0[0x8];
	uint8_t rq_num[0x18];
};

struct mlx5_ifc_create_rqt_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0xc0];
	struct mlx5_ifc_rqtc_bits rqt_context;
};

struct mlx5_ifc_rx_hash_field_select_bits {
	uint8_t l3_prot_type[0x1];
	uint8_t l4_prot_type[0x1];
	uint8_t selected_fields[0x1e];
};

struct mlx5_ifc_tirc_bits {
	uint8_t reserved_at_0[0x20];
	uint8_t disp_type[0x4];
	uint8_t tls_en[0x1];
	uint8_t reserved_at_25[0x1b];
	uint8_t reserved_at_40[0x40];
	uint8_t reserved_at_80[0x4];
	uint8_t lro_timeout_period_usecs[0x10];
	uint8_t packet_merge_mask[0x4];
	uint8_t lro_max_ip_payload_size[0x8];
	uint8_t reserved_at_a0[0x40];
	uint8_t reserved_at_e0[0x8];
	uint8_t inline_rqn[0x18];
	uint8_t rx_hash_symmetric[0x1];
	uint8_t reserved_at_101[0x1];
	uint8_t tunneled_offload_en[0x1];
	uint8_t reserved_at_103[0x5];
	uint8_t indirect_table[0x18];
	uint8_t rx_hash_fn[0x4];
	uint8_t reserved_at_124[0x2];
	uint8_t self_lb_block[0x2];
	uint8_t transport_domain[0x18];
	uint8_t rx_hash_toeplitz_key[0x140];
	struct mlx5_ifc_rx_hash_field_select_bits rx_hash_field_selector_outer;
	struct mlx5_ifc_rx_hash_field_select_bits rx_hash_field_selector_inner;
	uint8_t reserved_at_2c0[0x4c0];
};

struct mlx5_ifc_create_tir_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0xc0];
	struct mlx5_ifc_tirc_bits ctx;
};

/* STC JUMP_TO_TIR parameter */
struct mlx5_ifc_stc_ste_param_tir_bits {
	uint8_t reserved_at_0[0x8];
	uint8_t tirn[0x18];
	uint8_t reserved_at_20[0x60];
};

/* fte_match_param: the match mask/value layout users pass in */

struct mlx5_ifc_fte_match_set_lyr_2_4_bits {
	uint8_t smac_47_16[0x20];
	uint8_t smac_15_0[0x10];
	uint8_t ethertype[0x10];
	uint8_t dmac_47_16[0x20];
	uint8_t dmac_15_0[0x10];
	uint8_t first_prio[0x3];
	uint8_t first_cfi[0x1];
	uint8_t first_vid[0xc];
	uint8_t ip_protocol[0x8];
	uint8_t ip_dscp[0x6];
	uint8_t ip_ecn[0x2];
	uint8_t cvlan_tag[0x1];
	uint8_t svlan_tag[0x1];
	uint8_t frag[0x1];
	uint8_t ip_version[0x4];
	uint8_t tcp_flags[0x9];
	uint8_t tcp_sport[0x10];
	uint8_t tcp_dport[0x10];
	uint8_t l4_type[0x2];
	uint8_t reserved_at_c2[0xe];
	uint8_t ipv4_ihl[0x4];
	uint8_t reserved_at_d4[0x4];
	uint8_t ttl_hoplimit[0x8];
	uint8_t udp_sport[0x10];
	uint8_t udp_dport[0x10];
	uint8_t src_ipv4_src_ipv6[0x80];
	uint8_t dst_ipv4_dst_ipv6[0x80];
};

struct mlx5_ifc_fte_match_set_misc_bits {
	uint8_t gre_c_present[0x1];
	uint8_t reserved_at_1[0x1];
	uint8_t gre_k_present[0x1];
	uint8_t gre_s_present[0x1];
	uint8_t source_vhca_port[0x4];
	uint8_t source_sqn[0x18];
	uint8_t source_eswitch_owner_vhca_id[0x10];
	uint8_t source_port[0x10];
	uint8_t outer_second_prio[0x3];
	uint8_t outer_second_cfi[0x1];
	uint8_t outer_second_vid[0xc];
	uint8_t inner_second_prio[0x3];
	uint8_t inner_second_cfi[0x1];
	uint8_t inner_second_vid[0xc];
	uint8_t outer_second_cvlan_tag[0x1];
	uint8_t inner_second_cvlan_tag[0x1];
	uint8_t outer_second_svlan_tag[0x1];
	uint8_t inner_second_svlan_tag[0x1];
	uint8_t reserved_at_64[0xc];
	uint8_t gre_protocol[0x10];
	uint8_t gre_key[0x20];
	uint8_t vxlan_vni[0x18];
	uint8_t bth_opcode[0x8];
	uint8_t geneve_vni[0x18];
	uint8_t reserved_at_d8[0x6];
	uint8_t geneve_tlv_option_0_exist[0x1];
	uint8_t geneve_oam[0x1];
	uint8_t reserved_at_e0[0xc];
	uint8_t outer_ipv6_flow_label[0x14];
	uint8_t reserved_at_100[0xc];
	uint8_t inner_ipv6_flow_label[0x14];
	uint8_t reserved_at_120[0xa];
	uint8_t geneve_opt_len[0x6];
	uint8_t geneve_protocol_type[0x10];
	uint8_t reserved_at_140[0x8];
	uint8_t bth_dst_qp[0x18];
	uint8_t inner_esp_spi[0x20];
	uint8_t outer_esp_spi[0x20];
	uint8_t reserved_at_1a0[0x60];
};

struct mlx5_ifc_fte_match_set_misc2_bits {
	uint8_t outer_first_mpls[0x20];
	uint8_t inner_first_mpls[0x20];
	uint8_t outer_first_mpls_over_gre[0x20];
	uint8_t outer_first_mpls_over_udp[0x20];
	uint8_t metadata_reg_c_7[0x20];
	uint8_t metadata_reg_c_6[0x20];
	uint8_t metadata_reg_c_5[0x20];
	uint8_t metadata_reg_c_4[0x20];
	uint8_t metadata_reg_c_3[0x20];
	uint8_t metadata_reg_c_2[0x20];
	uint8_t metadata_reg_c_1[0x20];
	uint8_t metadata_reg_c_0[0x20];
	uint8_t metadata_reg_a[0x20];
	uint8_t reserved_at_1a0[0x8];
	uint8_t macsec_syndrome[0x8];
	uint8_t ipsec_syndrome[0x8];
	uint8_t reserved_at_1b8[0x8];
	uint8_t reserved_at_1c0[0x40];
};

struct mlx5_ifc_fte_match_set_misc3_bits {
	uint8_t inner_tcp_seq_num[0x20];
	uint8_t outer_tcp_seq_num[0x20];
	uint8_t inner_tcp_ack_num[0x20];
	uint8_t outer_tcp_ack_num[0x20];
	uint8_t reserved_at_80[0x8];
	uint8_t outer_vxlan_gpe_vni[0x18];
	uint8_t outer_vxlan_gpe_next_protocol[0x8];
	uint8_t outer_vxlan_gpe_flags[0x8];
	uint8_t reserved_at_b0[0x10];
	uint8_t icmp_header_data[0x20];
	uint8_t icmpv6_header_data[0x20];
	uint8_t icmp_type[0x8];
	uint8_t icmp_code[0x8];
	uint8_t icmpv6_type[0x8];
	uint8_t icmpv6_code[0x8];
	uint8_t geneve_tlv_option_0_data[0x20];
	uint8_t gtpu_teid[0x20];
	uint8_t gtpu_msg_type[0x8];
	uint8_t gtpu_msg_flags[0x8];
	uint8_t reserved_at_170[0x10];
	uint8_t gtpu_dw_2[0x20];
	uint8_t gtpu_first_ext_dw_0[0x20];
	uint8_t gtpu_dw_0[0x20];
	uint8_t reserved_at_1e0[0x20];
};

struct mlx5_ifc_fte_match_set_misc5_bits {
	uint8_t macsec_tag_0[0x20];
	uint8_t macsec_tag_1[0x20];
	uint8_t macsec_tag_2[0x20];
	uint8_t macsec_tag_3[0x20];
	uint8_t tunnel_header_0[0x20];
	uint8_t tunnel_header_1[0x20];
	uint8_t tunnel_header_2[0x20];
	uint8_t tunnel_header_3[0x20];
	uint8_t reserved_at_100[0x100];
};

struct mlx5_ifc_fte_match_param_bits {
	struct mlx5_ifc_fte_match_set_lyr_2_4_bits outer_headers;
	struct mlx5_ifc_fte_match_set_misc_bits misc_parameters;
	struct mlx5_ifc_fte_match_set_lyr_2_4_bits inner_headers;
	struct mlx5_ifc_fte_match_set_misc2_bits misc_parameters_2;
	struct mlx5_ifc_fte_match_set_misc3_bits misc_parameters_3;
	uint8_t misc_parameters_4[0x200];
	struct mlx5_ifc_fte_match_set_misc5_bits misc_parameters_5;
	uint8_t reserved_at_e00[0x200];
};

/* definer_hl: the hardware header layout that definer selectors index */

struct mlx5_ifc_definer_hl_eth_l2_bits {
	uint8_t dmac_47_16[0x20];
	uint8_t dmac_15_0[0x10];
	uint8_t l3_ethertype[0x10];
	uint8_t reserved_at_40[0x1];
	uint8_t sx_sniffer[0x1];
	uint8_t functional_lb[0x1];
	uint8_t ip_fragmented[0x1];
	uint8_t qp_type[0x2];
	uint8_t encap_type[0x2];
	uint8_t port_number[0x2];
	uint8_t l3_type[0x2];
	uint8_t l4_type_bwc[0x2];
	uint8_t first_vlan_qualifier[0x2];
	uint8_t first_priority[0x3];
	uint8_t first_cfi[0x1];
	uint8_t first_vlan_id[0xc];
	uint8_t l4_type[0x4];
	uint8_t reserved_at_64[0x2];
	uint8_t ipsec_layer[0x2];
	uint8_t l2_type[0x2];
	uint8_t force_lb[0x1];
	uint8_t l2_ok[0x1];
	uint8_t l3_ok[0x1];
	uint8_t l4_ok[0x1];
	uint8_t second_vlan_qualifier[0x2];
	uint8_t second_priority[0x3];
	uint8_t second_cfi[0x1];
	uint8_t second_vlan_id[0xc];
};

struct mlx5_ifc_definer_hl_eth_l2_src_bits {
	uint8_t smac_47_16[0x20];
	uint8_t smac_15_0[0x10];
	uint8_t loopback_syndrome[0x8];
	uint8_t l3_type[0x2];
	uint8_t l4_type_bwc[0x2];
	uint8_t first_vlan_qualifier[0x2];
	uint8_t ip_fragmented[0x1];
	uint8_t functional_lb[0x1];
};

struct mlx5_ifc_definer_hl_eth_l3_bits {
	uint8_t ip_version[0x4];
	uint8_t ihl[0x4];
	uint8_t dscp[0x6];
	uint8_t ecn[0x2];
	uint8_t time_to_live_hop_limit[0x8];
	uint8_t protocol_next_header[0x8];
	uint8_t identification[0x10];
	uint8_t ipv4_frag[0x10];
	uint8_t ipv4_total_length[0x10];
	uint8_t checksum[0x10];
	uint8_t reserved_at_60[0xc];
	uint8_t flow_label[0x14];
	uint8_t packet_length[0x10];
	uint8_t ipv6_payload_length[0x10];
};

struct mlx5_ifc_definer_hl_eth_l4_bits {
	uint8_t source_port[0x10];
	uint8_t destination_port[0x10];
	uint8_t data_offset[0x4];
	uint8_t l4_ok[0x1];
	uint8_t l3_ok[0x1];
	uint8_t ip_fragmented[0x1];
	uint8_t tcp_ns[0x1];
	uint8_t tcp_flags[0x8];
	uint8_t first_fragment[0x1];
	uint8_t reserved_at_31[0xf];
};

struct mlx5_ifc_definer_hl_src_qp_gvmi_bits {
	uint8_t loopback_syndrome[0x8];
	uint8_t l3_type[0x2];
	uint8_t l4_type_bwc[0x2];
	uint8_t first_vlan_qualifier[0x2];
	uint8_t reserved_at_e[0x1];
	uint8_t functional_lb[0x1];
	uint8_t source_gvmi[0x10];
	uint8_t force_lb[0x1];
	uint8_t ip_fragmented[0x1];
	uint8_t source_is_requestor[0x1];
	uint8_t reserved_at_23[0x5];
	uint8_t source_qp[0x18];
};

struct mlx5_ifc_definer_hl_ipv4_src_dst_bits {
	uint8_t source_address[0x20];
	uint8_t destination_address[0x20];
};

struct mlx5_ifc_definer_hl_ipv6_addr_bits {
	uint8_t ipv6_address_127_96[0x20];
	uint8_t ipv6_address_95_64[0x20];
	uint8_t ipv6_address_63_32[0x20];
	uint8_t ipv6_address_31_0[0x20];
};

struct mlx5_ifc_definer_hl_tunnel_header_bits {
	uint8_t tunnel_header_0[0x20];
	uint8_t tunnel_header_1[0x20];
	uint8_t tunnel_header_2[0x20];
	uint8_t tunnel_header_3[0x20];
};

struct mlx5_ifc_definer_hl_metadata_bits {
	uint8_t metadata_to_cqe[0x20];
	uint8_t general_purpose[0x20];
	uint8_t acomulated_hash[0x20];
};

struct mlx5_ifc_definer_hl_registers_bits {
	uint8_t register_c_10[0x20];
	uint8_t register_c_11[0x20];
	uint8_t register_c_8[0x20];
	uint8_t register_c_9[0x20];
	uint8_t register_c_6[0x20];
	uint8_t register_c_7[0x20];
	uint8_t register_c_4[0x20];
	uint8_t register_c_5[0x20];
	uint8_t register_c_2[0x20];
	uint8_t register_c_3[0x20];
	uint8_t register_c_0[0x20];
	uint8_t register_c_1[0x20];
};

struct mlx5_ifc_definer_hl_bits {
	struct mlx5_ifc_definer_hl_eth_l2_bits eth_l2_outer;
	struct mlx5_ifc_definer_hl_eth_l2_bits eth_l2_inner;
	struct mlx5_ifc_definer_hl_eth_l2_src_bits eth_l2_src_outer;
	struct mlx5_ifc_definer_hl_eth_l2_src_bits eth_l2_src_inner;
	uint8_t ib_l2[0x40];
	struct mlx5_ifc_definer_hl_eth_l3_bits eth_l3_outer;
	struct mlx5_ifc_definer_hl_eth_l3_bits eth_l3_inner;
	struct mlx5_ifc_definer_hl_eth_l4_bits eth_l4_outer;
	struct mlx5_ifc_definer_hl_eth_l4_bits eth_l4_inner;
	struct mlx5_ifc_definer_hl_src_qp_gvmi_bits source_qp_gvmi;
	uint8_t ib_l4[0x60];
	uint8_t oks1[0x20];
	uint8_t oks2[0x20];
	uint8_t voq[0x20];
	uint8_t reserved_at_480[0x380];
	struct mlx5_ifc_definer_hl_ipv4_src_dst_bits ipv4_src_dest_outer;
	struct mlx5_ifc_definer_hl_ipv4_src_dst_bits ipv4_src_dest_inner;
	struct mlx5_ifc_definer_hl_ipv6_addr_bits ipv6_dst_outer;
	struct mlx5_ifc_definer_hl_ipv6_addr_bits ipv6_dst_inner;
	struct mlx5_ifc_definer_hl_ipv6_addr_bits ipv6_src_outer;
	struct mlx5_ifc_definer_hl_ipv6_addr_bits ipv6_src_inner;
	uint8_t unsupported_dest_ib_l3[0x80];
	uint8_t unsupported_source_ib_l3[0x80];
	uint8_t unsupported_udp_misc_outer[0x20];
	uint8_t unsupported_udp_misc_inner[0x20];
	uint8_t tcp_icmp[0x60];
	struct mlx5_ifc_definer_hl_tunnel_header_bits tunnel_header;
	uint8_t mpls_outer[0xa0];
	uint8_t mpls_inner[0xa0];
	uint8_t unsupported_config_headers_outer[0x80];
	uint8_t unsupported_config_headers_inner[0x80];
	uint8_t random_number[0x20];
	uint8_t ipsec[0x60];
	struct mlx5_ifc_definer_hl_metadata_bits metadata;
	uint8_t unsupported_utc_timestamp[0x40];
	uint8_t unsupported_free_running_timestamp[0x40];
	uint8_t flex_parser[0x100];
	struct mlx5_ifc_definer_hl_registers_bits registers;
	uint8_t unsupported_reserved[0xd40];
};

/* Sizes of the match tag and the STE */
enum {
	PRM_STE_SIZE = 64,
	PRM_STE_CTRL_SIZE = 20,
	PRM_STE_ACTIONS_SIZE = 12,
	PRM_MATCH_TAG_SIZE = 32,
	PRM_JUMBO_TAG_SIZE = 44,
	PRM_DEFINER_DW_SELECTORS_MATCH = 6,
	PRM_DEFINER_DW_SELECTORS = 9,
	PRM_DEFINER_BYTE_SELECTORS = 8,
	PRM_DEFINER_HL_BYTES = 1024,
	PRM_FTE_MATCH_PARAM_BYTES = 512,
};

/* Send queue WQEs (big-endian words) */

enum {
	PRM_SEND_WQE_BB = 64,
	PRM_SND_DBR = 1,
	PRM_RCV_DBR = 0,
	PRM_OPCODE_TBL_ACCESS = 0x2c,
	PRM_WQE_CTRL_CQ_UPDATE = 0x08,
	PRM_WQE_CTRL_SMALL_FENCE = 0x20,
	PRM_GTA_OPMOD_STE = 0,
	PRM_GTA_OPMOD_MOD_ARG = 1,
	PRM_GTA_OP_ACTIVATE = 0,
	PRM_GTA_OP_DEACTIVATE = 1,
	PRM_GTA_OP_SHIFT = 28,
	PRM_GTA_DIRIX_MASK = 0x0fffffff,
	PRM_GTA_WQE_DS = 8,
	PRM_GTA_WQE_BBS = 2,
	/* RTC update_method: STEs written by WQE, or by GENERATE_WQE */
	PRM_RTC_UPDATE_METHOD_WQE = 0,
	PRM_RTC_UPDATE_METHOD_FW = 1,
};

/* Slots of gta_ctrl.stc_ix[] */
enum {
	PRM_STC_IX_CTRL = 0,
	PRM_STC_IX_HIT = 1,
	PRM_STC_IX_DW5 = 2,
	PRM_STC_IX_DW6 = 3,
	PRM_STC_IX_DW7 = 4,
	PRM_STC_IX_MAX = 5,
	/* bits 31..29 of stc_ix[CTRL]: how many action slots are set up */
	PRM_STC_IX_NUM_ACTIONS_SHIFT = 29,
};

struct prm_wqe_ctrl_seg {
	__be32 opmod_idx_opcode;
	__be32 qpn_ds;
	__be32 flags;
	__be32 imm;
};

struct prm_wqe_gta_ctrl_seg {
	__be32 op_dirix;
	__be32 stc_ix[PRM_STC_IX_MAX];
	__be32 rsvd0[6];
};

/* The 64-byte STE image carried by the GTA data segment */
struct prm_wqe_gta_data_seg_ste {
	__be32 ctr_id;
	__be32 definer;
	__be32 rsvd2[3];
	union {
		struct {
			__be32 action[3];
			__be32 tag[8];
		};
		__be32 jumbo[11];
	};
};

/*
 * The GTA data segment of a MOD_ARG WQE (opmod PRM_GTA_OPMOD_MOD_ARG): 64
 * bytes of argument data for the ARG index in ctrl.imm (ARG object id +
 * entry offset); its GTA control segment is all zero.
 */
struct prm_wqe_gta_data_seg_arg {
	__be32 action_args[PRM_ARG_ENTRY_SIZE / 4];
};

/* STE words written by action setters */
enum {
	PRM_STE_DW_CTR = 0,
	PRM_STE_DW_HIT = 3,
	PRM_STE_DW_HIT_LSB = 4,
	PRM_STE_DW_ACTION0 = 5,
};

/*
 * STE DW1 bits 15..8: match_definer_context_index, the definer an STE of a
 * hashing RTC (num_hash_definer 1) matches by: a DEFINER id of 8 bits.
 */
enum {
	PRM_STE_DW_DEFINER = 1,
	PRM_STE_DEFINER_SHIFT = 8,
	PRM_STE_DEFINER_ID_MAX = 0xff,
};

/* 64-byte CQE */
enum {
	PRM_CQE_SIZE = 64,
	PRM_CQE_OPCODE_REQ = 0x0,
	PRM_CQE_OPCODE_REQ_ERR = 0xd,
	PRM_CQE_OPCODE_RESP_ERR = 0xe,
	PRM_CQE_OPCODE_INVALID = 0xf,
	PRM_CQE_OWNER_MASK = 0x1,
	/* byte_cnt bit 31: the GTA operation failed (no room, collision) */
	PRM_CQE_GTA_FAILED = 1u << 31,
	/* error CQE syndromes */
	PRM_CQE_SYNDROME_LOCAL_QP_OP_ERR = 0x02,
	PRM_CQE_SYNDROME_WR_FLUSH_ERR = 0x05,
	PRM_CQE_SYNDROME_BAD_RESP_ERR = 0x10,
	PRM_CQE_SYNDROME_REMOTE_INVAL_REQ_ERR = 0x12,
};

struct prm_cqe64 {
	uint8_t rsvd0[44];
	__be32 byte_cnt;
	uint8_t rsvd1[6];
	uint8_t vendor_err_synd;
	uint8_t syndrome;
	__be32 sop_drop_qpn;
	__be16 wqe_counter;
	uint8_t signature;
	uint8_t op_own;
};

/*
 * The placement hash (match.md section 4): CRC-32 with the reflected
 * polynomial 0xEDB88320, initial value 0 and no final xor, over the hashed
 * tag bytes, read big-endian.  The row is the hash masked by the RTC's
 * log_hash_size.
 */
static const uint32_t prm_crc32_table[256] = {
	0x00000000, 0x77073096, 0xee0e612c, 0x990951ba, 0x076dc419, 0x706af48f,
	0xe963a535, 0x9e6495a3, 0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
	0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91, 0x1db71064, 0x6ab020f2,
	0xf3b97148, 0x84be41de, 0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
	0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec, 0x14015c4f, 0x63066cd9,
	0xfa0f3d63, 0x8d080df5, 0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
	0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b, 0x35b5a8fa, 0x42b2986c,
	0xdbbbc9d6, 0xacbcf940, 0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
	0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116, 0x21b4f4b5, 0x56b3c423,
	0xcfba9599, 0xb8bda50f, 0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
	0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d, 0x76dc4190, 0x01db7106,
	0x98d220bc, 0xefd5102a, 0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
	0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818, 0x7f6a0dbb, 0x086d3d2d,
	0x91646c97, 0xe6635c01, 0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
	0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457, 0x65b0d9c6, 0x12b7e950,
	0x8bbeb8ea, 0xfcb9887c, 0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
	0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2, 0x4adfa541, 0x3dd895d7,
	0xa4d1c46d, 0xd3d6f4fb, 0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
	0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9, 0x5005713c, 0x270241aa,
	0xbe0b1010, 0xc90c2086, 0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
	0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4, 0x59b33d17, 0x2eb40d81,
	0xb7bd5c3b, 0xc0ba6cad, 0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
	0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683, 0xe3630b12, 0x94643b84,
	0x0d6d6a3e, 0x7a6a5aa8, 0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
	0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe, 0xf762575d, 0x806567cb,
	0x196c3671, 0x6e6b06e7, 0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
	0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5, 0xd6d6a3e8, 0xa1d1937e,
	0x38d8c2c4, 0x4fdff252, 0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
	0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60, 0xdf60efc3, 0xa867df55,
	0x316e8eef, 0x4669be79, 0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
	0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f, 0xc5ba3bbe, 0xb2bd0b28,
	0x2bb45a92, 0x5cb36a04, 0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
	0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a, 0x9c0906a9, 0xeb0e363f,
	0x72076785, 0x05005713, 0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
	0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21, 0x86d3d2d4, 0xf1d4e242,
	0x68ddb3f8, 0x1fda836e, 0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
	0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c, 0x8f659eff, 0xf862ae69,
	0x616bffd3, 0x166ccf45, 0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
	0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db, 0xaed16a4a, 0xd9d65adc,
	0x40df0b66, 0x37d83bf0, 0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
	0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6, 0xbad03605, 0xcdd70693,
	0x54de5729, 0x23d967bf, 0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
	0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
};

static inline uint32_t prm_ste_hash(const uint8_t *data, size_t len)
{
	uint32_t crc = 0;
	size_t i;

	for (i = 0; i < len; i++)
		crc = (crc >> 8) ^ prm_crc32_table[(crc ^ data[i]) & 0xff];
	return be32toh(crc);
}

_Static_assert(sizeof(struct prm_wqe_ctrl_seg) == 16, "ctrl seg");
_Static_assert(sizeof(struct prm_wqe_gta_ctrl_seg) == 48, "gta ctrl seg");
_Static_assert(sizeof(struct prm_wqe_gta_data_seg_ste) == 64, "gta data seg");
_Static_assert(sizeof(struct prm_wqe_gta_data_seg_arg) == 64, "arg data seg");
_Static_assert(sizeof(struct prm_cqe64) == 64, "cqe");

#include "prm_fw_table.h"

#endif /* HWS_PRM_H */
