"""Rebuild statistics tables from flattened text (crawler text, pipe rows, one cell per line).

section text → row labels found in template order → the value run after each label →
tokens → cells. A run of digits with no separators (「21710000218」) is split only
where exactly one split satisfies the template's identities; otherwise the row is
left null with an issue naming the ambiguity.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Optional

from .labels import label_key, near_in_gap, near_line
from .result import Issue, Number, TableResult, Value
from .splits import MAX_PARTIAL, Pending, row_candidates, row_check, split_digits, split_tokens
from .templates import Line, TableDef, Template
from .values import parse_cell, to_unit

SKIPPABLE = r"[\s“”\"'‘’「」|｜]*"  # what may stand between the characters of a flattened label
ORDINAL_BEFORE = re.compile(r"(?:\d[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)\s*$")
UNIT = r"(?:万元|元)"  # units printed inside money cells (251000元); kept with their number
BLANK_WORD = r"[无空](?=\s+[\d/／—–_-]|\s*$)"  # a cell printed as 无 before the next cells
NUMERIC_RUN = re.compile(r"(?:(?:(?<!\S)[/／—–_-](?=\s)|" + BLANK_WORD + r")\s*)*[+-]?\d(?:[\d.,，+\-\s|｜/—]|(?<=\d)"
                         + UNIT + r"|" + BLANK_WORD + r")*")
TOKEN = re.compile(r"[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?" + UNIT + r"?|[+-]?\d+(?:\.\d+)?" + UNIT + r"?")
CELL_END = re.compile(r"(?<![\d万])(?![无空][ \t]*(?:[|｜]|\n|$))[\u4e00-\u9fff（(]")  # where a row's cells end: text that is no unit (a 无 cell is a blank)
FULL_WIDTH_SIGNS = str.maketrans("＋－", "+-")  # 「＋15」「－7」 are signs
MIN_PREFIX = 6  # a wrapped label is recognised by at least this many of its first characters
PIPE_LOOKAHEAD = 12  # a pipe this close after a label means the text keeps cell separators


SKIPPED = frozenset("“”\"'‘’「」|｜")  # SKIPPABLE's characters besides whitespace
LABEL_DROPS = "“”\"'‘’"  # what a label's own characters lose before matching
NUMBERS_FOLLOW = re.compile(r"[\s|｜]*[\d/—\-]")


class _Span:
    """Where a label was found in the text (the start()/end() of a match)."""
    __slots__ = ("_start", "_end")

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


@lru_cache(maxsize=8)
def _skeleton(text: str) -> tuple[str, list[int]]:
    """The text without what may stand between a label's characters (SKIPPABLE), and for each character kept
    its index in the text: a label matches where its characters stand next to each other here."""
    at = [i for i, ch in enumerate(text) if not (ch.isspace() or ch in SKIPPED)]
    return "".join(text[i] for i in at), at


@lru_cache(maxsize=1024)
def _label_chars(label: str) -> Optional[str]:
    """The characters of a label that must be found in the text; None when the label itself holds a skippable
    character (「」|｜) or is empty, which only its regular expression matches exactly."""
    chars = "".join(ch for ch in label if not ch.isspace() and ch not in LABEL_DROPS)
    return None if not chars or any(ch in SKIPPED for ch in chars) else chars


@lru_cache(maxsize=256)
def _label_pattern(label: str, follow: str = "") -> re.Pattern:
    """The label as a regular expression (only for a label `_label_chars` cannot match), followed by `follow`."""
    chars = [re.escape(ch) for ch in label if not ch.isspace() and ch not in LABEL_DROPS]
    return re.compile(SKIPPABLE.join(chars) + (f"(?={follow})" if follow else ""))


def _label_spans(text: str, label: str, pos: int = 0, follow: Optional[re.Pattern] = None):
    """Each place the label's characters stand in the text from pos with only SKIPPABLE between them (the
    matches of `_label_pattern(label)`, in order; with `follow`, only those after which it matches, and
    overlapping ones are tried as by `re.search`), without compiling a pattern per label."""
    chars = _label_chars(label)
    if chars is None:
        if follow is None:
            yield from (_Span(m.start(), m.end()) for m in _label_pattern(label).finditer(text, pos))
            return
        rx = _label_pattern(label, follow.pattern)
        while m := rx.search(text, pos):
            yield _Span(m.start(), m.end())
            pos = m.start() + 1
        return
    kept, at = _skeleton(text)
    i = bisect_left(at, pos)
    n = len(chars)
    while (i := kept.find(chars, i)) >= 0:
        start, end = at[i], at[i + n - 1] + 1
        if follow is None:
            yield _Span(start, end)
            i += n
        else:
            if follow.match(text, end):
                yield _Span(start, end)
            i += 1


def _wrapped_label(text: str, label: str, pos: int) -> Optional[_Span]:
    """A long label whose tail wrapped past the numbers (「2.其他法律行政法规禁止 / 0 0 21 … / 公开」):
    its longest prefix that the numbers follow."""
    for size in range(len(label) - 1, max(MIN_PREFIX, int(len(label) * 0.6)) - 1, -1):
        m = next(_label_spans(text, label[:size], pos, NUMBERS_FOLLOW), None)
        if m:
            return m
    return None


NUMBERS_NEXT = re.compile(r"[\s|｜]*(?:[/—\-]|\d+(?![\d.、．]))")  # values follow (a number, not an ordinal 1.)


def _printed_derived(text: str, rows: tuple[Line, ...], found: list[tuple[Line, int, int]]) -> list[tuple[Line, int, int]]:
    """A row the template derives (gov-2021 其他处理 = Σ its sub-rows) printed with its own values,
    where none of its sub-rows is found (the gov-2019 single row in a gov-2021 table)."""
    keys = {r.key for r, _, _ in found}
    out = []
    for row in rows:
        if not row.computed_by or any(k.startswith(row.key + ".") for k in keys):
            continue
        for lab in row.labels:
            m = next(_label_spans(text, lab, 0, NUMBERS_NEXT), None)
            if m:
                out.append((row, m.start(), m.end()))
                break
    return sorted(found + out, key=lambda f: f[1])


LABEL_CHUNK = re.compile(r"[\u4e00-\u9fff“”\"（(][\u4e00-\u9fff“”\"（）()、]{3,}")  # not from the 、 of 「2、」 nor the ） of 「（2）」
NOTE_AFTER = re.compile(r"[ \t]*[（(][^（）()\n|\d]{1,40}[)）]")
LABEL_TAIL = re.compile(r"[^\d\n|｜/—\-]{1,60}(?=[ \t]*[|｜])")  # text with no number up to the cell's separator
NEAR_WINDOW = 160  # a label with a wrong character is looked for this far after the row before


def _near_label(text: str, row: Line, rows: tuple[Line, ...], pos: int) -> Optional[re.Match]:
    """The next label-like run of text (before any number) that is nearest to this row's label of all
    the template's rows (其他法律行政止公开, 信访举报投拆类申请)."""
    for m in LABEL_CHUNK.finditer(text, pos, min(len(text), pos + NEAR_WINDOW)):
        line = near_line(label_key(m.group(0)), rows)
        if line is not None:
            return m if line.key == row.key else None
    return None


CELL_BEFORE = re.compile(r"(?:^|[|｜\n])[ \t]*$")  # a cell starts here: line start or a pipe before it
CELL_AFTER = re.compile(r"[ \t]*(?:[|｜]|\n|$)|[ \t]+(?=[\d/—\-])")  # and ends at the label: a pipe, the line's end, or its numbers


def _whole_cell(text: str, m: _Span) -> bool:
    """The label is a whole cell of pipe or one-cell-per-line text (「| 其他 |」), or a line's label before its numbers."""
    return bool(CELL_BEFORE.search(text, max(0, m.start() - 8), m.start()) and CELL_AFTER.match(text, m.end()))


GROUP_ORDINAL = re.compile(r"[（(][一二三四五六七八九十]+[)）]\s*$")  # a group's ordinal: （六）


def _group_wrapped(text: str, m: _Span, row: Line) -> bool:
    """The bare label is the head of its group's label after the group's ordinal, wrapped over lines and
    interleaved with its sub-rows' labels (「（六）其他 ⏎ 申请人逾期未按 ⏎ 处理」), not the leaf."""
    return bool(row.group) and row.group.startswith(text[m.start():m.end()]) and bool(
        GROUP_ORDINAL.search(text, max(0, m.start() - 8), m.start()))


def _find_labels(text: str, rows: tuple[Line, ...]) -> list[tuple[Line, int, int]]:
    """(row, start, end) for each row label found, searched in template order."""
    found = []
    pos = 0
    for row in rows:
        if row.computed_by:
            continue
        best = None
        for lab in sorted(row.labels, key=len, reverse=True):
            # a bare short label (其他, 总计) counts only after its ordinal, and whole (not 其他处理): the first
            # such occurrence (「（六）其他处理 | 3．其他 |」, the group label repeated before its leaf)
            # (or a cell of its own, 「其他 | 0 |」 with no ordinal: a bare leaf is its sub-row, the header's
            # 其他 column stands before the table's rows and its 其他结果 is no whole cell)
            m = next((m for m in _label_spans(text, lab, pos) if not row.exact or (
                ORDINAL_BEFORE.search(text[:m.start()]) and not re.match(r"[\u4e00-\u9fff]", text[m.end():m.end() + 1])
                or _whole_cell(text, m)) and not _group_wrapped(text, m, row)), None)
            if m and (best is None or m.start() < best.start()):
                best = m
        longest = max(row.labels, key=len)
        if best is None and len(longest) > MIN_PREFIX:
            best = _wrapped_label(text, longest, pos)
        if best is None and len(longest) >= MIN_PREFIX:
            best = _near_label(text, row, rows, pos)
        if best is None:
            continue
        start, end = _label_extent(text, best.start(), best.end())
        found.append((row, start, end))
        pos = end
    return _printed_derived(text, rows, _gap_labels(text, rows, found))


def _label_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """A label's whole cell: its ordinal before it, its note and the rest of its cell after it."""
    o = ORDINAL_BEFORE.search(text[:start])
    if o:
        start = o.start()
    note = NOTE_AFTER.match(text, end)  # 部分公开（区分处理的，只计这一情形，不计其他情形）: the note is the label's
    if note:
        end = note.end()
    tail = LABEL_TAIL.match(text, end)  # the rest of the label's cell (…逾期不补正、行政机关不再处理其政府信息公开申请 |)
    if tail:
        end = tail.end()
    return start, end


GAP_LABEL = re.compile(r"[\u4e00-\u9fff“”\"（(][\u4e00-\u9fff“”\"（）()、，,]*")  # a run of label text, no number


def _gap_labels(text: str, rows: tuple[Line, ...], found: list[tuple[Line, int, int]]) -> list[tuple[Line, int, int]]:
    """Rows whose label was not found, looked for between the rows found before and after them: a run of
    label text there that nearly names one of the rows the template's order leaves for that place, short
    labels too (（一）予以开, 2．复申请, 3．其所: `labels.near_in_gap`), is that row's label."""
    printed = [r for r in rows if not r.computed_by]
    place = {r.key: i for i, r in enumerate(printed)}
    out = [f for f in found if f[0].key in place]
    if not out:
        return found
    k = -1
    while k < len(out):  # the gap before the first row found (labels there must have numbers next), then each after
        a = out[k] if k >= 0 else None
        b = out[k + 1] if k + 1 < len(out) else None
        gap = printed[place[a[0].key] + 1 if a else 0: place[b[0].key] if b else len(printed)]
        stop = b[1] if b else len(text)
        added = []
        for m in GAP_LABEL.finditer(text, a[2] if a else 0, stop):
            if not gap:
                break
            if a is None and not NUMBERS_NEXT.match(text, m.end()):
                continue
            line = near_in_gap(m.group(0), tuple(gap), tuple(printed[:place[gap[0].key]]))
            if line is None:
                continue
            added.append((line, *_label_extent(text, m.start(), m.end())))
            gap = gap[gap.index(line) + 1:]
        out[k + 1:k + 1] = added
        k += 1 + len(added)
    return out + [f for f in found if f[0].key not in place]


def segment_cells(segment: str) -> Optional[list[str]]:
    """Cells after a row label in text that keeps separators: a pipe row (`| 3 | | 0 |`), one cell
    per line (`3 |`), or `|` alone between cells; '' for an empty cell. None where there are no pipes."""
    first, _, rest = segment.partition("\n")  # the first line ends the label's own cell
    second = rest.partition("\n")[0]
    if "|" in first and first.split("|", 1)[1].strip():  # a pipe row: the values follow on this line
        parts = first.split("|")[1:]
    elif not first.strip(" |") and second.count("|") >= 3 and not CELL_END.search(second):
        parts = second.strip().split("|")  # the values' own pipe row under a header (table 四)
    elif "|" in segment[:PIPE_LOOKAHEAD]:
        body = CELL_END.split(rest, maxsplit=1)[0]
        lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        if any(ln != "|" and ln.endswith("|") for ln in lines) or "|" not in lines:
            return [ln.rstrip("|").strip() for ln in lines]  # one cell per line: an empty line-cell is a blank
        else:
            parts = "\n".join(lines).split("|")[1 if lines[0] == "|" else 0:]
    else:
        return None
    cells = [p.strip() for p in parts]
    if cells and not cells[-1]:
        cells.pop()  # what follows the row's last separator
    return cells


class Rebuilder:
    """Puts the values of one flattened table into a TableResult, with issues for what it cannot place."""

    def __init__(self, template: Template, key: str, where: str, stated: Optional[dict[str, Number]] = None):
        self.template = template
        self.stated = stated or {}  # "row.column" → the value the narrative states
        self.spaced = False  # the text's numbers stand apart (a lone run in a row is then no digits run together)
        self.tdef: TableDef = template.tables[key]
        self.row_identity = next((i for i in template.identities if i.table == key and i.per != "column"), None)
        self.result = TableResult()
        self.issues: list[Issue] = []
        self.where = where

    def _warn(self, code: str, message: str) -> None:
        self.issues.append(Issue("warning", code, f"{self.tdef.key} {message}; left null", self.where))

    def _put(self, row: str, col: str, value: Optional[Number], how: str, phrase: str, unit: Optional[str] = None) -> None:
        self.result.cells.setdefault(row, {})[col] = Value(value, how, raw=phrase[:60], where=self.where, unit=unit)
        self.result.found = True

    def place(self, rows: list[str], columns: list[str], segment: str, unit: Optional[str] = None) -> None:
        """The values of a row's text segment into rows × columns (several rows for table 四's single line)."""
        n = len(rows) * len(columns)
        segment = segment.translate(FULL_WIDTH_SIGNS)
        cells = segment_cells(segment)
        if cells is not None and any(parse_cell(c).kind == "two_numbers" for c in cells):
            cells = self._trimmed(cells, n)
            if len(cells) == n:  # the separators keep every cell's place: only the cells with two numbers are lost
                phrase = " | ".join(cells)
                for i, c in enumerate(cells):
                    p = parse_cell(c)
                    row, col = rows[i // len(columns)], columns[i % len(columns)]
                    if p.kind == "two_numbers":
                        self._warn("two_numbers_in_cell", f"{row}.{col}: the cell {c!r} holds two numbers")
                        self._put(row, col, None, "cell", phrase)
                    else:
                        self._put(row, col, to_unit(p.value, p.unit, unit) if p.kind == "number" else None,
                                  "cell" if p.kind == "number" else "blank_cell", phrase, p.unit)
                return
            self._warn("two_numbers_in_cell", f"{rows}: a cell holds two numbers in {' | '.join(cells)[:40]!r}")
            for r in rows:  # printed but unreadable: the identities may say what it should be, never fill it
                for c in columns:
                    self.result.cells.setdefault(r, {})[c] = Value(None, "cell", raw=segment.strip()[:60], where=self.where)
            self.result.found = True
            return
        kinds = [parse_cell(c).kind for c in cells] if cells is not None else []
        text_at = next((i for i, k in enumerate(kinds) if k not in ("number", "blank")), None)
        if text_at is not None and any(k == "blank" and c for k, c in zip(kinds[:text_at], cells)):
            cells = cells[:text_at]  # text ends the row's cells; counting its numbers alone would drop the blanks
        if cells is not None and all(parse_cell(c).kind in ("number", "blank") for c in cells):
            phrase = " | ".join(cells)
            cells = self._trimmed(cells, n)
            if not any(parse_cell(c).kind == "number" for c in cells):
                return  # a row of empty cells: nothing printed, nothing to place
            if len(cells) == n:
                for i, c in enumerate(cells):
                    p = parse_cell(c)
                    v = to_unit(p.value, p.unit, unit) if p.kind == "number" else None
                    self._put(rows[i // len(columns)], columns[i % len(columns)], v,
                              "cell" if p.kind == "number" else "blank_cell", phrase, p.unit)
                return
            values = [parse_cell(c).value for c in cells if parse_cell(c).kind == "number"]
            if not values:
                return  # a row of empty cells: nothing printed, nothing to place
            if len(cells) < n and len(rows) == 1 and row_check(self.row_identity, columns) is not None:
                options = row_candidates(values, columns, row_check(self.row_identity, columns))
                self.result.pending.append(Pending(rows[0], columns, options, phrase, values, self.where))
                self.result.found = True  # the table is there, even where its rows cannot be placed
                return
            self._warn("ambiguous_row", f"{rows}: {len(cells)} cells for {n} columns in {phrase[:40]!r}")
            return
        run = _value_run(segment)
        tokens = TOKEN.findall(run)
        phrase = run.strip()
        if not tokens:
            return
        items = phrase.split()
        if len(items) == n and len(tokens) < n and all(parse_cell(i).kind in ("number", "blank") for i in items):
            for i, item in enumerate(items):  # space-separated cells, some printed blank (「36 /」)
                p = parse_cell(item)
                self._put(rows[i // len(columns)], columns[i % len(columns)],
                          to_unit(p.value, p.unit, unit) if p.kind == "number" else None,
                          "cell" if p.kind == "number" else "blank_cell", phrase, p.unit)
            return
        if len(tokens) == n:
            values = [parse_cell(t) for t in tokens]
            per_line = [len(TOKEN.findall(ln)) for ln in run.split("\n") if TOKEN.search(ln)]
            check = row_check(self.row_identity, columns) if len(rows) == 1 else None
            if len(per_line) > 1 and max(per_line) > 1 and check is not None and not check([p.value for p in values]):
                # a row's line and numbers from the next line (a cell grown over two lines, its second
                # number beside the next row): counted into the row, they break its identity
                self._warn("ambiguous_row", f"{rows}: {len(tokens)} numbers over {len(per_line)} lines in "
                           f"{phrase[:40]!r} break the row's identity; left null")
                return
        elif len(tokens) < n and all(re.fullmatch(r"[+-]?\d+", t) for t in tokens) and (len(rows) == 1 or len(tokens) == 1):
            check = row_check(self.row_identity, columns) if len(rows) == 1 else None
            if self.spaced and len(tokens) > 1 and check is not None:
                # several numbers standing apart in text whose numbers stand apart: cells whose blanks the text
                # lost, never digits run together (「1835 0 1835」 is not 18|3|5|0|1|8|35, whose sum fits too)
                values = [int(t) for t in tokens]
                self.result.pending.append(Pending(rows[0], columns, row_candidates(values, columns, check), phrase,
                                                   values, self.where))
                self.result.found = True
                return
            self._split(rows, columns, tokens, phrase)
            return
        else:
            self._warn("ambiguous_row", f"{rows}: {len(tokens)} numbers for {n} cells in {phrase[:40]!r}")
            return
        for i, p in enumerate(values):
            self._put(rows[i // len(columns)], columns[i % len(columns)], to_unit(p.value, p.unit, unit), "cell",
                      phrase, p.unit if p.unit in ("元", "万元") else None)

    @staticmethod
    def _trimmed(cells: list[str], n: int) -> list[str]:
        """A delimited row's cells without the empty ones after its last (a layout's padding) or a leading separator."""
        cells = list(cells)
        while len(cells) > n and not cells[-1]:
            cells.pop()
        if len(cells) == n + 1 and not cells[0]:
            cells = cells[1:]
        return cells

    def _split(self, rows: list[str], columns: list[str], tokens: list[str], phrase: str) -> None:
        """Digits run together (a sign may start a cell: 「5-328477」): placed where one split fits the
        identities and the figures the text states; a row with several splits waits for the column
        identities; else the cells all splits share."""
        places = [(r, c) for r in rows for c in columns]
        check = row_check(self.row_identity, columns)
        digits = "".join(tokens)
        sols = (split_tokens(tokens, len(columns), check) if len(rows) == 1
                else split_digits(digits.lstrip("+-"), [(len(columns), check)] * len(rows), limit=MAX_PARTIAL))
        stated = {i: self.stated[f"{r}.{c}"] for i, (r, c) in enumerate(places) if f"{r}.{c}" in self.stated}
        fitting = [tuple(v) for v in sols if all(v[i] == x for i, x in stated.items())] or [tuple(v) for v in sols]
        if check is None and not stated and len(rows) == 1 and self.spaced and any(
                split_tokens(tokens, k, None, limit=1) for k in range(len(tokens), len(columns))):
            # no identity over the row: 「13」 for two cells may be 1|3 or 13 and a blank the text lost
            # (a 无 or an empty cell after it); only a run no shorter reading fits (000) is split
            self._place_agreed(places, [], phrase, f"digits {digits!r} run together or fewer cells printed "
                               f"(the rest blank); no identity over the row decides")
            return
        if len(fitting) == 1:
            for (r, c), v in zip(places, fitting[0]):
                self._put(r, c, v, "cell", phrase)
                if stated:
                    self.result.cells[r][c].rule = "split fixed by the stated figures"
            return
        if len(rows) == 1 and fitting and len(sols) < MAX_PARTIAL:
            self.result.pending.append(Pending(rows[0], columns, fitting, phrase, where=self.where))
            self.result.found = True
            return
        self._place_agreed(places, fitting if len(sols) < MAX_PARTIAL else [], phrase,
                           f"digits {digits!r} run together; "
                           f"{'no split satisfies' if not sols else f'{len(fitting)} splits satisfy'} the identities")

    def _place_agreed(self, places: list[tuple[str, str]], options: list[tuple[Number, ...]], phrase: str,
                      why: str) -> None:
        """The cells on which every option agrees; a warning naming the others."""
        agreed = {i for i in range(len(places)) if options and len({v[i] for v in options}) == 1}
        for i in sorted(agreed):
            self._put(*places[i], options[0][i], "cell", phrase)
            self.result.cells[places[i][0]][places[i][1]].rule = "split fixed by the identities"
        if len(agreed) < len(places):
            open_cells = [f"{r}.{c}" for i, (r, c) in enumerate(places) if i not in agreed]
            self._warn("ambiguous_digits" if why.startswith("digits") else "ambiguous_row",
                       f"{why}; {open_cells} not determined")


def _value_run(segment: str) -> str:
    """The first run of numbers in a segment, less the ordinal of a next row stuck to it (「00000003.」)."""
    m = NUMERIC_RUN.search(segment)
    run = m.group(0) if m else ""
    stuck = re.search(r"\d[.、．]\s*$", run)
    return run[:stuck.start()] if stuck and stuck.start() > 0 else run


def rebuild_rows(text: str, template: Template, key: str, where: str,
                 stated: Optional[dict[str, Number]] = None) -> Rebuilder:
    """Table 二 or 三 from its section text."""
    rb = Rebuilder(template, key, where, stated)
    rb.spaced = bool(re.search(r"\d[ \t]+[+-]?\d", text))
    printed = [r for r in rb.tdef.rows if not r.computed_by]
    labels = _find_labels(text, rb.tdef.rows)
    for derived in [r for r, _, _ in labels if r.computed_by]:  # in place of its sub-rows
        at = next((i for i, r in enumerate(printed) if r.key.startswith(derived.key + ".")), len(printed))
        printed = [r for r in printed if not r.key.startswith(derived.key + ".")]
        printed.insert(at, derived)
    for i, (row, _, end) in enumerate(labels):
        stop = labels[i + 1][1] if i + 1 < len(labels) else len(text)
        after = printed.index(labels[i + 1][0]) if i + 1 < len(labels) else printed.index(row) + 1
        missing = printed[printed.index(row) + 1:after]  # rows whose label did not survive
        for line, segment in zip([row] + missing, _split_runs(text[end:stop], 1 + len(missing))):
            cols = list(line.columns or [c.key for c in rb.tdef.columns])
            rb.place([line.key], cols, segment, unit=line.unit)
        if missing:
            names = [m.key for m in missing]
            found = len(_split_runs(text[end:stop], 1 + len(missing))) > 1
            rb.issues.append(Issue("info" if found else "warning", "row_label_missing",
                                   f"{key} rows {names}: label not found; " +
                                   ("values taken in template order from the number runs between the labels around them"
                                    if found else "left null"), where))
            if not found:  # printed but not read: the identities may say what they should be, never fill them
                for m in missing:
                    for c in list(m.columns or [c.key for c in rb.tdef.columns]):
                        if (v := rb.result.get(m.key, c)) is None or v.value is None:
                            rb.result.cells.setdefault(m.key, {})[c] = Value(None, "cell", where=where)
    return rb


def _split_runs(segment: str, n: int) -> list[str]:
    """The segment cut before each number run after the first, if it holds exactly n runs; else [segment]."""
    if n == 1 or "|" in segment:
        return [segment]
    runs = list(NUMERIC_RUN.finditer(segment))
    runs = [m for m in runs if TOKEN.search(m.group(0))]
    if len(runs) != n:
        return [segment]
    cuts = [0] + [m.start() for m in runs[1:]] + [len(segment)]
    return [segment[a:b] for a, b in zip(cuts, cuts[1:])]


def rebuild_review(text: str, template: Template, where: str) -> Rebuilder:
    """Table 四: the numbers after its header, groups in template order."""
    rb = Rebuilder(template, "review_litigation", where)
    ends = [m.end() for c in rb.tdef.columns for lab in c.labels for m in _label_spans(text, lab)]
    if not ends:
        return rb
    rb.place([r.key for r in rb.tdef.rows], [c.key for c in rb.tdef.columns], text[max(ends):])
    return rb


FILL_MIN_AGREED = 3  # cells the grid and the text must both read, all alike, before the text fills a row


def fill_unread_rows(grid: TableResult, text: TableResult, key: str, where: str) -> list[Issue]:
    """Rows of table 二 the grid did not read at all (labels wrapped round a page break, items printed as
    plain lines after the table: 行政许可 0), from the rebuild of the section's text, only where the
    text reads every cell the grid read alike (at least FILL_MIN_AGREED): then it reads the same table."""
    both = [(r, c, v.value, t.value) for r, cols in grid.cells.items() for c, v in cols.items()
            if v.value is not None and (t := text.get(r, c)) is not None and t.value is not None]
    if len(both) < FILL_MIN_AGREED or any(abs(a - b) > 1e-9 for _, _, a, b in both):
        return []
    filled = []
    for row, cols in grid.cells.items():
        got = text.cells.get(row, {})
        if all(v.source is None for v in cols.values()) and any(v.source is not None for v in got.values()):
            for c in cols:
                if c in got:
                    cols[c] = got[c]
            filled.append(row)
    return [Issue("info", "rows_from_text", f"{key} rows {filled}: not in the table's grid; read from the "
                  f"section's text, which agrees with the grid on its {len(both)} other cells", where)] if filled else []
