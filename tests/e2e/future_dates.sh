#!/bin/sh
# Dates later than today are warnings: a diagnostic dated 2099 does not
# make the report year 2099, and an association's maj_time in 2099 does
# not win over the real updates that come after it.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
"$PANA_BIN/pana-gen" --size small --seed 6 --out "$w/inbox" >/dev/null
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "first run" $? 0
year=$(date -u +%Y)

# One diagnostic dated 2099.
printf 'id_diagnostic;date;id_structure;rna;siret;code_insee;code_postal;taille;secteur;communication\nfuture-1;2099-06-01;;W751000001;;75111;75011;0;Sport;4\n' >"$w/inbox/diagnostics_future.csv"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "a diagnostic dated 2099: the run" $? 0
check "it is a warning" [ "$(sqlite3 "$db" "SELECT count(*) FROM warning WHERE rule = 'future-date' AND value = '2099-06-01'")" -eq 1 ]
check_eq "the report year stays" "$(ls "$w/reports")" 2026
check_eq "the last report is of 2026" \
	"$(sqlite3 "$db" "SELECT message FROM run WHERE stage = 'report' ORDER BY id DESC LIMIT 1")" \
	"report 2026 written to '$w/reports/2026'"

# An association updated "in 2099", then for real: the real update wins.
rna=$(ls "$w/inbox"/rna_*.csv | head -n 1)
id=$(sed -n 2p "$rna" | cut -d';' -f1 | tr -d '"')
row() {	# row TITLE MAJ_TIME -- the header and the first association, retitled and redated
	head -n 1 "$rna"
	sed -n 2p "$rna" | awk -F';' -v OFS=';' -v t="\"$1\"" -v m="\"$2\"" '{ $12 = t; $NF = m; print }'
}
row "Titre de 2099" "2099-01-01 00:00:00" >"$w/inbox/rna_waldec_future.csv"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "an association dated 2099: the run" $? 0
check "it is a warning" [ "$(sqlite3 "$db" "SELECT count(*) FROM warning WHERE rule = 'future-date' AND field = 'maj_time'")" -eq 1 ]
row "Titre mis a jour" "$year-01-02 00:00:00" >"$w/inbox/rna_waldec_later.csv"
"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>&1
check_eq "a later real update: the run" $? 0
check_eq "the real update wins" "$(sqlite3 "$db" "SELECT titre FROM association WHERE id = '$id'")" "Titre mis a jour"
t_done future_dates
