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

import gc
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Optional

from . import readers
from .checks import check, confirm, solve
from .files import sha256
from .labels import compact
from .metadata import Meta, find_meta
from .narrative import apply_facts, find_facts
from .model import Document, Origin, ReadError
from .normalize import DocumentText, detect_script, normalize_text
from .ocr_guard import guard_ocr_values
from .readers.protocol import ReadOptions
from .zh_context import section_of_heading
from .result import Issue, ReportInfo, Result, Section
from .screening import Verdict, legacy_verdict, verdict
from .sections import find_sections, table_texts
from .templates import TABLE_KEYS, Template, all_templates, check_all, legacy, load

check_all()  # the package refuses to run on bad template data (TemplateError names the file and the key)

EMPTIED_MIN_PIPES = 20  # a section of this many cell separators and no digit holds an emptied table
SECTION_KEYS = ("overview", "proactive_disclosure", "requests", "review_litigation", "problems", "other")


def normalise(doc: Document, info: ReportInfo) -> None:
    """Every paragraph and cell to faithful simplified Chinese, in place."""
    texts = [b.text for b in doc.blocks] + [c.text for t in doc.tables() for c in t.cells]
    script = detect_script("\n".join(texts))
    info.script = "traditional" if script == "mixed" else script
    conversions: list[str] = []
    section: list[Optional[str]] = [None]  # the 一、…六、 heading last seen: context for zh-TW words
    counted: dict[str, int] = {}
    whole = DocumentText(texts)  # which converters made the mirror: evidence from all of it, not one paragraph

    def one(text: str) -> str:
        if not text:
            return text
        n = normalize_text(text, script, section[0], whole)
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
    """By the year first (up to legacy's last_year: legacy unless the report prints a national table), then by
    the markers the report prints; the years each template declares break a tie. None: a legacy report.
    Markers, phrases, counts and years are the template folders' template.json."""
    text = compact("".join(c.text for t in doc.tables() for c in t.cells) + "".join(paragraphs))
    national, old = all_templates(), legacy()
    scores = {t.id: sum(text.count(compact(m)) > 0 for m in t.markers) for t in national}
    best = max(scores.values())
    table_phrase = any(compact(p) in text for t in national for p in t.table_phrases)
    legacy_year = year is not None and old.covers(year)
    if legacy_year and best < old.template_markers_needed and not table_phrase:
        return None  # the year decides: one template phrase in a list (政府集中采购) is no template table
    if best > 0 and list(scores.values()).count(best) == 1:
        return load(max(scores, key=scores.get))
    legacy_labels = sum(m in text for m in old.markers)
    if best == 0 and not table_phrase and (legacy_year or (year is None and legacy_labels >= old.markers_needed)):
        return None
    # the template of the year: the latest whose first_year is not after it (no year: the latest; a year
    # before them all: the first)
    of_year = [t for t in national if year is None or t.first_year is None or t.first_year <= year]
    return (of_year or national[:1])[-1]


def content_fingerprint(sections: list, paragraphs: list[str]) -> str:
    """sha256 of the sections' words (headings and text, no spaces or punctuation; title and page chrome left
    out): a report filed under two issuers (a county and its zone) has one fingerprint."""
    text = "".join(s.heading + s.text for s in sections) if sections else "".join(paragraphs)
    words = re.sub(r"[\W_]+", "", compact(text))
    return sha256(words.encode("utf-8")).hexdigest()


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
        from .legacy import parse_legacy  # the legacy readers (their patterns) only for a pre-2019 report
        parse_legacy(text.doc, result)
        return found
    from .mapping import map_tables  # the modern mappers only for a report on a national template
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
    stated = {f.key: f.value for f in result.narrative_facts if not f.approximate and not f.unresolved}
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
    from .flattened import fill_unread_rows, rebuild_review, rebuild_rows
    from .mapping import complete, fill_item_lines
    texts = {s.key: s.text for s in result.sections}
    texts.update(table_texts(result.sections))  # tables printed after the narrative under their own 一、二、三
    for key in TABLE_KEYS:
        if key == "proactive_disclosure" and result.tables[key].found and key in texts:
            rb = rebuild_rows(texts[key], template, key, f"section {key} text")
            result.issues.extend(fill_unread_rows(result.tables[key], rb.result, key, f"section {key} text"))
            result.issues.extend(fill_item_lines(result.tables[key], texts[key], template.tables[key], f"section {key} text"))
        if result.tables[key].found or key not in texts:
            continue
        where = f"section {key} text"
        stated = {f.key.split(".", 1)[1]: f.value for f in result.narrative_facts
                  if f.key.startswith(key + ".") and not f.unresolved and not f.approximate}
        rb = (rebuild_review(texts[key], template, where) if template.tables[key].shape == "column_groups"
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
    result.source.pdf_paths = src.pdf_paths
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
    result = Result.of_source(path, sha256(data).hexdigest())
    result.source.origin = origin
    options = options if options is not None else ReadOptions(name=path)
    try:
        with _fewer_collections():
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


PARSE_GEN0 = 70_000  # the cycle collector's young threshold while a parse runs (Python's default: 700)
_collecting = threading.Lock()
_parses = [0, None]  # parses running, the threshold before the first of them


@contextmanager
def _fewer_collections():
    """A parse makes objects that live until it ends (chars, words, cells, values): the cycle collector's
    young passes, which find no garbage among them, run a hundredth as often while one runs (as `cli`'s
    `_collect_less` does for a whole `parse` process), and as before after the last running parse ends.
    Garbage cycles are still collected (issue 16: about 3% of a small PDF's parse)."""
    with _collecting:
        if _parses[0] == 0:
            _parses[1] = gc.get_threshold()
            gc.set_threshold(max(PARSE_GEN0, _parses[1][0]), *_parses[1][1:])
        _parses[0] += 1
    try:
        yield
    finally:
        with _collecting:
            _parses[0] -= 1
            if _parses[0] == 0:
                gc.set_threshold(*_parses[1])
