"""`extractor parse` of one text or HTML report enforces its limits in its own process (limits.limit_here,
issue 16's start-up): no fork, the same record; a timeout and a memory limit give the records the forked
worker gives; a parse stuck where no signal handler runs still ends; a PDF and several files keep the worker."""
import json
import os
import resource
import subprocess
import sys
import textwrap

import pytest

from extractor import limits

from conftest import REAL, ROOT

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX timers and RLIMIT_AS, as the worker uses")

# the command line as a process of its own (main() without argv), every fork recorded in a file
CLI = textwrap.dedent("""
    import os, sys
    marks, argv = sys.argv[1], sys.argv[2:]
    real = os.fork
    def fork():
        with open(marks, "a") as f:
            f.write("fork\\n")
        return real()
    os.fork = fork
    sys.argv = ["extractor"] + argv
    from extractor.cli import main
    main()
""")


def _cli(tmp_path, *args, env=None, code=CLI):
    marks = tmp_path / "forks"
    out = subprocess.run([sys.executable, "-c", code, str(marks), *args], capture_output=True, text=True,
                         cwd=ROOT, env=dict(os.environ, **(env or {})), timeout=120)
    return out, (marks.read_text().count("fork") if marks.exists() else 0)


def _record(folder):
    (f,) = list(folder.iterdir())
    return json.loads(f.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["pingtan_2016_text.txt", "pingtan_2024.html"])
def test_one_text_or_html_report_is_parsed_here_with_the_same_record(tmp_path, name):
    here, forks = _cli(tmp_path, "parse", str(REAL / name), "-o", str(tmp_path / "here"))
    assert here.returncode == 0 and here.stderr == "" and forks == 0
    worker = subprocess.run([sys.executable, "-m", "extractor", "parse", str(REAL / name), str(REAL / name),
                             "-o", str(tmp_path / "worker.jsonl")], capture_output=True, text=True, cwd=ROOT)
    assert worker.returncode == 0  # two inputs: the forked worker, as before
    first = json.loads((tmp_path / "worker.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert _record(tmp_path / "here") == first
    assert first["report"]["agency"] == "平潭综合实验区"


def test_a_pdf_and_several_files_keep_the_worker(tmp_path):
    pdf = ROOT / "fixtures/pdf"
    small = min(pdf.glob("*.pdf"), key=lambda p: p.stat().st_size)
    out, forks = _cli(tmp_path, "parse", str(small), "-o", str(tmp_path / "pdf"))
    assert out.returncode in (0, 1) and forks == 1
    out, forks = _cli(tmp_path, "parse", str(REAL / "pingtan_2016_text.txt"), str(REAL / "pingtan_2024.html"),
                      "-o", str(tmp_path / "two"))
    assert out.returncode == 0 and forks == 2  # (the marks file is shared: one fork for the two inputs)


def test_a_timeout_here_is_the_workers_timeout_record(tmp_path):
    out, forks = _cli(tmp_path, "parse", str(REAL / "pingtan_2024.html"), "--timeout", "0.001",
                      "-o", str(tmp_path / "late"))
    assert out.returncode == 1 and forks == 0
    assert out.stderr == "extractor: " + str(REAL / "pingtan_2024.html") + \
        ": timeout: parsing took longer than the limit of 0.001 s\n"
    d = _record(tmp_path / "late")
    assert d["issues"] == [{"severity": "error", "code": "timeout",
                            "message": "parsing took longer than the limit of 0.001 s", "where": None}]
    assert d["source"]["path"] == str(REAL / "pingtan_2024.html") and d["report"] is None and d["tables"] == {}
    assert d["source"]["sha256"] in (None, "b4a3df832f212c8c5d9e21851f0a49f9eed892f3ab68147ce2e7ba2602103830")


def test_memory_over_the_limit_here_is_the_workers_out_of_memory_record(tmp_path):
    hog = tmp_path / "hog.txt"
    hog.write_bytes((REAL / "pingtan_2016_text.txt").read_bytes())
    out, forks = _cli(tmp_path, "parse", str(hog), "--max-memory-mb", "300", "-o", str(tmp_path / "out"),
                      env={"EXTRACTOR_BATCH_TEST_HOG": "hog.txt"})
    assert out.returncode == 1 and forks == 0
    assert out.stderr.endswith(": out_of_memory: parsing exceeded the worker memory limit of 300 MB\n")
    assert _record(tmp_path / "out")["issues"][0]["code"] == "out_of_memory"


def test_the_limits_are_restored_after_a_parse_here(monkeypatch):
    before = resource.getrlimit(resource.RLIMIT_AS)
    import signal
    handler = signal.getsignal(signal.SIGALRM)
    out = limits._record_here(str(REAL / "pingtan_2016_text.txt"), limits.Limits(timeout=30, max_memory_mb=2048))
    assert out["status"] == "parsed" and out["record"]["report"]["year"] == 2016
    assert resource.getrlimit(resource.RLIMIT_AS) == before and signal.getsignal(signal.SIGALRM) == handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_parse_stuck_where_no_handler_runs_still_ends(tmp_path):
    """SIGALRM blocked (as in a C call that neither returns nor checks for signals): faulthandler's watchdog
    ends the process HARD_STOP seconds past the limit, exit status 1, no traceback."""
    stuck = CLI.replace("from extractor.cli import main", textwrap.dedent("""\
        import signal, time
        from extractor import limits
        from extractor.batch import worker
        limits.HARD_STOP = 0.5
        def stuck(*a, **k):
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
            time.sleep(60)
        worker.process = stuck
        from extractor.cli import main"""))
    import time
    start = time.monotonic()
    out, forks = _cli(tmp_path, "parse", str(REAL / "pingtan_2016_text.txt"), "--timeout", "0.5",
                      "-o", str(tmp_path / "out"), code=stuck)
    assert time.monotonic() - start < 30
    assert out.returncode == 1 and forks == 0 and "Traceback" not in out.stderr and out.stderr == ""
