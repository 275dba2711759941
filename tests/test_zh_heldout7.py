"""Held-back set 7 (issue 17) is well formed: blind header, simplified lines both converters change.

Only its form is checked here, with OpenCC and zhconv themselves; the normaliser is never run on it in a
test (its differences are not to be read, only its score reported by scripts/bench_normalize.py --heldout).
"""
import opencc
import pytest
from conftest import ROOT, bench_normalize
from test_zh_heldout6 import _kinds, blind_lines


def test_heldout7_is_blind_simplified_and_scored_by_the_bench() -> None:
    bench = bench_normalize()
    path = bench.HELDOUT7
    lines = blind_lines(bench, path, 7, 237)
    assert all(30 <= len(ln) <= 80 and ln == ln.strip() for ln in lines)
    kinds = _kinds(path)
    assert [k[len("report prose: "):] for k in kinds if k.startswith("report prose: ")] == [
        "总体情况", "主动公开", "依申请公开", "行政复议、行政诉讼", "存在的主要问题及改进情况", "其他需要报告的事项"]
    assert sum(n for k, n in kinds.items() if k.startswith("report prose")) == 197
    assert kinds["generated-report narrative (short formulaic sentences with counts)"] == 40
    t2s, s2t, s2tw, s2twp = (opencc.OpenCC(f"{c}.json") for c in ("t2s", "s2t", "s2tw", "s2twp"))
    assert [ln for ln in lines if t2s.convert(ln) != ln] == []  # no traditional character
    assert [ln for ln in lines if s2t.convert(ln) == ln] == []  # every line has a character to convert
    assert [ln for ln in lines if s2twp.convert(ln) == ln] == []  # every line has something to reverse
    # lines where s2twp changes a word beyond the character level (TWPhrases): 173 with OpenCC 1.1.9
    assert sum(s2twp.convert(ln) != s2tw.convert(ln) for ln in lines) >= 150


def test_heldout7_is_no_line_of_the_learnt_text_or_another_set() -> None:
    bench = bench_normalize()
    lines = set(bench.load_passages(bench.HELDOUT7).split("\n"))
    learnt = sorted((ROOT / "scripts" / "data").glob("zh_context_*.txt"))
    assert len(learnt) >= 3  # train, dev, prose
    others = [p for p in (ROOT / "tests" / "data").glob("zh_*.txt") if p.name != "zh_heldout7_passages.txt"]
    assert len(others) >= 7  # sets 1-6 and the synthetic reports
    for path in learnt + others:
        assert lines.isdisjoint(path.read_text(encoding="utf-8").split("\n")), path.name


def test_heldout7_converts_through_zhconv() -> None:
    zhconv = pytest.importorskip("zhconv", reason="zhconv is in the test extra")
    bench = bench_normalize()
    lines = bench.load_passages(bench.HELDOUT7).split("\n")
    assert [ln for ln in lines if zhconv.convert(ln, "zh-tw") == ln] == []
