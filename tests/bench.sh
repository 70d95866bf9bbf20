#!/bin/sh
# make bench: the national-scale benchmark, measured in one run.
#   1. pana-ingest of the national RNA extract (~2 M rows, ~1.4 GB) into a
#      fresh database, validating every row;
#   2. the sqlite3 shell's .import of the same file into a fresh database
#      (a raw import with no validation at all), as the baseline.
#   3. the whole nightly job, pana-run, on the national inbox (RNA, the
#      structures, ~200,000 diagnostics, a survey) from an empty database,
#      then again with nothing changed.
# Prints wall time and peak RSS of each. Targets: pana-ingest at least 2x
# faster than the baseline with a peak RSS under 100 MiB; the full run
# under 60 s, the unchanged rerun under 1 s, memory independent of size.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
dir=${PANA_BENCH_DIR:-$top/build/bench}
size=${PANA_BENCH_SIZE:-national}
mkdir -p "$dir"
if [ ! -f "$dir/inbox/.done-$size" ]; then
	echo "bench: generating the $size sample into $dir/inbox ..."
	rm -rf "$dir/inbox"
	bin/pana-gen --size "$size" --seed 1 --out "$dir/inbox" >/dev/null
	touch "$dir/inbox/.done-$size"
fi
rna=$dir/inbox/rna_waldec_20261101.csv
rows=$(grep -c '' "$rna" || true)
mb=$(($(wc -c <"$rna") / 1048576))
cat "$rna" >/dev/null	# both runs start from a warm page cache

measure() {	# measure OUT command... -- writes "seconds kilobytes" to OUT
	out=$1
	shift
	/usr/bin/time -f "%e %M" -o "$out" "$@"
}

cat >"$dir/config.ini" <<EOC
[paths]
database = pana.sqlite
inbox = inbox-unused
reports = reports
geography = $top/data/geography
EOC
rm -f "$dir"/pana.sqlite* "$dir/baseline.sqlite"
# The referential first, so that the timed run loads the RNA file alone.
bin/pana-ingest -c "$dir/config.ini" -q /dev/null 2>/dev/null || true
measure "$dir/pana.time" bin/pana-ingest -c "$dir/config.ini" -q "$rna"
measure "$dir/sqlite.time" sqlite3 "$dir/baseline.sqlite" ".mode csv" ".separator ;" \
	".import $rna rna" 2>"$dir/sqlite.err"

read -r p_s p_kb <"$dir/pana.time"
read -r b_s b_kb <"$dir/sqlite.time"
loaded=$(sqlite3 "$dir/pana.sqlite" "SELECT rows_read || ' read, ' || rows_loaded || ' loaded, ' || rows_quarantined || ' quarantined' FROM source_file ORDER BY id DESC LIMIT 1")
awk -v rows="$rows" -v mb="$mb" -v ps="$p_s" -v pkb="$p_kb" -v bs="$b_s" -v bkb="$b_kb" \
    -v loaded="$loaded" 'BEGIN {
	speed = (bs / ps >= 2) ? "met" : "NOT met"
	mem = (pkb / 1024 < 100) ? "met" : "NOT met"
	printf "national RNA extract: %d lines, %d MiB (%s)\n\n", rows, mb, loaded
	printf "%-34s %10s %12s %10s\n", "", "wall (s)", "peak RSS", "MB/s"
	printf "%-34s %10.2f %9.1f MiB %10.1f\n", "pana-ingest (validating)", ps, pkb / 1024, mb / ps
	printf "%-34s %10.2f %9.1f MiB %10.1f\n", "sqlite3 .import (no validation)", bs, bkb / 1024, mb / bs
	printf "\nspeed-up over the baseline: %.2fx (target >= 2x): %s\n", bs / ps, speed
	printf "pana-ingest peak RSS: %.1f MiB (target < 100 MiB): %s\n", pkb / 1024, mem
}'

# 3. The nightly job.
cat >"$dir/run.ini" <<EOC
[paths]
database = run.sqlite
inbox = inbox
reports = reports
geography = $top/data/geography
EOC
sed -n '/^\[report\]/,$p' config.ini >>"$dir/run.ini"
sed -i 's/^settle_minutes = .*/settle_minutes = 0/' "$dir/run.ini"
rm -rf "$dir"/run.sqlite* "$dir/reports"
measure "$dir/full.time" bin/pana-run -c "$dir/run.ini" -q >/dev/null
measure "$dir/again.time" bin/pana-run -c "$dir/run.ini" -q >/dev/null
read -r f_s f_kb <"$dir/full.time"
read -r a_s a_kb <"$dir/again.time"
counts=$(sqlite3 "$dir/run.sqlite" "SELECT (SELECT count(*) FROM association) || ' associations, ' ||
	(SELECT count(*) FROM structure) || ' structures, ' || (SELECT count(*) FROM diagnostic) ||
	' diagnostics, ' || (SELECT count(*) FROM survey_response) || ' survey responses'")
awk -v fs="$f_s" -v fkb="$f_kb" -v as="$a_s" -v akb="$a_kb" -v counts="$counts" 'BEGIN {
	full = (fs < 60) ? "met" : "NOT met"
	again = (as < 1) ? "met" : "NOT met"
	printf "\nnightly run (pana-run) on the national inbox: %s\n\n", counts
	printf "%-34s %10s %12s\n", "", "wall (s)", "peak RSS"
	printf "%-34s %10.2f %9.1f MiB   (target < 60 s: %s)\n", "full run from an empty database", fs, fkb / 1024, full
	printf "%-34s %10.2f %9.1f MiB   (target < 1 s: %s)\n", "unchanged rerun", as, akb / 1024, again
}'
