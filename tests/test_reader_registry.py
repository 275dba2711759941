"""The reader protocol and its registry: one module per format, sniffed in the registry's order; options
as one frozen object checked where it is made."""
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import readers
from extractor.model import Block, Document, ReadError, SourceInfo
from extractor.readers.protocol import Format, ReadOptions

ROOT = Path(__file__).resolve().parents[1]
F = ROOT / "fixtures"
SNIFFED = {  # a real file of each format → its media type, by content (the names mislead on purpose in two)
    "doc/gov2021_county.doc": readers.MSWORD, "doc/gov2019_gbk_meta.wps": readers.MSWORD,
    "doc/gov2021_county_rtf.doc": readers.RTF, "docx/gov2021_county.docx": readers.DOCX,
    "sheets/gov2021_county.xlsx": readers.XLSX, "sheets/gov2021_county_by_sheet.xls": readers.XLS,
    "sheets/gov2019_gbk_meta.et": readers.XLS, "ofd/gov2021_county.ofd": readers.OFD,
    "pdf/encrypted.pdf": readers.PDF, "html/gov2021_gbk_nodecl.html": readers.HTML,
    "text/huaian_2024_radicals.txt": readers.TEXT, "hostile/xhtml_page.xhtml": readers.HTML,
}


@pytest.mark.parametrize("rel,media_type", sorted(SNIFFED.items()))
def test_each_fixture_is_sniffed_as_its_format_by_content(rel, media_type):
    data = (F / rel).read_bytes()
    assert readers.sniff(data, rel) == media_type
    assert readers.sniff(data) == media_type  # the name is only a tie-breaker


def test_the_name_breaks_ties_only():
    page = b"just words, no tags"
    assert readers.sniff(page) == readers.TEXT
    assert readers.sniff(page, "page.htm") == readers.HTML
    assert readers.sniff(b"%PDF-1.7\n...", "report.html") == readers.PDF


def test_every_registered_reader_follows_the_protocol():
    seen = set()
    for reader in readers.REGISTRY:
        assert reader.media_types and callable(reader.sniff) and callable(reader.read)
        assert not seen & set(reader.media_types)  # one reader per media type
        seen |= set(reader.media_types)
    assert readers.REGISTRY[-1].sniff(b"\x00\x01 anything", None) == readers.TEXT  # text last: takes anything
    assert {readers.PDF, readers.DOCX, readers.HTML, readers.OFD, readers.XLS, readers.XLSX} <= seen


def test_a_new_format_is_one_reader_and_one_registry_line(monkeypatch):
    def read(data, options):
        if b"broken" in data:
            raise ValueError("bad record")
        return Document([Block("paragraph", data.decode()[5:])], SourceInfo(title=options.name))

    toy = Format({"application/x-toy": "unreadable_file"}, lambda d, n: "application/x-toy" if d.startswith(b"TOY1\n") else None, read)
    monkeypatch.setattr(readers, "REGISTRY", (toy, *readers.REGISTRY))
    doc = readers.read(b"TOY1\n\xe4\xb8\x80\xe3\x80\x81\xe6\xa6\x82\xe8\xbf\xb0", "a.toy")
    assert doc.source.media_type == "application/x-toy" and doc.blocks[0].text == "一、概述" and doc.source.title == "a.toy"
    with pytest.raises(ReadError) as e:
        readers.read(b"TOY1\nbroken", "b.toy")
    assert e.value.code == "unreadable_file" and "ValueError: bad record" in e.value.message
    assert readers.sniff(b"%PDF-1.4") == readers.PDF  # the others as before


def test_read_options_are_checked_where_they_are_made(monkeypatch):
    with pytest.raises(ValueError, match="ocr"):
        ReadOptions(ocr="yes")
    with pytest.raises(ValueError, match="name"):
        ReadOptions(name=b"report.pdf")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ReadOptions().ocr = False
    monkeypatch.setenv("EXTRACTOR_OCR", "0")
    assert ReadOptions().ocr is False and ReadOptions(ocr=True).ocr is True
    monkeypatch.setenv("EXTRACTOR_OCR", "1")
    assert ReadOptions().ocr is True


def test_ocr_off_reaches_the_pdf_reader():
    """A scan read with ocr=False: its pages stay pictures (no OCR), the reader says so."""
    data = (F / "scan" / "gov2021_county_grey.pdf").read_bytes()
    doc = readers.read(data, options=ReadOptions(ocr=False))
    assert doc.warned("no_text_layer") and not doc.warned("ocr_used")
    assert all(b.kind == "image" for b in doc.blocks)


def test_the_registry_imports_no_reader_library_until_a_file_is_read():
    code = ("import sys, extractor.readers as r; heavy = ['pdfplumber', 'bs4', 'openpyxl', 'xlrd'];"
            "print([m for m in heavy if m in sys.modules]); r.sniff(open(sys.argv[1], 'rb').read());"
            "print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code, str(F / "pdf" / "encrypted.pdf")], capture_output=True,
                         text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "[]"]
