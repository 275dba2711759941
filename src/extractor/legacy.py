"""Legacy reports (2008–2018): no national template; figures go to legacy_facts.

stated figures (legacy_text) → statistics tables (legacy_tables), their
run-together digits split by the table's arithmetic and the stated figures → text/table checks →
the harmonised view on modern cell keys.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from .legacy_tables import LegacyTable, from_grid, from_text, resolve
from .stats_spans import text_spans
from .legacy_text import Stated, find_stated, read_figures
from .stated import Figure, agrees, compare
from .model import Document
from .result import Check, Issue, NarrativeFact, Number, Result
from .templates import legacy

# legacy fact → (modern cell key, caveat): where a legacy figure means (nearly) what a modern cell does
# (templates/legacy/harmonize.json; IMPLIED: the fact that stands for it when it is absent)
HARMONIZE: tuple[tuple[str, str, str], ...] = tuple((h.fact, h.key, h.caveat) for h in legacy().harmonize)
IMPLIED = {h.fact: h.or_fact for h in legacy().harmonize if h.or_fact}


@dataclass
class LegacyFact:
    """One pre-2019 fact: its value, unit and where it was read."""
    fact: str
    value: Optional[Number]
    unit: Optional[str]
    source: str  # "stats_table" | "text"
    phrase: str
    cumulative_value: Optional[Number] = None
    has_cumulative: bool = False  # the table has a 历年累计 / 本年累计 column
    approximate: bool = False
    section: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"fact": self.fact, "value": self.value, "unit": self.unit,
                             "source": self.source, "phrase": self.phrase}
        if self.has_cumulative:
            d["cumulative_value"] = self.cumulative_value
        if self.approximate:
            d["approximate"] = True
        if self.section is not None:
            d["section"] = self.section
        return d


@dataclass
class Harmonized:
    """A legacy fact carried over to a modern cell key, with its caveat."""
    key: str  # the modern cell key
    value: Optional[Number]
    fact: str
    caveat: str

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "fact": self.fact, "caveat": self.caveat}


def _texts(result: Result) -> list[tuple[str, str]]:
    """(section key, text) with each subsection apart, so no clause runs into a subsection heading; a heading
    is a line of its own (二、主动公开政府信息3460条: figures inside headings count)."""
    out = []
    for s in result.sections:
        first = s.text.find(s.subsections[0].heading) if s.subsections else -1
        head = re.sub(r"^[一二三四五六七八九十]+[、.．]", "", s.heading)
        out.append((s.key, head + "。" + (s.text[:first] if first >= 0 else s.text)))
        out.extend((s.key, re.sub(r"^[（(][一二三四五六七八九十]+[)）]", "", sub.heading) + "。" + sub.text)
                   for sub in (s.subsections if first >= 0 else []))
    return [(k, _without_tables(t)) for k, t in out]


def _without_tables(text: str) -> str:
    """A statistics table flattened into the text is read as a table, not as sentences."""
    for a, b in reversed(text_spans(text)):
        text = text[:a] + "。" + text[b:]
    return text


def _tables(doc: Document, result: Result) -> tuple[list[LegacyTable], list[Optional[str]]]:
    """Statistics tables from the grids, else from the text of a section (or the whole body)."""
    grids = [from_grid(t, f"table {i + 1}") for i, t in enumerate(doc.tables())]
    found = [t for t in grids if t]
    if found:
        return found, [None] * len(found)
    for s in result.sections:
        t = from_text(s.text, f"section {s.key} text")
        if t:
            return [t], [s.key]
    body = "\n".join(b.text for b in doc.blocks if b.kind in ("heading", "paragraph"))
    t = from_text(body, "text")
    return ([t], [None]) if t else ([], [])


def _compare(stated: list[Stated], table: dict[str, LegacyFact], result: Result,
             splits: Optional[dict[str, list[Number]]] = None) -> None:
    """A narrative.<fact> check for every stated figure the table also prints.

    Where the table's digits split several ways (value null), a stated figure that none of the splits
    gives still disagrees with the table.
    """
    for s in stated:
        names = ["admin_reviews", "admin_litigation"] if s.fact == "admin_reviews_litigation" else \
            ["fees_collected"] if s.fact == "fees" else [s.fact]
        printed = [table[n].value for n in names if n in table and table[n].value is not None]
        options = (splits or {}).get(s.fact)
        if len(names) == 1 and not printed and options:
            if not any(agrees(s.value, s.approximate, o, upward=True) for o in options):
                shown = ", ".join(str(o) for o in options[:6])
                result.checks.append(Check(f"narrative.{s.fact}", False, s.value, None,
                                           f"narrative {s.phrase!r} vs statistics table {s.fact} (digits split as "
                                           f"{shown})", row=s.fact))
                result.issues.append(Issue("warning", "narrative_disagrees",
                                           f"the text says {s.phrase!r} but no split of the statistics table's digits "
                                           f"gives it ({shown})", s.fact))
            continue
        if len(printed) != len(names):
            continue
        total, own = sum(printed), " + ".join(names)
        # a figure stated again with another value disagrees too
        compare(result, s.fact, [s.value, *s.alternatives], total, s.phrase,
                lambda v, s=s, total=total, own=own: own if agrees(v, s.approximate, total, upward=True) else None,
                own, "statistics table", row=s.fact)


def _stated_by_evidence(texts: list[tuple[str, str]], table: dict[str, LegacyFact], result: Result,
                        figures: Optional[list[Figure]] = None) -> list[Stated]:
    """The stated figures, a fact stated with several values decided by the statistics table; a figure that is
    the table's cumulative count (not the year's) is no figure of the year."""
    def cumulative(f: Figure) -> bool:
        t = table.get(f.name)
        return bool(t and t.cumulative_value is not None and t.value is not None and t.cumulative_value != t.value
                    and abs(f.value - t.cumulative_value) < 1e-6)

    def support(f: Figure) -> Optional[bool]:
        t = table.get(f.name)
        return None if t is None or t.value is None else abs(f.value - t.value) < 1e-6

    unresolved: list[list[Figure]] = []
    stated = find_stated(texts, support, unresolved, figures)
    for fs in unresolved:
        values = ", ".join(str(v) for v in dict.fromkeys(f.value for f in fs))
        result.issues.append(Issue("warning", "narrative_ambiguous",
                                   f"the text states {fs[0].name} as {values} and nothing in the report says which; "
                                   "left out", fs[0].name))
    keep = []
    for s in stated:
        if cumulative(Figure(s.fact, s.value, s.unit, s.phrase, s.phrase, s.section)):
            result.issues.append(Issue("info", "stated_cumulative",
                                       f"{s.phrase!r} is the statistics table's cumulative {s.fact}, not the year's",
                                       s.fact))
        else:
            keep.append(s)
    return keep


def harmonize(facts: list[LegacyFact]) -> list[Harmonized]:
    """Legacy figures on modern cell keys, the table's figure first, else the text's."""
    out = []
    for fact, key, caveat in HARMONIZE:
        names = (fact, IMPLIED.get(fact, ""))
        pick = next((f for src in ("stats_table", "text") for n in names for f in facts
                     if f.fact == n and f.source == src and f.value is not None), None)
        if pick is None:
            continue
        notes = [caveat]
        if pick.source == "text":
            notes.append(f"stated in the text ({pick.phrase})")
        if pick.approximate:
            notes.append("approximate")
        if pick.unit and pick.unit not in ("件", "起", "宗", "份") and key.startswith(("requests", "review")):
            notes.append(f"counted in {pick.unit}")
        out.append(Harmonized(key, pick.value, pick.fact, "; ".join(notes)))
    return out


def parse_legacy(doc: Document, result: Result) -> None:
    """Statistics tables and stated figures of a legacy report into result.legacy_facts (issue 6)."""
    texts = _texts(result)
    figures = read_figures(texts)  # read once: both choices below use them
    exact = {s.fact: s.value for s in find_stated(texts, figures=figures) if not s.approximate}
    tables, sections = _tables(doc, result)
    table_facts: dict[str, LegacyFact] = {}
    splits: dict[str, list[Number]] = {}  # the year's figures a null row's digits may split into
    for lt, section in zip(tables, sections):
        checks, issues = resolve(lt, exact)
        result.checks.extend(checks)
        result.issues.extend(issues)
        for row in lt.rows:
            v = row.values or (None, None)
            if row.fact not in table_facts and row.values is None and row.options:
                splits[row.fact] = sorted({o[0] for o in row.options if o[0] is not None})
            if row.fact in table_facts:
                result.issues.append(Issue("info", "legacy_duplicate_row",
                                           f"{row.fact} printed again ({row.phrase[:30]!r}); first kept", lt.where))
                continue
            table_facts[row.fact] = LegacyFact(row.fact, v[0], row.unit, "stats_table", row.phrase,
                                               v[1] if lt.cumulative else None, lt.cumulative, section=section)
    stated = _stated_by_evidence(texts, table_facts, result, figures)
    result.legacy_facts = list(table_facts.values()) + [
        LegacyFact(s.fact, s.value, s.unit, "text", s.phrase, approximate=s.approximate, section=s.section)
        for s in stated]
    result.narrative_facts = [NarrativeFact(f"text.{s.fact}", s.value, s.phrase, s.section) for s in stated]
    _compare(stated, table_facts, result, splits)
    for c in result.checks:
        if c.ok is False and not c.rule.startswith("narrative."):
            result.issues.append(Issue("warning", "identity_failed",
                                       f"{c.rule} at {c.row} {c.column or ''}: {c.message}; expected {c.expected}, "
                                       f"printed {c.actual}", c.row))
    result.harmonized = harmonize(result.legacy_facts)
    if not result.legacy_facts:
        result.issues.append(Issue("info", "legacy_no_figures", "no statistics table or stated figure found"))
    for code, what in (("year_missing", result.report and result.report.year),
                       ("agency_missing", result.report and result.report.agency)):
        if not what:
            result.issues.append(Issue("warning", code, f"{code.split('_')[0]} not found"))
