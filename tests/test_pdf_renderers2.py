"""The chars PDFium's text page leaves out, recovered from the content stream (issue 16, round 9:
`readers/pdf/dropped.py`). Each fast-path page's chars are pdfplumber's, char by char (text, box within
0.01 pt, size; the font name without its subset tag, which PDFium strips); a page whose chars may be
missing is read on the fast path, not handed to pdfplumber; so is a page drawing a Type3 font
(Chromium's print to PDF), its chars pdfminer's from its content stream."""
from __future__ import annotations

import io
import pdfplumber
import pytest

import turned_pdfs as T
from extractor.readers.pdf import dropped, pdfium

from conftest import FIXTURES
from test_pdf_turned_text import fast_pages

LOWRITER = FIXTURES / "pdf" / "gov2021_split_table2_lowriter.pdf"


KEYS = ("x0", "x1", "top", "bottom", "size", "doctop")


def unmatched(mine: list[dict], theirs: list[dict]) -> tuple[list[dict], list[dict]]:
    """The chars of each side without a partner on the other: the same text and font name (its subset
    tag aside: PDFium strips it), every box field within 0.01 pt. (A multiset of rounded keys would
    turn on a rounding edge: PDFium's float32 origins.)"""
    pool: dict[tuple, list[dict]] = {}
    for c in theirs:
        pool.setdefault((c["text"], c["fontname"].split("+", 1)[-1]), []).append(c)
    left = []
    for a in mine:
        cands = pool.get((a["text"], a["fontname"].split("+", 1)[-1]), [])
        hit = next((k for k, b in enumerate(cands) if all(abs(a[f] - b[f]) <= 0.01 for f in KEYS)), None)
        if hit is None:
            left.append(a)
        else:
            cands.pop(hit)
    return left, [c for v in pool.values() for c in v]


def assert_chars_are_pdfplumbers(data: bytes) -> list:
    """Every page the fast path read has pdfplumber's chars exactly (in any order: the text page puts
    a line's objects in x order); the fast path's pages returned."""
    pages = fast_pages(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for mine, theirs in zip(pages, pdf.pages):
            assert not isinstance(mine, pdfium.Unread), mine.reason
            assert len(mine.chars) == len(theirs.chars), mine.page_number
            assert unmatched(mine.chars, theirs.chars) == ([], []), mine.page_number
    return pages


def test_lowriter_pages_are_all_pdfiums_with_pdfplumbers_chars():
    """Writer/Web's `[( ) -3485 ( )] TJ` under each link (PDFium drops the second space) and the
    alternating no-break space / space cells of page 3 (each its own inkless object): all five pages on
    the fast path now (pages 2 and 3 were pdfplumber's), every char as pdfplumber's."""
    pages = assert_chars_are_pdfplumbers(LOWRITER.read_bytes())
    assert len(pages) == 5
    page3 = pages[2].chars
    nbsp = sorted(round(c["x0"], 1) for c in page3 if c["text"] == "\u00a0")
    assert nbsp == [441.1, 448.7, 456.3]
    two = [c for c in pages[1].chars if c["text"] == " " and round(c["x0"], 1) == 137.1]
    assert len(two) == 4  # the second space of each of the four links' TJ


def spaces_pdf() -> bytes:
    """Runs of spaces in one Tj, spaces as their own objects on one line, a TJ whose two spaces a kern
    parts, and the same under Tc, Tw, Tz and a rise (pdfminer's advance for a space: width × size + Tc + Tw,
    × Tz); a second page of plain text."""
    return T.document([
        b"BT /F1 12 Tf 100 700 Td (ab  cd   ef) Tj ET\n"
        b"BT /F1 12 Tf 100 650 Td (x) Tj ET BT /F1 12 Tf 106.67 650 Td ( ) Tj ET "
        b"BT /F1 12 Tf 110 650 Td ( ) Tj ET BT /F1 12 Tf 113.33 650 Td (y) Tj ET\n"
        b"BT /F2 12 Tf 100 600 Td [(a ) -2000 ( b)] TJ ET\n"
        b"BT /F2 11 Tf 1.5 Tc 2 Tw 80 Tz 100 550 Td (g  h  i) Tj ET\n"
        b"BT /F3 10 Tf 3 Ts 100 500 Td [(k  ) 120 (  l)] TJ ET\n"
        b"BT /F1 12 Tf 100 450 Td (one two three) Tj ET",
        b"BT /F1 12 Tf 100 700 Td (plain) Tj ET"])


def test_spaces_after_spaces_are_pdfplumbers():
    """PDFium's text page drops each space after a space (on this page 12 of pdfplumber's 19 spaces:
    its text page keeps 7); before round 9, the runs inside one Tj lost their spaces silently (the page
    was refused only for the other objects)."""
    data = spaces_pdf()
    pages = assert_chars_are_pdfplumbers(data)
    spaces = sum(c["text"] == " " for c in pages[0].chars)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert spaces == sum(c["text"] == " " for c in pdf.pages[0].chars) == 19


def test_single_spaces_are_proved_whole_without_interpreting_the_page(monkeypatch):
    """A text object with a char after a space may have lost a space between; where its show operator
    has as many codes as the text page has chars for it, nothing was dropped and the page is not
    interpreted (most LibreOffice pages: "2021 年")."""
    def fail(*args):
        raise AssertionError("recovered")

    monkeypatch.setattr(dropped, "recover", fail)
    data = T.document([b"BT /F1 12 Tf 100 700 Td (one two three) Tj ET BT /F2 10 Tf 100 680 Td <612062> Tj ET"])
    pages = assert_chars_are_pdfplumbers(data)
    assert "".join(c["text"] for c in pages[0].chars) == "one two threea b"


def test_a_doubled_space_is_not_proved_whole():
    counts = dropped.show_codes(b"BT /F1 12 Tf 1 0 0 1 9 9 Tm (a  b) Tj [<6120> -50 (\\040b)] TJ 1 2 (c) \" ET",
                                {"F1": 1})
    assert counts == ([4, 4, 1], [])
    assert dropped.show_codes(b"q /X1 Do Q BT /F1 9 Tf (ab) Tj ET /Im2 Do", {"F1": 1}) == ([2], ["X1", "Im2"])


@pytest.mark.parametrize("stream", [
    b"BT /F1 12 Tf (a (b) c) Tj ET",  # a parenthesis inside a string
    b"% (a comment\nBT /F1 12 Tf (a) Tj ET",
    b"BI /W 1 /H 1 ID x EI BT /F1 12 Tf (a) Tj ET",  # an inline image
    b"BT /F9 12 Tf (a) Tj ET",  # a font of unknown code length
])
def test_streams_not_plain_enough_are_not_counted(stream):
    assert dropped.show_codes(stream, {"F1": 1}) is None


def test_a_page_whose_stream_does_not_match_pdfium_falls_back(monkeypatch):
    """The show operators must be as many as PDFium's text objects (and each kept char one of its
    object's LTChars): with one operator hidden, the page is pdfplumber's, for that reason."""
    real = dropped.PageStreams.shows

    def one_less(self, no, *wanted):
        return real(self, no, *wanted)[1:]

    monkeypatch.setattr(dropped.PageStreams, "shows", one_less)
    pages = fast_pages(spaces_pdf())
    assert isinstance(pages[0], pdfium.Unread)
    assert "text objects in the content stream, PDFium has" in pages[0].reason


def test_a_char_pdfium_reads_otherwise_falls_back(monkeypatch):
    real = dropped.PageStreams.shows

    def shifted(self, no, *wanted):
        out = real(self, no, *wanted)
        for _, chars, _ in out:
            for lt in chars:
                lt.x0 += 0.5
        return out

    monkeypatch.setattr(dropped.PageStreams, "shows", shifted)
    pages = fast_pages(spaces_pdf())
    assert isinstance(pages[0], pdfium.Unread) and "a char PDFium reads that pdfminer does not" in pages[0].reason


def test_pages_forced_to_recovery_keep_pdfplumbers_chars(monkeypatch):
    """Every page of the committed Writer and Word PDFs interpreted for its chars (as if no object were
    proved whole): still pdfplumber's chars, every one."""
    monkeypatch.setattr(dropped.PageStreams, "no_drops", lambda self, *a: False)
    for name in ("pdf/gov2021_county.pdf", "wild/c010_pdf_docx_2021_2021.pdf", "pdf/gov2021_rules_only.pdf"):
        assert_chars_are_pdfplumbers((FIXTURES / name).read_bytes())


def test_a_type3_page_has_pdfplumbers_chars():
    """A Type3 font in the page's own resources: every char of the page pdfminer's LTChar."""
    data = T.document(T.font_pages(3, {2: T.TYPE3_TEXT}), type3_pages=frozenset({2}))
    pages = assert_chars_are_pdfplumbers(data)
    assert "AAA" in "".join(c["text"] for c in pages[1].chars)


def test_pdfium_texts_that_are_pdfminers():
    """Chromium's Type3 CJK fonts: PDFium puts the ideograph for a radical the ToUnicode maps (行 for
    ⾏ U+2F8F, 民 for ⺠ U+2EA0) and splits a ligature; the char stays pdfminer's."""
    assert dropped.same_text("⾏", "行") and dropped.same_text("⺠", "民") and not dropped.same_text("a", "b")
    assert dropped.taken("ﬁ", ["f", "i", "x"], 0) == 2
    assert dropped.taken("x", ["f", "i", "x"], 0) == 0
