"""Every fixture we made the way real reports are made parses to the numbers it was made from."""
import json

import pytest

import extractor
from extractor.readers import office
from conftest import FIXTURES, cells, input_of

EXPECTED = sorted(FIXTURES.rglob("*.expected.json"))



@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name)
def test_fixture_values(expected):
    want = json.loads(expected.read_text("utf-8"))
    if input_of(expected).suffix in (".doc", ".wps") and office.soffice_path() is None:
        pytest.skip("LibreOffice (Debian libreoffice-writer-nogui) is not installed: .doc/.wps cannot be converted")
    out = extractor.parse(input_of(expected)).to_dict()
    for key in ("agency", "year", "template"):
        if key in want.get("report", {}):
            assert out["report"][key] == want["report"][key], key
    wrong = [(t, r, c, v, out["tables"][t]["values"][r][c]) for t, r, c, v in cells(want["tables"])
             if out["tables"][t]["values"][r][c] != v]
    assert wrong == []
    assert not [c for c in out["checks"] if c["ok"] is False]
