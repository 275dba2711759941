"""`extractor fetch` / `--crawl`, fetch folders and WARC archives as batch inputs — against a CMS-like
disclosure column served on loopback (127.0.0.1, a random port). No test touches any other address."""
from __future__ import annotations

import gzip
import io
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional

import jsonschema
import pytest

from extractor import parse
from extractor.batch import run_batch
from extractor.cli import main, schema_text
from extractor.fetch import Client, CrawlOptions, Options, fetch, latest
from extractor.fetch.links import looks_like_report, page_kind, pagination_links, read_page, report_links

from conftest import FIXTURES, REAL

GBK_NODECL = FIXTURES / "html" / "gov2021_gbk_nodecl.html"  # GBK, no meta charset: served as utf-8
REDIRECTED = FIXTURES / "html" / "gov2019_gbk_meta.html"  # behind a 302
GZIPPED = FIXTURES / "corpus" / "c000_html_shanghai_2019_2019.html"  # sent gzip-encoded
FLAKY = FIXTURES / "html" / "gov2021_split_table2.html"  # two 503s (Retry-After: 1), then 200
ATTACHED = REAL / "huaian_2024.pdf"  # a report page's 附件
DIRECT = FIXTURES / "pdf" / "gov2021_county.pdf"  # linked straight from the listing
REPORT_FILES = [GBK_NODECL, REDIRECTED, GZIPPED, FLAKY, ATTACHED, DIRECT]


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    ctype: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    gzip: bool = False
    fail_first: int = 0  # answer 503 this many times first
    retry_after: Optional[str] = None
    slow: float = 0.0  # seconds the server takes to answer


class Site:
    """A tiny CMS: routes by path, a log of every request (path, headers, monotonic time)."""

    def __init__(self, routes: dict[str, Route]):
        self.routes = routes
        self.log: list[tuple[str, dict, float]] = []
        self.failures: dict[str, int] = {}
        self.in_flight = self.most_in_flight = 0
        lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):
                site.log.append((self.path, dict(self.headers), time.monotonic()))
                with lock:
                    site.in_flight += 1
                    site.most_in_flight = max(site.most_in_flight, site.in_flight)
                try:  # in flight while the server works; counted out before the answer, which the client
                    r = site.routes.get(self.path)  # waits for (after it, a loaded machine may run the
                    if r is not None and r.slow:  # client's next request before this thread's decrement)
                        time.sleep(r.slow)
                finally:
                    with lock:
                        site.in_flight -= 1
                self.answer()

            def answer(self):
                r = site.routes.get(self.path)
                if r is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<html><body>not found</body></html>")
                    return
                n = site.failures.get(self.path, 0)
                if n < r.fail_first:
                    site.failures[self.path] = n + 1
                    self.send_response(503)
                    if r.retry_after:
                        self.send_header("Retry-After", r.retry_after)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = r.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = gzip.compress(r.body) if r.gzip else r.body
                self.send_response(r.status)
                self.send_header("Content-Type", r.ctype)
                self.send_header("Content-Length", str(len(body)))
                if r.gzip:
                    self.send_header("Content-Encoding", "gzip")
                for k, v in r.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def requested(self, path: str) -> int:
        return sum(1 for p, _, _ in self.log if p == path)


def _page(title: str, body: str, charset: str = "utf-8") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
            f'<body><div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>'
            f'<div class="content">{body}</div></body></html>').encode(charset)


def column() -> dict[str, Route]:
    """The disclosure column: two listing pages and everything the judge's column holds."""
    li = lambda href, text: f'<li><a href="{href}">{text}</a><span>2024-01-20</span></li>'  # noqa: E731
    page1 = _page("政府信息公开年报_某市人民政府", "<ul>" + "".join([
        li("/nb/gbk.html", "某县2023年政府信息公开工作年度报告"),
        li("/nb/moved.html", "某区2019年政府信息公开工作年度报告"),
        li("/nb/zipped.html", "上海市某局2019年政府信息公开工作年度报告"),
        li("/private/2022nb.html", "某镇2022年政府信息公开工作年度报告"),
        li("/nb/gone.html", "某街道2022年政府信息公开工作年度报告"),
        li("/tz/notice.html", "关于做好2023年度政府信息公开工作年度报告编制工作的通知"),
    ]) + '</ul><div class="page"><a href="index_1.html">下一页</a> <a href="index_1.html">2</a></div>')
    page2 = _page("政府信息公开年报_某市人民政府", "<ul>" + "".join([
        li("/nb/flaky.html", "某县2021年政府信息公开工作年度报告"),
        li("/nb/huaian.html", "淮安市人民政府2024年政府信息公开工作年度报告"),
        li("/files/2021年县政府信息公开工作年度报告.pdf", "某县人民政府2021年政府信息公开工作年度报告（PDF）"),
        li("/about.html", "网站地图"),
    ]) + '</ul><div class="page"><a href="index.html">上一页</a> <a href="index.html">1</a></div>')
    attach_page = _page("淮安市人民政府2024年政府信息公开工作年度报告_淮安市人民政府",
                        "<h1>淮安市人民政府2024年政府信息公开工作年度报告</h1><p>发布日期：2025-01-20</p>"
                        '<p>附件：<a href="/uploads/P020250120.pdf">淮安市人民政府2024年政府信息公开工作年度报告.pdf</a></p>')
    notice = _page("关于做好年度报告编制工作的通知", "<p>各单位：请于1月31日前报送年度报告。</p>" * 3)
    return {
        "/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", ctype="text/plain"),
        "/nb/index.html": Route(page1),
        "/nb/index_1.html": Route(page2),
        "/nb/gbk.html": Route(GBK_NODECL.read_bytes(), ctype="text/html; charset=utf-8"),  # a wrong header
        "/nb/moved.html": Route(status=302, headers={"Location": "/nb/2019/report.html"}),
        "/nb/2019/report.html": Route(REDIRECTED.read_bytes(), ctype="text/html"),
        "/nb/zipped.html": Route(GZIPPED.read_bytes(), gzip=True, headers={"ETag": '"z1"'}),
        "/nb/flaky.html": Route(FLAKY.read_bytes(), fail_first=2, retry_after="1"),
        "/nb/huaian.html": Route(attach_page),
        "/uploads/P020250120.pdf": Route(ATTACHED.read_bytes(), ctype="application/pdf"),
        "/files/2021%E5%B9%B4%E5%8E%BF%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E5%B7%A5%E4%BD%9C%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf":
            Route(DIRECT.read_bytes(), ctype="application/octet-stream"),
        "/private/2022nb.html": Route(GBK_NODECL.read_bytes()),
        "/tz/notice.html": Route(notice),
        "/about.html": Route(_page("网站地图", "<p>地图</p>")),
    }


@pytest.fixture
def site():
    s = Site(column())
    s.thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()


FAST = Options(delay=0.0, backoff=0.05, timeout=10)


def _content(d: dict) -> dict:
    """A record without `source` (which names the path and origin): what must equal parsing the file."""
    return {k: v for k, v in d.items() if k != "source"}


def _outputs(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "reports.jsonl").read_text("utf-8").splitlines()]


# ---------- links ----------

def test_report_links_and_pagination_are_recognised():
    assert looks_like_report("某县2023年政府信息公开工作年度报告")
    assert looks_like_report("二〇二三年度政府信息公开年报")
    assert looks_like_report("某区2019年度政府信息公开工作报告")
    assert looks_like_report("某县2023年政府信息公开工作年度报告 2024-01-20")
    assert not looks_like_report("关于做好2023年度政府信息公开工作年度报告编制工作的通知")
    assert not looks_like_report("政府信息公开年报")  # no year: the column's own name
    routes = column()
    page = read_page(routes["/nb/index.html"].body, "http://127.0.0.1:9/nb/index.html")
    assert page_kind(page) == "listing"
    assert pagination_links(page) == ["http://127.0.0.1:9/nb/index_1.html"]
    texts = [ln.text for ln in report_links(page)]
    assert len(texts) == 5 and not any("通知" in t for t in texts)
    attach = read_page(routes["/nb/huaian.html"].body, "http://127.0.0.1:9/nb/huaian.html")
    assert page_kind(attach) == "attachment_only" and attach.published == "2025-01-20"
    # a table-laid listing whose link texts are cut (the title attribute has the whole name), [下一页]
    rows = "".join(f'<tr><td><a href="/nb/{i}.html" title="某县{2020 + i}年政府信息公开工作年度报告">某县{2020 + i}年政府信息公开工…</a>'
                   f"</td><td>{2021 + i}-01-2{i}</td></tr>" for i in range(4))
    cut = read_page(_page("年报专栏", f"<table>{rows}</table><a href='http://[bad/'>坏链接</a><a href='?page=2'>[下一页]</a>"),
                    "http://127.0.0.1:9/nb/")
    assert page_kind(cut) == "listing" and len(report_links(cut)) == 4
    assert pagination_links(cut) == ["http://127.0.0.1:9/nb/?page=2"]
    # a report page with an introduction and its report as an attachment; a page that is the report
    intro = _page("某县2023年政府信息公开工作年度报告", "<p>" + "根据《中华人民共和国政府信息公开条例》要求，现公布本年度报告。" * 40
                  + '</p><p>附件：<a href="/u/a.docx">年度报告全文</a></p>')
    assert page_kind(read_page(intro, "http://127.0.0.1:9/nb/x.html")) == "attachment_only"
    report = read_page(GBK_NODECL.read_bytes(), "http://127.0.0.1:9/nb/gbk.html", "utf-8")
    assert page_kind(report) == "page" and report.encoding == "gb18030"  # the bytes beat the header


def test_robots_longest_rule_wins_and_failures_disallow():
    from extractor.fetch.robots import Robots
    txt = b"User-agent: *\nAllow: /nb/\nDisallow: /nb/private/\n\nUser-agent: extractor\nCrawl-delay: 3\nDisallow: /x/\n"
    r = Robots("extractor", lambda url: (200, txt, None))
    assert r.allowed("http://127.0.0.1:9/nb/a.html") and r.allowed("http://127.0.0.1:9/x.html")
    assert not r.allowed("http://127.0.0.1:9/x/a.html") and r.delay("http://127.0.0.1:9/") == 3.0
    other = Robots("otherbot", lambda url: (200, txt, None))
    assert not other.allowed("http://127.0.0.1:9/nb/private/a.html") and other.allowed("http://127.0.0.1:9/nb/b.html")
    assert Robots("extractor", lambda url: (404, b"", None)).allowed("http://127.0.0.1:9/nb/private/a")
    down = Robots("extractor", lambda url: (0, b"", "timeout"))
    assert not down.allowed("http://127.0.0.1:9/a") and down.failure("http://127.0.0.1:9/b") == "timeout"


# ---------- crawl → batch ----------

def test_crawl_then_batch_gives_every_report_as_its_file(site, tmp_path):
    d = tmp_path / "fetched"
    summary = fetch([site.base + "/nb/index.html"], str(d), FAST, CrawlOptions(crawl=True))
    entries = latest(d / "fetched.jsonl")
    by_path = {e.url.replace(site.base, ""): e for e in entries.values()}

    # politeness: robots.txt read once, the Disallowed page never requested, the 404 asked once,
    # the 503s retried (twice) and then fetched, waiting the Retry-After second
    assert site.requested("/robots.txt") == 1
    assert not any(p.startswith("/private/") for p, _, _ in site.log)
    assert by_path["/private/2022nb.html"].error == "robots_disallowed"
    assert site.requested("/nb/gone.html") == 1 and by_path["/nb/gone.html"].error == "http_404"
    assert site.requested("/nb/flaky.html") == 3 and by_path["/nb/flaky.html"].attempts == 3
    times = [t for p, _, t in site.log if p == "/nb/flaky.html"]
    assert times[1] - times[0] >= 0.9 and times[2] - times[1] >= 0.9
    assert all(h.get("User-Agent", "").startswith("extractor/") for _, h, _ in site.log)
    assert "/tz/notice.html" not in by_path and site.requested("/tz/notice.html") == 0
    assert "/about.html" not in by_path

    # the manifest: redirects, headers as sent, bytes as received, the attachment linked to its page
    moved = by_path["/nb/moved.html"]
    assert moved.final_url == site.base + "/nb/2019/report.html" and moved.status == 200
    gbk = by_path["/nb/gbk.html"]
    assert gbk.charset == "utf-8" and gbk.encoding == "gb18030"
    assert (d / gbk.file).read_bytes() == GBK_NODECL.read_bytes()
    assert (d / by_path["/nb/zipped.html"].file).read_bytes() == GZIPPED.read_bytes()  # gzip decoded
    page = by_path["/nb/huaian.html"]
    pdf = by_path["/uploads/P020250120.pdf"]
    assert page.kind == "attachment_only" and page.attachments == [site.base + "/uploads/P020250120.pdf"]
    assert pdf.attachment_of == site.base + "/nb/huaian.html" and pdf.role == "attachment"
    assert pdf.sha256 and (d / pdf.file).read_bytes() == ATTACHED.read_bytes()
    assert by_path["/nb/index_1.html"].kind == "listing" and by_path["/nb/index_1.html"].referrer
    for e in entries.values():
        assert e.fetched_at and (e.error is None) == (e.sha256 is not None)
    assert summary.failed == {"http_404": 1, "robots_disallowed": 1}

    out = tmp_path / "out"
    bs = run_batch([str(d)], str(out), workers=1, progress="none")
    records = _outputs(out)
    assert bs.total == len(REPORT_FILES) == len(records)  # no listing, no bare attachment page
    assert bs.skipped_records["listing page"] == 2
    assert bs.skipped_records["page whose report is its attachment"] == 1
    by_url = {r["source"]["origin"]["url"].replace(site.base, ""): r for r in records}
    for path, f in [("/nb/gbk.html", GBK_NODECL), ("/nb/moved.html", REDIRECTED), ("/nb/zipped.html", GZIPPED),
                    ("/nb/flaky.html", FLAKY), ("/uploads/P020250120.pdf", ATTACHED)]:
        assert _content(by_url[path]) == _content(parse(f).to_dict()), path
        assert by_url[path]["report"] is not None
    direct = next(r for k, r in by_url.items() if k.startswith("/files/"))
    assert _content(direct) == _content(parse(DIRECT).to_dict())
    att = by_url["/uploads/P020250120.pdf"]["source"]["origin"]
    assert att["page_url"] == site.base + "/nb/huaian.html" and att["published"] == "2025-01-20"
    assert att["page_title"].startswith("淮安市人民政府2024年")
    assert by_url["/nb/moved.html"]["source"]["origin"]["final_url"] == site.base + "/nb/2019/report.html"
    assert all("fetched_at" not in json.dumps(r["source"]) for r in records)
    schema = json.loads(schema_text())
    for r in records:
        jsonschema.validate(r, schema)


def test_page_limit_counts_each_listing_page_once(tmp_path):
    # each page links its neighbours (page 1 is index.html): repeats must not use up the budget
    pager = lambda n: "".join(f'<a href="{"index.html" if i == 0 else f"index_{i}.html"}">{i + 1}</a>'  # noqa: E731
                              for i in (n - 1, n + 1) if 0 <= i < 6)
    routes = {"/robots.txt": Route(status=404)}
    for n in range(6):
        name = "index.html" if n == 0 else f"index_{n}.html"
        routes[f"/nb/{name}"] = Route(_page("政府信息公开年报", f'<a href="/r{n}.html">某县20{10 + n}年政府信息公开工作年度报告</a>'
                                                          + pager(n)))
        routes[f"/r{n}.html"] = Route(_page(f"某县20{10 + n}年政府信息公开工作年度报告", "<p>正文</p>"))
    s = Site(routes)
    s.thread.start()
    try:
        fetch([s.base + "/nb/index.html"], str(tmp_path / "a"), FAST, CrawlOptions(crawl=True, max_pages=4))
        pages = sorted(p for p, _, _ in s.log if p.startswith("/nb/"))
        assert pages == ["/nb/index.html", "/nb/index_1.html", "/nb/index_2.html", "/nb/index_3.html"]
        assert sorted(p for p, _, _ in s.log if p.startswith("/r") and p != "/robots.txt") == ["/r0.html", "/r1.html", "/r2.html", "/r3.html"]
    finally:
        s.server.shutdown()
        s.server.server_close()


def test_refetch_is_resumed_and_conditional(site, tmp_path):
    d = tmp_path / "f"
    fetch([site.base + "/nb/index.html"], str(d), FAST, CrawlOptions(crawl=True))
    with open(d / "fetched.jsonl", "a", encoding="utf-8") as f:
        f.write('{"url": "http://127.0.0.1:1/cut-by-a-kill", "sta')  # a line a killed run left half-written
    n = len(site.log)
    s2 = fetch([site.base + "/nb/index.html"], str(d), FAST, CrawlOptions(crawl=True))
    # done URLs are not asked again; only the failures are retried (the 404; the Disallowed one is not requested)
    assert [p for p, _, _ in site.log[n:]] == ["/robots.txt", "/nb/gone.html"]
    assert s2.fetched == 0 and s2.reused >= 8
    last = json.loads((d / "fetched.jsonl").read_text("utf-8").splitlines()[-1])  # whole, on a line of its own
    assert last["url"] == site.base + "/nb/gone.html" and last["error"] == "http_404"
    n = len(site.log)
    fetch([site.base + "/nb/zipped.html"], str(d), FAST, CrawlOptions(refresh=True))
    asked = [h for p, h, _ in site.log[n:] if p == "/nb/zipped.html"]
    assert asked[0].get("If-None-Match") == '"z1"'
    e = latest(d / "fetched.jsonl")[site.base + "/nb/zipped.html"]
    assert e.status == 304 and (d / e.file).read_bytes() == GZIPPED.read_bytes()


def test_same_bytes_same_json_however_fetched(site, tmp_path):
    """The fetch time stays in the manifest: two fetches of a URL give byte-identical report JSON."""
    outs = []
    for i in (1, 2):
        d = tmp_path / f"f{i}"
        fetch([site.base + "/nb/gbk.html"], str(d), FAST)
        run_batch([str(d)], str(tmp_path / f"o{i}"), workers=1, progress="none")
        outs.append(_outputs(tmp_path / f"o{i}")[0])
        time.sleep(1.1)  # another second on the clock: fetched_at differs
    assert latest(tmp_path / "f1" / "fetched.jsonl") != latest(tmp_path / "f2" / "fetched.jsonl")
    a, b = (dict(o, source={k: v for k, v in o["source"].items() if k != "path"}) for o in outs)
    assert a == b and outs[0]["source"]["path"].endswith(outs[1]["source"]["path"].split("/f2/")[1])


def test_fetch_cli_reads_urls_from_stdin(site, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{site.base}/nb/zipped.html\n\n# done\n".encode())))
    assert main(["fetch", "@-", "-o", str(tmp_path / "d"), "--delay", "0"]) == 0
    assert list(latest(tmp_path / "d" / "fetched.jsonl")) == [site.base + "/nb/zipped.html"]


def test_fetch_cli_with_a_url_list(site, tmp_path, capsys):
    lst = tmp_path / "urls.txt"
    lst.write_text(f"# a list\n{site.base}/nb/gbk.html\n{site.base}/nb/huaian.html\n{site.base}/nb/gone.html\n"
                   f"{site.base}/tz/notice.html\n", "utf-8")
    assert main(["fetch", f"@{lst}", "-o", str(tmp_path / "d"), "--delay", "0", "--retries", "1"]) == 1  # a source failed
    err = capsys.readouterr().err
    assert "gone.html: http_404" in err and "Traceback" not in err
    entries = latest(tmp_path / "d" / "fetched.jsonl")
    assert entries[site.base + "/uploads/P020250120.pdf"].ok  # the attachment of a listed page is fetched too
    assert main(["batch", str(tmp_path / "d"), "-o", str(tmp_path / "o"), "--workers", "1", "--progress", "none"]) == 0
    assert len(_outputs(tmp_path / "o")) == 2 and entries[site.base + "/tz/notice.html"].kind == "other"
    run_batch([str(tmp_path / "d" / "fetched.jsonl")], str(tmp_path / "o2"), workers=1, progress="none")
    assert _outputs(tmp_path / "o2") == _outputs(tmp_path / "o")  # the manifest itself names the folder


def test_parse_a_url(site, tmp_path):
    assert main(["parse", site.base + "/nb/gbk.html", site.base + "/private/2022nb.html", "-o", str(tmp_path)]) == 1
    got = json.loads((tmp_path / "gbk.json").read_text("utf-8"))
    assert _content(got) == _content(parse(GBK_NODECL).to_dict())
    assert got["source"]["origin"]["url"] == site.base + "/nb/gbk.html"
    err = json.loads((tmp_path / "2022nb.json").read_text("utf-8"))["issues"][0]
    assert err["code"] == "fetch_failed" and "robots_disallowed" in err["message"]
    assert site.requested("/private/2022nb.html") == 0


# ---------- faults ----------

def test_faults_are_manifest_lines_with_reasons(tmp_path):
    big = b"<html>" + b"x" * 5000 + b"</html>"
    s = Site({"/robots.txt": Route(status=500, body=b""), "/big.html": Route(big)})
    s.thread.start()
    try:
        d = tmp_path / "f"
        # robots.txt answers 500: the site counts as Disallowed (RFC 9309), nothing else is requested
        fetch([s.base + "/big.html"], str(d), FAST)
        assert [p for p, _, _ in s.log] == ["/robots.txt"] * 4  # retried like any 5xx, then given up
        assert latest(d / "fetched.jsonl")[s.base + "/big.html"].error == "robots_disallowed"
        s.routes["/robots.txt"] = Route(status=301, headers={"Location": "/r.txt"})  # followed
        s.routes["/r.txt"] = Route(b"User-agent: *\nDisallow: /big\n", ctype="text/plain")
        fetch([s.base + "/big.html"], str(tmp_path / "h"), FAST)
        assert latest(tmp_path / "h" / "fetched.jsonl")[s.base + "/big.html"].error == "robots_disallowed"
        assert s.requested("/big.html") == 0
        s.routes["/robots.txt"] = Route(status=404)
        s.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
        fetch([s.base + "/big.html", s.base + "/loop"], str(tmp_path / "g"),
              Options(delay=0, backoff=0.01, max_bytes=1000, max_redirects=3), CrawlOptions())
        e = latest(tmp_path / "g" / "fetched.jsonl")
        assert e[s.base + "/big.html"].error == "too_large"
        assert e[s.base + "/loop"].error == "too_many_redirects" and s.requested("/loop") == 4
    finally:
        s.server.shutdown()
        s.server.server_close()
    # a port nobody listens on: connection errors, retried with backoff, one line with the reason
    port = s.server.server_address[1]
    c = Client(Options(delay=0, backoff=0.01, retries=2, timeout=2))
    r = c.get(f"http://127.0.0.1:{port}/x")
    assert r.error == "connection_error" and "robots.txt could not be read" in r.message
    assert c.requests == {f"http://127.0.0.1:{port}/robots.txt": 3}  # three tries, then nothing more
    c.close()


def test_per_host_concurrency_cap_and_rate_limit(tmp_path):
    s = Site({"/robots.txt": Route(status=404), **{f"/r{i}.html": Route(b"<html>x</html>", slow=0.3) for i in range(6)}})
    s.thread.start()
    try:
        fetch([f"{s.base}/r{i}.html" for i in range(6)], str(tmp_path / "a"), Options(delay=0), CrawlOptions(workers=6))
        assert s.most_in_flight == 2  # --per-host 2, whatever --workers says
        s.log.clear()
        fetch([f"{s.base}/r{i}.html" for i in range(3)], str(tmp_path / "b"), Options(delay=0.5, per_host=3),
              CrawlOptions(workers=3))
        starts = sorted(t for p, _, t in s.log if p != "/robots.txt")
        # --delay between two starts on one host (seen by the server: allow for scheduling on a busy machine)
        assert all(b - a >= 0.3 for a, b in zip(starts, starts[1:])) and starts[-1] - starts[0] >= 0.8
    finally:
        s.server.shutdown()
        s.server.server_close()


# ---------- WARC ----------

def _warc(path: Path, site_base: str, routes: dict[str, Route]) -> None:
    """A WARC of the column as a crawler writes it: chunked and gzip-encoded bodies, a 404, a
    request record, robots.txt, an image."""
    from warcio.warcwriter import WARCWriter

    def raw(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers)
        return f"HTTP/1.1 {status}\r\n{head}\r\n".encode("latin-1") + body

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)

        def add(uri: str, payload: bytes, kind: str = "response") -> None:
            w.write_record(w.create_warc_record(uri, kind, payload=io.BytesIO(payload), length=len(payload)))

        for p, r in routes.items():
            if r.status != 200 or p.startswith("/private/"):
                continue
            if p == "/nb/zipped.html":  # gzip content encoding inside chunked transfer encoding
                z = gzip.compress(r.body)
                chunked = b"%x\r\n" % len(z) + z + b"\r\n0\r\n\r\n"
                add(site_base + p, raw("200 OK", [("Content-Type", r.ctype), ("Content-Encoding", "gzip"),
                                                  ("Transfer-Encoding", "chunked")], chunked))
            else:
                add(site_base + p, raw("200 OK", [("Content-Type", r.ctype), ("Content-Length", str(len(r.body)))], r.body))
        add(site_base + "/nb/gone.html", raw("404 Not Found", [("Content-Type", "text/html")], b"<html>gone</html>"))
        add(site_base + "/nb/gbk.html", b"GET /nb/gbk.html HTTP/1.1\r\nHost: x\r\n\r\n", "request")
        add(site_base + "/logo.png", raw("200 OK", [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\nxxxx"))


def test_warc_batch_and_parse_give_every_report(tmp_path):
    base = "http://127.0.0.1:8123"
    routes = column()
    warc = tmp_path / "column.warc.gz"
    _warc(warc, base, routes)
    out = tmp_path / "out"
    bs = run_batch([str(warc)], str(out), workers=1, progress="none")
    records = _outputs(out)
    by_url = {r["source"]["origin"]["url"].replace(base, ""): r for r in records}
    # the reports — not the listings, the page whose report is its attachment, the 404, the request,
    # robots.txt, the image, the notice and the site map (pages with no report title, sections or table)
    assert sorted(by_url) == sorted(["/nb/gbk.html", "/nb/2019/report.html", "/nb/zipped.html", "/nb/flaky.html",
                                     "/uploads/P020250120.pdf", next(p for p in routes if p.startswith("/files/2021%"))])
    assert bs.skipped_records["WARC status 404"] == 1 and bs.skipped_records["WARC listing page"] == 2
    assert bs.skipped_records["WARC request record"] == 1 and bs.skipped_records["WARC not a report"] == 4
    assert bs.skipped_records["WARC page whose report is its attachment"] == 1
    for path, f in [("/nb/gbk.html", GBK_NODECL), ("/nb/2019/report.html", REDIRECTED), ("/nb/zipped.html", GZIPPED),
                    ("/nb/flaky.html", FLAKY), ("/uploads/P020250120.pdf", ATTACHED)]:
        assert _content(by_url[path]) == _content(parse(f).to_dict()), path
    o = by_url["/nb/gbk.html"]["source"]["origin"]
    assert o["record_id"].startswith("<urn:uuid:") and o["date"]
    assert by_url["/uploads/P020250120.pdf"]["source"]["origin"]["page_url"] == base + "/nb/huaian.html"
    # a rerun is all cached, and `parse` of the archive writes the same records
    again = run_batch([str(warc)], str(out), workers=1, progress="none")
    assert again.total == bs.total and _outputs(out) == records
    assert main(["parse", str(warc), "-o", str(tmp_path / "p")]) == 0
    parsed = {json.loads(p.read_text("utf-8"))["source"]["path"]: json.loads(p.read_text("utf-8"))
              for p in (tmp_path / "p").glob("*.json")}
    assert parsed == {r["source"]["path"]: r for r in records}
    assert (tmp_path / "p" / "2021年县政府信息公开工作年度报告.json").exists()  # named after the URL's file


def test_page_title_stands_in_only_where_the_file_has_none():
    from extractor.model import Origin
    from extractor.pipeline import parse_bytes
    bare = (FIXTURES / "pdf" / "gov2021_tables_as_images.pdf").read_bytes()  # no title, no agency of its own
    alone = parse_bytes(bare).to_dict()
    assert alone["report"]["agency"] is None and alone["report"]["title"] is None
    lent = parse_bytes(bare, "x.pdf", Origin(url="http://127.0.0.1/x.pdf", page_title="淮安市人民政府2023年政府信息公开工作年度报告")).to_dict()
    assert lent["report"]["agency"] == "淮安市人民政府" and lent["report"]["year"] == alone["report"]["year"] == 2023
    assert [i["code"] for i in lent["issues"]].count("metadata_from_page") == 1
    assert lent["tables"] == alone["tables"] and lent["source"]["origin"]["url"] == "http://127.0.0.1/x.pdf"
    own = parse_bytes(ATTACHED.read_bytes(), None, Origin(page_title="某县人民政府2020年政府信息公开工作年度报告")).to_dict()
    assert own["report"]["agency"] == "淮安市人民政府" and own["report"]["year"] == 2024  # the file's own win
    assert "metadata_from_page" not in [i["code"] for i in own["issues"]]
