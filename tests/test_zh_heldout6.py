"""Held-back set 6 (issue 17) is well formed: blind header, simplified lines both converters change.

Only its form is checked here, with OpenCC and zhconv themselves; the normaliser is never run on it in a
test (its differences are not to be read, only its score reported by scripts/bench_normalize.py --heldout).
"""
from pathlib import Path

import opencc
import pytest
from conftest import ROOT, bench_normalize


def _kinds(path: Path) -> dict[str, int]:
    """Passages per '# -- kind' section of the file."""
    kinds: dict[str, int] = {}
    kind = ""
    for ln in path.read_text(encoding="utf-8").split("\n"):
        if ln.startswith("# -- "):
            kind = ln[5:]
        elif ln.strip() and not ln.startswith("#"):
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def blind_lines(bench, path: Path, k: int, n: int) -> list[str]:
    """The n distinct passages of blind set k, after checking its name, its header and that the build never reads it."""
    assert path.name == f"zh_heldout{k}_passages.txt"
    builder = (ROOT / "scripts" / "build_zh_context.py").read_text(encoding="utf-8")
    assert f"heldout{k}" not in builder.lower()  # never learnt from
    head = path.read_text(encoding="utf-8").split("\n")[:3]
    assert head[0].startswith(f"# zh_heldout{k}: blind held-back set {k} for issue 17") and "Never learnt from" in head[1]
    lines = bench.load_passages(path).split("\n")
    assert len(lines) == n and len(set(lines)) == len(lines)
    return lines


def test_heldout6_is_blind_simplified_and_scored_by_the_bench() -> None:
    bench = bench_normalize()
    path = bench.HELDOUT6
    lines = blind_lines(bench, path, 6, 153)
    assert all(10 <= len(ln) <= 200 for ln in lines)
    kinds = _kinds(path)
    assert sum(n for k, n in kinds.items() if k.startswith("report prose")) == 61
    assert kinds["prose with words whose zh-TW form is ambiguous (both readings)"] == 66
    assert kinds["table labels, notes, document numbers, dates, URLs, phone numbers"] == 26
    t2s, s2t, s2twp = (opencc.OpenCC(f"{c}.json") for c in ("t2s", "s2t", "s2twp"))
    assert [ln for ln in lines if t2s.convert(ln) != ln] == []  # no traditional character
    assert sum(s2t.convert(ln) != ln for ln in lines) == 153  # every line has a character to convert
    assert [ln for ln in lines if s2twp.convert(ln) == ln] == []  # every line has something to reverse


def test_heldout6_is_no_line_of_the_learnt_text() -> None:
    bench = bench_normalize()
    lines = set(bench.load_passages(bench.HELDOUT6).split("\n"))
    learnt = sorted((ROOT / "scripts" / "data").glob("zh_context_*.txt"))
    assert len(learnt) >= 3  # train, dev, prose
    for path in learnt:
        assert lines.isdisjoint(path.read_text(encoding="utf-8").split("\n")), path.name


def test_heldout6_converts_through_zhconv() -> None:
    zhconv = pytest.importorskip("zhconv", reason="zhconv is in the test extra")
    bench = bench_normalize()
    lines = bench.load_passages(bench.HELDOUT6).split("\n")
    assert [ln for ln in lines if zhconv.convert(ln, "zh-tw") == ln] == []
