"""Legacy reports (2008–2018): no national template; figures go to legacy_facts."""
from __future__ import annotations

from .model import Document
from .result import Result


def parse_legacy(doc: Document, result: Result) -> None:
    """Statistics tables and stated figures of a legacy report into result.legacy_facts (issue 6)."""
