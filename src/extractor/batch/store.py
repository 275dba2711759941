"""The batch's state on disk, and the outputs derived from it.

    OUTDIR/.extractor-batch/results/<key>.json   one record per work key (content sha256 + version)
    OUTDIR/.extractor-batch/manifest.jsonl       input path → key (with size and mtime, to skip re-hashing)
    OUTDIR/.extractor-batch/outputs.txt          the per-report JSON files the last finished run wrote

Every file is written atomically (tmp + os.replace) or appended a whole line at a time, so a run
killed at any moment leaves only complete entries. `finalize` (re)builds every output from the
results, in input-path order: `<stem>.json`, `reports.jsonl` and the database — so a resumed run
ends with exactly the bytes of an uninterrupted one.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from ..files import remove_stale_tmp, write_atomic, write_if_changed
from .records import summarize, with_path

STATE = ".extractor-batch"


def _stat(path: str) -> Optional[tuple[int, int]]:
    if "://" in path and not path.startswith("file://"):
        return None
    try:
        st = os.stat(path[7:] if path.startswith("file://") else path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class State:
    def __init__(self, outdir: Path):
        self.outdir = Path(outdir)
        self.dir = self.outdir / STATE
        self.results = self.dir / "results"
        self.results.mkdir(parents=True, exist_ok=True)
        self.manifest_path = self.dir / "manifest.jsonl"
        for d in (self.outdir, self.dir, self.results):
            remove_stale_tmp(d)
        self.manifest: dict[str, dict[str, Any]] = {}
        if self.manifest_path.exists():
            for line in self.manifest_path.read_text("utf-8", errors="replace").splitlines():
                try:
                    e = json.loads(line)
                    self.manifest[e["path"]] = e
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut by a kill
        self._log = None
        self.volatile: dict[str, str] = {}  # records with no key (unreadable input): this run only

    def result_path(self, key: str) -> Path:
        return self.results / f"{key}.json"

    def known(self, path: str) -> Optional[str]:
        """The key of an input already done, when its size and mtime have not changed."""
        e = self.manifest.get(path)
        st = _stat(path)
        if e and st and [e.get("size"), e.get("mtime_ns")] == list(st) and self.result_path(e["key"]).exists():
            return e["key"]
        return None

    def record(self, outcome: dict[str, Any]) -> Optional[str]:
        """Store a worker's outcome; returns the record text for this path."""
        path, key, text = outcome["path"], outcome.get("key"), outcome.get("json")
        if key is None:
            self.volatile[path] = text
            return text
        rp = self.result_path(key)
        if text is not None and not rp.exists():
            write_atomic(rp, text)
        st = _stat(path)
        entry = {"path": path, "key": key, "size": st[0] if st else None, "mtime_ns": st[1] if st else None}
        self.manifest[path] = entry
        if self._log is None:
            self._log = open(self.manifest_path, "a", encoding="utf-8")
            if self._log.tell() > 0:  # after a line cut by a kill, start on a line of our own
                with open(self.manifest_path, "rb") as f:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":
                        self._log.write("\n")
        self._log.write(json.dumps(entry) + "\n")  # ASCII: a path in any bytes survives
        self._log.flush()
        return with_path(text, path) if text is not None else self.text(path)

    def text(self, path: str) -> Optional[str]:
        if path in self.volatile:
            return self.volatile[path]
        e = self.manifest.get(path)
        if not e:
            return None
        try:
            stored = self.result_path(e["key"]).read_text("utf-8")
        except OSError:
            return None
        return with_path(stored, path)

    def close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def compact_manifest(self, paths: list[str]) -> None:
        """The manifest rewritten in path order with only this batch's entries."""
        self.close()
        lines = [json.dumps(self.manifest[p]) + "\n" for p in paths if p in self.manifest]
        write_if_changed(self.manifest_path, "".join(lines))


@dataclass
class Summary:
    total: int = 0
    parsed: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    templates: dict[str, int] = field(default_factory=dict)
    identity_failed: int = 0
    tables_as_images: int = 0
    reports_with_images: int = 0
    db_rows: dict[str, int] = field(default_factory=dict)
    skipped_files: int = 0
    cached: int = 0
    worker_peak_rss_mb: list[float] = field(default_factory=list)
    parse_seconds: float = 0.0

    def add(self, s: dict[str, Any]) -> None:
        self.total += 1
        if s["ok"]:
            self.parsed += 1
        else:
            self.failed[s["error"]] = self.failed.get(s["error"], 0) + 1
        if s["template"]:
            self.templates[s["template"]] = self.templates.get(s["template"], 0) + 1
        self.identity_failed += bool(s["identity_failed"])
        self.tables_as_images += s["tables_as_images"]
        self.reports_with_images += bool(s["tables_as_images"])

    def lines(self) -> list[str]:
        failed = ", ".join(f"{k} {v}" for k, v in sorted(self.failed.items(), key=lambda kv: (-kv[1], kv[0])))
        out = [f"{self.total} inputs: {self.parsed} parsed, {sum(self.failed.values())} failed"
               + (f" ({failed})" if failed else "") + (f"; {self.cached} already done" if self.cached else ""),
               "templates: " + (", ".join(f"{k} {v}" for k, v in sorted(self.templates.items())) or "none"),
               f"reports with identity failures: {self.identity_failed}",
               f"tables that are images: {self.tables_as_images} (in {self.reports_with_images} reports)"]
        if self.skipped_files:
            out.append(f"skipped {self.skipped_files} files in directories that are not reports")
        if self.db_rows:
            out.append("database rows: " + ", ".join(f"{k} {v}" for k, v in sorted(self.db_rows.items())))
        return out

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def iter_records(state: State, paths: list[str], stems: dict[str, str]) -> Iterator[tuple[int, str, str, dict]]:
    for i, p in enumerate(paths, 1):
        text = state.text(p)
        if text is None:
            raise RuntimeError(f"no record for {p}: the batch did not finish")
        yield i, stems[p], text, json.loads(text)


def _fingerprint(state: State, paths: list[str], stems: dict[str, str], db_url: Optional[str]) -> Optional[str]:
    if state.volatile:
        return None
    keys = [(p, stems[p], (state.manifest.get(p) or {}).get("key")) for p in paths]
    from .. import __version__
    blob = json.dumps([__version__, db_url, keys], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogateescape")).hexdigest()


def finalize(state: State, paths: list[str], stems: dict[str, str], db_url: Optional[str]) -> Summary:
    """Every output, rebuilt from the stored records in input-path order — unless the last run that
    finished had exactly these inputs and records and its outputs are all there."""
    from . import db as dbmod

    out = state.outdir
    finished = state.dir / "finished.json"
    fp = _fingerprint(state, paths, stems, db_url)
    if fp is not None and finished.exists():
        try:
            last = json.loads(finished.read_text("utf-8"))
        except ValueError:
            last = {}
        needed = [out / "reports.jsonl"] + ([out / "reports.sqlite"] if db_url is None else [])
        needed += [out / f"{stems[p]}.json" for p in paths]
        if last.get("fingerprint") == fp and all(p.exists() for p in needed):
            summary = Summary(**{k: v for k, v in last["summary"].items() if k in Summary.__dataclass_fields__})
            return summary
    try:
        finished.unlink()
    except OSError:
        pass
    summary = Summary()
    jsonl = out / "reports.jsonl"
    tmp_jsonl = jsonl.with_name(f".{jsonl.name}.{os.getpid()}.tmp")
    written: list[str] = []

    def records() -> Iterator[tuple[int, str, dict]]:
        with open(tmp_jsonl, "w", encoding="utf-8") as f:
            for i, stem, text, d in iter_records(state, paths, stems):
                write_if_changed(out / f"{stem}.json", text)
                written.append(f"{stem}.json")
                f.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
                summary.add(summarize(d))
                yield i, f"{stem}.json", d

    if db_url is None:
        target = out / "reports.sqlite"
        tmp_db = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        if tmp_db.exists():
            tmp_db.unlink()
        engine = dbmod.engine_for(f"sqlite:///{tmp_db}")
        try:
            summary.db_rows = dbmod.load(engine, records())
        finally:
            engine.dispose()
        os.replace(tmp_db, target)
    else:
        engine = dbmod.engine_for(db_url)
        try:
            summary.db_rows = dbmod.load(engine, records())
        finally:
            engine.dispose()
    os.replace(tmp_jsonl, jsonl)
    # per-report files an earlier run of this OUTDIR wrote for inputs no longer in the batch
    listed = state.dir / "outputs.txt"
    if listed.exists():
        keep = set(written)
        for name in listed.read_text("utf-8").splitlines():
            if name and name not in keep:
                try:
                    (out / name).unlink()
                except OSError:
                    pass
    write_if_changed(listed, "".join(n + "\n" for n in written))
    state.compact_manifest(paths)
    if fp is not None:
        write_atomic(finished, json.dumps({"fingerprint": fp, "summary": summary.to_dict()}, ensure_ascii=False,
                                          indent=1, sort_keys=True) + "\n")
    return summary
