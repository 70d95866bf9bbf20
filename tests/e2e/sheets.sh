#!/bin/sh
# The regional fact sheets: one PDF per region with associations or
# structures, two to four pages, naming the region, its departments and
# its largest EPCIs without a structure as an independent computation
# from the model tables finds them (tests/e2e/expected_siting.py), with
# the main report's figures; [report] regions = none, a list, a bad code.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT

"$PANA_BIN/pana-gen" --size small --seed 7 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -q -c "$w/config.ini" 2>"$w/err.txt"
rc=$?
check_eq "pana-run exit status" "$rc" 0
[ "$rc" -eq 0 ] || cat "$w/err.txt" >&2
db=$w/pana.sqlite
year=$(sqlite3 "$db" "SELECT max(year) FROM coverage_stats")
dir=$w/reports/$year/regions

python3 "$PANA_TOP/tests/e2e/expected_siting.py" --sheets "$db" >"$w/sheets.tsv"
want=$(wc -l <"$w/sheets.tsv")
check "the oracle finds regions" [ "$want" -gt 10 ]
check_eq "one sheet per region with data" "$(ls "$dir" | wc -l)" "$want"

# The text of a sheet as one line: words cut at a hyphen or a line end in
# a table cell joined again.
flat() {
	pdftotext -raw "$1" - | python3 -c '
import re, sys
t = sys.stdin.read().replace("-\n", "-")
print(re.sub(r"\s+", " ", t))'
}

tab=$(printf '\t')
while IFS=$tab read -r code name depts epcis; do
	pdf=$dir/$code.pdf
	check "sheet $code.pdf" [ -s "$pdf" ]
	pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	check "sheet $code: 2 to 4 pages (got $pages)" [ "${pages:-0}" -ge 2 -a "${pages:-0}" -le 4 ]
	check "sheet $code: its title" pdfinfo "$pdf" | grep -q "^Title: *$name : fiche régionale $year"
	flat "$pdf" >"$w/text.txt"
	check "sheet $code names '$name'" grep -qF "$name" "$w/text.txt"
	echo "$depts" | tr '|' '\n' | while read -r dep; do
		grep -qF "$dep" "$w/text.txt" || echo "FAIL: sheet $code does not name its department '$dep'" >&2
	done >"$w/miss.txt" 2>&1
	check "sheet $code names its departments" [ ! -s "$w/miss.txt" ]
	[ -s "$w/miss.txt" ] && cat "$w/miss.txt" >&2
	if [ -n "$epcis" ]; then
		echo "$epcis" | tr '|' '\n' | while read -r e; do
			grep -qF "$e" "$w/text.txt" || echo "FAIL: sheet $code does not name '$e'" >&2
		done >"$w/miss.txt" 2>&1
		check "sheet $code names its largest EPCIs without a structure" [ ! -s "$w/miss.txt" ]
		[ -s "$w/miss.txt" ] && cat "$w/miss.txt" >&2
	fi
	# The region's rate and O/E as the main report prints them.
	rate=$(sqlite3 "$db" "SELECT CASE WHEN per_1000_assoc IS NULL THEN '' ELSE
		printf('%.2f', per_1000_assoc) END FROM coverage_stats WHERE year = $year AND
		level = 'region' AND code = '$code'" | tr . ,)
	[ -n "$rate" ] && check "sheet $code prints the rate $rate" grep -qF "$rate" "$w/text.txt"
	n=$(sqlite3 "$db" "SELECT count(*) FROM siting s JOIN department g ON g.code =
		s.department_code WHERE s.year = $year AND g.region_code = '$code'")
	if [ "$n" -gt 0 ]; then
		check "sheet $code: its $n points of the siting advice" grep -qF "$n des 20 nouveaux" "$w/text.txt"
	else
		check "sheet $code: no point of the siting advice" grep -qF "Aucun des 20 nouveaux" "$w/text.txt"
	fi
done <"$w/sheets.tsv"

# Grand Est: Alsace-Moselle apart, per 100,000 inhabitants, never tested.
flat "$dir/44.pdf" >"$w/text.txt"
check "Grand Est shows Alsace-Moselle apart" grep -qF "Hors RNA, pour 100 000 habitants" "$w/text.txt"
check "Grand Est's bars say hors RNA, as the map" sh -c "! grep -qF 'hors champ' '$w/text.txt'"

# The outline of a sheet: the region, then its sections.
python3 "$PANA_TOP/tests/e2e/outline.py" "$dir/53.pdf" >"$w/outline.txt"
for title in "Bretagne" "Chiffres clés" "Départements" "Intercommunalités sans structure" \
	"Conseil d'implantation" "Compétences numériques"; do
	check "outline entry '$title'" grep -qx "$title" "$w/outline.txt"
done

# [report] regions: a list, none, a code that is no region.
sed -i 's/^regions = .*/regions = 53, 84/' "$w/config.ini"
"$PANA_BIN/pana-run" -q -c "$w/config.ini"
check_eq "pana-run with two regions" "$?" 0
check_eq "two sheets" "$(ls "$dir" | tr '\n' ' ')" "53.pdf 84.pdf "
sed -i 's/^regions = .*/regions = none/' "$w/config.ini"
"$PANA_BIN/pana-run" -q -c "$w/config.ini"
check_eq "pana-run with no region" "$?" 0
check "no sheet" [ ! -e "$dir" ]
sed -i 's/^regions = .*/regions = 53, 99/' "$w/config.ini"
"$PANA_BIN/pana-run" -q -c "$w/config.ini" 2>"$w/err.txt"
check "pana-run refuses region 99" [ $? -ne 0 ]
check "the error names region 99" grep -q "regions: '99' is not a region" "$w/err.txt"
check "the last good report is kept" [ -s "$w/reports/$year/pana-$year.pdf" ]

t_done sheets
