// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* PRM command encoders of firmware-managed flow tables: no policy. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define SET(typ, p, fld, v) DEVX_SET(typ, p, fld, v)
#define GET(typ, p, fld) DEVX_GET(typ, p, fld)

int hws_cmd_fw_ft_create(struct hws_dev *dev, uint8_t table_type, uint8_t level,
			 uint8_t log_size, struct hws_obj *ft)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_flow_table_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(create_flow_table_out)] = { 0 };
	void *ftc = DEVX_ADDR_OF(create_flow_table_in, in, flow_table_context);
	int err;

	SET(create_flow_table_in, in, opcode, MLX5_CMD_OP_CREATE_FLOW_TABLE);
	SET(create_flow_table_in, in, table_type, table_type);
	SET(flow_table_context, ftc, level, level);
	SET(flow_table_context, ftc, log_size, log_size);
	err = hws_cmd_obj_create(dev, in, sizeof(in), out, sizeof(out), ft);
	if (!err)
		ft->id = GET(create_flow_table_out, out, table_id);
	return err;
}

int hws_cmd_fg_create(struct hws_dev *dev, uint8_t table_type, uint32_t ft_id,
		      uint32_t first, uint32_t last, struct hws_obj *fg)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_flow_group_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(create_flow_group_out)] = { 0 };
	int err;

	SET(create_flow_group_in, in, opcode, MLX5_CMD_OP_CREATE_FLOW_GROUP);
	SET(create_flow_group_in, in, table_type, table_type);
	SET(create_flow_group_in, in, table_id, ft_id);
	SET(create_flow_group_in, in, start_flow_index, first);
	SET(create_flow_group_in, in, end_flow_index, last);
	err = hws_cmd_obj_create(dev, in, sizeof(in), out, sizeof(out), fg);
	if (!err)
		fg->id = GET(create_flow_group_out, out, group_id);
	return err;
}

int hws_cmd_fte_set(struct hws_dev *dev, const struct hws_cmd_fte_attr *attr,
		    struct hws_obj *fte)
{
	uint8_t out[DEVX_ST_SZ_BYTES(mbox_out) * 2] = { 0 };
	size_t base = DEVX_ST_SZ_BYTES(set_fte_in), esz, inlen;
	bool ext = false;
	uint8_t *in, *fc, *e;
	uint32_t i;
	int err;

	/* one reformat makes every entry of the list the extended kind */
	for (i = 0; i < attr->num_dests; i++)
		ext |= attr->dests[i].reformat_id != 0;
	esz = ext ? DEVX_ST_SZ_BYTES(extended_dest_format) :
		    DEVX_ST_SZ_BYTES(dest_format);
	inlen = base + attr->num_dests * esz;
	in = calloc(1, inlen);
	if (!in)
		return ENOMEM;
	SET(set_fte_in, in, opcode, MLX5_CMD_OP_SET_FLOW_TABLE_ENTRY);
	SET(set_fte_in, in, table_type, attr->table_type);
	SET(set_fte_in, in, table_id, attr->ft_id);
	SET(set_fte_in, in, flow_index, attr->flow_index);
	SET(set_fte_in, in, ignore_flow_level, attr->ignore_flow_level);
	fc = DEVX_ADDR_OF(set_fte_in, in, flow_context);
	SET(flow_context, fc, group_id, attr->group_id);
	SET(flow_context, fc, action, attr->action);
	SET(flow_context, fc, extended_destination, ext);
	SET(flow_context, fc, destination_list_size, attr->num_dests);
	for (i = 0; i < attr->num_dests; i++) {
		const struct hws_cmd_fte_dest *d = &attr->dests[i];

		e = in + base + i * esz;
		SET(dest_format, e, destination_type, d->type);
		SET(dest_format, e, destination_id, d->id);
		SET(dest_format, e, destination_eswitch_owner_vhca_id_valid,
		    d->vhca_id_valid);
		SET(dest_format, e, destination_eswitch_owner_vhca_id,
		    d->vhca_id);
		if (d->reformat_id) {
			SET(dest_format, e, packet_reformat, 1);
			SET(extended_dest_format, e, packet_reformat_id,
			    d->reformat_id);
		}
	}
	err = hws_cmd_obj_create(dev, in, inlen, out, sizeof(out), fte);
	/* firmware names an entry by its table and index, not by an id */
	if (!err)
		fte->id = attr->flow_index;
	free(in);
	return err;
}

int hws_cmd_reformat_alloc(struct hws_dev *dev, uint8_t type,
			   const uint8_t *data, size_t size,
			   struct hws_obj *reformat)
{
	uint8_t out[DEVX_ST_SZ_BYTES(alloc_packet_reformat_context_out)] = { 0 };
	size_t off = DEVX_BYTE_OFF(alloc_packet_reformat_context_in,
				   packet_reformat_context.reformat_data);
	size_t inlen = DEVX_ST_SZ_BYTES(alloc_packet_reformat_context_in);
	void *ctx;
	uint8_t *in;
	int err;

	if (off + size > inlen)
		inlen = off + size;
	in = calloc(1, inlen);
	if (!in)
		return ENOMEM;
	ctx = DEVX_ADDR_OF(alloc_packet_reformat_context_in, in,
			   packet_reformat_context);
	SET(alloc_packet_reformat_context_in, in, opcode,
	    MLX5_CMD_OP_ALLOC_PACKET_REFORMAT_CONTEXT);
	SET(packet_reformat_context_in, ctx, reformat_type, type);
	SET(packet_reformat_context_in, ctx, reformat_data_size, size);
	memcpy(in + off, data, size);
	err = hws_cmd_obj_create(dev, in, inlen, out, sizeof(out), reformat);
	if (!err)
		reformat->id = GET(alloc_packet_reformat_context_out, out,
				   packet_reformat_id);
	free(in);
	return err;
}
