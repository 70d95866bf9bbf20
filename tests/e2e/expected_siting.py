"""Independent check of pana's siting advice and of the coverage tests'
family, from the model tables of a database pana-run has filled.

    python3 tests/e2e/expected_siting.py DATABASE NEW_POINTS FDR
    python3 tests/e2e/expected_siting.py --sheets DATABASE

Recomputes, sharing no code with pana:
- each EPCI's active associations A and structures S through its
  communes; an EPCI with a commune outside the registry (57, 67, 68)
  takes no part; its department is the one holding most of its
  inhabitants (then the smaller code);
- the Sainte-Laguë allotment of NEW_POINTS points, in exact fractions:
  highest A / (S + 1/2), ties to the smaller EPCI code;
- what the points change: the Gini index of departments (structures per
  association, Lorenz by rising rate), the share of associations in an
  EPCI without a structure, the departments flagged by the one-sided
  Poisson test with Benjamini-Hochberg q-values at FDR over the
  departments the registry covers;
- the q-values of departments, over that family only.
Prints one line per disagreement and "checked N" at the end; exits 1 on
any disagreement.
"""

import math
import sqlite3
import sys
from fractions import Fraction


def ppois(k, mu):
    """P(X <= k) for X ~ Poisson(mu), summed in log space."""
    if mu <= 0:
        return 1.0
    terms = [-mu + i * math.log(mu) - math.lgamma(i + 1) for i in range(k + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def bh(p):
    """Benjamini-Hochberg q-values of a dict code -> p."""
    order = sorted(p, key=lambda c: p[c])
    m = len(order)
    q, run = {}, 1.0
    for i in range(m - 1, -1, -1):
        run = min(run, p[order[i]] * m / (i + 1))
        q[order[i]] = min(run, 1.0)
    return q


def gini(depts):
    """depts: list of (structures, associations) in code order."""
    units = [(s / n, s, n) for s, n in depts if n > 0]
    units.sort(key=lambda u: u[0])  # stable: ties keep code order
    tn = sum(u[2] for u in units)
    ts = sum(u[1] for u in units)
    if len(units) < 2 or ts <= 0:
        return float("nan")
    f = l = 0.0
    area = 0.0
    for _, s, n in units:
        f2, l2 = f + n / tn, l + s / ts
        area += (f2 - f) * (l2 + l)
        f, l = f2, l2
    return 1 - area


def flagged(depts, fdr):
    """depts: code -> (structures, associations), registry only."""
    sn = sum(n for _, n in depts.values())
    ss = sum(s for s, _ in depts.values())
    p = {}
    for code, (s, n) in depts.items():
        e = n * ss / sn if sn > 0 else 0
        if e > 0:
            p[code] = ppois(s, e)
    q = bh(p)
    return q, sum(1 for c in q if q[c] <= fdr)


def sheets(db):
    """For each region with associations or structures: its code, its
    name, its departments' names, and its three largest EPCIs without a
    structure (by active associations, then inhabitants, then code;
    those outside the registry last), an EPCI belonging to the region of
    the department holding most of its inhabitants. Tab-separated."""
    dept = {c: (n, r, reg) for c, n, r, reg in
            db.execute("SELECT code, name, region_code, in_registry FROM department")}
    region = dict(db.execute("SELECT code, name FROM region"))
    epci_name = dict(db.execute("SELECT code, name FROM epci"))
    a_c, s_c = {}, {}
    for (c,) in db.execute("SELECT commune_code FROM association WHERE active = 1"):
        a_c[c] = a_c.get(c, 0) + 1
    for (c,) in db.execute("SELECT commune_code FROM structure"):
        s_c[c] = s_c.get(c, 0) + 1
    epci = {}
    r_a, r_s = {}, {}
    for code, dep, e, pop in db.execute(
            "SELECT code, department_code, epci_code, coalesce(population, 0) FROM commune"):
        r = dept[dep][1]
        r_a[r] = r_a.get(r, 0) + (a_c.get(code, 0) if dept[dep][2] == 1 else 0)
        r_s[r] = r_s.get(r, 0) + s_c.get(code, 0)
        if e is None:
            continue
        u = epci.setdefault(e, {"a": 0, "s": 0, "reg": True, "pop": {}, "p": 0})
        u["a"] += a_c.get(code, 0)
        u["s"] += s_c.get(code, 0)
        u["p"] += pop
        u["reg"] = u["reg"] and dept[dep][2] == 1
        u["pop"][dep] = u["pop"].get(dep, 0) + pop
    for r in sorted(region):
        if not (r_a.get(r, 0) > 0 or r_s.get(r, 0) > 0):
            continue
        blank = []
        for e, u in epci.items():
            main = sorted(u["pop"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            if dept[main][1] == r and u["s"] == 0:
                blank.append((not u["reg"], -u["a"] if u["reg"] else 0, -u["p"], e))
        blank.sort()
        names = [dept[c][0] for c in sorted(dept) if dept[c][1] == r]
        print("\t".join([r, region[r], "|".join(names),
                         "|".join(epci_name[b[3]] for b in blank[:3])]))
    return 0


def main():
    if sys.argv[1] == "--sheets":
        return sheets(sqlite3.connect(sys.argv[2]))
    db = sqlite3.connect(sys.argv[1])
    points, fdr = int(sys.argv[2]), float(sys.argv[3])
    year = db.execute("SELECT max(year) FROM siting_effect").fetchone()[0]
    dept_reg = dict(db.execute("SELECT code, in_registry FROM department"))
    commune = {}
    for code, dep, epci, pop in db.execute(
            "SELECT code, department_code, epci_code, coalesce(population, 0) FROM commune"):
        commune[code] = (dep, epci, pop)
    assoc_c, struct_c = {}, {}
    for (c,) in db.execute("SELECT commune_code FROM association WHERE active = 1"):
        assoc_c[c] = assoc_c.get(c, 0) + 1
    for (c,) in db.execute("SELECT commune_code FROM structure"):
        struct_c[c] = struct_c.get(c, 0) + 1

    epci = {}
    for code, (dep, e, pop) in commune.items():
        if e is None:
            continue
        u = epci.setdefault(e, {"a": 0, "s": 0, "reg": True, "pop": {}})
        u["a"] += assoc_c.get(code, 0)
        u["s"] += struct_c.get(code, 0)
        u["reg"] = u["reg"] and dept_reg[dep] == 1
        u["pop"][dep] = u["pop"].get(dep, 0) + pop
    for u in epci.values():
        u["dep"] = sorted(u["pop"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    # Sainte-Laguë, exactly.
    seats = {e: u["s"] for e, u in epci.items()}
    alloc = []
    part = sorted(e for e, u in epci.items() if u["reg"])
    for _ in range(points if part else 0):
        best = max(part, key=lambda e: (Fraction(epci[e]["a"], 1) / (seats[e] + Fraction(1, 2)),
                                        [-ord(ch) for ch in e]))
        alloc.append((best, seats[best]))
        seats[best] += 1

    bad = checked = 0

    def same(what, got, want, tol=1e-9):
        nonlocal bad, checked
        checked += 1
        if isinstance(want, float) and isinstance(got, float):
            ok = (math.isnan(want) and math.isnan(got)) or abs(got - want) <= tol * max(1, abs(want))
        else:
            ok = got == want
        if not ok:
            bad += 1
            print(f"FAIL: {what}: pana {got!r}, expected {want!r}")

    rows = db.execute("SELECT rank, epci_code, department_code, associations, structures_before, "
                      "structures_after, priority FROM siting WHERE year = ? ORDER BY rank",
                      (year,)).fetchall()
    same("number of points allotted", len(rows), len(alloc))
    for (rank, code, dep, a, before, after, prio), (e, s) in zip(rows, alloc):
        same(f"point {rank}: EPCI", code, e)
        same(f"point {rank}: department", dep, epci[e]["dep"])
        same(f"point {rank}: associations", a, epci[e]["a"])
        same(f"point {rank}: structures before", before, s)
        same(f"point {rank}: structures after", after, s + 1)
        same(f"point {rank}: priority", prio, epci[e]["a"] / (s + 0.5))

    # What the points change.
    dep_s, dep_n = {}, {}
    for code, (dep, _, _) in commune.items():
        dep_s[dep] = dep_s.get(dep, 0) + struct_c.get(code, 0)
        dep_n[dep] = dep_n.get(dep, 0) + assoc_c.get(code, 0)
    added = {}
    for e, _ in alloc:
        added[epci[e]["dep"]] = added.get(epci[e]["dep"], 0) + 1
    codes = sorted(d for d in dept_reg if dept_reg[d] == 1)
    before = {d: (dep_s.get(d, 0), dep_n.get(d, 0)) for d in codes}
    after = {d: (dep_s.get(d, 0) + added.get(d, 0), dep_n.get(d, 0)) for d in codes}
    q, f_before = flagged(before, fdr)
    _, f_after = flagged(after, fdr)

    total = sum(u["a"] for u in epci.values() if u["reg"])
    blank = sum(u["a"] for u in epci.values() if u["reg"] and u["s"] == 0)
    got_e = {e for e, _ in alloc}
    blank_after = sum(u["a"] for e, u in epci.items()
                      if u["reg"] and u["s"] == 0 and e not in got_e)
    fx = db.execute("SELECT new_points, allotted, gini_before, gini_after, "
                    "share_assoc_without_structure_before, share_assoc_without_structure_after, "
                    "departments_flagged_before, departments_flagged_after FROM siting_effect "
                    "WHERE year = ?", (year,)).fetchone()
    same("new points asked", fx[0], points)
    same("points allotted", fx[1], len(alloc))
    same("Gini before", fx[2], gini([before[d] for d in codes]))
    same("Gini after", fx[3], gini([after[d] for d in codes]))
    same("share without a structure before", fx[4], blank / total)
    same("share without a structure after", fx[5], blank_after / total)
    same("departments flagged before", fx[6], f_before)
    same("departments flagged after", fx[7], f_after)

    # The q-values' family: the departments of the registry only.
    for code, qv, fl in db.execute("SELECT code, q_value, flagged FROM coverage_stats "
                                   "WHERE year = ? AND level = 'department'", (year,)):
        if dept_reg[code] != 1:
            same(f"department {code} outside the registry: no q-value", qv, None)
            same(f"department {code} outside the registry: not flagged", fl, 0)
        elif code in q:
            same(f"department {code}: q-value", qv, q[code], 1e-7)
    print(f"checked {checked}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
