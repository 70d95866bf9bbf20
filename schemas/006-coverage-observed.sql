-- Version 6: the observed count behind each O/E (for a region partly
-- outside the registry, only its structures where the registry applies)
-- and the ratio itself, so that the report and other tools need not
-- recompute them.
ALTER TABLE coverage_stats ADD COLUMN observed INTEGER;
ALTER TABLE coverage_stats ADD COLUMN oe REAL;
