"""Cell text → number, blank, or unreadable; units kept apart."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional, Union

Number = Union[int, float]

BLANK_MARKS = {"", "-", "—", "–", "－", "——", "/", "／", "\\", "_", "无", "?", "？", "空", "×", "x", "X", "…"}
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)(万元|元|件|条|个|项|次|人次|%)?$")
_SEPARATORS = re.compile(r"[\s,，']")


@dataclass
class Parsed:
    kind: str  # "number" | "blank" | "text" | "two_numbers"
    value: Optional[Number] = None
    unit: Optional[str] = None
    sign: str = ""


# 「0⏎2」「1204 37」「- 132」: two numbers (or a blank and a number), never one
_TWO_NUMBERS = re.compile(r"\d[\s\u00a0]+[+-]?\d|^[-—–/_][\s\u00a0]+\d|\d[\s\u00a0]+[-—–/_]$")


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
