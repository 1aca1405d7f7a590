/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * A doorbell write in two 32-bit halves, for CPUs without a 64-bit store.
 * Separate from mlx5.c so that tests on 64-bit machines run it too.
 */
#ifndef HWS_MLX5_DOORBELL_H
#define HWS_MLX5_DOORBELL_H

#include <pthread.h>
#include <stdint.h>
#include <string.h>

/*
 * The device takes the register once both halves are in; another thread's
 * halves must not land between ours, on a page every queue shares.
 */
static inline void hws_mlx5_mmio_write64_split(pthread_spinlock_t *lock,
					       void *reg, uint64_t bytes)
{
	uint32_t half[2];

	memcpy(half, &bytes, sizeof(half));
	pthread_spin_lock(lock);
	__atomic_store_n((uint32_t *)reg, half[0], __ATOMIC_RELEASE);
	__atomic_store_n((uint32_t *)reg + 1, half[1], __ATOMIC_RELEASE);
	pthread_spin_unlock(lock);
}

#endif /* HWS_MLX5_DOORBELL_H */
