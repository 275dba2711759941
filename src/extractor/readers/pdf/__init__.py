"""PDF reader: pages (PDFium's objects as pdfplumber pages, or pdfplumber's own) → one Document of
paragraphs and tables in reading order.

Pipeline (each step a small pure function):
  page chars → text lines (outside real tables) → drop page numbers / running headers
  pdfplumber tables → model Tables (spans from cell bboxes) or text boxes (1-column "tables")
  lines + tables in page order → paragraphs and table blocks; tables continued on the next page merged

Modules: pdfium (the fast path: PDFium's chars, paths and images as pdfplumber objects; pdfplumber
reads what it cannot), settings (tolerances), elements (lines, page tables, geometry), tables (ruled tables and
cross-page merges), rules (tables ruled with horizontal lines only), pages (lines, furniture, paragraphs),
finder (pdfplumber's ruled-table finder and cell texts, by lookup), wordmap (pdfplumber's words, in one loop).
"""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ...model import Block, Document, PdfPaths, Provenance, ReadError, ReaderWarning, SourceInfo
from . import pdfium
from ..pdf_engine import ENGINES, Engine, engine_setting
from . import guards  # noqa: F401  (reference loops in pdfminer become errors)
from .elements import Item, Line, PageTable, clean_cell_text
from .settings import IMAGE_MIN_SHARE
from .pages import drop_page_furniture, items_to_blocks, lines_to_layout, read_page
from .tables import label_columns, merge_continued_tables, merge_tables
from .word_headers import join_cut_header
from .scan import Scans
from ..ocr import enabled as ocr_enabled

# pdfminer logs every repair it makes to a damaged file; a bad input gets our one-line error instead
logging.getLogger("pdfminer").setLevel(logging.ERROR)
logging.getLogger("pdfminer").addHandler(logging.NullHandler())  # never Python's last-resort print to stderr

log = logging.getLogger(__name__)

__all__ = ["read_pdf", "read_fast", "read_plumber", "Engine", "engine_setting", "read_pages", "pages_document", "clean_cell_text", "merge_tables"]


def metadata_title(meta: dict) -> Optional[str]:
    """The metadata Title if it decodes to real Chinese text (WPS often stores mojibake)."""
    title = meta.get("Title")
    if isinstance(title, bytes):
        try:
            title = title.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not isinstance(title, str):
        return None
    title = title.strip()
    if re.search(r"[\x00-\x1f\x7f-\xff\ufffd]", title):
        return None
    cjk = len(re.findall(r"[\u4e00-\u9fff]", title))
    return title if cjk >= 2 and cjk >= len(title.replace(" ", "")) / 2 else None


def to_read_error(e: BaseException, doing: str) -> ReadError:
    """Any pdfminer/pdfplumber failure → ReadError; pdfplumber wraps the cause in PdfminerException."""
    causes = [e, e.__cause__, e.__context__, *(a for a in e.args if isinstance(a, BaseException))]
    if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
        return ReadError("pdf_encrypted", "the PDF is encrypted and needs a password")
    if any(isinstance(c, RecursionError) for c in causes):
        return ReadError("pdf_unreadable", f"the PDF cannot be {doing}: its objects are nested too deeply")
    return ReadError("pdf_unreadable", f"the PDF cannot be {doing}: {repr(e)[:300]}")


def open_pdf(data: bytes) -> Any:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types for broken files
        raise to_read_error(e, "opened") from None


def read_pdf(data: bytes, ocr: Optional[bool] = None, engine: Optional[Engine] = None) -> Document:
    """Read a PDF into a Document; ReadError for encrypted or broken files.

    ocr: recognise pages without text and table pictures (default: on unless EXTRACTOR_OCR=0).
    engine: "auto" reads with PDFium (readers/pdf/pdfium.py) and falls back to pdfplumber for what
    it cannot read: page by page where the rest of the document is PDFium's (`read_fast`), the whole
    document where what fails is the document's; "pdfium" never falls back (ReadError
    `pdf_unreadable` instead); "pdfplumber" is the pdfminer path only. Default: EXTRACTOR_PDF_ENGINE,
    else auto. `source.pdf_paths` names the pages each path read."""
    engine = engine or engine_setting()
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "pdfplumber":
        return read_plumber(data, ocr, "the pdfplumber engine was chosen")
    try:
        return read_fast(data, ocr, fallback=engine == "auto")
    except pdfium.Unreadable as e:
        if engine == "pdfium":
            raise ReadError("pdf_unreadable", f"the PDF cannot be read by PDFium alone: {e}") from None
        log.debug("pdfplumber reads this PDF: %s", e)
        return read_plumber(data, ocr, str(e))


def read_fast(data: bytes, ocr: Optional[bool] = None, fallback: bool = False) -> Document:
    """The PDFium path: pages as pdfplumber pages of PDFium's objects, then the same page reading.
    pdfium.Unreadable for what it cannot read faithfully (no text layer, Type3 fonts, unmapped
    characters, rotated pages, shadings) and for any PDFium failure. With `fallback`, a page
    it cannot read is pdfplumber's own page of the same PDF (pdfplumber opened only then; so is a page
    using a Type3 font or a CMap that may be vertical); what fails for the whole document (PDFium
    cannot open it, a Type3 font no page's resources hold, the page count, no page with text) is
    still Unreadable."""
    doc = pdfium.open_document(data)
    scans = Scans(data, ocr_enabled() if ocr is None else ocr)
    plumber = LazyPlumber(data)
    try:
        facts = pdfium.font_metrics(data)
        pages = pdfium.read_document(doc, data, facts, fallback)
        content = read_pages([plumber.page(p.no) if isinstance(p, pdfium.Unread) else p for p in pages], scans)
        unread = [p for p in pages if isinstance(p, pdfium.Unread)]
        paths = PdfPaths([p.page_number for p in pages if not isinstance(p, pdfium.Unread)],
                         [p.no for p in unread], [p.reason for p in unread])
        source = SourceInfo(media_type="application/pdf", pages=len(pages), title=metadata_title(facts.metadata),
                            pdf_paths=paths)
    except pdfium.Unreadable:
        raise
    except MemoryError:
        raise
    except Exception as e:  # anything PDFium, pdfplumber or the page objects trip on: pdfplumber reads it all
        raise pdfium.Unreadable(f"{type(e).__name__}: {str(e)[:200]}") from None
    finally:
        scans.close()
        doc.close()
        plumber.close()
    source.ocr_pages = sorted(scans.words)
    return pages_document(content, source, scans.warnings())


class LazyPlumber:
    """pdfplumber's pages of a PDF, opened on the first page the fast path hands over."""

    def __init__(self, data: bytes):
        self.data, self.pdf = data, None

    def page(self, no: int) -> Any:
        if self.pdf is None:
            self.pdf = open_pdf(self.data)
        return self.pdf.pages[no - 1]

    def close(self) -> None:
        if self.pdf is not None:
            close_quietly(self.pdf)


def close_quietly(pdf: Any) -> None:
    """Close a pdfplumber PDF: closing walks the pages again, and an error before is the one to report."""
    try:
        pdf.close()
    except Exception:
        pass


def read_plumber(data: bytes, ocr: Optional[bool] = None, reason: str = "") -> Document:
    """The pdfplumber (pdfminer) path (`reason`: why, for `source.pdf_paths`)."""
    pdf = open_pdf(data)
    damaged_before = guards.damaged_streams
    scans = Scans(data, ocr_enabled() if ocr is None else ocr)
    try:
        content = read_pages(pdf.pages, scans)
        source = SourceInfo(media_type="application/pdf", pages=len(pdf.pages),
                            title=metadata_title(pdf.metadata or {}),
                            pdf_paths=PdfPaths([], list(range(1, len(pdf.pages) + 1)), [reason] if reason else []))
    except Exception as e:  # RecursionError included: a page tree thousands deep
        raise to_read_error(e, "read") from None
    finally:
        close_quietly(pdf)
        scans.close()
    source.ocr_pages = sorted(scans.words)
    if not content.has_text and guards.damaged_streams > damaged_before:
        raise ReadError("pdf_unreadable", "the PDF has no readable text: its content streams are damaged")
    return pages_document(content, source, scans.warnings())


@dataclass
class PageContent:
    """What the pages hold, page by page: text lines outside tables, tables, heights, big images."""
    lines: list[list[Line]] = field(default_factory=list)
    tables: list[list[PageTable]] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    images: list[Block] = field(default_factory=list)
    has_text: bool = False


def read_pages(pages: Iterable[Any], scans: Optional[Scans] = None) -> PageContent:
    """pdfplumber pages (or PositionedPages of another fixed-layout format) → their lines and tables;
    `scans`: pages without text and table pictures recognised by OCR first (readers/pdf/scan.py)."""
    out = PageContent()
    prev_chars: Optional[list[dict]] = None
    for no, page in enumerate(pages, start=1):
        out.images.extend(page_images(page, no))
        if scans is not None:
            page = scans.read(page, no)
        out.has_text = out.has_text or bool(page.chars)
        last = out.tables[-1][-1] if out.tables and out.tables[-1] else None  # a word table may go on
        lines, tables = read_page(page, no, value_columns(last) if last is not None else None)
        if prev_chars is not None and (joined := join_cut_header(prev_chars, out.lines[-1], out.tables[-1],
                                                                 page.chars, lines, tables, no)):
            tables = joined  # a header whose top levels end the page before
        if scans is not None:
            scans.mark(tables, no)
        out.lines.append(lines)
        out.tables.append(tables)
        out.heights.append(float(page.height))
        prev_chars = page.chars
        page.close()  # free pdfplumber's per-page object cache
    return out


def pages_document(content: PageContent, source: SourceInfo, warnings: Iterable[ReaderWarning] = ()) -> Document:
    """Page furniture dropped, lines and tables in reading order, continued tables merged → Document."""
    if not content.has_text:
        return Document(blocks=content.images, source=source, warnings=[ReaderWarning("no_text_layer"), *warnings])
    page_lines = drop_page_furniture(content.lines, content.heights)
    items: list[Item] = []
    for lines, tables in zip(page_lines, content.tables):
        items.extend(sorted([*lines, *tables], key=lambda it: it.top))
    items = merge_continued_tables(items)
    lay = lines_to_layout([ln for lines in page_lines for ln in lines])
    return Document(blocks=with_images(items_to_blocks(items, lay), content.images), source=source,
                    warnings=list(warnings))


def value_columns(t: PageTable) -> Optional[list[tuple[float, float]]]:
    """x-extents of a page table's value columns (those holding numbers), for a piece continuing it."""
    if t.value_columns is not None:
        return t.value_columns
    xs = t.col_edges
    if len(xs) != t.table.n_cols + 1:
        return None
    labels = label_columns(t.table)
    return [(xs[k], xs[k + 1]) for k in range(t.table.n_cols) if k not in labels] or None


def page_images(page: Any, page_no: int) -> list[Block]:
    """Pictures big enough to be a scanned table or page (a table printed as an image)."""
    area = float(page.width) * float(page.height)
    out = []
    for im in page.images:
        box = (float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"]))
        if (box[2] - box[0]) * (box[3] - box[1]) >= IMAGE_MIN_SHARE * area:
            out.append(Block("image", f"image on page {page_no}", prov=Provenance(page=page_no, bbox=box)))
    return out


def with_images(blocks: list[Block], images: list[Block]) -> list[Block]:
    """Each image after the last block of its page."""
    out = list(blocks)
    for im in images:
        at = next((i for i, b in enumerate(out) if (b.prov.page or 0) > im.prov.page), len(out))
        out.insert(at, im)
    return out
