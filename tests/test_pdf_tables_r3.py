"""PDF tables without full rules, round 3 (issue 9, items 3-4): mechanisms found on the retired held-back
sets 5000-5002 and dev seed 7101 of the wild corpus (make_corpus.py --wild), each on a committed document
in fixtures/wild_cases/ (h5000_* … from those sets), values from their truth files."""
from test_pdf_tables_r2 import CASES, _parse  # noqa: F401  (the wild case and its truth, parsed)


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


def _review(stem: str):
    truth, out = _parse(stem)
    return truth["tables"]["review_litigation"]["values"], out


def test_table_four_header_whose_top_levels_end_the_page_before():
    """Borderless table 四 (LibreOffice from DOCX) whose header's top levels (行政复议 | 行政诉讼, then 结果维持…总计 |
    未经复议直接起诉 | 复议后起诉) end a page as plain text, its lower levels and its one value line (blanks printed
    无) on the next page: the table was lost (table_missing, 15 cells null). The header is joined across the
    page break and the table read from the whole header."""
    want, out = _review("d7101_c008_pdf_docx_2021_2024")
    got = out["tables"]["review_litigation"]["values"]
    assert got == want
    assert got["review"]["pending"] == 28 and got["litigation_after_review"] == {
        "upheld": 22, "corrected": 8, "other": 0, "pending": 27, "total": 57}
    assert not any(i["code"] == "table_missing" for i in out["issues"])
    prov = out["tables"]["review_litigation"]["provenance"]["litigation_after_review"]["upheld"]
    assert prov["from"] == "cell" and prov["page"] == 5


def test_three_line_table_four_cut_below_its_first_header_line():
    """The same cut in a three-line table 四 (the rule above its header ends one page, the rule below it and
    the end rule are on the next) with blanks printed empty (12 numbers for 15 cells): the columns come from
    the joined header, so each number keeps its place (the values had been one run: ambiguous_row)."""
    want, out = _review("h5000_c010_pdf_fodt_2021_2024")
    got = out["tables"]["review_litigation"]["values"]
    assert got == want
    assert got["review"] == {"upheld": 0, "corrected": 1, "other": 1, "pending": 0, "total": 2}
    assert not any(i["code"] in ("ambiguous_row", "review_header_unreadable") for i in out["issues"])


def test_table_four_cut_with_empty_blanks_borderless():
    """Borderless table 四 cut the same way, only 9 of its 15 cells printed (zeros, the rest empty): every
    cell read, the blanks proven 0 by the identities."""
    want, out = _review("h5001_c015_pdf_fodt_2021_2023")
    assert out["tables"]["review_litigation"]["values"] == want


def test_table_three_header_cut_and_a_stacked_cell_under_the_joined_header():
    """Table 三 whose header's top (申请人情况 | 自然人 法人或其他组织) ends a page: joined, the 自然人 column is named
    (it was unnamed, its values only inferred). A stacked cell 「0⏎146」 round the row (5)要求行政机关确认或重新出具…
    whose other numbers stand on one line between the two (its label wrapped round them): the upper line is the
    cell's first line, not a row of its own (two rows had read as (5), 7 cells null); the cell holds two
    numbers and is null, the row's other cells are read."""
    truth, out = _parse("h5001_c016_pdf_fodt_2019_2020")
    got, want = out["tables"]["requests"]["values"], truth["tables"]["requests"]["values"]
    row = got["not_processed.confirm_or_reissue"]
    assert row["natural_person"] is None
    assert {k: v for k, v in row.items() if k != "natural_person"} == {
        k: v for k, v in want["not_processed.confirm_or_reissue"].items() if k != "natural_person"}
    assert got["new_received"]["natural_person"] == 11180
    assert out["tables"]["requests"]["provenance"]["new_received"]["natural_person"]["from"] == "cell"
    assert any(i["code"] == "two_numbers_in_cell" and "confirm_or_reissue.natural_person" in i["message"]
               for i in out["issues"])


def test_labels_wrapped_over_many_lines_keep_one_table_and_centre_on_their_row():
    """A LibreOffice PDF with narrow labels (dev seed 4111): between the rows 申请人无正当理由逾期不补正… and
    申请人逾期未按收费通知要求缴纳费用… stand six lines of labels only (wrapped tails, （六）其他, 处理): lines left of
    the values are no gap between two value lines, so table 三 stays one table (it was cut in two, the second
    piece without header). The fee row's label, centred on its value line, takes its last line 府信息公开申请
    though that stands nearer the next row (其他 0 0 0 6 0 0 6, a label of its own)."""
    from extractor.readers.pdf import read_pdf
    doc = read_pdf((CASES / "s4111_c018_pdf_fodt_narrow_2021_2021.pdf").read_bytes())
    tables = [b.table for b in doc.blocks if b.kind == "table" and "申请人逾期未按" in b.table.text()]
    assert len(tables) == 1 and "本年新收政府信息公开申请数量" in tables[0].text()
    labels = [c.text for c in tables[0].cells if c.col == 0]
    assert "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in labels and "其他" in labels
    truth, out = _parse("s4111_c018_pdf_fodt_narrow_2021_2021")
    got, want = out["tables"]["requests"]["values"], truth["tables"]["requests"]["values"]
    assert got["other.overdue_fee"] == want["other.overdue_fee"] and got["other.other"] == want["other.other"]


def test_digits_inside_a_heading_note_name_no_column():
    """Table 二 ruled only horizontally, its headings with notes wrapped over lines (处理决定数量（指2020年 ⏎ 办件量）):
    the note's 2020 and 年, set apart from （指 by their narrower glyphs, stood clear of every value column and were
    taken for two blank columns of their own, so rows printed 3 values for 5 columns (proactive_row_unreadable,
    10 cells null). A run inside an unclosed bracket belongs to the run before it."""
    truth, out = _parse("h5001_c035_pdf_fodt_2019_2020")
    got, want = out["tables"]["proactive_disclosure"]["values"], truth["tables"]["proactive_disclosure"]["values"]
    for row in ("normative_docs", "admin_license", "other_admin_services", "admin_penalty", "admin_coercion"):
        assert got[row] == want[row], row
    assert got["admin_license"] == {"prev_items": 151, "change": 8, "decisions": 871}
    unreadable = [i["message"] for i in out["issues"] if i["code"] == "proactive_row_unreadable"]
    assert not any(f"row {row}:" in m for m in unreadable for row in ("admin_license", "admin_penalty"))


def test_a_label_already_centred_on_its_row_takes_no_further_line():
    """Layout text (own seed 7201): 要求行政机关确认或重新出具 ⏎ values ⏎ 已获取信息 is centred on its value line; the next
    row's first line 申请人无正当理由逾期不补 (no ordinal) touches it but belongs to the row below: a label takes a
    line nearer another row only where that centres it (it had taken it, and the two 其他处理 rows were null)."""
    truth, out = _parse("s7201_c010_layout_fodt_2021_2022")
    got, want = out["tables"]["requests"]["values"], truth["tables"]["requests"]["values"]
    for row in ("not_processed.confirm_or_reissue", "other.overdue_correction", "other.other"):
        assert got[row] == want[row], row
    assert got["other.overdue_correction"]["natural_person"] == 855


def test_first_row_label_starting_above_its_values_is_no_header():
    """Layout text (own seed 7401, a copy of make_corpus.py drawing layout documents only) whose first row prints
    its label round its values: 一、本年新收政府信息公开申请数量 ⏎ 36 21 4 8 6 16 91 ⏎ （件）. The label's first line
    was read as the header's last line, the row (labelled （件）) was not mapped, and the solver inferred its
    cells from the balance identity — which this document misprints (carried_forward one too high): 37 and 92,
    wrong values that looked right. The row's lines are its label: the printed 36 and 91 are read."""
    truth, out = _parse("s7401_c009_layout_fodt_2021_2022_broken")
    got = out["tables"]["requests"]["values"]
    assert got["new_received"] == truth["tables"]["requests"]["values"]["new_received"]
    assert got["new_received"]["natural_person"] == 36 and got["new_received"]["total"] == 91
    assert out["tables"]["requests"]["provenance"]["new_received"]["natural_person"]["from"] == "cell"
