#!/bin/sh
# pana-run killed with SIGKILL at 20 moments of a run on generated data,
# then run again to the end: the database (less its clocks) and the
# report are those of a run never interrupted, every time.
set -u
. "$(dirname "$0")/lib.inc"
REL=${PANA_REL_BIN:-$PANA_TOP/bin}	# without ASan: 40 runs must stay quick
w=$(t_workdir)
trap 'rm -rf "$w" "$w.gen"' EXIT
"$PANA_BIN/pana-gen" --size small --seed 9 --out "$w.gen" >/dev/null

dump() {	# dump DB -- every table but the clocks and the run log, in one pass
	sqlite3 "$1" "SELECT '.mode insert ' || m.name || char(10) || 'SELECT * FROM ' || m.name
		|| ' ORDER BY ' || group_concat(p.cid + 1, ', ') || ';'
		FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'
		AND m.name NOT IN ('run', 'meta', 'source_file') GROUP BY m.name ORDER BY m.name" >"$w/dump.cmd"
	sqlite3 "$1" <"$w/dump.cmd"
	sqlite3 "$1" "SELECT id, path, sha256, kind, encoding, delimiter, bytes, rows_read,
		rows_loaded, rows_quarantined, transformed_at IS NOT NULL FROM source_file ORDER BY id"
}
fresh() {	# a new database and inbox, same paths every time
	rm -rf "$w/pana.sqlite" "$w/pana.sqlite-wal" "$w/pana.sqlite-shm" "$w/reports" "$w/inbox"
	mkdir -p "$w/inbox"
	cp -p "$w.gen"/*.csv "$w/inbox/"
}
outputs() {	# outputs DIR -- what a reader gets, in DIR
	rm -rf "$1"
	mkdir -p "$1"
	dump "$w/pana.sqlite" >"$1/dump.sql"
	pdftotext -layout "$w/reports/2026/pana-2026.pdf" "$1/report.txt"
	cp -r "$w/reports/2026/tables" "$w/reports/2026/charts" "$1/"
}

fresh
start=$(date +%s%N)
"$REL/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "the uninterrupted run" $? 0
ms=$((($(date +%s%N) - start) / 1000000))
outputs "$w/reference"
check "the reference dump holds the model" [ "$(wc -l <"$w/reference/dump.sql")" -gt 10000 ]

i=1
while [ "$i" -le 20 ]; do
	fresh
	# 20 moments spread over the run, from its first milliseconds to its end.
	delay=$(awk -v i="$i" -v ms="$ms" 'BEGIN { printf "%.3f", (i - 0.5) * ms / 20 / 1000 }')
	"$REL/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	sleep 0.05	# the stage dies with pana-run (PR_SET_PDEATHSIG)
	check_eq "killed at ${delay}s: integrity" "$(sqlite3 "$w/pana.sqlite" "PRAGMA integrity_check" 2>&1)" ok
	"$REL/pana-run" -c "$w/config.ini" -q >/dev/null 2>"$w/err.txt"
	check_eq "killed at ${delay}s: the next run completes" $? 0
	outputs "$w/after"
	check "killed at ${delay}s: the same database" cmp -s "$w/reference/dump.sql" "$w/after/dump.sql"
	check "killed at ${delay}s: the same report" diff -rq "$w/reference" "$w/after"
	i=$((i + 1))
done
check "no stage outlived pana-run" sh -c "! pgrep -f 'pana-(ingest|transform|stats|report) -c $w/config.ini'"
t_done crash
