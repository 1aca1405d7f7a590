// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* BWC rules in slabs per matcher and queue. */
#include <errno.h>
#include <string.h>

#include "bwc.h"

/*
 * A chunk: this header on the first cache line, then rules of one size.
 * Chunks are aligned to their size, so a rule finds its chunk.
 */
struct hws_bwc_chunk {
	struct hws_list node; /* the slab's chunks, oldest first */
	struct hws_list avail; /* in the slab's chunks with room */
	struct hws_bwc_slab *slab;
	struct mlx5hws_rule *free; /* freed slots, by bwc_next */
	uint32_t used; /* slots with a rule */
	uint32_t bumped; /* slots ever handed out: the rest are new */
};

static struct hws_bwc_chunk *hws_bwc_slab_chunk_of(struct mlx5hws_rule *r)
{
	return (struct hws_bwc_chunk *)((uintptr_t)r &
					~(uintptr_t)(HWS_BWC_CHUNK_SIZE - 1));
}

static struct hws_bwc_chunk *hws_bwc_slab_chunk(struct hws_list *node)
{
	return hws_container_of(node, struct hws_bwc_chunk, node);
}

static struct mlx5hws_rule *hws_bwc_slab_slot(struct hws_bwc_chunk *c,
					      uint32_t i)
{
	return (struct mlx5hws_rule *)((uint8_t *)c + HWS_CACHE_LINE +
				       (size_t)i * c->slab->obj_size);
}

int hws_bwc_slab_init(struct mlx5hws_bwc_matcher *bm)
{
	struct mlx5hws_context *ctx = hws_bwc_ctx(bm);
	/* a rehash keeps the match template: one size for good */
	uint32_t size = (hws_rule_size(bm->matcher) + 7) & ~7u;
	uint16_t i;

	bm->slabs =
		hws_zalloc_aligned(&ctx->mem, HWS_CACHE_APART,
				   ctx->num_bwc_queues * sizeof(*bm->slabs));
	if (!bm->slabs)
		return ENOMEM;
	for (i = 0; i < ctx->num_bwc_queues; i++) {
		hws_list_init(&bm->slabs[i].chunks);
		hws_list_init(&bm->slabs[i].avail);
		bm->slabs[i].obj_size = size;
		bm->slabs[i].per_chunk =
			(HWS_BWC_CHUNK_SIZE - HWS_CACHE_LINE) / size;
	}
	return 0;
}

void hws_bwc_slab_fini(struct mlx5hws_bwc_matcher *bm)
{
	struct mlx5hws_context *ctx = hws_bwc_ctx(bm);
	struct hws_bwc_chunk *c;
	uint16_t i;

	for (i = 0; i < ctx->num_bwc_queues; i++) {
		while (!hws_list_empty(&bm->slabs[i].chunks)) {
			c = hws_bwc_slab_chunk(bm->slabs[i].chunks.next);
			hws_list_del(&c->node);
			hws_free_block(&ctx->mem, c, HWS_BWC_CHUNK_SIZE);
		}
	}
	hws_free(&ctx->mem, bm->slabs);
}

struct mlx5hws_rule *hws_bwc_slab_alloc(struct mlx5hws_bwc_matcher *bm,
					uint16_t qi)
{
	struct hws_bwc_slab *slab = &bm->slabs[qi];
	struct mlx5hws_rule *r;
	struct hws_bwc_chunk *c;

	if (hws_list_empty(&slab->avail)) {
		/* slots are cleared as they are handed out */
		c = hws_alloc_block(&hws_bwc_ctx(bm)->mem, HWS_BWC_CHUNK_SIZE);
		if (!c)
			return NULL;
		*c = (struct hws_bwc_chunk){ .slab = slab };
		hws_list_add_tail(&slab->chunks, &c->node);
		hws_list_add_tail(&slab->avail, &c->avail);
	}
	c = hws_container_of(slab->avail.next, struct hws_bwc_chunk, avail);
	if (c->free) {
		r = c->free;
		c->free = r->bwc_next;
	} else {
		r = hws_bwc_slab_slot(c, c->bumped++);
	}
	/* the struct, a clear of known size: the rule's init writes its tag */
	memset(r, 0, sizeof(*r));
	if (++c->used == slab->per_chunk)
		hws_list_del(&c->avail);
	return r;
}

/* A scan stopped in chunk c, which goes: on at the next, or past the last. */
static void hws_bwc_slab_scan_past(struct hws_bwc_slab *slab,
				   struct hws_bwc_chunk *c)
{
	if (c->node.next != &slab->chunks) {
		slab->scan = hws_bwc_slab_chunk(c->node.next);
		slab->scan_slot = 0;
	} else {
		slab->scan = hws_bwc_slab_chunk(c->node.prev);
		slab->scan_slot = slab->scan->bumped;
	}
}

void hws_bwc_slab_free(struct mlx5hws_bwc_matcher *bm, struct mlx5hws_rule *r)
{
	struct hws_bwc_chunk *c = hws_bwc_slab_chunk_of(r);
	struct hws_bwc_slab *slab = c->slab;

	/* a free slot: no scan calls on it */
	r->bwc = NULL;
	r->bwc_next = c->free;
	c->free = r;
	if (c->used-- == slab->per_chunk)
		hws_list_add_tail(&slab->avail, &c->avail);
	/* an empty chunk goes, unless it is the slab's last */
	if (!c->used && slab->chunks.next != slab->chunks.prev) {
		if (slab->scan == c)
			hws_bwc_slab_scan_past(slab, c);
		hws_list_del(&c->avail);
		hws_list_del(&c->node);
		hws_free_block(&hws_bwc_ctx(bm)->mem, c, HWS_BWC_CHUNK_SIZE);
	}
}

void hws_bwc_slab_rewind(struct mlx5hws_bwc_matcher *bm, uint16_t qi)
{
	bm->slabs[qi].scan = NULL;
	bm->slabs[qi].scan_slot = 0;
}

bool hws_bwc_slab_scan(struct mlx5hws_bwc_matcher *bm, uint16_t qi,
		       uint32_t work,
		       bool (*fn)(struct mlx5hws_bwc_matcher *bm,
				  struct mlx5hws_rule *rule, void *arg),
		       void *arg)
{
	struct hws_bwc_slab *slab = &bm->slabs[qi];
	struct hws_bwc_chunk *c = slab->scan;
	struct mlx5hws_rule *r;

	if (!c) {
		if (hws_list_empty(&slab->chunks))
			return true;
		c = hws_bwc_slab_chunk(slab->chunks.next);
	}
	while (work) {
		if (slab->scan_slot == c->bumped) {
			if (c->node.next == &slab->chunks) {
				hws_bwc_slab_rewind(bm, qi);
				return true;
			}
			c = hws_bwc_slab_chunk(c->node.next);
			slab->scan_slot = 0;
			continue;
		}
		r = hws_bwc_slab_slot(c, slab->scan_slot);
		work--;
		/* an orphan is out of the index: its removal is retried */
		if (r->bwc && !r->bwc_orphan && !fn(bm, r, arg))
			break;
		slab->scan_slot++;
	}
	slab->scan = c;
	return false;
}
