"""Record every regular expression compiled while the small reports of the fixtures are parsed, and write
them compiled to src/extractor/data/regex_cache.json (see src/extractor/regex_cache.py).

    .venv/bin/python scripts/build_regex_cache.py          # rewrites the file
    .venv/bin/python scripts/build_regex_cache.py --check  # exit 1 if it is not current

The inputs are the text and HTML reports of ../shared/fixtures/real and fixtures/ (the start-up case: one
small report), parsed in one process by `extractor parse --timeout 0` with the cache off, every call of
re's compiler recorded. Run it after changing a regular expression or a template's patterns (a pattern
not in the file only compiles at start-up as before; tests/test_startup_regex.py fails while it is stale).
"""
from __future__ import annotations

import argparse
import json
import marshal
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
KINDS = (".txt", ".html", ".htm", ".xhtml")
RECORD = """
import json, re, sys
seen = {}
compile_ = re._compile
def recording(pattern, flags):
    flags = flags.value if isinstance(flags, re.RegexFlag) else flags
    if isinstance(pattern, str) and not flags & (re.DEBUG | re.TEMPLATE):
        seen.setdefault((pattern, int(flags)), None)
    return compile_(pattern, flags)
re._compile = recording
from extractor.cli import main
main(sys.argv[2:])
json.dump(sorted(seen), open(sys.argv[1], "w", encoding="utf-8"))
"""


def inputs() -> list[str]:
    real = sorted((ROOT.parent / "shared/fixtures/real").glob("*"))
    local = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.is_file())
    return [str(p) for p in real + local if p.suffix.lower() in KINDS]


def recorded() -> list[tuple[str, int]]:
    """(pattern, flags) of every compile while the inputs are parsed, in both of two fresh processes (a
    pattern joined from a set differs with the hash seed of each process: never found, left out)."""
    first, second = _recorded("1"), _recorded("2")
    return sorted(set(first) & set(second))


def _recorded(seed: str) -> list[tuple[str, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "patterns.json")
        env = dict(os.environ, EXTRACTOR_REGEX_CACHE="0", PYTHONPATH=str(SRC), PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", RECORD, out, "parse", *inputs(), "--timeout", "0",
                        "--max-memory-mb", "0", "-q", "-o", os.path.join(tmp, "out")],
                       env=env, check=False, stdout=subprocess.DEVNULL)
        with open(out, encoding="utf-8") as f:
            return [tuple(p) for p in json.load(f)]




def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with the file; exit 1 if it differs")
    a = ap.parse_args()
    sys.path.insert(0, str(SRC))
    from extractor import regex_cache
    new = [regex_cache.entry(p, f) for p, f in recorded()]
    if a.check:  # the entries, not the bytes (marshal's sharing of equal objects may differ)
        same = regex_cache.load() == new
        print("regex cache current" if same else "regex cache stale: run scripts/build_regex_cache.py")
        return 0 if same else 1
    with open(regex_cache.FILE, "wb") as f:
        marshal.dump({"key": regex_cache.key(), "patterns": new}, f)
    print(f"{len(new)} patterns in {regex_cache.FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
