// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The action executor: rewrite STCs (SET, ADD, COPY, ADD_FIELD, modify
 * lists, header insert and remove) edit the frame's bytes and the metadata
 * registers as the device does.
 *
 * Fields: a modify-field id names a container of bytes at a header the
 * parser found (outer or inner layer) or a metadata register.  The PRM
 * offset counts from the field's LSB and length 0 means 32 (actions.md 1.2).
 * A field whose header the packet lacks is left alone.  Packets given as
 * fields only (no frame) have registers and nothing else to rewrite.
 *
 * Checksums: after a layer's L3/L4 fields changed, the device writes the
 * IPv4 header checksum and the TCP/UDP checksum of that layer again; a UDP
 * checksum of 0 over IPv4 means "none" and stays 0.  An encap header the
 * device inserts gets its IPv4 total length and checksum, IPv6 payload
 * length and UDP length set for the frame it now heads.
 *
 * Reparse: a change of values only (no header added or removed, no
 * EtherType or IP protocol written) updates the parse in place, so later
 * tables match the new values.  After a structural change the parser runs
 * again when the STC says ALWAYS, or says IGNORE under an RTC whose mode is
 * ALWAYS.  Otherwise (NEVER, or IGNORE under an RTC of mode NEVER or
 * BY_STC) the old parse stays: later tables match the fields as they were
 * parsed, an inserted header is not parsed, and the headers the parser
 * found are where the move took them (a removed one is gone), for the
 * actions that follow.
 */
#include <string.h>

#include "sim_internal.h"

enum sim_rewrite_base {
	SIM_RW_MAC, /* from the layer's MAC anchor */
	SIM_RW_ETYPE, /* the EtherType after the VLAN tags */
	SIM_RW_VLAN, /* from the first VLAN tag */
	SIM_RW_IP, /* the IP header, IPv4 or IPv6 positions */
	SIM_RW_TCP,
	SIM_RW_UDP,
	SIM_RW_REG, /* a register in the header layout */
};

/*
 * Where a field lives: a big-endian container of cbytes at off (IPv4) or
 * off6 (IPv6) from its base, the field shift bits above its LSB.  -1: the
 * field does not exist in that IP version.
 */
struct sim_rewrite_field {
	uint16_t id;
	uint8_t width;
	uint8_t base;
	uint8_t cbytes;
	int16_t off, off6;
	uint8_t shift, shift6;
};

#define HL_BYTE(fld) (PRM_BIT_OFF(definer_hl, fld) / 8)
#define L2F(id, w, o, c)                         \
	{                                        \
		id, w, SIM_RW_MAC, c, o, o, 0, 0 \
	}
#define IPF(id, w, o4, o6, c, s4, s6)               \
	{                                           \
		id, w, SIM_RW_IP, c, o4, o6, s4, s6 \
	}
#define REGF(id, fld)                                                   \
	{                                                               \
		id, 32, SIM_RW_REG, 4, HL_BYTE(fld), HL_BYTE(fld), 0, 0 \
	}

/* The outer fields; an inner id is the outer one + MLX5_MODI_IN_OFFSET. */
static const struct sim_rewrite_field sim_rewrite_fields[] = {
	L2F(MLX5_MODI_OUT_SMAC_47_16, 32, 6, 4),
	L2F(MLX5_MODI_OUT_SMAC_15_0, 16, 10, 2),
	{ MLX5_MODI_OUT_ETHERTYPE, 16, SIM_RW_ETYPE, 2, 0, 0, 0, 0 },
	L2F(MLX5_MODI_OUT_DMAC_47_16, 32, 0, 4),
	L2F(MLX5_MODI_OUT_DMAC_15_0, 16, 4, 2),
	IPF(MLX5_MODI_OUT_IP_DSCP, 6, 0, 0, 4, 18, 22),
	{ MLX5_MODI_OUT_TCP_FLAGS, 9, SIM_RW_TCP, 2, 12, 12, 0, 0 },
	{ MLX5_MODI_OUT_TCP_SPORT, 16, SIM_RW_TCP, 2, 0, 0, 0, 0 },
	{ MLX5_MODI_OUT_TCP_DPORT, 16, SIM_RW_TCP, 2, 2, 2, 0, 0 },
	IPF(MLX5_MODI_OUT_IPV4_TTL, 8, 8, -1, 1, 0, 0),
	{ MLX5_MODI_OUT_UDP_SPORT, 16, SIM_RW_UDP, 2, 0, 0, 0, 0 },
	{ MLX5_MODI_OUT_UDP_DPORT, 16, SIM_RW_UDP, 2, 2, 2, 0, 0 },
	IPF(MLX5_MODI_OUT_SIPV6_127_96, 32, -1, 8, 4, 0, 0),
	IPF(MLX5_MODI_OUT_SIPV6_95_64, 32, -1, 12, 4, 0, 0),
	IPF(MLX5_MODI_OUT_SIPV6_63_32, 32, -1, 16, 4, 0, 0),
	IPF(MLX5_MODI_OUT_SIPV6_31_0, 32, -1, 20, 4, 0, 0),
	IPF(MLX5_MODI_OUT_DIPV6_127_96, 32, -1, 24, 4, 0, 0),
	IPF(MLX5_MODI_OUT_DIPV6_95_64, 32, -1, 28, 4, 0, 0),
	IPF(MLX5_MODI_OUT_DIPV6_63_32, 32, -1, 32, 4, 0, 0),
	IPF(MLX5_MODI_OUT_DIPV6_31_0, 32, -1, 36, 4, 0, 0),
	IPF(MLX5_MODI_OUT_SIPV4, 32, 12, -1, 4, 0, 0),
	IPF(MLX5_MODI_OUT_DIPV4, 32, 16, -1, 4, 0, 0),
	{ MLX5_MODI_OUT_FIRST_VID, 12, SIM_RW_VLAN, 2, 2, 2, 0, 0 },
	IPF(MLX5_MODI_OUT_IPV6_HOPLIMIT, 8, -1, 7, 1, 0, 0),
	IPF(MLX5_MODI_OUT_IP_PROTOCOL, 8, 9, 6, 1, 0, 0),
	{ MLX5_MODI_OUT_TCP_SEQ_NUM, 32, SIM_RW_TCP, 4, 4, 4, 0, 0 },
	{ MLX5_MODI_OUT_TCP_ACK_NUM, 32, SIM_RW_TCP, 4, 8, 8, 0, 0 },
	IPF(MLX5_MODI_OUT_IP_ECN, 2, 0, 0, 4, 16, 20),
	REGF(MLX5_MODI_META_DATA_REG_A, metadata.general_purpose),
	REGF(MLX5_MODI_META_DATA_REG_B, metadata.metadata_to_cqe),
	REGF(MLX5_MODI_META_REG_C_0, registers.register_c_0),
	REGF(MLX5_MODI_META_REG_C_0 + 1, registers.register_c_1),
	REGF(MLX5_MODI_META_REG_C_0 + 2, registers.register_c_2),
	REGF(MLX5_MODI_META_REG_C_0 + 3, registers.register_c_3),
	REGF(MLX5_MODI_META_REG_C_0 + 4, registers.register_c_4),
	REGF(MLX5_MODI_META_REG_C_0 + 5, registers.register_c_5),
	REGF(MLX5_MODI_META_REG_C_0 + 6, registers.register_c_6),
	REGF(MLX5_MODI_META_REG_C_7, registers.register_c_7),
};

/* The inner twin of an outer id, for the ids that have one. */
static bool sim_rewrite_inner_id(uint32_t id, uint32_t *outer)
{
	switch (id) {
	case MLX5_MODI_IN_IPV6_HOPLIMIT:
		*outer = MLX5_MODI_OUT_IPV6_HOPLIMIT;
		return true;
	case MLX5_MODI_IN_TCP_SEQ_NUM:
		*outer = MLX5_MODI_OUT_TCP_SEQ_NUM;
		return true;
	case MLX5_MODI_IN_TCP_ACK_NUM:
		*outer = MLX5_MODI_OUT_TCP_ACK_NUM;
		return true;
	case MLX5_MODI_IN_IP_ECN:
		*outer = MLX5_MODI_OUT_IP_ECN;
		return true;
	}
	if (id >= MLX5_MODI_OUT_SMAC_47_16 + MLX5_MODI_IN_OFFSET &&
	    id <= MLX5_MODI_OUT_DIPV4 + MLX5_MODI_IN_OFFSET) {
		*outer = id - MLX5_MODI_IN_OFFSET;
		return true;
	}
	return false;
}

static const struct sim_rewrite_field *sim_rewrite_field(uint32_t id,
							 bool *inner)
{
	size_t i;

	*inner = sim_rewrite_inner_id(id, &id);
	for (i = 0;
	     i < sizeof(sim_rewrite_fields) / sizeof(sim_rewrite_fields[0]);
	     i++)
		if (sim_rewrite_fields[i].id == id)
			return &sim_rewrite_fields[i];
	return NULL;
}

unsigned int sim_modify_field_width(uint32_t id)
{
	const struct sim_rewrite_field *f;
	bool inner;

	f = sim_rewrite_field(id, &inner);
	return f ? f->width : 0;
}

static bool sim_rewrite_has(const struct sim_walk *w, unsigned int anchor)
{
	return w->anc.found >> anchor & 1;
}

/* A located field: its container and where the field sits in it. */
struct sim_rewrite_loc {
	uint8_t *p;
	unsigned int cbytes, shift, width;
	bool frame; /* in the frame (checksums), not in a register */
	bool inner;
};

static bool sim_rewrite_locate(struct sim_walk *w, uint32_t id,
			       struct sim_rewrite_loc *loc)
{
	const struct sim_rewrite_field *f = sim_rewrite_field(id, &loc->inner);
	unsigned int mac, ip, l4, proto;
	size_t at;
	int off;
	bool v6;

	if (!f)
		return false;
	loc->cbytes = f->cbytes;
	loc->width = f->width;
	loc->shift = f->shift;
	loc->frame = f->base != SIM_RW_REG;
	if (f->base == SIM_RW_REG) {
		loc->p = w->hl + f->off;
		return true;
	}
	if (!w->frame)
		return false;
	mac = loc->inner ? MLX5_HEADER_ANCHOR_INNER_MAC :
			   MLX5_HEADER_ANCHOR_MAC;
	ip = loc->inner ? MLX5_HEADER_ANCHOR_INNER_IPV6_IPV4 :
			  MLX5_HEADER_ANCHOR_IPV6_IPV4;
	l4 = loc->inner ? MLX5_HEADER_ANCHOR_INNER_TCP_UDP :
			  MLX5_HEADER_ANCHOR_TCP_UDP;
	proto = w->anc.l4_proto[loc->inner];
	switch (f->base) {
	case SIM_RW_MAC:
		if (!sim_rewrite_has(w, mac))
			return false;
		at = w->anc.off[mac] + f->off;
		break;
	case SIM_RW_ETYPE:
		/* two bytes before the IP header, else after the tags */
		if (sim_rewrite_has(w, ip))
			at = w->anc.off[ip] - 2;
		else if (sim_rewrite_has(w, mac))
			at = w->anc.off[mac] + 12;
		else
			return false;
		break;
	case SIM_RW_VLAN:
		if (loc->inner ||
		    !sim_rewrite_has(w, MLX5_HEADER_ANCHOR_FIRST_VLAN_START))
			return false;
		at = w->anc.off[MLX5_HEADER_ANCHOR_FIRST_VLAN_START] + f->off;
		break;
	case SIM_RW_IP:
		if (!sim_rewrite_has(w, ip))
			return false;
		v6 = w->frame[w->anc.off[ip]] >> 4 == 6;
		off = v6 ? f->off6 : f->off;
		if (off < 0)
			return false;
		loc->shift = v6 ? f->shift6 : f->shift;
		at = w->anc.off[ip] + off;
		break;
	default: /* TCP, UDP: the header must be the field's protocol */
		if (!sim_rewrite_has(w, l4) ||
		    proto != (f->base == SIM_RW_TCP ? 6 : 17))
			return false;
		at = w->anc.off[l4] + f->off;
		break;
	}
	if (at + f->cbytes > w->len)
		return false;
	loc->p = w->frame + at;
	return true;
}

static uint32_t sim_rewrite_be(const uint8_t *p, unsigned int n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static void sim_rewrite_put_be(uint8_t *p, unsigned int n, uint32_t v)
{
	while (n--) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

static uint32_t sim_rewrite_mask(unsigned int bits)
{
	return bits >= 32 ? UINT32_MAX : (1u << bits) - 1;
}

/* bits [off, off + len) of a located field */
static uint32_t sim_rewrite_get(const struct sim_rewrite_loc *l,
				unsigned int off, unsigned int len)
{
	return sim_rewrite_be(l->p, l->cbytes) >> (l->shift + off) &
	       sim_rewrite_mask(len);
}

static void sim_rewrite_put(const struct sim_rewrite_loc *l, unsigned int off,
			    unsigned int len, uint32_t v)
{
	uint32_t c = sim_rewrite_be(l->p, l->cbytes);
	uint32_t m = sim_rewrite_mask(len) << (l->shift + off);

	c = (c & ~m) | (v << (l->shift + off) & m);
	sim_rewrite_put_be(l->p, l->cbytes, c);
}

/* One's-complement sum of big-endian 16-bit words. */
static uint32_t sim_rewrite_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t sim_rewrite_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* Write the checksums of a layer's IPv4 header and TCP/UDP header. */
static void sim_rewrite_checksums(struct sim_walk *w, bool inner)
{
	unsigned int ip = inner ? MLX5_HEADER_ANCHOR_INNER_IPV6_IPV4 :
				  MLX5_HEADER_ANCHOR_IPV6_IPV4;
	unsigned int l4 = inner ? MLX5_HEADER_ANCHOR_INNER_TCP_UDP :
				  MLX5_HEADER_ANCHOR_TCP_UDP;
	uint8_t proto = w->anc.l4_proto[inner];
	uint8_t *h, *t;
	size_t l4len, ck;
	uint32_t sum;
	bool v6;

	if (!sim_rewrite_has(w, ip))
		return;
	h = w->frame + w->anc.off[ip];
	v6 = h[0] >> 4 == 6;
	if (!v6) {
		size_t ihl = 4 * (h[0] & 0xf);

		h[10] = h[11] = 0;
		sim_rewrite_put_be(
			h + 10, 2,
			sim_rewrite_fold(sim_rewrite_sum(h, ihl, 0)));
	}
	if (!sim_rewrite_has(w, l4) || (proto != 6 && proto != 17))
		return;
	t = w->frame + w->anc.off[l4];
	/* the L4 length the IP header states, within the frame */
	l4len = v6 ? sim_rewrite_be(h + 4, 2) - (size_t)(t - h - 40) :
		     sim_rewrite_be(h + 2, 2) - (size_t)(t - h);
	if (t + l4len > w->frame + w->len || l4len > 0xffff)
		l4len = w->frame + w->len - t;
	ck = proto == 6 ? 16 : 6;
	if (l4len < ck + 2)
		return;
	if (proto == 17 && !v6 && !t[6] && !t[7])
		return; /* no UDP checksum: it stays 0 */
	sum = v6 ? sim_rewrite_sum(h + 8, 32, 0) :
		   sim_rewrite_sum(h + 12, 8, 0);
	sum += proto + (uint32_t)l4len;
	t[ck] = t[ck + 1] = 0;
	sum = sim_rewrite_fold(sim_rewrite_sum(t, l4len, sum));
	if (proto == 17 && !sum)
		sum = 0xffff; /* UDP sends a computed 0 as all ones */
	sim_rewrite_put_be(t + ck, 2, sum);
}

/* What an executed action changed, for checksums and the reparse. */
struct sim_rewrite_effect {
	bool dirty[2]; /* outer, inner L3/L4 bytes changed */
	bool structural; /* headers moved, or a next-header field changed */
};

static void sim_rewrite_touch(struct sim_rewrite_effect *e,
			      const struct sim_rewrite_loc *l, uint32_t id)
{
	if (l->frame)
		e->dirty[l->inner] = true;
	if (id == MLX5_MODI_OUT_ETHERTYPE || id == MLX5_MODI_OUT_IP_PROTOCOL ||
	    id == MLX5_MODI_OUT_ETHERTYPE + MLX5_MODI_IN_OFFSET)
		e->structural = true;
}

/* SET, ADD, COPY or ADD_FIELD, 8 bytes as the PRM lays them out. */
static void sim_rewrite_modify(struct sim_walk *w, const uint8_t *act,
			       uint32_t data, struct sim_rewrite_effect *e)
{
	uint32_t type = DEVX_GET(set_action_in, act, action_type);
	uint32_t len = DEVX_GET(set_action_in, act, length);
	struct sim_rewrite_loc dst, src;
	uint32_t id, v, off;

	len = len ? len : 32;
	if (type == MLX5_MODIFICATION_TYPE_SET ||
	    type == MLX5_MODIFICATION_TYPE_ADD) {
		id = DEVX_GET(set_action_in, act, field);
		off = DEVX_GET(set_action_in, act, offset);
		if (!sim_rewrite_locate(w, id, &dst))
			return;
		v = data;
		if (type == MLX5_MODIFICATION_TYPE_ADD) /* wraps in len bits */
			v += sim_rewrite_get(&dst, off, len);
		sim_rewrite_put(&dst, off, len, v);
		sim_rewrite_touch(e, &dst, id);
		return;
	}
	id = DEVX_GET(copy_action_in, act, dst_field);
	off = DEVX_GET(copy_action_in, act, dst_offset);
	if (!sim_rewrite_locate(w, DEVX_GET(copy_action_in, act, src_field),
				&src) ||
	    !sim_rewrite_locate(w, id, &dst))
		return;
	v = sim_rewrite_get(&src, DEVX_GET(copy_action_in, act, src_offset),
			    len);
	if (type == MLX5_MODIFICATION_TYPE_ADD_FIELD)
		v += sim_rewrite_get(&dst, off, len);
	sim_rewrite_put(&dst, off, len, v);
	sim_rewrite_touch(e, &dst, id);
}

/* The headers at or after at moved by n bytes; those removed are gone. */
static void sim_rewrite_shift(struct sim_walk *w, size_t at, size_t n,
			      bool insert)
{
	unsigned int a;

	/* PACKET_START stays where it is */
	for (a = MLX5_HEADER_ANCHOR_PACKET_START + 1; a < SIM_ANCHORS; a++) {
		if (!sim_rewrite_has(w, a) || w->anc.off[a] < at)
			continue;
		if (insert)
			w->anc.off[a] += n;
		else if (w->anc.off[a] < at + n)
			w->anc.found &= ~(1u << a);
		else
			w->anc.off[a] -= n;
	}
}

/* Insert n bytes at byte at of the frame. */
static bool sim_rewrite_insert(struct sim_walk *w, size_t at,
			       const uint8_t *bytes, size_t n,
			       struct sim_rewrite_effect *e)
{
	if (!w->frame || at > w->len || w->len + n > HWS_FRAME_MAX)
		return false;
	memmove(w->frame + at + n, w->frame + at, w->len - at);
	memcpy(w->frame + at, bytes, n);
	w->len += n;
	sim_rewrite_shift(w, at, n, true);
	e->structural = true;
	return true;
}

static void sim_rewrite_remove(struct sim_walk *w, size_t at, size_t n,
			       struct sim_rewrite_effect *e)
{
	if (!w->frame || at > w->len || n > w->len - at || !n)
		return;
	memmove(w->frame + at, w->frame + at + n, w->len - at - n);
	w->len -= n;
	sim_rewrite_shift(w, at, n, false);
	e->structural = true;
}

/* The byte an anchor names, plus words 2-byte words; false if absent. */
static bool sim_rewrite_anchor(const struct sim_walk *w, unsigned int anchor,
			       unsigned int words, size_t *at)
{
	if (anchor >= SIM_ANCHORS || !sim_rewrite_has(w, anchor))
		return false;
	*at = w->anc.off[anchor] + 2 * words;
	return true;
}

/*
 * The lengths of an encap header the device inserted at the packet start:
 * IPv4 total length and checksum, IPv6 payload length, UDP length.
 */
static void sim_rewrite_encap_lengths(struct sim_walk *w, size_t hdr)
{
	uint8_t *f = w->frame;
	size_t ip = 12, l4;

	while (ip + 4 <= hdr && (sim_rewrite_be(f + ip, 2) == 0x8100 ||
				 sim_rewrite_be(f + ip, 2) == 0x88a8))
		ip += 4;
	if (ip + 2 > hdr)
		return;
	ip += 2;
	if (f[ip] >> 4 == 4 && ip + 20 <= hdr) {
		l4 = ip + 4 * (f[ip] & 0xf);
		sim_rewrite_put_be(f + ip + 2, 2, w->len - ip);
		f[ip + 10] = f[ip + 11] = 0;
		sim_rewrite_put_be(
			f + ip + 10, 2,
			sim_rewrite_fold(sim_rewrite_sum(f + ip, l4 - ip, 0)));
		if (f[ip + 9] != 17)
			return;
	} else if (f[ip] >> 4 == 6 && ip + 40 <= hdr) {
		l4 = ip + 40;
		sim_rewrite_put_be(f + ip + 4, 2, w->len - l4);
		if (f[ip + 6] != 17)
			return;
	} else {
		return;
	}
	if (l4 + 8 <= hdr)
		sim_rewrite_put_be(f + l4 + 4, 2, w->len - l4);
}

/* INSERT, REMOVE and REMOVE_WORDS: an STC's parameter or a pattern's DW0. */
static void sim_rewrite_reformat(struct sim_walk *w, const uint8_t *p,
				 const uint8_t *bytes,
				 struct sim_rewrite_effect *e)
{
	uint32_t type = DEVX_GET(stc_ste_param_insert, p, action_type);
	size_t at, end, n;

	switch (type) {
	case MLX5_MODIFICATION_TYPE_INSERT:
		n = 2 * DEVX_GET(stc_ste_param_insert, p, insert_size);
		if (!sim_rewrite_anchor(
			    w, DEVX_GET(stc_ste_param_insert, p, insert_anchor),
			    DEVX_GET(stc_ste_param_insert, p, insert_offset),
			    &at) ||
		    !sim_rewrite_insert(w, at, bytes, n, e))
			return;
		if (DEVX_GET(stc_ste_param_insert, p, encap) && !at)
			sim_rewrite_encap_lengths(w, n);
		return;
	case MLX5_MODIFICATION_TYPE_REMOVE:
		if (sim_rewrite_anchor(w,
				       DEVX_GET(stc_ste_param_remove, p,
						remove_start_anchor),
				       0, &at) &&
		    sim_rewrite_anchor(w,
				       DEVX_GET(stc_ste_param_remove, p,
						remove_end_anchor),
				       0, &end) &&
		    end > at)
			sim_rewrite_remove(w, at, end - at, e);
		return;
	case MLX5_MODIFICATION_TYPE_REMOVE_WORDS:
		if (sim_rewrite_anchor(w,
				       DEVX_GET(stc_ste_param_remove_words, p,
						remove_start_anchor),
				       DEVX_GET(stc_ste_param_remove_words, p,
						remove_offset),
				       &at))
			sim_rewrite_remove(
				w, at,
				2 * DEVX_GET(stc_ste_param_remove_words, p,
					     remove_size),
				e);
		return;
	}
}

/* A modify list: pattern action k takes its data from argument slot k. */
static void sim_rewrite_list(struct sim_walk *w, const struct sim_obj *pat,
			     const struct sim_obj *arg, uint32_t entry,
			     struct sim_rewrite_effect *e)
{
	size_t need = (size_t)pat->pattern.len * PRM_MODIFY_ACTION_SIZE;
	const uint8_t *data;
	unsigned int k;

	/* an offset past the object: the device rewrites nothing */
	if (((uint64_t)entry * PRM_ARG_ENTRY_SIZE + need) >
	    (uint64_t)PRM_ARG_ENTRY_SIZE << arg->arg.log_range)
		return;
	data = arg->arg.data + (size_t)entry * PRM_ARG_ENTRY_SIZE;
	for (k = 0; k < pat->pattern.len; k++) {
		const uint8_t *act =
			pat->pattern.actions + k * PRM_MODIFY_ACTION_SIZE;
		const uint8_t *slot = data + k * PRM_MODIFY_ACTION_SIZE;
		uint32_t type = DEVX_GET(set_action_in, act, action_type);

		switch (type) {
		case MLX5_MODIFICATION_TYPE_SET:
		case MLX5_MODIFICATION_TYPE_ADD:
			sim_rewrite_modify(w, act, sim_rewrite_be(slot + 4, 4),
					   e);
			break;
		case MLX5_MODIFICATION_TYPE_COPY:
		case MLX5_MODIFICATION_TYPE_ADD_FIELD:
			sim_rewrite_modify(w, act, 0, e);
			break;
		case MLX5_MODIFICATION_TYPE_INSERT:
			/* inline: the 4 bytes of the slot's DW1 */
			sim_rewrite_reformat(w, act, slot + 4, e);
			break;
		case MLX5_MODIFICATION_TYPE_REMOVE:
		case MLX5_MODIFICATION_TYPE_REMOVE_WORDS:
			sim_rewrite_reformat(w, act, NULL, e);
			break;
		default: /* NOP */
			break;
		}
	}
}

bool sim_rewrite_action(uint8_t action_type)
{
	switch (action_type) {
	case MLX5_IFC_STC_ACTION_TYPE_SET:
	case MLX5_IFC_STC_ACTION_TYPE_ADD:
	case MLX5_IFC_STC_ACTION_TYPE_COPY:
	case MLX5_IFC_STC_ACTION_TYPE_ADD_FIELD:
	case MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST:
	case MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT:
	case MLX5_IFC_STC_ACTION_TYPE_HEADER_REMOVE:
	case MLX5_IFC_STC_ACTION_TYPE_REMOVE_WORDS:
		return true;
	default:
		return false;
	}
}

void sim_rewrite_exec(struct sim_walk *w, const struct sim_stc_slot *s,
		      uint32_t dw7, uint8_t rtc_reparse)
{
	struct sim_rewrite_effect e = { { false, false }, false };
	uint8_t inline_bytes[4];
	const struct sim_obj *arg = s->target2;
	bool reparse;
	size_t off;

	switch (s->action_type) {
	case MLX5_IFC_STC_ACTION_TYPE_SET:
	case MLX5_IFC_STC_ACTION_TYPE_ADD:
		/* the STC holds the action; its data is the STE's DW7 */
		sim_rewrite_modify(w, s->param, dw7, &e);
		break;
	case MLX5_IFC_STC_ACTION_TYPE_COPY:
	case MLX5_IFC_STC_ACTION_TYPE_ADD_FIELD:
		sim_rewrite_modify(w, s->param, 0, &e);
		break;
	case MLX5_IFC_STC_ACTION_TYPE_ACC_MODIFY_LIST:
		sim_rewrite_list(w, s->target, arg, dw7, &e);
		break;
	case MLX5_IFC_STC_ACTION_TYPE_HEADER_INSERT:
		if (DEVX_GET(stc_ste_param_insert, s->param, inline_data)) {
			sim_rewrite_put_be(inline_bytes, 4, dw7);
			sim_rewrite_reformat(w, s->param, inline_bytes, &e);
			break;
		}
		off = (size_t)dw7 * PRM_ARG_ENTRY_SIZE;
		if (off + 2 * DEVX_GET(stc_ste_param_insert, s->param,
				       insert_size) <=
		    (size_t)PRM_ARG_ENTRY_SIZE << arg->arg.log_range)
			sim_rewrite_reformat(w, s->param, arg->arg.data + off,
					     &e);
		break;
	default: /* HEADER_REMOVE, REMOVE_WORDS */
		sim_rewrite_reformat(w, s->param, NULL, &e);
		break;
	}
	if (e.structural || e.dirty[0] || e.dirty[1])
		w->rewritten = true;
	if (!e.structural) {
		if (e.dirty[0])
			sim_rewrite_checksums(w, false);
		if (e.dirty[1])
			sim_rewrite_checksums(w, true);
		/* values only: the parse follows them in place */
		if (!w->stale)
			sim_walk_reparse(w, true);
		return;
	}
	/* a modify list that also moved headers */
	if (e.dirty[0])
		sim_rewrite_checksums(w, false);
	if (e.dirty[1])
		sim_rewrite_checksums(w, true);
	reparse = s->reparse_mode == MLX5_IFC_STC_REPARSE_ALWAYS ||
		  (s->reparse_mode == MLX5_IFC_STC_REPARSE_IGNORE &&
		   rtc_reparse == MLX5_IFC_RTC_REPARSE_ALWAYS);
	/* else the old parse stays, its headers where they moved to */
	w->stale = !reparse;
	if (reparse)
		sim_walk_reparse(w, true);
}
