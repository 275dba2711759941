"""Fixtures for the Word 97 / WPS, spreadsheet and OFD readers, made from the existing fixtures' content.

    python scripts/make_office_fixtures.py      # needs `soffice` (writer and calc) to build; not needed by CI
    python scripts/make_office_fixtures.py --sheets-corpus IN OUT   # the tables of every .html of a
        make_corpus.py folder as a workbook: .xlsx (openpyxl, one sheet) and .xls (calc, a table a sheet)
        in turn, with its truth file beside

fixtures/doc/:
  gov2021_county.doc       fixtures/docx/gov2021_county.docx saved by LibreOffice as "MS Word 97"
  gov2019_gbk_meta.wps     fixtures/html/gov2019_gbk_meta.html saved as "MS Word 97", named .wps: LibreOffice
                           cannot write Kingsoft's format, and a Kingsoft WPS Writer .wps is that same OLE2
                           Word 97 binary (a WordDocument stream); the readers go by content, not by name
  pingtan_2024.doc         the real ../shared/fixtures/real/pingtan_2024.html saved as "MS Word 97"
  gov2021_county_rtf.doc   the county report saved by LibreOffice as RTF under a .doc name (as many sites publish)
  gov2021_county_embedded.doc  fixtures/docx/gov2021_county_embedded.docx (table 三 a spreadsheet object) as Word 97
  gov2021_county_numbered.doc  the county report with its 一、… headings and （一）… subheadings as Word list
                           numbering (chineseCounting "%1、" / "（%2）"), not text: the numbers come from numbering.xml
  gov2021_county_misprint.doc  the county report with one printed cell changed (自然人 新收 261 → 262),
                           so that an identity fails: no expected.json, tests/test_office_readers.py checks it
fixtures/sheets/ (the statistics tables of a report as agencies attach them: a title row, the three
tables with their captions, merged cells, numbers as numbers):
  gov2021_county.xlsx      written by openpyxl: one sheet holding the title and all three tables
  gov2021_county_by_sheet.xls  LibreOffice calc's "MS Excel 97" of a workbook with one table per sheet
  gov2019_gbk_meta.et      the gov2019_gbk_meta page's tables, saved by calc as "MS Excel 97" and named
                           .et: WPS Spreadsheets' .et is that OLE2/BIFF8 format (calc cannot write .et)
  putian_style_2012_stats.xls  the legacy 2012 page's 本年度|历年累计 statistics table alone, by calc
fixtures/ofd/ is written by scripts/make_ofd_fixtures.py.
Each input gets the `.expected.json` of the document it was made from.
"""
from __future__ import annotations

import json
import re
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


NUMBERING = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             b'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
             b'<w:lvlText w:val="%1\xe3\x80\x81"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/>'
             b'<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="\xef\xbc\x88%2\xef\xbc\x89"/><w:suff w:val="nothing"/></w:lvl>'
             b'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def numbered(docx: Path, out: Path) -> None:
    """A copy of a .docx whose 一、 and （一） paragraph prefixes are list numbers instead of text."""
    with zipfile.ZipFile(docx) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                def number(m: re.Match, level: int) -> str:
                    return (m.group(1) + f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>'
                            + m.group(2) + m.group(3))
                para = r'(<w:p><w:pPr>)(<w:pStyle w:val="Body"/>(?:(?!</w:pPr>).)*</w:pPr><w:r><w:rPr></w:rPr><w:t>)'
                text, n0 = re.subn(para + r'[一二三四五六]、((?:(?!<).)*</w:t>)', lambda m: number(m, 0), text)
                text, n1 = re.subn(para + r'（[一二三四五]）((?:(?!<).)*</w:t>)', lambda m: number(m, 1), text)
                assert n0 == 6 and n1 == 5, (n0, n1)
                data = text.encode("utf-8")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/numbering.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdNum" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
            zout.writestr(info, data)
        zout.writestr("word/numbering.xml", NUMBERING)


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
        soffice(["--convert-to", "rtf:Rich Text Format", "--outdir", str(t / "rtf"), str(src)], t)
        shutil.copy(t / "rtf" / "gov2021_county.rtf", out / "gov2021_county_rtf.doc")
        write_expected(out / "gov2021_county_rtf.expected.json", FIXTURES / "docx" / "gov2021_county.expected.json")
        print("wrote", out / "gov2021_county_rtf.doc")
        numbered(src, t / "gov2021_county_numbered.docx")
        soffice(["--convert-to", "doc:MS Word 97", "--outdir", str(t), str(t / "gov2021_county_numbered.docx")], t)
        shutil.copy(t / "gov2021_county_numbered.doc", out / "gov2021_county_numbered.doc")
        write_expected(out / "gov2021_county_numbered.expected.json", FIXTURES / "docx" / "gov2021_county.expected.json")
        print("wrote", out / "gov2021_county_numbered.doc")


def report_parts(path: Path):
    """(title lines, [(caption, Table)]) of a fixture, read with the project's own readers."""
    from extractor.readers import read
    doc = read(path.read_bytes(), path.name)
    paragraphs, parts, title = [], [], []
    for b in doc.blocks:
        if b.kind == "table":
            parts.append((paragraphs[-1], b.table))
        else:
            paragraphs.append(b.text)
    title = [doc.source.title] if doc.source.title else paragraphs[:2]
    return title, parts


def put_table(ws, table, top: int) -> int:
    """Write a model Table at row `top` (1-based); numbers as numbers; merged cells merged. → next row."""
    from openpyxl.styles import Alignment, Border, Side
    thin = Side(style="thin")
    for c in table.cells:
        r, k = top + c.row, 1 + c.col
        text = c.text
        value = int(text) if re.fullmatch(r"\d+", text) else float(text) if re.fullmatch(r"\d+\.\d+", text) else text
        cell = ws.cell(r, k, value)
        if isinstance(value, float):
            cell.number_format = "0.00"
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(thin, thin, thin, thin)
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(start_row=r, start_column=k, end_row=r + c.rowspan - 1, end_column=k + c.colspan - 1)
    return top + table.n_rows


def workbook(title: list[str], parts, one_sheet: bool):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.properties.title = "".join(title)
    ws = wb.active
    ws.title = "统计表" if one_sheet else "主动公开"
    width = max(t.n_cols for _, t in parts)
    row = 1
    for i, (caption, table) in enumerate(parts):
        if not one_sheet and i:
            ws = wb.create_sheet(["主动公开", "依申请公开", "复议诉讼"][i] if i < 3 else f"表{i + 1}")
            row = 1
        if i == 0 or not one_sheet:
            ws.cell(row, 1, "".join(title))
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width if one_sheet else table.n_cols)
            row += 1 if one_sheet else 2
        ws.cell(row, 1, caption)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=table.n_cols)
        row = put_table(ws, table, row + 1) + 1
    return wb


def embedded(docx: Path, out: Path) -> None:
    """A copy of a .docx whose second table (三) is a spreadsheet object, as Word and WPS store a table pasted
    from Excel: w:object/o:OLEObject pointing at word/embeddings/Microsoft_Excel_Worksheet1.xlsx."""
    import io
    import openpyxl
    from extractor.readers.docx import read_docx
    table = read_docx(docx.read_bytes()).tables()[1]
    wb = openpyxl.Workbook()
    put_table(wb.active, table, 1)
    buf = io.BytesIO()
    wb.save(buf)
    ns = ('xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
    obj = (f'<w:p><w:r><w:object {ns} w:dxaOrig="9000" w:dyaOrig="9000">'
           '<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:450pt;height:450pt" o:ole="">'
           '<v:imagedata r:id="rIdImg1" o:title=""/></v:shape>'
           '<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" '
           'ObjectID="_1700000000" r:id="rIdXls1"/></w:object></w:r></w:p>')
    # the picture Word shows for the object: a blank 1×1 PNG stands in for the sheet's preview
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    with zipfile.ZipFile(docx) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                spans = [(m.start(), text.index("</w:tbl>", m.start()) + len("</w:tbl>"))
                         for m in re.finditer(r"<w:tbl>", text)]
                a, b = next((x, y) for x, y in spans if "本年度办理结果" in text[x:y])
                data = (text[:a] + obj + text[b:]).encode("utf-8")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Default Extension="xlsx" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>'
                                    b'<Default Extension="png" ContentType="image/png"/></Types>')
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdXls1" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/package" Target="embeddings/Microsoft_Excel_Worksheet1.xlsx"/>'
                                    b'<Relationship Id="rIdImg1" Type="http://schemas.openxmlformats.org/officeDocument/'
                                    b'2006/relationships/image" Target="media/image1.png"/></Relationships>')
            zout.writestr(info, data)
        zout.writestr("word/embeddings/Microsoft_Excel_Worksheet1.xlsx", buf.getvalue())
        zout.writestr("word/media/image1.png", png)


def make_sheet_fixtures() -> None:
    out = FIXTURES / "sheets"
    out.mkdir(exist_ok=True)
    county = FIXTURES / "docx" / "gov2021_county.docx"
    title, parts = report_parts(county)
    workbook(title, parts, True).save(out / "gov2021_county.xlsx")
    write_expected(out / "gov2021_county.expected.json", FIXTURES / "docx" / "gov2021_county.expected.json")
    print("wrote", out / "gov2021_county.xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for src, truth, name in [
            (county, FIXTURES / "docx" / "gov2021_county.expected.json", "gov2021_county_by_sheet.xls"),
            (FIXTURES / "html" / "gov2019_gbk_meta.html", FIXTURES / "html" / "gov2019_gbk_meta.expected.json", "gov2019_gbk_meta.et"),
            (FIXTURES / "legacy" / "putian_style_2012.html", None, "putian_style_2012_stats.xls"),
        ]:
            title, parts = report_parts(src)
            x = t / (Path(name).stem + ".xlsx")
            workbook(title, parts, False).save(x)
            soffice(["--convert-to", "xls:MS Excel 97", "--outdir", str(t / "xls"), str(x)], t)
            shutil.copy(t / "xls" / (x.stem + ".xls"), out / name)
            if truth:  # the legacy one: tests/test_sheet_readers.py compares its figures with the page's
                write_expected(out / (Path(name).stem + ".expected.json"), truth)
            print("wrote", out / name)


def make_embedded_fixtures() -> None:
    out = FIXTURES / "docx" / "gov2021_county_embedded.docx"
    embedded(FIXTURES / "docx" / "gov2021_county.docx", out)
    write_expected(out.with_name("gov2021_county_embedded.expected.json"), FIXTURES / "docx" / "gov2021_county.expected.json")
    print("wrote", out)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        soffice(["--convert-to", "doc:MS Word 97", "--outdir", str(t), str(out)], t)
        shutil.copy(t / "gov2021_county_embedded.doc", FIXTURES / "doc" / "gov2021_county_embedded.doc")
        write_expected(FIXTURES / "doc" / "gov2021_county_embedded.expected.json", FIXTURES / "docx" / "gov2021_county.expected.json")
        print("wrote", FIXTURES / "doc" / "gov2021_county_embedded.doc")


def sheets_corpus(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    todo = []
    for i, p in enumerate(sorted(src.glob("*.html"))):
        truth = src / f"{p.stem}.truth.json"
        title, parts = report_parts(p)
        if not truth.exists() or len(parts) < 3:
            continue
        todo.append((p.stem, workbook(title, parts, i % 2 == 0), i % 2 == 0))
        shutil.copy(truth, dst / truth.name)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        xls = []
        for stem, wb, as_xlsx in todo:
            if as_xlsx:
                wb.save(dst / f"{stem}.xlsx")
            else:
                wb.save(t / f"{stem}.xlsx")
                xls.append(str(t / f"{stem}.xlsx"))
        if xls:
            soffice(["--convert-to", "xls:MS Excel 97", "--outdir", str(dst), *xls], t)
    print(f"wrote {len(todo)} workbooks to {dst}")


def main() -> None:
    if sys.argv[1:2] == ["--embedded-only"]:
        make_embedded_fixtures()
        return
    if sys.argv[1:2] == ["--sheets-corpus"]:
        sheets_corpus(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    if "--sheets-only" not in sys.argv:
        make_word_fixtures()
    make_sheet_fixtures()
    make_embedded_fixtures()


if __name__ == "__main__":
    main()
