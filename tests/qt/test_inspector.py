"""Click to inspect: selection on the graph, highlighted paths, the inspector's numbers."""

import json
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from tests.qt.conftest import wait_for
from tests.qt.person import choose
from xorgui.core.explanation.explain import explain
from xorgui.core.explanation.pathgraph import path_subgraph
from xorgui.core.explanation.worked import to_text
from xorgui.core.files.modelfile import model_to_dict
from xorgui.core.model.build import init_network
from xorgui.core.model.network import Spec
from xorgui.core.model.params import all_params, parse_param
from xorgui.core.session.command import SetSpeed


def load(qtbot, window, tmp_path, dims, seed=3):
    spec = Spec(dims, ("sigmoid",) * (len(dims) - 1))
    path = tmp_path / f"m{len(dims)}.json"
    path.write_text(json.dumps(model_to_dict(init_network(spec, seed, "uniform"))))
    window.open_model(str(path))
    return wait_for(qtbot, window, lambda s: s.dims == dims)


def click(qtbot, view, name):
    """Click ``name`` on the graph and wait, as a person would, for the trainer's answer to be shown."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.anchor(name))
    qtbot.waitUntil(view.window().settled)


def highlighted_edges(view):
    """The weights (n, i, j) drawn in colour (not dimmed, not the selection mark)."""
    lay = view.layout_
    out = set()
    for colour, _width, segs in view.edges.groups():
        if colour.name() in ("#e4e4e4", "#141414"):
            continue
        for seg in segs:
            k = int(np.flatnonzero(np.all(np.isclose(lay.edges, seg), axis=1))[0])
            out.add(tuple(int(v) for v in lay.edge_ref[k]))
    return out


@pytest.mark.parametrize("dims", [(2, 2, 1), (2, 3, 2, 1), (2, 4, 2)])
def test_a_real_click_selects_each_kind_and_highlights_the_core_path_set(qtbot, window, tmp_path, dims):
    snap = load(qtbot, window, tmp_path, dims)
    view = window.network_view
    view.resize(900, 500)
    qtbot.waitUntil(lambda: view.viewport().width() > 800)
    view.fit()
    names = [r.name for r in all_params(snap.spec)]
    for name in names[:: max(1, len(names) // 9)] + names[-3:]:
        with qtbot.waitSignal(view.selectionChanged, check_params_cb=lambda n, name=name: n == name):
            click(qtbot, view, name)
        ref = parse_param(name, snap.spec)
        edges, _ = path_subgraph(dims, ref)
        assert highlighted_edges(view) == edges, name
        assert window.inspector.name == name
    with qtbot.waitSignal(view.selectionChanged, check_params_cb=lambda n: n == ""):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(3, 3))


def test_escape_clears_and_arrows_and_tab_move_the_selection(qtbot, window):
    view = window.network_view
    view.select("z:1:0")
    view.setFocus()
    order = [r.name for r in all_params(window.snapshot.spec)]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected.name == order[order.index("z:1:0") + 1]
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.selected.name == "z:1:0"
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected.name == order[order.index("z:1:0") + 1]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.selected is None and window.inspector.name == ""


def test_selection_by_name_and_a_bad_name_is_explained(qtbot, window):
    edit = window.inspector.select_edit
    edit.setText("b:2:0")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.network_view.selected.name == "b:2:0"
    edit.setText("w:5:0:0")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.inspector.error.isVisible() and "layer must be" in window.inspector.error.text()
    assert window.network_view.selected.name == "b:2:0"


@pytest.mark.parametrize("name", ["w:1:1:0", "b:1:0", "z:2:0", "w:2:0:1"])
def test_the_inspector_numbers_equal_the_core_and_the_command_line(qtbot, window, tmp_path, name):
    for _ in range(5):
        with qtbot.waitSignal(window.controller.snapshotChanged):
            window.action_step.trigger()
    window.network_view.select(name)
    insp = window.inspector
    for index in (1, 4):  # sample (0, 1), then the batch
        insp.sample_box.setCurrentIndex(index)
        qtbot.waitUntil(window.settled)  # the trainer works the explanation out: it is shown within milliseconds
        snap = window.snapshot
        sample = None if index == 4 else index
        ex = explain(snap.network(), snap.data, parse_param(name, snap.spec), sample, learning_rate=snap.learning_rate)
        assert insp.explanation.gradient == ex.gradient
        assert abs(ex.finite_difference - ex.gradient) <= 1e-6 * abs(ex.gradient) + 1e-12
        text = insp.plain_text()
        assert to_text(ex) in text and f"{ex.gradient:.8g}" in insp.title.text()
        model = tmp_path / "now.json"
        window.save_model(str(model))
        args = ["--batch"] if sample is None else ["--sample", "0,1"]
        cli = subprocess.run([sys.executable, "-m", "xorgui", "explain", str(model), "--param", name, *args],
                             capture_output=True, text=True, check=True)
        assert cli.stdout == to_text(ex)
        insp.copy_text()
        assert QGuiApplication.clipboard().text() == cli.stdout


def test_hovering_a_path_in_the_inspector_highlights_just_that_path(qtbot, window, tmp_path):
    load(qtbot, window, tmp_path, (2, 3, 2, 1))
    click(qtbot, window.network_view, "w:1:2:0")
    insp = window.inspector
    assert insp.paths.count() == 2 + 1  # two paths and the total line
    paths = insp.paths
    row = paths.visualItemRect(paths.item(1)).center()
    qtbot.mouseMove(paths.viewport(), row + QPoint(0, 1))
    qtbot.mouseMove(paths.viewport(), row)  # the pointer rests on the second path
    path = insp.explanation.paths[1]
    expected = {(2, path.neurons[1][1], 2), (3, 0, path.neurons[1][1]), (1, 2, 0)}
    qtbot.waitUntil(lambda: highlighted_edges(window.network_view) == expected)
    qtbot.mouseMove(window.network_view.viewport(), QPoint(3, 3))  # leaving the list shows every path again
    every = path_subgraph((2, 3, 2, 1), parse_param("w:1:2:0"))[0]
    qtbot.waitUntil(lambda: highlighted_edges(window.network_view) == every)


def test_editing_a_weight_in_the_inspector_changes_the_snapshot_and_the_explanation(qtbot, window):
    window.network_view.select("w:2:0:1")
    edit = window.inspector.value_edit
    qtbot.mouseDClick(edit, Qt.MouseButton.LeftButton)
    assert not edit.isReadOnly()
    edit.setText("2.5")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    snap = wait_for(qtbot, window, lambda s: s.weights[2][0, 1] == 2.5)
    qtbot.waitUntil(lambda: window.inspector.explanation is not None
                    and window.inspector.explanation.fwd.a[2][0, 0] == snap.a[2][0, 0])
    assert window.inspector.value_edit.text() == "2.5"


def test_double_clicking_a_bias_on_the_graph_edits_it(qtbot, window):
    view = window.network_view
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.anchor("b:1:1"))
    editor = window.value_editor
    qtbot.waitUntil(editor.isVisible)
    editor.setText("-1.25")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.biases[1][1] == -1.25)
    assert view.selected.name == "b:1:1"


def test_the_selection_survives_a_step_and_is_cleared_when_the_dims_remove_it(qtbot, window):
    view = window.network_view
    view.select("w:2:0:1")
    with qtbot.waitSignal(window.controller.snapshotChanged):
        window.action_step.trigger()
    assert view.selected.name == "w:2:0:1" and window.inspector.explanation.gradient == explain(
        window.snapshot.network(), window.snapshot.data, parse_param("w:2:0:1"), None).gradient  # the batch
    window.controls.dims_edit.setText("2,3,1")
    qtbot.keyClick(window.controls.dims_edit, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.dims == (2, 3, 1))
    assert view.selected.name == "w:2:0:1"  # still exists in [2, 3, 1]
    window.controls.dims_edit.setText("2,1")
    qtbot.keyClick(window.controls.dims_edit, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.dims == (2, 1))
    assert view.selected is None and window.inspector.name == ""


def test_the_edge_encoding_switches_between_weight_gradient_and_update(qtbot, window):
    with qtbot.waitSignal(window.controller.snapshotChanged):
        window.action_step.trigger()
    snap = window.snapshot
    for index, key, title in ((1, "dC_dW", "∂C/∂w"), (2, "last_dW", "Δw"), (0, "weights", "weight")):
        window.encoding_box.setCurrentIndex(index)
        values = np.concatenate([w.ravel() for w in getattr(snap, key)[1:]] +
                                [b for b in getattr(snap, {"dC_dW": "dC_db", "last_dW": "last_db"}.get(
                                    key, "biases"))[1:]])
        assert window.legend.title == title
        assert window.legend.scale == pytest.approx(np.abs(values).max())


def test_the_inspector_follows_training_live(qtbot, window):
    window.network_view.select("w:1:0:0")
    seen = set()
    window.controller.play()
    qtbot.waitUntil(lambda: window.inspector.explanation is not None and (
        seen.add(window.inspector.explanation.fwd.a[1][0, 0]) or len(seen) > 5), timeout=5000)
    window.controller.pause()


def test_no_formula_is_broken_across_lines_however_narrow_the_inspector(qtbot, window):
    click(qtbot, window.network_view, "w:1:0:1")
    insp = window.inspector
    insp.resize(220, insp.height())
    qtbot.waitUntil(lambda: insp.explanation is not None)
    doc = insp.text.document()
    block, lines = doc.begin(), []
    while block.isValid():
        lines.append(block.layout().lineCount())
        block = block.next()
    laid_out = [n for n in lines if n]  # the blocks on screen
    assert len(laid_out) > 5 and set(laid_out) == {1}  # every line of the worked example stays one line
    assert insp.text.horizontalScrollBar().maximum() > 0  # it scrolls sideways instead


def test_a_diverged_network_is_explained_in_words_not_as_nan(qtbot, window):
    c = window.controls
    for box, text in ((c.hidden_box, "relu"), (c.output_box, "linear"), (c.cost_box, "sse")):
        choose(qtbot, box, text)
    wait_for(qtbot, window, lambda s: s.spec.activations == ("relu", "linear"))
    c.lr_edit.setText("80")
    qtbot.keyClick(c.lr_edit, Qt.Key.Key_Return)
    window.controller.send(SetSpeed(None))
    qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.controller.running, timeout=10000)
    assert not np.isfinite(window.snapshot.loss)
    click(qtbot, window.network_view, "w:2:0:1")
    title = window.inspector.title.text()
    assert "cannot check: the values are not finite numbers (training diverged)" in title and "nan" not in title


def test_the_batch_of_ten_thousand_samples_is_explained_listing_its_first_samples(qtbot, window, tmp_path):
    from xorgui.core.model.data import Dataset
    from xorgui.core.training.setup import Setup

    rng = np.random.default_rng(2)
    data = Dataset("many", rng.random((10_000, 2)), rng.random((10_000, 1)))
    setup = Setup(custom=data)
    path = tmp_path / "many.json"
    path.write_text(json.dumps(model_to_dict(setup.network(), setup)))
    window.open_model(str(path))
    wait_for(qtbot, window, lambda s: len(s.data.X) == 10_000)
    click(qtbot, window.network_view, "w:1:0:1")
    qtbot.waitUntil(lambda: window.inspector.explanation is not None)
    text = window.inspector.plain_text()
    assert "of the 10 000 samples; choose one to see any other" in text and "mean over 10 000 samples" in text
    assert len(text) < 400_000  # 3.9 MB, remade with every snapshot, when each sample was written out


def test_a_value_typed_with_an_underscore_is_refused_by_both_value_editors(qtbot, window):
    view, before = window.network_view, window.snapshot.biases[1][1]
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.anchor("b:1:1"))
    editor = window.value_editor
    qtbot.waitUntil(editor.isVisible)
    editor.selectAll()
    qtbot.keyClicks(editor, "1_0")  # Python reads 10; a person who typed it meant something else
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "'1_0' is not a finite number" in window.statusBar().currentMessage()
    edit = window.inspector.value_edit
    qtbot.mouseDClick(edit, Qt.MouseButton.LeftButton)
    edit.selectAll()
    qtbot.keyClicks(edit, "0_5")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.inspector.error.isVisible() and "'0_5' is not a finite number" in window.inspector.error.text()
    with qtbot.assertNotEmitted(window.controller.snapshotChanged, wait=200):
        pass
    assert window.snapshot.biases[1][1] == before
