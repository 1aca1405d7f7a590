// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl apply: load a rule file (tables, BWC matchers, rules, deletions)
 * and classify its packets on the device model, line by line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <infiniband/mlx5hws.h>

#include "apply_mirror.h"
#include "apply_rewrite.h"
#include "frame.h"
#include "hwsctl.h"
#include "packets.h"
#include "providers/provider.h"
#include "rxq.h"

#define MAX_TOKENS 64	/* words in a line */
#define MAX_LINE 4095	/* characters in a line, without its newline */
#define NAME_LEN 64
#define COUNTER_LOG_BULK 16
/* the bytes of a hex frame: as many as a line holds */
#define MAX_HEX_FRAME (MAX_LINE / 2)

/* Tables, matchers and rules start with their name: find_named(). */
struct table {
	char name[NAME_LEN];
	struct mlx5hws_table *tbl;
	enum mlx5hws_table_type type;
	char miss[NAME_LEN]; /* a default miss to a table defined later */
	unsigned int miss_line; /* the line that asked for it */
};

/*
 * The arrays of tables, matchers and rules move as they grow: objects name
 * each other by what they need, never by a pointer into another array.
 */
struct matcher {
	char name[NAME_LEN];
	enum mlx5hws_table_type type; /* its table's */
	struct mlx5hws_bwc_matcher *bm;
};

struct rule {
	char name[NAME_LEN];
	char matcher[NAME_LEN];
	struct mlx5hws_bwc_rule *r;
	int counter_domain; /* -1: no counter */
	uint32_t counter_offset;
};

struct action_key {
	enum mlx5hws_action_type type;
	enum mlx5hws_table_type table;
	uint32_t arg;
	struct mlx5hws_action *action;
};

struct apply {
	const char *file;
	bool quiet; /* no packet lines: hwsctl dump */
	unsigned int line;
	struct mlx5hws_context *ctx;
	struct hws_dev *probe;	/* the device's introspection */
	struct table *tables;
	size_t ntables;
	struct matcher *matchers;
	size_t nmatchers;
	struct rule *rules;
	size_t nrules;
	struct action_key *actions;
	size_t nactions;
	struct mlx5hws_action *counters[3];
	uint32_t next_counter[3];
	const struct packets_opts *opts; /* NULL: the defaults */
	struct packets_namer namer;
	struct apply_rx rx; /* receive queues and TIRs */
	struct apply_rewrite rw; /* push/pop VLAN, encap, decap */
	struct apply_modify mod; /* modify-header actions */
	struct apply_mirror mirror; /* the rules' destination arrays */
};

/* A malformed line: exit status 2. */
static int bad_line(struct apply *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int bad_line(struct apply *a, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%u: ", a->file, a->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* The library refused: exit status 1, with its error. */
static int refused(struct apply *a, const char *what, int err)
{
	fprintf(stderr, "%s:%u: %s: %s\n", a->file, a->line, what,
		strerror(err));
	return 1;
}

/* A term helper's answer: 2 malformed, 1 refused, both with why. */
static int term_error(struct apply *a, int err, const char *why)
{
	if (err == 2)
		return bad_line(a, "%s", why);
	fprintf(stderr, "%s:%u: %s\n", a->file, a->line, why);
	return 1;
}

/* An element of an array of n structs of size bytes, each named first. */
static void *find_named(void *array, size_t n, size_t size, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *elem = (char *)array + i * size;

		if (!strcmp(elem, name))
			return elem;
	}
	return NULL;
}

static struct table *find_table(struct apply *a, const char *name)
{
	return find_named(a->tables, a->ntables, sizeof(*a->tables), name);
}

static struct matcher *find_matcher(struct apply *a, const char *name)
{
	return find_named(a->matchers, a->nmatchers, sizeof(*a->matchers),
			  name);
}

static struct rule *find_rule(struct apply *a, const char *name)
{
	return find_named(a->rules, a->nrules, sizeof(*a->rules), name);
}

static bool valid_name(const char *s)
{
	if (!*s || strlen(s) >= NAME_LEN)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

/* A number of bits width, or a malformed line naming what. */
static int number(struct apply *a, const char *what, const char *s,
		  unsigned int bits, unsigned long long *v)
{
	const char *why = hwsctl_parse_number(s, bits, v);

	return why ? bad_line(a, "bad %s '%s': %s", what, s, why) : 0;
}

/* A mask term: field, field/prefix or field&0xMASK. */
static int mask_term(struct apply *a, char *term, uint32_t *mask,
		     uint8_t *criteria)
{
	const struct mlx5hws_match_field *f;
	uint8_t bytes[16];
	char *sep = strpbrk(term, "/&");
	char op = sep ? *sep : 0;
	const char *why;
	size_t len;

	if (sep)
		*sep = '\0';
	f = mlx5hws_match_field_find(term);
	if (!f)
		return bad_line(a, "unknown field '%s'", term);
	len = (f->bit_width + 7) / 8;
	if (op == '/') {
		why = hwsctl_parse_prefix(f, sep + 1, bytes, len);
		if (why)
			return bad_line(a, "%s: bad prefix '%s': %s", term,
					sep + 1, why);
	} else if (op == '&') {
		why = hwsctl_parse_value(f, sep + 1, bytes, len);
		if (why)
			return bad_line(a, "%s: bad mask '%s': %s", term,
					sep + 1, why);
	} else {
		hwsctl_prefix_mask(f, f->bit_width, bytes, len);
	}
	mlx5hws_match_param_set(mask, f, bytes, len);
	*criteria |= f->criteria;
	return 0;
}

/* field=value, into an fte_match_param. */
static int value_term(struct apply *a, char *term, uint32_t *param)
{
	const struct mlx5hws_match_field *f;
	char *eq = strchr(term, '=');
	uint8_t bytes[16];
	const char *why;

	if (!eq)
		return bad_line(a, "'%s' is not field=value", term);
	*eq = '\0';
	f = mlx5hws_match_field_find(term);
	if (!f)
		return bad_line(a, "unknown field '%s'", term);
	why = hwsctl_parse_value(f, eq + 1, bytes, (f->bit_width + 7) / 8);
	if (why)
		return bad_line(a, "%s: bad value '%s': %s", term, eq + 1, why);
	mlx5hws_match_param_set(param, f, bytes, (f->bit_width + 7) / 8);
	return 0;
}

/* table NAME fdb|nic_rx|nic_tx [level N] [miss NAME] */
static int do_table(struct apply *a, char **tok, int n)
{
	struct mlx5hws_table_attr attr = { .level = 1 };
	struct table *t;
	char miss[NAME_LEN] = "";
	int i;

	if (n < 3 || !valid_name(tok[1]))
		return bad_line(a, "usage: table NAME fdb|nic_rx|nic_tx [level N] [miss TABLE]");
	if (find_table(a, tok[1]))
		return bad_line(a, "table %s is defined twice", tok[1]);
	if (hwsctl_parse_table_type(tok[2], &attr.type))
		return bad_line(a, "bad table type '%s'", tok[2]);
	for (i = 3; i < n; i += 2) {
		unsigned long long v;

		if (i + 1 >= n)
			return bad_line(a, "'%s' needs a value", tok[i]);
		if (!strcmp(tok[i], "level")) {
			if (number(a, "level", tok[i + 1], 32, &v))
				return 2;
			attr.level = v;
		} else if (!strcmp(tok[i], "miss")) {
			if (!valid_name(tok[i + 1]))
				return bad_line(a, "bad table name '%s'",
						tok[i + 1]);
			snprintf(miss, sizeof(miss), "%s", tok[i + 1]);
		} else {
			return bad_line(a, "unexpected '%s'", tok[i]);
		}
	}
	a->tables = hwsctl_grow(a->tables, a->ntables, sizeof(*a->tables));
	t = &a->tables[a->ntables];
	snprintf(t->name, sizeof(t->name), "%s", tok[1]);
	t->type = attr.type;
	t->tbl = mlx5hws_table_create(a->ctx, &attr);
	if (!t->tbl)
		return refused(a, "table", errno);
	a->ntables++;
	snprintf(t->miss, sizeof(t->miss), "%s", miss);
	t->miss_line = a->line;
	/*
	 * Resolve default misses to this table, and this table's own; a
	 * refusal belongs to the line that asked for the miss.
	 */
	for (i = 0; (size_t)i < a->ntables; i++) {
		struct table *src = &a->tables[i];
		struct table *dst = find_table(a, src->miss);
		int err;

		if (!*src->miss || !dst)
			continue;
		err = mlx5hws_table_set_default_miss(src->tbl, dst->tbl);
		if (err) {
			fprintf(stderr, "%s:%u: table %s: miss table %s: %s\n",
				a->file, src->miss_line, src->name, dst->name,
				strerror(err));
			return 1;
		}
		src->miss[0] = '\0';
	}
	return 0;
}

/* matcher NAME table TABLE [priority N] mask TERM... */
static int do_matcher(struct apply *a, char **tok, int n)
{
	uint32_t mask[MLX5HWS_MATCH_PARAM_SZ / 4] = { 0 };
	uint32_t priority = 0;
	uint8_t criteria = 0;
	struct matcher *m;
	struct table *t;
	int i, err;

	if (n < 5 || !valid_name(tok[1]) || strcmp(tok[2], "table"))
		return bad_line(a, "usage: matcher NAME table TABLE [priority N] mask FIELD...");
	if (find_matcher(a, tok[1]))
		return bad_line(a, "matcher %s is defined twice", tok[1]);
	t = find_table(a, tok[3]);
	if (!t)
		return bad_line(a, "unknown table '%s'", tok[3]);
	for (i = 4; i < n && strcmp(tok[i], "mask"); i += 2) {
		unsigned long long v;

		if (strcmp(tok[i], "priority") || i + 1 >= n)
			return bad_line(a, "unexpected '%s'", tok[i]);
		if (number(a, "priority", tok[i + 1], 32, &v))
			return 2;
		priority = v;
	}
	if (i >= n - 1)
		return bad_line(a, "matcher %s: no mask fields", tok[1]);
	for (i++; i < n; i++) {
		err = mask_term(a, tok[i], mask, &criteria);
		if (err)
			return err;
	}
	a->matchers =
		hwsctl_grow(a->matchers, a->nmatchers, sizeof(*a->matchers));
	m = &a->matchers[a->nmatchers];
	snprintf(m->name, sizeof(m->name), "%s", tok[1]);
	m->type = t->type;
	m->bm = mlx5hws_bwc_matcher_create(t->tbl, priority, criteria, mask);
	if (!m->bm)
		return refused(a, "matcher", errno);
	a->nmatchers++;
	return 0;
}

static struct mlx5hws_action *get_action(struct apply *a,
					 enum mlx5hws_action_type type,
					 enum mlx5hws_table_type table,
					 uint32_t arg, struct table *dest)
{
	uint32_t flags = 1u << table;
	struct action_key *k;
	size_t i;

	for (i = 0; i < a->nactions; i++) {
		k = &a->actions[i];
		if (k->type == type && k->table == table && k->arg == arg)
			return k->action;
	}
	a->actions = hwsctl_grow(a->actions, a->nactions, sizeof(*a->actions));
	k = &a->actions[a->nactions];
	k->type = type;
	k->table = table;
	k->arg = arg;
	switch (type) {
	case MLX5HWS_ACTION_TYP_DROP:
		k->action = mlx5hws_action_create_dest_drop(a->ctx, flags);
		break;
	case MLX5HWS_ACTION_TYP_MISS:
		k->action = mlx5hws_action_create_default_miss(a->ctx, flags);
		break;
	case MLX5HWS_ACTION_TYP_TBL:
		k->action = mlx5hws_action_create_dest_table(a->ctx, dest->tbl,
							     flags);
		break;
	case MLX5HWS_ACTION_TYP_VPORT:
		k->action = mlx5hws_action_create_dest_vport(a->ctx, arg,
							     flags);
		break;
	case MLX5HWS_ACTION_TYP_TIR:
		k->action = mlx5hws_action_create_dest_tir(a->ctx, arg, flags);
		break;
	default:
		k->action = mlx5hws_action_create_tag(a->ctx, flags);
		break;
	}
	if (k->action)
		a->nactions++;
	return k->action;
}

/* mirror=: the vport actions of its destinations, shared through get_action */
static struct mlx5hws_action *mirror_vport(void *arg,
					   enum mlx5hws_table_type type,
					   uint32_t vport)
{
	return get_action(arg, MLX5HWS_ACTION_TYP_VPORT, type, vport, NULL);
}

/*
 * action terms: decap, pop_vlan (x2), set=F:V add=F:V copy=DST:SRC,
 * push_vlan=VID (x2), encap=TUNNEL(...), count, tag=V, then one of drop
 * miss vport=K goto=TABLE tir=TIR mirror=vportK,vportL,...  The rewrites
 * go to w, which the rule's data points at.
 */
static int parse_actions(struct apply *a, enum mlx5hws_table_type type,
			 struct rule *r, char **tok, int n,
			 struct mlx5hws_rule_action *ra, unsigned int *num,
			 struct apply_rewrite_rule *w)
{
	struct mlx5hws_rule_action counter = { 0 }, tag = { 0 }, term = { 0 };
	bool have_counter = false, have_tag = false, have_term = false;
	unsigned long long v;
	char rw_why[160];
	int i, err;

	for (i = 0; i < n; i++) {
		char *eq = strchr(tok[i], '=');

		if (have_term)
			return bad_line(a, "'%s' after the terminal action",
					tok[i]);
		err = apply_rewrite_rule_term(&a->rw, a->ctx, type, tok[i], w,
					      have_counter || have_tag, rw_why,
					      sizeof(rw_why));
		if (err > 0)
			return term_error(a, err, rw_why);
		if (!err)
			continue;
		if (!strcmp(tok[i], "count")) {
			if (have_counter)
				return bad_line(a, "'count' given twice");
			if (a->next_counter[type] >= 1u << COUNTER_LOG_BULK)
				return bad_line(a, "more than %u counted rules in tables of this type",
						1u << COUNTER_LOG_BULK);
			if (!a->counters[type]) {
				a->counters[type] = mlx5hws_action_create_counter(
					a->ctx, COUNTER_LOG_BULK, 1u << type);
				if (!a->counters[type])
					return refused(a, "counter", errno);
			}
			counter.action = a->counters[type];
			counter.counter.offset = a->next_counter[type]++;
			r->counter_domain = type;
			r->counter_offset = counter.counter.offset;
			have_counter = true;
			continue;
		}
		if (!strcmp(tok[i], "drop") || !strcmp(tok[i], "miss")) {
			term.action = get_action(
				a,
				*tok[i] == 'd' ? MLX5HWS_ACTION_TYP_DROP :
						 MLX5HWS_ACTION_TYP_MISS,
				type, 0, NULL);
		} else if (eq && !strncmp(tok[i], "tag=", 4)) {
			if (have_tag)
				return bad_line(a, "'tag' given twice");
			if (number(a, "tag", eq + 1, 32, &v))
				return 2;
			tag.tag.value = v;
			tag.action = get_action(a, MLX5HWS_ACTION_TYP_TAG, type,
						0, NULL);
			if (!tag.action)
				return refused(a, "tag action", errno);
			have_tag = true;
			continue;
		} else if (eq && !strncmp(tok[i], "vport=", 6)) {
			if (number(a, "vport", eq + 1, 16, &v))
				return 2;
			term.action = get_action(a, MLX5HWS_ACTION_TYP_VPORT,
						 type, v, NULL);
		} else if (eq && !strncmp(tok[i], "goto=", 5)) {
			struct table *dest = find_table(a, eq + 1);

			if (!dest)
				return bad_line(a, "unknown table '%s'", eq + 1);
			term.action = get_action(a, MLX5HWS_ACTION_TYP_TBL,
						 type, dest - a->tables + 1,
						 dest);
		} else if (eq && !strncmp(tok[i], "mirror=", 7)) {
			err = apply_mirror_create(&a->mirror, a->ctx, type,
						  eq + 1, mirror_vport, a,
						  &term.action, rw_why,
						  sizeof(rw_why));
			if (err)
				return term_error(a, err, rw_why);
		} else if (eq && !strncmp(tok[i], "tir=", 4)) {
			long long tirn = apply_rx_tirn(&a->rx, eq + 1);

			if (tirn < 0)
				return bad_line(a, "unknown tir '%s'", eq + 1);
			/* the device delivers to a TIR from NIC RX only */
			if (type != MLX5HWS_TABLE_TYPE_NIC_RX)
				return bad_line(a, "tir=%s: a TIR action needs a nic_rx table",
						eq + 1);
			term.action = get_action(a, MLX5HWS_ACTION_TYP_TIR,
						 type, tirn, NULL);
		} else {
			return bad_line(a, "unknown action '%s'", tok[i]);
		}
		if (!term.action)
			return refused(a, "action", errno);
		have_term = true;
	}
	err = apply_rewrite_rule_actions(&a->mod, a->ctx, type, w, ra, num,
					 rw_why, sizeof(rw_why));
	if (err)
		return term_error(a, err, rw_why);
	if (have_counter)
		ra[(*num)++] = counter;
	if (have_tag)
		ra[(*num)++] = tag;
	if (have_term)
		ra[(*num)++] = term;
	return 0;
}

/* rule NAME matcher M [source S] match TERM... [action TERM...] */
static int do_rule(struct apply *a, char **tok, int n)
{
	uint32_t value[MLX5HWS_MATCH_PARAM_SZ / 4] = { 0 };
	uint32_t source = MLX5HWS_FLOW_SOURCE_ANY;
	struct apply_rewrite_rule w = { .npop = 0 };
	struct mlx5hws_rule_action ra[10];
	unsigned int num = 0;
	struct rule r = { .counter_domain = -1 };
	struct matcher *m;
	int i, act, err;

	if (n < 5 || !valid_name(tok[1]) || strcmp(tok[2], "matcher"))
		return bad_line(a, "usage: rule NAME matcher M [source uplink|vport|any] match FIELD=VALUE... [action ACTION...]");
	if (find_rule(a, tok[1]))
		return bad_line(a, "rule %s is defined twice", tok[1]);
	m = find_matcher(a, tok[3]);
	if (!m)
		return bad_line(a, "unknown matcher '%s'", tok[3]);
	snprintf(r.name, sizeof(r.name), "%s", tok[1]);
	snprintf(r.matcher, sizeof(r.matcher), "%s", m->name);
	i = 4;
	if (!strcmp(tok[i], "source")) {
		if (i + 1 >= n)
			return bad_line(a, "source needs uplink, vport or any");
		if (!strcmp(tok[i + 1], "uplink"))
			source = MLX5HWS_FLOW_SOURCE_UPLINK;
		else if (!strcmp(tok[i + 1], "vport"))
			source = MLX5HWS_FLOW_SOURCE_LOCAL_VPORT;
		else if (strcmp(tok[i + 1], "any"))
			return bad_line(a, "bad source '%s'", tok[i + 1]);
		i += 2;
	}
	if (i >= n || strcmp(tok[i], "match"))
		return bad_line(a, "rule %s: 'match' expected", tok[1]);
	for (act = i + 1; act < n && strcmp(tok[act], "action"); act++)
		;
	for (i++; i < act; i++) {
		err = value_term(a, tok[i], value);
		if (err)
			return err;
	}
	if (act < n) {
		err = parse_actions(a, m->type, &r, tok + act + 1, n - act - 1,
				    ra, &num, &w);
		if (err)
			return err;
	}
	r.r = mlx5hws_bwc_rule_create(m->bm, value, source, ra, num);
	if (!r.r) {
		char what[NAME_LEN + 8];

		snprintf(what, sizeof(what), "rule %s", r.name);
		return refused(a, what, errno);
	}
	a->rules = hwsctl_grow(a->rules, a->nrules, sizeof(*a->rules));
	a->rules[a->nrules++] = r;
	return 0;
}

static int do_delete(struct apply *a, char **tok, int n)
{
	struct rule *r;
	int err;

	if (n != 2)
		return bad_line(a, "usage: delete RULE");
	r = find_rule(a, tok[1]);
	if (!r || !r->r)
		return bad_line(a, "no rule '%s' to delete", tok[1]);
	err = mlx5hws_bwc_rule_destroy(r->r);
	if (err)
		return refused(a, "delete", err);
	r->r = NULL;
	return 0;
}

/* The rule an STE hit belongs to, by RTC and tag, and its matcher. */
static const char *hit_rule(void *arg, const struct hws_hit *h,
			    const char **matcher)
{
	struct apply *a = arg;
	size_t i;
	int d;

	for (i = 0; i < a->nrules; i++) {
		struct mlx5hws_rule_info info = { 0 };

		if (!a->rules[i].r ||
		    mlx5hws_bwc_rule_query(a->rules[i].r, &info))
			continue;
		for (d = 0; d < 2; d++)
			if (info.rtc_id[d] == h->rtc_id &&
			    info.tag_len == h->tag_len &&
			    !memcmp(info.tag, h->tag, h->tag_len)) {
				*matcher = a->rules[i].matcher;
				return a->rules[i].name;
			}
	}
	return NULL;
}

static const char *hit_rq(void *arg, uint32_t rqn)
{
	return apply_rx_rq_name(&((struct apply *)arg)->rx, rqn);
}

static const char *hit_tir(void *arg, uint32_t tirn)
{
	return apply_rx_tir_name(&((struct apply *)arg)->rx, tirn);
}

static const char *hit_table(void *arg, uint32_t ft_id)
{
	struct apply *a = arg;
	size_t i;

	for (i = 0; i < a->ntables; i++)
		if (mlx5hws_table_get_id(a->tables[i].tbl) == ft_id)
			return a->tables[i].name;
	return NULL;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* hex 0011...: the frame's bytes, two digits each. */
static int hex_frame(struct apply *a, const char *s, uint8_t *buf,
		     uint32_t *len)
{
	size_t i, n = strlen(s);

	if (n % 2)
		return bad_line(a, "hex frame: an odd number of digits (%zu)",
				n);
	for (i = 0; i < n; i += 2) {
		int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);

		if (hi < 0 || lo < 0)
			return bad_line(a, "hex frame: '%c%c' at byte %zu is not hex",
					s[i], s[i + 1], i / 2);
		buf[i / 2] = hi << 4 | lo;
	}
	*len = n / 2;
	if (*len < 14)
		return bad_line(a, "hex frame: truncated: %u bytes, shorter than an Ethernet header",
				*len);
	return 0;
}

/*
 * packet rx|tx [vport K] [table TABLE] FIELD=VALUE... | hex HEX: without a
 * table the packet arrives at the port and meets the root tables first.
 */
static int do_packet(struct apply *a, char **tok, int n)
{
	uint8_t frame[MAX_HEX_FRAME];
	struct hws_packet pkt = { .frame = frame };
	struct hws_verdict v;
	struct table *t = NULL;
	const char *why;
	unsigned int i;
	size_t len;
	int err, k = 2;

	if (n < 3 || (strcmp(tok[1], "rx") && strcmp(tok[1], "tx")))
		return bad_line(a, "usage: packet rx|tx [vport K] [table TABLE] FIELD=VALUE...|hex HEX");
	pkt.side = tok[1][0] == 'r' ? HWS_SIDE_RX : HWS_SIDE_TX;
	if (!strcmp(tok[k], "vport") && k + 1 < n) {
		unsigned long long vport;

		if (number(a, "vport", tok[k + 1], 16, &vport))
			return 2;
		pkt.vport = vport;
		k += 2;
	}
	/* without a table the packet arrives at the port (the roots) */
	if (k + 1 < n && !strcmp(tok[k], "table")) {
		t = find_table(a, tok[k + 1]);
		if (!t)
			return bad_line(a, "unknown table '%s'", tok[k + 1]);
		k += 2;
	}
	if (k < n && !strcmp(tok[k], "hex")) {
		if (k + 2 != n)
			return bad_line(a, "packet: one HEX word after 'hex'");
		err = hex_frame(a, tok[k + 1], frame, &pkt.frame_len);
		if (err)
			return err;
	} else {
		for (i = k; i < (unsigned int)n; i++) {
			err = value_term(a, tok[i], (uint32_t *)pkt.match);
			if (err)
				return err;
		}
		if (frame_build(pkt.match, frame, &len, &why))
			return bad_line(a, "packet: %s", why);
		pkt.frame_len = len;
	}
	if (t)
		err = hws_dev_trace_packet(a->probe,
					   mlx5hws_table_get_id(t->tbl), &pkt,
					   &v);
	else
		err = hws_dev_inject_packet(a->probe, &pkt, &v);
	if (err == EOPNOTSUPP)
		return bad_line(a, "packets need the device model (--device sim)");
	if (err)
		return refused(a, "packet", err);
	if (a->quiet)
		return 0;
	if (a->opts && a->opts->trace) {
		if (pkt.side == HWS_SIDE_RX)
			printf("packet %u: rx from uplink, ", a->line);
		else
			printf("packet %u: tx from vport %u, ", a->line,
			       pkt.vport);
		printf("%u bytes, %u of headers parsed\n", pkt.frame_len,
		       v.parsed_len);
		packets_print_trace(stdout, &a->namer, &v);
		return 0;
	}
	printf("packet %u: ", a->line);
	packets_print_line(stdout, &a->namer, &v);
	return 0;
}

static int do_counters(struct apply *a, int n)
{
	size_t i;

	if (n != 1)
		return bad_line(a, "usage: counters");
	if (a->quiet)
		return 0;
	for (i = 0; i < a->nrules; i++) {
		const struct rule *r = &a->rules[i];
		uint64_t packets, bytes;
		int err;

		if (r->counter_domain < 0)
			continue;
		err = mlx5hws_action_query_counter(a->counters[r->counter_domain],
						   r->counter_offset, &packets,
						   &bytes);
		if (err)
			return refused(a, "counter query", err);
		printf("counter %s packets %llu\n", r->name,
		       (unsigned long long)packets);
	}
	return 0;
}

/* rxq NAME, tir NAME ...: apply_rx.c */
static int do_rx(struct apply *a, char **tok, int n)
{
	int err;

	if (n < 2 || !valid_name(tok[1]))
		return bad_line(a, "%s: a NAME expected", tok[0]);
	err = apply_rx_line(&a->rx, a->ctx, tok, n);
	if (err)
		fprintf(stderr, "%s:%u: %s\n", a->file, a->line, a->rx.why);
	return err;
}

static int run_line(struct apply *a, char *line)
{
	/* one more slot, for the word that is one too many */
	char *tok[MAX_TOKENS + 1], *save = NULL, *hash = strchr(line, '#');
	int n = 0;

	if (hash)
		*hash = '\0';
	for (tok[n] = strtok_r(line, " \t\r\n", &save); tok[n];
	     tok[n] = strtok_r(NULL, " \t\r\n", &save))
		if (++n > MAX_TOKENS)
			return bad_line(a, "too many words (at most %d)",
					MAX_TOKENS);
	if (!n)
		return 0;
	if (!strcmp(tok[0], "table"))
		return do_table(a, tok, n);
	if (!strcmp(tok[0], "matcher"))
		return do_matcher(a, tok, n);
	if (!strcmp(tok[0], "rule"))
		return do_rule(a, tok, n);
	if (!strcmp(tok[0], "delete"))
		return do_delete(a, tok, n);
	if (!strcmp(tok[0], "rxq") || !strcmp(tok[0], "tir"))
		return do_rx(a, tok, n);
	if (!strcmp(tok[0], "packet"))
		return do_packet(a, tok, n);
	if (!strcmp(tok[0], "counters"))
		return do_counters(a, n);
	return bad_line(a, "unknown statement '%s'", tok[0]);
}

/* Keep the first error of several. */
static void keep_first(int *err, int e)
{
	if (e && !*err)
		*err = e;
}

/*
 * Everything goes, in the order the library requires.  Returns the first
 * error, if any; the rest is still removed as far as the library lets it.
 */
static int teardown(struct apply *a)
{
	int err = 0;
	size_t i;

	for (i = 0; i < a->nrules; i++)
		if (a->rules[i].r)
			keep_first(&err, mlx5hws_bwc_rule_destroy(a->rules[i].r));
	for (i = 0; i < a->nmatchers; i++)
		keep_first(&err,
			   mlx5hws_bwc_matcher_destroy(a->matchers[i].bm));
	keep_first(&err, apply_mirror_close(&a->mirror));
	for (i = 0; i < a->nactions; i++)
		keep_first(&err, mlx5hws_action_destroy(a->actions[i].action));
	for (i = 0; i < 3; i++)
		if (a->counters[i])
			keep_first(&err, mlx5hws_action_destroy(a->counters[i]));
	keep_first(&err, apply_rewrite_close(&a->rw));
	keep_first(&err, apply_modify_release(&a->mod));
	keep_first(&err, apply_rx_close(&a->rx));
	for (i = 0; i < a->ntables; i++)
		keep_first(&err, mlx5hws_table_set_default_miss(
					 a->tables[i].tbl, NULL));
	for (i = 0; i < a->ntables; i++)
		keep_first(&err, mlx5hws_table_destroy(a->tables[i].tbl));
	if (a->probe)
		hws_dev_close(a->probe);
	keep_first(&err, mlx5hws_context_close(a->ctx));
	free(a->rules);
	free(a->matchers);
	free(a->actions);
	free(a->tables);
	return err;
}

/* The steering state: libhws's dump, then the resources, if the device
 * dumps them (the model does). */
static int write_dump(struct apply *a, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	int err;

	if (!f) {
		fprintf(stderr, "hwsctl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	err = mlx5hws_debug_dump(a->ctx, f);
	if (!err) {
		err = hws_dev_dump_resources(a->probe, f);
		if (err == EOPNOTSUPP)
			err = 0;
	}
	if (f == stdout ? fflush(f) : fclose(f))
		if (!err)
			err = errno;
	if (err) {
		fprintf(stderr, "hwsctl: dump to %s: %s\n", path,
			strerror(err));
		return 1;
	}
	return 0;
}

/*
 * The next line of f into buf (MAX_LINE + 1 bytes), without its newline.
 * Returns -1 at the end of the file, else the line's length, which is over
 * MAX_LINE for a line that did not fit (its rest is read and dropped, so
 * that it never runs as a line of its own).  *nul tells whether it held a
 * NUL byte, which would end it early for the string functions.
 */
static long read_line(FILE *f, char *buf, bool *nul)
{
	long len = 0;
	int c;

	*nul = false;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (len < MAX_LINE)
			buf[len] = c;
		if (!c)
			*nul = true;
		len++;
	}
	if (c == EOF && !len)
		return -1;
	buf[len < MAX_LINE ? len : MAX_LINE] = '\0';
	return len;
}

/* The capture's frames, into the table the options name or the first. */
static int run_capture(struct apply *a)
{
	struct table *t = a->ntables ? &a->tables[0] : NULL;

	if (a->opts->table)
		t = find_table(a, a->opts->table);
	if (!t) {
		fprintf(stderr, "hwsctl: %s: %s%s for the capture's frames\n",
			a->file, a->opts->table ? "no table " : "no table",
			a->opts->table ?: "");
		return 2;
	}
	return packets_run_capture(a->probe, mlx5hws_table_get_id(t->tbl),
				   a->opts, &a->namer);
}

int hwsctl_apply_stream(FILE *f, const char *file, const char *device,
			const char *dump_path, bool quiet,
			const struct packets_opts *opts)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
	};
	struct apply a = {
		.file = file,
		.quiet = quiet,
		.opts = opts,
		.namer = { .arg = &a,
			   .table = hit_table,
			   .rule = hit_rule,
			   .rq = hit_rq,
			   .tir = hit_tir },
	};
	char line[MAX_LINE + 1];
	int ret = 0, err;
	bool nul;
	long len;

	a.ctx = mlx5hws_context_open(device, &cattr);
	if (!a.ctx) {
		fprintf(stderr, "hwsctl: %s: %s\n", device, strerror(errno));
		return 1;
	}
	a.probe = hwsctl_probe_open(device);
	if (!a.probe)
		ret = 1;
	while (!ret && (len = read_line(f, line, &nul)) >= 0) {
		a.line++;
		if (len > MAX_LINE)
			ret = bad_line(&a, "line too long (more than %d characters)",
				       MAX_LINE);
		else if (nul)
			ret = bad_line(&a, "a NUL byte at column %zu",
				       strlen(line) + 1);
		else
			ret = run_line(&a, line);
	}
	if (!ret && ferror(f)) {
		fprintf(stderr, "hwsctl: %s: %s\n", file, strerror(errno));
		ret = 2;
	}
	for (size_t i = 0; !ret && i < a.ntables; i++)
		if (*a.tables[i].miss)
			fprintf(stderr, "%s:%u: table %s: miss table %s is never defined; it keeps the default miss\n",
				a.file, a.tables[i].miss_line,
				a.tables[i].name, a.tables[i].miss);
	if (!ret && opts && opts->pcap_in)
		ret = run_capture(&a);
	if (!ret && dump_path)
		ret = write_dump(&a, dump_path);
	err = teardown(&a);
	if (err) {
		fprintf(stderr, "hwsctl: %s: removing the objects: %s\n", file,
			strerror(err));
		if (!ret)
			ret = 1;
	}
	return ret;
}
