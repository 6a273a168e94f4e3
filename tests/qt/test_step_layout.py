"""The step-through's bar and the exercise dialog on a projector and a monitor: they fit and cut no text."""

import pytest
from PySide6.QtCore import Qt

from tests.qt.test_layout import cut_texts, fits, placed, screen, screen_named, small_panes, type_dims  # noqa: F401

DIMS = ("2,2,1", "2,100,100,100,2")


@pytest.mark.parametrize("dims", DIMS)
def test_the_step_bar_fits_beside_a_useful_graph_whatever_the_network(qtbot, placed, screen, dims):  # noqa: F811
    type_dims(qtbot, placed, dims)
    placed.network_view.setFocus()
    qtbot.keyClick(placed.network_view, Qt.Key.Key_T)
    link = placed.step_link
    qtbot.waitUntil(lambda: link.part is not None)
    for _ in range(3):  # the cost's title, the longest
        qtbot.keyClick(placed.network_view, Qt.Key.Key_Period)
    qtbot.wait(200)
    bar = placed.step_bar
    assert fits(placed, screen) and bar.isVisible()
    problems = small_panes(placed) + cut_texts(bar)
    assert not problems, f"{dims} on {screen.name()}: " + "; ".join(problems)
    for button in (bar.previous, bar.next, bar.play, bar.end, bar.close_button):
        assert bar.rect().contains(button.geometry()), button.objectName()


def test_the_exercise_dialog_fits_the_projector_and_cuts_no_text(qtbot, window):
    projector = screen_named("1280x720")
    window.network_view.setFocus()
    qtbot.keyClick(window.network_view, Qt.Key.Key_X)
    dialog = window.menus.exercise
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.quantity is not None)
    assert projector.availableGeometry().contains(dialog.frameGeometry())
    assert not cut_texts(dialog)
    dialog.close()
