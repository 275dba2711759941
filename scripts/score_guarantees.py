"""The judged guarantees beyond cell accuracy, on a generated corpus (make_corpus.py) and its outputs.

    python scripts/score_guarantees.py OUTDIR TRUTHDIR [-v]

- violations reported: each identity the truth says the printed values break (`expected_failing_rules`)
  is a failing check of the output (same rule and row / column / group);
- false alarms: failing checks of the output the truth does not expect (on a clean source: any);
- blanks recovered: each cell the truth says the identities determine (`inferable`) has its true value;
- template, year and agency: the output's report against the truth (agency or one of its aliases).
-v names every miss.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

_WHERE = ("row", "column", "group")


def _same(want: dict, got: dict) -> bool:
    return want["rule"] == got.get("rule") and all(got.get(k) == want[k] for k in _WHERE if k in want)


def main(out_dir: str, truth_dir: str, verbose: bool = False) -> int:
    n = {"docs": 0, "violations": 0, "reported": 0, "clean": 0, "false_alarm_docs": 0, "false_alarms": 0,
         "inferable": 0, "recovered": 0, "meta_ok": 0, "template_ok": 0, "year_ok": 0, "agency_ok": 0}
    for tf in sorted(Path(truth_dir).glob("*.truth.json")):
        truth = json.loads(tf.read_text("utf-8"))
        stem = tf.name[: -len(".truth.json")]
        path = Path(out_dir) / f"{stem}.json"
        out = json.loads(path.read_text("utf-8")) if path.exists() else {}
        n["docs"] += 1
        failing = [c for c in out.get("checks") or [] if c.get("ok") is False]
        expected = truth.get("expected_failing_rules") or []
        for want in expected:
            n["violations"] += 1
            hit = any(_same(want, got) for got in failing)
            n["reported"] += hit
            if verbose and not hit:
                print(f"UNREPORTED {stem} {want}")
        extra = [got for got in failing if not any(_same(want, got) for want in expected)]
        n["clean"] += not expected
        n["false_alarms"] += len(extra)
        n["false_alarm_docs"] += bool(extra)
        if verbose:
            for got in extra:
                print(f"FALSE_ALARM {stem} {got}")
        tables = truth.get("tables", {})
        for cell in truth.get("inferable") or []:
            want = tables.get(cell["table"], {}).get("values", {}).get(cell["row"], {}).get(cell["column"])
            got = ((out.get("tables") or {}).get(cell["table"]) or {}).get("values", {}).get(cell["row"], {}).get(cell["column"])
            if want is None:
                continue  # the truth's value was taken away after (a stacked cell): not determined
            n["inferable"] += 1
            ok = got is not None and abs(got - want) < 1e-6
            n["recovered"] += ok
            if verbose and not ok:
                print(f"NOT_RECOVERED {stem} {cell['table']}.{cell['row']}.{cell['column']}: truth {want}, got {got}")
        rep, want = out.get("report") or {}, truth["report"]
        t_ok, y_ok = rep.get("template") == want["template"], rep.get("year") == want["year"]
        a_ok = rep.get("agency") in [want["agency"], *want.get("agency_aliases", [])]
        n["template_ok"] += t_ok
        n["year_ok"] += y_ok
        n["agency_ok"] += a_ok
        n["meta_ok"] += t_ok and y_ok and a_ok
        if verbose and not (t_ok and y_ok and a_ok):
            print(f"META {stem}: truth {want['template']} {want['year']} {want['agency']}, got "
                  f"{rep.get('template')} {rep.get('year')} {rep.get('agency')}")
    d = n["docs"]
    print(f"violations reported {n['reported']}/{n['violations']}")
    print(f"false alarms {n['false_alarms']} in {n['false_alarm_docs']} documents ({n['clean']} clean sources)")
    print(f"blanks recovered {n['recovered']}/{n['inferable']}")
    print(f"template {n['template_ok']}/{d}, year {n['year_ok']}/{d}, agency {n['agency_ok']}/{d}, all three {n['meta_ok']}/{d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], "-v" in sys.argv))
