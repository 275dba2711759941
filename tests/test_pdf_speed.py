"""What the PDF speed work replaced, against what it replaced, on every page of every committed PDF and
the real huaian_2024.pdf (pdfplumber's own pages and the fast path's PDFium pages): our table finder
(readers/pdf/finder.py) against pdfplumber's `page.find_tables()` + `Table.extract()` (tables, cells,
rows, cell texts), our word map and text lines (readers/pdf/wordmap.py) against pdfplumber's
`WordExtractor` and `extract_text_lines`, the fast path's coordinate rounding against `round`."""
from __future__ import annotations

import io

import pdfplumber
import pytest

from extractor.readers.pdf import finder, pdfium

from conftest import FIXTURES, REAL

PDFS = sorted(p for p in FIXTURES.rglob("*.pdf") if p.parent.name not in ("hostile", "scan")) + [REAL / "huaian_2024.pdf"]


def same_tables(page) -> int:
    """Asserts our tables are pdfplumber's; the number of tables."""
    want = page.find_tables()
    got = finder.find_tables(page)
    assert [t.cells for t in got] == [t.cells for t in want]
    assert [t.bbox for t in got] == [t.bbox for t in want]
    assert [[r.cells for r in t.rows] for t in got] == [[r.cells for r in t.rows] for t in want]
    assert [t.extract() for t in got] == [t.extract() for t in want]
    return len(want)


def plumber_pdf(data: bytes):
    """pdfplumber's document (the test is skipped where pdfplumber cannot open it: encrypted)."""
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception:
        pytest.skip("pdfplumber cannot open it (encrypted)")


def fast_pages(data: bytes):
    try:
        doc = pdfium.open_document(data)
    except pdfium.Unreadable:
        return []
    try:
        return pdfium.read_document(doc, data)
    except pdfium.Unreadable:
        return []
    finally:
        doc.close()


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_tables_as_pdfplumber(path):
    data = path.read_bytes()
    with plumber_pdf(data) as pdf:
        found = sum(same_tables(page) for page in pdf.pages)
    found_fast = sum(same_tables(page) for page in fast_pages(data))
    if path.name in ("huaian_2024.pdf", "gov2021_county.pdf"):
        assert found >= 3 and found_fast == found  # the three statistics tables at least


def test_huaian_cells_and_texts():
    """Real values: the first table of page 2 of huaian_2024.pdf, read by our finder."""
    data = (REAL / "huaian_2024.pdf").read_bytes()
    tables = [t for page in fast_pages(data) for t in finder.find_tables(page)]
    texts = [cell for t in tables for row in t.extract() for cell in row if cell]
    assert "3119" in texts
    assert all(len(t.cells) > 1 for t in tables)


@pytest.mark.parametrize("path", [REAL / "huaian_2024.pdf", FIXTURES / "wild" / "c016_pdf_fodt_2021_2023.pdf"],
                         ids=lambda p: p.name)
def test_cell_text_is_extract_text(path):
    """Runs of 1–40 consecutive chars (one line, several lines, spaces) in both reading orders."""
    from pdfplumber.utils import extract_text

    for page in fast_pages(path.read_bytes()):
        chars = page.chars
        for size in (1, 2, 3, 5, 8, 13, 40):
            for at in range(0, len(chars), 7):
                run = chars[at:at + size]
                assert finder.cell_text(run) == extract_text(run)
                assert finder.cell_text(run[::-1]) == extract_text(run[::-1])


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_wordmap_is_pdfplumbers(path):
    """The words (and their chars) of every page, and of its text outside the first table, are
    pdfplumber's WordExtractor's, and the text lines its extract_text_lines, on pdfplumber's pages
    and on the fast path's."""
    from pdfplumber.utils.text import WordExtractor

    from extractor.readers.pdf.settings import WORD_GAP
    from extractor.readers.pdf.wordmap import extract_wordmap, text_lines

    data = path.read_bytes()
    with plumber_pdf(data) as pdf:
        for page in [*pdf.pages, *fast_pages(data)]:
            tables = page.find_tables()
            parts = [page.chars] + [[c for c in page.chars if not (t.bbox[0] <= c["x0"] < t.bbox[2] and t.bbox[1] <= c["top"] < t.bbox[3])]
                                    for t in tables[:1]]
            for chars in parts:
                assert extract_wordmap(chars).tuples == WordExtractor().extract_wordmap(chars).tuples
                assert (extract_wordmap(chars, WORD_GAP).tuples  # the word tables' words
                        == WordExtractor(x_tolerance_ratio=WORD_GAP).extract_wordmap(chars).tuples)
            lines = text_lines(extract_wordmap(page.chars))
            want = [(d["text"], d["x0"], d["top"], d["x1"], d["bottom"]) for d in page.extract_text_lines()]
            assert lines is None or lines == want
            assert lines is not None or not all(c["upright"] for c in page.chars)


def test_round4_is_round():
    """The fast path's integer rounding of char x coordinates is round(v, 4), sign of zero included."""
    import math
    import random
    import struct

    rnd = random.Random(16)
    values = [0.00005, 0.00015, 1.00005, -0.00004, -0.0, 0.0, 123.45675, 2.5e-5, 595.2756, 841.8898]
    for _ in range(50000):
        f32 = struct.unpack("f", struct.pack("f", rnd.uniform(-20, 900)))[0]
        values += [f32, f32 + rnd.uniform(0, 20), rnd.uniform(-20, 900), round(rnd.uniform(0, 900), rnd.randint(3, 6))]
    for v in values:
        got, want = pdfium.round4(v), round(v, 4)
        assert got == want and math.copysign(1, got) == math.copysign(1, want), v
