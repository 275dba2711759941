"""Command line: `extractor parse`, `schema`, `normalize`, `batch`, `export`."""
from __future__ import annotations

import argparse
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
    for name, result in _parsed(args.files):
        stem = unique_stem(name, used, result.source.get("sha256"))
        write_atomic(out / f"{stem}.json", result.to_json())
        if not result.ok:
            failed += 1
            err_issue = next(i for i in result.issues if i.severity == "error")
            print(f"extractor: {name}: {err_issue.code}: {err_issue.message}", file=sys.stderr)
    return 1 if failed else 0


def _parsed(names: list[str]):
    """(name, result) per input; a WARC archive gives one per report record (fetch/warc.py)."""
    from .fetch.warc import is_warc, read_record, record_offset, scan
    from .result import Result
    for name in names:
        if name == "-":
            yield name, parse_bytes(sys.stdin.buffer.read())
        elif is_warc(name) and Path(name).is_file():
            found = scan(name)
            if found.error and not found.inputs:
                yield name, Result.error(name, None, "unreadable_file", f"cannot read the WARC archive: {found.error}")
            for vpath, origin in found.inputs.items():
                try:
                    data = read_record(name, record_offset(vpath))
                except Exception as e:  # a damaged record
                    yield vpath, Result.error(vpath, None, "unreadable_file", f"{type(e).__name__}: {e}")
                    continue
                yield vpath, parse_bytes(data, vpath, origin)
            if found.skipped:
                print(f"extractor: {name}: skipped " + ", ".join(f"{k} {v}" for k, v in sorted(found.skipped.items())),
                      file=sys.stderr)
        elif name.startswith(("http://", "https://")):
            yield name, _parse_url(name)
        else:
            yield name, parse(name)


def _parse_url(url: str):
    """One URL fetched politely (robots.txt, retries) and parsed; `extractor fetch` for columns and attachments."""
    from .fetch import Client
    from .model import Origin
    from .result import Result
    client = Client()
    try:
        r = client.get(url)
    finally:
        client.close()
    if not r.ok or r.status == 304:
        return Result.error(url, None, "fetch_failed", f"{r.error or r.status}: {r.message or ''}".rstrip(": "))
    return parse_bytes(r.body, url, Origin(url=url, final_url=r.final_url))


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


def add_fetch_parser(sub) -> None:
    pf = sub.add_parser("fetch", help="download reports (and crawl disclosure columns) into DIR with a manifest",
                        description="Sources: URLs, @list.txt (one URL a line), @- (stdin). DIR/fetched.jsonl "
                                    "records every URL; `extractor batch DIR` then parses the reports. "
                                    "See the README, Fetching.")
    pf.add_argument("sources", nargs="+", metavar="SOURCE")
    pf.add_argument("-o", "--output", required=True, metavar="DIR")
    pf.add_argument("--crawl", action="store_true", help="a source is a listing page: follow its report links and pagination")
    pf.add_argument("--depth", type=int, default=2, metavar="N", help="how deep listings may nest (default 2)")
    pf.add_argument("--max-pages", type=int, default=50, metavar="N", help="listing pages read per source (default 50)")
    pf.add_argument("--delay", type=float, default=1.0, metavar="SECONDS", help="between requests to one host (default 1)")
    pf.add_argument("--per-host", type=int, default=2, metavar="N", help="requests in flight to one host (default 2)")
    pf.add_argument("--workers", type=int, default=4, metavar="N", help="requests in flight overall (default 4)")
    pf.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS")
    pf.add_argument("--retries", type=int, default=3, metavar="N", help="after a 429, 5xx or connection error (default 3)")
    pf.add_argument("--max-bytes", type=_size, default=100 << 20, metavar="SIZE", help="per file (default 100MB)")
    pf.add_argument("--refresh", action="store_true", help="ask again for URLs already fetched (If-None-Match / If-Modified-Since)")
    pf.set_defaults(func=cmd_fetch)


def cmd_fetch(args: argparse.Namespace) -> int:
    from .fetch import CrawlOptions, Options, fetch
    urls: list[str] = []
    for src in args.sources:
        if src.startswith("@"):
            try:
                text = sys.stdin.read() if src == "@-" else Path(src[1:]).read_text("utf-8")
            except (OSError, UnicodeDecodeError) as e:
                print(f"extractor: fetch: {src}: {getattr(e, 'strerror', None) or e}", file=sys.stderr)
                return 2
            urls += [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        else:
            urls.append(src)
    try:
        opts = Options(delay=args.delay, per_host=args.per_host, timeout=args.timeout, retries=args.retries,
                       max_bytes=args.max_bytes)
        crawl = CrawlOptions(crawl=args.crawl, depth=args.depth, max_pages=args.max_pages, workers=args.workers,
                             refresh=args.refresh)
    except ValueError as e:
        print(f"extractor: fetch: {e}", file=sys.stderr)
        return 2
    try:
        summary = fetch(list(dict.fromkeys(urls)), args.output, opts, crawl)
    except OSError as e:  # the folder cannot be written: what was fetched is kept, rerun to resume
        print(f"extractor: fetch: {args.output}: {e.strerror or e}", file=sys.stderr)
        return 2
    for line in summary.lines():
        print(f"extractor fetch: {line}", file=sys.stderr)
    return 1 if summary.sources_failed else 0


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
    pb.set_defaults(func=cmd_batch)
    add_fetch_parser(sub)
    pe = sub.add_parser("export", help="write a batch's cells as Parquet or CSV (long + one wide table per template)")
    pe.add_argument("outdir", metavar="OUTDIR")
    pe.add_argument("--format", action="append", choices=("parquet", "csv"), default=None)
    pe.add_argument("-o", "--output", dest="dest", default=None, metavar="DIR", help="default: OUTDIR/export")
    pe.set_defaults(func=cmd_export)
    return p


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "command", None) == "export" and not args.format:
        args.format = ["parquet"]
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
