"""The normalised database schema (SQLAlchemy Core: SQLite, PostgreSQL, …) and the rows of a record.

One row per report in `reports`; `report_id` is the report's position in the batch sorted by input
path (1-based), so the same batch always gives the same ids. Every other table points to it.
"""
from __future__ import annotations

import json
from typing import Any, Optional

from sqlalchemy import (Boolean, Column, ForeignKey, Index, Integer, MetaData, Numeric, String, Table, Text,
                        TypeDecorator, create_engine, event, text)
from sqlalchemy.engine import Engine

metadata = MetaData()


class Count(TypeDecorator):
    """A number as printed: counts are integers (SQLite stores them as INTEGER under NUMERIC affinity),
    amounts in 万元 keep their fraction; read back as int when whole."""
    impl = Numeric(asdecimal=False)
    cache_ok = True

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        v = float(value)
        return int(v) if v.is_integer() else v

reports = Table(
    "reports", metadata,
    Column("report_id", Integer, primary_key=True, autoincrement=False),
    Column("path", Text, nullable=False),          # the input path as given
    Column("output", Text, nullable=False),        # OUTDIR/<output>: the per-report JSON
    Column("sha256", String(64)),
    Column("media_type", Text), Column("encoding", Text), Column("pages", Integer),
    Column("ok", Boolean, nullable=False),
    Column("error_code", Text),                    # code of the first error issue (null when ok)
    Column("title", Text), Column("agency", Text), Column("year", Integer),
    Column("template", Text),                      # gov-2021 | gov-2019 | legacy
    Column("script", Text),
    Column("checks_failed", Integer, nullable=False),
    Column("tables_as_images", Integer, nullable=False),
)
sections = Table(
    "sections", metadata,
    Column("report_id", Integer, ForeignKey("reports.report_id"), primary_key=True),
    Column("seq", Integer, primary_key=True),       # document order, subsections included
    Column("parent_seq", Integer),                  # a subsection's section; null for a section
    Column("key", Text), Column("number", Integer), Column("heading", Text), Column("text", Text),
)
cells = Table(
    "cells", metadata,
    Column("report_id", Integer, ForeignKey("reports.report_id"), primary_key=True),
    Column("table_name", String(40), primary_key=True),   # proactive_disclosure | requests | review_litigation
    Column("row_key", String(80), primary_key=True),
    Column("column_key", String(40), primary_key=True),
    Column("value", Count),                         # null: nothing usable in the source
    Column("source", String(16)),                   # provenance "from": cell | blank_cell | text | inferred
    Column("raw", Text), Column("page", Integer), Column("location", Text),   # location = provenance "where"
    Column("unit", Text), Column("rule", Text), Column("phrase", Text),
)
checks = Table(
    "checks", metadata,
    Column("report_id", Integer, ForeignKey("reports.report_id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("rule", Text, nullable=False),
    Column("column_key", Text), Column("row_key", Text), Column("group_key", Text),
    Column("ok", Boolean), Column("expected", Count), Column("actual", Count), Column("message", Text),
)
issues = Table(
    "issues", metadata,
    Column("report_id", Integer, ForeignKey("reports.report_id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("severity", String(10), nullable=False), Column("code", Text, nullable=False),
    Column("message", Text), Column("location", Text),
)
narrative_facts = Table(
    "narrative_facts", metadata,
    Column("report_id", Integer, ForeignKey("reports.report_id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("key", Text), Column("value", Count), Column("phrase", Text), Column("section", Text),
)
legacy_facts = Table(
    "legacy_facts", metadata,
    Column("report_id", Integer, ForeignKey("reports.report_id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("fact", Text), Column("value", Count), Column("unit", Text), Column("source", Text),
    Column("phrase", Text), Column("cumulative_value", Count),
    Column("data", Text),                           # the whole entry as JSON
)
harmonized = Table(  # legacy and modern figures on one key set: a panel from 2008 to today
    "harmonized", metadata,
    Column("report_id", Integer, ForeignKey("reports.report_id"), primary_key=True),
    Column("key", String(80), primary_key=True),    # modern cell key table.row.column (text.litigation.total)
    Column("value", Count),
    Column("fact", Text),                           # the legacy fact it comes from; null for a modern report
    Column("caveat", Text),                         # how far the figure is like for like
)
Index("cells_by_key", cells.c.table_name, cells.c.row_key, cells.c.column_key)
Index("reports_by_year", reports.c.year, reports.c.template)
Index("issues_by_code", issues.c.code)

TABLES = (reports, sections, cells, checks, issues, narrative_facts, legacy_facts, harmonized)


def _num(v: Any) -> Optional[int | float]:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return int(v) if float(v).is_integer() else float(v)


def shown_path(p: Optional[str]) -> Optional[str]:
    """A path for a text column: bytes that are not UTF-8 (a surrogate-escaped name) shown as \\xNN."""
    return p.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") if p else p


def harmonized_rows(report_id: int, d: dict[str, Any]) -> list[dict[str, Any]]:
    """A legacy report's `harmonized` entries; for a modern report the same keys read from its tables."""
    if d.get("harmonized") or (d.get("report") or {}).get("template") == "legacy":
        return [{"report_id": report_id, "key": h.get("key"), "value": _num(h.get("value")), "fact": h.get("fact"),
                 "caveat": h.get("caveat")} for h in d.get("harmonized") or []]
    from ..legacy import HARMONIZE
    from ..templates import legacy
    tabs = d.get("tables") or {}

    def cell(key: str) -> Any:
        t, rest = key.split(".", 1)
        r, c = rest.rsplit(".", 1)
        return ((tabs.get(t) or {}).get("values") or {}).get(r, {}).get(c)

    out = []
    for _, key, _ in HARMONIZE:
        if key.startswith("text."):
            summed = legacy().sums[key]  # templates/legacy/harmonize.json: the cells a text.* key adds up
            parts = [cell(k) for k in summed]
            v = sum(parts) if all(isinstance(p, (int, float)) for p in parts) else None
            caveat = "modern report: " + " + ".join(k.split(".", 1)[1] for k in summed)
        else:
            v, caveat = cell(key), "modern report: the cell itself"
        if _num(v) is not None:
            out.append({"report_id": report_id, "key": key, "value": _num(v), "fact": None, "caveat": caveat})
    return out


def rows(report_id: int, output: str, d: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows of one contract-shaped record, table by table."""
    src, rep = d.get("source") or {}, d.get("report") or {}
    errs = [i for i in d.get("issues", []) if i.get("severity") == "error"]
    out: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
    out["reports"].append({
        "report_id": report_id, "path": shown_path(src.get("path")) or "", "output": shown_path(output),
        "sha256": src.get("sha256"),
        "media_type": src.get("media_type"), "encoding": src.get("encoding"), "pages": src.get("pages"),
        "ok": not errs, "error_code": errs[0]["code"] if errs else None,
        "title": rep.get("title"), "agency": rep.get("agency"), "year": rep.get("year"),
        "template": rep.get("template"), "script": rep.get("script"),
        "checks_failed": sum(1 for c in d.get("checks", []) if c.get("ok") is False),
        "tables_as_images": sum(1 for i in d.get("issues", []) if i.get("code") == "table_is_image"),
    })
    seq = 0
    for s in d.get("sections", []):
        seq += 1
        parent = seq
        out["sections"].append({"report_id": report_id, "seq": seq, "parent_seq": None, "key": s.get("key"),
                                "number": s.get("number"), "heading": s.get("heading"), "text": s.get("text")})
        for sub in s.get("subsections", []):
            seq += 1
            out["sections"].append({"report_id": report_id, "seq": seq, "parent_seq": parent, "key": s.get("key"),
                                    "number": None, "heading": sub.get("heading"), "text": sub.get("text")})
    for tname, tb in (d.get("tables") or {}).items():
        prov = tb.get("provenance") or {}
        for rk, cols in (tb.get("values") or {}).items():
            for ck, v in cols.items():
                p = prov.get(rk, {}).get(ck, {})
                out["cells"].append({"report_id": report_id, "table_name": tname, "row_key": rk, "column_key": ck,
                                     "value": _num(v), "source": p.get("from"), "raw": p.get("raw"),
                                     "page": p.get("page"), "location": p.get("where"), "unit": p.get("unit"),
                                     "rule": p.get("rule"), "phrase": p.get("phrase")})
    for i, c in enumerate(d.get("checks", []), 1):
        out["checks"].append({"report_id": report_id, "seq": i, "rule": c.get("rule"), "column_key": c.get("column"),
                              "row_key": c.get("row"), "group_key": c.get("group"), "ok": c.get("ok"),
                              "expected": _num(c.get("expected")), "actual": _num(c.get("actual")),
                              "message": c.get("message")})
    for i, x in enumerate(d.get("issues", []), 1):
        out["issues"].append({"report_id": report_id, "seq": i, "severity": x.get("severity"), "code": x.get("code"),
                              "message": x.get("message"), "location": x.get("where")})
    for i, f in enumerate(d.get("narrative_facts", []), 1):
        out["narrative_facts"].append({"report_id": report_id, "seq": i, "key": f.get("key"),
                                       "value": _num(f.get("value")), "phrase": f.get("phrase"),
                                       "section": f.get("section")})
    for i, f in enumerate(d.get("legacy_facts", []), 1):
        f = f if isinstance(f, dict) else {"value": f}
        out["legacy_facts"].append({"report_id": report_id, "seq": i, "fact": f.get("fact"),
                                    "value": _num(f.get("value")), "unit": f.get("unit"), "source": f.get("source"),
                                    "phrase": f.get("phrase"), "cumulative_value": _num(f.get("cumulative_value")),
                                    "data": json.dumps(f, ensure_ascii=False, sort_keys=True)})
    seen: set[str] = set()
    for h in harmonized_rows(report_id, d):  # one row per key (the primary key)
        if h["key"] not in seen:
            seen.add(h["key"])
            out["harmonized"].append(h)
    return out


def engine_for(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _fast(dbapi_conn, _):  # a database built whole and moved into place: no journal needed
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA journal_mode=MEMORY")
            cur.close()
    return engine


def copy_ordered(staging: str, engine: Engine, batch: int = 5000) -> dict[str, int]:
    """Replace the schema's tables of `engine` with the staging database's rows in report_id order
    (a report's rows in the order they were made), in one transaction: an SQL copy, no JSON.
    The same rows give the same database, whatever order they arrived in. The secondary indexes
    are built after the rows are in (on SQLite about 1.7× faster than keeping them up to date)."""
    from sqlalchemy.schema import CreateTable
    counts = {t.name: 0 for t in TABLES}
    with engine.begin() as conn:
        metadata.drop_all(conn)
        for t in TABLES:
            conn.execute(CreateTable(t))
        if conn.dialect.name == "sqlite":  # (attached after DROP TABLE, which would find its tables too)
            conn.exec_driver_sql("ATTACH DATABASE ? AS staging", (staging,))
            for t in TABLES:  # parents before children
                names = ", ".join(c.name for c in t.columns)
                n = conn.exec_driver_sql(f"INSERT INTO main.{t.name} ({names}) SELECT {names} FROM staging.{t.name} "
                                         "ORDER BY report_id, rowid").rowcount
                counts[t.name] = n
        else:
            import sqlite3
            src = sqlite3.connect(staging)
            try:
                for t in TABLES:
                    names = [c.name for c in t.columns]
                    flags = [isinstance(c.type, Boolean) for c in t.columns]  # SQLite keeps 0/1
                    cur = src.execute(f"SELECT {', '.join(names)} FROM {t.name} ORDER BY report_id, rowid")
                    while True:
                        chunk = cur.fetchmany(batch)
                        if not chunk:
                            break
                        conn.execute(t.insert(), [{n: (bool(v) if f and v is not None else v)
                                                   for n, f, v in zip(names, flags, r)} for r in chunk])
                        counts[t.name] += len(chunk)
            finally:
                src.close()
        for t in TABLES:
            for ix in sorted(t.indexes, key=lambda i: i.name):
                ix.create(conn)
    return counts


NEW_REQUESTS_BY_YEAR = text("""
SELECT r.year, r.template, SUM(c.value) AS new_requests, COUNT(*) AS reports
FROM cells c JOIN reports r ON r.report_id = c.report_id
WHERE c.table_name = 'requests' AND c.row_key = 'new_received' AND c.column_key = 'total'
GROUP BY r.year, r.template
ORDER BY r.year, r.template
""")


def new_requests_by_year(engine: Engine) -> list[tuple]:
    """The researcher's query: total new requests by year and template."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(NEW_REQUESTS_BY_YEAR)]
