"""pdfminer hardened against hostile files: an indirect object that refers to itself, or to another
that refers back, makes `resolve1` loop for ever (a 132-byte PDF is enough); here a reference chain
longer than MAX_HOPS or one that comes back to an object already seen is a PDFSyntaxError, which
the reader reports as `pdf_unreadable`. Applied once, when `readers.pdf` is imported."""
from __future__ import annotations

from typing import Any

from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import PDFObjRef

MAX_HOPS = 64  # a real file needs one or two hops from a reference to its object


def _resolve(self: PDFObjRef, default: object = None) -> Any:
    x = _plain_resolve(self, default)
    seen = {self.objid}
    while isinstance(x, PDFObjRef):
        if x.objid in seen or len(seen) > MAX_HOPS:
            raise PDFSyntaxError(f"indirect objects refer to each other in a loop (object {x.objid})")
        seen.add(x.objid)
        x = _plain_resolve(x, default)
    return x


_plain_resolve = PDFObjRef.resolve
if not getattr(PDFObjRef.resolve, "_extractor_guard", False):
    _resolve._extractor_guard = True  # type: ignore[attr-defined]
    PDFObjRef.resolve = _resolve  # type: ignore[method-assign]
