/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * PRM layouts of firmware-managed flow tables: flow groups, flow table
 * entries with their destination lists, and packet reformat contexts.  A
 * multi-destination action builds its "forward island" from them.  Shared
 * by libhws and the device model, like prm.h, which includes this file.
 */
#ifndef HWS_PRM_FW_TABLE_H
#define HWS_PRM_FW_TABLE_H

enum {
	MLX5_CMD_OP_CREATE_FLOW_GROUP = 0x933,
	MLX5_CMD_OP_DESTROY_FLOW_GROUP = 0x934,
	MLX5_CMD_OP_SET_FLOW_TABLE_ENTRY = 0x936,
	MLX5_CMD_OP_DELETE_FLOW_TABLE_ENTRY = 0x938,
	MLX5_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT = 0x93d,
	MLX5_CMD_OP_DEALLOC_PACKET_REFORMAT_CONTEXT = 0x93e,
};

/* flow_context.action: what an entry does with a packet */
enum {
	MLX5_FLOW_CONTEXT_ACTION_ALLOW = 1 << 0,
	MLX5_FLOW_CONTEXT_ACTION_DROP = 1 << 1,
	MLX5_FLOW_CONTEXT_ACTION_FWD_DEST = 1 << 2,
	MLX5_FLOW_CONTEXT_ACTION_COUNT = 1 << 3,
	MLX5_FLOW_CONTEXT_ACTION_PACKET_REFORMAT = 1 << 4,
};

/* dest_format.destination_type */
enum {
	MLX5_FLOW_DESTINATION_TYPE_VPORT = 0x0,
	MLX5_FLOW_DESTINATION_TYPE_FLOW_TABLE = 0x1,
	MLX5_FLOW_DESTINATION_TYPE_TIR = 0x2,
};

/* packet_reformat_context_in.reformat_type */
enum {
	MLX5_REFORMAT_TYPE_L2_TO_VXLAN = 0x0,
	MLX5_REFORMAT_TYPE_L2_TO_NVGRE = 0x1,
	MLX5_REFORMAT_TYPE_L2_TO_L2_TUNNEL = 0x2,
	MLX5_REFORMAT_TYPE_L3_TUNNEL_TO_L2 = 0x3,
	MLX5_REFORMAT_TYPE_L2_TO_L3_TUNNEL = 0x4,
};

/* The vport number that names the uplink in a destination entry. */
#define MLX5_VPORT_UPLINK 0xffff

struct mlx5_ifc_create_flow_group_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t other_vport[0x1];
	uint8_t reserved_at_41[0xf];
	uint8_t vport_number[0x10];
	uint8_t reserved_at_60[0x20];
	uint8_t table_type[0x8];
	uint8_t reserved_at_88[0x18];
	uint8_t reserved_at_a0[0x8];
	uint8_t table_id[0x18];
	uint8_t reserved_at_c0[0x20];
	uint8_t start_flow_index[0x20];
	uint8_t reserved_at_100[0x20];
	uint8_t end_flow_index[0x20];
	uint8_t reserved_at_140[0xa0];
	uint8_t reserved_at_1e0[0x18];
	uint8_t match_criteria_enable[0x8];
	uint8_t match_criteria[0x1000]; /* fte_match_param */
	uint8_t reserved_at_1200[0xe00];
};

struct mlx5_ifc_create_flow_group_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t reserved_at_40[0x8];
	uint8_t group_id[0x18];
	uint8_t reserved_at_60[0x20];
};

struct mlx5_ifc_destroy_flow_group_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t other_vport[0x1];
	uint8_t reserved_at_41[0xf];
	uint8_t vport_number[0x10];
	uint8_t reserved_at_60[0x20];
	uint8_t table_type[0x8];
	uint8_t reserved_at_88[0x18];
	uint8_t reserved_at_a0[0x8];
	uint8_t table_id[0x18];
	uint8_t group_id[0x20];
	uint8_t reserved_at_e0[0x120];
};

/* One destination list entry; extended entries add a reformat id. */
struct mlx5_ifc_dest_format_bits {
	uint8_t destination_type[0x8];
	uint8_t destination_id[0x18];
	uint8_t destination_eswitch_owner_vhca_id_valid[0x1];
	uint8_t packet_reformat[0x1];
	uint8_t reserved_at_22[0xe];
	uint8_t destination_eswitch_owner_vhca_id[0x10];
};

struct mlx5_ifc_extended_dest_format_bits {
	struct mlx5_ifc_dest_format_bits destination_entry;
	uint8_t packet_reformat_id[0x20];
	uint8_t reserved_at_60[0x20];
};

struct mlx5_ifc_flow_context_bits {
	uint8_t push_vlan[0x20];
	uint8_t group_id[0x20];
	uint8_t reserved_at_40[0x8];
	uint8_t flow_tag[0x18];
	uint8_t reserved_at_60[0x10];
	uint8_t action[0x10];
	uint8_t extended_destination[0x1];
	uint8_t reserved_at_81[0x7];
	uint8_t destination_list_size[0x18];
	uint8_t reserved_at_a0[0x8];
	uint8_t flow_counter_list_size[0x18];
	uint8_t packet_reformat_id[0x20];
	uint8_t modify_header_id[0x20];
	uint8_t push_vlan_2[0x20];
	uint8_t reserved_at_120[0xe0];
	uint8_t match_value[0x1000]; /* fte_match_param */
	uint8_t reserved_at_1200[0x600];
	/* the destination list follows: dest_format or extended entries */
};

struct mlx5_ifc_set_fte_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t other_vport[0x1];
	uint8_t reserved_at_41[0xf];
	uint8_t vport_number[0x10];
	uint8_t reserved_at_60[0x20];
	uint8_t table_type[0x8];
	uint8_t reserved_at_88[0x18];
	uint8_t reserved_at_a0[0x8];
	uint8_t table_id[0x18];
	uint8_t ignore_flow_level[0x1];
	uint8_t reserved_at_c1[0x3f];
	uint8_t flow_index[0x20];
	uint8_t reserved_at_120[0xe0];
	struct mlx5_ifc_flow_context_bits flow_context;
};

struct mlx5_ifc_delete_fte_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t other_vport[0x1];
	uint8_t reserved_at_41[0xf];
	uint8_t vport_number[0x10];
	uint8_t reserved_at_60[0x20];
	uint8_t table_type[0x8];
	uint8_t reserved_at_88[0x18];
	uint8_t reserved_at_a0[0x8];
	uint8_t table_id[0x18];
	uint8_t reserved_at_c0[0x40];
	uint8_t flow_index[0x20];
	uint8_t reserved_at_120[0xe0];
};

struct mlx5_ifc_packet_reformat_context_in_bits {
	uint8_t reformat_type[0x8];
	uint8_t reserved_at_8[0x4];
	uint8_t reformat_param_0[0x4];
	uint8_t reserved_at_10[0x6];
	uint8_t reformat_data_size[0xa];
	uint8_t reformat_param_1[0x8];
	uint8_t reserved_at_28[0x8];
	uint8_t reformat_data[2][0x8];
	/* the rest of reformat_data follows */
};

struct mlx5_ifc_alloc_packet_reformat_context_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t reserved_at_40[0xa0];
	struct mlx5_ifc_packet_reformat_context_in_bits packet_reformat_context;
};

struct mlx5_ifc_alloc_packet_reformat_context_out_bits {
	uint8_t status[0x8];
	uint8_t reserved_at_8[0x18];
	uint8_t syndrome[0x20];
	uint8_t packet_reformat_id[0x20];
	uint8_t reserved_at_60[0x20];
};

struct mlx5_ifc_dealloc_packet_reformat_context_in_bits {
	uint8_t opcode[0x10];
	uint8_t uid[0x10];
	uint8_t reserved_at_20[0x10];
	uint8_t op_mod[0x10];
	uint8_t packet_reformat_id[0x20];
	uint8_t reserved_at_60[0x20];
};

/* The reformat data that fits inline in the fixed part of the command. */
#define PRM_REFORMAT_INLINE_BYTES 2

#endif /* HWS_PRM_FW_TABLE_H */
