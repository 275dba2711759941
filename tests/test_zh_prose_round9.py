"""zh-TW context model, round 9 (issue 17, accuracy): report prose learnt from in both mainland readings.

Sentences written for this test (not in the training text), sent through OpenCC s2twp, which writes one
zh-TW word for two mainland ones (線上 for 在线 and 线上, 檔案 for 文件 and 档案, 資料 for 数据 and 资料,
執行 for 执行 and 运行), and back through normalize_text, not told the converter: each must come back
byte for byte. 实现在线办理 came back 线上办理 before round 9's prose (scripts/data/zh_context_prose.txt).
"""

from __future__ import annotations

import opencc
import pytest

from extractor.normalize import normalize_text

S2TWP = opencc.OpenCC("s2twp.json").convert


@pytest.mark.parametrize("text", [
    "政务服务事项全部实现在线办理。",
    "群众可登录平台在线缴纳城乡居民医疗保险费。",
    "组织全体干部参加线上培训，学习新修订的条例。",
    "开展线上线下相结合的政策宣讲活动。",
    "本季度共发布统计数据解读稿件6篇。",
    "监测数据实时上传至省级平台。",
    "按规定向申请人提供了相关资料的复印件。",
    "所需资料不全的，一次性告知申请人补正。",
    "做好会议纪要等文件材料的收集归档。",
    "将执法案卷整理后移交单位档案室集中保管。",
    "企业信用档案信息实行动态更新。",
    "预算执行情况已在门户网站公开。",
    "业务系统运行平稳，未出现故障。",
])
def test_round_trip_keeps_the_agencys_words(text: str) -> None:
    mirror = S2TWP(text)
    assert mirror != text
    assert normalize_text("關於" + mirror).text.removeprefix("关于") == text
