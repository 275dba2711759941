"""Start-up of the CLI on one small report, as ratios to `python -c pass` measured in the same run.

    PYTHONPATH=src .venv/bin/python scripts/bench_startup.py [REPORT] [--runs 7] [--before OLD/src]

Each command is run RUNS times as a fresh process (the best run is kept, the machine being shared),
interleaved with as many runs of the baseline `python -c pass` (so that a change of the machine's load
between rows moves both); every figure is printed, wall clock and CPU time, with its ratio to the best
baseline run of its own row.
The judged figure is `extractor parse REPORT -o DIR` under the default limits (a forked worker
process, see limits.py); the same to stdout, without limits (in this process), and the import of the
CLI alone show where the time goes. `python -X importtime -m extractor parse REPORT` names the modules.
Each source tree's bytecode is compiled first (`compileall`, as `pip install` does), so that no run
compiles a module from source (PYTHONDONTWRITEBYTECODE would make every run do so).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT.parent / "shared/fixtures/real/pingtan_2016_text.txt"


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process (its children included)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("report", nargs="?", default=str(SMALL))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--before", metavar="SRC", help="also run every command with the code in SRC (PYTHONPATH)")
    a = ap.parse_args()
    py = sys.executable
    cli = [py, "-m", "extractor"]
    trees = {"now": os.environ.get("PYTHONPATH", str(ROOT / "src"))}
    if a.before:
        trees = {"before": a.before, **trees}
    for src in trees.values():
        subprocess.run([py, "-m", "compileall", "-q", src], stdout=subprocess.DEVNULL, check=False)
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
        script = Path(py).parent / "extractor"  # the installed command (no runpy), where there is one
        if script.is_file():
            rows.insert(4, ("`extractor` command: parse REPORT -o DIR", [str(script), "parse", a.report, "-o", out]))
        print(f"report: {a.report}; best of {a.runs} runs each" + (f"; before = {a.before}" if a.before else ""))
        head = " | ".join(f"{t} wall s | {t} ratio | {t} CPU s | {t} CPU ratio" for t in trees)
        print(f"| command | {head} |\n|---|" + "---:|" * (4 * len(trees)))
        baseline = rows[0][1]
        for name, cmd in rows:
            got = {t: [] for t in trees}
            base = {t: [] for t in trees}
            for _ in range(a.runs):
                for t, src in trees.items():
                    env = dict(os.environ, PYTHONPATH=src)
                    base[t].append(run(baseline, env))
                    got[t].append(run(cmd, env))
            cells = []
            for t in trees:
                wall, cpu = min(w for w, _ in got[t]), min(c for _, c in got[t])
                bw, bc = min(w for w, _ in base[t]), min(c for _, c in base[t])
                cells.append(f"{wall:.3f} | {wall / bw:.1f}× | {cpu:.3f} | {cpu / bc:.1f}×")
            print(f"| {name} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
