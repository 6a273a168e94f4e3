"""The views that list every sample (truth table, sample lists): refreshed by each snapshot, rebuilt only with new data.

And targets that are values, not classes (0.01 and 0.99, 3.7): the views
speak of |ŷ − y| and the cost, never of right, wrong or misclassified.
"""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from tests.qt.conftest import wait_for
from tests.qt.person import choose
from tests.qt.test_data_editor import type_cell
from xorgui.core.model.notation import num


def click_tab(qtbot, window, widget):
    bar, page = window.tabs.tabBar(), widget
    while window.tabs.indexOf(page) < 0:  # the tab's page holds the widget
        page = page.parentWidget()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(page)).center())
    qtbot.waitUntil(widget.isVisible)


def click_step(qtbot, window):
    button = window.findChild(QToolBar).widgetForAction(window.action_step)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def count_rebuilds(signals):
    """Count each signal's emissions: a model reset, or the rows of a list removed all at once."""
    counts = [0] * len(signals)
    for k, signal in enumerate(signals):
        signal.connect(lambda *_, k=k: counts.__setitem__(k, counts[k] + 1))
    return counts


def test_a_step_refreshes_the_sample_views_and_only_new_data_rebuild_them(qtbot, window):
    click_tab(qtbot, window, window.logic_panel)
    table = window.logic_panel.table
    boxes = (window.sample_box, window.inspector.sample_box)
    rebuilds = count_rebuilds([table.model().modelReset, *(box.model().rowsRemoved for box in boxes)])
    before = window.snapshot
    click_step(qtbot, window)
    snap = wait_for(qtbot, window, lambda s: s.epoch == before.epoch + 1)
    qtbot.waitUntil(lambda: table.samples.text(0, 3) == num(snap.a[-1][0, 0]))
    assert snap.a[-1][0, 0] != before.a[-1][0, 0] and rebuilds == [0, 0, 0]  # the same data: values only
    choose(qtbot, window.controls.data_box, "and")
    snap = wait_for(qtbot, window, lambda s: s.setup.dataset == "and")
    qtbot.waitUntil(lambda: table.samples.text(3, 2) == "1")
    assert rebuilds == [1, 1, 1] and window.sample_box.count() == len(snap.data.X) + 1
    click_step(qtbot, window)
    wait_for(qtbot, window, lambda s: s.setup.dataset == "and" and s.epoch == 1)
    qtbot.wait(50)
    assert rebuilds == [1, 1, 1]


def test_value_targets_typed_in_read_as_errors_and_cost_not_as_right_or_wrong(qtbot, window):
    click_tab(qtbot, window, window.data_editor)
    editor = window.data_editor
    for row, value in enumerate(("0.01", "0.99", "0.99", "3.7")):
        type_cell(qtbot, editor.table, row, 2, value)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    snap = wait_for(qtbot, window, lambda s: s.setup.dataset == "custom")
    assert snap.data.Y[:, 0].tolist() == [0.01, 0.99, 0.99, 3.7] and not snap.derived.wrong.any()
    click_tab(qtbot, window, window.logic_panel)
    table = window.logic_panel.table
    header = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert header[-1] == "|ŷ − y|" and "not classes" in table.model().headerData(5, Qt.Orientation.Horizontal,
                                                                                  Qt.ItemDataRole.ToolTipRole)
    errors = np.abs(snap.a[-1][:, 0] - np.array([0.01, 0.99, 0.99, 3.7]))
    assert [table.samples.text(r, 5) for r in range(4)] == [num(e) for e in errors]
    status = window.status_label.text()
    assert "misclassified" not in status and f"largest |ŷ − y| {num(errors.max(), 4)}" in status
    assert not window.loss_plot.rate_curve.isVisible()
    choose(qtbot, window.controls.data_box, "xor")  # classes again: right and wrong come back
    wait_for(qtbot, window, lambda s: s.setup.dataset == "xor")
    qtbot.waitUntil(lambda: table.model().headerData(5, Qt.Orientation.Horizontal) == "result")
    assert table.samples.text(0, 5) in ("right", "wrong") and "misclassified" in window.status_label.text()
    assert window.loss_plot.rate_curve.isVisible()


def test_a_hidden_boundary_map_waits_while_training_and_shows_the_latest_when_its_tab_is_clicked(qtbot, window):
    click_tab(qtbot, window, window.logic_panel)
    plot = window.boundary_plot
    shown = plot.snapshot
    play = window.findChild(QToolBar).widgetForAction(window.action_play)
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda s: s.epoch > 50)
    assert plot.snapshot is shown  # nothing drawn while its tab is hidden
    click_tab(qtbot, window, plot)
    assert plot.snapshot.epoch > 50  # drawn as its tab shows, then it follows
    epoch = window.snapshot.epoch
    qtbot.waitUntil(lambda: plot.snapshot.epoch > epoch)
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)  # pause
    qtbot.waitUntil(lambda: not window.controller.running)
    click_tab(qtbot, window, window.logic_panel)
    click_step(qtbot, window)  # paused, the map follows even hidden (an export shows the present)
    wait_for(qtbot, window, lambda s: plot.snapshot is s and s.epoch > epoch)
