"""The real reports in ../shared/fixtures/real reproduce their checked truth."""
import json

import jsonschema
import pytest

import extractor
from extractor.cli import schema_text
from conftest import cells, truth

MODERN = ["huaian_2024.pdf", "pingtan_2024.html"]


@pytest.fixture(scope="module")
def parsed(real_dir):
    return {name: extractor.parse(real_dir / name).to_dict() for name in MODERN}


@pytest.mark.parametrize("name", MODERN)
def test_every_truth_cell(parsed, name):
    out = parsed[name]
    t = truth(name.rsplit(".", 1)[0])
    wrong = [(tb, r, c, v, out["tables"][tb]["values"].get(r, {}).get(c, "missing"))
             for tb, r, c, v in cells(t["tables"]) if out["tables"][tb]["values"].get(r, {}).get(c, "missing") != v]
    assert wrong == []
    assert sum(1 for _ in cells(t["tables"])) == 207


@pytest.mark.parametrize("name", MODERN)
def test_report_metadata_and_sections(parsed, name):
    out, t = parsed[name], truth(name.rsplit(".", 1)[0])
    rep = out["report"]
    assert rep["template"] == t["report"]["template"] == "gov-2021"
    assert rep["year"] == 2024
    assert rep["agency"] in [t["report"]["agency"]] + t["report"].get("agency_aliases", [])
    assert rep["script"] == "simplified"
    assert [s["key"] for s in out["sections"]] == [s["key"] for s in t["sections"]]


@pytest.mark.parametrize("name", MODERN)
def test_all_identities_hold(parsed, name):
    checks = parsed[name]["checks"]
    rules = {c["rule"] for c in checks if not c["rule"].startswith("narrative.")}
    assert rules == {"requests.balance", "requests.total_processed", "requests.other_split",
                     "requests.row_total", "review_litigation.group_total"}
    assert all(c["ok"] is True for c in checks), [c for c in checks if c["ok"] is not True]
    assert len([c for c in checks if c["rule"] == "requests.row_total"]) == 26


def test_narrative_facts_agree_with_tables(parsed):
    facts = {f["key"]: f["value"] for f in parsed["huaian_2024.pdf"]["narrative_facts"]}
    assert facts["requests.new_received.total"] == 3119
    assert facts["requests.total_processed.total"] == 3050
    assert facts["review_litigation.review.total"] == 351
    assert facts["text.litigation.total"] == 46  # 26 + 20: both litigation groups, so no single cell
    narrative = [c for c in parsed["huaian_2024.pdf"]["checks"] if c["rule"].startswith("narrative.")]
    assert len(narrative) == 9 and all(c["ok"] for c in narrative)
    facts = {f["key"]: f for f in parsed["pingtan_2024.html"]["narrative_facts"]}
    assert facts["proactive_disclosure.normative_docs.issued"]["value"] == 62
    assert facts["requests.total_processed.total"]["phrase"] == "办理政府信息公开申请218件"


def test_huaian_specifics(parsed):
    out = parsed["huaian_2024.pdf"]
    req = out["tables"]["requests"]
    # the label 「（四）无法提供」 is split across the page break: 2. and 3. still land in unavailable
    assert req["values"]["unavailable.needs_creation"]["natural_person"] == 11
    assert req["provenance"]["unavailable.needs_creation"]["total"]["page"] == 5
    assert req["provenance"]["new_received"]["total"] == {"from": "cell", "page": 4, "raw": "3119", "confirmed": True,
                                                           "bbox": [486.4, 456.5, 520.0, 480.7]}
    # gov-2021 prints no （六） row: it is the sum of its three sub-rows
    assert req["values"]["other"]["total"] == 71 + 6 + 110
    assert req["provenance"]["other"]["total"]["from"] == "inferred"
    assert out["tables"]["proactive_disclosure"]["values"]["admin_fees"]["amount"] == 96171.6
    assert out["report"]["title"] == "淮安市人民政府2024年政府信息公开工作年度报告"


def test_pingtan_ignores_site_chrome(parsed):
    out = parsed["pingtan_2024.html"]
    overview = out["sections"][0]
    assert overview["heading"] == "一、总体情况"
    assert [s["heading"] for s in overview["subsections"]][:2] == ["（一）主动公开方面", "（二）依申请公开方面"]
    assert out["sections"][-1]["text"].startswith("2024年，无收取信息处理费情况")
    assert out["tables"]["review_litigation"]["values"]["litigation_after_review"]["total"] == 19


@pytest.mark.parametrize("name", MODERN)
def test_output_validates_and_is_deterministic(real_dir, parsed, name):
    schema = json.loads(schema_text())
    jsonschema.validate(parsed[name], schema)
    a = extractor.parse(real_dir / name).to_json()
    assert extractor.parse(real_dir / name).to_json() == a
    from_bytes = extractor.parse((real_dir / name).read_bytes()).to_dict()
    assert from_bytes["tables"] == parsed[name]["tables"] and from_bytes["source"]["path"] is None
