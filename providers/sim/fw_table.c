// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Firmware-managed flow tables: flow groups, flow table entries with their
 * destination lists, and packet reformat contexts, as firmware judges and
 * executes them.  A multi-destination action is such a table with one
 * group and one entry (the "forward island"); a packet that reaches it goes
 * on as one copy per destination, each with its own reformat.
 *
 * The model's groups match nothing (no criteria), so an entry takes every
 * packet; the lowest flow index decides.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_cmd.h"

/* Nesting of copies sent to tables that copy again: a loop ends here. */
#define SIM_FW_MAX_DEPTH 4

static __thread unsigned int sim_fw_depth;

/* The table a group or entry command names, of its type and ours. */
static uint8_t sim_fw_ref_table(struct sim_req *req, uint8_t table_type,
				uint32_t table_id, struct sim_obj **ft)
{
	uint8_t st =
		sim_cmd_ref_obj(req, SIM_SPACE_FT, SIM_OBJ_FT, table_id, ft);

	if (st)
		return st;
	if ((*ft)->ft.table_type != table_type)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TABLE_TYPE_MISMATCH);
	if (!(*ft)->ft.fw)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FT_NOT_FW_MANAGED);
	return MLX5_CMD_STAT_OK;
}

/* Flow groups */

const struct sim_field sim_create_fg_fields[] = {
	FLD(create_flow_group_in, opcode),
	FLD(create_flow_group_in, uid),
	FLD(create_flow_group_in, op_mod),
	FLD(create_flow_group_in, table_type),
	FLD(create_flow_group_in, table_id),
	FLD(create_flow_group_in, start_flow_index),
	FLD(create_flow_group_in, end_flow_index),
};

uint8_t sim_exec_create_fg(struct sim_req *req)
{
	uint32_t start = GET(create_flow_group_in, req->in, start_flow_index);
	uint32_t end = GET(create_flow_group_in, req->in, end_flow_index);
	struct sim_obj *ft, *g;
	uint8_t st;

	st = sim_fw_ref_table(req,
			      GET(create_flow_group_in, req->in, table_type),
			      GET(create_flow_group_in, req->in, table_id),
			      &ft);
	if (st)
		return st;
	if (start > end || end >> ft->ft.log_size)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FG_BAD_RANGE);
	for (g = ft->ft.groups; g; g = g->fg.next)
		if (start <= g->fg.end && g->fg.start <= end)
			return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					      SIM_SYND_FG_BAD_RANGE);
	st = sim_cmd_new_obj(req, SIM_OBJ_FG, SIM_SPACE_FG, 0);
	if (st)
		return st;
	g = req->created;
	g->fg.start = start;
	g->fg.end = end;
	g->fg.ft = ft;
	sim_obj_hold(ft);
	g->fg.next = ft->ft.groups;
	ft->ft.groups = g;
	SET(create_flow_group_out, req->out, group_id, g->id);
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_destroy_fg_fields[] = {
	FLD(destroy_flow_group_in, opcode),
	FLD(destroy_flow_group_in, uid),
	FLD(destroy_flow_group_in, op_mod),
	FLD(destroy_flow_group_in, table_type),
	FLD(destroy_flow_group_in, table_id),
	FLD(destroy_flow_group_in, group_id),
};

struct sim_obj *sim_target_fg(struct sim_nic *nic, const uint8_t *in)
{
	struct sim_obj *g = sim_obj_find(
		nic, SIM_SPACE_FG, GET(destroy_flow_group_in, in, group_id));

	/* firmware names a group inside its table */
	if (g && g->fg.ft &&
	    g->fg.ft->id != GET(destroy_flow_group_in, in, table_id))
		return NULL;
	return g;
}

uint8_t sim_exec_destroy_fg(struct sim_req *req)
{
	if (GET(destroy_flow_group_in, req->in, table_type) !=
	    req->target->fg.ft->ft.table_type)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TABLE_TYPE_MISMATCH);
	return sim_cmd_destroy_unused(req);
}

/* Flow table entries */

const struct sim_field sim_set_fte_fields[] = {
	FLD(set_fte_in, opcode),
	FLD(set_fte_in, uid),
	FLD(set_fte_in, op_mod),
	FLD(set_fte_in, table_type),
	FLD(set_fte_in, table_id),
	FLD(set_fte_in, ignore_flow_level),
	FLD(set_fte_in, flow_index),
	FLD(set_fte_in, flow_context.group_id),
	FLD(set_fte_in, flow_context.action),
	FLD(set_fte_in, flow_context.extended_destination),
	FLD(set_fte_in, flow_context.destination_list_size),
};

/* Judge one destination entry of the list and take what it names. */
static uint8_t sim_fw_dest_parse(struct sim_req *req, const struct sim_obj *ft,
				 const uint8_t *e, bool extended,
				 bool ignore_level, struct sim_fte_dest *d)
{
	const struct sim_profile *p = &req->nic->profile;
	uint8_t type = GET(dest_format, e, destination_type);
	uint32_t id = GET(dest_format, e, destination_id);
	struct sim_obj *o;
	uint8_t st;

	if (GET(dest_format, e, reserved_at_22) ||
	    (extended && GET(extended_dest_format, e, reserved_at_60)))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_RESERVED_BITS_SET);
	d->type = type;
	switch (type) {
	case MLX5_FLOW_DESTINATION_TYPE_VPORT:
		if (ft->ft.table_type != MLX5_FT_TYPE_FDB)
			return sim_cmd_refuse(
				req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				SIM_SYND_FTE_DEST_TYPE_NOT_ALLOWED);
		/* the owner, when named, is this E-Switch's manager */
		if (id > UINT16_MAX ||
		    (id != MLX5_VPORT_UPLINK && !sim_vport_exists(p, id)) ||
		    (GET(dest_format, e,
			 destination_eswitch_owner_vhca_id_valid) &&
		     GET(dest_format, e, destination_eswitch_owner_vhca_id) !=
			     SIM_CAP(p, general, cmd_hca_cap, vhca_id)))
			return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					      SIM_SYND_FTE_DEST_VPORT_UNKNOWN);
		d->vport = id;
		break;
	case MLX5_FLOW_DESTINATION_TYPE_FLOW_TABLE:
		st = sim_cmd_ref_obj(req, SIM_SPACE_FT, SIM_OBJ_FT, id, &o);
		if (st)
			return st;
		if (o->ft.table_type != ft->ft.table_type)
			return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					      SIM_SYND_TABLE_TYPE_MISMATCH);
		if (o == ft || (!ignore_level && o->ft.level <= ft->ft.level))
			return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
					      SIM_SYND_FTE_DEST_LEVEL);
		d->obj = o;
		break;
	case MLX5_FLOW_DESTINATION_TYPE_TIR:
		if (ft->ft.table_type != MLX5_FT_TYPE_NIC_RX)
			return sim_cmd_refuse(
				req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				SIM_SYND_FTE_DEST_TYPE_NOT_ALLOWED);
		st = sim_cmd_ref_obj(req, SIM_SPACE_TIR, SIM_OBJ_TIR, id, &o);
		if (st)
			return st;
		d->obj = o;
		break;
	default:
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FTE_DEST_TYPE_NOT_SUPPORTED);
	}
	if (!GET(dest_format, e, packet_reformat))
		return MLX5_CMD_STAT_OK;
	if (!extended)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FTE_REFORMAT_NOT_EXTENDED);
	if (!GET(flow_table_prop_layout, sim_ft_props(p, ft->ft.table_type),
		 reformat))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_REFORMAT_NOT_SUPPORTED);
	return sim_cmd_ref_obj(req, SIM_SPACE_REFORMAT, SIM_OBJ_REFORMAT,
			       GET(extended_dest_format, e, packet_reformat_id),
			       &d->reformat);
}

/* The entry at index in ft, or the insertion point of the chain. */
static struct sim_obj **sim_fw_fte_slot(struct sim_obj *ft, uint32_t index)
{
	struct sim_obj **pp = &ft->ft.ftes;

	while (*pp && (*pp)->fte.index < index)
		pp = &(*pp)->fte.next;
	return pp;
}

static uint8_t sim_fw_check_action(struct sim_req *req, const uint8_t *fc,
				   uint32_t n, const uint8_t *props)
{
	uint16_t action = GET(flow_context, fc, action);

	if (action != MLX5_FLOW_CONTEXT_ACTION_FWD_DEST &&
	    action != MLX5_FLOW_CONTEXT_ACTION_DROP)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FTE_ACTION_NOT_SUPPORTED);
	if ((action == MLX5_FLOW_CONTEXT_ACTION_FWD_DEST) != (n > 0))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FTE_BAD_DEST_LIST);
	if (n > 1u << GET(flow_table_prop_layout, props, log_max_destination))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FTE_TOO_MANY_DESTS);
	return MLX5_CMD_STAT_OK;
}

uint8_t sim_exec_set_fte(struct sim_req *req)
{
	const uint8_t *fc = DEVX_ADDR_OF(set_fte_in, req->in, flow_context);
	uint32_t n = GET(flow_context, fc, destination_list_size);
	bool ext = GET(flow_context, fc, extended_destination);
	bool ignore_level = GET(set_fte_in, req->in, ignore_flow_level);
	uint32_t index = GET(set_fte_in, req->in, flow_index);
	size_t esz = ext ? DEVX_ST_SZ_BYTES(extended_dest_format) :
			   DEVX_ST_SZ_BYTES(dest_format);
	size_t base = DEVX_ST_SZ_BYTES(set_fte_in);
	struct sim_fte_dest *dests = NULL;
	struct sim_obj *ft, *fg, **slot, *fte;
	uint32_t i;
	uint8_t st;

	st = sim_fw_ref_table(req, GET(set_fte_in, req->in, table_type),
			      GET(set_fte_in, req->in, table_id), &ft);
	if (!st)
		st = sim_cmd_ref_obj(req, SIM_SPACE_FG, SIM_OBJ_FG,
				     GET(flow_context, fc, group_id), &fg);
	if (st)
		return st;
	if (fg->fg.ft != ft || index < fg->fg.start || index > fg->fg.end)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FTE_GROUP_MISMATCH);
	slot = sim_fw_fte_slot(ft, index);
	if (*slot && (*slot)->fte.index == index)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_FTE_INDEX_IN_USE);
	st = sim_fw_check_action(req, fc, n,
				 sim_ft_props(&req->nic->profile,
					      ft->ft.table_type));
	if (st)
		return st;
	if (req->raw_inlen < base + n * esz)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_INP_LEN_ERR,
				      SIM_SYND_INPUT_TOO_SHORT);
	if (n) {
		dests = calloc(n, sizeof(*dests));
		if (!dests)
			return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
					      SIM_SYND_NONE);
	}
	for (i = 0; i < n && !st; i++)
		st = sim_fw_dest_parse(req, ft, req->raw_in + base + i * esz,
				       ext, ignore_level, &dests[i]);
	/* the entry's memory: its context and one word pair per destination */
	if (!st)
		st = sim_cmd_new_obj(req, SIM_OBJ_FTE, SIM_SPACE_FTE,
				     64 + n * esz);
	if (st) {
		free(dests);
		return st;
	}
	fte = req->created;
	fte->fte.ft = ft;
	fte->fte.fg = fg;
	fte->fte.index = index;
	fte->fte.action = GET(flow_context, fc, action);
	fte->fte.ndests = n;
	fte->fte.dests = dests;
	sim_obj_hold(ft);
	sim_obj_hold(fg);
	for (i = 0; i < n; i++) {
		sim_obj_hold(dests[i].obj);
		sim_obj_hold(dests[i].reformat);
	}
	fte->fte.next = *slot;
	*slot = fte;
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_delete_fte_fields[] = {
	FLD(delete_fte_in, opcode),   FLD(delete_fte_in, uid),
	FLD(delete_fte_in, op_mod),   FLD(delete_fte_in, table_type),
	FLD(delete_fte_in, table_id), FLD(delete_fte_in, flow_index),
};

struct sim_obj *sim_target_fte(struct sim_nic *nic, const uint8_t *in)
{
	struct sim_obj *ft = sim_obj_find(nic, SIM_SPACE_FT,
					  GET(delete_fte_in, in, table_id));
	uint32_t index = GET(delete_fte_in, in, flow_index);
	struct sim_obj **slot;

	if (!ft || ft->kind != SIM_OBJ_FT)
		return NULL;
	slot = sim_fw_fte_slot(ft, index);
	return *slot && (*slot)->fte.index == index ? *slot : NULL;
}

uint8_t sim_exec_delete_fte(struct sim_req *req)
{
	if (GET(delete_fte_in, req->in, table_type) !=
	    req->target->fte.ft->ft.table_type)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_TABLE_TYPE_MISMATCH);
	return sim_cmd_destroy_unused(req);
}

/* Packet reformat contexts */

const struct sim_field sim_alloc_reformat_fields[] = {
	FLD(alloc_packet_reformat_context_in, opcode),
	FLD(alloc_packet_reformat_context_in, uid),
	FLD(alloc_packet_reformat_context_in, op_mod),
	FLD(alloc_packet_reformat_context_in,
	    packet_reformat_context.reformat_type),
	FLD(alloc_packet_reformat_context_in,
	    packet_reformat_context.reformat_data_size),
	FLD(alloc_packet_reformat_context_in,
	    packet_reformat_context.reformat_data),
};

uint8_t sim_exec_alloc_reformat(struct sim_req *req)
{
	const uint8_t *ctx = DEVX_ADDR_OF(alloc_packet_reformat_context_in,
					  req->in, packet_reformat_context);
	uint8_t type = GET(packet_reformat_context_in, ctx, reformat_type);
	uint16_t size =
		GET(packet_reformat_context_in, ctx, reformat_data_size);
	size_t off = DEVX_BYTE_OFF(alloc_packet_reformat_context_in,
				   packet_reformat_context.reformat_data);
	uint8_t *data;
	uint8_t st;

	/* the model executes the L2 encaps: bytes in front of the frame */
	if (type != MLX5_REFORMAT_TYPE_L2_TO_VXLAN &&
	    type != MLX5_REFORMAT_TYPE_L2_TO_NVGRE &&
	    type != MLX5_REFORMAT_TYPE_L2_TO_L2_TUNNEL)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_REFORMAT_TYPE_NOT_SUPPORTED);
	if (!size || size > SIM_CAP(&req->nic->profile, nic_ft,
				    flow_table_nic_cap, max_encap_header_size))
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_PARAM_ERR,
				      SIM_SYND_REFORMAT_BAD_SIZE);
	if (req->raw_inlen < off + size)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_BAD_INP_LEN_ERR,
				      SIM_SYND_INPUT_TOO_SHORT);
	data = malloc(size);
	if (!data)
		return sim_cmd_refuse(req, MLX5_CMD_STAT_NO_RES_ERR,
				      SIM_SYND_NONE);
	st = sim_cmd_new_obj(req, SIM_OBJ_REFORMAT, SIM_SPACE_REFORMAT, size);
	if (st) {
		free(data);
		return st;
	}
	memcpy(data, req->raw_in + off, size);
	req->created->reformat.type = type;
	req->created->reformat.size = size;
	req->created->reformat.data = data;
	SET(alloc_packet_reformat_context_out, req->out, packet_reformat_id,
	    req->created->id);
	return MLX5_CMD_STAT_OK;
}

const struct sim_field sim_dealloc_reformat_fields[] = {
	FLD(dealloc_packet_reformat_context_in, opcode),
	FLD(dealloc_packet_reformat_context_in, uid),
	FLD(dealloc_packet_reformat_context_in, op_mod),
	FLD(dealloc_packet_reformat_context_in, packet_reformat_id),
};

struct sim_obj *sim_target_reformat(struct sim_nic *nic, const uint8_t *in)
{
	return sim_obj_find(nic, SIM_SPACE_REFORMAT,
			    GET(dealloc_packet_reformat_context_in, in,
				packet_reformat_id));
}

/* The object store's side */

void sim_fw_table_release_refs(struct sim_obj *obj)
{
	struct sim_obj **pp;
	uint32_t i;

	if (obj->kind == SIM_OBJ_FG) {
		if (!obj->fg.ft)
			return;
		for (pp = &obj->fg.ft->ft.groups; *pp != obj;
		     pp = &(*pp)->fg.next)
			;
		*pp = obj->fg.next;
		sim_obj_release(obj->fg.ft);
		obj->fg.ft = NULL;
		return;
	}
	if (!obj->fte.ft)
		return;
	pp = sim_fw_fte_slot(obj->fte.ft, obj->fte.index);
	*pp = obj->fte.next;
	sim_obj_release(obj->fte.ft);
	sim_obj_release(obj->fte.fg);
	for (i = 0; i < obj->fte.ndests; i++) {
		sim_obj_release(obj->fte.dests[i].obj);
		sim_obj_release(obj->fte.dests[i].reformat);
	}
	obj->fte.ft = obj->fte.fg = NULL;
	obj->fte.ndests = 0;
}

void sim_fw_table_free(struct sim_obj *obj)
{
	if (obj->kind == SIM_OBJ_FTE)
		free(obj->fte.dests);
	else
		free(obj->reformat.data);
}

/* Execution */

/* Where one copy went, as the walk from a table or a TIR decided it. */
static void sim_fw_copy_result(struct hws_copy *c, const struct hws_verdict *v)
{
	c->result = v->result;
	c->vport = v->vport;
	c->tir = v->tir;
	c->rq = v->rq;
	c->rss_hash = v->rss_hash;
	c->has_tag = v->has_tag;
	c->tag = v->tag;
}

/* Append a copy, with the header a table's reformat put in front of hdr. */
static struct hws_copy *sim_fw_copy_add(struct hws_verdict *v,
					const uint8_t *pre, uint16_t pre_len,
					const struct hws_copy *inner)
{
	struct hws_copy *c;

	if (v->num_copies == HWS_MAX_COPIES)
		return NULL;
	c = &v->copies[v->num_copies++];
	if (inner)
		*c = *inner;
	else
		memset(c, 0, sizeof(*c));
	if (c->header_len + pre_len > HWS_COPY_HEADER_MAX) {
		/* a header the report cannot carry: say so, not a wrong frame */
		c->result = HWS_RESULT_LOOP;
		c->header_len = 0;
		return c;
	}
	if (pre_len) {
		memmove(c->header + pre_len, c->header, c->header_len);
		memcpy(c->header, pre, pre_len);
		c->header_len += pre_len;
	}
	return c;
}

/* A copy that goes on to a table or a TIR, as the reformatted packet. */
static void sim_fw_copy_onward(struct sim_nic *nic,
			       const struct sim_fte_dest *d,
			       const struct hws_packet *pkt,
			       struct hws_verdict *v)
{
	const uint8_t *pre = d->reformat ? d->reformat->reformat.data : NULL;
	uint16_t pre_len = d->reformat ? d->reformat->reformat.size : 0;
	struct hws_packet in = *pkt, parsed;
	struct hws_verdict *sub;
	uint8_t *frame = NULL;
	unsigned int i;

	sub = calloc(1, sizeof(*sub));
	if (pre_len && pkt->frame)
		frame = malloc(pre_len + pkt->frame_len);
	if (!sub || (pre_len && pkt->frame && !frame)) {
		struct hws_copy *c = sim_fw_copy_add(v, NULL, 0, NULL);

		/* the device had no room for the copy */
		if (c)
			c->result = HWS_RESULT_DROP;
		goto out;
	}
	if (frame) {
		memcpy(frame, pre, pre_len);
		memcpy(frame + pre_len, pkt->frame, pkt->frame_len);
		in.frame = frame;
		in.frame_len = pre_len + pkt->frame_len;
	}
	/*
	 * The device parses the new packet again.  A packet given as fields,
	 * without a frame, keeps its fields: the copy reports the header.
	 */
	pkt = sim_frame_packet(nic, &in, &parsed, sub);
	if (d->type == MLX5_FLOW_DESTINATION_TYPE_TIR) {
		sim_rx_deliver(d->obj, pkt, sub);
	} else if (sim_fw_depth >= SIM_FW_MAX_DEPTH) {
		sub->result = HWS_RESULT_LOOP;
	} else {
		sim_fw_depth++;
		sim_classify_walk(nic, d->obj, pkt, sub);
		sim_fw_depth--;
	}
	for (i = 0; i < sub->num_hits && v->num_hits < HWS_MAX_HITS; i++)
		v->hits[v->num_hits++] = sub->hits[i];
	if (sub->result == HWS_RESULT_COPIES) {
		for (i = 0; i < sub->num_copies; i++)
			sim_fw_copy_add(v, pre, pre_len, &sub->copies[i]);
	} else {
		struct hws_copy *c = sim_fw_copy_add(v, pre, pre_len, NULL);

		if (c) {
			sim_fw_copy_result(c, sub);
			if (d->type == MLX5_FLOW_DESTINATION_TYPE_FLOW_TABLE)
				c->ft_id = d->obj->id;
		}
	}
out:
	free(frame);
	free(sub);
}

/* ft has an entry: its lowest index takes the packet. */
void sim_fw_table_forward(struct sim_nic *nic, const struct sim_obj *ft,
			  const struct hws_packet *pkt, struct hws_verdict *v)
{
	const struct sim_obj *fte = ft->ft.ftes;
	uint32_t i;

	if (fte->fte.action == MLX5_FLOW_CONTEXT_ACTION_DROP) {
		v->result = HWS_RESULT_DROP;
		return;
	}
	v->result = HWS_RESULT_COPIES;
	v->num_copies = 0;
	for (i = 0; i < fte->fte.ndests; i++) {
		const struct sim_fte_dest *d = &fte->fte.dests[i];
		struct hws_copy *c;

		if (d->type != MLX5_FLOW_DESTINATION_TYPE_VPORT) {
			sim_fw_copy_onward(nic, d, pkt, v);
			continue;
		}
		c = d->reformat ?
			    sim_fw_copy_add(v, d->reformat->reformat.data,
					    d->reformat->reformat.size, NULL) :
			    sim_fw_copy_add(v, NULL, 0, NULL);
		if (!c)
			break;
		c->result = d->vport == MLX5_VPORT_UPLINK ? HWS_RESULT_UPLINK :
							    HWS_RESULT_VPORT;
		c->vport = d->vport;
	}
}
