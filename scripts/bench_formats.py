"""Cost of the Word 97 / WPS, spreadsheet and OFD readers, as ratios against the same report in a format
read natively, measured in the same run (best of N whole parses each).

    PYTHONPATH=src .venv/bin/python scripts/bench_formats.py [--runs 3]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import extractor

ROOT = Path(__file__).resolve().parents[1]
F = ROOT / "fixtures"
PAIRS = [  # (input, the same report in the baseline format)
    (F / "doc" / "gov2021_county.doc", F / "docx" / "gov2021_county.docx"),
    (F / "doc" / "gov2019_gbk_meta.wps", F / "html" / "gov2019_gbk_meta.html"),
    (F / "doc" / "pingtan_2024.doc", ROOT.parent / "shared" / "fixtures" / "real" / "pingtan_2024.html"),
    (F / "sheets" / "gov2021_county.xlsx", F / "docx" / "gov2021_county.docx"),
    (F / "sheets" / "gov2021_county_by_sheet.xls", F / "docx" / "gov2021_county.docx"),
    (F / "ofd" / "gov2021_county.ofd", F / "pdf" / "gov2021_county.pdf"),
    (F / "ofd" / "pingtan_2024.ofd", ROOT.parent / "shared" / "fixtures" / "real" / "pingtan_2024.html"),
]


def best(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = extractor.parse(path)
        times.append(time.perf_counter() - t)
        assert r.ok, (path, r.issues[:1])
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    runs = ap.parse_args().runs
    print("| input | ms | baseline | baseline ms | ratio |")
    print("|---|---:|---|---:|---:|")
    for a, b in PAIRS:
        if not a.exists() or not b.exists():
            continue
        ta, tb = best(a, runs), best(b, runs)
        print(f"| {a.name} | {ta * 1000:.0f} | {b.name} | {tb * 1000:.0f} | {ta / tb:.2f}× |")


if __name__ == "__main__":
    main()
