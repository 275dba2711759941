"""Text normalisation: script detection, traditional → simplified, repairs.

Three layers, cheapest first:

* character layer (`normalize_chars`): full-width ASCII, odd spaces,
  invisible characters and mojibake; safe on any input;
* script layer: OpenCC ``t2s`` for traditional or mixed input only;
* repair layer: data-driven context rules (``data/zh_repairs.tsv``) that undo
  zh-TW converter vocabulary (规范性档案 → 规范性文件, 最佳化 → 优化 …) and
  naive one-to-many character choices, then 「」『』 → “”‘’.

Simplified input is never touched by the script or repair layers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Callable


from . import zh_context
from .files import package_file

__all__ = ["Normalized", "Rule", "apply_repairs", "detect_script", "load_rules", "normalize_chars", "normalize_text"]

# Base converter: t2s and tw2s give the same CER on the round-trip corpus
# (scripts/bench_normalize.py) and tw2s costs more;
# t2s also makes no Taiwan-variant assumptions.
BASE_CONFIG = "t2s"


@dataclass(slots=True)
class Normalized:
    """Normalised text, its script and what was repaired or converted."""
    text: str
    script: str  # "simplified" | "traditional" | "mixed"
    repairs: dict[str, int] = field(default_factory=dict)
    conversions: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# OpenCC converters and script character sets (built once, lazily)


@lru_cache(maxsize=1)
def _classes() -> dict[str, list[list[int]]]:
    """The character classes of data/script_classes.json (scripts/make_script_classes.py), checked when loaded:
    for each class its [first, last] code-point runs."""
    import json

    data = json.loads(package_file("data/script_classes.json").read_text(encoding="utf-8"))
    out = {}
    for name in ("traditional", "simplified", "gbk_markers"):
        runs = data.get(name)
        if not runs or not all(isinstance(r, list) and len(r) == 2 and 0 < r[0] <= r[1] <= 0x10FFFF for r in runs):
            raise ValueError(f"data/script_classes.json: {name!r} is not a list of [first, last] code points")
        out[name] = runs
    return out


@lru_cache(maxsize=1)
def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """The unambiguously traditional / simplified characters (sets: cheaper to build than a regex class).

    A character is traditional if t2s changes it, s2t does not, and it is not
    in GB2312 (which holds 乾, 於, 後 … that simplified text uses legitimately).
    Symmetrically it is simplified if s2t changes it, t2s does not, and it is
    not in Big5 (台, 准, 征 … are regular traditional characters too).
    """
    classes = _classes()
    return tuple(_chars(classes[name]) for name in ("traditional", "simplified"))


def _chars(runs: list[list[int]]) -> frozenset[str]:
    """The characters of [first, last] runs (ranges chained and mapped in C: half a generator's time)."""
    return frozenset(map(chr, chain.from_iterable(map(range, [a for a, _ in runs], [b + 1 for _, b in runs]))))


def detect_script(text: str) -> str:
    """"simplified", "traditional" or "mixed", by counting script-specific characters."""
    if text.isascii():
        return "simplified"
    if _RADICAL_RE.search(text):
        text = _RADICAL_RE.sub(lambda m: _RADICALS[ord(m.group())], text)
    return _script_of(text)


# Script detection scans every character: set look-ups (2 ms to build, 28 ns a character) until the
# process has scanned SET_BUDGET characters, then the classes compiled as regexes (6 ms to build, 3 ns a
# character): a batch pays the regex build once, a one-report run never does (ski rental).
SET_BUDGET = 150_000
_set_scanned = 0


@lru_cache(maxsize=1)
def _script_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two classes as regexes (all BMP ranges: re tests a character in one bitmap look-up)."""
    return _class_re("traditional"), _class_re("simplified")


def _class_re(name: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "")
                                    for a, b in _classes()[name]) + "]")


def _script_of(text: str) -> str:
    """detect_script on text the character layer has seen (no radical look-alikes left)."""
    global _set_scanned
    if text.isascii():
        return "simplified"
    if _set_scanned < SET_BUDGET:
        _set_scanned += len(text)
        trad, simp = _script_sets()
        if trad.isdisjoint(text):
            return "simplified"
        return "traditional" if _in_big5(text) or simp.isdisjoint(text) else "mixed"
    trad_re, simp_re = _script_res()
    if trad_re.search(text) is None:
        return "simplified"
    return "traditional" if _in_big5(text) or simp_re.search(text) is None else "mixed"


def _in_big5(text: str) -> bool:
    """Is every character in Big5? Then none is of the simplified class (which Big5 lacks, by its
    definition in scripts/make_script_classes.py): the codec's C loop, cheaper than a scan of the class."""
    try:
        text.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


# --------------------------------------------------------------------------
# Character layer

_INVISIBLES = [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]
_FULLWIDTH = [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
_CHAR_TABLE: dict[int, str | None] = {c: chr(c - 0xFEE0) for c in _FULLWIDTH}
_CHAR_TABLE.update({0x3000: " ", 0x00A0: " "})
_CHAR_TABLE.update({c: None for c in _INVISIBLES})
# Kangxi / supplement radicals and compatibility ideographs → the unified ideograph (scripts/make_radicals_table.py)
_RADICALS = {ord(a): b for a, b, *_ in (ln.split("\t") for ln in package_file(
    "data/radicals.tsv").read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#"))}
_CHAR_TABLE.update(_RADICALS)


def _ranges(codes) -> str:
    """A character class body of contiguous runs (a-b): re tests characters above U+FFFF one class
    item at a time, so 542 separate supplement ideographs would make every scan 500 tests a character."""
    codes, out, i = sorted(set(codes)), [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(re.escape(chr(codes[i])) + ("-" + re.escape(chr(codes[j])) if j > i else ""))
        i = j + 1
    return "".join(out)


_RADICAL_RE = re.compile("[" + _ranges(_RADICALS) + "]")
_CHAR_RE = re.compile("[" + _ranges(_CHAR_TABLE) + "]")
_CHAR_KINDS = (
    ("fullwidth", re.compile("[０-９Ａ-Ｚａ-ｚ]")),
    ("spaces", re.compile("[\u3000\u00a0]")),
    ("invisibles", re.compile("[" + "".join(map(chr, _INVISIBLES)) + "]")),
)


# Spam mirrors: toned or plain pinyin after a character (報(bào)告, 國辦公(gong)開) and decorations (★◆■)
_PINYIN = re.compile(r"[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6})[)）]")
_SYLLABLE = re.compile(r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+(?:ng|n|r)?")
DECORATIONS = "★☆◆◇■□●○▲△※"
_DECORATION = re.compile(f"(?<=[\u4e00-\u9fff])[{DECORATIONS}]+(?=[\u4e00-\u9fff])")


def _has_pinyin(text: str) -> bool:
    """Could _PINYIN match anywhere? Only its brackets are tried (a report has a few dozen): a scan
    of _PINYIN itself tests every character of the text."""
    for bracket in "(（":
        i = text.find(bracket)
        while i >= 0:
            if _PINYIN.match(text, i):
                return True
            i = text.find(bracket, i + 1)
    return False


def _strip_annotations(text: str, notes: list[str]) -> str:
    """Pinyin in brackets right after a character, decorations between two characters."""
    if _has_pinyin(text):
        def repl(m: re.Match[str]) -> str:
            before = text[m.start() - 1] if m.start() else ""
            return "" if "\u4e00" <= before <= "\u9fff" and _SYLLABLE.fullmatch(m.group(1)) else m.group()
        out = _PINYIN.sub(repl, text)
        if out != text:
            notes.append("pinyin")
            text = out
    return text


def _char_layer(text: str, notes: list[str]) -> str:
    if text.isascii():
        return text
    text = _strip_annotations(text, notes)
    hits = [(m.start(), m.group()) for m in _suspect_re().finditer(text)]  # one scan; hits are rare
    if not hits:
        return text
    before = text
    if any(c in DECORATIONS for _, c in hits):
        out = _DECORATION.sub("", text)
        if out != text:
            notes.append("decorations")
            text = out
    text = _fix_mojibake(text, notes, hits, text is before)
    if text == before:  # the hits still stand where they were: no further scan of the text
        here = [(i, c) for i, c in hits if ord(c) in _CHAR_TABLE]
        if not here:
            return text
        found = "".join(sorted({c for _, c in here}))
        notes.extend(kind for kind, rx in _CHAR_KINDS if rx.search(found))
        if radicals := sum(ord(c) in _RADICALS for _, c in here):
            notes.append(f"radicals:{radicals}")
        pieces, done = [], 0
        for i, c in here:
            pieces += [text[done:i], _CHAR_TABLE[ord(c)] or ""]
            done = i + 1
        pieces.append(text[done:])
        return "".join(pieces)
    if _CHAR_RE.search(text) is None:
        return text
    notes.extend(kind for kind, rx in _CHAR_KINDS if rx.search(text))
    if radicals := len(_RADICAL_RE.findall(text)):
        notes.append(f"radicals:{radicals}")  # a lying text layer (broken ToUnicode): counted per text
    # re.sub beats str.translate on long CJK text with few hits.
    return _CHAR_RE.sub(lambda m: _CHAR_TABLE[ord(m.group())] or "", text)


def normalize_chars(text: str) -> str:
    """Character layer alone: full-width ASCII, spaces, invisibles, radical look-alikes, mojibake."""
    return _char_layer(text, [])


# --------------------------------------------------------------------------
# Mojibake: UTF-8 read as GBK or Latin-1, GBK read as Latin-1 (or as UTF-8,
# which is lossy: U+FFFD is left and reported).

# cp1252 decodes 0x80-0x9F to these; map them back to their bytes.
_CP1252_BACK = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_LATIN_CONT = "\u0080-\u00bf" + "".join(re.escape(c) for c in _CP1252_BACK)
_LATIN_UTF8_RE = re.compile(f"(?:[\u00e0-\u00ef][{_LATIN_CONT}]{{2}})+")
_LATIN_GBK_RE = re.compile("[\u0081-\u00fe]{4,}")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s]{2,}")


@lru_cache(maxsize=1)
def _gbk_marker_re() -> re.Pattern[str]:
    """Characters GBK makes of a UTF-8 CJK lead byte (E4-E9) plus a continuation byte."""
    return _class_re("gbk_markers")


@lru_cache(maxsize=1)
def _gbk_markers() -> frozenset[str]:
    """The characters of _gbk_marker_re, as a set (a look-up per suspect character, not a match)."""
    return _chars(_classes()["gbk_markers"])


@lru_cache(maxsize=1)
def _gbk_pair_re() -> re.Pattern[str]:
    """Two markers within three characters: isolated ones occur in traditional text."""
    m = _gbk_marker_re().pattern
    return re.compile(f"{m}[^\\x00-\\x7f]{{0,2}}{m}")


_PRE_RE = re.compile("[\u00c0-\u00ff\ufffd]")


@lru_cache(maxsize=1)
def _suspect_re() -> re.Pattern[str]:
    """Any character the character layer might change or inspect: one cheap scan."""
    marks = _gbk_marker_re().pattern[1:-1]
    return re.compile("[" + _PRE_RE.pattern[1:-1] + _CHAR_RE.pattern[1:-1] + marks + re.escape(DECORATIONS) + "]")


def _is_cjk_text(s: str) -> bool:
    return bool(s) and all(
        "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in "“”‘’…—·"
        for c in s
    )


def _latin_bytes(s: str) -> bytes:
    return bytes(_CP1252_BACK.get(c, ord(c) if ord(c) < 256 else 0x3F) for c in s)


def _fix_mojibake(text: str, notes: list[str], hits: list[tuple[int, str]], placed: bool = False) -> str:
    """Repair what the suspect characters `hits` (position, character) point at (`placed`: at those
    positions of `text`)."""
    original = text if placed else None
    latin = _PRE_RE.search("".join(map(itemgetter(1), hits))) is not None  # (one search of the hits' characters)
    if latin:
        text = _sub_if_cjk(_LATIN_UTF8_RE, text, lambda s: _latin_bytes(s).decode("utf-8"), "mojibake:latin1-utf8", notes)
        text = _sub_if_cjk(_LATIN_GBK_RE, text, lambda s: s.encode("latin-1").decode("gbk"), "mojibake:latin1-gbk", notes)
    markers = _gbk_markers()
    marks = [i for i, c in hits if c in markers]
    near = [a for a, b in zip(marks, marks[1:]) if b - a <= 3]  # two markers close: the pair test can match there
    if latin or near:
        pair = _gbk_pair_re()
        # a pair starts at a marker followed by another within 3: only there, while the hits still stand
        moved = original is None or text != original
        if pair.search(text) if moved else any(pair.match(text, a) for a in near):
            text = _fix_gbk_runs(text, _gbk_marker_re(), notes)
    if "\ufffd" in text and "mojibake:unrepaired" not in notes:
        notes.append("mojibake:unrepaired")
    return text


def _sub_if_cjk(rx: re.Pattern[str], text: str, decode: Callable[[str], str], note: str, notes: list[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        try:
            out = decode(m.group())
        except (UnicodeDecodeError, UnicodeEncodeError):
            return m.group()
        if not _is_cjk_text(out):
            return m.group()
        if note not in notes:
            notes.append(note)
        return out

    return rx.sub(repl, text)


def _utf8_cjk_end(data: bytes, k: int) -> int:
    """End of the run of 3-byte UTF-8 sequences starting at byte k."""
    while k + 3 <= len(data) and 0xE3 <= data[k] <= 0xEF and 0x80 <= data[k + 1] <= 0xBF and 0x80 <= data[k + 2] <= 0xBF:
        k += 3
    return k


def _fix_gbk_run(run: str, notes: list[str]) -> str:
    """Replace each stretch of `run` whose GBK bytes are valid UTF-8 CJK (≥ 2 characters)."""
    if "\ufffd" in run:  # lossy decoding left U+FFFD: repair the pieces between
        return "\ufffd".join(_fix_gbk_run(piece, notes) for piece in run.split("\ufffd"))
    try:
        data = run.encode("gbk")
    except UnicodeEncodeError:
        return run
    offsets = [0]
    for ch in run:
        offsets.append(offsets[-1] + (1 if ord(ch) < 0x80 else 2))
    out, i = [], 0
    while i < len(run):
        end = _utf8_cjk_end(data, offsets[i])
        j = max(i, bisect.bisect_right(offsets, end) - 1)  # the last character ending by `end` (linear)
        while j > i and (offsets[j] - offsets[i]) % 3:
            j -= 1  # a stretch must end on a character boundary and a UTF-8 boundary
        try:
            fixed = data[offsets[i] : offsets[j]].decode("utf-8") if offsets[j] - offsets[i] >= 6 else ""
        except UnicodeDecodeError:  # ED A0…: surrogates, which are no UTF-8
            fixed = ""
        if fixed and _is_cjk_text(fixed):
            out.append(fixed)
            i = j
            if "mojibake:gbk-utf8" not in notes:
                notes.append("mojibake:gbk-utf8")
        else:
            out.append(run[i])
            i += 1
    return "".join(out)


def _fix_gbk_runs(text: str, marker: re.Pattern[str], notes: list[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        run = m.group()
        hits = len(marker.findall(run))
        if not hits:
            return run
        fixed = _fix_gbk_run(run, notes)
        left = len(marker.findall(fixed))
        # Dense markers that do not decode: damaged beyond a lossless repair.
        if left >= 3 and left * 3 >= len(fixed) and "mojibake:unrepaired" not in notes:
            notes.append("mojibake:unrepaired")
        return fixed

    return _NON_ASCII_RUN.sub(repl, text)


# --------------------------------------------------------------------------
# Repair layer


@dataclass(frozen=True)
class Rule:
    """Replace `find` by `to` where the context conditions hold.

    `left`/`not_left` are regexes tested against the text just before the match
    (anchored at its end); `right`/`not_right` against the text just after it
    (anchored at its start).
    """

    id: str
    group: str
    find: str
    to: str
    left: re.Pattern[str] | None
    right: re.Pattern[str] | None
    not_left: re.Pattern[str] | None
    not_right: re.Pattern[str] | None
    unconditional: bool = False
    # left, right, not_left, not_right as _curated_rule tests them in place (see _cond, _rule_tests)
    tests: tuple = (None, None, None, None)

    def applies(self, before: str, after: str) -> bool:
        return (
            (self.left is None or self.left.search(before) is not None)
            and (self.right is None or self.right.match(after) is not None)
            and (self.not_left is None or self.not_left.search(before) is None)
            and (self.not_right is None or self.not_right.match(after) is None)
        )


_CONTEXT = 8  # characters of context each rule condition can see


_CONDITIONS = (("left", True), ("right", False), ("not_left", True), ("not_right", False))  # the TSV's condition columns


def _ctx(pattern: str, anchor_end: bool) -> re.Pattern[str] | None:
    if not pattern:
        return None
    return re.compile(f"(?:{pattern})$" if anchor_end else pattern)


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """Rules from data/zh_repairs.tsv, in file order (first applicable wins)."""
    import csv  # (only for text the repair layer sees: not simplified)

    src = package_file("data/zh_repairs.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((ln for ln in src.splitlines() if ln.strip() and not ln.startswith("#")), delimiter="\t")
    return tuple(
        Rule(
            id=r["id"],
            group=r["group"],
            find=r["find"],
            to=r["to"],
            left=_ctx(r["left"], True),
            right=_ctx(r["right"], False),
            not_left=_ctx(r["not_left"], True),
            not_right=_ctx(r["not_right"], False),
            tests=tuple(_cond(r[k], at_end) for k, at_end in _CONDITIONS),
            unconditional=not (r["left"] or r["right"] or r["not_left"] or r["not_right"]) and r["find"] != r["to"],
        )
        for r in rows
    )


@lru_cache(maxsize=1)
def _rule_index() -> tuple[re.Pattern[str], dict[str, list[Rule]], dict[str, str]]:
    by_find: dict[str, list[Rule]] = {}
    for rule in load_rules():
        by_find.setdefault(rule.find, []).append(rule)
    finds = sorted(by_find, key=len, reverse=True)
    groups = {rule.id: rule.group for rule in load_rules()}
    return re.compile("|".join(map(re.escape, finds))), by_find, groups


def apply_repairs(text: str, counts: dict[str, int]) -> str:
    """One left-to-right pass; conditions see the unrepaired text."""
    rx, by_find, _ = _rule_index()
    if rx.search(text) is None:
        return text

    def repl(m: re.Match[str]) -> str:
        rules = by_find[m.group()]
        first = rules[0]
        if first.unconditional:
            counts[first.id] = counts.get(first.id, 0) + 1
            return first.to
        i, j = m.span()
        before, after = text[max(0, i - _CONTEXT) : i], text[j : j + _CONTEXT]
        for rule in rules:
            if rule.applies(before, after):
                if rule.to != rule.find:
                    counts[rule.id] = counts.get(rule.id, 0) + 1
                return rule.to
        return m.group()

    return rx.sub(repl, text)


def _curated_rule(key: str, text: str, start: int, end: int) -> tuple[str, str, str] | None:
    """(rule id, replacement, kind) of the first curated rule for the key text[start:end] whose context
    (the _CONTEXT characters either side) holds.

    kind "context": a row with a context condition, written for that context (通讯 before 息 is
    畅通信息, split by the converter across two words) and applied as written; "default": an
    unconditional row, which the context model may overrule and which applies on word boundaries
    only; "keep": a row whose exception (not_left / not_right) names this context, or a keep row.
    """
    rows = _rule_tests().get(key)
    if rows is None:
        return None
    a, b = start - _CONTEXT if start > _CONTEXT else 0, end + _CONTEXT  # (max() is a slow call)
    for left, right, not_left, not_right, result, kept in rows:
        # the row's context holds unless a not_left / not_right exception names this place
        if (left is not None and not (
                (ws := left.get(text[start - 1 : start])) is not None and text.endswith(ws, a, start)
                if left.__class__ is dict else left.search(text[a:start]) is not None)) or (
                right is not None and not (
                    (ws := right.get(text[end : end + 1])) is not None and text.startswith(ws, end, b)
                    if right.__class__ is dict else right.match(text[end:b]) is not None)):
            continue
        if (not_left is not None and (
                (ws := not_left.get(text[start - 1 : start])) is not None and text.endswith(ws, a, start)
                if not_left.__class__ is dict else not_left.search(text[a:start]) is not None)) or (
                not_right is not None and (
                    (ws := not_right.get(text[end : end + 1])) is not None and text.startswith(ws, end, b)
                    if not_right.__class__ is dict else not_right.match(text[end:b]) is not None)):
            return kept  # 行政许可的设定: the row names this context as the word itself
        return result
    return None


_WORDS = re.compile(r"[^\\.^$*+?{}\[\]()|]+(?:\|[^\\.^$*+?{}\[\]()|]+)*")  # words joined by |, no other syntax


def _cond(pattern: str, at_end: bool) -> tuple[str, ...] | re.Pattern[str] | None:
    """A TSV condition for _curated_rule (`_rule_tests`): its words when it is only words joined by |, else
    its regex (as `_ctx` compiles it)."""
    if not pattern:
        return None
    return tuple(pattern.split("|")) if _WORDS.fullmatch(pattern) else _ctx(pattern, at_end)


@lru_cache(maxsize=1)
def _rule_tests() -> dict[str, list[tuple]]:
    """The rules by `find`, in file order, as _curated_rule tests them in place: their four conditions
    (None: none; else the regex, searched in text[a:start] / matched at the start of text[end:b]; words:
    by the character next to the key, the last of a left word, the first of a right one, for one
    str.endswith / str.startswith of the few that can hold — a left word also with a line end after it,
    which its regex allows: at the end of text[a:start], or before a last line end) and what the row
    gives where they hold, and where an exception names the place."""
    out = {}
    for find, rules in _rule_index()[1].items():
        out[find] = [(*(_by_edge(cond, at_end) if cond.__class__ is tuple else cond
                        for cond, (_, at_end) in zip(r.tests, _CONDITIONS)),
                      (r.id, r.to, "keep" if r.to == r.find else "default" if r.unconditional else "context"),
                      (r.id, r.find, "keep")) for r in rules]
    return out


def _by_edge(words: tuple[str, ...], at_end: bool) -> dict[str, tuple[str, ...]]:
    """Words by their character next to the key (the last for a left condition: with a line end after
    each too; the first for a right one)."""
    out: dict[str, tuple[str, ...]] = {}
    for w in (*words, *(w + "\n" for w in words)) if at_end else words:
        edge = w[-1] if at_end else w[0]
        out[edge] = (*out.get(edge, ()), w)
    return out


# repairs of zh_context that are not curated rules: model choices, and words left undecided
_CONTEXT_GROUPS = {"context": "zh-tw-context", "undecided": "zh-tw-undecided"}

_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}
_QUOTE_TABLE = str.maketrans(_QUOTES)


class DocumentText:
    """The whole text of a document, for evidence that one paragraph alone cannot give: which converters
    made it (`zh_context.document_gone` of all of it, computed on first need, once)."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._gone: frozenset[str] | None = None

    def converters_gone(self) -> frozenset[str]:
        if self._gone is None:
            self._gone = zh_context.document_gone(_char_layer("\n".join(self.texts), []))
        return self._gone


def normalize_text(text: str, script: str | None = None, section: str | None = None,
                   document: "DocumentText | None" = None) -> Normalized:
    """Faithful simplified text with a record of everything changed.

    `section` (a section key such as "requests") is context for choosing
    between the readings of a zh-TW word; without it the text's own headings are used.
    `document`: the whole text this one is part of, for the evidence of which converter made it.
    """
    notes: list[str] = []
    text = _char_layer(text, notes)
    script = script or _script_of(text)
    if script == "simplified":
        return Normalized(text, script, {}, notes)
    notes.insert(0, "opencc:" + BASE_CONFIG)  # t2s, in the one OpenCC pass of zh_context.mark
    counts: dict[str, int] = {}
    text = zh_context.repair_vocabulary(text, counts, _curated_rule, section,
                                        document.converters_gone if document is not None else None)
    if counts:
        group_of = _rule_index()[2]
        notes.extend(f"repair:{g}" for g in sorted({group_of.get(i) or _CONTEXT_GROUPS[i.split(":")[0]] for i in counts}))
    if "「" in text or "」" in text or "『" in text or "』" in text:
        text = text.translate(_QUOTE_TABLE)
        notes.append("quotes")
    return Normalized(text, script, counts, notes)
