"""Output files shared by `extractor parse` and `extractor batch`: stems and atomic writes."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable, Optional

from .names import safe_stem

TMP_SUFFIX = ".tmp"
PACKAGE = Path(__file__).resolve().parent
SMALL_HASH = 1 << 20  # bytes: under it CPython's built-in SHA-256, over it OpenSSL's (hashlib)


def sha256(data: bytes = b"", size: int = 0):
    """A SHA-256 object (`update`, `hexdigest`, the same digest either way) for `data` and `size` bytes more:
    CPython's built-in module for less than SMALL_HASH bytes while hashlib is not loaded (loading OpenSSL for
    hashlib costs about 2.5 ms of a one-report start-up, issue 16), else hashlib's (six times faster on a
    large PDF). Another interpreter, or a CPython without the module, always uses hashlib."""
    if len(data) + size < SMALL_HASH and "_hashlib" not in sys.modules:
        for name in ("_sha256", "_sha2"):  # (3.11; 3.12 and later)
            try:
                return __import__(name).sha256(data)
            except (ImportError, AttributeError):
                continue
    import hashlib
    return hashlib.sha256(data)


def package_file(*parts: str) -> Path:
    """A data file shipped in the package (data/…, templates/…). The package is installed as files (pip or
    editable), so this is what importlib.resources.files gives, without importing importlib.resources and
    the zipfile/tempfile machinery it pulls in at start-up."""
    return PACKAGE.joinpath(*parts)


def write_atomic(path: Path, text: str) -> None:
    """Write text so that readers (and a rerun after SIGKILL) see the old file or the new one, never a part.
    A file name that is not UTF-8 (lone surrogates) is written as a \\udcNN escape: valid JSON, read back the same."""
    write_atomic_bytes(path, text.encode("utf-8", "backslashreplace"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def write_if_changed(path: Path, text: str) -> bool:
    """Atomic write unless the file already holds exactly this text; True when written."""
    data = text.encode("utf-8", "backslashreplace")
    try:
        if Path(path).read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic_bytes(path, data)
    return True


def remove_stale_tmp(folder: Path) -> None:
    """Temporary files a killed writer left behind (`.<name>.<pid>.tmp`)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for n in names:
        if n.startswith(".") and n.endswith(TMP_SUFFIX):
            try:
                os.unlink(os.path.join(folder, n))
            except OSError:
                pass


def base_stem(name: str) -> str:
    """The output stem of an input name: the file name without its extension (made safe, see
    `names.safe_stem`); stdin for `-`."""
    if name == "-":
        return "stdin"
    return safe_stem(Path(name.rstrip("/").split("://", 1)[-1]).stem)


def unique_stem(name: str, used: set[str], suffix_source: Optional[str]) -> str:
    """`base_stem(name)`, or `<stem>-<8 hex of suffix_source>` when that stem is taken (parse's rule)."""
    stem = base_stem(name)
    if stem in used:
        stem = f"{stem}-{(suffix_source or 'x')[:8]}"
        n = 2
        while stem in used:  # a file literally named like a suffixed stem
            stem = f"{base_stem(name)}-{(suffix_source or 'x')[:8]}-{n}"
            n += 1
    used.add(stem)
    return stem


def assign_stems(names: Iterable[str], fixed: Optional[dict[str, str]] = None) -> dict[str, str]:
    """Stems for a whole set of inputs, independent of processing order: inputs are taken in sorted
    order, the first of a stem keeps it, the others get the first 8 hex of the sha256 of their path.
    `fixed`: stems an earlier run gave (kept, so that adding inputs never renames an output)."""
    names = sorted(set(names))
    wanted = set(names)
    out = {n: s for n, s in (fixed or {}).items() if n in wanted}
    used: set[str] = set(out.values())
    for name in names:
        if name in out:
            continue
        out[name] = unique_stem(name, used, sha256(name.encode("utf-8", "surrogateescape")).hexdigest())
    return out
