"""Issue 16: the fast path falls back page by page. A page PDFium cannot read faithfully is read by
pdfplumber (opened only then), the others stay PDFium's, and the Document is the one pdfplumber gives
for the whole PDF; `source.pdf_paths` names the pages each path read. Also the VKana fonts of
LibreOffice's PDFs (PDFium's box wider than the declared advance), now read by the fast path."""
from __future__ import annotations

import importlib
import io
import json

import pdfplumber
import pytest

from extractor.model import ReadError
from extractor.pipeline import parse_bytes
from extractor.readers.pdf import pdfium, read_pdf

from conftest import FIXTURES
from test_pdf_fast_path import document_differences
from test_pdf_speed import fast_pages
import turned_pdfs

STAMP = FIXTURES / "pdf" / "gov2021_county_stamp.pdf"  # the county report, a stamp set at an angle on page 3
COUNTY = FIXTURES / "pdf" / "gov2021_county.pdf"
IMAGES = FIXTURES / "pdf" / "gov2021_tables_as_images.pdf"  # NotoSerifCJKjp-*-VKana fonts
reader = importlib.import_module("extractor.readers.pdf")  # (the package's `pdf` attribute is the format module)


def refuse_page(monkeypatch, refused: int, reason: str = "refused by the test") -> None:
    """The fast path refuses page `refused` (as it would a page it cannot read faithfully)."""
    real = pdfium.read_page_objects

    def refuse(page, no, doctop, descents, *streams):
        if no == refused:
            raise pdfium.Unreadable(f"page {no}: {reason}")
        return real(page, no, doctop, descents, *streams)

    monkeypatch.setattr(pdfium, "read_page_objects", refuse)


def test_the_stamped_page_is_pdfiums():
    """Page 3's stamp (text set at 20°) is read by the fast path now (tests/test_pdf_turned_text.py)."""
    doc = read_pdf(STAMP.read_bytes(), ocr=False)
    paths = doc.source.pdf_paths
    assert (paths.pdfium, paths.pdfplumber, paths.reasons) == ([1, 2, 3], [], [])


def test_only_the_refused_page_is_pdfplumbers(monkeypatch):
    refuse_page(monkeypatch, 3)
    paths = read_pdf(STAMP.read_bytes(), ocr=False).source.pdf_paths
    assert (paths.pdfium, paths.pdfplumber) == ([1, 2], [3])
    assert paths.reasons == ["page 3: refused by the test"]


@pytest.mark.parametrize("path", [STAMP, COUNTY, IMAGES], ids=lambda p: p.name)
@pytest.mark.parametrize("refused", [None, 3])
def test_mixed_and_fast_documents_are_pdfplumbers(path, refused, monkeypatch):
    if refused:
        refuse_page(monkeypatch, refused)
    data = path.read_bytes()
    assert document_differences(read_pdf(data, ocr=False), read_pdf(data, ocr=False, engine="pdfplumber")) == []


@pytest.mark.parametrize("refused", [None, 3])
def test_the_mixed_record_is_the_pdfplumber_record(refused, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_OCR", "0")
    if refused:
        refuse_page(monkeypatch, refused)
    data = STAMP.read_bytes()
    mixed = parse_bytes(data, STAMP.name).to_dict()
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", "pdfplumber")
    slow = parse_bytes(data, STAMP.name).to_dict()
    assert mixed["source"].pop("pdf_paths") == ({"pdfium": [1, 2], "pdfplumber": [3],
                                                 "reasons": ["page 3: refused by the test"]} if refused else
                                                {"pdfium": [1, 2, 3], "pdfplumber": [], "reasons": []})
    assert slow["source"].pop("pdf_paths") == {"pdfium": [], "pdfplumber": [1, 2, 3],
                                               "reasons": ["the pdfplumber engine was chosen"]}
    assert mixed == slow


@pytest.mark.parametrize("refused", [None, 3])
def test_the_table_cut_by_the_page_break_joins_across_the_paths(refused, monkeypatch):
    """Table 三 starts on page 2 (PDFium's) and ends on page 3 (pdfplumber's where refused, else
    PDFium's with the stamp): one table, its values the county report's, each from the page that
    prints it."""
    if refused:
        refuse_page(monkeypatch, refused)
    r = parse_bytes(STAMP.read_bytes(), STAMP.name)  # in this process (extractor.parse may run in a child)
    assert r.to_dict()["source"]["pdf_paths"]["pdfplumber"] == ([3] if refused else [])
    want = json.loads((FIXTURES / "pdf" / "gov2021_county_stamp.expected.json").read_text("utf-8"))
    got = r.to_dict()["tables"]["requests"]
    assert got["values"] == want["tables"]["requests"]["values"]  # every cell
    assert got["provenance"]["denied.state_secret"]["natural_person"]["page"] == 2
    assert got["provenance"]["total_processed"]["total"]["page"] == 3
    assert r.tables["requests"].get("total_processed", "total").value == 285
    assert r.tables["review_litigation"].get("review", "total").value == 15  # table 四, on page 3
    assert not [c for c in r.checks if c.ok is False]


def test_a_middle_page_handed_over_keeps_the_pages_after_it(monkeypatch):
    """Page 2 of the county report refused by the fast path (as a shading or an unmapped char would):
    pages 1 and 3 stay PDFium's, page 3's positions follow pdfplumber's page 2 (doctop), and table 三
    runs from pdfplumber's page 2 into PDFium's page 3 as in pdfplumber's whole reading."""
    real = pdfium.read_page_objects

    def refuse_page_2(page, no, doctop, descents, *streams):
        if no == 2:
            raise pdfium.Unreadable("page 2: a shading object")
        return real(page, no, doctop, descents, *streams)

    monkeypatch.setattr(pdfium, "read_page_objects", refuse_page_2)
    data = COUNTY.read_bytes()
    doc = pdfium.open_document(data)
    try:
        pages = pdfium.read_document(doc, data, fallback=True)
    finally:
        doc.close()
    assert [type(p).__name__ for p in pages] == ["PositionedPage", "Unread", "PositionedPage"]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert pages[2].initial_doctop == pytest.approx(pdf.pages[2].initial_doctop, abs=1e-3)
        assert pages[1].height == pytest.approx(float(pdf.pages[1].height), abs=1e-3)
    mixed = read_pdf(data, ocr=False)
    assert (mixed.source.pdf_paths.pdfium, mixed.source.pdf_paths.pdfplumber) == ([1, 3], [2])
    assert document_differences(mixed, read_pdf(data, ocr=False, engine="pdfplumber")) == []


def test_pdfplumber_is_opened_only_for_a_page_it_reads(monkeypatch):
    opened = []
    real = reader.open_pdf
    monkeypatch.setattr(reader, "open_pdf", lambda data: opened.append(len(data)) or real(data))
    assert read_pdf(STAMP.read_bytes(), ocr=False).source.pdf_paths.pdfplumber == []
    assert opened == []
    refuse_page(monkeypatch, 3)
    assert read_pdf(STAMP.read_bytes(), ocr=False).source.pdf_paths.pdfplumber == [3]
    assert opened == [STAMP.stat().st_size]  # once, for page 3


def test_pdfium_alone_names_the_page_it_cannot_read():
    """A page turned by /Rotate (page 2 of 3) is still the fast path's refusal."""
    data = turned_pdfs.document([turned_pdfs.upright_lines()] * 3, rotated_pages=frozenset({2}))
    with pytest.raises(ReadError) as e:
        read_pdf(data, ocr=False, engine="pdfium")
    assert e.value.code == "pdf_unreadable" and "page 2 is rotated, cropped or offset" in e.value.message
    paths = read_pdf(data, ocr=False).source.pdf_paths
    assert (paths.pdfium, paths.pdfplumber) == ([1, 3], [2])


def test_vkana_glyphs_inked_beyond_their_advance():
    """LibreOffice's NotoSerifCJKjp-Bold-VKana: PDFium's loose box of 总 is 1047 thousandths wide (its
    ink), the font declares 1000; the char is 14 pt wide at 14 pt, as pdfplumber's (every char of the
    PDF against pdfplumber's: test_pdf_fast_path.test_fast_path_chars_and_rules_are_pdfplumbers)."""
    pages = fast_pages(IMAGES.read_bytes())
    zong = next(c for c in pages[1].chars if c["text"] == "总")
    assert zong["fontname"].endswith("NotoSerifCJKjp-Bold-VKana") and zong["x1"] - zong["x0"] == pytest.approx(14.0)
    assert zong["x0"] == pytest.approx(84.8, abs=1e-3)


def test_a_width_the_font_does_not_declare_is_still_refused():
    """The glyph's own width answers only where it is one the font declares and inside PDFium's box."""
    metrics = pdfium.FontMetrics(0.0, {0, 1000})
    assert pdfium.advance(14.658, 14.0, metrics) is None  # 1047: off every declared width by more than 2%
    assert pdfium.advance(14.0, 14.0, metrics) == 14.0
    with pytest.raises(pdfium.Unreadable, match="not one the font declares"):
        pdfium.glyph_advance(0, "总", 14.658, 0.5, 14.0, metrics, "F", 2)  # the box does not start at the origin


REFUSED = [COUNTY, FIXTURES / "wild" / "c010_pdf_docx_2021_2021.pdf", FIXTURES / "wild" / "c016_pdf_fodt_2021_2023.pdf",
           FIXTURES / "wild_cases" / "d4100_c018_pdf_fodt_2019_2020.pdf"]


@pytest.mark.parametrize("path", REFUSED, ids=lambda p: p.name)
def test_any_one_page_handed_over_gives_pdfplumbers_document(path, monkeypatch):
    """Every page in turn refused by the fast path: the Document is still pdfplumber's whole reading
    (Word and Writer PDFs; tables cut by page breaks, lone spaces in empty cells in d4100_c018)."""
    real = pdfium.read_page_objects
    refused = []

    def refuse(page, no, doctop, descents, *streams):
        if no == refused[-1]:
            raise pdfium.Unreadable(f"page {no}: refused by the test")
        return real(page, no, doctop, descents, *streams)

    monkeypatch.setattr(pdfium, "read_page_objects", refuse)
    data = path.read_bytes()
    slow = read_pdf(data, ocr=False, engine="pdfplumber")
    for no in range(1, slow.source.pages + 1):
        refused.append(no)
        mixed = read_pdf(data, ocr=False)
        assert mixed.source.pdf_paths.pdfplumber == [no]
        assert document_differences(mixed, slow) == [], no
