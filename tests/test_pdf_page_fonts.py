"""Issue 16: a Type3 font or a CMap that may be vertical refuses only the pages that use it (their
resources, or those of a form XObject they draw), not the whole PDF: those pages are pdfplumber's, the
others PDFium's, and the Document is pdfplumber's whole reading. Since round 9 a Type3 font in the
page's own resources no longer refuses it: its chars are pdfminer's LTChars of the page's content
stream (readers/pdf/dropped.py), the Document still pdfplumber's whole reading. PDFs written for the
test (tests/turned_pdfs.py)."""
from __future__ import annotations

import pytest

from extractor.model import ReadError
from extractor.pipeline import parse_bytes
from extractor.readers.pdf import pdfium, read_pdf

from test_pdf_fast_path import document_differences
import turned_pdfs as T

TYPE3 = "a Type3 font (glyphs drawn as paths; pdfminer maps their codes)"


def paths(data: bytes) -> tuple[list[int], list[int], list[str]]:
    p = read_pdf(data, ocr=False).source.pdf_paths
    return p.pdfium, p.pdfplumber, p.reasons


def same_as_pdfplumber(data: bytes) -> list[str]:
    return document_differences(read_pdf(data, ocr=False), read_pdf(data, ocr=False, engine="pdfplumber"))


@pytest.mark.parametrize("page", [1, 2, 3])
def test_a_type3_font_on_one_page(page):
    """(round 9) the page is read on the fast path, its chars from its content stream."""
    data = T.document(T.font_pages(3, {page: T.TYPE3_TEXT}), type3_pages=frozenset({page}))
    assert pdfium.font_metrics(data).stream_pages == {page}
    assert paths(data) == ([1, 2, 3], [], [])
    assert same_as_pdfplumber(data) == []
    doc = read_pdf(data, ocr=False)
    assert any("AAA" in b.text for b in doc.blocks)  # pdfminer's reading of the Type3 text, on its page


def test_a_type3_font_in_a_form_the_page_draws():
    """Page 2's own resources hold no Type3 font; the form XObject it draws does."""
    data = T.document(T.font_pages(3, {}), form_pages=frozenset({2}))
    assert paths(data) == ([1, 3], [2], [f"page 2: {TYPE3}"])
    assert same_as_pdfplumber(data) == []


def test_a_font_shared_by_pages_refuses_each():
    """One Type3 font object in the resources of pages 1 and 3 (read once): both read from their
    streams (round 9; refused before); in a form each page draws, both refused."""
    data = T.document(T.font_pages(4, {1: T.TYPE3_TEXT, 3: T.TYPE3_TEXT}), type3_pages=frozenset({1, 3}))
    assert pdfium.font_metrics(data).stream_pages == {1, 3}
    assert paths(data)[:2] == ([1, 2, 3, 4], [])
    assert same_as_pdfplumber(data) == []
    data = T.document(T.font_pages(4, {}), form_pages=frozenset({1, 3}))
    assert paths(data)[:2] == ([2, 4], [1, 3])
    assert same_as_pdfplumber(data) == []


def test_a_vertical_cmap_on_one_page():
    data = T.document(T.font_pages(3, {3: T.VERTICAL_TEXT}), vertical_pages=frozenset({3}))
    assert paths(data) == ([1, 2], [3], ["page 3: font SimSun: a CMap that may be vertical"])
    assert same_as_pdfplumber(data) == []


def test_a_type3_font_no_page_holds_is_the_whole_documents():
    """A Type3 font in the file's bytes that no page's resources hold (where it is used is not
    known): the whole PDF is pdfplumber's, as before."""
    data = T.document(T.font_pages(2, {}), unused_type3=True)
    assert paths(data) == ([], [1, 2], [f"{TYPE3} that no page's resources hold"])
    assert same_as_pdfplumber(data) == []


def test_pdfium_alone_refuses_the_page():
    data = T.document(T.font_pages(2, {}), form_pages=frozenset({2}))
    with pytest.raises(ReadError, match="page 2: a Type3 font"):
        read_pdf(data, ocr=False, engine="pdfium")


def test_the_records_are_the_same(monkeypatch):
    monkeypatch.setenv("EXTRACTOR_OCR", "0")
    data = T.document(T.font_pages(3, {2: T.TYPE3_TEXT}), type3_pages=frozenset({2}))
    mixed = parse_bytes(data, "t3.pdf").to_dict()
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", "pdfplumber")
    slow = parse_bytes(data, "t3.pdf").to_dict()
    assert mixed["source"].pop("pdf_paths")["pdfplumber"] == []  # (round 9: page 2 from its stream)
    slow["source"].pop("pdf_paths")
    assert mixed == slow


def test_the_facts_name_the_refused_pages():
    data = T.document(T.font_pages(4, {2: T.TYPE3_TEXT, 4: T.VERTICAL_TEXT}), type3_pages=frozenset({2}),
                      vertical_pages=frozenset({4}))
    facts = pdfium.font_metrics(data)
    assert facts.refused == {4: "page 4: font SimSun: a CMap that may be vertical"}
    assert facts.stream_pages == {2}
    assert "Helvetica" in facts.fonts and facts.pages == 4
