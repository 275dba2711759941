"""Is this a disclosure annual report at all? A classification of what was read, never a read failure.

Letters, notices and work-points papers filed among the reports, documents with neither report sections
nor statistics tables, and scans no OCR read are no report: the pipeline makes them error records. The
report of another publisher filed under this one is a report, with a warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .model import Document
from .result import Issue, Result

LETTER = re.compile(r"(?:函|通知|通报|要点|意见|方案|总结|讲话|请示|批复|决定)[》」”\"]?$")
PLACE = re.compile(r"^[\u4e00-\u9fff]{2,8}?(省|市|县|区|旗|州|盟)")
PART_KEYS = ("proactive_disclosure", "requests", "review_litigation")
NOTHING = "no report sections or statistics tables found"


@dataclass(frozen=True)
class Verdict:
    """What the input is: a report (`issues` may warn), or no report (an error issue among `issues`)."""
    issues: tuple[Issue, ...] = ()

    @property
    def rejected(self) -> bool:
        return any(i.severity == "error" for i in self.issues)


REPORT = Verdict()


def verdict(doc: Document, result: Result, ocr: bool) -> Verdict:
    """The verdict on a report read on a modern template (its tables mapped)."""
    if not result.sections and not any(t.found for t in result.tables.values()):
        if doc.warned("no_text_layer"):
            unread = doc.warned("ocr_unavailable") or not ocr
            return Verdict((Issue("warning", "table_is_image", "the document is a scan: its tables are images"),
                            Issue("error", "no_text_layer", "the PDF has no text layer (a scan) and OCR is off or not installed"
                                  if unread else "the PDF has no text layer and OCR found no text in it")))
        return Verdict((Issue("error", "not_an_annual_report", NOTHING),))
    return _screen(doc, result)


def legacy_verdict(doc: Document, result: Result) -> Verdict:
    """The verdict on a pre-2019 report (its legacy facts read): a statistics sheet alone is a report
    only when it is a legacy statistics table."""
    if not result.sections and not doc.tables():
        return Verdict((Issue("error", "not_an_annual_report", NOTHING),))
    screened = _screen(doc, result)
    if not screened.rejected and not result.sections and not any(f.source == "stats_table" for f in result.legacy_facts):
        return Verdict((Issue("error", "not_an_annual_report", NOTHING),))
    return screened


def _screen(doc: Document, result: Result) -> Verdict:
    issue = not_a_report(doc, result)
    return Verdict((issue,)) if issue is not None else REPORT


def not_a_report(doc: Document, result: Result) -> Optional[Issue]:
    """An error for a letter, notice or work-points paper; a warning for another county's report."""
    paragraphs = [b.text.strip() for b in doc.blocks if b.kind in ("heading", "paragraph") and b.text.strip()]
    head = (doc.source.title or (paragraphs[0] if paragraphs else ""))[:80].strip()
    is_report = "报告" in head or "年报" in head
    parts = sum(s.key in PART_KEYS for s in result.sections)
    if not is_report and (LETTER.search(head) or (parts < 2 and not any(t.found for t in result.tables.values()))):
        return Issue("error", "not_an_annual_report", f"not a disclosure annual report: {head[:40]!r}")
    agency, hint = result.report.agency if result.report else None, doc.source.agency_hint
    a, h = PLACE.match(agency or ""), PLACE.match(hint or "")
    if a and h and a.group(1) == h.group(1) and a.group(0) not in h.group(0) and h.group(0) not in a.group(0):
        return Issue("warning", "not_an_annual_report",
                     f"the report of {agency}, filed under {hint}: not this publisher's own report")
    return None
