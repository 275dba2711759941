"""Cost of OCR per page, as a ratio to parsing the same page from its text layer, in the same command.

The scans in fixtures/scan/ are pictures of fixtures/pdf/gov2021_county.pdf (3 pages) and
fixtures/corpus/c055_pdf_fodt_2019_2020.pdf (4 pages); each is parsed whole (read, OCR, normalise,
map, check) and compared with the whole parse of its text-layer source. CPU time of this process
(onnxruntime's threads included) is reported beside wall time: on a shared machine wall time swings.

    PYTHONPATH=src python scripts/bench_ocr.py [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SCANS = ROOT / "fixtures" / "scan"


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def measure(path: Path, repeat: int) -> tuple[float, float, dict]:
    """Best wall and CPU seconds of a whole parse, and the parse."""
    import extractor
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), cpu()
        out = extractor.parse(path).to_dict()
        walls.append(time.perf_counter() - w)
        cpus.append(cpu() - c)
    return min(walls), min(cpus), out


def cells_right(out: dict, truth: dict) -> tuple[int, int, int]:
    """(right, null, wrong non-null) over the truth's table cells."""
    right = null = wrong = 0
    for t, tb in truth["tables"].items():
        for r, cols in tb["values"].items():
            for c, v in cols.items():
                got = (((out.get("tables") or {}).get(t) or {}).get("values", {}).get(r) or {}).get(c)
                right += got == v
                null += got is None and v is not None
                wrong += got is not None and got != v
    return right, null, wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    from extractor.readers import ocr
    if ocr.engine() is None:
        raise SystemExit("rapidocr-onnxruntime is not installed")
    measure(SCANS / "gov2021_county_bilevel.pdf", 1)  # warm-up: load the models once
    print("| scan | pages | OCR ms/page (wall) | text layer ms/page (wall) | ratio wall | ratio CPU | cells right / null / wrong |")
    print("|---|---:|---:|---:|---:|---:|---|")
    import pypdfium2
    for scan in sorted(SCANS.glob("*.pdf")):
        truth = json.loads(scan.with_suffix(".truth.json").read_text("utf-8"))
        pages = len(pypdfium2.PdfDocument(str(scan)))
        ow, oc, out = measure(scan, args.repeat)
        tw, tc, _ = measure(ROOT / truth["scan"]["source_path"], max(args.repeat, 3))
        right, null, wrong = cells_right(out, truth)
        print(f"| {scan.name} | {pages} | {ow / pages * 1000:.0f} | {tw / pages * 1000:.0f} | "
              f"{ow / tw:.0f}× | {oc / max(tc, 1e-6):.0f}× | {right} / {null} / {wrong} |", flush=True)


if __name__ == "__main__":
    main()
