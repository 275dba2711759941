"""Error records (the same shape `extractor parse` writes) and the one-line summary of a record."""
from __future__ import annotations

import json
from typing import Any, Optional

from ..files import sha256
from ..jsontext import indented
from ..names import display_path
from ..result import Result


def error_json(path: Optional[str], sha256: Optional[str], code: str, message: str) -> str:
    return Result.error(path, sha256, code, message).to_json()


def storage_key(path: str, key: Optional[str]) -> str:
    """The name a record is stored under: its work key; for an input that could not be read (no content
    hash), the hash of its path (such a record is made again each run)."""
    return key if key is not None else "path-" + sha256(path.encode("utf-8", "surrogateescape")).hexdigest()


def summarize(d: dict[str, Any]) -> dict[str, Any]:
    """What progress and the closing summary count, from a contract-shaped record."""
    errors = [i for i in d.get("issues", []) if i.get("severity") == "error"]
    report = d.get("report") or {}
    return {
        "ok": not errors,
        "error": errors[0]["code"] if errors else None,
        "template": report.get("template"),
        "identity_failed": any(c.get("ok") is False for c in d.get("checks", [])),
        "tables_as_images": sum(1 for i in d.get("issues", []) if i.get("code") == "table_is_image"),
    }


def with_path(text: str, path: str) -> str:
    """A stored record of the same content re-labelled with another input path (source.path,
    escaped where it is not UTF-8)."""
    path = display_path(path)
    if f'"source": {{\n    "path": {json.dumps(path, ensure_ascii=False)},\n' in text[:4096]:
        return text
    d = json.loads(text)
    if d.get("source", {}).get("path") == path:
        return text
    d["source"]["path"] = path
    return indented(d) + "\n"
