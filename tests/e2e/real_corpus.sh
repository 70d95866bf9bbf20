#!/bin/sh
# Real-format exports of tests/real/ (the lieux directory as the national
# cartography bundles it, current and earlier column names, saved by French
# Excel; real RNA rows; survey tools' own layouts), each checked record by
# record against its expected outcome: see tests/e2e/real_corpus.py.
#   sh tests/e2e/real_corpus.sh [CASE...]    (CASE: a folder of tests/real/)
. "$(dirname "$0")/lib.inc"
exec python3 "$PANA_TOP/tests/e2e/real_corpus.py" "$PANA_BIN" "$PANA_TOP" "$@"
