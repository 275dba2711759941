"""Progress: a rich bar on a terminal, plain periodic lines otherwise, nothing when quiet."""
from __future__ import annotations

import sys
import time
from typing import Any, Optional, TextIO


def _eta(seconds: Optional[float]) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h{m:02d}m" if h else (f"{m}m{s:02d}s" if m else f"{s}s")


class Progress:
    """Counts done / failed; `mode` is "rich", "plain" or "none" ("auto": rich when stderr is a TTY)."""

    def __init__(self, total: int, done: int = 0, mode: str = "auto", stream: TextIO = None, every: float = 5.0):
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "rich" if getattr(self.stream, "isatty", lambda: False)() else "plain"
        self.mode, self.total, self.done, self.failed, self.every = mode, total, done, 0, every
        self.start_done = done
        self.t0 = time.monotonic()
        self.last = self.t0
        self._bar = self._task = None
        if mode == "rich":
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar, TaskProgressColumn,
                                       TextColumn, TimeElapsedColumn, TimeRemainingColumn)
            self._bar = Bar(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                            TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(),
                            TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn(),
                            console=Console(file=self.stream), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("batch", total=total, completed=done, rate="", failed=0)

    def rate(self) -> Optional[float]:
        dt = time.monotonic() - self.t0
        n = self.done - self.start_done
        return n / dt if dt > 0 and n > 0 else None

    def eta(self) -> Optional[float]:
        r = self.rate()
        return (self.total - self.done) / r if r else None

    def advance(self, summary: Optional[dict[str, Any]]) -> None:
        self.done += 1
        if summary is not None and not summary.get("ok", True):
            self.failed += 1
        self.tick()

    def tick(self) -> None:
        now = time.monotonic()
        if self.mode == "rich":
            r = self.rate()
            self._bar.update(self._task, completed=self.done, failed=self.failed,
                             rate=f"{r:.1f} files/s" if r else "")
        elif self.mode == "plain" and (now - self.last >= self.every or self.done == self.total):
            if self.done == self.total and self.last == -1:
                return
            self.last = now if self.done < self.total else -1
            r = self.rate()
            print(f"extractor batch: {self.done}/{self.total} done, {self.failed} failed"
                  + (f", {r:.1f} files/s, ETA {_eta(self.eta())}" if r else ""), file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self.tick()
            self._bar.stop()
            self._bar = None

    def print(self, line: str) -> None:
        if self.mode != "none":
            print(line, file=self.stream, flush=True)
