#!/bin/sh
# Faults an admin meets, each ending with a clear message, a non-zero exit
# and an undamaged database: allocations failing from the Nth on (an
# allocator hook, tests/fault/oom.c), a full disk under the database and
# under the reports (tiny tmpfs mounts), a read-only reports folder, an
# input the program may not read. Needs root (mount, setpriv), as CI is.
set -u
. "$(dirname "$0")/lib.inc"
REL=${PANA_REL_BIN:-$PANA_TOP/bin}	# the allocator hook needs binaries without ASan
w=$(t_workdir)
mounts=""
cleanup() {
	for m in $mounts; do umount "$m" 2>/dev/null; done
	rm -rf "$w"
}
trap cleanup EXIT
db=$w/pana.sqlite
ok_db() {	# ok_db WHAT DB -- integrity and bookkeeping of a database
	check_eq "$1: integrity" "$(sqlite3 "$2" "PRAGMA integrity_check")" ok
	check_eq "$1: every file adds up" "$(sqlite3 "$2" "SELECT count(*) FROM source_file
		WHERE rows_read <> rows_loaded + rows_quarantined")" 0
	check_eq "$1: no partial file" "$(sqlite3 "$2" "SELECT (SELECT count(*) FROM stg_association)
		+ (SELECT count(*) FROM stg_structure) + (SELECT count(*) FROM stg_diagnostic)
		+ (SELECT count(*) FROM stg_survey) - coalesce((SELECT sum(rows_loaded) FROM source_file), 0)")" 0
}

"$PANA_BIN/pana-gen" --size small --seed 4 --out "$w/gen" >/dev/null
cp "$w/gen/lieux-mediation-numerique.csv" "$w/gen/diagnostics_2026.csv" "$w/inbox/"
"$REL/pana-ingest" -c "$w/config.ini" -q /dev/null 2>/dev/null
cp "$db" "$w/template.sqlite"

# 1. Allocations failing from the Nth on.
cc -shared -fPIC -O1 -o "$w/oom.so" "$PANA_TOP/tests/fault/oom.c" -ldl
check "the allocator hook builds" [ -s "$w/oom.so" ]
failed_runs=0
for n in 0 1 3 10 30 100 300 1000 3000 10000 30000 100000; do
	cp "$w/template.sqlite" "$db"
	LD_PRELOAD=$w/oom.so PANA_OOM_AFTER=$n "$REL/pana-ingest" -c "$w/config.ini" -q 2>"$w/oom.txt"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		failed_runs=$((failed_runs + 1))
		case $rc in
		2|3|4) ok "allocation $n: exit $rc is an error status" ;;
		*) ko "allocation $n: exit $rc is not one of pana's statuses" ;;
		esac
		check "allocation $n: a clear message" grep -qiE "out of memory|database|cannot" "$w/oom.txt"
	fi
	ok_db "allocation $n" "$db"
	"$REL/pana-ingest" -c "$w/config.ini" -q 2>/dev/null
	check_eq "allocation $n: the next run completes" $? 0
	check_eq "allocation $n: then both files are in" \
		"$(sqlite3 "$db" "SELECT count(*) FROM source_file")" 2
done
check "some allocation faults did stop the run ($failed_runs)" [ "$failed_runs" -ge 3 ]

# 1b. An address-space limit (ulimit -v, KiB), as a shared host sets it:
# every allocation that fails (thread stacks, SQLite's, libcsv's, iconv's,
# jansson's, pcre2's) ends the run with exit 4 and "out of memory", never a
# signal, never a file rejected as bad input.
stopped=0
for lim in 12000 14000 16000 18000 20000 22000 24000 26000 28000 30000 32000 36000 \
	   40000 44000 48000 56000 65536; do
	cp "$w/template.sqlite" "$db"
	(ulimit -v $lim && exec "$REL/pana-ingest" -c "$w/config.ini" -q) 2>"$w/oom.txt"
	rc=$?
	case $rc in
	0) ok "ulimit -v $lim: completes" ;;
	4) stopped=$((stopped + 1))
	   check "ulimit -v $lim: says out of memory" grep -q "out of memory" "$w/oom.txt" ;;
	*) ko "ulimit -v $lim: exit $rc, not 0 or 4 (out of memory): $(head -c 300 "$w/oom.txt")" ;;
	esac
	ok_db "ulimit -v $lim" "$db"
done
check "some limits did stop the run ($stopped)" [ "$stopped" -ge 3 ]

# 2. A full disk under the database.
mkdir -p "$w/tiny"
# Room for the database with its referential and 1 MiB more: the RNA file
# does not fit.
tiny=$(( $(stat -c %s "$w/template.sqlite") / 1024 + 1024 ))k
if mount -t tmpfs -o size=$tiny tmpfs "$w/tiny"; then
	mounts="$w/tiny $mounts"
	cp "$w/template.sqlite" "$w/tiny/pana.sqlite"
	sed "s|^database = .*|database = $w/tiny/pana.sqlite|" "$w/config.ini" >"$w/tiny.ini"
	cp "$w/gen/rna_waldec_20261101.csv" "$w/inbox/"
	"$REL/pana-ingest" -c "$w/tiny.ini" -q 2>"$w/full.txt"
	rc=$?
	check_eq "full disk: exit status" "$rc" 4
	check "full disk: the message says so" grep -qiE "full|no space" "$w/full.txt"
	ok_db "full disk" "$w/tiny/pana.sqlite"
	umount "$w/tiny"
	mounts=""
	rm "$w/inbox/rna_waldec_20261101.csv"
else
	ko "cannot mount a tmpfs for the full-disk test"
fi

# 3. A full disk under the reports: yesterday's report stays.
cp "$w/template.sqlite" "$db"
"$REL/pana-ingest" -c "$w/config.ini" -q && "$REL/pana-transform" -c "$w/config.ini" -q
mkdir -p "$w/reports"
if mount -t tmpfs -o size=400k tmpfs "$w/reports"; then
	mounts="$w/reports $mounts"
	printf '\n[report]\nformats = csv\n' >>"$w/config.ini"
	"$REL/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$REL/pana-report" -c "$w/config.ini" -q >/dev/null
	check_eq "a small report fits" $? 0
	cp -r "$w/reports/2026" "$w/yesterday"
	sed -i 's/^formats = csv/formats = pdf, png, svg, csv/' "$w/config.ini"
	"$REL/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$REL/pana-report" -c "$w/config.ini" -q >/dev/null 2>"$w/rfull.txt"
	rc=$?
	check_eq "reports disk full: exit status" "$rc" 4
	check "reports disk full: the message names the problem" grep -qi "no space left" "$w/rfull.txt"
	check "yesterday's report is intact" diff -r "$w/yesterday" "$w/reports/2026"
	check "no half-written folder left" [ "$(ls -A "$w/reports")" = 2026 ]
	ok_db "reports disk full" "$db"
	umount "$w/reports"
	mounts=""
else
	ko "cannot mount a tmpfs for the reports"
fi

# 4. A read-only reports folder.
if mount -t tmpfs -o ro tmpfs "$w/reports"; then
	mounts="$w/reports $mounts"
	"$REL/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$REL/pana-report" -c "$w/config.ini" -q >/dev/null 2>"$w/ro.txt"
	rc=$?
	check_eq "read-only reports: exit status" "$rc" 4
	check "read-only reports: the message says so" grep -qi "read-only" "$w/ro.txt"
	ok_db "read-only reports" "$db"
	umount "$w/reports"
	mounts=""
else
	ko "cannot mount a read-only tmpfs"
fi

# 5. An input pana may not read (run as an unprivileged user).
cp "$w/template.sqlite" "$db"
cp "$w/gen/survey_barometre_2026.csv" "$w/inbox/"
chmod 000 "$w/inbox/survey_barometre_2026.csv"
chown -R nobody "$w"
chmod 755 "$w"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$REL/pana-ingest" -c "$w/config.ini" -q 2>"$w/perm.txt"
rc=$?
check_eq "unreadable input: exit status" "$rc" 3
check "unreadable input: the message names the file" grep -q "survey_barometre_2026.csv': cannot read: Permission denied" "$w/perm.txt"
check_eq "the other files still load" "$(sqlite3 "$db" "SELECT count(*) FROM source_file")" 2
ok_db "unreadable input" "$db"
t_done faults
