"""PDF tables without full rules, round 2 (issue 9, items 3-4): mechanisms found on dev seed 4102 of the
wild corpus (make_corpus.py --wild), each on a committed document in fixtures/wild_cases/."""
import json

import extractor
from conftest import FIXTURES, input_of

CASES = FIXTURES / "wild_cases"


def _parse(stem: str):
    truth = json.loads((CASES / f"{stem}.truth.json").read_text("utf-8"))
    out = extractor.parse(input_of(CASES / f"{stem}.truth.json")).to_dict()
    return truth, out


def test_headings_wrapped_round_the_page_break():
    """A three-line table 三 whose header ends page 3 with its column headings cut (商业企 | 科研机 | 社会公 |
    法律服) and whose next page starts with their ends (业 | 构 | 益组织 | 务机构) over the values: the ends
    join their headings, so the four 法人或其他组织 columns are named and read (they were all null)."""
    truth, out = _parse("d4102_c028_pdf_fodt_2019_2022")
    got, want = out["tables"]["requests"]["values"], truth["tables"]["requests"]["values"]
    for row in ("new_received", "granted", "denied.prohibited_by_law", "total_processed", "carried_forward"):
        assert got[row] == want[row], row
    assert got["new_received"]["commercial"] == 1489 and got["new_received"]["legal_service"] == 448


def test_rules_only_table_of_parts_in_other_columns():
    """Table 二 ruled only horizontally, all five 第二十条 parts in one run of rules: the parts (八)/(九)
    print their numbers in other columns than (一)/(五)/(六), so the region is cut before their header and
    each part gets its own columns (the union of all had given every row six value cells:
    proactive_row_unreadable, 18 cells null); a heading wrapped over lines (本年增/减（指2020年增 ⏎
    加或减少的事项数…）) names no column of its own."""
    truth, out = _parse("d4102_c022_pdf_fodt_2019_2020_broken")
    got, want = out["tables"]["proactive_disclosure"]["values"], truth["tables"]["proactive_disclosure"]["values"]
    for row in ("rules", "normative_docs", "admin_license", "other_admin_services", "admin_penalty", "admin_coercion"):
        assert got[row] == want[row], row
    assert got["admin_coercion"] == {"prev_items": 279, "change": 5, "decisions": 24111}
    unreadable = [i["message"] for i in out["issues"] if i["code"] == "proactive_row_unreadable"]
    assert not any(f"row {row}:" in m for m in unreadable for row in ("rules", "admin_license", "admin_coercion"))


def _chars(text: str, x0: float, top: float, size: float = 9.0) -> list[dict]:
    return [{"text": ch, "x0": x0 + k * size, "x1": x0 + (k + 1) * size, "top": top, "bottom": top + size,
             "size": size} for k, ch in enumerate(text)]


def test_blank_column_named_by_a_header_row_whose_first_heading_is_wider_than_its_numbers():
    """Table 二 (六) ruled only horizontally (as dev seed 4100 c018 prints it at the top of a page), its
    处理决定数量 cells all blank: the header row 上一年项目数量 | 本年增/减 | 处理决定数量 names three columns though
    its first heading starts left of the numbers under it, so the blank column is one of its own (-8 had
    spanned 本年增/减 and it, leaving 行政处罚 and 行政强制 null)."""
    from extractor.readers.pdf.rules import RuleRegion, value_columns
    head = _chars("信息内容", 121, 90) + _chars("上一年项目数量", 225, 90) + _chars("本年增/减", 342, 90) \
        + _chars("处理决定数量", 441, 90)
    rows = [("行政处罚", "396", "-8", 106), ("行政强制", "21", "55", 122)]
    chars = head + [c for lab, a, b, y in rows for c in _chars(lab, 121, y) + _chars(a, 250, y, 5) + _chars(b, 358, y, 5)]
    words = [{"text": t, "x0": x, "x1": x + n * s, "top": y, "bottom": y + s}
             for t, x, y, n, s in [("信息内容", 121, 90, 4, 9), ("上一年项目数量", 225, 90, 7, 9), ("本年增/减", 342, 90, 5, 9),
                                   ("处理决定数量", 441, 90, 6, 9)]
             + [(v, x, y, len(v), 5) for _, a, b, y in rows for v, x in ((a, 250), (b, 358))]]
    region = RuleRegion([87.0, 103.0, 119.0, 135.0], [[(74.0, 522.0)]] * 4, chars, words, 74.0, 522.0, 9.0)
    cols = value_columns(region)
    assert len(cols) == 3
    assert cols[2][0] >= 441 and cols[2][1] <= 495  # the blank column under 处理决定数量

def test_stacked_cell_whose_upper_line_starts_the_page():
    """A borderless table 三 continued on a new page whose first row holds a stacked cell 「1⏎4」 centred on
    its label (（4）无正当理由大量反复申请): the upper line 1 stands above every label of the page. It was read as
    a header line, and the lower 4 alone as the cell's value (wrong: truth 1), which also broke the identities
    (inference_conflict, 53 cells null). The upper line is a stray of the first row like the lower one: the
    cell holds two numbers and is null; the rest of the table reads."""
    truth, out = _parse("d4103_c033_pdf_fodt_vertical_2021_2022")
    got, want = out["tables"]["requests"]["values"], truth["tables"]["requests"]["values"]
    assert got["not_processed.mass_repeated"]["natural_person"] is None
    assert not any(i["code"] == "inference_conflict" for i in out["issues"])
    for row in ("denied.prohibited_by_law", "not_processed.publication", "not_processed.confirm_or_reissue",
                "other", "total_processed", "carried_forward"):
        assert got[row] == want[row], row


def test_wrapped_label_centred_round_its_values_ends_there():
    """Three-line table 三 whose leaf labels print no ordinal and wrap round their values (要求行政机关确认或
    重新出具 ⏎ 11 2 1 14 ⏎ 已获取信息): the next label's first line (申请人无正当理由逾期不补, nearer the next
    value line) had been chained onto it, one label over two value lines (ambiguous_row, 15 cells null). A
    label surrounding a value line ends where a fragment stands nearer another value line."""
    truth, out = _parse("d4103_c013_pdf_fodt_2021_2021")
    got, want = out["tables"]["requests"]["values"], truth["tables"]["requests"]["values"]
    for row in ("not_processed.confirm_or_reissue", "other.overdue_correction", "other.overdue_fee", "other"):
        assert got[row] == want[row], row
    assert got["not_processed.confirm_or_reissue"]["natural_person"] == 11
    assert not any(i["code"] == "ambiguous_row" for i in out["issues"])


def test_stacked_cell_line_beside_a_group_label_fragment():
    """Three-line table 三: a stacked cell 「674⏎0」 centred on its row (5．属于三类内部事务信息) prints its upper
    line beside 公开, the second fragment of the vertically centred group label （三）不予公开. That line had
    become a value row of its own (two rows for one: ambiguous_row, the whole row null); overlapping the row's
    line, which prints more values, it is the grown cell's line: the cell holds two numbers (null), the
    row's other cells read."""
    truth, out = _parse("d4103_c031_pdf_fodt_2019_2020")
    got, want = out["tables"]["requests"]["values"], truth["tables"]["requests"]["values"]
    row = got["denied.internal_affairs"]
    assert row["natural_person"] is None
    assert {k: v for k, v in row.items() if k != "natural_person"} == \
        {k: v for k, v in want["denied.internal_affairs"].items() if k != "natural_person"}
    assert row["total"] == 684
    assert any(i["code"] == "two_numbers_in_cell" and "internal_affairs" in i["message"] for i in out["issues"])
