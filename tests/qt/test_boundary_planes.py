"""The boundary map for data of other than two inputs: a curve over one input, a picked plane of many."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolTip

from tests.qt.conftest import wait_for
from tests.qt.person import choose, choose_in_list, type_into
from tests.qt.test_boundary_points import at, drag, settled_plot
from tests.qt.test_sample_views import click_step
from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.network import Spec
from xorgui.core.model.notation import num
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup
from xorgui.qt.number_field import parse_number


def rebuilt(qtbot, window, setup):
    """Start over with ``setup`` (as the data tab's Apply does) and return the first snapshot of it."""
    gen = window.snapshot.generation
    window.controller.rebuild(setup)
    return wait_for(qtbot, window, lambda s: s.generation > gen)


def three_inputs():
    rng = np.random.default_rng(3)
    X = rng.random((8, 3)).round(2)  # noqa: N806
    return custom_data(X, (X[:, 0] + X[:, 2] > 1).astype(float)[:, None], "three")


def test_with_three_inputs_the_map_spreads_over_the_two_picked_and_holds_the_third_where_typed(qtbot, window):
    data = three_inputs()
    snap = rebuilt(qtbot, window, Setup(spec=Spec((3, 4, 1)), custom=data))
    plot = settled_plot(qtbot, window)
    picker = plot.picker
    mean_2 = round(data.X[:, 2].mean(), 2)
    assert picker.isVisible() and (picker.x_box.currentText(), picker.y_box.currentText()) == ("x_0", "x_1")
    assert picker.held_button.text() == f"x_2 = {num(mean_2)}" and snap.grid.plane.held[2] == mean_2
    # x_2 up the map: the grid is drawn anew over (x_0, x_2), x_1 held at its mean
    choose(qtbot, picker.y_box, "x_2")
    snap = wait_for(qtbot, window, lambda s: s.grid is not None and s.grid.plane.axes == (0, 2))
    net, held_1 = snap.network(), round(data.X[:, 1].mean(), 2)
    xs, ys = np.linspace(*snap.grid.x_range, 64), np.linspace(*snap.grid.y_range, 64)
    for r, c in ((5, 9), (40, 60)):
        assert snap.grid.values[r, c] == pytest.approx(net.forward(np.array([[xs[c], held_1, ys[r]]])).yhat[0, 0])
    qtbot.waitUntil(lambda: plot.snapshot is snap)
    assert plot.getAxis("left").labelText == "x_2" and picker.held_button.text() == f"x_1 = {num(held_1)}"
    # picking for x the input now along y swaps the two
    choose_in_list(qtbot, picker.x_box, "x_2")
    assert picker.plane.axes == (2, 0)
    snap = wait_for(qtbot, window, lambda s: s.grid.plane.axes == (2, 0))
    # x_1 held at a value typed into the held form
    qtbot.mouseClick(picker.held_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: picker.held_popup.isVisible())
    type_into(qtbot, picker.fields[1], "0.9")
    snap = wait_for(qtbot, window, lambda s: s.grid.plane.held[1] == 0.9)
    qtbot.keyClick(picker.fields[1], Qt.Key.Key_Escape)
    assert not picker.held_popup.isVisible()
    assert snap.generation == window.snapshot.generation and snap.epoch == 0  # the same run, drawn again
    # a point clicked onto the map takes the held value for x_1
    plot = settled_plot(qtbot, window)
    gen = snap.generation
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, -0.3, -0.3))
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert len(snap.data.X) == 9 and snap.data.X[-1][1] == 0.9
    assert snap.data.X[-1][[2, 0]] == pytest.approx([-0.3, -0.3], abs=0.05)
    assert snap.grid.plane.axes == (2, 0) and snap.grid.plane.held[1] == 0.9  # the plane outlives the edit


def test_with_one_input_the_map_is_a_curve_and_points_are_added_and_dragged_at_their_targets(qtbot, window):
    x = np.linspace(-2, 2, 5)[:, None]
    data = custom_data(x, np.sin(x), "sine")
    rebuilt(qtbot, window, Setup(spec=Spec((1, 5, 1), ("tanh", "linear")), config=TrainConfig(learning_rate=0.1),
                                 custom=data))
    plot = settled_plot(qtbot, window)
    snap = plot.snapshot
    assert snap.grid.curve and plot.line.isVisible() and not plot.image.isVisible() and not plot.bar.isVisible()
    assert not plot.picker.isVisible() and plot.plotItem.titleLabel.text == "ŷ over x_0"
    lx, ly = plot.line.getData()
    net = snap.network()
    assert np.allclose(ly, net.forward(lx[:, None]).yhat[:, 0], rtol=1e-12)
    assert np.array_equal(plot.points.pos, np.column_stack([x[:, 0], np.sin(x[:, 0])]))
    # the pointer reads ŷ at x_0
    qtbot.mouseMove(plot.viewport(), at(plot, 0.5, 2.0))
    qtbot.waitUntil(lambda: plot.readout != "")
    first, second = plot.readout.splitlines()[:2]
    x0 = float(first.removeprefix("x_0 = "))
    assert x0 == pytest.approx(0.5, abs=0.03) and second == f"ŷ = {num(net.forward(np.array([[x0]])).yhat[0, 0])}"
    # a click adds a sample at the target clicked
    gen = snap.generation
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, 0.5, 1.5))
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert len(snap.data.X) == 6 and snap.data.X[-1, 0] == pytest.approx(0.5, abs=0.05)
    assert snap.data.Y[-1, 0] == pytest.approx(1.5, abs=0.05)
    # a drag moves a sample's input and target together
    plot = settled_plot(qtbot, window)
    gen = snap.generation
    drag(qtbot, plot.viewport(), at(plot, 0.0, 0.0), at(plot, -0.5, -1.0))
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.data.X[2, 0] == pytest.approx(-0.5, abs=0.05) and snap.data.Y[2, 0] == pytest.approx(-1.0, abs=0.05)


def test_targets_that_are_no_classes_take_the_target_typed_for_a_point_added(qtbot, window):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # noqa: N806
    data = custom_data(X, np.array([[0.2], [3.7], [-1.5], [0.9]]), "heights")
    rebuilt(qtbot, window, Setup(spec=Spec((2, 3, 1), ("tanh", "linear")), config=TrainConfig(learning_rate=0.1),
                                 custom=data))
    plot = settled_plot(qtbot, window)
    assert plot.editor.target_box.isVisible() and not plot.editor.class_box.isVisible()
    assert not plot.snapshot.derived.wrong.any()  # no class, so none is wrong
    type_into(qtbot, plot.editor.target_box, "2.5")
    gen = plot.snapshot.generation
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, 0.5, 0.5))
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.data.Y[-1].tolist() == [2.5] and np.allclose(snap.data.X[-1], [0.5, 0.5], atol=0.05)


def test_data_spread_beyond_a_float_is_mapped_and_read_without_a_fault(qtbot, window):
    X = np.array([[-1e308, 0.0], [1e308, 1.0], [0.0, 0.0], [1.0, 1.0]])  # noqa: N806
    rebuilt(qtbot, window, Setup(spec=Spec((2, 2, 1)), custom=custom_data(X, np.array([[0.0], [1.0], [1.0], [0.0]]))))
    plot = settled_plot(qtbot, window)
    grid = plot.snapshot.grid
    assert all(np.isfinite(grid.x_range)) and np.isfinite(grid.x_range[1] - grid.x_range[0])
    qtbot.mouseMove(plot.viewport(), at(plot, 0.0, 0.5))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=at(plot, 0.0, 0.5))
    qtbot.wait(100)
    assert window.faults.seen == set()
    assert "diverged" not in plot.plotItem.titleLabel.text  # nothing diverged: the values are too large


def test_going_from_three_inputs_to_five_rebuilds_the_held_form_without_a_fault(qtbot, window):
    rebuilt(qtbot, window, Setup(spec=Spec((3, 4, 1)), custom=three_inputs()))
    plot = settled_plot(qtbot, window)
    assert len(plot.picker.fields) == 3
    rng = np.random.default_rng(9)
    rebuilt(qtbot, window, Setup(spec=Spec((5, 4, 1)), custom=custom_data(rng.random((6, 5)),
                                                                          np.ones((6, 1)), "five")))
    plot = settled_plot(qtbot, window)
    assert window.faults.seen == set() and len(plot.picker.fields) == 5
    assert plot.picker.held_button.text() == f"x_2 = {num(plot.snapshot.grid.plane.held[2])}, …"


def test_a_number_is_typed_as_written_and_anything_else_is_refused_at_the_field(qtbot, window):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # noqa: N806
    rebuilt(qtbot, window, Setup(spec=Spec((2, 3, 1), ("tanh", "linear")),
                                 custom=custom_data(X, np.array([[0.2], [3.7], [-1.5], [0.9]]), "heights")))
    plot = settled_plot(qtbot, window)
    box = plot.editor.target_box
    type_into(qtbot, box, "1e3")
    assert box.value() == 1000.0 and box.problem == ""
    for bad in ("abc", "nan", "1e400", "2e6"):
        type_into(qtbot, box, bad)
        assert box.value() == 1000.0 and box.problem and "#b00020" in box.styleSheet()
    type_into(qtbot, box, "-2.5e-1")
    assert box.value() == -0.25 and box.problem == "" and box.styleSheet() == ""


def test_a_number_field_reads_a_typed_minus_sign_and_refuses_what_it_would_guess():
    assert parse_number("−2.5", 10) == -2.5 and str(parse_number("-0", 1)) == "0.0"
    for bad, why in (("", "not a number"), ("1,5", "not a number"), ("1e5", "too large"), ("inf", "not a finite"),
                     ("1_0", "not a number")):
        with pytest.raises(ValueError, match=why):
            parse_number(bad, 1e4)


def test_the_last_sample_is_kept_and_the_map_says_why(qtbot, window):
    one = custom_data(np.array([[0.3, 0.6]]), np.array([[1.0]]), "one")
    rebuilt(qtbot, window, Setup(spec=Spec((2, 2, 1)), custom=one))
    plot = settled_plot(qtbot, window)
    with qtbot.assertNotEmitted(plot.dataRequested):
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=at(plot, 0.3, 0.6))
    assert "at least one sample" in plot.editor.message
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, 0.3, 0.6))
    assert plot.editor.picked == 0
    with qtbot.assertNotEmitted(plot.dataRequested):
        qtbot.keyClick(plot, Qt.Key.Key_Delete)
    assert "at least one sample" in plot.editor.message and len(window.snapshot.data.X) == 1
    qtbot.wait(2500)  # past Qt's own tooltip request for the resting pointer, the reason is still up
    assert QToolTip.isVisible() and "at least one sample" in QToolTip.text()


def test_delete_while_a_point_is_dragged_leaves_the_point_in_the_hand(qtbot, window):
    plot = settled_plot(qtbot, window)
    gen = window.snapshot.generation
    start, end = at(plot, 1.0, 1.0), at(plot, 0.6, 0.8)
    qtbot.mouseMove(plot.viewport(), start)
    qtbot.mousePress(plot.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 4):
        qtbot.mouseMove(plot.viewport(), start + (end - start) * k / 4)
        qtbot.wait(20)
    qtbot.keyClick(plot, Qt.Key.Key_Delete)
    qtbot.mouseMove(plot.viewport(), end)
    qtbot.mouseRelease(plot.viewport(), Qt.MouseButton.LeftButton, pos=end)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert len(snap.data.X) == 4 and np.allclose(snap.data.X[3], [0.6, 0.8], atol=0.05)
    assert window.faults.seen == set()


def two_values(inputs):
    """Data of ``inputs`` inputs whose two targets are values to approach, not classes."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.25]])[:, :inputs]  # noqa: N806
    return custom_data(X, np.column_stack([X.sum(axis=1) + 1.0, 3.0 - 2.0 * X[:, 0]]), "two values")


def test_with_two_outputs_that_are_values_a_box_picks_the_output_the_map_shows(qtbot, window):
    plot = settled_plot(qtbot, window)
    assert not plot.output_box.isVisible()  # XOR: one output
    data = two_values(2)
    rebuilt(qtbot, window, Setup(spec=Spec((2, 3, 2), ("tanh", "linear"), True, "sse"), custom=data))
    plot = settled_plot(qtbot, window)
    box = plot.output_box
    assert box.isVisible() and [box.itemText(k) for k in range(box.count())] == ["ŷ_0", "ŷ_1"]
    assert "output ŷ_0" in plot.getPlotItem().titleLabel.text and not plot.editor.class_box.isVisible()
    choose_in_list(qtbot, box, "ŷ_1")
    snap = wait_for(qtbot, window, lambda s: s.grid is not None and s.grid.plane.output == 1)
    net = snap.network()
    xs, ys = np.linspace(*snap.grid.x_range, 64), np.linspace(*snap.grid.y_range, 64)
    for r, c in ((3, 50), (60, 7)):
        assert snap.grid.values[r, c] == pytest.approx(net.forward(np.array([[xs[c], ys[r]]])).yhat[0, 1], rel=1e-14)
    plot = settled_plot(qtbot, window)
    assert "output ŷ_1" in plot.getPlotItem().titleLabel.text and box.currentText() == "ŷ_1"
    levels = plot.bar.levels()  # a linear output's map spans its own values, not 0 to 1
    assert levels == pytest.approx((snap.grid.values.min(), snap.grid.values.max()))
    qtbot.mouseMove(plot.viewport(), at(plot, 0.4, 0.6))
    qtbot.waitUntil(lambda: plot.readout != "")
    assert plot.readout.splitlines()[1].startswith("ŷ_1 = ")
    # training on keeps the output picked
    gen = snap.generation
    click_step(qtbot, window)
    snap = wait_for(qtbot, window, lambda s: s.epoch > 0 and s.generation == gen)
    assert snap.grid.plane.output == 1


def test_with_one_input_and_two_outputs_the_points_sit_at_the_targets_of_the_output_picked(qtbot, window):
    data = two_values(1)
    rebuilt(qtbot, window, Setup(spec=Spec((1, 3, 2), ("tanh", "linear"), True, "sse"), custom=data))
    plot = settled_plot(qtbot, window)
    assert plot.output_box.isVisible() and np.array_equal(plot.shown[:, 1], data.Y[:, 0])
    choose_in_list(qtbot, plot.output_box, "ŷ_1")
    snap = wait_for(qtbot, window, lambda s: s.grid is not None and s.grid.plane.output == 1)
    qtbot.waitUntil(lambda: plot.snapshot is snap)
    assert np.array_equal(plot.shown[:, 1], data.Y[:, 1]) and plot.getAxis("left").labelText == "ŷ_1"
