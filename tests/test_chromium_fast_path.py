"""Issue 16, round 11: Chromium's print to PDF (CJK text in Type3 fonts, rulings as filled rects under a
CTM of 0.23999999 × 3.125) is read on the PDFium fast path with pdfplumber's very objects: a page drawing
a Type3 font in its own resources takes every char, path and image from pdfminer's operator methods over
its content stream (`readers/pdf/dropped.py`: `PageStreams.page_chars`, `stream_graphics`), each checked
against PDFium's objects, and its size from its MediaBox as written. The committed prints of
`fixtures/chromium/` (A5 and Letter, tables cut by page breaks) are read wholly by the fast path, their
objects equal pdfplumber's to the last bit, their page-cut tables joined as on the pdfplumber path, their
records pdfplumber's (tests/test_pdf_fast_path.py compares them whole)."""
from __future__ import annotations

import io
import json

import pdfplumber
import pytest

import extractor.readers.pdf.tables as tables
from extractor.pipeline import parse_bytes
from extractor.readers.pdf import dropped, pdfium, read_fast, read_pdf

from conftest import FIXTURES, cells

PRINTS = sorted((FIXTURES / "chromium").glob("*.pdf"))
RIGHT = {"d4100_c022_chromium_a5_2021_2022.pdf": 207, "d4100_c036_chromium_letter_2021_2023.pdf": 207,
         "h9931_c006_chromium_letter_2021_2024.pdf": 123}  # cells of 207 as the truth has them
KEYS = ("x0", "x1", "top", "bottom", "doctop", "width", "height")


def fast_pages(data: bytes) -> list:
    doc = pdfium.open_document(data)
    try:
        return pdfium.read_document(doc, data)  # (no fallback: any refused page raises)
    finally:
        doc.close()


@pytest.mark.parametrize("path", PRINTS, ids=lambda p: p.name)
def test_every_page_of_a_chromium_print_is_read_on_the_fast_path(path):
    data = path.read_bytes()
    facts = pdfium.font_metrics(data)
    assert facts.refused == {} and facts.stream_pages == set(range(1, facts.pages + 1))
    paths = read_fast(data, ocr=False).source.pdf_paths
    assert paths.pdfium == list(range(1, facts.pages + 1)) and paths.pdfplumber == [] and paths.reasons == []


@pytest.mark.parametrize("path", PRINTS, ids=lambda p: p.name)
def test_the_objects_are_pdfplumbers_exactly(path):
    """Chars, rects, lines, curves and images: pdfminer's doubles, not PDFium's float32 (which put
    Chromium's rulings at x.x5 pt on the other side of a rounding: 246.75 for 246.74999)."""
    data = path.read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for mine, theirs in zip(fast_pages(data), pdf.pages):
            assert (mine.width, mine.height) == (theirs.width, theirs.height)
            assert [c["text"] for c in mine.chars] == [c["text"] for c in theirs.chars]
            for a, b in zip(mine.chars, theirs.chars):
                assert [a[k] for k in KEYS + ("size",)] == [b[k] for k in KEYS + ("size",)], (a, b)
            for kind in ("rect", "line", "curve", "image"):
                got, want = mine.objects.get(kind, []), theirs.objects.get(kind, [])
                assert [[o[k] for k in KEYS] for o in got] == [[o[k] for k in KEYS] for o in want], kind
            assert [[e[k] for k in KEYS + ("orientation",)] for e in mine.edges] == \
                [[e[k] for k in KEYS + ("orientation",)] for e in theirs.edges]


def test_page_cut_tables_are_joined_on_the_fast_path(monkeypatch):
    """The tables a page break cuts (fragments.py) are joined on the fast path as on pdfplumber's."""
    joins: list[bool] = []
    real = tables.join_at_break

    def counted(*args):
        out = real(*args)
        joins.append(out is not None)
        return out

    monkeypatch.setattr(tables, "join_at_break", counted)
    data = (FIXTURES / "chromium" / "d4100_c022_chromium_a5_2021_2022.pdf").read_bytes()
    fast = read_pdf(data, ocr=False, engine="pdfium")
    made, joins[:] = list(joins), []
    slow = read_pdf(data, ocr=False, engine="pdfplumber")
    assert made == joins == [True] * 5
    assert [b.table.n_rows for b in fast.blocks if b.table] == [b.table.n_rows for b in slow.blocks if b.table]


@pytest.mark.parametrize("path", PRINTS, ids=lambda p: p.name)
def test_the_fast_path_reads_the_printed_values(path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_OCR", "0")
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", "pdfium")
    record = parse_bytes(path.read_bytes(), path.name).to_dict()
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text("utf-8"))
    want = {(t, r, c): v for t, r, c, v in cells(truth["tables"])}
    got = {(t, r, c): v for t, r, c, v in cells({k: v for k, v in record["tables"].items() if k in truth["tables"]})}
    wrong = [k for k, v in got.items() if v is not None and k in want and want[k] != v]
    right = sum(1 for k, v in got.items() if k in want and want[k] == v)
    assert (wrong, right) == ([], RIGHT[path.name])  # what the pdfplumber path reads (round 10's outputs)


def test_a_graphic_pdfium_draws_otherwise_refuses_the_page():
    """stream_graphics takes pdfminer's values only where PDFium draws the same objects."""
    path = FIXTURES / "chromium" / "h9931_c006_chromium_letter_2021_2024.pdf"
    data = path.read_bytes()
    facts = pdfium.font_metrics(data)
    streams = dropped.PageStreams(facts.miner_pages, facts.stream_pages)
    doc = pdfium.open_document(data)
    try:
        page = doc[0]
        objects = pdfium.page_objects(page)
        height = streams.size(1, *page.get_mediabox()[2:])[1]
        drawn: list = []
        streams.page_chars(page, 1, height, 0.0, objects, drawn)
        mine = pdfium.page_graphics(page, 1, height, objects)
        assert len(dropped.stream_graphics(mine, drawn, 1, height)) == len(mine) > 10
        moved = [dict(mine[0], x0=mine[0]["x0"] + 0.01)] + mine[1:]
        with pytest.raises(pdfium.Unreadable, match="is not pdfminer's"):
            dropped.stream_graphics(moved, drawn, 1, height)
        with pytest.raises(pdfium.Unreadable, match="graphics in the content stream"):
            dropped.stream_graphics(mine[1:], drawn, 1, height)
        page.close()
    finally:
        doc.close()
