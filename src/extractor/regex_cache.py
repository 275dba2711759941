"""Regular expressions compiled ahead of time, shipped as data (start-up, issue 16).

Compiling the patterns one parse uses costs about 40 ms of every start-up, three times a bare Python
start: `re` builds the character map of a class such as [\\u4e00-\\u9fff] one code point at a time in
Python. `scripts/build_regex_cache.py` records every pattern compiled while the fixtures are parsed and
writes what `re` compiled for it (the SRE code, flags and groups) to data/regex_cache.marshal (marshal:
about 1.5 ms to read, JSON took 8), keyed by the exact CPython version and SRE engine that compiled it. `seed()` (run by `import extractor`) puts those
compiled patterns into `re`'s own cache, so `re.compile(p)` and `re.search(p, …)` anywhere return them
without compiling; a pattern not in the file, or any other Python, compiles as usual. Each entry is the
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


def seed() -> int:
    """Put the shipped patterns into re's cache (where there is room); how many. Never raises."""
    if os.environ.get("EXTRACTOR_REGEX_CACHE") == "0":  # (scripts/build_regex_cache.py, comparisons)
        return 0
    try:
        cache, room = re._cache, getattr(re, "_MAXCACHE", 512) - len(re._cache)  # type: ignore[attr-defined]
        n = 0
        for e in load()[:max(room, 0)]:
            k = (str, e[0], e[1])
            if k not in cache:
                cache[k] = compiled(e)
                n += 1
        return n
    except Exception:  # an interpreter whose re works otherwise: the patterns compile as usual
        return 0
