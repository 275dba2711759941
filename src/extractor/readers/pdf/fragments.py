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

from .settings import BREAK_OVERRUN, BREAK_RULE_TOL, MARGIN_ZONE

Bbox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Cut:
    """A page end through a table's vertical rulings: where they stop (y), the gaps between them no
    rule closes there, and where the cut cells end (reach: y, or past it where their text runs on)."""
    y: float
    gaps: tuple[tuple[float, float], ...]
    reach: float

    def edges(self, edges: list[dict]) -> list[dict]:
        """`edges` (pdfplumber's) with our closing rule under each open gap at `reach`, the rulings
        ending at the cut drawn on to it."""
        end = "bottom" if self.reach >= self.y else "top"
        xs = {x for gap in self.gaps for x in gap}
        out = [dict(e, **{end: self.reach}) if e["orientation"] == "v" and round(e["x0"], 1) in xs
               and abs(e[end] - self.y) <= BREAK_RULE_TOL else e for e in edges]
        return out + [_edge(a, b, self.reach, self.reach, "h") for a, b in self.gaps]

    def opens(self, x0: float, x1: float, y: float) -> bool:
        """A cell side from x0 to x1 at height y is this cut's, where no real rule draws it."""
        mid = (x0 + x1) / 2
        return abs(y - self.reach) <= BREAK_RULE_TOL and any(a < mid < b for a, b in self.gaps)


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation, "object_type": "page_break"}


@dataclass
class PageCuts:
    """The page's open ends: at its top (a table continued from the page before) and at its bottom."""
    top: list[Cut] = field(default_factory=list)
    bottom: list[Cut] = field(default_factory=list)

    def edges(self, edges: list[dict]) -> list[dict]:
        """The page's edges with its open ends closed."""
        for cut in self.top + self.bottom:
            edges = cut.edges(edges)
        return edges

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
    return PageCuts(_cut(vs, hs, page.chars, min(v["top"] for v in vs), -1, height),
                    _cut(vs, hs, page.chars, max(v["bottom"] for v in vs), 1, height))


def _cut(vs: list[dict], hs: list[dict], chars: list[dict], y: float, down: int, height: float) -> list[Cut]:
    """The cut at y (the page's top for down = -1, its foot for 1): the gaps between the vertical rulings
    ending there that no rule closes; none where text other than page furniture lies beyond it, or where
    no rule meets those rulings at all."""
    end = "bottom" if down > 0 else "top"
    xs = sorted({round(v["x0"], 1) for v in vs if abs(v[end] - y) <= BREAK_RULE_TOL})
    rules = [(h["x0"], h["x1"]) for h in hs if abs(h["top"] - y) <= BREAK_RULE_TOL]
    gaps = tuple((a, b) for a, b in zip(xs, xs[1:])
                 if not any(r0 - BREAK_RULE_TOL <= (a + b) / 2 <= r1 + BREAK_RULE_TOL for r0, r1 in rules))
    if not gaps or not any(h["x0"] - BREAK_RULE_TOL <= x <= h["x1"] + BREAK_RULE_TOL for x in xs for h in hs):
        return []  # (no rule meets these rulings anywhere: a frame's sides, no table)
    reach = y
    for ch in chars:
        mid = (ch["top"] + ch["bottom"]) / 2
        beyond = (mid - y) * down
        if beyond <= 0 or not ch["text"].strip() or (mid > height * (1 - MARGIN_ZONE) if down > 0 else mid < height * MARGIN_ZONE):
            continue  # before the cut, or page furniture in the margin
        if not any(a <= ch["x0"] and ch["x1"] <= b for a, b in gaps) or beyond > BREAK_OVERRUN * (ch["bottom"] - ch["top"]):
            return []  # the page goes on past the table
        reach = max(reach, ch["bottom"] + 1) if down > 0 else min(reach, ch["top"] - 1)  # a cut cell's text runs on
    return [Cut(y, gaps, reach)]
