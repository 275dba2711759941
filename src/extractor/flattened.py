"""Rebuild statistics tables from flattened text (crawler text, pipe rows, one cell per line).

section text → row labels found in template order → the value run after each label →
tokens → cells. A run of digits with no separators (「21710000218」) is split only
where exactly one split satisfies the template's identities; otherwise the row is
left null with an issue naming the ambiguity.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

from .result import Issue, TableResult, Value
from .templates import Identity, Line, TableDef, Template
from .values import parse_cell, to_unit

SKIPPABLE = r"[\s“”\"'‘’「」|｜]*"  # what may stand between the characters of a flattened label
ORDINAL_BEFORE = re.compile(r"(?:\d[.、．]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\s*$")
NUMERIC_RUN = re.compile(r"[+-]?\d[\d.,，+\-\s|｜/—]*")
TOKEN = re.compile(r"[+-]?\d+(?:\.\d+)?")
MAX_DIGITS = 60  # longer runs are not split (the search would not be worth it)
MAX_SOLUTIONS = 2  # we only need to know whether a split is unique

Check = Optional[Callable[[list[int]], bool]]


def _label_pattern(label: str) -> re.Pattern:
    chars = [re.escape(ch) for ch in label if not ch.isspace() and ch not in "“”\"'‘’"]
    return re.compile(SKIPPABLE.join(chars))


def _find_labels(text: str, rows: tuple[Line, ...]) -> list[tuple[Line, int, int]]:
    """(row, start, end) for each row label found, searched in template order."""
    found = []
    pos = 0
    for row in rows:
        if row.computed_by:
            continue
        best = None
        for lab in sorted(row.labels, key=len, reverse=True):
            m = _label_pattern(lab).search(text, pos)
            if m and row.exact and not ORDINAL_BEFORE.search(text[:m.start()]):
                m = None  # a bare short label (其他, 总计) counts only after its ordinal
            if m and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            continue
        start = best.start()
        o = ORDINAL_BEFORE.search(text[:start])
        if o:
            start = o.start()
        found.append((row, start, best.end()))
        pos = best.end()
    return found


def _compositions(s: str, n: int) -> Iterator[list[int]]:
    """Every way to cut a digit string into n numbers without leading zeros."""
    if n == 1:
        if s and (s == "0" or s[0] != "0"):
            yield [int(s)]
        return
    for i in range(1, len(s) - n + 2):
        head = s[:i]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in _compositions(s[i:], n - 1):
            yield [int(head)] + rest


def split_digits(s: str, groups: list[tuple[int, Check]]) -> list[list[int]]:
    """Splits of s into consecutive groups of numbers, each passing its check; at most MAX_SOLUTIONS."""
    if len(s) > MAX_DIGITS:
        return []
    out: list[list[int]] = []

    def walk(rest: str, gi: int, acc: list[int]) -> None:
        if len(out) >= MAX_SOLUTIONS:
            return
        if gi == len(groups):
            if not rest:
                out.append(acc)
            return
        n, check = groups[gi]
        remaining = sum(k for k, _ in groups[gi + 1:])
        for cut in range(n, len(rest) - remaining + 1):
            for parts in _compositions(rest[:cut], n):
                if check is None or check(parts):
                    walk(rest[cut:], gi + 1, acc + parts)
                    if len(out) >= MAX_SOLUTIONS:
                        return

    walk(s, 0, [])
    return out


def _row_check(identity: Optional[Identity], columns: list[str]) -> Check:
    """The identity across one row's columns as a check on a list of numbers."""
    if identity is None:
        return None
    idx = {c: i for i, c in enumerate(columns)}
    if not all(c in idx for c in identity.lhs + identity.rhs):
        return None
    return lambda v: sum(v[idx[c]] for c in identity.lhs) == sum(v[idx[c]] for c in identity.rhs)


class Rebuilder:
    """Puts tokens of one flattened table into a TableResult, with issues for what it cannot place."""

    def __init__(self, template: Template, key: str, where: str):
        self.tdef: TableDef = template.tables[key]
        self.row_identity = next((i for i in template.identities if i.table == key and i.per != "column"), None)
        self.result = TableResult()
        self.issues: list[Issue] = []
        self.where = where

    def place(self, rows: list[str], columns: list[str], run: str, groups: int = 1, unit: Optional[str] = None) -> None:
        """Values of `run` into rows × columns (one row, or `groups` rows of one flattened line)."""
        tokens = TOKEN.findall(run)
        n = len(rows) * len(columns)
        phrase = run.strip()
        if len(tokens) == n:
            values = [parse_cell(t).value for t in tokens]
            how = "cell"
        elif len(tokens) == 1 and "." not in tokens[0] and n > 1:
            check = _row_check(self.row_identity, columns)
            sols = split_digits(tokens[0].lstrip("+-"), [(len(columns), check)] * len(rows))
            if len(sols) != 1:
                why = "no split satisfies" if not sols else "several splits satisfy"
                self.issues.append(Issue("warning", "ambiguous_digits",
                                         f"{self.tdef.key} {rows}: digits {tokens[0]!r} run together; {why} the identities; left null",
                                         self.where))
                return
            values, how = sols[0], "cell"
        else:
            self.issues.append(Issue("warning", "ambiguous_row",
                                     f"{self.tdef.key} {rows}: {len(tokens)} numbers for {n} cells in {phrase[:40]!r}; left null",
                                     self.where))
            return
        for i, v in enumerate(values):
            row, col = rows[i // len(columns)], columns[i % len(columns)]
            if unit and col == "amount":
                v = to_unit(v, parse_cell(tokens[0]).unit, unit) if len(tokens) == 1 else v
            self.result.cells.setdefault(row, {})[col] = Value(v, how, raw=phrase[:60], where=self.where)
            self.result.found = True


def _value_run(segment: str) -> str:
    m = NUMERIC_RUN.search(segment)
    return m.group(0) if m else ""


def rebuild_rows(text: str, template: Template, key: str, where: str) -> Rebuilder:
    """Table 二 or 三 from its section text."""
    rb = Rebuilder(template, key, where)
    labels = _find_labels(text, rb.tdef.rows)
    for i, (row, _, end) in enumerate(labels):
        stop = labels[i + 1][1] if i + 1 < len(labels) else len(text)
        run = _value_run(text[end:stop])
        if not run.strip():
            continue
        cols = list(row.columns or [c.key for c in rb.tdef.columns])
        rb.place([row.key], cols, run, unit=row.unit)
    return rb


def rebuild_review(text: str, template: Template, where: str) -> Rebuilder:
    """Table 四: the numbers after its header, groups in template order."""
    rb = Rebuilder(template, "review_litigation", where)
    ends = [m.end() for c in rb.tdef.columns for lab in c.labels for m in _label_pattern(lab).finditer(text)]
    if not ends:
        return rb
    run = _value_run(text[max(ends):])
    if run.strip():
        rb.place([r.key for r in rb.tdef.rows], [c.key for c in rb.tdef.columns], run, groups=len(rb.tdef.rows))
    return rb
