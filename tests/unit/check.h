/*
 * check: the few macros pana's unit tests share. Each test program counts
 * its checks and ends with t_done(), which prints "name: N passed,
 * M failed" (tests/run.sh adds these up) and returns the exit status.
 */
#ifndef PANA_TEST_CHECK_H
#define PANA_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;

static inline int check_str(const char *got, const char *want)
{
	return got && !strcmp(got, want);
}

static inline const char *check_show(const char *s)
{
	return s ? s : "(null)";
}

#define CHECK(cond, ...) do { \
	if (cond) { \
		t_passed++; \
	} else { \
		t_failed++; \
		fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} \
} while (0)

#define CHECK_STR(got, want) CHECK(check_str((got), (want)), \
	"got '%s', want '%s'", check_show(got), (want))
#define CHECK_INT(got, want) CHECK((long long)(got) == (long long)(want), \
	"got %lld, want %lld", (long long)(got), (long long)(want))
/* Relative tolerance tol (absolute below 1). */
#define CHECK_NEAR(got, want, tol) CHECK(fabs((got) - (want)) <= (tol) * \
	(fabs(want) > 1 ? fabs(want) : 1), "got %.12g, want %.12g (tol %g)", \
	(double)(got), (double)(want), (double)(tol))

/* The size of files a and b when they hold the same bytes, else -1. */
static inline long t_same_bytes(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	long n = -1;
	int ca, cb;

	if (fa && fb)
		for (n = 0;; n++) {
			ca = getc(fa);
			cb = getc(fb);
			if (ca != cb) {
				n = -1;
				break;
			}
			if (ca == EOF)
				break;
		}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return n;
}

static inline int t_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, t_passed, t_failed);
	return t_failed ? 1 : 0;
}

#endif
