"""Are normalize_text's outputs the same as another checkout's? (a speed change must not change them)

    PYTHONPATH=src python scripts/compare_normalize.py OTHER_SRC [--out DIR]

OTHER_SRC is the `src` folder of the reference (e.g. main's, exported with `git archive main src`).
Inputs: the bench texts (the reports, the training and dev passages, the held-back passages), every
.txt and .html of fixtures/ and ../shared/fixtures (real, seed), the .txt and .html of the dev corpora
(/work/corpus/dev4100, dev4101), each as it is and mirrored by OpenCC s2t, s2tw, s2twp, s2hk and zhconv
zh-tw, zh-hk; each normalised whole and paragraph by paragraph as the pipeline does (the document's
script, the section last seen, the document's converter evidence). Each output (text, script, repairs
in order, conversions) is compared with the reference's run of the same inputs, by digest: only the
names of differing inputs are printed (and only the count for the held-back passages, never read).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (Path("/work/corpus/dev4100"), Path("/work/corpus/dev4101"))
HELD = "heldout"  # names of the held-back passages start with this: counted, never shown


def _read(path: Path) -> str:
    data = path.read_bytes()
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def sources() -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_normalize as bench

    out = {f"report:{k}": v for k, v in bench.load_originals().items()}
    out["train"] = bench.load_passages(bench.TRAIN)
    out["dev"] = bench.load_passages(bench.DEV)
    for i, path in enumerate((bench.HELDOUT, bench.HELDOUT2, bench.HELDOUT3, bench.HELDOUT4, bench.HELDOUT5), 1):
        out[f"{HELD}{i}"] = bench.load_passages(path)
    dirs = [ROOT / "fixtures", ROOT.parent / "shared" / "fixtures", *CORPORA]
    for d in dirs:
        if d.is_dir():
            for p in sorted(d.rglob("*")):
                if p.suffix in (".txt", ".html") and p.is_file():
                    out[f"file:{p}"] = _read(p)
    return out


def mirrors(texts: dict[str, str]) -> dict[str, str]:
    import opencc
    import zhconv

    conv = {c: opencc.OpenCC(f"{c}.json").convert for c in ("s2t", "s2tw", "s2twp", "s2hk")}
    conv["zh-tw"] = lambda s: zhconv.convert(s, "zh-tw")
    conv["zh-hk"] = lambda s: zhconv.convert(s, "zh-hk")
    out = {}
    for name, text in texts.items():
        out[name] = text
        for c, f in conv.items():
            out[f"{name} [{c}]"] = f(text)
    return out


def _digest(n) -> str:
    return hashlib.sha1(repr((n.text, n.script, list(n.repairs.items()), list(n.conversions))).encode()).hexdigest()


def run_child(inputs: Path, out: Path) -> None:
    """Normalise every input whole and paragraph by paragraph; write {name: [digests]}."""
    from extractor.normalize import DocumentText, detect_script, normalize_text
    from extractor.zh_context import section_of_heading

    texts = json.loads(inputs.read_text(encoding="utf-8"))
    result = {}
    for name, text in texts.items():
        digests = [_digest(normalize_text(text))]
        paras = [p for p in text.split("\n") if p.strip()]
        script = detect_script("\n".join(paras))
        whole, section = DocumentText(paras), None
        for p in paras:
            n = normalize_text(p, script, section, whole)
            section = section_of_heading(n.text) or section
            digests.append(_digest(n))
        result[name] = digests
    out.write_text(json.dumps(result), encoding="utf-8")


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("other_src", type=Path)
    ap.add_argument("--hash-seed", default="0",
                    help="PYTHONHASHSEED of both runs (the model adds its sentence words in set order)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        run_child(Path(args.child[0]), Path(args.child[1]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs.json"
        texts = mirrors(sources())
        inputs.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        results = {}
        for label, src in (("ours", ROOT / "src"), ("other", args.other_src.resolve())):
            out = Path(tmp) / f"{label}.json"
            subprocess.run([sys.executable, __file__, str(src), "--child", str(inputs), str(out)], check=True,
                           env={**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": args.hash_seed})
            results[label] = json.loads(out.read_text(encoding="utf-8"))
    ours, other = results["ours"], results["other"]
    differ = [k for k in texts if ours[k] != other[k]]
    calls = sum(map(len, ours.values()))
    chars = sum(map(len, texts.values()))
    print(f"{len(texts)} inputs ({chars} characters), {calls} normalize_text calls: {len(differ)} inputs differ")
    for k in differ:
        if k.startswith(HELD):
            continue
        bad = sum(a != b for a, b in zip(ours[k], other[k]))
        print(f"  {k}: {bad} of {len(ours[k])} outputs differ")
    held = sum(k.startswith(HELD) for k in differ)
    if held:
        print(f"  held-back passages: {held} inputs differ (not shown)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
