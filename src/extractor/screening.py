"""Is this a disclosure annual report at all? Letters and notices filed among the reports are not."""
from __future__ import annotations

import re
from typing import Optional

from .model import Document
from .result import Issue, Result

LETTER = re.compile(r"(?:函|通知|通报|要点|意见|方案|总结|讲话|请示|批复|决定)[》」”\"]?$")
PLACE = re.compile(r"^[\u4e00-\u9fff]{2,8}?(省|市|县|区|旗|州|盟)")
PART_KEYS = ("proactive_disclosure", "requests", "review_litigation")


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
