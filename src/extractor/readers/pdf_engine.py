"""Which path reads a PDF: PDFium with pdfplumber as the fallback (auto), or one of them alone."""
from __future__ import annotations

import os
from typing import Literal

Engine = Literal["auto", "pdfium", "pdfplumber"]
ENGINES: tuple[Engine, ...] = ("auto", "pdfium", "pdfplumber")


def engine_setting() -> Engine:
    """EXTRACTOR_PDF_ENGINE: auto (PDFium, pdfplumber where it cannot read), pdfium or pdfplumber."""
    value = os.environ.get("EXTRACTOR_PDF_ENGINE", "auto").strip().lower() or "auto"
    if value not in ENGINES:
        raise ValueError(f"EXTRACTOR_PDF_ENGINE must be one of {', '.join(ENGINES)}, not {value!r}")
    return value  # type: ignore[return-value]


