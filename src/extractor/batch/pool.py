"""Worker processes with a time and a memory limit, and the local pool that drives them.

A `Sandbox` owns one worker process (`worker.py`) and runs one file at a time in it:
a file that runs past the time limit gets its process killed, a process that dies takes only
its file with it; either way the file becomes an error record and a fresh process takes over.
The same class runs inside Dask workers (`dask_runner.py`).
"""
from __future__ import annotations

import json
import os
import queue
import select
import signal
import struct
import sys
import threading
import time
from typing import Any, Callable, Iterable, Optional

from .records import error_json, summarize

STARTUP_TIMEOUT = 120.0


class WorkerDied(Exception):
    pass


def can_fork() -> bool:
    """Fork the worker from this process (no second interpreter start, no second import of the
    pipeline) when that is safe: POSIX, and this process runs one thread (a fork copies only the
    calling thread, so a lock another thread held would stay locked in the child)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


_parent_ends: set[int] = set()  # this process's ends of its forked workers' pipes


class _Forked:
    """A forked worker with the part of `subprocess.Popen` that `Sandbox` uses."""

    def __init__(self, cfg: dict[str, Any]):
        from .. import pipeline  # noqa: F401  (here: a worker restarted after a timeout forks with it done;
        from .worker import serve  # the readers' libraries, pdfplumber or bs4, only in the child that needs one)
        from_parent, to_child = os.pipe()
        from_child, to_parent = os.pipe()
        for f in (sys.stdout, sys.stderr):
            f.flush()  # or the child would inherit, and later write, what is still buffered
        pid = os.fork()
        if pid == 0:  # the child: serve, then leave without this process's atexit handlers
            code = 0
            try:
                for fd in _parent_ends | {to_child, from_child}:  # so that each worker's EOF and
                    try:                                           # death reach the parent
                        os.close(fd)
                    except OSError:
                        pass
                os.dup2(2, 1)  # stray prints from libraries go to stderr, not into the parent's output
                sys.stdout = sys.stderr
                serve(os.fdopen(from_parent, "rb"), os.fdopen(to_parent, "wb", buffering=0), dict(cfg, forked=True))
            except BaseException:
                code = 1
            os._exit(code)
        os.close(from_parent)
        os.close(to_parent)
        self.pid = pid
        self.ends = (to_child, from_child)
        _parent_ends.update(self.ends)
        self.stdin = os.fdopen(to_child, "wb")
        self.stdout = os.fdopen(from_child, "rb")
        self.returncode: Optional[int] = None

    def poll(self) -> Optional[int]:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: Optional[float] = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is None:
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > end:
                import subprocess
                raise subprocess.TimeoutExpired("worker", timeout)
            time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]

    def kill(self) -> None:
        if self.returncode is None:
            os.kill(self.pid, signal.SIGKILL)

    def closed(self) -> None:
        _parent_ends.difference_update(self.ends)


class Sandbox:
    def __init__(self, cfg: dict[str, Any], max_tasks: int = 200, die_with_parent: bool = True,
                 fork: bool = False):
        self.cfg = dict(cfg, parent_pid=os.getpid(), die_with_parent=die_with_parent)
        self.fork = fork  # fork the worker when `can_fork()` at its start, else a fresh interpreter
        self.max_tasks = max_tasks
        self.proc: Optional[subprocess.Popen] = None
        self.tasks = 0
        self.peak_rss_kb = 0  # the largest ru_maxrss any of this sandbox's processes reported
        self._ending = threading.RLock()  # kill and close: the batch's end kills while a slot's thread closes

    # -- process ---------------------------------------------------------------------------------
    def _start(self) -> None:
        if self.fork and can_fork():  # (subprocess, 3 ms of a start, only for a fresh interpreter)
            self.proc = _Forked(self.cfg)  # type: ignore[assignment]
            self.tasks = 0
            msg = self._read(time.monotonic() + STARTUP_TIMEOUT)
            if msg is None or msg.get("type") != "ready":
                self.kill()
                raise WorkerDied("the worker process did not start")
            return
        import subprocess
        env = dict(os.environ)
        src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen([sys.executable, "-m", "extractor.batch.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, close_fds=True)
        self.tasks = 0
        self._send(self.cfg)
        msg = self._read(time.monotonic() + STARTUP_TIMEOUT)
        if msg is None or msg.get("type") != "ready":
            self.kill()
            raise WorkerDied("the worker process did not start")

    def _send(self, obj: dict) -> None:
        assert self.proc and self.proc.stdin
        self.proc.stdin.write(json.dumps(obj).encode("ascii") + b"\n")  # ASCII: paths in any bytes survive
        self.proc.stdin.flush()

    def _read_exact(self, n: int) -> Optional[bytes]:
        fd = self.proc.stdout.fileno()
        buf = bytearray()
        while len(buf) < n:
            chunk = os.read(fd, n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return bytes(buf)

    def _read(self, deadline: float) -> Optional[dict]:
        """The next frame; None when the process died; TimeoutError past the deadline."""
        fd = self.proc.stdout.fileno()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        r, _, _ = select.select([fd], [], [], None if remaining == float("inf") else remaining)  # no limit: wait
        if not r:
            raise TimeoutError
        head = self._read_exact(4)
        if head is None:
            return None
        body = self._read_exact(struct.unpack(">I", head)[0])
        return None if body is None else json.loads(body)

    def kill(self) -> None:
        with self._ending:
            if self.proc is not None:
                try:
                    self.proc.kill()
                except OSError:
                    pass
                try:
                    self.proc.wait()
                except ChildProcessError:  # already reaped
                    pass
                self._close_pipes()
                self.proc = None

    def _close_pipes(self) -> None:
        if isinstance(self.proc, _Forked):
            self.proc.closed()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def close(self) -> None:
        import subprocess
        with self._ending:
            if self.proc is not None:
                try:
                    self.proc.stdin.close()
                    self.proc.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    self.kill()
                    return
                self._close_pipes()
                self.proc = None

    # -- one file ----------------------------------------------------------------------------------
    def run(self, path: str, timeout: Optional[float], task: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        """Parse one file in the worker process; an outcome dict (see worker.py), never raises.
        `task`: more fields of the task message (`label`, `pickle`)."""
        try:
            if self.proc is None or self.proc.poll() is not None:
                self.kill()
                self._start()
            self._send({**(task or {}), "path": path})
        except (OSError, WorkerDied, TimeoutError) as e:
            self.kill()
            return _failed(path, None, None, "worker_crashed", f"the worker process could not run: {e}")
        deadline = time.monotonic() + timeout if timeout else float("inf")
        key = sha = None
        while True:
            try:
                msg = self._read(deadline)
            except TimeoutError:
                self.kill()
                return _failed(path, sha, key, "timeout", f"parsing took longer than the limit of {timeout:g} s")
            except (OSError, ValueError):
                msg = None
            if msg is None:
                return self._died(path, sha, key)
            if msg["type"] == "started":
                key, sha = msg["key"], msg["sha256"]
                continue
            self.tasks += 1
            self.peak_rss_kb = max(self.peak_rss_kb, msg.get("maxrss_kb") or 0)
            if msg.get("exit") or self.tasks >= self.max_tasks:
                self.close()
            return msg

    def _died(self, path: str, sha: Optional[str], key: Optional[str]) -> dict[str, Any]:
        proc = self.proc
        rc = proc.wait() if proc is not None else None
        self._close_pipes()
        self.proc = None
        if rc is not None and rc < 0 and -rc == signal.SIGKILL:
            return _failed(path, sha, key, "out_of_memory",
                           "the worker process was killed (SIGKILL), most likely for exhausting memory")
        how = f"signal {signal.Signals(-rc).name}" if rc is not None and rc < 0 else f"exit code {rc}"
        return _failed(path, sha, key, "worker_crashed", f"the worker process died while parsing ({how})")


def _failed(path: str, sha: Optional[str], key: Optional[str], code: str, message: str) -> dict[str, Any]:
    text = error_json(path, sha, code, message)
    return {"type": "done", "status": "error", "path": path, "key": key, "sha256": sha, "json": text,
            "summary": summarize(json.loads(text)), "maxrss_kb": None}


def run_local(paths: Iterable[str], cfg: dict[str, Any], workers: int, timeout: Optional[float],
              on_outcome: Callable[[dict], None], tick: Callable[[], None] = lambda: None,
              max_tasks: int = 200, tasks: Optional[dict[str, dict]] = None) -> list[int]:
    """Parse every path in `workers` worker processes; `on_outcome` runs in this thread for each.
    `tasks`: more fields of each path's task message (a batch's `stem` and `report_id`); each worker
    slot writes its own shard (`shards.py`). Returns the peak ru_maxrss (KiB) of each worker slot."""
    todo: "queue.Queue[str]" = queue.Queue()
    n = 0
    for p in paths:
        todo.put(p)
        n += 1
    if n == 0:
        return []
    done: "queue.Queue[dict]" = queue.Queue()
    sandboxes = [Sandbox(dict(cfg, shard=f"local-{i}"), max_tasks=max_tasks) for i in range(max(1, min(workers, n)))]
    tasks = tasks or {}
    stop = threading.Event()

    def loop(sb: Sandbox) -> None:
        try:
            while not stop.is_set():
                try:
                    p = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    done.put(sb.run(p, timeout, tasks.get(p)))
                except Exception as e:  # never lose a file, whatever happens here
                    done.put(_failed(p, None, None, "worker_crashed", f"{type(e).__name__}: {e}"))
        finally:
            sb.kill() if stop.is_set() else sb.close()

    threads = [threading.Thread(target=loop, args=(sb,), daemon=True) for sb in sandboxes]
    for t in threads:
        t.start()
    got = 0
    try:
        while got < n:
            try:
                out = done.get(timeout=0.5)
            except queue.Empty:
                tick()
                continue
            on_outcome(out)
            got += 1
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=5)
        for sb in sandboxes:
            sb.kill()
    return [sb.peak_rss_kb for sb in sandboxes]
