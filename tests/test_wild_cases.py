"""Wrong values found on dev seeds of the wild corpus (make_corpus.py --wild, seeds 13-20), kept in
fixtures/wild_cases/: each document must hold no wrong non-null value anywhere, and the rows that
were wrong must now be right (or null where the truth is null)."""
import json

import pytest

import extractor
from conftest import FIXTURES, input_of

CASES = FIXTURES / "wild_cases"


def _parse(stem: str):
    truth = json.loads((CASES / f"{stem}.truth.json").read_text("utf-8"))
    out = extractor.parse(input_of(CASES / f"{stem}.truth.json")).to_dict()
    return truth, out


def _wrong(truth: dict, out: dict) -> list[str]:
    bad = []
    for t, tb in truth["tables"].items():
        got = out["tables"].get(t, {}).get("values", {})
        for row, cols in tb["values"].items():
            for col, want in cols.items():
                v = got.get(row, {}).get(col)
                if v is not None and (want is None or abs(v - want) > 1e-6):
                    bad.append(f"{t}.{row}.{col}: {v} (truth {want})")
    return bad


@pytest.mark.parametrize("stem", sorted(p.name[:-11] for p in CASES.glob("*.truth.json")))
def test_no_wrong_value(stem):
    truth, out = _parse(stem)
    assert _wrong(truth, out) == []


@pytest.mark.parametrize("stem", ["s17_c000_pdf_fodt_vertical_2021_2023", "s14_c011_pdf_fodt_2019_2019"])
def test_page_break_before_a_row_of_its_own(stem):
    """四、结转下年度继续办理 first on the next page, its zeros printed blank: its empty cells never join
    the numbers of （七）总计 above the page break."""
    truth, out = _parse(stem)
    req = out["tables"]["requests"]["values"]
    assert req["carried_forward"] == truth["tables"]["requests"]["values"]["carried_forward"]
    assert req["total_processed"] == truth["tables"]["requests"]["values"]["total_processed"]
    assert req["carried_forward"]["natural_person"] != req["total_processed"]["natural_person"]


def test_cell_per_line_label_with_a_typo_and_a_slash_blank():
    """「2、其他法律行政止公开」 is found (the 2 is its ordinal, not a cell of the row before), the row above keeps
    its / blank in place, and a label's cell running past the template's label (…逾期不补正、行政机关不再处理
    其政府信息公开申请 |) ends at its separator."""
    truth, out = _parse("s17_c014_text_cellline_2021_2022")
    req = out["tables"]["requests"]["values"]
    assert req["denied.state_secret"] == {"natural_person": 11, "commercial": 0, "research": 0, "social_welfare": 1,
                                          "legal_service": 0, "other_org": 0, "total": 12}
    assert req["denied.prohibited_by_law"]["total"] == 7
    assert req["other.overdue_correction"]["natural_person"] == 6
    assert req["other.overdue_fee"]["total"] == 0


def test_derived_row_over_an_unreadable_cell_stays_null():
    """A stacked cell ('0 0') in 其他处理's first sub-row is left null; so is （六）其他处理 = Σ sub-rows in that
    column (its sum would print the unreadable cell), with an issue; the other columns are summed."""
    truth, out = _parse("s19_c022_html_article_content_2021_2024")
    other = out["tables"]["requests"]["values"]["other"]
    assert other["natural_person"] is None and other["commercial"] == 0 and other["total"] == 0
    assert any(i["code"] == "unreadable_cell_inferable" and "requests.other.natural_person" in i["message"]
               for i in out["issues"])


def test_layout_text_header_left_on_the_page_before():
    """`pdftotext -layout` text whose table 三 header (自然人 … 总计) ends the page before the form feed: the
    columns 自然人 and 总计 are read from it; table 二 headers run on from their captions
    (第二十条第（一）项本年新制作数量) still name their columns; the deliberate break is reported."""
    truth, out = _parse("s18_c038_layout_fodt_vertical_2019_2022_broken")
    for t in ("requests", "proactive_disclosure", "review_litigation"):
        assert out["tables"][t]["values"] == truth["tables"][t]["values"], t
    failing = {(c["rule"], c.get("column")) for c in out["checks"] if c["ok"] is False}
    assert failing == {("requests.balance", "commercial"), ("requests.balance", "total")}


def test_layout_numbers_wider_than_their_cells_by_order():
    """Layout text whose wide numbers drift under the next header (「2,265 1,083 67 26   183  119 3,743」):
    every value line prints the seven columns, so the k-th value is the k-th column; the positions
    alone ran two columns together and left the table null."""
    truth, out = _parse("s13_c038_layout_docx_2021_2023")
    req = out["tables"]["requests"]["values"]
    assert req["new_received"] == {"natural_person": 2265, "commercial": 1083, "research": 67, "social_welfare": 26,
                                   "legal_service": 183, "other_org": 119, "total": 3743}
    assert req["total_processed"]["total"] == 3672 and req["carried_forward"]["natural_person"] == 86
    right = sum(1 for r, cols in truth["tables"]["requests"]["values"].items() for c, v in cols.items()
                if v is not None and req[r][c] == v)
    assert right >= 150  # of 161: the stacked cell's rows stay null


def test_table_two_header_over_two_lines_with_notes():
    """Table 二 headers wrapped over two lines, a spanned 处理决定数量（指2020年 over two grid columns and notes
    after the labels (上一年项目数量（指2019年事项数）): each value under the column its header names."""
    truth, out = _parse("s13_c028_layout_fodt_vertical_2019_2020")
    assert out["tables"]["proactive_disclosure"]["values"] == truth["tables"]["proactive_disclosure"]["values"]


def test_table_two_rows_the_grid_missed_from_the_text():
    """Table 二 rows whose labels wrap round a page break are not in the grid: read from the section's text,
    which reads the grid's other cells alike; 行政许可 on its own value line keeps its values though the
    next row's wrapped label starts right under it (其他对外管理服务事项（指行政 ⏎ values ⏎ 许可以外…）)."""
    truth, out = _parse("s20_c012_layout_fodt_2019_2020")
    pro = out["tables"]["proactive_disclosure"]["values"]
    assert pro["normative_docs"] == {"new_made": 7, "new_published": 7, "total_published": 251}
    assert pro["other_admin_services"] == {"prev_items": 284, "change": 19, "decisions": 760}
    assert pro["admin_license"] == {"prev_items": 19, "change": -3, "decisions": 0}
    assert any(i["code"] == "rows_from_text" for i in out["issues"])


def test_single_other_row_keeps_its_sub_rows_null_even_with_blanks():
    """gov-2021 printing gov-2019's single （六）其他处理 row (2 0 0 0 0 0 2), where a merged label or a page left
    blank cells in the sub-rows' places: the sub-rows stay null (never proven 0 from `other`), `other` keeps
    its printed values."""
    from extractor import checks
    from extractor.mapping import complete
    from extractor.result import TableResult, Value
    from extractor.templates import load
    template = load("gov-2021")
    tdef = template.tables["requests"]
    tr = TableResult(found=True)
    cols = [c.key for c in tdef.columns]
    tr.cells["other"] = {c: Value(2 if c in ("natural_person", "total") else 0, "cell", raw="0") for c in cols}
    for sub in ("other.overdue_correction", "other.overdue_fee", "other.other"):
        tr.cells[sub] = {c: Value(None, "blank_cell", raw="") for c in cols[1:5]}
    tables = {k: complete(tr if k == "requests" else TableResult(), template.tables[k]) for k in template.tables}
    checks.solve(template, tables)
    req = tables["requests"]
    assert req.get("other", "natural_person").value == 2
    assert all(req.get(s, c).value is None for s in ("other.overdue_correction", "other.overdue_fee", "other.other")
               for c in cols)


def test_absent_sub_rows_are_not_inferred():
    """A gov-2021 table whose （六）其他处理 row and sub-rows are all unread (the gov-2019 form, its single row
    lost): the column identity still gives other = 0, its sub-rows stay null (issue item 6), never 0."""
    from extractor import checks
    from extractor.mapping import complete
    from extractor.result import TableResult, Value
    from extractor.templates import load
    template = load("gov-2021")
    ident = next(i for i in template.identities if i.rule == "requests.total_processed")
    tr = TableResult(found=True)
    tr.cells["total_processed"] = {"commercial": Value(5, "cell", raw="5")}
    for r in ident.rhs:
        if r != "other":
            tr.cells[r] = {"commercial": Value(5 if r == "granted" else 0, "cell", raw="0")}
    tables = {k: complete(tr if k == "requests" else TableResult(), template.tables[k]) for k in template.tables}
    checks.solve(template, tables)
    req = tables["requests"]
    assert req.get("other", "commercial").value == 0
    assert all(req.get(s, "commercial").value is None
               for s in ("other.overdue_correction", "other.overdue_fee", "other.other"))


def test_table_two_row_never_paired_with_a_header_naming_fewer_columns():
    """规章 printing two numbers under a header that names only 本年废止件数 and 现行有效件数 (本年制发件数 unread):
    which two of the row's three columns they are, nothing says; left null (no pairing by order)."""
    from extractor.mapping import map_tables
    from extractor.model import Cell, Table
    from extractor.templates import load
    cells = [Cell("信息内容", 0, 0), Cell("本年废止件数", 0, 1), Cell("现行有效件数", 0, 2),
             Cell("规章", 1, 0), Cell("2", 1, 1), Cell("0", 1, 2),
             Cell("规范性文件", 2, 0), Cell("40", 2, 1), Cell("56", 2, 2)]
    mapped = map_tables([Table(cells, 3, 3)], load("gov-2021"))
    pro = mapped.tables["proactive_disclosure"]
    assert all(pro.get(r, c) is None or pro.get(r, c).value is None
               for r in ("rules", "normative_docs") for c in ("issued", "repealed", "in_force"))


def test_inferred_row_the_narrative_contradicts_is_left_null():
    """f9101_c013: carried_forward printed one too high (the source breaks requests.balance). Read right, the
    row 一、本年新收… (its label wrapped round its values, above the first value line) has its printed values,
    and the broken identity is reported; the solver must never fill it from the broken identity against the
    text's 收到政府信息公开申请3981件 (tested on the tables with that row emptied)."""
    truth, out = _parse("f9101_c013_layout_fodt_2021_2023_broken")
    req = out["tables"]["requests"]["values"]
    assert req["new_received"] == truth["tables"]["requests"]["values"]["new_received"]
    assert req["new_received"]["total"] == 3981
    failed = {(c["rule"], c.get("column")) for c in out["checks"] if c["ok"] is False}
    assert failed == {("requests.balance", "natural_person"), ("requests.balance", "total")}


def test_solver_withdraws_a_value_the_text_contradicts():
    """The same report with its row 一 unread: balance and row_total pin it to 3982, the text says 3981. Every
    cell solved with it is null and an inference_conflict names the figure."""
    from extractor.checks import solve
    from extractor.pipeline import check_tables, extract, identify, outline, read
    from extractor.readers.protocol import ReadOptions
    from extractor.result import Result, Value
    data = (CASES / "f9101_c013_layout_fodt_2021_2023_broken.txt").read_bytes()
    opts = ReadOptions(name="f.txt")
    result = Result.of_source(None, None)
    found = extract(identify(outline(read(data, opts))), result)
    tables = result.tables
    for col in tables["requests"].cells["new_received"]:
        tables["requests"].cells["new_received"][col] = Value(None, None)
    stated = {f.key: f.value for f in result.narrative_facts if not f.approximate}
    assert stated["requests.new_received.total"] == 3981
    issues = solve(found.identified.template, tables, stated)
    assert all(v.value is None for v in tables["requests"].cells["new_received"].values())
    assert any(i.code == "inference_conflict" and "3982" in i.message and "3981" in i.message for i in issues)
    # without the text's figure the identities alone do fill it (with the value one too high)
    for col in tables["requests"].cells["new_received"]:
        tables["requests"].cells["new_received"][col] = Value(None, None)
    solve(found.identified.template, tables, {})
    assert tables["requests"].cells["new_received"]["total"].value == 3982


@pytest.mark.parametrize("stem", ["f9101_c020_layout_fodt_2021_2023_broken", "f9101_c023_layout_fodt_2021_2024_broken"])
def test_labels_wrapped_over_five_lines(stem):
    """Leaf labels of （六）其他处理 wrapped over five lines beside the group label's fragments: a gap of label lines
    longer than MAX_GAP_LINES keeps one table; a label's rest (开申请（件）, 信息不存在）, 府信息公开申请) stays
    with its row; a fragment as near the next value line as its own starts the next label where its
    label ended on a short line."""
    truth, out = _parse(stem)
    want = truth["tables"]["requests"]["values"]
    got = out["tables"]["requests"]["values"]
    for row in ("other.overdue_correction", "other.overdue_fee", "other.other", "other", "unavailable.needs_creation"):
        assert got[row] == want[row], row
    assert not [i for i in out["issues"] if i["code"] == "unmapped_row"]


def test_item_line_number_under_no_column_is_not_placed():
    """d8202_c035: table 二 printed as plain lines under a header line (规章  2  12, a blank between them): the 2
    stands under 信息内容, the 12 under 本年制发件数. No header places the row; it is never read as issued 12."""
    truth, out = _parse("d8202_c035_layout_fodt_2021_2023")
    assert out["tables"]["proactive_disclosure"]["values"]["rules"] == {"issued": None, "repealed": None, "in_force": None}
    assert any(i["code"] in ("proactive_row_unreadable", "ambiguous_digits") and "rules" in i["message"]
               for i in out["issues"])


def test_row_whose_label_is_lost_is_not_filled():
    """m8402_c032 (make_corpus.py --typos): 其他法律行政法规禁止公开 printed with two typos and a cell holding
    two numbers. The row's label is not found and its numbers cannot be told from the row above: its cells are
    printed but unread, so the identities say what they should be (unreadable_cell_inferable) and never fill
    them (they filled natural_person 0 where the printed cell holds two numbers)."""
    truth, out = _parse("m8402_c032_text_pipe_2021_2023")
    row = out["tables"]["requests"]["values"]["denied.prohibited_by_law"]
    assert all(v is None for v in row.values())
    codes = {(i["code"], i.get("where")) for i in out["issues"]}
    assert ("unreadable_cell_inferable", "requests.denied.prohibited_by_law.research") in codes
    assert any(i["code"] == "row_label_missing" and "prohibited_by_law" in i["message"] for i in out["issues"])


def test_one_number_under_no_header_word_has_no_column():
    """m8402_c036: table 二 as plain lines under a header line; 规中  12 (a typo'd 规章, its blanks printed as
    spaces) prints one number of three, left of every header word: no column is shown, the row stays null.
    The one-column rows below it (行政许 133 under 本年处理决定数量) are still read."""
    truth, out = _parse("m8402_c036_layout_fodt_vertical_2021_2022")
    pro = out["tables"]["proactive_disclosure"]["values"]
    assert pro["rules"] == {"issued": None, "repealed": None, "in_force": None}
    assert pro["admin_license"]["decisions"] == truth["tables"]["proactive_disclosure"]["values"]["admin_license"]["decisions"] == 133
    assert pro["normative_docs"] == truth["tables"]["proactive_disclosure"]["values"]["normative_docs"]
