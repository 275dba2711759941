"""Limits on every parse: time, memory and size, for `extractor.parse()`, `extractor parse` and the batch.

    extractor.parse("report.pdf")                           # defaults: 60 s, 1024 MB, 100 MB
    extractor.parse("report.pdf", timeout=0, max_memory_mb=0)   # none: parsed in this process

With a time or a memory limit the file is parsed in a worker process (`batch/worker.py`, the batch's
machinery: RLIMIT_AS for memory, the process killed at the time limit), kept alive between calls of
the same thread so that only the first call pays for starting it; the Result comes back pickled, so
it is exactly the object an in-process parse makes (the same JSON). Inputs are read as streams up to
`max_bytes`: a FIFO, stdin or /dev/zero that goes on gets `too_large` without being read further.
"""
from __future__ import annotations

import atexit
import json
import os
import select
import signal
import stat
import threading
import warnings
from dataclasses import dataclass
from typing import IO, Any, Callable, Optional, Union

from .files import SMALL_HASH, sha256
from .names import display_path
from .result import Issue, Result, Source

DEFAULT_TIMEOUT = 60.0  # seconds per file (the slowest real report parses in a few seconds)
DEFAULT_MAX_MEMORY_MB = 4096  # address space of the worker process (OCR: about 1 GB resident, more address space, kept between files)
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
CHUNK = 1 << 20
FIFO_WAIT = 5.0  # seconds a FIFO is given for a writer to appear


@dataclass(frozen=True)
class Limits:
    """Per-file limits; 0 or None for none."""
    timeout: Optional[float] = DEFAULT_TIMEOUT
    max_memory_mb: Optional[int] = DEFAULT_MAX_MEMORY_MB
    max_bytes: Optional[int] = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        for name in ("timeout", "max_memory_mb", "max_bytes"):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0):
                raise ValueError(f"{name} must be a number ≥ 0 (0: no limit), not {v!r}")
            object.__setattr__(self, name, v or None)

    @property
    def isolated(self) -> bool:
        """Whether parsing needs a worker process (a time or a memory limit)."""
        return bool(self.timeout or self.max_memory_mb)


@dataclass
class Input:
    """An input read within the size limit, or the error code why not."""
    data: Optional[bytes]
    sha256: Optional[str]
    size: Optional[int]
    code: Optional[str] = None  # an error: too_large, unreadable_file
    message: Optional[str] = None


def _is_regular(f: IO[bytes]) -> bool:
    try:
        return stat.S_ISREG(os.fstat(f.fileno()).st_mode)
    except (OSError, AttributeError, ValueError):
        return True  # a remote (fsspec) file: finite


def _size(f: IO[bytes]) -> int:
    """A regular file's size (which SHA-256 to hash it with); SMALL_HASH for a stream or a remote file."""
    try:
        st = os.fstat(f.fileno())
        return st.st_size if stat.S_ISREG(st.st_mode) else SMALL_HASH
    except (OSError, AttributeError, ValueError):
        return SMALL_HASH


def read_stream(f: IO[bytes], max_bytes: Optional[int]) -> Input:
    """Read and hash a stream, never holding more than max_bytes + one chunk. Over the limit: the rest
    of a regular file is hashed (the batch's resume key); a stream (FIFO, device, stdin) is left."""
    h = sha256(size=_size(f))
    chunks: list[bytes] = []
    n = 0
    while True:
        chunk = f.read(CHUNK)
        if not chunk:
            break
        n += len(chunk)
        h.update(chunk)
        if max_bytes is not None and n > max_bytes:
            chunks.clear()
            if not _is_regular(f):
                return Input(None, None, None, "too_large",
                             f"a stream of more than {max_bytes} bytes (the limit; not read further)")
            for chunk in iter(lambda: f.read(CHUNK), b""):
                n += len(chunk)
                h.update(chunk)
            return Input(None, h.hexdigest(), n, "too_large", f"{n} bytes is over the limit of {max_bytes} bytes")
        chunks.append(chunk)
    data = b"".join(chunks)
    return Input(data, h.hexdigest(), n)


def open_input(path: str) -> IO[bytes]:
    """Open a local file for reading. A FIFO is opened without blocking and given FIFO_WAIT seconds
    for a writer to send something; with none it reads as empty instead of hanging."""
    try:
        special = stat.S_ISFIFO(os.stat(path).st_mode)
    except (OSError, ValueError):  # ValueError: a NUL in the name; open() says so below
        special = False
    if not special:
        return open(path, "rb")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    select.select([fd], [], [], FIFO_WAIT)  # (Linux: no hang-up is reported before a writer came)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_input(path: str, max_bytes: Optional[int], opener: Callable[[str], IO[bytes]] = open_input) -> Input:
    try:
        with opener(path) as f:
            return read_stream(f, max_bytes)
    except (OSError, ValueError) as e:
        why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        return Input(None, None, None, "unreadable_file", f"cannot read {display_path(path)}: {why}")


def parse_quietly(data: bytes, path: Optional[str], origin: Optional[dict] = None) -> Result:
    """The pipeline in this process, library warnings caught (they are not the caller's business)."""
    from .model import Origin
    from .pipeline import parse_bytes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_bytes(data, path, Origin.from_dict(origin) if origin else None)


# -- worker processes --------------------------------------------------------------------------
_local = threading.local()
FORK = False  # fork workers from this process (set by the command line, see `fork_workers`)
_all: list[Any] = []
_all_lock = threading.Lock()


def _sandbox(lim: Limits) -> Any:
    from .batch.pool import Sandbox
    boxes = getattr(_local, "boxes", None)
    if boxes is None or getattr(_local, "pid", None) != os.getpid():  # a forked child starts its own
        boxes = _local.boxes = {}
        _local.pid = os.getpid()
    from .readers.protocol import ocr_enabled
    key = (lim.max_memory_mb, lim.max_bytes, ocr_enabled())  # a worker keeps the OCR switch it started with
    if key not in boxes:
        boxes[key] = Sandbox({"max_bytes": lim.max_bytes, "max_memory_mb": lim.max_memory_mb, "results_dir": None},
                             fork=FORK)
        with _all_lock:
            _all.append((os.getpid(), boxes[key]))
    return boxes[key]


HERE = False  # a text or HTML report parsed under its limits in this process (set by the command line, see `limit_here`)
HERE_TYPES = ("text/plain", "text/html")  # read by Python code, `re` (whose matching loop runs signal handlers) and libxml2
HARD_STOP = 5.0  # seconds past the time limit after which a parse stuck in a C call ends the process (exit 1)


def limit_here() -> None:
    """Enforce the limits of a text or HTML report in this process rather than a forked worker: for a
    command-line process parsing one file (the fork and its copied pages cost 10–15 ms, a tenth of a small
    report's start-up, issue 16). PDFs, Word and other containers, read by C libraries that may neither
    return nor check for signals, and several files (a parse cut short may leave a cache half made) still
    go to the worker."""
    global HERE
    HERE = True


def _here(path: str) -> bool:
    """Whether this file is parsed here: `limit_here()` was called, this process runs one thread (the
    main one: signals), POSIX timers and limits exist, and the file is a regular one whose first MiB
    sniffs as text or HTML (a FIFO or a device: the worker, which reads it once)."""
    if not HERE or not hasattr(signal, "setitimer") or threading.active_count() != 1 \
            or threading.current_thread() is not threading.main_thread():
        return False
    try:
        import resource  # noqa: F401  (POSIX)
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as f:
            head = f.read(CHUNK)
        from .readers import sniff
        return sniff(head, path) in HERE_TYPES
    except Exception:  # whatever a sniffer makes of a cut first MiB: the worker, as before
        return False


class _Late(BaseException):
    """The time limit, raised into the parse by SIGALRM (not an Exception: no `except Exception` keeps it)."""


def _late(signum: int, frame: Any) -> None:
    raise _Late


def _record_here(path: str, lim: Limits) -> dict[str, Any]:
    """The worker's `done` message for one file parsed in this process under the limits: the worker's own
    `process` (reading, hashing, the parse, MemoryError as out_of_memory) with RLIMIT_AS lowered to the
    address space now plus the memory limit (the pipeline imported first, as a forked worker has it) and
    SIGALRM at the time limit (a timeout record, as when the worker is killed). A C call that outlasts the
    limit by HARD_STOP seconds is ended by faulthandler's watchdog thread (`_exit(1)`), never a hang."""
    import faulthandler
    import resource
    import time
    from . import pipeline  # noqa: F401
    from .batch.worker import _address_space, process
    from .jsontext import indented  # noqa: F401  (what writing a record needs, imported before the alarm)
    got: dict[str, Any] = {}
    cfg = {"max_bytes": lim.max_bytes, "max_memory_mb": lim.max_memory_mb, "results_dir": None}
    memory = resource.getrlimit(resource.RLIMIT_AS)
    handler = signal.signal(signal.SIGALRM, _late)
    sink = open(os.devnull, "w")

    def disarm() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        faulthandler.cancel_dump_traceback_later()

    try:
        if lim.max_memory_mb:
            limit = int(lim.max_memory_mb) * 1024 * 1024 + _address_space()
            if memory[1] == resource.RLIM_INFINITY or memory[1] > limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, memory[1]))
        start = time.monotonic()
        try:
            try:
                if lim.timeout:
                    faulthandler.dump_traceback_later(lim.timeout + HARD_STOP, exit=True, file=sink)
                    signal.setitimer(signal.ITIMER_REAL, lim.timeout)
                out = process(path, cfg, lambda key, sha: got.update(key=key, sha=sha), {"label": path, "record": True})
            finally:
                disarm()
            if lim.timeout and time.monotonic() - start > lim.timeout:
                raise _Late  # done, but past the limit: the worker would have been killed
        except _Late:
            disarm()  # (the alarm came before the finally above ran)
            out = None
    finally:
        resource.setrlimit(resource.RLIMIT_AS, memory)
        signal.signal(signal.SIGALRM, handler)
        sink.close()
    if out is None:
        from .batch.pool import _failed
        out = _failed(path, got.get("sha"), got.get("key"), "timeout",
                      f"parsing took longer than the limit of {lim.timeout:g} s")
    return out


def fork_workers() -> None:
    """Fork the worker from this process (when it runs one thread) instead of starting an interpreter:
    for a fresh command-line process only. A long-lived caller may hold native thread pools (an OCR
    engine, BLAS) that threading does not see and that a fork would leave broken in the child."""
    global FORK
    FORK = True


@atexit.register
def _close_all() -> None:
    with _all_lock:
        for pid, sb in _all:
            if pid == os.getpid():  # a forked child leaves its parent's workers alone
                try:
                    sb.kill()
                except Exception:
                    pass
        _all.clear()


def _from_outcome(out: dict[str, Any], label: Optional[str]) -> Result:
    if out.get("pickle"):
        import base64  # (and pickle: only for parse(), not the command line's record())
        import pickle
        result = pickle.loads(base64.b64decode(out["pickle"]))
    else:  # an error record the parent made (timeout, crash): source and issues only
        d = json.loads(out["json"])
        result = Result(source=Source.from_dict(d["source"]), issues=[Issue(**i) for i in d["issues"]])
    result.source.path = display_path(label) if label is not None else None
    return result


def _isolated(path: str, label: Optional[str], lim: Limits) -> Result:
    out = _sandbox(lim).run(path, lim.timeout, {"label": label, "pickle": True})
    return _from_outcome(out, label)


def parse(source: Union[str, os.PathLike, bytes], *, timeout: Optional[float] = DEFAULT_TIMEOUT,
          max_memory_mb: Optional[int] = DEFAULT_MAX_MEMORY_MB, max_bytes: Optional[int] = DEFAULT_MAX_BYTES) -> Result:
    """Parse a report from a path or bytes under limits (0: none). Never raises for bad input:
    too big → `too_large`, too slow → `timeout`, too much memory → `out_of_memory` error records.
    Bad template data in the package raises templates.TemplateError (naming the file and key) before anything is read."""
    from .templates import check_all
    check_all()
    lim = Limits(timeout, max_memory_mb, max_bytes)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return parse_data(bytes(source), None, lim)
    path = os.fspath(source)
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    return _parse_path(path, lim)


def _parse_path(path: str, lim: Limits) -> Result:
    if lim.isolated:
        return _isolated(path, path, lim)
    inp = read_input(path, lim.max_bytes)
    if inp.data is None:
        return Result.error(path, inp.sha256, inp.code, inp.message)
    return parse_quietly(inp.data, path)


def record(path: str, lim: Limits) -> dict[str, Any]:
    """`parse(path).to_dict()`: the contract's record of one file (what `extractor parse` writes), under the
    limits. A worker sends it as JSON rather than the pickled Result, so this process neither unpickles a
    Result nor imports the modules of its classes (a legacy report's: the legacy reader): 3–5 ms of a start."""
    from .templates import check_all
    check_all()
    if not lim.isolated:
        return _parse_path(path, lim).to_dict()
    if _here(path):
        out = _record_here(path, lim)
    else:
        out = _sandbox(lim).run(path, lim.timeout, {"label": path, "record": True})
    d = out["record"] if out.get("record") is not None else json.loads(out["json"])
    d["source"]["path"] = display_path(path)
    return d


def parse_data(data: bytes, label: Optional[str], lim: Limits) -> Result:
    """Bytes already in memory (stdin, the API): checked against max_bytes, parsed under the limits."""
    if lim.max_bytes is not None and len(data) > lim.max_bytes:
        return Result.error(label, sha256(data).hexdigest(), "too_large",
                            f"{len(data)} bytes is over the limit of {lim.max_bytes} bytes")
    if not lim.isolated:
        return parse_quietly(data, label)
    import tempfile  # (and shutil, random …) only for bytes parsed under limits
    fd, tmp = tempfile.mkstemp(prefix="extractor-", suffix=".input")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return _isolated(tmp, label, lim)
    finally:
        os.unlink(tmp)


def parse_stream(f: IO[bytes], label: Optional[str], lim: Limits) -> Result:
    """A stream (stdin) read up to max_bytes, then parsed under the limits."""
    inp = read_stream(f, lim.max_bytes)
    if inp.data is None:
        return Result.error(label, inp.sha256, inp.code, inp.message)
    return parse_data(inp.data, label, lim)
