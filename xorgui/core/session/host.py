"""The trainer host: a child process that runs a Session and talks over a pipe.

Training in its own process keeps the GUI thread free of the GIL: a
training thread in the GUI's process starves it (timer p99 up to 0.9 s),
and every way of yielding the GIL from such a thread either failed to help
or cost most of the throughput. Messages on the pipe: in, ``(cmd_id,
Command)`` or ``None`` to quit; out, ``(cmd_id, kind, payload)`` where
cmd_id is the last command handled.
"""

from __future__ import annotations

import signal
from multiprocessing.connection import Connection

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
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass
    finally:
        session.close()
        conn.close()


def _send(conn: Connection, cmd_id: int, messages: list[tuple]) -> None:
    for kind, payload in messages:
        conn.send((cmd_id, kind, payload))


def main(argv: list[str] | None = None) -> None:
    """``python -m xorgui.core.session.host FD``: serve on the inherited socket FD."""
    import sys

    # Ctrl+C in a terminal reaches the whole process group: the app closes its
    # window and then tells this process to quit, so it ignores the signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    fd = int((argv if argv is not None else sys.argv[1:])[0])
    host_main(Connection(fd))


if __name__ == "__main__":
    main()
