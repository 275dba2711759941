"""Command line: `extractor parse`, `schema`, `normalize`, `batch`, `export`."""
from __future__ import annotations

import argparse
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Optional

from .files import unique_stem, write_atomic
from .pipeline import parse, parse_bytes


def schema_text() -> str:
    return resources.files(__package__).joinpath("schema/report.schema.json").read_text("utf-8")


def _read_input(name: str) -> tuple[Optional[bytes], Optional[str]]:
    if name == "-":
        return sys.stdin.buffer.read(), None
    try:
        return Path(name).read_bytes(), None
    except OSError as e:
        return None, e.strerror or str(e)


def cmd_parse(args: argparse.Namespace) -> int:
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    used: set[str] = set()
    for name in args.files:
        result = parse_bytes(sys.stdin.buffer.read()) if name == "-" else parse(name)
        stem = unique_stem(name, used, result.source.get("sha256"))
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


def _size(text: str) -> int:
    t = text.strip().upper().removesuffix("B")
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(t[-1:], 1)
    return int(float(t[:-1] if t[-1:] in "KMG" else t) * mult)


def cmd_batch(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from .batch.run import run_batch
    try:
        summary = run_batch(args.inputs, args.output, workers=args.workers, timeout=args.timeout or None,
                            max_memory_mb=args.max_memory_mb or None, max_bytes=args.max_bytes, db=args.db,
                            dask=args.dask, progress=args.progress, max_tasks_per_child=args.max_tasks_per_child)
    except (SQLAlchemyError, OSError, ImportError) as e:  # the batch's records are kept: rerun to finish
        print(f"extractor: batch: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}", file=sys.stderr)
        return 2
    return 1 if summary.failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from .batch.exports import export
    if not (Path(args.outdir) / "reports.jsonl").exists():
        print(f"extractor: {args.outdir}: no reports.jsonl (run `extractor batch … -o {args.outdir}` first)",
              file=sys.stderr)
        return 1
    for fmt in args.format:
        for p in export(args.outdir, fmt, args.dest):
            print(p)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="extractor", description="Government information-disclosure annual reports → checked JSON")
    sub = p.add_subparsers(dest="command", required=True)
    pp = sub.add_parser("parse", help="parse reports into OUTDIR/<stem>.json")
    pp.add_argument("files", nargs="+", metavar="FILE", help="report files (HTML, PDF, text); - reads stdin")
    pp.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    pp.add_argument("--no-ocr", action="store_true", help="do not OCR pages without text or table pictures")
    pp.set_defaults(func=cmd_parse)
    ps = sub.add_parser("schema", help="print the JSON Schema of the output")
    ps.set_defaults(func=cmd_schema)
    pn = sub.add_parser("normalize", help="print the normalised simplified text of a text file or stdin")
    pn.add_argument("file", nargs="?", default="-", metavar="FILE")
    pn.set_defaults(func=cmd_normalize)
    pb = sub.add_parser("batch", help="parse many reports in parallel, resumably, into JSON, JSONL and a database",
                        description="Inputs: files, directories (recursive, by content), globs, @list.txt "
                                    "(one input a line). A rerun skips what is done. See the README, Batches.")
    pb.add_argument("inputs", nargs="+", metavar="INPUT")
    pb.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    pb.add_argument("--workers", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    pb.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                    help="time limit per file (default 120; 0: none)")
    pb.add_argument("--max-memory-mb", type=int, default=1024, metavar="MB",
                    help="address-space limit per worker process (default 1024; 0: none)")
    pb.add_argument("--max-bytes", type=_size, default=100 << 20, metavar="SIZE",
                    help="larger inputs become `too_large` error records (default 100MB)")
    pb.add_argument("--db", default=None, metavar="URL",
                    help="SQLAlchemy URL of the database (default: sqlite OUTDIR/reports.sqlite), "
                         "e.g. postgresql+psycopg://user@host/db")
    pb.add_argument("--dask", default=None, metavar="ADDRESS", help="run on this dask.distributed scheduler")
    pb.add_argument("--progress", choices=("auto", "rich", "plain", "none"), default="auto")
    pb.add_argument("--max-tasks-per-child", type=int, default=200, metavar="N",
                    help="files a worker process parses before a fresh one replaces it")
    pb.add_argument("--no-ocr", action="store_true", help="do not OCR pages without text or table pictures")
    pb.set_defaults(func=cmd_batch)
    pe = sub.add_parser("export", help="write a batch's cells as Parquet or CSV (long + one wide table per template)")
    pe.add_argument("outdir", metavar="OUTDIR")
    pe.add_argument("--format", action="append", choices=("parquet", "csv"), default=None)
    pe.add_argument("-o", "--output", dest="dest", default=None, metavar="DIR", help="default: OUTDIR/export")
    pe.set_defaults(func=cmd_export)
    return p


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "no_ocr", False):  # read by readers/ocr.py; batch workers inherit it
        before = os.environ.get("EXTRACTOR_OCR")
        os.environ["EXTRACTOR_OCR"] = "0"
        try:
            return run(args)
        finally:
            os.environ.pop("EXTRACTOR_OCR") if before is None else os.environ.update(EXTRACTOR_OCR=before)
    return run(args)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "command", None) == "export" and not args.format:
        args.format = ["parquet"]
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
