"""ZIP packages (XLSX workbooks, OFD documents): what a package is, and opening one with the bomb guards."""
from __future__ import annotations

import io
import struct
import zipfile
from typing import Optional

from ..model import ReadError

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one part, uncompressed (a report's sheet or page is a few MB at most)
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # the whole package, uncompressed
MAX_RATIO = 200  # a part this many times its compressed size (and over 1 MB) is a zip bomb


def local_names(data: bytes, limit: int = 200) -> list[str]:
    """Part names from the local headers, for a package cut short before its central directory."""
    names, at = [], 0
    while len(names) < limit and (at := data.find(b"PK\x03\x04", at)) >= 0 and at + 30 <= len(data):
        n = struct.unpack_from("<H", data, at + 26)[0]
        names.append(data[at + 30:at + 30 + n].decode("utf-8", "replace"))
        at += 30 + n
    return names


def zip_kind(data: bytes) -> Optional[str]:
    """"xlsx" for a workbook (xl/workbook.xml), "ofd" for an OFD package (OFD.xml at the root); a
    truncated package by the names of the parts it still holds (its reader then says it is damaged)."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        names = set(local_names(data))
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return None


def open_zip(data: bytes, code: str, what: str) -> zipfile.ZipFile:
    """The package, once its declared sizes pass the guards (zipfile never inflates a part past its
    declared size and checks its CRC, so the declared sizes bound what reading it costs)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        raise ReadError(code, f"{what} cannot be read (a damaged or truncated ZIP package): {e}") from None
    if len(infos) > MAX_MEMBERS:
        raise ReadError(code, f"{what} has {len(infos)} parts: too many to be a report")
    total = 0
    for i in infos:
        total += i.file_size
        if (i.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
                or (i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1))):
            raise ReadError(code, f"{what} would inflate to more than a report can hold ({i.filename}: "
                                  f"{i.file_size} bytes from {i.compress_size}): a zip bomb")
    return z


def read_member(z: zipfile.ZipFile, name: str, code: str, what: str) -> bytes:
    try:
        return z.read(name)
    except KeyError:
        raise ReadError(code, f"{what} has no part {name}") from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as e:
        raise ReadError(code, f"{what} cannot be read: part {name} is damaged ({e})") from None
