"""Numbers the narrative states about the tables (收到申请305件, 1起行政复议被纠错 …).

section texts → clauses → patterns → facts; facts then check or fill table cells.
"""
from __future__ import annotations

import re
from typing import Optional

from .numerals import to_number
from .result import Check, Issue, NarrativeFact, Result, Value
from .stated import NUM as _NUM, Figure, Reader, agrees, choose, compare, sentences, vocabulary

# names other modules imported before the vocabulary moved to templates/stated-figures.json (kept stable)
NUM = _NUM
READINGS = vocabulary().readings
OUTCOMES = vocabulary().outcomes
__all__ = ["NUM", "READINGS", "OUTCOMES", "sentences", "find_facts", "apply_facts"]
OUTCOME_TOTALS = vocabulary().outcome_totals


def _outcomes(sentence: str, prefix: str, section: str) -> list[Figure]:
    out = []
    for col, label in vocabulary().outcomes:
        m = re.search("(?:" + label + ")" + NUM + r"[件起]", sentence)
        value = to_number(m.group(1)) if m else None
        if value is not None:
            out.append(Figure(f"{prefix}.{col}", value, None, m.group(0), m.group(0), section))
    return out


def _with_outcomes(sections: list[tuple[str, str]], template: str) -> list[Figure]:
    """Every figure of ours, and after a review or litigation total the outcomes its sentence lists."""
    out: list[Figure] = []
    for f in Reader(vocabulary().modern, template).figures(sections):
        out.append(f)
        if f.name in OUTCOME_TOTALS:
            rest = f.sentence[max(f.sentence.find(f.phrase), 0) + len(f.match):]
            other = "行政诉讼" if "review" in f.name else "行政复议"
            rest = rest.split(other, 1)[0]  # 行政复议2件，行政诉讼1件，其中维持1件: the litigation's outcome
            out.extend(_outcomes(rest, f.name.rsplit(".", 1)[0], f.section))
    return out


def find_facts(sections: list[tuple[str, str]], template: str) -> list[NarrativeFact]:
    """Facts from (section key, text) pairs, in document order, one per key.

    A key stated with different values and nothing in the text to choose is kept `unresolved` with its
    alternatives: apply_facts lets the table decide, or drops it.
    """
    figures = _with_outcomes(sections, template)
    chosen, unresolved = choose(figures)
    picked = {f.name: (f, False) for f in chosen}
    picked.update({fs[0].name: (fs[0], True) for fs in unresolved})
    facts = []
    for name in dict.fromkeys(f.name for f in figures):
        f, open_ = picked[name]
        facts.append(NarrativeFact(name, f.value, f.match, f.section, f.approximate,
                                   tuple(dict.fromkeys(a.value for a in f.alternatives)), unresolved=open_))
    return facts


def _sum(result: Result, keys: tuple[str, ...]) -> Optional[float]:
    values = [result.tables[t].get(r, c) for t, r, c in (k.split(".") for k in keys)]
    if any(v is None or v.value is None for v in values):
        return None
    return sum(v.value for v in values)


def _cells(result: Result, key: str) -> list[Optional[Value]]:
    """The table cells a fact is about: one cell, or the rows a text.* sum stands for (不予公开 N 件)."""
    prefix = vocabulary().sums.get(key)
    if prefix is None:
        parts = key.split(".")
        tres = result.tables.get(parts[0]) if len(parts) >= 3 else None
        return [tres.get(".".join(parts[1:-1]), parts[-1])] if tres is not None else []
    table, rows = prefix.split(".", 1)
    tres = result.tables.get(table)
    if tres is None:
        return []
    return [cols.get("total") for r, cols in tres.cells.items() if r.startswith(rows)]


def apply_facts(result: Result) -> None:
    """Compare each fact with its table cell; fill the cell from the text where the table is missing.

    A fact stated with several values takes the one the table prints; none printed and no table: dropped.
    """
    kept = []
    for fact in result.narrative_facts:
        kept.append(fact)
        cells = _cells(result, fact.key)
        table = vocabulary().sums.get(fact.key, fact.key).split(".")[0]
        found = table in result.tables and result.tables[table].found
        if not cells or any(c is None for c in cells):
            if fact.unresolved:
                kept.pop()
                _ambiguous(result, fact)
            continue
        col = fact.key.rsplit(".", 1)[1] if len(cells) == 1 else "total"
        if not found:
            if fact.unresolved:
                kept.pop()
                _ambiguous(result, fact)
            elif len(cells) == 1 and cells[0].value is None and not fact.approximate:
                cells[0].value, cells[0].source, cells[0].phrase = fact.value, "text", fact.phrase
            continue
        if any(c.value is None for c in cells):
            if fact.unresolved:
                kept.pop()
                _ambiguous(result, fact)
                continue
            result.checks.append(Check(f"narrative.{fact.key}", None, fact.value, None,
                                       f"narrative {fact.phrase!r}: table cell {fact.key} is empty", column=col))
            continue
        printed = sum(c.value for c in cells)
        own = fact.key if len(cells) == 1 else f"Σ {vocabulary().sums[fact.key]}*"
        readings = {v: _reading(result, fact, v, printed, own) for v in [fact.value, *fact.alternatives]}
        hit = next((v for v, r in readings.items() if r is not None), None)
        if hit is not None and hit != fact.value:  # the table prints the value stated second: keep that one
            fact.alternatives = tuple(v for v in readings if v != hit)
            fact.value = hit
        fact.unresolved = False
        # a value stated again that the table does not print fails
        compare(result, fact.key, [fact.value, *fact.alternatives], printed, fact.phrase, readings.get, own,
                column=col)
    result.narrative_facts = kept


def _reading(result: Result, fact: NarrativeFact, value: float, printed: float, own: str) -> Optional[str]:
    """The table reading a stated value agrees with: its own cell(s), or a sum the sentence may mean
    (收到N件 counting last year's carried-over requests too); None when none does."""
    if agrees(value, fact.approximate, printed):
        return own
    for keys in vocabulary().readings.get(fact.key, ()):
        total = _sum(result, keys)
        if total is not None and agrees(value, fact.approximate, total):
            return " + ".join(keys)
    return None


def _ambiguous(result: Result, fact: NarrativeFact) -> None:
    values = ", ".join(str(v) for v in (fact.value, *fact.alternatives))
    result.issues.append(Issue("warning", "narrative_ambiguous",
                               f"the text states {fact.key} as {values} and nothing in the report says which; "
                               "left out", fact.key))
