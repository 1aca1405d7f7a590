// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The debug dump and the model's resource dump, checked against the CSV
 * format mlx_steering_dump reads: record shapes, nesting and number
 * formats, STE ranges and their bounds, and, decoding every STE with its
 * matcher's dumped definer, that each rule shows with its match values,
 * counter, tag and destination.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define NIC "dumptest"
#define MAX_FIELDS 32
#define MAX_REC 20000

struct rec {
	int type;
	int n;
	char *f[MAX_FIELDS];
};

struct parsed {
	char *text;
	struct rec *recs;
	int nrecs;
};

static bool is_hex(const char *s, size_t digits, bool prefix)
{
	size_t i;

	if (prefix) {
		if (strncmp(s, "0x", 2))
			return false;
		s += 2;
	}
	if (digits && strlen(s) != digits)
		return false;
	if (!*s)
		return false;
	for (i = 0; s[i]; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return false;
	return true;
}

static bool is_dec(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static void parse(struct parsed *p, char *text)
{
	char *line, *save = NULL;

	p->text = text;
	p->recs = calloc(MAX_REC, sizeof(*p->recs));
	p->nrecs = 0;
	/* every line a record: an empty one would crash the tool */
	ck_assert(!strstr(text, "\n\n"));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct rec *r = &p->recs[p->nrecs++];
		char *fld = line, *comma;

		ck_assert_int_lt(p->nrecs, MAX_REC);
		do {
			comma = strchr(fld, ',');
			if (comma)
				*comma = '\0';
			ck_assert_int_lt(r->n, MAX_FIELDS);
			r->f[r->n++] = fld;
			fld = comma + 1;
		} while (comma);
		ck_assert_msg(is_dec(r->f[0]), "record type '%s'", r->f[0]);
		r->type = atoi(r->f[0]);
	}
}

static const struct rec *find(const struct parsed *p, int type, int col,
			      const char *value)
{
	int i;

	for (i = 0; i < p->nrecs; i++)
		if (p->recs[i].type == type && p->recs[i].n > col &&
		    !strcmp(p->recs[i].f[col], value))
			return &p->recs[i];
	return NULL;
}

/* Record shapes and the nesting the tool relies on. */
static void check_structure(const struct parsed *p)
{
	bool hw = false, in_range = false, ended = false;
	const char *range = NULL;
	unsigned long lo = 0, hi = 0;
	int i, j, last_top = 0;

	ck_assert_int_eq(p->recs[0].type, 4000);
	ck_assert_str_eq(p->recs[0].f[4], "1.0.LIBHWS_1_0");
	ck_assert_int_eq(p->recs[1].type, 4001);
	ck_assert(is_dec(p->recs[1].f[6]));
	ck_assert_int_eq(p->recs[2].type, 4002);
	ck_assert_int_eq(p->recs[2].n, 25);
	for (i = 0; i < p->nrecs; i++) {
		const struct rec *r = &p->recs[i];

		ck_assert_msg(!ended, "record after 4901");
		switch (r->type) {
		case 4100:
			ck_assert(!hw);
			ck_assert_int_eq(r->n, 13);
			ck_assert(is_dec(r->f[3]) && is_dec(r->f[4]) &&
				  is_dec(r->f[6]));
			ck_assert(is_hex(r->f[8], 0, true) &&
				  is_hex(r->f[9], 0, true));
			last_top = 4100;
			break;
		case 4200:
			ck_assert(!hw);
			ck_assert_int_eq(last_top, 4100);
			ck_assert_int_eq(r->n, 17);
			for (j = 4; j <= 13; j++)
				if (j != 5)
					ck_assert(is_dec(r->f[j]));
			/* every matcher has its attributes next */
			ck_assert_int_eq(p->recs[i + 1].type, 4201);
			ck_assert_str_eq(p->recs[i + 1].f[1], r->f[1]);
			/* a collision matcher is a matcher of the dump */
			if (strcmp(r->f[5], "0x0"))
				ck_assert_ptr_nonnull(find(p, 4200, 1, r->f[5]));
			break;
		case 4201:
			ck_assert_int_eq(r->n, 14);
			for (j = 2; j < r->n; j++)
				ck_assert(is_dec(r->f[j]));
			break;
		case 4202:
			ck_assert_int_eq(p->recs[i + 1].type, 4203);
			break;
		case 4203: {
			char *sel = strdup(r->f[5]), *tok, *save = NULL;
			int count = 0;

			ck_assert(is_dec(r->f[3]));
			ck_assert_int_lt(atoi(r->f[3]), 256);
			for (tok = strtok_r(sel, "-", &save); tok;
			     tok = strtok_r(NULL, "-", &save), count++)
				ck_assert(is_hex(tok, 0, true));
			ck_assert_int_eq(count, 9);
			free(sel);
			ck_assert(is_hex(r->f[7], 88, false));
			/* a match STE holds no tag for DW selectors 6..8 */
			if (!strcmp(r->f[4], "0"))
				ck_assert(!strncmp(r->f[7],
						   "000000000000000000000000",
						   24));
			break;
		}
		case 4204:
			ck_assert(is_dec(r->f[5]));
			ck_assert_int_eq(r->n, 6 + atoi(r->f[5]));
			break;
		case 4300:
			ck_assert(!hw);
			ck_assert_int_eq(r->n, 6);
			for (j = 2; j < r->n; j++)
				ck_assert(is_dec(r->f[j]) ||
					  !strcmp(r->f[j], "-1"));
			break;
		case 4900:
			ck_assert(!hw);
			hw = true;
			break;
		case 4910:
			ck_assert(hw);
			ck_assert(is_hex(r->f[1], 0, true));
			break;
		case 4920:
			ck_assert(hw && !in_range);
			ck_assert(is_dec(r->f[1]));
			/* the range of a matcher or action STE table */
			ck_assert(find(p, 4200, 7, r->f[1]) ||
				  find(p, 4200, 9, r->f[1]) ||
				  find(p, 4300, 3, r->f[1]) ||
				  find(p, 4300, 5, r->f[1]));
			range = r->f[1];
			in_range = true;
			break;
		case 4930:
			ck_assert(in_range);
			ck_assert_str_eq(r->f[2], range);
			ck_assert(is_hex(r->f[1], 8, true));
			ck_assert_uint_ge(strtoul(r->f[1], NULL, 16),
					  0x10000000);
			ck_assert(is_hex(r->f[3], 128, true));
			break;
		case 4921:
			ck_assert(in_range);
			ck_assert_str_eq(r->f[1], range);
			lo = strtoul(r->f[2], NULL, 16);
			hi = strtoul(r->f[3], NULL, 16);
			/* every STE of the range lies inside its bounds */
			for (j = i - 1; p->recs[j].type == 4930; j--) {
				unsigned long idx = strtoul(p->recs[j].f[1],
							    NULL, 16);

				ck_assert(idx >= lo && idx <= hi);
			}
			in_range = false;
			break;
		case 4901:
			ck_assert(hw && !in_range);
			ended = true;
			break;
		default:
			ck_assert(r->type >= 4000 && r->type <= 4005);
			ck_assert(!hw);
		}
	}
	ck_assert(ended);
}

struct ste_view {
	uint8_t b[64];
};

static void ste_bytes(const char *hex, struct ste_view *v)
{
	int i;

	for (i = 0; i < 64; i++) {
		char byte[3] = { hex[2 + 2 * i], hex[3 + 2 * i], 0 };

		v->b[i] = strtoul(byte, NULL, 16);
	}
}

static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* The value of header-layout DW dw in an STE, through the definer. */
static bool hl_dw(const struct rec *def, const struct ste_view *ste,
		  unsigned int dw, uint32_t *value, uint32_t *mask)
{
	char *sel = strdup(def->f[5]), *tok, *save = NULL;
	int i = 0;
	bool found = false;

	for (tok = strtok_r(sel, "-", &save); tok;
	     tok = strtok_r(NULL, "-", &save), i++) {
		char m[9];

		if (strtoul(tok, NULL, 16) != dw)
			continue;
		memcpy(m, def->f[7] + 8 * (8 - i), 8);
		m[8] = '\0';
		*mask = strtoul(m, NULL, 16);
		if (!*mask)
			continue;
		/* tag byte t is STE byte 0x14 + t */
		*value = be32_at(ste->b + 0x14 + 4 * (8 - i)) & *mask;
		found = true;
		break;
	}
	free(sel);
	return found;
}

struct expected {
	uint32_t dst_ip;
	uint8_t proto;
	unsigned int dirs;
	uint16_t vport;
	bool counted;
	uint32_t tag;
	bool seen[2];
};

START_TEST(test_dump)
{
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
	};
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_FDB,
					 .level = 1 };
	enum { N = 1500 };
	static struct expected want[N];
	struct mlx5hws_bwc_rule *rules[N];
	struct mlx5hws_action *ctr, *tag, *vports[4];
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct t_param mask = { 0 };
	struct parsed p;
	char *text = NULL;
	size_t len = 0;
	uint32_t i, matched = 0;
	const struct rec *m4200;
	FILE *f;
	int r;

	ctx = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(ctx);
	tbl = mlx5hws_table_create(ctx, &ta);
	ctr = mlx5hws_action_create_counter(ctx, 12, MLX5HWS_ACTION_FLAG_FDB);
	tag = mlx5hws_action_create_tag(ctx, MLX5HWS_ACTION_FLAG_FDB);
	for (i = 0; i < 4; i++)
		vports[i] = mlx5hws_action_create_dest_vport(
			ctx, i + 1, MLX5HWS_ACTION_FLAG_FDB);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_protocol");
	t_mask(&mask, "outer.ip_version");
	bm = mlx5hws_bwc_matcher_create(tbl, 0, t_criteria("outer.ipv4_dst"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	/* 1500 rules: size 12, so the matcher has a collision table too */
	for (i = 0; i < N; i++) {
		struct mlx5hws_rule_action ra[3] = { 0 };
		struct expected *w = &want[i];
		struct t_param v = { 0 };
		unsigned int n = 0;
		uint32_t source = i % 3;

		w->dst_ip = 0x0a000000 + i * 2654435761u % 1000003;
		w->proto = i % 2 ? 6 : 17;
		w->dirs = source == 1 ? 1 : source == 2 ? 2 : 3;
		w->vport = i % 4 + 1;
		w->counted = i % 5 == 0;
		w->tag = i % 7 == 0 ? 0x100 + i : 0;
		t_set(&v, "outer.ipv4_dst", w->dst_ip);
		t_set(&v, "outer.ip_protocol", w->proto);
		t_set(&v, "outer.ip_version", 4);
		if (w->counted) {
			ra[n].action = ctr;
			ra[n++].counter.offset = i;
		}
		if (w->tag) {
			ra[n].action = tag;
			ra[n++].tag.value = w->tag;
		}
		ra[n++].action = vports[i % 4];
		rules[i] = mlx5hws_bwc_rule_create(bm, v.buf, source, ra, n);
		t_check(rules[i], "rule %u: %s", i, strerror(errno));
	}

	f = open_memstream(&text, &len);
	ck_assert_int_eq(mlx5hws_debug_dump(ctx, f), 0);
	ck_assert_int_eq(sim_dump_resources(t_nic(NIC), f), 0);
	fclose(f);
	parse(&p, text);
	check_structure(&p);

	/* decode every STE of the matcher's ranges back into its rule */
	for (r = 0; r < p.nrecs; r++) {
		const struct rec *ste_rec = &p.recs[r], *def, *dest;
		struct ste_view ste;
		uint32_t dst, proto, m1, m2, a, hit;
		char hitstr[32];
		int dir;

		if (ste_rec->type != 4930)
			continue;
		m4200 = find(&p, 4200, 7, ste_rec->f[2]);
		dir = m4200 ? 0 : 1;
		if (!m4200)
			m4200 = find(&p, 4200, 9, ste_rec->f[2]);
		ck_assert_ptr_nonnull(m4200);
		/* the matcher's definer: the first 4203 after its 4200 */
		for (def = m4200; def->type != 4203; def++)
			;
		ste_bytes(ste_rec->f[3], &ste);
		ck_assert_uint_eq(ste.b[0], 0x4);
		/* STE byte 6 names the dumped definer */
		ck_assert_uint_eq(ste.b[6], atoi(def->f[3]));
		ck_assert(hl_dw(def, &ste, 65, &dst, &m1));
		ck_assert(hl_dw(def, &ste, 14, &proto, &m2));
		ck_assert_uint_eq(m1, 0xffffffff);
		ck_assert_uint_eq(m2, 0xff);
		/* the hit: A = index << 1 | 1, naming a VPORT */
		a = (uint32_t)ste.b[15] << 27 | be32_at(ste.b + 16) >> 5;
		ck_assert_uint_eq(a & 1, 1);
		hit = a >> 1;
		snprintf(hitstr, sizeof(hitstr), "0x%x", hit);
		dest = find(&p, 4910, 1, hitstr);
		ck_assert_ptr_nonnull(dest);
		ck_assert_str_eq(dest->f[2], "VPORT");
		for (i = 0; i < N; i++) {
			struct expected *w = &want[i];

			if (w->dst_ip != dst || w->proto != proto)
				continue;
			ck_assert(w->dirs & (1u << dir));
			ck_assert(!w->seen[dir]);
			w->seen[dir] = true;
			ck_assert_uint_eq(strtoul(dest->f[3], NULL, 16),
					  w->vport);
			/* the counter id is the bulk's base plus the offset */
			ck_assert_uint_eq(!!(be32_at(ste.b) & 0xffffff),
					  w->counted);
			if (w->tag && dir == 0)
				ck_assert_uint_eq(be32_at(ste.b + 0x14),
						  0x0c000000 | w->tag);
			matched++;
			break;
		}
		ck_assert_uint_lt(i, N);
	}
	/* every rule, in each of its directions */
	for (i = 0; i < N; i++) {
		ck_assert(want[i].seen[0] == !!(want[i].dirs & 1));
		ck_assert(want[i].seen[1] == !!(want[i].dirs & 2));
	}
	ck_assert_uint_gt(matched, N);
	free(p.recs);
	free(text);

	for (i = 0; i < N; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rules[i]), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	for (i = 0; i < 4; i++)
		mlx5hws_action_destroy(vports[i]);
	mlx5hws_action_destroy(tag);
	mlx5hws_action_destroy(ctr);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

static void id_str(char *buf, size_t len, const void *p)
{
	snprintf(buf, len, "0x%llx",
		 (unsigned long long)((uintptr_t)p & 0xffffffff));
}

/* Count the STEs the resource dump holds in STE range id. */
static int range_stes(const struct parsed *p, const char *id)
{
	int i, n = 0;

	for (i = 0; i < p->nrecs; i++)
		if (p->recs[i].type == 4930 && !strcmp(p->recs[i].f[2], id))
			n++;
	return n;
}

/*
 * NIC RX and NIC TX tables: each has one direction, which the dump writes
 * in the tool's first slot (as the kernel and DPDK do, and as the tool
 * reads NIC STEs from range 0 only), RTC and STE range in 4200 and sizes
 * in 4201 alike; the second slot stays empty.
 */
START_TEST(test_dump_nic)
{
	static const struct {
		enum mlx5hws_table_type type;
		uint32_t flag;
		enum mlx5hws_matcher_size_type size; /* its direction */
		const char *type_col;
	} tt[2] = {
		{ MLX5HWS_TABLE_TYPE_NIC_RX, MLX5HWS_ACTION_FLAG_NIC_RX,
		  MLX5HWS_MATCHER_SIZE_TYPE_RX, "0" },
		{ MLX5HWS_TABLE_TYPE_NIC_TX, MLX5HWS_ACTION_FLAG_NIC_TX,
		  MLX5HWS_MATCHER_SIZE_TYPE_TX, "1" },
	};
	struct mlx5hws_context_attr cattr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
	};
	enum mlx5hws_action_type drop_type = MLX5HWS_ACTION_TYP_DROP;
	enum { RULES = 3 };
	struct mlx5hws_bwc_rule *rules[2][RULES];
	struct mlx5hws_bwc_matcher *bm[2];
	struct mlx5hws_matcher *hm[2];
	struct mlx5hws_table *tbl[2];
	struct mlx5hws_action *drop[2];
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action_template *at;
	struct mlx5hws_context *ctx;
	struct t_param mask = { 0 };
	struct parsed p;
	char *text = NULL, tid[2][24], hid[2][24];
	size_t len = 0;
	int t, i, k, seen_htable[2] = { 0 }, seen_bwc[2] = { 0 };
	FILE *f;

	ctx = mlx5hws_context_open("sim:nic=" NIC "_nic", &cattr);
	ck_assert_ptr_nonnull(ctx);
	t_mask(&mask, "outer.ipv4_dst");
	t_mask(&mask, "outer.ip_version");
	mt = mlx5hws_match_template_create(ctx, mask.buf,
					   MLX5HWS_MATCH_PARAM_SZ,
					   t_criteria("outer.ipv4_dst"));
	ck_assert_ptr_nonnull(mt);
	at = mlx5hws_action_template_create(&drop_type, 1);
	ck_assert_ptr_nonnull(at);
	for (t = 0; t < 2; t++) {
		struct mlx5hws_table_attr ta = { .type = tt[t].type,
						 .level = 1 };
		struct mlx5hws_matcher_attr ma = {
			.mode = MLX5HWS_MATCHER_RESOURCE_MODE_HTABLE,
		};

		tbl[t] = mlx5hws_table_create(ctx, &ta);
		ck_assert_ptr_nonnull(tbl[t]);
		id_str(tid[t], sizeof(tid[t]), tbl[t]);
		drop[t] = mlx5hws_action_create_dest_drop(ctx, tt[t].flag);
		ck_assert_ptr_nonnull(drop[t]);
		/* sizes of the table's direction: 2^5 rows of 2 (RX: 2^4);
		 * the other direction's must not show
		 */
		ma.size[MLX5HWS_MATCHER_SIZE_TYPE_RX].table.sz_row_log = 3;
		ma.size[MLX5HWS_MATCHER_SIZE_TYPE_TX].table.sz_row_log = 3;
		ma.size[tt[t].size].table.sz_row_log = 4 + t;
		ma.size[tt[t].size].table.sz_col_log = 1;
		hm[t] = mlx5hws_matcher_create(tbl[t], &mt, 1, &at, 1, &ma);
		ck_assert_ptr_nonnull(hm[t]);
		id_str(hid[t], sizeof(hid[t]), hm[t]);
		bm[t] = mlx5hws_bwc_matcher_create(
			tbl[t], 1, t_criteria("outer.ipv4_dst"), mask.buf);
		ck_assert_ptr_nonnull(bm[t]);
		for (i = 0; i < RULES; i++) {
			struct mlx5hws_rule_action ra = { .action = drop[t] };
			struct t_param v = { 0 };

			t_set(&v, "outer.ipv4_dst", 0x0b000000 + 16 * t + i);
			t_set(&v, "outer.ip_version", 4);
			rules[t][i] = mlx5hws_bwc_rule_create(
				bm[t], v.buf, MLX5HWS_FLOW_SOURCE_ANY, &ra, 1);
			ck_assert_ptr_nonnull(rules[t][i]);
		}
	}

	f = open_memstream(&text, &len);
	ck_assert_int_eq(mlx5hws_debug_dump(ctx, f), 0);
	ck_assert_int_eq(sim_dump_resources(t_nic(NIC "_nic"), f), 0);
	fclose(f);
	parse(&p, text);
	check_structure(&p);

	for (t = 0; t < 2; t++) {
		const struct rec *tr = find(&p, 4100, 1, tid[t]);

		ck_assert_ptr_nonnull(tr);
		ck_assert_str_eq(tr->f[4], tt[t].type_col);
	}
	for (i = 0; i < p.nrecs; i++) {
		const struct rec *r = &p.recs[i], *attr = &p.recs[i + 1];

		if (r->type != 4200)
			continue;
		for (t = 0; t < 2 && strcmp(r->f[2], tid[t]); t++)
			;
		ck_assert_int_lt(t, 2);
		/* slot 0 holds the one direction, slot 1 nothing */
		ck_assert_str_ne(r->f[6], "0");
		ck_assert_str_ne(r->f[7], "-1");
		ck_assert_str_eq(r->f[8], "0");
		ck_assert_str_eq(r->f[9], "-1");
		ck_assert_int_eq(attr->type, 4201);
		ck_assert_str_eq(attr->f[12], "-1");
		ck_assert_str_eq(attr->f[13], "-1");
		/* no other matcher shares the range */
		for (k = 0; k < p.nrecs; k++)
			if (&p.recs[k] != r && p.recs[k].type == 4200)
				ck_assert_str_ne(p.recs[k].f[7], r->f[7]);
		if (!strcmp(r->f[1], hid[t])) {
			char rows[8];

			snprintf(rows, sizeof(rows), "%d", 4 + t);
			ck_assert_str_eq(attr->f[4], rows);
			ck_assert_str_eq(attr->f[5], "1");
			ck_assert_int_eq(range_stes(&p, r->f[7]), 0);
			seen_htable[t]++;
		} else {
			/* the BWC matcher: its rules are the STEs of range 0 */
			ck_assert_int_eq(range_stes(&p, r->f[7]), RULES);
			seen_bwc[t]++;
		}
	}
	for (t = 0; t < 2; t++) {
		ck_assert_int_eq(seen_htable[t], 1);
		ck_assert_int_eq(seen_bwc[t], 1);
	}
	free(p.recs);
	free(text);

	for (t = 0; t < 2; t++) {
		for (i = 0; i < RULES; i++)
			ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rules[t][i]),
					 0);
		ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm[t]), 0);
		ck_assert_int_eq(mlx5hws_matcher_destroy(hm[t]), 0);
		ck_assert_int_eq(mlx5hws_action_destroy(drop[t]), 0);
		ck_assert_int_eq(mlx5hws_table_destroy(tbl[t]), 0);
	}
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dump");
	TCase *tc = tcase_create("dump");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_dump);
	tcase_add_test(tc, test_dump_nic);
	suite_add_tcase(s, tc);
	return t_run(s);
}
