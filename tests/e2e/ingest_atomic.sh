#!/bin/sh
# A file loads in one transaction: pana-ingest killed with SIGKILL in the
# middle of a file leaves none of its rows, and the next run loads it whole.
# Also: the same file dropped again, under another name, loads nothing.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite

"$PANA_BIN/pana-gen" --size medium --seed 3 --out "$w/gen" >/dev/null
cp "$w/gen/rna_waldec_20261101.csv" "$w/inbox/"
rows=$(python3 -c "
import csv, sys
csv.field_size_limit(1 << 30)
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    print(sum(1 for _ in csv.reader(f, delimiter=';')) - 1)" "$w/inbox/rna_waldec_20261101.csv")
# The referential first, so that the killed runs are inside the RNA file.
"$PANA_BIN/pana-ingest" -c "$w/config.ini" -q /dev/null 2>/dev/null

for delay in 0.3 0.8 1.5; do
	"$PANA_BIN/pana-ingest" -c "$w/config.ini" -q 2>/dev/null &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	files=$(sqlite3 "$db" "SELECT count(*) FROM source_file")
	staged=$(sqlite3 "$db" "SELECT count(*) FROM stg_association")
	quar=$(sqlite3 "$db" "SELECT count(*) FROM quarantine")
	if [ "$files" -eq 0 ]; then
		check_eq "killed after ${delay}s: no staged rows" "$staged" 0
		check_eq "killed after ${delay}s: no quarantined rows" "$quar" 0
	else
		# It finished before the kill: then it is whole.
		n=$(sqlite3 "$db" "SELECT rows_read FROM source_file")
		check_eq "finished before the kill at ${delay}s: whole" "$n" "$rows"
	fi
	check_eq "integrity after the kill at ${delay}s" \
		"$(sqlite3 "$db" "PRAGMA integrity_check")" ok
done

"$PANA_BIN/pana-ingest" -c "$w/config.ini" -q
check_eq "the next run succeeds" $? 0
check_eq "one source file" "$(sqlite3 "$db" "SELECT count(*) FROM source_file")" 1
check_eq "every row read" "$(sqlite3 "$db" "SELECT rows_read FROM source_file")" "$rows"
check_eq "loaded + quarantined = read" \
	"$(sqlite3 "$db" "SELECT rows_loaded + rows_quarantined - rows_read FROM source_file")" 0
check_eq "staging holds the loaded rows" \
	"$(sqlite3 "$db" "SELECT count(*) FROM stg_association")" \
	"$(sqlite3 "$db" "SELECT rows_loaded FROM source_file")"

# The same content under another name: skipped, nothing added.
cp "$w/inbox/rna_waldec_20261101.csv" "$w/inbox/copie.csv"
"$PANA_BIN/pana-ingest" -c "$w/config.ini" 2>"$w/err.txt"
check_eq "the copy run succeeds" $? 0
check "the log says the copy was already ingested" grep -q "copie.csv.*already ingested" "$w/err.txt"
check_eq "still one source file" "$(sqlite3 "$db" "SELECT count(*) FROM source_file")" 1
# And an unchanged inbox is skipped without reading the file again: said
# with -v only, so that the nightly log stays short.
"$PANA_BIN/pana-ingest" -c "$w/config.ini" 2>"$w/err2.txt"
check "unchanged files are not in the log" sh -c "! grep -q \"': already ingested\" '$w/err2.txt'"
"$PANA_BIN/pana-ingest" -c "$w/config.ini" -v 2>"$w/err3.txt"
check "an unchanged file is skipped (-v)" grep -q "rna_waldec_20261101.csv': already ingested, unchanged" "$w/err3.txt"
check "and so is the copy, not read again" grep -q "copie.csv': already ingested, unchanged" "$w/err3.txt"

t_done ingest_atomic
