/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
#ifndef HWSCTL_H
#define HWSCTL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <infiniband/mlx5hws.h>

struct hws_dev;
struct packets_opts;

struct out {
	bool json;
	bool in_section;
	/* members written at the current level, and at the top level while
	 * in a section
	 */
	unsigned int count;
	unsigned int outer_count;
};

void out_begin(struct out *o, bool json);
void out_u64(struct out *o, const char *name, unsigned long long v);
void out_hex(struct out *o, const char *name, unsigned long long v);
void out_dbl(struct out *o, const char *name, double v);
void out_str(struct out *o, const char *name, const char *v);
/* Start a named group of lines (a nested object in JSON); NULL ends it. */
void out_section(struct out *o, const char *name);
void out_end(struct out *o);

int cmd_bench(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int hwsctl_parse_table_type(const char *s, enum mlx5hws_table_type *t);
/*
 * Carry out the rule file f (named file in messages) on a context of
 * device, then run the capture opts names, if any, and dump to dump_path
 * if it is set; quiet prints no packet or counter lines.  Returns the exit
 * status of hwsctl apply.
 */
int hwsctl_apply_stream(FILE *f, const char *file, const char *device,
			const char *dump_path, bool quiet,
			const struct packets_opts *opts);

/*
 * The value forms of a rule file (values.c).  Each returns NULL, or why
 * the word is malformed.  A number (decimal, 0x hex, 0 octal) of at most
 * bits bits:
 */
const char *hwsctl_parse_number(const char *s, unsigned int bits,
				unsigned long long *v);
/* A value or mask of field f, into len right-aligned big-endian bytes: */
const char *hwsctl_parse_value(const struct mlx5hws_match_field *f,
			       const char *s, uint8_t *out, size_t len);
/* A prefix length of field f, as a mask of len bytes: */
const char *hwsctl_parse_prefix(const struct mlx5hws_match_field *f,
				const char *s, uint8_t *out, size_t len);
/* The mask of the first bits bits of field f: */
void hwsctl_prefix_mask(const struct mlx5hws_match_field *f,
			unsigned int bits, uint8_t *out, size_t len);
/*
 * Open device once more, after a context did, for the introspection the
 * provider seam offers (on the model: packet tracing, device memory, the
 * resource dump).  NULL, with a message printed, on failure.
 */
struct hws_dev *hwsctl_probe_open(const char *device);

/*
 * An array of n elements of size bytes, one longer, the new one zeroed;
 * out of memory ends the process (exit status 1).
 */
void *hwsctl_grow(void *arr, size_t n, size_t size);

/* Print a usage error for hwsctl cmd and return exit status 2. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* HWSCTL_H */
