"""Reports in the forms of the wild corpus (scripts/make_corpus.py --wild, seeds 1 and 2), kept in fixtures/wild/:
borderless PDFs (word grids), pdfplumber layout text, pipe and one-cell-per-line text, CMS pages with an empty
header corner, 总计 only in the second header row, labels with a wrong character, blank zeros (-, —, /, empty),
the gov-2019 single （六）其他处理 row in gov-2021 tables, and a stacked cell. Every truth cell exact (a truth
null must be null), expected failing rules reported, no false alarm."""
import pytest

from conftest import FIXTURES
from test_corpus import _failures

TRUTHS = sorted((FIXTURES / "wild").glob("*.truth.json"))


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda p: p.name[:-11])
def test_wild_document(truth):
    assert _failures(truth) == []


def test_wild_fixtures_cover_the_forms():
    forms = {t.name.split("_")[1] for t in TRUTHS}
    assert {"pdf", "layout", "text", "html"} <= forms
