/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The rewrite tests' bench on the model (model_rewrite.c): raw PRM bytes
 * for patterns, ARGs and rewrite STCs; tables a and b, each with an RTC of
 * one STE that every packet hits; an SQ; frames with their checksums.
 */
#ifndef HWS_TEST_MODEL_REWRITE_H
#define HWS_TEST_MODEL_REWRITE_H

#include "libhws/cmd.h"
#include "model_queue.h"

#define NIC "rwtest"

/* STC slots every test programs (stc_fixed) */
enum {
	S_NOP_CTRL,
	S_ALLOW,
	S_NOP_DW5,
	S_NOP_DW6,
	S_NOP_DW7,
	S_DROP,
	S_JUMP_B, /* to table b */
	S_TAG, /* DW5 */
	S_REWRITE1, /* the tests' own from here */
	S_REWRITE2,
	S_REWRITE3,
	S_JUMP_STE,
	S_SLOTS = 16,
};

struct t_rw {
	struct hws_dev *dev;
	struct hws_obj pd, all, stc, ste, ft_a, ft_b, rtc_a, rtc_b;
	struct t_queue q;
};

struct t_frame {
	uint8_t b[256];
	size_t len;
};

int t_rw_pattern(struct hws_dev *dev, const uint8_t *actions, unsigned int n,
		 struct hws_obj *pat);
int t_rw_arg(struct hws_dev *dev, uint8_t log, uint32_t pdn,
	     struct hws_obj *arg);
/* 8-byte SET/ADD and COPY/ADD_FIELD actions; len 32 is written as 0 */
void t_rw_set(uint8_t *a, uint32_t type, uint32_t field, uint32_t off,
	      uint32_t len, uint32_t data);
void t_rw_copy(uint8_t *a, uint32_t type, uint32_t src, uint32_t soff,
	       uint32_t dst, uint32_t doff, uint32_t len);
/* MODIFY of STC slot: action, STE DW, reparse mode, 16 bytes of param. */
int t_rw_stc(struct hws_obj *stc, uint32_t slot, uint8_t action, uint8_t offset,
	     uint8_t reparse, const uint8_t *param);
void t_rw_stc_std(struct t_rw *f, uint32_t slot, uint8_t action, uint8_t offset,
		  uint32_t table_id);
void t_rw_open(struct t_rw *f, const char *keys);
void t_rw_close(struct t_rw *f);
/* The CQE n: success (vendor 0), or an error with that vendor syndrome. */
void t_rw_expect_cqe(struct t_rw *f, unsigned int n, uint8_t vendor);
/*
 * Write the STE at dirix of rtc: stc_ix HIT, DW5, DW6, DW7, and the STE's
 * DW4 (HIT_LSB), DW5 and DW7; it must complete.
 */
void t_rw_rule(struct t_rw *f, const struct hws_obj *rtc, uint32_t dirix,
	       uint32_t hit, uint32_t dw5_slot, uint32_t dw6_slot,
	       uint32_t dw7_slot, uint32_t hit_lsb, uint32_t dw5, uint32_t dw7);
/* A MOD_ARG write that completes with vendor syndrome vendor (0: OK). */
void t_rw_arg_put(struct t_rw *f, uint32_t index, const uint8_t *data,
		  uint8_t vendor);
uint32_t t_rw_sum(const uint8_t *p, size_t n, uint32_t sum);
/* 0 when the IPv4 header at ip and its TCP/UDP checksum are right */
int t_rw_csum_bad(const uint8_t *f, size_t len, size_t ip);
void t_rw_put(struct t_frame *fr, const void *p, size_t n);
void t_rw_put16(struct t_frame *fr, uint16_t v);
void t_rw_eth(struct t_frame *fr, uint8_t last);
void t_rw_ipv4(struct t_frame *fr, uint8_t proto, uint8_t ttl, uint32_t sip,
	       uint32_t dip, uint16_t dport, size_t payload, bool udp_csum);
/* Ethernet, IPv4 10.0.0.1 > 10.0.0.2 with ttl, TCP to port 80. */
struct t_frame t_rw_tcp(uint8_t ttl);
/* The 50-byte VXLAN header of the encap tests, lengths left 0. */
void t_rw_vxlan_hdr(struct t_frame *fr, uint32_t vni);
/* Trace a frame from table ft; the verdict lives until the next call. */
struct hws_verdict *t_rw_trace(struct t_rw *f, const struct hws_obj *ft,
			       const struct t_frame *fr);

#endif /* HWS_TEST_MODEL_REWRITE_H */
