"""HTML reader and encoding detection: the real Pingtan page and the made-up CMS fixtures."""
from __future__ import annotations

import codecs
import json
import random
import re
from pathlib import Path

import pytest

from extractor.model import Document, ReadError, Table
from extractor.readers.encoding import decode, sniff_html_charset
from extractor.readers.html import read_html

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "html"
SHARED = next((p for p in (ROOT.parent / "shared", Path("/work/shared")) if p.is_dir()), ROOT.parent / "shared")
PINGTAN = SHARED / "fixtures" / "real" / "pingtan_2024.html"

COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
ROWS_2021 = [
    "new_received", "carried_over", "granted", "partially_granted",
    *(f"denied.{k}" for k in ("state_secret", "prohibited_by_law", "three_safety_one_stability", "third_party_rights",
                              "internal_affairs", "process_info", "enforcement_case", "administrative_query")),
    *(f"unavailable.{k}" for k in ("not_held", "needs_creation", "unclear_after_correction")),
    *(f"not_processed.{k}" for k in ("petition_complaint", "repeated", "publication", "mass_repeated",
                                     "confirm_or_reissue")),
    "other.overdue_correction", "other.overdue_fee", "other.other", "total_processed", "carried_forward",
]
ROWS_2019 = [r for r in ROWS_2021 if not r.startswith("other.")]
ROWS_2019.insert(ROWS_2019.index("total_processed"), "other")
GROUPS = ["review", "litigation_direct", "litigation_after_review"]
GROUP_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]


def nospace(s: str) -> str:
    return re.sub(r"\s+", "", s)


def number(raw: str):
    raw = raw.strip()
    if raw.endswith("元"):
        return round(int(raw[:-1]) / 10000, 4)
    return float(raw) if "." in raw else int(raw)


def all_text(doc: Document) -> str:
    parts = []
    for b in doc.blocks:
        parts.append(b.text)
        if b.table:
            parts.extend(c.text for c in b.table.cells)
    return "\n".join(parts)


def find_table(doc: Document, marker: str) -> Table:
    return next(t for t in doc.tables() if any(marker in nospace(c.text) for c in t.cells))


def row_values(table: Table, template: str) -> dict[str, list[str]]:
    """Requests table rows in template order: the 7 value cells of each body row."""
    grid = table.grid()
    keys = ROWS_2021 if template == "gov-2021" else ROWS_2019
    assert table.n_rows == 3 + len(keys) and table.n_cols == 10
    return {k: [grid[3 + i][c].text for c in range(3, 10)] for i, k in enumerate(keys)}


def proactive_values(tables: list[Table]) -> dict[str, list[str]]:
    """Table 二 rows by label: the distinct value cells after the label, in order."""
    labels = {"规章": "rules", "行政规范性文件": "normative_docs", "规范性文件": "normative_docs",
              "行政许可": "admin_license", "其他对外管理服务事项": "other_admin_services", "行政处罚": "admin_penalty",
              "行政强制": "admin_coercion", "行政事业性收费": "admin_fees", "政府集中采购": "central_procurement"}
    out: dict[str, list[str]] = {}
    for t in tables:
        for r, row in enumerate(t.grid()):
            if row[0] is not None and nospace(row[0].text) in labels:
                seen = []
                for cell in row[1:]:
                    if cell is not None and cell not in seen:
                        seen.append(cell)
                out[labels[nospace(row[0].text)]] = [c.text for c in seen]
    return out


# ---------- the real Pingtan page ----------

@pytest.fixture(scope="module")
def pingtan() -> Document:
    if not PINGTAN.exists():
        pytest.skip("shared fixtures not available")
    return read_html(PINGTAN.read_bytes())


@pytest.fixture(scope="module")
def pingtan_truth() -> dict:
    return json.loads(PINGTAN.with_name("pingtan_2024.truth.json").read_text(encoding="utf-8"))


def test_pingtan_source(pingtan):
    assert pingtan.source.title == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert pingtan.source.encoding == "utf-8"
    assert pingtan.source.agency_hint == "平潭综合实验区管委会办公室"
    assert pingtan.source.url == "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm"
    assert pingtan.warnings == []


def test_pingtan_three_tables_in_order(pingtan):
    kinds = [b.kind for b in pingtan.blocks]
    assert kinds.count("table") == 3
    paras = [b.text for b in pingtan.blocks if b.kind == "paragraph"]
    assert "一、总体情况" in paras and "六、其他需要报告的事项" in paras
    order = [b.text for b in pingtan.blocks if b.kind == "paragraph" and re.match("^[一二三四五六]、", b.text)]
    assert order == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                     "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    # each table sits right after its section heading
    for i, b in enumerate(pingtan.blocks):
        if b.kind == "table":
            assert pingtan.blocks[i - 1].text[:2] in ("二、", "三、", "四、")
    # a <p> inside a cell is not a paragraph block
    assert "217" not in paras and "信息内容" not in paras


def test_pingtan_no_site_chrome(pingtan):
    text = all_text(pingtan)
    for chrome in ("省政协", "扫一扫在手机上查看当前页面", "信用福建", "闽政通APP", "版权所有", "文字解读", "来源："):
        assert chrome not in text


def test_pingtan_requests_table_spans(pingtan):
    table = find_table(pingtan, "勾稽关系")
    note = table.cells[0]
    assert (note.row, note.col, note.rowspan, note.colspan) == (0, 0, 3, 3)
    assert "勾稽关系" in note.text
    result = next(c for c in table.cells if nospace(c.text) == "三、本年度办理结果")
    assert (result.col, result.rowspan, result.colspan) == (0, 22, 1)
    grid = table.grid()
    assert all(grid[r][0] is result for r in range(result.row, result.row + 22))
    social = next(c for c in table.cells if "公益" in c.text)
    assert nospace(social.text) == "社会公益组织" and (social.row, social.col) == (2, 6)
    assert "\u00a0" not in social.text and "  " not in social.text
    first = next(r for r in grid if r[0] is not None and r[0].text.startswith("一、本年新收"))
    assert [c.text for c in first[3:]] == ["217", "1", "0", "0", "0", "0", "218"]
    assert first[0].prov.path == "div.TRS_Editor>table[2]>tr[4]>td[1]"
    assert first[3].prov.path == "div.TRS_Editor>table[2]>tr[4]>td[2]"


def test_pingtan_tables_match_truth(pingtan, pingtan_truth):
    truth = pingtan_truth["tables"]
    rows = row_values(find_table(pingtan, "勾稽关系"), "gov-2021")
    for key, cells in rows.items():
        assert [number(x) for x in cells] == [truth["requests"]["values"][key][c] for c in COLUMNS], key
    review = find_table(pingtan, "复议后起诉")
    last = [c.text for c in review.cells if c.row == review.n_rows - 1]
    assert [number(x) for x in last] == [truth["review_litigation"]["values"][g][c] for g in GROUPS
                                         for c in GROUP_COLUMNS]
    review_head = [c.text for c in review.cells if c.row == 1]
    assert review_head[:2] == ["结果维持", "结果 纠正"]  # <br/> becomes one space
    pro = proactive_values(pingtan.tables())
    for item, cols in truth["proactive_disclosure"]["values"].items():
        assert [number(x) for x in pro[item]] == list(cols.values()), item


# ---------- fixtures built by scripts/make_html_fixtures.py ----------

FIXTURE_NAMES = ["gov2019_gbk_meta", "gov2021_gbk_nodecl", "gov2021_big5", "gov2021_split_table2"]
CHROME = ["网站首页", "主办单位", "请使用新版浏览器", "欢迎访问本网站", "统计代码", "导航样式", "当前位置",
          "机构概况", "請使用新版瀏覽器", "網站首頁", "版權所有"]


def load(name: str) -> tuple[Document, dict, bytes]:
    data = (FIXTURES / f"{name}.html").read_bytes()
    exp = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return read_html(data), exp, data


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_tables_match_expected(name):
    doc, exp, _ = load(name)
    template = exp["report"]["template"]
    assert doc.source.encoding == exp["source"]["encoding"]
    assert doc.source.title == exp["source"]["title"]
    assert doc.warnings == []
    tables = doc.tables()
    requests = find_table(doc, "勾稽")
    blanks = set(exp["blank_cells"])
    for key, cells in row_values(requests, template).items():
        for col, raw in zip(COLUMNS, cells):
            want = exp["tables"]["requests"]["values"][key][col]
            if f"requests.{key}.{col}" in blanks:
                assert raw == "" and want == 0, (key, col)
            else:
                assert number(raw) == want, (key, col)
    span = 22 if template == "gov-2021" else 20
    result = next(c for c in requests.cells if c.row > 0 and c.col == 0 and c.rowspan > 1)
    assert result.rowspan == span and result.row == 5
    review = tables[tables.index(requests) + 1]
    last = [number(c.text) for c in review.cells if c.row == review.n_rows - 1]
    assert last == [exp["tables"]["review_litigation"]["values"][g][c] for g in GROUPS for c in GROUP_COLUMNS]
    if exp.get("script") != "traditional":  # the label map is in simplified characters
        pro = proactive_values(tables[: tables.index(requests)])
        for item, cols in exp["tables"]["proactive_disclosure"]["values"].items():
            assert [number(x) for x in pro[item]] == list(cols.values()), item


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_body_without_chrome(name):
    doc, exp, _ = load(name)
    text = all_text(doc)
    for chrome in CHROME:
        assert chrome not in text, chrome
    paras = [b.text for b in doc.blocks if b.kind == "paragraph"]
    first, last = ("一、總體情況", "六、其他需要報告的事項") if exp.get("script") == "traditional" \
        else ("一、总体情况", "六、其他需要报告的事项")
    assert first in paras and last in paras


def test_gbk_meta_declared_gb2312():
    doc, exp, data = load("gov2019_gbk_meta")
    assert sniff_html_charset(data) == "gb2312"
    assert doc.source.encoding == "gb18030"
    assert doc.source.agency_hint == "青溪县人民政府办公室"  # 发布机构 on the page
    requests = find_table(doc, "勾稽")
    heads = {c.text for c in requests.cells if c.row == 2}
    assert {"商业 企业", "科研 机构"} <= heads
    assert "社会公益组织" in {nospace(h) for h in heads}
    assert any("（二）部分公开" in b.text for b in doc.blocks if b.kind == "table")
    assert "“三安全一稳定”" in requests.text()
    assert len(exp["blank_cells"]) >= 6


def test_gbk_without_declaration_is_detected():
    doc, exp, data = load("gov2021_gbk_nodecl")
    assert sniff_html_charset(data) is None
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert doc.source.encoding == "gb18030"
    assert doc.source.agency_hint == "白石市生态环境局"
    assert doc.source.url == exp["url"]
    assert doc.blocks[0].prov.path.startswith("div.article_content>")


def test_big5_page():
    doc, exp, data = load("gov2021_big5")
    assert sniff_html_charset(data) == "big5"
    assert doc.source.encoding == "big5hkscs"
    assert doc.source.title == "南嶺區人民政府2021年政府信息公開工作年度報告"
    requests = find_table(doc, "勾稽")
    assert "（本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和）" == requests.cells[0].text


def test_split_table_pieces_stay_separate():
    doc, exp, _ = load("gov2021_split_table2")
    tables = doc.tables()
    assert len(tables) == 4 + 2 == exp["table2_pieces"] + 2
    for piece, caption in zip(tables[:4], ["（一）", "（五）", "（六）", "（八）"]):
        assert piece.cells[0].text == f"第二十条第{caption}项" and piece.cells[0].colspan == 4
    kinds = [b.kind for b in doc.blocks]
    start = kinds.index("table")
    assert kinds[start:start + 4] == ["table"] * 4
    # body found by text density inside a layout table; the side menu table is chrome
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].text == exp["source"]["title"]
    assert doc.blocks[0].prov.path == "table.layout>tr[1]>td[2]>h2[1]"
    images = [b for b in doc.blocks if b.kind == "image"]
    assert [b.text for b in images] == ["图解：2023年政府信息公开工作年度报告"]


def test_fixture_builder_is_deterministic(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_html_fixtures", ROOT / "scripts" / "make_html_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "OUT", tmp_path)
    mod.main()
    for name in FIXTURE_NAMES:
        assert (tmp_path / f"{name}.html").read_bytes() == (FIXTURES / f"{name}.html").read_bytes()


def test_expected_values_satisfy_identities():
    """Every identity the fixture's template declares (templates/<id>/identities.json) holds on its expected values."""
    from extractor.templates import load
    for name in FIXTURE_NAMES:
        exp = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
        template = load(exp["report"]["template"])
        assert len(template.identities) >= 4
        for ident in template.identities:
            v, tdef = exp["tables"][ident.table]["values"], template.tables[ident.table]
            places = tdef.columns if ident.per == "column" else tdef.rows
            for at in (p.key for p in places):
                cell = (lambda k: v[k][at]) if ident.per == "column" else (lambda k: v[at][k])
                assert sum(map(cell, ident.lhs)) == sum(map(cell, ident.rhs)), (name, ident.rule, at)


# ---------- spans, nesting, malformed input ----------

def test_malformed_spans():
    html = ("<html><body><div class='content'><p>三、收到和处理政府信息公开申请情况的说明文字</p><table>"
            "<tr><td rowspan='99'>甲</td><td colspan='0'>乙</td><td colspan='abc'>丙</td><td rowspan=''>丁</td></tr>"
            "<tr><td colspan='3'>戊</td></tr>"
            "<tr><td>1<td>2<td>3"
            "</table></div></body></html>").encode("utf-8")
    doc = read_html(html)
    (table,) = doc.tables()
    assert table.n_rows == 3 and table.n_cols == 4
    a = table.cells[0]
    assert (a.text, a.rowspan, a.colspan) == ("甲", 3, 1)  # rowspan beyond the table is cut at the last row
    assert [(c.text, c.col, c.colspan) for c in table.cells[1:4]] == [("乙", 1, 1), ("丙", 2, 1), ("丁", 3, 1)]
    grid = table.grid()
    assert [c.text if c else None for c in grid[1]] == ["甲", "戊", "戊", "戊"]
    assert [c.text if c else None for c in grid[2]] == ["甲", "1", "2", "3"]


def test_nested_tables_innermost_are_data():
    html = ("<html><body><div id='zoom'><p>政府信息公开工作年度报告正文内容</p>"
            "<table><tr><td><table><tr><td>信息内容</td><td>本年制发件数</td></tr>"
            "<tr><td>规章</td><td>&nbsp;</td></tr></table></td></tr>"
            "<tr><td><p>表后的说明文字</p></td></tr></table></div></body></html>").encode()
    doc = read_html(html)
    (table,) = doc.tables()
    assert [c.text for c in table.cells] == ["信息内容", "本年制发件数", "规章", ""]
    assert table.prov.path == "div#zoom>table[1]>tr[1]>td[1]>table[1]"
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == ["政府信息公开工作年度报告正文内容", "表后的说明文字"]


def test_hidden_script_comment_skipped_and_br_splits():
    html = ("<html><head><title>某某区2020年政府信息公开工作年度报告 - 某某区政府</title></head><body>"
            "<div class='TRS_Editor'><!-- 编辑注释 --><script>var a='脚本文字';</script>"
            "<style>.x{}</style><div style='display: none'>隐藏文字</div><span hidden>也隐藏</span>"
            "<p>一、总体情况<br>　　本年度全区主动公开政府信息一千条。&nbsp;</p>"
            "<h2>二、主动公开政府信息情况</h2><p><img src='/a/b.png'></p></div></body></html>").encode()
    doc = read_html(html)
    assert doc.source.title == "某某区2020年政府信息公开工作年度报告"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "一、总体情况"), ("paragraph", "本年度全区主动公开政府信息一千条。"),
        ("heading", "二、主动公开政府信息情况"), ("image", "/a/b.png")]


@pytest.mark.parametrize("data", [
    b"<html><body><table><tr><td rowspan=abc>x</td></tr>",
    b"<div><p>\xe6\x94\xbf\xe5\xba\x9c</div></span></table><td>",
    b"<html>" + b"<font>" * 5000 + "深层嵌套的政府信息公开年度报告".encode() + b"</html>",
    b"<?xml version='1.0' encoding='gb2312'?><html><body><p>" + "年度报告".encode("gbk") + b"</p></body></html>",
    b"<table><tr></tr><tr><td colspan=99999 rowspan=99999>x</td></tr></table>",
    b"<html><body></body></html>",
])
def test_malformed_html_still_gives_a_document(data):
    doc = read_html(data)
    assert isinstance(doc, Document)


def test_deep_nesting_keeps_text():
    doc = read_html(b"<html><body>" + b"<div>" * 3000 + "深层嵌套的政府信息公开年度报告".encode() + b"</body></html>")
    assert any("深层嵌套" in b.text for b in doc.blocks)


def test_title_falls_back_to_h1():
    doc = read_html("<html><body><h1>某局2021年政府信息公开工作年度报告</h1><p>正文</p></body></html>".encode())
    assert doc.source.title == "某局2021年政府信息公开工作年度报告"


# ---------- encoding ----------

SAMPLE = ("2024年，本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实政府信息公开条例，"
          "全年主动公开政府信息一千余条，办理政府信息公开申请二十件，均在法定期限内予以答复。"
          "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。")


def test_decode_boms():
    assert decode(codecs.BOM_UTF8 + SAMPLE.encode()) == (SAMPLE, "utf-8")
    assert decode(SAMPLE.encode("utf-16")) == (SAMPLE, "utf-16")
    assert decode(SAMPLE.encode("utf-16-le")) == (SAMPLE, "utf-16")  # no BOM, ASCII digits give NULs


@pytest.mark.parametrize("declared,encoding,codec", [
    ("gb2312", "gb18030", "gbk"), ("GBK", "gb18030", "gbk"), ("gb18030", "gb18030", "gb18030"),
    ("big5", "big5hkscs", "big5"), ("utf-8", "utf-8", "utf-8"),
])
def test_decode_declared(declared, encoding, codec):
    text = SAMPLE if codec != "big5" else "本機關堅持依法公開政府信息，全年辦理政府信息公開申請二十件。"
    assert decode(text.encode(codec), declared) == (text, encoding)


def test_valid_utf8_beats_a_stale_declaration():
    assert decode(SAMPLE.encode("utf-8"), "gb2312") == (SAMPLE, "utf-8")


def test_undeclared_short_chinese_is_detected():
    rng = random.Random(7)
    trad = "本機關堅持依法公開政府信息，規範辦理依申請公開，全年辦理政府信息公開申請二十件，均在法定期限內予以答覆，未發生行政複議。"
    for _ in range(20):
        start = rng.randrange(0, 40)
        gb = SAMPLE[start:start + 100].encode("gbk")
        assert decode(gb) == (SAMPLE[start:start + 100], "gb18030")
        b5 = (trad * 3)[start:start + 100].encode("big5")
        assert decode(b5) == ((trad * 3)[start:start + 100], "big5hkscs")


def test_binary_is_not_text():
    rng = random.Random(1)
    noise = bytes(rng.randrange(256) for _ in range(4000))
    for data in (noise, b"\x00\x01\x02\x03" * 500, b"PK\x03\x04" + b"\x00" * 300 + noise[:200]):
        with pytest.raises(ReadError) as err:
            decode(data)
        assert err.value.code == "not_text"
    with pytest.raises(ReadError):
        read_html(b"<html>" + noise)


def test_small_known_container_loses_to_dense_body():
    side = "<div class='content'><p>" + "热点新闻标题文字" * 10 + "</p></div>"
    main = "<div class='main_text'>" + "".join(f"<p>第{i}段政府信息公开工作年度报告正文内容较长的一段文字。</p>" for i in range(30)) + "</div>"
    doc = read_html(f"<html><body>{side}{main}</body></html>".encode())
    assert doc.blocks[0].prov.path == "div.main_text>p[1]"
    assert not any("热点新闻" in b.text for b in doc.blocks)


def test_damaged_utf8_stays_utf8():
    data = ("<html><body><div id='zoom'><p>" + SAMPLE * 3 + "</p></div></body></html>").encode()
    cut = data[: data.rindex("本机关".encode()) + 4]  # ends inside a character
    text, enc = decode(cut, "utf-8")
    assert enc == "utf-8" and text.endswith("本\ufffd")
    doc = read_html(data[:200] + b"\xff" + data[200:])
    assert doc.source.encoding == "utf-8" and doc.warnings[0].code == "encoding_errors"


def test_agency_label_in_sibling_element():
    html = ("<html><body><table class='info'><tr><td>发布机构：</td><td>某某市统计局</td></tr></table>"
            "<div id='zoom'><p>某某市统计局2022年政府信息公开工作年度报告正文。</p></div></body></html>")
    assert read_html(html.encode()).source.agency_hint == "某某市统计局"
