"""HTML reader: a whole CMS page in, the report body as blocks out.

The body is a known CMS container (div.TRS_Editor, #zoom, …) or else the
element holding most of the page's non-link CJK text; site chrome (nav,
footer, scripts, hidden elements) is never walked.
"""
from __future__ import annotations

import re
import warnings as warnings_module
from typing import Iterator, Optional

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag, XMLParsedAsHTMLWarning

from ..model import Block, Cell, Document, Provenance, ReadError, ReaderWarning, SourceInfo, Table
from .caps import CAPS, span
from .encoding import decode, sniff_html_charset

# Known report containers, most specific first: (tag or None, "#id" or ".class").
KNOWN_CONTAINERS = [
    ("div", ".TRS_Editor"), (None, ".TRS_UEDITOR"), (None, "#zoom"), (None, "#UCAP-CONTENT"),
    (None, ".article_content"), (None, ".article-content"), (None, "#js_content"), (None, ".pages_content"),
    (None, "#content"), (None, ".content"), (None, ".view"), ("article", ""), (None, ".article"),
]
SKIP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "head", "title",
    "nav", "footer", "aside", "select", "option", "button", "input", "textarea", "svg",
    "canvas", "map", "area", "audio", "video", "meta", "link",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements that end a text run (everything else is inline).
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "center", "form", "fieldset", "address", "figure", "figcaption",
    "hr", "br", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "table", "body", "html",
    *HEADINGS,
}
# Elements the body search may descend into (never into a paragraph or a data table).
DESCEND_TAGS = {
    "html", "body", "div", "section", "article", "main", "center", "form", "font", "span",
    "table", "tbody", "thead", "tr", "td", "th", "ul", "li",
}
# Tags inside a cell that separate its text pieces.
CELL_BREAKS = {"br", "p", "div", "li", "tr", "td", "th", "table", *HEADINGS}

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def clean(text: str) -> str:
    """Collapse whitespace runs (incl. NBSP, ideographic space) to one space and strip."""
    return SPACES.sub(" ", text).strip()


def _is_hidden(el: Tag) -> bool:
    if el.attrs is None:
        return False
    if "hidden" in el.attrs:
        return True
    style = el.get("style")
    return bool(style and isinstance(style, str) and HIDDEN_STYLE.search(style))


def _name(el: Tag) -> Optional[str]:
    """tag#id or tag.class, None for an anonymous element."""
    ident = el.get("id")
    if isinstance(ident, str) and ident.strip():
        return f"{el.name}#{ident.strip()}"
    cls = el.get("class")
    if isinstance(cls, list) and cls:
        return f"{el.name}.{cls[0]}"
    return None


def _label(el: Tag) -> str:
    """Short CSS-like path of the body element, anchored at the nearest named ancestor."""
    parts: list[str] = []
    node: Optional[Tag] = el
    while node is not None and node.name not in (None, "[document]") and len(parts) < 6:
        named = _name(node)
        if named or node.name in ("body", "html"):
            parts.append(named or node.name)
            break
        index = 1 + sum(1 for s in node.find_previous_siblings(node.name))
        parts.append(f"{node.name}[{index}]")
        node = node.parent
    return ">".join(reversed(parts)) or "body"


# ---------- page metadata ----------

def _meta(soup: BeautifulSoup, *names: str) -> Optional[str]:
    wanted = {n.lower() for n in names}
    for m in soup.find_all("meta"):
        key = m.get("name") or m.get("property")
        if isinstance(key, str) and key.lower() in wanted:
            val = m.get("content")
            if isinstance(val, str) and clean(val):
                return clean(val)
    return None


def _title(soup: BeautifulSoup) -> Optional[str]:
    t = _meta(soup, "ArticleTitle")
    if t:
        return t
    if soup.title is not None:
        raw = clean(soup.title.get_text())
        parts = [p.strip() for p in re.split(r"_| - |\||｜", raw) if p.strip()]
        if parts:
            return next((p for p in parts if "报告" in p or "報告" in p), parts[0])
    h1 = soup.find("h1")
    if h1:
        return clean(h1.get_text(" ")) or None
    return None


AGENCY_LABEL = re.compile(r"发布机构|發布機構")
AGENCY_ON_PAGE = re.compile(r"(?:发布机构|發布機構)\s*[:：]\s*([^\s:：|｜]{2,40})")
AGENCY_ALONE = re.compile(r"(?:发布机构|發布機構)\s*[:：]?")


def _agency(soup: BeautifulSoup) -> Optional[str]:
    a = _meta(soup, "ContentSource")
    if a:
        return a
    for s in soup.find_all(string=AGENCY_LABEL):
        if type(s) is not NavigableString:
            continue
        text = clean(str(s))
        m = AGENCY_ON_PAGE.search(text)
        if m:
            return m.group(1)
        if AGENCY_ALONE.fullmatch(text):
            # label and value in sibling elements: <span>发布机构：</span><span>某局</span>
            nxt = s.find_next(string=lambda x: type(x) is NavigableString and bool(clean(str(x))))
            val = clean(str(nxt)) if nxt is not None else ""
            if 2 <= len(val) <= 40:
                return val
    return None


def _url(soup: BeautifulSoup) -> Optional[str]:
    u = _meta(soup, "Url", "og:url")
    if u:
        return u
    link = soup.find("link", rel=lambda r: r is not None and "canonical" in r)
    href = link.get("href") if link else None
    return href if isinstance(href, str) and href.strip() else None


# ---------- finding the report body ----------

def tables_holding_tables(soup: Tag) -> set[int]:
    """ids of the tables with a table inside; linear: each upward walk stops where an earlier one went."""
    holders: set[int] = set()
    walked: set[int] = set()
    for t in soup.find_all("table"):
        p = t.parent
        while p is not None and id(p) not in walked:
            walked.add(id(p))
            if p.name == "table":
                holders.add(id(p))
            p = p.parent
    return holders


def _text_weights(root: Tag, holders: set[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Non-link, visible CJK characters and data tables under every element: one walk of the tree,
    counts added up from the leaves (linear however deep the page nests)."""
    cjk: dict[int, int] = {}
    tables: dict[int, int] = {}
    # (element, its children, inside a link, CJK so far, data tables so far)
    stack: list[list] = [[root, iter(root.children), False, 0, 0]]
    while stack:
        top = stack[-1]
        el, it, in_a = top[0], top[1], top[2]
        child = next(it, None)
        if child is None:
            stack.pop()
            n, k = top[3], top[4]
            if el.name == "table" and n and id(el) not in holders:
                k += 1  # only data tables with real text count (not layout tables, not link lists)
            if n:
                cjk[id(el)] = n
            if k:
                tables[id(el)] = k
            if stack:
                stack[-1][3] += n
                stack[-1][4] += k
            continue
        if isinstance(child, Tag):
            if child.name in SKIP_TAGS or _is_hidden(child):
                continue
            stack.append([child, iter(child.children), in_a or child.name == "a", 0, 0])
        elif type(child) is NavigableString and not in_a:
            top[3] += len(CJK.findall(child))
    return cjk, tables


def _descend(node: Tag, cjk: dict[int, int], tables: dict[int, int], holders: set[int], share: float = 0.75) -> Tag:
    """Go down while one child holds most of the text and all of the tables."""
    while True:
        total = cjk.get(id(node), 0)
        best: Optional[Tag] = None
        for child in node.children:
            if isinstance(child, Tag) and (best is None or cjk.get(id(child), 0) > cjk.get(id(best), 0)):
                best = child
        if best is None or total == 0 or cjk.get(id(best), 0) < share * total:
            return node
        if best.name not in DESCEND_TAGS or tables.get(id(best), 0) != tables.get(id(node), 0):
            return node
        if best.name == "table" and id(best) not in holders:
            return node  # a data table is content, not a container
        if best.name in ("td", "th", "tr", "tbody", "thead"):
            table = best.find_parent("table")
            if table is not None and id(table) not in holders:
                return node
        node = best


def _known(el: Tag) -> Optional[int]:
    """Priority of a known CMS container the element is (lower is better)."""
    ident = el.get("id")
    classes = el.get("class") or ()
    for i, (tag, sel) in enumerate(KNOWN_CONTAINERS):
        if tag and el.name != tag:
            continue
        if not sel or (sel[0] == "#" and ident == sel[1:]) or (sel[0] == "." and sel[1:] in classes):
            return i
    return None


def find_body(soup: BeautifulSoup, holders: Optional[set[int]] = None) -> Tag:
    holders = tables_holding_tables(soup) if holders is None else holders
    root = soup.body or soup
    cjk, tables = _text_weights(soup, holders)
    page = cjk.get(id(root), 0)
    # one pass over the elements (CSS selectors would walk the tree once per selector)
    best: dict[int, Tag] = {}
    for el in soup.find_all(True):
        if el.attrs or el.name == "article":
            i = _known(el)
            if i is not None and (i not in best or cjk.get(id(el), 0) > cjk.get(id(best[i]), 0)):
                best[i] = el
    dense = _descend(root, cjk, tables, holders)
    floor = max(50, 0.2 * page, 0.5 * cjk.get(id(dense), 0))
    for i in sorted(best):
        # a known container that holds far less text than the densest block is chrome (a sidebar .content)
        if cjk.get(id(best[i]), 0) >= floor:
            return _descend(best[i], cjk, tables, holders)
    return dense


# ---------- tables ----------

def cell_text(el: Tag) -> str:
    parts: list[str] = []
    for d in el.descendants:
        if isinstance(d, Tag):
            if d.name in CELL_BREAKS:
                parts.append(" ")
        elif type(d) is NavigableString:
            parts.append(str(d))
    return clean("".join(parts))


LAYOUT_TEXT = 60  # a one-column table cell with more text than this is page layout, not a table cell


def is_data_table(table: Tag, holders: Optional[set[int]] = None) -> bool:
    """Innermost tables are data; a table holding tables, a single cell, or one column of
    paragraphs and long text (an old CMS page's title / info / article rows) is layout.
    `holders`: `tables_holding_tables` of the page, so that deep nesting stays linear."""
    if (id(table) in holders) if holders is not None else table.find("table") is not None:
        return False
    cells = table.find_all(["td", "th"])
    if len(cells) < 2:
        return False
    one_column = all(len(tr.find_all(["td", "th"], recursive=False)) <= 1 for tr in table.find_all("tr"))
    return not (one_column and any(td.find("p") is not None or len(td.get_text(strip=True)) > LAYOUT_TEXT
                                   for td in cells))


def read_table(table: Tag, path: str, warnings: Optional[list[ReaderWarning]] = None) -> Optional[Table]:
    """Rows of td/th with their spans, within the reader caps (spans clamped, rows and columns cut
    with a `table_truncated` warning); linear in the cells read."""
    rows = table.find_all("tr")
    if len(rows) > CAPS.max_rows:
        if warnings is not None:
            warnings.append(ReaderWarning("table_truncated", f"{path}: {len(rows)} rows, only the first {CAPS.max_rows} read"))
        rows = rows[:CAPS.max_rows]
    n_rows = len(rows)
    busy: list[int] = []  # per grid column: the first row not covered by a rowspan from above
    cells: list[Cell] = []
    n_cols = covered = 0
    cut = False
    for r, tr in enumerate(rows):
        c = 0
        count: dict[str, int] = {}
        for td in tr.find_all(["td", "th"], recursive=False):
            count[td.name] = count.get(td.name, 0) + 1
            if _is_hidden(td):
                continue
            while c < len(busy) and busy[c] > r:
                c += 1
            rs = span(td.get("rowspan"))
            cs = span(td.get("colspan")) or 1
            if rs == 0 or r + rs > n_rows:
                rs = n_rows - r  # rowspan=0 or beyond the table: to the last row
            cs = min(cs, CAPS.max_cols - c)
            covered += rs * cs
            if cs <= 0 or covered > CAPS.max_cells:
                cut = True
                break
            if len(busy) < c + cs:
                busy.extend([0] * (c + cs - len(busy)))
            for cc in range(c, c + cs):
                busy[cc] = max(busy[cc], r + rs)
            prov = Provenance(path=f"{path}>tr[{r + 1}]>{td.name}[{count[td.name]}]")
            cells.append(Cell(cell_text(td), r, c, rs, cs, prov))
            c += cs
            n_cols = max(n_cols, c)
        if covered > CAPS.max_cells:
            break
    if cut and warnings is not None:
        warnings.append(ReaderWarning("table_truncated", f"{path}: over {CAPS.max_cols} columns or {CAPS.max_cells} cells, the rest not read"))
    if not cells:
        return None
    return Table(cells=cells, n_rows=n_rows, n_cols=n_cols, prov=Provenance(path=path))


# ---------- walking the body ----------

class _Walker:
    """Document-order walk of the body; text runs between block elements become paragraphs."""

    def __init__(self, holders: Optional[set[int]] = None) -> None:
        self.blocks: list[Block] = []
        self.warnings: list[ReaderWarning] = []
        self.holders = holders
        self.buf: list[str] = []
        self.buf_path: Optional[str] = None

    def flush(self) -> None:
        text = clean("".join(self.buf))
        if text:
            self.blocks.append(Block("paragraph", text, prov=Provenance(path=self.buf_path)))
        self.buf = []
        self.buf_path = None

    def walk(self, root: Tag, root_path: str) -> list[Block]:
        # explicit stack: malformed pages can nest thousands of unclosed tags
        stack: list[tuple[Tag, str, Iterator, dict[str, int], str]] = [
            (root, root_path, iter(root.children), {}, root_path)
        ]
        while stack:
            el, path, it, count, block_path = stack[-1]
            child = next(it, None)
            if child is None:
                stack.pop()
                if el.name in BLOCK_TAGS:
                    self.flush()
                continue
            if not isinstance(child, Tag):
                if type(child) is NavigableString:
                    if not self.buf:
                        self.buf_path = block_path
                    self.buf.append(str(child))
                continue
            name = child.name or ""
            count[name] = count.get(name, 0) + 1
            # below max_depth an element is named by its deepest ancestor's path (paths stay short: linear)
            cpath = f"{path}>{name}[{count[name]}]" if len(stack) <= CAPS.max_depth else path
            if name in SKIP_TAGS or _is_hidden(child):
                continue
            if name == "br":
                self.flush()
            elif name in HEADINGS:
                self.flush()
                text = clean(child.get_text(" "))
                if text:
                    self.blocks.append(Block("heading", text, prov=Provenance(path=cpath)))
            elif name == "img":
                alt, src = child.get("alt"), child.get("src")
                text = clean(alt) if isinstance(alt, str) and clean(alt) else (src if isinstance(src, str) else "")
                self.flush()
                self.blocks.append(Block("image", text, prov=Provenance(path=cpath),
                                         ref=src if isinstance(src, str) else None))
            elif name == "table" and is_data_table(child, self.holders):
                self.flush()
                table = read_table(child, cpath, self.warnings)
                if table is not None:
                    self.blocks.append(Block("table", table.text(), table=table, prov=Provenance(path=cpath)))
            else:
                is_block = name in BLOCK_TAGS
                if is_block:
                    self.flush()
                stack.append((child, cpath, iter(child.children), {}, cpath if is_block else block_path))
        self.flush()
        return self.blocks


def read_html(data: bytes) -> Document:
    """Read a published HTML page into a Document (never lets a parser exception escape)."""
    text, encoding = decode(data, sniff_html_charset(data))
    source = SourceInfo(media_type="text/html", encoding=encoding)
    warnings: list[ReaderWarning] = []
    if "\ufffd" in text:
        warnings.append(ReaderWarning("encoding_errors", f"{text.count(chr(0xFFFD))} undecodable characters replaced"))
    try:
        with warnings_module.catch_warnings():  # bs4 warns when a page is only a URL or is XHTML: the input's business
            warnings_module.simplefilter("ignore", MarkupResemblesLocatorWarning)
            warnings_module.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(text, features="lxml")
    except Exception as exc:  # lxml gave up entirely
        raise ReadError("unparseable_html", f"HTML could not be parsed: {exc}") from exc
    try:
        source.title = _title(soup)
        source.agency_hint = _agency(soup)
        source.url = _url(soup)
    except Exception as exc:
        warnings.append(ReaderWarning("html_meta", str(exc)))
    try:
        holders = tables_holding_tables(soup)
        body = find_body(soup, holders)
        path = _label(body)
        walker = _Walker(holders)
        blocks = walker.walk(body, path)
        warnings.extend(walker.warnings)
    except Exception as exc:  # fall back to plain text lines
        warnings.append(ReaderWarning("html_walk_failed", f"{type(exc).__name__}: {exc}"))
        lines = (clean(x) for x in soup.get_text("\n").split("\n"))
        blocks = [Block("paragraph", x) for x in lines if x]
    if not blocks:
        warnings.append(ReaderWarning("html_no_content", "no text found in the page body"))
    return Document(blocks=blocks, source=source, warnings=warnings)
