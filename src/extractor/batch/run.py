"""`run_batch`: discover inputs, skip what is done, parse the rest in workers, rebuild the outputs."""
from __future__ import annotations

import errno
import os
import time
from pathlib import Path
from typing import Any, Iterable, Optional

from ..files import assign_stems, write_atomic
from ..limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
from .inputs import discover
from .pool import _failed, run_local
from .progress import Progress
from .store import State, Stream, Summary, finalize, up_to_date


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _local_folder(outdir: str) -> str:
    """OUTDIR as a local path: a `file://` URL is one; other URLs are refused (the shards, the SQLite
    database and atomic renames need a file system: on a cluster, a folder the workers share)."""
    if outdir.startswith("file://"):
        return outdir[7:]
    if "://" in outdir:
        raise OSError(errno.EPROTONOSUPPORT, "the output folder must be a local path or a file:// URL "
                      "(on a cluster: a folder the workers share)", outdir)
    return outdir


def run_batch(inputs: Iterable[str], outdir: str | os.PathLike, *, workers: Optional[int] = None,
              timeout: Optional[float] = DEFAULT_TIMEOUT, max_memory_mb: Optional[int] = DEFAULT_MAX_MEMORY_MB,
              max_bytes: Optional[int] = DEFAULT_MAX_BYTES, db: Optional[str] = None, dask: Any = None,
              progress: str = "auto", max_tasks_per_child: int = 200, replace: bool = False,
              retry_failed: bool = False) -> Summary:
    """Parse a batch into OUTDIR (see the README's Batches section). `dask`: a scheduler address or a
    `distributed.Client`. Returns the closing summary; error records count in `summary.failed`.

    Into a folder that holds results, the batch adds: the outputs cover every input any run gave
    (inputs given again are updated when their content changed); `replace=True` mirrors exactly
    these inputs. Error records of a limit (timeout, memory, size) are redone when the limits
    change, every error record with `retry_failed`."""
    out = Path(_local_folder(str(outdir)))
    out.mkdir(parents=True, exist_ok=True)
    found = discover(inputs, exclude=[str(out)])
    limits = {"timeout": timeout, "max_memory_mb": max_memory_mb, "max_bytes": max_bytes}
    state = State(out, limits, found.stats)
    paths = found.paths if replace else sorted(set(found.paths) | set(state.manifest))
    stems = assign_stems(paths, state.stems())
    todo = [p for p in found.paths if p not in found.problems
            and (state.known(p) is None or state.stale(p, retry_failed))]
    for p in todo:
        if state.known(p) is not None:
            state.forget(p)
    todo.sort(key=_size, reverse=True)  # biggest first: no long file left alone at the end
    cached = len(found.paths) - len(todo) - len(found.problems)  # the problems' records are made below
    bar = Progress(len(found.paths), done=cached, mode=progress)
    ids = {p: i for i, p in enumerate(paths, 1)}
    stream = Stream(state, ids)
    cfg = {"max_bytes": max_bytes, "max_memory_mb": max_memory_mb, "results_dir": str(state.results.resolve()),
           "outdir": str(out.resolve()), "shards_dir": str(stream.dir.resolve()),
           "origins": {p: found.origins[p] for p in todo if p in found.origins}}
    tasks = {p: {"stem": stems[p], "report_id": ids[p]} for p in todo}  # what a worker needs to write the outputs
    # records done by an earlier run, whose outputs this run rewrites (in path order, with new report
    # ids): relabelled and turned into lines and rows by the workers too, not one by one at the end
    restore = [] if not todo and up_to_date(state, paths, stems, db, found.skipped) else \
        [p for p in paths if p not in tasks and p not in found.problems and state.stored(p)]
    restoring = set(restore)
    for p in restore:
        tasks[p] = {"stem": stems[p], "report_id": ids[p], "key": state.manifest[p]["key"]}

    def on_outcome(o: dict[str, Any]) -> None:
        nonlocal cached
        if o["path"] in restoring:  # an earlier run's record, written out again by a worker
            if o.get("shard") and o["status"] == "restored":  # (else, a worker's timeout or crash
                stream.took(o["path"], o)                     # included: read back at the end)
            return
        text = state.record(o)
        if o.get("shard"):  # the worker wrote the per-report JSON, its JSONL line and database rows
            stream.took(o["path"], o)
        elif text is not None:  # written here, once
            write_atomic(out / f"{stems[o['path']]}.json", text)
            stream.add(o["path"], f"{stems[o['path']]}.json", text, o)
        if o["status"] == "cached":
            cached += 1
        bar.advance(o.get("summary"))

    t0 = time.monotonic()
    peaks: list[int] = []
    try:
        for p, why in sorted(found.problems.items()):  # broken links, loops, unreadable folders: records
            on_outcome(_failed(p, None, None, "unreadable_file", why))
        if dask is not None and (todo or restore):
            from .dask_runner import run_dask
            peaks = run_dask(todo + restore, tasks, cfg, dask, timeout, on_outcome, bar.tick)
        elif todo or restore:
            peaks = run_local(todo + restore, cfg, workers or os.cpu_count() or 1, timeout, on_outcome, bar.tick,
                              max_tasks=max_tasks_per_child, tasks=tasks)
    finally:
        bar.close()
        state.close()
    parse_seconds = time.monotonic() - t0
    summary = finalize(state, paths, stems, db, found.skipped, stream)
    summary.cached = cached
    summary.skipped_files = len(found.skipped)
    summary.skipped_records = dict(sorted(found.skipped_records.items()))
    summary.worker_peak_rss_mb = [round(p / 1024, 1) for p in peaks]
    summary.parse_seconds = parse_seconds
    for line in summary.lines():
        bar.print(f"extractor batch: {line}")
    return summary
