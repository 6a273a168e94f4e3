"""The truth-table panel: columns that fit, numbers checked by hand, words for values that are not numbers."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from tests.qt.conftest import wait_for
from tests.qt.views import XOR_NET, activations_at, net_of, shown, snapshot_of
from xorgui.core.explanation.logic import NOT_A_NUMBER
from xorgui.core.model.data import CORNERS
from xorgui.core.model.notation import num
from xorgui.core.session.derived import network_verdict
from xorgui.qt.panels import LogicPanel


@pytest.fixture
def panel(qtbot):
    return shown(qtbot, LogicPanel())


def cell(table, row, col, role=Qt.ItemDataRole.DisplayRole):
    """What a cell of either table (a QTableWidget or a model/view table) holds in ``role``."""
    return table.model().index(row, col).data(role)


def cells(table, row):
    return [cell(table, row, c) for c in range(table.columnCount())]


def headers(table):
    return [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(table.columnCount())]


def fits(table, row, col):
    """Whether the cell's text is shown whole: its width, with the cell's padding, within the column."""
    text = cell(table, row, col)
    return table.fontMetrics().horizontalAdvance(text) + 6 <= table.columnWidth(col)


def test_every_sample_is_shown_with_values_computed_apart(qtbot, panel):
    snap = snapshot_of(net_of((2, 3, 1), [[[0.3, -1.2], [2.0, 0.7], [-0.4, 0.9]], [[1.5, -2.0, 0.8]]],
                              [[0.1, -0.3, 0.2], [0.05]]))
    panel.set_snapshot(snap)
    yhat = activations_at(snap, snap.data.X)[-1][:, 0]
    cost = 0.5 * (yhat - snap.data.Y[:, 0]) ** 2  # half-SSE of each sample
    assert headers(panel.table) == ["x_0", "x_1", "y", "ŷ", "C", "result"]
    for r, (x, y) in enumerate(zip(snap.data.X, snap.data.Y)):
        wrong = (yhat[r] >= 0.5) != (y[0] >= 0.5)
        assert cells(panel.table, r) == [num(x[0]), num(x[1]), num(y[0]), num(yhat[r]), num(cost[r]),
                                         "wrong" if wrong else "right"]


def test_each_neuron_is_named_with_its_margin_and_outputs_on_the_corners(qtbot, panel):
    snap = snapshot_of(net_of(*XOR_NET))
    panel.set_snapshot(snap)
    a = activations_at(snap, CORNERS)
    units = panel.units
    assert headers(units) == ["neuron", "computes", "margin", "outputs"]
    for row, (n, i, name) in enumerate([(1, 0, "AND"), (1, 1, "OR"), (2, 0, "XOR")]):
        outputs = a[n][:, i]
        label = f"h(1)_{i}" if n == 1 else "ŷ_0"
        assert cells(units, row) == [label, name, f"±{np.min(np.abs(outputs - 0.5)):.2g}",
                                     ", ".join(f"{v:.2g}" for v in outputs)]
    # weights of ±20 saturate every neuron (|z| ≥ 10 on every corner): the diagnostics say so, the verdict
    # does not (every sample is right)
    assert panel.findings.text().count("⚠") == 3 and not panel.verdict_area.isVisibleTo(panel)


@pytest.mark.parametrize("width", [330, 290, 200])
def test_every_column_is_headed_and_sized_to_its_content(qtbot, panel, width):
    panel.resize(width, 260)
    panel.set_snapshot(snapshot_of(net_of(*XOR_NET)))
    qtbot.wait(20)
    for table in (panel.table, panel.units):
        assert all(headers(table))
        for c in range(table.columnCount()):
            header = table.horizontalHeader()
            assert header.sectionSizeFromContents(c).width() <= table.columnWidth(c)
            assert all(fits(table, r, c) for r in range(table.rowCount()))
    # at 330 px every column of the samples is in view with 8 digits; at 290 (a projector's pane) with
    # fewer, the tooltip giving them all; narrower than 4 digits can fit, a scroll bar reaches the columns
    table, scroll = panel.table, panel.table.horizontalScrollBar()
    digits = table.samples.digits
    assert {330: digits == 8, 290: 4 < digits < 8, 200: digits == 4}[width] and (scroll.maximum() == 0) == (width > 200)
    y_hat = snapshot_of(net_of(*XOR_NET)).a[-1][0, 0]
    assert cell(table, 0, 3) == num(y_hat, digits)
    assert cell(table, 0, 3, Qt.ItemDataRole.ToolTipRole) == ("" if digits == 8 else f"ŷ = {num(y_hat)}")
    panel.resize(330, 260)  # room again: the digits come back
    qtbot.waitUntil(lambda: table.samples.digits == 8 and cell(table, 0, 3) == num(y_hat))


def test_a_diverged_network_is_described_in_words_not_as_numbers(qtbot, panel):
    snap = snapshot_of(net_of((2, 2, 1), [[[np.nan, 1], [1, 1]], [[1, 1]]], [[0, 0], [0]]))
    panel.set_snapshot(snap)
    table, tip = panel.table, Qt.ItemDataRole.ToolTipRole
    assert cell(table, 0, 3) == num(np.nan) and cell(table, 0, 3, tip) == NOT_A_NUMBER
    assert QBrush(cell(table, 0, 3, Qt.ItemDataRole.ForegroundRole)).color().red() > 150
    assert cell(table, 0, 0, tip) == ""
    assert cells(panel.units, 0)[1] == NOT_A_NUMBER and cells(panel.units, 0)[2] == ""
    assert panel.verdict_area.isVisibleTo(panel) and panel.verdict.text().startswith("Training diverged")
    panel.set_snapshot(snapshot_of(net_of(*XOR_NET)))  # back to numbers: the marks go too
    assert cell(panel.table, 0, 3, tip) == "" and not panel.verdict_area.isVisibleTo(panel)


def test_the_panel_asks_for_little_height_whatever_the_network(qtbot, panel):
    small = panel.minimumSizeHint().height()
    dims = (2, 64, 64, 2)
    rng = np.random.default_rng(0)
    weights = [rng.normal(0, 20, (dims[n], dims[n - 1])) for n in range(1, 4)]  # saturated: many findings
    snap = snapshot_of(net_of(dims, weights, [np.zeros(k) for k in dims[1:]], ("sigmoid",) * 3))
    panel.set_snapshot(snap)
    assert panel.units.rowCount() == 130 and panel.findings.text().count("⚠") > 20
    assert panel.minimumSizeHint().height() <= small + 40 <= 200  # the verdict may add a line or two
    qtbot.wait(20)
    assert panel.units.verticalScrollBar().maximum() > 0  # the rows scroll instead
    assert panel.findings_area.verticalScrollBar().maximum() > 0


def click_tab(qtbot, tabs, widget):
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(widget)).center())
    assert tabs.currentWidget() is widget


def test_a_wide_network_with_the_table_open_keeps_the_window_and_the_graph(qtbot, window):
    window.resize(1280, 720)
    click_tab(qtbot, window.tabs, window.logic_panel)
    before = window.minimumSizeHint().height()
    graph_height = window.network_view.height()
    edit = window.controls.dims_edit
    edit.setText("2, 64, 64, 2")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.dims == (2, 64, 64, 2))
    qtbot.waitUntil(lambda: window.logic_panel.units.rowCount() == 130)
    qtbot.wait(50)
    # the panel's parts scroll: at most a line of verdict is added to what the window asks
    assert window.minimumSizeHint().height() <= before + 30 and window.height() == 720
    assert window.network_view.height() >= graph_height - 10
    assert window.logic_panel.height() <= window.tabs.height()


def test_a_run_stalled_by_a_huge_learning_rate_gets_a_verdict_in_the_table(qtbot, window):
    click_tab(qtbot, window.tabs, window.logic_panel)
    lr = window.controls.lr_edit
    lr.setText("1e6")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    for _ in range(3):
        with qtbot.waitSignal(window.controller.snapshotChanged):
            window.action_step.trigger()
    snap = wait_for(qtbot, window, lambda s: s.epoch == 3)
    expected = network_verdict(snap)
    assert "lower η, then Reset" in expected
    qtbot.waitUntil(lambda: window.logic_panel.verdict.text() == expected)
    assert window.logic_panel.verdict_area.isVisible()


def test_a_run_stalled_by_a_huge_learning_rate_says_so_over_the_graph_and_reset_helps(qtbot, window):
    lr = window.controls.lr_edit
    lr.setText("1e6")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    for _ in range(3):
        qtbot.keyClick(window.network_view, Qt.Key.Key_Right)
    snap = wait_for(qtbot, window, lambda s: s.epoch == 3)
    qtbot.waitUntil(lambda: window.banner.isVisible() and window.banner.kind == "stuck")
    assert window.banner_text.text() == network_verdict(snap) and window.banner.button.text() == "Reset"
    gen = snap.generation
    qtbot.mouseClick(window.banner.button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda s: s.generation > gen and s.epoch == 0)
    qtbot.waitUntil(lambda: not window.banner.isVisible())


def darkest_pixel(widget):
    """Return the (r, g, b) of the darkest pixel the widget paints: the colour of its text."""
    image = widget.grab().toImage()
    colours = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    c = min(colours, key=lambda c: c.red() + c.green() + c.blue())
    return c.red(), c.green(), c.blue()


def test_the_all_clear_of_the_diagnostics_is_written_plainly_and_a_finding_as_a_warning(qtbot, panel):
    calm = snapshot_of(net_of((2, 2, 1), [np.array([[0.5, -0.5], [0.3, 0.2]]), np.array([[0.4, -0.6]])],
                              [np.array([0.1, -0.1]), np.array([0.2])]))
    panel.set_snapshot(calm)
    assert panel.findings.text() == "No saturated or dead neurons."
    qtbot.wait(20)
    r, g, b = darkest_pixel(panel.findings)
    assert abs(r - b) < 40, f"the all-clear is drawn in a warning's colour {(r, g, b)}"
    panel.set_snapshot(snapshot_of(net_of(*XOR_NET)))  # weights of ±20: every neuron saturated
    assert panel.findings.text().startswith("⚠")
    qtbot.wait(20)
    r, g, b = darkest_pixel(panel.findings)
    assert r - b > 60, f"a finding is drawn without the warning's colour {(r, g, b)}"
