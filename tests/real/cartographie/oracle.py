#!/usr/bin/env python3
"""Expected placement of the lieux corpus, computed independently of pana.

    tests/real/cartographie/oracle.py [--geography DIR] FILE... > expected

For every data row of every FILE (a lieux CSV: UTF-8 or Windows-1252, ',' or
';'), decide from its postal code and commune name alone which current commune
(INSEE COG) it is on, using only data/geography/postal_codes.csv (La Poste's
postal codes, from codes-postaux) and data/geography/communes.csv (COG). It
writes one statement per row:

    placed FILE LINE COMMUNE_CODE
    outside FILE LINE
    unplaceable FILE LINE REASON

LINE is the physical line where the row starts (header = 1). Rows placed by a
weaker rule are preceded by a '#' comment saying which; unplaceable rows are
listed again, with their name and postal code, in a comment block at the end.

The rules, in order (the first that finds communes decides; several distinct
current communes make the row 'ambiguous'):
  1. postal code: trimmed, "1400.0" -> "1400"; 4 digits get their leading zero
     back (a spreadsheet read the code as a number); anything else but 5 digits
     is unusable (bad-postal-code).
  2. 975xx, 977xx, 978xx, 98xxx and 97133/97150 (Saint-Barthélemy, Saint-Martin)
     are the overseas collectivities: outside.
  3. postal code + name: the names served by the postal code (commune names of
     the postal base; the COG name of each current commune and of its delegated
     and associated communes and arrondissements, all rolled up to the current
     commune) against the row's normalised name; then the postal base's routing
     names. A name with several parts ("Cran-Gevrier - Annecy") is tried whole,
     then part by part. A match on a name other than the current commune's is
     commented ('-other-name').
  4. the same, with spaces and a leading article ignored ("Sain Bel" = "Sainbel",
     "Pont de Claix" = "Le Pont-de-Claix").
  5. the name alone, when one current commune of the postal code's department
     (or one delegated commune, rolled up) has it: 'name-in-department'. The
     name is cross-checked with the department of the code (CEDEX codes, wrong
     codes); it is never the postal code alone.
  6. a commune of the postal code whose name starts with the row's name or the
     other way round ("Chamonix" / Chamonix-Mont-Blanc, "Vorey sur Arzon" / Vorey).
  7. a commune of the postal code whose name is one letter off (6 letters or more).
  8. otherwise unplaceable: unknown-postal-code (no commune has that code),
     name-mismatch (the code is known, no commune matches).

Normalisation: accents and case folded, œ/æ expanded, CEDEX and what follows
dropped, articles in parentheses put first ("HAVRE (LE)" -> "LE HAVRE"),
punctuation, hyphens and apostrophes become spaces, ST/STE -> SAINT/SAINTE,
trailing arrondissement numbers dropped ("MARSEILLE 11", "Lyon 3e",
"Paris 15ème", "1er Arrondissement").
Python 3 standard library only.
"""
import argparse
import csv
import os
import re
import sys
import unicodedata
from collections import defaultdict

OUTSIDE_PREFIXES = ("975", "977", "978", "98")
OUTSIDE_CODES = {"97133", "97150"}

# What a look at the row (name, address, coordinates) showed, keyed by
# (postal code as in the current-column file, commune). Printed as comments.
HAND = {
    ("74003", "Annecy Cedex 03"): "CEDEX code; address and coordinates in Annecy",
    ("01500", "Bourg-en-Bresse"): "01500 is Ambérieu-en-Bugey's code; coordinates 46.201,5.213 are in Bourg-en-Bresse (01000)",
    ("63340", "Pont du château"): "digits swapped (63430); coordinates 45.797,3.248 are in Pont-du-Château",
    ("03250", "SAINT-GERMAIN-DES-FOSSÉS"): "true code 03260; coordinates 46.208,3.433 are in Saint-Germain-des-Fossés",
    ("01110", "Chavannes-sur-Reyssouze"): "true code 01190; coordinates 46.431,4.997 are in Chavannes-sur-Reyssouze",
    ("74008", "Annecy"): "CEDEX code; coordinates in Annecy",
    ("43012", "LE PUY-EN-VELAY"): "CEDEX code; coordinates in Le Puy-en-Velay",
    ("01480", "Trévoux"): "true code 01600; coordinates 45.940,4.780 are in Trévoux",
    ("74400", "CHAMONIX"): "short for Chamonix-Mont-Blanc, the only commune of 74400",
    ("74400", "Chamonix"): "short for Chamonix-Mont-Blanc, the only commune of 74400",
    ("74170", "SAINT GERVAIS"): "short for Saint-Gervais-les-Bains; coordinates agree",
    ("26270", "Loriol"): "short for Loriol-sur-Drôme; coordinates agree",
    ("26250", "Livron"): "short for Livron-sur-Drôme; coordinates agree",
    ("74140", "Sciez-sur-Léman"): "usual name of Sciez; coordinates agree",
    ("63420", "Ardes sur couze"): "usual name of Ardes; coordinates agree",
    ("43800", "Vorey sur Arzon"): "usual name of Vorey; coordinates agree",
    ("26260", "Saint-Donat-sur-lHerbasse"): "apostrophe lost; coordinates 45.120,4.978 are in Saint-Donat-sur-l'Herbasse",
    ("63240", "Le Mont-Dore"): "the commune's COG name has no article (Mont-Dore); coordinates agree",
    ("38800", "Pont de Claix"): "article dropped (Le Pont-de-Claix); coordinates agree",
    ("74960", "Cran-Gevrier - Annecy"): "delegated commune and its parent; coordinates in Cran-Gevrier",
    ("74960", "Meythet - Annecy"): "delegated commune and its parent; coordinates in Meythet",
    ("73800", "Les Molettes"): "misspelt Les Mollettes (the structure's name spells it right)",
    ("74130", "Entremont"): "coordinates 45.951,6.395 are in Entremont, merged into 74212 "
                            "Glières-Val-de-Borne in 2019 (the structure is named after it); the COG copy "
                            "keeps Entremont's code 74110 in old_codes but not its name, and neither does "
                            "codes-postaux: truth 74212, not reachable from postal code + name",
}
# Rows whose coordinates contradict their address (postal code + name agree).
HAND_LINE = {
    "1139": "id 1139 (Les Comètes, Annecy): coordinates 45.386,4.550 are in the Loire, 135 km away; "
            "address, postal code and name say Annecy",
}


def norm(s):
    s = s.strip()
    s = s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.upper()
    s = re.sub(r"\bCEDEX\b.*$", "", s)
    # "HAVRE (LE)" -> "LE HAVRE", "ABERGEMENT CLEMENCIAT (L')" -> "L ABERGEMENT CLEMENCIAT"
    m = re.match(r"^(.*?)\s*\((LE|LA|LES|L'?|L’)\)\s*$", s)
    if m:
        s = m.group(2) + " " + m.group(1)
    s = re.sub(r"\bS/\s*", "SUR ", s)
    s = re.sub(r"[^A-Z0-9]+", " ", s).strip()
    words = s.split()
    words = [{"ST": "SAINT", "STE": "SAINTE"}.get(w, w) for w in words]
    # trailing arrondissement: "11", "11E", "11EME", "1ER", "1ERE", "ARRONDISSEMENT", "ARR", "ARRT"
    while len(words) > 1 and re.fullmatch(r"\d+(E|EME|ER|ERE)?|ARRONDISSEMENT|ARR|ARRT|ARDT", words[-1]):
        words.pop()
    return " ".join(words)


def compact(s):
    return s.replace(" ", "")


class Geography:
    def __init__(self, gdir):
        self.current = {}          # code -> name of the commune-actuelle
        self.rows = []             # every communes.csv row
        parent = {}                # non-current code -> current code
        old = {}
        with open(os.path.join(gdir, "communes.csv"), newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                self.rows.append(r)
                if r["type"] == "commune-actuelle":
                    self.current[r["code"]] = r["name"]
                    for o in filter(None, r["old_codes"].split("|")):
                        old.setdefault(o, r["code"])
                elif r["parent"]:
                    parent.setdefault(r["code"], r["parent"])
        self.parent, self.old = parent, old

        # names of each current commune: its own, its delegated/associated
        # communes' and its arrondissements'
        self.names = defaultdict(set)      # current code -> normalised names
        self.by_dept = defaultdict(lambda: defaultdict(set))  # dept -> name -> current codes
        self.postal = defaultdict(lambda: defaultdict(lambda: [set(), set()]))
        # postal -> current code -> [commune names, routing names]
        for r in self.rows:
            cur = self.to_current(r["code"]) if r["type"] == "commune-actuelle" else \
                self.to_current(r["parent"]) if r["parent"] else None
            if cur is None:
                continue
            n = norm(r["name"])
            self.names[cur].add(n)
            self.by_dept[r["department_code"]][n].add(cur)
            for p in filter(None, r["postal_codes"].split("|")):
                self.postal[p][cur][0].add(n)
        with open(os.path.join(gdir, "postal_codes.csv"), newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                cur = self.to_current(r["commune_code"])
                if cur is None:
                    continue
                e = self.postal[r["postal_code"]][cur]
                e[0].add(norm(r["commune_name"]))
                if r["routing_name"]:
                    e[1].add(norm(r["routing_name"]))
        self.postal_dept = {}
        for p, cands in self.postal.items():
            self.postal_dept.setdefault(p[:2], set()).update(c[:3] if c[:2] in ("97", "98") else c[:2] for c in cands)

    def to_current(self, code):
        seen = set()
        while code and code not in self.current:
            if code in seen:
                return None
            seen.add(code)
            code = self.parent.get(code) or self.old.get(code)
        return code or None


def departments_of_postal(p):
    if p.startswith("20"):
        return ["2A", "2B"]
    if p.startswith("97") or p.startswith("98"):
        return [p[:3]]
    return [p[:2]]


ARTICLES = ("LE ", "LA ", "LES ", "L ")


def loose(s):
    """Spaces and a leading article dropped: "Pont de Claix" = "Le Pont-de-Claix",
    "Sain Bel" = "Sainbel"."""
    for a in ARTICLES:
        if s.startswith(a):
            s = s[len(a):]
            break
    return compact(s)


def within_one_edit(a, b):
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def word_prefix(a, b):
    """a is b's first words ("CHAMONIX" / "CHAMONIX MONT BLANC")."""
    return b.startswith(a + " ")


def name_variants(name):
    """The name, then its parts when it is several names ("Cran-Gevrier - Annecy")."""
    out = [norm(name)]
    parts = [norm(x) for x in re.split(r"\s[-/–]\s|,|/", name) if norm(x)]
    if len(parts) > 1:
        out += parts
    return out


def place(geo, postal, name):
    """Return (verdict, value, rule): ('placed', code, rule) / ('outside', None, '') /
    ('unplaceable', reason, detail)."""
    p = (postal or "").strip()
    if re.fullmatch(r"\d{4,5}\.0*", p):       # "1400.0"
        p = p.split(".")[0]
    if re.fullmatch(r"\d{4}", p):
        p = "0" + p
    if not re.fullmatch(r"\d{5}", p):
        return ("unplaceable", "bad-postal-code", repr(postal))
    if p.startswith(OUTSIDE_PREFIXES) or p in OUTSIDE_CODES:
        return ("outside", None, "")
    variants = name_variants(name or "")
    if not variants[0]:
        return ("unplaceable", "no-name", "")
    cands = geo.postal.get(p, {})
    # names of each candidate: the postal base's commune names and every COG
    # name of the current commune (delegated, associated, arrondissements)
    names = {c: e[0] | geo.names[c] for c, e in cands.items()}
    routing = {c: e[1] for c, e in cands.items()}

    def unique(hit, rule):
        if len(hit) == 1:
            return ("placed", hit.pop(), rule)
        return ("unplaceable", "ambiguous", " ".join(sorted(hit)))

    # 1. postal code + name; 2. the same, spaces and leading article ignored
    for rule, key in (("postal+name", lambda x: x), ("postal+name-loose", loose)):
        for vi, n in enumerate(variants):
            r = rule + ("" if vi == 0 else "-part")
            for table, suffix in ((names, ""), (routing, "-routing")):
                hit = {c for c, ns in table.items() if key(n) in {key(x) for x in ns}}
                if len(hit) == 1 and key(n) != key(norm(geo.current[next(iter(hit))])):
                    # a delegated, associated or former commune's name
                    return unique(hit, r + suffix + "-other-name")
                if hit:
                    return unique(hit, r + suffix)
    # 3. the name in the department of the postal code
    for vi, n in enumerate(variants):
        hit = set()
        for d in departments_of_postal(p):
            for nn, codes in geo.by_dept[d].items():
                if loose(nn) == loose(n):
                    hit |= codes
        if hit:
            return unique(hit, "name-in-department" + ("" if vi == 0 else "-part"))
    # 4. a shortened or lengthened name of a commune of the postal code
    n = variants[0]
    hit = {c for c, ns in names.items()
           if any(word_prefix(loose_words(n), loose_words(x)) or word_prefix(loose_words(x), loose_words(n))
                  for x in ns)}
    if hit:
        return unique(hit, "postal+name-prefix")
    # 5. one letter off, among the communes of the postal code
    hit = {c for c, ns in names.items()
           if len(loose(n)) >= 6 and any(within_one_edit(loose(n), loose(x)) for x in ns)}
    if hit:
        return unique(hit, "postal+name-one-letter")
    if not cands:
        return ("unplaceable", "unknown-postal-code", "")
    return ("unplaceable", "name-mismatch", "code serves " + " ".join(sorted(cands)))


def loose_words(s):
    for a in ARTICLES:
        if s.startswith(a):
            return s[len(a):]
    return s


def read_rows(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, delimiter=delim)
    header = next(reader)
    idx = {h.strip(): i for i, h in enumerate(header)}
    cp = idx["code_postal"]
    cn = idx["commune"]
    nm = idx.get("nom")
    ii = idx.get("id")
    start = reader.line_num + 1
    for rec in reader:
        line = start
        start = reader.line_num + 1
        if not any(x.strip() for x in rec):
            continue
        get = lambda i: rec[i] if i is not None and i < len(rec) else ""
        yield line, get(cp), get(cn), get(nm), get(ii)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--geography", default=os.path.join(here, "..", "..", "..", "data", "geography"))
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    geo = Geography(a.geography)
    vintage = ""
    vp = os.path.join(a.geography, "VINTAGE")
    if os.path.exists(vp):
        vintage = ", ".join(l.strip() for l in open(vp, encoding="utf-8") if l.strip())
    out = sys.stdout
    out.write("# Expected placement of tests/real/cartographie, written by oracle.py\n")
    out.write("# (postal code + commune name only; independent of pana). Geography: %s\n" % vintage)
    out.write("# placed FILE LINE COMMUNE | outside FILE LINE | unplaceable FILE LINE REASON\n")
    total = defaultdict(int)
    notes = []
    for path in a.files:
        fn = os.path.basename(path)
        out.write("\n# %s\n" % fn)
        for line, postal, commune, nom, rid in read_rows(path):
            verdict, value, note = place(geo, postal, commune)
            total[verdict] += 1
            key = (postal.zfill(5) if re.fullmatch(r"\d{4}", postal) else postal, commune)
            hand = HAND.get(key) or HAND_LINE.get(rid)
            if verdict == "placed":
                if note != "postal+name" or hand:
                    out.write("# line %d: %s: %r %r -> %s %s%s\n"
                              % (line, note, postal, commune, value, geo.current[value],
                                 "; checked by hand: " + hand if hand else ""))
                out.write("placed %s %d %s\n" % (fn, line, value))
            elif verdict == "outside":
                out.write("outside %s %d\n" % (fn, line))
            else:
                out.write("# line %d: %s: %r %r (%s), %s%s\n"
                          % (line, value, postal, commune, nom, note, "; checked by hand: " + hand if hand else ""))
                out.write("unplaceable %s %d %s\n" % (fn, line, value))
                notes.append((fn, line, value, postal, commune, hand or note))
    if notes:
        out.write("\n# Unplaceable from postal code + name, and why:\n")
        for fn, line, reason, postal, commune, why in notes:
            out.write("#   %s line %d %s: %r %r: %s\n" % (fn, line, reason, postal, commune, why))
    n = sum(total.values())
    out.write("\n# %d rows: %d placed (%.1f%%), %d outside, %d unplaceable\n"
              % (n, total["placed"], 100.0 * total["placed"] / max(n, 1), total["outside"], total["unplaceable"]))
    print("oracle: %d rows, %d placed (%.1f%%), %d outside, %d unplaceable"
          % (n, total["placed"], 100.0 * total["placed"] / max(n, 1), total["outside"], total["unplaceable"]),
          file=sys.stderr)


if __name__ == "__main__":
    main()
