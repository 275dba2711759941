"""Table 三 labels and columns as printed (issue 9, round 6): a column with no name, labels with a wrong or
missing character, on the real pingtan_2024.html with its header or labels changed."""
import pytest

import extractor
from conftest import cells, truth

RESEARCH_HEAD = '<p style="text-indent: 0em;">科研</p><p style="text-indent: 0em;">机构</p>'


def _parse(real_dir, *edits) -> dict:
    html = (real_dir / "pingtan_2024.html").read_text("utf-8")
    for old, new in edits:
        assert html.count(old) >= 1, old
        html = html.replace(old, new, 1)
    return extractor.parse(html.encode("utf-8")).to_dict()


def _codes(out: dict, code: str) -> list[dict]:
    return [i for i in out["issues"] if i["code"] == code]


@pytest.mark.parametrize("edit,column", [((RESEARCH_HEAD, ""), "research"), ((">自然人<", "><"), "natural_person"),
                                         ((">总计<", "><"), "total")])
def test_column_with_no_name_is_an_issue_and_left_to_the_identities(real_dir, edit, column):
    out = _parse(real_dir, edit)
    got = _codes(out, "unnamed_column")
    assert len(got) == 1 and got[0]["severity"] == "warning" and repr([column]) in got[0]["message"]
    want = truth("pingtan_2024")["tables"]
    req = out["tables"]["requests"]
    for row, cols in want["requests"]["values"].items():
        # the row totals determine the one column the header does not name: solved, never read by position
        assert req["values"][row][column] == cols[column], row
        assert req["provenance"][row][column]["from"] == "inferred", row
    for tb, r, c, v in cells(want):
        assert out["tables"][tb]["values"][r][c] == v, (tb, r, c)
    assert all(c["ok"] is not False for c in out["checks"])


def test_two_columns_with_no_name_keep_only_what_the_identities_decide(real_dir):
    # 自然人 and 总计 both unnamed: a row's total is gone, so 自然人 = 总计 − the others has two unknowns;
    # only the column identities (total_processed = Σ outcomes, the balance) still tie them
    out = _parse(real_dir, (">自然人<", "><"), (">总计<", "><"))
    assert len(_codes(out, "unnamed_column")) == 2
    want = truth("pingtan_2024")["tables"]
    got = out["tables"]["requests"]["values"]
    assert got["granted"]["natural_person"] is None and got["granted"]["total"] is None
    for tb, r, c, v in cells(want):
        assert out["tables"][tb]["values"][r][c] in (v, None), (tb, r, c)  # never a wrong number


def test_subtotal_column_is_listed_not_a_warning(real_dir):
    out = _parse(real_dir, (RESEARCH_HEAD, "小计"))
    assert not _codes(out, "unnamed_column")
    assert len(_codes(out, "unmapped_column")) == 1 and _codes(out, "unmapped_column")[0]["severity"] == "info"
