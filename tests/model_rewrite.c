// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The rewrite tests' bench on the model: PRM bytes for patterns, ARGs and
 * rewrite STCs, two tables whose one STE every packet hits, and frames
 * with their checksums.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "model_rewrite.h"

static int t_rw_general(struct hws_dev *dev, void *in, size_t inlen,
			struct hws_obj *obj)
{
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };
	int err;

	err = t_raw_create(dev, in, inlen, out, sizeof(out), &obj->devx);
	if (!err)
		obj->id = DEVX_GET(general_obj_out_cmd_hdr, out, obj_id);
	return err;
}

int t_rw_pattern(struct hws_dev *dev, const uint8_t *actions, unsigned int n,
		 struct hws_obj *pat)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_header_modify_pattern_in)] = { 0 };

	DEVX_SET(general_obj_in_cmd_hdr, in, opcode,
		 MLX5_CMD_OP_CREATE_GENERAL_OBJECT);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_type,
		 MLX5_OBJ_TYPE_MODIFY_HDR_PATTERN);
	DEVX_SET(create_header_modify_pattern_in, in, pattern.pattern_length,
		 n);
	memcpy(DEVX_ADDR_OF(create_header_modify_pattern_in, in,
			    pattern.pattern_data),
	       actions, (size_t)(n > 64 ? 64 : n) * PRM_MODIFY_ACTION_SIZE);
	return t_rw_general(dev, in, sizeof(in), pat);
}

int t_rw_arg(struct hws_dev *dev, uint8_t log, uint32_t pdn,
	     struct hws_obj *arg)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_modify_header_arg_in)] = { 0 };

	DEVX_SET(general_obj_in_cmd_hdr, in, opcode,
		 MLX5_CMD_OP_CREATE_GENERAL_OBJECT);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_type,
		 MLX5_OBJ_TYPE_HEADER_MODIFY_ARGUMENT);
	DEVX_SET(general_obj_in_cmd_hdr, in, op_param.create.log_obj_range,
		 log);
	DEVX_SET(create_modify_header_arg_in, in, arg.access_pd, pdn);
	return t_rw_general(dev, in, sizeof(in), arg);
}

/* An 8-byte SET/ADD action (data 0 in a pattern) */
void t_rw_set(uint8_t *a, uint32_t type, uint32_t field, uint32_t off,
	      uint32_t len, uint32_t data)
{
	memset(a, 0, PRM_MODIFY_ACTION_SIZE);
	DEVX_SET(set_action_in, a, action_type, type);
	DEVX_SET(set_action_in, a, field, field);
	DEVX_SET(set_action_in, a, offset, off);
	DEVX_SET(set_action_in, a, length, len & 31);
	DEVX_SET(set_action_in, a, data, data);
}

void t_rw_copy(uint8_t *a, uint32_t type, uint32_t src, uint32_t soff,
	       uint32_t dst, uint32_t doff, uint32_t len)
{
	memset(a, 0, PRM_MODIFY_ACTION_SIZE);
	DEVX_SET(copy_action_in, a, action_type, type);
	DEVX_SET(copy_action_in, a, src_field, src);
	DEVX_SET(copy_action_in, a, src_offset, soff);
	DEVX_SET(copy_action_in, a, dst_field, dst);
	DEVX_SET(copy_action_in, a, dst_offset, doff);
	DEVX_SET(copy_action_in, a, length, len & 31);
}

/* MODIFY of STC slot: action, STE DW, reparse mode, 16 bytes of param. */
int t_rw_stc(struct hws_obj *stc, uint32_t slot, uint8_t action, uint8_t offset,
	     uint8_t reparse, const uint8_t *param)
{
	uint8_t in[DEVX_ST_SZ_BYTES(create_stc_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(general_obj_out_cmd_hdr)] = { 0 };

	DEVX_SET(general_obj_in_cmd_hdr, in, opcode,
		 MLX5_CMD_OP_MODIFY_GENERAL_OBJECT);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_type, MLX5_OBJ_TYPE_STC);
	DEVX_SET(general_obj_in_cmd_hdr, in, obj_id, stc->id);
	DEVX_SET(general_obj_in_cmd_hdr, in, op_param.query.obj_offset, slot);
	DEVX_SET64(create_stc_in, in, stc.modify_field_select,
		   MLX5_IFC_MODIFY_STC_FIELD_SELECT_NEW_STC);
	DEVX_SET(create_stc_in, in, stc.ste_action_offset, offset);
	DEVX_SET(create_stc_in, in, stc.action_type, action);
	DEVX_SET(create_stc_in, in, stc.reparse_mode, reparse);
	if (param)
		memcpy(DEVX_ADDR_OF(create_stc_in, in, stc.stc_param), param,
		       16);
	return stc->devx->dev->ops->obj_modify(stc->devx, in, sizeof(in), out,
					       sizeof(out));
}

void t_rw_stc_std(struct t_rw *f, uint32_t slot, uint8_t action, uint8_t offset,
		  uint32_t table_id)
{
	struct hws_cmd_stc_attr a = { .action_type = action,
				      .action_offset = offset,
				      .table_id = table_id };

	ck_assert_int_eq(hws_cmd_stc_modify(&f->stc, slot, &a), 0);
}

/*
 * Two tables, a and b, each with an RTC of one STE that every packet hits
 * (a definer with no mask bits), and an SQ; the standard STC slots.
 */
void t_rw_open(struct t_rw *f, const char *keys)
{
	struct hws_cmd_definer_attr def = { 0 };
	struct hws_cmd_rtc_attr r = {
		.table_type = MLX5_FT_TYPE_NIC_RX,
		.ste_format = MLX5_IFC_RTC_STE_FORMAT_8DW,
		.reparse_mode = MLX5_IFC_RTC_REPARSE_BY_STC,
	};
	char spec[160];

	snprintf(spec, sizeof(spec), "sim:nic=" NIC "%s%s", *keys ? "," : "",
		 keys);
	memset(f, 0, sizeof(*f));
	f->dev = t_dev_open(spec);
	ck_assert_int_eq(hws_cmd_alloc_pd(f->dev, &f->pd), 0);
	ck_assert_int_eq(hws_cmd_definer_create(f->dev, &def, &f->all), 0);
	ck_assert_int_eq(
		hws_cmd_stc_create(f->dev, MLX5_FT_TYPE_NIC_RX, 4, &f->stc), 0);
	ck_assert_int_eq(
		hws_cmd_ste_create(f->dev, MLX5_FT_TYPE_NIC_RX, 4, &f->ste), 0);
	ck_assert_int_eq(
		hws_cmd_ft_create(f->dev, MLX5_FT_TYPE_NIC_RX, 1, &f->ft_a), 0);
	ck_assert_int_eq(
		hws_cmd_ft_create(f->dev, MLX5_FT_TYPE_NIC_RX, 2, &f->ft_b), 0);
	r.pdn = f->pd.id;
	r.definer_id = f->all.id;
	r.stc_id = f->stc.id;
	r.ste_id = f->ste.id;
	ck_assert_int_eq(hws_cmd_rtc_create(f->dev, &r, &f->rtc_a), 0);
	r.ste_offset = 1;
	ck_assert_int_eq(hws_cmd_rtc_create(f->dev, &r, &f->rtc_b), 0);
	ck_assert_int_eq(hws_cmd_ft_set_rtcs(&f->ft_a, MLX5_FT_TYPE_NIC_RX,
					     f->rtc_a.id, 0),
			 0);
	ck_assert_int_eq(hws_cmd_ft_set_rtcs(&f->ft_b, MLX5_FT_TYPE_NIC_RX,
					     f->rtc_b.id, 0),
			 0);
	t_rw_stc_std(f, S_NOP_CTRL, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_CTRL, 0);
	t_rw_stc_std(f, S_ALLOW, MLX5_IFC_STC_ACTION_TYPE_ALLOW,
		     MLX5_IFC_STC_ACTION_OFFSET_HIT, 0);
	t_rw_stc_std(f, S_NOP_DW5, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_DW5, 0);
	t_rw_stc_std(f, S_NOP_DW6, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_DW6, 0);
	t_rw_stc_std(f, S_NOP_DW7, MLX5_IFC_STC_ACTION_TYPE_NOP,
		     MLX5_IFC_STC_ACTION_OFFSET_DW7, 0);
	t_rw_stc_std(f, S_DROP, MLX5_IFC_STC_ACTION_TYPE_DROP,
		     MLX5_IFC_STC_ACTION_OFFSET_HIT, 0);
	t_rw_stc_std(f, S_JUMP_B, MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT,
		     MLX5_IFC_STC_ACTION_OFFSET_HIT, f->ft_b.id);
	t_rw_stc_std(f, S_TAG, MLX5_IFC_STC_ACTION_TYPE_TAG,
		     MLX5_IFC_STC_ACTION_OFFSET_DW5, 0);
	t_queue_open(&f->q, f->dev, f->pd.id, true);
}

void t_rw_close(struct t_rw *f)
{
	t_queue_close(&f->q);
	/* the jump to b holds b */
	t_rw_stc_std(f, S_JUMP_B, MLX5_IFC_STC_ACTION_TYPE_DROP,
		     MLX5_IFC_STC_ACTION_OFFSET_HIT, 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->ft_a), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->ft_b), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->rtc_a), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->rtc_b), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->ste), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->stc), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->all), 0);
	ck_assert_int_eq(hws_cmd_destroy(&f->pd), 0);
	ck_assert_uint_eq(t_objects(NIC), 0);
	ck_assert_uint_eq(t_stats(NIC).icm_pages, 0);
	hws_dev_close(f->dev);
}

/* The CQE of the last WQE: success, or the error's vendor syndrome. */
void t_rw_expect_cqe(struct t_rw *f, unsigned int n, uint8_t vendor)
{
	const struct prm_cqe64 *cqe = t_queue_cqe(&f->q, n);

	if (!vendor) {
		ck_assert_uint_eq(cqe->op_own >> 4, PRM_CQE_OPCODE_REQ);
		ck_assert_uint_eq(be32toh(cqe->byte_cnt), 0);
		return;
	}
	ck_assert_uint_eq(cqe->op_own >> 4, PRM_CQE_OPCODE_REQ_ERR);
	ck_assert_uint_eq(cqe->vendor_err_synd, vendor);
}

/*
 * Write the one STE of rtc: hit slot, slots for DW5..DW7, the STE's
 * DW4 (HIT_LSB), DW5 and DW7.  cqe: the CQE it must complete with.
 */
void t_rw_rule(struct t_rw *f, const struct hws_obj *rtc, uint32_t dirix,
	       uint32_t hit, uint32_t dw5_slot, uint32_t dw6_slot,
	       uint32_t dw7_slot, uint32_t hit_lsb, uint32_t dw5, uint32_t dw7)
{
	uint32_t ix[PRM_STC_IX_MAX] = {
		S_NOP_CTRL | 4u << PRM_STC_IX_NUM_ACTIONS_SHIFT,
		hit,
		dw5_slot,
		dw6_slot,
		dw7_slot,
	};
	uint8_t ste[PRM_STE_SIZE] = { 0 };
	uint32_t be;
	unsigned int n = t_queue_cqes(&f->q, T_QUEUE_LOG_SIZE);

	be = htobe32(hit_lsb);
	memcpy(ste + 4 * PRM_STE_DW_HIT_LSB, &be, 4);
	be = htobe32(dw5);
	memcpy(ste + 4 * 5, &be, 4);
	be = htobe32(dw7);
	memcpy(ste + 4 * 7, &be, 4);
	t_queue_post(&f->q, rtc->id, dirix, ix, ste, true, true);
	t_rw_expect_cqe(f, n, 0);
}

void t_rw_arg_put(struct t_rw *f, uint32_t index, const uint8_t *data,
		  uint8_t vendor)
{
	unsigned int n = t_queue_cqes(&f->q, T_QUEUE_LOG_SIZE);

	t_queue_post_arg(&f->q, index, data, true, true);
	t_rw_expect_cqe(f, n, vendor);
}

/* Frames */

uint32_t t_rw_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* 0 when the IPv4 header at ip and its TCP/UDP checksum add up */
int t_rw_csum_bad(const uint8_t *f, size_t len, size_t ip)
{
	size_t ihl = 4 * (f[ip] & 0xf), l4 = ip + ihl;
	size_t l4len = ((size_t)f[ip + 2] << 8 | f[ip + 3]) - ihl;
	uint32_t sum;

	if (t_rw_sum(f + ip, ihl, 0) != 0xffff)
		return 1;
	if (l4 + l4len > len)
		return 2;
	if (f[ip + 9] == 17 && !f[l4 + 6] && !f[l4 + 7])
		return 0;
	sum = t_rw_sum(f + ip + 12, 8, f[ip + 9] + (uint32_t)l4len);
	return t_rw_sum(f + l4, l4len, sum) == 0xffff ? 0 : 3;
}

void t_rw_put(struct t_frame *fr, const void *p, size_t n)
{
	memcpy(fr->b + fr->len, p, n);
	fr->len += n;
}

void t_rw_put16(struct t_frame *fr, uint16_t v)
{
	uint8_t b[2] = { v >> 8, v & 0xff };

	t_rw_put(fr, b, 2);
}

void t_rw_eth(struct t_frame *fr, uint8_t last)
{
	static const uint8_t macs[12] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
					  0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x00 };

	t_rw_put(fr, macs, 11);
	t_rw_put(fr, &last, 1);
	t_rw_put16(fr, 0x0800);
}

/* IPv4 (ttl) and TCP or UDP with payload bytes, checksums right. */
void t_rw_ipv4(struct t_frame *fr, uint8_t proto, uint8_t ttl, uint32_t sip,
	       uint32_t dip, uint16_t dport, size_t payload, bool udp_csum)
{
	size_t ip = fr->len, l4 = ip + 20,
	       l4len = (proto == 6 ? 20 : 8) + payload;
	uint8_t *h = fr->b + ip, *t = fr->b + l4;
	uint32_t sum;
	size_t i;

	memset(h, 0, 20 + l4len);
	h[0] = 0x45;
	h[1] = 0x10;
	h[2] = (20 + l4len) >> 8;
	h[3] = (20 + l4len) & 0xff;
	h[8] = ttl;
	h[9] = proto;
	for (i = 0; i < 4; i++) {
		h[12 + i] = sip >> (24 - 8 * i);
		h[16 + i] = dip >> (24 - 8 * i);
	}
	sum = t_rw_sum(h, 20, 0);
	h[10] = ~sum >> 8;
	h[11] = ~sum & 0xff;
	t[0] = 0x30;
	t[1] = 0x39;
	t[2] = dport >> 8;
	t[3] = dport & 0xff;
	if (proto == 6) {
		t[4] = 0x11; /* seq */
		t[12] = 0x50;
		t[13] = 0x18;
	} else {
		t[4] = l4len >> 8;
		t[5] = l4len & 0xff;
	}
	for (i = 0; i < payload; i++)
		t[(proto == 6 ? 20 : 8) + i] = 'a' + i % 26;
	fr->len = l4 + l4len;
	if (proto == 17 && !udp_csum)
		return;
	sum = t_rw_sum(h + 12, 8, proto + (uint32_t)l4len);
	sum = t_rw_sum(t, l4len, sum);
	t[proto == 6 ? 16 : 6] = ~sum >> 8;
	t[proto == 6 ? 17 : 7] = ~sum & 0xff;
}

struct t_frame t_rw_tcp(uint8_t ttl)
{
	struct t_frame fr = { .len = 0 };

	t_rw_eth(&fr, 0xee);
	t_rw_ipv4(&fr, 6, ttl, 0x0a000001, 0x0a000002, 80, 10, true);
	return fr;
}

/* The 50-byte VXLAN header of the encap tests: Ethernet, IPv4, UDP, VNI. */
void t_rw_vxlan_hdr(struct t_frame *fr, uint32_t vni)
{
	uint8_t vx[8] = { 0x08, 0, 0, 0, vni >> 16, vni >> 8, vni, 0 };
	size_t ip;

	t_rw_eth(fr, 0x77);
	ip = fr->len;
	t_rw_ipv4(fr, 17, 64, 0xc0a80001, 0xc0a80002, 4789, 0, false);
	/* the device sets the lengths and the IPv4 checksum */
	fr->b[ip + 2] = fr->b[ip + 3] = 0;
	fr->b[ip + 10] = fr->b[ip + 11] = 0;
	fr->b[ip + 24] = fr->b[ip + 25] = 0;
	t_rw_put(fr, vx, sizeof(vx));
}

struct hws_verdict *t_rw_trace(struct t_rw *f, const struct hws_obj *ft,
			       const struct t_frame *fr)
{
	static struct hws_verdict v;
	struct hws_packet pkt = { .frame = fr->b,
				  .frame_len = fr->len,
				  .side = HWS_SIDE_RX };

	ck_assert_int_eq(hws_dev_trace_packet(f->dev, ft->id, &pkt, &v), 0);
	return &v;
}
