"""Plain-text reader: one paragraph block per non-empty line.

Handles crawler dumps that start with a header (标题: …, 发布机构: …, 原文链接: …)
closed by a `==== 正文 ====` line; the header fills SourceInfo and is not body text.
Lines keep their inner whitespace (pdftotext -layout alignment); only line ends are stripped.
"""
from __future__ import annotations

import bisect
import re
from typing import Optional, Sequence

from ..grid import find_word_tables, is_layout_text, text_words
from ..model import Block, Document, Provenance, ReaderWarning, SourceInfo
from .encoding import decode

HEADER_KEYS = {
    "标题": "title", "標題": "title", "title": "title",
    "发布机构": "agency", "發布機構": "agency", "来源": "agency", "來源": "agency",
    "原文链接": "url", "原文鏈接": "url", "url": "url", "链接": "url",
}
HEADER_LINE = re.compile(r"^\s*([^\s:：]{1,12})\s*[:：]\s*(.*?)\s*$")
BODY_MARK = re.compile(r"^\s*[=＝\-]{3,}\s*正文\s*[=＝\-]{3,}\s*$")
HEADER_SCAN = 40  # the body mark must come within this many lines
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)\s*$")


def _header(lines: list[str]) -> tuple[int, dict[str, str]]:
    """Number of header lines to skip and the fields found in them."""
    first = next((x for x in lines[:5] if x.strip()), "")
    m = HEADER_LINE.match(first)
    if not m or HEADER_KEYS.get(m.group(1).lower()) != "title":
        return 0, {}
    end = next((i for i, x in enumerate(lines[:HEADER_SCAN]) if BODY_MARK.match(x)), None)
    if end is None:
        # no body mark: only the leading run of known `key: value` lines
        end = 0
        while end < len(lines) and (m := HEADER_LINE.match(lines[end])) and m.group(1).lower() in HEADER_KEYS:
            end += 1
        skip = end
    else:
        skip = end + 1
    fields: dict[str, str] = {}
    for x in lines[:end]:
        m = HEADER_LINE.match(x)
        if m:
            key = HEADER_KEYS.get(m.group(1).lower())
            if key and m.group(2) and key not in fields:
                fields[key] = m.group(2)
    return skip, fields


def read_text(data: bytes) -> Document:
    text, encoding = decode(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    skip, fields = _header(lines)
    blocks: list[Block] = []
    for i in range(skip, len(lines)):
        line = lines[i].replace("\f", "").replace("\ufeff", "").rstrip()
        if line.strip() and not PAGE_NUMBER.match(line):  # pdftotext keeps the page numbers
            blocks.append(Block("paragraph", line, prov=Provenance(line=i + 1)))
    if is_layout_text([b.text for b in blocks]):
        blocks = with_layout_tables(blocks, [i + 1 for i, ln in enumerate(lines) if "\f" in ln])
    url: Optional[str] = fields.get("url")
    source = SourceInfo(
        media_type="text/plain",
        encoding=encoding,
        title=fields.get("title"),
        agency_hint=fields.get("agency"),
        url=url if url and re.match(r"https?://", url) else None,
    )
    warnings: list[ReaderWarning] = []
    if "\ufffd" in text:
        warnings.append(ReaderWarning("encoding_errors", f"{text.count(chr(0xFFFD))} undecodable characters replaced"))
    return Document(blocks=blocks, source=source, warnings=warnings)


def with_layout_tables(blocks: list[Block], breaks: Sequence[int] = ()) -> list[Block]:
    """Space-aligned text: the tables its columns show, as grids, before their first line (the lines stay
    paragraphs, for the sections and for the text rebuild where a grid is not mapped). A page break (a
    form feed, with the page number and blank lines around it) counts as one line: a header left at the
    foot of a page stays with the rows on the next."""
    lines: list[tuple[int, str]] = []
    real: dict[int, int] = {}
    y = prev = 0
    for b in blocks:
        no = b.prov.line or 0
        y = no if not lines else y + (1 if bisect.bisect_right(breaks, prev) < bisect.bisect_right(breaks, no)
                                      else no - prev)
        prev = no
        real[y] = no
        lines.append((y, b.text))
    out = list(blocks)
    for wt in reversed(find_word_tables(text_words(lines), line_gap=2.0, header_columns=True)):
        first = real.get(int(wt.bbox[1]), int(wt.bbox[1]))
        for c in wt.table.cells:
            c.prov = Provenance(line=first)
        at = next((i for i, b in enumerate(out) if (b.prov.line or 0) >= first), len(out))
        out.insert(at, Block("table", wt.table.text(), table=wt.table, prov=Provenance(line=first)))
    return out
