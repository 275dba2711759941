"""Stated figures: what a number in the narrative counts, in which scope, and which reading to keep.

section texts → sentences → clauses → figures, each with its subject (what is counted: the noun phrase of
the clause or the one it inherits), its scope (this body's year, not a sub-body's or the cumulative
count) and whether it is a total or a part of a 其中 list → one figure per fact, chosen by the evidence of
the report's other figures. The words and patterns are data: templates/stated-figures.json.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterator, Optional

from .files import package_file
from .numerals import CHARS, to_number
from .result import Check, Issue, Number, Result
from .spacing import tidy

NUM = r"(\d[\d,，]*(?:\.\d+)?|[%s]+)" % CHARS
PLACEHOLDERS = {
    "{N}": r"(?P<n>\d[\d,，]*(?:\.\d+)?|[%s]+)(?P<wan>万(?!元))?(?P<approx>多|余)?" % CHARS,
    "{ABOUT}": r"(?P<about>约|近|大约|将近|逾|超过)?",
    "{WHOLE}": r"(?:共计|共|合计|总计|累计)?(?:达|为|有)?",
    "{U}": r"(?P<unit>件|宗|份|条|个|项)",
}
_NUMERAL = re.compile(r"\d|[%s]" % CHARS)  # a char {N} starts with
_CLAUSE = re.compile(r"[^，,。；;：:！？\n（(]+")  # （其中…） is a clause of its own
_ASIDE = re.compile(r"[（(][^（）()]{0,40}[)）](?=\d)")  # 主动公开政府信息（不同渠道…计1条）3460条: an aside
_YEAR = re.compile(r"(?:19|20)\d{2}年(?!底|末|\d|以来)")
_THIS_YEAR = re.compile(r"(?:今年|本年|年初|本年度)以来")  # the year so far, not a cumulative count
_UNIT_NUMBERS = r"(\d+)(?:多|余)?%s"
# a sentence with no subject of its own carries on the one before (受理审批事项N件。办结M件)
_CARRY_ON = ("已", "并", "均", "办结", "按时", "全部", "另")


@dataclass(frozen=True)
class FigurePattern:
    """One stated-figure pattern of the vocabulary."""
    name: str  # a legacy fact or a modern cell key
    source: str  # the regular expression, placeholders filled in; compiled on first use (`regex`)
    total: bool = False  # a total: not read from the parts of a 其中 list
    context: Optional[str] = None  # "inventory": only among the parts of an inventory total
    templates: tuple[str, ...] = ()
    needs_request: bool = False  # the clause must name 申请
    request_outcome: bool = False  # an outcome of the requests: in the requests section or a sentence on 申请
    about: Optional[str] = None  # a condition of subject.about: the sentence names it or the section is one of its

    @property
    def regex(self) -> re.Pattern:
        """Compiled when a report first needs it: a legacy report never compiles the modern patterns."""
        return _compiled(self.source)


_compiled = lru_cache(maxsize=None)(re.compile)


@lru_cache(maxsize=None)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    """One search for `any(w in text for w in words)`: the words as literal alternatives."""
    return re.compile("|".join(re.escape(w) for w in words) if words else r"(?!)")  # no words: never


@dataclass(frozen=True)
class Vocabulary:
    """The words the stated-figures reader knows."""
    ours: tuple[str, ...]
    foreign: dict[str, tuple[str, ...]]
    foreign_masks: tuple[str, ...]  # words that hold a foreign word but are none (行政复议案件 holds 议案)
    sub_body: tuple[str, ...]
    part_body: tuple[str, ...]  # a body a 其中 part may name (其中区政府办公室收到申请20件)
    whole_body: tuple[str, ...]
    cumulative: tuple[str, ...]
    cumulative_word: str
    year_scope: tuple[str, ...]
    parts: tuple[str, ...]
    totals_again: tuple[str, ...]
    not_a_figure: tuple[str, ...]
    modal: tuple[str, ...]
    about: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # name → (words of the sentence, sections)
    meanings: dict[str, str]
    legacy: tuple[FigurePattern, ...]
    zeros: tuple[tuple[str, re.Pattern, Optional[str]], ...]
    inventory: dict[str, tuple[str, ...]]
    all_granted: re.Pattern
    modern: tuple[FigurePattern, ...]
    outcomes: tuple[tuple[str, str], ...]
    outcome_totals: tuple[str, ...]  # a review / litigation total whose sentence then lists its outcomes
    sums: dict[str, str]
    readings: dict[str, tuple[tuple[str, ...], ...]]

    def narrative_rules(self) -> set[str]:
        """Every narrative.<key> check the text-versus-table comparison can emit: one per fact of ours."""
        keys = {p.name for p in self.modern} | set(self.sums) | set(self.meanings)
        keys |= {f"{t.rsplit('.', 1)[0]}.{col}" for t in self.outcome_totals for col, _ in self.outcomes}
        return {f"narrative.{k}" for k in keys}

    def foreign_word(self, text: str) -> Optional[str]:
        for m in self.foreign_masks:
            text = text.replace(m, "")
        return next((w for ws in self.foreign.values() for w in ws if w in text), None)


class VocabularyError(ValueError):
    """stated-figures.json does not say what the code needs."""


def _compile(pattern: str, where: str, check: bool = True) -> str:
    """The pattern with its placeholders filled in, compiled here to check it unless `check` is False
    (the file is the one scripts/record_template_hashes.py checked and recorded)."""
    if pattern.count("{N}") != 1:
        raise VocabularyError(f"{where}: a figure pattern needs exactly one {{N}}: {pattern!r}")
    for k, v in PLACEHOLDERS.items():
        pattern = pattern.replace(k, v)
    if check:
        try:
            _compiled(pattern)
        except re.error as e:
            raise VocabularyError(f"{where}: {e}: {pattern!r}") from e
    return pattern


def _strings(d: dict, key: str) -> tuple[str, ...]:
    v = d.get(key)
    if not isinstance(v, list) or not v or not all(isinstance(s, str) and s for s in v):
        raise VocabularyError(f"subject.{key}: a non-empty list of words")
    return tuple(v)


def _figures(items: list, known: Callable[[str], bool], where: str, about: dict,
             check: bool = True) -> tuple[FigurePattern, ...]:
    out = []
    for i, d in enumerate(items):
        if d.get("about") is not None and d["about"] not in about:
            raise VocabularyError(f"{where}[{i}]: unknown condition about={d['about']!r}")
        name = d.get("fact") or d.get("key")
        if not name or not known(name):
            raise VocabularyError(f"{where}[{i}]: unknown fact {name!r}")
        if d.get("context") not in (None, "inventory"):
            raise VocabularyError(f"{where}[{i}]: unknown context {d.get('context')!r}")
        out.append(FigurePattern(name, _compile(d["pattern"], f"{where}[{i}]", check), bool(d.get("total")),
                                 d.get("context"), tuple(d.get("templates", ())), bool(d.get("needs_request")),
                                 bool(d.get("request_outcome")), d.get("about")))
    return tuple(out)


def _modern_key(key: str) -> bool:
    """A cell of a national template (templates/<id>/tables.json), or a text.* key."""
    from .templates import is_cell
    return key.startswith("text.") or is_cell(key)


@lru_cache(maxsize=None)
def vocabulary() -> Vocabulary:
    from .templates import recorded
    text = package_file("templates", "stated-figures.json").read_text("utf-8")
    raw = json.loads(text)
    check = not recorded("stated-figures.json", text.encode("utf-8"))  # else: checked when recorded
    s = raw["subject"]
    meanings = raw["vocabulary"]
    legacy, modern = raw["legacy"], raw["modern"]
    foreign = {k: tuple(v) for k, v in s["foreign"].items()}
    if not foreign or not all(foreign.values()):
        raise VocabularyError("subject.foreign: each subject needs words")
    inventory = {k: tuple(v) for k, v in legacy["inventory"].items()}
    for k, parts in inventory.items():
        if k not in meanings or any(p not in meanings for p in parts):
            raise VocabularyError(f"legacy.inventory.{k}: facts not in the vocabulary")
    about = {k: (tuple(c["words"]), tuple(c["sections"])) for k, c in s.get("about", {}).items()}
    zeros = []
    for d in legacy["zeros"]:
        if d["fact"] not in meanings or d.get("about", None) not in (None, *about):
            raise VocabularyError(f"legacy.zeros: unknown fact {d['fact']!r} or condition {d.get('about')!r}")
        zeros.append((d["fact"], re.compile(d["pattern"]), d.get("about")))
    for col, label in modern["outcomes"]:
        try:
            re.compile(label)
        except re.error as e:
            raise VocabularyError(f"modern.outcomes.{col}: {e}") from e
    from .templates import legacy as legacy_template
    facts = {r.key for t in legacy_template().tables.values() for r in t.rows}
    for k in meanings:
        if k not in facts:
            raise VocabularyError(f"vocabulary.{k}: no such fact in templates/legacy/tables.json")
    sums = modern.get("sums", {})
    for k in list(sums) + list(modern.get("readings", {})) + list(modern["outcome_totals"]):
        if not _modern_key(k):
            raise VocabularyError(f"modern: unknown key {k!r}")
    return Vocabulary(
        ours=_strings(s, "ours"), foreign=foreign, foreign_masks=tuple(s.get("foreign_masks", ())), sub_body=_strings(s, "sub_body"), part_body=_strings(s, "part_body"),
        whole_body=_strings(s, "whole_body"), cumulative=_strings(s, "cumulative"),
        cumulative_word=s["cumulative_word"], year_scope=_strings(s, "year_scope"), parts=_strings(s, "parts"),
        totals_again=_strings(s, "totals_again"), not_a_figure=_strings(s, "not_a_figure"), modal=_strings(s, "modal"),
        about=about, meanings=dict(meanings),
        legacy=_figures(legacy["facts"], lambda f: f in meanings, "legacy.facts", about, check),
        zeros=tuple(zeros), inventory=inventory, all_granted=re.compile(legacy["all_granted"]),
        modern=_figures(modern["facts"], _modern_key, "modern.facts", about, check),
        outcomes=tuple((a, b) for a, b in modern["outcomes"]), outcome_totals=tuple(modern["outcome_totals"]),
        sums=dict(sums),
        readings={k: tuple(tuple(x) for x in v) for k, v in modern.get("readings", {}).items()})


@dataclass
class Figure:
    """One number the text states, with what it counts and how sure we are it is a fact of ours."""
    name: str
    value: Number
    unit: Optional[str]
    phrase: str  # the clause
    match: str  # the words of the pattern
    section: str
    approximate: bool = False
    whole: bool = False  # 共/合计/全年/全区…: stated as the whole
    parts_sum: Optional[Number] = None  # Σ of the figures of its 其中 list, same unit
    alternatives: list["Figure"] = field(default_factory=list)  # other values stated for the same fact
    sentence: str = ""


def sentences(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each sentence of a section text with its clauses (split at ，；：…), numbers tidied."""
    for sentence in re.split(r"(?<=[。；;\n])", tidy(text)):
        sentence = _ASIDE.sub("", sentence)
        yield sentence, _CLAUSE.findall(sentence)


@dataclass
class _State:
    """Where the reader is in a clause."""
    foreign: Optional[str] = None  # the foreign subject the clauses talk about (审批, 热线 …)
    sub: bool = False  # a sub-body's figures (区直各单位, 乡镇)
    cumulative: bool = False  # 截至…, 累计 without a year
    parts: bool = False  # inside a 其中 list
    head: Optional[str] = None  # the total the 其中 list belongs to


class Reader:
    """Walks the sentences of (section, text) pairs and yields every figure that is a fact of ours."""

    def __init__(self, patterns: tuple[FigurePattern, ...], template: Optional[str] = None,
                 zeros: tuple[tuple[str, re.Pattern, Optional[str]], ...] = (),
                 all_granted: Optional[re.Pattern] = None):
        self.v = v = vocabulary()
        # the vocabulary's word lists as one search each (a clause is tested against each list several times)
        self._ours_re, self._sub_re, self._whole_re = _any_of(v.ours), _any_of(v.sub_body), _any_of(v.whole_body)
        self._year_re, self._cumulative_re = _any_of(v.year_scope), _any_of(v.cumulative)
        self._part_body_re = _any_of(v.part_body)
        self._about_re = {k: _any_of(words) for k, (words, _) in v.about.items()}
        self._any_about_re = _any_of(tuple(w for words, _ in v.about.values() for w in words))
        self.patterns = tuple(p for p in patterns if not p.templates or template in p.templates)
        self._before = ""  # the clauses of the sentence before this one
        self._previous = False  # the sentence before this one was about it (…申请。发生行政复议2起；行政诉讼1件)
        self._current = False
        self.zeros = zeros  # (fact, pattern): a clause that says there were none (未收到…申请) gives 0
        self.all_granted = all_granted  # 已答复N件，全部同意公开: replies_granted = replies_total

    def _scope(self, st: _State, clause: str, before: str) -> None:
        v = self.v
        word = v.foreign_word(clause)
        ours = self._ours_re.search(clause) is not None
        if word and not ours:
            st.foreign = word
        elif ours or re.search(r"申请|复议|诉讼|咨询", clause):
            st.foreign = None
        whole = self._whole_re.search(clause) is not None
        if self._sub_re.search(clause) and not whole:
            st.sub = True
        elif whole:
            st.sub = False
        year = self._year_re.search(clause) or _YEAR.search(clause)
        if self._cumulative_re.search(_THIS_YEAR.sub("", clause)):
            st.cumulative = True
        elif v.cumulative_word in clause and not (self._year_re.search(before + clause)
                                                  or _YEAR.search(before + clause)):
            st.cumulative = True
        elif st.cumulative and year:
            # 截至…累计N条，其中2016年主动公开M条: the year's figure, no part of a total of ours
            st.cumulative = False
            if st.head is None:
                st.parts = False

    def _allowed(self, p: FigurePattern, st: _State, clause: str, section: str, sentence: str) -> bool:
        if st.parts:
            inventory = self.v.inventory.get(st.head or "", ())
            if p.total and p.name not in inventory:
                return False
        if p.context == "inventory" and not (st.parts and p.name in self.v.inventory.get(st.head or "", ())):
            return False
        if p.needs_request and "申请" not in clause and "申请" not in self._before:
            return False
        if p.request_outcome and section != "requests" and "申请" not in sentence:
            return False
        return self._about(p.about, section, sentence)

    def _about(self, name: Optional[str], section: str, sentence: str) -> bool:
        if name is None:
            return True
        words, sections = self.v.about[name]
        ok = section in sections or self._previous or self._about_re[name].search(sentence) is not None
        self._current = self._current or ok
        return ok

    def _ours(self, st: _State, m: re.Match, clause: str) -> bool:
        if st.sub or st.cumulative:
            return False
        if st.foreign and not self._ours_re.search(m.group(0)):
            return False
        before = clause[:m.start()]
        return not any(before.endswith(w) for w in self.v.modal)

    def figures(self, sections: list[tuple[str, str]]) -> Iterator[Figure]:
        v = self.v
        for section, text in sections:
            st = _State()
            replies: Optional[Figure] = None
            self._previous = False
            for sentence, clauses in sentences(text):
                self._current = self._any_about_re.search(sentence) is not None
                s = sentence.strip()
                if not s.startswith(_CARRY_ON):
                    st.foreign = None
                st.sub = st.cumulative = st.parts = False
                st.head = None
                totals: list[Figure] = []
                before = ""
                for clause in clauses:
                    c = clause.strip().lstrip("（(")
                    if c.startswith(v.totals_again):
                        st.parts = False
                    if c.startswith(v.parts):
                        st.parts = True
                    self._scope(st, c, before)
                    if st.parts and self._part_total(c, st):
                        st.sub = True  # 其中区本级收到申请69件，予以公开50件: the rest is that part's
                    self._before = before
                    before += c
                    if c.startswith(v.not_a_figure):
                        continue
                    found = list(self._clause(c, st, section, sentence)) or self._zero(c, st, section, sentence, replies)
                    for f in found:
                        if not st.parts:
                            totals.append(f)
                            st.head = f.name
                        elif totals:
                            f.whole = False
                        if f.name == "replies_total":
                            replies = f
                        yield f
                    for t in totals[-1:] if st.parts else ():
                        t.parts_sum = (t.parts_sum or 0) + _sum_of(c, t.unit)
                self._previous = self._current

    def _part_total(self, clause: str, st: _State) -> bool:
        """A 其中 clause where a body states a total of its own: that part's breakdown follows
        (其中区政府办公室收到申请20件; not 其中政府网站主动公开政府信息N条, a channel)."""
        inventory = self.v.inventory.get(st.head or "", ())
        for p in self.patterns:
            m = p.regex.search(clause) if p.total and p.name not in inventory else None
            if m and self._part_body_re.search(clause, 0, m.start()):
                return True
        return False

    def _zero(self, clause: str, st: _State, section: str, sentence: str, replies: Optional[Figure]) -> list[Figure]:
        if st.sub or st.cumulative or st.foreign:
            return []
        if self.all_granted is not None and replies is not None and self.all_granted.fullmatch(clause):
            return [Figure("replies_granted", replies.value, None, clause, clause, section, replies.approximate,
                           sentence=sentence)]
        for fact, pattern, about in self.zeros:
            if pattern.search(clause) and self._about(about, section, sentence):
                return [Figure(fact, 0, None, clause, clause, section, sentence=sentence)]
        return []

    def _clause(self, clause: str, st: _State, section: str, sentence: str) -> Iterator[Figure]:
        """The figures of one clause, left to right (专职人员3人、兼职人员5人: one clause, two figures)."""
        pos, taken = 0, set()
        while pos < len(clause):
            if not _NUMERAL.search(clause, pos):  # every pattern's {N} holds one at or after pos
                return
            best = None
            for p in self.patterns:
                if p.name in taken or not self._allowed(p, st, clause, section, sentence):
                    continue
                m = p.regex.search(clause, pos)
                if m and to_number(m.group("n")) is not None and (best is None or m.start() < best[1].start()):
                    best = (p, m)
            if best is None:
                return
            p, m = best
            pos = m.end()
            taken.add(p.name)
            if not self._ours(st, m, clause):
                continue
            gd = m.groupdict()
            value = to_number(gd["n"])
            if gd.get("wan") and not str(gd["n"])[-1] in "万亿":  # 1.2万条 = 12000 (a bound when the digits stop)
                value = round(value * 10000, 6)
                value = int(value) if float(value).is_integer() else value
            whole = bool(re.search(r"共|合计|总计|全年", m.group(0))) or self._whole_re.search(clause) is not None
            yield Figure(p.name, value, gd.get("unit"), clause, m.group(0), section,
                         bool(gd.get("approx") or gd.get("about") or gd.get("wan")), whole, sentence=sentence)


def _sum_of(clause: str, unit: Optional[str]) -> Number:
    if not unit:
        return 0
    return sum(int(n) for n in re.findall(_UNIT_NUMBERS % re.escape(unit), clause))


def choose(figures: list[Figure], support: Optional[Callable[[Figure], Optional[bool]]] = None
           ) -> tuple[list[Figure], list[list[Figure]]]:
    """One figure per fact; (chosen, unresolved groups).

    The same value stated again is one fact. Different values: the one the report's other figures support
    (its 其中 list sums to it, or `support` — the table — agrees) is kept, the others become its
    alternatives; with no such evidence the group is unresolved (the caller keeps it out, or lets the table decide).
    """
    groups: dict[str, list[Figure]] = {}
    for f in figures:
        groups.setdefault(f.name, []).append(f)
    chosen, unresolved = [], []
    for name, fs in groups.items():
        values = list(dict.fromkeys(f.value for f in fs))
        if len(values) == 1:
            chosen.append(next((f for f in fs if not f.approximate), fs[0]))
            continue
        backed = [f for f in fs if support is not None and support(f)]
        if not backed:
            backed = [f for f in fs if f.parts_sum is not None and abs(f.parts_sum - f.value) < 1e-6]
        if len({f.value for f in backed}) == 1:
            pick = backed[0]
            pick.alternatives = [f for f in fs if f.value != pick.value]
            chosen.append(pick)
        else:
            first = fs[0]
            first.alternatives = [f for f in fs if f.value != first.value]
            unresolved.append(fs)
    order = {id(f): i for i, f in enumerate(figures)}
    chosen.sort(key=lambda f: order[id(f)])
    return chosen, unresolved


# ---------------------------------------------------------------- the text against the table (modern and legacy)

def agrees(stated: Number, approximate: bool, printed: Number, upward: bool = False) -> bool:
    """A stated figure agrees with a printed one: exactly, or, approximate, within its leading digit
    (约300: 200 < x < 400); `upward` (a legacy figure: 4000多, 10余): stated ≤ x < stated + that step."""
    if not approximate:
        return abs(stated - printed) < 1e-6
    step = 10 ** max(len(str(int(stated))) - 1, 0)
    return stated <= printed < stated + step if upward else stated - step < printed < stated + step


def compare(result: Result, key: str, values: list[Number], printed: Number, phrase: str,
            reading: Callable[[Number], Optional[str]], own: str, table: str = "table", **place) -> None:
    """The one text-versus-table comparison: a narrative.<key> check for each value the text states (the
    first as phrased, any other as stated again) and a narrative_disagrees warning where the table, read
    as `reading` allows (its name for a reading, None for none), does not give it; both values kept."""
    for value in values:
        r = reading(value)
        said = repr(phrase) if value == values[0] else f"{value} (stated again)"
        result.checks.append(Check(f"narrative.{key}", r is not None, value, printed,
                                   f"narrative {said} vs {table} {r or own}", **place))
        if r is None:
            result.issues.append(Issue("warning", "narrative_disagrees",
                                       f"the text says {said} but the {table} prints {printed}", key))
