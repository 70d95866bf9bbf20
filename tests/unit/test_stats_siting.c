/*
 * test_stats_siting: the Sainte-Laguë allotment of new support points
 * against allotments worked out by hand (ties, EPCIs without a
 * structure, EPCIs outside the registry), its defining property on
 * random sets, and what the points change on a hand-built country.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#include "coverage.h"
#include "siting.h"

static void unit(struct cov_unit *u, const char *code, long a, long s, int registry)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->code, sizeof(u->code), "%s", code);
	u->associations = a;
	u->structures = u->structures_covered = s;
	u->in_registry = registry;
}

static void test_by_hand(void)
{
	struct cov_unit u[4];
	struct siting_point pt[5];
	size_t m;

	/* Priorities A / (S + 0.5): A 100/1.5 = 66.7, B 60/0.5 = 120,
	   C 30/0.5 = 60; D is outside the registry, its 1,000 associations
	   unknown to the test. B takes the first point (then 60/1.5 = 40),
	   A the second (then 100/2.5 = 40), C the third (then 20), and A
	   and B tie at 40 for the fourth: A, the smaller code. */
	unit(&u[0], "A", 100, 1, 1);
	unit(&u[1], "B", 60, 0, 1);
	unit(&u[2], "C", 30, 0, 1);
	unit(&u[3], "D", 1000, 0, 0);
	m = siting_allot(u, 4, 4, pt);
	CHECK_INT(m, 4);
	CHECK_INT(pt[0].unit, 1);
	CHECK_INT(pt[1].unit, 0);
	CHECK_INT(pt[2].unit, 2);
	CHECK_INT(pt[3].unit, 0);
	CHECK_INT(pt[0].before, 0);
	CHECK_INT(pt[1].before, 1);
	CHECK_INT(pt[2].before, 0);
	CHECK_INT(pt[3].before, 2);
	CHECK_NEAR(pt[0].priority, 120.0, 1e-12);
	CHECK_NEAR(pt[1].priority, 100.0 / 1.5, 1e-12);
	CHECK_NEAR(pt[2].priority, 60.0, 1e-12);
	CHECK_NEAR(pt[3].priority, 40.0, 1e-12);
	/* The fifth: B 40 against A 100/3.5 = 28.6 and C 20. */
	m = siting_allot(u, 4, 5, pt);
	CHECK_INT(m, 5);
	CHECK_INT(pt[4].unit, 1);

	/* Two EPCIs alike: the smaller code first, then the other. */
	unit(&u[0], "200000002", 10, 0, 1);
	unit(&u[1], "200000001", 10, 0, 1);
	m = siting_allot(u, 2, 2, pt);
	CHECK_INT(m, 2);
	CHECK_INT(pt[0].unit, 1);
	CHECK_INT(pt[1].unit, 0);

	/* Nobody takes part: nothing allotted. */
	unit(&u[0], "A", 10, 0, 0);
	CHECK_INT(siting_allot(u, 1, 3, pt), 0);
	CHECK_INT(siting_allot(u, 0, 3, pt), 0);
}

/* The property that defines the method: no transfer of one new point
   from an EPCI i that received it to another j would make the spread of
   associations per structure smaller in the Sainte-Laguë sense, i.e.
   A_i / (s_i - 0.5) >= A_j / (s_j + 0.5) for the final seats s (checked
   in integers). */
static void test_property(void)
{
	enum { N = 40, TRIALS = 200 };
	struct cov_unit u[N];
	struct siting_point pt[300];
	long seats[N];
	size_t got[N];
	unsigned seed = 12345;

	for (int t = 0; t < TRIALS; t++) {
		size_t n = 2 + (size_t)(rand_r(&seed) % (N - 1)), points = (size_t)(rand_r(&seed) % 300);
		size_t m, i, j, bad = 0, total = 0;

		for (i = 0; i < n; i++) {
			char code[16];

			snprintf(code, sizeof(code), "%09zu", 200000000 + (size_t)(rand_r(&seed) % 1000000));
			unit(&u[i], code, rand_r(&seed) % 5000, rand_r(&seed) % 6,
			     rand_r(&seed) % 10 != 0);
			seats[i] = u[i].structures;
			got[i] = 0;
		}
		m = siting_allot(u, n, points, pt);
		for (i = 0; i < m; i++) {
			seats[pt[i].unit]++;
			got[pt[i].unit]++;
			bad += !u[pt[i].unit].in_registry;
		}
		for (i = 0; i < n; i++) {
			total += u[i].in_registry;
			if (!got[i])
				continue;
			for (j = 0; j < n; j++)
				if (j != i && u[j].in_registry &&
				    (int64_t)u[i].associations * (2 * seats[j] + 1) <
				    (int64_t)u[j].associations * (2 * seats[i] - 1))
					bad++;
		}
		CHECK_INT(m, total ? points : 0);
		CHECK_INT(bad, 0);
	}
}

static void test_effect(void)
{
	struct cov_unit epci[2], dep[2];
	struct siting_point pt[40];
	struct siting_effect fx;
	size_t dept_of[2] = { 0, 1 }, m;

	/* Two departments of one EPCI each: X (30 associations, no
	   structure) and Y (70 associations, one). One point: X 30/0.5 = 60
	   against Y 70/1.5 = 46.7, so X. Lorenz by rising rate before: X
	   (0 of 30) then Y, f = 0 .3 1, l = 0 0 1, Gini 1 - .7 = .3; after:
	   Y (1/70) then X (1/30), f = 0 .7 1, l = 0 .5 1, Gini
	   1 - (.7 * .5 + .3 * 1.5) = .2. The associations without a structure
	   go from 30 % to none. */
	unit(&epci[0], "X", 30, 0, 1);
	unit(&epci[1], "Y", 70, 1, 1);
	unit(&dep[0], "01", 30, 0, 1);
	unit(&dep[1], "02", 70, 1, 1);
	m = siting_effect(epci, 2, dept_of, dep, 2, 1, 0.95, 0.05, pt, &fx);
	CHECK_INT(m, 1);
	CHECK_INT(pt[0].unit, 0);
	CHECK_NEAR(fx.gini_before, 0.3, 1e-12);
	CHECK_NEAR(fx.gini_after, 0.2, 1e-12);
	CHECK_NEAR(fx.blank_before, 0.3, 1e-12);
	CHECK_NEAR(fx.blank_after, 0.0, 1e-12);
	CHECK_INT(dep[0].structures, 0);	/* left as they were */

	/* 3,000 associations and no structure against 7,000 and 100: E =
	   30, P(X <= 0 | 30) = e^-30, flagged. 40 points, all to X (its
	   priority 3000/39.5 = 75.9 still tops 7000/100.5 = 69.7): O = 40
	   against E = 3000 * 140 / 10000 = 42, P(X <= 40 | 42) = 0.41 (R:
	   ppois(40, 42)), no longer flagged. */
	unit(&epci[0], "X", 3000, 0, 1);
	unit(&epci[1], "Y", 7000, 100, 1);
	unit(&dep[0], "01", 3000, 0, 1);
	unit(&dep[1], "02", 7000, 100, 1);
	m = siting_effect(epci, 2, dept_of, dep, 2, 40, 0.95, 0.05, pt, &fx);
	CHECK_INT(m, 40);
	CHECK_INT(pt[39].unit, 0);
	CHECK_INT(pt[39].before, 39);
	CHECK_INT(fx.flagged_before, 1);
	CHECK_INT(fx.flagged_after, 0);
}

int main(void)
{
	test_by_hand();
	test_property();
	test_effect();
	return t_done("test_stats_siting");
}
