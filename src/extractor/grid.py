"""Tables from positioned words: any reader's words (text + x0/x1/top/bottom) → cell grids.

For tables without ruling (borderless PDFs, three-line tables, `pdftotext -layout` text, OCR boxes):
lines from the words' heights → value lines (numbers or blank marks standing apart at the right) →
table blocks → value columns from the x-extents of the values → each number in the column it falls
under (never by counting tokens, so a blank keeps its place) → header words over the columns they
cover → row labels: the label fragments whose vertical extent holds the value line (labels wrapped
over lines, values centred beside them, group labels set vertically).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from .model import Cell, Provenance, Table

if TYPE_CHECKING:  # header_spans is imported where a header is read (not for a text report without one)
    from .header_spans import HeaderSpans

VALUE = re.compile(r"^[+\-－＋]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?(?:万元|元)?$|^[+\-－＋]?\d+(?:\.\d+)?(?:万元|元)?$"
                   r"|^(?:[-—–/／_无]|——|&nbsp;)$")
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d))")
HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．].{2,}(?:情况|问题|事项|措施|打算)$")
LABEL_CHARS = 30  # a row label is at most this long on one line
VALUE_GAP = 1.2  # a value stands this many char heights clear of the word before it
MAX_GAP_LINES = 5  # non-value lines between two value lines of one table
MAX_HEADER_LINES = 8
MIN_SINGLE_LINE_VALUES = 5  # a table of one value line (table 四) needs this many values
SHORT_LINE = 2.0  # a wrapped label's last line: this many heights shorter than its other lines
SPAN_CENTRE = 1.0  # a heading over several columns stands this many heights from their middle at most
PROSE_CHARS = 45  # a line of more characters than this is body text, not a table line
DIGIT = re.compile(r"\d")  # a number's mark (compiled once: it is asked of every value word)
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页.*|\d{1,4}\s*/\s*\d{1,4})\s*$")


@dataclass
class Word:
    """A word with its box: PDF words, the character columns of layout text, OCR boxes."""
    text: str
    x0: float  # left edge
    x1: float  # right edge
    top: float  # distance from the top of the page (or line number for text)
    bottom: float

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass
class WordTable:
    """A table rebuilt from word positions, with the columns its values stand in."""
    table: Table
    columns: list[tuple[float, float]]  # x-extent of each value column
    bbox: tuple[float, float, float, float]
    words: list[Word]  # the words the table took


def word_lines(words: list[Word]) -> list[list[Word]]:
    """Words → lines top to bottom (vertical centres within half a height), each left to right."""
    lines: list[list[Word]] = []
    mids: list[float] = []  # the mids of the last line's words, in its order (its `_mid`, summed as there)
    for w in sorted(words, key=lambda w: (w.mid, w.x0)):
        mid = w.mid
        if lines and abs(mid - sum(mids) / len(mids)) <= 0.5 * min(w.height, lines[-1][0].height):
            lines[-1].append(w)
            mids.append(mid)
        else:
            lines.append([w])
            mids = [mid]
    return [sorted(ln, key=lambda w: w.x0) for ln in lines]


def _mid(line: list[Word]) -> float:
    return sum(w.mid for w in line) / len(line)


def _values(line: list[Word]) -> list[Word]:
    """The values a line ends with: numbers or blank marks, each standing apart."""
    out: list[Word] = []
    for i in range(len(line) - 1, -1, -1):
        w = line[i]
        if not VALUE.match(w.text):
            break
        if i > 0 and w.x0 - line[i - 1].x1 < VALUE_GAP * w.height and not VALUE.match(line[i - 1].text):
            break  # a number run on to its label (「属于国家秘密0」 is no cell)
        out.insert(0, w)
    if out and not any(DIGIT.search(w.text) for w in out) and (
            len(out) == len(line) or len("".join(w.text for w in line[:len(line) - len(out)])) > LABEL_CHARS):
        return []  # blank marks alone are values only after a short label (行政许可 -)
    return out


def _prose(line: list[Word]) -> bool:
    """Body text: a long line (its numbers aside), a sentence end, a section heading (printing no values:
    「三、本 8．属于行政查询事项 0 0 7」 is a group label's fragment before a row) or a page number."""
    vals = _values(line)
    text = "".join(w.text for w in line[:len(line) - len(vals)])
    return len(text) > PROSE_CHARS or (not vals and text.endswith(("。", "；", "："))) \
        or (not vals and bool(HEADING.match(text))) \
        or bool(PAGE_NUMBER.match(" ".join(w.text for w in line)))


def find_word_tables(words: list[Word], page: Optional[int] = None,
                     columns: Optional[list[tuple[float, float]]] = None, line_gap: float = 0.8,
                     header_columns: bool = False) -> list[WordTable]:
    """Every table block among the words; `columns`: the value columns of a table continued from
    the page before (used for a block with no header of its own); `line_gap`: the largest gap (in
    line heights) between two lines of one wrapped label (text files: blank lines between rows);
    `header_columns`: columns from the header's character columns first (layout text, header_spans.py)."""
    lines = word_lines(words)
    prose = [_prose(ln) for ln in lines]  # (asked again below: each line's answer kept)
    vals = [_values(ln) if not p else [] for ln, p in zip(lines, prose)]
    blocks: list[list[int]] = []
    for i, v in enumerate(vals):
        if not v:
            continue
        # lines of labels only (left of the values: labels wrapped over many lines) are no gap
        left = min((w.x0 for k in blocks[-1] for w in vals[k]), default=0.0) if blocks else 0.0
        gap = sum(1 for k in range(blocks[-1][-1] + 1, i) if any(w.x1 > left for w in lines[k])) if blocks else 0
        if blocks and gap <= MAX_GAP_LINES and i - blocks[-1][-1] - 1 <= 2 * MAX_GAP_LINES and not any(
                prose[k] for k in range(blocks[-1][-1] + 1, i)):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    out = []
    for data in blocks:
        if len(data) == 1 and len(vals[data[0]]) < MIN_SINGLE_LINE_VALUES:
            continue
        if len(data) >= 2 and sum(len(vals[i]) for i in data) < 3:
            continue
        first, last = data[0], data[-1]
        start = first
        while start > 0 and first - start < MAX_HEADER_LINES and not prose[start - 1] \
                and lines[start][0].top - lines[start - 1][-1].bottom < (3 + line_gap) * lines[start][0].height \
                and not (out and start - 1 <= out[-1][1]):
            start -= 1
        end = last
        cols = _columns([w for i in data for w in vals[i]])
        label_right = cols[0][0] if cols else 0
        while end + 1 < len(lines) and end - last < 3 and not prose[end + 1] \
                and not _values(lines[end + 1]) and all(w.x1 <= label_right for w in lines[end + 1]):
            end += 1
        out.append((start, end, data))
    tables = []
    for start, end, data in out:
        t = _grid(lines[start:end + 1], [i - start for i in data], vals, start, page, columns, line_gap,
                  header_columns)
        if t is not None:
            tables.append(t)
    return tables


def _columns(values: list[Word]) -> list[tuple[float, float]]:
    """x-extents of the value columns: numbers overlapping horizontally are one column. Blank marks
    (wide dashes among them would bridge two columns) take a column of their own only where they
    overlap no number's column and all of them there overlap one another: a column printing no number."""
    cols = _merged((w.x0, w.x1) for w in values if DIGIT.search(w.text))
    marks = [w for w in values if not DIGIT.search(w.text) and w.text != "&nbsp;"
             and not any(min(b, w.x1) - max(a, w.x0) > 0 for a, b in cols)]
    for a, b in _merged((w.x0, w.x1) for w in marks):
        if all(min(w.x1, x1) - max(w.x0, x0) > 0 for w in marks if a <= w.x0 and w.x1 <= b
               for x0, x1 in [(v.x0, v.x1) for v in marks if a <= v.x0 and v.x1 <= b]):
            cols.append((a, b))
    return sorted(cols)


def _ordered_columns(lines: list[list[Word]]) -> Optional[tuple[list[tuple[float, float]], dict[int, int]]]:
    """Columns by order where most value lines print the same, largest number of values (numbers or
    blank marks) and each stands nearer the middle of its own column than of any other: numbers wider
    than their cells drift (「2,265 1,083 67 26」 under 自然人 商业企业 科研机构 …), their order does not.
    The k-th column spans the k-th values of those full lines; a shorter line's values go to the column
    whose middle they stand nearest (clearly nearer than to the next, in order).
    (columns, column of each value), or None where some line does not show it."""
    k = max((len(v) for v in lines), default=0)
    full = [v for v in lines if len(v) == k]
    if k < 2 or len(full) < 2 or 2 * len(full) < len(lines) or not any(
            DIGIT.search(w.text) for v in full for w in v):
        return None
    mids = []
    for c in range(k):
        xs = sorted((v[c].x0 + v[c].x1) / 2 for v in full)
        mids.append(xs[len(xs) // 2])
    if any(b <= a for a, b in zip(mids, mids[1:])):
        return None
    assign: dict[int, int] = {}
    ext = [(min(v[c].x0 for v in full), max(v[c].x1 for v in full)) for c in range(k)]
    for v in full:
        for c, w in enumerate(v):
            x = (w.x0 + w.x1) / 2
            own = abs(x - mids[c])
            if any(abs(x - m) <= own for j, m in enumerate(mids) if j != c):
                return None
            assign[id(w)] = c
    for v in lines:
        if len(v) == k:
            continue
        near = []
        for w in v:
            x = (w.x0 + w.x1) / 2
            d = sorted((abs(x - m), j) for j, m in enumerate(mids))
            near.append(d[0][1] if 2 * d[0][0] < d[1][0] else None)
        if None in near or any(b <= a for a, b in zip(near, near[1:])) or any(
                not (min(w.x1, ext[c][1]) > max(w.x0, ext[c][0])) for w, c in zip(v, near)):
            return None  # a value that stands clearly under no column of the full lines
        assign.update((id(w), c) for w, c in zip(v, near))
    return ext, assign


def _merged(spans) -> list[tuple[float, float]]:
    """x-intervals, overlapping ones joined, left to right."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _with_header_columns(cols: list[tuple[float, float]], header: list[list[Word]], values: list[Word],
                         labelled: bool = True) -> list[tuple[float, float]]:
    """Columns no printed number shows (all blank), from the header: from its first line naming three
    columns down, each run of words clear of the value columns is a column of its own. `labelled`:
    the value lines have row labels (left of the values no header word names a column); a table of
    values only (table 四) has columns left of its first number too."""
    if not cols or not header:
        return cols
    left = cols[0][0] - 0.5 * values[0].height if labelled else min(w.x0 for ln in header for w in ln)
    start = next((i for i, ln in enumerate(header) if sum(1 for w in ln if w.x0 >= left) >= 3), None)
    if start is None:
        return cols
    centres = sorted((a + b) / 2 for a, b in cols)
    gaps = sorted(b - a for a, b in zip(centres, centres[1:]))
    pitch = gaps[len(gaps) // 2] if gaps else float("inf")
    words = [w for ln in header[start:] for w in ln if w.x0 >= left
             and not any(min(b, w.x1) - max(a, w.x0) > 0 for a, b in cols)]
    # a heading over other headings (复议后起诉 over 其他结果 …) names no column of its own
    words = [w for w in words if not any(v.top >= w.bottom - 0.5 * w.height and len(v.text) >= 2
                                         and w.x0 - 0.5 * w.height <= v.x0 and v.x1 <= w.x1 + 0.5 * w.height
                                         and v.x1 - v.x0 < w.x1 - w.x0 for v in words)]
    # one character alone is the end of a wrapped label (持, 正), never a column by itself
    extra = [e for e in _merged((w.x0, w.x1) for w in words)
             if any(len(w.text) >= 2 and e[0] <= w.x0 and w.x1 <= e[1] for w in words)]
    # a header run wider than a column (labels of several columns run together) names no column
    return sorted(cols + [(a, b) for a, b in extra if b - a <= 1.2 * pitch])


def _labelled(lines: list[list[Word]], data: list[int], cols: list[tuple[float, float]], values: list[Word]) -> bool:
    """The value lines have row labels: words left of the first column that are no values."""
    first = cols[0][0] - 0.5 * values[0].height
    return any(w.x1 <= first and not VALUE.match(w.text) for i in data for w in lines[i])


def _column_of(w: Word, cols: list[tuple[float, float]]) -> int:
    """The column a word falls under: most overlap, else the nearest centre."""
    best, score = 0, None
    for k, (a, b) in enumerate(cols):
        overlap = min(b, w.x1) - max(a, w.x0)
        dist = abs((a + b) / 2 - (w.x0 + w.x1) / 2)
        s = (overlap > 0, overlap if overlap > 0 else -dist)
        if score is None or s > score:
            best, score = k, s
    return best


def _covered(w: Word, cols: list[tuple[float, float]]) -> list[int]:
    """Columns a header word spans (its extent covers their centres), at least the one it falls under."""
    ks = [k for k, (a, b) in enumerate(cols) if w.x0 - 1 <= (a + b) / 2 <= w.x1 + 1]
    return ks or [_column_of(w, cols)]


def _grid(lines: list[list[Word]], data: list[int], vals_all: list[list[Word]], offset: int,
          page: Optional[int], continued: Optional[list[tuple[float, float]]], line_gap: float,
          header_columns: bool = False) -> Optional[WordTable]:
    vals = [vals_all[offset + i] for i in range(len(lines))]
    cols = _columns([w for i in data for w in vals[i]])
    if cols:  # a line of a few values and no label is a cell grown over two lines, not a row
        left0 = cols[0][0]
        def has_label(k: int) -> bool:
            return 0 <= k < len(lines) and any(w.x1 <= left0 for w in lines[k])

        def label_only(k: int) -> bool:  # a wrapped label's line with no values (not one character set vertically)
            return 0 <= k < len(lines) and not vals[k] and any(w.x1 <= left0 and len(w.text) >= 3 for w in lines[k])
        def overlap(m: int, k: int) -> bool:  # lines m and k share heights
            return min(max(w.bottom for w in lines[m]), max(w.bottom for w in lines[k])) \
                > max(min(w.top for w in lines[m]), min(w.top for w in lines[k]))

        def tucked(k: int) -> bool:  # overlapping a labelled value line above or below: a cell's second line
            return any(0 <= m < len(lines) and vals[m] and has_label(m) and overlap(m, k) for m in (k - 1, k + 1))
        def apart(m: int, k: int) -> bool:  # no value of line k stands under one of line m
            return not any(min(a.x1, b.x1) > max(a.x0, b.x0) for a in vals[k] for b in vals[m])

        def second_line(k: int) -> bool:  # a few values beside a group label's fragment (公开 674), overlapping
            return 2 * len(vals[k]) < len(cols) and any(  # a value line printing more: a grown cell's line
                0 <= m < len(lines) and len(vals[m]) > len(vals[k]) and overlap(m, k)
                and (has_label(m) or apart(m, k))  # (or one whose label is wrapped round it, in its gaps)
                for m in (k - 1, k + 1))
        labelled = [i for i in data if (has_label(i) and not second_line(i)) or 2 * len(vals[i]) >= len(cols)
                    or ((label_only(i - 1) or label_only(i + 1)) and not tucked(i))]
        if labelled and len(labelled) < len(data):
            data = labelled
            cols = _columns([w for i in data for w in vals[i]])
    values = [w for i in data for w in vals[i]]
    inner_header = bool(cols) and any(i not in data and _heading_line(lines[i], cols[0][0] - 0.5 * lines[i][0].height)
                                      for i in range(data[0], data[-1]))
    # pieces under headers of their own (table 二) have columns of their own: not one order for all lines
    spans = _spanned(lines[:data[0]], [lines[i] for i in data], [vals[i] for i in data]) \
        if header_columns and not inner_header and data[0] > 0 else None
    ordered = (spans[0], spans[1]) if spans else \
        _ordered_columns([vals[i] for i in data]) if not inner_header else None
    if ordered is not None and not spans and len(_with_header_columns(
            ordered[0], lines[:data[0]], values, _labelled(lines, data, ordered[0], values))) > len(ordered[0]):
        ordered = None  # the header names a column no full line prints a value in (blanks left empty)
    if ordered is not None and (not continued or len(ordered[0]) == len(continued)):
        cols = ordered[0]  # the value lines print (nearly) every column: the k-th value is in the k-th column
    elif not cols or len(cols) > max(max(len(vals[i]) for i in data) + 2, len(continued or [])):
        return None  # values that do not line up in columns (text laid out by word gaps): no grid
    else:
        ordered = spans = None
    numbered = set(cols)
    if ordered is None:
        cols = _with_header_columns(cols, lines[:data[0]], values, _labelled(lines, data, cols, values))
    if ordered is None and continued and len(cols) <= len(continued) and not any(
            _heading_line(ln, continued[0][0] - 0.5 * ln[0].height) for ln in lines[:data[0]]):
        cols = continued  # a piece on a new page without header: the columns of the piece before
        numbered = set(cols)
    order_of = ordered[1] if ordered is not None else {}
    left = cols[0][0] - 0.5 * values[0].height
    data_set = set(data)
    # stray values between value lines (a cell grown over two lines) join the nearest value line
    data_mids = [_mid(vals[i]) for i in data]
    cells_at: dict[tuple[int, int], list[Word]] = {}
    between: set[int] = set()  # stray values as near to the value line above as to the one below
    top = data[0]  # a cell's upper line just above the first value line (a stacked cell starting a page)
    while top > 0 and lines[top - 1] and all(VALUE.match(w.text) and w.x0 >= left for w in lines[top - 1]) \
            and max(w.bottom for w in lines[top - 1]) > min(w.top for w in lines[top]) - 0.5 * lines[top][0].height:
        top -= 1
    for i in range(top, data[-1] + 2 if data[-1] + 1 < len(lines) else len(lines)):
        for w in lines[i]:
            if w.x0 >= left and VALUE.match(w.text) and (i in data_set or not _heading_line(lines[i], left)):
                wm = w.mid
                near = sorted(range(len(data)), key=[abs(m - wm) for m in data_mids].__getitem__)
                r = near[0]
                if i not in data_set and len(near) > 1 and \
                        abs(data_mids[near[1]] - wm) - abs(data_mids[r] - wm) < 0.25 * w.height:
                    between.add(id(w))
                cells_at.setdefault((r, order_of.get(id(w), _column_of(w, cols)) if i in data_set
                                     else _column_of(w, cols)), []).append(w)
    _stacked_round_their_row(cells_at, between, data_mids)
    # two values side by side in one column on one line: the column's extent runs two printed columns
    # together (text whose numbers drift), so a number alone in it may stand in either of them; on a
    # line printing a number in (nearly) every column, the pair left a column empty: the line's other
    # numbers have drifted too; with one value line only, no other line shows where the columns are
    run_together = {k for (_, k), ws in cells_at.items() if _side_by_side(ws)}
    drifted = {j for (j, _), ws in cells_at.items() if _side_by_side(ws)
               and sum(1 for w in vals[data[j]] if DIGIT.search(w.text)) >= len(cols) - 1}
    if run_together and len(data) == 1:
        run_together = set(range(len(cols)))
    # the first row's label starting above its values (the first value line printing no label of its own:
    # 一、本年新收政府信息公开申请数量 ⏎ values ⏎ （件）): up to two lines of labels only, the upper one
    # opening with an ordinal, are that row's, not the header's
    lab = top
    if lines[data[0]][0].x1 > left:
        for k in range(top - 1, max(top - 3, -1), -1):
            if not lines[k] or any(w.x1 > left for w in lines[k]) or _prose(lines[k]):
                break
            if ORDINAL.match(lines[k][0].text):
                lab = k
                break
    # header groups: the lines before the first value line, and runs of caption/header lines inside
    groups: list[tuple[int, list[list[Word]]]] = []  # (position among the value lines, lines)
    run: list[list[Word]] = []
    for i, ln in enumerate(lines):
        if i < lab or (i not in data_set and _heading_line(ln, left)):
            run.append(ln)
            continue
        if run:
            groups.append((sum(1 for d in data if d < i), run))
            run = []
    items = _label_items([ln for i, ln in enumerate(lines) if i >= min(lab, data[0])], left, line_gap,
                         {id(lines[i][0]): _mid(lines[i]) for i in data})
    row_labels: list[list[list[Word]]] = [[] for _ in data]
    taken: set[int] = set()
    bands = [(it[0].top - 0.3 * it[0].height, it[-1].bottom + 0.3 * it[-1].height) for it in items]  # each label's reach
    for j, m in enumerate(data_mids):
        for n, (low, high) in enumerate(bands):
            if low <= m <= high:
                row_labels[j].append(items[n])
                taken.add(n)
    for n, it in enumerate(items):  # a label beside no value line: the nearest row without a leaf
        if n in taken:
            continue
        mid = (it[0].top + it[-1].bottom) / 2
        j = min(range(len(data)), key=lambda j: abs(data_mids[j] - mid))
        if not row_labels[j]:
            row_labels[j].append(it)
    n_label = max([len(x) for x in row_labels] + [1])
    cells: list[Cell] = []
    prov = Provenance(page=page)
    r = 0
    gi = 0
    heads: list[Word] = []  # the words of the header lines above the current value line
    for j in range(len(data) + 1):
        while gi < len(groups) and groups[gi][0] == j:
            heads = [w for ln in groups[gi][1] for w in ln if w.x0 >= left and not VALUE.match(w.text)]
            r = _spans_header_rows(spans[2], groups[gi][1], left, n_label, r, cells, prov) \
                if spans and gi == 0 and groups[gi][0] == 0 else \
                _header_rows(groups[gi][1], cols, left, n_label, r, cells, prov)
            gi += 1
        if j == len(data):
            break
        labs = sorted(row_labels[j], key=lambda it: it[0].x0)
        for c in range(n_label):
            cells.append(Cell("".join(w.text for w in labs[c]) if c < len(labs) else "", r, c, 1, 1, prov))
        for k in range(len(cols)):
            ws = sorted(cells_at.get((j, k), []), key=lambda w: (w.top, w.x0))
            # a column only the header shows (no number printed in it) is where the header words say
            # (a blank there, printed or empty, is a blank: only a number needs a column numbers show)
            # a line printing one number under a header of several columns places it by position alone: a
            # number under no header word (规章 12 on a plain line, the header's words further right) has no
            # column shown (under a header of one column, 行政强制 0, it has that one)
            off = len(vals[data[j]]) == 1 < len(cols) and len(heads) >= 2 and any(
                DIGIT.search(w.text) and not any(min(h.x1, w.x1) - max(h.x0, w.x0) > 0 for h in heads) for w in ws)
            doubt = "ambiguous_column" if (k in run_together or j in drifted) and len(ws) == 1 or off \
                or (cols[k] not in numbered and any(DIGIT.search(w.text) for w in ws)) else \
                "ambiguous_row" if any(id(w) in between for w in ws) else ""
            cells.append(Cell(" ".join(w.text.replace("&nbsp;", "") for w in ws), r, n_label + k, 1, 1, prov, doubt))
        r += 1
    taken_words = [w for ln in lines for w in ln]
    bbox = (min(w.x0 for w in taken_words), min(w.top for w in taken_words),
            max(w.x1 for w in taken_words), max(w.bottom for w in taken_words))
    return WordTable(Table(cells, r, n_label + len(cols), Provenance(page=page, bbox=bbox)), cols, bbox, taken_words)


def _spanned(header: list[list[Word]], data: list[list[Word]], vals: list[list[Word]]):
    """(columns, column of each value, header spans) from the header's character columns, or None where
    some value line does not read clearly by them (header_spans.py). The header's columns start right of
    the value lines' labels (anywhere when they have none: a blank first column keeps its place)."""
    labels = [w.x1 for ln, v in zip(data, vals) for w in ln[:len(ln) - len(v)]]
    left = min(min(w.x0 for v in vals for w in v), max(labels, default=-1.0) + 1) - 0.5
    from .header_spans import assign, header_spans
    hs = header_spans(header, left)
    if hs is None:
        return None
    order: dict[int, int] = {}
    for v in vals:
        ks = assign(v, hs.columns)
        if ks is None:
            return None
        order.update((id(w), k) for w, k in zip(v, ks))
    return [(c.x0, c.x1) for c in hs.columns], order, hs


def _spans_header_rows(hs: HeaderSpans, lines: list[list[Word]], left: float, n_label: int, r: int,
                       cells: list[Cell], prov: Provenance) -> int:
    """The header as header_spans read it: a row per line of group labels, then each column's own label;
    the label area's words in one corner cell."""
    start = r
    for row in hs.groups:
        for text, a, b in row:
            cells.append(Cell(text, r, n_label + a, 1, b - a + 1, prov))
        r += 1
    cells.append(Cell("".join(w.text for ln in lines for w in ln if w.x1 <= left), start, 0, r - start + 1, n_label, prov))
    for k, c in enumerate(hs.columns):
        cells.append(Cell(c.label(), r, n_label + k, 1, 1, prov))
    return r + 1


def _stacked_round_their_row(cells_at: dict[tuple[int, int], list[Word]], between: set[int],
                             mids: list[float]) -> None:
    """A cell of two lines centred on a row that prints nothing else in that column (「0⏎1」 round the row's
    line): the stray as near the row above as its own is the cell's other line, mirrored round the row."""
    for (r, k), ws in list(cells_at.items()):
        for w in [w for w in ws if id(w) in between]:
            for r2 in (r - 1, r + 1):
                others = cells_at.get((r2, k), []) if 0 <= r2 < len(mids) else []
                m = mids[r2] if others else 0.0
                if others and all(abs(o.mid - m) > 0.25 * o.height for o in others) and any(
                        (o.mid - m) * (w.mid - m) < 0 and abs(abs(o.mid - m) - abs(w.mid - m)) < 0.25 * w.height
                        for o in others):
                    ws.remove(w)
                    others.append(w)
                    between.discard(id(w))
                    break


def _side_by_side(ws: list[Word]) -> bool:
    """Two values on one line (their heights overlap), one clear of the other, one at least a number."""
    return any(DIGIT.search(a.text + b.text) and (a.x1 <= b.x0 or b.x1 <= a.x0)
               and min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(a.height, b.height)
               for i, a in enumerate(ws) for b in ws[i + 1:])


def _heading_line(line: list[Word], left: float) -> bool:
    """A caption or header line: words over the value columns that are no values."""
    return any(w.x0 >= left and not VALUE.match(w.text) for w in line)


def _centred(heads: list[Word], cols: list[tuple[float, float]], parents: list[tuple[int, int]],
             headed: set[int]) -> dict[int, list[int]]:
    """Columns the headings of a header line span where they share the line (行政复议 … 行政诉讼;
    未经复议直接起诉 … 复议后起诉), by header_spans.centred_spans: a heading is centred over its columns,
    which lie inside the span of the heading above it (`parents`), have no heading of their own above
    its line (`headed`) and lie under neither neighbour on its line; the widest run of those, holding
    the ones its own extent covers, whose middle is its middle (within SPAN_CENTRE heights). A heading
    alone on its line (法人或其他组织 over some of the columns) spans only what its extent covers:
    nothing shows how far. {id(word): its columns}."""
    if len(heads) < 2:
        return {}
    mine, allowed, own = [], [], []
    for i, w in enumerate(heads):
        ks = _covered(w, cols)
        if len(set(parents[k] for k in ks)) != 1:
            continue
        lo = heads[i - 1].x1 if i > 0 else float("-inf")
        hi = heads[i + 1].x0 if i + 1 < len(heads) else float("inf")
        a, b = parents[ks[0]]
        mine.append(w)
        own.append(ks)
        allowed.append({k for k in range(a, b + 1) if lo < (cols[k][0] + cols[k][1]) / 2 < hi
                        and (k in ks or k not in headed)})
    from .header_spans import centred_spans
    spans = centred_spans(mine, cols, allowed, own, [SPAN_CENTRE * w.height for w in mine]) if mine else None
    return {id(w): list(range(a, b + 1)) for w, (a, b) in zip(mine, spans or [])}


def _header_rows(lines: list[list[Word]], cols: list[tuple[float, float]], left: float, n_label: int, r: int,
                 cells: list[Cell], prov: Provenance) -> int:
    """Header lines → one grid row per line of words spanning columns, then one row of each column's
    own words (a label wrapped over lines joined); the label area's words in one corner cell."""
    own: dict[int, list[str]] = {}
    corner: list[str] = []
    start = r
    parents = [(0, len(cols) - 1)] * len(cols)  # per column: the span of the heading above it
    headed: set[int] = set()  # columns a heading of their own names on a line above (no span reaches over them)
    for ln in lines:
        spans = []
        heads = [w for w in ln if w.x1 > left]
        below: list[tuple[int, int]] = list(parents)
        named: set[int] = set()
        centred = _centred(heads, cols, parents, headed)
        for w in ln:
            if w.x1 <= left:
                corner.append(w.text)
                continue
            ks = centred.get(id(w)) or _covered(w, cols)
            for k in ks:
                below[k] = (ks[0], ks[-1])
            if len(ks) == 1:
                named.add(ks[0])
            if len(ks) > 1:
                spans.append((ks, w.text))
            else:
                own.setdefault(ks[0], []).append(w.text)
        parents = below
        headed |= named
        if spans:
            for ks, text in spans:
                cells.append(Cell(text, r, n_label + ks[0], 1, ks[-1] - ks[0] + 1, prov))
            r += 1
    cells.append(Cell("".join(corner), start, 0, r - start + 1, n_label, prov))
    for k in range(len(cols)):
        cells.append(Cell("".join(own.get(k, [])), r, n_label + k, 1, 1, prov))
    return r + 1


def _label_items(lines: list[list[Word]], left: float, line_gap: float, data_lines: dict[int, float]
                 ) -> list[list[Word]]:
    """Label fragments left of the values chained downwards into labels: a fragment continues the
    label above it when it touches it, starts with no ordinal, the two are not both on value lines,
    and no other value line is nearer to it than the label's own."""
    items: list[list[Word]] = []
    on_data: list[Optional[float]] = []  # the mid of the value line an item stands on
    mids = sorted(data_lines.values())
    # value lines printing no label of their own: their label is wrapped around them (above and below)
    bare = [data_lines[id(ln[0])] for ln in lines if id(ln[0]) in data_lines and ln[0].x1 > left]

    def ended(it: list[Word]) -> bool:  # a wrapped label whose last line is clearly shorter than its others
        return len(it) > 1 and max(w.x1 - w.x0 for w in it[:-1]) - (it[-1].x1 - it[-1].x0) >= SHORT_LINE * it[-1].height
    for ln in lines:
        if _heading_line(ln, left):
            items.append([])  # a caption or header line inside the table ends every label
            on_data.append(None)
            continue
        own = data_lines.get(id(ln[0]))
        is_data = own is not None
        for w in ln:
            if w.x1 > left:
                continue
            prev = None
            for n in range(len(items) - 1, -1, -1):
                it = items[n]
                if not it:
                    break
                if it[-1].bottom <= w.top + 0.5 * w.height and w.top - it[-1].bottom < line_gap * w.height \
                        and min(it[-1].x1, w.x1) - max(it[-1].x0, w.x0) > -0.5 * w.height:
                    prev = n
                    break
            wm = w.mid  # (a property: read once for the tests below)
            nearest = min(mids, key=lambda m: abs(m - wm)) if mids else None
            # as near the value line below as the one above (labels wrapped round the middle of their
            # rows): the fragment starts the lower label where the label above ended on a short line
            tied = nearest is not None and sum(abs(abs(m - wm) - abs(nearest - wm)) < 0.25 * w.height
                                               for m in mids) > 1
            if tied and prev is not None and ended(items[prev]):
                prev = None
            # a label on its own value line is not continued by a fragment as near to a bare value line
            to_bare = on_data[prev] is not None and any(
                abs(b - wm) <= abs(on_data[prev] - wm) for b in bare) if prev is not None else False
            # the value line a label stands on, or the bare one its wrapped lines surround (centred beside it)
            anchor = None if prev is None else on_data[prev] if on_data[prev] is not None else next(
                (b for b in bare if items[prev][0].top <= b <= items[prev][-1].bottom), None)
            # (or a fragment nearer a value line with a label of its own that makes the label, not centred on
            # its own line without it, centred there: its last line)
            centred = anchor is not None and nearest not in bare \
                and abs((items[prev][0].top + w.bottom) / 2 - anchor) <= 0.5 * w.height \
                and abs((items[prev][0].top + w.bottom) / 2 - anchor) < abs(
                    (items[prev][0].top + items[prev][-1].bottom) / 2 - anchor)
            if prev is not None and not ORDINAL.match(w.text) and not (is_data and on_data[prev] is not None) \
                    and (anchor is None or nearest == anchor or centred) and not to_bare:
                items[prev].append(w)
                on_data[prev] = on_data[prev] if on_data[prev] is not None else own
            else:
                items.append([w])
                on_data.append(own)
    return [it for it in items if it]


def text_words(lines: list[tuple[int, str]]) -> list[Word]:
    """Words of space-aligned text (`pdftotext -layout`): x is the character column, y the line."""
    return [Word(m.group(0), m.start(), m.end(), no, no + 1)
            for no, line in lines for m in re.finditer(r"\S+", line)]


def is_layout_text(lines: list[str]) -> bool:
    """Text whose lines keep the page's columns: many lines with wide runs of spaces between words."""
    wide = sum(1 for ln in lines if re.search(r"\S {3,}\S", ln))
    return wide >= 8


def header_table(words: list[Word], cols: list[tuple[float, float]], n_label: int, page: Optional[int]
                 ) -> Optional[Table]:
    """The header rows a table continued on the next page had above its page break (a header cut
    from its values): its words set over the value columns of the part below, as the header of a
    word table is (spanned headings, wrapped labels); None where no word stands over the columns."""
    lines = [ln for ln in word_lines(words) if ln]
    if not lines or not cols:
        return None
    left = cols[0][0] - 0.5 * lines[0][0].height
    if not any(_heading_line(ln, left) for ln in lines):
        return None
    cells: list[Cell] = []
    n_rows = _header_rows(lines, cols, left, n_label, 0, cells, Provenance(page=page))
    return Table(cells, n_rows, n_label + len(cols), Provenance(page=page))
