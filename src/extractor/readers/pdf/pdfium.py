"""The fast path: a PDF's pages read by PDFium (pypdfium2) into the objects pdfplumber would give.

PDFium's text page gives every character with its box, font size and matrix, and its page objects give
the paths and images, in C, ~7 ms a page where pdfminer's Python interpreter takes ~100 ms. Each page
becomes a `PositionedPage` (a pdfplumber page of given objects) holding chars, lines, rects, curves and
images built exactly as pdfminer + pdfplumber build them, so that `read_page` (ruled tables, rules-only
tables, word tables, lines) runs unchanged on them and the Document is the same:

- char box as pdfminer's LTChar: x from the origin to origin + advance, bottom at baseline + descent,
  height = font size × the matrix's vertical scale (PDFium's loose char box has the same x and bottom);
- paths split into subpaths at each move, a closing segment given the subpath's first point, a
  redundant last line dropped, then 2 points → line, an axis-aligned closed 4-gon → rect, else curve
  (pdfminer's `paint_path`); Bézier segments contribute their end points only, as in pdfminer;
- images: the bounds of the unit square under the image's matrix, with the pixel size (`srcsize`).

`Unreadable` (with the reason) sends the PDF to the pdfplumber path; see `read_fast`.
"""
from __future__ import annotations

import ctypes
import re
from math import floor
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import pypdfium2
import pypdfium2.raw as R

from . import sysfonts
from .positioned import PositionedPage

TYPE3 = re.compile(rb"/Subtype\s*/Type3\b")
TYPE3_WHY = "a Type3 font (glyphs drawn as paths; pdfminer maps their codes)"
BAD_CHARS = frozenset(map(chr, (0, 0xFFFD, 0xFFFE, 0xFFFF)))  # no Unicode mapping
DIGITS = 4  # PDFium works in float32: coordinates rounded to 0.1 mpt, below any tolerance of the reader
NEEDED = ("FPDFText_GetTextObject", "FPDFText_HasUnicodeMapError", "FPDFText_GetLooseCharBox",
          "FPDFTextObj_GetFont", "FPDFFont_GetIsEmbedded", "FPDFFont_GetGlyphWidth")  # pdfium API read

Matrix = tuple[float, float, float, float, float, float]


class Unreadable(Exception):
    """What the fast path cannot read faithfully (the reason is the message): pdfplumber reads it."""


def open_document(data: bytes) -> Any:
    if not all(hasattr(R, f) for f in NEEDED):
        raise Unreadable("this pypdfium2 is older than the text-object API the fast path reads")
    try:
        return pypdfium2.PdfDocument(data)
    except Exception as e:  # encrypted, broken: pdfplumber gives the reader's own error
        raise Unreadable(f"PDFium cannot open it ({type(e).__name__})") from None


def read_document(doc: Any, data: bytes, facts: Optional[PdfFacts] = None, fallback: bool = False
                  ) -> list[PositionedPage | Unread]:
    """Every page of an open PDFium document as a PositionedPage; Unreadable where the fast path would
    not give what pdfplumber gives. With `fallback`, a page it cannot read is an `Unread` (pdfplumber
    reads that page) instead; what holds for the whole document (the page count, no page with text)
    is still Unreadable."""
    pages: list[PositionedPage | Unread] = []
    facts = facts or font_metrics(data)
    descents = facts.fonts
    if facts.pages != len(doc):
        raise Unreadable(f"PDFium finds {len(doc)} pages, pdfminer {facts.pages}")
    if TYPE3.search(data) and not facts.stream_pages and not any(TYPE3_WHY in why for why in facts.refused.values()):
        raise Unreadable(f"{TYPE3_WHY} that no page's resources hold")  # (where it is used is not known)
    doctop = 0.0
    from .dropped import PageStreams
    streams = PageStreams(facts.miner_pages, facts.stream_pages)  # (a page's content stream read only where needed)
    for no in range(1, len(doc) + 1):
        with sysfonts.reading():  # fonts not embedded: stand-ins whose ink boxes are cheap (sysfonts.py)
            page = doc[no - 1]
        try:
            if no in facts.refused:  # a font the page uses (font_metrics)
                raise Unreadable(facts.refused[no])
            with sysfonts.reading():
                pages.append(read_page_objects(page, no, doctop, descents, streams))
        except MemoryError:
            raise
        except Exception as e:  # Unreadable, or anything PDFium or the page objects trip on
            if not fallback:
                raise
            reason = str(e) if isinstance(e, Unreadable) else f"page {no}: {type(e).__name__}: {str(e)[:200]}"
            pages.append(Unread(no, plumber_height(page), reason))
        finally:
            page.close()
        doctop += pages[-1].height
    if not any(isinstance(p, PositionedPage) and p.chars for p in pages):
        # scans, empty or damaged files: pdfplumber's checks and OCR (and where PDFium reads no page
        # with text, the whole document is pdfplumber's: its damaged-stream check covers every page)
        raise Unreadable(next((p.reason for p in pages if isinstance(p, Unread)), "no text layer"))
    return pages


@dataclass
class Unread:
    """A page the fast path cannot read faithfully (pdfplumber reads it): its number, its height as
    pdfplumber takes it (the next pages' doctop) and why."""
    no: int
    height: float
    reason: str


def plumber_height(page: Any) -> float:
    """pdfplumber's page height: the MediaBox's, its sides swapped on a page turned by 90° or 270°."""
    x0, y0, x1, y1 = page.get_mediabox()
    return abs(x1 - x0) if page.get_rotation() % 180 else abs(y1 - y0)


@dataclass
class FontMetrics:
    """What pdfminer takes from a font dictionary for a char box: the descent (per unit of font size)
    and the advance widths the font declares (thousandths of the size)."""
    descent: float
    widths: set[int] = field(default_factory=set)  # the default widths (DW, MissingWidth) at first
    arrays: list[Callable[[], set[float]]] = field(default_factory=list)  # W / Widths, read when needed
    cmap: Optional[tuple[str, str]] = None  # a Type0 font without ToUnicode: its UCS-2 CMap and CID collection

    def all_widths(self) -> set[int]:
        """Every declared width: the W / Widths arrays parsed on first need (a CJK font's W array is
        thousands of numbers, and most of its chars have the default width)."""
        while self.arrays:
            self.widths |= {round(w) for w in self.arrays.pop()()}
        return self.widths


@dataclass
class PdfFacts:
    """What the fast path takes from pdfminer's parser (never its content interpreter); `refused`:
    the pages whose fonts the fast path cannot read (a Type3 font, a CMap that may be vertical, in
    the page's resources or those of a form it draws), and why."""
    fonts: dict[str, FontMetrics]
    pages: int
    metadata: dict
    refused: dict[int, str] = field(default_factory=dict)
    miner_pages: list = field(default_factory=list)  # pdfminer's pages (their content streams: dropped.py)
    stream_pages: set[int] = field(default_factory=set)  # a Type3 font in the page's own resources (dropped.py)


def font_metrics(data: bytes) -> PdfFacts:
    """Each font's metrics by name, the page count and the metadata, as pdfminer reads them: the FontDescriptor's
    Descent (0 when absent, made negative) or a standard font's AFM, the Widths / W arrays. PDFium
    takes the descent from the font file where the descriptor says 0, and at times the glyph's own
    advance, so its boxes would differ from pdfplumber's. Read with pdfminer's parser, which opens
    only the page tree and the font dictionaries (no content stream is interpreted)."""
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdfpage import PDFPage
    from pdfminer.psparser import literal_name
    from pdfminer.pdftypes import dict_value, list_value, resolve1

    from . import objects

    out: dict[str, FontMetrics] = {}
    # a font or form object the pages share is read once (its metrics are the same), what it refuses kept
    fonts_seen: dict[int, Optional[str]] = {}
    forms_seen: dict[int, Optional[str]] = {}

    def name(spec: dict) -> str:
        base = resolve1(spec.get("BaseFont"))
        return literal_name(base) if base is not None else ""

    def string(v: Any) -> str:
        v = resolve1(v)
        return v.decode("latin-1").strip() if isinstance(v, bytes) else "unknown"

    def add(key: str, got: FontMetrics) -> None:
        if key in out and out[key].descent != got.descent:
            raise Unreadable(f"two fonts named {key} with different metrics")
        mine = out.setdefault(key, FontMetrics(got.descent, cmap=got.cmap))
        if mine.cmap != got.cmap:
            mine.cmap = ("", "")  # two fonts of one name, coded otherwise: pdfminer's text not known
        mine.widths |= got.widths
        mine.arrays.extend(got.arrays)

    def numbers(v: Any) -> list[float]:
        return [float(resolve1(x)) for x in list_value(v) if isinstance(resolve1(x), (int, float))]

    def cid_widths(w: Any) -> set[float]:
        out: set[float] = set()
        for v in list_value(w):
            v = resolve1(v)
            if isinstance(v, list):
                out.update(numbers(v))
            elif isinstance(v, (int, float)):
                out.add(float(v))  # a code or the width of a range: a superset is enough
        return out

    def font(spec: dict) -> Optional[str]:
        """The font's metrics added; what refuses the pages using it (None: nothing)."""
        subtype = literal_name(resolve1(spec.get("Subtype"))) if spec.get("Subtype") is not None else "Type1"
        if subtype == "Type3":
            return TYPE3_WHY
        top = name(spec)
        cmap = None
        if subtype == "Type0":
            encoding = resolve1(spec.get("Encoding"))
            if not hasattr(encoding, "name") or not str(literal_name(encoding)).endswith("-H"):
                return f"font {top}: a CMap that may be vertical"
            unicode_coded = re.search("UCS2|UTF16", str(literal_name(encoding))) and "ToUnicode" not in spec
            spec = dict_value(list_value(spec["DescendantFonts"])[0])
            if unicode_coded:  # pdfminer's text: the CID collection's Unicode (pdfminer's `cidcoding`)
                info = dict_value(spec.get("CIDSystemInfo", {}))
                cmap = (str(literal_name(encoding)), "-".join(string(info.get(k)) for k in ("Registry", "Ordering")))
        base = name(spec)
        desc = dict_value(spec.get("FontDescriptor", {}))
        arrays: list[Callable[[], set[float]]] = []
        if subtype in ("Type1", "MMType1", "TrueType") and base in FONT_METRICS:
            descent = float(FONT_METRICS[base][0].get("Descent", 0))
            widths = set(FONT_METRICS[base][1].values())
        elif subtype == "Type0":
            descent = float(resolve1(desc.get("Descent", 0)) or 0)
            widths = {float(resolve1(spec.get("DW", 1000)))}
            arrays.append(lambda spec=spec: cid_widths(spec.get("W", [])))
        else:
            descent = float(resolve1(desc.get("Descent", 0)) or 0)
            widths = {float(resolve1(desc.get("MissingWidth", 0)) or 0)}
            arrays.append(lambda spec=spec: set(numbers(spec.get("Widths", []))))
        got = FontMetrics(-abs(descent) * 0.001, {round(w) for w in widths}, arrays, cmap)
        for key in {top, base}:  # PDFium names a font without its subset tag (ABCDEF+) at times
            add(key, got)
            add(key.split("+", 1)[1] if key[6:7] == "+" else key, got)
        return None

    def resources(res: Any, depth: int = 0) -> Optional[str]:
        """The fonts of a resource dictionary and of the forms it holds read; the first refusal."""
        res = dict_value(res)
        why: Optional[str] = None
        for spec in dict_value(res.get("Font", {})).values():
            key = getattr(spec, "objid", None)
            got = fonts_seen[key] if key in fonts_seen else font(dict_value(spec))
            if key is not None:
                fonts_seen[key] = got
            if got == TYPE3_WHY and not depth:  # in the page's own resources: its chars from its stream (dropped.py)
                type3_here.append(True)
                continue
            why = why or got
        for ref in dict_value(res.get("XObject", {})).values():
            key = getattr(ref, "objid", None)
            if key in forms_seen:
                why = why or forms_seen[key]
                continue
            if depth > 16:
                return why or "form XObjects nested more than 16 deep"
            forms_seen[key] = None  # (a form that holds itself: read once)
            x = resolve1(ref)
            attrs = getattr(x, "attrs", {})
            if literal_name(attrs.get("Subtype")) == "Form" and "Resources" in attrs:
                forms_seen[key] = resources(attrs["Resources"], depth + 1)
            why = why or forms_seen[key]
        return why

    refused: dict[int, str] = {}
    type3_here: list[bool] = []
    stream_pages: set[int] = set()
    count = 0
    doc = objects.FastDocument(data)  # pdfminer's document, its plain objects read by one regex
    miner_pages = []
    for page in PDFPage.create_pages(doc):
        miner_pages.append(page)
        count += 1
        type3_here.clear()
        why = resources(page.resources)
        if why is not None:
            refused[count] = f"page {count}: {why}"
        elif type3_here:
            stream_pages.add(count)
    return PdfFacts(out, count, metadata(doc), refused, miner_pages, stream_pages)


def read_page_objects(page: Any, no: int, doctop: float, descents: dict[str, FontMetrics],
                      streams: Any = None) -> PositionedPage:
    box = page.get_mediabox()
    if page.get_rotation() % 360 or tuple(page.get_cropbox()) != tuple(box) or box[0] or box[1]:
        raise Unreadable(f"page {no} is rotated, cropped or offset")
    width, height = round(float(box[2]), DIGITS), round(float(box[3]), DIGITS)
    objects = page_objects(page)
    if streams is not None and no in streams.whole:  # a Type3 font: every object pdfminer's (dropped.page_chars)
        from .dropped import stream_graphics

        width, height = streams.size(no, width, height)
        drawn: list = []
        chars = streams.page_chars(page, no, height, doctop, objects, drawn)
        graphics = stream_graphics(page_graphics(page, no, height, objects), drawn, no, height)
    else:
        chars = page_chars(page, no, height, doctop, descents, objects, streams)
        graphics = page_graphics(page, no, height, objects)
    for o in graphics:
        o["doctop"] = o["top"] + doctop
    out = PositionedPage(no, width, height, graphics, chars)
    out.initial_doctop = doctop
    return out


def _c(name: str, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function called without per-call conversion: with no argtypes, ctypes passes a
    Python int as a C int and a ctypes object (`c_void_p`, `byref`) as it is, a third of the cost of
    typed arguments (the per-char calls are most of the fast path's own cost)."""
    if not hasattr(R, name):
        return None
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(R, name), ctypes.c_void_p).value)


_P, _I, _A = ctypes.c_void_p, ctypes.c_int, ctypes.c_ssize_t  # _A: an address as an int, 0 for NULL
# called as f(handle, index, byref(out)...): the handle a c_void_p, the index an int
_text_object = _c("FPDFText_GetTextObject", _A)  # an address: a dict key, unlike the typed pointer
_text_font = _c("FPDFTextObj_GetFont", _P, _P)  # typed: called with an address, once a text object
_loose_box = _c("FPDFText_GetLooseCharBox", _I)
_origin = _c("FPDFText_GetCharOrigin", _I)
_map_error = _c("FPDFText_HasUnicodeMapError", _I)
_generated = _c("FPDFText_IsGenerated", _I)
_matrix = _c("FPDFText_GetMatrix", _I)
_font_size = _c("FPDFText_GetFontSize", ctypes.c_double)
_page_object = _c("FPDFPage_GetObject", _A)
_object_type = _c("FPDFPageObj_GetType", _I)
_glyph_width = _c("FPDFFont_GetGlyphWidth", _I, _P, ctypes.c_uint32, ctypes.c_float, _P)  # typed: called rarely
_is_embedded = _c("FPDFFont_GetIsEmbedded", _I, _P)  # typed: once a style
_bounds = _c("FPDFPageObj_GetBounds", _I, _P, _P, _P, _P, _P)  # typed: once a text object ending in a space


def handle(obj: Any) -> Any:
    """A pypdfium2 handle as the c_void_p the untyped calls take."""
    return ctypes.cast(obj, ctypes.c_void_p)


def page_objects(page: Any) -> list[tuple[int, Optional[int], int]]:
    """The page's top-level objects as (index, address, type), read once for the chars and the paths."""
    at, get, kind, P = handle(page.raw), _page_object, _object_type, ctypes.c_void_p
    return [(i, obj or None, kind(P(obj))) for i in range(R.FPDFPage_CountObjects(page.raw)) for obj in (get(at, i),)]


def page_text(raw: Any, n: int) -> list[str]:
    """The text page's n characters, one string each (one call; per char where UTF-16 pairs them)."""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = R.FPDFText_GetText(raw, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[:2 * max(got - 1, 0)].decode("utf-16-le", "replace")
    if len(text) == n:
        return list(text)
    return [chr(R.FPDFText_GetUnicode(raw, i)) for i in range(n)]


def page_chars(page: Any, no: int, height: float, doctop: float, descents: dict[str, FontMetrics],
               objects: list[tuple[int, int, int]], streams: Any = None) -> list[dict]:
    """The text page's characters (PDFium's generated spaces and line breaks left out); `objects`: the
    page's `page_objects`. The loop runs once per char: the PDFium calls and caches are local names.
    Where the text page may have left chars out (a space after a space in one text object, a text object
    whose first char or a char after its last space is missing), they are recovered from the content
    stream (`dropped.recover`, with `streams` a `dropped.PageStreams`; without it, Unreadable)."""
    tp = page.get_textpage()
    try:
        raw = tp.raw
        at = handle(raw)
        n = R.FPDFText_CountChars(raw)
        texts = page_text(raw, n)
        # the per-char outputs read through memoryviews (a ctypes field read costs a call each)
        rect, xy, m = (ctypes.c_float * 4)(), (ctypes.c_double * 2)(), R.FS_MATRIX()  # FS_RECTF: left, top, right, bottom
        box, origin_xy = memoryview(rect).cast("B").cast("f"), memoryview(xy).cast("B").cast("d")
        at_rect, at_m, at_ox, at_oy = ctypes.byref(rect), ctypes.byref(m), ctypes.byref(xy), ctypes.byref(xy, 8)
        # a text object's style by its matrix, size and font: most PDFs draw each char as its own object;
        # per style, PDFium's advance → pdfminer's, and the baseline → the row (a char dict of the y values)
        styles: dict[tuple, tuple[Any, FontMetrics, str, Optional[dict], bool, dict, dict[float, dict]]] = {}
        last: Any = styles  # no text object yet
        out: list[dict] = []
        owners: list[int] = []  # each char's text object
        dropped: Optional[str] = None  # why chars may be missing (then recovered from the content stream)
        after_space = False  # the last char a space of this text object: a space after it may be dropped
        spaced: set[int] = set()  # text objects with a char after a space (dropped.no_drops may prove them whole)
        generated, map_error, text_object, loose_box, origin = _generated, _map_error, _text_object, _loose_box, _origin
        matrix, font_size, text_font, make, add, own = _matrix, _font_size, _text_font, char_object, out.append, owners.append
        for i, text in enumerate(texts):
            if text in " \r\n" and generated(at, i):
                continue
            if text in BAD_CHARS or map_error(at, i):
                raise Unreadable(f"page {no}: a character without a Unicode mapping")
            obj = text_object(at, i) or None
            first = obj != last
            if first:  # the chars of one text object share font, size and matrix
                if after_space and not dropped:
                    dropped = trailing_space(last, out[-1], no)
                matrix(at, i, at_m)
                key = (m.a, m.b, m.c, m.d, font_size(at, i), text_font(obj))
                got = styles.get(key)
                if got is None:
                    got = styles[key] = (*char_style(raw, i, key, descents, no), {}, {})
                style, metrics, font, template, substituted, advances, rows = got
                last = obj
            loose_box(at, i, at_rect)
            origin(at, i, at_ox, at_oy)
            if first:
                if abs(origin_xy[0] - m.e) > 0.01 or abs(origin_xy[1] - m.f) > 0.01:
                    dropped = dropped or f"page {no}: a text object whose first char the text page leaves out"
            elif after_space:
                spaced.add(obj)
            after_space = text == " "
            if template is None:  # turned text (rotated, mirrored, skewed): see turned_char
                add(turned_char(style, text, box, tight_box(raw, i), origin_xy, metrics, key[5], no, height, doctop))
                own(obj)
                continue
            if substituted:  # a font not embedded: the box is widened by the ink of PDFium's stand-in
                left = origin_xy[0]
                adv = advances.get(text)
                if adv is None:
                    adv = advances[text] = declared_advance(key[5], text, style[4], metrics, font, no)
            else:
                left = box[0]
                if left < origin_xy[0] - 1e-3:  # inked left of the origin (Times' j): the advance box starts there
                    left = origin_xy[0]
                wide = box[2] - left
                adv = advances.get(wide)
                if adv is None:  # (a width new to the style: PDFium's boxes asked once)
                    adv = None if inked_right(raw, i, box[2]) else advance(wide, style[4], metrics)
                    if adv is None:  # the glyph's ink wider than its advance: the font asked, char by char
                        adv = glyph_advance(key[5], text, wide, left - origin_xy[0], style[4], metrics, font, no)
                    else:
                        advances[wide] = adv
            base = origin_xy[1]
            row = rows.get(base)
            if row is None:
                row = rows[base] = char_row(template, round(base + style[1], DIGITS), height, doctop)
            add(make(row, text, left, adv))
            own(obj)
        if after_space and not dropped:
            dropped = trailing_space(last, out[-1], no)
        if spaced and not dropped and (streams is None or not streams.no_drops(page, no, spaced, objects, out, owners)):
            dropped = f"page {no}: a char after a space in one text object (a space between may be left out)"
        if not dropped:
            try:
                return with_lone_spaces(page, out, owners, no, height, doctop, descents, objects)
            except Unreadable as e:
                dropped = str(e)
        if streams is None:
            raise Unreadable(dropped)
        from .dropped import recover
        return recover(page, streams, no, height, doctop, out, owners, objects)
    finally:
        tp.close()


def trailing_space(obj: int, space: dict, no: int) -> Optional[str]:
    """Why chars may be missing where the text page left out a char after a text object's last char, a space: PDFium
    drops a space that follows a space on its line (`CloseTempLine`) and a char repeating one of the
    last few at nearly the same origin, pdfminer keeps both. A space draws no ink, so the object's
    bounds end at its origin unless a char follows it (the bounds reach that char's origin, at or past
    the space's advance: `lo_html` PDFs, a table cell's " " … " " in one object)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not _bounds(obj, *(ctypes.addressof(v) for v in (left, bottom, right, top))):
        return f"page {no}: a text object without bounds"
    if right.value > space["x1"] - 0.01:
        return f"page {no}: a text object with a char after its last space the text page leaves out"
    return None


def with_lone_spaces(page: Any, out: list[dict], owners: list[int], no: int, height: float, doctop: float,
                     descents: dict[str, FontMetrics], objects: list[tuple[int, int, int]]) -> list[dict]:
    """The chars with the text objects PDFium's text page leaves out added: it drops an object that
    draws no ink (its bounds 0 wide: the lone " " in an empty table cell of `dev4100/c018`) and gives
    no text for it, while pdfminer keeps its char, which moves pdfplumber's words and rules-only
    columns. Such an object is taken as one space, its advance the font's space as a space char of
    the same font on the page has it, put after the chars of the text object drawn before it (the
    content stream's order, pdfplumber's); Unreadable where the page has no such space char or the
    object draws ink."""
    raw = page.raw
    seen = set(owners)
    text = R.FPDF_PAGEOBJ_TEXT
    if all(obj in seen for _, obj, kind in objects if kind == text):
        return out
    after = {o: k for k, o in enumerate(owners)}  # a text object → the index after its last char
    inserts: list[tuple[int, dict]] = []
    previous = 0
    for i, obj, kind in objects:
        if kind != text:
            continue
        if obj in seen:
            previous = after[obj] + 1
            continue
        inserts.append((previous, lone_space(R.FPDFPage_GetObject(raw, i), out, no, height, doctop,
                                             descents)))
    for at, char in reversed(inserts):
        out.insert(at, char)
    return out


def lone_space(obj: Any, chars: list[dict], no: int, height: float, doctop: float,
               descents: dict[str, FontMetrics]) -> dict:
    """A text object the text page left out as pdfminer's space char (see with_lone_spaces)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    R.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    if right.value - left.value > 1e-3:
        raise Unreadable(f"page {no}: a text object with ink the text page leaves out")
    m, size = R.FS_MATRIX(), ctypes.c_float()
    R.FPDFPageObj_GetMatrix(obj, m)
    R.FPDFTextObj_GetFontSize(obj, size)
    buf = ctypes.create_string_buffer(256)
    handle = R.FPDFTextObj_GetFont(obj)
    k = R.FPDFFont_GetBaseFontName(handle, buf, len(buf))
    font = buf.raw[:max(k - 1, 0)].decode("utf-8", "replace")
    if font not in descents:
        raise Unreadable(f"page {no}: font {font!r} not found among the page resources")
    style = text_style((m.a, m.b, m.c, m.d), size.value, font, descents[font].descent, no)
    blank, width = font_blank(ctypes.cast(handle, ctypes.c_void_p).value, font, no)
    like = next((c for c in chars if c["text"] == " " and c["fontname"] == font), None) if blank == " " else None
    if like is not None:
        adv = (like["x1"] - like["x0"]) / like["matrix"][0] / like["size"] * like["matrix"][3] * style[4]
    elif width in descents[font].all_widths():
        adv = width * style[4] / 1000
    else:
        raise Unreadable(f"page {no}: a text object the text page leaves out, no width for its {blank!r}")
    return char_object(char_row(char_template(style, no), round(m.f + style[1], DIGITS), height, doctop), blank,
                       m.e, adv)


BLANKS = " \u00a0\u3000\u2002\u2003\u2009"  # what an inkless one-char text object may hold


def font_blank(handle: int, font: str, no: int) -> tuple[str, int]:
    """The one blank char the font maps (PDFium gives no char code for a text object its text page
    leaves out) and the width the font declares for it: where it maps none or several (DejaVuSerif's
    " " and no-break space, LibreOffice's `&nbsp;` cells), pdfminer's char is not known."""
    w = ctypes.c_float()
    got = [(b, round(w.value)) for b in BLANKS
           if _glyph_width(handle, ord(b), 1000.0, ctypes.addressof(w)) and w.value > 0]
    if len(got) != 1:
        raise Unreadable(f"page {no}: a text object the text page leaves out, "
                         f"{'several blanks' if got else 'no blank'} in its font {font!r}")
    return got[0]


def char_style(raw: Any, i: int, key: tuple, descents: dict[str, FontMetrics], no: int
               ) -> tuple[Style | Turned, FontMetrics, str, Optional[dict], bool]:
    """The style, font metrics, font name and char template of char i (key: its matrix, font size
    and font), and whether the font is one PDFium substitutes (not embedded)."""
    buf = ctypes.create_string_buffer(256)
    k = R.FPDFText_GetFontInfo(raw, i, buf, len(buf), ctypes.c_int())
    font = buf.raw[:max(k - 1, 0)].decode("utf-8", "replace")
    if font not in descents:
        raise Unreadable(f"page {no}: font {font!r} not found among the page resources")
    substituted = not _is_embedded(key[5])
    if not upright_axes(key[:4]):
        return Turned(key[:4], key[4], descents[font].descent, font, no), descents[font], font, None, False
    style = text_style(key[:4], key[4], font, descents[font].descent, no)
    return style, descents[font], font, char_template(style, no), substituted


def upright_axes(abcd: tuple[float, float, float, float]) -> bool:
    """Text drawn along the page's axes, upright (the chars of the fast loop of page_chars)."""
    a, b, c, d = abcd
    return not (b or c or a <= 0 or d <= 0)


NEAR_AXIS = 1e-6  # a matrix entry this small (but not 0) against the largest: its sign is float32's, not the PDF's


class Turned:
    """The chars of a text object set with any other matrix (rotated, mirrored, flipped, skewed): what
    they share. pdfminer's `upright` is a·d > 0 and b·c ≤ 0 of the char's matrix (the text matrix
    times the CTM, PDFium's `FPDFText_GetMatrix`): taken from PDFium's float32 entries, so an entry
    near 0 but not 0, whose sign float32 may have turned, is Unreadable."""

    def __init__(self, abcd: tuple[float, float, float, float], font_size: float, descent: float, font: str,
                 no: int):
        a, b, c, d = abcd
        big = max(map(abs, abcd))
        if not big or not font_size or any(v and abs(v) < NEAR_AXIS * big for v in abcd):
            raise Unreadable(f"page {no}: turned text with a matrix entry near 0")
        self.abcd, self.font_size, self.descent = abcd, font_size, descent * font_size
        self.upright = a * d > 0 and b * c <= 0
        self.template = {**char_template((0.0, 0.0, (0.0, 0.0), font, 0.0), no), "upright": self.upright}


Style = tuple[float, float, tuple[float, float], str, float]


def text_style(abcd: tuple[float, float, float, float], font_size: float, font: str, descent: float,
               no: int) -> Style:
    """(char size, descent below the baseline, matrix scale, font name, horizontal size) of a text
    object's chars."""
    a, b, c, d = abcd
    if b or c or a <= 0 or d <= 0:  # rotated or mirrored text: pdfminer's upright and boxes differ
        raise Unreadable(f"page {no}: text that is not upright")
    size = font_size * d
    return round(size, DIGITS), descent * size, (round(a, 6), round(d, 6)), font, font_size * a


WIDTH_SNAP = 20  # thousandths of the size: PDFium's advance this close to a declared width is that width


def advance(wide: float, hsize: float, metrics: FontMetrics) -> Optional[float]:
    """The char's advance as pdfminer's (the width the font declares × size): PDFium's loose box
    (`wide`) is that width, or wider by a few thousandths; None where it is off every declared width
    by more (see glyph_advance)."""
    got = wide * 1000 / hsize if hsize else 0.0
    if round(got) in metrics.widths or round(got) in metrics.all_widths():
        return wide
    widths = metrics.widths
    near = min(widths, key=lambda w: abs(w - got), default=None)
    if near is None or abs(near - got) > WIDTH_SNAP:
        return None
    return near * hsize / 1000


SAFE_SUBSTITUTED = re.compile("[\u0020-\u007e\u2010-\u203b\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]")


def declared_advance(handle: int, text: str, hsize: float, metrics: FontMetrics, font: str, no: int) -> float:
    """The advance of a char of a font PDFium substitutes (not embedded, as STSong-Light is): the width
    the font declares for it (`FPDFFont_GetGlyphWidth`, a width pdfminer knows), since the stand-in's
    ink widens PDFium's box. Only ASCII, general punctuation (quotes, dashes), CJK ideographs and CJK or full-width punctuation (seen to match): outside them
    PDFium's code → Unicode map for a CID font without ToUnicode is not pdfminer's (the Latin-1 letters
    of STSong-Light came out as others)."""
    declared = declared_width(handle, text, metrics) if SAFE_SUBSTITUTED.fullmatch(text) else None
    theirs = pdfminer_text(metrics.cmap, text) if declared is not None and metrics.cmap else text
    if theirs != text:
        raise Unreadable(f"page {no}: font {font!r} (not embedded): pdfminer maps the code of {text!r} to {theirs!r}")
    if declared is not None:
        return declared * hsize / 1000
    raise Unreadable(f"page {no}: font {font!r} (not embedded): no declared width pdfminer would take for {text!r}")


def pdfminer_text(cmap: tuple[str, str], text: str) -> Optional[str]:
    """pdfminer's text for the code of `text` in a Type0 font without ToUnicode whose CMap is UCS-2
    coded (PDFium's text is the code itself; pdfminer's the CID collection's Unicode for the code's
    CID: U+2014 in Adobe-Korea1 is U+2015), None where it gives none (an unknown CMap or CID)."""
    from pdfminer.cmapdb import CMapDB

    try:
        cids = list(CMapDB.get_cmap(cmap[0]).decode(text.encode("utf-16-be")))
        return CMapDB.get_unicode_map(cmap[1]).get_unichr(cids[0]) if len(cids) == 1 else None
    except Exception:  # CMapDB.CMapNotFound, KeyError
        return None


def glyph_advance(handle: int, text: str, wide: float, overhang: float, hsize: float, metrics: FontMetrics,
                  font: str, no: int) -> float:
    """The advance of a char whose PDFium box is off every width its font declares. PDFium's loose box
    is the advance box united with the glyph's ink (`GetLooseBounds`), so a glyph inked beyond its
    advance has a wider box (LibreOffice's NotoSerifCJKjp-*-VKana fonts: 总 1047 thousandths, declared
    1000). The font's width for the char (`FPDFFont_GetGlyphWidth`: the code of its Unicode, that
    code's width in the font dictionary) is its advance where it is one the font declares, not 0, and
    inside the box, the box starting at the origin (`overhang`: its left edge less the origin's x);
    anything else is Unreadable."""
    got = wide * 1000 / hsize if hsize else 0.0
    declared = declared_width(handle, text, metrics) if abs(overhang) < 1e-3 else None
    if declared is not None and declared <= got + 0.5:
        return declared * hsize / 1000
    raise Unreadable(f"page {no}: font {font!r}: PDFium's advance is not one the font declares")


INK = 0.05  # pt: a tight box this high holds ink (a blank's is PDFium's advance box, about 0 high)


def inked_right(raw: Any, i: int, right: float) -> bool:
    """Whether the right side of char i's loose box is its ink's (PDFium's tight box's) rather than
    its advance's: then the box's width is not the advance, even where it is a width the font
    declares (Times' f, inked past its 333 to 389, J's width)."""
    left, top, right_ink, bottom = tight_box(raw, i)
    return top - bottom > INK and abs(right_ink - right) <= FIT_TOL


def declared_width(handle: int, text: str, metrics: FontMetrics) -> Optional[int]:
    """The font's width for a char (thousandths; `FPDFFont_GetGlyphWidth`: the code of its Unicode,
    that code's width in the font dictionary) where it is a whole one the font declares, not 0."""
    w = ctypes.c_float()
    if len(text) != 1 or not _glyph_width(handle, ord(text), 1000.0, ctypes.addressof(w)):
        return None
    declared = round(w.value)
    if declared and abs(w.value - declared) < 1e-3 and declared in metrics.all_widths():
        return declared
    return None


FIT_TOL = 2e-3  # pt: float32 coordinates, the equations of turned_width against PDFium's box
SIDE_NOISE = 2.5e-4  # pt: a side of PDFium's boxes (float32, a page below 2048 pt) off its exact value at most
W_SURE = 0.25  # thousandths of the size: W at most this far off (its noise through the equations) to be read


def tight_box(raw: Any, i: int) -> tuple[float, float, float, float]:
    """PDFium's tight box of char i (the glyph's ink box under the char's matrix): left, top, right, bottom."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    R.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
    return left.value, top.value, right.value, bottom.value


def turned_width(abcd: tuple[float, float, float, float], loose: Any, tight: tuple[float, float, float, float],
                 origin: Any, size: float, known: Optional[float] = None) -> Optional[float]:
    """The advance W of a turned char from PDFium's boxes (or whether a `known` W is PDFium's: W or
    None). PDFium's loose box (`GetLooseBounds`) is the bounds of the advance box [0, W] × [y0, y1]
    (from the origin; W the font's width × size, y0 and y1 its descent and ascent) under the char's
    matrix, united with the tight (ink) box. Each side of those bounds is one corner's coordinate, a
    linear function of W, y0, y1 picked by the signs of the matrix; a side of the loose box that is
    not the tight box's is the advance box's (an equation), one that is may be either (the advance
    box inside the loose box there). None where the equations do not determine W (or, W known, y0 and
    y1), do not agree, or the box they give passes the loose box, has W ≤ 0 or y1 ≤ y0; or where W
    is not sure to a quarter of a thousandth of the font size (`size`) under float32's noise."""
    import numpy as np

    sides, inks, rows = np.array(box_sides(loose, origin)), np.array(box_sides(tight, origin)), turned_rows(abcd)
    exact = [k for k in range(4) if abs(sides[k] - inks[k]) > FIT_TOL]
    if not exact:
        return None
    m, v = rows[exact], sides[exact]
    if known is not None:  # the unknowns y0, y1
        m, v = m[:, 1:], v - m[:, 0] * known
    got, _, rank, _ = np.linalg.lstsq(m, v, rcond=None)
    if known is not None:
        if rank < 2:
            return None
        got = np.concatenate([[known], got])
    elif np.linalg.matrix_rank(np.vstack([m, (1.0, 0.0, 0.0)])) != rank:
        return None  # W not determined by the sides that are the advance box's
    elif float(np.abs(m @ got - v).max()) > FIT_TOL:
        return None
    elif float(np.abs(np.linalg.pinv(m)[0]).sum()) * SIDE_NOISE * 1000 > W_SURE * size:
        return None  # W from a side it barely moves (a matrix entry near 0): float32's noise, magnified
    w, y0, y1 = (float(x) for x in got)
    if known is not None and float(np.abs(rows[exact] @ got - sides[exact]).max()) > FIT_TOL:
        return None
    if w <= 0:
        return None
    if known is not None or rank == 3:  # y0, y1 determined: the advance box inside the loose box
        at = rows @ got
        if y1 <= y0 or any(at[k] < sides[k] - FIT_TOL if k in (0, 2) else at[k] > sides[k] + FIT_TOL
                           for k in range(4)):
            return None
    return w


def turned_rows(abcd: tuple[float, float, float, float]) -> Any:
    """The sides of a turned advance box [0, W] × [y0, y1] (left, right, bottom, top, from the origin)
    as linear functions of (W, y0, y1): the corner of least / most x is picked by a and c, of y by b and d."""
    import numpy as np

    a, b, c, d = abcd
    return np.array([(min(a, 0.0), c if c >= 0 else 0.0, c if c < 0 else 0.0),  # left
                     (max(a, 0.0), c if c < 0 else 0.0, c if c >= 0 else 0.0),  # right
                     (min(b, 0.0), d if d >= 0 else 0.0, d if d < 0 else 0.0),  # bottom
                     (max(b, 0.0), d if d < 0 else 0.0, d if d >= 0 else 0.0)])  # top


def box_sides(box: Any, origin: Any) -> tuple[float, float, float, float]:
    """A box (left, top, right, bottom) as its sides' offsets from the origin: left, right, bottom, top."""
    return box[0] - origin[0], box[2] - origin[0], box[3] - origin[1], box[1] - origin[1]


def turned_char(style: Turned, text: str, loose: Any, tight: tuple[float, float, float, float], origin: Any,
                metrics: FontMetrics, font_handle: int, no: int, height: float, doctop: float) -> dict:
    """A turned char as pdfminer's LTChar: the bounds of its box [0, adv] × [descent, descent + size]
    (text space, from the origin) under the char's matrix; `size` the bounds' height. The advance is
    PDFium's (turned_width), read as the upright chars' is (`advance`); where the ink box hides it (a
    glyph inked beyond its advance, or a space's box at a right angle), the font's width for the char
    (`declared_width`, as `glyph_advance`) where PDFium's boxes agree with it."""
    w = turned_width(style.abcd, loose, tight, origin, style.font_size)
    if w is None:
        declared = declared_width(font_handle, text, metrics)
        if declared is not None:
            w = turned_width(style.abcd, loose, tight, origin, style.font_size, declared * style.font_size / 1000)
    if w is None:
        raise Unreadable(f"page {no}: font {style.template['fontname']!r}: PDFium's box of a turned char "
                         f"is not an advance box")
    fs = style.font_size
    adv = advance(w, fs, metrics)
    if adv is None:
        adv = glyph_advance(font_handle, text, w, 0.0, fs, metrics, style.template["fontname"], no)
    a, b, c, d = style.abcd
    ox, oy = origin[0], origin[1]
    lo, hi = style.descent, style.descent + fs
    xs = (ox + c * lo, ox + c * hi, ox + a * adv + c * lo, ox + a * adv + c * hi)
    ys = (oy + d * lo, oy + d * hi, oy + b * adv + d * lo, oy + b * adv + d * hi)
    x0, x1, y0, y1 = round4(min(xs)), round4(max(xs)), round(min(ys), DIGITS), round(max(ys), DIGITS)
    o = style.template.copy()
    top = height - y1
    o.update(text=text, adv=adv, x0=x0, x1=x1, y0=y0, y1=y1, top=top, bottom=height - y0, doctop=top + doctop,
             width=x1 - x0, height=y1 - y0, size=y1 - y0,
             matrix=(round(a, 6), round(b, 6), round(c, 6), round(d, 6), round4(ox), round(oy, DIGITS)))
    return o


def round4(v: float) -> float:
    """round(v, DIGITS) (DIGITS = 4) by an integer round: v × 10⁴ rounded to the nearest integer n
    (floor(t + ½): cheaper than round(t), the same away from halves), then n / 10⁴, the double
    nearest that decimal, as round's decimal conversion gives; round itself where the product may
    lie near a half (within 10⁻⁵ of one), at 0 (its sign) and for huge values (round with digits
    converts to and from decimal: slow, and called twice a char)."""
    t = v * 10000.0
    n = floor(t + 0.5)
    d = t - n
    if n and -0.49999 < d < 0.49999 and -1e12 < t < 1e12:
        return n / 10000.0
    return round(v, DIGITS)


def char_template(style: Style, no: int) -> dict:
    """The keys of a char as pdfplumber's, in its order, with what the chars of a style share."""
    size, _, (a, d), font, _ = style
    return {"object_type": "char", "page_number": no, "text": "", "fontname": font, "size": size,
            "adv": 0.0, "upright": True, "x0": 0.0, "x1": 0.0, "y0": 0.0, "y1": 0.0,
            "top": 0.0, "bottom": 0.0, "doctop": 0.0, "width": 0.0, "height": size, "matrix": (a, 0.0, 0.0, d),
            "stroking_color": None, "non_stroking_color": None, "mcid": None, "tag": None}


def char_row(template: dict, y0: float, height: float, doctop: float) -> dict:
    """The template of the chars of one style on one baseline: y0 from the baseline and pdfminer's
    descent (rounded), y1 from the size; doctop: the page's."""
    o = template.copy()
    y1 = y0 + o["size"]
    top = height - y1
    o["y0"], o["y1"], o["top"], o["bottom"], o["doctop"] = y0, y1, top, height - y0, top + doctop
    return o


def char_object(row: dict, text: str, left: float, adv: float) -> dict:
    """A char as pdfplumber's (a copy of its row's template, see char_row): x from the origin
    (PDFium's loose box) to origin + advance. Runs once per char: x0 and x1 are round4's integer round
    of both at once, round4 itself only where that may not hold."""
    right = left + adv
    t, u = left * 10000.0, right * 10000.0
    k, j = floor(t + 0.5), floor(u + 0.5)
    if k and j and -0.49999 < t - k < 0.49999 and -0.49999 < u - j < 0.49999 and -1e12 < t < 1e12 and -1e12 < u < 1e12:
        x0, x1 = k / 10000.0, j / 10000.0
    else:
        x0, x1 = round4(left), round4(right)
    o = row.copy()
    o["text"] = text
    o["adv"] = o["width"] = x1 - x0
    o["x0"], o["x1"] = x0, x1
    o["matrix"] += (x0, o["y0"])
    return o


# --- paths and images ---------------------------------------------------------------------------
def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: [x y 1] · m · n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def object_matrix(obj: Any) -> Matrix:
    m = R.FS_MATRIX()
    if not R.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def page_graphics(page: Any, no: int, height: float, objects: list[tuple[int, int, int]]) -> list[dict]:
    raw = page.raw
    out: list[dict] = []
    for i, _, kind in objects:
        if kind != R.FPDF_PAGEOBJ_TEXT:  # text: the text page's
            walk(R.FPDFPage_GetObject(raw, i), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), no, height, out, 0)
    return out


def walk(obj: Any, outer: Matrix, no: int, height: float, out: list[dict], depth: int) -> None:
    kind = R.FPDFPageObj_GetType(obj)
    if kind == R.FPDF_PAGEOBJ_PATH:
        out.extend(path_objects(obj, mul(object_matrix(obj), outer), no, height))
    elif kind == R.FPDF_PAGEOBJ_IMAGE:
        out.append(image_object(obj, mul(object_matrix(obj), outer), no, height))
    elif kind == R.FPDF_PAGEOBJ_FORM and depth < 32:
        inner = mul(object_matrix(obj), outer)
        for k in range(R.FPDFFormObj_CountObjects(obj)):
            walk(R.FPDFFormObj_GetObject(obj, k), inner, no, height, out, depth + 1)
    elif kind == R.FPDF_PAGEOBJ_SHADING:
        raise Unreadable(f"page {no}: a shading object")  # pdfminer does not draw it; bounds unknown


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (round4(a * x + c * y + e), round4(b * x + d * y + f))  # round(…, DIGITS), cheaper


def path_objects(obj: Any, m: Matrix, no: int, height: float) -> list[dict]:
    """A path object → pdfminer's lines, rects and curves (one per subpath), as pdfplumber dicts."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    R.FPDFPath_GetDrawMode(obj, fill, stroke)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    shape, pts = "", []
    pending_bezier = 0
    for i in range(R.FPDFPath_CountSegments(obj)):
        seg = R.FPDFPath_GetPathSegment(obj, i)
        kind = R.FPDFPathSegment_GetType(seg)
        R.FPDFPathSegment_GetPoint(seg, x, y)
        p = apply(m, x.value, y.value)
        if kind == R.FPDF_SEGMENT_MOVETO:
            if shape:
                subpaths.append((shape, pts))
            shape, pts = "m", [p]
        elif kind == R.FPDF_SEGMENT_BEZIERTO:
            pending_bezier += 1
            if pending_bezier == 3:  # c x1 y1 x2 y2 x3 y3: pdfminer keeps the end point
                shape, pending_bezier = shape + "c", 0
                pts.append(p)
        else:
            shape += "l"
            pts.append(p)
        if R.FPDFPathSegment_GetClose(seg) and shape:
            shape += "h"
            pts.append(pts[0])
    if shape:
        subpaths.append((shape, pts))
    out = []
    for shape, pts in subpaths:
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]
        if len(shape) < 2:
            continue
        out.append(shape_object(shape, pts, bool(stroke.value), fill.value != 0, no, height))
    return out


def shape_object(shape: str, pts: list[tuple[float, float]], stroke: bool, fill: bool, no: int,
                 height: float) -> dict:
    if shape in ("mlh", "ml"):
        kind, pts = "line", pts[:2]
    elif shape in ("mlllh", "mllll") and pts[0] == pts[4] and (
            (pts[0][0] == pts[1][0] and pts[1][1] == pts[2][1] and pts[2][0] == pts[3][0] and pts[3][1] == pts[0][1])
            or (pts[0][1] == pts[1][1] and pts[1][0] == pts[2][0] and pts[2][1] == pts[3][1] and pts[3][0] == pts[0][0])):
        kind = "rect"
    else:
        kind = "curve"
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    obj = {"object_type": kind, "page_number": no, "x0": x0, "x1": x1, "y0": y0, "y1": y1,
           "top": height - y1, "bottom": height - y0, "doctop": height - y1, "width": x1 - x0,
           "height": y1 - y0, "stroke": stroke, "fill": fill, "evenodd": False, "linewidth": 0,
           "stroking_color": None, "non_stroking_color": None, "mcid": None, "tag": None, "dash": None}
    if kind == "rect":
        obj["pts"] = [(x0, height - y1), (x1, height - y1), (x1, height - y0), (x0, height - y0)]
    else:
        obj["pts"] = [(px, height - py) for px, py in pts]
    return obj


def image_object(obj: Any, m: Matrix, no: int, height: float) -> dict:
    corners = [apply(m, u, v) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    w, h = ctypes.c_uint(), ctypes.c_uint()
    size: Optional[tuple[int, int]] = (w.value, h.value) if R.FPDFImageObj_GetImagePixelSize(obj, w, h) else None
    return {"object_type": "image", "page_number": no, "x0": x0, "x1": x1, "y0": y0, "y1": y1,
            "top": height - y1, "bottom": height - y0, "doctop": height - y1, "width": x1 - x0,
            "height": y1 - y0, "srcsize": size}


def metadata(doc: Any) -> dict:
    """The document information as pdfplumber's `metadata` gives it (PDFium decodes some strings that
    pdfminer leaves as bytes, and the reader's title check is made on pdfplumber's)."""
    from pdfplumber.utils.pdfinternals import resolve_and_decode

    out: dict = {}
    for info in doc.info:
        out.update(info)
    for k, v in out.items():
        try:
            out[k] = resolve_and_decode(v)
        except Exception:  # as pdfplumber without strict_metadata: the raw value stays
            pass
    return out
