"""HTML pages (`readers/html.py`); table pictures beside the page or in data: URIs read by OCR."""
from __future__ import annotations

from typing import Optional

from ...model import Document
from ..protocol import Format, ReadOptions, head

HTML = "text/html"
STARTS = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<div", b"<table", b"<p")
NAMES = (".html", ".htm", ".shtml", ".jhtml")


def sniff(data: bytes, name: Optional[str]) -> Optional[str]:
    """By the first tag, then a tag anywhere near the start, then the file name."""
    if head(data).startswith(STARTS) or b"<html" in data[:4096].lower() or b"<table" in data[:65536].lower():
        return HTML
    return HTML if (name or "").lower().endswith(NAMES) else None


def read(data: bytes, options: ReadOptions) -> Document:
    from ..html import read_html
    from ..images import beside, ocr_pictures
    return ocr_pictures(read_html(data), lambda: beside(options.name), options.ocr)


READER = Format({HTML: "html_unreadable"}, sniff, read)
