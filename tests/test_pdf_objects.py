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
                fast._plain(pos, objid)
                plain += 1
            except Exception:
                pass
            try:
                got = fast._getobj_parse(pos, objid)  # the plain reading, else pdfminer's
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


EDGE_OBJECTS = [  # written by hand: each either read plainly as pdfminer reads it, or left to pdfminer
    b"<< /Type /Catalog /Pages 2 0 R /Names null /OK true /No false >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595.3 841.9] >>",
    b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Rotate -0 >>",
    b"[1 .5 -.5 +3 1. 1.2.3 007 -0.0]",
    b"[1-2 3+4 --5 - +]",
    b"<< /A#20B /C# /D#4 /E#e4#b8#ad /#CB#CE#CC#E5 /F%comment\n/G >>",
    b"<< /H <41 4 2> /I <> /J <4> /K<41>>>",
    b"<< /L (plain) /M (nest (ed)) /N (esc\\)aped) /O (\\101\\n) >>",
    b"5 0 R",
    b"[[[[1 [2 0 R] << /P [3] >>]]]]",
    b"<< /Q " + b"9" * 5000 + b" >>",
    b"<< /Length 6 >>\nstream\r\nABCDEF\nendstream\nendobj",
    b"<< /Length 3 >>\nstream\nABCDEF\nendstream\nendobj",
    b"<< /Length 99 >>\nstream\nABC\nendstream\nendobj",
    b"<< /Length 13 0 R >>\nstream\nABC\nendstream\nendobj",
    b"3",
    b"<< /R 1 0 R 2 >>",
    b"<< /S [1 0 R 2 0 R] /T /U/V/W [/X/Y] >>",
    b"{ 1 2 } ",
    b"<< /Z 1 >> extra",
]


def edge_pdf(crlf: bool) -> bytes:
    eol = b"\r\n" if crlf else b"\n"
    out, offsets = bytearray(b"%PDF-1.4" + eol), []
    for i, body in enumerate(EDGE_OBJECTS, start=1):
        offsets.append(len(out))
        end = b"" if body.endswith(b"endobj") else eol + b"endobj"
        out += b"%d 0 obj%s%s%s%s" % (i, b"" if i % 3 else eol, body, end, eol)
    offsets.append(len(out))
    out += b"%d 0 obj 3 endobj%s" % (len(EDGE_OBJECTS) + 1, eol)
    xref = len(out)
    n = len(offsets) + 1
    out += b"xref" + eol + b"0 %d" % n + eol + b"0000000000 65535 f" + (b"\r\n" if crlf else b" \n")
    for pos in offsets:
        out += b"%010d 00000 n" % pos + (b"\r\n" if crlf else b" \n")
    out += b"trailer" + eol + b"<< /Size %d /Root 1 0 R /Info << /Title <FEFF0041> >> >>" % n + eol
    out += b"startxref" + eol + b"%d" % xref + eol + b"%%EOF" + eol
    return bytes(out)


@pytest.mark.parametrize("crlf", [False, True])
def test_edge_objects_are_pdfminers(crlf: bool) -> None:
    n, plain, diffs = compare_objects(edge_pdf(crlf))
    assert n == len(EDGE_OBJECTS) + 1 and not diffs
    assert 0 < plain < n  # some read here, some left to pdfminer
