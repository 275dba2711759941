"""PDF parse cost as a ratio to a bare pdfplumber `extract_text` + `extract_tables` of the same PDF,
measured in the same run (best of N each, in this process, OCR off).

    PYTHONPATH=src .venv/bin/python scripts/bench_pdf.py [--runs 3] [PDF ...]

Columns: the baseline (pdfplumber bare, every page), our whole parse (`parse_bytes`: reading, script
normalisation, tables, identities, sections) with the PDFium fast path (the default) and with the
pdfplumber path forced, and the read alone (`read_pdf`). Default inputs: every committed PDF with a
text layer and the real huaian_2024.pdf; scans are left out (their cost is OCR, not parsing), and so
are PDFs the fast path hands to pdfplumber (shown with the reason when named on the command line).
"""
from __future__ import annotations

import argparse
import io
import os
from pathlib import Path

os.environ["EXTRACTOR_OCR"] = "0"

import pdfplumber  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import best  # noqa: E402  (best of N runs of a callable)

from extractor.pipeline import parse_bytes  # noqa: E402
from extractor.readers.pdf import pdfium, read_fast, read_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = sorted(p for d in ("pdf", "corpus", "wild") for p in (ROOT / "fixtures" / d).glob("*.pdf")) + [
    ROOT.parent / "shared" / "fixtures" / "real" / "huaian_2024.pdf"]


def bare(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def parse_with(data: bytes, engine: str) -> None:
    os.environ["EXTRACTOR_PDF_ENGINE"] = engine
    try:
        parse_bytes(data, "x.pdf")
    finally:
        os.environ.pop("EXTRACTOR_PDF_ENGINE", None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("pdfs", nargs="*", type=Path)
    args = ap.parse_args()
    print("| PDF | pages | pdfplumber bare ms | parse ms | ratio | read ms | ratio | parse, pdfplumber path | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    ratios = []
    for path in args.pdfs or DEFAULT:
        if not path.exists():
            continue
        data = path.read_bytes()
        try:
            pages = read_fast(data, ocr=False).source.pages
        except pdfium.Unreadable as e:
            print(f"| {path.name} | | | | pdfplumber path: {e} | | | | |")
            continue
        base = best(lambda: bare(data), args.runs)
        fast = best(lambda: parse_with(data, "auto"), args.runs)
        read = best(lambda: read_pdf(data, ocr=False, engine="pdfium"), args.runs)
        slow = best(lambda: parse_with(data, "pdfplumber"), args.runs)
        ratios.append(fast / base)
        print(f"| {path.name} | {pages} | {base * 1000:.0f} | {fast * 1000:.0f} | {fast / base:.2f}× | "
              f"{read * 1000:.0f} | {read / base:.2f}× | {slow * 1000:.0f} | {slow / base:.2f}× |")
    if ratios:
        print(f"\nparse / pdfplumber bare: worst {max(ratios):.2f}×, mean {sum(ratios) / len(ratios):.2f}× "
              f"over {len(ratios)} PDFs (best of {args.runs})")


if __name__ == "__main__":
    main()
