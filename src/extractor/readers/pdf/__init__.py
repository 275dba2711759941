"""PDF reader: pdfplumber pages → one Document of paragraphs and tables in reading order.

Pipeline (each step a small pure function):
  page chars → text lines (outside real tables) → drop page numbers / running headers
  pdfplumber tables → model Tables (spans from cell bboxes) or text boxes (1-column "tables")
  lines + tables in page order → paragraphs and table blocks; tables continued on the next page merged

Modules: settings (tolerances), elements (lines, page tables, geometry), tables (ruled tables and
cross-page merges), rules (tables ruled with horizontal lines only), pages (lines, furniture, paragraphs).
"""
from __future__ import annotations

import io
import logging
import re
from typing import Any, Optional

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ...model import Block, Document, Provenance, ReadError, SourceInfo
from .elements import Item, Line, PageTable, clean_cell_text
from .settings import IMAGE_MIN_SHARE
from .pages import drop_page_furniture, items_to_blocks, lines_to_layout, read_page
from .tables import merge_continued_tables, merge_tables
from .scan import Scans
from ..ocr import enabled as ocr_enabled

# pdfminer logs every repair it makes to a damaged file; a bad input gets our one-line error instead
logging.getLogger("pdfminer").setLevel(logging.ERROR)

__all__ = ["read_pdf", "clean_cell_text", "merge_tables"]


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
    return ReadError("pdf_unreadable", f"the PDF cannot be {doing}: {e!r}")


def open_pdf(data: bytes) -> Any:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types for broken files
        raise to_read_error(e, "opened") from None


def read_pdf(data: bytes, ocr: Optional[bool] = None) -> Document:
    """Read a PDF into a Document; ReadError for encrypted or broken files.

    ocr: recognise pages without text and table pictures (default: on unless EXTRACTOR_OCR=0)."""
    pdf = open_pdf(data)
    scans = Scans(data, ocr_enabled() if ocr is None else ocr)
    try:
        page_lines: list[list[Line]] = []
        page_tables: list[list[PageTable]] = []
        heights: list[float] = []
        images: list[Block] = []
        has_text = False
        for no, page in enumerate(pdf.pages, start=1):
            images.extend(page_images(page, no))
            page = scans.read(page, no)
            has_text = has_text or bool(page.chars)
            lines, tables = read_page(page, no)
            scans.mark(tables, no)
            page_lines.append(lines)
            page_tables.append(tables)
            heights.append(float(page.height))
            page.close()  # free pdfplumber's per-page object cache
        source = SourceInfo(media_type="application/pdf", pages=len(pdf.pages),
                            title=metadata_title(pdf.metadata or {}))
    except Exception as e:
        raise to_read_error(e, "read") from None
    finally:
        pdf.close()
        scans.close()
    source.ocr_pages = sorted(scans.words)

    if not has_text:
        return Document(blocks=images, source=source, warnings=["no_text_layer", *scans.warnings()])
    page_lines = drop_page_furniture(page_lines, heights)
    items: list[Item] = []
    for lines, tables in zip(page_lines, page_tables):
        items.extend(sorted([*lines, *tables], key=lambda it: it.top))
    items = merge_continued_tables(items)
    lay = lines_to_layout([ln for lines in page_lines for ln in lines])
    return Document(blocks=with_images(items_to_blocks(items, lay), images), source=source, warnings=scans.warnings())


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
