#!/usr/bin/env python3
"""Independent competence figures per region from generated diagnostics.

    expected_competences.py --inbox DIR --geography DIR --year YYYY --areas a,b,...

Prints CSV: region,area,n,mean,sd,ci_low,ci_high for each region and area
(and 'overall', the mean of the areas assessed in a diagnostic), from the
diagnostics files alone, by the published rules of the format (DESIGN.md):
a row counts when it has as many cells as the header, an id, a real date,
rna or siret, valid codes and levels 0-4 or empty; an id seen twice in a
file counts once (the first); a later file replaces an id. The commune is
code_insee placed as the referential says (4 digits: a dropped leading
zero). The t quantile is computed here (regularised incomplete beta, by
continued fraction), not taken from any library pana uses.
"""
import argparse
import glob
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from expected import Geography, read_table, is_date  # noqa: E402

RNA = re.compile(r"^(W[A-Za-z0-9]{9}|[0-9][0-9AB][0-9A-Z]{1,2}[PS][0-9]{5,10})$")
SIRET = re.compile(r"^\d{14}$")
INSEE = re.compile(r"^(([013-9]\d|2[AB1-9])\d{3}|\d{4})$")
POSTAL = re.compile(r"^\d{5}$")
TAILLE = {"0", "1-2", "3-9", "10+"}


def betacf(a, b, x):
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / d
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        c = 1 + aa / c
        d = 1 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        c = 1 + aa / c
        d = 1 / d
        de = d * c
        h *= de
        if abs(de - 1) < 1e-15:
            break
    return h


def ibeta(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(lbt) * betacf(a, b, x) / a
    return 1 - math.exp(lbt) * betacf(b, a, 1 - x) / b


def t_cdf(t, df):
    p = 0.5 * ibeta(df / 2, 0.5, df / (df + t * t))
    return 1 - p if t > 0 else p


def t_quantile(p, df):
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def french_date(s):
    """ISO, or the French dd/mm/yyyy that pana reads with a warning."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:
        s = "%s-%02d-%02d" % (m.group(3), int(m.group(2)), int(m.group(1)))
    return s if is_date(s) else None


def place(geo, code):
    c = geo.resolve(code)
    if c is None and re.fullmatch(r"\d{4}", code):
        c = geo.resolve("0" + code)
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inbox", required=True)
    ap.add_argument("--geography", required=True)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--areas", required=True)
    a = ap.parse_args()
    areas = a.areas.split(",")
    geo = Geography(a.geography)
    diags = {}
    for path in sorted(glob.glob(os.path.join(a.inbox, "diagnostics*.csv"))):
        seen = set()
        for header, row in read_table(path):
            if len(row) != len(header):
                continue
            r = dict(zip(header, row))
            if all(v == "" for v in row):
                continue
            # Blocking (schemas/diagnostics.schema.json "pana:blocking"): the id,
            # the date, and one of rna and siret once invalid values are set
            # aside. Any other bad value is a warning and counts as absent.
            rna = r["rna"] if RNA.match(r["rna"]) else ""
            siret = r["siret"].replace(" ", "")
            siret = siret if SIRET.match(siret) else ""
            date = french_date(r["date"])
            if not (r["id_diagnostic"] and date and (rna or siret)):
                continue
            if r["id_diagnostic"] in seen:
                continue
            seen.add(r["id_diagnostic"])
            insee = r["code_insee"] if INSEE.match(r["code_insee"]) else ""
            commune = place(geo, insee) if insee else None
            if commune is None:
                continue
            levels = [float(r[x]) if r.get(x, "") in ("0", "1", "2", "3", "4") else None
                      for x in areas]
            diags[r["id_diagnostic"]] = (int(date[:4]), geo.dept_region[geo.department(commune)], levels)
    cells = {}
    for year, region, levels in diags.values():
        if year != a.year:
            continue
        assessed = [v for v in levels if v is not None]
        values = levels + [sum(assessed) / len(assessed) if assessed else None]
        for area, v in zip(areas + ["overall"], values):
            if v is not None:
                cells.setdefault((region, area), []).append(v)
    print("region,area,n,mean,sd,ci_low,ci_high")
    for (region, area), v in sorted(cells.items()):
        n = len(v)
        mean = sum(v) / n
        if n > 1:
            sd = math.sqrt(sum((x - mean) ** 2 for x in v) / (n - 1))
            half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
            print("%s,%s,%d,%.10f,%.10f,%.10f,%.10f" % (region, area, n, mean, sd, mean - half, mean + half))
        else:
            print("%s,%s,%d,%.10f,,," % (region, area, n, mean))


if __name__ == "__main__":
    main()
