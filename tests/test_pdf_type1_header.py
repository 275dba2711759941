"""The Type1 font-file encoding read by one regex (`readers/pdf/type1_header.py`) is pdfminer's own: on every
embedded Type1 header of the committed and real PDFs, and on headers written to hit each rule."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import Type1FontHeaderParser
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import stream_value

from extractor.readers.pdf import read_pdf
from extractor.readers.pdf.type1_header import PlainType1Header, Unplain, plain_headers, plain_pairs

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted(ROOT.glob("fixtures/**/*.pdf")) + sorted((ROOT.parent / "shared" / "fixtures").glob("**/*.pdf"))


def pdfminer_encoding(data: bytes):
    return list(Type1FontHeaderParser(io.BytesIO(data)).get_encoding().items())


def plain_encoding(data: bytes):
    return list(PlainType1Header(io.BytesIO(data)).get_encoding().items())


def headers() -> list[bytes]:
    out, seen = [], set()
    for path in PDFS:
        try:
            doc = PDFDocument(PDFParser(io.BytesIO(path.read_bytes())))
        except Exception:
            continue
        for xref in doc.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = doc.getobj(objid)
                    if not (isinstance(obj, dict) and "FontFile" in obj):
                        continue
                    ff = stream_value(obj["FontFile"])
                    data = ff.get_data()[:ff["Length1"]]
                except Exception:
                    continue
                if data not in seen:
                    seen.add(data)
                    out.append(data)
    return out


def test_every_committed_header_reads_as_pdfminer_reads_it():
    found = headers()
    assert len(found) >= 20  # LibreOffice's CJK subsets in the committed PDFs
    plain = 0
    for data in found:
        assert plain_encoding(data) == pdfminer_encoding(data)
        try:
            plain_pairs(data)
            plain += 1
        except Unplain:
            pass
    assert plain == len(found)  # all written plainly: the regex reads them, not the fallback


HEAD = b"%!FontType1-1.0: X 001.003\n11 dict begin\n/FontName /X def\n/FontMatrix [0.001 0 0 0.001 0 0]readonly def\n"


@pytest.mark.parametrize("body", [
    b"/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 32 /space put\ndup 65 /A put\nreadonly def\n",
    b"dup 65 /A put dup 65 /B put\n",  # the later wins
    b"dup 66 /uni4E00 put dup 67 /cid123 put dup 68 /g12 put\n",  # a uni name; names pdfminer does not map
    b"true /A put false /B put\n",  # bools are ints to pdfminer's test
    b"1.5 /A put 7 (A) put /A 7 put\n",  # a float key, a string value, the wrong order: no pair
    b"{dup 70 /F put} [dup 71 /G put] 72 /H put\n",  # inside a procedure and an array
    b"dup 73 /I % a comment ( put\nput\n",  # a comment between
    b"(a string with put) dup 74 /J put\n",
    b"-5 /A put +6 /B put\n",
    b"dup 75 /K put currentdict end currentfile eexec\n",
])
def test_plain_headers_read_as_pdfminer_reads_them(body):
    data = HEAD + body
    plain_pairs(data)  # plain
    assert plain_encoding(data) == pdfminer_encoding(data)


@pytest.mark.parametrize("body", [
    b"dup 65 /A#42 put\n",  # a # escape in a name
    b"<< /A 1 >> dup 65 /A put\n",  # a dict
    b"<4142> dup 65 /A put\n",  # a hex string
    b"(nested (paren)) dup 65 /A put\n",
    b"(back\\\\slash) dup 65 /A put\n",
    b"{ dup 65 /A put ]\n",  # brackets closed out of order
    b"dup 65 /A put }\n",
    b"65a /A put\n",  # a number run into a keyword
    b".5 /A put\n",
])
def test_other_headers_go_to_pdfminer(body):
    data = HEAD + body
    with pytest.raises(Unplain):
        plain_pairs(data)
    assert plain_encoding(data) == pdfminer_encoding(data)


def test_a_put_without_operands_fails_as_pdfminer_fails():
    data = b"%!FontType1-1.0: X\n/A put\n"  # one operand on the stack
    with pytest.raises(Unplain):
        plain_pairs(data)
    with pytest.raises(ValueError):
        pdfminer_encoding(data)
    with pytest.raises(ValueError):
        plain_encoding(data)


def test_the_recovered_pages_read_the_same():
    """gov2021_split_table2_lowriter.pdf's pages 2-3 lose spaces PDFium drops and are recovered through
    pdfminer's fonts (a Type1 subset without /Encoding): the Document is the same with pdfminer's parser."""
    from pdfminer import pdffont

    data = (ROOT / "fixtures" / "pdf" / "gov2021_split_table2_lowriter.pdf").read_bytes()
    fast = read_pdf(data, ocr=False)
    original = pdffont.Type1FontHeaderParser

    class Counting(original):
        calls = 0

        def get_encoding(self):
            Counting.calls += 1
            return original.get_encoding(self)

    with plain_headers():
        assert pdffont.Type1FontHeaderParser is PlainType1Header
    assert pdffont.Type1FontHeaderParser is original
    import extractor.readers.pdf.type1_header as th
    plain = th.PlainType1Header
    try:  # pdfminer's own parser in the recovery instead
        th.PlainType1Header = Counting
        slow = read_pdf(data, ocr=False)
    finally:
        th.PlainType1Header = plain
    assert Counting.calls >= 1
    assert repr(slow) == repr(fast)
