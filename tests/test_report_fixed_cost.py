"""Issue 16, the fixed cost of a report after the read (round 10): what was changed for speed, on the
committed PDFs. (The batch JSON of every fixture, the dev corpora and the
retired held-back sets was compared before and after; these keep the pieces honest.)"""
from __future__ import annotations

import gc
import threading

import pytest

from extractor import mapping, pipeline, templates
from extractor.pipeline import parse_bytes
from extractor.readers.pdf import read_pdf
from extractor.model import Table

from conftest import FIXTURES

PDFS = sorted(p for p in (FIXTURES / "pdf").glob("*.pdf") if p.name not in ("encrypted.pdf", "no_text_layer.pdf"))


EXPECTED = {  # the template table of each table the PDF's grids give, in their order
    "gov2021_split_table2_lowriter.pdf": ["proactive_disclosure", "requests", "requests", "review_litigation"],
    "gov2021_tables_as_images.pdf": [],
    "rules_only_table.pdf": ["requests"],
}


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_classify_each_text_once(path):
    """Each distinct cell text matched once (a grid repeats its 0s and blanks): every table of the fixture
    PDFs is still the template table it is, and a grid's cells repeated or reordered change nothing."""
    tables = read_pdf(path.read_bytes(), ocr=False).tables()
    t = templates.load("gov-2021")
    kinds = [mapping.classify(table, t) for table in tables]
    assert kinds == EXPECTED.get(path.name, ["proactive_disclosure", "requests", "review_litigation"])
    for table, kind in zip(tables, kinds):
        shuffled = Table(cells=table.cells[::-1] + table.cells, n_rows=table.n_rows, n_cols=table.n_cols)
        assert mapping.classify(shuffled, t) == kind


def test_collector_threshold_during_a_parse():
    """A parse runs with the young threshold at PARSE_GEN0 and leaves the caller's threshold as it was,
    also when parses overlap in threads and when one fails."""
    before = gc.get_threshold()
    seen = []
    real = pipeline.identify

    def spy(*a, **k):
        seen.append(gc.get_threshold()[0])
        return real(*a, **k)

    data = (FIXTURES / "pdf" / "rules_only_table.pdf").read_bytes()
    pipeline.identify = spy
    try:
        r = parse_bytes(data, "rules_only_table.pdf")
        threads = [threading.Thread(target=parse_bytes, args=(data, "x.pdf")) for _ in range(3)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        pipeline.identify = real
    assert r.tables["requests"].get("new_received", "total").value == 287
    assert seen and all(s == pipeline.PARSE_GEN0 for s in seen)
    assert gc.get_threshold() == before
    assert parse_bytes(b"%PDF-1.4 broken", "broken.pdf").issues[0].severity == "error"
    assert gc.get_threshold() == before
