// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "send.h"
#include "../providers/barrier.h"

#define HWS_DBR_SIZE 64
#define HWS_DRAIN_TIMEOUT_SEC 60
#define HWS_OP_NONE 0xffff
/* MODIFY_SQ refusals one recovery takes before it reports */
#define HWS_SEND_RECOVER_TRIES 3
/* idle polls of a queue with WQEs out between two reads of error events */
#define HWS_SEND_EVENT_POLLS 64

static uint32_t roundup_pow2(uint32_t v)
{
	return 1u << hws_ilog2_ceil(v);
}

static size_t sq_bytes(const struct hws_send_queue *q)
{
	return (size_t)q->sq_bbs * PRM_SEND_WQE_BB;
}

static size_t cq_bytes(const struct hws_send_queue *q)
{
	return (size_t)PRM_CQE_SIZE << q->cq_log;
}

/* Rings as a new SQ and CQ find them: empty, counters at 0. */
static void hws_send_rings_init(struct hws_send_queue *q)
{
	size_t size = sq_bytes(q) + cq_bytes(q) + 2 * HWS_DBR_SIZE;
	uint32_t i;

	memset(q->buf, 0, size);
	/* every CQE starts invalid and owned by the device's first pass */
	for (i = 0; i < 1u << q->cq_log; i++) {
		struct prm_cqe64 *cqe = (void *)(q->cq_ring + i * PRM_CQE_SIZE);

		cqe->op_own = PRM_CQE_OPCODE_INVALID << 4 | PRM_CQE_OWNER_MASK;
	}
	q->cur_post = q->poll_wqe = q->rung = 0;
	q->cq_ci = 0;
	q->doorbell_pending = false;
}

static int alloc_rings(struct hws_send_queue *q)
{
	size_t size = sq_bytes(q) + cq_bytes(q) + 2 * HWS_DBR_SIZE;

	if (posix_memalign((void **)&q->buf, 4096, size))
		return ENOMEM;
	q->sq_ring = q->buf;
	q->cq_ring = q->buf + sq_bytes(q);
	q->sq_dbrec = (__be32 *)(q->cq_ring + cq_bytes(q));
	q->cq_dbrec = (__be32 *)((uint8_t *)q->sq_dbrec + HWS_DBR_SIZE);
	hws_send_rings_init(q);
	q->umem = q->dev->ops->umem_reg(q->dev, q->buf, size,
					HWS_UMEM_ACCESS_LOCAL_WRITE,
					&q->umem_id);
	if (!q->umem) {
		int err = errno ? errno : EIO;

		hws_err("queue %u: registering its rings failed: %s", q->id,
			strerror(err));
		free(q->buf);
		q->buf = NULL;
		return err;
	}
	return 0;
}

/*
 * Rings the device may still write: their queue's SQ or CQ outlived a
 * failed destroy, or the device kept their registration.  They stay
 * allocated for the life of the process, on this list.
 */
struct hws_send_kept {
	struct hws_send_kept *next;
	void *buf;
};

static pthread_mutex_t hws_send_kept_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hws_send_kept *hws_send_kept_list; /* under the lock */
static uint64_t hws_send_kept_total; /* bytes; atomic */

uint64_t hws_send_rings_kept(void)
{
	return __atomic_load_n(&hws_send_kept_total, __ATOMIC_RELAXED);
}

static void hws_send_keep_rings(struct hws_send_queue *q)
{
	struct hws_send_kept *k = malloc(sizeof(*k));
	size_t size = sq_bytes(q) + cq_bytes(q) + 2 * HWS_DBR_SIZE;

	hws_err("queue %u: the device may still write its rings; %zu bytes stay allocated",
		q->id, size);
	__atomic_add_fetch(&hws_send_kept_total, size, __ATOMIC_RELAXED);
	/* without a record the buffer is lost, and still never freed */
	if (k) {
		k->buf = q->buf;
		pthread_mutex_lock(&hws_send_kept_lock);
		k->next = hws_send_kept_list;
		hws_send_kept_list = k;
		pthread_mutex_unlock(&hws_send_kept_lock);
	}
	q->buf = NULL;
}

/*
 * Destroy the queue's device objects, then release its rings: only once
 * the device has let go of all of them, since it may write them until then.
 */
static void hws_send_teardown(struct hws_send_queue *q)
{
	bool held = false;

	held |= hws_cmd_destroy(&q->sq) != 0;
	held |= hws_cmd_destroy(&q->cq) != 0;
	if (q->uar)
		q->dev->ops->uar_free(q->uar);
	q->uar = NULL;
	if (!held && q->umem && q->dev->ops->umem_dereg(q->umem)) {
		hws_err("queue %u: deregistering its rings failed", q->id);
		held = true;
	}
	q->umem = NULL;
	if (held)
		hws_send_keep_rings(q);
	free(q->buf);
	q->buf = NULL;
}

static int alloc_ops(struct hws_send_queue *q)
{
	uint16_t i;

	q->ops = hws_zalloc(q->mem, q->num_ops * sizeof(*q->ops));
	q->done = hws_zalloc(q->mem, q->num_ops * sizeof(*q->done));
	q->priv = hws_zalloc(q->mem, q->sq_bbs * sizeof(*q->priv));
	q->fw_size = q->num_ops * HWS_SEND_MAX_WQES_PER_OP;
	q->fw_done = hws_zalloc(q->mem, q->fw_size * sizeof(*q->fw_done));
	if (!q->ops || !q->done || !q->priv || !q->fw_done)
		return ENOMEM;
	for (i = 0; i < q->num_ops; i++)
		q->ops[i].next_free = i + 1 < q->num_ops ? i + 1 : HWS_OP_NONE;
	q->free_op = 0;
	return 0;
}

static void free_ops(struct hws_send_queue *q)
{
	hws_free(q->mem, q->ops);
	hws_free(q->mem, q->done);
	hws_free(q->mem, q->priv);
	hws_free(q->mem, q->fw_done);
	q->ops = NULL;
	q->done = NULL;
	q->priv = NULL;
	q->fw_done = NULL;
}

/*
 * The CQ and the SQ on the queue's rings, the SQ ready, and their error
 * events watched.  What a failure leaves is destroyed by the teardown, or
 * by the next recovery.
 */
static int hws_send_objs_create(struct hws_send_queue *q)
{
	struct hws_cmd_cq_attr cq_attr = { 0 };
	struct hws_cmd_sq_attr sq_attr = { 0 };
	struct hws_dev *dev = q->dev;
	int err;

	cq_attr.eqn = q->eqn;
	cq_attr.log_size = q->cq_log;
	cq_attr.uar_page = q->uar_page;
	cq_attr.umem_id = q->umem_id;
	cq_attr.umem_offset = q->cq_ring - q->buf;
	cq_attr.dbr_umem_id = q->umem_id;
	cq_attr.dbr_offset = (uint8_t *)q->cq_dbrec - q->buf;
	err = hws_cmd_cq_create(dev, &cq_attr, &q->cq);
	if (err)
		return err;

	sq_attr.cqn = q->cq.id;
	sq_attr.pdn = q->pdn;
	sq_attr.uar_page = q->uar_page;
	sq_attr.log_size = hws_ilog2_ceil(q->sq_bbs);
	sq_attr.ts_format = q->ts_format;
	sq_attr.umem_id = q->umem_id;
	sq_attr.umem_offset = 0;
	sq_attr.dbr_umem_id = q->umem_id;
	sq_attr.dbr_offset = (uint8_t *)q->sq_dbrec - q->buf;
	err = hws_cmd_sq_create(dev, &sq_attr, &q->sq);
	if (err)
		return err;
	q->qpn_ds = htobe32(q->sq.id << 8 | PRM_GTA_WQE_DS);
	q->sq_state = MLX5_SQC_STATE_RST;
	err = hws_cmd_sq_modify_state(&q->sq, MLX5_SQC_STATE_RST,
				      MLX5_SQC_STATE_RDY);
	if (err)
		return err;
	q->sq_state = MLX5_SQC_STATE_RDY;
	/* errors that come with no CQE end a drain at once */
	err = dev->ops->watch_errors(q->cq.devx, (uintptr_t)q);
	if (!err)
		err = dev->ops->watch_errors(q->sq.devx, (uintptr_t)q);
	if (err)
		hws_err("queue %u: subscribing to its device errors failed: %s",
			q->id, strerror(err));
	return err;
}

int hws_send_queue_open(struct hws_send_queue *q, struct hws_dev *dev,
			struct hws_mem *mem, uint32_t pdn, uint8_t ts_format,
			uint16_t id, uint16_t size)
{
	int err;

	memset(q, 0, sizeof(*q));
	q->dev = dev;
	q->mem = mem;
	q->id = id;
	q->pdn = pdn;
	q->ts_format = ts_format;
	q->num_ops = roundup_pow2(size);
	q->ring_wqes = q->num_ops * HWS_SEND_MAX_WQES_PER_OP;
	if (q->ring_wqes < HWS_SEND_MAX_WQES_ONE_OP)
		q->ring_wqes = HWS_SEND_MAX_WQES_ONE_OP;
	q->sq_bbs = roundup_pow2(q->ring_wqes * PRM_GTA_WQE_BBS);
	/* a CQE per WQE at most: failures always report */
	q->cq_log = hws_ilog2_ceil(q->ring_wqes);

	err = alloc_ops(q);
	if (err)
		goto free_ops;
	err = alloc_rings(q);
	if (err)
		goto free_ops;
	q->uar = dev->ops->uar_alloc(dev, &q->uar_page);
	if (!q->uar) {
		err = errno ? errno : EIO;
		hws_err("queue %u: allocating a doorbell page failed: %s", id,
			strerror(err));
		goto teardown;
	}

	err = dev->ops->query_eqn(dev, 0, &q->eqn);
	if (err) {
		hws_err("queue %u: no completion EQ: %s", id, strerror(err));
		goto teardown;
	}
	err = hws_send_objs_create(q);
	if (err)
		goto teardown;
	return 0;

teardown:
	hws_send_teardown(q);
free_ops:
	free_ops(q);
	return err;
}

void hws_send_queue_close(struct hws_send_queue *q)
{
	hws_send_teardown(q);
	free_ops(q);
}

/* WQEs posted whose completion has not been seen */
static uint32_t wqes_outstanding(const struct hws_send_queue *q)
{
	return (uint16_t)(q->cur_post - q->poll_wqe) / PRM_GTA_WQE_BBS;
}

/* Is any WQE out? wqes_outstanding() without the arithmetic */
static bool hws_send_busy(const struct hws_send_queue *q)
{
	return q->cur_post != q->poll_wqe;
}

/* Error events the device raised mark their queues; is q marked? */
static bool hws_send_device_error(struct hws_send_queue *q)
{
	uint64_t cookie;

	while (!q->dev->ops->next_error(q->dev, &cookie))
		__atomic_store_n(&((struct hws_send_queue *)(uintptr_t)cookie)
					  ->dev_err,
				 true, __ATOMIC_RELAXED);
	return __atomic_load_n(&q->dev_err, __ATOMIC_RELAXED);
}

/*
 * Put a queue the device gave up on back into service: destroy its SQ and
 * CQ (a CQ in error has no way back) and create them again on the same
 * rings, started over.  A step the device refuses leaves the queue failed;
 * its next use tries again.
 */
static int hws_send_recreate(struct hws_send_queue *q)
{
	int err;

	err = hws_cmd_destroy(&q->sq);
	if (!err)
		err = hws_cmd_destroy(&q->cq);
	if (!err) {
		/* the old objects' events name q too: read them first */
		hws_send_device_error(q);
		__atomic_store_n(&q->dev_err, false, __ATOMIC_RELAXED);
		hws_send_rings_init(q);
		err = hws_send_objs_create(q);
	}
	if (err) {
		__atomic_store_n(&q->dev_err, true, __ATOMIC_RELAXED);
		hws_err("queue %u: recreating its SQ and CQ after a device error failed (%s); the queue fails each use until it succeeds",
			q->id, strerror(err));
		return EIO;
	}
	q->err = false;
	return 0;
}

/*
 * After an error CQE and its flush: take the SQ through reset back to ready
 * and start the ring over.  A refused step is tried again from the state
 * the SQ is in, HWS_SEND_RECOVER_TRIES times; after that the queue stays in
 * error, and its next use tries again.
 */
static int hws_send_recover(struct hws_send_queue *q)
{
	int tries, err = 0;

	for (tries = 0; tries < HWS_SEND_RECOVER_TRIES; tries++) {
		if (q->sq_state == MLX5_SQC_STATE_ERR) {
			err = hws_cmd_sq_modify_state(&q->sq,
						      MLX5_SQC_STATE_ERR,
						      MLX5_SQC_STATE_RST);
			if (err)
				continue;
			q->sq_state = MLX5_SQC_STATE_RST;
		}
		err = hws_cmd_sq_modify_state(&q->sq, MLX5_SQC_STATE_RST,
					      MLX5_SQC_STATE_RDY);
		if (!err)
			break;
	}
	if (err) {
		hws_err("queue %u: recovery from an error CQE refused %d times (%s); the queue stays in error until its next use",
			q->id, tries, strerror(err));
		return EIO;
	}
	q->sq_state = MLX5_SQC_STATE_RDY;
	q->cur_post = q->poll_wqe = 0;
	q->err = false;
	return 0;
}

int hws_send_queue_repair(struct hws_send_queue *q)
{
	if (__atomic_load_n(&q->dev_err, __ATOMIC_RELAXED)) {
		if (hws_send_busy(q)) {
			hws_err("queue %u: the device raised an error on it; poll its completions first",
				q->id);
			return EIO;
		}
		return hws_send_recreate(q);
	}
	if (!q->err)
		return 0;
	if (hws_send_busy(q)) {
		hws_err("queue %u: waiting for the flush after an error CQE",
			q->id);
		return EIO;
	}
	return hws_send_recover(q);
}

uint32_t hws_send_op_take_results(struct hws_send_queue *q,
				  struct mlx5hws_flow_op_result *res,
				  uint32_t max)
{
	uint32_t n = 0;

	while (n < max && q->done_count) {
		uint16_t op = q->done[q->done_head];

		res[n].status = q->ops[op].failed ? MLX5HWS_FLOW_OP_ERROR :
						    MLX5HWS_FLOW_OP_SUCCESS;
		res[n].user_data = q->ops[op].user_data;
		n++;
		q->done_head = (q->done_head + 1) % q->num_ops;
		q->done_count--;
		hws_send_op_release(q, op);
	}
	return n;
}

/* The first basic block of the WQE at producer counter index */
static void *sq_bb(struct hws_send_queue *q, uint16_t index)
{
	return q->sq_ring + (index & (q->sq_bbs - 1)) * PRM_SEND_WQE_BB;
}

/* ctrl: the control segment of the last WQE, the one the doorbell names */
static void ring_doorbell(struct hws_send_queue *q, void *ctrl)
{
	q->dev->ops->ring_doorbell(q->uar, q->sq_dbrec, q->cur_post, ctrl);
	q->rung = q->cur_post;
	q->doorbell_pending = false;
}

/* Each field once: the segment is a ring slot, with an older WQE's bytes. */
static void hws_send_gta_ctrl(struct prm_wqe_gta_ctrl_seg *gta,
			      const struct hws_send_ste *ste)
{
	const uint32_t *ix = ste->stc_ix;
	int i;

	gta->op_dirix = htobe32((uint32_t)ste->gta_op << PRM_GTA_OP_SHIFT |
				(ste->dirix & PRM_GTA_DIRIX_MASK));
	if (ix)
		for (i = 0; i < PRM_STC_IX_MAX; i++)
			gta->stc_ix[i] = htobe32(ix[i]);
	else
		memset(gta->stc_ix, 0, sizeof(gta->stc_ix));
	memset(gta->rsvd0, 0, sizeof(gta->rsvd0));
}

void hws_send_post_ste(struct hws_send_queue *q, uint16_t op,
		       const struct hws_send_ste *ste, bool notify)
{
	uint32_t slot = q->cur_post & (q->sq_bbs - 1);
	struct prm_wqe_ctrl_seg *ctrl =
		(void *)(q->sq_ring + slot * PRM_SEND_WQE_BB);
	uint8_t *data = (uint8_t *)ctrl + PRM_SEND_WQE_BB;
	struct hws_wqe_priv *priv = &q->priv[slot];

	ctrl->opmod_idx_opcode = htobe32((uint32_t)PRM_GTA_OPMOD_STE << 24 |
					 (uint32_t)q->cur_post << 8 |
					 PRM_OPCODE_TBL_ACCESS);
	ctrl->qpn_ds = q->qpn_ds;
	ctrl->flags = notify ? htobe32(PRM_WQE_CTRL_CQ_UPDATE) : 0;
	ctrl->imm = htobe32(ste->rtc_id);
	hws_send_gta_ctrl((void *)(ctrl + 1), ste);
	if (ste->data != data)
		memcpy(data, ste->data, PRM_STE_SIZE);

	priv->op = op;
	priv->cookie = ste->cookie;
	priv->rtc_id = ste->rtc_id;
	priv->retry_rtc_id = ste->retry_rtc_id;
	q->ops[op].pending++;
	q->cur_post += PRM_GTA_WQE_BBS;
	if (notify)
		ring_doorbell(q, ctrl);
	else
		q->doorbell_pending = true;
}

/*
 * One GENERATE_WQE on rtc_id: the WQE as the send queue would carry it,
 * without WQE index and SQ number, which firmware does not use.
 */
static enum hws_wqe_status hws_send_fw_gta(struct hws_send_queue *q,
					   const struct hws_send_ste *ste,
					   uint32_t rtc_id)
{
	struct prm_wqe_ctrl_seg ctrl = {
		.opmod_idx_opcode = htobe32((uint32_t)PRM_GTA_OPMOD_STE << 24 |
					    PRM_OPCODE_TBL_ACCESS),
		.qpn_ds = htobe32(PRM_GTA_WQE_DS),
		.flags = htobe32(PRM_WQE_CTRL_CQ_UPDATE),
		.imm = htobe32(rtc_id),
	};
	struct prm_wqe_gta_ctrl_seg gta;
	struct prm_cqe64 cqe;
	uint8_t opcode;

	hws_send_gta_ctrl(&gta, ste);
	if (hws_cmd_generate_wqe(q->dev, q->pdn, &ctrl, &gta, ste->data, &cqe))
		return HWS_WQE_ERROR;
	opcode = cqe.op_own >> 4;
	if (opcode != PRM_CQE_OPCODE_REQ) {
		hws_err("queue %u: GENERATE_WQE on RTC 0x%x: CQE opcode 0x%x, syndrome 0x%x vendor 0x%x",
			q->id, rtc_id, opcode, cqe.syndrome,
			cqe.vendor_err_synd);
		return HWS_WQE_ERROR;
	}
	return be32toh(cqe.byte_cnt) & PRM_CQE_GTA_FAILED ? HWS_WQE_FAILED :
							    HWS_WQE_OK;
}

void hws_send_write_ste_fw(struct hws_send_queue *q, uint16_t op,
			   const struct hws_send_ste *ste)
{
	struct hws_fw_done *d =
		&q->fw_done[(q->fw_head + q->fw_count) % q->fw_size];

	d->priv.op = op;
	d->priv.cookie = ste->cookie;
	d->priv.rtc_id = ste->rtc_id;
	d->priv.retry_rtc_id = 0; /* retried here, as below */
	d->retried = false;
	d->status = hws_send_fw_gta(q, ste, ste->rtc_id);
	if (d->status == HWS_WQE_FAILED && ste->retry_rtc_id) {
		d->priv.rtc_id = ste->retry_rtc_id;
		d->retried = true;
		d->status = hws_send_fw_gta(q, ste, ste->retry_rtc_id);
	}
	q->ops[op].pending++;
	q->fw_count++;
}

/* Report the STE writes firmware did, as the CQ reports the SQ's. */
static void hws_send_report_fw(struct hws_send_queue *q, hws_wqe_done_fn fn,
			       void *arg)
{
	while (q->fw_count) {
		const struct hws_fw_done *d = &q->fw_done[q->fw_head];
		struct hws_wqe_done done = {
			.wqe = d->priv,
			.status = d->status,
			.retried = d->retried,
		};

		q->fw_head = (q->fw_head + 1) % q->fw_size;
		q->fw_count--;
		q->ops[done.wqe.op].pending--;
		fn(q, &done, arg);
	}
}

/*
 * One 64-byte argument entry: opmod MOD_ARG, imm = the entry's absolute
 * index, a zero GTA control segment, the data.  Never the last WQE of an
 * operation, so it asks for no CQE; the device reports a failure anyway.
 */
void hws_send_post_arg(struct hws_send_queue *q, uint16_t op, uint8_t cookie,
		       uint32_t index, const uint8_t data[PRM_ARG_ENTRY_SIZE])
{
	struct prm_wqe_ctrl_seg *ctrl = sq_bb(q, q->cur_post);
	struct hws_wqe_priv *priv = &q->priv[q->cur_post & (q->sq_bbs - 1)];

	ctrl->opmod_idx_opcode =
		htobe32((uint32_t)PRM_GTA_OPMOD_MOD_ARG << 24 |
			(uint32_t)q->cur_post << 8 | PRM_OPCODE_TBL_ACCESS);
	ctrl->qpn_ds = q->qpn_ds;
	ctrl->flags = 0;
	ctrl->imm = htobe32(index);
	memset(ctrl + 1, 0, sizeof(struct prm_wqe_gta_ctrl_seg));
	memcpy(sq_bb(q, q->cur_post + 1), data, PRM_ARG_ENTRY_SIZE);
	*priv = (struct hws_wqe_priv){ .op = op, .cookie = cookie };
	q->ops[op].pending++;
	q->cur_post += PRM_GTA_WQE_BBS;
	q->doorbell_pending = true;
}

void hws_send_flush(struct hws_send_queue *q)
{
	struct prm_wqe_ctrl_seg *ctrl;

	if (!q->doorbell_pending)
		return;
	ctrl = sq_bb(q, q->cur_post - PRM_GTA_WQE_BBS);
	ctrl->flags |= htobe32(PRM_WQE_CTRL_CQ_UPDATE);
	ring_doorbell(q, ctrl);
}

/* fn for a FAILED WQE with copies of its segments: a retry may take the slot */
static __attribute__((noinline)) void
hws_send_report_failed(struct hws_send_queue *q, struct hws_wqe_done *done,
		       const uint8_t *bb, hws_wqe_done_fn fn, void *arg)
{
	struct prm_wqe_gta_ctrl_seg gta;
	uint8_t data[PRM_STE_SIZE];

	memcpy(&gta, bb + sizeof(struct prm_wqe_ctrl_seg), sizeof(gta));
	memcpy(data, bb + PRM_SEND_WQE_BB, sizeof(data));
	done->gta = &gta;
	done->data = data;
	fn(q, done, arg);
}

/* Hand the WQE at poll_wqe to fn: its ring slot is free from then on. */
static void hws_send_report_wqe(struct hws_send_queue *q,
				enum hws_wqe_status status, bool unsure,
				hws_wqe_done_fn fn, void *arg)
{
	uint32_t slot = q->poll_wqe & (q->sq_bbs - 1);
	struct hws_wqe_done done;

	/* field by field: gta and data only for a failure */
	done.wqe = q->priv[slot];
	done.status = status;
	done.retried = false;
	done.unsure = unsure;
	q->poll_wqe += PRM_GTA_WQE_BBS;
	q->ops[done.wqe.op].pending--;
	if (status == HWS_WQE_FAILED)
		hws_send_report_failed(
			q, &done, q->sq_ring + slot * PRM_SEND_WQE_BB, fn, arg);
	else
		fn(q, &done, arg);
}

/*
 * Has the device raised an error on q's CQ or SQ?  Another queue may have
 * read the event for it; q reads them itself now and then while it waits
 * for completions in vain.
 */
static bool hws_send_lost(struct hws_send_queue *q, bool idle)
{
	if (__atomic_load_n(&q->dev_err, __ATOMIC_RELAXED))
		return true;
	if (!idle || !hws_send_busy(q) ||
	    ++q->idle_polls % HWS_SEND_EVENT_POLLS)
		return false;
	return hws_send_device_error(q);
}

/*
 * After an error event the device completes nothing more on q: each WQE
 * still out fails.  It may have executed those it was told of (up to
 * rung) without a CQE; it never saw the others.
 */
static void hws_send_fail_lost(struct hws_send_queue *q, hws_wqe_done_fn fn,
			       void *arg)
{
	if (wqes_outstanding(q))
		hws_err("queue %u: the device raised an error on its CQ or SQ: %u WQEs fail, %u of which it may have executed",
			q->id, wqes_outstanding(q),
			(uint16_t)(q->rung - q->poll_wqe) / PRM_GTA_WQE_BBS);
	while (hws_send_busy(q))
		hws_send_report_wqe(q, HWS_WQE_ERROR,
				    (int16_t)(q->rung - q->poll_wqe) > 0, fn,
				    arg);
	q->doorbell_pending = false;
}

/* An error CQE: the SQ stopped, and flushes the WQEs after the one named. */
static __attribute__((noinline)) void
hws_send_cqe_error(struct hws_send_queue *q, const struct prm_cqe64 *cqe)
{
	if (!q->err)
		hws_err("queue %u: error CQE, syndrome 0x%x vendor 0x%x", q->id,
			cqe->syndrome, cqe->vendor_err_synd);
	q->err = true;
	q->sq_state = MLX5_SQC_STATE_ERR;
}

int hws_send_poll_cq(struct hws_send_queue *q, hws_wqe_done_fn fn, void *arg)
{
	uint32_t mask = (1u << q->cq_log) - 1;
	bool idle = true;

	if (q->fw_count)
		hws_send_report_fw(q, fn, arg);
	for (;;) {
		struct prm_cqe64 *cqe =
			(void *)(q->cq_ring + (q->cq_ci & mask) * PRM_CQE_SIZE);
		uint8_t op_own = __atomic_load_n(&cqe->op_own, __ATOMIC_ACQUIRE);
		uint8_t opcode = op_own >> 4;
		enum hws_wqe_status status = HWS_WQE_OK;
		uint16_t counter;

		if (opcode == PRM_CQE_OPCODE_INVALID ||
		    (op_own & PRM_CQE_OWNER_MASK) != ((q->cq_ci >> q->cq_log) & 1))
			break;
		idle = false;
		/* acquire orders for CPUs; the device needs its own barrier */
		hws_udma_from_device_barrier();
		counter = be16toh(cqe->wqe_counter);
		/*
		 * WQEs before this one completed without asking for a CQE:
		 * executed, or, after an error CQE, flushed.
		 */
		while (q->poll_wqe != counter && hws_send_busy(q))
			hws_send_report_wqe(q,
					    q->err ? HWS_WQE_ERROR : HWS_WQE_OK,
					    false, fn, arg);
		if (opcode != PRM_CQE_OPCODE_REQ) {
			hws_send_cqe_error(q, cqe);
			status = HWS_WQE_ERROR;
		} else if (be32toh(cqe->byte_cnt) & PRM_CQE_GTA_FAILED) {
			status = HWS_WQE_FAILED;
		}
		q->cq_ci++;
		__atomic_store_n(q->cq_dbrec, htobe32(q->cq_ci & 0xffffff),
				 __ATOMIC_RELEASE);
		if (hws_send_busy(q))
			hws_send_report_wqe(q, status, false, fn, arg);
	}
	if (hws_send_lost(q, idle)) {
		hws_send_fail_lost(q, fn, arg);
		return hws_send_recreate(q);
	}
	if (q->err && !hws_send_busy(q))
		return hws_send_recover(q);
	return 0;
}

/*
 * Poll until nothing is out, or until no poll has made progress for
 * HWS_DRAIN_TIMEOUT_SEC: out of line, as the drain's first poll mostly
 * finds every WQE done.
 */
static __attribute__((noinline)) int
hws_send_wait(struct hws_send_queue *q, hws_wqe_done_fn fn, void *arg)
{
	struct timespec start = { 0 }, now;
	bool stalled = false;
	int err;

	while (hws_send_busy(q) || q->fw_count) {
		uint32_t before = wqes_outstanding(q);

		err = hws_send_poll_cq(q, fn, arg);
		if (err)
			return err;
		/* the clock runs from the first poll without progress only */
		if (wqes_outstanding(q) < before) {
			stalled = false;
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!stalled) {
			start = now;
			stalled = true;
		} else if (now.tv_sec - start.tv_sec > HWS_DRAIN_TIMEOUT_SEC) {
			hws_err("queue %u: no completion for %d s", q->id,
				HWS_DRAIN_TIMEOUT_SEC);
			return ETIMEDOUT;
		}
	}
	return 0;
}

int hws_send_drain(struct hws_send_queue *q, hws_wqe_done_fn fn, void *arg)
{
	int err;

	hws_send_flush(q);
	if (!hws_send_busy(q) && !q->fw_count)
		return 0;
	err = hws_send_poll_cq(q, fn, arg);
	if (err || (!hws_send_busy(q) && !q->fw_count))
		return err;
	return hws_send_wait(q, fn, arg);
}

int hws_send_fence(struct hws_send_queue *q, uint16_t op, hws_wqe_done_fn fn,
		   void *arg)
{
	int err;

	q->ops[op].pending++;
	err = hws_send_drain(q, fn, arg);
	q->ops[op].pending--;
	return err;
}
