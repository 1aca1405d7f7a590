/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The reformat suites' frames and tables: two tables on the model NIC, a
 * rule each, frames built byte by byte and the frame the device sends.
 */
#ifndef HWS_TEST_REFORMAT_COMMON_H
#define HWS_TEST_REFORMAT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "helpers.h"

#define NIC "reformat"

#define RX MLX5HWS_ACTION_FLAG_NIC_RX

struct rf_frame {
	uint8_t b[256];
	size_t n;
};

/* Append n bytes to f. */
void rf_put(struct rf_frame *f, const void *p, size_t n);

/* Ethernet with VLAN tags (TPID << 16 | TCI), IPv4 from src, UDP, payload */
struct rf_frame rf_udp(const uint32_t *tags, int ntags, uint32_t src);

/* The inner frame in outer Ethernet/IPv4/UDP 4789/VXLAN VNI 42. */
struct rf_frame rf_vxlan(const struct rf_frame *inner);

/*
 * The model NIC: by default one that reparses by STC; the loop tests'
 * second run takes one whose RTCs reparse after every STE (no BY_STC).
 */
extern const char *rf_spec, *rf_nic;

/* Loop run i of a test: the second takes the NIC that reparses by RTC. */
void rf_nic_of(int i);

struct rf_env {
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl[2];
	struct mlx5hws_action *drop, *to2;
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action_template *at[2];
	struct mlx5hws_matcher *m[2];
	struct mlx5hws_rule *r[2];
	struct mlx5hws_action *own[6]; /* the test's, destroyed last */
	struct mlx5hws_match_template *own_mt;
};

/* a, which must exist, becomes the test's own: rf_close() destroys it. */
struct mlx5hws_action *rf_own(struct rf_env *e, struct mlx5hws_action *a);

/*
 * A context on rf_spec with tables of levels 1 and 2, a drop, a jump to the
 * second table and a match template on the outer IPv4 source.
 */
void rf_open(struct rf_env *e);

/*
 * The rule of table i: the packets from src take the actions ra of types
 * (the last one the terminal).
 */
void rf_rule(struct rf_env *e, int i, uint32_t src,
	     const enum mlx5hws_action_type *types, unsigned int n,
	     const struct mlx5hws_rule_action *ra);

/* Destroy the rules, then everything rf_open() and the test made. */
void rf_close(struct rf_env *e);

/* Send f into table 0; it must be dropped, and leave as want. */
void rf_expect(const struct rf_env *e, const struct rf_frame *f,
	       const struct rf_frame *want);

/* VLAN 100 and a QinQ tag of VLAN 5 (TPID << 16 | TCI) */
extern const uint32_t rf_vlan, rf_qinq;

/* Destroy the rule of table i, its matcher and its template. */
void rf_drop_rule(struct rf_env *e, int i);

#endif /* HWS_TEST_REFORMAT_COMMON_H */
