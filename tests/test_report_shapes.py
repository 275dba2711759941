"""Labels as printed and report shapes of the wild (issue 9, items 5 and 6), on documents kept in
fixtures/wild_cases/shapes_*: made by `make_corpus.py --wild` (features order, items_as_lines, leaf_bare)
or hand-edited from one. Every document also passes test_wild_cases' no-wrong-value check."""
import json

import extractor
from conftest import FIXTURES, input_of
from extractor.sections import find_sections, table_texts

CASES = FIXTURES / "wild_cases"
SIX = ["overview", "proactive_disclosure", "requests", "review_litigation", "problems", "other"]


def _parse(stem: str):
    truth = json.loads((CASES / f"{stem}.truth.json").read_text("utf-8"))
    return truth, extractor.parse(input_of(CASES / f"{stem}.truth.json")).to_dict()


def _codes(out: dict) -> list[str]:
    return [i["code"] for i in out["issues"]]


def test_tables_after_section_six_under_their_own_numbering():
    """一、主动公开… 二、收到和处理… 三、…复议、诉讼 after 六 (with an 附件 line): six sections, not seven, and
    table 二 printed as plain lines instead of a table is read from them."""
    truth, out = _parse("shapes_after_six_items_instead_2021_2024")
    assert truth["features"]["order"] == "after_six" and truth["features"]["items_as_lines"] == "instead"
    assert [s["key"] for s in out["sections"]] == SIX
    assert [s["heading"] for s in out["sections"]] == [s["heading"] for s in truth["sections"]]
    for t in ("proactive_disclosure", "requests", "review_litigation"):
        assert out["tables"][t]["values"] == truth["tables"][t]["values"], t
    pro = out["tables"]["proactive_disclosure"]["values"]
    assert pro["admin_coercion"]["decisions"] == 88 and pro["admin_fees"]["amount"] == 414.98
    assert pro["normative_docs"] == {"issued": 30, "repealed": None, "in_force": 183}  # 行政规范性文件 30 - 183


def test_flattened_tables_inside_section_five():
    """Crawler text (one cell per line) whose three tables stand inside section 五 under 一、二、三: the
    sections are the six, and the tables are rebuilt from the captions' text, every cell right."""
    truth, out = _parse("shapes_in_five_cellline_2019_2024")
    assert truth["features"]["order"] == "in_five"
    assert [s["key"] for s in out["sections"]] == SIX
    for t in ("proactive_disclosure", "requests", "review_litigation"):
        assert out["tables"][t]["values"] == truth["tables"][t]["values"], t
    assert out["tables"]["requests"]["values"]["new_received"]["total"] == 5467


def test_table_texts_only_after_section_four_and_numbered_from_one():
    body = ["一、总体情况", "概述。", "二、主动公开政府信息情况", "详见附表。", "三、收到和处理政府信息公开申请情况",
            "详见附表。", "四、政府信息公开行政复议、行政诉讼情况", "详见附表。", "五、存在的主要问题及改进情况", "无。",
            "六、其他需要报告的事项", "无。", "一、主动公开政府信息情况", "规章 | 0 | 0 | 1 |",
            "二、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量 | 3 |", "三、政府信息公开行政复议、行政诉讼情况", "0 | 0 |"]
    sections, _ = find_sections(body)
    assert [s.key for s in sections] == SIX
    got = table_texts(sections)
    assert got == {"proactive_disclosure": "规章 | 0 | 0 | 1 |",
                   "requests": "一、本年新收政府信息公开申请数量 | 3 |", "review_litigation": "0 | 0 |"}
    assert table_texts(sections[:4]) == {}  # no section after 四: nothing moved


def test_items_as_plain_lines_after_the_table():
    """Table 二 prints its first block as a table and 行政许可 / 行政处罚 / 行政强制 / 行政事业性收费 as plain
    lines after it: those rows come from the lines, the grid's rows from the grid."""
    truth, out = _parse("shapes_after_six_items_after_2021_2024")
    assert truth["features"]["items_as_lines"] == "after"
    pro = out["tables"]["proactive_disclosure"]
    assert pro["values"] == truth["tables"]["proactive_disclosure"]["values"]
    assert pro["provenance"]["admin_penalty"]["decisions"]["raw"].startswith("行政处罚")
    assert "rows_from_text" in _codes(out)


def test_review_row_whose_zeros_are_blank():
    """Table 四 printing `0 | | | | 0 | | | | | 0 …` (fewer than five numbers) is still its value row: the
    printed zeros read, the blanks proven 0 by the group totals."""
    truth, out = _parse("shapes_review_blank_zeros_2019_2020")
    rev = out["tables"]["review_litigation"]
    assert rev["found"] if "found" in rev else True
    assert rev["values"] == truth["tables"]["review_litigation"]["values"]
    assert rev["provenance"]["review"]["upheld"]["from"] == "cell"
    assert rev["provenance"]["review"]["corrected"]["from"] == "blank_cell"
    assert "table_missing" not in _codes(out)


def test_two_rows_read_as_one_template_row_are_null():
    """（二）部分公开 printed with the label （一）予以公开: two rows claim 予以公开, so neither row's numbers are
    placed (which is which, the labels do not say); an issue names it once."""
    truth, out = _parse("shapes_two_rows_one_label_2019_2024")
    req = out["tables"]["requests"]["values"]
    want = truth["tables"]["requests"]["values"]
    for row in ("granted", "partially_granted"):
        assert all(v is None or v == want[row][c] for c, v in req[row].items()), row
    assert req["granted"]["natural_person"] is None and req["granted"]["total"] is None
    assert _codes(out).count("ambiguous_row") == 1
    assert req["denied.state_secret"] == want["denied.state_secret"]  # the other rows untouched


def test_near_label_out_of_template_order_is_null():
    """3.属于国家秘蜜 (a wrong character) under （四）无法提供 nearly matches 属于国家秘密, but stands after rows the
    template puts after it: its numbers are not placed there; the row that matches nothing is listed."""
    truth, out = _parse("shapes_near_label_out_of_order_2019_2024")
    req = out["tables"]["requests"]["values"]
    want = truth["tables"]["requests"]["values"]
    moved = want["unavailable.unclear_after_correction"]
    assert req["denied.state_secret"]["legal_service"] is None and moved["legal_service"] == 34
    assert all(v is None or v == want["denied.state_secret"][c] for c, v in req["denied.state_secret"].items())
    assert all(v is None or v == moved[c] for c, v in req["unavailable.unclear_after_correction"].items())
    codes = _codes(out)
    assert "ambiguous_row" in codes and "unmapped_row" in codes
    assert req["unavailable.not_held"] == want["unavailable.not_held"]


def test_label_spanning_two_value_lines_and_a_wrapped_rest():
    """Layout text where one label cell spans two lines of numbers (（二）部分公开（区分处理的，…）属于国家秘密):
    the first line is 部分公开, the second 属于国家秘密, in the order printed; a label that starts with the
    wrapped note of the row before (（含信息不存在）没有现成信息需要另行制作) is 没有现成信息需要另行制作."""
    truth, out = _parse("shapes_label_over_two_value_lines_2021_2022")
    req = out["tables"]["requests"]["values"]
    want = truth["tables"]["requests"]["values"]
    assert req["partially_granted"] == want["partially_granted"] and req["partially_granted"]["total"] == 2
    assert req["denied.state_secret"] == want["denied.state_secret"]
    assert req["unavailable.needs_creation"] == want["unavailable.needs_creation"]
    assert req["unavailable.needs_creation"]["total"] == 13
    # the wrapped rows further down (确认或重新出具 ⏎ values ⏎ 已获取信息, then 逾期不补正 round its values) may be
    # left null with an issue saying which rows could not be told apart, but no cell is ever a wrong number
    assert all(req[row][col] in (v, None) for row, cols in want.items() for col, v in cols.items())
    lost = [row for row, cols in want.items() if any(req[row][c] is None and v is not None for c, v in cols.items())]
    assert not lost or {"ambiguous_row", "unmapped_row"} & set(_codes(out)), lost
