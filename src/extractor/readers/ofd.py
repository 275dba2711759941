"""OFD (GB/T 33190-2016, the national fixed-layout format) → the one Document, through the PDF path.

An OFD is a ZIP of XML: OFD.xml → DocBody/DocRoot (Doc_0/Document.xml) → Pages/Page BaseLoc
(Pages/Page_0/Content.xml) → Layers of TextObject (TextCode with X, Y, DeltaX, in the object's
Boundary), PathObject (AbbreviatedData M/L/C … in its Boundary: the ruling lines) and ImageObject.
Template pages (TemplatePage) are drawn under their pages; PageBlocks are walked. Millimetres become
PDF points, each glyph a positioned char, each straight path segment a line, and the pages go through
readers/pdf (read_pages → pages_document): tables come from the same ruled / rules-only builders.

The XML is parsed with entities left unexpanded, no DTD loaded, no network and libxml2's depth
limit; a document type declaration is refused outright.
"""
from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator, Optional

from lxml import etree

from ..model import Document, ReadError, SourceInfo
from .pdf import pages_document, read_pages
from .pdf.positioned import PositionedPage, char, image, line
from .zipped import open_zip, read_member

PT = 72 / 25.4  # OFD units are millimetres
MAX_PAGES = 2000
MAX_OBJECTS = 200_000  # drawn objects per page
MAX_CHARS = 2_000_000  # glyphs in the whole document
ASCENT = 0.85  # share of the font size above the baseline
WHAT = "the OFD file"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True)
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _fail(message: str) -> ReadError:
    return ReadError("ofd_unreadable", f"{WHAT} cannot be read: {message}")


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def child(el: etree._Element, name: str) -> Optional[etree._Element]:
    return next((c for c in el if local(c) == name), None)


def children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c) == name]


def floats(s: Optional[str]) -> list[float]:
    try:
        return [float(x) for x in (s or "").split()]
    except ValueError:
        return []


def deltas(s: Optional[str]) -> list[float]:
    """DeltaX / DeltaY: numbers, `g N V` standing for N times V."""
    out: list[float] = []
    toks = (s or "").split()
    i = 0
    while i < len(toks) and len(out) < MAX_CHARS:
        if toks[i] == "g" and i + 2 < len(toks):
            try:
                out.extend([float(toks[i + 2])] * min(int(toks[i + 1]), MAX_CHARS))
            except ValueError:
                pass
            i += 3
        else:
            try:
                out.append(float(toks[i]))
            except ValueError:
                pass
            i += 1
    return out


def compose(m: Matrix, n: Matrix) -> Matrix:
    """m then n (row vectors: [x y 1] · m · n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


@dataclass
class Package:
    z: object
    fonts: dict[str, str] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)  # TemplatePage ID → Content.xml path
    chars: int = 0

    def xml(self, path: str) -> etree._Element:
        data = read_member(self.z, path, "ofd_unreadable", WHAT)
        try:
            root = etree.fromstring(data, _PARSER)
        except (etree.XMLSyntaxError, ValueError) as e:
            raise _fail(f"{path} is not well-formed XML ({' '.join(str(e).split())[:120]})") from None
        info = root.getroottree().docinfo
        if info.doctype or info.internalDTD is not None or b"<!ENTITY" in data[:65536]:
            raise _fail(f"{path} declares a document type (entities are not accepted)")
        return root


def resolve(base_dir: str, loc: str) -> str:
    loc = (loc or "").strip().replace("\\", "/")
    path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc)
    return posixpath.normpath(path)


def text_objects(pkg: Package, obj: etree._Element, m: Matrix, page_no: int, out: list[dict]) -> None:
    """A TextObject's glyphs as chars; m maps the object's space to page millimetres."""
    size = (floats(obj.get("Size")) or [3.5])[0]
    font = pkg.fonts.get(obj.get("Font", ""), "")
    scale = abs(m[3]) or 1.0
    x = y = 0.0
    for code in children(obj, "TextCode"):
        text = unicodedata.normalize("NFC", code.text or "")
        x = float(code.get("X", x) or x)
        y = float(code.get("Y", y) or y)
        dx, dy = deltas(code.get("DeltaX")), deltas(code.get("DeltaY"))
        for i, ch in enumerate(text):
            pkg.chars += 1
            if pkg.chars > MAX_CHARS:
                raise _fail(f"more than {MAX_CHARS} glyphs: not a report")
            glyph = size if unicodedata.east_asian_width(ch) in "WF" else size / 2  # its width when not given
            adv = dx[i] if i < len(dx) else (0.0 if dy else glyph)  # DeltaY alone: text set top to bottom
            if not ch.isspace():
                x0, base = apply(m, x, y)
                x1, _ = apply(m, x + (adv or glyph), y)
                top = base - ASCENT * size * scale
                out.append(char(ch, x0 * PT, top * PT, max(x1, x0 + 0.1) * PT, (top + size * scale) * PT, page_no, font))
            x += adv
            y += dy[i] if i < len(dy) else 0.0


def path_segments(obj: etree._Element, m: Matrix, page_no: int, out: list[dict]) -> None:
    """Straight horizontal and vertical segments of a PathObject's AbbreviatedData (its ruling lines)."""
    if obj.get("Stroke", "true").lower() == "false" and obj.get("Fill", "false").lower() != "true":
        return  # drawn neither stroked nor filled: invisible
    data = child(obj, "AbbreviatedData")
    toks = (data.text or "").split() if data is not None else []
    width = (floats(obj.get("LineWidth")) or [0.353])[0] * PT
    argc = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    cur = start = (0.0, 0.0)
    i = 0

    def seg(a: tuple[float, float], b: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = apply(m, *a), apply(m, *b)
        if abs(x1 - x0) < 0.05 or abs(y1 - y0) < 0.05:  # axis-aligned (a diagonal is no ruling line)
            if abs(x1 - x0) >= 0.05 or abs(y1 - y0) >= 0.05:
                out.append(line(x0 * PT, y0 * PT, x1 * PT, y1 * PT, page_no, width))

    while i < len(toks):
        op = toks[i]
        n = argc.get(op)
        if n is None:
            i += 1
            continue
        args = floats(" ".join(toks[i + 1:i + 1 + n]))
        i += 1 + n
        if len(args) != n:
            break
        if op in ("S", "M"):
            cur = start = (args[0], args[1])
        elif op == "L":
            seg(cur, (args[0], args[1]))
            cur = (args[0], args[1])
        elif op == "C":
            seg(cur, start)
            cur = start
        else:  # curves and arcs: only their end point matters here
            cur = (args[-2], args[-1])


def objects(pkg: Package, parent: etree._Element, page_no: int, out: list[dict], depth: int = 0) -> None:
    for obj in parent:
        name = local(obj)
        if name == "PageBlock" and depth < 64:
            objects(pkg, obj, page_no, out, depth + 1)
            continue
        if name not in ("TextObject", "PathObject", "ImageObject"):
            continue
        if len(out) > MAX_OBJECTS:
            raise _fail(f"a page has more than {MAX_OBJECTS} objects: not a report")
        box = floats(obj.get("Boundary"))
        if len(box) != 4:
            continue
        ctm = tuple(floats(obj.get("CTM"))) if len(floats(obj.get("CTM"))) == 6 else IDENTITY
        m = compose(ctm, (1, 0, 0, 1, box[0], box[1]))  # object space → page millimetres
        if name == "TextObject":
            text_objects(pkg, obj, m, page_no, out)
        elif name == "PathObject":
            path_segments(obj, m, page_no, out)
        else:
            out.append(image(box[0] * PT, box[1] * PT, (box[0] + box[2]) * PT, (box[1] + box[3]) * PT, page_no))


def layers(root: etree._Element) -> Iterator[etree._Element]:
    content = child(root, "Content")
    if content is not None:
        yield from children(content, "Layer")


def page_size(root: etree._Element, default: list[float]) -> list[float]:
    area = child(root, "Area")
    box = floats(child(area, "PhysicalBox").text) if area is not None and child(area, "PhysicalBox") is not None else []
    return box if len(box) == 4 else default


def read_ofd(data: bytes) -> Document:
    z = open_zip(data, "ofd_unreadable", WHAT)
    pkg = Package(z)
    names = {n.lower(): n for n in z.namelist()}
    ofd = pkg.xml(names.get("ofd.xml", "OFD.xml"))
    body = child(ofd, "DocBody")
    root_loc = child(body, "DocRoot") if body is not None else None
    if root_loc is None or not (root_loc.text or "").strip():
        raise _fail("OFD.xml names no DocRoot")
    if child(body, "Encryptions") is not None or "encryptions.xml" in names:
        raise ReadError("ofd_encrypted", f"{WHAT} is encrypted")
    info = child(body, "DocInfo")
    title = (child(info, "Title").text or "").strip() if info is not None and child(info, "Title") is not None else ""
    doc_path = resolve("", root_loc.text)
    doc_dir = posixpath.dirname(doc_path)
    document = pkg.xml(doc_path)
    common = child(document, "CommonData")
    default_box = [0.0, 0.0, 210.0, 297.0]
    if common is not None:
        area = child(common, "PageArea")
        box = floats(child(area, "PhysicalBox").text) if area is not None and child(area, "PhysicalBox") is not None else []
        default_box = box if len(box) == 4 else default_box
        for res_name in ("PublicRes", "DocumentRes"):
            for res in children(common, res_name):
                res_xml = pkg.xml(resolve(doc_dir, res.text or ""))
                for fonts in children(res_xml, "Fonts"):
                    for f in children(fonts, "Font"):
                        pkg.fonts[f.get("ID", "")] = f.get("FontName", "")
        for t in children(common, "TemplatePage"):
            pkg.templates[t.get("ID", "")] = resolve(doc_dir, t.get("BaseLoc", ""))
    pages_el = child(document, "Pages")
    page_refs = children(pages_el, "Page") if pages_el is not None else []
    if not page_refs:
        raise _fail("the document has no pages")
    if len(page_refs) > MAX_PAGES:
        raise _fail(f"{len(page_refs)} pages: more than {MAX_PAGES}")
    pages = []
    for no, ref in enumerate(page_refs, start=1):
        content = pkg.xml(resolve(doc_dir, ref.get("BaseLoc", "")))
        box = page_size(content, default_box)
        objs: list[dict] = []
        for tpl in children(content, "Template"):
            path = pkg.templates.get(tpl.get("TemplateID", ""))
            if path:
                for layer in layers(pkg.xml(path)):
                    objects(pkg, layer, no, objs)
        for layer in layers(content):
            objects(pkg, layer, no, objs)
        pages.append(PositionedPage(no, box[2] * PT, box[3] * PT, objs))
    try:
        laid_out = read_pages(pages)
    except ReadError:
        raise
    except Exception as e:  # the layout code met positions no PDF has
        raise _fail(f"its page layout cannot be read ({type(e).__name__}: {' '.join(str(e).split())[:120]})") from None
    title = title if re.search(r"[\u4e00-\u9fff]{2}", title) else None
    from . import OFD
    return pages_document(laid_out, SourceInfo(media_type=OFD, pages=len(pages), title=title))
