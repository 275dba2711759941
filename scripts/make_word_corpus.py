"""The stress corpus of scripts/make_corpus.py with its laid-out documents saved as Word 97 instead of PDF.

    python scripts/make_word_corpus.py OUTDIR [--seed N] [--n N]      # needs `soffice`

Every document make_corpus.py would turn into a PDF (Flat ODT, ODT→DOCX, HTML; tables with merged
cells, vertical labels, rules-only borders) is saved by LibreOffice as "MS Word 97" instead; every
second one is named `.wps` (Kingsoft WPS Writer's .wps is that OLE2 Word 97 format). The truth files
are make_corpus.py's, so `../shared/tools/score.py` scores the outputs. The HTML and text forms are
left out (they are no Word files).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus as mc  # noqa: E402


def convert_to_word(outdir: Path, fodts, htmls) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        srcs = []
        for stem, text, style in fodts:
            p = t / f"{stem}.fodt"
            p.write_text(text, encoding="utf-8")
            srcs.append(p)
        for stem, html in htmls:
            p = t / f"{stem}.html"
            p.write_text(html, encoding="utf-8")
            srcs.append(p)
        mc.soffice(["--convert-to", "doc:MS Word 97", "--outdir", str(t / "doc"), *map(str, srcs)], tmp)
        for i, p in enumerate(sorted((t / "doc").glob("*.doc"))):
            shutil.copy(p, outdir / (p.stem + (".wps" if i % 2 else ".doc")))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--n", type=int, default=100)
    a = ap.parse_args()
    out = Path(a.outdir)
    mc.convert_all = convert_to_word
    made = mc.build(out, a.seed, a.n, True)
    for stem in made:  # keep only the documents that became Word files, with their truth
        if "_pdf_" not in stem:
            for p in out.glob(f"{stem}.*"):
                p.unlink()
    print(f"wrote {len(list(out.glob('*.doc'))) + len(list(out.glob('*.wps')))} Word files to {out}")


if __name__ == "__main__":
    main()
