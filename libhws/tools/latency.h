/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/* hwsctl bench --latency: per-operation times and the longest stall. */
#ifndef HWSCTL_LATENCY_H
#define HWSCTL_LATENCY_H

#include <stdint.h>

#include <infiniband/mlx5hws.h>

#include "hwsctl.h"

/* What made one operation slow, told from the matcher's counters. */
enum lat_cause {
	LAT_CAUSE_NONE,
	LAT_CAUSE_REHASH, /* a direction grew past its threshold */
	LAT_CAUSE_COLLISION, /* a full row forced growth and a retry */
	LAT_CAUSE_SHRINK,
	LAT_CAUSE_MOVE, /* a step of a move in progress */
};

struct lat_stall {
	uint64_t ns;
	unsigned long rule;
	enum lat_cause cause;
};

/* The times of one kind of operation, from all threads. */
struct lat_series {
	uint64_t *ns; /* one slot per rule */
	unsigned long n;
	struct lat_stall stall; /* the longest, with its cause */
};

int lat_series_init(struct lat_series *s, unsigned long rules);
void lat_series_fini(struct lat_series *s);
/*
 * Record rule i's time into s, and into a thread's own longest stall;
 * before and after are the matcher's counters around the operation.
 */
void lat_record(struct lat_series *s, struct lat_stall *stall, unsigned long i,
		uint64_t ns, const struct mlx5hws_bwc_matcher_info *before,
		const struct mlx5hws_bwc_matcher_info *after);
/* Keep a thread's stall if it is the longest so far. */
void lat_merge(struct lat_series *s, const struct lat_stall *stall);
/* The percentiles, the maximum and the stall, named prefix_... */
void lat_report(struct out *out, const char *prefix, struct lat_series *s);

#endif /* HWSCTL_LATENCY_H */
