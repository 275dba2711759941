"""Ruled tables: pdfplumber tables → model Tables (spans from cell boxes); parts continued on the next page merged."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional

from ...model import Cell, Provenance, Table
from .settings import COLUMN_MATCH_TOL, NUMBER, ORDINAL_START
from .elements import Item, PageTable, clean_cell_text, edge_indexer, snap_edges, sorted_edge_index
from .rules import region_to_table
from .word_headers import header_over

def plumber_table_to_table(ptable: Any, page_no: int) -> tuple[Table, list[float]]:
    """pdfplumber Table → model Table; spans come from each cell bbox against the row/column edges."""
    xs = snap_edges([c[0] for c in ptable.cells] + [c[2] for c in ptable.cells])
    ys = snap_edges([c[1] for c in ptable.cells] + [c[3] for c in ptable.cells])
    texts = ptable.extract()
    cells: list[Cell] = []
    at = sorted_edge_index  # xs and ys are snap_edges', sorted
    for r, row in enumerate(ptable.rows):
        for k, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            x0, top, x1, bottom = bbox
            col, row_i = at(xs, x0), at(ys, top)
            cells.append(Cell(
                text=clean_cell_text(texts[r][k]),
                row=row_i,
                col=col,
                rowspan=max(1, at(ys, bottom) - row_i),
                colspan=max(1, at(xs, x1) - col),
                prov=Provenance(page=page_no, bbox=tuple(bbox)),
            ))
    table = Table(cells=cells, n_rows=len(ys) - 1, n_cols=len(xs) - 1,
                  prov=Provenance(page=page_no, bbox=tuple(ptable.bbox)))
    return table, xs


def is_text_box(table: Table) -> bool:
    """A bordered single-column box of running text, not a statistics table."""
    return table.n_cols <= 1


def compatible_edges(a: list[float], b: list[float]) -> Optional[list[float]]:
    """The finer of two column-edge lists if the coarser one's edges all occur in it, else None.

    Same count and positions within COLUMN_MATCH_TOL is the usual case; a table part whose rows all
    span some columns (e.g. only header rows above the page break) has a subset of the edges.
    """
    fine, coarse = (a, b) if len(a) >= len(b) else (b, a)
    if len(coarse) < 2 or abs(fine[0] - coarse[0]) > COLUMN_MATCH_TOL or abs(fine[-1] - coarse[-1]) > COLUMN_MATCH_TOL:
        return None
    if all(min(abs(x - f) for f in fine) <= COLUMN_MATCH_TOL for x in coarse):
        return fine
    return None


def regrid(table: Table, edges: list[float]) -> Table:
    """Re-index cell columns against other column edges, from each cell's bbox."""
    cells = []
    at = edge_indexer(edges)
    for c in table.cells:
        x0, _, x1, _ = c.prov.bbox or (0.0, 0.0, 0.0, 0.0)
        col = at(edges, x0)
        cells.append(replace(c, col=col, colspan=max(1, at(edges, x1) - col)))
    return Table(cells=cells, n_rows=table.n_rows, n_cols=len(edges) - 1, prov=table.prov)


def label_columns(table: Table) -> set[int]:
    """Columns holding no numbers: the label columns of a statistics table."""
    numeric = {c.col for c in table.cells if NUMBER.match(c.text)}
    return set(range(table.n_cols)) - numeric


def continues_cell(upper: Cell, lower: Cell) -> bool:
    """Lower (first row of the next page) is the rest of upper (reaching the page bottom)."""
    if (upper.col, upper.colspan) != (lower.col, lower.colspan):
        return False
    return lower.text == "" or not ORDINAL_START.match(lower.text)


def row_complete(table: Table, row: int) -> bool:
    """Every grid position of the row is covered by a cell holding text."""
    return all(c is not None and c.text for c in table.grid()[row])


def merge_tables(upper: Table, lower: Table) -> Table:
    """Append lower's rows to upper; label cells split by the page break become one cell.

    A one-row cell is only joined when the row itself was split (some part of it empty on one side):
    a complete row ending the page (e.g. a header 信息内容 | 本年处理决定数量) followed by a complete
    row starting the next (行政许可 | 0) are two rows.
    """
    cells = [replace(c) for c in upper.cells]
    bottom = {c.col: c for c in cells if c.row + c.rowspan == upper.n_rows}
    labels = label_columns(lower)
    whole_rows = (upper.n_rows > 0 and lower.n_rows > 0
                  and row_complete(upper, upper.n_rows - 1) and row_complete(lower, 0))
    # a next page's first row whose own label starts a row (四、结转下年度继续办理) is a row of its own:
    # its empty cells never join the numbers of the row above (only a group label spanning rows goes on)
    new_row = any(c.row == 0 and c.col in labels and c.text and not ((u := bottom.get(c.col)) and continues_cell(u, c))
                  for c in lower.cells)
    for c in lower.cells:
        u = bottom.get(c.col)
        if (c.row == 0 and c.col in labels and u is not None and continues_cell(u, c)
                and not ((whole_rows or new_row) and u.rowspan == 1 and c.rowspan == 1)):
            u.text += c.text
            u.rowspan += c.rowspan
        else:
            cells.append(replace(c, row=c.row + upper.n_rows))
    return Table(cells=cells, n_rows=upper.n_rows + lower.n_rows, n_cols=upper.n_cols, prov=upper.prov)


def join_at_break(upper: Table, lower: Table, open_bottom: frozenset, open_top: frozenset,
                  lower_open_bottom: frozenset) -> Optional[tuple[Table, frozenset]]:
    """Lower's rows after upper's, where a page break cut the table with no rule (fragments.py): each
    open cell ending upper is continued by the open cell starting lower in the same columns (their
    texts joined as one cell's lines); where every column goes on, the two rows are one row cut in
    two. (The table, the cells still open at its bottom), or None where an open cell of upper has no
    open cell below it in its columns (how the parts join is not known; an empty one just ends)."""
    cells, lows = [replace(c) for c in upper.cells], [replace(c) for c in lower.cells]
    going = [c for c in cells if c.row + c.rowspan == upper.n_rows and _key(c) in open_bottom]
    coming = [c for c in lows if c.row == 0 and _key(c) in open_top]
    going, cells = _pieces(going, coming, cells)
    coming, lows = _pieces(coming, going, lows)
    below = {(c.col, c.colspan): c for c in coming}
    going = [u for u in going if (u.col, u.colspan) in below or u.text.strip()]  # an empty end: nothing goes on
    if any((u.col, u.colspan) not in below for u in going):
        return None
    ends = [c for c in cells if c.row + c.rowspan == upper.n_rows]
    split = bool(going) and len(going) == len(ends) and len(coming) == sum(1 for c in lows if c.row == 0)
    shift = upper.n_rows - 1 if split else upper.n_rows
    into = {id(below[(u.col, u.colspan)]): u for u in going}
    still_open = set(lower_open_bottom)
    for c in lows:
        u = into.get(id(c))
        if u is None:
            cells.append(replace(c, row=c.row + shift))
            continue
        if not u.text.strip() and c.text.strip():
            u.prov = c.prov  # the text is on the next page
        u.text = clean_cell_text(u.text + "\n" + c.text)  # as the lines of one cell
        u.rowspan += c.rowspan - (1 if split else 0)
        if _key(c) in lower_open_bottom:
            still_open.add(_key(u))  # it goes on to the page after
    return Table(cells=cells, n_rows=shift + lower.n_rows, n_cols=upper.n_cols, prov=upper.prov), frozenset(still_open)


def _pieces(side: list[Cell], other: list[Cell], cells: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """An empty open cell over several open cells of the other side, which fill its columns exactly, is
    their sliver (the break fell just past their top rule, before their own rulings): it becomes one
    empty cell over each. (side, cells) with the slivers cut."""
    cut: dict[int, list[Cell]] = {}
    for s in side:
        under = [o for o in other if s.col <= o.col and o.col + o.colspan <= s.col + s.colspan]
        if not s.text.strip() and len(under) >= 2 and sum(o.colspan for o in under) == s.colspan:
            cut[id(s)] = [replace(s, col=o.col, colspan=o.colspan) for o in under]
    if not cut:
        return side, cells
    def expand(cs: list[Cell]) -> list[Cell]:
        return [p for c in cs for p in cut.get(id(c), [c])]
    return expand(side), expand(cells)


def values_line_up(upper: Table, lower: Table) -> bool:
    """No number of lower stands across the columns of a number of upper: the same column rulings."""
    spans = {(c.col, c.col + c.colspan) for c in upper.cells if NUMBER.match(c.text)}
    return all(a == x and b == y or b <= x or y <= a
               for c in lower.cells if NUMBER.match(c.text) for a, b in [(c.col, c.col + c.colspan)]
               for x, y in spans)


def _key(c: Cell) -> tuple:
    """A cell's page and box: how fragments.py names an open cell."""
    return (c.prov.page, c.prov.bbox)


def _header_part(out: list[Item], it: PageTable) -> Optional[int]:
    """Where in `out` a numberless rules-only part ends the page before `it`, with nothing after it
    but the text lines of `it` itself (a word table's lines stay text too)."""
    for i in range(len(out) - 1, -1, -1):
        o = out[i]
        if isinstance(o, PageTable):
            return i if o.region is not None and o.last_page + 1 == it.page else None
        if o.page != it.page or not (it.bbox[1] - 1 <= o.top <= it.bbox[3] + 1):
            return None
    return None


def merge_continued_tables(items: list[Item]) -> list[Item]:
    """A table ending a page followed by a table starting the next page, matching columns → one table."""
    out: list[Item] = []
    for it in items:
        if isinstance(it, PageTable) and it.value_columns and (at := _header_part(out, it)) is not None:
            # a header ending the page before, its values in a word table here: one table
            head = out[at]
            assert isinstance(head, PageTable)
            merged = header_over(head, it)
            if merged is not None:
                head.table, head.region, head.value_columns = merged, None, it.value_columns
                head.last_page, head.col_edges = it.page, []
                continue
        prev = out[-1] if out else None
        if (isinstance(it, PageTable) and isinstance(prev, PageTable) and prev.region is not None
                and it.page == prev.last_page + 1 and it.table.n_cols > prev.table.n_cols
                and abs(prev.col_edges[0] - it.col_edges[0]) <= COLUMN_MATCH_TOL
                and abs(prev.col_edges[-1] - it.col_edges[-1]) <= COLUMN_MATCH_TOL):
            # a rules-only header part with no numbers: its columns are those of the part below
            prev.table = region_to_table(prev.region, it.col_edges, prev.page)
            prev.col_edges, prev.region = list(it.col_edges), None
        if (isinstance(it, PageTable) and isinstance(prev, PageTable)
                and it.page == prev.last_page + 1
                and (edges := compatible_edges(prev.col_edges, it.col_edges))):
            upper, lower = regrid(prev.table, edges), regrid(it.table, edges)
            broken = bool(prev.open_bottom or it.open_top)  # a page break cut the table (fragments.py)
            if broken and not values_line_up(upper, lower):
                out.append(it)  # two tables of other columns, one below the other (a table and its 续)
                continue
            cut = join_at_break(upper, lower, prev.open_bottom, it.open_top, it.open_bottom) if broken else None
            if cut is not None:
                prev.table, prev.open_bottom = cut
            else:
                prev.table, prev.open_bottom = merge_tables(upper, lower), it.open_bottom
            prev.col_edges = edges
            prev.last_page = it.page
            continue
        out.append(it)
    return out
