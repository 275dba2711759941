"""Legacy statistics tables (指标名称|计量单位|本年度|历年累计, 统计指标|单位|统计数) → resolved rows.

grids or flattened text → rows with candidate values → the table's own arithmetic (channels sum
to the total, replies split, parts ≤ whole, cumulative ≥ year) and the stated figures pick the
split of run-together digits (`346085376` = 3460 | 85376), solved by solver.py; a split is taken only when exactly one fits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .splits import compositions
from .labels import label_key
from .legacy_vocab import classify, group
from .templates import legacy
from .model import Table
from .result import Check, Issue, Number
from .solver import System
from .stats_spans import CUMULATIVE as _CUMULATIVE, RUN, STATISTICS, TEXT_HEAD, VALUE_HEAD as _VALUE_HEAD
from .values import parse_cell

MAX_RUN = 24  # longer digit runs are not split
_ORDINAL_NEXT = re.compile(r"[、.．](?!\d)")
IDENTITIES = legacy().identities  # part and whole, cumulative ≥ year: templates/legacy/identities.json
CUMULATIVE = next(i for i in IDENTITIES if i.kind == "cumulative")  # the cumulative column ≥ the year's, row by row

Values = tuple[Optional[Number], ...]  # (year,) or (year, cumulative)


@dataclass
class Row:
    """One row of a legacy statistics table and its candidate values."""
    fact: str
    unit: Optional[str]
    phrase: str
    options: list[Values]  # candidate values; one for a grid row, several for run-together digits
    run: str = ""
    label: str = ""

    @property
    def values(self) -> Optional[Values]:
        return self.options[0] if len(self.options) == 1 else None


@dataclass
class LegacyTable:
    """The rows read from a legacy statistics table."""
    rows: list[Row] = field(default_factory=list)
    cumulative: bool = False
    where: str = ""
    unmapped: list[str] = field(default_factory=list)


def _columns(headers: list[str]) -> tuple[Optional[int], Optional[int], list[int]]:
    """(unit column, code column, value columns: the year's first, then a cumulative one) of a header row."""
    unit = code = None
    years, cums = [], []
    for i, h in enumerate(headers):
        k = label_key(h)
        if k in ("计量单位", "单位"):
            unit = i
        elif k in ("代码", "序号", "编号"):
            code = i
        elif re.fullmatch(_VALUE_HEAD, k):
            (cums if _CUMULATIVE.search(k) else years).append(i)
    return unit, code, (years[:1] + cums[:1]) if years else []


def _level_total(grid: list, r: int, value_cols: list[int]) -> list[int]:
    """統計数 spanning per-level columns (区政府 / 区直单位 / 乡镇街道 / 合计): the year's figure is the total column."""
    if len(value_cols) != 1 or r + 1 >= len(grid):
        return value_cols
    head = grid[r][value_cols[0]]
    span = [i for i, c in enumerate(grid[r]) if c is not None and c is head]
    below = grid[r + 1]
    for i in span:
        c = below[i] if i < len(below) else None
        if c is not None and c is not head and label_key(c.text) in ("合计", "总计", "小计", "总数", "合计数"):
            return [i]
    return value_cols


def from_grid(table: Table, where: str) -> Optional[LegacyTable]:
    """A grid whose header row names 指标 and a year / 统计数 column."""
    grid = table.grid()
    for r, cells in enumerate(grid):
        texts = [c.text if c else "" for c in cells]
        if not any(label_key(t).endswith(("指标名称", "统计指标", "指标", "项目")) for t in texts):
            continue
        unit_col, code_col, value_cols = _columns(texts)
        if not value_cols:
            continue
        value_cols = _level_total(grid, r, value_cols)
        lt = LegacyTable(cumulative=len(value_cols) == 2, where=where)
        label_start = next(i for i, t in enumerate(texts) if label_key(t).endswith(("指标名称", "统计指标", "指标", "项目")))
        label_end = min((i for i in (unit_col, code_col, *value_cols) if i is not None and i > label_start),
                        default=len(texts))
        context = ""
        for row in grid[r + 1:]:
            seen: list[int] = []
            labels = []
            for c in row[label_start:label_end]:
                if c is not None and id(c) not in seen:
                    seen.append(id(c))
                    labels.append(c.text.strip())
            label = "".join(labels[-1:]) if labels else ""
            vals = [parse_cell(row[i].text if row[i] else "") for i in value_cols]
            unit = (row[unit_col].text.strip() if unit_col is not None and row[unit_col] else "") or None
            unit = unit or next((v.unit for v in vals if v.unit), None)
            fact = classify(label, context)
            if not any(v.kind == "number" for v in vals):
                continue
            if fact is None:
                lt.unmapped.append(label)
                continue
            context = group(fact)
            raw = " ".join(row[i].text.strip() if row[i] else "" for i in value_cols)
            lt.rows.append(Row(fact, unit, f"{label} {unit or ''} {raw}".replace("  ", " ").strip(),
                               [tuple(v.value for v in vals)], raw, label))
        return _finish(lt)
    return None


def _options(run: str, ncols: int, code: bool, blank_last: bool = False) -> list[Values]:
    """Candidate values of one row's number run: separated tokens, or every split of run-together digits.

    A row whose cumulative cell is printed blank (「| 5 | |」, or one digit alone) has the year's figure only."""
    if "|" in run or "｜" in run:
        cells = [parse_cell(c).value for c in re.split(r"[|｜]", run.strip(" |｜\t"))]
        cells = cells[1:] if code else cells
        return [tuple(cells[:ncols])] if len(cells) >= ncols else []
    tokens = re.findall(r"\d+(?:\.\d+)?", run)
    tokens = tokens[1:] if code and len(tokens) > 1 else tokens
    if len(tokens) == ncols:
        return [tuple(parse_cell(t).value for t in tokens)]
    if ncols == 2 and len(tokens) == 1 and (blank_last or len(tokens[0]) == 1):
        return [(parse_cell(tokens[0]).value, None)]
    if len(tokens) != 1 or "." in tokens[0] or len(tokens[0]) > MAX_RUN:
        return []
    digits = tokens[0][2:] if code and len(tokens[0]) > ncols + 1 else tokens[0]  # a two-digit code first
    return [tuple(p) for p in compositions(digits, ncols) if ncols == 1 or p[1] >= p[0]]


def from_text(text: str, where: str) -> Optional[LegacyTable]:
    """A table flattened into text: header, then label · unit · numbers, row after row."""
    head = TEXT_HEAD.search(text)
    if not head:
        return None
    cols = re.findall(_VALUE_HEAD, re.sub(r"[ \t]", "", head.group(2)))
    ncols = min(len(cols), 2)
    lt = LegacyTable(cumulative=ncols == 2 and any(_CUMULATIVE.search(c) for c in cols[1:]), where=where)
    body = text[head.end():]
    piped = bool(re.search(r"[|｜]", head.group(0)))
    stop = body.find("。")
    body = body if stop < 0 else body[:stop]
    pos, context = 0, ""
    for m in RUN.finditer(body):
        if m.start() < pos:
            continue
        label = body[pos:m.start()].strip(" \t|｜")
        ordinal = int(o.group(1)) if (o := re.search(r"(\d+)[、.．]", label)) else 0
        run = m.group(2).rstrip(" \t|｜,，.")
        # a table printed with separators keeps its cells apart: one number alone has a blank cumulative cell
        blank_last = piped or bool(re.match(r"[ \t]*[|｜][ \t]*[|｜]", m.group(2)[len(run):]))
        end = m.start(2) + len(run)
        if _ORDINAL_NEXT.match(body, end) and run[-1].isdigit():  # 「…3460853762、政府公报」: 2 is the next ordinal
            want = str(ordinal + 1)
            cut = want if run.endswith(want) and len(run) > len(want) else run[-1]
            run, end = run[:-len(cut)], end - len(cut)
        phrase = re.sub(r"\s+", " ", body[pos:end]).strip(" |｜")
        pos = end
        fact = classify(label, context)
        if fact is None:
            lt.unmapped.append(label)
            continue
        context = group(fact)
        lt.rows.append(Row(fact, m.group(1), phrase, _options(run, ncols, bool(head.group(1)), blank_last), run, label))
    return _finish(lt)


def _finish(lt: LegacyTable) -> Optional[LegacyTable]:
    """办结数 is the replies total where no 答复 row is printed (莆田-style forms)."""
    facts = {r.fact for r in lt.rows}
    if "replies_total" not in facts:
        for r in lt.rows:
            r.fact = "replies_total" if r.fact == "requests_completed" else r.fact
    return lt if lt.rows else None


@dataclass
class _Rule:
    """An identity of templates/legacy/identities.json over the rows this table prints."""
    name: str
    total: int
    parts: list[int]
    kind: str  # "sum" | "le"


def _rules(rows: list[Row]) -> list[_Rule]:
    """The part/whole identities whose whole and at least one part the table prints.

    A "le" identity with `sum_when_label` (否决(不予)公开答复总数 split by reason) is a sum when the whole's
    label holds that word; its `parts_when_sum` are then its parts, and no other identity's."""
    index: dict[str, int] = {}
    for i, r in enumerate(rows):
        index.setdefault(r.fact, i)  # a row printed again is not used (legacy.py keeps the first)
    as_sum = {i.rule for i in IDENTITIES if i.sum_when_label and i.lhs[0] in index
              and i.sum_when_label in rows[index[i.lhs[0]]].label}
    claimed = {p for i in IDENTITIES if i.rule in as_sum for p in i.parts_when_sum}
    out = []
    for ident in IDENTITIES:
        if ident.kind not in ("sum", "le") or ident.lhs[0] not in index:
            continue
        summed = ident.rule in as_sum
        parts = ident.rhs + (ident.parts_when_sum if summed else ())
        members = [index[p] for p in dict.fromkeys(parts) if p in index and (summed or p not in claimed)]
        if ident.sum_when_label:  # the reasons in the order the table prints them
            members.sort()
        if members:
            out.append(_Rule(ident.rule, index[ident.lhs[0]], members, "sum" if summed else ident.kind))
    return out


def _holds(rule: _Rule, combo: tuple[Values, ...], col: int) -> Optional[bool]:
    total, parts = combo[0][col], [v[col] for v in combo[1:]]
    if total is None or any(p is None for p in parts):
        return None
    if rule.kind == "le":
        return all(p <= total for p in parts)
    return abs(sum(parts) - total) < 1e-6


def _system(rows: list[Row], rules: list[_Rule], ncols: int, stated: dict[str, Number]) -> tuple[System, dict[int, int]]:
    """The table as one system for the identity solver: a row read several ways is a choice among its readings."""
    system, choice_of = System(), {}
    for i, row in enumerate(rows):
        if len(row.options) == 1:
            for c, v in enumerate(row.options[0][:ncols]):
                if v is not None:
                    system.fix((i, c), v)
        elif row.options:
            cols = [c for c in range(ncols) if all(o[c] is not None for o in row.options)]
            choice_of[i] = system.choose(tuple((i, c) for c in cols),
                                         [tuple(float(o[c]) for c in cols) for o in row.options])
            if row.fact in stated and 0 in cols:
                system.add({(i, 0): 1.0}, float(stated[row.fact]), "stated", optional=True)
    for rule in rules:
        for c in range(ncols):
            if rule.kind == "sum":
                terms = {(rule.total, c): 1.0}
                for p in rule.parts:
                    terms[(p, c)] = terms.get((p, c), 0.0) - 1.0
                system.add(terms, 0.0, rule.name)
            else:
                for p in rule.parts:
                    system.add({(p, c): 1.0, (rule.total, c): -1.0}, 0.0, rule.name, op="le")
    if ncols == 2:
        for i in choice_of:
            system.add({(i, 0): 1.0, (i, 1): -1.0}, 0.0, CUMULATIVE.rule, op="le")
    return system, choice_of


def resolve(lt: LegacyTable, stated: dict[str, Number]) -> tuple[list[Check], list[Issue]]:
    """Split run-together digits by the identities and the stated figures (one solver); the checks of the source."""
    ncols = 2 if lt.cumulative else 1
    rules = _rules(lt.rows)
    for row in lt.rows:  # 「件12」 and the text says 12: the cumulative cell is blank
        if ncols == 2 and row.fact in stated and row.run.strip() == str(stated[row.fact]) and \
                not any(v[0] == stated[row.fact] for v in row.options):
            row.options = [(stated[row.fact], None)]
    system, choice_of = _system(lt.rows, rules, ncols, stated)
    if choice_of:
        sol = system.solve(relax=True)  # an identity the source breaks is left out, as before
        for i, ci in choice_of.items():
            if ci in sol.chosen:
                lt.rows[i].options = [lt.rows[i].options[sol.chosen[ci]]]
    issues = []
    for row in lt.rows:
        if len(row.options) != 1:
            why = "no split fits" if not row.options else f"{len(row.options)} splits fit"
            issues.append(Issue("warning", "ambiguous_digits",
                                f"{row.fact}: number run {row.run!r}: {why} the table's arithmetic; left null", lt.where))
    if lt.unmapped:
        issues.append(Issue("info", "legacy_row_unmapped",
                            "rows with no fact name: " + "; ".join(u[:30] for u in lt.unmapped[:8]), lt.where))
    return _checks(lt, rules, ncols), issues


def _checks(lt: LegacyTable, rules: list[_Rule], ncols: int) -> list[Check]:
    out = []
    for rule in rules:
        members = [lt.rows[i] for i in [rule.total] + rule.parts]
        for c in range(ncols):
            col = STATISTICS.columns[c].key
            combo = tuple(r.values for r in members)
            ok = None if any(v is None for v in combo) else _holds(rule, combo, c)  # type: ignore[arg-type]
            total = combo[0][c] if combo[0] else None
            parts = [v[c] for v in combo[1:] if v]
            if rule.kind == "le":
                expected = max((p for p in parts if p is not None), default=None)
                msg = f"each of {', '.join(r.fact for r in members[1:])} ≤ {members[0].fact}"
            else:
                expected = sum(parts) if ok is not None else None
                msg = f"{members[0].fact} = {' + '.join(r.fact for r in members[1:])}"
            out.append(Check(rule.name, ok, expected, total, msg, column=col, row=members[0].fact))
    if ncols == 2:
        bad = [r for r in lt.rows if r.values and None not in r.values and r.values[1] < r.values[0]]
        for r in bad or [None]:
            out.append(Check(CUMULATIVE.rule, r is None, r.values[0] if r else None, r.values[1] if r else None,
                             CUMULATIVE.message + (f" ({r.fact})" if r else ""),
                             row=r.fact if r else None))
    return out
