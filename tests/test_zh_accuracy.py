"""zh-TW context model, round 7 (issue 17, accuracy): the model may keep a key against a curated default.

s2twp writes 檔案 for both 文件 and 档案; the curated default (data/zh_repairs.tsv, tw-dangan-wenjian)
reads 文件. The model now keeps the agency's 档案 where it is DEFAULT_MARGIN sure (开放档案, 电子档案:
collocations no curated row names), while the default still gives 规范性文件 and 文件精神.
Sentences written for this test, not in the training text.
"""

from __future__ import annotations

import opencc
import pytest

from extractor.normalize import normalize_text

S2TWP = opencc.OpenCC("s2twp.json").convert


@pytest.mark.parametrize("text", [
    "馆藏开放档案均可在阅览室查阅。",
    "做好电子档案的接收和长期保存。",
])
def test_model_keeps_the_agencys_dangan(text: str) -> None:
    r = normalize_text("關於" + S2TWP(text))
    assert r.text.removeprefix("关于") == text
    assert "tw-dangan-wenjian" not in r.repairs


@pytest.mark.parametrize("text, n", [
    ("本年度清理规范性文件12件，政策文件汇编已上网公开。", 2),
    ("认真学习上级文件精神，抓好文件落实。", 2),
])
def test_curated_default_still_gives_wenjian(text: str, n: int) -> None:
    r = normalize_text("關於" + S2TWP(text))
    assert r.text.removeprefix("关于") == text
    assert r.repairs.get("tw-dangan-wenjian") == n

