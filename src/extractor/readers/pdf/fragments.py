"""Ruled tables cut by a page break (Chromium's print-to-PDF, any browser's): the rows reaching the
break are drawn on both pages with their vertical rulings, but no horizontal rule closes them where
the page ends (or, on the next page, where it starts). Such a page end is closed here by a rule of
our own, so the ruled-table finder sees those rows, and the cells it closes are remembered as open:
`tables.merge_tables` joins an open cell ending one page to the open cell starting the next in the
same columns (a row split at the break becomes one row again, a header row's fragment joins its table).

Only an end of the page's content is closed this way: the vertical rulings stopping together with
nothing after them (before them, at the top) but the page margin's furniture.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .settings import BREAK_RULE_TOL, MARGIN_ZONE

Bbox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Cut:
    """A page end through a table's vertical rulings: its y, the x-extent of the rulings reaching it,
    and the x-extents of the real horizontal rules drawn there (the cells under them are closed)."""
    y: float
    x0: float
    x1: float
    rules: tuple[tuple[float, float], ...]

    def edge(self) -> dict:
        """The closing rule, as one of pdfplumber's horizontal edges."""
        return {"x0": self.x0, "x1": self.x1, "top": self.y, "bottom": self.y, "width": self.x1 - self.x0,
                "height": 0.0, "orientation": "h", "object_type": "page_break"}

    def opens(self, x0: float, x1: float, y: float) -> bool:
        """A cell side from x0 to x1 at height y lies on this cut where no real rule draws it."""
        mid = (x0 + x1) / 2
        return abs(y - self.y) <= BREAK_RULE_TOL and self.x0 - BREAK_RULE_TOL <= mid <= self.x1 + BREAK_RULE_TOL \
            and not any(a - BREAK_RULE_TOL <= mid <= b + BREAK_RULE_TOL for a, b in self.rules)


@dataclass
class PageCuts:
    """The page's open ends: at its top (a table continued from the page before) and at its bottom."""
    top: list[Cut] = field(default_factory=list)
    bottom: list[Cut] = field(default_factory=list)

    def edges(self) -> list[dict]:
        return [c.edge() for c in self.top + self.bottom]

    def open_cells(self, cells: list[Bbox]) -> tuple[frozenset[Bbox], frozenset[Bbox]]:
        """(cells whose top is an open page start, cells whose bottom is an open page end)."""
        return (frozenset(b for b in cells if any(c.opens(b[0], b[2], b[1]) for c in self.top)),
                frozenset(b for b in cells if any(c.opens(b[0], b[2], b[3]) for c in self.bottom)))


def page_cuts(page: Any, edges: list[dict]) -> PageCuts:
    """Where the page's vertical rulings run to an end of its content with no horizontal rule across."""
    vs = [e for e in edges if e["orientation"] == "v"]
    hs = [e for e in edges if e["orientation"] == "h"]
    if len(vs) < 2:
        return PageCuts()
    height = float(page.height)
    centres = [(c["top"] + c["bottom"]) / 2 for c in page.chars if c["text"].strip()]
    top_y = min(v["top"] for v in vs)
    bottom_y = max(v["bottom"] for v in vs)
    out = PageCuts()
    if all(y >= top_y or y < height * MARGIN_ZONE for y in centres):
        out.top = _cut(vs, hs, top_y, "top")
    if all(y <= bottom_y or y > height * (1 - MARGIN_ZONE) for y in centres):
        out.bottom = _cut(vs, hs, bottom_y, "bottom")
    return out


def _cut(vs: list[dict], hs: list[dict], y: float, end: str) -> list[Cut]:
    """The cut at y: the vertical rulings ending there; none unless no rule closes some gap between two."""
    xs = sorted({round(v["x0"], 1) for v in vs if abs(v[end] - y) <= BREAK_RULE_TOL})
    rules = tuple((h["x0"], h["x1"]) for h in hs if abs(h["top"] - y) <= BREAK_RULE_TOL)
    cut = Cut(y, xs[0], xs[-1], rules) if len(xs) >= 2 else None
    if cut is None or not any(cut.opens(a, b, y) for a, b in zip(xs, xs[1:])):
        return []
    return [cut]
