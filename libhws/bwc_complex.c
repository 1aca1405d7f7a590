// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Complex BWC matchers: a mask no single STE holds is cut into parts that
 * each fit one definer, one BWC matcher per part.  The first part's matcher
 * is in the user's table, each later one in a table of its own, one level
 * deeper.  What a later part misses goes on behind the first part's matcher
 * in the user's table, to the matchers of lower priority, as the Linux
 * driver's isolated tables do: a rule matched in part is no rule.  A move
 * of the first part's matcher points them behind the new one before it
 * takes a rule, so that a miss never comes back to it.  A rule becomes a
 * chain of sub-rules: each but the last sets a chain id in a REG_C the mask
 * leaves free and goes to the next part's table, whose matcher matches that
 * id with its own part; the last carries the user's actions, so a counter
 * counts each packet once.  Sub-rules with the same values and the same
 * predecessor are shared, counted, and go with their last user.  The
 * public mlx5hws_bwc_* calls live here and hand plain matchers to bwc.c.
 */
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "bwc.h"
#include "prm.h"

#define HWS_BWC_CPLX_MAX_PARTS (HWS_BWC_MAX_FOLLOWERS + 1)
#define HWS_BWC_CPLX_DW (MLX5HWS_MATCH_PARAM_SZ / 4)
#define HWS_BWC_CPLX_BUCKETS_LOG 16

struct hws_bwc_cplx_part {
	struct mlx5hws_table *tbl; /* its own; the user's for part 0 */
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_action *to_tbl; /* go to tbl, for the part before */
	uint32_t mask[HWS_BWC_CPLX_DW]; /* its share of the user's mask */
	uint8_t criteria;
};

/* A shared sub-rule of a part before the last. */
struct hws_bwc_cplx_link {
	struct hws_bwc_cplx_link *next; /* in its hash bucket */
	struct hws_bwc_cplx_link *prev; /* the link it continues, or NULL */
	struct mlx5hws_bwc_rule *rule;
	uint32_t hash;
	uint32_t id; /* the chain id it sets */
	uint32_t refs;
	uint32_t flow_source;
	uint8_t part;
	uint32_t value[HWS_BWC_CPLX_DW]; /* its match values, id included */
};

struct hws_bwc_complex {
	pthread_mutex_t lock; /* rule operations, one at a time */
	uint8_t num_parts;
	struct hws_bwc_cplx_part part[HWS_BWC_CPLX_MAX_PARTS];
	const struct mlx5hws_match_field *reg; /* holds the chain id */
	struct mlx5hws_action *set_id; /* SET reg, the id per rule */
	uint16_t modi_field;
	struct hws_bwc_cplx_link **buckets;
	uint32_t rules;
	uint32_t links;
	/* chain ids: fresh from next_id, or given back on free_ids */
	uint32_t next_id;
	uint32_t *free_ids;
	uint32_t num_free, cap_free;
};

/*
 * The user's handle.  Its first members line up with struct mlx5hws_rule's,
 * so that the public calls find the matcher of either kind of rule.
 */
struct hws_bwc_cplx_rule {
	void *unused;
	struct mlx5hws_bwc_matcher *bwc;
	struct hws_bwc_cplx_link *link; /* the last shared sub-rule */
	struct mlx5hws_bwc_rule *last;
};

_Static_assert(offsetof(struct hws_bwc_cplx_rule, bwc) ==
		       offsetof(struct mlx5hws_rule, bwc),
	       "a complex rule's matcher is where a rule's is");

static struct mlx5hws_bwc_matcher *
hws_bwc_cplx_matcher_of(const struct mlx5hws_bwc_rule *r)
{
	struct mlx5hws_bwc_matcher *bm;

	memcpy(&bm, (const char *)r + offsetof(struct mlx5hws_rule, bwc),
	       sizeof(bm));
	return bm;
}

static bool hws_bwc_cplx_test(const uint32_t *p, uint32_t bit)
{
	return be32toh(p[bit / 32]) & (1u << (31 - bit % 32));
}

static void hws_bwc_cplx_put_bit(uint32_t *p, uint32_t bit, bool on)
{
	uint32_t v = be32toh(p[bit / 32]), m = 1u << (31 - bit % 32);

	p[bit / 32] = htobe32(on ? v | m : v & ~m);
}

/*
 * Does mask (with the chain register for a part after the first) fit one
 * STE?  A trial that is expected to fail logs nothing (quiet); the caller
 * says why the last one failed, once it knows that nothing fits.
 */
static int hws_bwc_cplx_fits(struct mlx5hws_context *ctx, const uint32_t *mask,
			     uint8_t criteria, bool quiet)
{
	struct hws_definer *def = hws_zalloc(&ctx->mem, sizeof(*def));
	int err;

	if (!def)
		return ENOMEM;
	if (quiet)
		hws_log_mute();
	err = hws_definer_layout(ctx, def, (const uint8_t *)mask,
				 MLX5HWS_MATCH_PARAM_SZ, criteria);
	if (quiet)
		hws_log_unmute();
	hws_free(&ctx->mem, def);
	return err;
}

static void hws_bwc_cplx_add_reg(const struct hws_bwc_complex *c,
				 uint32_t *param, uint32_t value)
{
	uint32_t be = htobe32(value);

	mlx5hws_match_param_set(param, c->reg, &be, sizeof(be));
}

static void hws_bwc_cplx_copy_bits(uint32_t *to, const uint32_t *from,
				   size_t off, size_t width)
{
	size_t bit;

	for (bit = off; bit < off + width; bit++)
		if (hws_bwc_cplx_test(from, bit))
			hws_bwc_cplx_put_bit(to, bit, true);
}

static bool hws_bwc_cplx_any(const uint32_t *p, size_t off, size_t width)
{
	size_t bit;

	for (bit = off; bit < off + width; bit++)
		if (hws_bwc_cplx_test(p, bit))
			return true;
	return false;
}

/*
 * An IP address is one only next to the IP version or a full ethertype of
 * its headers (definer.c): a part that takes an address takes those bits
 * of the user's mask too, though an earlier part matches them as well.
 */
static void hws_bwc_cplx_qualify(const uint32_t *mask, uint32_t *part)
{
	static const size_t hdrs[] = { FTE_OFF(outer_headers),
				       FTE_OFF(inner_headers) };
	const size_t src = FTE_OFF(outer_headers.src_ipv4_src_ipv6) - hdrs[0],
		     dst = FTE_OFF(outer_headers.dst_ipv4_dst_ipv6) - hdrs[0],
		     type = FTE_OFF(outer_headers.ethertype) - hdrs[0],
		     ver = FTE_OFF(outer_headers.ip_version) - hdrs[0];
	unsigned int h;

	for (h = 0; h < 2; h++) {
		if (!hws_bwc_cplx_any(part, hdrs[h] + src, 128) &&
		    !hws_bwc_cplx_any(part, hdrs[h] + dst, 128))
			continue;
		hws_bwc_cplx_copy_bits(part, mask, hdrs[h] + type, 16);
		hws_bwc_cplx_copy_bits(part, mask, hdrs[h] + ver, 4);
	}
}

/* Pick the highest REG_C from 7 down to 1 that the mask leaves alone. */
static int hws_bwc_cplx_pick_reg(struct hws_bwc_complex *c,
				 const uint32_t *mask)
{
	char name[16];
	int n;

	for (n = 7; n >= 1; n--) {
		const struct mlx5hws_match_field *f;
		uint32_t bit;
		bool used = false;

		snprintf(name, sizeof(name), "meta.reg_c%d", n);
		f = mlx5hws_match_field_find(name);
		if (!f)
			continue;
		for (bit = f->bit_offset; bit < f->bit_offset + f->bit_width;
		     bit++)
			used |= hws_bwc_cplx_test(mask, bit);
		if (used)
			continue;
		c->reg = f;
		c->modi_field = MLX5_MODI_META_REG_C_0 + n;
		return 0;
	}
	hws_err("BWC complex matcher: the mask uses every REG_C from 1 to 7, none is left for the chain id");
	return EOPNOTSUPP;
}

/*
 * Cut the mask into parts, field by field, each as big as one definer
 * takes.  A field's bits another field already took stay where they are.
 */
static int hws_bwc_cplx_split(struct mlx5hws_context *ctx,
			      struct hws_bwc_complex *c, const uint32_t *mask)
{
	uint32_t left[HWS_BWC_CPLX_DW], want[HWS_BWC_CPLX_DW],
		trial[HWS_BWC_CPLX_DW];
	const struct mlx5hws_match_field *fields;
	struct hws_bwc_cplx_part *p;
	size_t count, i;
	uint32_t bit, w;
	int err;

	fields = mlx5hws_match_fields(&count);
	memcpy(left, mask, sizeof(left));
	c->num_parts = 1;
	p = &c->part[0];
	for (i = 0; i < count; i++) {
		const struct mlx5hws_match_field *f = &fields[i];
		bool any = false;
		uint8_t criteria;

		for (bit = f->bit_offset; bit < f->bit_offset + f->bit_width;
		     bit++)
			any |= hws_bwc_cplx_test(left, bit);
		if (!any)
			continue;
		memcpy(want, p->mask, sizeof(want));
		for (bit = f->bit_offset; bit < f->bit_offset + f->bit_width;
		     bit++)
			if (hws_bwc_cplx_test(left, bit))
				hws_bwc_cplx_put_bit(want, bit, true);
		hws_bwc_cplx_qualify(mask, want);
		memcpy(trial, want, sizeof(trial));
		criteria = p->criteria | f->criteria;
		if (c->num_parts > 1) {
			hws_bwc_cplx_add_reg(c, trial, UINT32_MAX);
			criteria |= c->reg->criteria;
		}
		err = hws_bwc_cplx_fits(ctx, trial, criteria, true);
		if (err == E2BIG && p->criteria &&
		    c->num_parts < HWS_BWC_CPLX_MAX_PARTS) {
			/* this part is full: the field opens the next one */
			p = &c->part[c->num_parts++];
			i--;
			continue;
		}
		if (err) {
			/* the trial that failed, with its reason this time */
			hws_bwc_cplx_fits(ctx, trial, criteria, false);
			hws_err("BWC complex matcher: field %s fits no part, %u of at most %u (%s)",
				f->name, c->num_parts, HWS_BWC_CPLX_MAX_PARTS,
				strerror(err));
			return err;
		}
		memcpy(p->mask, want, sizeof(want));
		for (w = 0; w < HWS_BWC_CPLX_DW; w++)
			left[w] &= ~want[w];
		p->criteria |= f->criteria;
	}
	for (w = 0; w < HWS_BWC_CPLX_DW; w++)
		if (left[w]) {
			hws_err("BWC complex matcher: mask bits in DW %u belong to no field libhws matches",
				w);
			return EOPNOTSUPP;
		}
	return 0;
}

/* Chain ids */

static int hws_bwc_cplx_id_get(struct mlx5hws_context *ctx,
			       struct hws_bwc_complex *c, uint32_t *id)
{
	if (c->num_free) {
		*id = c->free_ids[--c->num_free];
		return 0;
	}
	if (c->next_id == UINT32_MAX)
		return ENOSPC;
	if (c->cap_free <= c->next_id) {
		uint32_t cap = c->cap_free ? 2 * c->cap_free : 1024;
		uint32_t *ids = hws_zalloc(&ctx->mem, cap * sizeof(*ids));

		if (!ids)
			return ENOMEM;
		if (c->num_free)
			memcpy(ids, c->free_ids, c->num_free * sizeof(*ids));
		hws_free(&ctx->mem, c->free_ids);
		c->free_ids = ids;
		c->cap_free = cap;
	}
	/* 0 is what a packet that no part set carries */
	*id = ++c->next_id;
	return 0;
}

/* Room for every id handed out was made by hws_bwc_cplx_id_get(). */
static void hws_bwc_cplx_id_put(struct hws_bwc_complex *c, uint32_t id)
{
	c->free_ids[c->num_free++] = id;
}

/* Shared sub-rules */

static uint32_t hws_bwc_cplx_hash(const uint32_t *value, uint8_t part,
				  uint32_t flow_source)
{
	uint32_t h = 2166136261u ^ part ^ (flow_source << 8);
	unsigned int i;

	for (i = 0; i < HWS_BWC_CPLX_DW; i++)
		h = (h ^ value[i]) * 16777619u;
	return h;
}

static struct hws_bwc_cplx_link **hws_bwc_cplx_bucket(struct hws_bwc_complex *c,
						      uint32_t hash)
{
	return &c->buckets[hash & ((1u << HWS_BWC_CPLX_BUCKETS_LOG) - 1)];
}

/* A part's match values: the user's under its mask, and the chain id. */
static void hws_bwc_cplx_values(const struct hws_bwc_complex *c, uint8_t k,
				const uint32_t *value, uint32_t id,
				uint32_t *out)
{
	unsigned int i;

	for (i = 0; i < HWS_BWC_CPLX_DW; i++)
		out[i] = value[i] & c->part[k].mask[i];
	if (k)
		hws_bwc_cplx_add_reg(c, out, id);
}

/*
 * A rule holds a use of every link of its chain.  Drop those of link and
 * the links before it; a link goes with its last use.
 */
static void hws_bwc_cplx_put(struct mlx5hws_context *ctx,
			     struct hws_bwc_complex *c,
			     struct hws_bwc_cplx_link *link)
{
	while (link) {
		struct hws_bwc_cplx_link *prev = link->prev, **pp;
		int err;

		if (--link->refs) {
			link = prev;
			continue;
		}
		err = hws_bwc_rule_destroy_basic(link->rule);
		if (err) {
			/*
			 * it stays, unused, for a later rule of its values,
			 * and keeps the links before it
			 */
			hws_err("BWC complex matcher: the device kept part %u's shared sub-rule (%s)",
				link->part, strerror(err));
			return;
		}
		for (pp = hws_bwc_cplx_bucket(c, link->hash); *pp != link;
		     pp = &(*pp)->next)
			;
		*pp = link->next;
		hws_bwc_cplx_id_put(c, link->id);
		c->links--;
		hws_free(&ctx->mem, link);
		link = prev;
	}
}

/* The shared sub-rule of part k for value after prev, made if none is. */
static int hws_bwc_cplx_get(struct mlx5hws_context *ctx,
			    struct hws_bwc_complex *c, uint8_t k,
			    const uint32_t *value, uint32_t flow_source,
			    struct hws_bwc_cplx_link *prev,
			    struct hws_bwc_cplx_link **out)
{
	struct mlx5hws_rule_action ra[2] = { 0 };
	struct hws_bwc_cplx_link *link, **bucket;
	uint8_t data[PRM_MODIFY_ACTION_SIZE] = { 0 };
	uint32_t vals[HWS_BWC_CPLX_DW], hash;
	int err;

	hws_bwc_cplx_values(c, k, value, prev ? prev->id : 0, vals);
	hash = hws_bwc_cplx_hash(vals, k, flow_source);
	bucket = hws_bwc_cplx_bucket(c, hash);
	for (link = *bucket; link; link = link->next)
		if (link->hash == hash && link->part == k &&
		    link->flow_source == flow_source &&
		    !memcmp(link->value, vals, sizeof(vals))) {
			link->refs++;
			*out = link;
			return 0;
		}
	link = hws_zalloc(&ctx->mem, sizeof(*link));
	if (!link)
		return ENOMEM;
	err = hws_bwc_cplx_id_get(ctx, c, &link->id);
	if (err)
		goto free_link;
	DEVX_SET(set_action_in, data, action_type, MLX5_MODIFICATION_TYPE_SET);
	DEVX_SET(set_action_in, data, field, c->modi_field);
	DEVX_SET(set_action_in, data, data, link->id);
	ra[0].action = c->set_id;
	ra[0].modify_header.data = data;
	ra[1].action = c->part[k + 1].to_tbl;
	link->rule = hws_bwc_rule_create_basic(c->part[k].bm, vals, flow_source,
					       ra, 2);
	if (!link->rule) {
		err = errno;
		hws_bwc_cplx_id_put(c, link->id);
		goto free_link;
	}
	memcpy(link->value, vals, sizeof(vals));
	link->hash = hash;
	link->part = k;
	link->flow_source = flow_source;
	link->prev = prev;
	link->refs = 1;
	link->next = *bucket;
	*bucket = link;
	c->links++;
	*out = link;
	return 0;

free_link:
	hws_free(&ctx->mem, link);
	return err;
}

/* Matchers */

static void hws_bwc_cplx_free(struct mlx5hws_context *ctx,
			      struct mlx5hws_bwc_matcher *bm)
{
	struct hws_bwc_complex *c = bm->complex;
	int k;

	for (k = c->num_parts - 1; k >= 0; k--) {
		struct hws_bwc_cplx_part *p = &c->part[k];

		if (p->bm)
			hws_bwc_matcher_destroy_basic(p->bm);
		if (p->to_tbl)
			mlx5hws_action_destroy(p->to_tbl);
		if (k && p->tbl)
			mlx5hws_table_destroy(p->tbl);
	}
	if (c->set_id)
		mlx5hws_action_destroy(c->set_id);
	pthread_mutex_destroy(&c->lock);
	hws_free(&ctx->mem, c->free_ids);
	hws_free(&ctx->mem, c->buckets);
	hws_free(&ctx->mem, c);
	hws_free(&ctx->mem, bm);
}

/* Part k's table, matcher, and the go-to-table that reaches it. */
static int hws_bwc_cplx_part_init(struct mlx5hws_bwc_matcher *bm, uint8_t k)
{
	struct mlx5hws_table *tbl = bm->tbl;
	struct hws_bwc_complex *c = bm->complex;
	struct hws_bwc_cplx_part *p = &c->part[k];
	struct mlx5hws_bwc_matcher *first = c->part[0].bm;
	uint32_t flags = 1u << tbl->domain, mask[HWS_BWC_CPLX_DW];
	struct mlx5hws_table_attr attr = {
		.type = (enum mlx5hws_table_type)tbl->domain,
		.level = tbl->level + k,
	};

	memcpy(mask, p->mask, sizeof(mask));
	if (!k) {
		p->tbl = tbl;
		goto matcher;
	}
	p->tbl = mlx5hws_table_create(hws_bwc_ctx(bm), &attr);
	if (!p->tbl)
		return errno;
	/* a packet the later parts miss goes on behind the first part */
	first->followers[first->num_followers++] = p->tbl;
	p->to_tbl = mlx5hws_action_create_dest_table(hws_bwc_ctx(bm), p->tbl,
						     flags);
	if (!p->to_tbl)
		return errno;
	hws_bwc_cplx_add_reg(c, mask, UINT32_MAX);
	p->criteria |= c->reg->criteria;
matcher:
	/* one matcher per table: the priority orders it in the user's only */
	p->bm = hws_bwc_matcher_create_basic(p->tbl, k ? 0 : bm->priority,
					     p->criteria, mask);
	return p->bm ? 0 : errno;
}

static struct mlx5hws_bwc_matcher *
hws_bwc_cplx_create(struct mlx5hws_table *tbl, uint32_t priority,
		    const uint32_t *mask)
{
	struct mlx5hws_context *ctx = tbl->ctx;
	struct mlx5hws_action_modify_header_attr mh = { .num_actions = 1 };
	struct mlx5hws_bwc_matcher *bm;
	struct hws_bwc_complex *c;
	uint64_t set = 0;
	uint8_t k;
	int err;

	bm = hws_zalloc_aligned(&ctx->mem, HWS_CACHE_APART, sizeof(*bm));
	c = hws_zalloc(&ctx->mem, sizeof(*c));
	if (!bm || !c) {
		hws_free(&ctx->mem, bm);
		hws_free(&ctx->mem, c);
		errno = ENOMEM;
		return NULL;
	}
	bm->tbl = tbl;
	bm->priority = priority;
	bm->complex = c;
	pthread_mutex_init(&c->lock, NULL);
	c->buckets = hws_zalloc(&ctx->mem, sizeof(*c->buckets)
						   << HWS_BWC_CPLX_BUCKETS_LOG);
	err = c->buckets ? hws_bwc_cplx_pick_reg(c, mask) : ENOMEM;
	if (!err)
		err = hws_bwc_cplx_split(ctx, c, mask);
	if (err)
		goto fail;
	DEVX_SET(set_action_in, &set, action_type, MLX5_MODIFICATION_TYPE_SET);
	DEVX_SET(set_action_in, &set, field, c->modi_field);
	mh.actions = &set;
	c->set_id = mlx5hws_action_create_modify_header(ctx, &mh,
							1u << tbl->domain);
	if (!c->set_id) {
		err = errno;
		goto fail;
	}
	for (k = 0; k < c->num_parts && !err; k++)
		err = hws_bwc_cplx_part_init(bm, k);
	if (!err)
		err = hws_bwc_lead(c->part[0].bm, c->part[0].bm->matcher);
	if (err)
		goto fail;
	return bm;

fail:
	hws_bwc_cplx_free(ctx, bm);
	errno = err;
	return NULL;
}

struct mlx5hws_bwc_matcher *
mlx5hws_bwc_matcher_create(struct mlx5hws_table *table, uint32_t priority,
			   uint8_t match_criteria_enable, const uint32_t *mask)
{
	/*
	 * A mask one STE holds, or another error, is a plain matcher's, which
	 * logs what is wrong; the kernel's root table matches any mask in
	 * one rule.  A complex mask's first trial says nothing.
	 */
	if (!table || !mask || hws_table_is_root(table) ||
	    hws_bwc_cplx_fits(table->ctx, mask, match_criteria_enable, true) !=
		    E2BIG)
		return hws_bwc_matcher_create_basic(
			table, priority, match_criteria_enable, mask);
	return hws_bwc_cplx_create(table, priority, mask);
}

int mlx5hws_bwc_matcher_destroy(struct mlx5hws_bwc_matcher *bm)
{
	if (!bm || !bm->complex)
		return hws_bwc_matcher_destroy_basic(bm);
	if (bm->complex->rules) {
		hws_err("BWC complex matcher: %u rules left",
			bm->complex->rules);
		return EBUSY;
	}
	hws_bwc_cplx_free(hws_bwc_ctx(bm), bm);
	return 0;
}

/* Add what part k reports of the whole matcher's growth and moves to info. */
static void hws_bwc_cplx_query_add(struct mlx5hws_bwc_matcher_info *info,
				   const struct mlx5hws_bwc_matcher_info *k)
{
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		info->dir[dir].maxed_out |= k->dir[dir].maxed_out;
		info->dir[dir].rehashes += k->dir[dir].rehashes;
		info->dir[dir].shrinks += k->dir[dir].shrinks;
		if (!(info->comp_mask & MLX5HWS_BWC_MATCHER_INFO_SIZING))
			continue;
		info->sizing[dir].fell_back |= k->sizing[dir].fell_back;
		info->sizing[dir].forced_growths +=
			k->sizing[dir].forced_growths;
		info->sizing[dir].col_growths += k->sizing[dir].col_growths;
	}
	if (info->comp_mask & MLX5HWS_BWC_MATCHER_INFO_MOVES) {
		info->moves_pending += k->moves_pending;
		info->move_failures += k->move_failures;
		info->num_matchers += k->num_matchers;
	}
}

/*
 * A complex matcher as one: the rules once, with the size, the collision
 * table and the action templates of the last part, which holds a sub-rule
 * per rule with the user's actions; growths, moves and matchers of every
 * part; maxed out or fallen back when a part is.  Under the rule lock, so
 * that every part counts the same rules.
 */
int mlx5hws_bwc_matcher_query(struct mlx5hws_bwc_matcher *bm,
			      struct mlx5hws_bwc_matcher_info *info)
{
	struct hws_bwc_complex *c = bm ? bm->complex : NULL;
	struct mlx5hws_bwc_matcher_info k_info;
	uint8_t k;
	int err;

	if (!c)
		return hws_bwc_matcher_query_basic(bm, info);
	pthread_mutex_lock(&c->lock);
	err = hws_bwc_matcher_query_basic(c->part[c->num_parts - 1].bm, info);
	for (k = 0; !err && k < c->num_parts - 1; k++) {
		memset(&k_info, 0, sizeof(k_info));
		k_info.comp_mask = info->comp_mask;
		err = hws_bwc_matcher_query_basic(c->part[k].bm, &k_info);
		if (!err)
			hws_bwc_cplx_query_add(info, &k_info);
	}
	pthread_mutex_unlock(&c->lock);
	return err;
}

int mlx5hws_bwc_matcher_flush_moves(struct mlx5hws_bwc_matcher *bm)
{
	struct hws_bwc_complex *c = bm ? bm->complex : NULL;
	int err = 0;
	uint8_t k;

	if (!c)
		return hws_bwc_matcher_flush_moves_basic(bm);
	for (k = 0; k < c->num_parts && !err; k++)
		err = hws_bwc_matcher_flush_moves_basic(c->part[k].bm);
	return err;
}

/* Rules */

/*
 * A rule of a complex matcher: its links, then its last part.  Out of line,
 * so that a basic matcher's rule goes straight on, without this frame.
 */
static __attribute__((noinline)) struct mlx5hws_bwc_rule *
hws_bwc_cplx_rule_create(struct mlx5hws_bwc_matcher *bm, const uint32_t *value,
			 uint32_t flow_source,
			 const struct mlx5hws_rule_action rule_actions[],
			 unsigned int num_actions)
{
	struct hws_bwc_complex *c = bm->complex;
	struct hws_bwc_cplx_link *link = NULL;
	struct hws_bwc_cplx_rule *rule;
	uint32_t vals[HWS_BWC_CPLX_DW];
	struct mlx5hws_context *ctx;
	uint8_t k, last;
	int err = 0;

	ctx = hws_bwc_ctx(bm);
	rule = hws_zalloc(&ctx->mem, sizeof(*rule));
	if (!rule) {
		errno = ENOMEM;
		return NULL;
	}
	last = c->num_parts - 1;
	pthread_mutex_lock(&c->lock);
	for (k = 0; k < last && !err; k++)
		err = hws_bwc_cplx_get(ctx, c, k, value, flow_source, link,
				       &link);
	if (!err) {
		hws_bwc_cplx_values(c, last, value, link ? link->id : 0, vals);
		rule->last = hws_bwc_rule_create_basic(c->part[last].bm, vals,
						       flow_source,
						       rule_actions,
						       num_actions);
		err = rule->last ? 0 : errno;
	}
	if (err) {
		/* the links this rule took so far go again */
		if (link)
			hws_bwc_cplx_put(ctx, c, link);
		pthread_mutex_unlock(&c->lock);
		hws_free(&ctx->mem, rule);
		errno = err;
		return NULL;
	}
	rule->bwc = bm;
	rule->link = link;
	c->rules++;
	pthread_mutex_unlock(&c->lock);
	return (struct mlx5hws_bwc_rule *)rule;
}

struct mlx5hws_bwc_rule *
mlx5hws_bwc_rule_create(struct mlx5hws_bwc_matcher *bm, const uint32_t *value,
			uint32_t flow_source,
			const struct mlx5hws_rule_action rule_actions[],
			unsigned int num_actions)
{
	if (!bm || !bm->complex || !value)
		return hws_bwc_rule_create_basic(bm, value, flow_source,
						 rule_actions, num_actions);
	return hws_bwc_cplx_rule_create(bm, value, flow_source, rule_actions,
					num_actions);
}

int mlx5hws_bwc_rule_destroy(struct mlx5hws_bwc_rule *bwc_rule)
{
	struct hws_bwc_cplx_rule *rule = (struct hws_bwc_cplx_rule *)bwc_rule;
	struct mlx5hws_bwc_matcher *bm;
	struct hws_bwc_complex *c;
	int err;

	if (!bwc_rule || !hws_bwc_cplx_matcher_of(bwc_rule)->complex)
		return hws_bwc_rule_destroy_basic(bwc_rule);
	bm = rule->bwc;
	c = bm->complex;
	pthread_mutex_lock(&c->lock);
	err = hws_bwc_rule_destroy_basic(rule->last);
	if (!err) {
		hws_bwc_cplx_put(hws_bwc_ctx(bm), c, rule->link);
		c->rules--;
	}
	pthread_mutex_unlock(&c->lock);
	if (!err)
		hws_free(&hws_bwc_ctx(bm)->mem, rule);
	return err;
}

int mlx5hws_bwc_rule_action_update(struct mlx5hws_bwc_rule *bwc_rule,
				   const struct mlx5hws_rule_action actions[],
				   unsigned int num_actions)
{
	struct hws_bwc_cplx_rule *rule = (struct hws_bwc_cplx_rule *)bwc_rule;

	if (!bwc_rule || !hws_bwc_cplx_matcher_of(bwc_rule)->complex)
		return hws_bwc_rule_action_update_basic(bwc_rule, actions,
							num_actions);
	/* the user's actions are the last sub-rule's alone */
	return hws_bwc_rule_action_update_basic(rule->last, actions,
						num_actions);
}

int mlx5hws_bwc_rule_query(const struct mlx5hws_bwc_rule *bwc_rule,
			   struct mlx5hws_rule_info *info)
{
	const struct hws_bwc_cplx_rule *rule =
		(const struct hws_bwc_cplx_rule *)bwc_rule;

	if (!bwc_rule || !hws_bwc_cplx_matcher_of(bwc_rule)->complex)
		return hws_bwc_rule_query_basic(bwc_rule, info);
	return hws_bwc_rule_query_basic(rule->last, info);
}
