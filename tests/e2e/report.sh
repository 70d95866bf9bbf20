#!/bin/sh
# The yearly report as its readers get it: the PDF's pages, metadata,
# outline and text; every chart as PNG and SVG, every table as CSV;
# byte-identical charts and the same text from the same database; English
# labels; sections and formats chosen in config.ini.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
"$PANA_BIN/pana-gen" --size small --seed 2 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" >"$w/out.txt" 2>"$w/err.txt"
check_eq "pana-run" $? 0
pdf=$(tail -n 1 "$w/out.txt")
dir=$(dirname "$pdf")
check_eq "the report folder" "$dir" "$w/reports/2026"

# The Lorenz curve drawn and the Gini printed come from the same counts:
# pana-stats stores both; the index is 1 - sum (f_j - f_j-1)(l_j + l_j-1).
gini=$(sqlite3 "$w/pana.sqlite" "SELECT printf('%.9f', gini) FROM coverage_summary WHERE year = 2026")
curve=$(sqlite3 "$w/pana.sqlite" "SELECT printf('%.9f', 1 - sum(d)) FROM (SELECT
	(share_units - lag(share_units) OVER w) * (share_structures + lag(share_structures) OVER w) d
	FROM coverage_lorenz WHERE year = 2026 AND level = 'department' WINDOW w AS (ORDER BY point))")
check "the Lorenz curve is stored" [ "$(sqlite3 "$w/pana.sqlite" "SELECT count(*) FROM coverage_lorenz WHERE year = 2026")" -gt 3 ]
check_eq "the Gini of coverage_summary is that of the stored Lorenz curve" "$curve" "$gini"

# The funnel's limit curves are stored by pana-stats (coverage_funnel), the
# report draws them as stored: each checked against Poisson quantiles
# computed here from the regularized incomplete gamma function (a series,
# bisection; no GSL), to 1e-6 relative.
sqlite3 -separator ' ' "$w/pana.sqlite" "SELECT probability, expected, lower, upper
	FROM coverage_funnel WHERE year = 2026 AND level = 'department' AND point % 37 = 0
	ORDER BY probability, point" >"$w/funnel.txt"
check "the funnel limits are stored for 95 % and 99.8 %" [ "$(sqlite3 "$w/pana.sqlite" \
	"SELECT group_concat(p) FROM (SELECT DISTINCT probability p FROM coverage_funnel WHERE year = 2026 ORDER BY 1)")" = "0.95,0.998" ]
check "the funnel limits are Poisson quantiles" python3 - "$w/funnel.txt" <<'PY'
import math, sys
def pgamma(a, x):
    # P(a, x) = e^-x x^a / Gamma(a + 1) * sum x^n / ((a + 1)...(a + n))
    if x <= 0:
        return 0.0
    t = math.exp(-x + a * math.log(x) - math.lgamma(a + 1))
    s, n = t, 0
    while t > 1e-17 * s:
        n += 1
        t *= x / (a + n)
        s += t
    return s
def qgamma(p, a):
    lo, hi = 0.0, a + 20 * math.sqrt(a) + 20
    for _ in range(200):
        mid = (lo + hi) / 2
        if pgamma(a, mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
assert len(rows) >= 6, rows
for pr, e, lower, upper in rows:
    want_lo = qgamma((1 - pr) / 2, e) / e
    want_hi = qgamma(1 - (1 - pr) / 2, e + 1) / e
    for got, want in ((lower, want_lo), (upper, want_hi)):
        if abs(got - want) > 1e-6 * max(1.0, abs(want)):
            sys.exit("E = %g, probability %g: %.9g, want %.9g" % (e, pr, got, want))
    assert lower < 1 < upper
PY

pdfinfo "$pdf" >"$w/info.txt"
pages=$(sed -n 's/^Pages: *//p' "$w/info.txt")
check "at least 12 pages (got $pages)" [ "${pages:-0}" -ge 12 ]
check "A4" grep -q 'Page size: *595.28 x 841.89' "$w/info.txt"
check_eq "title" "$(sed -n 's/^Title: *//p' "$w/info.txt")" "Le numérique dans les associations"
check_eq "author" "$(sed -n 's/^Author: *//p' "$w/info.txt")" "Réseau national des PANA"
check "subject" grep -q '^Subject: .*numérique' "$w/info.txt"
check "creation date" grep -q '^CreationDate: .*2026' "$w/info.txt"

# The outline (bookmarks): titles as cairo writes them, decoded.
python3 "$PANA_TOP/tests/e2e/outline.py" "$pdf" >"$w/outline.txt"
for title in "Chiffres clés" "Couverture" "Carte des départements" "Compétences numériques" \
	"Évolutions" "Enquêtes" "Annexe : qualité des données" "Méthodologie"; do
	check "outline entry '$title'" grep -qx "$title" "$w/outline.txt"
done

pdftotext -layout "$pdf" "$w/text.txt"
for s in "Île-de-France" "Provence-Alpes-Côte d'Azur" "Auvergne-Rhône-Alpes" "hors RNA" \
	"Structures pour 1 000 associations actives, par département" "Courbe de Lorenz" \
	"Niveau moyen par domaine" "Répartition des niveaux par région" "Taille effective" \
	"Fichiers sources" "Règles de placement" "Benjamini-Hochberg" "p. 3"; do
	check "the text holds '$s'" grep -qi "$s" "$w/text.txt"
done
# A figure of the report, as the database has it.
rate=$(sqlite3 "$w/pana.sqlite" "SELECT printf('%.2f', 1000.0 * sum(observed) / sum(associations))
	FROM coverage_stats WHERE year = 2026 AND level = 'department' AND associations IS NOT NULL" | tr . ,)
check "the national rate $rate is printed" grep -q "$rate" "$w/text.txt"

for c in carte-departements couverture-regions entonnoir-departements lorenz-departements \
	profil-national competences-regions niveaux-regions evolution-competences; do
	check "chart $c.png" [ -s "$dir/charts/$c.png" ]
	check "chart $c.svg" grep -q "<svg" "$dir/charts/$c.svg"
done
for t in couverture-regions couverture-departements competences-nationales tests-regions \
	evolution-competences enquetes fichiers-sources regles-placement; do
	check "table $t.csv starts with a BOM" sh -c "head -c 3 '$dir/tables/$t.csv' | od -An -tx1 | grep -q 'ef bb bf'"
done
check "CSV cells separated by ';' with a decimal comma" grep -q '^"75";"Paris";[0-9]*;[0-9]*;[0-9]*,[0-9]' "$dir/tables/couverture-departements.csv"

# Determinism: the same database gives the same charts, tables and text.
cp -r "$dir" "$w/first"
"$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null
check_eq "pana-report again" $? 0
same=1
for f in "$w"/first/charts/*.png "$w"/first/charts/*.svg "$w"/first/tables/*.csv; do
	cmp -s "$f" "$dir/${f#"$w"/first/}" || { same=0; echo "differs: $f" >&2; }
done
check "charts and tables byte-identical" [ "$same" -eq 1 ]
pdftotext -layout "$pdf" "$w/text2.txt"
check "the PDF's text is the same" cmp -s "$w/text.txt" "$w/text2.txt"
check "no half-written folder left" [ -z "$(ls -A "$w/reports" | grep -v '^2026$')" ]

# The words quote config.ini's false discovery rate and confidence: 5 % and
# 95 % by default, and whatever fdr and confidence say once they are changed
# (legends, table headers and methodology alike).
flat() { tr -s ' \n' '  ' <"$1"; }
flat "$w/text.txt" >"$w/text-flat.txt"
check "FDR 5 % in the text" grep -q 'fausses découvertes de 5 %' "$w/text-flat.txt"
check "q ≤ 0,05 in the legends" grep -q 'q ≤ 0,05)' "$w/text-flat.txt"
check "IC 95 % in the tables" grep -q 'IC 95 %' "$w/text-flat.txt"
sed -i 's/^fdr = .*/fdr = 0.1/; s/^confidence = .*/confidence = 0.9/' "$w/config.ini"
"$PANA_BIN/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null
check_eq "pana-report with fdr = 0.1, confidence = 0.9" $? 0
pdftotext -layout "$pdf" "$w/fdr.txt"
flat "$w/fdr.txt" >"$w/fdr-flat.txt"
check "FDR 10 % in the text" grep -q 'fausses découvertes de 10 %' "$w/fdr-flat.txt"
check "q ≤ 0,1 in the legends" grep -q 'q ≤ 0,1)' "$w/fdr-flat.txt"
check "IC 90 % in the tables" grep -q 'IC 90 %' "$w/fdr-flat.txt"
check "90 % in the interval legends" grep -q 'intervalle de confiance à 90' "$w/fdr-flat.txt"
check "5 % and 95 % no longer said" sh -c "! grep -q 'découvertes de 5 %\\|q ≤ 0,05\\|IC 95 %\\|confiance à 95' '$w/fdr-flat.txt'"
sed -i 's/^fdr = .*/fdr = 0.05/; s/^confidence = .*/confidence = 0.95/' "$w/config.ini"

# English labels.
sed -i 's/^language = fr/language = en/' "$w/config.ini"
"$PANA_BIN/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null
pdftotext -layout "$pdf" "$w/en.txt"
for s in "Key figures" "Coverage" "Digital competences" "Methodology" "not in RNA"; do
	check "English: '$s'" grep -q "$s" "$w/en.txt"
done
check "English: no French heading" sh -c "! grep -q 'Chiffres clés' '$w/en.txt'"
flat "$w/en.txt" >"$w/en-flat.txt"
check "English: the FDR as a percentage" grep -q '5% false discovery rate' "$w/en-flat.txt"
check "English: 95% CI" grep -q '95% CI' "$w/en-flat.txt"

# Sections and formats.
sed -i 's/^language = en/language = fr\nsections = coverage\nformats = csv/' "$w/config.ini"
"$PANA_BIN/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null
check_eq "csv only" "$(ls "$dir")" "tables"
check_eq "coverage tables only" "$(ls "$dir/tables" | tr '\n' ' ')" \
	"couverture-departements.csv couverture-regions.csv "
sed -i 's/^sections = coverage/sections = coverage, nonsense/' "$w/config.ini"
"$PANA_BIN/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null 2>"$w/bad.txt"
check "an unknown section is refused" [ $? -ne 0 ]
check "with a clear message" grep -q "sections: 'nonsense' is not one of them" "$w/bad.txt"
check "and the previous report stays" [ -s "$dir/tables/couverture-regions.csv" ]

# pana-report draws from the statistics of the data and config.ini as
# they are: once config.ini changes, it asks for pana-stats first.
sed -i 's/^sections = coverage, nonsense/sections = coverage/; s/^fdr = .*/fdr = 0.2/' "$w/config.ini"
"$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null 2>"$w/stale.txt"
check_eq "stale statistics: exit status" $? 4
check "stale statistics: run pana-stats first" grep -q "run pana-stats first" "$w/stale.txt"
t_done report
