"""Held-back set 8 (issue 17) is well formed: blind header, simplified lines both converters change.

Written like set 7 (report prose over the six sections at its natural vocabulary, 2009-2025, and the generated
reports' sentences with counts) by other authors' bodies: police, tax, health, education, land, data, market,
housing and transport bodies, townships, sub-districts, development zones and provincial departments. Only its
form is checked, with OpenCC and zhconv themselves; the normaliser is never run on it in a test (its differences
are not to be read, only its score reported by scripts/bench_normalize.py --heldout).
"""
from conftest import bench_normalize
from test_zh_heldout7 import converts_through_zhconv, natural_set_form, no_line_learnt_or_of_another_set


def test_heldout8_is_blind_simplified_and_scored_by_the_bench() -> None:
    # lines where s2twp changes a word beyond the character level: 205 with the installed OpenCC
    natural_set_form(bench_normalize().HELDOUT8, 8, 264, 224, 180)


def test_heldout8_is_no_line_of_the_learnt_text_or_another_set() -> None:
    no_line_learnt_or_of_another_set(bench_normalize().HELDOUT8)


def test_heldout8_converts_through_zhconv() -> None:
    converts_through_zhconv(bench_normalize().HELDOUT8)
