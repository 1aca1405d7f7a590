// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Modify-header patterns, NOPs, the pattern cache and rule arguments. */
#include <errno.h>
#include <string.h>

#include "pat_arg.h"

/* Fields with an inner twin at id + MLX5_MODI_IN_OFFSET. */
#define HWS_PAT_LAYER(p, P, o)                                               \
	{ 0x01 + (o), 32, p ".smac_47_16", P "_SMAC_47_16" },                \
		{ 0x02 + (o), 16, p ".smac_15_0", P "_SMAC_15_0" },          \
		{ 0x03 + (o), 16, p ".ethertype", P "_ETHERTYPE" },          \
		{ 0x04 + (o), 32, p ".dmac_47_16", P "_DMAC_47_16" },        \
		{ 0x05 + (o), 16, p ".dmac_15_0", P "_DMAC_15_0" },          \
		{ 0x06 + (o), 6, p ".dscp", P "_IP_DSCP" },                  \
		{ 0x07 + (o), 9, p ".tcp_flags", P "_TCP_FLAGS" },           \
		{ 0x08 + (o), 16, p ".tcp_sport", P "_TCP_SPORT" },          \
		{ 0x09 + (o), 16, p ".tcp_dport", P "_TCP_DPORT" },          \
		{ 0x0a + (o), 8, p ".ttl", P "_IPV4_TTL" },                  \
		{ 0x0b + (o), 16, p ".udp_sport", P "_UDP_SPORT" },          \
		{ 0x0c + (o), 16, p ".udp_dport", P "_UDP_DPORT" },          \
		{ 0x0d + (o), 32, p ".ipv6_src_127_96", P "_SIPV6_127_96" }, \
		{ 0x0e + (o), 32, p ".ipv6_src_95_64", P "_SIPV6_95_64" },   \
		{ 0x0f + (o), 32, p ".ipv6_src_63_32", P "_SIPV6_63_32" },   \
		{ 0x10 + (o), 32, p ".ipv6_src_31_0", P "_SIPV6_31_0" },     \
		{ 0x11 + (o), 32, p ".ipv6_dst_127_96", P "_DIPV6_127_96" }, \
		{ 0x12 + (o), 32, p ".ipv6_dst_95_64", P "_DIPV6_95_64" },   \
		{ 0x13 + (o), 32, p ".ipv6_dst_63_32", P "_DIPV6_63_32" },   \
		{ 0x14 + (o), 32, p ".ipv6_dst_31_0", P "_DIPV6_31_0" },     \
		{ 0x15 + (o), 32, p ".ipv4_src", P "_SIPV4" },               \
	{                                                                    \
		0x16 + (o), 32, p ".ipv4_dst", P "_DIPV4"                    \
	}

#define HWS_PAT_REG_C(n, id)                              \
	{                                                 \
		id, 32, "meta.reg_c" #n, "META_REG_C_" #n \
	}

/* Ids and widths: shared/prm/actions.md 2; the names of the match grammar. */
static const struct hws_pat_field hws_pat_fields[] = {
	HWS_PAT_LAYER("outer", "OUT", 0),
	{ MLX5_MODI_OUT_FIRST_VID, 12, "outer.vlan_id", "OUT_FIRST_VID" },
	HWS_PAT_LAYER("inner", "IN", MLX5_MODI_IN_OFFSET),
	{ MLX5_MODI_OUT_IPV6_HOPLIMIT, 8, "outer.hop_limit",
	  "OUT_IPV6_HOPLIMIT" },
	{ MLX5_MODI_IN_IPV6_HOPLIMIT, 8, "inner.hop_limit",
	  "IN_IPV6_HOPLIMIT" },
	{ MLX5_MODI_META_DATA_REG_A, 32, "meta.reg_a", "META_DATA_REG_A" },
	{ MLX5_MODI_OUT_IP_PROTOCOL, 8, "outer.ip_protocol",
	  "OUT_IP_PROTOCOL" },
	{ MLX5_MODI_META_DATA_REG_B, 32, "meta.reg_b", "META_DATA_REG_B" },
	HWS_PAT_REG_C(0, 0x51),
	HWS_PAT_REG_C(1, 0x52),
	HWS_PAT_REG_C(2, 0x53),
	HWS_PAT_REG_C(3, 0x54),
	HWS_PAT_REG_C(4, 0x55),
	HWS_PAT_REG_C(5, 0x56),
	HWS_PAT_REG_C(6, 0x57),
	HWS_PAT_REG_C(7, 0x58),
	{ MLX5_MODI_OUT_TCP_SEQ_NUM, 32, "outer.tcp_seq", "OUT_TCP_SEQ_NUM" },
	{ MLX5_MODI_IN_TCP_SEQ_NUM, 32, "inner.tcp_seq", "IN_TCP_SEQ_NUM" },
	{ MLX5_MODI_OUT_TCP_ACK_NUM, 32, "outer.tcp_ack", "OUT_TCP_ACK_NUM" },
	{ MLX5_MODI_IN_TCP_ACK_NUM, 32, "inner.tcp_ack", "IN_TCP_ACK_NUM" },
	{ MLX5_MODI_OUT_IP_ECN, 2, "outer.ecn", "OUT_IP_ECN" },
	{ MLX5_MODI_IN_IP_ECN, 2, "inner.ecn", "IN_IP_ECN" },
};

const struct hws_pat_field *hws_pat_field(uint32_t id)
{
	size_t i;

	for (i = 0; i < HWS_ARRAY_SIZE(hws_pat_fields); i++)
		if (hws_pat_fields[i].id == id)
			return &hws_pat_fields[i];
	return NULL;
}

const struct hws_pat_field *hws_pat_field_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < HWS_ARRAY_SIZE(hws_pat_fields); i++)
		if (!strcmp(hws_pat_fields[i].name, name))
			return &hws_pat_fields[i];
	return NULL;
}

static const char *hws_pat_type_name(uint32_t type)
{
	switch (type) {
	case MLX5_MODIFICATION_TYPE_SET:
		return "set";
	case MLX5_MODIFICATION_TYPE_ADD:
		return "add";
	case MLX5_MODIFICATION_TYPE_COPY:
		return "copy";
	case MLX5_MODIFICATION_TYPE_ADD_FIELD:
		return "add field";
	default:
		return "?";
	}
}

/* Bits [off, off + len) of field id, for action idx's role (which). */
static int hws_pat_check_bits(const char *what, unsigned int idx,
			      const char *which, uint32_t id, uint32_t off,
			      uint32_t len)
{
	const struct hws_pat_field *f = hws_pat_field(id);

	if (!f) {
		hws_err("%s: action %u: %s field 0x%x is not a modify field the library knows",
			what, idx, which, id);
		return EINVAL;
	}
	if (off + len > f->width) {
		hws_err("%s: action %u: %s field %s is %u bits; bits %u..%u are past it",
			what, idx, which, f->prm, f->width, off, off + len - 1);
		return EINVAL;
	}
	return 0;
}

int hws_pat_check_action(const char *what, unsigned int idx, const uint8_t *act)
{
	uint32_t type = DEVX_GET(set_action_in, act, action_type);
	uint32_t len = DEVX_GET(set_action_in, act, length);
	uint32_t src, dst, soff, doff;
	int err;

	len = len ? len : 32;
	switch (type) {
	case MLX5_MODIFICATION_TYPE_SET:
	case MLX5_MODIFICATION_TYPE_ADD:
		return hws_pat_check_bits(what, idx, hws_pat_type_name(type),
					  DEVX_GET(set_action_in, act, field),
					  DEVX_GET(set_action_in, act, offset),
					  len);
	case MLX5_MODIFICATION_TYPE_COPY:
	case MLX5_MODIFICATION_TYPE_ADD_FIELD:
		src = DEVX_GET(copy_action_in, act, src_field);
		dst = DEVX_GET(copy_action_in, act, dst_field);
		soff = DEVX_GET(copy_action_in, act, src_offset);
		doff = DEVX_GET(copy_action_in, act, dst_offset);
		err = hws_pat_check_bits(what, idx, "source", src, soff, len);
		if (!err)
			err = hws_pat_check_bits(what, idx, "destination", dst,
						 doff, len);
		if (err)
			return err;
		if (src == dst && soff < doff + len && doff < soff + len) {
			hws_err("%s: action %u: %s of %s bits %u..%u onto its own bits %u..%u overlaps",
				what, idx, hws_pat_type_name(type),
				hws_pat_field(src)->prm, soff, soff + len - 1,
				doff, doff + len - 1);
			return EINVAL;
		}
		return 0;
	default:
		hws_err("%s: action %u: type %u is not set (1), add (2), copy (3) or add field (8)",
			what, idx, type);
		return EINVAL;
	}
}

/* The field an action writes and the one it reads; 0 for none. */
static void hws_pat_fields_of(const uint8_t *act, uint32_t *wr, uint32_t *rd)
{
	switch (DEVX_GET(set_action_in, act, action_type)) {
	case MLX5_MODIFICATION_TYPE_SET:
	case MLX5_MODIFICATION_TYPE_ADD:
		*wr = DEVX_GET(set_action_in, act, field);
		*rd = 0;
		break;
	case MLX5_MODIFICATION_TYPE_COPY:
	case MLX5_MODIFICATION_TYPE_ADD_FIELD:
		*wr = DEVX_GET(copy_action_in, act, dst_field);
		*rd = DEVX_GET(copy_action_in, act, src_field);
		break;
	default:
		*wr = *rd = 0;
		break;
	}
}

/*
 * Our NOP rule (actions.md 8): an action depends on the one before it when
 * it writes what that one reads or writes, or reads what it writes.  Field
 * id 0 is no field, so it never matches.  ADD_FIELD counts as a copy.
 */
int hws_pat_build(const uint8_t *in, uint8_t num, uint8_t *out, uint8_t max,
		  uint8_t *out_num, uint64_t *nops)
{
	uint32_t wr, rd, pwr = 0, prd = 0;
	uint8_t n = 0, i;

	*nops = 0;
	for (i = 0; i < num; i++) {
		const uint8_t *act = in + i * PRM_MODIFY_ACTION_SIZE;
		uint32_t type = DEVX_GET(set_action_in, act, action_type);
		bool dep;

		hws_pat_fields_of(act, &wr, &rd);
		dep = i && num > 1 &&
		      ((wr && (wr == pwr || wr == prd)) || (rd && rd == pwr));
		if (n + dep + 1 > max)
			return E2BIG;
		if (dep) {
			memset(out + n * PRM_MODIFY_ACTION_SIZE, 0,
			       PRM_MODIFY_ACTION_SIZE);
			DEVX_SET(set_action_in,
				 out + n * PRM_MODIFY_ACTION_SIZE, action_type,
				 MLX5_MODIFICATION_TYPE_NOP);
			*nops |= 1ull << i;
			n++;
		}
		memcpy(out + n * PRM_MODIFY_ACTION_SIZE, act,
		       PRM_MODIFY_ACTION_SIZE);
		/* SET and ADD take their value from the argument */
		if (type == MLX5_MODIFICATION_TYPE_SET ||
		    type == MLX5_MODIFICATION_TYPE_ADD)
			DEVX_SET(set_action_in,
				 out + n * PRM_MODIFY_ACTION_SIZE, data, 0);
		n++;
		pwr = wr;
		prd = rd;
	}
	*out_num = n;
	return 0;
}

bool hws_pat_needs_reparse(const uint8_t *pat, uint8_t num)
{
	uint32_t wr, rd;
	uint8_t i;

	for (i = 0; i < num; i++) {
		const uint8_t *act = pat + i * PRM_MODIFY_ACTION_SIZE;

		switch (DEVX_GET(set_action_in, act, action_type)) {
		case MLX5_MODIFICATION_TYPE_SET:
		case MLX5_MODIFICATION_TYPE_ADD:
		case MLX5_MODIFICATION_TYPE_COPY:
		case MLX5_MODIFICATION_TYPE_ADD_FIELD:
			hws_pat_fields_of(act, &wr, &rd);
			if (wr == MLX5_MODI_OUT_ETHERTYPE ||
			    wr == MLX5_MODI_OUT_IP_PROTOCOL)
				return true;
			break;
		case MLX5_MODIFICATION_TYPE_NOP:
			break;
		default: /* inserts and removes move headers */
			return true;
		}
	}
	return false;
}

void hws_pat_cache_init(struct hws_pat_cache *cache)
{
	memset(cache, 0, sizeof(*cache));
	pthread_mutex_init(&cache->lock, NULL);
}

void hws_pat_cache_fini(struct hws_pat_cache *cache)
{
	pthread_mutex_destroy(&cache->lock);
}

int hws_pat_get(struct hws_pat_cache *cache, struct hws_dev *dev,
		struct hws_mem *mem, const uint8_t *actions, uint8_t num,
		struct hws_pattern **pat)
{
	size_t len = (size_t)num * PRM_MODIFY_ACTION_SIZE;
	struct hws_pattern *p;
	int err = 0;

	pthread_mutex_lock(&cache->lock);
	for (p = cache->head; p; p = p->next)
		if (p->num == num && !memcmp(p->actions, actions, len))
			break;
	if (p) {
		p->users++;
		goto out;
	}
	p = hws_zalloc(mem, sizeof(*p) + len);
	if (!p) {
		err = ENOMEM;
		goto out;
	}
	err = hws_cmd_pattern_create(dev, actions, num, &p->obj);
	if (err) {
		hws_free(mem, p);
		p = NULL;
		goto out;
	}
	memcpy(p->actions, actions, len);
	p->num = num;
	p->users = 1;
	p->next = cache->head;
	cache->head = p;
	cache->count++;
out:
	pthread_mutex_unlock(&cache->lock);
	*pat = p;
	return err;
}

int hws_pat_put(struct hws_pat_cache *cache, struct hws_mem *mem,
		struct hws_pattern *pat)
{
	struct hws_pattern **pp;
	int err = 0;

	pthread_mutex_lock(&cache->lock);
	if (pat->users > 1) {
		pat->users--;
		goto out;
	}
	/* the device refuses while an STC still names it: keep it counted */
	err = hws_cmd_destroy(&pat->obj);
	if (err)
		goto out;
	for (pp = &cache->head; *pp != pat; pp = &(*pp)->next)
		;
	*pp = pat->next;
	cache->count--;
	hws_free(mem, pat);
out:
	pthread_mutex_unlock(&cache->lock);
	return err;
}

uint8_t hws_arg_chunk_log(uint32_t bytes)
{
	return hws_ilog2_ceil((bytes + PRM_ARG_ENTRY_SIZE - 1) /
			      PRM_ARG_ENTRY_SIZE);
}

void hws_arg_fill(const uint8_t *data, uint8_t num, uint64_t nops,
		  uint8_t chunk_log, uint8_t *out)
{
	uint8_t i, slot = 0;

	memset(out, 0, (size_t)PRM_ARG_ENTRY_SIZE << chunk_log);
	for (i = 0; i < num; i++) {
		if (nops & (1ull << i))
			slot++;
		memcpy(out + slot * PRM_MODIFY_ACTION_SIZE,
		       data + i * PRM_MODIFY_ACTION_SIZE,
		       PRM_MODIFY_ACTION_SIZE);
		slot++;
	}
}
