"""Layout text (`pdftotext -layout` of LibreOffice PDFs, wild corpus dev seed 4100): each number in the
column whose header span it stands under (header_spans.py), so blank cells keep their place.
Fixtures in fixtures/wild_cases/ (s4100_*), values from their truth files."""
import json

import extractor
from conftest import FIXTURES
from extractor.grid import Word
from extractor.header_spans import assign, header_spans

CASES = FIXTURES / "wild_cases"


def _parse(stem: str):
    truth = json.loads((CASES / f"{stem}.truth.json").read_text("utf-8"))
    out = extractor.parse(CASES / f"{stem}.txt").to_dict()
    return truth["tables"], out["tables"]


def test_table_four_with_run_together_header_and_blanks():
    """Table 四's leaf labels print their first lines run together (结果维结果纠其他结尚未审) over wrapped
    tails (持 正 果 结), and three of its fifteen cells are blank: every printed number keeps its column."""
    truth, out = _parse("s4100_c029_layout_fodt_2021_2021")
    got = out["review_litigation"]["values"]
    assert got == truth["review_litigation"]["values"]
    assert got["review"] == {"upheld": 8, "corrected": 0, "other": 3, "pending": 0, "total": 11}
    assert got["litigation_after_review"]["corrected"] == 7
    prov = out["review_litigation"]["provenance"]["review"]["corrected"]
    assert prov["from"] == "blank_cell"  # printed blank, 0 only because the identities prove it


def test_drifting_wide_numbers_and_header_across_a_page_break():
    """The leaf header (商业企/业 …) is on the page after its group labels (申请人情况, 法人或其他组织);
    numbers wider than their cells drift right (「4,296 1,046 76 46」) and rows leave cells blank."""
    truth, out = _parse("s4100_c014_layout_fodt_2019_2019")
    got = out["requests"]["values"]
    assert got == truth["requests"]["values"]
    assert got["new_received"] == {"natural_person": 4296, "commercial": 1046, "research": 76, "social_welfare": 46,
                                   "legal_service": 197, "other_org": 191, "total": 5852}
    assert got["denied.prohibited_by_law"]["commercial"] == 178 and got["denied.prohibited_by_law"]["research"] == 10
    # table 四 with its first cell blank: the header's columns start left of the first printed number
    assert out["review_litigation"]["values"] == truth["review_litigation"]["values"]


def test_a_number_between_two_columns_is_not_placed():
    """A number about as near one column as the next (a line with fewer numbers than columns) gets no column."""
    header = [[Word("自然人", 10, 13, 0, 1), Word("商业企业", 17, 21, 0, 1), Word("科研机构", 25, 29, 0, 1)]]
    cols = header_spans(header, 5).columns
    assert [c.label() for c in cols] == ["自然人", "商业企业", "科研机构"]
    assert assign([Word("5", 11, 12, 1, 2), Word("7", 27, 28, 1, 2)], cols) == [0, 2]
    assert assign([Word("5", 15, 16, 1, 2)], cols) is None


def test_a_stacked_cell_in_delimited_text_costs_only_that_cell():
    """Pipe and one-cell-per-line text keep every cell's place by its separator: a cell printing two
    numbers (「0 0 |」, rows stacked in one cell) is null with an issue, the row's other cells are read."""
    truth, out = _parse("s4101_c035_text_cellline_2021_2023")
    row = out["requests"]["values"]["denied.administrative_query"]
    assert row == {"natural_person": 12, "commercial": None, "research": 0, "social_welfare": 0,
                   "legal_service": 0, "other_org": 0, "total": 12}
    assert row == truth["requests"]["values"]["denied.administrative_query"]
    truth, out = _parse("s4101_c007_text_pipe_2021_2019")
    row = out["requests"]["values"]["partially_granted"]
    assert row["natural_person"] is None and row["commercial"] == 0 and row["total"] == 0
    assert row == truth["requests"]["values"]["partially_granted"]
    issues = extractor.parse(CASES / "s4101_c007_text_pipe_2021_2019.txt").to_dict()["issues"]
    assert any(i["code"] == "two_numbers_in_cell" and "partially_granted.natural_person" in i["message"] for i in issues)


def test_a_cell_of_two_lines_round_its_row_is_two_numbers():
    """「0⏎1」 in 7．属于行政执法案卷's first cell, one line above and one below the row's line: never the 1
    joined to the row alone (it was, against the truth's 0); the cell is null with two_numbers_in_cell and the
    row above keeps its own 8."""
    truth, out = _parse("s7102_c012_layout_fodt_vertical_2021_2023")
    req = out["requests"]["values"]
    assert req["denied.enforcement_case"]["natural_person"] is None
    assert req["denied.enforcement_case"]["commercial"] == 2 and req["denied.enforcement_case"]["total"] == 4
    assert req["denied.process_info"]["natural_person"] == 8 == truth["requests"]["values"]["denied.process_info"]["natural_person"]


def test_a_group_label_fragment_before_a_row_is_no_heading():
    """「三、本           8．属于行政查询事项 0 0 7 6 37 26 76」: the vertical group label's fragment and the
    row's label read together like a section heading (三、…事项), but a line printing values is a table row:
    the table is not cut there, and the row and the one after keep their values."""
    truth, out = _parse("s7104_c006_layout_fodt_2019_2019")
    req = out["requests"]["values"]
    assert req["denied.administrative_query"] == {"natural_person": 0, "commercial": 0, "research": 7,
                                                  "social_welfare": 6, "legal_service": 37, "other_org": 26, "total": 76}
    assert req["unavailable.not_held"]["natural_person"] == 540
    assert req == truth["requests"]["values"]


def test_a_bare_leaf_after_its_repeated_group_label():
    """「（六）其他处理 | 3．其他 |」 (the group label repeated on every row): 其他 of 其他处理 is not the leaf,
    the 3．其他 right after it is; `other` = Σ its sub-rows then reads too."""
    truth, out = _parse("s7102_c027_text_cellline_2021_2023_broken")
    req = out["requests"]["values"]
    assert req["other.other"] == {"natural_person": 0, "commercial": 0, "research": 0, "social_welfare": 0,
                                  "legal_service": 0, "other_org": 0, "total": 0}
    assert req["other"]["other_org"] == 1 and req["other"]["total"] == 1
    assert req["other"] == truth["requests"]["values"]["other"]


def test_right_aligned_numbers_under_centred_headers():
    """Numbers right-aligned in their cells stand right of their header's middle (「29」 of 商业企业 at the
    characters of 商业企's end, nearer 科研机构's middle than a centred reading would allow): a number left of a
    column's middle counts twice as far, so the row reads; a line printing every column reads in order."""
    truth, out = _parse("s7108_c025_layout_fodt_2021_2024")
    req = out["requests"]["values"]
    assert req["carried_over"] == {"natural_person": 0, "commercial": 29, "research": 0, "social_welfare": 0,
                                   "legal_service": 0, "other_org": 0, "total": 29}
    assert req["other.overdue_correction"]["commercial"] == 334 and req["other.overdue_correction"]["research"] == 0
    assert req == truth["requests"]["values"]
