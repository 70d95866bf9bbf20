#!/bin/sh
# The report folder is replaced whole where folders cannot be swapped in
# one step (overlayfs: renameat2 fails with EXDEV, injected by
# tests/fault/exdev.c): by two renames, and a run stopped between them
# finds the last report put back.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
"$PANA_BIN/pana-gen" --size small --seed 6 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "first run" $? 0
cc -shared -fPIC -O1 -o "$w/exdev.so" "$PANA_TOP/tests/fault/exdev.c"
check "the hook builds" [ -s "$w/exdev.so" ]
ino=$(stat -c %i "$w/reports/2026")
# ASan wants to come first; the hook only replaces renameat2.
LD_PRELOAD=$w/exdev.so ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 \
	"$PANA_BIN/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null 2>"$w/exdev.txt"
check_eq "no atomic exchange: the report is still replaced" $? 0
check "a new folder" [ "$(stat -c %i "$w/reports/2026")" != "$ino" ]
check "with its PDF" [ -s "$w/reports/2026/pana-2026.pdf" ]
check_eq "nothing left aside" "$(ls -A "$w/reports")" 2026

# Stopped between the two renames: the next run puts the report back
# before it builds the new one.
mv "$w/reports/2026" "$w/reports/.2026.old"
echo half >"$w/reports/.2026.tmp"
LD_PRELOAD=$w/exdev.so ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 \
	"$PANA_BIN/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$PANA_BIN/pana-report" -c "$w/config.ini" >/dev/null 2>"$w/back.txt"
check_eq "the run after" $? 0
check "says it put the report back" grep -q "put back" "$w/back.txt"
check "the report is there" [ -s "$w/reports/2026/pana-2026.pdf" ]
check_eq "nothing left aside" "$(ls -A "$w/reports")" 2026
t_done report_swap
