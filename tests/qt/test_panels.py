"""Truth table, unit logic, diagnostics, loss slice and exports in the app; the settings panel, its presets,
the remembered settings, About, the title and the icon."""

import csv
import html
import io
import json
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as settings_for_hypothesis
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QSettings, QStandardPaths, Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QMessageBox, QWidget

from tests.conftest import TEST_HOME
from tests.qt.conftest import close_window, open_window, wait_for
from xorgui.core.explanation.diagnostics import diagnose
from xorgui.core.explanation.explain import explain
from xorgui.core.explanation.logic import unit_logic
from xorgui.core.explanation.lossslice import loss_slice
from xorgui.core.files.modelfile import model_to_dict, setup_to_dict
from xorgui.core.model.build import init_network, network_from_arrays
from xorgui.core.model.network import Spec
from xorgui.core.model.notation import num
from xorgui.core.model.params import parse_param
from xorgui.core.training.presets import PRESETS
from xorgui.core.training.setup import Setup
from xorgui.qt.exporting import export_widget
from xorgui.qt.remembered import parse_setup, setup_text
from xorgui.qt.setup_check import check_setup
from xorgui.qt.widgets import signals_blocked
from xorgui.resources import resource_path


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
        assert table.samples.text(r, 3) == f"{snap.a[2][r, 0]:.8g}" and table.samples.text(r, 4) == f"{per[r]:.8g}"
        assert table.samples.text(r, 5) == "right"
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
    qtbot.waitUntil(window.settled)
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
    qtbot.waitUntil(window.settled)
    window.export_data("worked", str(tmp_path / "w.md"))
    md = (tmp_path / "w.md").read_text()
    ex = explain(window.snapshot.network(), window.snapshot.data, parse_param("b:1:1"), 0)
    assert md.startswith("# ∂C/∂b(1)_1") and f"{ex.gradient:.8g}" in md


def test_two_selected_weights_show_the_loss_surface_with_the_training_path(qtbot, window):
    from PySide6.QtCore import Qt

    from xorgui.core.explanation.lossslice import loss_surface

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


# --- the settings panel and its presets ----------------------------------------------------------------------


def choose(qtbot, combo, index):
    """Pick entry ``index`` of a combo box as a person does: open its list, click the entry."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a list ignores a click that comes as fast as a double one
    item = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=item.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def type_into(qtbot, edit, text):
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_the_preset_box_names_the_preset_until_an_edit_makes_the_settings_custom(qtbot, window):
    box, controls = window.controls.preset_box, window.controls
    assert box.currentText() == "custom"  # the default [2, 2, 1] is no classic configuration
    k = list(PRESETS).index("bias-2-2-1") + 1
    preset = PRESETS["bias-2-2-1"]
    choose(qtbot, box, k)
    wait_for(qtbot, window, lambda s: s.setup == preset.setup)
    assert box.currentIndex() == k and box.currentText() == preset.title
    assert preset.title in box.toolTip() and html.escape(preset.notes, quote=False) in box.toolTip()
    type_into(qtbot, controls.lr_edit, "0.25")
    assert box.currentText() == "custom" and "no classic configuration" in box.toolTip()
    type_into(qtbot, controls.lr_edit, num(preset.setup.config.learning_rate))
    assert box.currentText() == preset.title  # the same settings again: the preset's name again
    qtbot.keyClick(window.network_view, Qt.Key.Key_R)  # Reset: new weights from a new seed, the same configuration
    wait_for(qtbot, window, lambda s: s.setup.seed != preset.setup.seed)
    assert box.currentText() == preset.title
    type_into(qtbot, controls.dims_edit, "2,3,1")
    wait_for(qtbot, window, lambda s: s.dims == (2, 3, 1))
    assert box.currentText() == "custom"


def test_a_long_preset_title_is_elided_in_the_box_and_whole_in_its_tooltip_and_list(qtbot, window):
    box = window.controls.preset_box
    longest = max(range(1, box.count()), key=lambda k: box.fontMetrics().horizontalAdvance(box.itemText(k)))
    choose(qtbot, box, longest)
    qtbot.waitUntil(lambda: box.currentIndex() == longest)
    box.resize(140, box.height())  # narrower than the title, as at the panel's smallest
    shown, title = box.shown_text(), box.itemText(longest)
    assert shown.endswith("…") and title.startswith(shown[:-1]) and title in box.toolTip()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    assert view.width() >= box.fontMetrics().horizontalAdvance(title)  # the list shows every title whole
    qtbot.keyClick(view, Qt.Key.Key_Escape)


def test_a_setup_the_panel_cannot_show_changes_no_widget_and_leaves_the_panel_working(qtbot, window):
    controls = window.controls
    before = {w.objectName(): w.text() for w in controls.findChildren(QLineEdit)}
    for setup, message in ((Setup(spec=Spec((3, 2, 1))), "2 inputs"), (Setup(spec=Spec((2, 3, 3))), "outputs")):
        with pytest.raises(ValueError, match=message):
            controls.show_setup(setup)
        assert {w.objectName(): w.text() for w in controls.findChildren(QLineEdit)} == before
        assert controls.setup == window.snapshot.setup
        assert not any(w.signalsBlocked() for w in controls.findChildren(QWidget))
    type_into(qtbot, controls.dims_edit, "2,4,1")  # the panel still answers
    wait_for(qtbot, window, lambda s: s.dims == (2, 4, 1))


def test_signals_blocked_restores_each_objects_own_state_even_when_the_block_raises(qtbot):
    a, b = QLineEdit(), QLineEdit()
    b.blockSignals(True)  # blocked before: stays blocked
    with pytest.raises(RuntimeError), signals_blocked([a, b]):
        assert a.signalsBlocked() and b.signalsBlocked()
        raise RuntimeError("half-way")
    assert not a.signalsBlocked() and b.signalsBlocked()


# --- files: Open, Save and the title ----------------------------------------------------------------------


@pytest.fixture
def dialogs(monkeypatch):
    """The operating system's file dialogs answer with a chosen path; message boxes are recorded, not shown."""
    answers = {"open": None, "save": None, "warnings": []}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (answers["open"], ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (answers["save"], ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: answers["warnings"].append(text))
    return answers


def test_the_title_names_the_model_file_opened_or_saved(qtbot, window, tmp_path, dialogs):
    title = window.windowTitle()
    dialogs["open"] = str(tmp_path / "missing.json")
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert len(dialogs["warnings"]) == 1 and window.windowTitle() == title  # refused: the title stays
    path = tmp_path / "tutorial.json"
    path.write_text(json.dumps(model_to_dict(xor_net())))
    dialogs["open"] = str(path)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, window, lambda s: np.array_equal(s.weights[1], xor_net().W[1]))
    assert window.windowTitle() == "tutorial.json — xorgui" and len(dialogs["warnings"]) == 1
    dialogs["save"] = str(tmp_path / "mine.json")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.windowTitle() == "mine.json — xorgui" and (tmp_path / "mine.json").exists()


def test_a_name_typed_without_suffix_saves_a_json_file_and_replaces_one_only_when_told(qtbot, window, tmp_path,
                                                                                       dialogs, monkeypatch):
    dialogs["save"] = str(tmp_path / "mine")  # as typed into the dialog, whose type is "xorgui models (*.json)"
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = tmp_path / "mine.json"
    assert saved.exists() and not (tmp_path / "mine").exists() and window.windowTitle() == "mine.json — xorgui"
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text: asked.append(text) or QMessageBox.StandardButton.No)
    before = saved.read_text()
    gen = window.snapshot.generation
    qtbot.keyClick(window, Qt.Key.Key_R)  # new weights, which a save would write
    wait_for(qtbot, window, lambda s: s.generation > gen)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["mine.json already exists. Replace it?"] and saved.read_text() == before
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.read_text() != before


def test_a_model_the_panel_cannot_show_is_refused_with_a_message_and_never_remembered(qtbot, settings, tmp_path,
                                                                                      dialogs):
    w = open_window(qtbot, settings)
    try:
        type_into(qtbot, w.controls.dims_edit, "2,5,1")
        wait_for(qtbot, w, lambda s: s.dims == (2, 5, 1))
        for name, doc in (("three-outputs.json", model_to_dict(init_network(Spec((2, 2, 3)), 0))),
                          ("half-epoch.json", dict(model_to_dict(xor_net()), training={"epochs": 3.5}))):
            (tmp_path / name).write_text(json.dumps(doc))
            dialogs["open"] = str(tmp_path / name)
            qtbot.keyClick(w, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
            assert name in dialogs["warnings"][-1] or "outputs" in dialogs["warnings"][-1]
            assert w.controls.dims_edit.text() == "2, 5, 1" and w.snapshot.dims == (2, 5, 1)
        assert len(dialogs["warnings"]) == 2
    finally:
        close_window(w)
    again = open_window(qtbot, settings)  # what was remembered is the last good setup
    try:
        wait_for(qtbot, again, lambda s: s.dims == (2, 5, 1))
        assert again.statusBar().currentMessage() == ""
    finally:
        close_window(again)


# --- remembered settings ---------------------------------------------------------------------------------


def screen_of(window):
    return QGuiApplication.screenAt(window.geometry().center())


def setup_to_dict_text(**changes):
    doc = setup_to_dict(Setup())
    doc.update(changes)
    return json.dumps(doc)


def setup_json(**training):
    doc = setup_to_dict(Setup())
    doc["training"].update(training)
    return json.dumps(doc)


def test_hand_edited_settings_give_way_to_the_defaults_with_one_message(qtbot, settings):
    settings.setValue("speed", "abc")
    settings.setValue("geometry", "garbage")
    settings.setValue("setup", setup_json(init="bogus"))
    w = open_window(qtbot, settings)
    try:
        message = w.statusBar().currentMessage()
        assert "'abc'" in message and "geometry" in message and "bogus" in message
        assert w.controls.speed_box.currentIndex() == 1 and w.snapshot.setup == Setup()
        assert screen_of(w).availableGeometry().contains(w.frameGeometry())
        type_into(qtbot, w.controls.dims_edit, "2,3,1")  # and the app works
        wait_for(qtbot, w, lambda s: s.dims == (2, 3, 1))
    finally:
        close_window(w)
    assert settings.value("speed") in (1, "1") and json.loads(settings.value("setup"))["dims"] == [2, 3, 1]


@pytest.mark.parametrize("text, why", [
    ("{not json", "not JSON"), ("[1, 2]", "not a JSON object"), ("{}", "missing"), ("[" * 100_000, "nested"),
    (setup_json(epochs=3.5), "epoch"), (setup_json(batch_size=1e12), "batch"),
    (setup_to_dict_text(dims=[2, 100_000, 1]), "512"), (setup_to_dict_text(dims=[3, 2, 1]), "inputs"),
    (setup_json(dataset=["xor"]), "data set"), (setup_json(shuffle="no"), "shuffle")],
    ids=["not-json", "a-list", "empty", "deep", "epochs-3.5", "batch-1e12", "dims-100000", "three-inputs",
         "dataset-list", "shuffle-no"])
def test_a_bad_remembered_setup_is_refused_naming_why(text, why):
    with pytest.raises(ValueError, match=why):
        parse_setup(text)


@settings_for_hypothesis(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=6),
                    max_leaves=20),
       st.sampled_from(["dims", "activations", "bias", "cost", "reduction", "training"]))
def test_any_remembered_setup_either_is_one_the_panel_and_trainer_take_or_is_refused_with_a_message(junk, key):
    doc = setup_to_dict(Setup())
    doc[key] = junk
    for text in (json.dumps(doc), json.dumps(junk)):
        try:
            setup = parse_setup(text)
        except ValueError as exc:
            assert str(exc)  # one clear message, and nothing else raised
        else:
            check_setup(setup)
            setup.trainer()


def test_a_remembered_setup_the_panel_cannot_show_is_not_written_back():
    assert setup_text(Setup(spec=Spec((3, 2, 1)))) is None
    assert parse_setup(setup_text(PRESETS["onehot-2-10-2"].setup)) == PRESETS["onehot-2-10-2"].setup


def test_the_tests_write_no_settings_into_the_users_own_configuration(qtbot):
    # what Qt writes: the app's settings, and its own (the file dialogs' QtProject.conf)
    paths = [QSettings().fileName(), QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                               "QtProject").fileName(),
             QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)]
    assert all(TEST_HOME in Path(p).parents for p in paths), paths
    w = open_window(qtbot, None)  # the app's default settings, as a person's run uses them
    close_window(w)
    assert Path(paths[0]).exists()  # they were written, in the tests' own configuration


# --- About, the icon ----------------------------------------------------------------------------------------


def test_about_names_the_versions_of_xorgui_and_what_it_runs_on(qtbot, window):
    import platform

    import pyqtgraph
    import PySide6

    seen = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        seen.append(box.findChild(QLabel, "qt_msgbox_label").text())
        box.close()

    QTimer.singleShot(200, read_and_close)
    window.findChild(QAction, "actionAbout").trigger()
    text = seen[0]
    for name, version in (("xorgui", metadata.version("xorgui")), ("Python", platform.python_version()),
                          ("Qt", qVersion()), ("PySide6", PySide6.__version__),
                          ("pyqtgraph", pyqtgraph.__version__), ("NumPy", np.__version__)):
        assert f"<td>{name}</td><td>&nbsp;{version}</td>" in text


def test_the_window_has_the_apps_icon_and_the_desktop_entry_names_it(window):
    import configparser

    assert not window.windowIcon().isNull() and not window.windowIcon().pixmap(64, 64).isNull()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(resource_path("xorgui.desktop"))
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "xorgui %f" and desktop["Icon"] == "xorgui" and desktop["Type"] == "Application"
    for name in ("xorgui.svg", "xorgui.png"):
        assert not QIcon(str(resource_path(name))).pixmap(48, 48).isNull()
    with pytest.raises(FileNotFoundError, match="missing"):
        resource_path("nothing.svg")


# --- the study window ------------------------------------------------------------------------------------


def test_the_study_table_says_diverged_for_runs_whose_loss_is_not_a_number_and_sorts_them_last(qtbot, window):
    from xorgui.core.study.study import Study
    from xorgui.core.training.config import TrainConfig

    setup = window.snapshot.setup.with_(config=TrainConfig(learning_rate=1e300, epochs=50), init="normal",
                                        init_scale=1e3, spec=Spec((2, 3, 1), ("linear", "linear")))
    window.controller.rebuild(setup)
    wait_for(qtbot, window, lambda s: s.setup == setup)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.study_dialog
    dialog.runs.setValue(20)
    with qtbot.waitSignal(window.controller.studyFinished, timeout=20000):
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    expected = Study(setup, 20, 0)
    expected.run(50)
    losses = expected.result().final_loss
    assert not np.isfinite(losses).all()  # some runs diverged: the case under test
    table = dialog.table
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(2) + 5, 5))
    texts = [table.item(r, 2).text() for r in range(table.rowCount())]
    finite = np.sort(losses[np.isfinite(losses)])
    assert texts == [num(v) for v in finite] + ["diverged"] * int((~np.isfinite(losses)).sum())
    dialog.close()


def test_a_settings_file_that_cannot_be_read_or_written_is_said_at_start_and_at_close(qtbot, tmp_path, capfd):
    folder = tmp_path / "xorgui.conf"
    folder.mkdir()  # where the file should be, a folder: Qt can neither read nor write it
    settings = QSettings(str(folder), QSettings.Format.IniFormat)
    w = open_window(qtbot, settings)
    try:
        message = w.statusBar().currentMessage()
        assert f"the settings file {folder} cannot be read" in message
        type_into(qtbot, w.controls.dims_edit, "2,3,1")  # and the app works
        wait_for(qtbot, w, lambda s: s.dims == (2, 3, 1))
    finally:
        close_window(w)
    err = capfd.readouterr().err
    assert f"xorgui: the settings could not be saved to {folder}" in err and err.count(f"{folder}") == 1
