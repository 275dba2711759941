"""`extractor audit`: findings across reports, from real records and copies of them with one thing planted."""
import copy
import json
import subprocess
import sys
from pathlib import Path

import extractor
from extractor.audit import agency_keys, audit, load_records

ROOT = Path(__file__).resolve().parents[1]


def _write(outdir: Path, records: list[dict]) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "reports.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


def _next_year(rec: dict, agency: str, path: str) -> dict:
    """The report of the following year as a consistent agency would print it: carried_over = last year's
    carried_forward, normative documents in force = last year's + issued − repealed."""
    d = copy.deepcopy(rec)
    d["source"]["path"], d["source"]["sha256"] = path, "0" * 63 + "1"
    d["report"]["year"] += 1
    d["report"]["agency"] = agency
    req = d["tables"]["requests"]["values"]
    req["carried_over"] = dict(rec["tables"]["requests"]["values"]["carried_forward"])
    nd = d["tables"]["proactive_disclosure"]["values"]["normative_docs"]
    nd["in_force"] = rec["tables"]["proactive_disclosure"]["values"]["normative_docs"]["in_force"] + nd["issued"] - nd["repealed"]
    return d


def test_agency_names_match_within_one_city():
    keys = agency_keys(["淮安市洪泽区人民政府", "洪泽区人民政府", "江苏省淮安市人民政府", "淮安市人民政府",
                        "南京市鼓楼区人民政府", "福州市鼓楼区人民政府", "鼓楼区人民政府", "淮安市市场监督管理局"])
    assert keys["洪泽区人民政府"] == keys["淮安市洪泽区人民政府"] == ("淮安市", "洪泽区人民政府")
    assert keys["江苏省淮安市人民政府"] == keys["淮安市人民政府"]
    assert keys["南京市鼓楼区人民政府"] != keys["福州市鼓楼区人民政府"]
    assert keys["鼓楼区人民政府"][0] is None  # two cities have a 鼓楼区: not guessed
    assert keys["淮安市市场监督管理局"] == (None, "淮安市市场监督管理局")


def test_a_consistent_series_has_no_break_and_a_planted_one_is_found(tmp_path, real_dir):
    y2024 = extractor.parse(real_dir / "pingtan_2024.html").to_dict()
    y2025 = _next_year(y2024, "福建省平潭综合实验区", "p2025.html")
    y2025["report"]["agency"] = "平潭综合实验区"
    good = audit(_recs(tmp_path / "good", [y2024, y2025]))
    assert [f.kind for f in good if f.kind.endswith("chain")] == []
    broken = copy.deepcopy(y2025)
    broken["tables"]["requests"]["values"]["carried_over"]["total"] += 5
    broken["tables"]["proactive_disclosure"]["values"]["normative_docs"]["in_force"] = 400
    found = audit(_recs(tmp_path / "bad", [y2024, broken]))
    carry = next(f for f in found if f.kind == "carry_chain")
    cf = y2024["tables"]["requests"]["values"]["carried_forward"]["total"]
    assert carry.years == [2024, 2025] and carry.agency == "平潭综合实验区"
    assert f"total: carried_forward 2024 = {cf}, carried_over 2025 = {cf + 5}" in carry.detail
    inforce = next(f for f in found if f.kind == "in_force_chain")
    assert "440 (2024) + " in inforce.detail and "but 2025 prints 400" in inforce.detail


def _recs(outdir: Path, records: list[dict]):
    _write(outdir, records)
    return load_records(outdir)


def test_duplicates_copies_gaps_and_conflicts_from_the_command_line(tmp_path, real_dir):
    """A batch with the same report twice (planted duplicate) and a legacy year far back (a gap)."""
    a, b = tmp_path / "in" / "a", tmp_path / "in" / "b"
    a.mkdir(parents=True), b.mkdir()
    data = (real_dir / "pingtan_2024.html").read_bytes()
    (a / "pingtan_2024.html").write_bytes(data)
    (b / "copy.html").write_bytes(data)
    (a / "old.txt").write_bytes((real_dir / "pingtan_2016_text.txt").read_bytes())
    out = tmp_path / "out"
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "extractor", "batch", str(tmp_path / "in"), "-o", str(out), "--workers", "1",
                    "--progress", "none"], env=env, check=True, timeout=300)
    p = subprocess.run([sys.executable, "-m", "extractor", "audit", str(out)], env=env, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
    doc = json.loads((out / "audit.json").read_text("utf-8"))
    kinds = {f["kind"]: f for f in doc["findings"]}
    assert set(kinds) == {"exact_duplicate", "gap"}
    assert sorted(Path(f).name for f in kinds["exact_duplicate"]["files"]) == ["copy.html", "pingtan_2024.html"]
    assert kinds["gap"]["years"] == list(range(2017, 2024)) and kinds["gap"]["agency"] == "平潭综合实验区"
    assert set(doc["findings"][0]) == {"kind", "agency", "years", "files", "detail"}
    assert "Exact duplicates" in (out / "audit.html").read_text("utf-8")


def test_same_content_other_issuer_conflicts_and_outliers(tmp_path, real_dir):
    base = extractor.parse(real_dir / "pingtan_2024.html").to_dict()
    other = copy.deepcopy(base)
    other["source"].update(path="other.html", sha256="f" * 64)
    other["report"]["agency"] = "某某县人民政府"  # the same report published under another issuer
    second = copy.deepcopy(base)
    second["source"].update(path="second.html", sha256="e" * 64)
    second["tables"]["requests"]["values"]["granted"]["total"] = 72  # one agency-year, a different figure
    found = audit(_recs(tmp_path / "o", [base, other, second]))
    same = next(f for f in found if f.kind == "same_content")
    assert "某某县人民政府" in same.agency and "other.html" in same.files
    conflict = next(f for f in found if f.kind == "conflicting_reports")
    assert conflict.years == [2024] and "requests.granted.total: 71 vs 72" in conflict.detail
    series = []
    for i, y in enumerate(range(2021, 2025)):
        d = copy.deepcopy(base)
        d["source"].update(path=f"s{y}.html", sha256=f"{i}" * 64)
        d["report"]["year"] = y
        d["tables"]["requests"]["values"]["carried_over"] = dict(d["tables"]["requests"]["values"]["carried_forward"])
        series.append(d)
    series[2]["tables"]["proactive_disclosure"]["values"]["admin_coercion"]["decisions"] = 65 * 150
    out = [f for f in audit(_recs(tmp_path / "s", series)) if f.kind == "outlier"]
    assert len(out) == 1 and out[0].years == [2023] and "admin_coercion.decisions = 9750" in out[0].detail
