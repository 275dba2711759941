"""Identities (勾稽关系): fill what one identity determines, then check them all.

identities → instances (one per column, row or group) → solve single unknowns → checks.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .result import Check, Issue, Number, TableResult, Value
from .templates import Identity, Template

TOLERANCE = 1e-6


@dataclass
class Instance:
    """One identity applied at one place: Σ lhs cells = Σ rhs cells."""
    identity: Identity
    at: str  # the column, row or group it is applied at
    lhs: list[tuple[str, str]]  # (row, col) pairs
    rhs: list[tuple[str, str]]


def instances(template: Template, tables: dict[str, TableResult]) -> list[Instance]:
    out: list[Instance] = []
    for ident in template.identities:
        tdef = template.tables[ident.table]
        if ident.per == "column":
            for col in (c.key for c in tdef.columns):
                out.append(Instance(ident, col, [(r, col) for r in ident.lhs], [(r, col) for r in ident.rhs]))
        else:
            for row in (r.key for r in tdef.rows):
                out.append(Instance(ident, row, [(row, c) for c in ident.lhs], [(row, c) for c in ident.rhs]))
    return out


def _get(tables: dict[str, TableResult], table: str, rc: tuple[str, str]) -> Optional[Value]:
    return tables[table].get(*rc)


def _close(a: Number, b: Number) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def _tidy(x: Number) -> Number:
    return int(round(x)) if isinstance(x, float) and _close(x, round(x)) else round(x, 6)


def solve(template: Template, tables: dict[str, TableResult]) -> list[Issue]:
    """Fill every unknown cell that exactly one identity instance determines; never guess."""
    issues: list[Issue] = []
    insts = instances(template, tables)
    computed = {(t, r.key): r.computed_by for t, td in template.tables.items() for r in td.rows if r.computed_by}
    blocked: set[tuple[str, str, str]] = set()
    while True:
        proposals: dict[tuple[str, str, str], list[tuple[Number, str]]] = {}
        for inst in insts:
            t = inst.identity.table
            if not tables[t].found:
                continue  # nothing is inferred into a table the source does not print
            cells = [(rc, 1) for rc in inst.lhs] + [(rc, -1) for rc in inst.rhs]
            vals = [(rc, sign, _get(tables, t, rc)) for rc, sign in cells]
            unknown = [(rc, sign, v) for rc, sign, v in vals if v is None or v.value is None]
            if not unknown or any(v is None for _, _, v in unknown):
                continue
            rest = sum(s * v.value for _, s, v in vals if v is not None and v.value is not None)
            if len(unknown) == 1:
                rc, sign, _ = unknown[0]
                if computed.get((t, rc[0]), inst.identity.rule) != inst.identity.rule:
                    continue  # a row the template does not print is only ever its own sum
                proposals.setdefault((t, *rc), []).append((_tidy(-rest * sign), inst.identity.rule))
            elif len({sign for _, sign, _ in unknown}) == 1 and _close(rest, 0):
                # several unknown counts that must sum to zero: each is zero (counts are never negative)
                for rc, _, _ in unknown:
                    if (t, rc[0]) not in computed:
                        proposals.setdefault((t, *rc), []).append((0, inst.identity.rule))
        progress = False
        for (t, row, col), props in sorted(proposals.items()):
            if (t, row, col) in blocked:
                continue
            target = tables[t].cells[row][col]
            values = {p for p, _ in props}
            if len(values) > 1:
                issues.append(Issue("warning", "inference_conflict",
                                    f"{t}.{row}.{col}: identities give different values {sorted(values)}; left null",
                                    f"{t}.{row}.{col}"))
                blocked.add((t, row, col))
                continue
            value, rule = next(iter(values)), props[0][1]
            if value < 0:
                issues.append(Issue("warning", "inference_negative",
                                    f"{t}.{row}.{col}: {rule} would give {value}; left null", f"{t}.{row}.{col}"))
                blocked.add((t, row, col))
                continue
            if target.source == "blank_cell" and value == 0:
                target.value, target.rule = 0, rule  # a printed blank the identity confirms as zero
            else:
                if target.source == "cell":  # an unreadable printed cell: keep it null, say what it should be
                    issues.append(Issue("info", "unreadable_cell_inferable",
                                        f"{t}.{row}.{col}: {rule} gives {value}", f"{t}.{row}.{col}"))
                    blocked.add((t, row, col))
                    continue
                target.value, target.source, target.rule = value, "inferred", rule
                if tables[t].found and (t, row) not in computed:
                    issues.append(Issue("info", "inferred", f"{t}.{row}.{col} = {value} solved from {rule}",
                                        f"{t}.{row}.{col}"))
            progress = True
        if not progress:
            return issues


def check(template: Template, tables: dict[str, TableResult]) -> list[Check]:
    out: list[Check] = []
    for inst in instances(template, tables):
        ident, t = inst.identity, inst.identity.table
        if not tables[t].found:
            continue
        lhs = [_get(tables, t, rc) for rc in inst.lhs]
        rhs = [_get(tables, t, rc) for rc in inst.rhs]
        known = all(v is not None and v.value is not None for v in lhs + rhs)
        exp = _tidy(sum(v.value for v in lhs)) if known else None
        act = _tidy(sum(v.value for v in rhs)) if known else None
        ok = _close(exp, act) if known else None
        place = {"column": inst.at} if ident.per == "column" else ({"group": inst.at} if ident.per == "group" else {"row": inst.at})
        msg = ident.message if known else ident.message + " (not checkable: a value is missing)"
        out.append(Check(ident.rule, ok, exp, act, msg, **place))
    return out
