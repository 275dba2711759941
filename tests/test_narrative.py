"""Narrative statements → facts; Chinese numerals; statements that are not about requests are left alone."""
import pytest

from extractor.narrative import find_facts
from extractor.numerals import cn_to_int


@pytest.mark.parametrize("text,value", [("三百零五", 305), ("十二", 12), ("两千零一十", 2010), ("一万二千", 12000),
                                        ("零", 0), ("一百", 100), ("三五", None), ("百分", None)])
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


def facts(text, template="gov-2021"):
    return {f.key: f.value for f in find_facts([("overview", text)], template)}


def test_statements():
    got = facts("2023年，共收到政府信息公开申请三百零五件，其中区本级收到政府信息公开申请69件。"
                "上年结转申请5件，全年办理政府信息公开申请300件，另有10件结转到下一年度。"
                "发生行政复议2起，其中结果维持1件，尚未审结1件；行政诉讼1件。")
    assert got == {"requests.new_received.total": 305, "requests.carried_over.total": 5,
                   "requests.total_processed.total": 300, "requests.carried_forward.total": 10,
                   "review_litigation.review.total": 2, "review_litigation.review.upheld": 1,
                   "review_litigation.review.pending": 1, "text.litigation.total": 1}


def test_other_business_is_no_request_count():
    assert facts("全年共办理人大代表建议12件、政协提案8件。") == {}
    assert facts("制发规范性文件3件。", "gov-2019") == {}  # 2019 tables count 新制作, not 制发
