"""extractor: government information-disclosure annual reports → checked, structured data.

    import extractor
    report = extractor.parse("report.pdf")   # a path or bytes; under time/memory/size limits (see limits.py)
    report.tables["requests"].get("new_received", "total").value
    report.to_dict()                          # exactly the JSON the CLI writes
"""
import gc

_COLLECTING = gc.isenabled()
gc.disable()  # no cycle collection while the start-up objects are made, none of them garbage (issue 16); restored below
try:
    from typing import Any

    from . import dataclass_cache, regex_cache

    regex_cache.seed()  # the patterns of a parse compiled ahead of time (data/regex_cache.marshal), before any module compiles one
    dataclass_cache.install()  # and the dataclasses' methods (data/dataclass_cache.marshal), before any is made
finally:
    if _COLLECTING:
        gc.enable()

__version__ = "0.1.0"
__all__ = ["parse", "parse_bytes", "Limits", "Result", "__version__"]
_WHERE = {"parse": "limits", "Limits": "limits", "parse_bytes": "pipeline", "Result": "result"}


def __getattr__(name: str) -> Any:
    """The public names, imported when first used: `import extractor` (and every `extractor.x` module,
    the CLI's start-up included) does not pay for the pipeline, numpy and scipy until a parse needs them."""
    if name in _WHERE:
        import importlib
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
