// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Classification: the parser fills the header layout (definer_hl) from the
 * packet's fields, then the pipeline walks flow tables, RTCs and STEs the
 * way the device does.
 */
#include <errno.h>
#include <string.h>

#include "sim_internal.h"

#define HL_OFF(fld) PRM_BIT_OFF(definer_hl, fld)
#define HL_SZ(fld) PRM_BIT_SZ(definer_hl, fld)
#define FTE(fld) \
	PRM_BIT_OFF(fte_match_param, fld), PRM_BIT_SZ(fte_match_param, fld)

struct copy_rule {
	uint16_t fte_off, fte_sz;
	uint16_t hl_off, hl_sz;
};

#define COPY(fte, hl)                           \
	{                                       \
		FTE(fte), HL_OFF(hl), HL_SZ(hl) \
	}
#define LYR_COPIES(lyr, l2, l2src, l3, l4)                            \
	COPY(lyr.smac_47_16, l2src.smac_47_16),                       \
		COPY(lyr.smac_15_0, l2src.smac_15_0),                 \
		COPY(lyr.ethertype, l2.l3_ethertype),                 \
		COPY(lyr.dmac_47_16, l2.dmac_47_16),                  \
		COPY(lyr.dmac_15_0, l2.dmac_15_0),                    \
		COPY(lyr.first_prio, l2.first_priority),              \
		COPY(lyr.first_cfi, l2.first_cfi),                    \
		COPY(lyr.first_vid, l2.first_vlan_id),                \
		COPY(lyr.ip_protocol, l3.protocol_next_header),       \
		COPY(lyr.ip_dscp, l3.dscp), COPY(lyr.ip_ecn, l3.ecn), \
		COPY(lyr.ttl_hoplimit, l3.time_to_live_hop_limit),    \
		COPY(lyr.ipv4_ihl, l3.ihl),                           \
		COPY(lyr.ip_version, l3.ip_version)

/* Fields the parser copies as they are. */
static const struct copy_rule copies[] = {
	LYR_COPIES(outer_headers, eth_l2_outer, eth_l2_src_outer, eth_l3_outer,
		   eth_l4_outer),
	LYR_COPIES(inner_headers, eth_l2_inner, eth_l2_src_inner, eth_l3_inner,
		   eth_l4_inner),
	COPY(misc_parameters.outer_second_prio, eth_l2_outer.second_priority),
	COPY(misc_parameters.outer_second_cfi, eth_l2_outer.second_cfi),
	COPY(misc_parameters.outer_second_vid, eth_l2_outer.second_vlan_id),
	COPY(misc_parameters.inner_second_prio, eth_l2_inner.second_priority),
	COPY(misc_parameters.inner_second_cfi, eth_l2_inner.second_cfi),
	COPY(misc_parameters.inner_second_vid, eth_l2_inner.second_vlan_id),
	COPY(misc_parameters.source_sqn, source_qp_gvmi.source_qp),
	/* the tunnel header's first DWs, which the parser put in misc5 */
	COPY(misc_parameters_5.tunnel_header_0, tunnel_header.tunnel_header_0),
	COPY(misc_parameters_5.tunnel_header_1, tunnel_header.tunnel_header_1),
	COPY(misc_parameters_5.tunnel_header_2, tunnel_header.tunnel_header_2),
	COPY(misc_parameters_5.tunnel_header_3, tunnel_header.tunnel_header_3),
	/* the first label of an MPLS stack behind Ethernet */
	{ FTE(misc_parameters_2.outer_first_mpls), HL_OFF(mpls_outer), 32 },
	{ FTE(misc_parameters_2.inner_first_mpls), HL_OFF(mpls_inner), 32 },
	/* RoCE v2's BTH: opcode and destination QP */
	{ FTE(misc_parameters.bth_opcode), HL_OFF(ib_l4), 8 },
	{ FTE(misc_parameters.bth_dst_qp), HL_OFF(ib_l4) + 8, 24 },
	COPY(misc_parameters.outer_ipv6_flow_label, eth_l3_outer.flow_label),
	COPY(misc_parameters.inner_ipv6_flow_label, eth_l3_inner.flow_label),
	COPY(misc_parameters_2.metadata_reg_c_0, registers.register_c_0),
	COPY(misc_parameters_2.metadata_reg_c_1, registers.register_c_1),
	COPY(misc_parameters_2.metadata_reg_c_2, registers.register_c_2),
	COPY(misc_parameters_2.metadata_reg_c_3, registers.register_c_3),
	COPY(misc_parameters_2.metadata_reg_c_4, registers.register_c_4),
	COPY(misc_parameters_2.metadata_reg_c_5, registers.register_c_5),
	COPY(misc_parameters_2.metadata_reg_c_6, registers.register_c_6),
	COPY(misc_parameters_2.metadata_reg_c_7, registers.register_c_7),
	COPY(misc_parameters_2.metadata_reg_a, metadata.general_purpose),
};

static uint32_t pkt_get(const uint8_t *m, size_t off, size_t sz)
{
	return _devx_get(m, off, sz);
}

static void hl_set(uint8_t *hl, size_t off, size_t sz, uint32_t v)
{
	_devx_set(hl, v, off, sz);
}

struct layer_pos {
	size_t lyr; /* bit offset of the fte_match_set_lyr_2_4 block */
	size_t l2, l2src, l3, l4, ipv4, ipv6_src, ipv6_dst;
	size_t cvlan2, svlan2; /* the second tag's bits in misc_parameters */
};

#define LYR(fld)                                 \
	PRM_BIT_OFF(fte_match_set_lyr_2_4, fld), \
		PRM_BIT_SZ(fte_match_set_lyr_2_4, fld)

static uint32_t lyr_get(const uint8_t *m, const struct layer_pos *p, size_t off,
			size_t sz)
{
	return pkt_get(m, p->lyr + off, sz);
}

/* What the parser computes from a layer: types, qualifiers, ports, IPs. */
static void parse_layer(const uint8_t *m, uint8_t *hl,
			const struct layer_pos *p, bool outer)
{
	uint32_t version = lyr_get(m, p, LYR(ip_version));
	uint32_t proto = lyr_get(m, p, LYR(ip_protocol));
	uint32_t cvlan = lyr_get(m, p, LYR(cvlan_tag));
	uint32_t svlan = lyr_get(m, p, LYR(svlan_tag));
	size_t src =
		p->lyr + PRM_BIT_OFF(fte_match_set_lyr_2_4, src_ipv4_src_ipv6);
	size_t dst =
		p->lyr + PRM_BIT_OFF(fte_match_set_lyr_2_4, dst_ipv4_dst_ipv6);
	uint32_t l3_type = version == 4 ? 1 : version == 6 ? 2 : 0;
	uint32_t qual = cvlan ? 2 : svlan ? 1 : 0;
	uint32_t qual2 = pkt_get(m, p->cvlan2, 1) ? 2 :
			 pkt_get(m, p->svlan2, 1) ? 1 :
						    0;
	uint32_t l4 = proto == 6 ? 1 : proto == 17 ? 2 : 0;
	uint32_t frag = lyr_get(m, p, LYR(frag));
	uint32_t sport, dport;
	bool v6;
	int i;

	hl_set(hl, p->l2 + PRM_BIT_OFF(definer_hl_eth_l2, l3_type), 2, l3_type);
	hl_set(hl, p->l2src + PRM_BIT_OFF(definer_hl_eth_l2_src, l3_type), 2,
	       l3_type);
	hl_set(hl, p->l2 + PRM_BIT_OFF(definer_hl_eth_l2, first_vlan_qualifier),
	       2, qual);
	hl_set(hl,
	       p->l2src +
		       PRM_BIT_OFF(definer_hl_eth_l2_src, first_vlan_qualifier),
	       2, qual);
	hl_set(hl,
	       p->l2 + PRM_BIT_OFF(definer_hl_eth_l2, second_vlan_qualifier), 2,
	       qual2);
	hl_set(hl, p->l2 + PRM_BIT_OFF(definer_hl_eth_l2, l4_type), 4, l4);
	/* the parser reports a fragment in each DW that has room for it */
	hl_set(hl, p->l2 + PRM_BIT_OFF(definer_hl_eth_l2, ip_fragmented), 1,
	       frag);
	hl_set(hl, p->l2src + PRM_BIT_OFF(definer_hl_eth_l2_src, ip_fragmented),
	       1, frag);
	hl_set(hl, p->l4 + PRM_BIT_OFF(definer_hl_eth_l4, ip_fragmented), 1,
	       frag);
	hl_set(hl, p->l2 + PRM_BIT_OFF(definer_hl_eth_l2, l4_type_bwc), 2, l4);
	if (outer) {
		hl_set(hl, HL_OFF(source_qp_gvmi.l3_type), 2, l3_type);
		hl_set(hl, HL_OFF(source_qp_gvmi.first_vlan_qualifier), 2,
		       qual);
		hl_set(hl, HL_OFF(source_qp_gvmi.l4_type_bwc), 2, l4);
		hl_set(hl, HL_OFF(source_qp_gvmi.ip_fragmented), 1, frag);
	}

	if (proto == 17) {
		sport = lyr_get(m, p, LYR(udp_sport));
		dport = lyr_get(m, p, LYR(udp_dport));
	} else if (proto == 6) {
		sport = lyr_get(m, p, LYR(tcp_sport));
		dport = lyr_get(m, p, LYR(tcp_dport));
	} else {
		sport = lyr_get(m, p, LYR(tcp_sport)) |
			lyr_get(m, p, LYR(udp_sport));
		dport = lyr_get(m, p, LYR(tcp_dport)) |
			lyr_get(m, p, LYR(udp_dport));
	}
	hl_set(hl, p->l4 + PRM_BIT_OFF(definer_hl_eth_l4, source_port), 16,
	       sport);
	hl_set(hl, p->l4 + PRM_BIT_OFF(definer_hl_eth_l4, destination_port), 16,
	       dport);
	/* NS, then the eight flags of the byte after it */
	hl_set(hl, p->l4 + PRM_BIT_OFF(definer_hl_eth_l4, tcp_ns), 9,
	       lyr_get(m, p, LYR(tcp_flags)));

	v6 = version == 6;
	if (version != 4 && version != 6)
		for (i = 0; i < 3; i++)
			v6 |= pkt_get(m, src + 32 * i, 32) ||
			      pkt_get(m, dst + 32 * i, 32);
	if (v6) {
		for (i = 0; i < 4; i++) {
			hl_set(hl, p->ipv6_src + 32 * i, 32,
			       pkt_get(m, src + 32 * i, 32));
			hl_set(hl, p->ipv6_dst + 32 * i, 32,
			       pkt_get(m, dst + 32 * i, 32));
		}
	} else {
		hl_set(hl, p->ipv4, 32, pkt_get(m, src + 96, 32));
		hl_set(hl, p->ipv4 + 32, 32, pkt_get(m, dst + 96, 32));
	}
}

/* OR v into the header-layout bits at off. */
static void hl_or(uint8_t *hl, size_t off, size_t sz, uint32_t v)
{
	hl_set(hl, off, sz, _devx_get(hl, off, sz) | v);
}

/*
 * The tunnel header's first DWs.  A parsed frame gave them whole (misc5,
 * copied already); a packet given as field values gives its tunnel's
 * fields, which sit where the frame has them: GRE's C, K, S bits and
 * protocol, GENEVE's option length, O bit and protocol, VXLAN-GPE's flags
 * and next protocol in DW 0, a VNI in the top 24 bits of DW 1, the GRE
 * key in DW 2.  A packet has one tunnel; the others' fields are 0.
 */
static void build_hl_tunnel(const uint8_t *m, uint8_t *hl)
{
	hl_or(hl, HL_OFF(tunnel_header.tunnel_header_0), 32,
	      pkt_get(m, FTE(misc_parameters.gre_c_present)) << 31 |
		      pkt_get(m, FTE(misc_parameters.gre_k_present)) << 29 |
		      pkt_get(m, FTE(misc_parameters.gre_s_present)) << 28 |
		      pkt_get(m, FTE(misc_parameters.gre_protocol)) |
		      pkt_get(m, FTE(misc_parameters.geneve_opt_len)) << 24 |
		      pkt_get(m, FTE(misc_parameters.geneve_oam)) << 23 |
		      pkt_get(m, FTE(misc_parameters.geneve_protocol_type)) |
		      pkt_get(m, FTE(misc_parameters_3.outer_vxlan_gpe_flags))
			      << 24 |
		      pkt_get(m, FTE(misc_parameters_3
					     .outer_vxlan_gpe_next_protocol)));
	hl_or(hl, HL_OFF(tunnel_header.tunnel_header_1), 24,
	      pkt_get(m, FTE(misc_parameters.vxlan_vni)) |
		      pkt_get(m, FTE(misc_parameters.geneve_vni)) |
		      pkt_get(m, FTE(misc_parameters_3.outer_vxlan_gpe_vni)));
	hl_or(hl, HL_OFF(tunnel_header.tunnel_header_2), 32,
	      pkt_get(m, FTE(misc_parameters.gre_key)));
}

/* Flex parser n fills header-layout DW 137 - n. */
#define FLEX_PARSER_OFF(n) (HL_OFF(flex_parser) + 32 * (7 - (n)))

/*
 * What the flexible parsers give the header layout, where the profile's
 * capabilities say: the first label behind GRE and UDP in the flex
 * parsers named, GTP-U's first two DWs in the DWs the format selects name.
 */
static void build_hl_flex(const struct sim_profile *prof, const uint8_t *m,
			  uint8_t *hl)
{
	uint32_t protos = SIM_CAP(prof, general, cmd_hca_cap,
				  flex_parser_protocols),
		 id;

	if (protos & MLX5_FLEX_PARSER_MPLS_OVER_GRE_ENABLED) {
		id = SIM_CAP(prof, general, cmd_hca_cap,
			     flex_parser_id_outer_first_mpls_over_gre);
		if (id < 8)
			hl_or(hl, FLEX_PARSER_OFF(id), 32,
			      pkt_get(m,
				      FTE(misc_parameters_2
						  .outer_first_mpls_over_gre)));
	}
	if (protos & MLX5_FLEX_PARSER_MPLS_OVER_UDP_ENABLED) {
		id = SIM_CAP(prof, general, cmd_hca_cap,
			     flex_parser_id_outer_first_mpls_over_udp_label);
		if (id < 8)
			hl_or(hl, FLEX_PARSER_OFF(id), 32,
			      pkt_get(m,
				      FTE(misc_parameters_2
						  .outer_first_mpls_over_udp)));
	}
	if (protos & MLX5_FLEX_PARSER_GENEVE_TLV_OPTION_0_ENABLED) {
		id = SIM_CAP(prof, general, cmd_hca_cap,
			     flex_parser_id_geneve_tlv_option_0);
		if (id < 8)
			hl_or(hl, FLEX_PARSER_OFF(id), 32,
			      pkt_get(m,
				      FTE(misc_parameters_3
						  .geneve_tlv_option_0_data)));
	}
	if (protos & MLX5_FLEX_PARSER_GTPU_ENABLED)
		hl_set(hl,
		       32 * SIM_CAP(prof, general2, cmd_hca_cap_2,
				    format_select_dw_gtpu_dw_0),
		       16,
		       pkt_get(m, FTE(misc_parameters_3.gtpu_msg_flags)) << 8 |
			       pkt_get(m,
				       FTE(misc_parameters_3.gtpu_msg_type)));
	if (protos & MLX5_FLEX_PARSER_GTPU_TEID_ENABLED)
		hl_set(hl,
		       32 * SIM_CAP(prof, general2, cmd_hca_cap_2,
				    format_select_dw_gtpu_dw_1),
		       32, pkt_get(m, FTE(misc_parameters_3.gtpu_teid)));
}

static void build_hl(const struct sim_profile *prof,
		     const struct hws_packet *pkt, uint8_t *hl)
{
	static const struct layer_pos outer = {
		PRM_BIT_OFF(fte_match_param, outer_headers),
		HL_OFF(eth_l2_outer),
		HL_OFF(eth_l2_src_outer),
		HL_OFF(eth_l3_outer),
		HL_OFF(eth_l4_outer),
		HL_OFF(ipv4_src_dest_outer),
		HL_OFF(ipv6_src_outer),
		HL_OFF(ipv6_dst_outer),
		PRM_BIT_OFF(fte_match_param,
			    misc_parameters.outer_second_cvlan_tag),
		PRM_BIT_OFF(fte_match_param,
			    misc_parameters.outer_second_svlan_tag),
	};
	static const struct layer_pos inner = {
		PRM_BIT_OFF(fte_match_param, inner_headers),
		HL_OFF(eth_l2_inner),
		HL_OFF(eth_l2_src_inner),
		HL_OFF(eth_l3_inner),
		HL_OFF(eth_l4_inner),
		HL_OFF(ipv4_src_dest_inner),
		HL_OFF(ipv6_src_inner),
		HL_OFF(ipv6_dst_inner),
		PRM_BIT_OFF(fte_match_param,
			    misc_parameters.inner_second_cvlan_tag),
		PRM_BIT_OFF(fte_match_param,
			    misc_parameters.inner_second_svlan_tag),
	};
	const uint8_t *m = pkt->match;
	uint16_t source;
	size_t i;

	memset(hl, 0, PRM_DEFINER_HL_BYTES);
	for (i = 0; i < sizeof(copies) / sizeof(copies[0]); i++)
		hl_set(hl, copies[i].hl_off, copies[i].hl_sz,
		       pkt_get(m, copies[i].fte_off, copies[i].fte_sz));
	parse_layer(m, hl, &outer, true);
	parse_layer(m, hl, &inner, false);
	/*
	 * tcp_icmp: a frame has one TCP or ICMP header, and the parser
	 * filled the fields of the one it found; the others are 0.
	 */
	hl_set(hl, HL_OFF(tcp_icmp), 32,
	       pkt_get(m, FTE(misc_parameters_3.outer_tcp_seq_num)) |
		       pkt_get(m, FTE(misc_parameters_3.inner_tcp_seq_num)) |
		       (pkt_get(m, FTE(misc_parameters_3.icmp_type)) |
			pkt_get(m, FTE(misc_parameters_3.icmpv6_type)))
			       << 24 |
		       (pkt_get(m, FTE(misc_parameters_3.icmp_code)) |
			pkt_get(m, FTE(misc_parameters_3.icmpv6_code)))
			       << 16);
	hl_set(hl, HL_OFF(tcp_icmp) + 32, 32,
	       pkt_get(m, FTE(misc_parameters_3.outer_tcp_ack_num)) |
		       pkt_get(m, FTE(misc_parameters_3.inner_tcp_ack_num)));
	hl_set(hl, HL_OFF(tcp_icmp) + 64, 32,
	       pkt_get(m, FTE(misc_parameters_3.icmp_header_data)) |
		       pkt_get(m, FTE(misc_parameters_3.icmpv6_header_data)));
	build_hl_tunnel(m, hl);
	build_hl_flex(prof, m, hl);
	source = pkt->side == HWS_SIDE_RX ? SIM_UPLINK_VPORT : pkt->vport;
	hl_set(hl, HL_OFF(source_qp_gvmi.source_gvmi), 16,
	       sim_vport_vhca_id(prof, source));
}

void sim_definer_tag(const struct sim_obj *definer, const uint8_t *hl,
		     uint8_t tag[PRM_JUMBO_TAG_SIZE])
{
	int i, k;

	/* the trivial definer (action STE tables) selects nothing */
	if (!definer) {
		memset(tag, 0, PRM_JUMBO_TAG_SIZE);
		return;
	}
	for (i = 0; i < PRM_DEFINER_DW_SELECTORS; i++)
		for (k = 0; k < 4; k++)
			tag[4 * (8 - i) + k] =
				hl[4 * definer->definer.dw_sel[i] + k];
	for (i = 0; i < PRM_DEFINER_BYTE_SELECTORS; i++)
		tag[36 + 7 - i] = hl[definer->definer.byte_sel[i]];
	for (i = 0; i < PRM_JUMBO_TAG_SIZE; i++)
		tag[i] &= definer->definer.mask[i];
}

const uint8_t *sim_rtc_tag(const struct sim_obj *rtc, const uint8_t *buf,
			   size_t buf_len, size_t *len)
{
	*len = rtc->rtc.ste_format == MLX5_IFC_RTC_STE_FORMAT_11DW ?
		       PRM_JUMBO_TAG_SIZE :
		       PRM_MATCH_TAG_SIZE;
	return buf + buf_len - *len;
}

/*
 * Look the packet up in an RTC: the STE record hit, or NULL.  The RTC's
 * definer gives the row; each STE there compares the packet's tag under
 * the definer it names (the RTC's own, unless the RTC only hashes by it).
 */
static struct sim_ste_rec *rtc_lookup(struct sim_nic *nic, struct sim_obj *rtc,
				      const uint8_t *hl, struct hws_hit *hit)
{
	struct sim_ste_store *store = &rtc->rtc.ste->ste.store;
	uint32_t rows = 1u << rtc->rtc.log_hash_size, row, col;
	uint8_t tag[PRM_JUMBO_TAG_SIZE];
	const uint8_t *key;
	struct sim_obj *def;
	size_t len;

	sim_definer_tag(rtc->rtc.definer, hl, tag);
	key = sim_rtc_tag(rtc, tag, sizeof(tag), &len);
	row = sim_rtc_hash_row(rtc, key, len);
	for (col = 0; col < 1u << rtc->rtc.log_depth; col++) {
		uint32_t slot = rtc->rtc.ste_offset + col * rows + row;
		struct sim_ste_rec *rec = sim_ste_store_get(store, slot);
		size_t rlen;

		if (!rec ||
		    sim_rtc_hash_ste_definer(nic, rtc, rec->image, &def))
			continue;
		if (rtc->rtc.hash_definer) {
			sim_definer_tag(def, hl, tag);
			key = sim_rtc_tag(rtc, tag, sizeof(tag), &len);
		}
		if (memcmp(sim_rtc_tag(rtc, rec->image, PRM_STE_SIZE, &rlen),
			   key, len))
			continue;
		hit->rtc_id = rtc->id;
		hit->ste_index = slot - rtc->rtc.ste_offset;
		hit->tag_len = len;
		memcpy(hit->tag, key, len);
		return rec;
	}
	return NULL;
}

static const struct sim_stc_slot *stc_of(const struct sim_obj *rtc,
					 const struct sim_ste_rec *rec, int i)
{
	return &rtc->rtc.stc->stc.slots[rec->stc_ix[i]];
}

static uint32_t ste_dw(const struct sim_ste_rec *rec, unsigned int dw)
{
	uint32_t v;

	memcpy(&v, rec->image + 4 * dw, 4);
	return be32toh(v);
}

/* Record an action the hit took, for the trace. */
static void hit_action(struct hws_hit *hit, enum hws_hit_action_type type,
		       uint32_t arg, uint32_t arg2)
{
	if (hit->num_actions < HWS_HIT_MAX_ACTIONS)
		hit->actions[hit->num_actions++] =
			(struct hws_hit_action){ type, arg, arg2 };
}

void sim_walk_reparse(struct sim_walk *w, bool fields)
{
	struct hws_packet p = *w->pkt;
	uint8_t meta[DEVX_ST_SZ_BYTES(definer_hl_metadata)];
	uint8_t regs[DEVX_ST_SZ_BYTES(definer_hl_registers)];
	uint8_t *hl_meta = DEVX_ADDR_OF(definer_hl, w->hl, metadata);
	uint8_t *hl_regs = DEVX_ADDR_OF(definer_hl, w->hl, registers);

	if (!w->frame)
		return;
	sim_frame_parse_anchors(w->frame, w->len, p.match, w->opt, &w->anc);
	if (!fields)
		return;
	/* the sending SQ and the registers are metadata, not frame bytes */
	if (p.side == HWS_SIDE_TX)
		_devx_set(p.match, p.sqn & 0xffffff,
			  PRM_BIT_OFF(fte_match_param,
				      misc_parameters.source_sqn),
			  PRM_BIT_SZ(fte_match_param,
				     misc_parameters.source_sqn));
	memcpy(meta, hl_meta, sizeof(meta));
	memcpy(regs, hl_regs, sizeof(regs));
	build_hl(w->prof, &p, w->hl);
	memcpy(hl_meta, meta, sizeof(meta));
	memcpy(hl_regs, regs, sizeof(regs));
}

/* The STE DW a rewrite takes its data from: DW7 for a double at DW6. */
static uint32_t sim_classify_rewrite_data(const struct sim_ste_rec *rec,
			     const struct sim_stc_slot *s)
{
	return ste_dw(rec, s->action_offset == MLX5_IFC_STC_ACTION_OFFSET_DW6 ?
				   MLX5_IFC_STC_ACTION_OFFSET_DW7 :
				   s->action_offset);
}

/*
 * Execute an STE's counter and single/double actions, in STE order;
 * returns its hit action.
 */
static const struct sim_stc_slot *sim_classify_ste(struct sim_obj *rtc,
					    const struct sim_ste_rec *rec,
					    struct sim_walk *w,
					    struct hws_verdict *v,
					    struct hws_hit *hit)
{
	const struct sim_stc_slot *s = stc_of(rtc, rec, PRM_STC_IX_CTRL);
	int i;

	if (s->action_type == MLX5_IFC_STC_ACTION_TYPE_COUNTER) {
		uint32_t off = ste_dw(rec, PRM_STE_DW_CTR);
		struct sim_obj *fc = s->target;

		if (fc && off < fc->counter.count) {
			fc->counter.packets[off]++;
			/* the length as the packet came to this STE */
			fc->counter.octets[off] +=
				w->frame ? w->len : w->pkt->bytes;
			hit_action(hit, HWS_HIT_COUNT, fc->id, off);
		}
	}
	/* the single actions the STE names; a jumbo STE's tag takes DW5..7 */
	for (i = PRM_STC_IX_DW5; i < rec->nslots; i++) {
		s = stc_of(rtc, rec, i);
		if (s->action_type == MLX5_IFC_STC_ACTION_TYPE_TAG) {
			v->has_tag = 1;
			v->tag = ste_dw(rec, s->action_offset);
			hit_action(hit, HWS_HIT_TAG, v->tag, 0);
		} else if (sim_rewrite_action(s->action_type)) {
			sim_rewrite_exec(w, s, sim_classify_rewrite_data(rec, s),
					 rtc->rtc.reparse_mode);
			hit_action(hit, HWS_HIT_REWRITE, s->action_type,
				   sim_classify_rewrite_data(rec, s));
		}
	}
	return stc_of(rtc, rec, PRM_STC_IX_HIT);
}

/*
 * The action STE a JUMP_TO_STE_TABLE names: DW4 (HIT_LSB) holds its index
 * in the STE object << 6.  *rtc gets the action table that wrote it.
 */
static struct sim_ste_rec *sim_classify_action_ste(struct sim_nic *nic,
				      const struct sim_stc_slot *s,
				      const struct sim_ste_rec *rec,
				      struct sim_obj **rtc, uint32_t *index)
{
	struct sim_obj *ste = s->target;
	struct sim_ste_rec *next;

	*index = ste_dw(rec, PRM_STE_DW_HIT_LSB) >> 6;
	if (!ste || *index >= 1u << ste->ste.log_range)
		return NULL;
	next = sim_ste_store_get(&ste->ste.store, *index);
	if (!next)
		return NULL;
	*rtc = sim_obj_find(nic, SIM_SPACE_GENERAL, next->rtc_id);
	if (!*rtc || (*rtc)->kind != SIM_OBJ_RTC || (*rtc)->rtc.ste != ste)
		return NULL;
	return next;
}

/*
 * Execute the hit STE's actions, and those of the action STEs it chains
 * to; returns the next flow table or NULL.
 */
static struct sim_obj *apply_actions(struct sim_nic *nic, struct sim_obj *rtc,
				     const struct sim_ste_rec *rec,
				     struct sim_walk *w, struct hws_verdict *v,
				     struct hws_hit *hit)
{
	const struct sim_stc_slot *s;
	uint32_t index;
	int chain;

	for (chain = 0;; chain++) {
		s = sim_classify_ste(rtc, rec, w, v, hit);
		if (s->action_type != MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_STE_TABLE)
			break;
		rec = chain < SIM_MAX_HOPS ?
			      sim_classify_action_ste(nic, s, rec, &rtc, &index) :
			      NULL;
		if (!rec) { /* no STE there: the device drops the packet */
			v->result = HWS_RESULT_DROP;
			hit_action(hit, HWS_HIT_DROP, 0, 0);
			return NULL;
		}
		hit_action(hit, HWS_HIT_ACTION_STE, index, 0);
	}
	switch (s->action_type) {
	case MLX5_IFC_STC_ACTION_TYPE_DROP:
		v->result = HWS_RESULT_DROP;
		hit_action(hit, HWS_HIT_DROP, 0, 0);
		return NULL;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT:
		hit_action(hit, HWS_HIT_JUMP, s->target ? s->target->id : 0, 0);
		return s->target;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT:
		v->result = HWS_RESULT_VPORT;
		v->vport =
			DEVX_GET(stc_ste_param_vport, s->param, vport_number);
		hit_action(hit, HWS_HIT_VPORT, v->vport, 0);
		return NULL;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_UPLINK:
		v->result = HWS_RESULT_UPLINK;
		hit_action(hit, HWS_HIT_UPLINK, 0, 0);
		return NULL;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_TIR:
		hit_action(hit, HWS_HIT_TIR, s->target->id, 0);
		sim_rx_deliver(s->target, w->pkt, v);
		return NULL;
	default: /* ALLOW, NOP: default processing */
		v->result = HWS_RESULT_MISS;
		hit_action(hit, HWS_HIT_DEFAULT, 0, 0);
		return NULL;
	}
}

void sim_classify_walk(struct sim_nic *nic, struct sim_obj *ft,
		       const struct hws_packet *pkt, struct hws_verdict *v)
{
	struct sim_walk w = {
		.prof = &nic->profile,
		.pkt = pkt,
		.opt = nic->geneve_opt ? &nic->geneve_opt->geneve_opt : NULL,
	};
	int hops;

	build_hl(&nic->profile, pkt, w.hl);
	/* the actions edit a copy of the frame: the verdict's */
	if (pkt->frame && pkt->frame_len <= HWS_FRAME_MAX) {
		memcpy(v->out_frame, pkt->frame, pkt->frame_len);
		w.frame = v->out_frame;
		w.len = pkt->frame_len;
		sim_walk_reparse(&w, false);
	}
	v->result = HWS_RESULT_LOOP;
	for (hops = 0; ft && hops < SIM_MAX_HOPS; hops++) {
		int side = ft->ft.table_type == MLX5_FT_TYPE_FDB &&
			   pkt->side == HWS_SIDE_TX;
		struct sim_obj *rtc = ft->ft.rtc[side];
		struct hws_hit hit = { .ft_id = ft->id };
		struct sim_ste_rec *rec;

		/* a firmware table with no entry takes its miss below */
		if (ft->ft.fw && ft->ft.ftes) {
			struct hws_packet cur = *pkt;

			/* the copies leave as the actions left the frame */
			if (w.frame) {
				cur.frame = w.frame;
				cur.frame_len = w.len;
				cur.bytes = w.len;
			}
			sim_fw_table_forward(nic, ft, &cur, v);
			break;
		}
		if (!rtc) {
			if (ft->ft.miss_action ==
			    MLX5_IFC_MODIFY_FLOW_TABLE_MISS_ACTION_GOTO_TBL) {
				ft = ft->ft.miss_ft;
				continue;
			}
			v->result = HWS_RESULT_MISS;
			break;
		}
		rec = rtc_lookup(nic, rtc, w.hl, &hit);
		if (!rec) {
			ft = rtc->rtc.miss_ft;
			if (!ft)
				v->result = HWS_RESULT_MISS;
			continue;
		}
		ft = apply_actions(nic, rtc, rec, &w, v, &hit);
		if (v->num_hits < HWS_MAX_HITS)
			v->hits[v->num_hits++] = hit;
		if (ft)
			v->result = HWS_RESULT_LOOP;
	}
	v->out_len = w.rewritten ? w.len : 0;
}

int sim_classify(struct sim_nic *nic, uint32_t ft_id,
		 const struct hws_packet *in, struct hws_verdict *v)
{
	struct hws_packet parsed;
	const struct hws_packet *pkt;
	struct sim_obj *ft;

	memset(v, 0, sizeof(*v));
	/* the parser reads the device's GENEVE option: under the lock */
	sim_nic_lock(nic);
	pkt = sim_frame_packet(nic, in, &parsed, v);
	ft = sim_obj_find(nic, SIM_SPACE_FT, ft_id);
	if (ft)
		sim_classify_walk(nic, ft, pkt, v);
	sim_nic_unlock(nic);
	return ft ? 0 : ENOENT;
}
