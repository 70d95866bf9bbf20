#!/bin/sh
# Generates lieux_utf8_tardif.csv into the inbox given as $1: 3000 ASCII rows
# (about 400 KB), one row with a stray byte 0xE9, then five rows with valid
# UTF-8 accents.
set -e
{
	printf 'id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,typologie,horaires,services,date_maj\n'
	i=1
	while [ $i -le 3000 ]; do
		printf 'lieu-%05d,21750001600019,Espace numerique %d,Paris,75011,75111,12 rue de la Paix,48.8566,2.3522,EPN,Mo-Fr 09:00-12:00,,2024-05-02\n' $i $i
		i=$((i + 1))
	done
	printf 'lieu-03001,21750001600019,Caf\351 de la Gare,Paris,75011,75111,12 rue de la Paix,48.8566,2.3522,EPN,,,2024-05-02\n'
	for n in 2 3 4 5 6; do
		printf 'lieu-0300%d,21750001600019,M\303\251diath\303\250que \303\211mile-Zola %d,Paris,75011,75111,12 rue de la Paix,48.8566,2.3522,EPN,,,2024-05-02\n' $n $n
	done
} >"$1/lieux_utf8_tardif.csv"
