"""Cost of hostile growth and of the limits, as ratios measured in the same run.

    PYTHONPATH=src .venv/bin/python scripts/bench_limits.py

1. Linearity: each generator at n and 4n (in-process parse, no limits); t(4n)/t(n) is about 4 when
   the cost grows linearly and about 16 when it grows with the square.
2. Overhead of `extractor.parse()` under its default limits (a kept worker process, the Result
   pickled back) over the same parse in-process, on the fixtures; and the first call's start-up.
"""
from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import extractor

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("hostile", ROOT / "scripts/make_hostile_corpus.py")
hostile = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hostile)


def html_rows(n: int) -> bytes:
    return hostile.html("<table>" + "".join(f"<tr><td>第{i}项</td><td>{i}</td><td>{2 * i}</td></tr>"
                                            for i in range(n)) + "</table>")


def docx_rows(n: int) -> bytes:
    return hostile.docx(hostile.body("<w:tbl>" + "".join("<w:tr>" + hostile.tc(f"第{i}项") + hostile.tc(str(i))
                                                         + "</w:tr>" for i in range(n)) + "</w:tbl>"))


HEAD = hostile.TITLE + "\n一、总体情况\n"
GENERATORS = {
    "HTML table rows": (html_rows, 2500),
    "DOCX table rows": (docx_rows, 2500),
    "HTML nested unclosed <table>": (lambda n: b"<table>" * n, 5000),
    "HTML nested <div>": (lambda n: hostile.html("<div>" * n + "一、总体情况" + "</div>" * n), 10000),
    "text pipe-table lines": (lambda n: (HEAD + "| 1 | 2 | 3 |\n" * n).encode(), 10000),
    "text one line of pipes": (lambda n: (HEAD + "|" * n).encode(), 4000),
    "text spaced digits": (lambda n: (HEAD + "本年新收政府信息公开申请数量 " + "1 " * n).encode(), 4000),
    "text heading flood": (lambda n: (HEAD + "一、情况" * n).encode(), 4000),
}


def best(f, repeat: int = 2) -> float:
    from bench_batch import best as best_of  # the one best-of-N timer of the benchmarks
    return best_of(f, repeat)


def linearity() -> None:
    print("| input | n | s at n | s at 4n | ratio (linear ≈ 4) |\n|---|---:|---:|---:|---:|")
    for name, (make, n) in GENERATORS.items():
        small, big = make(n), make(4 * n)
        a = best(lambda: extractor.parse(small, timeout=0, max_memory_mb=0))
        b = best(lambda: extractor.parse(big, timeout=0, max_memory_mb=0))
        print(f"| {name} | {n} | {a:.2f} | {b:.2f} | {b / a:.1f} |")


def overhead() -> None:
    files = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".pdf", ".html", ".txt", ".docx")
                   and "hostile" not in p.parts and "corpus" not in p.parts)
    t = time.perf_counter()
    extractor.parse(files[0])
    first = time.perf_counter() - t
    limited = sum(best(lambda: extractor.parse(p)) for p in files)
    plain = sum(best(lambda: extractor.parse(p, timeout=0, max_memory_mb=0)) for p in files)
    print(f"\n{len(files)} fixtures: under limits {limited:.2f} s, in-process {plain:.2f} s, "
          f"ratio {limited / plain:.2f}×; first call (worker start-up + parse) {first:.2f} s")


if __name__ == "__main__":
    linearity()
    overhead()
