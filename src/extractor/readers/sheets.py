"""Spreadsheets: `.xlsx` (openpyxl) and `.xls` / WPS `.et` (BIFF inside OLE2, xlrd) → the one Document.

Each sheet is a grid: merged ranges become one cell with its spans, every other position of the used
range a cell (empty ones too, as a blank `<td>` is). A row holding one text cell across the table
(a title, a caption such as 二、主动公开政府信息情况) is a paragraph; empty rows and such lines split
a sheet into several tables. Numbers are written as the sheet displays them (its number format's
decimals and %), dates as ISO dates. Provenance: `path` = `Sheet!B7`.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from ..model import Block, Cell, Document, Provenance, ReadError, ReaderWarning, SourceInfo, Table
from .zipped import open_zip, read_member

MAX_ROWS = 2000  # rows read per sheet (a statistics table has under 100)
MAX_COLS = 100
MAX_SHEETS = 50
MAX_SHEET_XML = 8 * 1024 * 1024  # one worksheet part of an .xlsx, uncompressed
MAX_MERGED = 1_000_000  # cells covered by the merged ranges of one .xlsx sheet
MAX_MERGES = 5_000  # merged ranges used per sheet
MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]{1,40})"')
# a one-cell row between tables that is a caption or a note, not a table row
LINE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|注[:：]|备注|说明[:：]|.*(?:统计表|报告|附表)\s*$)")
XLSX_WHAT, XLS_WHAT = "the .xlsx workbook", "the .xls/.et workbook"


@dataclass
class Sheet:
    """One sheet as read: texts by (row, col), merged ranges (r0, r1, c0, c1) inclusive, 0-based."""
    name: str
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    truncated: bool = False


def merge_area(ref: str) -> int:
    """Cells covered by a merged range "B2:D5" (12)."""
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})", ref.strip().upper())
    if not m:
        return 0

    def col(letters: str) -> int:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        return n
    return (abs(int(m.group(4)) - int(m.group(2))) + 1) * (abs(col(m.group(3)) - col(m.group(1))) + 1)


def why(e: BaseException) -> str:
    """A library's exception as one short line."""
    return " ".join(f"{type(e).__name__}: {e}".split())[:240]


# --- cell values as the sheet shows them ------------------------------------------------------
def _decimals(fmt: str) -> Optional[int]:
    """Decimals a number format shows ("0.00" → 2, "#,##0" → 0); None for General or no digits."""
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", (fmt or "").split(";")[0])
    if not section or section.lower() == "general" or not re.search(r"[0#?]", section):
        return None
    m = re.search(r"\.([0#?]+)", section)
    return len(m.group(1)) if m else 0


def value_text(v: Any, fmt: str = "General") -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (dt.datetime, dt.date)):
        return v.date().isoformat() if isinstance(v, dt.datetime) else v.isoformat()
    if isinstance(v, (int, float)):
        pct = "%" in re.sub(r'"[^"]*"', "", fmt or "")
        x = float(v) * 100 if pct else float(v)
        d = _decimals(fmt)
        if d is None:
            s = str(int(x)) if x.is_integer() and abs(x) < 1e15 else f"{x:.10g}"
        else:
            s = f"{x:.{d}f}"
        return s + ("%" if pct else "")
    return str(v).strip()


# --- sheet → blocks ---------------------------------------------------------------------------
def col_name(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_blocks(sheet: Sheet) -> list[Block]:
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    merges = []
    budget = 4 * MAX_ROWS * MAX_COLS  # positions looked at, whatever the ranges claim
    for m in sorted(m for m in sheet.merges if m[0] < MAX_ROWS and m[2] < MAX_COLS)[:MAX_MERGES]:
        r0, r1, c0, c1 = m
        spots = []
        for r in range(r0, min(r1, MAX_ROWS - 1) + 1):
            for c in range(c0, min(c1, MAX_COLS - 1) + 1):
                budget -= 1
                if (r, c) in covered or budget < 0:
                    spots = None
                    break
                spots.append((r, c))
            if spots is None:
                break
        if spots is None:  # overlapping ranges (no sheet program writes them): the first one is kept
            sheet.truncated = True
            if budget < 0:
                break
            continue
        merges.append(m)
        covered.update((p, m) for p in spots)
    used = [p for p, t in sheet.texts.items() if t] + [(m[0], m[2]) for m in merges if sheet.texts.get((m[0], m[2]))]
    if not used:
        return []
    n_rows = max(r for r, _ in used) + 1
    c_lo = min(c for _, c in used)
    c_hi = max(max(c for _, c in used), max((min(m[3], MAX_COLS - 1) for m in merges if (m[0], m[2]) in sheet.texts), default=0))

    def origins(r: int) -> list[tuple[int, int, int, int]]:
        """(col, rowspan, colspan, from_above) of the cells starting or crossing row r."""
        out, c = [], c_lo
        while c <= c_hi:
            m = covered.get((r, c))
            if m:
                span = min(m[3], c_hi) - c + 1
                out.append((c, m[1] - m[0] + 1, span, int(m[0] != r)))
                c += span
            else:
                out.append((c, 1, 1, 0))
                c += 1
        return out

    def texts_of(r: int) -> list[tuple[int, int, int, int]]:
        return [o for o in origins(r) if sheet.texts.get((r, o[0]))]

    def is_line(r: int, before_tables: bool) -> bool:
        """One text cell in the row, nothing merged across rows: the title and lines above the first
        table, a caption (二、主动公开政府信息情况 …, …统计表) or a note (注：…) between tables."""
        texts = texts_of(r)
        if len(texts) != 1 or any(o[3] or o[1] > 1 for o in origins(r)):
            return False
        text = sheet.texts[(r, texts[0][0])]
        return before_tables or c_lo == c_hi or bool(LINE.match(text))

    blocks: list[Block] = []
    segment: list[int] = []

    def flush() -> None:
        if not segment:
            return
        r0, r1 = segment[0], segment[-1]
        spots = [(c, c + cs - 1) for r in segment for c, _, cs, above in origins(r) if not above and sheet.texts.get((r, c))]
        lo, hi = min(a for a, _ in spots), max(b for _, b in spots)
        cells = []
        for r in segment:
            for c, rs, cs, above in origins(r):
                if (above and r != r0) or c + cs - 1 < lo or c > hi:
                    continue  # started on an earlier row of this table, or outside its columns
                c0, c1 = max(c, lo), min(c + cs - 1, hi)
                cells.append(Cell(sheet.texts.get((r, c), ""), r - r0, c0 - lo, min(rs, r1 - r + 1), c1 - c0 + 1,
                                  Provenance(path=f"{sheet.name}!{col_name(c)}{r + 1}")))
        table = Table(cells, len(segment), hi - lo + 1,
                      Provenance(path=f"{sheet.name}!{col_name(lo)}{r0 + 1}:{col_name(hi)}{r1 + 1}"))
        blocks.append(Block("table", table.text(), table=table, prov=table.prov))
        segment.clear()

    before_tables = True
    for r in range(n_rows):
        empty = not any(sheet.texts.get((r, c)) for c in range(c_lo, c_hi + 1)) and not any(
            covered.get((r, c), (r,))[0] != r for c in range(c_lo, c_hi + 1))
        if empty:
            flush()
        elif is_line(r, before_tables):
            flush()
            c = texts_of(r)[0][0]
            blocks.append(Block("paragraph", sheet.texts[(r, c)], prov=Provenance(path=f"{sheet.name}!{col_name(c)}{r + 1}")))
        else:
            segment.append(r)
            before_tables = False
    flush()
    return blocks


def sheets_document(sheets: list[Sheet], media_type: str, title: Optional[str]) -> Document:
    blocks = [b for s in sheets for b in sheet_blocks(s)]
    warnings = [ReaderWarning("sheet_truncated", f"sheet {s.name!r} has more than {MAX_ROWS} rows or {MAX_COLS} columns, or "
                              "overlapping merged ranges; only part of it was read") for s in sheets if s.truncated]
    if len(sheets) == MAX_SHEETS:
        warnings.append(ReaderWarning("sheet_truncated", f"only the first {MAX_SHEETS} sheets were read"))
    if not blocks:
        raise ReadError("empty_input", "the workbook has no cells with text")
    title = title if title and re.search(r"[\u4e00-\u9fff]{2}", title) else None
    return Document(blocks, SourceInfo(media_type=media_type, title=title), warnings=warnings)


# --- .xlsx ------------------------------------------------------------------------------------
def read_xlsx(data: bytes) -> Document:
    import openpyxl  # reads XML through defusedxml when it is installed (it is a dependency)

    z = open_zip(data, "xlsx_unreadable", XLSX_WHAT)
    has_formulas = False
    for info in z.infolist():
        if info.filename.startswith("xl/worksheets/") and info.file_size > MAX_SHEET_XML:
            raise ReadError("xlsx_unreadable", f"{XLSX_WHAT} has a sheet of {info.file_size} bytes: too large to be a report's table")
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            part = read_member(z, info.filename, "xlsx_unreadable", XLSX_WHAT)
            has_formulas = has_formulas or b"<f>" in part or b"<f " in part
            area = sum(merge_area(m.decode("ascii", "replace")) for m in MERGE_REF.findall(part))
            if area > MAX_MERGED:  # openpyxl would make a cell object for every merged position
                raise ReadError("xlsx_unreadable", f"{XLSX_WHAT} merges {area} cells in {info.filename}: "
                                                   f"more than {MAX_MERGED}, not a report's table")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False, keep_vba=False)
        formulas = (openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False, keep_vba=False)
                    if has_formulas else wb)  # the formulas only matter where a cell has no saved value
    except Exception as e:  # openpyxl raises many types on damaged parts (KeyError, ValueError, defusedxml's …)
        raise ReadError("xlsx_unreadable", f"{XLSX_WHAT} cannot be read: {why(e)}") from None
    sheets = []
    uncomputed = 0
    for ws, wf in list(zip(wb.worksheets, formulas.worksheets))[:MAX_SHEETS]:
        sheet = Sheet(ws.title)
        sheet.truncated = ws.max_row > MAX_ROWS or ws.max_column > MAX_COLS
        # the cells the file holds (iter_rows would create one for every position of the range)
        for (r, c), cell in sorted(ws._cells.items()):
            if r > MAX_ROWS or c > MAX_COLS:
                continue
            if cell.value is None:
                f = getattr(wf._cells.get((r, c)), "value", None)
                if isinstance(f, str) and f.startswith("="):
                    uncomputed += 1
                    sheet.texts[(r - 1, c - 1)] = f  # shown as a formula: no number to guess
                continue
            text = value_text(cell.value, cell.number_format)
            if text:
                sheet.texts[(r - 1, c - 1)] = text
        for rng in ws.merged_cells.ranges:
            sheet.merges.append((rng.min_row - 1, rng.max_row - 1, rng.min_col - 1, rng.max_col - 1))
        sheets.append(sheet)
    from . import XLSX
    doc = sheets_document(sheets, XLSX, wb.properties.title if wb.properties else None)
    if uncomputed:
        doc.warnings.append(ReaderWarning("formula_not_computed", f"{uncomputed} formula cells have no saved value (left as formulas)"))
    return doc


# --- .xls / .et -------------------------------------------------------------------------------
def read_xls(data: bytes) -> Document:
    import xlrd

    from . import XLS
    from .ole2 import ole_kind, EXCEL, ENCRYPTED
    kind = ole_kind(data)
    if kind == ENCRYPTED:
        raise ReadError("xls_encrypted", "the workbook is encrypted and needs a password")
    if kind != EXCEL:
        raise ReadError("xls_unreadable", f"{XLS_WHAT} cannot be read: it is truncated or damaged")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=io.StringIO(), ignore_workbook_corruption=False)
    except Exception as e:  # xlrd raises XLRDError, CompDocError, struct.error, IndexError … on damage
        if "encrypted" in str(e).lower():  # a FILEPASS record: a password
            raise ReadError("xls_encrypted", "the workbook is encrypted and needs a password") from None
        raise ReadError("xls_unreadable", f"{XLS_WHAT} cannot be read: {why(e)}") from None
    sheets = []
    try:
        for i in range(min(book.nsheets, MAX_SHEETS)):
            sh = book.sheet_by_index(i)
            sheet = Sheet(sh.name, truncated=sh.nrows > MAX_ROWS or sh.ncols > MAX_COLS)
            for r in range(min(sh.nrows, MAX_ROWS)):
                for c in range(min(sh.ncols, MAX_COLS)):
                    text = _xls_text(book, sh, r, c)
                    if text:
                        sheet.texts[(r, c)] = text
            sheet.merges = [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
            sheets.append(sheet)
            book.unload_sheet(i)
    except Exception as e:
        raise ReadError("xls_unreadable", f"{XLS_WHAT} cannot be read: {why(e)}") from None
    return sheets_document(sheets, XLS, _ole_title(data))


def _xls_text(book: Any, sh: Any, r: int, c: int) -> str:
    import xlrd

    cell = sh.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return value_text(bool(cell.value))
    fmt = "General"
    try:
        fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
    except (IndexError, KeyError, AttributeError):
        pass
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return value_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value_text(cell.value)
    return value_text(cell.value, fmt)


def _ole_title(data: bytes) -> Optional[str]:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            t = ole.get_metadata().title
    except Exception:
        return None
    if isinstance(t, bytes):
        for enc in ("utf-8", "gbk"):
            try:
                return t.decode(enc)
            except UnicodeDecodeError:
                continue
        return None
    return t
