-- Version 5: distance-based accessibility (E2SFCA, as DREES's APL), when
-- commune coordinates are supplied ([coverage] commune_coordinates).
CREATE TABLE accessibility (
	year INTEGER NOT NULL,
	commune_code TEXT NOT NULL REFERENCES commune(code),
	associations INTEGER NOT NULL,	-- active associations: the demand
	access REAL,	-- structures per association within reach, weighted by
			-- distance band; NULL: outside every catchment
	PRIMARY KEY (year, commune_code)
);
ALTER TABLE coverage_summary ADD COLUMN share_assoc_out_of_reach REAL;
ALTER TABLE coverage_summary ADD COLUMN structures_without_demand INTEGER;
