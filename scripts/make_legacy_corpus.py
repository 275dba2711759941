"""Generate a varied, deterministic stress corpus of legacy (2008–2018) reports with truth files.

    python scripts/make_legacy_corpus.py OUTDIR [--seed N] [--n N]

Each input <stem>.<ext> gets <stem>.truth.json: report {agency, year, template: "legacy"},
sections [{key, heading}], legacy_facts [{fact, value, unit, source, cumulative_value?, approximate?}],
expected_failing_rules (narrative.<fact> for a deliberate text/table disagreement), form / style notes;
non-reports get {"not_an_annual_report": true}.

Variety (spec/legacy.md): years 2008–2018; heading variants and orders (收费 before/after 复议, merged or
dropped parts, extra sections); tables 莆田 (本年度|历年累计), 平潭 (主动公开文件数 …), 定西 (代码, 本期实际|
本年累计), 广东 (不予公开范围 rows), national 统计指标|单位|统计数 (序号 column, per-level columns) or none;
stated figures in Arabic and Chinese numerals, 多/余 approximations, zero statements; CMS HTML (UTF-8 / GBK),
crawler text (paragraphs and table rows run together: a truth cell is null where the digits split more than
one way that fits the table's arithmetic and the stated figures) and traditional mirrors. The page chrome is
make_html_fixtures.page (as scripts/make_corpus.py uses).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from itertools import product
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus as mc  # noqa: E402  (places, agencies, page layout helpers)
import make_html_fixtures as mhf  # noqa: E402  (page chrome, td, table)

# ---------------------------------------------------------------- numerals
CN = "零一二三四五六七八九"


def cn(n: int) -> str:
    """Chinese numerals for 0 ≤ n < 100000 (十二, 一百零五, 一千二百三十)."""
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    out, zero = "", False
    for unit, k in (("万", 10000), ("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d = n // k % 10
        if d:
            out += ("零" if zero and out else "") + CN[d] + unit
            zero = False
        elif out:
            zero = True
    return out


# ---------------------------------------------------------------- tables: (fact, label, unit, level)
# level 0 = a top row, 1 = the first sub-row (printed 其中：…), 2 = a later sub-row; None fact = group row
def putian_rows():
    return [("proactive_items", "主动公开信息数", "条", 0), ("proactive_web", "1.政府网站", "条", 1),
            ("proactive_gazette", "2.政府公报", "条", 2),
            ("requests_received", "受理依申请公开信息总数", "件", 0), ("requests_in_person", "1.当面", "件", 1),
            ("requests_fax", "2.传真", "件", 2), ("requests_email", "3.电子邮件", "件", 2),
            ("requests_online", "4.网上", "件", 2), ("requests_letter", "5.信函", "件", 2),
            ("requests_other_form", "6.其它形式申请数", "件", 2),
            ("replies_total", "本年度对申请的答复总数", "件", 0), ("replies_granted", "1.同意公开答复数", "件", 1),
            ("replies_partially_granted", "2.同意部分公开答复数", "件", 2),
            ("replies_denied", "3.否决公开答复总数", "件", 2),
            ("admin_reviews", "行政复议数", "件", 0), ("admin_litigation", "行政诉讼数", "件", 0),
            ("admin_appeals", "行政申诉数", "件", 0)]


def pingtan_rows():
    return [("proactive_items", "主动公开文件数", "条", 0), ("proactive_web", "1、政府网站公开数", "条", 1),
            ("proactive_gazette", "2、政府公报公开数", "条", 2),
            ("requests_received", "受理依申请公开信息总数", "条", 0), ("requests_in_person", "1、当面申请数", "条", 1),
            ("requests_online", "2、网上申请数", "条", 2), ("requests_letter_fax", "3、信函、传真申请数", "条", 2),
            ("replies_total", "对申请的答复总数", "条", 0), ("replies_granted", "1、同意公开答复数", "条", 1),
            ("replies_partially_granted", "2、同意部分公开答复数", "条", 2),
            ("replies_denied", "3、不予公开答复数", "条", 2), ("replies_other", "4、其他类型答复数", "条", 2),
            ("fees_waived_amount", "政府信息公开收费减免金额", "元", 0),
            ("litigation_or_reports_received", "接受行政诉讼、举报数", "件", 0),
            ("admin_reviews", "行政复议数", "件", 0), ("admin_litigation", "行政诉讼数", "件", 0)]


def dingxi_rows():
    rows = [("proactive_items", "主动公开信息数", "条", 0), ("proactive_full_text", "其中全文电子化的", "条", 0),
            ("normative_docs_new", "新增的行政规范性文件数", "件", 0), ("service_info", "提供服务类信息数", "条", 0),
            ("website_visits", "网站专栏页面访问量", "人次", 0), ("visitors_received", "现场接待人数", "人次", 0),
            ("consultations_online", "网上咨询数", "人次", 0), ("consultations_phone", "咨询电话接听数", "人次", 0),
            ("request_catalogue_items", "依申请公开信息目录数", "条", 0),
            ("requests_received", "申请总数", "条", 0), ("requests_in_person", "1.当面申请数", "条", 1),
            ("requests_fax", "2.传真申请数", "条", 2), ("requests_email", "3.电子邮件申请数", "条", 2),
            ("requests_online", "4.网上申请数", "条", 2), ("requests_letter", "5.信函申请数", "条", 2),
            ("requests_other_form", "6.其他形式申请数", "条", 2),
            ("replies_total", "对申请的答复总数", "条", 0), ("replies_granted", "1.同意公开答复数", "条", 1),
            ("replies_partially_granted", "2.同意部分公开答复数", "条", 2),
            ("replies_denied", "3.否决公开答复总数", "条", 2),
            ("denied_not_gov_info", "（1）“非《规定》所指政府信息”数", "条", 1),
            ("replies_not_exist", "（2）“信息不存在”数", "条", 2), ("replies_not_held", "（3）“非本部门掌握”数", "条", 2),
            ("replies_unclear", "（4）“申请内容不明确”数", "条", 2)]
    rows += [(f"denied_exempt_{k}", f"（{k + 4}）“免予公开范围{k}”数", "条", 2) for k in range(1, 7)]
    rows += [("denied_other", "（11）其它原因", "条", 2),
             ("admin_reviews", "行政复议数", "件", 0), ("admin_litigation", "行政诉讼数", "件", 0),
             ("admin_appeals", "行政申诉数", "件", 0), ("admin_appeals_first_handling", "其中对本部门首次处理不满意的", "件", 0)]
    return rows


GD_EXEMPT = [("denied_state_secret", "国家秘密"), ("denied_commercial_secret", "商业秘密"), ("denied_privacy", "个人隐私"),
             ("denied_internal_info", "内部信息"), ("denied_in_discussion", "正在研究讨论中的信息"),
             ("denied_law_enforcement", "行政执法中的信息"), ("denied_prohibited_by_law", "法律法规禁止公开的信息")]


def guangdong_rows():
    rows = [("proactive_items", "主动公开政府信息数", "条", 0), ("proactive_web", "1.政府网站公开数", "条", 1),
            ("proactive_gazette", "2.政府公报公开数", "条", 2), ("proactive_other", "3.其他方式公开数", "条", 2),
            ("requests_received", "受理依申请公开信息总数", "件", 0), ("requests_in_person", "1.当面申请数", "件", 1),
            ("requests_online", "2.网上申请数", "件", 2), ("requests_letter_fax", "3.信函、传真申请数", "件", 2),
            ("requests_other_form", "4.其他形式申请数", "件", 2),
            ("replies_total", "对申请的答复总数", "件", 0), ("replies_granted", "1.同意公开答复数", "件", 1),
            ("replies_partially_granted", "2.同意部分公开答复数", "件", 2),
            ("replies_denied", "3.不予公开答复总数", "件", 2)]
    rows += [(f, f"不予公开范围{k + 1}：{name}", "件", 2) for k, (f, name) in enumerate(GD_EXEMPT)]
    rows += [("denied_not_gov_info", "非《条例》所指政府信息", "件", 2), ("replies_not_exist", "信息不存在", "件", 2),
             ("replies_not_held", "非本部门掌握", "件", 2), ("replies_unclear", "申请内容不明确", "件", 2),
             ("admin_reviews", "行政复议数", "件", 0), ("admin_litigation", "行政诉讼数", "件", 0),
             ("fees_collected", "收取费用金额", "元", 0)]
    return rows


def national_rows():
    import make_legacy_fixtures as mlf
    return [(f, label, u, 0) for f, label, u, _v in mlf.NATIONAL_ROWS]


STYLES = {"putian": putian_rows, "pingtan": pingtan_rows, "dingxi": dingxi_rows, "guangdong": guangdong_rows,
          "national": national_rows}
# identities (total, parts, kind) used to generate values and to brute-force the run-together truth
SUMS = (("requests_received", ("requests_in_person", "requests_fax", "requests_email", "requests_online",
                               "requests_letter", "requests_letter_fax", "requests_other_form")),
        ("requests_completed", ("requests_completed_on_time", "requests_completed_late")),
        ("admin_reviews", ("admin_reviews_upheld", "admin_reviews_corrected", "admin_reviews_other")),
        ("admin_litigation", ("admin_litigation_upheld", "admin_litigation_corrected", "admin_litigation_other")),
        ("staff", ("staff_full_time", "staff_part_time")))
REPLY_PARTS = ("replies_already_public", "replies_granted", "replies_partially_granted", "replies_denied", "replies_other",
               "replies_not_held", "replies_not_exist", "replies_ask_amend", "replies_other_channel")
DENIED_PARTS = ("denied_state_secret", "denied_commercial_secret", "denied_privacy", "denied_internal_info",
                "denied_in_discussion", "denied_law_enforcement", "denied_prohibited_by_law", "denied_three_safety",
                "denied_not_gov_info", "denied_other", "replies_not_exist", "replies_not_held", "replies_unclear") + \
    tuple(f"denied_exempt_{k}" for k in range(1, 7))
PRO_PARTS = ("proactive_web", "proactive_gazette", "proactive_weibo", "proactive_wechat", "proactive_other",
             "proactive_full_text", "proactive_normative_docs")


def split(rng: random.Random, total: int, n: int, zero_bias: float = 0.4) -> list[int]:
    if n == 1:
        return [total]
    out = [0] * n
    for _ in range(total):
        out[rng.randrange(n) if rng.random() > zero_bias else 0] += 1
    rng.shuffle(out)
    return out


def identities(style: str, facts: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    fs = set(facts)
    out = [(t, tuple(p for p in parts if p in fs), "sum") for t, parts in SUMS if t in fs]
    denied_split = style in ("dingxi", "guangdong")
    rp = tuple(p for p in REPLY_PARTS if p in fs and not (denied_split and p in DENIED_PARTS))
    if "replies_total" in fs:
        out.append(("replies_total", rp, "sum"))
    if denied_split or style == "national":
        dp = tuple(p for p in DENIED_PARTS if p in fs and (denied_split or p.startswith("denied_")))
        out.append(("replies_denied", dp, "sum" if denied_split else "le"))
    out.append(("proactive_items", tuple(p for p in PRO_PARTS if p in fs), "le"))
    return [o for o in out if o[0] in fs and o[1]]


def gen_vector(rng: random.Random, style: str, facts: list[str], size: str) -> dict[str, float]:
    """One consistent set of a table's figures (the year's, or the years before for the cumulative column)."""
    big = {"zero": 0, "tiny": 6, "small": 40, "big": 400}[size]
    v: dict[str, float] = {f: rng.randint(0, max(3, big // 4)) for f in facts}
    v["proactive_items"] = rng.randint(30, 300) * (10 if size == "big" else 1)
    for p in PRO_PARTS:
        if p in v:
            v[p] = v["proactive_items"] if p == "proactive_web" and rng.random() < 0.5 else rng.randint(0, v["proactive_items"])
    v["requests_received"] = 0 if size == "zero" else rng.randint(1, big)
    idn = identities(style, facts)
    for total, parts, kind in idn:  # in order: channels, completed, reviews … replies, denied
        if kind != "sum":
            continue
        if total == "replies_total":
            v[total] = v["requests_received"] if rng.random() < 0.7 else max(0, v["requests_received"] - rng.randint(0, 2))
        if total == "requests_completed":
            v[total] = v.get("replies_total", v["requests_received"])
        if total in ("admin_reviews", "admin_litigation"):
            v[total] = 0 if size in ("zero", "tiny") else rng.randint(0, 3)
        for p, x in zip(parts, split(rng, int(v[total]), len(parts))):
            v[p] = x
    if "replies_total" in v and "replies_denied" in v:  # denied split after the replies split
        for total, parts, kind in idn:
            if total == "replies_denied":
                for p, x in zip(parts, split(rng, int(v[total]), len(parts))):
                    v[p] = x
    for f in ("fees_collected", "fees_waived_amount"):
        if f in v:
            v[f] = 0 if rng.random() < 0.7 else rng.randint(1, 90) * 10
    if "special_funds" in v:
        v["special_funds"] = rng.choice([0, 2.5, 5, 12.8, 30])
    if "requests_completed" in facts and "replies_total" in facts:
        v["requests_completed"] = v["replies_total"]
        on = rng.randint(0, int(v["replies_total"]))
        v["requests_completed_on_time"], v["requests_completed_late"] = v["replies_total"] - (v["replies_total"] - on), v["replies_total"] - on
    return v


# ---------------------------------------------------------------- sections
HEADINGS = {
    "overview": ["概述", "基本情况", "基本工作情况", "主要工作概述", "总体情况", "加强组织领导", "健全组织、强化领导"],
    "proactive": ["主动公开政府信息情况", "政府信息主动公开情况", "主动公开政府信息的情况"],
    "requests": ["依申请公开政府信息情况", "依申请公开政府信息和不予公开政府信息情况", "依申请公开政府信息和不予公开政府信息的情况",
                 "政府信息依申请公开情况", "政府信息依申请公开办理情况", "依申请公开办理情况",
                 "依申请公开、不予公开及咨询政府信息情况"],
    "fees": ["政府信息公开的收费及减免情况", "政府信息公开收费情况", "政府信息公开支出与收费", "人员和收支情况"],
    "review": ["因政府信息公开申请行政复议、提起行政诉讼的情况", "申请行政复议、提起行政诉讼情况", "申请行政复议情况",
               "行政复议和行政诉讼情况", "复议、诉讼情况", "复议、诉讼和申诉情况", "政府信息公开类行政复议和行政诉讼情况",
               "行政复议诉讼和举报投诉情况", "因政府信息公开申请投诉举报、行政复议、提起行政诉讼的情况"],
    "problems": ["存在的主要问题及改进措施", "存在的主要问题及改进情况", "存在的主要问题和改进措施", "主要问题和改进措施",
                 "存在问题及工作打算", "存在的主要问题及下步工作安排", "存在的主要问题和下步工作措施"],
    "other": ["其他需要报告的事项", "需要说明的事项与附表", "附表", "其他相关工作情况"],
}
EXTRAS = ["咨询处理情况", "回应解读情况", "机构建设和保障经费情况", "政府信息公开会议和培训情况", "政务公开工作要点落实情况",
          "人大代表建议和政协委员提案办理结果公开情况", "重点领域信息公开情况"]
KEYS = {"overview": "overview", "proactive": "proactive_disclosure", "requests": "requests", "review": "review_litigation",
        "problems": "problems", "other": "other"}


class Legacy:
    def __init__(self, rng: random.Random, i: int, year: int, style: str, form: str):
        self.rng, self.i, self.year, self.style, self.form = rng, i, year, style, form
        self.agency, self.kind, self.aliases = mc.agency_for(rng, i + 3)
        self.title = mc.title_for(rng, self.agency, year, rng.choice(["plain", "niandu", "year_first", "guanyu"]))
        self.size = rng.choice(["zero", "tiny", "small", "small", "big"])
        self.rows = STYLES[style]() if style != "none" else []
        if style == "national" and year < 2014:
            self.year = year = rng.randint(2014, 2018)
            self.title = mc.title_for(rng, self.agency, year, "niandu")
        facts = [f for f, *_ in self.rows if f]
        self.cumulative = style in ("putian", "pingtan", "dingxi") and not (style == "putian" and rng.random() < 0.2)
        self.code = style == "dingxi"
        self.year_v = gen_vector(rng, style, facts, self.size) if facts else gen_vector(rng, "putian", [f for f, *_ in putian_rows()], self.size)
        prior = gen_vector(rng, style, facts, rng.choice(["small", "big"])) if self.cumulative else {}
        self.cum_v = {f: self.year_v[f] + prior[f] for f in facts} if self.cumulative else {}
        self.text_facts: list[dict] = []
        self.failing: list[str] = []
        self.notes: list[str] = []
        self.levels = style == "national" and form == "html" and rng.random() < 0.35
        self.serial = style == "national" and not self.levels and rng.random() < 0.3

    # ---- narrative
    def fact(self, fact: str, value, unit, phrase: str, approx: bool = False) -> str:
        d = {"fact": fact, "value": value, "unit": unit, "source": "text"}
        if approx:
            d["approximate"] = True
        self.text_facts.append(d)
        return phrase

    def num(self, n: int) -> str:
        return cn(n) if self.rng.random() < 0.2 and n < 100000 else str(n)

    def pick(self, fact: str, default):
        """A figure the table prints too is stated as printed."""
        return self.year_v[fact] if fact in [f for f, *_ in self.rows] else default

    def stated(self, fact: str) -> int:
        return int(self.year_v.get(fact, 0))

    def proactive_text(self) -> list[str]:
        r, y, v = self.rng, self.year, self.year_v
        p = self.stated("proactive_items")
        out = []
        if r.random() < 0.2 and p >= 20:  # an approximation
            a = p // 10 * 10 if p < 100 else p // 100 * 100
            word = r.choice(["多", "余"])
            out.append(self.fact("proactive_items", a, "条", f"{y}年共主动公开政府信息{a}{word}条", True) + "。")
        else:
            shape = r.choice(["{y}年全年共主动公开政府信息{n}条", "全年主动公开信息{n}条", "{y}年累计主动公开政府信息{n}条",
                              "本年度新增主动公开政府信息{n}条"])
            out.append(self.fact("proactive_items", p, "条", shape.format(y=y, n=self.num(p))) + "。")
        if self.cumulative and r.random() < 0.5:
            out.append(f"截至{y}年底，累计主动公开政府信息{int(self.cum_v['proactive_items'])}条。")
        if "proactive_web" in v and r.random() < 0.5 and "proactive_web" in [f for f, *_ in self.rows]:
            out.append(self.fact("proactive_web", self.stated("proactive_web"), "条",
                                 f"其中通过政府网站公开{self.stated('proactive_web')}条") + "。")
        out.append(f"主动公开的信息主要包括机构职能类{r.randint(5, 60)}条，政策法规类{r.randint(5, 60)}条，规划计划类{r.randint(1, 20)}条。")
        return out

    def requests_text(self) -> list[str]:
        r, y = self.rng, self.year
        n = self.stated("requests_received")
        if n == 0:
            return [self.fact("requests_received", 0, None, r.choice([
                f"{y}年全{self.agency[-3:-2] or '县'}未收到有关政府信息公开申请", f"{y}年度没有收到公民、法人或其他组织提出的政府信息公开申请",
                "本年度我单位未收到依申请公开政府信息的申请"])) + "。"]
        unit = r.choice(["件", "件", "宗", "份"])
        s = self.fact("requests_received", n, unit, r.choice([f"{y}年共受理政府信息公开申请{self.num(n)}{unit}",
                                                              f"全年共收到依申请公开申请{self.num(n)}{unit}",
                                                              f"{y}年受理信息公开申请{self.num(n)}{unit}"]))
        out = [s]
        chans = [(f, w) for f, w in (("requests_in_person", "当面申请"), ("requests_online", "网上申请"),
                                     ("requests_letter", "信函申请"), ("requests_fax", "传真申请"))
                 if self.year_v.get(f)]
        if chans and r.random() < 0.5:
            pieces = []
            for f, w in chans:
                k = int(self.year_v[f])
                pieces.append(f"{w}{k}件，占{round(100 * k / n)}%")
            out.append("其中" + "，".join(pieces))
        t = self.stated("replies_total")
        if t and r.random() < 0.8:
            out.append(self.fact("replies_total", t, "件", r.choice([f"已答复{t}件", f"已办结{t}件", f"共答复申请{t}件"])))
            g = self.stated("replies_granted")
            if g == t and r.random() < 0.5:
                out.append(self.fact("replies_granted", t, None, "全部同意公开"))
            else:
                parts = [("replies_granted", "同意公开"), ("replies_partially_granted", "同意部分公开"),
                         ("replies_denied", r.choice(["不予公开", "否决公开"]))]
                if self.style == "national":
                    parts += [("replies_not_exist", "信息不存在"), ("replies_not_held", "非本机关政府信息")]
                first = True
                for f, w in parts:
                    if f in self.year_v and (self.year_v[f] or f == "replies_granted"):
                        out.append(self.fact(f, int(self.year_v[f]), "件",
                                             ("其中" if first else "") + f"{w}{int(self.year_v[f])}件"))
                        first = False
        return ["，".join(out) + "。"]

    def fees_text(self) -> str:
        f = self.stated("fees_collected")
        if f:
            return self.fact("fees_collected", f, "元", f"{self.year}年共收取检索、复制费用{f}元") + "。"
        return self.fact("fees", 0, None, self.rng.choice([
            f"{self.year}年未收取任何费用", "依申请提供政府信息未收取任何费用",
            f"{self.year}年未产生政府信息公开检索、复印、邮寄费用", f"{self.year}年我单位依申请提供政府信息暂不收费"])) + "。"

    def review_text(self) -> str:
        a, l = self.stated("admin_reviews"), self.stated("admin_litigation")
        r = self.rng
        if a == 0 and l == 0:
            return self.fact("admin_reviews_litigation", 0, None, r.choice([
                f"{self.year}年未发生针对本机关政府信息公开事务的行政复议和行政诉讼",
                f"{self.year}年我单位未收到有关政府信息公开的行政复议、行政诉讼的申请",
                "本年度没有发生因政府信息公开申请行政复议、提起行政诉讼的情况"])) + "。"
        u = r.choice(["件", "起", "件"])
        s = self.fact("admin_reviews", a, u, f"{self.year}年发生政府信息公开行政复议{self.num(a)}{u}")
        s += "，" + self.fact("admin_litigation", l, u, f"行政诉讼{self.num(l)}{u}")
        return s + "。" + ("复议结果均维持原答复。" if a else "")

    def sections(self) -> list[tuple[str, str, list[str]]]:
        """(kind, heading title, paragraphs) in order."""
        r, y = self.rng, self.year
        order = ["overview", "proactive", "requests", "fees", "review", "problems", "other"]
        if r.random() < 0.35:
            order[3], order[4] = "review", "fees"
        fee_merged = False
        if r.random() < 0.15:
            order.remove("fees")
            fee_merged = r.random() < 0.6
        if r.random() < 0.25:
            order.remove("other")
        if r.random() < 0.1 and "fees" in order:
            order.remove("overview")
        if y >= 2014:
            for e in r.sample(EXTRAS, r.choice([0, 1, 1, 2, 3])):
                order.insert(order.index("problems") if r.random() < 0.6 else 3, e)
        out = []
        for kind in order:
            title = r.choice(HEADINGS[kind]) if kind in HEADINGS else kind
            paras: list[str] = []
            if kind == "overview":
                paras = [f"{y}年，{self.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，健全工作机制，规范公开程序，政府信息公开工作有序开展。"]
                if r.random() < 0.4:
                    paras = ["（一）组织机构方面", "成立了政府信息公开工作领导小组，明确了分管领导和经办人员。",
                             "（二）工作制度方面", "建立健全了保密审查、考核评议等制度。"]
            elif kind == "proactive":
                paras = self.proactive_text()
            elif kind == "requests":
                paras = self.requests_text()
                if fee_merged:
                    paras += ["（三）依申请收费及减免情况", self.fees_text()]
                if "咨询" in title and "咨询处理情况" not in order:
                    c = r.randint(20, 900)
                    paras.append(self.fact("consultations", c, "人次", f"全年接受公众咨询{c}人次") + "。")
            elif kind == "fees":
                paras = [self.fees_text()]
            elif kind == "review":
                paras = [self.review_text()]
            elif kind == "problems":
                paras = ["主要问题是公开内容还不够全面，更新还不够及时，依申请公开办理程序有待规范。下一步将进一步完善制度，加强督查，提高公开质量。"]
            elif kind == "other":
                paras = ["无其他需要报告的事项。"] if r.random() < 0.5 else [f"附表：{self.agency}{y}年政府信息公开情况统计表"]
            elif kind == "咨询处理情况":
                c = self.pick("consultations", r.randint(20, 900))
                paras = [self.fact("consultations", c, "人次", f"{y}年共接受群众咨询{c}人次") + "，主要集中在社会保障、城乡建设等方面。"]
            elif kind == "回应解读情况":
                h, pc = self.pick("responses", r.randint(1, 30)), self.pick("press_conferences", r.randint(1, 9))
                paras = [self.fact("responses", h, "次", f"全年回应公众关注热点{h}次") + "，" +
                         self.fact("press_conferences", pc, "次", f"召开新闻发布会{pc}次") + "，及时回应社会关切。"]
            elif kind == "机构建设和保障经费情况":
                a, b = self.pick("staff_full_time", r.randint(1, 5)), self.pick("staff_part_time", r.randint(2, 20))
                paras = [f"我单位政府信息公开工作由办公室负责，现有" + self.fact("staff_full_time", a, "人", f"专职人员{a}人") + "、" +
                         self.fact("staff_part_time", b, "人", f"兼职人员{b}人") + "。"]
            else:
                paras = [f"{y}年，按照上级要求，认真做好{kind.replace('情况', '')}工作，取得了较好成效。"]
            out.append((kind, title, paras))
        return out


# ---------------------------------------------------------------- tables
def value_str(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def html_table(rep: Legacy) -> str:
    r, y = rep.rng, rep.year
    td = mhf.td
    style = rep.style
    levels = ["区政府", "区直单位", "乡镇街道"]
    if style == "national":
        first = [td("序号")] if rep.serial else []
        if rep.levels:
            total_first = r.random() < 0.5
            cols = (["合计"] + levels) if total_first else (levels + ["合计"])
            rep.notes.append(f"per-level columns {cols}")
            head = ("<tr>" + "".join(first) + td("统计指标", 2) + td("单位", 2) + td("统计数", 1, 4) + "</tr><tr>"
                    + "".join(td(c) for c in cols) + "</tr>")
        else:
            head = "<tr>" + "".join(first) + td("统计指标") + td("单位") + td("统计数") + "</tr>"
    elif style == "dingxi":
        head = "<tr>" + td("指标名称") + td("计量单位") + td("代码") + td("本期实际") + td("本年累计") + "</tr>"
    elif rep.cumulative:
        head = "<tr>" + td("指标名称") + td("计量单位") + td(f"{y}年度" if r.random() < 0.6 else "本年度") + td("历年累计") + "</tr>"
    else:
        head = "<tr>" + td("指标名称") + td("计量单位") + td(r.choice(["本年度", f"{y}年度", "数量"])) + "</tr>"
    rows = [head]
    code = 0
    for k, (f, label, u, lev) in enumerate(rep.rows):
        lab = ("其中：" if lev == 1 else "") + label
        cells = [td(str(k + 1))] if rep.serial else []
        cells.append(td(lab))
        cells.append(td(u if f else ""))
        if style == "dingxi":
            code += 1
            cells.append(td(f"{code:02d}"))
        if f is None:
            n = 4 if rep.levels else (2 if rep.cumulative else 1)
            cells += [td("") for _ in range(n)]
        else:
            v = rep.year_v[f]
            if rep.levels:
                parts = split(r, int(v), 3, 0.2) if float(v).is_integer() else [v, 0, 0]
                vals = [v] + parts if cols[0] == "合计" else parts + [v]
                cells += [td(value_str(x)) for x in vals]
            else:
                cells.append(td(value_str(v)))
                if rep.cumulative:
                    cells.append(td(value_str(rep.cum_v[f])))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = f'<p style="text-align:center"><strong>{rep.agency}{y}年政府信息公开情况统计表</strong></p>'
    return caption + mhf.table(rows)


def flat_table(rep: Legacy) -> str:
    """The table as crawler text: header, then label · unit · digits with no separators."""
    y = rep.year
    if rep.style == "national":
        head = "统计指标单位统计数"
    elif rep.style == "dingxi":
        head = "指标名称计量单位代码本期实际本年累计"
    elif rep.cumulative:
        head = f"指标名称计量单位{y}年度历年累计"
    else:
        head = "指标名称计量单位本年度"
    out = head
    code = 0
    for f, label, u, lev in rep.rows:
        out += ("其中：" if lev == 1 else "") + label
        if rep.style == "dingxi":
            code += 1
        if f is None:
            continue
        out += u + (f"{code:02d}" if rep.style == "dingxi" else "") + value_str(rep.year_v[f])
        if rep.cumulative:
            out += value_str(rep.cum_v[f])
    return out


def splits2(s: str) -> list[tuple[int, int]]:
    out = []
    for k in range(1, len(s)):
        a, b = s[:k], s[k:]
        if (a[0] == "0" and a != "0") or (b[0] == "0" and b != "0"):
            continue
        if int(b) >= int(a):
            out.append((int(a), int(b)))
    return out


def run_truth(rep: Legacy) -> dict[str, tuple]:
    """Per fact the (year, cumulative) a careful reader can recover from run-together digits, else (None, None)."""
    facts = [f for f, *_ in rep.rows if f]
    cand = {f: splits2(value_str(rep.year_v[f]) + value_str(rep.cum_v[f])) for f in facts}
    stated = {d["fact"]: d["value"] for d in rep.text_facts if not d.get("approximate")}
    if stated.get("admin_reviews_litigation") == 0:
        stated.setdefault("admin_reviews", 0)
        stated.setdefault("admin_litigation", 0)
    if "fees" in stated and "fees_collected" in facts:
        stated.setdefault("fees_collected", 0)
    for f, v in stated.items():
        if f in cand:
            fits = [c for c in cand[f] if c[0] == v]
            if len(fits) == 1:
                cand[f] = fits
    rules = identities(rep.style, facts)
    changed = True
    while changed:
        changed = False
        for total, parts, kind in rules:
            members = [total, *parts]
            if all(len(cand[m]) <= 1 for m in members):
                continue
            keep = [set() for _ in members]
            for combo in product(*(cand[m] for m in members)):
                ok = all((sum(c[col] for c in combo[1:]) == combo[0][col]) if kind == "sum"
                         else all(c[col] <= combo[0][col] for c in combo[1:]) for col in (0, 1))
                if ok:
                    for k, c in enumerate(combo):
                        keep[k].add(c)
            for k, m in enumerate(members):
                new = [c for c in cand[m] if c in keep[k]]
                if new != cand[m]:
                    cand[m], changed = new, True
    return {f: cand[f][0] if len(cand[f]) == 1 else (None, None) for f in facts}


# ---------------------------------------------------------------- documents
def body_lines(rep: Legacy, secs) -> list[str]:
    y = rep.year
    names = [t for _, t, _ in secs]
    lines = [f"根据《中华人民共和国政府信息公开条例》的规定，特向社会公布{y}年度政府信息公开工作年度报告。"
             f"本报告由{'、'.join(names[:-1])}和{names[-1]}共{mc_num(len(names))}个部分组成。"
             f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"]
    for k, (kind, title, paras) in enumerate(secs):
        lines.append(f"{cn(k + 1)}、{title}")
        lines += paras
    return lines


def mc_num(n: int) -> str:
    return cn(n)


def build_one(outdir: Path, i: int, seed: int, form: str, style: str, year: int) -> str:
    rng = random.Random(seed * 1000 + i)
    rep = Legacy(rng, i, year, style, form if form != "html_tw" else "html")
    secs = rep.sections()
    table_where = rng.choice(["last", "after"]) if style != "none" else None
    if style != "none" and rng.random() < 0.3:  # the table under its own heading, as 平潭 2016
        secs.append(("table", f"{rep.agency}政府信息公开情况统计表", []))
    # a deliberate text/table disagreement
    disagree = None
    if style != "none" and rng.random() < 0.2:
        cands = [d for d in rep.text_facts if d["fact"] in rep.year_v and d["fact"] in [f for f, *_ in rep.rows]
                 and not d.get("approximate") and isinstance(d["value"], int)]
        if cands:
            d = rng.choice(cands)
            real = rep.year_v[d["fact"]]
            bad = {c[0] for c in splits2(value_str(real) + value_str(rep.cum_v[d["fact"]]))} if rep.cumulative else set()
            new = next((d["value"] + k for k in rng.sample([1, 2, 3, 10, 11, 20], 6) if d["value"] + k not in bad), None)
            d = d if new is not None else {"fact": None}
            for k, (kind, title, paras) in enumerate(secs):
                for j, p in enumerate(paras):
                    for pat in (str(d["value"]), cn(d["value"])):
                        m = re.search(r"(?<![\d一二三四五六七八九十百千])" + re.escape(pat) + r"(?=[件条宗份起人])", p)
                        if m and disagree is None and d["fact"] and _phrase_fact(p, m, d):
                            paras[j] = p[:m.start()] + str(new) + p[m.end():]
                            disagree = d["fact"]
                            d["value"] = new
            if disagree:
                rep.failing.append(f"narrative.{disagree}")
                rep.notes.append(f"text says {new} for {disagree}, the table prints {rep.year_v[disagree]}")
    keys = []
    for k, (kind, title, _p) in enumerate(secs):
        keys.append({"key": KEYS.get(kind, f"legacy_{k + 1}"), "heading": f"{cn(k + 1)}、{title}"})
    lines = body_lines(rep, secs)
    date = f"{rep.year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}"
    sign = [rep.agency, f"{rep.year + 1}年{rng.randint(1, 3)}月{rng.randint(10, 28)}日"]
    is_text = form == "text"
    table_facts = []
    if style != "none":
        rt = run_truth(rep) if is_text and rep.cumulative else None
        for f, label, u, lev in rep.rows:
            if f is None:
                continue
            d = {"fact": f, "value": rep.year_v[f], "unit": u, "source": "stats_table"}
            if rep.cumulative:
                d["cumulative_value"] = rep.cum_v[f]
                if rt is not None:
                    d["value"], d["cumulative_value"] = rt[f]
            table_facts.append(d)
        if rt is not None:
            rep.notes.append(f"run-together: {sum(v[0] is None for v in rt.values())} of {len(rt)} rows ambiguous")
    if is_text:
        flat = flat_table(rep) if style != "none" else ""
        body = rep.title + " " + "".join(lines) + (flat if table_where == "last" else "") + "".join(sign) + \
            (flat if table_where == "after" else "")
        header = (f"标题: {rep.title}\n发布时间: {date} 09:{rng.randint(10, 59)}\n文号: \n发布机构: \n栏目: 政府信息公开年报\n"
                  f"原文链接: http://www.example.gov.cn/xxgk/ndbg/{rep.year + 1}03/t{rep.year + 1}0328_{i}.htm\n"
                  + "=" * 20 + " 正文 " + "=" * 20 + "\n")
        data = (header + body + "\n").encode("utf-8")
        ext = "txt"
    else:
        tbl = html_table(rep) if style != "none" else ""
        art = mhf.paragraphs(lines)
        sig = "".join(f'<p style="text-align: right;">{s}</p>' for s in sign)
        art = art + tbl + sig if table_where == "last" else art + sig + tbl
        info = f'<div class="info">发布时间：{date}　来源：{rep.agency}　浏览次数：{rng.randint(50, 3000)}</div>'
        layout = rng.choice(["zoom", "trs", "old"])
        if layout == "zoom":
            inner = f'<div class="article"><h1 class="title">{rep.title}</h1>{info}<div id="zoom">{art}</div></div>'
        elif layout == "trs":
            inner = f'<div class="main"><div class="content"><h1>{rep.title}</h1>{info}<div class="TRS_Editor">{art}</div></div></div>'
        else:
            side = "".join(f'<tr><td><a href="/l{j}/">{t}</a></td></tr>' for j, t in enumerate(["机构概况", "政策文件", "规划计划"]))
            inner = (f'<table width="100%" class="layout"><tr><td width="180" valign="top"><table class="side">{side}</table></td>'
                     f'<td valign="top"><table width="100%"><tr><td align="center"><b>{rep.title}</b></td></tr>'
                     f'<tr><td>{info}</td></tr><tr><td class="bt_content">{art}</td></tr></table></td></tr></table>')
        site = re.sub(r"(市|县|区).*$", r"\1人民政府", rep.agency) if rep.kind.endswith("bureau") else rep.agency
        charset = rng.choice(["utf-8", "gbk"]) if form == "html" else "utf-8"
        meta = '<meta charset="utf-8">\n' if charset == "utf-8" else \
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />\n'
        html = mhf.page(rep.title + "_" + site, meta, inner, site)
        if form == "html_tw":
            import opencc
            html = opencc.OpenCC("s2t").convert(html)
        data = html.encode(charset)
        ext = "html"
        rep.notes.append(f"layout {layout}; charset {charset}")
    stem = f"L{i:03d}_{form}_{style}_{rep.year}"
    (outdir / f"{stem}.{ext}").write_bytes(data)
    truth = {"report": {"agency": rep.agency, "agency_aliases": rep.aliases, "year": rep.year, "template": "legacy",
                        "title": rep.title},
             "sections": keys, "legacy_facts": table_facts + rep.text_facts,
             "expected_failing_rules": rep.failing, "form": form, "style": style, "size": rep.size, "notes": rep.notes}
    (outdir / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return stem


def _phrase_fact(p: str, m: re.Match, d: dict) -> bool:
    """The number at m in paragraph p is the stated figure d (its own clause names the fact)."""
    clause = re.split(r"[，。；]", p[:m.start()])[-1]
    words = {"requests_received": "申请", "replies_total": "答复|办结", "replies_granted": "(?<!部分)(?<!不)同意公开",
             "replies_partially_granted": "部分公开", "replies_denied": "不予公开|否决公开",
             "proactive_items": "主动公开", "proactive_web": "网站", "admin_reviews": "复议", "admin_litigation": "诉讼"}
    w = words.get(d["fact"])
    return bool(w and re.search(w, clause))


NON_REPORTS = [
    ("letter", "关于报送{y}年政务公开工作要点落实情况的函",
     ["{a}：", "根据市政府办公室《关于做好{y}年政务公开工作要点落实情况自查的通知》要求，现将我单位落实情况报送如下：",
      "一、加强组织领导", "成立了政务公开工作领导小组。", "二、推进重点领域信息公开", "按要求公开了财政预决算信息。",
      "特此函告。"]),
    ("notice", "关于做好{y}年度政府信息公开工作年度报告编制发布工作的通知",
     ["各乡镇人民政府，县直各部门：", "根据《中华人民共和国政府信息公开条例》规定，现就做好{y}年度政府信息公开工作年度报告编制发布工作通知如下：",
      "一、报告内容", "年度报告应当包括主动公开政府信息情况、依申请公开政府信息情况等内容。", "二、时间要求",
      "请于{y1}年3月31日前在政府网站公开发布。", "特此通知。"]),
]


def build_nonreport(outdir: Path, i: int, seed: int, which: int, form: str) -> str:
    rng = random.Random(seed * 1000 + i)
    agency, _k, _a = mc.agency_for(rng, i)
    kind, title, paras = NON_REPORTS[which % 2]
    y = rng.randint(2010, 2018)
    title = title.format(y=y)
    lines = [p.format(y=y, y1=y + 1, a=agency) for p in paras] + [agency]
    if form == "text":
        data = (f"标题: {title}\n发布时间: {y}-05-10 10:00\n发布机构: \n" + "=" * 20 + " 正文 " + "=" * 20 + "\n"
                + title + " " + "".join(lines) + "\n").encode("utf-8")
        ext = "txt"
    else:
        inner = f'<div class="article"><h1 class="title">{title}</h1><div id="zoom">{mhf.paragraphs(lines)}</div></div>'
        data = mhf.page(title + "_" + agency, '<meta charset="utf-8">\n', inner, agency).encode("utf-8")
        ext = "html"
    stem = f"L{i:03d}_nonreport_{kind}_{y}"
    (outdir / f"{stem}.{ext}").write_bytes(data)
    (outdir / f"{stem}.truth.json").write_text(json.dumps(
        {"not_an_annual_report": True, "report": {"agency": agency, "year": y, "title": title}, "form": form},
        ensure_ascii=False, indent=1) + "\n", "utf-8")
    return stem


def plan(rng: random.Random, n: int):
    styles = ["putian", "pingtan", "dingxi", "guangdong", "national", "national", "none"]
    forms = ["html", "text", "html", "text", "html_tw"]
    for i in range(n):
        style = styles[i % len(styles)]
        year = rng.randint(2014, 2018) if style == "national" else rng.randint(2008, 2018)
        form = forms[(i // len(styles) + i) % len(forms)]
        yield i, form, style, year


def build(outdir: Path, seed: int, n: int) -> list[str]:
    outdir.mkdir(parents=True, exist_ok=True)
    made = [build_one(outdir, i, seed, form, style, year) for i, form, style, year in plan(random.Random(seed), n)]
    made += [build_nonreport(outdir, n + k, seed, k, ["html", "text"][k % 2]) for k in range(max(2, n // 25))]
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=60)
    a = ap.parse_args()
    made = build(a.outdir, a.seed, a.n)
    print(f"wrote {len(made)} documents to {a.outdir}")


if __name__ == "__main__":
    main()
