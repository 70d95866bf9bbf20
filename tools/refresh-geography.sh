#!/usr/bin/env bash
# Refresh the committed copy of the Code Officiel Géographique from the npm
# package @etalab/decoupage-administratif (Licence Ouverte). Run it each January
# when INSEE publishes a new vintage, review the diff, commit.
#
#   tools/refresh-geography.sh [VERSION] [COG_YEAR]
#
# Writes data/geography/{regions,departments,communes,epci}.csv and VINTAGE
# (keeping the postal_* lines of tools/refresh-postal.sh).
# Overseas collectivities (975, 977, 978, 984, 986-989) are left out: the
# registry of associations and the support-structure directory do not cover them.
set -euo pipefail
version=${1:-6.0.0}
cog=${2:-2026}
here=$(cd "$(dirname "$0")/.." && pwd)
out=$here/data/geography
command -v npm >/dev/null || { echo "refresh-geography: npm is required" >&2; exit 1; }
command -v jq >/dev/null || { echo "refresh-geography: jq is required" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@etalab/decoupage-administratif@$version" >/dev/null && tar xzf ./*.tgz)
d=$tmp/package/data
mkdir -p "$out"

# Keep the 18 regions (5 DROM + 13 metropolitan) and their 101 departments.
jq -r '["code","name"], (.[] | select(.zone != "com") | [.code, .nom]) | @csv' \
    "$d/regions.json" | tr -d '\r' >"$out/regions.csv.tmp"
jq -r '["code","name","region_code"],
       (.[] | select(.zone != "com") | [.code, .nom, .region]) | @csv' \
    "$d/departements.json" >"$out/departments.csv.tmp"

# One row per commune-like object. type: commune-actuelle, commune-deleguee,
# commune-associee, arrondissement-municipal. parent: the current commune a
# delegated/associated commune or a municipal arrondissement belongs to.
# The EPCI membership comes from epci.json.
jq -r --slurpfile epci "$d/epci.json" '
  ([$epci[0][] | .code as $e | .membres[] | {(.code): $e}] | add) as $member
  | ["code","name","type","parent","department_code","region_code","epci_code",
     "population","postal_codes","old_codes"],
    (.[] | select(.zone != "com")
     | [.code, .nom, .type,
        (if .type == "arrondissement-municipal" then .commune
         elif .type == "commune-actuelle" then ""
         else .chefLieu end),
        .departement, .region,
        (if .type == "commune-actuelle" then ($member[.code] // "") else "" end),
        (.population // ""),
        ((.codesPostaux // []) | join("|")),
        ((.anciensCodes // []) | join("|"))])
  | @csv' "$d/communes.json" >"$out/communes.csv.tmp"

jq -r '["code","name","type","population"],
       (.[] | [.code, .nom, .type, .populationMunicipale]) | @csv' \
    "$d/epci.json" >"$out/epci.csv.tmp"

for f in regions departments communes epci; do
    mv "$out/$f.csv.tmp" "$out/$f.csv"
done
# VINTAGE: ours first, then the postal_* lines that refresh-postal.sh wrote.
{ printf 'source=@etalab/decoupage-administratif\nversion=%s\ncog=%s\nlicence=Licence Ouverte / MIT\n' \
      "$version" "$cog"
  grep '^postal_' "$out/VINTAGE" 2>/dev/null || true
} >"$out/VINTAGE.tmp"
mv "$out/VINTAGE.tmp" "$out/VINTAGE"
wc -l "$out"/*.csv
