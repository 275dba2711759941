"""Where a pre-2019 statistics table flattened into text lies (指标名称 · 计量单位 · 本年度 · 历年累计 …).

Shared by the sections finder (a table's group rows 八、机构建设 are no headings), the legacy reader
(which reads the rows) and the legacy section texts: one definition of the header and the number runs.
"""
from __future__ import annotations

import re

from .templates import legacy

STATISTICS = legacy().tables["statistics"]  # rows: the facts; columns: year, cumulative (templates/legacy/)
UNITS = STATISTICS.units
VALUE_HEAD = "|".join(p for c in STATISTICS.columns for p in c.patterns)  # the year's and the cumulative column
CUMULATIVE = re.compile("|".join(STATISTICS.column("cumulative").patterns))


def _spaced(pattern: str) -> str:
    """A header word as pages print it: 计量 单位, 2011 年度, 指 标 名 称 (a space may sit between any two characters)."""
    return re.sub(r"(?<=[\u4e00-\u9fff}?])(?=[\u4e00-\u9fff(])", r"[ \\t]*", pattern)


TEXT_HEAD = re.compile(_spaced(r"(?:指标名称|统计指标|指标)") + r"[\s|｜]*" + _spaced(r"(?:计量)?单位") +
                       r"[\s|｜]*(代码|序号)?((?:[\s|｜]*(?:%s))+)" % _spaced(VALUE_HEAD))
RUN = re.compile(r"(%s)[ \t|｜]*(\d[\d.,， \t|｜]*)" % "|".join(UNITS))
TABLE_GAP = 120  # characters of label between two number runs of one flattened table


def text_spans(text: str) -> list[tuple[int, int]]:
    """Where flattened statistics tables lie: the header, then number runs no further apart than TABLE_GAP."""
    spans = []
    for head in TEXT_HEAD.finditer(text):
        end = head.end()
        for m in RUN.finditer(text, end):
            if m.start() - end > TABLE_GAP:
                break
            end = m.end()
        spans.append((head.start(), end))
    return spans
