"""Batches that stream: workers write their own outputs (shards), a crash mid-batch loses nothing
already written, resume for fsspec URLs, Dask workers writing shards (or, when they cannot see the
output folder, sending the records to the client)."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import FIXTURES, ROOT
from extractor.batch import dask_runner, store
from extractor.batch.inputs import discover
from extractor.batch.run import run_batch
from test_batch import counts, json_cells, outputs

HTML = [FIXTURES / "html" / n for n in ("gov2021_big5.html", "gov2019_gbk_meta.html", "gov2021_split_table2.html")]


def _corpus(tmp_path, real_dir, copies=2):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(copies):
        for p in HTML:
            (d / f"{p.stem}_{i}.html").write_bytes(p.read_bytes() + f"<!-- {i} -->".encode())
        (d / f"text_{i}.txt").write_bytes((real_dir / "pingtan_2016_text.txt").read_bytes() + b"\n" * (i + 1))
    (d / "empty.txt").write_bytes(b"")
    return d


@pytest.fixture
def arrivals(monkeypatch):
    """How each record reached the parent: the shard a worker wrote it to, or `parent` (made there)."""
    got = {}
    took, add = store.Stream.took, store.Stream.add

    def spy_took(self, path, outcome):
        assert outcome.get("json") is None  # the record itself did not travel
        got[path] = outcome["shard"]
        return took(self, path, outcome)

    def spy_add(self, path, output, text, outcome):
        got.setdefault(path, "parent")
        return add(self, path, output, text, outcome)

    monkeypatch.setattr(store.Stream, "took", spy_took)
    monkeypatch.setattr(store.Stream, "add", spy_add)
    return got


def _check_database(out, n):
    c = counts(out / "reports.sqlite")
    assert c["reports"] == n and c["cells"] == json_cells(out) > 0
    con = sqlite3.connect(out / "reports.sqlite")
    try:  # each report's rows once, under its own id and output file
        ids = [r[0] for r in con.execute("SELECT report_id FROM reports ORDER BY report_id")]
        assert ids == list(range(1, n + 1))
        for rid, output in con.execute("SELECT report_id, output FROM reports"):
            rec = json.loads((out / output).read_text("utf-8"))
            cells = sum(len(cols) for t in (rec.get("tables") or {}).values() for cols in t["values"].values())
            assert con.execute("SELECT COUNT(*) FROM cells WHERE report_id = ?", (rid,)).fetchone()[0] == cells
    finally:
        con.close()


def test_workers_write_their_own_outputs_and_a_crashed_worker_loses_nothing(tmp_path, real_dir, arrivals,
                                                                           monkeypatch):
    d = _corpus(tmp_path, real_dir)
    # a worker that dies in the middle (workers take the biggest file first: this one is neither)
    (d / "crash.txt").write_bytes((real_dir / "pingtan_2016_text.txt").read_bytes()[:3000])
    monkeypatch.setenv("EXTRACTOR_BATCH_TEST_CRASH", "crash.txt")
    out = tmp_path / "o"
    s = run_batch([str(d)], out, workers=1, progress="none")
    n = len(os.listdir(d))
    assert s.total == n == 10 and s.failed == {"empty_input": 1, "worker_crashed": 1}
    crash = str(d / "crash.txt")
    assert arrivals.pop(crash) == "parent"  # the parent's error record of the crash
    assert set(arrivals.values()) == {"local-0"}  # both processes of the slot wrote into its one shard
    assert len(arrivals) == n - 1
    _check_database(out, n)
    lines = [json.loads(x) for x in (out / "reports.jsonl").read_text("utf-8").splitlines()]
    assert [x["source"]["path"] for x in lines] == sorted(str(p) for p in d.iterdir())
    for x in lines:  # the JSONL line is the per-report JSON, compact
        stem = os.path.splitext(os.path.basename(x["source"]["path"]))[0]
        assert json.loads((out / f"{stem}.json").read_text("utf-8")) == x
    assert not (out / ".extractor-batch" / "shards").exists()  # this run's alone: gone at its end
    # two workers: the same bytes, whatever order the records arrived in
    s2 = run_batch([str(d)], tmp_path / "o2", workers=2, progress="none")
    assert s2.total == n
    a, b = outputs(out), outputs(tmp_path / "o2")
    assert sorted(a) == sorted(b) and all(a[k] == b[k] for k in a)


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen([sys.executable, "-m", "extractor", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_parent_killed_mid_batch_loses_nothing_and_resumes_fsspec_urls(tmp_path, real_dir):
    """Inputs and output folder given as file:// URLs; the parent is SIGKILLed mid-batch: every record
    written so far is whole, the rerun parses none of them again and ends with the bytes of a run
    that was never interrupted."""
    d = _corpus(tmp_path, real_dir, copies=3)
    n = len(os.listdir(d))
    ref = tmp_path / "ref"
    run_batch([str(d)], ref, workers=1, progress="none")
    out = tmp_path / "out"
    results = out / ".extractor-batch" / "results"
    p = _cli("batch", f"file://{d}", "-o", f"file://{out}", "--workers", "1", "--progress", "none")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None:
        if results.is_dir() and len(os.listdir(results)) >= 4:
            break
        time.sleep(0.01)
    p.send_signal(signal.SIGKILL)
    p.wait()
    time.sleep(0.5)  # the worker dies with its parent
    done = [f for f in os.listdir(results) if f.endswith(".json")]
    assert 4 <= len(done) < n  # it really was interrupted
    for f in done:  # whole records, and each one's <stem>.json written before it counted as done
        rec = json.loads((results / f).read_text("utf-8"))
        stem = os.path.splitext(os.path.basename(rec["source"]["path"]))[0]
        assert json.loads((out / f"{stem}.json").read_text("utf-8")) == rec
    s = run_batch([f"file://{d}"], f"file://{out}", workers=1, progress="none")
    assert s.cached == len(done) and s.total == n  # nothing done is parsed again
    a, b = outputs(ref), outputs(out)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name
    s = run_batch([f"file://{d}"], f"file://{out}", workers=1, progress="none")
    assert s.cached == n


def test_memory_urls_resume_by_size_and_version_stamp(tmp_path):
    """fsspec URLs (here memory://) are listed with their size and version stamp; an input whose
    stamp is unchanged is done, one written again is parsed again."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    html = HTML[0].read_bytes()
    fs.pipe("/reports/a.html", html)
    fs.pipe("/reports/sub/b.html", html + b"<!-- b -->")
    found = discover(["memory://reports"])
    assert found.paths == ["memory:///reports/a.html", "memory:///reports/sub/b.html"]
    assert found.stats["memory:///reports/a.html"][0] == len(html)
    st = store.State(tmp_path, stats=found.stats)
    for url in found.paths:  # as the workers would report them
        st.record({"path": url, "key": f"k-{url[-6:]}", "json": json.dumps({"source": {"path": url}}),
                   "summary": {"ok": True, "error": None}})
    st.close()
    again = store.State(tmp_path, stats=discover(["memory://reports"]).stats)
    assert [again.known(u) for u in found.paths] == ["k-a.html", "k-b.html"]
    time.sleep(0.01)
    fs.pipe("/reports/sub/b.html", html + b"<!-- changed -->")
    later = store.State(tmp_path, stats=discover(["memory://reports"]).stats)
    assert later.known(found.paths[0]) == "k-a.html" and later.known(found.paths[1]) is None
    fs.rm("/reports", recursive=True)


def test_an_output_url_that_is_not_a_file_system_is_refused(tmp_path):
    with pytest.raises(OSError, match="file:// URL"):
        run_batch([str(HTML[0])], "memory://out", progress="none")


def test_dask_workers_write_shards_or_send_records(tmp_path, real_dir, arrivals, monkeypatch):
    distributed = pytest.importorskip("distributed")
    files = [str(real_dir / "pingtan_2024.html"), str(FIXTURES / "html/gov2021_big5.html"),
             str(FIXTURES / "text/seed_wujiang_2020_traditional.txt"), str(FIXTURES / "pdf/encrypted.pdf")]
    run_batch(files, tmp_path / "local", workers=2, progress="none")
    local = outputs(tmp_path / "local")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        arrivals.clear()
        s = run_batch(files, tmp_path / "dask", dask=cluster.scheduler_address, progress="none")
        assert s.total == 4
    assert sorted(arrivals) == sorted(files) and all(v.startswith("dask-") for v in arrivals.values())
    got = outputs(tmp_path / "dask")
    assert sorted(got) == sorted(local) and all(got[k] == local[k] for k in local)
    # a Dask worker that cannot see the output folder sends the record; the client writes it
    monkeypatch.setattr(dask_runner, "_worker_cfg", lambda cfg: {k: v for k, v in cfg.items() if k != "shards_dir"})
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                                  silence_logs=40) as cluster:
        arrivals.clear()
        run_batch(files, tmp_path / "sent", dask=cluster.scheduler_address, progress="none")
    assert set(arrivals.values()) == {"parent"}
    got = outputs(tmp_path / "sent")
    assert sorted(got) == sorted(local) and all(got[k] == local[k] for k in local)


def test_a_dask_worker_writes_only_where_it_finds_the_clients_token(tmp_path):
    cfg = {"shards_dir": str(tmp_path), "token": "abc", "outdir": str(tmp_path)}
    assert "shards_dir" not in dask_runner._worker_cfg(cfg)
    (tmp_path / dask_runner.TOKEN.format("abc")).write_bytes(b"")
    assert dask_runner._worker_cfg(cfg)["shard"].startswith("dask-")


def test_a_batch_that_adds_rewrites_earlier_records_in_the_workers(tmp_path, real_dir, arrivals):
    """Adding inputs to an OUTDIR: the earlier records' lines and rows are made again (new report ids)
    by the workers, not one by one in the parent at the end; the outputs are those of one batch of all."""
    d = _corpus(tmp_path, real_dir, copies=1)
    first = sorted(str(p) for p in d.iterdir())[:3]
    out = tmp_path / "o"
    run_batch(first, out, workers=2, progress="none")
    arrivals.clear()
    s = run_batch([str(d)], out, workers=2, progress="none")
    assert s.cached == 3 and s.total == len(os.listdir(d))
    assert all(arrivals[p].startswith("local-") for p in first)  # restored by the workers
    run_batch([str(d)], tmp_path / "all", workers=2, progress="none")
    a, b = outputs(tmp_path / "all"), outputs(out)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name
    _check_database(out, s.total)
