"""zh-TW vocabulary back to simplified, on word boundaries and by context.

After OpenCC ``t2s`` a zh-TW converter's vocabulary is left behind as words
that may stand for several simplified ones (资料 is 资料 or 数据, 著 is 著 or
着, 介面 is 界面 but not in 媒介面向). ``data/zh_context.json`` (built by
``scripts/build_zh_context.py`` from OpenCC's own TWPhrases/TWVariants tables
reversed, zhconv's zh-TW table and simplified report text) gives, for every
such word (a *key*), its candidates and a small naive-Bayes model over the
characters either side and the report section.

For each key found in the text:

1. a curated rule of ``data/zh_repairs.tsv`` whose context holds decides
   (overrides);
2. else the model picks the best candidate when it is sure (log-odds margin
   ≥ ``MARGIN``), otherwise the t2s reading stays and ``undecided:<key>`` is
   counted;
3. a change is made only where the key is a run of whole words: where a
   dictionary word could straddle its edge, the clause is segmented with jieba
   (dictionary extended with the template labels and the repair table's words)
   and the key must start and end on token boundaries.

Keys are found by an OpenCC converter made from the key list (one C++ pass
marking each key), jieba is loaded only when a straddle is possible, so the
cost stays a small multiple of t2s alone (``scripts/bench_normalize.py``).
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from functools import lru_cache, partial, reduce
from itertools import accumulate
from math import log
from operator import add, itemgetter
from typing import TYPE_CHECKING, Callable, Optional


from .files import package_file

if TYPE_CHECKING:
    import opencc

__all__ = ["MARGIN", "clear_memo", "features", "key_entry", "mark", "model_entry", "repair_vocabulary", "replacement_entry",
           "section_of_heading"]

DEFAULT_MARGIN = 8.0  # … and to keep the key against a curated default (开放档案, not 档案 → 文件; cross-validated)
MARGIN = 0.5  # natural-log odds the best candidate needs over the next one (≈ 1.6 : 1; 2-fold cross-validation on the dev passages)
# Marks of the marking pass: supplementary private-use characters (plane 15), which report text never
# holds (the BMP private-use area it may: PDF symbol glyphs, GBK user-defined characters). The pass writes
# each word it marks as four SEPs around three fields, SEP counter SEP key SEP replacement SEP, so that
# its output is read by str.split and list slices in C (`_read`), with no Python step per mark:
SEP = "\U000f0002"
KEY = "\U000f0000"  # the counter field of a key left to decide (its replacement field: the key itself)
COUNTERS = 0xF0100  # first counter, naming the replacement made in the pass (data/zh_context.json "counters")
CHECKED = 0xF8000  # … and from here, one whose key a word may straddle (checked before it stands; "fixed")
_CHECKED = chr(CHECKED)


def key_entry(key: str, rest: str = "") -> str:
    """What the marking pass writes for a key left to decide (and the text `rest` after it, where one
    entry covers both: 通讯 + 息 in 畅通讯息)."""
    return replacement_entry(key, key, KEY) + rest


def replacement_entry(key: str, to: str, counter: str) -> str:
    """What the marking pass writes for a replacement it makes (`counter`: its counter character)."""
    return SEP + counter + SEP + key + SEP + to + SEP


_PRIVATE = re.compile("([\U000f0000-\U0010ffff]+)")
_WINDOW = 10  # characters of clause either side handed to jieba
_CJK_LEFT = re.compile(r"[\u4e00-\u9fff]{1,%d}$" % _WINDOW)
_CJK_RIGHT = re.compile(r"[\u4e00-\u9fff]{1,%d}" % _WINDOW)
_HEADING = re.compile(r"^\s*([一二三四五六])、")
_NUMBERED = re.compile("、(?<=[一二三四五六]、)")  # a numeral 、, for `_headings`
SECTIONS = {"一": "overview", "二": "proactive_disclosure", "三": "requests", "四": "review_litigation",
            "五": "problems", "六": "other"}


@lru_cache(maxsize=1)
def _data() -> dict:
    raw = package_file("data/zh_context.json").read_bytes()
    data = _shipped(raw)
    if data is None:
        data = json.loads(raw)
    for key in ("counters", "fixed", "replaced", "straddle", "model", "jieba_words", "shields", "via", "indicators", "counter_via",
                "stays"):
        if key not in data:
            raise ValueError(f"data/zh_context.json: missing {key!r}")
    if not all(isinstance(v, str) for v in data["model"].values()):
        raise ValueError("data/zh_context.json: each key's model must be its JSON text (rebuild the data)")
    return data


def _shipped(raw: bytes) -> Optional[dict]:
    """data/zh_context.marshal: the JSON's own dict, read about 4× faster on a process's first traditional
    text (start-up, issue 16: 3 ms against 11), where it was written from these very bytes (their length
    and CRC-32, by build_zh_context.write_data); else None and the JSON is read."""
    import marshal
    import zlib

    try:
        cached = marshal.loads(package_file("data/zh_context.marshal").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(cached, dict) or cached.get("json") != [len(raw), zlib.crc32(raw)]:
        return None
    return cached.get("data")


_ENTRY = ("prior", "seen", "unseen", "w")


@lru_cache(maxsize=None)
def model_entry(key: str) -> Optional[dict]:
    """The model of one key ({"prior", "seen", "unseen", "w"}), None if it has none. Each key's model is
    stored as its own JSON text and decoded when first asked: a report meets a few dozen keys, and
    decoding all of them was a third of a traditional report's first normalisation."""
    text = _data()["model"].get(key)
    if text is None:
        return None
    entry = json.loads(text)
    if not isinstance(entry, dict) or any(not isinstance(entry.get(k), dict) for k in _ENTRY):
        raise ValueError(f"data/zh_context.json: the model of {key!r} lacks one of {_ENTRY}")
    return entry


@lru_cache(maxsize=2)
def _marker(seen: bool = False) -> opencc.OpenCC:
    """OpenCC t2s and the key marking in one pass (data/zh_context_mark.json: t2s's tables and the keys'
    traditional spellings in one dictionary, longest match first, like t2s itself). `seen`: for text the
    character layer has seen (normalize._char_layer), data/zh_context_mark_seen.json, the same less t2s's
    normalization step, a pass of its own over the text that changes nothing there: the layer has mapped
    every character of it as the step does (tests/test_zh_cost.py checks it)."""
    import opencc  # loaded with the first traditional text

    return opencc.OpenCC(str(package_file("data/zh_context_mark_seen.json" if seen else "data/zh_context_mark.json")))


@lru_cache(maxsize=1)
def _jieba():
    """jieba's default dictionary plus our words; loaded the first time a straddle needs it."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for word, freq in _data()["jieba_words"].items():
        tk.add_word(word, freq)
    return tk


_HAN = re.compile("[\u4e00-\u9fd5]+")  # jieba's Chinese characters (its re_han_default less ASCII)


def _tokens(window: str) -> list[str]:
    """`_jieba().cut(window, HMM=False)`. A window of jieba's Chinese characters alone is one block of it
    with no ASCII to merge: its tokens are the route jieba's `calc` finds over its `get_DAG`, found here by
    the same sums in the same order (the best (log-probability, end) pair at each position, the first on a
    tie, as its max()) without its generators (tests/test_zh_cost.py checks both cut alike)."""
    tk = _jieba()
    if _HAN.fullmatch(window) is None:
        return list(tk.cut(window, HMM=False))
    dag = tk.get_DAG(window)
    get, n = tk.FREQ.get, len(window)
    logtotal = log(tk.total)
    route = {n: (0, 0)}
    for i in range(n - 1, -1, -1):
        best = None
        for x in dag[i]:
            here = (log(get(window[i : x + 1]) or 1) - logtotal + route[x + 1][0], x)
            if best is None or here > best:
                best = here
        route[i] = best
    out, x = [], 0
    while x < n:
        y = route[x][1] + 1
        out.append(window[x:y])
        x = y
    return out


def section_of_heading(line: str) -> Optional[str]:
    m = _HEADING.match(line)
    return SECTIONS[m.group(1)] if m else None


WORD_SIZES = (2, 3, 4)  # lengths of the words either side of a key the model weighs
SENTENCE_WORDS = (2, 3)  # … and of the other words of its sentence
SENTENCE_SPAN = 12  # characters either side of a key whose words count as its sentence's (up to 。；！？)
_SENTENCE_ENDS = "。；！？!?;\n"
_TO_LAST_END = re.compile("(?s:.*)[%s]" % _SENTENCE_ENDS)  # a left context up to its last sentence end
_FIRST_END = re.compile("[%s]" % _SENTENCE_ENDS)
# the slices of a context of each length that are its words of SENTENCE_WORDS characters
_GRAMS = [[slice(i, i + n) for n in SENTENCE_WORDS for i in range(length - n + 1)] for length in range(SENTENCE_SPAN + 1)]


_NEIGHBOURS = ("l1", "l2", "r1", "r2")  # the kinds of `_neighbours`, in its order


def _neighbours(text: str, start: int, end: int) -> tuple[str, str, str, str]:
    """The one and two characters before and after the key text[start:end] (l1 l2 r1 r2)."""
    return text[start - 1 : start], text[start - 2 if start > 2 else 0 : start], text[end : end + 1], text[end : end + 2]


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The key's sentence within SENTENCE_SPAN characters either side (cut at 。；！？): left and right of it."""
    left = text[start - SENTENCE_SPAN if start > SENTENCE_SPAN else 0 : start]  # (max() is a slow call)
    right = text[end : end + SENTENCE_SPAN]
    if (m := _TO_LAST_END.match(left)) is not None:
        left = left[m.end() :]
    if (m := _FIRST_END.search(right)) is not None:
        right = right[: m.start()]
    return left, right


def features(text: str, start: int, end: int, section: Optional[str], words: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """What the model weighs about the key text[start:end]: the two characters either side (l1 l2 r1
    r2), the report section, and the words of `words` (jieba's dictionary when learning, the words the
    key's model knows at run time): the word just before (lw:) and just after (rw:) the key, and the
    other words of its sentence within SENTENCE_SPAN characters (sw:: 数据 near 共享, 在线 near 办理)."""
    out = [kind + ":" + t for kind, t in zip(_NEIGHBOURS, _neighbours(text, start, end))]
    out.append("sec:" + (section or ""))
    if not words:
        return out
    left, right = _sentence(text, start, end)
    out += ["lw:" + w for n in WORD_SIZES if len(left) >= n and (w := left[-n:]) in words]
    out += ["rw:" + w for n in WORD_SIZES if len(right) >= n and (w := right[:n]) in words]
    grams = set(map(left.__getitem__, _GRAMS[len(left)]))  # its 2- and 3-grams, sliced in C
    grams.update(map(right.__getitem__, _GRAMS[len(right)]))
    out += ["sw:" + w for w in grams & words]
    return out


def _on_boundaries(text: str, start: int, end: int, key: str, cache: dict, lo: int = 0, hi: int = 1 << 30) -> bool:
    """Does no jieba token cross an edge of text[start:end]?

    A token that reaches past `lo` or `hi` (the ends of the neighbouring keys) does not count: it is
    made of converter damage (释出资讯 reads 释|出资|讯 until 释出 is 发布 again).
    """
    left, right = _data()["straddle"].get(key, ("", ""))
    if not ((start and text[start - 1] in left) or (end < len(text) and text[end] in right)):
        return True  # no dictionary word can cross either edge
    m = _CJK_LEFT.search(text, start - _WINDOW if start > _WINDOW else 0, start)
    a = m.start() if m else start
    m = _CJK_RIGHT.match(text, end)
    b = m.end() if m else end
    window = text[a:b]
    spans = cache.get(window)
    if spans is None:
        spans, pos = [], a
        for tok in _tokens(window):
            spans.append((pos, pos + len(tok)))
            pos += len(tok)
        cache[window] = spans
    elif spans and spans[0][0] != a:  # the same window elsewhere in the text
        spans = [(x - spans[0][0] + a, y - spans[0][0] + a) for x, y in spans]
    for x, y in spans:
        crosses = (x < start < y < end) or (start < x < end < y)
        if crosses and lo <= x and y <= hi:
            return False
    return True


_DECISIONS: dict[tuple, tuple[str, float]] = {}  # the model is a function of (key, the text its features see, section): memoised
_MAX_DECISIONS = 100_000


def _choose(key: str, text: str, start: int, end: int, section: Optional[str], margin: float = MARGIN) -> Optional[str]:
    """The model's candidate, or None when it is not `margin` sure."""
    a, b = start - SENTENCE_SPAN - 2 if start > SENTENCE_SPAN + 2 else 0, end + SENTENCE_SPAN + 2
    memo = (key, text[a:b], start - a, section)
    ranked = _DECISIONS.get(memo)
    if ranked is None:
        cands, prior, weights = _scorer(key)
        if len(cands) == 1:
            ranked = (cands[0], float("inf"))
        elif len(cands) == 2:  # the sums of `_total`, in its order; the first on a tie, as the sort below
            x, y = prior
            for w in _weighed(weights, text, start, end, section):
                x += w[0]
                y += w[1]
            ranked = (cands[1], y - x) if y > x else (cands[0], x - y)
        else:
            scores = list(map(_total, zip(prior, *_weighed(weights, text, start, end, section))))
            order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
            ranked = (cands[order[0]], scores[order[0]] - scores[order[1]])  # the best and its lead
        if len(_DECISIONS) >= _MAX_DECISIONS:
            _DECISIONS.clear()
        _DECISIONS[memo] = ranked
    best, lead = ranked
    return best if lead >= margin else None


_total = partial(reduce, add)  # a candidate's prior and weights added left to right, as written in `features` order
_KINDS = ("l1", "l2", "r1", "r2", "sec", "lw", "rw", "sw")  # the kinds of feature `features` names


def _weighed(weights: tuple, text: str, start: int, end: int, section: Optional[str]) -> filter:
    """The weights of `features(text, start, end, section, words)` without naming the features: each kind's
    weights are looked up by the text itself, in `features` order but for the sentence words' (a set's
    order there, which string hashing makes differ between processes), and only the lengths of word the
    key's model has are sliced (tests/test_zh_cost.py checks both give the same on the bench texts)."""
    l1, l2, r1, r2, sec, lw, rw, sw, lw_sizes, rw_sizes, sw2, heads3 = weights
    found = [l1.get(text[start - 1 : start]), l2.get(text[start - 2 if start > 2 else 0 : start]), r1.get(text[end : end + 1]),
             r2.get(text[end : end + 2]), sec.get(section or "")]
    if sw is None:
        return filter(None, found)
    left, right = _sentence(text, start, end)
    nl, nr = len(left), len(right)
    for n in lw_sizes:
        if nl >= n:
            found.append(lw.get(left[-n:]))
    for n in rw_sizes:
        if nr >= n:
            found.append(rw.get(right[:n]))
    # the sentence's 2-grams (sliced in C) that are the model's words, and its 3-character words of those
    # whose first two stand among them: each word once, as `features`' set of grams gives it
    if not (sw2 or heads3):
        return filter(None, found)
    grams = _GRAMS2[nl](left) + _GRAMS2[nr](right)
    found += map(sw.__getitem__, sw2.intersection(grams))
    if heads3 and (heads := heads3.keys() & grams):
        for head in heads:
            for word in heads3[head]:
                if word in left or word in right:
                    found.append(sw[word])
    return filter(None, found)


def _no_grams(part: str) -> tuple:
    return ()


# for each length of context, what cuts it into its 2-character words (one C call: a map of its
# __getitem__ costs a method wrapper a slice); itemgetter of one item would give that item, not a tuple
_GRAMS2 = [itemgetter(*[slice(i, i + 2) for i in range(max(1, length - 1))] * (1 if length > 2 else 2))
           if length >= 2 else _no_grams for length in range(SENTENCE_SPAN + 1)]


@lru_cache(maxsize=None)
def _scorer(key: str) -> tuple[tuple[str, ...], tuple[float, ...], tuple]:
    """`_compiled(key)` with its weights split by kind of feature, each keyed by the text the feature
    names (l1:务 → l1["务"]), the lengths of its lw: and rw: words, its 2-character sw: words and its
    3-character ones by their first two characters (sw None: the key has no word features). Made per key
    when first asked: a report meets a few dozen of the model's keys, and compiling them all was most
    of a cold start."""
    cands, prior, weights, words = _compiled(key)
    by_kind: dict[str, dict] = {kind: {} for kind in _KINDS}
    for f, w in weights.items():
        kind, _, raw = f.partition(":")
        if kind not in by_kind:
            raise ValueError(f"zh_context: feature {f!r} of {key!r} is of no kind _weighed knows: teach it")
        by_kind[kind][raw] = w
    lw, rw, sw = by_kind["lw"], by_kind["rw"], by_kind["sw"]
    sizes = [tuple(n for n in WORD_SIZES if any(len(w) == n for w in d)) for d in (lw, rw)]
    heads3: dict[str, list[str]] = {}  # the model's 3-character words by their first two
    for w in [w for w in sw if len(w) == 3]:
        heads3.setdefault(w[:2], []).append(w)
    return cands, prior, (*(by_kind[k] for k in _KINDS[:-1]), sw if words else None, *sizes,
                          frozenset(w for w in sw if len(w) == 2), heads3)


@lru_cache(maxsize=None)
def _compiled(key: str) -> tuple[tuple[str, ...], tuple[float, ...], dict[str, tuple[float, ...]], frozenset[str]]:
    """The model of one key as (candidates, log priors, feature → log weights in candidate order, the
    words of its word features), the weight of a candidate a feature was never seen with filled in."""
    entry = model_entry(key)
    cands = tuple(sorted(entry["prior"]))
    unseen = entry["unseen"]
    weights = {f: tuple(w.get(c, unseen[c]) for c in cands) for f, w in entry["w"].items() if w}
    words = frozenset(f[3:] for f in weights if f[:3] in ("lw:", "rw:", "sw:"))
    return cands, tuple(entry["prior"][c] for c in cands), weights, words


KEEP_CUE = 1.0  # log-odds a neighbouring character must give the key over a curated default's word …


@lru_cache(maxsize=None)
def _keep_cues(key: str, to: str) -> Optional[tuple[frozenset[str], ...]]:
    """… for the model to be asked whether to keep the key there (开放|档案: l2:开放): the l1/l2/r1/r2
    features that favour `key` over `to` by KEEP_CUE, as the texts of each kind in `_NEIGHBOURS` order
    (None: not one; without one it could not be DEFAULT_MARGIN sure)."""
    cands, _, weights, _ = _compiled(key)
    if key not in cands or to not in cands:
        return None
    i, j = cands.index(key), cands.index(to)
    cues = {f for f, w in weights.items() if f[:2] in _NEIGHBOURS and w[i] - w[j] >= KEEP_CUE}
    if not cues:
        return None
    return tuple(frozenset(f[len(kind) + 1 :] for f in cues if f.partition(":")[0] == kind) for kind in _NEIGHBOURS)


def _cue(key: str, to: str, text: str, start: int, end: int) -> bool:
    cues = _keep_cues(key, to)
    if cues is None:
        return False
    l1, l2, r1, r2 = cues  # (`_neighbours`, each sliced only where the kind has a cue)
    return bool((l1 and text[start - 1 : start] in l1) or (l2 and text[start - 2 if start > 2 else 0 : start] in l2)
                or (r1 and text[end : end + 1] in r1) or (r2 and text[end : end + 2] in r2))


def clear_memo() -> None:
    """Forget memoised decisions (benchmarks measure a cold start with this)."""
    _DECISIONS.clear()


EVIDENCE = 2  # times a word must stand unconverted (and at least half as often as its key) to be evidence


def _converter_keeps(text: str, key: str, to: str, n_key: int, memo: dict) -> bool:
    """Does `to` stand in the text often enough (outside the words the converter keeps whole,
    大数据; a stray one is converter segmentation) to show that the text's converter does not
    turn it into `key` (zhconv keeps 数据, s2twp makes it 资料)? Then `key` is the agency's word."""
    if (key, to) not in memo:
        shields = _shields(key, to)
        n = 0
        if shields is not None:
            n = text.count(to)
            if n:
                n -= sum(text.count(w) for w in shields if w in text)
        memo[key, to] = n >= EVIDENCE and 2 * n >= n_key
    return memo[key, to]


def _shields(key: str, to: str) -> Optional[list[str]]:
    """The words holding `to` that a converter mapping it to `key` keeps whole (None: `to` is no evidence)."""
    return _data()["shields"].get(key, {}).get(to)


INDICATED = 1  # indicator words standing unconverted that rule a converter out


@lru_cache(maxsize=1)
def _indicator_re() -> re.Pattern[str]:
    words = {w for words in _data()["indicators"].values() for w, _ in words}
    return re.compile("|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w)))) or "(?!)")  # one string every run


def ruled_out(text: str, counted: Optional[Counter] = None) -> frozenset[str]:
    """The converters the text did not go through: at least EVIDENCE of the report words each always
    changes (s2twp: 信息, 数据, 在线 …; outside the words keeping them whole) stand unconverted in it.
    When that rules out every converter but some that cannot make a zh-TW word the marking pass
    replaced (`counted`: zhconv never writes 最佳化), the text went through none we know: nothing is
    ruled out (the per-word evidence of _converter_keeps still holds)."""
    out = []
    data = _data()
    found = set(_indicator_re().findall(text))  # one scan; the words found (and those inside them) counted
    if found:
        found.update(w for words in data["indicators"].values() for w, _ in words if any(w in f for f in found))
    for name, words in data["indicators"].items():
        n = 0
        for word, shields in words:
            k = text.count(word) if word in found else 0
            if k:
                n += max(0, k - sum(text.count(w) for w in shields if w in text))
                if n >= INDICATED:
                    out.append(name)
                    break
    return _unless_unknown(out, counted)


def _unless_unknown(out: list[str], counted: Optional[dict]) -> frozenset[str]:
    """`out`, unless the converters it leaves cannot make what the marking pass replaced (`counted`)."""
    if out and counted:
        data = _data()
        left = set(data["indicators"]) - set(out)
        for ch in counted:
            left.intersection_update(data["counter_via"].get(ch, left))
        if not left:
            return frozenset()
    return frozenset(out)


class _RuledOut:
    """`ruled_out(text, counted)` answered lazily, for `_possible`: a converter none of whose own words
    stands is not ruled out, whatever the others show (s2twp's mirrors: opencc's words are scanned for,
    and zhconv's only when asked); the whole answer only where a converter's words stand (the `counted`
    exception needs them all). Read as the frozenset: `name in gone`, `bool(gone)`."""

    __slots__ = ("text", "counted", "standing", "whole")

    def __init__(self, text: str, counted: Optional[dict]) -> None:
        self.text, self.counted = text, counted
        self.standing: dict[str, bool] = {}
        self.whole: Optional[frozenset[str]] = None

    def __contains__(self, name: str) -> bool:
        if self.whole is None and not self._stands(name):
            return False
        return name in self._all()

    def __bool__(self) -> bool:
        return bool(self._all())

    def _stands(self, name: str) -> bool:
        if (stands := self.standing.get(name)) is None:
            stands = self.standing[name] = _stands(self.text, name)
        return stands

    def _all(self) -> frozenset[str]:
        if self.whole is None:
            if _indicators_overlap():
                self.whole = ruled_out(self.text, self.counted)
            else:
                self.whole = _unless_unknown([n for n in _data()["indicators"] if self._stands(n)], self.counted)
        return self.whole


def _indicators_overlap() -> bool:
    """Does an indicator word start inside another and end past it? Only then can `ruled_out`'s one
    scan (leftmost, longest first, and the words inside those found) miss a word that stands: else the
    words it finds are the words that stand, and each converter can be asked alone (`_stands`).
    (Kept in the loaded data, so that a rebuild's `_data.cache_clear()` forgets it too.)"""
    data = _data()
    if (overlap := data.get("_indicators_overlap")) is None:
        words = {w for words in data["indicators"].values() for w, _ in words}
        overlap = data["_indicators_overlap"] = any(overlaps(m, w) for m in words for w in words)
    return overlap


def overlaps(m: str, w: str) -> bool:
    """Does w start inside m and end past it (短信 | 信息 in 短信息)?"""
    return any(m[j:] == w[: len(m) - j] for j in range(1, len(m)) if len(w) > len(m) - j)


def _stands(text: str, name: str) -> bool:
    """Does one of the converter's indicator words stand in the text (INDICATED times, outside its
    shields)? `ruled_out`'s count for one converter, where its scan finds every word that stands."""
    n = 0
    for word, shields in _data()["indicators"][name]:
        if word in text:
            n += max(0, text.count(word) - sum(text.count(w) for w in shields if w in text))
            if n >= INDICATED:
                return True
    return False


def document_gone(text: str) -> frozenset[str]:
    """`ruled_out` for a whole document's text before t2s (the character layer's output), with the counts
    of its marking pass."""
    try:
        _, _, counted, plain = _mark(text, True)
    except KeyError:  # a private-use character of the text itself
        return ruled_out(_plain_t2s(text), None)
    return ruled_out(plain, counted)


def _plain_t2s(text: str) -> str:
    """t2s alone of a text holding private-use characters (the marks' own): piece by piece."""
    parts = _PRIVATE.split(text)
    return "".join(p if i % 2 else _mark(p, True)[3] for i, p in enumerate(parts))


def _possible(key: str, to: str, gone: "frozenset[str] | _RuledOut", text: str, start: int) -> bool:
    """Can a converter the text may have gone through make text[start:…] = `key` of `to` here?
    (Pairs no converter table makes, curated converter damage: yes.)"""
    via = _data()["via"].get(key, {}).get(to)
    if not via:
        return True
    return _acts_here(via, gone, text, start)[0] or not gone  # (nothing ruled out: yes)


def _acts_here(by: dict, gone: "frozenset[str] | _RuledOut", text: str, start: int) -> tuple[bool, bool]:
    """(whether a converter of `by` not ruled out acts on the word at text[start:…] — everywhere ("*"), or
    inside a phrase of its list standing there, [phrase, the word's offset in it] —, whether any converter
    of `by` is not ruled out). The place test of both `_possible` and `_stays`."""
    left = False
    for name, where in by.items():
        if name in gone:
            continue
        left = True
        if where == "*" or any(text.startswith(phrase, start - i) for phrase, i in where if i <= start):
            return True, True
    return False, left


def _possible_anywhere(key: str, to: str, gone: "frozenset[str] | _RuledOut") -> bool:
    """Is `_possible(key, to, gone, text, start)` true wherever the key stands (no converter table makes
    the pair, or one not ruled out makes it everywhere)? Else the answer depends on the place."""
    via = _data()["via"].get(key, {}).get(to)
    return not via or any(where == "*" and name not in gone for name, where in via.items())


def mark(text: str) -> tuple[str, list[tuple[str, int, int]], Optional[Counter]]:
    """The one OpenCC pass over text before t2s: (t2s's text with the context-free keys replaced,
    [(key, start, end)] left to decide, counts of the replacements made, by counter character)."""
    return _read(text)[:3]


def _mark(text: str, seen: bool = False) -> tuple[str, list[tuple[str, int, int]], Optional[Counter], str]:
    """`mark` and the text t2s alone makes (each replacement back to its key: the converter evidence);
    `seen`: as `_marker`'s."""
    out, hits, counted, parts = _read(text, seen)
    return out, hits, counted, _plain(parts) if parts else out


def _read(text: str, seen: bool = False) -> tuple[str, list[tuple[str, int, int]], Optional[Counter], Optional[list[str]]]:
    """`mark`, and the marking output split at its SEPs (None without marks: t2s's text is the text), from
    which `_plain` rebuilds t2s's own text when the converter evidence needs it.

    parts[4i] is text, parts[4i + 1 : 4i + 4] the counter, key and replacement of the i-th word marked:
    the split, the counts, the text (the keys' fields dropped) and t2s's own (the replacements' dropped)
    are C steps over the whole output; Python steps only per key left to decide and per checked key."""
    if SEP in text:  # (no scan for a text without astral characters)
        raise KeyError(SEP)  # not ours (the caller keeps such characters apart)
    marked = _marker(seen).convert(text)
    parts = marked.split(SEP)
    if len(parts) == 1:
        return marked, [], None, None
    if len(parts) % 4 != 1:
        raise KeyError(SEP)  # a marking dictionary of other data
    counters = parts[1::4]
    if max(counters) >= _CHECKED:
        _unless_straddled(parts, counters)
    counted = Counter(counters)  # in the order they first stand (the order of report.repairs)
    opened = counted.pop(KEY, 0)
    if not counted.keys() <= _data()["counters"].keys():
        raise KeyError(SEP)
    out = parts[:]
    del out[2::4]  # text, counter, replacement, …
    del out[1::3]  # text, replacement, …
    hits = []
    if opened:
        ends = list(accumulate(map(len, out)))  # out[: j + 1] are ends[j] characters
        i = -1
        for _ in range(opened):
            i = counters.index(KEY, i + 1)
            key = parts[4 * i + 2]
            pos = ends[2 * i]
            hits.append((key, pos, pos + len(key)))
    return "".join(out), hits, counted or None, parts


def _plain(parts: list[str]) -> str:
    """t2s's own text from the split marking output: each key instead of its replacement, marks dropped."""
    plain = parts[:]
    del plain[3::4]  # text, counter, key, …
    del plain[1::3]  # text, key, …
    return "".join(plain)


def _unless_straddled(parts: list[str], counters: list[str]) -> None:
    """Undo a context-free replacement where a word may cross the key's edge: the runtime decides there
    (its counter becomes KEY, its replacement the key; in `parts` and `counters`). The checks see the
    text fields beside it, as the pass wrote them: a mark is no word character, nor are the start and
    the end of the text."""
    fixed, straddle = _data()["fixed"], _data()["straddle"]
    for i in [i for i, ch in enumerate(counters) if ch >= _CHECKED]:
        key, _ = fixed[counters[i]]
        left, right = straddle[key]
        before, after = parts[4 * i], parts[4 * i + 4]
        if (before and before[-1] in left) or (after and after[0] in right):
            counters[i] = parts[4 * i + 1] = KEY
            parts[4 * i + 3] = key


def _headings(text: str) -> tuple[list[int], list[str]]:
    """(positions, section keys) of the 一、…六、 headings that start a line (after spaces or tabs).
    Found by their 、 (a literal: a fast scan; "\n" is every line's, and lines are short in PDF text)."""
    at, keys = [], []
    for m in _NUMBERED.finditer(text):
        p = j = m.start() - 1  # the numeral
        while j and text[j - 1] in " \t":
            j -= 1
        if not j or text[j - 1] == "\n":
            at.append(p)
            keys.append(SECTIONS[text[p]])
    return at, keys


def repair_vocabulary(
    text: str,
    counts: dict[str, int],
    rule_for: Callable[[str, str, int, int], Optional[tuple[str, str, str]]],
    section: Optional[str] = None,
    converters_gone: Optional[Callable[[], frozenset[str]]] = None,
) -> str:
    """Traditional (or mixed) text → t2s and the simplified words the agency wrote (one OpenCC pass, `mark`).
    The text is one the character layer has seen (normalize_text's; `_marker`'s `seen`).

    `converters_gone`: the converters the whole document did not go through (`ruled_out` of all its text,
    computed on first need); without it this text's own evidence is used. A paragraph alone can look
    unconverted by a converter the rest of the document shows (the seed: 信息 stands in most paragraphs,
    最佳化 in one), so the pipeline passes the document's.

    `rule_for(key, text, start, end)` gives the curated (rule id, replacement, kind) that holds for the
    key text[start:end], or None (see normalize._curated_rule); `section` is the report section the text is in, when known.
    The marking pass has already replaced the keys whose reading does not depend
    on context (each with its counter, `replacement_entry`) and marked the others, and those
    next to a possible word straddle, as keys left to decide (`key_entry`).
    """
    try:
        text, hits, counted, parts = _read(text, True)
    except KeyError:  # a SEP of the marks (plane-15 private use) in the text itself: kept apart
        parts = _PRIVATE.split(text)
        return "".join(p if i % 2 else repair_vocabulary(p, counts, rule_for, section, converters_gone)
                       for i, p in enumerate(parts))
    if counted:
        ids = _data()["counters"]
        for ch, n in counted.items():
            counts[ids[ch]] = counts.get(ids[ch], 0) + n
    if not hits:
        return text
    via = _data()["via"]
    stays = _data()["stays"]
    headings = None
    evidence: dict[tuple[str, str], bool] = {}
    possible: dict[tuple[str, str], bool] = {}  # `_possible_anywhere` by (key, replacement)
    gone: Optional[frozenset[str] | _RuledOut] = None  # converters the text did not go through (counted on first need)
    before: Optional[str] = None  # t2s's own text (rebuilt on first need)
    per_key: Optional[Counter] = None
    out: list[str] = []
    done = 0
    cache: dict = {}
    for i, (key, start, end) in enumerate(hits):
        rule = rule_for(key, text, start, end)
        kind = ""
        if rule is not None:
            rule_id, to, kind = rule
        if rule is None or kind == "default":
            weighed = _weighing(key)  # (has weights, its candidates)
            if weighed is None or (rule is not None and (not weighed[0] or (
                    weighed[1] <= {to, key} and not _cue(key, to, text, start, end)))):
                if rule is None:
                    continue
            else:
                if headings is None:
                    headings = ([], []) if section else _headings(text)
                k = bisect.bisect_left(headings[0], start)
                here = section or (headings[1][k - 1] if k else None)
                chosen = _choose(key, text, start, end, here)
                if rule is not None and chosen in (None, key):  # keeping the converter's word over a default
                    chosen = _choose(key, text, start, end, here, DEFAULT_MARGIN)
                if rule is None and chosen in (None, key) and key in stays:
                    if gone is None:
                        gone, before = _text_gone(converters_gone, before, parts, counted)
                    if not _stays(stays[key], gone, text, start):
                        chosen = _other(key)
                if chosen is not None and (rule is None or chosen != to):
                    rule_id, to = "", chosen  # over a curated default: another repair (介面: 接口), or the key when sure
                elif rule is None:
                    counts["undecided:" + key] = counts.get("undecided:" + key, 0) + 1
                    continue
        if to == key:
            continue
        if kind != "context":
            lo = hits[i - 1][2] if i else 0
            hi = hits[i + 1][1] if i + 1 < len(hits) else len(text)
            if not _on_boundaries(text, start, end, key, cache, lo, hi):
                continue
            if (key, to) not in evidence:
                if per_key is None:
                    per_key = Counter([h[0] for h in hits])
                if before is None and _shields(key, to) is not None:
                    before = _plain(parts)
            if _converter_keeps(before, key, to, per_key[key], evidence):
                continue
        if key in via:
            if gone is None:
                gone, before = _text_gone(converters_gone, before, parts, counted)
            anywhere = possible.get((key, to))  # (a place-free answer: once per pair)
            if anywhere is None:
                anywhere = possible[key, to] = _possible_anywhere(key, to, gone)
            if not anywhere and not _possible(key, to, gone, text, start):
                continue
        rule_id = rule_id or f"context:{key}>{to}"
        counts[rule_id] = counts.get(rule_id, 0) + 1
        out.append(text[done:start])
        out.append(to)
        done = end
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def _text_gone(converters_gone: Optional[Callable[[], frozenset[str]]], before: Optional[str], parts: list[str],
               counted: Optional[Counter]) -> tuple["frozenset[str] | _RuledOut", Optional[str]]:
    """(the converters the text did not go through: the document's when given, else this text's own
    evidence, read lazily; t2s's own text, rebuilt from the marks where that needed it)."""
    if converters_gone is not None:
        return converters_gone(), before
    before = before or _plain(parts)
    return _RuledOut(before, counted), before


def _stays(by: dict, gone: "frozenset[str] | _RuledOut", text: str, start: int) -> bool:
    """Can the key text[start:…] be the agency's own word: does a converter the text may have gone through
    leave it here (data "stays": s2twp writes 程式 for 程序 but keeps 司法程序)? Nothing ruled out, or
    every converter (OpenCC s2t keeps both 信息 and 数字化): yes."""
    if not gone:
        return True
    here, left = _acts_here(by, gone, text, start)
    return here or not left


def _other(key: str) -> Optional[str]:
    """Where the key cannot be the agency's word: the other candidate of a two-candidate key (else None)."""
    cands = _scorer(key)[0]
    if len(cands) != 2 or key not in cands:
        return None
    return cands[1] if cands[0] == key else cands[0]


@lru_cache(maxsize=None)
def _weighing(key: str) -> Optional[tuple[bool, frozenset[str]]]:
    """(whether the key's model has weights, its candidates); None: the key has no model."""
    entry = model_entry(key)
    return None if entry is None else (bool(entry["w"]), frozenset(entry["prior"]))
