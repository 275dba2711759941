"""OFD (GB/T 33190, China's fixed-layout format; `readers/ofd.py`)."""
from __future__ import annotations

from typing import Optional

from ...model import Document
from ..protocol import Format, ReadOptions

OFD = "application/ofd"


def sniff(data: bytes, name: Optional[str]) -> Optional[str]:
    if not data.startswith(b"PK\x03\x04"):
        return None
    from ..zipped import zip_kind  # zipfile only for a ZIP package
    return OFD if zip_kind(data) == "ofd" else None


def read(data: bytes, options: ReadOptions) -> Document:
    from ..ofd import read_ofd
    return read_ofd(data)


READER = Format({OFD: "ofd_unreadable"}, sniff, read)
