// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Definers: a template mask to selectors, rule values to tags. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "definer.h"

static void hws_definer_clear_bits(uint8_t *p, size_t off, size_t width)
{
	while (width) {
		size_t n = width > 32 - off % 32 ? 32 - off % 32 : width;

		_devx_set(p, 0, off, n);
		off += n;
		width -= n;
	}
}

static const char *hws_definer_block_name(uint8_t criteria)
{
	switch (criteria) {
	case MLX5_MATCH_OUTER_HEADERS:
		return "outer_headers";
	case MLX5_MATCH_MISC_PARAMETERS:
		return "misc_parameters";
	case MLX5_MATCH_INNER_HEADERS:
		return "inner_headers";
	case MLX5_MATCH_MISC_PARAMETERS_2:
		return "misc_parameters_2";
	case MLX5_MATCH_MISC_PARAMETERS_3:
		return "misc_parameters_3";
	case MLX5_MATCH_MISC_PARAMETERS_4:
		return "misc_parameters_4";
	case MLX5_MATCH_MISC_PARAMETERS_5:
		return "misc_parameters_5";
	}
	return "reserved block";
}

#define HWS_BLOCK_BITS 0x200
#define HWS_SUPPORTED_CRITERIA                                     \
	(MLX5_MATCH_OUTER_HEADERS | MLX5_MATCH_MISC_PARAMETERS |   \
	 MLX5_MATCH_INNER_HEADERS | MLX5_MATCH_MISC_PARAMETERS_2 | \
	 MLX5_MATCH_MISC_PARAMETERS_3 | MLX5_MATCH_MISC_PARAMETERS_5)

static uint8_t hws_definer_block_of(size_t bit)
{
	return 1u << (bit / HWS_BLOCK_BITS);
}

static int hws_definer_check_blocks(const uint8_t *mask, uint8_t criteria)
{
	uint8_t blk;
	int i;

	if (criteria & ~HWS_SUPPORTED_CRITERIA) {
		blk = criteria & ~HWS_SUPPORTED_CRITERIA;
		hws_err("match criteria %s: libhws does not match on it",
			hws_definer_block_name(blk & -blk));
		return blk & 0x80 ? EINVAL : EOPNOTSUPP;
	}
	for (i = 0; i < 8; i++) {
		blk = 1u << i;
		if (criteria & blk)
			continue;
		if (!hws_match_field_bits_zero(mask, i * HWS_BLOCK_BITS,
					       HWS_BLOCK_BITS)) {
			hws_err("mask has bits in %s, which match_criteria_enable (0x%x) leaves out",
				hws_definer_block_name(blk), criteria);
			return EINVAL;
		}
	}
	return 0;
}

static void hws_definer_report_unsupported(const uint8_t *rest)
{
	const char *name;
	size_t bit;

	for (bit = 0; bit < PRM_FTE_MATCH_PARAM_BYTES * 8; bit++)
		if (!hws_match_field_bits_zero(rest, bit, 1))
			break;
	name = hws_match_field_unsupported(bit);
	if (name) {
		hws_err("match field %s is not supported", name);
		return;
	}
	hws_err("match on %s bit 0x%zx (fte_match_param bit 0x%zx) is not supported",
		hws_definer_block_name(hws_definer_block_of(bit)),
		bit % HWS_BLOCK_BITS, bit);
}

static struct hws_definer_fc *hws_definer_find_fc(struct hws_definer *def,
						  uint16_t hl_off)
{
	uint8_t i;

	for (i = 0; i < def->num_fc; i++)
		if (def->fc[i].hl_off == hl_off)
			return &def->fc[i];
	return NULL;
}

/*
 * The field copies of one masked field.  MAC and IPv6 addresses are split
 * at their 32-bit words, as the kernel splits them (dmac_47_16, dmac_15_0,
 * ipv6_127_96, ...), and only the words with mask bits get a copy: a /64
 * reserves two header DWs, not four.
 */
static int hws_definer_add_field(struct mlx5hws_context *ctx,
				 struct hws_definer *def,
				 const struct hws_match_field *f,
				 const uint8_t *mask)
{
	const struct mlx5hws_match_field *p = &f->pub;
	bool split = p->bit_width > 32 &&
		     (f->conv == HWS_CONV_COPY || f->conv == HWS_CONV_IPV6);
	uint16_t off, n, hl_off = hws_match_field_hl_off(ctx, f);
	struct hws_definer_fc *fc;

	if (f->conv == HWS_CONV_NONE)
		return 0;
	if (hws_definer_find_fc(def, hl_off)) {
		/* cvlan and svlan share the qualifier */
		if (f->conv == HWS_CONV_VLAN_QUAL)
			return 0;
		hws_err("%s: tcp and udp ports are one header field; mask only one of them",
			p->name);
		return EINVAL;
	}
	for (off = 0; off < p->bit_width; off += n) {
		n = split && p->bit_width - off > 32 ? 32 : p->bit_width - off;
		if (split &&
		    hws_match_field_bits_zero(mask, p->bit_offset + off, n))
			continue;
		if (def->num_fc == HWS_DEFINER_MAX_FC) {
			hws_err("the mask has more than %u header pieces",
				HWS_DEFINER_MAX_FC);
			return E2BIG;
		}
		fc = &def->fc[def->num_fc++];
		fc->fte_off = p->bit_offset + off;
		fc->fte_sz = n;
		fc->hl_off = hl_off + off;
		fc->hl_sz = split ? n : f->hl_sz;
		fc->conv = f->conv;
		/* whose vport: the owner the mask names picks the E-Switch */
		if (f->conv == HWS_CONV_GVMI &&
		    !hws_match_field_bits_zero(
			    mask,
			    FTE_OFF(misc_parameters
					    .source_eswitch_owner_vhca_id),
			    16))
			fc->conv = HWS_CONV_GVMI_OWNER;
		/* the qualifier reads both tag bits: cvlan first, svlan last */
		if (f->conv == HWS_CONV_VLAN_QUAL) {
			fc->fte_off = f->cvlan_off;
			fc->fte_sz = f->svlan_dist + 1;
		}
	}
	return 0;
}

/* Turn the mask into field copies; rest keeps the bits left unclaimed. */
static int hws_definer_collect_fields(struct mlx5hws_context *ctx,
				      struct hws_definer *def,
				      const uint8_t *mask, uint8_t criteria,
				      uint8_t *rest)
{
	size_t i;
	int err;

	memcpy(rest, mask, PRM_FTE_MATCH_PARAM_BYTES);
	for (i = 0; i < hws_match_field_count; i++) {
		const struct hws_match_field *f = &hws_match_field_table[i];
		const struct mlx5hws_match_field *p = &f->pub;
		/*
		 * A layer's addresses are IPv6 when the upper 96 bits of
		 * either are masked: a packet has one IP version.
		 */
		size_t addrs = p->bit_offset & ~255u;
		bool v6 = !hws_match_field_bits_zero(mask, addrs, 96) ||
			  !hws_match_field_bits_zero(mask, addrs + 128, 96);

		if (!(criteria & p->criteria) ||
		    hws_match_field_bits_zero(mask, p->bit_offset,
					      p->bit_width))
			continue;
		if ((f->conv == HWS_CONV_IPV4 && v6) ||
		    (f->conv == HWS_CONV_IPV6 && !v6))
			continue;
		hws_definer_clear_bits(rest, p->bit_offset, p->bit_width);
		err = hws_definer_add_field(ctx, def, f, mask);
		if (err)
			return err;
	}
	if (!hws_match_field_bits_zero(rest, 0,
				       PRM_FTE_MATCH_PARAM_BYTES * 8)) {
		hws_definer_report_unsupported(rest);
		return EOPNOTSUPP;
	}
	return 0;
}

/*
 * An address is only an IPv4 or an IPv6 address once the mask says which:
 * a full ethertype or the IP version, in the same headers.
 */
static int hws_definer_check_ip(const uint8_t *mask, const char *layer,
				size_t hdr)
{
	size_t src = hdr + FTE_OFF(outer_headers.src_ipv4_src_ipv6),
	       dst = hdr + FTE_OFF(outer_headers.dst_ipv4_dst_ipv6);
	uint32_t ethertype =
		_devx_get(mask, hdr + FTE_OFF(outer_headers.ethertype), 16);
	bool v6 = !hws_match_field_bits_zero(mask, src, 96) ||
		  !hws_match_field_bits_zero(mask, dst, 96);
	bool has_src = !hws_match_field_bits_zero(mask, src, 128);

	if ((!has_src && hws_match_field_bits_zero(mask, dst, 128)) ||
	    ethertype == 0xffff ||
	    _devx_get(mask, hdr + FTE_OFF(outer_headers.ip_version), 4))
		return 0;
	if (ethertype)
		hws_err("%s.ipv%c_%s needs all of %s.ethertype, not mask 0x%04x, or %s.ip_version",
			layer, v6 ? '6' : '4', has_src ? "src" : "dst", layer,
			ethertype, layer);
	else
		hws_err("%s.ipv%c_%s is masked without %s.ethertype or %s.ip_version, which say the IP version",
			layer, v6 ? '6' : '4', has_src ? "src" : "dst", layer,
			layer);
	return EINVAL;
}

/* Combinations the kernel refuses as well. */
static int hws_definer_check_combos(const uint8_t *mask)
{
	int err;

	err = hws_definer_check_ip(mask, "outer", 0);
	if (!err)
		err = hws_definer_check_ip(mask, "inner",
					   FTE_OFF(inner_headers) -
						   FTE_OFF(outer_headers));
	return err;
}

/* Selector search, depth first over the used header-layout DWs. */
struct sel_search {
	uint8_t dws[PRM_DEFINER_HL_BYTES / 4];
	uint8_t dw_bytes[PRM_DEFINER_HL_BYTES / 4]; /* bit k: byte k used */
	unsigned int n;
	unsigned int full_max, lim_max;
	uint8_t full[PRM_DEFINER_DW_SELECTORS], nfull;
	uint8_t lim[3], nlim;
	uint8_t bytes[PRM_DEFINER_BYTE_SELECTORS], nbytes;
};

static bool hws_definer_fit(struct sel_search *s, unsigned int i)
{
	uint8_t d, k, nb;

	if (i == s->n)
		return true;
	d = s->dws[i];
	if (s->nlim < s->lim_max && d < 64) {
		s->lim[s->nlim++] = d;
		if (hws_definer_fit(s, i + 1))
			return true;
		s->nlim--;
	}
	if (s->nfull < s->full_max) {
		s->full[s->nfull++] = d;
		if (hws_definer_fit(s, i + 1))
			return true;
		s->nfull--;
	}
	/* byte selectors reach header bytes 0..255 only */
	nb = __builtin_popcount(s->dw_bytes[i]);
	if (d < 64 && s->nbytes + nb <= PRM_DEFINER_BYTE_SELECTORS) {
		for (k = 0; k < 4; k++)
			if (s->dw_bytes[i] >> k & 1)
				s->bytes[s->nbytes++] = 4 * d + k;
		if (hws_definer_fit(s, i + 1))
			return true;
		s->nbytes -= nb;
	}
	return false;
}

static void hws_definer_hl_mark(uint8_t *hl, size_t off, size_t sz)
{
	size_t b;

	for (b = off; b < off + sz; b++)
		hl[b / 8] |= 0x80 >> (b % 8);
}

/* Mark the header-layout bits the definer's fields take. */
static void hws_definer_mark_used(const struct hws_definer *def, uint8_t *used)
{
	unsigned int i;

	for (i = 0; i < def->num_fc; i++)
		hws_definer_hl_mark(used, def->fc[i].hl_off, def->fc[i].hl_sz);
}

/* Selectors that reach every header byte marked in used. */
static int hws_definer_choose_selectors(struct mlx5hws_context *ctx,
					const uint8_t *used,
					struct hws_definer *def)
{
	struct sel_search s;
	unsigned int d, i;

	memset(&s, 0, sizeof(s));
	for (d = 0; d < PRM_DEFINER_HL_BYTES / 4; d++) {
		uint8_t k, bytes = 0;

		for (k = 0; k < 4; k++)
			if (used[4 * d + k])
				bytes |= 1u << k;
		if (!bytes)
			continue;
		s.dws[s.n] = d;
		s.dw_bytes[s.n++] = bytes;
	}

	/* a match STE first: 6 DW selectors, 8 byte selectors */
	s.full_max = PRM_DEFINER_DW_SELECTORS_MATCH;
	if (!hws_definer_fit(&s, 0)) {
		if (!(ctx->caps.ste_format >> MLX5_IFC_RTC_STE_FORMAT_11DW & 1))
			goto too_big;
		/* a jumbo STE: 9 full selectors, or 6 full and 3 limited */
		memset(&s.full, 0, sizeof(s.full));
		s.nfull = s.nlim = s.nbytes = 0;
		if (ctx->caps.full_dw_jumbo) {
			s.full_max = PRM_DEFINER_DW_SELECTORS;
		} else {
			s.full_max = PRM_DEFINER_DW_SELECTORS_MATCH;
			s.lim_max = 3;
		}
		if (!hws_definer_fit(&s, 0))
			goto too_big;
		def->jumbo = true;
	}
	def->tag_len = def->jumbo ? PRM_JUMBO_TAG_SIZE : PRM_MATCH_TAG_SIZE;
	for (i = 0; i < s.nfull; i++)
		def->dw_sel[i] = s.full[i];
	for (i = 0; i < s.nlim; i++)
		def->dw_sel[PRM_DEFINER_DW_SELECTORS_MATCH + i] = s.lim[i];
	/* the first byte chosen takes byte selector 7 */
	for (i = 0; i < s.nbytes; i++)
		def->byte_sel[PRM_DEFINER_BYTE_SELECTORS - 1 - i] = s.bytes[i];
	return 0;

too_big:
	hws_err("the mask needs more selectors than one STE holds (%u header DWs)",
		s.n);
	return E2BIG;
}

/*
 * The definer's match_mask.  Each header byte goes to the first selector
 * that reaches it: the DW selectors the STE holds in order, then the byte
 * selectors from 7 down, which is where the kernel and DPDK bind a field.
 * Unused selectors (0: header DW 0) and repeats then contribute nothing,
 * so their tag bytes stay 0 in the tag, the hash and match_mask.
 */
static void hws_definer_claim(struct hws_definer *def, uint8_t *claimed,
			      const uint8_t *hl_mask, unsigned int hl_byte,
			      unsigned int tag_byte)
{
	if (claimed[hl_byte / 8] & (1u << hl_byte % 8))
		return;
	claimed[hl_byte / 8] |= 1u << hl_byte % 8;
	def->mask[tag_byte] = hl_mask[hl_byte];
}

static void hws_definer_select_mask(struct hws_definer *def,
				    const uint8_t *hl_mask)
{
	uint8_t claimed[PRM_DEFINER_HL_BYTES / 8] = { 0 };
	int ndw = def->jumbo ? PRM_DEFINER_DW_SELECTORS :
			       PRM_DEFINER_DW_SELECTORS_MATCH;
	int i, k;

	memset(def->mask, 0, sizeof(def->mask));
	for (i = 0; i < ndw; i++)
		for (k = 0; k < 4; k++)
			hws_definer_claim(def, claimed, hl_mask,
					  4 * def->dw_sel[i] + k,
					  4 * (8 - i) + k);
	for (i = PRM_DEFINER_BYTE_SELECTORS - 1; i >= 0; i--)
		hws_definer_claim(def, claimed, hl_mask, def->byte_sel[i],
				  36 + 7 - i);
}

/* Fields whose header value is no plain copy of the value's bits. */
static bool hws_definer_converts(enum hws_field_conv conv)
{
	return conv == HWS_CONV_L3_TYPE || conv == HWS_CONV_VLAN_QUAL ||
	       conv == HWS_CONV_GVMI || conv == HWS_CONV_GVMI_OWNER;
}

/*
 * A vport's GVMI: the vports of this context's E-Switch are all it knows.
 * Out of line: its checks log, and most rules match no vport.
 */
static __attribute__((noinline)) int
hws_definer_convert_gvmi(struct mlx5hws_context *ctx,
			 const struct hws_definer_fc *fc, const uint8_t *fte,
			 uint32_t *v)
{
	uint16_t gvmi, owner;

	owner = _devx_get(
		fte, FTE_OFF(misc_parameters.source_eswitch_owner_vhca_id), 16);
	if (fc->conv == HWS_CONV_GVMI_OWNER && owner != ctx->caps.vhca_id) {
		hws_err("rule matches a vport of the E-Switch of vhca_id 0x%x; this context knows the vports of its own (0x%x) only",
			owner, ctx->caps.vhca_id);
		return EINVAL;
	}
	if (hws_context_vport_gvmi(ctx, _devx_get(fte, fc->fte_off, 16),
				   &gvmi)) {
		hws_err("rule matches source vport %u, which the device does not know",
			_devx_get(fte, fc->fte_off, 16));
		return EINVAL;
	}
	*v = gvmi;
	return 0;
}

/*
 * The header value of a converted field (its mask when is_mask); inline,
 * as a rule's tag converts a field or two.
 */
static inline __attribute__((always_inline)) int
hws_definer_convert(struct mlx5hws_context *ctx,
		    const struct hws_definer_fc *fc, const uint8_t *fte,
		    bool is_mask, uint32_t *v)
{
	switch (fc->conv) {
	case HWS_CONV_L3_TYPE:
		*v = _devx_get(fte, fc->fte_off, fc->fte_sz);
		*v = is_mask ? 0x3 : *v == 4 ? 1 : *v == 6 ? 2 : 0;
		return 0;
	case HWS_CONV_VLAN_QUAL:
		if (is_mask)
			*v = 0x3;
		else if (_devx_get(fte, fc->fte_off, 1))
			*v = 2; /* C-VLAN */
		else if (_devx_get(fte, fc->fte_off + fc->fte_sz - 1, 1))
			*v = 1; /* S-VLAN */
		else
			*v = 0;
		return 0;
	default: /* HWS_CONV_GVMI, HWS_CONV_GVMI_OWNER */
		if (is_mask) {
			*v = 0xffff;
			return 0;
		}
		return hws_definer_convert_gvmi(ctx, fc, fte, v);
	}
}

/* Write one field of the template mask into the header layout image. */
static void hws_definer_put_mask(struct mlx5hws_context *ctx,
				 const struct hws_definer_fc *fc,
				 const uint8_t *fte, uint8_t *hl)
{
	uint32_t v;

	if (hws_definer_converts(fc->conv)) {
		hws_definer_convert(ctx, fc, fte, true, &v);
		_devx_set(hl, v, fc->hl_off, fc->hl_sz);
	} else {
		hws_match_field_copy_bits(hl, fc->hl_off, fte, fc->fte_off,
					  fc->fte_sz);
	}
}

/* The header byte the tag's byte t holds. */
static unsigned int hws_definer_tag_source(const struct hws_definer *def,
					   unsigned int t)
{
	if (t < 4 * PRM_DEFINER_DW_SELECTORS)
		return 4 * def->dw_sel[8 - t / 4] + t % 4;
	return def->byte_sel[PRM_DEFINER_BYTE_SELECTORS - 1 - (t - 36)];
}

/*
 * The source of header bit h: a value bit, or a bit of a converted field's
 * DW.  -1 if no field writes it.
 */
static int hws_definer_bit_source(const struct hws_definer *def, unsigned int h)
{
	const struct hws_definer_fc *fc;
	unsigned int i, j = 0, width;

	for (i = 0; i < def->num_fc; i++) {
		fc = &def->fc[i];
		width = hws_definer_converts(fc->conv) ? fc->hl_sz : fc->fte_sz;
		if (h >= fc->hl_off && h < fc->hl_off + width) {
			if (hws_definer_converts(fc->conv))
				return (HWS_DEFINER_CONV_DW + j) * 32 + h % 32;
			return fc->fte_off + h - fc->hl_off;
		}
		j += hws_definer_converts(fc->conv);
	}
	return -1;
}

static int hws_definer_plan_bit(struct hws_definer *def, unsigned int src,
				unsigned int dst)
{
	uint8_t src_dw = src / 32, dst_dw = dst / 32;
	int shift = (int)(src % 32) - (int)(dst % 32);
	uint8_t lsh = shift > 0 ? shift : 0, rsh = shift < 0 ? -shift : 0;
	struct hws_definer_copy *c;
	uint16_t i;

	for (i = 0; i < def->num_copies; i++) {
		c = &def->copies[i];
		if (c->src_dw == src_dw && c->dst_dw == dst_dw &&
		    c->lsh == lsh && c->rsh == rsh)
			break;
	}
	if (i == def->num_copies) {
		if (i == HWS_DEFINER_MAX_COPIES)
			return E2BIG;
		c = &def->copies[def->num_copies++];
		c->src_dw = src_dw;
		c->dst_dw = dst_dw;
		c->lsh = lsh;
		c->rsh = rsh;
		c->mask = 0;
	}
	c->mask |= 1u << (31 - dst % 32);
	return 0;
}

static int hws_definer_copy_cmp(const void *a, const void *b)
{
	const struct hws_definer_copy *x = a, *y = b;

	return x->src_dw != y->src_dw ? x->src_dw - y->src_dw :
					x->dst_dw - y->dst_dw;
}

/*
 * The copy plan: for every tag bit the match_mask enables, the value bit
 * (or converted field bit) the device would find there.  Bits that move
 * alike between the same DWs share one step.
 */
static int hws_definer_plan(struct hws_definer *def)
{
	unsigned int t, b, i;
	int src, err;

	for (i = 0; i < def->num_fc; i++) {
		const struct hws_definer_fc *fc = &def->fc[i];

		if (!hws_definer_converts(fc->conv))
			continue;
		def->conv_fc[def->num_conv] = i;
		def->conv_shift[def->num_conv++] =
			32 - fc->hl_off % 32 - fc->hl_sz;
	}
	for (t = 0; t < PRM_JUMBO_TAG_SIZE; t++) {
		for (b = 0; b < 8; b++) {
			if (!(def->mask[t] & 0x80 >> b))
				continue;
			src = hws_definer_bit_source(
				def, hws_definer_tag_source(def, t) * 8 + b);
			if (src < 0) {
				hws_err("tag bit %u has no field", t * 8 + b);
				return EINVAL;
			}
			err = hws_definer_plan_bit(def, src, t * 8 + b);
			if (err)
				return err;
		}
	}
	qsort(def->copies, def->num_copies, sizeof(def->copies[0]),
	      hws_definer_copy_cmp);
	for (i = 0; i < def->num_copies; i++)
		if (def->copies[i].src_dw >= HWS_DEFINER_CONV_DW)
			break;
	def->num_value_copies = i;
	return 0;
}

static int hws_definer_obj_create(struct mlx5hws_context *ctx,
				  struct hws_definer *def)
{
	struct hws_cmd_definer_attr attr;

	memcpy(attr.dw_sel, def->dw_sel, sizeof(attr.dw_sel));
	memcpy(attr.byte_sel, def->byte_sel, sizeof(attr.byte_sel));
	memcpy(attr.mask, def->mask, sizeof(attr.mask));
	return hws_cmd_definer_create(ctx->dev, &attr, &def->obj);
}

/* With its fields and selectors chosen: the match_mask and the copy plan. */
static int hws_definer_prepare(struct mlx5hws_context *ctx,
			       struct hws_definer *def)
{
	uint8_t hl[PRM_DEFINER_HL_BYTES] = { 0 };
	uint8_t i;

	for (i = 0; i < def->num_fc; i++)
		hws_definer_put_mask(ctx, &def->fc[i], def->fte_mask, hl);
	hws_definer_select_mask(def, hl);
	def->num_conv = 0;
	def->num_copies = 0;
	return hws_definer_plan(def);
}

int hws_definer_layout(struct mlx5hws_context *ctx, struct hws_definer *def,
		       const uint8_t *mask, size_t mask_sz,
		       uint8_t match_criteria_enable)
{
	uint8_t rest[PRM_FTE_MATCH_PARAM_BYTES], used[PRM_DEFINER_HL_BYTES];
	uint8_t i;
	int err;

	memset(def, 0, sizeof(*def));
	for (i = 0; i < 8; i++)
		if (match_criteria_enable & 1u << i)
			def->check_blk[def->num_check_blk++] = i;
	/* 448 bytes is the kernel's length before misc_parameters_6 */
	if (mask_sz != PRM_FTE_MATCH_PARAM_BYTES &&
	    mask_sz != PRM_FTE_MATCH_PARAM_BYTES - 64) {
		hws_err("match parameter of %zu bytes; 448 or 512 expected",
			mask_sz);
		return EINVAL;
	}
	memcpy(def->fte_mask, mask, mask_sz);
	def->param_sz = mask_sz;
	err = hws_definer_check_blocks(def->fte_mask, match_criteria_enable);
	if (!err)
		err = hws_match_field_check_users(ctx, def->fte_mask);
	if (!err)
		err = hws_definer_collect_fields(ctx, def, def->fte_mask,
						 match_criteria_enable, rest);
	if (!err)
		err = hws_definer_check_combos(def->fte_mask);
	if (!err) {
		memset(used, 0, sizeof(used));
		hws_definer_mark_used(def, used);
		err = hws_definer_choose_selectors(ctx, used, def);
	}
	if (!err)
		err = hws_definer_prepare(ctx, def);
	return err;
}

int hws_definer_create(struct mlx5hws_context *ctx, struct hws_definer *def,
		       const uint8_t *mask, size_t mask_sz,
		       uint8_t match_criteria_enable)
{
	int err = hws_definer_layout(ctx, def, mask, mask_sz,
				     match_criteria_enable);

	return err ? err : hws_definer_obj_create(ctx, def);
}

/* A definer the device would not destroy goes to the context's zombies. */
void hws_definer_destroy(struct mlx5hws_context *ctx, struct hws_definer *def)
{
	if (hws_cmd_destroy(&def->obj))
		hws_context_bury(ctx, &def->obj, 1);
}

bool hws_definer_same(const struct hws_definer *a, const struct hws_definer *b)
{
	return a->jumbo == b->jumbo &&
	       !memcmp(a->dw_sel, b->dw_sel, sizeof(a->dw_sel)) &&
	       !memcmp(a->byte_sel, b->byte_sel, sizeof(a->byte_sel)) &&
	       !memcmp(a->mask, b->mask, sizeof(a->mask));
}

/*
 * The union of the templates' fields decides the selectors; the device
 * hashes a matcher's STEs of one format, and a hash definer takes match
 * STEs only (as in DPDK, whose firmware path refuses a jumbo one).
 */
static int hws_definer_shared_layout(struct mlx5hws_context *ctx,
				     const struct hws_definer *const tmpl[],
				     uint8_t n, struct hws_definer *layout)
{
	uint8_t used[PRM_DEFINER_HL_BYTES] = { 0 };
	uint8_t i;
	int err;

	for (i = 0; i < n; i++) {
		if (tmpl[i]->jumbo != tmpl[0]->jumbo) {
			hws_err("match template %u needs a %s STE and template 0 a %s STE; a matcher's STEs have one format",
				i, tmpl[i]->jumbo ? "jumbo" : "match",
				tmpl[0]->jumbo ? "jumbo" : "match");
			return EOPNOTSUPP;
		}
		hws_definer_mark_used(tmpl[i], used);
	}
	memset(layout, 0, sizeof(*layout));
	err = hws_definer_choose_selectors(ctx, used, layout);
	if (err) {
		hws_err("the %u match templates together need more selectors than one STE holds",
			n);
		return err;
	}
	if (layout->jumbo) {
		hws_err("the %u match templates together need a jumbo STE; a hash definer hashes match STEs only",
			n);
		return EOPNOTSUPP;
	}
	return 0;
}

static void hws_definer_destroy_all(struct mlx5hws_context *ctx,
				    struct hws_definer defs[], uint8_t n)
{
	while (n--)
		hws_definer_destroy(ctx, &defs[n]);
}

int hws_definer_create_shared(struct mlx5hws_context *ctx,
			      const struct hws_definer *const tmpl[], uint8_t n,
			      struct hws_definer defs[],
			      struct hws_definer *hash)
{
	uint8_t i, any;
	int err, t;

	err = hws_definer_shared_layout(ctx, tmpl, n, hash);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		defs[i] = *tmpl[i];
		memset(&defs[i].obj, 0, sizeof(defs[i].obj));
		defs[i].jumbo = hash->jumbo;
		defs[i].tag_len = hash->tag_len;
		memcpy(defs[i].dw_sel, hash->dw_sel, sizeof(hash->dw_sel));
		memcpy(defs[i].byte_sel, hash->byte_sel,
		       sizeof(hash->byte_sel));
		err = hws_definer_prepare(ctx, &defs[i]);
		if (err)
			return err;
	}
	/* the hash definer: the tag bits every template's definer compares */
	memset(hash->mask, 0xff, sizeof(hash->mask));
	any = 0;
	for (t = 0; t < PRM_JUMBO_TAG_SIZE; t++) {
		for (i = 0; i < n; i++)
			hash->mask[t] &= defs[i].mask[t];
		any |= hash->mask[t];
	}
	if (!any) {
		hws_err("the %u match templates share no field to hash on", n);
		return EINVAL;
	}
	for (i = 0; i < n; i++) {
		err = hws_definer_obj_create(ctx, &defs[i]);
		if (err) {
			hws_definer_destroy_all(ctx, defs, i);
			return err;
		}
	}
	err = hws_definer_obj_create(ctx, hash);
	if (err)
		hws_definer_destroy_all(ctx, defs, n);
	return err;
}

static bool hws_definer_field_in_mask(const struct mlx5hws_match_field *f,
				      const uint8_t *fte_mask)
{
	for (size_t b = f->bit_offset; b < f->bit_offset + f->bit_width; b++)
		if (fte_mask[b / 8] & (0x80 >> (b % 8)))
			return true;
	return false;
}

/*
 * Name the field a stray bit falls in.  IPv4 and IPv6 addresses share
 * bits, so prefer a field the matcher masks, then the narrowest.  Out of
 * line: a rule's tag has none.
 */
static __attribute__((noinline, cold)) void
hws_definer_report_outside_mask(const uint8_t *fte_mask, size_t bit)
{
	const struct mlx5hws_match_field *best = NULL;
	bool best_masked = false;
	size_t i;

	for (i = 0; i < hws_match_field_count; i++) {
		const struct mlx5hws_match_field *f =
			&hws_match_field_table[i].pub;
		bool masked;

		if (bit < f->bit_offset || bit >= f->bit_offset + f->bit_width)
			continue;
		masked = hws_definer_field_in_mask(f, fte_mask);
		if (!best || masked > best_masked ||
		    (masked == best_masked && f->bit_width < best->bit_width)) {
			best = f;
			best_masked = masked;
		}
	}
	if (best)
		hws_err("rule value sets %s outside the matcher's mask",
			best->name);
	else
		hws_err("rule value sets fte_match_param bit 0x%zx outside the matcher's mask",
			bit);
}

/* The value's first bit outside the mask, in the 64 bytes at off. */
static size_t hws_definer_stray_bit(const struct hws_definer *def,
				    const uint8_t *value, unsigned int off)
{
	unsigned int i;

	for (i = off; !(value[i] & ~def->fte_mask[i]); i++)
		;
	return i * 8 + __builtin_clz(value[i] & ~def->fte_mask[i]) - 24;
}

/* Two words at a time: a vector of the compiler's, whatever the target. */
typedef uint64_t hws_definer_vec __attribute__((vector_size(16)));

/* Stray value bits, 16 bytes at a time over the blocks the mask enables. */
static int hws_definer_check_value(const struct hws_definer *def,
				   const uint8_t *value)
{
	const unsigned int vecs = HWS_BLOCK_BITS / 8 / sizeof(hws_definer_vec);
	hws_definer_vec v, m, stray;
	unsigned int b, off, i;

	for (b = 0; b < def->num_check_blk; b++) {
		off = def->check_blk[b] * HWS_BLOCK_BITS / 8;
		stray = (hws_definer_vec){ 0 };
		for (i = 0; i < vecs; i++) {
			memcpy(&v, value + off + sizeof(v) * i, sizeof(v));
			memcpy(&m, def->fte_mask + off + sizeof(m) * i,
			       sizeof(m));
			stray |= v & ~m;
		}
		if (stray[0] | stray[1]) {
			hws_definer_report_outside_mask(
				def->fte_mask,
				hws_definer_stray_bit(def, value, off));
			return EINVAL;
		}
	}
	return 0;
}

int hws_definer_tag(struct mlx5hws_context *ctx, const struct hws_definer *def,
		    const uint8_t *value, uint8_t tag[PRM_JUMBO_TAG_SIZE])
{
	/* the tag's DWs, big-endian as the device reads them */
	uint32_t out[HWS_DEFINER_TAG_DWS] = { 0 }, conv[HWS_DEFINER_MAX_CONV];
	const struct hws_definer_copy *c = def->copies;
	const struct hws_definer_fc *fc;
	uint32_t w;
	uint16_t i;
	int err;

	err = hws_definer_check_value(def, value);
	if (err)
		return err;
	for (i = 0; i < def->num_conv; i++) {
		fc = &def->fc[def->conv_fc[i]];
		err = hws_definer_convert(ctx, fc, value, false, &w);
		if (err)
			return err;
		conv[i] = w << def->conv_shift[i];
	}
	for (i = 0; i < def->num_value_copies; i++, c++) {
		memcpy(&w, value + 4 * c->src_dw, 4);
		out[c->dst_dw] |=
			htobe32((be32toh(w) << c->lsh >> c->rsh) & c->mask);
	}
	for (; i < def->num_copies; i++, c++)
		out[c->dst_dw] |= htobe32(
			(conv[c->src_dw - HWS_DEFINER_CONV_DW] << c->lsh >>
			 c->rsh) &
			c->mask);
	memcpy(tag, out, PRM_JUMBO_TAG_SIZE);
	return 0;
}
