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
        from ..files import sha256
        where = sha256(json.dumps(origin, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
        return f"{sha256}-{where[:12]}-{__version__}"
    return f"{sha256}-{__version__}"


def _open(path: str):
    if "://" in path and not path.startswith("file://"):
        import fsspec  # only for remote inputs (s3://, gs://, http://, …)
        return fsspec.open(path, "rb").open()
    from ..limits import open_input
    return open_input(path[7:] if path.startswith("file://") else path)


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _parse(data: bytes, path: Optional[str], cfg: dict[str, Any], origin: Optional[dict] = None) -> Any:
    from ..limits import parse_quietly
    crash, hog = os.environ.get(CRASH_HOOK), os.environ.get(HOG_HOOK)
    if crash and path and crash in path:
        os.kill(os.getpid(), signal.SIGSEGV)
    if hog and path and hog in path:
        if not cfg.get("max_memory_mb"):
            raise MemoryError
        _ = [bytearray(CHUNK * 64) for _ in range(1 << 14)]  # 1 TiB: over the limit
    result = parse_quietly(data, path, origin)
    first = next((i for i in result.issues if i.severity == "error"), None)
    if first is not None and first.code == "too_large" and "memory" in first.message:
        raise MemoryError
    return result


def process(path: str, cfg: dict[str, Any], started: Callable[[str, str], None],
            task: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """One input → a `done` message. Never raises for bad input. `task`: `label` (the path the record
    names, when `path` is a temporary copy) and `pickle` (also send the Result object, for `parse()`) or
    `record` (its `to_dict()` inside the message, for `limits.record`)."""
    from ..limits import read_input
    from ..result import Result
    from .records import storage_key, summarize
    task = task or {}
    label = task.get("label", path)
    writes = bool(cfg.get("shards_dir")) and "stem" in task  # this worker writes the record's outputs
    if writes:
        from .shards import write_record  # sqlite3 only in a batch's worker, not for one `extractor parse`

    def done(status: str, result: Optional[Result], sha: Optional[str], key: Optional[str], **extra: Any) -> dict:
        out = {"type": "done", "status": status, "path": path, "key": key, "sha256": sha,
               "json": None, "summary": None, "maxrss_kb": _maxrss_kb(), **extra}
        if result is not None and task.get("pickle"):  # parse(): the object itself, no JSON needed
            import base64
            import pickle
            out["pickle"] = base64.b64encode(pickle.dumps(result, pickle.HIGHEST_PROTOCOL)).decode("ascii")
        elif result is not None and task.get("record"):  # limits.record(): the contract's dict, in the frame
            out["record"] = result.to_dict()
        elif result is not None and writes:  # a batch: every output written here, only where it is sent
            out.update(write_record(cfg, task, path, storage_key(path, key), result.to_json(), new=True))
        elif result is not None:
            from .db import rows
            from .shards import jsonl_line
            out["json"] = result.to_json()
            d = json.loads(out["json"])  # the record as the parent reads it back
            out["summary"] = summarize(d)
            if cfg.get("results_dir"):  # a batch whose workers cannot write to OUTDIR: the line and rows made here
                out["line"] = jsonl_line(d)
                out["rows"] = rows(0, "", d)
        return out

    if task.get("key"):  # an earlier run's record, to write out again (the input is not read)
        try:
            with open(os.path.join(cfg["results_dir"], task["key"] + ".json"), encoding="utf-8") as f:
                stored = f.read()
        except OSError:
            stored = None  # gone since, or not visible from here: the parent reads it back at the end
        if writes and stored is not None:
            return dict(done("restored", None, None, task["key"]),
                        **write_record(cfg, task, path, task["key"], stored, new=False))
        return done("restored", None, None, task["key"])
    extra = (cfg.get("origins") or {}).get(path) or {}  # fetched files and WARC records (batch/inputs.py)
    origin = extra.get("origin")
    if extra.get("error"):
        return done("error", Result.error(label, None, "unreadable_file", extra["error"]), None, None)
    if extra.get("warc_file"):
        from ..fetch.warc import read_record
        try:
            data = read_record(extra["warc_file"], extra["warc_offset"])
        except Exception as e:  # a damaged record: one line, the batch goes on
            return done("error", Result.error(label, None, "unreadable_file",
                                              f"cannot read the WARC record {path}: {type(e).__name__}: {e}"), None, None)
        from ..files import sha256
        sha = sha256(data).hexdigest()
        key = work_key(sha, origin)
        started(key, sha)
    else:
        inp = read_input(path, cfg.get("max_bytes"), _open)
        key = work_key(inp.sha256, origin) if inp.sha256 else None
        if key:
            started(key, inp.sha256)
        if inp.data is None:
            return done("error", Result.error(label, inp.sha256, inp.code, inp.message), inp.sha256, key)
        data, sha = inp.data, inp.sha256
        del inp
    rdir = cfg.get("results_dir")
    if rdir and os.path.exists(os.path.join(rdir, key + ".json")):
        if writes:  # the same content done before (under this or another path): relabelled, written here
            try:
                with open(os.path.join(rdir, key + ".json"), encoding="utf-8") as f:
                    stored = f.read()
            except OSError:
                stored = None
            if stored is not None:
                return dict(done("cached", None, sha, key), **write_record(cfg, task, path, key, stored, new=False))
        else:
            return done("cached", None, sha, key)
    try:
        result = _parse(data, label, cfg, origin)
        del data
        return done("parsed" if result.ok else "error", result, sha, key)  # serialising can run out too
    except MemoryError:
        data = result = None
        limit = cfg.get("max_memory_mb")
        msg = f"parsing exceeded the worker memory limit of {limit} MB" if limit else "parsing ran out of memory"
        return done("error", Result.error(label, sha, "out_of_memory", msg), sha, key, exit=True)  # a fresh process next


def _address_space() -> int:
    """This process's address space now (VmSize), in bytes; 0 where /proc does not say."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _watch_parent(ppid: int) -> None:
    while True:
        if os.getppid() != ppid:
            os._exit(3)
        time.sleep(0.5)


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG: the kernel kills this worker when its parent dies, even inside a regular expression
    that holds the GIL (where `_watch_parent` cannot run). Called through `_ctypes`, the C half of ctypes
    (0.5 ms; `import ctypes` costs 2 ms of every forked worker, issue 16), else through ctypes."""
    try:
        import _ctypes

        class Prctl(_ctypes.CFuncPtr):
            _flags_ = _ctypes.FUNCFLAG_CDECL  # int arguments, an int result: ctypes' defaults

        Prctl(_ctypes.dlsym(_ctypes.dlopen("libc.so.6"), "prctl"))(1, int(signal.SIGKILL))
        return
    except Exception:
        pass
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except Exception:
        pass


def preload() -> None:
    """Import everything a parse needs (before the memory limit, so that the limit is for the parse)."""
    from .. import pipeline  # noqa: F401
    from .. import limits  # noqa: F401
    from ..readers import docx, html, pdf, text  # noqa: F401
    from . import records  # noqa: F401


def serve(inp: Any, proto: Any, cfg: dict[str, Any]) -> None:
    """The worker's loop: tasks as JSON lines on `inp`, length-prefixed JSON frames on `proto`."""
    def send(msg: dict) -> None:
        body = json.dumps(msg).encode("ascii")  # ASCII: a path in any bytes survives
        proto.write(struct.pack(">I", len(body)) + body)

    ppid = cfg.get("parent_pid") or os.getppid()
    if cfg.get("die_with_parent"):
        _die_with_parent()
    threading.Thread(target=_watch_parent, args=(ppid,), daemon=True).start()
    if not cfg.get("forked"):  # a fresh interpreter, for many files: all imported before the limit
        preload()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    mb = cfg.get("max_memory_mb")
    if mb:
        limit = int(mb) * 1024 * 1024
        if cfg.get("forked"):  # a fork starts with its parent's address space: the limit is on top of it
            limit += _address_space()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    send({"type": "ready", "pid": os.getpid()})
    while True:
        line = inp.readline()
        if not line:
            return
        task = json.loads(line)
        out = process(task["path"], cfg, lambda key, sha: send({"type": "started", "key": key, "sha256": sha}), task)
        send(out)
        if out.get("exit"):
            return


def main() -> None:
    proto = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # stray prints from libraries go to stderr, not into the protocol
    sys.stdout = sys.stderr
    inp = sys.stdin.buffer
    serve(inp, proto, json.loads(inp.readline()))


if __name__ == "__main__":
    main()
