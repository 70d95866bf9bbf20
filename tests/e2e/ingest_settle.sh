#!/bin/sh
# A file still being written when the run starts: with [ingest]
# settle_minutes = 5, a file of the inbox modified a moment ago is not read
# (no source_file row, no phantom format-error), a log line says it waits;
# the same file dated ten minutes back is read in full by the next run. A
# file named on the command line is read at once, as asked.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
sed -i 's/^settle_minutes = .*/settle_minutes = 5/' "$w/config.ini"

"$PANA_BIN/pana-gen" --size small --seed 3 --out "$w/gen" >/dev/null
# Half of a file, cut inside a row, as a copy in progress leaves it.
src=$w/gen/lieux-mediation-numerique.csv
head -c $(($(wc -c <"$src") / 2)) "$src" >"$w/inbox/lieux.csv"
touch -d '10 minutes ago' "$w/gen/diagnostics_2026.csv"
cp -p "$w/gen/diagnostics_2026.csv" "$w/inbox/"

"$PANA_BIN/pana-ingest" -c "$w/config.ini" 2>"$w/err"
check_eq "first run: exit status" "$?" 0
check_eq "first run: the settled file is loaded, the fresh one is not" \
	"$(sqlite3 "$db" "SELECT group_concat(replace(path, rtrim(path, replace(path, '/', '')), ''))
			  FROM source_file")" "diagnostics_2026.csv"
check_eq "first run: no phantom format-error" "$(sqlite3 "$db" "SELECT count(*) FROM quarantine WHERE error = 'format-error'")" 0
if grep -q "'lieux.csv'.*settle_minutes.*next run" "$w/err"; then
	ok "first run: a log line says the fresh file waits"
else
	ko "first run: no log line about lieux.csv waiting: $(cat "$w/err")"
fi

# The copy ends; the next night, the file has settled.
cp "$src" "$w/inbox/lieux.csv"
touch -d '10 minutes ago' "$w/inbox/lieux.csv"
"$PANA_BIN/pana-ingest" -c "$w/config.ini" -q 2>"$w/err"
check_eq "second run: exit status" "$?" 0
check_eq "second run: the whole file is read" \
	"$(sqlite3 "$db" "SELECT rows_read FROM source_file WHERE path LIKE '%lieux.csv'")" \
	"$(($(wc -l <"$src") - 1))"

# Named on the command line, a fresh file is read at once.
cp "$w/gen/rna_waldec_20261101_dpt_971.csv" "$w/inbox/rna.csv"
"$PANA_BIN/pana-ingest" -c "$w/config.ini" -q "$w/inbox/rna.csv" 2>"$w/err"
check_eq "a file named on the command line: exit status" "$?" 0
check_eq "a file named on the command line is read at once" \
	"$(sqlite3 "$db" "SELECT count(*) FROM source_file WHERE path LIKE '%rna.csv'")" 1
t_done ingest_settle
