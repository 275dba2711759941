"""t2s and the zh-TW key marking in one OpenCC pass (zh_context.mark, data/zh_context_mark.json) give what
t2s followed by the marking dictionary gives: checked on the round-trip mirrors of the real reports and
the synthetic ones, whole and line by line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extractor import zh_context
from extractor.files import package_file
from extractor.normalize import normalize_chars

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

opencc = pytest.importorskip("opencc")


@pytest.fixture(scope="module")
def mirrors() -> list[str]:
    import bench_normalize as bench

    s2twp, s2t = opencc.OpenCC("s2twp.json").convert, opencc.OpenCC("s2t.json").convert
    texts = [*bench.load_originals().values(), bench.load_passages(bench.TRAIN)]
    whole = [normalize_chars(f(t)) for t in texts for f in (s2twp, s2t)]
    return whole + [line for t in whole for line in t.split("\n") if line.strip()]


def test_shipped_t2s_tables_are_the_installed_opencc_ones() -> None:
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    for name in ("CJK_Compatibility_Ideographs", "TSPhrases", "TSCharactersExt", "TSCharacters"):
        assert package_file(f"data/zh_t2s_{name}.ocd2").read_bytes() == (share / f"{name}.ocd2").read_bytes(), (
            f"{name}: rebuild with scripts/build_zh_context.py")


def test_one_pass_is_t2s_then_the_marks(mirrors: list[str]) -> None:
    t2s = opencc.OpenCC("t2s.json").convert
    assert len(mirrors) > 1000
    for text in mirrors:
        simplified = t2s(text)
        marked, hits, counted, plain = zh_context._mark(text)
        assert plain == simplified  # the marks taken out, the replacements back: t2s's text
        if t2s(simplified) == simplified:  # over t2s's text the pass only marks: the two passes
            assert (marked, hits, counted) == zh_context.mark(simplified)[:3]


def test_a_key_across_a_t2s_phrase_is_marked() -> None:
    # 資訊 (a key, → 信息) inside text t2s converts as phrases: marked as in t2s's output
    text = "政府資訊公開，資訊化建設"
    marked, hits, counted = zh_context.mark(text)
    assert marked == zh_context.mark(opencc.OpenCC("t2s.json").convert(text))[0]
    assert "资讯" not in marked and counted


def test_script_detection_is_the_same_after_the_set_budget(monkeypatch) -> None:
    from extractor import normalize

    samples = ["政府信息公开工作年度报告", "政府資訊公開工作年度報告", "政府信息公开工作年度報告", "臺灣批准徵收",
               "吴江区台账征收", "123 | 0 | 0 |", "規範性檔案與资料"]
    monkeypatch.setattr(normalize, "_set_scanned", 0)
    by_sets = [normalize.detect_script(s) for s in samples]
    monkeypatch.setattr(normalize, "_set_scanned", normalize.SET_BUDGET)
    by_regexes = [normalize.detect_script(s) for s in samples]
    assert by_sets == by_regexes == ["simplified", "traditional", "mixed", "traditional", "simplified",
                                     "simplified", "mixed"]
