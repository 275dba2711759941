"""Readers: one per format, each turning bytes into the one Document model.

The registry below is the list of formats, in the order their bytes are sniffed (content first, the
file name only as a tie-breaker; text last, as it takes anything). A format is one module in `formats/`
(its media types, `sniff`, `read`; the protocol is `protocol.py`) and one line here.
"""
from __future__ import annotations

from typing import Optional

from ..model import Document, ReadError, ReaderWarning
from .formats import doc, docx, html, mhtml, ofd, pdf, sheets, text
from .protocol import Reader, ReadOptions

REGISTRY: tuple[Reader, ...] = (
    pdf.READER,
    docx.READER,
    sheets.READER,  # before doc: an OLE2 file is a workbook when its streams say so
    ofd.READER,
    doc.READER,
    mhtml.READER,
    html.READER,
    text.READER,
)

# media types, for callers that compare them
PDF, DOCX, XLS, XLSX, OFD = pdf.PDF, docx.DOCX, sheets.XLS, sheets.XLSX, ofd.OFD
MSWORD, RTF, WORDML, MHTML, HTML, TEXT = doc.MSWORD, doc.RTF, doc.WORDML, mhtml.MHTML, html.HTML, text.TEXT


def sniff(data: bytes, name: Optional[str] = None) -> str:
    """Media type by content first, the file name only as a tie-breaker."""
    return _sniffed(data, name)[1]


def _sniffed(data: bytes, name: Optional[str]) -> tuple[Reader, str]:
    for reader in REGISTRY:
        media_type = reader.sniff(data, name)
        if media_type is not None:
            return reader, media_type
    raise AssertionError("the text reader takes anything")  # pragma: no cover


def read(data: bytes, name: Optional[str] = None, options: Optional[ReadOptions] = None) -> Document:
    """Read any supported input into a Document; ReadError for anything unreadable.

    Whatever a reader's libraries raise on a hostile file (a corrupt stream, a malformed object,
    recursion in a parser) is that reader's `*_unreadable` error, with the exception named; only
    MemoryError passes (the caller's limit)."""
    options = options if options is not None else ReadOptions(name=name)
    if not data or not data.strip():
        raise ReadError("empty_input", "the input is empty")
    reader, media_type = _sniffed(data, options.name)
    unreadable = reader.media_types[media_type]
    try:
        doc = reader.read(data, options)
    except (ReadError, MemoryError):
        raise
    except RecursionError:
        raise ReadError(unreadable, "the file is nested too deeply to read") from None
    except Exception as e:
        raise ReadError(unreadable, f"the file cannot be read: {type(e).__name__}: {str(e)[:300]}") from None
    doc.source.media_type = media_type
    return capped(doc)


def capped(doc: Document) -> Document:
    """Every reader's output held to the caps (`caps.py`): blocks per document, characters per
    paragraph or cell, digits per run; what is cut is a warning, never a silent change."""
    from .caps import CAPS, capped_text
    warns = doc.warnings
    if len(doc.blocks) > CAPS.max_blocks:
        warns.append(ReaderWarning("blocks_truncated", f"{len(doc.blocks)} blocks, only the first {CAPS.max_blocks} read"))
        doc.blocks = doc.blocks[:CAPS.max_blocks]
    for i, b in enumerate(doc.blocks):
        if b.table is not None:
            for c in b.table.cells:
                c.text = capped_text(c.text, warns, f"block {i + 1} cell {c.row + 1},{c.col + 1}")
            b.text = b.table.text()
        else:
            b.text = capped_text(b.text, warns, f"block {i + 1}")
    if len(warns) > 20:  # one cap hit a thousand times is one warning
        doc.warnings = warns[:20] + [ReaderWarning(warns[20].code, f"and {len(warns) - 20} more")]
    return doc
