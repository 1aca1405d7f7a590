/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Internals of the rdma-core stand-in: a context is a DevX user context on
 * the device model, plus a device thread that watches the context's
 * doorbell pages and rings as a NIC's hardware would.
 *
 * Locking: ctx->lock guards the lists of UARs, umems and objects and
 * everything in them; the device thread holds it while it scans and while
 * the model executes WQEs, so a destroy waits for the device to let go of
 * the queue's memory.  The model's own lock nests inside it.
 */
#ifndef FAKE_RDMA_INTERNAL_H
#define FAKE_RDMA_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <infiniband/verbs.h>
#include <infiniband/mlx5dv.h>

#include "providers/provider.h"

#define FAKE_UAR_PAGE 4096u
#define FAKE_UAR_REG_OFF 0x800u /* the BlueFlame register, as on a NIC */

/* The stack the stand-in behaves as: FAKE_RDMA_KERNEL and FAKE_RDMA_UAR. */
struct fake_profile {
	unsigned int kernel; /* major * 100 + minor, e.g. 515 */
	bool bf_only; /* no non-cached UAR pages */
	unsigned int delay_us; /* FAKE_RDMA_DELAY_US: random device delay */
};

struct fake_uar {
	struct mlx5dv_devx_uar dv;
	struct fake_uar *next;
	struct fake_ctx *ctx;
	struct hws_uar *model;
	uint8_t *page; /* an ordinary page: the device watches it */
	unsigned int refs; /* the shared NC page is handed out often */
	bool shared;
};

struct fake_umem {
	struct mlx5dv_devx_umem dv;
	struct fake_umem *next;
	struct fake_ctx *ctx;
	struct hws_umem *model;
	uint8_t *addr;
	size_t size;
};

enum fake_obj_kind {
	FAKE_OBJ_OTHER,
	FAKE_OBJ_SQ,
	FAKE_OBJ_CQ,
	FAKE_OBJ_COUNTER,
	FAKE_OBJ_FT,	/* a root rule's destination (flow.c) */
	FAKE_OBJ_TIR,
};

struct fake_obj {
	struct fake_obj *next, **pprev;
	struct fake_ctx *ctx;
	struct hws_devx_obj *model;
	enum fake_obj_kind kind;
	uint32_t id;
	union {
		struct {
			uint32_t uar_page;
			__be32 *dbrec;
			uint8_t *ring;
			uint8_t log_size; /* in 64-byte basic blocks */
			uint16_t seen; /* producer the device has taken */
			bool pending; /* a doorbell not yet executed */
			uint64_t due_ns; /* when it executes */
			uint16_t snap_from, snap_to;
			uint8_t *snap; /* the ring at the doorbell */
		} sq;
		struct {
			__be32 *dbrec;
			uint8_t *ring;
			uint8_t log_size;
			uint32_t poisoned; /* CQEs before this one are poisoned */
		} cq;
		struct {
			uint32_t bulk; /* counters in the bulk */
		} counter;
	};
};

struct fake_ctx {
	struct ibv_context ibv;
	struct hws_dev *model;
	struct fake_profile profile;
	bool devx;
	pthread_mutex_t lock;
	struct fake_uar *uars;
	struct fake_uar *nc_uar; /* the context's one non-cached page */
	struct fake_umem *umems;
	struct fake_obj *queues; /* SQs and CQs: what the device watches */
	struct fake_obj *objs; /* the other objects */
	pthread_t thread;
	bool stop; /* atomic: the device thread exits */
	uint64_t rand_state;
};

static inline struct fake_ctx *fake_ctx_of(struct ibv_context *ibv)
{
	return (struct fake_ctx *)((char *)ibv -
				   offsetof(struct fake_ctx, ibv));
}

/* device.c */
int fake_device_start(struct fake_ctx *ctx);
void fake_device_stop(struct fake_ctx *ctx);
/* Report a defect the device saw in the driver; counted and printed. */
void fake_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* devx.c */
void fake_devx_close(struct fake_ctx *ctx);

#endif /* FAKE_RDMA_INTERNAL_H */
