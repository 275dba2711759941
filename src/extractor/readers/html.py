"""HTML reader: a whole CMS page in, the report body as blocks out.

The page is parsed by lxml's libxml2 HTML parser straight into an lxml tree (the tree
BeautifulSoup(…, "lxml") builds from the same parser, without its Python objects);
BeautifulSoup is only the fallback for a page lxml gives no tree for, imported then
(lxml.html.soupparser turns its tree into an lxml one, so one walk serves both).
The body is a known CMS container (div.TRS_Editor, #zoom, …) or else the element
holding most of the page's non-link CJK text; site chrome (nav, footer, scripts,
hidden elements) is never walked.

Text is what BeautifulSoup calls a page's strings: element text and tails, never
comments, processing instructions, nor what script, style, template, rt and rp hold.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from lxml import etree

from ..model import Block, Cell, Document, Provenance, ReadError, ReaderWarning, SourceInfo, Table
from .caps import CAPS, span
from .encoding import decode, sniff_html_charset

Element = etree._Element

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
# Elements whose strings are code or annotation, not text (BeautifulSoup's string containers).
NOT_TEXT = {"script", "style", "template", "rt", "rp"}
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
_EVENTS = ("start", "end", "comment", "pi")


def clean(text: str) -> str:
    """Collapse whitespace runs (incl. NBSP, ideographic space) to one space and strip."""
    return SPACES.sub(" ", text).strip()


def _is_hidden(el: Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if not style:
        return False
    low = style.lower()  # most pages style every paragraph: the regex only where it can match
    return ("none" in low or "hidden" in low) and HIDDEN_STYLE.search(low) is not None


def _classes(el: Element) -> list[str]:
    return (el.get("class") or "").split()


def _name(el: Element) -> Optional[str]:
    """tag#id or tag.class, None for an anonymous element."""
    ident = el.get("id")
    if ident and ident.strip():
        return f"{el.tag}#{ident.strip()}"
    cls = _classes(el)
    return f"{el.tag}.{cls[0]}" if cls else None


def _label(el: Optional[Element]) -> str:
    """Short CSS-like path of the body element, anchored at the nearest named ancestor
    (None, the document itself, is `body`)."""
    parts: list[str] = []
    node = el
    while node is not None and len(parts) < 6:
        named = _name(node)
        if named or node.tag in ("body", "html"):
            parts.append(named or node.tag)
            break
        index = 1 + sum(1 for _ in node.itersiblings(node.tag, preceding=True))
        parts.append(f"{node.tag}[{index}]")
        node = node.getparent()
    return ">".join(reversed(parts)) or "body"


def strings(el: Element, breaks: frozenset[str] | set[str] = frozenset()) -> Iterator[str]:
    """The text strings under `el` in document order (its own tail excluded); " " before every
    descendant tag in `breaks`."""
    off = int(next(el.iterancestors(*NOT_TEXT), None) is not None)  # depth inside string containers
    for event, node in etree.iterwalk(el, events=_EVENTS):
        tag = node.tag
        if event == "start":
            if tag in breaks and node is not el:
                yield " "
            if tag in NOT_TEXT:
                off += 1
            if node.text and not off:
                yield node.text
        elif event == "end":
            if tag in NOT_TEXT:
                off -= 1
            if node.tail and not off and node is not el:
                yield node.tail
        elif node.tail and not off and node is not el:  # a comment or PI: only its tail is text
            yield node.tail


# ---------- page metadata ----------

def _meta(root: Element, *names: str) -> Optional[str]:
    wanted = {n.lower() for n in names}
    for m in root.iter("meta"):
        key = m.get("name") or m.get("property")
        if key and key.lower() in wanted:
            val = m.get("content")
            if val and clean(val):
                return clean(val)
    return None


def _title(root: Element) -> Optional[str]:
    t = _meta(root, "ArticleTitle")
    if t:
        return t
    title = next(root.iter("title"), None)
    if title is not None:
        raw = clean("".join(strings(title)))
        parts = [p.strip() for p in re.split(r"_| - |\||｜", raw) if p.strip()]
        if parts:
            return next((p for p in parts if "报告" in p or "報告" in p), parts[0])
    h1 = next(root.iter("h1"), None)
    if h1 is not None:
        return clean(" ".join(strings(h1))) or None
    return None


AGENCY_LABEL = re.compile(r"发布机构|發布機構")
AGENCY_ON_PAGE = re.compile(r"(?:发布机构|發布機構)\s*[:：]\s*([^\s:：|｜]{2,40})")
AGENCY_ALONE = re.compile(r"(?:发布机构|發布機構)\s*[:：]?")


def _agency(root: Element) -> Optional[str]:
    a = _meta(root, "ContentSource")
    if a:
        return a
    if not any(AGENCY_LABEL.search(x) for x in root.itertext()):
        return None  # the usual case, decided in C
    page = list(strings(root))
    for i, s in enumerate(page):
        if not AGENCY_LABEL.search(s):
            continue
        text = clean(s)
        m = AGENCY_ON_PAGE.search(text)
        if m:
            return m.group(1)
        if AGENCY_ALONE.fullmatch(text):
            # label and value in sibling elements: <span>发布机构：</span><span>某局</span>
            val = next((clean(x) for x in page[i + 1:] if clean(x)), "")
            if 2 <= len(val) <= 40:
                return val
    return None


def _url(root: Element) -> Optional[str]:
    u = _meta(root, "Url", "og:url")
    if u:
        return u
    link = next((x for x in root.iter("link") if "canonical" in (x.get("rel") or "").split()), None)
    href = link.get("href") if link is not None else None
    return href if href and href.strip() else None


# ---------- finding the report body ----------

def tables_holding_tables(root: Element) -> set[Element]:
    """The tables with a table inside; linear: each upward walk stops where an earlier one went."""
    holders: set[Element] = set()
    walked: set[Element] = set()
    for t in root.iter("table"):
        p = t.getparent()
        while p is not None and p not in walked:
            walked.add(p)
            if p.tag == "table":
                holders.add(p)
            p = p.getparent()
    return holders


def _text_weights(root: Element, holders: set[Element]) -> tuple[dict[Element, int], dict[Element, int]]:
    """Non-link, visible CJK characters and data tables under every element: one walk of the tree,
    counts added up from the leaves (linear however deep the page nests)."""
    cjk: dict[Element, int] = {}
    tables: dict[Element, int] = {}
    if root.tag in SKIP_TAGS or _is_hidden(root):
        return cjk, tables
    findall = CJK.findall
    # (element, its children, inside a link, inside a string container, CJK so far, data tables so far)
    off = root.tag in NOT_TEXT
    stack: list[list] = [[root, iter(root), False, off, len(findall(root.text)) if root.text and not off else 0, 0]]
    while stack:
        top = stack[-1]
        el, it, in_a, off = top[0], top[1], top[2], top[3]
        child = next(it, None)
        if child is None:
            stack.pop()
            n, k = top[4], top[5]
            if el.tag == "table" and n and el not in holders:
                k += 1  # only data tables with real text count (not layout tables, not link lists)
            if n:
                cjk[el] = n
            if k:
                tables[el] = k
            if stack:
                stack[-1][4] += n
                stack[-1][5] += k
            continue
        tail = child.tail
        if tail and not in_a and not off:
            top[4] += len(findall(tail))
        tag = child.tag
        if tag.__class__ is not str or tag in SKIP_TAGS or _is_hidden(child):
            continue
        c_in_a = in_a or tag == "a"
        c_off = off or tag in NOT_TEXT
        text = child.text
        stack.append([child, iter(child), c_in_a, c_off, len(findall(text)) if text and not c_in_a and not c_off else 0, 0])
    return cjk, tables


def _children(node: Element) -> Iterator[Element]:
    return (c for c in node if c.tag.__class__ is str)


def _descend(node: Element, cjk: dict[Element, int], tables: dict[Element, int], holders: set[Element],
             share: float = 0.75) -> Element:
    """Go down while one child holds most of the text and all of the tables."""
    while True:
        total = cjk.get(node, 0)
        best: Optional[Element] = None
        for child in _children(node):
            if best is None or cjk.get(child, 0) > cjk.get(best, 0):
                best = child
        if best is None or total == 0 or cjk.get(best, 0) < share * total:
            return node
        if best.tag not in DESCEND_TAGS or tables.get(best, 0) != tables.get(node, 0):
            return node
        if best.tag == "table" and best not in holders:
            return node  # a data table is content, not a container
        if best.tag in ("td", "th", "tr", "tbody", "thead"):
            table = next(best.iterancestors("table"), None)
            if table is not None and table not in holders:
                return node
        node = best


_BY_ID = {sel[1:]: i for i, (_, sel) in enumerate(KNOWN_CONTAINERS) if sel[:1] == "#"}
_BY_CLASS = {sel[1:]: (i, tag) for i, (tag, sel) in enumerate(KNOWN_CONTAINERS) if sel[:1] == "."}
_BY_TAG = {tag: i for i, (tag, sel) in enumerate(KNOWN_CONTAINERS) if not sel}
_CANDIDATES = "//*[@id or @class or self::%s]" % " or self::".join(_BY_TAG)  # a string: XPath objects are not shared across threads


def _known(el: Element) -> Optional[int]:
    """Priority of a known CMS container the element is (lower is better)."""
    found = [_BY_TAG.get(el.tag), _BY_ID.get(el.get("id"))]
    for c in _classes(el):
        i, tag = _BY_CLASS.get(c, (None, None))
        if i is not None and (tag is None or tag == el.tag):
            found.append(i)
    return min((i for i in found if i is not None), default=None)


def find_body(root: Element, holders: Optional[set[Element]] = None) -> Optional[Element]:
    """The report body; None (the whole document) for a page without a body and without text."""
    holders = tables_holding_tables(root) if holders is None else holders
    cjk, tables = _text_weights(root, holders)
    body = next(root.iter("body"), None)
    start: Optional[Element] = body if body is not None else (root if cjk.get(root) else None)
    page = cjk.get(root if body is None else body, 0)
    # one XPath query for the elements that can be one (CSS selectors would walk the tree once each)
    best: dict[int, Element] = {}
    for el in root.xpath(_CANDIDATES):
        i = _known(el)
        if i is not None and (i not in best or cjk.get(el, 0) > cjk.get(best[i], 0)):
            best[i] = el
    dense = _descend(start, cjk, tables, holders) if start is not None else None
    floor = max(50, 0.2 * page, 0.5 * cjk.get(dense, 0))
    for i in sorted(best):
        # a known container that holds far less text than the densest block is chrome (a sidebar .content)
        if cjk.get(best[i], 0) >= floor:
            return _descend(best[i], cjk, tables, holders)
    return dense


# ---------- tables ----------

def cell_text(el: Element) -> str:
    return clean("".join(strings(el, CELL_BREAKS)))


LAYOUT_TEXT = 60  # a one-column table cell with more text than this is page layout, not a table cell


def _cells(tr: Element) -> list[Element]:
    return [c for c in tr if c.tag in ("td", "th")]


def is_data_table(table: Element, holders: Optional[set[Element]] = None) -> bool:
    """Innermost tables are data; a table holding tables, a single cell, or one column of
    paragraphs and long text (an old CMS page's title / info / article rows) is layout.
    `holders`: `tables_holding_tables` of the page, so that deep nesting stays linear."""
    if (table in holders) if holders is not None else next(table.iterdescendants("table"), None) is not None:
        return False
    cells = list(table.iterdescendants("td", "th"))
    if len(cells) < 2:
        return False
    one_column = all(len(_cells(tr)) <= 1 for tr in table.iterdescendants("tr"))
    return not (one_column and any(next(td.iterdescendants("p"), None) is not None
                                   or len("".join(s.strip() for s in strings(td))) > LAYOUT_TEXT
                                   for td in cells))


def read_table(table: Element, path: str, warnings: Optional[list[ReaderWarning]] = None) -> Optional[Table]:
    """Rows of td/th with their spans, within the reader caps (spans clamped, rows and columns cut
    with a `table_truncated` warning); linear in the cells read."""
    rows = list(table.iterdescendants("tr"))
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
        for td in _cells(tr):
            count[td.tag] = count.get(td.tag, 0) + 1
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
            prov = Provenance(path=f"{path}>tr[{r + 1}]>{td.tag}[{count[td.tag]}]")
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

    def __init__(self, holders: Optional[set[Element]] = None) -> None:
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

    def add(self, text: str, block_path: str) -> None:
        if not self.buf:
            self.buf_path = block_path
        self.buf.append(text)

    def walk(self, root: Element, root_path: str, whole_document: bool = False) -> list[Block]:
        """Walk `root`'s content (with `whole_document`, `root` itself as the document's one child)."""
        # explicit stack: malformed pages can nest thousands of unclosed tags
        # (element, path, children, tag counts, block path, inside a string container)
        off = root.tag in NOT_TEXT and not whole_document
        stack: list[tuple[Optional[Element], str, Iterator, dict[str, int], str, bool]] = [
            (None if whole_document else root, root_path, iter([root] if whole_document else root), {}, root_path, off)
        ]
        if not whole_document and root.text and not off:
            self.add(root.text, root_path)
        while stack:
            el, path, it, count, block_path, off = stack[-1]
            child = next(it, None)
            if child is None:
                stack.pop()
                if el is not None and el.tag in BLOCK_TAGS:
                    self.flush()
                if stack and el is not None and el.tail and not stack[-1][5]:
                    self.add(el.tail, stack[-1][4])
                continue
            name = child.tag
            if name.__class__ is not str:  # a comment or processing instruction: only its tail is text
                if child.tail and not off:
                    self.add(child.tail, block_path)
                continue
            count[name] = count.get(name, 0) + 1
            # below max_depth an element is named by its deepest ancestor's path (paths stay short: linear)
            cpath = f"{path}>{name}[{count[name]}]" if len(stack) <= CAPS.max_depth else path
            if name in SKIP_TAGS or _is_hidden(child):
                pass
            elif name == "br":
                self.flush()
            elif name in HEADINGS:
                self.flush()
                text = clean(" ".join(s for s in strings(child)))
                if text:
                    self.blocks.append(Block("heading", text, prov=Provenance(path=cpath)))
            elif name == "img":
                alt, src = child.get("alt"), child.get("src")
                text = clean(alt) if alt and clean(alt) else (src if src is not None else "")
                self.flush()
                self.blocks.append(Block("image", text, prov=Provenance(path=cpath), ref=src))
            elif name == "table" and is_data_table(child, self.holders):
                self.flush()
                table = read_table(child, cpath, self.warnings)
                if table is not None:
                    self.blocks.append(Block("table", table.text(), table=table, prov=Provenance(path=cpath)))
            else:
                is_block = name in BLOCK_TAGS
                if is_block:
                    self.flush()
                c_block = cpath if is_block else block_path
                c_off = off or name in NOT_TEXT
                stack.append((child, cpath, iter(child), {}, c_block, c_off))
                if child.text and not c_off:
                    self.add(child.text, c_block)
                continue
            if child.tail and not off:
                self.add(child.tail, block_path)
        self.flush()
        return self.blocks


def _lxml_tree(data: bytes) -> Optional[Element]:
    """libxml2's tree, or None where it stopped early (a FATAL error: nesting deeper than its limit
    of 256, a text node over 10 MB); then the same parser's events build the tree through
    lxml's TreeBuilder, which has no such limit (BeautifulSoup(…, "lxml") reads those events too)."""
    parser = etree.HTMLParser(recover=True, encoding="utf-8")  # one per call: parsers are not thread-safe
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError):
        root = None
    if root is not None and not any(e.level == etree.ErrorLevels.FATAL for e in parser.error_log):
        return root
    parser = etree.HTMLParser(recover=True, encoding="utf-8", target=etree.TreeBuilder())
    try:
        parser.feed(data)
        root = parser.close()
    except (etree.LxmlError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None  # a page of only a comment


def parse_tree(text: str) -> Element:
    """The page's lxml tree; BeautifulSoup (via lxml.html.soupparser) only where lxml gives none;
    ReadError when neither does."""
    root = _lxml_tree(text.encode("utf-8", "replace"))
    if root is not None:
        return root
    try:
        import warnings as warnings_module

        from bs4 import MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
        from lxml.html import soupparser
        with warnings_module.catch_warnings():  # bs4 warns when a page is only a URL or is XHTML: the input's business
            warnings_module.simplefilter("ignore", MarkupResemblesLocatorWarning)
            warnings_module.simplefilter("ignore", XMLParsedAsHTMLWarning)
            root = soupparser.fromstring(text, features="lxml")
    except Exception as exc:  # lxml gave up entirely
        raise ReadError("unparseable_html", f"HTML could not be parsed: {exc}") from exc
    return root if isinstance(root.tag, str) else etree.Element("html")  # a page of only a comment


def read_html(data: bytes) -> Document:
    """Read a published HTML page into a Document (never lets a parser exception escape)."""
    text, encoding = decode(data, sniff_html_charset(data))
    source = SourceInfo(media_type="text/html", encoding=encoding)
    warnings: list[ReaderWarning] = []
    if "\ufffd" in text:
        warnings.append(ReaderWarning("encoding_errors", f"{text.count(chr(0xFFFD))} undecodable characters replaced"))
    root = parse_tree(text)
    try:
        source.title = _title(root)
        source.agency_hint = _agency(root)
        source.url = _url(root)
    except Exception as exc:
        warnings.append(ReaderWarning("html_meta", str(exc)))
    try:
        holders = tables_holding_tables(root)
        body = find_body(root, holders)
        walker = _Walker(holders)
        blocks = walker.walk(root if body is None else body, _label(body), whole_document=body is None)
        warnings.extend(walker.warnings)
    except Exception as exc:  # fall back to plain text lines
        warnings.append(ReaderWarning("html_walk_failed", f"{type(exc).__name__}: {exc}"))
        lines = (clean(x) for x in "\n".join(strings(root)).split("\n"))
        blocks = [Block("paragraph", x) for x in lines if x]
    if not blocks:
        warnings.append(ReaderWarning("html_no_content", "no text found in the page body"))
    return Document(blocks=blocks, source=source, warnings=warnings)
