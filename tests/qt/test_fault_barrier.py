"""A view that raises while it updates is reported once, and the other views go on updating."""

from PySide6.QtCore import Qt

from tests.qt.conftest import wait_for


def test_a_view_that_raises_is_reported_once_and_the_others_still_update(qtbot, window, monkeypatch, capsys):
    calls = []

    def broken(snap):
        calls.append(snap.epoch)
        raise RuntimeError("the boundary is broken")

    monkeypatch.setattr(window.boundary_plot, "set_snapshot", broken)
    with qtbot.capture_exceptions() as caught:
        for k in (1, 2, 3):
            qtbot.keyClick(window.network_view, Qt.Key.Key_Right)  # Step, as a person presses it
            snap = wait_for(qtbot, window, lambda s, k=k: s.epoch == k)
            qtbot.waitUntil(lambda k=k: window.status_label.text().startswith(f"epoch {k} "))
    assert len(calls) >= 3  # it was asked every time
    assert len(caught) == 1 and "the boundary is broken" in str(caught[0][1])  # reported once
    assert "decision boundary could not be updated" in window.statusBar().currentMessage()
    assert window.inspector.snapshot is snap and window.network_view.snapshot is snap
    qtbot.waitUntil(lambda: window.loss_plot.point_count == 3)
    assert window.timeline.latest == 3
