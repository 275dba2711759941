"""Round 10's zh-TW data and decisions (issue 17), each through the converters and back in a sentence of
report prose (a traditional-only word first, so that the text is not taken for simplified):

- zhconv's zh2Hant words that t2s does not give back are keys (zhconv zh-tw writes 覆核 / 覆审 for the
  report words 复核 / 复审, which t2s leaves);
- the curated 进程 row: s2twp writes 程序 for 进程 (TWPhrases' first reading);
- the text's converter and the key itself (data "stays"): s2twp writes 程式 for 程序 and 檔案 for 文件, so
  in a text zhconv is ruled out of (数字化 stands: zhconv writes 数位化, s2twp keeps it) a 程序 outside the
  phrases s2twp keeps whole (司法程序, 诉讼程序) was 进程, and a 文件 was 文档. Each case failed before.
"""

from __future__ import annotations

import opencc
import pytest

from extractor import zh_context
from extractor.normalize import normalize_text

S2TWP = opencc.OpenCC("s2twp.json").convert


def _zhconv():
    zhconv = pytest.importorskip("zhconv")  # the bench extra
    return lambda s: zhconv.convert(s, "zh-tw")


@pytest.mark.parametrize("text", ["对申请材料进行复核", "依法申请复审"])
def test_zhconv_hant_words_are_keys(text: str) -> None:
    src = _zhconv()("关于" + text)
    assert "覆" in src
    assert normalize_text(src).text == "关于" + text


@pytest.mark.parametrize("text", ["随着城镇化进程不断加快", "加快推进法治进程"])
def test_jincheng_row(text: str) -> None:
    src = S2TWP("关于" + text)
    assert "程序" in src and "進程" not in src
    assert normalize_text(src).text == "关于" + text


def test_stays_data() -> None:
    stays = zh_context._data()["stays"]
    assert stays["程序"]["zhconv"] == "*"
    assert ["司法程序", 2] in stays["程序"]["opencc"] and ["诉讼程序", 2] in stays["程序"]["opencc"]
    assert stays["文件"]["zhconv"] == "*"


PREFIX = "推进数字化转型，"  # 数字化 stands unconverted: zhconv, which writes 数位化, is ruled out


@pytest.mark.parametrize("text", ["系统后台进程全部正常", "工作进程明显加快", "电子文档统一归档", "技术文档及时更新"])
def test_a_key_s2twp_never_leaves_is_not_kept(text: str) -> None:
    src = S2TWP(PREFIX + text)
    assert "數字化" in src and ("程序" in src or "文件" in src)
    r = normalize_text(src)
    assert r.text == PREFIX + text, src
    assert any(k.startswith("context:") for k in r.repairs)


@pytest.mark.parametrize("text", ["依法进入诉讼程序", "坚持司法程序公开", "严格按照法定程序办理", "规范性文件统一登记"])
def test_what_s2twp_keeps_or_changes_elsewhere_is_unchanged(text: str) -> None:
    src = S2TWP(PREFIX + text)
    assert normalize_text(src).text == PREFIX + text, src


def test_the_key_stays_where_the_converter_is_unknown_or_zhconv() -> None:
    # without 数字化 nothing rules zhconv out: 程序 may be zhconv's own 程序, and the model's reading stays
    src = S2TWP("关于系统后台进程")
    assert normalize_text(src).text == "关于系统后台程序"
    # a zhconv mirror (信息 stands: OpenCC ruled out) keeps its 程序 and 文件
    for text in ("推进数字化转型，依申请公开程序和政府信息公开文件",):
        src = _zhconv()(text)
        assert normalize_text(src).text == text
