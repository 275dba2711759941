"""Word 97–2003 `.doc`, WPS / Works `.wps` (OLE2), RTF and Word 2003 XML (often saved under `.doc`):
converted by LibreOffice, then read as DOCX (`readers/doc.py`, `readers/office.py`)."""
from __future__ import annotations

from typing import Optional

from ...model import Document
from ..ole2 import MAGIC as OLE2
from ..protocol import Format, ReadOptions, head

MSWORD = "application/msword"  # Word 97–2003 .doc, WPS .wps (and Works .wps), by content
RTF = "application/rtf"
WORDML = "application/vnd.ms-wordml"


def sniff(data: bytes, name: Optional[str]) -> Optional[str]:
    """Any OLE2 file the spreadsheet reader did not take is a Word/WPS document."""
    if data.startswith(OLE2):
        return MSWORD
    h = head(data)
    if h.startswith(b"{\\rtf"):
        return RTF
    if h.startswith(b"<?xml") and (b"<w:worddocument" in h or b'progid="word.document"' in h):
        return WORDML
    return None


def read(data: bytes, options: ReadOptions) -> Document:
    from ..doc import read_converted, read_doc
    kind = sniff(data, options.name)
    return read_doc(data) if kind == MSWORD else read_converted(data, ".rtf" if kind == RTF else ".xml")


READER = Format({MSWORD: "doc_unreadable", RTF: "doc_unreadable", WORDML: "doc_unreadable"}, sniff, read)
