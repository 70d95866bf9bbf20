#!/bin/sh
# File names from the inbox are any bytes: one not UTF-8, with a newline or
# ESC, is shown escaped in the log, --status and the report, and never
# stops a night. -q prints nothing on success; --status reads the database
# without writing; the lock says when the pid it names is gone.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
"$PANA_BIN/pana-gen" --size small --seed 5 --out "$w/inbox" >/dev/null
odd=$(printf 'diag\nnostics\377\033[31m.csv')
mv "$w/inbox/diagnostics_2026.csv" "$w/inbox/$odd"
shown='diag\nnostics\xFF\x1B[31m.csv'

"$PANA_BIN/pana-run" -c "$w/config.ini" >"$w/out.txt" 2>"$w/log.txt"
check_eq "a file name not UTF-8, with a newline and ESC: the run" $? 0
check "the log shows it escaped" grep -qF "$shown" "$w/log.txt"
check "no ESC in the log" sh -c "! grep -q \"\$(printf '\033')\" '$w/log.txt'"
check "the log is UTF-8" iconv -f UTF-8 -t UTF-8 "$w/log.txt" -o /dev/null
check "one log line per event" sh -c "! grep -q '^nostics' '$w/log.txt'"
check "the report tables show it escaped" grep -qF "$shown" "$w/reports/2026/tables/fichiers-sources.csv"
pdftotext "$w/reports/2026/pana-2026.pdf" "$w/pdf.txt"
check "the PDF shows it escaped" grep -qF "$shown" "$w/pdf.txt"

# Removed, and --force: the name stays in the database, the report goes on.
rm "$w/inbox/$odd"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q --force >"$w/out.txt" 2>"$w/log.txt"
check_eq "after the file is removed, --force" $? 0

# -q prints nothing on success: the crontab mails what is printed.
check_eq "-q prints nothing on success (stdout)" "$(cat "$w/out.txt")" ""
check_eq "-q prints nothing on success (stderr)" "$(cat "$w/log.txt")" ""
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >"$w/out.txt" 2>&1
check_eq "-q on an unchanged night" "$?:$(cat "$w/out.txt")" "0:"
"$PANA_BIN/pana-run" -c "$w/config.ini" >"$w/out.txt" 2>/dev/null
check "without -q the PDF is named" grep -q "pana-2026.pdf" "$w/out.txt"

# --status: escaped, and from a user who may only read the database.
chmod 755 "$w"
chmod 644 "$w/pana.sqlite"
rm -f "$w/pana.sqlite-wal" "$w/pana.sqlite-shm"
setpriv --reuid=65534 --regid=65534 --clear-groups "$PANA_BIN/pana-run" -c "$w/config.ini" \
	--status >"$w/status.txt" 2>"$w/err.txt"
check_eq "--status with read access only" $? 0
check "--status shows the name escaped" grep -qF "$shown" "$w/status.txt"
check "no ESC in --status" sh -c "! grep -q \"\$(printf '\033')\" '$w/status.txt'"
check "--status wrote nothing" [ ! -e "$w/pana.sqlite-wal" ]

# A pid left in the lock by a dead run blocks nothing; a lock held by
# another process while the pid it names is gone is said so.
sh -c 'exit 0' & dead=$!
wait $dead
echo $dead >"$w/pana.sqlite.lock"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "a stale lock file does not block a run" $? 0
echo $dead >"$w/pana.sqlite.lock"
flock "$w/pana.sqlite.lock" -c "'$PANA_BIN/pana-run' -c '$w/config.ini' -q 2>'$w/locked.txt'; echo \$? >'$w/locked.rc'"
check_eq "a held lock: exit 5" "$(cat "$w/locked.rc")" 5
check "the dead pid is said to be gone" grep -q "the pid written in it, $dead, is no longer running" \
	"$w/locked.txt"
t_done names
