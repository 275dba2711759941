"""Build the legacy (2008–2018) fixtures in fixtures/legacy/ the way real pages and mirrors look.

- putian_style_2012.html: a 2012 CMS page (GBK) with a 莆田-style 附表 指标名称|计量单位|2012年度|历年累计
- putian_style_2012_text.txt: the same page as crawler text: paragraphs run together, every table
  row's year and cumulative figures run together with no separator (「条21869874」 = 2186 | 9874)
- national_2015.html: a 2015 page with the national 统计指标|单位|统计数 table, headings in variant wording
- national_2015_traditional.html: a traditional-character mirror of it (OpenCC s2t)

Made-up agencies and numbers that satisfy every identity; beside each input, <name>.expected.json
holds report {agency, year, template}, the section keys and the legacy_facts expected.

    python scripts/make_legacy_fixtures.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_html_fixtures import page, paragraphs, table, td  # noqa: E402  (same page chrome)

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "legacy"

# ---- 莆田-style 2012: (fact, label cells, unit, year, cumulative); label cells: (text, rowspan, colspan)
PUTIAN_ROWS: list[tuple[str, list[tuple[str, int, int]], str, int, int]] = [
    ("proactive_items", [("主动公开信息数", 1, 2)], "条", 2186, 9874),
    ("proactive_web", [("其中", 2, 1), ("1.政府网站", 1, 1)], "条", 2186, 9874),
    ("proactive_gazette", [("2.政府公报", 1, 1)], "条", 48, 310),
    ("requests_received", [("受理依申请公开信息总数", 1, 2)], "件", 37, 112),
    ("requests_in_person", [("其中", 6, 1), ("1.当面", 1, 1)], "件", 9, 30),
    ("requests_fax", [("2.传真", 1, 1)], "件", 2, 6),
    ("requests_email", [("3.电子邮件", 1, 1)], "件", 1, 5),
    ("requests_online", [("4.网上", 1, 1)], "件", 21, 55),
    ("requests_letter", [("5.信函", 1, 1)], "件", 4, 16),
    ("requests_other_form", [("6.其它形式申请数", 1, 1)], "件", 0, 0),
    ("replies_total", [("本年度对申请的答复总数", 1, 2)], "件", 37, 110),
    ("replies_granted", [("其中", 3, 1), ("1.同意公开答复数", 1, 1)], "件", 29, 88),
    ("replies_partially_granted", [("2.同意部分公开答复数", 1, 1)], "件", 5, 14),
    ("replies_denied", [("3.否决公开答复总数", 1, 1)], "件", 3, 8),
    ("admin_reviews", [("行政复议数", 1, 2)], "件", 1, 2),
    ("admin_litigation", [("行政诉讼数", 1, 2)], "件", 0, 1),
    ("admin_appeals", [("行政申诉数", 1, 2)], "件", 0, 0),
]
PUTIAN_TEXT = [  # (fact, value, unit, phrase, section) stated in the narrative
    ("proactive_items", 2186, "条", "2012年全县共主动公开政府信息2186条", "proactive_disclosure"),
    ("proactive_web", 2186, "条", "其中政府网站公开2186条", "proactive_disclosure"),
    ("proactive_gazette", 48, "条", "政府公报公开48条", "proactive_disclosure"),
    ("requests_received", 37, "件", "2012年共受理政府信息公开申请37件", "requests"),
    ("replies_total", 37, "件", "已答复37件", "requests"),
    ("replies_granted", 29, "件", "其中同意公开29件", "requests"),
    ("replies_partially_granted", 5, "件", "同意部分公开5件", "requests"),
    ("replies_denied", 3, "件", "否决公开3件", "requests"),
    ("fees", 0, None, "2012年未收取任何检索、复制、邮寄费用", "legacy_4"),
    ("admin_reviews", 1, "件", "2012年发生政府信息公开行政复议1件", "review_litigation"),
    ("admin_litigation", 0, "件", "行政诉讼0件", "review_litigation"),
]
PUTIAN_AGENCY, PUTIAN_YEAR = "青山县人民政府", 2012


def putian_lines() -> list[str]:
    a, y = PUTIAN_AGENCY, PUTIAN_YEAR
    return [
        f"根据《中华人民共和国政府信息公开条例》的规定，特向社会公布{y}年度本县政府信息公开工作年度报告。本报告由概述、"
        "主动公开政府信息情况、依申请公开政府信息和不予公开政府信息情况、政府信息公开的收费及减免情况、因政府信息公开"
        "申请行政复议、提起行政诉讼的情况、存在的主要问题及改进措施和其他需要报告的事项七个部分组成。"
        f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
        "一、概述",
        f"{y}年，{a}认真贯彻落实《条例》，健全工作机制，规范公开程序，政府信息公开工作有序开展。",
        "二、主动公开政府信息情况",
        f"{y}年全县共主动公开政府信息2186条，其中政府网站公开2186条，政府公报公开48条。",
        "三、依申请公开政府信息和不予公开政府信息情况",
        f"{y}年共受理政府信息公开申请37件，其中当面申请9件，网上申请21件，信函申请4件，传真申请2件，电子邮件申请1件。"
        "已答复37件，其中同意公开29件，同意部分公开5件，否决公开3件。",
        "四、政府信息公开的收费及减免情况",
        f"{y}年未收取任何检索、复制、邮寄费用。",
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
        f"{y}年发生政府信息公开行政复议1件，行政诉讼0件。",
        "六、存在的主要问题及改进措施",
        "主要问题是公开内容还不够全面，更新还不够及时。下一步将进一步完善制度，加强督查。",
        "七、其他需要报告的事项",
        f"附表：{a}{y}年政府信息公开情况统计表",
    ]


def putian_table() -> str:
    head = "<tr>" + td("指标名称", 1, 2) + td("计量单位") + td(f"{PUTIAN_YEAR}年度") + td("历年累计") + "</tr>"
    rows = ["<tr>" + "".join(td(t, r, c) for t, r, c in cells) + td(u) + td(str(v)) + td(str(cum)) + "</tr>"
            for _, cells, u, v, cum in PUTIAN_ROWS]
    return table([head] + rows)


def putian_facts(text: bool) -> list[dict]:
    def phrase(cells, u, v, cum):
        label = cells[-1][0]
        if text:  # the crawler text keeps 其中： before the first sub-row
            return ("其中：" if len(cells) == 2 else "") + f"{label}{u}{v}{cum}"
        return f"{label} {u} {v} {cum}"
    where = {"section": "other"} if text else {}  # a table read from text lies in a section
    table_facts = [{"fact": f, "value": v, "unit": u, "source": "stats_table", "phrase": phrase(cells, u, v, cum),
                    "cumulative_value": cum, **where} for f, cells, u, v, cum in PUTIAN_ROWS]
    return table_facts + [{"fact": f, "value": v, "unit": u, "source": "text", "phrase": p, "section": s}
                          for f, v, u, p, s in PUTIAN_TEXT]


def putian_text() -> str:
    """The page as a crawler renders it: header, then the body run together; table cells with no separator."""
    lines = putian_lines()
    flat = "指标名称计量单位%d年度历年累计" % PUTIAN_YEAR
    for _, cells, u, v, cum in PUTIAN_ROWS:
        flat += ("其中：" if len(cells) == 2 else "") + cells[-1][0] + u + f"{v}{cum}"
    title = f"{PUTIAN_AGENCY}{PUTIAN_YEAR}年政府信息公开工作年度报告"
    header = (f"标题: {title}\n发布时间: {PUTIAN_YEAR + 1}-03-28 09:12\n文号: \n发布机构: \n栏目: 政府信息公开年报\n"
              "原文链接: http://www.qingshan.gov.cn/xxgk/ndbg/201303/t20130328_1234.htm\n"
              + "=" * 20 + " 正文 " + "=" * 20 + "\n")
    return header + title + " " + "".join(lines) + flat + "\n"


# ---- national 2015 form: (fact or None for a group row, label, unit, value)
NATIONAL_ROWS: list[tuple[str | None, str, str, float | int | None]] = [
    (None, "一、主动公开情况", "", None),
    ("proactive_items", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", 1562),
    ("proactive_normative_docs", "其中：主动公开规范性文件数", "条", 14),
    ("normative_docs_issued", "制发规范性文件总数", "件", 16),
    (None, "（二）通过不同渠道和方式公开政府信息的情况", "", None),
    ("proactive_gazette", "1.政府公报公开政府信息数", "条", 32),
    ("proactive_web", "2.政府网站公开政府信息数", "条", 1562),
    ("proactive_weibo", "3.政务微博公开政府信息数", "条", 420),
    ("proactive_wechat", "4.政务微信公开政府信息数", "条", 380),
    ("proactive_other", "5.其他方式公开政府信息数", "条", 95),
    (None, "二、回应解读情况", "", None),
    ("responses", "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", 12),
    (None, "（二）通过不同渠道和方式回应解读的情况", "", None),
    ("press_conferences", "1.参加或举办新闻发布会总次数", "次", 4),
    ("press_conferences_leaders", "其中：主要负责同志参加新闻发布会次数", "次", 2),
    ("online_interviews", "2.政府网站在线访谈次数", "次", 6),
    ("online_interviews_leaders", "其中：主要负责同志参加政府网站在线访谈次数", "次", 3),
    ("interpretations", "3.政策解读稿件发布数", "篇", 28),
    ("responses_social_media", "4.微博微信回应事件数", "次", 9),
    ("responses_other", "5.其他方式回应事件数", "次", 2),
    (None, "三、依申请公开情况", "", None),
    ("requests_received", "（一）收到申请数", "件", 46),
    ("requests_in_person", "1.当面申请数", "件", 10),
    ("requests_fax", "2.传真申请数", "件", 1),
    ("requests_online", "3.网络申请数", "件", 30),
    ("requests_letter", "4.信函申请数", "件", 5),
    ("requests_completed", "（二）申请办结数", "件", 44),
    ("requests_completed_on_time", "1.按时办结数", "件", 42),
    ("requests_completed_late", "2.延期办结数", "件", 2),
    ("replies_total", "（三）申请答复数", "件", 44),
    ("replies_already_public", "1.属于已主动公开范围数", "件", 6),
    ("replies_granted", "2.同意公开答复数", "件", 25),
    ("replies_partially_granted", "3.同意部分公开答复数", "件", 4),
    ("replies_denied", "4.不同意公开答复数", "件", 3),
    ("denied_state_secret", "其中：涉及国家秘密", "件", 1),
    ("denied_commercial_secret", "涉及商业秘密", "件", 0),
    ("denied_privacy", "涉及个人隐私", "件", 1),
    ("denied_three_safety", "危及国家安全、公共安全、经济安全和社会稳定", "件", 0),
    ("denied_not_gov_info", "不是《条例》所指政府信息", "件", 1),
    ("denied_other", "法律法规规定的其他情形", "件", 0),
    ("replies_not_held", "5.不属于本行政机关公开数", "件", 3),
    ("replies_not_exist", "6.申请信息不存在数", "件", 2),
    ("replies_ask_amend", "7.告知作出更改补充数", "件", 1),
    ("replies_other_channel", "8.告知通过其他途径办理数", "件", 0),
    ("admin_reviews", "四、行政复议数量", "件", 2),
    ("admin_reviews_upheld", "（一）维持具体行政行为数", "件", 1),
    ("admin_reviews_corrected", "（二）被依法纠错数", "件", 1),
    ("admin_reviews_other", "（三）其他情形数", "件", 0),
    ("admin_litigation", "五、行政诉讼数量", "件", 1),
    ("admin_litigation_upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", 1),
    ("admin_litigation_corrected", "（二）被依法纠错数", "件", 0),
    ("admin_litigation_other", "（三）其他情形数", "件", 0),
    ("admin_appeals", "六、举报投诉数量", "件", 0),
    ("fees_collected", "七、依申请公开信息收取的费用", "万元", 0),
    (None, "八、机构建设和保障经费情况", "", None),
    ("dedicated_bodies", "（一）政府信息公开工作专门机构数", "个", 1),
    ("reading_points", "（二）设置政府信息公开查阅点数", "个", 3),
    ("staff", "（三）从事政府信息公开工作人员数", "人", 9),
    ("staff_full_time", "1.专职人员数", "人", 2),
    ("staff_part_time", "2.兼职人员数", "人", 7),
    ("special_funds", "（四）政府信息公开专项经费（不包括用于政府信息公开建设维护等方面的经费）", "万元", 5.5),
    (None, "九、政府信息公开会议和培训情况", "", None),
    ("meetings", "（一）召开政府信息公开工作会议或专题会议数", "次", 2),
    ("training_sessions", "（二）举办各类培训班数", "次", 3),
    ("trainees", "（三）接受培训人员数", "人次", 120),
]
NATIONAL_TEXT = [
    ("proactive_items", 1562, "条", "全年主动公开政府信息1562条", "proactive_disclosure", False),
    ("requests_received", 46, "件", "2015年共收到政府信息公开申请46件", "requests", False),
    ("replies_total", 44, "件", "已办结44件", "requests", False),
    ("replies_granted", 25, "件", "同意公开25件", "requests", False),
    ("replies_partially_granted", 4, "件", "同意部分公开4件", "requests", False),
    ("replies_denied", 3, "件", "不同意公开3件", "requests", False),
    ("consultations", 1200, "人次", "接受公众咨询1200余人次", "requests", True),
    ("admin_reviews", 2, "件", "全年发生政府信息公开行政复议2件", "review_litigation", False),
    ("admin_litigation", 1, "件", "行政诉讼1件", "review_litigation", False),
    ("fees", 0, None, "依申请提供政府信息未收取任何费用", "legacy_5", False),
]
NATIONAL_AGENCY, NATIONAL_YEAR = "长河区人民政府", 2015
NATIONAL_SECTIONS = ["overview", "proactive_disclosure", "requests", "review_litigation", "legacy_5", "problems", "other"]


def national_lines() -> list[str]:
    a, y = NATIONAL_AGENCY, NATIONAL_YEAR
    return [
        f"本报告根据《中华人民共和国政府信息公开条例》要求，由{a}办公室编制。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
        "一、基本情况",
        f"{y}年，{a}围绕国务院办公厅政务公开工作要点，推进重点领域信息公开，加强政策解读和回应关切。",
        "二、主动公开政府信息情况",
        "全年主动公开政府信息1562条，其中主动公开规范性文件14条。",
        "三、依申请公开、不予公开及咨询政府信息情况",
        f"{y}年共收到政府信息公开申请46件，已办结44件。答复申请中，同意公开25件，同意部分公开4件，不同意公开3件。"
        "接受公众咨询1200余人次。",
        "四、行政复议诉讼和举报投诉情况",
        "全年发生政府信息公开行政复议2件，行政诉讼1件。",
        "五、政府信息公开收费及减免情况",
        "依申请提供政府信息未收取任何费用。",
        "六、存在问题及工作打算",
        "政策解读形式较为单一。下一步将丰富解读形式，提高回应时效。",
        "七、需要说明的事项与附表",
        f"附表：{a}{y}年政府信息公开情况统计表",
    ]


def national_table() -> str:
    head = "<tr>" + td("统计指标") + td("单位") + td("统计数") + "</tr>"
    rows = ["<tr>" + td(label) + td(u) + td("" if v is None else str(v)) + "</tr>" for _, label, u, v in NATIONAL_ROWS]
    return table([head] + rows)


def national_facts(convert=lambda s: s) -> list[dict]:
    out = [{"fact": f, "value": v, "unit": u, "source": "stats_table", "phrase": convert(f"{label} {u} {v}")}
           for f, label, u, v in NATIONAL_ROWS if f]
    for f, v, u, p, s, approx in NATIONAL_TEXT:
        out.append({"fact": f, "value": v, "unit": u, "source": "text", "phrase": convert(p), "section": s,
                    **({"approximate": True} if approx else {})})
    return out


def expected(agency: str, year: int, sections: list[str], facts: list[dict]) -> dict:
    return {"report": {"agency": agency, "year": year, "template": "legacy"}, "tables": {},
            "sections": sections, "legacy_facts": facts}


def main() -> None:
    import opencc
    OUT.mkdir(parents=True, exist_ok=True)
    site_a, site_b = "青山县人民政府", "长河区人民政府"
    title_a = f"{PUTIAN_AGENCY}{PUTIAN_YEAR}年政府信息公开工作年度报告"
    title_b = f"{NATIONAL_AGENCY}{NATIONAL_YEAR}年政府信息公开工作年度报告"
    putian_sections = ["overview", "proactive_disclosure", "requests", "legacy_4", "review_litigation", "problems", "other"]
    body_a = f'<div id="zoom"><h2>{title_a}</h2>{paragraphs(putian_lines())}{putian_table()}</div>'
    body_b = f'<div class="TRS_Editor"><h1>{title_b}</h1>{paragraphs(national_lines())}{national_table()}</div>'
    html_b = page(f"{title_b}_{site_b}", '<meta charset="utf-8">\n', body_b, site_b)
    cc = opencc.OpenCC("s2t")
    files = {
        "putian_style_2012.html": (
            page(f"{title_a}_{site_a}", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />\n',
                 body_a, site_a).encode("gbk"),
            expected(PUTIAN_AGENCY, PUTIAN_YEAR, putian_sections, putian_facts(False))),
        "putian_style_2012_text.txt": (
            putian_text().encode("utf-8"),
            expected(PUTIAN_AGENCY, PUTIAN_YEAR, putian_sections, putian_facts(True))),
        "national_2015.html": (
            html_b.encode("utf-8"), expected(NATIONAL_AGENCY, NATIONAL_YEAR, NATIONAL_SECTIONS, national_facts())),
        "national_2015_traditional.html": (
            cc.convert(html_b).encode("utf-8"),
            expected(NATIONAL_AGENCY, NATIONAL_YEAR, NATIONAL_SECTIONS, national_facts())),
    }
    for name, (data, exp) in files.items():
        (OUT / name).write_bytes(data)
        stem = name.rsplit(".", 1)[0]
        (OUT / f"{stem}.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"wrote {name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
