"""What every reader is: the media types it handles, `sniff(data, name)`, `read(data, options) -> Document`.

A format is one module that ends with a `READER` object of this shape, and one line in the registry
(`readers/__init__.py`, `REGISTRY`). Options are one frozen object checked where it is made (as
pdfplumber's `TableSettings` and docling's pipeline options are): a wrong type or value is a
`ValueError` naming the field, before any file is read.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Protocol

from ..model import Document


def ocr_enabled() -> bool:
    """The OCR switch (EXTRACTOR_OCR=0 turns it off; `--no-ocr`): here, not in ocr.py, which a text or HTML
    report need not import."""
    return os.environ.get("EXTRACTOR_OCR", "1").lower() not in ("0", "false", "no", "off")


@dataclass(frozen=True)
class ReadOptions:
    """How to read one input. `ocr=None` is resolved when made: on unless EXTRACTOR_OCR=0."""
    name: Optional[str] = None  # the input's file name or path: the sniffing tie-breaker; an HTML page's pictures lie beside it
    ocr: Optional[bool] = None  # recognise pages without text and table pictures by OCR
    pdf_engine: Optional[str] = None  # auto | pdfium | pdfplumber (readers/pdf/); None: EXTRACTOR_PDF_ENGINE, else auto

    def __post_init__(self) -> None:
        if self.name is not None and not isinstance(self.name, str):
            raise ValueError(f"read option name must be a file name (str) or None, not {self.name!r}")
        if self.ocr is None:
            object.__setattr__(self, "ocr", ocr_enabled())
        elif not isinstance(self.ocr, bool):
            raise ValueError(f"read option ocr must be True, False or None, not {self.ocr!r}")
        if self.pdf_engine is None:
            from .pdf_engine import engine_setting
            object.__setattr__(self, "pdf_engine", engine_setting())
        else:
            from .pdf_engine import ENGINES
            if self.pdf_engine not in ENGINES:
                raise ValueError(f"read option pdf_engine must be one of {', '.join(ENGINES)}, not {self.pdf_engine!r}")


class Reader(Protocol):
    """One format. `media_types` maps each media type the reader handles to the issue code of a file of
    that type it cannot read (the registry's `*_unreadable` error when the reader's libraries raise)."""
    media_types: Mapping[str, str]

    def sniff(self, data: bytes, name: Optional[str]) -> Optional[str]:
        """The media type of `data` if this reader handles it (by content; the name only breaks ties), else None."""
        ...

    def read(self, data: bytes, options: ReadOptions) -> Document:
        """The Document; ReadError for a file of this format that cannot be read."""
        ...


@dataclass(frozen=True)
class Format:
    """A reader made of its three parts: what most format modules need (`readers/formats/`)."""
    media_types: Mapping[str, str]
    sniff: Callable[[bytes, Optional[str]], Optional[str]]
    read: Callable[[bytes, ReadOptions], Document]


def head(data: bytes) -> bytes:
    """The start of the bytes as markup sniffers look at it: BOMs, NULs and blanks off, lower case."""
    return data[:2048].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
