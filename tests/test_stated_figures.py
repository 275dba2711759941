"""Stated figures (issue 11): a subject for every figure, choice by evidence, legacy years, modern narrative,
the duplicate and the letter. Inputs are paragraphs written the way real reports write them."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from conftest import REAL
from extractor import stated
from extractor.legacy_text import find_stated
from extractor.narrative import find_facts

ROOT = Path(__file__).resolve().parent.parent


def legacy(text: str, section: str = "requests") -> dict:
    return {s.fact: s.value for s in find_stated([(section, text)])}


def modern(text: str, section: str = "overview", template: str = "gov-2021") -> dict:
    return {f.key: f.value for f in find_facts([(section, text)], template)}


# ---------------------------------------------------------------- a subject for every figure: not ours
@pytest.mark.parametrize("text", [
    "2015年，区政务服务中心各窗口共受理审批事项12653件，办结12580件，按时办结率100%。",  # approvals
    "区12345便民服务热线全年受理群众来电8654件，已办结8600件，群众满意率98%。",  # a hotline's 已办结
    "区行政服务中心全年共受理申请3456件，办结3400件。",  # an approval centre's 共受理申请
    "全年共办理人大代表建议45件、政协委员提案60件，办复率100%。",
    "全年受理群众来信来访230件，办结225件。",
    "截至2016年底，累计主动公开政府信息85376条。",  # cumulative, not the year's
    "区直、县直各单位主动公开政府信息2600条，各乡镇主动公开政府信息500条。",  # another body's scope
    "受理审批事项2300件。办结2290件，按时办结率100%。",  # the next sentence carries the approvals on
    "12345热线接听群众咨询电话5200次。",
])
def test_figures_about_other_subjects_are_not_ours(text):
    assert legacy(text) == {}
    assert modern(text, "requests") == {}


def test_reviews_about_other_business_are_not_ours():
    text = "深入推进法治政府建设。全年办理行政复议案件120件，行政诉讼应诉案件45件。"
    assert modern(text, "overview") == {} and legacy(text, "overview") == {}
    # 行政复议案件 holds 议案 (a proposal) but is none; in the review section or after a sentence on requests it is ours
    assert modern("全年发生行政复议案件2件。", "review_litigation") == {"review_litigation.review.total": 2}
    assert modern("收到政府信息公开申请5件。发生行政复议2起；行政诉讼1件。") == {
        "requests.new_received.total": 5, "review_litigation.review.total": 2, "text.litigation.total": 1}


def test_the_breakdown_of_a_part_is_the_parts():
    text = "共收到政府信息公开申请56件，其中区政府办公室收到政府信息公开申请20件，予以公开15件。"
    assert modern(text, "requests") == {"requests.new_received.total": 56}


def test_a_channel_after_qizhong_is_no_part_body():
    text = "全年共主动公开政府信息2356条，其中通过政府网站主动公开政府信息2100条。"
    assert legacy(text, "proactive_disclosure") == {"proactive_items": 2356, "proactive_web": 2100}


def test_a_street_office_reports_on_itself():
    assert legacy("本街道共受理政府信息公开申请3件。") == {"requests_received": 3}


def test_approvals_before_disclosure_requests_in_one_sentence():
    text = "全年受理审批事项2300件，办结2290件；收到政府信息公开申请15件，办理政府信息公开申请15件。"
    assert modern(text, "requests") == {"requests.new_received.total": 15, "requests.total_processed.total": 15}
    text = "区行政服务中心全年共受理申请3456件，办结3400件。2015年，我区共受理政府信息公开申请12件，已答复12件。"
    assert legacy(text) == {"requests_received": 12, "replies_total": 12}


def test_the_last_item_of_a_category_list_is_no_total():
    text = ("2016年，全县共公布政府信息5230条，其中机构职能类320条、政策法规类1200条、规划计划类310条、"
            "业务动态类3100条、其他应主动公开政府信息300条。")
    assert legacy(text, "proactive_disclosure") == {"proactive_items": 5230}
    assert modern(text, "proactive_disclosure") == {"text.proactive_items_published": 5230}
    # the list on its own sentence (items split by ；): 其他应主动公开… is still a category, not the total
    assert legacy("其他应主动公开政府信息300条。", "proactive_disclosure") == {}


def test_totals_inside_the_parts_of_an_inventory():
    text = ("全年共制作、获取政府信息总数4521条，其中主动公开政府信息4300条，依申请公开信息150条，不予公开信息71条。"
            "县政府办公室公开1200条，区直、县直各单位主动公开政府信息2600条，各乡镇主动公开政府信息500条。")
    assert legacy(text, "proactive_disclosure") == {"info_produced_total": 4521, "proactive_items": 4300,
                                                    "info_on_request_only": 150, "info_not_disclosed": 71}


def test_number_first_consultations_and_their_parts():
    facts = {s.fact: s for s in find_stated([("legacy_5", "全年有约1200人次通过各种方式咨询政府信息公开有关事项，"
                                                           "其中现场咨询300人次，电话咨询800人次，网上咨询100人次。")])}
    assert list(facts) == ["consultations"]
    assert (facts["consultations"].value, facts["consultations"].approximate) == (1200, True)


def test_channels_staff_and_expenditure():
    text = ("2016年全区主动公开政府信息3460条，通过“中国·平潭”门户网站公开政府信息3400条。"
            "配备专职人员3名、兼职人员15名，全年政府信息公开工作经费支出2.5万元。")
    assert legacy(text, "overview") == {"proactive_items": 3460, "proactive_web": 3400, "staff_full_time": 3,
                                        "staff_part_time": 15, "disclosure_expenditure": 2.5}


def test_the_years_figure_after_the_cumulative_one():
    text = "截至2016年底，累计主动公开政府信息88000条，其中2016年主动公开政府信息3460条。"
    assert legacy(text, "proactive_disclosure") == {"proactive_items": 3460}


def test_requests_phrasings():
    assert legacy("全年共收到申请人提出的政府信息公开申请二十件，已答复申请人20件。") == \
        {"requests_received": 20, "replies_total": 20}
    assert legacy("全年共受理了来自公民的12件政府信息公开申请。") == {"requests_received": 12}
    assert legacy("共受理申请8件（其中区本级收到申请5件）。") == {"requests_received": 8}


# ---------------------------------------------------------------- modern narrative
def test_modern_outcomes_documents_and_items():
    text = ("2023年，本机关新收政府信息公开申请45件，上年结转3件，结转下年度继续办理2件。"
            "全年办结政府信息公开申请46件，其中予以公开20件，部分公开8件，不予公开5件，无法提供10件，不予处理2件，其他处理1件。")
    assert modern(text, "requests") == {
        "requests.new_received.total": 45, "requests.carried_over.total": 3, "requests.carried_forward.total": 2,
        "requests.total_processed.total": 46, "requests.granted.total": 20, "requests.partially_granted.total": 8,
        "text.requests.denied": 5, "text.requests.unavailable": 10, "text.requests.not_processed": 2,
        "requests.other.total": 1}
    text = "本年度制发的规范性文件12件，集中公开现行有效行政规范性文件156件，共公布政府信息8650条。"
    assert modern(text, "proactive_disclosure") == {"proactive_disclosure.normative_docs.issued": 12,
                                                    "proactive_disclosure.normative_docs.in_force": 156,
                                                    "text.proactive_items_published": 8650}
    assert "proactive_disclosure.normative_docs.in_force" not in modern(text, "proactive_disclosure", "gov-2019")


def test_granted_replies_are_not_the_total_processed():
    got = modern("对收到的政府信息公开申请，同意公开答复20件，不予公开3件。", "requests")
    assert got == {"requests.granted.total": 20, "text.requests.denied": 3}


def test_review_and_litigation_outcomes_stay_with_their_proceeding():
    got = modern("全年发生政府信息公开行政复议2件，其中维持1件，纠错1件；行政诉讼1件，尚未审结1件。", "review_litigation")
    assert got == {"review_litigation.review.total": 2, "review_litigation.review.upheld": 1,
                   "review_litigation.review.corrected": 1, "text.litigation.total": 1, "text.litigation.pending": 1}


def test_approximate_modern_figure_is_flagged():
    facts = find_facts([("overview", "市政府网站主动公开各类政府信息5500余条。")], "gov-2021")
    assert [(f.key, f.value, f.approximate) for f in facts] == [("text.proactive_items_published", 5500, True)]


# ---------------------------------------------------------------- choose by evidence
TABLE_2012 = """标题: 某某县2012年政府信息公开工作年度报告
==================== 正文 ====================
某某县2012年政府信息公开工作年度报告
一、概述
2012年，某某县认真贯彻《条例》。全年共受理政府信息公开申请{over}件。
二、主动公开政府信息情况
全年主动公开政府信息1200条。
三、依申请公开政府信息情况
全年共受理政府信息公开申请{req}件，已全部答复。
四、存在的主要问题及改进措施
公开内容不够全面。
某某县人民政府办公室 2013年3月1日
附件1：某某县2012年政府信息公开情况统计表
指标名称 | 计量 单位 | 2012 年度 | 历年累计 |
主动公开信息数 | 条 | 1200 | 5600 |
受理依申请公开信息总数 | 件 | 12 | |
"""


def test_the_table_decides_between_two_statements_and_the_other_fails():
    out = extractor.parse(TABLE_2012.format(over=15, req=12).encode()).to_dict()
    text = {f["fact"]: f for f in out["legacy_facts"] if f["source"] == "text"}
    table = {f["fact"]: f for f in out["legacy_facts"] if f["source"] == "stats_table"}
    assert text["requests_received"]["value"] == 12
    assert table["requests_received"]["value"] == 12 and table["requests_received"]["cumulative_value"] is None
    assert table["proactive_items"]["cumulative_value"] == 5600  # header 2012 年度 | 计量 单位 with spaces
    failing = [c for c in out["checks"] if c["ok"] is False]
    assert [(c["rule"], c["expected"], c["actual"]) for c in failing] == [("narrative.requests_received", 15, 12)]
    assert out["sections"][-1]["key"] == "other" and out["sections"][-1]["heading"].startswith("附件1")


def test_two_statements_and_no_evidence_leave_the_fact_out():
    text = TABLE_2012.format(over=15, req=12).split("某某县人民政府办公室 2013")[0]
    out = extractor.parse(text.encode()).to_dict()
    assert "requests_received" not in {f["fact"] for f in out["legacy_facts"]}
    assert any(i["code"] == "narrative_ambiguous" for i in out["issues"])


def test_the_list_sum_decides():
    text = ("全年共受理政府信息公开申请10件，其中当面申请4件、网上申请6件。"
            "全年共受理政府信息公开申请12件。")
    assert legacy(text) == {"requests_received": 10}


def test_a_modern_table_decides_and_the_other_statement_fails(real_dir):
    html = (REAL / "pingtan_2024.html").read_text("utf-8")
    html = html.replace("全年办理政府信息公开申请218件", "全年办理政府信息公开申请218件，全年办理政府信息公开申请230件", 1)
    out = extractor.parse(html.encode()).to_dict()
    fact = next(f for f in out["narrative_facts"] if f["key"] == "requests.total_processed.total")
    assert (fact["value"], fact["alternatives"]) == (218, [230])
    checks = [(c["expected"], c["ok"]) for c in out["checks"] if c["rule"] == "narrative.requests.total_processed.total"]
    assert checks == [(218, True), (230, False)]


def test_a_sum_fact_is_checked_against_the_rows_it_stands_for(real_dir):
    html = (REAL / "pingtan_2024.html").read_text("utf-8")
    out = extractor.parse(html.replace("全年办理政府信息公开申请218件",
                                       "全年办理政府信息公开申请218件，其中不予公开9件", 1).encode()).to_dict()
    denied = sum(v for r, cols in out["tables"]["requests"]["values"].items() if r.startswith("denied.")
                 for c, v in cols.items() if c == "total")
    check = next(c for c in out["checks"] if c["rule"] == "narrative.text.requests.denied")
    assert check["actual"] == denied and check["ok"] is (denied == 9)


# ---------------------------------------------------------------- legacy years
REPORT_2017 = """标题: 某某县2017年政府信息公开工作年度报告
==================== 正文 ====================
某某县2017年政府信息公开工作年度报告 如对本报告有疑问，请联系（电子邮箱：xxgk@163.com一、概述2017年，某某县政府信息公开工作有序开展。二、主动公开政府信息情况（一）主动公开目录编制2017年全县主动公开政府信息1200条，主要包括财政预决算、政府集中采购、重大项目等信息。三、依申请公开政府信息情况共受理政府信息公开申请8件，已答复8件，全部同意公开。四、因政府信息公开申请行政复议、提起行政诉讼的情况未发生行政复议、行政诉讼。五、存在的主要问题及改进措施公开内容不够全面。
"""


def test_the_year_decides_the_template_and_crawler_headings():
    out = extractor.parse(REPORT_2017.encode()).to_dict()
    assert (out["report"]["template"], out["report"]["year"]) == ("legacy", 2017)
    assert [s["key"] for s in out["sections"]] == ["overview", "proactive_disclosure", "requests",
                                                   "review_litigation", "problems"]
    pro = out["sections"][1]
    assert pro["subsections"][0]["heading"] == "（一）主动公开目录编制"  # not the sentence after it
    facts = {f["fact"]: f["value"] for f in out["legacy_facts"]}
    assert facts == {"proactive_items": 1200, "requests_received": 8, "replies_total": 8, "replies_granted": 8,
                     "admin_reviews_litigation": 0}


def test_figures_inside_headings():
    text = REPORT_2017.replace("二、主动公开政府信息情况（一）主动公开目录编制2017年全县主动公开政府信息1200条，",
                               "二、主动公开政府信息情况（一）主动公开政府信息1200条。")
    out = extractor.parse(text.encode()).to_dict()
    assert {f["fact"]: f["value"] for f in out["legacy_facts"]}["proactive_items"] == 1200


# ---------------------------------------------------------------- the duplicate and the letter
def test_the_same_text_under_two_issuers_shares_a_fingerprint():
    a = REPORT_2017.replace("==================== 正文", "发布机构: 某某县人民政府\n==================== 正文")
    b = REPORT_2017.replace("==================== 正文", "发布机构: 某某经济开发区管委会\n==================== 正文")
    ra, rb = extractor.parse(a.encode()).to_dict(), extractor.parse(b.encode()).to_dict()
    assert ra["report"]["content_fingerprint"] == rb["report"]["content_fingerprint"]
    assert ra["legacy_facts"] == rb["legacy_facts"]
    other = extractor.parse(REPORT_2017.replace("1200条", "1300条").encode()).to_dict()
    assert other["report"]["content_fingerprint"] != ra["report"]["content_fingerprint"]


def test_a_letter_stays_an_error_record():
    text = ("标题: 关于报送2016年政府信息公开工作年度报告的函\n==================== 正文 ====================\n"
            "市政府办公室：\n现将我县2016年政府信息公开工作年度报告报送你们，请查收。全年主动公开政府信息1200条。\n")
    out = extractor.parse(text.encode()).to_dict()
    assert out["issues"][0]["code"] == "not_an_annual_report" and out["report"] is None


# ---------------------------------------------------------------- the seed and the vocabulary
def test_seed_stated_figures_as_before():
    out = extractor.parse(ROOT / "fixtures" / "text" / "seed_wujiang_2020_traditional.txt").to_dict()
    assert [(f["key"], f["value"]) for f in out["narrative_facts"]] == [
        ("requests.new_received.total", 305), ("text.litigation.corrected", 2), ("review_litigation.review.corrected", 1)]


def test_the_vocabulary_is_validated_when_loaded(monkeypatch):
    raw = json.loads((ROOT / "src/extractor/templates/stated-figures.json").read_text("utf-8"))
    bad = json.loads(json.dumps(raw))
    bad["legacy"]["facts"][0]["fact"] = "no_such_fact"
    bad2 = json.loads(json.dumps(raw))
    bad2["modern"]["facts"][0]["pattern"] = "收到申请(件"
    for b in (bad, bad2):
        class File:
            def read_text(self, enc):
                return json.dumps(b, ensure_ascii=False)
        monkeypatch.setattr(stated, "package_file", lambda *parts: File())
        stated.vocabulary.cache_clear()
        with pytest.raises(stated.VocabularyError):
            stated.vocabulary()
    monkeypatch.undo()
    stated.vocabulary.cache_clear()
    assert stated.vocabulary().legacy


# ---------------------------------------------------------------- generated reports (development seed)
def test_generated_stated_figures(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts/make_stated_corpus.py"), str(tmp_path / "in"),
                    "--seed", "2", "--n", "24"], check=True, capture_output=True)
    out = tmp_path / "out"
    out.mkdir()
    for p in sorted((tmp_path / "in").glob("*.txt")):
        (out / f"{p.stem}.json").write_text(extractor.parse(p).to_json(), "utf-8")
    sys.path.insert(0, str(ROOT / "scripts"))
    import score_stated
    c = score_stated.score(out, tmp_path / "in")
    assert c["legacy_docs"] + c["modern_docs"] == 24 and c["meta_wrong"] == 0
    for kind in ("legacy", "modern"):
        assert c[f"{kind}_found"] == c[f"{kind}_stated"], kind
        assert c[f"{kind}_wrong"] == 0 and c[f"{kind}_extra"] == 0, kind
    assert c["disagreements_reported"] == c["disagreements"] and c["false_disagreements"] == 0


def test_real_crawler_text_with_its_heading_glued_to_the_email_address(real_dir):
    text = (REAL / "pingtan_2016_text.txt").read_text("utf-8").replace("pzxxgkb@163.com）。一、 概述",
                                                                      "pzxxgkb@163.com一、概述")
    out = extractor.parse(text.encode()).to_dict()
    want = json.loads((REAL / "pingtan_2016_text.truth.json").read_text("utf-8"))
    assert [s["key"] for s in out["sections"]] == [s["key"] for s in want["sections"]]
    got = {(f["fact"], f["source"]): f["value"] for f in out["legacy_facts"]}
    assert {(f["fact"], f["source"]): f["value"] for f in want["legacy_facts"]}.items() <= got.items()
    assert {(f["fact"], "text"): f["value"] for f in want["narrative_facts"]}.items() <= got.items()


def test_a_table_row_about_approvals_is_no_fact():
    text = TABLE_2012.format(over=12, req=12).replace(
        "受理依申请公开信息总数 | 件 | 12 | |\n", "受理依申请公开信息总数 | 件 | 12 | |\n受理行政审批申请数 | 件 | 3400 | 9000 |\n")
    out = extractor.parse(text.encode()).to_dict()
    table = {f["fact"]: f["value"] for f in out["legacy_facts"] if f["source"] == "stats_table"}
    assert table == {"proactive_items": 1200, "requests_received": 12}
    assert 3400 not in [f["value"] for f in out["legacy_facts"]]


@pytest.mark.parametrize("section,text,want", [
    ("legacy_5", "本年度我局共接受群众来电、来访咨询政府信息公开事项320人次。", {"consultations": 320}),
    ("requests", "全县共收到依申请公开政府信息申请12件。", {"requests_received": 12}),
    ("legacy_4", "本年度未发生政府信息公开收费情况。", {"fees": 0}),
    ("proactive_disclosure", "其中，通过县政府网站公开信息1800条，通过政务微博发布信息300条，通过政务微信发布200条。",
     {"proactive_web": 1800, "proactive_weibo": 300, "proactive_wechat": 200}),
    ("proactive_disclosure", "本年度主动公开政府信息1.2万条。", {"proactive_items": 12000}),
    ("requests", "各乡镇、各部门共受理政府信息公开申请25件。", {}),  # the sub-bodies only
    ("proactive_disclosure", "全年主动公开政府信息（不同渠道和方式公开相同信息计1条）3460条。", {"proactive_items": 3460}),
])
def test_more_legacy_phrasings(section, text, want):
    assert legacy(text, section) == want


def test_ten_thousands_are_a_bound():
    (s,) = find_stated([("proactive_disclosure", "本年度主动公开政府信息1.2万条。")])
    assert (s.value, s.approximate) == (12000, True)


def test_a_stated_figure_that_is_the_tables_cumulative_count_is_no_disagreement():
    text = TABLE_2012.format(over=12, req=12).replace("全年主动公开政府信息1200条", "主动公开政府信息5600条")
    out = extractor.parse(text.encode()).to_dict()
    assert not [c for c in out["checks"] if c["ok"] is False]
    assert ("proactive_items", "text") not in {(f["fact"], f["source"]) for f in out["legacy_facts"]}
    assert any(i["code"] == "stated_cumulative" for i in out["issues"])
