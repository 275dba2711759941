"""Caps on the work a reader does, so that cost grows linearly with the input whatever it holds.

One frozen, validated set of named settings (`CAPS`) that every reader imports; a value beyond a cap
is clamped (spans) or cut with a reader warning (rows, cells, lines), never a silent wrong number:
a report's statistics tables have tens of rows and a few columns, so a cap only bites on hostile input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from ..model import ReaderWarning


@dataclass(frozen=True)
class ReaderCaps:
    """Limits every reader applies to hostile input."""
    max_span: int = 1000  # rowspan / colspan / gridSpan beyond this is malformed: clamped
    max_depth: int = 200  # element nesting (HTML, DOCX) a reader walks into
    max_rows: int = 20000  # rows read per table; the rest cut with a `table_truncated` warning
    max_cols: int = 200  # grid columns per table
    max_cells: int = 200000  # cells read per table (rows × spans)
    max_line_chars: int = 100000  # characters per paragraph or cell (a whole report run together is ~20,000)
    max_digit_run: int = 100  # a longer run of digits is no number nor row of numbers: replaced by …
    max_blocks: int = 500000  # paragraphs and tables per document

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ValueError(f"reader cap {f.name} must be a positive integer, not {v!r}")


CAPS = ReaderCaps()


def span(value: object, default: int = 1) -> int:
    """A span attribute (text or number) as an int in 1…max_span; junk gives `default`.
    Leading digits count (`2px` → 2); 0 stays 0 for HTML's rowspan="0" (to the end)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return default
    text = str(value).strip()[:32]
    digits = ""
    for ch in text:
        if not ch.isascii() or not ch.isdigit():
            break
        digits += ch
    if not digits:
        return default
    return min(int(digits), CAPS.max_span)


_LONG_DIGITS = re.compile(r"\d{%d,}" % (CAPS.max_digit_run + 1))


def capped_text(text: str, warnings: list[ReaderWarning], where: str) -> str:
    """Text within the caps: digit runs over max_digit_run become `…`, the text is cut at
    max_line_chars; each cut is a reader warning (`digits_truncated`, `line_truncated`)."""
    if len(text) > CAPS.max_line_chars:
        warnings.append(ReaderWarning("line_truncated", f"{where}: {len(text)} characters, cut at {CAPS.max_line_chars}"))
        text = text[:CAPS.max_line_chars]
    if _LONG_DIGITS.search(text):
        warnings.append(ReaderWarning("digits_truncated", f"{where}: a run of more than {CAPS.max_digit_run} digits replaced by …"))
        text = _LONG_DIGITS.sub("…", text)
    return text
