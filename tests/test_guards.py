"""The guards no fixture reaches: identities that cannot hold (`inference_conflict`), a text that contradicts
its table (`narrative_disagrees`), a stack or memory exhausted after reading (`too_deep`, `too_large`).
Real reports, each with one misprint made on purpose."""
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.checks import solve
from extractor.pipeline import extract, identify, outline, parse_bytes, read
from extractor.readers.protocol import ReadOptions
from extractor.result import Result, Value

NO_OCR = ReadOptions(ocr=False)


def _extracted(path: Path):
    return extract(identify(outline(read(path.read_bytes(), NO_OCR))), Result.of_source(path.name, None))


def test_a_blank_the_identities_would_make_negative_is_a_conflict_and_stays_null(real_dir):
    """平潭 2024 table 四, 行政复议: 2 + 1 + 3 + 1 = 7. With 结果维持 printed blank and the total misprinted 4,
    the blank would be −1: nothing is inferred, the blank stays null, the conflict is named."""
    found = _extracted(real_dir / "pingtan_2024.html")
    review = found.result.tables["review_litigation"].cells["review"]
    assert [review[c].value for c in ("upheld", "corrected", "other", "pending", "total")] == [2, 1, 3, 1, 7]
    review["upheld"] = Value(None, "blank_cell", raw="-")
    review["total"].value = 4
    issues = solve(found.identified.template, found.result.tables)
    conflicts = [i for i in issues if i.code == "inference_conflict"]
    assert len(conflicts) == 1 and conflicts[0].severity == "warning"
    assert "review_litigation.group_total" in conflicts[0].message and "review_litigation.review.upheld" in conflicts[0].message
    assert review["upheld"].value is None and review["upheld"].source == "blank_cell"
    # the same cell left empty with the true total printed: 7 − 1 − 3 − 1 = 2, inferred from the identity
    found = _extracted(real_dir / "pingtan_2024.html")
    review = found.result.tables["review_litigation"].cells["review"]
    review["upheld"] = Value(None, None)
    issues = solve(found.identified.template, found.result.tables)
    assert not [i for i in issues if i.code == "inference_conflict"]
    assert (review["upheld"].value, review["upheld"].source) == (2, "inferred")


def test_a_stated_figure_the_table_contradicts_is_reported_and_both_kept(real_dir):
    """平潭 2024 as published, the narrative's 62 行政规范性文件 misprinted 63: the table keeps 62, the text's
    63 is a narrative fact, the check fails and says both; no identity (勾稽关系) failed."""
    data = (real_dir / "pingtan_2024.html").read_bytes()
    assert data.count("制发行政规范性文件62件".encode()) == 1
    out = parse_bytes(data.replace("制发行政规范性文件62件".encode(), "制发行政规范性文件63件".encode()),
                      "pingtan_2024.html", options=NO_OCR).to_dict()
    key = "proactive_disclosure.normative_docs.issued"
    assert out["tables"]["proactive_disclosure"]["values"]["normative_docs"] == {"issued": 62, "repealed": 33, "in_force": 440}
    assert [f["value"] for f in out["narrative_facts"] if f["key"] == key] == [63]
    check = next(c for c in out["checks"] if c["rule"] == f"narrative.{key}")
    assert (check["ok"], check["expected"], check["actual"]) == (False, 63, 62)
    assert [(i["code"], i["where"]) for i in out["issues"] if i["severity"] == "warning"] == [("narrative_disagrees", key)]
    assert "63" in out["issues"][0]["message"] and "62" in out["issues"][0]["message"]
    clean = parse_bytes(data, "pingtan_2024.html", options=NO_OCR).to_dict()
    assert [c["ok"] for c in clean["checks"] if c["rule"] == f"narrative.{key}"] == [True]
    assert not [i for i in clean["issues"] if i["severity"] == "warning"]


def _parse_near_the_stack_limit(data: bytes, spare: int):
    """parse_bytes called with only `spare` frames left before the recursion limit."""
    def down(n):
        return parse_bytes(data, "report.txt", options=NO_OCR) if n == 0 else down(n - 1)
    depth = len(__import__("inspect").stack(0))
    return down(sys.getrecursionlimit() - depth - spare)


def test_a_stack_exhausted_after_reading_is_a_one_line_too_deep_record(real_dir, monkeypatch):
    """A stage after the reader runs out of stack: a `too_deep` error record, never a traceback. The reader
    needs few frames now that the solver no longer imports scipy for small systems, so the extraction stage
    itself is started with only `spare` frames left; with room enough, the same stage gives the report."""
    from extractor import pipeline
    data = (real_dir / "pingtan_2016_text.txt").read_bytes()
    real_extract = pipeline.extract

    def run(spare: int):
        def cramped(*args, **kwargs):
            def down(n):
                return real_extract(*args, **kwargs) if n == 0 else down(n - 1)
            return down(sys.getrecursionlimit() - len(__import__("inspect").stack(0)) - spare)
        monkeypatch.setattr(pipeline, "extract", cramped)
        return parse_bytes(data, "report.txt", options=NO_OCR)

    record = run(12)
    assert record.report is None and record.tables == {} and record.legacy_facts == []
    assert record.to_dict()["issues"][0] == {"severity": "error", "code": "too_deep",
                                             "message": "the document is nested too deeply to read", "where": None}
    roomy = run(400)
    assert roomy.ok and roomy.report.year == 2016 and roomy.legacy_facts


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is how the worker limits memory on Linux")
def test_memory_exhausted_while_parsing_is_a_too_large_record(real_dir):
    """A PDF parsed in a process whose address space is nearly used up: pdfplumber's allocations fail with
    MemoryError, the pipeline makes it a `too_large` error record and the process goes on."""
    code = r"""
import resource, sys, json
from extractor.pipeline import parse_bytes
from extractor.readers.protocol import ReadOptions
import pdfplumber, scipy.optimize  # everything the parse imports, before the limit
data = open(sys.argv[1], "rb").read()
with open("/proc/self/status") as f:
    vm = next(int(l.split()[1]) for l in f if l.startswith("VmSize:")) * 1024
for mb in (24, 12, 6, 3, 1):  # less and less room, until the parse no longer fits
    resource.setrlimit(resource.RLIMIT_AS, (vm + mb * 1024 * 1024, resource.RLIM_INFINITY))
    r = parse_bytes(data, "huaian_2024.pdf", options=ReadOptions(ocr=False, pdf_engine="pdfplumber"))
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    if not r.ok:
        break
    assert r.tables["requests"].get("new_received", "total").value == 3119  # it fitted: the whole report
print(json.dumps(r.to_dict()["issues"][0] if not r.ok else None))
"""
    out = subprocess.run([sys.executable, "-c", code, str(real_dir / "huaian_2024.pdf")], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-500:]
    first = __import__("json").loads(out.stdout.strip().splitlines()[-1])
    assert first == {"severity": "error", "code": "too_large", "message": "the document does not fit in memory",
                     "where": None}
