"""Tables ruled with horizontal lines only: rows from the rules, columns from the values aligned across rows."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any, Callable, Optional

from ...grid import MIN_SINGLE_LINE_VALUES, VALUE
from ...model import Cell, Provenance, Table
from .settings import (
    BOUNDARY_SNAP, CENTER_TOL, MAX_ROW_LINES, NUMBER, RULE_MIN_WIDTH, RULE_SNAP, RULE_X_JOIN,
    HEADER_COLUMN_PITCH, RULE_Y_SNAP, SIZE_RATIO, SPACE_GAP, THREE_LINE_HEADER_LINES, TOUCH_GAP, WORD_GAP
)
from .elements import PageTable, clean_cell_text, edge_index, snap_edges
from .wordmap import extract_wordmap  # = page.extract_words(), in one loop

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

    @cached_property
    def row_chars(self) -> list[list[dict]]:
        """The chars of each row (between two rules), in their order."""
        return rows_of(self.ys, self.chars)

    @cached_property
    def row_words(self) -> list[list[dict]]:
        return rows_of(self.ys, self.words)


def rows_of(ys: list[float], items: list[dict]) -> list[list[dict]]:
    """For each row r, the items whose middle height lies strictly between ys[r] and ys[r + 1], in
    their order: each item put in its row by bisection (the rule heights ascend), not every row
    filtering every item."""
    if any(p >= q for p, q in zip(ys, ys[1:])):
        return [[c for c in items if a < (c["top"] + c["bottom"]) / 2 < b] for a, b in zip(ys, ys[1:])]
    rows: list[list[dict]] = [[] for _ in ys[1:]]
    n = len(ys)
    for c in items:
        m = (c["top"] + c["bottom"]) / 2
        k = bisect_left(ys, m)
        if 0 < k < n and m < ys[k]:
            rows[k - 1].append(c)
    return rows


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
    top = 0.0  # the top of the current line's first char
    for ch in sorted(chars, key=_TOP):
        s = ch["size"]
        if lines and ch["top"] - top <= 0.5 * (1.0 if 1.0 > s else s):  # (= max(s, 1.0))
            line.append(ch)
        else:
            line = [ch]
            lines.append(line)
            top = ch["top"]
    for ln in lines:
        if len(ln) > 1:
            ln.sort(key=_X0)
    return lines


_TOP, _X0 = itemgetter("top"), itemgetter("x0")


def chars_text(chars: list[dict]) -> str:
    if len(chars) == 1:
        return clean_cell_text(chars[0]["text"])
    out = []
    for ln in char_lines(chars):
        parts = [ln[0]["text"]]
        for a, b in zip(ln, ln[1:]):
            s = b["size"]
            if b["x0"] - a["x1"] > SPACE_GAP * (1.0 if 1.0 > s else s):  # (= max(s, 1.0))
                parts.append(" ")
            parts.append(b["text"])
        out.append("".join(parts))
    return clean_cell_text("\n".join(out))


def is_separator(chars: list[dict], words: list[dict], size: float) -> bool:
    """Text between two rules that is not a table row: a heading between two tables."""
    if not chars:
        return True
    lines = char_lines(chars)
    if len(lines) > MAX_ROW_LINES:
        return True
    for ln in lines:
        sizes = sorted(c["size"] for c in ln)
        s = sizes[len(sizes) // 2]
        if s > size * SIZE_RATIO or s * SIZE_RATIO < size:
            return True
    if len(lines) == 1:
        text = "".join(c["text"] for c in lines[0])
        top = lines[0][0]["top"]
        numbers = [w for w in words if abs(w["top"] - top) < size and NUMBER.match(w["text"])]
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
    words = [w for w, _ in extract_wordmap(page.chars).tuples if ys[0] < (w["top"] + w["bottom"]) / 2 < ys[-1]]
    if not inside_x:
        return []
    sizes = sorted(c["size"] for c in inside_x)
    size = sizes[len(sizes) // 2]

    def by_middle(items: list[dict]) -> tuple[list[float], list[int]]:
        order = sorted(range(len(items)), key=lambda j: (items[j]["top"] + items[j]["bottom"]) / 2)
        return [(items[j]["top"] + items[j]["bottom"]) / 2 for j in order], order

    index = {id(inside_x): by_middle(inside_x), id(words): by_middle(words)}  # each gap by bisection

    def between(items: list[dict], a: float, b: float) -> list[dict]:
        """The items whose middle height is strictly between a and b, in their order."""
        mids, order = index[id(items)]
        return [items[j] for j in sorted(order[bisect_right(mids, a):bisect_left(mids, b)])]

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


def _sub_region(region: RuleRegion, r0: int, r1: int) -> RuleRegion:
    """Rows r0..r1-1 of a region as a region of their own."""
    top, bottom = region.ys[r0], region.ys[r1]

    def inside(items: list[dict]) -> list[dict]:
        return [c for c in items if top < (c["top"] + c["bottom"]) / 2 < bottom]
    return RuleRegion(region.ys[r0:r1 + 1], region.segs[r0:r1 + 1], inside(region.chars), inside(region.words),
                      region.x0, region.x1, region.size)


def column_pieces(region: RuleRegion) -> list[RuleRegion]:
    """A region holding several tables one under the other (table 二's 第二十条 parts), each headed by
    rows printing no number but words over the values: cut before such a header where the numbers
    below it stand in other columns than those above (one of each overlaps no column of the other),
    so each part gets its own columns instead of the union of all."""
    rows = list(zip(region.ys, region.ys[1:]))
    nums = [[(w["x0"], w["x1"]) for w in words if NUMBER.match(w["text"]) and region.x0 <= w["x0"] and w["x1"] <= region.x1]
            for words in region.row_words]
    numbered = [k for k, n in enumerate(nums) if n]
    if not numbered:
        return [region]
    left = min(x0 for n in nums for x0, _ in n) - region.size
    cuts = [k for k in range(1, len(rows)) if not nums[k] and nums[k - 1] and any(j > k for j in numbered)
            and any(w["x0"] >= left for w in region.row_words[k])]
    bounds = [0, *cuts, len(rows)]
    parts = [_union(sorted(x for n in nums[a:b] for x in n)) for a, b in zip(bounds, bounds[1:])]

    def apart(xs: list[Segment], cols: list[Segment]) -> bool:
        return any(not any(min(b, d) > max(a, c) for c, d in cols) for a, b in xs)
    keep = [0]
    for i in range(1, len(parts)):
        if apart(parts[i], parts[i - 1]) and apart(parts[i - 1], parts[i]):
            keep.append(i)
        else:
            parts[i] = _union(sorted(parts[i] + parts[i - 1]))
    if len(keep) == 1:
        return [region]
    starts = [bounds[i] for i in keep] + [len(rows)]
    return [_sub_region(region, a, b) for a, b in zip(starts, starts[1:])]


def value_columns(region: RuleRegion) -> list[Segment]:
    """x-extents of the columns of numbers, from the lines holding the most numbers (numeric words
    overlapping horizontally are one column). A number of a shorter line between two of those
    columns is centred on a merged cell, not a column of its own; one beyond them adds a column."""
    nums = [w for w in region.words if NUMBER.match(w["text"]) and region.x0 <= w["x0"] and w["x1"] <= region.x1]
    by_line: list[list[dict]] = []
    for w in sorted(nums, key=lambda w: w["top"]):
        if by_line and w["top"] - by_line[-1][0]["top"] <= 0.5 * region.size:
            by_line[-1].append(w)
        else:
            by_line.append([w])
    if not by_line:
        return []
    most = max(len(ln) for ln in by_line)
    cols = _union(sorted((w["x0"], w["x1"]) for ln in by_line if len(ln) == most for w in ln))
    lo, hi = cols[0][0], cols[-1][1]
    for a, b in sorted((w["x0"], w["x1"]) for ln in by_line if len(ln) < most for w in ln):
        if b < lo or a > hi:
            cols.append((a, b))
            lo, hi = min(lo, a), max(hi, b)
    return _union(sorted(cols + header_columns(region, _union(sorted(cols)))))


def header_columns(region: RuleRegion, cols: list[Segment]) -> list[Segment]:
    """Columns no printed number shows (all their cells blank), from the header: in a header row
    naming at least three columns (right of the row labels), each run of words clear of the value
    columns and no wider than about one column (headings over several columns name none)."""
    if len(cols) < 2:
        return []
    centres = [(a + b) / 2 for a, b in cols]
    pitch = sorted(b - a for a, b in zip(centres, centres[1:]))[(len(cols) - 1) // 2]
    left = cols[0][0] - region.size
    out: list[Segment] = []
    for chars, words in zip(region.row_chars, region.row_words):
        if any(NUMBER.match(w["text"]) for w in words):
            continue
        # right of the row labels: from the first column on (its heading may be wider than its numbers)
        runs = [r for r in _noted_runs(chars) if r[0] >= left or r[1] > cols[0][0]]
        if len(runs) < 3:
            continue
        # a heading wrapped over lines is one run (its lines' runs overlapping): clear of the values or not
        clear = [r for r in _union(sorted(runs)) if not any(min(r[1], y) > max(r[0], x) for x, y in cols)]
        out += [r for r in clear if r[1] - r[0] <= HEADER_COLUMN_PITCH * pitch]
    return out


def _noted_runs(chars: list[dict]) -> list[Segment]:
    """x-extents of the header's runs of text, a run inside an unclosed bracket joined to the one before
    (处理决定数量（指 | 2020 | 年: a note's digits set apart by their width are no heading of their own)."""
    out: list[Segment] = []
    open_line: Optional[float] = None  # the top of the line whose last run left a bracket open
    for r in char_runs(chars):
        text = "".join(c["text"] for c in r)
        if open_line is not None and abs(r[0]["top"] - open_line) <= 0.5 * max(r[0]["size"], 1.0) and out:
            out[-1] = (out[-1][0], max(c["x1"] for c in r))
        else:
            out.append((r[0]["x0"], max(c["x1"] for c in r)))
            depth = 0
        depth += text.count("（") + text.count("(") - text.count("）") - text.count(")")
        open_line = r[0]["top"] if depth > 0 else None
    return out


def char_runs(chars: list[dict], gap: float = WORD_GAP) -> list[list[dict]]:
    """The runs of chars on each line closer than `gap` char sizes (one cell's text), left to right."""
    runs: list[list[dict]] = []
    for ln in char_lines(chars):
        for a, b in zip([None, *ln], ln):
            if a is not None and b["x0"] - a["x1"] <= gap * max(b["size"], 1.0):
                runs[-1].append(b)
            else:
                runs.append([b])
    return runs


def text_runs(chars: list[dict], gap: float = WORD_GAP) -> list[Segment]:
    """x-extents of char_runs."""
    return [(r[0]["x0"], max(c["x1"] for c in r)) for r in char_runs(chars, gap)]


def _union(segments: list[Segment]) -> list[Segment]:
    """Sorted x-extents with the overlapping ones merged."""
    out: list[Segment] = []
    for a, b in segments:
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
    covered = _union(sorted(text_runs(region.chars, TOUCH_GAP)))
    return [region.x0, *((a[1] + b[0]) / 2 for a, b in zip(covered, covered[1:])), region.x1]


def _locator(bounds: list[float]) -> Callable[[float], int]:
    """v → the number of inner bounds at or before v (at most len(bounds) - 2): by bisection where
    the bounds ascend, as they do."""
    last = len(bounds) - 2
    if all(p <= q for p, q in zip(bounds, bounds[1:])):
        hi = max(1, len(bounds) - 1)
        return lambda v: max(0, min(last, bisect_right(bounds, v, 1, hi) - 1))
    inner = bounds[1:-1]
    return lambda v: max(0, min(last, sum(1 for b in inner if v >= b)))


def _locate(bounds: list[float], values: list[float]) -> list[int]:
    """`_locator(bounds)` of each value; where the bounds ascend, bisection alone (its clamps then
    change nothing: the search runs from index 1 to len(bounds) - 1)."""
    if all(p <= q for p, q in zip(bounds, bounds[1:])):
        hi = max(1, len(bounds) - 1)
        return [bisect_right(bounds, v, 1, hi) - 1 for v in values]
    return list(map(_locator(bounds), values))


def region_to_table(region: RuleRegion, xs: list[float], page_no: int) -> Table:
    """Rows between the rules × columns at xs; cells merged where rules stop short or text spans.
    Cells are grouped by union-find (a group's root is its first cell in row-major order); the groups
    are kept up to date as cells join instead of rebuilt, and a group's text is made once."""
    ys = region.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    centers = [(xs[k] + xs[k + 1]) / 2 for k in range(n_cols)]

    chars = region.chars
    rows = _locate(ys, [(c["top"] + c["bottom"]) / 2 for c in chars])
    cols = _locate(xs, [(c["x0"] + c["x1"]) / 2 for c in chars])
    column = dict(zip(map(id, chars), cols))  # id(char) → its column
    atoms: dict[tuple[int, int], list[dict]] = {}
    for c, r, k in zip(chars, rows, cols):
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
        segs = region.segs[i]
        for k in range(n_cols):
            x = centers[k]
            if not any(a - 1 <= x <= b + 1 for a, b in segs):
                union((i - 1, k), (i, k))
    # touching chars on both sides of a boundary: one cell spanning the columns
    for r in range(n_rows):
        row_chars = [c for k in range(n_cols) for c in atoms.get((r, k), ())]
        if len(row_chars) < 2:
            continue
        for ln in char_lines(row_chars):
            for a, b in zip(ln, ln[1:]):
                ka, kb = column[id(a)], column[id(b)]
                if ka != kb and b["x0"] - a["x1"] <= TOUCH_GAP * max(b["size"], 1.0):
                    for k in range(ka, kb):
                        union((r, k), (r, k + 1))

    # root → its cells in row-major order (the root is the group's first cell: unions keep the smaller root)
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for a in parent:
        groups.setdefault(find(a), []).append(a)

    def free(r: int, k: int) -> bool:
        return (r, k) not in atoms and len(groups[find((r, k))]) == 1

    texts: dict[tuple[int, int], str] = {}  # a group's root → its text
    # a cell's text centred over empty neighbours spans them (numbers: as the cell above does)
    for r in range(n_rows):
        done: set[tuple[int, int]] = set()
        for k in range(n_cols):
            root = find((r, k))
            if root in done:
                continue
            done.add(root)
            g = groups[root]
            if g[-1][0] != r or root[0] != r:  # (row-major: its first and last cell in row r)
                continue
            chars = [c for a in g for c in atoms.get(a, ())]
            if not chars:
                continue
            k0, k1 = root[1], g[-1][1]  # a group in one row: its cells from k0 to k1
            text = texts[root] = chars_text(chars)
            best: Optional[tuple[int, int]] = None
            if NUMBER.match(text):
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
            if best:  # the cells joined are free (one cell each, no chars): the group's text stays
                del groups[root], texts[root]
                for k in range(best[0], best[1]):
                    union((r, k), (r, k + 1))
                new = (r, best[0])
                for kk in range(best[0], best[1] + 1):
                    if (r, kk) != root:
                        groups.pop((r, kk), None)
                groups[new] = [(r, kk) for kk in range(best[0], best[1] + 1)]
                texts[new] = text

    cells = []
    for root, g in sorted(groups.items()):
        r0, r1 = root[0], g[-1][0]
        if r0 == r1:  # one row: its cells k0..k1 in order
            k0, k1 = root[1], g[-1][1]
        else:
            ks = [a[1] for a in g]
            k0, k1 = min(ks), max(ks)
        text = texts.get(root)  # the group's text where the spanning pass made it
        if text is None:
            text = chars_text([c for a in g for c in atoms.get(a, ())])
        cells.append(Cell(text=text, row=r0, col=k0, rowspan=r1 - r0 + 1, colspan=k1 - k0 + 1,
                          prov=Provenance(page=page_no, bbox=(xs[k0], ys[r0], xs[k1 + 1], ys[r1 + 1]))))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(cells=cells, n_rows=n_rows, n_cols=n_cols, prov=Provenance(page=page_no, bbox=region.bbox))


def word_read(region: RuleRegion) -> bool:
    """A region the word grid (grid.py) reads better than these rules:
    - a three-line table (a rule above and below the header and one at the end): one header row
      between two rules holding several lines (spanned headings above their columns, wrapped labels)
      over the numbers; no rule separates the header's levels;
    - a table of one value line under a header of several rows (table 四): its numbers alone, blanks
      printed as marks between them, do not show every column; the header words do.
    Either way its columns come from word positions, not from these rules."""
    rows = region.row_words
    numbered = [k for k, words in enumerate(rows) if any(NUMBER.match(w["text"]) for w in words)]
    if len(rows) == 2 and numbered == [1]:
        return len(char_lines(region.row_chars[0])) >= THREE_LINE_HEADER_LINES
    return len(rows) >= 3 and numbered == [len(rows) - 1] and \
        sum(1 for w in rows[-1] if VALUE.match(w["text"])) >= MIN_SINGLE_LINE_VALUES


def rule_tables(page: Any, page_no: int, rules: list[tuple[float, list[Segment]]]) -> list[PageTable]:
    """Tables ruled only horizontally. A part without numbers (a header ending the page) is kept
    with columns from its text and re-gridded by the columns of the part continuing it."""
    regions = [part for region in rule_regions(page, rules) for part in column_pieces(region)]
    tables = []
    for i, region in enumerate(regions):
        if len(region.ys) < 3 and i < len(regions) - 1:
            continue
        if word_read(region):
            continue  # the word grid reads it: its header lines are levels no rule separates
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
