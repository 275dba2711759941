"""Build the small PDF fixtures in fixtures/pdf/ the way real reports are made: a word-processor
document (Flat ODT) converted by LibreOffice.

    python scripts/make_pdf_fixtures.py        # needs `soffice` and Noto CJK fonts (not needed by CI)

Writes, for each fixture, <name>.pdf and <name>.expected.json (tables in the output-contract
`tables.<table>.values.<row>.<column>` form). All output-contract identities hold.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
FONT = "Noto Sans CJK SC"

# --- made-up, self-consistent numbers -------------------------------------------------------
COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"]
# rows of table 三 below 三、本年度办理结果: key, group label, group rowspan, item label, 6 values
RESULT_ROWS: list[tuple[str, str, str, list[int]]] = [
    ("granted", "（一）予以公开", "", [120, 8, 1, 0, 3, 2]),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", [35, 2, 0, 0, 1, 0]),
    ("denied.state_secret", "（三）不予公开", "1.属于国家秘密", [1, 0, 0, 0, 0, 0]),
    ("denied.prohibited_by_law", "", "2.其他法律行政法规禁止公开", [3, 0, 0, 0, 0, 0]),
    ("denied.three_safety_one_stability", "", "3.危及“三安全一稳定”", [0, 0, 0, 0, 0, 0]),
    ("denied.third_party_rights", "", "4.保护第三方合法权益", [2, 1, 0, 0, 0, 0]),
    ("denied.internal_affairs", "", "5.属于三类内部事务信息", [4, 0, 0, 0, 0, 0]),
    ("denied.process_info", "", "6.属于四类过程性信息", [5, 0, 0, 0, 0, 0]),
    ("denied.enforcement_case", "", "7.属于行政执法案卷", [1, 0, 0, 0, 0, 0]),
    ("denied.administrative_query", "", "8.属于行政查询事项", [9, 0, 0, 0, 0, 0]),
    ("unavailable.not_held", "（四）无法提供", "1.本机关不掌握相关政府信息", [40, 3, 0, 0, 2, 0]),
    ("unavailable.needs_creation", "", "2.没有现成信息需要另行制作", [6, 0, 0, 0, 0, 0]),
    ("unavailable.unclear_after_correction", "", "3.补正后申请内容仍不明确", [2, 0, 0, 0, 0, 0]),
    ("not_processed.petition_complaint", "（五）不予处理", "1.信访举报投诉类申请", [11, 0, 0, 0, 0, 0]),
    ("not_processed.repeated", "", "2.重复申请", [7, 1, 0, 0, 0, 0]),
    ("not_processed.publication", "", "3.要求提供公开出版物", [1, 0, 0, 0, 0, 0]),
    ("not_processed.mass_repeated", "", "4.无正当理由大量反复申请", [0, 0, 0, 0, 0, 0]),
    ("not_processed.confirm_or_reissue", "", "5.要求行政机关确认或重新出具已获取信息", [1, 0, 0, 0, 0, 0]),
    ("other.overdue_correction", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [8, 1, 0, 0, 0, 0]),
    ("other.overdue_fee", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0, 0, 0, 0, 0, 0]),
    ("other.other", "", "3.其他", [3, 0, 0, 0, 0, 1]),
]
GROUP_SPANS = {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5, "（六）其他处理": 3}
CARRIED_OVER = [10, 1, 0, 0, 0, 0]
CARRIED_FORWARD = [12, 0, 0, 0, 1, 0]
REVIEW = {  # upheld, corrected, other, pending
    "review": [9, 2, 3, 1],
    "litigation_direct": [4, 1, 0, 2],
    "litigation_after_review": [1, 0, 1, 0],
}
PROACTIVE = {
    "rules": {"issued": 2, "repealed": 0, "in_force": 15},
    "normative_docs": {"issued": 12, "repealed": 5, "in_force": 87},
    "admin_license": {"decisions": 15327},
    "admin_penalty": {"decisions": 2841},
    "admin_coercion": {"decisions": 37},
    "admin_fees": {"amount": 20.3},
}
AGENCY = "青山县人民政府"
YEAR = 2023
TITLE = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"


def with_total(vals: list[int]) -> dict[str, int]:
    d = dict(zip(COLS, vals))
    d["total"] = sum(vals)
    return d


def requests_values() -> dict[str, dict[str, int]]:
    rows = {key: with_total(v) for key, _, _, v in RESULT_ROWS}
    processed = [sum(v[i] for _, _, _, v in RESULT_ROWS) for i in range(6)]
    new = [processed[i] + CARRIED_FORWARD[i] - CARRIED_OVER[i] for i in range(6)]
    assert min(new) >= 0
    other = [sum(v[i] for k, _, _, v in RESULT_ROWS if k.startswith("other.")) for i in range(6)]
    return {"new_received": with_total(new), "carried_over": with_total(CARRIED_OVER), **rows,
            "total_processed": with_total(processed), "carried_forward": with_total(CARRIED_FORWARD),
            "other": with_total(other)}


def review_values() -> dict[str, dict[str, int]]:
    keys = ["upheld", "corrected", "other", "pending"]
    return {g: {**dict(zip(keys, v)), "total": sum(v)} for g, v in REVIEW.items()}


# --- Flat ODT -------------------------------------------------------------------------------
Spec = tuple[int, int, int, int, str]  # row, col, rowspan, colspan, text


def table_xml(name: str, widths_cm: list[float], cells: list[Spec], n_rows: int, para: str = "CellP",
              cell: str = "TC") -> tuple[str, str]:
    """Column styles and the table element; spanned positions become covered cells."""
    n_cols = len(widths_cm)
    anchors = {(r, c): (rs, cs, t) for r, c, rs, cs, t in cells}
    covered = {(r + i, c + j) for r, c, rs, cs, _ in cells for i in range(rs) for j in range(cs)} - set(anchors)
    cols = "".join(f'<table:table-column table:style-name="{name}.C{k}"/>' for k in range(n_cols))
    rows = []
    for r in range(n_rows):
        out = []
        for c in range(n_cols):
            if (r, c) in anchors:
                rs, cs, t = anchors[(r, c)]
                paras = "".join(f'<text:p text:style-name="{para}">{escape(x)}</text:p>' for x in t.split("\n"))
                out.append(f'<table:table-cell table:style-name="{cell}" table:number-rows-spanned="{rs}" '
                           f'table:number-columns-spanned="{cs}" office:value-type="string">{paras}</table:table-cell>')
            elif (r, c) in covered:
                out.append("<table:covered-table-cell/>")
            else:
                out.append(f'<table:table-cell table:style-name="{cell}" office:value-type="string"><text:p text:style-name="{para}"/></table:table-cell>')
        rows.append("<table:table-row>" + "".join(out) + "</table:table-row>")
    col_styles = "".join(
        f'<style:style style:name="{name}.C{k}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{w}cm"/></style:style>'
        for k, w in enumerate(widths_cm))
    return col_styles, (f'<table:table table:name="{name}" table:style-name="Tbl">{cols}{"".join(rows)}</table:table>')


def table3_cells() -> tuple[list[Spec], int]:
    vals = requests_values()
    cells: list[Spec] = [
        (0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        (0, 3, 1, 7, "申请人情况"), (1, 3, 2, 1, "自然人"), (1, 4, 1, 5, "法人或其他组织"), (1, 9, 2, 1, "总计"),
        (2, 4, 1, 1, "商业企业"), (2, 5, 1, 1, "科研机构"), (2, 6, 1, 1, "社会公益组织"),
        (2, 7, 1, 1, "法律服务机构"), (2, 8, 1, 1, "其他"),
    ]

    def values(r: int, key: str) -> list[Spec]:
        v = vals[key]
        return [(r, 3 + i, 1, 1, str(v[c])) for i, c in enumerate(COLS + ["total"])]

    cells += [(3, 0, 1, 3, "一、本年新收政府信息公开申请数量"), *values(3, "new_received"),
              (4, 0, 1, 3, "二、上年结转政府信息公开申请数量"), *values(4, "carried_over"),
              (5, 0, 22, 1, "三、本年度办理结果")]
    r = 5
    for key, group, item, _ in RESULT_ROWS:
        if not item:
            cells.append((r, 1, 1, 2, group))
        else:
            if group:
                cells.append((r, 1, GROUP_SPANS[group], 1, group))
            cells.append((r, 2, 1, 1, item))
        cells += values(r, key)
        r += 1
    cells += [(r, 1, 1, 2, "（七）总计"), *values(r, "total_processed"),
              (r + 1, 0, 1, 3, "四、结转下年度继续办理"), *values(r + 1, "carried_forward")]
    return cells, r + 2


def table2_cells() -> tuple[list[Spec], int]:
    p = PROACTIVE
    cells: list[Spec] = [
        (0, 0, 1, 4, "第二十条第（一）项"),
        (1, 0, 1, 1, "信息内容"), (1, 1, 1, 1, "本年制发件数"), (1, 2, 1, 1, "本年废止件数"), (1, 3, 1, 1, "现行有效件数"),
    ]
    r = 2
    for key, label in (("rules", "规章"), ("normative_docs", "行政规范性文件")):
        v = p[key]
        cells += [(r, 0, 1, 1, label), (r, 1, 1, 1, str(v["issued"])), (r, 2, 1, 1, str(v["repealed"])),
                  (r, 3, 1, 1, str(v["in_force"]))]
        r += 1
    blocks = [("第二十条第（五）项", "本年处理决定数量", [("行政许可", p["admin_license"]["decisions"])]),
              ("第二十条第（六）项", "本年处理决定数量", [("行政处罚", p["admin_penalty"]["decisions"]),
                                                 ("行政强制", p["admin_coercion"]["decisions"])]),
              ("第二十条第（八）项", "本年收费金额（单位：万元）", [("行政事业性收费", p["admin_fees"]["amount"])])]
    for caption, head, items in blocks:
        cells += [(r, 0, 1, 4, caption), (r + 1, 0, 1, 1, "信息内容"), (r + 1, 1, 1, 3, head)]
        r += 2
        for label, v in items:
            cells += [(r, 0, 1, 1, label), (r, 1, 1, 3, str(v))]
            r += 1
    return cells, r


def table4_cells() -> tuple[list[Spec], int]:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    cells: list[Spec] = [(0, 0, 1, 5, "行政复议"), (0, 5, 1, 10, "行政诉讼"),
                         (1, 5, 1, 5, "未经复议直接起诉"), (1, 10, 1, 5, "复议后起诉")]
    cells += [(1, i, 2, 1, h) for i, h in enumerate(heads)]
    cells += [(2, 5 + i, 1, 1, h) for i, h in enumerate(heads * 2)]
    nums = [n for g in REVIEW.values() for n in [*g, sum(g)]]
    cells += [(3, i, 1, 1, str(n)) for i, n in enumerate(nums)]
    return cells, 4


FILLER = ("围绕优化营商环境、保障和改善民生等重点领域，持续加大政府信息公开力度，"
          "及时准确发布政策文件和工作动态，不断提升政务公开标准化规范化水平。")


def body_xml(cell: str = "TC") -> tuple[str, str]:
    """The county report; cell="TH" rules its tables 二/三/四 with horizontal lines only."""
    v = requests_values()
    rv = review_values()
    P = lambda t, s="Body": f'<text:p text:style-name="{s}">{escape(t)}</text:p>'  # noqa: E731
    c2, t2 = table_xml("T2", [4.6, 3.7, 3.7, 3.8], *table2_cells(), cell=cell)
    c3, t3 = table_xml("T3", [1.1, 1.7, 4.4] + [1.23] * 7, *table3_cells(), cell=cell)
    c4, t4 = table_xml("T4", [1.05] * 15, *table4_cells(), cell=cell)
    cb, tb = table_xml("TB", [15.8], [(0, 0, 1, 1,
        f"本报告由{AGENCY}办公室根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制。"
        f"报告所列统计期限自{YEAR}年1月1日至{YEAR}年12月31日。如对本报告有疑问，请与{AGENCY}办公室联系。")], 1, "BoxP")
    parts = [
        P(AGENCY, "Title"), P(f"{YEAR}年政府信息公开工作年度报告", "Title"), tb,
        P("一、总体情况"),
        P(f"{YEAR}年，我县坚持以人民为中心的发展思想，认真贯彻落实《条例》各项规定。" + FILLER * 2),
        P("（一）主动公开情况。全年主动公开政府信息3260条，" + FILLER * 2),
        P(f"（二）依申请公开情况。全年共受理政府信息公开申请{v['new_received']['total']}件，"
          f"办结{v['total_processed']['total']}件。政府信息公开行政复议{rv['review']['total']}件。" + FILLER),
        P("（三）政府信息管理情况。" + FILLER * 2),
        P("（四）政府信息公开平台建设情况。" + FILLER),
        P("（五）监督保障情况。" + FILLER),
        P("二、主动公开政府信息情况"), t2,
        P("三、收到和处理政府信息公开申请情况"), t3,
        P("四、政府信息公开行政复议、行政诉讼情况"), t4,
        P("五、存在的主要问题及改进情况"),
        P("一是政策解读形式较为单一；二是基层政务公开工作人员业务能力有待提升。" + FILLER),
        P("六、其他需要报告的事项"),
        P(f"{YEAR}年，本机关未收取政府信息公开信息处理费。"),
    ]
    return c2 + c3 + c4 + cb, "".join(parts)


STAMP = "青山县人民政府办公室"


def stamped_body() -> tuple[str, str]:
    """The county report with the issuing office's stamp set at an angle under its last line (a shape
    whose text is rotated): the last page's chars are not all upright, so the fast path hands that
    page, and only that page, to pdfplumber (`gov2021_county_stamp.pdf`, issue 16's per-page fallback)."""
    styles, body = body_xml()
    stamp = ('<draw:rect text:anchor-type="paragraph" draw:style-name="Stamp" svg:width="4.2cm" svg:height="1.1cm" '
             'draw:transform="rotate (0.35) translate (10.2cm 1.6cm)">'
             f'<text:p text:style-name="StampP">{STAMP}</text:p></draw:rect>')
    assert body.endswith("</text:p>")
    body = body[:-len("</text:p>")] + stamp + "</text:p>"
    stamp_styles = ('<style:style style:name="StampP" style:family="paragraph"><style:paragraph-properties '
                    'fo:text-align="center"/><style:text-properties fo:font-size="10pt" style:font-size-asian="10pt" '
                    'fo:color="#c00000"/></style:style>'
                    '<style:style style:name="Stamp" style:family="graphic"><style:graphic-properties draw:stroke="solid" '
                    'svg:stroke-color="#c00000" draw:fill="none" style:wrap="run-through" style:run-through="foreground"/></style:style>')
    return styles + stamp_styles, body


def rules_only_body() -> tuple[str, str]:
    """A statistics table ruled with horizontal lines only (no vertical borders)."""
    v = requests_values()
    heads = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    rows = [("new_received", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量"),
            ("granted", "（一）予以公开"), ("total_processed", "（七）总计"), ("carried_forward", "四、结转下年度继续办理")]
    cells: list[Spec] = [(0, 0, 1, 1, "项目")] + [(0, 1 + i, 1, 1, h) for i, h in enumerate(heads)]
    for r, (key, label) in enumerate(rows, start=1):
        cells += [(r, 0, 1, 1, label)] + [(r, 1 + i, 1, 1, str(v[key][c])) for i, c in enumerate(COLS + ["total"])]
    cs, t = table_xml("TR", [5.0] + [1.55] * 7, cells, len(rows) + 1, cell="TH")
    P = lambda t, st="Body": f'<text:p text:style-name="{st}">{escape(t)}</text:p>'  # noqa: E731
    return cs, P("三、收到和处理政府信息公开申请情况") + t + P("以上为本年度依申请公开情况。")


def fodt(body_fn=body_xml) -> str:
    col_styles, body = body_fn()
    size = '<style:text-properties style:font-name="F" fo:font-size="{0}pt" style:font-name-asian="F" style:font-size-asian="{0}pt"/>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{TITLE}</dc:title></office:meta>
<office:font-face-decls><style:font-face style:name="F" svg:font-family="'{FONT}'"/></office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph"><style:paragraph-properties style:punctuation-wrap="simple"/>{size.format(14)}</style:default-style>
 <style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="28pt" fo:text-align="justify" fo:line-height="140%"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="6pt"/>{size.format(18)}</style:style>
 <style:style style:name="BoxP" style:family="paragraph"><style:paragraph-properties fo:text-indent="24pt" fo:text-align="justify"/>{size.format(12)}</style:style>
 <style:style style:name="CellP" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>{size.format(9)}</style:style>
 <style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>{size.format(10)}</style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="2.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.6cm" fo:margin-right="2.6cm"/>
   <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>
 <style:style style:name="Tbl" style:family="table"><style:table-properties style:width="15.8cm" table:align="center" fo:margin-top="4pt" fo:margin-bottom="4pt"/></style:style>
 <style:style style:name="TH" style:family="table-cell"><style:table-cell-properties fo:border-top="0.5pt solid #000000" fo:border-bottom="0.5pt solid #000000" fo:border-left="none" fo:border-right="none" fo:padding="0.04cm"/></style:style>
 <style:style style:name="TC" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.04cm" style:vertical-align="middle"/></style:style>
 {col_styles}
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1"><style:footer>
  <text:p text:style-name="Footer">- <text:page-number text:select-page="current">1</text:page-number> -</text:p>
 </style:footer></style:master-page>
</office:master-styles>
<office:body><office:text>{body}</office:text></office:body>
</office:document>
"""


def expected() -> dict:
    return {
        "schema_version": "1",
        "report": {"title": TITLE, "agency": AGENCY, "year": YEAR, "template": "gov-2021", "script": "simplified"},
        "sections": [{"key": k, "number": i + 1} for i, k in enumerate(
            ["overview", "proactive_disclosure", "requests", "review_litigation", "problems", "other"])],
        "tables": {
            "proactive_disclosure": {"values": PROACTIVE},
            "requests": {"values": requests_values()},
            "review_litigation": {"values": review_values()},
        },
        "expected_failing_rules": [],
    }


def no_text_layer_pdf() -> bytes:
    """A one-page PDF with only a drawn rectangle, like a scan without OCR."""
    stream = b"0.5 w 100 500 300 200 re S"
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<<>>>>",
            b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    return out + b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


ENCRYPT = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
           '"DocumentOpenPassword":{"type":"string","value":"secret"}}')


def convert(fodt_text: str, name: str, target: str = "pdf") -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to build the fixtures")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{name}.fodt"
        src.write_text(fodt_text, encoding="utf-8")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", target, "--outdir", tmp, str(src)], check=True, capture_output=True)
        OUT.mkdir(parents=True, exist_ok=True)
        dst = OUT / f"{name}.pdf"
        shutil.copy(Path(tmp) / f"{name}.pdf", dst)
    return dst


def image_table_pdf(name: str = "gov2021_tables_as_images") -> Path:
    """A report whose three tables were pasted in as pictures (a scan of the printed tables)."""
    import base64
    import io as _io

    from PIL import Image, ImageDraw
    img = Image.new("RGB", (900, 520), "white")
    draw = ImageDraw.Draw(img)
    for r in range(14):
        draw.line([(20, 20 + r * 35), (880, 20 + r * 35)], fill="black", width=2)
    for c in range(9):
        draw.line([(20 + c * 107, 20), (20 + c * 107, 475)], fill="black", width=2)
    for r in range(1, 13):
        for c in range(1, 8):
            draw.text((40 + c * 107, 30 + r * 35), str((r * 7 + c) % 10), fill="black")
    buf = _io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    src = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    picture = f'<p><img src="{src}" width="600" height="347"></p>'
    sections = [("一、总体情况", "2023年，本县认真落实政府信息公开工作，全年共收到政府信息公开申请12件。"),
                ("二、主动公开政府信息情况", picture), ("三、收到和处理政府信息公开申请情况", picture),
                ("四、政府信息公开行政复议、行政诉讼情况", picture),
                ("五、存在的主要问题及改进情况", "政策解读形式较为单一，将加强培训。"), ("六、其他需要报告的事项", "无。")]
    body = "".join(f"<h3>{h}</h3><p>{t}</p>" if not t.startswith("<p>") else f"<h3>{h}</h3>{t}" for h, t in sections)
    html = f'<html><head><meta charset="utf-8"></head><body><p>{TITLE}</p>{body}</body></html>'
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to build the fixtures")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", tmp, str(page)],
                       check=True, capture_output=True)
        dst = OUT / f"{name}.pdf"
        shutil.copy(Path(tmp) / f"{name}.pdf", dst)
    return dst


def main() -> None:
    name = "gov2021_county"
    pdf = convert(fodt(), name)
    (OUT / f"{name}.expected.json").write_text(json.dumps(expected(), ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
    for extra in (convert(fodt(rules_only_body), "rules_only_table"),
                  convert(fodt(lambda: body_xml("TH")), "gov2021_rules_only"),
                  convert(fodt(stamped_body), "gov2021_county_stamp"),
                  convert(fodt(lambda: ("", f'<text:p>{TITLE}</text:p>')), "encrypted", ENCRYPT)):
        print(extra, extra.stat().st_size, "bytes")
    (OUT / "gov2021_county_stamp.expected.json").write_text(json.dumps(expected(), ensure_ascii=False, indent=1) + "\n",
                                                            encoding="utf-8")  # the county report's numbers
    (OUT / "no_text_layer.pdf").write_bytes(no_text_layer_pdf())
    print(image_table_pdf())
    print(pdf, pdf.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
