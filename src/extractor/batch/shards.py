"""Shards: the outputs a record needs, written where the record is made.

    OUTDIR/.extractor-batch/shards/<name>.jsonl    the `reports.jsonl` lines of the records one writer made
    OUTDIR/.extractor-batch/shards/<name>.sqlite   … and their database rows (a bare table per output table)

Each batch worker (a local worker slot, or a Dask worker thread) writes its own pair, and for each
record also `results/<key>.json` and `OUTDIR/<stem>.json`, then tells the parent only where the line
is (`shard`, offset, length) and the record's summary: the records themselves never travel to the
parent (on Dask: the client). The parent's own shard (`parent`) holds the records it makes itself
(error records of a timeout or a crash, records read back from an earlier run). At the end the
parent puts the lines in input-path order by copying bytes and the rows by SQL (`merge_rows`), taking
from each shard only the records it accepted from it (a worker killed after writing a record but
before reporting it leaves rows that are ignored). Shards are this run's alone: removed at its end
and, after a kill, at the start of the next run (the records themselves are in `results/`).
"""
from __future__ import annotations

import json
import operator
import os
import sqlite3
from pathlib import Path
from typing import Any, Optional

from ..files import write_atomic, write_if_changed
from .records import summarize, with_path

PARENT = "parent"


def jsonl_line(d: dict[str, Any]) -> str:
    """A record as one line of reports.jsonl."""
    return json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n"


def _create(path: Path) -> sqlite3.Connection:
    """A shard's database: the tables' columns without keys or indexes (they would only slow the
    inserts down). The rollback journal, not WAL (a shard may live on a network file system) and no
    fsync: a killed worker's open transaction is rolled back, its committed records stay."""
    from .db import TABLES
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA synchronous=OFF")
    for t in TABLES:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {t.name} ({', '.join(c.name for c in t.columns)})")
    conn.commit()
    return conn


class ShardWriter:
    """One writer's shard pair. A worker commits after every record (what it reported is kept even
    if it is killed on the next file); the parent every `commit_every` records."""

    def __init__(self, folder: str | os.PathLike, name: str, commit_every: int = 1):
        self.folder, self.name = Path(folder), name
        self.jsonl_path = self.folder / f"{name}.jsonl"
        self.db_path = self.folder / f"{name}.sqlite"
        self.commit_every = commit_every
        self._jsonl = None
        self._conn: Optional[sqlite3.Connection] = None
        self._pending: dict[str, list[dict]] = {}
        self._n = 0

    def open(self) -> sqlite3.Connection:
        """The shard's database connection (both files created when missing)."""
        if self._jsonl is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._jsonl = open(self.jsonl_path, "ab")
            self._conn = _create(self.db_path)
        return self._conn

    def add(self, line: str, rows: dict[str, list[dict]]) -> tuple[int, int]:
        """Append a record's line and rows; returns where the line is (offset, length)."""
        self.open()
        data = line.encode("utf-8", "backslashreplace")
        at = self._jsonl.seek(0, os.SEEK_END)  # after a line a killed process of this slot left cut
        self._jsonl.write(data)
        for name, rs in rows.items():
            self._pending.setdefault(name, []).extend(rs)
        self._n += 1
        if self._n % self.commit_every == 0:
            self.flush()
        return at, len(data)

    def flush(self) -> None:
        if self._jsonl is None:
            return
        self._jsonl.flush()
        from .db import TABLES
        for t in TABLES:
            rs = self._pending.get(t.name)
            if rs:
                names = [c.name for c in t.columns]
                self._conn.executemany(f"INSERT INTO {t.name} VALUES ({', '.join('?' * len(names))})",
                                       map(operator.itemgetter(*names), rs))
                rs.clear()
        self._conn.commit()

    def close(self) -> None:
        if self._jsonl is not None:
            self.flush()
            self._jsonl.close()
            self._conn.close()
            self._jsonl = self._conn = None


def record_outputs(text: str, path: str, report_id: int, stem: str) -> tuple[str, dict[str, list[dict]], dict]:
    """A stored record relabelled for `path`: its text, JSONL line, database rows and summary."""
    from .db import rows
    text = with_path(text, path)
    d = json.loads(text)
    return text, {"line": jsonl_line(d), "rows": rows(report_id, f"{stem}.json", d)}, summarize(d)


_writer: Optional[ShardWriter] = None  # the worker process's shard


def write_record(cfg: dict[str, Any], task: dict[str, Any], path: str, store_key: Optional[str],
                 text: str, new: bool) -> dict[str, Any]:
    """In a worker: write one record's outputs (see the module docstring; the resume record last, so
    that a record is done only once everything else is written). `new`: the text is this parse's
    (stored under `store_key`), not a stored record of the same content. Returns the outcome's fields."""
    global _writer
    if _writer is None or _writer.name != cfg["shard"]:
        _writer = ShardWriter(cfg["shards_dir"], cfg["shard"])
    text, made, summary = record_outputs(text, path, task["report_id"], task["stem"])
    target = Path(cfg["outdir"]) / f"{task['stem']}.json"
    write_atomic(target, text) if new else write_if_changed(target, text)
    at = _writer.add(made["line"], made["rows"])
    if new and store_key is not None:
        write_atomic(Path(cfg["results_dir"]) / f"{store_key}.json", text)
    return {"shard": _writer.name, "at": list(at), "summary": summary}


def merge_rows(staging: sqlite3.Connection, folder: Path, accepted: dict[str, list[int]]) -> None:
    """Copy into `staging` (the parent's shard) the rows of the records accepted from each other
    shard, a report's rows in the order they were made."""
    from .db import TABLES
    staging.commit()
    staging.execute("CREATE TEMP TABLE IF NOT EXISTS accepted (report_id INTEGER PRIMARY KEY)")
    for name, ids in sorted(accepted.items()):
        path = folder / f"{name}.sqlite"
        if name == PARENT or not ids or not path.exists():
            continue
        staging.execute("DELETE FROM temp.accepted")
        staging.executemany("INSERT INTO temp.accepted VALUES (?)", ((i,) for i in ids))
        staging.execute("ATTACH DATABASE ? AS shard", (str(path),))
        try:
            for t in TABLES:
                cols = ", ".join(c.name for c in t.columns)
                staging.execute(f"INSERT INTO main.{t.name} ({cols}) SELECT {cols} FROM shard.{t.name} "
                                "WHERE report_id IN (SELECT report_id FROM temp.accepted) ORDER BY rowid")
            staging.commit()
        finally:
            staging.execute("DETACH DATABASE shard")
