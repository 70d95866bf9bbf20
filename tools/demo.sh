#!/bin/sh
# `make demo`: generate the bundled sample data into var/inbox, run the
# nightly job on it with config.ini, and print where the PDF is.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mkdir -p var/inbox
bin/pana-gen --size small --seed 1 --out var/inbox >/dev/null
# The generator is done: its files are complete, so date them past
# [ingest] settle_minutes rather than wait for them to settle.
touch -d '1 hour ago' var/inbox/*.csv
# The sample data holds bad rows on purpose: they are quarantined, and
# the run still succeeds.
bin/pana-run -c config.ini
pdf=$(ls -1 "$top"/reports/*/pana-*.pdf 2>/dev/null | tail -n 1)
echo
echo "Report: $pdf"
