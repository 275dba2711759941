import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "fixtures" / "real"
FIXTURES = ROOT / "fixtures"


def truth(stem: str) -> dict:
    return json.loads((REAL / f"{stem}.truth.json").read_text("utf-8"))


def cells(tables: dict):
    """(table, row, column, value) for every cell in a contract-shaped tables map."""
    for t, tb in tables.items():
        for row, cols in tb["values"].items():
            for col, v in cols.items():
                yield t, row, col, v


def input_of(truth: Path) -> Path:
    """The input beside a `<stem>.truth.json` / `<stem>.expected.json` file."""
    stem = re.sub(r"\.(truth|expected)\.json$", "", truth.name)
    return next(p for p in truth.parent.iterdir() if p.stem == stem and not p.name.endswith(".json"))


def bench_normalize():
    """scripts/bench_normalize.py as a module: its passage loader and the held-back paths (nothing is normalised)."""
    spec = importlib.util.spec_from_file_location("bench_normalize", ROOT / "scripts" / "bench_normalize.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def report_mismatches(out: dict, want: dict) -> list[str]:
    """template / year / agency (or an alias) of a parsed report against its truth."""
    rep = out.get("report") or {}
    bad = [f"{k}: {rep.get(k)!r} != {want['report'][k]!r}" for k in ("template", "year") if rep.get(k) != want["report"][k]]
    if rep.get("agency") not in [want["report"]["agency"], *want["report"].get("agency_aliases", [])]:
        bad.append(f"agency: {rep.get('agency')!r} != {want['report']['agency']!r}")
    return bad


@pytest.fixture(scope="session")
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip("../shared/fixtures/real is not beside the project")
    return REAL
