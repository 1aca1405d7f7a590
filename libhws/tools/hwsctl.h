/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
#ifndef HWSCTL_H
#define HWSCTL_H

#include <stdarg.h>
#include <stdbool.h>

struct out {
	bool json;
	unsigned int count;
};

void out_begin(struct out *o, bool json);
void out_u64(struct out *o, const char *name, unsigned long long v);
void out_hex(struct out *o, const char *name, unsigned long long v);
void out_dbl(struct out *o, const char *name, double v);
void out_str(struct out *o, const char *name, const char *v);
void out_end(struct out *o);

/* Print a usage error for hwsctl cmd and return exit status 2. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* HWSCTL_H */
