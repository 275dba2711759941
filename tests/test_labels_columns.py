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


# ---- labels with a wrong or missing character (make_corpus.py --wild --typos, seeds 9101/9102) -------------

WILD = __import__("conftest").FIXTURES / "wild_cases"
TYPO_DOCS = ["t9101_c004_pdf_fodt_2021_2021.pdf",  # （六）其他处理 printed single, then 四、结转下度继续办理; 规数
             "t9101_c039_html_trs_2021_2023.html",  # （一）予以公看, 2．复申请, 3．其用: short labels
             "t9101_c024_text_pipe_2021_2022.txt",  # pipe text: （一）予以开, 3．其所
             "t9102_c014_layout_fodt_2021_2024.txt",  # layout text: 其种 after the wrapped rest 其政府信息公开申请
             "t9101_c031_html_trs_2021_2021.html",  # table 二 as lines: 规以 1 0 3 first, before 行政范性文件
             "m9301_c009_pdf_fodt_2021_2020.pdf",  # table 二 items after the table: 政许可 0, 行政罚 230, 行强制 42
             "m9301_c024_text_cellline_2021_2023.txt",  # cell-per-line text: 规进 first, 行政许, 新政处罚
             "t9101_c012_html_trs_2019_2019.html"]  # gov-2019 table 二: 重章 then 规部性文件 (规范性文件, not 规章)


@pytest.mark.parametrize("name", TYPO_DOCS)
def test_table3_rows_with_typos_are_read_by_their_place(name):
    import json
    from extractor.pipeline import parse_bytes
    want = json.loads((WILD / (name.rsplit(".", 1)[0] + ".truth.json")).read_text("utf-8"))
    assert want["features"]["typos"] is True
    out = parse_bytes((WILD / name).read_bytes()).to_dict()
    for tb, r, c, v in cells(want["tables"]):  # table 二's items too (规数, 问政处罚, 行许可: by their place)
        assert out["tables"][tb]["values"][r][c] == v, (tb, r, c)


def test_typo_in_real_page_short_labels(real_dir):
    # the real pingtan page with a character wrong or missing in short labels of table 三
    out = _parse(real_dir, (">（一）予以公开<", ">（一）予以公看<"), (">2.重复申请<", ">2.复申请<"), (">3.其他<", ">3.其用<"))
    want = truth("pingtan_2024")["tables"]
    for tb, r, c, v in cells(want):
        assert out["tables"][tb]["values"][r][c] == v, (tb, r, c)


def test_a_near_label_is_never_a_row_another_label_holds():
    from extractor.labels import near_in_gap
    from extractor.templates import load
    rows = load("gov-2021").tables["requests"].rows
    by = {r.key: r for r in rows}
    gap = (by["other.overdue_fee"], by["other.other"])
    assert near_in_gap("其用", gap).key == "other.other"
    assert near_in_gap("（六）其他处理", gap) is None  # the group label, not the bare leaf 其他
    assert near_in_gap("其政府信息公开申请其种", gap, rows).key == "other.other"  # after a wrapped rest
    assert near_in_gap("予以公看", (by["granted"], by["partially_granted"])).key == "granted"
    assert near_in_gap("公开", (by["granted"], by["partially_granted"])) is None  # as near to both
    items = load("gov-2019").tables["proactive_disclosure"].rows
    assert near_in_gap("规部性文件", items[:2]).key == "normative_docs"  # explains the whole text, 规章 two characters


# ---- identity violations printed in a source (make_corpus.py --wild --typos --misprints, seeds 9301/9302) ----

MISPRINT_DOCS = ["m9301_c024_text_cellline_2021_2023.txt",  # （二）部分公开 自然人 one too high, typos
                 "m9302_c024_text_pipe_2021_2022.txt",  # 行政诉讼 未经复议直接起诉 总计 one too high; &nbsp; blanks, a stacked cell
                 "m9301_c009_pdf_fodt_2021_2020.pdf"]  # 复议后起诉 总计 one too high; 无 blanks, typos


@pytest.mark.parametrize("name", MISPRINT_DOCS)
def test_every_printed_violation_is_reported_and_nothing_else(name):
    import json
    from extractor.pipeline import parse_bytes
    want = json.loads((WILD / (name.rsplit(".", 1)[0] + ".truth.json")).read_text("utf-8"))
    assert want["features"]["misprint"] in ("requests", "review")
    out = parse_bytes((WILD / name).read_bytes()).to_dict()
    failing = [{k: c[k] for k in ("rule", "row", "column", "group") if k in c} for c in out["checks"] if c["ok"] is False]
    assert sorted(map(str, failing)) == sorted(map(str, want["expected_failing_rules"]))
    for tb, r, c, v in cells(want["tables"]):  # the misprinted value kept as printed; no wrong value
        assert out["tables"][tb]["values"][r][c] in (v, None), (tb, r, c)
    for cell in want["inferable"]:  # every blank the identities determine (none through the broken ones)
        v = want["tables"][cell["table"]]["values"][cell["row"]][cell["column"]]
        if v is not None:
            assert out["tables"][cell["table"]]["values"][cell["row"]][cell["column"]] == v, cell


def test_numbers_standing_apart_are_cells_not_digits_run_together():
    # a three-line PDF whose table 三 header is not read: its rows come from the section's text, where numbers
    # stand apart and the &nbsp; blanks are lost. 「属于行政查询事项 1835 0 1835」 was split 18|3|5|0|1|8|35 (its sum
    # fits the row total too) and gave total 35, a wrong number; it is three cells whose blanks were dropped
    import json
    from extractor.pipeline import parse_bytes
    name = "w9502_c066_pdf_fodt_2021_2021"
    want = json.loads((WILD / f"{name}.truth.json").read_text("utf-8"))
    out = parse_bytes((WILD / f"{name}.pdf").read_bytes()).to_dict()
    got = out["tables"]["requests"]["values"]["denied.administrative_query"]
    assert got["total"] == 1835 and got["natural_person"] == 1835
    for tb, r, c, v in cells(want["tables"]):
        assert out["tables"][tb]["values"][r][c] in (v, None), (tb, r, c)
