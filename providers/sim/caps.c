// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The capability profile of the model: one table that gives every capability
 * the model reports, its default, and why.  "sim:key=value,..." overrides
 * any entry by name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

enum cap_block {
	BLK_GENERAL,
	BLK_GENERAL2,
	BLK_NIC_FT, /* the NIC flow table block's own fields */
	BLK_NIC_RX,
	BLK_NIC_TX,
	BLK_FDB,
	BLK_ESW,
	BLK_WQE,
};

struct cap_entry {
	const char *key;
	enum cap_block block;
	size_t bit_off;
	size_t bit_sz;
	uint64_t value;
	const char *why;
};

#define GEN(fld) BLK_GENERAL, PRM_BIT_OFF(cmd_hca_cap, fld), PRM_BIT_SZ(cmd_hca_cap, fld)
#define GEN2(fld)                                                              \
	BLK_GENERAL2, PRM_BIT_OFF(cmd_hca_cap_2, fld),                         \
		PRM_BIT_SZ(cmd_hca_cap_2, fld)
#define FTP(blk, fld)                                                          \
	blk, PRM_BIT_OFF(flow_table_prop_layout, fld),                         \
		PRM_BIT_SZ(flow_table_prop_layout, fld)
#define NICFT(fld)                                                             \
	BLK_NIC_FT, PRM_BIT_OFF(flow_table_nic_cap, fld),                      \
		PRM_BIT_SZ(flow_table_nic_cap, fld)
#define ESW(fld) BLK_ESW, PRM_BIT_OFF(esw_cap, fld), PRM_BIT_SZ(esw_cap, fld)
#define WQE(fld)                                                               \
	BLK_WQE, PRM_BIT_OFF(wqe_based_flow_table_cap, fld),                   \
		PRM_BIT_SZ(wqe_based_flow_table_cap, fld)

#define BIT64(n) (1ull << (n))

/*
 * Defaults describe a current HWS-capable ConnectX (ConnectX-7 class) acting
 * as E-switch manager.  Where the real value is not public, the value is the
 * smallest one that lets libhws do what the kernel's HWS does.
 */
static const struct cap_entry cap_table[] = {
	/* general device caps */
	{ "vhca_id", GEN(vhca_id), 1,
	  "the PF's GVMI; 0 is the uplink's in source matching" },
	{ "log_max_cq_sz", GEN(log_max_cq_sz), 22, "ConnectX-7 value" },
	{ "log_max_cq", GEN(log_max_cq), 24, "ConnectX-7 value" },
	{ "nic_flow_table", GEN(nic_flow_table), 1, "NIC RX/TX steering" },
	{ "eswitch_manager", GEN(eswitch_manager), 1,
	  "HWS needs the E-switch manager (FDB access)" },
	{ "port_type", GEN(port_type), 1, "Ethernet" },
	{ "wqe_based_update", GEN(wqe_based_flow_table_update_cap), 1,
	  "HWS: rules are written by WQE" },
	{ "cqe_version", GEN(cqe_version), 1, "ConnectX-5 and later" },
	{ "uar_4k", GEN(uar_4k), 1, "4 KiB UAR pages" },
	{ "log_bf_reg_size", GEN(log_bf_reg_size), 9, "ConnectX value" },
	{ "flow_counter_bulk_alloc", GEN(flow_counter_bulk_alloc), 0xff,
	  "bulks of 128 << n counters, n = 0..7" },
	{ "log_max_pd", GEN(log_max_pd), 23, "ConnectX-7 value" },
	{ "log_max_flow_counter_bulk", GEN(log_max_flow_counter_bulk), 23,
	  "ConnectX-7 value" },
	{ "log_max_sq", GEN(log_max_sq), 23, "ConnectX-7 value" },
	{ "log_max_wq_sz", GEN(log_max_wq_sz), 16,
	  "SQs of up to 2^16 WQE basic blocks" },
	/* the receive path (rx.c) */
	{ "log_max_transport_domain", GEN(log_max_transport_domain), 16,
	  "model value" },
	{ "log_max_rq", GEN(log_max_rq), 23, "as many as SQs" },
	{ "log_max_tir", GEN(log_max_tir), 16, "model value" },
	{ "log_max_rqt", GEN(log_max_rqt), 16, "model value" },
	{ "log_max_rqt_size", GEN(log_max_rqt_size), 11,
	  "model value: indirection tables of up to 2,048 entries" },
	{ "general_obj_types", GEN(general_obj_types),
	  BIT64(MLX5_OBJ_TYPE_MATCH_DEFINER) |
		  BIT64(MLX5_OBJ_TYPE_HEADER_MODIFY_ARGUMENT) |
		  BIT64(MLX5_OBJ_TYPE_GENEVE_TLV_OPT),
	  "definer, ARG and GENEVE option objects" },
	{ "sq_ts_format", GEN(sq_ts_format), 2, "free-running and real-time" },
	{ "function_id_type_vhca_id", GEN(function_id_type_vhca_id), 1,
	  "other functions may be named by vhca_id" },
	{ "log_header_modify_argument_max_alloc",
	  GEN(log_header_modify_argument_max_alloc), 23, "ConnectX-7 value" },
	{ "log_header_modify_argument_granularity",
	  GEN(log_header_modify_argument_granularity), 0,
	  "ARG objects of any power of two of entries" },
	{ "log_header_modify_argument_granularity_offset",
	  GEN(log_header_modify_argument_granularity_offset), 0,
	  "no offset below the granularity" },
	{ "flex_parser_protocols", GEN(flex_parser_protocols),
	  MLX5_FLEX_PARSER_VXLAN_GPE_ENABLED |
		  MLX5_FLEX_PARSER_ICMP_V4_ENABLED |
		  MLX5_FLEX_PARSER_ICMP_V6_ENABLED |
		  MLX5_FLEX_PARSER_MPLS_OVER_GRE_ENABLED |
		  MLX5_FLEX_PARSER_MPLS_OVER_UDP_ENABLED |
		  MLX5_FLEX_PARSER_GTPU_ENABLED |
		  MLX5_FLEX_PARSER_GTPU_TEID_ENABLED |
		  MLX5_FLEX_PARSER_GTPU_DW_0_ENABLED |
		  MLX5_FLEX_PARSER_GTPU_DW_2_ENABLED |
		  MLX5_FLEX_PARSER_GTPU_FIRST_EXT_DW_0_ENABLED |
		  MLX5_FLEX_PARSER_GENEVE_TLV_OPTION_0_ENABLED,
	  "the VXLAN-GPE, ICMP, MPLS over GRE and UDP, GTP-U and GENEVE option parsers" },
	{ "flex_parser_id_geneve_tlv_option_0",
	  GEN(flex_parser_id_geneve_tlv_option_0), 0,
	  "a GENEVE option's first data word in flex parser 0 (DW 137)" },
	/* flex parser n fills header-layout DW 137 - n */
	{ "flex_parser_id_mpls_over_gre",
	  GEN(flex_parser_id_outer_first_mpls_over_gre), 1,
	  "the first label behind GRE in flex parser 1 (DW 136)" },
	{ "flex_parser_id_mpls_over_udp",
	  GEN(flex_parser_id_outer_first_mpls_over_udp_label), 2,
	  "the first label behind UDP in flex parser 2 (DW 135)" },
	{ "roce", GEN(roce), 1, "RoCE: the parser reads the BTH of UDP 4791" },
	{ "match_definer_format_supported", GEN(match_definer_format_supported),
	  BIT64(MLX5_IFC_DEFINER_FORMAT_ID_SELECT),
	  "HWS needs the SELECT definer (format 61)" },
	/* general device caps 2 */
	{ "format_select_dw_8_6_ext", GEN2(format_select_dw_8_6_ext), 1,
	  "jumbo definers may use DW selectors 6..8 fully" },
	{ "general_obj_types_127_64", GEN2(general_obj_types_127_64),
	  BIT64(MLX5_OBJ_TYPE_STC - 64) | BIT64(MLX5_OBJ_TYPE_RTC - 64) |
		  BIT64(MLX5_OBJ_TYPE_STE - 64) |
		  BIT64(MLX5_OBJ_TYPE_MODIFY_HDR_PATTERN - 64),
	  "STC, RTC, STE and pattern objects" },
	{ "flow_counter_bulk_log_max_alloc",
	  GEN2(flow_counter_bulk_log_max_alloc), 23, "ConnectX-7 value" },
	{ "flow_counter_bulk_log_granularity",
	  GEN2(flow_counter_bulk_log_granularity), 0, "any power of two" },
	{ "format_select_dw_gtpu_dw_0", GEN2(format_select_dw_gtpu_dw_0), 134,
	  "GTP-U flags, type and length in flex parser 3" },
	{ "format_select_dw_gtpu_dw_1", GEN2(format_select_dw_gtpu_dw_1), 133,
	  "the GTP-U TEID in flex parser 4" },
	{ "format_select_dw_gtpu_dw_2", GEN2(format_select_dw_gtpu_dw_2), 132,
	  "GTP-U sequence number and next extension in flex parser 5" },
	{ "format_select_dw_gtpu_first_ext_dw_0",
	  GEN2(format_select_dw_gtpu_first_ext_dw_0), 131,
	  "the first GTP-U extension's DW in flex parser 6" },
	{ "flow_table_hash_type", GEN2(flow_table_hash_type), 0,
	  "CRC-32, the only hash defined" },
	{ "generate_wqe_type", GEN2(generate_wqe_type),
	  MLX5_GENERATE_WQE_TYPE_FLOW_UPDATE,
	  "GENERATE_WQE writes STEs of RTCs with update_method 1" },
	/* flow table properties: NIC RX, NIC TX, FDB */
	{ "nic_ft_support", FTP(BLK_NIC_RX, ft_support), 1, "NIC RX tables" },
	{ "nic_ft_support", FTP(BLK_NIC_TX, ft_support), 1, "NIC TX tables" },
	{ "fdb_ft_support", FTP(BLK_FDB, ft_support), 1, "FDB tables" },
	{ "nic_max_ft_level", FTP(BLK_NIC_RX, max_ft_level), 64,
	  "ConnectX-6 Dx and later" },
	{ "nic_max_ft_level", FTP(BLK_NIC_TX, max_ft_level), 64,
	  "ConnectX-6 Dx and later" },
	{ "fdb_max_ft_level", FTP(BLK_FDB, max_ft_level), 64,
	  "ConnectX-6 Dx and later" },
	{ "nic_log_max_ft_size", FTP(BLK_NIC_RX, log_max_ft_size), 23,
	  "ConnectX-7 value" },
	{ "nic_log_max_ft_size", FTP(BLK_NIC_TX, log_max_ft_size), 23,
	  "ConnectX-7 value" },
	{ "fdb_log_max_ft_size", FTP(BLK_FDB, log_max_ft_size), 23,
	  "ConnectX-7 value" },
	{ "nic_reparse", FTP(BLK_NIC_RX, reparse), 1, "HWS needs reparse" },
	{ "nic_reparse", FTP(BLK_NIC_TX, reparse), 1, "HWS needs reparse" },
	{ "fdb_reparse", FTP(BLK_FDB, reparse), 1, "HWS needs reparse" },
	{ "nic_ignore_flow_level_rtc_valid",
	  FTP(BLK_NIC_RX, ignore_flow_level_rtc_valid), 1,
	  "table default miss may point anywhere" },
	{ "nic_ignore_flow_level_rtc_valid",
	  FTP(BLK_NIC_TX, ignore_flow_level_rtc_valid), 1,
	  "table default miss may point anywhere" },
	{ "fdb_ignore_flow_level_rtc_valid",
	  FTP(BLK_FDB, ignore_flow_level_rtc_valid), 1,
	  "table default miss may point anywhere" },
	/* firmware-managed tables: the forward island of several destinations */
	{ "nic_reformat", FTP(BLK_NIC_RX, reformat), 1,
	  "a destination may carry a packet reformat" },
	{ "fdb_reformat", FTP(BLK_FDB, reformat), 1,
	  "a destination may carry a packet reformat" },
	{ "nic_log_max_destination", FTP(BLK_NIC_RX, log_max_destination), 4,
	  "model value: the copies a verdict reports (HWS_MAX_COPIES)" },
	{ "nic_log_max_destination", FTP(BLK_NIC_TX, log_max_destination), 4,
	  "model value: the copies a verdict reports (HWS_MAX_COPIES)" },
	{ "fdb_log_max_destination", FTP(BLK_FDB, log_max_destination), 4,
	  "model value: the copies a verdict reports (HWS_MAX_COPIES)" },
	{ "max_encap_header_size", NICFT(max_encap_header_size), 128,
	  "model value: the header a verdict's copy carries" },
	{ "max_encap_header_size", ESW(max_encap_header_size), 128,
	  "model value: the header a verdict's copy carries" },
	{ "log_max_packet_reformat_context",
	  NICFT(log_max_packet_reformat_context), 16, "model value" },
	{ "log_max_packet_reformat_context",
	  ESW(log_max_packet_reformat_context), 16, "model value" },
	/* E-switch */
	{ "merged_eswitch", ESW(merged_eswitch), 0, "a single PF" },
	{ "esw_manager_vport_number_valid", ESW(esw_manager_vport_number_valid),
	  1, "the PF manages" },
	{ "esw_manager_vport_number", ESW(esw_manager_vport_number), 0,
	  "the PF is vport 0" },
	/* WQE-based flow table update */
	{ "log_max_num_ste", WQE(log_max_num_ste), 24, "ConnectX-7 value" },
	{ "log_max_num_stc", WQE(log_max_num_stc), 24, "ConnectX-7 value" },
	{ "log_max_num_rtc", WQE(log_max_num_rtc), 16, "ConnectX-7 value" },
	{ "log_max_num_header_modify_pattern",
	  WQE(log_max_num_header_modify_pattern), 16, "model value" },
	{ "max_header_modify_pattern_length",
	  WQE(max_header_modify_pattern_length), 32,
	  "model value: the kernel's limit of 32 actions, NOPs included" },
	{ "trivial_match_definer", WQE(trivial_match_definer),
	  SIM_TRIVIAL_DEFINER_ID,
	  "the definer of tables written by offset (action STEs)" },
	{ "rtc_hash_split_table", WQE(rtc_hash_split_table), 1,
	  "insert by index with lookup by hash (BY_OFFSET, BY_HASH)" },
	{ "rtc_linear_lookup_table", WQE(rtc_linear_lookup_table), 0,
	  "the model has no linear-lookup RTCs" },
	{ "stc_alloc_log_granularity", WQE(stc_alloc_log_granularity), 1,
	  "STC ranges of 2 slots or more" },
	{ "stc_alloc_log_max", WQE(stc_alloc_log_max), 16,
	  "above the kernel's STC pool (2^15)" },
	{ "ste_alloc_log_granularity", WQE(ste_alloc_log_granularity), 1,
	  "a size-1 matcher direction takes 2^2 STEs" },
	{ "ste_alloc_log_max", WQE(ste_alloc_log_max), 25,
	  "a BWC direction grows to 2^23 rows of 4 STEs (2^25), 8M rules" },
	{ "rtc_reparse_mode", WQE(rtc_reparse_mode),
	  (1 << MLX5_IFC_RTC_REPARSE_NEVER) |
		  (1 << MLX5_IFC_RTC_REPARSE_ALWAYS) |
		  (1 << MLX5_IFC_RTC_REPARSE_BY_STC),
	  "all reparse modes" },
	{ "rtc_index_mode", WQE(rtc_index_mode),
	  (1 << MLX5_IFC_RTC_STE_UPDATE_MODE_BY_HASH) |
		  (1 << MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET),
	  "insert by hash and by index; libhws, like the kernel, needs both" },
	{ "rtc_log_depth_max", WQE(rtc_log_depth_max), 4,
	  "the deepest table of the assured scheme (collision RTC, depth 2^4)" },
	{ "ste_format", WQE(ste_format),
	  (1 << MLX5_IFC_RTC_STE_FORMAT_8DW) |
		  (1 << MLX5_IFC_RTC_STE_FORMAT_11DW),
	  "match and jumbo STEs; the model has no range STEs" },
	{ "stc_action_type_63_0", WQE(stc_action_type_63_0),
	  BIT64(MLX5_IFC_STC_ACTION_TYPE_NOP) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_TAG) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_COUNTER) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_COPY) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_SET) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_ADD) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_ADD_FIELD) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_REMOVE_WORDS) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST),
	  "the actions the model executes" },
	{ "stc_action_type_127_64", WQE(stc_action_type_127_64),
	  BIT64(MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_STE_TABLE - 0x80) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT - 0x80) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_DROP - 0x80) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_ALLOW - 0x80) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT - 0x80) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_UPLINK - 0x80) |
		  BIT64(MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_TIR - 0x80),
	  "the actions the model executes (bit n is action 0x80 + n)" },
	{ "access_index_mode", WQE(access_index_mode),
	  1 << MLX5_IFC_RTC_STE_ACCESS_MODE_BY_HASH,
	  "lookup by hash; the model has no linear lookup" },
	{ "fdb_rx_set_flow_tag_stc", WQE(fdb_rx_set_flow_tag_stc), 1,
	  "FDB RX may set the flow tag" },
	{ "rtc_max_num_hash_definer_gen_wqe",
	  WQE(rtc_max_num_hash_definer_gen_wqe), 1,
	  "an RTC written by GENERATE_WQE may hash by a hash definer" },
	{ "ste_format_gen_wqe", WQE(ste_format_gen_wqe),
	  1 << MLX5_IFC_RTC_STE_FORMAT_8DW,
	  "GENERATE_WQE writes match STEs (DPDK's hash definers need them)" },
};

uint32_t sim_cap_get(const uint8_t *block, size_t bit_off, size_t bit_sz)
{
	return _devx_get(block, bit_off, bit_sz);
}

uint64_t sim_cap_get64(const uint8_t *block, size_t bit_off)
{
	return _devx_get64(block, bit_off);
}

static uint8_t *cap_block_of(struct sim_profile *p, enum cap_block blk,
			     size_t *prop_base)
{
	*prop_base = 0;
	switch (blk) {
	case BLK_GENERAL:
		return p->general;
	case BLK_GENERAL2:
		return p->general2;
	case BLK_NIC_FT:
		return p->nic_ft;
	case BLK_NIC_RX:
		*prop_base = PRM_BIT_OFF(flow_table_nic_cap,
					 flow_table_properties_nic_receive);
		return p->nic_ft;
	case BLK_NIC_TX:
		*prop_base = PRM_BIT_OFF(flow_table_nic_cap,
					 flow_table_properties_nic_transmit);
		return p->nic_ft;
	case BLK_FDB:
		*prop_base = PRM_BIT_OFF(flow_table_eswitch_cap,
					 flow_table_properties_nic_esw_fdb);
		return p->esw_ft;
	case BLK_ESW:
		return p->esw;
	case BLK_WQE:
		return p->wqe;
	}
	return NULL;
}

static void cap_set(struct sim_profile *p, const struct cap_entry *e,
		    uint64_t value)
{
	size_t base;
	uint8_t *blk = cap_block_of(p, e->block, &base);

	if (e->bit_sz == 64)
		_devx_set64(blk, value, base + e->bit_off);
	else
		_devx_set(blk, (uint32_t)value, base + e->bit_off, e->bit_sz);
}

static int set_key(struct sim_profile *p, const char *key, uint64_t value,
		   char *why, size_t whylen)
{
	bool found = false;
	size_t i;

	for (i = 0; i < sizeof(cap_table) / sizeof(cap_table[0]); i++) {
		const struct cap_entry *e = &cap_table[i];

		if (strcmp(e->key, key))
			continue;
		if (e->bit_sz < 64 && value >> e->bit_sz) {
			snprintf(why, whylen,
				 "sim: %s=%llu does not fit in %zu bits", key,
				 (unsigned long long)value, e->bit_sz);
			return EINVAL;
		}
		cap_set(p, e, value);
		found = true;
	}
	if (!found) {
		snprintf(why, whylen, "sim: unknown key '%s'", key);
		return EINVAL;
	}
	return 0;
}

/* hws=0: a device without HWS, as older firmware reports it. */
static void disable_hws(struct sim_profile *p)
{
	_devx_set(p->general, 0,
		  PRM_BIT_OFF(cmd_hca_cap, wqe_based_flow_table_update_cap), 1);
	_devx_set64(p->general2, 0,
		    PRM_BIT_OFF(cmd_hca_cap_2, general_obj_types_127_64));
	memset(p->wqe, 0, sizeof(p->wqe));
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s)
		return EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end ? EINVAL : 0;
}

int sim_profile_init(struct sim_profile *p, const char *spec, char *nic_name,
		     size_t nic_name_len, char *why, size_t whylen)
{
	char *copy, *item, *save = NULL;
	bool hws_off = false;
	size_t i;
	int ret = 0;

	memset(p, 0, sizeof(*p));
	p->vports = 16;
	p->comp_eqn_base = SIM_COMP_EQN_BASE;
	for (i = 0; i < sizeof(cap_table) / sizeof(cap_table[0]); i++)
		cap_set(p, &cap_table[i], cap_table[i].value);
	snprintf(nic_name, nic_name_len, "sim");

	copy = strdup(spec);
	if (!copy) {
		snprintf(why, whylen, "out of memory");
		return ENOMEM;
	}
	for (item = strtok_r(copy, ",", &save); item && !ret;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		uint64_t v;

		if (!eq) {
			snprintf(why, whylen, "sim: '%s' is not key=value",
				 item);
			ret = EINVAL;
			break;
		}
		*eq = '\0';
		if (!strcmp(item, "nic")) {
			if (!eq[1] || strlen(eq + 1) >= nic_name_len) {
				snprintf(why, whylen, "sim: bad nic name");
				ret = EINVAL;
			} else {
				snprintf(nic_name, nic_name_len, "%s", eq + 1);
			}
			continue;
		}
		if (parse_u64(eq + 1, &v)) {
			snprintf(why, whylen, "sim: %s: '%s' is not a number",
				 item, eq + 1);
			ret = EINVAL;
		} else if (!strcmp(item, "icm_pages_max")) {
			p->icm_pages_max = v;
		} else if (!strcmp(item, "vports")) {
			if (v > 0xfff0) {
				snprintf(why, whylen, "sim: too many vports");
				ret = EINVAL;
			}
			p->vports = v;
		} else if (!strcmp(item, "comp_eqn_base")) {
			if (v > UINT32_MAX - SIM_COMP_VECTORS) {
				snprintf(why, whylen,
					 "sim: comp_eqn_base %llu is too large",
					 (unsigned long long)v);
				ret = EINVAL;
			}
			p->comp_eqn_base = v;
		} else if (!strcmp(item, "hws")) {
			hws_off = !v;
		} else {
			ret = set_key(p, item, v, why, whylen);
		}
	}
	free(copy);
	if (!ret && hws_off)
		disable_hws(p);
	return ret;
}

bool sim_obj_type_supported(const struct sim_profile *p, uint16_t obj_type)
{
	if (obj_type < 64)
		return SIM_CAP64(p, general, cmd_hca_cap, general_obj_types) >>
			       obj_type & 1;
	if (obj_type < 128)
		return SIM_CAP64(p, general2, cmd_hca_cap_2,
				 general_obj_types_127_64) >>
			       (obj_type - 64) & 1;
	return false;
}

bool sim_stc_action_supported(const struct sim_profile *p, uint8_t action)
{
	if (action < 64)
		return SIM_CAP64(p, wqe, wqe_based_flow_table_cap,
				 stc_action_type_63_0) >>
			       action & 1;
	/* the upper word counts from action 0x80: bit 64 + n is 0x80 + n */
	if (action >= 0x80 && action < 0xc0)
		return SIM_CAP64(p, wqe, wqe_based_flow_table_cap,
				 stc_action_type_127_64) >>
			       (action - 0x80) & 1;
	return false;
}

/*
 * Vport 0 is the PF (the profile's vhca_id); vport n > 0 is function n, whose
 * vhca_id is 0x100 + n; the uplink's GVMI is 0.
 */
bool sim_vport_exists(const struct sim_profile *p, uint16_t vport)
{
	return vport == SIM_UPLINK_VPORT || vport < p->vports;
}

uint16_t sim_vport_vhca_id(const struct sim_profile *p, uint16_t vport)
{
	uint16_t own = SIM_CAP(p, general, cmd_hca_cap, vhca_id);

	if (vport == SIM_UPLINK_VPORT)
		return 0;
	if (vport == 0)
		return own;
	return 0x100 + vport;
}
