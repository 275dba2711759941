"""The identity solver (solver.py) and what it decides in a report: determined cells only, never a guess."""
import json
from pathlib import Path

import pytest

import extractor
from extractor.solver import System
from extractor.values import parse_cell

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"


def test_single_unknown_is_solved():
    s = System()
    for k, v in {"a": 3, "b": 4}.items():
        s.fix(k, v)
    s.add({"t": 1, "a": -1, "b": -1, "c": -1}, 0, "sum")
    s.fix("t", 7)
    sol = s.solve()
    assert sol.values == {"c": 0}


def test_blanks_summing_to_zero_are_zero_only_by_non_negativity():
    s = System()
    s.fix("t", 5)
    s.fix("a", 5)
    s.add({"t": 1, "a": -1, "b": -1, "c": -1}, 0, "row")  # b + c = 0 and counts are ≥ 0
    assert s.solve().values == {"b": 0, "c": 0}


def test_two_unknowns_with_room_stay_open():
    s = System()
    s.fix("t", 5)
    s.add({"t": 1, "b": -1, "c": -1}, 0, "row")
    sol = s.solve()
    assert sol.values == {} and sol.undetermined == {"b", "c"}


def test_negative_would_be_needed_is_a_conflict():
    s = System()
    s.fix("t", 5)
    s.fix("a", 6)
    s.add({"t": 1, "a": -1, "b": -1}, 0, "row")
    sol = s.solve()
    assert sol.values == {} and sol.conflicts and sol.conflicts[0][1] == ["row"]


def test_a_choice_is_fixed_by_a_column_identity():
    # a row read two ways (digits run together); the column total decides which
    s = System()
    s.fix("total", 12)
    s.fix("other", 10)
    ci = s.choose(("x",), [(2.0,), (20.0,)])
    s.add({"total": 1, "other": -1, "x": -1}, 0, "col")
    sol = s.solve()
    assert sol.chosen == {ci: 0} and sol.values == {"x": 2}


def test_stated_figure_is_optional():
    s = System()
    ci = s.choose(("x",), [(2.0,), (20.0,)])
    s.add({"x": 1}, 7, "stated", optional=True)  # fits no reading: dropped, the choice stays open
    sol = s.solve()
    assert ci not in sol.chosen and "x" in sol.undetermined


@pytest.mark.parametrize("raw", ["0\n2", "1204\n37", "12 3", "- 132", "5 -"])
def test_a_cell_with_two_numbers_is_no_number(raw):
    assert parse_cell(raw).kind == "two_numbers" and parse_cell(raw).value is None


@pytest.mark.parametrize("raw,value", [("－3", -3), ("＋1", 1), ("1,204", 1204), ("251000元", 251000)])
def test_signs_and_separators(raw, value):
    assert parse_cell(raw).value == value


def test_confirmed_on_the_real_report():
    out = extractor.parse(REAL / "huaian_2024.pdf").to_dict()
    prov = out["tables"]["requests"]["provenance"]
    assert all(p["confirmed"] for row in prov.values() for p in row.values())
    # table 二 has no identities: nothing in it is confirmed
    pro = out["tables"]["proactive_disclosure"]["provenance"]
    assert not any(p["confirmed"] for row in pro.values() for p in row.values())


def _html_with(edit) -> bytes:
    return edit((REAL / "pingtan_2024.html").read_bytes().decode("utf-8")).encode("utf-8")


def test_blank_zero_proven_by_the_row_total():
    # 「（一）予以公开 71 0 0 0 0 0 71」 with its zeros printed as blanks: the row total proves them 0
    html = (REAL / "pingtan_2024.html").read_bytes().decode("utf-8")
    i = html.index("予以公开")
    j = html.index("</tr>", i)
    row = html[i:j].replace(">0<", "><")
    out = extractor.parse((html[:i] + row + html[j:]).encode("utf-8")).to_dict()
    req = out["tables"]["requests"]
    assert req["values"]["granted"]["commercial"] == 0
    assert req["provenance"]["granted"]["commercial"]["from"] == "blank_cell"
    assert "requests.row_total" in req["provenance"]["granted"]["commercial"]["rule"]
    assert all(c["ok"] is True for c in out["checks"] if not c["rule"].startswith("narrative."))


def test_a_label_with_a_missing_character_is_matched():
    html = (REAL / "pingtan_2024.html").read_bytes().decode("utf-8").replace("其他法律行政法规禁止公开", "其他法律行政止公开")
    out = extractor.parse(html.encode("utf-8")).to_dict()
    truth = json.loads((REAL / "pingtan_2024.truth.json").read_text("utf-8"))
    want = truth["tables"]["requests"]["values"]["denied.prohibited_by_law"]
    assert out["tables"]["requests"]["values"]["denied.prohibited_by_law"] == want
    assert out["tables"]["requests"]["provenance"]["denied.prohibited_by_law"]["total"]["from"] == "cell"


def test_grid_from_positioned_words():
    """Any reader's positioned words → a grid: a blank keeps its column, labels wrapped around a value line."""
    from extractor.grid import Word, find_word_tables

    def w(text, x0, top):
        return Word(text, x0, x0 + 10 * len(text), top, top + 10)
    words = [w("项目", 0, 0), w("甲", 100, 0), w("乙", 150, 0), w("合计", 200, 0),
             w("1.第一行", 0, 20), w("3", 100, 20), w("4", 150, 20), w("7", 200, 20),
             w("2.第二行很长", 0, 35), w("5", 200, 40), w("的标签", 0, 45),
             w("3.第三行", 0, 60), w("1", 100, 60), w("2", 150, 60), w("3", 200, 60)]
    (wt,) = find_word_tables(words)
    grid = [[c.text if c else None for c in row] for row in wt.table.grid()]
    assert grid[0] == ["项目", "甲", "乙", "合计"]
    assert grid[2] == ["2.第二行很长的标签", "", "", "5"]  # blanks keep their place
    assert grid[3] == ["3.第三行", "1", "2", "3"]
