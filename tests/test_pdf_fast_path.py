"""The PDFium fast path against the pdfplumber path: every committed PDF and the real huaian_2024.pdf
parsed both ways give the same records (tables with their values and provenance, sections, checks,
issues) and the same Documents (cell and paragraph boxes within 0.05 pt: PDFium works in float32)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from extractor.model import Document, Provenance, ReadError
from extractor.pipeline import parse_bytes
from extractor.readers.pdf import engine_setting, pdfium, read_fast, read_pdf

from conftest import FIXTURES, REAL

PDFS = sorted(FIXTURES.rglob("*.pdf")) + [REAL / "huaian_2024.pdf"]
# what the fast path hands to pdfplumber, and why (any other fixture falling back fails the test);
FALLBACK = {
    "encrypted.pdf": "PDFium cannot open it",
    # (round 9: gov2021_split_table2_lowriter.pdf and d4103_c013_pdf_fodt_2021_2021.pdf, whose text pages
    # drop spaces, are read by the fast path: dropped.py, tests/test_pdf_renderers2.py)
    "no_text_layer.pdf": "no text layer",
    **{p.name: "no text layer" for p in (FIXTURES / "scan").glob("*.pdf")},
    # (round 11: the Chromium prints in fixtures/chromium, Type3 fonts on every page, are read by the fast
    # path: every object of their pages pdfminer's from the content stream, tests/test_chromium_fast_path.py)
}
TOL = 0.05


def _close(a: Provenance, b: Provenance) -> bool:
    if (a.page, a.path, a.line, a.confidence) != (b.page, b.path, b.line, b.confidence):
        return False
    if a.bbox is None or b.bbox is None:
        return a.bbox == b.bbox
    return all(abs(x - y) <= TOL for x, y in zip(a.bbox, b.bbox))


def document_differences(a: Document, b: Document) -> list[str]:
    out = []
    if len(a.blocks) != len(b.blocks):
        out.append(f"{len(a.blocks)} blocks against {len(b.blocks)}")
    for i, (x, y) in enumerate(zip(a.blocks, b.blocks)):
        if (x.kind, x.text) != (y.kind, y.text) or not _close(x.prov, y.prov):
            out.append(f"block {i}: {x.kind} {x.text[:40]!r} {x.prov.bbox} | {y.kind} {y.text[:40]!r} {y.prov.bbox}")
        elif x.table is not None and y.table is not None:
            tx, ty = x.table, y.table
            if (tx.n_rows, tx.n_cols, len(tx.cells)) != (ty.n_rows, ty.n_cols, len(ty.cells)):
                out.append(f"block {i}: table shape")
            for c, d in zip(tx.cells, ty.cells):
                if (c.text, c.row, c.col, c.rowspan, c.colspan) != (d.text, d.row, d.col, d.rowspan, d.colspan) \
                        or not _close(c.prov, d.prov):
                    out.append(f"block {i}: cell {c.row},{c.col} {c.text!r} | {d.text!r}")
    if replace(a.source, pdf_paths=None) != replace(b.source, pdf_paths=None):  # which path read it aside
        out.append(f"source {a.source} | {b.source}")
    if a.warnings != b.warnings:
        out.append(f"warnings {a.warnings} | {b.warnings}")
    return out


def _read(data: bytes, engine: str):
    try:
        return read_pdf(data, ocr=False, engine=engine)  # type: ignore[arg-type]
    except ReadError as e:
        return (e.code, e.message)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_both_paths_give_the_same_document(path):
    data = path.read_bytes()
    fast, slow = _read(data, "auto"), _read(data, "pdfplumber")
    if isinstance(slow, tuple):
        assert fast == slow  # the same error record
    else:
        assert not isinstance(fast, tuple), fast
        assert document_differences(fast, slow) == []
    try:
        read_fast(data, ocr=False)
        reason = None
    except pdfium.Unreadable as e:
        reason = str(e)
    if path.parent.name == "hostile":
        return  # damaged on purpose: either path may be the one that reads it (or reports it)
    if path.name in FALLBACK:
        assert reason is not None and FALLBACK[path.name] in reason
    else:
        assert reason is None, f"{path.name} fell back to pdfplumber: {reason}"


@pytest.mark.parametrize("path", [p for p in PDFS if p.name not in FALLBACK and p.parent.name != "hostile"],
                         ids=lambda p: p.name)
def test_both_paths_give_the_same_record(path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_OCR", "0")
    data = path.read_bytes()
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", "pdfium")
    fast = parse_bytes(data, path.name).to_dict()
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", "pdfplumber")
    slow = parse_bytes(data, path.name).to_dict()
    for key in ("report", "sections", "tables", "narrative_facts", "checks", "issues", "legacy_facts"):
        assert fast[key] == slow[key], key
    assert fast["source"].pop("pdf_paths")["pdfplumber"] == []
    assert slow["source"].pop("pdf_paths")["pdfium"] == []
    assert fast == slow


def test_huaian_tables_by_the_fast_path(monkeypatch):
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", "pdfium")
    r = parse_bytes((REAL / "huaian_2024.pdf").read_bytes(), "huaian_2024.pdf")
    assert r.tables["requests"].get("new_received", "total").value == 3119
    assert r.report.year == 2024


def test_forcing_pdfium_on_what_it_cannot_read_is_an_error():
    with pytest.raises(ReadError) as e:
        read_pdf((FIXTURES / "pdf" / "no_text_layer.pdf").read_bytes(), ocr=False, engine="pdfium")
    assert e.value.code == "pdf_unreadable" and "no text layer" in e.value.message


def test_engine_setting_is_checked(monkeypatch):
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", "PDFium")
    assert engine_setting() == "pdfium"
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", "mupdf")
    with pytest.raises(ValueError, match="EXTRACTOR_PDF_ENGINE"):
        engine_setting()
    with pytest.raises(ValueError, match="engine"):
        read_pdf(b"%PDF-1.4", engine="mupdf")  # type: ignore[arg-type]


@pytest.mark.parametrize("path", [REAL / "huaian_2024.pdf", FIXTURES / "pdf" / "gov2021_tables_as_images.pdf"],
                         ids=lambda p: p.name)
def test_fast_path_chars_and_rules_are_pdfplumbers(path):
    """Char boxes and ruling edges of the real report (and of the VKana fonts' PDF, whose boxes PDFium
    widens to the ink: tests/test_pdf_page_fallback.py), object by object."""
    import io

    import pdfplumber
    data = path.read_bytes()
    doc = pdfium.open_document(data)
    try:
        pages = pdfium.read_document(doc, data)
    finally:
        doc.close()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for mine, theirs in zip(pages, pdf.pages):
            assert [c["text"] for c in mine.chars] == [c["text"] for c in theirs.chars]
            for a, b in zip(mine.chars, theirs.chars):
                assert all(abs(a[k] - b[k]) <= 0.01 for k in ("x0", "x1", "top", "bottom", "size")), (a, b)
            assert_same_graphics(mine, theirs)


def assert_same_graphics(mine, theirs) -> None:
    """A fast-path page's rects, lines, curves and images (counted) and ruling edges as pdfplumber's."""
    for kind in ("rects", "lines", "curves", "images"):
        assert len(getattr(mine, kind)) == len(getattr(theirs, kind)), kind
    edges = [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in mine.edges]
    want = [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in theirs.edges]
    assert len(edges) == len(want)
    for a, b in zip(edges, want):
        assert a[0] == b[0] and all(abs(x - y) <= 0.01 for x, y in zip(a[1:], b[1:])), (a, b)
