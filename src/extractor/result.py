"""The typed result of parsing one report; `to_dict()` is the output contract."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union

from .model import Origin, PdfPaths
from .names import display_path

SCHEMA_VERSION = "1"
Number = Union[int, float]


@dataclass
class Value:
    """One table cell with its provenance."""
    value: Optional[Number]
    source: Optional[str]  # "cell" | "blank_cell" | "text" | "inferred" | None (not found)
    raw: Optional[str] = None
    page: Optional[int] = None
    where: Optional[str] = None  # HTML path or text line
    unit: Optional[str] = None
    rule: Optional[str] = None  # the identity that inferred or confirmed it
    phrase: Optional[str] = None  # the narrative phrase it was taken from
    bbox: Optional[tuple[float, float, float, float]] = None  # PDF cell box: x0, top, x1, bottom (points)
    confirmed: bool = False  # in an identity that holds with every cell printed or proven (checks.confirm)
    ocr: bool = False  # the printed cell was read by OCR: provenance "from" is "ocr"
    confidence: Optional[float] = None  # OCR: the recogniser's lowest character confidence in the cell

    def provenance(self) -> dict[str, Any]:
        d: dict[str, Any] = {"from": "ocr" if self.ocr and self.source == "cell" else self.source}
        for k in ("page", "bbox", "raw", "where", "unit", "rule", "phrase", "confidence"):
            v = getattr(self, k)
            if v is not None:
                d[k] = [round(x, 1) for x in v] if k == "bbox" else v
        d["confirmed"] = self.confirmed
        return d


@dataclass
class TableResult:
    """One statistics table of the result: its cells by row and column."""
    found: bool = False
    cells: dict[str, dict[str, Value]] = field(default_factory=dict)
    pending: list[Any] = field(default_factory=list)  # splits.Pending: rows read in several ways, for the solver

    def get(self, row: str, col: str) -> Optional[Value]:
        return self.cells.get(row, {}).get(col)

    def to_dict(self) -> dict[str, Any]:
        values = {r: {c: v.value for c, v in cols.items()} for r, cols in self.cells.items()}
        prov = {r: {c: v.provenance() for c, v in cols.items() if v.source} for r, cols in self.cells.items()}
        return {"found": self.found, "values": values, "provenance": {r: p for r, p in prov.items() if p}}


@dataclass
class Check:
    """One identity check: the rule, expected and actual values."""
    rule: str
    ok: Optional[bool]  # None: not checkable (a value is missing)
    expected: Optional[Number]
    actual: Optional[Number]
    message: str
    column: Optional[str] = None
    row: Optional[str] = None
    group: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule}
        for k in ("column", "row", "group"):
            if getattr(self, k) is not None:
                d[k] = getattr(self, k)
        d.update(ok=self.ok, expected=self.expected, actual=self.actual, message=self.message)
        return d


@dataclass
class Issue:
    """A problem found in the report, with its severity and place."""
    severity: str  # "error" | "warning" | "info"
    code: str
    message: str
    where: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "message": self.message, "where": self.where}


@dataclass
class Subsection:
    """A numbered subsection of a section."""
    heading: str
    text: str


@dataclass
class Section:
    """One of the report's six sections."""
    key: str
    number: int
    heading: str
    text: str
    subsections: list[Subsection] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "number": self.number, "heading": self.heading, "text": self.text,
                "subsections": [{"heading": s.heading, "text": s.text} for s in self.subsections]}


@dataclass
class NarrativeFact:
    """A figure stated in the narrative text."""
    key: str
    value: Number
    phrase: str
    section: Optional[str]
    approximate: bool = False  # 约 / 多 / 余: a bound, not the count
    alternatives: tuple[Number, ...] = ()  # other values the text states for the same subject and scope
    unresolved: bool = False  # stated with other values and no figure of the report backs one: the table decides

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"key": self.key, "value": self.value, "phrase": self.phrase, "section": self.section}
        if self.approximate:
            d["approximate"] = True
        if self.alternatives:
            d["alternatives"] = list(self.alternatives)
        return d


@dataclass
class ReportInfo:
    """`report` of the JSON: what the report is, and what script normalisation did to it."""
    title: Optional[str] = None  # as printed, normalised
    agency: Optional[str] = None  # the issuing body (metadata.py)
    year: Optional[int] = None  # the year reported on, not the year published
    template: Optional[str] = None  # gov-2019 | gov-2021; None for a legacy (pre-2019) report
    script: Optional[str] = None  # the script the source was in: simplified | traditional
    normalized_script: str = "simplified"
    conversions: list[str] = field(default_factory=list)
    repairs: dict[str, int] = field(default_factory=dict)
    content_fingerprint: Optional[str] = None  # sha256 of the report's section text: the same text filed twice


@dataclass
class Source:
    """`source` of the JSON: which input this is and what the reader found it to be (`model.SourceInfo`
    holds the rest of what a reader declares: title, publisher hint, OCR pages)."""
    path: Optional[str] = None  # as given; a name that is not UTF-8 kept escaped (`names.display_path`)
    sha256: Optional[str] = None
    media_type: Optional[str] = None
    url: Optional[str] = None
    encoding: Optional[str] = None
    pages: Optional[int] = None
    origin: Optional[Origin] = None  # where fetched or archived bytes came from
    pdf_paths: Optional[PdfPaths] = None  # a PDF: which pages PDFium and pdfplumber read

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {k: getattr(self, k) for k in ("path", "sha256", "media_type", "url", "encoding", "pages")}
        if self.origin is not None:
            d["origin"] = self.origin.to_dict()
        if self.pdf_paths is not None:
            d["pdf_paths"] = self.pdf_paths.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Source":
        origin = Origin.from_dict(d["origin"]) if d.get("origin") else None
        paths = PdfPaths.from_dict(d["pdf_paths"]) if d.get("pdf_paths") else None
        return cls(d.get("path"), d.get("sha256"), d.get("media_type"), d.get("url"), d.get("encoding"),
                   d.get("pages"), origin, paths)


@dataclass
class Result:
    """Everything extracted from one report (the output contract)."""
    source: Source
    report: Optional[ReportInfo] = None
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, TableResult] = field(default_factory=dict)
    narrative_facts: list[NarrativeFact] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    legacy_facts: list[Any] = field(default_factory=list)  # legacy.LegacyFact, for template "legacy"
    harmonized: list[Any] = field(default_factory=list)  # legacy.Harmonized: legacy figures on modern keys

    @classmethod
    def of_source(cls, path: Optional[str], sha256: Optional[str]) -> "Result":
        """An empty result for one input; the readers fill in the rest of `source`. A path that is not
        UTF-8 is kept escaped (`names.display_path`)."""
        return cls(source=Source(None if path is None else display_path(path), sha256))

    @classmethod
    def error(cls, path: Optional[str], sha256: Optional[str], code: str, message: str) -> "Result":
        """The record of an input that could not be parsed."""
        result = cls.of_source(path, sha256)
        result.issues.append(Issue("error", code, message))
        return result

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    def to_dict(self) -> dict[str, Any]:
        rep = None
        if self.report is not None:
            r = self.report
            rep = {"title": r.title, "agency": r.agency, "year": r.year, "template": r.template,
                   "script": r.script, "normalized_script": r.normalized_script,
                   "conversions": list(r.conversions), "repairs": dict(sorted(r.repairs.items())),
                   "content_fingerprint": r.content_fingerprint}
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source.to_dict(),
            "report": rep,
            "sections": [s.to_dict() for s in self.sections],
            "tables": {k: t.to_dict() for k, t in self.tables.items()},
            "narrative_facts": [f.to_dict() for f in self.narrative_facts],
            "checks": [c.to_dict() for c in self.checks],
            "issues": [i.to_dict() for i in self.issues],
            "legacy_facts": [f.to_dict() for f in self.legacy_facts],
            "harmonized": [h.to_dict() for h in self.harmonized],
        }

    def to_json(self) -> str:
        from .jsontext import indented
        return indented(self.to_dict()) + "\n"  # json.dumps(…, ensure_ascii=False, indent=2), faster
