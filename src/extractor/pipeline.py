"""The pipeline: bytes → Result in seven named stages, each from one typed value to the next.

    read           bytes       → Document     readers/ (one module per format: readers/formats/)
    outline        Document    → Text         normalize.py (simplified Chinese), sections.py
    identify       Text        → Identified   metadata.py (title, agency, year), detect_template (templates/)
    extract        Identified  → Extracted    mapping.py, flattened.py, narrative.py; legacy.py before 2019
    classify       Extracted   → Verdict      screening.py (a letter, a scan, another publisher's report)
    check_tables   Extracted   → Result       ocr_guard.py, checks.py (identities, solver), narrative.apply_facts
    report_issues  Result      → Result       the issues of the whole report (sections, tables, reader warnings)

`extract` fills the Result that `parse_bytes` made for the input (its `source`); the later stages complete it.

`parse_bytes` runs them in this order (`_stages`); a rejected Verdict or a ReadError makes an error record.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Optional

from . import readers
from .checks import check, confirm, solve
from .labels import compact
from .flattened import rebuild_review, rebuild_rows
from .legacy import parse_legacy
from .mapping import complete, map_tables
from .metadata import Meta, find_meta
from .narrative import apply_facts, find_facts
from .model import Document, Origin, ReadError
from .normalize import detect_script, normalize_text
from .ocr_guard import guard_ocr_values
from .readers.protocol import ReadOptions
from .zh_context import section_of_heading
from .result import Issue, ReportInfo, Result, Section
from .screening import Verdict, legacy_verdict, verdict
from .sections import find_sections
from .templates import TABLE_KEYS, Template, all_templates, load

EMPTIED_MIN_PIPES = 20  # a section of this many cell separators and no digit holds an emptied table
LEGACY_BEFORE = 2019  # reports on years before this had no national template
TABLE_MARKERS = 3  # a report on an earlier year is read on a template only when it prints this many of its labels
# labels of the pre-2019 forms (a report with no year found is legacy when it prints two of them)
LEGACY_MARKERS = ("历年累计", "同意公开答复", "同意部分公开答复", "否决公开", "受理依申请公开", "收费及减免", "统计指标")
SECTION_KEYS = ("overview", "proactive_disclosure", "requests", "review_litigation", "problems", "other")


def normalise(doc: Document, info: ReportInfo) -> None:
    """Every paragraph and cell to faithful simplified Chinese, in place."""
    texts = [b.text for b in doc.blocks] + [c.text for t in doc.tables() for c in t.cells]
    script = detect_script("\n".join(texts))
    info.script = "traditional" if script == "mixed" else script
    conversions: list[str] = []
    section: list[Optional[str]] = [None]  # the 一、…六、 heading last seen: context for zh-TW words
    counted: dict[str, int] = {}

    def one(text: str) -> str:
        if not text:
            return text
        n = normalize_text(text, script, section[0])
        section[0] = section_of_heading(n.text) or section[0]
        for k, v in n.repairs.items():
            info.repairs[k] = info.repairs.get(k, 0) + v
        for c in n.conversions:
            kind, _, count = c.partition(":")
            if count.isdigit():  # counted conversions ("radicals:12") add up over the texts
                counted[kind] = counted.get(kind, 0) + int(count)
            elif c not in conversions:
                conversions.append(c)
        return n.text

    for b in doc.blocks:
        b.text = one(b.text)
        if b.table is not None:
            for c in b.table.cells:
                c.text = one(c.text)
    if doc.source.title:
        doc.source.title = one(doc.source.title)
    if doc.source.agency_hint:
        doc.source.agency_hint = one(doc.source.agency_hint)
    info.conversions = sorted(conversions + [f"{k}:{v}" for k, v in counted.items()])


def detect_template(doc: Document, paragraphs: list[str], year: Optional[int]) -> Optional[Template]:
    """By the year first (before 2019: legacy unless the report prints the template's table), then by the
    labels the report prints; the year breaks a tie. None: a legacy (pre-2019) report."""
    text = compact("".join(c.text for t in doc.tables() for c in t.cells) + "".join(paragraphs))
    scores = {t.id: sum(text.count(compact(m)) > 0 for m in t.markers) for t in all_templates()}
    best = max(scores.values())
    if year is not None and year < LEGACY_BEFORE and best < TABLE_MARKERS and "本年新收政府信息公开申请" not in text:
        return None  # the year decides: one template phrase in a list (政府集中采购) is no template table
    if best > 0 and list(scores.values()).count(best) == 1:
        return load(max(scores, key=scores.get))
    legacy_labels = sum(m in text for m in LEGACY_MARKERS)
    if best == 0 and "本年新收政府信息公开申请" not in text and (
            (year is not None and year < LEGACY_BEFORE) or (year is None and legacy_labels >= 2)):
        return None
    return load("gov-2019" if year is not None and year < 2021 else "gov-2021")


def content_fingerprint(sections: list, paragraphs: list[str]) -> str:
    """sha256 of the sections' words (headings and text, no spaces or punctuation; title and page chrome left
    out): a report filed under two issuers (a county and its zone) has one fingerprint."""
    text = "".join(s.heading + s.text for s in sections) if sections else "".join(paragraphs)
    words = re.sub(r"[\W_]+", "", compact(text))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


@dataclass
class Text:
    """The document in simplified Chinese, its paragraphs and its six sections."""
    doc: Document
    info: ReportInfo  # script, conversions and repairs so far
    paragraphs: list[str]
    sections: list[Section]
    preamble: str  # the text before the first section (title, issuer)
    issues: list[Issue] = field(default_factory=list)


@dataclass
class Identified:
    """Whose report, on which year, written to which template (None: a legacy, pre-2019 report)."""
    text: Text
    meta: Meta
    template: Optional[Template]
    issues: list[Issue] = field(default_factory=list)  # the text's and this stage's


@dataclass
class Extracted:
    """What the report holds: the result with its tables mapped (or its legacy facts read), not yet checked."""
    identified: Identified
    result: Result
    emptied: set[str] = field(default_factory=set)  # tables present in the source with their cells emptied


def read(data: bytes, options: ReadOptions) -> Document:
    """The bytes through the reader the registry sniffs for them (`readers/__init__.py`)."""
    return readers.read(data, options.name, options)


def outline(doc: Document) -> Text:
    """Every text to faithful simplified Chinese, then the numbered sections."""
    info = ReportInfo()
    normalise(doc, info)
    issues = []
    if "mojibake:unrepaired" in info.conversions:
        issues.append(Issue("warning", "mojibake_unrepaired",
                            "part of the text was decoded with the wrong encoding and cannot be repaired losslessly"))
    paragraphs = [b.text for b in doc.blocks if b.kind in ("heading", "paragraph")]
    sections, preamble = find_sections(paragraphs)
    return Text(doc, info, paragraphs, sections, preamble, issues)


def identify(text: Text, page_title: Optional[str] = None) -> Identified:
    """Title, agency and year from the title, preamble and overview; what the file lacks from the title of
    the page that links it; then the template by markers and year."""
    src, issues = text.doc.source, list(text.issues)
    overview = next((s.text for s in text.sections if s.key == "overview"), "\n".join(text.paragraphs))
    meta = find_meta(src.title, text.preamble, overview, text.preamble + "\n" + overview, src.agency_hint)
    if page_title and None in (meta.title, meta.year, meta.agency):
        alt = find_meta(normalize_text(page_title).text, "", "", "", None)
        lent = [k for k in ("title", "agency", "year") if getattr(meta, k) is None and getattr(alt, k) is not None]
        if lent:
            meta = Meta(meta.title or alt.title, meta.agency or alt.agency, meta.year or alt.year)
            issues.append(Issue("info", "metadata_from_page", f"{', '.join(lent)} from the title of the "
                                f"report page that links this file (the file gives none): {page_title}"))
    info = text.info
    info.title, info.agency, info.year = meta.title, meta.agency, meta.year
    info.content_fingerprint = content_fingerprint(text.sections, text.paragraphs)
    template = detect_template(text.doc, text.paragraphs, meta.year)
    info.template = template.id if template else "legacy"
    return Identified(text, meta, template, issues)


def extract(ident: Identified, result: Result) -> Extracted:
    """The tables mapped onto the template (rebuilt from the section text where no grid gives them) and
    the figures the narrative states; before 2019, the legacy facts."""
    text = ident.text
    result.report, result.sections = text.info, text.sections
    result.issues.extend(ident.issues)
    found = Extracted(ident, result)
    if ident.template is None:
        parse_legacy(text.doc, result)
        return found
    mapped = map_tables(text.doc.tables(), ident.template)
    result.tables = mapped.tables
    result.issues.extend(mapped.issues)
    result.narrative_facts = find_facts([(s.key, s.text) for s in result.sections], ident.template.id)
    _rebuild_flattened(result, ident.template, found.emptied)
    return found


def classify(found: Extracted, options: ReadOptions) -> Verdict:
    """A report, or a letter, a document with nothing of a report, a scan no OCR read (`screening.py`)."""
    doc = found.identified.text.doc
    if found.identified.template is None:
        return legacy_verdict(doc, found.result)
    return verdict(doc, found.result, bool(options.ocr))


def check_tables(found: Extracted) -> Result:
    """The identities over the tables: OCR values guarded, blanks and gaps solved, checks, `confirmed`,
    the narrative compared (legacy reports were checked as they were read)."""
    result, template = found.result, found.identified.template
    if template is None:
        return result
    src = found.identified.text.doc.source
    result.issues.extend(guard_ocr_values(template, result.tables, src.ocr_pages, src.pages))
    stated = {f.key: f.value for f in result.narrative_facts}
    result.issues.extend(solve(template, result.tables, stated))
    result.checks = check(template, result.tables)
    confirm(template, result.tables)
    apply_facts(result)
    for c in result.checks:  # a narrative check that fails is a narrative_disagrees, not an identity
        if c.ok is False and not c.rule.startswith("narrative."):
            where = c.column or c.row or c.group
            result.issues.append(Issue("warning", "identity_failed",
                                       f"{c.rule} at {where}: {c.expected} ≠ {c.actual} ({c.message})", where))
    return result


def report_issues(found: Extracted, result: Result) -> Result:
    """Sections and tables not found, and the readers' warnings, as issues of the whole report."""
    doc = found.identified.text.doc
    if found.identified.template is not None:
        _missing(result, doc, found.emptied)
    result.issues.extend(Issue("warning", w.code, f"reader: {w}") for w in doc.warnings)
    if found.identified.template is not None:
        for code, message in (("year_missing", "the year reported on was not found"),
                              ("agency_missing", "the issuing agency was not found")):
            if getattr(result.report, code.split("_")[0]) is None:
                result.issues.append(Issue("warning", code, message))
    return result


def _rebuild_flattened(result: Result, template: Template, emptied: set[str]) -> None:
    """Tables the grids did not give, rebuilt from the text of their section; skeletons with no numbers noted."""
    texts = {s.key: s.text for s in result.sections}
    for key in TABLE_KEYS:
        if result.tables[key].found or key not in texts:
            continue
        where = f"section {key} text"
        stated = {f.key.split(".", 1)[1]: f.value for f in result.narrative_facts
                  if f.key.startswith(key + ".") and not f.unresolved and not f.approximate}
        rb = (rebuild_review(texts[key], template, where) if key == "review_litigation"
              else rebuild_rows(texts[key], template, key, where, stated))
        result.issues.extend(rb.issues)
        if rb.result.found:
            result.tables[key] = complete(rb.result, template.tables[key])
        elif texts[key].count("|") >= EMPTIED_MIN_PIPES and not re.search(r"\d", texts[key]):
            emptied.add(key)


def _missing(result: Result, doc: Document, emptied: set[str]) -> None:
    found = {s.key for s in result.sections}
    for key in SECTION_KEYS:
        if key not in found:
            result.issues.append(Issue("warning", "section_missing", f"section {key} not found", key))
    images = any(b.kind == "image" for b in doc.blocks)
    for key in TABLE_KEYS:
        if key in emptied:
            result.issues.append(Issue("warning", "table_emptied",
                                       f"table {key} is present but its cells are empty in the source", key))
        elif not result.tables[key].found:
            code = "table_is_image" if images or doc.warned("no_text_layer") else "table_missing"
            result.issues.append(Issue("warning", code, f"table {key} not found in the document", key))


def _stages(data: bytes, result: Result, options: ReadOptions, page_title: Optional[str]) -> Result:
    """The stages in their order; a rejected verdict is an error record with what was known before extraction."""
    doc = read(data, options)
    src = doc.source
    result.source.media_type, result.source.encoding = src.media_type, src.encoding
    result.source.pages, result.source.url = src.pages, src.url
    ident = identify(outline(doc), page_title)
    found = extract(ident, result)
    judged = classify(found, options)
    if judged.rejected:
        result.issues[:] = [*ident.issues, *judged.issues]
        return result
    result.issues.extend(judged.issues)
    return report_issues(found, check_tables(found))


def parse_bytes(data: bytes, path: Optional[str] = None, origin: Optional[Origin] = None,
                options: Optional[ReadOptions] = None) -> Result:
    """Parse one report; every failure becomes an error issue, never an exception. `origin`: where
    fetched bytes came from (`source.origin`); its page title stands in where the file has none."""
    result = Result.of_source(path, hashlib.sha256(data).hexdigest())
    result.source.origin = origin
    options = options if options is not None else ReadOptions(name=path)
    try:
        _stages(data, result, options, origin.page_title if origin is not None else None)
    except ReadError as e:
        result.issues.append(Issue("error", e.code, e.message))
    except RecursionError:
        result.issues.append(Issue("error", "too_deep", "the document is nested too deeply to read"))
    except MemoryError:
        result.issues.append(Issue("error", "too_large", "the document does not fit in memory"))
    except Exception as e:  # a bug or an input no reader expected: one line, no traceback
        result.issues.append(Issue("error", "internal_error", f"{type(e).__name__}: {e}"))
    if not result.ok:  # an error record: no report, only the source and the issues
        result.report, result.sections, result.tables, result.checks = None, [], {}, []
        result.narrative_facts, result.legacy_facts, result.harmonized = [], [], []
        result.issues.sort(key=lambda i: i.severity != "error")
    return result
