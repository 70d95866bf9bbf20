#!/usr/bin/env python3
"""Runs pana-ingest and pana-transform on each real-format export of
tests/real/ (README there) and checks the outcome of every record that the
case's expected file names, plus, for every file:
  - rows_read = rows_loaded + rows_quarantined;
  - for the lieux directory, at least 97 % of the rows placed, and no row on
    a commune that its postal code does not serve unless a warning says the
    clues disagreed. "Serves" is worked out here from the committed postal
    base and COG files, apart from pana's resolver.
Prints one line per failure and closes with "real_corpus: N passed, M failed".
usage: real_corpus.py PANA_BIN PANA_TOP [CASE...]"""
import csv, os, re, shutil, sqlite3, subprocess, sys, tempfile

BIN, TOP = sys.argv[1], sys.argv[2]
only = sys.argv[3:]
REAL = os.path.join(TOP, "tests", "real")
GEO = os.path.join(TOP, "data", "geography")
passed = failed = 0


def ok():
    global passed
    passed += 1


def ko(msg):
    global failed
    failed += 1
    print("FAIL: " + msg)


def served_map():
    """postal code -> set of current communes it serves (COG and La Poste)."""
    current, up = set(), {}
    with open(os.path.join(GEO, "communes.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["type"] == "commune-actuelle":
            current.add(r["code"])
            for o in filter(None, r["old_codes"].split("|")):
                up.setdefault(o, r["code"])
        elif r["parent"]:
            up.setdefault(r["code"], r["parent"])
    served = {}
    for r in rows:
        if r["type"] == "commune-actuelle":
            for p in filter(None, r["postal_codes"].split("|")):
                served.setdefault(p, set()).add(r["code"])
    with open(os.path.join(GEO, "postal_codes.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            c = r["commune_code"]
            for _ in range(3):
                if c in current:
                    break
                c = up.get(c, c)
            if c in current:
                served.setdefault(r["postal_code"], set()).add(c)
    return served


SERVED = served_map()
STAGING = {"structures": ("stg_structure", "id", "structure", "id"),
           "associations": ("stg_association", "id", "association", "id"),
           "diagnostics": ("stg_diagnostic", "id_diagnostic", "diagnostic", "id"),
           "survey": ("stg_survey", "response_id", "survey_response", "response_id")}


def parse(path, default_file=None):
    """Statements of an expected file: (verb, file, line, rest...)."""
    out = []
    for raw in open(path, encoding="utf-8"):
        s = raw.split(" #")[0].strip() if not raw.startswith("#") else ""
        if not s:
            continue
        w = s.split()
        verb, name, line = w[0], w[1], int(w[2])
        if verb in ("rejected", "warned"):
            body = s.split(None, 3)[3]
            field, code = body.rsplit(None, 1)
            out.append((verb, name, line, field, code))
        elif verb == "placed":
            out.append((verb, name, line, w[3]))
        else:
            out.append((verb, name, line, " ".join(w[3:])))
    return out


def run_file(case_dir, name, config_extra):
    w = tempfile.mkdtemp(prefix="pana-real.")
    try:
        os.mkdir(os.path.join(w, "inbox"))
        shutil.copy(os.path.join(case_dir, name), os.path.join(w, "inbox", name))
        with open(os.path.join(TOP, "config.ini"), encoding="utf-8") as f:
            base = f.read()
        rest = base[base.index("[report]"):]
        # The file is copied in just before the run: read it at once.
        rest = re.sub(r"(?m)^settle_minutes = .*$", "settle_minutes = 0", rest)
        with open(os.path.join(w, "config.ini"), "w", encoding="utf-8") as f:
            f.write("[paths]\ndatabase = pana.sqlite\ninbox = inbox\nreports = reports\n"
                    "geography = %s\n\n%s\n%s" % (GEO, rest, config_extra))
        for prog in ("pana-ingest", "pana-transform"):
            p = subprocess.run([os.path.join(BIN, prog), "-q", "-c", os.path.join(w, "config.ini")],
                               capture_output=True, text=True)
            if p.returncode not in (0, 3):
                ko("%s: %s exited %d: %s" % (name, prog, p.returncode, p.stderr.strip()[:300]))
                return None
        db = sqlite3.connect(os.path.join(w, "pana.sqlite"))
        # pana-transform leaves foreign keys to the tests: they hold.
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            ko("%s: foreign keys broken: %s" % (name, broken[:5]))
        else:
            ok()
        return db
    finally:
        pass


def check_file(case_dir, name, stmts, config_extra):
    db = run_file(case_dir, name, config_extra)
    if db is None:
        return
    sid, kind, read, loaded, quar = db.execute(
        "SELECT id, kind, rows_read, rows_loaded, rows_quarantined FROM source_file").fetchone()
    if read == loaded + quar:
        ok()
    else:
        ko("%s: rows_read %d != loaded %d + quarantined %d" % (name, read, loaded, quar))
    stg, sid_col, model, mid_col = STAGING[kind]
    ids = dict(db.execute("SELECT line, %s FROM %s" % (sid_col, stg)).fetchall())
    placed = {}
    for line, ident in ids.items():
        r = db.execute("SELECT commune_code FROM %s WHERE %s = ? AND source_id = ?" % (model, mid_col),
                       (ident, sid)).fetchone()
        if r:
            placed[line] = r[0]
    quarantine = {}
    for line, field, err, stage in db.execute("SELECT line, field, error, stage FROM quarantine"):
        quarantine.setdefault(line, []).append((field, err, stage))
    warnings = {}
    for line, field, code, rule in db.execute("SELECT line, field, code, rule FROM warning"):
        warnings.setdefault(line, []).append((field, code, rule))
    for st in stmts:
        verb, line = st[0], st[2]
        where = "%s line %d" % (name, line)
        if verb == "placed":
            got = placed.get(line)
            if got == st[3]:
                ok()
            else:
                ko("%s: placed on %s, want %s%s" % (where, got, st[3],
                   " (quarantine: %s)" % quarantine.get(line) if line in quarantine else ""))
        elif verb == "national":
            if line in placed and placed[line] is None:
                ok()
            else:
                ko("%s: want kept without a location, got %s" % (where, placed.get(line, quarantine.get(line))))
        elif verb == "outside":
            if any(e == "outside-territory" for _, e, _ in quarantine.get(line, [])):
                ok()
            else:
                ko("%s: want set aside as outside the report, got %s" % (where, placed.get(line, quarantine.get(line))))
        elif verb == "rejected":
            if any(e == st[4] and (st[3] in ("*", f)) for f, e, _ in quarantine.get(line, [])):
                ok()
            else:
                ko("%s: want rejected %s %s, got %s" % (where, st[3], st[4], quarantine.get(line) or placed.get(line)))
        elif verb == "warned":
            if any(c == st[4] and (st[3] in ("*", f)) for f, c, _ in warnings.get(line, [])):
                ok()
            else:
                ko("%s: want a warning %s %s, got %s" % (where, st[3], st[4], warnings.get(line)))
        elif verb == "unplaceable":
            ok()    # checked below like every row: never on a commune its postal code does not serve
    if kind == "structures":
        outside = sum(1 for v in quarantine.values() if any(e == "outside-territory" for _, e, _ in v))
        share = len(placed) / max(1, read - outside)
        if share >= 0.97:
            ok()
        else:
            ko("%s: %.1f %% of rows placed, want at least 97 %%" % (name, 100 * share))
        print("%s: %d of %d rows placed (%.1f %%), %d outside the report" %
              (name, len(placed), read - outside, 100 * share, outside))
        postals = dict(db.execute("SELECT line, code_postal FROM stg_structure").fetchall())
        bad = []
        for line, c in placed.items():
            p = (postals.get(line) or "").split(".")[0].zfill(5)
            flagged = any(r in ("postal-disagrees",) for _, _, r in warnings.get(line, []))
            if p in SERVED and c not in SERVED[p] and not flagged:
                bad.append("line %d: %s not served by %s" % (line, c, p))
        if not bad:
            ok()
        else:
            ko("%s: %d rows on a commune their postal code does not serve: %s" % (name, len(bad), "; ".join(bad[:5])))
    db.close()


def main():
    for case in sorted(os.listdir(REAL)):
        d = os.path.join(REAL, case)
        if not os.path.isdir(d) or (only and case not in only):
            continue
        files = {}
        if os.path.exists(os.path.join(d, "expected")):
            for st in parse(os.path.join(d, "expected")):
                files.setdefault(st[1], []).append(st)
        for fn in sorted(os.listdir(d)):
            if fn.endswith(".expected"):
                for st in parse(os.path.join(d, fn)):
                    files.setdefault(st[1], []).append(st)
        for name, stmts in sorted(files.items()):
            extra = ""
            cfg = os.path.join(d, "config-%s.ini" % os.path.splitext(name)[0])
            if os.path.exists(cfg):
                extra = open(cfg, encoding="utf-8").read()
            check_file(d, name, stmts, extra)
    print("real_corpus: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
