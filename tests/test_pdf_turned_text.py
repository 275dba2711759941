"""Issue 16: text that is not upright (rotated, mirrored, flipped, skewed) read by the PDFium fast path.
Every char of PDFs written for the test (tests/turned_pdfs.py: many angles, matrices, Tz / Tc / Tw / Ts,
a rotated CTM under a rotated text matrix; seeded random ones too) against pdfplumber's; the Documents
of pages laid out as the reports lay turned text out (a round seal, a watermark, a margin note) and of
the county report's stamp (page 3 of gov2021_county_stamp.pdf, set at 20°); and the cases the fast
path cannot prove, which stay pdfplumber's.

The grids of many turned lines are checked char by char, not as Documents: PDFium's turned origins
are float32 (10⁻⁴ pt off pdfminer's), and where pdfplumber's clustering of such a grid turns on a
tie (two edges exactly a tolerance apart, as a grid of round numbers makes them), the two readings
may part (see the README's PDF fast path section)."""
from __future__ import annotations

import io
import math
import random
from typing import Optional

import pdfplumber
import pytest

from extractor.readers.pdf import pdfium, read_pdf

from conftest import FIXTURES
from test_pdf_fast_path import document_differences
import turned_pdfs as T

KEYS = ("x0", "x1", "top", "bottom", "doctop", "size", "width", "height")
TOL = 0.01  # pt, as the fast path's other char checks (PDFium works in float32)
ANGLES = [0.5, 5, 20, 30, 45, 60, 89, 89.99, 90, 90.01, 91, 135, 179, 180, 181, 225, 269, 270, 271, 300, 315, 359.5]
# (entries off round numbers: a box edge exactly a tolerance (3 pt) from another makes pdfplumber's
# clustering turn on the last bit of a float, which no reader can promise on either path)
MATRICES = [(-1.03, 0, 0, 0.97), (0.98, 0, 0, -1.01), (-1.02, 0, 0, -0.99), (1.01, 0, 0.31, 0.98),
            (0.99, 0.29, 0, 1.02), (2.03, 0, 0, 0.51), (0, 1.01, 0.98, 0), (0, -0.97, -1.02, 0),
            (0.51, 0.49, -1.03, 0.98), (1.47, -0.41, 0.19, 0.71), (-0.81, 0.59, 0.61, 0.79)]


def fast_pages(data: bytes) -> list:
    doc = pdfium.open_document(data)
    try:
        return pdfium.read_document(doc, data, fallback=True)
    finally:
        doc.close()


def char_differences(data: bytes, pages: Optional[set[int]] = None) -> tuple[list[str], list[str], int]:
    """(differences, the fast path's refusals, turned chars compared) of every char of every page the
    fast path reads (of `pages`, default all), against pdfplumber's: text and order, upright, the box
    keys within TOL."""
    out, refused, turned = [], [], 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for mine, theirs in zip(fast_pages(data), pdf.pages):
            if pages is not None and theirs.page_number not in pages:
                continue
            if isinstance(mine, pdfium.Unread):
                refused.append(mine.reason)
                continue
            if [c["text"] for c in mine.chars] != [c["text"] for c in theirs.chars]:
                out.append(f"page {mine.page_number}: the chars' texts")
                continue
            for a, b in zip(mine.chars, theirs.chars):
                turned += a["matrix"][1] != 0 or a["matrix"][2] != 0 or a["matrix"][0] < 0 or a["matrix"][3] < 0
                if a["upright"] != b["upright"] or any(abs(a[k] - b[k]) > TOL for k in KEYS):
                    out.append(f"page {mine.page_number} {a['text']!r} {b['matrix']}: "
                               + ", ".join(f"{k} {a[k]:.4f}/{b[k]:.4f}" for k in KEYS if abs(a[k] - b[k]) > TOL))
    return out, refused, turned


def same_documents(data: bytes) -> list[str]:
    return document_differences(read_pdf(data, ocr=False), read_pdf(data, ocr=False, engine="pdfplumber"))


@pytest.mark.parametrize("font", [b"F1", b"F2", b"F3"])
def test_rotated_text_at_many_angles(font):
    # (Times' f and y are inked outside their advance: at some angles refused, see test_random_turns)
    text = b"Seal 2021 ok" if font == b"F2" else b"Seal 2021 fy"
    data = T.document([T.angles_page(ANGLES[:12], font), T.angles_page(ANGLES[12:], font, 14, text)])
    bad, refused, turned = char_differences(data)
    assert (bad, refused) == ([], [])
    assert turned > 150


@pytest.mark.parametrize("font", [b"F1", b"F2", b"F3"])
def test_a_seal_a_watermark_and_a_margin_note(font):
    """The Document too: two pages, each with a round seal (22 chars, each at its own angle), a 41°
    watermark and a 90° note beside upright lines."""
    data = T.document([T.seal_page(font), T.seal_page(font, 300.1, 400.2, 70.3)])
    bad, refused, turned = char_differences(data)
    assert (bad, refused, turned) == ([], [], 2 * (22 + 10 + 34))
    assert same_documents(data) == []
    assert read_pdf(data, ocr=False).source.pdf_paths.pdfplumber == []


@pytest.mark.parametrize("ops", [b"", b"50 Tz", b"1.5 Tc 3 Tw", b"3 Ts", b"140 Tz -0.5 Tc 2 Ts"])
def test_mirrored_flipped_skewed_and_scaled_text(ops):
    """Horizontal scaling (Tz) is in PDFium's matrix and in pdfminer's advance: the same box either way."""
    data = T.document([T.matrices_page(MATRICES, ops, b"F1"), T.matrices_page(MATRICES[:6], ops, b"F3")])
    bad, refused, turned = char_differences(data)
    assert (bad, refused) == ([], [])
    assert turned > 80


def test_text_turned_by_the_ctm_and_the_text_matrix():
    data = T.document([T.composed_page([(30, 30), (45, -45), (90, 90), (200, 10), (270, 0), (0, 270),
                                        (123, 77), (-20, 200)])])
    bad, refused, turned = char_differences(data)
    assert (bad, refused) == ([], [])
    assert turned > 50


def test_text_turned_in_a_form_xobject():
    """A form drawn under its own turned /Matrix (PDFium's char matrix has the form's in it)."""
    form = T.angles_page([0.0, 33.3, 90.0, 201.7, 300.1], b"F1", 10, b"Form seal")
    data = T.document([T.upright_lines()], text_forms={1: (b"0.8191 0.5736 -0.5736 0.8191 150.3 -80.7", form)})
    bad, refused, turned = char_differences(data)
    assert (bad, refused) == ([], [])
    assert turned > 100  # the form's upright lines turned too


@pytest.mark.parametrize("seed", range(4))
def test_random_turns(seed):
    """Seeded random angles, matrices and text states: every page the fast path reads has pdfplumber's
    chars; a page it refuses is refused for the one reason it cannot prove (a glyph inked outside its
    advance box on the sides that give the advance, PDFium's boxes disagreeing with the font's width:
    Times' j under some skews)."""
    rng = random.Random(seed)
    font = b"F%d" % rng.randint(1, 3)
    mats = [(rng.uniform(-2, 2), rng.uniform(-2, 2), rng.uniform(-2, 2), rng.uniform(-2, 2)) for _ in range(12)]
    ops = b"%d Tz %.1f Tc %.1f Tw %.1f Ts" % (rng.randint(30, 150), rng.uniform(-1, 2), rng.uniform(-1, 3),
                                              rng.uniform(-3, 3))
    data = T.document([T.angles_page([rng.uniform(0, 360) for _ in range(16)], font, rng.randint(6, 20)),
                       T.matrices_page(mats, font=font), T.matrices_page(mats[:8], ops),
                       T.composed_page([(rng.uniform(0, 360), rng.uniform(0, 360)) for _ in range(12)], font)])
    bad, refused, turned = char_differences(data)
    assert bad == []
    assert len(refused) <= 2 and all("box of a turned char is not an advance box" in r for r in refused)
    assert turned > 150


def test_the_stamp_is_read_by_pdfium():
    """gov2021_county_stamp.pdf, page 3: the seal's 10 chars set at 20° (NotoSansCJKjp, ink outside
    the advance box on some sides), each as pdfplumber's."""
    data = (FIXTURES / "pdf" / "gov2021_county_stamp.pdf").read_bytes()
    bad, refused, turned = char_differences(data, {3})  # (PDFium orders page 2's chars otherwise: upright)
    assert (bad, refused, turned) == ([], [], 10)
    assert same_documents(data) == []
    page = fast_pages(data)[2]
    seal = [c for c in page.chars if c["matrix"][1]]
    assert "".join(c["text"] for c in seal) == "青山县人民政府办公室"
    assert seal[0]["upright"] and seal[0]["size"] == pytest.approx(12.8171, abs=1e-3)  # the bounds' height
    assert seal[0]["x0"] == pytest.approx(372.3798, abs=1e-3)


def test_an_ink_box_that_hides_the_advance(monkeypatch):
    """Times' j under a skew where its ink is the loose box's left and bottom, the sides that give
    the advance: the font's width for j (278), checked against PDFium's other sides, is pdfminer's;
    where the font gives none for j, the page is pdfplumber's (and the Document the same)."""
    data = T.document([T.upright_lines(), T.matrices_page([(1.01, 0.963, 1.746, -0.312)], font=b"F2")])
    assert char_differences(data)[:2] == ([], [])
    real = pdfium.declared_width
    monkeypatch.setattr(pdfium, "declared_width", lambda handle, text, metrics: None if text == "j" else
                        real(handle, text, metrics))
    bad, refused, _ = char_differences(data)
    assert bad == [] and refused == ["page 2: font 'Times-Roman': PDFium's box of a turned char is not an advance box"]
    assert read_pdf(data, ocr=False).source.pdf_paths.pdfplumber == [2]
    assert same_documents(data) == []


def test_a_width_the_boxes_deny_is_refused():
    """W from PDFium's loose box (the advance box [0, 5] × [-2, 8] at 30°, the ink inside it); a
    width the boxes deny is refused, and W is refused where the ink hides the sides that give it."""
    t = math.radians(30)
    abcd = (math.cos(t), math.sin(t), -math.sin(t), math.cos(t))
    left, right, bottom, top = pdfium.turned_rows(abcd) @ (5.0, -2.0, 8.0)
    loose, ink = (left, top, right, bottom), (left + 0.5, top - 0.5, right - 0.5, bottom + 0.5)
    assert pdfium.turned_width(abcd, loose, ink, (0.0, 0.0), 10.0) == pytest.approx(5.0)
    assert pdfium.turned_width(abcd, loose, ink, (0.0, 0.0), 10.0, 5.0) == 5.0
    assert pdfium.turned_width(abcd, loose, ink, (0.0, 0.0), 10.0, 5.6) is None  # the right side disagrees
    hidden = (left + 0.5, top, right, bottom + 0.5)  # the ink is the right and the top: W's sides at 30°
    assert pdfium.turned_width(abcd, loose, hidden, (0.0, 0.0), 10.0) is None
    assert pdfium.turned_width(abcd, loose, hidden, (0.0, 0.0), 10.0, 5.0) == 5.0
    assert pdfium.turned_width(abcd, loose, hidden, (0.0, 0.0), 10.0, 5.6) is None  # passes the loose box


def test_a_matrix_entry_near_zero_is_refused():
    """An entry whose sign float32 may have turned decides pdfminer's `upright`: not read."""
    with pytest.raises(pdfium.Unreadable, match="near 0"):
        pdfium.Turned((1.0, 1e-8, -1.0, 1.0), 10.0, -0.2, "F", 1)
    t = pdfium.Turned((math.cos(1), math.sin(1), -math.sin(1), math.cos(1)), 10.0, -0.2, "F", 1)
    assert t.upright and t.descent == pytest.approx(-2.0)
    assert not pdfium.Turned((-1.0, 0.0, 0.0, 1.0), 10.0, -0.2, "F", 1).upright


def test_upright_glyph_inked_left_of_its_origin():
    """Times' j, upright and scaled (2 0 0 0.5): PDFium's loose box starts at its ink, left of the
    origin; the char's x0 is the origin, as pdfminer's."""
    data = T.document([T.matrices_page([(2, 0, 0, 0.5), (1, 0, 0, 1)], font=b"F2")])
    bad, refused, _ = char_differences(data)
    assert (bad, refused) == ([], [])
    j = [c for c in fast_pages(data)[0].chars if c["text"] == "j"]
    assert j[0]["x0"] == pytest.approx(j[0]["matrix"][4], abs=1e-3)


def test_upright_glyph_inked_past_its_advance():
    """Times' f at 11 pt: PDFium's loose box ends at its ink, 4.279 pt wide, which is J's width (389),
    one the font declares; the advance is f's 333 (3.663 pt), as pdfminer's, because the box's right
    side is the ink's (PDFium's tight box)."""
    data = T.document([T.upright_lines() + b"\nBT /F2 11 Tf 72 700 Td (of which fjord, Jeff) Tj ET"])
    assert char_differences(data)[:2] == ([], [])
    f = next(c for c in fast_pages(data)[0].chars if c["text"] == "f" and c["fontname"] == "Times-Roman")
    assert f["x1"] - f["x0"] == pytest.approx(3.663, abs=1e-3)
    assert same_documents(data) == []
