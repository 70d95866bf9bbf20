#!/bin/sh
# A file that goes badly is loud: past [ingest] max_quarantined (10 % by
# default) of its rows set aside, pana-ingest names it in an error even
# under -q and exits 3, keeps what it had of good, and the report's quality
# appendix lists it first. Under the threshold it is quiet. Messages speak
# the report's language.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
q() { sqlite3 -batch "$db" "$1"; }

header='id,pivot,nom,commune,code_postal,code_insee,adresse,date_maj'
# 20 rows, 3 without an id (15 %): past the threshold.
{
	echo "$header"
	for i in $(seq 1 17); do
		echo "lieu-$i,13002045700014,Lieu $i,Bourg-en-Bresse,01000,01053,1 rue,2024-01-0$((i % 9 + 1))"
	done
	for i in 1 2 3; do
		echo ",13002045700014,Sans id $i,Bourg-en-Bresse,01000,01053,1 rue,2024-01-01"
	done
} >"$w/inbox/lieux_a_mauvais.csv"
# 20 rows, 1 without an id (5 %): under it.
{
	echo "$header"
	for i in $(seq 1 19); do
		echo "autre-$i,13002045700014,Autre $i,Annecy,74000,74010,1 rue,2024-02-01"
	done
	echo ",13002045700014,Sans id,Annecy,74000,74010,1 rue,2024-02-01"
} >"$w/inbox/lieux_b_bon.csv"

"$PANA_BIN/pana-ingest" -q -c "$w/config.ini" 2>"$w/err"
check_eq "past max_quarantined: exit 3" $? 3
check "the error names the file and the share, under -q" \
	grep -q "lieux_a_mauvais.csv.*3 of 20 rows quarantined (15 %)" "$w/err"
check "the file under the threshold is not named" sh -c "! grep -q lieux_b_bon.csv '$w/err'"
check_eq "what it had of good is loaded" \
	"$(q "SELECT rows_loaded FROM source_file WHERE path LIKE '%lieux_a_mauvais.csv'")" 17
check_eq "the quarantine says why, in French ([report] language = fr)" \
	"$(q "SELECT count(*) FROM quarantine WHERE message = 'une valeur est requise'")" 4

"$PANA_BIN/pana-transform" -q -c "$w/config.ini" 2>>"$w/err"
"$PANA_BIN/pana-stats" -q -c "$w/config.ini" 2>>"$w/err"
"$PANA_BIN/pana-report" -q -c "$w/config.ini" >/dev/null 2>>"$w/err"
check_eq "the report is written" $? 0
csv=$(ls "$w"/reports/*/tables/fichiers-sources.csv 2>/dev/null | head -n 1)
check "the appendix lists the bad file first" \
	sh -c "sed -n 2p '$csv' | grep -q lieux_a_mauvais.csv"

# A higher threshold: the same file is quiet, exit 0; English messages.
w2=$(t_workdir)
trap 'rm -rf "$w" "$w2"' EXIT
sed -e 's/^max_quarantined = .*/max_quarantined = 20/' -e 's/^language = .*/language = en/' \
	"$w/config.ini" | sed "s|^database = .*|database = $w2/pana.sqlite|; s|^inbox = .*|inbox = $w/inbox|" \
	>"$w2/config.ini"
"$PANA_BIN/pana-ingest" -q -c "$w2/config.ini" 2>"$w2/err"
check_eq "under a 20 % threshold: exit 0" $? 0
check_eq "and nothing said under -q" "$(cat "$w2/err")" ""
check_eq "messages in English ([report] language = en)" \
	"$(sqlite3 "$w2/pana.sqlite" "SELECT count(*) FROM quarantine WHERE message = 'a value is required'")" 4
t_done loud
