/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
#ifndef HWSCTL_H
#define HWSCTL_H

#include <stdarg.h>
#include <stdbool.h>

#include <infiniband/mlx5hws.h>

struct hws_dev;

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
int hwsctl_parse_table_type(const char *s, enum mlx5hws_table_type *t);
/*
 * Open device once more, after a context did, for the introspection the
 * provider seam offers (on the model: packet tracing, device memory, the
 * resource dump).  NULL, with a message printed, on failure.
 */
struct hws_dev *hwsctl_probe_open(const char *device);

/* Print a usage error for hwsctl cmd and return exit status 2. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* HWSCTL_H */
