"""extractor: government information-disclosure annual reports → checked, structured data.

    import extractor
    report = extractor.parse("report.pdf")   # a path or bytes; under time/memory/size limits (see limits.py)
    report.tables["requests"].get("new_received", "total").value
    report.to_dict()                          # exactly the JSON the CLI writes
"""
from .limits import Limits, parse
from .pipeline import parse_bytes
from .result import Result

__version__ = "0.1.0"
__all__ = ["parse", "parse_bytes", "Limits", "Result", "__version__"]
