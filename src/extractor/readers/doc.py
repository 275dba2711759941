"""Word 97–2003 `.doc` and Kingsoft WPS `.wps` (OLE2 files with a WordDocument stream), Works `.wps`,
and the RTF and Word 2003 XML files that are often saved under `.doc`: converted to DOCX by LibreOffice
(readers/office.py), then read by the DOCX reader, so tables keep their merged cells as spans exactly
as a `.docx` does."""
from __future__ import annotations

from ..model import Document, ReadError
from .docx import read_docx
from .office import convert
from .ole2 import ENCRYPTED, WORKS, ole_kind

WHAT = "the Word 97/WPS file"


def read_doc(data: bytes) -> Document:
    kind = ole_kind(data)
    if kind is None:
        raise ReadError("doc_unreadable", f"{WHAT} cannot be read: it is truncated or damaged")
    if kind == ENCRYPTED:
        raise ReadError("doc_encrypted", "the Office file is encrypted and needs a password")
    docx = convert(data, ".wps" if kind == WORKS else ".doc", "docx:MS Word 2007 XML", "doc_unreadable", WHAT)
    try:
        return read_docx(docx)
    except ReadError as e:
        raise ReadError("doc_unreadable", f"{WHAT} cannot be read: {e.message}") from None


def read_converted(data: bytes, suffix: str) -> Document:
    """RTF (`.rtf`) or Word 2003 XML (`.xml`), through LibreOffice like a `.doc`."""
    what = "the RTF file" if suffix == ".rtf" else "the Word 2003 XML file"
    docx = convert(data, suffix, "docx:MS Word 2007 XML", "doc_unreadable", what)
    try:
        return read_docx(docx)
    except ReadError as e:
        raise ReadError("doc_unreadable", f"{what} cannot be read: {e.message}") from None
