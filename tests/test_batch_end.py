"""The end of a local batch: the parent kills the worker slots while a slot's own thread is still
closing its worker (run_local's `finally`); neither may fail on the other's half-done work."""
import threading
import time

from extractor.batch.pool import Sandbox


class SlowExit:
    """A worker process that takes its time to exit once its stdin is closed."""

    def __init__(self):
        self.stdin, self.stdout = open("/dev/null", "wb"), open("/dev/null", "rb")
        self.exiting = threading.Event()
        self.killed = False
        self.returncode = None

    def wait(self, timeout=None):
        self.exiting.set()
        time.sleep(0.5)  # exits within the timeout, but not at once
        self.returncode = -9 if self.killed else 0
        return self.returncode

    def kill(self):
        self.killed = True

    def poll(self):
        return self.returncode


def test_kill_during_close_waits_for_it_and_neither_raises():
    sb = Sandbox({})
    sb.proc = proc = SlowExit()
    errors = []

    def closing():
        try:
            sb.close()
        except Exception as e:  # the AttributeError a kill in between used to cause
            errors.append(e)

    t = threading.Thread(target=closing)
    t.start()
    assert proc.exiting.wait(5)  # close() is waiting for the worker to exit
    sb.kill()  # the batch's end, meanwhile
    t.join(5)
    assert not t.is_alive() and errors == [] and sb.proc is None
    assert proc.stdin.closed and proc.stdout.closed
    sb.kill()
    sb.close()  # both are no-ops once the worker is gone
