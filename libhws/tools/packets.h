/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * hwsctl's packets on the device: what steering did with one (a line, or a
 * trace of every hop), and a whole capture run through the rules.
 */
#ifndef HWSCTL_PACKETS_H
#define HWSCTL_PACKETS_H

#include <stdbool.h>
#include <stdio.h>

#include "providers/provider.h"

/* The names the rule file gave what the device reports by number. */
struct packets_namer {
	void *arg;
	/* a table by flow table id; NULL if it is none of the file's */
	const char *(*table)(void *arg, uint32_t ft_id);
	/* the rule an STE hit belongs to, and its matcher; NULL if none */
	const char *(*rule)(void *arg, const struct hws_hit *h,
			    const char **matcher);
	/* an RQ, a TIR by number; NULL (or no function) if none of the file's */
	const char *(*rq)(void *arg, uint32_t rqn);
	const char *(*tir)(void *arg, uint32_t tirn);
};

/* How packets enter and what is printed of them: hwsctl apply's options. */
struct packets_opts {
	bool trace; /* every hop, not one line */
	const char *pcap_in; /* a capture to run through the rules */
	const char *pcap_out; /* a folder for the captures per destination */
	const char *table; /* where the capture's frames enter */
	enum hws_side side;
	uint16_t vport; /* the sending vport, for HWS_SIDE_TX */
	bool rate; /* time the capture's run */
};

/* "hits R1,R2 result vport=3 tag=0x3" and a newline. */
void packets_print_line(FILE *f, const struct packets_namer *nm,
			const struct hws_verdict *v);
/* Each hop: table, matcher, rule, STE, actions; then the result. */
void packets_print_trace(FILE *f, const struct packets_namer *nm,
			 const struct hws_verdict *v);
/*
 * Run every frame of o->pcap_in from flow table ft_id; count and write
 * them per destination.  Returns hwsctl's exit status: 2 for a capture
 * that is damaged or holds a frame only in part.
 */
int packets_run_capture(struct hws_dev *probe, uint32_t ft_id,
			const struct packets_opts *o,
			const struct packets_namer *nm);

#endif /* HWSCTL_PACKETS_H */
