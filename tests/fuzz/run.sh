#!/bin/sh
# Builds the libFuzzer targets of tests/fuzz/ with clang, replays the saved
# regression inputs, then fuzzes each target for SECONDS (default 60).
#   tests/fuzz/run.sh [SECONDS]
# Environment:
#   FUZZ_TARGETS  targets to run (default "csvin schema config ingest")
#   FUZZ_CC       compiler (default clang)
#   FUZZ_JOBS     targets fuzzed at once (default 1; each takes one core)
#   FUZZ_OPTS     more libFuzzer options for the fuzzing runs; to fuzz
#                 past a known leak: ASAN_OPTIONS=detect_leaks=0
#                 FUZZ_OPTS=-detect_leaks=0
#   FUZZ_CSVIN_MASK  known csvin findings to fuzz past (tests/fuzz/README.md);
#                 the regression replay ignores it and ASAN_OPTIONS' leak switch
# Everything it builds or grows goes under build/fuzz/; the seeds of
# tests/fuzz/corpus/ are copied, never written. A crash is copied into
# tests/fuzz/crashes/ (see its README). Exit status: 0 when every
# regression input passes and no target crashed, 1 otherwise, 2 when the
# build or the set-up failed.
set -eu
seconds=${1:-60}
case $seconds in
'' | *[!0-9]*) echo "usage: tests/fuzz/run.sh [SECONDS]" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
targets=${FUZZ_TARGETS:-csvin schema config ingest}
cc=${FUZZ_CC:-clang}
jobs=${FUZZ_JOBS:-1}
out=build/fuzz
fz=tests/fuzz

# ---- packages, installed with apt-get when missing (as tools/deps.sh) ----
pkgs="clang libclang-rt-dev pkg-config libcsv-dev libsqlite3-dev libgsl-dev \
libcairo2-dev libpango1.0-dev libinih-dev libjansson-dev libssl-dev libpcre2-dev"

apt_install() {
	if [ "$(id -u)" -eq 0 ]; then
		sudo=""
	elif command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "fuzz: missing packages:$* (run as root or install them)" >&2
		exit 2
	fi
	echo "fuzz: installing$*" >&2
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
# shellcheck disable=SC2086
[ -z "$missing" ] || apt_install $missing

mkdir -p "$out"
# libFuzzer ships apart from clang (libclang-rt-N-dev): check it links.
probe_fuzzer() {
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
		'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
		>"$out/probe.c"
	"$cc" -fsanitize=fuzzer -o "$out/probe" "$out/probe.c" >"$out/probe.log" 2>&1
}
if ! probe_fuzzer; then
	major=$("$cc" -dumpversion | cut -d. -f1)
	apt_install "libclang-rt-$major-dev"
	if ! probe_fuzzer; then
		echo "fuzz: $cc cannot link libFuzzer:" >&2
		cat "$out/probe.log" >&2
		exit 2
	fi
fi
rm -f "$out/probe" "$out/probe.c" "$out/probe.log"

# ---- build ---------------------------------------------------------------
PKGS="sqlite3 gsl cairo pangocairo glib-2.0 jansson inih libcrypto libpcre2-8"
STD="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
WARN="-Wall -Wextra -pedantic -Wstrict-prototypes -Wmissing-prototypes -Wvla \
-Wwrite-strings -Wformat-security -fno-common -Wshadow"
SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# shellcheck disable=SC2086
pkg_cflags=$(pkg-config --cflags $PKGS)
# shellcheck disable=SC2086
pkg_libs="$(pkg-config --libs $PKGS) -lcsv -lunistring -lm -lpthread"

# The schemas compiled in, as the Makefile does for $(B)/embedded.c.
schemas=$(LC_ALL=C ls schemas/*.sql schemas/*.json)
# shellcheck disable=SC2086
tools/embed.sh $schemas >"$out/embedded.c.tmp"
mv "$out/embedded.c.tmp" "$out/embedded.c"

# The lib/*.c a source needs: for each #include "X.h" found in lib/, lib/X.c
# and lib/X_*.c (embedded.h: lib/embedded_find.c and the generated
# embedded.c), followed through their own includes.
lib_sources() {
	todo=$1
	seen=" "
	srcs=""
	while [ -n "$todo" ]; do
		# shellcheck disable=SC2086
		set -- $todo
		f=$1
		shift
		todo=$*
		# shellcheck disable=SC2013
		for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$f"); do
			case $seen in *" $h "*) continue ;; esac
			seen="$seen$h "
			[ -f "lib/$h.h" ] || continue
			todo="$todo lib/$h.h"
			for c in "lib/$h.c" lib/"$h"_*.c; do
				[ -f "$c" ] || continue
				srcs="$srcs $c"
				todo="$todo $c"
			done
			[ "$h" = embedded ] && srcs="$srcs $out/embedded.c"
		done
	done
	echo "$srcs"
}

build() {	# target
	src="$fz/fuzz_$1.c"
	# The ingest target drives the loader of pana-ingest itself: every
	# file of ingest/ but its main.
	stage=""
	[ "$1" = ingest ] && stage=$(ls ingest/*.c | grep -v '/main\.c$' | tr '\n' ' ')
	libs=$(lib_sources "$src $stage")
	echo "  CLANG   $out/fuzz_$1 ($src$libs)"
	# shellcheck disable=SC2086
	"$cc" $STD $WARN -g -O1 $SAN -Ilib -Iingest $pkg_cflags -o "$out/fuzz_$1" "$src" $stage $libs \
		$pkg_libs
}

for t in $targets; do
	build "$t" || { echo "fuzz: cannot build fuzz_$t" >&2; exit 2; }
done

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
passed=0
failed=0

# The first frames of a crash report that are in pana's tree.
where() {	# log
	grep -E '^ *#[0-9]+ ' "$1" | grep -E "$top/(lib|ingest|transform|report|run|tests/fuzz)/" |
		head -n 4 | sed -e "s|$top/||" -e 's/^ */    /'
	grep -E '^SUMMARY:|invariant broken|ERROR: libFuzzer' "$1" | head -n 2 | sed 's/^/    /'
}

# ---- regression inputs, replayed one by one ------------------------------
for t in $targets; do
	for f in "$fz/regressions/$t"/*; do
		[ -f "$f" ] || continue
		case $(basename "$f") in README* | .*) continue ;; esac
		log="$out/regression-$t-$(basename "$f").log"
		# Never masked: a known finding fails here until it is fixed.
		if env -u FUZZ_CSVIN_MASK ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=1" \
			"$out/fuzz_$t" -timeout=60 -rss_limit_mb=2048 "$f" >"$log" 2>&1; then
			passed=$((passed + 1))
		else
			echo "FAIL regression $f (log: $log)"
			where "$log"
			failed=$((failed + 1))
		fi
	done
done

# ---- fuzzing ---------------------------------------------------------------
fuzz_opts() {	# target
	case $1 in
	csvin) echo "-max_len=8192 -dict=$fz/csvin.dict" ;;
	schema) echo "-max_len=8192 -dict=$fz/schema.dict" ;;
	config) echo "-max_len=4096 -dict=$fz/config.dict" ;;
	ingest) echo "-max_len=16384 -dict=$fz/csvin.dict" ;;
	esac
}

fuzz_one() {	# target
	w="$out/work/$1"
	rm -rf "$w"
	mkdir -p "$w/corpus" "$w/artifacts"
	cp "$fz/corpus/$1"/* "$w/corpus/" 2>/dev/null || true
	start=$(date +%s)
	set +e
	# shellcheck disable=SC2046,SC2086
	"$out/fuzz_$1" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$w/artifacts/" $(fuzz_opts "$1") \
		${FUZZ_OPTS:-} "$w/corpus" >"$w/fuzz.log" 2>&1
	echo $? >"$w/rc"
	set -e
	echo $(($(date +%s) - start)) >"$w/elapsed"
}

report_one() {	# target; returns 1 on a crash
	w="$out/work/$1"
	rc=$(cat "$w/rc")
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$w/fuzz.log" | tail -n 1)
	corpus=$(find "$w/corpus" -type f | wc -l)
	crashes=$(find "$w/artifacts" -type f | wc -l)
	if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then
		echo "fuzz_$1: ${runs:-?} executions in $(cat "$w/elapsed") s, corpus $corpus inputs, no crash"
		return 0
	fi
	echo "fuzz_$1: ${runs:-?} executions in $(cat "$w/elapsed") s, CRASH (exit $rc, log: $w/fuzz.log)"
	mkdir -p "$fz/crashes"
	for a in "$w/artifacts"/*; do
		[ -f "$a" ] || continue
		cp "$a" "$fz/crashes/$1-$(basename "$a")"
		echo "    input saved as $fz/crashes/$1-$(basename "$a")"
	done
	where "$w/fuzz.log"
	return 1
}

# shellcheck disable=SC2086
set -- $targets
while [ $# -gt 0 ]; do
	batch=""
	n=0
	while [ $# -gt 0 ] && [ "$n" -lt "$jobs" ]; do
		batch="$batch $1"
		shift
		n=$((n + 1))
	done
	echo "fuzz: running$batch for $seconds s"
	for t in $batch; do
		fuzz_one "$t" &
	done
	wait
	for t in $batch; do
		if report_one "$t"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done
done

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
