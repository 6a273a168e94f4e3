"""The desktop app: ``create_window()`` for tests and embedding, ``main()`` to run it."""

from __future__ import annotations

import gc
import os
import signal
import socket
import sys
from collections.abc import Mapping, Sequence
from functools import partial

import pyqtgraph as pg
from PySide6.QtCore import QObject, QSettings, QSocketNotifier, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from xorgui.qt.main_window import MainWindow
from xorgui.qt.window_memory import free_on_close
from xorgui.resources import resource_path

# the terminal's Ctrl+C, a plain ``kill``, and the terminal closing: each closes the window as its button does
CLOSING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def app_icon() -> QIcon:
    """Return the app's icon (a small network), drawn from the SVG at any size, the PNG as a fallback."""
    icon = QIcon(str(resource_path("xorgui.svg")))
    icon.addFile(str(resource_path("xorgui.png")))
    return icon


def create_window(settings: QSettings | None = None) -> MainWindow:
    """Build and return the main window (a QApplication must exist)."""
    pg.setConfigOptions(antialias=False, background="w", foreground="k")
    window = MainWindow(settings)
    window.setWindowIcon(app_icon())
    # The objects built so far live as long as the window: keep the cyclic
    # garbage collector from walking them again and again (its full passes
    # showed up as 30–60 ms stalls of the GUI thread).
    gc.collect()
    gc.freeze()
    free_on_close(window)  # and once it is closed, let it go (connections to its children held it)
    return window


def no_display(environ: Mapping[str, str], platform: str, argv: Sequence[str]) -> str | None:
    """Return why Qt could not open a window here, or None if it can try.

    Without a display Qt aborts the process (SIGABRT) with a hint about
    plugins; this says what is missing first. Windows and macOS always have
    a display; elsewhere X11 needs DISPLAY and Wayland WAYLAND_DISPLAY,
    unless another platform is chosen (QT_QPA_PLATFORM, ``-platform``).
    """
    if platform.startswith(("win", "darwin")) or "-platform" in argv:
        return None
    chosen = [name.split(":")[0].strip() for name in environ.get("QT_QPA_PLATFORM", "").split(";") if name.strip()]
    needs = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY"}
    for name in chosen or ["xcb", "wayland"]:
        variable = needs.get("wayland" if name.startswith("wayland") else name)
        if variable is None or environ.get(variable):
            return None
    return ("no display: neither DISPLAY nor WAYLAND_DISPLAY is set (run it in a desktop session, or over "
            "ssh -X); the command-line tools work without one: xorgui --help")


def main(argv: list[str] | None = None, model: str | None = None) -> int:
    """Run the app until its window closes; return the exit status (2 without a display).

    With ``model``, open that model file once the window shows, as File ▸
    Open does (a file it cannot open is a message, and the app runs on).
    """
    argv = sys.argv if argv is None else argv
    problem = None if QApplication.instance() else no_display(os.environ, sys.platform, argv)
    if problem:
        print(f"xorgui: {problem}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("xorgui")
    app.setApplicationName("xorgui")
    QApplication.setDesktopFileName("xorgui")  # the desktop entry's name: docks and Wayland match the window to it
    QApplication.setWindowIcon(app_icon())
    window = create_window()  # kept local: a module-level pyqtgraph window crashes at exit
    window.show()
    window.raise_()
    window.activateWindow()  # keys reach it at once, also where no window manager gives it the focus
    if model is not None:
        QTimer.singleShot(0, window, partial(window.menus.open_path, model))
    _close_on_signals(window)
    code = app.exec()
    del window
    return code


def _close_on_signals(window: MainWindow) -> None:
    """Make SIGINT (Ctrl+C), SIGTERM and SIGHUP close the window as its close button does.

    Training stops and the settings are kept. A signal the app was started
    ignoring (SIGHUP under ``nohup``) stays ignored. Python runs a signal handler
    only when it next gets control, which the Qt event loop does not give
    it: the signal also writes a byte to a socket that the event loop
    watches, and reading it gives Python control.
    """
    _SignalWakeup(window)
    for number in CLOSING_SIGNALS:
        if signal.getsignal(number) is not signal.SIG_IGN:  # ignored by whoever started us (nohup): keep it so
            signal.signal(number, lambda *_: window.close())


class _SignalWakeup(QObject):
    """The socket pair on which a signal wakes the event loop; a child of the window, so kept as long as it."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.reader, self.writer = socket.socketpair()
        self.reader.setblocking(False)
        self.writer.setblocking(False)
        signal.set_wakeup_fd(self.writer.fileno())
        self.notifier = QSocketNotifier(self.reader.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._drain)

    def _drain(self, *_: object) -> None:
        self.reader.recv(64)
