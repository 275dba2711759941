"""zh-TW cost (issue 17): the faster readings of the hot paths give what the plain ones give.

The model's weights are looked up by kind (`zh_context._weighed`) instead of by the feature names that
`zh_context.features` builds (the build learns from those); curated conditions of words joined by | are
tested with str.endswith / str.startswith in place (`normalize._curated_rule`) instead of their regexes:
both checked against the plain readings on every key of the round-trip mirrors of the reports and the
training passages (and each rule's own words around its word); script detection tries Big5 before it
scans for simplified characters (a Big5 text holds none). scripts/compare_normalize.py checks whole
outputs against another checkout's.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from extractor import normalize, zh_context

opencc = pytest.importorskip("opencc")
ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_normalize", ROOT / "scripts" / "bench_normalize.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


@pytest.fixture(scope="module")
def marked() -> list[tuple[str, list[tuple[str, int, int]]]]:
    """(t2s's text with the context-free keys replaced, the keys left to decide) of each mirror."""
    s2twp, s2t = opencc.OpenCC("s2twp.json").convert, opencc.OpenCC("s2t.json").convert
    texts = [*bench.load_originals().values(), bench.load_passages(bench.TRAIN)]
    out = [zh_context.mark(normalize.normalize_chars(f(t)))[:2] for t in texts for f in (s2twp, s2t)]
    assert sum(len(hits) for _, hits in out) > 1000
    return out


def _weights_by_name(key: str, text: str, start: int, end: int, section: str | None) -> list[tuple[float, ...]]:
    """The weights of the named features, in `features` order but for the sentence words' (sw:, a set's
    order there, which string hashing makes differ between processes): those sorted, at the end."""
    _, _, weights, words = zh_context._compiled(key)
    named = [(f, w) for f in zh_context.features(text, start, end, section, words) if (w := weights.get(f)) is not None]
    return [w for f, w in named if f[:3] != "sw:"] + sorted(w for f, w in named if f[:3] == "sw:")


def test_weights_by_kind_are_the_weights_of_the_named_features(marked) -> None:
    model, n, words = zh_context._data()["model"], 0, 0
    for text, hits in marked:
        for key, start, end in hits:
            if key not in model:
                continue
            for section in (None, "requests"):
                fast = list(zh_context._weighed(zh_context._scorer(key)[2], text, start, end, section))
                named = _weights_by_name(key, text, start, end, section)
                k = len(named) - sum(f[:3] == "sw:" for f in zh_context.features(
                    text, start, end, section, zh_context._compiled(key)[3]) if f in zh_context._compiled(key)[2])
                assert fast[:k] + sorted(fast[k:]) == named, (key, text[start - 12 : end + 12])
                n += 1
                words += len(named) - k
    assert n > 1000 and words > 1000  # (the sentence words found by their 2-grams and 3-word heads)


def _regex_rule(key: str, before: str, after: str) -> tuple[str, str, str] | None:
    """normalize._curated_rule read with the rules' own regexes (Rule.left … as compiled by load_rules)."""
    for rule in normalize._rule_index()[1].get(key, ()):
        if (rule.left is not None and rule.left.search(before) is None) or (
                rule.right is not None and rule.right.match(after) is None):
            continue
        if (rule.not_left is not None and rule.not_left.search(before) is not None) or (
                rule.not_right is not None and rule.not_right.match(after) is not None):
            return rule.id, rule.find, "keep"
        if rule.to == rule.find:
            return rule.id, rule.to, "keep"
        return rule.id, rule.to, "default" if rule.unconditional else "context"
    return None


def test_curated_conditions_read_in_place_as_their_regexes(marked) -> None:
    c = normalize._CONTEXT
    cases = [(key, text, start, end) for text, hits in marked for key, start, end in hits]
    # every rule's words right before / after its find, and after a line end (`$` allows one)
    for rule in normalize.load_rules():
        for pattern in (rule.left, rule.not_left, rule.right, rule.not_right):
            for word in (pattern.pattern.strip("(?:)$").split("|") if pattern is not None else []):
                for text in (word + rule.find + word, word + "\n" + rule.find + "\n" + word, "x" * 9 + word + rule.find):
                    i = text.index(rule.find, len(word))
                    cases.append((rule.find, text, i, i + len(rule.find)))
    for key, text, start, end in cases:
        before, after = text[max(0, start - c) : start], text[end : end + c]
        assert normalize._curated_rule(key, text, start, end) == _regex_rule(key, before, after), (key, before, after)


def test_big5_text_holds_no_simplified_character() -> None:
    _, simplified = normalize._script_sets()
    assert simplified and not any(normalize._in_big5(c) for c in simplified)
    assert normalize._in_big5("政府資訊公開") and not normalize._in_big5("政府信息公开")


def test_every_key_of_the_model_compiles() -> None:
    """The model is compiled per key when first asked (`_scorer`): every key's features must be of a
    kind `_weighed` knows, which a key no test text meets would otherwise only show in a user's report."""
    model = zh_context._data()["model"]
    assert len(model) > 20
    for key in model:
        cands, prior, weighed = zh_context._scorer(key)
        assert len(cands) == len(prior) >= 1 and len(weighed) == len(zh_context._KINDS) + 4


def test_ruled_out_read_lazily_as_the_whole_answer() -> None:
    """`zh_context._RuledOut` (one converter's own words first) answers `name in gone` and `bool(gone)`
    as `ruled_out` does, on the t2s texts of the bench mirrors through every converter and on texts made to
    show each converter's words (with and without the marking pass's counts)."""
    import zhconv

    assert not zh_context._indicators_overlap()  # (else _RuledOut asks ruled_out itself)
    names = list(zh_context._data()["indicators"])
    words = [w for ws in zh_context._data()["indicators"].values() for w, _ in ws]
    texts = [t for t in (*bench.load_originals().values(), bench.load_passages(bench.TRAIN)) for t in (
        t, opencc.OpenCC("s2twp.json").convert(t), opencc.OpenCC("s2t.json").convert(t), zhconv.convert(t, "zh-tw"))]
    texts += ["打印度", "打印机和数字化", "政府信息公开", "人工智能", *words]
    n = 0
    for text in texts:
        _, _, counted, plain = zh_context._mark(text)
        for c in (None, counted):
            whole = zh_context.ruled_out(plain, c)
            for order in (names, names[::-1]):
                lazy = zh_context._RuledOut(plain, c)
                assert [name in lazy for name in order] == [name in whole for name in order]
                assert bool(lazy) == bool(whole) and lazy._all() == whole
                n += 1
    assert n > 100


def test_windows_cut_as_jieba_cuts_them(marked) -> None:
    """`zh_context._tokens` (jieba's route found without its generators, for a window of Chinese
    characters alone) cuts as jieba's own `cut(HMM=False)` does: every run of Chinese characters of the
    mirrors, in windows of up to 20 characters from every third one, and windows with ASCII, digits,
    punctuation and characters past jieba's range (which go to jieba itself)."""
    import re

    tk = zh_context._jieba()
    windows = [run[i : i + 20] for text, _ in marked for run in re.findall("[\u4e00-\u9fff]{2,}", text)
               for i in range(0, len(run), 3)]
    windows += ["政府信息公开", "信息公开2024年", "APP上线", "公开，申请", "\u9fd6\u9fd7网站", "网站\u9fff"]
    assert len(windows) > 5000
    for window in windows:
        assert zh_context._tokens(window) == list(tk.cut(window, HMM=False)), window


def test_possible_anywhere_is_possible_everywhere() -> None:
    """Where `_possible_anywhere` says a pair is possible whatever the place, `_possible` says so at every
    place of every key of the bench mirrors (where it says no, `_possible` is asked place by place)."""
    s2twp = opencc.OpenCC("s2twp.json").convert
    n = 0
    for text in bench.load_originals().values():
        out, hits, counted, plain = zh_context._mark(normalize.normalize_chars(s2twp(text)))
        for gone in (zh_context._RuledOut(plain, counted), frozenset(), frozenset({"opencc"}), frozenset({"zhconv"})):
            for key, start, _ in hits:
                for to in zh_context._data()["via"].get(key, {}):
                    if zh_context._possible_anywhere(key, to, gone):
                        assert zh_context._possible(key, to, gone, out, start), (key, to, gone)
                        n += 1
    assert n > 100


def test_pass_without_normalization_step_on_the_character_layers_output(tmp_path) -> None:
    """normalize_text's pass leaves out t2s's normalization step (data/zh_context_mark_seen.json): the character
    layer maps every character of that step's dictionary to the same character, and makes none of them."""
    import subprocess

    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    step = Path(normalize.package_file("data/zh_t2s_CJK_Compatibility_Ideographs.ocd2"))
    subprocess.run([str(tool), "-i", str(step), "-o", str(tmp_path / "step.txt"), "-f", "ocd2", "-t", "text"], check=True)
    rows = [ln.split("\t") for ln in (tmp_path / "step.txt").read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 900 and all(len(k) == 1 for k, _ in rows)  # 丽 (U+F9BF) → 丽 (U+4E3D) …
    step_map = {k: v.split(" ")[0] for k, v in rows}
    for k, v in step_map.items():
        assert normalize.normalize_chars("报告" + k + "年度") == "报告" + v + "年度", k
    assert not set(normalize._CHAR_TABLE[ord(k)] for k in step_map) & step_map.keys()
    # the two passes alike: on every character of the step, in traditional text, and on the mirrors
    raw = "政府資訊公開" + "".join(step_map) + "工作年度報告"
    assert zh_context._marker(True).convert(normalize.normalize_chars(raw)) == zh_context._marker().convert(raw)
    s2twp = opencc.OpenCC("s2twp.json").convert
    for t in map(s2twp, bench.load_originals().values()):
        seen = normalize.normalize_chars(t)
        assert zh_context._marker(True).convert(seen) == zh_context._marker().convert(seen)
