"""The step-through as a person uses it: keys and buttons move through the phases; the end is one Step."""

import numpy as np
from PySide6.QtCore import Qt

from tests.qt.conftest import wait_for
from tests.qt.person import choose, rest_on, type_into
from xorgui.core.explanation.explain import explain
from xorgui.core.explanation.worked import num
from xorgui.core.model.params import parse_param
from xorgui.core.session.command import Restart, Step
from xorgui.core.walkthrough import writer
from xorgui.core.walkthrough.phases import phase_title
from xorgui.core.walkthrough.walk import walk


def started(qtbot, window):
    """Press T on the graph and wait for the first phase."""
    window.network_view.setFocus()
    qtbot.keyClick(window.network_view, Qt.Key.Key_T)
    link = window.step_link
    qtbot.waitUntil(lambda: link.part is not None and window.network_view.shown_phase is not None)
    return link


def phase_on_view(window):
    shown = window.network_view.shown_phase
    return None if shown is None else phase_title(shown.phase)


def test_keys_and_buttons_move_through_the_phases_on_the_graph(window, qtbot):
    link = started(qtbot, window)
    bar, view = window.step_bar, window.network_view
    assert bar.isVisible() and phase_on_view(window) == "Forward, layer 1"
    assert not bar.previous.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Period)
    assert phase_on_view(window) == "Forward, layer 2"
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert phase_on_view(window) == "Cost"
    assert any(text.startswith("C = ") for text in view.phase_labels.texts())
    qtbot.keyClick(view, Qt.Key.Key_Comma)
    assert phase_on_view(window) == "Forward, layer 2"
    qtbot.mouseClick(bar.previous, Qt.MouseButton.LeftButton)
    assert phase_on_view(window) == "Forward, layer 1" and not bar.previous.isEnabled()
    for _ in range(len(link.part.walk.phases) - 1):
        qtbot.keyClick(view, Qt.Key.Key_Period)
    assert phase_on_view(window) == "Update, layer 2" and not bar.next.isEnabled()
    # the lit edges are those of the phase's layer, in the update's colour; the rest dimmed under them
    groups = view.edges.groups()
    assert len(groups[-1][2]) == 2 and groups[-1][0].name() == "#cc79a7"
    assert window.snapshot.epoch == 0  # nothing was changed by looking
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert not bar.isVisible() and view.shown_phase is None


def test_the_numbers_shown_are_the_inspectors_and_explains(window, qtbot):
    link = started(qtbot, window)
    view = window.network_view
    while phase_on_view(window) != "Gradients, layer 1":
        qtbot.keyClick(view, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: window.settled() and window.inspector.explanation is not None)
    assert window.inspector.name == "w:1:0:0"  # the inspector follows the phase
    snap = window.snapshot
    for name in ("w:1:0:0", "w:1:1:1", "b:1:1"):
        expected = explain(snap.network(), snap.data, parse_param(name, snap.spec), None)
        tip = rest_on(qtbot, view, name)
        assert tip.splitlines()[-1].endswith(f"= {num(expected.gradient)}"), tip
    assert window.inspector.title.text().startswith(f"∂C/∂w(1)_00 = {num(link.part.walk.gradient(1).dC_dW[0, 0])}")
    qtbot.keyClick(view, Qt.Key.Key_Period)
    assert phase_on_view(window) == "Update, layer 1"
    assert "← " in rest_on(qtbot, view, "w:1:0:1")


def test_to_the_end_makes_exactly_the_step_the_trainer_makes(window, qtbot):
    started(qtbot, window)
    qtbot.keyClick(window.network_view, Qt.Key.Key_Period)
    qtbot.mouseClick(window.step_bar.end, Qt.MouseButton.LeftButton)
    after = wait_for(qtbot, window, lambda s: s.epoch == 1)
    qtbot.waitUntil(lambda: "The Step is made" in window.step_bar.title.text())
    assert "the weights are those the step-through ended with" in window.step_bar.title.text()
    walked = after.network().theta
    window.controller.send(Restart())
    wait_for(qtbot, window, lambda s: s.epoch == 0 and s.generation == after.generation + 1)
    window.controller.send(Step())
    stepped = wait_for(qtbot, window, lambda s: s.epoch == 1 and s.generation == after.generation + 1)
    assert np.array_equal(stepped.network().theta, walked)


def test_online_the_epochs_updates_come_one_after_another_and_the_end_is_the_epoch(window, qtbot):
    choose(qtbot, window.controls.mode_box, "online")
    wait_for(qtbot, window, lambda s: s.config.mode == "online")
    link = started(qtbot, window)
    assert (link.part.update, link.part.updates) == (0, 4) and "update 1 of 4" in window.step_bar.title.text()
    assert window.sample_box.sample == int(link.part.walk.rows[0])  # the inspector explains that sample
    for _ in range(len(link.part.walk.phases)):
        qtbot.keyClick(window.network_view, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: link.part is not None and link.part.update == 1)
    assert phase_on_view(window) == "Forward, layer 1"
    qtbot.keyClick(window.network_view, Qt.Key.Key_Comma)
    qtbot.waitUntil(lambda: link.part is not None and link.part.update == 0)
    assert phase_on_view(window) == "Update, layer 2"
    epoch = window.snapshot.epoch
    qtbot.keyClick(window.network_view, Qt.Key.Key_End)
    after = wait_for(qtbot, window, lambda s: s.epoch == epoch + 1)
    qtbot.waitUntil(lambda: "the weights are those the step-through ended with" in window.step_bar.title.text())
    assert after.config.mode == "online"


def test_an_edit_during_the_step_through_ends_it(window, qtbot):
    started(qtbot, window)
    window.edit_parameter("w:1:0:0", 0.5)
    qtbot.waitUntil(lambda: not window.step_bar.isVisible())
    assert window.network_view.shown_phase is None


def test_playing_goes_through_the_phases_by_itself_and_stops_at_the_end(window, qtbot):
    link = started(qtbot, window)
    choose(qtbot, window.step_bar.speed_box, "0.25 s")
    window.network_view.setFocus()
    qtbot.keyClick(window.network_view, Qt.Key.Key_P)
    assert window.step_bar.play.isChecked()
    qtbot.waitUntil(lambda: link.index == len(link.part.walk.phases) - 1, timeout=10000)
    qtbot.waitUntil(lambda: not window.step_bar.play.isChecked())
    assert window.snapshot.epoch == 0


def test_a_wide_layer_shows_the_numbers_that_fit_and_the_rest_on_hover(window, qtbot):
    type_into(qtbot, window.controls.dims_edit, "2, 64, 64, 2")
    wait_for(qtbot, window, lambda s: s.dims == (2, 64, 64, 2))
    started(qtbot, window)
    view = window.network_view
    labelled = view.phase_labels.shown
    assert 2 <= len(labelled) < 64 and (1, 0) in labelled and (1, 63) in labelled
    hidden = next(i for i in range(64) if (1, i) not in labelled)
    tip = rest_on(qtbot, view, f"b:1:{hidden}")  # its bias: the neurons of a wide layer lie under theirs
    w = window.step_link.part.walk
    assert tip.startswith(f"z(1)_{hidden} = ") and tip.splitlines()[0].endswith(num(w.forward(1).z[0, hidden]))
    qtbot.keyClick(view, Qt.Key.Key_Period)
    assert {n for n, _ in view.phase_labels.shown} == {2}  # a layer at a time


def test_the_step_through_is_exported_as_markdown_and_as_text(window, qtbot, tmp_path):
    snap = window.snapshot
    expected = walk(snap.network(), snap.data, None, snap.learning_rate)
    md = tmp_path / "step.md"
    window.step_link.export(str(md), "md")  # none on view: the next Step's update is taken apart for it
    qtbot.waitUntil(md.exists)
    assert md.read_text(encoding="utf-8") == writer.to_markdown(expected)
    link = started(qtbot, window)
    txt = tmp_path / "step.txt"
    link.export(str(txt), "txt")
    assert txt.read_text(encoding="utf-8") == writer.to_text(expected)


def test_an_update_too_big_to_take_apart_is_refused_in_the_status_bar_and_the_app_goes_on(window, qtbot):
    from xorgui.core.model.data import Dataset
    from xorgui.core.model.network import Spec, default_activations
    from xorgui.core.walkthrough.walk import MAX_TERMS

    rng = np.random.default_rng(3)
    X = rng.random((300, 2))
    data = Dataset("custom", X, (X.sum(axis=1) > 1).astype(float)[:, None])
    setup = window.snapshot.setup.with_(spec=Spec((2, 100, 100, 1), default_activations(3))).with_(custom=data)
    assert 300 * setup.spec.n_params > MAX_TERMS  # 3 million terms: seconds and hundreds of megabytes
    window.controller.rebuild(setup)
    wait_for(qtbot, window, lambda s: s.setup == setup)
    window.network_view.setFocus()
    qtbot.keyClick(window.network_view, Qt.Key.Key_T)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "Too big to take apart" in bar.currentMessage(), timeout=10000)
    assert "300 samples × 10 501 parameters" in bar.currentMessage()
    assert not window.step_bar.isVisible() and window.network_view.shown_phase is None
    qtbot.keyClick(window.network_view, Qt.Key.Key_X)  # an exercise on it: the dialog says so instead of waiting
    dialog = window.menus.exercise
    qtbot.waitUntil(lambda: dialog is not None and "Too big to take apart" in dialog.question.text(), timeout=10000)
    dialog.close()
    from PySide6.QtWidgets import QToolBar

    step = window.findChild(QToolBar).widgetForAction(window.action_step)
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda s: s.epoch == 1)  # the app goes on
