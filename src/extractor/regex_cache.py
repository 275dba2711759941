"""Regular expressions compiled ahead of time, shipped as data (start-up, issue 16).

Compiling the patterns one parse uses costs about 40 ms of every start-up, three times a bare Python
start: `re` builds the character map of a class such as [\\u4e00-\\u9fff] one code point at a time in
Python. `scripts/build_regex_cache.py` records every pattern compiled while the fixtures are parsed and
writes what `re` compiled for it (the SRE code, flags and groups) to data/regex_cache.marshal (marshal:
about 1.5 ms to read, JSON took 8), keyed by the exact CPython version and SRE engine that compiled it. `seed()` (run by `import extractor`) puts those
compiled patterns into `re`'s own cache (each made from its entry when first looked up there), so
`re.compile(p)` and `re.search(p, …)` anywhere return them without compiling; a pattern not in the file, or any other Python, compiles as usual. Each entry is the
object `re.compile` would have made (tests/test_startup_regex.py compares every one, code included), and
`_sre.compile` checks the code it is given, so a stale or foreign file can cost time, never a match.
"""
from __future__ import annotations

import os
import re
import sys
from array import array

FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "regex_cache.marshal")
WORD = "I"  # the array type of one SRE code word (key() holds its size)


def key() -> dict:
    """What the compiled code depends on: the interpreter and its SRE engine."""
    import _sre
    return {"implementation": sys.implementation.name, "python": "%d.%d.%d" % sys.version_info[:3],
            "sre_magic": _sre.MAGIC, "codesize": _sre.CODESIZE, "word": array(WORD).itemsize}


def entry(pattern: str, flags: int) -> list:
    """The file's entry for one pattern: what re._compiler.compile hands to _sre.compile."""
    from re import _compiler, _parser
    p = _parser.parse(pattern, flags)
    code = array(WORD, [int(op) for op in _compiler._code(p, flags)]).tobytes()
    indexgroup: list = [None] * p.state.groups
    for name, i in p.state.groupdict.items():
        indexgroup[i] = name
    return [pattern, flags, flags | p.state.flags, p.state.groups - 1, dict(p.state.groupdict), indexgroup, code]


def compiled(e: list) -> re.Pattern:
    import _sre
    pattern, _, flags, groups, groupindex, indexgroup, code = e
    return _sre.compile(pattern, flags, array(WORD, code).tolist(), groups, groupindex, tuple(indexgroup))


def load() -> list:
    """The file's entries when they were compiled by this interpreter, else none."""
    import marshal
    try:
        with open(FILE, "rb") as f:
            data = marshal.loads(f.read())  # (marshal.load reads a file object a few bytes at a time: 4× slower)
    except (OSError, ValueError, EOFError, TypeError):
        return []
    return data.get("patterns", []) if isinstance(data, dict) and data.get("key") == key() else []


class _Shipped(dict):
    """re's cache (`re._cache`, what `re._compile` looks a pattern up in) that compiles a shipped pattern
    from its entry when first asked for (`__missing__`): a parse uses about a third of the file's patterns,
    and each is then in the cache as if `re` had compiled it."""

    def __init__(self, cache: dict, entries: dict):
        super().__init__(cache)
        self.entries = entries

    def __missing__(self, k):
        e = self.entries.pop(k, None)
        if e is None:
            raise KeyError(k)
        p = self[k] = compiled(e)
        return p


def seed() -> int:
    """Make the shipped patterns re's (compiled when first used); how many. Never raises."""
    if os.environ.get("EXTRACTOR_REGEX_CACHE") == "0":  # (scripts/build_regex_cache.py, comparisons)
        return 0
    try:
        entries = {(str, e[0], e[1]): e for e in load()}
        if not entries:
            return 0
        if type(re._cache) is _Shipped:  # type: ignore[attr-defined]
            re._cache.entries.update(entries)  # type: ignore[attr-defined]
        elif type(re._cache) is dict:  # type: ignore[attr-defined]
            re._cache = _Shipped(re._cache, entries)  # type: ignore[attr-defined]
        else:
            return 0
        return len(entries)
    except Exception:  # an interpreter whose re works otherwise: the patterns compile as usual
        return 0
