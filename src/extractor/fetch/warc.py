"""WARC web archives as batch inputs: every 200 response that holds a report, read with warcio
(chunked transfer encoding and gzip/deflate content encoding decoded)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import unquote, urldefrag

from ..model import Origin
from ..names import WARC_SUFFIXES, is_warc  # noqa: F401  (fetch/inputs.py imports them from here)
from ..readers import sniff

HEAD = 65536  # bytes of a record read to tell a page from a file
# media types that are never a report (the rest is parsed, so junk still becomes an error record)
NOT_REPORT_TYPES = ("image/", "text/css", "application/javascript", "text/javascript", "application/json",
                    "font/", "audio/", "video/", "application/x-shockwave-flash", "application/zip")


@dataclass
class WarcScan:
    inputs: dict[str, Origin] = field(default_factory=dict)  # virtual path `FILE#offset:uri` → origin
    skipped: dict[str, int] = field(default_factory=dict)  # reason → records
    error: Optional[str] = None  # the archive could not be read (to its end)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def virtual_path(path: str, offset: int, uri: str) -> str:
    """The input name of a record: `archive.warc.gz#<offset>:<target URI, unquoted>` (no `#` in it)."""
    return f"{path}#{offset}:{unquote(uri)}"


def record_offset(vpath: str) -> int:
    return int(vpath.rsplit("#", 1)[1].split(":", 1)[0])


def scan(path: str) -> WarcScan:
    """The records of an archive a batch parses: responses with status 200 whose content can be a report.
    Listing pages are skipped; a page that only links its report as a file lends the file its title."""
    from warcio.archiveiterator import ArchiveIterator
    out = WarcScan()
    pages: dict[str, tuple[str, Optional[str], Optional[str]]] = {}  # attachment URL → page, title, date
    found: list[tuple[str, Origin]] = []
    try:
        with open(path, "rb") as f:
            it = ArchiveIterator(f)
            for rec in it:
                if rec.rec_type != "response" or rec.http_headers is None:
                    rec.content_stream().read()
                    out.skip(f"{rec.rec_type} record")
                    continue
                uri = urldefrag((rec.rec_headers.get_header("WARC-Target-URI") or "").strip("<> "))[0]
                status = rec.http_headers.get_statuscode()
                stream = rec.content_stream()
                body = stream.read(HEAD)
                if status != "200":
                    out.skip(f"status {status}")
                    continue
                ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
                if ctype.startswith(NOT_REPORT_TYPES) or uri.endswith("/robots.txt") or not body.strip():
                    out.skip("not a report")
                    continue
                origin = Origin(url=uri, record_id=rec.rec_headers.get_header("WARC-Record-ID"),
                                date=rec.rec_headers.get_header("WARC-Date"))
                html = sniff(body, uri) == "text/html"
                if html:
                    body += stream.read()  # a page is read whole for its links; a file only for its head
                while stream.read(1 << 20):  # to the record's end, a chunk at a time
                    pass
                offset = it.get_record_offset()
                if html:
                    charset = ctype.split("charset=", 1)[1].strip() if "charset=" in ctype else None
                    from .links import attachment_links, page_kind, read_page  # bs4: only for pages
                    page = read_page(body, uri, charset)
                    kind = page_kind(page)
                    if kind in ("listing", "other"):
                        out.skip("listing page" if kind == "listing" else "not a report")
                        continue
                    if kind == "attachment_only":
                        for ln in attachment_links(page):
                            pages.setdefault(unquote(ln.url), (uri, page.title, page.published))
                found.append((virtual_path(path, offset, uri), origin))
    except Exception as e:  # a truncated or damaged archive: what was read is kept
        out.error = f"{type(e).__name__}: {e}"
    # matched on unquoted URLs: a page links 年报.pdf where the archive has %E5%B9%B4%E6%8A%A5.pdf
    have = {unquote(o.url or "") for _, o in found}
    paired = {unquote(page) for url, (page, _, _) in pages.items() if url in have}
    for vpath, origin in found:
        key = unquote(origin.url or "")
        if key in paired:  # the page only links its report, which is in the archive: one record
            out.skip("page whose report is its attachment")
            continue
        if key in pages:
            origin.page_url, origin.page_title, origin.published = pages[key]
        out.inputs[vpath] = origin
    return out


def read_record(path: str, offset: int) -> bytes:
    """The decoded payload of the response record at `offset`."""
    from warcio.archiveiterator import ArchiveIterator
    with open(path, "rb") as f:
        f.seek(offset)
        rec = next(iter(ArchiveIterator(f)))
        return rec.content_stream().read()
