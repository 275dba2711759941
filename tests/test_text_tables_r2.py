"""Text tables and labels, round 5 (issue 9, items 5-6): flattened text (pipe rows, one cell per line) and
layout text on committed documents in fixtures/wild_cases/ (dev seeds 41xx), values from their truth files."""
import json

import extractor
from conftest import FIXTURES

CASES = FIXTURES / "wild_cases"


def _parse(stem: str, ext: str = "txt"):
    truth = json.loads((CASES / f"{stem}.truth.json").read_text("utf-8"))
    out = extractor.parse(CASES / f"{stem}.{ext}").to_dict()
    return truth["tables"], out


def test_bare_other_leaf_as_a_cell_of_its_own():
    """gov-2021 sub-row labels printed without 1. 2. 3.: the bare 「其他 |」 row under （六）其他处理 is the
    sub-row other.other (not the header's 其他 column, not its group), in pipe and one-cell-per-line text."""
    truth, out = _parse("s4131_c032_text_cellline_2021_2023_broken")
    got = out["tables"]["requests"]["values"]
    assert got["other.other"] == {"natural_person": 0, "commercial": 0, "research": 0, "social_welfare": 0,
                                  "legal_service": 0, "other_org": 1, "total": 1}
    assert got["other"]["other_org"] == 1 and got["other"]["total"] == 1
    assert got == truth["requests"]["values"]
    assert not [i for i in out["issues"] if i["code"] == "row_label_missing"]
    truth, out = _parse("s4115_c023_text_pipe_2021_2021_broken")
    got = out["tables"]["requests"]["values"]
    assert got["other.other"]["total"] == 0 and got["other"]["natural_person"] == 2 and got["other"]["total"] == 3
    assert got == truth["requests"]["values"]


def test_group_label_beside_a_leaf_it_does_not_read_is_not_the_group_row():
    """Layout text with narrow labels (make_corpus label_after_values=middle, dev seed 4118): the line holding
    （六）其他 and 处理 beside 获取信息申请人无正当理由逾期不补正… (the rest of the row before run into the first
    sub-row's label) is the sub-row other.overdue_correction, never the group row （六）其他处理 — read as the
    group, its numbers made other's and other's blanks were solved to wrong zeros."""
    truth, out = _parse("s4118_c018_layout_fodt_2021_2023")
    got, want = out["tables"]["requests"]["values"], truth["requests"]["values"]
    assert got["other.overdue_correction"] == want["other.overdue_correction"] == {
        "natural_person": 4, "commercial": 0, "research": 0, "social_welfare": 0, "legal_service": 2,
        "other_org": 0, "total": 6}
    wrong = [(r, c) for r, row in got.items() for c, v in row.items() if v is not None and v != want[r][c]]
    assert wrong == []
