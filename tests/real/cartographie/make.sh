#!/usr/bin/env bash
# Rebuild the real-export corpus of the lieux directory from the national
# cartography client (npm @gouvfr-anct/cartographie-nationale, Licence Ouverte 2.0).
# Not run by CI: the outputs are committed. Needs npm, jq and iconv.
#
#   tests/real/cartographie/make.sh [VERSION]
#
# Writes, beside this script:
#   lieux_cartographie.csv              current column names, UTF-8, ',', LF,
#                                       quoted only where needed, lists joined with '|'
#   lieux_cartographie_v_anterieure.csv the same rows under the source's own
#                                       (earlier) column names, lists joined with ';'
#   lieux_cartographie_excel.csv        the first file as French Excel saves it:
#                                       Windows-1252, ';', CRLF, decimal comma,
#                                       dd/mm/yyyy, numbers without leading zeros
# Values are copied as they are: labels of the earlier standard are not mapped
# (schemas/structures.mapping.json is for pana to do that), names are not fixed.
set -euo pipefail
version=${1:-5.22.0}
here=$(cd "$(dirname "$0")" && pwd)
for t in npm jq iconv; do
    command -v "$t" >/dev/null || { echo "make.sh: $t is required" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@gouvfr-anct/cartographie-nationale@$version" >/dev/null && tar xzf ./*.tgz)
src=$tmp/package/assets/data/source.json
[ -s "$src" ] || { echo "make.sh: assets/data/source.json missing from version $version" >&2; exit 1; }
n=$(jq length "$src")
echo "make.sh: $n structures in @gouvfr-anct/cartographie-nationale@$version assets/data/source.json" >&2

# Shared jq definitions.
# cell(sep): one CSV cell, quoted only when it holds the separator, a quote, CR or LF.
# list: an earlier list (';'-separated) joined with '|'.
# cur: the row under the current column names.
defs='
def str: if . == null then "" elif type == "string" then . else tostring end;
def cell(sep): str | if test("[\"\r\n" + sep + "]") then "\"" + gsub("\""; "\"\"") + "\"" else . end;
def list: if . == null then null else split(";") | join("|") end;
def columns: ["id","pivot","nom","commune","code_postal","code_insee","adresse",
  "complement_adresse","latitude","longitude","typologie","telephone","courriels",
  "site_web","horaires","presentation_resume","presentation_detail","source",
  "itinerance","structure_parente","services","publics_specifiquement_adresses",
  "prise_en_charge_specifique","frais_a_charge","dispositif_programmes_nationaux",
  "formations_labels","autres_formations_labels","modalites_acces",
  "modalites_accompagnement","fiche_acces_libre","prise_rdv","date_maj"];
def cur: {
  id, pivot, nom, commune, code_postal, code_insee, adresse, complement_adresse,
  latitude, longitude, typologie: (.typologie | list), telephone,
  courriels: ((.courriels // .courriel) | list), site_web: (.site_web | list),
  horaires, presentation_resume, presentation_detail, source, itinerance,
  structure_parente, services: (.services | list),
  publics_specifiquement_adresses: ((.publics_specifiquement_adresses // .publics_accueillis) | list),
  prise_en_charge_specifique: (.prise_en_charge_specifique | list),
  frais_a_charge: ((.frais_a_charge // .conditions_acces) | list),
  dispositif_programmes_nationaux: ((.dispositif_programmes_nationaux // .labels_nationaux) | list),
  formations_labels: (.formations_labels | list),
  autres_formations_labels: ((.autres_formations_labels // .labels_autres) | list),
  modalites_acces: (.modalites_acces | list),
  modalites_accompagnement: (.modalites_accompagnement | list),
  fiche_acces_libre: (.fiche_acces_libre // .accessibilite), prise_rdv, date_maj };
'

# 1. Current column names.
jq -r "$defs"'
  columns as $c
  | ($c | join(",")),
    (.[] | cur as $r | [$c[] | $r[.] | cell(",")] | join(","))' \
    "$src" >"$here/lieux_cartographie.csv"

# 2. The source's own column names, in the order they first appear.
jq -r "$defs"'
  ([.[] | keys_unsorted[]] | reduce .[] as $k ([]; if index([$k]) then . else . + [$k] end)) as $c
  | ($c | join(",")),
    (.[] | . as $r | [$c[] | $r[.] | cell(",")] | join(","))' \
    "$src" >"$here/lieux_cartographie_v_anterieure.csv"

# 3. French Excel: what a spreadsheet makes of the first file once saved as
# "CSV (séparateur: point-virgule)".
jq -r "$defs"'
  def nozeros: if test("^[0-9]+$") then (sub("^0+"; "") | if . == "" then "0" else . end) else . end;
  def comma: str | sub("\\."; ",");
  def frdate: str | if test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$") then "\(.[8:10])/\(.[5:7])/\(.[0:4])" else . end;
  columns as $c
  | ($c | join(";")),
    (.[] | cur
     | .pivot |= (str | nozeros)
     | .code_postal |= (str | nozeros)
     | .code_insee |= (str | nozeros)
     | .latitude |= comma | .longitude |= comma
     | .date_maj |= frdate
     | . as $r | [$c[] | $r[.] | cell(";")] | join(";"))' \
    "$src" | sed 's/$/\r/' | iconv -f UTF-8 -t WINDOWS-1252 >"$here/lieux_cartographie_excel.csv"

wc -l "$here"/lieux_cartographie*.csv >&2
