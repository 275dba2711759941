"""extractor: government information-disclosure annual reports → checked, structured data.

    import extractor
    report = extractor.parse("report.pdf")   # a path or bytes
    report.tables["requests"].get("new_received", "total").value
    report.to_dict()                          # exactly the JSON the CLI writes
"""
from .pipeline import parse, parse_bytes
from .result import Result

__version__ = "0.1.0"
__all__ = ["parse", "parse_bytes", "Result", "__version__"]
