"""The batch parent's cost per report, as a ratio to reading the same records back (the baseline).

    PYTHONPATH=src .venv/bin/python scripts/bench_batch_parent.py [--reports 2000]

No parsing: N worker outcomes (one real record, relabelled per input, with the JSONL line and the
database rows a worker makes) are handed to the parent's
code path of `run_batch` as if workers had sent them — storing, the per-report JSON, the manifest,
`reports.jsonl`, the SQLite database and failures.csv — then the same batch is run again to resume
(nothing to do). The baseline is the bare cost of reading each stored record and `json.loads` it.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from unittest import mock

from extractor.batch import pool, run
from extractor.limits import parse

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT.parent / "shared/fixtures/real/pingtan_2024.html"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=2000)
    a = ap.parse_args()
    from extractor.batch.records import summarize
    from extractor.batch.db import rows
    try:
        from extractor.batch.store import jsonl_line
    except ImportError:  # the code before streaming (for a before/after run)
        def jsonl_line(d): return json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n"
    from extractor.batch.worker import work_key
    text = parse(str(REPORT), timeout=0, max_memory_mb=0).to_json()
    d = json.loads(text)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp, "in")
        inputs.mkdir()
        for i in range(a.reports):
            (inputs / f"r{i:05d}.html").write_bytes(b"x")

        outcomes = {}  # what the workers send, made before the clock starts
        for i in range(a.reports):
            p = str(inputs / f"r{i:05d}.html")
            sha = f"{i:064d}"  # each its own content key, as distinct reports would have
            d["source"]["path"], d["source"]["sha256"] = p, sha
            outcomes[p] = {"type": "done", "status": "parsed", "path": p, "key": work_key(sha), "sha256": sha,
                           "json": json.dumps(d, ensure_ascii=False, indent=2) + "\n", "summary": summarize(d),
                           "line": jsonl_line(d), "rows": json.loads(json.dumps(rows(0, "", d))),
                           "maxrss_kb": None}

        def fake_local(paths, cfg, workers, timeout, on_outcome, tick, max_tasks=200):
            for p in paths:
                on_outcome(outcomes[p])
            return []

        out = Path(tmp, "out")
        spent = []
        real_finalize = run.finalize

        def timed_finalize(*args, **kw):
            t = time.perf_counter()
            try:
                return real_finalize(*args, **kw)
            finally:
                spent.append(time.perf_counter() - t)

        with mock.patch.object(run, "run_local", fake_local), mock.patch.object(run, "finalize", timed_finalize):
            t0 = time.perf_counter()
            run.run_batch([str(inputs)], out, progress="none")
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            run.run_batch([str(inputs)], out, progress="none")
            again = time.perf_counter() - t0
        t0 = time.perf_counter()
        for f in sorted((out / ".extractor-batch/results").iterdir()):
            json.loads(f.read_text("utf-8"))
        base = time.perf_counter() - t0
    n = a.reports
    print(f"{n} reports of {len(text)} bytes each ({REPORT.name})")
    print("| step | ms per report | ratio to reading the records back |\n|---|---:|---:|")
    for name, t in (("read + json.loads each record (baseline)", base), ("batch, parent's work", first),
                    ("… of which the end (outputs in path order)", spent[0]),
                    ("batch again (resume, all done)", again)):
        print(f"| {name} | {t / n * 1000:.2f} | {t / base:.1f}× |")


if __name__ == "__main__":
    main()
