// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The send-queue engine: a doorbell makes the device read the WQEs between
 * its consumer counter and the producer counter in the doorbell record,
 * execute the GTA STE and argument (MOD_ARG) writes, and write CQEs into
 * the CQ ring.
 *
 * As on hardware: a CQE for which the CQ has no room overruns it; the CQ
 * goes to error and its SQ stalls, executing nothing more.  After an error
 * CQE the flush reports only the WQEs that asked for a completion, each
 * flush CQE covering the unsignaled WQEs before it.
 *
 * Queues run in parallel, each under its SQ's lock stripe; lock.c has the
 * order.
 */
#include <string.h>

#include "sim_internal.h"

struct wqe_view {
	const struct prm_wqe_ctrl_seg *ctrl;
	const struct prm_wqe_gta_ctrl_seg *gta;
	const uint8_t *data; /* the 64-byte STE image */
	uint16_t index;
};

/* Other SQs may share the CQ: its overrun is read without its lock. */
static bool cq_overrun(struct sim_obj *cq)
{
	return __atomic_load_n(&cq->cq.overrun, __ATOMIC_ACQUIRE);
}

static bool write_cqe_locked(struct sim_nic *nic, struct sim_obj *sq,
			     uint8_t opcode, bool gta_failed, uint8_t syndrome,
			     uint8_t vendor_synd, uint16_t wqe_index)
{
	struct sim_obj *cq = sq->sq.cq;
	uint32_t ncqe = 1u << cq->cq.log_size;
	uint32_t ci = be32toh(__atomic_load_n(&cq->cq.dbrec[0],
					      __ATOMIC_ACQUIRE)) & 0xffffff;
	struct prm_cqe64 *cqe;
	uint8_t owner;

	if (cq->cq.overrun)
		return false;
	if (((cq->cq.producer - ci) & 0xffffff) >= ncqe) {
		sim_stat_add(&nic->stats.cq_overruns, 1);
		__atomic_store_n(&cq->cq.overrun, true, __ATOMIC_RELEASE);
		sim_raise_error(cq);
		return false;
	}
	cqe = (struct prm_cqe64 *)(cq->cq.ring +
				   (cq->cq.producer & (ncqe - 1)) *
					   PRM_CQE_SIZE);
	owner = (cq->cq.producer >> cq->cq.log_size) & 1;
	memset(cqe, 0, offsetof(struct prm_cqe64, op_own));
	cqe->byte_cnt = htobe32(gta_failed ? PRM_CQE_GTA_FAILED : 0);
	cqe->syndrome = syndrome;
	cqe->vendor_err_synd = vendor_synd;
	cqe->sop_drop_qpn = htobe32((uint32_t)PRM_OPCODE_TBL_ACCESS << 24 |
				    sq->id);
	cqe->wqe_counter = htobe16(wqe_index);
	/* ownership last: the CQE is valid once op_own flips */
	__atomic_store_n(&cqe->op_own, (uint8_t)(opcode << 4 | owner),
			 __ATOMIC_RELEASE);
	cq->cq.producer++;
	return true;
}

/* Write a CQE; false when the CQ is in error, or overruns now. */
static bool write_cqe(struct sim_nic *nic, struct sim_obj *sq, uint8_t opcode,
		      bool gta_failed, uint8_t syndrome, uint8_t vendor_synd,
		      uint16_t wqe_index)
{
	pthread_mutex_t *lock = sim_lock_cq(nic, sq->sq.cq);
	bool ok;

	pthread_mutex_lock(lock);
	ok = write_cqe_locked(nic, sq, opcode, gta_failed, syndrome,
			      vendor_synd, wqe_index);
	pthread_mutex_unlock(lock);
	return ok;
}

static bool stc_slot_valid(const struct sim_obj *stc, uint32_t ix,
			   uint8_t want_offset)
{
	const struct sim_stc_slot *s;

	if (ix >= 1u << stc->stc.log_range)
		return false;
	s = &stc->stc.slots[ix];
	return s->programmed && s->action_offset == want_offset;
}

/*
 * The action slots of an activate: bits 31..29 of stc_ix[CTRL] name the last
 * slot in use: 1 = counter and hit (jumbo), 3 = DW5 single and DW6 double,
 * 4 = three singles.
 */
static bool stc_slots_valid(const struct sim_obj *rtc, const uint32_t ix[],
			    uint8_t last)
{
	static const uint8_t offset_of_slot[PRM_STC_IX_MAX] = {
		MLX5_IFC_STC_ACTION_OFFSET_CTRL, MLX5_IFC_STC_ACTION_OFFSET_HIT,
		MLX5_IFC_STC_ACTION_OFFSET_DW5, MLX5_IFC_STC_ACTION_OFFSET_DW6,
		MLX5_IFC_STC_ACTION_OFFSET_DW7,
	};
	bool jumbo = rtc->rtc.ste_format == MLX5_IFC_RTC_STE_FORMAT_11DW;
	int i;

	if (jumbo ? last != 1 : last != 3 && last != 4)
		return false;
	for (i = 0; i < PRM_STC_IX_MAX; i++) {
		if (i > last) {
			if (ix[i])
				return false;
			continue;
		}
		if (!stc_slot_valid(rtc->rtc.stc, ix[i], offset_of_slot[i]))
			return false;
	}
	return true;
}

/* The slot's shard is held, from the scan to the write. */
static void ste_remove(struct sim_exec_counts *cnt,
		       struct sim_ste_store *store, uint32_t slot)
{
	int64_t bytes = 0;

	if (!sim_ste_store_del(store, slot, &bytes))
		return;
	cnt->stes--;
	cnt->ste_bytes += bytes;
}

/* Write the WQE's STE, with the action slots it names, into slot. */
static enum sim_gta_result ste_write(struct sim_exec_counts *cnt,
				     struct sim_obj *rtc,
				     const struct wqe_view *w, uint32_t slot)
{
	struct sim_ste_store *store = &rtc->rtc.ste->ste.store;
	uint32_t ix[PRM_STC_IX_MAX];
	struct sim_ste_rec *rec;
	int64_t bytes = 0;
	uint8_t last;
	int i;

	for (i = 0; i < PRM_STC_IX_MAX; i++)
		ix[i] = be32toh(w->gta->stc_ix[i]);
	last = ix[PRM_STC_IX_CTRL] >> PRM_STC_IX_NUM_ACTIONS_SHIFT;
	ix[PRM_STC_IX_CTRL] &= (1u << PRM_STC_IX_NUM_ACTIONS_SHIFT) - 1;
	if (!stc_slots_valid(rtc, ix, last))
		return SIM_GTA_ERROR;
	rec = sim_ste_store_put(store, slot, &bytes);
	cnt->ste_bytes += bytes;
	if (!rec) {
		cnt->gta_failures++;
		return SIM_GTA_FAILED;
	}
	/* a record put just made is empty; a written STE names 2 slots or more */
	if (!rec->nslots)
		cnt->stes++;
	memcpy(rec->image, w->data, PRM_STE_SIZE);
	memcpy(rec->stc_ix, ix, sizeof(ix));
	rec->nslots = last + 1;
	rec->rtc_id = rtc->id;
	return SIM_GTA_OK;
}

/* Columns whose buckets and records the scan fetches together. */
#define SIM_SQ_SCAN_BATCH 16

/*
 * The column of the row holding the WQE's tag under the same definer, or
 * UINT32_MAX; *free_slot is the first free column's slot.  A batch's
 * buckets, then its records, are fetched together, so that their cache
 * misses overlap: the scan holds the row's shards.
 */
static uint32_t row_find(struct sim_ste_store *store, const struct sim_obj *rtc,
			 const struct wqe_view *w, uint32_t row, size_t len,
			 uint32_t *free_slot)
{
	uint32_t rows = 1u << rtc->rtc.log_hash_size;
	uint32_t ways = 1u << rtc->rtc.log_depth;
	struct sim_ste_rec *recs[SIM_SQ_SCAN_BATCH];
	uint32_t base, i, n;

	for (base = 0; base < ways; base += n) {
		uint32_t slot0 = rtc->rtc.ste_offset + base * rows + row;

		n = ways - base < SIM_SQ_SCAN_BATCH ? ways - base :
						      SIM_SQ_SCAN_BATCH;
		for (i = 0; i < n; i++)
			sim_ste_store_prefetch(store, slot0 + i * rows);
		for (i = 0; i < n; i++) {
			recs[i] = sim_ste_store_get(store, slot0 + i * rows);
			if (recs[i]) {
				__builtin_prefetch(recs[i]->image);
				__builtin_prefetch(recs[i]->image +
						   PRM_STE_SIZE - 1);
			}
		}
		for (i = 0; i < n; i++) {
			if (!recs[i]) {
				if (*free_slot == UINT32_MAX)
					*free_slot = slot0 + i * rows;
				continue;
			}
			/* one tag under two definers is two STEs */
			if (sim_rtc_hash_ste_same(recs[i]->image, w->data, len))
				return slot0 + i * rows;
		}
	}
	return UINT32_MAX;
}

/*
 * Insertion by offset writes or clears the STE at the direct index.
 * Insertion by hash takes the tag's row (under the hash definer's mask, if
 * the RTC has one) and, in it, the column holding the same tag of the same
 * definer or the first free one.
 */
static enum sim_gta_result gta_execute_locked(struct sim_exec_counts *cnt,
					      struct sim_obj *rtc,
					      const struct wqe_view *w,
					      uint32_t row, size_t len)
{
	struct sim_ste_store *store = &rtc->rtc.ste->ste.store;
	uint32_t op_dirix = be32toh(w->gta->op_dirix);
	uint32_t op = op_dirix >> PRM_GTA_OP_SHIFT;
	uint32_t slot, free_slot = UINT32_MAX;

	if (rtc->rtc.update_mode == MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET) {
		slot = rtc->rtc.ste_offset + (op_dirix & PRM_GTA_DIRIX_MASK);
		if (op == PRM_GTA_OP_DEACTIVATE) {
			ste_remove(cnt, store, slot);
			return SIM_GTA_OK;
		}
		return ste_write(cnt, rtc, w, slot);
	}

	slot = row_find(store, rtc, w, row, len, &free_slot);
	if (slot != UINT32_MAX && op == PRM_GTA_OP_DEACTIVATE) {
		ste_remove(cnt, store, slot);
		return SIM_GTA_OK;
	}
	if (slot != UINT32_MAX)
		free_slot = slot; /* the same tag again updates in place */
	if (op == PRM_GTA_OP_DEACTIVATE || free_slot == UINT32_MAX) {
		cnt->gta_failures++;
		return SIM_GTA_FAILED;
	}
	return ste_write(cnt, rtc, w, free_slot);
}

/*
 * The tag's row is found before its shards are locked; the scan for the
 * tag and the write are one step under them.
 */
static enum sim_gta_result gta_execute(struct sim_nic *nic,
				       struct sim_exec_counts *cnt,
				       struct sim_obj *rtc,
				       const struct wqe_view *w, uint8_t *err)
{
	struct sim_ste_store *store = &rtc->rtc.ste->ste.store;
	uint32_t rows = 1u << rtc->rtc.log_hash_size;
	enum sim_gta_result res;
	struct sim_obj *def;
	const uint8_t *tag;
	uint64_t shards;
	uint32_t row;
	size_t len;

	if (rtc->rtc.update_mode == MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET) {
		row = be32toh(w->gta->op_dirix) & PRM_GTA_DIRIX_MASK;
		shards = sim_ste_store_shards_of(rtc->rtc.ste_offset + row, 0,
						 1);
		len = 0;
	} else {
		*err = sim_rtc_hash_ste_definer(nic, rtc, w->data, &def);
		if (*err)
			return SIM_GTA_ERROR;
		tag = sim_rtc_tag(rtc, w->data, PRM_STE_SIZE, &len);
		row = sim_rtc_hash_row(rtc, tag, len);
		shards = sim_ste_store_shards_of(rtc->rtc.ste_offset + row,
						 rows,
						 1u << rtc->rtc.log_depth);
	}
	sim_ste_store_lock(store, shards);
	res = gta_execute_locked(cnt, rtc, w, row, len);
	sim_ste_store_unlock(store, shards);
	return res;
}

enum sim_gta_result sim_sq_gta_execute(struct sim_nic *nic, struct sim_obj *rtc,
				       const struct prm_wqe_gta_ctrl_seg *gta,
				       const uint8_t *data, uint8_t *err)
{
	struct wqe_view w = { .gta = gta, .data = data };

	/* firmware's write: the NIC's lock is held exclusive */
	return gta_execute(nic, &nic->locks.sq[0].counts, rtc, &w, err);
}

bool sim_sq_dirix_valid(const struct sim_obj *rtc, uint32_t op_dirix)
{
	uint32_t dirix = op_dirix & PRM_GTA_DIRIX_MASK;

	if (rtc->rtc.update_mode == MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET)
		return dirix <
		       1ull << (rtc->rtc.log_hash_size + rtc->rtc.log_depth);
	return !dirix;
}

/* Check a WQE as the device parses it; 0 or the vendor syndrome. */
static uint8_t wqe_check(struct sim_nic *nic, struct sim_obj *sq,
			 const struct wqe_view *w, struct sim_obj **rtc)
{
	uint32_t w0 = be32toh(w->ctrl->opmod_idx_opcode);
	uint32_t w1 = be32toh(w->ctrl->qpn_ds);
	struct sim_obj *r;

	if ((w0 & 0xff) != PRM_OPCODE_TBL_ACCESS ||
	    (w0 >> 24 != PRM_GTA_OPMOD_STE &&
	     w0 >> 24 != PRM_GTA_OPMOD_MOD_ARG))
		return SIM_WQE_ERR_BAD_OPCODE;
	if (((w0 >> 8) & 0xffff) != w->index)
		return SIM_WQE_ERR_BAD_INDEX;
	if (w1 >> 8 != sq->id)
		return SIM_WQE_ERR_BAD_QPN;
	if ((w1 & 0x3f) != PRM_GTA_WQE_DS)
		return SIM_WQE_ERR_BAD_DS;
	/* an argument write: imm names an ARG entry, checked as it runs */
	if (w0 >> 24 == PRM_GTA_OPMOD_MOD_ARG) {
		*rtc = NULL;
		return SIM_WQE_ERR_NONE;
	}
	r = sim_obj_find(nic, SIM_SPACE_GENERAL, be32toh(w->ctrl->imm));
	if (!r || r->kind != SIM_OBJ_RTC || r->uid != sq->uid)
		return SIM_WQE_ERR_BAD_RTC;
	if (r->rtc.pd != sq->sq.pd)
		return SIM_WQE_ERR_PD_MISMATCH;
	/* the device takes this RTC's STEs from firmware only */
	if (r->rtc.fw_update)
		return SIM_WQE_ERR_RTC_FW_UPDATE;
	/* a direct index names an STE of an offset RTC's range */
	if (!sim_sq_dirix_valid(r, be32toh(w->gta->op_dirix)))
		return SIM_WQE_ERR_BAD_DIRIX;
	*rtc = r;
	return SIM_WQE_ERR_NONE;
}

/* Queues count down together: the one that takes it to 0 fires. */
static enum sim_wqe_fault wqe_fault_fires(struct sim_nic *nic)
{
	struct sim_fault_wqe *f = &nic->wqe_fault;
	uint32_t c = __atomic_load_n(&f->countdown, __ATOMIC_RELAXED);

	do {
		if (!c)
			return 0;
	} while (!__atomic_compare_exchange_n(&f->countdown, &c, c - 1, true,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	if (c > 1)
		return 0;
	__atomic_store_n(&f->countdown, f->every, __ATOMIC_RELAXED);
	return f->fault;
}

static void sq_to_error(struct sim_nic *nic, struct sim_obj *sq)
{
	sim_stat_add(&nic->stats.error_cqes, 1);
	sq->sq.state = MLX5_SQC_STATE_ERR;
}

/*
 * In the error state with flush_in_error_en every posted WQE completes with
 * a flush error, coalesced: only a WQE that asked for a CQE gets one;
 * without it, the WQEs stay posted, with no completion.
 */
static void sq_flush(struct sim_nic *nic, struct sim_obj *sq,
		     uint16_t producer)
{
	uint32_t mask = (1u << sq->sq.log_size) - 1;

	/* a WQE's own DS count may step past a producer that cut it short */
	while ((int16_t)(producer - sq->sq.consumer) > 0 &&
	       !cq_overrun(sq->sq.cq)) {
		const struct prm_wqe_ctrl_seg *ctrl =
			(const void *)(sq->sq.ring +
				       (sq->sq.consumer & mask) *
					       PRM_SEND_WQE_BB);
		uint32_t ds = be32toh(ctrl->qpn_ds) & 0x3f;
		uint16_t bbs = ds ? (ds * 16 + PRM_SEND_WQE_BB - 1) /
					    PRM_SEND_WQE_BB :
				    1;

		if (be32toh(ctrl->flags) & PRM_WQE_CTRL_CQ_UPDATE &&
		    write_cqe(nic, sq, PRM_CQE_OPCODE_REQ_ERR, false,
			      PRM_CQE_SYNDROME_WR_FLUSH_ERR,
			      SIM_WQE_ERR_FLUSHED, sq->sq.consumer))
			sim_stat_add(&nic->stats.error_cqes, 1);
		sq->sq.consumer += bbs;
	}
}

static void sq_run(struct sim_nic *nic, struct sim_obj *sq, uint16_t producer)
{
	struct sim_exec_counts *cnt = sim_lock_sq_counts(nic, sq);
	uint32_t mask = (1u << sq->sq.log_size) - 1;

	while (sq->sq.state == MLX5_SQC_STATE_RDY &&
	       sq->sq.consumer != producer && !cq_overrun(sq->sq.cq)) {
		const uint8_t *bb0 = sq->sq.ring +
				     (sq->sq.consumer & mask) * PRM_SEND_WQE_BB;
		const uint8_t *bb1 = sq->sq.ring +
				     ((sq->sq.consumer + 1) & mask) *
					     PRM_SEND_WQE_BB;
		struct wqe_view w = {
			.ctrl = (const void *)bb0,
			.gta = (const void *)(bb0 + sizeof(*w.ctrl)),
			.data = bb1,
			.index = sq->sq.consumer,
		};
		bool notify = be32toh(w.ctrl->flags) & PRM_WQE_CTRL_CQ_UPDATE;
		struct sim_obj *rtc = NULL;
		enum sim_gta_result res = SIM_GTA_ERROR;
		uint8_t err;

		cnt->wqes++;
		err = wqe_check(nic, sq, &w, &rtc);
		if (!err) {
			switch (wqe_fault_fires(nic)) {
			case SIM_WQE_FAULT_GTA_FAILED:
				cnt->gta_failures++;
				res = SIM_GTA_FAILED;
				break;
			case SIM_WQE_FAULT_ERROR_CQE:
				err = SIM_WQE_ERR_INJECTED;
				break;
			case SIM_WQE_FAULT_CATASTROPHIC:
				sq->sq.state = MLX5_SQC_STATE_ERR;
				sim_raise_error(sq);
				return;
			case SIM_WQE_FAULT_CQ_ERROR:
				/* the CQ is in error, as after an overrun */
				sq->sq.cq->cq.overrun = true;
				sim_raise_error(sq->sq.cq);
				return;
			default:
				if (!rtc) { /* MOD_ARG */
					err = sim_arg_write(
						nic, sq, be32toh(w.ctrl->imm),
						w.data);
					res = SIM_GTA_OK;
					break;
				}
				res = gta_execute(nic, cnt, rtc, &w, &err);
				if (res == SIM_GTA_ERROR && !err)
					err = SIM_WQE_ERR_BAD_STC;
			}
		}
		if (err) {
			write_cqe(nic, sq, PRM_CQE_OPCODE_REQ_ERR, false,
				  PRM_CQE_SYNDROME_LOCAL_QP_OP_ERR, err,
				  w.index);
			sq->sq.consumer += PRM_GTA_WQE_BBS;
			sq_to_error(nic, sq);
			break;
		}
		/* A failed operation always reports; success when asked. */
		if (notify || res == SIM_GTA_FAILED)
			write_cqe(nic, sq, PRM_CQE_OPCODE_REQ,
				  res == SIM_GTA_FAILED, 0, 0, w.index);
		/* executed, even when its CQE overran the CQ */
		sq->sq.consumer += PRM_GTA_WQE_BBS;
	}
	if (sq->sq.state == MLX5_SQC_STATE_ERR && sq->sq.flush_in_error)
		sq_flush(nic, sq, producer);
}

/* Under the stripe of the SQ, which the doorbell found. */
static void sq_consume_locked(struct sim_ctx *ctx, struct sim_obj *sq,
			      uint32_t uar_page, uint16_t producer)
{
	struct sim_nic *nic = ctx->nic;

	if (sq->sq.uar_page != uar_page ||
	    sq->sq.state == MLX5_SQC_STATE_RST) {
		sim_stat_add(&nic->stats.doorbells_ignored, 1);
		return;
	}
	sim_lock_sq_counts(nic, sq)->doorbells++;
	sq_run(nic, sq, producer);
}

/* SQ sqn, locked, if ctx's; NULL (and the lock let go) if not. */
static struct sim_obj *sq_lock(struct sim_ctx *ctx, uint32_t sqn)
{
	pthread_mutex_t *lock = sim_lock_sq(ctx->nic, sqn);
	struct sim_obj *sq;

	pthread_mutex_lock(lock);
	sq = sim_obj_find(ctx->nic, SIM_SPACE_SQ, sqn);
	if (sq && sq->uid == ctx->uid)
		return sq;
	pthread_mutex_unlock(lock);
	sim_stat_add(&ctx->nic->stats.doorbells_ignored, 1);
	return NULL;
}

/*
 * The device learned of new WQEs on SQ sqn from a doorbell written to UAR
 * page uar_page: it consumes the ring up to producer.  A doorbell on another
 * page, or for a queue not ready, is lost.
 */
void sim_sq_consume(struct sim_ctx *ctx, uint32_t uar_page, uint32_t sqn,
		    uint16_t producer)
{
	struct sim_obj *sq = sq_lock(ctx, sqn);

	if (!sq)
		return;
	sq_consume_locked(ctx, sq, uar_page, producer);
	pthread_mutex_unlock(sim_lock_sq(ctx->nic, sqn));
}

/* A doorbell names its SQ in the control segment's qpn; the producer
 * counter is the one in the SQ's doorbell record.
 */
void sim_sq_doorbell(struct sim_ctx *ctx, uint32_t uar_page,
		     const void *ctrl_seg)
{
	const struct prm_wqe_ctrl_seg *ctrl = ctrl_seg;
	uint32_t sqn = be32toh(ctrl->qpn_ds) >> 8;
	struct sim_obj *sq = sq_lock(ctx, sqn);

	if (!sq)
		return;
	sq_consume_locked(ctx, sq, uar_page,
			  be32toh(__atomic_load_n(&sq->sq.dbrec[PRM_SND_DBR],
						  __ATOMIC_ACQUIRE)));
	pthread_mutex_unlock(sim_lock_sq(ctx->nic, sqn));
}
