"""Readers: one per format, each turning bytes into the one Document model."""
from __future__ import annotations

from ..model import Document, ReadError
from .docx import DOCX, is_docx

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc, .xls)


def sniff(data: bytes, name: str | None = None) -> str:
    """Media type by content first, the file name only as a tie-breaker."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if data[:5] == b"%PDF-" or b"%pdf-" in data[:1024].lower():
        return "application/pdf"
    if is_docx(data):
        return DOCX
    if data.startswith(OLE2):
        return "application/msword"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<div", b"<table", b"<p")):
        return "text/html"
    if b"<html" in data[:4096].lower() or b"<table" in data[:65536].lower():
        return "text/html"
    low = (name or "").lower()
    if low.endswith((".html", ".htm", ".shtml", ".jhtml")):
        return "text/html"
    return "text/plain"


def read(data: bytes, name: str | None = None) -> Document:
    """Read any supported input into a Document; ReadError for anything unreadable."""
    if not data or not data.strip():
        raise ReadError("empty_input", "the input is empty")
    media_type = sniff(data, name)
    if media_type == "application/pdf":
        from .pdf import read_pdf
        doc = read_pdf(data)
    elif media_type == DOCX:
        from .docx import read_docx
        doc = read_docx(data)
    elif media_type == "application/msword":
        raise ReadError("unsupported_format", "an old binary Office file (.doc): save it as .docx or PDF first")
    elif media_type == "text/html":
        from .html import read_html
        doc = read_html(data)
    else:
        from .text import read_text
        doc = read_text(data)
    doc.source.media_type = media_type
    if media_type in ("text/html", DOCX) and any(b.kind == "image" and b.ref for b in doc.blocks):
        from .images import beside, docx_parts, read_pictures
        from .ocr import enabled
        if enabled():  # table pictures whose bytes are at hand, by OCR (readers/images.py)
            read_pictures(doc, beside(name) if media_type == "text/html" else docx_parts(data))
    return doc
