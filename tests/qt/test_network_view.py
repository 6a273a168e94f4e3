"""The network graph paints what a snapshot carries, and its input reaches the graph only through GraphTarget."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from tests.qt.views import XOR_NET, net_of, shown, snapshot_of
from xorgui.core.model.data import make_dataset
from xorgui.core.model.network import Network
from xorgui.core.model.params import ParamRef
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.graph_input import GraphInput
from xorgui.qt.network_view import NetworkView


def _refuse(*_args, **_kwargs):
    raise AssertionError("a view built a network or ran a forward pass")


def test_the_graph_paints_a_snapshot_without_building_a_network_or_running_a_forward_pass(qtbot, monkeypatch):
    small = snapshot_of(net_of(*XOR_NET))
    relu = snapshot_of(net_of((2, 3, 1), [np.full((3, 2), -5.0), np.ones((1, 3))], [np.full(3, -1.0), [0.0]],
                              ("relu", "sigmoid")), make_dataset("xor"))
    monkeypatch.setattr(Network, "forward", _refuse)
    monkeypatch.setattr(Snapshot, "network", _refuse)
    view = shown(qtbot, NetworkView(), (700, 500))
    found = []
    for snap in (small, relu, small):
        view.set_snapshot(snap)
        view.set_sample(1)
        view.set_sample(None)
        view.select("z:1:0")
        qtbot.mouseMove(view.viewport(), view.anchor("w:2:0:1"))
        qtbot.waitUntil(lambda: view.hover is not None)
        assert view.findings == snap.derived.findings
        found.append({(f.n, f.i) for f in view.findings})
    assert found[1] == {(1, 0), (1, 1), (1, 2)}  # every ReLU is dead here
    assert found[0] == found[2] != found[1]


def test_small_networks_show_the_logic_of_each_neuron_as_the_snapshot_derived_it(qtbot):
    snap = snapshot_of(net_of(*XOR_NET))
    view = shown(qtbot, NetworkView(), (700, 500))
    view.set_snapshot(snap)
    assert view.labels.mode == "values"
    texts = " ".join(view.labels.visible_texts())
    for n, i in ((1, 0), (1, 1), (2, 0)):
        unit = snap.derived.unit(n, i)
        assert unit is not None and unit.summary in texts


class Target:
    """A graph as GraphInput sees it: what it shows and the selection, nothing of Qt."""

    def __init__(self, snapshot):
        self.snapshot, self.sample, self.selected = snapshot, None, None
        self.under, self.calls = "", []

    def item_at_scene(self, scene_pos: QPointF) -> str:
        return self.under

    def describe(self, name: str) -> str:
        return name

    def select(self, name: str, keep_second: bool = True) -> None:
        self.calls.append(("select", name))
        self.selected = ParamRef("z", 1, 0) if name else None

    def select_second(self, name: str) -> None:
        self.calls.append(("second", name))

    def fit(self) -> None:
        self.calls.append(("fit",))


# a plot alone in a test leaves a double-click unaccepted, as it did before GraphInput (QTest warns)
@pytest.mark.qt_log_ignore('Mouse event "MouseDClick" not accepted by receiving widget')
def test_the_graph_input_acts_on_its_target_only_through_graph_target(qtbot):
    snap = snapshot_of(net_of(*XOR_NET))
    view = pg.PlotWidget()
    target = Target(snap)
    graph_input = GraphInput(target, view, view.scene())
    shown(qtbot, view, (300, 200))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert target.calls == [("select", "z:1:0"), ("select", "b:1:0"), ("select", "")]
    target.under = "w:1:0:1"
    with qtbot.waitSignal(graph_input.editRequested, check_params_cb=lambda name: name == "w:1:0:1"):
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    target.under = ""
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert target.calls[-1] == ("fit",)
    target.under = "z:1:1"
    with qtbot.waitSignal(graph_input.hovered, check_params_cb=lambda name: name == "z:1:1"):
        qtbot.mouseMove(view.viewport(), QPoint(120, 90))
