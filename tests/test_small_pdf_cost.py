"""Issue 16, the fixed cost of small PDFs (round 9): what was rewritten for speed, against what it
replaced or against pdfplumber, on the committed PDFs. (The batch JSON of every fixture and of the dev
corpora was compared before and after; these keep the pieces honest.)"""
from __future__ import annotations

import random

import pytest
from pdfplumber.utils import extract_text

from extractor import checks, mapping, templates
from extractor.pipeline import parse_bytes
from extractor.readers.pdf import finder
from extractor.readers.pdf.elements import edge_index, edge_indexer, snap_edges, sorted_edge_index

from conftest import FIXTURES
from test_pdf_speed import fast_pages

PDFS = sorted(p for p in (FIXTURES / "pdf").glob("*.pdf") if p.name not in ("encrypted.pdf", "no_text_layer.pdf"))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_lines_text_is_extract_text(path):
    """Runs of chars over several lines (a wrapped cell, a paragraph), in page and reversed order: our
    `lines_text` gives pdfplumber's `extract_text`."""
    for page in fast_pages(path.read_bytes()):
        chars = page.chars
        for size in (4, 20, 60, 150):
            for at in range(0, len(chars), 23):
                run = chars[at:at + size]
                assert finder.lines_text(run) == extract_text(run)
                assert finder.lines_text(run[::-1]) == extract_text(run[::-1])


def test_sorted_edge_index_is_edge_index():
    rng = random.Random(16)
    for _ in range(2000):
        edges = snap_edges([round(rng.uniform(0, 600), rng.choice((0, 1, 3))) for _ in range(rng.randint(1, 12))])
        shuffled = rng.sample(edges, len(edges))
        for v in (rng.uniform(-20, 620), rng.choice(edges), rng.choice(edges) + 0.5):
            assert sorted_edge_index(edges, v) == edge_index(edges, v) == edge_indexer(edges)(edges, v)
            assert edge_indexer(shuffled)(shuffled, v) == edge_index(shuffled, v)


def test_template_data_made_once():
    """The per-template values are made once and equal what the template gives."""
    for tid in ("gov-2019", "gov-2021"):
        t = templates.load(tid)
        rows = checks.computed_rows(t)
        assert rows is checks.computed_rows(t)
        assert rows == {(k, r.key): r.computed_by for k, td in t.tables.items() for r in td.rows if r.computed_by}
        assert checks.instances(t, {}) is checks.instances(t, {})
        order = mapping._print_order(t.tables["requests"])
        assert order is mapping._print_order(t.tables["requests"])
    # gov-2021's （六）其他处理, listed last as a derived row, stands just before its first sub-row
    req = templates.load("gov-2021").tables["requests"]
    order = mapping._print_order(req)
    assert order[req.rows[0].key] == 0.0
    assert order["other"] == order["other.overdue_correction"] - 0.5


def test_rules_only_table_values():
    """Real values of the rules-only table (fixtures/pdf/rules_only_table.pdf: rows from its rules,
    columns from its numbers, `region_to_table`) and what the identities solve from them."""
    d = parse_bytes((FIXTURES / "pdf" / "rules_only_table.pdf").read_bytes(), "rules_only_table.pdf").to_dict()
    req = d["tables"]["requests"]["values"]
    assert req["new_received"] == {"natural_person": 261, "commercial": 15, "research": 1, "social_welfare": 0,
                                   "legal_service": 7, "other_org": 3, "total": 287}
    assert req["carried_over"]["total"] == 11 and req["granted"]["total"] == 134
    assert req["partially_granted"]["natural_person"] is None  # two blanks in its row and column: not pinned
    inferred = [i["message"] for i in d["issues"] if i["code"] == "inferred"]
    assert "requests.denied.administrative_query.research = 0 solved from requests.row_total" in inferred[0]
