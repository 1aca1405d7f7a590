// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Device names select a provider: "sim[:keys]" is the model, anything else
 * names an RDMA device.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "provider.h"

static int is_sim_name(const char *name)
{
	return !strcmp(name, "sim") || !strncmp(name, "sim:", 4);
}

struct hws_dev *hws_dev_open(const char *name, char *why, size_t whylen)
{
	if (!name || !*name) {
		snprintf(why, whylen, "empty device name");
		errno = EINVAL;
		return NULL;
	}
	if (is_sim_name(name))
		return hws_sim_open(name[3] == ':' ? name + 4 : "", why, whylen);
	return hws_mlx5_open(name, why, whylen);
}

struct hws_dev *hws_dev_adopt_ibv(struct ibv_context *ibv_ctx, char *why,
				  size_t whylen)
{
	if (!ibv_ctx) {
		snprintf(why, whylen, "no ibv_context given");
		errno = EINVAL;
		return NULL;
	}
	return hws_mlx5_adopt(ibv_ctx, why, whylen);
}
