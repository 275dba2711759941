"""Figures a legacy report states in sentences (共受理政府信息公开申请5件, 未收到…申请, 4000多条).

section texts → stated.Reader (subject, scope, 其中 parts; vocabulary in templates/stated-figures.json)
→ one figure per fact, chosen by the report's other figures (its 其中 list, the statistics table).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from .result import Number
from .stated import Figure, Reader, choose, vocabulary


@dataclass
class Stated:
    """A legacy fact stated in the narrative text."""
    fact: str
    value: Number
    unit: Optional[str]
    phrase: str
    section: str
    approximate: bool = False
    alternatives: list[Number] = field(default_factory=list)  # other values stated for the same fact


def _stated(f: Figure) -> Stated:
    return Stated(f.name, f.value, f.unit, f.phrase, f.section, f.approximate,
                  list(dict.fromkeys(a.value for a in f.alternatives)))


def read_figures(sections: list[tuple[str, str]]) -> list[Figure]:
    """Every figure of ours in document order, before choosing (a fact may be stated more than once)."""
    v = vocabulary()
    return list(Reader(v.legacy, zeros=v.zeros, all_granted=v.all_granted).figures(sections))


def find_stated(sections: list[tuple[str, str]], support: Optional[Callable[[Figure], Optional[bool]]] = None,
                unresolved: Optional[list[list[Figure]]] = None,
                figures: Optional[list[Figure]] = None) -> list[Stated]:
    """Stated figures in document order, one per fact; facts stated with values nothing decides between
    are left out (and listed in `unresolved` when given). `figures`: `read_figures(sections)` when the caller
    already has them (choosing only resets the alternatives of the figures it picks, so one reading serves
    several choices)."""
    chosen, open_ = choose(read_figures(sections) if figures is None else figures, support)
    if unresolved is not None:
        unresolved.extend(open_)
    return [_stated(f) for f in chosen]
