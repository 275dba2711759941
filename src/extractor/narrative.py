"""Numbers the narrative states about the tables (收到申请305件, 1起行政复议被纠错 …).

section texts → clauses → patterns → facts; facts then check or fill table cells.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from .metadata import tidy
from .numerals import CHARS, to_number
from .result import Check, Issue, NarrativeFact, Result, Value

NUM = r"(\d[\d,，]*(?:\.\d+)?|[%s]+)" % CHARS
_CLAUSE = re.compile(r"[^，,。；;：:！？\n]+")
# (key, pattern, templates it applies to) — first match per key wins; clauses starting with 其中 are parts, not totals
PATTERNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("requests.new_received.total",
     r"(?:收到|受理|接收|新收)(?:了)?(?:各类)?(?:政府信息公开|依申请公开)(?:申请)?(?:共计|共|合计)?" + NUM + r"[件个]", ()),
    ("requests.total_processed.total", r"(?:办理|答复|办结)(?:了)?(?:政府信息公开申请|申请)?(?:共计|共)?" + NUM + r"件", ()),
    ("requests.carried_over.total", r"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?" + NUM + r"件", ()),
    ("requests.carried_forward.total", NUM + r"件(?:申请)?(?:顺延|结转)(?:到|至)下一?年度?", ()),
    ("review_litigation.review.corrected", NUM + r"[件起](?:政府信息公开)?行政复议(?:案件)?被(?:纠错|纠正)", ()),
    ("review_litigation.review.total", r"(?:政府信息公开)?行政复议(?:案件)?(?:共)?" + NUM + r"[件起]", ()),
    ("text.litigation.corrected", NUM + r"[件起](?:政府信息公开)?行政诉讼(?:案件)?败诉", ()),
    ("text.litigation.total", r"(?:政府信息公开)?行政诉讼(?:案件)?(?:共)?" + NUM + r"[件起]", ()),
    ("proactive_disclosure.normative_docs.issued", r"制发(?:行政)?规范性文件" + NUM + r"件", ("gov-2021",)),
    ("text.proactive_items_published", r"主动公开(?:各类)?(?:政府)?信息" + NUM + r"条", ()),
)
# after a review or litigation total, the outcome breakdown of the same sentence
# a clause must name requests for these keys (办理12件 alone may be 人大建议 or 政协提案)
NEEDS_REQUEST = {"requests.total_processed.total"}
NOT_REQUESTS = ("提案", "建议", "议案", "信访", "来信")
# other readings a statement may have: 收到/办理 N 件 often counts last year's carried-over requests too
READINGS: dict[str, tuple[tuple[str, ...], ...]] = {
    "requests.new_received.total": (("requests.new_received.total", "requests.carried_over.total"),),
    "requests.total_processed.total": (("requests.new_received.total", "requests.carried_over.total"),
                                       ("requests.total_processed.total", "requests.carried_forward.total")),
}
OUTCOMES = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))
_COMPILED = tuple((k, re.compile(p), t) for k, p, t in PATTERNS)


def _outcomes(sentence: str, prefix: str, section: str) -> list[NarrativeFact]:
    out = []
    for col, label in OUTCOMES:
        m = re.search(label + NUM + r"[件起]", sentence)
        value = to_number(m.group(1)) if m else None
        if value is not None:
            out.append(NarrativeFact(f"{prefix}.{col}", value, m.group(0), section))
    return out


def sentences(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each sentence of a section text with its clauses (split at ，；：…), numbers tidied."""
    for sentence in re.split(r"(?<=[。；;\n])", tidy(text)):
        yield sentence, _CLAUSE.findall(sentence)


def find_facts(sections: list[tuple[str, str]], template: str) -> list[NarrativeFact]:
    """Facts from (section key, text) pairs, in document order, one per key."""
    facts: list[NarrativeFact] = []
    seen: set[str] = set()
    for section, text in sections:
        for sentence, clauses in sentences(text):
            for clause in clauses:
                if clause.lstrip().startswith(("其中", "较上年", "同比")):
                    continue
                for key, pattern, only in _COMPILED:
                    if key in seen or (only and template not in only):
                        continue
                    if key in NEEDS_REQUEST and ("申请" not in clause or any(w in clause for w in NOT_REQUESTS)):
                        continue
                    m = pattern.search(clause)
                    value = to_number(m.group(1)) if m else None
                    if value is None:
                        continue
                    seen.add(key)
                    facts.append(NarrativeFact(key, value, m.group(0), section))
                    if key.endswith(".total") and ("复议" in key or "litigation" in key):
                        prefix = key.rsplit(".", 1)[0]
                        for f in _outcomes(sentence[sentence.find(clause):], prefix, section):
                            if f.key not in seen:
                                seen.add(f.key)
                                facts.append(f)
    return facts


def _sum(result: Result, keys: tuple[str, ...]) -> Optional[float]:
    values = [result.tables[t].get(r, c) for t, r, c in (k.split(".") for k in keys)]
    if any(v is None or v.value is None for v in values):
        return None
    return sum(v.value for v in values)


def apply_facts(result: Result) -> None:
    """Compare each fact with its table cell; fill the cell from the text where the table is missing."""
    for fact in result.narrative_facts:
        parts = fact.key.split(".")
        if parts[0] not in result.tables or len(parts) != 3:
            continue
        table, row, col = parts
        tres = result.tables[table]
        cell: Optional[Value] = tres.get(row, col)
        if cell is None:
            continue
        if not tres.found:
            if cell.value is None:
                cell.value, cell.source, cell.phrase = fact.value, "text", fact.phrase
            continue
        if cell.value is None:
            result.checks.append(Check(f"narrative.{fact.key}", None, fact.value, None,
                                       f"narrative {fact.phrase!r}: table cell {fact.key} is empty", column=col))
            continue
        ok = abs(cell.value - fact.value) < 1e-6
        reading = fact.key
        for keys in READINGS.get(fact.key, ()) if not ok else ():
            total = _sum(result, keys)
            if total is not None and abs(total - fact.value) < 1e-6:
                ok, reading = True, " + ".join(keys)
                break
        result.checks.append(Check(f"narrative.{fact.key}", ok, fact.value, cell.value,
                                   f"narrative {fact.phrase!r} vs table {reading}", column=col))
        if not ok:
            result.issues.append(Issue("warning", "narrative_disagrees",
                                       f"the text says {fact.phrase!r} but the table prints {cell.value}", fact.key))
