"""Stand-ins for fonts a PDF does not embed (readers/pdf/sysfonts.py, issue 16): while the fast path reads
text, a system face with CFF outlines is served to PDFium as a proxy whose glyphs are rectangles of the
real glyphs' boxes. Checked: PDFium engages it on the STSong-Light report; every box, bound and char
PDFium gives is the same as with its own stand-in (the report, PDFs written for it in seven CID fonts
of four orderings, every CJK ideograph of the GB1 stand-in); the fast path's chars are pdfplumber's;
the Document is the one read without proxies; pages drawn (OCR) are pixel for pixel the same."""
from __future__ import annotations

import contextlib
import ctypes
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdfium2
import pypdfium2.raw as R
import pytest

from extractor.readers.pdf import pdfium, read_pdf, sysfonts

import sysfont_pdfs
from conftest import FIXTURES

STSONG = FIXTURES / "pdf" / "pingtan_2024_stsong.pdf"


def pdfium_view(data: bytes) -> list[tuple]:
    """All PDFium gives per page: each char's code point, tight and loose box, origin; each page
    object's bounds (a text object's are its glyphs' ink)."""
    doc = pypdfium2.PdfDocument(data)
    out: list[tuple] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            for k in range(tp.count_chars()):
                x, y = ctypes.c_double(), ctypes.c_double()
                R.FPDFText_GetCharOrigin(tp.raw, k, x, y)
                out.append((i, k, R.FPDFText_GetUnicode(tp.raw, k), tp.get_charbox(k),
                            tp.get_charbox(k, loose=True), x.value, y.value))
            for o in range(R.FPDFPage_CountObjects(page.raw)):
                box = [ctypes.c_float() for _ in range(4)]
                R.FPDFPageObj_GetBounds(R.FPDFPage_GetObject(page.raw, o), *box)
                out.append((i, "object", o, *(v.value for v in box)))
            tp.close()
            page.close()
    finally:
        doc.close()
    return out


def proxied() -> bool:
    """Whether this machine's stand-in for STSong-Light gets a proxy (a CJK face with CFF outlines)."""
    before = sysfonts.stats["served"]
    with sysfonts.reading():
        pdfium_view(sysfont_pdfs.report_like(1, ["STSong-Light"], 1))
    return sysfonts.stats["served"] > before


needs_proxy = pytest.mark.skipif(not sysfonts.install() or not proxied(),
                                 reason="no system CJK face with CFF outlines (fonts-noto-cjk): PDFium's "
                                        "stand-in is read as it is, nothing to compare")


@needs_proxy
def test_pdfium_loads_the_proxy_on_the_stsong_report():
    data = STSONG.read_bytes()
    before = sysfonts.stats["served"]
    doc = pypdfium2.PdfDocument(data)
    try:
        with sysfonts.reading():
            page = doc[0]
        tp = page.get_textpage()
        k = next(k for k in range(tp.count_chars()) if R.FPDFText_GetUnicode(tp.raw, k) == ord("政"))
        font = R.FPDFTextObj_GetFont(R.FPDFText_GetTextObject(tp.raw, k))
        assert not R.FPDFFont_GetIsEmbedded(font)
        size = ctypes.c_size_t()
        R.FPDFFont_GetFontData(font, None, 0, size)
        buf = (ctypes.c_uint8 * size.value)()
        R.FPDFFont_GetFontData(font, buf, size.value, size)
        face = sysfonts.face_tables(bytes(buf), 0)
        assert b"glyf" in face and b"CFF " not in face  # the proxy, not Noto's CFF outlines
        tp.close()
        page.close()
    finally:
        doc.close()
    assert sysfonts.stats["served"] > before


@needs_proxy
@pytest.mark.parametrize("name", ["stsong", "every_ideograph", "mixed", *sysfont_pdfs.FONTS])
def test_pdfium_gives_the_same_with_the_proxy(name):
    if name == "stsong":
        data = STSONG.read_bytes()
    elif name == "every_ideograph":  # U+4E00–U+9FA5: 20 902 glyphs of the GB1 stand-in
        data = sysfont_pdfs.every_ideograph("STSong-Light")
    elif name == "mixed":
        data = sysfont_pdfs.report_like(7, list(sysfont_pdfs.FONTS), 3)
    else:
        data = sysfont_pdfs.report_like(100 + list(sysfont_pdfs.FONTS).index(name), [name], 2)
    before = sysfonts.stats["served"]
    real = pdfium_view(data)
    assert sysfonts.stats["served"] == before  # outside reading(): PDFium's own stand-in
    with sysfonts.reading():
        proxy = pdfium_view(data)
    assert sysfonts.stats["served"] > before
    assert len(proxy) == len(real) > 100
    assert [a for a, b in zip(proxy, real) if a != b] == []


GB_CNS = ["STSong-Light", "STSongStd-Light", "SimSun", "SimHei,Bold", "MSung-Light"]


def same_chars(mine: list[dict], theirs: list[dict]) -> None:
    """Each char of one list matched by one of the other with the same text, its box within 0.01 pt."""
    left = {}
    for c in theirs:
        left.setdefault(c["text"], []).append(c)
    assert len(mine) == len(theirs)
    for a in mine:
        near = [b for b in left.get(a["text"], [])
                if all(abs(a[k] - b[k]) <= 0.01 for k in ("x0", "x1", "top", "bottom", "size"))]
        assert near, a
        left[a["text"]].remove(near[0])


@needs_proxy
@pytest.mark.parametrize("name", ["stsong", *GB_CNS])
def test_fast_path_chars_are_pdfplumbers(name):
    """The fast path's chars on pages in fonts not embedded (read with the proxies) against pdfplumber's."""
    if name == "stsong":
        data = STSONG.read_bytes()
    else:
        data = sysfont_pdfs.report_like(100 + list(sysfont_pdfs.FONTS).index(name), [name], 2)
    doc = pdfium.open_document(data)
    before = sysfonts.stats["served"]
    try:
        pages = pdfium.read_document(doc, data, fallback=True)
    finally:
        doc.close()
    assert sysfonts.stats["served"] > before
    assert not [p for p in pages if isinstance(p, pdfium.Unread)]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for mine, theirs in zip(pages, pdf.pages):
            assert len(mine.chars) > 100
            same_chars(mine.chars, theirs.chars)


@pytest.mark.parametrize("name, theirs", [("HYSMyeongJo-Medium", "―"), ("HeiseiMin-W3", "\u0336")])
def test_a_char_pdfminer_maps_otherwise_refuses_the_page(name, theirs):
    """A font not embedded, UCS-2 coded, no ToUnicode: PDFium's text is the code (U+2014), pdfminer's the
    CID's Unicode in the font's collection (Adobe-Korea1: U+2015): the page is pdfplumber's."""
    data = sysfont_pdfs.pdf([[(name, 12, 50, 700, "政府—公開")], [(name, 12, 50, 700, "政府公開")]], [name])
    doc = pdfium.open_document(data)
    try:
        pages = pdfium.read_document(doc, data, fallback=True)
    finally:
        doc.close()
    assert isinstance(pages[0], pdfium.Unread) and not isinstance(pages[1], pdfium.Unread)
    assert pages[0].reason == (f"page 1: font '{name}' (not embedded): pdfminer maps the code of '—' to "
                               f"{theirs!r}")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert "".join(c["text"] for c in pdf.pages[0].chars) == f"政府{theirs}公開"
        same_chars(pages[1].chars, pdf.pages[1].chars)


@needs_proxy
def test_documents_are_the_same_without_proxies(monkeypatch):
    for data in (STSONG.read_bytes(), sysfont_pdfs.report_like(7, GB_CNS, 3)):
        before = sysfonts.stats["served"]
        with_proxies = read_pdf(data, ocr=False)
        assert sysfonts.stats["served"] > before and not with_proxies.source.pdf_paths.pdfplumber
        served = sysfonts.stats["served"]
        with monkeypatch.context() as m:
            m.setattr(sysfonts, "reading", contextlib.nullcontext)
            without = read_pdf(data, ocr=False)
        assert sysfonts.stats["served"] == served
        assert with_proxies == without


RENDER = """
import hashlib, sys, pypdfium2
for path in sys.argv[1:]:
    doc = pypdfium2.PdfDocument(open(path, "rb").read())
    for i in range(len(doc)):
        page = doc[i]
        print(path, i, hashlib.sha1(bytes(page.render(scale=0.75).buffer)).hexdigest())
        page.close()
    doc.close()
"""


def renders(paths: list[Path]) -> list[str]:
    out = []
    for path in paths:
        doc = pypdfium2.PdfDocument(path.read_bytes())
        for i in range(len(doc)):
            page = doc[i]
            out.append(f"{path} {i} {hashlib.sha1(bytes(page.render(scale=0.75).buffer)).hexdigest()}")
            page.close()
        doc.close()
    return out


@needs_proxy
def test_pages_drawn_are_pixel_identical():
    """Drawn pages (OCR, table pictures: outside reading()) get the real stand-in: the STSong report
    and the scan fixtures drawn after the proxies were used are what a process without them draws; drawn
    inside reading(), the report would differ (its glyphs rectangles)."""
    paths = [STSONG, *sorted((FIXTURES / "scan").glob("*.pdf"))]
    read_pdf(STSONG.read_bytes(), ocr=False)  # the proxies loaded in this process
    here = renders(paths)
    env = {**os.environ, "EXTRACTOR_PDF_PROXY_FONTS": "0"}
    fresh = subprocess.run([sys.executable, "-c", RENDER, *map(str, paths)], capture_output=True, text=True,
                           env=env, check=True).stdout.split("\n")[:-1]
    assert here == fresh and len(here) >= len(paths)
    with sysfonts.reading():
        assert renders([STSONG])[0] != here[0]


def test_proxy_font_is_the_face_with_rectangles(tmp_path, monkeypatch):
    """The proxy's tables: every one of the face's but its CFF, glyf rectangles at the given boxes, hmtx
    advances kept and bearings at the boxes; a font without CFF outlines gets none (PDFium's own)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    face = {b"head": bytes(54), b"hhea": bytes(34) + b"\x00\x02", b"hmtx": bytes.fromhex("03e8 0005 01f4 0007 0009"),
            b"cmap": b"cmap-bytes", b"CFF ": b"cff"}
    boxes = [(10, -120, 900, 880), (0, 0, 0, 0), (-3, 5, 40, 60)]
    proxy = sysfonts.face_tables(sysfonts.proxy_font(face, boxes), 0)
    assert b"CFF " not in proxy and proxy[b"cmap"] == b"cmap-bytes"
    assert proxy[b"hmtx"] == bytes.fromhex("03e8 000a 01f4 0000 fffd")
    loca = [int.from_bytes(proxy[b"loca"][i:i + 4], "big") for i in range(0, 16, 4)]
    assert loca[1] == loca[2]  # the empty glyph has no outline
    first = proxy[b"glyf"][:10]
    assert [int.from_bytes(first[i:i + 2], "big", signed=True) for i in range(0, 10, 2)] == [1, 10, -120, 900, 880]
    dejavu = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if dejavu is not None:
        assert sysfonts.build_proxy(dejavu.read_bytes(), 0) is None
    assert not list(tmp_path.rglob("*.ttf"))


def test_a_cached_proxy_is_used_only_whole(tmp_path, monkeypatch):
    """The proxy kept in the cache folder is checked by its SHA-1 before use: a file cut short or changed
    (another process, a full disk) is made again from the real font, never served to PDFium."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    face = {b"head": bytes(54), b"hhea": bytes(34) + b"\x00\x02", b"hmtx": bytes.fromhex("03e8 0005 01f4 0007 0009"),
            b"cmap": b"cmap-bytes", b"CFF ": b"cff"}
    made = []
    monkeypatch.setattr(sysfonts, "glyph_boxes", lambda data, index: made.append(index) or
                        ("2.14.3", [(10, -120, 900, 880), (0, 0, 0, 0), (-3, 5, 40, 60)]))
    font = sysfonts.sfnt(face)
    first = sysfonts.build_proxy(font, 0)
    assert first is not None and sysfonts.face_tables(first, 0)[b"cmap"] == b"cmap-bytes" and made == [0]
    assert sysfonts.build_proxy(font, 0) == first and made == [0]  # from the cache
    [kept] = list(tmp_path.rglob("*.ttf"))
    kept.write_bytes(kept.read_bytes()[:-1] + b"x")  # changed: its digest no longer holds
    assert sysfonts.build_proxy(font, 0) == first and made == [0, 0]  # made again, and kept whole again
    kept.write_bytes(kept.read_bytes()[:100])  # cut short
    assert sysfonts.build_proxy(font, 0) == first and made == [0, 0, 0]
