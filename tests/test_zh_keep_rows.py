"""The curated keep rows of data/zh_repairs.tsv (round 8, issue 17): words whose zh-TW key is the mainland
word itself in these collocations (著名, 显著, 帐篷, 生产资料, 群众智慧, 即时办结), through both converters and
back, in a sentence of report prose (a traditional-only word before them so the text is not taken for
simplified). Each case failed before its row: the model or the prior gave 着, 账, 数据, 智能, 实时."""

from __future__ import annotations

import opencc
import pytest

from extractor.normalize import normalize_text

S2TWP = opencc.OpenCC("s2twp.json").convert

KEEP_CASES = [
    ("tw-zhuo-keep", "本地著名人物的史料征集工作"),
    ("tw-zhuo-keep", "鼓励著作权登记，工作成效显著"),
    ("tw-zhuo-keep", "出版专著两部，编著地方志一部"),
    ("tw-zhang-keep", "储备救灾帐篷1200顶"),
    ("tw-ziliao-keep", "公开农业生产资料价格监测信息"),
    ("tw-zhihui-keep", "集思广益，汇聚各方智慧"),
    ("tw-jishi-keep", "简单事项即时办结"),
]


def _converters():
    out = [("s2twp", S2TWP)]
    try:
        import zhconv
    except ImportError:  # the bench extra; s2twp alone then
        return out
    return out + [("zhconv", lambda s: zhconv.convert(s, "zh-tw"))]


@pytest.mark.parametrize("rule_id, text", KEEP_CASES)
def test_keep_row_round_trip(rule_id: str, text: str) -> None:
    for name, forward in _converters():
        src = forward("关于" + text)
        assert normalize_text(src).text == "关于" + text, (name, src)


def test_keep_rows_are_rows() -> None:
    from extractor.normalize import load_rules

    rows = {r.id: r for r in load_rules() if r.id.endswith("-keep")}
    assert {c[0] for c in KEEP_CASES} <= set(rows)
    assert all(rows[i].find == rows[i].to for i, _ in KEEP_CASES)


def test_red_header_document() -> None:
    """红头文件: s2twp writes 紅標頭檔案 (TWPhrases 頭文件 → 標頭檔案); the key 标头档案 is a key again
    (a keep row no longer makes a key holding its word redundant in the build)."""
    assert normalize_text(S2TWP("关于加强红头文件管理")).text == "关于加强红头文件管理"
