"""Record every regular expression compiled while the small reports of the fixtures are parsed, and write
them compiled to src/extractor/data/regex_cache.marshal (see src/extractor/regex_cache.py); and the source
of every method `dataclasses` generated meanwhile, compiled, to data/dataclass_cache.marshal
(src/extractor/dataclass_cache.py).

    .venv/bin/python scripts/build_regex_cache.py          # rewrites both files
    .venv/bin/python scripts/build_regex_cache.py --check  # exit 1 if either is not current

The inputs are the text and HTML reports of ../shared/fixtures/real and fixtures/ (the start-up case: one
small report), parsed in one process by `extractor parse --timeout 0` with the cache off, every call of
re's compiler and every text dataclasses executes recorded. Run it after changing a regular expression, a
template's patterns or a dataclass (a pattern or a method not in the file only compiles at start-up as before;
tests/test_startup_regex.py and tests/test_startup_dataclasses.py fail while a file is stale).
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
seen, texts = {}, {}
compile_ = re._compile
def recording(pattern, flags):
    flags = flags.value if isinstance(flags, re.RegexFlag) else flags
    if isinstance(pattern, str) and not flags & (re.DEBUG | re.TEMPLATE):
        seen.setdefault((pattern, int(flags)), None)
    return compile_(pattern, flags)
re._compile = recording
import dataclasses
def executing(source, globals=None, locals=None, /):
    if type(source) is str:
        texts.setdefault(source, None)
    return exec(source, vars(dataclasses) if globals is None else globals, locals)
dataclasses.exec = executing
from extractor.cli import main
main(sys.argv[2:])
json.dump({"patterns": sorted(seen), "texts": sorted(texts)}, open(sys.argv[1], "w", encoding="utf-8"))
"""


def inputs() -> list[str]:
    real = sorted((ROOT.parent / "shared/fixtures/real").glob("*"))
    local = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.is_file())
    return [str(p) for p in real + local if p.suffix.lower() in KINDS]


def recorded() -> tuple[list[tuple[str, int]], list[str]]:
    """(pattern, flags) of every compile while the inputs are parsed, and every text dataclasses executed,
    in both of two fresh processes (a pattern joined from a set differs with the hash seed of each process:
    never found, left out)."""
    first, second = _recorded("1"), _recorded("2")
    return (sorted(set(map(tuple, first["patterns"])) & set(map(tuple, second["patterns"]))),
            sorted(set(first["texts"]) & set(second["texts"])))


def _recorded(seed: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "patterns.json")
        env = dict(os.environ, EXTRACTOR_REGEX_CACHE="0", EXTRACTOR_CODE_CACHE="0", PYTHONPATH=str(SRC),
                   PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", RECORD, out, "parse", *inputs(), "--timeout", "0",
                        "--max-memory-mb", "0", "-q", "-o", os.path.join(tmp, "out")],
                       env=env, check=False, stdout=subprocess.DEVNULL)
        with open(out, encoding="utf-8") as f:
            return json.load(f)




def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with the file; exit 1 if it differs")
    a = ap.parse_args()
    sys.path.insert(0, str(SRC))
    from extractor import dataclass_cache, regex_cache
    patterns, texts = recorded()
    new = [regex_cache.entry(p, f) for p, f in patterns]
    codes = {t: dataclass_cache.compiled(t) for t in texts}
    if a.check:  # the entries, not the bytes (marshal's sharing of equal objects may differ)
        same = regex_cache.load() == new
        print("regex cache current" if same else "regex cache stale: run scripts/build_regex_cache.py")
        same_codes = dataclass_cache.load() == codes
        print("dataclass cache current" if same_codes else "dataclass cache stale: run scripts/build_regex_cache.py")
        return 0 if same and same_codes else 1
    with open(regex_cache.FILE, "wb") as f:
        marshal.dump({"key": regex_cache.key(), "patterns": new}, f)
    with open(dataclass_cache.FILE, "wb") as f:
        marshal.dump({"key": dataclass_cache.key(), "codes": codes}, f)
    print(f"{len(new)} patterns in {regex_cache.FILE}, {len(codes)} dataclass methods in {dataclass_cache.FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
