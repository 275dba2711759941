"""Values read by OCR: kept only where the identities confirm them or the recogniser is sure.

A value read from a scan is not a printed value we can trust like a text layer's: a misread digit
looks exactly like a right one. So, before the identities fill anything:
  * an OCR value that takes part in an identity holding with all its cells known (printed blanks as 0)
    is confirmed and kept, whatever its confidence;
  * an unconfirmed OCR value whose confidence is below LOW_CONFIDENCE, or that takes part in an identity
    that fails, is set to null (raw and provenance kept) with an `ocr_unconfirmed` issue; the solver may
    then show what it should be (`unreadable_cell_inferable`) but never fills it.
"""
from __future__ import annotations

from .checks import TOLERANCE, instances
from .result import Issue, TableResult
from .templates import Template

LOW_CONFIDENCE = 0.9  # rapidocr's character confidence: clean digits score above 0.97

Key = tuple[str, str, str]


def identity_support(template: Template, tables: dict[str, TableResult]) -> tuple[set[Key], set[Key]]:
    """Cells in an identity that holds / fails with every cell known (printed blanks counted as 0)."""
    held: set[Key] = set()
    failed: set[Key] = set()
    for inst in instances(template, tables):
        t = inst.identity.table
        if not tables[t].found:
            continue
        sums = []
        for side in (inst.lhs, inst.rhs):
            total = 0.0
            for rc in side:
                v = tables[t].get(*rc)
                if v is None or (v.value is None and v.source != "blank_cell"):
                    break
                total += v.value or 0
            else:
                sums.append(total)
                continue
            break
        if len(sums) != 2:
            continue
        keys = {(t, r, c) for r, c in inst.lhs + inst.rhs}
        ok = abs(sums[0] - sums[1]) <= TOLERANCE * max(1.0, abs(sums[0]), abs(sums[1]))
        (held if ok else failed).update(keys)
    return held, failed


def mark_ocr_values(tables: dict[str, TableResult], ocr_pages: list[int], pages: int | None) -> None:
    """On a document read wholly by OCR, values rebuilt from its text lines (no cell, no page) are OCR values too."""
    whole = bool(ocr_pages) and len(ocr_pages) == pages
    for tr in tables.values():
        for cols in tr.cells.values():
            for v in cols.values():
                if v.source == "cell" and not v.ocr and v.page is None and whole:
                    v.ocr = True


def guard_ocr_values(template: Template, tables: dict[str, TableResult], ocr_pages: list[int],
                     pages: int | None) -> list[Issue]:
    mark_ocr_values(tables, ocr_pages, pages)
    if not any(v.ocr for tr in tables.values() for cols in tr.cells.values() for v in cols.values()):
        return []  # no value read by OCR (every born-digital report): nothing to guard
    held, failed = identity_support(template, tables)
    issues = []
    for t, tr in tables.items():
        for row, cols in tr.cells.items():
            for col, v in cols.items():
                if not v.ocr or v.value is None or (t, row, col) in held:
                    continue
                low = v.confidence is None or v.confidence < LOW_CONFIDENCE
                if not low and (t, row, col) not in failed:
                    continue
                why = (f"confidence {v.confidence}" if low else "an identity it takes part in fails")
                issues.append(Issue("warning", "ocr_unconfirmed",
                                    f"{t}.{row}.{col}: OCR read {v.raw!r} ({why}) and no identity confirms it; left null",
                                    f"{t}.{row}.{col}"))
                v.value = None
    return issues
