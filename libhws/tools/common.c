// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * What the hwsctl commands share: usage errors, the device probe and table
 * type names.  Apart from main() so that the fuzzers link the commands.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwsctl.h"
#include "providers/provider.h"

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hwsctl %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'hwsctl %s --help'.\n", cmd);
	return 2;
}

struct hws_dev *hwsctl_probe_open(const char *device)
{
	struct hws_dev *dev;
	char why[256] = "";

	dev = hws_dev_open(device, why, sizeof(why));
	if (!dev)
		fprintf(stderr, "hwsctl: %s: %s\n", device,
			*why ? why : strerror(errno));
	return dev;
}

int hwsctl_parse_table_type(const char *s, enum mlx5hws_table_type *t)
{
	if (!strcmp(s, "fdb"))
		*t = MLX5HWS_TABLE_TYPE_FDB;
	else if (!strcmp(s, "nic_rx"))
		*t = MLX5HWS_TABLE_TYPE_NIC_RX;
	else if (!strcmp(s, "nic_tx"))
		*t = MLX5HWS_TABLE_TYPE_NIC_TX;
	else
		return -1;
	return 0;
}

void *hwsctl_grow(void *arr, size_t n, size_t size)
{
	void *p = realloc(arr, (n + 1) * size);

	if (!p) {
		perror("hwsctl apply");
		exit(1);
	}
	memset((char *)p + n * size, 0, size);
	return p;
}
