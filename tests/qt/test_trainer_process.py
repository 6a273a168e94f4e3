"""The trainer process killed or crashed: the app goes on from the last state, or says training is off."""

import os
import signal

import numpy as np
from PySide6.QtCore import Qt

from tests.qt.conftest import _trainer_processes, wait_for


def kill_host(qtbot, window, restarted=True):
    """Kill the trainer process; wait until a new one runs (or, if none is to, until the worker gave up)."""
    worker = window.controller.worker
    proc = worker._proc
    os.kill(proc.pid, signal.SIGKILL)
    if restarted:
        qtbot.waitUntil(lambda: worker._proc is not proc and worker._conn is not None, timeout=10000)
    else:
        qtbot.waitUntil(lambda: not window.action_play.isEnabled(), timeout=10000)


def test_a_killed_trainer_is_started_again_from_the_weights_shown_and_training_goes_on(qtbot, window):
    window.action_play.trigger()
    wait_for(qtbot, window, lambda s: s.epoch > 30)
    kill_host(qtbot, window)
    qtbot.waitUntil(lambda: window.banner.isVisible() and "SIGKILL" in window.banner_text.text(), timeout=10000)
    assert not window.controller.running and window.action_play.text() == "Play"
    last = window.snapshot
    assert f"epoch {last.epoch:,}" in window.banner_text.text()
    snap = wait_for(qtbot, window, lambda s: s.epoch == 0)  # the new trainer, loaded with those weights
    for n in (1, 2):
        assert np.array_equal(snap.weights[n], last.weights[n]) and np.array_equal(snap.biases[n], last.biases[n])
    qtbot.waitUntil(lambda: window.loss_plot.point_count == 0)
    qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    wait_for(qtbot, window, lambda s: s.epoch > 20)
    qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.controller.running)
    qtbot.mouseClick(window.banner.button, Qt.MouseButton.LeftButton)  # Dismiss
    assert not window.banner.isVisible()


def test_a_trainer_that_keeps_dying_turns_training_off_and_says_so(qtbot, window):
    for k in range(4):
        kill_host(qtbot, window, restarted=k < 3)
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: "keeps stopping" in window.banner_text.text(), timeout=10000)
    assert not window.action_play.isEnabled() and not window.action_step.isEnabled()
    assert window.controller.worker._conn is None  # no fifth trainer
    assert window.snapshot is not None  # still there to be saved


def test_a_study_under_way_when_the_trainer_dies_says_it_stopped(qtbot, window):
    window.show_study()
    dialog = window.study_dialog
    dialog.runs.setValue(50000)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.controller._studying, timeout=30000)
    kill_host(qtbot, window)
    qtbot.waitUntil(lambda: "trainer process ended unexpectedly" in dialog.summary.text(), timeout=10000)
    assert dialog.run_button.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.close()
    qtbot.waitUntil(lambda: len(_trainer_processes()) == 1, timeout=30000)  # a new host, and nothing else
