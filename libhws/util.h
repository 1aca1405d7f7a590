/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/* The lowest layer: lists, logging and the library's memory accounting. */
#ifndef HWS_UTIL_H
#define HWS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <infiniband/mlx5hws.h>

#define hws_container_of(ptr, type, member)                                    \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define HWS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define HWS_CACHE_LINE 64
/*
 * What threads write apart: the L2 fetches lines in pairs, so two lines of
 * one 128-byte block still pass between the cores that write them.
 */
#define HWS_CACHE_APART 128

/* Intrusive doubly linked list */
struct hws_list {
	struct hws_list *next, *prev;
};

static inline void hws_list_init(struct hws_list *head)
{
	head->next = head->prev = head;
}

static inline bool hws_list_empty(const struct hws_list *head)
{
	return head->next == head;
}

static inline void hws_list_add_tail(struct hws_list *head,
				     struct hws_list *node)
{
	node->prev = head->prev;
	node->next = head;
	head->prev->next = node;
	head->prev = node;
}

static inline void hws_list_del(struct hws_list *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	node->next = node->prev = node;
}

#define hws_list_for_each(pos, head)                                           \
	for (pos = (head)->next; pos != (head); pos = pos->next)

/* Logging: one line per call, through the user's log function. */
void hws_log(enum mlx5hws_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define hws_err(...) hws_log(MLX5HWS_LOG_ERR, __VA_ARGS__)
/*
 * The calling thread logs nothing until hws_log_unmute(): for trials that
 * are expected to fail, such as the masks a complex matcher tries while it
 * looks for a split, whose caller alone knows when a failure is one.
 */
void hws_log_mute(void);
void hws_log_unmute(void);

/*
 * A small number of the calling thread's own, the same for its life:
 * threads take them round robin, from 0.  Inline, as every rule counts
 * by it: hws_thread_slot_next is the slot + 1, 0 until the first call.
 */
extern __thread unsigned int hws_thread_slot_next
	__attribute__((tls_model("initial-exec")));
unsigned int hws_thread_slot_take(void);

static inline unsigned int hws_thread_slot(void)
{
	unsigned int next = hws_thread_slot_next;

	return next ? next - 1 : hws_thread_slot_take();
}

/*
 * A count that threads change at once, each in a slot apart from the
 * others (HWS_CACHE_APART), and a reader sums the slots.  The first
 * HWS_COUNT_SLOTS - 1 threads (by hws_thread_slot()) own a slot each and
 * store to it; the rest share the last, which they add to atomically.
 * Whatever holds one is allocated at HWS_CACHE_APART.
 */
#define HWS_COUNT_SLOTS 4

struct hws_count {
	struct {
		int64_t n;
	} __attribute__((aligned(HWS_CACHE_APART))) slot[HWS_COUNT_SLOTS];
};

static inline void hws_count_add(struct hws_count *c, int64_t delta)
{
	unsigned int slot = hws_thread_slot();
	int64_t *n;

	if (slot >= HWS_COUNT_SLOTS - 1) {
		__atomic_add_fetch(&c->slot[HWS_COUNT_SLOTS - 1].n, delta,
				   __ATOMIC_RELEASE);
		return;
	}
	/*
	 * no locked add: it would wait for the stores before it, a rule's
	 * misses among them
	 */
	n = &c->slot[slot].n;
	__atomic_store_n(n, __atomic_load_n(n, __ATOMIC_RELAXED) + delta,
			 __ATOMIC_RELEASE);
}

static inline int64_t hws_count_read(const struct hws_count *c)
{
	int64_t n = 0;
	unsigned int i;

	for (i = 0; i < HWS_COUNT_SLOTS; i++)
		n += __atomic_load_n(&c->slot[i].n, __ATOMIC_ACQUIRE);
	return n;
}

/*
 * The heap a context holds, counted by allocation size, so that the library
 * can report its own bookkeeping apart from anything else in the process.
 */
struct hws_mem {
	uint64_t bytes;
};

void *hws_zalloc(struct hws_mem *mem, size_t size);
/*
 * Zeroed, at a multiple of align (a power of two, HWS_CACHE_LINE for a
 * cache line of its own) and rounded up to it; hws_free() frees it.
 */
void *hws_zalloc_aligned(struct hws_mem *mem, size_t align, size_t size);
void hws_free(struct hws_mem *mem, void *ptr);
/*
 * A block of size bytes aligned to its size (a power of two), counted at
 * its size: glibc may serve it from a larger mapping whose unused lead it
 * reports as usable, and that lead is never touched.  hws_free_block()
 * frees it.
 */
void *hws_alloc_block(struct hws_mem *mem, size_t size);
void hws_free_block(struct hws_mem *mem, void *block, size_t size);

static inline uint32_t hws_ilog2_ceil(uint64_t v)
{
	uint32_t l = 0;

	while ((1ull << l) < v)
		l++;
	return l;
}

#endif /* HWS_UTIL_H */
