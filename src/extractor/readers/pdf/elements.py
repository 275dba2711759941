"""What the PDF reader works with: text lines, page tables, text clean-up and column geometry."""
from __future__ import annotations

import re
from bisect import bisect_left
from operator import gt
from dataclasses import dataclass
from typing import Callable, Optional, TYPE_CHECKING, Union

from ...grid import Word
from ...model import Table
from .settings import BOUNDARY_SNAP, CJK_NEWLINE, CJK_SPACE

if TYPE_CHECKING:
    from .rules import RuleRegion

@dataclass
class Line(Word):
    """A text line of a page: a word box (its height is the line's size) on a page."""
    page: int = 0


@dataclass
class PageTable:
    table: Table
    page: int
    top: float
    col_edges: list[float]
    bbox: tuple[float, float, float, float]
    last_page: int = 0  # page of the last part after merging continued parts
    region: Optional["RuleRegion"] = None  # rules-only table: its rows and chars, to re-grid it
    value_columns: Optional[list[tuple[float, float]]] = None  # a table from word positions: its value columns
    open_top: frozenset = frozenset()  # (page, bbox) of the cells starting at an open page start (fragments.py)
    open_bottom: frozenset = frozenset()  # (page, bbox) of the cells ending at an open page end

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page


Item = Union[Line, PageTable]


# --- text helpers ---------------------------------------------------------------------------
def clean_line_text(text: str) -> str:
    """Drop the spaces pdfplumber puts between two CJK characters; keep those next to digits."""
    return CJK_SPACE.sub("", text.strip())


def clean_cell_text(text: Optional[str]) -> str:
    """Join a cell's lines: no break inside CJK text, a space between Latin words."""
    if not text:
        return ""
    text = CJK_NEWLINE.sub("", text.strip())
    return clean_line_text(re.sub(r"\s*\n\s*", " ", text))


def join_lines(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


# --- geometry -------------------------------------------------------------------------------
def snap_edges(values: list[float]) -> list[float]:
    """Sorted distinct boundaries, values within BOUNDARY_SNAP merged."""
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > BOUNDARY_SNAP:
            edges.append(v)
    return edges


def edge_index(edges: list[float], v: float) -> int:
    """The index of the edge nearest v (the first of equally near ones); by bisection where the
    edges are sorted, as snap_edges gives them (this runs for every cell of every table)."""
    if any(map(gt, edges, edges[1:])):  # (a > b for each pair, in C)
        return min(range(len(edges)), key=lambda i: abs(edges[i] - v))
    return sorted_edge_index(edges, v)


def edge_indexer(edges: list[float]) -> Callable[[list[float], float], int]:
    """`edge_index` for many values against the same edges: their order tested once."""
    return edge_index if any(map(gt, edges, edges[1:])) else sorted_edge_index


def sorted_edge_index(edges: list[float], v: float) -> int:
    """`edge_index` for edges known to be sorted (snap_edges' own), without testing them again."""
    i = bisect_left(edges, v)
    if i >= len(edges):
        i = len(edges) - 1
    elif i > 0 and abs(edges[i - 1] - v) <= abs(edges[i] - v):
        i -= 1
    return bisect_left(edges, edges[i], 0, i)
