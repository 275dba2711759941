"""Benchmark of parsing and of `extractor batch`.

1. Parse cost per PDF page, as a ratio to pdfplumber's own extract_text + extract_tables on the
   same PDFs (the floor: our PDF reader is built on pdfplumber).
2. Parse cost per HTML report, as a ratio to BeautifulSoup (lxml) parsing the page alone.
3. Batch throughput with 1 and 2 workers on a corpus replicated from the real files and the
   project's fixtures (each copy made unique so that resume does not skip it), and the peak
   memory (ru_maxrss) of a worker process.

    PYTHONPATH=src python scripts/bench_batch.py [--copies 6] [--repeat 3]
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
REAL = ROOT.parent / "shared" / "fixtures" / "real"
FIXTURES = ROOT / "fixtures"


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def corpus_files() -> list[Path]:
    files = []
    for d in (REAL, FIXTURES):
        if d.is_dir():
            files += [p for p in sorted(d.rglob("*")) if p.is_file() and not p.name.endswith(".json")
                      and "hostile" not in p.parts]
    return files


def pdf_rows(repeat: int) -> list[tuple]:
    import pdfplumber
    from extractor import parse_bytes
    rows = []
    for p in corpus_files():
        data = p.read_bytes()
        if not data.startswith(b"%PDF") or not parse_bytes(data, str(p)).ok:
            continue

        def bare():
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.extract_tables()

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        ours = best(lambda: parse_bytes(data, str(p)), repeat)
        floor = best(bare, repeat)
        rows.append((p.name, pages, ours / pages * 1000, floor / pages * 1000, ours / floor))
    return rows


def html_rows(repeat: int) -> list[tuple]:
    from bs4 import BeautifulSoup
    from extractor import parse_bytes
    rows = []
    for p in corpus_files():
        data = p.read_bytes()
        if not p.suffix.lower().startswith(".htm"):
            continue
        ours = best(lambda: parse_bytes(data, str(p)), repeat)
        floor = best(lambda: BeautifulSoup(data, "lxml"), repeat)
        rows.append((p.name, ours * 1000, floor * 1000, ours / floor))
    return rows


def make_corpus(dest: Path, copies: int) -> int:
    n = 0
    for i in range(copies):
        for p in corpus_files():
            data = p.read_bytes()
            if data.startswith(b"%PDF"):
                data += f"\n% copy {i}\n".encode()
            elif p.suffix.lower().startswith(".htm"):
                data += f"\n<!-- copy {i} -->\n".encode()
            else:
                data += "\n\n".encode() * (i + 1)
            (dest / f"c{i:02d}_{p.name}").write_bytes(data)
            n += 1
    return n


def batch_rows(copies: int, rounds: int) -> list[tuple]:
    """Fresh batches with 1 and 2 workers, alternated `rounds` times; the best run of each counts
    (the machine may be shared: the best run is the one least disturbed)."""
    from extractor.batch.run import run_batch
    best_of: dict[int, tuple] = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        n = make_corpus(src, copies)
        for _ in range(rounds):
            for workers in (1, 2):
                out = Path(tmp) / f"out{workers}"
                t = time.perf_counter()
                s = run_batch([str(src)], out, workers=workers, progress="none")
                total = time.perf_counter() - t
                row = (workers, n, total, n / total, n / s.parse_seconds, max(s.worker_peak_rss_mb or [0]),
                       (total - s.parse_seconds) / n * 1000)
                if workers not in best_of or total < best_of[workers][2]:
                    best_of[workers] = row
                shutil.rmtree(out)
    return [best_of[w] for w in sorted(best_of)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=6, help="copies of each file in the batch corpus")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per file (the best counts)")
    ap.add_argument("--rounds", type=int, default=2, help="batch runs per worker count (the best counts)")
    ap.add_argument("--only", choices=("pdf", "html", "batch"), action="append",
                    help="run only these parts (repeatable; default: all)")
    args = ap.parse_args()
    only = set(args.only or ("pdf", "html", "batch"))
    print(f"cpu cores: {os.cpu_count()}\n")
    if "pdf" in only:
        print("| PDF | pages | ours ms/page | pdfplumber text+tables ms/page | ratio |\n|---|---:|---:|---:|---:|")
        for name, pages, ours, floor, ratio in pdf_rows(args.repeat):
            print(f"| {name} | {pages} | {ours:.0f} | {floor:.0f} | {ratio:.2f}× |")
    if "html" in only:
        print("\n| HTML | ours ms | BeautifulSoup(lxml) ms | ratio |\n|---|---:|---:|---:|")
        for name, ours, floor, ratio in html_rows(args.repeat):
            print(f"| {name} | {ours:.0f} | {floor:.1f} | {ratio:.1f}× |")
    if "batch" not in only:
        return
    rows = batch_rows(args.copies, args.rounds)
    print("\n| workers | files | wall s (incl. outputs + SQLite) | files/s | files/s (parsing phase) "
          "| end of run ms/file | peak RSS per worker MB | throughput / 1 worker |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|")
    for w, n, total, rate, prate, rss, end in rows:
        print(f"| {w} | {n} | {total:.1f} | {rate:.2f} | {prate:.2f} | {end:.1f} | {rss:.0f} | {rate / rows[0][3]:.2f}× |")
    if len(rows) == 2:
        print(f"\nthroughput 2 workers / 1 worker: {rows[1][3] / rows[0][3]:.2f}× overall, "
              f"{rows[1][4] / rows[0][4]:.2f}× in the parsing phase")


if __name__ == "__main__":
    main()
