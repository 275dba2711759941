"""Tables for pandas, R, Stata and Excel: reports, the long cell table, the harmonized panel and one
wide table per template, with a codebook.

`frames(OUTDIR)` reads OUTDIR/reports.jsonl (what `extractor batch` wrote) and returns pandas
DataFrames; `export(OUTDIR, "parquet"|"csv"|"dta"|"xlsx")` writes them as files, and codebook.csv.
Counts are nullable integers (`Int64`: 287, never 287.0); the template's amounts (万元) are floats.
"""
from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Optional

import pandas as pd

from . import db as dbmod

REPORT_COLUMNS = ["report_id", "path", "output", "agency", "year", "template", "ok", "error_code"]
FORMATS = ("parquet", "csv", "dta", "xlsx")
TABLE_PREFIX = {"proactive_disclosure": "pd", "requests": "rq", "review_litigation": "rl"}
COLUMN_ABBR = {"natural_person": "np", "commercial": "com", "research": "res", "social_welfare": "sw",
               "legal_service": "ls", "other_org": "oth", "total": "tot"}
XLSX_ROWS = 1_000_000  # a sheet holds 1,048,576 rows: longer frames continue on the next sheet


def _records(outdir: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    outdir = Path(outdir)
    with open(outdir / "reports.jsonl", encoding="utf-8", errors="surrogateescape") as f:
        for i, line in enumerate(f, 1):
            d = json.loads(line)
            yield i, "", d


def _template_lines(template: str) -> list[tuple[str, str, str, Optional[str], str]]:
    """(cell key, row label, column label, unit, group) of a template's cells, in template order."""
    from ..templates import TABLE_KEYS, VERSIONS, load
    if template not in VERSIONS:  # legacy, or an error record's null: no template cells
        return []
    t = load(template)  # bad template data raises (TemplateError) rather than an export without its columns
    out = []
    for tk in TABLE_KEYS:
        tdef = t.tables.get(tk)
        if tdef is None:
            continue
        labels = {c.key: c.labels[0] for c in tdef.columns}
        for row in tdef.rows:
            for c in (row.columns or tuple(c.key for c in tdef.columns)):
                unit = row.unit if c == "amount" else None
                out.append((f"{tk}.{row.key}.{c}", row.labels[0], labels.get(c, c), unit, row.group or ""))
    return out


def _template_columns(template: str) -> list[str]:
    return [k for k, *_ in _template_lines(template)]


def is_amount(column_key: str) -> bool:
    """The template's money column (万元); every other cell is a count."""
    return column_key == "amount"


def _counts(s: pd.Series) -> pd.Series:
    """Whole numbers as nullable Int64; a column holding a fraction stays Float64."""
    num = pd.to_numeric(s, errors="coerce")
    whole = num.dropna()
    return num.astype("Int64") if (whole == whole.round()).all() else num.astype("Float64")


def frames(outdir: str | Path) -> dict[str, pd.DataFrame]:
    """{"reports": one row per report, "cells": one row per cell (long), "harmonized": legacy and modern
    figures on one key set, "<template>": one row per report of that template, one column per cell}."""
    outdir = Path(outdir)
    listed = outdir / ".extractor-batch" / "outputs.txt"
    names = listed.read_text("utf-8").splitlines() if listed.exists() else []
    rep_rows: list[dict] = []
    cell_rows: list[dict] = []
    harm_rows: list[dict] = []
    for i, _, d in _records(outdir):
        rs = dbmod.rows(i, names[i - 1] if i <= len(names) else "", d)
        rep_rows.extend(rs["reports"])
        cell_rows.extend(rs["cells"])
        harm_rows.extend(rs["harmonized"])
    reports = pd.DataFrame(rep_rows, columns=[c.name for c in dbmod.reports.columns])
    for c in ("report_id", "year", "pages", "checks_failed", "tables_as_images"):
        reports[c] = _counts(reports[c])
    cells = pd.DataFrame(cell_rows, columns=[c.name for c in dbmod.cells.columns])
    amount = cells["column_key"].map(is_amount).astype(bool) if len(cells) else pd.Series([], dtype=bool)
    cells.insert(cells.columns.get_loc("value") + 1, "amount", pd.to_numeric(cells["value"].where(amount),
                                                                          errors="coerce").astype("Float64"))
    cells["value"] = _counts(cells["value"].where(~amount))
    cells["page"] = _counts(cells["page"])
    harm = pd.DataFrame(harm_rows, columns=[c.name for c in dbmod.harmonized.columns])
    harm = reports[["report_id", "agency", "year", "template"]].merge(harm, on="report_id", how="inner")
    harm["value"] = _counts(harm["value"])
    out: dict[str, pd.DataFrame] = {"reports": reports, "cells": cells, "harmonized": harm}
    if cells.empty:
        return out
    cells = cells.merge(reports[["report_id", "template"]], on="report_id")
    cells["cell"] = cells["table_name"] + "." + cells["row_key"] + "." + cells["column_key"]
    cells["number"] = cells["value"].astype("Float64").fillna(cells["amount"])
    for template in sorted(t for t in reports["template"].dropna().unique() if t != "legacy"):
        sub = cells[cells["template"] == template]
        wide = sub.pivot(index="report_id", columns="cell", values="number")
        order = _template_columns(template)
        order = [c for c in order if c in wide.columns] + sorted(c for c in wide.columns if c not in order)
        wide = pd.DataFrame({c: _counts(wide[c]) if not is_amount(c.rsplit(".", 1)[-1]) else wide[c].astype("Float64")
                             for c in order}, index=wide.index)
        meta = reports[reports["template"] == template][["report_id", "path", "agency", "year"]]
        out[template] = meta.merge(wide.reset_index(), on="report_id", how="left").reset_index(drop=True)
    return out


# ---------------------------------------------------------------- names and the codebook

def stata_names(columns: list[str]) -> dict[str, str]:
    """Short, safe, unique Stata names (≤ 32 chars, [a-z0-9_]) for frame columns; `requests.denied.
    state_secret.natural_person` → `rq_deni_stat_secr_np`. The full key becomes the variable label."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for col in columns:
        parts = col.split(".")
        if len(parts) >= 3 and parts[0] in TABLE_PREFIX:
            words = re.split(r"[._]", ".".join(parts[1:-1]))
            name = "_".join([TABLE_PREFIX[parts[0]]] + [w[:4] for w in words if w]
                            + [COLUMN_ABBR.get(parts[-1], parts[-1][:4])])
        else:
            name = re.sub(r"[^a-z0-9_]", "_", col.lower())
        name = (name if re.match(r"[a-z_]", name) else f"v_{name}")[:32]
        base, n = name, 2
        while name in used:
            name = f"{base[:29]}_{n}"
            n += 1
        used.add(name)
        out[col] = name
    return out


def _fixed_codebook() -> dict[tuple[str, str], tuple[str, str, str]]:
    text = resources.files("extractor").joinpath("data/codebook.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            frame, col, zh, en, unit = (line.split("\t") + [""] * 5)[:5]
            out[(frame, col)] = (zh, en, unit)
    return out


def codebook(fs: dict[str, pd.DataFrame]) -> list[dict[str, str]]:
    """Every column of every exported table: its meaning in Chinese and English, its unit, its Stata name."""
    fixed = _fixed_codebook()
    rows = []
    for name, df in fs.items():
        fname = _file_name(name)
        lines = {k: rest for k, *rest in _template_lines(name)} if name not in ("reports", "cells", "harmonized") else {}
        snames = stata_names(list(df.columns))
        for col in df.columns:
            if (name if not lines else "wide", col) in fixed:
                zh, en, unit = fixed[(name if not lines else "wide", col)]
            elif col in lines:
                row_label, col_label, unit, group = lines[col]
                t, rest = col.split(".", 1)
                zh = " · ".join(x for x in (group, row_label, col_label) if x)
                en = f"{t.replace('_', ' ')}: {rest.rsplit('.', 1)[0].replace('.', ' / ').replace('_', ' ')}" \
                     f" — {rest.rsplit('.', 1)[1].replace('_', ' ')}"
                unit = unit or "件 (count)"
            else:
                zh, en, unit = "", col, ""
            rows.append({"table": fname, "column": col, "stata_name": snames[col], "meaning_zh": zh,
                         "meaning_en": en, "unit": unit, "dtype": str(df[col].dtype)})
    return rows


def _file_name(name: str) -> str:
    return name if name in ("reports", "cells", "harmonized") else f"wide_{name}"


# ---------------------------------------------------------------- writers

def _for_stata(df: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    names = stata_names(list(df.columns))
    out: dict[str, pd.Series] = {}
    for col in df.columns:
        s = df[col]
        if s.dtype == bool or str(s.dtype) == "boolean":
            s = s.astype("Int8")
        elif s.dtype == object:
            s = s.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
        if str(s.dtype) in ("Int64", "Int8"):  # Stata missing for NA: a float column holding whole numbers
            s = s.astype("float64") if s.isna().any() else s.astype("int64" if str(s.dtype) == "Int64" else "int8")
        elif str(s.dtype) == "Float64":
            s = s.astype("float64")
        out[names[col]] = s
    labels = {names[c]: str(c)[:80] for c in df.columns}
    return pd.DataFrame(out, index=df.index), labels


def _write_xlsx(fs: dict[str, pd.DataFrame], path: Path) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # control characters a sheet cannot hold

    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, df in fs.items():
            df = df.copy()
            for c in df.columns:
                if df[c].dtype == object or str(df[c].dtype) in ("str", "string"):
                    df[c] = df[c].map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
            sheet = _file_name(name)[:31]
            for k, start in enumerate(range(0, max(len(df), 1), XLSX_ROWS)):
                df.iloc[start:start + XLSX_ROWS].to_excel(xl, sheet_name=sheet if k == 0 else f"{sheet[:28]}_{k + 1}",
                                                          index=False)


def export(outdir: str | Path, fmt: str = "parquet", dest: Optional[str | Path] = None) -> list[Path]:
    """Write frames(outdir) as `<name>.<fmt>` (xlsx: one workbook, a sheet per table) into dest
    (default OUTDIR/export), with codebook.csv."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    dest = Path(dest) if dest else Path(outdir) / "export"
    dest.mkdir(parents=True, exist_ok=True)
    fs = frames(outdir)
    written = []
    if fmt == "xlsx":
        p = dest / "extractor.xlsx"
        tmp = p.with_name(f".{p.name}.tmp")
        _write_xlsx(fs, tmp)
        tmp.replace(p)
        written.append(p)
    for name, df in fs.items() if fmt != "xlsx" else ():
        p = dest / f"{_file_name(name)}.{fmt}"
        tmp = p.with_name(f".{p.name}.tmp")
        if fmt == "parquet":
            df.to_parquet(tmp, index=False)
        elif fmt == "csv":
            df.to_csv(tmp, index=False, encoding="utf-8")
        else:
            sdf, labels = _for_stata(df)
            sdf.to_stata(tmp, write_index=False, version=118, variable_labels=labels,
                         convert_strl=[c for c in sdf.columns if sdf[c].dtype == object
                                       and sdf[c].str.len().max() > 2000])
        tmp.replace(p)
        written.append(p)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["table", "column", "stata_name", "meaning_zh", "meaning_en", "unit", "dtype"],
                       lineterminator="\n")
    w.writeheader()
    w.writerows(codebook(fs))
    (dest / "codebook.csv").write_text(buf.getvalue(), encoding="utf-8")
    written.append(dest / "codebook.csv")
    return written
