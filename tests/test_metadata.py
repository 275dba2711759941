"""Report metadata (metadata.py, the pipeline's `identify` stage): title, issuing agency and year, from the
title first, then the statistics period, the overview's first year, the compiler, the lead sentence and the
publisher the container declares. Real reports first, then each rule on the phrasing real reports use."""
import json

import pytest

from extractor.metadata import Meta, find_meta
from extractor.model import Origin
from extractor.pipeline import identify, outline, parse_bytes, read
from extractor.readers.protocol import ReadOptions


@pytest.mark.parametrize("name", ["huaian_2024.pdf", "pingtan_2024.html", "pingtan_2024_text.txt", "pingtan_2016_text.txt"])
def test_the_real_reports_metadata_is_their_truth(real_dir, name):
    truth = json.loads((real_dir / name).with_suffix(".truth.json").read_text("utf-8"))["report"]
    ident = identify(outline(read((real_dir / name).read_bytes(), ReadOptions(name=name, ocr=False))))
    assert (ident.meta.agency, ident.meta.year) == (truth["agency"], truth["year"])
    assert ident.meta.title == truth.get("title", "淮安市人民政府2024年政府信息公开工作年度报告")  # huaian's truth names none
    assert (ident.template.id if ident.template else "legacy") == truth["template"]
    assert ident.text.info.agency == truth["agency"]  # what the report record carries


def test_the_title_names_agency_and_year():
    assert find_meta("平潭综合实验区2024年度政府信息公开工作年度报告", "", "", "", None) == \
        Meta("平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区", 2024)


def test_an_office_compiling_the_report_is_not_its_agency():
    m = find_meta(None, "淮安市人民政府办公室关于淮安市2024年政府信息公开工作年度报告的说明", "", "", None)
    assert (m.agency, m.year) == ("淮安市", 2024)


def test_a_title_starting_with_its_year_takes_the_issuer_from_the_line_above():
    m = find_meta(None, "淮安市人民政府\n2024年政府信息公开工作年度报告\n（2025年1月）", "", "", None)
    assert m == Meta("淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", 2024)


def test_a_title_wrapped_over_two_lines_is_joined():
    m = find_meta(None, "苏州市吴江区2020年度政府信息公开工作年度报\n告", "", "", None)
    assert m == Meta("苏州市吴江区2020年度政府信息公开工作年度报告", "苏州市吴江区", 2020)


def test_without_a_title_the_statistics_period_gives_the_year_only_when_it_is_one_year():
    period = "本报告中所列数据的统计期限自{}年1月1日起至{}年12月31日止。"
    assert find_meta(None, "", "", period.format(2019, 2019), None).year == 2019
    assert find_meta(None, "", "", period.format(2018, 2019), None).year is None


def test_then_the_overviews_first_year():
    m = find_meta(None, "", "2018年，我区认真贯彻落实《条例》", "2018年，我区认真贯彻落实《条例》", None)
    assert m == Meta(None, None, 2018)


def test_the_compiler_sentence_names_the_agency():
    m = find_meta(None, "", "", "本报告由苏州市吴江区人民政府办公室根据《中华人民共和国政府信息公开条例》编制。", None)
    assert m.agency == "苏州市吴江区人民政府"


def test_the_lead_sentence_names_the_agency_expanded_by_its_prefecture():
    body = "苏州市吴江区人民政府办公室\n2020年，吴江区人民政府坚持以人民为中心"
    assert find_meta(None, "", "2020年，吴江区人民政府坚持以人民为中心", body, None) == Meta(None, "苏州市吴江区", 2020)


def test_the_declared_publisher_is_the_last_resort_without_its_office():
    assert find_meta(None, "", "", "全年主动公开信息100条。", "某某市统计局办公室").agency == "某某市统计局"
    assert find_meta(None, "", "", "全年主动公开信息100条。", None) == Meta(None, None, None)


def test_spaces_between_digits_and_chinese_do_not_hide_the_year():
    m = find_meta(None, "平潭综合实验区 2024 年度政府信息公开工作年度报告", "", "", None)
    assert (m.agency, m.year) == ("平潭综合实验区", 2024)


def test_what_the_file_lacks_comes_from_the_title_of_the_page_that_links_it(real_dir):
    """The crawler text of 平潭 2024 without its header and its title line: the page's title gives them."""
    text = (real_dir / "pingtan_2024_text.txt").read_text("utf-8")
    body = text.split("==================== 正文 ====================", 1)[1]
    body = body.replace("平潭综合实验区2024年度政府信息公开工作年度报告", "", 1)
    data = body.encode("utf-8")
    bare = parse_bytes(data, "body.txt", options=ReadOptions(ocr=False))
    assert bare.report.title is None
    origin = Origin(url="https://www.pingtan.gov.cn/x.htm", page_title="平潭综合实验区2024年度政府信息公开工作年度报告")
    lent = parse_bytes(data, "body.txt", origin, ReadOptions(ocr=False))
    assert lent.report.title == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert lent.report.agency == (bare.report.agency or "平潭综合实验区") and lent.report.year == 2024
    note = [i for i in lent.issues if i.code == "metadata_from_page"]
    assert len(note) == 1 and note[0].severity == "info" and note[0].message.startswith("title")
    assert lent.to_dict()["source"]["origin"]["page_title"] == origin.page_title
