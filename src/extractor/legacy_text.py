"""Figures a legacy report states in sentences (共受理政府信息公开申请5件, 未收到…申请, 4000多条).

section texts → sentences → clauses → the first pattern per fact; zero statements give 0.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .narrative import NUM, sentences
from .numerals import to_number
from .result import Number

N = NUM + r"(多|余)?"  # 4000多条, 10余件: approximate
U = r"(件|宗|份|条|个|项)"
_WHOLE = r"(?:共计|共|合计|总计|累计)?(?:达|为)?"
# (fact, pattern with groups number, approx, unit) — first match per fact wins
PATTERNS: tuple[tuple[str, str], ...] = (
    ("proactive_items", r"主动公开(?:了)?(?:各类)?(?:政府)?信息" + _WHOLE + N + r"(条|件|项)"),
    ("proactive_web", r"政府网站(?:上)?(?:公开|发布)(?:政府)?(?:信息)?" + _WHOLE + N + r"(条)"),
    ("proactive_gazette", r"政府公报(?:上)?(?:公开|刊登|发布)(?:政府)?(?:信息)?" + _WHOLE + N + r"(条)"),
    ("requests_received", r"(?:受理|收到|接到|接收)(?:了)?(?:各类)?(?:公民、法人(?:或|和)其他组织(?:提出的)?)?"
                          r"(?:政府信息公开|依申请公开|信息公开)?(?:的)?申请" + _WHOLE + N + U),
    ("replies_total", r"(?:答复|办结)(?:了)?(?:申请)?" + _WHOLE + N + U),
    ("replies_partially_granted", r"部分公开(?:的)?" + N + U),
    ("replies_granted", r"(?<!不)同意公开(?:的)?" + N + U),
    ("replies_denied", r"(?:不予公开|不同意公开|不予提供|否决公开)(?:的)?" + N + U),
    ("replies_not_exist", r"信息不存在(?:的)?" + N + U),
    ("replies_not_held", r"(?:非本|不属于本)(?:机关|部门|单位)(?:掌握)?(?:的)?(?:政府信息|公开)?(?:的)?" + N + U),
    ("replies_unclear", r"申请内容不明确(?:的)?" + N + U),
    ("admin_reviews", r"行政复议(?:案件|申请)?" + _WHOLE + N + r"(件|起|宗|案)"),
    ("admin_litigation", r"行政诉讼(?:案件)?" + _WHOLE + N + r"(件|起|宗|案)"),
    ("admin_appeals", r"申诉(?:案件)?" + _WHOLE + N + U),
    ("fees_collected", r"(?:收取|收费)(?:了)?(?:[^，。；\d]{0,12}?费用?)?" + _WHOLE + N + r"(万元|元)"),
    ("consultations", r"咨询(?:服务)?" + _WHOLE + N + r"(人次|次)"),
    ("staff_full_time", r"专职(?:工作)?人员" + _WHOLE + N + r"(人|名)"),
    ("staff_part_time", r"兼职(?:工作)?人员" + _WHOLE + N + r"(人|名)"),
    ("responses", r"回应(?:公众|社会)?(?:关注)?(?:的)?(?:热点|舆情|关切)(?:问题|事件)?" + _WHOLE + N + r"(次|个|件)"),
    ("press_conferences", r"新闻发布会" + _WHOLE + N + r"(次|场)"),
    ("interpretations", r"解读(?:稿件|文章|材料)?" + _WHOLE + N + r"(篇|期)"),
)
_NO = r"(?:未|没有)"
# zero statements: (fact, pattern) on one clause
ZEROS: tuple[tuple[str, str], ...] = (
    ("admin_reviews_litigation", _NO + r".*复议.*诉讼"),
    ("admin_reviews", _NO + r".*行政复议"),
    ("admin_litigation", _NO + r".*行政诉讼"),
    ("requests_received", _NO + r"(?:收到|受理|接到)[^复诉]*申请"),
    ("fees", r"(?:信息|申请).*(?:暂不|不|未|没有)收(?:取)?(?:任何)?费|(?:未|没有)(?:收取|产生)[^，。]*(?:检索|复制|复印|邮寄|费用)"),
)
TOTALS = ("proactive_items", "requests_received", "replies_total")  # not read from the clauses after 其中
_COMPILED = tuple((f, re.compile(p)) for f, p in PATTERNS)
_ZEROS = tuple((f, re.compile(p)) for f, p in ZEROS)


@dataclass
class Stated:
    fact: str
    value: Number
    unit: Optional[str]
    phrase: str
    section: str
    approximate: bool = False


def _one(clause: str, seen: set[str], parts: bool) -> tuple[Optional[Stated], int]:
    """The first stated figure of a clause (the earliest match), and where it ends."""
    best = None
    for fact, pattern in _COMPILED:
        if fact in seen or (parts and fact in TOTALS):
            continue
        m = pattern.search(clause)
        value = to_number(m.group(1)) if m else None
        if m and value is not None and (best is None or m.start() < best[1].start()):
            best = (fact, m, value)
    if best:
        fact, m, value = best
        return Stated(fact, value, m.group(3), clause, "", bool(m.group(2))), m.end()
    for fact, pattern in _ZEROS:
        if fact not in seen and pattern.search(clause):
            return Stated(fact, 0, None, clause, ""), len(clause)
    return None, len(clause)


def find_stated(sections: list[tuple[str, str]]) -> list[Stated]:
    """Stated figures in document order, one per fact."""
    out: list[Stated] = []
    seen: set[str] = set()
    for key, text in sections:
        for _, clauses in sentences(text):
            parts = False
            for clause in clauses:
                clause = clause.strip()
                if clause.startswith(("已", "共", "全年", "累计")):  # 「其中当面…件，已答复N件」: a total again
                    parts = False
                parts = parts or clause.startswith("其中")
                if clause.startswith(("较上年", "同比", "比上年", "占")) or "截至" in clause:
                    continue
                s, end = _one(clause, seen, parts)
                while s is not None and end < len(clause) and re.search(r"\d|[一二三四五六七八九十]", clause[end:]):
                    # 「专职人员3人、兼职人员5人」: one clause, two figures
                    more, e = _one(clause[end:], seen | {s.fact}, parts)
                    if more is None or more.fact == s.fact:
                        break
                    s.section = key
                    seen.add(s.fact)
                    out.append(s)
                    s, end = more, end + e
                if s is None and "replies_granted" not in seen and "replies_total" in seen and \
                        re.fullmatch(r"(?:已)?(?:全部|均)(?:予以|同意)?公开|(?:均|全部)(?:为|属)?同意公开(?:答复)?", clause):
                    total = next(x for x in out if x.fact == "replies_total")  # 已答复N件，全部同意公开: granted = N
                    s = Stated("replies_granted", total.value, None, clause, "", total.approximate)
                if s:
                    s.section = key
                    seen.add(s.fact)
                    out.append(s)
    return out
