"""Legacy reports (2008–2018): recognition, sections, statistics tables, stated figures, harmonised view."""
import json
from pathlib import Path

import pytest

import extractor
from conftest import FIXTURES, REAL, truth
from extractor.legacy_text import find_stated

LEGACY = sorted((FIXTURES / "legacy").glob("*.expected.json"))
KEYS = ("fact", "value", "unit", "source", "cumulative_value")


def _by_fact(facts: list[dict]) -> dict:
    return {(f["fact"], f["source"]): f for f in facts}


def _parse_text(text: str) -> dict:
    return extractor.parse(text.encode("utf-8")).to_dict()


def test_pingtan_2016_reproduces_its_truth(real_dir):
    out = extractor.parse(REAL / "pingtan_2016_text.txt").to_dict()
    want = truth("pingtan_2016_text")
    assert out["report"]["template"] == "legacy"
    assert [s["key"] for s in out["sections"]] == [s["key"] for s in want["sections"]]
    got = _by_fact(out["legacy_facts"])
    for f in want["legacy_facts"]:
        g = got.get((f["fact"], f["source"]))
        assert g is not None, f["fact"]
        assert {k: g.get(k) for k in KEYS if k in f} == {k: f[k] for k in KEYS if k in f}, f["fact"]
        assert ("cumulative_value" in g) == ("cumulative_value" in f), f["fact"]
        assert g["phrase"] == f["phrase"]
    assert not [c for c in out["checks"] if c["ok"] is False]
    assert not [i for i in out["issues"] if i["severity"] != "info"]


@pytest.mark.parametrize("expected", LEGACY, ids=lambda p: p.name)
def test_legacy_fixture(expected: Path):
    want = json.loads(expected.read_text("utf-8"))
    stem = expected.name[: -len(".expected.json")]
    source = next(p for p in expected.parent.iterdir() if p.stem == stem and not p.name.endswith(".json"))
    out = extractor.parse(source).to_dict()
    assert {k: out["report"][k] for k in want["report"]} == want["report"]
    assert [s["key"] for s in out["sections"]] == want["sections"]
    assert _by_fact(out["legacy_facts"]) == _by_fact(want["legacy_facts"])
    assert not [c for c in out["checks"] if c["ok"] is False]


def test_run_together_digits_need_a_unique_split(real_dir):
    """Without the stated 3460, 346085376 splits several ways that fit: null, with an issue."""
    text = (REAL / "pingtan_2016_text.txt").read_text("utf-8").replace("主动公开政府信息3460条", "主动公开政府信息若干条")
    out = _parse_text(text)
    got = _by_fact(out["legacy_facts"])
    assert got[("proactive_items", "stats_table")]["value"] is None
    assert got[("requests_received", "stats_table")]["value"] == 0
    assert any(i["code"] == "ambiguous_digits" and "proactive_items" in i["message"] for i in out["issues"])


REPORT_2010 = """标题: 某某县2010年政府信息公开工作年度报告
==================== 正文 ====================
一、概述
2010年，某某县认真贯彻《条例》，政府信息公开工作有序开展。
二、主动公开政府信息情况
全年主动公开政府信息4000多条。
三、依申请公开政府信息情况
共受理政府信息公开申请四十件，行政复议两起。
四、其他需要报告的事项
指标名称 | 计量单位 | 本年度 | 历年累计
受理依申请公开信息总数 | 件 | 37 | 50
其中：1.当面 | 件 | 10 | 15
2.网上 | 件 | 20 | 30
行政复议数 | 件 | 2 | 3
"""


def test_failing_identity_and_disagreement_are_reported():
    out = _parse_text(REPORT_2010)
    assert out["report"]["template"] == "legacy" and out["report"]["year"] == 2010
    failed = {(c["rule"], c.get("column")) for c in out["checks"] if c["ok"] is False}
    assert ("legacy.requests_channels", "year") in failed and ("legacy.requests_channels", "cumulative") in failed
    assert ("narrative.requests_received", None) in failed
    got = _by_fact(out["legacy_facts"])
    assert got[("requests_received", "stats_table")]["value"] == 37
    assert got[("requests_received", "text")]["value"] == 40  # both kept
    assert got[("admin_reviews", "text")]["value"] == 2
    assert got[("proactive_items", "text")] == {
        "fact": "proactive_items", "value": 4000, "unit": "条", "source": "text", "phrase": "全年主动公开政府信息4000多条",
        "approximate": True, "section": "proactive_disclosure"}
    codes = [i["code"] for i in out["issues"]]
    assert "narrative_disagrees" in codes and "identity_failed" in codes
    harmonized = {h["key"]: h for h in out["harmonized"]}
    assert harmonized["requests.new_received.total"]["value"] == 37
    assert harmonized["review_litigation.review.total"]["value"] == 2
    assert all(h["caveat"] for h in out["harmonized"])


def test_stated_figures():
    facts = {s.fact: s for s in find_stated([("requests", "2011年共收到依申请公开申请十二件，其中同意公开10余件。"
                                              "全年未发生因政府信息公开引起的行政复议。依申请提供信息暂不收费。")])}
    assert facts["requests_received"].value == 12
    assert (facts["replies_granted"].value, facts["replies_granted"].approximate) == (10, True)
    assert facts["admin_reviews"].value == 0
    assert facts["fees"].value == 0 and facts["fees"].unit is None


def test_harmonized_view_of_pingtan(real_dir):
    out = extractor.parse(REAL / "pingtan_2016_text.txt").to_dict()
    h = {x["key"]: x for x in out["harmonized"]}
    assert h["requests.new_received.total"]["fact"] == "requests_received"
    assert h["requests.new_received.total"]["value"] == 0
    assert "条" in h["requests.new_received.total"]["caveat"]
    assert out["tables"] == {}


def test_a_letter_is_not_forced_into_a_report():
    text = ("标题: 关于报送2016年政务公开工作要点落实情况的函\n==================== 正文 ====================\n"
            "市政府办公室：\n现将我区2016年政务公开工作要点落实情况报告如下：\n一、加强组织领导\n成立领导小组。\n"
            "二、其他事项\n无。\n")
    out = _parse_text(text)
    assert out["issues"][0]["code"] == "not_an_annual_report" and out["issues"][0]["severity"] == "error"
    assert out["report"] is None and out["legacy_facts"] == []


def test_another_countys_report_is_flagged():
    text = REPORT_2010.replace(
        "==================== 正文", "发布机构: 另一县人民政府\n==================== 正文", 1)
    out = _parse_text(text)
    assert any(i["code"] == "not_an_annual_report" and i["severity"] == "warning" for i in out["issues"])
