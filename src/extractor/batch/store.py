"""The batch's state on disk, and the outputs derived from it.

    OUTDIR/.extractor-batch/results/<key>.json   one record per work key (content sha256 + version)
    OUTDIR/.extractor-batch/manifest.jsonl       input path → key (with size and mtime — for an fsspec
                                                 URL its version stamp — to skip re-hashing; the error
                                                 code and the limits of a failed parse; the stem)
    OUTDIR/.extractor-batch/outputs.txt          the per-report JSON files the last finished run wrote
    OUTDIR/.extractor-batch/shards/              this run's records as they arrive (see `shards.py`)

Every file is written atomically (tmp + os.replace) or appended a whole line at a time, so a run
killed at any moment leaves only complete entries. A worker writes each record it makes — its
result, `<stem>.json`, its JSONL line and database rows in the worker's shard — and the parent
notes in the manifest where the line is (`Stream`). `finalize` then writes `reports.jsonl` in
input-path order by copying those lines' bytes, and the database by an ordered SQL copy of the
shards' rows; only records no worker wrote in this run are made here. So a resumed run ends with
exactly the bytes of an uninterrupted one.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..files import remove_stale_tmp, write_atomic, write_if_changed
from .inputs import url_stat
from .records import storage_key, summarize, with_path
from .shards import PARENT, ShardWriter, jsonl_line, merge_rows

STATE = ".extractor-batch"
# error codes caused by a limit → that limit: the input is parsed again when the limit changes
LIMIT_OF = {"timeout": "timeout", "out_of_memory": "max_memory_mb", "too_large": "max_bytes",
            "worker_crashed": "max_memory_mb"}
FAILURE_COLUMNS = ("path", "status", "code", "message")


def _stat(path: str, known: Optional[dict[str, tuple]] = None) -> Optional[tuple]:
    """(size, mtime_ns) of a file; (size, version stamp) of an fsspec URL (`known`: from the listing)."""
    if "://" in path and not path.startswith("file://"):
        return (known or {}).get(path) or url_stat(path)
    try:
        st = os.stat(path[7:] if path.startswith("file://") else path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class State:
    def __init__(self, outdir: Path, limits: Optional[dict[str, Any]] = None, stats: Optional[dict] = None):
        self.outdir = Path(outdir)
        self.limits = limits or {}
        self.stats = stats or {}  # fsspec URLs' (size, stamp) from the listing: not asked again
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

    def result_path(self, key: str) -> Path:
        return self.results / f"{key}.json"

    def known(self, path: str) -> Optional[str]:
        """The key of an input already done, when its size and mtime have not changed."""
        e = self.manifest.get(path)
        st = _stat(path, self.stats)
        if e and st and [e.get("size"), e.get("mtime_ns")] == list(st) and self.result_path(e["key"]).exists():
            return e["key"]
        return None

    def stored(self, path: str) -> bool:
        """The input has a record in the results (whatever its file is now)."""
        e = self.manifest.get(path)
        return bool(e) and self.result_path(e["key"]).exists()

    def stale(self, path: str, retry_failed: bool) -> bool:
        """A done input to parse again: any error with --retry-failed; a limit's error when the limits changed."""
        e = self.manifest.get(path) or {}
        code = e.get("error")
        if not code:
            return False
        limit = LIMIT_OF.get(code)
        return retry_failed or (limit is not None and (e.get("limits") or {}).get(limit) != self.limits.get(limit))

    def forget(self, path: str) -> None:
        """Drop the stored record of an input (before parsing it again): the outputs are then rebuilt."""
        e = self.manifest.get(path)
        for p in ([self.result_path(e["key"])] if e else []) + [self.dir / "finished.json"]:
            try:
                p.unlink()
            except OSError:
                pass

    def stems(self) -> dict[str, str]:
        """The output stems the last finished run gave."""
        return {p: e["stem"] for p, e in self.manifest.items() if e.get("stem")}

    def record(self, outcome: dict[str, Any]) -> Optional[str]:
        """Note a worker's outcome in the manifest, storing its record unless the worker did (then
        None is returned); else returns the record text for this path."""
        path, text = outcome["path"], outcome.get("json")
        key = storage_key(path, outcome.get("key"))  # unreadable: tried again next run
        rp = self.result_path(key)
        if text is not None and (key.startswith("path-") or not rp.exists()):
            write_atomic(rp, text)
        summary = outcome.get("summary")
        if summary is None and rp.exists():  # the same content parsed earlier under another path
            summary = summarize(json.loads(rp.read_text("utf-8")))
        st = _stat(path, self.stats) if not key.startswith("path-") else None
        entry = {"path": path, "key": key, "size": st[0] if st else None, "mtime_ns": st[1] if st else None}
        if summary and summary.get("error"):
            entry.update(error=summary["error"], limits=self.limits)
        self.manifest[path] = entry
        if self._log is None:
            self._log = open(self.manifest_path, "a", encoding="utf-8", errors="backslashreplace")
            if self._log.tell() > 0:  # after a line cut by a kill, start on a line of our own
                with open(self.manifest_path, "rb") as f:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":
                        self._log.write("\n")
        self._log.write(json.dumps(entry) + "\n")  # ASCII: a path in any bytes survives
        self._log.flush()
        if outcome.get("shard"):
            return None
        return with_path(text, path) if text is not None else self.text(path)

    def text(self, path: str) -> Optional[str]:
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

    def compact_manifest(self, paths: list[str], stems: dict[str, str]) -> None:
        """The manifest rewritten in path order with only this batch's entries, each with its stem."""
        self.close()
        lines = [json.dumps(dict(self.manifest[p], stem=stems[p])) + "\n"  # ASCII: paths in any bytes survive
                 for p in paths if p in self.manifest]
        write_if_changed(self.manifest_path, "".join(lines))


class Stream:
    """This run's records as they arrive: where each one's JSONL line is (a worker's shard, or the
    parent's own for the records it makes itself) and its summary. `finalize` puts them in path
    order (see `shards`)."""

    def __init__(self, state: State, report_ids: dict[str, int], commit_every: int = 200):
        self.dir = state.dir / "shards"
        self.report_ids = report_ids
        self.remove()  # a killed run's: its records are in the results and are read from there
        self.dir.mkdir(parents=True, exist_ok=True)
        self.own = ShardWriter(self.dir, PARENT, commit_every=commit_every)
        self.where: dict[str, tuple[str, int, int]] = {}  # path → (shard, offset, length) of its line
        self.summaries: dict[str, dict[str, Any]] = {}
        self._readers: dict[str, Any] = {}

    def took(self, path: str, outcome: dict[str, Any]) -> None:
        """A record a worker wrote itself."""
        self.where[path] = (outcome["shard"], *outcome["at"])
        self.summaries[path] = outcome["summary"]

    def add(self, path: str, output: str, text: str, outcome: dict[str, Any]) -> None:
        """A record the parent writes (its text as stored for this path; the worker's outcome)."""
        from . import db as dbmod
        rid = self.report_ids[path]
        if outcome.get("line") is not None and outcome.get("rows") is not None and text is outcome.get("json"):
            line, rows = outcome["line"], outcome["rows"]  # made by a worker that could not write them
            for rs in rows.values():
                for r in rs:
                    r["report_id"] = rid
            rows["reports"][0]["output"] = dbmod.shown_path(output)
            summary = outcome.get("summary")
        else:  # made here (an error record of the parent's, a stored record relabelled)
            d = json.loads(text)
            line, rows, summary = jsonl_line(d), dbmod.rows(rid, output, d), summarize(d)
        self.where[path] = (PARENT, *self.own.add(line, rows))
        self.summaries[path] = summary

    def line(self, path: str) -> Optional[bytes]:
        at = self.where.get(path)
        if at is None:
            return None
        name, offset, length = at
        if name == PARENT:
            self.own.flush()
        f = self._readers.get(name)
        if f is None:
            f = self._readers[name] = open(self.dir / f"{name}.jsonl", "rb")
        f.seek(offset)
        data = f.read(length)
        if len(data) != length:
            raise RuntimeError(f"shard {name} is short: the batch did not finish")
        return data

    def rows_db(self) -> str:
        """The parent's shard database with every accepted record's rows (ready for `db.copy_ordered`)."""
        conn = self.own.open()
        self.own.flush()
        accepted: dict[str, list[int]] = {}
        for p, (name, _, _) in self.where.items():
            accepted.setdefault(name, []).append(self.report_ids[p])
        merge_rows(conn, self.dir, accepted)
        return str(self.own.db_path)

    def close(self) -> None:
        self.own.close()
        for f in self._readers.values():
            f.close()
        self._readers.clear()

    def remove(self) -> None:
        import shutil
        shutil.rmtree(self.dir, ignore_errors=True)


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
    skipped_records: dict[str, int] = field(default_factory=dict)  # WARC records, fetch-folder entries
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
        if self.skipped_records:
            out.append("skipped: " + ", ".join(f"{k} {v}" for k, v in self.skipped_records.items()))
        if self.db_rows:
            out.append("database rows: " + ", ".join(f"{k} {v}" for k, v in sorted(self.db_rows.items())))
        return out

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _fingerprint(state: State, paths: list[str], stems: dict[str, str], db_url: Optional[str],
                 skipped: list) -> Optional[str]:
    keys = [(p, stems[p], (state.manifest.get(p) or {}).get("key")) for p in paths]
    if any(k is None or k.startswith("path-") for _, _, k in keys):
        return None  # an unreadable input: rebuilt each run
    from .. import __version__
    blob = json.dumps([__version__, db_url, keys, [(s.path, s.code) for s in skipped]], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogateescape")).hexdigest()


def failures_csv(failed: list[tuple[str, str, str]], skipped: list) -> str:
    """OUTDIR/failures.csv: every input that is an error record or was skipped, with its code and message."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FAILURE_COLUMNS)
    rows = [(p, "failed", c, m) for p, c, m in failed] + [(s.path, "skipped", s.code, s.message) for s in skipped]
    for p, status, code, msg in sorted(rows):
        w.writerow([os.fsencode(p).decode("utf-8", "backslashreplace"), status, code, " ".join(msg.split())])
    return buf.getvalue()


def up_to_date(state: State, paths: list[str], stems: dict[str, str], db_url: Optional[str],
               skipped: list) -> Optional[Summary]:
    """The summary of the last finished run when it had exactly these inputs and records and its
    outputs are all there (nothing to write), else None."""
    out = state.outdir
    finished = state.dir / "finished.json"
    fp = _fingerprint(state, paths, stems, db_url, skipped)
    if fp is None or not finished.exists():
        return None
    try:
        last = json.loads(finished.read_text("utf-8"))
    except ValueError:
        return None
    needed = [out / "reports.jsonl", out / "failures.csv"] + ([out / "reports.sqlite"] if db_url is None else [])
    needed += [out / f"{stems[p]}.json" for p in paths]
    if last.get("fingerprint") != fp or not all(p.exists() for p in needed):
        return None
    return Summary(**{k: v for k, v in last["summary"].items() if k in Summary.__dataclass_fields__})


def finalize(state: State, paths: list[str], stems: dict[str, str], db_url: Optional[str],
             skipped: Optional[list] = None, stream: Optional[Stream] = None) -> Summary:
    """Every output, rebuilt from the stored records in input-path order — unless the last run that
    finished had exactly these inputs and records and its outputs are all there."""
    from . import db as dbmod

    out = state.outdir
    skipped = skipped or []
    finished = state.dir / "finished.json"
    fp = _fingerprint(state, paths, stems, db_url, skipped)
    last = up_to_date(state, paths, stems, db_url, skipped)
    if last is not None:
        if stream is not None:
            stream.close()
            stream.remove()
        return last
    try:
        finished.unlink()
    except OSError:
        pass
    summary = Summary()
    jsonl = out / "reports.jsonl"
    tmp_jsonl = jsonl.with_name(f".{jsonl.name}.{os.getpid()}.tmp")
    written: list[str] = []
    failed: list[tuple[str, str, str]] = []
    ids = {p: i for i, p in enumerate(paths, 1)}
    if stream is None:  # finalize alone (no parse run): every record read back
        stream = Stream(state, ids)
    with open(tmp_jsonl, "wb") as f:
        for i, p in enumerate(paths, 1):
            stem = stems[p]
            written.append(f"{stem}.json")
            line = stream.line(p)
            if line is None:  # done by an earlier (or a killed) run: read back, put in the stream
                text = state.text(p)
                if text is None:
                    raise RuntimeError(f"no record for {p}: the batch did not finish")
                write_if_changed(out / f"{stem}.json", text)
                stream.add(p, f"{stem}.json", text, {})
                line = stream.line(p)
            f.write(line)
            s = stream.summaries[p]
            summary.add(s)
            if not s["ok"]:
                d = json.loads(line)
                err = next(x for x in d["issues"] if x.get("severity") == "error")
                failed.append((p, err["code"], err.get("message") or ""))
    staged = stream.rows_db()
    if db_url is None:
        target = out / "reports.sqlite"
        tmp_db = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        if tmp_db.exists():
            tmp_db.unlink()
        engine = dbmod.engine_for(f"sqlite:///{tmp_db}")
        try:
            summary.db_rows = dbmod.copy_ordered(staged, engine)
        finally:
            engine.dispose()
        os.replace(tmp_db, target)
    else:
        engine = dbmod.engine_for(db_url)
        try:
            summary.db_rows = dbmod.copy_ordered(staged, engine)
        finally:
            engine.dispose()
    os.replace(tmp_jsonl, jsonl)
    write_if_changed(out / "failures.csv", failures_csv(failed, skipped))
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
    state.compact_manifest(paths, stems)
    stream.close()
    stream.remove()
    if fp is not None:
        write_atomic(finished, json.dumps({"fingerprint": fp, "summary": summary.to_dict()}, ensure_ascii=False,
                                          indent=1, sort_keys=True) + "\n")
    return summary
