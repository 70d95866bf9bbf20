#!/bin/sh
# A large file rejected as a whole among good ones: structures files of
# several MB (read on two threads, many batches) whose header lacks a
# required column ('commune', 'adresse') sit in an inbox with valid files.
# pana-ingest exits 3 with a message naming the file and the column, keeps
# nothing of them, loads every other file, and pana-run goes on to the
# transform and the report. Each run is repeated: the two-thread reader's
# failure used to depend on timing.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite

"$PANA_BIN/pana-gen" --size small --seed 5 --out "$w/gen" >/dev/null
for f in lieux-mediation-numerique.csv diagnostics_2026.csv rna_waldec_20261101_dpt_971.csv; do
	cp "$w/gen/$f" "$w/inbox/"
done
# The generated structures without one column, rows repeated (fresh ids)
# to about 4 MB; 'adresse' also with ';' and CRLF. In name order they come
# between the good files.
python3 - "$w/gen/lieux-mediation-numerique.csv" "$w/inbox" <<'EOF'
import csv, sys
src, inbox = sys.argv[1], sys.argv[2]
with open(src, encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))
head, body = rows[0], rows[1:]
for name, col, delim, end in (('lieux_sans_commune.csv', 'commune', ',', '\n'),
                              ('lieux_sans_adresse.csv', 'adresse', ';', '\r\n')):
    k = head.index(col)
    with open(f'{inbox}/{name}', 'w', encoding='utf-8', newline='') as o:
        out = csv.writer(o, delimiter=delim, lineterminator=end)
        out.writerow(head[:k] + head[k + 1:])
        for copy in range(7):
            for r in body:
                r = r[:k] + r[k + 1:]
                r[0] = f'{r[0]}-{copy}'
                out.writerow(r)
EOF
for f in lieux_sans_commune.csv lieux_sans_adresse.csv; do
	size=$(wc -c <"$w/inbox/$f")
	check "$f is several MB ($size bytes)" [ "$size" -gt 3000000 ]
done

# The message of file F about column C: at line 1, the header's, never
# where the reading thread happened to be.
msg_ok() {	# msg_ok FILE COLUMN ERRFILE
	grep -qF "error: '$w/inbox/$1': line 1: required column '$2' is missing from the header" "$3"
}

for run in 1 2 3; do
	rm -f "$db"
	"$PANA_BIN/pana-ingest" -c "$w/config.ini" -q 2>"$w/err$run.txt"
	check_eq "run $run: exit 3 (a file rejected)" $? 3
	check "run $run: no sanitizer report" sh -c "! grep -q Sanitizer '$w/err$run.txt'"
	check "run $run: 'commune' missing, said once, at line 1" \
		msg_ok lieux_sans_commune.csv commune "$w/err$run.txt"
	check "run $run: 'adresse' missing, said once, at line 1" \
		msg_ok lieux_sans_adresse.csv adresse "$w/err$run.txt"
	check_eq "run $run: nothing else said" "$(wc -l <"$w/err$run.txt" | tr -d ' ')" 2
	check_eq "run $run: the three good files loaded" \
		"$(sqlite3 "$db" "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM source_file
			ORDER BY path)")" "diagnostics structures associations"
	check_eq "run $run: nothing of the rejected files" \
		"$(sqlite3 "$db" "SELECT count(*) FROM source_file WHERE path LIKE '%lieux_sans_%'")" 0
	check_eq "run $run: the structures staged are the good file's" \
		"$(sqlite3 "$db" "SELECT count(*) FROM stg_structure")" \
		"$(sqlite3 "$db" "SELECT rows_loaded FROM source_file WHERE kind = 'structures'")"
	check_eq "run $run: no structure id of the rejected files" \
		"$(sqlite3 "$db" "SELECT count(*) FROM stg_structure WHERE id GLOB '*-[0-6]'")" 0
	check_eq "run $run: the quarantine holds the good files' rows only" \
		"$(sqlite3 "$db" "SELECT count(*) FROM quarantine")" \
		"$(sqlite3 "$db" "SELECT sum(rows_quarantined) FROM source_file")"
	check_eq "run $run: integrity" "$(sqlite3 "$db" "PRAGMA integrity_check")" ok
done

# The nightly job: the rejection does not stop it.
rm -f "$db"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>"$w/run.txt"
check_eq "pana-run: exit 3 (a file rejected)" $? 3
check "pana-run: the rejected files are named" \
	msg_ok lieux_sans_commune.csv commune "$w/run.txt"
check "pana-run: the run did not stop" sh -c "! grep -q 'the run stops' '$w/run.txt'"
check_eq "pana-run: every stage ran" \
	"$(sqlite3 "$db" "SELECT group_concat(stage, ' ') FROM (SELECT stage FROM run ORDER BY id)")" \
	"ingest transform stats report"
check_eq "pana-run: the good structures are in the model" \
	"$(sqlite3 "$db" "SELECT count(*) > 0 FROM structure")" 1

t_done ingest_rejected
