"""Held-back set 7 (issue 17) is well formed: blind header, simplified lines both converters change.

Only its form is checked here, with OpenCC and zhconv themselves; the normaliser is never run on it in a
test (its differences are not to be read, only its score reported by scripts/bench_normalize.py --heldout).
The checks are shared with set 8, written the same way (tests/test_zh_heldout8.py).
"""
from pathlib import Path

import opencc
import pytest
from conftest import ROOT, bench_normalize
from test_zh_heldout6 import _kinds, blind_lines

SECTIONS = ["总体情况", "主动公开", "依申请公开", "行政复议、行政诉讼", "存在的主要问题及改进情况", "其他需要报告的事项"]
GENERATED = "generated-report narrative (short formulaic sentences with counts)"


def natural_set_form(path: Path, k: int, n: int, prose: int, phrased: int) -> None:
    """Set k: n distinct lines of 30-80 characters, `prose` of report prose under the six section headings and
    40 generated-report sentences, no traditional character, every line changed by s2t and s2twp, and at least
    `phrased` lines where s2twp changes a word beyond the character level (TWPhrases)."""
    lines = blind_lines(bench_normalize(), path, k, n)
    assert all(30 <= len(ln) <= 80 and ln == ln.strip() for ln in lines)
    kinds = _kinds(path)
    assert [k[len("report prose: "):] for k in kinds if k.startswith("report prose: ")] == SECTIONS
    assert sum(n for k, n in kinds.items() if k.startswith("report prose")) == prose
    assert kinds[GENERATED] == 40
    t2s, s2t, s2tw, s2twp = (opencc.OpenCC(f"{c}.json") for c in ("t2s", "s2t", "s2tw", "s2twp"))
    assert [ln for ln in lines if t2s.convert(ln) != ln] == []  # no traditional character
    assert [ln for ln in lines if s2t.convert(ln) == ln] == []  # every line has a character to convert
    assert [ln for ln in lines if s2twp.convert(ln) == ln] == []  # every line has something to reverse
    assert sum(s2twp.convert(ln) != s2tw.convert(ln) for ln in lines) >= phrased


def no_line_learnt_or_of_another_set(path: Path) -> None:
    """No line of the set stands in the learnt text or in another passage file."""
    lines = set(bench_normalize().load_passages(path).split("\n"))
    learnt = sorted((ROOT / "scripts" / "data").glob("zh_context_*.txt"))
    assert len(learnt) >= 3  # train, dev, prose
    others = [p for p in (ROOT / "tests" / "data").glob("zh_*.txt") if p.name != path.name]
    assert len(others) >= 7  # the other sets and the synthetic reports
    for other in learnt + others:
        assert lines.isdisjoint(other.read_text(encoding="utf-8").split("\n")), other.name


def converts_through_zhconv(path: Path) -> None:
    zhconv = pytest.importorskip("zhconv", reason="zhconv is in the test extra")
    lines = bench_normalize().load_passages(path).split("\n")
    assert [ln for ln in lines if zhconv.convert(ln, "zh-tw") == ln] == []


def test_heldout7_is_blind_simplified_and_scored_by_the_bench() -> None:
    # lines where s2twp changes a word beyond the character level: 173 with OpenCC 1.1.9
    natural_set_form(bench_normalize().HELDOUT7, 7, 237, 197, 150)


def test_heldout7_is_no_line_of_the_learnt_text_or_another_set() -> None:
    no_line_learnt_or_of_another_set(bench_normalize().HELDOUT7)


def test_heldout7_converts_through_zhconv() -> None:
    converts_through_zhconv(bench_normalize().HELDOUT7)
