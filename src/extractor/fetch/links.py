"""What a fetched HTML page links to: report links, pagination, attachments; and what kind of page it is."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional
from urllib.parse import unquote, urljoin, urldefrag, urlsplit

from bs4 import BeautifulSoup

from ..readers.encoding import decode, sniff_html_charset

LISTING_MIN_REPORT_LINKS = 3  # this many report links make a page a listing whatever its title says
FIGURES_MIN = 6  # cells holding a bare number that make a table a statistics table (not a list of links and dates)
REPORT_MIN_SECTIONS = 2  # a page body with fewer numbered report sections (and no table) is not the report itself
_PAGER_JS = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w.-]+)['\"]\s*,\s*['\"](\w+)['\"]")
_DATE = re.compile(r"(?:发布|發布|成文|公开|印发)?(?:日期|时间|時間)\s*[:：]?\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date")


@dataclass(frozen=True)
class Vocab:
    report: re.Pattern
    year: re.Pattern
    not_report_end: re.Pattern
    next_texts: frozenset[str]
    pagination: re.Pattern
    attachment_ext: tuple[str, ...]
    attachment_labels: tuple[str, ...]


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """The crawler's vocabulary (`data/fetch_links.json`), checked when loaded."""
    raw = json.loads(resources.files("extractor").joinpath("data/fetch_links.json").read_text("utf-8"))
    for key in ("report_patterns", "year_patterns", "not_report_endings", "next_page_texts",
                "pagination_url_patterns", "attachment_extensions", "attachment_labels"):
        if not isinstance(raw.get(key), list) or not raw[key] or not all(isinstance(x, str) and x for x in raw[key]):
            raise ValueError(f"data/fetch_links.json: {key} must be a non-empty list of strings")
    if not all(e.startswith(".") for e in raw["attachment_extensions"]):
        raise ValueError("data/fetch_links.json: attachment_extensions must start with a dot")
    return Vocab(re.compile("|".join(raw["report_patterns"])), re.compile("|".join(raw["year_patterns"])),
                 re.compile("(?:" + "|".join(map(re.escape, raw["not_report_endings"])) + r")\s*$"),
                 frozenset(t.lower() for t in raw["next_page_texts"]),
                 re.compile("|".join(raw["pagination_url_patterns"])),
                 tuple(e.lower() for e in raw["attachment_extensions"]), tuple(raw["attachment_labels"]))


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    title: str = ""  # the title attribute (CMS listings cut long link texts: 某县2023年政府信息公开工作年...)


@dataclass
class Page:
    """One HTML page read for its links."""
    url: str
    title: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD printed on the page or in its meta
    encoding: Optional[str] = None  # what the bytes decode as (the evidence, not the header)
    links: list[Link] = field(default_factory=list)
    sections: int = 0  # numbered report sections in the page's own body (our HTML reader and section finder)
    has_table: bool = False  # a table with figures in the body
    extra_pages: list[str] = field(default_factory=list)  # pagination a TRS `createPageHTML(…)` script writes


def looks_like_report(text: str) -> bool:
    """Link text, title or URL of an annual report: 年度报告/年报 with a year, not a notice about one."""
    v = vocab()
    t = re.sub(r"\s+", "", text)
    t = re.sub(r"[(（\[【]?(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[)）\]】]?$", "", t)  # a date after the title
    if not v.report.search(t) or not v.year.search(t):
        return False
    return not v.not_report_end.search(t)


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(vocab().attachment_ext)


_SECOND_LEVEL = {"gov", "com", "edu", "org", "net", "ac"}


def site_of(url: str) -> tuple[str, Optional[int]]:
    """The registrable domain and port: www.huaian.gov.cn and xxgk.huaian.gov.cn are one site."""
    try:
        s = urlsplit(url)
        host, port = (s.hostname or "").lower().rstrip("."), s.port
    except ValueError:
        return "", None
    labels = host.split(".")
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host) or len(labels) <= 2:
        return host, port
    keep = 3 if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:]), port


def same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


def _published(soup: BeautifulSoup, text: str) -> Optional[str]:
    for m in soup.find_all("meta"):
        key = (m.get("name") or m.get("property") or "")
        if isinstance(key, str) and key.lower() in _META_DATE and isinstance(m.get("content"), str):
            d = re.match(r"\s*((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})", m["content"])
            if d:
                return f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    d = _DATE.search(text)
    return f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}" if d else None


def read_page(data: bytes, url: str, charset: Optional[str] = None) -> Page:
    """Links, title, date and body size of an HTML page; the bytes decide the encoding, the header only helps."""
    from ..model import ReadError
    from ..readers.html import read_html
    from ..sections import find_sections
    try:
        text, enc = decode(data, sniff_html_charset(data) or charset)
    except ReadError:
        return Page(url)
    soup = BeautifulSoup(text, features="lxml")
    base = url
    b = soup.find("base", href=True)
    if b is not None and isinstance(b.get("href"), str):
        base = urljoin(url, b["href"].strip())
    page = Page(url, encoding=enc)
    seen: set[str] = set()
    for a in soup.find_all("a", href=True):
        href = a.get("href")
        if not isinstance(href, str) or href.strip().lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        try:
            target = urldefrag(urljoin(base, href.strip()))[0]
            if urlsplit(target).scheme not in ("http", "https") or target in seen:
                continue
        except ValueError:  # a malformed href (http://[bad) is no link
            continue
        seen.add(target)
        title = a.get("title") if isinstance(a.get("title"), str) else ""
        label = re.sub(r"\s+", " ", a.get_text(" ") or "").strip() or title.strip()
        page.links.append(Link(target, label, title.strip()))
    for m in _PAGER_JS.finditer(text):  # createPageHTML(count, current, "index", "html")
        count, stem, ext = int(m.group(1)), m.group(3), m.group(4)
        page.extra_pages = [urljoin(base, f"{stem}_{i}.{ext}") for i in range(1, min(count, 1000))]
    try:
        doc = read_html(data)
        page.title = doc.source.title
        page.sections = len(find_sections([bl.text for bl in doc.blocks if bl.kind in ("heading", "paragraph")])[0])
        page.has_table = any(sum(c.text.strip().isdigit() for c in t.cells) >= FIGURES_MIN for t in doc.tables())
    except (ReadError, RecursionError, ValueError):
        page.title = soup.title.get_text().strip() if soup.title else None
    page.published = _published(soup, soup.get_text(" "))
    return page


def _reportish(ln: Link) -> bool:
    return looks_like_report(ln.text) or looks_like_report(ln.title) or looks_like_report(unquote(urlsplit(ln.url).path))


def report_links(page: Page) -> list[Link]:
    """Links whose text or target looks like an annual report, on the page's own site or an attachment."""
    out = []
    for ln in page.links:
        if ln.url == page.url:
            continue
        if _reportish(ln):
            if same_site(ln.url, page.url) or is_attachment(ln.url):
                out.append(ln)
    return out


def pagination_links(page: Page) -> list[str]:
    """Next pages of a listing on the same site: 下一页 / numbered links to index_N.html, ?page=N."""
    v = vocab()
    out = []
    for ln in page.links:
        if not same_site(ln.url, page.url) or ln.url == page.url:
            continue
        text = ln.text.strip().lower()
        core = re.sub(r"[\s\[\]【】()（）<>«»‹›]", "", text)  # [下一页], 下一页>, » …
        split = urlsplit(ln.url)
        paged = bool(v.pagination.search(split.path + ("?" + split.query if split.query else "")))
        if text in v.next_texts or core in v.next_texts or (
                paged and (core.isdigit() or core in ("尾页", "末页", "首页", "上一页", "上页"))):
            out.append(ln.url)
    out += [u for u in page.extra_pages if same_site(u, page.url)]
    return list(dict.fromkeys(out))


def attachment_links(page: Page) -> list[Link]:
    """The page's links to files (.pdf, .doc, .docx, .wps, .xls, .ofd …): report-like ones first."""
    files = [ln for ln in page.links if is_attachment(ln.url)]
    reportish = [ln for ln in files if _reportish(ln)]
    return reportish or files


def page_kind(page: Page) -> str:
    """`listing` (links to reports, or paginated), `attachment_only` (a page that links its report as a
    file and is not the report itself), `other` (no report title, sections or statistics table: a notice,
    a site map), or `page` (a report, or what only the parse can tell)."""
    reports = report_links(page)
    pages = [ln for ln in reports if not is_attachment(ln.url)]
    titled = looks_like_report(page.title or "")
    if not page.has_table and (len(reports) >= LISTING_MIN_REPORT_LINKS
                               or ((pages or pagination_links(page)) and not titled)):
        return "listing"
    if attachment_links(page) and not page.has_table and page.sections < REPORT_MIN_SECTIONS:
        return "attachment_only"
    if not titled and not page.has_table and page.sections < REPORT_MIN_SECTIONS:
        return "other"  # a notice, a site map: no report title, sections or statistics
    return "page"
