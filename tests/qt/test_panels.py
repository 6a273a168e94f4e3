"""Truth table, unit logic, diagnostics, loss slice and exports in the app."""

import csv
import io
import json

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tests.qt.conftest import wait_for
from xorgui.core.build import network_from_arrays
from xorgui.core.diagnostics import diagnose
from xorgui.core.explain import explain
from xorgui.core.logic import unit_logic
from xorgui.core.lossslice import loss_slice
from xorgui.core.modelfile import model_to_dict
from xorgui.core.network import Spec
from xorgui.core.params import parse_param
from xorgui.qt.exporting import export_widget


def open_net(qtbot, window, tmp_path, net):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model_to_dict(net)))
    window.open_model(str(path))
    return wait_for(qtbot, window, lambda s: s.spec == net.spec and np.array_equal(s.weights[1], net.W[1]))


def xor_net():
    return network_from_arrays(Spec((2, 2, 1)), [[[20, 20], [20, 20]], [[-20, 20]]], [[-30, -10], [-10]])


def test_the_truth_table_lists_each_sample_and_what_each_neuron_computes(qtbot, window, tmp_path):
    snap = open_net(qtbot, window, tmp_path, xor_net())
    window.tabs.setCurrentWidget(window.logic_panel)
    table = window.logic_panel.table
    qtbot.waitUntil(lambda: table.rowCount() == 4)
    per = snap.network().per_sample_cost(snap.network().forward(snap.data.X), snap.data.Y)
    for r in range(4):
        assert table.item(r, 3).text() == f"{snap.a[2][r, 0]:.8g}" and table.item(r, 4).text() == f"{per[r]:.8g}"
        assert table.item(r, 5).text() == "right"
    units = window.logic_panel.units
    rows = [(units.item(r, 0).text(), units.item(r, 1).text()) for r in range(units.rowCount())]
    assert rows == [("h(1)_0", "AND"), ("h(1)_1", "OR"), ("ŷ_0", "XOR")]
    labels = window.network_view.labels.visible_texts()
    assert any("AND ±" in t for t in labels) and any("XOR ±" in t for t in labels)
    assert [u.name for u in unit_logic(snap.network())] == ["AND", "OR", "XOR"]


def test_dead_and_saturated_neurons_are_flagged_on_the_graph_and_in_the_panel(qtbot, window, tmp_path):
    spec = Spec((2, 3, 1), ("relu", "sigmoid"))
    net = network_from_arrays(spec, [[[-1, -1], [1, 1], [0.5, -0.5]], [[0.1, 0.2, 0.3]]], [[-1, 0.1, 0.2], [40.0]])
    snap = open_net(qtbot, window, tmp_path, net)
    expected = {(f.n, f.i) for f in diagnose(snap.network(), snap.data.X)}
    assert expected == {(1, 0), (2, 0)}
    assert {(f.n, f.i) for f in window.network_view.findings} == expected
    window.tabs.setCurrentWidget(window.logic_panel)
    qtbot.waitUntil(lambda: "never change" in window.logic_panel.findings.text())
    assert "barely move" in window.logic_panel.findings.text()


def test_the_loss_slice_follows_the_selected_weight(qtbot, window):
    window.tabs.setCurrentWidget(window.slice_plot)
    window.network_view.select("w:2:0:1")
    snap = window.snapshot
    s = window.slice_plot.slice
    expected = loss_slice(snap.network(), snap.data, parse_param("w:2:0:1"), snap.dC_dW[2][0, 1], snap.learning_rate)
    assert s.gradient == snap.dC_dW[2][0, 1] and np.array_equal(s.costs, expected.costs)
    assert s.step == pytest.approx(snap.weights[2][0, 1] - snap.learning_rate * snap.dC_dW[2][0, 1])
    x, y = window.slice_plot.curve.getData()
    assert np.array_equal(y, expected.costs)
    window.network_view.select("z:1:0")
    assert window.slice_plot.slice is None


def test_views_export_as_png_and_svg(qtbot, window, tmp_path):
    for widget in (window.network_view, window.loss_plot, window.boundary_plot):
        png, svg = tmp_path / "v.png", tmp_path / "v.svg"
        export_widget(widget, str(png))
        export_widget(widget, str(svg))
        image = QImage(str(png))
        assert not image.isNull() and image.width() == widget.width()
        text = svg.read_text()
        assert text.lstrip().startswith("<?xml") and "<svg" in text and ("<path" in text or "<polyline" in text)


def test_data_exports_write_csv_and_markdown(qtbot, window, tmp_path):
    for _ in range(3):
        with qtbot.waitSignal(window.controller.snapshotChanged):
            window.action_step.trigger()
    window.export_data("parameters", str(tmp_path / "p.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "p.csv").read_text())))
    row = next(r for r in rows if r["parameter"] == "w:1:0:0")
    assert len(rows) == 9 and float(row["value"]) == window.snapshot.weights[1][0, 0]
    window.export_data("history", str(tmp_path / "h.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "h.csv").read_text())))
    assert [float(r["loss"]) for r in rows] == window.controller.history.loss.tolist() and len(rows) == 3
    with pytest.raises(ValueError, match="select"):
        window.export_data("worked", str(tmp_path / "w.md"))
    window.network_view.select("b:1:1")
    window.export_data("worked", str(tmp_path / "w.md"))
    md = (tmp_path / "w.md").read_text()
    ex = explain(window.snapshot.network(), window.snapshot.data, parse_param("b:1:1"), 0)
    assert md.startswith("# ∂C/∂b(1)_1") and f"{ex.gradient:.8g}" in md


def test_two_selected_weights_show_the_loss_surface_with_the_training_path(qtbot, window):
    from PySide6.QtCore import Qt

    from xorgui.core.lossslice import loss_surface

    for _ in range(20):
        with qtbot.waitSignal(window.controller.snapshotChanged):
            window.action_step.trigger()
    window.tabs.setCurrentWidget(window.slice_plot)
    view = window.network_view
    view.select("w:2:0:0")
    with qtbot.waitSignal(window.controller.surfaceReady, timeout=10000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         view.anchor("w:2:0:1"))
    assert view.second.name == "w:2:0:1"
    qtbot.waitUntil(lambda: window.slice_plot.surface is not None)
    surface = window.slice_plot.surface
    snap = window.snapshot
    assert surface.current == (snap.weights[2][0, 0], snap.weights[2][0, 1])
    assert surface.path[:, 0].tolist() == list(range(21)) and surface.path[-1, 1] == snap.weights[2][0, 0]
    expected = loss_surface(snap.network(), snap.data, parse_param("w:2:0:0"), parse_param("w:2:0:1"), surface.path)
    assert np.array_equal(surface.costs, expected.costs)
    r, c = 7, 30
    probe = snap.network()
    probe.W[2][0, 0], probe.W[2][0, 1] = surface.xs[c], surface.ys[r]
    assert surface.costs[r, c] == pytest.approx(probe.loss(snap.data.X, snap.data.Y), rel=1e-12)
    view.select_second("")
    assert window.slice_plot.surface is None and window.slice_plot.slice is not None
