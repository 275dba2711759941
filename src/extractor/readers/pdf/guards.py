"""pdfminer hardened against hostile files, applied once when `readers.pdf` is imported:

- an indirect object that refers to itself, or to another that refers back, makes `resolve1` loop
  for ever (a 132-byte PDF is enough): a reference chain longer than MAX_HOPS or one that comes back
  to an object already seen is a PDFSyntaxError (the reader reports `pdf_unreadable`);
- a corrupt deflate stream is salvaged byte by byte with a quadratic `bytes +=`: here in chunks,
  byte by byte only in the chunk that fails (the same bytes, linear), and counted in
  `damaged_streams` so that a PDF whose text is lost to damage is not taken for a scan.
"""
from __future__ import annotations

import zlib
from typing import Any

from pdfminer import pdftypes
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import PDFObjRef

damaged_streams = 0  # deflate streams that did not decompress cleanly, since import
SALVAGE_CHUNK = 1 << 14

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


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's `decompress_corrupted`, linear: what decompresses before the damage; raises
    zlib.error when the damage is before the last 3 bytes (the checksum), as pdfminer does."""
    global damaged_streams
    damaged_streams += 1
    d = zlib.decompressobj()
    out: list[bytes] = []
    fed = 0
    for at in range(0, len(data), SALVAGE_CHUNK):
        chunk = data[at:at + SALVAGE_CHUNK]
        before = d.copy()
        try:
            out.append(d.decompress(chunk))
            fed += len(chunk)
            continue
        except zlib.error:
            d = before
        for i in range(len(chunk)):
            try:
                out.append(d.decompress(chunk[i:i + 1]))
                fed += 1
            except zlib.error:
                if fed < len(data) - 3:
                    raise
                return b"".join(out)
    return b"".join(out)


if hasattr(pdftypes, "decompress_corrupted"):
    pdftypes.decompress_corrupted = _decompress_corrupted
