"""Identities (勾稽关系): fill what the identities determine (solver.py), then check them all.

identities → instances (one per column, row or group) → one system → determined cells → checks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .result import Check, Issue, Number, TableResult, Value
from .solver import System
from .template_cache import per_template
from .templates import Identity, Template

TOLERANCE = 1e-6


@dataclass
class Instance:
    """One identity applied at one place: Σ lhs cells = Σ rhs cells."""
    identity: Identity
    at: str  # the column, row or group it is applied at
    lhs: list[tuple[str, str]]  # (row, col) pairs
    rhs: list[tuple[str, str]]
    terms: dict[tuple[str, str, str], int] = field(init=False)  # (table, row, col) → +1 each lhs, −1 each rhs
    cells: list[tuple[str, str]] = field(init=False)  # lhs + rhs (made once: instances are per template)

    def __post_init__(self) -> None:
        t, self.terms, self.cells = self.identity.table, {}, self.lhs + self.rhs
        for rc in self.lhs:
            self.terms[(t, *rc)] = self.terms.get((t, *rc), 0) + 1
        for rc in self.rhs:
            self.terms[(t, *rc)] = self.terms.get((t, *rc), 0) - 1


def instances(template: Template, tables: dict[str, TableResult]) -> list[Instance]:
    """Every identity of the template applied at each of its places (`tables` unused; made once per
    template: the instances only read)."""
    return _instances(template)


@per_template
def _instances(template: Template) -> list[Instance]:
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


@per_template
def computed_rows(template: Template) -> dict[tuple[str, str], str]:
    """(table, row) → the rule deriving the row, for the template's derived rows (read only)."""
    return {(t, r.key): r.computed_by for t, td in template.tables.items() for r in td.rows if r.computed_by}


_NO_CELLS: dict[str, Value] = {}  # a row with no cells (read only)


def _get(tables: dict[str, TableResult], table: str, rc: tuple[str, str]) -> Optional[Value]:
    return tables[table].cells.get(rc[0], _NO_CELLS).get(rc[1])  # TableResult.get without its call


def _known(tables: dict[str, TableResult], inst: Instance) -> Optional[list[Value]]:
    """The instance's cells, lhs then rhs; None where one has no value (stopping at the first)."""
    cells, out = tables[inst.identity.table].cells, []
    for r, c in inst.cells:
        v = cells.get(r, _NO_CELLS).get(c)
        if v is None or v.value is None:
            return None
        out.append(v)
    return out


def _close(a: Number, b: Number) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def _tidy(x: Number) -> Number:
    return int(round(x)) if isinstance(x, float) and _close(x, round(x)) else round(x, 6)


def _printed_instead(inst: Instance, tables: dict[str, TableResult], computed: dict) -> bool:
    """The defining identity of a derived row the table prints itself (gov-2021 with the single
    （六）其他处理 row of gov-2019): its sub-rows are not printed and stay null."""
    t = inst.identity.table
    row = inst.lhs[0][0] if inst.lhs else None
    if computed.get((t, row)) != inst.identity.rule:
        return False
    printed = any(v.source == "cell" for v in tables[t].cells.get(row, {}).values())
    # sub-rows printing no number (none found, or only blanks a page or a merged label left): not printed
    return printed and all((v := _get(tables, t, rc)) is None or v.source in (None, "blank_cell") for rc in inst.rhs)


def _absent_sub_rows(template: Template, tables: dict[str, TableResult], computed: dict) -> set[tuple[str, str]]:
    """Sub-rows of a derived row none of which the table prints in any column (a gov-2021 table in gov-2019's
    form, its single （六）其他处理 row unread): rows the report does not have, left null (issue item 6)."""
    out: set[tuple[str, str]] = set()
    for ident in template.identities:
        t = ident.table
        if ident.per != "column" or computed.get((t, ident.lhs[0])) != ident.rule or not tables[t].found:
            continue
        if all(v.source is None for r in ident.rhs for v in tables[t].cells.get(r, {}).values()):
            out.update((t, r) for r in ident.rhs)
    return out


def _suspect_cells(insts: list[Instance], tables: dict[str, TableResult]) -> dict[str, set]:
    """Printed cells of an identity the source breaks: no identity through them is used to infer."""
    out: dict[str, set] = {}
    for inst in insts:
        vals = _known(tables, inst)
        n = len(inst.lhs)
        if vals is not None and not _close(sum(v.value for v in vals[:n]), sum(v.value for v in vals[n:])):
            out.setdefault(inst.identity.table, set()).update(inst.cells)
    return out


def _rules_by_cell(insts: list[Instance], wanted: set[tuple[str, tuple[str, str]]]
                   ) -> dict[tuple[str, tuple[str, str]], str]:
    """(table, (row, col)) → the rules of the instances through the cell, sorted and joined; `wanted` cells only."""
    by_table: dict[str, set[tuple[str, str]]] = {}
    for t, rc in wanted:
        by_table.setdefault(t, set()).add(rc)
    rules: dict[tuple[str, tuple[str, str]], set[str]] = {}
    for i in insts:
        want = by_table.get(i.identity.table)
        if want:  # (an instance of a table with no wanted cell is passed over)
            for rc in i.cells:
                if rc in want:
                    rules.setdefault((i.identity.table, rc), set()).add(i.identity.rule)
    return {k: ", ".join(sorted(v)) for k, v in rules.items()}


def solve(template: Template, tables: dict[str, TableResult], stated: Optional[dict[str, Number]] = None) -> list[Issue]:
    """Every unknown cell the identities pin (every consistent assignment agrees on it); never guess.

    Printed numbers are fixed, blanks and missing cells unknown counts ≥ 0, rows whose digits ran
    together or whose empty cells were dropped a choice among their readings; the narrative's stated
    figures are optional constraints on those readings.
    """
    issues: list[Issue] = []
    computed = computed_rows(template)
    every = [i for i in instances(template, tables) if tables[i.identity.table].found]
    printed = [_printed_instead(i, tables, computed) for i in every]
    instead = {(i.identity.table, rc[0]) for i, p in zip(every, printed) if p for rc in i.rhs}
    instead |= _absent_sub_rows(template, tables, computed)
    insts = [i for i, p in zip(every, printed) if not p]
    suspect = _suspect_cells(insts, tables)
    insts_used = [i for i in insts if not any(rc in suspect.get(i.identity.table, ()) for rc in i.cells)
                  ] if suspect else insts
    system = System()
    for t, tr in tables.items():
        if not tr.found:
            continue
        for row, cols in tr.cells.items():
            for col, v in cols.items():
                if v.value is not None:
                    system.fix((t, row, col), v.value)
    for inst in insts_used:
        system.add(inst.terms, 0.0, inst.identity.rule)  # (add copies the terms)
    pendings = []
    for t, tr in tables.items():
        for p in tr.pending:
            keys = tuple((t, p.row, c) for c in p.columns)
            if not p.options:  # no reading fits the row's own identity: the row is not used
                issues.append(Issue("warning", "ambiguous_row", f"{t} {p.row}: no reading of {p.phrase[:40]!r} fits "
                                                                f"the row identity; left to the other identities", p.where))
                continue
            pendings.append((t, p, system.choose(keys, [tuple(float(x) for x in o) for o in p.options])))
            for k in keys:
                fact = f"{k[0]}.{k[1]}.{k[2]}"
                if stated and fact in stated:
                    system.add({k: 1.0}, float(stated[fact]), "stated", optional=True)
    sol = system.solve()
    in_choice = {k for _, p, ci in pendings for k in system.choices[ci].keys}
    contradicted = _contradicted(sol, stated or {}, in_choice)
    if contradicted:  # a count the identities give but the text states otherwise: those identities are not
        for key, said in contradicted:  # to be trusted here; required, the figure leaves its component null
            system.add({key: 1.0}, float(said), "stated")
            k = f"{key[0]}.{key[1]}.{key[2]}"
            issues.append(Issue("warning", "inference_conflict",
                                f"{k}: the identities give {_tidy(sol.values[key])} but the text states {said}; "
                                f"the cells solved with it left null", k))
        sol = system.solve()
    for keys, rules in sol.conflicts:
        shown = [f"{t}.{r}.{c}" for t, r, c in keys][:6]
        issues.append(Issue("warning", "inference_conflict",
                            f"{', '.join(rules)} cannot all hold with the printed values; {shown} left null",
                            shown[0] if shown else None))
    for rule in sol.dropped:
        issues.append(Issue("warning", "inference_conflict",
                            f"{rule} cannot hold with the printed values; the other identities solved without it", rule))
    rules_of = _rules_by_cell(insts, {(t, (row, col)) for t, row, col in sol.values if (t, row) not in computed})
    for (t, row, col), value in sorted(sol.values.items()):
        if (t, row, col) in in_choice or (t, row) in instead:
            continue  # sub-rows of a derived row printed in their place (gov-2019's （六）其他处理) stay null
        target = tables[t].cells[row][col]
        rule = computed.get((t, row)) or rules_of.get((t, (row, col)), "")
        value = _tidy(value)
        if (t, row) in computed and _sums_unreadable(template, tables, t, row, col):
            # a derived row over a printed cell left unreadable: its sum would print that cell's value
            issues.append(Issue("info", "unreadable_cell_inferable", f"{t}.{row}.{col}: {rule} gives {value} "
                                f"through an unreadable sub-row cell; left null", f"{t}.{row}.{col}"))
        elif target.source == "blank_cell" and value == 0:
            target.value, target.rule = 0, rule  # a printed blank the identities prove zero
        elif target.source == "cell":  # an unreadable printed cell: keep it null, say what it should be
            issues.append(Issue("info", "unreadable_cell_inferable", f"{t}.{row}.{col}: {rule} gives {value}",
                                f"{t}.{row}.{col}"))
        else:
            target.value, target.source, target.rule = value, "inferred", rule
            if (t, row) not in computed:
                issues.append(Issue("info", "inferred", f"{t}.{row}.{col} = {value} solved from {rule}",
                                    f"{t}.{row}.{col}"))
    for t, p, ci in pendings:
        issues.extend(_place_pending(tables[t], t, p, system.choices[ci], sol, sol.chosen.get(ci)))
    return issues


def _contradicted(sol, stated: dict[str, Number], in_choice: set) -> list[tuple[tuple[str, str, str], Number]]:
    """Unknown cells the solution pins to a value other than the one the narrative states."""
    out = []
    for key, value in sol.values.items():
        said = stated.get(f"{key[0]}.{key[1]}.{key[2]}")
        if said is not None and key not in in_choice and abs(value - said) > 1e-6:
            out.append((key, said))
    return out


def _sums_unreadable(template: Template, tables: dict[str, TableResult], t: str, row: str, col: str) -> bool:
    """The derived row's defining identity holds, in this column, a printed cell that could not be read."""
    rule = template.tables[t].row(row).computed_by
    for ident in template.identities:
        if ident.table == t and ident.per == "column" and ident.rule == rule:
            return any((v := tables[t].get(r, col)) is not None and v.source == "cell" and v.value is None
                       for r in ident.rhs)
    return False


def _place_pending(tr: TableResult, t: str, p, choice, sol, chosen: Optional[int]) -> list[Issue]:
    """A row read in several ways: its cells where the solver fixed them, else null and an issue."""
    where = p.where
    if chosen is not None:
        vector = list(p.options[chosen])
        printed = list(p.printed) if p.printed is not None else None
        for col, v in zip(p.columns, vector):
            if printed is None:
                tr.cells[p.row][col] = Value(v, "cell", raw=p.phrase[:60], where=where,
                                             rule="split fixed by the identities")
            elif printed and v == printed[0]:
                tr.cells[p.row][col] = Value(printed.pop(0), "cell", raw=p.phrase[:60], where=where)
            else:
                tr.cells[p.row][col] = Value(0, "blank_cell", raw=p.phrase[:60], where=where,
                                             rule="identities (empty cells dropped)")
        return []
    if p.printed is None:
        open_cells = []
        for col, key in zip(p.columns, choice.keys):
            if key in sol.values:
                tr.cells[p.row][col] = Value(_tidy(sol.values[key]), "cell", raw=p.phrase[:60], where=where,
                                             rule="split fixed by the identities")
            else:
                open_cells.append(f"{p.row}.{col}")
        return [Issue("warning", "ambiguous_digits", f"{t} digits {p.phrase!r} run together; {len(p.options)} splits "
                                                     f"satisfy the identities; {open_cells} not determined; left null",
                      where)] if open_cells else []
    return [Issue("warning", "ambiguous_row", f"{t} {p.row}: {len(p.printed)} values for {len(p.columns)} columns "
                                              f"({p.phrase[:40]!r}) fit the identities in several ways; left null",
                  where)]


def check(template: Template, tables: dict[str, TableResult]) -> list[Check]:
    out: list[Check] = []
    for inst in instances(template, tables):
        ident, t = inst.identity, inst.identity.table
        if not tables[t].found:
            continue
        vals = _known(tables, inst)
        known, n = vals is not None, len(inst.lhs)
        exp = _tidy(sum(v.value for v in vals[:n])) if known else None
        act = _tidy(sum(v.value for v in vals[n:])) if known else None
        ok = _close(exp, act) if known else None
        place = {"column": inst.at} if ident.per == "column" else ({"group": inst.at} if ident.per == "group" else {"row": inst.at})
        msg = ident.message if known else ident.message + " (not checkable: a value is missing)"
        out.append(Check(ident.rule, ok, exp, act, msg, **place))
    return out


def confirm(template: Template, tables: dict[str, TableResult]) -> None:
    """`confirmed` on every value that takes part in an identity holding with all its cells printed or proven.

    Proven: a printed blank the identities prove 0, or a row the template defines as a sum of printed
    rows (not by the identity that defines it). A value solved from the identities (`inferred`) makes
    its own identities hold by construction, so an identity with one confirms nothing.
    """
    computed = computed_rows(template)
    for inst in instances(template, tables):
        t = inst.identity.table
        if not tables[t].found:
            continue
        got = _known(tables, inst)
        if got is None or any(v.source == "inferred" and computed.get((t, rc[0])) in (None, inst.identity.rule)
                              for rc, v in zip(inst.cells, got)):
            continue
        n = len(inst.lhs)
        if _close(sum(v.value for v in got[:n]), sum(v.value for v in got[n:])):
            for v in got:
                v.confirmed = True
