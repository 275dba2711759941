"""The one identity solver: linear identities over non-negative integer counts.

cells (printed = fixed, blank or missing = unknown, run-together digits = a choice among readings) +
identities (Σ = Σ, part ≤ whole) + optional stated figures → for each unknown the value every
consistent assignment agrees on, or nothing.

An unknown is determined only when the identities pin it: on the polyhedron they leave (x ≥ 0), a
variable is constant exactly when it is constant on its affine hull, the identities plus the x_j = 0
that hold at every point (found with one HiGHS LP). Choices among readings are binary selectors and
go through HiGHS `milp`: a cell is determined when its minimum equals its maximum.
"""
from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from typing import Hashable, Optional

# the systems are tiny: one BLAS thread, and a worker's address space (batch --max-memory-mb) not spent on
# per-thread buffers (set before numpy is first imported, here or anywhere)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# numpy and scipy (about a second of start-up) are imported by the functions that build matrices, only
# when propagation leaves equations open or choices to make: most reports are solved without them

Key = Hashable
EPS = 1e-7
MAX_RELAX = 40  # constraint groups tried one by one when a component is inconsistent


@dataclass
class Constraint:
    """One linear identity over the unknown cells."""
    terms: dict[Key, float]  # Σ coef · x  (op)  const
    const: float
    rule: str
    op: str = "eq"  # "eq": = const; "le": ≤ const
    optional: bool = False  # a stated figure: used while it fits, dropped when it does not


@dataclass
class Choice:
    """The cells `keys` take one of the value vectors `options` (readings of a digit run …)."""
    keys: tuple[Key, ...]
    options: list[tuple[float, ...]]


@dataclass
class Solution:
    """What the identities determine about the unknown cells."""
    values: dict[Key, float] = field(default_factory=dict)  # unknowns every consistent assignment agrees on
    undetermined: set[Key] = field(default_factory=set)
    conflicts: list[tuple[list[Key], list[str]]] = field(default_factory=list)  # (unknowns left null, rules)
    dropped: list[str] = field(default_factory=list)  # rules left out to make a component consistent
    chosen: dict[int, int] = field(default_factory=dict)  # choice index → option index, where determined


class System:
    """Fixed values, unknown counts, choices and linear constraints between them."""

    def __init__(self) -> None:
        self.fixed: dict[Key, float] = {}
        self.unknown: dict[Key, None] = {}  # ordered set
        self.constraints: list[Constraint] = []
        self.choices: list[Choice] = []

    def fix(self, key: Key, value: float) -> None:
        self.fixed[key] = value
        self.unknown.pop(key, None)

    def free(self, key: Key) -> None:
        if key not in self.fixed:
            self.unknown[key] = None

    def add(self, terms: dict[Key, float], const: float, rule: str, op: str = "eq", optional: bool = False) -> None:
        for k in terms:
            if k not in self.fixed:
                self.unknown[k] = None
        self.constraints.append(Constraint(dict(terms), const, rule, op, optional))

    def choose(self, keys: tuple[Key, ...], options: list[tuple[float, ...]]) -> int:
        for k in keys:
            self.fixed.pop(k, None)
            self.unknown[k] = None
        self.choices.append(Choice(tuple(keys), list(options)))
        return len(self.choices) - 1

    # ---- solving
    def _reduced(self) -> list[Constraint]:
        """Constraints with the fixed values moved to the constant; those with no unknown left out."""
        out = []
        fixed = self.fixed
        for c in self.constraints:
            terms, moved = _substitute(c.terms, fixed)  # (a key not fixed is unknown)
            if not all(terms.values()):
                terms = {k: a for k, a in terms.items() if a}
            if not terms:
                continue
            out.append(Constraint(terms, c.const - moved, c.rule, c.op, c.optional))
        return out

    def solve(self, relax: bool = False) -> Solution:
        """relax: where a component's identities cannot all hold, try it without one rule at a time."""
        sol = Solution()
        cons = self._reduced()
        for comp_keys, comp_cons, comp_choices in _components(list(self.unknown), cons, self.choices):
            _solve_component(comp_keys, comp_cons, comp_choices, self.choices, sol, relax)
        return sol


def _components(keys: list[Key], cons: list[Constraint], choices: list[Choice]):
    """The connected parts of the system: (keys, constraints, choice indices) each, in the order of their
    first key; keys, constraints and choices each in their given order."""
    comp: dict[Key, int] = {}  # key → its part's label (labels merged through `alias`)
    alias: list[int] = []

    def label(group) -> None:
        found = {alias[comp[k]] for k in group if k in comp}
        if found:
            to = min(found)
            if len(found) > 1:
                for i, a in enumerate(alias):
                    if a in found:
                        alias[i] = to
        else:
            to = len(alias)
            alias.append(to)
        for k in group:
            if k not in comp:
                comp[k] = to

    for c in cons:
        label(c.terms)
    for ch in choices:
        if ch.keys:
            label(ch.keys)
    comps: dict[object, tuple[list, list, list]] = {}
    for k in keys:
        comps.setdefault(alias[comp[k]] if k in comp else ("alone", k), ([], [], []))[0].append(k)
    for c in cons:
        comps[alias[comp[next(iter(c.terms))]]][1].append(c)
    for i, ch in enumerate(choices):
        if ch.keys:
            comps[alias[comp[ch.keys[0]]]][2].append(i)
    return list(comps.values())


def _solve_component(keys: list[Key], cons: list[Constraint], choice_ids: list[int], choices: list[Choice],
                     sol: Solution, relax: bool) -> None:
    if not cons and not choice_ids:
        sol.undetermined.update(keys)
        return
    groups = _attempts(cons, relax)
    for label, used in groups:
        res = _determine(keys, used, [choices[i] for i in choice_ids])
        if res is None:
            continue
        values, chosen = res
        if label:
            sol.dropped.append(label)
        for k in keys:
            if k in values:
                sol.values[k] = values[k]
            else:
                sol.undetermined.add(k)
        for local, opt in chosen.items():
            sol.chosen[choice_ids[local]] = opt
        return
    sol.undetermined.update(keys)
    sol.conflicts.append((keys, sorted({c.rule for c in cons if not c.optional})))


def _attempts(cons: list[Constraint], relax: bool):
    """All constraints; then without the optional ones; then (relax) without one rule at a time."""
    yield "", cons
    required = [c for c in cons if not c.optional]
    if len(required) < len(cons):
        yield "", required
    rules = sorted({c.rule for c in required})
    if relax and len(rules) <= MAX_RELAX:
        for r in rules:
            yield r, [c for c in required if c.rule != r]


def _matrices(keys: list[Key], cons: list[Constraint], nvar: int):
    import numpy as np
    idx = {k: i for i, k in enumerate(keys)}
    eq = [c for c in cons if c.op == "eq"]
    le = [c for c in cons if c.op == "le"]

    def mat(cs):
        a = np.zeros((len(cs), nvar))
        for r, c in enumerate(cs):
            for k, v in c.terms.items():
                a[r, idx[k]] += v
        return a, np.array([c.const for c in cs], dtype=float)
    return mat(eq), mat(le)


def _determine(keys: list[Key], cons: list[Constraint], choices: list[Choice]
               ) -> Optional[tuple[dict[Key, float], dict[int, int]]]:
    """The unknowns of one component every solution agrees on (None: no solution)."""
    if not choices and all(c.op == "eq" for c in cons):
        known, rest = _settle(cons)
        if known is None:
            return None
        if not rest:
            return known, {}
        res = _determine_open([k for k in keys if k not in known], rest)
        if res is None:
            return None
        return {**known, **res}, {}
    found = _determine_by_readings(keys, cons, choices)
    return _determine_milp(keys, cons, choices) if found is _OPEN else found


MAX_READINGS = 256  # combinations of choice options tried one by one before HiGHS `milp` is called
_OPEN = object()


def _determine_by_readings(keys: list[Key], cons: list[Constraint], choices: list[Choice]):
    """The milp's answer without scipy, for the common small case: few combinations of readings, each of
    which the equations pin to one point (by propagation) that the inequalities then accept or not. A count
    is determined when every consistent combination gives it the same value. _OPEN where that does not
    apply (too many combinations, equations propagation leaves open, an inequality on a free count)."""
    combos = 1
    for ch in choices:
        combos *= len(ch.options)
    if combos > MAX_READINGS:
        return _OPEN
    eqs = [c for c in cons if c.op == "eq"]
    les = [c for c in cons if c.op != "eq"]
    points: list[dict[Key, float]] = []
    for picks in itertools.product(*(range(len(ch.options)) for ch in choices)):
        given: dict[Key, float] = {}
        fits = True
        for ch, oi in zip(choices, picks):
            for k, v in zip(ch.keys, ch.options[oi]):
                fits = fits and v >= 0 and float(v).is_integer() and given.get(k, v) == v  # as milp: x ≥ 0, integer
                given[k] = v
        if not fits:
            continue
        reduced = [Constraint({k: a for k, a in c.terms.items() if k not in given},
                              c.const - sum(a * given[k] for k, a in c.terms.items() if k in given), c.rule)
                   for c in eqs]
        known, rest = _propagate(reduced)
        if rest:
            return _OPEN
        if known is None:
            continue
        point = {**known, **given}
        if any(k not in point for c in les for k in c.terms):
            return _OPEN
        if all(sum(a * point[k] for k, a in c.terms.items()) <= c.const + 1e-6 for c in les):
            points.append(point)
    if not points:
        return None
    first = points[0]
    out = {k: float(round(first[k])) for k in keys
           if k in first and all(round(p[k]) == round(first[k]) for p in points)}
    return out, _chosen(out, choices)


def _substitute(terms: dict[Key, float], values: dict[Key, float]) -> tuple[dict[Key, float], float]:
    """The terms whose key has no value, and Σ a · value of the others, in the terms' order (as sum() adds them)."""
    rest: dict[Key, float] = {}
    moved = 0
    for k, a in terms.items():
        if k in values:
            moved = moved + a * values[k]
        else:
            rest[k] = a
    return rest, moved


def _propagate(cons: list[Constraint]) -> tuple[Optional[dict[Key, float]], list[Constraint]]:
    """Equations with one unknown left, solved in turn (the common case, no LP needed); the equations
    still open. None where a solved count is negative or fractional, or an equation fails: no solution."""
    known: dict[Key, float] = {}
    disjoint = known.keys().isdisjoint  # (the view follows `known`)
    rest = list(cons)
    while True:
        progress, nxt = False, []
        for c in rest:
            if len(c.terms) > 1 and disjoint(c.terms):  # nothing known in it: it goes on as it is
                nxt.append(c)
                continue
            terms, moved = _substitute(c.terms, known)
            const = c.const - moved
            if not terms:
                if abs(const) > 1e-6:
                    return None, []
                continue
            if len(terms) == 1:
                (k, a), = terms.items()
                v = const / a
                if v < -1e-9 or abs(v - round(v)) > 1e-6:
                    return None, []
                known[k] = float(round(v))
                progress = True
                continue
            nxt.append(Constraint(terms, const, c.rule, c.op, c.optional))
        rest = nxt
        if not progress:
            return known, rest


def _settle(cons: list[Constraint]) -> tuple[Optional[dict[Key, float]], list[Constraint]]:
    """_propagate, and the zeros no LP is needed for: an equation whose counts all have one sign and whose
    constant is 0 pins each of them to 0 (x ≥ 0), and with a constant of the other sign it has no solution;
    repeated while it pins counts (each zero may leave equations with one unknown)."""
    known, rest = _propagate(cons)
    while known is not None:
        zeros: list[Key] = []
        for c in rest:
            signs = {a > 0 for a in c.terms.values()}
            if len(signs) == 1:
                if abs(c.const) <= 1e-6:
                    zeros.extend(c.terms)
                elif (c.const > 0) != signs.pop():
                    return None, []
        if not zeros:
            return known, rest
        more, rest = _propagate(rest + [Constraint({k: 1.0}, 0.0, "zero") for k in zeros])
        if more is None:
            return None, []
        known.update(more)
    return None, []


def _determine_open(keys: list[Key], cons: list[Constraint]) -> Optional[dict[Key, float]]:
    """The equations _settle leaves open, component by component: one equation (of two or more counts,
    not all zero: a strictly positive point fits it) pins none of its counts; several are decided by one
    SVD where it finds a strictly positive point (`_determine_svd`); the rest go to the LP together."""
    out: dict[Key, float] = {}
    lp_keys: list[Key] = []
    lp_cons: list[Constraint] = []
    for comp_keys, comp_cons, _ in _components(keys, cons, []):
        if len(comp_cons) < 2:
            continue
        got = _determine_svd(comp_keys, comp_cons)
        if got is None:
            return None
        if got is _OPEN:
            lp_keys += comp_keys
            lp_cons += comp_cons
        else:
            out.update(got)
    if lp_cons:
        res = _determine_lp(lp_keys, lp_cons)
        if res is None:
            return None
        out.update(res[0])
    return out


POSITIVE = 1e-3  # the smallest count of the strictly positive point _determine_svd accepts


def _determine_svd(keys: list[Key], cons: list[Constraint]):
    """_determine_lp's answer from one SVD where it can be given without the LP: with a strictly positive
    point y (A y = b, the nearest to the all-ones line), no count is 0 at every point, so the affine hull is
    {A y = b} and a count is determined exactly where the null space of A (the same `null_space` as
    _determine_lp's) is 0 in its row; with no null space, the one solution where it is non-negative.
    _OPEN where no such point is found (the LP decides)."""
    import numpy as np
    from scipy.linalg import svd
    (a, b), _ = _matrices(keys, cons, len(keys))
    u, s, vh = svd(a, full_matrices=True)  # as scipy.linalg.null_space
    rank = int(np.sum(s > np.amax(s, initial=0.0) * np.finfo(s.dtype).eps * max(a.shape)))
    ns = vh[rank:].T
    y0 = vh[:rank].T @ ((u[:, :rank].T @ b) / s[:rank])  # the least-norm solution
    if ns.shape[1] == 0:
        if np.min(y0) < -1e-7 or np.max(np.abs(a @ y0 - b), initial=0) > 1e-6:
            return _OPEN
        y = y0
        pinned = np.ones(len(keys), dtype=bool)
    else:
        q = ns @ ns.sum(axis=0)  # the all-ones vector projected on the null space
        up, down = q > 1e-9, q < -1e-9
        if np.any(y0[~(up | down)] < 2 * POSITIVE):
            return _OPEN
        # y0 + t q ≥ 2 POSITIVE: t ≥ lo where q > 0, t ≤ hi where q < 0
        lo = np.max((2 * POSITIVE - y0[up]) / q[up], initial=-np.inf)
        hi = np.min((y0[down] - 2 * POSITIVE) / -q[down], initial=np.inf)
        if lo > hi:
            return _OPEN
        t = (lo + hi) / 2 if np.isfinite(lo) and np.isfinite(hi) else (
            lo + max(1.0, abs(lo)) if np.isfinite(lo) else hi - max(1.0, abs(hi)) if np.isfinite(hi) else 0.0)
        y = y0 + t * q
        if np.min(y) < POSITIVE or np.max(np.abs(a @ y - b), initial=0) > 1e-6:
            return _OPEN
        pinned = np.all(np.abs(ns) < 1e-9, axis=1)
    out: dict[Key, float] = {}
    for j in np.flatnonzero(pinned):
        v = float(y[j])
        if abs(v - round(v)) > 1e-6:
            return None  # the identities pin a count to a fraction: they cannot all hold
        out[keys[j]] = float(round(v))
    return out


def _determine_lp(keys: list[Key], cons: list[Constraint]) -> Optional[tuple[dict[Key, float], dict[int, int]]]:
    import numpy as np
    from scipy.linalg import null_space
    from scipy.optimize import linprog
    n = len(keys)
    (a, b), _ = _matrices(keys, cons, n)
    # max Σ t  s.t.  A y = λ b,  t ≤ y,  0 ≤ t ≤ 1,  y ≥ 0,  λ ≥ 1 (a scaled sum of feasible points):
    # t_j = 1 for every count that can be positive, t_j = 0 for those that are 0 at every point
    c = np.concatenate([np.zeros(n), -np.ones(n), [0.0]])
    a_eq = np.hstack([a, np.zeros_like(a), -b.reshape(-1, 1)])
    a_ub = np.hstack([-np.eye(n), np.eye(n), np.zeros((n, 1))])
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(n), A_eq=a_eq, b_eq=np.zeros(len(b)),
                  bounds=[(0, None)] * n + [(0, 1)] * n + [(1, None)], method="highs")
    if res.status != 0:
        return None
    lam = res.x[2 * n]
    x, t = res.x[:n] / lam, res.x[n:2 * n]
    if a.size and np.max(np.abs(a @ x - b), initial=0) > 1e-6:
        return None  # no non-negative solution
    zero = [j for j in range(n) if t[j] < 0.5]
    hull = np.vstack([a] + [np.eye(n)[zero]]) if zero else a
    ns = null_space(hull) if hull.size else np.eye(n)
    out: dict[Key, float] = {}
    for j, k in enumerate(keys):
        if ns.shape[1] == 0 or np.all(np.abs(ns[j]) < 1e-9):
            v = 0.0 if j in zero else x[j]
            if abs(v - round(v)) > 1e-6:
                return None  # the identities pin a count to a fraction: they cannot all hold
            out[k] = float(round(v))
    return out, {}


def _determine_milp(keys: list[Key], cons: list[Constraint], choices: list[Choice]
                    ) -> Optional[tuple[dict[Key, float], dict[int, int]]]:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    n = len(keys)
    idx = {k: i for i, k in enumerate(keys)}
    sel = []  # (choice, option) per binary
    for ci, ch in enumerate(choices):
        sel += [(ci, oi) for oi in range(len(ch.options))]
    nv = n + len(sel)
    (a_eq, b_eq), (a_le, b_le) = _matrices(keys, cons, nv)
    rows, lo, hi = [a_eq, a_le], [b_eq, np.full(len(b_le), -np.inf)], [b_eq, b_le]
    link = []
    for ci, ch in enumerate(choices):
        one = np.zeros(nv)
        for j, (c2, _) in enumerate(sel):
            if c2 == ci:
                one[n + j] = 1
        link.append((one, 1.0))
        for p, k in enumerate(ch.keys):
            r = np.zeros(nv)
            r[idx[k]] = 1
            for j, (c2, oi) in enumerate(sel):
                if c2 == ci:
                    r[n + j] = -ch.options[oi][p]
            link.append((r, 0.0))
    if link:
        rows.append(np.array([r for r, _ in link]))
        v = np.array([b for _, b in link])
        lo.append(v)
        hi.append(v)
    constraint = LinearConstraint(np.vstack(rows), np.concatenate(lo), np.concatenate(hi))
    bounds = Bounds(np.zeros(nv), np.concatenate([np.full(n, np.inf), np.ones(len(sel))]))
    integrality = np.ones(nv)

    def run(obj: np.ndarray):
        r = milp(obj, constraints=constraint, bounds=bounds, integrality=integrality)
        if r.status == 0:
            return "ok", r.x
        return ("unbounded" if r.status == 3 else "none"), None

    status, x0 = run(np.zeros(nv))
    if status != "ok":
        return None
    pool = [x0]
    out: dict[Key, float] = {}
    for j, k in enumerate(keys):
        if len({round(p[j]) for p in pool}) > 1:
            continue
        obj = np.zeros(nv)
        obj[j] = 1
        determined = True
        for sign in (1, -1):
            st, x = run(sign * obj)
            if st != "ok":
                determined = False
                break
            pool.append(x)
            if round(x[j]) != round(x0[j]):
                determined = False
                break
        if determined:
            out[k] = float(round(x0[j]))
    return out, _chosen(out, choices)


def _chosen(out: dict[Key, float], choices: list[Choice]) -> dict[int, int]:
    """choice index → the first option equal to the values determined for its cells."""
    chosen = {}
    for ci, ch in enumerate(choices):
        if all(k in out for k in ch.keys):
            vec = tuple(out[k] for k in ch.keys)
            match = [oi for oi, o in enumerate(ch.options) if tuple(float(v) for v in o) == vec]
            if match:
                chosen[ci] = match[0]
    return chosen
