#!/bin/sh
# A database made read-only, then writable again, leaves its -shm at mode
# 0444 behind (SQLite made it so): every run then says which file and how
# to fix it, instead of "attempt to write a readonly database". Runs as
# nobody (root writes anything); needs root for setpriv, as CI is.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
"$PANA_BIN/pana-gen" --size small --seed 6 --out "$w/inbox" >/dev/null
chown -R nobody "$w"
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}
as_nobody "$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "first run" $? 0
chmod 0444 "$db"
as_nobody "$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>"$w/ro.txt"
check_eq "a read-only database: exit 4" $? 4
check "names the database and the fix" grep -q "'$db' is not writable.*chmod u+w '$db'" "$w/ro.txt"
# What SQLite leaves when it opens a read-only database in WAL mode: its
# -wal or -shm made read-only too (which one depends on SQLite's version).
as_nobody sqlite3 "$db" "SELECT count(*) FROM association" >/dev/null
chmod 0644 "$db"
[ -e "$db-wal" ] && chmod 0644 "$db-wal"
[ -e "$db-shm" ] || : >"$db-shm"
chmod 0444 "$db-shm"
check "the -shm stays read-only" [ "$(stat -c %a "$db-shm")" = 444 ]
as_nobody "$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>"$w/shm.txt"
check_eq "a read-only -shm: exit 4" $? 4
check "names the -shm and the fix" grep -q "'$db-shm' is not writable.*chmod u+w '$db-shm'.*or remove it" "$w/shm.txt"
chmod u+w "$db-shm"
as_nobody "$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "fixed as told: the run goes on" $? 0
t_done db_access
