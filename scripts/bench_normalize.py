"""Round-trip benchmark for extractor.normalize.

Corpus: simplified report texts (the real fixtures in ../shared/fixtures/real
and tests/data/zh_synthetic_reports.txt) converted to zh-TW by OpenCC s2twp
and by zhconv zh-tw, then back to simplified by each candidate. Prints the
character error rate (edit distance / length) of each candidate on each
converter's output, and the cost of normalize_text relative to OpenCC t2s.

    PYTHONPATH=src python scripts/bench_normalize.py

zhconv is only needed here (optional extra `bench`); the loaders and the CER
function are imported by tests/test_normalize.py, which uses s2twp only.
"""

from __future__ import annotations

import difflib
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "tests" / "data" / "zh_synthetic_reports.txt"


def shared_real_dir() -> Path | None:
    for base in (ROOT.parent / "shared", Path("/work/shared")):
        if (base / "fixtures" / "real").is_dir():
            return base / "fixtures" / "real"
    return None


def load_originals() -> dict[str, str]:
    """Simplified originals: real fixtures (when present) plus the synthetic text."""
    texts: dict[str, str] = {"synthetic": SYNTHETIC.read_text(encoding="utf-8")}
    real = shared_real_dir()
    if real is None:
        return texts
    from bs4 import BeautifulSoup

    html = (real / "pingtan_2024.html").read_text(encoding="utf-8")
    texts["pingtan_2024.html"] = BeautifulSoup(html, "lxml").get_text("\n")
    for name in ("pingtan_2024_text.txt", "pingtan_2016_text.txt"):
        texts[name] = (real / name).read_text(encoding="utf-8")
    import pdfplumber

    with pdfplumber.open(real / "huaian_2024.pdf") as pdf:
        texts["huaian_2024.pdf"] = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return texts


def edit_distance(ref: str, hyp: str) -> int:
    """difflib alignment, exact Levenshtein inside each differing block."""
    sm = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    from extractor.labels import edit_distance as levenshtein
    return sum(levenshtein(ref[i1:i2], hyp[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


def char_error_rate(ref: str, hyp: str) -> float:
    """Edit distance / len(ref), line by line when the line counts agree."""
    ref_lines, hyp_lines = ref.split("\n"), hyp.split("\n")
    if len(ref_lines) == len(hyp_lines):
        dist = sum(edit_distance(r, h) for r, h in zip(ref_lines, hyp_lines) if r != h)
    else:
        dist = edit_distance(ref, hyp)
    return dist / max(1, len(ref))


def differences(ref: str, hyp: str, context: int = 3) -> list[tuple[str, str]]:
    """(original, round trip) snippets around each difference, for reading."""
    sm = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    return [
        (ref[max(0, i1 - context) : i2 + context], hyp[max(0, j1 - context) : j2 + context])
        for op, i1, i2, j1, j2 in sm.get_opcodes()
        if op != "equal"
    ]


def forward_converters(with_zhconv: bool = True) -> dict[str, Callable[[str], str]]:
    import opencc

    fwd: dict[str, Callable[[str], str]] = {"opencc s2twp": opencc.OpenCC("s2twp.json").convert}
    if with_zhconv:
        import zhconv

        fwd["zhconv zh-tw"] = lambda s: zhconv.convert(s, "zh-tw")
    return fwd


def build_corpus(with_zhconv: bool = True) -> list[tuple[str, str, str, str]]:
    """(source name, forward converter, reference, converted text).

    The reference is the original after the character layer (U+3000/NBSP →
    space …), which is what normalize_text is meant to give back.
    """
    from extractor.normalize import normalize_chars

    originals = load_originals()
    return [
        (name, conv, normalize_chars(text), forward(text))
        for conv, forward in forward_converters(with_zhconv).items()
        for name, text in originals.items()
    ]


def _backward() -> dict[str, Callable[[str], str]]:
    """Candidates; the baselines get our character layer too, so only script work is compared."""
    import opencc
    import zhconv

    from extractor.normalize import normalize_chars, normalize_text

    t2s, tw2sp = opencc.OpenCC("t2s.json"), opencc.OpenCC("tw2sp.json")
    return {
        "ours normalize_text": lambda s: normalize_text(s).text,
        "opencc t2s": lambda s: normalize_chars(t2s.convert(s)),
        "opencc tw2sp": lambda s: normalize_chars(tw2sp.convert(s)),
        "zhconv zh-cn": lambda s: normalize_chars(zhconv.convert(s, "zh-cn")),
    }


def _best_time(fn: Callable[[], object], repeat: int = 15) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(show: int = 10) -> int:
    import opencc

    from extractor.normalize import normalize_text

    corpus = build_corpus()
    convs = sorted({c for _, c, _, _ in corpus})
    total_chars = sum(len(ref) for _, c, ref, _ in corpus if c == convs[0])
    print(f"corpus: {len({n for n, *_ in corpus})} texts, {total_chars} characters per converter")
    print(f"{'candidate':<22}" + "".join(f"{c:>16}" for c in convs))
    worst: list[tuple[str, str, str]] = []
    for cand, back in _backward().items():
        row = []
        for conv in convs:
            dist = length = 0
            for name, c, ref, converted in corpus:
                if c != conv:
                    continue
                hyp = back(converted)
                dist += round(char_error_rate(ref, hyp) * max(1, len(ref)))
                length += len(ref)
                if cand.startswith("ours"):
                    worst += [(conv, a, b) for a, b in differences(ref, hyp)]
            row.append(f"{100 * dist / length:>15.4f}%")
        print(f"{cand:<22}" + "".join(row))
    if worst:
        print(f"\nremaining differences of normalize_text ({len(worst)}):")
        for conv, a, b in worst[:show]:
            print(f"  [{conv}] {a!r} -> {b!r}")

    # Cost: per paragraph, as the pipeline calls it.
    t2s = opencc.OpenCC("t2s.json")
    paragraphs = [p for _, _, _, text in corpus for p in text.split("\n") if p.strip()]
    normalize_text(paragraphs[0])  # build the lazy tables outside the timing
    t_ours = _best_time(lambda: [normalize_text(p) for p in paragraphs])
    t_base = _best_time(lambda: [t2s.convert(p) for p in paragraphs])
    whole = [text for *_, text in corpus]
    w_ours = _best_time(lambda: [normalize_text(t) for t in whole])
    w_base = _best_time(lambda: [t2s.convert(t) for t in whole])
    print(f"\ncost normalize_text / t2s: {t_ours / t_base:.2f}x per paragraph ({len(paragraphs)} calls), "
          f"{w_ours / w_base:.2f}x per whole text")
    simplified = [p for _, c, ref, _ in corpus if c == convs[0] for p in ref.split("\n") if p.strip()]
    s_ours = _best_time(lambda: [normalize_text(p) for p in simplified])
    s_base = _best_time(lambda: [t2s.convert(p) for p in simplified])
    print(f"cost on simplified paragraphs (pass-through) / t2s: {s_ours / s_base:.2f}x")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
