"""Word (.docx) reader: word/document.xml paragraphs and tables → the one Document model.

Tables keep their spans: w:gridSpan is a colspan, w:vMerge restart/continue a rowspan. A one-column
table of running text (a framed box) comes out as paragraphs, as in the PDF and HTML readers.
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import Optional

from lxml import etree

from ..model import Block, Cell, Document, Provenance, ReadError, SourceInfo, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
BOX_TEXT = 60  # a one-column table cell with more text than this is a framed paragraph, not a table cell
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False


def paragraph_text(p: etree._Element) -> str:
    parts = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        parts.append(el.text or "" if el.tag == W + "t" else " ")
    return "".join(parts).strip()


def cell_text(tc: etree._Element) -> str:
    return " ".join(t for t in (paragraph_text(p) for p in tc.iter(W + "p")) if t)


def _val(el: Optional[etree._Element], default: str = "") -> str:
    return default if el is None else el.get(W + "val", default)


def read_table(tbl: etree._Element, path: str) -> Table:
    """Rows of w:tc with their grid spans; a vMerge continuation grows the cell above."""
    cells: list[Cell] = []
    above: dict[int, Cell] = {}  # grid column → the cell a vertical merge continues
    n_cols = 0
    rows = tbl.findall(W + "tr")
    for r, tr in enumerate(rows):
        col = int(_val(tr.find(f"{W}trPr/{W}gridBefore"), "0") or 0)
        for k, tc in enumerate(tr.findall(W + "tc")):
            span = max(1, int(_val(tc.find(f"{W}tcPr/{W}gridSpan"), "1") or 1))
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and _val(merge, "continue") == "continue" and col in above:
                above[col].rowspan += 1
            else:
                cell = Cell(cell_text(tc), r, col, 1, span, Provenance(path=f"{path}>tr[{r + 1}]>tc[{k + 1}]"))
                cells.append(cell)
                for c in range(col, col + span):
                    above[c] = cell
            col += span
        n_cols = max(n_cols, col)
    return Table(cells, len(rows), n_cols, Provenance(path=path))


def is_text_box(table: Table) -> bool:
    return table.n_cols == 1 and any(len(c.text) > BOX_TEXT for c in table.cells)


def _blocks(parent: etree._Element, path: str) -> list[Block]:
    blocks: list[Block] = []
    for i, el in enumerate(parent, start=1):
        here = f"{path}>{etree.QName(el).localname}[{i}]"
        if el.tag == W + "p":
            text = paragraph_text(el)
            if text:
                blocks.append(Block("paragraph", text, prov=Provenance(path=here)))
            blocks.extend(Block("image", "picture", prov=Provenance(path=here), ref=b.get(R + "embed"))
                          for b in el.iter(A + "blip") if b.get(R + "embed"))
        elif el.tag == W + "tbl":
            table = read_table(el, here)
            if is_text_box(table):
                blocks.extend(Block("paragraph", c.text, prov=c.prov) for c in table.cells if c.text)
            else:
                blocks.append(Block("table", table.text(), table=table, prov=table.prov))
        elif el.tag == W + "sdt":  # content controls wrap ordinary paragraphs and tables
            content = el.find(W + "sdtContent")
            if content is not None:
                blocks.extend(_blocks(content, here))
    return blocks


def _title(z: zipfile.ZipFile) -> Optional[str]:
    try:
        core = etree.fromstring(z.read("docProps/core.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return None
    title = (core.findtext(DC + "title") or "").strip()
    return title if re.search(r"[\u4e00-\u9fff]{2}", title) else None


def read_docx(data: bytes) -> Document:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        root = etree.fromstring(z.read("word/document.xml"), _PARSER)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as e:
        raise ReadError("docx_unreadable", f"the Word file cannot be read: {e}") from None
    body = root.find(W + "body")
    blocks = _blocks(body, "body") if body is not None else []
    parts = _image_parts(z)
    for b in blocks:
        if b.kind == "image":  # relationship id → the embedded part's name in the package
            b.ref = parts.get(b.ref or "")
    return Document(blocks, SourceInfo(media_type=DOCX, title=_title(z)))


def _image_parts(z: zipfile.ZipFile) -> dict[str, str]:
    try:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    return {r.get("Id"): "word/" + r.get("Target", "").lstrip("/").removeprefix("word/")
            for r in rels if r.get("Id") and r.get("TargetMode") != "External" and r.get("Type", "").endswith("/image")}


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
