"""`extractor batch` / `export`: real and bad files, limits, resume after SIGKILL, database, Dask."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, cells
from extractor.batch import frames
from extractor.batch.inputs import discover
from extractor.batch.run import run_batch
from extractor.cli import main

REAL_FILES = ["huaian_2024.pdf", "pingtan_2024.html", "pingtan_2016_text.txt"]
FIXTURE_FILES = ["html/gov2021_big5.html", "html/gov2019_gbk_meta.html", "pdf/gov2021_county.pdf",
                 "text/seed_wujiang_2020_traditional.txt", "pdf/encrypted.pdf"]


def real_inputs(real_dir):
    return [str(real_dir / n) for n in REAL_FILES] + [str(FIXTURES / n) for n in FIXTURE_FILES]


def outputs(outdir: Path) -> dict[str, bytes]:
    """Every file a batch leaves in OUTDIR (its state folder included), by relative path."""
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


def json_cells(outdir: Path) -> int:
    n = 0
    for p in outdir.glob("*.json"):
        n += sum(1 for _ in cells(json.loads(p.read_text("utf-8"))["tables"]))
    return n


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("reports", "sections", "cells", "checks", "issues", "narrative_facts")}
    finally:
        con.close()


def test_real_files_match_parse_and_database(tmp_path, real_dir):
    files = real_inputs(real_dir)
    summary = run_batch(files, tmp_path / "b", workers=2, progress="none")
    assert main(["parse", *files, "-o", str(tmp_path / "p")]) == 1  # encrypted.pdf is an error record
    for p in (tmp_path / "p").glob("*.json"):  # byte for byte what `extractor parse` writes
        assert (tmp_path / "b" / p.name).read_bytes() == p.read_bytes(), p.name
    assert summary.total == len(files) and summary.failed == {"pdf_encrypted": 1}
    assert summary.templates["gov-2021"] >= 3 and summary.templates["legacy"] == 1
    lines = (tmp_path / "b" / "reports.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(x)["source"]["path"] for x in lines] == sorted(files)
    c = counts(tmp_path / "b" / "reports.sqlite")
    assert c["reports"] == len(files)
    assert c["cells"] == json_cells(tmp_path / "b") == summary.db_rows["cells"]
    con = sqlite3.connect(tmp_path / "b" / "reports.sqlite")
    got = con.execute("SELECT c.value, c.source, c.raw, c.page FROM cells c JOIN reports r USING (report_id) "
                      "WHERE r.path LIKE '%huaian_2024.pdf' AND c.table_name='requests' "
                      "AND c.row_key='new_received' AND c.column_key='total'").fetchone()
    assert got == (3119.0, "cell", "3119", 4)
    con.close()


def test_bad_files_become_error_records(tmp_path, real_dir, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "truncated.pdf").write_bytes((real_dir / "huaian_2024.pdf").read_bytes()[:5000])
    (d / "random.bin").write_bytes(os.urandom(30000))
    (d / "junk.dat").write_bytes(b"\x00\x01" * 600_000)  # 1.2 MB: over --max-bytes below
    (d / "crash.html").write_bytes((FIXTURES / "html/gov2021_big5.html").read_bytes() + b"<!-- c -->")
    (d / "hog.html").write_bytes((FIXTURES / "html/gov2021_big5.html").read_bytes() + b"<!-- h -->")
    (d / "good.html").write_bytes((FIXTURES / "html/gov2021_big5.html").read_bytes())
    monkeypatch.setenv("EXTRACTOR_BATCH_TEST_CRASH", "crash.html")
    monkeypatch.setenv("EXTRACTOR_BATCH_TEST_HOG", "hog.html")
    s = run_batch([str(d)], tmp_path / "o", workers=2, max_bytes=1_000_000, max_memory_mb=400, progress="none")
    codes = {}
    for p in (tmp_path / "o").glob("*.json"):
        rec = json.loads(p.read_text("utf-8"))
        if rec["issues"] and rec["issues"][0]["severity"] == "error":
            assert rec["report"] is None
            codes[p.stem] = rec["issues"][0]["code"]
    assert codes == {"empty": "empty_input", "truncated": "pdf_unreadable", "random": codes.get("random"),
                     "junk": "too_large", "crash": "worker_crashed", "hog": "out_of_memory"}
    assert codes["random"]  # random bytes: whatever the reader says, an error record
    assert json.loads((tmp_path / "o" / "good.json").read_text("utf-8"))["report"]["template"] == "gov-2021"
    assert s.parsed == 1 and sum(s.failed.values()) == 6
    assert counts(tmp_path / "o" / "reports.sqlite")["reports"] == 7
    # the crash and out-of-memory records keep the content hash: a rerun skips them
    crash = json.loads((tmp_path / "o" / "crash.json").read_text("utf-8"))
    assert len(crash["source"]["sha256"]) == 64
    s2 = run_batch([str(d)], tmp_path / "o", workers=2, max_bytes=1_000_000, max_memory_mb=400, progress="none")
    assert s2.cached == 7
    # a new memory limit: the two inputs it failed (crash, out of memory) are parsed again, nothing else
    s3 = run_batch([str(d)], tmp_path / "o", workers=2, max_bytes=1_000_000, max_memory_mb=500, progress="none")
    assert s3.cached == 5


def test_hanging_input_times_out(tmp_path, real_dir):
    """A file that takes longer than --timeout (a loop, simulated by a tiny limit) is killed and recorded."""
    s = run_batch([str(real_dir / "huaian_2024.pdf"), str(real_dir / "pingtan_2016_text.txt")], tmp_path / "o",
                  workers=1, timeout=0.05, progress="none")
    rec = json.loads((tmp_path / "o" / "huaian_2024.json").read_text("utf-8"))
    assert rec["issues"][0]["code"] == "timeout" and rec["report"] is None
    assert rec["source"]["sha256"] == "fed22baafaab82a239ca15020fc37f819e7cb62bc96659bf8f3f81c6421e0a92"
    assert s.failed.get("timeout", 0) >= 1


def test_discovery(tmp_path, real_dir):
    d = tmp_path / "arch"
    (d / "sub" / "deeper").mkdir(parents=True)
    (d / ".hidden").mkdir()
    (d / "a.html").write_bytes(b"<html></html>")
    (d / "sub" / "report_without_extension").write_bytes((real_dir / "huaian_2024.pdf").read_bytes()[:2000])
    (d / "sub" / "deeper" / "notes.txt").write_text("text", encoding="utf-8")
    (d / "sub" / "old.json").write_text("{}", encoding="utf-8")
    (d / "sub" / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (d / ".hidden" / "x.html").write_bytes(b"<html></html>")
    (d / ".dot.html").write_bytes(b"<html></html>")
    found = discover([str(d)])
    assert found.paths == sorted([str(d / "a.html"), str(d / "sub" / "report_without_extension"),
                                  str(d / "sub" / "deeper" / "notes.txt")])
    assert [s.path for s in found.skipped] == [str(d / "sub" / "picture.png")]
    lst = tmp_path / "list.txt"
    lst.write_text(f"# a list\n{d / 'a.html'}\nsub/deeper/notes.txt\n", encoding="utf-8")
    os.symlink(d / "sub", tmp_path / "sub")
    got = discover([f"@{lst}", str(d / "**" / "*.txt"), str(d / "a.html")])
    assert got.paths == sorted({str(d / "a.html"), str(tmp_path / "sub" / "deeper" / "notes.txt"),
                                str(d / "sub" / "deeper" / "notes.txt")})
    assert discover([str(tmp_path / "nope.pdf")]).missing == [str(tmp_path / "nope.pdf")]


def test_colliding_stems_are_independent_of_order(tmp_path, real_dir):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "r.html").write_bytes((real_dir / "pingtan_2024.html").read_bytes())
    (b / "r.html").write_bytes(b"<html><body><p>not a report</p></body></html>")
    run_batch([str(b / "r.html"), str(a / "r.html")], tmp_path / "o1", workers=1, progress="none")
    run_batch([str(a), str(b)], tmp_path / "o2", workers=2, progress="none")
    names = sorted(p.name for p in (tmp_path / "o1").glob("r*.json"))
    assert len(names) == 2 and names == sorted(p.name for p in (tmp_path / "o2").glob("r*.json"))
    assert json.loads((tmp_path / "o1" / "r.json").read_text("utf-8"))["source"]["path"] == str(a / "r.html")


def _corpus(tmp_path: Path, real_dir: Path, copies: int) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    html = [FIXTURES / "html" / n for n in ("gov2021_big5.html", "gov2019_gbk_meta.html", "gov2021_split_table2.html")]
    for i in range(copies):
        for p in html:
            (d / f"{p.stem}_{i:02d}.html").write_bytes(p.read_bytes() + f"<!-- {i} -->".encode())
        (d / f"text_{i:02d}.txt").write_bytes((real_dir / "pingtan_2016_text.txt").read_bytes() + b"\n" * (i + 1))
    (d / "empty.txt").write_bytes(b"")
    (d / "random.bin").write_bytes(bytes(range(256)) * 40)
    return d


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen([sys.executable, "-m", "extractor", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_resume_after_sigkill_is_byte_identical(tmp_path, real_dir):
    corpus = _corpus(tmp_path, real_dir, copies=6)
    ref = tmp_path / "ref"
    p = _cli("batch", str(corpus), "-o", str(ref), "--workers", "2", "--progress", "plain")
    _, err = p.communicate(timeout=300)
    assert p.returncode == 1, err  # the two bad files
    assert b"26 inputs: 24 parsed, 2 failed" in err
    out = tmp_path / "out"
    results = out / ".extractor-batch" / "results"
    for threshold in (3, 12):  # killed early, killed again later, then run to the end
        p = _cli("batch", str(corpus), "-o", str(out), "--workers", "2", "--progress", "none")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and p.poll() is None:
            if results.is_dir() and len(os.listdir(results)) >= threshold:
                break
            time.sleep(0.02)
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert len(os.listdir(results)) < 26  # it really was interrupted
    p = _cli("batch", str(corpus), "-o", str(out), "--workers", "2", "--progress", "none")
    p.communicate(timeout=300)
    assert p.returncode == 1
    a, b = outputs(ref), outputs(out)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name
    c = counts(out / "reports.sqlite")
    assert c["reports"] == 26 and c["cells"] == json_cells(out)
    assert len((out / "reports.jsonl").read_text("utf-8").splitlines()) == 26


def test_plain_progress_and_summary(tmp_path, real_dir, capsys):
    files = [str(FIXTURES / "html/gov2021_big5.html"), str(FIXTURES / "pdf/no_text_layer.pdf")]
    run_batch(files, tmp_path / "o", workers=1, progress="plain")
    err = capsys.readouterr().err
    assert "extractor batch: 2/2 done, 1 failed" in err
    assert "2 inputs: 1 parsed, 1 failed" in err
    assert "tables that are images:" in err and "reports with identity failures: 0" in err


def test_export_frames_parquet_csv(tmp_path, real_dir):
    files = real_inputs(real_dir)
    run_batch(files, tmp_path / "o", workers=2, progress="none")
    f = frames(tmp_path / "o")
    assert len(f["reports"]) == len(files)
    assert len(f["cells"]) == json_cells(tmp_path / "o")
    wide = f["gov-2021"]
    assert len(wide) == (f["reports"]["template"] == "gov-2021").sum()
    row = wide[wide["path"].str.endswith("huaian_2024.pdf")].iloc[0]
    assert row["requests.new_received.total"] == 3119
    assert list(wide.columns[:4]) == ["report_id", "path", "agency", "year"]
    assert main(["export", str(tmp_path / "o"), "--format", "parquet", "--format", "csv"]) == 0
    import pandas as pd
    back = pd.read_parquet(tmp_path / "o" / "export" / "wide_gov-2021.parquet")
    assert back.shape == wide.shape
    assert len(pd.read_csv(tmp_path / "o" / "export" / "cells.csv")) == len(f["cells"])


def test_dask_local_cluster_gives_the_same_outputs(tmp_path, real_dir):
    distributed = pytest.importorskip("distributed")
    files = [str(real_dir / "pingtan_2024.html"), str(FIXTURES / "html/gov2021_big5.html"),
             str(FIXTURES / "text/seed_wujiang_2020_traditional.txt"), str(FIXTURES / "pdf/encrypted.pdf")]
    run_batch(files, tmp_path / "local", workers=2, progress="none")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        s = run_batch(files, tmp_path / "dask", dask=cluster.scheduler_address, progress="none")
        assert s.total == 4
        s2 = run_batch(files, tmp_path / "dask", dask=cluster.scheduler_address, progress="none")
        assert s2.cached == 4  # resume on the cluster too
    a, b = outputs(tmp_path / "local"), outputs(tmp_path / "dask")
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name


def test_rerun_repairs_outputs_a_kill_left_half_written(tmp_path, real_dir):
    files = [str(FIXTURES / "html/gov2021_big5.html"), str(real_dir / "pingtan_2016_text.txt")]
    out = tmp_path / "o"
    run_batch(files, out, workers=1, progress="none")
    before = outputs(out)
    (out / "reports.jsonl").unlink()  # as if killed while rebuilding the outputs
    (out / "gov2021_big5.json").write_text('{"schema_version": "1", "sou', encoding="utf-8")
    (out / ".reports.sqlite.12345.tmp").write_bytes(b"partial")
    (out / ".extractor-batch" / "finished.json").unlink()
    with open(out / ".extractor-batch" / "manifest.jsonl", "a", encoding="utf-8") as f:
        f.write('{"path": "cut')
    s = run_batch(files, out, workers=1, progress="none")
    assert s.cached == 2 and outputs(out) == before
