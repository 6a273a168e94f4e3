import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.qt.conftest import wait_for
from tests.qt.person import choose, rest_on
from xorgui.app import create_window
from xorgui.core.files.modelfile import ModelFileError, model_to_dict
from xorgui.core.model.build import network_from_arrays
from xorgui.core.model.network import Spec
from xorgui.core.session.command import SetSpeed


def action(window, name):
    from PySide6.QtGui import QAction

    return window.findChild(QAction, name)


def widget(window, name):
    from PySide6.QtWidgets import QWidget

    return window.findChild(QWidget, name)


def test_the_window_opens_on_a_default_session_ready_to_play(window):
    snap = window.snapshot
    assert snap.dims == (2, 2, 1) and snap.epoch == 0 and snap.generation >= 1
    assert snap.weights[1].shape == (2, 2) and snap.biases[2].shape == (1,) and np.isfinite(snap.loss)
    for name in ("networkView", "lossPlot", "boundaryPlot", "dimsEdit", "learningRateEdit"):
        assert widget(window, name) is not None, name
    for name in ("actionPlayPause", "actionStep", "actionReset", "actionRestart", "actionOpen", "actionSave"):
        assert action(window, name) is not None, name


def test_play_makes_epochs_grow_and_pause_makes_it_quiet(qtbot, window):
    action(window, "actionPlayPause").trigger()
    wait_for(qtbot, window, lambda s: s.epoch > 20)
    with qtbot.waitSignal(window.controller.runningChanged, check_params_cb=lambda running: not running):
        action(window, "actionPlayPause").trigger()
    with qtbot.assertNotEmitted(window.controller.snapshotChanged, wait=200):
        pass
    assert window.controller.history.size == window.snapshot.epoch  # no gaps


def test_step_from_pause_is_exactly_one_epoch(qtbot, window):
    start = window.snapshot.epoch
    for k in (1, 2, 3):
        with qtbot.waitSignal(window.controller.snapshotChanged):
            action(window, "actionStep").trigger()
        assert window.snapshot.epoch == start + k
    assert window.controller.history.size == start + 3 and not window.controller.running


def test_step_while_running_pauses_then_steps_once(qtbot, window):
    seen, paused_at = [], []
    window.controller.snapshotChanged.connect(lambda snap: seen.append(snap.epoch))
    # the controller shows the paused state before it says it paused
    window.controller.runningChanged.connect(lambda running: running or paused_at.append(window.snapshot.epoch))
    action(window, "actionPlayPause").trigger()
    wait_for(qtbot, window, lambda s: s.epoch > 10)
    action(window, "actionStep").trigger()
    qtbot.waitUntil(lambda: bool(paused_at) and seen[-1] == paused_at[0] + 1)
    with qtbot.assertNotEmitted(window.controller.snapshotChanged, wait=200):
        pass
    assert window.snapshot.epoch == paused_at[0] + 1 and not window.controller.running
    assert window.controller.history.size == window.snapshot.epoch


def test_a_dims_edit_while_running_rebuilds_paused_with_an_empty_loss_plot(qtbot, window):
    action(window, "actionPlayPause").trigger()
    wait_for(qtbot, window, lambda s: s.epoch > 30)
    qtbot.waitUntil(lambda: window.loss_plot.point_count > 0)
    gen = window.snapshot.generation
    edit = widget(window, "dimsEdit")
    edit.setText("2, 4, 3, 1")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.dims == (2, 4, 3, 1) and snap.epoch == 0
    qtbot.waitUntil(lambda: not window.controller.running)
    assert window.loss_plot.point_count == 0 and window.controller.history.size == 0


@pytest.mark.parametrize("text,message", [
    ("2,0,1", "layer 1 has 0 neurons"), ("abc", "not a whole number"), ("", "enter the layer widths"),
    ("3,2,1", "the data has 2 inputs"), ("2,513,1", "1 to 512"), ("2," + "1," * 10 + "1", "at most 10 layers"),
    ("2,2,3", "1 output or 2 one-hot outputs"), ("2,1_0,1", "not a whole number"),
])
def test_bad_dims_show_a_message_and_keep_the_network(qtbot, window, text, message):
    before = window.snapshot
    edit, error = widget(window, "dimsEdit"), widget(window, "dimsError")
    edit.setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert error.isVisible() and message in error.text()
    with qtbot.assertNotEmitted(window.controller.snapshotChanged, wait=150):
        pass
    assert window.snapshot is before
    edit.setText("2,2,1")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert not error.isVisible()


@pytest.mark.parametrize("text", ["nan", "-1", "0", "abc", "inf", "", "0_5"])
def test_bad_learning_rates_show_a_message_and_change_nothing(qtbot, window, text):
    edit, error = widget(window, "learningRateEdit"), widget(window, "learningRateError")
    edit.setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert error.isVisible() and "learning rate" in error.text()
    with qtbot.assertNotEmitted(window.controller.snapshotChanged, wait=150):
        pass
    assert window.snapshot.learning_rate == 1.0


def test_a_preset_chosen_after_bad_entries_leaves_no_message_under_the_values_it_shows(qtbot, window):
    from tests.qt.person import choose_in_list, type_into
    from xorgui.core.training.presets import PRESETS

    dims, lr = widget(window, "dimsEdit"), widget(window, "learningRateEdit")
    errors = widget(window, "dimsError"), widget(window, "learningRateError")
    type_into(qtbot, dims, "2,0,1")
    type_into(qtbot, lr, "1,5")
    assert all(error.isVisible() for error in errors)
    gen = window.snapshot.generation
    choose_in_list(qtbot, widget(window, "presetBox"), PRESETS["onehot-2-10-2"].title)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert dims.text() == "2, 10, 2" and float(lr.text()) == snap.learning_rate
    assert not any(error.isVisible() for error in errors), [error.text() for error in errors]


def test_a_bad_dims_entry_replaced_by_the_networks_dims_loses_its_message(qtbot, window):
    dims, error = widget(window, "dimsEdit"), widget(window, "dimsError")
    dims.setFocus()
    dims.selectAll()
    qtbot.keyClicks(dims, "2,0,1")
    qtbot.keyClick(dims, Qt.Key.Key_Return)
    assert error.isVisible()
    epoch = window.snapshot.epoch
    view = window.network_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.anchor("w:1:0:0"))
    qtbot.keyClick(view, Qt.Key.Key_Right)  # a Step: the panel shows the network's setup again
    wait_for(qtbot, window, lambda s: s.epoch == epoch + 1)
    qtbot.waitUntil(lambda: dims.text() == "2, 2, 1")
    assert not error.isVisible(), error.text()


def test_the_batch_size_and_the_shuffling_are_editable_only_in_the_modes_that_use_them(qtbot, window):
    batch, shuffle, mode_box = widget(window, "batchSizeSpin"), widget(window, "shuffleBox"), widget(window, "modeBox")
    assert window.snapshot.setup.config.mode == "batch" and not batch.isEnabled() and not shuffle.isEnabled()
    for mode, batch_on, shuffle_on in (("online", False, True), ("minibatch", True, True), ("batch", False, False),
                                       ("minibatch", True, True)):
        choose(qtbot, mode_box, mode)
        wait_for(qtbot, window, lambda s, mode=mode: s.setup.config.mode == mode)
        assert (batch.isEnabled(), shuffle.isEnabled()) == (batch_on, shuffle_on), mode
    batch.setFocus()
    batch.selectAll()
    qtbot.keyClicks(batch, "2")
    qtbot.keyClick(batch, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.setup.config.batch_size == 2)


def test_the_learning_rate_changes_without_a_reset(qtbot, window):
    with qtbot.waitSignal(window.controller.snapshotChanged):
        action(window, "actionStep").trigger()
    gen, epoch = window.snapshot.generation, window.snapshot.epoch
    edit = widget(window, "learningRateEdit")
    edit.setText("0.25")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    snap = wait_for(qtbot, window, lambda s: s.learning_rate == 0.25)
    assert snap.generation == gen and snap.epoch == epoch


def test_a_saved_model_opens_again_as_the_same_snapshot(qtbot, window, tmp_path):
    for _ in range(3):
        with qtbot.waitSignal(window.controller.snapshotChanged):
            action(window, "actionStep").trigger()
    before = window.snapshot
    path = tmp_path / "m.json"
    window.save_model(str(path))
    with qtbot.waitSignal(window.controller.snapshotChanged):
        action(window, "actionReset").trigger()
    assert not np.array_equal(window.snapshot.weights[1], before.weights[1])
    window.open_model(str(path))
    snap = wait_for(qtbot, window, lambda s: s.generation > before.generation + 1)
    assert snap.spec == before.spec and snap.setup.config == before.setup.config
    for n in (1, 2):
        assert np.array_equal(snap.weights[n], before.weights[n]) and np.array_equal(snap.biases[n], before.biases[n])
    assert snap.loss == before.loss


def test_a_bad_model_file_raises_and_keeps_the_network(qtbot, window, tmp_path):
    before = window.snapshot
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "xorgui-model", "version": 7}')
    with pytest.raises(ModelFileError, match="unsupported version 7"):
        window.open_model(str(bad))
    with qtbot.assertNotEmitted(window.controller.snapshotChanged, wait=150):
        pass
    assert window.snapshot is before


def test_the_graph_draws_one_edge_per_weight_coloured_by_sign(qtbot, window, tmp_path):
    spec = Spec((2, 3, 1))
    W1 = np.array([[0.5, -1.0], [1.5, -0.7], [-0.3, 0.9]])  # noqa: N806
    net = network_from_arrays(spec, [W1, [[-2.0, 0.4, 1.1]]], [[0.1, -0.2, 0.3], [0.5]])
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model_to_dict(net)))
    window.open_model(str(path))
    wait_for(qtbot, window, lambda s: s.dims == (2, 3, 1))
    view = window.network_view
    weights = np.concatenate([w.ravel() for w in window.snapshot.weights[1:]])
    groups = view.edges.groups()
    assert sum(len(segs) for _, _, segs in groups) == len(weights) == 9
    for colour, _width, segs in groups:
        for seg in segs:
            row = int(np.flatnonzero(np.all(np.isclose(view.layout_.edges, seg), axis=1))[0])
            assert (colour.blue() > colour.red()) == (weights[row] > 0), (row, weights[row], colour.name())
    widths = {int(np.flatnonzero(np.all(np.isclose(view.layout_.edges, seg), axis=1))[0]): width
              for _, width, segs in groups for seg in segs}
    assert widths[6] > widths[1]  # w(2)_00 = −2.0 is drawn wider than w(1)_01 = −1.0


def test_divergence_pauses_and_offers_restart(qtbot, window):
    edit = widget(window, "learningRateEdit")
    choose(qtbot, window.controls.hidden_box, "relu")
    choose(qtbot, window.controls.output_box, "linear")
    choose(qtbot, window.controls.cost_box, "sse")
    choose(qtbot, window.controls.reduction_box, "sum")
    wait_for(qtbot, window, lambda s: s.spec.activations == ("relu", "linear"))
    edit.setText("80")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.learning_rate == 80)
    window.controller.send(SetSpeed(None))
    action(window, "actionPlayPause").trigger()
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.controller.running, timeout=10000)
    assert "learning rate" in window.banner_text.text()
    with qtbot.waitSignal(window.controller.snapshotChanged):
        window.banner_restart.click()
    assert window.snapshot.epoch == 0 and not window.banner.isVisible()


def test_closing_while_running_stops_the_worker_cleanly(qtbot, settings):
    w = create_window(settings)
    try:
        w.show()
        qtbot.waitUntil(lambda: w.snapshot is not None, timeout=10000)
        w.controller.send(SetSpeed(None))
        w.controller.play()
        qtbot.waitUntil(lambda: w.snapshot.epoch > 100, timeout=10000)
    finally:
        w.close()
    assert not w.controller._thread.isRunning() and w.controller.worker._proc.exitcode is not None


def test_settings_and_geometry_are_remembered(qtbot, settings):
    w = create_window(settings)
    try:
        w.show()
        qtbot.waitUntil(lambda: w.snapshot is not None, timeout=10000)
        w.resize(w.minimumSizeHint().width(), 450)  # the offscreen screen is small: stay inside it
        size = (w.width(), w.height())
        w.controls.dims_edit.setText("2,5,1")
        qtbot.keyClick(w.controls.dims_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: w.snapshot.dims == (2, 5, 1), timeout=10000)
    finally:
        w.close()
    w2 = create_window(settings)
    try:
        w2.show()
        qtbot.waitUntil(lambda: w2.snapshot is not None and w2.snapshot.dims == (2, 5, 1), timeout=10000)
        # the offscreen screen is narrower than the window's minimum, so only the height is free to check
        assert w2.height() == size[1] != 860 and w2.controls.dims_edit.text() == "2, 5, 1"
    finally:
        w2.close()


def test_smoke_play_step_edit_dims_close(qtbot, window):
    action(window, "actionPlayPause").trigger()
    wait_for(qtbot, window, lambda s: s.epoch > 5)
    action(window, "actionStep").trigger()
    qtbot.waitUntil(lambda: not window.controller.running)
    window.controls.dims_edit.setText("2, 10, 2")
    qtbot.keyClick(window.controls.dims_edit, Qt.Key.Key_Return)
    snap = wait_for(qtbot, window, lambda s: s.dims == (2, 10, 2))
    assert snap.grid is not None and snap.grid.values.shape == (64, 64)
    action(window, "actionPlayPause").trigger()
    wait_for(qtbot, window, lambda s: s.dims == (2, 10, 2) and s.epoch > 5)


def test_hover_texts_name_what_is_under_the_pointer_with_its_values(qtbot, window):
    view = window.network_view
    snap = window.snapshot
    assert rest_on(qtbot, view, "w:2:0:1") == (f"w(2)_01 = {snap.weights[2][0, 1]:.8g}   "
                                                  f"∂C/∂w(2)_01 = {snap.dC_dW[2][0, 1]:.8g}")
    assert rest_on(qtbot, view, "b:1:1").startswith(f"b(1)_1 = {snap.biases[1][1]:.8g}")
    zs = ", ".join(f"{v:.8g}" for v in snap.z[1][:, 0])  # the batch by default: every sample's value
    assert rest_on(qtbot, view, "z:1:0").split("\n")[:2] == ["h(1)_0, each of the 4 samples", f"z(1)_0 = {zs}"]
    from PySide6.QtWidgets import QToolTip

    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    qtbot.mouseMove(view.viewport(), QPoint(3, 3))
    qtbot.waitUntil(lambda: view.hover is None)


def test_the_sample_selector_changes_the_neuron_fills_and_hover_values(qtbot, window):
    box = widget(window, "sampleBox")
    assert box.count() == 5 and box.itemText(3).startswith("x = (1, 1)") and box.sample is None
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Up)  # from the batch to the last sample, (1, 1)
    snap = window.snapshot
    assert window.network_view.sample == 3 and window.inspector.sample == 3
    assert f"a(1)_1 = {snap.a[1][3, 1]:.8g}" in rest_on(qtbot, window.network_view, "z:1:1")
    insp_box = window.inspector.sample_box
    insp_box.setFocus()
    qtbot.keyClick(insp_box, Qt.Key.Key_Up)  # the inspector's choice is the graph's too
    assert box.sample == 2 and window.network_view.sample == 2


def test_hovering_a_hidden_neuron_maps_its_activation_over_the_plane(qtbot, window):
    rest_on(qtbot, window.network_view, "z:1:0")
    plot = window.boundary_plot
    qtbot.waitUntil(lambda: plot.mapped == (1, 0))  # the trainer works the map out within milliseconds
    assert plot.neuron == (1, 0) and "a(1)_0" in plot.plotItem.titleLabel.text
    grid = window.snapshot.grid
    xs = np.linspace(*grid.x_range, 64)
    image = plot.image.image
    net = window.snapshot.network()
    expected = net.forward(np.array([[xs[5], np.linspace(*grid.y_range, 64)[9]]])).a[1][0, 0]
    assert image[9, 5] == pytest.approx(expected, rel=1e-12)
    rest_on(qtbot, window.network_view, "w:2:0:0")
    assert plot.neuron is None and "output" in plot.plotItem.titleLabel.text


def test_space_and_right_arrow_drive_training(qtbot, window):
    window.activateWindow()
    window.network_view.setFocus()
    with qtbot.waitSignal(window.controller.snapshotChanged):
        qtbot.keyClick(window.network_view, Qt.Key.Key_Right)
    assert window.snapshot.epoch == 1
    with qtbot.waitSignal(window.controller.runningChanged, check_params_cb=bool):
        qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.controller.runningChanged, check_params_cb=lambda r: not r):
        qtbot.keyClick(window.network_view, Qt.Key.Key_Space)


def test_a_model_the_data_cannot_train_is_refused_before_anything_changes(qtbot, window, tmp_path):
    from xorgui.core.model.build import init_network

    before = window.snapshot
    path = tmp_path / "three.json"
    path.write_text(json.dumps(model_to_dict(init_network(Spec((3, 2, 1)), 0))))
    with pytest.raises(ModelFileError, match=r"network \[3, 2, 1\] does not fit data set 'xor'"):
        window.open_model(str(path))
    assert window.controls.dims_edit.text() == "2, 2, 1"
    with qtbot.assertNotEmitted(window.controller.snapshotChanged, wait=150):
        pass
    assert window.snapshot is before


def test_the_panel_shows_a_presets_schedule_and_order_and_turns_them_off(qtbot, window):
    from xorgui.core.training.presets import PRESETS

    names = list(PRESETS)
    controls = window.controls
    controls.preset_box.setCurrentIndex(names.index("online-noisy-2-2-1") + 1)
    controls.preset_box.activated.emit(names.index("online-noisy-2-2-1") + 1)
    snap = wait_for(qtbot, window, lambda s: s.setup.config.mode == "online")
    assert snap.setup.config.schedule and not snap.setup.config.shuffle
    assert controls.schedule_box.isChecked() and not controls.shuffle_box.isChecked()
    qtbot.mouseClick(controls.schedule_box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(controls.shuffle_box, Qt.MouseButton.LeftButton)
    snap = wait_for(qtbot, window, lambda s: not s.setup.config.schedule and s.setup.config.shuffle)
    assert snap.setup.config.mode == "online" and snap.setup.config.learning_rate == 0.1
    controls.schedule_box.setChecked(True)  # the session's answer mirrors back without an echo
    controls.show_setup(snap.setup)
    assert not controls.schedule_box.isChecked() and controls.shuffle_box.isChecked()


def test_tab_stops_only_where_focus_shows_and_a_key_does_something(qtbot, window):
    from PySide6.QtWidgets import QApplication

    window.controls.dims_edit.setFocus()
    qtbot.waitUntil(window.controls.dims_edit.hasFocus)
    stops = []
    for _ in range(60):
        focused = QApplication.focusWidget()
        stops.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    names = {w.objectName() for w in stops if w is not None}
    # the panes' scroll areas and the loss plot drew no focus and took no key: Tab seemed to stop on nothing
    assert not names & {"tabsScroll", "controlsScroll"} and window.loss_plot.plots not in stops
    assert window.network_view in stops and window.controls.dims_edit in stops
