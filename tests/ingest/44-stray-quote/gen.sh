#!/bin/sh
# Generates lieux_guillemet_egare.csv into the inbox given as $1: 2000 rows
# without a quote but one, stray, at the start of line 11.
set -e
{
	printf 'id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,typologie,horaires,services,date_maj\n'
	i=1
	while [ $i -le 2000 ]; do
		[ $i -eq 10 ] && printf '"'
		printf 'lieu-%05d,21750001600019,Espace numerique %d,Paris,75011,75111,12 rue de la Paix,48.8566,2.3522,EPN,Mo-Fr 09:00-12:00,,2024-05-02\n' $i $i
		i=$((i + 1))
	done
} >"$1/lieux_guillemet_egare.csv"
