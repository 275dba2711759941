"""The chars PDFium's text page leaves out, recovered from the page's content stream (issue 16, round 9).

PDFium's text page drops chars pdfminer keeps: a space that follows a space on its line
(`CPDF_TextPage::CloseTempLine`: LibreOffice Writer/Web's `[( ) -3485 ( )] TJ` under a link, a run of
spaces in one `Tj`), a text object that draws no ink (a lone " " or no-break space in an empty cell),
a char repeating one of the last few at nearly the same origin. PDFium gives no char codes, so the page's
content stream is read here: its text operators only (the text state, the CTM through q / Q / cm, the
show operators), run through pdfminer's own interpreter methods and device (`PDFPageInterpreter.do_*`,
`PDFPageAggregator`, pdfminer's font objects for the codes, widths, descent and ToUnicode), so each
char is the `LTChar` pdfminer makes. The stream is split into tokens by one regular expression where it
is written plainly (as `objects.py` reads objects), else by pdfminer's content parser.

Taken only where it is provably the same page: the show operators that make a text object (a string
that is not empty, a font set) are as many as PDFium's top-level text objects, each object's first
char sits at the object's origin, and every char the text page kept is one of its object's LTChars
(text, origin within `TOL`, right side within `WIDE_TOL`); the page's chars are then the LTChars (each
kept char replaced by its own, so its box is pdfminer's to the digit), those the text page left out
added after the kept chars of their object (the content stream's order). Anything else is
`Unreadable` (pdfplumber reads the page).
"""
from __future__ import annotations

import ctypes
import re
from typing import Any, Iterator, Optional

from .objects import DELIM, NUMBER, _name, hex_string, number
from .pdfium import Unreadable, char_template, text_style

TOL = 5e-3  # pt: a kept char's origin and its LTChar's (PDFium's float32 against pdfminer's doubles: ≤ 1 mpt seen)
WIDE_TOL = 0.05  # pt: its right side (PDFium's advance may carry a glyph's ink past it: DejaVuSerif's "/" 12 mpt)
CONTENT = re.compile(rb"""(?:\s|%[^\r\n]*)*(?:
    (?P<name>/[^/%\[\]()<>{}\s]*)
  | (?P<num>""" + NUMBER + rb""")
  | (?P<open>\[|<<)
  | (?P<close>\]|>>)
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | \((?P<str>[^()\\]*)\)
  | (?P<op>[A-Za-z'"*][^/%\[\]()<>{}\s]*""" + DELIM + rb""")
  | (?P<end>\Z)
)""", re.X)
SPACE = re.compile(rb"\s")
# pdfminer's method for each operator that moves or shows text (the rest draw, and are skipped)
TEXT_OPS = {b"q": "do_q", b"Q": "do_Q", b"cm": "do_cm", b"BT": "do_BT", b"ET": "do_ET", b"Tc": "do_Tc",
            b"Tw": "do_Tw", b"Tz": "do_Tz", b"TL": "do_TL", b"Tf": "do_Tf", b"Tr": "do_Tr", b"Ts": "do_Ts",
            b"Td": "do_Td", b"TD": "do_TD", b"Tm": "do_Tm", b"T*": "do_T_a", b"Tj": "do_Tj", b"TJ": "do_TJ",
            b"'": "do__q", b'"': "do__w"}
SHOW = frozenset((b"Tj", b"TJ", b"'", b'"'))
# and those that build and paint paths or draw an XObject (a Type3 page's graphics: `PageStreams.page_graphics`)
DRAW_OPS = {**TEXT_OPS, b"m": "do_m", b"l": "do_l", b"c": "do_c", b"v": "do_v", b"y": "do_y", b"h": "do_h",
            b"re": "do_re", b"S": "do_S", b"s": "do_s", b"f": "do_f", b"F": "do_F", b"f*": "do_f_a",
            b"B": "do_B", b"B*": "do_B_a", b"b": "do_b", b"b*": "do_b_a", b"n": "do_n", b"Do": "do_Do"}


SCALARS = {"name": lambda raw: _name(raw[1:]), "num": number, "hex": hex_string, "str": bytes}  # pdfminer's values


class Unplain(Exception):
    """A content stream not written plainly: pdfminer's content parser splits it."""


class PageStreams:
    """pdfminer's pages of one PDF (`font_metrics` read them), their content streams read when a page's
    chars may be missing."""

    def __init__(self, pages: list, whole: Optional[set[int]] = None):
        self._pages = pages
        self.whole = whole or set()  # the pages whose chars are all read here (a Type3 font: page_chars)
        self._rsrc: Any = None

    def page(self, no: int) -> Any:
        if not 0 < no <= len(self._pages):
            raise Unreadable(f"page {no}: pdfminer's page not at hand")
        if self._rsrc is None:
            from pdfminer.pdfinterp import PDFResourceManager

            self._rsrc = PDFResourceManager(caching=True)  # fonts read once for the document
        return self._pages[no - 1]

    def size(self, no: int, width: float, height: float) -> tuple[float, float]:
        """Page `no`'s width and height as pdfplumber takes them (its MediaBox as written: PDFium's,
        `width` and `height`, are float32's, 40 µpt off on an A5 page), checked against PDFium's."""
        from pdfplumber.utils.pdfinternals import resolve_all

        x0, y0, x1, y1 = resolve_all(self.page(no).attrs.get("MediaBox"))
        if abs(x1 - x0 - width) > TOL or abs(y1 - y0 - height) > TOL:
            raise Unreadable(f"page {no}: PDFium's MediaBox is not pdfminer's")
        return x1 - x0, y1 - y0

    def data(self, no: int) -> bytes:
        """Page `no`'s content streams, decoded and joined (pdfminer's parser reads them as one)."""
        from pdfminer.pdftypes import list_value, resolve1

        return b"".join(resolve1(s).get_data() for s in list_value(self.page(no).contents))

    def page_chars(self, page: Any, no: int, height: float, doctop: float,
                   objects: list[tuple[int, Optional[int], int]], drawn: Optional[list] = None) -> list[dict]:
        """Every char of a page that draws a Type3 font (Chromium's print to PDF sets its CJK text in
        Type3 fonts of 256 glyphs each): PDFium's text page puts the unified ideograph for a Kangxi or
        CJK radical the ToUnicode maps (行 for ⾏ U+2F8F) and its ink box for the advance box of such
        chars, and truncates a fractional width of a W array (Chromium's DejaVuSans: 317.87109 → 317,
        an origin 10 mpt off after one space), so the chars are pdfminer's LTChars of the content
        stream (its Type3 metrics: Widths × FontMatrix, the descent from the descriptor's FontBBox),
        checked against the text page object by object: the show operators that make objects as many
        as PDFium's top-level text objects, each object at its LTChars' origin, its chars on the text
        page its LTChars in order with their text (or a radical's ideograph), the LTChars left out
        blanks (the spaces PDFium drops), no char PDFium reads outside them. Else Unreadable. With
        `drawn`, the page's paths and images are drawn in the same pass (`shows`; `stream_graphics`)."""
        import pypdfium2.raw as R

        shows = [(chars, rise) for makes, chars, rise in self.shows(no, drawn=drawn) if makes]
        texts = [(i, obj) for i, obj, kind in objects if kind == R.FPDF_PAGEOBJ_TEXT]
        if len(shows) != len(texts):
            raise Unreadable(f"page {no}: {len(shows)} text objects in the content stream, PDFium has {len(texts)}")
        kept: dict[int, list[str]] = {}
        tp = page.get_textpage()
        try:
            raw = tp.raw
            for i in range(R.FPDFText_CountChars(raw)):
                text = chr(R.FPDFText_GetUnicode(raw, i))
                if text in " \r\n" and R.FPDFText_IsGenerated(raw, i):
                    continue
                obj = ctypes.cast(R.FPDFText_GetTextObject(raw, i), ctypes.c_void_p).value or 0
                kept.setdefault(obj, []).append(text)
        finally:
            tp.close()
        if set(kept) - {obj for _, obj in texts}:
            raise Unreadable(f"page {no}: a char PDFium reads outside the page's own text objects")
        m = R.FS_MATRIX()
        out: list[dict] = []
        for (i, obj), (lts, rise) in zip(texts, shows):
            R.FPDFPageObj_GetMatrix(R.FPDFPage_GetObject(page.raw, i), m)
            _, _, c, d, e, f = lts[0].matrix if lts else (0, 0, 0, 0, m.e + 1, m.f)
            if abs(e + c * rise - m.e) > TOL or abs(f + d * rise - m.f) > TOL:
                raise Unreadable(f"page {no}: a text object not where the content stream puts it")
            mine, j = kept.get(obj, []), 0
            for lt in lts:
                t = lt.get_text()
                n = taken(t, mine, j)
                if n:
                    j += n
                elif not t.isspace():
                    raise Unreadable(f"page {no}: a char pdfminer reads that PDFium does not ({t!r})")
                out.append(stream_char(lt, no, height, doctop))
            if j < len(mine):
                raise Unreadable(f"page {no}: a char PDFium reads that pdfminer does not ({mine[j]!r})")
        return out

    def no_drops(self, page: Any, no: int, spaced: set[int], objects: list[tuple[int, Optional[int], int]],
                 out: list[dict], owners: list[int]) -> bool:
        """Whether the text objects in `spaced` (a char after a space: PDFium may have dropped a space
        between) are provably whole without interpreting the page: the content stream scanned plainly
        (`SCAN`), its show operators that make objects as many as PDFium's top-level text objects (and
        so in each form XObject it draws, `codes_by_object`), and each of those in `spaced` with as
        many codes as chars on the text page, no two of them at one origin (a code PDFium gives
        several chars, as a ligature, could hide a dropped one)."""
        mine = self.page(no)
        codes = codes_by_object([(obj, kind) for _, obj, kind in objects], self.data(no), mine.resources, 0)
        if codes is None:
            return False
        chars: dict[int, list[dict]] = {}
        for c, obj in zip(out, owners):
            if obj in spaced:
                chars.setdefault(obj, []).append(c)
        return all(obj in codes and whole(codes[obj], chars.get(obj, [])) for obj in spaced)

    def shows(self, no: int, wanted: Optional[set[int]] = None, drawn: Optional[list] = None
              ) -> list[tuple[bool, list, float]]:
        """Page `no`'s show operators in the content stream's order: whether each makes a PDFium text
        object, its LTChars (pdfminer's, with the page unrotated at the origin: the CTM is 1) and the
        text rise (Ts: PDFium's object starts at the risen origin, pdfminer's char matrix does not).
        With `wanted` (numbers among the operators that make objects), only those are rendered (the
        others give no LTChars and move no text position: where a wanted one would start where a
        skipped one ended, its origin is not PDFium's object's and the caller refuses the page), and
        a font is read only where a wanted operator draws in it (a ToUnicode CMap is pdfminer's
        slowest parse). With `drawn`, the paths and images are drawn too, their LTCurves and LTFigures
        put in `drawn` in the stream's order (an XObject other than an image is Unreadable: a form's
        objects are PDFium's form objects, not paired here)."""
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.pdfinterp import PDFPageInterpreter
        from pdfminer.pdftypes import dict_value, list_value, resolve1

        page = self.page(no)
        device = PDFPageAggregator(self._rsrc, laparams=None)
        interp = PDFPageInterpreter(self._rsrc, device)
        ctm = (1, 0, 0, 1, 0, 0)
        device.begin_page(page, ctm)
        resources = dict(dict_value(page.resources))
        fonts = dict_value(resources.pop("Font", {}))
        interp.init_resources(resources)
        interp.fontmap = LazyFonts(self._rsrc, fonts)
        interp.init_state(ctm)
        made = device.cur_item._objs
        streams = [resolve1(s) for s in list_value(page.contents)]
        out: list[tuple[bool, list, float]] = []
        table = TEXT_OPS if drawn is None else DRAW_OPS
        try:
            ops = list(plain_ops(b"".join(s.get_data() for s in streams), table))
        except Unplain:
            ops = list(pdfminer_ops(streams, table))
        for op, args in ops:
            method = getattr(interp, table[op])
            if op == b"Do" and args and not image_xobject(interp, args[-1]):
                raise Unreadable(f"page {no}: an XObject that is not an image on a page read from its stream")
            n = method.__code__.co_argcount - 1  # pdfminer's `execute`: the last n operands, else skipped
            if len(args) < n:
                continue
            args = args[len(args) - n:] if n else []
            if op not in SHOW:
                method(*args)
                continue
            text = args[-1]
            strings = [s for s in (text if isinstance(text, list) else [text]) if isinstance(s, bytes)]
            makes = interp.textstate.font is not None and any(strings)
            if wanted is not None and not (makes and sum(m for m, _, _ in out) in wanted):
                if op == b'"':
                    interp.do_Tw(args[0])
                    interp.do_Tc(args[1])
                if op in (b"'", b'"'):
                    interp.do_T_a()
                out.append((makes, [], interp.textstate.rise))
                continue
            before = len(made)
            if op in (b"'", b'"'):  # (the rise is the same before and after)
                method(*args)
                out.append((makes, made[before:], interp.textstate.rise))
            else:
                rise = interp.textstate.rise
                method(*args)
                out.append((makes, made[before:], rise))
        if drawn is not None:
            from pdfminer.layout import LTChar

            drawn.extend(o for o in made if not isinstance(o, LTChar))
        return out


def image_xobject(interp: Any, name: Any) -> bool:
    """Whether `Do name` draws an image or nothing (pdfminer skips an unknown name), not a form."""
    from pdfminer.pdftypes import stream_value
    from pdfminer.psparser import literal_name

    ref = interp.xobjmap.get(literal_name(name))
    return ref is None or stream_value(ref).get("Subtype") is not None and literal_name(
        stream_value(ref).get("Subtype")) == "Image"


def stream_graphics(mine: list[dict], drawn: list, no: int, height: float) -> list[dict]:
    """A page's graphics as pdfminer draws them from its content stream (`drawn`: LTLine, LTRect,
    LTCurve, LTFigure of an image, in the stream's order), in the fast path's dicts (`mine`, PDFium's:
    float32 points under a float32 CTM, 0.1 mpt off pdfminer's doubles: Chromium's CTM of 0.23999999
    × 3.125 puts its rulings at x.x5 pt, where that decides a rounding). Each of PDFium's objects must
    be pdfminer's of the same kind, paint and box, its points within `TOL`; its values are then
    pdfminer's. Else Unreadable."""
    from pdfminer.layout import LTFigure, LTLine, LTRect

    if len(mine) != len(drawn):
        raise Unreadable(f"page {no}: {len(drawn)} graphics in the content stream, PDFium has {len(mine)}")
    out = []
    for g, lt in zip(mine, drawn):
        kind = ("image" if isinstance(lt, LTFigure) else "line" if isinstance(lt, LTLine)
                else "rect" if isinstance(lt, LTRect) else "curve")
        x0, y0, x1, y1 = lt.bbox
        o = dict(g, x0=x0, x1=x1, y0=y0, y1=y1, top=height - y1, bottom=height - y0, doctop=height - y1,
                 width=x1 - x0, height=y1 - y0)
        if kind == "rect":
            o["pts"] = [(x0, height - y1), (x1, height - y1), (x1, height - y0), (x0, height - y0)]
        elif kind != "image":
            o["pts"] = [(x, height - y) for x, y in (lt.pts[:2] if kind == "line" else lt.pts)]
        if (kind != g["object_type"] or len(o.get("pts", ())) != len(g.get("pts", ()))
                or kind != "image" and (lt.stroke, lt.fill) != (g["stroke"], g["fill"])
                or any(abs(o[k] - g[k]) > TOL for k in ("x0", "x1", "y0", "y1"))
                or any(abs(a - b) > TOL for p, q in zip(o.get("pts", ()), g.get("pts", ())) for a, b in zip(p, q))):
            raise Unreadable(f"page {no}: a {g['object_type']} PDFium draws is not pdfminer's {kind}")
        out.append(o)
    return out


STRING = rb"<[0-9A-Fa-f\s]*>|\((?:[^()\\]++|\\.)*\)"
# the matches a search for the alternatives below would find, one by one: the bytes no alternative can
# start at skipped in one step (`[^…]++`, the alternatives' first bytes left; a B not of BI), then one
# alternative, else that one byte (`.`: a search moves on by one) or the end
SCAN = re.compile(rb"""(?:[^<(\[/)%B]++|B(?!I\b))*+(?:
    (?P<show>(?P<s>""" + STRING + rb"""|\[(?:[^\[\]()<>]++|""" + STRING + rb""")*\])\s*(?:Tj|TJ|'|\"))""" + DELIM + rb"""
  | /(?P<font>[^/%\[\]()<>{}\s]+)\s+""" + NUMBER + rb"""\s+Tf""" + DELIM + rb"""
  | /(?P<xobject>[^/%\[\]()<>{}\s]+)\s+Do""" + DELIM + rb"""
  | """ + STRING + rb"""
  | (?P<bad>[()%]|\bBI\b)
  | . | \Z
)""", re.X | re.S)
STRINGS = re.compile(STRING, re.S)
ESCAPE = re.compile(rb"\\(?:[0-7]{1,3}|\r\n?|\n|.)", re.S)


def code_bytes(resources: Any) -> dict[str, int]:
    """Bytes per char code of each font of the resources by name: 1 for a simple font, 2 for a Type0
    font with an Identity or UCS-2 CMap, 0 where not known (another CMap: codes of 1 to 4 bytes)."""
    from pdfminer.pdftypes import dict_value, resolve1
    from pdfminer.psparser import literal_name

    out = {}
    for name, spec in dict_value(dict_value(resources).get("Font", {})).items():
        spec = dict_value(spec)
        subtype = resolve1(spec.get("Subtype"))
        if subtype is None or literal_name(subtype) != "Type0":
            out[name] = 1 if subtype is not None and literal_name(subtype) != "Type3" else 0
            continue
        encoding = resolve1(spec.get("Encoding"))
        cmap = str(literal_name(encoding)) if hasattr(encoding, "name") else ""
        out[name] = 2 if cmap in ("Identity-H", "Identity-V") or "UCS2" in cmap else 0
    return out


def codes_by_object(kids: list[tuple[Optional[int], int]], data: bytes, resources: Any, depth: int
                    ) -> Optional[dict[Optional[int], int]]:
    """The number of char codes of each PDFium text object of a content stream (`kids`: PDFium's
    objects of it in order, address and type) and of the form XObjects it draws, by address: the k-th
    show operator that makes an object is the k-th text object, the k-th form drawn (`Do`) the k-th
    form object; None where the counts do not pair (or `show_codes` cannot say)."""
    import pypdfium2.raw as R
    from pdfminer.pdftypes import dict_value, resolve1
    from pdfminer.psparser import literal_name

    got = show_codes(data, code_bytes(resources))
    if got is None or depth > 8:
        return None
    counts, drawn = got
    text, form = R.FPDF_PAGEOBJ_TEXT, R.FPDF_PAGEOBJ_FORM
    texts = [a for a, kind in kids if kind == text]
    forms = [a for a, kind in kids if kind == form]
    if len(counts) != len(texts):
        return None
    out = dict(zip(texts, counts))
    if not drawn and not forms:
        return out
    xobjects = dict_value(dict_value(resources).get("XObject", {}))
    named = [resolve1(xobjects[n]) for n in drawn if n in xobjects]
    named = [x for x in named if literal_name(getattr(x, "attrs", {}).get("Subtype")) == "Form"]
    if len(named) != len(forms):
        return None
    for a, x in zip(forms, named):
        h = ctypes.cast(a, R.FPDF_PAGEOBJECT)
        inner = [R.FPDFFormObj_GetObject(h, k) for k in range(R.FPDFFormObj_CountObjects(h))]
        inner = [(ctypes.cast(o, ctypes.c_void_p).value, R.FPDFPageObj_GetType(o)) for o in inner]
        sub = codes_by_object(inner, x.get_data(), x.attrs.get("Resources", resources), depth + 1)
        if sub is None:
            return None
        out.update(sub)
    return out


def show_codes(data: bytes, widths: dict[str, int]) -> Optional[tuple[list[int], list[str]]]:
    """The number of char codes of each show operator that makes a text object (a string not empty, a
    font set), in the stream's order, and the names of the XObjects drawn (`Do`); None where the
    stream is not plain enough to say (a comment, a parenthesis inside a string, an inline image, a
    font of unknown code length). One step per match (`show_bytes` counts an operator's strings in
    bulk; a font's code length looked up once per name as written)."""
    counts: list[int] = []
    drawn: list[str] = []
    width = 0
    fonts: dict[bytes, int] = {}
    add = counts.append
    for show, s, font, xobject, bad in SCAN.findall(data):  # (an alternative's groups: one not empty)
        if show:
            n = show_bytes(s)
            if n:
                if not width or n % width:
                    return None
                add(n // width)
        elif font:
            width = fonts.get(font, -1)
            if width < 0:
                width = fonts[font] = widths.get(_name(font).name, 0)
        elif xobject:
            drawn.append(_name(xobject).name)
        elif bad:
            return None
    return counts, drawn


EVEN_HEX = re.compile(rb"<((?:[0-9A-Fa-f]{2})*)>")
LITERAL_BODY = re.compile(rb"\(([^()\\]*)\)")


def show_bytes(s: bytes) -> int:
    """The bytes of a show operator's strings (its operand: a string or an array) as pdfminer reads
    them: in bulk where they are all hex strings without white space and of even length, or all
    literal strings without a backslash (as LibreOffice and most writers put them), else string by
    string (`string_bytes`)."""
    if b"(" not in s:
        bodies = EVEN_HEX.findall(s)
        if len(bodies) == s.count(b"<"):
            return sum(map(len, bodies)) >> 1
    elif b"<" not in s and b"\\" not in s:
        bodies = LITERAL_BODY.findall(s)
        if len(bodies) == s.count(b"("):
            return sum(map(len, bodies))
    return sum(string_bytes(t) for t in STRINGS.findall(s))


def string_bytes(s: bytes) -> int:
    """The bytes of a string token as pdfminer reads it (hex: an odd last digit is a byte)."""
    if s[:1] == b"<":
        digits = len(SPACE.sub(b"", s[1:-1]))
        return (digits + 1) // 2
    body = s[1:-1]
    if b"\\" not in body:
        return len(body)
    return len(ESCAPE.sub(lambda m: b"" if m.group(0)[1:2] in b"\r\n" else b"x", body))


class LazyFonts(dict):
    """pdfminer's font map of a page, each font read when first drawn in (pdfminer's `init_resources`
    reads all), through pdfminer's resource manager (one font object per PDF object)."""

    def __init__(self, rsrc: Any, specs: dict):
        super().__init__()
        self._rsrc, self._specs = rsrc, specs

    def __missing__(self, name: Any) -> Any:
        if name not in self._specs:
            raise KeyError(name)
        self[name] = font = FontRef(self._rsrc, self._specs[name])
        return font


class FontRef:
    """A font of the page, read by pdfminer on its first use (the text state holds it from Tf on)."""

    def __init__(self, rsrc: Any, spec: Any):
        self._rsrc, self._spec, self._font = rsrc, spec, None

    def __getattr__(self, name: str) -> Any:
        if self._font is None:
            from pdfminer.pdftypes import PDFObjRef, dict_value

            from .type1_header import plain_headers

            objid = self._spec.objid if isinstance(self._spec, PDFObjRef) else None
            with plain_headers():  # (a Type1 font file's encoding read by one regex: the same values)
                self._font = self._rsrc.get_font(objid, dict_value(self._spec))
        return getattr(self._font, name)


def plain_ops(data: bytes, table: dict = TEXT_OPS) -> Iterator[tuple[bytes, list]]:
    """The text operators of a plainly written content stream with their operands (pdfminer's values:
    ints, floats, names, bytes, lists; dicts as lists, never an operand here); Unplain at anything else
    (a literal string with a backslash or parenthesis inside, an inline image)."""
    at, stack = 0, [[]]
    while True:
        m = CONTENT.match(data, at)
        if not m:
            raise Unplain
        at = m.end()
        kind, cur = m.lastgroup, stack[-1]
        if kind == "end":
            if len(stack) > 1:
                raise Unplain
            return
        if kind in SCALARS:
            cur.append(SCALARS[kind](m.group(kind)))
        elif kind == "open":
            stack.append([])
        elif kind == "close":
            if len(stack) == 1:
                raise Unplain
            items = stack.pop()
            stack[-1].append(items)
        else:
            op = m.group(kind)
            if op in (b"true", b"false", b"null"):
                cur.append({b"true": True, b"false": False, b"null": None}[op])
                continue
            if op in (b"BI", b"ID") or len(stack) > 1:
                raise Unplain
            if op in table:
                yield op, cur
            stack[0] = []


def pdfminer_ops(streams: list, table: dict = TEXT_OPS) -> Iterator[tuple[bytes, list]]:
    """The text operators as pdfminer's content parser splits the streams."""
    from pdfminer.pdfinterp import PDFContentParser
    from pdfminer.psparser import PSEOF, PSKeyword

    parser = PDFContentParser(streams)
    args: list = []
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return
        if isinstance(obj, PSKeyword):
            if obj.name in table:
                yield obj.name, args
            args = []
        else:
            args.append(obj)


def whole(codes: int, chars: list[dict]) -> bool:
    """Whether a text object of `codes` char codes is whole on the text page, which has `chars` of
    it: as many, no two at one origin (a code PDFium gives several chars, as a ligature, could hide
    a dropped one; the char's matrix ends with its origin)."""
    return codes == len(chars) and not any(
        abs(a["matrix"][4] - b["matrix"][4]) < 1e-3 and abs(a["matrix"][5] - b["matrix"][5]) < 1e-3
        for a, b in zip(chars, chars[1:]))


def recover(page: Any, streams: PageStreams, no: int, height: float, doctop: float, out: list[dict],
            owners: list[int], objects: list[tuple[int, Optional[int], int]]) -> list[dict]:
    """The page's chars with those the text page left out added (see the module's doc); Unreadable
    where the page is not provably pdfminer's."""
    import pypdfium2.raw as R

    texts = [(i, obj) for i, obj, kind in objects if kind == R.FPDF_PAGEOBJ_TEXT]
    kept: dict[int, list[int]] = {}
    for k, obj in enumerate(owners):
        kept.setdefault(obj, []).append(k)
    if set(kept) - {obj for _, obj in texts}:
        raise Unreadable(f"page {no}: a char the text page may leave out in a form")
    got = show_codes(streams.data(no), code_bytes(streams.page(no).resources))
    counts = got[0] if got is not None else None
    wanted = None  # the objects to interpret: those not proved whole by their codes (all, if unknown)
    if counts is not None and len(counts) == len(texts):
        wanted = {k for k, (_, obj) in enumerate(texts) if not whole(counts[k], [out[j] for j in kept.get(obj, [])])}
    shows = [(chars, rise) for makes, chars, rise in streams.shows(no, wanted) if makes]
    if len(shows) != len(texts):
        raise Unreadable(f"page {no}: {len(shows)} text objects in the content stream, PDFium has {len(texts)}")
    inserts: list[tuple[int, int, dict]] = []
    previous = 0
    m = R.FS_MATRIX()
    for order, ((i, obj), (lts, rise)) in enumerate(zip(texts, shows)):
        if wanted is not None and order not in wanted:
            previous = kept[obj][-1] + 1 if obj in kept else previous
            continue
        if not lts:
            raise Unreadable(f"page {no}: a text object pdfminer makes no char of")
        handle = R.FPDFPage_GetObject(page.raw, i)
        R.FPDFPageObj_GetMatrix(handle, m)
        _, _, c, d, e, f = lts[0].matrix
        if abs(e + c * rise - m.e) > TOL or abs(f + d * rise - m.f) > TOL:
            raise Unreadable(f"page {no}: a text object not where the content stream puts it")
        mine = kept.get(obj, [])
        free = list(range(len(lts)))
        for k in mine:
            c = out[k]
            hit = next((j for j in free if same(c, lts[j], height)), None)
            if hit is None:
                raise Unreadable(f"page {no}: a char PDFium reads that pdfminer does not ({c['text']!r})")
            free.remove(hit)
            if axes(lts[hit]):  # (a turned char stays the fast path's: turned_char, checked to match)
                out[k] = lt_char(lts[hit], c, handle, no, height, doctop)
        like = out[mine[0]] if mine else None
        at = mine[-1] + 1 if mine else previous
        for j in free:
            inserts.append((at, order * 1_000_000 + j, lt_char(lts[j], like, handle, no, height, doctop)))
        if mine:
            previous = mine[-1] + 1
    for at, _, char in sorted(inserts, key=lambda t: (t[0], t[1]), reverse=True):
        out.insert(at, char)
    return out


RADICALS = (0x2E80, 0x2FDF)  # CJK Radicals Supplement, Kangxi Radicals
IDEOGRAPHS = (0x4E00, 0x9FFF)


def same_text(mine: str, pdfium_text: str) -> bool:
    """pdfminer's text of a char and PDFium's: the same, or a radical and the ideograph PDFium puts for it."""
    if mine == pdfium_text:
        return True
    return (len(mine) == len(pdfium_text) == 1 and RADICALS[0] <= ord(mine) <= RADICALS[1]
            and IDEOGRAPHS[0] <= ord(pdfium_text) <= IDEOGRAPHS[1])


def taken(mine: str, pdfium_chars: list[str], j: int) -> int:
    """How many of PDFium's chars from j are pdfminer's char `mine`: 1 for the same (or a radical's
    ideograph), the length of its compatibility decomposition for one PDFium splits (ﬁ → f, i), else 0."""
    if j < len(pdfium_chars) and same_text(mine, pdfium_chars[j]):
        return 1
    import unicodedata

    parts = unicodedata.normalize("NFKC", mine)
    if parts != mine and "".join(pdfium_chars[j:j + len(parts)]) == parts:
        return len(parts)
    return 0


def stream_char(lt: Any, no: int, height: float, doctop: float) -> dict:
    """pdfminer's LTChar as pdfplumber's char dict (its font name, box, size, upright, matrix)."""
    o = char_template((lt.size, 0.0, (1.0, 1.0), lt.fontname, 0.0), no)
    o.update(lt_box(lt, height, doctop), upright=bool(lt.upright), matrix=tuple(lt.matrix[:4]) + (lt.x0, lt.y0))
    return o


def lt_box(lt: Any, height: float, doctop: float) -> dict:
    """An LTChar's text and box in pdfplumber's char fields: pdfminer's own values, as pdfplumber takes
    them (no float32 to round off)."""
    x0, x1, y0, y1 = lt.x0, lt.x1, lt.y0, lt.y1
    top = height - y1
    return dict(text=lt.get_text(), x0=x0, x1=x1, y0=y0, y1=y1, top=top, bottom=height - y0, doctop=top + doctop,
                adv=x1 - x0, width=x1 - x0, height=y1 - y0)


def same(c: dict, lt: Any, height: float) -> bool:
    """A kept char of the fast path and pdfminer's LTChar: the same text and box."""
    return (c["text"] == lt.get_text() and abs(c["x0"] - lt.x0) <= TOL and abs(c["x1"] - lt.x1) <= WIDE_TOL
            and abs(c["top"] - (height - lt.y1)) <= TOL and abs(c["bottom"] - (height - lt.y0)) <= TOL)


def axes(lt: Any) -> bool:
    """An LTChar set upright along the page's axes."""
    a, b, c, d = lt.matrix[:4]
    return not (b or c or a <= 0 or d <= 0) and lt.upright


def lt_char(lt: Any, like: Optional[dict], handle: Any, no: int, height: float, doctop: float) -> dict:
    """pdfminer's LTChar as the fast path's char dict: a kept char of its text object copied (its font
    name, size, matrix scale as PDFium gives them), else a template from the PDFium object's style."""
    import pypdfium2.raw as R

    if not axes(lt):
        raise Unreadable(f"page {no}: a char the text page leaves out in turned text")
    if like is None:
        m, size = R.FS_MATRIX(), ctypes.c_float()
        R.FPDFPageObj_GetMatrix(handle, m)
        R.FPDFTextObj_GetFontSize(handle, size)
        buf = ctypes.create_string_buffer(256)
        k = R.FPDFFont_GetBaseFontName(R.FPDFTextObj_GetFont(handle), buf, len(buf))
        font = buf.raw[:max(k - 1, 0)].decode("utf-8", "replace")
        like = char_template(text_style((m.a, m.b, m.c, m.d), size.value, font, 0.0, no), no)
    o = like.copy()
    o.update(lt_box(lt, height, doctop), size=lt.size, matrix=tuple(like["matrix"][:4]) + (lt.x0, lt.y0))
    return o
