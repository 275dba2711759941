"""The one document model every reader produces.

A Document is an ordered list of blocks: headings, paragraphs and tables.
A table is a grid of cells with row/column spans; every block and cell keeps
where it came from (PDF page and box, HTML element path, text line).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional

BlockKind = Literal["heading", "paragraph", "table", "image"]


@dataclass
class Provenance:
    """Where in the source a block or cell comes from."""
    page: Optional[int] = None  # 1-based PDF page
    bbox: Optional[tuple[float, float, float, float]] = None  # x0, top, x1, bottom
    path: Optional[str] = None  # HTML element path
    line: Optional[int] = None  # 1-based line in a text file
    confidence: Optional[float] = None  # OCR: the recogniser's lowest confidence over the text
    ocr_boxes: Optional[int] = None  # OCR: how many separately detected text boxes the text joins


@dataclass
class Cell:
    """One table cell at its grid position, with its spans."""
    text: str
    row: int  # top-left position in the table grid, 0-based
    col: int
    rowspan: int = 1
    colspan: int = 1
    prov: Provenance = field(default_factory=Provenance)
    doubt: str = ""  # why the cell's value cannot be trusted though its text reads (an issue code), else ""


@dataclass
class Table:
    """A table as a grid of cells."""
    cells: list[Cell]
    n_rows: int
    n_cols: int
    prov: Provenance = field(default_factory=Provenance)

    def grid(self) -> list[list[Optional[Cell]]]:
        """Expanded grid: every position covered by a span points at its cell."""
        g: list[list[Optional[Cell]]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                    g[r][k] = c
        return g

    def text(self) -> str:
        rows: list[list[str]] = [[] for _ in range(self.n_rows)]  # one pass: linear in the cells
        for c in self.cells:
            if 0 <= c.row < self.n_rows:
                rows[c.row].append(c.text)
        return "\n".join(" | ".join(r) for r in rows)


@dataclass
class Block:
    """One block of a document: a paragraph, a heading or a table."""
    kind: BlockKind
    text: str = ""
    table: Optional[Table] = None
    prov: Provenance = field(default_factory=Provenance)
    ref: Optional[str] = None  # an image's bytes: HTML src (a file beside the page, a data: URI), DOCX part


@dataclass
class Origin:
    """Where fetched or archived bytes came from (`source.origin`); never the fetch time, so the same
    bytes from the same URL give the same JSON. page_*: the report page that links this file."""
    url: Optional[str] = None
    final_url: Optional[str] = None
    record_id: Optional[str] = None  # WARC-Record-ID
    date: Optional[str] = None  # WARC-Date of the capture
    page_url: Optional[str] = None
    page_title: Optional[str] = None
    published: Optional[str] = None  # the date the page prints

    def to_dict(self) -> dict[str, Optional[str]]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, d: dict) -> "Origin":
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


@dataclass
class PdfPaths:
    """Which path read each page of a PDF (`source.pdf_paths`): PDFium's fast path or pdfplumber, and why
    pdfplumber read what it read (a reason a page, "page N: …", or one for the whole document)."""
    pdfium: list[int] = field(default_factory=list)
    pdfplumber: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list]:
        return {"pdfium": list(self.pdfium), "pdfplumber": list(self.pdfplumber), "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, d: dict) -> "PdfPaths":
        return cls(list(d.get("pdfium") or []), list(d.get("pdfplumber") or []), list(d.get("reasons") or []))


@dataclass
class SourceInfo:
    """The input file a document was read from."""
    path: Optional[str] = None
    sha256: Optional[str] = None
    media_type: Optional[str] = None
    encoding: Optional[str] = None
    pages: Optional[int] = None
    url: Optional[str] = None
    title: Optional[str] = None  # a title the container declares (HTML <title>, meta, crawler header)
    agency_hint: Optional[str] = None  # publisher the container declares (meta ContentSource …)
    ocr_pages: list[int] = field(default_factory=list)  # pages (or pictures on them) read by OCR
    pdf_paths: Optional[PdfPaths] = None  # a PDF: the pages each path read (readers/pdf)


@dataclass(frozen=True)
class ReaderWarning:
    """A reader-level problem worth an issue: an issue code (`issue_codes.IssueCode`) and what happened."""
    code: str
    message: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.message else self.code


@dataclass
class Document:
    """What every reader produces: the blocks in reading order."""
    blocks: list[Block]
    source: SourceInfo = field(default_factory=SourceInfo)
    warnings: list[ReaderWarning] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.kind == "table" and b.table is not None]

    def warned(self, code: str) -> bool:
        """Whether a reader gave a warning with this code."""
        return any(w.code == code for w in self.warnings)


class ReadError(Exception):
    """An input that cannot be read (empty, truncated, encrypted, damaged): raised by readers only."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
