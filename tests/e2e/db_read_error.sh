#!/bin/sh
# A read error in the middle of a loop over rows (here a damaged page of the
# structure table, which pana-stats reads through its counts) stops the
# stage with exit 4 and the database's message, and leaves the statistics
# of the last run whole: never statistics made from part of the rows.
# Before db_loop_end, the loop ended as if the table ended there, and
# pana-stats exited 0.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
"$PANA_BIN/pana-gen" --size small --seed 5 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "first run" $? 0
before=$(sqlite3 "$db" "SELECT count(*), total(structures) FROM coverage_stats")
# Zeroes the last leaf page of the structure table, in the file itself.
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
size=$(sqlite3 "$db" "PRAGMA page_size")
page=$(sqlite3 "$db" "SELECT max(pageno) FROM dbstat WHERE name = 'structure' AND pagetype = 'leaf'")
check "a leaf page of structure" [ -n "$page" ]
dd if=/dev/zero of="$db" bs="$size" seek=$((page - 1)) count=1 conv=notrunc 2>/dev/null
"$PANA_BIN/pana-stats" -c "$w/config.ini" 2>"$w/err.txt"
check_eq "a read error: exit 4" $? 4
check "the message says the read failed and why" \
	grep -q "reading rows failed: database disk image is malformed" "$w/err.txt"
check_eq "the statistics of the last run are kept" \
	"$(sqlite3 "$db" "SELECT count(*), total(structures) FROM coverage_stats")" "$before"
check_eq "the run is recorded as failed" \
	"$(sqlite3 "$db" "SELECT status FROM run WHERE stage = 'stats' ORDER BY id DESC LIMIT 1")" failed
t_done db_read_error
