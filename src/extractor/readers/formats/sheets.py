"""Spreadsheets: Excel 97–2003 `.xls` / WPS `.et` (OLE2) and `.xlsx` (`readers/sheets.py`)."""
from __future__ import annotations

from typing import Optional

from ...model import Document
from ..ole2 import EXCEL, MAGIC as OLE2, ole_kind_guess
from ..protocol import Format, ReadOptions

XLS = "application/vnd.ms-excel"  # Excel 97–2003 .xls, WPS .et
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sniff(data: bytes, name: Optional[str]) -> Optional[str]:
    """An OLE2 file is a workbook when its streams say so, or, when they say nothing, by its name."""
    if data.startswith(OLE2):
        kind = ole_kind_guess(data)
        return XLS if kind == EXCEL or (kind is None and (name or "").lower().endswith((".xls", ".et"))) else None
    if not data.startswith(b"PK\x03\x04"):
        return None
    from ..zipped import zip_kind  # zipfile only for a ZIP package
    return XLSX if zip_kind(data) == "xlsx" else None


def read(data: bytes, options: ReadOptions) -> Document:
    from ..sheets import read_xls, read_xlsx
    return read_xls(data) if data.startswith(OLE2) else read_xlsx(data)


READER = Format({XLS: "xls_unreadable", XLSX: "xlsx_unreadable"}, sniff, read)
