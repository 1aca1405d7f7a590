// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The real provider: an mlx5 NIC through rdma-core's libmlx5 DevX calls.
 * Every seam operation maps to one mlx5dv_devx_* call; the bytes pass
 * through untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <infiniband/verbs.h>
#include <infiniband/mlx5dv.h>
#include <pthread.h>

#include "../../libhws/prm.h"
#include "../barrier.h"
#include "../provider.h"
#include "doorbell.h"

struct mlx5_obj;

struct mlx5_dev {
	struct hws_dev dev;
	struct ibv_context *ibv_ctx;
	int owns_ctx;
	/* TIRs created here, which root rules may name by number */
	pthread_mutex_t tir_lock;
	struct mlx5_obj *tirs;
	pthread_spinlock_t db_lock; /* the halves of a split doorbell write */
	pthread_mutex_t events_lock; /* opening the event channel */
	/* non-blocking; set once under events_lock, read atomically */
	struct mlx5dv_devx_event_channel *events;
};

struct mlx5_obj {
	struct hws_devx_obj obj;
	struct mlx5dv_devx_obj *devx;
	struct mlx5_obj *tir_next;
	uint32_t tirn; /* 0: not a TIR */
	uint16_t opcode; /* of the create command: what the object is */
};

struct mlx5_umem {
	struct hws_umem umem;
	struct mlx5dv_devx_umem *devx;
};

struct mlx5_uar {
	struct hws_uar uar;
	struct mlx5dv_devx_uar *devx;
	bool write_combining; /* a BlueFlame page: flush after writes */
};

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

static struct mlx5_dev *to_mdev(struct hws_dev *dev)
{
	return container_of(dev, struct mlx5_dev, dev);
}

/* rdma-core returns -1/NULL with errno, or an errno value; normalise. */
static int devx_ret(int ret)
{
	if (!ret)
		return 0;
	if (ret > 0)
		return ret;
	return errno ? errno : EIO;
}

static int mlx5_general_cmd(struct hws_dev *dev, const void *in, size_t inlen,
			    void *out, size_t outlen)
{
	return devx_ret(mlx5dv_devx_general_cmd(to_mdev(dev)->ibv_ctx, in,
						inlen, out, outlen));
}

/*
 * TIRs for root rules.  mlx5dv_create_flow names a TIR by its DevX object,
 * libhws by its number: a TIR created through this device is found here.
 */
static void mlx5_root_tir_add(struct mlx5_dev *mdev, struct mlx5_obj *obj,
			      const void *out)
{
	if (obj->opcode != MLX5_CMD_OP_CREATE_TIR)
		return;
	obj->tirn = DEVX_GET(create_qnum_out, out, num);
	pthread_mutex_lock(&mdev->tir_lock);
	obj->tir_next = mdev->tirs;
	mdev->tirs = obj;
	pthread_mutex_unlock(&mdev->tir_lock);
}

/* Destroy a TIR; no lookup finds it once it is gone. */
static int mlx5_root_tir_destroy(struct mlx5_dev *mdev, struct mlx5_obj *obj)
{
	struct mlx5_obj **pp;
	int ret;

	pthread_mutex_lock(&mdev->tir_lock);
	ret = devx_ret(mlx5dv_devx_obj_destroy(obj->devx));
	for (pp = &mdev->tirs; !ret && *pp; pp = &(*pp)->tir_next) {
		if (*pp == obj) {
			*pp = obj->tir_next;
			break;
		}
	}
	pthread_mutex_unlock(&mdev->tir_lock);
	return ret;
}

static struct mlx5dv_devx_obj *mlx5_root_tir_find(struct mlx5_dev *mdev,
						  uint32_t tirn)
{
	struct mlx5dv_devx_obj *devx = NULL;
	struct mlx5_obj *o;

	pthread_mutex_lock(&mdev->tir_lock);
	for (o = mdev->tirs; o && !devx; o = o->tir_next)
		if (o->tirn == tirn)
			devx = o->devx;
	pthread_mutex_unlock(&mdev->tir_lock);
	return devx;
}

static struct hws_devx_obj *mlx5_obj_create(struct hws_dev *dev, const void *in,
					    size_t inlen, void *out,
					    size_t outlen)
{
	struct mlx5_obj *obj = calloc(1, sizeof(*obj));

	if (!obj)
		return NULL;
	obj->devx = mlx5dv_devx_obj_create(to_mdev(dev)->ibv_ctx, in, inlen,
					   out, outlen);
	if (!obj->devx) {
		int err = errno;

		free(obj);
		errno = err;
		return NULL;
	}
	obj->obj.dev = dev;
	obj->opcode = DEVX_GET(general_obj_in_cmd_hdr, in, opcode);
	mlx5_root_tir_add(to_mdev(dev), obj, out);
	return &obj->obj;
}

static int mlx5_obj_modify(struct hws_devx_obj *obj, const void *in,
			   size_t inlen, void *out, size_t outlen)
{
	struct mlx5_obj *mobj = container_of(obj, struct mlx5_obj, obj);

	return devx_ret(
		mlx5dv_devx_obj_modify(mobj->devx, in, inlen, out, outlen));
}

static int mlx5_obj_query(struct hws_devx_obj *obj, const void *in,
			  size_t inlen, void *out, size_t outlen)
{
	struct mlx5_obj *mobj = container_of(obj, struct mlx5_obj, obj);

	return devx_ret(
		mlx5dv_devx_obj_query(mobj->devx, in, inlen, out, outlen));
}

static int mlx5_obj_destroy(struct hws_devx_obj *obj)
{
	struct mlx5_obj *mobj = container_of(obj, struct mlx5_obj, obj);
	int ret = mobj->tirn ? mlx5_root_tir_destroy(to_mdev(obj->dev), mobj) :
			      devx_ret(mlx5dv_devx_obj_destroy(mobj->devx));

	if (!ret)
		free(mobj);
	return ret;
}

static struct hws_umem *mlx5_umem_reg(struct hws_dev *dev, void *addr,
				      size_t size, uint32_t access,
				      uint32_t *umem_id)
{
	struct mlx5_umem *umem = calloc(1, sizeof(*umem));

	if (!umem)
		return NULL;
	umem->devx =
		mlx5dv_devx_umem_reg(to_mdev(dev)->ibv_ctx, addr, size, access);
	if (!umem->devx) {
		int err = errno;

		free(umem);
		errno = err;
		return NULL;
	}
	umem->umem.dev = dev;
	*umem_id = umem->devx->umem_id;
	return &umem->umem;
}

static int mlx5_umem_dereg(struct hws_umem *umem)
{
	struct mlx5_umem *mumem = container_of(umem, struct mlx5_umem, umem);
	int ret = devx_ret(mlx5dv_devx_umem_dereg(mumem->devx));

	if (!ret)
		free(mumem);
	return ret;
}

static int mlx5_query_eqn(struct hws_dev *dev, uint32_t vector, uint32_t *eqn)
{
	return mlx5dv_devx_query_eqn(to_mdev(dev)->ibv_ctx, vector, eqn);
}

static struct hws_uar *mlx5_uar_alloc(struct hws_dev *dev, uint32_t *page_id)
{
	struct mlx5_uar *uar = calloc(1, sizeof(*uar));

	if (!uar)
		return NULL;
	/* Some kernels and VMs offer no non-cached page; take BlueFlame. */
	uar->devx = mlx5dv_devx_alloc_uar(to_mdev(dev)->ibv_ctx,
					  MLX5DV_UAR_ALLOC_TYPE_NC);
	if (!uar->devx) {
		uar->devx = mlx5dv_devx_alloc_uar(to_mdev(dev)->ibv_ctx,
						  MLX5DV_UAR_ALLOC_TYPE_BF);
		uar->write_combining = true;
	}
	if (!uar->devx) {
		int err = errno;

		free(uar);
		errno = err;
		return NULL;
	}
	uar->uar.dev = dev;
	*page_id = uar->devx->page_id;
	return &uar->uar;
}

static void mlx5_uar_free(struct hws_uar *uar)
{
	struct mlx5_uar *muar = container_of(uar, struct mlx5_uar, uar);

	mlx5dv_devx_free_uar(muar->devx);
	free(muar);
}

/*
 * Write 8 bytes to a device page as they lie in memory.  Where a CPU has no
 * 64-bit store the two halves go separately; the non-cached page is shared
 * by every queue of the context (rdma-core hands out one per context), so
 * a lock keeps another thread's halves from landing between them.
 */
static void mlx5_mmio_write64(struct mlx5_dev *mdev, void *reg, uint64_t bytes)
{
#if UINTPTR_MAX == UINT64_MAX
	(void)mdev;
	/*
	 * One 64-bit store, as a volatile one would be; atomic and release so
	 * that the stand-in's device thread (and TSan) see the WQEs before it.
	 */
	__atomic_store_n((uint64_t *)reg, bytes, __ATOMIC_RELEASE);
#else
	hws_mlx5_mmio_write64_split(&mdev->db_lock, reg, bytes);
#endif
}

static void mlx5_ring_doorbell(struct hws_uar *uar, __be32 *dbrec,
			       uint16_t producer_counter, const void *ctrl_seg)
{
	struct mlx5_uar *muar = container_of(uar, struct mlx5_uar, uar);
	uint64_t ctrl;

	memcpy(&ctrl, ctrl_seg, sizeof(ctrl));
	/* the WQEs reach the device before the record that counts them */
	hws_udma_to_device_barrier();
	__atomic_store_n(&dbrec[1], htobe32(producer_counter),
			 __ATOMIC_RELEASE);
	/* the record before the doorbell that makes the device read it */
	hws_udma_to_device_barrier();
	mlx5_mmio_write64(to_mdev(uar->dev), muar->devx->reg_addr, ctrl);
	/* a BlueFlame page combines writes: push it out now */
	if (muar->write_combining)
		hws_mmio_flush_writes();
}

/* Root tables: rdma-core's flow matchers and flows (verbs, not DevX). */

struct mlx5_root_matcher {
	struct hws_root_matcher m;
	struct mlx5dv_flow_matcher *dv;
};

struct mlx5_root_rule {
	struct hws_root_rule r;
	struct ibv_flow *flow;
};

/* A match buffer as rdma-core takes it: its size, then the bytes. */
static struct mlx5dv_flow_match_parameters *mlx5_root_params(const void *buf,
							     size_t sz)
{
	struct mlx5dv_flow_match_parameters *p = calloc(1, sizeof(*p) + sz);

	if (!p)
		return NULL;
	p->match_sz = sz;
	memcpy(p->match_buf, buf, sz);
	return p;
}

static struct hws_root_matcher *
mlx5_root_matcher_create(struct hws_dev *dev,
			 const struct hws_root_matcher_attr *attr)
{
	struct mlx5dv_flow_matcher_attr dv = {
		.type = IBV_FLOW_ATTR_NORMAL,
		.priority = attr->priority,
		.match_criteria_enable = attr->match_criteria_enable,
		.comp_mask = MLX5DV_FLOW_MATCHER_MASK_FT_TYPE,
		.ft_type = (enum mlx5dv_flow_table_type)attr->ft_type,
	};
	struct mlx5_root_matcher *m = calloc(1, sizeof(*m));
	int err;

	if (!m)
		return NULL;
	dv.match_mask = mlx5_root_params(attr->mask, attr->mask_sz);
	if (!dv.match_mask) {
		free(m);
		errno = ENOMEM;
		return NULL;
	}
	m->dv = mlx5dv_create_flow_matcher(to_mdev(dev)->ibv_ctx, &dv);
	err = errno;
	free(dv.match_mask);
	if (!m->dv) {
		free(m);
		errno = err ? err : EIO;
		return NULL;
	}
	m->m.dev = dev;
	return &m->m;
}

static int mlx5_root_matcher_destroy(struct hws_root_matcher *matcher)
{
	struct mlx5_root_matcher *m =
		container_of(matcher, struct mlx5_root_matcher, m);
	int ret = devx_ret(mlx5dv_destroy_flow_matcher(m->dv));

	if (!ret)
		free(m);
	return ret;
}

/* One seam action as rdma-core's; EOPNOTSUPP for what it cannot say. */
static int mlx5_root_action(struct mlx5_dev *mdev,
			    const struct hws_root_action *a,
			    struct mlx5dv_flow_action_attr *dv)
{
	switch (a->type) {
	case HWS_ROOT_ACTION_DEST_FT:
	case HWS_ROOT_ACTION_DEST_TIR:
		dv->type = MLX5DV_FLOW_ACTION_DEST_DEVX;
		dv->obj = a->obj ? container_of(a->obj, struct mlx5_obj, obj)->devx :
				   mlx5_root_tir_find(mdev, a->value);
		/* a TIR made outside this device has no object here */
		return dv->obj ? 0 : ENOENT;
	case HWS_ROOT_ACTION_DROP:
		dv->type = MLX5DV_FLOW_ACTION_DROP;
		return 0;
	case HWS_ROOT_ACTION_COUNTER:
		/* this rdma-core counts with a bulk's first counter only */
		if (a->value)
			return EOPNOTSUPP;
		dv->type = MLX5DV_FLOW_ACTION_COUNTERS_DEVX;
		dv->obj = container_of(a->obj, struct mlx5_obj, obj)->devx;
		return 0;
	case HWS_ROOT_ACTION_TAG:
		dv->type = MLX5DV_FLOW_ACTION_TAG;
		dv->tag_value = a->value;
		return 0;
	default:
		return EOPNOTSUPP;
	}
}

static struct hws_root_rule *
mlx5_root_rule_create(struct hws_root_matcher *matcher,
		      const struct hws_root_rule_attr *attr)
{
	struct mlx5_root_matcher *m =
		container_of(matcher, struct mlx5_root_matcher, m);
	struct mlx5dv_flow_action_attr dv[HWS_ROOT_MAX_ACTIONS] = { 0 };
	struct mlx5dv_flow_match_parameters *value;
	struct mlx5_root_rule *r;
	unsigned int i;
	int err = 0;

	if (attr->num_actions > HWS_ROOT_MAX_ACTIONS) {
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; !err && i < attr->num_actions; i++)
		err = mlx5_root_action(to_mdev(matcher->dev), &attr->actions[i],
				       &dv[i]);
	if (err) {
		errno = err;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	value = mlx5_root_params(attr->value, attr->value_sz);
	if (!r || !value) {
		free(r);
		free(value);
		errno = ENOMEM;
		return NULL;
	}
	r->flow = mlx5dv_create_flow(m->dv, value, attr->num_actions, dv);
	err = errno;
	free(value);
	if (!r->flow) {
		free(r);
		errno = err ? err : EIO;
		return NULL;
	}
	r->r.dev = matcher->dev;
	return &r->r;
}

static int mlx5_root_rule_destroy(struct hws_root_rule *rule)
{
	struct mlx5_root_rule *r = container_of(rule, struct mlx5_root_rule, r);
	int ret = devx_ret(ibv_destroy_flow(r->flow));

	if (!ret)
		free(r);
	return ret;
}

static void mlx5_close(struct hws_dev *dev)
{
	struct mlx5_dev *mdev = to_mdev(dev);

	if (mdev->events)
		mlx5dv_devx_destroy_event_channel(mdev->events);
	if (mdev->owns_ctx)
		ibv_close_device(mdev->ibv_ctx);
	pthread_mutex_destroy(&mdev->tir_lock);
	pthread_mutex_destroy(&mdev->events_lock);
	pthread_spin_destroy(&mdev->db_lock);
	free(mdev);
}

/*
 * Each IB port of an E-Switch manager in switchdev mode represents a vport;
 * the kernel knows the vport's vhca_id, as DPDK asks it.  Ports are
 * numbered from 1, and the first that fails is past the last.
 */
static int mlx5_query_vport_vhca_id(struct hws_dev *dev, uint16_t vport,
				    uint16_t *vhca_id)
{
	struct ibv_context *ibv_ctx = to_mdev(dev)->ibv_ctx;
	uint32_t port;

	for (port = 1; port <= UINT8_MAX; port++) {
		struct mlx5dv_port info = { 0 };

		if (mlx5dv_query_port(ibv_ctx, port, &info))
			break;
		if (!(info.flags & MLX5DV_QUERY_PORT_VPORT) ||
		    info.vport != vport)
			continue;
		if (!(info.flags & MLX5DV_QUERY_PORT_VPORT_VHCA_ID))
			return EOPNOTSUPP;
		*vhca_id = info.vport_vhca_id;
		return 0;
	}
	return ENOENT;
}

/* The context's event channel, opened at the first subscription. */
static int mlx5_events_open(struct mlx5_dev *mdev)
{
	int flags;

	struct mlx5dv_devx_event_channel *ch;

	if (mdev->events)
		return 0;
	ch = mlx5dv_devx_create_event_channel(
		mdev->ibv_ctx,
		MLX5DV_DEVX_CREATE_EVENT_CHANNEL_FLAGS_OMIT_EV_DATA);
	if (!ch)
		return errno ? errno : EOPNOTSUPP;
	/* next_error() must not wait */
	flags = fcntl(ch->fd, F_GETFL);
	if (flags < 0 || fcntl(ch->fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		int err = errno;

		mlx5dv_devx_destroy_event_channel(ch);
		return err;
	}
	__atomic_store_n(&mdev->events, ch, __ATOMIC_RELEASE);
	return 0;
}

static int mlx5_watch_errors(struct hws_devx_obj *obj, uint64_t cookie)
{
	struct mlx5_obj *mobj = container_of(obj, struct mlx5_obj, obj);
	struct mlx5_dev *mdev = to_mdev(obj->dev);
	uint16_t event;
	int err;

	switch (mobj->opcode) {
	case MLX5_CMD_OP_CREATE_CQ:
		event = MLX5_EVENT_TYPE_CQ_ERROR;
		break;
	case MLX5_CMD_OP_CREATE_SQ:
		event = MLX5_EVENT_TYPE_WQ_CATAS_ERROR;
		break;
	default:
		return EINVAL;
	}
	pthread_mutex_lock(&mdev->events_lock);
	err = mlx5_events_open(mdev);
	if (!err)
		err = devx_ret(mlx5dv_devx_subscribe_devx_event(
			mdev->events, mobj->devx, sizeof(event), &event,
			cookie));
	pthread_mutex_unlock(&mdev->events_lock);
	return err;
}

static int mlx5_next_error(struct hws_dev *dev, uint64_t *cookie)
{
	struct mlx5_dev *mdev = to_mdev(dev);
	struct mlx5dv_devx_async_event_hdr hdr;
	ssize_t n;

	if (!__atomic_load_n(&mdev->events, __ATOMIC_ACQUIRE))
		return ENOENT;
	n = mlx5dv_devx_get_event(mdev->events, &hdr, sizeof(hdr));
	if (n < 0)
		return errno == EAGAIN ? ENOENT : errno;
	*cookie = hdr.cookie;
	return 0;
}

static const struct hws_provider_ops mlx5_ops = {
	.general_cmd = mlx5_general_cmd,
	.obj_create = mlx5_obj_create,
	.obj_modify = mlx5_obj_modify,
	.obj_query = mlx5_obj_query,
	.obj_destroy = mlx5_obj_destroy,
	.umem_reg = mlx5_umem_reg,
	.umem_dereg = mlx5_umem_dereg,
	.query_eqn = mlx5_query_eqn,
	.uar_alloc = mlx5_uar_alloc,
	.uar_free = mlx5_uar_free,
	.ring_doorbell = mlx5_ring_doorbell,
	.close = mlx5_close,
	.root_matcher_create = mlx5_root_matcher_create,
	.root_matcher_destroy = mlx5_root_matcher_destroy,
	.root_rule_create = mlx5_root_rule_create,
	.root_rule_destroy = mlx5_root_rule_destroy,
	.query_vport_vhca_id = mlx5_query_vport_vhca_id,
	.watch_errors = mlx5_watch_errors,
	.next_error = mlx5_next_error,
};

static struct hws_dev *mlx5_wrap(struct ibv_context *ibv_ctx, int owns_ctx,
				 const char *name)
{
	struct mlx5_dev *mdev = calloc(1, sizeof(*mdev));

	if (!mdev)
		return NULL;
	mdev->dev.ops = &mlx5_ops;
	snprintf(mdev->dev.name, sizeof(mdev->dev.name), "%s", name);
	mdev->ibv_ctx = ibv_ctx;
	mdev->owns_ctx = owns_ctx;
	pthread_mutex_init(&mdev->tir_lock, NULL);
	pthread_spin_init(&mdev->db_lock, PTHREAD_PROCESS_PRIVATE);
	pthread_mutex_init(&mdev->events_lock, NULL);
	return &mdev->dev;
}

static const char *open_failure(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return "permission denied opening a DevX context (needs CAP_NET_RAW or an unprivileged DevX kernel)";
	case EOPNOTSUPP:
	case EPROTONOSUPPORT:
		return "DevX is not supported by this device or kernel";
	default:
		return strerror(err);
	}
}

struct hws_dev *hws_mlx5_open(const char *name, char *why, size_t whylen)
{
	struct mlx5dv_context_attr attr = {
		.flags = MLX5DV_CONTEXT_FLAGS_DEVX,
	};
	struct ibv_device **list, *ibdev = NULL;
	struct ibv_context *ibv_ctx;
	struct hws_dev *dev;
	int i, num = 0, err;

	list = ibv_get_device_list(&num);
	if (!list) {
		/* no RDMA stack here (ENOSYS, for one): no such device */
		snprintf(why, whylen, "no RDMA device named '%s': %s", name,
			 strerror(errno ? errno : ENODEV));
		errno = ENODEV;
		return NULL;
	}
	for (i = 0; i < num; i++)
		if (!strcmp(ibv_get_device_name(list[i]), name))
			ibdev = list[i];
	if (!ibdev) {
		snprintf(why, whylen, "no RDMA device named '%s'", name);
		err = ENODEV;
		goto free_list;
	}
	if (!mlx5dv_is_supported(ibdev)) {
		snprintf(why, whylen, "device '%s' is not an mlx5 device",
			 name);
		err = EOPNOTSUPP;
		goto free_list;
	}
	ibv_ctx = mlx5dv_open_device(ibdev, &attr);
	if (!ibv_ctx) {
		err = errno ? errno : EOPNOTSUPP;
		snprintf(why, whylen, "device '%s': %s", name,
			 open_failure(err));
		goto free_list;
	}
	ibv_free_device_list(list);
	dev = mlx5_wrap(ibv_ctx, 1, name);
	if (!dev) {
		ibv_close_device(ibv_ctx);
		snprintf(why, whylen, "out of memory");
		errno = ENOMEM;
	}
	return dev;

free_list:
	ibv_free_device_list(list);
	errno = err;
	return NULL;
}

/*
 * Whether the caller opened the context with MLX5DV_CONTEXT_FLAGS_DEVX:
 * without it the context has no DevX uid, and the kernel refuses every
 * object with EINVAL.  Allocate and free a PD to find out; 0 or an errno.
 */
static int mlx5_devx_probe(struct ibv_context *ibv_ctx)
{
	uint8_t in[DEVX_ST_SZ_BYTES(alloc_pd_in)] = { 0 };
	uint8_t out[DEVX_ST_SZ_BYTES(alloc_pd_out)] = { 0 };
	struct mlx5dv_devx_obj *pd;

	DEVX_SET(alloc_pd_in, in, opcode, MLX5_CMD_OP_ALLOC_PD);
	pd = mlx5dv_devx_obj_create(ibv_ctx, in, sizeof(in), out, sizeof(out));
	if (!pd)
		return errno ? errno : EIO;
	return devx_ret(mlx5dv_devx_obj_destroy(pd));
}

struct hws_dev *hws_mlx5_adopt(struct ibv_context *ibv_ctx, char *why,
			       size_t whylen)
{
	const char *name = ibv_get_device_name(ibv_ctx->device);
	struct hws_dev *dev;
	int err;

	if (!mlx5dv_is_supported(ibv_ctx->device)) {
		snprintf(why, whylen, "device '%s' is not an mlx5 device",
			 name);
		errno = EOPNOTSUPP;
		return NULL;
	}
	err = mlx5_devx_probe(ibv_ctx);
	if (err == EINVAL) {
		snprintf(
			why, whylen,
			"device '%s': the ibv_context was opened without MLX5DV_CONTEXT_FLAGS_DEVX (ALLOC_PD refused with EINVAL); open it with mlx5dv_open_device() and that flag",
			name);
		errno = EINVAL;
		return NULL;
	}
	if (err) {
		snprintf(why, whylen, "device '%s': %s", name,
			 open_failure(err));
		errno = err;
		return NULL;
	}
	dev = mlx5_wrap(ibv_ctx, 0, name);
	if (!dev) {
		snprintf(why, whylen, "out of memory");
		errno = ENOMEM;
	}
	return dev;
}
