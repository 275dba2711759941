"""PDF: PDFium, pdfplumber where it cannot read, with OCR for pages without text (`readers/pdf/`)."""
from __future__ import annotations

from typing import Optional

from ...model import Document
from ..protocol import Format, ReadOptions

PDF = "application/pdf"


def sniff(data: bytes, name: Optional[str]) -> Optional[str]:
    return PDF if data[:5] == b"%PDF-" or b"%pdf-" in data[:1024].lower() else None


def read(data: bytes, options: ReadOptions) -> Document:
    from ..pdf import read_pdf
    return read_pdf(data, options.ocr, options.pdf_engine)


READER = Format({PDF: "pdf_unreadable"}, sniff, read)
