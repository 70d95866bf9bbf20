#!/bin/sh
# SIGTERM (how systemd stops a unit), SIGINT and SIGHUP end pana-run
# cleanly while it builds the report: the stage stopped, no run row left
# 'running', the report folder being built removed, the lock released, one
# log line, exit 128 + the signal's number; the next run completes.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
"$PANA_BIN/pana-gen" --size small --seed 6 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "first run" $? 0
for pair in TERM:15 INT:2 HUP:1; do
	sig=${pair%:*}
	n=${pair#*:}
	# A background job of sh ignores SIGINT: give it back its default.
	env --default-signal=INT "$PANA_BIN/pana-run" -c "$w/config.ini" -q --force \
		>/dev/null 2>"$w/$sig.txt" &
	pid=$!
	tries=0
	while [ ! -d "$w/reports/.2026.tmp" ] && [ "$tries" -lt 600 ]; do
		sleep 0.05
		tries=$((tries + 1))
	done
	check "SIG$sig: the report is being built" [ -d "$w/reports/.2026.tmp" ]
	kill -s "$sig" "$pid"
	wait "$pid"
	check_eq "SIG$sig: exit 128+$n" $? $((128 + n))
	check_eq "SIG$sig: no run row left running" \
		"$(sqlite3 "$db" "SELECT count(*) FROM run WHERE status = 'running' OR ended_at IS NULL")" 0
	check_eq "SIG$sig: the report stage is marked interrupted" \
		"$(sqlite3 "$db" "SELECT stage || ' ' || status || ' ' || message FROM run ORDER BY id DESC LIMIT 1")" \
		"report interrupted interrupted by signal $n"
	check_eq "SIG$sig: the folder being built is removed" "$(ls -A "$w/reports")" 2026
	check "SIG$sig: yesterday's report is in place" [ -s "$w/reports/2026/pana-2026.pdf" ]
	check "SIG$sig: the lock is released" flock -n "$db.lock" true
	check_eq "SIG$sig: one log line" "$(grep -c "pana-run: error: interrupted by signal $n" "$w/$sig.txt")" 1
done
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "the next run" $? 0
check_eq "its stages ended" "$(sqlite3 "$db" "SELECT count(*) FROM run WHERE ended_at IS NULL")" 0
t_done signals
