"""Lying text layers: Kangxi / supplement radicals and compatibility ideographs → unified ideographs."""
import json

import extractor
from extractor.normalize import normalize_chars, normalize_text
from conftest import FIXTURES, cells, truth


def test_table_is_generated_from_unicode_data():
    rows = [ln.split("\t") for ln in (FIXTURES.parent / "src/extractor/data/radicals.tsv").read_text("utf-8")
            .splitlines() if ln and not ln.startswith("#")]
    table = {a: b for a, b, _ in rows}
    assert len(table) > 1200
    assert [table[c] for c in "⼀⼈⺠⼯⽂⽇⾏⻘⼭"] == list("一人民工文日行青山")
    unified = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x323AF)]
    assert all(any(a <= ord(b) <= z for a, z in unified) for b in table.values())
    assert table["\uf900"] == "\u8c48" and "\ufa0e" not in table  # FA0E is itself a unified ideograph


def test_normalisation_counts_the_look_alikes():
    n = normalize_text("⼀、总体情况：⻘⼭县⼈⺠政府")
    assert n.text == "一、总体情况：青山县人民政府"
    assert n.script == "simplified" and n.conversions == ["radicals:5"]
    assert normalize_chars("⾏政复议") == "行政复议"
    assert normalize_text("一、总体情况").conversions == []


def test_pdftotext_text_with_radicals_parses_like_the_original(real_dir):
    out = extractor.parse(FIXTURES / "text" / "huaian_2024_radicals.txt").to_dict()
    t = truth("huaian_2024")
    assert [(r, c) for tb, r, c, v in cells(t["tables"]) if out["tables"][tb]["values"][r][c] != v] == []
    assert all(c["ok"] is True for c in out["checks"])
    assert [s["key"] for s in out["sections"]] == [s["key"] for s in t["sections"]]
    assert (out["report"]["agency"], out["report"]["year"], out["report"]["template"]) == ("淮安市人民政府", 2024, "gov-2021")
    n = int(next(c for c in out["report"]["conversions"] if c.startswith("radicals:")).split(":")[1])
    original = (FIXTURES / "text" / "huaian_2024_layout.txt").read_text("utf-8")
    lying = (FIXTURES / "text" / "huaian_2024_radicals.txt").read_text("utf-8")
    # every look-alike is counted; layout text's tables (grid.py) repeat their lines as cells, so at most twice
    assert sum(a != b for a, b in zip(original, lying)) // 2 < n <= 2 * sum(a != b for a, b in zip(original, lying))
    assert not any("\u2e80" <= ch <= "\u2fdf" for ch in json.dumps(out, ensure_ascii=False))


def test_pdf_whose_text_layer_is_radicals():
    out = extractor.parse(FIXTURES / "pdf" / "gov2021_county_radicals.pdf").to_dict()
    want = json.loads((FIXTURES / "pdf" / "gov2021_county.expected.json").read_text("utf-8"))
    assert {k: out["report"][k] for k in ("title", "agency", "year", "template")} == {
        k: want["report"][k] for k in ("title", "agency", "year", "template")}
    got = {(t, r, c): v for t, r, c, v in cells(out["tables"])}
    assert [(k, got.get(k)) for k in ((t, r, c) for t, tb in want["tables"].items()
                                        for r, cols in tb["values"].items() for c in cols)
            if got.get(k) != want["tables"][k[0]]["values"][k[1]][k[2]]] == []
    assert [s["key"] for s in out["sections"]] == [s["key"] for s in want["sections"]]
    assert any(c.startswith("radicals:") for c in out["report"]["conversions"])
