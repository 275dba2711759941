"""Cell text → number, blank, or unreadable; units kept apart."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Union

Number = Union[int, float]

BLANK_MARKS = {"", "-", "—", "–", "－", "——", "/", "／", "\\", "_", "无", "?", "？", "空", "×", "x", "X", "…"}
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)(万元|元|件|条|个|项|次|人次|%)?$")
_SEPARATORS = re.compile(r"[\s,，']")


@dataclass(frozen=True)  # shared: parse_cell's answers are cached by text
class Parsed:
    """A cell's text parsed: a number, a blank or text."""
    kind: str  # "number" | "blank" | "text" | "two_numbers"
    value: Optional[Number] = None
    unit: Optional[str] = None
    sign: str = ""


# 「0⏎2」「1204 37」「- 132」: two numbers (or a blank and a number), never one
_TWO_NUMBERS = re.compile(r"\d[\s\u00a0]+[+-]?\d|^[-—–/_][\s\u00a0]+\d|\d[\s\u00a0]+[-—–/_]$")


@lru_cache(maxsize=16384)  # the same cell texts (0, 1, blanks) recur in every table and every report
def parse_cell(raw: str) -> Parsed:
    """kind "number", "blank", "text", or "two_numbers" (a cell holding two numbers: read as no number)."""
    s = unicodedata.normalize("NFKC", raw or "").replace("\u00a0", " ")
    if _TWO_NUMBERS.search(s.strip()):
        return Parsed("two_numbers")
    s = _SEPARATORS.sub("", s)
    if s in BLANK_MARKS or set(s) <= set("-—_/?？.·"):
        return Parsed("blank")
    m = _NUMBER.match(s)
    if not m:
        return Parsed("text")
    sign, digits, unit = m.groups()
    value: Number = float(digits) if "." in digits else int(digits)
    if sign == "-":
        value = -value
    return Parsed("number", value, unit, sign)


def to_unit(value: Number, unit: Optional[str], target: Optional[str]) -> Number:
    """Convert 元 to 万元 where the template stores 万元; other units pass through."""
    if target == "万元" and unit == "元":
        v = round(value / 10000, 6)
        return int(v) if float(v).is_integer() else v
    return value


# OCR reads digits as look-alikes (O, 〇, a small 0 as 。, l, I); undone only inside a numeric cell, never in labels
OCR_LOOKALIKES = {"0": "oO〇○。", "1": "lI|丨", "-": "－—–一"}  # a minus read as a dash or 一 (only before digits)
OCR_DIGITS = str.maketrans({c: d for d, cs in OCR_LOOKALIKES.items() if d != "-" for c in cs})
_OCR_SIGN = re.compile("^[" + OCR_LOOKALIKES["-"] + "](?=\\d)")


def ocr_number_text(raw: str) -> str:
    """The cell text with digit look-alikes as digits (and a leading dash or 一 before digits as minus)."""
    return _OCR_SIGN.sub("-", (raw or "").strip()).translate(OCR_DIGITS)


def parse_ocr_cell(raw: str) -> Parsed:
    """parse_cell, with O/〇 read as 0 and l/I as 1 when that makes the whole cell a number."""
    p = parse_cell(raw)
    if p.kind == "text":
        fixed = parse_cell(ocr_number_text(raw))
        if fixed.kind == "number":
            return fixed
    return p
