"""OCR of image-only scans (fixtures/scan/, made by scripts/make_scan_fixtures.py from text-layer fixtures).

Runtime is kept small: one whole scan (3 pages: colour, red seal, rotated), one page each of the
bilevel and grey JPEG scans, and unit tests of the image steps on synthetic pictures.
"""
import io
import json

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageDraw

import extractor
from extractor.cli import main
from extractor.readers import ocr
from extractor.values import parse_cell, parse_ocr_cell
from conftest import FIXTURES, cells

SCANS = FIXTURES / "scan"
pytestmark = pytest.mark.skipif(ocr.engine() is None, reason="rapidocr-onnxruntime is not installed")


def truth(stem: str) -> dict:
    return json.loads((SCANS / f"{stem}.truth.json").read_text("utf-8"))


def score(out: dict, want: dict, tables=None) -> tuple[int, list, list]:
    """(right, null where a value was due, wrong non-null) over the truth's cells."""
    right, nulls, wrong = 0, [], []
    for t, r, c, v in cells({k: v for k, v in want["tables"].items() if tables is None or k in tables}):
        got = out["tables"][t]["values"][r][c]
        if got == v:
            right += 1
        elif got is None:
            nulls.append((t, r, c, v))
        else:
            wrong.append((t, r, c, v, got))
    return right, nulls, wrong


# OCR costs 5–25 s a page on this 2-core machine: more than the default 60 s limit for a whole scan
OCR_TIMEOUT = 900


def one_page(src, index: int) -> bytes:
    doc, part = pypdfium2.PdfDocument(str(src)), pypdfium2.PdfDocument.new()
    part.import_pages(doc, [index])
    buf = io.BytesIO()
    part.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def seal_scan():
    return extractor.parse(SCANS / "gov2021_county_seal.pdf", timeout=OCR_TIMEOUT).to_dict()


def test_colour_scan_with_seal_reads_like_the_text_layer(seal_scan):
    want = truth("gov2021_county_seal")
    right, nulls, wrong = score(seal_scan, want)
    assert wrong == []
    assert right / (right + len(nulls)) >= 0.98, nulls
    assert {k: seal_scan["report"][k] for k in ("template", "year", "agency")} == {
        k: want["report"][k] for k in ("template", "year", "agency")}
    assert [s["key"] for s in seal_scan["sections"]] == [s["key"] for s in want["sections"]]


def test_ocr_provenance_and_issues(seal_scan):
    import jsonschema
    from importlib import resources
    schema = json.loads(resources.files("extractor").joinpath("schema/report.schema.json").read_text("utf-8"))
    jsonschema.validate(seal_scan, schema)
    prov = seal_scan["tables"]["requests"]["provenance"]["new_received"]["total"]
    assert prov["from"] == "ocr" and prov["raw"] == "287" and 0.9 <= prov["confidence"] <= 1 and prov["page"] == 2
    used = [i for i in seal_scan["issues"] if i["code"] == "ocr_used"]
    assert len(used) == 1 and "page(s) 1" in used[0]["message"]
    assert not [i for i in seal_scan["issues"] if i["code"] in ("table_is_image", "identity_failed")]
    assert all(c["ok"] is not False for c in seal_scan["checks"])


@pytest.mark.parametrize("stem, tables", [("gov2021_county_bilevel", ["proactive_disclosure"]),
                                          ("gov2021_county_grey", ["proactive_disclosure"])])
def test_one_page_of_bilevel_and_grey_scans(stem, tables):
    out = extractor.parse(one_page(SCANS / f"{stem}.pdf", 1), timeout=OCR_TIMEOUT).to_dict()
    right, nulls, wrong = score(out, truth(stem), tables)
    assert wrong == [] and right + len(nulls) == 10 and right >= 9, nulls  # table 二 has no identity:
    # a digit read with low confidence stays null there


def test_table_picture_embedded_in_docx():
    """fixtures/docx/gov2021_county_table_picture.docx: the county report with table 四 pasted as a picture."""
    out = extractor.parse(FIXTURES / "docx" / "gov2021_county_table_picture.docx", timeout=OCR_TIMEOUT).to_dict()
    want = json.loads((FIXTURES / "docx" / "gov2021_county.expected.json").read_text("utf-8"))
    right, nulls, wrong = score(out, want)
    assert wrong == [] and nulls == []
    prov = out["tables"]["review_litigation"]["provenance"]["review"]["total"]
    assert prov["from"] == "ocr" and prov["where"].startswith("body>p[") and "page" not in prov
    assert out["tables"]["requests"]["provenance"]["new_received"]["total"]["from"] == "cell"


def test_table_picture_beside_an_html_page(tmp_path, real_dir):
    """pingtan_2024.html with its table 四 replaced by <img src="…/table4.png">, the file saved beside it."""
    html = (real_dir / "pingtan_2024.html").read_bytes().decode("utf-8")
    start = html.index("<table", html.index("四、政府信息公开行政复议"))
    end = html.index("</table>", start) + len("</table>")
    page = tmp_path / "pingtan_2024.html"
    page.write_text(html[:start] + '<p><img src="/upload/2025/table4.png" alt=""></p>' + html[end:], "utf-8")
    (tmp_path / "table4.png").write_bytes((SCANS / "gov2021_county_table4.png").read_bytes())
    out = extractor.parse(page, timeout=OCR_TIMEOUT).to_dict()
    want = json.loads((FIXTURES / "docx" / "gov2021_county.expected.json").read_text("utf-8"))
    assert out["tables"]["review_litigation"]["values"] == want["tables"]["review_litigation"]["values"]
    assert not [i for i in out["issues"] if i["code"] == "table_is_image"]
    (tmp_path / "table4.png").unlink()  # without the file: the image is reported as before
    out = extractor.parse(page, timeout=OCR_TIMEOUT).to_dict()
    assert {i["code"]: i["where"] for i in out["issues"]}.get("table_is_image") == "review_litigation"


def test_no_ocr_switch(tmp_path, monkeypatch):
    monkeypatch.delenv("EXTRACTOR_OCR", raising=False)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(one_page(SCANS / "gov2021_county_bilevel.pdf", 2))
    assert main(["parse", str(scan), "-o", str(tmp_path / "out"), "--no-ocr"]) == 1
    rec = json.loads((tmp_path / "out" / "scan.json").read_text("utf-8"))
    assert rec["report"] is None and rec["issues"][0]["code"] == "no_text_layer"
    import os
    assert "EXTRACTOR_OCR" not in os.environ  # restored after the command


# --- image steps on synthetic pictures -------------------------------------------------------
def ruled_page(angle: float = 0.0) -> Image.Image:
    img = Image.new("RGB", (1200, 900), "white")
    d = ImageDraw.Draw(img)
    for y in range(100, 800, 50):
        d.line([(100, y), (1100, y)], fill="black", width=2)
    for x in (100, 400, 700, 1100):
        d.line([(x, 100), (x, 750)], fill="black", width=2)
    return img.rotate(angle, resample=Image.BICUBIC, fillcolor="white")


@pytest.mark.parametrize("angle", [1.0, -0.8, 1.4])
def test_deskew_finds_the_rotation(angle):
    grey = ocr.suppress_seals(np.asarray(ruled_page(angle)))
    assert abs(ocr.skew_angle(grey) + angle) <= 0.05  # the correction: turned back by as much


def test_rules_found_after_deskew():
    grey = ocr.suppress_seals(np.asarray(ruled_page(1.2)))
    rules = ocr.find_rules(ocr.deskew(grey, ocr.skew_angle(grey)), 144)
    horizontal = [r for r in rules if r[1] == r[3] and r[2] - r[0] > 900]
    vertical = [r for r in rules if r[0] == r[2] and r[3] - r[1] > 600]
    assert len(horizontal) == 14 and len(vertical) == 4


def test_red_seal_is_suppressed_black_text_kept():
    img = Image.new("RGB", (200, 200), "white")
    d = ImageDraw.Draw(img)
    d.ellipse((20, 20, 180, 180), outline=(220, 30, 40), width=8)
    d.rectangle((90, 10, 110, 190), fill=(10, 10, 10))  # text crossing the seal
    grey = ocr.suppress_seals(np.asarray(img))
    assert grey[100, 24] == 255 and grey[100, 100] < 50


def test_letters_read_as_digits_only_in_numeric_cells():
    assert parse_ocr_cell("l5").value == 15 and parse_ocr_cell("〇").value == 0 and parse_ocr_cell("1O2").value == 102
    assert parse_ocr_cell("行政许可").kind == "text" and parse_ocr_cell("lO件").value == 10
    assert parse_ocr_cell("一3").value == -3 and parse_ocr_cell("一").kind == "text" and parse_ocr_cell("3一").kind == "text"
    assert parse_cell("l5").kind == "text"  # a text layer's letters stay letters


def test_dpi_from_the_page():
    assert ocr.pick_dpi(595, 842, 300) == pytest.approx(2000 * 72 / 842)  # A4: at most 2000 px high
    assert ocr.pick_dpi(400, 300, 96) == ocr.MIN_DPI and ocr.pick_dpi(400, 300, 220) == 220
    assert ocr.pick_dpi(14400, 14400, None) * 14400 / 72 <= ocr.MAX_SIDE_PX  # a huge page stays small


def test_truncated_scan_is_an_error_record():
    data = (SCANS / "gov2021_county_bilevel.pdf").read_bytes()
    out = extractor.parse(data[: len(data) // 3]).to_dict()
    assert out["report"] is None and out["issues"][0]["severity"] == "error"


def test_hostile_pictures_are_not_read(tmp_path):
    from extractor.readers.images import beside, picture_pdf
    bomb = io.BytesIO()
    Image.new("1", (8000, 6000)).save(bomb, "PNG")  # 48 Mpx in a few kB
    assert picture_pdf(bomb.getvalue()) is None
    assert picture_pdf(b"\x89PNG\r\n\x1a\n truncated") is None
    (tmp_path / "page").mkdir()
    (tmp_path / "secret.png").write_bytes((SCANS / "gov2021_county_table4.png").read_bytes())
    fetch = beside(str(tmp_path / "page" / "index.html"))
    assert fetch("../secret.png") is None and fetch("http://example.invalid/t.png") is None
    assert fetch("data:image/png;base64,iVBORw0KGgo=") == b"\x89PNG\r\n\x1a\n"
