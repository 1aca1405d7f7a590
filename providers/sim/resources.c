// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The resource dump of the model: what a NIC resource dump gives, in the
 * hardware-resources records (4900..4901) that mlx_steering_dump reads:
 * the names of terminal destinations, and every STE range of every RTC
 * with the 64-byte images of its STEs as they sit in device memory.
 */
#include <errno.h>
#include <string.h>

#include "sim_internal.h"

static void put_be32(uint8_t *p, uint32_t v)
{
	v = htobe32(v);
	memcpy(p, &v, 4);
}

static uint32_t get_be32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be32toh(v);
}

static unsigned int rtc_dir(const struct sim_obj *rtc)
{
	return rtc->rtc.table_type == MLX5_FT_TYPE_FDB_TX ||
	       rtc->rtc.table_type == MLX5_FT_TYPE_NIC_TX;
}

/* Where the hit of an STE leads: an ICM index. */
static uint32_t hit_target(const struct sim_obj *rtc,
			   const struct sim_stc_slot *hit)
{
	switch (hit->action_type) {
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_FT:
		return hit->target->ft.icm_root[rtc_dir(rtc)];
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_VPORT:
		return SIM_ICM_DEST_BASE +
		       DEVX_GET(stc_ste_param_vport, hit->param, vport_number);
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_UPLINK:
		return SIM_ICM_DEST_BASE + SIM_UPLINK_VPORT;
	case MLX5_IFC_STC_ACTION_TYPE_DROP:
		return SIM_ICM_DEST_DROP;
	case MLX5_IFC_STC_ACTION_TYPE_JUMP_TO_TIR:
		return SIM_ICM_DEST_TIR_BASE + hit->target->id;
	default:
		return SIM_ICM_DEST_ALLOW;
	}
}

/*
 * The STE as device memory holds it: the written image with the fields the
 * device fills from the RTC and the STCs (format, counter, definer, miss
 * and hit addresses, action words).
 */
static void icm_image(const struct sim_nic *nic, const struct sim_obj *rtc,
		      const struct sim_ste_rec *rec, uint8_t img[PRM_STE_SIZE])
{
	const struct sim_stc_slot *slots = rtc->rtc.stc->stc.slots;
	const struct sim_stc_slot *ctr = &slots[rec->stc_ix[PRM_STC_IX_CTRL]];
	uint16_t gvmi = SIM_CAP(&nic->profile, general, cmd_hca_cap, vhca_id);
	uint32_t counter = 0, miss = 0, hit, definer;
	int i;

	memcpy(img, rec->image, PRM_STE_SIZE);
	if (ctr->action_type == MLX5_IFC_STC_ACTION_TYPE_COUNTER)
		counter = DEVX_GET(stc_ste_param_flow_counter, ctr->param,
				   flow_counter_id) +
			  get_be32(rec->image);
	put_be32(img, (uint32_t)rtc->rtc.ste_format << 24 |
			      (counter & 0xffffff));
	if (rtc->rtc.miss_ft)
		miss = rtc->rtc.miss_ft->ft.icm_root[rtc_dir(rtc)];
	/* an action STE table's RTC has the trivial definer, no object */
	definer = rtc->rtc.definer ? rtc->rtc.definer->id :
				     SIM_TRIVIAL_DEFINER_ID;
	put_be32(img + 4, (uint32_t)gvmi << 16 | (definer & 0xff) << 8 |
				  ((miss >> 26) & 0xff));
	put_be32(img + 8, (miss & 0x3ffffff) << 6);
	/* a single-STE target: A = index << 1 | size marker 1 */
	hit = hit_target(rtc, &slots[rec->stc_ix[PRM_STC_IX_HIT]]) << 1 | 1;
	put_be32(img + 12, (uint32_t)gvmi << 16 | ((hit >> 27) & 0xff));
	put_be32(img + 16, (hit & 0x7ffffff) << 5);
	if (rtc->rtc.ste_format != MLX5_IFC_RTC_STE_FORMAT_8DW)
		return;
	for (i = PRM_STC_IX_DW5; i <= PRM_STC_IX_DW7; i++) {
		uint8_t *dw = img + 4 * (PRM_STE_DW_ACTION0 + i - PRM_STC_IX_DW5);

		/* a slot the STE does not name holds no action */
		if (i < rec->nslots && slots[rec->stc_ix[i]].action_type ==
					       MLX5_IFC_STC_ACTION_TYPE_TAG)
			put_be32(dw, (uint32_t)MLX5_IFC_STC_ACTION_TYPE_TAG << 24 |
					     (get_be32(dw) & 0xffffff));
		else
			put_be32(dw, 0);
	}
}

static void dump_range(const struct sim_nic *nic, const struct sim_obj *rtc,
		       FILE *f)
{
	const struct sim_obj *ste = rtc->rtc.ste;
	const struct sim_ste_store *store = &ste->ste.store;
	uint32_t first = rtc->rtc.ste_offset;
	uint32_t span = 1u << (rtc->rtc.log_hash_size + rtc->rtc.log_depth);
	const struct sim_ste_rec *rec;
	uint64_t cursor = 0;
	int b;

	fprintf(f, "4920,%u\n", ste->id);
	while ((rec = sim_ste_store_next(store, &cursor))) {
		uint8_t img[PRM_STE_SIZE];

		/* one of another RTC over the same STE object */
		if (rec->slot < first || rec->slot - first >= span)
			continue;
		icm_image(nic, rtc, rec, img);
		fprintf(f, "4930,0x%08x,%u,0x", ste->ste.icm_base + rec->slot,
			ste->id);
		for (b = 0; b < PRM_STE_SIZE; b++)
			fprintf(f, "%02x", img[b]);
		fputc('\n', f);
	}
	fprintf(f, "4921,%u,0x%08x,0x%08x\n", ste->id,
		ste->ste.icm_base + first, ste->ste.icm_base + first + span - 1);
}

int sim_dump_resources(struct sim_nic *nic, FILE *f)
{
	uint32_t b, v;

	sim_nic_lock(nic);
	fprintf(f, "4900\n");
	fprintf(f, "4910,0x%x,DROP,\n", SIM_ICM_DEST_DROP);
	fprintf(f, "4910,0x%x,ALLOW,\n", SIM_ICM_DEST_ALLOW);
	fprintf(f, "4910,0x%x,UPLINK,\n", SIM_ICM_DEST_BASE + SIM_UPLINK_VPORT);
	for (v = 0; v < nic->profile.vports; v++)
		fprintf(f, "4910,0x%x,VPORT,0x%x\n", SIM_ICM_DEST_BASE + v, v);
	for (b = 0; b < nic->obj_buckets; b++) {
		const struct sim_obj *o;

		for (o = nic->objs[b]; o; o = o->hnext)
			if (o->kind == SIM_OBJ_TIR)
				fprintf(f, "4910,0x%x,TIR,0x%x\n",
					SIM_ICM_DEST_TIR_BASE + o->id, o->id);
	}
	for (b = 0; b < nic->obj_buckets; b++) {
		const struct sim_obj *o;

		for (o = nic->objs[b]; o; o = o->hnext)
			if (o->kind == SIM_OBJ_RTC)
				dump_range(nic, o, f);
	}
	fprintf(f, "4901\n");
	sim_nic_unlock(nic);
	return ferror(f) ? EIO : 0;
}
