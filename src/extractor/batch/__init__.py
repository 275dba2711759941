"""Batches at archive scale: `extractor batch` and `extractor export`.

    from extractor.batch import run_batch, frames
    summary = run_batch(["reports/"], "out/", workers=2)
    frames("out/")["cells"]          # pandas DataFrames: reports, cells, one wide table per template

Modules: `inputs` (what to parse), `worker` (the process that parses one file under limits),
`pool` (time limits, crashes, the local pool), `dask_runner` (the same on a Dask cluster),
`store` (resume state, atomic writes, outputs in path order), `shards` (the outputs each worker
writes itself), `db` (the SQL schema),
`exports` (pandas / Parquet / CSV), `progress`.
"""
__all__ = ["run_batch", "frames", "export"]


def __getattr__(name: str):  # lazy: the worker processes import this package and need neither pandas nor SQL
    if name in ("frames", "export"):
        from . import exports as mod
        return getattr(mod, name)
    if name == "run_batch":
        from .run import run_batch
        return run_batch
    raise AttributeError(name)
