"""Label keys: the comparable form of a row, column or heading label."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Optional

from .templates import Line

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．,，]"
    r"|[（(][一二三四五六七八九十\d]+[)）][、.．]?"
    r"|\d+[.、．,，](?!\d)"
    r"|[⒈-⒛]"
    r"|[①-⑳])"
)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """NFKC, no whitespace or quotes, no leading ordinals (一、 （一） 1. 1、 ⒈ （1）)."""
    s = unicodedata.normalize("NFKC", text or "")
    s = _SPACE.sub("", s).translate(_QUOTES)
    s = s.lstrip("|｜丨")
    while True:
        t = _ORDINAL.sub("", s, count=1)
        if t == s:
            return s
        s = t


def compact(text: str) -> str:
    """NFKC without whitespace, ordinals kept (for anchors and markers)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


class _Labels:
    """A tuple of template lines with their label keys, compared by identity (cheap to cache on)."""
    __slots__ = ("lines", "keyed")

    def __init__(self, lines: tuple[Line, ...]) -> None:
        self.lines = lines
        self.keyed = [(line, label_key(lab)) for line in lines for lab in line.labels]


_LABELS: dict[int, _Labels] = {}  # id of a template's tuple of lines → its keys (the tuple is kept alive)


def _labels(lines: Iterable[Line]) -> _Labels:
    if not isinstance(lines, tuple):
        return _Labels(tuple(lines))
    got = _LABELS.get(id(lines))
    if got is None or got.lines is not lines:
        if len(_LABELS) > 256:  # tuples made per call would pile up: start again
            _LABELS.clear()
        got = _LABELS[id(lines)] = _Labels(lines)
    return got


def match_line(text: str, lines: Iterable[Line], group: str = "") -> Optional[Line]:
    """The template line whose label the text starts with; longest label wins, group context breaks ties;
    else the one line whose label it nearly starts with (`near_line`)."""
    return _match(text, _labels(lines), group)


def match_fuzzy(text: str, lines: Iterable[Line], group: str = "") -> tuple[Optional[Line], bool]:
    """`match_line`, and whether the match is only a near one (a missing or wrong character)."""
    labels = _labels(lines)
    got = _match_prefix(text, labels, group)
    return (got, False) if got is not None else (_match(text, labels, group), True)


def after_wrapped_rest(text: str, lines: Iterable[Line], before: Line) -> Optional[Line]:
    """The line a label names after a head that is the wrapped rest of the row before: the end of one of
    its labels, a note or a note's rest, with or without a note after it ((含信息不存在)没有现成信息需要另行制作,
    信息不存在)没有现成…, 已获取信息申请人无正当理由逾期不补正…, 开申请(件)申请人逾期未按…), matched by prefix,
    and after that row in the template's order; else None."""
    labels = _labels(lines)
    key = label_key(text)
    ends = [label_key(lab) for lab in before.labels]
    keys = [ln.key for ln in labels.lines]
    for i in range(1, len(key)):
        head = _LAST_NOTE.sub("", key[:i])  # a note after the head ((件)) is no part of it
        if not (not head or _NOTE_REST.fullmatch(head) or _ends_one(head, ends)):
            continue
        got = _match_prefix(key[i:], labels, "")
        if got is not None and before.key in keys and keys.index(got.key) > keys.index(before.key):
            return got
    return None


@lru_cache(maxsize=16384)
def _match(text: str, labels: _Labels, group: str) -> Optional[Line]:
    got = _match_prefix(text, labels, group)
    return got if got is not None else near_line(label_key(text), labels.lines) if label_key(text) else None


@lru_cache(maxsize=16384)
def _match_prefix(text: str, labels: _Labels, group: str) -> Optional[Line]:
    key = label_key(text)
    if not key:
        return None
    gkey = label_key(group)
    best: tuple[int, int, Optional[Line]] = (0, 0, None)
    for line, lk in labels.keyed:
        hit = key == lk if line.exact else key.startswith(lk)
        if not hit:
            continue
        in_group = int(bool(line.group) and line.group in gkey)
        score = (len(lk), in_group)
        if score > best[:2]:
            best = (score[0], score[1], line)
    return best[2]


FUZZY_MIN = 6  # labels at least this long are matched with a missing or wrong character or three


@lru_cache(maxsize=8192)
def near_line(key: str, lines: tuple[Line, ...]) -> Optional[Line]:
    """The one template line whose label the text nearly starts with (其他法律行政止公开, 信访举报投拆类申请):
    edit distance ≤ a quarter of the label, and no other line as near."""
    scored: list[tuple[int, str]] = []
    if len(key) < FUZZY_MIN - 1:
        return None
    for line in lines:
        best = None
        for lab in line.labels:
            lk = label_key(lab)
            limit = len(lk) // 4
            # cheap bound first: a quarter of the label's characters missing from the text's head
            if len(lk) < FUZZY_MIN or sum(ch not in key[:len(lk) + 3] for ch in lk) > limit:
                continue
            for n in range(max(FUZZY_MIN - 1, len(lk) - 3), min(len(key), len(lk) + 3) + 1):
                d = edit_distance(key[:n], lk)
                if d <= limit and (best is None or d < best):
                    best = d
        if best is not None:
            scored.append((best, line.key))
    if not scored:
        return None
    scored.sort()
    if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1] != scored[0][1]:
        return None
    return next(ln for ln in lines if ln.key == scored[0][1])


def near_in_gap(text: str, lines: Iterable[Line], rests: Iterable[Line] = ()) -> Optional[Line]:
    """The one line, of those the template's order leaves for a row (between the rows matched before and
    after it), whose label the text nearly starts with: within max(1, a quarter of the label) edits, short
    labels too (予以公看, 重复申, 其用), or whose label's head it nearly is (a label wrapped after its values);
    after the wrapped rest of a label of `rests` (the rows before) and a note (其政府信息公开申请 其种). The
    nearest wins, then the one explaining more of the text (规部性文件: 规范性文件, not 规章); a tie: None."""
    key = label_key(text)
    tails = [key] + [_NOTE.sub("", key[len(e):], count=1) if _NOTE.match(key, len(e)) else key[len(e):]
                     for e in _rest_heads(key, tuple(rests))]
    scored: list[tuple[int, int, str]] = []
    for line in lines:
        best = None
        for lab in line.labels:
            lk = label_key(lab)
            if len(lk) < 2:
                continue
            limit = max(1, len(lk) // 4)
            for k in tails:
                # a label matched whole (其他) is compared whole: 其用 is it, 其他处理 is not
                heads = [len(k)] if line.exact else range(max(2, len(lk) - limit), min(len(k), len(lk) + limit) + 1)
                ds = [(edit_distance(k[:n], lk), -n) for n in heads if n]
                if not line.exact and FUZZY_MIN <= len(k) < len(lk) - limit:  # the label's head, wrapped after
                    d = edit_distance(k, lk[:len(k)])
                    ds.append((d, -len(k)) if d <= max(1, len(k) // 4) else (len(lk), 0))
                for d, n in ds:
                    if d <= limit and d < len(lk) and (best is None or (d, n) < best):
                        best = (d, n)
        if best is not None:
            scored.append((*best, line.key))
    scored.sort()
    if not scored or (len(scored) > 1 and scored[1][:2] == scored[0][:2]):
        return None
    return next(ln for ln in lines if ln.key == scored[0][2])


def _rest_heads(key: str, rests: tuple[Line, ...]) -> list[str]:
    """Heads of the text that are the end of a label of `rests` (at least 2 characters, not the whole text)."""
    ends = {label_key(lab) for ln in rests for lab in ln.labels}
    return [key[:i] for i in range(2, len(key)) if _ends_one(key[:i], ends)]


def _ends_one(head: str, ends) -> bool:
    """`head` is the end of one of the label keys `ends` (a wrapped label's rest), not a whole one."""
    return any(e.endswith(head) and e != head for e in ends)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (characters inserted, deleted or replaced)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_NOTE = re.compile(r"[（(][^（()）]*[)）]")  # a parenthetical note after a label: （区分处理的，只计这一情形…）
_LAST_NOTE = re.compile(r"[（(][^（()）]*[)）]$")
_NOTE_REST = re.compile(r"[^（()）]+[)）]")  # the rest of a note the line before opened: 信息不存在）
_FILLER = re.compile(r"[、，,.．:：;；]+")


def split_labels(text: str, lines: Iterable[Line]) -> Optional[list[Line]]:
    """The row labels a text runs together, in the order printed (a label cell spanning two value lines:
    （二）部分公开（区分处理的，…）属于国家秘密), when the whole text is those labels — their ordinals, notes
    and punctuation aside — each label taken longest first; else None."""
    labels = _labels(lines)
    key = _NOTE.sub("", label_key(text))
    out: list[Line] = []
    i = 0
    while i < len(key):
        skip = _ORDINAL.match(key, i) or _FILLER.match(key, i)
        if skip and skip.end() > i:
            i = skip.end()
            continue
        best = max(((len(lk), line) for line, lk in labels.keyed if lk and not line.exact and key.startswith(lk, i)),
                   default=None, key=lambda x: x[0])
        if best is None:
            best = _near_head(key, i, labels)
        if best is None:
            return None
        out.append(best[1])
        i += best[0]
    return out


def _near_head(key: str, i: int, labels: _Labels) -> Optional[tuple[int, Line]]:
    """(length, line) of the head of key[i:] that nearly is one row's label (其他法律行政止公开 run into the
    next label, 信访举报投拆类申请): the one line `near_line` names, the length nearest its label after which
    the next label (or the end) starts exactly; else None."""
    line = near_line(key[i:], labels.lines)
    if line is None:
        return None
    scored = []
    for lab in line.labels:
        lk = label_key(lab)
        for n in range(max(FUZZY_MIN - 1, len(lk) - len(lk) // 4), len(lk) + len(lk) // 4 + 1):
            j = i + n
            if j > len(key) or edit_distance(key[i:j], lk) > len(lk) // 4:
                continue
            nxt = j == len(key) or any(k and not ln.exact and key.startswith(k, j) for ln, k in labels.keyed)
            if nxt:
                scored.append((edit_distance(key[i:j], lk), n))
    if not scored:
        return None
    scored.sort()
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # two cuts as near: where this label ends, the text does not say
    return scored[0][1], line
