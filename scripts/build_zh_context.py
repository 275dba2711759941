"""Build src/extractor/data/zh_context.json and the key-marking OpenCC dictionary.

    PYTHONPATH=src .venv/bin/python scripts/build_zh_context.py      (needs the `bench` extra: zhconv)

1. Candidates: OpenCC's TWPhrases and TWVariants tables (dumped with the
   opencc_dict tool the opencc wheel ships) and zhconv's zh-TW table, reversed:
   a zh-TW word, as t2s leaves it (the key), stands for the simplified words
   that map to it, and for itself.
2. Straddle sets: for each key, the characters before / after it that let a
   word of jieba's dictionary (plus template labels and repair-table words)
   cross its edge; only there does the runtime segment.
3. Model: simplified report text (scripts/data/zh_context_train.txt, zh_context_dev.txt and zh_context_prose.txt, the
   generated fixtures, tests/data/zh_synthetic_reports.txt, the real reports in
   ../shared/fixtures/real) is sent through OpenCC s2twp and zhconv zh-tw and
   back through t2s; every key found is labelled with the word of the original
   it replaced (difflib alignment). Naive-Bayes weights over the features of
   extractor.zh_context.features; priors mix the training counts with jieba's
   word frequencies (a mainland corpus), so keys never seen in training still
   get a sensible default.

Nothing here runs at run time; the outputs are package data. The held-back
passages (tests/data/zh_heldout*_passages.txt) are never read.
"""

from __future__ import annotations

import difflib
import json
import marshal
import math
import subprocess
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from functools import partial
from typing import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "extractor" / "data"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from extractor import zh_context  # noqa: E402
from extractor.normalize import load_rules  # noqa: E402

ALPHA = 0.5  # additive smoothing of the feature counts
PRIOR_WEIGHT = 2.0  # pseudo-counts of the jieba-frequency prior
MIN_SHARE = 1e-4  # floor of a candidate's jieba share (a word jieba never saw)
STRADDLE_MIN_FREQ = 20  # rarer jieba words (因敌取资) never win a segmentation against common ones
WORD_MIN_FREQ = 20  # jieba count a word needs to be a context feature of the model
KEY_MIN_FREQ = 100  # jieba count a key's source word needs, unless the training reports use it
HANT_MIN_FREQ = 50  # … a zh2Hant word of zhconv's (复核 66, 复审 61: report words jieba counts rarely)
HANT_WORDS: set[str] = set()  # the simplified words zhconv's zh2Hant table loses through t2s (candidates())
NAME_TAGS = {"ns", "nr", "nrt", "nrfg", "nt", "nz"}  # place, person, organisation names: not report vocabulary
STRADDLE_MIN_RISK = 5.0  # keys less likely than this to be two words' characters are not segmented
CONVERTERS = 2  # OpenCC and zhconv: a word only one of them converts is half as likely behind a key
VIA: dict[tuple[str, str], set[str]] = defaultdict(set)
ROWS: dict[str, list[tuple[str, str]]] = defaultdict(list)  # converter → its table (source, t2s of target)
TABLE_WORDS: set[str] = set()  # the source words of the converters' tables (大数据, which s2twp keeps)  # (key, candidate) → the tables that map one to the other


def _opencc_bin(name: str) -> Path:
    import opencc

    return Path(opencc.__file__).parent / "clib" / "bin" / name


def opencc_tables() -> dict[str, list[tuple[str, list[str]]]]:
    import opencc

    tool, share = _opencc_bin("opencc_dict"), Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("TWPhrases", "TWVariants"):
            txt = Path(tmp) / f"{name}.txt"
            subprocess.run([str(tool), "-i", str(share / f"{name}.ocd2"), "-o", str(txt), "-f", "ocd2", "-t", "text"],
                           check=True)
            rows = []
            for ln in txt.read_text(encoding="utf-8").splitlines():
                src, _, dst = ln.partition("\t")
                rows.append((src, dst.split(" ")))
            out[name] = rows
    return out


def candidates() -> dict[str, set[str]]:
    """key (a zh-TW word after t2s) → the simplified words it may stand for (itself included)."""
    import opencc

    t2s = opencc.OpenCC("t2s.json").convert
    cands: dict[str, set[str]] = defaultdict(set)
    for rows in opencc_tables().values():
        for src, dsts in rows:
            for dst in dsts:
                cands[t2s(dst)].add(t2s(src))
                VIA[t2s(dst), t2s(src)].add("opencc")
                ROWS["opencc"].append((t2s(src), t2s(dst)))
                TABLE_WORDS.add(t2s(src))
    try:
        import zhconv.zhconv as zc

        zc.loaddict()
        # zh-tw is zh2TW over zh2Hant: a zh2Hant word t2s does not give back (复核 → 覆核) is lost as well
        hant = [(simp, tw) for simp, tw in zc.zhcdicts["zh2Hant"].items()
                if simp not in zc.zhcdicts["zh2TW"] and len(simp) > 1 and t2s(tw) != simp]
        HANT_WORDS.update(simp for simp, _ in hant)
        for simp, tw in [*zc.zhcdicts["zh2TW"].items(), *hant]:
            cands[t2s(tw)].add(simp)
            TABLE_WORDS.add(simp)
            VIA[t2s(tw), simp].add("zhconv")
            ROWS["zhconv"].append((simp, t2s(tw)))
    except ImportError:
        print("zhconv not installed: its zh-TW table is left out", file=sys.stderr)
    out = {}
    for key, cs in cands.items():
        cs = {c for c in cs if c and c != key and t2s(c) == c}  # a candidate must be simplified text
        if cs and all("\u4e00" <= ch <= "\u9fff" or ch.isascii() for ch in key):
            out[key] = {key} | cs
    return out


def jieba_tags() -> dict[str, str]:
    """Part-of-speech tags of jieba's dictionary (word freq tag per line)."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    out = {}
    for ln in path.read_text(encoding="utf-8").splitlines():
        parts = ln.split(" ")
        if len(parts) == 3:
            out[parts[0]] = parts[2]
    return out


def redundant(key: str, cands: set[str]) -> bool:
    """A key the curated table already turns into one of its candidates (入口网站 by 入口网 → 门户网):
    left out, so that the curated row decides. A keep row (to = find: 档案馆) repairs nothing and makes no key
    redundant (标头档案 stays a key, for 红头文件)."""
    for rule in load_rules():
        if rule.find not in (key, rule.to) and rule.find in key and key.replace(rule.find, rule.to) in cands:
            return True
    return False


def template_labels() -> set[str]:
    labels = set()
    for path in (ROOT / "src" / "extractor" / "templates").glob("gov-*.json"):
        def walk(x):
            if isinstance(x, dict):
                for k, v in x.items():
                    if k in ("labels", "markers") and isinstance(v, list):
                        labels.update(s for s in v if isinstance(s, str))
                    else:
                        walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
        walk(json.loads(path.read_text(encoding="utf-8")))
    return {s for s in labels if 2 <= len(s) <= 12 and all("\u4e00" <= c <= "\u9fff" for c in s)}


def jieba_words(freq: dict[str, int]) -> dict[str, int]:
    """Template labels and the repair table's words, for jieba (a word it has keeps its frequency)."""
    words = template_labels()
    for rule in load_rules():
        words.update(w for w in (rule.find, rule.to) if len(w) >= 2)
    return {w: max(freq.get(w, 0), 20) for w in sorted(words) if all("\u4e00" <= c <= "\u9fff" for c in w)}


def straddle_risk(keys: list[str], freq: dict[str, int]) -> dict[str, float]:
    """Expected occurrences, per jieba's corpus, of a key's characters split across two words:
    Σ over the cuts of the key of (count of words ending in the left part) × (starting with the right) / total."""
    ends: Counter = Counter()
    starts: Counter = Counter()
    for w, f in freq.items():
        if f > 0:
            for i in range(1, min(len(w), 4) + 1):
                ends[w[-i:]] += f
                starts[w[:i]] += f
    total = sum(f for f in freq.values() if f > 0)
    return {k: sum(ends[k[:m]] * starts[k[m:]] for m in range(1, len(k))) / total for k in keys}


def straddle_sets(keys: list[str], words: list[str]) -> dict[str, tuple[str, str]]:
    """Characters before (after) a key that end (start) a word crossing its first (last) edge.

    A word that holds the whole key (电子档案 around 档案) does not cross it.
    """
    by_first, by_last = defaultdict(list), defaultdict(list)
    for k in keys:
        by_first[k[0]].append(k)
        by_last[k[-1]].append(k)
    left, right = defaultdict(set), defaultdict(set)
    for w in words:
        n = len(w)
        for i in range(1, n):
            for k in by_first.get(w[i], ()):
                if n - i < len(k) and k.startswith(w[i:]):
                    left[k].add(w[i - 1])
        for i in range(n - 1):
            for k in by_last.get(w[i], ()):
                if i + 1 < len(k) and k.endswith(w[: i + 1]):
                    right[k].add(w[i + 1])
    return {k: ("".join(sorted(left[k])), "".join(sorted(right[k]))) for k in keys if left[k] or right[k]}


def training_texts() -> dict[str, str]:
    import bench_normalize as bench

    texts = {name: (ROOT / "scripts" / "data" / f"zh_context_{name}.txt").read_text(encoding="utf-8")
             for name in ("train", "dev", "prose")}
    texts.update(bench.load_originals())  # synthetic + real reports
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        try:
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # the GBK / Big5 fixtures of the text reader
            continue
    from extractor.normalize import detect_script

    return {n: t for n, t in texts.items() if detect_script(t) == "simplified"}


def _label(ref: str, hyp: str, eq: dict[int, int], s: int, e: int, cands: set[str]) -> str | None:
    """The word of `ref` that hyp[s:e] replaced, anchored on the unchanged text either side."""
    a = 0 if s == 0 else (eq[s - 1] + 1 if s - 1 in eq else None)
    b = len(ref) if e == len(hyp) else eq.get(e)
    if a is not None and b is not None:
        return ref[a:b] if ref[a:b] in cands else None
    if a is not None:
        found = [c for c in cands if ref.startswith(c, a)]
    elif b is not None:
        found = [c for c in cands if ref.endswith(c, 0, b)]
    else:
        return None
    return max(found, key=len) if found else None


def _equal_map(ref: str, hyp: str) -> dict[int, int]:
    """hyp offset → ref offset inside the blocks difflib finds unchanged."""
    eq = {}
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref, hyp, autojunk=False).get_opcodes():
        if op == "equal":
            eq.update(zip(range(j1, j2), range(i1, i2)))
    return eq


VOCAB: frozenset[str] = frozenset()  # the words of word features (set by main): jieba's common words, the extra ones


def examples(texts: dict[str, str], cands: dict[str, set[str]]):
    """(key, label, features) for every key in the round-tripped training texts."""
    import opencc


    from bench_normalize import forward_converters

    t2s = opencc.OpenCC("t2s.json").convert
    cache: dict = {}
    for name, text in texts.items():
        for conv, forward in forward_converters().items():
            section = None
            for ref in text.split("\n"):
                section = zh_context.section_of_heading(ref) or section
                hyp, hits, _ = zh_context.mark(forward(ref))
                if not hits:
                    continue
                eq = _equal_map(ref, hyp)
                for key, s, e in hits:
                    if key not in cands or not zh_context._on_boundaries(hyp, s, e, key, cache):
                        continue  # runtime never changes a key across a word edge: nothing to learn there
                    label = _label(ref, hyp, eq, s, e, cands[key])
                    if label is not None:
                        yield key, label, zh_context.features(hyp, s, e, section, VOCAB)


def model(cands: dict[str, set[str]], freq: dict[str, int], texts: dict[str, str]) -> dict[str, dict]:
    """Per key: log priors, log feature weights per candidate, the weight of an unseen feature."""
    n_class: dict[str, Counter] = defaultdict(Counter)
    n_feat: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for key, label, feats in examples(texts, cands):
        n_class[key][label] += 1
        for f in feats:
            n_feat[key][f][label] += 1
    out = {}
    for key in sorted(cands):
        cs = sorted(cands[key])
        # P(candidate | key) before context: how common the word is (jieba's counts, +1 for a converter's
        # source word jieba lacks) times the share of converters that turn it into the key
        weight = {c: 1.0 if c == key else (freq.get(c, 0) + 1) * len(VIA[key, c]) / CONVERTERS for c in cs}
        weight[key] = freq.get(key, 0)
        total_w = sum(weight.values())
        share = {c: max(MIN_SHARE, weight[c] / total_w) for c in cs}
        n = n_class[key]
        total = sum(n.values())
        prior = {c: round(math.log((n[c] + PRIOR_WEIGHT * share[c]) / (total + PRIOR_WEIGHT)), 3) for c in cs}
        vocab = max(2, len(n_feat[key]) // 5)
        unseen = {c: round(math.log(ALPHA / (n[c] + ALPHA * vocab)), 3) for c in cs}
        weights = {}
        if len([c for c in cs if n[c]]) > 1:  # context can only matter between candidates seen in training
            for f, by_c in n_feat[key].items():
                weights[f] = {c: round(math.log((by_c[c] + ALPHA) / (n[c] + ALPHA * vocab)), 3) for c in cs}
        else:
            unseen = {c: 0.0 for c in cs}
        out[key] = {"prior": prior, "w": weights, "unseen": unseen, "seen": dict(n)}
    return out


def classify(keys: list[str], model_: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """key → (kind, …): ("fixed", rule id, replacement) where the reading never depends on
    context, ("undecided", id) where it is never sure, ("context",) where the runtime decides."""
    by_find: dict[str, list] = defaultdict(list)
    for rule in load_rules():
        by_find[rule.find].append(rule)
    out = {}
    for key in keys:
        rules = by_find.get(key)
        entry = model_.get(key)
        if rules:  # an unconditional row is the default where report text shows no ambiguity (介面: 界面 or 接口)
            fixed = rules[0].unconditional and not (entry and entry["w"])
            out[key] = ("fixed", rules[0].id, rules[0].to) if fixed else ("context",)
            continue
        if entry["w"]:
            out[key] = ("context",)
            continue
        ranked = sorted(entry["prior"].items(), key=lambda kv: -kv[1])
        if ranked[0][1] - ranked[1][1] < zh_context.MARGIN:
            out[key] = ("undecided", "undecided:" + key)
        elif ranked[0][0] != key:
            out[key] = ("fixed", f"context:{key}>{ranked[0][0]}", ranked[0][0])
    return out


def write_marker(kinds: dict[str, tuple], straddle: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The marking dictionary; returns (counter character → repair id, checked counter → (key, replacement),
    counter character → key)."""
    entries: dict[str, str] = {}
    counters: dict[str, str] = {}
    keys: dict[str, str] = {}  # counter character → its key
    fixed: dict[str, tuple[str, str]] = {}  # counter of a replacement to check for straddles → (key, replacement)
    replaced: dict[str, tuple[str, str]] = {}  # every counter → (key, replacement): t2s's text rebuilt from the marks
    for n, key in enumerate(sorted(kinds)):
        kind = kinds[key]
        if kind[0] == "context":
            entries[key] = zh_context.key_entry(key)
            continue
        checked = kind[0] == "fixed" and key in straddle
        ch = chr((zh_context.CHECKED if checked else zh_context.COUNTERS) + n)
        counters[ch] = kind[1]
        keys[ch] = key
        entries[key] = zh_context.replacement_entry(key, kind[2] if kind[0] == "fixed" else key, ch)
        replaced[ch] = (key, kind[2] if kind[0] == "fixed" else key)
        if checked:
            fixed[ch] = (key, kind[2])
    # where one key's end is the next one's start (通讯 + 讯息 in 畅通讯息), the first one is taken,
    # as the curated table's leftmost-longest reading expects, and left to the runtime
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for b in kinds:
        for k in range(1, len(b)):
            by_prefix[b[:k]].append(b)
    for a in list(kinds):
        for k in range(1, len(a)):
            for b in by_prefix.get(a[-k:], ()):
                entries.setdefault(a + b[k:], zh_context.key_entry(a, b[k:]))
    assert zh_context.COUNTERS + len(kinds) < zh_context.CHECKED and zh_context.CHECKED + len(kinds) < 0xFFFFD
    write_single_pass(entries)
    zh_context._marker.cache_clear()
    return counters, fixed, keys, replaced


T2S_TABLES = ("TSPhrases", "TSCharactersExt", "TSCharacters")  # t2s.json's group, in its order
T2S_NORMALIZATION = "CJK_Compatibility_Ideographs"  # t2s.json's normalization step


def _dump(path: Path) -> dict[str, str]:
    """An OpenCC .ocd2 dictionary as {key: values as written (space-separated, the first the default)}."""
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "d.txt"
        subprocess.run([str(_opencc_bin("opencc_dict")), "-i", str(path), "-o", str(txt), "-f", "ocd2", "-t", "text"],
                       check=True)
        return dict(ln.split("\t", 1) for ln in txt.read_text(encoding="utf-8").splitlines() if "\t" in ln)


def _forms(word: str, pre: dict[str, set[str]], chars: dict[str, str]) -> list[str]:
    """The traditional spellings t2s makes `word` of, character by character (a character no table
    changes stands for itself)."""
    import itertools

    return ["".join(p) for p in itertools.product(*[sorted(pre.get(c, set()) | ({c} if c not in chars else set()))
                                                    for c in word])]


def write_single_pass(entries: dict[str, str]) -> None:
    """t2s and the key marking in one OpenCC pass (data/zh_context_mark.json): a dictionary group, longest
    match first over all its dictionaries (`union`), of the marks (data/zh_context_mark.ocd2) and t2s's own
    tables and normalization step (copied beside it from the installed OpenCC, data/zh_t2s_*.ocd2). The
    marks are every traditional spelling of a marking entry and every t2s phrase holding or overlapping
    one, each mapped to what t2s followed by the marking dictionary `entries` (over simplified text) makes
    of it; tests/test_zh_single_pass.py checks that the one pass equals the two on the round-trip texts."""
    import shutil

    import opencc

    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    t2s = opencc.OpenCC("t2s.json").convert
    phrases = _dump(share / "TSPhrases.ocd2")
    chars: dict[str, str] = {}
    for name in ("TSCharactersExt", "TSCharacters"):  # t2s's order: the first table that has a character wins
        for k, v in _dump(share / f"{name}.ocd2").items():
            chars.setdefault(k, v.split(" ")[0])
    pre: dict[str, set[str]] = defaultdict(set)
    for trad, simp in chars.items():
        pre[simp].add(trad)
    with tempfile.TemporaryDirectory() as tmp:  # the marking dictionary alone, over t2s's output
        txt, ocd = Path(tmp) / "mark.txt", Path(tmp) / "mark.ocd2"
        txt.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(entries.items())), encoding="utf-8")
        subprocess.run([str(_opencc_bin("opencc_dict")), "-i", str(txt), "-o", str(ocd), "-f", "text", "-t", "ocd2"],
                       check=True)
        (Path(tmp) / "mark.json").write_text(json.dumps(
            {"name": "marks", "conversion_chain": [{"dict": {"type": "ocd2", "file": "mark.ocd2"}}]}), encoding="utf-8")
        marker = opencc.OpenCC(str(Path(tmp) / "mark.json")).convert

        def two(x: str) -> str:
            return marker(t2s(x))

        marks: dict[str, str] = {}
        for word in entries:
            for form in _forms(word, pre, chars):
                if t2s(form) == word:
                    marks[form] = two(form)
        forms = list(marks)
        for phrase in phrases:
            if (v := two(phrase)) != t2s(phrase):
                marks[phrase] = v
            for form in forms:  # a phrase overlapping a key's spelling at either end: the two as one entry
                for k in range(1, min(len(phrase), len(form))):
                    if phrase.endswith(form[:k]):
                        marks.setdefault(phrase + form[k:], two(phrase + form[k:]))
                    if form.endswith(phrase[:k]):
                        marks.setdefault(form + phrase[k:], two(form + phrase[k:]))
        txt.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(marks.items())), encoding="utf-8")
        subprocess.run([str(_opencc_bin("opencc_dict")), "-i", str(txt), "-o", str(DATA / "zh_context_mark.ocd2"),
                        "-f", "text", "-t", "ocd2"], check=True)
    for name in (T2S_NORMALIZATION, *T2S_TABLES):
        shutil.copyfile(share / f"{name}.ocd2", DATA / f"zh_t2s_{name}.ocd2")
    write_pass_configs()


def write_pass_configs() -> None:
    """The one pass's OpenCC configurations: data/zh_context_mark.json (t2s's normalization step, then the
    group) for any text, and data/zh_context_mark_seen.json (the group alone) for text the character layer
    has seen, which maps every character of that step as it does (tests/test_zh_cost.py checks it)."""
    chain = [{"dict": {"type": "group", "match_policy": "union", "dicts": [
        {"type": "ocd2", "file": "zh_context_mark.ocd2"},
        {"type": "ocd2", "file": "zh_t2s_TSPhrases.ocd2"},
        {"type": "ocd2", "file": "zh_t2s_TSCharactersExt.ocd2", "may_output_tofu": True},
        {"type": "ocd2", "file": "zh_t2s_TSCharacters.ocd2"}]}}]
    name = ("OpenCC t2s and the zh-TW vocabulary keys of data/zh_context.json in one pass "
            "(built by scripts/build_zh_context.py with the installed OpenCC's t2s tables)")
    (DATA / "zh_context_mark.json").write_text(json.dumps({
        "name": name,
        "normalization": [{"dict": {"type": "ocd2", "file": f"zh_t2s_{T2S_NORMALIZATION}.ocd2"}}],
        "conversion_chain": chain,
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (DATA / "zh_context_mark_seen.json").write_text(json.dumps({
        "name": name + ", less t2s's normalization step: for text the character layer has seen",
        "conversion_chain": chain,
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def round_trips(freq: dict[str, int]) -> tuple[Callable[[str], str], dict[str, Callable[[str], str]], list[str]]:
    """(OpenCC t2s, each converter's forward conversion by its name in the data, the words to try them on:
    jieba's words of two characters or more with a count and the converters' table words, sorted)."""
    import opencc

    from bench_normalize import forward_converters

    forwards = forward_converters()
    return (opencc.OpenCC("t2s.json").convert,
            {"opencc": forwards["opencc s2twp"], "zhconv": forwards["zhconv zh-tw"]},
            sorted({w for w, f in freq.items() if f > 0 and len(w) > 1} | TABLE_WORDS))


def shields(kinds: dict[str, tuple], cands: dict[str, set[str]], freq: dict[str, int]) -> dict[str, dict[str, list]]:
    """key → candidate → the words holding the candidate that the converters mapping it to the key
    leave alone (s2twp keeps 大数据 while 数据 becomes 资料): where the candidate shows outside them,
    the document's converter does not make the key of it."""
    t2s, fwd, words = round_trips(freq)
    out: dict[str, dict[str, list]] = {}
    for key, kind in kinds.items():
        if kind[0] != "context":
            continue
        for c in cands.get(key, set()) | ({kind[2]} if len(kind) > 2 else set()):
            if c == key:
                continue
            via = VIA.get((key, c)) or {"opencc", "zhconv"}
            kept = sorted(w for w in words if c in w and w != c and any(c in t2s(fwd[v](w)) for v in via if v in fwd))
            out.setdefault(key, {})[c] = kept
    return out


def stays(kinds: dict[str, tuple], freq: dict[str, int]) -> dict[str, dict[str, object]]:
    """key → converter → "*" where the converter leaves the key's word as it is, else the phrases holding
    it that the converter leaves whole, as [t2s of its output, offset of the key] (s2twp writes 程式 for
    程序 but keeps 司法程序, and writes 程序 for 进程): where every converter the text may have gone
    through changes the word here, the key is not the agency's word (zh_context._stays)."""
    t2s, fwd, words = round_trips(freq)
    out: dict[str, dict[str, object]] = {}
    for key, kind in sorted(kinds.items()):
        if kind[0] != "context" or len(key) < 2:
            continue
        by: dict[str, object] = {}
        for name, forward in fwd.items():
            if t2s(forward(key)) == key:
                by[name] = "*"
                continue
            at = set()
            for w in words:
                if key in w and w != key and len(w) <= len(key) + 4:
                    i = w.find(key)
                    dst = t2s(forward(w))
                    if len(dst) == len(w) and dst[:i] == w[:i] and dst.startswith(key, i):
                        at.add((dst, i))
            by[name] = [list(x) for x in sorted(at)]
        if any(v != "*" for v in by.values()):
            out[key] = by
    return out


INDICATORS = 10  # words per converter counted to tell whether a text went through it
INDICATOR_MIN = 3  # times a word must stand in the training reports to be an indicator


def made_by(key: str, c: str) -> dict[str, object]:
    """converter → "*" where its table turns `c` into `key` as a word, or the [converted phrase, offset
    of the key] where it does so only inside longer phrases (zhconv: 人工智能 → 人工智慧, while 智能 stays)."""
    by: dict[str, object] = {}
    for name in ("opencc", "zhconv"):
        if name in VIA.get((key, c), ()):
            by[name] = "*"
            continue
        at = sorted({(dst, i) for src, dst in ROWS[name] if c in src and src != c
                     for i in [src.find(c)] if dst[:i] == src[:i] and dst.startswith(key, i)})
        if at:
            by[name] = [list(x) for x in at]
    return by


def converter_evidence(kinds: dict[str, tuple], cands: dict[str, set[str]], freq: dict[str, int],
                       corpus: str) -> tuple[dict, dict]:
    """(via, indicators). via: key → candidate → made_by(key, candidate), for the keys decided in
    context. indicators: converter → [word, [words that keep it whole]]: report words the
    converter always changes (信息 → 资讯 for s2twp), so a text where they stand unconverted did not go
    through it, and its replacements (线上 for 在线) are the agency's own words there."""
    t2s, fwd, words = round_trips(freq)
    via: dict[str, dict[str, dict]] = {}
    for key, kind in kinds.items():
        if kind[0] != "context":
            continue
        for c in sorted(cands.get(key, ())):
            if c != key and (by := made_by(key, c)):
                via.setdefault(key, {})[c] = by
    indicators = {}
    taken: list[str] = []  # every converter's words so far: none may overlap another (zh_context._RuledOut)
    for name, forward in fwd.items():
        found = {c for (key, c), v in VIA.items() if name in v and c != key and len(c) > 1}
        found = [w for w in found if corpus.count(w) >= INDICATOR_MIN and t2s(forward(w)) != w]
        mirror = t2s(forward(corpus))
        picked = []
        for w in sorted(found, key=lambda w: (-corpus.count(w), w)):
            shields_ = sorted(x for x in words if w in x and x != w and w in t2s(forward(x)))
            # one unconverted occurrence rules the converter out: only words it never leaves in the
            # training reports' mirrors (s2twp keeps 发布 in 公开发布, so 发布 is no indicator)
            if mirror.count(w) <= sum(mirror.count(x) for x in shields_) and not any(
                    zh_context.overlaps(w, x) or zh_context.overlaps(x, w) for x in taken):
                picked.append([w, shields_])
                taken.append(w)
            if len(picked) == INDICATORS:
                break
        indicators[name] = picked
    return via, indicators


def write_data(data: dict) -> None:
    """data/zh_context.json, each key's model written as its own JSON text (decoded per key when asked)."""
    compact = partial(json.dumps, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    stored = {**data, "model": {k: compact(v) for k, v in data["model"].items()}}
    raw = (compact(stored) + "\n").encode("utf-8")
    (DATA / "zh_context.json").write_bytes(raw)
    # the same dict in marshal, for a quick first read (zh_context._shipped), tied to these bytes
    (DATA / "zh_context.marshal").write_bytes(marshal.dumps({"json": [len(raw), zlib.crc32(raw)], "data": json.loads(raw)}))
    zh_context._data.cache_clear()
    zh_context.model_entry.cache_clear()
    zh_context._weighing.cache_clear()
    zh_context._compiled.cache_clear()
    zh_context._indicator_re.cache_clear()
    zh_context._keep_cues.cache_clear()


def main() -> int:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    freq = jieba.dt.FREQ
    finds = {r.find for r in load_rules()}
    texts = training_texts()
    corpus = "\n".join(texts.values())
    # keys of words a report may hold: a common source word (jieba) or one the report texts use;
    # the rest of OpenCC's table (place names, chemistry …) would only slow the marking pass
    tags = jieba_tags()
    cands = {k: cs for k, cs in candidates().items()
             if not redundant(k, cs)
             and any(c != k and (c in corpus or freq.get(c, 0) >= (HANT_MIN_FREQ if c in HANT_WORDS else KEY_MIN_FREQ)
                                 and tags.get(c) not in NAME_TAGS)
                     for c in cs)}
    keys = sorted(set(cands) | finds)
    extra = jieba_words(freq)
    global VOCAB
    VOCAB = frozenset({w for w, f in freq.items() if f >= WORD_MIN_FREQ and 2 <= len(w) <= 4} | set(extra))
    risk = straddle_risk(keys, freq)
    risky = [k for k in keys if risk[k] >= STRADDLE_MIN_RISK]  # 介面 (媒介|面向) is; 资讯 (工资|讯…) is not
    straddle = straddle_sets(risky, [w for w, f in freq.items() if f >= STRADDLE_MIN_FREQ and len(w) > 1] + list(extra))
    about = ("built by scripts/build_zh_context.py from OpenCC TWPhrases/TWVariants and zhconv zh-TW, reversed; "
             "weights from simplified report text round-tripped through s2twp and zhconv")
    # 1. every key decided at run time: learn which ones depend on context at all
    kinds = {k: ("context",) for k in keys}
    counters, fixed, _, replaced = write_marker(kinds, straddle)
    write_data({"about": about, "counters": counters, "fixed": fixed, "replaced": replaced, "jieba_words": extra, "straddle": straddle,
                "model": {}, "shields": {}, "via": {}, "indicators": {}, "counter_via": {}, "stays": {}})
    kinds = classify(keys, model(cands, freq, texts))
    # 2. the context-free ones replaced in the marking pass; the model relearnt on what the runtime sees
    counters, fixed, key_of, replaced = write_marker(kinds, straddle)
    live = {k for k in kinds if kinds[k][0] != "undecided"}
    data = {"about": about, "counters": counters, "fixed": fixed, "replaced": replaced, "jieba_words": extra,
            "straddle": {k: v for k, v in straddle.items() if k in live}, "model": {}, "shields": {},
            "via": {}, "indicators": {}, "counter_via": {}, "stays": {}}
    write_data(data)
    data["model"] = model({k: cands[k] for k in cands if k in live}, freq, texts)
    data["stays"] = stays(kinds, freq)
    by_find = {}
    for rule in load_rules():
        by_find.setdefault(rule.find, set()).add(rule.to)
    data["shields"] = shields(kinds, {k: cands.get(k, set()) | by_find.get(k, set()) for k in kinds}, freq)
    data["via"], data["indicators"] = converter_evidence(
        kinds, {k: cands.get(k, set()) | by_find.get(k, set()) for k in kinds}, freq, corpus)
    # a context-free replacement made is a sign of the converters that make its key (最佳化: OpenCC only)
    data["counter_via"] = {ch: sorted(by) for ch in sorted(key_of) if kinds[key_of[ch]][0] == "fixed"
                           and (by := made_by(key_of[ch], kinds[key_of[ch]][2]))}
    write_data(data)
    second = data["model"]
    n = Counter(v[0] for v in kinds.values())
    print(f"{len(keys)} keys: {n['fixed']} replaced in the marking pass, {n['undecided']} never sure, "
          f"{n['context']} decided in context; {len(keys) - len(kinds)} dropped (their t2s reading wins); "
          f"{sum(1 for m in second.values() if m['w'])} with context weights; {len(extra)} extra jieba words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
