"""A page's words as pdfplumber's `WordExtractor().extract_wordmap(chars)` gives them (default settings:
the words of `extract_words`, the text lines of `extract_text_lines`), done in one loop where every
char is upright and has text: lines clustered by top with pdfplumber's own `cluster_objects`, chars
sorted by x0, a word ended by a blank or by `char_begins_new_word`'s test, each word the dict of its
`merge_chars`. Other pages go to pdfplumber. `text_lines` gives `extract_text_lines` from such a word
map without the text map. `tests/test_pdf_speed.py` checks both against pdfplumber on every
fixture PDF page."""
from __future__ import annotations

import re
from operator import itemgetter
from typing import Any, Optional

from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES, WordExtractor, WordMap

X_TOL, Y_TOL = DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE


class Words(WordMap):
    """A word map made here: every char upright and with text, no word holding a blank."""


def extract_wordmap(chars: list[dict], x_ratio: Optional[float] = None) -> WordMap:
    """`x_ratio`: pdfplumber's `x_tolerance_ratio` (a gap wider than this many char sizes ends a word)."""
    if not (all(map(_UPRIGHT, chars)) and all(map(_TEXT, chars))):  # rotated text, chars without text
        return WordExtractor(x_tolerance_ratio=x_ratio).extract_wordmap(chars)
    out: list[tuple[dict, list[dict]]] = []
    add, y_tol = out.append, Y_TOL
    for line in lines_by_top(chars):
        line.sort(key=_X0)  # so no char starts left of the one before (pdfplumber's first test)
        word: list[dict] = []
        p: Optional[dict] = None  # the last char of the word
        for c in line:
            if c["text"].isspace():
                if word:
                    add((merged(word), word))
                word, p = [], None
            elif p is None:
                word, p = [c], c
            elif c["x0"] > p["x1"] + (X_TOL if x_ratio is None else x_ratio * p["size"]) or abs(c["top"] - p["top"]) > y_tol:
                add((merged(word), word))
                word, p = [c], c
            else:
                word.append(c)
                p = c
        if word:
            add((merged(word), word))
    if any(" " in w["text"] or "\n" in w["text"] for w, _ in out):  # a char's text with a blank in it
        return WordExtractor(x_tolerance_ratio=x_ratio).extract_wordmap(chars)
    return Words(out)


def lines_by_top(chars: list[dict]) -> list[list[dict]]:
    """pdfplumber's `cluster_objects(chars, itemgetter("top"), Y_TOL)` (Y_TOL > 0) without its sorts
    of pairs: the distinct tops sorted, a cluster ended where the next top is more than Y_TOL below
    the last, the chars put in their cluster's list in their order (its stable sort by cluster)."""
    cluster: dict[float, int] = {}
    last, k = None, -1
    for top in sorted(set(map(_TOP, chars))):
        if last is None or top > last + Y_TOL:
            k += 1
        cluster[top] = k
        last = top
    lines: list[list[dict]] = [[] for _ in range(k + 1)]
    for c in chars:
        lines[cluster[c["top"]]].append(c)
    return lines


def text_lines(words: WordMap) -> Optional[list[tuple[str, float, float, float, float]]]:
    """pdfplumber's `extract_text_lines()` (text, x0, top, x1, bottom) of a `Words` map: its text map
    (no layout) is the lines, clustered by the words' tops in their order, each the words joined by
    one space; a line's box is that of its chars. None for another word map."""
    if not isinstance(words, Words):
        return None
    out = []
    for line in cluster_objects(words.tuples, lambda t: t[0]["top"], Y_TOL, preserve_order=True):
        ws = [w for w, _ in line]  # each word's box is its chars' (merged): the line's is its words'
        text = " ".join(map(_TEXT, ws))
        if not text.strip():  # extract_text_lines leaves out blank lines
            continue
        out.append((text, min(map(_X0, ws)), min(map(_TOP, ws)), max(map(_X1, ws)), max(map(_BOTTOM, ws))))
    return out


_X0, _X1, _TOP, _BOTTOM, _TEXT, _UPRIGHT = (itemgetter(k) for k in ("x0", "x1", "top", "bottom", "text", "upright"))
_LIGATURE = re.compile("|".join(LIGATURES))


def merged(chars: list[dict]) -> dict[str, Any]:
    """pdfplumber's `merge_chars` for upright chars read left to right (the ligatures expanded per char
    only where the text holds one)."""
    first = chars[0]
    if len(chars) == 1:
        x0, top, x1, bottom = first["x0"], first["top"], first["x1"], first["bottom"]
    else:
        x0, top = min(map(_X0, chars)), min(map(_TOP, chars))
        x1, bottom = max(map(_X1, chars)), max(map(_BOTTOM, chars))
    text = "".join(map(_TEXT, chars))
    if _LIGATURE.search(text):
        text = "".join(LIGATURES.get(c["text"], c["text"]) for c in chars)
    return {"text": text, "x0": x0, "x1": x1,
            "top": top, "doctop": top + (first["doctop"] - first["top"]), "bottom": bottom,
            "upright": first["upright"], "height": bottom - top, "width": x1 - x0, "direction": "ltr"}
