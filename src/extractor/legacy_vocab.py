"""The legacy fact vocabulary: a statistics-table label or a sentence → a fact name (templates/legacy/).

Names follow spec/output-contract.md (legacy part); names it lacks are new, never reused.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .labels import label_key
from .stated import vocabulary
from .templates import legacy

# (fact, label pattern, context the row must follow or "") — first match wins: templates/legacy/labels.json.
# The context is the group of the previous row (proactive, requests, replies, admin_reviews …),
# needed for bare labels such as 1.当面 or 其他.
LABELS: tuple[tuple[str, str, str], ...] = tuple((r.fact, r.pattern, r.after) for r in legacy().labels)


@lru_cache(maxsize=None)
def _compiled() -> tuple[tuple[str, re.Pattern, str], ...]:
    """The label patterns, compiled when a legacy table row is first classified (not at start-up)."""
    return tuple((f, re.compile(p), c) for f, p, c in LABELS)


_ASIDE = re.compile(r"[（(][^（）()]*[^（）()一二三四五六七八九十\d][^（）()]*[)）]")  # (不同渠道…计1条), not (一)
_PIECES = re.compile(r"其中[：:]?|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]")


def group(fact: str) -> str:
    """The context a fact sets for the rows after it."""
    for g in ("admin_reviews", "admin_litigation"):
        if fact.startswith(g):
            return g
    return fact.split("_")[0]


def classify(label: str, context: str) -> Optional[str]:
    """The fact of a table row label (its last piece after ordinals and 其中), or None."""
    key = _ASIDE.sub("", label_key(label))
    pieces = [p for p in _PIECES.split(key) if p.strip("：:、")]
    if not pieces:
        return None
    last = pieces[-1]
    v = vocabulary()
    if v.foreign_word(key) and not any(w in key for w in v.ours):
        return None  # 行政审批事项, 12345热线, 人大代表建议: a row about another business is no fact of ours
    for fact, pattern, ctx in _compiled():
        if (not ctx or ctx == context) and pattern.search(last):
            return fact
    return None
