"""Pages: chars → lines outside tables → page furniture dropped → paragraphs and table blocks in reading order."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Optional

from ...grid import Word, find_word_tables
from ...model import Block, Provenance
from .settings import (
    NUMBER, HEADING_START, INDENT_CHARS, MARGIN_ZONE, MIN_RULES, PAGE_NUMBER, PARA_GAP_PITCH,
    RIGHT_MARGIN_CHARS, RUNNING_MIN_SHARE, TABLE_BBOX_PAD, WORD_GAP
)
from .elements import Item, Line, PageTable, clean_line_text, join_lines
from .finder import find_tables
from .wordmap import extract_wordmap, text_lines
from .tables import is_text_box, plumber_table_to_table
from .rules import page_rules, rule_tables

def outside(objs: list[dict], bboxes: list[tuple[float, float, float, float]]) -> list[dict]:
    """The objects whose centre lies in none of the boxes (each widened by TABLE_BBOX_PAD), in their
    order: one comprehension per box, its widened sides computed once (this runs for every char)."""
    p = TABLE_BBOX_PAD
    for x0, t, x1, b in bboxes:
        left, right, up, down = x0 - p, x1 + p, t - p, b + p
        objs = [o for o in objs
                if not (left <= (o["x0"] + o["x1"]) / 2 <= right and up <= (o["top"] + o["bottom"]) / 2 <= down)]
    return objs


def words_to_lines(page: Any, page_no: int, chars: Optional[list[dict]] = None) -> list[Line]:
    """The page's text lines: pdfplumber's `extract_text_lines`, from the page's word map (`chars`: those of
    the page to read, as `page.filter` would leave them; default all)."""
    wordmap = extract_wordmap(page.chars if chars is None else chars)
    found = text_lines(wordmap)
    if found is None:
        textmap = wordmap.to_textmap(presorted=True, layout_bbox=page.bbox, layout_width=page.width,
                                     layout_height=page.height)  # as page.get_textmap() makes it
        found = [(d["text"], d["x0"], d["top"], d["x1"], d["bottom"])
                 for d in textmap.extract_text_lines(return_chars=False)]
    lines = []
    for raw, x0, top, x1, bottom in found:
        text = clean_line_text(raw)
        if text:
            lines.append(Line(text, x0, x1, top, bottom, page_no))
    return lines


def find_page_tables(page: Any, page_no: int) -> tuple[list[PageTable], bool]:
    """The page's ruled tables (text boxes left out), and whether the lines strategy found any box."""
    tables = []
    found = find_tables(page, page_breaks=True)
    for pt in found:
        table, xs = plumber_table_to_table(pt, page_no)
        if is_text_box(table) or not any(c.text for c in table.cells):
            continue
        tables.append(PageTable(table, page_no, pt.bbox[1], xs, tuple(pt.bbox),
                                open_top=frozenset((page_no, b) for b in pt.open_top),
                                open_bottom=frozenset((page_no, b) for b in pt.open_bottom)))
    return tables, bool(found)


def word_tables(page: Any, page_no: int, tables: list[PageTable],
                columns: Optional[list[tuple[float, float]]] = None) -> list[PageTable]:
    """Tables with no rules between their rows (borderless, three-line): grids from word positions,
    among the words outside the tables already found (words split at gaps of `WORD_GAP` char sizes)."""
    bboxes = [t.bbox for t in tables if _has_numbers(t)]
    words = [Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
             for w in outside([w for w, _ in extract_wordmap(page.chars, WORD_GAP).tuples], bboxes)]
    return [PageTable(wt.table, page_no, wt.bbox[1], [], wt.bbox, value_columns=wt.columns)
            for wt in find_word_tables(words, page_no, columns)]


def _has_numbers(t: PageTable) -> bool:
    return any(NUMBER.match(c.text) for c in t.table.cells)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[0] < b[2] and b[0] < a[2]


def read_page(page: Any, page_no: int, columns: Optional[list[tuple[float, float]]] = None
              ) -> tuple[list[Line], list[PageTable]]:
    """One page → its text lines outside tables, and its tables (`columns`: the value columns of a
    word table ending the page before)."""
    tables, found = find_page_tables(page, page_no)
    if not found:  # only then: tables ruled with horizontal lines only
        rules = page_rules(page)
        if len(rules) >= MIN_RULES:
            tables = rule_tables(page, page_no, rules)
    # a page whose ruled tables hold the numbers has no borderless table to look for (the cost of extract_words)
    extra = [] if found and any(_has_numbers(t) for t in tables) else word_tables(page, page_no, tables, columns)
    if extra:  # a numberless rules-only part (the header of a three-line table) is inside a word table
        tables = [t for t in tables if _has_numbers(t) or not any(_overlaps(t.bbox, w.bbox) for w in extra)]  # their lines stay text too, for the sections and for the text rebuild where a grid is not mapped
        bboxes = [t.bbox for t in tables]
        return words_to_lines(page, page_no, outside(page.chars, bboxes)), \
            sorted(tables + extra, key=lambda t: t.top)
    if tables:
        bboxes = [t.bbox for t in tables]
        return words_to_lines(page, page_no, outside(page.chars, bboxes)), tables
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
            if not (in_margin(ln, h) and (PAGE_NUMBER.match(ln.text)
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
    if HEADING_START.match(ln.text):
        return True
    if ln.x0 > lay.left + INDENT_CHARS * ln.height:
        return True
    return ln.page == prev.page and ln.top - prev.top > lay.pitch * PARA_GAP_PITCH


def ends_paragraph(ln: Line, lay: Layout) -> bool:
    return ln.x1 < lay.right - RIGHT_MARGIN_CHARS * ln.height


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
