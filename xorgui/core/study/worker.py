"""A worker process of a convergence study: trains a share of the runs on its parent's orders.

It is started with multiprocessing's ``spawn`` method (the one every
platform has, and the only safe one after threads), so it costs a new
interpreter's start and imports (a few tenths of a second) and receives
the setup pickled. Orders and answers cross a pipe; when the pipe closes
(the parent closed it, or is gone) the worker ends.
"""

from __future__ import annotations

import multiprocessing
import signal
from multiprocessing.connection import Connection
from typing import Any

from xorgui.core.study.share import StudyShare
from xorgui.core.training.setup import Setup


class StudyWorkerError(RuntimeError):
    """A worker process of a study ended before its work was done (killed, or out of memory)."""


def _serve(conn: Connection, setup: Setup, runs: int, first_seed: int) -> None:
    """Worker process: train a share of the runs on the parent's orders until its pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle; it closes the pipe
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


def _reply(conn: Connection, answer: tuple) -> bool:
    """Send an answer; return False if the parent has closed the pipe (the worker then ends quietly)."""
    try:
        conn.send(answer)
    except OSError:
        return False
    return True


_STOPPED = "a worker process of the study stopped (killed, or out of memory): the study cannot go on"


class Remote:
    """A worker process training runs ``first_seed`` … ``first_seed + runs − 1``, and its pipe."""

    def __init__(self, setup: Setup, runs: int, first_seed: int) -> None:
        """Start the worker; it answers once its networks are built (``receive``).

        A spawned process inherits none of its parent's pipes, so each worker
        sees the end of its own pipe as soon as the parent closes it or goes.
        """
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, setup, runs, first_seed),
                                   name="xorgui-study", daemon=True)
        try:
            self.process.start()
        except BaseException:
            self.conn.close()
            raise
        finally:
            child.close()
        self.pending = 1  # the worker's "ok" once its networks are built

    def send(self, message: tuple) -> None:
        """Send an order: ("run", epochs), ("weights", run) or ("result", None)."""
        try:
            self.conn.send(message)
        except OSError:  # the pipe is broken: the worker is gone
            raise StudyWorkerError(_STOPPED) from None
        self.pending += 1

    def receive(self) -> Any:
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
