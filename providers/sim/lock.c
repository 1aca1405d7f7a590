// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model's locks, so that send queues execute in parallel as the
 * device's pipelines do, while commands see the device still.
 *
 * Hierarchy (take in this order, release in any):
 *   1. nic->lock, a reader-writer lock: taken exclusive by commands,
 *      object and resource tables, classification, events read and stats;
 *      taken shared by WQE execution (a doorbell).  Objects are created and
 *      destroyed only exclusive, so an RTC, STE object, STC, ARG or CQ an SQ
 *      found under the shared lock lives until it drops it: a destroy is
 *      ordered before or after the whole doorbell, as firmware orders a
 *      command against the queues' work.
 *   2. SQ stripe (sim_lock_sq): the ring, consumer counter and state of the
 *      SQs hashing to it; one at a time.
 *   3. STE object stripe (sim_lock_store): an STE object's store, its
 *      buckets and records, from a GTA's scan of the tag's row to its write,
 *      so that the scan and the write are one step; one at a time.  The
 *      row's hash is computed before it is taken.
 *   4. CQ stripe (sim_lock_cq): a CQ's producer counter and overrun.
 *   5. nic->locks.event: the contexts' error FIFOs.
 * Counters in nic->stats that execution moves change by atomic adds
 * (sim_stat_add); the exclusive lock orders them for readers.
 */
#include "sim_internal.h"

int sim_lock_init(struct sim_nic *nic)
{
	struct sim_locks *l = &nic->locks;
	pthread_mutexattr_t adaptive;
	unsigned int i;

	if (pthread_rwlock_init(&nic->lock, NULL))
		return -1;
	/* held for a row scan: spinning a little beats sleeping */
	pthread_mutexattr_init(&adaptive);
	pthread_mutexattr_settype(&adaptive, PTHREAD_MUTEX_ADAPTIVE_NP);
	pthread_mutex_init(&l->event, NULL);
	for (i = 0; i < SIM_LOCK_STRIPES; i++) {
		pthread_mutex_init(&l->sq[i], NULL);
		pthread_mutex_init(&l->cq[i], NULL);
		pthread_mutex_init(&l->store[i], &adaptive);
	}
	pthread_mutexattr_destroy(&adaptive);
	return 0;
}

void sim_lock_destroy(struct sim_nic *nic)
{
	struct sim_locks *l = &nic->locks;
	unsigned int i;

	for (i = 0; i < SIM_LOCK_STRIPES; i++) {
		pthread_mutex_destroy(&l->sq[i]);
		pthread_mutex_destroy(&l->cq[i]);
		pthread_mutex_destroy(&l->store[i]);
	}
	pthread_mutex_destroy(&l->event);
	pthread_rwlock_destroy(&nic->lock);
}

static uint32_t sim_lock_stripe(uint32_t a, uint32_t b)
{
	uint64_t h = ((uint64_t)a << 32 | b) * 0x9e3779b97f4a7c15ull;

	return h >> (64 - SIM_LOCK_STRIPES_LOG);
}

pthread_mutex_t *sim_lock_sq(struct sim_nic *nic, const struct sim_obj *sq)
{
	return &nic->locks.sq[sim_lock_stripe(0, sq->id)];
}

pthread_mutex_t *sim_lock_cq(struct sim_nic *nic, const struct sim_obj *cq)
{
	return &nic->locks.cq[sim_lock_stripe(0, cq->id)];
}

pthread_mutex_t *sim_lock_store(struct sim_nic *nic, const struct sim_obj *ste)
{
	return &nic->locks.store[sim_lock_stripe(ste->id, 0)];
}
