"""Find the report's numbered sections (一、…六、) and their (一)(二)… subsections.

paragraph texts → one body string → heading candidates → the in-order chain → sections.
Works on run-together crawler text too: a heading may start mid-line after 。 or a number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .labels import label_key
from .stats_spans import text_spans
from .result import Section, Subsection
from .templates import section_words

NUMERALS = "一二三四五六七八九十"
MAX_TITLE = 40  # characters a section title may have
MAX_SUBTITLE = 30
# a heading starts a line, or follows a sentence end, a table pipe or a number run together with it
# …@163.com一、概述; the pipes and spaces before it bounded: an unbounded run makes the search quadratic on a pipe flood
_START = r"(?:^|(?<=[。；;！!？?|｜\d\s元）)])|(?<=统计表)|(?<=com)|(?<=\.cn)|(?<=net)|(?<=org))[|｜丨 \t]{0,16}"
_HEAD = re.compile(_START + r"([一二三四五六七八九十]{1,2})[ \t]*[、.．][ \t]*", re.M)
_TITLE_ENDS = (re.compile(r"[^。\n|｜；]{0,%d}?(?:情况统计表|情况|事项|措施|概述|概况|附表|打算|安排|组织领导|强化领导|支出与收费)"
                          % MAX_TITLE),
               re.compile(r"[^。\n|｜；]{0,%d}?问题" % MAX_TITLE))
_SUB_START = r"(?:^|(?<=[。；;！!？?：:\s]))[（(]([一二三四五六七八九十]{1,2})[)）]\s*"
_SUBS = (re.compile(_SUB_START + r"([^。\n：:；]{1,%d}?)(?=[。\n：:；]|$)" % MAX_SUBTITLE, re.M),
         # run-together text: the title ends on a typical last word (（一）组织机构方面我区成立了…)
         re.compile(_SUB_START + r"([^。\n：:；]{1,%d}?(?:方面|情况|数量|类别|形式))" % MAX_SUBTITLE, re.M),
         # …or runs on into a sentence that starts with its year (（一）主动公开目录编制2017年全县…)
         re.compile(_SUB_START + r"([^。\n：:；，]{2,%d}?)(?=(?:19|20)\d{2}年)" % MAX_SUBTITLE, re.M))

# keyword → key, tried in this order (复议 before 申请: 被申请行政复议); "" = no modern key (legacy_N):
# legacy fees (依申请收费及减免) before 申请, and the legacy variants of spec/legacy.md (templates/sections.json)
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = section_words().keywords
# row labels of the statistics tables that look like headings (四、结转下年度继续办理)
_TABLE_LABELS = section_words().table_labels


def _to_int(numeral: str) -> int:
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + NUMERALS.index(numeral[1]) + 1
    return NUMERALS.index(numeral[0]) + 1


def classify_title(title: str) -> Optional[str]:
    t = label_key(title)
    for key, words in KEYWORDS:
        if any(w in t for w in words):
            return key or None
    return None


@dataclass
class _Heading:
    """A section heading found in the text."""
    start: int
    end: int
    number: int
    heading: str
    key: Optional[str]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _candidates(body: str) -> list[_Heading]:
    out = []
    tables = text_spans(body)  # the group rows of a flattened legacy table (八、机构建设…) are no headings
    for m in _HEAD.finditer(body):
        if _inside(m.start(), tables):
            continue
        rest = body[m.end():]
        title = None
        for pattern in _TITLE_ENDS:
            t = pattern.match(rest)
            if t:
                title = t.group(0)
                break
        if title is None:  # a short standalone heading line with another ending
            line = rest.split("\n", 1)[0]
            if 0 < len(line.strip()) <= 20 and not re.search(r"[。，,\d|]", line):
                title = line
        if title is None or label_key(title).startswith(_TABLE_LABELS):
            continue
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip("|｜丨 \t"))
        heading = body[start:m.end()] + title
        out.append(_Heading(start, m.end() + len(title), _to_int(m.group(1)), heading.strip(), classify_title(title)))
    return out


def _chain(cands: list[_Heading]) -> list[_Heading]:
    """The headings that number on in order 一, 二, 三 … each key used once."""
    chosen: list[_Heading] = []
    used: set[str] = set()
    for h in cands:
        expected = chosen[-1].number + 1 if chosen else None
        if expected is None and h.number > 2:
            continue
        if expected is not None and h.number != expected:
            continue
        if h.key in used:
            continue
        chosen.append(h)
        if h.key:
            used.add(h.key)
    return chosen


# crawler text runs a subsection heading into its first sentence (（一）公开目录编制2016年我区…): cut there
_SWALLOWED = re.compile(r"(?<=[^\s]{4})(?:19|20)\d{2}年")
# an appendix after the signature: 附件1：XX县2016年政府信息公开情况统计表, or the bare …统计表 line
_APPENDIX = re.compile(r"(?:^|\n|(?<=\d日))[ \t]*((?:附件\s*\d*\s*[：:]\s*)?[^\n。；：:|｜]{0,40}?统计表)[ \t]*(?=\n|$|[|｜]|指标|统计指标)")


_SIGNED = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\n")


def _heading_of(title: str) -> str:
    m = _SWALLOWED.search(title)
    return title[:m.start()] if m else title


def _subsections(text: str) -> list[Subsection]:
    found: list[tuple[int, str]] = []
    want = 1
    shortest: dict[int, re.Match] = {}
    tables = text_spans(text)
    for m in (m for p in _SUBS for m in p.finditer(text) if not _inside(m.start(), tables)):
        if m.start() not in shortest or m.end() < shortest[m.start()].end():
            shortest[m.start()] = m
    for _, m in sorted(shortest.items()):
        if _to_int(m.group(1)) != want or label_key(m.group(2)).startswith(_TABLE_LABELS):
            continue
        found.append((m.start(), _heading_of(m.group(0).strip().rstrip("。：:；"))))
        want += 1
    subs = []
    for i, (start, heading) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        subs.append(Subsection(heading, text[start + len(heading):end].lstrip("。：:；").strip()))
    return subs


_LETTER_SPACE = re.compile(r"(?<=[\u4e00-\u9fff、])[ \t\u3000]+(?=[\u4e00-\u9fff])")
SPACED_LINE = 40  # a line this short with spaces between its characters is a letter-spaced heading


def _unspace(line: str) -> str:
    """「一、总 体 情 况」 → 「一、总体情况」 on short lines only (long lines keep pdftotext alignment)."""
    line = line.strip()
    if len(line) <= SPACED_LINE and " " in line and not re.search(r"\d\s+\d", line):
        return _LETTER_SPACE.sub("", line)
    return line


def find_sections(paragraphs: list[str]) -> tuple[list[Section], str]:
    """Sections in document order, and the text before the first one (title, preamble)."""
    body = "\n".join(_unspace(p) for p in paragraphs if p.strip())
    heads = _chain(_candidates(body))
    sections = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(body)
        text = body[h.end:end].strip()
        key = h.key or f"legacy_{h.number}"
        sections.append(Section(key, h.number, h.heading, text, _subsections(text)))
    if sections:
        _appendix(sections)
    preamble = body[:heads[0].start] if heads else body
    return sections, preamble


# a caption only the national templates since 2019 print (table 三: 收到和处理政府信息公开申请情况)
_MODERN_TABLES = re.compile(r"收到和处理政府信息公开申请")
TABLE_SECTIONS = ("proactive_disclosure", "requests", "review_litigation")
MIN_CAPTIONS = 2  # captions numbered on from 一 that make a report's own numbering of its tables


def table_texts(sections: list[Section]) -> dict[str, str]:
    """Where a report prints its statistics tables after the narrative under their own numbering
    (一、主动公开政府信息情况 二、收到和处理政府信息公开申请情况 三、…行政复议、行政诉讼情况 inside section 五 or
    after section 六): table key → the text from its caption to the next one. Only in the sections after
    四 and only captions numbered 一, 二, … in order (at least MIN_CAPTIONS), each key once."""
    out: dict[str, str] = {}
    keys = [s.key for s in sections]
    if "review_litigation" not in keys:
        return out
    for sec in sections[keys.index("review_litigation") + 1:]:
        chain: list[_Heading] = []
        for h in _candidates(sec.text):
            if h.key in TABLE_SECTIONS and h.number == len(chain) + 1 and h.key not in {c.key for c in chain}:
                chain.append(h)
        if len(chain) < MIN_CAPTIONS:
            continue
        for i, h in enumerate(chain):
            end = chain[i + 1].start if i + 1 < len(chain) else len(sec.text)
            out.setdefault(h.key, sec.text[h.end:end].strip())
    return out


def _appendix(sections: list[Section]) -> None:
    """An appendix statistics table after the last section (附件1：…统计表, or a bare …统计表 line after the
    signature) is a section of its own, key `other` (spec/legacy.md), even after a 其他事项 section."""
    last = sections[-1]
    if "统计表" in last.heading or "附表" in last.heading:
        return
    m = next((m for m in _APPENDIX.finditer(last.text) if m.start(1) > 0 and (
        m.group(1).startswith("附件") or _SIGNED.search(last.text, 0, m.start(1)))), None)
    if m is None:
        return
    heading = m.group(1).strip()
    text = last.text[m.end(1):].strip(" \t\n|｜")
    if _MODERN_TABLES.search(text):
        return  # the three statistics tables of a gov-2019/2021 report after its six sections: part of 六

    last.text = last.text[:m.start(1)].rstrip()
    if last.subsections and heading in last.subsections[-1].text:
        sub = last.subsections[-1]
        sub.text = sub.text[:sub.text.find(heading)].rstrip()
    number = last.number + 1
    sections.append(Section("other", number, heading, text, []))  # spec/legacy.md: 附表 → other
