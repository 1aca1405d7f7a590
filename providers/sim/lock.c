// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model's locks, so that send queues execute in parallel as the
 * device's pipelines do, while commands see the device still.
 *
 * Hierarchy (take in this order, release in any):
 *   1. nic->lock, then every SQ stripe (sim_nic_lock): the device still,
 *      for commands, object and resource tables, classification, events
 *      read and stats.  Objects are created and destroyed only so, and a
 *      doorbell holds its SQ's stripe: an RTC, STE object, STC, ARG or CQ
 *      an SQ found lives until it is done, as firmware orders a command
 *      before or after the queues' work.
 *   2. SQ stripe (sim_lock_sq): the SQs hashing to it, their rings,
 *      consumer counters and states, and the lookup of their numbers; a
 *      doorbell takes its SQ's alone, so queues of other stripes execute
 *      in parallel.
 *   3. STE store shards (ste_store.c): the shards holding a GTA's row,
 *      in ascending order, from the scan for the tag to its write, so
 *      that the scan and the write are one step.  The row's hash is
 *      computed before they are taken.
 *   4. CQ stripe (sim_lock_cq): a CQ's producer counter and overrun.
 *   5. nic->locks.event: the contexts' error FIFOs.
 * The counts of every WQE are per SQ stripe (sim_exec_counts); the rare
 * ones in nic->stats change by atomic adds (sim_stat_add).  sim_nic_lock()
 * orders both for readers.
 */
#include "sim_internal.h"

int sim_lock_init(struct sim_nic *nic)
{
	struct sim_locks *l = &nic->locks;
	unsigned int i;

	if (pthread_mutex_init(&nic->lock, NULL))
		return -1;
	pthread_mutex_init(&l->event, NULL);
	for (i = 0; i < SIM_LOCK_STRIPES; i++) {
		pthread_mutex_init(&l->sq[i].lock, NULL);
		pthread_mutex_init(&l->cq[i].lock, NULL);
	}
	return 0;
}

void sim_lock_destroy(struct sim_nic *nic)
{
	struct sim_locks *l = &nic->locks;
	unsigned int i;

	for (i = 0; i < SIM_LOCK_STRIPES; i++) {
		pthread_mutex_destroy(&l->sq[i].lock);
		pthread_mutex_destroy(&l->cq[i].lock);
	}
	pthread_mutex_destroy(&l->event);
	pthread_mutex_destroy(&nic->lock);
}

/* Ids come in sequence: consecutive queues get stripes of their own. */
static uint32_t sim_lock_stripe(uint32_t id)
{
	return id & (SIM_LOCK_STRIPES - 1);
}

pthread_mutex_t *sim_lock_sq(struct sim_nic *nic, uint32_t sqn)
{
	return &nic->locks.sq[sim_lock_stripe(sqn)].lock;
}

void sim_nic_lock(struct sim_nic *nic)
{
	unsigned int i;

	pthread_mutex_lock(&nic->lock);
	for (i = 0; i < SIM_LOCK_STRIPES; i++)
		pthread_mutex_lock(&nic->locks.sq[i].lock);
}

void sim_nic_unlock(struct sim_nic *nic)
{
	unsigned int i;

	for (i = 0; i < SIM_LOCK_STRIPES; i++)
		pthread_mutex_unlock(&nic->locks.sq[i].lock);
	pthread_mutex_unlock(&nic->lock);
}

pthread_mutex_t *sim_lock_cq(struct sim_nic *nic, const struct sim_obj *cq)
{
	return &nic->locks.cq[sim_lock_stripe(cq->id)].lock;
}

struct sim_exec_counts *sim_lock_sq_counts(struct sim_nic *nic,
					   const struct sim_obj *sq)
{
	return &nic->locks.sq[sim_lock_stripe(sq->id)].counts;
}
