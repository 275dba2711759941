"""Build the HTML reader fixtures in fixtures/html/ the way real CMS pages look.

Each page is a whole site page (nav, breadcrumb, footer, scripts, hidden
elements) around a made-up report whose numbers satisfy the output-contract
identities. Beside each page, <name>.expected.json holds the values in the
contract form plus report {agency, year, template}.

    python scripts/make_html_fixtures.py        # writes fixtures/html/
"""
from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "html"
NBSP = "&nbsp;"

COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]

# Table 三 body rows: key and its label cells (text, rowspan, colspan) in template order.
def request_rows(template: str) -> list[tuple[str, list[tuple[str, int, int]]]]:
    result_span = 22 if template == "gov-2021" else 20
    rows: list[tuple[str, list[tuple[str, int, int]]]] = [
        ("new_received", [("一、本年新收政府信息公开申请数量", 1, 3)]),
        ("carried_over", [("二、上年结转政府信息公开申请数量", 1, 3)]),
        ("granted", [("三、本年度办理结果", result_span, 1), ("（一）予以公开", 1, 2)]),
        ("partially_granted", [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)]),
    ]
    groups = [
        ("denied", "（三）不予公开", [
            ("state_secret", "1.属于国家秘密"), ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
            ("three_safety_one_stability", "3.危及“三安全一稳定”"), ("third_party_rights", "4.保护第三方合法权益"),
            ("internal_affairs", "5.属于三类内部事务信息"), ("process_info", "6.属于四类过程性信息"),
            ("enforcement_case", "7.属于行政执法案卷"), ("administrative_query", "8.属于行政查询事项")]),
        ("unavailable", "（四）无法提供", [
            ("not_held", "1.本机关不掌握相关政府信息"), ("needs_creation", "2.没有现成信息需要另行制作"),
            ("unclear_after_correction", "3.补正后申请内容仍不明确")]),
        ("not_processed", "（五）不予处理", [
            ("petition_complaint", "1.信访举报投诉类申请"), ("repeated", "2.重复申请"),
            ("publication", "3.要求提供公开出版物"), ("mass_repeated", "4.无正当理由大量反复申请"),
            ("confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息")]),
    ]
    if template == "gov-2021":
        groups.append(("other", "（六）其他处理", [
            ("overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other", "3.其他")]))
    for prefix, group_label, subs in groups:
        for i, (key, label) in enumerate(subs):
            cells = [(group_label, len(subs), 1)] if i == 0 else []
            rows.append((f"{prefix}.{key}", cells + [(label, 1, 1)]))
    if template == "gov-2019":
        rows.append(("other", [("（六）其他处理", 1, 2)]))
    rows.append(("total_processed", [("（七）总计", 1, 2)]))
    rows.append(("carried_forward", [("四、结转下年度继续办理", 1, 3)]))
    return rows


def request_values(template: str, rng: random.Random) -> dict[str, dict[str, int]]:
    """Numbers that satisfy balance, total_processed, other_split and row_total."""
    keys = [k for k, _ in request_rows(template)]
    outcome = [k for k in keys if k not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    values: dict[str, dict[str, int]] = {k: {} for k in keys}
    busy = {"natural_person": 6, "commercial": 2, "research": 0, "social_welfare": 0, "legal_service": 1, "other_org": 0}
    for col, scale in busy.items():
        for k in outcome:
            values[k][col] = rng.randint(0, scale) if scale and rng.random() < 0.5 else 0
        values["granted"][col] += scale * 3
        done = sum(values[k][col] for k in outcome)
        carried_over = rng.randint(0, 2) if scale else 0
        carried_forward = rng.randint(0, 3) if scale else 0
        values["total_processed"][col] = done
        values["carried_over"][col] = carried_over
        values["carried_forward"][col] = carried_forward
        values["new_received"][col] = done + carried_forward - carried_over
        if values["new_received"][col] < 0:  # keep everything non-negative
            values["carried_over"][col] = 0
            values["new_received"][col] = done + carried_forward
    for k in keys:
        values[k]["total"] = sum(values[k][c] for c in COLUMNS[:-1])
    if template == "gov-2021":  # the contract's (六) row is the sum of its three sub-rows
        values["other"] = {c: sum(values[f"other.{s}"][c] for s in ("overdue_correction", "overdue_fee", "other"))
                           for c in COLUMNS}
    return values


def td(text: str, rowspan: int = 1, colspan: int = 1, style: str = "padding: 0 4px;") -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f'<td{attrs} style="{style}" valign="center"><p style="text-indent: 0em;">{text}</p></td>'


def requests_table(template: str, values: dict[str, dict[str, int]], blanks: set[tuple[str, str]]) -> str:
    head = (
        "<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3) + td("申请人情况", 1, 7) + "</tr>"
        "<tr>" + td("自然人", 2) + td("法人或其他组织", 1, 5) + td("总计", 2) + "</tr>"
        "<tr>" + td("商业<br/>企业") + td("科研<br/>机构")
        + td(f'社会</p><p style="text-indent: 0em;">公益</p><p>{NBSP} {NBSP} {NBSP}组织')
        + td(f"法律</p><p>服务{NBSP}{NBSP}</p><p>机构") + td("其他") + "</tr>"
    )
    body = []
    for key, labels in request_rows(template):
        cells = "".join(td(t, rs, cs) for t, rs, cs in labels)
        for col in COLUMNS:
            cells += td(NBSP if (key, col) in blanks else str(values[key][col]))
        body.append(f"<tr>{cells}</tr>")
    return ('<table border="1" cellspacing="0" style="border-collapse: collapse;"><tbody>'
            + head + "".join(body) + "</tbody></table>")


def review_values(rng: random.Random) -> dict[str, dict[str, int]]:
    out = {}
    for group in ("review", "litigation_direct", "litigation_after_review"):
        v = {c: rng.randint(0, 2) for c in ("upheld", "corrected", "other", "pending")}
        v["total"] = sum(v.values())
        out[group] = v
    return out


def review_table(values: dict[str, dict[str, int]]) -> str:
    heads = ["结果维持", "结果<br/>纠正", "其他<br/>结果", "尚未<br/>审结", "总计"]
    r1 = td("行政复议", 1, 5) + td("行政诉讼", 1, 10)
    r2 = "".join(td(h, 2) for h in heads) + td("未经复议直接起诉", 1, 5) + td("复议后起诉", 1, 5)
    r3 = "".join(td(h) for h in heads) * 2
    r4 = "".join(td(str(values[g][c])) for g in ("review", "litigation_direct", "litigation_after_review")
                 for c in ("upheld", "corrected", "other", "pending", "total"))
    return f'<table border="1"><tbody><tr>{r1}</tr><tr>{r2}</tr><tr>{r3}</tr><tr>{r4}</tr></tbody></table>'


# Table 二 blocks: (caption, [(header, colspan)], [(item key, label, [(column key, printed value, colspan)])]).
def H(*labels: str) -> list[tuple[str, int]]:
    return [(x, 1) for x in labels]


def proactive_2019(rng: random.Random):
    n = lambda hi: rng.randint(0, hi)  # noqa: E731
    return [
        ("第二十条第（一）项", H("信息内容", "本年新<br/>制作数量", "本年新<br/>公开数量", "对外公开总数量"), [
            ("rules", "规章", [("new_made", "0", 1), ("new_published", "0", 1), ("total_published", "3", 1)]),
            ("normative_docs", "规范性文件", [("new_made", str(n(9) + 1), 1), ("new_published", "4", 1),
                                              ("total_published", "57", 1)])]),
        ("第二十条第（五）项", H("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"), [
            ("admin_license", "行政许可", [("prev_items", "212", 1), ("change", "+6", 1), ("decisions", "3541", 1)]),
            ("other_admin_services", "其他对外管理服务事项", [("prev_items", "48", 1), ("change", "-2", 1),
                                                              ("decisions", "906", 1)])]),
        ("第二十条第（六）项", H("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"), [
            ("admin_penalty", "行政处罚", [("prev_items", "377", 1), ("change", "0", 1), ("decisions", "128", 1)]),
            ("admin_coercion", "行政强制", [("prev_items", "25", 1), ("change", "-1", 1), ("decisions", "9", 1)])]),
        ("第二十条第（八）项", [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 2)], [
            ("admin_fees", "行政事业性收费", [("prev_items", "14", 1), ("change", "-3", 2)])]),
        ("第二十条第（九）项", [("信息内容", 1), ("采购项目数量", 1), ("采购总金额", 2)], [
            ("central_procurement", "政府集中采购", [("items", "31", 1), ("amount", "1285000元", 2)])]),
    ]


def proactive_2021(rng: random.Random):
    return [
        ("第二十条第（一）项", H("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), [
            ("rules", "规章", [("issued", "0", 1), ("repealed", "0", 1), ("in_force", "0", 1)]),
            ("normative_docs", "行政规范性文件", [("issued", str(rng.randint(3, 20)), 1), ("repealed", "2", 1),
                                                  ("in_force", "64", 1)])]),
        ("第二十条第（五）项", [("信息内容", 1), ("本年处理决定数量", 3)], [
            ("admin_license", "行政许可", [("decisions", str(rng.randint(100, 5000)), 3)])]),
        ("第二十条第（六）项", [("信息内容", 1), ("本年处理决定数量", 3)], [
            ("admin_penalty", "行政处罚", [("decisions", str(rng.randint(10, 900)), 3)]),
            ("admin_coercion", "行政强制", [("decisions", "0", 3)])]),
        ("第二十条第（八）项", [("信息内容", 1), ("本年收费金额（单位：万元）", 3)], [
            ("admin_fees", "行政事业性收费", [("amount", "20.3", 3)])]),
    ]


def proactive_rows(blocks) -> list[list[str]]:
    """HTML rows of each 第二十条 block, one list per block."""
    out = []
    for caption, heads, items in blocks:
        rows = [f"<tr>{td(caption, 1, 4)}</tr>"]
        head_cells = "".join(td(h, 1, cs) for h, cs in heads)
        rows.append(f"<tr>{head_cells}</tr>")
        for _key, label, cols in items:
            rows.append("<tr>" + td(label) + "".join(td(v, 1, cs) for _c, v, cs in cols) + "</tr>")
        out.append(rows)
    return out


def proactive_values(blocks) -> dict[str, dict[str, float | int]]:
    values: dict[str, dict[str, float | int]] = {}
    for _caption, _heads, items in blocks:
        for key, _label, cols in items:
            for col, printed, _cs in cols:
                if printed.endswith("元"):
                    num: float | int = round(int(printed[:-1]) / 10000, 4)  # stored in 万元
                elif "." in printed:
                    num = float(printed)
                else:
                    num = int(printed)
                values.setdefault(key, {})[col] = num
    return values


def table(rows: list[str]) -> str:
    return '<table border="1" cellspacing="0" align="center"><tbody>' + "".join(rows) + "</tbody></table>"


CHROME_HEAD = """<div class="header"><div class="logo"><img src="/images/logo.png"/></div>
<ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<div class="search"><input type="text" value="请输入关键字"/><button>搜索</button></div></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/nb/">政府信息公开年报</a></div>
<div style="display:none" class="popup">请使用新版浏览器访问本站以获得最佳体验效果</div>
<!-- 统计代码：请勿删除本段注释 -->
"""
CHROME_FOOT = """<div class="footer"><p>主办单位：{site}办公室　承办单位：{site}大数据中心</p>
<p>版权所有：{site}　网站标识码：9999000001　备案号：某ICP备00000000号</p>
<p><a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a></p></div>
<script type="text/javascript">var msg = "欢迎访问本网站"; document.title = document.title;</script>
"""


def narrative(agency: str, year: int) -> list[str]:
    return [
        f"本报告根据《中华人民共和国政府信息公开条例》编制，所列数据统计期限为{year}年1月1日至{year}年12月31日。",
        "一、总体情况",
        f"{year}年，{agency}坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设，"
        "主动回应社会关切，依法保障人民群众知情权、参与权、表达权和监督权。",
        "（一）主动公开方面。通过政府门户网站主动公开政府信息，及时发布政策文件和解读材料。",
        "（二）依申请公开方面。规范申请受理、审查、办理和答复流程，在法定期限内答复全部申请。",
        "二、主动公开政府信息情况",
    ]


def tail() -> list[str]:
    return [
        "五、存在的主要问题及改进情况",
        "政策解读的形式还不够丰富，下一步将加强图解、视频等多种形式的解读。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]


def paragraphs(lines: list[str]) -> str:
    return "".join(f'<p style="text-indent: 2em;">{x}</p>' for x in lines)


def page(title: str, head_extra: str, body: str, site: str) -> str:
    return (f"<!DOCTYPE html>\n<html>\n<head>\n{head_extra}<title>{title}</title>\n"
            '<style type="text/css">.nav li {{ float: left; }} /* 导航样式 */</style>\n'
            f"</head>\n<body>\n{CHROME_HEAD}{body}\n{CHROME_FOOT.format(site=site)}</body>\n</html>\n")


def expected(agency: str, year: int, template: str, encoding: str, title: str,
             proactive, requests, review, blanks: set[tuple[str, str]], **extra) -> dict:
    return {
        "report": {"agency": agency, "year": year, "template": template},
        "source": {"encoding": encoding, "title": title},
        "tables": {
            "proactive_disclosure": {"values": proactive},
            "requests": {"values": requests},
            "review_litigation": {"values": review},
        },
        "blank_cells": sorted(f"requests.{r}.{c}" for r, c in blanks),
        **extra,
    }


def build_gbk_meta(rng: random.Random) -> tuple[bytes, dict]:
    """gov-2019, GBK bytes, charset=gb2312 in a meta http-equiv, body in #zoom, &nbsp; blanks."""
    agency, year, site = "青溪县人民政府", 2020, "青溪县人民政府"
    title = f"{agency}{year}年政府信息公开工作年度报告"
    values = request_values("gov-2019", rng)
    # blank cells where the value is 0 and the row total confirms it
    blanks = {(k, c) for k in ("carried_over", "denied.state_secret", "denied.administrative_query",
                               "not_processed.publication") for c in ("research", "social_welfare", "other_org")
              if values[k][c] == 0}
    pro = proactive_2019(rng)
    review = review_values(rng)
    body = (f'<div class="info">发布机构：{agency}办公室　发布日期：{year + 1}-01-29</div>'
            f'<div id="zoom"><div class="TRS_PreAppend">{paragraphs(narrative(agency, year))}'
            + table([r for rows in proactive_rows(pro) for r in rows])
            + paragraphs(["三、收到和处理政府信息公开申请情况"]) + requests_table("gov-2019", values, blanks)
            + paragraphs(["四、政府信息公开行政复议、行政诉讼情况"]) + review_table(review)
            + paragraphs(tail()) + "</div></div>")
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />\n'
    html = page(f"{title}_{site}", head, body, site)
    return html.encode("gbk"), expected(agency, year, "gov-2019", "gb18030", title, proactive_values(pro),
                                        values, review, blanks, agency_hint=f"{agency}办公室")


def build_gbk_nodecl(rng: random.Random) -> tuple[bytes, dict]:
    """gov-2021, GBK bytes with no charset declared anywhere, body in .article_content."""
    agency, year, site = "白石市生态环境局", 2022, "白石市人民政府"
    title = f"{agency}{year}年政府信息公开工作年度报告"
    values = request_values("gov-2021", rng)
    pro = proactive_2021(rng)
    review = review_values(rng)
    body = ('<div class="article"><h1 class="article_title">' + title + "</h1>"
            '<div class="article_content">' + paragraphs(narrative(agency, year))
            + table([r for rows in proactive_rows(pro) for r in rows])
            + paragraphs(["三、收到和处理政府信息公开申请情况"]) + requests_table("gov-2021", values, set())
            + paragraphs(["四、政府信息公开行政复议、行政诉讼情况"]) + review_table(review)
            + paragraphs(tail()) + "</div></div>")
    head = (f'<meta name="ArticleTitle" content="{title}"/>\n<meta name="ContentSource" content="{agency}"/>\n'
            '<link rel="canonical" href="https://www.baishi.example.gov.cn/zwgk/nb/2023/t20230120_1001.html"/>\n')
    html = page(f"{title} - {site}", head, body, site)
    return html.encode("gbk"), expected(agency, year, "gov-2021", "gb18030", title, proactive_values(pro),
                                        values, review, set(), agency_hint=agency,
                                        url="https://www.baishi.example.gov.cn/zwgk/nb/2023/t20230120_1001.html")


def build_big5(rng: random.Random) -> tuple[bytes, dict]:
    """gov-2021 in traditional characters, Big5 bytes, <meta charset="big5">, body in #UCAP-CONTENT."""
    import opencc  # the project depends on it; s2tw keeps every character inside Big5

    cc = opencc.OpenCC("s2tw")
    agency, year, site = "南岭区人民政府", 2021, "南岭区人民政府"
    title = f"{agency}{year}年政府信息公开工作年度报告"
    values = request_values("gov-2021", rng)
    pro = proactive_2021(rng)
    review = review_values(rng)
    body = ('<div id="UCAP-CONTENT">' + paragraphs(narrative(agency, year))
            + table([r for rows in proactive_rows(pro) for r in rows])
            + paragraphs(["三、收到和处理政府信息公开申请情况"]) + requests_table("gov-2021", values, set())
            + paragraphs(["四、政府信息公开行政复议、行政诉讼情况"]) + review_table(review)
            + paragraphs(tail()) + "</div>")
    html = cc.convert(page(f"{title}|{site}", '<meta charset="big5">\n', body, site))
    return html.encode("big5"), expected(agency, year, "gov-2021", "big5hkscs", cc.convert(title),
                                         proactive_values(pro), values, review, set(), script="traditional")


def build_split_table2(rng: random.Random) -> tuple[bytes, dict]:
    """gov-2021, UTF-8, old layout-table page with no known container; table 二 in four <table> pieces."""
    agency, year, site = "云川镇人民政府", 2023, "云川镇人民政府"
    title = f"{agency}{year}年政府信息公开工作年度报告"
    values = request_values("gov-2021", rng)
    pro = proactive_2021(rng)
    review = review_values(rng)
    pieces = "".join(table(rows) for rows in proactive_rows(pro))
    content = ("<h2>" + title + "</h2>" + paragraphs(narrative(agency, year)) + pieces
               + paragraphs(["三、收到和处理政府信息公开申请情况"]) + requests_table("gov-2021", values, set())
               + paragraphs(["四、政府信息公开行政复议、行政诉讼情况"]) + review_table(review)
               + '<p><img src="/images/2023nb_tujie.jpg" alt="图解：2023年政府信息公开工作年度报告"/></p>'
               + paragraphs(tail()))
    sidebar = "".join(f'<tr><td><a href="/l{i}/">{t}</a></td></tr>' for i, t in enumerate(
        ["机构概况", "政策文件", "规划计划", "财政资金", "人事信息", "应急管理"]))
    body = ('<table width="100%" class="layout"><tr><td width="200" valign="top"><table class="side">'
            + sidebar + '</table></td><td valign="top">' + content + "</td></tr></table>")
    head = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
    html = page(f"{title}_{site}", head, body, site)
    return html.encode("utf-8"), expected(agency, year, "gov-2021", "utf-8", title, proactive_values(pro),
                                          values, review, set(), table2_pieces=4)


BUILDERS = {
    "gov2019_gbk_meta": build_gbk_meta,
    "gov2021_gbk_nodecl": build_gbk_nodecl,
    "gov2021_big5": build_big5,
    "gov2021_split_table2": build_split_table2,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for i, (name, build) in enumerate(BUILDERS.items()):
        data, exp = build(random.Random(1000 + i))
        (OUT / f"{name}.html").write_bytes(data)
        (OUT / f"{name}.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {name}.html ({len(data)} bytes)")


if __name__ == "__main__":
    main()
