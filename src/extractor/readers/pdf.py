"""PDF reader: pdfplumber pages → one Document of paragraphs and tables in reading order.

Pipeline (each step a small pure function):
  page chars → text lines (outside real tables) → drop page numbers / running headers
  pdfplumber tables → model Tables (spans from cell bboxes) or text boxes (1-column "tables")
  lines + tables in page order → paragraphs and table blocks; tables continued on the next page merged
"""
from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Optional, Union

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ..model import Block, Cell, Document, Provenance, ReadError, SourceInfo, Table

# pdfminer logs every repair it makes to a damaged file; a bad input gets our one-line error instead
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# --- tolerances (PDF points unless noted) ---------------------------------------------------
BOUNDARY_SNAP = 3.0  # cell edges closer than this are the same row/column boundary
TABLE_BBOX_PAD = 1.0  # a char whose centre is this close inside a table bbox belongs to the table
COLUMN_MATCH_TOL = 4.0  # continued table: column boundaries may move this much between pages
RIGHT_MARGIN_CHARS = 1.5  # a line ending within this many char widths of the margin runs on
INDENT_CHARS = 1.0  # a line starting this many char widths right of the margin is indented
PARA_GAP_PITCH = 1.5  # a line further below the previous than this many line pitches starts a paragraph
MARGIN_ZONE = 0.1  # top/bottom fraction of the page where headers, footers and page numbers live
RUNNING_MIN_SHARE = 0.5  # a header/footer repeats on more than this share of pages
RULE_MIN_WIDTH = 20.0  # rules-only tables: a horizontal rule at least this long separates rows
RULE_Y_SNAP = 2.0  # rules closer than this vertically are one rule (a thick line drawn as a thin rect)
RULE_X_JOIN = 2.0  # rule segments at one height closer than this are one segment
MIN_RULES = 3  # a page needs this many rules before rules-only tables are looked for
TOUCH_GAP = 0.2  # chars closer than this many char sizes on a line are one run of text (one cell)
SPACE_GAP = 0.3  # chars further apart than this many char sizes are separated by a space
CENTER_TOL = 0.5  # a cell's text centred on a wider span of empty cells (in char sizes) spans them
SIZE_RATIO = 1.2  # text between two rules this much larger/smaller than the table text is not a row
MAX_ROW_LINES = 6  # more lines of text between two rules: body text between page rules, not a table row
RULE_SNAP = 8.0  # a rule end this close to a column boundary estimated from the values is that boundary

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201d\u2026"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
_CJK_NEWLINE = re.compile(rf"(?<=[{_CJK}])\s*\n\s*|\s*\n\s*(?=[{_CJK}])")
_PAGE_NUMBER = re.compile(  # one number: a row of table numbers at a page's foot is no page number
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$"
)
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、．.](?!\d))"
)
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?$")
_ORDINAL_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass
class PageTable:
    table: Table
    page: int
    top: float
    col_edges: list[float]
    bbox: tuple[float, float, float, float]
    last_page: int = 0  # page of the last part after merging continued parts
    region: Optional["RuleRegion"] = None  # rules-only table: its rows and chars, to re-grid it

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page


Item = Union[Line, PageTable]


# --- text helpers ---------------------------------------------------------------------------
def clean_line_text(text: str) -> str:
    """Drop the spaces pdfplumber puts between two CJK characters; keep those next to digits."""
    return _CJK_SPACE.sub("", text.strip())


def clean_cell_text(text: Optional[str]) -> str:
    """Join a cell's lines: no break inside CJK text, a space between Latin words."""
    if not text:
        return ""
    text = _CJK_NEWLINE.sub("", text.strip())
    return clean_line_text(re.sub(r"\s*\n\s*", " ", text))


def join_lines(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


# --- tables ---------------------------------------------------------------------------------
def snap_edges(values: list[float]) -> list[float]:
    """Sorted distinct boundaries, values within BOUNDARY_SNAP merged."""
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > BOUNDARY_SNAP:
            edges.append(v)
    return edges


def edge_index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def plumber_table_to_table(ptable: Any, page_no: int) -> tuple[Table, list[float]]:
    """pdfplumber Table → model Table; spans come from each cell bbox against the row/column edges."""
    xs = snap_edges([c[0] for c in ptable.cells] + [c[2] for c in ptable.cells])
    ys = snap_edges([c[1] for c in ptable.cells] + [c[3] for c in ptable.cells])
    texts = ptable.extract()
    cells: list[Cell] = []
    for r, row in enumerate(ptable.rows):
        for k, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            x0, top, x1, bottom = bbox
            col, row_i = edge_index(xs, x0), edge_index(ys, top)
            cells.append(Cell(
                text=clean_cell_text(texts[r][k]),
                row=row_i,
                col=col,
                rowspan=max(1, edge_index(ys, bottom) - row_i),
                colspan=max(1, edge_index(xs, x1) - col),
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
    for c in table.cells:
        x0, _, x1, _ = c.prov.bbox or (0.0, 0.0, 0.0, 0.0)
        col = edge_index(edges, x0)
        cells.append(replace(c, col=col, colspan=max(1, edge_index(edges, x1) - col)))
    return Table(cells=cells, n_rows=table.n_rows, n_cols=len(edges) - 1, prov=table.prov)


def label_columns(table: Table) -> set[int]:
    """Columns holding no numbers: the label columns of a statistics table."""
    numeric = {c.col for c in table.cells if _NUMBER.match(c.text)}
    return set(range(table.n_cols)) - numeric


def continues_cell(upper: Cell, lower: Cell) -> bool:
    """Lower (first row of the next page) is the rest of upper (reaching the page bottom)."""
    if (upper.col, upper.colspan) != (lower.col, lower.colspan):
        return False
    return lower.text == "" or not _ORDINAL_START.match(lower.text)


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
    for c in lower.cells:
        u = bottom.get(c.col)
        if (c.row == 0 and c.col in labels and u is not None and continues_cell(u, c)
                and not (whole_rows and u.rowspan == 1 and c.rowspan == 1)):
            u.text += c.text
            u.rowspan += c.rowspan
        else:
            cells.append(replace(c, row=c.row + upper.n_rows))
    return Table(cells=cells, n_rows=upper.n_rows + lower.n_rows, n_cols=upper.n_cols, prov=upper.prov)


def merge_continued_tables(items: list[Item]) -> list[Item]:
    """A table ending a page followed by a table starting the next page, matching columns → one table."""
    out: list[Item] = []
    for it in items:
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


# --- tables ruled with horizontal lines only ------------------------------------------------
# No vertical lines: rows are the gaps between the rules, columns come from the values aligned
# across rows (numbers centred in their cells) and from the ends of partial rules (a rule that
# stops short of the table edge leaves the cells beside it merged with the row below).
Segment = tuple[float, float]


@dataclass
class RuleRegion:
    """A run of horizontal rules with table text between each two: one table (or a part of one)."""
    ys: list[float]  # rule heights, top to bottom: row r lies between ys[r] and ys[r + 1]
    segs: list[list[Segment]]  # the x-extent(s) of each rule
    chars: list[dict]  # the chars between the first and the last rule
    words: list[dict]
    x0: float
    x1: float
    size: float  # usual char size of the table text

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.ys[0], self.x1, self.ys[-1])


def page_rules(page: Any) -> list[tuple[float, list[Segment]]]:
    """Horizontal rules of the page: (height, x-segments), segments at one height joined."""
    edges = sorted((e for e in page.horizontal_edges if e["x1"] - e["x0"] >= RULE_MIN_WIDTH),
                   key=lambda e: e["top"])
    rules: list[tuple[float, list[Segment]]] = []
    for e in edges:
        if rules and e["top"] - rules[-1][0] <= RULE_Y_SNAP:
            rules[-1][1].append((e["x0"], e["x1"]))
        else:
            rules.append((e["top"], [(e["x0"], e["x1"])]))
    out = []
    for y, segs in rules:
        joined: list[Segment] = []
        for a, b in sorted(segs):
            if joined and a <= joined[-1][1] + RULE_X_JOIN:
                joined[-1] = (joined[-1][0], max(joined[-1][1], b))
            else:
                joined.append((a, b))
        out.append((y, joined))
    return out


def char_lines(chars: list[dict]) -> list[list[dict]]:
    """Chars → lines (top to bottom), each sorted left to right."""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: c["top"]):
        if lines and ch["top"] - lines[-1][0]["top"] <= 0.5 * max(ch["size"], 1.0):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return [sorted(ln, key=lambda c: c["x0"]) for ln in lines]


def chars_text(chars: list[dict]) -> str:
    out = []
    for ln in char_lines(chars):
        text = ln[0]["text"]
        for a, b in zip(ln, ln[1:]):
            text += (" " if b["x0"] - a["x1"] > SPACE_GAP * max(b["size"], 1.0) else "") + b["text"]
        out.append(text)
    return clean_cell_text("\n".join(out))


def is_separator(chars: list[dict], words: list[dict], size: float) -> bool:
    """Text between two rules that is not a table row: a heading between two tables."""
    if not chars or len(char_lines(chars)) > MAX_ROW_LINES:
        return True
    for ln in char_lines(chars):
        sizes = sorted(c["size"] for c in ln)
        s = sizes[len(sizes) // 2]
        if s > size * SIZE_RATIO or s * SIZE_RATIO < size:
            return True
    lines = char_lines(chars)
    if len(lines) == 1:
        text = "".join(c["text"] for c in lines[0])
        top = lines[0][0]["top"]
        numbers = [w for w in words if abs(w["top"] - top) < size and _NUMBER.match(w["text"])]
        if re.match(r"^[一二三四五六七八九十]+[、．.]", text) and not numbers:
            return True
    return False


def rule_regions(page: Any, rules: list[tuple[float, list[Segment]]]) -> list[RuleRegion]:
    """Split the page's rules into tables at the gaps that hold no table row."""
    x0 = min(a for _, segs in rules for a, _ in segs)
    x1 = max(b for _, segs in rules for _, b in segs)
    ys = [y for y, _ in rules]
    inside_x = [c for c in page.chars if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1
                and ys[0] < (c["top"] + c["bottom"]) / 2 < ys[-1]]
    words = [w for w in page.extract_words() if ys[0] < (w["top"] + w["bottom"]) / 2 < ys[-1]]
    if not inside_x:
        return []
    sizes = sorted(c["size"] for c in inside_x)
    size = sizes[len(sizes) // 2]

    def between(items: list[dict], a: float, b: float) -> list[dict]:
        return [c for c in items if a < (c["top"] + c["bottom"]) / 2 < b]

    regions: list[RuleRegion] = []
    start = 0
    for i in range(len(rules)):
        last = i == len(rules) - 1
        if not last and not is_separator(between(inside_x, ys[i], ys[i + 1]),
                                         between(words, ys[i], ys[i + 1]), size):
            continue
        if i > start:  # rules start..i bound rows start..i-1
            part = rules[start:i + 1]
            top, bottom = part[0][0], part[-1][0]
            rx0 = min(a for _, segs in part for a, _ in segs)
            rx1 = max(b for _, segs in part for _, b in segs)
            regions.append(RuleRegion(
                ys=[y for y, _ in part], segs=[segs for _, segs in part],
                chars=[c for c in between(inside_x, top, bottom) if rx0 - 1 <= (c["x0"] + c["x1"]) / 2 <= rx1 + 1],
                words=between(words, top, bottom), x0=rx0, x1=rx1, size=size))
        start = i + 1
    return regions


def value_columns(region: RuleRegion) -> list[Segment]:
    """x-extents of the columns of numbers, from the lines holding the most numbers (numeric words
    overlapping horizontally are one column). A number of a shorter line between two of those
    columns is centred on a merged cell, not a column of its own; one beyond them adds a column."""
    nums = [w for w in region.words if _NUMBER.match(w["text"]) and region.x0 <= w["x0"] and w["x1"] <= region.x1]
    by_line: list[list[dict]] = []
    for w in sorted(nums, key=lambda w: w["top"]):
        if by_line and w["top"] - by_line[-1][0]["top"] <= 0.5 * region.size:
            by_line[-1].append(w)
        else:
            by_line.append([w])
    if not by_line:
        return []
    most = max(len(ln) for ln in by_line)
    full = sorted((w["x0"], w["x1"]) for ln in by_line if len(ln) == most for w in ln)
    cols: list[Segment] = []
    for a, b in full:
        if cols and a <= cols[-1][1]:
            cols[-1] = (cols[-1][0], max(cols[-1][1], b))
        else:
            cols.append((a, b))
    lo, hi = cols[0][0], cols[-1][1]
    for a, b in sorted((w["x0"], w["x1"]) for ln in by_line if len(ln) < most for w in ln):
        if b < lo or a > hi:
            cols.append((a, b))
            lo, hi = min(lo, a), max(hi, b)
    cols.sort()
    out: list[Segment] = []
    for a, b in cols:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def rule_column_edges(region: RuleRegion) -> Optional[list[float]]:
    """Column boundaries: between the value columns, left of the first one, and at partial rule ends."""
    cols = value_columns(region)
    if not cols:
        return None
    inner = [(a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:])]
    first_center = (cols[0][0] + cols[0][1]) / 2
    first_right = inner[0] if inner else region.x1
    edges = [region.x0, *inner, region.x1]
    first_left = 2 * first_center - first_right
    if first_left > region.x0 + BOUNDARY_SNAP:
        edges.append(first_left)
    edges = sorted(edges)
    ends = {x for segs in region.segs for seg in segs for x in seg
            if region.x0 + BOUNDARY_SNAP < x < region.x1 - BOUNDARY_SNAP}
    for x in sorted(ends):
        k = edge_index(edges, x)
        if abs(edges[k] - x) <= RULE_SNAP and 0 < k < len(edges) - 1:
            edges[k] = x
        else:
            edges.append(x)
        edges = sorted(edges)
    return snap_edges(edges)


def text_run_edges(region: RuleRegion) -> list[float]:
    """Column boundaries of a region without numbers: the gaps no run of touching chars crosses."""
    runs: list[Segment] = []
    for ln in char_lines(region.chars):
        for a, b in zip([None, *ln], ln):
            if a is not None and b["x0"] - a["x1"] <= TOUCH_GAP * max(b["size"], 1.0):
                runs[-1] = (runs[-1][0], b["x1"])
            else:
                runs.append((b["x0"], b["x1"]))
    covered: list[Segment] = []
    for a, b in sorted(runs):
        if covered and a <= covered[-1][1]:
            covered[-1] = (covered[-1][0], max(covered[-1][1], b))
        else:
            covered.append((a, b))
    return [region.x0, *((a[1] + b[0]) / 2 for a, b in zip(covered, covered[1:])), region.x1]


def region_to_table(region: RuleRegion, xs: list[float], page_no: int) -> Table:
    """Rows between the rules × columns at xs; cells merged where rules stop short or text spans."""
    ys = region.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    centers = [(xs[k] + xs[k + 1]) / 2 for k in range(n_cols)]

    def locate(v: float, bounds: list[float]) -> int:
        return max(0, min(len(bounds) - 2, sum(1 for b in bounds[1:-1] if v >= b)))

    atoms: dict[tuple[int, int], list[dict]] = {}
    for c in region.chars:
        r = locate((c["top"] + c["bottom"]) / 2, ys)
        k = locate((c["x0"] + c["x1"]) / 2, xs)
        atoms.setdefault((r, k), []).append(c)

    parent = {(r, k): (r, k) for r in range(n_rows) for k in range(n_cols)}

    def find(a: tuple[int, int]) -> tuple[int, int]:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # a rule not crossing a column leaves the cells above and below it one cell
    for i in range(1, n_rows):
        for k in range(n_cols):
            if not any(a - 1 <= centers[k] <= b + 1 for a, b in region.segs[i]):
                union((i - 1, k), (i, k))
    # touching chars on both sides of a boundary: one cell spanning the columns
    for r in range(n_rows):
        row_chars = [c for k in range(n_cols) for c in atoms.get((r, k), [])]
        for ln in char_lines(row_chars):
            for a, b in zip(ln, ln[1:]):
                ka, kb = locate((a["x0"] + a["x1"]) / 2, xs), locate((b["x0"] + b["x1"]) / 2, xs)
                if ka != kb and b["x0"] - a["x1"] <= TOUCH_GAP * max(b["size"], 1.0):
                    for k in range(ka, kb):
                        union((r, k), (r, k + 1))

    def members() -> dict[tuple[int, int], list[tuple[int, int]]]:
        groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for a in parent:
            groups.setdefault(find(a), []).append(a)
        return groups

    groups = members()

    def free(r: int, k: int) -> bool:
        return (r, k) not in atoms and len(groups[find((r, k))]) == 1

    # a cell's text centred over empty neighbours spans them (numbers: as the cell above does)
    for r in range(n_rows):
        done: set[tuple[int, int]] = set()
        for k in range(n_cols):
            root = find((r, k))
            if root in done:
                continue
            done.add(root)
            g = groups[root]
            if any(a[0] != r for a in g):
                continue
            chars = [c for a in g for c in atoms.get(a, [])]
            if not chars:
                continue
            k0, k1 = min(a[1] for a in g), max(a[1] for a in g)
            text = chars_text(chars)
            best: Optional[tuple[int, int]] = None
            if _NUMBER.match(text):
                if r > 0:
                    above = [a[1] for a in groups[find((r - 1, k0))] if a[0] == r - 1]
                    a, b = min(above), max(above)
                    if a <= k0 and k1 <= b and (a, b) != (k0, k1) and all(
                            free(r, k) for k in range(a, b + 1) if not k0 <= k <= k1):
                        best = (a, b)
            else:
                mid = (min(c["x0"] for c in chars) + max(c["x1"] for c in chars)) / 2
                tol = CENTER_TOL * region.size
                a = k0
                while a >= 0 and (a == k0 or free(r, a)):
                    b = k1
                    while b < n_cols and (b == k1 or free(r, b)):
                        if (a, b) != (k0, k1) and abs((xs[a] + xs[b + 1]) / 2 - mid) <= tol:
                            if best is None or b - a > best[1] - best[0]:
                                best = (a, b)
                        b += 1
                    a -= 1
            if best:
                for k in range(best[0], best[1]):
                    union((r, k), (r, k + 1))
                groups = members()

    cells = []
    for root, g in sorted(groups.items()):
        r0, r1 = min(a[0] for a in g), max(a[0] for a in g)
        k0, k1 = min(a[1] for a in g), max(a[1] for a in g)
        chars = [c for a in g for c in atoms.get(a, [])]
        cells.append(Cell(text=chars_text(chars), row=r0, col=k0, rowspan=r1 - r0 + 1, colspan=k1 - k0 + 1,
                          prov=Provenance(page=page_no, bbox=(xs[k0], ys[r0], xs[k1 + 1], ys[r1 + 1]))))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(cells=cells, n_rows=n_rows, n_cols=n_cols, prov=Provenance(page=page_no, bbox=region.bbox))


def rule_tables(page: Any, page_no: int, rules: list[tuple[float, list[Segment]]]) -> list[PageTable]:
    """Tables ruled only horizontally. A part without numbers (a header ending the page) is kept
    with columns from its text and re-gridded by the columns of the part continuing it."""
    regions = rule_regions(page, rules)
    tables = []
    for i, region in enumerate(regions):
        if len(region.ys) < 3 and i < len(regions) - 1:
            continue
        xs = rule_column_edges(region)
        pending = xs is None
        if pending:
            if i < len(regions) - 1:
                continue
            xs = text_run_edges(region)
        if len(xs) < 3:
            continue
        table = region_to_table(region, xs, page_no)
        tables.append(PageTable(table, page_no, region.ys[0], xs, region.bbox,
                                region=region if pending else None))
    return tables


# --- pages ----------------------------------------------------------------------------------
def inside(obj: dict, bboxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    p = TABLE_BBOX_PAD
    return any(x0 - p <= cx <= x1 + p and t - p <= cy <= b + p for x0, t, x1, b in bboxes)


def words_to_lines(page: Any, page_no: int) -> list[Line]:
    lines = []
    for d in page.extract_text_lines(return_chars=False):
        text = clean_line_text(d["text"])
        if text:
            lines.append(Line(text, d["x0"], d["x1"], d["top"], d["bottom"], page_no))
    return lines


def find_page_tables(page: Any, page_no: int) -> tuple[list[PageTable], bool]:
    """The page's ruled tables (text boxes left out), and whether the lines strategy found any box."""
    tables = []
    found = page.find_tables()
    for pt in found:
        table, xs = plumber_table_to_table(pt, page_no)
        if is_text_box(table) or not any(c.text for c in table.cells):
            continue
        tables.append(PageTable(table, page_no, pt.bbox[1], xs, tuple(pt.bbox)))
    return tables, bool(found)


def read_page(page: Any, page_no: int) -> tuple[list[Line], list[PageTable]]:
    """One page → its text lines outside tables, and its tables."""
    tables, found = find_page_tables(page, page_no)
    if not found:  # only then: tables ruled with horizontal lines only
        rules = page_rules(page)
        if len(rules) >= MIN_RULES:
            tables = rule_tables(page, page_no, rules)
    if tables:
        bboxes = [t.bbox for t in tables]
        text_page = page.filter(lambda o: o.get("object_type") != "char" or not inside(o, bboxes))
        return words_to_lines(text_page, page_no), tables
    return words_to_lines(page, page_no), tables


def drop_page_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Remove page numbers and headers/footers repeated in the page margins of most pages."""
    def in_margin(ln: Line, h: float) -> bool:
        return ln.top < h * MARGIN_ZONE or ln.bottom > h * (1 - MARGIN_ZONE)

    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", ln.text.replace(" ", ""))

    counts: Counter[str] = Counter()
    for lines, h in zip(pages, heights):
        counts.update({key(ln) for ln in lines if in_margin(ln, h)})
    min_pages = max(2, math.floor(len(pages) * RUNNING_MIN_SHARE) + 1)
    out = []
    for lines, h in zip(pages, heights):
        out.append([
            ln for ln in lines
            if not (in_margin(ln, h) and (_PAGE_NUMBER.match(ln.text)
                                          or (counts[key(ln)] >= min_pages and re.search(r"[^\d\s.,#]", key(ln)))))
        ])
    return out


# --- paragraphs -----------------------------------------------------------------------------
@dataclass
class Layout:
    left: float  # text left margin
    right: float  # text right margin
    pitch: float  # usual distance between the tops of consecutive lines


def lines_to_layout(lines: list[Line]) -> Layout:
    """Margins and line pitch of the body text: the most common start, typical full-line end and pitch."""
    if not lines:
        return Layout(0.0, 0.0, 0.0)
    left = Counter(round(ln.x0) for ln in lines).most_common(1)[0][0]
    ends = sorted(ln.x1 for ln in lines)
    right = ends[int(len(ends) * 0.75)] if len(ends) > 3 else ends[-1]
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.top)
    pitch = pitches[len(pitches) // 2] if pitches else 0.0
    return Layout(float(left), right, pitch)


def starts_paragraph(prev: Line, ln: Line, lay: Layout) -> bool:
    if _HEADING_START.match(ln.text):
        return True
    if ln.x0 > lay.left + INDENT_CHARS * ln.size:
        return True
    return ln.page == prev.page and ln.top - prev.top > lay.pitch * PARA_GAP_PITCH


def ends_paragraph(ln: Line, lay: Layout) -> bool:
    return ln.x1 < lay.right - RIGHT_MARGIN_CHARS * ln.size


def items_to_blocks(items: list[Item], lay: Layout) -> list[Block]:
    """Lines and tables in reading order → paragraph and table blocks."""
    blocks: list[Block] = []
    para: list[Line] = []

    def flush() -> None:
        if para:
            text = para[0].text
            for ln in para[1:]:
                text = join_lines(text, ln.text)
            first = para[0]
            blocks.append(Block("paragraph", text, prov=Provenance(
                page=first.page, bbox=(first.x0, first.top, max(x.x1 for x in para), para[-1].bottom))))
            para.clear()

    for it in items:
        if isinstance(it, PageTable):
            flush()
            blocks.append(Block("table", it.table.text(), table=it.table, prov=it.table.prov))
            continue
        if para and (ends_paragraph(para[-1], lay) or starts_paragraph(para[-1], it, lay)):
            flush()
        para.append(it)
    flush()
    return blocks


# --- document -------------------------------------------------------------------------------
def metadata_title(meta: dict) -> Optional[str]:
    """The metadata Title if it decodes to real Chinese text (WPS often stores mojibake)."""
    title = meta.get("Title")
    if isinstance(title, bytes):
        try:
            title = title.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not isinstance(title, str):
        return None
    title = title.strip()
    if re.search(r"[\x00-\x1f\x7f-\xff\ufffd]", title):
        return None
    cjk = len(re.findall(r"[\u4e00-\u9fff]", title))
    return title if cjk >= 2 and cjk >= len(title.replace(" ", "")) / 2 else None


def to_read_error(e: BaseException, doing: str) -> ReadError:
    """Any pdfminer/pdfplumber failure → ReadError; pdfplumber wraps the cause in PdfminerException."""
    causes = [e, e.__cause__, e.__context__, *(a for a in e.args if isinstance(a, BaseException))]
    if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
        return ReadError("pdf_encrypted", "the PDF is encrypted and needs a password")
    return ReadError("pdf_unreadable", f"the PDF cannot be {doing}: {e!r}")


def open_pdf(data: bytes) -> Any:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types for broken files
        raise to_read_error(e, "opened") from None


def read_pdf(data: bytes) -> Document:
    """Read a PDF into a Document; ReadError for encrypted or broken files."""
    pdf = open_pdf(data)
    try:
        page_lines: list[list[Line]] = []
        page_tables: list[list[PageTable]] = []
        heights: list[float] = []
        has_text = False
        for no, page in enumerate(pdf.pages, start=1):
            has_text = has_text or bool(page.chars)
            lines, tables = read_page(page, no)
            page_lines.append(lines)
            page_tables.append(tables)
            heights.append(float(page.height))
            page.close()  # free pdfplumber's per-page object cache
        source = SourceInfo(media_type="application/pdf", pages=len(pdf.pages),
                            title=metadata_title(pdf.metadata or {}))
    except Exception as e:
        raise to_read_error(e, "read") from None
    finally:
        pdf.close()

    if not has_text:
        return Document(blocks=[], source=source, warnings=["no_text_layer"])
    page_lines = drop_page_furniture(page_lines, heights)
    items: list[Item] = []
    for lines, tables in zip(page_lines, page_tables):
        items.extend(sorted([*lines, *tables], key=lambda it: it.top))
    items = merge_continued_tables(items)
    lay = lines_to_layout([ln for lines in page_lines for ln in lines])
    return Document(blocks=items_to_blocks(items, lay), source=source)
