"""Pages without text and table pictures: OCR'd into chars and rules of the page itself.

A page with no text layer, or a picture on a page with no text over it, is rendered with pypdfium2
at a resolution picked from the page (the scan's own dpi), recognised (readers/ocr.py), and its words
and ruling lines are put into the pdfplumber page as ordinary char and line objects. The page then goes
through the same read_page as any text page (ruled tables, rules-only tables, lines, paragraphs), so
there is one grid builder for text layers and scans. Each table cell built from recognised characters
keeps the lowest confidence among them (`Provenance.confidence`).
"""
from __future__ import annotations

from typing import Any, Optional

from ...model import ReaderWarning, Table
from ..ocr import OcrWord, Rule, pick_dpi, recognise
from .settings import IMAGE_MIN_SHARE

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (PDF points, top-left origin)


def centre_in(obj: dict, box: Box) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def regions_to_read(page: Any) -> list[tuple[Box, Optional[float]]]:
    """What has no text: the whole page when it has no chars, else each large picture no char lies on;
    with the picture's own resolution (dpi) where there is one."""
    w, h = float(page.width), float(page.height)
    pictures = []
    for im in page.images:
        box = (max(float(im["x0"]), 0.0), max(float(im["top"]), 0.0), min(float(im["x1"]), w), min(float(im["bottom"]), h))
        if box[2] - box[0] <= 0 or box[3] - box[1] <= 0 or (box[2] - box[0]) * (box[3] - box[1]) < IMAGE_MIN_SHARE * w * h:
            continue
        size = im.get("srcsize") or (0, 0)
        dpi = float(size[0]) * 72.0 / (box[2] - box[0]) if size and size[0] else None
        pictures.append((box, dpi))
    if not page.chars:
        dpis = [d for _, d in pictures if d]
        return [((0.0, 0.0, w, h), max(dpis) if dpis else None)]
    return [(box, dpi) for box, dpi in pictures if not any(centre_in(c, box) for c in page.chars)]


def char_object(word: OcrWord, page: Any) -> dict:
    """A recognised character as a pdfplumber char (what extract_words / find_tables read)."""
    h = float(page.height)
    size = word.bottom - word.top
    return {"object_type": "char", "page_number": page.page_number, "text": word.text, "fontname": "OCR",
            "size": size, "adv": word.x1 - word.x0, "upright": True, "x0": word.x0, "x1": word.x1,
            "top": word.top, "bottom": word.bottom, "y0": h - word.bottom, "y1": h - word.top,
            "doctop": page.initial_doctop + word.top, "width": word.x1 - word.x0, "height": size,
            "matrix": (1, 0, 0, 1, word.x0, h - word.bottom), "ncs": "DeviceGray", "stroking_color": None,
            "non_stroking_color": (0,), "ocr_confidence": word.confidence}


def line_object(rule: Rule, page: Any) -> dict:
    h = float(page.height)
    return {"object_type": "line", "page_number": page.page_number, "x0": rule.x0, "x1": rule.x1,
            "top": rule.top, "bottom": rule.bottom, "y0": h - rule.bottom, "y1": h - rule.top,
            "doctop": page.initial_doctop + rule.top, "width": rule.x1 - rule.x0, "height": rule.bottom - rule.top,
            "pts": [(rule.x0, rule.top), (rule.x1, rule.bottom)], "linewidth": 1, "stroke": True, "fill": False,
            "stroking_color": (0,), "non_stroking_color": None}


def render(pdfium_page: Any, page: Any, box: Box, dpi: float) -> Any:
    """The box of the page as an RGB array at dpi."""
    import numpy as np
    w, h = float(page.width), float(page.height)
    crop = (box[0], h - box[3], w - box[2], box[1])
    bitmap = pdfium_page.render(scale=dpi / 72.0, crop=crop, grayscale=False)
    return np.asarray(bitmap.to_pil().convert("RGB"))


def ocr_page(page: Any, pdfium_page: Any) -> Optional[tuple[Any, list[OcrWord], float]]:
    """The page with its pictures' text and rules added as objects, the words recognised and the largest
    deskew angle; None when nothing needed reading or the recogniser is not installed."""
    regions = regions_to_read(page)
    if not regions:
        return None
    words: list[OcrWord] = []
    rules: list[Rule] = []
    angle = 0.0
    for box, native in regions:
        dpi = pick_dpi(box[2] - box[0], box[3] - box[1], native)
        got = recognise(render(pdfium_page, page, box, dpi), dpi, (box[0], box[1]))
        if got is None:
            return None
        base = max((w.box for w in words), default=-1) + 1
        for w in got[0]:
            w.box += base  # text boxes numbered over the page
        words.extend(got[0])
        rules.extend(got[1])
        angle = max(angle, got[2], key=abs)
    read = page.filter(lambda o: True)
    read._objects = {k: list(v) for k, v in page.objects.items()}
    read._objects.setdefault("char", []).extend(char_object(w, page) for w in words)
    read._objects.setdefault("line", []).extend(line_object(r, page) for r in rules)
    return read, words, angle


def mark_confidence(table: Table, words: list[OcrWord]) -> None:
    """Each cell holding recognised characters keeps the lowest confidence among them."""
    for cell in table.cells:
        box = cell.prov.bbox
        if box is None or not cell.text:
            continue
        inside = [w for w in words if centre_in({"x0": w.x0, "x1": w.x1, "top": w.top, "bottom": w.bottom}, box)]
        if inside:
            cell.prov.confidence = round(min(w.confidence for w in inside), 4)
            cell.prov.ocr_boxes = len({w.box for w in inside})


MAX_OCR_PAGES = 40  # a report is a few pages; more pages of scan are left unread with a warning


class Scans:
    """OCR for one PDF: which pages were read, their words (for cell confidences), what to warn about."""

    def __init__(self, data: bytes, enabled: bool):
        self.data, self.enabled = data, enabled
        self.doc: Any = None
        self.words: dict[int, list[OcrWord]] = {}
        self.angles: dict[int, float] = {}
        self.skipped = 0
        self.missing = False
        self.failed: list[str] = []

    def read(self, page: Any, no: int) -> Any:
        """The page, with recognised text and rules added where it has none of its own."""
        if not self.enabled or self.missing or not regions_to_read(page):
            return page
        if len(self.words) >= MAX_OCR_PAGES:
            self.skipped += 1
            return page
        try:
            if self.doc is None:
                import pypdfium2
                self.doc = pypdfium2.PdfDocument(self.data)
            got = ocr_page(page, self.doc[no - 1])
        except MemoryError:  # over the worker's memory limit: an out_of_memory record, never "no text"
            raise
        except Exception as e:  # a picture PDFium cannot render: the page stays unread, the rest goes on
            self.failed.append(f"page {no}: {type(e).__name__}")
            return page
        if got is None:
            self.missing = True
            return page
        read, words, angle = got
        if words:
            self.words[no], self.angles[no] = words, angle
        return read

    def mark(self, tables: list[Any], no: int) -> None:
        for t in tables:
            if no in self.words:
                mark_confidence(t.table, self.words[no])

    def warnings(self) -> list[ReaderWarning]:
        out = []
        if self.words:
            pages = ", ".join(f"{p} ({self.angles[p]:+.1f}°)" for p in sorted(self.words))
            out.append(ReaderWarning("ocr_used", f"text recognised by OCR on page(s) {pages}"))
        if self.skipped:
            out.append(ReaderWarning("ocr_truncated", f"{self.skipped} more page(s) without text were not recognised"))
        if self.failed:
            out.append(ReaderWarning("ocr_failed", "; ".join(self.failed)))
        if self.missing:
            out.append(ReaderWarning("ocr_unavailable", "pages without text need rapidocr-onnxruntime (pip install rapidocr-onnxruntime)"))
        return out

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()
            self.doc = None
