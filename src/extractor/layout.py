"""The three tables of a record laid out as its template prints them, for people: the long CSV,
the terminal's Markdown and the review page all read this one view of a contract-shaped record."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from .templates import TABLE_KEYS, VERSIONS, load

TABLE_TITLES = {"proactive_disclosure": "二、主动公开政府信息情况",
                "requests": "三、收到和处理政府信息公开申请情况",
                "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}
LONG_COLUMNS = ("table", "row", "column", "value", "from", "confirmed", "page")


@dataclass
class CellView:
    """One cell as the layout shows it: its value and provenance."""
    row: str
    column: str
    value: Any
    prov: dict[str, Any]

    @property
    def source(self) -> Optional[str]:
        return self.prov.get("from")

    @property
    def confirmed(self) -> Any:
        """The provenance's `confirmed` (whether the identities confirm the value); None when the record has none."""
        return self.prov.get("confirmed")

    def marks(self) -> list[str]:
        """What a reader should look at twice: blank, inferred, text, unconfirmed, missing."""
        out = []
        if self.source is None:
            out.append("missing")
        elif self.source == "blank_cell":
            out.append("blank")
        elif self.source in ("inferred", "text"):
            out.append(self.source)
        if self.confirmed is False:
            out.append("unconfirmed")
        return out


@dataclass
class TableView:
    """One table as the layout shows it."""
    key: str
    title: str
    found: bool
    columns: list[tuple[str, str]]  # key, printed label
    rows: list[tuple[str, str, Optional[str]]]  # key, printed label, group label
    cells: dict[tuple[str, str], CellView] = field(default_factory=dict)

    def cell(self, row: str, column: str) -> Optional[CellView]:
        return self.cells.get((row, column))


def _num(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def tables(record: dict[str, Any]) -> list[TableView]:
    """The record's tables in template order (rows, columns and labels from the template's data file)."""
    rep = record.get("report") or {}
    tabs = record.get("tables") or {}
    template = load(rep["template"]) if rep.get("template") in VERSIONS else None
    out = []
    for tk in TABLE_KEYS:
        tb = tabs.get(tk)
        if tb is None and template is None:
            continue
        tb = tb or {}
        values, prov = tb.get("values") or {}, tb.get("provenance") or {}
        tdef = template.tables.get(tk) if template else None
        if tdef is not None:
            cols = [(c.key, c.labels[0]) for c in tdef.columns]
            rows = [(r.key, r.labels[0], r.group) for r in tdef.rows]
        else:
            cols = sorted({(c, c) for r in values.values() for c in r})
            rows = [(r, r, None) for r in values]
        view = TableView(tk, TABLE_TITLES[tk], bool(tb.get("found")), cols, rows)
        for rk, rcols in values.items():
            for ck, v in rcols.items():
                view.cells[(rk, ck)] = CellView(rk, ck, _num(v), (prov.get(rk) or {}).get(ck) or {})
        out.append(view)
    return out


def long_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per cell: table, row, column, value, from, confirmed ("" when the record does not say), page."""
    out = []
    for t in tables(record):
        for (rk, ck), c in t.cells.items():
            conf = c.confirmed
            out.append({"table": t.key, "row": rk, "column": ck, "value": "" if c.value is None else c.value,
                        "from": c.source or "",
                        "confirmed": "" if conf is None else str(conf).lower() if isinstance(conf, bool) else conf,
                        "page": c.prov.get("page", "")})
    return out


def _md_value(c: Optional[CellView]) -> str:
    if c is None:
        return ""
    text = "" if c.value is None else str(c.value)
    flags = {"blank": "·", "inferred": "=", "text": "†", "unconfirmed": "?", "missing": ""}
    return text + "".join(flags[m] for m in c.marks())


def markdown(record: dict[str, Any]) -> str:
    """The three tables as Markdown for a terminal (· printed blank, = inferred, † from the text, ? unconfirmed)."""
    rep = record.get("report") or {}
    src = record.get("source") or {}
    head = f"# {rep.get('title') or src.get('path') or 'report'}\n\n"
    head += f"{rep.get('agency') or '?'} · {rep.get('year') or '?'} · {rep.get('template') or '?'}\n"
    parts = [head]
    parts += [f"**Not parsed**: {i['code']}: {i['message']}\n" for i in record.get("issues", [])[:1]
              if i.get("severity") == "error"]
    for t in tables(record):
        cols = [c for c in t.columns if any(k[1] == c[0] for k in t.cells)]
        lines = [f"## {t.title}" + ("" if t.found else " (table not found)"), "",
                 "| | " + " | ".join(label for _, label in cols) + " |",
                 "|---|" + "---:|" * len(cols)]
        for rk, label, group in t.rows:
            if not any((rk, ck) in t.cells for ck, _ in cols):
                continue
            name = f"{group} · {label}" if group else label
            lines.append(f"| {name} | " + " | ".join(_md_value(t.cell(rk, ck)) for ck, _ in cols) + " |")
        parts.append("\n".join(lines) + "\n")
    failing = [c for c in record.get("checks", []) if c.get("ok") is False]
    if failing:
        parts.append("## Failing checks\n\n" + "\n".join(
            f"- {c['rule']} {c.get('column') or c.get('row') or c.get('group') or ''}: "
            f"expected {c.get('expected')}, printed {c.get('actual')}" for c in failing) + "\n")
    parts.append("· printed blank  = inferred from an identity  † from the text  ? not confirmed by the identities\n")
    return "\n".join(parts)
