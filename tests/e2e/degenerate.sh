#!/bin/sh
# Degenerate inboxes still give the whole report: no structure file, no
# diagnostic, no survey, a single region (one department's RNA file, or the
# national file cut down to one department), associations only, no
# registry, nothing at all. Each inbox is cut from pana-gen's output. Every
# run ends with status 0 and a PDF of every section; each chart or table
# with nothing to show says "Aucune donnée" (PDF text, and the empty frame
# in the chart's SVG, its PNG written too) and the others do not; no "nan"
# or "inf" is printed; statistics that are not defined are NULL.
set -u
. "$(dirname "$0")/lib.inc"
all=$(mktemp -d /tmp/pana-e2e.XXXXXX)
dirs=$all
trap 'rm -rf $dirs' EXIT
"$PANA_BIN/pana-gen" --size small --seed 2 --geography "$PANA_TOP/data/geography" \
	--out "$all" >/dev/null || { ko "pana-gen"; t_done degenerate; exit; }
NODATA="Aucune donnée"

# The charts, and the title each has in the PDF.
charts="carte-departements couverture-regions entonnoir-departements lorenz-departements
	profil-national competences-regions niveaux-regions evolution-competences"
chart_title() {
	case $1 in
	carte-departements) echo "Structures pour 1 000 associations actives, par département" ;;
	couverture-regions) echo "Structures d'appui pour 1 000 associations actives, par région" ;;
	entonnoir-departements) echo "Structures observées et attendues, par département" ;;
	lorenz-departements) echo "Concentration de l'offre : courbe de Lorenz des départements" ;;
	profil-national) echo "Niveau moyen par domaine, France entière" ;;
	competences-regions) echo "Niveau moyen par région et par domaine (estimation bayésienne)" ;;
	niveaux-regions) echo "Répartition des niveaux par région, tous domaines" ;;
	evolution-competences) echo "Évolution du niveau moyen sur un an" ;;
	esac
}
# The tables that may be empty, and their captions.
tables="competences-nationales tests-regions evolution-competences enquetes"
table_caption() {
	case $1 in
	competences-nationales) echo "Compétences par domaine, France entière" ;;
	tests-regions) echo "Tests d'indépendance entre région et niveau" ;;
	evolution-competences) echo "Évolution sur un an, France entière" ;;
	enquetes) echo "Indicateurs d'enquête" ;;
	esac
}

# follows FILE TEXT N -- the no-data message is on one of the N non-blank
# lines after the first line holding TEXT.
follows() {
	awk -v t="$2" -v n="$3" -v msg="$NODATA" '
		!seen && index($0, t) { seen = 1; left = n; next }
		left > 0 && NF { if (index($0, msg)) found = 1; left-- }
		END { exit !found }' "$1"
}

# A department of the national RNA file (records may span lines).
rna_department() {	# rna_department DEPT FILE
	awk -v d="$1" 'NR == 1 { print; next }
		{ rec = rec $0 "\n"; q += gsub(/"/, "&") }
		q % 2 == 0 {
			if (match(rec, "\";\"" d "[0-9][0-9][0-9]\";\"[0-9][0-9][0-9][0-9][0-9]\";\""))
				printf "%s", rec
			rec = ""; q = 0
		}' "$2"
}

# The lieux and diagnostics of a department (code_insee, sixth column).
keep_department() {	# keep_department DEPT OUTDIR
	awk -F, -v d="$1" 'NR == 1 || index($6, d) == 1' "$all/lieux-mediation-numerique.csv" \
		>"$2/lieux-mediation-numerique.csv"
	for f in "$all"/diagnostics_*.csv; do
		awk -F';' -v d="$1" 'NR == 1 || index($6, d) == 1' "$f" >"$2/$(basename "$f")"
	done
}

# Statistics that must be NULL where they are not defined, and never an
# infinity (NaN cannot be stored: it would be NULL). Each query counts
# the offending rows.
stats_checks() {	# stats_checks CASE DB
	for t in coverage_stats coverage_summary competence_stats competence_tests \
		competence_change survey_stats; do
		cond=$(sqlite3 "$2" "SELECT group_concat('abs(' || name || ') > 1e308', ' OR ')
			FROM pragma_table_info('$t') WHERE type = 'REAL'")
		check_eq "$1: no infinity in $t" \
			"$(sqlite3 "$2" "SELECT count(*) FROM $t WHERE $cond")" 0
	done
	check_eq "$1: no O/E nor test where nothing is expected" "$(sqlite3 "$2" \
		"SELECT count(*) FROM coverage_stats WHERE coalesce(expected, 0) = 0
		AND (oe IS NOT NULL OR oe_low IS NOT NULL OR p_value IS NOT NULL OR q_value IS NOT NULL)")" 0
	check_eq "$1: no rate per association without associations" "$(sqlite3 "$2" \
		"SELECT count(*) FROM coverage_stats WHERE coalesce(associations, 0) = 0
		AND per_1000_assoc IS NOT NULL")" 0
	check_eq "$1: no Gini under two departments or without structures" "$(sqlite3 "$2" \
		"SELECT count(*) FROM coverage_summary s WHERE gini IS NOT NULL AND (
		(SELECT count(*) FROM coverage_stats c WHERE c.year = s.year
			AND level = 'department' AND associations > 0) < 2 OR
		(SELECT coalesce(sum(observed), 0) FROM coverage_stats c WHERE c.year = s.year
			AND level = 'department' AND associations > 0) = 0)")" 0
	check_eq "$1: no competence figure without diagnostics" "$(sqlite3 "$2" \
		"SELECT count(*) FROM competence_stats WHERE n = 0 AND (mean IS NOT NULL OR
		sd IS NOT NULL OR median IS NOT NULL OR share_ge3 IS NOT NULL OR eb_mean IS NOT NULL)")" 0
	check_eq "$1: no raking figure where no weight could be made" "$(sqlite3 "$2" \
		"SELECT count(*) FROM survey_stats WHERE n_eff IS NULL AND suppressed = 0
		AND (raking_converged IS NOT NULL OR raking_iterations IS NOT NULL)")" 0
}

# degenerate CASE NODATA_CHARTS EMPTY_TABLES -- runs the inbox of $w and
# checks the report. The inbox must be in $w/inbox.
degenerate() {
	name=$1
	nodata=" $(echo $2) "
	empty=" $(echo $3) "
	"$PANA_BIN/pana-run" -c "$w/config.ini" -q >"$w/out.txt" 2>"$w/err.txt"
	st=$?
	check_eq "$name: pana-run $(head -c 300 "$w/err.txt")" "$st" 0
	pdf=$w/reports/2026/pana-2026.pdf
	dir=$w/reports/2026
	check "$name: the PDF is written" [ -s "$pdf" ]
	pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	check "$name: 14 to 20 pages (got ${pages:-none})" \
		[ "${pages:-0}" -ge 14 -a "${pages:-0}" -le 20 ]
	# Without the form feeds that start the pages.
	pdftotext -layout "$pdf" - 2>/dev/null | tr -d '\f' >"$w/text.txt"
	missing=""
	for s in "Chiffres clés" "Couverture" "Compétences numériques" "Évolutions" "Enquêtes" \
		"Annexe : qualité des données" "Méthodologie"; do
		grep -q "^$s\$" "$w/text.txt" || missing="$missing '$s'"
	done
	check_eq "$name: every section" "$missing" ""
	for c in $charts; do
		want=has
		case $nodata in *" $c "*) want=none ;; esac
		got=has
		follows "$w/text.txt" "$(chart_title "$c")" 1 && got=none
		check_eq "$name: chart $c in the PDF: no data" "$got" "$want"
		got=has
		grep -q 'fill:rgb(96.5%,96.5%,96.5%)' "$dir/charts/$c.svg" 2>/dev/null && got=none
		check_eq "$name: chart $c.svg: no data" "$got" "$want"
		check "$name: chart $c.png" [ -s "$dir/charts/$c.png" ]
	done
	for t in $tables; do
		want=has
		case $empty in *" $t "*) want=none ;; esac
		got=has
		follows "$w/text.txt" "$(table_caption "$t")" 4 && got=none
		check_eq "$name: table $t in the PDF: no data" "$got" "$want"
		got=has
		[ "$(wc -l <"$dir/tables/$t.csv" 2>/dev/null)" = 1 ] && got=none
		check_eq "$name: table $t.csv: header only" "$got" "$want"
	done
	check "$name: no nan or inf in the PDF" sh -c \
		"! grep -iwqE 'nan|-nan|inf|infinity' '$w/text.txt' && ! grep -q '∞' '$w/text.txt'"
	check "$name: no nan or inf in the CSV tables" sh -c \
		"! cat '$dir'/tables/*.csv | grep -iwqE 'nan|-nan|inf|infinity'"
	stats_checks "$name" "$w/pana.sqlite"
}

new_case() {
	w=$(t_workdir)
	dirs="$dirs $w"
}

competences="profil-national competences-regions niveaux-regions evolution-competences"
comp_tables="competences-nationales tests-regions evolution-competences"

# No structure file: nothing to concentrate nor to test against E = 0.
new_case
cp "$all"/rna_*.csv "$all"/diagnostics_*.csv "$all"/survey_*.csv "$w/inbox"
degenerate no-structure "entonnoir-departements lorenz-departements" ""

# No diagnostic: the competences and their trend have no data.
new_case
cp "$all"/rna_*.csv "$all"/lieux-*.csv "$all"/survey_*.csv "$w/inbox"
degenerate no-diagnostic "$competences" "$comp_tables"

# No survey.
new_case
cp "$all"/rna_*.csv "$all"/lieux-*.csv "$all"/diagnostics_*.csv "$w/inbox"
degenerate no-survey "" "enquetes"

# One region: Guadeloupe's own RNA file, its structures and diagnostics. A
# single department has nothing to be compared with: no Lorenz curve.
new_case
cp "$all"/rna_*_dpt_971.csv "$w/inbox"
keep_department 971 "$w/inbox"
degenerate one-region "lorenz-departements" "tests-regions enquetes"

# One department of the national file, cut with awk: Côte-d'Or.
new_case
rna_department 21 "$all/rna_waldec_20261101.csv" >"$w/inbox/rna_waldec_20261101.csv"
keep_department 21 "$w/inbox"
check "one-department: the RNA cut holds Côte-d'Or only" sh -c \
	"[ \$(wc -l <'$w/inbox/rna_waldec_20261101.csv') -gt 100 ] &&
	! grep -q '\";\"75[0-9][0-9][0-9]\";\"' '$w/inbox/rna_waldec_20261101.csv'"
degenerate one-department "lorenz-departements" "tests-regions enquetes"

# Associations only.
new_case
cp "$all"/rna_*.csv "$w/inbox"
degenerate associations-only "entonnoir-departements lorenz-departements $competences" \
	"$comp_tables enquetes"

# No registry: structures, diagnostics and a survey, but no RNA file. No
# rate per association anywhere, and the survey cannot be weighted.
new_case
cp "$all"/lieux-*.csv "$all"/diagnostics_*.csv "$all"/survey_*.csv "$w/inbox"
degenerate no-registry "carte-departements couverture-regions entonnoir-departements
	lorenz-departements" ""
check_eq "no-registry: survey not weighted, raw mean kept" "$(sqlite3 "$w/pana.sqlite" \
	"SELECT count(*) FROM survey_stats WHERE mean IS NULL AND raking_converged IS NULL
	AND unweighted_mean IS NOT NULL")" 4

# Nothing at all, then the same report in English.
new_case
degenerate empty "$charts" "$comp_tables enquetes"
sed -i 's/^language = fr/language = en/' "$w/config.ini"
"$PANA_BIN/pana-stats" -c "$w/config.ini" -q 2>/dev/null; "$PANA_BIN/pana-report" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "empty, in English: pana-report" $? 0
pdftotext -layout "$w/reports/2026/pana-2026.pdf" "$w/en.txt" 2>/dev/null
check "empty, in English: 'No data' for each chart and table" \
	[ "$(grep -c 'No data' "$w/en.txt")" -ge 12 ]
check "empty, in English: no French 'Aucune donnée'" sh -c "! grep -q '$NODATA' '$w/en.txt'"
t_done degenerate
