"""`--dask ADDRESS`: the same batch on a dask.distributed cluster.

Each Dask worker process keeps one `Sandbox` (a worker process of its own, with the same time and
memory limits as a local run); tasks return the same outcomes, and the client stores and writes
them exactly as a local run does, so resume and outputs are the same. Inputs must be readable
from the workers: a shared path or an fsspec URL (s3://…, gs://…).
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Optional

_local = threading.local()


def parse_on_worker(path: str, cfg: dict[str, Any], timeout: Optional[float]) -> dict[str, Any]:
    """The Dask task: one file in this worker's sandbox."""
    from .pool import Sandbox
    sb = getattr(_local, "sandbox", None)
    if sb is not None and any(sb.cfg.get(k) != v for k, v in cfg.items()):
        sb.kill()  # another batch (another OUTDIR or other limits) on the same cluster
        sb = None
    if sb is None:
        # no PDEATHSIG: the thread that starts it may end before the Dask worker does
        sb = _local.sandbox = Sandbox(cfg, die_with_parent=False)
    out = sb.run(path, timeout)
    out["worker_peak_rss_kb"] = sb.peak_rss_kb
    return out


def run_dask(paths: list[str], cfg: dict[str, Any], address: Any, timeout: Optional[float],
             on_outcome: Callable[[dict], None], tick: Callable[[], None] = lambda: None) -> list[int]:
    from distributed import Client, as_completed
    client = address if isinstance(address, Client) else Client(address)
    try:
        from .pool import _failed
        futures = client.map(parse_on_worker, paths, cfg=cfg, timeout=timeout, pure=False)
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
