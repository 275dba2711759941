"""Start-up of the CLI on one small report, as ratios to `python -c pass` measured in the same run.

    PYTHONPATH=src .venv/bin/python scripts/bench_startup.py [REPORT] [--runs 7]

Each command is run RUNS times as a fresh process (the best run is kept, the machine being shared);
every figure is printed with its ratio to the baseline `python -c pass` of the same interpreter.
The judged figure is `extractor parse REPORT -o DIR` under the default limits (a forked worker
process, see limits.py); the same to stdout, without limits (in this process), and the import of the
CLI alone show where the time goes. `python -X importtime -m extractor parse REPORT` names the modules.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT.parent / "shared/fixtures/real/pingtan_2016_text.txt"


def best(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("report", nargs="?", default=str(SMALL))
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    py = sys.executable
    cli = [py, "-m", "extractor"]
    with tempfile.TemporaryDirectory() as out:
        rows = [
            ("python -c pass (baseline)", [py, "-c", "pass"]),
            ("import extractor.cli", [py, "-c", "import extractor.cli"]),
            ("extractor --version", cli + ["--version"]),
            ("extractor parse REPORT -o DIR", cli + ["parse", a.report, "-o", out]),
            ("extractor parse REPORT (stdout)", cli + ["parse", a.report]),
            ("extractor parse REPORT, no limits (in-process)",
             cli + ["parse", a.report, "--timeout", "0", "--max-memory-mb", "0", "-o", out]),
            ("import extractor.pipeline", [py, "-c", "import extractor.pipeline"]),
        ]
        base = None
        print(f"report: {a.report}; best of {a.runs} runs each")
        print(f"| command | best s | ratio to `python -c pass` |\n|---|---:|---:|")
        for name, cmd in rows:
            t = best(cmd, a.runs)
            base = base or t
            print(f"| {name} | {t:.3f} | {t / base:.1f}× |", flush=True)


if __name__ == "__main__":
    main()
