"""The worker process: reads, hashes and parses one file at a time, under a memory limit.

Started by `pool.Sandbox` as `python -m extractor.batch.worker`; it speaks length-prefixed JSON
frames on a private copy of stdout (the real stdout goes to stderr so that nothing a library prints
can corrupt the protocol) and reads one JSON line per task on stdin:

    parent → {"max_bytes": …, "max_memory_mb": …, "results_dir": …}   (once)
    worker → {"type": "ready"}
    parent → {"path": …}
    worker → {"type": "started", "key": …, "sha256": …}             (after hashing, before parsing)
    worker → {"type": "done", "status": "parsed|cached|error", "key", "sha256", "json", "summary", …}

The parent enforces the time limit by killing the process; the memory limit is RLIMIT_AS.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import struct
import sys
import threading
import time
from typing import Any, Callable, Optional

CHUNK = 1 << 20
# Test hooks (used by the test suite only): a path containing the value triggers the behaviour.
CRASH_HOOK = "EXTRACTOR_BATCH_TEST_CRASH"
HOG_HOOK = "EXTRACTOR_BATCH_TEST_HOG"


def work_key(sha256: str, origin: Optional[dict] = None) -> str:
    """The unit of resume: the content hash (and where fetched bytes came from, which `source.origin`
    records) and the extractor version that parsed it."""
    from .. import __version__
    if origin:
        where = hashlib.sha256(json.dumps(origin, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
        return f"{sha256}-{where[:12]}-{__version__}"
    return f"{sha256}-{__version__}"


def _open(path: str):
    if "://" in path and not path.startswith("file://"):
        import fsspec  # only for remote inputs (s3://, gs://, http://, …)
        return fsspec.open(path, "rb").open()
    return open(path[7:] if path.startswith("file://") else path, "rb")


def _size(path: str) -> Optional[int]:
    if "://" in path and not path.startswith("file://"):
        import fsspec
        fs, p = fsspec.core.url_to_fs(path)
        return fs.size(p)
    return os.stat(path[7:] if path.startswith("file://") else path).st_size


def _hash_stream(path: str) -> str:
    h = hashlib.sha256()
    with _open(path) as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def process(path: str, cfg: dict[str, Any], started: Callable[[str, str], None]) -> dict[str, Any]:
    """One input → a `done` message. Never raises for bad input."""
    from .records import error_json, summarize

    def error(code: str, message: str, sha: Optional[str] = None, key: Optional[str] = None) -> dict:
        text = error_json(path, sha, code, message)
        return {"type": "done", "status": "error", "path": path, "key": key, "sha256": sha, "json": text,
                "summary": summarize(json.loads(text)), "maxrss_kb": _maxrss_kb()}

    max_bytes = cfg.get("max_bytes")
    extra = (cfg.get("origins") or {}).get(path) or {}  # fetched files and WARC records (batch/inputs.py)
    origin = extra.get("origin")
    if extra.get("error"):
        return error("unreadable_file", extra["error"])
    if extra.get("warc_file"):
        from ..fetch.warc import read_record
        try:
            data = read_record(extra["warc_file"], extra["warc_offset"])
        except Exception as e:  # a damaged record: one line, the batch goes on
            return error("unreadable_file", f"cannot read the WARC record {path}: {type(e).__name__}: {e}")
        return _parse(path, data, cfg, started, error, origin)
    try:
        size = _size(path)
        if max_bytes is not None and size is not None and size > max_bytes:
            sha = _hash_stream(path)
            key = work_key(sha)
            started(key, sha)
            return error("too_large", f"{size} bytes is over the limit of {max_bytes} bytes", sha, key)
        with _open(path) as f:
            data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    except OSError as e:
        return error("unreadable_file", f"cannot read {path}: {e.strerror or e}")
    if max_bytes is not None and len(data) > max_bytes:  # grew while we looked
        del data
        sha = _hash_stream(path)
        started(work_key(sha), sha)
        return error("too_large", f"over the limit of {max_bytes} bytes", sha, work_key(sha))
    return _parse(path, data, cfg, started, error, origin)


def _parse(path: str, data: bytes, cfg: dict[str, Any], started: Callable[[str, str], None],
           error: Callable[..., dict], origin: Optional[dict]) -> dict[str, Any]:
    from ..model import Origin
    from ..pipeline import parse_bytes
    from .records import summarize
    max_bytes = cfg.get("max_bytes")
    sha = hashlib.sha256(data).hexdigest()
    key = work_key(sha, origin)
    started(key, sha)
    if max_bytes is not None and len(data) > max_bytes:
        return error("too_large", f"{len(data)} bytes is over the limit of {max_bytes} bytes", sha, key)
    rdir = cfg.get("results_dir")
    if rdir and os.path.exists(os.path.join(rdir, key + ".json")):
        return {"type": "done", "status": "cached", "path": path, "key": key, "sha256": sha, "json": None,
                "summary": None, "maxrss_kb": _maxrss_kb()}
    crash, hog = os.environ.get(CRASH_HOOK), os.environ.get(HOG_HOOK)
    if crash and crash in path:
        os.kill(os.getpid(), signal.SIGSEGV)
    try:
        if hog and hog in path:
            if not cfg.get("max_memory_mb"):
                raise MemoryError
            _ = [bytearray(CHUNK * 64) for _ in range(1 << 14)]  # 1 TiB: over the limit
        result = parse_bytes(data, path, Origin.from_dict(origin) if origin else None)
        del data
        first = next((i for i in result.issues if i.severity == "error"), None)
        if first is not None and first.code == "too_large" and "memory" in first.message:
            raise MemoryError
        text = result.to_json()
    except MemoryError:
        data = result = None
        limit = cfg.get("max_memory_mb")
        msg = f"parsing exceeded the worker memory limit of {limit} MB" if limit else "parsing ran out of memory"
        out = error("out_of_memory", msg, sha, key)
        out["exit"] = True  # a fresh process for the next file
        return out
    out = {"type": "done", "status": "parsed" if result.ok else "error", "path": path, "key": key,
           "sha256": sha, "json": text, "summary": summarize(result.to_dict()), "maxrss_kb": _maxrss_kb()}
    return out


def _watch_parent(ppid: int) -> None:
    while True:
        if os.getppid() != ppid:
            os._exit(3)
        time.sleep(0.5)


def _die_with_parent() -> None:
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def main() -> None:
    proto = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # stray prints from libraries go to stderr, not into the protocol
    sys.stdout = sys.stderr
    inp = sys.stdin.buffer

    def send(msg: dict) -> None:
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8", "backslashreplace")  # a non-UTF-8 name: a \udcNN escape
        proto.write(struct.pack(">I", len(body)) + body)

    cfg = json.loads(inp.readline())
    ppid = cfg.get("parent_pid") or os.getppid()
    if cfg.get("die_with_parent"):
        _die_with_parent()
    threading.Thread(target=_watch_parent, args=(ppid,), daemon=True).start()
    # import everything a parse needs before the memory limit, so the limit is for the parse
    from .. import pipeline  # noqa: F401
    from ..readers import html, pdf, text  # noqa: F401
    from . import records  # noqa: F401
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    mb = cfg.get("max_memory_mb")
    if mb:
        limit = int(mb) * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    send({"type": "ready", "pid": os.getpid()})
    while True:
        line = inp.readline()
        if not line:
            return
        task = json.loads(line)
        out = process(task["path"], cfg, lambda key, sha: send({"type": "started", "key": key, "sha256": sha}))
        send(out)
        if out.get("exit"):
            return


if __name__ == "__main__":
    main()
