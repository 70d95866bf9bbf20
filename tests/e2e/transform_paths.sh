#!/bin/sh
# Rows placed by the clues (one INSERT ... SELECT) and rows placed by the
# resolver (a postal code that disagrees) compete for the same id as when
# every row went through the resolver: on equal maj_time, the row read
# last wins, whichever way each was placed. --force rebuilds the same
# model, and a night with nothing new changes nothing.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
"$PANA_BIN/pana-gen" --size small --seed 7 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "first run" $? 0

rna=$(ls "$w/inbox"/rna_*.csv | head -n 1)
id1=$(sed -n 2p "$rna" | cut -d';' -f1 | tr -d '"')
id2=$(sed -n 3p "$rna" | cut -d';' -f1 | tr -d '"')
day=$(date -u -d yesterday +%Y-%m-%d)
row() {	# row LINE TITLE POSTAL -- that association, retitled, redated, its postal code replaced when given
	python3 - "$rna" "$1" "$2" "$3" "$day" <<'EOP'
import csv, sys
path, line, title, postal, day = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
with open(path, newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f, delimiter=';'))
head, r = rows[0], rows[line - 1]
r[head.index('titre')] = title
r[head.index('maj_time')] = day + ' 00:00:00'
if postal:
    r[head.index('adrs_codepostal')] = postal
csv.writer(sys.stdout, delimiter=';', quoting=csv.QUOTE_ALL, lineterminator='\n').writerow(r)
EOP
}
{
	head -n 1 "$rna"
	row 2 "Par les indices" ""
	row 2 "Par le resolveur" 13001
	row 3 "Par le resolveur" 13001
	row 3 "Par les indices" ""
} >"$w/inbox/rna_waldec_paths.csv"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "the run" $? 0
check_eq "a clue, then the resolver: the resolver's row, read last, wins" \
	"$(sqlite3 "$db" "SELECT titre FROM association WHERE id = '$id1'")" "Par le resolveur"
check_eq "the resolver, then a clue: the clue's row, read last, wins" \
	"$(sqlite3 "$db" "SELECT titre FROM association WHERE id = '$id2'")" "Par les indices"
check_eq "the resolver's rows are warned of" \
	"$(sqlite3 "$db" "SELECT count(*) FROM warning w JOIN source_file f ON f.id = w.source_id
		WHERE f.path LIKE '%rna_waldec_paths.csv' AND w.rule = 'postal-disagrees'")" 2
check_eq "counted per rule" \
	"$(sqlite3 "$db" "SELECT sum(n) FROM resolution_count r JOIN source_file f ON f.id = r.source_id
		WHERE f.path LIKE '%rna_waldec_paths.csv'")" 4

dump() {	# the model, sorted; warnings and quarantine without their ids, which
	# follow the order files are transformed in (by kind under --force)
	for t in association structure structure_item diagnostic diagnostic_level survey_response \
		survey_answer resolution_count commune_coordinates; do
		echo "== $t"
		sqlite3 "$db" ".dump $t" | grep '^INSERT' | LC_ALL=C sort
	done
	sqlite3 "$db" "SELECT source_id, stage, line, field, code, rule, value, message FROM warning" \
		"SELECT source_id, stage, line, field, error, message, raw FROM quarantine" | LC_ALL=C sort
}
dump >"$w/before.txt"
"$PANA_BIN/pana-transform" -c "$w/config.ini" -q 2>/dev/null
check_eq "nothing new: the run" $? 0
dump >"$w/again.txt"
check "nothing new: the model is unchanged" cmp -s "$w/before.txt" "$w/again.txt"
"$PANA_BIN/pana-transform" -c "$w/config.ini" -q --force 2>/dev/null
check_eq "--force: the run" $? 0
dump >"$w/forced.txt"
check "--force rebuilds the same model" cmp -s "$w/before.txt" "$w/forced.txt"
check_keys "--force" "$db"
# A run stopped after a file committed and before the links were made:
# the next run, with nothing new, makes them.
linked=$(sqlite3 "$db" "SELECT count(*) FROM diagnostic WHERE association_id IS NOT NULL")
sqlite3 "$db" "UPDATE diagnostic SET association_id = NULL;
	INSERT OR REPLACE INTO meta(key, value) VALUES ('links_stale', '1')"
"$PANA_BIN/pana-transform" -c "$w/config.ini" -q 2>/dev/null
check_eq "links left stale: the run" $? 0
check_eq "links left stale: made again" \
	"$(sqlite3 "$db" "SELECT count(*) FROM diagnostic WHERE association_id IS NOT NULL")" "$linked"
check_eq "links made: the flag cleared" \
	"$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'links_stale'")" 0
t_done transform_paths
