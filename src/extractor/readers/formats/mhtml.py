"""MHTML, Word's and WPS's "single file web page" (`.mht`, often saved under `.doc`; `readers/mhtml.py`)."""
from __future__ import annotations

from typing import Optional

from ...model import Document
from ..protocol import Format, ReadOptions, head

MHTML = "multipart/related"


def sniff(data: bytes, name: Optional[str]) -> Optional[str]:
    h = head(data)
    return MHTML if h.startswith(b"mime-version:") or b"content-type: multipart/related" in h else None


def read(data: bytes, options: ReadOptions) -> Document:
    from ..mhtml import read_mhtml
    return read_mhtml(data)


READER = Format({MHTML: "mhtml_unreadable"}, sniff, read)
