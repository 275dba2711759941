"""Hostile input: every file ends as a record, by itself, with one line on stderr at most, never a
traceback, a hang or `internal_error`; limits on every parse; names in any bytes."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import extractor
from extractor.limits import Limits
from extractor.readers.caps import ReaderCaps, span
from conftest import FIXTURES, ROOT

HOSTILE = FIXTURES / "hostile"
EXE = [sys.executable, "-m", "extractor"]
BUGS = {"internal_error", "timeout", "worker_crashed", "out_of_memory"}  # a hostile file must not need a limit


def _script():
    spec = importlib.util.spec_from_file_location("make_hostile_corpus", ROOT / "scripts/make_hostile_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _run(args: list, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(EXE + args, capture_output=True, env=env, timeout=600, **kw)


def _error(d: dict):
    return next((i for i in d["issues"] if i["severity"] == "error"), None)


def test_committed_cases_are_what_the_script_makes():
    small = _script().small()
    assert sorted(small) == sorted(p.name for p in HOSTILE.iterdir())
    assert all((HOSTILE / n).read_bytes() == data for n, data in small.items())


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    """`extractor parse` over every committed hostile case (one run; a limit hit would be a failure)."""
    out = tmp_path_factory.mktemp("hostile_out")
    files = sorted(HOSTILE.iterdir())
    proc = _run(["parse", *map(str, files), "-o", str(out), "--timeout", "50"])
    records = {f.name: json.loads((out / f"{f.stem}.json").read_text("utf-8")) for f in files}
    return proc, records


def test_hostile_cases_end_as_records_with_one_line_each(parsed):
    proc, records = parsed
    assert proc.returncode in (0, 1)
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err and "Warning" not in err
    lines = err.splitlines()
    failed = [n for n, d in records.items() if _error(d)]
    assert len(lines) == len(failed)  # one line per failed file, nothing else (no library warnings)
    assert all(line.startswith("extractor: ") for line in lines)
    codes = {n: _error(d)["code"] for n, d in records.items() if _error(d)}
    assert not {n: c for n, c in codes.items() if c in BUGS}


def test_hostile_cases_get_their_readers_codes(parsed):
    _, records = parsed
    code = {n: (_error(d) or {}).get("code") for n, d in records.items()}
    for name in ("pdf_ref_self_loop.pdf", "pdf_ref_two_loop.pdf", "pdf_page_tree_5000_deep.pdf",
                 "pdf_mediabox_names.pdf", "pdf_bad_deflate.pdf", "pdf_kids_self_loop.pdf"):
        assert code[name] == "pdf_unreadable", name
    for name in ("docx_corrupt_deflate.docx", "docx_entity_bomb.docx", "docx_nested_sdt.docx"):
        assert code[name] == "docx_unreadable", name
    assert "loop" in _error(records["pdf_ref_self_loop.pdf"])["message"]
    # mojibake whose bytes hold a UTF-8 surrogate: the part that decodes is repaired, the rest kept
    assert code["text_mojibake_surrogate.txt"] is None
    assert "依息主动" in records["text_mojibake_surrogate.txt"]["sections"][0]["text"]
    # a bad span is read as 1 or clamped: the file is read (and found not to be a report)
    for name in ("docx_gridspan_abc.docx", "docx_gridspan_2000000000.docx", "html_span_2000000000.html"):
        assert code[name] == "not_an_annual_report", name


def test_damaged_fixtures_odd_names_and_links_in_one_batch(tmp_path):
    """Cut and bit-flipped fixtures, names in any bytes, a symlink loop, a broken link: one batch
    finishes and has exactly one record per input."""
    from extractor.batch import run_batch
    mod = _script()
    src = tmp_path / "in"
    mod.write(src, mod.damaged(per_format=1), "damaged")
    mod.write(src, mod.odd_names(mod.html("<p>一、总体情况</p>")), "names")
    mod.links(src)
    (src / "list.txt").write_bytes(b"names/gbk_\xc4\xea\xb6\xc8\xb1\xa8\xb8\xe6.html\n")
    out = tmp_path / "out"
    summary = run_batch([str(src / "damaged"), str(src / "names"), str(src / "links"), "@" + str(src / "list.txt")],
                        str(out), workers=2, progress="none")
    recs = [json.loads(x) for x in (out / "reports.jsonl").read_text("utf-8").splitlines()]
    n_inputs = sum(len(os.listdir(src / d)) for d in ("damaged", "names", "links"))  # the list's name is in names/
    pictures = [n for n in os.listdir(src / "damaged") if n.endswith(".png")]  # damaged scan pictures: skipped, named
    assert summary.total == len(recs) == n_inputs - len(pictures)
    assert summary.skipped_files == len(pictures)
    assert not [r["source"]["path"] for r in recs if (_error(r) or {}).get("code") in BUGS]
    paths = {r["source"]["path"]: r for r in recs}
    # 年度报告 in GBK: the bytes that are not UTF-8 escaped (\xc8\xb1 happens to be UTF-8 for ȱ)
    assert str(src / "names") + "/gbk_\\xc4\\xea\\xb6ȱ\\xa8\\xb8\\xe6.html" in paths
    assert (out / "gbk_%C4%EA%B6ȱ%A8%B8%E6.json").exists()
    link_codes = {Path(p).name: _error(r)["code"] for p, r in paths.items() if "/links/" in p}
    assert link_codes == {n: "unreadable_file" for n in ("loop_a.html", "loop_b.html", "broken.html", "back_up")}
    assert "broken symbolic link" in _error(paths[str(src / "links/broken.html")])["message"]


def test_non_utf8_name_with_parse(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"\xb1\xa8\xb8\xe6_\xff.txt")
    with open(name, "wb") as f:
        f.write((FIXTURES / "text/seed_wujiang_2020_traditional.txt").read_bytes())
    proc = _run(["parse", os.fsdecode(name), "-o", str(tmp_path / "out")])
    assert proc.returncode == 0, proc.stderr
    out = json.loads((tmp_path / "out" / "%B1%A8%B8%E6_%FF.json").read_text("utf-8"))
    assert out["source"]["path"] == str(tmp_path) + "/\\xb1\\xa8\\xb8\\xe6_\\xff.txt"
    assert out["report"]["year"] == 2020


def test_parse_runs_under_limits_and_matches_in_process(tmp_path):
    path = FIXTURES / "html/gov2021_big5.html"
    isolated = extractor.parse(path)
    in_process = extractor.parse(path, timeout=0, max_memory_mb=0)
    assert isolated.to_json() == in_process.to_json()
    assert isolated.tables["requests"].get("new_received", "total").value == \
        in_process.tables["requests"].get("new_received", "total").value is not None
    late = extractor.parse(ROOT.parent / "shared/fixtures/real/huaian_2024.pdf", timeout=0.01)
    assert _error(late.to_dict())["code"] == "timeout"
    assert extractor.parse(path).to_json() == isolated.to_json()  # a fresh worker after the kill
    # no time limit but a memory limit: the worker is waited for without end (was OverflowError in select)
    assert extractor.parse(path, timeout=0).to_json() == isolated.to_json()


def test_parse_in_threads_is_deterministic():
    path = FIXTURES / "html/gov2019_gbk_meta.html"
    want = extractor.parse(path).to_json()
    got: list[str] = []
    threads = [threading.Thread(target=lambda: got.append(extractor.parse(path).to_json())) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [want, want]


def test_streams_and_sizes_are_capped(tmp_path):
    assert _error(extractor.parse(b"x" * 2000, max_bytes=1000).to_dict())["code"] == "too_large"
    assert _error(extractor.parse("/dev/zero", max_bytes=1 << 20).to_dict())["code"] == "too_large"
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"yes 申请 > '{fifo}'"], stderr=subprocess.DEVNULL)
    try:
        r = extractor.parse(fifo, max_bytes=1 << 20)
    finally:
        writer.kill()
        writer.wait()
    assert _error(r.to_dict())["code"] == "too_large"
    os.unlink(fifo)
    os.mkfifo(fifo)  # no writer at all: read as empty, never a hang
    assert _error(extractor.parse(fifo, timeout=0, max_memory_mb=0).to_dict())["code"] == "empty_input"
    proc = _run(["parse", "-", "-o", str(tmp_path / "o"), "--max-bytes", "1K"], input=b"y" * 5000)
    assert proc.returncode == 1 and proc.stderr.decode().count("\n") == 1 and b"too_large" in proc.stderr


def test_limits_and_caps_are_validated():
    with pytest.raises(ValueError):
        Limits(timeout=-1)
    with pytest.raises(ValueError):
        ReaderCaps(max_span=0)
    assert Limits(0, 0, 0).isolated is False and Limits(0, 0, 0).max_bytes is None
    assert [span(v) for v in ("2", "abc", "2000000000", " 3px", None, "0")] == [2, 1, 1000, 3, 1, 0]
    proc = _run(["parse", str(FIXTURES / "html/gov2021_big5.html"), "-o", "/tmp", "--timeout", "-5"])
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_unreadable_folder_fifo_and_links_are_problems_not_silence(tmp_path, monkeypatch):
    from extractor.batch.inputs import discover
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.html").write_bytes((FIXTURES / "html/gov2021_big5.html").read_bytes())
    (tmp_path / "locked").mkdir()
    os.mkfifo(tmp_path / "ok" / "pipe.html")
    os.symlink("../ok", tmp_path / "ok" / "again")  # a link back to its own folder
    real_scandir = os.scandir

    def scandir(path="."):  # as root every folder is readable: make one refuse
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(tmp_path)])
    why = {Path(p).name: m for p, m in found.problems.items()}
    assert set(why) == {"locked", "pipe.html", "again"}
    assert "Permission denied" in why["locked"] and "FIFO" in why["pipe.html"] and "loop" in why["again"]
    assert sorted(found.paths) == sorted([str(tmp_path / "ok" / "a.html"), *found.problems])
