#!/usr/bin/env bash
# Refresh the committed postal code base from the npm package codes-postaux
# (Base Adresse Nationale; built from INSEE's COG and DGFiP's FIMOCT, the
# postal codes La Poste uses). Run it with refresh-geography.sh each January,
# review the diff, commit.
#
#   tools/refresh-postal.sh [VERSION]
#
# Writes data/geography/postal_codes.csv, one row per distinct
#   (postal_code, commune_code, commune_name, routing_name, line5)
# sorted by postal_code, commune_code, line5, and the postal_* lines of
# data/geography/VINTAGE (the other lines are kept).
# Every row is kept, overseas collectivities included (975xx...): pana uses
# them to recognise territories that the report leaves out. commune_code may be
# a municipal arrondissement (75101, 13201, 69381) or a code that a later COG
# merged: the resolver maps it through communes.csv like any other code.
# The small codes-postaux.json is used, not codes-postaux-full.json (one row per
# street-level delivery code, the same pairs repeated).
set -euo pipefail
version=${1:-4.1.2}
here=$(cd "$(dirname "$0")/.." && pwd)
out=$here/data/geography
command -v npm >/dev/null || { echo "refresh-postal: npm is required" >&2; exit 1; }
command -v jq >/dev/null || { echo "refresh-postal: jq is required" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "codes-postaux@$version" >/dev/null && tar xzf ./*.tgz)
src=$tmp/package/codes-postaux.json
[ -s "$src" ] || { echo "refresh-postal: $src missing from codes-postaux@$version" >&2; exit 1; }
licence=$(jq -r '.license // "unknown"' "$tmp/package/package.json")
mkdir -p "$out"

jq -r '["postal_code","commune_code","commune_name","routing_name","line5"],
       ( [ .[] | [.codePostal, .codeCommune, .nomCommune,
                  (.libelleAcheminement // ""), (.ligne5 // "")] ]
         | unique
         | sort_by(.[0], .[1], .[4])
         | .[] )
       | @csv' "$src" | tr -d '\r' >"$out/postal_codes.csv.tmp"
rows=$(($(wc -l <"$out/postal_codes.csv.tmp") - 1))
[ "$rows" -gt 30000 ] || { echo "refresh-postal: only $rows rows, refusing" >&2; exit 1; }
mv "$out/postal_codes.csv.tmp" "$out/postal_codes.csv"

# VINTAGE: keep every line that is not ours, then append ours.
touch "$out/VINTAGE"
{ grep -v '^postal_' "$out/VINTAGE" || true
  printf 'postal_source=codes-postaux\npostal_version=%s\npostal_licence=%s (package); data from INSEE COG and DGFiP FIMOCT, Licence Ouverte\n' \
      "$version" "$licence"
} >"$out/VINTAGE.tmp"
mv "$out/VINTAGE.tmp" "$out/VINTAGE"
echo "refresh-postal: $rows rows, $(cut -d, -f1 "$out/postal_codes.csv" | sed 1d | sort -u | wc -l) postal codes"
