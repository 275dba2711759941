"""What a batch parses in a fetch folder or a WARC archive: {input path: extra} for the worker
(`origin`, and for a WARC record `warc_file` / `warc_offset`) and what was skipped, by reason."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..model import Origin
from .manifest import MANIFEST, latest
from .warc import is_warc, record_offset, scan


def is_expandable(path: str) -> bool:
    """A WARC archive, a fetch folder or its `fetched.jsonl`."""
    return (os.path.isfile(path) and (is_warc(path) or os.path.basename(path) == MANIFEST)) or (
        os.path.isdir(path) and os.path.isfile(os.path.join(path, MANIFEST)))


def expand(path: str) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    if is_warc(path):
        found = scan(path)
        extras = {p: {"origin": o.to_dict(), "warc_file": path, "warc_offset": record_offset(p)}
                  for p, o in found.inputs.items()}
        if found.error and not extras:
            extras = {path: {"error": f"cannot read the WARC archive {path}: {found.error}"}}
        return extras, {f"WARC {k}": v for k, v in found.skipped.items()}
    folder = path if os.path.isdir(path) else (os.path.dirname(path) or ".")
    return fetch_folder(folder)


def fetch_folder(folder: str) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """What `batch` parses in a fetch folder: {file path: {"origin": …}} and skipped entries by reason.

    A listing page is not a report; a page that only links its report as a file is one report with
    that file (the file parsed, the page's title standing in where the file has none), so the page
    is not a record of its own; a file several URLs gave is parsed once (the first URL in order)."""
    entries = latest(Path(folder) / MANIFEST)
    inputs: dict[str, dict[str, Any]] = {}
    skipped: dict[str, int] = {}

    def skip(reason: str) -> None:
        skipped[reason] = skipped.get(reason, 0) + 1

    for url in sorted(entries):
        e = entries[url]
        if not e.ok or not e.file:
            skip(f"fetch failed ({e.error or 'no body'})")
            continue
        if e.kind in ("listing", "other"):
            skip("listing page" if e.kind == "listing" else "not a report")
            continue
        if e.kind == "attachment_only" and any(entries.get(a) is not None and entries[a].ok for a in e.attachments):
            skip("page whose report is its attachment")
            continue
        path = os.path.join(folder, e.file)
        if not os.path.isfile(path):
            skip("file missing")
            continue
        if path in inputs:
            skip("same bytes as another URL")
            continue
        origin = Origin(url=e.url, final_url=e.final_url)
        page = entries.get(e.attachment_of) if e.attachment_of else None
        if page is not None:
            origin.page_url, origin.page_title, origin.published = page.url, page.title, page.published
        inputs[path] = {"origin": origin.to_dict()}
    return inputs, skipped
