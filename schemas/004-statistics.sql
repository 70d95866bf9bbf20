-- Version 4: the statistics of the report (contracts: other tools query
-- them). Every table is filled per report year by pana-report.

-- Competence levels by area: level national (code FR), region, department;
-- area is a competence area of config.ini or 'overall' (the mean of the
-- areas assessed in a diagnostic). Cells with n < [privacy] min_cell are
-- suppressed: suppressed = 1 and every figure NULL.
CREATE TABLE competence_stats (
	year INTEGER NOT NULL,
	level TEXT NOT NULL,
	code TEXT NOT NULL,
	area TEXT NOT NULL,
	n INTEGER NOT NULL,
	mean REAL, sd REAL, ci_low REAL, ci_high REAL,
	median REAL, q1 REAL, q3 REAL,
	share_ge3 REAL,		-- share at level 3 or 4
	share_ge3_low REAL, share_ge3_high REAL,	-- its Wilson interval
	share_low REAL,		-- share at level 0 or 1
	share_high REAL,	-- share at level 4
	eb_mean REAL,		-- empirical-Bayes mean, shrunk across the level's units
	suppressed INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (year, level, code, area)
);

-- Per area: are levels distributed alike across regions?
CREATE TABLE competence_tests (
	year INTEGER NOT NULL,
	area TEXT NOT NULL,
	chi2 REAL, df INTEGER, p_value REAL, cramers_v REAL,	-- region x level
	kw_h REAL, kw_p REAL,	-- Kruskal-Wallis across regions
	cronbach_alpha REAL,	-- on the row 'overall': consistency of the areas
	PRIMARY KEY (year, area)
);

-- Concentration and "zones blanches": associations and population living
-- in an EPCI with no support structure.
CREATE TABLE coverage_summary (
	year INTEGER PRIMARY KEY,
	gini REAL,
	share_assoc_without_structure REAL,
	share_pop_without_structure REAL,
	epci_without_structure INTEGER,
	departments_without_structure INTEGER
);

-- Year-over-year change of competences, from year_from to year.
CREATE TABLE competence_change (
	year INTEGER NOT NULL,
	year_from INTEGER NOT NULL,
	level TEXT NOT NULL,
	code TEXT NOT NULL,
	area TEXT NOT NULL,
	mean_from REAL, mean_to REAL,
	diff REAL, diff_low REAL, diff_high REAL, p_value REAL,	-- Welch
	share_from REAL, share_to REAL,
	share_diff REAL, share_diff_low REAL, share_diff_high REAL,	-- Newcombe
	suppressed INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (year, level, code, area)
);

-- Survey indicators, weighted by raking to the registry's active
-- associations by region.
CREATE TABLE survey_stats (
	year INTEGER NOT NULL,
	survey TEXT NOT NULL,
	question TEXT NOT NULL,
	n INTEGER NOT NULL,		-- responses with a valued answer
	n_eff REAL,			-- Kish effective size of the weights
	mean REAL, ci_low REAL, ci_high REAL,	-- weighted mean of the values
	unweighted_mean REAL,
	raking_iterations INTEGER,
	raking_converged INTEGER,
	suppressed INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (year, survey, question)
);
