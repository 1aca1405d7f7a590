/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * hwsctl as the hwsctl suites run it: the built binary (HWSCTL), on the
 * device model or, via mlx5, on the RDMA device with the stand-in
 * preloaded, and the example rule file (EXAMPLE_RULES).
 */
#ifndef HWS_TEST_HWSCTL_COMMON_H
#define HWS_TEST_HWSCTL_COMMON_H

#include "helpers.h"

#define OUT_MAX 65536

/*
 * The RDMA device the commands run on when the suite runs via mlx5
 * (HWS_TEST_DEVICE, with the stand-in preloaded from HWS_TEST_PRELOAD), or
 * NULL on the model.
 */
const char *via_device(void);

/*
 * Run "HWSCTL args" with stderr folded into out; return the exit status.
 * Via mlx5, a device command that names no device runs on that device.
 */
int hwsctl(char *out, const char *args);

/*
 * The example without its packet lines, in a file of its own: a NIC
 * cannot trace packets, so via mlx5 the suite applies this instead.
 */
void example_without_packets(char *path);

#endif /* HWS_TEST_HWSCTL_COMMON_H */
