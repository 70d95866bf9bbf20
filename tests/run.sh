#!/bin/sh
# Runs every test and prints one closing line "N passed, M failed".
#   tests/run.sh BUILD_DIR
# Unit tests are the programs BUILD_DIR/tests/test_* (built with the
# sanitizers by `make check`); end-to-end tests are tests/e2e/*.sh, run
# against the programs of BUILD_DIR/bin. Each test prints its own last
# line "name: N passed, M failed"; this script adds them up.
set -u
build=${1:-build/check}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
export PANA_BIN="$top/$build/bin"
export PANA_TOP="$top"
# Leaks inside fontconfig's start-up are not ours; everything else is.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
total_pass=0
total_fail=0
failed_tests=""

tally() {	# name status output-file
	line=$(grep -E '^[^ ]+: [0-9]+ passed, [0-9]+ failed' "$3" | tail -n 1)
	p=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# crashed or exited non-zero without saying why
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	if [ "$f" -ne 0 ]; then
		failed_tests="$failed_tests $1"
		echo "FAIL $1 (exit $2): $line"
		tail -n 30 "$3" | sed 's/^/    /'
	else
		echo "ok   $1: $p passed"
	fi
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	"$t" >"$log/$name.out" 2>&1
	tally "$name" $? "$log/$name.out"
done
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	sh "$t" >"$log/$name.out" 2>&1
	tally "$name" $? "$log/$name.out"
done
[ -n "$failed_tests" ] && echo "failed:$failed_tests"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
