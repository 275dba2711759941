"""The solver's direct decisions (`_settle`, one-equation components, `_determine_svd`) give what the LP
alone gave: on random tables with sums (row and column totals, splits, balances) with random cells blank
and random misprints, every outcome (no solution, or the same counts with the same values) equals
propagation + `_determine_lp` over everything left open, the solver before the direct decisions."""
from __future__ import annotations

import random

import pytest

from extractor import solver
from extractor.solver import Constraint, _determine, _determine_lp, _determine_svd, _propagate

pytest.importorskip("scipy")


def reference(keys, cons):
    known, rest = _propagate(cons)
    if known is None:
        return None
    if not rest:
        return known
    res = _determine_lp([k for k in keys if k not in known], rest)
    return None if res is None else {**known, **res[0]}


def table_system(rng: random.Random):
    """A table of counts with row totals, column totals and a split of one row, some cells blank (unknown),
    some printed values wrong; the equations over the blanks as the checks build them."""
    rows, cols = rng.randint(2, 7), rng.randint(2, 6)
    zero_rate = rng.choice([0.0, 0.3, 0.7, 1.0])
    cell = {(r, c): (0 if rng.random() < zero_rate else rng.randint(1, 40)) for r in range(rows) for c in range(cols)}
    for r in range(rows):
        cell[r, "T"] = sum(cell[r, c] for c in range(cols))
    for c in [*range(cols), "T"]:
        cell["T", c] = sum(cell[r, c] for r in range(rows))
    split = [("s", i) for i in range(rng.randint(2, 3))]
    left = cell[0, "T"]
    for i, k in enumerate(split):
        cell[k] = left if i == len(split) - 1 else rng.randint(0, left)
        left -= cell[k]
    blank = rng.choice([0.1, 0.3, 0.6, 0.9])
    unknown = {k for k in cell if rng.random() < blank}
    printed = {k: v for k, v in cell.items() if k not in unknown}
    for k in list(printed):
        if rng.random() < 0.03:
            printed[k] += rng.choice([-3, 1, 7])
    eqs = [({(r, c): 1.0 for c in range(cols)} | {(r, "T"): -1.0}) for r in [*range(rows), "T"]]
    eqs += [({(r, c): 1.0 for r in range(rows)} | {("T", c): -1.0}) for c in [*range(cols), "T"]]
    eqs.append({k: 1.0 for k in split} | {(0, "T"): -1.0})
    cons = []
    for terms in eqs:
        sign = rng.choice([1.0, -1.0])
        open_terms = {k: a * sign for k, a in terms.items() if k in unknown}
        if open_terms:
            const = -sum(a * sign * printed[k] for k, a in terms.items() if k not in unknown)
            cons.append(Constraint(open_terms, const, "r"))
    return sorted(unknown, key=str), cons


@pytest.mark.parametrize("seed", range(300))
def test_direct_decisions_equal_the_lp(seed):
    keys, cons = table_system(random.Random(seed))
    got = _determine(keys, cons, [])
    want = reference(keys, cons)
    assert (got is None) == (want is None)
    if want is not None:
        assert got[0] == want


def test_svd_decides_a_real_shape_without_the_lp(monkeypatch):
    """rules_only_table.pdf's open system after the zeros: 7 columns of 18 reasons with printed column sums
    and unprinted row totals; the SVD finds a positive point, so the LP is not called; nothing more is
    pinned (any reason can move between two columns' totals)."""
    reasons, cols = [f"r{i}" for i in range(6)], ["a", "b", "c", "total"]
    sums = {"a": 139.0, "b": 8.0, "c": 3.0, "total": 150.0}
    cons = [Constraint({(r, c): -1.0 for r in reasons}, -sums[c], "col") for c in cols]
    cons += [Constraint({(r, "total"): 1.0} | {(r, c): -1.0 for c in cols[:-1]}, 0.0, "row") for r in reasons]
    keys = [(r, c) for r in reasons for c in cols]
    monkeypatch.setattr(solver, "_determine_lp", lambda *a: pytest.fail("the LP was called"))
    assert _determine_svd(keys, cons) == {}


def test_settle_pins_the_zeros_of_a_zero_sum():
    """A column summing to 0 pins every count in it and, through the split, the split's parts."""
    cons = [Constraint({"a": 1.0, "b": 1.0, "other": 1.0}, 0.0, "col"),
            Constraint({"other": 1.0, "o1": -1.0, "o2": -1.0}, 0.0, "split"),
            Constraint({"x": 1.0, "y": 1.0}, -2.0, "bad")]
    assert solver._settle(cons[:2]) == ({"a": 0.0, "b": 0.0, "other": 0.0, "o1": 0.0, "o2": 0.0}, [])
    assert solver._settle(cons)[0] is None  # x + y = −2 with x, y ≥ 0: no solution
