"""Which files a batch parses: files, directories (recursive, by content), globs and @list files."""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..readers import OFD, XLSX, sniff

# Magic numbers of files that are certainly not reports (images, archives, databases, office zips).
NOT_REPORTS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"SQLite format 3",
               b"PAR1", b"7z\xbc\xaf", b"Rar!", b"BZh", b"\xfd7zXZ", b"II*\x00", b"MM\x00*")
SKIPPED_SUFFIXES = (".json", ".jsonl", ".sqlite", ".parquet", ".tmp")
REPORT_SUFFIXES = (".pdf", ".html", ".htm", ".shtml", ".jhtml", ".xhtml", ".txt", ".text", ".docx", ".doc",
                   ".wps", ".xlsx", ".xls", ".et", ".ofd")


@dataclass
class Discovery:
    paths: list[str] = field(default_factory=list)  # sorted, unique
    skipped: list[str] = field(default_factory=list)  # files in directories that are not reports
    missing: list[str] = field(default_factory=list)  # arguments that match nothing: error records


def looks_like_report(path: str) -> bool:
    """Whether a file found in a directory is parsed: by content, the name only breaking ties.

    Content that sniffs as PDF, HTML, an .xlsx workbook or OFD is parsed whatever the file is called;
    a file named as a report format (.pdf, .html, .txt, .doc, .xls, .ofd, …) is parsed whatever it
    holds (a truncated or junk `.pdf` gets its error record); content of a known non-report type
    (images, archives, databases, other office zips) is skipped; anything else — text, or bytes of no
    known type — is parsed, so junk becomes an error record rather than silently vanishing."""
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError:
        return True  # unreadable: the worker makes it an error record
    if path.lower().endswith(REPORT_SUFFIXES):
        return True
    if sniff(head, path) in ("application/pdf", "text/html", XLSX, OFD):  # a package by its first parts
        return True
    return not head.startswith(NOT_REPORTS)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(root: str, exclude: set[str], out: Discovery) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d)
                             and os.path.realpath(os.path.join(dirpath, d)) not in exclude)
        for name in sorted(filenames):
            if _hidden(name) or name.lower().endswith(SKIPPED_SUFFIXES):
                continue
            p = os.path.join(dirpath, name)
            if not os.path.isfile(p):
                continue
            if looks_like_report(p):
                found.append(p)
            else:
                out.skipped.append(p)
    return found


def _list_file(spec: str) -> list[str]:
    base = Path(spec).parent
    items = []
    for line in Path(spec).read_text("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            # relative to the working directory, or else to the list file's folder
            items.append(line if os.path.isabs(line) or "://" in line or os.path.exists(line) else str(base / line))
    return items


def _remote(spec: str) -> list[str]:
    import fsspec
    fs, _, paths = fsspec.get_fs_token_paths(spec)
    proto = fs.protocol[0] if isinstance(fs.protocol, (tuple, list)) else fs.protocol
    out = []
    for p in paths:
        files = fs.find(p) if fs.isdir(p) else [p]
        out.extend(f"{proto}://{f}" for f in files if not _hidden(os.path.basename(f))
                   and not f.lower().endswith(SKIPPED_SUFFIXES))
    return out


def discover(specs: Iterable[str], exclude: Optional[Iterable[str]] = None) -> Discovery:
    """Expand the command line's inputs into a sorted list of unique file paths.

    A plain file is always parsed (whatever it holds); a directory is walked recursively, skipping
    hidden files and folders, `.json` outputs, `exclude` (the output folder) and files whose content
    is not a report format; a glob is expanded (`**` recursive); `@list.txt` reads one input a line."""
    out = Discovery()
    excl = {os.path.realpath(e) for e in (exclude or [])}
    seen: set[str] = set()

    def add(p: str) -> None:
        if p not in seen:
            seen.add(p)
            out.paths.append(p)

    stack = list(specs)
    depth = 0
    while stack:
        spec = stack.pop(0)
        if spec.startswith("file://"):
            spec = spec[7:]
        if spec.startswith("@") and depth < 10000:
            depth += 1
            try:
                stack[0:0] = _list_file(spec[1:])
            except OSError:
                out.missing.append(spec)
            continue
        if "://" in spec and not spec.startswith("file://"):
            for p in _remote(spec):
                add(p)
            continue
        if os.path.isdir(spec):
            for p in _walk(spec, excl, out):
                add(p)
        elif os.path.exists(spec) or os.path.islink(spec):
            add(spec)
        elif glob.has_magic(spec):
            for p in sorted(glob.glob(spec, recursive=True)):
                if os.path.isdir(p):
                    for q in _walk(p, excl, out):
                        add(q)
                elif os.path.isfile(p) and not os.path.basename(p).startswith("."):
                    add(p)
        else:
            out.missing.append(spec)
            add(spec)  # becomes an "unreadable_file" error record, like `extractor parse`
    out.paths.sort()
    return out
