"""One piece of code decides which columns a heading spans (issue 9, item 3): header_spans.centred_spans, used by
the PDF word grid (grid._centred) and by the layout-text header reader (header_spans.header_spans). Positions
are those of committed documents: the table 四 header of fixtures/wild_cases/d7101_c008 (a LibreOffice PDF) and
the layout text fixtures/wild_cases/s4100_c029."""
import pdfplumber

import extractor
import extractor.header_spans as header_spans
from conftest import FIXTURES
from extractor.header_spans import centred_spans
from extractor.readers.pdf.word_headers import page_words

CASES = FIXTURES / "wild_cases"


def _table_four():
    """Page 4's last header lines and page 5's value line of d7101_c008's table 四 (as the PDF prints them)."""
    with pdfplumber.open(CASES / "d7101_c008_pdf_docx_2021_2024.pdf") as pdf:
        head = [w for w in page_words(pdf.pages[3].chars) if 735 < w.top < 770]
        values = [w for w in page_words(pdf.pages[4].chars) if 100 < w.top < 112]
    return head, sorted(values, key=lambda w: w.x0)


def test_two_headings_share_the_columns_under_them():
    """行政复议 | 行政诉讼 over the 15 value columns: 行政复议 over the first 5, 行政诉讼 over the other 10 (their
    middles nearest); under 行政诉讼, 未经复议直接起诉 | 复议后起诉 over 5 each."""
    head, values = _table_four()
    cols = [(v.x0 - 4, v.x1 + 4) for v in values]
    assert len(cols) == 15
    top = [w for w in head if w.text in ("行政复议", "行政诉讼")]
    assert centred_spans(top, cols, [set(range(15))] * 2, margin=4.5) == [(0, 4), (5, 14)]
    second = [w for w in head if w.text in ("未经复议直接起诉", "复议后起诉")]
    assert centred_spans(second, cols, [set(range(5, 15))] * 2, margin=4.5) == [(5, 9), (10, 14)]


def test_a_heading_must_hold_its_own_columns_and_stand_centred():
    """With the columns it covers given (own) and a tolerance on the middles, a heading spans the widest centred
    run (未经复议直接起诉 over 5..9, not 5..14, whose middle is far from its own); a run farther than the
    tolerance is no span: only its own columns."""
    head, values = _table_four()
    cols = [(v.x0 - 4, v.x1 + 4) for v in values]
    w = next(w for w in head if w.text == "未经复议直接起诉")
    own = [k for k, (a, b) in enumerate(cols) if w.x0 <= (a + b) / 2 <= w.x1]
    assert centred_spans([w], cols, [set(range(5, 15))], [own], [9.0]) == [(5, 9)]
    assert centred_spans([w], cols, [set(range(5, 15))], [own], [0.1]) == [(own[0], own[-1])]


def test_ambiguous_partition_is_none():
    """Two headings whose middles stand as near to two partitions (within the margin): no span is chosen."""
    head, values = _table_four()
    cols = [(v.x0 - 4, v.x1 + 4) for v in values]
    top = [w for w in head if w.text in ("行政复议", "行政诉讼")]
    assert centred_spans(top, cols, [set(range(15))] * 2, margin=1000.0) is None


def test_both_grids_use_it(monkeypatch):
    """The PDF word grid and the layout-text header reader both call centred_spans, and read their tables right."""
    calls = []
    real = header_spans.centred_spans

    def spy(*a, **k):
        calls.append(a[0])
        return real(*a, **k)

    monkeypatch.setattr(header_spans, "centred_spans", spy)
    # grid imports centred_spans from header_spans where it reads a header (not at start-up): the spy above covers it
    path = CASES / "d7101_c008_pdf_docx_2021_2024.pdf"  # in this process (parse runs in a child)
    out = extractor.parse_bytes(path.read_bytes(), path.name).to_dict()
    assert any({w.text for w in ws} == {"行政复议", "行政诉讼"} for ws in calls)
    assert out["tables"]["review_litigation"]["values"]["litigation_after_review"]["total"] == 57
    n = len(calls)
    path = CASES / "s4100_c029_layout_fodt_2021_2021.txt"
    out = extractor.parse_bytes(path.read_bytes(), path.name).to_dict()
    assert len(calls) > n
    assert out["tables"]["requests"]["found"]
