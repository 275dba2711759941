"""Lean start-up (issue 16): flattened.py finds template labels in the text without compiling a regular
expression per label; the places found are exactly the matches of the label's regular expression."""
import re

from extractor import flattened, templates

from conftest import REAL

TEXTS = [REAL / "pingtan_2024_text.txt", REAL / "pingtan_2016_text.txt"]


def _regex(label: str, follow: str = "") -> re.Pattern:
    chars = [re.escape(ch) for ch in label if not ch.isspace() and ch not in "“”\"'‘’"]
    return re.compile(flattened.SKIPPABLE.join(chars) + (f"(?={follow})" if follow else ""))


def _labels() -> set[str]:
    out = set()
    for version in ("gov-2019", "gov-2021"):
        for t in templates.load(version).tables.values():
            for line in t.rows + t.columns:
                for lab in line.labels:
                    out |= {lab, lab[:len(lab) * 2 // 3]}  # and a prefix, as for a wrapped label
    return out


def _spans(text, label, pos=0, follow=None):
    return [(m.start(), m.end()) for m in flattened._label_spans(text, label, pos, follow)]


def test_label_places_are_the_regex_matches_on_real_reports():
    labels = _labels()
    assert len(labels) > 100
    follow = flattened.NUMBERS_NEXT
    for path in TEXTS:
        text = path.read_text("utf-8")
        found = 0
        for lab in labels:
            want = [(m.start(), m.end()) for m in _regex(lab).finditer(text)]
            assert _spans(text, lab) == want, lab
            found += bool(want)
            pos = want[0][0] + 1 if want else len(text) // 2
            assert _spans(text, lab, pos) == [(m.start(), m.end()) for m in _regex(lab).finditer(text, pos)], lab
            m = _regex(lab, follow.pattern).search(text)
            got = _spans(text, lab, 0, follow)
            assert (got[0] if got else None) == (m and (m.start(), m.end())), lab
        assert found > 20 or "2016" in path.name


def test_skippable_characters_between_a_labels_characters_and_overlaps():
    text = "（一）本年 新收\n政府信息「公开」申请数量 | 12 |\n「公开」aaa 1"
    for lab, want in [("本年新收政府信息公开申请数量", [(3, 21)]), ("信息公开", [(11, 16)]), ("「公开」", [(13, 17), (29, 33)])]:
        assert _spans(text, lab) == want == [(m.start(), m.end()) for m in _regex(lab).finditer(text)]
    assert _spans(text, "aa") == [(33, 35)]  # not overlapping, as re.finditer
    assert _spans(text, "aa", 0, re.compile(r"\s")) == [(34, 36)] == [_regex("aa", r"\s").search(text).span()]
