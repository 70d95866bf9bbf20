#!/bin/sh
# Distance-based accessibility (E2SFCA) when commune coordinates are given:
# off without them; with them, staged and checked by pana-ingest (bad rows
# quarantined), moved into the model by pana-transform, then one row per
# commune, and the method's invariant sum_i P_i A_i = sum of the structures
# that reach demand.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
"$PANA_BIN/pana-gen" --size small --seed 5 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "no coordinates, no accessibility" "$(sqlite3 "$db" "SELECT count(*) FROM accessibility")" 0

# Coordinates for the communes that have associations: near a structure of
# their department, shifted by a few km from the commune code.
sqlite3 -csv -header "$db" "SELECT c.code,
	s.latitude + (CAST(substr(c.code, 3) AS INTEGER) % 37 - 18) * 0.01 AS latitude,
	s.longitude + (CAST(substr(c.code, 3) AS INTEGER) % 23 - 11) * 0.01 AS longitude
	FROM commune c JOIN structure s ON s.id = (SELECT min(id) FROM structure x
		WHERE x.department_code = c.department_code AND x.latitude IS NOT NULL)
	WHERE c.code IN (SELECT commune_code FROM association WHERE active = 1)" >"$w/coords.csv"
echo "99999,1,1" >>"$w/coords.csv"	# not a commune: set aside by transform
# A commune of the referential not in the file, with a latitude past the pole:
# set aside by ingest.
far=$(sqlite3 "$db" "SELECT min(code) FROM commune WHERE code NOT IN
	(SELECT commune_code FROM association WHERE active = 1)")
echo "$far,95.5,2.35" >>"$w/coords.csv"
bad_line=$(wc -l <"$w/coords.csv")
n=$(($(wc -l <"$w/coords.csv") - 3))
# The configured file comes in through pana-ingest like any input, with
# a schema (schemas/commune-coordinates.schema.json) and a quarantine.
sed -i "s|^fdr = .*|&\ncommune_coordinates = $w/coords.csv|" "$w/config.ini"
"$PANA_BIN/pana-ingest" -c "$w/config.ini" 2>"$w/err.txt"
check_eq "pana-ingest reads the coordinates" $? 0
check "as their own kind" grep -q "'coords.csv': commune-coordinates" "$w/err.txt"
check_eq "rows read = loaded + quarantined" "$(sqlite3 "$db" "SELECT rows_read, rows_loaded + rows_quarantined,
	rows_quarantined FROM source_file WHERE kind = 'commune-coordinates'")" "$((n + 2))|$((n + 2))|1"
check_eq "the bad latitude is quarantined with its file, line, field and reason" \
	"$(sqlite3 "$db" "SELECT s.path, q.stage, q.line, q.field, q.error FROM quarantine q
		JOIN source_file s ON s.id = q.source_id WHERE s.kind = 'commune-coordinates'
		AND q.stage = 'ingest'")" "$w/coords.csv|ingest|$bad_line|latitude|constraint-error"
check "and a message that says why" [ "$(sqlite3 "$db" "SELECT count(*) FROM quarantine
	WHERE stage = 'ingest' AND field = 'latitude' AND message LIKE '95.5 %[-90, 90]%'")" = 1 ]
"$PANA_BIN/pana-transform" -c "$w/config.ini" -q
check_eq "pana-transform with coordinates" $? 0
check_eq "the stray code is quarantined by transform" \
	"$(sqlite3 "$db" "SELECT q.field, q.error FROM quarantine q JOIN source_file s
		ON s.id = q.source_id WHERE s.kind = 'commune-coordinates' AND q.stage = 'transform'")" \
	"code|unresolved-commune"
check_eq "one point per commune in the model" "$(sqlite3 "$db" "SELECT count(*) FROM commune_coordinates")" "$n"
"$PANA_BIN/pana-stats" -c "$w/config.ini" -q
check_eq "pana-stats with coordinates" $? 0
"$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null
check_eq "pana-report with coordinates" $? 0
check_eq "one row per commune" "$(sqlite3 "$db" "SELECT count(*) FROM accessibility")" "$n"
got=$(sqlite3 "$db" "SELECT sum(associations * access) FROM accessibility WHERE access IS NOT NULL")
want=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM structure WHERE latitude IS NOT NULL)
	- structures_without_demand FROM coverage_summary")
check "sum of P_i A_i ($got) = structures in reach of demand ($want)" \
	python3 -c "import sys; g, w = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(g - w) > 1e-9 * max(1, w))" "$got" "$want"
check "a share of associations out of reach" [ "$(sqlite3 "$db" "SELECT share_assoc_out_of_reach BETWEEN 0 AND 1 FROM coverage_summary")" = 1 ]

# A new geography without a commune that has accessibility (a merger, as
# a yearly COG brings): the nights go on; that commune's rows go, with a
# line that says so, and the others of past years stay.
gone=$(sqlite3 "$db" "SELECT min(commune_code) FROM accessibility")
sqlite3 "$db" "INSERT INTO accessibility(year, commune_code, associations, access)
	SELECT year - 1, commune_code, associations, access FROM accessibility"
before=$(sqlite3 "$db" "SELECT count(*) FROM accessibility WHERE year < (SELECT max(year) FROM accessibility)")
mkdir "$w/geo"
for f in "$PANA_TOP"/data/geography/*; do
	grep -v "\"$gone\"" "$f" >"$w/geo/$(basename "$f")"
done
check "the commune is gone from the new geography" [ "$(grep -c "\"$gone\"" "$w/geo/communes.csv")" = 0 ]
sed -i "s|^geography = .*|geography = $w/geo|" "$w/config.ini"
"$PANA_BIN/pana-run" -c "$w/config.ini" -v >"$w/geo.txt" 2>&1
rc=$?
check "a night on the new geography goes on (exit $rc)" [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]
check "says what it removed" grep -q "geography: 2 rows of accessibility removed" "$w/geo.txt"
check_eq "none left of the commune gone" \
	"$(sqlite3 "$db" "SELECT count(*) FROM accessibility WHERE commune_code = '$gone'")" 0
check_eq "the past year's others kept" \
	"$(sqlite3 "$db" "SELECT count(*) FROM accessibility WHERE year < (SELECT max(year) FROM accessibility)")" \
	"$((before - 1))"
check_keys "after the new geography" "$db"
t_done accessibility
