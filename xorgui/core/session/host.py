"""The trainer host: a child process that runs a Session and talks over a socket.

Training in its own process keeps the GUI thread free of the GIL: a
training thread in the GUI's process starves it (timer p99 up to 0.9 s),
and every way of yielding the GIL from such a thread either failed to help
or cost most of the throughput. The process is started with
multiprocessing's ``spawn`` method (``start_host``), the one that works on
Windows, macOS and Linux alike. Messages on the socket: in, ``(cmd_id,
Command)`` or ``None`` to quit; out, ``(cmd_id, kind, payload)`` where
cmd_id is the last command handled. The host ends by itself when the
parent's end of the socket closes.
"""

from __future__ import annotations

import atexit
import multiprocessing
import signal
import socket
import weakref
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from xorgui.core.session.session import Session

TICK = 0.004  # seconds of training between two looks at the pipe


def host_main(conn: Connection) -> None:
    """Serve commands from ``conn`` until ``None`` arrives or the pipe closes."""
    session, last_id = Session(), 0
    try:
        while True:
            if not session.busy or conn.poll(session.idle_time()):
                message = conn.recv()
                if message is None:
                    break
                last_id, cmd = message
                _send(conn, last_id, session.handle(cmd))
            else:
                _send(conn, last_id, session.tick(TICK))
    except (EOFError, OSError, KeyboardInterrupt):  # the parent's end closed (OSError: reset on Windows)
        pass
    finally:
        session.close()
        conn.close()


def _send(conn: Connection, cmd_id: int, messages: list[tuple]) -> None:
    for kind, payload in messages:
        conn.send((cmd_id, kind, payload))


def serve(sock: socket.socket) -> None:
    """Serve on ``sock``, the child's end of a socket pair: the host process's entry point.

    Ctrl+C in a terminal reaches the whole process group: the app closes its
    window and then tells this process to quit, so it ignores the signal.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    host_main(Connection(sock.detach()))


def start_host() -> tuple[BaseProcess, Connection]:
    """Start a trainer host; return its process and the parent's end of its connection.

    The connection is a socket's (on every platform), so its ``fileno`` can
    be watched by a QSocketNotifier. The child's end crosses to the child by
    multiprocessing's own reduction of sockets, then is closed here, so the
    host sees the end of its input once the returned connection is closed.
    """
    ours, theirs = socket.socketpair()
    # not a daemon: at exit it is joined, once the atexit hook below has closed its input, not terminated
    process = multiprocessing.get_context("spawn").Process(target=serve, args=(theirs,), name="xorgui-host")
    try:
        process.start()
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    conn = Connection(ours.detach())
    # At exit multiprocessing joins the processes that are not daemons: close
    # our end first (atexit runs the last registered first) so that a host
    # left running by a crash sees the end of its input and ends.
    atexit.register(_close, weakref.ref(conn))
    return process, conn


def _close(ref: weakref.ref[Connection]) -> None:
    conn = ref()
    if conn is not None:
        conn.close()
