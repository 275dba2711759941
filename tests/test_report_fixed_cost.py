"""Issue 16, the fixed cost of a report after the read (round 10): what was changed for speed, against the
form it replaced, on the committed PDFs. (The batch JSON of every fixture, the dev corpora and the
retired held-back sets was compared before and after; these keep the pieces honest.)"""
from __future__ import annotations

import gc
import threading

import pytest

from extractor import mapping, pipeline, templates
from extractor.labels import match_line
from extractor.pipeline import parse_bytes
from extractor.readers.pdf import read_pdf
from extractor.templates import TABLE_KEYS

from conftest import FIXTURES

PDFS = sorted(p for p in (FIXTURES / "pdf").glob("*.pdf") if p.name not in ("encrypted.pdf", "no_text_layer.pdf"))


def _classify_every_cell(table, template):
    """`mapping.classify` as it was: every cell's text matched, repeats included."""
    texts = [c.text for c in table.cells]
    joined = mapping.compact("".join(texts))
    scores = {}
    for key in TABLE_KEYS:
        rows = template.tables[key].rows
        scores[key] = len({m.key for t in texts if (m := match_line(t, rows)) is not None and not m.exact})
        scores[key] += template.tables[key].cue_score(joined)
    best = max(TABLE_KEYS, key=lambda k: scores[k])
    return best if scores[best] >= 2 else None


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_classify_each_text_once(path):
    """Matching each distinct cell text once classifies every table as matching every cell did."""
    tables = read_pdf(path.read_bytes(), ocr=False).tables()
    kinds = []
    for tid in ("gov-2019", "gov-2021"):
        t = templates.load(tid)
        for table in tables:
            kinds.append(mapping.classify(table, t))
            assert kinds[-1] == _classify_every_cell(table, t)
    if tables:
        assert "requests" in kinds  # a real table 三 among them: the test compares something


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
