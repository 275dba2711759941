"""Spreadsheets (fixtures/sheets/, made by scripts/make_office_fixtures.py: openpyxl and LibreOffice calc)
and what hostile workbooks become."""
import io
import json
import zipfile

import openpyxl
import pytest

import extractor
from extractor.readers import XLS, XLSX, sniff
from extractor.readers.sheets import read_xls, read_xlsx, value_text, MAX_ROWS
from conftest import FIXTURES, cells

SHEETS = FIXTURES / "sheets"


def values(out: dict) -> dict:
    return {k: t["values"] for k, t in out["tables"].items()}


def expected(stem: str) -> dict:
    return {k: t["values"] for k, t in json.loads((SHEETS / f"{stem}.expected.json").read_text("utf-8"))["tables"].items()}


def test_sniffed_by_content():
    assert sniff((SHEETS / "gov2021_county.xlsx").read_bytes(), "x.bin") == XLSX
    et = (SHEETS / "gov2019_gbk_meta.et").read_bytes()
    assert sniff(et, "stats.et") == sniff(et) == XLS


@pytest.mark.parametrize("name,reader,fee_at", [("gov2021_county.xlsx", read_xlsx, "统计表!B16"),
                                                ("gov2021_county_by_sheet.xls", read_xls, "主动公开!B17")])
def test_titles_and_captions_are_paragraphs(name, reader, fee_at):  # merged cells: tests/test_office_readers.py
    doc = reader((SHEETS / name).read_bytes())
    assert doc.blocks[0].kind == "paragraph" and doc.blocks[0].text == "青山县人民政府2023年政府信息公开工作年度报告"
    assert any(b.kind == "paragraph" and b.text == "二、主动公开政府信息情况" for b in doc.blocks)
    fee = next(c for t in doc.tables() for c in t.cells if c.text == "20.30")  # as the 0.00 format shows it
    assert fee.prov.path == fee_at


@pytest.mark.parametrize("name,stem", [("gov2021_county.xlsx", "gov2021_county"),
                                       ("gov2021_county_by_sheet.xls", "gov2021_county_by_sheet"),
                                       ("gov2019_gbk_meta.et", "gov2019_gbk_meta")])
def test_every_cell_and_meta(name, stem):
    out = extractor.parse(SHEETS / name).to_dict()
    assert values(out) == expected(stem)
    want = json.loads((SHEETS / f"{stem}.expected.json").read_text("utf-8"))["report"]
    assert {k: out["report"][k] for k in want} == want
    assert not [c for c in out["checks"] if c["ok"] is False]
    assert len(list(cells(out["tables"]))) > 150


def test_values_as_displayed():
    assert value_text(20.3, "0.00") == "20.30"
    assert value_text(3119.0, "General") == "3119"
    assert value_text(0.125, "0.0%") == "12.5%"
    assert value_text(1234.0, "#,##0") == "1234"
    assert value_text(0.1 + 0.2, "General") == "0.3"
    assert value_text(None) == ""


def _xlsx(ws_fill) -> bytes:
    wb = openpyxl.Workbook()
    ws_fill(wb.active)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))
    return out.getvalue()


def _error(data: bytes) -> str:
    out = extractor.parse(data).to_dict()
    assert out["report"] is None and out["issues"][0]["severity"] == "error"
    assert "\n" not in out["issues"][0]["message"]
    return out["issues"][0]["code"]


def test_truncated_and_damaged_workbooks(tmp_path):
    xlsx = (SHEETS / "gov2021_county.xlsx").read_bytes()
    assert _error(xlsx[: len(xlsx) // 2]) == "xlsx_unreadable"
    xls = (SHEETS / "gov2021_county_by_sheet.xls").read_bytes()
    assert _error(xls[:-600]) == "xls_unreadable"  # its stream names are still in the bytes
    (tmp_path / "stats.et").write_bytes(xls[:3000])  # cut before them: the name decides
    out = extractor.parse(tmp_path / "stats.et").to_dict()
    assert out["issues"][0]["code"] == "xls_unreadable" and out["report"] is None
    broken = _rezip(xlsx, lambda n, d: d[:-40] if n.startswith("xl/worksheets/") else d)
    assert _error(broken) == "xlsx_unreadable"


def test_entity_bomb_in_a_sheet_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    data = _rezip((SHEETS / "gov2021_county.xlsx").read_bytes(),
                  lambda n, d: bomb + d.replace(b"<t>", b"<t>&d;", 1) if n == "xl/worksheets/sheet1.xml" else d)
    assert _error(data) == "xlsx_unreadable"


def test_zip_bomb_is_refused_before_inflating():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO((SHEETS / "gov2021_county.xlsx").read_bytes())) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr("xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros, 20 KB packed
    code = _error(out.getvalue())
    assert code == "xlsx_unreadable"


def test_huge_sheet_is_cut_with_a_warning():
    def fill(ws):
        ws["A1"] = "青山县人民政府2023年政府信息公开工作年度报告"
        ws.cell(MAX_ROWS + 500, 3, 7)
        ws.cell(5, 16000, 1)
    doc = read_xlsx(_xlsx(fill))
    assert doc.warned("sheet_truncated")
    assert all(t.n_rows <= MAX_ROWS for t in doc.tables())


def test_formula_without_saved_value_is_not_a_number():
    def fill(ws):
        ws["A1"], ws["B1"], ws["C1"] = 1, 2, "=A1+B1"
    doc = read_xlsx(_xlsx(fill))
    assert doc.warned("formula_not_computed")
    assert [c.text for c in doc.tables()[0].cells] == ["1", "2", "=A1+B1"]


def test_empty_workbook():
    assert _error(_xlsx(lambda ws: None)) == "empty_input"


def test_legacy_statistics_sheet_alone_gives_the_pages_figures():
    out = extractor.parse(SHEETS / "putian_style_2012_stats.xls").to_dict()
    assert (out["report"]["template"], out["report"]["year"], out["report"]["agency"]) == ("legacy", 2012, "青山县人民政府")
    want = json.loads((FIXTURES / "legacy" / "putian_style_2012.expected.json").read_text("utf-8"))["legacy_facts"]
    keys = ("fact", "value", "unit", "cumulative_value")
    table = [{k: f.get(k) for k in keys} for f in want if f["source"] == "stats_table"]
    got = [{k: f.get(k) for k in keys} for f in out["legacy_facts"] if f["source"] == "stats_table"]
    assert got == table and len(table) == 17
    assert not [c for c in out["checks"] if c["ok"] is False]


def test_a_sheet_of_no_report_is_not_one():
    def fill(ws):
        ws["A1"], ws["B1"], ws["A2"], ws["B2"] = "品名", "数量", "苹果", 3
    assert _error(_xlsx(fill)) == "not_an_annual_report"


def test_merged_ranges_that_claim_the_whole_sheet_are_refused():
    good = (SHEETS / "gov2021_county.xlsx").read_bytes()
    huge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    data = _rezip(good, lambda n, d: d.replace(b"<mergeCells", huge + b"<mergeCellsX", 1).replace(b"mergeCellsX", b"mergeCells")
                  if n == "xl/worksheets/sheet1.xml" else d)
    assert "merges" in (out := extractor.parse(data).to_dict())["issues"][0]["message"] and out["report"] is None


def test_overlapping_merged_ranges_cost_a_bounded_time():
    from extractor.readers.sheets import Sheet, sheet_blocks
    sheet = Sheet("s", texts={(0, 0): "x", (1999, 99): "y"}, merges=[(0, 1999, 0, 99)] * 4000 + [(5, 1999, 5, 99)] * 1000)
    t = __import__("time").perf_counter()
    blocks = sheet_blocks(sheet)
    assert __import__("time").perf_counter() - t < 5 and sheet.truncated
    assert blocks[0].table.cells[0].rowspan == 2000
