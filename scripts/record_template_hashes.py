"""Validate every template data file against templates/schema.json (jsonschema) and record its sha256.

    .venv/bin/python scripts/record_template_hashes.py          # rewrites src/extractor/templates/validated.json
    .venv/bin/python scripts/record_template_hashes.py --check  # exit 1 if the record is not current

Loading a template then skips the jsonschema import and run for a file whose bytes (and schema.json) are
exactly those recorded; any other file is validated when it is loaded. Run this after editing a template
file (tests/test_startup.py fails while the record is stale). A file that breaks its schema or the
cross-checks is not recorded: the script stops with the loader's one-line TemplateError.
"""
from __future__ import annotations

import argparse
import json
import sys

from extractor import templates


def record() -> dict[str, str]:
    """{"schema.json": sha256, "python": "3.11", "<folder>/<file>.json": sha256} for every file the loader
    reads, each validated (its regular expressions compiled by check_all, by this Python)."""
    root = templates._root()
    out = {"schema.json": templates.digest(root.joinpath("schema.json").read_bytes()), "python": templates._python()}
    files = [(f, p.name) for f in templates.folders() for p in sorted(root.joinpath(f).iterdir())
             if p.name.endswith(".json")] + [("", "sections.json")]
    for folder, name in files:
        shown = f"{folder}/{name}" if folder else name
        raw = root.joinpath(shown).read_bytes()
        templates.validate(json.loads(raw.decode("utf-8")), name.removesuffix(".json"), f"templates/{shown}")
        out[shown] = templates.digest(raw)
    from extractor import stated  # the narrative vocabulary: its patterns compiled, its keys cross-checked
    stated.vocabulary.cache_clear()
    stated.vocabulary()
    out["stated-figures.json"] = templates.digest(root.joinpath("stated-figures.json").read_bytes())
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with the record; exit 1 if it differs")
    a = ap.parse_args()
    templates._recorded = dict  # no record while recording: check_all validates and compiles everything
    try:
        new = record()
        templates.check_all()  # the cross-checks too: a record only for data the package runs on
    except templates.TemplateError as e:
        print(f"record_template_hashes: bad template data: {e}", file=sys.stderr)
        return 1
    target = templates._root().joinpath(templates.RECORD)
    text = json.dumps(new, indent=1, sort_keys=True) + "\n"
    if a.check:
        current = target.read_text("utf-8") if target.is_file() else ""
        print("record current" if current == text else "record stale: run scripts/record_template_hashes.py")
        return 0 if current == text else 1
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"recorded {len(new) - 2} files in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
