// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* hwsctl apply: mirror=, a copy to each vport through a destination array. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply_mirror.h"
#include "hwsctl.h"
#include "providers/provider.h"

int apply_mirror_create(struct apply_mirror *m, struct mlx5hws_context *ctx,
			enum mlx5hws_table_type type, char *list,
			apply_mirror_vport_fn vport, void *arg,
			struct mlx5hws_action **out, char *why, size_t len)
{
	struct mlx5hws_action_dest_attr d[HWS_MAX_COPIES] = { { 0 } };
	struct mlx5hws_action_dest_array_attr attr = { .dests = d };
	unsigned long long v;
	char *item, *save;
	const char *bad;

	for (item = strtok_r(list, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		if (attr.num_dest == HWS_MAX_COPIES) {
			snprintf(why, len, "mirror: more than %d destinations",
				 HWS_MAX_COPIES);
			return 2;
		}
		if (!strcmp(item, "uplink")) {
			v = 0xffff;
		} else if (strncmp(item, "vport", 5)) {
			snprintf(why, len,
				 "mirror: '%s' is not vportK or uplink", item);
			return 2;
		} else {
			bad = hwsctl_parse_number(item + 5, 16, &v);
			if (bad) {
				snprintf(why, len, "bad mirror vport '%s': %s",
					 item + 5, bad);
				return 2;
			}
		}
		d[attr.num_dest].dest = vport(arg, type, v);
		if (!d[attr.num_dest++].dest) {
			snprintf(why, len, "mirror: vport action: %s",
				 strerror(errno));
			return 1;
		}
	}
	if (attr.num_dest < 2) {
		snprintf(why, len, "mirror: give two destinations or more");
		return 2;
	}
	*out = mlx5hws_action_create_dest_array(ctx, &attr, 1u << type);
	if (!*out) {
		snprintf(why, len, "mirror: %s", strerror(errno));
		return 1;
	}
	m->arrays = hwsctl_grow(m->arrays, m->num, sizeof(*m->arrays));
	m->arrays[m->num++] = *out;
	return 0;
}

int apply_mirror_close(struct apply_mirror *m)
{
	int err = 0, e;
	size_t i;

	for (i = 0; i < m->num; i++) {
		e = mlx5hws_action_destroy(m->arrays[i]);
		if (!err)
			err = e;
	}
	free(m->arrays);
	m->arrays = NULL;
	m->num = 0;
	return err;
}
