"""`fetch`: URLs into a folder with a manifest; `--crawl` follows a disclosure column's report links
and pagination; a report page that only links its report as a file gets the file fetched too."""
from __future__ import annotations

import hashlib
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from ..readers import sniff
from .client import Client, Options, Response
from .links import Page, attachment_links, page_kind, pagination_links, read_page, report_links
from .manifest import Entry, Manifest

MAX_ATTACHMENTS = 5  # files fetched from one report page


@dataclass
class CrawlOptions:
    crawl: bool = False  # treat each source as a listing page
    depth: int = 2  # how deep listings may nest (a report link that leads to another listing: +1)
    max_pages: int = 50  # listing pages (pagination included) read per source
    workers: int = 4  # requests in flight overall (Options.per_host caps each host)
    refresh: bool = False  # ask again for URLs already fetched (conditional: ETag / Last-Modified)

    def __post_init__(self) -> None:
        if self.depth < 0 or self.max_pages < 1 or self.workers < 1:
            raise ValueError("crawl options: depth ≥ 0, max_pages ≥ 1 and workers ≥ 1")


@dataclass
class Task:
    url: str
    role: str  # source | listing | report | attachment
    root: str
    depth: int = 0
    referrer: Optional[str] = None
    link_text: Optional[str] = None
    attachment_of: Optional[str] = None


@dataclass
class FetchSummary:
    fetched: int = 0
    reused: int = 0  # already in the folder (or 304 Not Modified)
    failed: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    sources_failed: int = 0

    def lines(self) -> list[str]:
        failed = ", ".join(f"{k} {v}" for k, v in sorted(self.failed.items()))
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()))
        return [f"{self.fetched} fetched, {self.reused} already there, {sum(self.failed.values())} failed"
                + (f" ({failed})" if failed else ""), f"saved: {kinds or 'nothing'}"]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _content_type(headers: dict[str, str]) -> tuple[Optional[str], Optional[str]]:
    raw = headers.get("content-type")
    if not raw:
        return None, None
    parts = [p.strip() for p in raw.split(";")]
    charset = next((p.split("=", 1)[1].strip().strip("\"'") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower() or None, charset


class Fetcher:
    def __init__(self, outdir: str, options: Optional[Options] = None, crawl: Optional[CrawlOptions] = None,
                 client: Optional[Client] = None, log: Callable[[str], None] = lambda s: print(s, file=sys.stderr)):
        self.manifest = Manifest(outdir)
        self.client = client or Client(options)
        self.crawl = crawl or CrawlOptions()
        self.log = log
        self.summary = FetchSummary()
        self.seen: set[str] = set()
        self._lock = threading.Lock()
        self.listings: dict[str, int] = {}  # listing pages queued per source
        self.queued: set[str] = set()

    def _entry(self, t: Task, r: Response) -> Entry:
        ctype, charset = _content_type(r.headers)
        e = Entry(url=t.url, final_url=r.final_url, status=r.status, content_type=ctype, charset=charset,
                  fetched_at=_now(), referrer=t.referrer, link_text=t.link_text, role=t.role,
                  attachment_of=t.attachment_of, etag=r.headers.get("etag"),
                  last_modified=r.headers.get("last-modified"), redirects=r.redirects, attempts=r.attempts,
                  error=r.error, message=r.message, depth=t.depth)
        return e

    def _fetch(self, t: Task) -> tuple[Optional[Entry], Optional[bytes], bool]:
        """The URL's entry and body, and whether the entry is new (to be written): from the folder when
        fetched before (unless refreshing), else from the server (a 304 keeps the stored copy)."""
        prev = self.manifest.done(t.url)
        if prev is not None and not self.crawl.refresh:
            self._add("reused")
            return prev, (self.manifest.dir / prev.file).read_bytes(), False
        r = self.client.get(t.url, prev.etag if prev else None, prev.last_modified if prev else None,
                            referrer=t.referrer)
        if prev is not None and r.status == 304 and r.error is None:
            self._add("reused")
            e = Entry.from_dict({**prev.__dict__, "fetched_at": _now(), "status": 304, "attempts": r.attempts})
            return e, (self.manifest.dir / prev.file).read_bytes(), True
        e = self._entry(t, r)
        if not r.ok or r.status == 304:
            if e.error is None:
                e.error, e.message = "not_modified_without_copy", "304 for a URL with no stored copy"
            self.manifest.add(e)
            self._count(self.summary.failed, e.error)
            if t.url == t.root:
                self._add("sources_failed")
            self.log(f"extractor fetch: {t.url}: {e.error}: {e.message}")
            return None, None, False
        e.sha256 = hashlib.sha256(r.body).hexdigest()
        e.size = len(r.body)
        e.file = self.manifest.store(e.sha256, r.body, e.content_type, r.final_url)
        self._add("fetched")
        return e, r.body, True

    def _count(self, counts: dict[str, int], key: str) -> None:
        with self._lock:
            counts[key] = counts.get(key, 0) + 1

    def _add(self, name: str) -> None:
        with self._lock:
            setattr(self.summary, name, getattr(self.summary, name) + 1)

    def _visit(self, t: Task) -> list[Task]:
        """`_visit_one`, whose unexpected failure is one manifest line, never a traceback."""
        try:
            return self._visit_one(t)
        except Exception as exc:
            e = Entry(url=t.url, fetched_at=_now(), referrer=t.referrer, link_text=t.link_text, role=t.role,
                      error="internal_error", message=f"{type(exc).__name__}: {exc}", depth=t.depth)
            try:
                self.manifest.add(e)
            except OSError:
                pass
            self._count(self.summary.failed, "internal_error")
            if t.url == t.root:
                self._add("sources_failed")
            self.log(f"extractor fetch: {t.url}: internal_error: {e.message}")
            return []

    def _visit_one(self, t: Task) -> list[Task]:
        """Fetch one URL, write its line, and say what to fetch next."""
        e, body, fresh = self._fetch(t)
        if e is None or body is None:
            return []
        nxt: list[Task] = []
        is_html = (e.content_type or "").endswith("html") or sniff(body[:65536], e.final_url) == "text/html"
        if is_html and t.role != "attachment":
            page = read_page(body, e.final_url or t.url, e.charset)
            e.kind, e.title, e.published, e.encoding = page_kind(page), page.title, page.published, page.encoding
            if t.role == "listing" and e.kind in ("page", "other") and (report_links(page) or pagination_links(page)):
                e.kind = "listing"  # a column page (given to --crawl, or reached by its pagination)
            if e.kind == "listing" and self.crawl.crawl and t.depth <= self.crawl.depth:
                nxt += self._listing_links(t, page)
            elif e.kind == "listing" and t.role == "source":
                self.log(f"extractor fetch: {t.url}: a listing page, not a report (--crawl follows its reports)")
            elif e.kind == "attachment_only":
                files = attachment_links(page)[:MAX_ATTACHMENTS]
                e.attachments = [ln.url for ln in files]
                nxt += [Task(ln.url, "attachment", t.root, t.depth + 1, e.final_url or t.url, ln.text or None,
                             attachment_of=t.url) for ln in files]
        kind = e.kind if e.kind and e.kind != "page" else t.role
        self._count(self.summary.kinds, kind)
        if fresh:
            self.manifest.add(e)
        return nxt

    def _listing_links(self, t: Task, page: Page) -> list[Task]:
        out = []
        base = page.url
        for url in pagination_links(page):
            with self._lock:  # each new listing page counts once against --max-pages
                if url in self.queued or self.listings.get(t.root, 0) >= self.crawl.max_pages:
                    continue
                self.queued.add(url)
                self.listings[t.root] = self.listings.get(t.root, 0) + 1
            out.append(Task(url, "listing", t.root, t.depth, base, None))
        for ln in report_links(page):
            out.append(Task(ln.url, "report", t.root, t.depth + 1, base, ln.text or None))
        return out

    def run(self, urls: Iterable[str]) -> FetchSummary:
        role = "listing" if self.crawl.crawl else "source"
        frontier = [Task(u, role, u) for u in urls]
        for u in frontier:
            self.listings[u.url] = 1
            self.queued.add(u.url)
        pool = ThreadPoolExecutor(max_workers=self.crawl.workers)
        try:
            while frontier:
                todo = []
                for t in frontier:
                    if t.url not in self.seen:
                        self.seen.add(t.url)
                        todo.append(t)
                frontier = [n for batch in pool.map(self._visit, todo) for n in batch]
        except BaseException:  # Ctrl-C: drop what is queued (lines written so far are whole; rerun to resume)
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        self.client.close()
        return self.summary


def fetch(urls: Iterable[str], outdir: str, options: Optional[Options] = None,
          crawl: Optional[CrawlOptions] = None, **kw) -> FetchSummary:
    """Fetch URLs (and, with `crawl.crawl`, the reports their listings link) into OUTDIR."""
    return Fetcher(outdir, options, crawl, **kw).run(urls)
