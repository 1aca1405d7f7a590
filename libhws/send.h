/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The send engine: per queue an SQ and a CQ over one registered buffer,
 * GTA WQEs, doorbells, and CQ polling by ownership bit; and STE writes that
 * firmware does (GENERATE_WQE), whose completions the queue makes itself.
 * It knows operations (a rule create, delete, move...) only as slots that
 * group WQEs; what they mean is the caller's business.
 */
#ifndef HWS_SEND_H
#define HWS_SEND_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"
#include "util.h"

/*
 * A rule operation writes one WQE per direction (RX, TX); a collision's
 * retry takes the ring slot of the WQE that failed, which completed first.
 * The ring holds that many per operation.  A rule with action STEs writes
 * more: up to HWS_SEND_MAX_WQES_ONE_OP, which the ring holds at least, and
 * it waits for room (hws_send_ring_room()).
 */
#define HWS_SEND_MAX_WQES_PER_OP 2
/*
 * Argument entries (MOD_ARG WQEs) one operation may write ahead of its
 * STEs: 32 modify actions of 8 bytes, the kernel's limit.  An operation
 * that needs them waits for room in the ring (hws_send_ring_room()).
 */
#define HWS_SEND_MAX_ARG_WQES 4
/* The most one operation writes: action STEs and argument entries */
#define HWS_SEND_MAX_WQES_ONE_OP (16 + HWS_SEND_MAX_ARG_WQES)

enum hws_wqe_status {
	HWS_WQE_OK,
	HWS_WQE_FAILED, /* the GTA operation failed: row full, tag missing */
	HWS_WQE_ERROR,	/* error CQE: malformed, or flushed */
};

/* An operation in flight. */
struct hws_send_op {
	void *owner;
	void *aux;		/* the owner's, until the operation ends */
	void *user_data;
	uint8_t pending;	/* WQEs posted and not yet completed */
	uint8_t failed;
	uint8_t done_bits;	/* the owner's, for the WQEs that succeeded */
	uint8_t kind;		/* the owner's own tag */
	bool user;		/* report a result to the user */
	uint16_t next_free;
};

/* What a WQE's completion reports, kept per ring slot from its post */
struct hws_wqe_priv {
	uint16_t op;
	uint8_t cookie;		/* the caller's, from hws_send_ste */
	uint32_t rtc_id;
	uint32_t retry_rtc_id;
};

/* One completed WQE, as the poller hands it to the caller. */
struct hws_wqe_done {
	struct hws_wqe_priv wqe;	/* as posted */
	uint8_t status;		/* enum hws_wqe_status */
	/* written by firmware, on retry_rtc_id after rtc_id failed */
	bool retried;
	/* failed with no completion after a device error: executed or not */
	bool unsure;
	/*
	 * for a FAILED WQE only, a copy of its GTA control and data segments,
	 * so that it can be posted again
	 */
	const struct prm_wqe_gta_ctrl_seg *gta;
	const uint8_t *data;
};

/* An STE write firmware executed, waiting for the poller to report it. */
struct hws_fw_done {
	struct hws_wqe_priv priv;
	uint8_t status;		/* enum hws_wqe_status */
	bool retried;
};

struct hws_send_queue {
	struct hws_dev *dev;
	struct hws_mem *mem;
	uint16_t id;
	uint8_t *buf;
	struct hws_umem *umem;
	uint32_t umem_id;
	struct hws_uar *uar;
	struct hws_obj cq;
	struct hws_obj sq;
	/* SQ */
	uint8_t *sq_ring;
	uint32_t sq_bbs;
	__be32 *sq_dbrec;
	__be32 qpn_ds;		/* the WQEs' SQ number and size, as set */
	uint16_t cur_post;	/* producer counter, in WQE basic blocks */
	uint16_t rung;		/* the producer counter the device was told */
	uint16_t poll_wqe;	/* the next WQE to complete */
	bool doorbell_pending;	/* burst WQEs not yet announced */
	bool err;		/* an error CQE: waiting for the flush */
	uint8_t sq_state;	/* MLX5_SQC_STATE_*, as the device has it */
	/* the device raised a CQ or SQ error event: set and read atomically,
	 * by whichever queue's drain reads the event
	 */
	bool dev_err;
	uint16_t idle_polls;	/* polls that found no CQE */
	struct hws_wqe_priv *priv;
	/* CQ */
	uint8_t *cq_ring;
	uint8_t cq_log;
	uint32_t cq_ci;
	__be32 *cq_dbrec;
	/* operations and their results */
	struct hws_send_op *ops;
	uint16_t num_ops;
	uint16_t used_ops;
	uint16_t ring_wqes;	/* WQEs the SQ ring holds */
	uint16_t free_op;
	uint16_t *done;		/* FIFO of finished operations */
	uint16_t done_head;
	uint16_t done_count;
	/* STE writes done through firmware: completions made in software */
	uint32_t pdn;
	/* for the SQ and CQ, which a device error makes recreate */
	uint32_t eqn;
	uint32_t uar_page;
	uint8_t ts_format;
	struct hws_fw_done *fw_done;
	uint32_t fw_size;
	uint32_t fw_head;
	uint32_t fw_count;
} __attribute__((aligned(HWS_CACHE_APART))); /* queues run in parallel */

/*
 * Bytes of rings kept since the process started: rings of queues whose
 * teardown the device refused in part, which it may still write.
 */
uint64_t hws_send_rings_kept(void);
int hws_send_queue_open(struct hws_send_queue *q, struct hws_dev *dev,
			struct hws_mem *mem, uint32_t pdn, uint8_t ts_format,
			uint16_t id, uint16_t size);
void hws_send_queue_close(struct hws_send_queue *q);

static inline bool hws_send_queue_full(const struct hws_send_queue *q)
{
	return q->used_ops >= q->num_ops;
}

/* WQEs that may still be posted before the ring wraps onto pending ones. */
static inline uint16_t hws_send_ring_room(const struct hws_send_queue *q)
{
	return q->ring_wqes -
	       (uint16_t)(q->cur_post - q->poll_wqe) / PRM_GTA_WQE_BBS;
}

/* hws_send_queue_ready() for a queue in error: recover or recreate it. */
int hws_send_queue_repair(struct hws_send_queue *q);
/*
 * 0 when WQEs may be posted.  A queue that saw an error CQE is recovered
 * first, one the device raised an error event on is recreated; EIO while
 * its flush or its poll is due, or if the device refuses.
 */
static inline int hws_send_queue_ready(struct hws_send_queue *q)
{
	if (!q->err && !__atomic_load_n(&q->dev_err, __ATOMIC_RELAXED))
		return 0;
	return hws_send_queue_repair(q);
}

/* A free operation slot, or EBUSY. */
static inline int hws_send_op_alloc(struct hws_send_queue *q, void *owner,
				    void *user_data, uint8_t kind, bool user,
				    uint16_t *op)
{
	struct hws_send_op *o;

	if (hws_send_queue_full(q))
		return EBUSY;
	*op = q->free_op;
	o = &q->ops[*op];
	q->free_op = o->next_free;
	q->used_ops++;
	o->owner = owner;
	o->aux = NULL;
	o->user_data = user_data;
	o->pending = 0;
	o->failed = 0;
	o->done_bits = 0;
	o->kind = kind;
	o->user = user;
	return 0;
}

static inline struct hws_send_op *hws_send_op(struct hws_send_queue *q,
					      uint16_t op)
{
	return &q->ops[op];
}

/* The slot is free again. */
static inline void hws_send_op_release(struct hws_send_queue *q, uint16_t op)
{
	q->ops[op].owner = NULL;
	q->ops[op].next_free = q->free_op;
	q->free_op = op;
	q->used_ops--;
}

/* The operation has finished: queue its result for the poller. */
static inline void hws_send_op_finish(struct hws_send_queue *q, uint16_t op)
{
	if (!q->ops[op].user) {
		hws_send_op_release(q, op);
		return;
	}
	q->done[(q->done_head + q->done_count) % q->num_ops] = op;
	q->done_count++;
}

/* Hand out finished operations; each slot is free afterwards. */
uint32_t hws_send_op_take_results(struct hws_send_queue *q,
				  struct mlx5hws_flow_op_result *res,
				  uint32_t max);

struct hws_send_ste {
	uint8_t gta_op;		/* PRM_GTA_OP_ACTIVATE or _DEACTIVATE */
	uint8_t cookie;		/* handed back with the completion */
	uint32_t rtc_id;
	uint32_t retry_rtc_id;	/* tried when rtc_id fails; 0 for none */
	uint32_t dirix;		/* the STE's index in an offset RTC */
	const uint32_t *stc_ix;	/* PRM_STC_IX_MAX slots, host order */
	const uint8_t *data;	/* the 64-byte STE image */
};

/*
 * Where the next WQE's 64-byte data goes in the ring: an STE built there
 * is posted without a copy.  Build it once the queue is ready and has room.
 */
static inline uint8_t *hws_send_ste_data(const struct hws_send_queue *q)
{
	/* a GTA WQE starts on an even block: its data block never wraps */
	return q->sq_ring +
	       ((q->cur_post & (q->sq_bbs - 1)) + 1) * PRM_SEND_WQE_BB;
}

/* Post one STE write for op; notify asks for a CQE and rings the doorbell. */
void hws_send_post_ste(struct hws_send_queue *q, uint16_t op,
		       const struct hws_send_ste *ste, bool notify);
/*
 * Write one STE through firmware (GENERATE_WQE) for op, at once, for an RTC
 * of update_method 1; on failure, again on retry_rtc_id.  Its completion is
 * made in software and reported by the next hws_send_poll_cq().
 */
void hws_send_write_ste_fw(struct hws_send_queue *q, uint16_t op,
			   const struct hws_send_ste *ste);
/*
 * Post a write of one 64-byte argument entry, index = ARG id + entry, for
 * op; it must be followed by the operation's STE writes.
 */
void hws_send_post_arg(struct hws_send_queue *q, uint16_t op, uint8_t cookie,
		       uint32_t index, const uint8_t data[PRM_ARG_ENTRY_SIZE]);
/* Announce burst WQEs: request a CQE on the last and ring. */
void hws_send_flush(struct hws_send_queue *q);

typedef void (*hws_wqe_done_fn)(struct hws_send_queue *q,
				const struct hws_wqe_done *done, void *arg);
/*
 * Read the CQ and report every completed WQE to fn.  After an error event
 * on the queue every WQE still out fails, and the queue is recreated: EIO
 * if the device refuses.
 */
int hws_send_poll_cq(struct hws_send_queue *q, hws_wqe_done_fn fn, void *arg);
/* Flush and poll until the device has executed every posted WQE. */
int hws_send_drain(struct hws_send_queue *q, hws_wqe_done_fn fn, void *arg);
/*
 * Drain q, op's WQEs among the rest, before a firmware write for op: that
 * write bypasses the ring and no fence orders it behind the ring's WQEs.
 * op stays open meanwhile, though its WQEs complete.
 */
int hws_send_fence(struct hws_send_queue *q, uint16_t op, hws_wqe_done_fn fn,
		   void *arg);

#endif /* HWS_SEND_H */
