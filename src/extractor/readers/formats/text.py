"""Plain text in any encoding (`readers/text.py`): whatever no other reader takes."""
from __future__ import annotations

from typing import Optional

from ...model import Document
from ..protocol import Format, ReadOptions

TEXT = "text/plain"


def sniff(data: bytes, name: Optional[str]) -> Optional[str]:
    return TEXT


def read(data: bytes, options: ReadOptions) -> Document:
    from ..text import read_text
    return read_text(data)


READER = Format({TEXT: "text_unreadable"}, sniff, read)
