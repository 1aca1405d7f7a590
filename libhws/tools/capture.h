/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * hwsctl's packet captures, through libpcap: the frames of a capture in,
 * and the frames each destination got out, one capture per destination.
 */
#ifndef HWSCTL_CAPTURE_H
#define HWSCTL_CAPTURE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

struct capture_in;

/* Open an Ethernet capture; NULL, with the reason printed, on failure. */
struct capture_in *capture_open(const char *path);
/* The same from a stream, which the capture then owns; path names it. */
struct capture_in *capture_open_stream(FILE *f, const char *path);
/*
 * The next frame: 1 with it in *data and *len (valid until the next call),
 * 0 at the end, -1 with the reason printed for a capture that is damaged
 * or a frame it holds only part of.
 */
int capture_next(struct capture_in *c, const uint8_t **data, uint32_t *len,
		 struct timeval *ts);
/* The number of the frame capture_next() gave last, from 1. */
unsigned long capture_frame_number(const struct capture_in *c);
void capture_close(struct capture_in *c);

struct capture_sinks;

/* Count frames by destination; with dir, also write DIR/NAME.pcap. */
struct capture_sinks *capture_sinks_open(const char *dir);
/* 0, or -1 with the reason printed. */
int capture_sink_put(struct capture_sinks *s, const char *name,
		     const uint8_t *data, uint32_t len,
		     const struct timeval *ts);
/* "NAME COUNT, ..." in the order the destinations first got a frame. */
void capture_sinks_report(const struct capture_sinks *s, FILE *f);
/* Flush and close the captures: 0, or -1 with the reason printed. */
int capture_sinks_close(struct capture_sinks *s);

#endif /* HWSCTL_CAPTURE_H */
