"""Points on the boundary map: a click adds one of the picked class, a right-click deletes the nearest."""

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QToolTip

from tests.qt.conftest import wait_for
from tests.qt.person import choose


def at(plot, x, y):
    """The widget pixel of the plane's point (x, y)."""
    return plot.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x, y)))


def test_a_click_adds_a_point_of_the_picked_class_and_a_right_click_deletes_the_nearest(qtbot, window):
    plot = window.boundary_plot
    qtbot.waitUntil(lambda: plot.snapshot is not None)
    choose(qtbot, plot.editor.class_box, "class 1")
    gen = window.snapshot.generation
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, 0.5, 0.5))
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.setup.dataset == "custom" and len(snap.data.X) == 5 and snap.data.Y[-1].tolist() == [1.0]
    assert np.allclose(snap.data.X[-1], [0.5, 0.5], atol=0.05)  # within a pixel or so
    assert snap.data.X[-1].tolist() == [round(v, 2) for v in snap.data.X[-1]]  # to the map's resolution (0.03)
    assert window.data_editor.model.rowCount() == 5  # the editor follows
    qtbot.waitUntil(lambda: plot.snapshot is snap)
    gen = snap.generation
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=at(plot, 0.02, 0.98))  # near (0, 1)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert len(snap.data.X) == 4 and [0.0, 1.0] not in snap.data.X.tolist()


def test_a_right_click_far_from_every_point_deletes_nothing(qtbot, window):
    plot = window.boundary_plot
    qtbot.waitUntil(lambda: plot.snapshot is not None)
    with qtbot.assertNotEmitted(plot.dataRequested):
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=at(plot, 0.5, 0.5))
    assert window.snapshot.setup.dataset == "xor"


def drag(qtbot, widget, start, end, steps=4):
    """Press the left button at ``start``, move in steps to ``end`` and let go, as a hand does."""
    qtbot.mouseMove(widget, start)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, steps + 1):
        qtbot.mouseMove(widget, start + (end - start) * k / steps)
        qtbot.wait(20)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def settled_plot(qtbot, window):
    plot = window.boundary_plot
    qtbot.waitUntil(lambda: plot.snapshot is window.snapshot)
    qtbot.wait(50)
    plot.grab()  # the view fits its range when it paints
    return plot


def test_a_drag_from_a_point_moves_that_point_and_keeps_its_class(qtbot, window):
    plot = settled_plot(qtbot, window)
    gen, view_range = window.snapshot.generation, plot.getViewBox().viewRange()
    drag(qtbot, plot.viewport(), at(plot, 1.0, 0.0), at(plot, 0.7, 0.3))  # sample 2 of xor: (1, 0) → 1
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.setup.dataset == "custom" and len(snap.data.X) == 4
    assert np.allclose(snap.data.X[2], [0.7, 0.3], atol=0.05) and snap.data.Y[2].tolist() == [1.0]
    assert snap.data.X[[0, 1, 3]].tolist() == [[0.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    assert plot.editor.picked == 2
    # a drag that starts off every point pans the view and changes no data
    plot = settled_plot(qtbot, window)
    gen, view_range = snap.generation, plot.getViewBox().viewRange()
    with qtbot.assertNotEmitted(plot.dataRequested):
        drag(qtbot, plot.viewport(), at(plot, 0.5, 0.5), at(plot, 0.2, 0.5))
    assert plot.getViewBox().viewRange()[0] != view_range[0]


def test_a_click_on_a_point_picks_it_delete_removes_it_and_escape_lets_go(qtbot, window):
    plot = settled_plot(qtbot, window)
    gen = window.snapshot.generation
    with qtbot.assertNotEmitted(plot.dataRequested):  # a click on a point adds none
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, 0.0, 1.0))
    assert plot.editor.picked == 1 and len(plot.editor.ring.data) == 1 and plot.hasFocus()
    qtbot.keyClick(plot, Qt.Key.Key_Escape)
    assert plot.editor.picked is None and len(plot.editor.ring.data) == 0
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, 1.0, 1.0))
    assert plot.editor.picked == 3
    qtbot.keyClick(plot, Qt.Key.Key_Delete)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.data.X.tolist() == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0]] and snap.data.Y.ravel().tolist() == [0, 1, 1]
    assert plot.editor.picked is None


def test_the_readout_stays_while_the_pointer_rests_past_qts_own_tooltip_delay(qtbot, window):
    plot = settled_plot(qtbot, window)
    qtbot.mouseMove(plot.viewport(), at(plot, 0.3, 0.7))
    qtbot.mouseMove(plot.viewport(), at(plot, 0.31, 0.7))
    qtbot.waitUntil(lambda: plot.readout != "" and QToolTip.isVisible())
    # Qt asks the widget under a resting pointer for its own tooltip after about 0.7 s: the scene has none
    qtbot.wait(2500)
    assert QToolTip.isVisible() and QToolTip.text() == plot.readout
