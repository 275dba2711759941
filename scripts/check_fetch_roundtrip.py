"""Every fixture (and the real reports) served on 127.0.0.1 as a paginated disclosure column — HTML
pages as report pages, every third PDF/DOCX behind a report page as its 附件, the rest linked directly —
then `extractor fetch --crawl` + `extractor batch`, and a WARC of the same column through `batch`:
how many records equal `extractor parse` of the file (all but `source`).

    .venv/bin/python scripts/check_fetch_roundtrip.py [DIR ...]     # default: fixtures/ and the real reports
"""
from __future__ import annotations

import io
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from extractor import parse  # noqa: E402
from extractor.batch import run_batch  # noqa: E402
from extractor.fetch import CrawlOptions, Options, fetch  # noqa: E402
from test_fetch import Route, Site, _page  # noqa: E402

PER_PAGE = 10
TYPES = {".html": "text/html", ".pdf": "application/pdf", ".txt": "text/plain",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def column(files: list[Path]) -> tuple[dict[str, Route], dict[str, Path]]:
    routes: dict[str, Route] = {"/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", ctype="text/plain")}
    served: dict[str, Path] = {}  # URL path of the report's bytes → the file
    links = []
    for i, f in enumerate(files):
        text = f"第{i}号 2023年政府信息公开工作年度报告（{f.stem}）"
        path = f"/f/{i}{f.suffix}"
        routes[path] = Route(f.read_bytes(), ctype=TYPES.get(f.suffix, "application/octet-stream"))
        served[path] = f
        if f.suffix in (".pdf", ".docx") and i % 3 == 0:
            page = f"/nb/{i}.html"
            routes[page] = Route(_page(text, f"<h1>{text}</h1><p>发布日期：2024-01-20</p>"
                                             f'<p>附件：<a href="{path}">{f.name}</a></p>'))
            links.append((page, text))
        else:
            links.append((path, text))
    pages = [links[k:k + PER_PAGE] for k in range(0, len(links), PER_PAGE)]
    for n, chunk in enumerate(pages):
        nxt = f'<a href="index_{n + 1}.html">下一页</a>' if n + 1 < len(pages) else ""
        body = "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in chunk) + f"</ul>{nxt}"
        routes[f"/nb/index{'' if n == 0 else f'_{n}'}.html"] = Route(_page("政府信息公开年报", body))
    return routes, served


def warc_of(routes: dict[str, Route], base: str, path: Path) -> None:
    from warcio.warcwriter import WARCWriter
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for p, r in routes.items():
            raw = f"HTTP/1.1 200 OK\r\nContent-Type: {r.ctype}\r\nContent-Length: {len(r.body)}\r\n\r\n".encode() + r.body
            w.write_record(w.create_warc_record(base + p, "response", payload=io.BytesIO(raw), length=len(raw)))


def _filled(got: dict, want: dict) -> dict:
    return {k: got["report"][k] for k in ("title", "agency", "year") if want["report"][k] != got["report"][k]}


def _only_filled_from_page(got: dict, want: dict) -> bool:
    """Differs only in report title / agency / year that the file lacks (and their `…_missing` warnings)."""
    if not got.get("report") or not want.get("report"):
        return False
    if any(want["report"][k] is not None for k in _filled(got, want)):
        return False
    g = dict(got, report={k: v for k, v in got["report"].items() if k not in ("title", "agency", "year")},
             issues=[i for i in got["issues"] if i["code"] not in ("agency_missing", "year_missing", "metadata_from_page")])
    w = dict(want, report={k: v for k, v in want["report"].items() if k not in ("title", "agency", "year")},
             issues=[i for i in want["issues"] if i["code"] not in ("agency_missing", "year_missing")])
    return g == w


filled: list[str] = []


def compare(records: list[dict], served: dict[str, Path], base: str, truth: dict[str, dict]) -> tuple[int, list[str]]:
    same, bad = 0, []
    for r in records:
        url = r["source"]["origin"]["url"].replace(base, "")
        f = served.get(url)
        if f is None:
            bad.append(f"unexpected record {url}")
            continue
        got = {k: v for k, v in r.items() if k != "source"}
        if got == truth[url]:
            same += 1
        elif _only_filled_from_page(got, truth[url]):
            filled.append(f"{url} ({f.name}): the page's title gave {_filled(got, truth[url])}")
        else:
            bad.append(f"differs: {url} ({f.name})")
    return same, bad


def main() -> int:
    dirs = [Path(a) for a in sys.argv[1:]] or [ROOT / "fixtures", ROOT.parent / "shared" / "fixtures" / "real"]
    files = sorted(p for d in dirs for p in d.rglob("*") if p.suffix in TYPES and p.is_file())
    routes, served = column(files)
    truth = {u: {k: v for k, v in parse(f).to_dict().items() if k != "source"} for u, f in served.items()}
    site = Site(routes)
    site.thread.start()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.monotonic()
        fetch([site.base + "/nb/index.html"], f"{tmp}/d", Options(delay=0.0), CrawlOptions(crawl=True, max_pages=100))
        took = time.monotonic() - t0
        run_batch([f"{tmp}/d"], f"{tmp}/o", progress="none")
        recs = [json.loads(x) for x in Path(f"{tmp}/o/reports.jsonl").read_text("utf-8").splitlines()]
        same, bad = compare(recs, served, site.base, truth)
        print(f"crawl: {len(files)} files served, {len(site.log)} requests in {took:.1f} s; "
              f"{len(recs)} records, {same} identical to parsing the file; {len(served) - len(recs)} missing")
        warc_of(routes, site.base, Path(tmp) / "c.warc.gz")
        run_batch([f"{tmp}/c.warc.gz"], f"{tmp}/w", progress="none")
        wrecs = [json.loads(x) for x in Path(f"{tmp}/w/reports.jsonl").read_text("utf-8").splitlines()]
        wsame, wbad = compare(wrecs, served, site.base, truth)
        print(f"WARC: {len(wrecs)} records, {wsame} identical to parsing the file; {len(served) - len(wrecs)} missing")
        for line in bad + wbad:
            print("  " + line)
        for line in sorted(set(filled)):
            print("  filled where the file has none: " + line)
    site.server.shutdown()
    return 0 if not bad and not wbad and len(recs) == len(wrecs) == len(served) else 1


if __name__ == "__main__":
    sys.exit(main())
