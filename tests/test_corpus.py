"""A small deterministic slice of the stress corpus (scripts/make_corpus.py, seed 7) kept in fixtures/corpus/.

Each input has <stem>.truth.json in the scorer's format (../shared/tools/score.py). Every truth cell must come
out exactly (a truth null must be null), template / year / agency must match, every expected failing rule must be
reported, and a clean report must have no failing check. Cases the parser gets wrong today are xfail(strict=True)
so they flip to errors once fixed; the reasons are in /tmp/corpus_findings.md when the corpus is regenerated.
"""
import json
from pathlib import Path

import pytest

import extractor
from conftest import FIXTURES, input_of, report_mismatches

CORPUS = FIXTURES / "corpus"
TRUTHS = sorted(CORPUS.glob("*.truth.json"))

XFAIL = {
}



def _failures(truth: Path) -> list[str]:
    want = json.loads(truth.read_text("utf-8"))
    out = extractor.parse(input_of(truth)).to_dict()
    bad = report_mismatches(out, want)
    for t, tb in want["tables"].items():
        got = out["tables"].get(t, {}).get("values", {})
        for row, cols in tb["values"].items():
            for col, v in cols.items():
                p = got.get(row, {}).get(col, "missing")
                if v is None and p is not None or v is not None and (not isinstance(p, (int, float)) or abs(p - v) > 1e-6):
                    bad.append(f"{t}.{row}.{col}: {p!r} != {v!r}")
    failing = [c for c in out["checks"] if c["ok"] is False]
    for e in want["expected_failing_rules"]:
        where = e.get("column") or e.get("row") or e.get("group")
        if not any(c["rule"] == e["rule"] and where in [c.get(k) for k in ("column", "row", "group", "where", "item")]
                   for c in failing):
            bad.append(f"expected failing {e} not reported")
    if not want["expected_failing_rules"] and failing:
        bad.append(f"false alarms: {[(c['rule'], c.get('column') or c.get('row') or c.get('group')) for c in failing]}")
    return bad


@pytest.mark.parametrize("truth", [
    pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=XFAIL[t.name[:-11]])) if t.name[:-11] in XFAIL else t
    for t in TRUTHS], ids=lambda p: p.name[:-11])
def test_corpus_document(truth):
    assert _failures(truth) == []
