// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model's object store: ids, ownership, references and device memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* Distinct bases per id space make a wrongly typed id easy to spot. */
static const uint32_t id_base[SIM_SPACE_MAX] = {
	[SIM_SPACE_GENERAL] = 0x1000,
	[SIM_SPACE_FT] = 0x100,
	[SIM_SPACE_COUNTER] = 0x800000,
	[SIM_SPACE_PD] = 0x10,
	[SIM_SPACE_CQ] = 0x400,
	[SIM_SPACE_SQ] = 0x4000,
	[SIM_SPACE_TD] = 0x30000,
	[SIM_SPACE_RQ] = 0x8000,
	[SIM_SPACE_RQT] = 0x50000,
	[SIM_SPACE_TIR] = 0x70000,
	[SIM_SPACE_FG] = 0x90000,
	[SIM_SPACE_FTE] = 0xa0000,
	[SIM_SPACE_REFORMAT] = 0xb0000,
	[SIM_SPACE_ARG] = 0x10000000, /* aligned to the largest ARG range */
};

uint64_t sim_icm_pages(uint64_t bytes)
{
	return (bytes + SIM_ICM_PAGE_SIZE - 1) / SIM_ICM_PAGE_SIZE;
}

static uint32_t obj_hash(enum sim_id_space space, uint32_t id, uint32_t n)
{
	return (id * 2654435761u ^ space) & (n - 1);
}

static int obj_table_grow(struct sim_nic *nic)
{
	uint32_t n = nic->obj_buckets ? nic->obj_buckets * 2 : 256, i;
	struct sim_obj **tab = calloc(n, sizeof(*tab));

	if (!tab)
		return ENOMEM;
	for (i = 0; i < nic->obj_buckets; i++) {
		struct sim_obj *o = nic->objs[i], *next;

		for (; o; o = next) {
			uint32_t b = obj_hash(o->space, o->id, n);

			next = o->hnext;
			o->hnext = tab[b];
			tab[b] = o;
		}
	}
	free(nic->objs);
	nic->objs = tab;
	nic->obj_buckets = n;
	return 0;
}

struct sim_obj *sim_obj_find(struct sim_nic *nic, enum sim_id_space space,
			     uint32_t id)
{
	struct sim_obj *o;

	if (!nic->obj_buckets)
		return NULL;
	for (o = nic->objs[obj_hash(space, id, nic->obj_buckets)]; o;
	     o = o->hnext)
		if (o->space == space && o->id == id)
			return o;
	return NULL;
}

/*
 * Allocate an object and charge its device memory.  Returns NULL with *synd
 * set to SIM_SYND_ICM_EXHAUSTED when the memory limit would be passed, or
 * with *synd 0 when the host is out of memory.
 */
struct sim_obj *sim_obj_new(struct sim_ctx *ctx, enum sim_obj_kind kind,
			    enum sim_id_space space, uint64_t icm_bytes,
			    uint32_t *synd)
{
	struct sim_nic *nic = ctx->nic;
	uint64_t pages = sim_icm_pages(icm_bytes);
	struct sim_obj *obj;
	uint32_t b;

	*synd = 0;
	if (nic->profile.icm_pages_max &&
	    nic->stats.icm_pages + pages > nic->profile.icm_pages_max) {
		*synd = SIM_SYND_ICM_EXHAUSTED;
		return NULL;
	}
	if (nic->obj_count + 1 > nic->obj_buckets && obj_table_grow(nic))
		return NULL;
	obj = calloc(1, sizeof(*obj));
	if (!obj)
		return NULL;
	obj->handle.dev = &ctx->dev;
	obj->kind = kind;
	obj->space = space;
	obj->uid = ctx->uid;
	do {
		if (kind == SIM_OBJ_DEFINER)
			obj->id = SIM_DEFINER_ID_BASE +
				  nic->next_definer_id++ % SIM_DEFINER_IDS;
		else
			obj->id = id_base[space] + nic->next_id[space]++;
	} while (sim_obj_find(nic, space, obj->id));
	obj->icm_pages = pages;

	b = obj_hash(space, obj->id, nic->obj_buckets);
	obj->hnext = nic->objs[b];
	nic->objs[b] = obj;
	nic->obj_count++;

	obj->unext = ctx->objs;
	if (ctx->objs)
		ctx->objs->uprev = &obj->unext;
	obj->uprev = &ctx->objs;
	ctx->objs = obj;

	nic->stats.icm_pages += pages;
	if (nic->stats.icm_pages > nic->stats.icm_pages_peak)
		nic->stats.icm_pages_peak = nic->stats.icm_pages;
	nic->stats.objects[kind]++;
	return obj;
}

void sim_obj_hold(struct sim_obj *obj)
{
	if (obj)
		obj->users++;
}

void sim_obj_release(struct sim_obj *obj)
{
	if (obj)
		obj->users--;
}

/* Drop what obj references, so that it can go. */
static void obj_release_refs(struct sim_obj *obj)
{
	uint32_t i;

	switch (obj->kind) {
	case SIM_OBJ_SQ:
		sim_obj_release(obj->sq.cq);
		sim_obj_release(obj->sq.pd);
		obj->sq.cq = obj->sq.pd = NULL;
		break;
	case SIM_OBJ_FT:
		sim_obj_release(obj->ft.miss_ft);
		sim_obj_release(obj->ft.rtc[0]);
		sim_obj_release(obj->ft.rtc[1]);
		obj->ft.miss_ft = obj->ft.rtc[0] = obj->ft.rtc[1] = NULL;
		break;
	case SIM_OBJ_STC:
		for (i = 0; i < 1u << obj->stc.log_range; i++) {
			sim_obj_release(obj->stc.slots[i].target);
			sim_obj_release(obj->stc.slots[i].target2);
			obj->stc.slots[i].target = NULL;
			obj->stc.slots[i].target2 = NULL;
		}
		break;
	case SIM_OBJ_ARG:
		sim_obj_release(obj->arg.pd);
		obj->arg.pd = NULL;
		break;
	case SIM_OBJ_RTC:
		sim_obj_release(obj->rtc.pd);
		sim_obj_release(obj->rtc.definer);
		sim_obj_release(obj->rtc.stc);
		sim_obj_release(obj->rtc.ste);
		sim_obj_release(obj->rtc.miss_ft);
		memset(&obj->rtc, 0, sizeof(obj->rtc));
		break;
	case SIM_OBJ_RQ:
	case SIM_OBJ_RQT:
	case SIM_OBJ_TIR:
		sim_rx_release_refs(obj);
		break;
	case SIM_OBJ_FG:
	case SIM_OBJ_FTE:
		sim_fw_table_release_refs(obj);
		break;
	default:
		break;
	}
}

void sim_obj_free(struct sim_nic *nic, struct sim_obj *obj)
{
	struct sim_obj **pp;

	if (nic->geneve_opt == obj)
		nic->geneve_opt = NULL;
	obj_release_refs(obj);
	pp = &nic->objs[obj_hash(obj->space, obj->id, nic->obj_buckets)];
	while (*pp != obj)
		pp = &(*pp)->hnext;
	*pp = obj->hnext;
	nic->obj_count--;

	*obj->uprev = obj->unext;
	if (obj->unext)
		obj->unext->uprev = obj->uprev;

	nic->stats.icm_pages -= obj->icm_pages;
	nic->stats.objects[obj->kind]--;
	switch (obj->kind) {
	case SIM_OBJ_FLOW_COUNTER:
		free(obj->counter.packets);
		free(obj->counter.octets);
		break;
	case SIM_OBJ_PATTERN:
		free(obj->pattern.actions);
		break;
	case SIM_OBJ_ARG:
		free(obj->arg.data);
		break;
	case SIM_OBJ_STC:
		free(obj->stc.slots);
		break;
	case SIM_OBJ_STE:
		nic->stats.stes -= sim_ste_store_count(&obj->ste.store);
		nic->stats.ste_bytes -= sim_ste_store_bytes(&obj->ste.store);
		sim_ste_store_free(&obj->ste.store);
		break;
	case SIM_OBJ_RQT:
		sim_rx_free(obj);
		break;
	case SIM_OBJ_FTE:
	case SIM_OBJ_REFORMAT:
		sim_fw_table_free(obj);
		break;
	default:
		break;
	}
	free(obj);
}

/* A closed DevX context takes its objects with it, as the kernel does. */
void sim_ctx_reap(struct sim_ctx *ctx)
{
	struct sim_obj *obj;

	for (obj = ctx->objs; obj; obj = obj->unext) {
		obj_release_refs(obj);
		ctx->nic->stats.objects_reaped++;
	}
	while (ctx->objs)
		sim_obj_free(ctx->nic, ctx->objs);
}
