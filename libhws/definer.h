/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Definers: an fte_match_param mask becomes a SELECT definer (DW and byte
 * selectors into the hardware header layout); a rule's values become the
 * tag the device compares.
 */
#ifndef HWS_DEFINER_H
#define HWS_DEFINER_H

#include "context.h"
#include "match_field.h"

/* A field the definer uses: where it comes from and where it goes. */
struct hws_definer_fc {
	uint16_t fte_off;
	uint16_t fte_sz;
	uint16_t hl_off;
	uint16_t hl_sz;
	enum hws_field_conv conv;
};

#define HWS_DEFINER_MAX_FC 64

/*
 * One step of a tag's copy plan: a big-endian DW of the value (or of a
 * converted field, src_dw >= HWS_DEFINER_CONV_DW) shifted into a tag DW.
 * tag_dw[dst_dw] |= (src << lsh >> rsh) & mask, in host order.
 */
struct hws_definer_copy {
	uint8_t src_dw;
	uint8_t dst_dw;
	uint8_t lsh;
	uint8_t rsh;
	uint32_t mask;
};

#define HWS_DEFINER_CONV_DW (PRM_FTE_MATCH_PARAM_BYTES / 4)
#define HWS_DEFINER_MAX_CONV 8
#define HWS_DEFINER_TAG_DWS (PRM_JUMBO_TAG_SIZE / 4)
#define HWS_DEFINER_MAX_COPIES (PRM_JUMBO_TAG_SIZE * 8)

struct hws_definer {
	struct hws_obj obj;
	bool jumbo;
	uint8_t tag_len; /* the bytes an STE compares: 32 or 44 */
	uint8_t dw_sel[PRM_DEFINER_DW_SELECTORS];
	uint8_t byte_sel[PRM_DEFINER_BYTE_SELECTORS];
	uint8_t mask[PRM_JUMBO_TAG_SIZE];
	uint8_t num_fc;
	struct hws_definer_fc fc[HWS_DEFINER_MAX_FC];
	/* a copy of the template mask, to check rule values against */
	uint8_t fte_mask[PRM_FTE_MATCH_PARAM_BYTES];
	/* the template's fte_match_param size: how much of a value to read */
	uint16_t param_sz;
	/* the blocks match_criteria_enable names: where values are checked */
	uint8_t num_check_blk;
	uint8_t check_blk[8];
	/* the tag's copy plan, built once: value copies, then conversions */
	uint8_t num_conv;
	uint8_t conv_fc[HWS_DEFINER_MAX_CONV]; /* their fc[] index */
	uint8_t conv_shift[HWS_DEFINER_MAX_CONV]; /* into a header DW */
	uint16_t num_copies, num_value_copies;
	struct hws_definer_copy copies[HWS_DEFINER_MAX_COPIES];
};

/*
 * Choose selectors for a template mask and create the DEFINER object.
 * Returns EOPNOTSUPP for a field libhws does not match, E2BIG when the
 * mask needs more selectors than one STE holds, EINVAL for a bad mask.
 */
int hws_definer_create(struct mlx5hws_context *ctx, struct hws_definer *def,
		       const uint8_t *mask, size_t mask_sz,
		       uint8_t match_criteria_enable);
void hws_definer_destroy(struct mlx5hws_context *ctx,
			 struct hws_definer *def);
/*
 * What hws_definer_create() does but the DEFINER object: does the mask fit
 * one STE?  The same errors; nothing to destroy.
 */
int hws_definer_layout(struct mlx5hws_context *ctx, struct hws_definer *def,
		       const uint8_t *mask, size_t mask_sz,
		       uint8_t match_criteria_enable);

/* Do a and b select the same header bits? */
bool hws_definer_same(const struct hws_definer *a, const struct hws_definer *b);

/*
 * The definers of a matcher whose n templates differ: defs[i] selects what
 * tmpl[i] matches, all on the selectors of the union of their fields; hash,
 * on the same selectors, keeps the tag bits all of them compare: the RTCs
 * hash by it, and each STE names the definer it matches by.  EOPNOTSUPP when
 * the union needs a jumbo STE or the templates mix STE formats, E2BIG when it
 * needs more selectors than an STE holds, EINVAL when no field is common.
 * On failure nothing stays created.
 */
int hws_definer_create_shared(struct mlx5hws_context *ctx,
			      const struct hws_definer *const tmpl[], uint8_t n,
			      struct hws_definer defs[],
			      struct hws_definer *hash);

/*
 * The tag of a rule: 44 bytes in the definer's tag layout, of which an STE
 * holds the last tag_len, built by the definer's copy plan.  EINVAL when a
 * value has bits outside the mask in a block match_criteria_enable names;
 * the device reads no other block.
 */
int hws_definer_tag(struct mlx5hws_context *ctx,
		    const struct hws_definer *def, const uint8_t *value,
		    uint8_t tag[PRM_JUMBO_TAG_SIZE]);

#endif /* HWS_DEFINER_H */
