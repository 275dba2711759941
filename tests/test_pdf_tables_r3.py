"""PDF tables without full rules, round 3 (issue 9, items 3-4): mechanisms found on the retired held-back
sets 5000-5002 and dev seed 7101 of the wild corpus (make_corpus.py --wild), each on a committed document
in fixtures/wild_cases/ (h5000_* … from those sets), values from their truth files."""
import json

import extractor
from conftest import FIXTURES, input_of

CASES = FIXTURES / "wild_cases"


def _parse(stem: str):
    truth = json.loads((CASES / f"{stem}.truth.json").read_text("utf-8"))
    out = extractor.parse(input_of(CASES / f"{stem}.truth.json")).to_dict()
    return truth, out


def test_three_line_header_names_columns_no_full_line_prints():
    """A three-line table 三 whose blanks are printed empty: the lines printing the most values (5) leave
    商业企业 and 法律服务机构 empty, so the columns by order (the k-th value in the k-th column) had 5 columns
    for 7 headings; the piece on the next page then had no column header (no_column_header, 68 cells
    null). The header names two columns clear of every value: the columns come from positions."""
    truth, out = _parse("h5001_c028_pdf_fodt_vertical_2021_2022")
    got, want = out["tables"]["requests"]["values"], truth["tables"]["requests"]["values"]
    assert got == want
    assert got["new_received"] == {"natural_person": 10, "commercial": 0, "research": 0, "social_welfare": 0,
                                   "legal_service": 0, "other_org": 1, "total": 11}
    assert got["other.overdue_fee"]["natural_person"] == 2
    assert not any(i["code"] == "no_column_header" for i in out["issues"])
