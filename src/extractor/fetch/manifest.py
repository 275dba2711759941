"""The fetch folder: `fetched.jsonl` (one line per URL fetched, the last line of a URL wins) and
`files/<sha256>.<ext>`, the bodies as received (content-addressed: the same bytes are stored once)."""
from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from ..files import write_atomic_bytes

MANIFEST = "fetched.jsonl"
FILES = "files"
_EXT_BY_TYPE = {"application/pdf": ".pdf", "text/html": ".html", "application/xhtml+xml": ".html",
                "text/plain": ".txt", "application/msword": ".doc", "application/vnd.ms-excel": ".xls",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
                "application/ofd": ".ofd", "application/kswps": ".wps", "application/wps-office.wps": ".wps"}


@dataclass
class Entry:
    """One manifest line. `role`: source (a URL given), listing, report (a link followed from a listing),
    attachment (a file a report page links). `kind` of an HTML page: listing, attachment_only or page."""
    url: str
    final_url: Optional[str] = None
    status: Optional[int] = None
    content_type: Optional[str] = None
    charset: Optional[str] = None  # the charset the Content-Type header declares (may be wrong)
    encoding: Optional[str] = None  # what the bytes decode as (HTML pages)
    sha256: Optional[str] = None
    size: Optional[int] = None
    file: Optional[str] = None  # relative to the fetch folder
    fetched_at: Optional[str] = None
    referrer: Optional[str] = None
    link_text: Optional[str] = None
    role: str = "source"
    kind: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    attachments: list[str] = field(default_factory=list)  # on a page: the files it links that were fetched
    attachment_of: Optional[str] = None  # on an attachment: the report page
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    redirects: list[str] = field(default_factory=list)
    attempts: int = 0
    error: Optional[str] = None
    message: Optional[str] = None
    depth: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.sha256 is not None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entry":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def extension(content_type: Optional[str], url: str) -> str:
    ext = _EXT_BY_TYPE.get((content_type or "").split(";")[0].strip().lower())
    if ext:
        return ext
    tail = os.path.splitext(url.split("?")[0].split("#")[0])[1].lower()
    return tail if tail and len(tail) <= 6 and tail[1:].isalnum() else ".bin"


class Manifest:
    """Thread-safe appends; every line is written whole, so a killed run leaves only complete lines."""

    def __init__(self, folder: str | os.PathLike):
        self.dir = Path(folder)
        (self.dir / FILES).mkdir(parents=True, exist_ok=True)
        self.path = self.dir / MANIFEST
        self.entries: dict[str, Entry] = {}
        for e in read_entries(self.path):
            self.entries[e.url] = e
        self._lock = threading.Lock()
        if self.path.exists() and self.path.stat().st_size:
            with open(self.path, "rb+") as f:  # after a line cut by a kill, start on a line of our own
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    f.write(b"\n")

    def store(self, sha256: str, body: bytes, content_type: Optional[str], url: str) -> str:
        rel = f"{FILES}/{sha256}{extension(content_type, url)}"
        target = self.dir / rel
        with self._lock:  # two URLs with the same bytes in flight at once: one writer
            if not target.exists():
                write_atomic_bytes(target, body)
        return rel

    def add(self, entry: Entry) -> None:
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        with self._lock:
            self.entries[entry.url] = entry
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line)

    def done(self, url: str) -> Optional[Entry]:
        """The entry of a URL fetched before whose file is still there."""
        e = self.entries.get(url)
        return e if e is not None and e.ok and e.file and (self.dir / e.file).exists() else None


def read_entries(path: str | os.PathLike) -> Iterator[Entry]:
    """Every complete line of a manifest (a line cut by a kill, or not ours, is skipped)."""
    try:
        lines = Path(path).read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return
    for line in lines:
        try:
            d = json.loads(line)
            if isinstance(d, dict) and isinstance(d.get("url"), str):
                yield Entry.from_dict(d)
        except (ValueError, TypeError):
            continue


def latest(path: str | os.PathLike) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for e in read_entries(path):
        out[e.url] = e
    return out

