-- Version 11: where new support points would do most (pana-stats, [siting]
-- new_points), and Alsace-Moselle's coverage apart.
--
-- siting: one row per new point, in the order the Sainte-Laguë method
-- allots them; an EPCI can receive several. structures_before counts the
-- EPCI's structures and the points it was allotted before this one;
-- priority is associations / (structures_before + 0.5). department_code
-- is the EPCI's as in coverage_stats.
CREATE TABLE siting (
	year INTEGER NOT NULL,
	rank INTEGER NOT NULL,	-- 1 for the first point allotted
	epci_code TEXT NOT NULL,
	department_code TEXT,
	associations INTEGER NOT NULL,
	structures_before INTEGER NOT NULL,
	structures_after INTEGER NOT NULL,
	priority REAL NOT NULL,
	PRIMARY KEY (year, rank)
);
-- What the points change, computed with the same statistics before and
-- after: the Gini index of departments, the share of associations in an
-- EPCI without a structure, the departments flagged as under-covered.
CREATE TABLE siting_effect (
	year INTEGER PRIMARY KEY,
	new_points INTEGER NOT NULL,	-- asked for in config.ini
	allotted INTEGER NOT NULL,	-- 0 when no EPCI can take part
	gini_before REAL,
	gini_after REAL,
	share_assoc_without_structure_before REAL,
	share_assoc_without_structure_after REAL,
	departments_flagged_before INTEGER,
	departments_flagged_after INTEGER
);
-- Where each unit lies, so that a region's departments and EPCIs are read
-- from this table alone: a department's own code and region; an EPCI's
-- department holding most of its inhabitants, and that department's region.
ALTER TABLE coverage_stats ADD COLUMN department_code TEXT;
ALTER TABLE coverage_stats ADD COLUMN region_code TEXT;
-- Structures per 100,000 inhabitants over the whole country: the measure
-- against which the departments outside the registry (57, 67, 68) are
-- shown, apart from the association test.
ALTER TABLE coverage_summary ADD COLUMN per_100k_pop REAL;
-- The data behind each region's fact sheet: the files that placed rows in
-- the region, the rows placed (associations, structures, diagnostics,
-- survey responses, every year), and the rows set aside from the region's
-- own files (files whose placed rows all lie in the region); the rows set
-- aside from files spread over several regions belong to no one region.
CREATE TABLE region_data (
	year INTEGER NOT NULL,
	region_code TEXT NOT NULL,
	files INTEGER NOT NULL,
	rows_placed INTEGER NOT NULL,
	own_files INTEGER NOT NULL,
	rows_set_aside INTEGER NOT NULL,
	PRIMARY KEY (year, region_code)
);
