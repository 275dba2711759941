"""Word files: fixtures/docx/gov2021_county.docx is the county report saved as .docx by LibreOffice."""
import extractor
from extractor.readers.docx import read_docx
from conftest import FIXTURES

DOCX = FIXTURES / "docx" / "gov2021_county.docx"


def test_merged_cells_keep_their_spans():
    doc = read_docx(DOCX.read_bytes())
    tables = doc.tables()
    requests = next(t for t in tables if any("本年度办理结果" in c.text for c in t.cells))
    label = next(c for c in requests.cells if "本年度办理结果" in c.text)
    assert (label.rowspan, label.col) == (22, 0)
    group = next(c for c in requests.cells if c.text.startswith("（三）不予公开"))
    assert group.rowspan == 8
    note = requests.cells[0]
    assert "勾稽关系" in note.text and note.colspan == 3
    assert any(b.kind == "paragraph" and b.text == "一、总体情况" for b in doc.blocks)


def test_docx_parses_like_the_pdf_of_the_same_document():
    docx = extractor.parse(DOCX).to_dict()
    pdf = extractor.parse(FIXTURES / "pdf" / "gov2021_county.pdf").to_dict()
    assert docx["tables"].keys() == pdf["tables"].keys()
    assert {k: t["values"] for k, t in docx["tables"].items()} == {k: t["values"] for k, t in pdf["tables"].items()}
    assert docx["report"]["agency"] == pdf["report"]["agency"] == "青山县人民政府"
    assert docx["source"]["media_type"].endswith("wordprocessingml.document")


def test_damaged_old_binary_word_file_is_a_clear_error():  # good ones: tests/test_office_readers.py
    out = extractor.parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600).to_dict()
    assert out["issues"][0]["code"] == "doc_unreadable" and out["report"] is None
