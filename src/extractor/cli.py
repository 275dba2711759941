"""Command line: `extractor parse`, `extractor schema`, `extractor normalize`."""
from __future__ import annotations

import argparse
import json
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Optional

from .pipeline import parse_bytes
from .result import Issue, Result


def schema_text() -> str:
    return resources.files(__package__).joinpath("schema/report.schema.json").read_text("utf-8")


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _read_input(name: str) -> tuple[Optional[bytes], Optional[str]]:
    if name == "-":
        return sys.stdin.buffer.read(), None
    try:
        return Path(name).read_bytes(), None
    except OSError as e:
        return None, e.strerror or str(e)


def _stem(name: str, used: set[str], sha: Optional[str]) -> str:
    stem = "stdin" if name == "-" else Path(name).stem
    if stem in used:
        stem = f"{stem}-{(sha or 'x')[:8]}"
    used.add(stem)
    return stem


def cmd_parse(args: argparse.Namespace) -> int:
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    used: set[str] = set()
    for name in args.files:
        data, err = _read_input(name)
        if data is None:
            result = Result(source={"path": name, "sha256": None, "media_type": None, "url": None,
                                    "encoding": None, "pages": None})
            result.issues.append(Issue("error", "unreadable_file", f"cannot read {name}: {err}"))
        else:
            result = parse_bytes(data, None if name == "-" else name)
        stem = _stem(name, used, result.source.get("sha256"))
        write_atomic(out / f"{stem}.json", result.to_json())
        if not result.ok:
            failed += 1
            err_issue = next(i for i in result.issues if i.severity == "error")
            print(f"extractor: {name}: {err_issue.code}: {err_issue.message}", file=sys.stderr)
    return 1 if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return 0


def cmd_normalize(args: argparse.Namespace) -> int:
    from .normalize import normalize_text
    from .readers.encoding import decode
    from .model import ReadError
    data, err = _read_input(args.file)
    if data is None:
        print(f"extractor: {args.file}: {err}", file=sys.stderr)
        return 1
    try:
        text, _ = decode(data)
    except ReadError as e:
        print(f"extractor: {args.file}: {e.code}: {e.message}", file=sys.stderr)
        return 1
    sys.stdout.write(normalize_text(text).text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="extractor", description="Government information-disclosure annual reports → checked JSON")
    sub = p.add_subparsers(dest="command", required=True)
    pp = sub.add_parser("parse", help="parse reports into OUTDIR/<stem>.json")
    pp.add_argument("files", nargs="+", metavar="FILE", help="report files (HTML, PDF, text); - reads stdin")
    pp.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    pp.set_defaults(func=cmd_parse)
    ps = sub.add_parser("schema", help="print the JSON Schema of the output")
    ps.set_defaults(func=cmd_schema)
    pn = sub.add_parser("normalize", help="print the normalised simplified text of a text file or stdin")
    pn.add_argument("file", nargs="?", default="-", metavar="FILE")
    pn.set_defaults(func=cmd_normalize)
    return p


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
