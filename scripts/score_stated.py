"""Score parsed reports against the stated-figure truths of scripts/make_stated_corpus.py.

    python scripts/score_stated.py OUTDIR TRUTHDIR [-v]

Per report: template / year / agency, section keys found; stated figures: recall (a truth figure parsed with its
value), wrong (parsed under the truth's key with another value), extra (a parsed stated figure the truth does not
list: a figure about another subject or scope), narrative.* checks: expected disagreements reported, and failing
narrative checks that are no disagreement. -v lists every miss.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def _stated(out: dict) -> dict[str, dict]:
    if (out.get("report") or {}).get("template") == "legacy":
        return {f["fact"]: f for f in out.get("legacy_facts", []) if f.get("source") == "text"}
    return {f["key"]: f for f in out.get("narrative_facts", [])}


def score(outdir: Path, truthdir: Path, verbose: bool = False) -> Counter:
    c: Counter = Counter()
    for tp in sorted(truthdir.glob("*.truth.json")):
        stem = tp.name[: -len(".truth.json")]
        want = json.loads(tp.read_text("utf-8"))
        op = outdir / f"{stem}.json"
        out = json.loads(op.read_text("utf-8")) if op.exists() else {}
        kind = "legacy" if want["report"]["template"] == "legacy" else "modern"
        c[f"{kind}_docs"] += 1
        rep = out.get("report") or {}
        miss = []
        for k in ("template", "year"):
            if rep.get(k) != want["report"][k]:
                miss.append(f"{k} {rep.get(k)} != {want['report'][k]}")
        if rep.get("agency") not in [want["report"]["agency"], *want["report"].get("agency_aliases", [])]:
            miss.append(f"agency {rep.get('agency')} != {want['report']['agency']}")
        c["meta_wrong"] += bool(miss)
        keys = Counter(s["key"] for s in out.get("sections", []))
        for s in want["sections"]:
            c[f"{kind}_sections"] += 1
            if keys[s["key"]] > 0:
                keys[s["key"]] -= 1
                c[f"{kind}_sections_found"] += 1
            else:
                miss.append(f"section {s['key']} missing")
        got = _stated(out)
        truth = {s["key"]: s for s in want["stated"]}
        for k, s in truth.items():
            c[f"{kind}_stated"] += 1
            g = got.get(k)
            if g is None:
                miss.append(f"{k} missing")
            elif abs(g["value"] - s["value"]) > 1e-6:
                c[f"{kind}_wrong"] += 1
                miss.append(f"{k} {g['value']} != {s['value']}")
            else:
                c[f"{kind}_found"] += 1
        for k, g in got.items():
            if k not in truth:
                c[f"{kind}_extra"] += 1
                miss.append(f"extra {k}={g['value']} ({g.get('phrase')})")
        failing = {x["rule"] for x in out.get("checks", []) if x["ok"] is False and x["rule"].startswith("narrative.")}
        expected = set(want.get("expected_failing_rules", []))
        c["disagreements"] += len(expected)
        c["disagreements_reported"] += len(expected & failing)
        c["false_disagreements"] += len(failing - expected)
        miss += [f"disagreement {r} not reported" for r in sorted(expected - failing)]
        miss += [f"false disagreement {r}" for r in sorted(failing - expected)]
        if verbose and miss:
            print(f"{stem}: " + "; ".join(miss))
    return c


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    c = score(Path(args[0]), Path(args[1]), "-v" in sys.argv)
    for kind in ("legacy", "modern"):
        n = c[f"{kind}_stated"]
        print(f"{kind}: {c[f'{kind}_docs']} reports, stated recall {c[f'{kind}_found'] / max(n, 1):.3f} ({c[f'{kind}_found']}/{n}),"
              f" wrong {c[f'{kind}_wrong']}, extra {c[f'{kind}_extra']}, sections "
              f"{c[f'{kind}_sections_found'] / max(c[f'{kind}_sections'], 1):.3f}")
    print(f"metadata wrong: {c['meta_wrong']}; disagreements reported {c['disagreements_reported']}/{c['disagreements']}, "
          f"false {c['false_disagreements']}")


if __name__ == "__main__":
    main()
