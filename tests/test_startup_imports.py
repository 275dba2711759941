"""Lean start-up (issue 16): a parse that needs no LP imports neither scipy nor numpy, an HTML parse no bs4;
the solver's readings path gives the answers HiGHS milp gives."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from extractor.solver import System, _determine_by_readings, _determine_milp, _OPEN

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"


def _modules_after_parse(name: str) -> set[str]:
    code = ("import sys, extractor; r = extractor.parse(sys.argv[1], timeout=0, max_memory_mb=0); "
            "print(r.report.template, r.report.year); print(*sorted({m.split('.')[0] for m in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code, str(REAL / name)], capture_output=True, text=True, check=True)
    first, mods = out.stdout.splitlines()
    return {first, *mods.split()}


def test_legacy_text_report_parsed_without_scipy_or_numpy():
    mods = _modules_after_parse("pingtan_2016_text.txt")
    assert "legacy 2016" in mods
    assert not {"scipy", "numpy", "bs4"} & mods


def test_html_report_parsed_without_bs4():
    mods = _modules_after_parse("pingtan_2024.html")
    assert "gov-2021 2024" in mods and "lxml" in mods
    assert "bs4" not in mods


def _pingtan_2016_system() -> System:
    """pingtan_2016_text.txt's legacy system: 3460 stated, two run-together digit cells with three readings."""
    s = System()
    readings = [(3.0, 46085376.0), (34.0, 6085376.0), (3460.0, 85376.0)]
    s.choose(((0, 0), (0, 1)), readings)
    s.choose(((1, 0), (1, 1)), readings)
    s.add({(0, 0): 1.0}, 3460.0, "stated")
    s.add({(1, 0): 1.0, (0, 0): -1.0}, 0.0, "legacy.proactive_parts", op="le")
    s.add({(1, 1): 1.0, (0, 1): -1.0}, 0.0, "legacy.proactive_parts", op="le")
    s.add({(0, 0): 1.0, (0, 1): -1.0}, 0.0, "legacy.cumulative", op="le")
    s.add({(1, 0): 1.0, (1, 1): -1.0}, 0.0, "legacy.cumulative", op="le")
    return s


def test_readings_agree_with_milp():
    s = _pingtan_2016_system()
    keys, cons = list(s.unknown), s._reduced()
    want = _determine_milp(keys, cons, s.choices)
    got = _determine_by_readings(keys, cons, s.choices)
    assert got == want == ({(0, 0): 3460.0, (0, 1): 85376.0, (1, 0): 3460.0, (1, 1): 85376.0}, {0: 2, 1: 2})
    sol = s.solve()
    assert sol.values[(0, 1)] == 85376.0 and sol.chosen == {0: 2, 1: 2}


def test_readings_undetermined_and_inconsistent_like_milp():
    s = System()
    s.choose(((0,),), [(3.0,), (4.0,)])
    s.add({(0,): 1.0, (1,): 1.0}, 10.0, "sum")  # either reading fits: nothing determined
    keys, cons = list(s.unknown), s._reduced()
    assert _determine_by_readings(keys, cons, s.choices) == _determine_milp(keys, cons, s.choices) == ({}, {})
    s.add({(1,): 1.0}, 20.0, "stated")  # neither fits
    cons = s._reduced()
    assert _determine_by_readings(keys, cons, s.choices) is None and _determine_milp(keys, cons, s.choices) is None


def test_open_equations_left_to_milp():
    s = System()
    s.choose(((0,),), [(1.0,), (2.0,)])
    s.add({(0,): 1.0, (1,): 1.0, (2,): 1.0}, 10.0, "sum")  # two unknowns left: not the readings path's
    assert _determine_by_readings(list(s.unknown), s._reduced(), s.choices) is _OPEN
