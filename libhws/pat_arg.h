/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Modify-header patterns and arguments (shared/prm/actions.md 3, 4, 8):
 * the library's table of modify fields, the check of one 8-byte action,
 * NOP insertion, the context's cache of MODIFY_HEADER_PATTERN objects
 * (shared by every action with the same pattern, counted), ARG sizing and
 * the argument bytes of one rule.  Below the context: it knows devices and
 * memory counters, not contexts or actions.
 */
#ifndef HWS_PAT_ARG_H
#define HWS_PAT_ARG_H

#include <pthread.h>

#include "cmd.h"
#include "util.h"

/* The kernel's limit on a pattern, NOPs included: 4 ARG entries. */
#define HWS_PAT_MAX_ACTIONS 32
#define HWS_ARG_MAX_BYTES (HWS_PAT_MAX_ACTIONS * PRM_MODIFY_ACTION_SIZE)

struct hws_pat_field {
	uint16_t id; /* MLX5_MODI_* */
	uint8_t width; /* bits */
	const char *name; /* the match grammar's name, e.g. outer.ipv4_dst */
	const char *prm; /* the PRM's, e.g. OUT_DIPV4 */
};

/* The modify field of an id, or NULL for one the library does not know. */
const struct hws_pat_field *hws_pat_field(uint32_t id);
/* The modify field of a grammar name, or NULL. */
const struct hws_pat_field *hws_pat_field_by_name(const char *name);

/*
 * Check the 8-byte action act, index idx of a list the caller names in
 * logs (what): type SET/ADD/COPY/ADD_FIELD, known fields, bits inside them,
 * no copy onto an overlapping part of its own source.
 */
int hws_pat_check_action(const char *what, unsigned int idx,
			 const uint8_t *act);

/*
 * The pattern of a list of num checked actions: each action with the data
 * of SET/ADD zeroed, a NOP before every action that depends on the one
 * before it.  nops gets bit i for a NOP before action i; out has room for
 * max actions; E2BIG past it.
 */
int hws_pat_build(const uint8_t *in, uint8_t num, uint8_t *out, uint8_t max,
		  uint8_t *out_num, uint64_t *nops);
/* Whether the pattern rewrites what the parser branches on. */
bool hws_pat_needs_reparse(const uint8_t *pat, uint8_t num);

/* A MODIFY_HEADER_PATTERN object and the actions it holds. */
struct hws_pattern {
	struct hws_pattern *next;
	struct hws_obj obj;
	uint32_t users; /* under the cache's lock */
	uint8_t num;
	uint8_t actions[] __attribute__((aligned(8))); /* DEVX_GET reads DWs */
};

struct hws_pat_cache {
	pthread_mutex_t lock;
	struct hws_pattern *head;
	uint32_t count; /* pattern objects, under lock */
};

void hws_pat_cache_init(struct hws_pat_cache *cache);
void hws_pat_cache_fini(struct hws_pat_cache *cache);
/* The pattern object of these actions: found, or created on dev. */
int hws_pat_get(struct hws_pat_cache *cache, struct hws_dev *dev,
		struct hws_mem *mem, const uint8_t *actions, uint8_t num,
		struct hws_pattern **pat);
/* Drop a reference; the last destroys the object (0, or its error). */
int hws_pat_put(struct hws_pat_cache *cache, struct hws_mem *mem,
		struct hws_pattern *pat);

/* ARG entries, log2, one rule's argument of bytes takes (1, 2, 4 or 8). */
uint8_t hws_arg_chunk_log(uint32_t bytes);

/*
 * One rule's argument for a pattern of pat_num actions: slot j holds the
 * 8 bytes of the list action at pattern position j (NOP slots zero).  data
 * is the caller's list of num actions; out takes whole entries,
 * 2^chunk_log of them.
 */
void hws_arg_fill(const uint8_t *data, uint8_t num, uint64_t nops,
		  uint8_t chunk_log, uint8_t *out);

#endif /* HWS_PAT_ARG_H */
