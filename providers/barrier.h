/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Ordering between the CPU and a device that reads and writes host memory
 * (DMA) and whose registers the CPU writes (MMIO), with rdma-core's
 * semantics for each architecture.
 *
 * A C11 fence is not enough: on aarch64 a sequentially consistent fence is
 * "dmb ish", which orders accesses for other CPUs of the inner shareable
 * domain only; a device sits in the outer shareable domain, and a write
 * to a device page may sit in a write-combining buffer until flushed.
 *
 * - hws_udma_to_device_barrier(): host-memory writes before it (WQEs, the
 *   doorbell record) reach the device before writes after it (the record,
 *   the doorbell register).
 * - hws_udma_from_device_barrier(): after seeing a CQE's valid owner bit,
 *   the rest of the CQE is read as the device wrote it, not before.
 * - hws_mmio_flush_writes(): writes to a write-combining (BlueFlame) page
 *   leave the CPU now rather than whenever the buffer drains.
 *
 * x86 orders stores with stores and loads with loads for write-back
 * memory, so the DMA barriers are compiler barriers there, except the read
 * barrier which rdma-core makes an lfence; write-combining stores need an
 * sfence to be flushed.
 */
#ifndef HWS_BARRIER_H
#define HWS_BARRIER_H

#if defined(__x86_64__)
#define hws_udma_to_device_barrier() __asm__ volatile("" ::: "memory")
#define hws_udma_from_device_barrier() __asm__ volatile("lfence" ::: "memory")
#define hws_mmio_flush_writes() __asm__ volatile("sfence" ::: "memory")
#elif defined(__i386__)
#define hws_udma_to_device_barrier() \
	__asm__ volatile("lock; addl $0,0(%%esp)" ::: "memory")
#define hws_udma_from_device_barrier() \
	__asm__ volatile("lock; addl $0,0(%%esp)" ::: "memory")
#define hws_mmio_flush_writes() \
	__asm__ volatile("lock; addl $0,0(%%esp)" ::: "memory")
#elif defined(__aarch64__)
#define hws_udma_to_device_barrier() __asm__ volatile("dmb oshst" ::: "memory")
#define hws_udma_from_device_barrier() \
	__asm__ volatile("dmb oshld" ::: "memory")
#define hws_mmio_flush_writes() __asm__ volatile("dsb st" ::: "memory")
#else
#error "libhws: no device barriers for this architecture (see providers/barrier.h)"
#endif

#endif /* HWS_BARRIER_H */
