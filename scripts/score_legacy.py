"""Score parsed legacy reports against the truths of scripts/make_legacy_corpus.py.

    python scripts/score_legacy.py OUTDIR TRUTHDIR [-v]

OUTDIR holds <stem>.json (extractor output), TRUTHDIR <stem>.truth.json. Reports template / year / agency
accuracy, section-key recall, legacy_facts recall (a truth fact is found when a parsed fact has the same
fact, source, value and cumulative_value; a truth null must come out null), wrong values among found
facts (same fact and source, another value), disagreement recall (each expected narrative.<fact> check
reported failing) and non-report recognition. -v lists every miss.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-6


def score(outdir: Path, truthdir: Path, verbose: bool = False) -> dict:
    c: Counter = Counter()
    misses: list[str] = []
    for tp in sorted(truthdir.glob("*.truth.json")):
        stem = tp.name[: -len(".truth.json")]
        want = json.loads(tp.read_text("utf-8"))
        op = outdir / f"{stem}.json"
        got = json.loads(op.read_text("utf-8")) if op.exists() else {}
        issues = got.get("issues") or []
        if want.get("not_an_annual_report"):
            c["nonreport_total"] += 1
            if any(i.get("code") == "not_an_annual_report" and i.get("severity") == "error" for i in issues):
                c["nonreport_ok"] += 1
            else:
                misses.append(f"{stem}: non-report not flagged")
            continue
        c["docs"] += 1
        rep, w = got.get("report") or {}, want["report"]
        for k in ("template", "year"):
            ok = rep.get(k) == w[k]
            c[f"{k}_ok"] += ok
            if not ok:
                misses.append(f"{stem}: {k} {rep.get(k)!r} != {w[k]!r}")
        ok = rep.get("agency") in [w["agency"], *w.get("agency_aliases", [])]
        c["agency_ok"] += ok
        if not ok:
            misses.append(f"{stem}: agency {rep.get('agency')!r} != {w['agency']!r}")
        if any(i.get("code") == "not_an_annual_report" and i.get("severity") == "error" for i in issues):
            misses.append(f"{stem}: flagged as not a report")
        gk = Counter(s["key"] for s in got.get("sections") or [])
        for s in want["sections"]:
            c["sections_total"] += 1
            if gk[s["key"]] > 0:
                gk[s["key"]] -= 1
                c["sections_found"] += 1
            else:
                misses.append(f"{stem}: section {s['key']} ({s.get('heading')}) missing; got "
                              f"{[x['key'] for x in got.get('sections') or []]}")
        facts = got.get("legacy_facts") or []
        by = {}
        for f in facts:
            by.setdefault((f["fact"], f["source"]), f)
        for f in want["legacy_facts"]:
            c["facts_total"] += 1
            g = by.get((f["fact"], f["source"]))
            if g is None:
                misses.append(f"{stem}: fact {f['fact']}/{f['source']} = {f['value']} missing")
                continue
            right = _same(g.get("value"), f["value"]) and (
                "cumulative_value" not in f or _same(g.get("cumulative_value"), f["cumulative_value"]))
            if right:
                c["facts_found"] += 1
            else:
                c["facts_wrong"] += 1
                misses.append(f"{stem}: WRONG {f['fact']}/{f['source']}: got {g.get('value')}|{g.get('cumulative_value')} "
                              f"want {f['value']}|{f.get('cumulative_value')} ({g.get('phrase', '')[:40]})")
        failing = {ch["rule"] for ch in got.get("checks") or [] if ch.get("ok") is False}
        for rule in want.get("expected_failing_rules", []):
            c["disagree_total"] += 1
            if rule in failing:
                c["disagree_found"] += 1
            else:
                misses.append(f"{stem}: disagreement {rule} not reported")
        for rule in failing - set(want.get("expected_failing_rules", [])):
            c["unexpected_failing"] += 1
            misses.append(f"{stem}: unexpected failing check {rule}")
    if verbose:
        print("\n".join(misses))
    r = lambda a, b: (c[a] / c[b]) if c[b] else 1.0  # noqa: E731
    summary = {
        "documents": c["docs"], "template": r("template_ok", "docs"), "year": r("year_ok", "docs"),
        "agency": r("agency_ok", "docs"), "sections_recall": r("sections_found", "sections_total"),
        "facts_recall": r("facts_found", "facts_total"), "facts_total": c["facts_total"],
        "facts_wrong": c["facts_wrong"], "disagreement_recall": r("disagree_found", "disagree_total"),
        "disagreements": c["disagree_total"], "unexpected_failing_checks": c["unexpected_failing"],
        "non_reports_flagged": f"{c['nonreport_ok']}/{c['nonreport_total']}",
    }
    for k, v in summary.items():
        print(f"{k:28s} {v:.3f}" if isinstance(v, float) else f"{k:28s} {v}")
    return summary


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    if len(args) != 2:
        sys.exit(__doc__)
    score(Path(args[0]), Path(args[1]), "-v" in sys.argv)
