"""`--dask ADDRESS`: the same batch on a dask.distributed cluster.

Each Dask worker thread keeps one `Sandbox` (a worker process of its own, with the same time and
memory limits as a local run). Where the output folder is visible from the Dask worker (a shared
folder: the worker finds the token file the client left in the shards folder), the worker process
writes each record's outputs itself — `results/`, `<stem>.json`, its own shard of JSONL lines and
database rows (`shards.py`) — and the task returns only where the line is and a summary, so records
do not travel through the client. Elsewhere the task returns the record and the client writes it
(as it would locally). Either way resume and outputs are those of a local run. Inputs must be
readable from the workers: a shared path or an fsspec URL (s3://…, gs://…).
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Optional

_local = threading.local()


TOKEN = ".client-{}"  # in the shards folder: a Dask worker that sees it writes the outputs itself


def _worker_cfg(cfg: dict[str, Any]) -> dict[str, Any]:
    """This thread's configuration: its own shard when it sees the output folder, else none."""
    import os
    import socket
    if os.path.exists(os.path.join(cfg.get("shards_dir") or "", TOKEN.format(cfg.get("token")))):
        return dict(cfg, shard=f"dask-{socket.gethostname()}-{os.getpid()}-{threading.get_ident()}")
    return {k: v for k, v in cfg.items() if k != "shards_dir"}


def parse_on_worker(path: str, task: dict[str, Any], cfg: dict[str, Any], timeout: Optional[float]) -> dict[str, Any]:
    """The Dask task: one file in this worker's sandbox."""
    from .pool import Sandbox
    cfg = _worker_cfg(cfg)
    sb = getattr(_local, "sandbox", None)
    if sb is not None and any(sb.cfg.get(k) != v for k, v in cfg.items()):
        sb.kill()  # another batch (another OUTDIR or other limits) on the same cluster
        sb = None
    if sb is None:
        # no PDEATHSIG: the thread that starts it may end before the Dask worker does
        sb = _local.sandbox = Sandbox(cfg, die_with_parent=False)
    out = sb.run(path, timeout, task)
    out["worker_peak_rss_kb"] = sb.peak_rss_kb
    return out


def run_dask(paths: list[str], tasks: dict[str, dict], cfg: dict[str, Any], address: Any,
             timeout: Optional[float], on_outcome: Callable[[dict], None],
             tick: Callable[[], None] = lambda: None) -> list[int]:
    import os
    import uuid
    from distributed import Client, as_completed
    client = address if isinstance(address, Client) else Client(address)
    cfg = dict(cfg, token=uuid.uuid4().hex)
    token = os.path.join(cfg["shards_dir"], TOKEN.format(cfg["token"]))
    open(token, "w").close()
    try:
        from .pool import _failed
        futures = client.map(parse_on_worker, paths, [tasks[p] for p in paths], cfg=cfg, timeout=timeout, pure=False)
        path_of = {f.key: p for f, p in zip(futures, paths)}
        peak = 0
        for fut in as_completed(futures):
            try:
                out = fut.result()
            except Exception as e:  # the Dask worker itself died (KilledWorker) or the task failed
                out = _failed(path_of[fut.key], None, None, "worker_crashed", f"dask: {type(e).__name__}: {e}")
            on_outcome(out)
            peak = max(peak, out.get("worker_peak_rss_kb") or 0)
            fut.release()
            tick()
        return [peak]
    finally:
        if client is not address:
            client.close()
        try:
            os.unlink(token)
        except OSError:
            pass
