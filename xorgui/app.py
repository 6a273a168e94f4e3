"""The desktop app: ``create_window()`` for tests and embedding, ``main()`` to run it."""

from __future__ import annotations

import gc
import signal
import socket
import sys

import pyqtgraph as pg
from PySide6.QtCore import QSettings, QSocketNotifier
from PySide6.QtWidgets import QApplication

from xorgui.qt.main_window import MainWindow
from xorgui.qt.window_memory import free_on_close


def create_window(settings: QSettings | None = None) -> MainWindow:
    """Build and return the main window (a QApplication must exist)."""
    pg.setConfigOptions(antialias=False, background="w", foreground="k")
    window = MainWindow(settings)
    # The objects built so far live as long as the window: keep the cyclic
    # garbage collector from walking them again and again (its full passes
    # showed up as 30–60 ms stalls of the GUI thread).
    gc.collect()
    gc.freeze()
    free_on_close(window)  # and once it is closed, let it go (connections to its children held it)
    return window


def main(argv: list[str] | None = None) -> int:
    """Run the app until its window closes; return the exit status."""
    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setOrganizationName("xorgui")
    app.setApplicationName("xorgui")
    window = create_window()  # kept local: a module-level pyqtgraph window crashes at exit
    window.show()
    _close_on_ctrl_c(window)
    code = app.exec()
    del window
    return code


def _close_on_ctrl_c(window: MainWindow) -> None:
    """Make Ctrl+C in the terminal close the window as its close button does (training stops, settings kept).

    Python runs a signal handler only when it next gets control, which the
    Qt event loop does not give it: the signal also writes a byte to a
    socket that the event loop watches, and reading it gives Python control.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)
    notifier.activated.connect(lambda *_: reader.recv(64))
    signal.signal(signal.SIGINT, lambda *_: window.close())
    window._ctrl_c = (reader, writer, notifier)  # kept as long as the window
