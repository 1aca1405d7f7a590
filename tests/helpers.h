/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/* Shared helpers for the Check suites. */
#ifndef HWS_TEST_HELPERS_H
#define HWS_TEST_HELPERS_H

#include <check.h>
#include <stdint.h>

#include <infiniband/mlx5hws.h>

#include "providers/provider.h"
#include "providers/sim/sim.h"

/*
 * An assertion for hot loops: Check's ck_assert_* report every passing
 * check to the parent process, which costs a system call.
 */
#define t_check(expr, ...)                                                     \
	do {                                                                   \
		if (!(expr))                                                   \
			ck_abort_msg(__VA_ARGS__);                             \
	} while (0)

/* Open a model device; fails the test on error. */
struct hws_dev *t_dev_open(const char *spec);
/*
 * Open a context on a model spec ("sim:nic=NAME,keys").  With
 * HWS_TEST_DEVICE set (e.g. mlx5_0) the context opens that RDMA device
 * instead, whose stand-in runs the same model spec (tests/README).
 */
struct mlx5hws_context *t_ctx_open(const char *spec,
				   const struct mlx5hws_context_attr *attr);

/* A BWC test's context, table, drop action and matcher. */
struct t_bwc_env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_action *drop;
	struct mlx5hws_bwc_matcher *bm;
	enum mlx5hws_table_type type;
	char nic[32];
};

/*
 * Open a BWC context of bwc_queues queues (0: one) on model NIC nic, its
 * spec's keys after it ("" for none), a table of type at level 1 and a
 * drop action; the test makes e->bm.
 */
void t_bwc_env_open(struct t_bwc_env *e, const char *nic, const char *keys,
		    enum mlx5hws_table_type type, uint16_t bwc_queues);
/*
 * e->bm: a matcher on the outer IPv4 destination, UDP destination port and
 * IP version, sized by policy.
 */
void t_bwc_env_matcher(struct t_bwc_env *e,
		       enum mlx5hws_bwc_size_policy policy);
/* Destroy the matcher, the action, the table and the context, and the NIC. */
void t_bwc_env_close(struct t_bwc_env *e);

/* The model NIC of a name ("sim" when opened as plain sim). */
struct sim_nic *t_nic(const char *name);
struct sim_stats t_stats(const char *nic);
/* Device objects of every kind the NIC holds. */
uint32_t t_objects(const char *nic);

/* Messages the library logged since t_log_capture() */
void t_log_capture(void);
const char *t_log_text(void);

/* fte_match_param buffers, set by field name */
struct t_param {
	uint32_t buf[MLX5HWS_MATCH_PARAM_SZ / 4];
};

void t_set(struct t_param *p, const char *field, uint64_t value);
void t_set_bytes(struct t_param *p, const char *field, const uint8_t *v,
		 size_t len);
/* Mask a field fully, or its top prefix bits. */
void t_mask(struct t_param *p, const char *field);
void t_mask_prefix(struct t_param *p, const char *field, unsigned int bits);
uint8_t t_criteria(const char *field);
/*
 * The tunnel type a tunnel's field needs in a mask (the whole outer UDP
 * port or IP protocol) and its usual value; NULL for other fields.
 */
const char *t_tunnel_type(const char *field, uint32_t *value);

/* Complete every operation on a queue; returns the number of errors. */
unsigned int t_drain(struct mlx5hws_context *ctx, uint16_t queue);

/*
 * Run a shell command with its stderr folded into out (size bytes, NUL
 * ended); returns its exit status.
 */
int t_command(char *out, size_t size, const char *cmd);
/* Write text to path, replacing what was there. */
void t_write_file(const char *path, const char *text);

/* Classify a packet whose fields are in p on the model. */
struct hws_verdict t_classify(const char *nic, struct mlx5hws_table *tbl,
			      enum hws_side side, uint16_t vport,
			      const struct t_param *p);

/* A packet whose fields are in p arrives at the model NIC's port. */
struct hws_verdict t_inject(const char *nic, enum hws_side side,
			    uint16_t vport, const struct t_param *p);

/* Run a suite and return the process exit status. */
int t_run(Suite *s);

#define t_assert_refused(nic, st, synd)                                        \
	do {                                                                   \
		struct sim_stats _s = t_stats(nic);                            \
		ck_assert_uint_eq(_s.last_status, (st));                       \
		ck_assert_msg(_s.last_syndrome == (synd),                      \
			      "syndrome %s, expected %s",                      \
			      sim_syndrome_name(_s.last_syndrome),             \
			      sim_syndrome_name(synd));                        \
	} while (0)

#endif /* HWS_TEST_HELPERS_H */
