"""Word 97 .doc and WPS .wps files (fixtures/doc/, made by scripts/make_office_fixtures.py with LibreOffice):
converted by LibreOffice to DOCX and read like a .docx; bad ones are one-line error records."""
import json
import shutil

import pytest

import extractor
from extractor.readers import MHTML, MSWORD, OFD, RTF, XLSX, office, read, sniff
from conftest import FIXTURES, cells, report_mismatches, truth

DOC = FIXTURES / "doc"
needs_lo = pytest.mark.skipif(office.soffice_path() is None,
                              reason="LibreOffice (Debian libreoffice-writer-nogui) is not installed and scripts/setup could not install it")


def table_values(out: dict) -> dict:
    return {k: t["values"] for k, t in out["tables"].items()}


def test_sniffed_by_content_not_by_name():
    wps = (DOC / "gov2019_gbk_meta.wps").read_bytes()
    assert sniff(wps, "report.wps") == sniff(wps, "report.txt") == sniff(wps) == MSWORD
    xls_named = sniff((DOC / "gov2021_county.doc").read_bytes(), "stats.xls")
    assert xls_named == MSWORD  # a WordDocument stream inside wins over the name


@pytest.mark.parametrize("path", [pytest.param(DOC / "gov2021_county.doc", marks=needs_lo),
                                  FIXTURES / "sheets" / "gov2021_county.xlsx", FIXTURES / "sheets" / "gov2021_county_by_sheet.xls",
                                  FIXTURES / "ofd" / "gov2021_county.ofd"], ids=lambda p: p.suffix)
def test_the_county_requests_table_keeps_its_merged_cells(path):
    doc = read(path.read_bytes(), path.name)
    requests = next(t for t in doc.tables() if any("本年度办理结果" in c.text for c in t.cells))
    label = next(c for c in requests.cells if "本年度办理结果" in c.text)
    assert (label.rowspan, label.col, label.colspan) == (22, 0, 1)
    assert next(c for c in requests.cells if c.text.startswith("（三）不予公开")).rowspan == 8
    assert requests.n_cols == 10  # the table's own columns (a sheet's widest row is wider)


@needs_lo
def test_doc_parses_like_the_docx():
    out = extractor.parse(DOC / "gov2021_county.doc").to_dict()
    docx = extractor.parse(FIXTURES / "docx" / "gov2021_county.docx").to_dict()
    assert table_values(out) == table_values(docx)
    assert out["report"]["agency"] == "青山县人民政府" and out["report"]["year"] == 2023
    assert out["source"]["media_type"] == MSWORD
    assert not [c for c in out["checks"] if c["ok"] is False]


@pytest.mark.parametrize("path", [pytest.param(DOC / "pingtan_2024.doc", marks=needs_lo), FIXTURES / "ofd" / "pingtan_2024.ofd"],
                         ids=["word97", "ofd"])
def test_real_report_in_another_format_every_cell(path, real_dir):
    want = truth("pingtan_2024")
    out = extractor.parse(path).to_dict()
    wrong = [(t, r, c, v) for t, r, c, v in cells(want["tables"]) if out["tables"][t]["values"][r][c] != v]
    assert wrong == [] and len(list(cells(want["tables"]))) == 207
    assert report_mismatches(out, want) == []
    assert not [c for c in out["checks"] if c["ok"] is False]


@needs_lo
def test_wps_file_is_read_as_word():
    out = extractor.parse(DOC / "gov2019_gbk_meta.wps").to_dict()
    want = json.loads((FIXTURES / "html" / "gov2019_gbk_meta.expected.json").read_text("utf-8"))
    assert table_values(out) == {k: t["values"] for k, t in want["tables"].items()}
    assert (out["report"]["agency"], out["report"]["year"], out["report"]["template"]) == ("青溪县人民政府", 2020, "gov-2019")


@needs_lo
def test_misprinted_cell_is_kept_and_its_identity_reported():
    out = extractor.parse(DOC / "gov2021_county_misprint.doc").to_dict()
    assert out["tables"]["requests"]["values"]["new_received"]["natural_person"] == 262  # as printed
    assert out["tables"]["requests"]["values"]["new_received"]["total"] == 287
    failed = [c for c in out["checks"] if c["ok"] is False]
    assert failed and all(c["column"] == "natural_person" for c in failed if c.get("column"))
    assert any(i["code"] == "identity_failed" for i in out["issues"])


def test_without_libreoffice_a_one_line_error_naming_the_package(monkeypatch):
    monkeypatch.setattr(office, "soffice_path", lambda: None)  # in this process: no worker limits
    out = extractor.parse((DOC / "gov2021_county.doc").read_bytes(), timeout=0, max_memory_mb=0).to_dict()
    err = out["issues"][0]
    assert (err["severity"], err["code"], out["report"]) == ("error", "converter_missing", None)
    assert "libreoffice-writer-nogui" in err["message"] and "\n" not in err["message"]


@pytest.mark.parametrize("data", [
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,  # the magic and nothing
    (DOC / "gov2021_county.doc").read_bytes()[:20000],  # truncated
], ids=["magic_only", "truncated"])
def test_damaged_word_file_is_doc_unreadable(data):
    out = extractor.parse(data).to_dict()
    assert out["issues"][0]["code"] == "doc_unreadable" and out["report"] is None


@needs_lo
def test_converter_time_limit(monkeypatch):
    monkeypatch.setattr(office, "TIMEOUT_S", 0.05)  # in this process: no worker limits
    out = extractor.parse((DOC / "gov2021_county.doc").read_bytes(), timeout=0, max_memory_mb=0).to_dict()
    assert out["issues"][0]["code"] == "doc_unreadable" and "did not finish" in out["issues"][0]["message"]


@needs_lo
def test_word_stream_of_junk_is_an_error_record(tmp_path):
    import olefile
    path = tmp_path / "junk.doc"
    shutil.copy(DOC / "gov2021_county.doc", path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        size = ole.get_size("WordDocument")
        ole.write_stream("WordDocument", bytes(range(256)) * (size // 256) + b"\x00" * (size % 256))
    out = extractor.parse(path).to_dict()
    assert out["report"] is None and out["issues"][0]["severity"] == "error"
    assert out["issues"][0]["code"] in ("doc_unreadable", "not_an_annual_report")


@needs_lo
def test_libreoffice_does_not_outlive_a_killed_worker(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    env = dict(os.environ, TMPDIR=str(tmp_path))  # the converter's folder is then under tmp_path
    child = subprocess.Popen([sys.executable, "-c", f"import extractor; extractor.parse({str(DOC / 'pingtan_2024.doc')!r})"], env=env)

    def running() -> list[str]:
        return subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True).stdout.split()

    deadline = time.monotonic() + 20
    while not running() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert running(), "LibreOffice never started"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 10
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert running() == []


@needs_lo
def test_batch_takes_the_new_formats_by_content(tmp_path):
    from extractor.batch import run_batch
    from extractor.batch.inputs import looks_like_report
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DOC / "gov2019_gbk_meta.wps", src / "附件1")  # no extension: an OLE2 file
    shutil.copy(FIXTURES / "ofd" / "gov2021_county.ofd", src / "附件2")  # a ZIP: taken for its OFD.xml
    shutil.copy(FIXTURES / "sheets" / "gov2021_county.xlsx", src / "stats.xlsx")
    import zipfile
    with zipfile.ZipFile(src / "photos.zip", "w") as z:
        z.writestr("a.txt", "not a report")
    assert [looks_like_report(str(src / n)) for n in ("附件1", "附件2", "stats.xlsx", "photos.zip")] == [True, True, True, False]
    summary = run_batch([str(src)], str(tmp_path / "out"), workers=1, progress="none")
    assert summary.parsed == 3 and not summary.failed
    rows = [json.loads(line) for line in (tmp_path / "out" / "reports.jsonl").read_text("utf-8").splitlines()]
    assert sorted(r["source"]["media_type"] for r in rows) == sorted([MSWORD, OFD, XLSX])
    assert all(r["report"]["template"] in ("gov-2019", "gov-2021") for r in rows)


def test_password_protected_word_file_is_doc_encrypted(tmp_path):
    import olefile
    path = tmp_path / "locked.doc"
    shutil.copy(DOC / "gov2021_county.doc", path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        fib = bytearray(ole.openstream("WordDocument").read())
        fib[0x0B] |= 0x01  # fEncrypted, as Word sets it for a password
        ole.write_stream("WordDocument", bytes(fib))
    out = extractor.parse(path).to_dict()
    assert (out["issues"][0]["code"], out["report"]) == ("doc_encrypted", None)


@needs_lo
def test_headings_numbered_by_word_lists_keep_their_numbers():
    doc = read((DOC / "gov2021_county_numbered.doc").read_bytes())
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert "一、总体情况" in paragraphs and "六、其他需要报告的事项" in paragraphs
    assert any(t.startswith("（五）监督保障情况。") for t in paragraphs)  # the sublevel restarts under 一、
    out = extractor.parse(DOC / "gov2021_county_numbered.doc").to_dict()
    assert [s["key"] for s in out["sections"]] == ["overview", "proactive_disclosure", "requests",
                                                   "review_litigation", "problems", "other"]


def test_list_number_formats():
    from extractor.readers.docx_numbering import chinese, format_number
    assert [chinese(n) for n in (1, 10, 11, 20, 23, 100, 105, 110, 121)] == \
        ["一", "十", "十一", "二十", "二十三", "一百", "一百零五", "一百一十", "一百二十一"]
    assert format_number(3, "taiwaneseCountingThousand") == "三"
    assert format_number(2, "decimalEnclosedCircle") == "②" and format_number(4, "upperRoman") == "IV"
    assert format_number(12, "decimal") == "12" and format_number(28, "lowerLetter") == "bb"


@needs_lo
def test_rtf_under_a_doc_name_is_converted_like_a_doc():
    data = (DOC / "gov2021_county_rtf.doc").read_bytes()
    assert data.startswith(b"{\\rtf") and sniff(data, "x.doc") == RTF
    out = extractor.parse(DOC / "gov2021_county_rtf.doc").to_dict()
    docx = extractor.parse(FIXTURES / "docx" / "gov2021_county.docx").to_dict()
    assert table_values(out) == table_values(docx) and out["source"]["media_type"] == RTF


def test_single_file_web_page_under_a_doc_name(tmp_path):
    """Word/WPS "single file web page" (MHTML): the GBK page as a quoted-printable HTML part."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    page = FIXTURES / "html" / "gov2019_gbk_meta.html"
    msg = MIMEMultipart("related")
    part = MIMEText(page.read_bytes().decode("gbk"), "html", "gbk")
    msg.attach(part)
    path = tmp_path / "report.doc"
    path.write_bytes(msg.as_bytes())
    assert sniff(path.read_bytes(), path.name) == MHTML
    out = extractor.parse(path).to_dict()
    want = json.loads((FIXTURES / "html" / "gov2019_gbk_meta.expected.json").read_text("utf-8"))
    assert table_values(out) == {k: t["values"] for k, t in want["tables"].items()}
    assert out["report"]["agency"] == "青溪县人民政府"
    bad = tmp_path / "bad.mht"
    bad.write_bytes(b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\nContent-Type: image/png\n\nabc\n--x--\n")
    assert extractor.parse(bad).to_dict()["issues"][0]["code"] == "mhtml_unreadable"


@pytest.mark.parametrize("path", [FIXTURES / "docx" / "gov2021_county_embedded.docx",
                                  pytest.param(DOC / "gov2021_county_embedded.doc", marks=needs_lo)], ids=["docx", "doc"])
def test_a_table_pasted_as_a_spreadsheet_object_is_read_from_the_workbook(path):
    doc = read(path.read_bytes(), path.name)
    requests = next(t for t in doc.tables() if any("本年度办理结果" in c.text for c in t.cells))
    assert ">object>" in requests.prov.path  # from word/embeddings/…xlsx, not from the object's picture
    out = extractor.parse(path).to_dict()
    assert table_values(out) == table_values(extractor.parse(FIXTURES / "docx" / "gov2021_county.docx").to_dict())


def test_a_damaged_embedded_workbook_costs_only_its_table(tmp_path):
    import zipfile
    src = FIXTURES / "docx" / "gov2021_county_embedded.docx"
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, data[:300] if info.filename.startswith("word/embeddings/") else data)
    out = extractor.parse(bad).to_dict()
    assert out["report"]["agency"] == "青山县人民政府"
    assert any(i["code"] == "table_missing" and i["where"] == "requests" for i in out["issues"])
    assert out["tables"]["proactive_disclosure"]["values"]["rules"]["issued"] == 2
