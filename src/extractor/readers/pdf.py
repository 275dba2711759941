"""PDF reader: pdfplumber pages → one Document of paragraphs and tables in reading order.

Pipeline (each step a small pure function):
  page chars → text lines (outside real tables) → drop page numbers / running headers
  pdfplumber tables → model Tables (spans from cell bboxes) or text boxes (1-column "tables")
  lines + tables in page order → paragraphs and table blocks; tables continued on the next page merged
"""
from __future__ import annotations

import io
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Optional, Union

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ..model import Block, Cell, Document, Provenance, ReadError, SourceInfo, Table

# --- tolerances (PDF points unless noted) ---------------------------------------------------
BOUNDARY_SNAP = 3.0  # cell edges closer than this are the same row/column boundary
TABLE_BBOX_PAD = 1.0  # a char whose centre is this close inside a table bbox belongs to the table
COLUMN_MATCH_TOL = 4.0  # continued table: column boundaries may move this much between pages
RIGHT_MARGIN_CHARS = 1.5  # a line ending within this many char widths of the margin runs on
INDENT_CHARS = 1.0  # a line starting this many char widths right of the margin is indented
PARA_GAP_PITCH = 1.5  # a line further below the previous than this many line pitches starts a paragraph
MARGIN_ZONE = 0.1  # top/bottom fraction of the page where headers, footers and page numbers live
RUNNING_MIN_SHARE = 0.5  # a header/footer repeats on more than this share of pages
FALLBACK_RULE_GAP = 10.0  # rules-only tables: a rule may sit this far below the text column ends
MIN_NUMERIC_LINES = 4  # fallback table: lines with several numbers needed on a page
MIN_NUMBERS_PER_LINE = 3

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201d\u2026"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
_CJK_NEWLINE = re.compile(rf"(?<=[{_CJK}])\s*\n\s*|\s*\n\s*(?=[{_CJK}])")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+)$"
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


def merge_tables(upper: Table, lower: Table) -> Table:
    """Append lower's rows to upper; label cells split by the page break become one cell."""
    cells = [replace(c) for c in upper.cells]
    bottom = {c.col: c for c in cells if c.row + c.rowspan == upper.n_rows}
    labels = label_columns(lower)
    for c in lower.cells:
        u = bottom.get(c.col)
        if c.row == 0 and c.col in labels and u is not None and continues_cell(u, c):
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
        if (isinstance(it, PageTable) and isinstance(prev, PageTable)
                and it.page == prev.last_page + 1
                and (edges := compatible_edges(prev.col_edges, it.col_edges))):
            prev.table = merge_tables(regrid(prev.table, edges), regrid(it.table, edges))
            prev.col_edges = edges
            prev.last_page = it.page
            continue
        out.append(it)
    return out


def looks_like_stats_page(lines: list[Line]) -> bool:
    numeric_lines = sum(
        1 for ln in lines if sum(1 for w in ln.text.split() if _NUMBER.match(w)) >= MIN_NUMBERS_PER_LINE
    )
    return numeric_lines >= MIN_NUMERIC_LINES


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


def find_page_tables(page: Any, page_no: int) -> list[PageTable]:
    tables = []
    for pt in page.find_tables():
        table, xs = plumber_table_to_table(pt, page_no)
        if is_text_box(table) or not any(c.text for c in table.cells):
            continue
        tables.append(PageTable(table, page_no, pt.bbox[1], xs, tuple(pt.bbox)))
    return tables


def fallback_tables(page: Any, page_no: int) -> list[PageTable]:
    """Tables ruled only horizontally: columns from text alignment."""
    settings = {"vertical_strategy": "text", "horizontal_strategy": "lines",
                "intersection_y_tolerance": FALLBACK_RULE_GAP}
    tables = []
    for pt in page.find_tables(settings):
        table, xs = plumber_table_to_table(pt, page_no)
        if table.n_cols >= 3 and table.n_rows >= 3:
            tables.append(PageTable(table, page_no, pt.bbox[1], xs, tuple(pt.bbox)))
    return tables


def read_page(page: Any, page_no: int) -> tuple[list[Line], list[PageTable]]:
    """One page → its text lines outside tables, and its tables."""
    tables = find_page_tables(page, page_no)
    if tables:
        bboxes = [t.bbox for t in tables]
        text_page = page.filter(lambda o: o.get("object_type") != "char" or not inside(o, bboxes))
        return words_to_lines(text_page, page_no), tables
    lines = words_to_lines(page, page_no)
    if page.horizontal_edges and looks_like_stats_page(lines):
        tables = fallback_tables(page, page_no)
        bboxes = [t.bbox for t in tables]
        lines = [ln for ln in lines if not inside(vars(ln), bboxes)]
    return lines, tables


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
            if not (in_margin(ln, h) and (_PAGE_NUMBER.match(ln.text.replace(" ", ""))
                                          or counts[key(ln)] >= min_pages))
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
