// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The stand-in's DevX calls: command bytes go to the model's decoder as
 * they would go to firmware, and come back with the kernel's error
 * conventions.  Creating an SQ or a CQ also tells the device thread where
 * the queue's ring and doorbell record lie, as the kernel tells firmware.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "fake_internal.h"
#include "libhws/prm.h"

/*
 * Kernels before 5.19 turn a command's status into an errno and return no
 * outbox; later ones return EREMOTEIO with status and syndrome in it.
 */
static int fake_devx_status_errno(uint8_t status)
{
	switch (status) {
	case MLX5_CMD_STAT_BAD_OP_ERR:
	case MLX5_CMD_STAT_BAD_PARAM_ERR:
	case MLX5_CMD_STAT_BAD_RES_ERR:
	case MLX5_CMD_STAT_BAD_RES_STATE_ERR:
	case MLX5_CMD_STAT_IX_ERR:
	case MLX5_CMD_STAT_BAD_QP_STATE_ERR:
		return EINVAL;
	case MLX5_CMD_STAT_RES_BUSY:
		return EBUSY;
	case MLX5_CMD_STAT_LIM_ERR:
		return ENOMEM;
	case MLX5_CMD_STAT_NO_RES_ERR:
		return EAGAIN;
	default:
		return EIO;
	}
}

static int fake_devx_ret(struct fake_ctx *ctx, int err, void *out,
			 size_t outlen)
{
	if (err == EREMOTEIO && ctx->profile.kernel < 519) {
		err = fake_devx_status_errno(outlen ? *(uint8_t *)out : 0);
		memset(out, 0, outlen);
	}
	errno = err;
	return err;
}

static uint16_t fake_devx_opcode(const void *in)
{
	return DEVX_GET(general_obj_in_cmd_hdr, in, opcode);
}

/*
 * Without MLX5DV_CONTEXT_FLAGS_DEVX a context has no DevX uid: the kernel
 * runs only its whitelisted queries, and refuses the rest with EINVAL.
 */
static int fake_devx_uid_check(struct fake_ctx *ctx, const void *in)
{
	if (ctx->devx || fake_devx_opcode(in) == MLX5_CMD_OP_QUERY_HCA_CAP)
		return 0;
	errno = EINVAL;
	return EINVAL;
}

int mlx5dv_devx_general_cmd(struct ibv_context *ibv, const void *in,
			    size_t inlen, void *out, size_t outlen)
{
	struct fake_ctx *ctx = fake_ctx_of(ibv);
	int err = fake_devx_uid_check(ctx, in);

	if (err)
		return err;
	err = ctx->model->ops->general_cmd(ctx->model, in, inlen, out, outlen);
	return err ? fake_devx_ret(ctx, err, out, outlen) : 0;
}

static struct fake_umem *fake_devx_umem_find(struct fake_ctx *ctx, uint32_t id)
{
	struct fake_umem *u;

	for (u = ctx->umems; u; u = u->next)
		if (u->dv.umem_id == id)
			return u;
	return NULL;
}

/* Host memory at offset off of umem id, or NULL; the ctx lock is held. */
static uint8_t *fake_devx_umem_at(struct fake_ctx *ctx, uint32_t id,
				  uint64_t off)
{
	struct fake_umem *u = fake_devx_umem_find(ctx, id);

	return u && off < u->size ? u->addr + off : NULL;
}

/* Learn where the queue of a created SQ or CQ lies; the ctx lock is held. */
static void fake_devx_track(struct fake_ctx *ctx, struct fake_obj *o,
			    const void *in, const void *out)
{
	switch (fake_devx_opcode(in)) {
	case MLX5_CMD_OP_CREATE_SQ:
		o->kind = FAKE_OBJ_SQ;
		o->id = DEVX_GET(create_qnum_out, out, num);
		o->sq.uar_page = DEVX_GET(create_sq_in, in, ctx.wq.uar_page);
		o->sq.dbrec = (__be32 *)fake_devx_umem_at(
			ctx, DEVX_GET(create_sq_in, in, ctx.wq.dbr_umem_id),
			DEVX_GET64(create_sq_in, in, ctx.wq.dbr_addr));
		o->sq.ring = fake_devx_umem_at(
			ctx, DEVX_GET(create_sq_in, in, ctx.wq.wq_umem_id),
			DEVX_GET64(create_sq_in, in, ctx.wq.wq_umem_offset));
		o->sq.log_size = DEVX_GET(create_sq_in, in, ctx.wq.log_wq_sz);
		o->sq.snap = calloc(1u << o->sq.log_size, PRM_SEND_WQE_BB);
		break;
	case MLX5_CMD_OP_CREATE_CQ:
		o->kind = FAKE_OBJ_CQ;
		o->id = DEVX_GET(create_qnum_out, out, num);
		o->cq.dbrec = (__be32 *)fake_devx_umem_at(
			ctx, DEVX_GET(create_cq_in, in, cq_context.dbr_umem_id),
			DEVX_GET64(create_cq_in, in, cq_context.dbr_addr));
		o->cq.ring = fake_devx_umem_at(
			ctx, DEVX_GET(create_cq_in, in, cq_umem_id),
			DEVX_GET64(create_cq_in, in, cq_umem_offset));
		o->cq.log_size =
			DEVX_GET(create_cq_in, in, cq_context.log_cq_size);
		break;
	case MLX5_CMD_OP_ALLOC_FLOW_COUNTER: {
		uint32_t log = DEVX_GET(alloc_flow_counter_in, in,
					flow_counter_bulk_log_size);
		uint32_t bulk =
			DEVX_GET(alloc_flow_counter_in, in, flow_counter_bulk);

		o->kind = FAKE_OBJ_COUNTER;
		o->id = DEVX_GET(alloc_flow_counter_out, out, flow_counter_id);
		o->counter.bulk = log ? 1u << log : bulk ? bulk * 128 : 1;
		break;
	}
	/* the kernel takes these two as a flow's DevX destination */
	case MLX5_CMD_OP_CREATE_FLOW_TABLE:
		o->kind = FAKE_OBJ_FT;
		break;
	case MLX5_CMD_OP_CREATE_TIR:
		o->kind = FAKE_OBJ_TIR;
		break;
	default:
		break;
	}
}

static void fake_devx_link(struct fake_obj **head, struct fake_obj *o)
{
	o->next = *head;
	o->pprev = head;
	if (*head)
		(*head)->pprev = &o->next;
	*head = o;
}

struct mlx5dv_devx_obj *mlx5dv_devx_obj_create(struct ibv_context *ibv,
					       const void *in, size_t inlen,
					       void *out, size_t outlen)
{
	struct fake_ctx *ctx = fake_ctx_of(ibv);
	struct fake_obj *o;

	if (fake_devx_uid_check(ctx, in))
		return NULL;
	o = calloc(1, sizeof(*o));
	if (!o) {
		errno = ENOMEM;
		return NULL;
	}
	o->ctx = ctx;
	pthread_mutex_lock(&ctx->lock);
	o->model =
		ctx->model->ops->obj_create(ctx->model, in, inlen, out, outlen);
	if (!o->model) {
		int err = fake_devx_ret(ctx, errno, out, outlen);

		pthread_mutex_unlock(&ctx->lock);
		free(o);
		errno = err;
		return NULL;
	}
	fake_devx_track(ctx, o, in, out);
	fake_devx_link(o->kind == FAKE_OBJ_SQ || o->kind == FAKE_OBJ_CQ ?
			       &ctx->queues :
			       &ctx->objs,
		       o);
	pthread_mutex_unlock(&ctx->lock);
	return (struct mlx5dv_devx_obj *)o;
}

int mlx5dv_devx_obj_modify(struct mlx5dv_devx_obj *obj, const void *in,
			   size_t inlen, void *out, size_t outlen)
{
	struct fake_obj *o = (struct fake_obj *)obj;
	struct fake_ctx *ctx = o->ctx;
	int err;

	pthread_mutex_lock(&ctx->lock);
	err = ctx->model->ops->obj_modify(o->model, in, inlen, out, outlen);
	/* a reset SQ starts again at WQE 0, and drops what was posted */
	if (!err && o->kind == FAKE_OBJ_SQ &&
	    fake_devx_opcode(in) == MLX5_CMD_OP_MODIFY_SQ &&
	    DEVX_GET(modify_sq_in, in, ctx.state) == MLX5_SQC_STATE_RST) {
		o->sq.seen = 0;
		o->sq.pending = false;
	}
	pthread_mutex_unlock(&ctx->lock);
	return err ? fake_devx_ret(ctx, err, out, outlen) : 0;
}

/*
 * Before 6.4 the kernel checks that a counter query names the object's own
 * id; a counter inside a bulk (base + offset) is refused with EINVAL.
 */
static int fake_devx_query_allowed(const struct fake_obj *o, const void *in)
{
	uint32_t id;

	if (o->kind != FAKE_OBJ_COUNTER ||
	    fake_devx_opcode(in) != MLX5_CMD_OP_QUERY_FLOW_COUNTER)
		return 0;
	id = DEVX_GET(query_flow_counter_in, in, flow_counter_id);
	if (o->ctx->profile.kernel < 604 ? id != o->id :
					   id - o->id >= o->counter.bulk)
		return EINVAL;
	return 0;
}

int mlx5dv_devx_obj_query(struct mlx5dv_devx_obj *obj, const void *in,
			  size_t inlen, void *out, size_t outlen)
{
	struct fake_obj *o = (struct fake_obj *)obj;
	struct fake_ctx *ctx = o->ctx;
	int err = fake_devx_query_allowed(o, in);

	if (err) {
		errno = err;
		return err;
	}
	err = ctx->model->ops->obj_query(o->model, in, inlen, out, outlen);
	return err ? fake_devx_ret(ctx, err, out, outlen) : 0;
}

int mlx5dv_devx_obj_destroy(struct mlx5dv_devx_obj *obj)
{
	struct fake_obj *o = (struct fake_obj *)obj;
	struct fake_ctx *ctx = o->ctx;
	int err;

	/* the device lets go of a queue's memory before the call returns */
	pthread_mutex_lock(&ctx->lock);
	err = ctx->model->ops->obj_destroy(o->model);
	if (err) {
		pthread_mutex_unlock(&ctx->lock);
		errno = err;
		return err;
	}
	*o->pprev = o->next;
	if (o->next)
		o->next->pprev = o->pprev;
	pthread_mutex_unlock(&ctx->lock);
	if (o->kind == FAKE_OBJ_SQ)
		free(o->sq.snap);
	free(o);
	return 0;
}

struct mlx5dv_devx_umem *mlx5dv_devx_umem_reg(struct ibv_context *ibv,
					      void *addr, size_t size,
					      uint32_t access)
{
	struct fake_ctx *ctx = fake_ctx_of(ibv);
	struct fake_umem *u;

	if (!ctx->devx) {
		errno = EINVAL;
		return NULL;
	}
	u = calloc(1, sizeof(*u));
	if (!u) {
		errno = ENOMEM;
		return NULL;
	}
	u->model = ctx->model->ops->umem_reg(ctx->model, addr, size, access,
					     &u->dv.umem_id);
	if (!u->model) {
		int err = errno;

		free(u);
		errno = err;
		return NULL;
	}
	u->ctx = ctx;
	u->addr = addr;
	u->size = size;
	pthread_mutex_lock(&ctx->lock);
	u->next = ctx->umems;
	ctx->umems = u;
	pthread_mutex_unlock(&ctx->lock);
	return &u->dv;
}

int mlx5dv_devx_umem_dereg(struct mlx5dv_devx_umem *dv)
{
	struct fake_umem *u = (struct fake_umem *)dv, **pp;
	struct fake_ctx *ctx = u->ctx;
	int err;

	pthread_mutex_lock(&ctx->lock);
	err = ctx->model->ops->umem_dereg(u->model);
	if (err) {
		pthread_mutex_unlock(&ctx->lock);
		errno = err;
		return err;
	}
	for (pp = &ctx->umems; *pp != u; pp = &(*pp)->next)
		;
	*pp = u->next;
	pthread_mutex_unlock(&ctx->lock);
	free(u);
	return 0;
}

static struct fake_uar *fake_devx_uar_new(struct fake_ctx *ctx)
{
	struct fake_uar *uar = calloc(1, sizeof(*uar));

	if (!uar)
		goto fail;
	uar->page = aligned_alloc(FAKE_UAR_PAGE, FAKE_UAR_PAGE);
	if (!uar->page)
		goto fail;
	memset(uar->page, 0, FAKE_UAR_PAGE);
	uar->model = ctx->model->ops->uar_alloc(ctx->model, &uar->dv.page_id);
	if (!uar->model)
		goto fail;
	uar->ctx = ctx;
	uar->refs = 1;
	uar->dv.base_addr = uar->page;
	uar->dv.reg_addr = uar->page + FAKE_UAR_REG_OFF;
	uar->next = ctx->uars;
	ctx->uars = uar;
	return uar;

fail:
	if (uar)
		free(uar->page);
	free(uar);
	errno = ENOMEM;
	return NULL;
}

/*
 * rdma-core hands out one non-cached page per context for
 * MLX5DV_UAR_ALLOC_TYPE_NC, shared by every caller; BlueFlame pages are
 * each their own.
 */
struct mlx5dv_devx_uar *mlx5dv_devx_alloc_uar(struct ibv_context *ibv,
					      uint32_t flags)
{
	struct fake_ctx *ctx = fake_ctx_of(ibv);
	struct fake_uar *uar = NULL;

	if (flags != MLX5DV_UAR_ALLOC_TYPE_NC &&
	    flags != MLX5DV_UAR_ALLOC_TYPE_BF) {
		errno = EINVAL;
		return NULL;
	}
	if (flags == MLX5DV_UAR_ALLOC_TYPE_NC && ctx->profile.bf_only) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	pthread_mutex_lock(&ctx->lock);
	if (flags == MLX5DV_UAR_ALLOC_TYPE_NC && ctx->nc_uar) {
		uar = ctx->nc_uar;
		uar->refs++;
	} else {
		uar = fake_devx_uar_new(ctx);
		if (uar && flags == MLX5DV_UAR_ALLOC_TYPE_NC) {
			uar->shared = true;
			ctx->nc_uar = uar;
		}
	}
	pthread_mutex_unlock(&ctx->lock);
	return uar ? &uar->dv : NULL;
}

/* The ctx lock is held. */
static void fake_devx_uar_put(struct fake_ctx *ctx, struct fake_uar *uar)
{
	struct fake_uar **pp;

	if (--uar->refs)
		return;
	for (pp = &ctx->uars; *pp != uar; pp = &(*pp)->next)
		;
	*pp = uar->next;
	if (ctx->nc_uar == uar)
		ctx->nc_uar = NULL;
	ctx->model->ops->uar_free(uar->model);
	free(uar->page);
	free(uar);
}

void mlx5dv_devx_free_uar(struct mlx5dv_devx_uar *dv)
{
	struct fake_uar *uar = (struct fake_uar *)dv;
	struct fake_ctx *ctx = uar->ctx;

	pthread_mutex_lock(&ctx->lock);
	fake_devx_uar_put(ctx, uar);
	pthread_mutex_unlock(&ctx->lock);
}

int mlx5dv_devx_query_eqn(struct ibv_context *ibv, uint32_t vector,
			  uint32_t *eqn)
{
	struct fake_ctx *ctx = fake_ctx_of(ibv);

	return ctx->model->ops->query_eqn(ctx->model, vector, eqn);
}

/*
 * At close the kernel frees what the process left; the model reaps its
 * objects when its context closes, after this.
 */
void fake_devx_close(struct fake_ctx *ctx)
{
	struct fake_obj **lists[] = { &ctx->queues, &ctx->objs };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		while (*lists[i]) {
			struct fake_obj *o = *lists[i];

			*lists[i] = o->next;
			if (o->kind == FAKE_OBJ_SQ)
				free(o->sq.snap);
			free(o);
		}
	}
	while (ctx->umems) {
		struct fake_umem *u = ctx->umems;

		ctx->umems = u->next;
		free(u);
	}
	while (ctx->uars) {
		ctx->uars->refs = 1;
		fake_devx_uar_put(ctx, ctx->uars);
	}
}

/*
 * Event channels: the model keeps a context's error events; the channel's
 * fd is an eventfd so that callers can set its flags, and reading never
 * waits (EAGAIN when no event is there).
 */
struct fake_channel {
	struct mlx5dv_devx_event_channel dv;
	struct fake_ctx *ctx;
};

struct mlx5dv_devx_event_channel *mlx5dv_devx_create_event_channel(
	struct ibv_context *ibv,
	enum mlx5dv_devx_create_event_channel_flags flags)
{
	struct fake_channel *ch = calloc(1, sizeof(*ch));

	if (!ch) {
		errno = ENOMEM;
		return NULL;
	}
	ch->dv.fd = eventfd(0, EFD_CLOEXEC);
	if (ch->dv.fd < 0) {
		int err = errno;

		free(ch);
		errno = err;
		return NULL;
	}
	ch->ctx = fake_ctx_of(ibv);
	return &ch->dv;
}

void mlx5dv_devx_destroy_event_channel(struct mlx5dv_devx_event_channel *dv)
{
	struct fake_channel *ch = (struct fake_channel *)dv;

	close(ch->dv.fd);
	free(ch);
}

/* A CQ raises CQ_ERROR, an SQ WQ_CATAS_ERROR; nothing else is offered. */
int mlx5dv_devx_subscribe_devx_event(struct mlx5dv_devx_event_channel *dv,
				     struct mlx5dv_devx_obj *obj,
				     uint16_t events_sz, uint16_t events_num[],
				     uint64_t cookie)
{
	struct fake_channel *ch = (struct fake_channel *)dv;
	struct fake_obj *o = (struct fake_obj *)obj;
	unsigned int i;
	int err;

	for (i = 0; i < events_sz / sizeof(*events_num); i++)
		if (!o ||
		    (o->kind == FAKE_OBJ_CQ ?
			     events_num[i] != MLX5_EVENT_TYPE_CQ_ERROR :
		     o->kind == FAKE_OBJ_SQ ?
			     events_num[i] != MLX5_EVENT_TYPE_WQ_CATAS_ERROR :
			     true)) {
			errno = EINVAL;
			return EINVAL;
		}
	err = ch->ctx->model->ops->watch_errors(o->model, cookie);
	errno = err;
	return err;
}

ssize_t mlx5dv_devx_get_event(struct mlx5dv_devx_event_channel *dv,
			      struct mlx5dv_devx_async_event_hdr *event_data,
			      size_t event_resp_len)
{
	struct fake_channel *ch = (struct fake_channel *)dv;
	uint64_t cookie;

	if (event_resp_len < sizeof(*event_data)) {
		errno = EINVAL;
		return -1;
	}
	if (ch->ctx->model->ops->next_error(ch->ctx->model, &cookie)) {
		errno = EAGAIN;
		return -1;
	}
	event_data->cookie = cookie;
	return sizeof(*event_data);
}
