#!/bin/sh
# Each run starts with PRAGMA quick_check (unless the file is as the last
# night left it): damaged pages stop it with exit 4 and the way back; each
# night that completed and changed something leaves an online backup next
# to the database ([backup] keep of them), which restores as the README
# says.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
"$PANA_BIN/pana-gen" --size small --seed 6 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "first run" $? 0
check_eq "a backup" "$(sqlite3 "$db.backup.1" "PRAGMA quick_check")" ok
check_eq "of the whole model" "$(sqlite3 "$db.backup.1" "SELECT count(*) FROM association")" \
	"$(sqlite3 "$db" "SELECT count(*) FROM association")"
# A night that changes nothing keeps the newest backup as it is, and does
# not read the whole file again to check it.
b1=$(stat -c %Y.%i "$db.backup.1")
"$PANA_BIN/pana-run" -c "$w/config.ini" -v >/dev/null 2>"$w/again.txt"
check_eq "an unchanged night" $? 0
check "the backup is kept as it is" [ "$(stat -c %Y.%i "$db.backup.1")" = "$b1" -a ! -e "$db.backup.2" ]
check "says so" grep -q "nothing changed since the last backup" "$w/again.txt"
check "no quick_check of an unchanged file" grep -q "unchanged since it was last checked" "$w/again.txt"
# Each night that changes something (here the statistics, through
# config.ini) makes one.
for i in 1 2 3; do
	echo "; night $i" >>"$w/config.ini"
	"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
done
check "three kept" [ -s "$db.backup.3" ]
check "not four" [ ! -e "$db.backup.4" ]
check "nothing left aside" [ ! -e "$db.backup.tmp" ]
sed -i 's/^keep = 3$/keep = 0/' "$w/config.ini"
rm -f "$db".backup.*
echo "; keep none" >>"$w/config.ini"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check "keep = 0: no backup" [ ! -e "$db.backup.1" ]
sed -i 's/^keep = 0$/keep = 3/' "$w/config.ini"
echo "; keep three" >>"$w/config.ini"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check "a backup again" [ -s "$db.backup.1" ]
# The backup is copied as the report renders, and put in place only once
# the report is written: a night whose report fails (a region that does
# not exist) leaves the backups as they were, and no copy aside.
b1=$(stat -c %Y.%i "$db.backup.1")
sed -i 's/^regions = .*/regions = 99/' "$w/config.ini"
echo "; a night whose report fails" >>"$w/config.ini"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check "the report fails" [ $? -ne 0 ]
check "no new backup" [ "$(stat -c %Y.%i "$db.backup.1")" = "$b1" ]
check "no copy left aside" [ ! -e "$db.backup.tmp" ]
sed -i 's/^regions = .*/regions = all/' "$w/config.ini"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "the report written again: the run" $? 0
check "its backup" [ "$(stat -c %Y.%i "$db.backup.1")" != "$b1" -a -s "$db.backup.1" ]

# Damaged pages in the middle of the file (the staging tables).
pages=$(sqlite3 "$db" "PRAGMA page_count")
ino=$(stat -c %i "$w/reports/2026")
dd if=/dev/urandom of="$db" bs=4096 seek=$((pages / 2)) count=20 conv=notrunc 2>/dev/null
check "the damage shows" [ "$(sqlite3 "$db" "PRAGMA quick_check" 2>&1)" != ok ]
"$PANA_BIN/pana-run" -c "$w/config.ini" -q --force >/dev/null 2>"$w/damaged.txt"
check_eq "a damaged database: exit 4" $? 4
check "says so and how to recover" grep -q "database '$db' is damaged (quick_check: .*restore the last backup, '$db.backup.1' (README, Restoring a backup)" "$w/damaged.txt"
check_eq "the report is untouched" "$(stat -c %i "$w/reports/2026")" "$ino"
check "the backup is kept" [ "$(sqlite3 "$db.backup.1" "PRAGMA quick_check")" = ok ]

# Restored as the README says.
cp "$db.backup.1" "$db.restored"
rm -f "$db-wal" "$db-shm"
mv "$db.restored" "$db"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "restored: the run goes on" $? 0
check_eq "restored: sound" "$(sqlite3 "$db" "PRAGMA quick_check")" ok
t_done backup
