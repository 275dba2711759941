"""Which files a batch parses: files, directories (recursive, by content), globs and @list files."""
from __future__ import annotations

import errno
import glob
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..names import display_path
from ..readers import OFD, XLSX, sniff

# Magic numbers of files that are certainly not reports (images, archives, databases, office zips).
NOT_REPORTS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"SQLite format 3",
               b"PAR1", b"7z\xbc\xaf", b"Rar!", b"BZh", b"\xfd7zXZ", b"II*\x00", b"MM\x00*")
SKIPPED_SUFFIXES = (".json", ".jsonl", ".sqlite", ".parquet", ".tmp")
REPORT_SUFFIXES = (".pdf", ".html", ".htm", ".shtml", ".jhtml", ".xhtml", ".txt", ".text", ".docx", ".doc",
                   ".wps", ".xlsx", ".xls", ".et", ".ofd")


class ListFileError(Exception):
    """A list file (`@LIST`) that is missing, unreadable or not a list of paths: a usage error."""


@dataclass
class Skip:
    """An input not parsed, for OUTDIR/failures.csv: why (a code) and a message."""
    path: str
    code: str  # not_a_report (links, loops and unreadable folders are error records: Discovery.problems)
    message: str


@dataclass
class Discovery:
    """What the inputs name: the files to parse, what was skipped and what is missing."""
    paths: list[str] = field(default_factory=list)  # sorted, unique
    skipped: list[Skip] = field(default_factory=list)  # found in folders and not parsed
    missing: list[str] = field(default_factory=list)  # arguments that match nothing: error records
    origins: dict[str, dict] = field(default_factory=dict)  # fetched files, WARC records: see _expand
    skipped_records: dict[str, int] = field(default_factory=dict)  # WARC records / fetch entries, by reason
    # paths found in folders that cannot be parsed (broken link, symlink loop, unreadable folder,
    # not a regular file): path → why; each becomes an `unreadable_file` record
    problems: dict[str, str] = field(default_factory=dict)
    stats: dict[str, tuple] = field(default_factory=dict)  # fsspec URLs → (size, version stamp), from the listing



def _expand(path: str, out: Discovery) -> list[str]:
    """A fetch folder (`fetched.jsonl`) or a WARC archive → the inputs it holds (fetch/inputs.py)."""
    from ..fetch.inputs import expand
    extras, skipped = expand(path)
    for k, v in skipped.items():
        out.skipped_records[k] = out.skipped_records.get(k, 0) + v
    out.origins.update(extras)
    return list(extras)

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


def _kind(st_mode: int) -> str:
    return ("a FIFO" if stat.S_ISFIFO(st_mode) else "a socket" if stat.S_ISSOCK(st_mode)
            else "a device" if stat.S_ISCHR(st_mode) or stat.S_ISBLK(st_mode) else "not a regular file")


def _walk(root: str, exclude: set[str], out: Discovery) -> list[str]:
    """Files under root, following links to folders once; what cannot be read is a problem, not a silence."""
    from ..fetch.inputs import is_expandable
    found = []
    seen_dirs: set[str] = set()

    def failed(e: OSError) -> None:
        name = e.filename if isinstance(e.filename, str) else root
        out.problems[name] = f"cannot read folder {display_path(name)}: {e.strerror or e}"

    for dirpath, dirnames, filenames in os.walk(root, onerror=failed, followlinks=True):
        seen_dirs.add(os.path.realpath(dirpath))
        if is_expandable(dirpath):  # a fetch folder: its manifest says what is a report
            found += _expand(dirpath, out)
            dirnames[:] = []
            continue
        keep = []
        for d in sorted(dirnames):
            p = os.path.join(dirpath, d)
            real = os.path.realpath(p)
            if _hidden(d) or real in exclude:
                continue
            if real in seen_dirs:  # a link back to a folder above (a loop) or a second link to one
                out.problems[p] = f"{display_path(p)}: a symbolic link to a folder already read (a loop), not followed"
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if _hidden(name) or name.lower().endswith(SKIPPED_SUFFIXES):
                continue
            p = os.path.join(dirpath, name)
            try:
                st = os.stat(p)
            except OSError as e:  # a broken link or a loop of links
                what = "a broken symbolic link" if os.path.islink(p) and e.errno == errno.ENOENT else e.strerror
                out.problems[p] = f"cannot read {display_path(p)}: {what or e}"
                continue
            if stat.S_ISDIR(st.st_mode):
                continue  # a link to a folder os.walk did not list as one
            if not stat.S_ISREG(st.st_mode):
                out.problems[p] = f"cannot read {display_path(p)}: {_kind(st.st_mode)}, not a file"
                continue
            if is_expandable(p):  # a WARC archive
                found += _expand(p, out)
            elif looks_like_report(p):
                found.append(p)
            else:
                out.skipped.append(Skip(p, "not_a_report", "content of a type that is not a report "
                                                           "(image, archive, database …)"))
    return found


def read_list(spec: str) -> list[str]:
    """The paths of a list file (`-`: stdin), one a line; `#` comments and blank lines skipped.
    Lines that are not UTF-8 keep their bytes (as file names do); a missing or binary file is an error."""
    import sys
    shown = os.fsencode(spec).decode("utf-8", "backslashreplace")
    try:
        data = sys.stdin.buffer.read() if spec == "-" else Path(spec).read_bytes()
    except OSError as e:
        raise ListFileError(f"@{shown}: cannot read the list file: {e.strerror or e}") from None
    if b"\x00" in data:
        raise ListFileError(f"@{shown}: not a list of paths (it holds NUL bytes)")
    base = Path(spec).parent if spec != "-" else Path(".")
    items = []
    for raw in data.removeprefix(b"\xef\xbb\xbf").splitlines():
        line = os.fsdecode(raw.strip())
        if line and not line.startswith("#"):
            # relative to the working directory, or else to the list file's folder
            items.append(line if os.path.isabs(line) or "://" in line or os.path.exists(line) else str(base / line))
    return items


STAMP_KEYS = ("ETag", "etag", "LastModified", "last_modified", "mtime", "modified", "updated", "created",
              "md5Hash", "crc32c", "generation")


def url_stat(url: str, info: Optional[dict] = None) -> Optional[tuple[int, str]]:
    """An fsspec URL's (size, stamp): the first of the store's version fields (ETag, modification
    time, …) as text; None when it has none or cannot be asked (the worker then hashes the content)."""
    try:
        if info is None:
            import fsspec
            fs, p = fsspec.core.url_to_fs(url)
            info = fs.info(p)
        stamp = next((str(info[k]) for k in STAMP_KEYS if info.get(k) is not None), None)
        return (int(info["size"]), stamp) if stamp is not None and info.get("size") is not None else None
    except Exception:  # no such file, no network, a store without these fields
        return None


def _remote(spec: str, out: Discovery) -> list[str]:
    import fsspec
    fs, _, paths = fsspec.get_fs_token_paths(spec)
    proto = fs.protocol[0] if isinstance(fs.protocol, (tuple, list)) else fs.protocol
    found = []
    for p in paths:
        files = fs.find(p, detail=True) if fs.isdir(p) else {p: fs.info(p)}
        for f, info in sorted(files.items()):
            if not _hidden(os.path.basename(f)) and not f.lower().endswith(SKIPPED_SUFFIXES):
                url = f"{proto}://{f}"
                found.append(url)
                st = url_stat(url, info)
                if st is not None:
                    out.stats[url] = st
    return found


def discover(specs: Iterable[str], exclude: Optional[Iterable[str]] = None) -> Discovery:
    """Expand the command line's inputs into a sorted list of unique file paths.

    A plain file is always parsed (whatever it holds); a directory is walked recursively, skipping
    hidden files and folders, `.json` outputs, `exclude` (the output folder) and files whose content
    is not a report format; a glob is expanded (`**` recursive); `@list.txt` reads one input a line."""
    from ..fetch.inputs import is_expandable
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
            stack[0:0] = read_list(spec[1:])  # ListFileError: the caller's usage error
            continue
        if "://" in spec and not spec.startswith("file://"):
            for p in _remote(spec, out):
                add(p)
            continue
        if os.path.isdir(spec):
            for p in _walk(spec, excl, out):
                add(p)
        elif os.path.isfile(spec) and is_expandable(spec):  # a WARC archive, a fetched.jsonl
            for p in _expand(spec, out):
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
    for p in out.problems:
        add(p)
    out.paths.sort()
    return out
