// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* The stand-in's libibverbs entry points, and opening a device context. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake_internal.h"
#include "fake_rdma.h"

static struct ibv_device fake_device = {
	.node_type = IBV_NODE_CA,
	.transport_type = IBV_TRANSPORT_IB,
	.name = FAKE_RDMA_DEVICE,
	.dev_name = "uverbs0",
};

struct ibv_device **ibv_get_device_list(int *num_devices)
{
	struct ibv_device **list = calloc(2, sizeof(*list));

	if (!list) {
		errno = ENOMEM;
		return NULL;
	}
	list[0] = &fake_device;
	if (num_devices)
		*num_devices = 1;
	return list;
}

void ibv_free_device_list(struct ibv_device **list)
{
	free(list);
}

const char *ibv_get_device_name(struct ibv_device *device)
{
	return device->name;
}

bool mlx5dv_is_supported(struct ibv_device *device)
{
	return device == &fake_device;
}

/* "5.15" -> 515; a malformed value is the default. */
static unsigned int fake_verbs_kernel(const char *s)
{
	unsigned int major, minor;

	if (!s || sscanf(s, "%u.%u", &major, &minor) != 2 || minor > 99) {
		if (s)
			fprintf(stderr,
				"fake_rdma: FAKE_RDMA_KERNEL=%s is not MAJOR.MINOR; using 6.8\n",
				s);
		return 608;
	}
	return major * 100 + minor;
}

static void fake_verbs_profile(struct fake_profile *p)
{
	const char *uar = getenv("FAKE_RDMA_UAR");
	const char *delay = getenv("FAKE_RDMA_DELAY_US");

	p->kernel = fake_verbs_kernel(getenv("FAKE_RDMA_KERNEL"));
	p->bf_only = uar && !strcmp(uar, "bf");
	p->delay_us = delay ? (unsigned int)strtoul(delay, NULL, 10) : 0;
}

struct ibv_context *mlx5dv_open_device(struct ibv_device *device,
				       struct mlx5dv_context_attr *attr)
{
	const char *spec = getenv("FAKE_RDMA_MODEL");
	struct fake_ctx *ctx;
	char why[256] = "";
	int err;

	if (device != &fake_device) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx) {
		errno = ENOMEM;
		return NULL;
	}
	ctx->ibv.device = device;
	ctx->ibv.cmd_fd = -1;
	ctx->ibv.async_fd = -1;
	ctx->ibv.num_comp_vectors = 1;
	ctx->devx = attr && attr->flags & MLX5DV_CONTEXT_FLAGS_DEVX;
	ctx->rand_state = (uint64_t)time(NULL) | 1;
	fake_verbs_profile(&ctx->profile);
	pthread_mutex_init(&ctx->lock, NULL);
	ctx->model = hws_sim_open(spec ? spec : "nic=" FAKE_RDMA_DEVICE, why,
				  sizeof(why));
	if (!ctx->model) {
		err = errno;
		fprintf(stderr, "fake_rdma: the model behind %s: %s\n",
			FAKE_RDMA_DEVICE, why);
		goto free_ctx;
	}
	err = fake_device_start(ctx);
	if (err)
		goto close_model;
	return &ctx->ibv;

close_model:
	hws_dev_close(ctx->model);
free_ctx:
	pthread_mutex_destroy(&ctx->lock);
	free(ctx);
	errno = err;
	return NULL;
}

int ibv_close_device(struct ibv_context *ibv)
{
	struct fake_ctx *ctx = fake_ctx_of(ibv);

	fake_device_stop(ctx);
	fake_devx_close(ctx);
	hws_dev_close(ctx->model);
	pthread_mutex_destroy(&ctx->lock);
	free(ctx);
	return 0;
}

/*
 * In switchdev mode each IB port represents a vport: here port 1 is the
 * E-Switch manager (vport 0) and port n is vport n - 1, for as many vports
 * as the model has.
 */
int _mlx5dv_query_port(struct ibv_context *ibv, uint32_t port_num,
		       struct mlx5dv_port *info, size_t info_len)
{
	struct fake_ctx *ctx = fake_ctx_of(ibv);
	uint16_t vhca_id, own;

	if (!port_num || port_num > UINT16_MAX || info_len < sizeof(*info) ||
	    ctx->model->ops->query_vport_vhca_id(ctx->model, port_num - 1,
						 &vhca_id) ||
	    ctx->model->ops->query_vport_vhca_id(ctx->model, 0, &own))
		return EINVAL;
	memset(info, 0, info_len);
	info->flags = MLX5DV_QUERY_PORT_VPORT |
		      MLX5DV_QUERY_PORT_VPORT_VHCA_ID |
		      MLX5DV_QUERY_PORT_ESW_OWNER_VHCA_ID;
	info->vport = port_num - 1;
	info->vport_vhca_id = vhca_id;
	info->esw_owner_vhca_id = own;
	return 0;
}
