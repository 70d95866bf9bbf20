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

# On a database of its own, the RNA files given (NAME TITLE MAJ_TIME
# DAY_READ, one row each, of the same association), read on those days:
# the title that stands.
fresh() {
	v=$(t_workdir)
	printf '%s\n' "$v" >>"$w/fresh.txt"	# the last is the one to look at again
	while [ $# -ge 4 ]; do
		row "$2" "$3" >"$v/inbox/rna_waldec_$1.csv"
		"$PANA_BIN/pana-ingest" -c "$v/config.ini" -q >/dev/null 2>&1
		sqlite3 "$v/pana.sqlite" "UPDATE source_file SET ingested_at = '$4T10:00:00Z'
			WHERE path LIKE '%rna_waldec_$1.csv'"
		shift 4
	done
	"$PANA_BIN/pana-transform" -c "$v/config.ini" -q >/dev/null 2>&1
	sqlite3 "$v/pana.sqlite" "SELECT titre FROM association WHERE id = '$id'"
}
trap 'rm -rf "$w" $(cat "$w/fresh.txt" 2>/dev/null)' EXIT

# "Later than today" means later than the day the file was read, which
# the database keeps: a rebuild on a later day places the rows as the
# night that read them did. A file read on 2020-01-01 says 2020-01-05 (the
# future, then); one read since says 2020-01-03: the second stands, on
# that night and in a --force rebuild years after.
check_eq "dated after its file was read, a row does not stand" \
	"$(fresh early "Dit le 1er" "2020-01-05 00:00:00" 2020-01-01 since "Dit le 4" "2020-01-03 00:00:00" 2020-01-04)" \
	"Dit le 4"
v=$(tail -n 1 "$w/fresh.txt")
"$PANA_BIN/pana-transform" -c "$v/config.ini" --force -q >/dev/null 2>&1
check_eq "nor in a rebuild years after" \
	"$(sqlite3 "$v/pana.sqlite" "SELECT titre FROM association WHERE id = '$id'")" "Dit le 4"
check "a warning names the day its file was read" [ "$(sqlite3 "$v/pana.sqlite" "SELECT count(*) FROM warning
	WHERE rule = 'future-date' AND value = '2020-01-05 00:00:00'
	AND message LIKE '%later than the day its file was read (2020-01-01)%'")" -eq 1 ]

# Times are compared as instants, whatever their form, in either order:
# 09:00 with a space is later than 08:00 with a T (which sorts after a
# space as text), and 09:00Z than 10:00+02:00.
check_eq "09:00 after 08:00 written with a T" \
	"$(fresh a "09h00" "2021-03-01 09:00:00" 2022-01-01 b "08h00 T" "2021-03-01T08:00:00" 2022-01-01)" "09h00"
check_eq "the same, the T file read first" \
	"$(fresh a "08h00 T" "2021-03-01T08:00:00" 2022-01-01 b "09h00" "2021-03-01 09:00:00" 2022-01-01)" "09h00"
check_eq "09:00Z after 10:00+02:00" \
	"$(fresh a "09h00 UTC" "2021-06-01 09:00:00Z" 2022-01-01 b "10h00 Paris" "2021-06-01 10:00:00+02:00" 2022-01-01)" "09h00 UTC"
check_eq "the same, the other way round" \
	"$(fresh a "10h00 Paris" "2021-06-01 10:00:00+02:00" 2022-01-01 b "09h00 UTC" "2021-06-01 09:00:00Z" 2022-01-01)" "09h00 UTC"
t_done future_dates
