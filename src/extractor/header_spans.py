"""Columns of space-aligned text (`pdftotext -layout`) from its header's character columns.

Leaf columns: the header words read bottom-up; a word over no column found yet is a column of its own,
one over exactly one column is more of that column's label (a label wrapped over lines, 商业企 over 业),
one over two or more columns, or above such a word, is a group label (法人或其他组织, 行政复议).
A group label spans, among the columns under the group above it (all columns at the top) whose labels
start below it, those nearer to it than to the other group labels of its line (labels centred over
their group). The first lines of narrow leaf labels run together into one word (结果维结果纠其他结尚未审
over the wrapped tails 持 正 果 结) are split evenly over the tails where the length divides.

Numbers go to the columns by the order-preserving assignment of a line's numbers to columns that is
nearest and clearly nearer than any other (numbers wider than their cells drift right, their order does
not; a number left of a column's middle counts twice as far); a line no such assignment reads leaves the
whole table to the value-extent columns.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol

MARGIN = 1.5  # the best assignment is this many characters nearer in all than the next best
MAX_OFF = 3.5  # a number stands at most this many characters from the middle of its column
LEFT_WEIGHT = 2.0  # numbers stand right of their header's middle (right-aligned, or drifting right when wide)


class _Word(Protocol):
    text: str
    x0: float
    x1: float


@dataclass
class Column:
    """One column of a ruled table's header: its extent and its own label's words."""
    x0: float
    x1: float
    words: list = field(default_factory=list)  # its own label's words, bottom line first
    top: int = 0  # index of the highest header line holding its own label
    prefix: str = ""  # its share of a run of labels printed together

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2

    def label(self) -> str:
        return self.prefix + "".join(w.text for w in reversed(self.words))

    def fragment(self) -> bool:
        """Only one-character words: the wrapped tail of a label whose first line ran into its neighbours'."""
        return all(len(w.text) == 1 for w in self.words)


@dataclass
class HeaderSpans:
    """A header's columns and the group labels spanning them."""
    columns: list[Column]
    groups: list[list[tuple[str, int, int]]]  # per header line with group labels: (text, first, last column)


def _overlap(w: _Word, a: float, b: float) -> bool:
    return min(b, w.x1) - max(a, w.x0) > 0


def header_spans(header: list[list[_Word]], left: float) -> Optional[HeaderSpans]:
    """The leaf columns and group spans of header lines (top to bottom, words right of `left`)."""
    lines = [[w for w in ln if w.x1 > left] for ln in header]
    cols: list[Column] = []
    upper: list[tuple[int, _Word]] = []  # (line, word) over two or more columns, or above such a word
    for li in range(len(lines) - 1, -1, -1):
        new: list[Column] = []
        for w in lines[li]:
            over = [c for c in cols if _overlap(w, c.x0, c.x1)]
            if not over:
                new.append(Column(w.x0, w.x1, [w], li))
            elif len(over) == 1 and _clear(w, over[0], cols + new) and not any(
                    li < l2 < over[0].top or _overlap(u, over[0].x0, over[0].x1) for l2, u in upper):
                c = over[0]
                c.x0, c.x1, c.top = min(c.x0, w.x0), max(c.x1, w.x1), li
                c.words.append(w)
            else:
                upper.append((li, w))
        cols.extend(new)
    cols.sort(key=lambda c: c.x0)
    if len(cols) < 2 or any(b.x0 < a.x1 for a, b in zip(cols, cols[1:])):
        return None
    group_words: dict[int, list[_Word]] = {}
    for li, w in sorted(upper, key=lambda u: (u[0], u[1].x0)):
        covered = [k for k, c in enumerate(cols) if w.x0 <= c.mid <= w.x1]
        if not (len(covered) >= 2 and _split_run(w, covered[0], cols, li)):
            group_words.setdefault(li, []).append(w)
    # group labels top-down: each within the span of the group label above it
    parent_of: dict[int, tuple[int, int]] = {}  # column → span of the innermost group label over it so far
    spans: list[list[tuple[str, int, int]]] = []
    for li in sorted(group_words):
        words = group_words[li]
        row: list[tuple[str, int, int]] = []
        by_parent: dict[tuple[int, int], list[_Word]] = {}
        for w in words:
            by_parent.setdefault(parent_of.get(_nearest(w, cols), (0, len(cols) - 1)), []).append(w)
        for (a, b), ws in by_parent.items():
            # the runs of columns under the parent whose own labels start below this line
            runs: list[list[int]] = []
            for k in range(a, b + 1):
                if cols[k].top <= li:
                    runs.append([])
                elif runs and runs[-1] and runs[-1][-1] == k - 1:
                    runs[-1].append(k)
                else:
                    runs.append([k])
            for run in (r for r in runs if r):
                mine = sorted((w for w in ws if run[0] <= _nearest(w, cols) <= run[-1]), key=lambda w: w.x0)
                if not mine:
                    continue
                if len(mine) > len(run):
                    return None
                # side by side over all of the run's columns, one span per label, each centred nearest its label
                cut = centred_spans(mine, [(cols[k].x0, cols[k].x1) for k in run],
                                    [set(range(len(run)))] * len(mine), margin=MARGIN)
                if cut is None or cut[0][0] != 0 or cut[-1][1] != len(run) - 1 or any(
                        b + 1 != a for (_, b), (a, _) in zip(cut, cut[1:])):
                    return None
                row.extend((w.text, run[i], run[j]) for w, (i, j) in zip(mine, cut))
        if row:
            for text, a, b in row:
                for k in range(a, b + 1):
                    parent_of[k] = (a, b)
            spans.append(sorted(row, key=lambda s: s[1]))
    return HeaderSpans(cols, spans)


def _clear(w: _Word, col: Column, cols: list[Column]) -> bool:
    """A word over `col` standing at least a character clear of every other column (a wider one, centred
    over several columns, is their group label)."""
    return all(w.x1 <= c.x0 - 1 or w.x0 >= c.x1 + 1 for c in cols if c is not col)


def _nearest(w: _Word, cols: list[Column]) -> int:
    return min(range(len(cols)), key=lambda k: abs(cols[k].mid - (w.x0 + w.x1) / 2))


def centred_spans(words: list[_Word], cols: list[tuple[float, float]], allowed: list[set[int]],
                  own: Optional[list[list[int]]] = None, tol: Optional[list[float]] = None,
                  margin: float = 0.0) -> Optional[list[tuple[int, int]]]:
    """The columns each heading of one header line spans (the one piece of code both word grids use: PDF
    words in grid.py, layout text here): a heading is centred over its columns. Per heading (left to right)
    a run of the columns `allowed` to it, holding those it must cover (`own`, its own extent's) and whose
    middle is within `tol` of its middle — or exactly `own`; the spans side by side in the headings' order.
    The choice covering the most columns, then the nearest in all (middles' distances summed); None where
    there is none, or another covering as many is less than `margin` farther."""
    g = len(words)
    own = own or [[] for _ in words]
    inf = float("inf")
    tol = tol or [inf] * g
    cands: list[list[tuple[int, int, float]]] = []  # per heading: (first, last, distance of middles)
    for w, ok, mine, t in zip(words, allowed, own, tol):
        mid = (w.x0 + w.x1) / 2
        spans = {(mine[0], mine[-1])} if mine else set()
        for a in sorted(ok):
            b = a
            while b in ok:
                if not mine or a <= mine[0] and mine[-1] <= b:
                    if abs((cols[a][0] + cols[b][1]) / 2 - mid) <= t:
                        spans.add((a, b))
                b += 1
        if not spans:
            return None
        cands.append([(a, b, abs((cols[a][0] + cols[b][1]) / 2 - mid)) for a, b in sorted(spans)])
    # best[j]: up to two (-covered, distance, spans) for the headings so far, the last one ending with cands[i][j]
    best: list[list[tuple[int, float, tuple[tuple[int, int], ...]]]] = [
        [(-(b - a + 1), d, ((a, b),))] for a, b, d in cands[0]]
    for i in range(1, g):
        nxt = []
        for a, b, d in cands[i]:
            opts = sorted((c - (b - a + 1), e + d, p + ((a, b),)) for j, (_, b0, _) in enumerate(cands[i - 1])
                          if b0 < a for c, e, p in best[j])
            nxt.append(opts[:2])
        best = nxt
    final = sorted(o for opts in best for o in opts)
    if not final:
        return None
    if len(final) > 1 and final[1][0] == final[0][0] and final[1][1] - final[0][1] < margin:
        return None
    return list(final[0][2])


def _split_run(w: _Word, first: int, cols: list[Column], li: int) -> bool:
    """A word over the fragment columns from `first` on (and the fragments right after them): the first
    lines of their labels run together, split evenly where its length divides by their number."""
    last = first
    while last + 1 < len(cols) and cols[last + 1].fragment() and cols[last + 1].top > li:
        last += 1
    run = cols[first:last + 1]
    n = len(run)
    if n < 2 or len(w.text) % n or not all(c.fragment() and c.top > li for c in run):
        return False
    size = len(w.text) // n
    for i, c in enumerate(run):
        c.prefix += w.text[i * size:(i + 1) * size]  # header lines are taken top-down
    return True


def assign(values: list[_Word], cols: list[Column]) -> Optional[list[int]]:
    """The column of each value of one line (left to right): the nearest order-preserving assignment,
    clearly nearer than the next best, each value near its column; None where that does not hold."""
    m, n = len(values), len(cols)
    if m == 0:
        return []
    if m > n:
        return None
    off = [[(v.x0 + v.x1) / 2 - c.mid for c in cols] for v in values]
    cost = [[d if d >= 0 else LEFT_WEIGHT * -d for d in row] for row in off]
    INF = float("inf")
    # best[i][j]: up to two (cost, path) for the first i values among the first j columns
    best: list[list[list[tuple[float, tuple[int, ...]]]]] = [[[] for _ in range(n + 1)] for _ in range(m + 1)]
    for j in range(n + 1):
        best[0][j] = [(0.0, ())]
    for i in range(1, m + 1):
        for j in range(i, n + 1):
            cand = list(best[i][j - 1]) if j - 1 >= i else []
            cand += [(c + cost[i - 1][j - 1], p + (j - 1,)) for c, p in best[i - 1][j - 1]]
            best[i][j] = sorted(cand)[:2]
    opts = best[m][n]
    if not opts:
        return None
    c0, path = opts[0]
    c1 = opts[1][0] if len(opts) > 1 else INF
    # a line printing every column is read in order however far its wide numbers drifted
    if c1 - c0 < MARGIN or m < n and any(abs(off[i][k]) > MAX_OFF for i, k in enumerate(path)):
        return None
    return list(path)
