#!/bin/sh
# Generates lieux_enorme.csv into the inbox given as $1: two 1 MiB fields
# (too big to commit). Run by tests/e2e/ingest_corpus.sh.
set -e
x() { head -c "$1" /dev/zero | tr '\0' "$2"; }
{
	printf 'id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,typologie,horaires,services,date_maj\n'
	# line 2: a quoted 1 MiB adresse holding a comma and a doubled quote
	printf 'lieu-h1,21750001600019,Espace numérique,Paris,75011,75111,"'
	x 524288 x
	printf ',""'
	x 524286 x
	printf '",48.8566,2.3522,EPN,,,2024-05-02\n'
	printf 'lieu-h2,21750001600019,Espace numérique,Paris,75011,75111,12 rue de la Paix,48.8566,2.3522,EPN,,,2024-05-02\n'
	printf 'lieu-h3,21750001600019,Espace numérique,Paris,7501,75111,12 rue de la Paix,48.8566,2.3522,EPN,,,2024-05-02\n'
	# line 5: an unquoted 1 MiB nom
	printf 'lieu-h4,21750001600019,'
	x 1048576 y
	printf ',Paris,75011,75111,12 rue de la Paix,48.8566,2.3522,EPN,,,2024-05-02\n'
	printf 'lieu-h5,21750001600019,Espace numérique,Paris,75011,75111,12 rue de la Paix,48.8566,2.3522,EPN,,,2024-05-02\n'
} >"$1/lieux_enorme.csv"
