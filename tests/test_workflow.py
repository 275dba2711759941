"""The researcher's workflow on the command line: conventions, batches that add up, a panel to analyse."""
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd

import extractor

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def run(*args, stdin=b""):
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], input=stdin, capture_output=True,
                          cwd=ROOT, env=env, timeout=300)


def test_version_and_help_name_formats_and_flags():
    p = run("--version")
    assert p.returncode == 0 and p.stdout.decode().strip() == f"extractor {extractor.__version__}"
    h = run("parse", "--help").stdout.decode()
    for word in ("--format", "json", "csv", "md", "table,row,column,value,from,confirmed,page", "-o", "@-", "exit status"):
        assert word in h, word
    for cmd in ("batch", "export", "audit", "review", "schema", "normalize"):
        p = run(cmd, "--help")
        assert p.returncode == 0 and b"-q, --quiet" in p.stdout, cmd
    assert b"dta" in run("export", "--help").stdout and b"--replace" in run("batch", "--help").stdout
    from extractor.cli import build_parser
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():  # every flag and argument says what it does
        assert all(a.help for a in parser._actions), name
    bad = run("parse", "--format", "xml", "x.pdf")
    assert bad.returncode == 2 and bad.stderr.decode().startswith("extractor parse: error:")
    assert len(bad.stderr.decode().strip().splitlines()) == 1


def test_parse_to_stdout_json_jsonl_csv_md(tmp_path, real_dir):
    html = real_dir / "pingtan_2024.html"
    p = run("parse", html)
    assert p.returncode == 0 and p.stderr == b""
    rec = json.loads(p.stdout)
    assert rec["tables"]["requests"]["values"]["new_received"]["total"] == 218
    two = run("parse", html, real_dir / "pingtan_2016_text.txt").stdout.decode().splitlines()
    assert len(two) == 2 and json.loads(two[1])["report"]["template"] == "legacy"
    c = run("parse", "--format", "csv", real_dir / "huaian_2024.pdf")
    rows = list(csv.DictReader(io.StringIO(c.stdout.decode())))
    assert list(rows[0]) == ["table", "row", "column", "value", "from", "confirmed", "page"]
    cell = next(r for r in rows if (r["table"], r["row"], r["column"]) == ("requests", "new_received", "total"))
    assert cell["value"] == "3119" and cell["from"] == "cell" and cell["page"] == "4"
    both = tmp_path / "both.csv"
    assert run("parse", "--format", "csv", html, real_dir / "huaian_2024.pdf", "-o", both).returncode == 0
    rows = list(csv.DictReader(open(both, encoding="utf-8")))
    assert {Path(r["file"]).name for r in rows} == {"pingtan_2024.html", "huaian_2024.pdf"}
    md = run("parse", "--format", "md", html).stdout.decode()
    assert "## 三、收到和处理政府信息公开申请情况" in md and "| 本年新收政府信息公开申请数量 | 217 | 1 |" in md
    q = run("-q", "parse", FIXTURES / "pdf" / "encrypted.pdf")
    assert q.returncode == 1 and q.stderr == b""  # quiet: no per-file line, the exit status says it


def test_bad_output_and_list_files_are_one_line_usage_errors(tmp_path, real_dir):
    html = real_dir / "pingtan_2024.html"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for out in (blocker / "sub", "/proc/no/such/dir/x.json"):
        p = run("parse", html, "-o", out)
        err = p.stderr.decode()
        assert p.returncode == 2 and err.startswith("extractor parse: cannot write") and len(err.splitlines()) == 1
    p = run("batch", f"@{tmp_path / 'missing.txt'}", "-o", tmp_path / "o")
    assert p.returncode == 2 and "cannot read the list file" in p.stderr.decode() and b"Traceback" not in p.stderr
    binary = tmp_path / "list.bin"
    binary.write_bytes(b"\x00\x01\xff\xfe")
    p = run("parse", f"@{binary}")
    assert p.returncode == 2 and len(p.stderr.decode().splitlines()) == 1
    odd = tmp_path / "odd.txt"  # a list with a BOM, CRLF and a name that is not UTF-8
    odd.write_bytes(b"\xef\xbb\xbf" + str(html).encode() + b"\r\n" + str(tmp_path).encode() + b"/caf\xe9.pdf\r\n")
    p = run("parse", f"@{odd}", "-o", tmp_path / "out")
    err = p.stderr.decode()
    assert p.returncode == 1 and len(err.splitlines()) == 1 and "caf\\xe9.pdf: unreadable_file" in err
    assert (tmp_path / "out" / "pingtan_2024.json").exists()


def test_two_batches_add_up_and_failures_are_named(tmp_path, real_dir):
    out = tmp_path / "out"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes((real_dir / "huaian_2024.pdf").read_bytes()[:3000])
    p = run("batch", real_dir / "pingtan_2024.html", broken, "-o", out, "--workers", "1", "--progress", "none")
    assert p.returncode == 1
    listed = f"{real_dir / 'huaian_2024.pdf'}\n{real_dir / 'pingtan_2016_text.txt'}\n".encode()
    p = run("batch", "@-", "-o", out, "--workers", "1", "--progress", "none", stdin=listed)
    assert p.returncode == 1, p.stderr  # the first run's broken file is still part of the folder
    names = sorted(x.name for x in out.glob("*.json"))
    assert names == ["broken.json", "huaian_2024.json", "pingtan_2016_text.json", "pingtan_2024.json"]
    assert len((out / "reports.jsonl").read_text("utf-8").splitlines()) == 4
    fails = list(csv.DictReader(open(out / "failures.csv", encoding="utf-8")))
    assert [(f["path"], f["status"], f["code"]) for f in fails] == [(str(broken), "failed", "pdf_unreadable")]
    db = sqlite3.connect(out / "reports.sqlite")
    assert db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 4
    v, t = db.execute("SELECT c.value, typeof(c.value) FROM cells c JOIN reports r USING (report_id) WHERE "
                      "r.path LIKE '%huaian_2024.pdf' AND table_name='requests' AND row_key='new_received' "
                      "AND column_key='total'").fetchone()
    assert (v, t) == (3119, "integer")
    h = dict(db.execute("SELECT h.key, h.value FROM harmonized h JOIN reports r USING (report_id) "
                        "WHERE r.path LIKE '%pingtan_2016_text.txt'").fetchall())
    assert h["requests.new_received.total"] == 0 and h["review_litigation.review.total"] == 0  # the 2016 table
    assert db.execute("SELECT COUNT(*) FROM harmonized h JOIN reports r USING (report_id) WHERE r.template = "
                      "'gov-2021' AND h.key = 'requests.new_received.total' AND h.value = 3119").fetchone()[0] == 1
    db.close()
    # --replace mirrors exactly the inputs named
    p = run("batch", real_dir / "pingtan_2024.html", "-o", out, "--replace", "--workers", "1", "--progress", "none")
    assert p.returncode == 0
    assert sorted(x.name for x in out.glob("*.json")) == ["pingtan_2024.json"]
    assert list(csv.DictReader(open(out / "failures.csv", encoding="utf-8"))) == []


def test_skipped_and_links_are_named_in_failures(tmp_path, real_dir):
    d = tmp_path / "in"
    d.mkdir()
    (d / "r.html").write_bytes((real_dir / "pingtan_2024.html").read_bytes())
    (d / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    os.symlink(tmp_path / "nowhere.pdf", d / "dangling.pdf")
    os.symlink(d, d / "loop")
    run("batch", d, "-o", tmp_path / "o", "--workers", "1", "--progress", "none")
    got = {(Path(f["path"]).name, f["status"], f["code"])
           for f in csv.DictReader(open(tmp_path / "o" / "failures.csv", encoding="utf-8"))}
    # a broken link and a loop are error records (issue 10), named with why; a picture is skipped
    assert got == {("photo.png", "skipped", "not_a_report"), ("dangling.pdf", "failed", "unreadable_file"),
                   ("loop", "failed", "unreadable_file")}
    why = {Path(f["path"]).name: f["message"]
           for f in csv.DictReader(open(tmp_path / "o" / "failures.csv", encoding="utf-8"))}
    assert "broken symbolic link" in why["dangling.pdf"] and "loop" in why["loop"]


def test_export_stata_xlsx_codebook(tmp_path, real_dir):
    out = tmp_path / "o"
    run("batch", real_dir / "huaian_2024.pdf", real_dir / "pingtan_2024.html", real_dir / "pingtan_2016_text.txt",
        "-o", out, "--workers", "1", "--progress", "none")
    p = run("export", out, "--format", "dta", "--format", "xlsx", "--format", "parquet")
    assert p.returncode == 0, p.stderr
    exp = out / "export"
    wide = pd.read_stata(exp / "wide_gov-2021.dta")
    assert all(len(c) <= 32 and c.replace("_", "").isalnum() and c.isascii() for c in wide.columns)
    row = wide[wide["agency"] == "淮安市人民政府"].iloc[0]
    assert row["rq_new_rece_tot"] == 3119
    labels = pd.io.stata.StataReader(exp / "wide_gov-2021.dta").variable_labels()
    assert labels["rq_new_rece_tot"] == "requests.new_received.total"
    harm = pd.read_stata(exp / "harmonized.dta")
    assert set(harm["year"]) == {2016, 2024}
    pq = pd.read_parquet(exp / "wide_gov-2021.parquet")
    assert str(pq["requests.new_received.total"].dtype) == "Int64"
    assert str(pd.read_parquet(exp / "cells.parquet")["value"].dtype) == "Int64"
    book = list(csv.DictReader(open(exp / "codebook.csv", encoding="utf-8")))
    entry = next(b for b in book if b["column"] == "requests.new_received.total")
    assert entry["meaning_zh"] == "本年新收政府信息公开申请数量 · 总计" and entry["stata_name"] == "rq_new_rece_tot"
    assert {(b["table"], b["column"]) for b in book} >= {("reports", "agency"), ("harmonized", "caveat")}
    assert all(b["meaning_en"] for b in book)
    xl = pd.read_excel(exp / "extractor.xlsx", sheet_name=None)
    assert {"reports", "cells", "harmonized", "wide_gov-2021"} <= set(xl)


def test_batch_of_a_name_that_is_not_utf8(tmp_path, real_dir):
    d = tmp_path / "in"
    d.mkdir()
    name = os.fsdecode(b"caf\xe9.html")
    (d / name).write_bytes((real_dir / "pingtan_2024.html").read_bytes())
    os.symlink(os.fsdecode(str(tmp_path).encode() + b"/gone\xff.pdf"), d / "dangling.pdf")
    p = run("batch", d, "-o", tmp_path / "o", "--workers", "1", "--progress", "none")
    assert p.returncode == 1 and b"Traceback" not in p.stderr, p.stderr  # 1: the dangling link is an error record
    rec = json.loads((tmp_path / "o" / "caf%E9.json").read_text("utf-8"))  # a safe output name (names.py)
    assert rec["source"]["path"] == f"{d}/caf\\xe9.html"  # the bytes that are not UTF-8 escaped
    assert rec["tables"]["requests"]["values"]["new_received"]["total"] == 218
    db = sqlite3.connect(tmp_path / "o" / "reports.sqlite")
    assert db.execute("SELECT path FROM reports").fetchone()[0].endswith("caf\\xe9.html")
    assert run("export", tmp_path / "o", "--format", "dta").returncode == 0


def test_timeouts_are_retried_when_the_limit_changes_or_when_asked(tmp_path, real_dir):
    from extractor.batch import run_batch
    files = [str(real_dir / "huaian_2024.pdf"), str(real_dir / "pingtan_2024.html")]
    out = tmp_path / "o"
    first = run_batch(files, out, workers=1, timeout=0.05, progress="none")
    assert first.failed.get("timeout", 0) >= 1
    same = run_batch(files, out, workers=1, timeout=0.05, progress="none")
    assert same.cached == 2  # nothing new: the timeout stands
    asked = run_batch(files, out, workers=1, timeout=0.05, progress="none", retry_failed=True)
    assert asked.cached == 2 - sum(asked.failed.values())  # every error record parsed again
    longer = run_batch(files, out, workers=1, timeout=120, progress="none")
    assert longer.failed == {} and longer.parsed == 2
    rec = json.loads((out / "huaian_2024.json").read_text("utf-8"))
    assert rec["tables"]["requests"]["values"]["new_received"]["total"] == 3119
