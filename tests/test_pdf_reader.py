"""PDF reader: the real Huai'an report and the LibreOffice-made fixtures in fixtures/pdf/."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

import pytest

from extractor.model import Cell, Document, Provenance, ReadError, Table
from extractor.readers.pdf import clean_cell_text, merge_tables, read_pdf
from conftest import REAL

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "pdf"
HUAIAN = REAL / "huaian_2024.pdf"

needs_huaian = pytest.mark.skipif(not HUAIAN.exists(), reason="shared real fixture not available")

REQUEST_ROWS = [
    "new_received", "carried_over", "granted", "partially_granted",
    *(f"denied.{k}" for k in ["state_secret", "prohibited_by_law", "three_safety_one_stability",
                               "third_party_rights", "internal_affairs", "process_info",
                               "enforcement_case", "administrative_query"]),
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear_after_correction",
    *(f"not_processed.{k}" for k in ["petition_complaint", "repeated", "publication", "mass_repeated",
                                      "confirm_or_reissue"]),
    "other.overdue_correction", "other.overdue_fee", "other.other", "total_processed", "carried_forward",
]
REQUEST_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]


@pytest.fixture(scope="module")
def huaian() -> Document:
    return read_pdf(HUAIAN.read_bytes())


@pytest.fixture(scope="module")
def county() -> Document:
    return read_pdf((FIXTURES / "gov2021_county.pdf").read_bytes())


@pytest.fixture(scope="module")
def county_expected() -> dict:
    return json.loads((FIXTURES / "gov2021_county.expected.json").read_text(encoding="utf-8"))


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == "paragraph"]


def table_with(doc: Document, text: str) -> Table:
    found = [t for t in doc.tables() if any(c.text.startswith(text) for c in t.cells)]
    assert len(found) == 1, f"expected one table holding {text!r}, got {len(found)}"
    return found[0]


def cell_starting(table: Table, text: str) -> Cell:
    return next(c for c in table.cells if c.text.startswith(text))


def row_numbers(table: Table, row: int) -> list[Optional[int]]:
    grid = table.grid()
    out = []
    for k, c in enumerate(grid[row]):
        if c is not None and c.col == k and re.fullmatch(r"\d+", c.text):
            out.append(int(c.text))
    return out


def check_requests_table(t: Table) -> None:
    """Spans of the gov-2021 table 三 frame (28 rows × 10 columns)."""
    assert (t.n_rows, t.n_cols) == (28, 10)
    label = cell_starting(t, "三、")
    assert label.text == "三、本年度办理结果"
    assert (label.row, label.col, label.rowspan, label.colspan) == (5, 0, 22, 1)
    for text, row, span in [("（三）不予公开", 7, 8), ("（四）无法提供", 15, 3),
                            ("（五）不予处理", 18, 5), ("（六）其他处理", 23, 3)]:
        c = cell_starting(t, text[:3])
        assert (c.text, c.row, c.col, c.rowspan) == (text, row, 1, span)
    grid = t.grid()
    assert all(grid[r][0] is label for r in range(5, 27))
    header = cell_starting(t, "（本列数据的勾稽关系为")
    assert (header.rowspan, header.colspan) == (3, 3)
    assert cell_starting(t, "四、结转").colspan == 3


# --- the real Huai'an report -----------------------------------------------------------------
@needs_huaian
def test_huaian_requests_table_is_one_merged_table(huaian: Document) -> None:
    t = table_with(huaian, "一、本年新收政府信息公开申请数量")
    assert t.prov.page == 4
    assert {c.prov.page for c in t.cells} == {4, 5}
    check_requests_table(t)
    grid = t.grid()
    unavailable = cell_starting(t, "（四）")
    assert unavailable.text == "（四）无法提供"
    for r, item in zip(range(15, 18), ["1.本机关不掌握", "2.没有现成信息", "3.补正后"]):
        assert grid[r][1] is unavailable
        assert grid[r][2] is not None and grid[r][2].text.startswith(item)
    assert row_numbers(t, 3) == [3001, 53, 0, 0, 61, 4, 3119]
    assert row_numbers(t, 27) == [103, 0, 0, 0, 0, 0, 103]


@needs_huaian
def test_huaian_cell_text_and_provenance(huaian: Document) -> None:
    t = table_with(huaian, "一、本年新收政府信息公开申请数量")
    texts = {c.text for c in t.cells}
    assert {"商业企业", "科研机构", "社会公益组织", "法律服务机构"} <= texts
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in texts
    assert "5.要求行政机关确认或重新出具已获取信息" in texts
    for c in t.cells:
        assert c.prov.page in (4, 5) and c.prov.bbox is not None


@needs_huaian
def test_huaian_review_table(huaian: Document) -> None:
    t = table_with(huaian, "行政复议")
    assert t.n_cols == 15
    assert row_numbers(t, t.n_rows - 1) == [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
    review = cell_starting(t, "行政复议")
    assert (review.row, review.col, review.colspan) == (0, 0, 5)


@needs_huaian
def test_huaian_proactive_table_pieces(huaian: Document) -> None:
    t = table_with(huaian, "规章")
    texts = [c.text for c in t.cells]
    assert "447228" in texts and "第二十条第（一）项" in texts
    # the page-4 continuation holds 行政处罚 … 行政事业性收费, merged or not
    rest = [x for x in huaian.tables() for c in x.cells if c.text == "96171.6"]
    assert len(rest) == 1


@needs_huaian
def test_huaian_paragraphs(huaian: Document) -> None:
    paras = paragraphs(huaian)
    assert "一、总体情况" in paras
    assert "二、主动公开政府信息情况" in paras
    assert any("全市共受理政府信息公开申请" in p for p in paras)
    assert any(p.startswith("（一）主动公开情况。") for p in paras)
    # the page-1 bordered text box comes out as text, not as a one-column table
    assert any("本报告由淮安市人民政府办公室" in p for p in paras)
    assert all(t.n_cols > 1 for t in huaian.tables())
    # a paragraph continues across the page break
    assert any("“建设‘四最’一流营商环境" in p for p in paras)


@needs_huaian
def test_huaian_no_page_furniture_or_table_text_in_paragraphs(huaian: Document) -> None:
    paras = paragraphs(huaian)
    assert not any(re.search(r"-\s*\d+\s*-", p) for p in paras)
    assert not any("本年新收政府信息公开申请数量" in p or "447228" in p for p in paras)


@needs_huaian
def test_huaian_reading_order_and_source(huaian: Document) -> None:
    kinds = [(b.kind, b.text if b.kind == "paragraph" else b.table) for b in huaian.blocks]
    idx = {text: i for i, (k, text) in enumerate(kinds) if k == "paragraph"}
    requests = table_with(huaian, "一、本年新收")
    t_idx = next(i for i, (k, t) in enumerate(kinds) if t is requests)
    assert idx["三、收到和处理政府信息公开申请情况"] < t_idx < idx["四、政府信息公开行政复议、行政诉讼情况"]
    assert huaian.source.pages == 6
    assert huaian.source.title is None  # WPS metadata is mojibake
    assert huaian.warnings == []


# --- LibreOffice-made fixture ----------------------------------------------------------------
def test_fixture_requests_table_merged_across_page_break(county: Document, county_expected: dict) -> None:
    t = table_with(county, "一、本年新收政府信息公开申请数量")
    pages = {c.prov.page for c in t.cells}
    assert len(pages) == 2, "fixture table 三 must cross a page break"
    check_requests_table(t)
    expected = county_expected["tables"]["requests"]["values"]
    for r, key in enumerate(REQUEST_ROWS, start=3):
        assert row_numbers(t, r) == [expected[key][c] for c in REQUEST_COLS], key


def test_fixture_review_and_proactive_tables(county: Document, county_expected: dict) -> None:
    t = table_with(county, "行政复议")
    rv = county_expected["tables"]["review_litigation"]["values"]
    cols = ["upheld", "corrected", "other", "pending", "total"]
    want = [rv[g][c] for g in ("review", "litigation_direct", "litigation_after_review") for c in cols]
    assert (t.n_rows, t.n_cols) == (4, 15)
    assert row_numbers(t, 3) == want
    p = table_with(county, "规章")
    pd = county_expected["tables"]["proactive_disclosure"]["values"]
    assert row_numbers(p, 2) == [pd["rules"]["issued"], pd["rules"]["repealed"], pd["rules"]["in_force"]]
    assert cell_starting(p, "第二十条第（一）项").colspan == 4


def test_fixture_text(county: Document, county_expected: dict) -> None:
    paras = paragraphs(county)
    for heading in ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]:
        assert heading in paras
    assert any(p.startswith("本报告由青山县人民政府办公室") and p.endswith("联系。") for p in paras)
    assert not any(re.search(r"-\s*\d+\s*-", p) for p in paras)
    assert county.source.title == county_expected["report"]["title"]
    assert county.source.pages == 3


def test_rules_only_table_fallback(county_expected: dict) -> None:
    doc = read_pdf((FIXTURES / "rules_only_table.pdf").read_bytes())
    t = table_with(doc, "一、本年新收政府信息公开申请数量")
    expected = county_expected["tables"]["requests"]["values"]
    assert t.n_cols == 8
    assert row_numbers(t, 1) == [expected["new_received"][c] for c in REQUEST_COLS]
    assert row_numbers(t, t.n_rows - 1) == [expected["carried_forward"][c] for c in REQUEST_COLS]
    assert "以上为本年度依申请公开情况。" in paragraphs(doc)


def test_rules_only_full_report(county_expected: dict) -> None:
    """Tables 二/三/四 ruled with horizontal lines only: grids with merged labels, 三 across a page break,
    the headings between the tables kept as paragraphs."""
    doc = read_pdf((FIXTURES / "gov2021_rules_only.pdf").read_bytes())
    paras = paragraphs(doc)
    for heading in ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]:
        assert heading in paras
    assert len(doc.tables()) == 3
    t = table_with(doc, "一、本年新收政府信息公开申请数量")
    assert len({c.prov.page for c in t.cells}) == 2, "fixture table 三 must cross a page break"
    check_requests_table(t)
    expected = county_expected["tables"]["requests"]["values"]
    for r, key in enumerate(REQUEST_ROWS, start=3):
        assert row_numbers(t, r) == [expected[key][c] for c in REQUEST_COLS], key
    r4 = table_with(doc, "行政复议")
    rv = county_expected["tables"]["review_litigation"]["values"]
    # one value line under a three-level header: read from word positions (a row-label column, empty)
    assert (r4.n_rows, r4.n_cols) == (4, 16) and not any(c.text for c in r4.cells if c.col == 0)
    assert row_numbers(r4, 3) == [rv[g][c] for g in ("review", "litigation_direct", "litigation_after_review")
                                  for c in ("upheld", "corrected", "other", "pending", "total")]
    p = table_with(doc, "规章")
    pd = county_expected["tables"]["proactive_disclosure"]["values"]
    assert (p.n_rows, p.n_cols) == (14, 4)
    assert row_numbers(p, 2) == [pd["rules"]["issued"], pd["rules"]["repealed"], pd["rules"]["in_force"]]
    # a value under a header spanning three columns spans them too
    head = cell_starting(p, "本年处理决定数量")
    value = next(c for c in p.cells if c.row == head.row + 1 and c.col == head.col)
    assert (value.colspan, value.text) == (3, str(pd["admin_license"]["decisions"]))


# --- errors ----------------------------------------------------------------------------------
def test_encrypted_pdf() -> None:
    with pytest.raises(ReadError) as e:
        read_pdf((FIXTURES / "encrypted.pdf").read_bytes())
    assert e.value.code == "pdf_encrypted"


@pytest.mark.parametrize("cut", [0.02, 0.5, 0.99])
def test_truncated_pdf(cut: float) -> None:
    data = (FIXTURES / "gov2021_county.pdf").read_bytes()
    with pytest.raises(ReadError) as e:
        read_pdf(data[: int(len(data) * cut)])
    assert e.value.code == "pdf_unreadable"


def test_garbage_pdf() -> None:
    with pytest.raises(ReadError) as e:
        read_pdf(b"%PDF-1.7\nnot really a pdf")
    assert e.value.code == "pdf_unreadable"


def test_no_text_layer() -> None:
    doc = read_pdf((FIXTURES / "no_text_layer.pdf").read_bytes())
    assert doc.warned("no_text_layer")
    assert doc.blocks == []
    assert doc.source.pages == 1


# --- pure steps ------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, want", [
    ("商业企\n业", "商业企业"),
    ("三、\n本\n年\n度\n办\n理\n结\n果", "三、本年度办理结果"),
    ("第二十条 第（一）项", "第二十条第（一）项"),
    ("3119", "3119"),
    (None, ""),
])
def test_clean_cell_text(raw: Optional[str], want: str) -> None:
    assert clean_cell_text(raw) == want


def _cell(text: str, row: int, col: int, rowspan: int = 1) -> Cell:
    return Cell(text, row, col, rowspan, 1, Provenance(page=1, bbox=(0, 0, 1, 1)))


def test_merge_tables_joins_split_labels() -> None:
    upper = Table([_cell("三、本年度", 0, 0, 2), _cell("（三）不予公开", 0, 1), _cell("1", 0, 2),
                   _cell("（四）无", 1, 1), _cell("2", 1, 2)], n_rows=2, n_cols=3)
    lower = Table([_cell("", 0, 0, 2), _cell("法提供", 0, 1, 2), _cell("3", 0, 2), _cell("4", 1, 2)],
                  n_rows=2, n_cols=3)
    t = merge_tables(upper, lower)
    assert t.n_rows == 4
    assert [(c.text, c.row, c.rowspan) for c in t.cells if c.col == 0] == [("三、本年度", 0, 4)]
    assert cell_starting(t, "（四）").text == "（四）无法提供"
    assert cell_starting(t, "（四）").rowspan == 3
    assert [c.text for c in t.cells if c.col == 2] == ["1", "2", "3", "4"]


def test_merge_tables_keeps_new_labels_apart() -> None:
    upper = Table([_cell("（三）不予公开", 0, 0), _cell("1", 0, 1)], n_rows=1, n_cols=2)
    lower = Table([_cell("（四）无法提供", 0, 0), _cell("2", 0, 1)], n_rows=1, n_cols=2)
    t = merge_tables(upper, lower)
    assert [(c.text, c.row) for c in t.cells if c.col == 0] == [("（三）不予公开", 0), ("（四）无法提供", 1)]


def test_merge_tables_keeps_whole_rows_apart() -> None:
    """A header row ending the page and a complete row starting the next are two rows (corpus c015)."""
    upper = Table([_cell("信息内容", 0, 0), _cell("本年处理决定数量", 0, 1)], n_rows=1, n_cols=2)
    lower = Table([_cell("行政许可", 0, 0), _cell("0", 0, 1)], n_rows=1, n_cols=2)
    t = merge_tables(upper, lower)
    assert [(c.text, c.row) for c in t.cells if c.col == 0] == [("信息内容", 0), ("行政许可", 1)]


def test_tables_printed_as_pictures_are_reported():
    """fixtures/pdf/gov2021_tables_as_images.pdf: LibreOffice PDF whose tables 二/三/四 are pasted pictures."""
    import extractor
    out = extractor.parse(FIXTURES / "gov2021_tables_as_images.pdf", timeout=900).to_dict()  # OCR on a busy machine
    assert [s["key"] for s in out["sections"]] == ["overview", "proactive_disclosure", "requests",
                                                   "review_litigation", "problems", "other"]
    images = {i["where"] for i in out["issues"] if i["code"] == "table_is_image"}
    assert images == {"proactive_disclosure", "requests", "review_litigation"}
    filled = [(t, r, c) for t, tb in out["tables"].items() for r, cols in tb["values"].items()
              for c, v in cols.items() if v is not None]
    assert filled == [("requests", "new_received", "total")]  # 全年共收到政府信息公开申请12件, from the text
