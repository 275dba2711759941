"""Tables rebuilt from flattened text: run-together digits, pipe rows, one cell per line; and the seed."""
import pytest
from bs4 import BeautifulSoup

import extractor
from extractor.splits import split_digits
from conftest import FIXTURES, cells, truth

# 「行政规范性文件6233440」: the text states 62 issued, which fixes the first cell; 33440 still splits 4 ways
AMBIGUOUS = {("proactive_disclosure", "normative_docs", c) for c in ("repealed", "in_force")}


def flatten_html(html: bytes, cell_sep: str, row_end: str) -> bytes:
    """Render a CMS page to text the way mirrors do: paragraphs as lines, table cells joined by separators."""
    soup = BeautifulSoup(html, "lxml")
    body = soup.select_one("div.TRS_Editor")
    lines = []
    for el in body.find_all(["p", "tr"], recursive=True):
        if el.name == "p" and el.find_parent("table") is None:
            lines.append(el.get_text("", strip=True))
        elif el.name == "tr":
            tds = [td.get_text("", strip=True).replace("\xa0", "") for td in el.find_all(["td", "th"])]
            lines.append(cell_sep.join(tds) + row_end)
    return "\n".join(lines).encode("utf-8")


def test_split_digits_needs_a_unique_split():
    row_total = lambda v: sum(v[:6]) == v[6]
    assert split_digits("21710000218", [(7, row_total)]) == [[217, 1, 0, 0, 0, 0, 218]]
    assert split_digits("000", [(3, None)]) == [[0, 0, 0]]
    assert len(split_digits("6233440", [(3, None)])) == 2  # 6|2|33440, 6|23|3440 …: ambiguous
    group = lambda v: sum(v[:4]) == v[4]
    assert split_digits("21317000001324019", [(5, group)] * 3) == [[2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]]


def test_crawler_text_with_run_together_digits(real_dir):
    out = extractor.parse(real_dir / "pingtan_2024_text.txt").to_dict()
    t = truth("pingtan_2024_text")
    for tb, r, c, v in cells(t["tables"]):
        got = out["tables"][tb]["values"][r][c]
        assert got == (None if (tb, r, c) in AMBIGUOUS else v), (tb, r, c)
    issues = [i for i in out["issues"] if i["code"] == "ambiguous_digits"]
    assert len(issues) == 1 and "6233440" in issues[0]["message"]
    assert all(c["ok"] is not False for c in out["checks"])
    assert out["tables"]["requests"]["provenance"]["new_received"]["total"]["from"] == "cell"
    issued = out["tables"]["proactive_disclosure"]["provenance"]["normative_docs"]["issued"]
    assert issued["from"] == "cell" and issued["rule"].startswith("split fixed")


@pytest.mark.parametrize("sep,end", [(" | ", " |"), ("\n", " |"), (" | ", ""), ("\n\n", ""), ("\t", ""), ("  ", "")])
def test_mirror_flattened_pipe_rows(real_dir, sep, end):
    text = flatten_html((real_dir / "pingtan_2024.html").read_bytes(), sep, end)
    out = extractor.parse(text).to_dict()
    t = truth("pingtan_2024")
    wrong = [(tb, r, c) for tb, r, c, v in cells(t["tables"]) if out["tables"][tb]["values"][r][c] != v]
    assert wrong == []
    assert all(c["ok"] is True for c in out["checks"] if not c["rule"].startswith("narrative."))


def test_seed_is_as_the_issue_describes():
    out = extractor.parse(FIXTURES / "text" / "seed_wujiang_2020_traditional.txt").to_dict()
    assert [s["key"] for s in out["sections"]] == ["overview", "proactive_disclosure", "requests",
                                                   "review_litigation", "problems", "other"]
    rep = out["report"]
    assert (rep["template"], rep["year"], rep["script"]) == ("gov-2019", 2020, "traditional")
    assert rep["agency"] == "苏州市吴江区"
    codes = {i["code"]: i["where"] for i in out["issues"]}
    assert codes.get("table_emptied") == "requests"
    filled = [(tb, r, c, v) for tb, r, c, v in cells(out["tables"]) if v is not None]
    assert filled == [("requests", "new_received", "total", 305), ("review_litigation", "review", "corrected", 1)]
    prov = out["tables"]["requests"]["provenance"]["new_received"]["total"]
    assert prov["from"] == "text" and "305" in prov["phrase"]
    facts = {f["key"]: f["value"] for f in out["narrative_facts"]}
    assert facts["text.litigation.corrected"] == 2  # 行政诉讼败诉 2 件: no single litigation group
    assert not [c for c in out["checks"] if c["ok"] is False]


def test_pdftotext_layout_of_the_real_pdf(real_dir):
    """fixtures/text/huaian_2024_layout.txt is `pdftotext -layout huaian_2024.pdf`: vertical labels
    (三、本年度办理结果, （六）其他处理) interleave with the rows, page numbers sit between them."""
    out = extractor.parse(FIXTURES / "text" / "huaian_2024_layout.txt").to_dict()
    t = truth("huaian_2024")
    assert [(r, c) for tb, r, c, v in cells(t["tables"]) if out["tables"][tb]["values"][r][c] != v] == []
    assert all(c["ok"] is True for c in out["checks"])
    assert [s["key"] for s in out["sections"]] == [s["key"] for s in t["sections"]]
    assert (out["report"]["agency"], out["report"]["year"]) == ("淮安市人民政府", 2024)


def test_image_in_place_of_a_table(real_dir):
    html = (real_dir / "pingtan_2024.html").read_bytes().decode("utf-8")
    start = html.index("<table", html.index("三、收到和处理政府信息公开申请情况"))
    end = html.index("</table>", start) + len("</table>")
    out = extractor.parse((html[:start] + '<p><img src="/upload/table3.png" alt=""></p>' + html[end:]).encode()).to_dict()
    assert {i["code"]: i["where"] for i in out["issues"]}.get("table_is_image") == "requests"
    req = out["tables"]["requests"]
    filled = [(r, c, v) for r, cols in req["values"].items() for c, v in cols.items() if v is not None]
    assert filled == [("total_processed", "total", 218)]  # 全年办理政府信息公开申请218件, from the text
    assert req["provenance"]["total_processed"]["total"]["from"] == "text"
    assert out["tables"]["review_litigation"]["values"]["review"]["total"] == 7


def _pipe_text(real_dir, edit_row):
    """The real page flattened to pipe rows, one row of table 三 edited as mirrors do."""
    text = flatten_html((real_dir / "pingtan_2024.html").read_bytes(), " | ", " |").decode("utf-8")
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if "（一）予以公开" in line)
    lines[i] = edit_row(lines[i])
    return "\n".join(lines).encode("utf-8")


def test_dropped_empty_cells_placed_by_the_identities(real_dir):
    # 「（一）予以公开 | 71 | 0 | 0 | 0 | 0 | 0 | 71 |」 printed as 「… | 71 | 71 |」: the column identities
    # (every other row complete) leave one place for 71
    text = _pipe_text(real_dir, lambda line: line.replace(" | 0", ""))
    out = extractor.parse(text).to_dict()
    req = out["tables"]["requests"]
    assert req["values"]["granted"] == {"natural_person": 71, "commercial": 0, "research": 0, "social_welfare": 0,
                                        "legal_service": 0, "other_org": 0, "total": 71}
    assert req["provenance"]["granted"]["commercial"]["from"] == "blank_cell"
    assert req["provenance"]["granted"]["total"]["from"] == "cell"
    assert all(c["ok"] is True for c in out["checks"] if not c["rule"].startswith("narrative."))


def test_dropped_cells_that_fit_nowhere_are_not_placed(real_dir):
    # 「… | 71 |」 alone: no place for one 71 satisfies the row identity, so the printed row is not used;
    # every cell of it is still the only unknown of its column identity and is solved from there
    text = _pipe_text(real_dir, lambda line: line.replace(" | 0", "").replace(" | 71 |", " |", 1))
    out = extractor.parse(text).to_dict()
    req = out["tables"]["requests"]
    assert req["values"]["granted"]["natural_person"] == 71 and req["values"]["granted"]["commercial"] == 0
    assert {p["from"] for p in req["provenance"]["granted"].values()} == {"inferred"}
    assert any(i["code"] == "ambiguous_row" and "granted" in i["message"] for i in out["issues"])


def test_blank_cells_in_pipe_rows(real_dir):
    text = _pipe_text(real_dir, lambda line: line.replace(" | 0", " | "))
    out = extractor.parse(text).to_dict()
    req = out["tables"]["requests"]
    assert req["values"]["granted"]["research"] == 0
    assert req["provenance"]["granted"]["research"]["from"] == "blank_cell"
    assert req["values"]["granted"]["total"] == 71


def test_garbled_row_labels_take_the_runs_in_template_order(real_dir):
    text = (real_dir / "pingtan_2024_text.txt").read_text("utf-8")
    text = text.replace("3.危及“三安全一稳定”", "3.##乱码##").replace("2.重复申请", "2.重@申#")
    out = extractor.parse(text.encode("utf-8")).to_dict()
    t = truth("pingtan_2024_text")
    wrong = [(tb, r, c) for tb, r, c, v in cells(t["tables"])
             if tb == "requests" and out["tables"][tb]["values"][r][c] != v]
    assert wrong == []
    assert out["tables"]["requests"]["values"]["not_processed.repeated"]["total"] == 1
    missing = [i["message"] for i in out["issues"] if i["code"] == "row_label_missing"]
    assert len(missing) == 2 and "not_processed.repeated" in missing[1]
