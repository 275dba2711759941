"""Tables printed as pictures inside HTML pages and DOCX files, read by OCR where the bytes are at hand.

An image block whose bytes can be had (a file beside the HTML page, a data: URI, an embedded DOCX
part) is wrapped into a one-page PDF of its own and read by the PDF reader, OCR included, so a table
picture goes through the same rules / words → grid code as a scanned page. The tables found replace
the image block (their cells keep the OCR confidence; `where` names the image); an image that holds no
table stays an image block (a `table_is_image` issue follows when a table is missing).

Hostile inputs: files larger than MAX_IMAGE_BYTES, pictures of more than MAX_PIXELS, paths leading
out of the page's folder and external DOCX relationships are not read.
"""
from __future__ import annotations

import io
import os
from typing import Callable, Optional
from urllib.parse import unquote, urlsplit

from ..model import Block, Document, ReaderWarning

MAX_IMAGE_BYTES = 20 << 20
MAX_PIXELS = 40_000_000
MAX_PICTURES = 10  # pictures read per document (each costs a recognition)
PAGE_WIDTH_IN = 8.27  # a picture is laid on a page of A4 width: its resolution follows from its pixels
MIN_SIDE_PX, MIN_WIDTH_PX = 100, 300  # smaller pictures (icons, logos, QR codes) hold no table


def picture_pdf(data: bytes) -> Optional[bytes]:
    """The picture as a one-page PDF, or None when it is no image worth reading."""
    from PIL import Image
    try:
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size  # known before decoding: a decompression bomb is refused here
            if w * h > MAX_PIXELS or min(w, h) < MIN_SIDE_PX or w < MIN_WIDTH_PX:
                return None
            buf = io.BytesIO()
            im.convert("RGB").save(buf, "PDF", resolution=max(w / PAGE_WIDTH_IN, 72.0))
            return buf.getvalue()
    except Exception:  # not an image, truncated, an unknown format
        return None


def picture_tables(data: bytes, where: Optional[str]) -> list[Block]:
    """The tables a picture prints (OCR through the PDF reader); [] when none."""
    from ..model import ReadError
    from .pdf import read_pdf
    pdf = picture_pdf(data)
    if pdf is None:
        return []
    try:
        doc = read_pdf(pdf, ocr=True)
    except ReadError:
        return []
    out = []
    for b in doc.blocks:
        if b.kind == "table" and b.table is not None:
            for c in b.table.cells:
                c.prov.page, c.prov.path = None, where
            b.prov.page, b.prov.path = None, where
            out.append(b)
    return out


def ocr_pictures(doc: Document, fetcher: Callable[[], Callable[[str], Optional[bytes]]], ocr: bool) -> Document:
    """The document with its table pictures read by OCR when `ocr` is on and it has pictures whose bytes
    are at hand (`fetcher()` makes the fetch function only then)."""
    if ocr and any(b.kind == "image" and b.ref for b in doc.blocks):
        read_pictures(doc, fetcher())
    return doc


def read_pictures(doc: Document, fetch: Callable[[str], Optional[bytes]]) -> None:
    """Replace image blocks whose bytes fetch() gives and that print tables by those tables, in place."""
    blocks: list[Block] = []
    read = 0
    for b in doc.blocks:
        data = fetch(b.ref) if b.kind == "image" and b.ref and read < MAX_PICTURES else None
        tables = picture_tables(data, b.prov.path) if data else []
        read += data is not None
        blocks.extend(tables or [b])
        if tables:
            doc.warnings.append(ReaderWarning("ocr_used", f"table picture {b.prov.path or b.ref} recognised by OCR"))
    doc.blocks = blocks


def beside(page_path: Optional[str]) -> Callable[[str], Optional[bytes]]:
    """fetch() for an HTML page: data: URIs, and files in the page's folder (or below it)."""
    def fetch(src: str) -> Optional[bytes]:
        if src.startswith("data:image/"):
            head, _, payload = src.partition(",")
            if ";base64" not in head or len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
                return None
            import base64  # (and binascii: only for a data: URI, not at every start-up)
            import binascii
            try:
                return base64.b64decode(payload, validate=False)
            except (binascii.Error, ValueError):
                return None
        if not page_path:
            return None
        url = urlsplit(src)
        if url.scheme or url.netloc:
            return None  # on the web: never fetched
        folder = os.path.realpath(os.path.dirname(os.path.abspath(page_path)))
        rel = unquote(url.path)
        for cand in (os.path.join(folder, rel.lstrip("/")), os.path.join(folder, os.path.basename(rel))):
            real = os.path.realpath(cand)
            if real.startswith(folder + os.sep) and os.path.isfile(real) and os.path.getsize(real) <= MAX_IMAGE_BYTES:
                with open(real, "rb") as f:
                    return f.read()
        return None
    return fetch


def docx_parts(data: bytes) -> Callable[[str], Optional[bytes]]:
    """fetch() for a DOCX package: its embedded parts, refused when they inflate past MAX_IMAGE_BYTES."""
    def fetch(name: str) -> Optional[bytes]:
        import zipfile  # (a DOCX part: not imported for an HTML page)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                info = z.getinfo(name)
                if info.file_size > MAX_IMAGE_BYTES:
                    return None
                return z.read(info)
        except (KeyError, zipfile.BadZipFile, OSError, RuntimeError):
            return None
    return fetch
