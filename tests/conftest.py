import json
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


@pytest.fixture(scope="session")
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip("../shared/fixtures/real is not beside the project")
    return REAL
