// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Error events the model raises on its own, as a NIC raises CQ_ERROR and
 * WQ_CATAS_ERROR on its async EQ: the context that subscribed a CQ or an
 * SQ finds the subscription's cookie in its FIFO.  A full FIFO drops the
 * event, as an overrun EQ would; one unread error per queue is enough.
 */
#include <errno.h>

#include "sim_internal.h"

int sim_watch_errors(struct hws_devx_obj *handle, uint64_t cookie)
{
	struct sim_obj *obj = sim_container_of(handle, struct sim_obj, handle);
	struct sim_ctx *ctx = sim_ctx_of(handle->dev);

	if (obj->kind != SIM_OBJ_CQ && obj->kind != SIM_OBJ_SQ)
		return EINVAL;
	sim_nic_lock(ctx->nic);
	obj->err_ctx = ctx;
	obj->err_cookie = cookie;
	sim_nic_unlock(ctx->nic);
	return 0;
}

/* Queues raise errors as they execute, each under its SQ's stripe. */
void sim_raise_error(struct sim_obj *obj)
{
	struct sim_ctx *ctx = obj->err_ctx;

	if (!ctx)
		return;
	pthread_mutex_lock(&ctx->nic->locks.event);
	if (ctx->errors_count < SIM_CTX_ERRORS)
		ctx->errors[(ctx->errors_head + ctx->errors_count++) %
			    SIM_CTX_ERRORS] = obj->err_cookie;
	pthread_mutex_unlock(&ctx->nic->locks.event);
}

int sim_next_error(struct hws_dev *dev, uint64_t *cookie)
{
	struct sim_ctx *ctx = sim_ctx_of(dev);
	int err = ENOENT;

	sim_nic_lock(ctx->nic);
	if (ctx->errors_count) {
		*cookie = ctx->errors[ctx->errors_head];
		ctx->errors_head = (ctx->errors_head + 1) % SIM_CTX_ERRORS;
		ctx->errors_count--;
		err = 0;
	}
	sim_nic_unlock(ctx->nic);
	return err;
}
