"""Ruled tables of a page: pdfplumber's table finder (the "lines" strategy of `page.find_tables()`), with
its two quadratic steps done by lookup, and each table's cell texts read as `Table.extract()` reads them.

pdfplumber's edges (`page.edges`, merged by `merge_edges`, filtered by length) and its grouping of cells
into tables (`cells_to_tables`) are called as they are. What is rewritten gives the same result:
- intersections: each vertical edge against the horizontal edges, sorted once (pdfplumber sorts them
  again for every vertical edge);
- cells: from each intersection point, the points below it and right of it on its own column and row
  (pdfplumber scans all later points for each), connected when they share an edge (pdfplumber rebuilds
  both points' edge sets for every test);
- cell texts: a char is in a cell when its centre is (left and top edges inclusive), found among the
  chars of the cell's row by the centres' height (pdfplumber tests every char against every row, then
  every cell); the text is pdfplumber's `extract_text` of those chars, in the page's order, done
  directly for a cell of one line (`cell_text`), and from our word map for the others (`lines_text`).
`tests/test_pdf_speed.py` checks cells and texts against pdfplumber's on every fixture PDF page.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Optional

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

from .fragments import PageCuts, page_cuts
from .wordmap import extract_wordmap

X_TOL, Y_TOL = DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE  # extract_text's word gap, line tolerance

Bbox = tuple[float, float, float, float]
Point = tuple[float, float]


@dataclass
class FoundTable:
    """A ruled table as `plumber_table_to_table` reads it: cell boxes, rows (pdfplumber's), box, texts."""
    cells: list[Bbox]
    rows: list[Any]
    bbox: Bbox
    texts: list[list[Optional[str]]]
    open_top: frozenset[Bbox] = frozenset()  # cells starting at an open page start (fragments.py)
    open_bottom: frozenset[Bbox] = frozenset()  # cells ending at an open page end

    def extract(self) -> list[list[Optional[str]]]:
        return self.texts


def find_tables(page: Any, page_breaks: bool = False) -> list[FoundTable]:
    """The page's tables as pdfplumber's `page.find_tables()` finds them, with their cell texts;
    `page_breaks`: with the page's open ends closed and their cells named (fragments.py)."""
    finder = TableFinder.__new__(TableFinder)  # its edges, without its constructor's search
    finder.page, finder.settings = page, TableSettings.resolve(None)
    s = finder.settings
    edges = finder.get_edges()
    cuts = page_cuts(page, edges) if page_breaks else PageCuts()
    points = intersections(cuts.edges(edges), s.intersection_x_tolerance, s.intersection_y_tolerance)
    out = []
    chars = centred(page.chars) if points else []
    for group in cells_to_tables(cells(points)):
        table = Table(page, group)
        rows = table.rows
        out.append(FoundTable(group, rows, table.bbox, row_texts(rows, chars), *cuts.open_cells(group)))
    return out


def intersections(edges: list[dict], x_tol: float, y_tol: float) -> dict[Point, tuple[set, set]]:
    """pdfplumber's `edges_to_intersections`: each crossing point (a vertical edge's x, a horizontal
    edge's top) with the boxes of the vertical and of the horizontal edges through it."""
    vs = sorted((e for e in edges if e["orientation"] == "v"), key=lambda e: (e["x0"], e["top"]))
    hs = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: (e["top"], e["x0"]))
    out: dict[Point, tuple[set, set]] = {}
    for v in vs:
        vbox = (v["x0"], v["top"], v["x1"], v["bottom"])
        for h in hs:
            if v["top"] <= h["top"] + y_tol and v["bottom"] >= h["top"] - y_tol \
                    and h["x0"] - x_tol <= v["x0"] <= h["x1"] + x_tol:
                at = out.setdefault((v["x0"], h["top"]), (set(), set()))
                at[0].add(vbox)
                at[1].add((h["x0"], h["top"], h["x1"], h["bottom"]))
    return out


def cells(points: dict[Point, tuple[set, set]]) -> list[Bbox]:
    """pdfplumber's `intersections_to_cells`: from each point (in sorted order) the smallest cell with
    it as the top-left corner, walking the points below it, then those right of it."""
    ordered = sorted(points)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    for p in ordered:
        columns.setdefault(p[0], []).append(p)
        rows.setdefault(p[1], []).append(p)

    def connects(p: Point, q: Point) -> bool:  # (they share an edge: their sets meet)
        return (p[0] == q[0] and not points[p][0].isdisjoint(points[q][0])) or \
            (p[1] == q[1] and not points[p][1].isdisjoint(points[q][1]))

    out = []
    for p in ordered:
        col, row = columns[p[0]], rows[p[1]]
        below, right = col[col.index(p) + 1:], row[row.index(p) + 1:]
        cell = next(((p[0], p[1], r[0], b[1]) for b in below if connects(p, b) for r in right
                     if connects(p, r) and (r[0], b[1]) in points
                     and connects((r[0], b[1]), r) and connects((r[0], b[1]), b)), None)
        if cell is not None:
            out.append(cell)
    return out


def centred(chars: list[dict]) -> list[tuple[float, int, float, dict]]:
    """The chars by the height of their centre: (v, page order, h, char), as Table.extract computes them."""
    # (sorted as tuples: the page order i is unique, so no comparison goes past it, as by (v, i))
    return sorted([((c["top"] + c["bottom"]) / 2, i, (c["x0"] + c["x1"]) / 2, c) for i, c in enumerate(chars)])


def row_texts(rows: list[Any], chars: list[tuple[float, int, float, dict]]) -> list[list[Optional[str]]]:
    """Table.extract(): per row, per cell, the text of the chars whose centre is in the cell (None
    where the row has no cell)."""
    heights = [t[0] for t in chars]
    out = []
    for row in rows:
        _, top, _, bottom = row.bbox
        across = sorted(chars[bisect.bisect_left(heights, top):bisect.bisect_left(heights, bottom)],
                        key=lambda t: t[2])  # by the centre's x: each cell's chars by bisection
        xs = [t[2] for t in across]
        texts: list[Optional[str]] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            x0, top, x1, bottom = cell
            got = [t for t in across[bisect.bisect_left(xs, x0):bisect.bisect_left(xs, x1)] if top <= t[0] < bottom]
            got.sort(key=lambda t: t[1])  # in page order
            texts.append(cell_text([t[3] for t in got]) if got else "")
        out.append(texts)
    return out


def cell_text(chars: list[dict]) -> str:
    """pdfplumber's `extract_text(chars)`, done directly where the chars are upright and their tops
    within its line tolerance (one line, as its clustering would find): sorted by x0, split into words
    at blanks and gaps by its own test, joined by spaces. Any other cell, and one with a char of no
    text (a word of its own for pdfplumber), goes to `lines_text`."""
    tops = [c["top"] for c in chars]
    if not all(c["upright"] and c["text"] for c in chars) or max(tops) > min(tops) + Y_TOL:
        return lines_text(chars)
    words: list[str] = []
    prev = None
    for c in sorted(chars, key=lambda c: c["x0"]):
        text = c["text"]
        if text.isspace():
            prev = None
            continue
        if prev is not None and not (c["x0"] < prev["x0"] or c["x0"] > prev["x1"] + X_TOL
                                     or abs(c["top"] - prev["top"]) > Y_TOL):
            words[-1] += LIGATURES.get(text, text)
        else:
            words.append(LIGATURES.get(text, text))
        prev = c
    return " ".join(words)


def lines_text(chars: list[dict]) -> str:
    """pdfplumber's `extract_text(chars)` (default settings, no layout) from our word map: its words
    (`WordExtractor().extract_words`, which `extract_wordmap` gives), clustered into lines by their tops
    within its y tolerance, each line's words joined by a space, the lines by newlines (its `TextMap` of
    that string, left to right and top to bottom, is the string itself)."""
    if not chars:
        return ""
    words = [w for w, _ in extract_wordmap(chars).tuples]
    return "\n".join(" ".join(w["text"] for w in line) for line in cluster_objects(words, _TOP, Y_TOL))


_TOP = itemgetter("top")
