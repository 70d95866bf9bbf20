#!/bin/sh
# pana-transform on hand-built rows with real codes of the COG 2026
# referential (tests/transform/): where each row ends up, by which rule,
# the per-file counts in the database and the log, deduplication, the
# structures' lists, checks and warnings, diagnostics' links, survey
# values; then idempotence: a second run and a rebuild give the same dump.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
db=$w/pana.sqlite
cp "$PANA_TOP"/tests/transform/*.csv "$w/inbox/"
"$PANA_BIN/pana-ingest" -c "$w/config.ini" -q
check_eq "ingest" $? 0
"$PANA_BIN/pana-transform" -c "$w/config.ini" 2>"$w/log.txt"
check_eq "transform" $? 0

q() { sqlite3 "$db" "$1"; }

# Associations: id -> commune|arrondissement|department|region|active
placed() {	# placed ID "commune|arrondissement|department|region|active"
	check_eq "association $1" "$(q "SELECT commune_code || '|' || coalesce(arrondissement_code, '')
		|| '|' || department_code || '|' || region_code || '|' || active
		FROM association WHERE id = '$1'")" "$2"
}
placed W011000001 "01053||01|84|1"	# exact
placed W011000002 "01053||01|84|1"	# leading zero restored
placed W011000003 "01053||01|84|1"	# "1053.0" from a spreadsheet
placed W011000004 "01033||01|84|1"	# old code of the commune nouvelle Valserhône
placed W011000005 "01015||01|84|1"	# Saint-Bois, delegated commune of Arboys en Bugey
placed W751000006 "75056|75111|75|11|1"	# Paris 11e rolls up to Paris
placed W691000007 "69123|69381|69|84|1"	# Lyon 1er to Lyon
placed W131000008 "13055|13216|13|93|1"	# Marseille 16e to Marseille
placed W2A1000009 "2A004||2A|94|1"	# Corsica: 2A, never 20
placed W2A1000010 "2A004||2A|94|1"	# Ajaccio's code before 1976
placed W011000011 "01313||01|84|1"	# no INSEE code, a postal code of one commune
placed W011000014 "01053||01|84|0"	# dissolved: not active
placed W011000015 "01053||01|84|0"	# position A with a dissolution date: not active
placed W011000016 "75056|75111|75|11|1"	# duplicate: the newest maj_time wins ...
placed W011000017 "01053||01|84|1"	# ... even when it comes first in the file
for id in W511000012 W571000013; do
	check_eq "$id is not placed" "$(q "SELECT count(*) FROM association WHERE id = '$id'")" 0
done
# Messages speak the report's language ([report] language = fr here).
check_eq "postal code shared by 46 communes: quarantined with the reason" \
	"$(q "SELECT count(*) FROM quarantine WHERE stage = 'transform' AND error = 'unresolved-commune'
		AND message LIKE '%partagé par plusieurs communes%'")" 1
check_eq "a typo: quarantined, with the code" \
	"$(q "SELECT count(*) FROM quarantine WHERE stage = 'transform' AND message LIKE '''570000''%'")" 1
check_eq "theme from the family of objet_social1" \
	"$(q "SELECT theme FROM association WHERE id = 'W011000001'")" "011"

# Per-file counts of each rule, in the database and in the log.
counts=$(q "SELECT group_concat(rule || '=' || n, ' ') FROM (SELECT r.rule, r.n
	FROM resolution_count r JOIN source_file s ON s.id = r.source_id
	WHERE s.kind = 'associations' ORDER BY r.rule)")
check_eq "rule counts of the RNA file" "$counts" \
	"ancien=2 arrondissement=5 deleguee=1 exact=6 postal=1 unresolved=2 zero=2"
check "the log gives the counts" grep -q "rna_waldec_cas.csv': associations: 17 rows placed (exact 6, zero restored 2, arrondissement 5, delegated 1, old code 2, postal 1, postal and name 0, name 0), 2 unresolved" "$w/log.txt"

# Structures: newest date_maj, lists exploded, pivot and coordinates checked.
check_eq "lieu-1: the newer row wins" "$(q "SELECT nom FROM structure WHERE id = 'lieu-1'")" "EPN de Bourg"
check_eq "lieu-1 lists" "$(q "SELECT group_concat(field || ':' || value, '|') FROM (SELECT * FROM structure_item
	WHERE structure_id = 'lieu-1' ORDER BY field, value)")" \
	"dispositif_programmes_nationaux:France Services|publics_specifiquement_adresses:Jeunes|publics_specifiquement_adresses:Seniors|services:Aide aux démarches administratives|services:Loisirs et créations numériques|typologie:EPN|typologie:MUNI"
check_eq "services split on ';' too" "$(q "SELECT count(*) FROM structure_service WHERE structure_id = 'lieu-3'")" 2
check_eq "pivot kinds" "$(q "SELECT group_concat(id || '=' || coalesce(pivot_kind, '-'), ' ') FROM (SELECT * FROM structure ORDER BY id)")" \
	"lieu-1=siret lieu-2=- lieu-3=rna lieu-4=- lieu-5=siret"
check_eq "a bad SIRET is a warning, not a rejection" \
	"$(q "SELECT count(*) FROM transform_warning WHERE rule = 'pivot-invalid' AND message LIKE '''73282062900027''%'")" 1
check_eq "swapped coordinates repaired" "$(q "SELECT latitude || ',' || longitude FROM structure WHERE id = 'lieu-2'")" "41.9192,8.7369"
check_eq "with a note" "$(q "SELECT count(*) FROM transform_warning WHERE rule = 'coordinates-swapped'")" 1
check_eq "coordinates outside the department's territory dropped" \
	"$(q "SELECT coalesce(latitude, 'null') FROM structure WHERE id = 'lieu-4'")" null
check_eq "overseas coordinates kept in their department" \
	"$(q "SELECT latitude FROM structure WHERE id = 'lieu-5'")" "-20.8821"

# Diagnostics: year, long-form levels, links, unmatched counted not dropped.
check_eq "three diagnostics" "$(q "SELECT group_concat(id || ':' || year, ' ') FROM (SELECT * FROM diagnostic ORDER BY id)")" \
	"d-1:2025 d-2:2025 d-3:2026"
check_eq "levels of d-1 (empty = not assessed)" "$(q "SELECT group_concat(area || '=' || level, ' ') FROM (SELECT * FROM diagnostic_level
	WHERE diagnostic_id = 'd-1' ORDER BY area)")" "collaboration=2 communication=3 donnees=1 equipement=4 strategie=0"
check_eq "links" "$(q "SELECT group_concat(id || ':' || coalesce(association_id, '-') || ':' || coalesce(structure_id, '-'), ' ')
	FROM (SELECT * FROM diagnostic ORDER BY id)")" "d-1:W011000001:lieu-1 d-2:-:- d-3:-:lieu-3"
check_eq "link counts" "$(q "SELECT group_concat(rule || '=' || n, ' ') FROM (SELECT * FROM resolution_count
	WHERE rule LIKE 'association-%' OR rule LIKE 'structure-%' ORDER BY rule)")" \
	"association-linked=1 association-unmatched=2 structure-linked=2 structure-unmatched=1"

# Surveys: answers valued through config.ini.
check_eq "survey answers" "$(q "SELECT group_concat(question || '=' || label || ':' || coalesce(value, 'null'), ' ')
	FROM (SELECT * FROM survey_answer WHERE response_id = 'r1' ORDER BY question)")" \
	"q1=Oui:1.0 q2=Non:0.0 q3=Bonne:3.0 q4=Je ne sais pas:null q5=Gestion:null taille=0:null"
check_eq "an incomplete response, commune repaired" "$(q "SELECT coalesce(submitted_at, 'null') || ' ' || commune_code FROM survey_response WHERE response_id = 'r2'")" "null 01053"

# Idempotence: a second run changes nothing; a rebuild gives the same model.
dump() {
	for t in association structure structure_item diagnostic diagnostic_level \
		survey_response survey_answer resolution_count transform_warning; do
		sqlite3 "$db" ".mode insert $t" "SELECT * FROM $t ORDER BY 1, 2, 3"
	done
	sqlite3 "$db" "SELECT source_id, line, field, error, message FROM quarantine WHERE stage = 'transform' ORDER BY 1, 2"
}
dump >"$w/dump1.sql"
"$PANA_BIN/pana-transform" -c "$w/config.ini" -q
dump >"$w/dump2.sql"
check "a second run gives an identical dump" cmp -s "$w/dump1.sql" "$w/dump2.sql"
"$PANA_BIN/pana-transform" -c "$w/config.ini" -q --force
dump >"$w/dump3.sql"
check "a rebuild (--force) gives an identical dump" cmp -s "$w/dump1.sql" "$w/dump3.sql"
check_keys "rebuilt model" "$db"
# The check sees a broken key: an association on no commune, a level of no
# diagnostic (on a copy).
cp "$db" "$w/broken.sqlite"
sqlite3 "$w/broken.sqlite" "UPDATE association SET commune_code = '99999' WHERE id = (SELECT min(id) FROM association);
	INSERT INTO diagnostic_level(diagnostic_id, area, level) VALUES ('none', 'gestion', 1)"
check_eq "a broken key is seen" "$(sqlite3 "$w/broken.sqlite" "SELECT DISTINCT \"table\" || '>' || parent FROM pragma_foreign_key_check ORDER BY 1" | tr '\n' ' ')" \
	"association>commune diagnostic_level>diagnostic "
check "the dump is not empty" [ "$(wc -l <"$w/dump1.sql")" -gt 40 ]

t_done transform
