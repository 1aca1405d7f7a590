// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static mlx5hws_log_fn log_fn;
static void *log_arg;

void mlx5hws_set_log_fn(mlx5hws_log_fn fn, void *arg)
{
	pthread_mutex_lock(&log_lock);
	log_fn = fn;
	log_arg = arg;
	pthread_mutex_unlock(&log_lock);
}

/* hws_log_mute() calls not yet undone, by this thread */
static __thread unsigned int hws_log_muted;

void hws_log_mute(void)
{
	hws_log_muted++;
}

void hws_log_unmute(void)
{
	hws_log_muted--;
}

void hws_log(enum mlx5hws_log_level level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (hws_log_muted)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&log_lock);
	if (log_fn)
		log_fn(level, msg, log_arg);
	else if (level <= MLX5HWS_LOG_WARN)
		fprintf(stderr, "libhws: %s\n", msg);
	pthread_mutex_unlock(&log_lock);
}

__thread unsigned int hws_thread_slot_next
	__attribute__((tls_model("initial-exec")));

unsigned int hws_thread_slot_take(void)
{
	static unsigned int taken;

	hws_thread_slot_next = __atomic_add_fetch(&taken, 1, __ATOMIC_RELAXED);
	return hws_thread_slot_next - 1;
}

void *hws_zalloc(struct hws_mem *mem, size_t size)
{
	void *p = calloc(1, size);

	if (p)
		__atomic_add_fetch(&mem->bytes, malloc_usable_size(p),
				   __ATOMIC_RELAXED);
	return p;
}

void *hws_zalloc_aligned(struct hws_mem *mem, size_t align, size_t size)
{
	size_t rounded = (size + align - 1) & ~(align - 1);
	void *p = aligned_alloc(align, rounded);

	if (!p)
		return NULL;
	__atomic_add_fetch(&mem->bytes, malloc_usable_size(p),
			   __ATOMIC_RELAXED);
	memset(p, 0, rounded);
	return p;
}

void *hws_alloc_block(struct hws_mem *mem, size_t size)
{
	void *p = aligned_alloc(size, size);

	if (p)
		__atomic_add_fetch(&mem->bytes, size, __ATOMIC_RELAXED);
	return p;
}

void hws_free_block(struct hws_mem *mem, void *block, size_t size)
{
	if (!block)
		return;
	__atomic_sub_fetch(&mem->bytes, size, __ATOMIC_RELAXED);
	free(block);
}

void hws_free(struct hws_mem *mem, void *ptr)
{
	if (!ptr)
		return;
	__atomic_sub_fetch(&mem->bytes, malloc_usable_size(ptr),
			   __ATOMIC_RELAXED);
	free(ptr);
}
