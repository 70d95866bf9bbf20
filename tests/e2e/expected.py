#!/usr/bin/env python3
"""Independent expected figures for pana's end-to-end tests.

    python3 tests/e2e/expected.py --inbox DIR --geography DIR

Reads the inbox CSV files and the geography CSVs and prints, as CSV on stdout,
one line per region and then one per department:

    level,code,associations,structures,per_1000

It never calls pana and never reads its code: the rules below come from the
published formats (the RNA export, the "lieux de mediation numerique" schema,
the Code officiel geographique), as summarised in reference/formats.md. It is
a test oracle, so it favours plain rules over speed. Python standard library
only.

Rules
-----
associations: distinct active associations, from every rna_waldec*.csv.
  * encoding: UTF-8 BOM -> utf-8-sig; else utf-8 if the whole file decodes,
    else cp1252. Delimiter: the most frequent of ; , tab | in the header line.
    Columns are bound by name.
  * a row is dropped only when it cannot serve (the schemas' pana:blocking):
    field count different from the header; id not an RNA id (waldec
    ^W[A-Za-z0-9]{9}$ or an older one, 751P00085568). Any other bad value is
    set aside (a warning) and the row kept: a maj_time that is not a date-time
    is none, a date_disso that is not a date is none, a position not one of
    A, D, S, R is none.
  * duplicates: per id, the row with the newest maj_time wins (on a tie, the
    last one read); a row with no maj_time loses to one with it.
  * active: position A and date_disso empty or 0001-01-01.
  * commune: see place(); unresolved rows are not counted.
structures: distinct ids from every lieux*.csv.
  * same encoding and delimiter detection.
  * rows with a field count as the header and an id; any other defect is a
    warning on a kept row (a date_maj that is not a date is none; a
    code_insee not matching ^([013-9]\\d|2[AB1-9])\\d{3}$ once a dropped
    leading zero is restored is none).
  * duplicates: per id, the newest date_maj wins (tie: last read; no date
    loses).
  * commune: see place(); unresolved rows are not counted.
place(insee, postal, name): the commune of resolve(insee); when the postal
  code is in La Poste's base (postal_codes.csv) and does not serve it, or
  when there is no such commune, the postal code with the name as
  tests/real/cartographie/oracle.py places them (an oracle written apart
  from pana), or the one commune of a postal code given without a name.
resolve(code), in this order: a current commune code as is; a municipal
  arrondissement -> its parent; a delegated or associated commune -> its
  parent; an old code listed in old_codes of one current commune -> that
  commune; anything else (or a code claimed by two communes) -> unresolved.
Departments and regions come from communes.csv and departments.csv.

Output
------
associations is empty (not 0) for 57, 67 and 68: Alsace-Moselle keeps its own
registers and is not in the RNA. A region's associations is the sum over its
departments that are in the RNA; its structures count every structure.
per_1000 = structures * 1000 / associations, 4 decimals, empty when
associations is 0 or empty. As the report states, a region's ratio is taken
over the part the RNA covers: for Grand Est (44), the structures of 57/67/68
are left out of the ratio (but counted in the structures column).
"""

import argparse
import codecs
import csv
import datetime
import glob
import os
import re
import sys

NOT_IN_RNA = {"57", "67", "68"}
SERVICES = {
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
}
RNA_ID = re.compile(r"^(W[A-Za-z0-9]{9}|[0-9][0-9AB][0-9A-Z]{1,2}[PS][0-9]{5,10})$")
INSEE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
POSTAL = re.compile(r"^\d{5}$")
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$")
DELIMITERS = [";", ",", "\t", "|"]


def is_date(s):
    m = DATE.match(s)
    if not m:
        return False
    try:
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


def datetime_key(s):
    """Sortable 'YYYY-MM-DD HH:MM:SS' for a valid date-time, else None."""
    m = DATETIME.match(s)
    if not m:
        return None
    parts = [int(g) if g else 0 for g in m.groups()]
    try:
        datetime.datetime(*parts)
    except ValueError:
        return None
    return "%04d-%02d-%02d %02d:%02d:%02d" % tuple(parts)


def detect_encoding(path):
    with open(path, "rb") as f:
        if f.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def read_table(path):
    """Yields (header, row) for each non-blank record, columns as read."""
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as f:
        first = f.readline()
        delimiter = max(DELIMITERS, key=lambda d: (first.count(d), -DELIMITERS.index(d)))
    csv.field_size_limit(1 << 30)
    with open(path, encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        header = [h.strip() for h in next(reader, [])]
        for row in reader:
            if not row or (len(row) == 1 and row[0] == ""):
                continue  # blank line
            yield header, row


class Geography:
    def __init__(self, folder):
        self.dept_region = {}
        self.regions = set()
        with open(os.path.join(folder, "departments.csv"), encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                self.dept_region[r["code"]] = r["region_code"]
                self.regions.add(r["region_code"])
        self.current = {}  # code -> department
        self.all_codes = set()
        arr, sub, old = {}, {}, {}
        with open(os.path.join(folder, "communes.csv"), encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        for r in rows:
            if r["department_code"] not in self.dept_region:
                continue  # overseas collectivities are out of scope
            self.all_codes.add(r["code"])
            if r["type"] == "commune-actuelle":
                self.current[r["code"]] = r["department_code"]
        for r in rows:
            if r["department_code"] not in self.dept_region:
                continue
            if r["type"] == "arrondissement-municipal":
                arr.setdefault(r["code"], set()).add(r["parent"])
            elif r["type"] in ("commune-deleguee", "commune-associee"):
                sub.setdefault(r["code"], set()).add(r["parent"])
            elif r["old_codes"]:
                for code in r["old_codes"].split("|"):
                    old.setdefault(code, set()).add(r["code"])
        # a code claimed by two communes resolves to neither
        self.arr = {k: next(iter(v)) for k, v in arr.items() if len(v) == 1}
        self.sub = {k: next(iter(v)) for k, v in sub.items() if len(v) == 1}
        self.old = {k: next(iter(v)) for k, v in old.items() if len(v) == 1}

    def resolve(self, code):
        """The current commune a code designates, or None."""
        code = code.strip()
        if code in self.current:
            return code
        for table in (self.arr, self.sub, self.old):
            if code in table:
                parent = table[code]
                return parent if parent in self.current else None
        return None

    def department(self, commune):
        return self.current[commune]


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "real",
                                "cartographie"))
import oracle as postal_oracle  # noqa: E402


class Placer:
    """Commune of a row from its INSEE code, postal code and name."""

    def __init__(self, geo, folder):
        self.geo = geo
        self.pgeo = postal_oracle.Geography(folder)

    def postal_name(self, postal, name):
        p = postal.strip()
        if re.fullmatch(r"\d{4}", p):
            p = "0" + p
        cands = self.pgeo.postal.get(p, {})
        if name and name.strip():
            v = postal_oracle.place(self.pgeo, p, name)
            if v[0] == "placed":
                return v[1]
        if len(cands) == 1:
            return next(iter(cands))
        return None

    def place(self, insee, postal, name):
        code = insee.strip()
        if len(code) == 4 and ("0" + code) in self.geo.all_codes:
            code = "0" + code
        c = self.geo.resolve(code) if INSEE.match(code) else None
        p = postal.strip().zfill(5) if re.fullmatch(r"\d{4,5}", postal.strip()) else ""
        if c and (not p or p not in self.pgeo.postal or c in self.pgeo.postal[p]):
            return c
        other = self.postal_name(p, name) if p else None
        return other or c


def newer(new, old):
    """Whether a row stamped new replaces one stamped old (None: no stamp)."""
    return old is None or (new is not None and new >= old)


def associations(inbox, geo, placer):
    newest = {}  # id -> (maj_time key, active, commune)
    for path in sorted(glob.glob(os.path.join(inbox, "rna_waldec*.csv"))):
        for header, row in read_table(path):
            if len(row) != len(header):
                continue
            r = dict(zip(header, row))
            rid = r.get("id", "")
            if not RNA_ID.match(rid):
                continue
            maj = datetime_key(r.get("maj_time", ""))
            disso = r.get("date_disso", "")
            if not is_date(disso):
                disso = ""
            position = r.get("position", "")
            active = position == "A" and disso in ("", "0001-01-01")
            missing = ("", "0", "00000", "_")
            insee = r.get("adrs_codeinsee", "")
            postal = r.get("adrs_codepostal", "")
            commune = placer.place("" if insee in missing else insee,
                                   "" if postal in missing else postal,
                                   r.get("adrs_libcommune", ""))
            if rid not in newest or newer(maj, newest[rid][0]):
                newest[rid] = (maj, active, commune)
    counts = {}
    for _, active, commune in newest.values():
        if active and commune:
            dept = geo.department(commune)
            counts[dept] = counts.get(dept, 0) + 1
    return counts


def structures(inbox, geo, placer):
    newest = {}  # id -> (date_maj, commune)
    for path in sorted(glob.glob(os.path.join(inbox, "lieux*.csv"))):
        for header, row in read_table(path):
            if len(row) != len(header):
                continue
            r = {k: v.strip() for k, v in zip(header, row)}
            sid = r.get("id", "")
            if not sid:
                continue
            date = r.get("date_maj", "") if is_date(r.get("date_maj", "")) else None
            commune = placer.place(r.get("code_insee", ""), r.get("code_postal", ""),
                                   r.get("commune", ""))
            if sid not in newest or newer(date, newest[sid][0]):
                newest[sid] = (date, commune)
    counts = {}
    for _, commune in newest.values():
        if commune:
            dept = geo.department(commune)
            counts[dept] = counts.get(dept, 0) + 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inbox", required=True)
    ap.add_argument("--geography", required=True)
    args = ap.parse_args()

    geo = Geography(args.geography)
    placer = Placer(geo, args.geography)
    assoc = associations(args.inbox, geo, placer)
    struct = structures(args.inbox, geo, placer)

    def line(level, code, a, s, s_covered):
        ratio = "" if not a else "%.4f" % (s_covered * 1000 / a)
        return [level, code, "" if a is None else str(a), str(s), ratio]

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["level", "code", "associations", "structures", "per_1000"])
    for region in sorted(geo.regions):
        depts = [d for d, r in geo.dept_region.items() if r == region]
        covered = [d for d in depts if d not in NOT_IN_RNA]
        a = sum(assoc.get(d, 0) for d in covered) if covered else None
        s = sum(struct.get(d, 0) for d in depts)
        s_covered = sum(struct.get(d, 0) for d in covered)
        out.writerow(line("region", region, a, s, s_covered))
    for dept in sorted(geo.dept_region):
        a = None if dept in NOT_IN_RNA else assoc.get(dept, 0)
        out.writerow(line("department", dept, a, struct.get(dept, 0), struct.get(dept, 0)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
