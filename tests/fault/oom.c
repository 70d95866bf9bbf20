/*
 * oom: an allocator hook for fault-injection tests, loaded with
 * LD_PRELOAD. PANA_OOM_AFTER=N lets the first N allocations (malloc,
 * calloc, realloc) succeed and fails every one after, as SQLite's tests
 * do with their countdown. The real allocator is found with dlsym; the
 * few bytes dlsym itself asks for come from a static arena.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static long budget = -1;	/* -1: not read yet; -2: no limit */
static int resolving;
static _Alignas(max_align_t) char arena[4096];
static size_t arena_used;

static void *arena_alloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (arena_used + n > sizeof(arena))
		return NULL;
	p = arena + arena_used;
	arena_used += n;
	return p;
}

static int in_arena(const void *p)
{
	return (const char *)p >= arena && (const char *)p < arena + sizeof(arena);
}

static void resolve(void)
{
	const char *v;

	if (real_malloc || resolving)
		return;
	resolving = 1;
	real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	v = getenv("PANA_OOM_AFTER");
	budget = v ? atol(v) : -2;
	resolving = 0;
}

static int allowed(void)
{
	if (budget == -2)
		return 1;
	if (budget <= 0) {
		errno = ENOMEM;
		return 0;
	}
	budget--;
	return 1;
}

void *malloc(size_t n)
{
	resolve();
	if (!real_malloc)
		return arena_alloc(n);
	return allowed() ? real_malloc(n) : NULL;
}

void *calloc(size_t a, size_t b)
{
	void *p;

	resolve();
	if (!real_calloc) {
		p = arena_alloc(a * b);
		if (p)
			memset(p, 0, a * b);
		return p;
	}
	return allowed() ? real_calloc(a, b) : NULL;
}

void *realloc(void *p, size_t n)
{
	resolve();
	if (in_arena(p)) {
		void *q = malloc(n);

		if (q)
			memcpy(q, p, n);
		return q;
	}
	return allowed() ? real_realloc(p, n) : NULL;
}

void free(void *p)
{
	if (!p || in_arena(p))
		return;
	resolve();
	real_free(p);
}
