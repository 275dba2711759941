"""zh-TW vocabulary back to simplified on word boundaries and by context (extractor.zh_context).

Round trips through OpenCC s2twp always, through zhconv zh-tw where the `bench` extra is installed.
"""

from __future__ import annotations

import importlib.util
import json
from importlib import resources
from pathlib import Path

import opencc
import pytest

import extractor
from extractor import zh_context
from extractor.normalize import normalize_chars, normalize_text

ROOT = Path(__file__).resolve().parents[1]
S2TWP = opencc.OpenCC("s2twp.json").convert
T2S = opencc.OpenCC("t2s.json").convert

_spec = importlib.util.spec_from_file_location("bench_normalize", ROOT / "scripts" / "bench_normalize.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def converters() -> list:
    out = [S2TWP]
    try:
        import zhconv

        out.append(lambda s: zhconv.convert(s, "zh-tw"))
    except ImportError:
        pass
    return out


def back(simplified: str, forward=S2TWP) -> str:
    return normalize_text("關於" + forward(simplified)).text.removeprefix("关于")


# ---------------------------------------------------------------- word boundaries


@pytest.mark.parametrize("text", ["媒介面向社会公开征求意见", "传统媒介面向农村群众宣传政策"])
def test_repair_never_spans_two_words(text: str) -> None:
    # 介面 is the zh-TW form of 界面, but here 介 ends 媒介 and 面 starts 面向
    assert T2S(S2TWP(text)) == text  # the converter left it alone …
    assert back(text) == text  # … and so do we


def test_same_key_repaired_inside_its_word() -> None:
    assert back("优化网站界面，界面简洁") == "优化网站界面，界面简洁"
    assert back("统一数据接口标准") == "统一数据接口标准"  # 介面 stands for 接口 too: the model chooses


def test_converter_damage_across_words_is_not_a_straddle() -> None:
    # 释出资讯 segments as 释|出资|讯 only because both words are damaged
    assert back("全年通过政务微博发布信息120条") == "全年通过政务微博发布信息120条"


# ---------------------------------------------------------------- context


@pytest.mark.parametrize("text", [
    "推进政务数据共享，加强数据治理",  # 資料 → 数据 where data is stored or shared
    "发放宣传资料3000余份，方便群众查阅资料",  # 資料 is 资料 here
    "随着改革的深入，围绕着中心工作，工作取得显著成效",  # 著 → 着 after a verb; 显著 stays
    "开展局长在线访谈，线上线下同步发力",
    "确保网站安全平稳运行，严格执行保密审查制度",
    "提供智能问答服务，推进智慧城市建设",
    "开展东西部协作和对口支援工作",
])
def test_context_round_trip(text: str) -> None:
    for forward in converters():
        assert back(text, forward) == text


def test_candidates_come_from_the_converters_tables() -> None:
    stored = json.loads(resources.files("extractor").joinpath("data/zh_context.json").read_text(encoding="utf-8"))["model"]
    model = {key: json.loads(stored[key]) for key in ("资料", "著")}  # each key's model its own JSON text
    assert set(model["资料"]["prior"]) == {"资料", "数据"}  # OpenCC TWPhrases: 數據 → 資料
    assert set(model["著"]["prior"]) == {"著", "着"}  # OpenCC TWVariants: 着 → 著
    assert model["资料"]["w"] and model["著"]["w"]  # weights learnt from report text
    assert zh_context.model_entry("资料") == model["资料"] and zh_context.model_entry("政府") is None


def test_model_choices_and_undecided_are_counted() -> None:
    r = normalize_text(S2TWP("关于围绕着中心工作"))
    assert r.text == "关于围绕着中心工作"
    assert r.repairs == {"context:著>着": 1} and "repair:zh-tw-context" in r.conversions
    data = json.loads(resources.files("extractor").joinpath("data/zh_context.json").read_text(encoding="utf-8"))
    never_sure = sorted(v.split(":", 1)[1] for v in data["counters"].values() if v.startswith("undecided:"))
    assert "宣告" in never_sure  # 宣告 is 宣告, or 声明 (s2twp): too close to call without context
    r = normalize_text("關於" + "宣告結果")
    assert r.text == "关于宣告结果" and r.repairs.get("undecided:宣告") == 1
    assert "repair:zh-tw-undecided" in r.conversions


def test_section_is_context_and_optional() -> None:
    text = S2TWP("关于推进政务数据共享")
    assert normalize_text(text, section="overview").text == normalize_text(text).text == "关于推进政务数据共享"


def test_private_use_characters_of_the_input_are_kept() -> None:
    # the marking pass uses private-use characters: the text's own (PDF glyphs) must come through
    text = "關於\ue123資訊公開\uf0b7"
    assert normalize_text(text).text == "关于\ue123信息公开\uf0b7"
    text = "關於\U000f0000資訊\U000f8001公開\U000f0001"
    assert normalize_text(text).text == "关于\U000f0000信息\U000f8001公开\U000f0001"


# ---------------------------------------------------------------- simplified input, whole texts


def test_simplified_passages_unchanged_byte_for_byte() -> None:
    for path in (bench.TRAIN, bench.HELDOUT):
        text = bench.load_passages(path)
        r = normalize_text(text)
        assert r.script == "simplified" and r.text == normalize_chars(text) and r.repairs == {}


def test_round_trip_cer_reports_both_converters() -> None:
    originals = bench.load_originals()
    if len(originals) < 2:
        pytest.skip("../shared/fixtures/real is not beside the project")
    for forward in converters():
        dist = length = 0
        for text in originals.values():
            ref = normalize_chars(text)
            dist += round(bench.char_error_rate(ref, normalize_text(forward(text)).text) * len(ref))
            length += len(ref)
        assert dist / length < 0.0005, dist


def test_seed_mirror_repairs_reported(seed_path=None) -> None:
    seed = next((p / "fixtures" / "seed" for p in (ROOT.parent / "shared", Path("/work/shared"))
                 if (p / "fixtures" / "seed").is_dir()), None)
    if seed is None:
        pytest.skip("seed fixture not available")
    r = extractor.parse(next(seed.glob("*.txt")))
    assert r.report.script == "traditional"
    assert r.report.repairs["tw-dangan-wenjian"] >= 7


# ---------------------------------------------------------------- the text's converter


def test_converters_ruled_out_by_words_they_always_change() -> None:
    import zhconv

    text = "全年主动公开政府信息120条，编印统计资料汇编，政务服务网线上办理事项1860项，政府信息公开申请全部按时答复。"
    zh = T2S(zhconv.convert(text, "zh-tw"))
    assert zh.count("信息") == 2 and zh.count("资料") == 1  # zhconv keeps 信息: not OpenCC s2twp
    assert zh_context.ruled_out(zh) == {"opencc"}
    assert zh_context.ruled_out(T2S(S2TWP(text))) == frozenset()  # s2twp changes every 信息
    # only OpenCC makes 资料 of 数据 and 线上 of 在线: in a zhconv mirror they are the agency's words
    assert back(text, lambda s: zhconv.convert(s, "zh-tw")) == text


def test_a_converter_we_do_not_know_rules_nothing_out() -> None:
    # 信息 unconverted, yet 最佳化 (which only OpenCC writes): neither known converter made this text
    mixed = "公开政府信息20条，政府信息目录持续最佳化，规范性档案3件"
    _, _, counted = zh_context.mark(mixed)
    assert zh_context.ruled_out(mixed) == {"opencc"}
    assert zh_context.ruled_out(mixed, counted) == frozenset()
    assert normalize_text("關於" + mixed).text.endswith("目录持续优化，规范性文件3件")
