import os

import pytest
from PySide6.QtCore import QSettings

from tests.processes import spawned_processes
from xorgui.app import create_window
from xorgui.qt.controller import Controller


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    """A main window whose first snapshot has arrived; closed (and checked for leaks) afterwards."""
    w = open_window(qtbot, settings)
    yield w
    close_window(w)


def open_window(qtbot, settings):
    """Build and show a main window, and wait for its first snapshot."""
    w = create_window(settings)
    w.show()
    qtbot.waitUntil(lambda: w.snapshot is not None, timeout=10000)
    return w


def close_window(w):
    """Close a window as its close button does, and check that its worker and trainer ended."""
    w.close()
    worker_thread, proc = w.controller._thread, w.controller.worker._proc
    assert not worker_thread.isRunning(), "the worker thread outlived the window"
    assert proc is None or proc.exitcode is not None, "the trainer process outlived the window"


def wait_for(qtbot, window, predicate, timeout=10000):
    """Wait until ``predicate(snapshot)`` holds for the window's latest snapshot."""
    qtbot.waitUntil(lambda: window.snapshot is not None and predicate(window.snapshot), timeout=timeout)
    return window.snapshot


def _trainer_processes() -> list[int]:
    """Trainer host processes started by this test process that still run.

    They are started by multiprocessing's spawn, in this process's group.
    """
    return list(spawned_processes(os.getpgrp()))


@pytest.fixture(autouse=True)
def no_leaked_workers():
    """Fail any test that leaves a worker thread or a trainer process running."""
    yield
    running = [c for c in list(Controller.live) if c._thread.isRunning()]
    for controller in running:
        controller.shutdown()
    assert not running, "a test left a worker thread running"
    assert not _trainer_processes(), "a test left a trainer process running"
