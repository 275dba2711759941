"""Report metadata: title, issuing agency and the year reported on."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .spacing import tidy

_TITLE = re.compile(r"([^\s，。；：:“”《》]{0,40}?)\s*((?:19|20)\d{2})\s*年度?\s*([^\s，。；]{0,30}?)"
                    r"(?:政府信息公开|政务公开|信息公开)[^\s，。；]{0,12}?报告")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*起?\s*(?:至|到|—|-)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_LEAD_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?\s*[，,]?")
_ADMIN_END = r"(?:省|自治区|市|区|县|旗|镇|乡|街道|局|委员会|委|厅|办公室|办|政府|中心|管委会|实验区|新区)"
_LEAD_AGENCY = re.compile(r"(?:19|20)\d{2}\s*年(?:度|以来)?\s*[，,]\s*(?:我|全)?(?![本该我各])"
                          r"((?:(?!认真|落实|坚持|深入|全面|加强|推进|紧紧)[\u4e00-\u9fff]){2,14}?" + _ADMIN_END + r")"
                          r"(?=[\u4e00-\u9fff]{0,4}(?:政务公开|政府信息公开|信息公开|坚持|深入|认真|全面|紧紧|围绕))")
_COMPILED_BY = re.compile(r"本报告(?:由|是)([\u4e00-\u9fff]{2,30}?)(?:办公室|办公厅)?(?:根据|依据|按照|依照|编制)")
_PREFIXED = r"([\u4e00-\u9fff]{2,6}?(?:省|市|自治州|盟|地区))%s"


TITLE_LINES = 8  # lines of the preamble searched for the title


@dataclass
class Meta:
    """The report's title, agency and year."""
    title: Optional[str]
    agency: Optional[str]
    year: Optional[int]


def _from_title(text: str) -> tuple[Optional[str], Optional[str], Optional[int]]:
    m = _TITLE.search(tidy(text))
    if not m:
        return None, None, None
    before, year, after = m.group(1), int(m.group(2)), m.group(3)
    parts = before.split("关于")  # XX办公厅关于XX市…: the report is XX市's, the office only compiled it
    before = parts[-1] or parts[0]
    agency = (before or after).strip("（）()【】[]")
    return m.group(0), agency or None, year


def _title_in_lines(lines: list[str]) -> tuple[Optional[str], Optional[str], Optional[int]]:
    """The first line that reads as a title, joined with the next where the title wraps (…年度报 / 告);
    a title starting with its year takes the line above as issuer."""
    for i, line in enumerate(lines):
        t, a, y = _from_title(line)
        if t is None and i + 1 < len(lines):
            t, a, y = _from_title(line + lines[i + 1])
        if t is None:
            continue
        if i > 0 and tidy(line).startswith(str(y)):
            t2, a2, y2 = _from_title(lines[i - 1] + line)
            if t2 and a2:
                return t2, a2, y2
        return t, a, y
    return None, None, None


def _expand(agency: str, text: str) -> str:
    """吴江区 → 苏州市吴江区 where the text names the prefecture in front of it."""
    m = re.search(_PREFIXED % re.escape(agency), text)
    return re.sub(r"^(?:关于|对于|关|于|在|对|由|和|与|及|的)", "", m.group(1)) + agency if m else agency


def find_meta(declared_title: Optional[str], preamble: str, overview: str, body: str,
              agency_hint: Optional[str]) -> Meta:
    """Title first; then the statistics period, the overview's first year, the compiler, the lead sentence."""
    title = agency = None
    year = None
    t, a, y = _from_title(declared_title or "")
    if t is None:
        t, a, y = _title_in_lines([ln for ln in preamble.split("\n") if ln.strip()][:TITLE_LINES])
    if t:
        title, agency, year = t, a, y
    if year is None:
        m = _PERIOD.search(body)
        if m and m.group(1) == m.group(2):
            year = int(m.group(1))
    if year is None:
        m = _LEAD_YEAR.search(overview)
        year = int(m.group(1)) if m else None
    if not agency:
        m = _COMPILED_BY.search(body)
        if m:
            agency = m.group(1)
    if not agency:
        m = _LEAD_AGENCY.search(body)
        if m:
            agency = _expand(m.group(1), body)
    if not agency and agency_hint:
        agency = re.sub(r"(?:办公室|办公厅)$", "", agency_hint.strip()) or None
    return Meta(title, agency, year)
