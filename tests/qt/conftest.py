import pytest
from PySide6.QtCore import QSettings

from xorgui.app import create_window


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    """A main window whose first snapshot has arrived; closed (and checked for leaks) afterwards."""
    w = create_window(settings)
    w.show()
    qtbot.waitUntil(lambda: w.snapshot is not None, timeout=10000)
    yield w
    w.close()
    worker_thread, proc = w.controller._thread, w.controller.worker._proc
    assert not worker_thread.isRunning(), "the worker thread outlived the window"
    assert proc is None or proc.poll() is not None, "the trainer process outlived the window"


def wait_for(qtbot, window, predicate, timeout=10000):
    """Wait until ``predicate(snapshot)`` holds for the window's latest snapshot."""
    qtbot.waitUntil(lambda: window.snapshot is not None and predicate(window.snapshot), timeout=timeout)
    return window.snapshot
