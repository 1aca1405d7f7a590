// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model as a provider: NICs, DevX user contexts, registered memory,
 * doorbell pages, and the seam operations.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sim_nic *registry;

static struct sim_nic *registry_find(const char *name)
{
	struct sim_nic *nic;

	for (nic = registry; nic; nic = nic->next)
		if (!strcmp(nic->name, name))
			return nic;
	return NULL;
}

struct sim_nic *sim_nic_find(const char *name)
{
	struct sim_nic *nic;

	pthread_mutex_lock(&registry_lock);
	nic = registry_find(name);
	pthread_mutex_unlock(&registry_lock);
	return nic;
}

void sim_nic_hold(struct sim_nic *nic)
{
	pthread_mutex_lock(&registry_lock);
	nic->refs++;
	pthread_mutex_unlock(&registry_lock);
}

static void nic_free(struct sim_nic *nic)
{
	struct sim_nic **pp = &registry;

	while (*pp != nic)
		pp = &(*pp)->next;
	*pp = nic->next;
	sim_lock_destroy(nic);
	free(nic->objs);
	free(nic);
}

void sim_nic_put(struct sim_nic *nic)
{
	pthread_mutex_lock(&registry_lock);
	if (!--nic->refs)
		nic_free(nic);
	pthread_mutex_unlock(&registry_lock);
}

void sim_nic_stats(struct sim_nic *nic, struct sim_stats *stats)
{
	unsigned int i;

	sim_nic_lock(nic);
	*stats = nic->stats;
	for (i = 0; i < SIM_LOCK_STRIPES; i++) {
		const struct sim_exec_counts *c = &nic->locks.sq[i].counts;

		stats->wqes += c->wqes;
		stats->doorbells += c->doorbells;
		stats->stes += c->stes;
		stats->ste_bytes += c->ste_bytes;
		stats->gta_failures += c->gta_failures;
	}
	stats->icm_pages_max = nic->profile.icm_pages_max;
	sim_nic_unlock(nic);
}

void sim_inject_cmd_faults(struct sim_nic *nic, uint32_t nth, uint32_t count,
			   uint16_t opcode, uint8_t status)
{
	sim_nic_lock(nic);
	nic->cmd_fault.countdown = count ? nth : 0;
	nic->cmd_fault.repeat = count ? count - 1 : 0;
	nic->cmd_fault.opcode = opcode;
	nic->cmd_fault.status = status;
	sim_nic_unlock(nic);
}

void sim_inject_cmd_fault(struct sim_nic *nic, uint32_t nth, uint16_t opcode,
			  uint8_t status)
{
	sim_inject_cmd_faults(nic, nth, 1, opcode, status);
}

void sim_inject_wqe_fault(struct sim_nic *nic, uint32_t nth, uint32_t every,
			  enum sim_wqe_fault fault)
{
	sim_nic_lock(nic);
	nic->wqe_fault.countdown = nth;
	nic->wqe_fault.every = every;
	nic->wqe_fault.fault = fault;
	sim_nic_unlock(nic);
}

void sim_clear_faults(struct sim_nic *nic)
{
	sim_nic_lock(nic);
	memset(&nic->cmd_fault, 0, sizeof(nic->cmd_fault));
	memset(&nic->wqe_fault, 0, sizeof(nic->wqe_fault));
	sim_nic_unlock(nic);
}

const char *sim_syndrome_name(uint32_t syndrome)
{
	switch (syndrome) {
	case SIM_SYND_NONE: return "NONE";
	case SIM_SYND_UNKNOWN_OPCODE: return "UNKNOWN_OPCODE";
	case SIM_SYND_UNKNOWN_OBJ_TYPE: return "UNKNOWN_OBJ_TYPE";
	case SIM_SYND_OBJ_TYPE_NOT_SUPPORTED: return "OBJ_TYPE_NOT_SUPPORTED";
	case SIM_SYND_UNKNOWN_CAP_TYPE: return "UNKNOWN_CAP_TYPE";
	case SIM_SYND_INPUT_TOO_SHORT: return "INPUT_TOO_SHORT";
	case SIM_SYND_OUTPUT_TOO_SHORT: return "OUTPUT_TOO_SHORT";
	case SIM_SYND_RESERVED_BITS_SET: return "RESERVED_BITS_SET";
	case SIM_SYND_BAD_TABLE_TYPE: return "BAD_TABLE_TYPE";
	case SIM_SYND_LOG_RANGE_ABOVE_MAX: return "LOG_RANGE_ABOVE_MAX";
	case SIM_SYND_LOG_RANGE_BELOW_GRANULARITY: return "LOG_RANGE_BELOW_GRANULARITY";
	case SIM_SYND_LOG_RANGE_NOT_ALLOWED: return "LOG_RANGE_NOT_ALLOWED";
	case SIM_SYND_RTC_DEPTH_ABOVE_MAX: return "RTC_DEPTH_ABOVE_MAX";
	case SIM_SYND_RTC_MODE_NOT_SUPPORTED: return "RTC_MODE_NOT_SUPPORTED";
	case SIM_SYND_RTC_STE_FORMAT_NOT_SUPPORTED: return "RTC_STE_FORMAT_NOT_SUPPORTED";
	case SIM_SYND_RTC_RANGE_OUTSIDE_STE: return "RTC_RANGE_OUTSIDE_STE";
	case SIM_SYND_RTC_REPARSE_NOT_SUPPORTED: return "RTC_REPARSE_NOT_SUPPORTED";
	case SIM_SYND_TABLE_TYPE_MISMATCH: return "TABLE_TYPE_MISMATCH";
	case SIM_SYND_DEFINER_FORMAT_NOT_SUPPORTED: return "DEFINER_FORMAT_NOT_SUPPORTED";
	case SIM_SYND_DEFINER_SELECTOR_OUT_OF_RANGE: return "DEFINER_SELECTOR_OUT_OF_RANGE";
	case SIM_SYND_STC_OFFSET_OUT_OF_RANGE: return "STC_OFFSET_OUT_OF_RANGE";
	case SIM_SYND_STC_ACTION_NOT_SUPPORTED: return "STC_ACTION_NOT_SUPPORTED";
	case SIM_SYND_STC_ACTION_OFFSET_INVALID: return "STC_ACTION_OFFSET_INVALID";
	case SIM_SYND_STC_MODIFY_SELECT_INVALID: return "STC_MODIFY_SELECT_INVALID";
	case SIM_SYND_STC_VPORT_UNKNOWN: return "STC_VPORT_UNKNOWN";
	case SIM_SYND_FT_LEVEL_ABOVE_MAX: return "FT_LEVEL_ABOVE_MAX";
	case SIM_SYND_FT_NOT_RTC_VALID: return "FT_NOT_RTC_VALID";
	case SIM_SYND_FT_MISS_ACTION_INVALID: return "FT_MISS_ACTION_INVALID";
	case SIM_SYND_FT_MODIFY_SELECT_INVALID: return "FT_MODIFY_SELECT_INVALID";
	case SIM_SYND_FT_MISS_LOOP: return "FT_MISS_LOOP";
	case SIM_SYND_CQ_SIZE_ABOVE_MAX: return "CQ_SIZE_ABOVE_MAX";
	case SIM_SYND_CQE_SIZE_NOT_SUPPORTED: return "CQE_SIZE_NOT_SUPPORTED";
	case SIM_SYND_CQ_EQN_UNKNOWN: return "CQ_EQN_UNKNOWN";
	case SIM_SYND_SQ_BAD_WQ: return "SQ_BAD_WQ";
	case SIM_SYND_SQ_SIZE_ABOVE_MAX: return "SQ_SIZE_ABOVE_MAX";
	case SIM_SYND_SQ_BAD_STATE_TRANSITION: return "SQ_BAD_STATE_TRANSITION";
	case SIM_SYND_SQ_TS_FORMAT_NOT_SUPPORTED: return "SQ_TS_FORMAT_NOT_SUPPORTED";
	case SIM_SYND_UMEM_TOO_SMALL: return "UMEM_TOO_SMALL";
	case SIM_SYND_FUNCTION_UNKNOWN: return "FUNCTION_UNKNOWN";
	case SIM_SYND_OTHER_FUNCTION_NOT_PERMITTED: return "OTHER_FUNCTION_NOT_PERMITTED";
	case SIM_SYND_COUNTER_BULK_INVALID: return "COUNTER_BULK_INVALID";
	case SIM_SYND_COUNTER_OUT_OF_RANGE: return "COUNTER_OUT_OF_RANGE";
	case SIM_SYND_ALIAS_NOT_SUPPORTED: return "ALIAS_NOT_SUPPORTED";
	case SIM_SYND_UMEM_REQUIRED: return "UMEM_REQUIRED";
	case SIM_SYND_DBR_MISALIGNED: return "DBR_MISALIGNED";
	case SIM_SYND_UMEM_ACCESS: return "UMEM_ACCESS";
	case SIM_SYND_OBJECT_MISSING: return "OBJECT_MISSING";
	case SIM_SYND_OBJECT_WRONG_TYPE: return "OBJECT_WRONG_TYPE";
	case SIM_SYND_OBJECT_OF_OTHER_UID: return "OBJECT_OF_OTHER_UID";
	case SIM_SYND_UMEM_MISSING: return "UMEM_MISSING";
	case SIM_SYND_UAR_MISSING: return "UAR_MISSING";
	case SIM_SYND_RQ_BAD_STATE: return "RQ_BAD_STATE";
	case SIM_SYND_RQ_TYPE_NOT_SUPPORTED: return "RQ_TYPE_NOT_SUPPORTED";
	case SIM_SYND_RQ_BAD_WQ: return "RQ_BAD_WQ";
	case SIM_SYND_RQT_BAD_SIZE: return "RQT_BAD_SIZE";
	case SIM_SYND_TIR_BAD_DISP_TYPE: return "TIR_BAD_DISP_TYPE";
	case SIM_SYND_TIR_HASH_NOT_SUPPORTED: return "TIR_HASH_NOT_SUPPORTED";
	case SIM_SYND_TIR_BAD_HASH_FIELDS: return "TIR_BAD_HASH_FIELDS";
	case SIM_SYND_FT_NOT_FW_MANAGED: return "FT_NOT_FW_MANAGED";
	case SIM_SYND_FG_BAD_RANGE: return "FG_BAD_RANGE";
	case SIM_SYND_FTE_GROUP_MISMATCH: return "FTE_GROUP_MISMATCH";
	case SIM_SYND_FTE_INDEX_IN_USE: return "FTE_INDEX_IN_USE";
	case SIM_SYND_FTE_ACTION_NOT_SUPPORTED: return "FTE_ACTION_NOT_SUPPORTED";
	case SIM_SYND_FTE_BAD_DEST_LIST: return "FTE_BAD_DEST_LIST";
	case SIM_SYND_FTE_TOO_MANY_DESTS: return "FTE_TOO_MANY_DESTS";
	case SIM_SYND_FTE_DEST_TYPE_NOT_SUPPORTED: return "FTE_DEST_TYPE_NOT_SUPPORTED";
	case SIM_SYND_FTE_DEST_TYPE_NOT_ALLOWED: return "FTE_DEST_TYPE_NOT_ALLOWED";
	case SIM_SYND_FTE_DEST_VPORT_UNKNOWN: return "FTE_DEST_VPORT_UNKNOWN";
	case SIM_SYND_FTE_DEST_LEVEL: return "FTE_DEST_LEVEL";
	case SIM_SYND_FTE_REFORMAT_NOT_EXTENDED: return "FTE_REFORMAT_NOT_EXTENDED";
	case SIM_SYND_REFORMAT_TYPE_NOT_SUPPORTED: return "REFORMAT_TYPE_NOT_SUPPORTED";
	case SIM_SYND_REFORMAT_BAD_SIZE: return "REFORMAT_BAD_SIZE";
	case SIM_SYND_REFORMAT_NOT_SUPPORTED: return "REFORMAT_NOT_SUPPORTED";
	case SIM_SYND_PATTERN_LENGTH_INVALID: return "PATTERN_LENGTH_INVALID";
	case SIM_SYND_MODIFY_ACTION_TYPE_INVALID:
		return "MODIFY_ACTION_TYPE_INVALID";
	case SIM_SYND_MODIFY_FIELD_UNKNOWN: return "MODIFY_FIELD_UNKNOWN";
	case SIM_SYND_MODIFY_FIELD_RANGE: return "MODIFY_FIELD_RANGE";
	case SIM_SYND_MODIFY_COPY_OVERLAP: return "MODIFY_COPY_OVERLAP";
	case SIM_SYND_REFORMAT_ANCHOR_INVALID: return "REFORMAT_ANCHOR_INVALID";
	case SIM_SYND_REFORMAT_SIZE_INVALID: return "REFORMAT_SIZE_INVALID";
	case SIM_SYND_ARG_PD_UNKNOWN: return "ARG_PD_UNKNOWN";
	case SIM_SYND_STC_PARAM_INVALID: return "STC_PARAM_INVALID";
	case SIM_SYND_OBJECT_IN_USE: return "OBJECT_IN_USE";
	case SIM_SYND_OBJECT_LIMIT: return "OBJECT_LIMIT";
	case SIM_SYND_SQ_STATE_MISMATCH: return "SQ_STATE_MISMATCH";
	case SIM_SYND_RQ_STATE_MISMATCH: return "RQ_STATE_MISMATCH";
	case SIM_SYND_ICM_EXHAUSTED: return "ICM_EXHAUSTED";
	case SIM_SYND_DEFINER_TABLE_FULL: return "DEFINER_TABLE_FULL";
	case SIM_SYND_INJECTED: return "INJECTED";
	case SIM_SYND_GEN_WQE_NOT_SUPPORTED: return "GEN_WQE_NOT_SUPPORTED";
	case SIM_SYND_GEN_WQE_BAD_WQE: return "GEN_WQE_BAD_WQE";
	case SIM_SYND_GEN_WQE_RTC_NOT_FW: return "GEN_WQE_RTC_NOT_FW";
	case SIM_SYND_GEN_WQE_PD_MISMATCH: return "GEN_WQE_PD_MISMATCH";
	case SIM_SYND_GEN_WQE_BAD_DEFINER: return "GEN_WQE_BAD_DEFINER";
	case SIM_SYND_GEN_WQE_DEFINER_MISMATCH:
		return "GEN_WQE_DEFINER_MISMATCH";
	case SIM_SYND_RTC_FW_UPDATE_NOT_SUPPORTED:
		return "RTC_FW_UPDATE_NOT_SUPPORTED";
	}
	return "UNKNOWN";
}

const char *sim_obj_kind_name(enum sim_obj_kind kind)
{
	static const char *const names[SIM_OBJ_KIND_MAX] = {
		[SIM_OBJ_PD] = "pd",
		[SIM_OBJ_CQ] = "cq",
		[SIM_OBJ_SQ] = "sq",
		[SIM_OBJ_FT] = "ft",
		[SIM_OBJ_FLOW_COUNTER] = "flow_counter",
		[SIM_OBJ_DEFINER] = "definer",
		[SIM_OBJ_STC] = "stc",
		[SIM_OBJ_RTC] = "rtc",
		[SIM_OBJ_STE] = "ste",
		[SIM_OBJ_TD] = "td",
		[SIM_OBJ_RQ] = "rq",
		[SIM_OBJ_RQT] = "rqt",
		[SIM_OBJ_TIR] = "tir",
		[SIM_OBJ_FG] = "flow_group",
		[SIM_OBJ_FTE] = "fte",
		[SIM_OBJ_REFORMAT] = "packet_reformat",
		[SIM_OBJ_PATTERN] = "modify_header_pattern",
		[SIM_OBJ_ARG] = "header_modify_argument",
		[SIM_OBJ_GENEVE_OPT] = "geneve_tlv_option",
	};

	return kind < SIM_OBJ_KIND_MAX ? names[kind] : "unknown";
}

/* Seam operations */

static int sim_general_cmd(struct hws_dev *dev, const void *in, size_t inlen,
			   void *out, size_t outlen)
{
	return sim_mailbox_exec(sim_ctx_of(dev), SIM_PATH_GENERAL, NULL, in,
				inlen, out, outlen, NULL);
}

static struct hws_devx_obj *sim_obj_create(struct hws_dev *dev,
					   const void *in, size_t inlen,
					   void *out, size_t outlen)
{
	struct sim_obj *obj = NULL;
	int err = sim_mailbox_exec(sim_ctx_of(dev), SIM_PATH_CREATE, NULL, in,
				   inlen, out, outlen, &obj);

	if (err) {
		errno = err;
		return NULL;
	}
	return &obj->handle;
}

static struct sim_obj *obj_of(struct hws_devx_obj *handle)
{
	return sim_container_of(handle, struct sim_obj, handle);
}

static int sim_obj_modify(struct hws_devx_obj *handle, const void *in,
			  size_t inlen, void *out, size_t outlen)
{
	return sim_mailbox_exec(sim_ctx_of(handle->dev), SIM_PATH_MODIFY,
				obj_of(handle), in, inlen, out, outlen, NULL);
}

static int sim_obj_query(struct hws_devx_obj *handle, const void *in,
			 size_t inlen, void *out, size_t outlen)
{
	return sim_mailbox_exec(sim_ctx_of(handle->dev), SIM_PATH_QUERY,
				obj_of(handle), in, inlen, out, outlen, NULL);
}

static int sim_obj_destroy(struct hws_devx_obj *handle)
{
	return sim_destroy_obj(sim_ctx_of(handle->dev), obj_of(handle));
}

/* Link a per-uid entry into a NIC list; the NIC's lock is held. */
static void res_link(struct sim_res **head, struct sim_res *r, uint16_t uid)
{
	r->uid = uid;
	r->next = *head;
	*head = r;
}

/*
 * Unlink r from a per-uid list, or with r NULL the first entry of uid;
 * returns the entry, or NULL when there is none.  The NIC's lock is held.
 */
static struct sim_res *res_unlink(struct sim_res **pp, const struct sim_res *r,
				  uint16_t uid)
{
	for (; *pp; pp = &(*pp)->next) {
		struct sim_res *e = *pp;

		if (r ? e == r : e->uid == uid) {
			*pp = e->next;
			return e;
		}
	}
	return NULL;
}

static struct hws_umem *sim_umem_reg(struct hws_dev *dev, void *addr,
				     size_t size, uint32_t access,
				     uint32_t *umem_id)
{
	struct sim_ctx *ctx = sim_ctx_of(dev);
	struct sim_umem *umem;

	if (!addr || !size || access & ~HWS_UMEM_ACCESS_LOCAL_WRITE) {
		errno = EINVAL;
		return NULL;
	}
	umem = calloc(1, sizeof(*umem));
	if (!umem)
		return NULL;
	umem->handle.dev = dev;
	umem->access = access;
	umem->addr = addr;
	umem->size = size;
	sim_nic_lock(ctx->nic);
	umem->id = ++ctx->nic->next_umem_id;
	res_link(&ctx->nic->umems, &umem->res, ctx->uid);
	sim_nic_unlock(ctx->nic);
	*umem_id = umem->id;
	return &umem->handle;
}

static bool umem_in_use(struct sim_ctx *ctx, const struct sim_umem *umem)
{
	const uint8_t *lo = umem->addr, *hi = umem->addr + umem->size;
	const struct sim_obj *o;

	for (o = ctx->objs; o; o = o->unext) {
		const uint8_t *ring = NULL, *dbr = NULL;

		if (o->kind == SIM_OBJ_CQ) {
			ring = o->cq.ring;
			dbr = (const uint8_t *)o->cq.dbrec;
		} else if (o->kind == SIM_OBJ_SQ) {
			ring = o->sq.ring;
			dbr = (const uint8_t *)o->sq.dbrec;
		}
		if ((ring && ring >= lo && ring < hi) ||
		    (dbr && dbr >= lo && dbr < hi))
			return true;
	}
	return false;
}

static int sim_umem_dereg(struct hws_umem *handle)
{
	struct sim_umem *umem = sim_container_of(handle, struct sim_umem,
						 handle);
	struct sim_ctx *ctx = sim_ctx_of(handle->dev);

	sim_nic_lock(ctx->nic);
	if (umem_in_use(ctx, umem)) {
		sim_nic_unlock(ctx->nic);
		return EBUSY;
	}
	res_unlink(&ctx->nic->umems, &umem->res, 0);
	sim_nic_unlock(ctx->nic);
	free(umem);
	return 0;
}

static int sim_query_eqn(struct hws_dev *dev, uint32_t vector, uint32_t *eqn)
{
	if (vector >= SIM_COMP_VECTORS)
		return EINVAL;
	*eqn = sim_ctx_of(dev)->nic->profile.comp_eqn_base + vector;
	return 0;
}

static struct hws_uar *sim_uar_alloc(struct hws_dev *dev, uint32_t *page_id)
{
	struct sim_ctx *ctx = sim_ctx_of(dev);
	struct sim_uar *uar = calloc(1, sizeof(*uar));

	if (!uar)
		return NULL;
	uar->handle.dev = dev;
	sim_nic_lock(ctx->nic);
	uar->page_id = ++ctx->nic->next_uar_page;
	res_link(&ctx->nic->uars, &uar->res, ctx->uid);
	sim_nic_unlock(ctx->nic);
	*page_id = uar->page_id;
	return &uar->handle;
}

static void sim_uar_free(struct hws_uar *handle)
{
	struct sim_uar *uar = sim_container_of(handle, struct sim_uar, handle);
	struct sim_ctx *ctx = sim_ctx_of(handle->dev);

	sim_nic_lock(ctx->nic);
	res_unlink(&ctx->nic->uars, &uar->res, 0);
	sim_nic_unlock(ctx->nic);
	free(uar);
}

static void sim_ring_doorbell(struct hws_uar *handle, __be32 *dbrec,
			      uint16_t producer_counter, const void *ctrl_seg)
{
	struct sim_uar *uar = sim_container_of(handle, struct sim_uar, handle);
	struct sim_ctx *ctx = sim_ctx_of(handle->dev);

	__atomic_store_n(&dbrec[PRM_SND_DBR], htobe32(producer_counter),
			 __ATOMIC_RELEASE);
	sim_sq_doorbell(ctx, uar->page_id, ctrl_seg);
}

void sim_uar_doorbell(struct hws_uar *handle, uint32_t sqn, uint16_t producer)
{
	struct sim_uar *uar = sim_container_of(handle, struct sim_uar, handle);
	struct sim_ctx *ctx = sim_ctx_of(handle->dev);

	sim_sq_consume(ctx, uar->page_id, sqn, producer);
}

static void free_uid_memory(struct sim_ctx *ctx)
{
	struct sim_res *r;

	while ((r = res_unlink(&ctx->nic->umems, NULL, ctx->uid)))
		free(sim_container_of(r, struct sim_umem, res));
	while ((r = res_unlink(&ctx->nic->uars, NULL, ctx->uid)))
		free(sim_container_of(r, struct sim_uar, res));
}

static void sim_close(struct hws_dev *dev)
{
	struct sim_ctx *ctx = sim_ctx_of(dev);
	struct sim_nic *nic = ctx->nic;

	pthread_mutex_lock(&registry_lock);
	sim_nic_lock(nic);
	sim_root_reap(ctx);
	sim_ctx_reap(ctx);
	free_uid_memory(ctx);
	nic->uids_used[ctx->uid / 64] &= ~(1ull << ctx->uid % 64);
	nic->stats.uids_open--;
	sim_nic_unlock(nic);
	if (!--nic->refs)
		nic_free(nic);
	pthread_mutex_unlock(&registry_lock);
	free(ctx);
}

static int sim_trace_packet(struct hws_dev *dev, uint32_t ft_id,
			    const struct hws_packet *pkt,
			    struct hws_verdict *verdict)
{
	return sim_classify(sim_ctx_of(dev)->nic, ft_id, pkt, verdict);
}

static int sim_query_usage(struct hws_dev *dev, struct hws_dev_usage *usage)
{
	struct sim_stats stats;

	sim_nic_stats(sim_ctx_of(dev)->nic, &stats);
	usage->icm_pages = stats.icm_pages;
	usage->icm_pages_peak = stats.icm_pages_peak;
	usage->icm_pages_max = stats.icm_pages_max;
	return 0;
}

static int sim_dev_dump_resources(struct hws_dev *dev, FILE *f)
{
	return sim_dump_resources(sim_ctx_of(dev)->nic, f);
}

static const struct hws_provider_ops sim_ops = {
	.general_cmd = sim_general_cmd,
	.obj_create = sim_obj_create,
	.obj_modify = sim_obj_modify,
	.obj_query = sim_obj_query,
	.obj_destroy = sim_obj_destroy,
	.umem_reg = sim_umem_reg,
	.umem_dereg = sim_umem_dereg,
	.query_eqn = sim_query_eqn,
	.uar_alloc = sim_uar_alloc,
	.uar_free = sim_uar_free,
	.ring_doorbell = sim_ring_doorbell,
	.close = sim_close,
	.root_matcher_create = sim_root_matcher_create,
	.root_matcher_destroy = sim_root_matcher_destroy,
	.root_rule_create = sim_root_rule_create,
	.root_rule_destroy = sim_root_rule_destroy,
	.query_vport_vhca_id = sim_query_vport_vhca_id,
	.watch_errors = sim_watch_errors,
	.next_error = sim_next_error,
	.trace_packet = sim_trace_packet,
	.inject_packet = sim_root_inject_packet,
	.query_usage = sim_query_usage,
	.dump_resources = sim_dev_dump_resources,
};

static struct sim_nic *nic_create(const char *name,
				  const struct sim_profile *profile)
{
	/* its lock stripes are apart: their alignment is the struct's */
	struct sim_nic *nic = aligned_alloc(SIM_CACHE_APART, sizeof(*nic));

	if (!nic)
		return NULL;
	memset(nic, 0, sizeof(*nic));
	if (sim_lock_init(nic)) {
		free(nic);
		return NULL;
	}
	snprintf(nic->name, sizeof(nic->name), "%s", name);
	memcpy(&nic->profile, profile, sizeof(*profile));
	nic->next = registry;
	registry = nic;
	return nic;
}

/*
 * The next free uid after the last one given, skipping uids still open;
 * 0 (the kernel's own) when all are in use.  The NIC's lock is held.
 */
static uint16_t uid_alloc(struct sim_nic *nic)
{
	uint16_t uid = nic->next_uid;
	unsigned int n;

	for (n = 0; n < UINT16_MAX; n++) {
		if (!++uid)
			uid = 1;
		if (!(nic->uids_used[uid / 64] >> uid % 64 & 1)) {
			nic->uids_used[uid / 64] |= 1ull << uid % 64;
			nic->next_uid = uid;
			return uid;
		}
	}
	return 0;
}

struct hws_dev *hws_sim_open(const char *spec, char *why, size_t whylen)
{
	struct sim_profile *profile;
	char name[32];
	struct sim_ctx *ctx;
	struct sim_nic *nic;
	int err;

	profile = malloc(sizeof(*profile));
	ctx = calloc(1, sizeof(*ctx));
	if (!profile || !ctx) {
		snprintf(why, whylen, "out of memory");
		err = ENOMEM;
		goto free_mem;
	}
	err = sim_profile_init(profile, spec, name, sizeof(name), why, whylen);
	if (err)
		goto free_mem;

	pthread_mutex_lock(&registry_lock);
	nic = registry_find(name);
	if (nic && memcmp(&nic->profile, profile, sizeof(*profile))) {
		pthread_mutex_unlock(&registry_lock);
		snprintf(why, whylen,
			 "sim: NIC '%s' is open with another profile", name);
		err = EBUSY;
		goto free_mem;
	}
	if (!nic)
		nic = nic_create(name, profile);
	if (!nic) {
		pthread_mutex_unlock(&registry_lock);
		snprintf(why, whylen, "out of memory");
		err = ENOMEM;
		goto free_mem;
	}
	sim_nic_lock(nic);
	ctx->uid = uid_alloc(nic);
	if (ctx->uid)
		nic->stats.uids_open++;
	sim_nic_unlock(nic);
	if (!ctx->uid) {
		pthread_mutex_unlock(&registry_lock);
		snprintf(why, whylen, "sim: NIC '%s' has every uid in use",
			 name);
		err = EBUSY;
		goto free_mem;
	}
	nic->refs++;
	pthread_mutex_unlock(&registry_lock);

	ctx->nic = nic;
	ctx->dev.ops = &sim_ops;
	snprintf(ctx->dev.name, sizeof(ctx->dev.name), "sim:%s/uid%u", name,
		 ctx->uid);
	free(profile);
	return &ctx->dev;

free_mem:
	free(profile);
	free(ctx);
	errno = err;
	return NULL;
}
