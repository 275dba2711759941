"""Round-trip benchmark for extractor.normalize.

Corpora: simplified report texts (the real fixtures in ../shared/fixtures/real
and tests/data/zh_synthetic_reports.txt), the training and dev passages of the context
model (scripts/data/zh_context_train.txt, zh_context_dev.txt) and, with --heldout, the held-back
passages (tests/data/zh_heldout*_passages.txt), each converted to zh-TW by
OpenCC s2twp and by zhconv zh-tw, then back to simplified by each candidate
(normalize_text is not told the converter). Prints the character error rate
(edit distance / length) of each candidate on each converter's output, and the
cost of normalize_text relative to OpenCC t2s.

    PYTHONPATH=src python scripts/bench_normalize.py [--heldout] [--show N] [--callgrind]

--callgrind counts the cost in instructions instead (valgrind's callgrind, instrumentation switched
on only around the passes): steady on a shared machine, where CPU-time ratios swing by 2×.

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
TRAIN = ROOT / "scripts" / "data" / "zh_context_train.txt"  # what scripts/build_zh_context.py learns from
DEV = ROOT / "scripts" / "data" / "zh_context_dev.txt"  # report-like IT/data passages, learnt from too
HELDOUT = ROOT / "tests" / "data" / "zh_heldout_passages.txt"  # scored with --heldout only, never learnt from
# … its differences were read in earlier rounds; the second set, written before round 4's tuning, is blind
HELDOUT2 = ROOT / "tests" / "data" / "zh_heldout2_passages.txt"
# … and the third, written before round 6's tuning (report prose on many topics, the generator's narrative)
HELDOUT3 = ROOT / "tests" / "data" / "zh_heldout3_passages.txt"
# … and the fourth, written before round 7's tuning by someone who did not tune (ordinary report prose, prose with
# the ambiguous words, the generator's narrative of seeds 9400-9402), scored once before that round and once after
HELDOUT4 = ROOT / "tests" / "data" / "zh_heldout4_passages.txt"
# … and the fifth, written before round 8's tuning by someone who did not tune and never ran the normaliser on it
# (report prose of many agencies over the six sections, prose with the ambiguous words, table labels and notes)
HELDOUT5 = ROOT / "tests" / "data" / "zh_heldout5_passages.txt"
# … and the sixth, written before round 9's tuning by someone who did not tune and never ran the normaliser on it
# (report prose of many agencies and years over the six sections, prose with the ambiguous words in both readings,
# table labels, notes, document numbers, dates, URLs and phone numbers)
HELDOUT6 = ROOT / "tests" / "data" / "zh_heldout6_passages.txt"
# … and the seventh, written before round 10's tuning by someone who did not tune and never ran the normaliser on it
# (report prose of county, city and provincial bodies over the six sections, its vocabulary at its natural frequency,
# and the generated reports' formulaic sentences with counts); scored blind in round 10, read from round 11 on
HELDOUT7 = ROOT / "tests" / "data" / "zh_heldout7_passages.txt"
# … and the eighth, written before round 11's tuning by someone else who did not tune and never ran the normaliser on
# it (report prose of police, tax, health, education, land, data, market, housing and transport bodies, townships,
# sub-districts, development zones and provincial departments, 2009-2025, over the six sections, its vocabulary at its
# natural frequency, and the generated reports' formulaic sentences with counts)
HELDOUT8 = ROOT / "tests" / "data" / "zh_heldout8_passages.txt"


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
        t0 = time.process_time()  # CPU time of this process: steadier than wall time on a shared machine
        fn()
        best = min(best, time.process_time() - t0)
    return best


def load_passages(path: Path) -> str:
    """A passage file: one simplified passage a line, # comments skipped."""
    return "\n".join(ln for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip() and not ln.startswith("#"))


def cer_table(groups: dict[str, dict[str, str]], show: int) -> None:
    """CER of every candidate on each group of texts, per forward converter."""
    from extractor.normalize import normalize_chars

    fwd = forward_converters()
    backs = _backward()
    for group, texts in groups.items():
        total = sum(len(normalize_chars(t)) for t in texts.values())
        print(f"\n{group}: {len(texts)} texts, {total} characters per converter")
        print(f"{'candidate':<22}" + "".join(f"{c:>16}" for c in fwd))
        worst: list[tuple[str, str, str]] = []
        for cand, back in backs.items():
            row = []
            for conv, forward in fwd.items():
                dist = length = 0
                for text in texts.values():
                    ref = normalize_chars(text)
                    hyp = back(forward(text))
                    dist += round(char_error_rate(ref, hyp) * max(1, len(ref)))
                    length += len(ref)
                    if cand.startswith("ours"):
                        worst += [(conv, a, b) for a, b in differences(ref, hyp)]
                row.append(f"{100 * dist / max(1, length):>15.4f}%")
            print(f"{cand:<22}" + "".join(row))
        if worst and show and "blind" in group:  # a blind set's differences are never printed, to no one
            print(f"remaining differences of normalize_text ({len(worst)}): not shown (a blind set)")
        elif worst and show:
            print(f"remaining differences of normalize_text ({len(worst)}):")
            for conv, a, b in worst[:show]:
                print(f"  [{conv}] {a!r} -> {b!r}")


PASSES = 3  # passes over the texts counted by --callgrind


def _warm_up(texts: list[str]) -> None:
    """A batch's steady state: the lazy tables built, jieba loaded, and past the characters script
    detection scans with sets before it compiles its classes (normalize.SET_BUDGET)."""
    from extractor import normalize

    for _ in range(1 + normalize.SET_BUDGET // max(1, sum(map(len, texts)))):
        for t in texts:
            normalize.normalize_text(t)


def _callgrind_child(mode: str, mirrors_path: str) -> None:
    """Under callgrind: warm everything up, then count PASSES passes of `mode` over the mirrors."""
    import json
    import os
    import subprocess

    import opencc

    from extractor import zh_context
    from extractor.normalize import normalize_text

    whole = json.loads(Path(mirrors_path).read_text(encoding="utf-8"))
    t2s = opencc.OpenCC("t2s.json")
    _warm_up(whole)
    for t in whole:
        t2s.convert(t)
    run = {"t2s": lambda: [t2s.convert(t) for t in whole],
           "ours": lambda: (zh_context.clear_memo(), [normalize_text(t) for t in whole])}.get(mode) or _part(mode, whole)
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
    for _ in range(PASSES):
        run()
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)


# normalize_text in parts, each cumulative (a part's own cost is its count less the one before it)
PARTS = ("chars", "script", "pass", "marks", "repair")


def _part(mode: str, whole: list[str]) -> Callable[[], object]:
    """The first stages of normalize_text up to `mode` (PARTS), on the character layer's output."""
    from extractor import normalize, zh_context

    chars = [normalize._char_layer(t, []) for t in whole]
    marker = zh_context._marker(True)  # (the pass normalize_text makes: on the character layer's output)
    return {
        "chars": lambda: [normalize._char_layer(t, []) for t in whole],
        "script": lambda: [normalize._script_of(t) for t in chars],
        "pass": lambda: [marker.convert(t) for t in chars],
        "marks": lambda: [zh_context._mark(t, True) for t in chars],  # the pass read, t2s's text rebuilt
        "repair": lambda: (zh_context.clear_memo(),
                           [zh_context.repair_vocabulary(t, {}, normalize._curated_rule) for t in chars]),
    }[mode]


def callgrind_counts(modes: tuple[str, ...]) -> dict[str, int]:
    """Instructions of each mode ("t2s", "ours" = normalize_text, or a part of PARTS) over PASSES passes on
    the s2twp mirrors of the reports, each in its own process under callgrind."""
    import json
    import re
    import subprocess
    import tempfile

    s2twp = forward_converters(False)["opencc s2twp"]
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        mirrors = Path(tmp) / "mirrors.json"
        mirrors.write_text(json.dumps([s2twp(t) for t in load_originals().values()], ensure_ascii=False), encoding="utf-8")
        for mode in modes:
            out = Path(tmp) / f"cg.{mode}"
            subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                            sys.executable, __file__, "--callgrind-child", mode, str(mirrors)],
                           check=True, capture_output=True, env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")})
            m = re.search(r"^totals: (\d+)", out.read_text(), re.M)
            counts[mode] = int(m.group(1))
    return counts


def callgrind_ratio() -> tuple[int, int]:
    """(instructions of normalize_text, of t2s) over PASSES passes on the s2twp mirrors of the reports."""
    counts = callgrind_counts(("t2s", "ours"))
    return counts["ours"], counts["t2s"]


def main(argv: list[str]) -> int:
    import argparse

    import opencc

    from extractor import zh_context
    from extractor.normalize import normalize_text

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=10, help="differences to print per group (never of a blind set)")
    ap.add_argument("--heldout", action="store_true",
                    help="also score the held-back passages (tests/data/zh_heldout*_passages.txt): never tune on them")
    ap.add_argument("--callgrind", action="store_true", help="only the cost, counted in instructions (valgrind)")
    ap.add_argument("--parts", action="store_true", help="with --callgrind: also the cost of each stage")
    ap.add_argument("--callgrind-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.callgrind_child:
        _callgrind_child(*args.callgrind_child)
        return 0
    if args.callgrind:
        counts = callgrind_counts(("t2s", "ours", *(PARTS if args.parts else ())))
        ours, base = counts["ours"], counts["t2s"]
        print(f"cost normalize_text / t2s (s2twp mirrors of the reports, {PASSES} passes, callgrind instructions): "
              f"{ours / base:.2f}x ({ours / 1e6:.1f} M vs {base / 1e6:.1f} M)")
        if args.parts:
            names = {"chars": "character layer", "script": "script detection", "pass": "the one OpenCC pass",
                     "marks": "reading its marks", "repair": "the decisions"}
            for part, before in zip(PARTS, (None, None, None, "pass", "marks")):
                n = counts[part] - (counts[before] if before else 0)
                print(f"  {names[part]:<22} {n / 1e6:6.1f} M  {n / base:.2f}x")
        return 0

    groups = {"reports (real + synthetic)": load_originals(),
              "training passages (scripts/data/zh_context_train.txt)": {"train": load_passages(TRAIN)},
              "dev passages (scripts/data/zh_context_dev.txt, learnt from)": {"dev": load_passages(DEV)}}
    if args.heldout:
        groups["held-back passages (tests/data/zh_heldout_passages.txt, read before)"] = {"heldout": load_passages(HELDOUT)}
        groups["held-back passages 2 (tests/data/zh_heldout2_passages.txt, scored in round 5)"] = {"heldout2": load_passages(HELDOUT2)}
        groups["held-back passages 3 (tests/data/zh_heldout3_passages.txt, blind)"] = {"heldout3": load_passages(HELDOUT3)}
        groups["held-back passages 4 (tests/data/zh_heldout4_passages.txt, blind)"] = {"heldout4": load_passages(HELDOUT4)}
        groups["held-back passages 5 (tests/data/zh_heldout5_passages.txt, blind)"] = {"heldout5": load_passages(HELDOUT5)}
        groups["held-back passages 6 (tests/data/zh_heldout6_passages.txt, blind)"] = {"heldout6": load_passages(HELDOUT6)}
        groups["held-back passages 7 (tests/data/zh_heldout7_passages.txt, scored in round 10)"] = {"heldout7": load_passages(HELDOUT7)}
        groups["held-back passages 8 (tests/data/zh_heldout8_passages.txt, blind)"] = {"heldout8": load_passages(HELDOUT8)}
    cer_table(groups, args.show)

    # Cost against t2s alone, on the s2twp mirrors of the reports; the model's memo cleared before
    # every run of ours, so each run starts cold (as a fresh process after its first report would not).
    t2s = opencc.OpenCC("t2s.json")
    s2twp = forward_converters(False)["opencc s2twp"]
    whole = [s2twp(t) for t in load_originals().values()]
    paragraphs = [p for t in whole for p in t.split("\n") if p.strip()]
    _warm_up(whole)  # build the lazy tables and load jieba outside the timing

    def cold(texts: list[str]) -> Callable[[], object]:
        return lambda: (zh_context.clear_memo(), [normalize_text(t) for t in texts])

    ratios = []
    for _ in range(3):  # interleaved, best of each: the machine is shared
        ratios.append((_best_time(cold(whole)) / _best_time(lambda: [t2s.convert(t) for t in whole]),
                       _best_time(cold(paragraphs)) / _best_time(lambda: [t2s.convert(p) for p in paragraphs])))
    print(f"\ncost normalize_text / t2s (s2twp mirrors of the reports, best of 15, 3 rounds): "
          f"{min(r[0] for r in ratios):.2f}x per whole text, {min(r[1] for r in ratios):.2f}x per paragraph "
          f"({len(paragraphs)} calls); rounds: " + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in ratios))
    simplified = [p for t in load_originals().values() for p in t.split("\n") if p.strip()]
    s_ours = _best_time(lambda: [normalize_text(p) for p in simplified])
    s_base = _best_time(lambda: [t2s.convert(p) for p in simplified])
    print(f"cost on simplified paragraphs (pass-through) / t2s: {s_ours / s_base:.2f}x")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main(sys.argv[1:]))
