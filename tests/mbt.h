/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/* The model-based test (test_mbt.c): its state, shared with its reference. */
#ifndef HWS_TEST_MBT_H
#define HWS_TEST_MBT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "helpers.h"
#include "libhws/context.h"
#include "libhws/prm.h"

#define NIC "mbt"
#define MATCHERS 3
#define MAX_KEYS 1024
#define EPOCH_OPS 32768
#define SWEEP_OPS 2048
#define FAULT_PER_MILLE 10
#define RANDOM_KEYS 4 /* classified after each operation */
#define RANDOM_KEYS_FAULT 32 /* after one with faults */
#define CTR_LOG 4
#define HISTORY 8

enum mbt_list { L_DROP, L_VPORT, L_CTR_VPORT, L_CTR_TAG_VPORT, L_MAX };

enum mbt_fault_kind {
	FK_CMD, /* one command fails */
	FK_WQE, /* one WQE fails: a full row or an error CQE */
	FK_WQE_REPEAT, /* a WQE and every one or two after it */
	FK_CMD_WQE, /* a command and a WQE */
	FK_SQ_RECOVERY, /* an error CQE, and MODIFY_SQ fails in the recovery */
	FK_MAX,
};

enum mbt_op_kind {
	OP_INSERT,
	OP_DELETE,
	OP_UPDATE,
	OP_QUERY_RULE,
	OP_QUERY_MATCHER,
	OP_MATCHER_CREATE,
	OP_MATCHER_DESTROY,
	OP_MAX,
};

struct mbt_actions {
	uint8_t list;
	uint32_t tag;
};

/* A rule the reference holds: the library returned it. */
struct mbt_rule {
	struct mlx5hws_bwc_rule *h;
	uint8_t dirs; /* the directions it holds values in (EEXIST) */
	uint8_t placed; /* the directions it classifies in */
	uint8_t nvar; /* 2 after an update the device half did */
	struct mbt_actions var[2];
	uint8_t thread;
	bool failed; /* an update or a delete failed: delete it next */
};

/*
 * An insert that failed with faults armed may leave an STE that the
 * library could not take back while the faults lasted.  It may still
 * classify, with the insert's actions, until the next sweep after a rule
 * create or destroy on its matcher ran without faults (the library tries
 * again on each); from then on it is a phantom.
 */
struct mbt_limbo {
	uint8_t dirs;
	struct mbt_actions act;
};

enum mbt_mode { MODE_GROW, MODE_CHURN, MODE_DRAIN, MODE_MAX };

struct mbt_matcher {
	struct mlx5hws_bwc_matcher *bm;
	enum mbt_mode mode;
	bool dying; /* a destroy failed: only destroy it again */
	/* a faulted insert left limbo, and no clean create or destroy ran */
	bool orphans;
	uint32_t rules[2];
	struct mbt_rule r[MAX_KEYS][2];
};

/* What an epoch draws. */
struct mbt_swarm {
	uint32_t keys;
	uint64_t icm_max; /* 0: no limit */
	unsigned int fault_kinds;
	bool dups; /* insert values that a live rule holds, now and then */
};

struct mbt_fault {
	bool armed;
	enum mbt_fault_kind kind;
	uint32_t cmd_nth, cmd_count, wqe_nth, wqe_every;
	uint16_t cmd_opcode;
	uint8_t cmd_status;
	enum sim_wqe_fault wqe;
};

struct mbt_op {
	uint64_t index;
	enum mbt_op_kind kind;
	unsigned int m, key, slot, source, thread;
	struct mbt_actions act;
	struct mbt_fault fault;
	bool failed;
	char text[160];
};

struct mbt_stats {
	uint64_t ops[OP_MAX], faults[FK_MAX], classified, sweeps, epochs,
		icm_epochs, insert_ok, insert_fail, dups, delete_fail,
		half_deleted, update_fail, update_mixed, create_fail,
		destroy_fail, busy, rehashes, shrinks, peak_rules, log_lines;
};

/* The other BWC queue's thread: runs inserts it is handed, one at a time. */
struct mbt_helper {
	pthread_t tid;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	void (*fn)(void *arg);
	void *arg;
	bool busy, quit;
};

struct mbt {
	uint64_t seed, rng, nops;
	bool trace; /* print every operation */
	char epoch_text[160];
	int bad_key; /* the key a divergence is about, or -1 */
	struct mbt_swarm sw;
	struct sim_nic *nic;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	uint32_t ft_id;
	struct mlx5hws_action *drop, *vport[3], *ctr, *tag;
	uint64_t empty_icm, base_icm;
	uint32_t empty_objects[SIM_OBJ_KIND_MAX];
	struct t_param mask[MATCHERS], value[MATCHERS][MAX_KEYS],
		packet[MAX_KEYS];
	struct mbt_matcher ms[MATCHERS];
	/* for a divergence: the last operation, and the last failed one, on
	 * each key of each matcher
	 */
	uint64_t last_op[MATCHERS][MAX_KEYS], last_failed[MATCHERS][MAX_KEYS];
	struct mbt_limbo limbo[MATCHERS][MAX_KEYS];
	struct mbt_op op;
	char history[HISTORY][384];
	char last_fault
		[3]
		[384]; /* the last faulted op on each queue, and of a matcher */
	struct mbt_helper helper;
	struct mbt_stats st;
};

extern char mbt_log_last[512];
extern uint64_t mbt_log_count;

/* The reference and its checks (mbt_ref.c) */
void mbt_log(enum mlx5hws_log_level level, const char *msg, void *arg);
void mbt_fault_text(const struct mbt_fault *f, char *buf, size_t len);
/* A divergence: the seed, the operation, what differed, and the history. */
__attribute__((format(printf, 2, 3), noreturn)) void
mbt_diverge(struct mbt *t, const char *fmt, ...);
unsigned int mbt_fill_actions(const struct mbt *t, unsigned int key,
			      const struct mbt_actions *a,
			      struct mlx5hws_rule_action ra[3]);
int mbt_actions_text(const struct mbt_actions *a, char *buf, size_t len);
/* The rule of matcher m holding key in side (placed: written there). */
struct mbt_rule *mbt_owner(struct mbt *t, unsigned int m, unsigned int key,
			   unsigned int side, bool placed);
uint8_t mbt_dirs_of(uint32_t source);
const char *mbt_source_name(uint32_t source);
void mbt_count(struct mbt_matcher *ms, uint8_t dirs, int delta);
/* Classify key's packet from both sides; diverge unless as the reference says. */
void mbt_check_key(struct mbt *t, unsigned int key);
/* The matcher counts the rules the reference has in each direction. */
void mbt_check_counts(struct mbt *t, unsigned int m);
/* A failed call: a listed errno, and one its faults explain. */
void mbt_check_error(struct mbt *t, int err, const char *call);
/* ICM pages (the seam's query_usage) and device objects (the model). */
void mbt_levels(struct mbt *t, uint64_t *icm, uint32_t *objects);
void mbt_sweep(struct mbt *t);

#endif /* HWS_TEST_MBT_H */
