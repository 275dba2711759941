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
            prev.table = merge_tables(regrid(prev.table, edges), regrid(it.table, edges))
            prev.col_edges = edges
            prev.last_page = it.page
            continue
        out.append(it)
    return out
