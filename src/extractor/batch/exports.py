"""Tables for pandas, R and Stata: the long cell table and one wide table per template.

`frames(OUTDIR)` reads OUTDIR/reports.jsonl (what `extractor batch` wrote) and returns pandas
DataFrames; `export(OUTDIR, "parquet"|"csv")` writes them as files.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Optional

import pandas as pd

from . import db as dbmod

REPORT_COLUMNS = ["report_id", "path", "output", "agency", "year", "template", "ok", "error_code"]


def _records(outdir: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    outdir = Path(outdir)
    with open(outdir / "reports.jsonl", encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            d = json.loads(line)
            yield i, "", d


def _template_columns(template: str) -> list[str]:
    try:
        from ..templates import TABLE_KEYS, load
        t = load(template)
    except Exception:
        return []
    cols = []
    for tk in TABLE_KEYS:
        tdef = t.tables.get(tk)
        if tdef is None:
            continue
        for row in tdef.rows:
            for c in (row.columns or tuple(c.key for c in tdef.columns)):
                cols.append(f"{tk}.{row.key}.{c}")
    return cols


def frames(outdir: str | Path) -> dict[str, pd.DataFrame]:
    """{"reports": one row per report, "cells": one row per cell (long),
    "<template>": one row per report of that template, one column per cell `table.row.column`}."""
    outdir = Path(outdir)
    listed = outdir / ".extractor-batch" / "outputs.txt"
    names = listed.read_text("utf-8").splitlines() if listed.exists() else []
    rep_rows: list[dict] = []
    cell_rows: list[dict] = []
    for i, _, d in _records(outdir):
        rs = dbmod.rows(i, names[i - 1] if i <= len(names) else "", d)
        rep_rows.extend(rs["reports"])
        cell_rows.extend(rs["cells"])
    reports = pd.DataFrame(rep_rows, columns=[c.name for c in dbmod.reports.columns])
    cells = pd.DataFrame(cell_rows, columns=[c.name for c in dbmod.cells.columns])
    out: dict[str, pd.DataFrame] = {"reports": reports, "cells": cells}
    if cells.empty:
        return out
    cells = cells.merge(reports[["report_id", "template"]], on="report_id")
    cells["cell"] = cells["table_name"] + "." + cells["row_key"] + "." + cells["column_key"]
    for template in sorted(t for t in reports["template"].dropna().unique() if t != "legacy"):
        sub = cells[cells["template"] == template]
        wide = sub.pivot(index="report_id", columns="cell", values="value")
        order = _template_columns(template)
        order = [c for c in order if c in wide.columns] + sorted(c for c in wide.columns if c not in order)
        wide = wide[order]
        wide.columns.name = None
        meta = reports[reports["template"] == template][["report_id", "path", "agency", "year"]]
        out[template] = meta.merge(wide.reset_index(), on="report_id", how="left").reset_index(drop=True)
    return out


def export(outdir: str | Path, fmt: str = "parquet", dest: Optional[str | Path] = None) -> list[Path]:
    """Write frames(outdir) as `<name>.parquet` or `<name>.csv` into dest (default OUTDIR/export)."""
    dest = Path(dest) if dest else Path(outdir) / "export"
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in frames(outdir).items():
        fname = name if name in ("reports", "cells") else f"wide_{name}"
        p = dest / f"{fname}.{fmt}"
        tmp = p.with_name(f".{p.name}.tmp")
        if fmt == "parquet":
            df.to_parquet(tmp, index=False)
        elif fmt == "csv":
            df.to_csv(tmp, index=False, encoding="utf-8")
        else:
            raise ValueError(f"unknown format {fmt!r}: parquet or csv")
        tmp.replace(p)
        written.append(p)
    return written
