// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Latency percentiles and the longest stall, for hwsctl bench --latency. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "latency.h"

int lat_series_init(struct lat_series *s, unsigned long rules)
{
	s->ns = calloc(rules, sizeof(*s->ns));
	s->n = rules;
	s->stall = (struct lat_stall){ 0 };
	return s->ns ? 0 : ENOMEM;
}

void lat_series_fini(struct lat_series *s)
{
	free(s->ns);
	s->ns = NULL;
}

static enum lat_cause lat_cause_of(const struct mlx5hws_bwc_matcher_info *b,
				   const struct mlx5hws_bwc_matcher_info *a)
{
	enum lat_cause cause = LAT_CAUSE_NONE;
	int d;

	for (d = 0; d < MLX5HWS_MATCHER_SIZE_TYPE_MAX; d++) {
		if (a->dir[d].shrinks != b->dir[d].shrinks)
			return LAT_CAUSE_SHRINK;
		if (a->dir[d].rehashes == b->dir[d].rehashes)
			continue;
		/* a forced growth: the insert found its rows full */
		cause = a->sizing[d].forced_growths !=
					b->sizing[d].forced_growths ?
				LAT_CAUSE_COLLISION :
				LAT_CAUSE_REHASH;
	}
	if (cause == LAT_CAUSE_NONE &&
	    (a->moves_pending != b->moves_pending ||
	     a->num_matchers != b->num_matchers))
		cause = LAT_CAUSE_MOVE;
	return cause;
}

void lat_record(struct lat_series *s, struct lat_stall *stall, unsigned long i,
		uint64_t ns, const struct mlx5hws_bwc_matcher_info *before,
		const struct mlx5hws_bwc_matcher_info *after)
{
	s->ns[i] = ns;
	if (ns > stall->ns) {
		stall->ns = ns;
		stall->rule = i;
		stall->cause = lat_cause_of(before, after);
	}
}

void lat_merge(struct lat_series *s, const struct lat_stall *stall)
{
	if (stall->ns > s->stall.ns)
		s->stall = *stall;
}

static int lat_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double lat_us(uint64_t ns)
{
	return ns / 1000.0;
}

static const char *const lat_cause_names[] = {
	[LAT_CAUSE_NONE] = "none",
	[LAT_CAUSE_REHASH] = "rehash",
	[LAT_CAUSE_COLLISION] = "collision_retry",
	[LAT_CAUSE_SHRINK] = "shrink",
	[LAT_CAUSE_MOVE] = "move_step",
};

void lat_report(struct out *out, const char *prefix, struct lat_series *s)
{
	static const struct {
		const char *name;
		unsigned int per_mille_x10; /* of 10000 */
	} pct[] = { { "p50", 5000 }, { "p99", 9900 }, { "p999", 9990 } };
	char name[64];
	unsigned long k;
	size_t i;

	if (!s->n)
		return;
	qsort(s->ns, s->n, sizeof(*s->ns), lat_cmp);
	for (i = 0; i < sizeof(pct) / sizeof(pct[0]); i++) {
		/* the nearest rank */
		k = (s->n * (unsigned long long)pct[i].per_mille_x10 + 9999) /
			    10000 -
		    1;
		snprintf(name, sizeof(name), "%s_%s_us", prefix, pct[i].name);
		out_dbl(out, name, lat_us(s->ns[k]));
	}
	snprintf(name, sizeof(name), "%s_max_us", prefix);
	out_dbl(out, name, lat_us(s->ns[s->n - 1]));
	snprintf(name, sizeof(name), "%s_stall_cause", prefix);
	out_str(out, name, lat_cause_names[s->stall.cause]);
	snprintf(name, sizeof(name), "%s_stall_rule", prefix);
	out_u64(out, name, s->stall.rule);
}
