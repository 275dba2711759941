"""Readers: one per format, each turning bytes into the one Document model."""
from __future__ import annotations

from ..model import Document, ReadError
from .docx import DOCX, is_docx
from .ole2 import EXCEL, MAGIC as OLE2, ole_kind_guess

MSWORD = "application/msword"  # Word 97–2003 .doc, WPS .wps (and Works .wps), by content
XLS = "application/vnd.ms-excel"  # Excel 97–2003 .xls, WPS .et
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFD = "application/ofd"
RTF = "application/rtf"  # often saved under .doc
WORDML = "application/vnd.ms-wordml"  # Word 2003 XML, often saved under .doc
MHTML = "multipart/related"  # Word's "single file web page" (.mht, often saved under .doc)


def sniff(data: bytes, name: str | None = None) -> str:
    """Media type by content first, the file name only as a tie-breaker."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if data[:5] == b"%PDF-" or b"%pdf-" in data[:1024].lower():
        return "application/pdf"
    if is_docx(data):
        return DOCX
    if data.startswith(OLE2):
        kind = ole_kind_guess(data)
        if kind == EXCEL or (kind is None and (name or "").lower().endswith((".xls", ".et"))):
            return XLS
        return MSWORD
    if data.startswith(b"PK\x03\x04"):
        from .zipped import zip_kind
        kind = zip_kind(data)
        if kind is not None:
            return {"xlsx": XLSX, "ofd": OFD}[kind]
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"<?xml") and (b"<w:worddocument" in head or b'progid="word.document"' in head):
        return WORDML
    if head.startswith(b"mime-version:") or b"content-type: multipart/related" in head:
        return MHTML
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<div", b"<table", b"<p")):
        return "text/html"
    if b"<html" in data[:4096].lower() or b"<table" in data[:65536].lower():
        return "text/html"
    low = (name or "").lower()
    if low.endswith((".html", ".htm", ".shtml", ".jhtml")):
        return "text/html"
    return "text/plain"


UNREADABLE = {"application/pdf": "pdf_unreadable", DOCX: "docx_unreadable", "text/html": "html_unreadable",
              "text/plain": "text_unreadable", MSWORD: "doc_unreadable", RTF: "doc_unreadable",
              WORDML: "doc_unreadable", MHTML: "mhtml_unreadable", XLS: "xls_unreadable",
              XLSX: "xlsx_unreadable", OFD: "ofd_unreadable"}


def read(data: bytes, name: str | None = None) -> Document:
    """Read any supported input into a Document; ReadError for anything unreadable.

    Whatever a reader's libraries raise on a hostile file (a corrupt stream, a malformed object,
    recursion in a parser) is that reader's `*_unreadable` error, with the exception named; only
    MemoryError passes (the caller's limit)."""
    if not data or not data.strip():
        raise ReadError("empty_input", "the input is empty")
    media_type = sniff(data, name)
    try:
        doc = _read(data, media_type, name)
    except (ReadError, MemoryError):
        raise
    except RecursionError:
        raise ReadError(UNREADABLE.get(media_type, "unreadable_file"), "the file is nested too deeply to read") from None
    except Exception as e:
        raise ReadError(UNREADABLE.get(media_type, "unreadable_file"), f"the file cannot be read: {type(e).__name__}: {str(e)[:300]}") from None
    doc.source.media_type = media_type
    return capped(doc)


def capped(doc: Document) -> Document:
    """Every reader's output held to the caps (`caps.py`): blocks per document, characters per
    paragraph or cell, digits per run; what is cut is a warning, never a silent change."""
    from .caps import CAPS, capped_text
    warns = doc.warnings
    if len(doc.blocks) > CAPS.max_blocks:
        warns.append(f"blocks_truncated: {len(doc.blocks)} blocks, only the first {CAPS.max_blocks} read")
        doc.blocks = doc.blocks[:CAPS.max_blocks]
    for i, b in enumerate(doc.blocks):
        if b.table is not None:
            for c in b.table.cells:
                c.text = capped_text(c.text, warns, f"block {i + 1} cell {c.row + 1},{c.col + 1}")
            b.text = b.table.text()
        else:
            b.text = capped_text(b.text, warns, f"block {i + 1}")
    if len(warns) > 20:  # one cap hit a thousand times is one warning
        doc.warnings = warns[:20] + [f"{warns[20].split(':', 1)[0]}: and {len(warns) - 20} more"]
    return doc


def _read(data: bytes, media_type: str, name: str | None = None) -> Document:
    if media_type == "application/pdf":
        from .pdf import read_pdf
        doc = read_pdf(data)
    elif media_type == DOCX:
        from .docx import read_docx
        doc = read_docx(data)
    elif media_type == MSWORD:
        from .doc import read_doc
        doc = read_doc(data)
    elif media_type in (RTF, WORDML):
        from .doc import read_converted
        doc = read_converted(data, ".rtf" if media_type == RTF else ".xml")
    elif media_type == MHTML:
        from .mhtml import read_mhtml
        doc = read_mhtml(data)
    elif media_type in (XLS, XLSX):
        from .sheets import read_xls, read_xlsx
        doc = read_xls(data) if media_type == XLS else read_xlsx(data)
    elif media_type == OFD:
        from .ofd import read_ofd
        doc = read_ofd(data)
    elif media_type == "text/html":
        from .html import read_html
        doc = read_html(data)
    else:
        from .text import read_text
        doc = read_text(data)
    if media_type in ("text/html", DOCX) and any(b.kind == "image" and b.ref for b in doc.blocks):
        from .images import beside, docx_parts, read_pictures
        from .ocr import enabled
        if enabled():  # table pictures whose bytes are at hand, by OCR (readers/images.py)
            read_pictures(doc, beside(name) if media_type == "text/html" else docx_parts(data))
    return doc
