"""The fast path on PDFs made by other renderers than our generator's LibreOffice from .fodt (issue 16):
each page it reads has pdfplumber's chars (text and box, as a multiset: PDFium's text page puts the
text objects of a line in x order, pdfminer in the content stream's), lines, rects and edges, and each
page it cannot read falls back for the reason PDFium's text page gives for leaving chars out.

- `pingtan_2024_stsong.pdf`: the real Pingtan report's HTML laid out by reportlab in STSong-Light, a CID
  font that is not embedded (as iText-made PDFs of many agencies' systems are): PDFium's box is widened
  by its stand-in font's ink, so the advance is the width the font declares;
- `gov2021_split_table2_lowriter.pdf`: `fixtures/html/gov2021_split_table2.html` exported by LibreOffice
  Writer/Web (`writer_web_pdf_Export`): `&nbsp;` cells in a font mapping both " " and U+00A0, and a
  text object " " … " " whose second space PDFium's text page drops (`CloseTempLine`)."""
from __future__ import annotations

import io
from collections import Counter

import pdfplumber
import pytest

from extractor.readers.pdf import pdfium

from conftest import FIXTURES
from test_pdf_fast_path import assert_same_graphics

# page → the reason it falls back (every other page is PDFium's)
CASES = {
    "pingtan_2024_stsong.pdf": {},
    # (round 9: the spaces and no-break spaces its text page leaves out recovered, tests/test_pdf_renderers2.py)
    "gov2021_split_table2_lowriter.pdf": {},
}


def _key(c: dict) -> tuple:
    return c["text"], round(c["top"], 1), round(c["x0"], 1)


@pytest.mark.parametrize("name", sorted(CASES))
def test_renderer_pages_are_pdfplumbers(name):
    data = (FIXTURES / "pdf" / name).read_bytes()
    doc = pdfium.open_document(data)
    try:
        pages = pdfium.read_document(doc, data, fallback=True)
    finally:
        doc.close()
    refused = {p.no: p.reason for p in pages if isinstance(p, pdfium.Unread)}
    assert {no: r.split(": ", 1)[1] for no, r in refused.items()} == CASES[name]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for mine, theirs in zip(pages, pdf.pages):
            if isinstance(mine, pdfium.Unread):
                continue
            assert Counter(map(_key, mine.chars)) == Counter(map(_key, theirs.chars)), mine.page_number
            for a, b in zip(sorted(mine.chars, key=_key), sorted(theirs.chars, key=_key)):
                assert all(abs(a[k] - b[k]) <= 0.01 for k in ("x0", "x1", "top", "bottom", "size", "doctop")), (a, b)
            assert_same_graphics(mine, theirs)


def test_substituted_font_takes_declared_widths():
    """STSong-Light's digits: PDFium's box 0.495 em (its stand-in's ink), declared and pdfminer's 0.462."""
    data = (FIXTURES / "pdf" / "pingtan_2024_stsong.pdf").read_bytes()
    doc = pdfium.open_document(data)
    try:
        pages = pdfium.read_document(doc, data)
    finally:
        doc.close()
    seven = next(c for p in pages for c in p.chars if c["text"] == "7" and c["fontname"] == "STSong-Light")
    assert round((seven["x1"] - seven["x0"]) / seven["size"] * 1000) == 462


def test_substituted_font_outside_the_checked_chars_is_refused():
    with pytest.raises(pdfium.Unreadable, match="not embedded"):
        pdfium.declared_advance(0, "Í", 6.0, pdfium.FontMetrics(-0.2), "STSong-Light", 1)
