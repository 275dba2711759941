"""Map table grids onto a template by reading their row and column labels.

grids → classified pieces → (per table) header columns → labelled rows → values.
A logical table may arrive in several pieces (HTML <table>s, PDF pages);
pieces are mapped one by one and their rows united.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import Optional

from .labels import after_wrapped_rest, compact, label_key, match_fuzzy, match_line, near_in_gap, split_labels
from .model import Cell, Table
from .result import Issue, TableResult, Value
from .template_cache import per_template
from .templates import TABLE_KEYS, Line, TableDef, Template
from .values import parse_cell, parse_ocr_cell, to_unit

MIN_REVIEW_NUMBERS = 5  # a review-table data row has at least this many numeric cells


@dataclass
class Mapped:
    """Template tables mapped from a document, with the issues found."""
    tables: dict[str, TableResult]
    issues: list[Issue] = field(default_factory=list)


@dataclass
class PieceState:
    """What one piece of a table tells the pieces after it (a header read before their rows)."""
    requests_columns: Optional[list[Optional[str]]] = None  # value-column keys, left to right
    proactive_header: Optional[list[Optional[str]]] = None
    review_targets: Optional[dict[int, tuple[str, str]]] = None
    proactive_last: Optional[str] = None  # the table 二 row matched last (the template's order goes on from it)


def _distinct(cells: list[Optional[Cell]]) -> list[Cell]:
    """The cells of a grid line, each once (a spanned cell covers several positions)."""
    seen: set[int] = set()
    out: list[Cell] = []
    for c in cells:
        if c is not None and id(c) not in seen:
            seen.add(id(c))
            out.append(c)
    return out


def _where(cell: Cell) -> Optional[str]:
    if cell.prov.path:
        return cell.prov.path
    if cell.prov.line is not None:
        return f"line {cell.prov.line}"
    return None


def _value(cell: Cell, unit_target: Optional[str] = None) -> tuple[Value, Optional[str]]:
    """A cell as a Value, and a problem code when its text is no number."""
    ocr = cell.prov.confidence is not None
    p = parse_ocr_cell(cell.text) if ocr else parse_cell(cell.text)
    base = dict(raw=cell.text, page=cell.prov.page, where=_where(cell),
                bbox=cell.prov.bbox if cell.prov.page is not None else None, ocr=ocr, confidence=cell.prov.confidence)
    if p.kind == "blank":
        return Value(None, "blank_cell", **base), None
    if cell.doubt:
        return Value(None, "cell", **base), cell.doubt
    if p.kind == "text":
        return Value(None, "cell", **base), "unreadable_cell"
    if p.kind == "two_numbers":
        return Value(None, "cell", **base), "two_numbers_in_cell"
    if ocr and (cell.prov.ocr_boxes or 1) > 1:  # two recognised pieces in one cell: never one number
        return Value(None, "cell", **base), "ocr_split_cell"
    unit = p.unit if p.unit in ("元", "万元") else None
    return Value(to_unit(p.value, p.unit, unit_target), "cell", unit=unit, **base), None


def classify(table: Table, template: Template) -> Optional[str]:
    """Which template table a grid holds, by the labels it contains."""
    texts = [c.text for c in table.cells]
    joined = compact("".join(texts))
    distinct = set(texts)  # (a grid repeats its 0s and blanks: each text matched once)
    scores: dict[str, int] = {}
    for key in TABLE_KEYS:
        rows = template.tables[key].rows
        scores[key] = len({m.key for t in distinct if (m := match_line(t, rows)) is not None and not m.exact})
        scores[key] += template.tables[key].cue_score(joined)
    best = max(TABLE_KEYS, key=lambda k: scores[k])
    return best if scores[best] >= 2 else None


def _numeric_count(cells: list[Cell]) -> int:
    return sum(1 for c in cells if parse_cell(c.text).kind == "number")


class _Sink:
    """Collects values for one template table, first value per cell wins."""

    def __init__(self, tdef: TableDef, issues: list[Issue]):
        self.tdef = tdef
        self.issues = issues
        self.result = TableResult()

    def put(self, row: str, col: str, value: Value) -> None:
        cols = self.result.cells.setdefault(row, {})
        if col in cols and cols[col].source is not None:
            first = cols[col]
            if first.value is not None and value.value is not None and first.value != value.value:
                # two rows (or pieces) read as one cell, with different numbers: which is right, nothing says
                cols[col] = Value(None, "cell", raw=f"{first.raw} / {value.raw}", page=first.page, where=first.where)
                what = f"printed twice with different values ({first.raw!r}, {value.raw!r}); left null"
            else:
                what = f"printed twice; kept the first ({first.raw!r})"
            self.issues.append(Issue("warning", "duplicate_cell", f"{self.tdef.key}.{row}.{col} {what}", value.where))
            return
        cols[col] = value
        self.result.found = True

    def put_unplaced(self, row: str, col: str, cell: Cell) -> None:
        """The cell kept as printed (its text, page, place) but no value: where it stands, nothing says."""
        self.put(row, col, Value(None, "cell", raw=cell.text, page=cell.prov.page, where=_where(cell)))

    def put_cell(self, row: str, col: str, cell: Cell, unit_target: Optional[str] = None) -> None:
        value, problem = _value(cell, unit_target)
        if problem:
            what = {"two_numbers_in_cell": "holds two numbers (rows stacked in one cell); left null",
                    "ambiguous_column": "stands in a column the positions show to be two (two numbers side by side "
                                        "in it on another line); left null",
                    "ambiguous_row": "stands between two rows' lines, as near to one as to the other; left null"}.get(problem, "is not a number")
            self.issues.append(Issue("warning", problem, f"{self.tdef.key}.{row}.{col}: {cell.text!r} {what}",
                                     value.where))
        self.put(row, col, value)


# ---- table 三: requests -------------------------------------------------

def _column_map(grid: list[list[Optional[Cell]]], header_rows: int, columns: tuple[Line, ...]) -> dict[int, str]:
    """Grid column → template column, reading each column's header cells bottom-up."""
    out: dict[int, str] = {}
    for c in range(len(grid[0]) if grid else 0):
        for r in range(header_rows - 1, -1, -1):
            cell = grid[r][c]
            if cell is None:
                continue
            m = match_line(cell.text, columns) or _ends_with(cell.text, columns)
            if m is not None:
                if m.key not in out.values():
                    out[c] = m.key
                break
    return out


def _ends_with(text: str, lines: tuple[Line, ...]) -> Optional[Line]:
    """The line whose label a header text ends with (the labels above it joined in front, as a grid
    from word positions gives them: 法人或其他组织社会公益组织); the longest label wins."""
    key = label_key(text)
    best = max(((len(label_key(lab)), ln) for ln in lines for lab in ln.labels
                if label_key(lab) and key.endswith(label_key(lab))), default=None, key=lambda x: x[0])
    return best[1] if best else None


def _first_data_row(grid: list[list[Optional[Cell]]], rows: tuple[Line, ...]) -> Optional[int]:
    """The first row with a row label and a printed number (a header row prints none, whatever its blanks)."""
    for r, line in enumerate(grid):
        cells = _distinct(line)
        if any(match_line(c.text, rows) for c in cells) and _numeric_count(cells) >= 1:
            return r
    return None


def _group_row_named(group: str, line: Line, tdef: TableDef) -> bool:
    """The group cell is, whole, a label of `line`, a row with sub-rows (（六）其他处理): the leaf beside it is
    one of those sub-rows that was not read, not the group row. A label wrapped over two cells
    (四、结转下年度继续 | 办理) names a row without sub-rows and is still that row."""
    return label_key(group) in {label_key(lab) for lab in line.labels} and any(
        r.key.startswith(line.key + ".") for r in tdef.rows)


def _map_requests(table: Table, sink: _Sink, state: PieceState) -> None:
    tdef = sink.tdef
    grid = table.grid()
    first = _first_data_row(grid, tdef.rows)
    if first is None:  # a header with no rows (its rows continue on the next page): remember its columns
        colmap = _column_map(grid, table.n_rows, tdef.columns)
        if len(colmap) >= 2:
            state.requests_columns = [colmap.get(c) for c in range(min(colmap), table.n_cols)]
        return
    colmap = _column_map(grid, first, tdef.columns)
    if len(colmap) >= 2:
        first_val = min(colmap)
        state.requests_columns = [colmap.get(c) for c in range(first_val, table.n_cols)]
        unnamed = _unnamed_columns(grid, first, colmap)
        if unnamed:
            _report_unnamed(unnamed, grid, first, colmap, tdef, sink)
        rows = [([c for c in _distinct(grid[r][:first_val]) if not _in_columns(grid, r, c, unnamed)],
                 {k: grid[r][c] for c, k in colmap.items()}) for r in range(first, table.n_rows)]
    elif state.requests_columns and set(state.requests_columns) >= {c.key for c in tdef.columns}:
        # a continuation piece with no header: each row's last cells are the value columns read before
        keys = state.requests_columns
        rows = []
        for r in range(first, table.n_rows):
            cells = _distinct(grid[r])
            if len(cells) <= len(keys):
                continue
            if any(parse_cell(c.text).kind == "text" for c in cells[-len(keys):]):
                sink.issues.append(Issue("warning", "continued_row_unreadable",
                                         f"table 三 row {cells[0].text[:20]!r}: its cells do not fit the columns of the piece before",
                                         _where(cells[0])))
                continue  # fewer value cells than columns: a label would be read as a value
            values = {k: c for k, c in zip(keys, cells[-len(keys):]) if k}
            rows.append((cells[:-len(keys)], values))
        sink.issues.append(Issue("info", "continued_table",
                                 "a piece of table 三 without header: values read by the columns of the piece before",
                                 _where(table.cells[0])))
    else:
        sink.issues.append(Issue("warning", "no_column_header",
                                 "a piece of table 三 has no column header that could be read", _where(table.cells[0])))
        return
    matched: list[tuple[Line, bool, Cell, dict[str, Optional[Cell]]]] = []
    unmatched: list[tuple[int, Cell, dict[str, Optional[Cell]]]] = []  # (place among the matched, label, values)
    shared = _shared_labels(rows, tdef)
    for label_cells, values in rows:
        labels = [c for c in label_cells if c.text.strip()]
        if not labels:
            continue
        leaf, group = labels[-1].text, "".join(c.text for c in labels[:-1])
        if id(values) in shared:
            matched.append((shared[id(values)], False, labels[-1], values))
            continue
        line, fuzzy = match_fuzzy(leaf, tdef.rows, group)
        if line is None:
            line, fuzzy = match_fuzzy("".join(c.text for c in labels), tdef.rows, group)
            if line is not None and _group_row_named(group, line, tdef):
                line = None  # the group label alone names it ((六)其他处理 before a leaf label it does not read)
        if line is None and matched:
            line, fuzzy = after_wrapped_rest(leaf, tdef.rows, matched[-1][0]), False
        if line is not None and line.computed_by and not any(
                parse_cell(c.text).kind == "number" for c in values.values() if c is not None):
            continue  # a group label row (（六）其他处理 over its sub-rows) prints no number
        if line is None:
            if any(parse_cell(c.text).kind == "number" for c in values.values() if c is not None):
                unmatched.append((len(matched), labels[-1], values))
            continue
        matched.append((line, fuzzy, labels[-1], values))
    for line, values in _confirmed_by_order(_placed_by_order(matched, unmatched, tdef, sink), tdef, sink):
        if _label_in_values(values, tdef):
            sink.issues.append(Issue("warning", "label_in_value_column",
                                     f"requests.{line.key}: a row label stands in a value column, so the row's cells "
                                     f"do not line up with the header; its values left null",
                                     _where(next(c for c in values.values() if c is not None))))
            for key, cell in values.items():
                if cell is not None:
                    sink.put_unplaced(line.key, key, cell)
            continue
        for key, cell in values.items():
            if cell is None:
                continue
            if sum(1 for c in values.values() if c is cell) > 1:
                sink.put_unplaced(line.key, key, cell)
                sink.issues.append(Issue("warning", "spanned_value",
                                         f"requests.{line.key}: one cell spans several columns", _where(cell)))
                continue
            sink.put_cell(line.key, key, cell)


def _label_in_values(values: dict[str, Optional[Cell]], tdef: TableDef) -> bool:
    """Whether a cell under a value column reads as one of the table's row labels: the row's cells stand shifted
    against the header (a label cell wider than the label column), so no value of the row is where it is named."""
    return any(c is not None and parse_cell(c.text).kind == "text" and match_line(c.text, tdef.rows) is not None
               for c in values.values())


def _unnamed_columns(grid: list[list[Optional[Cell]]], first: int, colmap: dict[int, str]) -> list[int]:
    """Grid columns printing numbers in the data rows whose header names no template column: those right of
    the first named column, and those left of it whose every data row with a label prints a number or a
    blank there (a first value column with no name: its numbers are no part of the row labels)."""
    out = []
    for c in range(len(grid[0]) if grid else 0):
        if c in colmap:
            continue
        cells = [grid[r][c] for r in range(first, len(grid))]
        own = [x for r, x in zip(range(first, len(grid)), cells)
               if x is not None and not any(grid[r][k] is x for k in colmap)
               and (c == 0 or grid[r][c - 1] is not x)]
        numbers = sum(parse_cell(x.text).kind == "number" for x in own)
        if not numbers:
            continue
        if c > min(colmap) or all(parse_cell(x.text).kind in ("number", "blank") for x in own):
            out.append(c)
    return out


def _in_columns(grid: list[list[Optional[Cell]]], r: int, cell: Cell, columns: list[int]) -> bool:
    return any(grid[r][c] is cell and (c == 0 or grid[r][c - 1] is not cell) for c in columns)


def _report_unnamed(unnamed: list[int], grid: list[list[Optional[Cell]]], first: int, colmap: dict[int, str],
                    tdef: TableDef, sink: "_Sink") -> None:
    """Columns printing numbers under no template column's name: their cells are not placed (the identities may
    still determine them). A column whose own header cells are empty is a warning (`unnamed_column`: which
    column it is, the header does not say); one headed by words the template lacks (小计) is listed (info)."""
    missing = [c.key for c in tdef.columns if c.key not in colmap.values()]
    for c in unnamed:
        head = "".join(x.text for r in range(first) if (x := grid[r][c]) is not None
                       and not any(grid[r][k] is x for k in colmap))
        at = next((grid[r][c] for r in range(first, len(grid)) if grid[r][c] is not None), None)
        where = _where(at) if at is not None else None
        if label_key(head):
            sink.issues.append(Issue("info", "unmapped_column",
                                     f"table 三 column {head!r} matches no template column; its values not placed",
                                     where))
        else:
            sink.issues.append(Issue(
                "warning", "unnamed_column",
                f"table 三: grid column {c} prints numbers under a header naming no column (template columns not "
                f"named: {missing or 'none'}); its values are not placed, only the identities can determine those "
                f"cells", where))


def _shared_labels(rows: list[tuple[list[Cell], dict[str, Optional[Cell]]]], tdef: TableDef) -> dict[int, Line]:
    """Value rows sharing one label cell (a label spanning two value lines, as a grid from positions gives
    it: （二）部分公开（…）属于国家秘密 beside two lines of numbers): the k-th row is the k-th label printed, where
    the cell's text is exactly as many row labels as rows, in the template's order. id(values) → row."""
    out: dict[int, Line] = {}
    k = 0
    while k < len(rows):
        leaf = next((c for c in reversed(rows[k][0]) if c.text.strip()), None)
        n = 1
        while leaf is not None and k + n < len(rows) and any(c is leaf or c.text == leaf.text for c in rows[k + n][0]):
            n += 1  # the one cell, or its text given again on each line the label spans
        if n > 1:
            got = split_labels(leaf.text, tdef.rows)
            order = [tdef.rows.index(x) for x in got] if got else []
            if len(got or []) == n and order == sorted(set(order)):
                out.update({id(rows[k + j][1]): got[j] for j in range(n)})
        k += n
    return out


@per_template
def _print_order(tdef: TableDef) -> dict[str, float]:
    """Each row's place in the template's printed order; a row with sub-rows (gov-2021 （六）其他处理, listed
    last as a derived row) stands just before its first sub-row (made once per table; read only)."""
    order: dict[str, float] = {r.key: float(i) for i, r in enumerate(tdef.rows)}
    for r in tdef.rows:
        subs = [order[x.key] for x in tdef.rows if x.key.startswith(r.key + ".")]
        if subs:
            order[r.key] = min(subs) - 0.5
    return order


def _placed_by_order(matched: list[tuple[Line, bool, Cell, dict[str, Optional[Cell]]]],
                     unmatched: list[tuple[int, Cell, dict[str, Optional[Cell]]]], tdef: TableDef,
                     sink: "_Sink") -> list[tuple[Line, bool, Cell, dict[str, Optional[Cell]]]]:
    """Rows printing numbers whose label matches none, read as the one template row the order leaves for them
    (after the rows matched exactly before, before those after, read by no other row) that the label nearly
    names, short labels included (（一）予以公看, 2．复申请, 3．其用): a near match, which the identities then check.
    The others are listed (`unmapped_row`)."""
    if not unmatched:
        return matched
    order = _print_order(tdef)
    taken = {m[0].key for m in matched}
    out = list(matched)
    for place, label, values in reversed(unmatched):  # from the end: the places before stay right
        before = [order[m[0].key] for m in matched[:place] if not m[1]]
        after = [order[m[0].key] for m in matched[place:] if not m[1]]
        lo, hi = max(before, default=-1.0), min(after, default=float(len(tdef.rows)))
        gap = tuple(r for r in tdef.rows if lo < order[r.key] < hi and r.key not in taken)
        line = near_in_gap(label.text, gap, tuple(r for r in tdef.rows if order[r.key] < hi)) if gap else None
        if line is None:
            sink.issues.append(Issue("info", "unmapped_row", f"table 三 row {label.text!r} matches no template row",
                                     _where(label)))
            continue
        out.insert(place, (line, True, label, values))
    return out


def _confirmed_by_order(matched: list[tuple[Line, bool, Cell, dict[str, Optional[Cell]]]], tdef: TableDef,
                        sink: _Sink) -> list[tuple[Line, dict[str, Optional[Cell]]]]:
    """The matched rows whose match the template's order confirms. Two rows read as one template row: both
    null (which one holds its numbers, the labels do not say). A near match (a wrong or missing character)
    must stand, in the template's order, between the rows matched exactly before and after it; else null."""
    order = _print_order(tdef)
    printed = [any(c is not None and c.text.strip() for c in m[3].values()) for m in matched]
    keys_printed = {m[0].key for m, p in zip(matched, printed) if p}
    # a line printing nothing under a row read elsewhere: its label's wrapped rest (（…）逾期未按收费通知要 / 求…)
    matched = [m for m, p in zip(matched, printed) if p or m[0].key not in keys_printed]
    count: dict[str, int] = {}
    for line, *_ in matched:
        count[line.key] = count.get(line.key, 0) + 1
    out = []
    for i, (line, fuzzy, label, values) in enumerate(matched):
        why = None
        if count[line.key] > 1:
            why = f"{count[line.key]} rows of the table read as this row"
        elif fuzzy:
            before = [order[m[0].key] for m in matched[:i] if not m[1]]
            after = [order[m[0].key] for m in matched[i + 1:] if not m[1]]
            if (before and order[line.key] <= max(before)) or (after and order[line.key] >= min(after)):
                why = f"{label.text!r} nearly matches it, out of the template's order among the rows around it"
        if why is None:
            out.append((line, values))
            continue
        if not any(m[0].key == line.key for m in matched[:i]):  # one issue per template row
            sink.issues.append(Issue("warning", "ambiguous_row", f"{tdef.key}.{line.key}: {why}; its values left null",
                                     _where(label)))
        for key, cell in values.items():
            if cell is not None and count[line.key] == 1:
                sink.put_unplaced(line.key, key, cell)
            elif cell is not None:
                sink.result.cells.setdefault(line.key, {})[key] = Value(None, "cell", raw=None, where=_where(label))
                sink.result.found = True
    return out


# ---- table 四: review and litigation -------------------------------------

def _review_targets(grid: list[list[Optional[Cell]]], header_rows: int, tdef: TableDef) -> dict[int, tuple[str, str]]:
    """Grid column → (group, column), reading each column's header cells bottom-up."""
    targets: dict[int, tuple[str, str]] = {}
    for c in range(len(grid[0]) if grid else 0):
        group = col = None
        for r in range(header_rows - 1, -1, -1):
            cell = grid[r][c]
            if cell is None:
                continue
            if col is None and (m := match_line(cell.text, tdef.columns) or _ends_with(cell.text, tdef.columns)):
                col = m.key
            elif col is not None and group is None and (g := match_line(cell.text, tdef.rows)):
                group = g.key
        if group and col:
            targets[c] = (group, col)
    return targets


def _blank_zero_row(grid: list[list[Optional[Cell]]], tdef: TableDef, full: int, continued: bool) -> Optional[int]:
    """A data row printing fewer than MIN_REVIEW_NUMBERS numbers (its zeros blank: `0 | | | | 0`): the first
    row holding nothing but numbers and blanks, at least one number, under a header that names every one of
    the template's group × column places once, in this piece or (`continued`) the piece before, so each of
    its cells has its place by position."""
    for r, line in enumerate(grid):
        cells = _distinct(line)
        kinds = [parse_cell(c.text).kind for c in cells]
        if not cells or "number" not in kinds or any(k not in ("number", "blank") for k in kinds):
            continue
        targets = _review_targets(grid, r, tdef)
        return r if (len(targets) == full and len(set(targets.values())) == full) or (continued and not targets) else None
    return None


def _map_review(table: Table, sink: _Sink, state: PieceState) -> None:
    tdef = sink.tdef
    grid = table.grid()
    full = len(tdef.rows) * len(tdef.columns)
    data = next((r for r in range(table.n_rows) if _numeric_count(_distinct(grid[r])) >= MIN_REVIEW_NUMBERS), None)
    if data is None:
        before = state.review_targets
        data = _blank_zero_row(grid, tdef, full, bool(before) and len(before) == full and table.n_cols == max(before) + 1)
    if data is None:  # a header whose numbers are on the next page
        state.review_targets = _review_targets(grid, table.n_rows, tdef)
        return
    targets = _review_targets(grid, data, tdef)
    if not targets and state.review_targets and len(state.review_targets) == full \
            and table.n_cols == max(state.review_targets) + 1:
        targets = state.review_targets
    values = _distinct(grid[data])
    while len(values) > full and not values[0].text.strip():
        values = values[1:]  # the empty label cells of a grid from word positions
    if len(set(targets.values())) != len(targets) or len(targets) < full:
        order = [(g.key, c.key) for g in tdef.rows for c in tdef.columns]
        # in the template's order only when every place prints something: an empty cell (a label cell of
        # a grid from positions, a blank whose column only the header could show) may be any of them
        if len(values) == len(order) and not any(c.doubt or not c.text.strip() for c in values):
            sink.issues.append(Issue("info", "review_by_template_order",
                                     "table 四 header unreadable; its 15 values were placed in the template's order",
                                     _where(values[0])))
            for (g, c), cell in zip(order, values):
                sink.put_cell(g, c, cell)
        else:
            sink.issues.append(Issue("warning", "review_header_unreadable",
                                     f"table 四: could not read its header ({len(targets)} columns) for {len(values)} values",
                                     _where(values[0])))
        return
    for c, (g, k) in targets.items():
        cell = grid[data][c]
        if cell is not None:
            sink.put_cell(g, k, cell)


# ---- table 二: proactive disclosure ---------------------------------------

def _header_keys(cells: list[Cell], tdef: TableDef) -> Optional[list[Optional[str]]]:
    """Column keys of a header row (the cells after 信息内容), or None for a row that is no header."""
    if match_line(cells[0].text, tdef.rows):
        return None
    keys = [m.key if (m := _column_label(c.text, tdef)) else None for c in cells[1:]]
    if label_key(cells[0].text).startswith("信息内容") or any(keys):
        return keys
    return None


def _column_label(text: str, tdef: TableDef) -> Optional[Line]:
    """A table 二 column header, also with the caption above run on in front (第二十条第（一）项本年新制作数量)."""
    bare = re.sub(r"[（(][^（()）]*[)）]?$", "", text)  # a note after it: 上一年项目数量（指2019年事项数）
    return match_line(text, tdef.columns) or _ends_with(text, tdef.columns) or (
        _ends_with(bare, tdef.columns) if bare != text else None)


def _by_position(line: list[Optional[Cell]], header: Optional[dict[int, str]], row: Line) -> Optional[list[tuple[str, Cell]]]:
    """A row's cells under the header columns they stand in (blank cells keep their place), where every
    printed value stands under one of the row's columns; under a header spanning several grid columns
    the one cell printing a value (two printed there: no reading)."""
    if not header:
        return None
    under: dict[str, list[Cell]] = {}
    seen: set[int] = set()
    for k, cell in enumerate(line):
        if cell is None or id(cell) in seen or k == 0 or cell is line[0]:
            continue
        if k not in header:  # a number under no column's header (信息内容 … 2 | 12): the row's places are unknown
            if parse_cell(cell.text).kind == "number" and not any(line[j] is cell for j in header):
                return None
            continue
        seen.add(id(cell))
        if header[k] in row.columns:
            under.setdefault(header[k], []).append(cell)
        elif parse_cell(cell.text).kind != "blank":
            return None
    pairs: list[tuple[str, Cell]] = []
    for key in row.columns:
        cells = under.get(key)
        if not cells:
            return None
        printed = [c for c in cells if parse_cell(c.text).kind != "blank"]
        if len(printed) > 1:
            return None
        pairs.append((key, printed[0] if printed else cells[0]))
    return pairs


def _two_labels(text: str, row: Line, tdef: TableDef) -> bool:
    """A label of table 二 that goes on with another row's label (行政处罚行政强制: a label line printing no
    number joined to the next row's): which of the two the numbers belong to, the text does not say."""
    key = label_key(text)
    for lab in row.labels:
        lk = label_key(lab)
        if key.startswith(lk) and len(key) > len(lk):
            other = match_line(key[len(lk):], tdef.rows)
            return other is not None and other.key != row.key
    return False


def _item_by_order(text: str, grid: list[list[Optional[Cell]]], line: list[Optional[Cell]], tdef: TableDef,
                   sink: _Sink, state: PieceState) -> Optional[Line]:
    """A table 二 item printing numbers whose label matches none (规数, 行许可): the one item the template's
    order leaves between the item read last and the next one this piece names, read by no line yet, that the
    label nearly names (`labels.near_in_gap`); else None."""
    order = {r.key: i for i, r in enumerate(tdef.rows)}
    lo = order.get(state.proactive_last or "", -1)
    at = next(i for i, ln in enumerate(grid) if ln is line)
    nxt = (match_line(cs[0].text, tdef.rows) for ln in grid[at + 1:] if (cs := _distinct(ln)))
    hi = next((order[m.key] for m in nxt if m is not None), len(tdef.rows))
    gap = tuple(r for r in tdef.rows if lo < order[r.key] < hi and not any(
        v.source is not None for v in sink.result.cells.get(r.key, {}).values()))
    return near_in_gap(text, gap) if gap else None


def _map_proactive(table: Table, sink: _Sink, state: PieceState) -> None:
    tdef = sink.tdef
    columns: Optional[dict[int, str]] = None
    in_header = False
    grid = table.grid()
    for line in grid:
        cells = _distinct(line)
        if not cells:
            continue
        keys = _header_keys(cells, tdef)
        if keys is not None:
            found = {k: m.key for k, c in enumerate(line) if k > 0 and c is not None and c is not line[0]
                     and (m := _column_label(c.text, tdef))}
            if in_header and columns:  # a header over two lines: the second adds the columns it names
                found = {**{k: v for k, v in columns.items() if v not in found.values()}, **found}
            state.proactive_header = keys if not in_header else [found.get(k) for k in sorted(found)]
            columns, in_header = found, True
            continue
        in_header = False
        row = match_line(cells[0].text, tdef.rows)
        if row is None and any(parse_cell(c.text).kind == "number" for c in cells[1:]):
            row = _item_by_order(cells[0].text, grid, line, tdef, sink, state)
        if row is None:
            continue
        state.proactive_last = row.key
        if _two_labels(cells[0].text, row, tdef):
            sink.issues.append(Issue("warning", "ambiguous_row",
                                     f"table 二 row {row.key}: {cells[0].text!r} holds two row labels (a row printing "
                                     "no number run into the next); its values left null", _where(cells[0])))
            for key in row.columns:
                sink.put(row.key, key, Value(None, "cell", raw=" ".join(c.text for c in cells[1:]), where=_where(cells[0])))
            continue
        values = cells[1:]
        header = [k for k in (state.proactive_header or []) if k is not None]
        placed = _by_position(line, columns, row)
        if placed is not None:
            pairs = placed
        elif header and len(header) == len(values) == len(row.columns) and set(header) == set(row.columns):
            # in header order only where the header names every column of the row and each is printed
            pairs = list(zip(header, values))
        elif len(values) == len(row.columns):
            pairs = list(zip(row.columns, values))
            if header:
                sink.issues.append(Issue("info", "proactive_by_template_order",
                                         f"table 二 row {row.key}: header did not fit, values placed in template order",
                                         _where(cells[0])))
        else:
            sink.issues.append(Issue("warning", "proactive_row_unreadable",
                                     f"table 二 row {row.key}: {len(values)} values for columns {list(row.columns)}",
                                     _where(cells[0])))
            continue
        for key, cell in pairs:
            sink.put_cell(row.key, key, cell, row.unit if key == "amount" else None)
            if key == "amount" and row.unit is not None and not row.unit_in_header and parse_cell(cell.text).unit is None:
                sink.issues.append(Issue("info", "unit_missing",
                                         f"{sink.tdef.key}.{row.key}.amount {cell.text!r} has no unit; stored as printed",
                                         _where(cell)))


# a table's shape (templates/<id>/tables.json) → its mapper: one row per item with its own columns, a grid of
# rows × columns, a row of groups each spanning the same columns
_MAPPERS = {"items": _map_proactive, "grid": _map_requests, "column_groups": _map_review}


def map_tables(tables: list[Table], template: Template) -> Mapped:
    issues: list[Issue] = []
    sinks = {k: _Sink(template.tables[k], issues) for k in TABLE_KEYS}
    state = PieceState()
    last: Optional[str] = None
    for table in tables:
        kind = classify(table, template)
        shape = template.tables[last].shape if last is not None else None
        if kind is None and shape == "grid" and _first_data_row(table.grid(), template.tables[last].rows) is not None:
            kind = last  # a continuation piece with few recognisable labels
        if kind is None and shape == "column_groups" and state.review_targets:
            kind = last  # the numbers of a table 四 whose header ended the page before
        if kind is None:
            continue
        _MAPPERS[template.tables[kind].shape](table, sinks[kind], state)
        last = kind
    return Mapped({key: complete(sink.result, template.tables[key]) for key, sink in sinks.items()}, issues)


def complete(result: TableResult, tdef: TableDef) -> TableResult:
    """Every row and column of the template, in its order; cells not found are null."""
    columns = _column_keys(tdef)
    cells = result.cells
    result.cells = {row.key: {c: got.get(c) or Value(None, None) for c in (row.columns or columns)}
                    for row in tdef.rows for got in (cells.get(row.key, _NO_ROW),)}
    return result


_NO_ROW: dict[str, Value] = {}  # (read only)


@per_template
def _column_keys(tdef: TableDef) -> tuple[str, ...]:
    return tuple(col.key for col in tdef.columns)


# ---- table 二 items printed as plain lines (行政许可 0) -----------------------

_ITEM_LINE = re.compile(r"^[ \t\u3000]*(\S+?)[ \t\u3000：:]+(\S+(?:[ \t\u3000]+\S+)*)[ \t\u3000]*$", re.M)


def _item_lines(text: str, tdef: TableDef, table: TableResult) -> list[tuple[re.Match, Optional[Line]]]:
    """Each label-and-values line with the item its label names exactly; a label with a wrong or missing
    character (政许可 0, 行政罚 230) next to an item line so named is the one item the template's order leaves
    there (after the item line before, before the one after, read neither by the grid nor by another line) that
    it nearly names (`labels.near_in_gap`)."""
    order = {r.key: i for i, r in enumerate(tdef.rows)}
    lines = []
    for m in _ITEM_LINE.finditer(text):
        key = label_key(m.group(1))
        lines.append((m, next((r for r in tdef.rows for lab in r.labels if label_key(lab) == key), None)))
    read = {k for k, cols in table.cells.items() if any(v.source is not None for v in cols.values())}
    changed = True
    while changed:  # a run of such lines is read from its named end inwards
        changed = False
        for i, (m, row) in enumerate(lines):
            if row is not None or not any(0 <= j < len(lines) and lines[j][1] is not None for j in (i - 1, i + 1)):
                continue  # named, or not next to a line that is
            lo = max((order[r.key] for _, r in lines[:i] if r is not None), default=-1)
            hi = min((order[r.key] for _, r in lines[i + 1:] if r is not None), default=len(tdef.rows))
            taken = read | {r.key for _, r in lines if r is not None}
            gap = tuple(r for r in tdef.rows if lo < order[r.key] < hi and r.key not in taken)
            got = near_in_gap(m.group(1), gap) if gap else None
            if got is not None:
                lines[i] = (m, got)
                changed = True
    return lines


def fill_item_lines(table: TableResult, text: str, tdef: TableDef, where: str) -> list[Issue]:
    """Rows of table 二 its grid did not read, from lines of the section text that print nothing but an
    item's label (exactly one of its variants) and one number or blank per column of the item, in the
    template's column order (`行政许可 0`, `行政事业性收费 12.5`): items printed after the table or instead of
    part of it. A row printed twice on such lines with different values is left null with an issue."""
    seen: dict[str, list[tuple[str, Value]]] = {}
    twice: set[str] = set()
    for m, row in _item_lines(text, tdef, table):
        tokens = m.group(2).split()
        if row is None or len(tokens) != len(row.columns):
            continue
        parsed = [parse_cell(t) for t in tokens]
        if any(p.kind not in ("number", "blank") for p in parsed):
            continue
        values = [(c, Value(to_unit(p.value, p.unit, row.unit if c == "amount" else None), "cell", raw=m.group(0).strip(),
                            where=where, unit=p.unit if p.unit in ("元", "万元") else None) if p.kind == "number"
                   else Value(None, "blank_cell", raw=m.group(0).strip(), where=where))
                  for c, p in zip(row.columns, parsed)]
        if row.key in seen and [v.value for _, v in seen[row.key]] != [v.value for _, v in values]:
            twice.add(row.key)
        seen.setdefault(row.key, values)
    issues = [Issue("warning", "ambiguous_row", f"{tdef.key}.{k}: printed on two lines with different values; "
                    "left null", where) for k in sorted(twice)]
    filled = []
    for key, values in seen.items():
        cols = table.cells.get(key, {})
        if key in twice or any(v.source is not None for v in cols.values()):
            continue  # the grid read this row: the grid's cells stand
        for c, v in values:
            table.cells.setdefault(key, {})[c] = v
        table.found = True
        filled.append(key)
    if filled:
        issues.append(Issue("info", "rows_from_text", f"{tdef.key} rows {filled}: printed as plain lines (label and "
                            "values) outside the table's grid; read from those lines", where))
    return issues
