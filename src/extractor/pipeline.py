"""The pipeline, top to bottom: read → normalise → sections → template → tables → checks → result."""
from __future__ import annotations

import hashlib
import re
from typing import Optional

from . import readers
from .checks import check, confirm, solve
from .labels import compact
from .flattened import rebuild_review, rebuild_rows
from .legacy import parse_legacy
from .mapping import complete, map_tables
from .metadata import find_meta
from .narrative import apply_facts, find_facts
from .model import Document, Origin, ReadError
from .normalize import detect_script, normalize_text
from .ocr_guard import guard_ocr_values
from .readers.ocr import enabled as ocr_enabled
from .zh_context import section_of_heading
from .result import Issue, ReportInfo, Result
from .screening import not_a_report
from .sections import find_sections
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
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def _rebuild_flattened(result: Result, template: Template, emptied: set[str]) -> None:
    """Tables the grids did not give, rebuilt from the text of their section; skeletons with no numbers noted."""
    texts = {s.key: s.text for s in result.sections}
    for key in TABLE_KEYS:
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


def _report_issues(result: Result, doc: Document, emptied: set[str]) -> None:
    found = {s.key for s in result.sections}
    for key in SECTION_KEYS:
        if key not in found:
            result.issues.append(Issue("warning", "section_missing", f"section {key} not found", key))
    images = [b for b in doc.blocks if b.kind == "image"]
    for key in TABLE_KEYS:
        if key in emptied:
            result.issues.append(Issue("warning", "table_emptied",
                                       f"table {key} is present but its cells are empty in the source", key))
        elif not result.tables[key].found:
            code = "table_is_image" if images or "no_text_layer" in doc.warnings else "table_missing"
            result.issues.append(Issue("warning", code, f"table {key} not found in the document", key))
    for w in doc.warnings:
        result.issues.append(Issue("warning", w.split(":", 1)[0], f"reader: {w}"))


def _screen(doc: Document, result: Result) -> None:
    """Letters and notices filed among the reports become error records; another county's report a warning."""
    issue = not_a_report(doc, result)
    if issue is not None and issue.severity == "error":
        raise ReadError(issue.code, issue.message)
    if issue is not None:
        result.issues.append(issue)


def parse_bytes(data: bytes, path: Optional[str] = None, origin: Optional[Origin] = None) -> Result:
    """Parse one report; every failure becomes an error issue, never an exception. `origin`: where
    fetched bytes came from (`source.origin`); its page title stands in where the file has none."""
    result = Result.of_source(path, hashlib.sha256(data).hexdigest())
    if origin is not None:
        result.source["origin"] = origin.to_dict()
    try:
        doc = readers.read(data, path)
        _parse_document(doc, result, origin.page_title if origin is not None else None)
    except ReadError as e:
        result.issues.append(Issue("error", e.code, e.message))
    except RecursionError:
        result.issues.append(Issue("error", "too_deep", "the document is nested too deeply to read"))
    except MemoryError:
        result.issues.append(Issue("error", "too_large", "the document does not fit in memory"))
    except Exception as e:  # a bug or an input no reader expected: one line, no traceback
        result.issues.append(Issue("error", "internal_error", f"{type(e).__name__}: {e}"))
    if not result.ok:
        result.report, result.sections, result.tables, result.checks = None, [], {}, []
        result.issues.sort(key=lambda i: i.severity != "error")
    return result


def _parse_document(doc: Document, result: Result, page_title: Optional[str] = None) -> None:
    src = doc.source
    result.source.update(media_type=src.media_type, encoding=src.encoding, pages=src.pages, url=src.url)
    info = ReportInfo()
    normalise(doc, info)
    if "mojibake:unrepaired" in info.conversions:
        result.issues.append(Issue("warning", "mojibake_unrepaired",
                                   "part of the text was decoded with the wrong encoding and cannot be repaired losslessly"))
    paragraphs = [b.text for b in doc.blocks if b.kind in ("heading", "paragraph")]
    result.sections, preamble = find_sections(paragraphs)
    overview = next((s.text for s in result.sections if s.key == "overview"), "\n".join(paragraphs))
    meta = find_meta(src.title, preamble, overview, preamble + "\n" + overview, src.agency_hint)
    if page_title and None in (meta.title, meta.year, meta.agency):  # what the file lacks, from its page
        alt = find_meta(normalize_text(page_title).text, "", "", "", None)
        lent = [k for k in ("title", "agency", "year") if getattr(meta, k) is None and getattr(alt, k) is not None]
        if lent:
            meta = type(meta)(meta.title or alt.title, meta.agency or alt.agency, meta.year or alt.year)
            result.issues.append(Issue("info", "metadata_from_page", f"{', '.join(lent)} from the title of the "
                                       f"report page that links this file (the file gives none): {page_title}"))
    info.title, info.agency, info.year = meta.title, meta.agency, meta.year
    info.content_fingerprint = content_fingerprint(result.sections, paragraphs)
    template = detect_template(doc, paragraphs, meta.year)
    info.template = template.id if template else "legacy"
    result.report = info
    if template is None:
        if not result.sections and not doc.tables():
            raise ReadError("not_an_annual_report", "no report sections or statistics tables found")
        _screen(doc, result)
        parse_legacy(doc, result)
        if not result.sections and not any(f.source == "stats_table" for f in result.legacy_facts):
            # tables only (a statistics sheet): a report only if they are a legacy statistics table
            raise ReadError("not_an_annual_report", "no report sections or statistics tables found")
        return
    mapped = map_tables(doc.tables(), template)
    result.tables = mapped.tables
    result.issues.extend(mapped.issues)
    result.narrative_facts = find_facts([(s.key, s.text) for s in result.sections], template.id)
    emptied: set[str] = set()
    _rebuild_flattened(result, template, emptied)
    if not result.sections and not any(t.found for t in result.tables.values()):
        if "no_text_layer" in doc.warnings:
            result.issues.append(Issue("warning", "table_is_image", "the document is a scan: its tables are images"))
            unread = any(w.startswith("ocr_unavailable") for w in doc.warnings) or not ocr_enabled()
            raise ReadError("no_text_layer", "the PDF has no text layer (a scan) and OCR is off or not installed"
                            if unread else "the PDF has no text layer and OCR found no text in it")
        raise ReadError("not_an_annual_report", "no report sections or statistics tables found")
    _screen(doc, result)
    result.issues.extend(guard_ocr_values(template, result.tables, src.ocr_pages, src.pages))
    stated = {f.key: f.value for f in result.narrative_facts}
    result.issues.extend(solve(template, result.tables, stated))
    result.checks = check(template, result.tables)
    confirm(template, result.tables)
    apply_facts(result)
    for c in result.checks:
        if c.ok is False:
            where = c.column or c.row or c.group
            result.issues.append(Issue("warning", "identity_failed",
                                       f"{c.rule} at {where}: {c.expected} ≠ {c.actual} ({c.message})", where))
    _report_issues(result, doc, emptied)
    if meta.year is None:
        result.issues.append(Issue("warning", "year_missing", "the year reported on was not found"))
    if meta.agency is None:
        result.issues.append(Issue("warning", "agency_missing", "the issuing agency was not found"))
