"""A header cut from its values by a page break: the rules-only header part ending a page, set over
the value columns of the word table that starts the next page (its columns come from positions)."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ...grid import VALUE, Word, header_table
from ...model import Cell, Table
from .elements import PageTable
from .rules import char_runs
from .settings import NUMBER


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
