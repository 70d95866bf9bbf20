#!/bin/sh
# config.ini is checked whole before anything is written: an unknown section
# or key (with the nearest known name), a setting a stage would only read
# mid-run, a file not saved as UTF-8 are exit 2 with no database created.
set -u
. "$(dirname "$0")/lib.inc"
w=$(t_workdir)
trap 'rm -rf "$w"' EXIT
"$PANA_BIN/pana-gen" --size small --seed 3 --out "$w/inbox" >/dev/null
cp "$w/config.ini" "$w/good.ini"

refused() {	# refused "what" "message" -- config.ini is refused before any write
	for prog in run ingest transform stats report; do
		"$PANA_BIN/pana-$prog" -c "$w/config.ini" -q >/dev/null 2>"$w/err.txt"
		check_eq "$1: pana-$prog exits 2" $? 2
	done
	check "$1: said" grep -qF "$2" "$w/err.txt"
	check "$1: nothing written" [ ! -e "$w/pana.sqlite" ]
	cp "$w/good.ini" "$w/config.ini"
}

sed -i 's/^min_cell = 10/min-cell = 50/' "$w/config.ini"
refused "a hyphen for an underscore" "unknown key 'min-cell' in [privacy]; did you mean 'min_cell'?"
sed -i 's/^\[privacy\]/[privcy]/' "$w/config.ini"
refused "a misspelt section" "unknown section [privcy]; did you mean [privacy]?"
printf '[report]\nformats = pdf, pgn\n' >>"$w/config.ini"
refused "an unknown format" "[report] formats: 'pgn' is not one of them; did you mean 'png'?"
printf '[report]\nsections = key, quallity\n' >>"$w/config.ini"
refused "an unknown report section" "did you mean 'quality'?"
sed -i 's/^catchment_km = .*/catchment_km = 10, 20/' "$w/config.ini"
refused "catchment lists of two lengths" "catchment_km and catchment_weights must be two lists"
printf '[coverage]\ncommune_coordinates = nowhere.csv\n' >>"$w/config.ini"
refused "commune coordinates that cannot be read" "[coverage] commune_coordinates: cannot read '$w/nowhere.csv'"
sed -i 's/^areas = .*/&, gestion/' "$w/config.ini"
refused "an area listed twice" "[competences] areas: 'gestion' is listed twice"
mv "$w/inbox" "$w/inbox.d" && : >"$w/inbox"
refused "an inbox that is a file" "[paths] inbox: '$w/inbox' is not a folder"
rm "$w/inbox" && mv "$w/inbox.d" "$w/inbox"
printf '[report]\ntitle = Th\351\342tre\n' >>"$w/config.ini"
refused "a config.ini in Windows-1252" "not valid UTF-8: save the file as UTF-8"

"$PANA_BIN/pana-run" -c "$w/config.ini" -q >/dev/null 2>"$w/err.txt"
check_eq "the fixed config runs" $? 0

# Levels staged by an earlier pana from a config.ini that listed an area
# twice: the model never depends on that mistake, --force rebuilds it.
sqlite3 "$w/pana.sqlite" "UPDATE stg_diagnostic SET levels = levels || '|' || levels WHERE levels <> ''"
"$PANA_BIN/pana-transform" -c "$w/config.ini" -q --force 2>"$w/err.txt"
check_eq "a doubled area staged: --force rebuilds" $? 0
check_eq "one level per diagnostic and area" "$(sqlite3 "$w/pana.sqlite" \
	"SELECT count(*) FROM (SELECT diagnostic_id, area FROM diagnostic_level GROUP BY 1, 2 HAVING count(*) > 1)")" 0
check "levels are there" [ "$(sqlite3 "$w/pana.sqlite" "SELECT count(*) FROM diagnostic_level")" -gt 0 ]
# Out of file descriptors is the system's failure, not the file's: exit 4,
# never 3 ("bad input"), whichever open runs short.
codes=
for n in 6 7 8 9 10 11 12; do
	rm -f "$w/pana.sqlite" "$w/pana.sqlite-wal" "$w/pana.sqlite-shm"
	ASAN_OPTIONS=detect_leaks=0 prlimit --nofile=$n "$PANA_BIN/pana-ingest" -c "$w/config.ini" -q \
		>/dev/null 2>&1
	codes="$codes $?"
done
check "out of file descriptors: never exit 3 ($codes)" sh -c "! echo '$codes' | grep -qw 3"
check "out of file descriptors: exit 4 ($codes)" sh -c "echo '$codes' | grep -qw 4"

t_done config
