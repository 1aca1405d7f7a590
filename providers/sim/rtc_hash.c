// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Hash definers: an RTC created with num_hash_definer 1 hashes by its
 * match_definer_0 alone, and each of its STEs names in DW1 the definer it
 * matches by.  Such a definer must select the header bytes the hash definer
 * selects and compare at least its bits, so that the row an STE is placed in
 * is the row a packet it matches hashes to.
 */
#include <string.h>

#include "sim_internal.h"

static uint32_t sim_rtc_hash_ste_definer_id(const uint8_t *image)
{
	uint32_t dw;

	memcpy(&dw, image + 4 * PRM_STE_DW_DEFINER, 4);
	return be32toh(dw) >> PRM_STE_DEFINER_SHIFT & PRM_STE_DEFINER_ID_MAX;
}

/* Does def select what the hash definer hashes, with all of its bits? */
static bool sim_rtc_hash_covers(const struct sim_obj *def,
				const struct sim_obj *hash)
{
	int i;

	if (memcmp(def->definer.dw_sel, hash->definer.dw_sel,
		   sizeof(def->definer.dw_sel)) ||
	    memcmp(def->definer.byte_sel, hash->definer.byte_sel,
		   sizeof(def->definer.byte_sel)))
		return false;
	for (i = 0; i < PRM_JUMBO_TAG_SIZE; i++)
		if ((def->definer.mask[i] & hash->definer.mask[i]) !=
		    hash->definer.mask[i])
			return false;
	return true;
}

uint8_t sim_rtc_hash_ste_definer(struct sim_nic *nic, const struct sim_obj *rtc,
				 const uint8_t *image, struct sim_obj **def)
{
	uint32_t id = sim_rtc_hash_ste_definer_id(image);
	struct sim_obj *d;

	/* an STE of a plain RTC names no definer, or the RTC's own */
	if (!rtc->rtc.hash_definer) {
		*def = rtc->rtc.definer;
		return id && id != rtc->rtc.definer->id ?
			       SIM_WQE_ERR_BAD_DEFINER :
			       SIM_WQE_ERR_NONE;
	}
	d = sim_obj_find(nic, SIM_SPACE_GENERAL, id);
	if (!d || d->kind != SIM_OBJ_DEFINER || d->uid != rtc->uid)
		return SIM_WQE_ERR_BAD_DEFINER;
	if (!sim_rtc_hash_covers(d, rtc->rtc.definer))
		return SIM_WQE_ERR_DEFINER_MISMATCH;
	*def = d;
	return SIM_WQE_ERR_NONE;
}

uint32_t sim_rtc_hash_row(const struct sim_obj *rtc, const uint8_t *tag,
			  size_t len)
{
	const uint8_t *mask =
		rtc->rtc.definer->definer.mask + PRM_JUMBO_TAG_SIZE - len;
	uint8_t key[PRM_JUMBO_TAG_SIZE];
	size_t i;

	if (!rtc->rtc.hash_definer)
		return prm_ste_hash(tag, len) &
		       ((1u << rtc->rtc.log_hash_size) - 1);
	for (i = 0; i < len; i++)
		key[i] = tag[i] & mask[i];
	return prm_ste_hash(key, len) & ((1u << rtc->rtc.log_hash_size) - 1);
}

bool sim_rtc_hash_ste_same(const uint8_t *a, const uint8_t *b, size_t len)
{
	return sim_rtc_hash_ste_definer_id(a) ==
		       sim_rtc_hash_ste_definer_id(b) &&
	       !memcmp(a + PRM_STE_SIZE - len, b + PRM_STE_SIZE - len, len);
}
