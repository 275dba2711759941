"""Chinese numerals (三百零五, 两千, 一万二千) to integers."""
from __future__ import annotations

from typing import Optional

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
CHARS = "".join(DIGITS) + "".join(UNITS) + "万亿"


def cn_to_int(text: str) -> Optional[int]:
    """三百零五 → 305; None when the text is not a well-formed numeral."""
    if not text or any(ch not in CHARS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and digit != 0 and DIGITS[ch] != 0:
                return None  # 三五: two digits in a row is no numeral
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total += section * (10000 if ch == "万" else 100000000)
            section, digit = 0, None
    return total + section + (digit or 0)


def to_number(text: str) -> Optional[int | float]:
    s = text.replace(",", "").replace("，", "").strip()
    if s.isdigit():
        return int(s)
    try:
        return float(s)
    except ValueError:
        return cn_to_int(s)
