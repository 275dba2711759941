"""The methods `dataclasses` generates, compiled ahead of time, shipped as data (start-up, issue 16).

Making the ~60 dataclasses of a parse cost about 15 ms of every start-up: for each `__init__`, `__repr__`,
`__eq__`, `__hash__` and `__setattr__` it writes, CPython 3.11's `dataclasses._create_fn` compiles a
source text with `exec`. `scripts/build_regex_cache.py` records those texts while the fixtures are parsed
and writes each one's code object (what `exec` compiles from it) to data/dataclass_cache.marshal, keyed by
the exact interpreter and bytecode magic. `install()` (run by `import extractor`, before any of our
dataclasses is made) gives the `dataclasses` module an `exec` that runs the shipped code for a text it has
and compiles any other text as before: the same text gives the same code, so every class is exactly what it
was (tests/test_startup_dataclasses.py compiles every entry afresh and compares). Another interpreter, a
`dataclasses` without `_create_fn` (3.13 builds its methods otherwise), a missing or damaged file, or
`EXTRACTOR_CODE_CACHE=0` leaves `dataclasses` untouched. dataclasses itself is imported without inspect
(`_dataclasses`).
"""
from __future__ import annotations

import os
import sys

FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "dataclass_cache.marshal")


def key() -> dict:
    """What a code object depends on: the interpreter, its bytecode and the optimisation level."""
    from importlib._bootstrap_external import MAGIC_NUMBER
    return {"implementation": sys.implementation.name, "python": "%d.%d.%d" % sys.version_info[:3],
            "magic": MAGIC_NUMBER.hex(), "optimize": sys.flags.optimize}


def compiled(text: str):
    """What `exec(text, …)` in dataclasses.py compiles (that module has no `from __future__` imports)."""
    return compile(text, "<string>", "exec", dont_inherit=True)


def load() -> dict:
    """The file's {source text: code} when it was compiled by this interpreter, else none."""
    import marshal
    try:
        with open(FILE, "rb") as f:
            data = marshal.loads(f.read())  # (marshal.load reads a file object a few bytes at a time: 4× slower)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key() or not isinstance(data.get("codes"), dict):
        return {}
    return data["codes"]


def install() -> int:
    """Give `dataclasses` the shipped code (once); how many texts it knows. Never raises."""
    if os.environ.get("EXTRACTOR_CODE_CACHE") == "0":  # (scripts/build_regex_cache.py records with it off)
        return 0
    try:
        dataclasses = _dataclasses()
        if "exec" in vars(dataclasses) or not hasattr(dataclasses, "_create_fn"):
            return 0  # already given (or someone else's), or a dataclasses that compiles otherwise
        codes = load()
        if not codes:
            return 0
        module = vars(dataclasses)

        def _exec(source, globals=None, locals=None, /):
            code = codes.get(source) if type(source) is str else None
            if code is None and type(source) is str:  # compiled as dataclasses' own exec would, not with
                code = compiled(source)                # this module's `from __future__ import annotations`
            return exec(source if code is None else code, module if globals is None else globals, locals)

        dataclasses.exec = _exec  # type: ignore[attr-defined]  (found before the builtin by _create_fn)
        return len(codes)
    except Exception:  # an interpreter whose dataclasses works otherwise: its methods compile as usual
        return 0


def _dataclasses():
    """`import dataclasses` without importing inspect (and with it ast, dis: 3–4 ms of a start-up) until
    dataclasses uses it: 3.11 only calls `inspect.signature` for a class without a docstring, which none of
    ours is. While dataclasses is imported, `inspect` is a stand-in module that imports the real one when
    first asked for an attribute (PEP 562 `__getattr__`); after, `import inspect` anywhere is the real one."""
    if "dataclasses" in sys.modules or "inspect" in sys.modules:
        import dataclasses
        return dataclasses
    import types
    stand_in = types.ModuleType("inspect", "inspect, imported when dataclasses first uses it")

    def __getattr__(name: str):
        import importlib
        return getattr(importlib.import_module("inspect"), name)

    stand_in.__getattr__ = __getattr__  # type: ignore[attr-defined]
    sys.modules["inspect"] = stand_in
    try:
        import dataclasses
    finally:
        if sys.modules.get("inspect") is stand_in:
            del sys.modules["inspect"]
    return dataclasses
