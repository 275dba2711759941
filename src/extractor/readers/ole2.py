"""Old binary Office files (OLE2 compound files): what is inside, by the names of their streams.

Word 97–2003 `.doc` and Kingsoft WPS `.wps` hold a `WordDocument` stream; Excel 97–2003 `.xls` and
WPS `.et` a `Workbook` (or BIFF5 `Book`) stream; Microsoft Works `.wps` a `CONTENTS` stream. A password
turns an OOXML file into an OLE2 file with an `EncryptedPackage` stream, and sets the fEncrypted flag of a
Word 97 file's header (FIB).
"""
from __future__ import annotations

import io
from typing import Optional

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD, EXCEL, WORKS, ENCRYPTED = "word", "excel", "works", "encrypted"


def ole_kind(data: bytes) -> Optional[str]:
    """word / excel / works / encrypted, or None for an OLE2 file of another kind or a broken one."""
    if not data.startswith(MAGIC):
        return None
    import olefile  # only for an OLE2 file: start-up pays for no reader library
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # olefile raises many types on truncated or damaged headers
        return None
    try:
        names = {"/".join(e).lower() for e in ole.listdir(streams=True, storages=False)}
        fib = ole.openstream("WordDocument").read(12) if "worddocument" in names else b""
    except Exception:
        return None
    finally:
        ole.close()
    if "encryptedpackage" in names:
        return ENCRYPTED
    if "worddocument" in names:
        # the FIB's fEncrypted flag (bit 8 of the flags at 0x0A): a password-protected Word 97 file
        valid = fib[:2] in (b"\xec\xa5", b"\xdc\xa5")  # wIdent of Word 97+ / Word 6 (else LibreOffice judges)
        return ENCRYPTED if valid and len(fib) >= 12 and fib[0x0B] & 0x01 else WORD
    if "workbook" in names or "book" in names:
        return EXCEL
    if "contents" in names:
        return WORKS
    return None


def ole_kind_guess(data: bytes) -> Optional[str]:
    """ole_kind, or for a file too damaged for that the stream names still in its bytes (UTF-16)."""
    kind = ole_kind(data)
    if kind is None and data.startswith(MAGIC):
        if "WordDocument".encode("utf-16-le") in data:
            return WORD
        if "Workbook".encode("utf-16-le") in data or "Book\0".encode("utf-16-le") in data:
            return EXCEL
    return kind
