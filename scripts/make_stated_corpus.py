"""Generate reports whose narrative states figures about many subjects, with the truth of which are ours.

    python scripts/make_stated_corpus.py OUTDIR [--seed N] [--n N]

Every sentence is written the way real reports write it (spec/legacy.md, issue 11): our figures (收到/受理/办结
disclosure requests, 主动公开/共公布政府信息, 行政复议/诉讼, 咨询, staff, expenditure, the inventory 制作、获取政府
信息总数…其中…, number-first 有约N人次…咨询, channels “XX网”门户网站) and figures about other subjects that must
not become ours (审批事项, 12345 热线, 行政服务中心, 人大建议/政协提案, 信访, 区直/乡镇 sub-bodies, 截至…累计,
category lists ending in 其他应主动公开…). Each feature is drawn independently. Legacy years (2009–2018) are
crawler text (one line) or paragraphs, some with a 莆田-style statistics table that a second, differing statement
of a figure must be chosen against; template years (2019–2024) carry their tables as pipe rows
(scripts/make_corpus.py) and narrative figures that agree with them or, on purpose, do not.

<stem>.truth.json: report {agency, year, template}, sections [{key, heading}], stated [{key, value, approximate?}]
(every figure of ours the text states — anything else parsed is a figure about another subject),
expected_failing_rules (narrative.<key>), legacy_facts (for scripts/score_legacy.py). Seeds 1–99 are for
development; scripts/score_stated.py scores the held-back seeds (1000 onward) that nobody debugs on.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus as mc  # noqa: E402
import make_legacy_corpus as mlc  # noqa: E402  (Chinese numerals)

PLACES = mc.PLACES
SITES = ["中国·{p}", "{p}政府网", "{p}之窗", "{p}门户网"]


class Doc:
    """Sentences with the truth of the figures of ours they state."""

    def __init__(self, rng: random.Random, legacy: bool):
        self.rng, self.legacy = rng, legacy
        self.stated: dict[str, dict] = {}  # key → {value, approximate}
        self.failing: list[str] = []

    def num(self, n: int) -> str:
        return mlc.cn(n) if self.legacy and n < 1000 and self.rng.random() < 0.15 else str(n)

    def ours(self, key: str, value, approximate: bool = False) -> None:
        self.stated.setdefault(key, {"key": key, "value": value, **({"approximate": True} if approximate else {})})


def distractors(d: Doc, year: int, agency: str, place: str) -> list[str]:
    """Figures about other subjects, each drawn on its own."""
    r = d.rng
    out = []
    a, b = r.randint(300, 20000), 0
    b = a - r.randint(0, min(a, 80))
    pool = [
        f"{year}年，{place}政务服务中心各窗口共受理审批事项{a}件，办结{b}件，按时办结率100%。",
        f"12345政务服务便民热线全年受理群众来电{a}件，已办结{b}件，群众满意率{r.randint(90, 99)}%。",
        f"{place}行政服务中心全年共受理申请{a}件，办结{b}件。",
        f"全年共办理人大代表建议{r.randint(10, 90)}件、政协委员提案{r.randint(10, 90)}件，办复率100%。",
        f"全年受理群众来信来访{r.randint(20, 900)}件，办结{r.randint(10, 20)}件。",
        f"截至{year}年底，累计主动公开政府信息{r.randint(30000, 90000)}条。",
        f"区长信箱全年收到网民留言{r.randint(100, 900)}件，已全部办结。",
        f"全年开展问卷调查{r.randint(2, 9)}次，征集意见建议{r.randint(20, 300)}条。",
        f"受理不动产登记申请{a}件，办结{b}件。",
    ]
    for s in pool:
        if r.random() < 0.35:
            out.append(s)
    return out


def legacy_sections(d: Doc, year: int, agency: str, place: str, table: dict | None) -> list[tuple[str, str, list[str]]]:
    r = d.rng
    n = d.num
    pro = table["proactive_items"] if table else r.randint(200, 9000)
    web = min(pro, r.randint(100, 9000))
    secs = []
    ov = [f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，政府信息公开工作有序开展。"]
    if r.random() < 0.5:
        ft, pt = r.randint(1, 5), r.randint(2, 30)
        ov.append(f"明确了分管领导，配备专职人员{n(ft)}名、兼职人员{n(pt)}名。")
        d.ours("staff_full_time", ft)
        d.ours("staff_part_time", pt)
    if r.random() < 0.3:
        e = round(r.randint(5, 300) / 10, 1)
        ov.append(f"全年政府信息公开工作经费支出{e}万元。")
        d.ours("disclosure_expenditure", e)
    ov += distractors(d, year, agency, place)[:2]
    secs.append(("overview", "一、概述", ov))
    pr = []
    form = r.choice(["plain", "list", "inventory", "cumul"])
    if form == "plain":
        pr.append(r.choice([f"{year}年全区主动公开政府信息{n(pro)}条。", f"{year}年共主动公开各类政府信息{n(pro)}条。",
                            f"主动公开政府信息数量为{pro}条。", f"本年度新增主动公开信息{pro}条。"]))
    elif form == "list":
        parts = mc_split(r, pro, 5)
        cats = ["机构职能类", "政策法规类", "规划计划类", "业务动态类"]
        items = "、".join(f"{c}{v}条" for c, v in zip(cats, parts[:4]))
        pr.append(f"全年共公布政府信息{pro}条，其中{items}、其他应主动公开政府信息{parts[4]}条。")
    elif form == "inventory":
        req_only, withheld = r.randint(0, 200), r.randint(0, 50)
        total = pro + req_only + withheld
        pr.append(f"全年共制作、获取政府信息总数{total}条，其中主动公开政府信息{pro}条，依申请公开信息{req_only}条，"
                  f"不予公开信息{withheld}条。")
        d.ours("info_produced_total", total)
        d.ours("info_on_request_only", req_only)
        d.ours("info_not_disclosed", withheld)
        if r.random() < 0.7:
            sub = mc_split(r, pro, 3)
            pr.append(f"县政府办公室公开{sub[0]}条，区直、县直各单位主动公开政府信息{sub[1]}条，"
                      f"各乡镇主动公开政府信息{sub[2]}条。")
    else:
        pr.append(f"截至{year}年底，累计主动公开政府信息{pro + r.randint(5000, 60000)}条，"
                  f"其中{year}年主动公开政府信息{pro}条。")
    d.ours("proactive_items", pro)
    if r.random() < 0.5:
        site = r.choice(SITES).format(p=place)
        pr.append(f"通过“{site}”门户网站公开政府信息{web}条，占{r.randint(50, 99)}%。")
        d.ours("proactive_web", web)
    secs.append(("proactive_disclosure", "二、主动公开政府信息情况", pr))
    rq = []
    rec = table["requests_received"] if table else r.randint(0, 60)
    if rec == 0 and r.random() < 0.6:
        rq.append(f"{year}年全{agency[-1] if agency[-1] in '区县市' else '区'}未收到政府信息公开申请。")
        d.ours("requests_received", 0)
    else:
        chans = mc_split(r, rec, 2)
        said = r.choice([f"全年共受理政府信息公开申请{n(rec)}件", f"共收到{rec}份政府信息公开申请",
                         f"全年共受理依申请公开{n(rec)}件", f"收到申请人提出的政府信息公开申请{rec}件"])
        rq.append(f"{said}，其中当面申请{chans[0]}件、网上申请{chans[1]}件。")
        d.ours("requests_received", rec)
        if rec and r.random() < 0.7:
            g = r.randint(0, rec)
            rq.append(r.choice([f"已答复{rec}件，其中同意公开{g}件，同意部分公开{rec - g}件。",
                                f"办结{rec}件，其中予以公开{g}件、同意部分公开{rec - g}件。"]))
            d.ours("replies_total", rec)
            d.ours("replies_granted", g)
            d.ours("replies_partially_granted", rec - g)
    if table and r.random() < 0.5:
        # the same figure stated again with another value in the overview: the table decides
        wrong = rec + r.randint(1, 9)
        secs[0][2].append(f"全年共受理政府信息公开申请{wrong}件。")
        d.failing.append("narrative.requests_received")
    if r.random() < 0.5:
        c = r.randint(2, 200) * 10
        parts = mc_split(r, c, 2)
        rq.append(f"全年有约{c}人次通过各种方式咨询政府信息公开有关事项，其中现场咨询{parts[0]}人次，电话咨询{parts[1]}人次。")
        d.ours("consultations", c, approximate=True)
    rq += distractors(d, year, agency, place)
    secs.append(("requests", "三、依申请公开政府信息情况", rq))
    secs.append(("legacy_4", "四、政府信息公开的收费及减免情况", [f"{year}年依申请提供政府信息暂不收费。"]))
    d.ours("fees", 0)
    rv = r.randint(0, 3) if r.random() < 0.5 else 0
    if rv:
        secs.append(("review_litigation", "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
                     [r.choice([f"全年发生政府信息公开行政复议{n(rv)}件，复议结果均维持原答复。",
                                f"因政府信息公开引起的行政复议{rv}起。"])]))
        d.ours("admin_reviews", rv)
    else:
        secs.append(("review_litigation", "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
                     ["全年未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"]))
        d.ours("admin_reviews_litigation", 0)
    secs.append(("problems", "六、存在的主要问题及改进措施", ["公开内容还不够全面，更新还不够及时。下一步将进一步完善制度。"]))
    if r.random() < 0.3:
        secs.append(("legacy_7", "七、人大代表建议和政协委员提案办理结果公开情况",
                     [f"全年办理人大代表建议{r.randint(5, 80)}件，政协提案{r.randint(5, 80)}件，办结{r.randint(5, 80)}件，"
                      "办理结果均已公开。"]))
    return secs


def mc_split(r: random.Random, total: int, k: int) -> list[int]:
    cuts = sorted(r.randint(0, total) for _ in range(k - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def legacy_doc(rng: random.Random, i: int, year: int) -> tuple[str, dict]:
    place = PLACES[i % len(PLACES)]
    agency = rng.choice([f"{place}县人民政府", f"{place}区人民政府", f"{place}市人民政府"])
    d = Doc(rng, True)
    table = None
    if rng.random() < 0.4:
        table = {"proactive_items": rng.randint(100, 5000), "requests_received": rng.randint(0, 40)}
    secs = legacy_sections(d, year, agency, place, table)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    body = []
    for key, heading, sents in secs:
        body.append((heading, "".join(sents)))
    tail = f"{agency}办公室 {year + 1}年3月{rng.randint(1, 28)}日"
    rows = ""
    if table:
        rows = ("附件1：" if rng.random() < 0.5 else "") + f"{agency}{year}年政府信息公开情况统计表\n" \
            "指标名称 | 计量单位 | 本年度 | 历年累计 |\n" \
            f"主动公开信息数 | 条 | {table['proactive_items']} | {table['proactive_items'] + 1000} |\n" \
            f"受理依申请公开信息总数 | 件 | {table['requests_received']} | {table['requests_received'] + 30} |\n"
    crawler = rng.random() < 0.5
    head = f"标题: {title}\n==================== 正文 ====================\n"
    if crawler:
        text = head + title + " " + "".join(h + t for h, t in body) + tail + (rows.replace("\n", " ") if rows else "") + "\n"
    else:
        text = head + title + "\n" + "\n".join(h + "\n" + t for h, t in body) + "\n" + tail + "\n" + rows
    truth = {"report": {"agency": agency, "year": year, "template": "legacy"},
             "sections": [{"key": k, "heading": h} for k, h, _ in secs] + ([{"key": "other", "heading": "统计表"}] if table else []),
             "stated": list(d.stated.values()), "expected_failing_rules": sorted(set(d.failing)),
             "form": "crawler" if crawler else "paragraphs", "table": bool(table)}
    truth["legacy_facts"] = [{"fact": s["key"], "value": s["value"], "source": "text"} for s in d.stated.values()]
    if table:
        truth["legacy_facts"] += [{"fact": k, "value": v, "source": "stats_table"} for k, v in table.items()]
    return text, truth


class Modern(mc.Report):
    """A template-era report whose overview states figures of ours and of other subjects."""

    def _draw_overview(self):
        rng = self.rng
        d = self.doc = Doc(rng, False)
        req, rv = self.req, self.review["review"]
        nr, co, tp = req["new_received"]["total"], req["carried_over"]["total"], req["total_processed"]["total"]
        place = self.agency[:2]
        cf = req["carried_forward"]["total"]
        readings = {nr + co, tp + cf, nr, tp, co, cf}
        items = []

        def say(key: str, value: int, text: str) -> str:
            if not key.startswith("text.") and rng.random() < 0.12:  # the text says another number than the table
                # another number than the table, and than the sums the sentence may also mean (new + carried over)
                wrong = next(w for w in range(value + rng.randint(1, 5), value + 99) if w not in readings)
                d.ours(key, wrong)
                d.failing.append(f"narrative.{key}")
                return text.format(wrong)
            d.ours(key, value)
            return text.format(value)

        pro = rng.randint(200, 9000)
        p = [say("text.proactive_items_published", pro, "全年共公布政府信息{}条。") if rng.random() < 0.5 else
             say("text.proactive_items_published", pro, "全年通过政府门户网站主动公开政府信息{}条。")]
        if self.template == "gov-2021" and rng.random() < 0.6:
            p.append(say("proactive_disclosure.normative_docs.issued", self.pro["normative_docs"]["issued"],
                         "本年度制发的规范性文件{}件。"))
        if self.template == "gov-2021" and rng.random() < 0.5:
            p.append(say("proactive_disclosure.normative_docs.in_force", self.pro["normative_docs"]["in_force"],
                         "集中公开现行有效行政规范性文件{}件。"))
        if rng.random() < 0.4:
            p.append(f"其中，区直各单位主动公开政府信息{rng.randint(10, pro)}条，各乡镇主动公开政府信息{rng.randint(10, pro)}条。")
        items.append(("（一）主动公开方面", "".join(p)))
        q = []
        if nr or rng.random() < 0.5:
            q.append(say("requests.new_received.total", nr, rng.choice(["全年新收政府信息公开申请{}件", "全年共收到政府信息公开申请{}件",
                                                                         "本年度共收到{}件政府信息公开申请"])) +
                     (("，" + say("requests.carried_over.total", co, "上年结转{}件")) if co and rng.random() < 0.6 else "") +
                     (f"，其中区政府办公室收到政府信息公开申请{nr // 2}件，予以公开{nr // 3}件" if nr > 3 and rng.random() < 0.3
                      else "") + "。")
        if rng.random() < 0.6:
            q.append(say("requests.total_processed.total", tp, rng.choice(["全年办结政府信息公开申请{}件", "办理政府信息公开申请{}件"])) + "，" +
                     say("requests.granted.total", req["granted"]["total"], "其中予以公开{}件") + "，" +
                     say("requests.partially_granted.total", req["partially_granted"]["total"], "部分公开{}件") + "。")
        elif rng.random() < 0.5:
            q.append(say("requests.granted.total", req["granted"]["total"], "对申请人同意公开答复{}件") + "。")
        if cf and rng.random() < 0.4:
            q.append(say("requests.carried_forward.total", cf, "结转下年度继续办理{}件") + "。")
        items.append(("（二）依申请公开方面", "".join(q) + "".join(distractors(d, self.year, self.agency, place)[:3])))
        if rng.random() < 0.5:
            items.append(("（三）监督保障方面", say("review_litigation.review.total", rv["total"], "全年发生政府信息公开行政复议{}件")
                          + "，" + say("review_litigation.review.upheld", rv["upheld"], "其中结果维持{}件") + "。"))
        return items

    def _requests_sentence(self) -> str:
        return ""


def modern_doc(rng: random.Random, i: int, year: int) -> tuple[str, dict]:
    template = "gov-2021" if year >= 2021 else "gov-2019"
    r = Modern(rng, i, year, template, "text", "pipe")
    r.overview()
    text = mc.text_doc(r, "pipe")
    truth = r.truth()
    truth["stated"] = list(r.doc.stated.values())
    truth["expected_failing_rules"] = sorted(set(r.doc.failing))
    truth["report"] = {"agency": r.agency, "agency_aliases": r.aliases, "year": year, "template": template}
    return text, truth


def build(outdir: Path, seed: int, n: int) -> list[str]:
    import opencc
    tw = opencc.OpenCC("s2twp")
    outdir.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        rng = random.Random(seed * 100003 + i)
        year = rng.randint(2009, 2024)
        text, truth = (legacy_doc if year < 2019 else modern_doc)(rng, i, year)
        mirror = rng.random() < 0.15  # a traditional-script mirror of the page
        if mirror:
            text = tw.convert(text)
        truth["script"] = "traditional" if mirror else "simplified"
        stem = f"s{seed}_{i:03d}_{'legacy' if year < 2019 else 'modern'}_{year}" + ("_tw" if mirror else "")
        (outdir / f"{stem}.txt").write_text(text, encoding="utf-8")
        (outdir / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")
        made.append(stem)
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=40)
    a = ap.parse_args()
    print(len(build(a.outdir, a.seed, a.n)), "reports in", a.outdir)


if __name__ == "__main__":
    main()
