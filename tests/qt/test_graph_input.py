"""The network graph used as a person uses it: pointer moves and rests, clicks, Ctrl+clicks, keys."""

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolTip

from tests.qt.conftest import wait_for
from tests.qt.person import choose, rest_on


def set_dims(qtbot, window, text):
    gen = window.snapshot.generation
    edit = window.controls.dims_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    return wait_for(qtbot, window, lambda s: s.generation > gen and s.dims == tuple(int(d) for d in text.split(",")))


def click(qtbot, window, name, modifier=Qt.KeyboardModifier.NoModifier):
    view = window.network_view
    qtbot.mouseMove(view.viewport(), view.anchor(name))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, view.anchor(name))


def test_resting_the_pointer_on_an_edge_shows_its_live_values_while_every_view_follows(qtbot, window):
    view = window.network_view
    point = view.anchor("w:2:0:1")
    qtbot.mouseMove(view.viewport(), point - QPoint(3, 0))
    qtbot.mouseMove(view.viewport(), point)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text().startswith("w(2)_01 = "))
    window.action_play.trigger()
    start = window.snapshot.epoch
    qtbot.wait(600)  # several snapshots arrive while the pointer rests on the edge
    qtbot.waitUntil(lambda: window.snapshot.epoch > start + 10)
    window.action_play.trigger()
    qtbot.waitUntil(lambda: not window.controller.running)
    qtbot.wait(50)
    snap = window.snapshot
    assert window.status_label.text().startswith(f"epoch {snap.epoch:,} ")
    assert window.network_view.snapshot is snap and window.inspector.snapshot is snap
    assert window.boundary_plot.snapshot is snap
    assert window.loss_plot.point_count == snap.epoch
    w = snap.weights[2][0, 1]
    assert QToolTip.text().startswith(f"w(2)_01 = {w:.8g}")


def test_a_ctrl_click_pair_then_a_dims_change_clears_the_pair_and_keeps_the_app_alive(qtbot, window):
    set_dims(qtbot, window, "2,4,1")
    view = window.network_view
    click(qtbot, window, "w:2:0:3")
    assert view.selected.name == "w:2:0:3"
    click(qtbot, window, "w:1:3:1", Qt.KeyboardModifier.ControlModifier)
    assert view.second.name == "w:1:3:1"
    set_dims(qtbot, window, "2,2,1")
    assert view.selected is None and view.second is None
    assert window.inspector.name == "" and "Click a weight" in window.inspector.plain_text()
    view.setFocus()
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Up):
        qtbot.keyClick(view, key)
    assert view.selected is not None and view.selected.check(window.snapshot.spec)
    assert view.second is None


def test_escape_and_a_click_on_empty_space_clear_both_choices_of_a_pair(qtbot, window):
    view = window.network_view
    for clear in ("escape", "empty click", "plain click"):
        click(qtbot, window, "w:2:0:1")
        click(qtbot, window, "w:1:1:0", Qt.KeyboardModifier.ControlModifier)
        assert (view.selected.name, view.second.name) == ("w:2:0:1", "w:1:1:0")
        if clear == "escape":
            qtbot.keyClick(view, Qt.Key.Key_Escape)
            assert view.selected is None and view.second is None
        elif clear == "empty click":
            corner = QPoint(5, 5)
            assert view.item_at(view.getViewBox().mapSceneToView(view.mapToScene(corner))) == ""
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
            assert view.selected is None and view.second is None
        else:  # a plain click starts a new single selection
            click(qtbot, window, "b:1:0")
            assert view.selected.name == "b:1:0" and view.second is None


def test_hovering_a_neuron_then_shrinking_the_network_keeps_every_view_live(qtbot, window):
    set_dims(qtbot, window, "2,3,1")
    view = window.network_view
    qtbot.mouseMove(view.viewport(), view.anchor("z:1:2"))
    qtbot.waitUntil(lambda: window.boundary_plot.neuron == (1, 2))
    set_dims(qtbot, window, "2,2,1")
    window.action_step.trigger()
    snap = wait_for(qtbot, window, lambda s: s.epoch == 1)
    qtbot.wait(50)
    assert window.status_label.text().startswith("epoch 1 ")
    assert window.loss_plot.point_count == 1 and window.boundary_plot.snapshot is snap


def test_a_huge_weight_keeps_every_view_live(qtbot, window):
    window.tabs.setCurrentWidget(window.slice_plot)
    click(qtbot, window, "w:2:0:1")
    window.edit_parameter("w:2:0:1", 1e308)
    snap = wait_for(qtbot, window, lambda s: s.weights[2][0, 1] == 1e308)
    window.action_step.trigger()
    snap = wait_for(qtbot, window, lambda s: s.epoch == 1)
    qtbot.wait(50)
    assert window.status_label.text().startswith("epoch 1 ")
    assert window.inspector.snapshot is snap and window.boundary_plot.snapshot is snap
    assert np.isfinite(window.snapshot.weights[1]).all()


def test_the_legend_gives_the_scale_of_the_neuron_fill_as_well_as_of_the_edges(qtbot, window):
    c = window.controls
    choose(qtbot, c.hidden_box, "relu")
    snap = wait_for(qtbot, window, lambda s: s.spec.activations[0] == "relu")
    window.edit_parameter("w:1:0:0", 7.5)  # x_0 = 1 drives h(1)_0 to about 7.5 on two samples
    snap = wait_for(qtbot, window, lambda s: s.weights[1][0, 0] == 7.5)
    top = max(1.0, float(np.abs(snap.a[1].mean(axis=0)).max()), float(np.abs(snap.a[2].mean(axis=0)).max()))
    qtbot.waitUntil(lambda: window.legend.fill_scale == top)
    assert f"activation a from −{top:.8g} to +{top:.8g}" in window.legend.text()
    assert window.legend.scale == 7.5


def test_zoomed_far_out_every_item_still_has_a_point_to_click(qtbot, window):
    from tests.qt.test_graph_labels import wheel

    view = window.network_view
    window.resize(1440, 860)
    qtbot.waitUntil(lambda: view.width() > 700)
    for _ in range(4):
        wheel(view, view.viewport().rect().center(), -3)
    qtbot.waitUntil(lambda: not view.fitted)
    for name in ("w:2:0:1", "w:1:1:0", "b:1:0", "z:2:0"):
        point = view.anchor(name)
        assert view.viewport().rect().contains(point)


def test_leaving_the_graph_ends_the_hover_and_a_bias_turned_off_under_it_raises_nothing(qtbot, window):
    view = window.network_view
    rest_on(qtbot, view, "b:1:0")
    qtbot.mouseMove(window.controls.bias_box, window.controls.bias_box.rect().center())
    qtbot.waitUntil(lambda: view.hover is None)
    rest_on(qtbot, view, "b:1:0")
    gen = window.snapshot.generation
    window.controls.bias_box.click()  # the pointer still on the bias square, as a keyboard toggle would leave it
    wait_for(qtbot, window, lambda s: s.generation > gen and not s.spec.bias)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    wait_for(qtbot, window, lambda s: s.epoch == 1)
    assert view.hover is None or view.hover[0] != "b:1:0"


def test_after_pause_the_inspector_explains_the_last_snapshot(qtbot, window):
    from xorgui.core.explanation.explain import explain
    from xorgui.core.model.params import parse_param

    click(qtbot, window, "w:1:0:1")
    for wait in (40, 150, 400):
        qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: window.controller.running)
        qtbot.wait(wait)
        qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: not window.controller.running)
        snap = window.snapshot
        expected = explain(snap.network(), snap.data, parse_param("w:1:0:1"), None).gradient
        qtbot.waitUntil(lambda snap=snap: window.inspector.snapshot is snap)
        assert window.inspector.explanation.gradient == expected


def test_ctrl_q_quits(qtbot, settings):
    from xorgui.app import create_window

    w = create_window(settings)
    w.show()
    qtbot.waitUntil(lambda: w.snapshot is not None)
    qtbot.keyClick(w.network_view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not w.isVisible())
    assert not w.controller._thread.isRunning()


def test_the_exported_network_graph_carries_its_colour_legend(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    path = tmp_path / "network.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "SVG drawing (*.svg)"))
    action = next(a for a in window.findChildren(QAction) if a.text() == "Network graph…")
    action.trigger()
    svg = path.read_text()
    assert "edges w" in svg and "neurons a" in svg and "h(1)_0" in svg


def test_a_readout_stays_while_the_pointer_rests_past_qts_own_tooltip_delay(qtbot, window):
    view = window.network_view
    text = rest_on(qtbot, view, "w:2:0:1")
    assert text.startswith("w(2)_01 = ")
    # Qt asks the widget under a resting pointer for its own tooltip after about 0.7 s; the scene, which has none,
    # answered by hiding the readout, which then flashed for a second and was gone
    qtbot.wait(2500)
    assert QToolTip.isVisible() and QToolTip.text() == text
    qtbot.wait(9000)  # nor does it go when a tooltip of Qt's own would, 10 s on: a teacher may talk over it
    assert QToolTip.isVisible() and QToolTip.text() == text


def test_tab_walks_through_every_parameter_then_leaves_the_graph_and_shift_tab_comes_back(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from xorgui.core.model.params import all_params

    view = window.network_view
    order = [r.name for r in all_params(window.snapshot.spec)]
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    walked = []
    for _ in order:
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        walked.append(view.selected.name)
    assert walked == order and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # past the last: the next control, not the first parameter again
    left_for = QApplication.focusWidget()
    assert not view.hasFocus() and left_for is not None and view.selected.name == order[-1]
    qtbot.keyClick(left_for, Qt.Key.Key_Backtab)
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.selected.name == order[-2]
    view.select(order[0])
    qtbot.keyClick(view, Qt.Key.Key_Backtab)  # before the first: the control before the graph
    assert not view.hasFocus() and view.selected.name == order[0]
