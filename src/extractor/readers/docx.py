"""Word (.docx) reader: word/document.xml paragraphs and tables → the one Document model.

Tables keep their spans: w:gridSpan is a colspan, w:vMerge restart/continue a rowspan. A one-column
table of running text (a framed box) comes out as paragraphs, as in the PDF and HTML readers.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Optional

from lxml import etree

from ..model import Block, Cell, Document, Provenance, ReadError, ReaderWarning, SourceInfo, Table
from .caps import CAPS, span
from .docx_numbering import Numbering
from .docx_objects import Embedded
from .formats.docx import DOCX

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
BOX_TEXT = 60  # a one-column table cell with more text than this is a framed paragraph, not a table cell
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
MAX_XML_BYTES = 64 << 20  # word/document.xml unpacked: a real report's is a few MB; more is a zip bomb


def is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except Exception:  # any damage to the zip directory: not recognisably Word
        return False


def paragraph_text(p: etree._Element, num: Optional[Numbering] = None) -> str:
    """The paragraph's text, after the list number Word draws before it (`num`: the file's numbering)."""
    parts = [num.label(p)] if num is not None else []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        parts.append(el.text or "" if el.tag == W + "t" else " ")
    return "".join(parts).strip()


def cell_text(tc: etree._Element, num: Optional[Numbering] = None) -> str:
    return " ".join(t for t in (paragraph_text(p, num) for p in tc.iter(W + "p")) if t)


def _val(el: Optional[etree._Element], default: str = "") -> str:
    return default if el is None else el.get(W + "val", default)


def read_table(tbl: etree._Element, path: str, warnings: list[ReaderWarning], num: Optional[Numbering] = None) -> Table:
    """Rows of w:tc with their grid spans; a vMerge continuation grows the cell above. Spans are
    clamped and rows, columns and cells cut at the reader caps (a `table_truncated` warning)."""
    cells: list[Cell] = []
    above: dict[int, Cell] = {}  # grid column → the cell a vertical merge continues
    n_cols = covered = 0
    rows = tbl.findall(W + "tr")
    if len(rows) > CAPS.max_rows:
        warnings.append(ReaderWarning("table_truncated", f"{path}: {len(rows)} rows, only the first {CAPS.max_rows} read"))
        rows = rows[:CAPS.max_rows]
    for r, tr in enumerate(rows):
        col = min(span(_val(tr.find(f"{W}trPr/{W}gridBefore"), "0"), 0), CAPS.max_cols)
        for k, tc in enumerate(tr.findall(W + "tc")):
            width = min(max(1, span(_val(tc.find(f"{W}tcPr/{W}gridSpan"), "1"))), CAPS.max_cols - col)
            covered += max(width, 1)
            if width <= 0 or covered > CAPS.max_cells:
                warnings.append(ReaderWarning("table_truncated", f"{path}: over {CAPS.max_cols} columns or {CAPS.max_cells} cells"))
                break
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and _val(merge, "continue") == "continue" and col in above:
                above[col].rowspan += 1
            else:
                cell = Cell(cell_text(tc, num), r, col, 1, width, Provenance(path=f"{path}>tr[{r + 1}]>tc[{k + 1}]"))
                cells.append(cell)
                for c in range(col, col + width):
                    above[c] = cell
            col += width
        n_cols = max(n_cols, col)
        if covered > CAPS.max_cells:
            break
    return Table(cells, len(rows), n_cols, Provenance(path=path))


def is_text_box(table: Table) -> bool:
    return table.n_cols == 1 and any(len(c.text) > BOX_TEXT for c in table.cells)


def _blocks(parent: etree._Element, path: str, warnings: list[ReaderWarning], depth: int = 0,
            num: Optional[Numbering] = None, objects: Optional[Embedded] = None) -> list[Block]:
    blocks: list[Block] = []
    if depth > CAPS.max_depth:
        warnings.append(ReaderWarning("too_deep", f"{path}: content controls nested over {CAPS.max_depth} deep, not read"))
        return blocks
    for i, el in enumerate(parent, start=1):
        here = f"{path}>{etree.QName(el).localname}[{i}]"
        if el.tag == W + "p":
            text = paragraph_text(el, num)
            if text:
                blocks.append(Block("paragraph", text, prov=Provenance(path=here)))
            for table in objects.tables(el) if objects is not None else []:  # an embedded spreadsheet
                table.prov = Provenance(path=f"{here}>object>{table.prov.path}")
                blocks.append(Block("table", table.text(), table=table, prov=table.prov))
            blocks.extend(Block("image", "picture", prov=Provenance(path=here), ref=b.get(R + "embed"))
                          for b in el.iter(A + "blip") if b.get(R + "embed"))
        elif el.tag == W + "tbl":
            table = read_table(el, here, warnings, num)
            if is_text_box(table):
                blocks.extend(Block("paragraph", c.text, prov=c.prov) for c in table.cells if c.text)
            else:
                blocks.append(Block("table", table.text(), table=table, prov=table.prov))
        elif el.tag == W + "sdt":  # content controls wrap ordinary paragraphs and tables
            content = el.find(W + "sdtContent")
            if content is not None:
                blocks.extend(_blocks(content, here, warnings, depth + 1, num, objects))
    return blocks


def _numbering(z: zipfile.ZipFile) -> Numbering:
    parts = []
    for name in ("word/numbering.xml", "word/styles.xml"):
        try:
            parts.append(etree.fromstring(z.read(name), _PARSER))
        except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, ValueError):
            parts.append(None)
    return Numbering(*parts)


def _title(z: zipfile.ZipFile) -> Optional[str]:
    try:
        core = etree.fromstring(_member(z, "docProps/core.xml"), _PARSER)
    except Exception:  # a damaged or missing core.xml only costs the title
        return None
    title = (core.findtext(DC + "title") or "").strip()
    return title if re.search(r"[\u4e00-\u9fff]{2}", title) else None


def _member(z: zipfile.ZipFile, name: str) -> bytes:
    """A zip member unpacked, at most MAX_XML_BYTES (the header's size can lie: the stream is capped)."""
    with z.open(name) as f:
        data = f.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise ReadError("docx_unreadable", f"{name} unpacks to more than {MAX_XML_BYTES >> 20} MB (a zip bomb?)")
    return data


def read_docx(data: bytes) -> Document:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        root = etree.fromstring(_member(z, "word/document.xml"), _PARSER)
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, EOFError, OSError,
            NotImplementedError, RuntimeError, zlib.error) as e:  # corrupt deflate streams, bad CRCs, odd compression
        raise ReadError("docx_unreadable", f"the Word file cannot be read: {type(e).__name__}: {str(e)[:300]}") from None
    body = root.find(W + "body")
    warnings: list[ReaderWarning] = []
    blocks = _blocks(body, "body", warnings, 0, _numbering(z), Embedded(z)) if body is not None else []
    parts = _image_parts(z)
    for b in blocks:
        if b.kind == "image":  # relationship id → the embedded part's name in the package
            b.ref = parts.get(b.ref or "")
    return Document(blocks, SourceInfo(media_type=DOCX, title=_title(z)), warnings=warnings)


def _image_parts(z: zipfile.ZipFile) -> dict[str, str]:
    try:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    return {r.get("Id"): "word/" + r.get("Target", "").lstrip("/").removeprefix("word/")
            for r in rels if r.get("Id") and r.get("TargetMode") != "External" and r.get("Type", "").endswith("/image")}


