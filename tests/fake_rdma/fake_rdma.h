/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The rdma-core stand-in's own interface, for tests.  Linked into a test
 * executable, the stand-in defines libibverbs' and libmlx5's entry points
 * that providers/mlx5 calls and backs them with the device model, which
 * then runs as an asynchronous device (see tests/README).
 *
 * Environment:
 *   FAKE_RDMA_MODEL     the model spec behind mlx5_0 ("nic=mlx5_0")
 *   FAKE_RDMA_KERNEL    the kernel to behave as, e.g. 5.15 (default 6.8)
 *   FAKE_RDMA_UAR=bf    BlueFlame pages only: no non-cached page
 *   FAKE_RDMA_DELAY_US  the device executes a doorbell up to this late
 */
#ifndef FAKE_RDMA_H
#define FAKE_RDMA_H

/* The device name the stand-in offers. */
#define FAKE_RDMA_DEVICE "mlx5_0"

/* Defects the device saw in the driver since the process started. */
unsigned int fake_rdma_reports(void);

#endif /* FAKE_RDMA_H */
