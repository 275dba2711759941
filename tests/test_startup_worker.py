"""The forked worker's PR_SET_PDEATHSIG through `_ctypes` (issue 16's start-up): a worker whose parent dies is
killed by the kernel, even while busy, and ctypes itself is not imported for it."""
import os
import subprocess
import sys
import textwrap

from conftest import ROOT

SCRIPT = textwrap.dedent("""
    import os, sys, time
    from extractor.batch.worker import _die_with_parent
    pid_r, pid_w = os.pipe()
    seen_r, seen_w = os.pipe()
    middle = os.fork()
    if middle == 0:  # the worker's parent: forks it, then dies
        child = os.fork()
        if child == 0:
            if sys.argv[1] == "set":
                _die_with_parent()
            os.write(seen_w, b"ctypes" if "ctypes" in sys.modules else b"-")
            end = time.monotonic() + 20  # busy, as inside a regular expression (never for ever)
            while time.monotonic() < end:
                pass
            os._exit(0)
        seen = os.read(seen_r, 6)  # after the child's prctl: then this parent dies
        os.write(pid_w, str(child).encode() + b" " + seen)
        os._exit(0)
    os.close(pid_w)
    child, seen = os.read(pid_r, 40).decode().split()
    child = int(child)
    os.waitpid(middle, 0)
    time.sleep(0.5)
    try:
        state = [ln.split()[1] for ln in open(f"/proc/{child}/status") if ln.startswith("State")][0]
    except (FileNotFoundError, ProcessLookupError):
        state = "gone"
    try:
        os.kill(child, 9)
    except ProcessLookupError:
        pass
    print(state, seen)
""")


def _run(mode: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, env=env, timeout=60)
    return out.stdout.split()


def test_worker_dies_with_its_parent():
    state, seen = _run("set")
    assert state in ("Z", "gone")  # killed (a zombie until the reaper collects it)
    assert seen == "-"  # without `import ctypes`


def test_without_it_the_worker_outlives_its_parent():
    state, _ = _run("unset")
    assert state in ("R", "S")
