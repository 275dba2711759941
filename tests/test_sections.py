"""Section headings as real reports write them (spec/templates.md: variants seen)."""
import pytest

from extractor.sections import find_sections

VARIANTS = [
    ["一、总体情况", "二、行政机关主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
     "四、因政府信息公开工作被申请行政复议提起行政诉讼情况", "五、政府信息公开工作存在的主要问题及改进情况", "六、其他需要报告的事项"],
    ["一、总 体 情 况", "二、主动公开政府信息的情况", "三、收到和处理政府信息公开申请情况",
     "四、政府信息公开行政复议及行政诉讼情况", "五、存在的主要问题和改进措施", "六、其他需要报告的事项"],
    ["一.总体情况", "二.主动公开政府信息情况", "三.收到和处理政府信息公开申请情况",
     "| 四、政府信息公开行政复议与行政诉讼情况", "五、存在问题及改进措施", "六、其他需要报告的事项"],
]
KEYS = ["overview", "proactive_disclosure", "requests", "review_litigation", "problems", "other"]


@pytest.mark.parametrize("headings", VARIANTS)
def test_heading_variants(headings):
    paragraphs = []
    for h in headings:
        paragraphs += [h, "正文内容。2024年，本机关收到申请3件。"]
    sections, _ = find_sections(paragraphs)
    assert [s.key for s in sections] == KEYS
    assert all("|" not in s.heading and " " not in s.heading for s in sections)


def test_table_row_labels_are_no_headings():
    paragraphs = ["一、总体情况", "文字", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
                  "三、本年度办理结果 | （一）予以公开 | 3 |", "四、结转下年度继续办理 | 0 |",
                  "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "无。"]
    sections, _ = find_sections(paragraphs)
    assert [s.key for s in sections] == KEYS
    assert "结转下年度继续办理" in sections[2].text


def test_subsections_in_run_together_text():
    text = "一、总体情况 2024年，我区认真落实。（一）主动公开方面。公开信息10条。（二）依申请公开方面。收到申请3件。二、主动公开政府信息情况"
    sections, _ = find_sections([text])
    assert [s.heading for s in sections[0].subsections] == ["（一）主动公开方面", "（二）依申请公开方面"]
