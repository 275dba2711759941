"""Count wrong non-null values (the worst bug) in an output folder against truth files.

    python scripts/wrong_values.py OUTDIR TRUTHDIR
"""
import json
import sys
from pathlib import Path


def main(out_dir: str, truth_dir: str) -> int:
    wrong = nulls = total = 0
    for tf in sorted(Path(truth_dir).glob("*.truth.json")):
        truth = json.loads(tf.read_text("utf-8"))
        out_path = Path(out_dir) / (tf.name[: -len(".truth.json")] + ".json")
        if not out_path.exists():
            continue
        out = json.loads(out_path.read_text("utf-8"))
        for table, tb in truth.get("tables", {}).items():
            got = ((out.get("tables") or {}).get(table) or {}).get("values", {})
            for row, cols in tb["values"].items():
                for col, want in cols.items():
                    total += 1
                    value = got.get(row, {}).get(col)
                    if value is None:
                        nulls += want is not None
                    elif want is None or abs(value - want) > 1e-6:
                        wrong += 1
                        print(f"WRONG {tf.name[:-11]} {table}.{row}.{col}: truth {want}, got {value}")
    print(f"cells {total}, wrong non-null {wrong}, null where the truth has a value {nulls}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
