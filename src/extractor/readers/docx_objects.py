"""Spreadsheets embedded in a Word file (a statistics table pasted from Excel or WPS as an object): the
w:object's o:OLEObject names its part (word/embeddings/…); an .xlsx part, or an OLE2 part holding a
Workbook stream (or an OOXML `Package` stream), is read by readers/sheets.py and its tables take the
object's place. What Word shows for the object is only a picture of the sheet."""
from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Optional

from lxml import etree

from ..model import ReadError, Table

O = "{urn:schemas-microsoft-com:office:office}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Embedded:
    """The parts word/document.xml's relationships point at, to read the objects of its paragraphs."""

    def __init__(self, z: zipfile.ZipFile):
        self.z = z
        self.targets: dict[str, str] = {}
        try:
            rels = etree.fromstring(z.read("word/_rels/document.xml.rels"), _PARSER)
        except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, ValueError):
            return
        for rel in rels.iter(RELS + "Relationship"):
            if rel.get("TargetMode") != "External":
                self.targets[rel.get("Id", "")] = posixpath.normpath(posixpath.join("word", rel.get("Target", "")))

    def tables(self, p: etree._Element) -> list[Table]:
        """The tables of the spreadsheets embedded in paragraph p (none when it holds no such object)."""
        out: list[Table] = []
        for obj in p.iter(O + "OLEObject"):
            data = self._part(obj.get(R + "id", ""))
            if data is not None:
                out.extend(workbook_tables(data))
        return out

    def _part(self, rid: str) -> Optional[bytes]:
        name = self.targets.get(rid)
        if not name:
            return None
        try:
            info = self.z.getinfo(name)
            if info.file_size > 32 * 1024 * 1024:
                return None
            return self.z.read(info)
        except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError):
            return None


def workbook_tables(data: bytes) -> list[Table]:
    """Tables of an embedded workbook (xlsx bytes, or OLE2 with a Workbook or Package stream); [] otherwise."""
    from .ole2 import EXCEL, MAGIC, ole_kind
    from .sheets import read_xls, read_xlsx
    try:
        if data.startswith(b"PK\x03\x04"):
            return read_xlsx(data).tables()
        if data.startswith(MAGIC):
            if ole_kind(data) == EXCEL:
                return read_xls(data).tables()
            import olefile
            with olefile.OleFileIO(io.BytesIO(data)) as ole:
                if ole.exists("Package"):
                    return workbook_tables(ole.openstream("Package").read())
    except ReadError:
        return []
    except Exception:  # a damaged embedded part never costs the document
        return []
    return []
