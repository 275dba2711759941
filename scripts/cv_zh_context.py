"""Cross-validation of the zh-TW context model (scripts/build_zh_context.py) on a learnt passage file.

    PYTHONPATH=src .venv/bin/python scripts/cv_zh_context.py [--file dev] [--folds 2] [--show N]

The file's passage lines are cut into `folds` contiguous parts (so a part keeps its section headings);
for each part the model is built, in a copy of the worktree under a temporary folder, from everything
but that part, and the part is round-tripped through OpenCC s2twp and zhconv zh-tw and back through
`normalize_text` of the copy (not told the converter). Prints the character error rate per converter
over all the parts, and with --show the differences. The worktree's own data is never written.
The held-back passages (tests/data/zh_heldout*_passages.txt) are never read.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "scripts" / "data"

_SCORE = r"""
import json, sys
sys.path.insert(0, sys.argv[1] + "/scripts")
import bench_normalize as bench
from extractor.normalize import normalize_chars, normalize_text
held = json.loads(open(sys.argv[2], encoding="utf-8").read())
out = {}
for conv, forward in bench.forward_converters().items():
    ref = normalize_chars(held)
    hyp = normalize_text(forward(held)).text
    out[conv] = [round(bench.char_error_rate(ref, hyp) * max(1, len(ref))), len(ref), bench.differences(ref, hyp)]
print(json.dumps(out, ensure_ascii=False))
"""


def _copy(tmp: Path) -> None:
    shutil.copytree(ROOT / "src", tmp / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "scripts", tmp / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    for path in (ROOT / "fixtures").rglob("*.txt"):  # what the build learns from
        (tmp / path.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, tmp / path.relative_to(ROOT))
    (tmp / "tests" / "data").mkdir(parents=True)
    shutil.copyfile(ROOT / "tests" / "data" / "zh_synthetic_reports.txt", tmp / "tests" / "data" / "zh_synthetic_reports.txt")


def fold(name: str, k: int, folds: int, base: Path) -> dict[str, list]:
    lines = (DATA / f"zh_context_{name}.txt").read_text(encoding="utf-8").split("\n")
    passages = [i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")]
    size = -(-len(passages) // folds)
    held = set(passages[k * size : (k + 1) * size])
    tmp = Path(tempfile.mkdtemp(prefix=f"cv_{name}{k}_", dir=base))
    try:
        _copy(tmp)
        (tmp / "scripts" / "data" / f"zh_context_{name}.txt").write_text(
            "\n".join(ln for i, ln in enumerate(lines) if i not in held), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(tmp / "src")}
        subprocess.run([sys.executable, str(tmp / "scripts" / "build_zh_context.py")], check=True, env=env,
                       capture_output=True)
        (tmp / "held.json").write_text(json.dumps("\n".join(lines[i] for i in sorted(held)), ensure_ascii=False),
                                       encoding="utf-8")
        res = subprocess.run([sys.executable, "-c", _SCORE, str(tmp), str(tmp / "held.json")], check=True, env=env,
                             capture_output=True, text=True)
        return json.loads(res.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", default="dev", help="the learnt passage file: dev, train or prose (zh_context_<file>.txt)")
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--show", type=int, default=0, help="differences to print per converter")
    ap.add_argument("--tmp", default=None, help="where the copies are made (default: the system's temporary folder)")
    args = ap.parse_args(argv)
    total: dict[str, list] = {}
    for k in range(args.folds):
        for conv, (dist, length, diffs) in fold(args.file, k, args.folds, Path(args.tmp or tempfile.gettempdir())).items():
            t = total.setdefault(conv, [0, 0, []])
            t[0] += dist
            t[1] += length
            t[2] += diffs
    for conv, (dist, length, diffs) in total.items():
        print(f"{args.folds}-fold CV on zh_context_{args.file}.txt, {conv}: {100 * dist / max(1, length):.3f}% "
              f"({dist} of {length} characters)")
        for a, b in diffs[: args.show]:
            print(f"  {a!r} -> {b!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
