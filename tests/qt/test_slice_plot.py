"""The loss slice: a sentence instead of stale axes, a heading that fits, a legend, the 2-D map's colour bar."""

import dataclasses

import numpy as np
import pytest
from pyqtgraph import LegendItem
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.core.oracle import fd_gradient
from tests.qt.conftest import wait_for
from tests.qt.views import activations_at, looking_at, net_of, shown, snapshot_of
from xorgui.core.explanation.fdcheck import theta_index
from xorgui.core.explanation.lossslice import loss_surface
from xorgui.core.model.notation import num
from xorgui.core.model.params import parse_param
from xorgui.qt.exporting import widget_png, widget_svg
from xorgui.qt.scales import CMAP
from xorgui.qt.slice_plot import SELECT, SlicePlot

NET = ((2, 2, 1), [[[0.3, -1.2], [2.0, 0.7]], [[1.5, -2.0]]], [[0.1, -0.3], [0.05]])


@pytest.fixture
def plot(qtbot):
    return shown(qtbot, SlicePlot())


def legend_names(plot_widget):
    legend = next(i for i in plot_widget.scene().items() if isinstance(i, LegendItem))
    return [label.text for _, label in legend.items]


def half_sse(snap, w):
    """The batch cost (mean of ½(ŷ − y)²) with w(2)_00 set to ``w``, from a forward pass written here."""
    weights = [None] + [np.array(m, dtype=float) for m in snap.weights[1:]]
    weights[2][0, 0] = w
    yhat = activations_at(dataclasses.replace(snap, weights=tuple(weights)), snap.data.X)[-1]
    return float(np.mean(0.5 * (yhat - snap.data.Y) ** 2))


def test_the_heading_states_the_slope_and_the_next_step_checked_apart(qtbot, plot):
    snap = snapshot_of(net_of(*NET), lr=0.5)
    plot.set_selection(looking_at(snap, "w:2:0:0"), "w:2:0:0")
    g = snap.dC_dW[2][0, 0]
    net = snap.network()
    assert g == pytest.approx(fd_gradient(net, snap.data.X, snap.data.Y, theta_index(net, parse_param("w:2:0:0"))),
                              rel=1e-7)
    step_cost = half_sse(snap, snap.weights[2][0, 0] - 0.5 * g)
    assert step_cost < snap.loss
    assert plot.heading.text() == (f"C along w(2)_00, every other parameter fixed; slope ∂C/∂w(2)_00 = {num(g)}: "
                                   f"the next step descends (C falls to {num(step_cost)})")
    assert plot.stack.currentWidget() is plot.line_plot
    x, y = plot.curve.getData()
    assert y[40] == pytest.approx(half_sse(snap, x[40]), rel=1e-12)
    assert legend_names(plot.line_plot) == ["cost C", "tangent", "current value", "next step"]


@pytest.mark.parametrize("width", [330, 270])
def test_the_heading_wraps_within_the_width_instead_of_being_cut(qtbot, plot, width):
    plot.resize(width, 260)
    overshooting = snapshot_of(net_of(*NET), lr=100.0)  # the longest heading: the step overshoots
    plot.set_selection(looking_at(overshooting, "w:2:0:1"), "w:2:0:1")
    qtbot.wait(20)
    heading = plot.heading
    assert "overshoots" in heading.text() and heading.width() <= width
    assert heading.height() >= heading.heightForWidth(heading.width())  # every wrapped line has its room
    assert plot.line_plot.height() > 120  # the plot keeps most of the panel


def test_nothing_selected_or_a_sum_shows_a_sentence_and_exports_no_stale_axes(qtbot, plot):
    snap = snapshot_of(net_of(*NET))
    plot.set_selection(looking_at(snap, "b:2:0"), "b:2:0")
    assert plot.stack.currentWidget() is plot.line_plot
    plot.set_selection(looking_at(snap, ""), "")
    assert plot.stack.currentWidget() is plot.placeholder and plot.placeholder.text() == SELECT
    assert not plot.line_plot.isVisible() and not plot.heading.isVisible() and plot.slice is None
    svg = widget_svg(plot).decode()
    assert "Select a weight or bias" in svg and "b(2)_0" not in svg and "cost C" not in svg
    plot.set_selection(looking_at(snap, "z:1:0"), "z:1:0")
    assert plot.placeholder.text().startswith("z(1)_0 is a weighted sum, not a parameter")
    plot.set_selection(looking_at(snap, "w:2:0:7"), "w:2:0:7")  # gone with a dims change
    assert plot.placeholder.text().startswith("w:2:0:7 is not in this network (dims 2, 2, 1)")


@pytest.mark.parametrize("w", [1e308, 1e17, -1e300, np.nan])
def test_a_huge_or_broken_weight_gives_a_sentence_or_a_finite_plot(qtbot, plot, w):
    weights = [np.array(m, dtype=float) for m in NET[1]]
    weights[0][0, 0] = w  # w(1)_00
    snap = snapshot_of(net_of(NET[0], weights, NET[2]))
    plot.set_selection(looking_at(snap, "w:1:0:0"), "w:1:0:0")
    qtbot.wait(20)  # painted without an error
    if abs(w) <= 1e300:
        assert plot.stack.currentWidget() is plot.line_plot
        (x0, x1), _ = plot.line_plot.getViewBox().viewRange()
        assert np.isfinite([x0, x1]).all() and x0 < w < x1
    else:
        assert plot.stack.currentWidget() is plot.placeholder
        expected = "not a finite number" if np.isnan(w) else "too large to draw"
        assert expected in plot.placeholder.text() and num(w) in plot.placeholder.text()


def test_the_cost_map_has_its_colour_bar_and_the_path_inside_the_axes(qtbot, plot):
    snap = snapshot_of(net_of(*NET), epochs=0)
    rx, ry = parse_param("w:2:0:0"), parse_param("w:2:0:1")
    path = np.array([[k, 1.5 - 0.2 * k, -2.0 + 0.3 * k] for k in range(8)])
    surface = loss_surface(snap.network(), snap.data, rx, ry, path)
    plot.set_surface(surface)
    qtbot.wait(20)
    log = np.log10(surface.costs)
    assert plot.bar.levels() == pytest.approx((log.min(), log.max()))
    assert plot.bar.getAxis("left").labelText == "log₁₀ C" and plot.bar.scene() is plot.map_plot.scene()
    (x0, x1), (y0, y1) = plot.map_plot.getViewBox().viewRange()
    xs, ys = plot.path_curve.getData()
    assert x0 <= xs.min() and xs.max() <= x1 and y0 <= ys.min() and ys.max() <= y1
    assert legend_names(plot.map_plot) == ["path training took", "current value"]
    assert "path training took" in plot.heading.text()


def test_a_cost_map_that_is_not_a_number_anywhere_says_so(qtbot, plot):
    snap = snapshot_of(net_of(*NET))
    surface = loss_surface(snap.network(), snap.data, parse_param("w:2:0:0"), parse_param("w:2:0:1"),
                           np.zeros((0, 3)))
    broken = type(surface)(surface.params, surface.xs, surface.ys, np.full_like(surface.costs, np.nan),
                           surface.path, surface.current)
    plot.set_surface(broken)
    assert plot.stack.currentWidget() is plot.placeholder and "not a number anywhere" in plot.placeholder.text()


def test_a_weight_of_1e308_typed_in_the_window_gives_a_sentence_on_every_snapshot(qtbot, window):
    window.tabs.setCurrentWidget(window.slice_plot)
    view = window.network_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.anchor("w:2:0:1"))
    assert view.selected.name == "w:2:0:1"
    qtbot.waitUntil(lambda: window.slice_plot.stack.currentWidget() is window.slice_plot.line_plot)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.anchor("w:2:0:1"))
    editor = window.value_editor
    qtbot.waitUntil(editor.isVisible)
    editor.selectAll()
    qtbot.keyClicks(editor, "1e308")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.weights[2][0, 1] == 1e308)
    for _ in range(3):  # each snapshot draws the slice again
        with qtbot.waitSignal(window.controller.snapshotChanged):
            window.action_step.trigger()
    slice_plot = window.slice_plot
    qtbot.waitUntil(lambda: "too large to draw" in slice_plot.placeholder.text())
    assert slice_plot.stack.currentWidget() is slice_plot.placeholder


def test_contours_follow_the_map_not_its_transpose(qtbot, plot):
    snap = snapshot_of(net_of(*NET))
    surface = loss_surface(snap.network(), snap.data, parse_param("w:2:0:0"), parse_param("w:2:0:1"),
                           np.zeros((0, 3)))
    xs, ys = surface.xs, surface.ys
    along_x = np.broadcast_to(np.exp(xs - xs[0]), (len(ys), len(xs)))  # C grows with x only: contours are upright
    plot.set_surface(dataclasses.replace(surface, costs=np.array(along_x)))
    step = xs[1] - xs[0]
    for iso in plot.isos:
        box = iso.mapRectToParent(iso.boundingRect())
        assert box.width() < step and box.height() == pytest.approx(ys[-1] - ys[0], rel=0.05)


def test_the_exported_cost_map_carries_its_heading_colour_bar_and_legend(qtbot, plot):
    snap = snapshot_of(net_of(*NET))
    plot.set_surface(loss_surface(snap.network(), snap.data, parse_param("w:2:0:0"), parse_param("b:2:0"),
                                  np.zeros((0, 3))))
    qtbot.wait(20)
    image = QImage.fromData(widget_png(plot))
    assert image.width() == plot.width()
    bar = plot.map_plot.mapFromScene(plot.bar.bar.sceneBoundingRect()).boundingRect()
    bar.translate(plot.map_plot.mapTo(plot, plot.map_plot.rect().topLeft()))
    for y, share in ((bar.top() + 3, 1.0), (bar.bottom() - 3, 0.0)):
        colour, expected = image.pixelColor(bar.center().x(), y), CMAP.map([share], mode="byte")[0]
        assert abs(colour.red() - expected[0]) + abs(colour.blue() - expected[2]) < 30
    svg = widget_svg(plot).decode()
    assert "log₁₀ C over" in svg and "path training took" in svg  # the heading and the legend
