"""OFD files (fixtures/ofd/, written by scripts/make_ofd_fixtures.py) through the PDF reader's page path,
and what hostile packages become."""
import io
import zipfile

import pytest

import extractor
from extractor.readers import OFD, sniff
from extractor.readers.ofd import deltas, read_ofd
from conftest import FIXTURES

DIR = FIXTURES / "ofd"
NS = "http://www.ofdspec.org/2016"


def test_pages_and_media_type():  # every cell of a real report as OFD: tests/test_office_readers.py
    out = extractor.parse(DIR / "pingtan_2024.ofd").to_dict()
    assert out["source"]["media_type"] == OFD and out["source"]["pages"] >= 3


def test_tables_on_their_pages_and_page_numbers_dropped():  # spans: tests/test_office_readers.py
    doc = read_ofd((DIR / "gov2021_county.ofd").read_bytes())
    assert [t.prov.page for t in doc.tables()] == [2, 3, 3]
    assert not any(b.kind == "paragraph" and b.text.startswith("- ") for b in doc.blocks)


def test_vertical_labels_read_whole():  # set top to bottom with DeltaY, as WPS sets tall narrow cells
    requests = read_ofd((DIR / "gov2021_county.ofd").read_bytes()).tables()[1]
    assert [(c.text, c.rowspan) for c in requests.cells if c.col == 0 and c.rowspan == 22] == [("三、本年度办理结果", 22)]
    assert [c.text for c in requests.cells if c.col == 1 and c.rowspan >= 3] == ["（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]
    assert sniff((DIR / "gov2021_county.ofd").read_bytes(), "a.zip") == OFD


def test_deltax_runs():
    assert deltas("1 g 3 2.5 4") == [1.0, 2.5, 2.5, 2.5, 4.0]
    assert deltas("g x y 3") == [3.0] and deltas(None) == []


def package(files: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text if isinstance(text, bytes) else text.encode("utf-8"))
    return buf.getvalue()


def minimal(content: str, extra: dict | None = None, template: str = "") -> bytes:
    """A one-page OFD written by hand: absolute DocRoot, a template page, the given page content."""
    tpl = '<ofd:TemplatePage ID="7" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
    files = {
        "OFD.xml": f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
                   f'<ofd:Title>测试</ofd:Title></ofd:DocInfo><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
        "Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297'
                              f'</ofd:PhysicalBox></ofd:PageArea>{tpl}</ofd:CommonData><ofd:Pages>'
                              f'<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        "Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page xmlns:ofd="{NS}">'
                                          + ('<ofd:Template TemplateID="7"/>' if template else "")
                                          + f'<ofd:Content><ofd:Layer ID="2">{content}</ofd:Layer></ofd:Content></ofd:Page>',
    }
    if template:
        files["Doc_0/Tpls/Tpl_0/Content.xml"] = (f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="8">{template}'
                                                 f'</ofd:Layer></ofd:Content></ofd:Page>')
    files.update(extra or {})
    return package(files)


TEXT = '<ofd:TextObject ID="3" Boundary="{b}" Size="4"{ctm}><ofd:TextCode X="0" Y="3.4" DeltaX="g 3 4">{t}</ofd:TextCode></ofd:TextObject>'


def test_ctm_page_blocks_and_template_pages_are_placed():
    content = ('<ofd:PageBlock ID="4"><ofd:PageBlock ID="5">'
               + TEXT.format(b="20 40 40 10", ctm=' CTM="2 0 0 2 0 0"', t="政务公开") + "</ofd:PageBlock></ofd:PageBlock>")
    data = minimal(content, template=TEXT.format(b="20 20 40 10", ctm="", t="年度报告"))
    doc = read_ofd(data)
    texts = [b.text for b in doc.blocks]
    assert texts == ["年度报告", "政务公开"]  # the template's text above, scaled text read whole
    para = doc.blocks[1]
    mm = 72 / 25.4
    assert para.prov.bbox[0] == pytest.approx(20 * mm, abs=0.01)
    assert para.prov.bbox[2] == pytest.approx((20 + 2 * 16) * mm, abs=0.5)  # 4 glyphs × 4 mm × CTM 2


def error(data: bytes) -> dict:
    out = extractor.parse(data).to_dict()
    assert out["report"] is None and out["issues"][0]["severity"] == "error"
    assert "\n" not in out["issues"][0]["message"]
    return out["issues"][0]


def test_entity_declarations_are_refused():
    bomb = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    data = minimal("")
    files = {n: zipfile.ZipFile(io.BytesIO(data)).read(n) for n in zipfile.ZipFile(io.BytesIO(data)).namelist()}
    page = files["Doc_0/Pages/Page_0/Content.xml"].decode()
    files["Doc_0/Pages/Page_0/Content.xml"] = bomb + page.replace('<ofd:Layer ID="2">', '<ofd:Layer ID="2">&c;')
    assert error(package(files))["code"] == "ofd_unreadable"
    files["Doc_0/Pages/Page_0/Content.xml"] = ('<?xml version="1.0"?><!DOCTYPE p SYSTEM "file:///etc/passwd">' + page)
    assert error(package(files))["code"] == "ofd_unreadable"


def test_deep_nesting_is_refused():
    deep = '<ofd:PageBlock ID="9">' * 5000 + "</ofd:PageBlock>" * 5000
    assert error(minimal(deep))["code"] == "ofd_unreadable"


def test_damaged_packages():
    good = (DIR / "gov2021_county.ofd").read_bytes()
    assert error(good[: len(good) // 2])["code"] == "ofd_unreadable"  # truncated
    files = {n: zipfile.ZipFile(io.BytesIO(good)).read(n) for n in zipfile.ZipFile(io.BytesIO(good)).namelist()}
    no_page = dict(files)
    del no_page["Doc_0/Pages/Page_1/Content.xml"]
    assert "Page_1" in error(package(no_page))["message"]
    bad_xml = dict(files, **{"Doc_0/Document.xml": files["Doc_0/Document.xml"][:-30]})
    assert error(package(bad_xml))["code"] == "ofd_unreadable"
    no_root = dict(files, **{"OFD.xml": f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody/></ofd:OFD>'})
    assert error(package(no_root))["code"] == "ofd_unreadable"


def test_zip_bomb_is_refused_before_inflating():
    data = minimal("", extra={"Doc_0/Res/pad.bin": b"\0" * (20 * 1024 * 1024)})
    assert "zip bomb" in error(data)["message"]


def test_glyph_flood_is_refused():
    flood = '<ofd:TextObject ID="3" Boundary="0 0 10 10" Size="1"><ofd:TextCode X="0" Y="1">' + "一" * 2_100_000 + "</ofd:TextCode></ofd:TextObject>"
    assert error(minimal(flood))["code"] == "ofd_unreadable"


def test_scan_only_ofd_is_a_no_text_layer_record():
    img = '<ofd:ImageObject ID="3" Boundary="0 0 210 297" ResourceID="9"/>'
    assert error(minimal(img))["code"] == "no_text_layer"
