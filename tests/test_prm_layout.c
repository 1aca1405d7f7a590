// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The PRM layouts of prm.h against the fact sheets: every entry was typed
 * from shared/prm/commands.md or match.md (absolute bit offset and width),
 * and is checked against the compiler's view of the bit structs.
 */
#include "helpers.h"
#include "libhws/prm.h"

struct layout {
	const char *name;
	size_t off, width;	/* from the compiler */
	size_t want_off, want_width; /* from the fact sheet */
};

#define L(typ, fld, off, w)                                                    \
	{ #typ "." #fld, PRM_BIT_OFF(typ, fld), PRM_BIT_SZ(typ, fld), off, w }

static const struct layout layouts[] = {
	/* commands.md 2.1, 2.2: general object headers */
	L(general_obj_in_cmd_hdr, opcode, 0x00, 16),
	L(general_obj_in_cmd_hdr, uid, 0x10, 16),
	L(general_obj_in_cmd_hdr, vhca_tunnel_id, 0x20, 16),
	L(general_obj_in_cmd_hdr, obj_type, 0x30, 16),
	L(general_obj_in_cmd_hdr, obj_id, 0x40, 32),
	L(general_obj_in_cmd_hdr, op_param.create.alias_object, 0x60, 1),
	L(general_obj_in_cmd_hdr, op_param.create.log_obj_range, 0x63, 5),
	L(general_obj_in_cmd_hdr, op_param.query.obj_offset, 0x61, 31),
	L(general_obj_out_cmd_hdr, status, 0x00, 8),
	L(general_obj_out_cmd_hdr, syndrome, 0x20, 32),
	L(general_obj_out_cmd_hdr, obj_id, 0x40, 32),
	L(mbox_in, opcode, 0x00, 16),
	L(mbox_in, uid, 0x10, 16),
	L(mbox_in, op_mod, 0x30, 16),
	L(mbox_out, status, 0x00, 8),
	L(mbox_out, syndrome, 0x20, 32),
	/* 3.1 QUERY_HCA_CAP */
	L(query_hca_cap_in, opcode, 0x00, 16),
	L(query_hca_cap_in, op_mod, 0x30, 16),
	L(query_hca_cap_in, other_function, 0x40, 1),
	L(query_hca_cap_in, ec_vf_function, 0x41, 1),
	L(query_hca_cap_in, function_id_type, 0x43, 1),
	L(query_hca_cap_in, function_id, 0x50, 16),
	L(query_hca_cap_out, status, 0x00, 8),
	L(query_hca_cap_out, syndrome, 0x20, 32),
	L(query_hca_cap_out, capability, 0x80, 0x8000),
	/* 3.3 cmd_hca_cap */
	L(cmd_hca_cap, vhca_id, 0x30, 16),
	L(cmd_hca_cap, log_max_cq_sz, 0xc8, 8),
	L(cmd_hca_cap, log_max_cq, 0xdb, 5),
	L(cmd_hca_cap, nic_flow_table, 0x1a6, 1),
	L(cmd_hca_cap, eswitch_manager, 0x1a7, 1),
	L(cmd_hca_cap, port_type, 0x1b6, 2),
	L(cmd_hca_cap, wqe_based_flow_table_update_cap, 0x1fb, 1),
	L(cmd_hca_cap, cqe_version, 0x1fc, 4),
	L(cmd_hca_cap, roce, 0x21d, 1),
	L(cmd_hca_cap, uar_4k, 0x240, 1),
	L(cmd_hca_cap, uar_sz, 0x24a, 6),
	L(cmd_hca_cap, log_bf_reg_size, 0x26b, 5),
	L(cmd_hca_cap, flow_counter_bulk_alloc, 0x310, 8),
	L(cmd_hca_cap, log_max_pd, 0x32b, 5),
	L(cmd_hca_cap, log_max_flow_counter_bulk, 0x348, 8),
	L(cmd_hca_cap, log_max_wq_sz, 0x3db, 5),
	L(cmd_hca_cap, function_id_type_vhca_id, 0x5c2, 1),
	L(cmd_hca_cap, log_max_sq, 0x36b, 5),
	L(cmd_hca_cap, general_obj_types, 0x400, 64),
	L(cmd_hca_cap, sq_ts_format, 0x440, 2),
	L(cmd_hca_cap, ipsec_offload, 0x46a, 1),
	L(cmd_hca_cap, flex_parser_protocols, 0x540, 32),
	L(cmd_hca_cap, log_header_modify_argument_granularity_offset, 0x768, 4),
	L(cmd_hca_cap, log_header_modify_argument_granularity, 0x76c, 4),
	L(cmd_hca_cap, log_header_modify_argument_max_alloc, 0x773, 5),
	L(cmd_hca_cap, match_definer_format_supported, 0x7c0, 64),
	/* 3.4 cmd_hca_cap_2 */
	L(cmd_hca_cap_2, cross_vhca_object_to_object_supported, 0xe0, 32),
	L(cmd_hca_cap_2, allowed_object_for_other_vhca_access_high, 0x100, 32),
	L(cmd_hca_cap_2, allowed_object_for_other_vhca_access, 0x120, 32),
	L(cmd_hca_cap_2, format_select_dw_8_6_ext, 0x1aa, 1),
	L(cmd_hca_cap_2, general_obj_types_127_64, 0x1c0, 64),
	L(cmd_hca_cap_2, flow_counter_bulk_log_max_alloc, 0x253, 5),
	L(cmd_hca_cap_2, flow_counter_bulk_log_granularity, 0x25b, 5),
	L(cmd_hca_cap_2, format_select_dw_gtpu_dw_0, 0x280, 8),
	L(cmd_hca_cap_2, format_select_dw_gtpu_dw_1, 0x288, 8),
	L(cmd_hca_cap_2, format_select_dw_gtpu_dw_2, 0x290, 8),
	L(cmd_hca_cap_2, format_select_dw_gtpu_first_ext_dw_0, 0x298, 8),
	L(cmd_hca_cap_2, generate_wqe_type, 0x2a0, 32),
	L(cmd_hca_cap_2, encap_entropy_hash_type, 0x438, 4),
	L(cmd_hca_cap_2, flow_table_hash_type, 0x43c, 4),
	/* 3.5 flow table properties */
	L(flow_table_nic_cap, flow_table_properties_nic_receive, 0x200, 0x200),
	L(flow_table_nic_cap, flow_table_properties_nic_receive_rdma, 0x400,
	  0x200),
	L(flow_table_nic_cap, flow_table_properties_nic_receive_sniffer, 0x600,
	  0x200),
	L(flow_table_nic_cap, flow_table_properties_nic_transmit, 0x800, 0x200),
	L(flow_table_eswitch_cap, flow_table_properties_nic_esw_fdb, 0x200,
	  0x200),
	L(flow_table_nic_cap, flow_table_properties_nic_receive.max_ft_level,
	  0x238, 8),
	L(flow_table_nic_cap, flow_table_properties_nic_receive.reparse, 0x26a,
	  1),
	L(flow_table_prop_layout, ft_support, 0x00, 1),
	L(flow_table_prop_layout, sw_owner, 0x11, 1),
	L(flow_table_prop_layout, sw_owner_v2, 0x1e, 1),
	L(flow_table_prop_layout, log_max_ft_size, 0x22, 6),
	L(flow_table_prop_layout, max_ft_level, 0x38, 8),
	L(flow_table_prop_layout, reparse, 0x6a, 1),
	L(flow_table_prop_layout, cross_vhca_object, 0x6c, 1),
	L(flow_table_prop_layout, ignore_flow_level_rtc_valid, 0x6f, 1),
	/* 3.6 esw_cap */
	L(esw_cap, merged_eswitch, 0x1d, 1),
	L(esw_cap, esw_manager_vport_number_valid, 0x60, 1),
	L(esw_cap, esw_manager_vport_number, 0x70, 16),
	/* 3.7 wqe_based_flow_table_cap */
	L(wqe_based_flow_table_cap, log_max_num_ste, 0x03, 5),
	L(wqe_based_flow_table_cap, log_max_num_stc, 0x0b, 5),
	L(wqe_based_flow_table_cap, log_max_num_rtc, 0x13, 5),
	L(wqe_based_flow_table_cap, log_max_num_header_modify_pattern, 0x1b, 5),
	L(wqe_based_flow_table_cap, rtc_hash_split_table, 0x20, 1),
	L(wqe_based_flow_table_cap, rtc_linear_lookup_table, 0x21, 1),
	L(wqe_based_flow_table_cap, stc_alloc_log_granularity, 0x23, 5),
	L(wqe_based_flow_table_cap, stc_alloc_log_max, 0x2b, 5),
	L(wqe_based_flow_table_cap, ste_alloc_log_granularity, 0x33, 5),
	L(wqe_based_flow_table_cap, ste_alloc_log_max, 0x3b, 5),
	L(wqe_based_flow_table_cap, rtc_reparse_mode, 0x4b, 5),
	L(wqe_based_flow_table_cap, rtc_index_mode, 0x53, 5),
	L(wqe_based_flow_table_cap, rtc_log_depth_max, 0x5b, 5),
	L(wqe_based_flow_table_cap, max_header_modify_pattern_length, 0x68, 8),
	L(wqe_based_flow_table_cap, ste_format, 0x70, 16),
	L(wqe_based_flow_table_cap, stc_action_type_63_0, 0x80, 64),
	L(wqe_based_flow_table_cap, stc_action_type_127_64, 0xc0, 64),
	L(wqe_based_flow_table_cap, header_insert_type, 0x100, 16),
	L(wqe_based_flow_table_cap, header_remove_type, 0x110, 16),
	L(wqe_based_flow_table_cap, trivial_match_definer, 0x120, 32),
	L(wqe_based_flow_table_cap, rtc_max_num_hash_definer_gen_wqe, 0x15b, 5),
	L(wqe_based_flow_table_cap, access_index_mode, 0x178, 8),
	L(wqe_based_flow_table_cap, ste_format_gen_wqe, 0x190, 16),
	L(wqe_based_flow_table_cap, linear_match_definer_reg_c3, 0x1a0, 32),
	L(wqe_based_flow_table_cap, fdb_jump_to_tir_stc, 0x1c0, 1),
	L(wqe_based_flow_table_cap, fdb_rx_set_flow_tag_stc, 0x1c1, 1),
	L(wqe_based_flow_table_cap, fdb_unified_en, 0x1c2, 1),
	/* 4 RTC */
	L(rtc, modify_field_select, 0x00, 64),
	L(rtc, update_index_mode, 0x80, 2),
	L(rtc, reparse_mode, 0x82, 2),
	L(rtc, num_match_ste, 0x84, 4),
	L(rtc, pd, 0x88, 24),
	L(rtc, access_index_mode, 0xa9, 3),
	L(rtc, num_hash_definer, 0xac, 4),
	L(rtc, update_method, 0xb0, 1),
	L(rtc, log_depth, 0xb3, 5),
	L(rtc, log_hash_size, 0xb8, 8),
	L(rtc, ste_format_0, 0xc0, 8),
	L(rtc, table_type, 0xc8, 8),
	L(rtc, ste_format_1, 0xd0, 8),
	L(rtc, match_definer_0, 0xe0, 32),
	L(rtc, stc_id, 0x100, 32),
	L(rtc, ste_table_base_id, 0x120, 32),
	L(rtc, ste_table_offset, 0x140, 32),
	L(rtc, miss_flow_table_id, 0x168, 24),
	L(rtc, match_definer_1, 0x180, 32),
	L(create_rtc_in, rtc, 0x80, 0x400),
	/* 5.1 STE, 5.2 STC, 5.4 STC parameters */
	L(ste, modify_field_select, 0x00, 64),
	L(ste, table_type, 0x88, 8),
	L(create_ste_in, ste, 0x80, 0x400),
	L(stc, modify_field_select, 0x00, 64),
	L(stc, reparse_mode, 0x86, 2),
	L(stc, table_type, 0x88, 8),
	L(stc, ste_action_offset, 0x90, 8),
	L(stc, action_type, 0x98, 8),
	L(stc, stc_param, 0x100, 128),
	L(create_stc_in, stc, 0x80, 0x400),
	L(stc_ste_param_flow_counter, flow_counter_id, 0x00, 32),
	L(stc_ste_param_jump_to_ft, table_id, 0x08, 24),
	L(stc_ste_param_vport, eswitch_owner_vhca_id, 0x00, 16),
	L(stc_ste_param_vport, vport_number, 0x10, 16),
	L(stc_ste_param_vport, eswitch_owner_vhca_id_valid, 0x20, 1),
	L(stc_ste_param_ste_table, ste_obj_id, 0x00, 32),
	L(stc_ste_param_ste_table, match_definer_id, 0x20, 32),
	L(stc_ste_param_ste_table, log_hash_size, 0x43, 5),
	/* 5.5 DEFINER */
	L(definer, modify_field_select, 0x00, 64),
	L(definer, format_id, 0x90, 16),
	L(definer, format_select_dw3, 0x100, 8),
	L(definer, format_select_dw2, 0x108, 8),
	L(definer, format_select_dw1, 0x110, 8),
	L(definer, format_select_dw0, 0x118, 8),
	L(definer, format_select_dw7, 0x120, 8),
	L(definer, format_select_dw6, 0x128, 8),
	L(definer, format_select_dw5, 0x130, 8),
	L(definer, format_select_dw4, 0x138, 8),
	L(definer, format_select_dw8, 0x158, 8),
	L(definer, format_select_byte3, 0x180, 8),
	L(definer, format_select_byte2, 0x188, 8),
	L(definer, format_select_byte1, 0x190, 8),
	L(definer, format_select_byte0, 0x198, 8),
	L(definer, format_select_byte7, 0x1a0, 8),
	L(definer, format_select_byte6, 0x1a8, 8),
	L(definer, format_select_byte5, 0x1b0, 8),
	L(definer, format_select_byte4, 0x1b8, 8),
	L(definer, ctrl, 0x200, 160),
	L(definer, match_mask, 0x2a0, 352),
	L(create_definer_in, definer, 0x80, 0x400),
	/* 6 flow tables */
	L(create_flow_table_in, opcode, 0x00, 16),
	L(create_flow_table_in, uid, 0x10, 16),
	L(create_flow_table_in, op_mod, 0x30, 16),
	L(create_flow_table_in, other_vport, 0x40, 1),
	L(create_flow_table_in, vport_number, 0x50, 16),
	L(create_flow_table_in, table_type, 0x80, 8),
	L(create_flow_table_in, flow_table_context, 0xc0, 320),
	L(create_flow_table_out, status, 0x00, 8),
	L(create_flow_table_out, syndrome, 0x20, 32),
	L(create_flow_table_out, table_id, 0x48, 24),
	L(flow_table_context, reformat_en, 0x00, 1),
	L(flow_table_context, decap_en, 0x01, 1),
	L(flow_table_context, sw_owner, 0x02, 1),
	L(flow_table_context, termination_table, 0x03, 1),
	L(flow_table_context, table_miss_action, 0x04, 4),
	L(flow_table_context, level, 0x08, 8),
	L(flow_table_context, rtc_valid, 0x10, 1),
	L(flow_table_context, log_size, 0x18, 8),
	L(flow_table_context, table_miss_id, 0x28, 24),
	L(flow_table_context, lag_master_next_table_id, 0x48, 24),
	L(flow_table_context, hws.rtc_id_0, 0xc0, 32),
	L(flow_table_context, hws.rtc_id_1, 0xe0, 32),
	L(modify_flow_table_in, opcode, 0x00, 16),
	L(modify_flow_table_in, uid, 0x10, 16),
	L(modify_flow_table_in, op_mod, 0x30, 16),
	L(modify_flow_table_in, vport_number, 0x50, 16),
	L(modify_flow_table_in, modify_field_select, 0x70, 16),
	L(modify_flow_table_in, table_type, 0x80, 8),
	L(modify_flow_table_in, table_id, 0xa8, 24),
	L(modify_flow_table_in, flow_table_context, 0xc0, 320),
	/* "rtc_id_0 at byte 0x30, rtc_id_1 at byte 0x34; table_miss_action
	 * at byte 0x18 msb 4; table_miss_id at byte 0x1c msb 8"
	 */
	L(modify_flow_table_in, flow_table_context.hws.rtc_id_0, 0x180, 32),
	L(modify_flow_table_in, flow_table_context.hws.rtc_id_1, 0x1a0, 32),
	L(modify_flow_table_in, flow_table_context.table_miss_action, 0xc4, 4),
	L(modify_flow_table_in, flow_table_context.table_miss_id, 0xe8, 24),
	L(flow_table_context, sws.sw_owner_icm_root_1, 0xc0, 64),
	L(flow_table_context, sws.sw_owner_icm_root_0, 0x100, 64),
	L(query_flow_table_in, table_type, 0x80, 8),
	L(query_flow_table_in, table_id, 0xa8, 24),
	L(query_flow_table_out, flow_table_context, 0xc0, 320),
	L(destroy_flow_table_in, table_type, 0x80, 8),
	L(destroy_flow_table_in, table_id, 0xa8, 24),
	/* 7.1 PD, SQ, CQ */
	L(alloc_pd_in, opcode, 0x00, 16),
	L(alloc_pd_in, op_mod, 0x30, 16),
	L(alloc_pd_out, pd, 0x48, 24),
	L(create_sq_in, opcode, 0x00, 16),
	L(create_sq_in, ctx, 0x100, 1920),
	L(create_qnum_out, num, 0x48, 24),
	L(modify_sq_in, opcode, 0x00, 16),
	L(modify_sq_in, sq_state, 0x40, 4),
	L(modify_sq_in, sqn, 0x48, 24),
	L(modify_sq_in, modify_bitmask, 0x80, 64),
	L(modify_sq_in, ctx, 0x100, 1920),
	L(sqc, rlky, 0x00, 1),
	L(sqc, fre, 0x02, 1),
	L(sqc, flush_in_error_en, 0x03, 1),
	L(sqc, min_wqe_inline_mode, 0x05, 3),
	L(sqc, state, 0x08, 4),
	L(sqc, hairpin, 0x0e, 1),
	L(sqc, non_wire, 0x0f, 1),
	L(sqc, static_sq_wq, 0x10, 1),
	L(sqc, ts_format, 0x1a, 2),
	L(sqc, user_index, 0x28, 24),
	L(sqc, cqn, 0x48, 24),
	L(sqc, tis_lst_sz, 0x100, 16),
	L(sqc, tis_num_0, 0x168, 24),
	L(sqc, wq, 0x180, 1536),
	L(wq, wq_type, 0x00, 4),
	L(wq, page_offset, 0x2b, 5),
	L(wq, pd, 0x48, 24),
	L(wq, uar_page, 0x68, 24),
	L(wq, dbr_addr, 0x80, 64),
	L(wq, hw_counter, 0xc0, 32),
	L(wq, sw_counter, 0xe0, 32),
	L(wq, log_wq_stride, 0x10c, 4),
	L(wq, log_wq_pg_sz, 0x113, 5),
	L(wq, log_wq_sz, 0x11b, 5),
	L(wq, dbr_umem_valid, 0x120, 1),
	L(wq, wq_umem_valid, 0x121, 1),
	L(wq, dbr_umem_id, 0x140, 32),
	L(wq, wq_umem_id, 0x160, 32),
	L(wq, wq_umem_offset, 0x180, 64),
	L(create_cq_in, opcode, 0x00, 16),
	L(create_cq_in, uid, 0x10, 16),
	L(create_cq_in, op_mod, 0x30, 16),
	L(create_cq_in, cq_context, 0x80, 512),
	L(create_cq_in, cq_umem_offset, 0x280, 64),
	L(create_cq_in, cq_umem_id, 0x2c0, 32),
	L(create_cq_in, cq_umem_valid, 0x2e0, 1),
	L(cqc, status, 0x00, 4),
	L(cqc, dbr_umem_valid, 0x06, 1),
	L(cqc, cqe_sz, 0x08, 3),
	L(cqc, cc, 0x0b, 1),
	L(cqc, oi, 0x0e, 1),
	L(cqc, cq_period_mode, 0x0f, 2),
	L(cqc, cqe_comp_en, 0x11, 1),
	L(cqc, st, 0x14, 4),
	L(cqc, dbr_umem_id, 0x20, 32),
	L(cqc, page_offset, 0x54, 6),
	L(cqc, cq_timestamp_format, 0x5e, 2),
	L(cqc, log_cq_size, 0x63, 5),
	L(cqc, uar_page, 0x68, 24),
	L(cqc, cq_period, 0x84, 12),
	L(cqc, cq_max_count, 0x90, 16),
	L(cqc, c_eqn_or_apu_element, 0xa0, 32),
	L(cqc, log_page_size, 0xc3, 5),
	L(cqc, last_notified_index, 0x108, 24),
	L(cqc, last_solicit_index, 0x128, 24),
	L(cqc, consumer_counter, 0x148, 24),
	L(cqc, producer_counter, 0x168, 24),
	L(cqc, dbr_addr, 0x1c0, 64),
	/* flow counters (kernel mlx5_ifc, rdma-core variant of query) */
	L(alloc_flow_counter_in, flow_counter_bulk_log_size, 0x73, 5),
	L(alloc_flow_counter_in, flow_counter_bulk, 0x78, 8),
	L(alloc_flow_counter_out, flow_counter_id, 0x40, 32),
	L(dealloc_flow_counter_in, flow_counter_id, 0x40, 32),
	L(query_flow_counter_in, clear, 0xc0, 1),
	L(query_flow_counter_in, dump_to_memory, 0xc1, 1),
	L(query_flow_counter_in, num_of_counters, 0xc2, 30),
	L(query_flow_counter_in, flow_counter_id, 0xe0, 32),
	L(query_flow_counter_out, flow_statistics, 0x80, 128),
	L(traffic_counter, packets, 0x00, 64),
	L(traffic_counter, octets, 0x40, 64),
	/* match.md 1: fte_match_param */
	L(fte_match_param, outer_headers, 0x0, 0x200),
	L(fte_match_param, misc_parameters, 0x200, 0x200),
	L(fte_match_param, inner_headers, 0x400, 0x200),
	L(fte_match_param, misc_parameters_2, 0x600, 0x200),
	L(fte_match_param, misc_parameters_3, 0x800, 0x200),
	L(fte_match_param, outer_headers.smac_47_16, 0x0, 32),
	L(fte_match_param, outer_headers.ethertype, 0x30, 16),
	L(fte_match_param, outer_headers.dmac_15_0, 0x60, 16),
	L(fte_match_param, outer_headers.first_prio, 0x70, 3),
	L(fte_match_param, outer_headers.first_vid, 0x74, 12),
	L(fte_match_param, outer_headers.ip_protocol, 0x80, 8),
	L(fte_match_param, outer_headers.ip_dscp, 0x88, 6),
	L(fte_match_param, outer_headers.cvlan_tag, 0x90, 1),
	L(fte_match_param, outer_headers.svlan_tag, 0x91, 1),
	L(fte_match_param, outer_headers.ip_version, 0x93, 4),
	L(fte_match_param, outer_headers.tcp_flags, 0x97, 9),
	L(fte_match_param, outer_headers.tcp_sport, 0xa0, 16),
	L(fte_match_param, outer_headers.tcp_dport, 0xb0, 16),
	L(fte_match_param, outer_headers.ttl_hoplimit, 0xd8, 8),
	L(fte_match_param, outer_headers.udp_sport, 0xe0, 16),
	L(fte_match_param, outer_headers.udp_dport, 0xf0, 16),
	L(fte_match_param, outer_headers.src_ipv4_src_ipv6, 0x100, 128),
	L(fte_match_param, outer_headers.dst_ipv4_dst_ipv6, 0x180, 128),
	L(fte_match_param, inner_headers.ip_protocol, 0x480, 8),
	L(fte_match_param, inner_headers.udp_dport, 0x4f0, 16),
	L(fte_match_param, misc_parameters.source_sqn, 0x208, 24),
	L(fte_match_param, misc_parameters.source_port, 0x230, 16),
	L(fte_match_param, misc_parameters.gre_key, 0x280, 32),
	L(fte_match_param, misc_parameters.vxlan_vni, 0x2a0, 24),
	L(fte_match_param, misc_parameters.outer_ipv6_flow_label, 0x2ec, 20),
	L(fte_match_param, misc_parameters.outer_esp_spi, 0x380, 32),
	L(fte_match_param, misc_parameters_2.metadata_reg_c_7, 0x680, 32),
	L(fte_match_param, misc_parameters_2.metadata_reg_c_0, 0x760, 32),
	L(fte_match_param, misc_parameters_2.metadata_reg_a, 0x780, 32),
	/* match.md 2: definer_hl */
	L(definer_hl, eth_l2_outer, 0x0, 0x80),
	L(definer_hl, eth_l2_inner, 0x80, 0x80),
	L(definer_hl, eth_l2_src_outer, 0x100, 0x40),
	L(definer_hl, eth_l3_outer, 0x1c0, 0xa0),
	L(definer_hl, eth_l3_inner, 0x260, 0xa0),
	L(definer_hl, eth_l4_outer, 0x300, 0x40),
	L(definer_hl, eth_l4_inner, 0x340, 0x40),
	L(definer_hl, source_qp_gvmi, 0x380, 0x40),
	L(definer_hl, ipv4_src_dest_outer, 0x800, 0x40),
	L(definer_hl, ipv4_src_dest_inner, 0x840, 0x40),
	L(definer_hl, ipv6_dst_outer, 0x880, 0x80),
	L(definer_hl, ipv6_src_outer, 0x980, 0x80),
	L(definer_hl, ipv6_src_inner, 0xa00, 0x80),
	L(definer_hl, tunnel_header, 0xc20, 0x80),
	L(definer_hl, metadata, 0xf60, 0x60),
	L(definer_hl, flex_parser, 0x1040, 0x100),
	L(definer_hl, registers, 0x1140, 0x180),
	L(definer_hl, eth_l2_outer.l3_ethertype, 0x30, 16),
	L(definer_hl, eth_l2_outer.l3_type, 0x4a, 2),
	L(definer_hl, eth_l2_outer.first_vlan_qualifier, 0x4e, 2),
	L(definer_hl, eth_l2_outer.first_priority, 0x50, 3),
	L(definer_hl, eth_l2_outer.first_vlan_id, 0x54, 12),
	L(definer_hl, eth_l2_outer.l4_type, 0x60, 4),
	L(definer_hl, eth_l2_src_outer.smac_15_0, 0x120, 16),
	L(definer_hl, eth_l3_outer.dscp, 0x1c8, 6),
	L(definer_hl, eth_l3_outer.time_to_live_hop_limit, 0x1d0, 8),
	L(definer_hl, eth_l3_outer.protocol_next_header, 0x1d8, 8),
	L(definer_hl, eth_l3_outer.flow_label, 0x22c, 20),
	L(definer_hl, eth_l4_outer.destination_port, 0x310, 16),
	L(definer_hl, eth_l4_outer.tcp_flags, 0x328, 8),
	L(definer_hl, source_qp_gvmi.source_gvmi, 0x390, 16),
	L(definer_hl, source_qp_gvmi.source_qp, 0x3a8, 24),
	L(definer_hl, metadata.general_purpose, 0xf80, 32),
	L(definer_hl, registers.register_c_0, 0x1280, 32),
	L(definer_hl, registers.register_c_7, 0x11e0, 32),
	L(definer_hl, tunnel_header.tunnel_header_2, 0xc60, 32),
};

/* Whole-struct sizes, in bytes (commands.md 2.4, 3.1, 6, 7; match.md 0.2) */
struct size {
	const char *name;
	size_t bytes, want;
};

#define S(typ, want) { #typ, DEVX_ST_SZ_BYTES(typ), want }

static const struct size sizes[] = {
	S(general_obj_in_cmd_hdr, 16),
	S(general_obj_out_cmd_hdr, 16),
	S(query_hca_cap_in, 16),
	S(query_hca_cap_out, 4112),
	S(cmd_hca_cap, 256),
	S(cmd_hca_cap_2, 256),
	S(flow_table_prop_layout, 64),
	S(flow_table_nic_cap, 4096),
	S(flow_table_eswitch_cap, 4096),
	S(rtc, 128),
	S(ste, 128),
	S(stc, 128),
	S(definer, 128),
	S(create_rtc_in, 144),
	S(create_stc_in, 144),
	S(create_ste_in, 144),
	S(create_definer_in, 144),
	S(create_flow_table_in, 64),
	S(modify_flow_table_in, 64),
	S(flow_table_context, 40),
	S(create_sq_in, 272),
	S(modify_sq_in, 272),
	S(sqc, 240),
	S(wq, 192),
	S(create_cq_in, 272),
	S(cqc, 64),
	S(alloc_pd_in, 16),
	S(fte_match_param, 512),
	S(definer_hl, 1024),
	S(traffic_counter, 16),
};

START_TEST(test_field_positions)
{
	size_t i, bad = 0;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct layout *l = &layouts[i];

		if (l->off == l->want_off && l->width == l->want_width)
			continue;
		fprintf(stderr, "%s: at 0x%zx width %zu, fact sheet 0x%zx width %zu\n",
			l->name, l->off, l->width, l->want_off, l->want_width);
		bad++;
	}
	ck_assert_uint_eq(bad, 0);
}
END_TEST

START_TEST(test_struct_sizes)
{
	size_t i, bad = 0;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (sizes[i].bytes == sizes[i].want)
			continue;
		fprintf(stderr, "%s: %zu bytes, fact sheet %zu\n",
			sizes[i].name, sizes[i].bytes, sizes[i].want);
		bad++;
	}
	ck_assert_uint_eq(bad, 0);
}
END_TEST

/* match.md 4.4: the placement hash's test vectors */
START_TEST(test_hash_vectors)
{
	uint8_t seq32[32], seq44[44], zeros[32] = { 0 }, ones[32];
	int i;

	for (i = 0; i < 44; i++)
		seq44[i] = i;
	for (i = 0; i < 32; i++)
		seq32[i] = i;
	memset(ones, 0xff, sizeof(ones));
	ck_assert_uint_eq(prm_ste_hash(zeros, 32), 0x00000000);
	ck_assert_uint_eq(prm_ste_hash(seq32, 32), 0x272b2c88);
	ck_assert_uint_eq(prm_ste_hash(seq44, 44), 0xf73d6f3d);
	ck_assert_uint_eq(prm_ste_hash(ones, 32), 0xa6fe66e6);
	ck_assert_uint_eq(prm_ste_hash((const uint8_t *)"123456789", 9),
			  0x882dfd2d);
	ck_assert_uint_eq(prm_ste_hash(seq32, 32) & 0x3ff, 0x088);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prm_layout");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, test_field_positions);
	tcase_add_test(tc, test_struct_sizes);
	tcase_add_test(tc, test_hash_vectors);
	suite_add_tcase(s, tc);
	return t_run(s);
}
