-- Version 10: the points of the Lorenz curve of departments, written by
-- pana-stats from the same counts as coverage_summary.gini, so that the
-- curve the report draws and the index it prints agree.
CREATE TABLE coverage_lorenz (
	year INTEGER NOT NULL,
	level TEXT NOT NULL,
	point INTEGER NOT NULL,	-- 0 is (0, 0)
	share_units REAL NOT NULL,	-- cumulative share of associations
	share_structures REAL NOT NULL,	-- cumulative share of structures
	PRIMARY KEY (year, level, point)
);
