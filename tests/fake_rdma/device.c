// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The asynchronous device: a thread per context watches the doorbell
 * registers on the context's UAR pages, which are ordinary memory, and the
 * SQs' doorbell records, as a NIC's hardware does.
 *
 * A write to a doorbell register is seen when the thread next reads the
 * page, not when the driver calls a function; the device takes the value
 * and leaves zero, so that every write is seen once.  The device then takes the
 * SQs of that page whose doorbell record moved, snapshots their new WQEs
 * and, after an optional random delay (FAKE_RDMA_DELAY_US), has the model
 * execute them and write the CQEs.  A WQE that changed between its doorbell
 * and its execution, a doorbell value that is not the start of a posted
 * WQE (a torn write), and a doorbell whose record does not yet cover it are
 * reported.  CQEs the consumer index has passed are poisoned, so a driver
 * that reads a CQE after releasing it sees garbage.
 *
 * When nothing happens the thread spins for FAKE_IDLE_SPIN_NS, then
 * sleeps longer and longer, up to FAKE_IDLE_SLEEP_MAX_US.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fake_internal.h"
#include "fake_rdma.h"
#include "libhws/prm.h"
#include "providers/sim/sim.h"

#define FAKE_IDLE_SPIN_NS 2000000u /* spin, not sleep, for 2 ms */
#define FAKE_IDLE_SLEEP_MAX_US 1024
#define FAKE_CQE_POISON 0xa5

static unsigned int fake_reports;

unsigned int fake_rdma_reports(void)
{
	return __atomic_load_n(&fake_reports, __ATOMIC_RELAXED);
}

void fake_report(const char *fmt, ...)
{
	va_list ap;

	__atomic_fetch_add(&fake_reports, 1, __ATOMIC_RELAXED);
	va_start(ap, fmt);
	fputs("fake_rdma: device saw a driver defect: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Spin politely: the device keeps its CPU while work may come soon. */
static inline void fake_device_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield");
#endif
}

static uint64_t fake_device_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static uint32_t fake_device_rand(struct fake_ctx *ctx)
{
	/* xorshift64: cheap and good enough for delays */
	ctx->rand_state ^= ctx->rand_state << 13;
	ctx->rand_state ^= ctx->rand_state >> 7;
	ctx->rand_state ^= ctx->rand_state << 17;
	return (uint32_t)(ctx->rand_state >> 32);
}

static uint8_t *fake_device_bb(const struct fake_obj *sq, uint8_t *ring,
			       uint16_t index)
{
	return ring + (index & ((1u << sq->sq.log_size) - 1)) * PRM_SEND_WQE_BB;
}

/* Copy the WQEs [from, to) of an SQ's ring as the doorbell found them. */
static void fake_device_snapshot(struct fake_obj *sq, uint16_t from,
				 uint16_t to)
{
	uint16_t i;

	for (i = from; i != to; i++)
		memcpy(fake_device_bb(sq, sq->sq.snap, i),
		       fake_device_bb(sq, sq->sq.ring, i), PRM_SEND_WQE_BB);
}

static void fake_device_check_snapshot(struct fake_obj *sq)
{
	uint16_t i;

	for (i = sq->sq.snap_from; i != sq->sq.snap_to; i++)
		if (memcmp(fake_device_bb(sq, sq->sq.snap, i),
			   fake_device_bb(sq, sq->sq.ring, i), PRM_SEND_WQE_BB))
			fake_report(
				"SQ 0x%x: WQE basic block %u changed after its doorbell",
				sq->id, i);
}

/*
 * The register holds the first 8 bytes of the last WQE's control segment:
 * they must be those of a WQE the doorbell record covers.
 */
static void fake_device_check_doorbell(struct fake_ctx *ctx, uint64_t reg)
{
	const struct prm_wqe_ctrl_seg *ctrl = (const void *)&reg;
	uint32_t sqn = be32toh(ctrl->qpn_ds) >> 8;
	uint16_t index = be32toh(ctrl->opmod_idx_opcode) >> 8;
	uint16_t producer;
	struct fake_obj *sq;

	for (sq = ctx->queues; sq; sq = sq->next)
		if (sq->kind == FAKE_OBJ_SQ && sq->id == sqn)
			break;
	if (!sq) {
		fake_report("doorbell 0x%016llx names no SQ (a torn write?)",
			    (unsigned long long)reg);
		return;
	}
	producer = be32toh(
		__atomic_load_n(&sq->sq.dbrec[PRM_SND_DBR], __ATOMIC_ACQUIRE));
	if ((uint16_t)(producer - index - 1) >= 1u << sq->sq.log_size)
		fake_report(
			"SQ 0x%x: doorbell for WQE %u before its doorbell record (producer %u)",
			sqn, index, producer);
	else if (memcmp(fake_device_bb(sq, sq->sq.ring, index), &reg,
			sizeof(reg)))
		fake_report(
			"SQ 0x%x: doorbell 0x%016llx is not WQE %u's control segment (a torn write?)",
			sqn, (unsigned long long)reg, index);
}

/* A doorbell on uar: take the new WQEs of every SQ of its page. */
static void fake_device_doorbell(struct fake_ctx *ctx, struct fake_uar *uar,
				 uint64_t reg, uint64_t now)
{
	struct fake_obj *sq;

	fake_device_check_doorbell(ctx, reg);
	for (sq = ctx->queues; sq; sq = sq->next) {
		uint16_t producer;

		if (sq->kind != FAKE_OBJ_SQ ||
		    sq->sq.uar_page != uar->dv.page_id)
			continue;
		producer = be32toh(__atomic_load_n(&sq->sq.dbrec[PRM_SND_DBR],
						   __ATOMIC_ACQUIRE));
		if (producer == sq->sq.seen)
			continue;
		if (!sq->sq.pending) {
			sq->sq.pending = true;
			sq->sq.snap_from = sq->sq.seen;
			sq->sq.due_ns = now;
			if (ctx->profile.delay_us)
				sq->sq.due_ns += (uint64_t)1000 *
						 (fake_device_rand(ctx) %
						  ctx->profile.delay_us);
		}
		fake_device_snapshot(sq, sq->sq.seen, producer);
		sq->sq.snap_to = producer;
		sq->sq.seen = producer;
	}
}

static struct fake_uar *fake_device_uar_of(struct fake_ctx *ctx,
					   uint32_t page_id)
{
	struct fake_uar *uar;

	for (uar = ctx->uars; uar; uar = uar->next)
		if (uar->dv.page_id == page_id)
			return uar;
	return NULL;
}

/* Execute the doorbells that are due. */
static bool fake_device_execute(struct fake_ctx *ctx, uint64_t now)
{
	struct fake_obj *sq;
	bool busy = false;

	for (sq = ctx->queues; sq; sq = sq->next) {
		struct fake_uar *uar;

		if (sq->kind != FAKE_OBJ_SQ || !sq->sq.pending)
			continue;
		busy = true;
		if (sq->sq.due_ns > now)
			continue;
		sq->sq.pending = false;
		fake_device_check_snapshot(sq);
		uar = fake_device_uar_of(ctx, sq->sq.uar_page);
		if (uar)
			sim_uar_doorbell(uar->model, sq->id, sq->sq.snap_to);
	}
	return busy;
}

/* Poison the CQEs the driver released since the last look. */
static void fake_device_poison(struct fake_obj *cq)
{
	uint32_t ncqe = 1u << cq->cq.log_size;
	uint32_t ci =
		be32toh(__atomic_load_n(&cq->cq.dbrec[0], __ATOMIC_ACQUIRE)) &
		0xffffff;

	for (; cq->cq.poisoned != ci &&
	       ((ci - cq->cq.poisoned) & 0xffffff) <= ncqe;
	     cq->cq.poisoned = (cq->cq.poisoned + 1) & 0xffffff) {
		uint32_t i = cq->cq.poisoned;
		struct prm_cqe64 *cqe =
			(void *)(cq->cq.ring + (i & (ncqe - 1)) * PRM_CQE_SIZE);
		uint8_t owner = (i >> cq->cq.log_size) & 1;
		uint8_t op_own = cqe->op_own;

		/* the device may already have written the next pass here */
		if ((op_own & PRM_CQE_OWNER_MASK) != owner ||
		    op_own >> 4 == PRM_CQE_OPCODE_INVALID)
			continue;
		memset(cqe, FAKE_CQE_POISON,
		       offsetof(struct prm_cqe64, op_own));
		cqe->op_own = PRM_CQE_OPCODE_INVALID << 4 | owner;
	}
}

/* One look at everything; true when the device had work. */
static bool fake_device_scan(struct fake_ctx *ctx)
{
	uint64_t now = fake_device_now_ns();
	struct fake_uar *uar;
	struct fake_obj *o;
	bool busy = false;

	for (o = ctx->queues; o; o = o->next)
		if (o->kind == FAKE_OBJ_CQ && o->cq.ring && o->cq.dbrec)
			fake_device_poison(o);
	for (uar = ctx->uars; uar; uar = uar->next) {
		/* take the write: the same value written again is seen again */
		uint64_t reg = __atomic_exchange_n(
			(uint64_t *)(uar->page + FAKE_UAR_REG_OFF), 0,
			__ATOMIC_ACQ_REL);

		if (!reg)
			continue;
		fake_device_doorbell(ctx, uar, reg, now);
		busy = true;
	}
	return fake_device_execute(ctx, now) || busy;
}

static void *fake_device_thread(void *arg)
{
	struct fake_ctx *ctx = arg;
	uint64_t last_busy = fake_device_now_ns();
	unsigned int sleep_us = 1;

	while (!__atomic_load_n(&ctx->stop, __ATOMIC_ACQUIRE)) {
		uint64_t now;
		bool busy;

		pthread_mutex_lock(&ctx->lock);
		busy = fake_device_scan(ctx);
		pthread_mutex_unlock(&ctx->lock);
		now = fake_device_now_ns();
		if (busy) {
			last_busy = now;
			sleep_us = 1;
		} else if (now - last_busy < FAKE_IDLE_SPIN_NS) {
			fake_device_relax();
		} else {
			struct timespec ts = { .tv_nsec = 1000l * sleep_us };

			nanosleep(&ts, NULL);
			if (sleep_us < FAKE_IDLE_SLEEP_MAX_US)
				sleep_us *= 2;
		}
	}
	return NULL;
}

int fake_device_start(struct fake_ctx *ctx)
{
	return pthread_create(&ctx->thread, NULL, fake_device_thread, ctx);
}

void fake_device_stop(struct fake_ctx *ctx)
{
	__atomic_store_n(&ctx->stop, true, __ATOMIC_RELEASE);
	pthread_join(ctx->thread, NULL);
}
