"""The batch parent's cost per report, as a ratio to a bare `json.dumps` + write of the same records.

    PYTHONPATH=src .venv/bin/python scripts/bench_batch_parent.py [--reports 2000]

No parsing: N records (one real record, relabelled per input, each its own content key) are handed
to `run_batch` as if workers had parsed them. The workers' own writing (`shards.write_record`: the
resume record, `<stem>.json`, the shard's JSONL line and database rows) runs inside the fake pool
and is timed apart; what is left is the parent's work (the manifest, progress, the end of the run:
`reports.jsonl` in path order, the SQLite database, failures.csv). Then the same batch is run again
(everything done). The baseline, timed in the same command, is the least any single process that
receives the records must do: `json.dumps` each record and write it to one file.

With the code before workers wrote their shards (no `extractor.batch.shards`), the fake workers
send the record, its line and rows, and the parent writes everything, as that code did.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from unittest import mock

from extractor.batch import run
from extractor.limits import parse

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT.parent / "shared/fixtures/real/pingtan_2024.html"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=2000)
    a = ap.parse_args()
    from extractor.batch.db import rows
    from extractor.batch.records import summarize
    from extractor.batch.worker import work_key
    try:
        from extractor.batch import shards
    except ImportError:  # the code before workers wrote their shards
        shards = None
        from extractor.batch.store import jsonl_line
    text = parse(str(REPORT), timeout=0, max_memory_mb=0).to_json()
    d = json.loads(text)
    n = a.reports
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp, "in")
        inputs.mkdir()
        records = {}
        for i in range(n):
            p = str(inputs / f"r{i:05d}.html")
            Path(p).write_bytes(b"x")
            sha = f"{i:064d}"
            d["source"]["path"], d["source"]["sha256"] = p, sha
            records[p] = (work_key(sha), sha, json.dumps(d, ensure_ascii=False, indent=2) + "\n")

        t0 = time.perf_counter()  # the baseline: json.dumps + write of the same records, one process
        with open(Path(tmp, "bare.jsonl"), "w", encoding="utf-8") as f:
            for p, (_, _, t) in records.items():
                f.write(json.dumps(json.loads(t), ensure_ascii=False) + "\n")
        base = time.perf_counter() - t0

        in_workers = [0.0]

        def fake_local(paths, cfg, workers, timeout, on_outcome, tick, max_tasks=200, tasks=None):
            for p in paths:
                key, sha, t = records[p]
                o = {"type": "done", "status": "parsed", "path": p, "key": key, "sha256": sha, "maxrss_kb": None}
                w = time.perf_counter()
                if shards is not None:  # what the worker does after parsing
                    o.update(shards.write_record(dict(cfg, shard="local-0"), tasks[p], p, key, t, new=True))
                else:
                    dd = json.loads(t)
                    o.update(json=t, summary=summarize(dd), line=jsonl_line(dd), rows=rows(0, "", dd))
                in_workers[0] += time.perf_counter() - w
                on_outcome(o)
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
            first = time.perf_counter() - t0 - in_workers[0]
            t0 = time.perf_counter()
            run.run_batch([str(inputs)], out, progress="none")
            again = time.perf_counter() - t0
    print(f"{n} reports of {len(text)} bytes each ({REPORT.name}); "
          f"{'workers write their shards' if shards else 'the parent writes every record'}")
    print("| step | ms per report | ratio to json.dumps + write |\n|---|---:|---:|")
    for name, t in (("json.dumps + write of each record (baseline)", base),
                    ("parent's whole work", first),
                    ("… of which the end of the run (outputs in path order)", spent[0]),
                    ("… so as records arrive", first - spent[0]),
                    ("workers' writing (in parallel, off the parent)", in_workers[0]),
                    ("rerun, everything done", again)):
        print(f"| {name} | {t / n * 1000:.2f} | {t / base:.2f}× |")


if __name__ == "__main__":
    main()
