#!/bin/sh
# Symbolic links in the inbox given as $1: to a lieux file and to a
# password-like file outside it (refused, never opened), to a file of the
# inbox (read: the same content as lieux.csv), and dangling.
set -e
out=$(cd "$1/.." && pwd)/dehors
mkdir -p "$out"
cp "$1/lieux.csv" "$out/lieux_dehors.csv"
sed 's/lieu-u/lieu-x/' "$1/lieux.csv" >"$out/lieux_dehors.csv"
printf 'root:x:0:0:SECRET-LINE:/root:/bin/bash\n' >"$out/passwd"
ln -s "$out/lieux_dehors.csv" "$1/lien_dehors.csv"
ln -s ../dehors/passwd "$1/lien_passwd.csv"
ln -s lieux.csv "$1/lien_dedans.csv"
ln -s "$out/absent.csv" "$1/lien_casse.csv"
