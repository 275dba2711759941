"""HTML parse cost as ratios to a bare BeautifulSoup(html, "lxml") + get_text() of the same page.

    PYTHONPATH=src .venv/bin/python scripts/bench_html.py [PAGE ...] [--repeat 3] [--profile 15]

Per page (default: the real pingtan_2024.html and the HTML report fixtures) and overall (sums),
each figure the best of REPEAT runs in this process: the baseline, our HTML reader alone
(`readers.html.read_html`) and the whole parse (`extractor.parse_bytes`: reading, normalisation,
sections, metadata, mapping, identities, narrative), each as a ratio to the baseline. The judged
figure is the whole parse (bar: 1.5×). `--profile N` adds where the whole parse spends its time:
own time summed per module, the N largest.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
from bench_batch import best  # noqa: E402  (best of REPEAT runs of a callable)
REAL = ROOT.parent / "shared" / "fixtures" / "real" / "pingtan_2024.html"
FOLDERS = ("html", "corpus", "wild", "legacy", "legacy_corpus")


def default_pages() -> list[Path]:
    pages = [REAL] if REAL.exists() else []
    for folder in FOLDERS:
        pages += sorted(p for p in (ROOT / "fixtures" / folder).glob("*.htm*") if ".truth" not in p.name)
    return pages


def profile(pages: list[Path], top: int) -> None:
    from extractor import parse_bytes
    data = [(p.read_bytes(), str(p)) for p in pages]
    prof = cProfile.Profile()
    prof.enable()
    for d, name in data:
        parse_bytes(d, name)
    prof.disable()
    own: Counter[str] = Counter()
    for (file, _line, _fn), (_cc, _nc, tottime, _ct, _callers) in pstats.Stats(prof).stats.items():
        parts = Path(file).parts
        key = "/".join(parts[parts.index("extractor") + 1:]) if "extractor" in parts else "built-ins (re, str, lxml …)" if file == "~" else (
            parts[parts.index("site-packages") + 1] if "site-packages" in parts else file)
        own[key] += tottime
    total = sum(own.values())
    print(f"\nwhole parse, own time per module (cProfile, {len(pages)} pages, {total * 1000:.0f} ms in all):")
    for key, t in own.most_common(top):
        print(f"  {t / total:6.1%}  {key}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", type=int, default=0, metavar="N")
    a = ap.parse_args()
    from bs4 import BeautifulSoup

    from extractor import parse_bytes
    from extractor.readers.html import read_html
    pages = a.pages or default_pages()
    sums = [0.0, 0.0, 0.0]
    print(f"best of {a.repeat} runs; ratios to BeautifulSoup(html, 'lxml') + get_text() of the same page")
    print("| page | baseline ms | reader ms | reader ratio | whole parse ms | whole parse ratio |\n"
          "|---|---:|---:|---:|---:|---:|")
    for p in pages:
        data, name = p.read_bytes(), str(p)
        parse_bytes(data, name)  # first use imports the pipeline's modules: not a per-page cost
        base = best(lambda: BeautifulSoup(data, "lxml").get_text(), a.repeat)
        reader = best(lambda: read_html(data), a.repeat)
        whole = best(lambda: parse_bytes(data, name), a.repeat)
        for i, t in enumerate((base, reader, whole)):
            sums[i] += t
        print(f"| {p.name} | {base * 1000:.1f} | {reader * 1000:.1f} | {reader / base:.2f}× | "
              f"{whole * 1000:.1f} | {whole / base:.2f}× |", flush=True)
    base, reader, whole = sums
    print(f"| overall ({len(pages)} pages) | {base * 1000:.0f} | {reader * 1000:.0f} | {reader / base:.2f}× | "
          f"{whole * 1000:.0f} | {whole / base:.2f}× |")
    if a.profile:
        profile(pages, a.profile)


if __name__ == "__main__":
    main()
