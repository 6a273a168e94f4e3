"""The trainer owns the generation: a refused rebuild or a bad remembered setup leaves a live window."""

import json
from dataclasses import dataclass

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.qt.conftest import _trainer_processes, wait_for
from xorgui.app import create_window
from xorgui.core.files.modelfile import setup_to_dict
from xorgui.core.model.network import Spec
from xorgui.core.session.command import SetParam, SetSpeed
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup


def test_a_remembered_setup_that_does_not_fit_its_data_opens_a_live_window_with_a_message(qtbot, settings):
    settings.setValue("setup", json.dumps(setup_to_dict(Setup(spec=Spec((2, 3, 3))))))  # 3 outputs, 1 target
    w = create_window(settings)
    try:
        w.show()
        snap = wait_for(qtbot, w, lambda s: s.dims == (2, 2, 1))
        qtbot.waitUntil(lambda: "outputs" in w.statusBar().currentMessage())
        qtbot.waitUntil(lambda: w.controls.dims_edit.text() == "2, 2, 1")  # the panel shows what runs
        qtbot.keyClick(w.network_view, Qt.Key.Key_Right)
        snap = wait_for(qtbot, w, lambda s: s.epoch == 1 and s.generation == snap.generation)
        w.controls.dims_edit.setText("2,4,1")
        qtbot.keyClick(w.controls.dims_edit, Qt.Key.Key_Return)
        wait_for(qtbot, w, lambda s: s.dims == (2, 4, 1) and s.epoch == 0)
        qtbot.waitUntil(lambda: w.loss_plot.point_count == 0)
    finally:
        w.close()


def test_a_refused_rebuild_keeps_the_old_network_live_and_says_why(qtbot, window):
    qtbot.keyClick(window.network_view, Qt.Key.Key_Right)
    before = wait_for(qtbot, window, lambda s: s.epoch == 1)
    window.controller.rebuild(Setup(spec=Spec((3, 2, 1))))  # three inputs: the XOR data has two
    qtbot.waitUntil(lambda: "inputs" in window.statusBar().currentMessage())
    for k in (2, 3):
        qtbot.keyClick(window.network_view, Qt.Key.Key_Right)
        snap = wait_for(qtbot, window, lambda s, k=k: s.epoch == k)
    assert snap.generation == before.generation and snap.dims == (2, 2, 1)
    qtbot.waitUntil(lambda: window.status_label.text().startswith("epoch 3 "))
    assert window.controller.history.size == 3 and window.loss_plot.point_count == 3


def test_a_branch_keeps_the_old_run_as_a_grey_curve_and_a_reset_clears_it(qtbot, window):
    for _ in range(5):
        qtbot.keyClick(window.network_view, Qt.Key.Key_Right)
    wait_for(qtbot, window, lambda s: s.epoch == 5)
    window.timeline.slider.setValue(2)  # as a drag to epoch 2 ends
    wait_for(qtbot, window, lambda s: not s.live and s.epoch == 2)
    gen = window.snapshot.generation
    qtbot.mouseClick(window.timeline.branch_button, Qt.MouseButton.LeftButton)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.parent == gen and snap.epoch == 2 and window.controller.history.size == 2
    assert len(window.loss_plot.overlays) == 1
    x, _ = window.loss_plot.overlays[0].getData()
    assert x[-1] == 5  # the run it left, all five epochs
    window.action_reset.trigger()
    wait_for(qtbot, window, lambda s: s.generation > snap.generation and s.epoch == 0)
    assert window.loss_plot.overlays == []


@dataclass(frozen=True)
class Fly:
    """Not a command the trainer knows (as an older or newer window might send)."""

    height: int


def test_an_unknown_or_failing_command_is_answered_with_a_message_and_the_trainer_lives_on(qtbot, window):
    hosts = _trainer_processes()
    assert len(hosts) == 1
    qtbot.keyClick(window.network_view, Qt.Key.Key_Right)
    wait_for(qtbot, window, lambda s: s.epoch == 1)
    fly = window.controller.send(Fly(3))
    qtbot.waitUntil(lambda: "unknown command" in window.statusBar().currentMessage())
    assert window.controller.answered(fly)
    edit = window.controller.send(SetParam("w:9:0:0", 1.0))  # no layer 9
    assert edit == fly + 1 and not window.controller.answered(edit)  # asked, not yet answered
    qtbot.waitUntil(lambda: "w:9:0:0" in window.statusBar().currentMessage())
    assert window.controller.answered(edit) and window.snapshot.epoch == 1  # refused: nothing changed
    qtbot.keyClick(window.network_view, Qt.Key.Key_Right)
    wait_for(qtbot, window, lambda s: s.epoch == 2)
    assert _trainer_processes() == hosts  # the same trainer process answered all along


def test_while_training_runs_every_snapshot_shown_has_the_newest_boundary_grid(qtbot, window):
    window.controller.rebuild(Setup(config=TrainConfig(epochs=10**8)))
    wait_for(qtbot, window, lambda s: s.config.epochs == 10**8)
    shown = []
    window.controller.snapshotChanged.connect(shown.append)
    window.controller.send(SetSpeed(None))
    window.controller.play()
    qtbot.waitUntil(lambda: len(shown) >= 20, timeout=15000)
    with qtbot.waitSignal(window.controller.runningChanged):
        window.controller.pause()
    live = [s for s in shown if s.live]
    assert all(s.grid is not None for s in live)
    reused = sum(b.grid is a.grid for a, b in zip(live, live[1:]))
    assert reused > 0  # the trainer left the grid out of some, and the window showed the last one sent
    final = wait_for(qtbot, window, lambda s: s.epoch == window.controller.snapshot.epoch)
    yhat = final.network().forward(np.array([[final.grid.x_range[0], final.grid.y_range[0]]])).yhat[0, 0]
    assert final.grid.values[0, 0] == pytest.approx(yhat, abs=1e-12)  # paused: the grid of these very weights
