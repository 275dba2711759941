"""Offline OCR of scanned pages and table pictures: image → positioned words and ruling lines.

RapidOCR (`rapidocr-onnxruntime`, PP-OCRv4 Chinese detection + recognition models shipped inside the
wheel, run by onnxruntime on the CPU; nothing is downloaded). Before recognition the picture is cleaned
the way scans need: red seals suppressed, the page deskewed (scans come rotated by about 1°). The
recogniser's character boxes become positioned words with their confidence, and the table rules drawn
in the picture become line segments, both in PDF points, so that the PDF reader's own words → lines /
tables code builds the grid (readers/pdf/scan.py).

Switched off by `--no-ocr` (the CLI sets EXTRACTOR_OCR=0, which batch workers inherit).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # numpy is imported by the functions that use it: OCR only, never at start-up
    import numpy as np

from ..values import OCR_LOOKALIKES, ocr_number_text
from .protocol import ocr_enabled

MIN_DPI, MAX_DPI = 150, 300  # render between these, at the scan's own resolution where it has one
MAX_SIDE_PX = 2000  # the recogniser works on at most this long a side: larger renders cost time only
MAX_ANGLE, ANGLE_STEP = 3.0, 0.1  # deskew search (degrees)
SEAL_RED = 60  # a pixel this much redder than green and blue is seal ink (dark text under it stays)
INK_LEVEL = 160  # grey below this is ink
MIN_INK_SHARE = 0.002  # a picture with less ink than this (a frame, a blank page) holds no text
RULE_MIN_PT = 20.0  # a straight run of ink at least this long (points) is a table rule
SURE = 0.9  # a short number read less surely than this is read again, as digits only


@dataclass
class OcrWord:
    """One recognised character (the recogniser's own box) in PDF points, with its confidence."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float
    box: int = 0  # which detected text box it was recognised in (two boxes in one cell: two numbers)


@dataclass
class Rule:
    """A ruling line drawn in the picture, in PDF points."""
    x0: float
    top: float
    x1: float
    bottom: float


enabled = ocr_enabled  # the OCR switch (readers/protocol.py)


@lru_cache(maxsize=1)
def engine() -> Optional[Any]:
    """The recogniser, loaded once per process; None when rapidocr-onnxruntime is not installed."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return RapidOCR(max_side_len=MAX_SIDE_PX)


def pick_dpi(width_pt: float, height_pt: float, native_dpi: Optional[float]) -> float:
    """The scan's own resolution (within MIN_DPI..MAX_DPI; 200 for vector pages), no side over MAX_SIDE_PX."""
    dpi = min(max(native_dpi or 200.0, MIN_DPI), MAX_DPI)
    return min(dpi, MAX_SIDE_PX * 72.0 / max(width_pt, height_pt, 1.0))


def suppress_seals(rgb: np.ndarray) -> np.ndarray:
    """Grey image with red ink (seals, red stamps) turned white; black text printed under it stays."""
    import numpy as np
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    grey = (0.299 * r + 0.587 * g + 0.114 * b).astype(np.uint8)
    grey[(r - np.maximum(g, b) > SEAL_RED) & (r > INK_LEVEL - 40)] = 255
    return grey


def skew_angle(grey: np.ndarray) -> float:
    """The correction (degrees, counter-clockwise) that makes the ink rows sharpest: the projection
    profile with most variance, searched coarsely on a half-size picture, then finely at full size.
    A page scanned turned 1° counter-clockwise gives -1."""
    import numpy as np
    def points(step: int) -> tuple[np.ndarray, np.ndarray]:
        ys, xs = np.nonzero(grey[::step, ::step] < INK_LEVEL)
        if len(xs) > 150000:
            pick = np.linspace(0, len(xs) - 1, 150000).astype(int)
            ys, xs = ys[pick], xs[pick]
        return ys.astype(float), xs.astype(float)

    def sharpness(pts: tuple[np.ndarray, np.ndarray], a: float) -> float:
        t = np.deg2rad(a)
        rows = np.round(pts[0] * np.cos(t) - pts[1] * np.sin(t)).astype(int)
        return float(np.var(np.bincount(rows - rows.min())))

    coarse = points(2)
    if len(coarse[0]) < 50:
        return 0.0
    best = max(np.arange(-MAX_ANGLE, MAX_ANGLE + 1e-9, ANGLE_STEP), key=lambda a: sharpness(coarse, a))
    fine = points(1)
    best = max(np.arange(best - ANGLE_STEP, best + ANGLE_STEP + 1e-9, ANGLE_STEP / 5), key=lambda a: sharpness(fine, a))
    return round(float(best), 2)


def deskew(grey: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < ANGLE_STEP / 2:
        return grey
    import cv2
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def find_rules(grey: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Horizontal and vertical ink runs long enough to be table rules: (x0, top, x1, bottom) in pixels."""
    import numpy as np
    import cv2
    ink = (grey < INK_LEVEL).astype(np.uint8)
    length = max(int(RULE_MIN_PT * dpi / 72), 10)
    out = []
    for kernel, thicken in (((length, 1), (1, 5)), ((1, length), (5, 1))):
        # thickened across first: a rule that steps by a pixel or two (residual skew, bilevel) stays one run
        mask = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, thicken))
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        for x, y, w, h, _ in stats[1:n]:
            if kernel[0] > 1 and w >= length:
                out.append((int(x), int(y + h // 2), int(x + w), int(y + h // 2)))
            elif kernel[1] > 1 and h >= length:
                out.append((int(x + w // 2), int(y), int(x + w // 2), int(y + h)))
    return out


def digit_confidence(ocr: Any, crop: np.ndarray, text: str) -> Optional[float]:
    """A short line recognised as digits, read again with the recogniser's output restricted to the
    digits: each position's probability of being its digit (look-alikes counted with it). Returns the
    lowest over the characters when this digits-only reading gives the same text, else None."""
    import numpy as np
    import cv2
    rec = ocr.text_rec
    charset = rec.postprocess_op.character  # index 0: the CTC blank
    symbols = [str(d) for d in range(10)] + ["-"]
    groups = [[i for i, ch in enumerate(charset) if ch == sym or ch in OCR_LOOKALIKES.get(sym, "")] for sym in symbols]
    h, w = crop.shape[:2]
    img = rec.resize_norm_img(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR), max(w / float(max(h, 1)), 320 / 48))
    probs = rec.session(img[np.newaxis, :].astype(np.float32))[0][0]  # (steps, classes), softmax
    mass = np.stack([probs[:, 0]] + [probs[:, g].sum(axis=1) for g in groups], axis=1)  # blank, 0-9, -
    best = mass.argmax(axis=1)
    digits, confs, prev = [], [], 0
    for t, k in enumerate(best):
        if k != 0 and k != prev:
            digits.append(symbols[k - 1])
            confs.append(float(mass[t, k]))
        elif k != 0 and confs:
            confs[-1] = max(confs[-1], float(mass[t, k]))
        prev = k
    return min(confs) if confs and "".join(digits) == text else None


def recognise(rgb: np.ndarray, dpi: float, offset: tuple[float, float] = (0.0, 0.0)
              ) -> Optional[tuple[list[OcrWord], list[Rule], float]]:
    """Words and rules of a picture (pixels at dpi; offset: its top-left corner on the page, in points),
    and the deskew angle; None when the recogniser is not installed."""
    import numpy as np
    ocr = engine()
    if ocr is None:
        return None
    grey = suppress_seals(rgb)
    if float(np.mean(grey < INK_LEVEL)) < MIN_INK_SHARE:
        return [], [], 0.0
    angle = skew_angle(grey)
    grey = deskew(grey, angle)
    k, (ox, oy) = 72.0 / dpi, offset
    rules = [Rule(ox + a * k, oy + b * k, ox + c * k, oy + d * k) for a, b, c, d in find_rules(grey, dpi)]
    import cv2
    result, _ = ocr(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), use_cls=False, return_word_box=True, text_score=0.0)
    words = []
    for n, line in enumerate(result or []):
        _, text, score, boxes, chars, scores = (*line, None, None, None)[:6]
        if not boxes or not chars or len(chars) != len(boxes):  # no character boxes: spread the line box
            box = np.array(line[0], dtype=float)
            x0, x1, top, bottom = box[:, 0].min(), box[:, 0].max(), box[:, 1].min(), box[:, 1].max()
            step = (x1 - x0) / max(len(text), 1)
            boxes = [[[x0 + i * step, top], [x0 + (i + 1) * step, bottom]] for i in range(len(text))]
            chars, scores = list(text), [score] * len(text)
        digits = ocr_number_text(text)
        if scores and min(scores) < SURE and re.fullmatch(r"-?\d{1,8}", digits):
            pts = np.array(line[0], dtype=float)
            y0, y1 = int(pts[:, 1].min()), int(np.ceil(pts[:, 1].max()))
            x0, x1 = int(pts[:, 0].min()), int(np.ceil(pts[:, 0].max()))
            sure = digit_confidence(ocr, grey[max(y0, 0):y1, max(x0, 0):x1], digits) if y1 > y0 and x1 > x0 else None
            if sure is not None:  # the digits-only reading agrees: its confidence stands for the digits
                scores = [sure] * len(scores)
        for ch, box, conf in zip(chars, boxes, scores or [score] * len(chars)):
            if not ch.strip():
                continue
            pts = np.array(box, dtype=float)
            words.append(OcrWord(ch, ox + pts[:, 0].min() * k, ox + pts[:, 0].max() * k,
                                 oy + pts[:, 1].min() * k, oy + pts[:, 1].max() * k, float(conf), n))
    return words, rules, angle
