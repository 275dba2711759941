"""PDF tables without full rules (issue 9, items 3 and 4): three-line and borderless tables and
rules-only tables read by word positions. Generated PDFs of the wild corpus (dev seeds 4100/4101,
LibreOffice-made) kept in fixtures/wild_cases/; every value is checked against the document's truth
(test_wild_cases.py checks that no other value is wrong)."""
import json

import pytest

import extractor
from conftest import FIXTURES
from extractor.readers.pdf import read_pdf

CASES = FIXTURES / "wild_cases"
REVIEW = [(g, c) for g in ("review", "litigation_direct", "litigation_after_review")
          for c in ("upheld", "corrected", "other", "pending", "total")]


def _out(stem: str) -> dict:
    return extractor.parse(CASES / f"{stem}.pdf").to_dict()


def _review(out: dict) -> list:
    v = out["tables"]["review_litigation"]["values"]
    return [v[g][c] for g, c in REVIEW]


def _truth(stem: str) -> dict:
    return json.loads((CASES / f"{stem}.truth.json").read_text("utf-8"))


def _review_table(stem: str):
    doc = read_pdf((CASES / f"{stem}.pdf").read_bytes())
    return next(b.table for b in doc.blocks if b.table is not None and "结果维持" in b.table.text())


@pytest.mark.parametrize("stem, values", [
    # three-line: rules above and below the header and at the end; header of three levels in one ruled row
    ("d4101_c022_pdf_fodt_2021_2024", [0, 5, 0, 0, 5, 8, 1, 5, 1, 15, 1, 0, 3, 0, 4]),
    # three-line, header cut by a page break (its upper levels on page 4, the rest and the values on 5)
    ("d4100_c013_pdf_fodt_2019_2019", [0, 0, 1, 2, 3, 2, 2, 0, 0, 4, 0, 0, 1, 0, 1]),
    # three-line, the whole header ending page 4 (a rules-only part), its one value line on page 5
    ("d4101_c027_pdf_fodt_vertical_2021_2022_broken", [0, 0, 0, 0, 0, 1, 1, 0, 2, 4, 0, 0, 0, 1, 1]),
    # rules only: 行政复议 | 行政诉讼 ending page 4, the lower header levels and the values on page 5
    ("d4101_c012_pdf_fodt_vertical_2021_2022", [1, 0, 3, 0, 4, 2, 0, 0, 7, 9, 7, 0, 0, 0, 7]),
    # borderless, blanks printed empty: 9 numbers for 15 cells, each under its own header
    ("d4100_c003_pdf_fodt_vertical_2021_2023", [0, 0, 0, 0, 0, 0, 15, 0, 2, 17, 0, 0, 1, 0, 1]),
])
def test_table_four_from_positions(stem, values):
    out = _out(stem)
    assert _review(out) == values
    truth = _truth(stem)["tables"]["review_litigation"]["values"]
    assert values == [truth[g][c] for g, c in REVIEW]


def test_headings_span_the_columns_they_are_centred_over():
    """行政复议 over the first five columns, 行政诉讼 over the other ten, 未经复议直接起诉 and 复议后起诉 over
    five each — read from where the headings stand, not from the rules (none between the levels)."""
    t = _review_table("d4101_c022_pdf_fodt_2021_2024")
    spans = {(c.text, c.col, c.colspan) for c in t.cells if c.colspan > 1}
    assert {("行政复议", 1, 5), ("行政诉讼", 6, 10), ("未经复议直接起诉", 6, 5), ("复议后起诉", 11, 5)} <= spans
    leaves = [c.text for c in sorted(t.cells, key=lambda c: c.col) if c.row == t.n_rows - 2 and c.col > 0]
    assert leaves == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3


def test_blank_cells_keep_their_place():
    """Empty blanks (nothing printed): each of the 9 numbers is in the column whose header it stands
    under, the 6 blanks are empty cells in their own columns (the first two columns print no number)."""
    t = _review_table("d4100_c003_pdf_fodt_vertical_2021_2023")
    row = [c.text for c in sorted(t.cells, key=lambda c: c.col) if c.row == t.n_rows - 1][1:]
    assert row == ["", "0", "", "", "0", "0", "15", "0", "2", "17", "", "", "1", "", "1"]
    assert not any(c.doubt for c in t.cells if c.row == t.n_rows - 1 and c.text)
