#!/bin/sh
# Every stage program takes the lock of pana-run (exit 5 while another
# holds it) and pana-run's own stages do not wait for it; a forced rebuild
# is one transaction: stopped at any moment, it leaves the model whole,
# and a report made after it still counts every association.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
"$PANA_BIN/pana-gen" --size small --seed 6 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "pana-run: its stages hold its lock" $? 0
n=$(sqlite3 "$db" "SELECT count(*) FROM association")
check "the model holds associations" [ "$n" -gt 0 ]
ino=$(stat -c %i "$w/reports/2026")

for stage in ingest transform stats report; do
	flock "$db.lock" -c "'$PANA_BIN/pana-$stage' -c '$w/config.ini' -q >/dev/null 2>'$w/$stage.txt'; echo \$? >'$w/$stage.rc'"
	check_eq "pana-$stage while the lock is held: exit 5" "$(cat "$w/$stage.rc")" 5
	check "pana-$stage says so" grep -q "another pana program holds the lock '$db.lock'" "$w/$stage.txt"
done
"$PANA_BIN/pana-transform" -c "$w/config.ini" --force -q 2>/dev/null
check_eq "pana-transform --force alone" $? 0

# --force stopped at several moments: the model is never left emptied.
start=$(date +%s%N)
"$PANA_BIN/pana-transform" -c "$w/config.ini" --force -q 2>/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
for i in 1 2 3 4 5 6; do
	delay=$(awk -v i="$i" -v ms="$ms" 'BEGIN { printf "%.3f", i * ms / 7 / 1000 }')
	"$PANA_BIN/pana-transform" -c "$w/config.ini" --force -q 2>/dev/null &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check_eq "--force killed after ${delay}s: the model is whole" \
		"$(sqlite3 "$db" "SELECT count(*) FROM association")" "$n"
	check_eq "--force killed after ${delay}s: every file still transformed" \
		"$(sqlite3 "$db" "SELECT count(*) FROM source_file WHERE transformed_at IS NULL")" 0
done
"$PANA_BIN/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "the report after" $? 0
check "the report still counts the associations" [ "$(sqlite3 "$db" "SELECT sum(associations) FROM coverage_stats WHERE year = 2026 AND level = 'region'")" -gt 0 ]
t_done lock_force
