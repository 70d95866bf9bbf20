#!/bin/sh
# Installs, with apt-get, the Debian packages pana needs to build, run and
# test, when some are missing. Used by `make demo`, `make check` and .ci/run,
# so that a fresh Debian machine needs nothing else.
set -eu
pkgs="gcc make pkg-config libcsv-dev libsqlite3-dev sqlite3 libgsl-dev \
libcairo2-dev libpng-dev libpango1.0-dev libglib2.0-dev libunistring-dev fonts-dejavu-core libinih-dev libjansson-dev \
libssl-dev libpcre2-dev poppler-utils python3 jq time"
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "deps: missing packages:$missing (run as root or install them)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
