"""The spaces layout puts between Chinese and digits (`2020 年`, `共 12 件`), taken out: one rule for the
metadata, the narrative's stated figures and the legacy text alike."""
from __future__ import annotations

import re

_CJK_DIGIT_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=\d)|(?<=\d)\s+(?=[\u4e00-\u9fff])")


def tidy(text: str) -> str:
    """The text stripped, without spaces between a Chinese character and a digit."""
    return _CJK_DIGIT_SPACE.sub("", text.strip())
