"""The lxml HTML reader gives the Document the BeautifulSoup one gave, on every committed HTML page.

`data/html_reader_golden.json` was written by the BeautifulSoup reader this one replaced (issue 16):
per page the sha256 of the whole Document (blocks, tables with spans and `where` paths, source, warnings)
and each block's kind, path and a hash of its text, so that a failure names the first block that moved.
After a deliberate change to what the reader reads, rewrite it with
`PYTHONPATH=src python tests/test_html_lxml.py --write` and say why in the commit.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path

import pytest

from extractor.model import ReadError
from extractor.readers import MHTML, read, sniff

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "html_reader_golden.json"
REAL = ROOT.parent / "shared" / "fixtures" / "real" / "pingtan_2024.html"


def pages() -> list[Path]:
    found = [p for p in sorted((ROOT / "fixtures").rglob("*")) if p.is_file() and p.read_bytes().strip()
             and sniff(p.read_bytes(), p.name) in ("text/html", MHTML)]
    return found + ([REAL] if REAL.exists() else [])


def _key(p: Path) -> str:
    return p.name if p == REAL else str(p.relative_to(ROOT / "fixtures"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def summary(p: Path) -> dict:
    try:
        doc = read(p.read_bytes(), str(p))
    except ReadError as e:
        return {"error": e.code}
    warnings = [str(w) for w in doc.warnings]  # the golden was written when warnings were "code: message" strings
    source = dataclasses.asdict(doc.source)
    source.pop("pdf_paths")  # added since the golden was written (PDFs only, None here)
    whole = json.dumps(dataclasses.asdict(doc) | {"warnings": warnings, "source": source}, ensure_ascii=False,
                       sort_keys=True, default=str)
    blocks = [[b.kind, b.prov.path, _digest(b.text)] for b in doc.blocks]
    return {"document": _digest(whole), "source": source, "warnings": warnings, "blocks": blocks}


def test_every_committed_html_page_is_covered():
    """Every page the old reader read is still here (pages added since have no old reading to compare)."""
    golden = json.loads(GOLDEN.read_text("utf-8"))
    assert set(golden) <= {_key(p) for p in pages()}
    assert len(golden) >= 25 and "pingtan_2024.html" in golden


@pytest.mark.parametrize("page", [p for p in pages() if _key(p) in json.loads(GOLDEN.read_text("utf-8"))], ids=_key)
def test_same_document_as_the_beautifulsoup_reader(page: Path):
    want = json.loads(GOLDEN.read_text("utf-8"))[_key(page)]
    got = summary(page)
    if "error" in want:
        assert got == want
        return
    assert got["source"] == want["source"]
    assert got["warnings"] == want["warnings"]
    for i, (g, w) in enumerate(zip(got["blocks"], want["blocks"])):
        assert g == w, f"block {i + 1} differs"
    assert len(got["blocks"]) == len(want["blocks"])
    assert got["document"] == want["document"]  # cells, spans and cell paths too


def test_pingtan_read_without_beautifulsoup():
    code = ("import sys; from extractor.readers import read; "
            f"d = read(open({str(REAL)!r}, 'rb').read()); "
            "assert len(d.tables()) == 3 and 'bs4' not in sys.modules, sorted(m for m in sys.modules if 'bs4' in m)")
    import subprocess
    subprocess.run([sys.executable, "-c", code], check=True)


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    GOLDEN.write_text(json.dumps({_key(p): summary(p) for p in pages()}, ensure_ascii=False, indent=1) + "\n", "utf-8")
