"""Automatic list numbers of a Word file (word/numbering.xml): the 一、 （一） 1． that Word draws
before a numbered paragraph but that are not in its text. Headings numbered this way are how the
sections of many reports are written; without their numbers the sections could not be found.

Counters run per list (w:numId) in document order; a level's counter restarts when a shallower level
advances; `lvlText` ("%1、", "（%2）", "%1.%2") is filled with each level's counter in its own format.
"""
from __future__ import annotations

from typing import Optional

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DIGITS = "〇一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (counting numerals as Word writes them)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + DIGITS[rest] if rest < 10 else (DIGITS[1] if rest < 20 else "") + chinese(rest))
        return DIGITS[n // 100] + "百" + tail
    return str(n)


def roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                 (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + s, n - v
    return out


def letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    if fmt.endswith(("Counting", "CountingThousand")) or fmt == "ideographDigital":  # chinese-, taiwanese-, japanese…
        return chinese(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt == "ideographTraditional":
        return TIANGAN[n - 1] if 0 < n <= len(TIANGAN) else str(n)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _val(el: Optional[etree._Element], default: str = "") -> str:
    return default if el is None else el.get(W + "val", default)


class Numbering:
    """The numbers of numbered paragraphs, given in document order."""

    def __init__(self, numbering: Optional[etree._Element], styles: Optional[etree._Element]):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → (start, numFmt, lvlText)
        self.style_num: dict[str, tuple[str, int]] = {}  # paragraph style → (numId, ilvl)
        self.counters: dict[str, list[int]] = {}
        if numbering is not None:
            abstract = {a.get(W + "abstractNumId"): a for a in numbering.findall(W + "abstractNum")}
            for num in numbering.findall(W + "num"):
                a = abstract.get(_val(num.find(W + "abstractNumId")))
                if a is None:
                    continue
                lv = {}
                for lvl in a.findall(W + "lvl"):
                    i = int(lvl.get(W + "ilvl", "0") or 0)
                    lv[i] = (int(_val(lvl.find(W + "start"), "1") or 1), _val(lvl.find(W + "numFmt"), "decimal"),
                             _val(lvl.find(W + "lvlText"), ""))
                for o in num.findall(W + "lvlOverride"):
                    i = int(o.get(W + "ilvl", "0") or 0)
                    s = o.find(W + "startOverride")
                    if s is not None and i in lv:
                        lv[i] = (int(_val(s, "1") or 1), *lv[i][1:])
                self.levels[num.get(W + "numId", "")] = lv
        if styles is not None:
            for st in styles.findall(W + "style"):
                npr = st.find(f"{W}pPr/{W}numPr")
                if npr is not None:
                    self.style_num[st.get(W + "styleId", "")] = (_val(npr.find(W + "numId")),
                                                                 int(_val(npr.find(W + "ilvl"), "0") or 0))

    def label(self, p: etree._Element) -> str:
        """The number Word shows before paragraph p ("" for none, bullets included)."""
        ppr = p.find(W + "pPr")
        if ppr is None:
            return ""
        npr = ppr.find(W + "numPr")
        num_id, ilvl = None, 0
        style = self.style_num.get(_val(ppr.find(W + "pStyle")))
        if style:
            num_id, ilvl = style
        if npr is not None:
            num_id = _val(npr.find(W + "numId"), num_id or "")
            ilvl = int(_val(npr.find(W + "ilvl"), str(ilvl)) or 0)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        start, fmt, text = levels[ilvl]
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(levels.get(len(counts), (1,))[0] - 1)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = levels.get(deeper, (1,))[0] - 1
        if fmt in ("bullet", "none") or not text:
            return ""
        out = text
        for k in range(ilvl, -1, -1):
            k_fmt = levels.get(k, (1, "decimal", ""))[1]
            out = out.replace(f"%{k + 1}", format_number(counts[k] if k < len(counts) else 1, k_fmt))
        return out
