// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl bench: insert N distinct 5-tuple rules into one BWC matcher and
 * report time, matcher sizes and device memory.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <infiniband/mlx5hws.h>

#include "five_tuple.h"
#include "hwsctl.h"
#include "latency.h"
#include "libhws/prm.h"
#include "libhws/util.h"
#include "providers/provider.h"

struct bench_opts {
	const char *device;
	unsigned long rules;
	uint32_t source;
	enum mlx5hws_table_type table;
	unsigned int threads;
	bool del;
	bool compare;
	bool json;
	bool latency;
	bool cpu_time;		/* --latency in the thread's CPU time */
	const char *series;
	bool modify;		/* each rule with its own modify-header argument */
	bool encap;		/* each rule with its own VXLAN header */
	enum five_tuple_keys keys;
	enum mlx5hws_bwc_size_policy policy;
};

struct bench_result {
	double seconds;
	struct mlx5hws_bwc_matcher_info info;
	struct hws_dev_usage usage;	/* all 0 where the device has none */
	uint64_t host_bytes;
	uint64_t arg_pages;	/* --modify, --encap: the ARGs' memory */
	/* with --delete */
	bool deleted;
	double delete_seconds;
	uint64_t icm_after_delete;
	/* and after the matcher and the rewrite actions (their ARGs) went */
	uint64_t icm_after_destroy;
	/* with --latency */
	struct lat_series ins, del;
	uint32_t matchers_peak; /* chained at once, moves included */
	unsigned long failed_inserts; /* no room even after a growth */
};

struct bench_run {
	const struct bench_opts *o;
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_rule_action action;
	struct mlx5hws_action *modify;	/* with --modify */
	struct mlx5hws_action *encap;	/* with --encap */
	struct mlx5hws_bwc_rule **rules;
	struct five_tuple ft;
	struct lat_series *lat;	/* the running phase's, with --latency */
	unsigned long done;	/* for the progress line, in steps */
	double t0, shown;	/* the phase's start, the last progress line */
	bool tty;		/* progress only on a terminal */
	int err;		/* the first error of any thread */
	/* series: rules-versus-pages points */
	FILE *series;
	const char *series_label;
	struct hws_dev *probe;	/* the device's introspection */
	uint32_t matchers_peak;	/* with --latency */
	unsigned long failed_inserts;
};

struct bench_thread {
	struct bench_run *run;
	unsigned long first, count;
	pthread_t tid;
	struct lat_stall stall;
	struct mlx5hws_bwc_matcher_info info; /* before the next operation */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Operations a thread counts on its own before it adds them to the run's
 * count: a count the threads shared at every operation would cost each a
 * cache miss, which the figures would show as the library's.
 */
#define BENCH_PROGRESS_STEP 4096

/*
 * Count an operation of a thread, whose own count is *own.  On a terminal,
 * for runs over a second: a line with the rules done, the rate and the
 * matcher's sizes, about 4 times a second.
 */
static void progress(struct bench_run *run, unsigned long *own,
		     const char *what)
{
	struct mlx5hws_bwc_matcher_info info = { 0 };
	unsigned long done;
	double t;

	if (++*own < BENCH_PROGRESS_STEP)
		return;
	*own = 0;
	done = __atomic_add_fetch(&run->done, BENCH_PROGRESS_STEP,
				  __ATOMIC_RELAXED);
	if (!run->tty)
		return;
	t = now();
	if (t - run->t0 < 1 || t - run->shown < 0.25)
		return;
	run->shown = t;
	mlx5hws_bwc_matcher_query(run->bm, &info);
	printf("\r\033[K%s %lu/%lu, %.0f rules/s, size_log rx %u tx %u", what,
	       done, run->o->rules, done / (t - run->t0),
	       info.dir[MLX5HWS_MATCHER_SIZE_TYPE_RX].size_log,
	       info.dir[MLX5HWS_MATCHER_SIZE_TYPE_TX].size_log);
	fflush(stdout);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * The clock of --latency: the wall, or with --cpu-time the thread's own CPU
 * time, which a loaded machine's scheduler does not stretch.
 */
static uint64_t lat_now(const struct bench_run *run)
{
	struct timespec ts;

	if (!run->o->cpu_time)
		return now_ns();
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* With --latency: time each operation, and see what the matcher did. */
static uint64_t lat_begin(struct bench_run *run)
{
	return run->lat ? lat_now(run) : 0;
}

static void lat_end(struct bench_thread *t, unsigned long i, uint64_t start)
{
	struct bench_run *run = t->run;
	struct mlx5hws_bwc_matcher_info after = { 0 };
	uint64_t ns;

	if (!run->lat)
		return;
	ns = lat_now(run) - start;
	after.comp_mask = MLX5HWS_BWC_MATCHER_INFO_MOVES |
			  MLX5HWS_BWC_MATCHER_INFO_SIZING;
	mlx5hws_bwc_matcher_query(run->bm, &after);
	if (after.num_matchers >
	    __atomic_load_n(&run->matchers_peak, __ATOMIC_RELAXED))
		__atomic_store_n(&run->matchers_peak, after.num_matchers,
				 __ATOMIC_RELAXED);
	lat_record(run->lat, &t->stall, i, ns, &t->info, &after);
	t->info = after;
}

/* A point at every power of two and at the last rule. */
static void series_point(struct bench_run *run, unsigned long n)
{
	struct hws_dev_usage u;

	if (!run->series || (n & (n - 1) && n != run->o->rules) ||
	    hws_dev_query_usage(run->probe, &u))
		return;
	fprintf(run->series, "%s %lu %llu\n", run->series_label, n,
		(unsigned long long)u.icm_pages);
}

/* Record a thread's error; the first one is the run's. */
static void run_failed(struct bench_run *run, int err)
{
	int none = 0;

	__atomic_compare_exchange_n(&run->err, &none, err, false,
				    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

static bool run_stopped(struct bench_run *run)
{
	return __atomic_load_n(&run->err, __ATOMIC_RELAXED) != 0;
}

/* The NAT of --modify: a destination address and port of its own. */
#define BENCH_MODIFY_ACTIONS 2

static void bench_modify_actions(uint64_t *acts, unsigned long i)
{
	static const uint16_t fields[BENCH_MODIFY_ACTIONS] = {
		MLX5_MODI_OUT_DIPV4, MLX5_MODI_OUT_UDP_DPORT
	};
	const uint32_t data[BENCH_MODIFY_ACTIONS] = { 0xc0a80000 + (uint32_t)i,
						      1024 + i % 60000 };
	unsigned int k;

	for (k = 0; k < BENCH_MODIFY_ACTIONS; k++) {
		acts[k] = 0;
		DEVX_SET(set_action_in, &acts[k], action_type,
			 MLX5_MODIFICATION_TYPE_SET);
		DEVX_SET(set_action_in, &acts[k], field, fields[k]);
		DEVX_SET(set_action_in, &acts[k], length, k ? 16 : 0);
		DEVX_SET(set_action_in, &acts[k], data, data[k]);
	}
}

/*
 * The VXLAN header of --encap, 192.168.0.1 -> 192.168.0.2, with rule i's
 * VNI; the device sets the lengths and the IPv4 checksum.
 */
#define BENCH_ENCAP_HDR 50

static void bench_encap_hdr(uint8_t *h, unsigned long i)
{
	static const uint8_t base[BENCH_ENCAP_HDR] = {
		2,    0,    0,	  0,	0,    2,    2,	  0,	0,    0,
		0,    1,    0x08, 0,	0x45, 0,    0,	  0,	0,    0,
		0x40, 0,    64,	  17,	0,    0,    192,  168,	0,    1,
		192,  168,  0,	  2,	0xc0, 0,    0x12, 0xb5, 0,    0,
		0,    0,    0x08, 0,	0,    0,    0,	  0,	0,    0,
	};

	memcpy(h, base, sizeof(base));
	h[46] = i >> 16;
	h[47] = i >> 8;
	h[48] = i;
}

static void *insert_thread(void *arg)
{
	struct bench_thread *t = arg;
	struct bench_run *run = t->run;
	uint32_t value[MLX5HWS_MATCH_PARAM_SZ / 4];
	uint64_t acts[BENCH_MODIFY_ACTIONS];
	uint8_t hdr[BENCH_ENCAP_HDR];
	struct mlx5hws_rule_action ra[3];
	unsigned long i, done = 0;
	unsigned int n;
	int err;

	for (i = t->first; i < t->first + t->count && !run_stopped(run); i++) {
		uint64_t start;

		five_tuple_value(&run->ft, value, i);
		n = 0;
		if (run->modify) {
			bench_modify_actions(acts, i);
			ra[n++] = (struct mlx5hws_rule_action){
				.action = run->modify,
				.modify_header = { i, (const uint8_t *)acts },
			};
		}
		if (run->encap) {
			bench_encap_hdr(hdr, i);
			ra[n++] = (struct mlx5hws_rule_action){
				.action = run->encap,
				.reformat = { i, hdr },
			};
		}
		ra[n++] = run->action;
		start = lat_begin(run);
		run->rules[i] = mlx5hws_bwc_rule_create(
			run->bm, value, run->o->source, ra, n);
		lat_end(t, i, start);
		if (!run->rules[i] && errno == ENOSPC) {
			/* no room, the growth and retry in vain: count it */
			__atomic_add_fetch(&run->failed_inserts, 1,
					   __ATOMIC_RELAXED);
			continue;
		}
		if (!run->rules[i]) {
			err = errno ? errno : EIO;
			run_failed(run, err);
			fprintf(stderr, "hwsctl bench: rule %lu: %s\n", i,
				strerror(err));
			break;
		}
		progress(run, &done, "inserted");
		if (run->o->threads == 1)
			series_point(run, i + 1);
	}
	return NULL;
}

/* Deletes the rules that were inserted; a failed insertion left NULL. */
static void *delete_thread(void *arg)
{
	struct bench_thread *t = arg;
	struct bench_run *run = t->run;
	unsigned long i, done = 0;
	int err;

	for (i = t->first; i < t->first + t->count; i++) {
		uint64_t start;

		if (!run->rules[i])
			continue;
		start = lat_begin(run);
		err = mlx5hws_bwc_rule_destroy(run->rules[i]);
		lat_end(t, i, start);
		if (err) {
			run_failed(run, err);
			fprintf(stderr, "hwsctl bench: delete %lu: %s\n", i,
				strerror(err));
			break;
		}
		run->rules[i] = NULL;
		progress(run, &done, "deleted");
	}
	return NULL;
}

/* Run fn on equal shares of the rules, in o->threads threads. */
static int run_threads(struct bench_run *run, void *(*fn)(void *))
{
	unsigned int n = run->o->threads, started, i;
	struct bench_thread *t = calloc(n, sizeof(*t));
	unsigned long per = run->o->rules / n;
	int err;

	if (!t) {
		fprintf(stderr, "hwsctl bench: %s\n", strerror(ENOMEM));
		return ENOMEM;
	}
	run->done = 0;
	run->err = 0;
	run->t0 = run->shown = now();
	for (started = 0; started < n; started++) {
		t[started].run = run;
		if (run->lat) {
			t[started].info.comp_mask =
				MLX5HWS_BWC_MATCHER_INFO_MOVES |
				MLX5HWS_BWC_MATCHER_INFO_SIZING;
			mlx5hws_bwc_matcher_query(run->bm, &t[started].info);
		}
		t[started].first = started * per;
		t[started].count =
			started + 1 == n ? run->o->rules - started * per : per;
		if (n == 1) {
			fn(&t[started]);
			continue;
		}
		err = pthread_create(&t[started].tid, NULL, fn, &t[started]);
		if (err) {
			fprintf(stderr,
				"hwsctl bench: pthread_create, thread %u: %s\n",
				started, strerror(err));
			run_failed(run, err);
			break;
		}
	}
	for (i = 0; n > 1 && i < started; i++)
		pthread_join(t[i].tid, NULL);
	for (i = 0; run->lat && i < started; i++)
		lat_merge(run->lat, &t[i].stall);
	if (run->tty && run->shown > run->t0) {
		printf("\r\033[K");
		fflush(stdout);
	}
	free(t);
	return run->err;
}

static void setup_failed(const char *what, int err)
{
	fprintf(stderr, "hwsctl bench: %s: %s\n", what,
		strerror(err ? err : EIO));
}

static void result_fini(struct bench_result *r)
{
	lat_series_fini(&r->ins);
	lat_series_fini(&r->del);
}

static int bench_once(const struct bench_opts *o, const char *label,
		      struct bench_result *res)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.bwc_queues = o->threads,
	};
	struct mlx5hws_table_attr tattr = { .type = o->table, .level = 1 };
	uint32_t mask[MLX5HWS_MATCH_PARAM_SZ / 4] = { 0 };
	struct mlx5hws_context_stats before = { 0 }, after = { 0 };
	struct bench_run run = { .o = o, .tty = isatty(STDOUT_FILENO) };
	struct mlx5hws_action *action = NULL;
	struct mlx5hws_table *tbl = NULL;
	struct mlx5hws_context *ctx;
	bool failed = true;
	int err, derr;
	double t0;

	memset(res, 0, sizeof(*res));
	ctx = mlx5hws_context_open(o->device, &cattr);
	if (!ctx) {
		fprintf(stderr, "hwsctl bench: %s: %s\n", o->device,
			strerror(errno));
		return 1;
	}
	run.probe = hwsctl_probe_open(o->device);
	if (!run.probe)
		goto out;
	tbl = mlx5hws_table_create(ctx, &tattr);
	if (!tbl) {
		setup_failed("table", errno);
		goto out;
	}
	action = o->table == MLX5HWS_TABLE_TYPE_FDB ?
			 mlx5hws_action_create_dest_vport(
				 ctx, 1, MLX5HWS_ACTION_FLAG_FDB) :
			 mlx5hws_action_create_dest_drop(ctx, 1u << o->table);
	if (!action) {
		setup_failed("action", errno);
		goto out;
	}
	if (o->modify) {
		struct hws_dev_usage u0 = { 0 }, u1 = { 0 };
		uint64_t acts[BENCH_MODIFY_ACTIONS];
		struct mlx5hws_action_modify_header_attr mattr = {
			.log_bulk_size = hws_ilog2_ceil(o->rules),
			.num_actions = BENCH_MODIFY_ACTIONS,
			.actions = acts,
		};

		bench_modify_actions(acts, 0);
		hws_dev_query_usage(run.probe, &u0);
		run.modify = mlx5hws_action_create_modify_header(
			ctx, &mattr, 1u << o->table);
		if (!run.modify) {
			setup_failed("modify header action", errno);
			goto out;
		}
		hws_dev_query_usage(run.probe, &u1);
		res->arg_pages = u1.icm_pages - u0.icm_pages;
	}
	if (o->encap) {
		struct hws_dev_usage u0 = { 0 }, u1 = { 0 };
		struct mlx5hws_action_reformat_attr rattr = {
			.type = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2,
			.hdr_size = BENCH_ENCAP_HDR,
			.log_bulk_size = hws_ilog2_ceil(o->rules),
		};

		hws_dev_query_usage(run.probe, &u0);
		run.encap = mlx5hws_action_create_reformat(ctx, &rattr,
							   1u << o->table);
		if (!run.encap) {
			setup_failed("encap action", errno);
			goto out;
		}
		hws_dev_query_usage(run.probe, &u1);
		res->arg_pages += u1.icm_pages - u0.icm_pages;
	}
	five_tuple_init(&run.ft);
	five_tuple_mask(&run.ft, mask);
	run.ft.keys = o->keys;
	run.ft.seed = 1;
	run.bm = mlx5hws_bwc_matcher_create_attr(
		tbl,
		&(struct mlx5hws_bwc_matcher_attr){
			.comp_mask = MLX5HWS_BWC_MATCHER_ATTR_SIZE_POLICY,
			.match_criteria_enable = five_tuple_criteria(&run.ft),
			.mask = mask,
			.size_policy = o->policy,
		});
	if (!run.bm) {
		setup_failed("matcher", errno);
		goto out;
	}
	run.rules = calloc(o->rules, sizeof(*run.rules));
	if (!run.rules) {
		setup_failed("rule array", ENOMEM);
		goto out;
	}
	run.action.action = action;
	if (o->series) {
		run.series = fopen(o->series, "a");
		if (!run.series) {
			setup_failed(o->series, errno);
			goto out;
		}
		run.series_label = label;
	}
	if (o->latency &&
	    (lat_series_init(&res->ins, o->rules) ||
	     lat_series_init(&res->del, o->rules))) {
		setup_failed("latency arrays", ENOMEM);
		goto out;
	}
	mlx5hws_context_query_stats(ctx, &before);

	run.lat = o->latency ? &res->ins : NULL;
	t0 = now();
	err = run_threads(&run, insert_thread);
	res->seconds = now() - t0;
	if (run.series && fclose(run.series) && !err) {
		err = errno;
		setup_failed(o->series, err);
	}
	if (!err) {
		mlx5hws_context_query_stats(ctx, &after);
		res->host_bytes = after.host_bytes - before.host_bytes;
		res->info.comp_mask = MLX5HWS_BWC_MATCHER_INFO_MOVES |
				      MLX5HWS_BWC_MATCHER_INFO_SIZING;
		mlx5hws_bwc_matcher_query(run.bm, &res->info);
		hws_dev_query_usage(run.probe, &res->usage);
	}
	/*
	 * The rules go in any case, also after a failed insertion, so that
	 * the device is clean for a following run; --delete times it.
	 */
	run.lat = o->latency && !err ? &res->del : NULL;
	t0 = now();
	derr = run_threads(&run, delete_thread);
	if (derr) {
		/* what threads that failed or never started left behind */
		struct bench_thread all = { .run = &run, .count = o->rules };

		delete_thread(&all);
		if (!err)
			err = derr;
	}
	if (!err && o->del) {
		struct hws_dev_usage u = { 0 };

		res->delete_seconds = now() - t0;
		hws_dev_query_usage(run.probe, &u);
		res->icm_after_delete = u.icm_pages;
		res->deleted = true;
	}
	res->matchers_peak = run.matchers_peak;
	res->failed_inserts = run.failed_inserts;
	failed = err != 0;
out:
	if (run.bm) {
		err = mlx5hws_bwc_matcher_destroy(run.bm);
		if (err) {
			setup_failed("matcher destroy", err);
			failed = true;
		}
	}
	if (run.modify) {
		err = mlx5hws_action_destroy(run.modify);
		if (err) {
			setup_failed("modify header destroy", err);
			failed = true;
		}
	}
	if (run.encap) {
		err = mlx5hws_action_destroy(run.encap);
		if (err) {
			setup_failed("encap destroy", err);
			failed = true;
		}
	}
	if (action) {
		err = mlx5hws_action_destroy(action);
		if (err) {
			setup_failed("action destroy", err);
			failed = true;
		}
	}
	if (res->deleted && run.probe) {
		struct hws_dev_usage u = { 0 };

		hws_dev_query_usage(run.probe, &u);
		res->icm_after_destroy = u.icm_pages;
	}
	if (tbl) {
		err = mlx5hws_table_destroy(tbl);
		if (err) {
			setup_failed("table destroy", err);
			failed = true;
		}
	}
	if (run.probe)
		hws_dev_close(run.probe);
	err = mlx5hws_context_close(ctx);
	if (err) {
		setup_failed("context close", err);
		failed = true;
	}
	free(run.rules);
	if (failed)
		result_fini(res);
	return failed ? 1 : 0;
}

static double rss_peak_mib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024.0;
}

static unsigned long long per_sec(unsigned long n, double seconds)
{
	return seconds > 0 ? (unsigned long long)(n / seconds) : 0;
}

/* A direction's sizing: its policy in force and the growths for room. */
static void report_sizing(struct out *out, const char *dir,
			  const struct mlx5hws_bwc_sizing_info *z)
{
	char key[32];

	snprintf(key, sizeof(key), "policy_%s", dir);
	out_str(out, key,
		z->size_policy == MLX5HWS_BWC_SIZE_ASSURED ? "assured" :
							     "compact");
	snprintf(key, sizeof(key), "fallback_%s", dir);
	out_u64(out, key, z->fell_back);
	snprintf(key, sizeof(key), "forced_growths_%s", dir);
	out_u64(out, key, z->forced_growths);
	snprintf(key, sizeof(key), "col_growths_%s", dir);
	out_u64(out, key, z->col_growths);
	snprintf(key, sizeof(key), "col_rules_%s", dir);
	out_u64(out, key, z->col_rules);
	snprintf(key, sizeof(key), "col_slots_%s", dir);
	out_u64(out, key, z->col_slots);
}

/* One run; the process-wide rss_peak_mib is the caller's. */
static void report(struct out *out, const struct bench_opts *o,
		   struct bench_result *r)
{
	out_u64(out, "rules", o->rules);
	out_dbl(out, "seconds", r->seconds);
	out_u64(out, "rules_per_sec", per_sec(o->rules, r->seconds));
	out_u64(out, "size_log_rx", r->info.dir[MLX5HWS_MATCHER_SIZE_TYPE_RX].size_log);
	out_u64(out, "size_log_tx", r->info.dir[MLX5HWS_MATCHER_SIZE_TYPE_TX].size_log);
	out_u64(out, "rehash_rx", r->info.dir[MLX5HWS_MATCHER_SIZE_TYPE_RX].rehashes);
	out_u64(out, "rehash_tx", r->info.dir[MLX5HWS_MATCHER_SIZE_TYPE_TX].rehashes);
	out_u64(out, "icm_pages", r->usage.icm_pages);
	out_u64(out, "icm_pages_peak", r->usage.icm_pages_peak);
	if (o->modify || o->encap)
		out_u64(out, "icm_pages_arg", r->arg_pages);
	out_u64(out, "failed_inserts", r->failed_inserts);
	report_sizing(out, "rx", &r->info.sizing[MLX5HWS_MATCHER_SIZE_TYPE_RX]);
	report_sizing(out, "tx", &r->info.sizing[MLX5HWS_MATCHER_SIZE_TYPE_TX]);
	out_dbl(out, "host_bytes_per_rule",
		o->rules ? (double)r->host_bytes / o->rules : 0);
	if (r->deleted) {
		out_dbl(out, "delete_seconds", r->delete_seconds);
		out_u64(out, "deletes_per_sec",
			per_sec(o->rules, r->delete_seconds));
		out_u64(out, "icm_pages_after_delete", r->icm_after_delete);
		out_u64(out, "icm_pages_after_destroy", r->icm_after_destroy);
	}
	if (o->latency) {
		out_str(out, "latency_clock",
			o->cpu_time ? "thread_cpu" : "wall");
		lat_report(out, "insert", &r->ins);
		lat_report(out, "delete", &r->del);
		/* at the end of the inserts, and the most at any time */
		out_u64(out, "moves_pending", r->info.moves_pending);
		out_u64(out, "matchers_peak", r->matchers_peak);
	}
}

static const char bench_help[] =
	"Usage: hwsctl bench --rules N [--source uplink|vport|any]\n"
	"                    [--table fdb|nic_rx|nic_tx] [--threads T] [--delete]\n"
	"                    [--compare] [--latency [--cpu-time]] [--modify]\n"
	"                    [--encap]\n"
	"                    [--series FILE] [--keys sequential|random|sparse]\n"
	"                    [--policy compact|assured]\n"
	"                    [--device NAME] [--json]\n"
	"Insert N distinct 5-tuple rules into one BWC matcher and report the\n"
	"time, the matcher's sizes and the device memory (on the model).\n"
	"  -n, --rules N      how many rules (required)\n"
	"  -s, --source S     flow source: uplink (RX only), vport (TX only) or any\n"
	"  -t, --table T      fdb (default), nic_rx or nic_tx\n"
	"  -T, --threads T    insert from T threads, each with its own BWC queue\n"
	"  -D, --delete       time the deletion of the rules too (they are\n"
	"                     deleted in any case) and report the device memory\n"
	"                     left after it\n"
	"  -c, --compare      run uplink and any in one process; add pages_ratio\n"
	"                     (rss_peak_mib is the process's, over both runs)\n"
	"  -l, --latency      time every insert and delete: p50, p99, p99.9 and\n"
	"                     max, and the longest stall with its cause\n"
	"  -u, --cpu-time     --latency in each thread's CPU time, not the wall\n"
	"  -m, --modify       each rule also rewrites its destination address and\n"
	"                     port from its own modify-header argument\n"
	"  -e, --encap        each rule also puts its packets in a VXLAN tunnel\n"
	"                     of its own (a 50-byte header in an ARG entry)\n"
	"  -k, --keys K       sequential (default), random (uniform 5-tuples\n"
	"                     from a fixed seed) or sparse (every 4th bit)\n"
	"  -p, --policy P     BWC size policy: compact (default) or assured\n"
	"  -S, --series FILE  append 'label rules icm_pages' points to FILE\n"
	"  -d, --device NAME  sim (default), sim:key=value,... or an RDMA device\n"
	"  -j, --json         one JSON object instead of lines\n"
	"  -h, --help         this text\n";

static int parse_source(const char *s, uint32_t *src)
{
	if (!strcmp(s, "any"))
		*src = MLX5HWS_FLOW_SOURCE_ANY;
	else if (!strcmp(s, "uplink"))
		*src = MLX5HWS_FLOW_SOURCE_UPLINK;
	else if (!strcmp(s, "vport"))
		*src = MLX5HWS_FLOW_SOURCE_LOCAL_VPORT;
	else
		return -1;
	return 0;
}

static int parse_keys(const char *s, enum five_tuple_keys *keys)
{
	if (!strcmp(s, "sequential"))
		*keys = FIVE_TUPLE_SEQUENTIAL;
	else if (!strcmp(s, "random"))
		*keys = FIVE_TUPLE_RANDOM;
	else if (!strcmp(s, "sparse"))
		*keys = FIVE_TUPLE_SPARSE;
	else
		return -1;
	return 0;
}

int cmd_bench(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, 'n' },
		{ "source", required_argument, NULL, 's' },
		{ "table", required_argument, NULL, 't' },
		{ "threads", required_argument, NULL, 'T' },
		{ "delete", no_argument, NULL, 'D' },
		{ "compare", no_argument, NULL, 'c' },
		{ "latency", no_argument, NULL, 'l' },
		{ "cpu-time", no_argument, NULL, 'u' },
		{ "modify", no_argument, NULL, 'm' },
		{ "encap", no_argument, NULL, 'e' },
		{ "series", required_argument, NULL, 'S' },
		{ "keys", required_argument, NULL, 'k' },
		{ "policy", required_argument, NULL, 'p' },
		{ "device", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench_opts o = {
		.device = "sim", .source = MLX5HWS_FLOW_SOURCE_ANY,
		.table = MLX5HWS_TABLE_TYPE_FDB, .threads = 1,
	};
	struct bench_result r[2];
	struct out out;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "n:s:t:T:DcluS:k:p:d:jhme", opts,
				NULL)) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			o.rules = strtoul(optarg, &end, 0);
			if (errno || *end || !o.rules ||
			    (unsigned long long)o.rules > 1ull << 32)
				return usage_error("bench", "bad rule count '%s'",
						   optarg);
			break;
		case 's':
			if (parse_source(optarg, &o.source))
				return usage_error("bench", "bad source '%s'",
						   optarg);
			break;
		case 't':
			if (hwsctl_parse_table_type(optarg, &o.table))
				return usage_error("bench", "bad table '%s'",
						   optarg);
			break;
		case 'T': {
			unsigned long threads;

			errno = 0;
			threads = strtoul(optarg, &end, 0);
			if (errno || *end || !threads || threads > 64)
				return usage_error("bench", "threads: 1..64");
			o.threads = threads;
			break;
		}
		case 'D':
			o.del = true;
			break;
		case 'c':
			o.compare = true;
			break;
		case 'l':
			o.latency = true;
			break;
		case 'u':
			o.cpu_time = true;
			break;
		case 'm':
			o.modify = true;
			break;
		case 'e':
			o.encap = true;
			break;
		case 'S':
			o.series = optarg;
			break;
		case 'k':
			if (parse_keys(optarg, &o.keys))
				return usage_error("bench", "bad keys '%s'",
						   optarg);
			break;
		case 'p':
			if (!strcmp(optarg, "compact"))
				o.policy = MLX5HWS_BWC_SIZE_COMPACT;
			else if (!strcmp(optarg, "assured"))
				o.policy = MLX5HWS_BWC_SIZE_ASSURED;
			else
				return usage_error("bench", "bad policy '%s'",
						   optarg);
			break;
		case 'd':
			o.device = optarg;
			break;
		case 'j':
			o.json = true;
			break;
		case 'h':
			fputs(bench_help, stdout);
			return 0;
		default:
			return usage_error("bench", "bad option");
		}
	}
	if (optind != argc)
		return usage_error("bench", "unexpected argument '%s'",
				   argv[optind]);
	if (!o.rules)
		return usage_error("bench", "--rules is required");
	if (o.rules < o.threads)
		return usage_error("bench", "fewer rules than threads");
	if (o.compare && o.table != MLX5HWS_TABLE_TYPE_FDB)
		return usage_error("bench", "--compare needs an FDB table");
	if (o.series) {
		FILE *f = fopen(o.series, "w");

		if (!f) {
			fprintf(stderr, "hwsctl bench: %s: %s\n", o.series,
				strerror(errno));
			return 1;
		}
		fprintf(f, "# label rules icm_pages\n");
		if (fclose(f)) {
			fprintf(stderr, "hwsctl bench: %s: %s\n", o.series,
				strerror(errno));
			return 1;
		}
	}

	if (!o.compare) {
		if (bench_once(&o, "run", &r[0]))
			return 1;
		out_begin(&out, o.json);
		report(&out, &o, &r[0]);
		out_dbl(&out, "rss_peak_mib", rss_peak_mib());
		out_end(&out);
		result_fini(&r[0]);
		return 0;
	}
	o.source = MLX5HWS_FLOW_SOURCE_UPLINK;
	if (bench_once(&o, "rx_only", &r[0]))
		return 1;
	o.source = MLX5HWS_FLOW_SOURCE_ANY;
	if (bench_once(&o, "bidirectional", &r[1])) {
		result_fini(&r[0]);
		return 1;
	}
	out_begin(&out, o.json);
	out_section(&out, "uplink");
	report(&out, &o, &r[0]);
	out_section(&out, "any");
	report(&out, &o, &r[1]);
	out_section(&out, NULL);
	out_dbl(&out, "pages_ratio",
		r[1].usage.icm_pages ?
			(double)r[0].usage.icm_pages / r[1].usage.icm_pages :
			0);
	out_dbl(&out, "rss_peak_mib", rss_peak_mib());
	out_end(&out);
	result_fini(&r[0]);
	result_fini(&r[1]);
	return 0;
}
