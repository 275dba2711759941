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


def measure(path: Path, repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of a whole parse."""
    import extractor
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), cpu()
        extractor.parse(path)
        walls.append(time.perf_counter() - w)
        cpus.append(cpu() - c)
    return min(walls), min(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    from extractor.readers import ocr
    if ocr.engine() is None:
        raise SystemExit("rapidocr-onnxruntime is not installed")
    measure(SCANS / "gov2021_county_bilevel.pdf", 1)  # warm-up: load the models once
    print("| scan | pages | OCR ms/page (wall) | text layer ms/page (wall) | ratio wall | ratio CPU |")
    print("|---|---:|---:|---:|---:|---:|")
    for scan in sorted(SCANS.glob("*.pdf")):
        source = ROOT / json.loads(scan.with_suffix("").with_suffix(".truth.json").read_text("utf-8"))["scan"]["source_path"]
        import pypdfium2
        pages = len(pypdfium2.PdfDocument(str(scan)))
        ow, oc = measure(scan, args.repeat)
        tw, tc = measure(source, max(args.repeat, 3))
        print(f"| {scan.name} | {pages} | {ow / pages * 1000:.0f} | {tw / pages * 1000:.0f} | "
              f"{ow / tw:.0f}× | {oc / max(tc, 1e-6):.0f}× |")


if __name__ == "__main__":
    main()
