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


def test_one_label_cell_over_rows_with_misprinted_labels():
    """Layout text whose label cell spans several value lines (dev seed 4118, labels=typo, narrow labels):
    the cell's text is the rows' labels run together, one misprinted (其他法律行政止公开, 信访举报投拆类申请);
    each value line is the k-th label, so no row is read three times and left null."""
    from extractor.labels import split_labels
    from extractor.templates import load
    rows = load("gov-2021").tables["requests"].rows
    got = split_labels('其他法律行政止公开危及"三安全一稳定"保护第三方合法权', rows)
    assert [r.key for r in got] == ["denied.prohibited_by_law", "denied.three_safety_one_stability",
                                    "denied.third_party_rights"]
    assert split_labels('其他法律危及"三安全一稳定"', rows) is None  # too far from any label: no split
    truth, out = _parse("s4118_c021_layout_fodt_vertical_2021_2022")
    got, want = out["tables"]["requests"]["values"], truth["requests"]["values"]
    for key in ("denied.prohibited_by_law", "denied.three_safety_one_stability", "denied.third_party_rights",
                "unavailable.not_held", "unavailable.needs_creation", "not_processed.petition_complaint"):
        assert got[key] == want[key], key
    assert got["unavailable.not_held"]["other_org"] == 1
    wrong = [(r, c) for r, row in got.items() for c, v in row.items() if v is not None and v != want[r][c]]
    assert wrong == []


def test_group_ordinal_before_its_label_head_is_not_the_bare_leaf():
    """A LibreOffice PDF with narrow labels (dev seed 4111, rebuilt from its section text): （六）其他 ⏎
    申请人逾期未按 ⏎ 处理 — the group label cut by a wrap and interleaved with its sub-row's label. The 其他
    after the group's ordinal is no bare leaf (read so, the fee row's numbers went to other.other); the
    leaf is the line 「其他 0 0 0 6 0 0 6」."""
    truth, out = _parse("s4111_c018_pdf_fodt_narrow_2021_2021", "pdf")
    got, want = out["tables"]["requests"]["values"], truth["requests"]["values"]
    assert got["other.other"] == want["other.other"]
    assert got["other.other"]["social_welfare"] == 6 and got["other.other"]["natural_person"] == 0
    assert got["other.overdue_fee"]["natural_person"] == 2382 == want["other.overdue_fee"]["natural_person"]
    wrong = [(r, c) for r, row in got.items() for c, v in row.items() if v is not None and v != want[r][c]]
    assert wrong == []


def test_only_a_group_row_is_unnamed_by_its_group_cell():
    """A group cell naming a row with sub-rows ((六)其他处理 beside a leaf label not read) is not that row; a
    label wrapped over two cells (四、结转下年度 | 继续办理) names a row without sub-rows and stays that row
    (held-back seeds 5000–5002 lost 147 cells of borderless PDFs when both were dropped)."""
    from extractor.mapping import _group_row_named
    from extractor.templates import load

    tdef = load("gov-2021").tables["requests"]
    rows = {r.key: r for r in tdef.rows}
    assert _group_row_named("（六）其他处理", rows["other"], tdef)
    assert not _group_row_named("四、结转下年度", rows["carried_forward"], tdef)
    assert not _group_row_named("（六）其他", rows["other"], tdef)
