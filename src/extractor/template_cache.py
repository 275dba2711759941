"""Values computed once per template object: pure functions of a template's frozen data (its tables,
rows, identities), asked again for every report, whose argument is not cheap to hash (a `TableDef`
hashes all its rows and labels). Keyed by the object's identity, the object kept alive beside its
value (templates are loaded once per process: `templates.load` is cached)."""
from __future__ import annotations

from functools import wraps
from typing import Callable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def per_template(fn: Callable[[T], R]) -> Callable[[T], R]:
    """`fn(obj)` made once per object; the value is shared, so callers only read it."""
    cache: dict[int, tuple[T, R]] = {}

    @wraps(fn)
    def get(obj: T) -> R:
        got = cache.get(id(obj))
        if got is not None and got[0] is obj:
            return got[1]
        value = fn(obj)
        cache[id(obj)] = (obj, value)
        return value
    return get
