-- Version 12: the control limits of the funnel plot of departments,
-- written by pana-stats (stats/funnel_limits.c) so that pana-report draws them
-- without any statistics of its own. For each probability (0.95, 0.998)
-- the curve is sampled at points over E, denser at small E where it
-- bends: lower and upper are the quantiles (1 - probability) / 2 and
-- (1 + probability) / 2 of a Poisson(E) count, divided by E.
CREATE TABLE coverage_funnel (
	year INTEGER NOT NULL,
	level TEXT NOT NULL,
	probability REAL NOT NULL,
	point INTEGER NOT NULL,	-- 0 at the smallest E
	expected REAL NOT NULL,
	lower REAL NOT NULL,
	upper REAL NOT NULL,
	PRIMARY KEY (year, level, probability, point)
);
