"""The decision-boundary map: the value under the pointer, its colour bar, odd data and vanished neurons."""

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QToolTip

from tests.qt.conftest import wait_for
from tests.qt.views import XOR_NET, activations_at, looking_at, net_of, shown, snapshot_of
from xorgui.core.model.data import Dataset
from xorgui.core.model.notation import num
from xorgui.qt.boundary_plot import BoundaryPlot
from xorgui.qt.exporting import widget_png
from xorgui.qt.scales import CMAP


@pytest.fixture
def plot(qtbot):
    return shown(qtbot, BoundaryPlot())


def pointer_at(qtbot, plot, x, y):
    """Return the viewport position of the plane's point (x, y), and the point it maps back to."""
    # a new title changes the layout, and the view fits its range when it paints: let both settle
    qtbot.wait(50)
    plot.grab()
    pos = plot.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x, y)))
    back = plot.getViewBox().mapSceneToView(plot.mapToScene(pos))
    return pos, back.x(), back.y()


def readout_value(text):
    return text.splitlines()[1].split(" = ")[1]


def readout_point(text):
    """Return the point the readout names: its first line is x = (x_0, x_1)."""
    x, y = text.splitlines()[0].removeprefix("x = (").removesuffix(")").split(", ")
    return float(x), float(y)


def test_resting_the_pointer_on_the_map_reads_the_output_under_it(qtbot, plot):
    snap = snapshot_of(net_of(*XOR_NET))
    plot.set_snapshot(snap)
    pos, x, y = pointer_at(qtbot, plot, 0.3, 0.8)
    qtbot.mouseMove(plot.viewport(), pos)
    qtbot.waitUntil(lambda: plot.readout != "")
    shown = readout_point(plot.readout)  # the pointer's place, to the map's resolution (0.01 here)
    assert shown == pytest.approx((x, y), abs=0.006) and shown == pytest.approx((0.3, 0.8), abs=0.03)
    expected = activations_at(snap, np.array([shown]))[-1][0, 0]
    assert plot.readout.splitlines()[1] == f"ŷ = {num(expected)}"
    assert QToolTip.text() == plot.readout
    # a new snapshot while the pointer rests: the reading follows it
    moved = snapshot_of(net_of(XOR_NET[0], XOR_NET[1], [[-30, -10], [-5]]))
    plot.set_snapshot(moved)
    assert readout_value(plot.readout) == num(activations_at(moved, np.array([shown]))[-1][0, 0])
    # off the map (in the view's margin beside it) the reading goes away
    (x0, x1), _ = plot.getViewBox().viewRange()
    beside = (snap.grid.x_range[1] + x1) / 2
    assert snap.grid.x_range[1] < beside < x1
    qtbot.mouseMove(plot.viewport(), pointer_at(qtbot, plot, beside, 0.5)[0])
    qtbot.waitUntil(lambda: plot.readout == "")


def test_a_hidden_neurons_map_reads_its_activation_and_its_bar_says_so(qtbot, plot):
    snap = snapshot_of(net_of((2, 3, 1), [[[2, -3], [1, 1], [-4, 0.5]], [[1, 1, 1]]], [[0.5, -1, 2], [0]],
                              ("relu", "sigmoid")))
    plot.set_snapshot(looking_at(snap, neuron=(1, 2)))
    plot.show_neuron((1, 2))
    pos, x, y = pointer_at(qtbot, plot, 1.2, -0.3)
    qtbot.mouseMove(plot.viewport(), pos)
    qtbot.waitUntil(lambda: plot.readout != "")
    shown = readout_point(plot.readout)
    assert shown == pytest.approx((x, y), abs=0.006)
    assert plot.readout.splitlines()[1] == f"a(1)_2 = {num(activations_at(snap, np.array([shown]))[1][0, 2])}"
    assert plot.bar.getAxis("left").labelText == "a(1)_2"
    # a ReLU has no fixed range: the bar spans ± the largest value on the plane, computed here
    grid = snap.grid
    xs, ys = np.linspace(*grid.x_range, 64), np.linspace(*grid.y_range, 64)
    gx, gy = np.meshgrid(xs, ys)
    top = activations_at(snap, np.column_stack([gx.ravel(), gy.ravel()]))[1][:, 2].max()
    assert plot.bar.levels() == pytest.approx((-top, top), rel=1e-12)
    assert "a(1)_2" in plot.plotItem.titleLabel.text


@pytest.mark.parametrize("outputs,label", [(1, "ŷ"), (2, "P(class 1)")])
def test_the_colour_bar_is_part_of_the_plot_and_of_its_exported_image(qtbot, plot, outputs, label):
    dims = (2, 2, outputs)
    snap = snapshot_of(net_of(dims, [[[1, 2], [3, -1]], [[1, -1]] * outputs], [[0, 0], [0] * outputs]))
    plot.set_snapshot(snap)
    assert plot.bar.getAxis("left").labelText == label and plot.bar.levels() == (0.0, 1.0)
    assert plot.bar.scene() is plot.scene()
    qtbot.wait(50)
    image = QImage.fromData(widget_png(plot))
    rect = plot.mapFromScene(plot.bar.bar.sceneBoundingRect()).boundingRect()
    top, bottom = image.pixelColor(rect.center().x(), rect.top() + 3), image.pixelColor(rect.center().x(),
                                                                                       rect.bottom() - 3)
    for colour, share in ((top, 1.0), (bottom, 0.0)):
        expected = QColor(*CMAP.map([share], mode="byte")[0][:3])
        assert abs(colour.red() - expected.red()) + abs(colour.blue() - expected.blue()) < 30


def test_a_neuron_that_vanished_with_a_dims_change_falls_back_to_the_output(qtbot, plot):
    three = snapshot_of(net_of((2, 3, 1), [[[1, 1], [1, 1], [1, 1]], [[1, 1, 1]]], [[0] * 3, [0]]))
    plot.set_snapshot(looking_at(three, neuron=(1, 2)))
    plot.show_neuron((1, 2))
    assert plot.bar.getAxis("left").labelText == "a(1)_2"
    plot.set_snapshot(snapshot_of(net_of(*XOR_NET)))  # dims 2, 2, 1: there is no h(1)_2
    assert plot.neuron is None and plot.plotItem.titleLabel.text == "output ŷ"
    assert plot.bar.getAxis("left").labelText == "ŷ"


def test_values_that_are_not_numbers_are_left_blank_and_named_in_words(qtbot, plot):
    snap = snapshot_of(net_of((2, 2, 1), [[[np.nan, 1], [1, 1]], [[1, 1]]], [[0, 0], [0]]))
    plot.set_snapshot(snap)
    assert np.isnan(snap.grid.values).all() and np.isnan(plot.image.image).all()
    assert plot.plotItem.titleLabel.text == "ŷ is not a number: training diverged"
    pos, _, _ = pointer_at(qtbot, plot, 0.5, 0.5)
    qtbot.mouseMove(plot.viewport(), pos)
    qtbot.waitUntil(lambda: plot.readout != "")
    assert "not a number, training diverged" in plot.readout


@pytest.mark.parametrize("w", [1e308, -1e308, 1e150])
def test_huge_weights_give_a_finite_scale_and_no_error(qtbot, plot, w):
    # a linear hidden neuron reaches ±1e308 or overflows to ±inf on part of the plane
    snap = snapshot_of(net_of((2, 2, 1), [[[w, w], [1, 1]], [[1, 1]]], [[0, 0], [0]], ("linear", "sigmoid")))
    plot.set_snapshot(looking_at(snap, neuron=(1, 0)))
    plot.show_neuron((1, 0))
    lo, hi = plot.bar.levels()
    assert np.isfinite([lo, hi]).all() and lo < hi
    values = plot.image.image
    assert np.isnan(values).any() == (not np.isfinite(activations_at(snap, np.array([[1.5, 1.5]]))[1]).all())
    qtbot.wait(20)  # painted without an error


def test_a_single_sample_and_a_network_without_a_grid_are_drawn_without_error(qtbot, plot):
    one = Dataset("one", np.array([[0.25, 0.75]]), np.array([[1.0]]))
    snap = snapshot_of(net_of(*XOR_NET), one)
    plot.set_snapshot(snap)
    assert snap.grid.x_range == (-0.25, 0.75) and len(plot.points.pos) == 1
    plot.set_snapshot(dataclasses.replace(snap, grid=None))
    assert plot.plotItem.titleLabel.text.startswith("no map") and plot.image.image is None
    qtbot.mouseMove(plot.viewport(), plot.viewport().rect().center())
    assert plot.readout == ""


def test_the_map_in_the_window_survives_a_dims_edit_under_a_hovered_neuron(qtbot, window):
    edit = window.controls.dims_edit
    edit.setText("2, 3, 1")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.dims == (2, 3, 1))
    window.boundary_plot.show_neuron((1, 2))  # as hovering h(1)_2 on the graph does
    edit.setText("2, 2, 1")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.dims == (2, 2, 1))
    qtbot.waitUntil(lambda: window.boundary_plot.snapshot.generation == window.snapshot.generation)
    assert window.boundary_plot.neuron is None and window.boundary_plot.plotItem.titleLabel.text == "output ŷ"


def test_misclassified_points_are_ringed_red_and_the_rings_follow_a_new_snapshot(qtbot, plot):
    snap = snapshot_of(net_of(*XOR_NET))

    def with_wrong(mask):
        return dataclasses.replace(snap, derived=dataclasses.replace(snap.derived, wrong=np.array(mask)))

    def reds(shown_snap):
        plot.set_snapshot(shown_snap)
        qtbot.wait(50)
        image = plot.grab().toImage()
        out = []
        for x, y in shown_snap.data.X:
            pos = plot.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x, y)))
            colours = [QColor(image.pixel(pos.x() + dx, pos.y())) for dx in (-4, -3, 3, 4)]
            out.append(any(c.red() > 180 and c.green() < 80 and c.blue() < 80 for c in colours))
        return out

    assert reds(with_wrong([True, False, False, True])) == [True, False, False, True]
    assert reds(with_wrong([False, True, True, False])) == [False, True, True, False]
    assert reds(with_wrong([False] * 4)) == [False] * 4
