"""A worker process of a convergence study: trains a share of the runs on its parent's orders.

It is forked, so it starts at once and shares the setup without pickling
it. Orders and answers cross a pipe; when the pipe closes (the parent
closed it, or is gone) the worker ends.
"""

from __future__ import annotations

import multiprocessing
import signal

from xorgui.core.study.share import StudyShare
from xorgui.core.training.setup import Setup


class StudyWorkerError(RuntimeError):
    """A worker process of a study ended before its work was done (killed, or out of memory)."""


def _serve(conn: object, inherited: list, setup: Setup, runs: int, first_seed: int) -> None:
    """Worker process: train a share of the runs on the parent's orders until its pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle; it closes the pipe
    for other in inherited:  # so that each worker sees the end of its own pipe only when the parent goes
        other.close()
    try:
        share = StudyShare(setup, runs, first_seed)
    except Exception as exc:  # noqa: BLE001 - told to the parent, which raises it
        _reply(conn, ("error", exc))
        return
    commands = {"run": share.run, "weights": share.weights, "result": lambda _: share.result()}
    answer: tuple = ("ok", None)
    while _reply(conn, answer):
        try:
            command, arg = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", commands[command](arg))
        except Exception as exc:  # noqa: BLE001
            answer = ("error", exc)


def _reply(conn: object, answer: tuple) -> bool:
    """Send an answer; return False if the parent has closed the pipe (the worker then ends quietly)."""
    try:
        conn.send(answer)
    except OSError:
        return False
    return True


_STOPPED = "a worker process of the study stopped (killed, or out of memory): the study cannot go on"


class Remote:
    """A worker process training runs ``first_seed`` … ``first_seed + runs − 1``, and its pipe."""

    def __init__(self, setup: Setup, runs: int, first_seed: int, others: list) -> None:
        """Fork the worker; ``others`` are the workers forked before, whose pipes it must not hold."""
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        inherited = [r.conn for r in others] + [self.conn]
        self.process = ctx.Process(target=_serve, args=(child, inherited, setup, runs, first_seed),
                                   name="xorgui-study", daemon=True)
        self.process.start()
        child.close()
        self.pending = 1  # the worker's "ok" once its networks are built

    def send(self, message: tuple) -> None:
        """Send an order: ("run", epochs), ("weights", run) or ("result", None)."""
        try:
            self.conn.send(message)
        except OSError:  # the pipe is broken: the worker is gone
            raise StudyWorkerError(_STOPPED) from None
        self.pending += 1

    def receive(self) -> object:
        """Return the answer to the last order (after the answers still pending), raising the worker's error."""
        value = None
        while self.pending:
            try:
                status, value = self.conn.recv()
            except (EOFError, OSError):  # the worker is gone
                raise StudyWorkerError(_STOPPED) from None
            self.pending -= 1
            if status == "error":
                raise value
        return value

    def close(self) -> None:
        """Close the pipe, which ends the worker; kill it if it has not ended within 2 s."""
        self.conn.close()
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
