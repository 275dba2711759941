"""`extractor review`: the page holds the values with their provenance, renders in headless Chromium."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from extractor.review import page_html

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/setup installs Debian's chromium when it runs as root)")
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}", *args],
                          capture_output=True, timeout=120)


def cli(*args):
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})


def test_pdf_page_values_provenance_boxes_and_crops(tmp_path, real_dir):
    page = tmp_path / "huaian.html"
    p = cli("review", real_dir / "huaian_2024.pdf", "-o", page)
    assert p.returncode == 0, p.stderr
    text = page.read_text("utf-8")
    assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text  # nothing fetched
    cell = re.search(r"<td id='c-requests-new_received-total'[^>]*>([^<]*)<span class='crop pg4'", text)
    assert cell and cell.group(1) == "3119"
    assert "from: cell" in re.search(r"id='c-requests-new_received-total'[^>]*title='([^']*)'", text).group(1)
    assert "<rect id='box-c-requests-new_received-total'" in text and "data:image/png;base64," in text
    assert re.search(r"<td id='c-requests-other-total' class='v inferred'[^>]*>187<", text)
    assert "Checks: 59 pass, 0 fail" in text
    shot = tmp_path / "huaian.png"
    r = chromium(tmp_path, "--window-size=1300,1500", f"--screenshot={shot}", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 50_000, r.stderr[-500:]
    from PIL import Image
    img = Image.open(shot).convert("L")
    assert img.size == (1300, 1500) and sum(1 for n in img.histogram() if n) > 50  # drawn, not a blank page
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout.decode()
    assert "3119" in dom and "本年新收政府信息公开申请数量" in dom


def test_failing_check_in_red_with_both_sides(real_dir):
    rec = extractor.parse(real_dir / "pingtan_2024.html").to_dict()
    req = rec["tables"]["requests"]["values"]
    req["granted"]["total"] += 1  # as a misprinted total would be
    rec["checks"].append({"rule": "requests.row_total", "row": "granted", "ok": False, "expected": 71,
                          "actual": 72, "message": "total = natural_person + … + other_org"})
    text = page_html(rec)
    assert "<li class='bad'><b>requests.row_total</b> granted" in text and "one side 71, the other 72" in text
    assert re.search(r"id='c-requests-granted-total' class='v[^']*fail'", text)
    assert re.search(r"id='c-requests-granted-natural_person' class='v[^']*fail'", text)


def test_batch_index_with_filters(tmp_path, real_dir):
    out = tmp_path / "out"
    cli("batch", real_dir / "pingtan_2024.html", real_dir / "pingtan_2016_text.txt", ROOT / "fixtures/pdf/encrypted.pdf",
        "-o", out, "--workers", "1", "--progress", "none")
    p = cli("review", out)
    assert p.returncode == 0, p.stderr
    index = (out / "review" / "index.html").read_text("utf-8")
    for sel in ("id='ft'", "id='fy'", "id='fr'", "id='fm'"):
        assert sel in index
    assert index.count("<tr class='r'") == 3 and "pdf_encrypted" in index
    assert (out / "review" / "pingtan_2024.html").exists()
    legacy = json.loads((out / "pingtan_2016_text.json").read_text("utf-8"))
    assert legacy["report"]["template"] == "legacy"
    dom = chromium(tmp_path, "--dump-dom", (out / "review" / "index.html").as_uri()).stdout.decode()
    assert re.search(r"<span id=\"n\">3</span>", dom)  # the filter script ran: 3 of 3 shown
