"""A small deterministic slice of the legacy stress corpus (scripts/make_legacy_corpus.py, seed 1) in fixtures/legacy_corpus/.

Each input has <stem>.truth.json: template / year / agency must match, every truth section key must be found,
every truth legacy fact must come out with its value and cumulative value (a truth null must be null: digits that
split more than one way), every expected text/table disagreement (narrative.<fact>) must be reported and no other
check may fail. Non-reports must be an error record not_an_annual_report. Cases the parser gets wrong today are
xfail(strict=True) so they flip to errors once fixed.
"""
import json
from pathlib import Path

import pytest

import extractor
from conftest import FIXTURES, input_of, report_mismatches

CORPUS = FIXTURES / "legacy_corpus"
TRUTHS = sorted(CORPUS.glob("*.truth.json"))

XFAIL: dict[str, str] = {}  # documents the parser gets wrong today (none)



def _same(a, b) -> bool:
    return a is None and b is None if a is None or b is None else abs(a - b) < 1e-6


def _failures(truth: Path) -> list[str]:
    want = json.loads(truth.read_text("utf-8"))
    out = extractor.parse(input_of(truth)).to_dict()
    errors = [i for i in out["issues"] if i["code"] == "not_an_annual_report" and i["severity"] == "error"]
    if want.get("not_an_annual_report"):
        return [] if errors else ["not flagged as not_an_annual_report"]
    bad = [f"flagged: {e['message']}" for e in errors]
    bad += report_mismatches(out, want)
    keys = [s["key"] for s in out["sections"]]
    for s in want["sections"]:
        if s["key"] in keys:
            keys.remove(s["key"])
        else:
            bad.append(f"section {s['key']} ({s['heading']}) missing")
    got = {}
    for f in out["legacy_facts"]:
        got.setdefault((f["fact"], f["source"]), f)
    for f in want["legacy_facts"]:
        g = got.get((f["fact"], f["source"]))
        if g is None:
            bad.append(f"{f['fact']}/{f['source']} missing")
        elif not _same(g["value"], f["value"]) or (
                "cumulative_value" in f and not _same(g.get("cumulative_value"), f["cumulative_value"])):
            bad.append(f"{f['fact']}/{f['source']}: {g['value']}|{g.get('cumulative_value')} != "
                       f"{f['value']}|{f.get('cumulative_value')}")
    failing = {c["rule"] for c in out["checks"] if c["ok"] is False}
    expected = set(want.get("expected_failing_rules", []))
    bad += [f"disagreement {r} not reported" for r in sorted(expected - failing)]
    bad += [f"unexpected failing check {r}" for r in sorted(failing - expected)]
    return bad


@pytest.mark.parametrize("truth", [
    pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=XFAIL[t.name[:-11]])) if t.name[:-11] in XFAIL else t
    for t in TRUTHS], ids=lambda p: p.name[:-11])
def test_legacy_corpus_document(truth: Path):
    assert _failures(truth) == []


def test_legacy_corpus_is_small_and_varied():
    assert 6 <= len(TRUTHS) <= 12
    assert sum(p.stat().st_size for p in CORPUS.iterdir()) < 250_000
    forms = {json.loads(t.read_text("utf-8")).get("form") for t in TRUTHS}
    assert {"html", "text", "html_tw"} <= forms
