"""What the window looks at is worked out by the trainer process: the GUI thread only paints the answers."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.qt.views import activations_at
from xorgui.core.explanation import explain, grid, lossslice
from xorgui.core.session import focus


@pytest.fixture
def nothing_worked_out_here(monkeypatch):
    """Make every way of working out an explanation, a slice or a map fail loudly in this (the GUI's) process."""
    calls = []

    def refuse(name):
        def call(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} ran in the GUI's process")
        return call

    for module, name in ((explain, "explain"), (lossslice, "loss_slice"), (grid, "neuron_map"),
                         (focus, "work_out"), (focus, "explain"), (focus, "loss_slice"), (focus, "neuron_map")):
        monkeypatch.setattr(module, name, refuse(name))
    return calls


def test_a_click_a_sample_a_neuron_and_the_slice_tab_are_answered_by_the_trainer(qtbot, window,
                                                                                   nothing_worked_out_here):
    view = window.network_view
    with qtbot.waitSignal(window.controller.snapshotChanged):
        window.action_step.trigger()
    point = view.anchor("w:2:0:1")
    qtbot.mouseMove(view.viewport(), point - QPoint(2, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(window.settled)
    snap = window.snapshot
    ex = window.inspector.explanation
    assert ex.gradient == pytest.approx(snap.dC_dW[2][0, 1], rel=1e-12, abs=1e-15)
    assert f"{ex.gradient:.8g}" in window.inspector.title.text()
    # one sample: δ(2)_0 · a(1)_1 of that sample, from the snapshot's arrays
    window.inspector.sample_box.setCurrentIndex(2)
    qtbot.waitUntil(window.settled)
    snap, k = window.snapshot, window.inspector.sample
    assert window.inspector.explanation.gradient == pytest.approx(snap.delta[2][k, 0] * snap.a[1][k, 1], rel=1e-12)
    # the loss slice tab: the cost along w(2)_01 drawn from the trainer's answer
    window.tabs.setCurrentWidget(window.slice_plot)
    qtbot.waitUntil(lambda: window.settled() and window.slice_plot.slice is not None)
    assert window.slice_plot.slice.gradient == snap.dC_dW[2][0, 1]
    # resting the pointer on a hidden neuron maps it on the boundary plot: a(1)_0 over the plane
    window.tabs.setCurrentIndex(0)
    n1 = view.anchor("b:1:0")
    qtbot.mouseMove(view.viewport(), n1 + QPoint(1, 1))
    qtbot.mouseMove(view.viewport(), n1)
    plot = window.boundary_plot
    qtbot.waitUntil(lambda: window.settled() and plot.mapped == (1, 0))
    g = snap.grid
    xs, ys = np.linspace(*g.x_range, g.values.shape[0]), np.linspace(*g.y_range, g.values.shape[0])
    gx, gy = np.meshgrid(xs, ys)
    by_hand = activations_at(snap, np.column_stack([gx.ravel(), gy.ravel()]))[1][:, 0].reshape(g.values.shape)
    assert np.allclose(plot.image.image, by_hand, rtol=0, atol=1e-12)
    assert nothing_worked_out_here == []
