-- Version 14: the count of each competence level (0 to 4) by region, all
-- areas together, for the report's stacked chart: written by pana-stats
-- so that the report reads statistics tables alone.
CREATE TABLE competence_levels (
	year INTEGER NOT NULL,
	region_code TEXT NOT NULL,
	level INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (year, region_code, level)
);
