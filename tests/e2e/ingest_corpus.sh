#!/bin/sh
# pana-ingest against the corpus of nasty input files of tests/ingest/: one
# case per folder NN-name/, its inputs copied into a fresh inbox, its
# `expected` file (format in tests/ingest/README.md) checked line by line
# against the database and stderr. On top of what `expected` says, every
# case checks: rows_read = rows_loaded + rows_quarantined for every file,
# staged rows = rows_loaded and quarantine rows = rows_quarantined, the
# quarantine holds exactly the expected (file, line, field, error) rows, the
# warning table exactly the expected (file, line, field, rule) rows, each on a
# loaded row, rows_warned = the loaded rows with a warning, every input file
# is accounted for, and a run that rejects nothing is silent.
#   sh tests/e2e/ingest_corpus.sh [CASE...]    (CASE: folder name or prefix)
set -u
. "$(dirname "$0")/lib.inc"
corpus=$PANA_TOP/tests/ingest
TAB=$(printf '\t')

# The geography is loaded once into a template database that each case
# copies: pana-ingest then only reads the inbox (a few ms per case).
tpl=$(t_workdir)
cleanup() { rm -rf "$tpl" "${w:-}"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
if ! "$PANA_BIN/pana-ingest" -c "$tpl/config.ini" -q 2>"$tpl/err"; then
	ko "pana-ingest on an empty inbox: $(cat "$tpl/err")"
	t_done ingest_corpus
	exit 1
fi

sql() {		# sql QUERY -- runs it on the case's database
	sqlite3 -batch -separator "$TAB" "$db" "$1" </dev/null
}

lit() {		# lit TEXT -- sets L to TEXT as an SQL string literal
	case $1 in
	*"'"*) L="'$(printf '%s' "$1" | sed "s/'/''/g")'" ;;
	*) L="'$1'" ;;
	esac
}

# Sets id and kind to those of the source_file row of the file named NAME
# (the last part of its path), empty if there is none; from the table read
# once per case by load_ids.
NL='
'
load_ids() {
	ids="$NL$(sql "SELECT path, id || ' ' || kind FROM source_file" | sed 's#^.*/##')$NL"
}
source_id() {
	case $ids in
	*"$NL$1$TAB"*)
		id=${ids#*"$NL$1$TAB"}
		id=${id%%"$NL"*}
		kind=${id#* }
		id=${id%% *} ;;
	*) id="" kind="" ;;
	esac
}

stg_table() {	# stg_table KIND
	case $1 in
	associations) echo stg_association ;;
	structures) echo stg_structure ;;
	diagnostics) echo stg_diagnostic ;;
	survey*) echo stg_survey ;;
	*) echo "stg_unknown_kind_$1" ;;
	esac
}

norm_enc() {	# UTF-8 (BOM), utf-8-sig, CP1252... -> utf8bom, windows1252...
	printf '%s' "$1" | tr 'A-Z' 'a-z' | tr -cd 'a-z0-9' |
		sed 's/^cp1252$/windows1252/; s/^utf8withbom$/utf8bom/; s/^utf8sig$/utf8bom/'
}

# stderr lines that name FILE, with FILE itself cut out (so that a word of
# the expected message is not found in the file's name).
err_about() {
	grep -F -- "$1" "$w/err" | awk -v n="$1" '{
		while ((i = index($0, n)) > 0) $0 = substr($0, 1, i - 1) substr($0, i + length(n))
		print }'
}

# Checks one `file` line: NAME key=value...
check_file() {
	name=$1
	shift
	source_id "$name"
	if [ -z "$id" ]; then
		ko "$cname: file $name: no source_file row (stderr: $(grep -F -- "$name" "$w/err" | head -n 3))"
		return
	fi
	got=$(sql "SELECT kind, encoding, delimiter, rows_read, rows_loaded, rows_quarantined,
		   rows_warned FROM source_file WHERE id = $id")
	IFS=$TAB read -r g_kind g_enc g_delim g_read g_loaded g_quar g_warned <<EOF
$got
EOF
	bad=""
	for kv in "$@"; do
		k=${kv%%=*}
		v=${kv#*=}
		case $k in
		kind)
			case $v in
			survey) case $g_kind in survey*) ;; *) bad="$bad kind=$g_kind" ;; esac ;;
			*) [ "$g_kind" = "$v" ] || bad="$bad kind=$g_kind" ;;
			esac ;;
		encoding)
			[ "$(norm_enc "$g_enc")" = "$(norm_enc "$v")" ] || bad="$bad encoding=$g_enc" ;;
		delimiter)
			if [ "$v" = TAB ]; then
				case $g_delim in "$TAB" | '\t' | TAB | tab) ;; *) bad="$bad delimiter=$g_delim" ;; esac
			else
				[ "$g_delim" = "$v" ] || bad="$bad delimiter=$g_delim"
			fi ;;
		read) [ "$g_read" = "$v" ] || bad="$bad read=$g_read" ;;
		loaded) [ "$g_loaded" = "$v" ] || bad="$bad loaded=$g_loaded" ;;
		quarantined) [ "$g_quar" = "$v" ] || bad="$bad quarantined=$g_quar" ;;
		warned) [ "$g_warned" = "$v" ] || bad="$bad warned=$g_warned" ;;
		*) bad="$bad (unknown key $k in expected)" ;;
		esac
	done
	if [ -z "$bad" ]; then ok "$cname: file $name"; else ko "$cname: file $name:$bad (want $*)"; fi
}

# Checks one `quarantine` line: NAME LINE FIELD ERROR [REGEX], REGEX (the
# rest of the line) to be found in the message.
check_quarantine() {
	source_id "$1"
	if [ -z "$id" ]; then
		ko "$cname: quarantine $*: $1 has no source_file row"
		return
	fi
	case $3 in
	-) fcond="field IS NULL" ;;
	'*') fcond="1" ;;
	*) lit "$3"; fcond="field = $L" ;;
	esac
	lit "$4"
	n=$(sql "SELECT count(*) FROM quarantine WHERE source_id = $id AND stage = 'ingest'
		 AND line = $2 AND $fcond AND error = $L")
	if [ "${n:-0}" -ge 1 ] && [ $# -gt 4 ]; then
		q_name=$1 q_line=$2
		shift 4
		if sql "SELECT message FROM quarantine WHERE source_id = $id AND line = $q_line
			AND $fcond AND error = $L" | grep -qE -e "$*"; then
			ok "$cname: quarantine $q_name $q_line message"
		else
			ko "$cname: quarantine $q_name $q_line: the message does not match /$*/: $(sql "SELECT message
			    FROM quarantine WHERE source_id = $id AND line = $q_line")"
		fi
	elif [ "${n:-0}" -ge 1 ]; then
		ok "$cname: quarantine $*"
	else
		at=$(sql "SELECT coalesce(field, '-') || ' ' || error || ' (' || message || ')'
			  FROM quarantine WHERE source_id = $id AND line = $2")
		ko "$cname: quarantine $*: not found; line $2 has: ${at:-nothing}"
	fi
}

# Checks one `staged` line: NAME [LINE] COLop VALUE, op among = ~ !~ #=
check_staged() {
	spec=$1
	name=${spec%% *}
	spec=${spec#* }
	ln=""
	first=${spec%% *}
	case $first in
	'' | *[!0-9]*) ;;
	*) ln=$first; spec=${spec#* } ;;
	esac
	col=${spec%%[=~!#]*}
	rest=${spec#"$col"}
	case $rest in
	'#='*) op='#='; val=${rest#??} ;;
	'!~'*) op='!~'; val=${rest#??} ;;
	'~'*) op='~'; val=${rest#?} ;;
	'='*) op='='; val=${rest#?} ;;
	*) ko "$cname: staged $1: cannot parse"; return ;;
	esac
	source_id "$name"
	if [ -z "$id" ]; then
		ko "$cname: staged $1: $name has no source_file row"
		return
	fi
	tbl=$(stg_table "$kind")
	where="source_id = $id"
	[ -n "$ln" ] && where="$where AND line = $ln"
	if [ "$(sql "SELECT count(*) FROM $tbl WHERE $where")" = 0 ]; then
		ko "$cname: staged $1: no row of $tbl from $name${ln:+ at line $ln}"
		return
	fi
	if [ "$op" = '#=' ]; then
		got=$(sql "SELECT group_concat(length($col), ' ') FROM $tbl WHERE $where") || {
			ko "$cname: staged $1: query failed"; return; }
		if [ "$(sql "SELECT count(*) FROM $tbl WHERE $where AND length($col) = $val")" -ge 1 ]; then
			ok "$cname: staged $name $ln $col#="
		else
			ko "$cname: staged $1: length is $got"
		fi
		return
	fi
	# Values with CR, LF and TAB shown as \r, \n, \t; NULL as empty.
	sql "SELECT replace(replace(replace(coalesce($col, ''), char(13), '\r'),
		char(10), '\n'), char(9), '\t') FROM $tbl WHERE $where" >"$w/values" || {
		ko "$cname: staged $1: query failed"; return; }
	case $op in
	'=') grep -qxF -e "$val" "$w/values" ;;
	'~') grep -qE -e "$val" "$w/values" ;;
	'!~') ! grep -qE -e "$val" "$w/values" ;;
	esac
	if [ $? -eq 0 ]; then
		ok "$cname: staged $1"
	else
		ko "$cname: staged $1: got '$(head -c 300 "$w/values" | head -n 3)'"
	fi
}

# Checks one `rejected` line: NAME REGEX
check_rejected() {
	name=${1%% *}
	re=${1#* }
	source_id "$name"
	if [ -n "$id" ]; then
		ko "$cname: rejected $name: it was loaded ($(sql "SELECT kind, rows_read, rows_loaded FROM source_file WHERE id = $id"))"
	elif err_about "$name" | grep -qiE -e "$re"; then
		ok "$cname: rejected $name"
	else
		ko "$cname: rejected $name: no stderr line names it with /$re/ (stderr: $(grep -F -- "$name" "$w/err" | head -n 2))"
	fi
}

# The file was neither loaded nor complained about.
check_absent() {	# check_absent WHAT NAME
	source_id "$2"
	if [ -n "$id" ]; then
		ko "$cname: $1 $2: it has a source_file row"
	elif grep -qF -- "$2" "$w/err"; then
		ko "$cname: $1 $2: stderr names it: $(grep -F -- "$2" "$w/err" | head -n 1)"
	else
		ok "$cname: $1 $2"
	fi
}

run_case() {	# run_case DIR
	dir=$1
	cname=$(basename "$dir")
	if [ ! -f "$dir/expected" ]; then
		ko "$cname: no expected file"
		return
	fi
	w=$(t_workdir)
	# The cases are small files made of defects: the loud report of a
	# file past [ingest] max_quarantined has its own test (loud.sh).
	sed -i 's/^max_quarantined = .*/max_quarantined = 100/' "$w/config.ini"
	db=$w/pana.sqlite
	cp "$tpl/pana.sqlite" "$db"
	for f in "$dir"/* "$dir"/.[!.]*; do
		[ -f "$f" ] || continue
		case $(basename "$f") in expected | gen.sh) continue ;; esac
		cp "$f" "$w/inbox/"
	done
	if [ -f "$dir/gen.sh" ] && ! sh "$dir/gen.sh" "$w/inbox"; then
		ko "$cname: gen.sh failed"
	fi
	"$PANA_BIN/pana-ingest" -c "$w/config.ini" -q >"$w/out" 2>"$w/err"
	rc1=$?
	rc2=""
	if [ -d "$dir/later" ]; then
		cp "$dir"/later/* "$w/inbox/"
		"$PANA_BIN/pana-ingest" -c "$w/config.ini" -q >>"$w/out" 2>>"$w/err"
		rc2=$?
	fi
	ls -A "$w/inbox" >"$w/inputs"
	load_ids
	: >"$w/accounted"
	: >"$w/want_q"
	: >"$w/want_w"
	rejects=0
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '' | '#'*) continue ;; esac
		verb=${line%% *}
		args=${line#"$verb"}
		args=${args# }
		case $verb in
		exit) check_eq "$cname: exit status" "$rc1" "$args" ;;
		exit2) check_eq "$cname: exit status of the second run" "$rc2" "$args" ;;
		file)
			set -f
			# shellcheck disable=SC2086
			set -- $args
			set +f
			echo "$1" >>"$w/accounted"
			check_file "$@" ;;
		quarantine)
			set -f
			# shellcheck disable=SC2086
			set -- $args
			set +f
			printf '%s %s %s %s\n' "$1" "$2" "$3" "$4" >>"$w/want_q"
			check_quarantine "$@" ;;
		warning)
			set -f
			# shellcheck disable=SC2086
			set -- $args
			set +f
			if [ $# -ne 4 ]; then
				ko "$cname: cannot parse: $line"
			else
				printf '%s %s %s %s\n' "$1" "$2" "$3" "$4" >>"$w/want_w"
			fi ;;
		staged) check_staged "$args" ;;
		rejected)
			rejects=$((rejects + 1))
			echo "${args%% *}" >>"$w/accounted"
			check_rejected "$args" ;;
		skipped | ignored)
			echo "$args" >>"$w/accounted"
			check_absent "$verb" "$args" ;;
		same)
			a=${args%% *}
			b=${args#* }
			printf '%s\n%s\n' "$a" "$b" >>"$w/accounted"
			source_id "$a"
			na=$id
			source_id "$b"
			nb=$id
			if [ -n "$na" ] && [ -n "$nb" ]; then
				ko "$cname: same $args: both were ingested"
			elif [ -z "$na$nb" ]; then
				ko "$cname: same $args: neither was ingested"
			elif grep -qF -e "$a" -e "$b" "$w/err"; then
				ko "$cname: same $args: stderr: $(head -n 1 "$w/err")"
			else
				ok "$cname: same $args"
			fi ;;
		count)
			tbl=${args%% *}
			check_eq "$cname: count $tbl" "$(sql "SELECT count(*) FROM $tbl")" "${args#* }" ;;
		*) ko "$cname: unknown expected line: $line" ;;
		esac
	done <"$dir/expected"

	# Every input file is said something about.
	while IFS= read -r f; do
		grep -qxF -- "$f" "$w/accounted" || ko "$cname: expected says nothing about $f"
	done <"$w/inputs"
	# Bookkeeping, for every file that was loaded.
	bad=$(sql "SELECT path || ': read ' || rows_read || ', loaded ' || rows_loaded ||
		   ', quarantined ' || rows_quarantined FROM source_file
		   WHERE rows_read <> rows_loaded + rows_quarantined")
	check_eq "$cname: rows_read = rows_loaded + rows_quarantined" "$bad" ""
	bad=$(sql "SELECT path || ': ' || staged || ' staged rows, rows_loaded ' || rows_loaded ||
		   ', ' || quarantined || ' quarantine rows, rows_quarantined ' || rows_quarantined
		   FROM (SELECT path, rows_loaded, rows_quarantined,
			 (SELECT count(*) FROM stg_association WHERE source_id = s.id) +
			 (SELECT count(*) FROM stg_structure WHERE source_id = s.id) +
			 (SELECT count(*) FROM stg_diagnostic WHERE source_id = s.id) +
			 (SELECT count(*) FROM stg_survey WHERE source_id = s.id) AS staged,
			 (SELECT count(*) FROM quarantine WHERE source_id = s.id) AS quarantined
			 FROM source_file s)
		   WHERE staged <> rows_loaded OR quarantined <> rows_quarantined")
	check_eq "$cname: staged and quarantine rows match the counters" "$bad" ""
	# The quarantine holds exactly the expected rows.
	sql "SELECT s.path, q.line, coalesce(q.field, '-'), q.error, q.stage
	     FROM quarantine q JOIN source_file s ON s.id = q.source_id ORDER BY s.path, q.line" |
		while IFS="$TAB" read -r p l f e st; do
			k="${p##*/} $l $f $e"
			if [ "$st" != ingest ]; then
				echo "$k (stage $st)"
			elif ! grep -qxF -e "$k" -e "${p##*/} $l * $e" "$w/want_q"; then
				echo "$k"
			fi
		done >"$w/extra_q"
	got_n=$(sql "SELECT count(*) FROM quarantine")
	want_n=$(wc -l <"$w/want_q" | tr -d ' ')
	if [ -s "$w/extra_q" ]; then
		ko "$cname: unexpected quarantine rows: $(tr '\n' ';' <"$w/extra_q" | head -c 600)"
	elif [ "$got_n" != "$want_n" ]; then
		ko "$cname: $got_n quarantine rows, $want_n expected"
	else
		ok "$cname: exactly the expected quarantine rows"
	fi
	# The warning table holds exactly the expected rows: a `warning` line
	# stands for one row (written twice for two rows with the same key),
	# FIELD * for a row of any field.
	sql "SELECT s.path, w.line, coalesce(w.field, '-'), w.rule, w.stage
	     FROM warning w JOIN source_file s ON s.id = w.source_id ORDER BY s.path, w.line, w.id" |
		awk -F "$TAB" -v want="$w/want_w" '
		BEGIN {
			while ((getline l <want) > 0) {
				split(l, a, " ")
				if (a[3] == "*") wild[a[1] " " a[2] " " a[4]]++
				else exact[l]++
			}
		}
		{
			n = $1; sub(/.*\//, "", n)
			k = n " " $2 " " $3 " " $4
			if ($5 != "ingest") { extra = extra "; " k " (stage " $5 ")"; next }
			if (exact[k] > 0) { exact[k]--; next }
			left[++nleft] = k
			lkey[nleft] = n " " $2 " " $4
		}
		END {
			for (i = 1; i <= nleft; i++)
				if (wild[lkey[i]] > 0) wild[lkey[i]]--
				else extra = extra "; " left[i]
			for (k in exact)
				if (exact[k] > 0) missing = missing "; " k (exact[k] > 1 ? " (x" exact[k] ")" : "")
			for (k in wild)
				if (wild[k] > 0) { split(k, a, " "); missing = missing "; " a[1] " " a[2] " * " a[3] }
			if (missing != "") print "missing warning rows" missing
			if (extra != "") print "unexpected warning rows" extra
		}' >"$w/diff_w"
	if [ -s "$w/diff_w" ]; then
		ko "$cname: $(tr '\n' ' ' <"$w/diff_w" | head -c 900)"
	else
		ok "$cname: exactly the expected warning rows"
	fi
	# A warning is on a loaded row, with a code and a message, and
	# rows_warned counts the loaded rows that have one.
	bad=$(sql "SELECT s.path || ' line ' || w.line || ' ' || coalesce(w.field, '-') || ' ' || w.rule
		   FROM warning w JOIN source_file s ON s.id = w.source_id
		   WHERE w.stage = 'ingest' AND (coalesce(w.code, '') = '' OR coalesce(w.message, '') = ''
			OR NOT EXISTS (SELECT 1 FROM stg_association WHERE source_id = w.source_id AND line = w.line
			UNION ALL SELECT 1 FROM stg_structure WHERE source_id = w.source_id AND line = w.line
			UNION ALL SELECT 1 FROM stg_diagnostic WHERE source_id = w.source_id AND line = w.line
			UNION ALL SELECT 1 FROM stg_survey WHERE source_id = w.source_id AND line = w.line))")
	check_eq "$cname: every warning is on a loaded row, with a code and a message" "$bad" ""
	bad=$(sql "SELECT path || ': rows_warned ' || rows_warned || ', ' || n || ' rows with a warning'
		   FROM (SELECT path, rows_warned, (SELECT count(DISTINCT line) FROM warning
			 WHERE source_id = s.id AND stage = 'ingest') AS n FROM source_file s)
		   WHERE n <> rows_warned")
	check_eq "$cname: rows_warned counts the rows with a warning" "$bad" ""
	# -q: errors only; a case that rejects nothing prints nothing.
	if [ "$rejects" -eq 0 ]; then
		check_eq "$cname: quiet run prints nothing on stderr" "$(head -c 600 "$w/err")" ""
	fi
	rm -rf "$w"
	w=""
}

for dir in "$corpus"/[0-9]*; do
	[ -d "$dir" ] || continue
	if [ $# -gt 0 ]; then
		want=no
		for c in "$@"; do
			case $(basename "$dir") in "$c"*) want=yes ;; esac
		done
		[ $want = yes ] || continue
	fi
	before=$t_fail
	run_case "$dir"
	if [ "$t_fail" -eq "$before" ]; then echo "ok   $(basename "$dir")"; else echo "FAIL $(basename "$dir")"; fi
done
t_done ingest_corpus
