"""The plain-object reader of `font_metrics` (readers/pdf/objects.py) gives pdfminer's own objects.

The xref tables and trailers, and every object at a file position in every committed PDF and the real reports is read both ways and
compared value for value (types, names by identity, references by object number); font_metrics'
facts are the same with pdfminer's PDFDocument."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream

from extractor.readers.pdf import objects, pdfium

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted(ROOT.glob("fixtures/**/*.pdf")) + sorted((ROOT.parent / "shared" / "fixtures").glob("**/*.pdf"))


def same(a, b) -> bool:
    """Value for value (iterative: the hostile fixtures nest thousands deep)."""
    todo = [(a, b)]
    while todo:
        a, b = todo.pop()
        if type(a) is not type(b):
            return False
        if isinstance(a, dict):
            if list(a) != list(b):
                return False
            todo.extend((a[k], b[k]) for k in a)
        elif isinstance(a, list):
            if len(a) != len(b):
                return False
            todo.extend(zip(a, b))
        elif isinstance(a, PDFObjRef):
            if a.objid != b.objid:
                return False
        elif isinstance(a, PDFStream):
            todo.append((a.attrs, b.attrs))
            if a.rawdata != b.rawdata:
                return False
        elif not (a is b or a == b):
            return False
    return True


def xref_tables(doc: PDFDocument) -> list:
    return [[type(x).__name__, {k: list(v) for k, v in getattr(x, "offsets", {}).items()}, x.get_trailer()]
            for x in doc.xrefs]


def compare_objects(data: bytes) -> tuple[int, int, list[str]]:
    """(objects at a file position, those read by the plain reader, the ones that differ)."""
    try:
        fast = objects.FastDocument(data)
    except Exception:
        return 0, 0, []  # pdfminer cannot open it either way (encrypted, broken): nothing read
    ref = PDFDocument(PDFParser(io.BytesIO(data)))
    n = plain = 0
    diffs = [] if same(xref_tables(fast), xref_tables(ref)) else ["the xref tables or trailers differ"]
    for xref in ref.xrefs:
        for objid in xref.get_objids():
            try:
                strmid, pos, _ = xref.get_pos(objid)
            except KeyError:
                continue
            if strmid is not None:
                continue
            n += 1
            try:
                want = ref._getobj_parse(pos, objid)
            except Exception as e:
                want = type(e)
            try:
                got = fast._plain(pos, objid)
                plain += 1
            except objects.Unplain:
                continue
            except Exception as e:
                got = type(e)
            if not same(got, want):
                diffs.append(f"object {objid}: read differently")
    return n, plain, diffs


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_plain_objects_are_pdfminers(path: Path) -> None:
    n, plain, diffs = compare_objects(path.read_bytes())
    assert not diffs
    if n:
        assert plain > 0  # the reader is used


def facts(f: pdfium.PdfFacts) -> tuple:
    return (f.pages, f.metadata, {k: (v.descent, v.all_widths()) for k, v in f.fonts.items()})


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_font_metrics_as_with_pdfminers_document(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    try:
        got = facts(pdfium.font_metrics(data))
    except Exception as e:
        got = type(e)  # (a RecursionError says where it happened)
    monkeypatch.setattr(objects, "FastDocument", lambda data: PDFDocument(PDFParser(io.BytesIO(data))))
    try:
        want = facts(pdfium.font_metrics(data))
    except Exception as e:
        want = type(e)
    assert got == want
