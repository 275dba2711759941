"""Issue 16, round 10: the fast path's proof (`dropped.show_codes`) and page cuts, each held equal to
the plain form it replaces on the committed and real PDFs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.readers.pdf import dropped, pdfium, pages
from extractor.readers.pdf.objects import DELIM, NUMBER, _name
from extractor.readers.pdf.settings import TABLE_BBOX_PAD

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted(p for d in ("pdf", "corpus", "wild") for p in (ROOT / "fixtures" / d).glob("*.pdf")) + sorted(
    (ROOT.parent / "shared" / "fixtures" / "real").glob("*.pdf"))

# round 9's scan: every alternative tried at every byte, one string at a time
STRING = rb"<[0-9A-Fa-f\s]*>|\((?:[^()\\]|\\.)*\)"
PLAIN_SCAN = re.compile(rb"""
    (?P<show>(?P<s>""" + STRING + rb"""|\[(?:[^\[\]()<>]|""" + STRING + rb""")*\])\s*(?:Tj|TJ|'|\"))""" + DELIM + rb"""
  | /(?P<font>[^/%\[\]()<>{}\s]+)\s+""" + NUMBER + rb"""\s+Tf""" + DELIM + rb"""
  | /(?P<xobject>[^/%\[\]()<>{}\s]+)\s+Do""" + DELIM + rb"""
  | """ + STRING + rb"""
  | (?P<bad>[()%]|\bBI\b)
""", re.X | re.S)


def plain_show_codes(data: bytes, widths: dict[str, int]):
    counts, drawn, width = [], [], 0
    for m in PLAIN_SCAN.finditer(data):
        if m.group("bad") is not None:
            return None
        if m.group("xobject") is not None:
            drawn.append(_name(m.group("xobject")).name)
            continue
        if m.group("font") is not None:
            width = widths.get(_name(m.group("font")).name, 0)
            continue
        if m.group("show") is None:
            continue
        n = sum(dropped.string_bytes(s) for s in dropped.STRINGS.findall(m.group("s")))
        if n and not width or n % max(width, 1):
            return None
        if n:
            counts.append(n // width)
    return counts, drawn


def page_streams():
    for path in PDFS:
        data = path.read_bytes()
        try:
            facts = pdfium.font_metrics(data)
        except Exception:  # encrypted, no pages: nothing to scan
            continue
        streams = dropped.PageStreams(facts.miner_pages)
        for no in range(1, facts.pages + 1):
            yield path.name, no, streams.data(no), dropped.code_bytes(streams.page(no).resources)


def test_the_scan_counts_as_the_plain_scan_on_every_page():
    """Every page of every committed and real PDF: the same counts, fonts and forms (or the same None)."""
    seen = counted = 0
    for name, no, data, widths in page_streams():
        got = dropped.show_codes(data, widths)
        assert got == plain_show_codes(data, widths), (name, no)
        seen += 1
        counted += got is not None and bool(got[0])
    assert seen > 50 and counted > 30  # (LibreOffice, Word and Chromium pages among them)


@pytest.mark.parametrize("stream", [
    b"BT /F1 9 Tf <0 1 2> Tj <012> Tj [<01> 3 <0>] TJ () Tj <> Tj [] TJ ET",  # white space, odd digits, empty
    b"BT /F2 9 Tf <0102> Tj <010203> Tj ET",  # two-byte codes, a string of three bytes
    b"/F1 9 Tf [(a)(b)] TJ [(a) <01>] TJ (x)Tj(y)'",  # literal arrays, mixed strings
    b"/F1 1 Tf (a\\)b) Tj ((x)) Tj",  # an escaped parenthesis, nested ones
    b"<<>> [1 2] 0 d /GS gs B /F1 1 Tf (a)Tj BTBI xBI y /F#31 9 Tf <01>Tj",  # what no alternative takes
    b"BI /W 1 ID xx EI", b"%c\nBT", b"(a)(b)(c", b"/F1 1 Tf [(a)-3(b)]TJx",
])
@pytest.mark.parametrize("widths", [{"F1": 1, "F2": 2}, {"F1": 2}, {}])
def test_the_scan_counts_as_the_plain_scan_on_odd_streams(stream, widths):
    assert dropped.show_codes(stream, widths) == plain_show_codes(stream, widths)


def test_a_show_operators_bytes_in_bulk_are_its_strings_bytes():
    for s in (b"<0102>", b"[<16>-28<14>-35<15>]", b"[<0102> 5 <0 3>]", b"[<012> 1 <34>]", b"(abc)", b"[(ab) -3 (c)]",
              b"[(a\\051b)]", b"[(a) <01>]", b"<>", b"[]", b"()", b"[<> () ]"):
        assert dropped.show_bytes(s) == sum(dropped.string_bytes(t) for t in dropped.STRINGS.findall(s)), s


def test_outside_keeps_the_chars_whose_centre_is_in_no_box():
    """`pages.outside` against the per-char test it replaced, on a real page with tables."""
    data = (ROOT / "fixtures" / "pdf" / "gov2021_county.pdf").read_bytes()
    doc = pdfium.open_document(data)
    try:
        page = pdfium.read_document(doc, data)[1]
    finally:
        doc.close()
    tables, _ = pages.find_page_tables(page, 2)
    boxes = [t.bbox for t in tables]
    assert boxes

    def inside(o, p=TABLE_BBOX_PAD):
        cx, cy = (o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2
        return any(x0 - p <= cx <= x1 + p and t - p <= cy <= b + p for x0, t, x1, b in boxes)

    want = [c for c in page.chars if not inside(c)]
    assert 0 < len(want) < len(page.chars)
    assert pages.outside(page.chars, boxes) == want
    assert pages.outside(page.chars, []) == page.chars
