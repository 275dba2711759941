"""The real Pingtan page altered the way other CMS pages differ: extra columns, split tables,
blank cells, broken identities. Every variant must still read right, or say what it cannot read."""
import copy

import pytest
from bs4 import BeautifulSoup

import extractor
from conftest import cells, truth


@pytest.fixture(scope="module")
def page(real_dir):
    return BeautifulSoup((real_dir / "pingtan_2024.html").read_bytes(), "lxml")


def requests_table(soup):
    return soup.select("div.TRS_Editor table")[1]


def parse(soup):
    return extractor.parse(str(soup).encode("utf-8")).to_dict()


def value_cells(tr):
    return [td for td in tr.find_all("td") if td.get_text(strip=True).replace(".", "").isdigit()]


def test_extra_subtotal_column_is_ignored(page):
    soup = copy.copy(page)
    rows = requests_table(soup).find_all("tr")
    rows[0].find_all("td")[1]["colspan"] = "8"
    rows[1].find_all("td")[1]["colspan"] = "6"
    sub = soup.new_tag("td")
    sub.string = "小计"
    rows[2].append(sub)
    for tr in rows[3:]:
        vals = value_cells(tr)
        extra = soup.new_tag("td")
        extra.string = str(sum(int(v.get_text(strip=True)) for v in vals[1:6]))
        vals[5].insert_after(extra)
    out = parse(soup)
    t = truth("pingtan_2024")
    assert [(r, c) for tb, r, c, v in cells(t["tables"]) if out["tables"][tb]["values"][r][c] != v] == []


def test_table_split_into_pieces_without_header(page):
    soup = copy.copy(page)
    table = requests_table(soup)
    rows = table.find_all("tr")
    second = soup.new_tag("table")
    body = soup.new_tag("tbody")
    second.append(body)
    for tr in rows[14:]:  # from （三）4. on: the continuation has no header
        body.append(tr.extract())
    rows[5].find("td")["rowspan"] = "9"
    table.insert_after(second)
    out = parse(soup)
    t = truth("pingtan_2024")
    wrong = [(r, c) for tb, r, c, v in cells(t["tables"]) if out["tables"][tb]["values"][r][c] != v]
    assert wrong == []


def test_blank_cells_are_confirmed_or_inferred(page):
    soup = copy.copy(page)
    rows = requests_table(soup).find_all("tr")
    granted = value_cells(rows[5])  # （一）予以公开 71 0 0 0 0 0 71
    granted[-1].string = "\xa0"  # a blank total: solved from the row identity
    granted[2].string = "-"  # a blank zero: confirmed by its identities
    out = parse(soup)
    req = out["tables"]["requests"]
    assert req["values"]["granted"]["total"] == 71
    assert req["provenance"]["granted"]["total"]["from"] == "inferred"
    assert req["values"]["granted"]["research"] == 0
    assert req["provenance"]["granted"]["research"]["from"] == "blank_cell"
    assert all(c["ok"] is True for c in out["checks"] if not c["rule"].startswith("narrative."))


def test_broken_identity_is_reported_and_printed_values_kept(page):
    soup = copy.copy(page)
    rows = requests_table(soup).find_all("tr")
    value_cells(rows[5])[0].string = "72"  # natural persons granted: 71 printed as 72
    out = parse(soup)
    assert out["tables"]["requests"]["values"]["granted"]["natural_person"] == 72
    failed = {(c["rule"], c.get("column") or c.get("row")) for c in out["checks"] if c["ok"] is False}
    assert ("requests.row_total", "granted") in failed
    assert ("requests.total_processed", "natural_person") in failed
    assert ("requests.balance", "natural_person") not in failed
    assert any(i["code"] == "identity_failed" for i in out["issues"])


def test_review_header_and_numbers_in_separate_pieces(page):
    soup = copy.copy(page)
    table = soup.select("div.TRS_Editor table")[2]
    rows = table.find_all("tr")
    numbers = soup.new_tag("table")
    numbers.append(rows[-1].extract())
    table.insert_after(numbers)
    out = parse(soup)
    t = truth("pingtan_2024")
    got = out["tables"]["review_litigation"]["values"]
    assert got == t["tables"]["review_litigation"]["values"]
    assert not [i for i in out["issues"] if i["code"].startswith("review_")]


def test_requests_header_alone_before_its_rows(page):
    soup = copy.copy(page)
    table = requests_table(soup)
    rows = table.find_all("tr")
    header = soup.new_tag("table")
    for tr in rows[:3]:
        header.append(tr.extract())
    table.insert_before(header)
    out = parse(soup)
    t = truth("pingtan_2024")
    wrong = [(r, c) for tb, r, c, v in cells(t["tables"]) if out["tables"][tb]["values"][r][c] != v]
    assert wrong == []
