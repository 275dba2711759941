"""Command line: `extractor parse | schema | normalize | batch | export | audit | review`.

Conventions (README, "The researcher's workflow"): `--version`; `-q` / `-v` set the log level (the library
only logs, the command line alone writes to stdout); exit 0 when every input parsed, 1 when some input
is an error record, 2 for a usage or I/O error (bad `-o`, full disk, missing list file). Every problem is
one line on stderr, `extractor: …` or `extractor <command>: …`, never a traceback.

Each subcommand is one `add_<name>(sub)` builder and one `cmd_<name>(args)`; a new subcommand is a new
pair appended to SUBCOMMANDS, a new flag one line in its builder.
"""
from __future__ import annotations

import gc

_COLLECTING = gc.isenabled()
gc.disable()  # no cycle collection while the modules below are made (issue 16); frozen and restored after them
try:
    import argparse
    import io
    import json
    import logging
    import os
    import sys
    import textwrap
    from pathlib import Path
    from typing import Callable, Iterable, Optional

    from . import __version__, limits
    from .files import package_file, unique_stem, write_atomic_bytes
finally:
    if _COLLECTING:  # the CLI's modules live until the exit: out of every later pass of the cycle collector
        gc.freeze()
        gc.enable()

log = logging.getLogger("extractor")
PARSE_FORMATS = {"json": "the contract JSON (several inputs: JSON Lines, one record a line; a JSON array "
                         "into one .json file)",
                 "csv": "the long table: table,row,column,value,from,confirmed,page (several inputs into one "
                        "stream or file: a leading file column)",
                 "md": "the three tables as Markdown, for reading in a terminal"}
SUFFIX = {"json": ".json", "csv": ".csv", "md": ".md"}


class UsageError(Exception):
    """A problem with what the user asked for (exit 2): missing list file, unwritable output."""


def _columns() -> int:
    """The terminal's width as argparse reads it (shutil.get_terminal_size: $COLUMNS, else stdout's terminal,
    else 80), without importing shutil and with it bz2 and lzma (2 ms of every start-up)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class Help(argparse.HelpFormatter):
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class RawHelp(Help, argparse.RawDescriptionHelpFormatter):
    pass


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, formatter_class=Help, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)

    def error(self, message: str):  # one line naming the subcommand (its prog), then exit 2
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def shown(name: str) -> str:
    """A file name for a message: bytes that are not UTF-8 shown as \\xNN, on one line."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace") if isinstance(name, str) else str(name)
    return text.replace("\n", "\\n").replace("\r", "\\r")


def encoded(text: str) -> bytes:
    """UTF-8 for output; an undecodable file name inside JSON becomes a valid \\udcNN escape."""
    return text.encode("utf-8", "backslashreplace")


def io_error(target: str, e: OSError) -> UsageError:
    return UsageError(f"cannot write {shown(target)}: {e.strerror or e}")


def schema_text() -> str:
    return package_file("schema", "report.schema.json").read_text("utf-8")


def _read_input(name: str) -> tuple[Optional[bytes], Optional[str]]:
    """A file or stdin read as a stream up to the default size limit."""
    lim = limits.DEFAULT_MAX_BYTES
    inp = limits.read_stream(sys.stdin.buffer, lim) if name == "-" else limits.read_input(name, lim)
    return inp.data, None if inp.data is not None else f"{inp.code}: {inp.message}"


def expand_lists(names: Iterable[str], command: str) -> list[str]:
    """`@LIST` (a file of paths, one a line) and `@-` (the list on stdin) replaced by their paths."""
    names = list(names)
    if not any(n.startswith("@") for n in names):
        return names  # (batch.inputs and the readers' sniffing only for a list)
    from .batch.inputs import ListFileError, read_list
    out: list[str] = []
    for n in names:
        if n.startswith("@"):
            try:
                out.extend(read_list(n[1:]))
            except ListFileError as e:
                raise UsageError(str(e)) from None
        else:
            out.append(n)
    return out


# ---------------------------------------------------------------- parse

def _failure(d: dict) -> Optional[dict]:
    """A record's first error issue (the input could not be parsed), None for a parsed report."""
    return next((i for i in d["issues"] if i["severity"] == "error"), None)


def render(results: list[tuple[str, dict]], fmt: str, lines: bool = True) -> str:
    """Records as one text: JSON (several: JSON Lines, or a JSON array when not `lines`), long CSV (several:
    a leading file column) or Markdown."""
    if fmt == "json":
        if len(results) > 1 and lines:
            return "".join(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n" for _, d in results)
        from .jsontext import indented  # json.dumps(…, ensure_ascii=False, indent=2), faster
        if len(results) > 1:
            return indented([d for _, d in results]) + "\n"
        return "".join(indented(d) + "\n" for _, d in results)
    from .layout import LONG_COLUMNS, long_rows, markdown
    if fmt == "csv":
        import csv
        buf = io.StringIO()
        several = len(results) > 1
        w = csv.DictWriter(buf, fieldnames=(["file"] if several else []) + list(LONG_COLUMNS), lineterminator="\n")
        w.writeheader()
        for name, d in results:
            for row in long_rows(d):
                w.writerow({"file": name, **row} if several else row)
        return buf.getvalue()
    return "\n".join(markdown(d) for _, d in results)


def _single_file(output: str) -> bool:
    p = Path(output)
    if p.exists():
        return not p.is_dir()  # an existing file (or /dev/stdout, a FIFO …) takes everything
    return p.suffix.lower() in (".json", ".jsonl", ".csv", ".md")


def _write_file(path: Path, data: bytes) -> None:
    """Atomically for a regular file; straight for a device or a FIFO (never replaced by a file)."""
    if path.exists() and not path.is_file():
        with open(path, "wb") as f:
            f.write(data)
    else:
        write_atomic_bytes(path, data)


def _check_templates() -> None:
    """Bad template data (templates/<id>/*.json): refuse before any input is parsed, naming the file and key."""
    from .templates import TemplateError, check_all
    try:
        check_all()
    except TemplateError as e:
        raise UsageError(f"bad template data: {e}") from None


def cmd_parse(args: argparse.Namespace) -> int:
    """parse reports: JSON, CSV or Markdown, to stdout or files.

    Parse government information-disclosure annual reports. Without -o the result goes to stdout."""
    _check_templates()
    names = expand_lists(args.files, "parse")
    if not names:
        raise UsageError("no input files (the list is empty)")
    if len(names) == 1 and limits.FORK:  # one file in a process of its own: a text or HTML report's limits here
        limits.limit_here()
    out = Path(args.output) if args.output else None
    to_dir = out is not None and not _single_file(args.output)
    try:  # a bad -o fails before any parsing: a folder is created, a file's folder must exist
        if to_dir:
            out.mkdir(parents=True, exist_ok=True)
        elif out is not None and not out.parent.is_dir():
            raise FileNotFoundError(2, "No such file or directory" if not out.parent.exists() else "Not a directory")
    except OSError as e:
        raise io_error(args.output, e) from None
    collected: list[tuple[str, dict]] = []
    failed = 0
    used: set[str] = set()
    lim = _limits(args)
    for name, d in _parsed(names, lim):
        err = _failure(d)
        if err is not None:
            failed += 1
            log.warning("%s: %s: %s", shown(name), err["code"], err["message"])  # -q hides it; the exit status and record keep it
        if to_dir:
            stem = unique_stem(name, used, d["source"]["sha256"])
            target = out / f"{stem}{SUFFIX[args.format]}"
            try:
                write_atomic_bytes(target, encoded(render([(name, d)], args.format)))
                log.info("%s → %s", shown(name), shown(str(target)))
            except OSError as e:
                raise io_error(str(target), e) from None
        else:
            collected.append((shown(name), d))
    if not to_dir:
        data = encoded(render(collected, args.format, lines=out is None or out.suffix.lower() != ".json"))
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            try:
                _write_file(out, data)
            except OSError as e:
                raise io_error(args.output, e) from None
    return 1 if failed else 0


def add_parse(sub) -> None:
    p = command(sub, "parse", cmd_parse, epilog="formats:\n" + "\n".join(f"  {k:5} {v}" for k, v in PARSE_FORMATS.items())
                       + "\n\nexit status: 0 all parsed, 1 some inputs are error records, 2 usage or I/O error")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="report files (PDF, HTML, Word .docx, text); - reads one report from stdin; "
                        "@LIST reads paths from a list file (one a line), @- the list from stdin")
    p.add_argument("-o", "--output", metavar="PATH", default=None,
                   help="a folder (PATH/<stem>.json, .csv or .md per input) or one file ending in "
                        ".json (several inputs: a JSON array), .jsonl, .csv or .md; default: stdout")
    p.add_argument("--format", choices=tuple(PARSE_FORMATS), default="json",
                   help="what to write (default json; see formats below)")
    _limit_flags(p)
    p.add_argument("--no-ocr", action="store_true", help="do not OCR pages without text or table pictures")



def _parsed(names: list[str], lim: "limits.Limits"):
    """(name, record) per input (the contract's dict), each under the limits; a WARC archive gives one per
    report record (fetch/warc.py)."""
    from .names import is_warc
    from .result import Result
    for name in names:
        if name == "-":
            yield name, limits.parse_stream(sys.stdin.buffer, None, lim).to_dict()
        elif is_warc(name) and Path(name).is_file():
            from .fetch.warc import read_record, record_offset, scan
            found = scan(name)
            if found.error and not found.inputs:
                yield name, Result.error(name, None, "unreadable_file", f"cannot read the WARC archive: {found.error}").to_dict()
            for vpath, origin in found.inputs.items():
                try:
                    data = read_record(name, record_offset(vpath))
                except Exception as e:  # a damaged record
                    yield vpath, Result.error(vpath, None, "unreadable_file", f"{type(e).__name__}: {e}").to_dict()
                    continue
                yield vpath, _parse_bytes(data, vpath, origin).to_dict()
            if found.skipped:
                log.info("%s: skipped %s", shown(name), ", ".join(f"{k} {v}" for k, v in sorted(found.skipped.items())))
        elif name.startswith(("http://", "https://")):
            yield name, _parse_url(name).to_dict()
        else:
            yield name, limits.record(name, lim)  # (a worker's record as JSON: no Result to unpickle)


def _parse_bytes(data: bytes, path: str, origin):
    from .pipeline import parse_bytes  # the pipeline (numpy, scipy) only once a file is parsed here
    return parse_bytes(data, path, origin)


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
    return _parse_bytes(r.body, url, Origin(url=url, final_url=r.final_url))


# ---------------------------------------------------------------- schema, normalize

def cmd_schema(args: argparse.Namespace) -> int:
    """print the JSON Schema of the output.

    Print the JSON Schema (draft 2020-12) every record validates against."""
    sys.stdout.buffer.write(schema_text().encode("utf-8"))
    return 0


def add_schema(sub) -> None:
    command(sub, "schema", cmd_schema)


def cmd_normalize(args: argparse.Namespace) -> int:
    """print the normalised simplified text of a text file or stdin.

    Print a text file (any encoding, any script) as faithful simplified Chinese."""
    from .model import ReadError
    from .normalize import normalize_text
    from .readers.encoding import decode
    data, err = _read_input(args.file)
    if data is None:
        raise UsageError(f"{shown(args.file)}: {err}")
    try:
        text, _ = decode(data)
    except ReadError as e:
        log.error("%s: %s: %s", shown(args.file), e.code, e.message)
        return 1
    sys.stdout.buffer.write(encoded(normalize_text(text).text))
    return 0


def add_normalize(sub) -> None:
    p = command(sub, "normalize", cmd_normalize)
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="a text file; - or nothing: stdin")


# ---------------------------------------------------------------- batch

def _size(text: str) -> int:
    t = text.strip().upper().removesuffix("B")
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(t[-1:], 1)
    try:
        return int(float(t[:-1] if t[-1:] in "KMG" else t) * mult)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 100MB)") from None


def _limits(args: argparse.Namespace) -> limits.Limits:
    try:
        return limits.Limits(args.timeout, args.max_memory_mb, args.max_bytes)
    except ValueError as e:
        raise UsageError(str(e)) from None


def _limit_flags(p: argparse.ArgumentParser, note: str = "") -> None:
    """--timeout, --max-memory-mb, --max-bytes: the same flags and defaults for parse and batch."""
    p.add_argument("--timeout", type=float, default=limits.DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"time limit per file (default {limits.DEFAULT_TIMEOUT:g}; 0: none){note}")
    p.add_argument("--max-memory-mb", type=int, default=limits.DEFAULT_MAX_MEMORY_MB, metavar="MB",
                   help=f"address-space limit of the worker process (default {limits.DEFAULT_MAX_MEMORY_MB}; 0: none)")
    p.add_argument("--max-bytes", type=_size, default=limits.DEFAULT_MAX_BYTES, metavar="SIZE",
                   help="larger inputs become `too_large` error records (default 100MB; 0: none)")


def cmd_batch(args: argparse.Namespace) -> int:
    """parse many reports in parallel, resumably, into JSON, JSONL and a database.

    Inputs: files, directories (recursive, by content), globs, @LIST (one input a line), @- (the list on
    stdin). A batch into a folder that holds results adds to them and updates changed files; it never
    deletes another run's results unless --replace. OUTDIR gets <stem>.json per input, reports.jsonl,
    reports.sqlite and failures.csv. See the README, Batches."""
    from sqlalchemy.exc import SQLAlchemyError

    from .batch.inputs import ListFileError
    from .batch.run import run_batch
    _check_templates()
    try:
        summary = run_batch(args.inputs, args.output, workers=args.workers, timeout=args.timeout or None,
                            max_memory_mb=args.max_memory_mb or None, max_bytes=args.max_bytes or None, db=args.db,
                            dask=args.dask, progress="none" if args.quiet > args.verbose else args.progress,
                            max_tasks_per_child=args.max_tasks_per_child, replace=args.replace,
                            retry_failed=args.retry_failed)
    except ListFileError as e:
        raise UsageError(str(e)) from None
    except OSError as e:  # the batch's records are kept: rerun to finish
        raise UsageError(f"{shown(str(e.filename or args.output))}: {e.strerror or e}") from None
    except (SQLAlchemyError, ImportError) as e:
        raise UsageError(f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from None
    return 1 if summary.failed else 0  # run_batch printed the summary (unless -q / --progress none)


def add_batch(sub) -> None:
    p = command(sub, "batch", cmd_batch, epilog="exit status: 0 all parsed, 1 some inputs failed (see OUTDIR/failures.csv), "
                       "2 usage or I/O error")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs, @LIST or @-")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="the output folder (created when missing)")
    p.add_argument("--replace", action="store_true",
                   help="mirror exactly these inputs: drop the results of inputs not named this time")
    p.add_argument("--retry-failed", action="store_true",
                   help="parse again the inputs whose record is an error (timeouts, memory, unreadable …)")
    p.add_argument("--workers", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    _limit_flags(p, " (a file that failed on a limit is parsed again when the limit changes)")
    p.add_argument("--db", default=None, metavar="URL",
                   help="SQLAlchemy URL of the database (default: sqlite OUTDIR/reports.sqlite), "
                        "e.g. postgresql+psycopg://user@host/db")
    p.add_argument("--dask", default=None, metavar="ADDRESS", help="run on this dask.distributed scheduler")
    p.add_argument("--progress", choices=("auto", "rich", "plain", "none"), default="auto",
                   help="progress display on stderr (auto: a bar on a terminal, a line every 5 s otherwise)")
    p.add_argument("--max-tasks-per-child", type=int, default=200, metavar="N",
                   help="files a worker process parses before a fresh one replaces it")
    p.add_argument("--no-ocr", action="store_true", help="do not OCR pages without text or table pictures")


# ---------------------------------------------------------------- export

EXPORT_FORMATS = {"parquet": "Apache Parquet (counts as Int64): pandas, R arrow, DuckDB",
                  "csv": "UTF-8 CSV with a header row",
                  "dta": "Stata 118 .dta: short variable names, the full cell key as the variable label",
                  "xlsx": "an Excel workbook per table (openpyxl)"}


def _batch_dir(outdir: str) -> None:
    if not (Path(outdir) / "reports.jsonl").exists():
        raise UsageError(f"{shown(outdir)}: no reports.jsonl (run `extractor batch … -o {shown(outdir)}` first)")


def cmd_export(args: argparse.Namespace) -> int:
    """write a batch as tables for pandas, R, Stata, Excel (+ codebook.csv).

    Write reports, cells (long), harmonized (legacy and modern figures on one key set) and one wide table
    per template, plus codebook.csv (every column: meaning in Chinese and English, unit)."""
    from .batch.exports import export
    _batch_dir(args.outdir)
    for fmt in args.format or ["parquet"]:
        try:
            written = export(args.outdir, fmt, args.dest)
        except OSError as e:
            raise io_error(args.dest or str(Path(args.outdir) / "export"), e) from None
        for p in written:
            print(p)
    return 0


def add_export(sub) -> None:
    p = command(sub, "export", cmd_export, epilog="formats:\n" + "\n".join(f"  {k:8} {v}" for k, v in EXPORT_FORMATS.items()))
    p.add_argument("outdir", metavar="OUTDIR", help="a folder `extractor batch` wrote")
    p.add_argument("--format", action="append", choices=tuple(EXPORT_FORMATS), default=None,
                   help="repeat for several (default parquet)")
    p.add_argument("-o", "--output", dest="dest", default=None, metavar="DIR", help="default: OUTDIR/export")


# ---------------------------------------------------------------- audit

def cmd_audit(args: argparse.Namespace) -> int:
    """check a batch across reports: duplicates, year chains, gaps, sums, outliers.

    Read OUTDIR's records and write OUTDIR/audit.json and OUTDIR/audit.html: exact duplicates, same content
    under different issuers, two reports for one agency and year, year chains (carried_forward → next
    carried_over; normative documents in force), gaps in an agency's years, district sums against the city,
    outliers."""
    from .audit import audit_dir
    if not Path(args.outdir).is_dir():
        raise UsageError(f"{shown(args.outdir)}: not a folder")
    try:
        findings, written = audit_dir(args.outdir)
    except OSError as e:
        raise io_error(args.outdir, e) from None
    for f in findings:
        log.info("%s: %s %s: %s", f.kind, f.agency or "", ",".join(map(str, f.years)), f.detail)
    if not args.quiet > args.verbose:
        kinds: dict[str, int] = {}
        for f in findings:
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        print(f"extractor audit: {len(findings)} findings"
              + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")" if kinds else "")
              + "; " + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0


def add_audit(sub) -> None:
    p = command(sub, "audit", cmd_audit)
    p.add_argument("outdir", metavar="OUTDIR", help="a folder `extractor batch` (or `parse -o`) wrote")


# ---------------------------------------------------------------- review

def cmd_review(args: argparse.Namespace) -> int:
    """a static HTML page per report to check its tables by eye.

    One self-contained HTML page (no server, nothing fetched) per report: the three tables as the template
    lays them out, provenance on hover, blank / inferred / text / unconfirmed cells marked, failing checks
    in red; for a PDF the page with the table's boxes and each cell's crop. For a batch folder, an index
    page with filters (template, year, failing rules, missing tables)."""
    from .review import review_dir, review_file
    src = Path(args.source)
    try:
        if src.is_dir():
            written = review_dir(src, Path(args.output) if args.output else src / "review")
        else:
            if not src.exists():
                raise UsageError(f"{shown(args.source)}: no such file")
            written = [review_file(src, Path(args.output) if args.output else src.with_suffix(".review.html"))]
    except OSError as e:
        raise io_error(args.output or args.source, e) from None
    if not args.quiet > args.verbose:
        print(written[0], file=sys.stderr)
    return 0


def add_review(sub) -> None:
    p = command(sub, "review", cmd_review)
    p.add_argument("source", metavar="FILE|REPORT.json|OUTDIR",
                   help="a report (parsed now), its JSON record, or a batch folder")
    p.add_argument("-o", "--output", default=None, metavar="PATH",
                   help="the page (default REPORT.review.html) or, for a folder, the folder of pages "
                        "(default OUTDIR/review)")


# ---------------------------------------------------------------- fetch

def add_fetch(sub) -> None:
    pf = command(sub, "fetch", cmd_fetch)
    pf.add_argument("sources", nargs="+", metavar="SOURCE", help="a URL, @list.txt (one URL a line) or @- (the list on stdin)")
    pf.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder the files and fetched.jsonl go to")
    pf.add_argument("--crawl", action="store_true", help="a source is a listing page: follow its report links and pagination")
    pf.add_argument("--depth", type=int, default=2, metavar="N", help="how deep listings may nest (default 2)")
    pf.add_argument("--max-pages", type=int, default=50, metavar="N", help="listing pages read per source (default 50)")
    pf.add_argument("--delay", type=float, default=1.0, metavar="SECONDS", help="between requests to one host (default 1)")
    pf.add_argument("--per-host", type=int, default=2, metavar="N", help="requests in flight to one host (default 2)")
    pf.add_argument("--workers", type=int, default=4, metavar="N", help="requests in flight overall (default 4)")
    pf.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per request (default 30)")
    pf.add_argument("--retries", type=int, default=3, metavar="N", help="after a 429, 5xx or connection error (default 3)")
    pf.add_argument("--max-bytes", type=_size, default=100 << 20, metavar="SIZE", help="per file (default 100MB)")
    pf.add_argument("--refresh", action="store_true", help="ask again for URLs already fetched (If-None-Match / If-Modified-Since)")


def cmd_fetch(args: argparse.Namespace) -> int:
    """download reports (and crawl disclosure columns) into DIR with a manifest.

    Sources: URLs, @list.txt (one URL a line), @- (stdin). DIR/fetched.jsonl records every URL; `extractor
    batch DIR` then parses the reports. See the README, Fetching."""
    from .fetch import CrawlOptions, Options, fetch
    urls = expand_lists(args.sources, "fetch")
    try:
        opts = Options(delay=args.delay, per_host=args.per_host, timeout=args.timeout, retries=args.retries,
                       max_bytes=args.max_bytes)
        crawl = CrawlOptions(crawl=args.crawl, depth=args.depth, max_pages=args.max_pages, workers=args.workers,
                             refresh=args.refresh)
    except ValueError as e:
        raise UsageError(str(e)) from None
    try:
        summary = fetch(list(dict.fromkeys(urls)), args.output, opts, crawl)
    except OSError as e:  # the folder cannot be written: what was fetched is kept, rerun to resume
        raise io_error(args.output, e) from None
    if not args.quiet > args.verbose:
        for line in summary.lines():
            print(f"extractor fetch: {line}", file=sys.stderr)
    return 1 if summary.sources_failed else 0


# ---------------------------------------------------------------- main

def _common(top: bool = False) -> argparse.ArgumentParser:
    """-q / -v, on the top level and after every subcommand."""
    p = Parser(add_help=False)
    default = 0 if top else argparse.SUPPRESS
    p.add_argument("-q", "--quiet", action="count", default=default, help="only fatal errors on stderr (not each failed input, nor the summary)")
    p.add_argument("-v", "--verbose", action="count", default=default, help="more on stderr: each finding, each page written (-vv: debug)")
    return p


def command(sub, name: str, func: Callable[[argparse.Namespace], int], epilog: Optional[str] = None) -> argparse.ArgumentParser:
    """A subcommand's parser, run by `func`: the first line of its docstring is the one-line help, the rest the
    description; -q / -v; an epilog kept as written."""
    help, _, description = (func.__doc__ or "").strip().partition("\n")  # (inspect.cleandoc's, the rest's spaces folded)
    p = sub.add_parser(name, help=help.rstrip("."), description=textwrap.fill(" ".join(description.split()), 96),
                       epilog=epilog, parents=[_common()], formatter_class=RawHelp)
    p.set_defaults(func=func)
    return p


SUBCOMMANDS: list[Callable] = [add_parse, add_schema, add_normalize, add_batch, add_fetch, add_export, add_audit,
                               add_review]


def _named_command(argv: list[str]) -> Optional[str]:
    """The subcommand argv names (its first word that is no option), None when the top-level parser must know
    them all: help or --version asked first, no command, or a word that is none."""
    for arg in argv:
        if arg in ("-h", "--help", "--version"):
            return None
        if not arg.startswith("-"):
            return arg if any(add.__name__ == "add_" + arg for add in SUBCOMMANDS) else None
    return None


def build_parser(argv: Optional[list[str]] = None) -> argparse.ArgumentParser:
    """The command line's parser; given argv, with only the subcommand it names (building all eight costs
    about 5 ms of every start-up), else with all."""
    p = Parser(prog="extractor", parents=[_common(top=True)],
               description="Government information-disclosure annual reports → checked JSON")
    p.add_argument("--version", action="version", version=f"extractor {__version__}", help="print the version and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    only = None if argv is None else _named_command(argv)
    for add in SUBCOMMANDS:
        if only is None or add.__name__ == "add_" + only:
            add(sub)
    return p


def _logging(level: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("extractor: %(message)s"))
    root = logging.getLogger("extractor")
    root.handlers[:] = [handler]
    root.propagate = False
    root.setLevel({-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(max(-1, min(level, 2)), logging.DEBUG))


def main(argv: Optional[list[str]] = None) -> int:
    if argv is None:
        _no_catalogue()
    args = build_parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
    if argv is None and args.command == "parse":
        _collect_less()
    if argv is None:  # a process of its own (not main() called from a program): fork the limits' worker
        limits.fork_workers()
    _logging(args.verbose - args.quiet)
    if getattr(args, "no_ocr", False):  # read by readers/ocr.py; batch workers inherit it
        before = os.environ.get("EXTRACTOR_OCR")
        os.environ["EXTRACTOR_OCR"] = "0"
        try:
            code = run(args)
        finally:
            os.environ.pop("EXTRACTOR_OCR") if before is None else os.environ.update(EXTRACTOR_OCR=before)
    else:
        code = run(args)
    if argv is None and args.command == "parse":
        _leave(code)
    return code


def _no_catalogue() -> None:
    """argparse translates each of its messages with gettext, which looks for a catalogue file every time
    (importing locale first): about 1.5 ms of a start (issue 16). Where the folder gettext would look in does
    not exist, no message can be translated, so argparse is given gettext's answer then: the message itself.
    For a process of its own only (this changes argparse for the whole process)."""
    import gettext
    if os.path.isdir(gettext.bindtextdomain(gettext.textdomain())):
        return
    argparse._ = lambda message: message  # type: ignore[attr-defined]
    argparse.ngettext = lambda singular, plural, n: singular if n == 1 else plural  # type: ignore[attr-defined]


def _collect_less() -> None:
    """A `parse` process: what start-up made (modules, classes, the regex cache) lives until the exit, so
    it is frozen out of the cycle collector's passes, which then run a hundredth as often (700 → 70 000 new
    objects; about 40 passes over those objects cost 8–10 ms of a small report, issue 16). Garbage cycles
    are still collected; the forked worker inherits both."""
    gc.freeze()
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(gen0 * 100, gen1, gen2)


def _leave(code: int) -> None:
    """End a `parse` process without the interpreter's teardown (freeing every module and object: 10–15 ms
    of a small report's start-up): everything it wrote is closed or flushed here, the exit handlers run
    (the limits' worker is killed, logging flushed); only while no other thread runs, and not under a
    profiler or a tracer (cProfile, coverage write their data after main returns)."""
    import atexit
    import threading
    if threading.active_count() != 1 or not hasattr(atexit, "_run_exitfuncs") or sys.getprofile() or sys.gettrace():
        return
    atexit._run_exitfuncs()
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except (OSError, ValueError):  # as the interpreter does when it cannot flush stdout at exit
            code = code or 120
    os._exit(code)


def run(args: argparse.Namespace) -> int:
    """The subcommand, its failures as one line and an exit status."""
    try:
        return args.func(args)
    except UsageError as e:
        print(f"extractor {args.command}: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `extractor parse … | head`: quiet, and nothing more to the closed pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as e:  # e.g. stdout on a full disk
        print(f"extractor {args.command}: {e.strerror or e}", file=sys.stderr)
        return 2
    except Exception as e:  # a bug: one line (the traceback with -vv), never a wall of text
        log.debug("traceback", exc_info=True)
        print(f"extractor {args.command}: internal error: {type(e).__name__}: {str(e)[:200]}", file=sys.stderr)
        return 2
