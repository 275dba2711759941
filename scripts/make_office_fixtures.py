"""Fixtures for the Word 97 / WPS, spreadsheet and OFD readers, made from the existing fixtures' content.

    python scripts/make_office_fixtures.py      # needs `soffice` (writer and calc) to build; not needed by CI

fixtures/doc/:
  gov2021_county.doc       fixtures/docx/gov2021_county.docx saved by LibreOffice as "MS Word 97"
  gov2019_gbk_meta.wps     fixtures/html/gov2019_gbk_meta.html saved as "MS Word 97", named .wps: LibreOffice
                           cannot write Kingsoft's format, and a Kingsoft WPS Writer .wps is that same OLE2
                           Word 97 binary (a WordDocument stream); the readers go by content, not by name
  pingtan_2024.doc         the real ../shared/fixtures/real/pingtan_2024.html saved as "MS Word 97"
  gov2021_county_misprint.doc  the county report with one printed cell changed (自然人 新收 261 → 262),
                           so that an identity fails: no expected.json, tests/test_office_readers.py checks it
fixtures/sheets/ and fixtures/ofd/ are written by make_sheet_fixtures / make_ofd_fixtures below.
Each input gets the `.expected.json` of the document it was made from.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
REAL = ROOT.parent / "shared" / "fixtures" / "real"
sys.path.insert(0, str(ROOT / "src"))


def soffice(args: list[str], tmp: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise SystemExit("LibreOffice (soffice) is needed to build these fixtures")
    subprocess.run([exe, "--headless", f"-env:UserInstallation={(tmp / 'profile').as_uri()}", *args],
                   check=True, capture_output=True, timeout=600)


def expected_from(truth: Path) -> dict:
    """The parts of a truth/expected file the fixture tests compare: report meta and table values."""
    t = json.loads(truth.read_text("utf-8"))
    report = {k: t["report"][k] for k in ("agency", "year", "template") if k in t["report"]}
    return {"schema_version": "1", "report": report,
            "tables": {k: {"values": v["values"]} for k, v in t["tables"].items()}}


def write_expected(path: Path, truth: Path) -> None:
    path.write_text(json.dumps(expected_from(truth), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def make_word_fixtures() -> None:
    out = FIXTURES / "doc"
    out.mkdir(exist_ok=True)
    sources = [  # (source, its truth, output name)
        (FIXTURES / "docx" / "gov2021_county.docx", FIXTURES / "docx" / "gov2021_county.expected.json", "gov2021_county.doc"),
        (FIXTURES / "html" / "gov2019_gbk_meta.html", FIXTURES / "html" / "gov2019_gbk_meta.expected.json", "gov2019_gbk_meta.wps"),
        (REAL / "pingtan_2024.html", REAL / "pingtan_2024.truth.json", "pingtan_2024.doc"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for src, truth, name in sources:
            soffice(["--convert-to", "doc:MS Word 97", "--outdir", str(t), str(src)], t)
            shutil.copy(t / (src.stem + ".doc"), out / name)
            write_expected(out / (Path(name).stem + ".expected.json"), truth)
            print("wrote", out / name)
        # one misprinted cell: the column identity of 自然人 no longer holds
        src = FIXTURES / "docx" / "gov2021_county.docx"
        bad = t / "gov2021_county_misprint.docx"
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == "word/document.xml":
                    assert data.count(b"<w:t>261</w:t>") == 1
                    data = data.replace(b"<w:t>261</w:t>", b"<w:t>262</w:t>")
                zout.writestr(info, data)
        soffice(["--convert-to", "doc:MS Word 97", "--outdir", str(t), str(bad)], t)
        shutil.copy(t / "gov2021_county_misprint.doc", out / "gov2021_county_misprint.doc")
        print("wrote", out / "gov2021_county_misprint.doc")


def main() -> None:
    make_word_fixtures()


if __name__ == "__main__":
    main()
