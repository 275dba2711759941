"""Small PDFs written byte by byte for the non-upright text and per-page font tests (issue 16): text
set with any matrix (rotated at many angles, mirrored, flipped, skewed, scaled, with Tz / Tc / Tw / Ts),
pages with a Type3 font or a vertical CMap. Standard 14 fonts only (pdfminer's AFM metrics; PDFium's
own substitutes), so the files need nothing from the machine."""
from __future__ import annotations

import importlib.util
import math
import zlib
from pathlib import Path


def _writer():
    """scripts/make_hostile_corpus.py's `pdf` (the objects with a correct xref), one writer for both."""
    path = Path(__file__).resolve().parents[1] / "scripts" / "make_hostile_corpus.py"
    spec = importlib.util.spec_from_file_location("make_hostile_corpus", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.pdf


pdf_file = _writer()  # pdf_file(objs): a PDF of these object bodies (1-based numbers; 1 is the catalog)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    data = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONTS = {  # resource name → font dictionary
    b"F1": b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    b"F2": b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>",
    b"F3": b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
}
TYPE3 = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] "
         b"/CharProcs << /square %d 0 R >> /Encoding << /Type /Encoding /Differences [65 /square] >> "
         b"/FirstChar 65 /LastChar 65 /Widths [1000] /ToUnicode %d 0 R >>")
SQUARE = b"1000 0 0 0 750 750 d1 0 0 750 750 re f"
TO_UNICODE = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T3 def "
              b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <41> <0041> endbfchar "
              b"endcmap CMapName currentdict /CMap defineresource pop end end")


VERTICAL = (b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-V /DescendantFonts [<< /Type /Font "
            b"/Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
            b"/Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /SimSun /Flags 4 "
            b"/FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >> "
            b"/DW 1000 >>] /ToUnicode %d 0 R >>")
VERTICAL_MAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /V def "
                b"1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <5E74> "
                b"<0002> <5EA6> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")


def document(pages: list[bytes], type3_pages: frozenset[int] = frozenset(), form_pages: frozenset[int] = frozenset(),
             rotated_pages: frozenset[int] = frozenset(), vertical_pages: frozenset[int] = frozenset(),
             unused_type3: bool = False, text_forms: dict[int, tuple[bytes, bytes]] | None = None) -> bytes:
    """One PDF: each page's content stream (A4); the pages in `type3_pages` also get a Type3 font
    /T3 (one glyph, a filled square, code A), and those in `form_pages` draw a form XObject that
    holds the Type3 font in its own resources (the page's resources do not); those in `rotated_pages`
    are turned by /Rotate 90; those in `vertical_pages` get a Type0 font /V0 with the vertical CMap
    Identity-V (codes <0001> 年, <0002> 度). `unused_type3`: a Type3 font in the file that no page's
    resources hold; `text_forms`: page → (a form's /Matrix, its content, in the standard fonts) the
    page draws."""
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font_refs = {}
    for name, body in FONTS.items():
        objs.append(body)
        font_refs[name] = len(objs)
    type3 = vertical = 0
    if vertical_pages:
        objs.append(stream(VERTICAL_MAP))
        objs.append(VERTICAL % len(objs))
        vertical = len(objs)
    if type3_pages or form_pages or unused_type3:  # (no Type3 font in the file otherwise: the reader scans the bytes for one)
        objs.append(stream(SQUARE))
        square = len(objs)
        objs.append(stream(TO_UNICODE))
        objs.append(TYPE3 % (square, len(objs)))
        type3 = len(objs)
    kids = []
    for no, content in enumerate(pages, start=1):
        fonts = b" ".join(b"/%s %d 0 R" % (k, v) for k, v in font_refs.items())
        if no in type3_pages:
            fonts += b" /T3 %d 0 R" % type3
        if no in vertical_pages:
            fonts += b" /V0 %d 0 R" % vertical
        xobjects = b""
        if text_forms and no in text_forms:
            matrix, form = text_forms[no]
            objs.append(stream(form, b"/Type /XObject /Subtype /Form /BBox [-600 -900 1200 1800] /Matrix [%s] "
                               b"/Resources << /Font << %s >> >>" % (matrix, fonts)))
            xobjects = b" /XObject << /X2 %d 0 R >>" % len(objs)
            content += b"\nq /X2 Do Q"
        elif no in form_pages:
            form = b"BT /T3 20 Tf 300 100 Td (AA) Tj ET"
            objs.append(stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                               b"/Resources << /Font << /T3 %d 0 R >> >>" % type3))
            xobjects = b" /XObject << /X1 %d 0 R >>" % len(objs)
            content += b"\nq /X1 Do Q"
        objs.append(stream(content))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R %s"
                    b"/Resources << /Font << %s >>%s >> >>"
                    % (len(objs), b"/Rotate 90 " if no in rotated_pages else b"", fonts, xobjects))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return pdf_file(objs)


def num(v: float) -> bytes:
    return (b"%.6f" % v).rstrip(b"0").rstrip(b".") if v else b"0"


def tm(a: float, b: float, c: float, d: float, e: float, f: float) -> bytes:
    return b" ".join(num(v) for v in (a, b, c, d, e, f)) + b" Tm"


def rotation(deg: float, x: float, y: float, scale: float = 1.0) -> bytes:
    t = math.radians(deg)
    return tm(scale * math.cos(t), scale * math.sin(t), -scale * math.sin(t), scale * math.cos(t), x, y)


def grid(k: int) -> tuple[float, float]:
    """The k-th text's origin: four to a row, each a little off the row and column (texts on one
    height or edge exactly would make pdfplumber's clustering turn on a float's last bits: PDFium's
    turned origins are float32, which rounding to 0.1 mpt cannot hide)."""
    return 120 + (k % 4) * 120 + k * 1.37, 640 - (k // 4) * 110 - k * 2.71


def upright_lines() -> bytes:
    """Ordinary text, so that the page has upright lines beside the turned ones."""
    return (b"BT /F1 12 Tf 72 780 Td (Annual report on government information 2023) Tj ET\n"
            b"BT /F2 10 Tf 72 760 Td (Table 3: requests received and processed) Tj ET")


def angles_page(angles: list[float], font: bytes = b"F1", size: int = 11, text: bytes = b"Ab 12 gy") -> bytes:
    """One turned line per angle, each from its own point on a grid."""
    parts = [upright_lines()]
    for k, deg in enumerate(angles):
        x, y = grid(k)
        parts.append(b"BT /%s %d Tf %s (%s) Tj ET" % (font, size, rotation(deg, x, y), text))
    return b"\n".join(parts)


def matrices_page(matrices: list[tuple[float, ...]], ops: bytes = b"", font: bytes = b"F2") -> bytes:
    """One line per text matrix (a b c d at grid points), with extra text state operators `ops`."""
    parts = [upright_lines()]
    for k, (a, b, c, d) in enumerate(matrices):
        x, y = grid(k)
        parts.append(b"BT %s /%s 12 Tf %s (Wax 7 ij) Tj ET" % (ops, font, tm(a, b, c, d, x, y)))
    return b"\n".join(parts)


def composed_page(turns: list[tuple[float, float]], font: bytes = b"F1") -> bytes:
    """Text turned twice: a CTM rotated by the first angle (cm) and a text matrix by the second."""
    parts = [upright_lines()]
    for k, (outer, inner) in enumerate(turns):
        x, y = grid(k)
        t = math.radians(outer)
        cm = b" ".join(num(v) for v in (math.cos(t), math.sin(t), -math.sin(t), math.cos(t), x, y)) + b" cm"
        parts.append(b"q %s BT /%s 10 Tf %s (Seal 2021) Tj ET Q" % (cm, font, rotation(inner, 0, 0)))
    return b"\n".join(parts)


def seal_page(font: bytes = b"F1", cx: float = 430.3, cy: float = 180.7, r: float = 52.9) -> bytes:
    """What turned text is in the reports: a round seal (each char set along the circle, turned to
    its own angle), a diagonal watermark and a vertical note in the margin, beside upright lines."""
    parts = [upright_lines(),
             b"BT /F1 11 Tf 72 700 Td (1. Requests received in the year: 285, of which 12 online.) Tj ET",
             b"BT /F1 11 Tf 72 684 Td (2. Requests answered within the time limit: 281.) Tj ET"]
    text = b"QINGSHAN-COUNTY-OFFICE"  # (no blanks: a lone turned blank is Unreadable, see lone_space)
    for k, ch in enumerate(text):
        deg = 200.0 - k * 160.0 / (len(text) - 1)  # from the lower left over the top to the lower right
        t = math.radians(deg)
        x, y = cx + r * math.cos(t), cy + r * math.sin(t)
        parts.append(b"BT /%s 10 Tf %s (%s) Tj ET" % (font, rotation(deg - 90.0, x, y), bytes([ch])))
    parts.append(b"BT /F1 44 Tf %s (DRAFT COPY) Tj ET" % rotation(41.3, 160.2, 300.4))
    parts.append(b"BT /F3 8 Tf %s (Printed by the county office, 2021) Tj ET" % rotation(90.0, 560.4, 380.2))
    return b"\n".join(parts)


def font_pages(n: int, special: dict[int, bytes]) -> list[bytes]:
    """n pages of upright report lines, page k also drawing `special[k]` (text in /T3 or /V0)."""
    out = []
    for no in range(1, n + 1):
        body = [upright_lines(), b"BT /F1 11 Tf 72 700 Td (Page %d: requests received 285, answered 281.) Tj ET" % no]
        if no in special:
            body.append(special[no])
        out.append(b"\n".join(body))
    return out


TYPE3_TEXT = b"BT /T3 20 Tf 300 600 Td (AAA) Tj ET"
VERTICAL_TEXT = b"BT /V0 14 Tf 500 600 Td <00010002> Tj ET"
