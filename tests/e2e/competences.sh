#!/bin/sh
# The competence statistics of pana-report on generated data, against the
# regional means and t intervals recomputed from the diagnostics files by
# tests/e2e/expected_competences.py (no pana code); suppression below
# [privacy] min_cell; every statistics table filled.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
"$PANA_BIN/pana-gen" --size small --seed 11 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>"$w/err.txt"
check_eq "pana-run" $? 0
year=$(sqlite3 "$db" "SELECT max(year) FROM competence_stats")
check_eq "report year" "$year" 2026
areas=$(sqlite3 "$db" "SELECT group_concat(area, ',') FROM (SELECT DISTINCT area FROM competence_stats WHERE area <> 'overall' ORDER BY rowid)")
python3 "$PANA_TOP/tests/e2e/expected_competences.py" --inbox "$w/inbox" \
	--geography "$PANA_TOP/data/geography" --year "$year" \
	--areas communication,collaboration,gestion,donnees,equipement,strategie >"$w/expected.csv"
sqlite3 -csv "$db" "SELECT code, area, n, mean, sd, ci_low, ci_high, suppressed FROM competence_stats
	WHERE year = $year AND level = 'region' AND n > 0" >"$w/got.csv"
python3 - "$w/expected.csv" "$w/got.csv" <<'PY'
import csv, sys
exp = {(r["region"], r["area"]): r for r in csv.DictReader(open(sys.argv[1]))}
bad = seen = supp = 0
for code, area, n, mean, sd, lo, hi, suppressed in csv.reader(open(sys.argv[2])):
    e = exp.get((code, area))
    if e is None:
        print(f"FAIL: {code} {area} not expected", file=sys.stderr); bad += 1; continue
    seen += 1
    if n != e["n"]:
        print(f"FAIL: {code} {area} n {n} != {e['n']}", file=sys.stderr); bad += 1; continue
    if suppressed == "1":
        supp += 1
        if mean or sd or lo or hi:
            print(f"FAIL: {code} {area} suppressed but published", file=sys.stderr); bad += 1
        continue
    for name, got, want in (("mean", mean, e["mean"]), ("sd", sd, e["sd"]),
                            ("ci_low", lo, e["ci_low"]), ("ci_high", hi, e["ci_high"])):
        if (got == "") != (want == "") or (got and abs(float(got) - float(want)) > 1e-7):
            print(f"FAIL: {code} {area} {name}: pana {got}, expected {want}", file=sys.stderr); bad += 1
if seen != len(exp):
    print(f"FAIL: {len(exp) - seen} expected cells missing", file=sys.stderr); bad += 1
print(f"compared {seen} region cells, {supp} suppressed", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
check "regional means and t intervals match the independent computation" [ $? -eq 0 ]

min=$(sed -n 's/^min_cell *= *//p' "$w/config.ini")
n=$(sqlite3 "$db" "SELECT count(*) FROM competence_stats WHERE n < $min AND (suppressed = 0 OR mean IS NOT NULL OR median IS NOT NULL OR share_ge3 IS NOT NULL)")
check_eq "every cell under min_cell ($min) is suppressed, its figures NULL" "$n" 0
n=$(sqlite3 "$db" "SELECT count(*) FROM competence_stats WHERE n >= $min AND suppressed = 1")
check_eq "no cell at or above min_cell is suppressed" "$n" 0
check "some department cells are suppressed on the small sample" \
	[ "$(sqlite3 "$db" "SELECT count(*) FROM competence_stats WHERE suppressed = 1")" -gt 0 ]
for t in coverage_stats competence_stats competence_tests coverage_summary competence_change survey_stats; do
	check "$t is filled" [ "$(sqlite3 "$db" "SELECT count(*) FROM $t WHERE year = $year")" -gt 0 ]
done
check_eq "EPCI coverage" "$(sqlite3 "$db" "SELECT count(*) FROM coverage_stats WHERE level = 'epci'")" \
	"$(sqlite3 "$db" "SELECT count(*) FROM epci")"
check_eq "Cronbach's alpha on the overall row" \
	"$(sqlite3 "$db" "SELECT cronbach_alpha BETWEEN 0 AND 1 FROM competence_tests WHERE area = 'overall'")" 1
check_eq "raking converged" "$(sqlite3 "$db" "SELECT min(raking_converged) FROM survey_stats")" 1
t_done competences
