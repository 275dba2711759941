"""Template definitions as checked data: one folder per template (gov-2019/, gov-2021/, legacy/).

A folder holds template.json (id, kind, the years it covers, detection markers), tables.json (tables,
their shape, rows, columns, label variants) and identities.json (rule, kind sum / le / cumulative,
the rows or columns it adds up); sections.json is the section vocabulary of all; legacy/ also labels.json (row label → fact) and harmonize.json
(legacy fact → modern cell key). Every file is validated against schema.json when it is loaded, then
cross-checked (every key an identity, a derived row or the harmonisation names exists); a bad file is
a TemplateError naming the file and the key, and the package refuses to run. The schema check costs a
jsonschema import (about 80 ms of start-up), so a file whose bytes and schema are exactly those that
`scripts/record_template_hashes.py` validated and recorded in validated.json (sha256) is not validated
again; any other file is (tests/test_startup.py keeps the record current). The cross-checks always run. Add a template year by
copying a folder and editing it: the folders are found by name, detection reads their years.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..files import package_file, sha256

TABLE_KEYS = ("proactive_disclosure", "requests", "review_litigation")  # the national tables, in report order
LEGACY = "legacy"


class TemplateError(ValueError):
    """A template file that breaks its schema or names a key that does not exist."""


@dataclass(frozen=True)
class Line:
    """A row or a column of a template table."""
    key: str
    labels: tuple[str, ...]
    group: Optional[str] = None  # label of the enclosing group (（三）不予公开 …)
    exact: bool = False  # the label must match whole, not as a prefix
    columns: tuple[str, ...] = ()  # for table 二: the columns this row has
    unit: Optional[str] = None  # unit values are stored in (万元)
    unit_in_header: bool = False  # the template's header states the unit: a bare number is no unit_missing
    computed_by: Optional[str] = None  # not printed: solved from this identity
    patterns: tuple[str, ...] = ()  # legacy columns: header words as regular expressions


@dataclass(frozen=True)
class Cue:
    """Words that tell one table from the others, with their weight."""
    any: tuple[str, ...]
    weight: int
    all: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableDef:
    """A template table: its rows, columns and shape."""
    key: str
    rows: tuple[Line, ...]
    columns: tuple[Line, ...]
    shape: str = "grid"  # grid | items | column_groups | statistics (schema.json)
    units: tuple[str, ...] = ()
    cues: tuple["Cue", ...] = ()  # words beyond the row labels that tell this table from the others

    def cue_score(self, text: str) -> int:
        """Points for the cue words a table's (compacted) text prints."""
        return sum(c.weight for c in self.cues if all(w in text for w in c.all) and any(w in text for w in c.any))

    def row(self, key: str) -> Line:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Line:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Identity:
    """One identity (勾稽关系) of a template."""
    rule: str
    table: str
    per: str  # "column": applied to each column over rows; "row"/"group": to each row over columns
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    message: str
    kind: str = "sum"  # "sum": Σ lhs = Σ rhs; "le": each rhs ≤ lhs; "cumulative": lhs column ≥ rhs column
    sum_when_label: Optional[str] = None  # legacy: a "le" identity is a sum when the lhs label holds this
    parts_when_sum: tuple[str, ...] = ()  # legacy: … and these rows are its parts too


@dataclass(frozen=True)
class LabelRule:
    """Legacy: a statistics-table row label (regular expression) → a fact, optionally only after a group."""
    fact: str
    pattern: str
    after: str = ""


@dataclass(frozen=True)
class HarmonizeRule:
    """How a legacy fact maps to a modern cell key."""
    fact: str  # the legacy fact
    key: str  # the modern cell key (or a text.* sum of cells)
    caveat: str
    or_fact: Optional[str] = None  # a fact that stands for it when it is absent


@dataclass(frozen=True)
class Template:
    """One template folder (national or legacy): its tables and identities."""
    id: str
    first_year: Optional[int]
    markers: tuple[str, ...]
    tables: dict[str, TableDef] = field(hash=False)
    identities: tuple[Identity, ...]
    kind: str = "national"
    last_year: Optional[int] = None
    table_phrases: tuple[str, ...] = ()
    markers_needed: int = 0
    template_markers_needed: int = 0
    labels: tuple[LabelRule, ...] = ()
    harmonize: tuple[HarmonizeRule, ...] = ()
    sums: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def covers(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (self.last_year is None or year <= self.last_year)


# ---------------------------------------------------------------- reading and checking the files

def _root() -> Path:
    return package_file("templates")


def folders() -> tuple[str, ...]:
    """Every template folder (a folder holding template.json), by name."""
    return tuple(sorted(p.name for p in _root().iterdir() if p.is_dir() and p.joinpath("template.json").is_file()))


RECORD = "validated.json"  # {"schema.json": sha256, "<folder>/<file>": sha256}: files validated at build time


@lru_cache(maxsize=None)
def _schema() -> dict:
    return json.loads(_root().joinpath("schema.json").read_text("utf-8"))


def digest(data: bytes) -> str:
    return sha256(data).hexdigest()


@lru_cache(maxsize=None)
def _recorded() -> dict[str, str]:
    """The record of validated files, when it is for this schema.json (else empty: everything is validated)."""
    f = _root().joinpath(RECORD)
    try:
        record = json.loads(f.read_text("utf-8")) if f.is_file() else {}
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(record, dict) or record.get("python") != _python() \
            or record.get("schema.json") != digest(_root().joinpath("schema.json").read_bytes()):
        return {}
    return record


def _python() -> str:
    """The Python the record's regular expressions were compiled by (what `re` accepts can change)."""
    return "%d.%d" % sys.version_info[:2]


_RECORDED: set[str] = set()  # the files last read that are exactly as recorded (their patterns compiled then)


def recorded(name: str, raw: bytes) -> bool:
    """`raw` is exactly the file `name` (relative to templates/) that was validated and recorded."""
    return _recorded().get(name) == digest(raw)


def validate(data, part: str, shown: str) -> None:
    """The data of one file against its part of schema.json (jsonschema); TemplateError naming the place."""
    import jsonschema  # only for a file that is not the one recorded as validated
    validator = jsonschema.Draft202012Validator({**_schema(), "$ref": f"#/$defs/{part}"})
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        e = errors[0]
        raise TemplateError(f"{shown}: {_where(e.absolute_path)}: {e.message}")


def _where(path) -> str:
    return ".".join(str(p) for p in path) or "(top)"


def _read(folder: str, name: str, part: str, required: bool = True):
    shown = f"templates/{folder}/{name}" if folder else f"templates/{name}"
    f = _root().joinpath(folder, name) if folder else _root().joinpath(name)
    if not f.is_file():
        if required:
            raise TemplateError(f"{shown}: missing")
        return None
    raw = f.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise TemplateError(f"{shown}: not JSON: {e}") from e
    if recorded(shown.removeprefix("templates/"), raw):
        _RECORDED.add(shown)
    else:
        _RECORDED.discard(shown)
        validate(data, part, shown)
    return data


def _line(d: dict) -> Line:
    return Line(key=d["key"], labels=tuple(d.get("labels", ())), group=d.get("group"), exact=d.get("exact", False),
                columns=tuple(d.get("columns", ())), unit=d.get("unit"),
                unit_in_header=d.get("unit_in_header", False), computed_by=d.get("computed_by"),
                patterns=tuple(d.get("patterns", ())))


def _unique(keys: list[str], shown: str, what: str) -> None:
    seen = set()
    for k in keys:
        if k in seen:
            raise TemplateError(f"{shown}: {what} {k!r} declared twice")
        seen.add(k)


def _check_tables(tables: dict[str, TableDef], folder: str, kind: str) -> None:
    shown = f"templates/{folder}/tables.json"
    if kind == "national" and tuple(tables) != TABLE_KEYS:
        raise TemplateError(f"{shown}: the tables must be {', '.join(TABLE_KEYS)} in that order, not {', '.join(tables)}")
    for t in tables.values():
        if (t.shape == "statistics") != (kind == "legacy"):
            raise TemplateError(f"{shown}: {t.key}: shape {t.shape!r} is not one of a {kind} template")
        _unique([r.key for r in t.rows], shown, f"{t.key}: row")
        _unique([c.key for c in t.columns], shown, f"{t.key}: column")
        cols = {c.key for c in t.columns}
        for r in t.rows:
            if kind == "national" and not r.labels:
                raise TemplateError(f"{shown}: {t.key}.rows.{r.key}: no labels")
            for c in r.columns:
                if c not in cols:
                    raise TemplateError(f"{shown}: {t.key}.rows.{r.key}: no column {c!r}")
        for c in t.columns:
            if kind == "national" and not c.labels:
                raise TemplateError(f"{shown}: {t.key}.columns.{c.key}: no labels")
            for p in c.patterns:
                _regex(p, shown, f"{t.key}.columns.{c.key}")


def _regex(pattern: str, shown: str, where: str) -> None:
    if shown in _RECORDED:
        return  # compiled when it was recorded; compiled again where it is used
    try:
        re.compile(pattern)
    except re.error as e:
        raise TemplateError(f"{shown}: {where}: bad pattern {pattern!r}: {e}") from e


def _check_identities(ids: tuple[Identity, ...], tables: dict[str, TableDef], folder: str, kind: str) -> None:
    shown = f"templates/{folder}/identities.json"
    _unique([i.rule for i in ids], shown, "rule")
    for i in ids:
        t = tables.get(i.table)
        if t is None:
            raise TemplateError(f"{shown}: {i.rule}: no table {i.table!r}")
        if kind == "national" and i.kind != "sum":  # checks.py solves and checks sums only
            raise TemplateError(f"{shown}: {i.rule}: kind {i.kind!r}: a national template's identities are sums")
        along = "row" if i.per == "column" else "column"
        keys = {r.key for r in t.rows} if along == "row" else {c.key for c in t.columns}
        for k in i.lhs + i.rhs + i.parts_when_sum:
            if k not in keys:
                raise TemplateError(f"{shown}: {i.rule}: no {along} {k!r} in table {i.table}")
        if (i.sum_when_label or i.parts_when_sum) and i.kind != "le":
            raise TemplateError(f"{shown}: {i.rule}: sum_when_label / parts_when_sum go with kind 'le'")
    rules = {i.rule for i in ids}
    for t in tables.values():
        for r in t.rows:
            if r.computed_by and r.computed_by not in rules:
                raise TemplateError(f"templates/{folder}/tables.json: {t.key}.rows.{r.key}: computed_by: "
                                    f"no identity {r.computed_by!r}")


def _identity(d: dict) -> Identity:
    return Identity(d["rule"], d["table"], d["per"], tuple(d["lhs"]), tuple(d["rhs"]), d["message"], d["kind"],
                    d.get("sum_when_label"), tuple(d.get("parts_when_sum", ())))


@lru_cache(maxsize=None)
def load(version: str) -> Template:
    """One template folder, validated and cross-checked (TemplateError otherwise)."""
    if version not in folders():
        raise TemplateError(f"templates/{version}: no such template folder")
    head = _read(version, "template.json", "template")
    if head["id"] != version:
        raise TemplateError(f"templates/{version}/template.json: id {head['id']!r} is not the folder's name")
    kind = head["kind"]
    raw_tables = _read(version, "tables.json", "tables")
    tables = {k: TableDef(k, tuple(_line(r) for r in t["rows"]), tuple(_line(c) for c in t["columns"]), t["shape"],
                          tuple(t.get("units", ())),
                          tuple(Cue(tuple(c["any"]), c["weight"], tuple(c.get("all", ()))) for c in t.get("cues", ())))
              for k, t in raw_tables.items()}
    _check_tables(tables, version, kind)
    ids = tuple(_identity(d) for d in _read(version, "identities.json", "identities"))
    _check_identities(ids, tables, version, kind)
    labels: tuple[LabelRule, ...] = ()
    harmonize: tuple[HarmonizeRule, ...] = ()
    sums: dict[str, tuple[str, ...]] = {}
    if kind == "legacy":
        labels, harmonize, sums = _legacy_parts(version, tables)
    return Template(head["id"], head.get("first_year"), tuple(head["markers"]), tables, ids, kind,
                    head.get("last_year"), tuple(head.get("table_phrases", ())), head.get("markers_needed", 0),
                    head.get("template_markers_needed", 0), labels, harmonize, sums)


def _legacy_parts(folder: str, tables: dict[str, TableDef]):
    facts = {r.key for t in tables.values() for r in t.rows}
    shown = f"templates/{folder}/labels.json"
    labels = []
    for i, d in enumerate(_read(folder, "labels.json", "labels")):
        if d["fact"] not in facts:
            raise TemplateError(f"{shown}: [{i}] {d['pattern']!r}: no fact {d['fact']!r} in tables.json")
        _regex(d["pattern"], shown, f"[{i}]")
        labels.append(LabelRule(d["fact"], d["pattern"], d.get("after", "")))
    raw = _read(folder, "harmonize.json", "harmonize")
    shown = f"templates/{folder}/harmonize.json"
    sums = {k: tuple(v) for k, v in raw.get("sums", {}).items()}
    for k, cells in sums.items():
        if not k.startswith("text."):
            raise TemplateError(f"{shown}: sums.{k}: a sum of cells is a text.* key")
        for c in cells:
            if not is_cell(c):
                raise TemplateError(f"{shown}: sums.{k}: {c!r} is no cell of a national template")
    out = []
    for d in raw["map"]:
        for f in (d["fact"], d.get("or_fact")):
            if f is not None and f not in facts:
                raise TemplateError(f"{shown}: {d['key']}: no fact {f!r} in tables.json")
        if not (is_cell(d["key"]) or d["key"] in sums):
            raise TemplateError(f"{shown}: {d['fact']}: {d['key']!r} is no cell of a national template")
        out.append(HarmonizeRule(d["fact"], d["key"], d["caveat"], d.get("or_fact")))
    return tuple(labels), tuple(out), sums


def is_cell(key: str) -> bool:
    """`table.row.column` is a cell of some national template."""
    parts = key.split(".")
    if len(parts) < 3:
        return False
    table, row, col = parts[0], ".".join(parts[1:-1]), parts[-1]
    for t in all_templates():
        d = t.tables.get(table)
        if d and any(r.key == row and (not r.columns or col in r.columns) for r in d.rows) \
                and any(c.key == col for c in d.columns):
            return True
    return False


@lru_cache(maxsize=None)
def _versions() -> tuple[str, ...]:
    heads = [_read(f, "template.json", "template") for f in folders()]
    national = sorted((load(h["id"]) for h in heads if h["kind"] == "national" and h["id"] in folders()),
                      key=lambda t: t.first_year or 0)
    return tuple(t.id for t in national)


def __getattr__(name: str):
    if name == "VERSIONS":  # the national templates, oldest first (a folder's years decide the order)
        return _versions()
    raise AttributeError(name)


def all_templates() -> list[Template]:
    """The national templates, oldest first."""
    return [load(v) for v in _versions()]


def legacy() -> Template:
    return load(LEGACY)


@dataclass(frozen=True)
class SectionWords:
    """The section vocabulary of every template (templates/sections.json)."""
    keywords: tuple[tuple[str, tuple[str, ...]], ...]  # (key or "" for none, words), tried in order
    table_labels: tuple[str, ...]


@lru_cache(maxsize=None)
def section_words() -> SectionWords:
    raw = _read("", "sections.json", "sections")
    return SectionWords(tuple((d["key"] or "", tuple(d["words"])) for d in raw["keywords"]), tuple(raw["table_labels"]))


@lru_cache(maxsize=None)
def check_all() -> tuple[str, ...]:
    """Load and check every template folder (TemplateError on the first bad file); their ids."""
    ids = tuple(load(f).id for f in folders())
    section_words()
    if LEGACY not in ids:
        raise TemplateError(f"templates/{LEGACY}: missing")
    national = all_templates()
    if not national:
        raise TemplateError("templates: no national template folder")
    for a, b in zip(national, national[1:]):
        if a.last_year is not None and b.first_year is not None and a.last_year >= b.first_year:
            raise TemplateError(f"templates/{b.id}/template.json: first_year {b.first_year} overlaps "
                                f"{a.id} (last_year {a.last_year})")
    return ids


def declared_rules() -> set[str]:
    """Every check rule the package declares: the templates' identities and a narrative.<key> per fact of
    the narrative vocabulary (templates/stated-figures.json)."""
    from ..stated import vocabulary
    return {i.rule for f in folders() for i in load(f).identities} | vocabulary().narrative_rules()
