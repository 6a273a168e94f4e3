"""Closing the window ends the trainer process whatever state it is in, and leaves no process behind."""

import os
import signal

from tests.qt.conftest import _trainer_processes, open_window
from xorgui.core.session.command import SendSnapshot


def _hang(window):
    """Stop the trainer process as a hung one would be: alive, reading nothing, answering nothing."""
    proc = window.controller.worker._proc
    os.kill(proc.pid, signal.SIGSTOP)
    return proc


def test_closing_the_window_with_a_hung_trainer_kills_it_and_ends_the_worker(qtbot, settings):
    window = open_window(qtbot, settings)
    proc = _hang(window)
    window.close()
    assert not window.controller._thread.isRunning()
    assert proc.exitcode == -signal.SIGKILL  # asked to quit, it did not: killed
    assert _trainer_processes() == []


def test_closing_while_the_worker_waits_on_a_hung_trainers_full_pipe_still_ends_everything(qtbot, settings):
    window = open_window(qtbot, settings)
    worker = window.controller.worker
    kills = []
    worker.kill_host = lambda: (kills.append(1), type(worker).kill_host(worker))  # the window's last resort
    proc = _hang(window)
    for _ in range(20000):  # far more than the socket's buffer holds: the worker's thread blocks in a send
        window.controller.send(SendSnapshot())
    qtbot.wait(200)
    window.close()
    assert not window.controller._thread.isRunning()
    assert proc.exitcode == -signal.SIGKILL
    assert kills == [1]  # the worker's thread could not end it: the window's side did
    assert worker._conn is None  # not restarted: it was killed on purpose
    assert _trainer_processes() == []


def test_quit_quits_while_a_modal_box_takes_the_keys(qtbot, settings):
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window = open_window(qtbot, settings)
    thread, seen = window.controller._thread, []

    def press_quit():
        modal = QApplication.activeModalWidget()
        seen.append(type(modal).__name__)
        QTest.keyClick(modal, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

    def close_what_is_left():  # so that a Quit that did nothing fails this test rather than hanging it
        if QApplication.activeModalWidget() is not None:
            seen.append("still open")
            QApplication.activeModalWidget().close()

    QTimer.singleShot(300, press_quit)
    QTimer.singleShot(3000, close_what_is_left)
    window.findChild(QAction, "actionAbout").trigger()  # the box's own event loop runs until it is closed
    assert seen == ["QMessageBox"]
    qtbot.waitUntil(lambda: not thread.isRunning())
