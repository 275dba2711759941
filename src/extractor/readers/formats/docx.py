"""Word 2007+ `.docx` (`readers/docx.py`); table pictures in the package read by OCR."""
from __future__ import annotations

from typing import Optional

from ...model import Document
from ..protocol import Format, ReadOptions

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff(data: bytes, name: Optional[str]) -> Optional[str]:
    if not data.startswith(b"PK\x03\x04"):
        return None
    from ..docx import is_docx  # the reader (lxml) only for a ZIP package
    return DOCX if is_docx(data) else None


def read(data: bytes, options: ReadOptions) -> Document:
    from ..docx import read_docx
    from ..images import docx_parts, ocr_pictures
    return ocr_pictures(read_docx(data), lambda: docx_parts(data), options.ocr)


READER = Format({DOCX: "docx_unreadable"}, sniff, read)
