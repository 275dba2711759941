"""Cell accuracy and wrong non-null values per feature of a wild corpus (make_corpus.py --wild).

    python scripts/score_features.py OUTDIR TRUTHDIR [-v]

Each truth names its features (corner, total_head, blank, labels, group_repeat, other_single, stacked,
signs, rules; the report shapes order, items_as_lines, leaf_bare) and its form / style; a document counts
under every feature value it has. `sections` counts the documents whose section keys are exactly the
truth's, in order. -v lists every wrong or missing cell and every document whose sections differ.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path


def cells(truth: dict, out: dict):
    """(table.row.col, truth, got) for every truth cell."""
    for table, tb in truth.get("tables", {}).items():
        got = ((out.get("tables") or {}).get(table) or {}).get("values", {})
        for row, cols in tb["values"].items():
            for col, want in cols.items():
                yield f"{table}.{row}.{col}", want, got.get(row, {}).get(col)


def main(out_dir: str, truth_dir: str, verbose: bool = False) -> int:
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # docs, right, total, wrong, sections ok
    for tf in sorted(Path(truth_dir).glob("*.truth.json")):
        truth = json.loads(tf.read_text("utf-8"))
        stem = tf.name[: -len(".truth.json")]
        path = Path(out_dir) / f"{stem}.json"
        out = json.loads(path.read_text("utf-8")) if path.exists() else {}
        right = total = wrong = 0
        for key, want, got in cells(truth, out):
            total += 1
            ok = (want is None and got is None) or (want is not None and got is not None and abs(got - want) < 1e-6)
            right += ok
            wrong += got is not None and not ok
            if verbose and not ok:
                print(f"{'WRONG' if got is not None else 'NULL '} {stem} {key}: truth {want}, got {got}")
        want_secs = [s["key"] for s in truth.get("sections", [])]
        got_secs = [s.get("key") for s in out.get("sections") or []]
        sec_ok = got_secs == want_secs
        if verbose and not sec_ok:
            print(f"SECTIONS {stem}: truth {want_secs}, got {got_secs}")
        feats = {"form": truth.get("form"), "style": truth.get("style"), "damage": truth.get("damage")}
        feats.update(truth.get("features", {}))
        for k, v in feats.items():
            v = "yes" if isinstance(v, str) and "." in v and k == "stacked" else v
            s = stats[f"{k}={v}"]
            s[0] += 1
            s[1] += right
            s[2] += total
            s[3] += wrong
            s[4] += sec_ok
        s = stats["ALL"]
        s[0] += 1
        s[1] += right
        s[2] += total
        s[3] += wrong
        s[4] += sec_ok
    print(f"{'feature':28} {'docs':>5} {'cells right':>14} {'accuracy':>9} {'wrong':>6} {'sections':>9}")
    for k in sorted(stats, key=lambda k: (k == "ALL", k)):
        d, r, t, w, so = stats[k]
        print(f"{k:28} {d:5d} {f'{r}/{t}':>14} {r / t if t else 1:9.4f} {w:6d} {f'{so}/{d}':>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], "-v" in sys.argv))
