"""Plain-text reader: crawler headers, line provenance, encodings."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.model import ReadError
from extractor.readers.text import read_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p for p in (ROOT.parent / "shared", Path("/work/shared")) if p.is_dir()), ROOT.parent / "shared")
REAL = SHARED / "fixtures" / "real"
SEED = SHARED / "fixtures" / "seed" / "000_ba1711293e53fe94.txt"


def need(path: Path) -> bytes:
    if not path.exists():
        pytest.skip("shared fixtures not available")
    return path.read_bytes()


def test_pingtan_crawler_header():
    data = need(REAL / "pingtan_2024_text.txt")
    doc = read_text(data)
    assert doc.source.title == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert doc.source.agency_hint == "平潭综合实验区管委会办公室"
    assert doc.source.url == "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm"
    assert doc.source.encoding == "utf-8"
    assert doc.source.media_type == "text/plain"
    first = doc.blocks[0]
    assert first.kind == "paragraph" and first.text.startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert first.prov.line == 10  # the line after ==== 正文 ====
    body = "\n".join(b.text for b in doc.blocks)
    for header in ("标题:", "发布时间:", "发布机构:", "原文链接:", "本地目录:", "links.tsv", "===="):
        assert header not in body
    assert "21710000218" in body  # numbers run together, kept as printed
    assert "六、其他需要报告的事项" in body
    lines = data.decode("utf-8").split("\n")
    for b in doc.blocks:
        assert lines[b.prov.line - 1].rstrip() == b.text


def test_pingtan_2016_empty_agency():
    doc = read_text(need(REAL / "pingtan_2016_text.txt"))
    assert doc.source.title == "平潭综合实验区2016年度政府信息公开工作年度报告"
    assert doc.source.agency_hint is None  # "发布机构: " is empty
    assert doc.blocks[0].text.startswith("平潭综合实验区2016年度政府信息公开工作年度报告")


def test_seed_traditional_utf8():
    data = need(SEED)
    doc = read_text(data)
    assert doc.source.encoding == "utf-8"
    assert doc.source.title is None and doc.source.url is None
    assert doc.blocks[0].text == "一、總體情況" and doc.blocks[0].prov.line == 1
    assert doc.blocks[2].text == "(一)主動公開方面"
    nonempty = [x for x in data.decode("utf-8").split("\n") if x.strip()]
    assert len(doc.blocks) == len(nonempty)
    assert all(b.kind == "paragraph" for b in doc.blocks)


def test_layout_lines_kept_and_line_numbers():
    text = ("二、主动公开政府信息情况\r\n\r\n"
            "  信息内容        本年制发件数    本年废止件数    现行有效件数   \r\n"
            "  规章                 0               0               0\r\n"
            "\f三、收到和处理政府信息公开申请情况\n")
    doc = read_text(text.encode("utf-8"))
    assert [(b.prov.line, b.text) for b in doc.blocks] == [
        (1, "二、主动公开政府信息情况"),
        (3, "  信息内容        本年制发件数    本年废止件数    现行有效件数"),
        (4, "  规章                 0               0               0"),
        (5, "三、收到和处理政府信息公开申请情况"),
    ]


@pytest.mark.parametrize("codec,encoding,text", [
    ("gbk", "gb18030", "一、总体情况\n2022年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息三百余条，"
                        "办理政府信息公开申请十二件，均在法定期限内予以答复。\n二、主动公开政府信息情况\n"),
    ("big5", "big5hkscs", "一、總體情況\n2020年，本機關認真貫徹落實《中華人民共和國政府信息公開條例》，全年主動公開政府信息三百餘條，"
                           "辦理政府信息公開申請十二件，均在法定期限內予以答覆。\n二、主動公開政府信息情況\n"),
    ("utf-16", "utf-16", "一、总体情况\n本年度共收到申请5件。\n"),
])
def test_encodings(codec, encoding, text):
    doc = read_text(text.encode(codec))
    assert doc.source.encoding == encoding
    assert [b.text for b in doc.blocks] == [x for x in text.split("\n") if x]


def test_header_without_body_mark():
    text = "标题：某县2021年政府信息公开工作年度报告\n来源：某县人民政府办公室\n\n一、总体情况\n"
    doc = read_text(text.encode("utf-8"))
    assert doc.source.title == "某县2021年政府信息公开工作年度报告"
    assert doc.source.agency_hint == "某县人民政府办公室"
    assert [(b.prov.line, b.text) for b in doc.blocks] == [(4, "一、总体情况")]


def test_binary_is_rejected():
    with pytest.raises(ReadError) as err:
        read_text(bytes(range(256)) * 20)
    assert err.value.code == "not_text"
