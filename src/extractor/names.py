"""File names in any bytes: how they appear in records, in output file names and on stderr.

On POSIX a name is bytes; Python hands the bytes that are not UTF-8 over as lone surrogates
(surrogateescape), which cannot be written as UTF-8. A record keeps the name as it was where it is
UTF-8 and escapes the other bytes as `\\xNN`; an output file name writes them as `%NN`.
"""
from __future__ import annotations

import os
import re

MAX_STEM_BYTES = 200  # a file name is at most 255 bytes; leave room for `-<hash>-<n>.json`
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")  # web archives (fetch/warc.py reads them)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def display_path(path: str) -> str:
    """The path as it was, its bytes that are not UTF-8 written `\\xNN` (a str that encodes as UTF-8)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def safe_stem(stem: str) -> str:
    """An output file stem: undecodable bytes as `%NN`, control characters and slashes as `_`,
    cut to MAX_STEM_BYTES on a character boundary."""
    out = []
    for ch in stem:
        if "\udc80" <= ch <= "\udcff":
            out.append(f"%{ord(ch) - 0xDC00:02X}")
        elif "\ud800" <= ch <= "\udfff":
            out.append("_")
        else:
            out.append(_UNSAFE.sub("_", ch))
    text = "".join(out)
    data = text.encode("utf-8")
    if len(data) > MAX_STEM_BYTES:
        text = data[:MAX_STEM_BYTES].decode("utf-8", "ignore")
    return text or "report"


def one_line(text: str, limit: int = 500) -> str:
    """Text for one line of stderr: escaped where not UTF-8, control characters (newlines) escaped."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], display_path(text))
    return text if len(text) <= limit else text[:limit] + "…"


def is_warc(path: str) -> bool:
    """A web archive by its name (here, not in fetch/warc.py: the command line asks of every input)."""
    return path.lower().endswith(WARC_SUFFIXES)
