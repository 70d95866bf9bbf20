#!/bin/sh
# pana-run as the admin sees it: the lock, --status, an unchanged night
# that ends at once without re-rendering, --force, and the exit statuses.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
"$PANA_BIN/pana-gen" --size small --seed 6 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "first run" $? 0

# Another run holds the lock: exit 5 at once, with the reason.
flock "$w/pana.sqlite.lock" -c "'$PANA_BIN/pana-run' -c '$w/config.ini' -q 2>'$w/locked.txt'; echo \$? >'$w/locked.rc'"
check_eq "a second run while the lock is held exits 5" "$(cat "$w/locked.rc")" 5
check "and says so" grep -q "another pana program holds the lock '$w/pana.sqlite.lock'" "$w/locked.txt"

# Nothing changed: nothing is redone, the report is kept as it is.
stamp=$(stat -c %Y "$w/reports/2026/pana-2026.pdf")
ino=$(stat -c %i "$w/reports/2026")
sleep 1.1
"$PANA_BIN/pana-run" -c "$w/config.ini" 2>"$w/again.txt" >/dev/null
check_eq "unchanged run" $? 0
check "it says nothing changed" grep -q "nothing changed since the last report" "$w/again.txt"
check_eq "the report was not re-rendered" "$(stat -c %Y "$w/reports/2026/pana-2026.pdf")" "$stamp"
check_eq "the report folder is the same" "$(stat -c %i "$w/reports/2026")" "$ino"
check_eq "the report stage is logged as skipped" \
	"$(sqlite3 "$w/pana.sqlite" "SELECT status FROM run WHERE stage = 'report' ORDER BY id DESC LIMIT 1")" skipped
check "the statistics say nothing changed" grep -q "nothing changed since the statistics of 2026" "$w/again.txt"
check_eq "the stats stage is logged as skipped" \
	"$(sqlite3 "$w/pana.sqlite" "SELECT status FROM run WHERE stage = 'stats' ORDER BY id DESC LIMIT 1")" skipped
check_eq "four stages, in order, one run row each" \
	"$(sqlite3 "$w/pana.sqlite" "SELECT group_concat(stage, ' ') FROM (SELECT stage FROM (SELECT id, stage FROM run ORDER BY id DESC LIMIT 4) ORDER BY id)")" \
	"ingest transform stats report"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q --force >/dev/null 2>&1
check_eq "--force" $? 0
check "--force re-renders" [ "$(stat -c %i "$w/reports/2026")" != "$ino" ]

# A new file: it is loaded, transformed, and the report is redone.
ino=$(stat -c %i "$w/reports/2026")
printf 'id_diagnostic;date;id_structure;rna;siret;code_insee;code_postal;taille;secteur;communication\nnew-1;2026-06-01;;W751000001;;75111;75011;0;Sport;4\n' >"$w/inbox/diagnostics_late.csv"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "run with a new file" $? 0
check "the report is redone" [ "$(stat -c %i "$w/reports/2026")" != "$ino" ]
check_eq "the new diagnostic is in" "$(sqlite3 "$w/pana.sqlite" "SELECT count(*) FROM diagnostic WHERE id = 'new-1'")" 1

# A file rejected as a whole: exit 3, the rest of the run goes on.
printf 'not;a;known;header\n1;2;3;4\n' >"$w/inbox/mystery.csv"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>"$w/bad.txt"
check_eq "a rejected file: exit 3" $? 3
check "named with its reason" grep -q "mystery.csv': .*unknown kind of file" "$w/bad.txt"
check "the report is still there" [ -s "$w/reports/2026/pana-2026.pdf" ]

# --status: the last runs and what each file loaded or rejected.
"$PANA_BIN/pana-run" -c "$w/config.ini" --status >"$w/status.txt"
check_eq "--status" $? 0
check "--status lists the stages" grep -q "report" "$w/status.txt"
check "--status lists the stats stage" grep -q "stats" "$w/status.txt"
check "--status lists the files" grep -q "rna_waldec_20261101.csv" "$w/status.txt"
check "--status shows the failed ingest" grep -q "failed" "$w/status.txt"

# The WAL: pana-run copies the stages' pages into the database file on a
# thread of its own as they run (run/checkpointer.h), and none is left
# after the night; a stage alone still checkpoints its own.
"$PANA_BIN/pana-run" -c "$w/config.ini" -v --force >/dev/null 2>"$w/wal.txt"
check_eq "a night, --force (the rejected file above: exit 3)" $? 3
frames=$(sed -n 's/.*pana-run: \([0-9]*\) WAL frames checkpointed as the stages ran.*/\1/p' "$w/wal.txt")
check "pana-run checkpointed the stages' pages ($frames frames)" [ "${frames:-0}" -gt 0 ]
check "no WAL left after the night" [ ! -s "$w/pana.sqlite-wal" ]
check_eq "the database is sound" "$(sqlite3 "$w/pana.sqlite" "PRAGMA quick_check")" ok
"$PANA_BIN/pana-transform" -c "$w/config.ini" -q --force
check_eq "pana-transform alone" $? 0
check "no WAL left after a stage alone" [ ! -s "$w/pana.sqlite-wal" ]

# Usage and configuration errors: exit 2.
"$PANA_BIN/pana-run" --no-such-option 2>/dev/null
check_eq "an unknown option: exit 2" $? 2
"$PANA_BIN/pana-run" -c "$w/missing.ini" 2>"$w/cfg.txt"
check_eq "a missing config: exit 2" $? 2
check "named" grep -q "missing.ini" "$w/cfg.txt"
t_done run
