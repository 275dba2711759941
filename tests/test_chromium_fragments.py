"""Ruled tables cut by Chromium's page breaks (`chromium --headless --print-to-pdf` of a report page):
the rows reaching a break are drawn on both pages with no rule closing them (readers/pdf/fragments.py
closes them; tables.join_at_break joins their cells). Documents in fixtures/chromium/: dev seed 4100's
c036 printed on Letter pages, and its c022 printed on A5 with other margins (truth beside each)."""
import json
import unicodedata

from extractor.model import Cell, Provenance, Table
from extractor.readers.pdf import read_pdf
from extractor.readers.pdf.elements import PageTable
from extractor.readers.pdf.fragments import page_cuts
from extractor.readers.pdf.tables import join_at_break, merge_continued_tables

import extractor
from conftest import FIXTURES

CASES = FIXTURES / "chromium"
LETTER = "d4100_c036_chromium_letter_2021_2023"
A5 = "d4100_c022_chromium_a5_2021_2022"


def _parse(stem: str):
    truth = json.loads((CASES / f"{stem}.truth.json").read_text("utf-8"))
    return truth, extractor.parse(CASES / f"{stem}.pdf").to_dict()


def _tables(stem: str) -> list[Table]:
    doc = read_pdf((CASES / f"{stem}.pdf").read_bytes(), ocr=False)
    return [b.table for b in doc.blocks if b.table is not None]


def _texts(t: Table) -> list[str]:
    """The cells' texts, Chromium's Kangxi radicals (⽆ for 无) folded as normalisation folds them."""
    return [unicodedata.normalize("NFKC", c.text) for c in t.cells]


def test_header_row_left_on_the_page_before_joins_its_table():
    """Table 三's first header row (the corner | 申请人情况) ends page 2, the rest of the header starts page 3
    with no rule above it (法人或其他组织 was a text line, the corner cell half a box): one table, the corner
    one cell over three header rows, and every cell of the three tables read (171 of 207 were null)."""
    truth, out = _parse(LETTER)
    for name in ("proactive_disclosure", "requests", "review_litigation"):
        assert out["tables"][name]["values"] == truth["tables"][name]["values"], name
    requests = next(t for t in _tables(LETTER) if "申请人情况" in _texts(t))
    corner = next(c for c in requests.cells if c.row == 0 and c.col == 0)
    assert (corner.rowspan, corner.colspan) == (3, 3)
    assert requests.n_rows == 28 and {"自然人", "法人或其他组织", "商业企业", "总计"} <= set(_texts(requests))
    assert not any(i["code"] in ("unnamed_column", "no_column_header", "review_header_unreadable")
                   for i in out["issues"])


def test_heading_cut_by_the_break_is_one_heading():
    """Table 四's second header row is cut between pages 4 and 5 (结果 | 纠正, 尚未 | 审结, each half in its
    box): the halves are one heading, so the header reads (its 15 values were null: review_header_unreadable)."""
    review = next(t for t in _tables(LETTER) if "行政复议" in _texts(t))
    assert review.n_cols == 15 and {"结果纠正", "尚未审结", "其他结果"} <= set(_texts(review))
    assert "结果" not in _texts(review) and "纠正" not in _texts(review)


def test_row_split_at_the_break_is_one_row():
    """On A5 pages, rows of table 三 are cut with their label on both pages (4.无正当理 ⏎ page ⏎ 由大量反复申请,
    2.申请人逾期未按收费通知要求缴纳费 ⏎ page ⏎ 用、行政机关…): each is one row, its label's two parts one text."""
    truth, out = _parse(A5)
    assert out["tables"]["requests"]["values"] == truth["tables"]["requests"]["values"]
    assert out["tables"]["requests"]["values"]["not_processed.mass_repeated"]["total"] == 1
    labels = [t for table in _tables(A5) for t in _texts(table) if t.startswith(("4.无正当理", "2.申请人逾"))]
    assert labels == ["4.无正当理由大量反复申请", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"]
    unmapped = [i["message"] for i in out["issues"] if i["code"] in ("unmapped_row", "ambiguous_row")]
    assert not any("无正当理" in m or "逾期未按" in m or "⽆正当理" in m for m in unmapped)
    # (5.属于三类内 ⏎ page ⏎ 部事务信息 stays two rows: the next page prints the rest of the table as a second
    # HTML table of other column widths below it, the one grid of both numbers standing across each other)
    assert unmapped == ["table 三 row '5.属于三类内' matches no template row"]


def test_text_running_past_the_page_box_stays_in_its_cell():
    """The header ending page 4 of the A5 print sets 自然人 one character a line; its last line (人) is
    drawn below where the rulings stop. The cut is still one (its rulings drawn on to the text), and the
    heading is whole."""
    requests = next(t for t in _tables(A5) if "申请人情况" in _texts(t))
    assert "自然人" in _texts(requests)


class _Page:
    def __init__(self, chars: list[dict], height: float = 1000.0):
        self.chars, self.height = chars, height


def _v(x: float, top: float, bottom: float) -> dict:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "orientation": "v"}


def _h(x0: float, x1: float, y: float) -> dict:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "orientation": "h"}


def _char(text: str, x: float, top: float) -> dict:
    return {"text": text, "x0": x, "x1": x + 10, "top": top, "bottom": top + 10}


def test_a_table_followed_by_text_is_no_cut():
    """Rulings stopping with no rule under them are a page end only where nothing but the page margin's
    furniture follows: text below them (a table with its last rule missing) keeps the page as it was."""
    edges = [_v(100, 500, 700), _v(300, 500, 700), _h(100, 300, 500)]
    assert page_cuts(_Page([_char("二", 150, 650)]), edges).bottom  # the page ends with the open row
    assert not page_cuts(_Page([_char("二", 150, 650), _char("五", 110, 720)]), edges).bottom
    assert page_cuts(_Page([_char("二", 150, 650), _char("3", 400, 960)]), edges).bottom  # a page number
    assert page_cuts(_Page([_char("二", 150, 650), _char("人", 150, 702)]), edges).bottom.pop().reach == 713
    closed = edges + [_h(100, 300, 700)]
    assert not page_cuts(_Page([_char("二", 150, 650)]), closed).bottom
    assert not page_cuts(_Page([_char("二", 150, 650)]), edges[:2]).bottom  # a frame's sides, no table


def _cell(text: str, row: int, col: int, page: int, y: float, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, row, col, rowspan, colspan, Provenance(page=page, bbox=(col * 100.0, y, (col + colspan) * 100.0, y + 20)))


def _key(c: Cell) -> tuple:
    return (c.prov.page, c.prov.bbox)


def test_open_cells_join_only_where_their_columns_continue():
    """An open cell ending one page joins the open cell starting the next in the same columns. Where one
    with text has none below it (the parts are ruled differently at the break), nothing is joined by
    position: join_at_break gives None and the merge falls back to the rules of a ruled break."""
    upper = Table([_cell("1、申请人无正当", 0, 0, 1, 700), _cell("", 0, 1, 1, 700)], 1, 2)
    lower = Table([_cell("理由逾期不补正", 0, 0, 2, 50), _cell("7", 0, 1, 2, 50), _cell("二、上年结转", 1, 0, 2, 70),
                   _cell("0", 1, 1, 2, 70)], 2, 2)
    ob = frozenset(_key(c) for c in upper.cells)
    ot = frozenset(_key(c) for c in lower.cells if c.row == 0)
    joined, _ = join_at_break(upper, lower, ob, ot, frozenset())
    assert joined.n_rows == 2 and [c.text for c in joined.cells if c.row == 0] == ["1、申请人无正当理由逾期不补正", "7"]
    assert next(c for c in joined.cells if c.text == "7").prov.page == 2  # the value's own page and box
    wide = Table([_cell("理由逾期不补正", 0, 0, 2, 50, colspan=2)], 1, 2)  # other columns below the break
    assert join_at_break(upper, wide, ob, frozenset(_key(c) for c in wide.cells), frozenset()) is None
    a = PageTable(upper, 1, 700, [0.0, 100.0, 200.0], (0, 700, 200, 720), open_bottom=ob)
    b = PageTable(wide, 2, 50, [0.0, 200.0], (0, 50, 200, 70), open_top=frozenset(_key(c) for c in wide.cells))
    [merged] = merge_continued_tables([a, b])
    assert merged.table.n_rows == 2  # appended as before, nothing joined by guess


def test_parts_whose_numbers_cross_columns_stay_two_tables():
    """A table and its continuation printed as a second HTML table of other column widths (三、本年度办理结果
    （续）) meet at the break: their numbers stand across each other's columns, so they are not one grid."""
    upper = Table([_cell("甲", 0, 0, 1, 700), _cell("5", 0, 1, 1, 700, colspan=2)], 1, 3)
    lower = Table([_cell("", 0, 0, 2, 50), _cell("3", 0, 2, 2, 50)], 1, 3)
    a = PageTable(upper, 1, 700, [0.0, 100.0, 200.0, 300.0], (0, 700, 300, 720),
                  open_bottom=frozenset({_key(upper.cells[0])}))
    b = PageTable(lower, 2, 50, [0.0, 100.0, 200.0, 300.0], (0, 50, 300, 70),
                  open_top=frozenset({_key(lower.cells[0])}))
    assert len(merge_continued_tables([a, b])) == 2
