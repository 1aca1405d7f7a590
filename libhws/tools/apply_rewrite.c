// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl apply: push and pop VLAN, tunnel encap (headers built here), decap,
 * and a rule line's rewrite and modify terms in their order.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply_rewrite.h"

#define RW_VXLAN_PORT 4789
#define RW_GENEVE_PORT 6081
#define RW_TEB 0x6558 /* transparent Ethernet bridging */

enum rw_tunnel { RW_VXLAN, RW_GENEVE, RW_NVGRE };

/* What encap=TUNNEL(key=value,...) says, with the defaults. */
struct rw_encap {
	enum rw_tunnel tunnel;
	uint8_t smac[6], dmac[6];
	uint32_t src, dst; /* network order */
	uint32_t vni;
	uint16_t sport, dport;
	uint8_t ttl;
};

static void rw_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void rw_put32(uint8_t *p, uint32_t v)
{
	rw_put16(p, v >> 16);
	rw_put16(p + 2, v);
}

static bool rw_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		return false;
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return false;
		mac[i] = b[i];
	}
	return true;
}

static bool rw_number(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return !errno && end != s && !*end && *v <= max;
}

/* One key=value of the tunnel's list. */
static int rw_encap_key(struct rw_encap *e, char *kv, char *why, size_t len)
{
	char *val = strchr(kv, '=');
	unsigned long v = 0;
	bool ok;

	if (!val) {
		snprintf(why, len, "encap: '%s' is not KEY=VALUE", kv);
		return 2;
	}
	*val++ = '\0';
	if (!strcmp(kv, "src") || !strcmp(kv, "dst"))
		ok = inet_pton(AF_INET, val, *kv == 's' ? &e->src : &e->dst) ==
		     1;
	else if (!strcmp(kv, "smac") || !strcmp(kv, "dmac"))
		ok = rw_mac(val, *kv == 's' ? e->smac : e->dmac);
	else if (!strcmp(kv, "vni"))
		ok = rw_number(val, 0xffffff, &v) && (e->vni = v, true);
	else if (!strcmp(kv, "sport"))
		ok = rw_number(val, 0xffff, &v) && (e->sport = v, true);
	else if (!strcmp(kv, "dport"))
		ok = rw_number(val, 0xffff, &v) && (e->dport = v, true);
	else if (!strcmp(kv, "ttl"))
		ok = rw_number(val, 0xff, &v) && (e->ttl = v, true);
	else {
		snprintf(
			why, len,
			"encap: unknown key '%s' (src dst smac dmac vni sport dport ttl)",
			kv);
		return 2;
	}
	if (!ok) {
		snprintf(why, len, "encap: bad %s '%s'", kv, val);
		return 2;
	}
	return 0;
}

/*
 * Outer Ethernet, IPv4 and the tunnel's headers; the device sets the IPv4
 * total length and checksum and the UDP length.  Returns the size.
 */
static size_t rw_encap_build(const struct rw_encap *e, uint8_t *h)
{
	uint8_t *ip = h + 14, *l4 = ip + 20, *t;

	memset(h, 0, APPLY_RW_HDR_MAX);
	memcpy(h, e->dmac, 6);
	memcpy(h + 6, e->smac, 6);
	rw_put16(h + 12, 0x0800);
	ip[0] = 0x45;
	rw_put16(ip + 6, 0x4000); /* don't fragment */
	ip[8] = e->ttl;
	memcpy(ip + 12, &e->src, 4);
	memcpy(ip + 16, &e->dst, 4);
	if (e->tunnel == RW_NVGRE) {
		ip[9] = 47;
		rw_put16(l4, 0x2000); /* key present */
		rw_put16(l4 + 2, RW_TEB);
		rw_put32(l4 + 4, e->vni << 8);
		return 14 + 20 + 8;
	}
	ip[9] = 17;
	rw_put16(l4, e->sport);
	rw_put16(l4 + 2, e->dport);
	t = l4 + 8;
	if (e->tunnel == RW_VXLAN) {
		t[0] = 0x08; /* VNI valid */
	} else {
		rw_put16(t + 2, RW_TEB);
	}
	rw_put32(t + 4, e->vni << 8);
	return 14 + 20 + 8 + 8;
}

/* encap=vxlan(src=A,dst=B,vni=N,...) into rw->hdr; returns its size or 0. */
static size_t rw_encap_parse(struct apply_rewrite *rw, const char *spec,
			     char *why, size_t len, int *err)
{
	static const uint8_t smac[6] = { 0x02, 0, 0, 0, 0, 0x01 },
			     dmac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	struct rw_encap e = { .sport = 0xc000, .ttl = 64 };
	char buf[256], *open, *close, *kv, *save;

	memcpy(e.smac, smac, 6);
	memcpy(e.dmac, dmac, 6);
	snprintf(buf, sizeof(buf), "%s", spec);
	open = strchr(buf, '(');
	close = strrchr(buf, ')');
	*err = 2;
	if (!open || !close || close < open || close[1]) {
		snprintf(why, len, "encap=%s: TUNNEL(KEY=VALUE,...) expected",
			 spec);
		return 0;
	}
	*open = *close = '\0';
	if (!strcmp(buf, "vxlan")) {
		e.tunnel = RW_VXLAN;
		e.dport = RW_VXLAN_PORT;
	} else if (!strcmp(buf, "geneve")) {
		e.tunnel = RW_GENEVE;
		e.dport = RW_GENEVE_PORT;
	} else if (!strcmp(buf, "nvgre")) {
		e.tunnel = RW_NVGRE;
	} else {
		snprintf(why, len,
			 "encap: unknown tunnel '%s' (vxlan geneve nvgre)",
			 buf);
		return 0;
	}
	for (kv = strtok_r(open + 1, ",", &save); kv;
	     kv = strtok_r(NULL, ",", &save))
		if (rw_encap_key(&e, kv, why, len))
			return 0;
	if (!e.src || !e.dst) {
		snprintf(why, len, "encap: src= and dst= are needed");
		return 0;
	}
	*err = 0;
	return rw_encap_build(&e, rw->hdr);
}

/* push_vlan=VID[,prio=P][,tpid=T]: the 4-byte header, network order. */
static int rw_push_parse(const char *spec, uint32_t *hdr, char *why, size_t len)
{
	unsigned long vid, prio = 0, tpid = 0x8100;
	char buf[64], *kv, *save, *val;

	snprintf(buf, sizeof(buf), "%s", spec);
	kv = strtok_r(buf, ",", &save);
	if (!kv || !rw_number(kv, 0xfff, &vid)) {
		snprintf(why, len, "push_vlan=%s: a VLAN id 0..4095 first",
			 spec);
		return 2;
	}
	while ((kv = strtok_r(NULL, ",", &save))) {
		val = strchr(kv, '=');
		if (val)
			*val++ = '\0';
		if (!val ||
		    !((!strcmp(kv, "prio") && rw_number(val, 7, &prio)) ||
		      (!strcmp(kv, "tpid") && rw_number(val, 0xffff, &tpid)))) {
			snprintf(
				why, len,
				"push_vlan=%s: prio=0..7 or tpid=0x8100|0x88a8 expected",
				spec);
			return 2;
		}
	}
	*hdr = htonl(tpid << 16 | prio << 13 | vid);
	return 0;
}

/* The action of kind in tables of type, created the first time. */
static struct mlx5hws_action *rw_action(struct mlx5hws_action **slot,
					struct mlx5hws_context *ctx,
					enum mlx5hws_action_type kind,
					enum mlx5hws_table_type type,
					size_t hdr_size)
{
	struct mlx5hws_action_reformat_attr attr = { .type = kind };

	if (*slot)
		return *slot;
	switch (kind) {
	case MLX5HWS_ACTION_TYP_PUSH_VLAN:
		*slot = mlx5hws_action_create_push_vlan(ctx, 1u << type);
		break;
	case MLX5HWS_ACTION_TYP_POP_VLAN:
		*slot = mlx5hws_action_create_pop_vlan(ctx, 1u << type);
		break;
	case MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2:
		/* each rule its own header */
		attr.hdr_size = hdr_size;
		attr.log_bulk_size = APPLY_RW_LOG_BULK;
		*slot = mlx5hws_action_create_reformat(ctx, &attr, 1u << type);
		break;
	default:
		*slot = mlx5hws_action_create_reformat(ctx, &attr, 1u << type);
		break;
	}
	return *slot;
}

/*
 * The rewrite term tok into *ra, its kind in *kind_out: 0; -1 when tok is
 * no rewrite term; 2 for a malformed term and 1 when the library refused.
 */
static int rw_term(struct apply_rewrite *rw, struct mlx5hws_context *ctx,
		   enum mlx5hws_table_type type, const char *tok,
		   struct mlx5hws_rule_action *ra,
		   enum mlx5hws_action_type *kind_out, char *why, size_t len)
{
	enum mlx5hws_action_type kind;
	struct mlx5hws_action **slot;
	uint32_t *next = NULL;
	size_t size = 0;
	int err = 0;

	memset(ra, 0, sizeof(*ra));
	if (!strncmp(tok, "push_vlan=", 10)) {
		kind = MLX5HWS_ACTION_TYP_PUSH_VLAN;
		slot = &rw->push[type];
		err = rw_push_parse(tok + 10, &ra->push_vlan.vlan_hdr, why,
				    len);
	} else if (!strcmp(tok, "pop_vlan")) {
		kind = MLX5HWS_ACTION_TYP_POP_VLAN;
		slot = &rw->pop[type];
	} else if (!strcmp(tok, "decap")) {
		kind = MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2;
		slot = &rw->decap[type];
	} else if (!strncmp(tok, "encap=", 6)) {
		kind = MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2;
		size = rw_encap_parse(rw, tok + 6, why, len, &err);
		slot = &rw->encap[size == 42][type];
		next = &rw->next_encap[size == 42][type];
		if (!err && *next >= 1u << APPLY_RW_LOG_BULK) {
			snprintf(
				why, len,
				"more than %u encap rules of this tunnel in tables of this type",
				1u << APPLY_RW_LOG_BULK);
			err = 2;
		}
		ra->reformat.data = rw->hdr;
	} else {
		return -1;
	}
	if (err)
		return err;
	ra->action = rw_action(slot, ctx, kind, type, size);
	if (!ra->action) {
		snprintf(why, len, "%s action: %s", tok, strerror(errno));
		return 1;
	}
	if (next)
		ra->reformat.offset = (*next)++;
	*kind_out = kind;
	return 0;
}

/* Put a parsed rewrite in its place; 2 when its place is taken. */
static int rw_place(struct apply_rewrite_rule *w,
		    const struct mlx5hws_rule_action *ra,
		    enum mlx5hws_action_type kind, const char *tok, char *why,
		    size_t len)
{
	switch (kind) {
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2:
		if (w->have_decap || w->npop || w->nmods || w->npush ||
		    w->have_encap) {
			snprintf(why, len, "'decap': once, first");
			return 2;
		}
		w->decap = *ra;
		w->have_decap = true;
		break;
	case MLX5HWS_ACTION_TYP_POP_VLAN:
		if (w->npop == 2 || w->nmods || w->npush || w->have_encap) {
			snprintf(
				why, len,
				"'%s': at most two pops, before any modify term, push or encap",
				tok);
			return 2;
		}
		w->pop[w->npop++] = *ra;
		break;
	case MLX5HWS_ACTION_TYP_PUSH_VLAN:
		if (w->npush == 2 || w->have_encap) {
			snprintf(why, len,
				 "'%s': at most two pushes, before an encap",
				 tok);
			return 2;
		}
		w->push[w->npush++] = *ra;
		break;
	default:
		if (w->have_encap) {
			snprintf(why, len, "'encap' given twice");
			return 2;
		}
		w->encap = *ra;
		w->have_encap = true;
		break;
	}
	return 0;
}

/* A modify term: after decap and pops, before pushes and encap. */
static int rw_modify_term(struct apply_rewrite_rule *w, const char *tok,
			  char *why, size_t len)
{
	const char *bad;

	if (w->npush || w->have_encap) {
		snprintf(why, len,
			 "'%s': modify terms come before push and encap", tok);
		return 2;
	}
	if (w->nmods == APPLY_MODIFY_MAX) {
		snprintf(why, len, "more than %u modify terms",
			 APPLY_MODIFY_MAX);
		return 2;
	}
	bad = apply_modify_term(tok, &w->mods[w->nmods++]);
	if (bad) {
		snprintf(why, len, "%s: %s", tok, bad);
		return 2;
	}
	return 0;
}

int apply_rewrite_rule_term(struct apply_rewrite *rw,
			    struct mlx5hws_context *ctx,
			    enum mlx5hws_table_type type, const char *tok,
			    struct apply_rewrite_rule *w, bool after_ctr_tag,
			    char *why, size_t len)
{
	enum mlx5hws_action_type kind = MLX5HWS_ACTION_TYP_MAX;
	struct mlx5hws_rule_action ra;
	int err;

	/* kind is set when err is 0: for the compiler, which cannot tell */
	err = rw_term(rw, ctx, type, tok, &ra, &kind, why, len);
	if (err == -1 && !apply_modify_is_term(tok))
		return -1;
	if (err > 0)
		return err;
	if (after_ctr_tag) {
		snprintf(why, len, "'%s': rewrites come before count and tag",
			 tok);
		return 2;
	}
	if (err == -1)
		return rw_modify_term(w, tok, why, len);
	return rw_place(w, &ra, kind, tok, why, len);
}

int apply_rewrite_rule_actions(struct apply_modify *m,
			       struct mlx5hws_context *ctx,
			       enum mlx5hws_table_type type,
			       struct apply_rewrite_rule *w,
			       struct mlx5hws_rule_action *ra,
			       unsigned int *num, char *why, size_t len)
{
	const char *bad = NULL;
	unsigned int k;
	int err;

	if (w->nmods) {
		err = apply_modify_action(m, ctx, type, w->mods, w->nmods,
					  &w->modify, &bad);
		if (err && bad) {
			snprintf(why, len, "%s", bad);
			return 2;
		}
		if (err) {
			snprintf(why, len, "modify header action: %s",
				 strerror(err));
			return 1;
		}
	}
	*num = 0;
	if (w->have_decap)
		ra[(*num)++] = w->decap;
	for (k = 0; k < w->npop; k++)
		ra[(*num)++] = w->pop[k];
	if (w->nmods)
		ra[(*num)++] = w->modify;
	for (k = 0; k < w->npush; k++)
		ra[(*num)++] = w->push[k];
	if (w->have_encap)
		ra[(*num)++] = w->encap;
	return 0;
}

int apply_rewrite_close(struct apply_rewrite *rw)
{
	struct mlx5hws_action **all[] = { rw->push, rw->pop, rw->decap,
					  rw->encap[0], rw->encap[1] };
	int err = 0, e;
	size_t k, t;

	for (k = 0; k < sizeof(all) / sizeof(all[0]); k++)
		for (t = 0; t < 3; t++) {
			if (!all[k][t])
				continue;
			e = mlx5hws_action_destroy(all[k][t]);
			if (!err)
				err = e;
			all[k][t] = NULL;
		}
	return err;
}
