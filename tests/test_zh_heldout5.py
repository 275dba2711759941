"""Held-back set 5 (issue 17) is well formed: blind header, simplified lines a converter changes.

Only its format is checked here, with OpenCC itself; the normaliser is never run on it in a test
(its differences are not to be read, only its score reported by scripts/bench_normalize.py --heldout).
"""
from pathlib import Path

import opencc
from conftest import bench_normalize

ROOT = Path(__file__).resolve().parents[1]


def test_heldout5_is_blind_simplified_and_scored_by_the_bench() -> None:
    bench = bench_normalize()
    path = bench.HELDOUT5
    assert path.name == "zh_heldout5_passages.txt"
    head = path.read_text(encoding="utf-8").split("\n")[:3]
    assert head[0].startswith("# zh_heldout5: blind held-back set 5 for issue 17") and "Never learnt from" in head[1]
    lines = bench.load_passages(path).split("\n")
    assert len(lines) == 131
    t2s, s2twp = opencc.OpenCC("t2s.json"), opencc.OpenCC("s2twp.json")
    assert [ln for ln in lines if t2s.convert(ln) != ln] == []  # no traditional character
    assert all(s2twp.convert(ln) != ln for ln in lines)  # every line has something to reverse
    assert "bench.HELDOUT5" in (ROOT / "scripts" / "compare_normalize.py").read_text(encoding="utf-8")
