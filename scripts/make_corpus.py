"""Generate a varied, deterministic stress corpus of annual reports with scorer truth files.

    python scripts/make_corpus.py [OUTDIR] [--seed N] [--n N] [--no-pdf]      # default /tmp/corpus

Each input <stem>.<ext> gets <stem>.truth.json in the format of ../shared/tools/score.py:
report {agency, year, template, script}, sections [{key}], tables.<t>.values.<row>.<col>,
expected_failing_rules, inferable [{table,row,column}], and form / style / damage / origin.

Forms: CMS HTML pages (several layouts; UTF-8, GBK with and without a declared charset),
traditional-character mirrors (OpenCC s2twp), PDFs made by LibreOffice from Flat ODT, DOCX
(ODT → DOCX → PDF) and HTML, and flattened crawler text (pipe rows, one cell per line, digits
run together). Numbers satisfy every identity except in reports with a deliberate break.
PDF conversions run in two batched soffice calls.
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_html_fixtures as mhf  # noqa: E402  (td, page chrome)
import make_pdf_fixtures as mpf  # noqa: E402  (Flat ODT tables and document)

# what a wrong character becomes (--typos): common characters, those of the template's labels among them
TYPO_CHARS = "的一是在不了有和人这中大为上个国以要时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而" \
             "方后多定行学法所民得经之进等部度家力里如水化高自理起小物现实加量都两体制机当使点从业本去把性好应开它合" \
             "还因由其些然前外天政日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比或但质气第向道命此变条" \
             "只没结解问意建月公无系申请处理予以部类信息获取"
BLANKS = {"empty": "", "nbsp": "&nbsp;", "dash": "-", "emdash": "—", "slash": "/", "wu": "无"}
COLS6 = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"]
COLS = COLS6 + ["total"]
RCOLS = ["upheld", "corrected", "other", "pending", "total"]
GROUPS = ["review", "litigation_direct", "litigation_after_review"]
SECTION_KEYS = ["overview", "proactive_disclosure", "requests", "review_litigation", "problems", "other"]

# ---------------------------------------------------------------- names and titles
PLACES = ["云岭", "石门", "金川", "青溪", "白沙", "望江", "东岚", "丰泽", "临川", "安平", "永和", "兴隆",
          "清河", "桃源", "长宁", "凤翔", "松阳", "宁远", "泰和", "龙泉", "嘉禾", "湖塘", "柳城", "梅林"]
PREFS = ["江州", "南阳", "海州", "德阳", "汉川", "景宁"]


def agency_for(rng: random.Random, i: int) -> tuple[str, str, list[str]]:
    """(agency, kind, aliases)."""
    p = PLACES[i % len(PLACES)]
    kind = ["city", "district_office", "county_bureau", "town", "zone", "city_bureau", "county", "street"][i % 8]
    if kind == "city":
        return f"{p}市人民政府", kind, []
    if kind == "district_office":
        return f"{p}区人民政府办公室", kind, []
    if kind == "county_bureau":
        return f"{p}县{rng.choice(['教育局', '卫生健康局', '自然资源局', '市场监督管理局'])}", kind, []
    if kind == "town":
        return f"{p}镇人民政府", kind, []
    if kind == "zone":
        return f"{p}综合实验区", kind, [f"{p}综合实验区管委会"]
    if kind == "city_bureau":
        return f"{rng.choice(PREFS)}市{rng.choice(['生态环境局', '住房和城乡建设局', '人力资源和社会保障局'])}", kind, []
    if kind == "county":
        return f"{p}县人民政府", kind, []
    return f"{p}街道办事处", kind, []


def title_for(rng: random.Random, agency: str, year: int, form: str) -> str:
    if form == "plain":
        return f"{agency}{year}年政府信息公开工作年度报告"
    if form == "niandu":
        return f"{agency}{year}年度政府信息公开工作年度报告"
    if form == "year_first":
        return f"{year}年{agency}政府信息公开工作年度报告"
    if form == "guanyu":
        return f"{agency}关于{year}年度政府信息公开工作年度报告"
    if form == "guanyu_gonggao":
        return f"关于{agency}{year}年政府信息公开工作年度报告的公告"
    raise ValueError(form)


# ---------------------------------------------------------------- numbers
def request_keys(template: str) -> list[str]:
    keys = ["new_received", "carried_over", "granted", "partially_granted"]
    keys += [f"denied.{k}" for k in ("state_secret", "prohibited_by_law", "three_safety_one_stability",
                                     "third_party_rights", "internal_affairs", "process_info", "enforcement_case",
                                     "administrative_query")]
    keys += [f"unavailable.{k}" for k in ("not_held", "needs_creation", "unclear_after_correction")]
    keys += [f"not_processed.{k}" for k in ("petition_complaint", "repeated", "publication", "mass_repeated",
                                            "confirm_or_reissue")]
    keys += [f"other.{k}" for k in ("overdue_correction", "overdue_fee", "other")] if template == "gov-2021" else ["other"]
    return keys + ["total_processed", "carried_forward"]


def outcome_keys(template: str) -> list[str]:
    return [k for k in request_keys(template) if k not in ("new_received", "carried_over", "total_processed",
                                                            "carried_forward")]


def gen_requests(rng: random.Random, template: str, size: str) -> dict[str, dict[str, int]]:
    keys = request_keys(template)
    outcome = outcome_keys(template)
    v = {k: {} for k in keys}
    scale_of = {"tiny": [2, 0, 0, 0, 0, 1], "small": [12, 4, 1, 1, 2, 2], "big": [900, 200, 12, 9, 40, 30],
                "huge": [2500, 600, 30, 20, 80, 60]}[size]
    for col, scale in zip(COLS6, scale_of):
        for k in outcome:
            v[k][col] = rng.randint(0, scale) if scale and rng.random() < 0.35 else 0
        if scale:
            v["granted"][col] += rng.randint(scale // 2, scale) if size in ("big", "huge") else rng.randint(0, scale)
            v["unavailable.not_held"][col] += rng.randint(0, max(1, scale // 4))
        done = sum(v[k][col] for k in outcome)
        co = rng.randint(0, max(0, scale // 10)) if scale and rng.random() < 0.6 else 0
        cf = rng.randint(0, max(0, scale // 10)) if scale and rng.random() < 0.6 else 0
        if co > done + cf:
            co = 0
        v["total_processed"][col], v["carried_over"][col], v["carried_forward"][col] = done, co, cf
        v["new_received"][col] = done + cf - co
    for k in keys:
        v[k]["total"] = sum(v[k][c] for c in COLS6)
    return v


def with_other(req: dict, template: str) -> dict:
    """Truth rows: gov-2021 adds 'other' = the sum of its three sub-rows."""
    out = {k: dict(x) for k, x in req.items()}
    if template == "gov-2021":
        out["other"] = {c: sum(req[f"other.{s}"][c] for s in ("overdue_correction", "overdue_fee", "other")) for c in COLS}
    return out


def gen_review(rng: random.Random, size: str) -> dict[str, dict[str, int]]:
    hi = {"tiny": 0, "small": 2, "big": 9, "huge": 30}[size]
    out = {}
    for g in GROUPS:
        x = {c: (rng.randint(0, hi) if rng.random() < 0.5 else 0) for c in RCOLS[:4]}
        x["total"] = sum(x.values())
        out[g] = x
    return out


def gen_proactive(rng: random.Random, template: str) -> tuple[dict, dict]:
    """(values, printed strings) for table 二."""
    vals, printed = {}, {}

    def put(item, col, value, text=None):
        vals.setdefault(item, {})[col] = value
        printed.setdefault(item, {})[col] = text if text is not None else str(value)

    if template == "gov-2021":
        for item in ("rules", "normative_docs"):
            big = item == "normative_docs"
            put(item, "issued", rng.randint(0, 40) if big else rng.choice([0, 0, 1, 2]))
            put(item, "repealed", rng.randint(0, 15) if big else 0)
            put(item, "in_force", rng.randint(20, 600) if big else rng.choice([0, 3, 12]))
        put("admin_license", "decisions", rng.choice([0, rng.randint(10, 900), rng.randint(1000, 60000)]))
        put("admin_penalty", "decisions", rng.choice([0, rng.randint(1, 300), rng.randint(1000, 9000)]))
        put("admin_coercion", "decisions", rng.choice([0, 0, rng.randint(1, 90)]))
        fee = rng.choice([0, round(rng.uniform(0.5, 900), 2), round(rng.uniform(1000, 20000), 2)])
        put("admin_fees", "amount", fee, "0" if fee == 0 else repr(fee))
    else:
        for item in ("rules", "normative_docs"):
            big = item == "normative_docs"
            a = rng.randint(0, 30) if big else rng.choice([0, 0, 1])
            put(item, "new_made", a)
            put(item, "new_published", a if rng.random() < 0.7 else max(0, a - 1))
            put(item, "total_published", rng.randint(a, a + 400) if big else rng.choice([0, 4]))
        for item in ("admin_license", "other_admin_services", "admin_penalty", "admin_coercion"):
            prev = rng.randint(0, 400)
            ch = rng.choice([0, rng.randint(1, 60), -rng.randint(1, 10)])
            put(item, "prev_items", prev)
            put(item, "change", ch, ("+%d" % ch if rng.random() < 0.5 else str(ch)) if ch > 0 else str(ch))
            put(item, "decisions", rng.choice([0, rng.randint(1, 900), rng.randint(1000, 40000)]))
        put("admin_fees", "prev_items", rng.randint(0, 20))
        ch = rng.choice([0, -1, -3, 2])
        put("admin_fees", "change", ch, str(ch))
        put("central_procurement", "items", rng.randint(0, 80))
        form = rng.choice(["yuan", "wan", "wan_plain"])
        if form == "yuan":
            yuan = rng.randint(10, 9000) * 100
            put("central_procurement", "amount", round(yuan / 10000, 4), f"{yuan}元")
        elif form == "wan":
            w = round(rng.uniform(1, 900), 4)
            put("central_procurement", "amount", w, f"{w!r}万元")
        else:
            w = rng.randint(0, 800)
            put("central_procurement", "amount", w, str(w))
    return vals, printed


def fmt(n, comma: bool) -> str:
    return f"{n:,}" if comma and isinstance(n, int) and n >= 1000 else str(n)


# ---------------------------------------------------------------- the report model
class Report:
    """Everything about one generated report: truth, printed cells, text."""

    def __init__(self, rng: random.Random, i: int, year: int, template: str, form: str, style: str,
                 damage: str = "none", size: str | None = None, wild: bool = False, shape_seed: int = 0,
                 typos: bool = False, misprints: bool = False):
        self.rng, self.i, self.year, self.template, self.form, self.style, self.damage = (
            rng, i, year, template, form, style, damage)
        self.agency, self.kind, self.aliases = agency_for(rng, i)
        self.title_form = rng.choice(["plain", "plain", "niandu", "year_first", "guanyu", "guanyu_gonggao"])
        self.title = title_for(rng, self.agency, year, self.title_form)
        self.size = size or rng.choice(["tiny", "small", "small", "big", "huge"])
        self.req = gen_requests(rng, template, self.size)
        self.review = gen_review(rng, self.size)
        self.pro, self.pro_printed = gen_proactive(rng, template)
        self.comma = self.size in ("big", "huge") and rng.random() < 0.6
        self.printed = {k: {c: fmt(v, self.comma) for c, v in row.items()} for k, row in self.req.items()}
        self.rprinted = {g: {c: str(v) for c, v in row.items()} for g, row in self.review.items()}
        self.truth_req = with_other(self.req, template)
        self.truth_pro = {k: dict(v) for k, v in self.pro.items()}
        self.inferable: list[dict] = []
        self.failing: list[dict] = []
        self.notes: list[str] = []
        self.ordinal = rng.choice(["1.", "1.", "1、", "（1）", "1．"])
        self.quote = rng.choice(["curly", "straight"])
        self.subtotal = False
        self.hubei = template == "gov-2019" and rng.random() < 0.3
        self.headings = self._headings()
        self.features: dict = {}
        if damage == "blanks":
            self._blank()
        elif damage == "broken":
            self._break()
        if wild:
            self._wild()
            self._shapes(random.Random(f"shapes:{shape_seed}"))
        self.typo_rng = random.Random(f"typos:{shape_seed}")  # its own draws: nothing else changes with it
        self.typos: dict[str, str] = {}
        if typos:  # --typos: a wrong or missing character in some row labels of tables 二 and 三
            self.features["typos"] = self.typo_rng.random() < 0.6
        if misprints and damage == "none":  # --misprints: one printed number breaking its identities
            self._misprint(random.Random(f"misprint:{shape_seed}"))

    # --- damage
    def _blank(self):
        rng = self.rng
        form = rng.choice(["&nbsp;", "-", "/", "无", ""])
        self.blank_form = form
        rows = [k for k in request_keys(self.template)]
        rng.shuffle(rows)
        n = 0
        for k in rows:  # one zero component per row: determined by the row total
            zeros = [c for c in COLS6 if self.req[k][c] == 0]
            if zeros and n < 5:
                c = rng.choice(zeros)
                self.printed[k][c] = form
                self.inferable.append({"table": "requests", "row": k, "column": c})
                n += 1
        # a blank 总计 whose components are printed (Shanghai 2019): inferred from the row
        k = next((k for k in rows if self.req[k]["total"] > 0 and all(self.printed[k][c] != form for c in COLS6)), None)
        if k:
            self.printed[k]["total"] = form
            self.inferable.append({"table": "requests", "row": k, "column": "total"})
        # table 二 blank: no identity decides it, so the truth is null
        item = "admin_coercion"
        col = "decisions"
        if self.pro[item][col] == 0:
            self.pro_printed[item][col] = rng.choice(["-", "/"])
            self.truth_pro[item][col] = None
        self.notes.append(f"blank cells printed as {form!r}")

    def _break(self):
        rng = self.rng
        how = rng.choice(["component", "balance", "review"])
        if how == "component":
            k = rng.choice(["granted", "unavailable.not_held", "denied.process_info"])
            c = rng.choice(COLS6[:2])
            self.req[k][c] += 1
            self.truth_req[k][c] += 1
            if self.template == "gov-2021" and k.startswith("other."):
                raise AssertionError
            self.printed[k][c] = fmt(self.req[k][c], self.comma)
            self.failing += [{"rule": "requests.row_total", "row": k},
                             {"rule": "requests.total_processed", "column": c}]
            self.notes.append(f"broken: requests.{k}.{c} printed one too high")
        elif how == "balance":
            c = rng.choice(COLS6[:2])
            for col in (c, "total"):
                self.req["carried_forward"][col] += 1
                self.truth_req["carried_forward"][col] += 1
                self.printed["carried_forward"][col] = fmt(self.req["carried_forward"][col], self.comma)
            self.failing += [{"rule": "requests.balance", "column": c}, {"rule": "requests.balance", "column": "total"}]
            self.notes.append(f"broken: carried_forward.{c} and .total one too high")
        else:
            g = rng.choice(GROUPS)
            self.review[g]["total"] += 1
            self.rprinted[g]["total"] = str(self.review[g]["total"])
            self.failing += [{"rule": "review_litigation.group_total", "group": g}]
            self.notes.append(f"broken: review_litigation.{g}.total one too high")


    def _misprint(self, g: random.Random):
        """With --misprints, in some documents one printed count one too high, on top of every other feature (blanks,
        stacked cells, typos): a table 三 component whose row and column print every cell as a number (so both
        identities it breaks can be evaluated), or a table 四 group total whose group prints every cell."""
        f = self.features
        f["misprint"] = "no"
        if g.random() >= 0.4:
            return
        plain = re.compile(r"^[\d,]+$")
        rows = self._printed_rows()
        column = [k for k in rows if k in outcome_keys(self.template) or k == "other"] + ["total_processed"]
        cells = [(k, c) for k in column if not k.startswith("other") and k != "total_processed" for c in COLS6
                 if all(plain.match(self.printed[k][x]) for x in COLS)
                 and all(plain.match(self.printed[j][c]) for j in column)]
        groups = [gr for gr in GROUPS if all(plain.match(v) for v in self.rprinted[gr].values())]
        if cells and (not groups or g.random() < 0.7):
            k, c = g.choice(cells)
            self.req[k][c] += 1
            self.truth_req[k][c] += 1
            self.printed[k][c] = fmt(self.truth_req[k][c], self.comma)
            self.failing += [{"rule": "requests.row_total", "row": k}, {"rule": "requests.total_processed", "column": c}]
            f["misprint"] = "requests"
            self.notes.append(f"misprint: requests.{k}.{c} printed one too high")
        elif groups:
            gr = g.choice(groups)
            self.review[gr]["total"] += 1
            self.rprinted[gr]["total"] = str(self.review[gr]["total"])
            self.failing += [{"rule": "review_litigation.group_total", "group": gr}]
            f["misprint"] = "review"
            self.notes.append(f"misprint: review_litigation.{gr}.total printed one too high")

    # --- features of reports in the wild, each drawn independently (--wild)
    def _wild(self):
        rng = self.rng
        f = self.features
        f["corner"] = rng.choice(["note", "empty", "split"])
        f["total_head"] = rng.choice(["spanned", "second_row"])
        f["blank"] = rng.choice(["none", "empty", "nbsp", "dash", "emdash", "slash", "wu"]) if self.damage == "none" else "none"
        f["labels"] = rng.choice(["plain", "typo", "notes"])
        f["group_repeat"] = rng.random() < 0.3
        f["other_single"] = self.template == "gov-2021" and rng.random() < 0.25
        f["stacked"] = self.damage == "none" and rng.random() < 0.25
        f["signs"] = self.template == "gov-2019" and rng.random() < 0.4
        if f["other_single"]:
            for c in COLS:
                self.truth_req["other"][c] = sum(self.req[f"other.{k}"][c] for k in ("overdue_correction", "overdue_fee", "other"))
                for k in ("overdue_correction", "overdue_fee", "other"):
                    self.truth_req[f"other.{k}"][c] = None
            self.printed["other"] = {c: fmt(self.truth_req["other"][c], self.comma) for c in COLS}
        if f["signs"]:  # full-width signs in 本年增/减
            for item, row in self.pro_printed.items():
                if "change" in row and self.pro[item]["change"] != 0:
                    v = self.pro[item]["change"]
                    row["change"] = ("＋%d" % v) if v > 0 else ("－%d" % -v)
        if f["blank"] != "none":
            mark = BLANKS[f["blank"]]
            for k in self._printed_rows():
                for c in COLS6:
                    if self.truth_req[k][c] == 0 and rng.random() < 0.6:
                        self.printed[k][c] = mark
                        self.inferable.append({"table": "requests", "row": k, "column": c})
            for g in GROUPS:
                for c in RCOLS[:4]:
                    if self.review[g][c] == 0 and rng.random() < 0.6:
                        self.rprinted[g][c] = mark
                        self.inferable.append({"table": "review_litigation", "row": g, "column": c})
            for item, row in self.pro_printed.items():  # table 二: no identity decides a blank
                for c in row:
                    if self.pro[item][c] == 0 and rng.random() < 0.5:
                        row[c] = mark
                        self.truth_pro[item][c] = None
        if f["stacked"]:  # two rows' numbers in one cell, the lower cell empty (a PDF cell grown over two rows)
            rows = self._printed_rows()
            pairs = [(a, b) for a, b in zip(rows, rows[1:]) if a not in ("new_received", "carried_over")
                     and b not in ("total_processed", "carried_forward")]
            a, b = rng.choice(pairs)
            c = rng.choice(COLS6[:2])
            self.printed[a][c] = f"{fmt(self.truth_req[a][c], self.comma)}\n{fmt(self.truth_req[b][c], self.comma)}"
            self.printed[b][c] = ""
            # two numbers in one cell: never one number. In a PDF (and its layout text) the lower line
            # stands beside row b, so a parser reading the two lines as the two rows reads the upper
            # number as cell a's printed value: right there, as is null.
            if self.form not in ("pdf", "layout"):
                self.truth_req[a][c] = None
                if self.template == "gov-2021" and a.startswith("other."):
                    self.truth_req["other"][c] = None
            f["stacked"] = f"{a}.{c}"
        self.notes.append("wild features: " + json.dumps(f, ensure_ascii=False))

    # --- report shapes of the wild, drawn from their own Random (the draws above stay as they were)
    def _shapes(self, g: random.Random):
        f = self.features
        # where the three tables stand: in their sections, or after the narrative under their own 一、二、三
        # (inside section 五 or after section 六), with or without an 附件 line before them
        f["order"] = g.choice(["in_sections", "in_sections", "in_five", "after_six"])
        self.appendix_line = (f"附件：{self.agency}{self.year}年政府信息公开工作年度报告统计表"
                              if f["order"] != "in_sections" and g.random() < 0.5 else "")
        # table 二's one-column items printed as plain lines (行政许可 0) after the table, or the whole
        # table as lines instead of it (gov-2021: its items after the first block have one column)
        f["items_as_lines"] = g.choice(["no", "no", "after", "instead"]) if self.template == "gov-2021" else "no"
        # sub-row labels without their 1. 2. 3. (a bare 其他 under （六）其他处理)
        f["leaf_bare"] = g.random() < 0.3
        self.table_notes = [g.choice(["主动公开政府信息情况详见附表。", "本年度主动公开政府信息情况见下文统计表。"]),
                            g.choice(["依申请公开政府信息办理情况详见附表。", "本年度收到和处理政府信息公开申请情况见统计表。"]),
                            g.choice(["行政复议、行政诉讼情况详见附表。", "本年度政府信息公开行政复议、行政诉讼情况见统计表。"])]
        # layout text of LibreOffice tables: table 三's numbers on a wrapped label's first line (value cells
        # aligned to the top, the label's rest after the values) or on its middle line (labels set narrower,
        # over three lines); "no": as before (numbers centred between a label's two lines)
        lav = g.choice(["no", "no", "first", "middle"])
        f["label_after_values"] = lav if self.form == "layout" and self.style.startswith("fodt") else "no"

    def captions(self) -> list[str]:
        """The tables' own captions, numbered 一、二、三 (as in a report whose tables follow its narrative)."""
        return [f"{n}、{re.sub(r'^[一二三四五六][、.]', '', h)}" for n, h in zip("一二三", self.headings[1:4])]

    def grid_blocks(self):
        """The blocks of table 二 printed as a table (all, the first only, or none)."""
        mode = self.features.get("items_as_lines", "no")
        blocks = self.pro_blocks()
        return blocks if mode == "no" else blocks[:1] if mode == "after" else []

    def item_lines(self) -> list[str]:
        """Table 二 printed as plain lines: the items after the table's first block, or everything."""
        mode = self.features.get("items_as_lines", "no")
        out: list[str] = []
        if mode == "no":
            return out
        for b, (caption, heads, items) in enumerate(self.pro_blocks()):
            if mode == "after" and b == 0:
                continue
            if mode == "instead":
                out += [caption, " ".join(h.replace("<br/>", "") for h, _ in heads)]
            for item, label, cols in items:
                out.append(" ".join([label] + [v for _c, v, _s in cols]).strip())  # &nbsp; as printed in HTML
                if len(cols) > 1 and any(v in ("", "&nbsp;") for _c, v, _s in cols):
                    for c, _v, _s in cols:  # an empty cell in a line of spaced numbers: no place is known
                        self.truth_pro[item][c] = None
        return out

    def _printed_rows(self) -> list[str]:
        keys = request_keys(self.template)
        if self.features.get("other_single"):
            keys = [k for k in keys if not k.startswith("other.")]
            keys.insert(keys.index("total_processed"), "other")
        return keys

    # --- text
    def _headings(self):
        rng = self.rng
        num = rng.choice(["、", "、", "、", "."])
        h2 = rng.choice(["主动公开政府信息情况", "主动公开政府信息情况", "行政机关主动公开政府信息情况", "主动公开政府信息的情况"])
        h4 = rng.choice(["政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议、行政诉讼情况",
                         "因政府信息公开工作被申请行政复议提起行政诉讼情况", "政府信息公开行政复议及行政诉讼情况",
                         "政府信息公开行政复议与行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况"])
        h5 = rng.choice(["存在的主要问题及改进情况", "存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况",
                         "存在的主要问题和改进措施", "存在问题及改进情况", "存在问题及改进措施"])
        heads = ["总体情况", h2, "收到和处理政府信息公开申请情况", h4, h5, "其他需要报告的事项"]
        return [f"{n}{num}{h}" for n, h in zip("一二三四五六", heads)]

    def q(self, s: str) -> str:
        return s if self.quote == "curly" else s.replace("“", '"').replace("”", '"')

    def sub(self, n: int) -> str:
        o = self.ordinal
        return {"1.": f"{n}.", "1、": f"{n}、", "（1）": f"（{n}）", "1．": f"{n}．"}[o]

    def typo(self, label: str) -> str:
        """The label as this report prints it: with --typos, a third of the labels lose one character or have
        one replaced by a common one (never its ordinal, brackets or quotes); the same label always the same."""
        if not self.features.get("typos"):
            return label
        if label not in self.typos:
            g = self.typo_rng
            head = re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", label)
            start = head.end() if head else 0
            places = [i for i in range(start, len(label)) if "\u4e00" <= label[i] <= "\u9fff"]
            out = label
            if places and g.random() < 1 / 3:
                i = g.choice(places)
                if g.random() < 0.5 and len(places) > 2:
                    out = label[:i] + label[i + 1:]
                else:
                    ch = g.choice([c for c in TYPO_CHARS if c != label[i]])
                    out = label[:i] + ch + label[i + 1:]
                self.notes.append(f"typo: {label} → {out}")
            self.typos[label] = out
        return self.typos[label]

    def preamble(self) -> str:
        notice = "国办公开办函〔2021〕30号" if self.template == "gov-2021" else "国办公开办函〔2019〕60号"
        if self.template == "gov-2021" and self.year == 2022 and self.rng.random() < 0.5:
            notice = "国办公开办函〔2019〕60号"  # cites the wrong notice (太平镇)
        return (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《{notice}》要求编制。"
                f"本报告所列数据统计期限为{self.year}年1月1日至{self.year}年12月31日。"
                f"如对本报告有任何疑问，请与{self.agency}联系。")

    def overview(self) -> list[tuple[str, str]]:
        """(subheading, text) pairs of section 一 (drawn once, so every rendering states the same figures)."""
        if not hasattr(self, "_overview"):
            self._overview = self._draw_overview()
        return self._overview

    def _draw_overview(self) -> list[tuple[str, str]]:
        rng = self.rng
        r = self.req
        fill = ("坚持以公开为常态、不公开为例外，聚焦群众关切，持续推进决策、执行、管理、服务、结果公开，"
                "不断提升政务公开标准化规范化水平。")
        sub = rng.choice(["方面", "情况"])
        who = "我单位" if "局" in self.agency or "办公室" in self.agency else "我" + self.agency[-3:-2] if False else "本机关"
        items = [
            (f"（一）主动公开{sub}", f"全年通过政府门户网站主动公开政府信息{rng.randint(80, 9000)}条，" + fill),
            (f"（二）依申请公开{sub}", self._requests_sentence()),
            (f"（三）政府信息管理{sub}", "严格落实公开前保密审查制度，动态调整主动公开基本目录。" + fill),
            (f"（四）政府信息公开平台建设{sub}", "持续优化政府网站栏目设置，加强政务新媒体管理。" + fill),
            (f"（五）监督保障{sub}", "将政务公开纳入年度绩效考核，全年未发生责任追究情况。" + fill),
        ]
        if self.template == "gov-2021" and rng.random() < 0.4:
            items[0] = (items[0][0], items[0][1] + f"全年制发行政规范性文件{self.pro['normative_docs']['issued']}件。")
        return [(who and h, t) for h, t in items]

    def _requests_sentence(self) -> str:
        r = self.req
        rng = self.rng
        nr, tp, co = r["new_received"]["total"], r["total_processed"]["total"], r["carried_over"]["total"]
        choice = rng.choice(["received", "both", "none", "review"])
        if nr == 0 and choice != "none":
            return "全年未收到政府信息公开申请。规范依申请公开办理流程，严格按照法定时限答复。"
        if choice == "received":
            return f"全年共收到政府信息公开申请{nr}件，均在法定期限内予以答复。"
        if choice == "both":
            s = f"全年新收政府信息公开申请{nr}件"
            s += f"，上年结转{co}件" if co else ""
            return s + f"，全年办结政府信息公开申请{tp}件。"
        if choice == "review":
            rv = self.review["review"]
            if self.damage == "broken" and any(f["rule"].startswith("review") for f in self.failing):
                return "规范答复文书格式，提高答复质量。"
            return (f"全年共收到政府信息公开申请{nr}件。因政府信息公开被申请行政复议{rv['total']}件，"
                    f"其中结果维持{rv['upheld']}件。")
        return "规范依申请公开受理、审查、答复流程，严格按照法定时限答复。"

    def problems(self) -> str:
        return ("一是政策解读形式较为单一，图解、视频解读占比不高；二是基层政务公开工作人员业务能力有待提升。"
                "下一步，将加强业务培训，丰富解读形式，进一步提升政务公开质效。")

    def other_text(self) -> str:
        if not hasattr(self, "_other"):
            self._other = self._draw_other()
        return self._other

    def _draw_other(self) -> str:
        return self.rng.choice(["无。", f"{self.year}年，本机关未收取政府信息公开信息处理费。",
                                "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。"])

    # --- table label rows
    def req_rows(self) -> list[tuple[str, list[tuple[str, int, int]]]]:
        """(key, [(label, rowspan, colspan)]) in template order, with this report's label style."""
        t = self.template
        span = 22 if t == "gov-2021" else 20
        part = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        rows = [("new_received", [("一、本年新收政府信息公开申请数量", 1, 3)]),
                ("carried_over", [("二、上年结转政府信息公开申请数量", 1, 3)]),
                ("granted", [("三、本年度办理结果", span, 1), ("（一）予以公开", 1, 2)]),
                ("partially_granted", [(part, 1, 2)])]
        groups = [("（三）不予公开", ["属于国家秘密", "其他法律行政法规禁止公开", self.q("危及“三安全一稳定”"),
                                    "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷",
                                    "属于行政查询事项"]),
                  ("（四）无法提供", ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]),
                  ("（五）不予处理", ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                                    "要求行政机关确认或重新出具已获取信息"])]
        if t == "gov-2021":
            groups.append(("（六）其他处理", ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                                           "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"]))
        f = self.features
        if f.get("other_single"):
            groups = groups[:3]
            span -= 2
            rows[2] = ("granted", [("三、本年度办理结果", span, 1), ("（一）予以公开", 1, 2)])
        if f.get("labels") == "typo":
            groups[0][1][1] = "其他法律行政止公开"
            groups[2][1][0] = "信访举报投拆类申请"
        elif f.get("labels") == "notes":
            rows[0] = ("new_received", [("一、本年新收政府信息公开申请数量（件）", 1, 3)])
            groups[1][1][0] = "本机关不掌握相关政府信息（含信息不存在）"
            if len(groups) > 3:
                groups[3][1][0] = "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请（件）"
        keys = iter(outcome_keys(t)[2:])
        for glabel, subs in groups:
            for j, lab in enumerate(subs):
                if f.get("group_repeat"):
                    cells = [(glabel, 1, 1)]
                else:
                    cells = [(glabel, len(subs), 1)] if j == 0 else []
                lab = self.typo(lab)
                leaf = lab if f.get("leaf_bare") else self.sub(j + 1) + lab
                rows.append((next(keys), cells + [(leaf, 1, 1)]))
        if f.get("other_single"):
            rows = [(k, c) for k, c in rows if not k.startswith("other.")]
        if t == "gov-2019" or f.get("other_single"):
            rows.append(("other", [("（六）其他处理", 1, 2)]))
        rows.append(("total_processed", [("（七）总计", 1, 2)]))
        rows.append(("carried_forward", [(self.typo("四、结转下年度继续办理"), 1, 3)]))
        for n, (key, cells) in enumerate(rows):
            if key in ("new_received", "carried_over", "granted", "partially_granted"):
                rows[n] = (key, cells[:-1] + [(self.typo(cells[-1][0]), *cells[-1][1:])])
        return rows

    def pro_blocks(self):
        """[(caption, [(header, colspan)], [(item, label, [(col, printed, colspan)])])] for table 二."""
        return [(cap, heads, [(item, self.typo(label), cols) for item, label, cols in items])
                for cap, heads, items in self._pro_blocks()]

    def _pro_blocks(self):
        p = self.pro_printed
        hb = self.hubei

        def cols(item, keys, spans):
            return [(k, p[item][k], s) for k, s in zip(keys, spans)]
        if self.template == "gov-2021":
            nd = "行政规范性文件"
            return [("第二十条第（一）项", [("信息内容", 1), ("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1)],
                     [("rules", "规章", cols("rules", ["issued", "repealed", "in_force"], [1, 1, 1])),
                      ("normative_docs", nd, cols("normative_docs", ["issued", "repealed", "in_force"], [1, 1, 1]))]),
                    ("第二十条第（五）项", [("信息内容", 1), ("本年处理决定数量", 3)],
                     [("admin_license", "行政许可", cols("admin_license", ["decisions"], [3]))]),
                    ("第二十条第（六）项", [("信息内容", 1), ("本年处理决定数量", 3)],
                     [("admin_penalty", "行政处罚", cols("admin_penalty", ["decisions"], [3])),
                      ("admin_coercion", "行政强制", cols("admin_coercion", ["decisions"], [3]))]),
                    ("第二十条第（八）项", [("信息内容", 1), ("本年收费金额（单位：万元）", 3)],
                     [("admin_fees", "行政事业性收费", cols("admin_fees", ["amount"], [3]))])]
        y = self.year
        prev = f"上一年项目数量（指{y - 1}年事项数）" if hb else "上一年项目数量"
        chg = f"本年增/减（指{y}年增加或减少的事项数，减用负值表示，如-8）" if hb else "本年增/减"
        dec = f"处理决定数量（指{y}年办件量）" if hb else "处理决定数量"
        rules = "规章（设区的市、自治州人民政府应提供相关数据）" if hb else "规章"
        nd = "规范性文件（行政机关制定发布的决定、公告等）" if hb else "规范性文件"
        oas = "其他对外管理服务事项（指行政许可以外的政务服务事项）" if hb else "其他对外管理服务事项"
        sh = self.style == "shanghai"
        three = ["prev_items", "change", "decisions"]
        return [("第二十条第（一）项", [("信息内容", 1), ("本年新<br/>制作数量", 1), ("本年新<br/>公开数量", 1), ("对外公开总数量", 2 if sh else 1)],
                 [("rules", rules, cols("rules", ["new_made", "new_published", "total_published"], [1, 1, 2 if sh else 1])),
                  ("normative_docs", nd, cols("normative_docs", ["new_made", "new_published", "total_published"], [1, 1, 2 if sh else 1]))]),
                ("第二十条第（五）项", [("信息内容", 1), (prev, 1), (chg, 1), (dec, 2 if sh else 1)],
                 [("admin_license", "行政许可", cols("admin_license", three, [2, 1, 1] if sh else [1, 1, 1])),
                  ("other_admin_services", oas, cols("other_admin_services", three, [2, 1, 1] if sh else [1, 1, 1]))]),
                ("第二十条第（六）项", [("信息内容", 1), (prev, 1), (chg, 1), (dec, 2 if sh else 1)],
                 [("admin_penalty", "行政处罚", cols("admin_penalty", three, [1, 2, 1] if sh else [1, 1, 1])),
                  ("admin_coercion", "行政强制", cols("admin_coercion", three, [1, 2, 1] if sh else [1, 1, 1]))]),
                ("第二十条第（八）项", [("信息内容", 1), (prev, 2 if sh else 1), (chg, 2)],
                 [("admin_fees", "行政事业性收费", cols("admin_fees", ["prev_items", "change"], [2 if sh else 1, 2]))]),
                ("第二十条第（九）项", [("信息内容", 1), ("采购项目数量", 2 if sh else 1), ("采购总金额", 2)],
                 [("central_procurement", "政府集中采购", cols("central_procurement", ["items", "amount"], [2 if sh else 1, 2]))])]

    # --- truth
    def truth(self, script: str = "simplified") -> dict:
        t = {
            "schema_version": "1",
            "report": {"title": self.title, "agency": self.agency, "agency_aliases": self.aliases, "year": self.year,
                       "template": self.template, "script": script},
            "sections": [{"key": k, "number": i + 1, "heading": h} for i, (k, h) in enumerate(zip(SECTION_KEYS, self.headings))],
            "tables": {"proactive_disclosure": {"values": self.truth_pro},
                       "requests": {"values": self.truth_req},
                       "review_litigation": {"values": self.review}},
            "expected_failing_rules": self.failing,
            "inferable": self.inferable,
            "origin": "synthetic", "form": self.form, "style": self.style, "damage": self.damage,
            "notes": self.notes + [f"title form {self.title_form}; ordinal {self.ordinal}; quotes {self.quote}"],
        }
        if self.features:
            t["features"] = dict(self.features)
        return t


def arrange(r: Report, para, overview: list, pro: list, req: list, rev: list, sign: list = ()) -> list:
    """Section headings, narrative and the three tables in the report's order (feature `order`); `para`
    renders one paragraph, the other arguments are rendered already."""
    h = r.headings
    pro = list(pro) + [para(x) for x in r.item_lines()]
    order = r.features.get("order", "in_sections")
    if order == "in_sections":
        return [para(h[0]), *overview, para(h[1]), *pro, para(h[2]), *req, para(h[3]), *rev,
                para(h[4]), para(r.problems()), para(h[5]), para(r.other_text()), *sign]
    caps = r.captions()
    tables = ([para(r.appendix_line)] if r.appendix_line else []) + [
        para(caps[0]), *pro, para(caps[1]), *req, para(caps[2]), *rev]
    out = [para(h[0]), *overview, para(h[1]), para(r.table_notes[0]), para(h[2]), para(r.table_notes[1]),
           para(h[3]), para(r.table_notes[2]), para(h[4]), para(r.problems())]
    if order == "in_five":
        return out + tables + [para(h[5]), para(r.other_text()), *sign]
    return out + [para(h[5]), para(r.other_text()), *sign] + tables


# ---------------------------------------------------------------- HTML
def td(text, rs=1, cs=1):
    return mhf.td(text, rs, cs)


def br_label(label: str, rng: random.Random, on: bool) -> str:
    if not on or len(label) < 10:
        return label
    k = rng.randint(4, len(label) - 3)
    return label[:k] + "<br/>" + label[k:]


def html_requests(r: Report, split: bool = False, linebreaks: bool = False) -> list[str]:
    rng = r.rng
    sub = r.subtotal
    cs = 8 if sub else 7
    f = r.features
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    c1 = {"note": td(corner, 3, 3), "empty": td("", 3, 3), "split": td(corner, 2, 3)}[f.get("corner", "note")]
    c3 = td("", 1, 3) if f.get("corner") == "split" else ""
    second = f.get("total_head") == "second_row"
    head = ("<tr>" + c1 + td("申请人情况", 1, cs) + "</tr>"
            "<tr>" + td("自然人", 2) + td("法人或其他组织", 1, 6 if sub else 5) + (td("") if second else td("总计", 2)) + "</tr>"
            "<tr>" + c3 + td("商业<br/>企业") + td("科研<br/>机构") + td("社会公益组织") + td("法律服务<br/>机构") + td("其他")
            + (td("小计") if sub else "") + (td("总计") if second else "") + "</tr>")
    body = []
    for key, labels in r.req_rows():
        cells = "".join(td(br_label(t, rng, linebreaks), rs, cs_) for t, rs, cs_ in labels)
        pv = {c: v.replace("\n", "<br/>") for c, v in r.printed[key].items()}
        vals = [pv[c] for c in COLS6]
        if sub:
            vals.append(fmt(sum((r.req.get(key) or r.truth_req[key])[c] for c in COLS6[1:]), r.comma))
        vals.append(pv["total"])
        cells += "".join(td(x) for x in vals)
        body.append(f"<tr>{cells}</tr>")
    tb = '<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;"><tbody>'
    if split:  # two <table>s: the break falls inside （三）不予公开? no: before （四） so group spans stay whole
        cut = next(i for i, (k, _) in enumerate(r.req_rows()) if k == "unavailable.not_held")
        # the 三、 label's rowspan must be cut too: first part keeps its rows, the second repeats nothing
        rows1 = body[:cut]
        rows2 = body[cut:]
        span = 22 if r.template == "gov-2021" and not r.features.get("other_single") else 20
        first = span - (len(body) - cut - 1)  # rows of 三、 in the first part
        rows1[2] = rows1[2].replace(f'rowspan="{span}"', f'rowspan="{first}"')
        rows2 = [rows2[0].replace("<tr>", "<tr>" + td("三、本年度办理结果（续）", span - first, 1), 1)] + rows2[1:]
        return [tb + head + "".join(rows1) + "</tbody></table>", tb + "".join(rows2) + "</tbody></table>"]
    return [tb + head + "".join(body) + "</tbody></table>"]


def html_review(r: Report) -> str:
    heads = ["结果维持", "结果<br/>纠正", "其他<br/>结果", "尚未<br/>审结", "总计"]
    r1 = td("行政复议", 1, 5) + td("行政诉讼", 1, 10)
    r2 = "".join(td(h, 2) for h in heads) + td("未经复议直接起诉", 1, 5) + td("复议后起诉", 1, 5)
    r3 = "".join(td(h) for h in heads) * 2
    r4 = "".join(td(r.rprinted[g][c]) for g in GROUPS for c in RCOLS)
    return f'<table border="1" cellspacing="0"><tbody><tr>{r1}</tr><tr>{r2}</tr><tr>{r3}</tr><tr>{r4}</tr></tbody></table>'


def html_proactive(r: Report) -> list[str]:
    width = 5 if r.style == "shanghai" else 4
    rows = []
    for caption, heads, items in r.grid_blocks():
        rows.append(f"<tr>{td(caption, 1, width)}</tr>")
        rows.append("<tr>" + "".join(td(h, 1, cs) for h, cs in heads) + "</tr>")
        for _k, label, cols in items:
            rows.append("<tr>" + td(label) + "".join(td(v, 1, cs) for _c, v, cs in cols) + "</tr>")
    return ['<table border="1" cellspacing="0" align="center"><tbody>' + "".join(rows) + "</tbody></table>"] if rows else []


def P(x: str) -> str:
    return f'<p style="text-indent: 2em;">{x}</p>'


def html_article(r: Report, split3: bool, linebreaks: bool) -> str:
    pre = P(r.preamble())  # the draws in the order they always had: preamble, overview, tables, 六, date
    overview = [P(f"<strong>{sh}</strong>{text}") if r.rng.random() < 0.5 else P(sh) + P(text) for sh, text in r.overview()]
    pro, req, rev = html_proactive(r), html_requests(r, split3, linebreaks), [html_review(r)]
    r.other_text()
    sign = f'<p style="text-align: right;">{r.agency}</p><p style="text-align: right;">{r.year + 1}年1月{r.rng.randint(10, 28)}日</p>'
    return "".join([pre] + arrange(r, P, overview, pro, req, rev, [sign]))


def html_page(r: Report, layout: str, split3: bool, linebreaks: bool, charset: str) -> str:
    site = r.agency if r.kind not in ("county_bureau", "city_bureau") else re.sub(r"(市|县).*$", r"\1人民政府", r.agency)
    art = html_article(r, split3, linebreaks)
    date = f"{r.year + 1}-0{r.rng.randint(1, 3)}-{r.rng.randint(10, 28)}"
    info = f'<div class="info">发布时间：{date}　来源：{r.agency}　浏览次数：{r.rng.randint(50, 3000)}</div>'
    h1 = f'<h1 class="title">{r.title}</h1>' if r.rng.random() < 0.8 else ""
    if layout == "trs":
        body = f'<div class="main"><div class="content">{h1}{info}<div class="TRS_Editor">{art}</div></div></div>'
    elif layout == "zoom":
        body = f'<div class="article">{h1}{info}<div id="zoom">{art}</div></div>'
    elif layout == "article_content":
        body = f'<div class="article">{h1}{info}<div class="article_content">{art}</div></div>'
    else:  # old layout tables
        side = "".join(f'<tr><td><a href="/l{j}/">{t}</a></td></tr>' for j, t in enumerate(["机构概况", "政策文件", "规划计划", "人事信息"]))
        body = (f'<table width="100%" class="layout"><tr><td width="180" valign="top"><table class="side">{side}</table></td>'
                f'<td valign="top"><table width="100%"><tr><td align="center"><b>{r.title}</b></td></tr>'
                f'<tr><td>{info}</td></tr><tr><td class="bt_content">{art}</td></tr></table></td></tr></table>')
    suffix = r.rng.choice(["_{}", " - {}", "|{}", "-{}门户网站"]).format(site)
    head = {"utf-8-meta": '<meta charset="utf-8">\n', "gbk-meta": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />\n',
            "gbk-none": "", "utf-8-none": ""}[charset]
    return mhf.page(r.title + suffix, head, body, site)


# ---------------------------------------------------------------- flattened text
def text_rows(r: Report):
    """Logical table rows as lists of cell strings (label cells first), per table, as a crawler sees them."""
    t2 = []
    for caption, heads, items in r.grid_blocks():
        t2.append([caption])
        t2.append([h.replace("<br/>", " ") for h, _ in heads])
        for _k, label, cols in items:
            t2.append([label] + [v.replace("&nbsp;", "\u00a0") for _c, v, _s in cols])
    t3 = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"], ["自然人", "法人或其他组织", "总计"],
          ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    for key, labels in r.req_rows():
        t3.append([lab for lab, _, _ in labels] + [r.printed[key][c].replace("\n", " ").replace("&nbsp;", "\u00a0")
                                                   for c in COLS])
    t4 = [["行政复议", "行政诉讼"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
          ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
          [r.rprinted[g][c].replace("&nbsp;", "\u00a0") for g in GROUPS for c in RCOLS]]
    return t2, t3, t4


def text_doc(r: Report, how: str) -> str:
    t2, t3, t4 = text_rows(r)

    def table(rows):
        if how == "pipe":
            return "\n".join(" | ".join(row) + " |" for row in rows)
        if how == "cellline":
            return "\n".join(c + " |" for row in rows for c in row)
        return "".join("".join(row) for row in rows)  # run together
    sep = "" if how == "run" else "\n"
    lines = [f"标题: {r.title}", f"发布机构: {r.agency}", "==================== 正文 ====================", r.preamble()]
    lines += arrange(r, lambda t: t.replace("&nbsp;", "\u00a0"), [sh + text for sh, text in r.overview()], [table(t2)] if t2 else [], [table(t3)], [table(t4)])
    if how == "run":
        return "\n".join(lines[:3]) + "\n" + "".join(lines[3:]) + "\n"
    return "\n".join(lines) + "\n"


def splits(s: str, n: int):
    """Every way to cut a digit string into n numbers without leading zeros."""
    if n == 1:
        if s and (s == "0" or s[0] != "0"):
            yield [int(s)]
        return
    for k in range(1, len(s) - n + 2):
        a = s[:k]
        if a != "0" and a[0] == "0":
            break
        for rest in splits(s[k:], n - 1):
            yield [int(a)] + rest


def run_together_truth(r: Report, stated: dict[str, int]) -> None:
    """Null every truth cell the run-together digits (with all identities and stated figures) leave open."""
    # table 三: per-row candidates under the row total, then the column identities across rows
    keys = request_keys(r.template)
    cands = {}
    for k in keys:
        digits = "".join(r.printed[k][c] for c in COLS)
        cs = [v for v in splits(digits, 7) if sum(v[:6]) == v[6]]
        st = stated.get(f"requests.{k}.total")
        cs = [v for v in cs if st is None or v[6] == st] or cs
        cands[k] = cs
    outcome = outcome_keys(r.template)
    amb = [k for k in keys if len(cands[k]) != 1]
    sols = []
    for combo in itertools.product(*[cands[k] for k in amb]) if amb else [()]:
        v = {k: cands[k][0] for k in keys if k not in amb}
        v.update(dict(zip(amb, combo)))
        ok = all(v["new_received"][j] + v["carried_over"][j] == v["total_processed"][j] + v["carried_forward"][j]
                 and v["total_processed"][j] == sum(v[k][j] for k in outcome) for j in range(7))
        if ok:
            sols.append(v)
    for k in keys:
        for j, c in enumerate(COLS):
            vals = {s[k][j] for s in sols}
            if len(vals) != 1:
                r.truth_req[k][c] = None
                if r.template == "gov-2021" and k.startswith("other."):
                    r.truth_req["other"][c] = None
                r.notes.append(f"run-together: requests.{k}.{c} not determined")
    # table 四: the 15 numbers in one run, three group totals
    digits = "".join(r.rprinted[g][c] for g in GROUPS for c in RCOLS)
    st = stated.get("review_litigation.review.total")
    sols4 = [v for v in splits(digits, 15) if all(sum(v[5 * i:5 * i + 4]) == v[5 * i + 4] for i in range(3))]
    sols4 = [v for v in sols4 if st is None or v[4] == st] or sols4
    for i, g in enumerate(GROUPS):
        for j, c in enumerate(RCOLS):
            if len({v[5 * i + j] for v in sols4}) != 1:
                r.review[g][c] = None
                r.notes.append(f"run-together: review_litigation.{g}.{c} not determined")
    # table 二: no identities; a row of several cells is determined where every split agrees
    for caption, heads, items in r.pro_blocks():
        for item, _label, cols in items:
            texts = [v for _c, v, _s in cols]
            opts = mixed_splits("".join(texts), len(cols))
            st = stated.get(f"proactive_disclosure.{item}.{cols[0][0]}")
            opts = [o for o in opts if st is None or o[0] == st] or opts
            for j, (c, _v, _s) in enumerate(cols):
                if len({o[j] for o in opts}) != 1:
                    r.truth_pro[item][c] = None
                    r.notes.append(f"run-together: proactive_disclosure.{item}.{c} not determined")


NUMBER = re.compile(r"([+-]?)(0|[1-9]\d*)(\.\d+)?(元|万元)?")


def mixed_splits(s: str, n: int) -> list[tuple]:
    """Every reading of a run of n printed numbers (signs, decimals, 元/万元 units), values in 万元 for 元."""
    out = []
    for cuts in itertools.combinations(range(1, len(s)), n - 1):
        parts = [s[a:b] for a, b in zip((0,) + cuts, cuts + (len(s),))]
        vals = []
        for p in parts:
            m = NUMBER.fullmatch(p)
            if not m:
                break
            v = float(m.group(2) + (m.group(3) or "")) if m.group(3) else int(m.group(2))
            v = -v if m.group(1) == "-" else v
            if m.group(4) == "元":
                v = round(v / 10000, 4)
            vals.append(v)
        else:
            out.append(tuple(vals))
    return out


# ---------------------------------------------------------------- PDF (Flat ODT via LibreOffice)
def fodt_body(r: Report, vertical: bool, rules_only: bool, filler_n: int) -> tuple[str, str]:
    Pp = lambda t, s="Body": f'<text:p text:style-name="{s}">{escape(t)}</text:p>'  # noqa: E731
    rules = r.features.get("rules", "rules" if rules_only else "grid")
    cell = {"grid": "TC", "rules": "TH", "three_line": "TN", "none": "TN"}[rules]
    # table 二
    cells, row = [], 0
    for caption, heads, items in r.grid_blocks():
        cells.append((row, 0, 1, 4, caption))
        c = 0
        for hd, cs in heads:
            cs = min(cs, 4 - c) if c < 4 else 1
            cells.append((row + 1, c, 1, cs if c + cs <= 4 else 4 - c, hd.replace("<br/>", "")))
            c += cs
        row += 2
        for _k, label, cols in items:
            cells.append((row, 0, 1, 1, label))
            c = 1
            for _c, v, cs in cols:
                span = 3 if len(cols) == 1 else (2 if len(cols) == 2 and _c == cols[-1][0] else 1)
                cells.append((row, c, 1, span, v.replace("&nbsp;", "\u00a0")))
                c += span
            row += 1
    c2, t2 = mpf.table_xml("T2", [4.6, 3.7, 3.7, 3.8], cells, row, cell=cell)
    rows2 = row
    # table 三
    f = r.features
    labw = [0.7, 1.7, 4.8] if vertical else [1.1, 1.7, 4.4]
    if f.get("label_after_values") == "middle":  # leaf labels over three lines, the numbers on the middle one
        labw[2] = 2.2
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    cells = [{"note": (0, 0, 3, 3, corner), "empty": (0, 0, 3, 3, ""), "split": (0, 0, 2, 3, corner)}[f.get("corner", "note")],
             (0, 3, 1, 7, "申请人情况"), (1, 3, 2, 1, "自然人"), (1, 4, 1, 5, "法人或其他组织"),
             (2, 9, 1, 1, "总计") if f.get("total_head") == "second_row" else (1, 9, 2, 1, "总计"),
             (2, 4, 1, 1, "商业企业"), (2, 5, 1, 1, "科研机构"), (2, 6, 1, 1, "社会公益组织"),
             (2, 7, 1, 1, "法律服务机构"), (2, 8, 1, 1, "其他")]
    row = 3
    for key, labels in r.req_rows():
        col = 0
        for lab, rs, cs in labels:
            if lab.startswith("三、"):
                col = 0
            elif lab.startswith("（") and cs == 2 or lab.startswith("（") and rs > 1:
                col = 1
            elif cs == 3:
                col = 0
            else:
                col = 2
            cells.append((row, col, rs, cs, lab))
        cells += [(row, 3 + j, 1, 1, r.printed[key][c].replace("&nbsp;", "\u00a0")) for j, c in enumerate(COLS)]
        row += 1
    c3, t3 = mpf.table_xml("T3", labw + [1.23] * 7, cells, row, cell=cell)
    if vertical:  # the merged 三、 label and the group labels set vertically (top to bottom)
        t3 = re.sub(r'table:style-name="TC"( table:number-rows-spanned="(?:20|22|8|5|3)" table:number-columns-spanned="1")', r'table:style-name="TV"\1', t3)
    if f.get("label_after_values") == "first":  # every cell of table 三 aligned to the top of its row
        t3 = t3.replace(f'table:style-name="{cell}"', f'table:style-name="{cell}T"')
    # table 四
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    cells = [(0, 0, 1, 5, "行政复议"), (0, 5, 1, 10, "行政诉讼"), (1, 5, 1, 5, "未经复议直接起诉"), (1, 10, 1, 5, "复议后起诉")]
    cells += [(1, i, 2, 1, hd) for i, hd in enumerate(heads)] + [(2, 5 + i, 1, 1, hd) for i, hd in enumerate(heads * 2)]
    cells += [(3, i, 1, 1, r.rprinted[g][c].replace("&nbsp;", "\u00a0")) for i, (g, c) in enumerate((g, c) for g in GROUPS for c in RCOLS)]
    c4, t4 = mpf.table_xml("T4", [1.05] * 15, cells, 4, cell=cell)
    extra = ('<style:style style:name="TV" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" '
             'fo:padding="0.04cm" style:vertical-align="middle" style:direction="ttb"/></style:style>'
             '<style:style style:name="TN" style:family="table-cell"><style:table-cell-properties fo:border="none" '
             'fo:padding="0.04cm" style:vertical-align="middle"/></style:style>'
             '<style:style style:name="TT" style:family="table-cell"><style:table-cell-properties fo:border-top="0.8pt solid #000000" '
             'fo:border-bottom="none" fo:border-left="none" fo:border-right="none" fo:padding="0.04cm"/></style:style>'
             '<style:style style:name="TB" style:family="table-cell"><style:table-cell-properties fo:border-bottom="0.8pt solid #000000" '
             'fo:border-top="none" fo:border-left="none" fo:border-right="none" fo:padding="0.04cm"/></style:style>')
    extra += "".join(  # top-aligned twins of the cell styles (label_after_values=first)
        f'<style:style style:name="{n}T" style:family="table-cell"><style:table-cell-properties {p} '
        f'fo:padding="0.04cm" style:vertical-align="top"/></style:style>'
        for n, p in (("TC", 'fo:border="0.5pt solid #000000"'), ("TN", 'fo:border="none"'),
                     ("TH", 'fo:border-top="0.5pt solid #000000" fo:border-bottom="0.5pt solid #000000" '
                            'fo:border-left="none" fo:border-right="none"')))
    if rules == "three_line":  # a rule above the table, one under its header, one at its end
        t2, t3, t4 = (three_line(t, n) for t, n in ((t2, 2), (t3, 3), (t4, 3)))
    if r.title_form in ("plain", "niandu") and r.rng.random() < 0.7:  # title over two lines
        k = r.title.index(str(r.year))
        title = [Pp(r.title[:k], "Title"), Pp(r.title[k:], "Title")]
    else:
        title = [Pp(r.title, "Title")]
    pre = Pp(r.preamble())
    overview = [Pp(sh + text + mpf.FILLER * filler_n) for sh, text in r.overview()]
    para = lambda t: Pp(t + mpf.FILLER if t == r.problems() else t.replace("&nbsp;", "\u00a0"))  # noqa: E731
    parts = title + [pre] + arrange(r, para, overview, [t2] if rows2 else [], [t3], [t4])
    return c2 + c3 + c4 + extra, "".join(parts)


def three_line(table: str, header_rows: int) -> str:
    """A borderless table's rows restyled: top rule on the first row, rules under the header and the last row."""
    head, *rows = table.split("<table:table-row>")
    out = []
    for i, row in enumerate(rows):
        style = "TT" if i == 0 else ("TB" if i in (header_rows - 1, len(rows) - 1) else "TN")
        out.append(re.sub(r'table:style-name="TNT?"', f'table:style-name="{style}"', row))
    return "<table:table-row>".join([head] + out)


def html_for_pdf(r: Report) -> str:
    body = f'<p align="center"><b>{r.title}</b></p>' + html_article(r, False, False)
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{r.title}</title></head><body style="font-family: \'Noto Sans CJK SC\'">{body}</body></html>'


# ---------------------------------------------------------------- the plan
def plan(rng: random.Random, n: int):
    """(form, style, damage, year, template) for each document."""
    out = []
    html_styles = ["trs", "zoom", "article_content", "oldtable"]
    charsets = ["utf-8-meta", "gbk-meta", "gbk-none", "utf-8-none"]
    for i in range(n):
        year = 2019 + i % 6
        template = "gov-2019" if year <= 2020 else "gov-2021"
        if i % 17 == 5 and year == 2022 or i % 23 == 3:
            template = "gov-2019" if year == 2022 else template
        if year == 2022 and i % 6 == 3 and i % 4 == 1:
            template = "gov-2019"
        if year == 2020 and i % 5 == 1:
            template = "gov-2021"
        k = i % 10
        form = ["html", "html", "html", "html", "pdf", "pdf", "pdf", "text", "text", "html_tw"][k]
        damage = ["none", "none", "blanks", "none", "broken", "none", "none", "none", "blanks", "none", "none", "broken"][i % 12]
        if form == "text":
            style = ["pipe", "cellline", "run"][(i // 10) % 3]
            if style == "run":
                damage = "none"
            if damage == "blanks":
                damage = "none"  # blanks in flattened text: positions are lost, keep those for HTML/PDF
        elif form == "pdf":
            style = ["fodt", "fodt_vertical", "docx", "html", "fodt_rules"][(i // 10) % 5]
        elif form == "html_tw":
            style = html_styles[(i // 10) % 4]
        else:
            style = html_styles[(i + i // 10) % 4]
            if template == "gov-2019" and i % 3 == 0:
                style = "shanghai"
        out.append((i, form, style, damage, year, template, charsets[(i // 3) % 4]))
    # force a few 2022 reports on gov-2019 and 2020 on gov-2021
    return out


def plan_wild(rng: random.Random, n: int):
    """Wild corpus: form and style drawn at random and independently of the wild features."""
    out = []
    charsets = ["utf-8-meta", "gbk-meta", "gbk-none", "utf-8-none"]
    for i in range(n):
        year = rng.randint(2019, 2024)
        template = "gov-2019" if year <= 2020 else "gov-2021"
        if rng.random() < 0.1:
            template = "gov-2019" if template == "gov-2021" else "gov-2021"
        form = rng.choice(["html", "html", "pdf", "pdf", "layout", "text"])
        damage = rng.choice(["none"] * 5 + ["broken"])
        if form == "text":
            style = rng.choice(["pipe", "cellline"])
        elif form in ("pdf", "layout"):
            style = rng.choice(["fodt", "fodt", "fodt_vertical", "docx"])
        else:
            style = rng.choice(["trs", "zoom", "article_content", "oldtable"])
        out.append((i, form, style, damage, year, template, rng.choice(charsets)))
    return out


def build(outdir: Path, seed: int, n: int, pdf: bool, wild: bool = False, typos: bool = False,
          misprints: bool = False) -> list[str]:
    outdir.mkdir(parents=True, exist_ok=True)
    made = []
    fodts: list[tuple[str, str, str]] = []  # (stem, text, kind)
    htmls_for_pdf: list[tuple[str, str]] = []
    import opencc
    tw = opencc.OpenCC("s2twp")
    layouts: list[str] = []  # PDFs whose pdfplumber layout text is the input
    for (i, form, style, damage, year, template, charset) in (plan_wild if wild else plan)(random.Random(seed), n):
        rng = random.Random(seed * 1000 + i)
        if form in ("pdf", "layout") and not pdf:
            continue
        size = rng.choice(["tiny", "small", "small", "big"]) if style == "run" else None
        r = Report(rng, i, year, template, form, style, damage, size, wild, seed * 1000 + i, typos, misprints)
        if wild and form in ("pdf", "layout"):
            r.features["rules"] = rng.choice(["grid", "rules", "three_line", "none"])
        stem = f"c{i:03d}_{form}_{style}_{template[4:]}_{year}" + ("" if damage == "none" else f"_{damage}")
        if form == "layout":
            layouts.append(stem)
        if form in ("html", "html_tw"):
            if style == "shanghai" or rng.random() < 0.25:
                r.subtotal = style != "shanghai" and rng.random() < 0.5
            split3 = rng.random() < 0.3
            lb = rng.random() < 0.4
            r.notes.append(f"charset {charset}; table 三 split: {split3}; label <br>: {lb}; 小计 column: {r.subtotal}")
            html = html_page(r, "trs" if style == "shanghai" else style, split3, lb, charset if form == "html" else "utf-8-meta")
            script = "simplified"
            if form == "html_tw":
                html = tw.convert(html)
                script = "traditional"
                data = html.encode("utf-8")
            else:
                data = html.encode("gbk" if charset.startswith("gbk") else "utf-8")
            (outdir / f"{stem}.html").write_bytes(data)
            truth = r.truth(script)
        elif form == "text":
            stated = {}
            if style == "run":
                # narrative figures the parser may use to fix splits
                for sh, text in r.overview():
                    m = re.search(r"收到政府信息公开申请(\d+)件", text)
                    if m:
                        stated["requests.new_received.total"] = int(m.group(1))
                    m = re.search(r"新收政府信息公开申请(\d+)件", text)
                    if m:
                        stated["requests.new_received.total"] = int(m.group(1))
                    m = re.search(r"办结政府信息公开申请(\d+)件", text)
                    if m:
                        stated["requests.total_processed.total"] = int(m.group(1))
                    m = re.search(r"行政复议(\d+)件", text)
                    if m:
                        stated["review_litigation.review.total"] = int(m.group(1))
                    m = re.search(r"制发行政规范性文件(\d+)件", text)
                    if m:
                        stated["proactive_disclosure.normative_docs.issued"] = int(m.group(1))
                r.comma = False
                r.printed = {k: {c: str(v) for c, v in row.items()} for k, row in r.req.items()}
                run_together_truth(r, stated)
            elif r.comma and style == "cellline":
                pass
            (outdir / f"{stem}.txt").write_text(text_doc(r, style), encoding="utf-8")
            truth = r.truth()
            truth["report"]["title"] = r.title
        else:
            if style == "html":
                htmls_for_pdf.append((stem, html_for_pdf(r)))
            else:
                cols, body = fodt_body(r, style == "fodt_vertical", style == "fodt_rules", rng.randint(1, 5))
                mpf.TITLE = r.title if rng.random() < 0.5 else ""
                text = mpf.fodt(lambda: (cols, body))
                fodts.append((stem, text, style))
            r.notes.append("PDF made by LibreOffice")
            truth = r.truth()
        (outdir / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        made.append(stem)
    if fodts or htmls_for_pdf:
        convert_all(outdir, fodts, htmls_for_pdf)
    for stem in layouts:  # the text `pdftotext -layout` would give (pdfplumber's layout mode), in place of the PDF
        import pdfplumber
        pdf_path = outdir / f"{stem}.pdf"
        with pdfplumber.open(pdf_path) as doc:
            text = "\f".join(page.extract_text(layout=True) or "" for page in doc.pages)
        (outdir / f"{stem}.txt").write_text(text, encoding="utf-8")
        pdf_path.unlink()
    return made


def soffice(args: list[str], tmp: str) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise SystemExit("LibreOffice (soffice) is needed for the PDF part (or pass --no-pdf)")
    subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{tmp}/profile", *args], check=True,
                   capture_output=True, timeout=900)


def convert_all(outdir: Path, fodts, htmls) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        direct, via_docx = [], []
        for stem, text, style in fodts:
            p = t / f"{stem}.fodt"
            p.write_text(text, encoding="utf-8")
            (via_docx if style == "docx" else direct).append(p)
        for stem, html in htmls:
            p = t / f"{stem}.html"
            p.write_text(html, encoding="utf-8")
            direct.append(p)
        if via_docx:
            (t / "docx").mkdir()
            soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(t / "docx"), *map(str, via_docx)], tmp)
            direct += sorted((t / "docx").glob("*.docx"))
        soffice(["--convert-to", "pdf", "--outdir", str(t / "pdf"), *map(str, direct)], tmp)
        for p in sorted((t / "pdf").glob("*.pdf")):
            shutil.copy(p, outdir / p.name)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir", nargs="?", default="/tmp/corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--wild", action="store_true", help="draw the features of reports in the wild (header variants, "
                    "blank zeros, label typos and notes, stacked cells, PDF rules, layout text) at random")
    ap.add_argument("--typos", action="store_true", help="also draw per document a wrong or missing character in "
                    "some row labels of tables 二 and 三 (feature `typos`; off: every earlier seed is unchanged)")
    ap.add_argument("--misprints", action="store_true", help="also draw per document one printed count one too high "
                    "(feature `misprint`: requests / review / no), on top of blanks, stacked cells and typos; off: every "
                    "earlier seed is unchanged")
    a = ap.parse_args()
    out = Path(a.outdir)
    if out.exists():
        for p in out.iterdir():
            if p.is_file():
                p.unlink()
    made = build(out, a.seed, a.n, not a.no_pdf, a.wild, a.typos, a.misprints)
    missing = [s for s in made if not any(out.glob(f"{s}.*[!n]")) and not list(out.glob(f"{s}.pdf"))]
    print(f"wrote {len(made)} documents to {out}" + (f"; missing inputs: {missing}" if missing else ""))


if __name__ == "__main__":
    main()
