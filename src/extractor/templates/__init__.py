"""Template definitions: one JSON file per national template version.

Each file declares the row and column keys of the three statistical tables,
the label variants that identify them, and the identities they satisfy.
Code reads labels against these definitions; nothing here counts positions.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

TABLE_KEYS = ("proactive_disclosure", "requests", "review_litigation")
VERSIONS = ("gov-2019", "gov-2021")


@dataclass(frozen=True)
class Line:
    """A row or a column of a template table."""
    key: str
    labels: tuple[str, ...]
    group: Optional[str] = None  # label of the enclosing group (（三）不予公开 …)
    exact: bool = False  # the label must match whole, not as a prefix
    columns: tuple[str, ...] = ()  # for table 二: the columns this row has
    unit: Optional[str] = None  # unit values are stored in (万元)
    computed_by: Optional[str] = None  # not printed: solved from this identity


@dataclass(frozen=True)
class TableDef:
    key: str
    rows: tuple[Line, ...]
    columns: tuple[Line, ...]

    def row(self, key: str) -> Line:
        return next(r for r in self.rows if r.key == key)


@dataclass(frozen=True)
class Identity:
    rule: str
    table: str
    per: str  # "column": applied to each column over rows; "row"/"group": to each row over columns
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Template:
    id: str
    first_year: int
    markers: tuple[str, ...]
    tables: dict[str, TableDef] = field(hash=False)
    identities: tuple[Identity, ...]


def _line(d: dict) -> Line:
    return Line(key=d["key"], labels=tuple(d["labels"]), group=d.get("group"), exact=d.get("exact", False),
                columns=tuple(d.get("columns", ())), unit=d.get("unit"), computed_by=d.get("computed_by"))


@lru_cache(maxsize=None)
def load(version: str) -> Template:
    raw = json.loads(resources.files(__package__).joinpath(f"{version}.json").read_text("utf-8"))
    tables = {k: TableDef(k, tuple(_line(r) for r in t["rows"]), tuple(_line(c) for c in t["columns"]))
              for k, t in raw["tables"].items()}
    ids = tuple(Identity(i["rule"], i["table"], i["per"], tuple(i["lhs"]), tuple(i["rhs"]), i["message"])
                for i in raw["identities"])
    return Template(raw["id"], raw["first_year"], tuple(raw["markers"]), tables, ids)


def all_templates() -> list[Template]:
    return [load(v) for v in VERSIONS]
