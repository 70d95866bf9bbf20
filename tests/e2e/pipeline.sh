#!/bin/sh
# The whole pipeline on generated data: pana-run, then the report's figures
# against values computed independently from the generated files by
# tests/e2e/expected.py (which shares no code with pana), the bookkeeping
# invariant, and the PDF's text.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT

"$PANA_BIN/pana-gen" --size small --seed 7 --out "$w/inbox" >/dev/null
check "generator" [ -s "$w/inbox/rna_waldec_20261101.csv" ]
"$PANA_BIN/pana-run" -c "$w/config.ini" >"$w/out.txt" 2>"$w/err.txt"
rc=$?
check_eq "pana-run exit status" "$rc" 0
[ "$rc" -eq 0 ] || cat "$w/err.txt" >&2
db=$w/pana.sqlite
check_keys "night" "$db"

# Nothing silently lost: every file adds up.
bad=$(sqlite3 "$db" "SELECT count(*) FROM source_file WHERE rows_read <> rows_loaded + rows_quarantined")
check_eq "rows_read = rows_loaded + rows_quarantined" "$bad" 0
n=$(sqlite3 "$db" "SELECT count(*) FROM source_file")
check "every generated file was ingested" [ "$n" -eq "$(ls "$w/inbox"/*.csv | wc -l)" ]
q=$(sqlite3 "$db" "SELECT count(*) FROM quarantine WHERE stage = 'ingest'")
check "the deliberately bad rows are quarantined" [ "$q" -gt 0 ]

# Figures: pana's coverage_stats against the independent computation.
python3 "$PANA_TOP/tests/e2e/expected.py" --inbox "$w/inbox" \
	--geography "$PANA_TOP/data/geography" >"$w/expected.csv"
check "expected figures computed" [ -s "$w/expected.csv" ]
sqlite3 -csv "$db" "SELECT level, code, coalesce(associations, ''), structures,
	CASE WHEN per_1000_assoc IS NULL THEN '' ELSE printf('%.4f', per_1000_assoc) END
	FROM coverage_stats
	WHERE level IN ('region', 'department') ORDER BY level, code" >"$w/got.csv"
python3 - "$w/expected.csv" "$w/got.csv" <<'PY'
import csv, sys
exp = {}
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f):
        exp[(row["level"], row["code"])] = row
bad = 0
seen = 0
with open(sys.argv[2]) as f:
    for level, code, assoc, structures, per in csv.reader(f):
        e = exp.get((level, code))
        if e is None:
            print(f"FAIL: {level} {code} not in the expected figures", file=sys.stderr)
            bad += 1
            continue
        seen += 1
        for name, got, want in (("associations", assoc, e["associations"]),
                                ("structures", structures, e["structures"])):
            if got != want:
                print(f"FAIL: {level} {code} {name}: pana {got}, expected {want}", file=sys.stderr)
                bad += 1
        if (per == "") != (e["per_1000"] == "") or (per and abs(float(per) - float(e["per_1000"])) > 1e-4):
            print(f"FAIL: {level} {code} per_1000: pana {per}, expected {e['per_1000']}", file=sys.stderr)
            bad += 1
if seen != len(exp):
    print(f"FAIL: {len(exp) - seen} expected units missing from coverage_stats", file=sys.stderr)
    bad += 1
print(f"compared {seen} units", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
check "coverage figures match the independent computation" [ $? -eq 0 ]
n=$(sqlite3 "$db" "SELECT count(*) FROM coverage_stats WHERE level = 'department'")
check_eq "101 departments" "$n" 101
n=$(sqlite3 "$db" "SELECT count(*) FROM coverage_stats WHERE level = 'region'")
check_eq "18 regions" "$n" 18
n=$(sqlite3 "$db" "SELECT count(*) FROM coverage_stats WHERE level = 'department' AND code IN ('57', '67', '68') AND associations IS NULL")
check_eq "Alsace-Moselle outside the registry, not zero" "$n" 3

# The siting advice and the q-values' family, against an independent
# computation from the model tables; then with more points than EPCIs
# without a structure, so that some EPCIs receive several.
python3 "$PANA_TOP/tests/e2e/expected_siting.py" "$db" 20 0.05 >&2
check "siting of 20 points and q-values match the independent computation" [ $? -eq 0 ]
sed -i 's/^new_points = .*/new_points = 900/' "$w/config.ini"
"$PANA_BIN/pana-stats" -q -c "$w/config.ini"
check_eq "pana-stats with 900 points" "$?" 0
python3 "$PANA_TOP/tests/e2e/expected_siting.py" "$db" 900 0.05 >&2
check "siting of 900 points matches the independent computation" [ $? -eq 0 ]
n=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT epci_code FROM siting GROUP BY 1 HAVING count(*) > 1)")
check "some EPCIs receive several of 900 points" [ "$n" -gt 0 ]
sed -i 's/^new_points = .*/new_points = 20/' "$w/config.ini"
"$PANA_BIN/pana-stats" -q -c "$w/config.ini"

# The report: where pana-run said it is, a PDF with real region names.
pdf=$(tail -n 1 "$w/out.txt")
check "the PDF exists" [ -s "$pdf" ]
pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
check "the PDF has at least 4 pages" [ "${pages:-0}" -ge 4 ]
pdftotext -layout "$pdf" "$w/report.txt"
for name in "Île-de-France" "Provence-Alpes-Côte d'Azur" "Auvergne-Rhône-Alpes" \
	"Bourgogne-Franche-Comté" "hors RNA" "Couverture par région"; do
	check "the PDF names '$name'" grep -q "$name" "$w/report.txt"
done
# The national rate printed in the key figures matches the database.
rate=$(sqlite3 "$db" "SELECT printf('%.2f', 1000.0 * sum(structures) / sum(associations))
	FROM coverage_stats WHERE level = 'department' AND associations IS NOT NULL" | tr . ,)
check "the PDF prints the national rate $rate" grep -q "$rate" "$w/report.txt"
for f in charts/couverture-regions.png charts/couverture-regions.svg \
	tables/couverture-regions.csv tables/couverture-departements.csv; do
	check "report file $f" [ -s "$(dirname "$pdf")/$f" ]
done

t_done pipeline
