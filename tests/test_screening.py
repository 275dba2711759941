"""Screening (screening.py, the pipeline's `classify` stage): is what was read a disclosure annual report?
A classification returned as a Verdict, never a ReadError; the pipeline makes a rejected verdict an error
record."""
from pathlib import Path

from extractor.model import Block, Document, SourceInfo
from extractor.pipeline import extract, identify, outline, parse_bytes, read
from extractor.readers.protocol import ReadOptions
from extractor.result import ReportInfo, Result, Section, TableResult
from extractor.screening import REPORT, legacy_verdict, not_a_report, verdict

ROOT = Path(__file__).resolve().parents[1]
NO_OCR = ReadOptions(ocr=False)


def _doc(*paragraphs: str, hint=None, title=None) -> Document:
    return Document([Block("paragraph", p) for p in paragraphs], SourceInfo(title=title, agency_hint=hint))


def _result(sections=(), found=False, agency=None) -> Result:
    r = Result.of_source(None, None)
    r.report = ReportInfo(agency=agency)
    r.sections = [Section(k, i + 1, k, "") for i, k in enumerate(sections)]
    r.tables = {"requests": TableResult(found=found)}
    return r


def _extracted(path: Path, options=NO_OCR):
    found = extract(identify(outline(read(path.read_bytes(), options))), Result.of_source(path.name, None))
    return found.identified.text.doc, found.result


def test_a_real_report_is_a_report(real_dir):
    for name in ("huaian_2024.pdf", "pingtan_2024.html"):
        doc, result = _extracted(real_dir / name)
        assert verdict(doc, result, ocr=False) == REPORT
    doc, result = _extracted(real_dir / "pingtan_2016_text.txt")
    assert legacy_verdict(doc, result) == REPORT


def test_a_letter_filed_among_the_reports_is_rejected_as_a_classification():
    doc, result = _extracted(ROOT / "fixtures" / "legacy_corpus" / "L060_nonreport_letter_2013.html")
    v = legacy_verdict(doc, result)
    assert v.rejected and [i.code for i in v.issues] == ["not_an_annual_report"]
    assert v.issues[0].message.startswith("not a disclosure annual report: ")
    out = parse_bytes((ROOT / "fixtures" / "legacy_corpus" / "L060_nonreport_letter_2013.html").read_bytes(),
                      "L060.html", options=NO_OCR).to_dict()
    assert out["report"] is None and [(i["severity"], i["code"]) for i in out["issues"]] == [("error", "not_an_annual_report")]


def test_a_notice_title_is_no_report_whatever_its_sections():
    doc = _doc("关于做好2020年政务公开工作的通知", "一、总体要求")
    v = verdict(doc, _result(sections=("overview", "proactive_disclosure", "requests"), found=True), ocr=False)
    assert v.rejected and v.issues[0].code == "not_an_annual_report" and "通知" in v.issues[0].message


def test_a_report_title_with_few_parts_and_no_table_is_still_a_report():
    doc = _doc("某县2020年政府信息公开工作年度报告", "一、总体情况")
    assert verdict(doc, _result(sections=("overview",)), ocr=False) == REPORT


def test_an_untitled_paper_with_neither_parts_nor_tables_is_rejected():
    doc = _doc("2020年政务公开工作要点", "一、总体要求")
    v = verdict(doc, _result(sections=("overview",)), ocr=False)
    assert v.rejected


def test_another_counties_report_filed_under_this_publisher_is_a_report_with_a_warning():
    doc = _doc("福清市2020年政府信息公开工作年度报告", hint="长乐区人民政府办公室")
    v = verdict(doc, _result(sections=("overview", "proactive_disclosure", "requests"), found=True,
                             agency="福清区人民政府"), ocr=False)
    assert not v.rejected and [(i.severity, i.code) for i in v.issues] == [("warning", "not_an_annual_report")]
    assert "filed under 长乐区人民政府办公室" in v.issues[0].message
    same = _result(sections=("overview", "proactive_disclosure"), found=True, agency="长乐区人民政府")
    assert not_a_report(doc, same) is None  # the publisher's own report


def test_nothing_of_a_report_is_rejected():
    v = verdict(_doc("第一页", "第二页"), _result(), ocr=False)
    assert v.rejected and v.issues[0].message == "no report sections or statistics tables found"
    v = legacy_verdict(_doc("第一页"), _result())
    assert v.rejected and v.issues[0].code == "not_an_annual_report"


def test_a_scan_no_ocr_read_is_rejected_saying_why():
    doc, result = _extracted(ROOT / "fixtures" / "scan" / "gov2021_county_grey.pdf", ReadOptions(ocr=False))
    v = verdict(doc, result, ocr=False)
    assert [(i.severity, i.code) for i in v.issues] == [("warning", "table_is_image"), ("error", "no_text_layer")]
    assert "OCR is off or not installed" in v.issues[1].message
    doc, result = _extracted(ROOT / "fixtures" / "pdf" / "no_text_layer.pdf")
    assert verdict(doc, result, ocr=True).issues[1].message == "the PDF has no text layer and OCR found no text in it"


def test_a_statistics_sheet_alone_is_a_legacy_report_only_when_it_is_a_statistics_table():
    doc, result = _extracted(ROOT / "fixtures" / "sheets" / "putian_style_2012_stats.xls")
    assert not result.sections and any(f.source == "stats_table" for f in result.legacy_facts)
    assert legacy_verdict(doc, result) == REPORT
    from extractor.model import Cell, Table
    sheet = Document([Block("table", table=Table([Cell("姓名", 0, 0), Cell("张三", 1, 0)], 2, 1))])
    assert legacy_verdict(sheet, _result()).rejected
