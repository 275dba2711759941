"""A header cut from its values by a page break: the rules-only header part ending a page, set over
the value columns of the word table that starts the next page (its columns come from positions)."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ...grid import HEADING, LABEL_CHARS, MAX_HEADER_LINES, PAGE_NUMBER, VALUE, Word, _prose, _values, find_word_tables, header_table, word_lines
from ...model import Cell, Table
from .elements import Line, PageTable
from .rules import char_runs
from .settings import NUMBER, PAGE_NUMBER as LINE_PAGE_NUMBER, WORD_GAP
from .wordmap import extract_wordmap


def region_words(chars: list[dict]) -> list[Word]:
    """Chars → words: runs of chars closer than WORD_GAP char sizes (as the page's word tables split them)."""
    return [Word("".join(c["text"] for c in run), min(c["x0"] for c in run), max(c["x1"] for c in run),
                 min(c["top"] for c in run), max(c["bottom"] for c in run))
            for run in (([c for c in r if c["text"].strip()]) for r in char_runs(chars)) if run]


def header_over(upper: PageTable, lower: PageTable) -> Optional[Table]:
    """The table of a numberless rules-only header part (`upper`, ending its page) with the word table
    continuing it on the next page (`lower`): the header's words over lower's value columns, then
    lower's rows. None where upper is not such a part or its words stand over none of the columns."""
    cols = lower.value_columns
    if upper.region is None or not cols or any(NUMBER.match(c.text) for c in upper.table.cells):
        return None
    if cols[0][0] < upper.region.x0 - upper.region.size or cols[-1][1] > upper.region.x1 + upper.region.size:
        return None  # the values do not stand under the header's rules
    n_label = lower.table.n_cols - len(cols)
    head = header_table(region_words(upper.region.chars), cols, n_label, upper.page)
    if head is None:
        return None
    head, lower_cells, lower_rows = _headings_run_on(head, lower.table, n_label)
    cells = head.cells + [replace(c, row=c.row + head.n_rows) for c in lower_cells]
    return Table(cells, head.n_rows + lower_rows, lower.table.n_cols, upper.table.prov)


def _headings_run_on(head: Table, lower: Table, n_label: int) -> tuple[Table, list[Cell], int]:
    """Headings wrapped round the page break (商业企 | 业, 社会公 | 益组织): the rows starting the next page
    that print only words continuing a column's own heading (one column each, no value) end that
    heading. (head, lower's remaining cells renumbered, their row count)."""
    own = {c.col: c for c in head.cells if c.row == head.n_rows - 1 and c.col >= n_label and c.text}
    grid = lower.grid()
    n = 0
    while n < len(grid) and any(c is not None and c.text for c in grid[n]) and all(
            c is None or not c.text or (c.col in own and c.colspan == 1 and not VALUE.match(c.text.strip()))
            for c in grid[n]):
        n += 1
    if n == 0:
        return head, lower.cells, lower.n_rows
    for c in lower.cells:
        if c.row < n and c.text and c.col in own:
            own[c.col].text += c.text
    rest = [replace(c, row=c.row - n) for c in lower.cells if c.row >= n]
    return head, rest, lower.n_rows - n


def page_words(chars: list[dict]) -> list[Word]:
    """The words of a page as its word tables split them (gaps of WORD_GAP char sizes)."""
    return [Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
            for w, _ in extract_wordmap(chars, WORD_GAP).tuples]


def header_tail(words: list[Word], below: float) -> list[list[Word]]:
    """The header lines ending a page (below `below`, page numbers aside): the lines up from the foot that
    print no value and are no body text, under a heading or body text (never under a value line: a
    table's label wrapped round the page break is no header)."""
    lines = [ln for ln in word_lines([w for w in words if w.top >= below])
             if not PAGE_NUMBER.match(" ".join(w.text for w in ln))]
    tail: list[list[Word]] = []
    for ln in reversed(lines):
        if _prose(ln):
            break
        if _values(ln) or len(tail) == MAX_HEADER_LINES:
            return []
        tail.insert(0, ln)
    return tail


def join_cut_header(prev_chars: list[dict], prev_lines: list[Line], prev_tables: list[PageTable],
                    chars: list[dict], lines: list[Line], tables: list[PageTable], page_no: int
                    ) -> Optional[list[PageTable]]:
    """A word table starting a page whose header's top levels end the page before as plain text (行政复议 |
    行政诉讼 … over the rest of the header and the values on the next page): the header joined across the
    page break, the header lines set just above this page's words, and the table read again from the
    whole header, so its columns are named by every level (its lines stay text of their pages, as a word
    table's lines do). This page's tables, or None where no such header ends the page before."""
    first = next((t for t in tables if t.value_columns), None)
    if first is None or any(t.top < first.top for t in tables) or any(
            ln.bottom <= first.bbox[1] and not LINE_PAGE_NUMBER.match(ln.text) for ln in lines):
        return None
    below = max((t.bbox[3] for t in prev_tables), default=0.0)
    for ln in reversed(prev_lines):  # the last body line or heading of the page before: the header is below it
        text = ln.text.replace(" ", "")
        if ln.top < below or LINE_PAGE_NUMBER.match(ln.text):
            continue
        if VALUE.match(ln.text.split()[-1]):
            return None  # a table row ends the page: what follows it is its label wrapped, not a header
        if len(text) > LABEL_CHARS or text.endswith(("。", "；", "：")) or HEADING.match(text):
            below = max(below, ln.bottom - 0.5)
            break
    tail = header_tail(page_words([c for c in prev_chars if c["top"] >= below]), below)
    x0, x1 = first.value_columns[0][0], first.value_columns[-1][1]
    if not tail or not any(sum(1 for w in ln if w.x1 > x0 and w.x0 < x1) >= 2 for ln in tail):
        return None
    words = [w for w in page_words(chars) if not any(t is not first and _inside(w, t.bbox) for t in tables)]
    top = min((w.top for w in words if _inside(w, first.bbox)), default=first.bbox[1])
    gaps = [b[0].top - a[0].bottom for a, b in zip(tail, tail[1:])]
    dy = top - max(gaps + [0.5 * tail[-1][0].height]) - tail[-1][0].bottom
    moved = [Word(w.text, w.x0, w.x1, w.top + dy, w.bottom + dy) for ln in tail for w in ln]
    ids = {id(w) for w in moved}
    for wt in find_word_tables(moved + words, page_no):
        if any(id(w) in ids for w in wt.words):
            joined = PageTable(wt.table, page_no, wt.bbox[1], [], wt.bbox, value_columns=wt.columns)
            return [joined if t is first else t for t in tables]
    return None


def _inside(w: Word, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1
