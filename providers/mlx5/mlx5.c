// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The real provider: an mlx5 NIC through rdma-core's libmlx5 DevX calls.
 * Every seam operation maps to one mlx5dv_devx_* call; the bytes pass
 * through untouched.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <infiniband/verbs.h>
#include <infiniband/mlx5dv.h>
#include <pthread.h>

#include "../provider.h"

struct mlx5_obj;

struct mlx5_dev {
	struct hws_dev dev;
	struct ibv_context *ibv_ctx;
	int owns_ctx;
	/* TIRs created here, which root rules may name by number */
	pthread_mutex_t tir_lock;
	struct mlx5_obj *tirs;
};

struct mlx5_obj {
	struct hws_devx_obj obj;
	struct mlx5dv_devx_obj *devx;
	struct mlx5_obj *tir_next;
	uint32_t tirn; /* 0: not a TIR */
};

struct mlx5_umem {
	struct hws_umem umem;
	struct mlx5dv_devx_umem *devx;
};

struct mlx5_uar {
	struct hws_uar uar;
	struct mlx5dv_devx_uar *devx;
	bool write_combining;	/* a BlueFlame page: flush after writes */
};

#define container_of(ptr, type, member)                                        \
	((type *)((char *)(ptr) - offsetof(type, member)))

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

#define MLX5_ROOT_OP_CREATE_TIR 0x900

/*
 * TIRs for root rules.  mlx5dv_create_flow names a TIR by its DevX object,
 * libhws by its number: a TIR created through this device is found here.
 */
static void mlx5_root_tir_add(struct mlx5_dev *mdev, struct mlx5_obj *obj,
			      const void *in, const void *out)
{
	const uint8_t *i = in, *o = out;

	/* the opcode leads the input; the TIR number is out's bits 0x48..0x5f */
	if ((i[0] << 8 | i[1]) != MLX5_ROOT_OP_CREATE_TIR)
		return;
	obj->tirn = (uint32_t)o[9] << 16 | o[10] << 8 | o[11];
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

static struct hws_devx_obj *mlx5_obj_create(struct hws_dev *dev,
					    const void *in, size_t inlen,
					    void *out, size_t outlen)
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
	mlx5_root_tir_add(to_mdev(dev), obj, in, out);
	return &obj->obj;
}

static int mlx5_obj_modify(struct hws_devx_obj *obj, const void *in,
			   size_t inlen, void *out, size_t outlen)
{
	struct mlx5_obj *mobj = container_of(obj, struct mlx5_obj, obj);

	return devx_ret(mlx5dv_devx_obj_modify(mobj->devx, in, inlen, out,
					       outlen));
}

static int mlx5_obj_query(struct hws_devx_obj *obj, const void *in,
			  size_t inlen, void *out, size_t outlen)
{
	struct mlx5_obj *mobj = container_of(obj, struct mlx5_obj, obj);

	return devx_ret(mlx5dv_devx_obj_query(mobj->devx, in, inlen, out,
					      outlen));
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
	umem->devx = mlx5dv_devx_umem_reg(to_mdev(dev)->ibv_ctx, addr, size,
					  access);
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

/* Write 8 bytes to a device page as they lie in memory. */
static void mmio_write64(void *reg, uint64_t bytes)
{
#if UINTPTR_MAX == UINT64_MAX
	*(volatile uint64_t *)reg = bytes;
#else
	/* Each queue has its own page: no other writer interleaves. */
	uint32_t half[2];

	memcpy(half, &bytes, sizeof(half));
	((volatile uint32_t *)reg)[0] = half[0];
	((volatile uint32_t *)reg)[1] = half[1];
#endif
}

static void mlx5_ring_doorbell(struct hws_uar *uar, __be32 *dbrec,
			       uint16_t producer_counter, const void *ctrl_seg)
{
	struct mlx5_uar *muar = container_of(uar, struct mlx5_uar, uar);
	uint64_t ctrl;

	memcpy(&ctrl, ctrl_seg, sizeof(ctrl));
	/*
	 * The WQEs before the record, the record (host memory) before the
	 * doorbell (a device page): a full fence between them, then a plain
	 * store, as rdma-core's mmio_write64_be does.
	 */
	__atomic_store_n(&dbrec[1], htobe32(producer_counter),
			 __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	mmio_write64(muar->devx->reg_addr, ctrl);
	if (muar->write_combining)
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
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

	if (mdev->owns_ctx)
		ibv_close_device(mdev->ibv_ctx);
	pthread_mutex_destroy(&mdev->tir_lock);
	free(mdev);
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
		snprintf(why, whylen, "device '%s' is not an mlx5 device", name);
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

struct hws_dev *hws_mlx5_adopt(struct ibv_context *ibv_ctx, char *why,
			       size_t whylen)
{
	struct hws_dev *dev;

	if (!mlx5dv_is_supported(ibv_ctx->device)) {
		snprintf(why, whylen, "device '%s' is not an mlx5 device",
			 ibv_get_device_name(ibv_ctx->device));
		errno = EOPNOTSUPP;
		return NULL;
	}
	dev = mlx5_wrap(ibv_ctx, 0, ibv_get_device_name(ibv_ctx->device));
	if (!dev) {
		snprintf(why, whylen, "out of memory");
		errno = ENOMEM;
	}
	return dev;
}
